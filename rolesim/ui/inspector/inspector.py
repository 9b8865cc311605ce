"""The session inspector: who the current credentials are, how they were obtained, what they
carry, what they may do and why the selected step came out as it did.

Tabs (Identity / Chain / Tags / Permissions / Why) under a one-line summary that stays visible
whichever tab is open, so a projector shows the essentials at a glance. Effective permissions
are computed in a thread, and only while their tab is open.

Kept fast after a step (benchmarks/bench_inspector.py): only the open tab is rendered, the
others when they are opened (before the frame that shows them); a widget whose text did not
change is left alone; and a changed widget whose height did not change is repainted without a
relayout of the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from rolesim.core.clock import DEFAULT_START, format_time
from rolesim.core.sts.session import Session
from rolesim.ui.inspector import inspector_render as render
from rolesim.ui.inspector.inspector_grid import content, same
from rolesim.ui.inspector.inspector_permissions import PermissionView, permission_view
from rolesim.ui.steps.stepper_model import short_arn


@dataclass(frozen=True)
class InspectorState:
    """What the inspector shows: the top session after the current step, the simulator holding
    the world and clock at that point, and the result of the step selected for 'Why'."""

    session: Session | None
    simulator: Any
    now: datetime
    result: Any = None
    position: int = 0


EMPTY = InspectorState(None, None, DEFAULT_START)

TABS = ("identity", "chain", "tags", "permissions", "why")
SHORT_TAB_LABELS = {"identity": "1 Id", "chain": "2 Chain", "tags": "3 Tags",
                    "permissions": "4 Perms", "why": "5 Why"}
"""At 80 columns the five tabs still fit, so each stays visible and reachable."""
NARROW_TABS = 52


class QuietResize:
    """Takes a new size without a second layout of the whole screen.

    Textual stores a resized widget's virtual size in a reactive that asks for another layout
    of the screen, as costly as the first, though the first already placed everything. For a
    Static the virtual size is its size and nothing depends on it; for a scroll view the
    scrollbars are updated directly, and their appearing or going still asks for a layout."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        resized: bool = super()._size_updated(  # type: ignore[misc]
            size, virtual_size, container_size, layout=False)
        return resized


class InspectorText(QuietResize, Static):
    """A Static of the inspector."""


class InspectorScroll(QuietResize, VerticalScroll):
    """The scroll view of an inspector tab."""


def put(static: Static, visual: Any) -> None:
    """Show `visual` in `static`: nothing to do if it shows that already, and a repaint without
    a relayout when its height at the widget's width stays the same."""
    if same(static.visual, visual):
        return
    width, height = static.content_size
    unchanged = bool(width) and visual.get_height(static.styles, width) == height
    static.update(visual, layout=not unchanged)


class Inspector(Vertical):
    """Beside the stepper; `show(state)` re-renders it."""

    DEFAULT_CSS = """
    Inspector { width: 1fr; height: 1fr; }
    Inspector #inspector-summary { height: auto; padding: 0 1; background: $boost; }
    Inspector TabbedContent { height: 1fr; }
    Inspector TabPane { padding: 0 1; }
    Inspector VerticalScroll { height: 1fr; }
    Inspector .section { margin-bottom: 1; height: auto; }
    Inspector DataTable { height: auto; max-height: 100%; margin-bottom: 1; }
    Inspector.-narrow Tab { padding: 0 1 0 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = EMPTY
        """What is shown now."""
        self._permissions_for: tuple[object, object] = (EMPTY, EMPTY)
        """The session and simulator whose permissions are shown (or being computed)."""
        self._tag_rows: list[tuple[Text, Text, Text, Text]] | None = None
        """The rows the tags table holds."""
        self._rendered: dict[str, object] = {}
        """For each tab, the state it shows; any other means stale, to render when opened."""

    def compose(self) -> ComposeResult:
        yield InspectorText(id="inspector-summary")
        with TabbedContent(id="inspector-tabs"):
            with TabPane("1 Identity", id="tab-identity"), InspectorScroll():
                yield InspectorText(id="whoami", classes="section")
                yield InspectorText(id="expiry", classes="section")
                yield InspectorText(id="details", classes="section")
            with TabPane("2 Chain", id="tab-chain"), InspectorScroll():
                yield InspectorText(id="chain")
            with TabPane("3 Tags", id="tab-tags"), InspectorScroll():
                yield InspectorText(id="tags-title", classes="section")
                yield DataTable(id="tags-table", cursor_type="row", zebra_stripes=True)
                yield InspectorText(id="tags-hops", classes="section")
            with TabPane("4 Permissions", id="tab-permissions"), InspectorScroll():
                yield InspectorText(id="permissions-title", classes="section")
                yield DataTable(id="permissions-table", cursor_type="row", zebra_stripes=True)
                yield InspectorText(id="given-up", classes="section")
            with TabPane("5 Why", id="tab-why"), InspectorScroll():
                yield InspectorText(id="why")

    def on_mount(self) -> None:
        self.query_one("#tags-table", DataTable).add_columns("key", "value", "origin", "")
        self.query_one("#permissions-table", DataTable).add_columns(
            "service", "actions", "by level")  # the title says what L, R, W, P, T are
        # A watcher, not the TabActivated message: it runs as the tab switches, so the frame
        # that shows a tab never shows what it held for an earlier step.
        self.watch(self.query_one(TabbedContent), "active", self._tab_switched, init=False)
        self.show(self.state)

    def on_resize(self) -> None:
        """Narrow: short tab labels, one space apart, so all five fit."""
        narrow = 0 < self.size.width < NARROW_TABS
        if narrow == self.has_class("-narrow"):
            return
        self.set_class(narrow, "-narrow")
        self._rendered.pop("tags", None)  # its rows have a narrow form
        if self.active_tab == "tags":
            self._render_tab("tags")
        tabs = self.query_one(TabbedContent)
        for pane in tabs.query(TabPane):
            tab = (pane.id or "").removeprefix("tab-")
            wide = f"{TABS.index(tab) + 1} {tab.capitalize()}" if tab in TABS else tab
            tabs.get_tab(pane.id or "").label = SHORT_TAB_LABELS.get(tab, wide) if narrow \
                else wide

    def show(self, state: InspectorState) -> None:
        """Show `state`: the summary and the open tab now, the other tabs when opened."""
        self.state = state
        put(self.query_one("#inspector-summary", Static), content(self._summary(state)))
        self._render_tab(self.active_tab)

    @property
    def active_tab(self) -> str:
        """`identity`, `chain`, `tags`, `permissions` or `why`."""
        return self.query_one(TabbedContent).active.removeprefix("tab-")

    def open_tab(self, tab: str) -> None:
        """Show one tab: `identity`, `chain`, `tags`, `permissions` or `why`."""
        self.query_one(TabbedContent).active = f"tab-{tab}"

    def show_result(self, result: Any) -> None:
        """Only the Why tab changes: another step was selected."""
        self.state = InspectorState(self.state.session, self.state.simulator, self.state.now,
                                    result, self.state.position)
        if self.active_tab == "why":
            self._render_tab("why")

    def _tab_switched(self, active: str) -> None:
        self._render_tab(active.removeprefix("tab-"))

    def _render_tab(self, tab: str) -> None:
        """Bring `tab` up to date with the state, unless it is already."""
        if tab == "permissions":
            self._refresh_permissions()
            return
        if tab not in TABS or self._rendered.get(tab) is self.state:
            return
        self._rendered[tab] = self.state
        state = self.state
        session, world = state.session, getattr(state.simulator, "world", None)
        if tab == "identity":
            put(self.query_one("#whoami", Static), render.whoami(session, world))
            put(self.query_one("#expiry", Static), render.expiry(session, state.now))
            put(self.query_one("#details", Static), render.details(session))
        elif tab == "chain":
            put(self.query_one("#chain", Static), render.chain(session, world, state.now))
        elif tab == "tags":
            self._show_tags(session)
        else:
            put(self.query_one("#why", Static), render.why(state.result, world))

    def _summary(self, state: InspectorState) -> Text:
        """Line 1: step and clock; line 2: time left, then who the credentials are."""
        text = Text()
        text.append(f"after step {state.position}", style="bold")
        text.append(f" · clock {format_time(state.now)}\n")
        if state.session is None:
            text.append("not signed in", style="italic")
            return text
        text.append_text(render.countdown(state.session, state.now))
        names = render.account_names(getattr(state.simulator, "world", None))
        text.append("  " + short_arn(state.session.arn, names), style="bold cyan")
        return text

    def _show_tags(self, session: Session | None) -> None:
        table = self.query_one("#tags-table", DataTable)
        narrow = self.has_class("-narrow")
        rows = render.tag_rows(session, narrow=narrow)
        if rows != self._tag_rows:
            self._tag_rows = rows
            table.clear()
            for row in rows:
                table.add_row(*row)
            table.display = bool(rows)
        if session is None:
            title = Text("No session.", style="italic")
        elif not rows:
            title = Text("No principal tags (aws:PrincipalTag/* is absent).", style="italic")
        else:
            keys = ", ".join(session.transitive_tag_keys) or "none"
            title = Text.assemble(("Principal tags", "bold underline"),
                                  f"  (aws:PrincipalTag/*; transitive keys: {keys})")
            if narrow:
                title.append("\n")
                title.append("⇢ transitive", style="magenta")
        put(self.query_one("#tags-title", Static), content(title))
        put(self.query_one("#tags-hops", Static), render.tag_hops(session))

    def _same_permissions(self, state: InspectorState) -> bool:
        """Whether `state` has the session and simulator (world, clock) whose permissions are
        shown: another selected step for Why changes neither."""
        session, simulator = self._permissions_for
        return session is state.session and simulator is state.simulator

    def _refresh_permissions(self) -> None:
        if self._same_permissions(self.state):
            return
        self._permissions_for = (self.state.session, self.state.simulator)
        title = self.query_one("#permissions-title", Static)
        table = self.query_one("#permissions-table", DataTable)
        table.clear()
        self.query_one("#given-up", Static).update("")
        if self.state.session is None or self.state.simulator is None:
            title.update(Text("No session: nothing is allowed.", style="italic"))
            return
        title.update(Text("Working out effective permissions…", style="italic"))
        self._compute_permissions(self.state)

    @work(thread=True, exclusive=True, group="inspector-permissions", exit_on_error=False)
    def _compute_permissions(self, state: InspectorState) -> None:
        try:
            view = permission_view(state.simulator, state.session)
        except Exception as error:  # an analysis bug must not take the classroom down
            from rolesim.ui.shell.crash_barrier import describe, report

            view = PermissionView(Text(f"Could not work out the permissions: {describe(error)}",
                                       style="bold red"))
            self.app.call_from_thread(report, self, error)
        self.app.call_from_thread(self._show_permissions, state, view)

    def _show_permissions(self, state: InspectorState, view: Any) -> None:
        if not self._same_permissions(state):
            return  # a newer step is on screen; its own computation will land
        self.query_one("#permissions-title", Static).update(view.title)
        table = self.query_one("#permissions-table", DataTable)
        table.clear()
        for row in view.rows:
            table.add_row(*row)
        self.query_one("#given-up", Static).update(view.given_up)
