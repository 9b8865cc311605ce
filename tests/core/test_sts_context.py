"""The request context of a call (CK-01..CK-15, ID-11, ID-12, scenario format) and the
messages of a call's result (ER-04)."""

from __future__ import annotations

import pytest
from test_sts_support import A, B, WorldBuilder, allow, deny, trusting

from rolesim.core.context import normalise
from rolesim.core.sts.simulator import Simulator

BUCKET = "arn:aws:s3:::data"


def world() -> tuple[WorldBuilder, Simulator, str, str]:
    wb = WorldBuilder()
    alice = wb.user("alice", tags={"Team": "ops"}, mfa=True,
                    inline={"p": allow(["s3:*", "sts:*"])})
    role = wb.role("Deploy", {}, path="/ci/", tags={"Env": "prod"},
                   inline={"p": allow(["s3:*", "sts:*"])})
    wb.set_trust(role, trusting({"AWS": alice}, ["sts:AssumeRole", "sts:TagSession",
                                                 "sts:SetSourceIdentity"]))
    wb.resource(BUCKET, B, tags={"Owner": "data-team"})
    return wb, wb.sim(), alice, role


def ctx_of(sim: Simulator, resource: str = "*", extra: dict[str, object] | None = None) -> dict[
    str, object
]:
    assert sim.top is not None
    return dict(sim.request_for(sim.top, "s3:GetObject", resource, extra).context)


def test_ck01_ck02_ck05_user_keys() -> None:
    wb, sim, alice, _ = world()
    sim.sign_in(alice)
    ctx = ctx_of(sim)
    assert ctx["aws:principalarn"] == alice
    assert ctx["aws:principalaccount"] == A
    assert ctx["aws:principaltype"] == "User"
    assert ctx["aws:userid"] == wb.world.users[alice].unique_id
    assert ctx["aws:username"] == "alice"


def test_ck01_ck05_id12_role_session_keys() -> None:
    wb, sim, alice, role = world()
    sim.sign_in(alice)
    sim.assume_role(role, "s1")
    ctx = ctx_of(sim)
    assert ctx["aws:principalarn"] == f"arn:aws:iam::{A}:role/ci/Deploy"
    assert ctx["aws:principaltype"] == "AssumedRole"
    assert ctx["aws:userid"] == f"{wb.world.roles[role].unique_id}:s1"
    assert "aws:username" not in ctx


def test_ck01_root_keys() -> None:
    _, sim, _, _ = world()
    sim.sign_in(f"arn:aws:iam::{A}:root")
    ctx = ctx_of(sim)
    assert ctx["aws:principalarn"] == f"arn:aws:iam::{A}:root"
    assert ctx["aws:principaltype"] == "Account"
    assert ctx["aws:userid"] == A
    assert "aws:username" not in ctx


def test_ck03_principal_tags_user_then_role() -> None:
    _, sim, alice, role = world()
    sim.sign_in(alice)
    assert ctx_of(sim)["aws:principaltag/team"] == "ops"
    sim.assume_role(role, "s1", tags={"Project": "x"})
    ctx = ctx_of(sim)
    assert ctx["aws:principaltag/env"] == "prod"
    assert ctx["aws:principaltag/project"] == "x"
    assert "aws:principaltag/team" not in ctx  # user tags are not the role's


def test_ck04_request_tags_only_when_passed() -> None:
    _, sim, alice, role = world()
    sim.sign_in(alice)
    sim.update_trust(role, {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": alice}, "Action": "sts:AssumeRole",
         "Condition": {"Null": {"aws:TagKeys": "true", "aws:RequestTag/Project": "true"}}},
        {"Effect": "Allow", "Principal": {"AWS": alice}, "Action": "sts:TagSession"}]})
    assert sim.assume_role(role, "s1")
    sim.exit()
    with pytest.raises(Exception, match="AccessDenied"):
        sim.assume_role(role, "s1", tags={"Project": "x"})


def test_ck07_ck08_long_term_credentials_without_mfa() -> None:
    _, sim, alice, _ = world()
    sim.sign_in(alice)
    ctx = ctx_of(sim)
    assert "aws:tokenissuetime" not in ctx
    assert "aws:multifactorauthpresent" not in ctx
    assert "aws:multifactorauthage" not in ctx


def test_ck08_ck09_sign_in_with_mfa() -> None:
    _, sim, alice, _ = world()
    sim.sign_in(alice, mfa=True)
    sim.advance(90)
    ctx = ctx_of(sim)
    assert ctx["aws:multifactorauthpresent"] == "true"
    assert ctx["aws:multifactorauthage"] == "90"


def test_ck08_console_sign_in_without_mfa_carries_false() -> None:
    # CK-08: absent with long-term access keys, but a console IAM user's requests carry
    # "false", so `Deny` + `Bool aws:MultiFactorAuthPresent false` binds a console user
    wb, sim, alice, _ = world()
    wb.world.users[alice].login_profile = True
    wb.world.users[alice].access_key = True
    sim.sign_in(alice, using="password")
    assert ctx_of(sim)["aws:multifactorauthpresent"] == "false"
    sim.sign_in(alice, using="password", mfa=True)
    assert ctx_of(sim)["aws:multifactorauthpresent"] == "true"
    sim.sign_in(alice, using="access-key")
    assert "aws:multifactorauthpresent" not in ctx_of(sim)


def test_ck07_ck08_role_session_without_mfa_has_false_and_issue_time() -> None:
    _, sim, alice, role = world()
    sim.sign_in(alice)
    sim.advance(5)
    sim.assume_role(role, "s1")
    ctx = ctx_of(sim)
    assert ctx["aws:multifactorauthpresent"] == "false"
    assert "aws:multifactorauthage" not in ctx
    assert ctx["aws:tokenissuetime"] == "2026-01-01T09:00:05Z"


def test_ck08_bool_if_exists_blocks_long_term_keys_bool_does_not() -> None:
    _, sim, alice, _ = world()
    sim.put_policy(alice, "mfa", deny("s3:*", Condition={
        "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}))
    sim.sign_in(alice)
    assert sim.call("s3:GetObject", "arn:aws:s3:::mine/k").outcome == "explicitDeny"
    sim.put_policy(alice, "mfa", deny("s3:*", Condition={
        "Bool": {"aws:MultiFactorAuthPresent": "false"}}))
    assert sim.call("s3:GetObject", "arn:aws:s3:::mine/k").outcome == "allowed"


def test_ck10_always_present_keys() -> None:
    _, sim, alice, _ = world()
    sim.sign_in(alice)
    sim.advance(3600)
    ctx = ctx_of(sim)
    assert ctx["aws:currenttime"] == "2026-01-01T10:00:00Z"
    assert ctx["aws:epochtime"] == "1767261600"
    assert ctx["aws:securetransport"] == "true"
    assert ctx["aws:requestedregion"] == "us-east-1"
    assert ctx["aws:viaawsservice"] == "false"  # CK-12
    assert ctx["aws:principalisawsservice"] == "false"  # CK-13


def test_ck11_ck12_ck14_network_and_service_keys_only_from_the_step() -> None:
    _, sim, alice, _ = world()
    sim.sign_in(alice)
    ctx = ctx_of(sim)
    for key in ("aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:sourcearn",
                "aws:sourceaccount", "aws:calledvia"):
        assert key not in ctx
    ctx = ctx_of(sim, extra={"aws:SourceIp": "203.0.113.9", "aws:CalledVia": [
        "cloudformation.amazonaws.com"], "s3:max-keys": 10, "aws:SecureTransport": False,
        "aws:TagKeys": []})
    assert ctx["aws:sourceip"] == "203.0.113.9"
    assert ctx["aws:calledvia"] == ("cloudformation.amazonaws.com",)
    assert ctx["s3:max-keys"] == "10"
    assert ctx["aws:securetransport"] == "false"  # a step key replaces a derived one
    assert ctx["aws:tagkeys"] == ()  # an empty array is a present, empty set


def test_resource_tags_and_account_from_the_entry_not_inherited_by_objects() -> None:
    _, sim, alice, _ = world()
    sim.sign_in(alice)
    ctx = ctx_of(sim, BUCKET)
    assert ctx["aws:resourcetag/owner"] == "data-team"
    assert ctx["aws:resourceaccount"] == B
    obj = ctx_of(sim, f"{BUCKET}/key")
    assert "aws:resourcetag/owner" not in obj
    assert obj["aws:resourceaccount"] == B
    assert ctx_of(sim, "*")["aws:resourceaccount"] == A
    assert ctx_of(sim, "arn:aws:sqs:us-east-1:333333333333:q")["aws:resourceaccount"] == \
        "333333333333"


def test_resource_tags_of_an_iam_role() -> None:
    _, sim, alice, role = world()
    sim.sign_in(alice)
    assert ctx_of(sim, role)["aws:resourcetag/env"] == "prod"


def test_ck06_source_identity_key() -> None:
    _, sim, alice, role = world()
    sim.sign_in(alice)
    assert "aws:sourceidentity" not in ctx_of(sim)
    sim.assume_role(role, "s1", source_identity="alice")
    assert ctx_of(sim)["aws:sourceidentity"] == "alice"


def test_normalise_lists_bools_numbers() -> None:
    assert normalise({"A:B": True, "c:d": 3, "e:f": ["x", 1, False], "g:h": 1.5}) == {
        "a:b": "true", "c:d": "3", "e:f": ("x", "1", "false"), "g:h": "1.5"}


def test_er04_denied_call_message_names_caller_action_resource_and_reason() -> None:
    _, sim, alice, role = world()
    sim.sign_in(alice)
    sim.assume_role(role, "s1")
    result = sim.call("ec2:RunInstances", "*")
    assert result.outcome == "implicitDeny"
    assert result.message == (
        f"User: arn:aws:sts::{A}:assumed-role/Deploy/s1 is not authorized to perform: "
        "ec2:RunInstances on resource: * because no identity-based policy allows the "
        "ec2:RunInstances action")
    sim.put_policy(role, "no", deny("s3:*"))
    result = sim.call("s3:GetObject", "arn:aws:s3:::mine/k")
    assert result.outcome == "explicitDeny"
    assert result.message.endswith("with an explicit deny in an identity-based policy")
    assert result.decision is not None and result.decision.explain()


def test_allowed_call_has_empty_message_and_decision() -> None:
    _, sim, alice, _ = world()
    sim.sign_in(alice)
    result = sim.call("s3:GetObject", "arn:aws:s3:::mine/k")
    assert result.allowed and result.message == "" and result.decision is not None


def test_ck02_principal_org_id_only_for_accounts_in_an_organization() -> None:
    from rolesim.core.policy.model import PolicyType
    from rolesim.core.policy.parse import parse_policy

    wb, sim, alice, _ = world()
    sim.sign_in(alice)
    assert "aws:principalorgid" not in ctx_of(sim)
    wb.world.accounts[A].scps = [parse_policy(allow("*"), PolicyType.SCP)]
    assert ctx_of(sim)["aws:principalorgid"] == "o-rolesim0001"
    wb.world.accounts[A].org_id = "o-abc123"
    assert ctx_of(sim)["aws:principalorgid"] == "o-abc123"
    assert "aws:resourceorgid" not in ctx_of(sim, BUCKET)  # B is in no organization
    wb.world.accounts[B].management = True
    assert ctx_of(sim, BUCKET)["aws:resourceorgid"] == "o-rolesim0001"  # its own default


def test_tp04_star_trust_narrowed_by_principal_org_id() -> None:
    wb, sim, alice, role = world()
    outsider = wb.user("eve", "333333333333", inline={"p": allow("sts:AssumeRole")})
    wb.world.accounts[A].management = True
    wb.world.accounts[A].org_id = "o-abc123"
    sim.update_trust(role, trusting("*", condition={
        "StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}))
    sim.sign_in(alice)
    assert sim.assume_role(role, "s1")
    sim.sign_in(outsider)
    with pytest.raises(Exception, match="AccessDenied"):
        sim.assume_role(role, "s1")


def test_pl10_request_for_builds_every_context_key_in_lower_case() -> None:
    """request_for builds its requests without the constructor's key-name check
    (AuthzRequest.lowered), so every key it gathers must already be lower case (PL-10: key
    names are case-insensitive), whatever the case of the tags and the step's context; and
    the request equals the one the checking constructor makes."""
    from rolesim.core.request import AuthzRequest

    _, sim, alice, role = world()
    sim.sign_in(alice)
    sim.assume_role(role, "s1", tags={"Project": "Blue"})
    assert sim.top is not None
    request = sim.request_for(sim.top, "s3:GetObject", BUCKET,
                              {"AWS:SourceIp": "10.0.0.1", "s3:Prefix": ["Home/"]})
    assert request.context
    assert all(key == key.lower() for key in request.context)
    assert "aws:resourcetag/owner" in request.context
    assert "aws:principaltag/env" in request.context
    assert request.context["aws:sourceip"] == "10.0.0.1"
    checked = AuthzRequest(request.caller, request.policies, request.action, request.resource,
                           request.resource_account, request.resource_policy,
                           dict(request.context))
    assert checked == request
