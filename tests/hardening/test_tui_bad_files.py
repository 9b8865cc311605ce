"""The TUI given bad files, with real keys: a file that does not load, opened with Ctrl+O,
is a notification naming its line and key while the open scenario stays; a save that fails
half-way (the disk full as the new text is written) leaves the old file as it was, no
temporary file behind, and the user's edits in place to save again."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from textual.widgets import Input

from rolesim.lessons import lessons_dir
from rolesim.scenario import write_file
from rolesim.ui.app import make_app
from rolesim.ui.shell.open_file import OpenModal

SIZE = (100, 30)
LESSON = (lessons_dir() / "04-role-chaining.toml").read_text()


async def _type(pilot: object, text: str) -> None:
    for char in text:
        await pilot.press(char)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("content", "said"), [
    ("format = 1\n[world\n", ":2:7: not valid TOML"),
    (LESSON.replace("title =", "titel =", 1), ':3: titel: unknown key "titel"'),
    (LESSON.replace('do = "sign-in"', "do = 5", 1), ":91: steps[0].do:"),
])
async def test_opening_a_file_that_does_not_load_names_it_and_keeps_the_scenario(
        tmp_path: Path, content: str, said: str) -> None:
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(LESSON)
    bad.write_text(content)
    app = make_app(good)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OpenModal)
        app.screen.query_one("#path", Input).value = ""
        await _type(pilot, str(bad))
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and not app.contained_errors
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith(f"{bad}{said}") for m in messages), messages
        assert app.workspace.path == good


async def test_a_save_that_fails_half_way_keeps_the_old_file_and_the_edits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lesson.toml"
    path.write_text(LESSON)
    app = make_app(path)
    real_replace = os.replace

    def disk_full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.workspace.set_title("Changed by the user")
        app.workspace_changed()
        monkeypatch.setattr(write_file.os, "replace", disk_full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_text() == LESSON  # the old file, untouched
        assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.toml"]  # no .rs-*.tmp
        assert app.workspace.dirty and app.workspace.title == "Changed by the user"
        assert any("Not saved" in str(n.message) and "No space left" in str(n.message)
                   for n in app._notifications)
        monkeypatch.setattr(write_file.os, "replace", real_replace)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert 'title = "Changed by the user"' in path.read_text()
        assert not app.workspace.dirty
