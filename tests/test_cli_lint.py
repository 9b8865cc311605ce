# ruff: noqa: E501  (TOML test data reads best on one line)
"""`rolesim lint`: exit status 0/1/2 with --fail-on, one line per finding naming file, line,
place and path, and the JSON report's shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rolesim.cli import main

ROOT = Path(__file__).resolve().parents[1]
CLEAN = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
WARNING = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*"}]}
ERROR = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
     "Condition": {"NumericLessThan": {"s3:max-keys": "${aws:username}"}}}]}
SCENARIO = '''format = 1
title = "lint test"

[[accounts]]
id = "111111111111"
scps = ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}']

[[roles]]
arn = "arn:aws:iam::111111111111:role/Open"
trust = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] }
inline.read = """
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::bucket"}]}"""

[[users]]
arn = "arn:aws:iam::111111111111:user/Ann"
inline.typo = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}'
'''


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2))
    return path


def test_clean_policy_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(write(tmp_path, "p.json", CLEAN))]) == 0
    assert "0 findings" in capsys.readouterr().out


def test_warning_exits_0_by_default_and_1_with_fail_on_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path, "p.json", WARNING))
    assert main(["lint", path]) == 0
    out = capsys.readouterr().out
    assert f"{path}:6: Statement[0].Action: UNKNOWN_ACTION warning: " in out
    assert main(["lint", path, "--fail-on", "warning"]) == 1
    assert main(["lint", path, "--fail-on", "info"]) == 1


def test_error_finding_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path, "p.json", ERROR))
    assert main(["lint", path]) == 1
    assert "VARIABLE_IN_NON_STRING_OPERATOR error" in capsys.readouterr().out


def test_document_iam_rejects_is_an_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    bad = {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "s3:*",
                                                   "Resource": "*"}]}
    assert main(["lint", str(write(tmp_path, "p.json", bad))]) == 1
    assert "Statement[0].Effect: MALFORMED_POLICY error" in capsys.readouterr().out


@pytest.mark.parametrize("name,content", [
    ("missing.json", None),
    ("p.json", "{not json"),
    ("p.json", '{"Version": "2012-10-17"}'),
    ("s.toml", 'format = 1\ntitle = "x"\nbogus = 1\n'),
])
def test_unreadable_or_not_a_policy_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            name: str, content: str | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    clean = write(tmp_path, "clean.json", CLEAN)
    assert main(["lint", str(clean), str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err


def test_scenario_findings_name_entity_key_and_line(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "s.toml", SCENARIO)
    assert main(["lint", str(path), "--fail-on", "warning"]) == 1
    lines = capsys.readouterr().out.splitlines()
    trust = next(line for line in lines if "TRUST_ANY_PRINCIPAL" in line)
    assert trust.startswith(f"{path}:10: role arn:aws:iam::111111111111:role/Open trust: "
                            "Statement[0].Principal: TRUST_ANY_PRINCIPAL warning:")
    resource = next(line for line in lines if "RESOURCE_MATCHES_NO_ACTION" in line)
    # the JSON string opens on line 11, its text starts on line 12, Resource is its third line
    assert resource.startswith(f"{path}:14: role arn:aws:iam::111111111111:role/Open "
                               "inline.read: Statement[0].Resource: ")
    typo = next(line for line in lines if "UNKNOWN_ACTION" in line)  # a one-line JSON string
    assert typo.startswith(f"{path}:18: user arn:aws:iam::111111111111:user/Ann inline.typo: "
                           "Statement[0].Action: UNKNOWN_ACTION warning: ")


def test_json_report_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "p.json", WARNING)
    missing = tmp_path / "missing.json"
    assert main(["lint", str(good), str(missing), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"files", "summary", "fail_on", "exit"}
    assert report["exit"] == 2 and report["fail_on"] == "error"
    assert report["summary"] == {"error": 0, "warning": 1, "info": 0}
    first, second = report["files"]
    assert first["error"] is None and second["error"] and second["findings"] == []
    [finding] = first["findings"]
    assert finding == {"file": str(good), "line": 6, "entity": "", "key": "",
                       "policy_kind": "identity", "code": "UNKNOWN_ACTION",
                       "severity": "warning", "path": "Statement[0].Action",
                       "message": finding["message"]}


def test_kind_is_guessed_or_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}
    path = str(write(tmp_path, "t.json", trust))
    main(["lint", path, "--json"])
    [finding] = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert finding["policy_kind"] == "trust" and finding["code"] == "TRUST_ANY_PRINCIPAL"
    main(["lint", path, "--json", "--kind", "resource"])
    assert json.loads(capsys.readouterr().out)["files"][0]["findings"] == []


def test_as_a_user_runs_it_help_and_exit_status() -> None:
    out = subprocess.run([sys.executable, "-m", "rolesim", "lint", "--help"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    assert "exit status:" in out.stdout and "--fail-on" in out.stdout and "example" in out.stdout


def test_lint_reads_an_account_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An engineer's `aws iam get-account-authorization-details` output: every policy in it
    is linted, named by entity and key (before: 'not a policy document')."""
    export = json.loads(Path("tests/scenario/importer_data/cli_export.json").read_text())
    role = export["RoleDetailList"][0]
    role["AssumeRolePolicyDocument"] = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
    role["RolePolicyList"] = [{"PolicyName": "typo", "PolicyDocument": {
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:ListBukcet", "Resource": "*"}]}}]
    path = tmp_path / "account.json"
    path.write_text(json.dumps(export))
    assert main(["lint", str(path), "--fail-on", "warning"]) == 1
    out = capsys.readouterr().out
    arn = role["Arn"]
    assert f"{path}: role {arn} trust: Statement[0].Principal: TRUST_ANY_PRINCIPAL" in out
    assert f"{path}: role {arn} inline.typo: Statement[0].Action: UNKNOWN_ACTION" in out


@pytest.mark.parametrize(("world", "said"), [
    ('[[users]]\narn = "arn:aws:iam::111111111111:user/ann"\n[[users]]\narn = "arn:aws:iam::111111111111:user/Ann"\n',
     'users[1].arn: a user named "Ann" already exists in account 111111111111'),  # ID-14
    ('[[roles]]\narn = "arn:aws:iam:111111111111:role/R"\ntrust = { Version = "2012-10-17", Statement = [] }\n',
     "roles[0].arn: not an ARN"),  # ID-01
    ('[[roles]]\narn = "arn:aws:iam::111111111111:role/R"\ntrust = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:user/nobody" }, Action = "sts:AssumeRole" }] }\n',
     "Invalid principal in policy"),  # TP-05
])
def test_a_scenario_that_cannot_be_run_is_not_lint_clean(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], world: str, said: str) -> None:
    # docs/lint.md: exit 2 for a file that is "neither a policy document nor a valid
    # scenario"; `rolesim run` refuses these files (exit 2), so lint must not pass them
    path = tmp_path / "s.toml"
    path.write_text('format = 1\ntitle = "t"\n[[accounts]]\nid = "111111111111"\n' + world)
    assert main(["lint", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rolesim lint: error: {path}:") and said in err


def test_an_unknown_action_names_the_action_a_typo_meant(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # PL-05: IAM accepts 's3:GetObjct' and it allows nothing; the finding says what was meant,
    # as UNKNOWN_STEP_ACTION does for a step. Nothing close: no guess.
    policy = write(tmp_path, "p.json", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObjct", "s3:Frobnicate"], "Resource": "*"}]})
    main(["lint", str(policy)])
    out = capsys.readouterr().out
    assert ("UNKNOWN_ACTION warning: unknown action 's3:GetObjct': not an action of s3 in "
            "rolesim's action catalogue (did you mean s3:GetObject?)") in out
    assert "unknown action 's3:Frobnicate': not an action of s3 in rolesim's action " \
        "catalogue\n" in out


def test_findings_are_still_printed_when_the_world_does_not_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the typo'd action and the user named twice are both the trainer's to fix: one run
    # says both (the error on stderr, exit 2; the finding on stdout)
    path = tmp_path / "s.toml"
    path.write_text('format = 1\ntitle = "t"\n[[accounts]]\nid = "111111111111"\n'
                    '[[users]]\narn = "arn:aws:iam::111111111111:user/ann"\n'
                    'inline.p = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjct", Resource = "*" }] }\n'
                    '[[users]]\narn = "arn:aws:iam::111111111111:user/Ann"\n')
    assert main(["lint", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "UNKNOWN_ACTION warning: unknown action 's3:GetObjct'" in out
    assert 'a user named "Ann" already exists' in err
