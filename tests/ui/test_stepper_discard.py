"""The step dialogs keep what was typed: Escape on a changed dialog asks "Discard your
changes?" (Escape there keeps editing), an unchanged one closes at once."""

from __future__ import annotations

import pytest
from test_stepper_fixtures import cross_account_app, open_scenario_tab
from textual.widgets import Input

from rolesim.scenario.model import STEP_TYPES
from rolesim.ui.common.confirm import DiscardChangesModal
from rolesim.ui.steps.scenario_pane import ScenarioPane
from rolesim.ui.steps.step_dialog import StepDialog

SIZE = (120, 40)


async def test_edited_step_survives_escape_then_discard_leaves_it_unchanged() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        before = [step.model_dump() for step in app.workspace.scenario.steps]
        await pilot.press("down", "down", "e")  # step 3: call s3:GetObject
        dialog = app.screen
        assert isinstance(dialog, StepDialog) and dialog.kind == "call"
        action = dialog.query_one("#field-action", Input)
        assert app.focused is action
        await pilot.press("end", *"Acl")
        assert action.value == "s3:GetObjectAcl"
        await pilot.press("escape")
        confirm = app.screen
        assert isinstance(confirm, DiscardChangesModal)
        assert "this step" in confirm.question
        await pilot.press("escape")  # keep editing
        assert app.screen is dialog and action.value == "s3:GetObjectAcl"
        await pilot.press("escape", "d")
        await pilot.pause()
        assert not isinstance(app.screen, StepDialog | DiscardChangesModal)
        assert [step.model_dump() for step in app.workspace.scenario.steps] == before
        assert not app.workspace.dirty


async def test_new_step_with_a_typed_field_asks_and_keep_editing_saves_it() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a", "c")  # c: a call, picked in the dialog's first field
        assert isinstance(app.screen, StepDialog) and app.screen.kind == "call"
        await pilot.press(*"s3:ListBucket", "escape")
        assert isinstance(app.screen, DiscardChangesModal)
        await pilot.press("enter")  # Keep editing has the focus
        assert isinstance(app.screen, StepDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workspace.scenario.steps[1].action == "s3:ListBucket"


@pytest.mark.parametrize("kind", sorted(STEP_TYPES))
async def test_unchanged_step_dialog_closes_at_once(kind: str) -> None:
    """A new dialog of every kind, and an edit dialog of each step of the fixture of that kind,
    count as unchanged when opened: escape closes them without a question."""
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        pane = app.screen.query_one(ScenarioPane)
        world = pane.replay.world if pane.replay else None
        dialogs = [StepDialog(kind, None, world=world)]
        dialogs += [StepDialog(kind, step, world=world, index=index)
                    for index, step in enumerate(app.workspace.scenario.steps)
                    if step.do == kind]
        for dialog in dialogs:
            app.push_screen(dialog)
            await pilot.pause()
            await pilot.pause()
            assert not dialog.has_changes, dialog.index
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not dialog and not isinstance(app.screen, DiscardChangesModal)
