"""`rolesim import --anonymize`: fakes replace accounts, names, paths, tag values, external
IDs, unique IDs and resource ARNs, and every decision stays the same. Proved on seeded random
requests (sign in as a user, then assume a role or make a call), replayed on both worlds."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

from rolesim.scenario.importer.anonymize import Anonymizer
from rolesim.scenario.importer.command import import_exports
from rolesim.scenario.importer.formats import read_export
from rolesim.scenario.importer.mapping import Mapper
from rolesim.scenario.importer.summary import Summary
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay

DATA = Path(__file__).parent / "importer_data"
A = "111122223333"
KEY = b"test-key"


def _pattern_export(tmp_path: Path) -> Path:
    """The CLI sample plus roles and policies that name things by pattern, tags compared in
    conditions, an external ID and a cross-account trust."""
    data = json.loads((DATA / "cli_export.json").read_text())
    users = data["UserDetailList"]
    users.append({"Path": "/", "UserName": "carol", "UserId": "AIDACAROLEXAMPLE00001",
                  "Arn": f"arn:aws:iam::{A}:user/carol", "GroupList": [],
                  "Tags": [{"Key": "team", "Value": "red"}], "UserPolicyList": []})
    users[-1]["UserPolicyList"].append({"PolicyName": "apps", "PolicyDocument": {
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
             "Resource": "arn:aws:s3:::app-*/*"},
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
            {"Effect": "Deny", "Action": "sts:AssumeRole",
             "Resource": f"arn:aws:iam::{A}:role/*-admin"}]}})
    for name, trust in (
            ("app-web2", {"AWS": f"arn:aws:iam::{A}:root"}),
            ("app-db", {"AWS": f"arn:aws:iam::{A}:root"}),
            ("ops-admin", {"AWS": f"arn:aws:iam::{A}:root"}),
            ("partner", {"AWS": "arn:aws:iam::999988887777:root"})):
        statement: dict[str, object] = {"Effect": "Allow", "Principal": trust,
                                        "Action": "sts:AssumeRole"}
        if name == "partner":
            statement["Condition"] = {"StringEquals": {"sts:ExternalId": "acme-secret-1"}}
        if name == "app-db":
            statement["Condition"] = {"StringEquals": {"aws:PrincipalTag/team": "red"}}
        data["RoleDetailList"].append({
            "Path": "/", "RoleName": name,
            "RoleId": f"AROAPATTERN{len(name):02d}{name[:3].upper()}X",
            "Arn": f"arn:aws:iam::{A}:role/{name}",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
            "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": {
                "Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::app-assets/*",
                     "Condition": {"StringLike": {"aws:PrincipalArn":
                                                  f"arn:aws:iam::{A}:role/app-*"}}}]}}],
            "AttachedManagedPolicies": [], "Tags": [{"Key": "team", "Value": "red"}]})
    path = tmp_path / "patterns.json"
    path.write_text(json.dumps(data))
    return path


def _requests(users: list[str], roles: list[str], seed: int, count: int) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    resources = ["arn:aws:s3:::app-assets/k", "arn:aws:s3:::app-logs/x", "arn:aws:s3:::other/k",
                 f"arn:aws:sqs:us-east-1:{A}:jobs", "*"]
    actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "sqs:SendMessage", "iam:ListRoles"]
    out: list[tuple[str, ...]] = []
    for _ in range(count):
        user = rng.choice(users)
        draw = rng.random()
        if draw < 0.3:
            out.append(("assume", user, rng.choice(roles)))
        elif draw < 0.6:
            out.append(("chain", user, rng.choice(roles), rng.choice(actions),
                        rng.choice(resources)))
        else:
            out.append(("call", user, rng.choice(actions), rng.choice(resources)))
    return out


def _steps(requests: list[tuple[str, ...]], arn: object) -> str:
    parts = []
    for request in requests:
        parts.append(f'[[steps]]\ndo = "sign-in"\nprincipal = "{arn(request[1])}"\n')  # type: ignore[operator]
        if request[0] in ("assume", "chain"):
            parts.append(f'[[steps]]\ndo = "assume-role"\nrole = "{arn(request[2])}"\n'  # type: ignore[operator]
                         f'session_name = "s-1"\n')
        if request[0] == "chain":
            parts.append(f'[[steps]]\ndo = "call"\naction = "{request[3]}"\n'
                         f'resource = "{arn(request[4])}"\n')  # type: ignore[operator]
        elif request[0] == "call":
            parts.append(f'[[steps]]\ndo = "call"\naction = "{request[2]}"\n'
                         f'resource = "{arn(request[3])}"\n')  # type: ignore[operator]
    return "\n".join(parts)


def test_anonymized_world_decides_every_generated_request_the_same(tmp_path: Path) -> None:
    export = _pattern_export(tmp_path)
    original = import_exports([export]).text
    anonymized = import_exports([export], anonymize=True, key=KEY).text
    data = Mapper([read_export(export)], Summary()).run()
    anon = Anonymizer(KEY)
    anon.world(copy.deepcopy(data))
    users = [u["arn"] for u in data["users"]]
    roles = [r["arn"] for r in data["roles"]]
    requests = _requests(users, roles, seed=12, count=300)
    before = replay(load_scenario_text(original + "\n" + _steps(requests, str)))
    after = replay(load_scenario_text(anonymized + "\n" + _steps(requests, anon.arn)))
    outcomes = [r.outcome for r in before.results]
    assert outcomes == [r.outcome for r in after.results]
    assert len(set(outcomes)) >= 3  # the requests are not all decided alike


def test_nothing_identifying_is_left(tmp_path: Path) -> None:
    export = _pattern_export(tmp_path)
    result = import_exports([export], anonymize=True, key=KEY)
    for secret in (A, "alice", "bob", "deploy", "acme-secret-1", "AIDAJQABLZS4A3QDU576Q",
                   "staff", "Corp", "ops-admin", str(export)):
        assert secret not in result.text, secret
    assert result.summary.replaced["accounts"] == 1
    assert result.summary.replaced["external IDs"] == 1
    # a pattern's literal ends are kept so it still matches: role/*-admin and role/app-*
    assert "-admin'" in result.text and "role/app-" in result.text


def test_stable_same_input_same_output(tmp_path: Path) -> None:
    export = _pattern_export(tmp_path)
    first = import_exports([export], anonymize=True, key=KEY).text.split("\n", 1)[1]
    again = import_exports([export], anonymize=True, key=KEY).text.split("\n", 1)[1]
    other = import_exports([export], anonymize=True, key=b"another").text.split("\n", 1)[1]
    assert first == again and first != other


def test_the_summary_counts_one_account_in_the_singular() -> None:
    summary = Summary()
    summary.replaced.update({"accounts": 1, "ARNs": 6, "unique IDs": 1})
    text = summary.text()
    assert "1 account," in text and "6 ARNs" in text and "1 unique ID" in text
    assert "1 accounts" not in text and "1 unique IDs" not in text
