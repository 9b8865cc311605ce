"""Replay a path as steps: choose one of the paths into or out of the selected user or role,
read the steps it becomes, and take them (docs/paths.md, "Replaying a path").

Dismisses with the steps (scenario models) or None; the world builder posts them up and the
screen appends them to the scenario through the Workspace. The steps are written by
rolesim.scenario.path_steps, the same function as `rolesim paths --steps`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from rolesim.scenario.steps import Step
from rolesim.ui.commands import bindings_for
from rolesim.ui.world.entity_detail import (
    MAX_PATH_LINES,
    PathsWorking,
    hop_words,
    stopped_words,
    working_words,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from rolesim.core.analysis.paths import Edge, Graph, Path, PathsSummary
    from rolesim.core.analysis.paths.budget import BudgetExceeded
    from rolesim.core.world import World


def replayable_paths(summary: PathsSummary, out_of: list[Path] | None) -> list[Path]:
    """What this principal can become (`out_of`: for a role, found when the dialog opens, None
    while that runs), then who can become it; a path listed once. A path from a role is listed
    too: its steps first get a session of the role (path_entry), or the preview says in words
    why nobody can."""
    found = list(out_of or []) + list(summary.into or [])
    return list(dict.fromkeys(path for path in found if path.hops))  # 5,000 paths: no `in list`


def path_label(path: Path) -> str:
    """`user/dev → role/Admin (passrole-ec2), admin-equivalent`."""
    return " → ".join([_short(path.source), *hop_words(path)]) + (
        ", admin-equivalent" if path.admin else "")


def _short(arn: str) -> str:
    return arn.split(":", 5)[-1]


class PathStepsModal(ModalScreen[list[Step] | None]):
    """The paths of one principal; the highlighted one's steps are shown below the list."""

    BINDINGS = [
        *bindings_for("dialog"),
        Binding("escape", "stop_search", "Stop search", id="path_steps.stop",
                tooltip="Stop working out what the role can become (the dialog stays)."),
        Binding("escape", "cancel", "Cancel", id="path_steps.cancel",
                tooltip="Close the dialog and add nothing."),
    ]
    HELP_TOPIC = "world"
    DEFAULT_CSS = """
    PathStepsModal > Vertical { width: 110; max-width: 96%; height: 90%; padding: 0 1; }
    PathStepsModal #path-list { height: auto; max-height: 40%; min-height: 3; }
    PathStepsModal #path-steps-scroll { height: 1fr; border-top: solid $primary-muted; }
    PathStepsModal .path-hint { color: $text-muted; height: auto; }
    """

    def __init__(self, arn: str, world: World, now: datetime, summary: PathsSummary,
                 out_of: list[Path] | None, stop: Callable[[], None] | None = None) -> None:
        """`out_of` None with `stop`: what the role can become is still being worked out (by
        the world builder, within its budget); `stop` stops that, and `show_working`,
        `show_out_of` say how it goes."""
        super().__init__()
        self.arn = arn
        self.world = world
        self.now = now
        self.summary = summary
        self.stop = stop
        self.known_out = out_of is not None
        self.paths = replayable_paths(summary, out_of)
        self._graph: Graph | None = None
        self._ways: dict[str, dict[str, tuple[Edge, ...]]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="path-steps"):
            yield Label(f"Replay a path of {_short(self.arn)} as steps", classes="dialog-title")
            yield Static("The steps are added at the end of the scenario: they sign in where "
                         "the path starts (from a role: as someone who can become it), make "
                         "each request as the caller, and end with a call that shows the gain.",
                         classes="path-hint")
            yield OptionList(id="path-list")
            searching = Static(f"What {_short(self.arn)} can become: working it out…",
                               id="path-search", classes="path-hint")
            searching.display = self.stop is not None  # shown only for a role's search
            yield searching
            with VerticalScroll(id="path-steps-scroll"):
                yield Static("", id="path-steps-preview")
            yield Static(self._keys_hint(), id="path-keys", classes="path-hint")

    def on_mount(self) -> None:
        self._list_paths()

    def _list_paths(self) -> None:
        options = self.query_one("#path-list", OptionList)
        options.clear_options()
        listed = self.paths[:MAX_PATH_LINES]  # thousands of options froze the screen
        options.add_options([Option(path_label(p), id=str(i)) for i, p in enumerate(listed)])
        more = len(self.paths) - len(listed)
        if more > 0:
            line = self.query_one("#path-search", Static)
            line.update(f"The first {len(listed)} paths are listed, not {more:,} more: "
                        "rolesim paths FILE --from ARN --to ARN --steps writes the steps of "
                        "any of them.")
            line.display = True
        if not self.paths:
            self.query_one("#path-steps-preview", Static).update(self._no_path())
            return
        options.highlighted = 0
        options.focus()

    def _no_path(self) -> str:
        """Why the list is empty: who can become it (or that it was not asked, on a world with
        too many users and roles), and what it can become (or that it is not known)."""
        into = ("nobody becomes this principal another way" if self.summary.into is not None
                else "who can become it is not asked here (too many users and roles: rolesim "
                "paths FILE --to ARN asks it)")
        if self.stop is not None:
            return f"No path to replay yet: {into}, and what it can become is still being " \
                "worked out."
        out = "it becomes no one" if self.known_out else "what it can become is not known"
        return f"No path to replay: {into}, and {out}."

    def _keys_hint(self) -> str:
        escape = "esc stops the search" if self.stop is not None else "esc cancels"
        return f"↑↓ choose a path · enter adds its steps · {escape}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape stops the search for what the role can become while it runs (the footer
        says "Stop search"), then closes the dialog ("Cancel")."""
        if action == "stop_search":
            return self.stop is not None
        if action == "cancel":
            return self.stop is None
        return True

    def action_stop_search(self) -> None:
        if self.stop is not None:
            self.stop()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_working(self, working: PathsWorking) -> None:
        """How far the search for what the role can become got (each second)."""
        if self.stop is not None:
            self.query_one("#path-search", Static).update(
                f"What {_short(self.arn)} can become: {working_words(working)}")

    def show_out_of(self, found: list[Path] | BudgetExceeded | str) -> None:
        """The search for what the role can become ended: its paths join the list, or the
        dialog says why there are none."""
        self.stop = None
        self.refresh_bindings()  # Escape now closes the dialog
        self.query_one("#path-keys", Static).update(self._keys_hint())
        self.known_out = isinstance(found, list)
        line = self.query_one("#path-search", Static)
        if isinstance(found, list):
            line.display = False  # unless _list_paths says how many are not listed
            self.paths = replayable_paths(self.summary, found)
            self._list_paths()
            return
        if not self.paths:
            self.query_one("#path-steps-preview", Static).update(self._no_path())
        if isinstance(found, str):
            line.update(Text(found, style="red"))
        else:
            line.update(Text(f"What {_short(self.arn)} can become: {stopped_words(found)}, so "
                             "none of it is listed. For all of it: rolesim paths FILE --from ARN "
                             "--admin --budget 0.", style="yellow"))

    @on(OptionList.OptionHighlighted, "#path-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#path-steps-preview", Static).update(
            self._preview(self.paths[int(event.option.id or 0)]))

    @on(OptionList.OptionSelected, "#path-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        from rolesim.scenario.path_entry import EntryError
        from rolesim.scenario.path_steps import PathStepsError, as_steps

        try:
            steps = as_steps(self._tables(self.paths[int(event.option.id or 0)]))
        except (PathStepsError, EntryError) as error:
            self.notify(f"These steps cannot be added: {error}", severity="error")
            return
        self.dismiss(steps)

    def _tables(self, path: Path) -> list[dict[str, object]]:
        from rolesim.core.analysis.paths import Graph, reach
        from rolesim.scenario.path_steps import steps_for

        if self._graph is None:
            self._graph = Graph(self.world, self.now)
        if path.source not in self._ways:
            self._ways[path.source] = reach(self._graph, path.source)
        return steps_for(self._graph, path, self._ways[path.source])

    def _preview(self, path: Path) -> Text:
        """Each step's kind and note, numbered as they will run."""
        from rolesim.scenario.path_entry import EntryError
        from rolesim.scenario.path_steps import PathStepsError, as_steps

        try:
            tables = self._tables(path)
        except (PathStepsError, EntryError) as error:
            return Text(f"Cannot be written as steps: {error}", style="red")
        text = Text()
        for number, table in enumerate(tables, 1):
            text.append(f"{number:>2}. {table['do']}", style="bold")
            text.append(f"  expect {table['expect']}\n", style="dim")
            text.append(f"    {table.get('note', '')}\n")
        try:
            as_steps(tables)
        except PathStepsError as error:
            text.append(f"\nCannot be added yet: {error}", style="red")
        return text
