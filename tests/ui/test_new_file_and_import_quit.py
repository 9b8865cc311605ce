"""`rolesim new.toml` opens a new, empty scenario that Save writes there (as `vim new.txt`
does), and the quit question's Save on a scenario with no file yet (an account export opened
directly, a new scenario) asks where, saves, and then quits: before, it saved and stayed, so
a second Ctrl+Q was needed, and `rolesim new.toml` only said "no such file"."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from rolesim.cli import _export_workspace, main
from rolesim.cli_new_file import new_file_workspace
from rolesim.scenario.load import load_scenario
from rolesim.ui.app import make_app
from rolesim.ui.common.confirm import UnsavedChangesModal
from rolesim.ui.shell.main_screen import MainScreen
from rolesim.ui.shell.open_file import SaveAsModal

SIZE = (120, 40)
EXPORT = Path(__file__).resolve().parents[1] / "scenario" / "importer_data" / "cli_export.json"


async def test_a_new_file_name_opens_an_empty_scenario_that_save_writes(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    workspace = new_file_workspace(target)
    assert workspace is not None
    app = make_app(target, workspace=workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.sub_title == f"{target} (new file)"
        assert not target.exists(), "nothing is written before Save"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert target.is_file() and app.sub_title == str(target)
    assert load_scenario(target).title == "new"


async def test_an_untouched_new_file_quits_at_once_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    app = make_app(target, workspace=new_file_workspace(target))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert not target.exists()


def test_a_missing_name_that_cannot_be_a_scenario_says_how_to_start_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "notes"
    assert main([str(plain)]) == 2
    assert capsys.readouterr().err == (
        f"rolesim: error: {plain}: no such file (a new scenario is a file ending in .toml: "
        f"`rolesim {plain}.toml` opens an empty one, written when you save)\n")
    nested = tmp_path / "nowhere" / "x.toml"
    assert main([str(nested)]) == 2
    assert capsys.readouterr().err == (
        f"rolesim: error: {nested}: no such file, and no folder {nested.parent} to make it in\n")


async def test_quit_save_on_an_edited_import_asks_where_then_quits(tmp_path: Path) -> None:
    """Nothing built on top of an imported export is lost silently: a role added with the
    keys makes Ctrl+Q ask; Save asks where, writes, and quits."""
    target = tmp_path / "mine.toml"
    app = make_app(EXPORT, workspace=_export_workspace(EXPORT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")  # a new role in the selected account
        for char in "newrole":
            await pilot.press(char)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.workspace.dirty
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, UnsavedChangesModal)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsModal)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.is_running
    assert any(r.arn.endswith(":role/newrole") for r in load_scenario(target).roles)


async def test_quit_save_as_cancelled_keeps_the_import_open() -> None:
    app = make_app(EXPORT, workspace=_export_workspace(EXPORT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.workspace.scenario.roles[0].description = "changed"
        app.workspace.mark_dirty()
        await pilot.press("ctrl+q", "s")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsModal)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.workspace.dirty
