"""A learner in a served classroom who leaves and comes back (a closed tab, a refresh, a
restarted server) finds their answers and their place again; every lesson is taken in learner
mode and opens on its text; a lesson that cannot be read leaves the learner on the picker.
Each session here is a real ClassroomApp driven by keys, as a browser tab would drive it."""

from __future__ import annotations

import json
from pathlib import Path

from rolesim.ui.classroom.classroom_app import ClassroomApp

LESSON = "01-cross-account-delegation.toml"


async def _pick_lesson_01(pilot, name: str = "ada") -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press(*name, "enter")
    await pilot.pause()
    await pilot.press("down", "enter")  # lesson 01 (the tutorial is first)
    await pilot.pause()


async def _predict_next(pilot) -> None:  # type: ignore[no-untyped-def]
    """`n` until a prediction is asked, then the first answer, then close the reveal."""
    from rolesim.ui.lesson.predict import PredictDialog

    for _ in range(5):
        await pilot.press("n")
        await pilot.pause()
        if isinstance(pilot.app.screen, PredictDialog):
            break
    assert isinstance(pilot.app.screen, PredictDialog)
    await pilot.press("1")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def _pane(app: ClassroomApp):  # type: ignore[no-untyped-def]
    from rolesim.ui.steps.scenario_pane import ScenarioPane

    return app.screen.query_one(ScenarioPane)


async def test_a_learner_who_comes_back_finds_their_answers_and_their_place(
        folders: tuple[Path, Path]) -> None:
    lessons, work = folders
    first = ClassroomApp(work, lessons)
    async with first.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot)
        await pilot.press("f3")
        await pilot.pause()
        await _predict_next(pilot)
        await _predict_next(pilot)
        left_at, answers = _pane(first).position, dict(_pane(first).predictions)
    assert left_at == 3 and len(answers) == 2  # step 1 (sign-in) runs unasked

    again = ClassroomApp(work, lessons)  # the tab was closed; the learner opens a new one
    async with again.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot)
        await pilot.press("f3")
        await pilot.pause()
        pane = _pane(again)
        assert pane.position == left_at
        assert pane.predictions == answers
        assert pane.score.asked == 2
        await _predict_next(pilot)  # and goes on from there: the next decision is step 4
        assert sorted(pane.predictions) == [1, 2, 3]
    records = json.loads((work / "ada" / "scores" / "01-cross-account-delegation.json")
                         .read_text())["predictions"]
    assert [r["step"] for r in records] == [2, 3, 4]


async def test_another_learner_starts_from_the_beginning(folders: tuple[Path, Path]) -> None:
    lessons, work = folders
    first = ClassroomApp(work, lessons)
    async with first.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot, "ada")
        await pilot.press("f3")
        await pilot.pause()
        await _predict_next(pilot)
    other = ClassroomApp(work, lessons)
    async with other.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot, "bo")
        await pilot.press("f3")
        await pilot.pause()
        assert _pane(other).position == 0 and not _pane(other).predictions


async def test_a_lesson_opens_on_its_text(folders: tuple[Path, Path]) -> None:
    from rolesim.ui.shell.main_screen import MainScreen

    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.active_tab == "lesson"


async def test_every_lesson_is_taken_in_learner_mode_even_without_mode_in_its_file(
        folders: tuple[Path, Path]) -> None:
    """A trainer's own lesson need not say `mode = "learn"`: opened second (Ctrl+O), it is
    still predicted and scored, as the first one is."""
    lessons, work = folders
    text = (lessons / LESSON).read_text().replace('mode = "learn"\n', "")
    (lessons / "02-mine.toml").write_text(text)
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot)
        await pilot.press("f3")  # the first lesson's Scenario tab: learner mode
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        from textual.widgets import Input

        app.screen.query_one("#path", Input).value = "lessons/02-mine.toml"
        await pilot.press("enter")
        await pilot.pause()
        assert app.workspace.path == lessons / "02-mine.toml"
        await pilot.press("f3")
        await pilot.pause()
        assert _pane(app).learner and _pane(app).predict
        await _predict_next(pilot)
    assert (work / "ada" / "scores" / "02-mine.json").is_file()


async def test_a_lesson_that_cannot_be_read_leaves_the_learner_on_the_picker(
        folders: tuple[Path, Path]) -> None:
    from rolesim.ui.lesson.lesson_picker import LessonPicker

    lessons, work = folders
    (lessons / "00-broken.toml").write_text("format = 1\ntitle = \n")
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"ada", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # 00-broken, just after the tutorial
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)
        assert app.lesson_key == "tutorial"  # no answer can go to the broken lesson's file


async def test_a_session_ended_from_outside_keeps_unsaved_changes(
        folders: tuple[Path, Path]) -> None:
    """The server stopped, or the tab was closed (textual-serve's quit): what the learner
    changed and did not save is written to their folder, where their open dialog lists it."""
    from textual import messages

    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot)
        app.workspace.scenario.title = "Edited by ada"
        app.workspace.mark_dirty()
        app.post_message(messages.ExitApp())
        await pilot.pause()
    saved = list((work / "ada").glob("*.recovered-*.toml"))
    assert len(saved) == 1 and 'title = "Edited by ada"' in saved[0].read_text()


async def test_a_learner_who_quits_is_not_given_a_recovery_copy(
        folders: tuple[Path, Path]) -> None:
    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot)
        app.workspace.mark_dirty()
        app.exit()  # what Ctrl+Q does once the learner chose to discard
        await pilot.pause()
    assert not list((work / "ada").glob("*.recovered-*.toml"))


async def test_f8_goes_back_to_the_lessons_and_a_lesson_picked_again_goes_on(
        folders: tuple[Path, Path]) -> None:
    """A learner who has finished a lesson (or wants another) has a key in the footer for the
    lesson list; coming back to a lesson puts them where they were."""
    from textual.widgets import Footer

    from rolesim.ui.lesson.lesson_picker import LessonPicker

    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot)
        await pilot.press("f3")
        await pilot.pause()
        await _predict_next(pilot)
        footer = app.screen.query_one(Footer)
        assert "Lessons" in [item.description for item in footer.query("FooterKey")]
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)
        await pilot.press("enter")  # the tutorial
        await pilot.pause()
        assert app.lesson_key == "tutorial" and app.builtin
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("down", "enter")  # lesson 01 again
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert _pane(app).position == 2 and list(_pane(app).predictions) == [1]


async def test_a_learner_in_a_class_cannot_switch_to_presenter_mode(
        folders: tuple[Path, Path]) -> None:
    """Presenter mode shows each step's expectation before it runs: in a class, `m` is off
    (not in the footer, and pressing it leaves learner mode on), so a score means a guess."""
    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await _pick_lesson_01(pilot)
        await pilot.press("f3")
        await pilot.pause()
        pane = _pane(app)
        assert pane.learner
        keys = {binding.key for (_, binding, enabled, _) in app.screen.active_bindings.values()
                if enabled}
        assert "m" not in keys
        await pilot.press("m")
        await pilot.pause()
        assert pane.learner and pane.predict


async def test_f1_explains_the_name_dialog_and_the_lesson_picker(
        folders: tuple[Path, Path]) -> None:
    """F1 on the first two screens a learner meets explains them, not the world builder."""
    from rolesim.ui.shell.help import HelpModal

    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        assert "## Your name" in app.screen.text and "world builder" not in app.screen.text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(*"ada", "enter")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        assert "## Pick a lesson" in app.screen.text and "world builder" not in app.screen.text
