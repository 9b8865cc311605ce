"""An export edited by hand must not become a scenario that then fails to load: `rolesim
import` refuses it with exit 2 and one line naming the export file, the JSON path, the entity
and what is wrong, and writes nothing. Checked on every kind of policy an export carries
(user, group and role inline, managed, boundary, trust), on SCPs and resource policies given
beside it, and on the entities' own fields."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rolesim.cli import main

CLI = Path(__file__).parent / "importer_data" / "cli_export.json"
ALICE = "arn:aws:iam::111122223333:user/alice"
DEPLOY = "arn:aws:iam::111122223333:role/deploy"
WEB = "arn:aws:iam::111122223333:role/web"
PERMIT = 'Effect must be "Allow" or "Deny" (got \'Permit\')'
NO_ACTION = "a statement needs exactly one of Action or NotAction"
SPACE = "An ARN cannot hold whitespace or invisible characters (space)."

Edit = Callable[[dict[str, Any]], None]


def _statement(document: dict[str, Any]) -> dict[str, Any]:
    statement: dict[str, Any] = document["Statement"][0]
    return statement


def _group_inline(d: dict[str, Any]) -> None:
    d["GroupDetailList"][0]["GroupPolicyList"] = [{"PolicyName": "g", "PolicyDocument": {
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}}]


CASES: list[tuple[str, Edit, str, str]] = [
    ("user inline", lambda d: _statement(d["UserDetailList"][0]["UserPolicyList"][0][
        "PolicyDocument"]).update(Effect="Permit"),
     "$.UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[0].Effect "
     f"(user {ALICE})", PERMIT),
    ("group inline", _group_inline,
     "$.GroupDetailList[0].GroupPolicyList[0].PolicyDocument.Statement[0] "
     "(group arn:aws:iam::111122223333:group/Admins)", NO_ACTION),
    ("role inline", lambda d: _statement(d["RoleDetailList"][3]["RolePolicyList"][0][
        "PolicyDocument"]).pop("Action"),
     f"$.RoleDetailList[3].RolePolicyList[0].PolicyDocument.Statement[0] (role {WEB})",
     NO_ACTION),
    ("trust", lambda d: _statement(d["RoleDetailList"][0]["AssumeRolePolicyDocument"]).update(
        Effect="Permit"),
     f"$.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Effect (role {DEPLOY})",
     PERMIT),
    ("managed, in force", lambda d: _statement(d["Policies"][0]["PolicyVersionList"][1][
        "Document"]).update(Effect="Permit"),
     "$.Policies[0].PolicyVersionList[1].Document.Statement[0].Effect (managed policy "
     "arn:aws:iam::111122223333:policy/AppPolicy)", PERMIT),
    ("boundary", lambda d: _statement(d["Policies"][1]["PolicyVersionList"][0][
        "Document"]).update(Effect="Permit"),
     "$.Policies[1].PolicyVersionList[0].Document.Statement[0].Effect (managed policy "
     "arn:aws:iam::111122223333:policy/Boundary)", PERMIT),
    ("user ARN", lambda d: d["UserDetailList"][0].update(
        Arn="arn:aws:iam::111122223333:user/al ice"),
     "$.UserDetailList[0].Arn (user arn:aws:iam::111122223333:user/al ice)", SPACE),
    ("role ARN", lambda d: d["RoleDetailList"][0].update(
        Arn="arn:aws:iam::111122223333:role/de ploy"),
     "$.RoleDetailList[0].Arn (role arn:aws:iam::111122223333:role/de ploy)", SPACE),
    ("version ID of the only version", lambda d: d["Policies"][1]["PolicyVersionList"][0].update(
        VersionId="version1"),
     "$.Policies[1].PolicyVersionList[0].VersionId",
     'must be a version ID such as "v1", not "version1"'),
]


def _run(tmp_path: Path, edit: Edit, *extra: str) -> tuple[int, str, Path]:
    data = json.loads(CLI.read_text())
    edit(data)
    export = tmp_path / "authz.json"
    export.write_text(json.dumps(data))
    out = tmp_path / "world.toml"
    code = main(["import", str(export), "-o", str(out), *extra])
    return code, str(export), out


@pytest.mark.parametrize(("edit", "where", "what"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_hand_edited_export_is_refused_naming_file_entity_and_key(
        edit: Edit, where: str, what: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, export, out = _run(tmp_path, edit)
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"rolesim import: error: {export}: {where}: {what}\n"
    assert not out.exists()


def test_an_scp_that_would_not_load_names_the_scp_file_and_the_scp(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scps = tmp_path / "scps.json"
    content = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Permit", "Action": "*", "Resource": "*"}]}
    scps.write_text(json.dumps([{"Policy": {"PolicySummary": {"Name": "allow-all"},
                                            "Content": json.dumps(content)},
                                 "Targets": [{"TargetId": "111122223333",
                                              "Type": "ACCOUNT"}]}]))
    code, _, out = _run(tmp_path, lambda d: None, "--scps", str(scps))
    assert code == 2
    assert capsys.readouterr().err == (
        f"rolesim import: error: {scps}: $[0].Policy.Statement[0].Effect (SCP allow-all on account "
        f"111122223333): {PERMIT}\n")
    assert not out.exists()


def test_a_resource_policy_that_would_not_load_names_its_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policies = tmp_path / "policies"
    (policies / "s3").mkdir(parents=True)
    bucket = policies / "s3" / "assets.json"
    bucket.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Resource": "arn:aws:s3:::assets/*"}]}))
    code, _, out = _run(tmp_path, lambda d: None, "--resource-policies", str(policies))
    assert code == 2
    assert capsys.readouterr().err == (
        f"rolesim import: error: {bucket}: $.Statement[0] (resource policy of "
        "arn:aws:s3:::assets): "
        f"{NO_ACTION}\n")
    assert not out.exists()


def test_the_unedited_export_still_imports_and_loads(tmp_path: Path) -> None:
    code, _, out = _run(tmp_path, lambda d: None)
    assert code == 0
    assert main(["run", str(out)]) == 0


def test_lint_still_reads_a_hand_edited_export(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The linter's job is to say what is wrong in each policy: it is not refused by the
    import's check."""
    data = json.loads(CLI.read_text())
    _statement(data["UserDetailList"][0]["UserPolicyList"][0]["PolicyDocument"])[
        "Effect"] = "Permit"
    export = tmp_path / "authz.json"
    export.write_text(json.dumps(data))
    assert main(["lint", str(export)]) == 1
    assert f"user {ALICE} inline.assume-any: Statement[0].Effect: MALFORMED_POLICY" in (
        capsys.readouterr().out)
