"""AssumeRoleWithWebIdentity (OIDC-*) and AssumeRoleWithSAML (SAML-*)."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from typing import Any

import pytest
from test_sts_support import A, WorldBuilder, allow, trusting

from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import SessionKind, TagOrigin
from rolesim.core.sts.simulator import Simulator

GH = "token.actions.githubusercontent.com"
GH_ARN = f"arn:aws:iam::{A}:oidc-provider/{GH}"
SAML_ARN = f"arn:aws:iam::{A}:saml-provider/Okta"
ATTR = "https://aws.amazon.com/SAML/Attributes/"
SUB = "repo:org/app:ref:refs/heads/main"


def raises(code: str, fn: Any, *args: Any, **kwargs: Any) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def oidc_world(condition: dict[str, Any] | None = None,
               actions: list[str] | None = None) -> tuple[Simulator, str]:
    wb = WorldBuilder()
    wb.provider(GH_ARN, ["sts.amazonaws.com"])
    role = wb.role("Deploy", {}, inline={"s3": allow("s3:*")}, max_session_duration=7200)
    wb.set_trust(role, trusting({"Federated": GH_ARN},
                                actions or ["sts:AssumeRoleWithWebIdentity"],
                                condition if condition is not None else {
                                    "StringEquals": {f"{GH}:aud": "sts.amazonaws.com"},
                                    "StringLike": {f"{GH}:sub": "repo:org/app:*"}}))
    return wb.sim(), role


def claims(**extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"sub": SUB, "aud": "sts.amazonaws.com"}
    out.update(extra)
    return out


def test_oidc01_needs_no_credentials_and_restarts_the_stack() -> None:
    sim, role = oidc_world()
    session = sim.assume_role_with_web_identity(role, "gha", GH, claims())
    assert session.kind is SessionKind.WEB_IDENTITY
    assert sim.stack == [session] and session.depth == 0
    assert session.arn == f"arn:aws:sts::{A}:assumed-role/Deploy/gha"
    raises("NothingToExit", sim.exit)
    assert sim.call("s3:GetObject", "arn:aws:s3:::b/k").outcome == "allowed"


def test_oidc01_session_name_rules_as_ar02() -> None:
    sim, role = oidc_world()
    raises("ValidationError", sim.assume_role_with_web_identity, role, "a:b", GH, claims())


def test_oidc02_duration_default_and_role_max() -> None:
    sim, role = oidc_world()
    session = sim.assume_role_with_web_identity(role, "gha", GH, claims())
    assert session.expiration == sim.clock.now + timedelta(hours=1)
    raises("ValidationError", sim.assume_role_with_web_identity, role, "gha", GH, claims(),
           duration=7201)
    session = sim.assume_role_with_web_identity(role, "gha", GH, claims(), duration=7200)
    assert session.expiration == sim.clock.now + timedelta(hours=2)


def test_oidc04_oidc05_sub_condition_is_enforced() -> None:
    sim, role = oidc_world()
    error = raises("AccessDenied", sim.assume_role_with_web_identity, role, "gha", GH,
                   claims(sub="repo:evil/app:ref:refs/heads/main"))
    assert error.message == "Not authorized to perform sts:AssumeRoleWithWebIdentity"  # OIDC-07


def test_oidc05_without_sub_condition_any_repository_may_assume() -> None:
    sim, role = oidc_world({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}})
    assert sim.assume_role_with_web_identity(role, "gha", GH,
                                             claims(sub="repo:evil/x:ref:refs/heads/main"))


def test_oidc04_amr_is_multivalued() -> None:
    sim, role = oidc_world({"ForAnyValue:StringLike": {f"{GH}:amr": "authenticated"}})
    assert sim.assume_role_with_web_identity(role, "gha", GH,
                                             claims(amr=["authenticated", "x"]))
    raises("AccessDenied", sim.assume_role_with_web_identity, role, "gha", GH,
           claims(amr=["unauthenticated"]))


def test_oidc06_unknown_issuer() -> None:
    sim, role = oidc_world()
    error = raises("InvalidIdentityToken", sim.assume_role_with_web_identity, role, "gha",
                   "accounts.example.com", claims())
    assert error.message == ("No OpenIDConnect provider found in your account for "
                             "https://accounts.example.com")


def test_oidc06_wrong_audience() -> None:
    sim, role = oidc_world()
    error = raises("InvalidIdentityToken", sim.assume_role_with_web_identity, role, "gha", GH,
                   claims(aud="someone-else"))
    assert error.message == "Incorrect token audience"


def test_oidc07_expired_token() -> None:
    sim, role = oidc_world()
    exp = "2026-01-01T09:05:00Z"
    assert sim.assume_role_with_web_identity(role, "gha", GH, claims(exp=exp))
    sim.advance(300)
    error = raises("ExpiredTokenException", sim.assume_role_with_web_identity, role, "gha", GH,
                   claims(exp=exp))
    assert error.message.startswith("Token expired: current date/time 2026-01-01T09:05:00Z")


def test_oidc03_trust_must_name_the_provider() -> None:
    wb = WorldBuilder()
    wb.provider(GH_ARN, ["sts.amazonaws.com"])
    role = wb.role("Deploy", {})
    wb.set_trust(role, trusting({"AWS": A}, "sts:AssumeRoleWithWebIdentity"))
    sim = wb.sim()
    raises("AccessDenied", sim.assume_role_with_web_identity, role, "gha", GH, claims())


def test_oidc_role_that_does_not_exist_is_access_denied() -> None:
    sim, _ = oidc_world()
    raises("AccessDenied", sim.assume_role_with_web_identity,
           f"arn:aws:iam::{A}:role/Nope", "gha", GH, claims())


def test_oidc09_tags_and_source_identity_from_the_token() -> None:
    sim, role = oidc_world(actions=["sts:AssumeRoleWithWebIdentity", "sts:TagSession",
                                    "sts:SetSourceIdentity"])
    token = claims(**{
        "https://aws.amazon.com/tags": {"principal_tags": {"Project": ["x"], "Cost": ["9"]},
                                        "transitive_tag_keys": ["Project"]},
        "https://aws.amazon.com/source_identity": "alice",
    })
    session = sim.assume_role_with_web_identity(role, "gha", GH, token)
    assert session.session_tags == {"Project": "x", "Cost": "9"}
    assert session.transitive_tag_keys == ("Project",)
    assert session.source_identity == "alice"
    assert {t.key: t.origin for t in session.principal_tags} == {
        "Project": TagOrigin.SESSION_TAG, "Cost": TagOrigin.SESSION_TAG}


def test_tag03_token_with_tags_needs_tag_session() -> None:
    sim, role = oidc_world()
    token = claims(**{"https://aws.amazon.com/tags": {"principal_tags": {"P": ["x"]}}})
    error = raises("AccessDenied", sim.assume_role_with_web_identity, role, "gha", GH, token)
    assert "sts:TagSession" in error.message


def test_si02_token_with_source_identity_needs_set_source_identity() -> None:
    sim, role = oidc_world()
    token = claims(**{"https://aws.amazon.com/source_identity": "alice"})
    raises("AccessDenied", sim.assume_role_with_web_identity, role, "gha", GH, token)


def test_ck15_ck16_web_identity_session_context() -> None:
    sim, role = oidc_world()
    session = sim.assume_role_with_web_identity(role, "gha", GH, claims(repository="org/app"))
    ctx = sim.request_for(session, "s3:GetObject").context
    assert ctx["aws:federatedprovider"] == GH_ARN
    assert ctx[f"{GH}:sub"] == SUB
    assert ctx[f"{GH}:aud"] == "sts.amazonaws.com"
    assert f"{GH}:repository" not in ctx  # CK-16: only amr, aud, id, sub remain
    assert ctx["aws:principaltype"] == "AssumedRole"


def test_ch05_assume_role_from_a_web_identity_session_is_chaining() -> None:
    sim, role = oidc_world()
    wb_role = sim.world.roles[role]
    sim.put_policy(role, "hop", allow("sts:AssumeRole"))
    other = f"arn:aws:iam::{A}:role/Next"
    from rolesim.core.world import Role, unique_id

    sim.world.roles[other] = Role(other, unique_id("AROA", other), max_session_duration=43200)
    sim.update_trust(other, trusting({"AWS": wb_role.arn}))
    sim.assume_role_with_web_identity(role, "gha", GH, claims())
    raises("ValidationError", sim.assume_role, other, "next", duration=7200)
    assert sim.assume_role(other, "next").chained is True


# -- SAML ---------------------------------------------------------------------------------


def saml_world(condition: dict[str, Any] | None = None,
               actions: list[str] | None = None) -> tuple[Simulator, str]:
    wb = WorldBuilder()
    wb.provider(SAML_ARN)
    role = wb.role("Federated", {}, inline={"s3": allow("s3:*")}, max_session_duration=7200)
    wb.set_trust(role, trusting({"Federated": SAML_ARN}, actions or ["sts:AssumeRoleWithSAML"],
                                condition if condition is not None else {
                                    "StringEquals": {"SAML:aud":
                                                     "https://signin.aws.amazon.com/saml"}}))
    return wb.sim(), role


def attrs(**extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {ATTR + "RoleSessionName": "alice@example.com"}
    out.update({ATTR + k: v for k, v in extra.items()})
    return out


def test_saml01_saml02_session_name_from_attribute_no_credentials_needed() -> None:
    sim, role = saml_world()
    session = sim.assume_role_with_saml(role, SAML_ARN, "alice", attrs())
    assert session.kind is SessionKind.SAML
    assert session.arn == f"arn:aws:sts::{A}:assumed-role/Federated/alice@example.com"
    assert sim.stack == [session]


@pytest.mark.parametrize("name", ["a", "has space", "x" * 65])
def test_saml02_bad_session_name_attribute(name: str) -> None:
    sim, role = saml_world()
    error = raises("InvalidIdentityToken", sim.assume_role_with_saml, role, SAML_ARN, "alice",
                   {ATTR + "RoleSessionName": name})
    assert error.message == "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"


def test_saml02_attribute_names_are_case_sensitive() -> None:
    sim, role = saml_world()
    raises("InvalidIdentityToken", sim.assume_role_with_saml, role, SAML_ARN, "alice",
           {ATTR + "rolesessionname": "alice"})


def test_saml03_role_attribute_must_pair_role_and_provider() -> None:
    sim, role = saml_world()
    assert sim.assume_role_with_saml(role, SAML_ARN, "alice",
                                     attrs(Role=[f"{role},{SAML_ARN}"]))
    raises("AccessDenied", sim.assume_role_with_saml, role, SAML_ARN, "alice",
           attrs(Role=[f"arn:aws:iam::{A}:role/Other,{SAML_ARN}"]))


def test_saml04_duration_and_session_duration_only_shortens() -> None:
    sim, role = saml_world()
    session = sim.assume_role_with_saml(role, SAML_ARN, "alice", attrs(SessionDuration="1800"))
    assert session.expiration == sim.clock.now + timedelta(seconds=1800)
    session = sim.assume_role_with_saml(role, SAML_ARN, "alice", attrs(SessionDuration="43200"))
    assert session.expiration == sim.clock.now + timedelta(hours=1)
    raises("ValidationError", sim.assume_role_with_saml, role, SAML_ARN, "alice", attrs(),
           duration=7201)


def test_saml05_audience_is_checked_in_trust() -> None:
    sim, role = saml_world()
    error = raises("AccessDenied", sim.assume_role_with_saml, role, SAML_ARN, "alice", attrs(),
                   audience="https://elsewhere.example.com")
    assert error.message == "Not authorized to perform sts:AssumeRoleWithSAML"  # SAML-09


def test_saml06_saml_keys_in_trust() -> None:
    sim, role = saml_world({"StringEquals": {"saml:sub": "alice", "saml:sub_type": "persistent",
                                             "saml:doc": f"{A}/Okta"},
                            "ForAnyValue:StringEquals": {"saml:groups": "admins"}})
    assert sim.assume_role_with_saml(role, SAML_ARN, "alice",
                                     {**attrs(), "groups": ["dev", "admins"]})
    raises("AccessDenied", sim.assume_role_with_saml, role, SAML_ARN, "bob", attrs())


def test_saml07_name_qualifier() -> None:
    from rolesim.core.sts.federation import saml_keys

    keys = saml_keys(SAML_ARN, "alice", "aud", "https://idp.example.com", {})
    digest = hashlib.sha1(f"https://idp.example.com{A}/Okta".encode()).digest()
    assert keys["saml:namequalifier"] == base64.b64encode(digest).decode()
    assert keys["saml:iss"] == "https://idp.example.com"


def test_saml08_tags_and_source_identity_attributes() -> None:
    sim, role = saml_world(actions=["sts:AssumeRoleWithSAML", "sts:TagSession",
                                    "sts:SetSourceIdentity"])
    session = sim.assume_role_with_saml(role, SAML_ARN, "alice", attrs(**{
        "PrincipalTag:Team": "ops", "PrincipalTag:Cost": "9", "TransitiveTagKeys": ["Team"],
        "SourceIdentity": "alice"}))
    assert session.session_tags == {"Team": "ops", "Cost": "9"}
    assert session.transitive_tag_keys == ("Team",)
    assert session.source_identity == "alice"
    ctx = sim.request_for(session, "s3:GetObject").context
    assert ctx["aws:principaltag/team"] == "ops"
    assert ctx["aws:federatedprovider"] == SAML_ARN


def test_saml_expired_assertion() -> None:
    sim, role = saml_world()
    raises("ExpiredTokenException", sim.assume_role_with_saml, role, SAML_ARN, "alice", attrs(),
           not_on_or_after="2026-01-01T09:00:00Z")
    assert sim.assume_role_with_saml(role, SAML_ARN, "alice", attrs(),
                                     not_on_or_after="2026-01-01T09:00:01Z")


def test_saml_unknown_provider() -> None:
    sim, role = saml_world()
    raises("InvalidIdentityToken", sim.assume_role_with_saml, role,
           f"arn:aws:iam::{A}:saml-provider/Nope", "alice", attrs())


def test_oidc03_oidc04_built_in_cognito_provider_needs_no_iam_provider() -> None:
    cognito = "cognito-identity.amazonaws.com"
    wb = WorldBuilder()
    role = wb.role("Mobile", {}, inline={"p": allow("s3:GetObject")})
    wb.set_trust(role, trusting({"Federated": cognito}, "sts:AssumeRoleWithWebIdentity", {
        "StringEquals": {f"{cognito}:aud": "us-east-1:pool-id"},
        "ForAnyValue:StringLike": {f"{cognito}:amr": "authenticated"}}))
    sim = wb.sim()
    token = {"sub": "us-east-1:abc", "aud": "us-east-1:pool-id",
             "amr": ["authenticated", "cognito-idp.amazonaws.com/pool"]}
    session = sim.assume_role_with_web_identity(role, "app", cognito, token)
    ctx = sim.request_for(session, "s3:GetObject").context
    assert ctx["aws:federatedprovider"] == cognito  # CK-15
    assert ctx[f"{cognito}:amr"] == ("authenticated", "cognito-idp.amazonaws.com/pool")
    raises("AccessDenied", sim.assume_role_with_web_identity, role, "app", cognito,
           {**token, "amr": ["unauthenticated"]})


def test_oidc04_google_aud_is_azp_when_set_and_oaud_is_the_token_aud() -> None:
    google = "accounts.google.com"
    wb = WorldBuilder()
    role = wb.role("G", {})
    wb.set_trust(role, trusting({"Federated": google}, "sts:AssumeRoleWithWebIdentity", {
        "StringEquals": {f"{google}:aud": "client-azp", f"{google}:oaud": "client-aud"}}))
    sim = wb.sim()
    assert sim.assume_role_with_web_identity(role, "g1", google, {
        "sub": "1", "aud": "client-aud", "azp": "client-azp"})
    raises("AccessDenied", sim.assume_role_with_web_identity, role, "g1", google, {
        "sub": "1", "aud": "client-aud"})
