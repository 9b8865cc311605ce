"""The Textual app: a thin shell around a Workspace (the scenario being edited) and one factory.

`make_app()` is the only way the CLI, the tests and the benchmarks build the app, so all three
see the same deterministic settings: no cursor blink, no animation, a fixed theme.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding

from rolesim.core.safe_text import escape_controls as safe
from rolesim.ui.commands import RolesimCommands, bindings_for
from rolesim.ui.facts.fact_search import FactSearch
from rolesim.ui.shell.crash_barrier import install as install_crash_barrier
from rolesim.ui.shell.startup_marks import StartupMarks

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen

    from rolesim.scenario.workspace import Workspace

NOTE_SECONDS = 15.0
"""How long an error notification stays on screen."""
THEME = "textual-dark"
"""Fixed so snapshots and classroom projectors look the same on every machine."""


def load_workspace(path: Path | None) -> Workspace:
    """The built-in tutorial when `path` is None, else the file (ScenarioError if it is bad)."""
    from rolesim.scenario.workspace import Workspace

    return Workspace.builtin() if path is None else Workspace.open(path)


class RolesimApp(App[None]):
    """Holds the Workspace; screens and widgets read and edit it, the core decides."""

    TITLE = "rolesim"
    CSS_PATH = Path(__file__).with_name("rolesim.tcss")
    """Absolute: Textual reads a relative CSS_PATH beside the module of the class, and the
    classroom's app (a subclass in ui/classroom/) must find the same file."""
    COMMAND_SCOPE = "app"
    """Commands registered with scope `app` run here (see rolesim.ui.commands)."""
    COMMANDS = App.COMMANDS | {RolesimCommands, FactSearch}
    BINDINGS = [
        *bindings_for("app"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, workspace: Workspace | Callable[[], Workspace], *,
                 clock_start: datetime | None = None,
                 size: Size | tuple[int, int] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        install_crash_barrier()
        self._workspace: Workspace | None = None if callable(workspace) else workspace
        self._load_workspace: Callable[[], Workspace] | None = (
            workspace if callable(workspace) else None)
        """How to read the workspace when it was not read before the app started (the
        built-in tutorial): just after the first frame, or at first use, whichever is sooner."""
        self.clock_start = clock_start
        self.start_mode: str | None = None
        self.mode_locked = False
        """Learner mode cannot be left (`m` off): set by the classroom."""
        """`learn` or `present` from the command line; None: the file's `mode` decides."""
        """Overrides the scenario's `start` for the simulated clock (tests, screenshots)."""
        self.preferred_size = size
        self.builtin = False
        """True while the workspace is the built-in tutorial (saving asks for a file name)."""
        """The terminal size tests and benchmarks should run this app at."""
        self.theme = THEME
        self.animation_level = "none"
        self.start_tab = "world"
        """The tab shown first: `lesson` when a scenario file with a description is opened
        from the command line (its lesson is the first thing to read)."""
        self._startup_marks = StartupMarks.from_environment()
        self._loading = False
        self._started = False
        self.contained_errors: list[BaseException] = []
        """Exceptions the crash barrier turned into messages (tests and the fuzzer read it)."""
        self._contained_at: list[float] = []
        """When the recent ones happened (a storm of them is not contained)."""
        self._error_shown: dict[str, float] = {}
        """When each error message was last notified."""
        self.recovery_copy: Path | None = None
        """Where the unsaved scenario was written when a crash could not be contained."""
        self._settled = False
        from rolesim.ui.common.typed_keys import KeysAhead

        self.keys_ahead = KeysAhead(self)
        """Keys typed while the focus is on its way (a form opening) wait for it."""

    @property
    def workspace(self) -> Workspace:
        """The scenario being edited: every edit goes here, and marks it dirty."""
        if self._workspace is None:
            assert self._load_workspace is not None
            self._workspace = self._load_workspace()
        return self._workspace

    @workspace.setter
    def workspace(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @property
    def workspace_loaded(self) -> bool:
        """False only between start-up and the deferred read of the built-in tutorial."""
        return self._workspace is not None

    def get_default_screen(self) -> Screen[Any]:
        """The main screen is the first on the stack (no empty default screen drawn first)."""
        return self.main_screen()

    def main_screen(self) -> Screen[Any]:
        """The main screen, given the workspace (if read yet) and how to start."""
        from rolesim.ui.shell.main_screen import MainScreen

        return MainScreen(self._workspace, start_tab=self.start_tab, start_mode=self.start_mode,
                          clock_start=self.clock_start, mode_locked=self.mode_locked)

    def on_mount(self) -> None:
        self._refresh_title()
        self._started = True
        if self._load_workspace is None:  # opened on a workspace given: start-up is done
            self.call_after_refresh(self._settle)

    freeze_after_startup = True
    """Freeze what start-up built, so no later frame waits on a full collection (gc_settle);
    benchmarks turn it off to compare."""

    def _settle(self) -> None:
        if self.freeze_after_startup and not self._settled:
            from rolesim.ui.shell.gc_settle import settle

            self._settled = True
            settle()

    def on_unmount(self) -> None:
        if self._settled:
            from rolesim.ui.shell.gc_settle import unsettle

            self._settled = False
            unsettle()

    # --- the crash barrier (rolesim.ui.shell.crash_barrier) ---------------------------------
    def contain(self, error: Exception) -> bool:
        """Turn an exception into a notification while the app runs normally: True when it
        did (the scenario stays open, the widget that failed goes on), False when the error
        cannot be contained (start-up, shutdown, a storm of errors)."""
        from rolesim.ui.shell.crash_barrier import MAX_CONTAINED, STORM_SECONDS, describe

        now = time.monotonic()
        recent = [t for t in self._contained_at if now - t < STORM_SECONDS]
        if not (self._started and self.is_running and len(recent) < MAX_CONTAINED):
            return False
        self._contained_at = [*recent, now]
        self.contained_errors.append(error)
        self.log.error(error)
        message = (f"{describe(error)}. Your scenario is still open and nothing was lost; "
                   "save it with Ctrl+S.")
        if now - self._error_shown.get(message, -NOTE_SECONDS) >= NOTE_SECONDS:
            self._error_shown[message] = now  # once while it shows, not once a frame
            self.notify(message, title="Something went wrong", markup=False,
                        severity="error", timeout=NOTE_SECONDS)
        return True

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an unhandled exception outside a message handler (an idle hook,
        a timer, a layout): contained when the pump that caught it goes on; otherwise save a
        recovery copy and exit with status 1."""
        from rolesim.ui.shell.crash_barrier import containable

        failed = sys._getframe(1).f_locals.get("self")  # the message pump that caught it
        if containable(failed) and self.contain(error):
            return
        if error not in self.contained_errors:
            self.contained_errors.append(error)
        self.recovery_copy = self.save_recovery()
        super()._handle_exception(error)

    def save_recovery(self) -> Path | None:
        """The unsaved scenario written to a recovery file as the app exits on an error
        (beside its file, or in the cache directory: `crash_barrier.recovery_path`)."""
        from rolesim.ui.shell.crash_barrier import save_recovery_copy

        return save_recovery_copy(self._workspace)

    def finish_loading(self) -> None:
        """Read the deferred workspace now that the shell is on screen, and show it."""
        try:
            self.workspace  # noqa: B018 - reading it loads it
        except Exception as error:  # a broken install, never a traceback: start empty
            from rolesim.scenario.workspace import Workspace

            self.workspace, self.builtin = Workspace.new(), False
            self.notify(f"The built-in tutorial could not be read: {safe(str(error))}",
                        markup=False,
                        title="Cannot open", severity="error", timeout=10)
        self.workspace_changed()
        self.call_after_refresh(self._settle)

    def startup_mark(self, name: str) -> None:
        """Widgets say when start-up milestones happen (`tree`); see startup_marks."""
        if self._startup_marks is not None:
            self._startup_marks.mark(name)

    def _display(self, screen: Any, renderable: Any) -> None:
        """Textual's hook for each frame written to the terminal: once the first frame is out,
        read the deferred workspace (just after this frame, not after the next few); and the
        start-up marks of benchmarks/bench_tui.py."""
        super()._display(screen, renderable)
        if renderable is None:
            return
        if self._load_workspace is not None and self._workspace is None and not self._loading:
            self._loading = True
            self.call_later(self.finish_loading)
        if self._startup_marks is not None:
            self._startup_marks.painted(self)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """No blinking cursors anywhere (Inputs, TextAreas, tui-scenario's too): frames are
        identical from one run to the next, which snapshots and projectors both need. Keys
        that waited for the focus go to it."""
        if hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False
        self.keys_ahead.focus_moved()

    async def on_event(self, event: events.Event) -> None:
        """A key typed while a form opens waits for the form's first field (KeysAhead)."""
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
        elif not self.keys_ahead.arrived(event):
            await super().on_event(event)
            self.keys_ahead.handed(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key no widget handled: typed again in the form that opened since it was typed
        (App's own handler, the keys of the focused widget and its ancestors, is skipped)."""
        if self.keys_ahead.came_back(event):
            event.prevent_default()

    def _refresh_title(self) -> None:
        if not self.workspace_loaded:
            self.sub_title = "opening the built-in tutorial..."
            return
        ws = self.workspace
        name = str(ws.path) if ws.path is not None else (
            "built-in tutorial" if self.builtin else "no file yet")
        if ws.new_file:  # as an editor says of a name not written yet
            name += " (new file)"
        self.title = ws.scenario.title
        self.sub_title = f"{'● modified • ' if ws.dirty else ''}{name}"

    def workspace_changed(self) -> None:
        """After the workspace was read, saved or replaced: retitle, and give it to the
        screens that show it (attributes down)."""
        from rolesim.ui.shell.main_screen import MainScreen

        self._refresh_title()
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.workspace = self.workspace

    def on_main_screen_workspace_edited(self) -> None:
        """The main screen applied an edit (messages up): the title shows it is modified."""
        self._refresh_title()

    def on_world_builder_tree_built(self) -> None:
        """A start-up milestone (see benchmarks/bench_tui)."""
        self.startup_mark("tree")

    # --- app-scope actions (see rolesim.ui.commands) ------------------------------------------
    def action_help(self) -> None:
        from rolesim.ui.shell.help import HelpModal

        self.push_screen(HelpModal(self.screen))

    def action_show_fact(self, key: str) -> None:
        """Open a fact (by ID) or glossary term (by name), as the palette's fact hits do."""
        from rolesim.ui.facts.fact import FactModal

        self.push_screen(FactModal(key))

    def action_save(self) -> None:
        if self.workspace.path is None:
            self.action_save_as()
            return
        self._save_to(self.workspace.path)

    def action_save_as(self) -> None:
        self._save_as()

    def _save_as(self, then: Callable[[], object] | None = None) -> None:
        """Ask where, save there, then `then` (quitting, when the quit question's Save
        chose a place for a scenario that had no file: an import, a new one)."""
        from rolesim.ui.shell.open_file import SaveAsModal

        def chosen(path: Path | None) -> None:
            if path is not None and self._save_to(path) and then is not None:
                then()

        self.push_screen(SaveAsModal(self.workspace.path, self.workspace.scenario.title), chosen)

    def _save_to(self, path: Path, *, overwrite_read_only: bool = False) -> bool:
        from rolesim.scenario.write_file import ReadOnlyFileError

        try:
            self.workspace.save(path, overwrite_read_only=overwrite_read_only)
        except ReadOnlyFileError:
            self._confirm_read_only(path)
            return False
        except Exception as error:  # never lose work to a crash: say why, keep editing
            self.log.error(error)
            self.notify(f"Not saved: {safe(str(error))}", title="Save failed", severity="error",
                        markup=False)
            return False
        self.notify(f"Saved {safe(str(path))}", title="Saved", markup=False)
        self.workspace_changed()
        return True

    def _confirm_read_only(self, path: Path) -> None:
        """A read-only file is overwritten only when the user says so (it stays read-only)."""
        from rich.markup import escape

        from rolesim.core.safe_text import escape_controls
        from rolesim.ui.common.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self._save_to(path, overwrite_read_only=True)

        self.push_screen(ConfirmModal(
            "Read-only file", f"{escape(escape_controls(str(path)))} is read-only. Overwrite "
            "it anyway? It stays read-only.", yes="Overwrite"), answered)

    def action_open(self) -> None:
        from rolesim.ui.shell.open_file import OpenModal

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._guard_unsaved(lambda: self._open(path))

        self.push_screen(OpenModal(self.workspace.path), chosen)

    def action_new_scenario(self) -> None:
        from rolesim.scenario.workspace import Workspace

        def start() -> None:
            self.workspace = Workspace.new()
            self.builtin = False
            self.workspace_changed()

        self._guard_unsaved(start)

    def action_open_tutorial(self) -> None:
        self._guard_unsaved(lambda: self._open(None))

    def _open(self, path: Path | None) -> None:
        from rolesim.scenario.errors import ScenarioError

        try:
            self.workspace = load_workspace(path)
            self.builtin = path is None
        except (ScenarioError, OSError) as error:
            self.notify(safe(str(error)), title="Cannot open", severity="error", timeout=10,
                        markup=False)
            return
        self.workspace_changed()
        self.show_lesson_if_any()

    def show_lesson_if_any(self) -> None:
        """A scenario just opened with a description: show its Lesson tab first."""
        from rolesim.ui.shell.main_screen import MainScreen

        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is not None and self.workspace.scenario.description.strip():
            self.call_later(self.run_action, "show_tab('lesson')", main)

    async def action_quit(self) -> None:
        self._guard_open_forms(lambda: self._guard_unsaved(self.exit, verb="quit"))

    def _guard_open_forms(self, then: Callable[[], object]) -> None:
        """Ctrl+Q over a form with changes asks first, as Escape on that form would: what is
        typed in a form is not in the scenario yet, so saving the scenario would not keep it."""
        from rolesim.ui.shell.discard_guard import GuardedForm

        if not any(isinstance(screen, GuardedForm) and screen.has_changes
                   for screen in self.screen_stack):
            then()
            return
        from rolesim.ui.common.confirm import DiscardChangesModal

        def answered(discard: bool | None) -> None:
            if discard:
                then()

        self.push_screen(DiscardChangesModal(
            "The open form has changes that are not in the scenario yet; quitting loses them."),
            answered)

    def _guard_unsaved(self, then: Any, verb: str = "continue") -> None:
        """Run `then` now, or after the user chose save/discard when there are changes."""
        if not self.workspace.dirty:
            then()
            return
        from rolesim.ui.common.confirm import UnsavedChangesModal

        def answered(choice: str | None) -> None:
            if choice == "discard":
                then()
            elif choice == "save":
                if self.workspace.path is None:
                    self._save_as(then)
                elif self._save_to(self.workspace.path):
                    then()

        self.push_screen(UnsavedChangesModal(verb), answered)


def make_app(path: Path | None = None, *, clock_start: datetime | None = None,
             size: Size | tuple[int, int] | None = None,
             workspace: Workspace | None = None, mode: str | None = None) -> RolesimApp:
    """The one factory: the built-in tutorial, or the scenario file at `path`.

    Raises ScenarioError (from rolesim.scenario.load) when the file cannot be loaded, so the
    CLI can print it and exit 2 before any screen is drawn. The built-in tutorial cannot be
    bad (a test loads it), so it is read just after the first frame: the window appears at
    once and the tree fills in a moment later.
    """
    source: Workspace | Callable[[], Workspace] = (
        workspace if workspace is not None
        else load_workspace(path) if path is not None
        else (lambda: load_workspace(None)))
    app = RolesimApp(source, clock_start=clock_start, size=size)
    app.start_mode = mode
    app.builtin = workspace is None and path is None
    if path is not None and not callable(source) and source.scenario.description.strip():
        app.start_tab = "lesson"
    return app
