"""Property tests: chained sessions never last past 1 hour (CH-02), transitive tags are never
dropped along a chain (TAG-10), and a session never has a permission its role lacks (AR-15)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from test_sts_support import WorldBuilder, allow, role_arn, trusting

from rolesim.core.sts.errors import StsError
from rolesim.core.sts.simulator import Simulator

HOP = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
ACTIONS = ["s3:GetObject", "s3:PutObject", "ec2:RunInstances", "iam:ListRoles", "sqs:SendMessage"]


def chain_world(length: int) -> tuple[Simulator, list[str]]:
    """alice -> R0 -> R1 -> ...; every role allows 12 h and trusts the one before."""
    wb = WorldBuilder()
    alice = wb.user("alice")
    roles = [wb.role(f"R{i}", {}, max_session_duration=43200, inline={"hop": allow("sts:*")})
             for i in range(length)]
    previous = alice
    for arn in roles:
        wb.set_trust(arn, trusting({"AWS": previous}, HOP))
        previous = arn
    sim = wb.sim()
    sim.sign_in(alice)
    return sim, roles


@given(st.lists(st.one_of(st.none(), st.integers(900, 43200)), min_size=1, max_size=5),
       st.lists(st.integers(0, 4000), min_size=5, max_size=5))
def test_ch02_a_chained_session_never_lasts_past_one_hour(
    durations: list[int | None], waits: list[int]
) -> None:
    sim, roles = chain_world(len(durations))
    for index, (role, duration) in enumerate(zip(roles, durations, strict=True)):
        try:
            session = sim.assume_role(role, f"hop{index}", duration=duration)
        except StsError as error:
            assert error.code in ("ValidationError", "ExpiredToken")
            return
        assert session.issued is not None and session.expiration is not None
        lifetime = (session.expiration - session.issued).total_seconds()
        if session.chained:
            assert lifetime <= 3600
        else:
            assert index == 0
        sim.advance(waits[index] % 900)


tag_keys = st.sampled_from(["Project", "Team", "Cost", "Env", "Owner", "Stage"])


@given(st.lists(st.dictionaries(tag_keys, st.text("abcxyz", min_size=0, max_size=4),
                                max_size=3), min_size=1, max_size=4),
       st.lists(st.booleans(), min_size=24, max_size=24))
def test_tag10_transitive_tags_are_never_dropped_along_a_chain(
    tags_per_hop: list[dict[str, str]], marks: list[bool]
) -> None:
    sim, roles = chain_world(len(tags_per_hop))
    carried: dict[str, str] = {}
    for index, (role, wanted) in enumerate(zip(roles, tags_per_hop, strict=True)):
        passed = {k: v for k, v in wanted.items() if k.lower() not in {c.lower() for c in carried}}
        transitive = [k for j, k in enumerate(passed) if marks[(index * 6 + j) % len(marks)]]
        session = sim.assume_role(role, f"hop{index}", tags=passed,
                                  transitive_tag_keys=transitive)
        for key, value in carried.items():
            assert session.session_tags.get(key) == value
            assert key in session.transitive_tag_keys
            assert session.principal_tag_map.get(key) == value
        carried.update({k: passed[k] for k in transitive})


action_sets = st.sets(st.sampled_from(ACTIONS))


@given(action_sets, st.one_of(st.none(), action_sets), st.one_of(st.none(), action_sets),
       st.sampled_from(ACTIONS))
def test_ar15_a_session_never_has_a_permission_its_role_lacks(
    role_actions: set[str], session_actions: set[str] | None,
    boundary_actions: set[str] | None, action: str
) -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    inline = {"p": allow(sorted(role_actions))} if role_actions else {}
    arn = wb.role("R", {}, inline=inline)
    wb.set_trust(arn, trusting({"AWS": alice}))
    if boundary_actions is not None:
        wb.world.roles[arn].boundary = wb.policy(
            "B", allow(sorted(boundary_actions) or ["none:None"]))
    sim = wb.sim()
    sim.sign_in(alice)
    policy = None
    if session_actions is not None:
        policy = allow(sorted(session_actions) or ["none:None"])
    sim.assume_role(arn, "s1", policy=policy)
    result = sim.call(action, "*")
    if result.allowed:
        assert action in role_actions
        assert boundary_actions is None or action in boundary_actions
        assert session_actions is None or action in session_actions
    else:
        within = (action in role_actions
                  and (boundary_actions is None or action in boundary_actions)
                  and (session_actions is None or action in session_actions))
        assert not within
    assert role_arn("R") == arn
