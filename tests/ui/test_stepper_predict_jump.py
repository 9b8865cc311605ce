"""Predict mode applies to jumps: a jump forward asks about the step jumped to (the steps run on
the way are reached but not scored), a jump back just moves.

Outcomes of the fixture are the fact sheet's: alice's Deploy session may s3:GetObject on `*`
(its inline policy allows it), and a chained session asking for 2 hours gets ValidationError
(CH-02).
"""

from __future__ import annotations

from test_stepper_fixtures import cross_account_app, open_scenario_tab, plain
from textual.widgets import Static

from rolesim.ui.lesson.predict import PredictDialog, RevealDialog
from rolesim.ui.steps.scenario_pane import ScenarioPane
from rolesim.ui.steps.stepper_model import Score

SIZE = (120, 40)


def _pane(app: object) -> ScenarioPane:
    for screen in app.screen_stack:  # type: ignore[attr-defined]
        panes = screen.query(ScenarioPane)
        if panes:
            return panes.first()  # type: ignore[no-any-return]
    raise AssertionError("no ScenarioPane")


def _title(app: object) -> str:
    pane = _pane(app)
    return plain(pane.query_one("#stepper-title", Static).content, width=200)


def test_score_counts_steps_reached_and_predicted() -> None:
    score = Score()
    score.record(True, skipped=2)  # a jump from step 0 to step 3
    assert (score.right, score.asked, score.reached, score.skipped) == (1, 1, 3, 2)
    assert score.coverage == "1 of 3 steps predicted"
    score.record(False)  # n
    assert str(score) == "1/2" and score.with_coverage() == "1/2 · 2 of 4 steps predicted"


def test_score_without_jumps_says_only_the_score() -> None:
    score = Score()
    score.record(True)
    score.record(False)
    assert score.coverage == "" and score.with_coverage() == "1/2"


async def test_jump_forward_in_predict_mode_asks_about_the_target_step() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        pane = _pane(app)
        await pilot.press("p", "down", "down", "g")  # jump to step 3, a call
        dialog = app.screen
        assert isinstance(dialog, PredictDialog)
        assert dialog.number == 3 and "s3:GetObject" in dialog.summary
        assert list(dialog.skipped) == [1, 2]
        assert "steps 1–2 run first" in plain(dialog.query_one(".predict-title", Static).content)
        assert pane.position == 0, "nothing runs before the guess"
        await pilot.press("1")  # allowed: right (Deploy's inline policy allows s3:GetObject)
        assert isinstance(app.screen, RevealDialog)
        head = plain(app.screen.query_one(".predict-title", Static).content, width=200)
        # reached: the decisions run, steps 2 and 3 (sign-in is not one, issue 17)
        assert "Score: 1/1" in head and "1 of 2 steps predicted" in head
        assert pane.position == 3
        assert (pane.score.right, pane.score.asked, pane.score.reached) == (1, 1, 2)
        await pilot.press("enter")
        assert "score 1/1 · 1 of 2 steps predicted" in _title(app)
        await pilot.press("n", "3")  # step 4: chained for 2 h -> ValidationError (CH-02), right
        assert isinstance(app.screen, RevealDialog)
        assert (pane.score.right, pane.score.asked, pane.score.reached) == (2, 2, 3)
        await pilot.press("enter")
        assert "score 2/2 · 2 of 3 steps predicted" in _title(app)


async def test_jump_back_in_predict_mode_just_moves() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        pane = _pane(app)
        await pilot.press("p", "n", "n", "1", "enter")  # sign-in unasked; step 2 ok, right
        assert pane.position == 2 and (pane.score.right, pane.score.asked) == (1, 1)
        await pilot.press("up", "g")  # back to step 1
        assert not isinstance(app.screen, PredictDialog | RevealDialog)
        assert pane.position == 1
        assert (pane.score.right, pane.score.asked, pane.score.reached) == (1, 1, 1)
        assert "score 1/1" in _title(app) and "predicted" not in _title(app)
        await pilot.press("g")  # onto the current step: nothing to predict either
        assert not isinstance(app.screen, PredictDialog) and pane.position == 1


async def test_escape_on_a_jump_prediction_runs_nothing() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        pane = _pane(app)
        await pilot.press("p", "down", "down", "down", "enter")  # enter on a row jumps too
        assert isinstance(app.screen, PredictDialog) and app.screen.number == 4
        await pilot.press("escape")
        assert not isinstance(app.screen, PredictDialog)
        assert pane.position == 0
        assert (pane.score.asked, pane.score.reached) == (0, 0)


async def test_jump_outside_predict_mode_asks_nothing() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("down", "down", "down", "g")
        assert not isinstance(app.screen, PredictDialog)
        assert _pane(app).position == 4
