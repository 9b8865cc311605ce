"""Each case of tests/fuzz/named_cases.py through run, run --json, inspect, lint,
who-can-assume and paths, held to the structural fuzzer's oracle (a documented exit status,
the file named on exit 2, no traceback, within its time limit)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from rolesim.lessons import lessons_dir
from tests.fuzz.named_cases import CASES
from tests.fuzz.structural import COMMANDS, check

LESSON = (lessons_dir() / "04-role-chaining.toml").read_text()


@pytest.mark.parametrize("case", list(CASES))
def test_a_named_bad_value_meets_every_commands_contract(case: str, tmp_path: Path) -> None:
    tree = tomllib.loads(LESSON)
    CASES[case](tree)
    text = tomli_w.dumps(tree)
    path = tmp_path / "case.toml"
    path.write_text(text)
    for command in COMMANDS:
        check(command, path, text)


def test_lint_points_at_the_key_of_a_trust_nested_1000_deep(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: `rolesim: internal error: RecursionError` (the walk that finds a finding's
    line inside a policy's JSON text recursed once per level)."""
    from rolesim.cli import main

    tree = tomllib.loads(LESSON)
    CASES["trust nested 1000 deep"](tree)
    path = tmp_path / "deep.toml"
    path.write_text(tomli_w.dumps(tree))
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:19: role arn:aws:iam::111111111111:role/JumpRole trust: "
                          "MALFORMED_POLICY error:")
    assert "nested more than 32 levels deep" in out
