"""Predict mode: ask the learner what they expect before a step runs, showing every setting of
the step and nothing of its outcome; then reveal the outcome with its explanation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rolesim.ui.common.line_breaks import BreakingText
from rolesim.ui.inspector import inspector_render as render
from rolesim.ui.steps.step_settings import Setting
from rolesim.ui.steps.stepper_model import Guess, Score, outcome_badge

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 96; max-width: 98%; height: auto; max-height: 96%;
    border: thick $accent; background: $surface; padding: 0 1;
}}
{name} .predict-title {{ text-style: bold; padding-bottom: 1; }}
{name} OptionList, {name} OptionList:focus {{ height: auto; border: none; padding: 0; }}
{name} VerticalScroll {{ height: auto; max-height: 24; }}
{name} #left-out {{ color: $text-muted; }}
{name} #documents {{ display: none; }}
{name} #question {{ text-style: bold; margin-top: 1; }}
{name} .predict-keys {{ color: $text-muted; }}
{name}.-tight .predict-title {{ padding-bottom: 0; }}
{name}.-tight #question {{ margin-top: 0; }}
{name} #explain {{ padding-bottom: 1; }}
"""


def fit_scroll(screen: ModalScreen[Any], scroll: VerticalScroll) -> tuple[int, int]:
    """Give `scroll` what the rest of its dialog (`screen`'s Vertical) leaves of the dialog's
    largest height, at least two lines, so nothing below it is pushed off the screen; the
    height of what it holds and the room it got."""
    box = screen.query_one(Vertical)
    docked = sum(child.outer_size.height for child in screen.children
                 if child.styles.dock in ("top", "bottom"))  # the dialog's footer
    free = Size(screen.size.width, screen.size.height - docked)
    largest = box.styles.max_height
    tallest = int(largest.resolve(free, free)) if largest is not None else free.height
    others = sum(child.outer_size.height + child.styles.margin.height
                 for child in box.children if child is not scroll)
    room = max(2, tallest - box.styles.gutter.height - others)
    scroll.styles.max_height = room
    content = sum(child.outer_size.height for child in scroll.children if child.display)
    return content, room


def settings_table(settings: Sequence[Setting]) -> Table:
    """Label and value, one setting a row; values wrap (an ARN after a ':' or '/', not
    mid-name), labels do not."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in settings:
        table.add_row(label, BreakingText(value))
    return table


class PredictDialog(ModalScreen[Guess | None]):
    """What will happen? Number keys or enter pick a guess; escape does not run the step.

    Every choice stays on screen, whatever the size (80x24, a browser's 88x27): the step's
    settings scroll instead, in the room the rest leaves them (`_fit`)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Don't run", id="predict.cancel",
                tooltip="Close without running the step"),
        Binding("v", "view_documents", "View policy", id="predict.view",
                tooltip="Show the policy documents the step passes, in full"),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
        Binding("pageup", "scroll_settings(-1)", show=False, priority=True),
        Binding("pagedown", "scroll_settings(1)", show=False, priority=True),
    ]
    DEFAULT_CSS = _CSS.format(name="PredictDialog")

    def __init__(self, number: int, summary: str, guesses: tuple[Guess, ...], score: Score,
                 *, skipped: range = range(0), settings: Sequence[Setting] = (),
                 left_out: Sequence[str] = (), caller: str = "", outside: bool = False,
                 documents: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.number, self.summary, self.guesses, self.score = number, summary, guesses, score
        self.skipped = skipped
        """Steps a jump runs before this one without asking (1-based numbers)."""
        self.settings = list(settings)
        """Every parameter of the step given, shown before the learner answers."""
        self.left_out = list(left_out)
        """The parameters the step leaves out (no external ID, no MFA...): they count too."""
        self.caller = caller
        """Who makes the request (the credentials on top of the stack), when anyone does."""
        self.outside = outside
        """A change made from outside the credential stack (`by = "trainer"`): no caller, and
        no policy decides whether it may be asked for."""
        self.documents = list(documents)
        """(title, text) of each policy document the step passes, viewable in full."""

    def compose(self) -> ComposeResult:
        title = Text.assemble(("Predict: ", "bold"), f"step {self.number}: ",
                              (self.summary, "bold cyan"))
        if self.skipped:
            steps = (f"step {self.skipped[0]} runs" if len(self.skipped) == 1 else
                     f"steps {self.skipped[0]}–{self.skipped[-1]} run")
            title.append(f"\nJumping there: {steps} first, without a prediction (not scored).",
                         style="italic")
        if self.outside:
            title.append("\nMade by: ", style="bold")
            title.append("an administrator, not the caller: no policy is checked")
        elif self.caller:
            title.append("\nCaller: ", style="bold")
            title.append(self.caller, style="cyan")
        with Vertical():
            yield Static(BreakingText(title), id="predict-head", classes="predict-title")
            with VerticalScroll(id="settings"):
                yield Static(settings_table(self.settings), id="settings-table")
                if self.left_out:
                    yield Static(Text.assemble(("Not given: ", "bold"),
                                               ", ".join(self.left_out) + "."), id="left-out")
                if self.documents:
                    yield Static(self._documents_text(), id="documents")
            yield Static(f"What will AWS say?   (score so far "
                         f"{self.score.with_coverage(', ')})", id="question")
            yield OptionList(*[Option(f"{g.key}  {g.label}", id=g.key) for g in self.guesses],
                             id="guesses")
            yield Static(id="predict-keys", classes="predict-keys")

    def _documents_text(self) -> Text:
        text = Text()
        for title, body in self.documents:
            text.append(f"\n{title}, in full:\n", style="bold")
            text.append(body + "\n")
        return text

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._say_keys()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.remove_class("-tight")
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the settings what the title, the question, every choice and the keys leave of
        the dialog's largest height; they scroll within it (at least two lines of them). When
        they do not all fit, the blank lines around them go first (`-tight`)."""
        content, room = fit_scroll(self, self.query_one("#settings", VerticalScroll))
        if content > room and not self.has_class("-tight"):
            self.add_class("-tight")
            self.call_after_refresh(self._fit)
            return
        if self._say_keys(more=content > room):
            self.call_after_refresh(self._fit)  # the keys line grew: measure again

    def _say_keys(self, *, more: bool = False) -> bool:
        """The keys line, naming pgup/pgdn when the settings do not all fit; whether it
        changed."""
        keys = [f"1–{len(self.guesses)} or enter: answer", "esc: don't run"]
        if self.documents:
            keys.append("v: policy")
        if more:
            keys.append("pgdn: more settings")
        line = self.query_one("#predict-keys", Static)
        if str(line.content) == " · ".join(keys):
            return False
        line.update(" · ".join(keys))
        return True

    def action_scroll_settings(self, pages: int) -> None:
        settings = self.query_one("#settings", VerticalScroll)
        if pages < 0:
            settings.scroll_page_up()
        else:
            settings.scroll_page_down()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`v` is in the footer only when the step passes a policy document to view."""
        return bool(self.documents) if action == "view_documents" else True

    def action_view_documents(self) -> None:
        if self.documents:
            documents = self.query_one("#documents", Static)
            documents.display = not documents.display
            self.call_after_refresh(self._fit)  # the keys line says whether it all fits
            if documents.display:  # once laid out: before, it has no place to scroll to
                self.call_after_refresh(self._scroll_to_documents)

    def _scroll_to_documents(self) -> None:
        """Bring the documents' first lines into view: at 80x24 they open below the settings'
        few lines, and `v` seemed to do nothing."""
        self.query_one("#settings", VerticalScroll).scroll_to_widget(
            self.query_one("#documents", Static), top=True, animate=False)

    def action_pick(self, index: int) -> None:
        if index < len(self.guesses):
            self.dismiss(self.guesses[index])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(g for g in self.guesses if g.key == event.option.id))


class RevealDialog(ModalScreen[None]):
    """The outcome, whether the guess was right, the score, the lesson's explanation of the
    step and the decision behind it. The explanation and the decision scroll (↓, pgdn) in the
    room the verdict and the keys line leave them, so at 80x24 nothing is cut off unseen."""

    BINDINGS = [Binding("escape,enter,space", "dismiss(None)", "Continue", id="reveal.close",
                        tooltip="Back to the stepper")]
    DEFAULT_CSS = _CSS.format(name="RevealDialog")
    KEYS = "enter / esc: continue"

    def __init__(self, guess: Guess, result: Any, correct: bool, score: Score,
                 explain: str = "") -> None:
        super().__init__()
        self.guess, self.result, self.correct, self.score = guess, result, correct, score
        self.explain = explain
        """The step's `explain` (Markdown), shown once it has run."""

    def compose(self) -> ComposeResult:
        verdict = Text("✓ Right!" if self.correct else "✗ Not this time.",
                       style="bold green" if self.correct else "bold red")
        head = Text.assemble(verdict, f"   You said: {self.guess.label.split(':')[0]}.   "
                             "Outcome: ", outcome_badge(str(self.result.outcome)),
                             f"   Score: {self.score}")
        if self.score.coverage:
            head.append(f"\n{self.score.coverage} (steps a jump runs on the way are not scored)",
                        style="italic")
        with Vertical():
            yield Static(head, classes="predict-title")
            with VerticalScroll():
                if self.explain.strip():
                    yield Static(Markdown(self.explain), id="explain")
                yield Static(render.why(self.result))
            yield Static(self.KEYS, id="reveal-keys", classes="predict-keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # ↑ ↓ pgup pgdn scroll the explanation
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The explanation gets the room left; the keys line says when it scrolls."""
        content, room = fit_scroll(self, self.query_one(VerticalScroll))
        keys = self.KEYS + (" · ↓ pgdn: read on" if content > room else "")
        line = self.query_one("#reveal-keys", Static)
        if str(line.content) != keys:
            line.update(keys)
            self.call_after_refresh(self._fit)  # measure again with the new keys line
