"""Identifiers and error shapes (ER-01, ER-05, ID-01, ID-02, ID-13, ID-15), quotas
reported by STS (QT-06, QT-08, QT-09), SLR-09 and REV-01."""

from __future__ import annotations

import random
import string
from typing import Any

import pytest
from test_sts_support import A, WorldBuilder, allow, trusting

from rolesim.core.arn import Arn
from rolesim.core.sts.errors import StsError

GH = "token.actions.githubusercontent.com"


def raises(code: str, fn: Any, *args: Any, **kwargs: Any) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def test_er01_errors_carry_code_and_message() -> None:
    error = StsError("AccessDenied", "User: x is not authorized")
    assert (error.code, error.message) == ("AccessDenied", "User: x is not authorized")
    assert str(error) == "AccessDenied: User: x is not authorized"


def test_er05_sts_error_codes_of_each_failure() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("R", {})
    wb.set_trust(role, trusting({"AWS": alice}, ["sts:AssumeRole", "sts:TagSession"]))
    wb.provider(f"arn:aws:iam::{A}:oidc-provider/{GH}", ["sts.amazonaws.com"])
    sim = wb.sim()
    sim.sign_in(alice)
    raises("MalformedPolicyDocument", sim.assume_role, role, "s1", policy="{")
    rng = random.Random(1)
    noise = string.ascii_letters + string.digits
    raises("PackedPolicyTooLarge", sim.assume_role, role, "s1",
           tags={f"k{i}": "".join(rng.choices(noise, k=250)) for i in range(50)})
    raises("InvalidIdentityToken", sim.assume_role_with_web_identity, role, "s1", "nope.io", {})
    raises("ExpiredTokenException", sim.assume_role_with_web_identity, role, "s1", GH,
           {"aud": "sts.amazonaws.com", "exp": "2025-01-01T00:00:00Z"})


def test_id01_id02_session_and_principal_arns_have_empty_region() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("R", {}, path="/p/")
    wb.set_trust(role, trusting({"AWS": alice}))
    sim = wb.sim()
    sim.sign_in(alice)
    session = sim.assume_role(role, "s1")
    for arn in (alice, role, session.arn):
        parsed = Arn.parse(arn)
        assert parsed.partition == "aws" and parsed.region == ""
    assert Arn.parse(session.arn).service == "sts"
    assert role == f"arn:aws:iam::{A}:role/p/R"


def test_id13_access_key_prefixes() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    sim = wb.sim()
    long_term = sim.sign_in(alice)
    temporary = sim.get_session_token()
    assert long_term.access_key_id.startswith("AKIA") and len(long_term.access_key_id) == 20
    assert temporary.access_key_id.startswith("ASIA") and len(temporary.access_key_id) == 20


def test_id15_user_name_in_principal_is_case_sensitive() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("R", {})
    wb.set_trust(role, trusting({"AWS": f"arn:aws:iam::{A}:user/ALICE"}))
    sim = wb.sim()
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1")


def test_qt06_qt08_qt09_sts_limits() -> None:
    """QT-06 trust 2,048; QT-08 session name 64, 50 tags, key 128, value 256; QT-09 tag keys
    are case-insensitive for roles and sessions."""
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("R", {}, tags={"CostCenter": "1"})
    wb.set_trust(role, trusting({"AWS": alice}, ["sts:AssumeRole", "sts:TagSession"]))
    sim = wb.sim()
    sim.sign_in(alice)
    raises("ValidationError", sim.assume_role, role, "x" * 65)
    raises("ValidationError", sim.assume_role, role, "s1", tags={"k" * 129: "v"})
    raises("ValidationError", sim.assume_role, role, "s1", tags={"k": "v" * 257})
    session = sim.assume_role(role, "s1", tags={"k" * 128: "v" * 256, "costcenter": "2"})
    assert session.principal_tag_map["costcenter"] == "2"
    assert "CostCenter" not in session.principal_tag_map
    big = trusting({"AWS": alice}, condition={"StringEquals": {
        "sts:ExternalId": [f"external-{i:04d}" for i in range(200)]}})
    raises("LimitExceeded", sim.update_trust, role, big)


def test_slr09_service_role_session_has_no_called_via_and_via_service_false() -> None:
    wb = WorldBuilder()
    role = wb.role("Exec", {}, inline={"p": allow("logs:*")})
    wb.set_trust(role, trusting({"Service": "lambda.amazonaws.com"}))
    sim = wb.sim()
    session = sim.service_assume_role("lambda.amazonaws.com", role)
    ctx = sim.request_for(session, "logs:PutLogEvents").context
    assert ctx["aws:viaawsservice"] == "false"
    assert "aws:calledvia" not in ctx
    assert ctx["aws:principaltype"] == "AssumedRole"


def test_rev01_credentials_are_not_revoked_individually_but_permissions_change() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("R", {}, inline={"p": allow("s3:*")})
    wb.set_trust(role, trusting({"AWS": alice}))
    sim = wb.sim()
    sim.sign_in(alice)
    session = sim.assume_role(role, "s1")
    sim.delete_policy(role, "p")
    assert not session.expired(sim.clock.now)  # the credentials themselves stay valid
    assert sim.call("s3:GetObject", "arn:aws:s3:::b/k").outcome == "implicitDeny"
