"""F1 on the Scenario tab, pressed as a user does: what it says about the clock keys is what
they do (F5 adds an `advance` step that `b` only steps back over: the step stays until `x`
deletes it), and it explains the ⇢ the step list puts after a transitive tag (TAG-10)."""

from __future__ import annotations

from test_stepper_fixtures import cross_account_app, open_scenario_tab

from rolesim.ui.shell.help import HelpModal
from rolesim.ui.steps.scenario_pane import ScenarioPane


async def test_f1_on_the_scenario_says_what_b_and_x_do_to_a_clock_step() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("f5", "b")
        await pilot.pause()
        pane = app.screen.query_one(ScenarioPane)
        assert app.workspace.scenario.steps[0].do == "advance"  # b kept it
        assert pane.position == 0
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        text = " ".join(app.screen.text.split())
        assert "undoes it" not in text
        assert "`x` deletes it" in text
        assert "⇢" in text and "transitive" in text
