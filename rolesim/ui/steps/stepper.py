"""The scenario stepper: every step as a row with its outcome, whether it met the lesson's
expectation and whether the learner predicted it. Rows after the current position are not run
yet and show a dot.

In learner mode nothing before a step has run says how it will come out: no expectation in the
row, no trainer's note under the list; once it has run, its `explain` is shown there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group
from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from rolesim.ui.common.line_breaks import broken_lines, has_wide_characters, long_pieces
from rolesim.ui.steps.stepper_model import (
    Prediction,
    met_badge,
    outcome_badge,
    outcome_badge_short,
    step_summary,
    varied_settings,
)

NARROW = 56
"""Below this width the step list uses short forms (`ext-id ✓`) and puts the outcome under the
step, in its cell (`✘ implicit` only when even that has no room)."""

LEGEND = "exp ✓/✗: as the lesson expects · you ✓/✗: your prediction"
SHORT_LEGEND = "exp: as expected · you: your guess"


def wrapped(text: Text, width: int) -> Text:
    """`text` broken into lines of `width` where the inspector breaks its lines (line_spans):
    at spaces, else after a `:`, `/` or `=`, never in the middle of a word as the table's own
    wrapping does (`cloudformation:CreateStac` / `k`); a piece longer than a whole line ends
    in `…` (the Why tab says it whole)."""
    if width < 2 or has_wide_characters(text.plain):
        return text  # wide characters: the table's own wrapping
    for start, end in reversed(long_pieces(text.plain, width)):
        piece = text[start:end]
        piece.truncate(width, overflow="ellipsis")
        text = text[:start] + piece + text[end:]
    return Text("\n").join(broken_lines(text, width))


class Stepper(Vertical):
    """A title line (scenario, position, predict score) over a DataTable of steps, a legend,
    and the highlighted step's explanation."""

    DEFAULT_CSS = """
    Stepper { width: 1fr; height: 1fr; }
    Stepper #stepper-title { height: auto; padding: 0 1; background: $boost; }
    Stepper DataTable { height: 1fr; }
    Stepper #step-legend { height: auto; padding: 0 1; color: $text-muted; }
    Stepper #step-note-scroll { height: auto; max-height: 35%; }
    Stepper #step-note { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._steps: Sequence[Any] = ()
        self._results: Sequence[Any] = ()
        self._position = 0
        self._accounts: Mapping[str, str] = {}
        self.learner = False
        """Learner mode: no expectation and no trainer's note before a step has run."""
        self.hide_expectations = False
        """Predict mode in presenter mode hides the expectations of the rows too."""
        self.predictions: Mapping[int, Prediction] = {}
        """The learner's prediction for each step index that has one."""
        self._columns_width = -1
        """The width the columns were laid out for (-1: not yet)."""
        self.findings: Mapping[int, str] = {}
        """What `rolesim lint` says of a step, by index: a ⚠ in its row, the text in its note."""

    def compose(self) -> ComposeResult:
        yield Static(id="stepper-title")
        yield DataTable(id="steps", cursor_type="row", zebra_stripes=True, cell_padding=0)
        yield Static(LEGEND, id="step-legend")
        with VerticalScroll(id="step-note-scroll"):
            yield Static(id="step-note")

    OUTCOME_WIDTH = 21
    """Wide enough for `⚠ InvalidIdentityToken`; longer outcomes use their short forms."""
    SHORT_OUTCOME_WIDTH = 15

    def on_mount(self) -> None:
        self._add_columns()
        self.screen.screen_layout_refresh_signal.subscribe(self, self._after_layout)

    @property
    def narrow(self) -> bool:
        return 0 < self.size.width < NARROW

    def _outcome_width(self) -> int:
        return self.SHORT_OUTCOME_WIDTH if self.narrow else self.OUTCOME_WIDTH

    def _step_width(self) -> int:
        """The step column takes what the number, outcome and mark columns leave (narrow: the
        outcome goes under the step, in its cell)."""
        outcome = 0 if self.narrow else self._outcome_width()
        return max(14, self.size.width - outcome - 4 - 4 - 4 - 2)

    def _add_columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        table.add_column("  #", key="n", width=4)
        table.add_column("step", key="step", width=self._step_width())
        if not self.narrow:
            table.add_column(" outcome", key="outcome", width=self._outcome_width())
        table.add_column("exp", key="met", width=4)
        table.add_column("you", key="you", width=4)
        self._columns_width = self.size.width
        self.query_one("#step-legend", Static).update(SHORT_LEGEND if self.narrow else LEGEND)

    def on_resize(self) -> None:
        """Lay the columns out again for the new width, with or without steps: the pane is
        mounted before it has a size, and a scenario started empty gets its steps later."""
        self._lay_out_for_width()

    def _after_layout(self, _screen: object) -> None:
        """After every layout of the screen, check the width the list really has: a Resize
        can be lost. Textual sends one only to widgets whose region changed since its
        compositor's last map, and that map is also rebuilt, silently, when it is read between
        a scroll and the next layout; under load the list then got its width with no Resize
        and stayed laid out for width 0, every line cut."""
        self._lay_out_for_width()

    def _lay_out_for_width(self) -> None:
        if self.size.width != self._columns_width:
            self._add_columns()
            self._fill()

    @property
    def laid_out(self) -> bool:
        """The columns are laid out for the width the list has on screen: False from its
        mount (at width 0) until its first resize has been handled."""
        return self.size.width > 0 and self._columns_width == self.size.width

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(DataTable)

    @property
    def cursor(self) -> int:
        """The highlighted row (the step to edit, jump to or insert after)."""
        return self.table.cursor_row

    def load(self, steps: Sequence[Any], results: Sequence[Any], position: int,
             accounts: Mapping[str, str], *, title: Text, cursor: int | None = None,
             hide_expectations: bool = False, learner: bool = False,
             predictions: Mapping[int, Prediction] | None = None) -> None:
        """Show `steps`; the first `position` have run with `results`."""
        self._steps, self._results, self._position = steps, results, position
        self._accounts = accounts
        self.hide_expectations, self.learner = hide_expectations, learner
        self.predictions = predictions or {}
        keep = self.table.cursor_row if cursor is None else cursor
        self._fill()
        if steps:
            self.table.move_cursor(row=max(0, min(keep, len(steps) - 1)), animate=False)
        self.query_one("#stepper-title", Static).update(title)
        self.show_note(self.cursor)

    def _result(self, index: int) -> Any:
        ran = index < len(self._results) and index < self._position
        return self._results[index] if ran else None

    def _fill(self) -> None:
        table = self.table
        table.clear()
        narrow = self.narrow
        varied = varied_settings(self._steps)
        for index, step in enumerate(self._steps):
            result = self._result(index)
            current = index == self._position - 1
            number = Text(("▶" if current else " ") + f"{index + 1:>2} ",
                          style="bold" if current else "")
            what = Text()
            if self._finding(index, result):  # `rolesim lint` has something to say (see the note)
                what.append("⚠ ", style="bold yellow")
            what.append(str(step.do) + " ", style="bold" if result else "dim bold")
            what.append(step_summary(step, self._accounts, narrow=narrow, varied=varied),
                        style="" if result else "dim")
            what = wrapped(what, self._step_width())
            outcome = self._outcome(step, result)
            if narrow:
                if outcome.plain.strip() != "·":
                    what.append("\n→")
                    what.append_text(outcome)
                cells = [number, what]
            else:
                cells = [number, what, outcome]
            table.add_row(*cells, Text(" ") + met_badge(result.met if result else None),
                          self._you(index, result), key=str(index), height=None)

    def _outcome(self, step: Any, result: Any) -> Text:
        # Narrow: the outcome goes under the step, after "→", so the step's cell is its room.
        width = self._step_width() - 2 if self.narrow else self._outcome_width() - 1
        if result is not None:
            outcome = outcome_badge(str(result.outcome))
            if len(outcome) > width:
                outcome = outcome_badge_short(str(result.outcome))
        elif step.expect and not (self.hide_expectations or self.learner):
            line = f"· expect {step.expect}"
            if len(line) > width:  # the expected value on the next line, short if it must be
                expect = str(step.expect)
                if len(expect) > width:
                    expect = outcome_badge_short(expect).plain[2:]
                line = f"· expect\n{expect[:width]}"
            outcome = Text(line, style="dim")
        else:
            outcome = outcome_badge(None)
        if "\n" not in outcome.plain:
            outcome.truncate(width, overflow="ellipsis")
        return Text(" ") + outcome

    def show_findings(self, findings: Mapping[int, str]) -> None:
        """Mark the steps `rolesim lint` has something to say about (found after the list was
        shown: the action catalogue is read in the background)."""
        self.findings = findings
        keep = self.cursor
        self._fill()
        if self._steps:
            self.table.move_cursor(row=max(0, min(keep, len(self._steps) - 1)), animate=False)
        self.show_note(self.cursor)

    def _finding(self, index: int, result: Any) -> str:
        """What `rolesim lint` says of the step, if anything; in learner mode only once the
        step has run: a lesson may call a mistyped action on purpose, and the warning before
        the learner predicts would give the answer away."""
        if self.learner and result is None:
            return ""
        return self.findings.get(index, "")

    def _you(self, index: int, result: Any) -> Text:
        prediction = self.predictions.get(index)
        if prediction is None or result is None:
            return Text("")
        return Text(" ") + met_badge(prediction.correct)

    def show_note(self, index: int) -> None:
        """Under the list, for the highlighted step: in learner mode its `explain` once it has
        run (never the trainer's note); in presenter mode what it expected and got, the
        trainer's note and the explanation."""
        parts: list[Any] = []
        if 0 <= index < len(self._steps):
            step = self._steps[index]
            result = self._result(index)
            finding = self._finding(index, result)
            if finding:
                parts.append(Text(finding, style="yellow"))
            if not self.learner:
                parts.append(self._trainer_text(step, result))
            explain = str(getattr(step, "explain", "") or "").strip()
            if explain and result is not None:
                parts.append(Markdown(explain))
            elif self.learner and result is None:
                parts.append(Text("Its explanation shows once it has run.", style="italic"))
        self.query_one("#step-note", Static).update(Group(*parts))

    def _trainer_text(self, step: Any, result: Any) -> Text:
        text = Text()
        if result is not None and result.met is False:
            text.append(f"✗ expected {result.expected}, got {result.outcome}. ",
                        style="bold red")
            for line in getattr(result, "unmet", ())[1:]:
                text.append(f"{line}. ", style="red")
        note = str(getattr(step, "note", "") or "")
        if note:
            text.append(note, style="italic")
        return text
