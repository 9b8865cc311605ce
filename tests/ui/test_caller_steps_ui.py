"""The Scenario tab steps through world changes made by the caller and rolesim's own steps
(issue #15) without a crash, shows each outcome, and opens their step dialogs."""

from __future__ import annotations

from pathlib import Path

from test_stepper_fixtures import open_scenario_tab
from textual.widgets import DataTable

from rolesim.scenario.load import load_scenario
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.steps.step_dialog import StepDialog

FILE = Path(__file__).with_name("caller_steps.toml")


async def test_every_new_step_runs_and_its_dialog_opens(tmp_path: Path) -> None:
    scenario = load_scenario(FILE)
    app = make_app(workspace=Workspace(scenario, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        for _ in scenario.steps:
            await pilot.press("n")
        await pilot.pause()
        table = app.screen.query_one("#steps", DataTable)
        outcomes = [str(table.get_cell(str(i), "outcome")) for i in range(len(scenario.steps))]
        assert "AccessDenied" in outcomes[-1]  # sign-in with a password the user lacks
        expected = ("ok", "allowed", "Deny", "Denied")
        assert all(any(word in o for word in expected) for o in outcomes), outcomes
        app.save_screenshot("caller_steps.svg", str(tmp_path))
        await pilot.press("e")  # the last step's dialog; then a new kind's
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("b")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        app.save_screenshot("caller_dialog.svg", str(tmp_path))
        await pilot.press("escape")
