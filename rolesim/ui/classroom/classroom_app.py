"""One browser tab of `rolesim serve`: the learner's name, a lesson picker, and an app whose
open and save stay inside the lessons (read only) and the learner's folder, and whose
predictions are written to the learner's score file as they are made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen

from rolesim.scenario.classroom import Classroom, PathRefused, within
from rolesim.ui.app import RolesimApp, load_workspace


class ClassroomApp(RolesimApp):
    """RolesimApp for a learner in a served classroom."""

    def __init__(self, work: Path, lessons: Path, **kwargs: Any) -> None:
        super().__init__(lambda: load_workspace(None), **kwargs)
        self.builtin = True
        self.start_mode = "learn"
        """A learner in a class predicts: the first lesson opens in learner mode (the
        lessons opened later say so themselves)."""
        self.work, self.lessons = work, lessons
        self.classroom: Classroom | None = None
        """Set once the learner has typed their name."""
        self.lesson_key = "tutorial"
        """Which score file predictions go to: the lesson's file stem (kept when the learner
        saves their copy), or `tutorial`."""

    def get_default_screen(self) -> Screen[Any]:
        """A blank screen under the name dialog and the picker: the first frame a learner's
        browser paints is cheap (20 sessions start at once on a small machine); the main
        screen is built once a lesson is chosen."""
        return Screen()

    def finish_loading(self) -> None:
        """Nothing to read after the first frame: the lesson the learner picks is read then
        (the CPU goes to the other sessions starting at the same time)."""

    def on_mount(self) -> None:
        super().on_mount()
        from rolesim.ui.lesson.learner_name import LearnerNameModal

        self.push_screen(LearnerNameModal(), self._named)

    def _named(self, folder: str | None) -> None:
        if folder is None:
            return
        self.classroom = Classroom(self.lessons, self.work, folder)
        self.classroom.folder.mkdir(parents=True, exist_ok=True)
        self.show_lesson_picker()

    def show_lesson_picker(self) -> None:
        from rolesim.ui.lesson.lesson_picker import LessonEntry, LessonPicker

        assert self.classroom is not None

        def chosen(entry: LessonEntry | None) -> None:
            if entry is not None:
                self.lesson_key = entry.key
                self._open(entry.path)
                self._show_main()

        self.push_screen(LessonPicker(self.lessons, self.classroom.learner), chosen)

    def _show_main(self) -> None:
        from rolesim.ui.shell.main_screen import MainScreen

        if not any(isinstance(screen, MainScreen) for screen in self.screen_stack):
            self.push_screen(self.main_screen())

    # --- the title names files as the learner's dialogs do, never by server path -----------
    def _refresh_title(self) -> None:
        super()._refresh_title()
        if self.classroom is not None and self.workspace_loaded and self.workspace.path:
            shown = self.classroom.shown(self.workspace.path)
            self.sub_title = f"{'● modified • ' if self.workspace.dirty else ''}{shown}"

    # --- open and save stay inside the two folders ------------------------------------------
    def action_open(self) -> None:
        from rolesim.ui.classroom.classroom_files import ClassroomOpenModal

        if self.classroom is None:
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._guard_unsaved(lambda: self._open_file(path))

        self.push_screen(ClassroomOpenModal(self.classroom), chosen)

    def _open_file(self, path: Path) -> None:
        if self.classroom is not None and not self.classroom.is_lesson(path):
            self.lesson_key = f"own-{path.stem}"
        else:
            self.lesson_key = path.stem
        self._open(path)

    def action_open_tutorial(self) -> None:
        self.lesson_key = "tutorial"
        super().action_open_tutorial()

    def action_save(self) -> None:
        path = self.workspace.path
        if self.classroom is None or path is None or not within(path, self.classroom.folder):
            self.action_save_as()  # a lesson is never written: the learner saves a copy
            return
        self._save_to(path)

    def action_save_as(self) -> None:
        from rolesim.ui.classroom.classroom_files import ClassroomSaveModal

        if self.classroom is None:
            return
        path = self.workspace.path
        suggested = f"{path.stem if path else self.lesson_key}.toml"

        def chosen(target: Path | None) -> None:
            if target is not None:
                self._save_to(target)

        self.push_screen(ClassroomSaveModal(self.classroom, suggested), chosen)

    def _save_to(self, path: Path, *, overwrite_read_only: bool = False) -> bool:
        """Only inside the learner's folder, whatever asked (a second check after the dialog)."""
        if self.classroom is None or not within(path, self.classroom.folder):
            self.notify("Saves go to your own folder only.", title="Not saved",
                        severity="error")
            return False
        return super()._save_to(path, overwrite_read_only=overwrite_read_only)

    def save_recovery(self) -> Path | None:
        """In the learner's own folder, never beside a lesson or in the server's cache: a
        classroom session writes only there. Nothing before the learner has a folder."""
        from rolesim.ui.shell.crash_barrier import save_recovery_copy

        if self.classroom is None:
            return None
        return save_recovery_copy(self._workspace, self.classroom.folder)

    # --- scores --------------------------------------------------------------------------
    def on_scenario_pane_predicted(self, message: Any) -> None:
        """Each prediction goes to `<work>/<learner>/scores/<lesson>.json` at once."""
        from rolesim.scenario.scores import ScoreLog

        if self.classroom is None:
            return
        log = ScoreLog(self.classroom.folder, self.lesson_key, self.workspace.scenario.title)
        try:
            log.append(message.prediction)
        except OSError as error:
            self.notify(f"Your answer was not recorded: {error.strerror}",
                        title="Scores", severity="warning")


def make_classroom_app(work: Path, lessons: Path) -> ClassroomApp:
    return ClassroomApp(work.resolve(), lessons.resolve())


__all__ = ["ClassroomApp", "PathRefused", "make_classroom_app"]
