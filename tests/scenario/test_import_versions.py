"""`rolesim import` keeps a customer managed policy's stored versions (`versions`,
`default_version`): not in force, but iam:SetDefaultPolicyVersion puts an old version back in
force, a classic escalation `rolesim paths` looks for (docs/paths.md). Before, the import
dropped them ("the others decide nothing") and the path was invisible on a real account."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolesim.cli import main
from rolesim.scenario.build import build_world
from rolesim.scenario.importer.command import import_exports
from rolesim.scenario.load import load_scenario_text

A = "111122223333"
POLICY = f"arn:aws:iam::{A}:policy/dev-tools"
DEV = f"arn:aws:iam::{A}:user/dev"


def version(vid: str, default: bool, statements: list[dict[str, object]]) -> dict[str, object]:
    return {"VersionId": vid, "IsDefaultVersion": default,
            "Document": {"Version": "2012-10-17", "Statement": statements}}


def export(tmp_path: Path, versions: list[dict[str, object]]) -> Path:
    """dev has dev-tools attached: v3 (in force) lets it read S3 and choose the policy's
    default version; v1, stored, allows everything."""
    data = {
        "UserDetailList": [{"UserName": "dev", "UserId": "AIDAEXAMPLEDEV000001", "Arn": DEV,
                            "Path": "/", "GroupList": [], "UserPolicyList": [],
                            "AttachedManagedPolicies": [{"PolicyName": "dev-tools",
                                                         "PolicyArn": POLICY}]}],
        "Policies": [{"PolicyName": "dev-tools", "Arn": POLICY, "Path": "/",
                      "DefaultVersionId": "v3", "PolicyVersionList": versions}],
    }
    path = tmp_path / "authz.json"
    path.write_text(json.dumps(data))
    return path


IN_FORCE = [{"Effect": "Allow", "Action": ["s3:GetObject", "iam:SetDefaultPolicyVersion"],
             "Resource": "*"}]
ADMIN = [{"Effect": "Allow", "Action": "*", "Resource": "*"}]


def test_stored_versions_are_kept_and_only_the_default_is_in_force(tmp_path: Path) -> None:
    path = export(tmp_path, [version("v1", False, ADMIN), version("v3", True, IN_FORCE)])
    world = build_world(load_scenario_text(import_exports([path]).text))
    policy = world.policies[POLICY]
    assert policy.default_version == "v3" and sorted(policy.versions) == ["v1", "v3"]
    assert '"s3:GetObject"' in json.dumps(policy.document.raw)


def test_paths_finds_set_default_policy_version_on_an_imported_account(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(tmp_path, [version("v1", False, ADMIN), version("v3", True, IN_FORCE)])
    assert main(["paths", str(path), "--from", DEV, "--admin", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    techniques = [h["technique"] for p in report["paths"] for h in p["hops"]]
    assert "set-default-policy-version" in techniques


def test_a_bad_version_id_names_its_place(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = export(tmp_path, [version("1", False, ADMIN), version("v3", True, IN_FORCE)])
    assert main(["import", str(path), "-o", str(tmp_path / "o.toml")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith('$.Policies[0].PolicyVersionList[0].VersionId: must be a version ID '
                        'such as "v1", not "1"')
