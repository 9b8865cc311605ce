"""`rolesim paths` and `rolesim graph` on shipped lessons (issue 15)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rolesim.cli import main

LESSON_09 = "rolesim/lessons/09-ec2-instance-profile.toml"
LAUNCHER = "arn:aws:iam::111111111111:user/launcher"
WEB = "arn:aws:iam::111111111111:role/app/WebServerRole"
REPORTING = "arn:aws:iam::111111111111:role/ReportingRole"


def test_paths_json_shape_svc02(capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 09: the launcher may RunInstances and PassRole (PassedToService ec2, SVC-02) on
    WebServerRole, whose trust names ec2.amazonaws.com (SVC-01), and that role may assume
    ReportingRole: two hops, the first by PassRole to EC2."""
    assert main(["paths", LESSON_09, "--from", LAUNCHER, "--to", REPORTING, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["from"] == LAUNCHER
    (path,) = report["paths"]
    assert set(path) == {"to", "admin", "hops"} and path["to"] == REPORTING
    assert not path["admin"]
    assert [(h["from"], h["to"], h["technique"]) for h in path["hops"]] == [
        (LAUNCHER, WEB, "passrole-ec2"), (WEB, REPORTING, "assume-role")]
    first = path["hops"][0]
    assert set(first) == {"from", "to", "technique", "actions", "requires"}
    assert first["actions"] == ["ec2:RunInstances", "iam:PassRole"]
    assert "the role trusts ec2.amazonaws.com" in first["requires"]


def test_paths_text_says_how(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", LESSON_09, "--from", LAUNCHER, "--to", REPORTING]) == 0
    out = capsys.readouterr().out
    assert "passrole-ec2" in out and "how: launch an EC2 instance" in out


def test_paths_none_is_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", LESSON_09, "--from", LAUNCHER, "--admin"]) == 0
    assert "No path" in capsys.readouterr().out


@pytest.mark.parametrize("args", [
    ["paths", "missing.toml", "--from", LAUNCHER, "--admin"],
    ["paths", LESSON_09, "--from", "arn:aws:iam::111111111111:user/nobody", "--admin"],
    ["paths", LESSON_09, "--from", LAUNCHER, "--to", "arn:aws:iam::111111111111:role/Nope"],
    ["paths", LESSON_09, "--from", LAUNCHER],
])
def test_paths_bad_input_is_exit_2_one_line(args: list[str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err and "Traceback" not in err


def test_graph_dot_clusters_and_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", LESSON_09]) == 0
    out = capsys.readouterr().out
    assert out.startswith("digraph") and "subgraph cluster_111111111111" in out
    assert '[label="passrole-ec2"]' in out and "admin-equivalent" in out


def test_graph_mermaid_ids_are_sanitised(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", LESSON_09, "--format", "mermaid", "--escalation"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("flowchart LR")
    edges = [line for line in out.splitlines() if "-->" in line]
    assert edges and all("assume-role" not in line for line in edges)
    for line in edges:
        source, _, target = re.split(r"\s*-->\|([^|]+)\|\s*", line.strip())
        assert re.fullmatch(r"n_\w+", source) and re.fullmatch(r"n_\w+", target)


@pytest.mark.parametrize("command", ["paths", "graph"])
def test_a_directory_is_named_as_one_not_as_missing(command: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Before, `paths` and `graph` said 'no such file' for a directory or a FIFO that exists;
    now the loader's line, as `run` and `inspect` print it."""
    args = [command, str(tmp_path)] + (["--from", LAUNCHER, "--admin"] if command == "paths"
                                       else [])
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"rolesim {command}: error: {tmp_path}: is a directory, not a scenario "
                   "file (a regular file); name a .toml file in it")


def test_paths_and_graph_open_an_export_directly(capsys: pytest.CaptureFixture[str]) -> None:
    """As `inspect` and `who-can-assume` do (docs/import.md): alice (group Admins, TP-10's
    caller half) reaches the deploy role of the export."""
    export = "tests/scenario/importer_data/cli_export.json"
    alice, deploy = ("arn:aws:iam::111122223333:user/alice",
                     "arn:aws:iam::111122223333:role/deploy")
    assert main(["paths", export, "--from", alice, "--to", deploy, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [hop["to"] for hop in report["paths"][0]["hops"]][-1] == deploy
    assert main(["graph", export]) == 0
    assert "digraph rolesim" in capsys.readouterr().out


def test_graph_with_no_edge_says_so_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """An empty drawing (lesson 04 has only plain AssumeRole edges) came with no word."""
    from rolesim.lessons import lessons_dir

    lesson = lessons_dir() / "04-role-chaining.toml"
    assert main(["graph", str(lesson), "--escalation"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("digraph rolesim {") and "->" not in out
    assert err == (f"rolesim graph: note: {lesson}: no edge other than plain AssumeRole: "
                   "drop --escalation to draw those\n")
    assert main(["graph", str(lesson)]) == 0
    out, err = capsys.readouterr()
    assert "->" in out and err == ""
