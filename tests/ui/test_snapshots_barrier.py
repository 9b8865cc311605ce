"""Snapshot of the crash barrier's notification (issue 16): a replay that fails shows the
error in the scenario pane and a notification saying what went wrong, with the scenario still
open. Regenerate with `pytest tests/ui/test_snapshots_barrier.py --snapshot-update`, then look
at it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from tests.hardening import hostile

SIZE = (120, 40)
START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
STEPS = ('[[steps]]\ndo = "assume-role"\nrole = "arn:aws:iam::111111111111:role/R"\n'
         'session_name = "sess"\n')


def test_a_failed_replay_is_a_notification(snap_compare: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = Workspace(load_scenario_text(hostile.scenario(steps=STEPS), "hostile.toml"))
    app = make_app(workspace=workspace, clock_start=START)

    def broken(self: Workspace, upto: int | None = None) -> None:
        raise OverflowError("date value out of range")

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("f3")
        await pilot.pause()
        monkeypatch.setattr(Workspace, "replay", broken)
        await pilot.press("n")
        for _ in range(3):
            await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
