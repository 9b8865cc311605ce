"""A request naming a role the world does not hold: AWS's AccessDenied is kept (AR-18), and
the explanation says the role is not there and which role was probably meant."""

from __future__ import annotations

import pytest
from test_sts_federation import GH, claims, oidc_world
from test_sts_support import ALLOW_ALL, A, B, WorldBuilder, role_arn, trusting, user_arn

from rolesim.core.arn_hint import closest_arn
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.simulator import Simulator

NOT_THERE = "There is no role {} in this world."


def signed_in_alice() -> Simulator:
    wb = WorldBuilder()
    alice = wb.user("alice")
    wb.set_trust(wb.role("JumpRole", {}), trusting({"AWS": alice}))
    wb.role("DeployRole", {}, B)
    sim = wb.sim()
    sim.put_policy(alice, "all", ALLOW_ALL)
    sim.sign_in(alice)
    return sim


def refusal(sim: Simulator, role: str) -> StsError:
    with pytest.raises(StsError) as info:
        sim.assume_role(role, "s1")
    assert info.value.code == "AccessDenied"  # AR-18: the outcome AWS gives, not NoSuchEntity
    return info.value


def test_ar18_typo_says_the_role_is_not_there_and_names_the_close_one() -> None:
    missing = role_arn("JumpRol")
    error = refusal(signed_in_alice(), missing)
    assert error.message.endswith(f"on resource: {missing}")  # AWS's words unchanged
    assert error.explanation[0].startswith(NOT_THERE.format(missing))
    assert "AR-18" in error.explanation[0]
    assert error.explanation[1] == f"Did you mean {role_arn('JumpRole')}?"


def test_ar18_wrong_case_and_wrong_account_find_the_role() -> None:
    sim = signed_in_alice()
    assert refusal(sim, role_arn("jumprole")).explanation[1] == (
        f"Did you mean {role_arn('JumpRole')}?")
    assert refusal(sim, role_arn("DeployRole")).explanation[1] == (  # it is in account B
        f"Did you mean {role_arn('DeployRole', B)}?")


def test_ar18_no_close_role_no_guess() -> None:
    missing = role_arn("Nothing")
    assert refusal(signed_in_alice(), missing).explanation == [
        NOT_THERE.format(missing) + " AWS answers AccessDenied for a role that does not exist, "
        "exactly as for one the caller may not assume, so that the error does not tell anyone "
        "which roles exist (AR-18)."]


def test_ar18_a_user_arn_is_not_a_role() -> None:
    explanation = refusal(signed_in_alice(), user_arn("alice")).explanation
    assert explanation[1] == "That ARN names a user: only a role can be assumed."


def test_ar18_a_service_and_web_identity_get_the_same_explanation() -> None:
    sim, oidc_sim = signed_in_alice(), oidc_world()[0]
    attempts = ((lambda: sim.service_assume_role("lambda.amazonaws.com", role_arn("JumpRol")),
                 role_arn("JumpRole")),
                (lambda: oidc_sim.assume_role_with_web_identity(
                    role_arn("Deploi"), "gha", GH, claims()), role_arn("Deploy")))
    for attempt, meant in attempts:
        with pytest.raises(StsError) as info:
            attempt()
        assert info.value.code == "AccessDenied"
        assert info.value.explanation[0].startswith("There is no role ")
        assert info.value.explanation[1] == f"Did you mean {meant}?"


def test_closest_arn_compares_names_not_whole_arns() -> None:
    roles = [role_arn("JumpRole"), role_arn("DeployRole"), role_arn("JumpRole", B)]
    assert closest_arn(role_arn("Nothing"), roles) is None  # whole ARNs are 80% alike
    assert closest_arn(role_arn("JumpRol", B), roles) == role_arn("JumpRole", B)
    assert closest_arn(role_arn("DeployRoles", "999999999999"), roles) == role_arn("DeployRole")
    assert closest_arn("not an arn", roles) is None
    assert closest_arn(f"arn:aws:iam::{A}:role/app/DeployRole", roles) == role_arn("DeployRole")


@pytest.mark.parametrize(("typed", "said"), [
    (user_arn("alice") + " ", f'The user "{user_arn("alice")} " does not exist (did you mean '
                              f'{user_arn("alice")}?)'),  # a trailing space, invisible unquoted
    (user_arn("Alise"), f'The user "{user_arn("Alise")}" does not exist (did you mean '
                        f'{user_arn("alice")}?)'),
    (user_arn("nobody"), f'The user "{user_arn("nobody")}" does not exist'),
])
def test_a_sign_in_as_a_user_not_in_the_world_says_which_was_meant(typed: str,
                                                                   said: str) -> None:
    wb = WorldBuilder()
    wb.user("alice")
    with pytest.raises(StsError) as info:
        wb.sim().sign_in(typed)
    assert info.value.code == "NoSuchEntity" and str(info.value.message) == said
