"""A trainer chooses in the lesson's settings whether the saved file opens in learner mode
(`mode = "learn"`), with real keys: ticked, saved and reopened, the file opens for a learner;
unticked, it opens in presenter mode again. In learner mode the lesson cannot be edited: its
text holds the key ideas, which answer what the learner is about to predict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_stepper_fixtures import open_scenario_tab
from textual.widgets import Checkbox, Markdown, Static

from rolesim.scenario.load import load_scenario
from rolesim.ui.app import make_app
from rolesim.ui.lesson.lesson_settings import LessonSettingsModal
from rolesim.ui.steps.scenario_pane import ScenarioPane

SIZE = (120, 40)
LESSON = """format = 1
title = "Two steps"
description = "Read me first."

[[accounts]]
id = "111111111111"

[[users]]
arn = "arn:aws:iam::111111111111:user/kim"

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/kim"

[[steps]]
do = "call"
action = "s3:ListAllMyBuckets"
expect = "implicitDeny"
"""


async def _open_settings(app: Any, pilot: Any) -> None:
    """F4 to the Lesson tab, e for its settings."""
    await pilot.press("f4")
    for _ in range(5):
        await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, LessonSettingsModal)


async def _tick_learner_mode(path: Path, *, ticked: bool) -> None:
    """Open the file (a learn file: m on the Scenario tab to presenter mode first), press e on
    the Lesson tab, set the box with the space bar, apply with ctrl+s, save with ctrl+s."""
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        if await _opens_as_learner_in(app, pilot):
            await pilot.press("m")
        await _open_settings(app, pilot)
        box = app.screen.query_one("#lesson-learn", Checkbox)
        await pilot.press("tab", "tab", "tab")
        assert app.screen.focused is box, "tab reaches the box after title, text and start"
        if box.value != ticked:
            await pilot.press("space")
        assert box.value is ticked
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LessonSettingsModal)
        assert app.workspace.dirty
        await pilot.press("ctrl+s")
        for _ in range(5):
            await pilot.pause()
        assert not app.workspace.dirty, "saved"


async def _opens_as_learner_in(app: Any, pilot: Any) -> bool:
    await open_scenario_tab(pilot)
    pane = app.screen.query_one(ScenarioPane)
    return bool(pane.learner and pane.predict)


async def _opens_as_learner(path: Path) -> bool:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        return await _opens_as_learner_in(app, pilot)


async def test_ticked_saved_and_reopened_the_lesson_opens_in_learner_mode(
        tmp_path: Path) -> None:
    path = tmp_path / "lesson.toml"
    path.write_text(LESSON)
    assert not await _opens_as_learner(path), "no mode: presenter mode"
    await _tick_learner_mode(path, ticked=True)
    assert load_scenario(path).mode == "learn"
    assert 'mode = "learn"' in path.read_text()
    assert await _opens_as_learner(path)


async def test_unticked_the_lesson_opens_in_presenter_mode_again(tmp_path: Path) -> None:
    path = tmp_path / "lesson.toml"
    path.write_text(LESSON.replace('title = "Two steps"', 'title = "Two steps"\nmode = "learn"'))
    assert await _opens_as_learner(path)
    await _tick_learner_mode(path, ticked=False)
    assert load_scenario(path).mode is None, "the key is left out: absent means presenter"
    assert "mode =" not in path.read_text()
    assert not await _opens_as_learner(path)


def test_a_lesson_settings_modal_starts_from_the_file_mode() -> None:
    present: Any = LessonSettingsModal("T", "", None, "present")
    assert present.current.mode == "present"
    assert LessonSettingsModal("T", "", None).current.mode is None


async def test_learner_mode_keeps_the_lesson_text_closed(tmp_path: Path) -> None:
    """e on the Lesson tab would show the whole description, its key ideas included."""
    path = tmp_path / "lesson.toml"
    path.write_text(LESSON.replace('title = "Two steps"', 'title = "Two steps"\nmode = "learn"')
                    .replace('"Read me first."', '"Read me first.\\n\\n## Key ideas\\n\\nANSWER"'))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(10):
            await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert "ANSWER" not in app.screen.query_one("#lesson-text", Markdown).source
        meta = str(app.screen.query_one("#lesson-meta", Static).render())
        assert "e edits" not in meta and "F3 runs it" in meta
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, LessonSettingsModal)
        app.screen.query_one("#lesson-view").focus()
        await pilot.pause()
        shown = [b.binding.action for b in app.screen.active_bindings.values()]
        assert "edit_lesson" not in shown, "no key in the footer that does nothing"
        app.screen.action_edit_lesson()  # as the palette's "lesson: edit ..." does
        await pilot.pause()
        assert not isinstance(app.screen, LessonSettingsModal)
        await pilot.press("f3", "m", "f4")  # presenter mode: the trainer may edit again
        for _ in range(5):
            await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, LessonSettingsModal)
        text = app.screen.query_one("#lesson-description").text  # type: ignore[attr-defined]
        assert "ANSWER" in text


async def test_a_title_typed_fast_then_ctrl_s_is_applied_whole(tmp_path: Path) -> None:
    """A terminal sends a fast typist's keys in one burst; the modal's ctrl+s is a priority key
    and used to read the title before its last letters landed (the same race as the world
    forms', tests/ui/test_keys_typed_before_save.py)."""
    from test_keys_typed_before_save import burst

    path = tmp_path / "lesson.toml"
    path.write_text(LESSON)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await _open_settings(app, pilot)
        await pilot.press("ctrl+a", "ctrl+k")  # the title field starts focused: emptied
        await burst(app, pilot, *"Roles across accounts", "ctrl+s")
        assert not isinstance(app.screen, LessonSettingsModal)
        assert app.workspace.scenario.title == "Roles across accounts"
