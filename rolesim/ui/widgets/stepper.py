"""The scenario stepper: every step as a row with its outcome badge and whether it met its
expectation. Rows after the current position are not run yet and show a dot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from rolesim.ui.widgets.stepper_model import met_badge, outcome_badge, step_summary


class Stepper(Vertical):
    """A title line (scenario, position, predict score) over a DataTable of steps."""

    DEFAULT_CSS = """
    Stepper { width: 1fr; height: 1fr; }
    Stepper #stepper-title { height: auto; padding: 0 1; background: $boost; }
    Stepper DataTable { height: 1fr; }
    Stepper #step-note { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._steps: Sequence[Any] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="stepper-title")
        yield DataTable(id="steps", cursor_type="row", zebra_stripes=True)
        yield Static(id="step-note")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(" ", key="at", width=1)
        table.add_column("#", key="n", width=3)
        table.add_column("do", key="do")
        table.add_column("what", key="what")
        table.add_column("outcome", key="outcome")
        table.add_column("expect", key="expect")
        table.add_column("", key="met", width=1)

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(DataTable)

    @property
    def cursor(self) -> int:
        """The highlighted row (the step to edit, jump to or insert after)."""
        return self.table.cursor_row

    def load(self, steps: Sequence[Any], results: Sequence[Any], position: int,
             accounts: Mapping[str, str], *, title: Text, cursor: int | None = None) -> None:
        """Show `steps`; the first `position` have run with `results`."""
        self._steps = steps
        table = self.table
        keep = table.cursor_row if cursor is None else cursor
        table.clear()
        for index, step in enumerate(steps):
            result = results[index] if index < len(results) and index < position else None
            current = index == position - 1
            marker = Text("▶", style="bold reverse") if current else Text("")
            number = Text(str(index + 1), style="bold" if current else "")
            what = Text(step_summary(step, accounts), style="" if result else "dim")
            expect = Text(str(step.expect or ""), style="dim")
            table.add_row(marker, number, Text(str(step.do), style="" if result else "dim"), what,
                          outcome_badge(str(result.outcome) if result else None), expect,
                          met_badge(result.met if result else None), key=str(index))
        if steps:
            table.move_cursor(row=max(0, min(keep, len(steps) - 1)), animate=False)
        self.query_one("#stepper-title", Static).update(title)
        self.show_note(self.cursor)

    def show_note(self, index: int) -> None:
        """The trainer's note of the highlighted step, if any."""
        note = ""
        if 0 <= index < len(self._steps):
            note = str(getattr(self._steps[index], "note", "") or "")
        self.query_one("#step-note", Static).update(Text(note, style="italic") if note else "")
