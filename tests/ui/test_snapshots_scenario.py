"""Snapshots of the Scenario tab: the stepper, each inspector tab, predict mode and every step
dialog (120x40, real keys, the clock from the scenario, no blink, no animation).

Apps come from `make_app` (instances, never paths). Regenerate with
`pytest tests/ui/test_snapshots_scenario.py --snapshot-update`, then look at each SVG.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_stepper_fixtures import cross_account_app, open_scenario_tab
from textual.pilot import Pilot

from rolesim.ui.steps.step_kind import step_kinds

SIZE = (120, 40)


def snap(snap_compare: Any, *keys: str, wait_workers: bool = False) -> bool:
    """The Scenario tab of the fixture app after pressing `keys` (real key presses)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_scenario_tab(pilot)
        await pilot.press(*keys)
        if wait_workers:
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return bool(snap_compare(cross_account_app(), run_before=run_before, terminal_size=SIZE))


def test_stepper_before_any_step(snap_compare: Any) -> None:
    assert snap(snap_compare)


def test_stepper_and_identity_after_cross_account_assume(snap_compare: Any) -> None:
    assert snap(snap_compare, "n", "n")


def test_inspector_chain_with_chained_session(snap_compare: Any) -> None:
    assert snap(snap_compare, *"nnnnn", "2")


def test_inspector_tags_with_origins(snap_compare: Any) -> None:
    assert snap(snap_compare, "n", "n", "3")


def test_inspector_permissions(snap_compare: Any) -> None:
    assert snap(snap_compare, "n", "n", "4", wait_workers=True)


def test_inspector_why_of_an_allowed_cross_account_assume(snap_compare: Any) -> None:
    """Both halves (XA-01, TP-10) with their deciding statements, then what changed."""
    assert snap(snap_compare, "n", "n", "5")


def test_inspector_tags_hop_by_hop_through_a_chain(snap_compare: Any) -> None:
    """project inherited as transitive (TAG-10), stage dropped (TAG-16)."""
    assert snap(snap_compare, *"nnnnn", "3")


def test_inspector_why_of_an_implicit_deny(snap_compare: Any) -> None:
    assert snap(snap_compare, *"nnnnnn", "5")


def test_inspector_why_of_the_one_hour_cap(snap_compare: Any) -> None:
    assert snap(snap_compare, *"nnnn", "5")


def test_expired_session_after_the_clock_moves(snap_compare: Any) -> None:
    assert snap(snap_compare, "n", "n", "f7")


def test_predict_question(snap_compare: Any) -> None:
    """Sign-in runs unasked (not a decision); the assume-role prompt lists every setting."""
    assert snap(snap_compare, "p", "n", "n")


def test_predict_reveal_with_score(snap_compare: Any) -> None:
    assert snap(snap_compare, "p", "n", "n", "2")


def test_new_step_dialog_opens_on_its_kind(snap_compare: Any) -> None:
    """`a`: one dialog, its first field the kind (proposed from the step before), focused."""
    assert snap(snap_compare, "a")


@pytest.mark.parametrize("kind", list(step_kinds()))
def test_new_step_dialog(snap_compare: Any, kind: str) -> None:
    """Every kind of step has a dialog with every parameter of its model (home goes to
    sign-in, the first kind, right steps through the others; enter moves on to its fields)."""
    rights = ["right"] * list(step_kinds()).index(kind)
    assert snap(snap_compare, "a", "home", *rights, "enter")


def test_edit_assume_role_dialog_with_tags(snap_compare: Any) -> None:
    assert snap(snap_compare, "down", "e")


def test_edit_call_dialog(snap_compare: Any) -> None:
    assert snap(snap_compare, "down", "down", "e")
