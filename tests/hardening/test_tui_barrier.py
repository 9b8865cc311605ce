"""Issue 16: the TUI's crash barrier. An exception inside replay, analysis or drawing is a
message in the app, the scenario stays open and nothing typed is lost; a crash that cannot be
contained writes a recovery copy and exits with status 1."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from rolesim.core.clock import LATEST
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.shell.crash_barrier import recovery_path, save_recovery_copy
from tests.hardening import hostile

SIZE = (120, 40)


def _workspace(tmp_path: Path, text: str | None = None) -> Workspace:
    path = tmp_path / "s.toml"
    path.write_text(text or hostile.scenario(steps='[[steps]]\ndo = "assume-role"\n'
                                             'role = "arn:aws:iam::111111111111:role/R"\n'
                                             'session_name = "sess"\n'))
    return Workspace.open(path)


def _edit(app: RolesimApp) -> None:
    app.workspace.scenario.title = "Edited title"
    app.workspace.mark_dirty()


async def test_the_clock_near_its_end_then_a_step_is_a_message_not_a_crash(
        tmp_path: Path) -> None:
    """The scenario's clock an hour before the latest time (set after loading, as an edit
    could), then F7: the advance would pass the clock's range; the pane says so."""
    workspace = _workspace(tmp_path)
    workspace.scenario.start = LATEST - timedelta(minutes=30)
    workspace.mark_dirty()
    app = make_app(workspace=workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("n")
        await pilot.press("f7")
        await pilot.pause()
        assert app.is_running
        assert app.workspace.scenario.start == LATEST - timedelta(minutes=30)
        pane = app.screen.query_one("ScenarioPane")
        assert "would pass 9000-01-01T00:00:00Z" in pane.error  # type: ignore[attr-defined]


async def test_an_exception_in_replay_is_shown_and_the_scenario_stays_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(workspace=_workspace(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        _edit(app)

        def broken(self: Workspace, upto: int | None = None) -> None:
            raise OverflowError("date value out of range")

        monkeypatch.setattr(Workspace, "replay", broken)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        pane = app.screen.query_one("ScenarioPane")
        assert "OverflowError: date value out of range" in pane.error  # type: ignore[attr-defined]
        assert app.workspace.scenario.title == "Edited title" and app.workspace.dirty


async def test_an_exception_in_a_handler_becomes_a_notification(tmp_path: Path) -> None:
    app = make_app(workspace=_workspace(tmp_path))
    async with app.run_test(size=SIZE):
        _edit(app)

        def explode() -> None:
            raise RecursionError("maximum recursion depth exceeded \x1b[2J")

        widget = app.screen.query_one("Footer")
        widget.call_later(explode)  # a widget's handler fails (its own loop stops)
        for _ in range(50):  # not pilot.pause(): it waits for every widget, the Footer too
            await asyncio.sleep(0.02)
            if app.contained_errors:
                break
        assert app.is_running
        assert len(app.contained_errors) == 1
        shown = [n.message for n in app._notifications]
        assert any("RecursionError: maximum recursion depth exceeded \\x1b[2J" in m
                   for m in shown), shown
        assert app.workspace.scenario.title == "Edited title"
        assert app.workspace.save() is not None  # the work can still be saved
        app.exit()
    assert app.return_code in (0, None)


async def test_a_crash_in_the_app_itself_saves_a_recovery_copy_and_exits_1(
        tmp_path: Path) -> None:
    """The app's own message loop cannot survive an exception (keys would go unanswered):
    the unsaved scenario is written beside its file, the file itself is left alone."""
    app = make_app(workspace=_workspace(tmp_path))
    with pytest.raises(RuntimeError, match="at start-up"):
        async with app.run_test(size=SIZE) as pilot:
            _edit(app)

            def explode() -> None:
                raise RuntimeError("at start-up")

            app.call_later(explode)
            await pilot.pause()
    assert app.return_code == 1
    assert app.recovery_copy is not None and app.recovery_copy.parent == tmp_path
    assert app.recovery_copy.name.startswith("s.recovered-")
    assert 'title = "Edited title"' in app.recovery_copy.read_text()
    assert (tmp_path / "s.toml").read_text().count("Edited title") == 0  # not overwritten


def test_a_scenario_without_a_file_recovers_into_the_cache_dir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROLESIM_CACHE_DIR", str(tmp_path / "cache"))
    workspace = Workspace.new()
    assert recovery_path(workspace).parent == tmp_path / "cache" / "recovered"
    saved = save_recovery_copy(workspace)
    assert saved is not None and saved.read_text().startswith("format = 1")
    assert save_recovery_copy(_workspace(tmp_path)) is None  # nothing unsaved


def test_the_hostile_files_named_in_the_issue_do_not_open_as_crashes(tmp_path: Path) -> None:
    """A trust policy nested 1,000 deep, a start near the end of year 9999 and an advance of
    10^9 hours are refused when the file is opened, as `rolesim run` refuses them."""
    for text in (hostile.deep_trust(1000), hostile.late_start(), hostile.huge_advance()):
        path = tmp_path / "h.toml"
        path.write_text(text)
        try:
            app = make_app(path)
        except ScenarioError as error:
            assert str(error).startswith(str(path))
        else:  # loadable: the world refuses the document
            with pytest.raises(ScenarioError):
                app.workspace.world()


async def test_a_step_document_nested_3000_deep_opens_and_replays(tmp_path: Path) -> None:
    app = make_app(workspace=_workspace(tmp_path, hostile.deep_step_policy(3000)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause()
        assert app.is_running and not app.contained_errors
