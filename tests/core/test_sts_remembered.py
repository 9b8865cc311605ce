"""What a remembering simulator (the scenario runner's) keeps across sessions decides exactly
as one that recomputes everything on every call (EV-16: permissions come from the world at
each request): a caller's policies shared by its sessions, identity plans shared by callers
with the same policies, all dropped when the world changes."""

from __future__ import annotations

from test_sts_support import B, WorldBuilder, allow, deny, trusting

from rolesim.core.clock import Clock
from rolesim.core.sts.simulator import Simulator

CALLS = [("s3:GetObject", "arn:aws:s3:::data/k"), ("s3:PutObject", "arn:aws:s3:::data/k"),
         ("ec2:StartInstances", "*"), ("s3:GetObject", "arn:aws:s3:::other/k")]


def _world() -> tuple[WorldBuilder, str, str, str, str]:
    wb = WorldBuilder()
    read = wb.policy("Read", allow("s3:Get*", "arn:aws:s3:::data/*"))
    no_put = wb.policy("NoPut", deny("s3:PutObject"))
    alice = wb.user("alice", policies=[read, no_put])
    bob = wb.user("bob", policies=[read, no_put])
    carol = wb.user("carol", inline={"read": allow("s3:Get*", "arn:aws:s3:::data/*")})
    role = wb.role("R", {}, policies=[read])
    wb.set_trust(role, trusting({"AWS": alice}))
    return wb, alice, bob, carol, role


def _seen(sim: Simulator) -> list[tuple[object, ...]]:
    out = []
    for action, resource in CALLS:
        result = sim.call(action, resource)
        decision = result.decision
        assert decision is not None
        out.append((result.outcome, result.message, decision.reason, decision.deciding,
                    tuple(decision.explain(full=True))))
    return out


def test_ev16_a_callers_sessions_share_its_policies_until_the_world_changes() -> None:
    wb, alice, _, _, _ = _world()
    sim = Simulator(wb.world, Clock(), remember=True)
    fresh = Simulator(wb.world, Clock())
    sim.sign_in(alice)
    fresh.sign_in(alice)
    assert _seen(sim) == _seen(fresh)
    first = sim._by_session[id(sim.stack[-1])].policies
    sim.sign_in(alice)  # the same user signs in again: a new session, the same policies
    assert _seen(sim) == _seen(fresh)
    assert sim._by_session[id(sim.stack[-1])].policies is first
    sim.attach_policy(alice, wb.policy("Put", allow("s3:PutObject")))  # the world changes
    fresh.sign_in(alice)
    sim.sign_in(alice)
    after = _seen(sim)
    assert sim._by_session[id(sim.stack[-1])].policies is not first
    assert after == _seen(fresh)
    assert after[1][0] == "explicitDeny"  # NoPut still wins over the new allow (EV-02)


def test_callers_with_the_same_policies_share_plans_and_decide_as_their_own() -> None:
    """alice and bob attach the same managed policies (as many roles of a real account do):
    one set of plans; carol's inline copy is labelled as hers, so it gets its own; the role
    with one of the policies too. Every decision names the caller's own policies."""
    wb, alice, bob, carol, role = _world()
    sim = Simulator(wb.world, Clock(), remember=True)
    fresh = Simulator(wb.world, Clock())
    plans = {}
    for who in (alice, bob, carol):
        sim.sign_in(who)
        fresh.sign_in(who)
        assert _seen(sim) == _seen(fresh)
        plans[who] = sim._by_session[id(sim.stack[-1])].policies.plans
    sim.sign_in(alice)
    fresh.sign_in(alice)
    sim.assume_role(role, "s1")
    fresh.assume_role(role, "s1")
    assert _seen(sim) == _seen(fresh)
    role_plans = sim._by_session[id(sim.stack[-1])].policies.plans
    assert plans[alice] is plans[bob]
    assert plans[carol] is not plans[alice] and role_plans is not plans[alice]
    assert plans[alice]  # filled by the calls


def test_a_session_with_session_policies_gets_its_own_policies() -> None:
    """Session policies limit one session (EV-06): never shared with another session of the
    same role."""
    wb, alice, _, _, role = _world()
    sim = Simulator(wb.world, Clock(), remember=True)
    sim.sign_in(alice)
    sim.assume_role(role, "plain")
    assert sim.call("s3:GetObject", "arn:aws:s3:::data/k").outcome == "allowed"
    sim.exit()
    sim.assume_role(role, "limited", policy=allow("ec2:*"))
    assert sim.call("s3:GetObject", "arn:aws:s3:::data/k").outcome == "implicitDeny"
    sim.exit()
    sim.assume_role(role, "plain-again")
    assert sim.call("s3:GetObject", "arn:aws:s3:::data/k").outcome == "allowed"


def test_a_resource_whose_arn_names_no_account_is_owned_by_each_callers_account() -> None:
    """An S3 ARN names no account: an unlisted bucket is taken to be the caller's (scenario
    format), so `aws:ResourceAccount` differs by caller. The facts a remembering simulator
    keeps per caller account give each caller its own, whichever account called first, as
    a simulator that recomputes them on every call does (EV-16)."""
    wb = WorldBuilder()
    doc = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}}]}
    here = wb.user("here", inline={"own": doc})
    there = wb.user("there", B, inline={"own": doc})
    sim = Simulator(wb.world, Clock(), remember=True)
    fresh = Simulator(wb.world, Clock())
    seen = []
    for caller in (here, there, here, there):
        sim.sign_in(caller)
        fresh.sign_in(caller)
        result = sim.call("s3:GetObject", "arn:aws:s3:::unlisted/k")
        assert result.outcome == fresh.call("s3:GetObject", "arn:aws:s3:::unlisted/k").outcome
        seen.append(result.outcome)
    assert seen == ["allowed"] * 4


def test_ev16_a_simulator_told_to_stop_remembering_sees_a_change_made_outside_it() -> None:
    """A call reuses the facts of the session last called with only while the simulator
    remembers: turned off, the next call reads the world again, so a policy attached
    straight into the world (not through the simulator) is felt at once (EV-16)."""
    wb, alice, _, _, _ = _world()
    sim = Simulator(wb.world, Clock(), remember=True)
    sim.sign_in(alice)
    assert sim.call("ec2:StartInstances").outcome == "implicitDeny"
    sim.remember = False
    wb.world.users[alice].policies.append(wb.policy("Start", allow("ec2:StartInstances")))
    assert sim.call("ec2:StartInstances").outcome == "allowed"
    assert sim.remember is False
