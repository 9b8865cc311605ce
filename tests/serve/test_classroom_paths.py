"""A learner's dialogs reach only the lessons (read only) and their own folder: no `..`, no
absolute paths, no symlinks that lead out. First the path check itself, then the same
attempts typed into the real open and save dialogs of a classroom session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rolesim.lessons import lessons_dir
from rolesim.scenario.classroom import Classroom, PathRefused, learner_folder_name

LESSON = "01-cross-account-delegation.toml"


@pytest.fixture
def room(tmp_path: Path) -> Classroom:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / LESSON).write_text((lessons_dir() / LESSON).read_text())
    work = tmp_path / "work"
    classroom = Classroom(lessons, work, "ada")
    classroom.folder.mkdir(parents=True)
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "other.toml").write_text("format = 1\ntitle = 'not yours'\n")
    (work / "bob").mkdir()
    (work / "bob" / "mine.toml").write_text("format = 1\ntitle = 'Bob'\n")
    os.symlink(tmp_path / "secret", classroom.folder / "out")
    os.symlink(tmp_path / "secret" / "other.toml", classroom.folder / "link.toml")
    os.symlink(tmp_path / "secret", lessons / "out")
    return classroom


@pytest.mark.parametrize(("name", "folder"), [
    ("Ada Lovelace", "Ada-Lovelace"), ("  Zoë  ", "Zoe"), ("../../etc", "etc"),
    ("a/b\\c", "abc"), (".hidden", "hidden"), ("x" * 80, "x" * 40), ("o'brien", "obrien"),
    ("李雷", "李雷"), (" Мария Иванова ", "Мария-Иванова"), ("../李/..", "李"),
    ("Chén Jiā", "Chen-Jia"),
])
def test_names_become_safe_folder_names(name: str, folder: str) -> None:
    assert learner_folder_name(name) == folder


@pytest.mark.parametrize("name", ["", "   ", "..", "/", "***", "...", "🙂", "../\u200b/.."])
def test_a_name_with_nothing_left_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="at least one letter or digit"):
        learner_folder_name(name)


@pytest.mark.parametrize(("text", "for_save"), [
    ("../bob/mine.toml", False), ("../bob/mine.toml", True), ("a/../../x.toml", True),
    ("/etc/passwd", False), ("/tmp/x.toml", True), ("~/x.toml", True),
    ("out/other.toml", False), ("out/new.toml", True), ("link.toml", False),
    ("link.toml", True), ("lessons/../work/ada/x.toml", False), ("lessons/out/other.toml", False),
    (f"lessons/{LESSON}", True), ("..\\bob\\mine.toml", False), ("", False), ("lessons/", False),
])
def test_paths_that_lead_out_are_refused(room: Classroom, text: str, for_save: bool) -> None:
    with pytest.raises(PathRefused):
        room.resolve(text, for_save=for_save)


def test_paths_inside_the_two_folders_resolve(room: Classroom) -> None:
    assert room.resolve("mine.toml", for_save=True) == room.folder / "mine.toml"
    assert room.resolve("sub/mine.toml", for_save=True) == room.folder / "sub" / "mine.toml"
    assert room.resolve(f"lessons/{LESSON}", for_save=False) == room.lessons / LESSON
    assert room.shown(room.lessons / LESSON) == f"lessons/{LESSON}"


def test_the_open_list_shows_only_the_learners_files_and_the_lessons(room: Classroom) -> None:
    (room.folder / "mine.toml").write_text("format = 1\ntitle = 'Mine'\n")
    assert room.files() == ["mine.toml", f"lessons/{LESSON}"]


# --- through the dialogs ---------------------------------------------------------------------


async def _session(room: Classroom):  # type: ignore[no-untyped-def]
    from rolesim.ui.classroom.classroom_app import ClassroomApp

    return ClassroomApp(room.work, room.lessons)


async def _start(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press(*"ada", "enter")
    await pilot.pause()
    await pilot.press("down", "enter")  # lesson 01
    await pilot.pause()
    assert app.workspace.path is not None and app.workspace.path.name == LESSON


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    field = pilot.app.screen.query_one("#path", Input)
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("text", ["../bob/stolen.toml", "/tmp/stolen.toml", "out/stolen.toml",
                                  f"lessons/{LESSON}", "link.toml"])
async def test_the_save_dialog_refuses_paths_out(room: Classroom, text: str) -> None:
    from rolesim.ui.classroom.classroom_files import ClassroomSaveModal
    from rolesim.ui.common.field_error import FieldError

    app = await _session(room)
    lesson_before = (room.lessons / LESSON).read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot, app)
        await pilot.press("ctrl+s")  # a lesson is never written: Save asks for a name
        await pilot.pause()
        assert isinstance(app.screen, ClassroomSaveModal)
        await _type(pilot, text)
        assert isinstance(app.screen, ClassroomSaveModal)  # still open: refused
        assert str(app.screen.query_one("#path-error", FieldError).render()).strip()
    assert (room.lessons / LESSON).read_bytes() == lesson_before
    assert not (room.work / "bob" / "stolen.toml").exists()
    secret = room.work.parent / "secret"
    assert (secret / "other.toml").read_text().endswith("'not yours'\n")
    assert sorted(p.name for p in secret.iterdir()) == ["other.toml"]


async def test_the_save_dialog_saves_a_copy_in_the_learners_folder(room: Classroom) -> None:
    app = await _session(room)
    lesson_before = (room.lessons / LESSON).read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await _type(pilot, "my-copy.toml")
        assert app.workspace.path == room.folder / "my-copy.toml"
    assert (room.folder / "my-copy.toml").is_file()
    assert (room.lessons / LESSON).read_bytes() == lesson_before


@pytest.mark.parametrize("text", ["../bob/mine.toml", "/etc/hostname", "out/other.toml",
                                  "link.toml", "lessons/out/other.toml",
                                  "lessons/../../secret/other.toml"])
async def test_the_open_dialog_refuses_paths_out(room: Classroom, text: str) -> None:
    from rolesim.ui.classroom.classroom_files import ClassroomOpenModal

    app = await _session(room)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot, app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ClassroomOpenModal)
        await _type(pilot, text)
        assert isinstance(app.screen, ClassroomOpenModal)
        assert app.workspace.path == room.lessons / LESSON


async def test_a_crash_with_unsaved_changes_recovers_into_the_learners_folder(
        room: Classroom) -> None:
    """The recovery copy a crash writes goes where the learner's files go: not beside the
    lesson (the lessons folder is read only to a class) nor into the server's cache."""
    app = await _session(room)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot, app)
        app.workspace.scenario.title = "Edited by ada"
        app.workspace.mark_dirty()
        saved = app.save_recovery()
    assert saved is not None and saved.parent == room.folder, saved
    assert 'title = "Edited by ada"' in saved.read_text()
    assert sorted(p.name for p in room.lessons.iterdir()) == [LESSON, "out"]
