"""Principal forms in trust policies as AssumeRole meets them (TP-02..TP-04, TP-08), and what
a session shows the inspector (OIDC-08, TAG-09)."""

from __future__ import annotations

from typing import Any

import pytest
from test_sts_support import A, B, WorldBuilder, allow, trusting

from rolesim.core.sts.errors import StsError
from rolesim.core.sts.simulator import Simulator

GH = "token.actions.githubusercontent.com"
GH_ARN = f"arn:aws:iam::{A}:oidc-provider/{GH}"


def raises(code: str, fn: Any, *args: Any, **kwargs: Any) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def two_users() -> tuple[WorldBuilder, Simulator, str, str, str]:
    wb = WorldBuilder()
    alice = wb.user("alice", inline={"p": allow("sts:AssumeRole")})
    bob = wb.user("bob", B, inline={"p": allow("sts:AssumeRole")})
    role = wb.role("R", {}, inline={"p": allow("sts:AssumeRole")})
    return wb, wb.sim(), alice, bob, role


def test_tp02_bare_account_id_equals_root_arn() -> None:
    wb, sim, alice, bob, role = two_users()
    wb.set_trust(role, trusting({"AWS": B}))
    sim.sign_in(bob)
    assert sim.assume_role(role, "s1")
    sim.sign_in(alice)
    raises("AccessDenied", sim.assume_role, role, "s1")


def test_tp02_arrays_are_or() -> None:
    wb, sim, alice, bob, role = two_users()
    wb.set_trust(role, trusting({"AWS": [alice, bob]}))
    for who in (alice, bob):
        sim.sign_in(who)
        assert sim.assume_role(role, "s1")


def test_tp02_session_arn_principal_names_only_that_session() -> None:
    wb, sim, alice, _, role = two_users()
    first = wb.role("First", {}, inline={"p": allow("sts:AssumeRole")})
    wb.set_trust(first, trusting({"AWS": alice}))
    wb.set_trust(role, trusting({"AWS": f"arn:aws:sts::{A}:assumed-role/First/good"}))
    sim.sign_in(alice)
    sim.assume_role(first, "good")
    assert sim.assume_role(role, "next")
    sim.exit()
    sim.exit()
    sim.assume_role(first, "other")
    raises("AccessDenied", sim.assume_role, role, "next")


def test_tp04_bare_star_principal_trusts_everyone_including_other_accounts() -> None:
    wb, sim, _, bob, role = two_users()
    wb.set_trust(role, trusting("*"))
    sim.sign_in(bob)
    assert sim.assume_role(role, "s1").account == A


def test_tp04_partial_wildcard_principal_is_refused_on_save() -> None:
    _, sim, _, _, role = two_users()
    raises("MalformedPolicyDocument", sim.update_trust, role,
           trusting({"AWS": f"arn:aws:iam::{A}:role/dev-*"}))


def test_tp03_group_principal_is_refused_on_save() -> None:
    _wb, sim, _, _, role = two_users()
    raises("MalformedPolicyDocument", sim.update_trust, role,
           trusting({"AWS": f"arn:aws:iam::{A}:group/admins"}))


def test_tp08_not_principal_in_trust_is_refused() -> None:
    _, sim, alice, _, role = two_users()
    raises("MalformedPolicyDocument", sim.update_trust, role, {
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {
            "AWS": alice}, "Action": "sts:AssumeRole"}]})


def test_federated_trust_does_not_match_a_later_plain_assume_role() -> None:
    """A web-identity session is an AWS principal from then on; `Federated` names the IdP
    only for AssumeRoleWithWebIdentity (OIDC-03)."""
    wb = WorldBuilder()
    wb.provider(GH_ARN, ["sts.amazonaws.com"])
    first = wb.role("First", {}, inline={"p": allow("sts:AssumeRole")})
    second = wb.role("Second", {})
    wb.set_trust(first, trusting({"Federated": GH_ARN}, "sts:AssumeRoleWithWebIdentity"))
    wb.set_trust(second, trusting({"Federated": GH_ARN}, ["sts:AssumeRole",
                                                         "sts:AssumeRoleWithWebIdentity"]))
    sim = wb.sim()
    session = sim.assume_role_with_web_identity(first, "gha", GH, {"sub": "x", "aud":
                                                                   "sts.amazonaws.com"})
    assert session.provider_arn == GH_ARN  # OIDC-08: Provider
    assert session.web_identity_claims["sub"] == "x"  # OIDC-08: SubjectFromWebIdentityToken
    raises("AccessDenied", sim.assume_role, second, "next")


def test_inspector_fields_split_passed_and_inherited_tags() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    hop = ["sts:AssumeRole", "sts:TagSession"]
    r1 = wb.role("R1", {}, inline={"p": allow("sts:AssumeRole")})
    r2 = wb.role("R2", {}, tags={"Env": "prod"})
    wb.set_trust(r1, trusting({"AWS": alice}, hop))
    wb.set_trust(r2, trusting({"AWS": r1}, hop))
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(r1, "one", tags={"Project": "x"}, transitive_tag_keys=["Project"])
    sim.advance(600)
    session = sim.assume_role(r2, "two", tags={"Cost": "9"})
    assert session.passed_session_tags == {"Cost": "9"}
    assert session.inherited_session_tags == {"Project": "x"}
    assert session.principal_tag_map == {"Env": "prod", "Cost": "9", "Project": "x"}
    assert session.seconds_left(sim.clock.now) == 3600
    assert session.parent is not None and session.parent.session_name == "one"
    assert session.depth == 2 and session.above_sign_in
