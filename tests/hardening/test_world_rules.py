"""Issue 16: the loader refuses what IAM refuses to save: documents over their quotas
(QT-02, QT-03, QT-06 / TP-16) and names breaking IAM's naming rules (QT-01), with the same
rules the builder's forms use (rolesim.core.names)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from rolesim.core.names import name_problem
from rolesim.ui.common.validators import IamName
from tests.hardening import hostile
from tests.hardening.conftest import Ran

Cli = Callable[..., Ran]


def _policy(n_actions: int, principal: bool = False) -> str:
    """A policy whose size without whitespace grows with `n_actions` (each action is
    `"s3:GetObjectNNNNN",` = 19 characters)."""
    statement: dict[str, object] = {"Effect": "Allow",
                                    "Action": [f"s3:GetObject{i:05d}" for i in range(n_actions)]}
    if principal:
        statement["Principal"] = {"AWS": "arn:aws:iam::111111111111:root"}
        statement["Action"] = ["sts:AssumeRole", *statement["Action"]]  # type: ignore[misc]
    else:
        statement["Resource"] = "*"
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=4)


def _error(cli: Cli, tmp_path: Path, text: str) -> str:
    path = tmp_path / "s.toml"
    path.write_text(text)
    ran = cli("run", str(path))
    assert ran.status == 2, ran.out
    assert "internal error" not in ran.err
    return ran.err


def _size(document: str) -> int:
    return sum(1 for c in json.dumps(json.loads(document), separators=(",", ":"))
               if not c.isspace())


def test_a_trust_policy_over_2048_characters_is_refused_at_load_qt06(tmp_path: Path,
                                                                    cli: Cli) -> None:
    trust = _policy(110, principal=True)
    assert _size(trust) > 2048 and len(trust) > 4000  # indentation is not counted
    err = _error(cli, tmp_path, hostile.scenario(trust=json.dumps(trust)))
    assert "roles[0].trust: LimitExceeded: Cannot exceed quota for ACLSizePerRole: 2048" in err


def test_a_trust_policy_under_2048_without_whitespace_loads_tp16(tmp_path: Path,
                                                                cli: Cli) -> None:
    """Whitespace is not counted: a document of 4,000+ characters with indentation that is
    under 2,048 without it is accepted (TP-16)."""
    trust = _policy(95, principal=True)
    assert _size(trust) <= 2048 < len(trust)
    path = tmp_path / "s.toml"
    path.write_text(hostile.scenario(trust=json.dumps(trust)))
    assert cli("run", str(path)).status == 0


def test_inline_policies_of_a_role_over_10240_in_total_are_refused_qt02(tmp_path: Path,
                                                                        cli: Cli) -> None:
    big = json.dumps(_policy(300))
    text = hostile.scenario().replace("\n[[steps]]", f"inline.a = {big}\ninline.b = {big}\n"
                                      "\n[[steps]]", 1)
    err = _error(cli, tmp_path, text)
    assert "roles[0].inline: LimitExceeded: Maximum policy size of 10240 bytes exceeded " \
           "for role R" in err


def test_inline_policies_of_a_user_over_2048_are_refused_qt02(tmp_path: Path,
                                                              cli: Cli) -> None:
    text = hostile.scenario().replace("[[roles]]", f"inline.big = {json.dumps(_policy(120))}"
                                      "\n\n[[roles]]", 1)
    err = _error(cli, tmp_path, text)
    assert "users[0].inline: LimitExceeded: Maximum policy size of 2048 bytes exceeded " \
           "for user alice" in err


def test_a_customer_managed_policy_over_6144_is_refused_qt03(tmp_path: Path, cli: Cli) -> None:
    text = hostile.scenario() + ('\n[[policies]]\narn = "arn:aws:iam::111111111111:policy/Big"'
                                 f"\ndocument = {json.dumps(_policy(340))}\n")
    err = _error(cli, tmp_path, text)
    assert "policies[0].document: LimitExceeded: Cannot exceed quota for PolicySize: 6144" in err


def test_a_trust_policy_whose_floats_iam_counts_longer_is_refused_qt06(tmp_path: Path,
                                                                      cli: Cli) -> None:
    """The quota counts the document as compact JSON (as rolesim writes it), where `1E15` is
    `1000000000000000.0`: a trust policy whose text is under 2,048 characters can be over
    the quota (TP-16, QT-06)."""
    values = ", ".join(["1E15"] * 150)
    trust = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
             '{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole", '
             '"Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": [' + values + ']}}}]}')
    assert len(trust) < 2048 < _size(trust)
    err = _error(cli, tmp_path, hostile.scenario(trust=json.dumps(trust)))
    assert "roles[0].trust: LimitExceeded: Cannot exceed quota for ACLSizePerRole: 2048 " \
           f"({_size(trust)} characters without whitespace" in err


@pytest.mark.parametrize("text", [
    _policy(3), _policy(2, principal=True),
    '{"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "s3:x", "Resource": "*"}}',
    '{"Statement": [{"Effect": "Allow", "Action": "s3:x", "Resource": "*", "Condition": '
    '{"NumericLessThan": {"k": [-0, 10, 2.50, 1e5]}, "Bool": {"j": [true]}}}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "s3:\\u00e9 \\t\\u007f", "Resource": "*"}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "s3:\u00e9 \u007f", "Resource": "*"}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "s3:x\u007f", "Resource": "*"}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "s3:a b", "Resource": "*", "Condition": '
    '{"NumericLessThan": {"k": NaN}}}]}'])
def test_a_size_read_off_the_text_is_never_below_what_iam_counts_qt02(text: str) -> None:
    """The loader reads an upper bound of a document's size off its text where it can (to
    count the compact JSON only for documents near a quota): never less than IAM's count."""
    from rolesim.core.policy.model import PolicyType
    from rolesim.core.policy.parse import parse_policy
    from rolesim.scenario.world_checks import size, text_bound

    kind = PolicyType.TRUST if "Principal" in text else PolicyType.IDENTITY
    policy = parse_policy(text, kind)
    bound = text_bound(text, policy)
    assert bound is None or bound >= size(policy)


def test_large_aws_managed_policies_attached_by_arn_still_load(tmp_path: Path,
                                                               cli: Cli) -> None:
    """AWS's own managed policies are not customer documents: ReadOnlyAccess is far over
    6,144 characters and must still attach."""
    from rolesim.core.managed import aws_managed_policy

    arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    document = aws_managed_policy(arn)
    assert document is not None
    text = hostile.scenario().replace("\n[[steps]]", f'\npolicies = ["{arn}"]\n\n[[steps]]', 1)
    path = tmp_path / "s.toml"
    path.write_text(text)
    assert cli("run", str(path)).status == 0


@pytest.mark.parametrize("arn", [
    "arn:aws:iam::111111111111:role/Ad\u202emin",
    "arn:aws:iam::111111111111:role/Ad\u200bmin",
    "arn:aws:iam::111111111111:role/\ufeffAdmin",
    "arn:aws:iam::111111111111:role/Ad\x7fmin",
    "arn:aws:iam::111111111111:role/Ad\tmin",
    "arn:aws:iam::111111111111:role/Ad min",
    "arn:aws:iam::111111111111:role/" + "a" * 65,
])
def test_role_arns_that_break_iam_naming_rules_are_refused_qt01(arn: str, tmp_path: Path,
                                                                cli: Cli) -> None:
    err = _error(cli, tmp_path, hostile.scenario(role_arn=json.dumps(arn)[1:-1]))
    assert "roles[0].arn" in err and err.count("\n") == 1
    assert not any(c in err[:-1] for c in "\u202e\u200b\ufeff\x7f\t")


@pytest.mark.parametrize("arn", ["arn:aws:s3:::bu\u200bcket", "arn:aws:s3:::bucket\t"])
def test_resource_arns_with_invisible_characters_are_refused(arn: str, tmp_path: Path,
                                                             cli: Cli) -> None:
    text = hostile.scenario() + f'\n[[resources]]\narn = {json.dumps(arn)}\naccount = ' \
        '"111111111111"\n'
    assert "resources[0].arn: An ARN cannot hold" in _error(cli, tmp_path, text)


@pytest.mark.parametrize("name", ["Ad\u202emin", "a b", "x" * 65, ""])
def test_the_forms_and_the_loader_share_one_rule(name: str) -> None:
    problem = name_problem(name, 64)
    assert problem is not None
    result = IamName(64).validate(name)
    assert not result.is_valid and result.failure_descriptions == [problem]
