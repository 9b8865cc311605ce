"""The Scenario tab driven with real keys: stepping, going back, the clock, predict mode, edits.

Every expected outcome here is the fact sheet's, not read off the code: ID-03 (a session ARN is
in the role's account), CH-02 (a chained session asking for more than an hour gets
ValidationError), ER-07 (expired credentials get ExpiredToken).
"""

from __future__ import annotations

from test_stepper_fixtures import cross_account_app, open_scenario_tab, plain
from textual.widgets import DataTable, Static

from rolesim.scenario.model import AdvanceStep, CallStep
from rolesim.ui.inspector.inspector import Inspector
from rolesim.ui.lesson.predict import PredictDialog, RevealDialog
from rolesim.ui.steps.scenario_pane import ScenarioPane


def _pane(app: object) -> ScenarioPane:
    """The pane, whichever dialog is on top of the main screen."""
    for screen in app.screen_stack:  # type: ignore[attr-defined]
        panes = screen.query(ScenarioPane)
        if panes:
            return panes.first()  # type: ignore[no-any-return]
    raise AssertionError("no ScenarioPane")


def _text(app: object, selector: str) -> str:
    static = app.screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return plain(static.content)


def _outcome_cell(app: object, row: int) -> str:
    table = app.screen.query_one("#steps", DataTable)  # type: ignore[attr-defined]
    return str(table.get_cell(str(row), "outcome"))


async def test_id03_assume_role_across_accounts_shows_the_role_account() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n")
        pane = _pane(app)
        assert pane.position == 2
        session = app.screen.query_one(Inspector).state.session
        assert session is not None
        assert session.arn == "arn:aws:sts::222222222222:assumed-role/Deploy/alice"
        who = _text(app, "#whoami")
        assert "arn:aws:sts::222222222222:assumed-role/Deploy/alice" in who.replace("\n", "")
        assert "222222222222  (prod)" in who
        assert "AssumedRole" in who
        await pilot.press("2")  # hidden tabs are brought up to date when opened
        chain = _text(app, "#chain")
        assert chain.index("user/alice in dev") < chain.index("assumed-role/Deploy/alice in prod")
        assert "✔ ok" in _outcome_cell(app, 1)
        table = app.screen.query_one("#steps", DataTable)
        assert "✓" in str(table.get_cell("1", "met"))  # the lesson expected ok
        assert str(table.get_cell("1", "you")).strip() == ""  # no prediction made


async def test_ch02_chained_session_over_one_hour_is_a_validation_error() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "n", "n")
        assert _pane(app).replay.results[3].outcome == "ValidationError"
        assert "ValidationError" in _outcome_cell(app, 3)
        await pilot.press("5")
        why = _text(app, "#why")
        assert "ValidationError" in why
        assert "1 hour session limit" in why
        await pilot.press("n", "2")  # the same hop within the hour succeeds, chained
        session = app.screen.query_one(Inspector).state.session
        assert session is not None and session.chained
        chain = _text(app, "#chain")
        assert "chained" in chain and "1 hour" in chain


async def test_er07_clock_past_expiry_says_expired_and_next_call_is_expired_token() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "f6")
        assert "45:00 left" in _text(app, "#inspector-summary")
        await pilot.press("f6", "f6")  # 45 minutes used: the warning colour under 5 minutes
        pane = _pane(app)
        assert isinstance(pane.steps[2], AdvanceStep) and pane.steps[2].minutes == 45
        await pilot.press("f5", "f5", "f5", "f5", "f5", "f5", "f5", "f5", "f5", "f5", "f5")
        assert "4:00 left" in _text(app, "#inspector-summary")
        await pilot.press("f5", "f5", "f5")
        assert "1:00 left" in _text(app, "#inspector-summary")
        await pilot.press("f5")  # 1 h after issue: at the expiration, expired (scenario format)
        assert "EXPIRED" in _text(app, "#inspector-summary")
        assert "EXPIRED" in _text(app, "#expiry")
        assert app.workspace.dirty
        assert pane.steps[2].total_seconds == 3600  # one advance step, lengthened
        assert pane.steps[2].hours == 1
        await pilot.press("n")
        assert pane.replay.results[-1].do == "call"
        assert pane.replay.results[-1].outcome == "ExpiredToken"
        assert "ExpiredToken" in _outcome_cell(app, 3)


async def test_predict_mode_keeps_a_score() -> None:
    """Only decision steps are asked about: sign-in runs without a question (issue 17)."""
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        pane = _pane(app)
        await pilot.press("p", "n")  # sign-in: not a decision, runs unasked
        assert not isinstance(app.screen, PredictDialog)
        assert pane.position == 1 and (pane.score.right, pane.score.asked) == (0, 0)
        await pilot.press("n")
        assert isinstance(app.screen, PredictDialog)
        assert pane.position == 1  # nothing runs before the guess
        await pilot.press("2")  # assume-role: guess AccessDenied (wrong: ok)
        assert isinstance(app.screen, RevealDialog)
        assert (pane.score.right, pane.score.asked) == (0, 1)
        await pilot.press("enter", "n", "3")  # call: implicitDeny (wrong: allowed)
        await pilot.press("enter", "n", "3")  # chained 2 h: ValidationError (right, CH-02)
        assert (pane.score.right, pane.score.asked) == (1, 3)
        await pilot.press("enter")
        assert "score 1/3" in _text(app, "#stepper-title")
        await pilot.press("n", "escape")  # escape: no guess, the step does not run
        assert pane.position == 4


async def test_step_back_replays_to_the_step_before() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "n", "n", "n")
        pane = _pane(app)
        top = app.screen.query_one(Inspector).state.session
        assert top is not None and top.arn.endswith("assumed-role/Audit/audit")
        await pilot.press("b", "b")
        assert pane.position == 3
        back = app.screen.query_one(Inspector).state.session
        assert back is not None and back.arn.endswith("assumed-role/Deploy/alice")
        assert "·" in _outcome_cell(app, 3)  # not run any more
        await pilot.press("n", "n")
        again = app.screen.query_one(Inspector).state.session
        assert again is not None
        assert (again.arn, again.user_id, again.expiration) == (top.arn, top.user_id,
                                                                top.expiration)
        await pilot.press("b", "b", "b", "b", "b", "b")
        assert pane.position == 0
        assert app.screen.query_one(Inspector).state.session is None


async def test_add_move_and_delete_steps_with_the_dialogs() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("down", "down", "a")  # add after step 3
        await pilot.press("c")  # each kind has its letter: c, a call
        await pilot.pause()
        await pilot.press(*"s3:ListBucket", "ctrl+s")
        await pilot.pause()
        pane = _pane(app)
        assert isinstance(pane.steps[3], CallStep) and pane.steps[3].action == "s3:ListBucket"
        assert app.workspace.dirty
        await pilot.press("shift+up")
        assert isinstance(pane.steps[2], CallStep) and pane.steps[2].action == "s3:ListBucket"
        await pilot.press("x", "y")
        assert len(pane.steps) == 6
        assert pane.steps[2].action == "s3:GetObject"  # type: ignore[attr-defined]
