"""Shipped AWS managed policies: present, valid, and each with its known character."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from rolesim.core.catalog import get_catalog
from rolesim.core.managed import (
    AWS_MANAGED_NAMES,
    aws_managed_document,
    aws_managed_policy,
    managed_info,
)
from rolesim.core.policy.model import PolicyType

REQUIRED = ("AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess", "IAMFullAccess",
            "IAMReadOnlyAccess", "AmazonS3FullAccess", "AmazonS3ReadOnlyAccess")


def _actions(name: str) -> list[str]:
    doc = aws_managed_document(name)
    assert doc is not None
    out: list[str] = []
    for st in doc["Statement"]:
        value = st.get("Action", [])
        out += [value] if isinstance(value, str) else value
    return out


def test_every_policy_the_scenario_format_promises_is_shipped() -> None:
    assert set(REQUIRED) <= set(AWS_MANAGED_NAMES)


@pytest.mark.parametrize("name", REQUIRED)
def test_each_file_is_valid_json_and_parses_as_identity_policy(name: str) -> None:
    text = resources.files("rolesim.core.managed").joinpath(f"{name}.json").read_text()
    doc = json.loads(text)
    assert doc["Version"] == "2012-10-17"
    policy = aws_managed_policy(name)
    assert policy is not None
    assert policy.kind is PolicyType.IDENTITY
    assert len(policy.statements) == len(doc["Statement"])
    assert all(st.effect == "Allow" for st in policy.statements)
    assert all(st.resources == ("*",) for st in policy.statements)


def test_lookup_by_arn_or_name() -> None:
    by_arn = aws_managed_policy("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    assert by_arn is not None
    assert by_arn is aws_managed_policy("IAMReadOnlyAccess")
    assert aws_managed_policy("NoSuchPolicy") is None
    assert aws_managed_policy("readonlyaccess") is None  # names are case-sensitive
    assert aws_managed_policy("arn:aws:iam::111111111111:policy/ReadOnlyAccess") is None
    assert aws_managed_policy("arn:aws:iam::aws:policy/job-function/ReadOnlyAccess") is None
    info = managed_info("ReadOnlyAccess")
    assert info is not None and info.arn == "arn:aws:iam::aws:policy/ReadOnlyAccess"


def test_documents_are_fresh_copies() -> None:
    doc = aws_managed_document("AdministratorAccess")
    assert doc is not None
    doc["Statement"].clear()
    again = aws_managed_document("AdministratorAccess")
    assert again is not None and again["Statement"]


def test_administrator_access_allows_everything() -> None:
    doc = aws_managed_document("AdministratorAccess")
    assert doc == {"Version": "2012-10-17",
                   "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def test_iam_read_only_access_is_iam_reads_only() -> None:
    actions = _actions("IAMReadOnlyAccess")
    assert "iam:Get*" in actions and "iam:List*" in actions
    assert all(a.startswith("iam:") for a in actions)
    catalog = get_catalog()
    levels = {info.access_level for a in actions for info in catalog.expand(a)}
    assert levels <= {"Read", "List"}


def test_iam_full_access_has_all_of_iam() -> None:
    assert "iam:*" in _actions("IAMFullAccess")


def test_power_user_access_excludes_iam_organizations_and_account() -> None:
    doc = aws_managed_document("PowerUserAccess")
    assert doc is not None
    first = doc["Statement"][0]
    assert "Action" not in first
    assert set(first["NotAction"]) == {"iam:*", "organizations:*", "account:*"}
    # ...with a few named exceptions for service-linked roles and listing roles.
    assert "iam:CreateServiceLinkedRole" in _actions("PowerUserAccess")
    assert "iam:CreateRole" not in _actions("PowerUserAccess")


def test_s3_policies() -> None:
    assert "s3:*" in _actions("AmazonS3FullAccess")
    reads = _actions("AmazonS3ReadOnlyAccess")
    assert set(reads) >= {"s3:Get*", "s3:List*"}
    assert not any(a.startswith("s3:Put") or a.startswith("s3:Delete") for a in reads)


def test_read_only_access_is_large_and_grants_no_writes_on_iam_or_s3() -> None:
    actions = _actions("ReadOnlyAccess")
    assert len(actions) > 2000
    catalog = get_catalog()
    for prefix in ("iam", "s3", "sts"):
        levels = {info.access_level
                  for a in actions if a.split(":", 1)[0] == prefix
                  for info in catalog.expand(a)}
        assert levels, prefix
        assert "Permissions management" not in levels, prefix
        assert "Tagging" not in levels, prefix
    granted = {info.full_name for a in actions for info in catalog.expand(a)}
    assert "s3:GetObject" in granted
    assert "s3:PutObject" not in granted
    assert "iam:CreateRole" not in granted
