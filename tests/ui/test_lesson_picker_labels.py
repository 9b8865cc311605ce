"""The lesson list as a learner reads it at 80x24 (a column of about 30 cells): a wrapped
title's lines stay under its first word, so the numbers stand alone in their column, and the
tutorial is not listed twice under one title when the lessons folder ships it as lesson 01."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from rolesim.scenario.builtin import builtin_text
from rolesim.ui.lesson.lesson_picker import _label, lesson_entries

LESSONS = Path(__file__).resolve().parents[2] / "rolesim" / "lessons"


def _lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_a_wrapped_title_hangs_under_its_first_word() -> None:
    entry = next(e for e in lesson_entries(LESSONS) if e.key.startswith("03-"))
    lines = _lines(_label(entry), 30)
    assert lines[0].startswith("03  Service roles")
    assert len(lines) > 2
    assert all(line.startswith("    ") and line[4] != " " for line in lines[1:]), lines


def test_the_tutorial_says_it_is_lesson_01_and_keeps_its_title_for_the_text(
        tmp_path: Path) -> None:
    tutorial = lesson_entries(LESSONS)[0]
    assert tutorial.label == "Start here: the tutorial (also lesson 01)"
    first = next(e for e in lesson_entries(LESSONS) if e.key.startswith("01-"))
    assert tutorial.title == first.title  # the text pane's heading: the lesson's own title
    (tmp_path / "01-other.toml").write_text(builtin_text().replace("title =", "title = 'x'\n#"),
                                            encoding="utf-8")
    assert lesson_entries(tmp_path)[0].label == "Start here: the tutorial"
