"""The first screens of a classroom tab, as a learner meets them: the name field is not shown
wrong before anything is typed, Escape on the lesson list goes back to the lesson open (and
says so when there is none yet), and a lesson opens straight on its Lesson tab, with the keys
going there. Each session is a real ClassroomApp driven by keys, as a browser tab drives it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Input

from rolesim.ui.classroom.classroom_app import ClassroomApp
from rolesim.ui.lesson.lesson_picker import LessonPicker
from rolesim.ui.shell.main_screen import MainScreen


async def _to_the_lessons(pilot: Any, *keys: str) -> None:
    """Type the name `ada`, then press `keys` on the lesson list."""
    await pilot.pause()
    await pilot.press(*"ada", "enter")
    await pilot.pause()
    if keys:
        await pilot.press(*keys)
        await pilot.pause()


def _footer_keys(screen: Screen[Any]) -> dict[str, str]:
    return {str(item.key): str(item.description)
            for item in screen.query_one(Footer).query("FooterKey")}  # type: ignore[attr-defined]


async def test_the_name_field_is_not_red_before_the_learner_types(
        folders: tuple[Path, Path]) -> None:
    """A browser tab blurs and focuses the page as it starts, and F1's help takes the focus
    and gives it back: neither is the learner entering a wrong name."""
    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#name", Input)
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.post_message(events.AppFocus())
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#name", Input) is field
        assert not field.has_class("-invalid")
        await pilot.press("enter")  # submitting nothing is wrong, and shown so
        await pilot.pause()
        assert field.has_class("-invalid")
        assert str(app.screen.query_one("#name-error").render()).strip()


async def test_escape_on_the_first_lesson_list_says_there_is_nothing_to_go_back_to(
        folders: tuple[Path, Path]) -> None:
    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_the_lessons(pilot)
        assert isinstance(app.screen, LessonPicker)
        assert _footer_keys(app.screen).get("escape") == "No lesson open yet"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)  # still there: a blank screen is behind
        assert [n.title for n in app._notifications] == ["Pick a lesson"]


async def test_escape_on_the_lesson_list_goes_back_to_the_lesson_open(
        folders: tuple[Path, Path]) -> None:
    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_the_lessons(pilot, "down", "enter")  # lesson 01
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)
        assert _footer_keys(app.screen).get("escape") == "Back to your lesson"
        await pilot.press("up", "escape")  # highlight the tutorial, then change one's mind
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.lesson_key == "01-cross-account-delegation"
        assert app.screen.active_tab == "scenario"  # where the learner was


async def test_a_lesson_opens_on_its_lesson_tab_from_the_first_frame(
        folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The World tab was shown first and the Lesson tab a moment later, with the world tree
    focused in between: a key pressed then moved the hidden tree."""
    shown: list[str | None] = []
    focused: list[str | None] = []
    mounted = MainScreen.on_mount
    set_focus = Screen.set_focus

    def on_mount(screen: MainScreen) -> None:
        mounted(screen)
        shown.append(screen.query_one(ContentSwitcher).current)

    def recording_focus(screen: Screen[Any], widget: Widget | None, *args: Any,
                        **kwargs: Any) -> None:
        if isinstance(screen, MainScreen):
            focused.append(widget.id if widget is not None else None)
        set_focus(screen, widget, *args, **kwargs)

    monkeypatch.setattr(MainScreen, "on_mount", on_mount)
    monkeypatch.setattr(Screen, "set_focus", recording_focus)
    lessons, work = folders
    app = ClassroomApp(work, lessons)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_the_lessons(pilot, "down", "enter")
        assert isinstance(app.screen, MainScreen) and app.screen.active_tab == "lesson"
        assert shown == ["lesson"]
        # the world tree may be named while the screen is built, never once the lesson is
        after = focused[focused.index("lesson-view"):]
        assert "world-tree" not in after
        assert app.screen.focused is not None and app.screen.focused.id == "lesson-view"
