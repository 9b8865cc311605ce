"""The world builder's path searches on a big world, as a user moves and presses keys:

* moving to another user or role, or to anything else (an account, a section heading), stops
  the search of the one before (its cut-short answer is dropped, never shown, and asked again
  on coming back);
* `s` on a role works out what the role can become within the builder's budget (60 s, as
  `rolesim paths --budget`), says how far it got each second, and Escape stops it; the dialog
  stays, says it was stopped, and a second Escape closes it. Its footer and hint say what
  Escape does now: stop the search while it runs, then cancel.

The searches here never end by themselves (only a budget stops them), as on a world of
thousands of roles; the world: a user allowed sts:AssumeRole on every role, roles trusting
the account root (TP-09)."""

from __future__ import annotations

from typing import Any

import pytest
from test_builder_flows import select
from test_entity_detail_can_do import settle, shown
from test_paths_budget_ui import A, scenario_text
from textual.widgets import OptionList, Static

from rolesim.core.analysis import paths as paths_package
from rolesim.core.analysis.paths import summary as summary_module
from rolesim.core.analysis.paths.budget import SearchStopped
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.path_steps_modal import PathStepsModal
from rolesim.ui.world.world_builder import WorldBuilder
from rolesim.ui.world.world_tree import NodeRef

ROLE_0 = f"arn:aws:iam::{A}:role/app-0000"
ROLE_1 = f"arn:aws:iam::{A}:role/app-0001"


class Endless:
    """A path search that only its budget stops; says for whom searches started (the
    principal asked about: the target of "who can become it", else the source) and were
    stopped on request."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.stopped: list[str] = []

    def __call__(self, world: Any, source: str, target: Any = None, admin_only: bool = False,
                 now: Any = None, graph: Any = None) -> list[Any]:
        whom = target or source
        self.started.append(whom)
        try:
            while True:
                graph.budget.tick()
        except SearchStopped:
            self.stopped.append(whom)
            raise


def _endless(monkeypatch: pytest.MonkeyPatch, module: Any) -> Endless:
    search = Endless()
    monkeypatch.setattr(module, "find_paths", search)
    return search


def _app() -> Any:
    return make_app(workspace=Workspace(load_scenario_text(scenario_text(3), "t.toml"), None))


async def _until(pilot: Any, holds: Any, tries: int = 300) -> None:
    for _ in range(tries):
        if holds():
            return
        await pilot.pause(0.02)
    raise AssertionError("never happened")


async def _searching_role_0(app: Any, pilot: Any, search: Endless) -> WorldBuilder:
    """The builder, once the search for who can become ROLE_0 runs."""
    await select(app, pilot, NodeRef("role", ROLE_0, A))
    await _until(pilot, lambda: search.started[-1:] == [ROLE_0])
    return app.screen.query_one(WorldBuilder)


async def test_moving_to_another_role_stops_its_search_and_drops_what_it_found(
        monkeypatch: pytest.MonkeyPatch) -> None:
    search = _endless(monkeypatch, summary_module)
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        builder = await _searching_role_0(app, pilot, search)
        await select(app, pilot, NodeRef("role", ROLE_1, A))
        await _until(pilot, lambda: ROLE_0 in search.stopped)  # before: it ran on for ever
        await _until(pilot, lambda: search.started[-1:] == [ROLE_1])
        assert ROLE_0 not in builder.paths_of  # cut short: not kept as its answer
        await pilot.pause(0.3)
        text = " ".join(shown(app).split())
        assert "role/app-0001" in text and "You stopped it" not in text
        assert "Working it out…" in text
        await select(app, pilot, NodeRef("role", ROLE_0, A))  # back: asked again
        await _until(pilot, lambda: ROLE_1 in search.stopped)
        await _until(pilot, lambda: search.started[-1:] == [ROLE_0])
        await pilot.press("escape")
        await app.workers.wait_for_complete()


@pytest.mark.parametrize("away", [NodeRef("account", A, A), NodeRef("section", "user", A)])
async def test_moving_to_anything_else_stops_the_search_and_coming_back_starts_it(
        monkeypatch: pytest.MonkeyPatch, away: NodeRef) -> None:
    search = _endless(monkeypatch, summary_module)
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        builder = await _searching_role_0(app, pilot, search)
        await select(app, pilot, away)
        await _until(pilot, lambda: ROLE_0 in search.stopped)  # before: it ran on for ever
        await _until(pilot, lambda: not builder.check_action("stop_paths", ()))
        assert ROLE_0 not in builder.paths_of and ROLE_0 not in builder.can_do
        asked = len(search.started)
        await select(app, pilot, NodeRef("role", ROLE_0, A))  # back: asked again
        await _until(pilot, lambda: len(search.started) > asked)
        assert search.started[-1] == ROLE_0
        text = " ".join(shown(app).split())
        assert "You stopped it" not in text
        await pilot.press("escape")
        await app.workers.wait_for_complete()


def _escape_says(app: Any) -> str:
    """The footer's word for Escape on the current screen."""
    return str(app.screen.active_bindings["escape"].binding.description)


def _hint(modal: PathStepsModal) -> str:
    return str(modal.query_one("#path-keys", Static).render())


async def test_s_on_a_role_searches_within_the_budget_and_escape_stops_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    search = _endless(monkeypatch, paths_package)  # where the builder's worker finds it
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await select(app, pilot, NodeRef("role", ROLE_0, A))
        await settle(app, pilot)
        await pilot.press("s")  # before: the search ran on the screen's thread, for ever
        await _until(pilot, lambda: isinstance(app.screen, PathStepsModal))
        modal = app.screen
        line = modal.query_one("#path-search", Static)
        await _until(pilot, lambda: "checks so far" in str(line.render()))
        assert ("What role/app-0000 can become: Working it out… " in str(line.render())
                and "Esc stops it; it stops by itself after 60 s." in str(line.render()))
        assert _escape_says(app) == "Stop search" and "esc stops the search" in _hint(modal)
        await pilot.press("escape")
        await _until(pilot, lambda: "You stopped it after" in str(line.render()))
        await pilot.pause()
        assert _escape_says(app) == "Cancel" and "esc cancels" in _hint(modal)
        assert search.stopped == [ROLE_0] and app.screen is modal
        assert "--budget 0" in str(line.render())
        await pilot.press("escape")
        await _until(pilot, lambda: not isinstance(app.screen, PathStepsModal))


async def test_thousands_of_paths_a_role_can_become_list_the_first_hundred(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On big-nocalls.toml a role can become 5,000 roles: listing each (and checking each
    against the list for duplicates) froze the screen for minutes once the search ended."""
    from rolesim.core.analysis.paths import Edge, Path
    from rolesim.ui.world.entity_detail import MAX_PATH_LINES

    def many(world: Any, source: str, target: Any = None, admin_only: bool = False,
             now: Any = None, graph: Any = None) -> list[Path]:
        def to(i: int) -> Path:
            role = f"arn:aws:iam::{A}:role/far-{i:04d}"
            return Path(source, role, False, (Edge(source, role, "assume-role", ()),))
        return [to(i) for i in range(5000)] + [to(0)]  # the same path found twice

    monkeypatch.setattr(paths_package, "find_paths", many)
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await select(app, pilot, NodeRef("role", ROLE_0, A))
        await settle(app, pilot)
        await pilot.press("s")
        await _until(pilot, lambda: isinstance(app.screen, PathStepsModal))
        modal = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(modal.paths) == 5000 + 1  # deduplicated; the 1: user/admin into ROLE_0
        assert modal.query_one(OptionList).option_count == MAX_PATH_LINES
        line = str(modal.query_one("#path-search", Static).render())
        assert f"The first {MAX_PATH_LINES} paths are listed, not 4,901 more" in line
        assert _escape_says(app) == "Cancel"
