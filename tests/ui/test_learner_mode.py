"""Learner mode with real keys: nothing before an answer reveals the outcome, only decisions
are scored, explicit and implicit deny are told apart, the closing screen sums up, and the
presenter switch shows everything (issue 17, issue 10 "Predict mode")."""

from __future__ import annotations

from typing import Any

from learner_fixture import lesson_app, screen_text
from test_stepper_fixtures import cross_account_app, open_scenario_tab
from textual.widgets import DataTable

from rolesim.ui.lesson.closing import ClosingScreen
from rolesim.ui.lesson.learner_step import LearnerStepDialog
from rolesim.ui.lesson.predict import PredictDialog, RevealDialog
from rolesim.ui.steps.scenario_pane import ScenarioPane
from rolesim.ui.steps.step_dialog import StepDialog

SIZE = (120, 40)
ANSWERS = ("InvalidParameterValue", "explicitDeny", "implicitDeny", "TRAINER-NOTE",
           "EXPLAIN-", "expect ok", "· expect")


def _pane(app: Any) -> ScenarioPane:
    for screen in app.screen_stack:
        panes = screen.query(ScenarioPane)
        if panes:
            return panes.first()  # type: ignore[no-any-return]
    raise AssertionError("no ScenarioPane")


def _revealed(text: str) -> list[str]:
    return [answer for answer in ANSWERS if answer in text]


async def test_a_learn_file_opens_in_learner_mode_with_predict_on() -> None:
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        pane = _pane(app)
        assert pane.learner and pane.predict
        assert "learner mode · predict" in screen_text(app)


async def test_a_file_without_mode_opens_in_presenter_mode() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        pane = _pane(app)
        assert not pane.learner and not pane.predict
        assert "· expect ok" in screen_text(app)


async def test_the_command_line_mode_wins_over_the_file() -> None:
    app = lesson_app(mode="present")
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        assert not _pane(app).learner
        assert "InvalidParam" in screen_text(app)  # the expectation (short form)


async def test_predict_mode_reveals_nothing_before_an_answer() -> None:
    """Step list, the text under it, the step dialog and the predict prompt: no expectation,
    no trainer's note, no explanation before the step has run."""
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        assert _revealed(screen_text(app)) == []
        for _ in range(3):  # the cursor on each step: its note is not shown
            await pilot.press("down")
            assert _revealed(screen_text(app)) == []
        await pilot.press("up", "up", "e")  # step 2's dialog
        assert isinstance(app.screen, LearnerStepDialog)
        dialog_text = screen_text(app)
        assert "transitive" in dialog_text.lower() or "Team" in dialog_text
        assert _revealed(dialog_text) == [], dialog_text
        for row in ("#row-expect", "#row-note", "#row-explain", "#row-expect_session"):
            assert not app.screen.query_one(row).display
        await pilot.press("escape")
        await pilot.press("home", "n", "n")  # sign-in runs unasked; step 2 asks
        assert isinstance(app.screen, PredictDialog)
        prompt = screen_text(app)
        revealed = [a for a in _revealed(prompt) if a != "InvalidParameterValue"]
        assert revealed == []  # InvalidParameterValue is one of the fixed choices
        assert "project = apollo" in prompt
        assert "Team  (no tag Team is passed in this step)" in prompt


async def test_explain_is_shown_once_the_step_has_run_and_the_note_never() -> None:
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "4")  # step 2: InvalidParameterValue (TAG-12): right
        assert isinstance(app.screen, RevealDialog)
        reveal = screen_text(app)
        assert "EXPLAIN-2" in reveal and "TRAINER-NOTE" not in reveal
        await pilot.press("enter")
        text = screen_text(app)
        assert "EXPLAIN-2" in text and "TRAINER-NOTE" not in text
        assert "EXPLAIN-3" not in text


async def test_non_decision_steps_are_not_scored() -> None:
    """Sign-in, advance and exit run without a question; the score counts the four
    decisions only."""
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        pane = _pane(app)
        await pilot.press("n")
        assert not isinstance(app.screen, PredictDialog) and pane.position == 1
        for answer in ("4", "1", "2", "3"):  # steps 2-5, all right
            await pilot.press("n")
            assert isinstance(app.screen, PredictDialog)
            await pilot.press(answer, "enter")
        assert pane.position == 5 and (pane.score.right, pane.score.asked) == (4, 4)
        await pilot.press("n")  # advance: no question
        assert not isinstance(app.screen, PredictDialog) and pane.position == 6
        await pilot.press("n")  # exit, the last step: no question, the closing screen
        assert pane.position == 7 and (pane.score.asked, pane.score.reached) == (4, 4)


async def test_explicit_and_implicit_deny_are_scored_apart_ev01_ev02() -> None:
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        pane = _pane(app)
        await pilot.press("n", "n", "4", "enter", "n", "1", "enter")  # steps 1-3
        await pilot.press("n", "3")  # step 4 is an explicit deny: "implicitDeny" is wrong
        assert isinstance(app.screen, RevealDialog) and not app.screen.correct
        await pilot.press("enter", "n", "3")  # step 5 is an implicit deny: right
        assert isinstance(app.screen, RevealDialog) and app.screen.correct
        await pilot.press("enter")
        assert {i: p.correct for i, p in pane.predictions.items()} == {
            1: True, 2: True, 3: False, 4: True}
        table = app.screen.query_one("#steps", DataTable)
        assert "✗" in str(table.get_cell("3", "you"))  # wrong guess, met expectation
        assert "✓" in str(table.get_cell("3", "met"))
        assert "✓" in str(table.get_cell("4", "you"))


async def test_the_closing_screen_follows_the_last_step_with_score_misses_and_key_ideas(
) -> None:
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "2", "enter")  # step 2: AccessDenied: wrong
        await pilot.press("n", "1", "enter", "n", "2", "enter", "n", "3", "enter")
        await pilot.press("n", "n")  # advance, exit: the end
        assert isinstance(app.screen, ClosingScreen)
        text = screen_text(app)
        assert "Score 3/4" in text
        assert "Step 2:" in text and "EXPLAIN-2" in text
        assert "You said AccessDenied; AWS said InvalidParameterValue." in text
        assert "Step 4:" not in text  # predicted right: not a miss
        assert "A Deny statement always wins over an Allow." in text
        assert "Not a key idea." not in text
        await pilot.press("escape")
        assert not isinstance(app.screen, ClosingScreen)
        await pilot.press("s")  # the summary command opens it again
        assert isinstance(app.screen, ClosingScreen)


async def test_the_presenter_switch_reveals_expect_and_note() -> None:
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("m")
        pane = _pane(app)
        assert not pane.learner and not pane.predict
        await pilot.press("down")
        text = screen_text(app)
        assert "· expect" in text and "InvalidParam" in text and "TRAINER-NOTE-2" in text
        await pilot.press("e")
        assert type(app.screen) is StepDialog
        assert app.screen.query_one("#row-expect").display
        await pilot.press("escape")
        await pilot.press("m")  # back to learner mode: hidden again
        assert _pane(app).learner and _revealed(screen_text(app)) == []


async def test_learner_mode_turns_editing_off() -> None:
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a", "x", "f7")
        assert len(app.workspace.scenario.steps) == 7 and not app.workspace.dirty


def test_the_command_line_flags_choose_the_mode() -> None:
    from rolesim.cli import _tui_parser

    assert _tui_parser().parse_args(["f.toml", "--present"]).mode == "present"
    assert _tui_parser().parse_args(["f.toml", "--learn"]).mode == "learn"
    assert _tui_parser().parse_args(["f.toml"]).mode is None


def test_every_shipped_lesson_opens_in_learner_mode() -> None:
    from rolesim.lessons import lessons_dir
    from rolesim.scenario.builtin import load_builtin
    from rolesim.scenario.load import load_scenario

    lessons = sorted(lessons_dir().glob("*.toml"))
    assert lessons and all(load_scenario(p).mode == "learn" for p in lessons)
    assert load_builtin().mode == "learn"
