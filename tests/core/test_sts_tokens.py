"""GetSessionToken (GST-01..GST-05) and GetFederationToken (GFT-01..GFT-06), AR-19."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from test_sts_support import A, WorldBuilder, allow, deny, trusting

from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import SessionKind, TagOrigin
from rolesim.core.sts.simulator import Simulator

ROOT = f"arn:aws:iam::{A}:root"


def raises(code: str, fn: Any, *args: Any, **kwargs: Any) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def world(mfa: bool = False) -> tuple[Simulator, str, str]:
    wb = WorldBuilder()
    alice = wb.user("alice", inline={"p": allow(["s3:*", "iam:*", "sts:*"])}, mfa=mfa,
                    tags={"team": "ops", "Dept": "x"})
    role = wb.role("R", {}, inline={"p": allow("sts:*")}, max_session_duration=43200)
    wb.set_trust(role, trusting({"AWS": alice}))
    return wb.sim(), alice, role


# -- GetSessionToken -----------------------------------------------------------------------


def test_gst01_user_default_and_maximum_durations() -> None:
    sim, alice, _ = world()
    sim.sign_in(alice)
    session = sim.get_session_token()
    assert session.kind is SessionKind.SESSION_TOKEN
    assert session.expiration == sim.clock.now + timedelta(hours=12)
    assert session.arn == alice  # same identity, temporary credentials
    assert session.depth == 1
    sim.exit()
    session = sim.get_session_token(duration=129600)
    assert session.expiration == sim.clock.now + timedelta(hours=36)
    sim.exit()
    raises("ValidationError", sim.get_session_token, duration=129601)
    raises("ValidationError", sim.get_session_token, duration=899)


def test_gst01_root_is_silently_capped_at_one_hour() -> None:
    sim, _, _ = world()
    sim.sign_in(ROOT)
    session = sim.get_session_token(duration=7200)
    assert session.expiration == sim.clock.now + timedelta(hours=1)
    sim.exit()
    assert sim.get_session_token().expiration == sim.clock.now + timedelta(hours=1)


def test_gst02_mfa_gives_mfa_context() -> None:
    sim, alice, _ = world(mfa=True)
    sim.sign_in(alice)
    session = sim.get_session_token(mfa=True)
    ctx = sim.request_for(session, "s3:GetObject").context
    assert ctx["aws:multifactorauthpresent"] == "true"
    assert ctx["aws:multifactorauthage"] == "0"
    sim.advance(120)
    assert sim.request_for(session, "s3:GetObject").context["aws:multifactorauthage"] == "120"


def test_gst02_mfa_without_device_is_access_denied() -> None:
    sim, alice, _ = world(mfa=False)
    sim.sign_in(alice)
    raises("AccessDenied", sim.get_session_token, mfa=True)


def test_gst03_needs_no_permission() -> None:
    sim, alice, _ = world()
    sim.put_policy(alice, "no", deny("sts:GetSessionToken"))
    sim.sign_in(alice)
    assert sim.get_session_token()


def test_gst04_same_permissions_iam_only_with_mfa_sts_limited() -> None:
    sim, alice, _ = world(mfa=True)
    sim.sign_in(alice)
    sim.get_session_token()
    assert sim.call("s3:GetObject", "arn:aws:s3:::b/k").outcome == "allowed"
    assert sim.call("iam:ListUsers").outcome == "implicitDeny"
    assert sim.call("sts:GetCallerIdentity").outcome == "allowed"
    assert sim.call("sts:DecodeAuthorizationMessage").outcome == "implicitDeny"
    raises("AccessDenied", sim.get_session_token)
    raises("AccessDenied", sim.get_federation_token, "fed")
    sim.exit()
    sim.get_session_token(mfa=True)
    assert sim.call("iam:ListUsers").outcome == "allowed"


def test_gst05_assume_role_from_session_token_is_chaining() -> None:
    sim, alice, role = world()
    sim.sign_in(alice)
    sim.get_session_token()
    error = raises("ValidationError", sim.assume_role, role, "s1", duration=7200)
    assert "1 hour session limit" in error.message
    assert sim.assume_role(role, "s1").chained is True


def test_gst_token_issue_time_present_for_temporary_only() -> None:
    """CK-07: aws:TokenIssueTime only for temporary credentials; REV-03."""
    sim, alice, _ = world()
    sim.sign_in(alice)
    assert "aws:tokenissuetime" not in sim.request_for(sim.stack[0], "s3:GetObject").context
    session = sim.get_session_token()
    assert sim.request_for(session, "s3:GetObject").context["aws:tokenissuetime"] == \
        "2026-01-01T09:00:00Z"


# -- AR-19 ---------------------------------------------------------------------------------


def test_ar19_role_credentials_cannot_get_tokens() -> None:
    sim, alice, role = world()
    sim.sign_in(alice)
    sim.assume_role(role, "s1")
    error = raises("AccessDenied", sim.get_federation_token, "fed")
    assert error.message == "Cannot call GetFederationToken with session credentials"
    error = raises("AccessDenied", sim.get_session_token)
    assert error.message == "Cannot call GetSessionToken with session credentials"


# -- GetFederationToken --------------------------------------------------------------------


def test_gft01_needs_permission_and_long_term_user_credentials() -> None:
    sim, alice, _ = world()
    sim.put_policy(alice, "p", allow("s3:*"))
    sim.sign_in(alice)
    error = raises("AccessDenied", sim.get_federation_token, "fed")
    assert "federated-user/fed" in error.message
    sim.put_policy(alice, "p", allow(["s3:*", "sts:GetFederationToken"]))
    session = sim.get_federation_token("fed", policy=allow("s3:GetObject"))
    assert session.kind is SessionKind.FEDERATED_USER


def test_gft02_name_shape() -> None:
    sim, alice, _ = world()
    sim.sign_in(alice)
    raises("ValidationError", sim.get_federation_token, "f")
    raises("ValidationError", sim.get_federation_token, "x" * 33)
    raises("ValidationError", sim.get_federation_token, "bad name")
    assert sim.get_federation_token("x" * 32)


def test_gft03_durations() -> None:
    sim, alice, _ = world()
    sim.sign_in(alice)
    assert sim.get_federation_token("fed").expiration == sim.clock.now + timedelta(hours=12)
    sim.exit()
    assert sim.get_federation_token("fed", duration=129600).expiration == \
        sim.clock.now + timedelta(hours=36)
    sim.exit()
    raises("ValidationError", sim.get_federation_token, "fed", duration=129601)
    sim.sign_in(ROOT)
    assert sim.get_federation_token("fed", duration=7200).expiration == \
        sim.clock.now + timedelta(hours=1)


def test_gft04_session_policy_intersection_and_none_means_nothing() -> None:
    sim, alice, _ = world()
    sim.sign_in(alice)
    sim.get_federation_token("fed", policy=allow(["s3:GetObject", "ec2:*"]))
    assert sim.call("s3:GetObject", "arn:aws:s3:::b/k").outcome == "allowed"
    assert sim.call("s3:PutObject", "arn:aws:s3:::b/k").outcome == "implicitDeny"
    assert sim.call("ec2:RunInstances").outcome == "implicitDeny"  # user lacks it
    sim.exit()
    sim.get_federation_token("fed")
    assert sim.call("s3:GetObject", "arn:aws:s3:::b/k").outcome == "implicitDeny"


def test_gft04_resource_policy_naming_the_federated_user_still_grants() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice", inline={"p": allow("sts:GetFederationToken")})
    fed = f"arn:aws:sts::{A}:federated-user/fed"
    wb.resource("arn:aws:s3:::shared", A, policy={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": fed}, "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::shared/*"}]})
    sim = wb.sim()
    sim.sign_in(alice)
    sim.get_federation_token("fed")
    assert sim.call("s3:GetObject", "arn:aws:s3:::shared/k").outcome == "allowed"


def test_id05_federated_user_identity() -> None:
    sim, alice, _ = world()
    sim.sign_in(alice)
    session = sim.get_federation_token("fed", policy=allow("s3:*"))
    assert session.arn == f"arn:aws:sts::{A}:federated-user/fed"
    assert sim.caller_identity() == {"UserId": f"{A}:fed", "Account": A, "Arn": session.arn}
    ctx = sim.request_for(session, "s3:GetObject").context
    assert ctx["aws:principaltype"] == "FederatedUser"
    assert ctx["aws:principalarn"] == session.arn
    assert "aws:username" not in ctx


def test_gft05_federated_credentials_cannot_call_iam_or_sts() -> None:
    sim, alice, role = world()
    sim.sign_in(alice)
    sim.get_federation_token("fed", policy=allow("*"))
    assert sim.call("iam:ListUsers").outcome == "implicitDeny"
    assert sim.call("sts:GetCallerIdentity").outcome == "allowed"
    raises("AccessDenied", sim.assume_role, role, "s1")
    raises("AccessDenied", sim.get_session_token)
    assert sim.call("s3:ListAllMyBuckets").outcome == "allowed"


def test_gft06_tags_override_user_tags_and_cannot_be_transitive() -> None:
    sim, alice, _ = world()
    sim.put_policy(alice, "p", allow(["sts:GetFederationToken", "sts:TagSession"]))
    sim.sign_in(alice)
    session = sim.get_federation_token("fed", tags={"dept": "y"})
    assert session.principal_tag_map == {"team": "ops", "dept": "y"}
    origins = {t.key: t.origin for t in session.principal_tags}
    assert origins == {"team": TagOrigin.USER_TAG, "dept": TagOrigin.SESSION_TAG}
    assert session.transitive_tag_keys == ()


def test_gft06_tags_need_tag_session_permission() -> None:
    sim, alice, _ = world()
    sim.put_policy(alice, "p", allow("sts:GetFederationToken"))
    sim.sign_in(alice)
    error = raises("AccessDenied", sim.get_federation_token, "fed", tags={"a": "b"})
    assert "sts:TagSession" in error.message
