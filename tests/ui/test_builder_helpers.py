"""The builder's pure helpers: field validators (QT-01, QT-09, QT-10, ID-01), policies in words,
statement line lookup, and reference-keeping edits of the scenario model."""

from __future__ import annotations

import json

import pytest

from rolesim.core.policy.model import PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.scenario.build import build_world
from rolesim.scenario.builtin import load_builtin
from rolesim.scenario.world_edits import delete, rename_references, replace
from rolesim.ui.common.validators import (
    AccountAlias,
    AccountId,
    ArnText,
    IamName,
    IamPath,
    SessionDuration,
    parse_tags,
)
from rolesim.ui.world.documents import document_from_text, line_of_path, statement_lines
from rolesim.ui.world.policy_editor import check
from rolesim.ui.world.policy_words import policy_in_words, trust_in_words

GITHUB = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"


def valid(validator: object, value: str) -> bool:
    return bool(validator.validate(value).is_valid)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("value", "ok"), [
    ("Deploy", True), ("a+b=c,d.e@f_g-h", True), ("x" * 64, True), ("x" * 65, False),
    ("", False), ("has space", False), ("slash/no", False), ("ümlaut", False)])
def test_qt01_role_names(value: str, ok: bool) -> None:
    assert valid(IamName(64), value) is ok


def test_qt01_group_and_policy_names_allow_128() -> None:
    assert valid(IamName(128), "g" * 128) and not valid(IamName(128), "g" * 129)


@pytest.mark.parametrize(("value", "ok"), [
    ("/", True), ("/team/a/", True), ("team/", False), ("/team", False), ("/a b/", False),
    ("/" + "p" * 510 + "/", True), ("/" + "p" * 511 + "/", False)])
def test_qt01_paths(value: str, ok: bool) -> None:
    assert valid(IamPath(), value) is ok


@pytest.mark.parametrize(("value", "ok"), [
    ("111111111111", True), ("11111111111", False), ("1111111111111", False),
    ("11111111111a", False)])
def test_id01_account_ids_are_12_digits(value: str, ok: bool) -> None:
    assert valid(AccountId(), value) is ok


@pytest.mark.parametrize(("value", "ok"), [
    ("", True), ("prod", True), ("my-prod-1", True), ("Prod", False), ("ab", False),
    ("-prod", False), ("prod-", False), ("pr--od", False), ("123456789012", False)])
def test_qt10_account_alias(value: str, ok: bool) -> None:
    assert valid(AccountAlias(), value) is ok


def test_arns_and_durations() -> None:
    assert valid(ArnText(), "arn:aws:s3:::bucket")
    assert not valid(ArnText(), "s3://bucket")
    assert valid(SessionDuration(), "43200") and not valid(SessionDuration(), "43201")
    assert not valid(SessionDuration(), "3599") and not valid(SessionDuration(), "1h")


def test_qt09_tags_keys_case_insensitive_and_limits() -> None:
    assert parse_tags("team=ops, project = x") == {"team": "ops", "project": "x"}
    assert parse_tags("empty=") == {"empty": ""}
    for bad in ("team", "=v", "Team=a, team=b", "k" * 129 + "=v", "k=" + "v" * 257):
        with pytest.raises(ValueError):
            parse_tags(bad)


def test_tp02_account_principal_trust_in_words_names_the_identity_policy_half() -> None:
    trust = parse_policy({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}]},
        PolicyType.TRUST)
    [line] = trust_in_words(trust, "111111111111", {"222222222222": "development"})
    assert ("Trusts any principal in account 222222222222 (development) whose own policies "
            "allow sts:AssumeRole.") in line


def test_trust_in_words_service_federated_and_cross_account_role() -> None:
    trust = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
         "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"Federated": GITHUB},
         "Action": "sts:AssumeRoleWithWebIdentity",
         "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::333333333333:role/Ci"},
         "Action": "sts:AssumeRole"}]}, PolicyType.TRUST)
    lines = trust_in_words(trust, "111111111111")
    assert "the AWS service lambda.amazonaws.com" in lines[0]
    assert "identity provider" in lines[1] and "matches \"repo:o/r:*\"" in lines[1]
    assert "sts:AssumeRoleWithWebIdentity" in lines[1]
    assert "the role Ci in account 333333333333" in lines[2] and "another account" in lines[2]


def test_permissions_in_words_not_action_and_deny() -> None:
    policy = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}, PolicyType.IDENTITY)
    [line] = policy_in_words(policy)
    assert line.startswith("Statement[") and "Denies every action except iam:*" in line
    assert "aws:MultiFactorAuthPresent is \"false\"" in line


def test_errors_point_at_the_line_of_their_statement() -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Maybe", "Action": "s3:GetObject", "Resource": "*"}]}, indent=2)
    assert statement_lines(text) == [4, 9]
    policy, problems = check(text, PolicyType.IDENTITY)
    assert policy is None and problems[0].severity == "error"
    assert problems[0].line == 9, problems[0]
    assert line_of_path(text, "Statement") == 4


def test_json_syntax_error_names_its_line() -> None:
    policy, problems = check('{\n  "Version": "2012-10-17",\n  "Statement": [\n}', PolicyType.TRUST)
    assert policy is None and problems[0].line == 4


def test_trust_without_principal_is_refused_tp01() -> None:
    policy, problems = check(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole"}]}), PolicyType.TRUST)
    assert policy is None and problems


def test_document_kept_as_written_or_as_table() -> None:
    assert document_from_text('{"a": 1}', None) == '{"a": 1}'
    assert document_from_text('{"a": 1}', {"old": True}) == {"a": 1}


def test_rename_follows_references_in_world_and_steps() -> None:
    scenario = load_builtin()
    old, new = ("arn:aws:iam::222222222222:group/Developers",
                "arn:aws:iam::222222222222:group/Devs")
    spec = next(g for g in scenario.groups if g.arn == old)
    replace(scenario, "group", old, spec.model_copy(update={"arn": new}))
    assert all(old not in u.groups for u in scenario.users)
    assert any(new in u.groups for u in scenario.users)
    build_world(scenario)


def test_account_id_change_moves_every_arn_of_the_account() -> None:
    scenario = load_builtin()
    account = next(a for a in scenario.accounts if a.id == "111111111111")
    replace(scenario, "account", "111111111111", account.model_copy(update={"id": "999999999999"}))
    assert all(":111111111111:" not in r.arn for r in scenario.roles)
    assert any(getattr(s, "role", "") == "arn:aws:iam::999999999999:role/UpdateApp"
               for s in scenario.steps)
    assert [r.account for r in scenario.resources].count("999999999999") == 1


def test_delete_policy_detaches_it_and_the_world_still_builds() -> None:
    scenario = load_builtin()
    arn = scenario.policies[0].arn
    delete(scenario, "policy", arn)
    assert all(arn not in r.policies for r in scenario.roles)
    build_world(scenario)


def test_delete_account_deletes_what_lives_in_it() -> None:
    scenario = load_builtin()
    delete(scenario, "account", "111111111111")
    assert [a.id for a in scenario.accounts] == ["222222222222"]
    assert not [r.arn for r in scenario.roles if ":111111111111:" in r.arn]
    assert not [p.arn for p in scenario.policies if ":111111111111:" in p.arn]
    # the development account's own role and policy stay
    assert [r.arn for r in scenario.roles] == ["arn:aws:iam::222222222222:role/PublishReports"]
    rename_references(scenario, "x", "y")  # nothing left to follow; must not fail


def test_long_action_lists_are_shortened_for_the_screen() -> None:
    from rolesim.core.managed import aws_managed_document

    document = aws_managed_document("arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert document is not None
    lines = policy_in_words(parse_policy(document, PolicyType.IDENTITY))
    assert any(" more" in line for line in lines)
    assert max(len(line) for line in lines) < 400
