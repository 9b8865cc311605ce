"""AssumeRole: trust evaluation, callers, durations, chaining (AR-*, TP-*, CH-*, ID-*)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_sts_support import ALLOW_ALL, A, B, WorldBuilder, allow, deny, role_arn, trusting

from rolesim.core.clock import Clock
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import SessionKind
from rolesim.core.sts.simulator import Simulator


def raises(code: str, fn: object, *args: object, **kwargs: object) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)  # type: ignore[operator]
    assert info.value.code == code, info.value.message
    return info.value


def simple(trust_principal: object = None, **role_kwargs: object) -> tuple[WorldBuilder, str,
                                                                           str]:
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("R", {}, **role_kwargs)  # type: ignore[arg-type]
    wb.set_trust(role, trusting(trust_principal or {"AWS": alice}))
    return wb, alice, role


# -- who may call --------------------------------------------------------------------------


def test_missing_authentication_before_sign_in() -> None:
    wb, _, role = simple()
    sim = wb.sim()
    raises("MissingAuthenticationToken", sim.assume_role, role, "s1")
    assert sim.call("s3:ListAllMyBuckets").outcome == "MissingAuthenticationToken"


def test_ar17_root_cannot_assume_a_role() -> None:
    wb, _, role = simple({"AWS": A})
    sim = wb.sim()
    sim.sign_in(f"arn:aws:iam::{A}:root")
    error = raises("AccessDenied", sim.assume_role, role, "s1")
    assert error.message == "Roles may not be assumed by root accounts."


def test_ar18_role_that_does_not_exist_is_access_denied_not_no_such_entity() -> None:
    wb, alice, _ = simple()
    sim = wb.sim()
    sim.put_policy(alice, "all", ALLOW_ALL)
    sim.sign_in(alice)
    missing = role_arn("Nope")
    error = raises("AccessDenied", sim.assume_role, missing, "s1")
    assert error.message == (f"User: {alice} is not authorized to perform: sts:AssumeRole on "
                             f"resource: {missing}")
    assert len(sim.stack) == 1


# -- trust policy (TP-*) -------------------------------------------------------------------


def test_tp09_same_account_trust_naming_user_needs_no_identity_policy() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    assert sim.assume_role(role, "s1").kind is SessionKind.ASSUMED_ROLE


def test_tp09_trust_naming_only_account_needs_identity_policy() -> None:
    wb, alice, role = simple({"AWS": f"arn:aws:iam::{A}:root"})
    sim = wb.sim()
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1")
    sim.put_policy(alice, "assume", allow("sts:AssumeRole", role))
    assert sim.assume_role(role, "s1").role_arn == role


def test_tp01_admin_cannot_assume_role_trusting_only_a_service() -> None:
    wb = WorldBuilder()
    admin = wb.user("admin", inline={"all": ALLOW_ALL})
    role = wb.role("LambdaRole", {})
    wb.set_trust(role, trusting({"Service": "lambda.amazonaws.com"}))
    sim = wb.sim()
    sim.sign_in(admin)
    error = raises("AccessDenied", sim.assume_role, role, "s1")
    assert error.decision is not None and not error.decision.allowed


def test_tp10_cross_account_needs_trust_and_identity_policy() -> None:
    wb = WorldBuilder()
    bob = wb.user("bob", B)
    role = wb.role("R", {})
    wb.set_trust(role, trusting({"AWS": bob}))
    sim = wb.sim()
    sim.sign_in(bob)
    raises("AccessDenied", sim.assume_role, role, "s1")  # identity policy missing
    sim.put_policy(bob, "assume", allow("sts:AssumeRole", role))
    session = sim.assume_role(role, "s1")
    assert session.account == A  # ID-03: the role's account
    assert session.arn == f"arn:aws:sts::{A}:assumed-role/R/s1"


def test_tp10_cross_account_identity_allow_without_trust_is_denied() -> None:
    wb = WorldBuilder()
    bob = wb.user("bob", B, inline={"all": ALLOW_ALL})
    role = wb.role("R", {})
    wb.set_trust(role, trusting({"AWS": A}))
    sim = wb.sim()
    sim.sign_in(bob)
    raises("AccessDenied", sim.assume_role, role, "s1")


def test_tp11_caller_boundary_without_assume_role_blocks_even_when_named() -> None:
    wb, alice, role = simple()
    boundary = wb.policy("OnlyS3", allow("s3:*"))
    sim = wb.sim()
    sim.set_boundary(alice, boundary)
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1")
    sim.set_boundary(alice, "")
    assert sim.assume_role(role, "s1")


def test_tp12_explicit_deny_in_caller_identity_policy_wins_over_trust() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.put_policy(alice, "no", deny("sts:AssumeRole"))
    sim.sign_in(alice)
    error = raises("AccessDenied", sim.assume_role, role, "s1")
    assert error.decision is not None and str(error.decision.outcome) == "explicitDeny"


def test_tp12_explicit_deny_in_scp_wins_over_trust() -> None:
    wb, alice, role = simple()
    from rolesim.core.policy.model import PolicyType
    from rolesim.core.policy.parse import parse_policy

    wb.world.accounts[A].scps = [parse_policy(ALLOW_ALL, PolicyType.SCP),
                                 parse_policy(deny("sts:AssumeRole"), PolicyType.SCP)]
    sim = wb.sim()
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1")


def test_tp13_external_id_required() -> None:
    wb, alice, role = simple()
    wb.set_trust(role, trusting({"AWS": alice}, condition={
        "StringEquals": {"sts:ExternalId": "12345"}}))
    sim = wb.sim()
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1")
    raises("AccessDenied", sim.assume_role, role, "s1", external_id="54321")
    assert sim.assume_role(role, "s1", external_id="12345")


def test_tp14_ar20_mfa_required_in_trust() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice", mfa=True)
    role = wb.role("R", {})
    wb.set_trust(role, trusting({"AWS": alice}, condition={
        "Bool": {"aws:MultiFactorAuthPresent": "true"}}))
    sim = wb.sim()
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1")
    session = sim.assume_role(role, "s1", mfa=True)
    assert session.mfa is True
    assert sim.request_for(session, "s3:GetObject").context["aws:multifactorauthpresent"] == "true"


def test_tp14_mfa_sign_in_carries_mfa_context_into_the_role_session() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice", mfa=True)
    role = wb.role("R", {})
    wb.set_trust(role, trusting({"AWS": alice}, condition={
        "Bool": {"aws:MultiFactorAuthPresent": "true"}}))
    sim = wb.sim()
    sim.sign_in(alice, mfa=True)
    assert sim.assume_role(role, "s1").mfa is True


def test_ar20_mfa_code_for_user_without_device_is_access_denied() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1", mfa=True)


def test_tp06_id09_recreated_user_no_longer_matches_old_trust_binding() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    old_id = wb.world.users[alice].unique_id
    sim.recreate(alice)
    assert wb.world.users[alice].unique_id != old_id
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1")
    sim.update_trust(role, trusting({"AWS": alice}))  # re-saved with the ARN
    assert sim.assume_role(role, "s1")


def test_tp07_principal_arn_condition_survives_recreate() -> None:
    wb, alice, role = simple({"AWS": A})
    wb.set_trust(role, trusting({"AWS": A}, condition={
        "ArnEquals": {"aws:PrincipalArn": alice}}))
    sim = wb.sim()
    sim.put_policy(alice, "assume", allow("sts:AssumeRole"))
    sim.recreate(alice)
    sim.sign_in(alice)
    assert sim.assume_role(role, "s1")


def test_tp18_trust_edit_does_not_affect_issued_session() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.put_policy(role, "s3", allow("s3:*"))
    sim.sign_in(alice)
    sim.assume_role(role, "s1")
    sim.update_trust(role, trusting({"Service": "ec2.amazonaws.com"}))
    assert sim.call("s3:GetObject", "arn:aws:s3:::b/k").outcome == "allowed"
    sim.exit()
    raises("AccessDenied", sim.assume_role, role, "s1")


def test_tp17_trust_statement_for_a_different_action_does_not_allow_assume_role() -> None:
    wb, alice, role = simple()
    wb.set_trust(role, trusting({"AWS": alice}, "sts:TagSession"))
    sim = wb.sim()
    sim.sign_in(alice)
    error = raises("AccessDenied", sim.assume_role, role, "s1")
    assert "sts:AssumeRole" in error.message


# -- durations and chaining ----------------------------------------------------------------


def test_ar03_ar06_default_duration_is_one_hour() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    session = sim.assume_role(role, "s1")
    assert session.issued == sim.clock.now
    assert session.expiration == sim.clock.now + timedelta(hours=1)
    assert session.access_key_id.startswith("ASIA")  # AR-06
    assert sim.stack[0].access_key_id.startswith("AKIA")


def test_ar04_duration_over_max_session_duration() -> None:
    wb, alice, role = simple(max_session_duration=6 * 3600)
    sim = wb.sim()
    sim.sign_in(alice)
    error = raises("ValidationError", sim.assume_role, role, "s1", duration=12 * 3600)
    assert error.message == ("The requested DurationSeconds exceeds the MaxSessionDuration set "
                             "for this role.")
    session = sim.assume_role(role, "s1", duration=6 * 3600)
    assert session.expiration == sim.clock.now + timedelta(hours=6)


def test_ar05_default_max_session_duration_is_one_hour() -> None:
    wb, alice, role = simple()
    assert wb.world.roles[role].max_session_duration == 3600
    sim = wb.sim()
    sim.sign_in(alice)
    raises("ValidationError", sim.assume_role, role, "s1", duration=3601)


def chain_world() -> tuple[WorldBuilder, str, str, str]:
    wb = WorldBuilder()
    alice = wb.user("alice")
    first = wb.role("First", {}, max_session_duration=43200,
                    inline={"assume": allow("sts:AssumeRole")})
    second = wb.role("Second", {}, max_session_duration=43200)
    wb.set_trust(first, trusting({"AWS": alice}))
    wb.set_trust(second, trusting({"AWS": first}))
    return wb, alice, first, second


def test_ch01_ch02_chained_duration_over_one_hour_fails_even_with_12h_max() -> None:
    wb, alice, first, second = chain_world()
    sim = wb.sim()
    sim.sign_in(alice)
    top = sim.assume_role(first, "one", duration=43200)  # CH-05: first hop from a user
    assert top.chained is False
    error = raises("ValidationError", sim.assume_role, second, "two", duration=3601)
    assert error.message == ("The requested DurationSeconds exceeds the 1 hour session limit "
                             "for roles assumed by role chaining.")


def test_ch03_chained_duration_default_and_up_to_one_hour() -> None:
    wb, alice, first, second = chain_world()
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(first, "one")
    session = sim.assume_role(second, "two")
    assert session.chained is True
    assert session.expiration == sim.clock.now + timedelta(hours=1)
    assert session.depth == 2
    assert [s.arn for s in session.chain()] == [
        alice,
        f"arn:aws:sts::{A}:assumed-role/First/one",
        f"arn:aws:sts::{A}:assumed-role/Second/two",
    ]


def test_ch07_self_assume_needs_explicit_trust() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("Self", {}, inline={"assume": allow("sts:AssumeRole")})
    wb.set_trust(role, trusting({"AWS": alice}))
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(role, "one")
    raises("AccessDenied", sim.assume_role, role, "again")
    sim.update_trust(role, {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": [alice, role]}, "Action": "sts:AssumeRole"}]})
    assert sim.assume_role(role, "again").chained is True


def test_ch08_cross_account_hop_needs_previous_role_identity_policy() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    first = wb.role("First", {})
    second = wb.role("Second", {}, B)
    wb.set_trust(first, trusting({"AWS": alice}))
    wb.set_trust(second, trusting({"AWS": first}))
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(first, "one")
    raises("AccessDenied", sim.assume_role, second, "two")
    sim.put_policy(first, "hop", allow("sts:AssumeRole", second))
    assert sim.assume_role(second, "two").account == B


def test_chained_session_is_not_cut_short_by_its_parent() -> None:
    """Scenario format, Time; choice 24.1."""
    wb, alice, first, second = chain_world()
    sim = wb.sim()
    sim.sign_in(alice)
    parent = sim.assume_role(first, "one", duration=900)
    sim.advance(600)
    child = sim.assume_role(second, "two")
    assert parent.expiration is not None and child.expiration is not None
    assert child.expiration > parent.expiration
    sim.advance(600)
    assert sim.call("sts:GetCallerIdentity").outcome == "allowed"


def test_er07_expired_top_credentials() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    session = sim.assume_role(role, "s1", duration=900)
    sim.advance(899)
    assert sim.call("sts:GetCallerIdentity").outcome == "allowed"
    sim.advance(1)
    assert session.expired(sim.clock.now)
    result = sim.call("s3:ListAllMyBuckets")
    assert result.outcome == "ExpiredToken"
    assert result.message == "The security token included in the request is expired"
    raises("ExpiredToken", sim.assume_role, role, "s2")


def test_rev07_xa04_exit_returns_to_the_identity_below() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(role, "s1", duration=900)
    sim.advance(1000)
    back = sim.exit()  # leaving an expired session works
    assert back.arn == alice
    assert sim.call("sts:GetCallerIdentity").outcome == "allowed"
    error = raises("NothingToExit", sim.exit)
    assert error.code == "NothingToExit"
    assert len(sim.stack) == 1


def test_failed_step_leaves_stack_unchanged() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(role, "s1")
    before = list(sim.stack)
    raises("ValidationError", sim.assume_role, role, "bad name")
    assert sim.stack == before


# -- identities (ID-*) ---------------------------------------------------------------------


def test_id03_id04_id06_session_arn_drops_the_role_path() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("Deploy", {}, path="/team/a/")
    wb.set_trust(role, trusting({"AWS": alice}))
    sim = wb.sim()
    sim.sign_in(alice)
    session = sim.assume_role(role, "s1")
    assert session.arn == f"arn:aws:sts::{A}:assumed-role/Deploy/s1"
    unique = wb.world.roles[role].unique_id
    assert unique.startswith("AROA")  # ID-08
    assert session.user_id == f"{unique}:s1"  # ID-06
    ctx = sim.request_for(session, "s3:GetObject").context
    assert ctx["aws:principalarn"] == role  # CK-01: the role ARN with its path
    assert sim.caller_identity() == {"UserId": f"{unique}:s1", "Account": A,
                                     "Arn": session.arn}


def test_id10_get_caller_identity_even_under_explicit_deny() -> None:
    wb, alice, _ = simple()
    sim = wb.sim()
    sim.put_policy(alice, "no", deny("*"))
    sim.sign_in(alice)
    assert sim.call("sts:GetCallerIdentity").outcome == "allowed"
    assert sim.call("s3:ListAllMyBuckets").outcome == "explicitDeny"


def test_id11_user_and_root_identities() -> None:
    wb, alice, _ = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    assert sim.caller_identity() == {"UserId": wb.world.users[alice].unique_id, "Account": A,
                                     "Arn": alice}
    assert wb.world.users[alice].unique_id.startswith("AIDA")
    sim.sign_in(f"arn:aws:iam::{A}:root")
    assert sim.caller_identity() == {"UserId": A, "Account": A,
                                     "Arn": f"arn:aws:iam::{A}:root"}


def test_sign_in_unknown_principal_is_unrunnable() -> None:
    wb, _, _ = simple()
    sim = wb.sim()
    error = raises("NoSuchEntity", sim.sign_in, f"arn:aws:iam::{A}:user/ghost")
    assert error.unrunnable
    error = raises("NoSuchEntity", sim.sign_in, "arn:aws:iam::999999999999:root")
    assert error.unrunnable


def test_ck08_sign_in_with_mfa_needs_a_device() -> None:
    wb, alice, _ = simple()
    sim = wb.sim()
    error = raises("ValidationError", sim.sign_in, alice, mfa=True)
    assert error.unrunnable


def test_sign_in_replaces_the_stack() -> None:
    wb, alice, role = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(role, "s1")
    sim.sign_in(alice)
    assert len(sim.stack) == 1 and sim.top is not None and sim.top.depth == 0


def test_ck_existing_session_feels_permission_change_at_once() -> None:
    """EV-16, TP-18, REV-04: policies are read from the world on every call."""
    wb, alice, role = simple()
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(role, "s1")
    assert sim.call("s3:ListAllMyBuckets").outcome == "implicitDeny"
    sim.put_policy(role, "s3", allow("s3:*"))
    assert sim.call("s3:ListAllMyBuckets").outcome == "allowed"
    sim.delete_policy(role, "s3")
    assert sim.call("s3:ListAllMyBuckets").outcome == "implicitDeny"


def test_ar15_session_permissions_are_the_role_s_not_the_user_s() -> None:
    """XA-04: with a role the caller gives up its own permissions."""
    wb, alice, role = simple()
    sim = wb.sim()
    sim.put_policy(alice, "ec2", allow("ec2:*"))
    sim.sign_in(alice)
    assert sim.call("ec2:RunInstances").outcome == "allowed"
    sim.assume_role(role, "s1")
    assert sim.call("ec2:RunInstances").outcome == "implicitDeny"
    sim.exit()
    assert sim.call("ec2:RunInstances").outcome == "allowed"


def test_simulator_uses_only_injected_clock() -> None:
    wb, alice, role = simple()
    sim = Simulator(wb.world, Clock())
    sim.sign_in(alice)
    start = sim.clock.now
    session = sim.assume_role(role, "s1")
    assert session.issued == start
    sim.advance(30)
    assert sim.request_for(session, "s3:GetObject").context["aws:epochtime"] == str(
        int(start.timestamp()) + 30)


def test_choice_24_4_unauthorized_caller_sees_access_denied_not_duration_error() -> None:
    wb = WorldBuilder()
    mallory = wb.user("mallory", inline={"p": allow("sts:AssumeRole")})
    alice = wb.user("alice")
    role = wb.role("R", {})
    wb.set_trust(role, trusting({"AWS": alice}))
    sim = wb.sim()
    sim.sign_in(mallory)
    raises("AccessDenied", sim.assume_role, role, "s1", duration=7200)
    sim.sign_in(alice)
    raises("ValidationError", sim.assume_role, role, "s1", duration=7200)


def test_choice_24_2_mfa_carries_from_role_session_into_chained_session() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice", mfa=True)
    first = wb.role("First", {}, inline={"p": allow("sts:AssumeRole")})
    second = wb.role("Second", {})
    wb.set_trust(first, trusting({"AWS": alice}))
    wb.set_trust(second, trusting({"AWS": first}, condition={
        "Bool": {"aws:MultiFactorAuthPresent": "true"}}))
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(first, "one", mfa=True)
    sim.advance(100)
    session = sim.assume_role(second, "two")
    assert session.mfa is True
    ctx = sim.request_for(session, "s3:GetObject").context
    assert ctx["aws:multifactorauthage"] == "100"


def test_root_sign_in_with_mfa() -> None:
    """ROOT_HAS_MFA_DEVICE: the root user may sign in with MFA (CK-08)."""
    wb = WorldBuilder()
    sim = wb.sim()
    session = sim.sign_in(f"arn:aws:iam::{A}:root", mfa=True)
    assert session.mfa is True
    assert sim.request_for(session, "s3:GetObject").context["aws:multifactorauthpresent"] == "true"


def test_si01_tag02_cross_account_caller_identity_policy_must_allow_each_action() -> None:
    wb = WorldBuilder()
    bob = wb.user("bob", B, inline={"p": allow("sts:AssumeRole")})
    role = wb.role("R", {})
    wb.set_trust(role, trusting({"AWS": bob}, ["sts:AssumeRole", "sts:TagSession",
                                               "sts:SetSourceIdentity"]))
    sim = wb.sim()
    sim.sign_in(bob)
    assert sim.assume_role(role, "s1")
    sim.exit()
    error = raises("AccessDenied", sim.assume_role, role, "s1", source_identity="bob")
    assert "sts:SetSourceIdentity" in error.message
    error = raises("AccessDenied", sim.assume_role, role, "s1", tags={"a": "b"})
    assert "sts:TagSession" in error.message
    sim.put_policy(bob, "p", allow(["sts:AssumeRole", "sts:TagSession",
                                    "sts:SetSourceIdentity"]))
    assert sim.assume_role(role, "s1", tags={"a": "b"}, source_identity="bob")
