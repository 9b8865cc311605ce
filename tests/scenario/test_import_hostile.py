"""Hostile JSON given to `rolesim import`, `lint`, `inspect`, `who-can-assume` and the TUI's
export detection: arrays nested thousands deep (json's decoder raises RecursionError, not a
JSONDecodeError), and policy documents nested deeper than IAM or rolesim's parser accept.
Each is one line naming the file (and the JSON path where there is one), exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolesim.cli import main

DATA = Path(__file__).parent / "importer_data"
CLI = DATA / "cli_export.json"
DEPLOY = "arn:aws:iam::111122223333:role/deploy"


def nested(depth: int) -> object:
    value: object = []
    for _ in range(depth):
        value = [value]
    return value


def deep_export(tmp_path: Path) -> Path:
    """An export whose first list holds arrays 100,000 deep."""
    path = tmp_path / "deep.json"
    path.write_text('{"RoleDetailList": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return path


def one_line(err: str, *parts: str) -> None:
    text = err.strip()
    assert "\n" not in text and "internal error" not in text and "Traceback" not in text
    for part in parts:
        assert part in text


@pytest.mark.parametrize("command", [
    ["import", "{f}", "-o", "{out}"],
    ["lint", "{f}"],
    ["inspect", "{f}"],
    ["who-can-assume", "{f}", DEPLOY],
    ["import", str(CLI), "--scps", "{f}", "-o", "{out}"],
])
def test_json_nested_too_deeply_to_decode_is_one_line(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = deep_export(tmp_path)
    args = [a.format(f=deep, out=tmp_path / "out.toml") for a in command]
    assert main(args) == 2
    one_line(capsys.readouterr().err, str(deep), "nested too deeply")
    assert not (tmp_path / "out.toml").exists()


@pytest.mark.parametrize("depth", [40, 900])
def test_a_policy_document_nested_deeper_than_iam_accepts_is_refused_at_import(
        depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PL-11-style limits: IAM refuses such a document, so no export holds one. Before, the
    import wrote a scenario that then failed to load (naming a temporary file when the export
    was opened directly), and `--anonymize` overflowed Python's recursion at depth 900."""
    data = json.loads(CLI.read_text())
    statement = data["RoleDetailList"][0]["AssumeRolePolicyDocument"]["Statement"][0]
    statement["Condition"] = {"StringEquals": {"aws:PrincipalTag/team": nested(depth)}}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    where = "$.RoleDetailList[0].AssumeRolePolicyDocument"
    for args in (["import", str(bad), "-o", str(tmp_path / "o.toml")],
                 ["import", str(bad), "--anonymize", "-o", str(tmp_path / "o.toml")],
                 ["who-can-assume", str(bad), DEPLOY]):
        assert main(args) == 2
        one_line(capsys.readouterr().err, str(bad), where, "nested more than 32 levels")
    assert not (tmp_path / "o.toml").exists()


def test_an_scp_nested_too_deeply_names_its_place(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    content = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "*", "Resource": nested(40)}]})
    scps = tmp_path / "scps.json"
    scps.write_text(json.dumps([{"Policy": {"PolicySummary": {"Id": "p-1", "Name": "n"},
                                            "Content": content},
                                 "Targets": [{"TargetId": "111122223333", "Type": "ACCOUNT"}]}]))
    assert main(["import", str(CLI), "--scps", str(scps), "-o", str(tmp_path / "o.toml")]) == 2
    one_line(capsys.readouterr().err, str(scps), "$[0].Policy.Content", "nested more than 32")


def test_a_score_file_nested_too_deeply_is_skipped_with_a_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scores = tmp_path / "ana" / "scores"
    scores.mkdir(parents=True)
    (scores / "04.json").write_text("[" * 100_000 + "]" * 100_000)
    assert main(["scores", str(tmp_path)]) == 0
    one_line(capsys.readouterr().err, "04.json", "not a score file")


@pytest.mark.parametrize("command", [["inspect"], ["who-can-assume", "-", DEPLOY],
                                     ["paths", "-", "--from", DEPLOY, "--admin"],
                                     ["graph"]])
def test_an_export_whose_scenario_does_not_load_is_named_not_a_temporary_file(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An export opened directly is imported in memory: a problem in what it makes is named
    by the export's file, JSON path and entity (before: a file in a deleted temporary
    directory, then the scenario's own line and key, which the user never saw)."""
    data = json.loads(CLI.read_text())
    data["RoleDetailList"][0]["AssumeRolePolicyDocument"]["Statement"][0]["Effect"] = "Permit"
    bad = tmp_path / "permit.json"
    bad.write_text(json.dumps(data))
    args = [command[0], str(bad), *command[2:]] if len(command) > 1 else [*command, str(bad)]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"rolesim {args[0]}: error: {bad}: $.RoleDetailList[0]"
                   ".AssumeRolePolicyDocument.Statement"
                   f"[0].Effect (role {DEPLOY}): Effect must be \"Allow\" or \"Deny\" (got "
                   f"'Permit')")


def test_resource_policies_that_do_not_exist_say_so(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Before: 'not a directory' for a directory that does not exist."""
    missing, a_file = tmp_path / "policies", tmp_path / "f.json"
    a_file.write_text("{}")
    for where, what in ((missing, "no such directory"), (a_file, "not a directory")):
        assert main(["import", str(CLI), "--resource-policies", str(where),
                     "-o", str(tmp_path / "o.toml")]) == 2
        one_line(capsys.readouterr().err, f"{where}: --resource-policies: {what}")


@pytest.mark.parametrize("command", [["import", "/dev/zero"], ["lint", "/dev/zero"],
                                     ["import", str(CLI), "--scps", "/dev/zero"]])
def test_a_device_is_refused_before_a_byte_is_read(
        command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Before, /dev/zero was read until memory ran out ('internal error: MemoryError' under
    a memory limit, the machine swapping without one); scenario files were already safe."""
    assert main([*command, "-o", "/nonexistent/o.toml"] if command[0] == "import"
                else command) == 2
    one_line(capsys.readouterr().err, "/dev/zero: is a character device, not a file")


def test_a_pipe_is_still_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`rolesim import <(aws iam get-account-authorization-details)` hands rolesim a pipe."""
    import os
    import threading

    fifo = tmp_path / "authz"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(CLI.read_bytes()))
    writer.start()
    assert main(["import", str(fifo), "-o", str(tmp_path / "o.toml")]) == 0
    writer.join(10)
    assert "account 111122223333" in capsys.readouterr().out
