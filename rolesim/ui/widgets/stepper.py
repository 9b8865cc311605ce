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
        self._results: Sequence[Any] = ()
        self._last: tuple[Sequence[Any], int, Mapping[str, str], bool] = ((), 0, {}, False)

    def compose(self) -> ComposeResult:
        yield Static(id="stepper-title")
        yield DataTable(id="steps", cursor_type="row", zebra_stripes=True)
        yield Static(id="step-note")

    OUTCOME_WIDTH = 20
    """Wide enough for `⚠ ValidationError ✓`; longer error codes are cut with an ellipsis."""

    def on_mount(self) -> None:
        self._add_columns()

    def _step_width(self) -> int:
        """The step column takes what the marker, number and outcome columns leave."""
        return max(20, self.size.width - self.OUTCOME_WIDTH - 3 - 8 - 2)

    def _add_columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        table.add_column(" ", key="at", width=1)
        table.add_column("#", key="n", width=2)
        table.add_column("step", key="step", width=self._step_width())
        table.add_column("outcome", key="outcome", width=self.OUTCOME_WIDTH)

    def on_resize(self) -> None:
        if self._steps:
            self._add_columns()
            self._fill(self._last)

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(DataTable)

    @property
    def cursor(self) -> int:
        """The highlighted row (the step to edit, jump to or insert after)."""
        return self.table.cursor_row

    def load(self, steps: Sequence[Any], results: Sequence[Any], position: int,
             accounts: Mapping[str, str], *, title: Text, cursor: int | None = None,
             hide_expectations: bool = False) -> None:
        """Show `steps`; the first `position` have run with `results`."""
        self._steps = steps
        self._results = results
        self._last = (results, position, accounts, hide_expectations)
        keep = self.table.cursor_row if cursor is None else cursor
        self._fill(self._last)
        if steps:
            self.table.move_cursor(row=max(0, min(keep, len(steps) - 1)), animate=False)
        self.query_one("#stepper-title", Static).update(title)
        self.show_note(self.cursor)

    def _fill(self, last: tuple[Sequence[Any], int, Mapping[str, str], bool]) -> None:
        results, position, accounts, hide = last
        table = self.table
        table.clear()
        width = self._step_width()
        for index, step in enumerate(self._steps):
            result = results[index] if index < len(results) and index < position else None
            current = index == position - 1
            marker = Text("▶", style="bold reverse") if current else Text("")
            number = Text(str(index + 1), style="bold" if current else "")
            what = Text()
            what.append(str(step.do), style="bold" if result else "dim bold")
            what.append(" " + step_summary(step, accounts), style="" if result else "dim")
            what.truncate(width, overflow="ellipsis")
            if result is not None:
                outcome = outcome_badge(str(result.outcome))
                if result.met is not None:
                    outcome.append(" ")
                    outcome.append_text(met_badge(result.met))
            elif step.expect and not hide:
                outcome = Text(f"· expect {step.expect}", style="dim")
            else:
                outcome = outcome_badge(None)
            outcome.truncate(self.OUTCOME_WIDTH, overflow="ellipsis")
            table.add_row(marker, number, what, outcome, key=str(index))

    def show_note(self, index: int) -> None:
        """What the highlighted step expected and got, and the trainer's note."""
        text = Text()
        if 0 <= index < len(self._steps):
            step = self._steps[index]
            result = self._results[index] if index < len(self._results) else None
            if result is not None and result.met is False:
                text.append(f"✗ expected {result.expected}, got {result.outcome}. ",
                            style="bold red")
                for line in getattr(result, "unmet", ())[1:]:
                    text.append(f"{line}. ", style="red")
            note = str(getattr(step, "note", "") or "")
            if note:
                text.append(note, style="italic")
        self.query_one("#step-note", Static).update(text)
