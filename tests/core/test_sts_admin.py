"""World changes by an administrator: revoke (REV-*), recreate (ID-09, TP-06), policies
(QT-02, QT-04, TP-05, TP-16, AR-14), boundaries (EV-10, TP-11), all felt at once (EV-16)."""

from __future__ import annotations

from typing import Any

import pytest
from test_sts_support import ALLOW_ALL, A, WorldBuilder, allow, trusting

from rolesim.core.sts.admin import REVOKE_POLICY_NAME
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.simulator import Simulator

OBJ = "arn:aws:s3:::data/k"


def raises(code: str, fn: Any, *args: Any, **kwargs: Any) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def world() -> tuple[WorldBuilder, Simulator, str, str]:
    wb = WorldBuilder()
    alice = wb.user("alice", inline={"self": allow("sts:GetFederationToken")})
    role = wb.role("R", {}, inline={"s3": allow("s3:*")})
    wb.set_trust(role, trusting({"AWS": alice}))
    wb.policy("S3Read", allow("s3:Get*"))
    wb.policy("Everything", ALLOW_ALL)
    return wb, wb.sim(), alice, role


def test_rev02_revoke_denies_sessions_issued_before_now_only() -> None:
    wb, sim, alice, role = world()
    sim.sign_in(alice)
    sim.assume_role(role, "old")
    sim.advance(60)
    sim.revoke_sessions(role)
    document = wb.world.roles[role].inline[REVOKE_POLICY_NAME].raw
    assert document["Statement"][0]["Condition"] == {
        "DateLessThan": {"aws:TokenIssueTime": "2026-01-01T09:01:00Z"}}
    result = sim.call("s3:GetObject", OBJ)
    assert result.outcome == "explicitDeny"
    sim.exit()
    sim.assume_role(role, "new")  # issued at the revocation time: not less than it
    assert sim.call("s3:GetObject", OBJ).outcome == "allowed"


def test_rev02_repeating_revoke_updates_the_timestamp() -> None:
    wb, sim, alice, role = world()
    sim.sign_in(alice)
    sim.revoke_sessions(role)
    sim.assume_role(role, "mid")
    sim.advance(30)
    sim.revoke_sessions(role)
    assert sim.call("s3:GetObject", OBJ).outcome == "explicitDeny"
    assert len(wb.world.roles[role].inline) == 2


def test_rev03_token_issue_time_deny_on_user_spares_long_term_credentials() -> None:
    _wb, sim, alice, _ = world()
    sim.put_policy(alice, "s3", allow("s3:*"))
    sim.sign_in(alice)
    sim.get_session_token()
    sim.advance(10)
    sim.put_policy(alice, REVOKE_POLICY_NAME, {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"DateLessThan": {"aws:TokenIssueTime": "2026-01-01T09:00:10Z"}}}]})
    assert sim.call("s3:GetObject", OBJ).outcome == "explicitDeny"
    sim.exit()
    assert sim.call("s3:GetObject", OBJ).outcome == "allowed"


def test_rev05_deny_by_session_arn_hits_only_that_session() -> None:
    wb, sim, alice, role = world()
    sess_a = f"arn:aws:sts::{A}:assumed-role/R/sa"
    wb.resource("arn:aws:s3:::data", A, policy={"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": {"AWS": sess_a}, "Action": "s3:*",
         "Resource": "arn:aws:s3:::data/*"}]})
    sim.sign_in(alice)
    sim.assume_role(role, "sa")
    assert sim.call("s3:GetObject", OBJ).outcome == "explicitDeny"
    sim.exit()
    sim.assume_role(role, "sb")
    assert sim.call("s3:GetObject", OBJ).outcome == "allowed"


def test_rev05_deny_by_role_arn_hits_all_sessions() -> None:
    wb, sim, alice, role = world()
    wb.resource("arn:aws:s3:::data", A, policy={"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": {"AWS": role}, "Action": "s3:*",
         "Resource": "arn:aws:s3:::data/*"}]})
    sim.sign_in(alice)
    for name in ("sa", "sb"):
        sim.assume_role(role, name)
        assert sim.call("s3:GetObject", OBJ).outcome == "explicitDeny"
        sim.exit()


def test_id09_tp06_recreate_gives_new_id_and_breaks_bindings() -> None:
    wb, sim, _alice, role = world()
    old = wb.world.roles[role].unique_id
    sim.recreate(role)
    new = wb.world.roles[role].unique_id
    assert new != old and new.startswith("AROA")
    assert wb.world.roles[role].inline  # same policies
    other = wb.role("Other", {})
    wb.set_trust(other, trusting({"AWS": role}))
    assert wb.world.roles[other].trust_bindings == {role: new}


def test_recreated_role_old_session_keeps_failing() -> None:
    """Choice 24.11: an old session carries the old role ID."""
    _wb, sim, alice, role = world()
    sim.sign_in(alice)
    session = sim.assume_role(role, "s1")
    assert sim.call("s3:GetObject", OBJ).outcome == "allowed"
    sim.recreate(role)
    assert sim.call("s3:GetObject", OBJ).outcome == "implicitDeny"
    assert sim.caller_policies(session).identity == ()
    sim.exit()
    sim.assume_role(role, "s2")
    assert sim.call("s3:GetObject", OBJ).outcome == "allowed"


def test_attach_detach_felt_at_once() -> None:
    wb, sim, alice, _ = world()
    s3read = f"arn:aws:iam::{A}:policy/S3Read"
    sim.sign_in(alice)
    assert sim.call("s3:GetObject", OBJ).outcome == "implicitDeny"
    sim.attach_policy(alice, s3read)
    assert sim.call("s3:GetObject", OBJ).outcome == "allowed"
    sim.attach_policy(alice, s3read)  # idempotent
    assert wb.world.users[alice].policies == [s3read]
    sim.detach_policy(alice, s3read)
    assert sim.call("s3:GetObject", OBJ).outcome == "implicitDeny"
    raises("NoSuchEntity", sim.detach_policy, alice, s3read)
    raises("NoSuchEntity", sim.attach_policy, alice, f"arn:aws:iam::{A}:policy/Nope")
    raises("NoSuchEntity", sim.attach_policy, f"arn:aws:iam::{A}:user/ghost", s3read)


def test_attach_aws_managed_policy_from_the_shipped_set() -> None:
    wb, sim, alice, _ = world()
    arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    sim.attach_policy(alice, arn)
    assert arn in wb.world.policies
    sim.sign_in(alice)
    assert sim.call("s3:GetObject", OBJ).outcome == "allowed"


def test_qt04_at_most_10_managed_policies() -> None:
    wb, sim, _, role = world()
    for i in range(10):
        wb.policy(f"P{i}", allow("s3:GetObject"))
        sim.attach_policy(role, f"arn:aws:iam::{A}:policy/P{i}")
    wb.policy("P10", allow("s3:GetObject"))
    error = raises("LimitExceeded", sim.attach_policy, role, f"arn:aws:iam::{A}:policy/P10")
    assert error.message == "Cannot exceed quota for PoliciesPerRole: 10"


def test_qt02_inline_size_quota_for_users() -> None:
    wb, sim, alice, role = world()
    big = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": [f"s3:GetObjectVersion{i:04d}" for i in range(100)],
         "Resource": "*"}]}
    error = raises("LimitExceeded", sim.put_policy, alice, "big", big)
    assert error.message == "Maximum policy size of 2048 bytes exceeded for user alice"
    sim.put_policy(role, "big", big)  # a role allows 10,240
    assert "big" in wb.world.roles[role].inline


def test_put_delete_inline_and_errors() -> None:
    wb, sim, alice, _ = world()
    raises("MalformedPolicyDocument", sim.put_policy, alice, "x", "{nope")
    raises("ValidationError", sim.put_policy, alice, "bad name", allow("s3:*"))
    raises("NoSuchEntity", sim.delete_policy, alice, "x")
    assert "x" not in wb.world.users[alice].inline
    sim.put_policy(alice, "x", allow("s3:*"))
    sim.delete_policy(alice, "x")
    assert "x" not in wb.world.users[alice].inline


def test_tp05_trust_naming_a_missing_user_is_malformed() -> None:
    wb, sim, _, role = world()
    before = wb.world.roles[role].trust
    error = raises("MalformedPolicyDocument", sim.update_trust, role,
                   trusting({"AWS": f"arn:aws:iam::{A}:user/ghost"}))
    assert error.message == f'Invalid principal in policy: "AWS":"arn:aws:iam::{A}:user/ghost"'
    assert wb.world.roles[role].trust is before


def test_tp16_trust_policy_size_quota() -> None:
    _wb, sim, alice, role = world()
    big = trusting({"AWS": alice}, condition={"StringEquals": {
        "sts:ExternalId": [f"id-{i:05d}" for i in range(300)]}})
    error = raises("LimitExceeded", sim.update_trust, role, big)
    assert "ACLSizePerRole: 2048" in error.message


def test_tp08_trust_with_resource_is_malformed() -> None:
    _, sim, alice, role = world()
    bad = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
        "AWS": alice}, "Action": "sts:AssumeRole", "Resource": "*"}]}
    raises("MalformedPolicyDocument", sim.update_trust, role, bad)


def test_ev10_tp11_boundary_set_and_removed() -> None:
    _wb, sim, alice, role = world()
    sim.put_policy(role, "all", ALLOW_ALL)
    sim.sign_in(alice)
    sim.assume_role(role, "s1")
    assert sim.call("iam:CreateUser").outcome == "allowed"
    sim.set_boundary(role, f"arn:aws:iam::{A}:policy/S3Read")
    assert sim.call("iam:CreateUser").outcome == "implicitDeny"
    assert sim.call("s3:GetObject", OBJ).outcome == "allowed"
    sim.set_boundary(role, "")
    assert sim.call("iam:CreateUser").outcome == "allowed"
    raises("NoSuchEntity", sim.set_boundary, role, f"arn:aws:iam::{A}:policy/Nope")
