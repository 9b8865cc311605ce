"""`rolesim import` as a new user meets it: a scenario file or an empty file given by mistake
is named as such with what the command reads (not `$: not valid JSON: Expecting value`), and
the summary reads in an 80-column terminal (its counts were one 400-column line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolesim.cli import main
from rolesim.lessons import lessons_dir

EXPORT = {"UserDetailList": [{"UserName": "ana", "UserId": "AIDAEXAMPLE0000000001",
                              "Arn": "arn:aws:iam::123456789012:user/ana", "Path": "/",
                              "GroupList": [], "AttachedManagedPolicies": [],
                              "UserPolicyList": [], "Tags": []}],
          "GroupDetailList": [], "Policies": [],
          "RoleDetailList": [{"RoleName": "deploy", "RoleId": "AROAEXAMPLE0000000001",
                              "Arn": "arn:aws:iam::123456789012:role/deploy", "Path": "/",
                              "AssumeRolePolicyDocument": {
                                  "Version": "2012-10-17", "Statement": [{
                                      "Effect": "Allow", "Action": "sts:AssumeRole",
                                      "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]},
                              "InstanceProfileList": [], "RolePolicyList": [],
                              "AttachedManagedPolicies": [], "Tags": []}]}


@pytest.mark.parametrize(("content", "said"), [
    ("", "empty;"),
    ("  \n", "empty;"),
    (None, "not JSON (it starts 'format = 1');"),
])
def test_what_is_not_an_export_says_what_import_reads(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None,
        said: str) -> None:
    source = tmp_path / "given.toml"
    lesson = (lessons_dir() / "04-role-chaining.toml").read_text()
    source.write_text(lesson if content is None else content)
    assert main(["import", str(source), "-o", str(tmp_path / "out.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rolesim import: error: {source}: {said} ")
    assert "aws iam get-account-authorization-details --output json" in err
    assert "$" not in err
    assert not (tmp_path / "out.toml").exists()


def test_the_summary_fits_80_columns_and_counts_one_per_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "account.json"
    export.write_text(json.dumps(EXPORT))
    assert main(["import", str(export), "-o", str(tmp_path / "world.toml")]) == 0
    out = capsys.readouterr().out
    assert "Counts:\n  accounts: 1\n" in out
    assert "  roles: 1\n" in out and "  users: 1\n" in out
    assert "for 1 role (the export's" in out  # not "1 role(s)"
    wide = [line for line in out.splitlines() if len(line) > 80]
    assert [line for line in wide if " " in line.strip()] == []  # only a long path or ARN
