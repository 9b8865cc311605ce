"""The lesson picker a classroom session starts on: lesson titles on the left, the
highlighted lesson's text on the right."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, OptionList
from textual.widgets.option_list import Option

TUTORIAL = "tutorial"
"""The picker's key for the built-in tutorial (its scores go to `scores/tutorial.json`)."""


@dataclass(frozen=True)
class LessonEntry:
    key: str
    """The file's stem, or TUTORIAL."""
    title: str
    text: str
    path: Path | None
    """None for the built-in tutorial."""
    label: str = ""
    """What the list says when not the title: the tutorial is `Start here: the tutorial`."""


def lesson_entries(lessons: Path) -> list[LessonEntry]:
    """The built-in tutorial, then every lesson file (title and description read as plain
    TOML: the picker does not build the scenarios)."""
    from rolesim.scenario.builtin import builtin_text

    text = builtin_text()
    tutorial = tomllib.loads(text)
    entries = [LessonEntry(TUTORIAL, str(tutorial["title"]),
                           str(tutorial.get("description", "")), None,
                           label="Start here: the tutorial")]
    for path in sorted(lessons.glob("*.toml")):
        try:
            source = path.read_text(encoding="utf-8")
            if source == text:  # the shipped lesson 01: one title, not the same one twice
                entries[0] = replace(entries[0], label=f"Start here: the tutorial (also "
                                     f"lesson {path.stem.split('-', 1)[0]})")
            data = tomllib.loads(source)
        except (OSError, ValueError) as error:
            entries.append(LessonEntry(path.stem, path.stem, f"This lesson cannot be read: "
                                       f"{error}", path))
            continue
        entries.append(LessonEntry(path.stem, str(data.get("title") or path.stem),
                                   str(data.get("description") or ""), path))
    return entries


def _label(entry: LessonEntry) -> Table:
    """`01  Title`, a wrapped title's lines indented under its first word: the lesson's
    number stands out alone in its column, so wrapped titles stay apart."""
    number = entry.key.split("-", 1)[0] if entry.key[:2].isdigit() else "▶"
    label = Table.grid(padding=(0, 2, 0, 0))
    label.add_column(width=2, justify="right", style="bold", no_wrap=True)
    label.add_column(ratio=1)
    label.add_row(number, entry.label or entry.title)
    return label


class LessonPicker(Screen[LessonEntry | None]):
    """Dismisses with the lesson chosen (enter), or None (escape) to go back to the lesson
    open before (F8): a learner who looked at the list and changed their mind."""

    BINDINGS = [
        Binding("enter", "choose", "Open this lesson", show=True),
        Binding("escape", "back", "Back to your lesson", id="lessons.back",
                tooltip="Close the list and go on with the lesson you had open."),
    ]
    HELP_TOPIC = "lessons"
    DEFAULT_CSS = """
    LessonPicker #lesson-list { width: 2fr; height: 1fr; border: round $primary; }
    LessonPicker #lesson-text { width: 3fr; height: 1fr; border: round $primary;
                                padding: 0 1; }
    """
    AUTO_FOCUS = "#lesson-list"

    def __init__(self, lessons: Path, learner: str, *, back_to: str | None = None) -> None:
        super().__init__()
        self.entries = lesson_entries(lessons)
        self.learner = learner
        self.back_to = back_to
        """The title of the lesson open under the list (None: the first pick, nothing is open
        yet, and escape says so instead of leaving the learner on a blank screen)."""
        if back_to is None:  # the footer says why escape does not close the list
            found = self._bindings.key_to_bindings.get("escape", [])
            self._bindings.key_to_bindings["escape"] = [
                replace(b, description="No lesson open yet") for b in found]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            choices = OptionList(*[Option(_label(e), id=e.key) for e in self.entries],
                                 id="lesson-list")
            choices.border_title = "Pick a lesson (enter)"
            yield choices
            with VerticalScroll(id="lesson-text") as text:
                text.border_title = "About this lesson"
                first = self.entries[0]
                yield Markdown(f"# {first.title}\n\n{first.text}")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"{self.learner}: pick a lesson"
        self.query_one("#lesson-list", OptionList).highlighted = 0  # enter works at once

    @on(OptionList.OptionHighlighted, "#lesson-list")
    def show_text(self, event: OptionList.OptionHighlighted) -> None:
        entry = self.entries[event.option_index]
        self.query_one(Markdown).update(f"# {entry.title}\n\n{entry.text}")
        self.query_one("#lesson-text", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#lesson-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[event.option_index])

    def action_back(self) -> None:
        if self.back_to is not None:
            self.dismiss(None)
            return
        self.app.bell()
        self.notify("There is no lesson open yet to go back to: pick one with the arrow keys "
                    "and enter.", title="Pick a lesson")

    def action_choose(self) -> None:
        index = self.query_one("#lesson-list", OptionList).highlighted
        if index is not None:
            self.dismiss(self.entries[index])
