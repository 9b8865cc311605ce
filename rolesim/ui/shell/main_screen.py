"""The main screen: a World tab (the builder) and a Scenario tab (stepper + inspector).

The Scenario tab's pane is mounted the first time the tab is shown: its imports (the runner,
the simulator, the analyses) and its replay stay off the start-up path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Header, Static

from rolesim.ui.commands import bindings_for
from rolesim.ui.common.messages import WorkspaceChanged
from rolesim.ui.common.tab_bar import TabBar
from rolesim.ui.world.world_builder import WorldBuilder

if TYPE_CHECKING:
    from rolesim.ui.app import RolesimApp

TABS = (("world", "World"), ("scenario", "Scenario"), ("lesson", "Lesson"))


def scenario_pane(start_mode: str | None = None) -> Widget:
    """The stepper and inspector, imported when the tab is first shown (off start-up)."""
    from rolesim.ui.steps.scenario_pane import ScenarioPane

    return ScenarioPane(id="scenario-pane", start_mode=start_mode)


class MainScreen(Screen[None]):
    """Header, the two tabs, Footer. F2/F3 switch tabs; the palette (ctrl+p) has the rest."""

    COMMAND_SCOPE = "main"
    BINDINGS = bindings_for("main")
    BINDING_GROUP_TITLE = "rolesim"
    AUTO_FOCUS = "#world-tree"
    HELP_TOPIC = "world"

    def compose(self) -> ComposeResult:
        yield Header()
        yield TabBar(TABS, "world", id="tabs")
        with ContentSwitcher(initial="world", id="panes"):
            with Vertical(id="world"):
                yield WorldBuilder(id="world-builder")
            with Vertical(id="scenario"):
                yield Static("Loading the scenario...", id="scenario-placeholder")
            with Vertical(id="lesson"):
                yield Static("Loading the lesson...", id="lesson-placeholder")
        yield Footer(compact=True)

    PALETTE_HINT_WIDTH = 92
    """Narrower, the footer leaves out its `^p palette` hint (ctrl+p still opens it), so the
    bindings are never cut off mid-word."""

    def on_resize(self) -> None:
        self.query_one(Footer).show_command_palette = self.size.width >= self.PALETTE_HINT_WIDTH

    @property
    def rolesim(self) -> RolesimApp:
        """The app: it holds the Workspace this screen shows and applies edits to."""
        return cast("RolesimApp", self.app)

    def on_mount(self) -> None:
        app = self.rolesim
        if app.workspace_loaded:
            self.query_one(WorldBuilder).show_workspace(app.workspace)
        if app.start_tab != "world":
            self.call_after_refresh(self.run_action, f"show_tab('{app.start_tab}')")

    @on(WorldBuilder.Edited)
    def apply_edit(self, message: WorldBuilder.Edited) -> None:
        """The world builder says what the user did: apply it to the Workspace, then every
        pane shows the result (the builder with `select` highlighted)."""
        message.stop()
        self.rolesim.workspace.apply(message.edit)
        self.rolesim.workspace_changed()

    @on(WorldBuilder.StepsChosen)
    def add_path_steps(self, message: WorldBuilder.StepsChosen) -> None:
        """A path to replay: its steps go at the end of the scenario, through the Workspace."""
        message.stop()
        workspace = self.rolesim.workspace
        first = len(workspace.steps) + 1
        for step in message.steps:
            workspace.add_step(step)
        self.rolesim.workspace_changed()
        self.notify(f"Added steps {first} to {first + len(message.steps) - 1} at the end of "
                    "the scenario: F3 shows them.")

    @on(WorldBuilder.TreeBuilt)
    def tree_built(self, message: WorldBuilder.TreeBuilt) -> None:
        message.stop()
        self.rolesim.startup_mark("tree")

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
        await tab.mount(scenario_pane(getattr(self.app, "start_mode", None)))

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
        """Give the Lesson view the workspace's lesson (attributes down)."""
        from rolesim.ui.lesson.lesson_view import LessonView

        views = self.query(LessonView)
        if not views or not self.rolesim.workspace_loaded:
            return
        scenario = self.rolesim.workspace.scenario
        views.first().show(scenario.title, scenario.description, scenario.start,
                           len(scenario.steps))

    def on_lesson_view_edit_requested(self) -> None:
        self.action_edit_lesson()

    def action_edit_lesson(self) -> None:
        """The Lesson settings dialog; what it returns goes into the Workspace."""
        from rolesim.ui.lesson.lesson_settings import LessonSettings, LessonSettingsModal

        app = self.rolesim
        scenario = app.workspace.scenario

        def applied(settings: LessonSettings | None) -> None:
            if settings is None:
                return
            app.workspace.set_lesson(settings.title, settings.description, settings.start)
            app.workspace_changed()

        app.push_screen(LessonSettingsModal(scenario.title, scenario.description,
                                            scenario.start), applied)

    @on(TabBar.Clicked)
    async def tab_clicked(self, event: TabBar.Clicked) -> None:
        await self.action_show_tab(event.tab)

    async def action_show_tab(self, tab: str) -> None:
        """Show the tab, then mount the scenario pane into it (the first time): mounted while
        still hidden, its widgets would get a late Hide that takes their focus away."""
        self.query_one(ContentSwitcher).current = tab
        self.query_one(TabBar).active = tab
        if tab == "scenario":
            await self.ensure_scenario_pane()
        if tab == "lesson":
            await self.ensure_lesson_view()
        self.call_after_refresh(self._focus_first, tab)

    def _focus_first(self, tab: str) -> None:
        """Focus the first focusable widget of the tab once it is shown (focusing it before
        would lose the focus when the pane is still hidden)."""
        pane = self.query_one(f"#{tab}")
        focusable = [widget for widget in pane.query("*") if widget.focusable]
        if focusable:
            focusable[0].focus()

    @on(WorkspaceChanged)
    def forward_change(self, message: WorkspaceChanged) -> None:
        """Pass the news to both panes; they rebuild from `app.workspace`."""
        message.stop()
        self.query_one(WorldBuilder).show_workspace(self.rolesim.workspace)
        for pane in self.query("#scenario-pane"):
            pane.post_message(WorkspaceChanged())
        self.show_lesson()
