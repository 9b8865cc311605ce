"""The session inspector: who the current credentials are, how they were obtained, what they
carry, what they may do and why the selected step came out as it did.

Tabs (Identity / Chain / Tags / Permissions / Why) under a one-line summary that stays visible
whichever tab is open, so a projector shows the essentials at a glance. Effective permissions
are computed in a thread, and only while their tab is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from rolesim.core.clock import DEFAULT_START, format_time
from rolesim.core.sts.session import Session
from rolesim.ui.widgets import inspector_render as render
from rolesim.ui.widgets.inspector_permissions import PermissionView, permission_view
from rolesim.ui.widgets.stepper_model import short_arn


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
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = EMPTY
        """What is shown now."""
        self._permissions_for: object = None
        """The state whose permissions are shown (or being computed)."""

    def compose(self) -> ComposeResult:
        yield Static(id="inspector-summary")
        with TabbedContent(id="inspector-tabs"):
            with TabPane("1 Identity", id="tab-identity"), VerticalScroll():
                yield Static(id="whoami", classes="section")
                yield Static(id="expiry", classes="section")
                yield Static(id="details", classes="section")
            with TabPane("2 Chain", id="tab-chain"), VerticalScroll():
                yield Static(id="chain")
            with TabPane("3 Tags", id="tab-tags"), VerticalScroll():
                yield Static(id="tags-title", classes="section")
                yield DataTable(id="tags-table", cursor_type="row", zebra_stripes=True)
            with TabPane("4 Permissions", id="tab-permissions"), VerticalScroll():
                yield Static(id="permissions-title", classes="section")
                yield DataTable(id="permissions-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="given-up", classes="section")
            with TabPane("5 Why", id="tab-why"), VerticalScroll():
                yield Static(id="why")

    def on_mount(self) -> None:
        self.query_one("#tags-table", DataTable).add_columns("key", "value", "origin", "")
        self.query_one("#permissions-table", DataTable).add_columns(
            "service", "actions", "by access level")
        self.show(self.state)

    def show(self, state: InspectorState) -> None:
        """Re-render every tab from `state` (permissions only when their tab is open)."""
        self.state = state
        session, world = state.session, getattr(state.simulator, "world", None)
        self.query_one("#inspector-summary", Static).update(self._summary(state))
        self.query_one("#whoami", Static).update(render.whoami(session, world))
        self.query_one("#expiry", Static).update(render.expiry(session, state.now))
        self.query_one("#details", Static).update(render.details(session))
        self.query_one("#chain", Static).update(render.chain(session, world, state.now))
        self._show_tags(session)
        self.query_one("#why", Static).update(render.why(state.result))
        if self.query_one(TabbedContent).active == "tab-permissions":
            self._refresh_permissions()

    def open_tab(self, tab: str) -> None:
        """Show one tab: `identity`, `chain`, `tags`, `permissions` or `why`."""
        self.query_one(TabbedContent).active = f"tab-{tab}"

    def show_result(self, result: Any) -> None:
        """Only the Why tab changes: another step was selected."""
        self.state = InspectorState(self.state.session, self.state.simulator, self.state.now,
                                    result, self.state.position)
        self.query_one("#why", Static).update(render.why(result))

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
        table.clear()
        rows = render.tag_rows(session)
        for row in rows:
            table.add_row(*row)
        table.display = bool(rows)
        title = self.query_one("#tags-title", Static)
        if session is None:
            title.update(Text("No session.", style="italic"))
        elif not rows:
            title.update(Text("No principal tags (aws:PrincipalTag/* is absent).", style="italic"))
        else:
            keys = ", ".join(session.transitive_tag_keys) or "none"
            title.update(Text.assemble(("Principal tags", "bold underline"),
                                       f"  (aws:PrincipalTag/*; transitive keys: {keys})"))

    @on(TabbedContent.TabActivated, "#inspector-tabs")
    def _tab_opened(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-permissions":
            self._refresh_permissions()

    def _refresh_permissions(self) -> None:
        if self._permissions_for is self.state:
            return
        self._permissions_for = self.state
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
            view = PermissionView(Text(f"Could not work out the permissions: {error}",
                                       style="bold red"))
        self.app.call_from_thread(self._show_permissions, state, view)

    def _show_permissions(self, state: InspectorState, view: Any) -> None:
        if state is not self.state:
            return  # a newer step is on screen; its own computation will land
        self.query_one("#permissions-title", Static).update(view.title)
        table = self.query_one("#permissions-table", DataTable)
        table.clear()
        for row in view.rows:
            table.add_row(*row)
        self.query_one("#given-up", Static).update(view.given_up)
