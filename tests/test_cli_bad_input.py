"""Every scenario command fed what a new user gives by mistake: one or a few lines on stderr
naming the file (and line and key where there is one) and what to do, exit 2, nothing on
stdout, never a traceback. The walk of the CLI helper, kept as a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolesim.cli import main
from rolesim.lessons import lessons_dir

ROLE = "arn:aws:iam::111111111111:role/DeployRole"
LESSON = (lessons_dir() / "04-role-chaining.toml").read_text()

BAD = {  # name: (content, or None for a folder; what stderr must say)
    "missing.toml": (..., "missing.toml: no such file"),
    "folder": (None, "folder: is a directory, not a scenario file (a regular file); name a "
                     ".toml file in it"),
    "empty.toml": ("", "empty.toml: empty: no keys at all (a scenario starts with format = 1"),
    "syntax.toml": ('format = 1\n[world\n', "syntax.toml:2:7: not valid TOML"),
    "binary.toml": (b"\x00\xff\xfe\x80" * 100, "binary.toml: not UTF-8 text (invalid start "
                                               "byte at byte 1); a scenario is a TOML text "
                                               "file saved as UTF-8"),
    "key.toml": (LESSON.replace("title =", "titel =", 1),
                 'key.toml:3: titel: unknown key "titel" (did you mean "title"?)'),
    "type.toml": (LESSON.replace('title = "', 'title = 5 #"', 1),
                  "type.toml:3: title: must be a string, not an integer 5"),
    # a number of seconds written as a time: the message says the unit it wants
    "unit.toml": (LESSON.replace("max_session_duration = 43200", 'max_session_duration = "12h"', 1),
                  'unit.toml:59: roles[0].max_session_duration: must be an integer number of '
                  'seconds, not a string "12h"'),
    "kind.toml": (LESSON.replace('do = "sign-in"', 'do = "sing-in"', 1),
                  'kind.toml:91: steps[0].do: unknown step kind "sing-in" (did you mean '
                  '"sign-in"?)'),
    "far-kind.toml": (LESSON.replace('do = "sign-in"', 'do = "log-on"', 1),
                      'far-kind.toml:91: steps[0].do: unknown step kind "log-on"; expected one '
                      'of: sign-in, assume-role, '),
}
COMMANDS = {"run": [], "inspect": [], "who-can-assume": [ROLE], "graph": [],
            "paths": ["--from", ROLE, "--admin"], "lint": []}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_clear_line_and_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: str, name: str) -> None:
    content, said = BAD[name]
    monkeypatch.chdir(tmp_path)
    if content is None:
        (tmp_path / name).mkdir()
    elif isinstance(content, bytes):
        (tmp_path / name).write_bytes(content)
    elif isinstance(content, str):
        (tmp_path / name).write_text(content)
    status = main([command, name, *COMMANDS[command]])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == "" or (command == "lint" and "(1 could not be checked)" in out)
    assert "Traceback" not in err and "internal error" not in err
    prefix = f"rolesim {command}: error: "  # every error line, one form (README, "Errors")
    assert all(line.startswith(prefix) for line in err.splitlines()), err
    first = err.splitlines()[0].removeprefix(prefix)
    if command == "lint" and name == "folder":  # lint reads policy files too
        assert first == ("folder: is a directory, not a policy or scenario file; name a .json "
                         "or .toml file in it")
    elif command == "lint" and name == "binary.toml":
        assert first.endswith("; a policy or scenario is a text file saved as UTF-8")
    else:
        assert first.startswith(said), first
    if command != "run" or name != "missing.toml":
        assert len(err.splitlines()) <= 2


def test_a_step_out_of_range_says_which_steps_there_are(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = tmp_path / "l.toml"
    lesson.write_text(LESSON)
    for step in ("19", "-1"):
        assert main(["inspect", str(lesson), "--step", step]) == 2
        assert capsys.readouterr().err == (
            f"rolesim inspect: error: {lesson}: --step {step}: the file has 18 steps (1..18, "
            "or 0 for before the first)\n")
