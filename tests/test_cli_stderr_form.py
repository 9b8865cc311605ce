"""Every line rolesim writes on stderr has one form, `rolesim COMMAND: LEVEL: MESSAGE` (README,
"Errors"): errors, warnings and notes alike. The notes once read `rolesim: FILE: still
working ...`, `rolesim graph: FILE: no edge ...` and `rolesim: the unsaved scenario was saved
to ...`: no level, and the first two without (or with another) command name."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from rolesim.cli import main

LESSON_04 = "rolesim/lessons/04-role-chaining.toml"


def test_progress_of_a_long_search_is_a_note_of_its_command(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The search budget reports progress every few seconds; made to report at every check
    here, every progress line names the command that is working and says it is a note."""
    from rolesim.core.analysis.paths import budget

    class Eager(budget.Budget):
        def tick(self) -> None:
            self.checks += 1
            if self.progress is not None:
                self.progress(self.checks, 6.0)

    monkeypatch.setattr(budget, "Budget", Eager)
    for command, extra in (("graph", []), ("paths", ["--from",
                                                     "arn:aws:iam::111111111111:user/alice",
                                                     "--admin"])):
        main([command, LESSON_04, *extra])
        lines = capsys.readouterr().err.splitlines()
        assert lines, command
        assert all(line.startswith(f"rolesim {command}: note: {LESSON_04}: still working after ")
                   for line in lines), lines[:2]


def test_the_recovery_copy_after_a_crash_is_a_note(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    """The TUI could not contain an error and wrote the unsaved scenario to a recovery file:
    the line that says where follows the one form (`rolesim FILE` has no command name)."""
    import rolesim.ui.app

    copy = tmp_path / "s.recovered-1.toml"

    class Crashed:
        recovery_copy = copy
        return_code = 1

        def run(self) -> None:
            pass

    monkeypatch.setattr(rolesim.ui.app, "make_app", lambda *args, **kwargs: Crashed())
    assert main([LESSON_04]) == 1
    assert capsys.readouterr().err == (
        f"rolesim: note: the unsaved scenario was saved to {copy}\n")


def test_serve_logs_in_the_same_form() -> None:
    """`rolesim serve` logs a session that ended with an error as a warning line of its own
    command, not `rolesim serve: MESSAGE` with no level."""
    from rolesim.serve.server import LevelFormatter

    record: Any = logging.LogRecord("rolesim.serve", logging.WARNING, __file__, 1,
                                    "a session ended with an error: %s", ("boom",), None)
    assert LevelFormatter().format(record) == (
        "rolesim serve: warning: a session ended with an error: boom")
