"""Snapshots of the dialogs added for issue #5's last gaps: "Discard your changes?" over an
edited form, and predict mode's question for a jump forward (120x40, real keys, the clock
from the scenario, no blink, no animation).

Apps come from `make_app` (instances, never paths). Regenerate with
`pytest tests/ui/test_snapshots_guard.py --snapshot-update`, then look at each SVG.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from test_snapshots_shell import settled
from test_stepper_fixtures import cross_account_app, open_scenario_tab
from textual.pilot import Pilot

from rolesim.ui.app import make_app

SIZE = (120, 40)
START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def test_discard_changes_over_an_edited_role_form(snap_compare: Any) -> None:
    assert snap_compare(make_app(clock_start=START),
                        run_before=settled("e", "end", "2", "escape"), terminal_size=SIZE)


def test_discard_changes_over_an_edited_step(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_scenario_tab(pilot)
        await pilot.press("down", "down", "e", "end", *"Acl", "escape")
        await pilot.pause()

    assert snap_compare(cross_account_app(), run_before=run_before, terminal_size=SIZE)


def test_predict_question_for_a_jump_forward(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_scenario_tab(pilot)
        await pilot.press("p", "down", "down", "g")
        await pilot.pause()

    assert snap_compare(cross_account_app(), run_before=run_before, terminal_size=SIZE)


def test_predict_reveal_after_a_jump(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_scenario_tab(pilot)
        await pilot.press("p", "down", "down", "g", "1")
        await pilot.pause()

    assert snap_compare(cross_account_app(), run_before=run_before, terminal_size=SIZE)


def test_stepper_title_after_a_predicted_jump(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_scenario_tab(pilot)
        await pilot.press("p", "down", "down", "g", "1", "enter")
        await pilot.pause()

    assert snap_compare(cross_account_app(), run_before=run_before, terminal_size=SIZE)
