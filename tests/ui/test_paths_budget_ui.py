"""The world builder's path search on a big world: it runs within the CLI's budget
(`rolesim paths --budget`, 60 s), says how far it got while it works, Escape stops it, and the
detail says what was searched and what was not when it stops. Thousands of paths are not all
listed (they froze the screen): the first ones, and how many more the command line lists.

The world: a user allowed sts:AssumeRole on every role, and roles trusting the account root
(TP-09: the trust naming the account and the user's own allow let it in)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from rich.console import Console
from test_builder_flows import select
from test_entity_detail_can_do import shown

from rolesim.core.analysis.paths import paths_summary
from rolesim.core.analysis.paths import summary as summary_module
from rolesim.core.analysis.paths.budget import Budget
from rolesim.core.clock import DEFAULT_START
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.entity_detail import PathsWorking, describe
from rolesim.ui.world.world_builder import WorldBuilder
from rolesim.ui.world.world_tree import NodeRef

A = "111111111111"
USER = f"arn:aws:iam::{A}:user/admin"


def scenario_text(roles: int) -> str:
    trust = ('{ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = '
             f'{{ AWS = "arn:aws:iam::{A}:root" }}, Action = "sts:AssumeRole" }}] }}')
    lines = ['format = 1', 'title = "many roles"', "[[accounts]]", f'id = "{A}"',
             'name = "big"', "[[users]]", f'arn = "{USER}"',
             'inline.assume = { Version = "2012-10-17", Statement = [{ Effect = "Allow", '
             'Action = "sts:AssumeRole", Resource = "*" }] }']
    for i in range(roles):
        lines += ["[[roles]]", f'arn = "arn:aws:iam::{A}:role/app-{i:04d}"', f"trust = {trust}"]
    return "\n".join(lines) + "\n"


def detail(summary: Any, kind: str = "user", arn: str = USER, roles: int = 3) -> str:
    scenario = load_scenario_text(scenario_text(roles))
    world = build_world(scenario)
    console = Console(width=100, record=True)
    console.print(describe(NodeRef(kind, arn, A), scenario, world, None, "not needed here",
                           summary))
    return " ".join(console.export_text().split())


def test_while_it_works_it_says_how_far_it_got_and_how_to_stop_it() -> None:
    text = detail(PathsWorking(checks=16576, seconds=4.2, budget=60.0))
    assert ("Working it out… 4 s, 16,576 checks so far. Esc stops it; it stops by itself "
            "after 60 s.") in text


def test_when_the_budget_runs_out_it_says_what_was_searched_and_what_was_not() -> None:
    world = build_world(load_scenario_text(scenario_text(30)))
    summary = paths_summary(world, USER, DEFAULT_START, Budget(seconds=0.0))
    assert summary.stopped is not None and summary.out is None
    text = detail(summary, roles=30)
    assert "The budget ran out after 0 s and" in text
    assert f"who can become it was asked of {summary.asked} of 30 users and roles" in text
    assert "what it can become was not finished, so none of it is shown" in text
    assert "rolesim paths FILE --from ARN --admin (or --to ARN) --budget 0" in text


def test_a_stopped_search_says_it_was_stopped() -> None:
    world = build_world(load_scenario_text(scenario_text(30)))
    budget = Budget()
    budget.stop()
    text = detail(paths_summary(world, USER, DEFAULT_START, budget), roles=30)
    assert "You stopped it after 0 s and" in text


def test_thousands_of_paths_are_counted_not_all_listed() -> None:
    """150 roles: 150 paths out of the user, one per role; the first 100 are listed."""
    world = build_world(load_scenario_text(scenario_text(150)))
    summary = paths_summary(world, USER, DEFAULT_START)
    assert summary.out is not None and len(summary.out) == 150
    text = detail(summary, roles=150)
    assert "role/app-0099 (assume-role)" in text and "role/app-0100" not in text
    assert "… and 50 more: rolesim paths FILE --from this ARN lists them all." in text


def _endless(world: Any, source: str, target: Any = None, admin_only: bool = False,
             now: Any = None, graph: Any = None) -> list[Any]:
    """A search that never ends by itself: only its budget stops it."""
    while True:
        graph.budget.tick()
        time.sleep(0.0002)


async def test_escape_stops_the_search_and_the_detail_says_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_module, "find_paths", _endless)
    app = make_app(workspace=Workspace(load_scenario_text(scenario_text(3), "t.toml"), None))
    async with app.run_test(size=(120, 40)) as pilot:
        builder = app.screen.query_one(WorldBuilder)
        assert not builder.check_action("stop_paths", ())  # nothing to stop yet
        await select(app, pilot, NodeRef("user", USER, A))
        for _ in range(400):  # a role's search may come first; progress comes each second
            await pilot.pause(0.05)
            if USER in builder.paths_working:
                break
            if builder.paths_working:
                await pilot.press("escape")  # not the user's: stopped, the user's comes next
        assert "Working it out…" in shown(app) and builder.check_action("stop_paths", ())
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = " ".join(shown(app).split())
        assert "You stopped it after" in text and "was not finished" in text, text
        assert not builder.check_action("stop_paths", ())
        await asyncio.sleep(0)
