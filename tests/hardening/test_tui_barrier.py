"""Issue 16: the TUI's crash barrier. An exception inside replay, analysis or drawing is a
message in the app, the scenario stays open and nothing typed is lost; a crash that cannot be
contained writes a recovery copy and exits with status 1."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

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


def notes_on_screen(app: RolesimApp) -> list[str]:
    """The text of the notifications drawn on the screen now (toasts)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def settle(pilot: Pilot[None], times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


async def test_an_exception_in_replay_is_shown_and_the_scenario_stays_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pane shows the error in place of the step, a notification on screen says what went
    wrong, the edit is kept, and once replay works again the pane steps on as before."""
    app = make_app(workspace=_workspace(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        _edit(app)
        working = Workspace.replay

        def broken(self: Workspace, upto: int | None = None) -> None:
            raise OverflowError("date value out of range")

        monkeypatch.setattr(Workspace, "replay", broken)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running
        pane = app.screen.query_one("ScenarioPane")
        assert "OverflowError: date value out of range" in pane.error  # type: ignore[attr-defined]
        notes = notes_on_screen(app)
        assert any("Something went wrong" in n and "OverflowError: date value out of range" in n
                   and "Your scenario is still open" in n for n in notes), notes
        assert app.workspace.scenario.title == "Edited title" and app.workspace.dirty
        monkeypatch.setattr(Workspace, "replay", working)
        await pilot.press("n")
        await settle(pilot)
        assert pane.error == "" and pane.position == 2  # type: ignore[attr-defined]
        summary = str(app.screen.query_one("#inspector-summary").render())
        assert "after step 2" in summary and "assumed-role/R/sess" in summary


async def test_an_exception_in_analysis_is_shown_and_the_tab_recovers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Effective permissions (worked out in a thread) fail: the tab says so, a notification
    says what went wrong, and the next step works them out again."""
    from rolesim.ui.inspector import inspector

    working = inspector.permission_view

    def broken(simulator: object, session: object) -> object:
        raise KeyError("injected analysis fault")

    app = make_app(workspace=_workspace(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        monkeypatch.setattr(inspector, "permission_view", broken)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("n", "4")  # signed in: there are permissions to work out
        await app.workers.wait_for_complete()
        await settle(pilot)
        title = app.screen.query_one("#permissions-title")
        assert "Could not work out the permissions: KeyError" in str(title.render())
        notes = notes_on_screen(app)
        assert any("KeyError: 'injected analysis fault'" in n for n in notes), notes
        monkeypatch.setattr(inspector, "permission_view", working)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.is_running
        shown = str(title.render())
        assert "Could not work out" not in shown and "Working out" not in shown, shown


async def test_an_exception_while_drawing_is_shown_and_the_widget_draws_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A section of the inspector cannot be drawn: it shows one line saying so, a notification
    says what went wrong (once, not once a frame), and the next step draws it again."""
    from rolesim.ui.inspector.inspector_grid import Section
    from rolesim.ui.shell.crash_barrier import UNDRAWN

    working = Section.render_strips
    failing = {"on": True}

    def broken(self: Section, *args: object, **kwargs: object) -> object:
        if failing["on"]:
            raise ValueError("injected drawing fault")
        return working(self, *args, **kwargs)  # type: ignore[arg-type]

    app = make_app(workspace=_workspace(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        monkeypatch.setattr(Section, "render_strips", broken)
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running
        whoami = app.screen.query_one("#whoami")
        assert UNDRAWN.split(":")[0] in "".join(s.text for s in whoami.render_lines(
            whoami.region.reset_offset))
        notes = notes_on_screen(app)
        assert sum("ValueError: injected drawing fault" in n for n in notes) == 1, notes
        failing["on"] = False
        await pilot.press("n")
        await settle(pilot)
        drawn = "".join(s.text for s in whoami.render_lines(whoami.region.reset_offset))
        assert "Who am I" in drawn and "AssumedRole" in drawn, drawn


async def test_a_failing_handler_loses_no_keystroke_and_keeps_answering(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The world tree's filter handler fails on the first key: every key typed is in the box,
    the notification says what went wrong, and the next keys filter the tree as usual."""
    from rolesim.ui.world.world_tree import WorldTree

    working = WorldTree.rebuild
    calls = {"n": 0}

    def flaky(self: WorldTree, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:  # the first rebuild is the builder's own, the second the key's
            raise AttributeError("injected handler fault")
        return working(self, *args, **kwargs)  # type: ignore[arg-type]

    app = make_app(workspace=_workspace(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        monkeypatch.setattr(WorldTree, "rebuild", flaky)
        calls["n"] = 1
        await pilot.press("slash")
        for char in "alicexy":
            await pilot.press(char)
        await settle(pilot)
        assert app.is_running
        box = app.screen.query_one("#tree-filter", Input)
        assert box.value == "alicexy"
        notes = notes_on_screen(app)
        assert any("AttributeError: injected handler fault" in n for n in notes), notes
        await pilot.press("backspace", "backspace")
        await settle(pilot)
        tree = app.screen.query_one(WorldTree)
        assert calls["n"] > 2 and box.value == "alice"
        shown = [str(node.label) for node in _walk(tree.root)]
        assert any("alice" in label for label in shown), shown  # rebuilt for the latest text
        assert not any(label == "R" for label in shown), shown


def _walk(node: Any) -> list[Any]:
    out = []
    for child in node.children:
        out += [child, *_walk(child)]
    return out


async def test_a_storm_of_errors_saves_a_recovery_copy_and_exits_1(tmp_path: Path) -> None:
    """More errors than MAX_CONTAINED within STORM_SECONDS: something is looping. The unsaved
    scenario is written beside its file (the file itself is left alone), the app exits 1."""
    from rolesim.ui.shell.crash_barrier import MAX_CONTAINED

    app = make_app(workspace=_workspace(tmp_path))
    with pytest.raises(RuntimeError, match="looping"):
        async with app.run_test(size=SIZE) as pilot:
            _edit(app)

            def explode() -> None:
                raise RuntimeError("looping")

            for _ in range(MAX_CONTAINED + 1):
                app.call_later(explode)
            await settle(pilot)
    assert app.return_code == 1
    assert len(app.contained_errors) == MAX_CONTAINED + 1
    assert app.recovery_copy is not None and app.recovery_copy.parent == tmp_path
    assert app.recovery_copy.name.startswith("s.recovered-")
    assert 'title = "Edited title"' in app.recovery_copy.read_text()
    assert (tmp_path / "s.toml").read_text().count("Edited title") == 0  # not overwritten


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


async def test_a_crash_at_start_up_saves_a_recovery_copy_and_exits_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the app runs, nothing can be shown in it: the unsaved scenario is written beside
    its file and the app exits 1."""
    from rolesim.ui.shell.main_screen import MainScreen

    def explode(self: MainScreen) -> None:
        raise RuntimeError("at start-up")

    monkeypatch.setattr(MainScreen, "on_mount", explode)
    workspace = _workspace(tmp_path)
    workspace.scenario.title = "Edited title"
    workspace.mark_dirty()
    app = make_app(workspace=workspace)
    with pytest.raises(RuntimeError, match="at start-up"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
    assert app.return_code == 1
    assert app.recovery_copy is not None and app.recovery_copy.parent == tmp_path
    assert 'title = "Edited title"' in app.recovery_copy.read_text()


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
