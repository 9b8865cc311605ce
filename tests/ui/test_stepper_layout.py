"""The step list's columns, driven with real keys: a trainer who starts from an empty scenario
and adds steps sees them laid out as in a file opened with steps (no step split in the middle
of a word), and at 80 columns no outcome or expectation is cut while the step's cell has room.
"""

from __future__ import annotations

from test_stepper_fixtures import START, open_scenario_tab
from textual.widgets import DataTable

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.steps.stepper import Stepper

EMPTY_STEPS = '''
format = 1
title = "Nothing run yet"

[[accounts]]
id = "111111111111"
name = "dev"

[[users]]
arn = "arn:aws:iam::111111111111:user/alice"
'''


def _app(text: str) -> object:
    return make_app(workspace=Workspace(load_scenario_text(text, "lesson.toml"), None),
                    clock_start=START)


async def test_a_step_added_to_a_scenario_without_steps_gets_the_whole_step_column() -> None:
    app = _app(EMPTY_STEPS)
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await open_scenario_tab(pilot)
        await pilot.press("a")  # the new step's dialog opens on its kind: sign-in
        await pilot.pause()
        await pilot.press("enter", *"alice")
        await pilot.pause(0.3)
        await pilot.press("enter")  # the listed match: alice's ARN
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        stepper = app.screen.query_one(Stepper)  # type: ignore[attr-defined]
        table = stepper.query_one(DataTable)
        assert table.row_count == 1
        width = table.columns["step"].width  # type: ignore[index]
        assert width == stepper._step_width()
        assert width >= len("sign-in user/alice @dev")

