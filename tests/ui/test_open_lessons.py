"""Ctrl+O lists the lessons shipped inside the package, wherever rolesim is started."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from rolesim.lessons import all_lessons
from rolesim.ui.app import make_app
from rolesim.ui.shell.open_file import OpenModal


async def test_open_dialog_lists_every_lesson_from_another_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        modal = app.screen
        assert isinstance(modal, OpenModal)
        files = modal.query_one("#files", OptionList)
        prompts = [str(files.get_option_at_index(i).prompt) for i in range(files.option_count)]
        assert len(prompts) == len(all_lessons()) >= 27
        assert "lesson  4  Role chaining and the one-hour cap" in prompts
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.workspace.path is not None
        assert app.workspace.path.name == "01-cross-account-delegation.toml"
