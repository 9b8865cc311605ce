"""ctrl+e in the step dialog goes to the step's expectation from any field, its text selected.

A trainer sets `expect` on almost every step, and it sits above the kind's own fields: from the
field a dialog opens on it took two shift+tabs each time (6 of the 37 step keys of a walk).
The footer names the key, so it is found without the help."""

from __future__ import annotations

from test_builder_flows import app_for
from test_dialog_footer import shown_keys
from test_trainer_build_walk import DEV, SIZE, WORLD
from textual.widgets import Input

from rolesim.ui.app import RolesimApp
from rolesim.ui.steps.step_dialog import StepDialog

ALICE = f"arn:aws:iam::{DEV}:user/alice"
WITH_A_STEP = WORLD + f"""
[[steps]]
do = "sign-in"
principal = "{ALICE}"
expect = "AccessDenied"
"""


async def open_new_step(app: RolesimApp, pilot: object) -> StepDialog:
    await pilot.press("f3", "a")  # type: ignore[attr-defined]
    assert isinstance(app.screen, StepDialog)
    return app.screen


async def test_ctrl_e_sets_a_new_steps_expectation_after_its_first_field() -> None:
    """s (sign-in), alice picked from the list, ctrl+e, ok: the step expects ok."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_new_step(app, pilot)
        await pilot.press("s", "a", "l", "enter")
        assert dialog.focused is not None and dialog.focused.id != "field-expect"
        await pilot.press("ctrl+e", "o", "k", "ctrl+s")
        await pilot.pause()
        (step,) = app.workspace.scenario.steps
        assert (step.do, step.principal, step.expect) == ("sign-in", ALICE, "ok")  # type: ignore[attr-defined]


async def test_ctrl_e_on_an_edited_step_replaces_its_expectation() -> None:
    """The old outcome is selected: typing the new one replaces it (not AccessDeniedok)."""
    app = app_for(WITH_A_STEP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        await pilot.press("ctrl+e", "o", "k", "ctrl+s")
        await pilot.pause()
        (step,) = app.workspace.scenario.steps
        assert step.expect == "ok"


async def test_ctrl_e_works_from_the_kind_field_and_the_footer_names_it() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_new_step(app, pilot)
        assert "ctrl+e" in shown_keys(dialog)
        assert dialog.active_bindings["ctrl+e"].binding.description == "Expect"
        await pilot.press("ctrl+e")
        assert dialog.focused is dialog.query_one("#field-expect", Input)
