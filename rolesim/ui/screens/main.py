"""The main screen: a World tab (the builder) and a Scenario tab (stepper + inspector).

The Scenario tab's pane is mounted the first time the tab is shown: its imports (the runner,
the simulator, the analyses) and its replay stay off the start-up path.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from rolesim.ui.commands import bindings_for
from rolesim.ui.widgets.messages import WorkspaceChanged
from rolesim.ui.widgets.world_builder import WorldBuilder


def scenario_pane() -> Widget:
    """tui-scenario's ScenarioPane when it has landed, else a placeholder saying so."""
    try:
        from rolesim.ui.widgets.scenario_pane import ScenarioPane
    except ImportError:
        return Static("The scenario stepper is not available in this build.",
                      id="scenario-pane")
    return ScenarioPane(id="scenario-pane")


class MainScreen(Screen[None]):
    """Header, the two tabs, Footer. F2/F3 switch tabs; the palette (ctrl+p) has the rest."""

    COMMAND_SCOPE = "main"
    BINDINGS = bindings_for("main")
    BINDING_GROUP_TITLE = "rolesim"
    AUTO_FOCUS = "#world-tree"
    HELP_TOPIC = "world"

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="world", id="tabs"):
            with TabPane("World", id="world"):
                yield WorldBuilder(id="world-builder")
            with TabPane("Scenario", id="scenario"):
                yield Static("Loading the scenario...", id="scenario-placeholder")
        yield Footer(compact=True)

    @property
    def help_topic(self) -> str:
        """Which F1 page applies: the active tab's."""
        return self.query_one(TabbedContent).active or "world"

    async def ensure_scenario_pane(self) -> None:
        """Mount the scenario pane in place of its placeholder (once)."""
        if self.query("#scenario-pane"):
            return
        tab = self.query_one("#scenario", TabPane)
        await tab.query_one("#scenario-placeholder").remove()
        await tab.mount(scenario_pane())

    @on(TabbedContent.TabActivated)
    async def tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "scenario":
            await self.ensure_scenario_pane()

    async def action_show_tab(self, tab: str) -> None:
        if tab == "scenario":
            await self.ensure_scenario_pane()
        self.query_one(TabbedContent).active = tab
        self.call_after_refresh(self._focus_first, tab)

    def _focus_first(self, tab: str) -> None:
        """Focus the first focusable widget of the tab once it is shown (focusing it before
        would lose the focus to the tab bar when the other pane is hidden)."""
        pane = self.query_one(f"#{tab}", TabPane)
        focusable = [widget for widget in pane.query("*") if widget.focusable]
        if focusable:
            focusable[0].focus()

    @on(WorkspaceChanged)
    def forward_change(self, message: WorkspaceChanged) -> None:
        """Pass the news to both panes; they rebuild from `app.workspace`."""
        message.stop()
        for pane in self.query("#world-builder, #scenario-pane"):
            pane.post_message(WorkspaceChanged())
