"""Pick one thing from a long list by typing part of it: an AWS managed policy among ~1,600, a
role, a user, the root of an account. Dismisses with the chosen value (an ARN), or None.

The filter runs on every key (rolesim.scenario.choices.rank) and only the best matches are
listed, so typing stays quick on the whole AWS managed set. Up/down move through the matches
while the cursor stays in the search box; enter picks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from rolesim.scenario.choices import Choice, rank
from rolesim.ui.commands import bindings_for

SHOWN = 50
"""How many matches are listed at once (the count of all matches is said above them)."""


class PickerModal(ModalScreen[str | None]):
    """A search box over `choices`; `accept_typed` lets enter keep a typed ARN that matches
    nothing (a missing role can be the lesson)."""

    BINDINGS = [
        *bindings_for("dialog"),
        Binding("escape", "dismiss(None)", "Cancel", id="picker.cancel",
                tooltip="Pick nothing."),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
        Binding("pagedown", "move(10)", show=False, priority=True),
        Binding("pageup", "move(-10)", show=False, priority=True),
    ]
    HELP_TOPIC = "form"
    DEFAULT_CSS = """
    PickerModal > Vertical { width: 100; max-width: 96%; height: 90%; padding: 0 1; }
    PickerModal .dialog-title { margin-bottom: 0; }
    PickerModal #picker-options { height: 1fr; min-height: 3; }
    PickerModal #picker-count { color: $text-muted; height: 1; }
    PickerModal #picker-hint { color: $text-muted; height: 1; }
    PickerModal #picker-words { height: auto; max-height: 5; color: $text-muted; }
    PickerModal #picker-query { margin: 1 0 0 0; }
    """

    def __init__(self, title: str, choices: Sequence[Choice], *, query: str = "",
                 accept_typed: bool = False, placeholder: str = "type part of a name",
                 describe: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self.heading = title
        self.choices = list(choices)
        self.query_text = query
        self.accept_typed = accept_typed
        self.placeholder = placeholder
        self.describe = describe
        """What the highlighted choice does, in words (worked out in a thread: a large AWS
        managed policy takes a moment to read)."""
        self.shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="picker"):
            yield Label(self.heading, classes="dialog-title")
            yield Input(self.query_text, placeholder=self.placeholder, id="picker-query",
                        compact=True)
            yield Static("", id="picker-count")
            yield OptionList(id="picker-options", compact=True)
            if self.describe is not None:
                yield Static("", id="picker-words")
            yield Static("↑↓ move · enter picks · esc cancels", id="picker-hint")

    def on_mount(self) -> None:
        self.refilter(self.query_text)
        self.query_one("#picker-query", Input).focus()

    @on(Input.Changed, "#picker-query")
    def typed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, query: str) -> None:
        """List the best matches for `query` and say how many there are."""
        matches = rank(self.choices, query, limit=len(self.choices))
        self.shown = matches[:SHOWN]
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        options.add_options([Option(self._prompt(choice), id=str(index))
                             for index, choice in enumerate(self.shown)])
        if self.shown:
            options.highlighted = 0
        total = len(matches)
        more = f"; the first {SHOWN} are listed, type more to narrow" if total > SHOWN else ""
        count = (f"{total:,} of {len(self.choices):,} match{more}" if query.strip()
                 else f"{len(self.choices):,} to choose from{more}")
        if not total:
            count = ("nothing matches: enter keeps what you typed" if self.accept_typed
                     and query.strip() else "nothing matches")
        self.query_one("#picker-count", Static).update(count)

    @staticmethod
    def _prompt(choice: Choice) -> Text:
        prompt = Text(choice.label, style="bold")
        if choice.detail:
            prompt.append("\n  " + choice.detail, style="dim")
        return prompt

    def action_move(self, delta: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if not self.shown:
            return
        current = options.highlighted if options.highlighted is not None else 0
        options.highlighted = max(0, min(len(self.shown) - 1, current + delta))

    @on(OptionList.OptionHighlighted, "#picker-options")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.describe is None or not self.shown:
            return
        value = self.shown[int(event.option.id or 0)].value
        self.query_one("#picker-words", Static).update("In words: reading it...")
        self._describe(value)

    @work(thread=True, exclusive=True, group="picker-words", exit_on_error=False)
    def _describe(self, value: str) -> None:
        assert self.describe is not None
        try:
            words = self.describe(value)
        except Exception as error:  # a description must never take the picker down
            words = f"Could not read it: {error}"
        self.app.call_from_thread(self._described, value, words)

    def _described(self, value: str, words: str) -> None:
        options = self.query_one("#picker-options", OptionList)
        index = options.highlighted
        if index is not None and index < len(self.shown) and self.shown[index].value == value:
            self.query_one("#picker-words", Static).update(words)

    @on(Input.Submitted, "#picker-query")
    def submitted(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        if self.shown and options.highlighted is not None:
            self.dismiss(self.shown[options.highlighted].value)
        elif self.accept_typed and self.query_one("#picker-query", Input).value.strip():
            self.dismiss(self.query_one("#picker-query", Input).value.strip())

    @on(OptionList.OptionSelected, "#picker-options")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[int(event.option.id or 0)].value)
