"""Predict mode: ask the learner what they expect before a step runs, then reveal the outcome
with its explanation and the running score."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rolesim.ui.widgets import inspector_render as render
from rolesim.ui.widgets.stepper_model import Guess, Score, outcome_badge

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 84; max-width: 96%; height: auto; max-height: 90%;
    border: thick $accent; background: $surface; padding: 0 1;
}}
{name} .predict-title {{ text-style: bold; padding-bottom: 1; }}
{name} OptionList {{ height: auto; }}
{name} VerticalScroll {{ height: auto; max-height: 24; }}
{name} .predict-keys {{ color: $text-muted; padding-top: 1; }}
"""


class PredictDialog(ModalScreen[Guess | None]):
    """What will happen? Number keys or enter pick a guess; escape does not run the step."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Don't run", id="predict.cancel",
                tooltip="Close without running the step"),
        Binding("1", "pick(0)", show=False), Binding("2", "pick(1)", show=False),
        Binding("3", "pick(2)", show=False), Binding("4", "pick(3)", show=False),
    ]
    DEFAULT_CSS = _CSS.format(name="PredictDialog")

    def __init__(self, number: int, summary: str, guesses: tuple[Guess, ...], score: Score,
                 *, skipped: range = range(0)) -> None:
        super().__init__()
        self.number, self.summary, self.guesses, self.score = number, summary, guesses, score
        self.skipped = skipped
        """Steps a jump runs before this one without asking (1-based numbers)."""

    def compose(self) -> ComposeResult:
        title = Text.assemble(("Predict: ", "bold"), f"step {self.number}: ",
                              (self.summary, "bold cyan"))
        if self.skipped:
            steps = (f"step {self.skipped[0]} runs" if len(self.skipped) == 1 else
                     f"steps {self.skipped[0]}–{self.skipped[-1]} run")
            title.append(f"\nJumping there: {steps} first, without a prediction (not scored).",
                         style="italic")
        title.append(f"\nWhat will AWS say?   (score so far {self.score.with_coverage(', ')})")
        with Vertical():
            yield Static(title, classes="predict-title")
            yield OptionList(*[Option(f"{g.key}  {g.label}", id=g.key) for g in self.guesses],
                             id="guesses")
            yield Static("press a number, or enter on a choice · esc: don't run",
                         classes="predict-keys")

    def action_pick(self, index: int) -> None:
        if index < len(self.guesses):
            self.dismiss(self.guesses[index])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(g for g in self.guesses if g.key == event.option.id))


class RevealDialog(ModalScreen[None]):
    """The outcome, whether the guess was right, the score, and why."""

    BINDINGS = [Binding("escape,enter,space", "dismiss(None)", "Continue", id="reveal.close",
                        tooltip="Back to the stepper")]
    DEFAULT_CSS = _CSS.format(name="RevealDialog")

    def __init__(self, guess: Guess, result: Any, correct: bool, score: Score) -> None:
        super().__init__()
        self.guess, self.result, self.correct, self.score = guess, result, correct, score

    def compose(self) -> ComposeResult:
        verdict = Text("✓ Right!" if self.correct else "✗ Not this time.",
                       style="bold green" if self.correct else "bold red")
        head = Text.assemble(verdict, f"   You said: {self.guess.label}.   Outcome: ",
                             outcome_badge(str(self.result.outcome)),
                             f"   Score: {self.score}")
        if self.score.coverage:
            head.append(f"\n{self.score.coverage} (steps a jump runs on the way are not scored)",
                        style="italic")
        with Vertical():
            yield Static(head, classes="predict-title")
            with VerticalScroll():
                yield Static(render.why(self.result))
            yield Static("enter / esc: continue", classes="predict-keys")
