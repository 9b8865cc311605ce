"""`rolesim serve --lessons DIR` says at start which of the trainer's lessons cannot be
opened, in `rolesim run`'s words, rather than letting each learner who picks one meet the
error in class (a hand-written lesson with a typo in a key, or a name defined twice)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from rolesim.serve import command

GOOD = 'format = 1\ntitle = "Good"\n[[accounts]]\nid = "111111111111"\n'


def _lessons(tmp_path: Path) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "01-good.toml").write_text(GOOD)
    (folder / "02-typo.toml").write_text(GOOD + "[[steps]]\ndo = \"sign-in\"\nprincipl = \"x\"\n")
    (folder / "03-twice.toml").write_text(
        GOOD + '[[users]]\narn = "arn:aws:iam::111111111111:user/ann"\n'
               '[[users]]\narn = "arn:aws:iam::111111111111:user/Ann"\n')
    return folder


def test_each_lesson_that_cannot_be_opened_is_named_with_its_problem(tmp_path: Path) -> None:
    problems = command.lesson_problems(_lessons(tmp_path))
    assert len(problems) == 2
    assert "02-typo.toml:7: steps[0].principl: unknown key" in problems[0]
    assert '03-twice.toml:8: users[1].arn: a user named "Ann" already exists' in problems[1]


def test_serve_warns_about_them_before_it_starts(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(command, "start_fork_server", lambda *_: None)  # stop right there
    options = argparse.Namespace(lessons=str(_lessons(tmp_path)), work=str(tmp_path / "work"),
                                 host="127.0.0.1", port=8123, max_sessions=2)
    assert command.run_serve(options) == 2
    err = capsys.readouterr().err.splitlines()
    warnings = [line for line in err if line.startswith("rolesim serve: warning: ")]
    assert len(warnings) == 2
    assert "02-typo.toml:7: steps[0].principl" in warnings[0]
    assert "fix it before class: a learner who picks it cannot take it" in warnings[0]
