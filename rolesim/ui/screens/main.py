"""The main screen: a World tab (the builder) and a Scenario tab (stepper + inspector).

The Scenario tab's pane is mounted the first time the tab is shown: its imports (the runner,
the simulator, the analyses) and its replay stay off the start-up path.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Header, Static

from rolesim.ui.commands import bindings_for
from rolesim.ui.widgets.messages import WorkspaceChanged
from rolesim.ui.widgets.tab_bar import TabBar
from rolesim.ui.widgets.world_builder import WorldBuilder

TABS = (("world", "World"), ("scenario", "Scenario"))


def scenario_pane(start_mode: str | None = None) -> Widget:
    """tui-scenario's ScenarioPane when it has landed, else a placeholder saying so."""
    try:
        from rolesim.ui.widgets.scenario_pane import ScenarioPane
    except ImportError:
        return Static("The scenario stepper is not available in this build.",
                      id="scenario-pane")
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
        yield Footer(compact=True)

    PALETTE_HINT_WIDTH = 92
    """Narrower, the footer leaves out its `^p palette` hint (ctrl+p still opens it), so the
    bindings are never cut off mid-word."""

    def on_resize(self) -> None:
        self.query_one(Footer).show_command_palette = self.size.width >= self.PALETTE_HINT_WIDTH

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
        for pane in self.query("#world-builder, #scenario-pane"):
            pane.post_message(WorkspaceChanged())
