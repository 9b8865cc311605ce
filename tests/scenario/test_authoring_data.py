"""What the authoring pickers and templates offer, checked against the fact sheet: every policy
template is a policy IAM accepts and has the shape AWS documents (fact IDs in the test names),
and the trust templates decide as AWS would when a scenario uses them."""

from __future__ import annotations

import json

import pytest

from rolesim.core.policy.model import PolicyType
from rolesim.scenario.builtin import load_builtin
from rolesim.scenario.choices import (
    entity_choices,
    missing_note,
    policy_choices,
    rank,
    root_label,
)
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay
from rolesim.scenario.templates import (
    PERMISSION_TEMPLATES,
    TRUST_TEMPLATES,
    defaults,
    template,
    templates_for,
)
from rolesim.ui.world.policy_editor import check

VALUES = defaults(load_builtin(), "111111111111")


def statement(template_id: str) -> dict[str, object]:
    document = template(template_id).document(VALUES)
    first: dict[str, object] = document["Statement"][0]
    return first


@pytest.mark.parametrize("found", TRUST_TEMPLATES, ids=lambda t: t.id)
def test_every_trust_template_is_a_valid_trust_policy(found: object) -> None:
    policy, problems = check(found.text(VALUES), PolicyType.TRUST)  # type: ignore[attr-defined]
    assert policy is not None and problems == []


@pytest.mark.parametrize("found", PERMISSION_TEMPLATES, ids=lambda t: t.id)
def test_every_permission_template_is_a_valid_identity_policy(found: object) -> None:
    policy, problems = check(found.text(VALUES), PolicyType.IDENTITY)  # type: ignore[attr-defined]
    assert policy is not None and problems == []


def test_galleries_start_with_empty_and_hold_the_eight_trust_shapes() -> None:
    assert templates_for("trust")[0].id == "empty"
    assert templates_for("permissions")[0].id == "empty"
    assert [t.id for t in TRUST_TEMPLATES] == [
        "same-account", "other-account", "other-account-external-id", "service",
        "github-oidc", "eks-irsa", "saml", "mfa-required"]


def test_tp02_tp10_another_account_names_its_root() -> None:
    assert VALUES["trusted_account"] == "222222222222"  # the builtin world's other account
    assert statement("other-account")["Principal"] == {
        "AWS": "arn:aws:iam::222222222222:root"}


def test_tp13_external_id_is_a_stringequals_on_sts_externalid() -> None:
    assert statement("other-account-external-id")["Condition"] == {
        "StringEquals": {"sts:ExternalId": VALUES["external_id"]}}


def test_tp15_service_trust_names_the_service_and_its_source_account() -> None:
    found = statement("service")
    assert found["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert found["Condition"] == {"StringEquals": {"aws:SourceAccount": "111111111111"}}


def test_oidc03_oidc05_github_trust_pins_audience_and_subject() -> None:
    found = statement("github-oidc")
    assert found["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert found["Principal"] == {"Federated": "arn:aws:iam::111111111111:oidc-provider/"
                                               "token.actions.githubusercontent.com"}
    condition = found["Condition"]
    assert condition == {  # type: ignore[comparison-overlap]
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub":
                       "repo:my-org/my-repo:ref:refs/heads/main"}}


def test_oidc04_eks_irsa_subject_is_the_service_account() -> None:
    found = statement("eks-irsa")
    issuer = VALUES["eks_issuer"]
    assert found["Condition"] == {"StringEquals": {
        f"{issuer}:sub": "system:serviceaccount:default:my-app",
        f"{issuer}:aud": "sts.amazonaws.com"}}


def test_saml05_saml_trust_checks_the_sign_in_audience() -> None:
    found = statement("saml")
    assert found["Action"] == "sts:AssumeRoleWithSAML"
    assert found["Condition"] == {"StringEquals": {
        "SAML:aud": "https://signin.aws.amazon.com/saml"}}


def test_tp14_mfa_template_requires_multifactorauthpresent() -> None:
    assert statement("mfa-required")["Condition"] == {
        "Bool": {"aws:MultiFactorAuthPresent": "true"}}


def test_role_to_assume_defaults_to_another_accounts_role_never_the_owner() -> None:
    scenario = load_builtin()
    role = scenario.roles[0].arn
    assert defaults(scenario, "222222222222")["role"] == role  # a dev user: the prod role
    assert defaults(scenario, "111111111111", owner=role).get("role") != role


WORLD = """
format = 1
title = "External ID"
[[accounts]]
id = "111111111111"
[[accounts]]
id = "222222222222"
[[users]]
arn = "arn:aws:iam::222222222222:user/dev"
mfa = true
inline = {{ go = {allow} }}
[[roles]]
arn = "arn:aws:iam::111111111111:role/Reader"
trust = {trust}
[[steps]]
do = "sign-in"
principal = "arn:aws:iam::222222222222:user/dev"
[[steps]]
do = "assume-role"
role = "arn:aws:iam::111111111111:role/Reader"
session_name = "s1"
{first}
[[steps]]
do = "assume-role"
role = "arn:aws:iam::111111111111:role/Reader"
session_name = "s2"
{second}
"""


def run_with(template_id: str, first: str, second: str) -> list[str]:
    values = defaults(load_builtin(), "111111111111")
    values["role"] = "arn:aws:iam::111111111111:role/Reader"
    text = WORLD.format(allow=json.dumps(template("assume-one-role").text(values)),
                        trust=json.dumps(template(template_id).text(values)),
                        first=first, second=second)
    result = replay(load_scenario_text(text, "t.toml"))
    return [r.outcome for r in result.results]


def test_tp13_tp10_external_id_template_refuses_without_the_id_and_allows_with_it() -> None:
    outcomes = run_with("other-account-external-id", "",
                        f'external_id = "{VALUES["external_id"]}"')
    assert outcomes == ["ok", "AccessDenied", "ok"]


def test_tp14_ar20_mfa_template_refuses_without_mfa() -> None:
    assert run_with("mfa-required", "", "mfa = true") == ["ok", "AccessDenied", "ok"]


def test_pickers_find_aws_managed_policies_by_part_of_their_name() -> None:
    found = [c.label for c in rank(policy_choices(load_builtin()), "readonly", 50)]
    assert found[0] == "ReadOnlyAccess"
    assert {"ViewOnlyAccess", "AmazonS3ReadOnlyAccess", "IAMReadOnlyAccess"} <= set(found)
    first = rank(policy_choices(load_builtin()), "readonly", 1)[0]
    assert first.value == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert first.detail.startswith("AWS managed · v")  # what it is, its version and date


def test_the_worlds_own_policies_come_first() -> None:
    scenario = load_builtin()
    own = [p.arn for p in scenario.policies]
    assert [c.value for c in policy_choices(scenario)[:len(own)]] == own


def test_id02_each_root_is_named_with_its_account() -> None:
    labels = [c.label for c in entity_choices(load_builtin(), "signins")]
    assert "root of 111111111111 (production)" in labels
    assert "root of 222222222222 (development)" in labels
    assert root_label("333333333333") == "root of 333333333333"


def test_ar18_a_role_missing_from_the_world_is_kept_with_a_note() -> None:
    scenario = load_builtin()
    assert missing_note(scenario, "roles", scenario.roles[0].arn) == ""
    note = missing_note(scenario, "roles", "arn:aws:iam::111111111111:role/Nope")
    assert "no such role in this world" in note and "AccessDenied" in note
    assert missing_note(scenario, "policies", "arn:aws:iam::aws:policy/ReadOnlyAccess") == ""
