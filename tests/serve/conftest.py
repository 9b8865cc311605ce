"""Fixtures of the classroom tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolesim.lessons import lessons_dir

LESSON = "01-cross-account-delegation.toml"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A lessons folder holding lesson 01, and the work folder (not made yet)."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / LESSON).write_text((lessons_dir() / LESSON).read_text())
    return lessons, tmp_path / "work"
