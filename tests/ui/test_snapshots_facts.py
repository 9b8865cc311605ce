"""Snapshot: the fact modal, reached as a learner would (ctrl+p, type CH-02, enter)."""

from __future__ import annotations

from typing import Any

from test_entity_detail_can_do import settle
from test_snapshots_shell import SIZE, tutorial
from textual.pilot import Pilot


async def _open_ch_02(pilot: Pilot[None]) -> None:
    app: Any = pilot.app
    await settle(app, pilot)
    await pilot.press("ctrl+p")
    await pilot.press(*"CH-02")
    await pilot.pause(0.4)
    await pilot.press("enter")
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_fact_modal_ch_02(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=_open_ch_02, terminal_size=SIZE)
