"""What `rolesim lint` says of a step, where a builder edits steps: a call step on an action
AWS does not have (UNKNOWN_STEP_ACTION; PL-05: actions match as written, so the replay's
implicitDeny says nothing about the real call) is marked ⚠ in the step list with the finding
under it, and the step dialog shows the finding with the action a typo meant. A warning never
blocks saving: an author may mean it. Driven with real keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_stepper_dialogs import Host
from test_stepper_fixtures import START, open_scenario_tab, plain
from textual.widgets import DataTable, Input, Static, TextArea

from rolesim.scenario.model import CallStep
from rolesim.ui.app import make_app
from rolesim.ui.steps.step_dialog import StepDialog

TYPO = '''format = 1
title = "a typo in a step"

[[accounts]]
id = "111111111111"

[[users]]
arn = "arn:aws:iam::111111111111:user/ann"
inline.all = { Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "cloudformation:*", Resource = "*" }] }

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/ann"

[[steps]]
do = "call"
action = "cloudformation:DescribeStacks"
resource = "*"

[[steps]]
do = "call"
action = "cloudformation:DescribeStack"
resource = "*"
'''
MEANT = "did you mean cloudformation:DescribeStacks?"


async def _settle(pilot: object) -> None:
    await pilot.app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def _step_cells(app: object) -> list[str]:
    table = app.screen.query_one("#steps", DataTable)  # type: ignore[attr-defined]
    return [str(table.get_cell(str(row), "step")) for row in range(table.row_count)]


async def test_the_list_marks_the_step_and_the_dialog_names_the_meant_action(
        tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(TYPO)
    app = make_app(path, clock_start=START)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario_tab(pilot)
        await _settle(pilot)
        cells = _step_cells(app)
        assert [cell.startswith("⚠ ") for cell in cells] == [False, False, True]
        await pilot.press("down", "down")
        note = plain(app.screen.query_one("#step-note", Static).content, width=200)
        assert "UNKNOWN_STEP_ACTION (warning)" in note and MEANT in note

        await pilot.press("e")
        await _settle(pilot)
        finding = app.screen.query_one("#action-finding", Static)
        assert finding.display
        shown = plain(finding.content, width=200)
        assert shown.startswith("⚠ UNKNOWN_STEP_ACTION (warning): the step calls "
                                "'cloudformation:DescribeStack'")
        assert MEANT in shown

        app.screen.query_one("#field-action", Input).focus()
        await pilot.press("end", "s")  # the fix clears it as it is typed
        await pilot.pause()
        assert not finding.display
        await pilot.press("backspace", "ctrl+s")  # the typo again: saved all the same
        await _settle(pilot)
        assert not isinstance(app.screen, StepDialog)
        step = app.workspace.scenario.steps[2]  # type: ignore[union-attr]
        assert isinstance(step, CallStep) and step.action == "cloudformation:DescribeStack"
        assert _step_cells(app)[2].startswith("⚠ call")


async def test_a_new_finding_waits_until_the_author_leaves_the_action() -> None:
    app = Host(StepDialog("call"))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = app.dialog
        await _settle(pilot)
        dialog.query_one("#field-action", Input).focus()
        await pilot.press(*"s3:GetObjet")
        await pilot.pause()
        finding = dialog.query_one("#action-finding", Static)
        assert not finding.display  # not while typing a half-written name
        await pilot.press("tab")
        await pilot.pause()
        assert finding.display
        assert "(did you mean s3:GetObject?)" in plain(finding.content, width=200)
        await pilot.press("ctrl+s")
        await pilot.pause()
    (step,) = app.returned
    assert isinstance(step, CallStep) and step.action == "s3:GetObjet"


async def test_a_learner_sees_no_warning_before_the_step_has_run(tmp_path: Path) -> None:
    """A lesson may call a mistyped action on purpose (AWS answers it with an implicit deny,
    PL-05): a ⚠ before the learner predicts would give the outcome away."""
    path = tmp_path / "typo.toml"
    path.write_text(TYPO.replace('title = "a typo in a step"',
                                 'title = "a typo in a step"\nmode = "learn"'))
    app = make_app(path, clock_start=START)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario_tab(pilot)
        await _settle(pilot)
        assert not any(cell.startswith("⚠ ") for cell in _step_cells(app))
        await pilot.press("down", "down")
        note = plain(app.screen.query_one("#step-note", Static).content, width=200)
        assert "UNKNOWN_STEP_ACTION" not in note


LESSON_13 = "13-session-policies.toml"
MALFORMED = ("✗ MALFORMED_POLICY (error): policy, line 1, column 140: IAM rejects this document "
             "(MalformedPolicyDocument)")
"""Lesson 13, step 2: a session policy cut off before its closing brackets, not JSON, which STS
refuses with MalformedPolicyDocument (AR-14): `rolesim lint` names it at the step's policy."""


async def test_a_step_policy_finding_is_marked_at_once_for_the_presenter() -> None:
    from rolesim.lessons import lessons_dir

    app = make_app(lessons_dir() / LESSON_13, clock_start=START, mode="present")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await _settle(pilot)
        assert [cell.startswith("⚠ ") for cell in _step_cells(app)][:3] == [False, True, False]
        await pilot.press("down")
        note = plain(app.screen.query_one("#step-note", Static).content, width=300)
        assert MALFORMED in note


async def test_a_step_policy_finding_waits_until_the_learner_has_run_the_step() -> None:
    """Before the learner predicts, a ⚠ on step 2 would say its session policy is broken:
    the lesson's answer (MalformedPolicyDocument, AR-14). After the step has run, it is
    marked as for the presenter."""
    from rolesim.lessons import lessons_dir
    from rolesim.ui.lesson.predict import PredictDialog, RevealDialog

    app = make_app(lessons_dir() / LESSON_13, clock_start=START)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario_tab(pilot)
        await _settle(pilot)
        assert not any(cell.startswith("⚠ ") for cell in _step_cells(app))
        await pilot.press("down")
        assert "MALFORMED" not in plain(app.screen.query_one("#step-note", Static).content)
        # sign-in runs unasked; step 2 asks, is answered, its outcome revealed, and closed
        for keys, shown in ((("home", "n", "n"), PredictDialog), (("1",), RevealDialog),
                            (("enter",), None)):
            await pilot.press(*keys)
            await _settle(pilot)
            assert shown is None or isinstance(app.screen, shown)
        assert [cell.startswith("⚠ ") for cell in _step_cells(app)][:3] == [False, True, False]
        note = plain(app.screen.query_one("#step-note", Static).content, width=300)
        assert MALFORMED in note


async def _edit_step_2(pilot: Any) -> tuple[Static, TextArea]:
    """Open the step dialog (e) on step 2: the findings under its session policy, the field."""
    await open_scenario_tab(pilot)
    await _settle(pilot)
    await pilot.press("down", "e")
    await _settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, StepDialog)
    return dialog.query_one("#findings-policy", Static), dialog.query_one("#field-policy",
                                                                           TextArea)


async def test_the_step_dialog_shows_a_policy_finding_under_the_field_as_it_is_typed() -> None:
    """Lesson 13, step 2, in presenter mode: the list marks it ⚠ MALFORMED_POLICY, and the
    dialog (e) says the same under the session policy field. Closing the brackets clears it as
    they are typed; a mistyped action in the fixed policy is named in its place (PL-05)."""
    from rolesim.lessons import lessons_dir

    app = make_app(lessons_dir() / LESSON_13, clock_start=START, mode="present")
    async with app.run_test(size=(120, 40)) as pilot:
        shown, area = await _edit_step_2(pilot)
        assert shown.display
        assert plain(shown.content, width=300).startswith(
            "✗ MALFORMED_POLICY (error): line 1, column 140: IAM rejects this document "
            "(MalformedPolicyDocument)")
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("}", "]")
        await pilot.pause()
        assert "MALFORMED_POLICY" in plain(shown.content, width=300)  # one bracket still open
        await pilot.press("}")
        await pilot.pause()
        assert not shown.display
        area.move_cursor((0, area.text.index("GetObject")))
        await pilot.press("delete")  # s3:etObject
        await pilot.pause()
        assert shown.display
        assert "UNKNOWN_ACTION" in plain(shown.content, width=300)


async def test_a_learner_editing_a_step_not_yet_run_sees_no_finding_of_the_lesson() -> None:
    """Learner mode, lesson 13 step 2 before it has run: the dialog (e) must not say the
    session policy is broken (the answer to predict, AR-14), as the list does not. A policy the
    learner changes is theirs: its findings show."""
    from rolesim.lessons import lessons_dir

    app = make_app(lessons_dir() / LESSON_13, clock_start=START)
    async with app.run_test(size=(80, 24)) as pilot:
        shown, area = await _edit_step_2(pilot)
        assert not shown.display
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("x")
        await pilot.pause()
        assert shown.display and "MALFORMED_POLICY" in plain(shown.content, width=300)


async def test_once_the_learner_has_run_the_step_the_dialog_says_the_finding() -> None:
    """After step 2 has run (predicted, revealed), the list marks it ⚠ for the learner too,
    and the dialog says the same under the field."""
    from rolesim.lessons import lessons_dir
    from rolesim.ui.lesson.predict import RevealDialog

    app = make_app(lessons_dir() / LESSON_13, clock_start=START)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario_tab(pilot)
        await _settle(pilot)
        await pilot.press("n", "n")
        await _settle(pilot)
        await pilot.press("5")  # MalformedPolicyDocument
        await _settle(pilot)
        assert isinstance(app.screen, RevealDialog)
        await pilot.press("enter", "e")
        await _settle(pilot)
        assert isinstance(app.screen, StepDialog) and app.screen.index == 1
        shown = app.screen.query_one("#findings-policy", Static)
        assert shown.display and "MALFORMED_POLICY" in plain(shown.content, width=300)
