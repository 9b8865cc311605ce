"""Snapshot of the "replay a path as steps" dialog (issue 15), on the escalation fixture with
Mallory selected: her paths, and the first one's steps (120x40).

Regenerate with `pytest tests/ui/test_snapshots_paths.py --snapshot-update`, then look at it.
"""

from __future__ import annotations

from typing import Any

from path_steps_fixture import MALLORY, escalation_app
from test_builder_flows import select
from test_entity_detail_can_do import settle
from textual.pilot import Pilot

from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)


async def _mallory_paths(pilot: Pilot[None]) -> None:
    app: Any = pilot.app
    await settle(app, pilot)
    await select(app, pilot, NodeRef("user", MALLORY, "111111111111"))
    await settle(app, pilot)
    await pilot.press("s")
    await pilot.pause()


def test_replay_a_path_dialog(snap_compare: Any) -> None:
    assert snap_compare(escalation_app(), run_before=_mallory_paths, terminal_size=SIZE)
