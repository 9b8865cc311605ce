"""Snapshots of the world tree's filter on a world too big to list (300 roles), at 120x40 and
80x24: what was typed, how many entities match in the tree's title, the narrowed tree, and
the highlighted match in the detail pane.

Regenerate with `pytest tests/ui/test_snapshots_tree_filter.py --snapshot-update`, then look
at them (rsvg-convert the SVGs to PNG).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from test_entity_detail_can_do import settle
from test_tree_filter import world
from textual.pilot import Pilot

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.world_builder import DETAIL_DELAY

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


async def typed_app_29(pilot: Pilot[None]) -> None:
    app: Any = pilot.app
    await pilot.press("f2")
    await settle(app, pilot)
    await pilot.press("slash", *"app-29")
    await pilot.pause(DETAIL_DELAY + 0.2)  # the detail follows once typing pauses
    await settle(app, pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_tree_filter_narrows_a_big_world(snap_compare: Any, size: tuple[int, int]) -> None:
    app = make_app(workspace=Workspace(load_scenario_text(world(300), "big.toml")),
                   clock_start=START)
    assert snap_compare(app, run_before=typed_app_29, terminal_size=size)
