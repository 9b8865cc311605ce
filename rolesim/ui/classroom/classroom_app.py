"""One browser tab of `rolesim serve`: the learner's name, a lesson picker, and an app whose
open and save stay inside the lessons (read only) and the learner's folder, and whose
predictions are written to the learner's score file as they are made."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from rolesim.scenario.classroom import Classroom, PathRefused, within
from rolesim.ui.app import RolesimApp, load_workspace
from rolesim.ui.commands import Command, bindings_for, register

if TYPE_CHECKING:
    from rich.console import RenderableType

    from rolesim.scenario.workspace import Workspace
    from rolesim.ui.steps.scenario_pane import ScenarioPane


register(Command("classroom.lessons", "lessons: pick another lesson", "lessons", "classroom",
                 "Back to the list of lessons (asks first when there are unsaved changes); "
                 "a lesson picked again goes on where you left it.", key="f8",
                 footer="Lessons"))


class ClassroomApp(RolesimApp):
    """RolesimApp for a learner in a served classroom."""

    BINDINGS = [*RolesimApp.BINDINGS, *bindings_for("classroom")]
    """Plus F8: the lesson picker again (a learner who has finished a lesson needs the next
    one; the open dialog is in no footer)."""

    def __init__(self, work: Path, lessons: Path, **kwargs: Any) -> None:
        super().__init__(lambda: load_workspace(None), **kwargs)
        self.builtin = True
        self.start_mode = "learn"
        """A learner in a class predicts: the first lesson opens in learner mode (the
        lessons opened later say so themselves)."""
        self.mode_locked = True
        """And stays in it: presenter mode (`m`) would show every answer before the learner
        predicts it, and their score would read nothing."""
        self.work, self.lessons = work, lessons
        self.classroom: Classroom | None = None
        """Set once the learner has typed their name."""
        self._quitting = False
        """Set when the learner quits; a session ended from outside saves unsaved work."""
        self._to_resume: Workspace | None = None
        """The lesson just opened, until its Scenario tab has been given the learner's
        earlier answers (see on_scenario_pane_mode_changed)."""
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
            if entry is None:
                return
            if not self._open_lesson(entry.path, entry.key):
                self.show_lesson_picker()  # it cannot be read: the notice says why; pick again
                return
            self.start_tab = "lesson" if self.workspace.scenario.description.strip() else "world"
            self._show_main()

        back_to = self.workspace.scenario.title if self._main_shown() else None
        self.push_screen(LessonPicker(self.lessons, self.classroom.learner, back_to=back_to),
                         chosen)

    def action_lessons(self) -> None:
        if self.classroom is not None:
            self._guard_unsaved(self.show_lesson_picker)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F8 once the learner has a name and a lesson, not over the picker itself."""
        from rolesim.ui.lesson.lesson_picker import LessonPicker

        if action == "lessons":
            return self.classroom is not None and not isinstance(self.screen, LessonPicker)
        return super().check_action(action, parameters)

    def _main_shown(self) -> bool:
        """A lesson is open (the main screen is under the picker and the dialogs)."""
        from rolesim.ui.shell.main_screen import MainScreen

        return any(isinstance(screen, MainScreen) for screen in self.screen_stack)

    def _show_main(self) -> None:
        if not self._main_shown():
            self.push_screen(self.main_screen())

    # --- every lesson is taken as a learner, and goes on where the learner left it ---------
    def _open(self, path: Path | None) -> None:
        self._open_lesson(path, self._key_for(path))

    def _key_for(self, path: Path | None) -> str:
        if path is None:
            return "tutorial"
        if self.classroom is not None and not self.classroom.is_lesson(path):
            return f"own-{path.stem}"
        return path.stem

    def _open_lesson(self, path: Path | None, key: str) -> bool:
        """Read the file (or the tutorial) in learner mode, whatever its `mode` says (a class
        predicts every lesson, not only the first), and note the learner's earlier answers
        to put back once its Scenario tab is shown. False, with a notice, if it cannot be
        read: the lesson and its score file stay as they were."""
        from rolesim.core.safe_text import escape_controls as safe
        from rolesim.scenario.errors import ScenarioError

        try:
            workspace = load_workspace(path)
        except (ScenarioError, OSError) as error:
            self.notify(safe(str(error)), title="Cannot open", severity="error", timeout=10,
                        markup=False)
            return False
        workspace.scenario.mode = "learn"
        self.workspace, self.builtin, self.lesson_key = workspace, path is None, key
        self._to_resume = workspace
        self.workspace_changed()
        self.show_lesson_if_any()
        return True

    def on_scenario_pane_mode_changed(self, message: Any) -> None:
        """The Scenario tab has taken up the lesson just opened: give it back the answers the
        learner already gave to it (a closed tab or a restarted server loses none)."""
        from rolesim.ui.shell.main_screen import MainScreen
        from rolesim.ui.steps.scenario_pane import ScenarioPane

        workspace, self._to_resume = self._to_resume, None
        if workspace is None or workspace is not self.workspace or not message.learner:
            return
        panes = [pane for screen in self.screen_stack if isinstance(screen, MainScreen)
                 for pane in screen.query(ScenarioPane) if pane.workspace is workspace]
        if panes and self.classroom is not None:
            self._resume(panes[0], workspace)

    def _resume(self, pane: ScenarioPane, workspace: Workspace) -> None:
        from rolesim.scenario.scores import ScoreLog
        from rolesim.ui.classroom.resume import earlier_answers

        assert self.classroom is not None
        records = ScoreLog(self.classroom.folder, self.lesson_key, "").read()["predictions"]
        resumed = earlier_answers(records, workspace.scenario.steps)
        if resumed is None:
            return
        pane.resume(resumed.predictions, resumed.position)
        right = sum(p.correct for p in resumed.predictions.values())
        steps = len(workspace.scenario.steps)
        where = ("you had reached the end: s shows your summary" if resumed.position >= steps
                 else f"you go on after step {resumed.position} of {steps}")
        self.notify(f"Your {len(resumed.predictions)} earlier answers are back ({right} right); "
                    f"{where}. b steps back.", title="Welcome back", timeout=12)

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
        self._open(path)

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

    def exit(self, result: None = None, return_code: int = 0,
             message: RenderableType | None = None) -> None:
        """The learner quits (after Ctrl+Q asked about unsaved changes)."""
        self._quitting = True
        super().exit(result, return_code, message)

    def on_exit_app(self) -> None:
        """The tab was closed or the server stopped (not the learner quitting): unsaved changes
        go to a recovery copy in the learner's folder, which their open dialog lists."""
        if not self._quitting:
            self.recovery_copy = self.save_recovery()

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
