"""An export edited by hand (or by a script) with an entity's list or field in the wrong shape:
one line naming the export and the JSON path, exit 2, nothing written. Found by
tests/fuzz/import_fuzz.py; before, each was `rolesim: internal error: AttributeError: 'str'
object has no attribute 'get'` (or 'int' object is not iterable) and no place named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rolesim.cli import main

CLI = Path(__file__).parent / "importer_data" / "cli_export.json"
ROLE, USER = "$.RoleDetailList[0]", "$.UserDetailList[0]"

CASES: dict[str, tuple[str, int, str, Any, str]] = {
    # name: (list, index, key, value, what stderr says after the path)
    "managed policies as text": ("RoleDetailList", 0, "AttachedManagedPolicies",
                                 "arn:aws:iam::aws:policy/ReadOnlyAccess",
                                 f"{ROLE}.AttachedManagedPolicies: must be a list, not a string"),
    "a managed policy as an ARN": ("RoleDetailList", 0, "AttachedManagedPolicies",
                                   ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                                   f"{ROLE}.AttachedManagedPolicies[0]: must be an object, not "
                                   "a string"),
    "inline policies as an object": ("RoleDetailList", 0, "RolePolicyList", {"a": 1},
                                     f"{ROLE}.RolePolicyList: must be a list, not an object"),
    "an inline policy as a number": ("UserDetailList", 0, "UserPolicyList", [7],
                                     f"{USER}.UserPolicyList[0]: must be an object, not a "
                                     "number"),
    "tags as a number": ("RoleDetailList", 0, "Tags", 3,
                         f"{ROLE}.Tags: must be a list, not a number"),
    "tags as an object of keys": ("UserDetailList", 0, "Tags", [["team", "red"]],
                                  f"{USER}.Tags[0]: must be an object, not a list"),
    "instance profiles as text": ("RoleDetailList", 0, "InstanceProfileList", "web",
                                  f"{ROLE}.InstanceProfileList: must be a list, not a string"),
    "a boundary as an ARN": ("UserDetailList", 0, "PermissionsBoundary",
                             "arn:aws:iam::aws:policy/ReadOnlyAccess",
                             f"{USER}.PermissionsBoundary: must be an object, not a string"),
    "a path as an object": ("RoleDetailList", 0, "Path", {"p": "/"},
                            f"{ROLE}.Path: must be text, not an object"),
    "groups as one name": ("UserDetailList", 0, "GroupList", 5,
                           f"{USER}.GroupList: must be a list of group names"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_entity_field_in_the_wrong_shape_is_one_line_naming_its_path(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    list_key, index, key, value, said = CASES[case]
    data = json.loads(CLI.read_text())
    data[list_key][index][key] = value
    bad, out = tmp_path / "edited.json", tmp_path / "out.toml"
    bad.write_text(json.dumps(data))
    assert main(["import", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"rolesim import: error: {bad}: {said}\n"
    assert not out.exists()


@pytest.mark.parametrize(("option", "named", "hint"), [
    ("--scps", "scps.json", "--scps reads JSON combining, per SCP, `aws organizations "
                            "describe-policy` output"),
    ("--scps", "map.toml", "an SCP or resource policy file holds one policy document in JSON"),
    ("--resource-policies", "policies/s3/bucket.json", "an SCP or resource policy file holds "
                                                       "one policy document in JSON"),
])
def test_an_scp_or_resource_policy_file_not_json_says_what_that_file_holds(
        option: str, named: str, hint: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Before, each said what an account export is (`get-account-authorization-details`)."""
    bad = tmp_path / "not-json.txt"
    bad.write_text("root:x:0:0\n")
    given = tmp_path / named
    given.parent.mkdir(parents=True, exist_ok=True)
    if named == "map.toml":
        given.write_text(f'[accounts]\n111122223333 = ["{bad}"]\n')
        culprit = bad
    else:
        given.write_text(bad.read_text())
        culprit = given
    argument = tmp_path / "policies" if option == "--resource-policies" else given
    assert main(["import", str(CLI), option, str(argument), "-o", str(tmp_path / "o.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"rolesim import: error: {culprit}: not JSON (it starts 'root:x:0:0'); {hint}")
    assert "get-account-authorization-details" not in err


@pytest.mark.parametrize("targets", [5, "111122223333", [7], [{"TargetId": "1"}, "x"]])
def test_scp_targets_in_the_wrong_shape_are_one_line(
        targets: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: `internal error: TypeError` for a number; a string or a non-object target was
    skipped as "an OU whose accounts the file does not list"."""
    content = json.dumps({"Version": "2012-10-17", "Statement": []})
    scps = tmp_path / "scps.json"
    scps.write_text(json.dumps([{"Policy": {"PolicySummary": {"Id": "p-1", "Name": "n"},
                                            "Content": content}, "Targets": targets}]))
    out = tmp_path / "o.toml"
    assert main(["import", str(CLI), "--scps", str(scps), "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith(
        f"rolesim import: error: {scps}: $[0].Targets: must be a list of targets")
    assert not out.exists()
