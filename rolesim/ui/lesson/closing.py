"""The closing screen of a lesson: the score, the steps the learner missed with the reason
behind each, and the lesson's key ideas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rolesim.ui.steps.stepper_model import Score


@dataclass(frozen=True, slots=True)
class Miss:
    """A step predicted wrong: what was said, what happened, and why."""

    number: int
    summary: str
    said: str
    outcome: str
    reason: Any
    """The step's `explain` as Markdown, or the decision behind it (the Why) without one."""


class ClosingScreen(ModalScreen[None]):
    """Shown after the last step has run; the `lesson.summary` command opens it again."""

    BINDINGS = [Binding("escape,enter,q", "dismiss(None)", "Close", id="closing.close",
                        tooltip="Back to the stepper")]
    DEFAULT_CSS = """
    ClosingScreen { align: center middle; }
    ClosingScreen > Vertical {
        width: 100; max-width: 98%; height: auto; max-height: 96%;
        border: thick $success; background: $surface; padding: 0 1;
    }
    ClosingScreen #closing-title { text-style: bold; padding-bottom: 1; }
    ClosingScreen VerticalScroll { height: auto; max-height: 60vh; }
    ClosingScreen .closing-head { text-style: bold; color: $accent; }
    ClosingScreen .closing-reason { margin-bottom: 1; }
    ClosingScreen .closing-keys { color: $text-muted; padding-top: 1; }
    """

    def __init__(self, title: str, score: Score, misses: Sequence[Miss], ideas: str,
                 *, asked: int) -> None:
        super().__init__()
        self.lesson, self.score, self.misses, self.ideas = title, score, list(misses), ideas
        self.asked = asked
        """How many steps of the lesson predict mode asks about (decisions, and the changes
        whose outcome is the lesson's point)."""

    def compose(self) -> ComposeResult:
        head = Text("End of the lesson: ", style="bold")
        head.append(self.lesson, style="bold cyan")
        head.append(f"\nScore {self.score}: {self.score.right} of {self.score.asked} "
                    "predictions right")
        unasked = self.asked - self.score.asked
        if unasked > 0:
            head.append(f"; {unasked} of the {self.asked} steps to predict ran without a "
                        "prediction (on the way of a jump, or with predict mode off)",
                        style="italic")
        with Vertical():
            yield Static(head, id="closing-title")
            with VerticalScroll():
                if self.misses:
                    yield Static("Steps you missed", classes="closing-head")
                    for miss in self.misses:
                        line = Text(f"Step {miss.number}: ", style="bold")
                        line.append(miss.summary)
                        line.append(f"\nYou said {miss.said}; AWS said {miss.outcome}.",
                                    style="italic")
                        yield Static(line, classes="closing-miss")
                        yield Static(miss.reason, classes="closing-reason")
                elif self.score.asked:
                    yield Static(Text("Every prediction was right.", style="bold green"))
                if self.ideas:
                    yield Static("Key ideas", classes="closing-head")
                    yield Static(Markdown(self.ideas), id="key-ideas")
            yield Static("enter / esc: close · s: open this summary again",
                         classes="closing-keys")
