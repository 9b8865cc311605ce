"""The main screen: a World tab (the builder) and a Scenario tab (stepper + inspector).

It owns what the panes show: the app gives it the Workspace (`workspace`, set again after
every change, a save or another file), it applies what the panes post (`WorldBuilder.Edited`,
`ScenarioPane.StepsEdited`, the lesson settings), tells the app (`WorkspaceEdited`, up) and
sets the panes' data (down). The Scenario tab's pane is mounted the first time the tab is
shown: its imports (the runner, the simulator, the analyses) and its replay stay off the
start-up path.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Header, Static

from rolesim.ui.commands import bindings_for
from rolesim.ui.common.tab_bar import TabBar
from rolesim.ui.world.world_builder import WorldBuilder

if TYPE_CHECKING:
    from rolesim.scenario.workspace import Workspace

TABS = (("world", "World"), ("scenario", "Scenario"), ("lesson", "Lesson"))


def scenario_pane(start_mode: str | None = None, clock_start: datetime | None = None,
                  mode_locked: bool = False) -> Widget:
    """The stepper and inspector, imported when the tab is first shown (off start-up)."""
    from rolesim.ui.steps.scenario_pane import ScenarioPane

    return ScenarioPane(id="scenario-pane", start_mode=start_mode, clock_start=clock_start,
                        mode_locked=mode_locked)


class MainScreen(Screen[None]):
    """Header, the two tabs, Footer. F2/F3 switch tabs; the palette (ctrl+p) has the rest."""

    COMMAND_SCOPE = "main"
    BINDINGS = bindings_for("main")
    BINDING_GROUP_TITLE = "rolesim"
    AUTO_FOCUS = "#world-tree"
    HELP_TOPIC = "world"

    workspace: reactive[Workspace | None] = reactive(None, always_update=True, init=False)
    """What the panes show (None while the built-in tutorial is still being read)."""

    class WorkspaceEdited(Message):
        """The screen applied an edit to the Workspace (it is dirty now): the app retitles."""

    def __init__(self, workspace: Workspace | None = None, *, start_tab: str = "world",
                 start_mode: str | None = None, clock_start: datetime | None = None,
                 mode_locked: bool = False) -> None:
        super().__init__()
        self.set_reactive(MainScreen.workspace, workspace)
        self.start_tab = start_tab
        self._tab_chosen = False
        self.start_mode = start_mode
        """`learn` or `present` from the command line, for the scenario pane."""
        self.mode_locked = mode_locked
        """The scenario pane's `m` is off: a classroom keeps its learners in learner mode."""
        self._learning: bool | None = None
        """Whether the Lesson tab holds the key ideas back, as the scenario pane last said
        (learner mode, lesson not finished); None until it says."""
        self._learner: bool | None = None
        """Whether the scenario pane is in learner mode, as it last said; None until it
        says. In learner mode the lesson cannot be edited (its text holds the key ideas)."""
        self.clock_start = clock_start
        """Overrides the scenario's start (tests, screenshots), for the scenario pane."""

    @property
    def _opens_on(self) -> str:
        """The tab shown in the first frame: the start tab, unless it is the Scenario tab,
        whose pane is mounted only once its tab is shown (see action_show_tab)."""
        return "world" if self.start_tab == "scenario" else self.start_tab

    def compose(self) -> ComposeResult:
        opens_on = self._opens_on
        yield Header()
        yield TabBar(TABS, opens_on, id="tabs")
        with ContentSwitcher(initial=opens_on, id="panes"):
            with Vertical(id="world"):
                yield WorldBuilder(id="world-builder")
            with Vertical(id="scenario"):
                yield Static("Loading the scenario...", id="scenario-placeholder")
            with Vertical(id="lesson"):
                if opens_on == "lesson":  # shown first: no World tab flashes before it
                    from rolesim.ui.lesson.lesson_view import LessonView

                    yield LessonView(id="lesson-view")
                else:
                    yield Static("Loading the lesson...", id="lesson-placeholder")
        yield Footer(compact=True)

    PALETTE_HINT_WIDTH = 92
    """Narrower, the footer leaves out its `^p palette` hint (ctrl+p still opens it), so the
    bindings are never cut off mid-word."""

    def on_resize(self) -> None:
        self.query_one(Footer).show_command_palette = self.size.width >= self.PALETTE_HINT_WIDTH

    def on_mount(self) -> None:
        from rolesim.ui.shell.dialog_footer import give_footer

        # every dialog opened above this screen gets a footer of its own keys (dialog_footer)
        self.app.screen_change_signal.subscribe(self, give_footer)
        if self.workspace is not None:
            self._share(self.workspace)
        if self._opens_on == "lesson":
            # queued after the world builder's own focus (its children mount first), and
            # before the first key: typed at once, it must not move the hidden world tree
            self.query_one("#lesson-view").focus()
        elif self.start_tab != "world":
            self.call_after_refresh(self._show_start_tab)

    async def _show_start_tab(self) -> None:
        """The tab a lesson opens on, unless the user has already picked one (F3 pressed
        before the first frame was painted must not be undone)."""
        if not self._tab_chosen:
            await self.action_show_tab(self.start_tab)

    def watch_workspace(self, workspace: Workspace | None) -> None:
        if workspace is not None and self.is_mounted:
            self._share(workspace)

    def _share(self, workspace: Workspace) -> None:
        """Give every pane the workspace (attributes down)."""
        self.query_one(WorldBuilder).show_workspace(workspace)
        for pane in self.query("#scenario-pane"):
            pane.workspace = workspace  # type: ignore[attr-defined]
        self.show_lesson()

    def _edited(self) -> None:
        """After applying an edit: tell the app, and show the result in every pane."""
        self.post_message(self.WorkspaceEdited())
        self.workspace = self.workspace

    @on(WorldBuilder.Edited)
    def apply_edit(self, message: WorldBuilder.Edited) -> None:
        """The world builder says what the user did: apply it to the Workspace, then every
        pane shows the result (the builder with `select` highlighted)."""
        message.stop()
        if self.workspace is None:
            return
        self.workspace.apply(message.edit)
        self._edited()

    @on(WorldBuilder.StepsChosen)
    def add_path_steps(self, message: WorldBuilder.StepsChosen) -> None:
        """A path to replay: its steps go at the end of the scenario, through the Workspace."""
        message.stop()
        workspace = self.workspace
        if workspace is None:
            return
        first = len(workspace.steps) + 1
        for step in message.steps:
            workspace.add_step(step)
        self._edited()
        self.notify(f"Added steps {first} to {first + len(message.steps) - 1} at the end of "
                    "the scenario: F3 shows them.")

    def on_scenario_pane_steps_edited(self, message: Message) -> None:
        """The scenario pane says how the user changed the steps: apply it."""
        message.stop()
        if self.workspace is not None:
            message.edit.apply(self.workspace)  # type: ignore[attr-defined]
            self._edited()

    @property
    def active_tab(self) -> str:
        """The tab on show: `world` or `scenario`."""
        return self.query_one(ContentSwitcher).current or "world"

    @property
    def help_topic(self) -> str:
        """Which F1 page applies: the active tab's."""
        return self.active_tab

    async def ensure_scenario_pane(self) -> None:
        """Mount the scenario pane in place of its placeholder (once)."""
        if self.query("#scenario-pane"):
            return
        tab = self.query_one("#scenario")
        await tab.query_one("#scenario-placeholder").remove()
        pane = scenario_pane(self.start_mode, self.clock_start, self.mode_locked)
        pane.workspace = self.workspace  # type: ignore[attr-defined]
        await tab.mount(pane)

    async def ensure_lesson_view(self) -> None:
        """Mount the Lesson view (Markdown) the first time its tab is shown."""
        if self.query("#lesson-view"):
            return
        from rolesim.ui.lesson.lesson_view import LessonView

        tab = self.query_one("#lesson")
        await tab.query_one("#lesson-placeholder").remove()
        await tab.mount(LessonView(id="lesson-view"))
        self.show_lesson()

    def show_lesson(self) -> None:
        """Give the Lesson view the workspace's lesson, and the world builder whether to hold
        its answers back (attributes down)."""
        from rolesim.ui.lesson.lesson_view import LessonView

        if self.workspace is None:
            return
        learning = self._learning
        if learning is None:  # the Scenario tab not opened yet: how the file opens
            learning = self._opens_as_learner()
        builder = self.query_one(WorldBuilder)
        if builder.hold_answers != learning:
            builder.hold_answers = learning
            builder.refresh_detail()
        views = self.query(LessonView)
        if not views:
            return
        scenario = self.workspace.scenario
        views.first().show(scenario.title, scenario.description, scenario.start,
                           len(scenario.steps), hold_key_ideas=learning,
                           editable=not self._in_learner_mode())

    def _opens_as_learner(self) -> bool:
        scenario = self.workspace.scenario if self.workspace else None
        return (self.start_mode or getattr(scenario, "mode", None)) == "learn"

    def _in_learner_mode(self) -> bool:
        """Learner mode as the scenario pane last said, else as the file opens."""
        return self._opens_as_learner() if self._learner is None else self._learner

    def on_scenario_pane_mode_changed(self, message: Message) -> None:
        """A learner who has not finished gets the lesson without its key ideas."""
        self._learner = bool(getattr(message, "learner", False))
        self._learning = self._learner and not getattr(message, "finished", False)
        self.show_lesson()

    def on_lesson_view_edit_requested(self) -> None:
        self.action_edit_lesson()

    def action_edit_lesson(self) -> None:
        """The Lesson settings dialog; what it returns goes into the Workspace."""
        from rolesim.ui.lesson.lesson_settings import LessonSettings, LessonSettingsModal

        workspace = self.workspace
        if workspace is None:
            return
        if self._in_learner_mode():  # the text holds the key ideas, the answers to come
            self.notify("The lesson cannot be edited in learner mode: m on the Scenario tab "
                        "switches to presenter mode.", severity="warning")
            return
        scenario = workspace.scenario

        def applied(settings: LessonSettings | None) -> None:
            if settings is None:
                return
            workspace.set_lesson(settings.title, settings.description, settings.start)
            workspace.set_mode(settings.mode)
            self._edited()

        self.app.push_screen(LessonSettingsModal(scenario.title, scenario.description,
                                                 scenario.start, scenario.mode), applied)

    @on(TabBar.Clicked)
    async def tab_clicked(self, event: TabBar.Clicked) -> None:
        await self.action_show_tab(event.tab)

    async def action_show_tab(self, tab: str) -> None:
        """Show the tab, then mount the scenario pane into it (the first time): mounted while
        still hidden, its widgets would get a late Hide that takes their focus away. Nothing
        has the focus meanwhile: keys typed right after F2/F3/F4 wait for the tab's first
        widget (typed_keys.KeysAhead) instead of reaching the tab being left."""
        self.set_focus(None)
        self._tab_chosen = True
        self.query_one(ContentSwitcher).current = tab
        self.query_one(TabBar).active = tab
        if tab == "scenario":
            await self.ensure_scenario_pane()
        if tab == "lesson":
            await self.ensure_lesson_view()
        self.call_after_refresh(self._focus_first, tab)

    def _focus_first(self, tab: str) -> None:
        """Focus the first focusable widget of the tab once it is shown (focusing it before
        would lose the focus when the pane is still hidden). A tab the user has left since
        (F3 pressed while the Lesson tab was still opening) takes nothing."""
        if self.query_one(ContentSwitcher).current != tab:
            return
        pane = self.query_one(f"#{tab}")
        focusable = [widget for widget in pane.query("*") if widget.focusable]
        if focusable:
            focusable[0].focus()
