"""Changes to the world that a lesson asks about are predicted and scored like decisions.

Lesson 11's point is that IAM refuses every change to a service-linked role, to an
administrator too: put-policy, attach-policy, delete-policy, update-trust, set-boundary,
revoke-sessions and recreate all fail with `UnmodifiableEntity` (fact sheet SLR-02, SLR-03,
SLR-07). Those steps are made by the trainer (no policy decides them), so before `is_asked`
they ran without a question and the lesson's point was never predicted. Driven with real keys,
as a learner would; the classroom half writes the score file `rolesim scores` reads.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from learner_fixture import scenario_pane, screen_text
from textual.containers import Vertical

from rolesim.lessons import lessons_dir
from rolesim.scenario.load import load_scenario, load_scenario_text
from rolesim.scenario.scores_report import class_summary, render_table
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.classroom.classroom_app import ClassroomApp
from rolesim.ui.classroom.resume import earlier_answers
from rolesim.ui.lesson.closing import ClosingScreen
from rolesim.ui.lesson.predict import PredictDialog, RevealDialog

SLR_LESSON = "11-service-linked-role.toml"
START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
REFUSED = range(3, 10)
"""Lesson 11's steps 3..9: the seven changes IAM refuses with UnmodifiableEntity."""
ORDINARY = 10
"""Step 10: the same policy put on an ordinary role, which IAM makes (`ask = true`)."""


def _lesson_app() -> Any:
    return make_app(lessons_dir() / SLR_LESSON, clock_start=START, mode="learn")


def _choice(app: Any, code: str) -> str:
    """The number key of the choice that names `code` in the open predict dialog."""
    dialog = app.screen
    assert isinstance(dialog, PredictDialog)
    return next(g.key for g in dialog.guesses if g.covers == (code,))


async def _run_lesson_11(pilot: Any, *, until: int = 14) -> list[int]:
    """`n` until `until` steps have run, answering right on every question (each asked
    step's replayed outcome is what the lesson expects: `rolesim run` checks it); the steps
    asked."""
    app = pilot.app
    steps = load_scenario(lessons_dir() / SLR_LESSON).steps
    asked = []
    while scenario_pane(app).position < until:
        await pilot.press("n")
        await pilot.pause()
        if isinstance(app.screen, PredictDialog):
            asked.append(scenario_pane(app).position + 1)
            await pilot.press(_choice(app, str(steps[scenario_pane(app).position].expect)))
            await pilot.pause()
            assert isinstance(app.screen, RevealDialog)
            await pilot.press("enter")
            await pilot.pause()
    return asked


async def test_every_refused_change_to_the_service_linked_role_is_asked_slr_02() -> None:
    app = _lesson_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        asked = await _run_lesson_11(pilot)
        assert set(REFUSED) <= set(asked), asked
        assert ORDINARY in asked  # `ask = true`: made, yet asked, so asking tells nothing
        assert 1 not in asked  # the sign-in sets the scene
        assert isinstance(app.screen, ClosingScreen)
        assert app.screen.asked == len(asked) == 13
        pane = scenario_pane(app)
        assert pane.score.right == pane.score.asked == 13
        assert "Score 13/13: 13 of 13 predictions right" in screen_text(app)


async def test_a_refused_change_is_asked_without_giving_the_answer_away() -> None:
    """The prompt says who makes the change and every setting, offers the same choices as any
    change (UnmodifiableEntity among them, with its meaning), and shows neither the step's
    note nor its explanation; a wrong answer is scored wrong."""
    app = _lesson_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await _run_lesson_11(pilot, until=2)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PredictDialog)
        text = screen_text(app)
        assert "step 3: put-policy" in text
        assert "Made by: an administrator, not the caller: no policy is checked" in text
        assert "UnmodifiableEntity: the entity is protected, only AWS may change it" in text
        assert "SLR-02" not in text and "refuses" not in text  # its note, its explain
        await pilot.press(_choice(app, "ok"))
        await pilot.pause()
        assert isinstance(app.screen, RevealDialog)
        assert "Not this time" in screen_text(app)
        assert "UnmodifiableEntity" in screen_text(app)
        assert scenario_pane(app).score.right == 1 and scenario_pane(app).score.asked == 2


async def test_ask_false_runs_a_step_unasked_and_ask_true_asks_one_that_succeeds() -> None:
    """The lesson's own word wins: `ask = false` on a refused change, `ask = true` on a
    change that is simply made."""
    text = (lessons_dir() / SLR_LESSON).read_text()
    text = text.replace('name = "extra"\n', 'name = "extra"\nask = false\n', 1)
    text = text.replace('do = "sign-in"\n', 'do = "sign-in"\nask = true\n', 1)
    workspace = Workspace(load_scenario_text(text, "lesson.toml"), None)
    app = make_app(workspace=workspace, clock_start=START, mode="learn")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PredictDialog)  # the sign-in, asked
        assert "ok: the principal is signed in" in screen_text(app)
        await pilot.press("1", "enter", "n", "1", "enter", "n")  # step 2, then step 3
        await pilot.pause()
        assert not isinstance(app.screen, PredictDialog)
        assert scenario_pane(app).position == 3 and 2 not in scenario_pane(app).predictions


@pytest.mark.parametrize("step", [3, 11])
@pytest.mark.parametrize("size", [(80, 24), (88, 27), (120, 40)])
async def test_every_choice_and_the_keys_are_on_screen(size: tuple[int, int], step: int) -> None:
    """80x24 (a terminal) and 88x27 (the browser classroom at 800x500): the settings scroll,
    the choices never do. Step 3: 8 choices and a long role ARN; step 11: assume-role's 9
    (before, 7 to 9 were scrolled out of view at 88x27, 6 to 9 at 80x24)."""
    app = _lesson_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await _run_lesson_11(pilot, until=step - 1)
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause(0.1)
        dialog = app.screen
        assert isinstance(dialog, PredictDialog)
        inside = dialog.query_one(Vertical).content_region
        for part in ("#guesses", ".predict-keys"):
            region = dialog.query_one(part).region
            assert inside.contains_region(region), (part, region, inside)
        assert dialog.query_one("#guesses").region.height == len(dialog.guesses)
        text = screen_text(app)
        assert all(guess.label in text for guess in dialog.guesses), text


async def test_the_classroom_score_file_and_rolesim_scores_count_them(tmp_path: Path) -> None:
    lessons, work = tmp_path / "lessons", tmp_path / "work"
    lessons.mkdir()
    (lessons / SLR_LESSON).write_text((lessons_dir() / SLR_LESSON).read_text())
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"ada", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # lesson 11 (the tutorial is first)
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await _run_lesson_11(pilot, until=4)
    scores = work / "ada" / "scores" / "11-service-linked-role.json"
    records = json.loads(scores.read_text())["predictions"]
    assert [(r["step"], r["kind"], r["prediction"], r["right"]) for r in records] == [
        (2, "call", "allowed", True), (3, "put-policy", "UnmodifiableEntity", True),
        (4, "attach-policy", "UnmodifiableEntity", True)]
    summary = class_summary(work)
    cell = summary["learners"]["ada"]["11-service-linked-role"]
    assert (cell["right"], cell["predicted"]) == (3, 3)
    assert "3/3" in render_table(summary)
    # a learner who comes back gets the answers to the changes back too
    steps = load_scenario(lessons / SLR_LESSON).steps
    resumed = earlier_answers(records, steps)
    assert resumed is not None and sorted(resumed.predictions) == [1, 2, 3]


async def test_pgdn_scrolls_the_settings_that_do_not_fit_not_the_choices() -> None:
    """At 80x20 step 3's settings do not fit: the keys line says pgdn, and pgdn scrolls them
    (the choices' own pgdn would move the highlight instead)."""
    app = _lesson_app()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await _run_lesson_11(pilot, until=2)
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause(0.2)
        dialog = app.screen
        assert isinstance(dialog, PredictDialog)
        assert "pgdn: more settings" in str(dialog.query_one("#predict-keys").content)
        settings, choices = dialog.query_one("#settings"), dialog.query_one("#guesses")
        assert settings.max_scroll_y > 0 and settings.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause(0.2)
        assert settings.scroll_y > 0 and choices.highlighted == 0  # type: ignore[attr-defined]
