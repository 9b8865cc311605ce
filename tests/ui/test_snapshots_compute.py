"""Snapshots of the world builder's Lambda function and EC2 instance screens, at 120x40 and at
80x24: the new-entity form of each kind (its example name or ID selected, the ARN it will
have) and the detail pane of each (the role it runs as, why it matters, what the role can do).

Regenerate with `pytest tests/ui/test_snapshots_compute.py --snapshot-update`, then look at
them as PNG.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_builder_compute import ACCOUNT, PROD, WITH_BOTH, WORKER
from test_builder_flows import select
from test_entity_detail_can_do import settle
from test_snapshots_shell import START
from textual.pilot import Pilot

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.world.world_tree import NodeRef

SIZES = [(120, 40), (80, 24)]
INSTANCE = NodeRef("instance", "i-0123456789abcdef0", PROD)


def compute_app() -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text(WITH_BOTH, "compute.toml")),
                    clock_start=START)


def at(ref: NodeRef, *keys: str) -> Any:
    """A run_before: select `ref` with the arrow keys, wait for its role's analysis, press
    `keys`."""
    async def run_before(pilot: Pilot[None]) -> None:
        app: Any = pilot.app
        await settle(app, pilot)
        await select(app, pilot, ref)
        await settle(app, pilot)
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_new_function_form(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(compute_app(), terminal_size=size, run_before=at(ACCOUNT, "n", "f"))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_new_instance_form(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(compute_app(), terminal_size=size, run_before=at(ACCOUNT, "n", "e"))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_function_detail(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(compute_app(), terminal_size=size,
                        run_before=at(NodeRef("function", WORKER, PROD)))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_instance_detail(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(compute_app(), terminal_size=size, run_before=at(INSTANCE))
