"""A fact or glossary word, opened from the command palette: what AWS does, in our words,
and where AWS documents it (or what the word means and which facts it rests on)."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from rolesim.knowledge import Fact, Term, fact, term
from rolesim.ui.commands import bindings_for

MARKED = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*)")
CODE_STYLE = "bold $text-accent"


def styled(text: str) -> Content:
    """The data's light Markdown (`code`, **bold**) as styled text: AWS names stand out, and
    no markup character or missing space reaches the screen."""
    parts: list[tuple[str, str] | str] = []
    for piece in MARKED.split(text):
        if piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            parts.append((piece[1:-1], CODE_STYLE))
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 3:
            parts.append((piece[2:-2], "bold"))
        elif piece:
            parts.append(piece)
    return Content.assemble(*parts)


def heading(item: Fact | Term) -> str:
    return f"{item.id}: {item.title}" if isinstance(item, Fact) else item.name


def body(item: Fact | Term) -> list[tuple[Content, str]]:
    """(text, CSS class) for each line of the modal: the same words as docs/facts.md."""
    if isinstance(item, Term):
        rows = [(styled(item.definition), "fact-text")]
        if item.aliases:
            rows.append((Content("Also called: " + ", ".join(item.aliases) + "."), "fact-note"))
        rows.append((Content("Facts behind it"), "fact-heading"))
        rows += [(Content.assemble((fid, "bold"), f"  {found.title}"), "fact-item")
                 for fid in item.facts if (found := fact(fid)) is not None]
        rows.append((Content("Type one of these IDs in the palette (ctrl+p) to read it."),
                     "fact-note"))
        return rows
    rows = [(styled(item.text), "fact-text"),
            (Content.assemble(("Confidence: ", "bold"), item.confidence), "fact-note"),
            (Content("Source in the AWS documentation" if len(item.sources) == 1
                     else "Sources in the AWS documentation"), "fact-heading")]
    rows += [(Content(f"• {source}"), "fact-item") for source in item.sources]
    rows.append((Content(f"Section: {item.section.title}."), "fact-note"))
    return rows


class FactModal(ModalScreen[None]):
    """Shows one fact (by ID) or glossary term (by name); Escape or Enter closes it."""

    BINDINGS = [
        *bindings_for("dialog"),
        Binding("escape,enter", "dismiss(None)", "Close", id="dialog.close",
                tooltip="Close this fact."),
    ]
    HELP_TOPIC = "fact"

    def __init__(self, key: str) -> None:
        super().__init__()
        found = fact(key) or term(key)
        if found is None:
            raise KeyError(f"no fact or term {key!r}")
        self.item: Fact | Term = found

    @property
    def text(self) -> str:
        """Everything the modal says, as plain text (for tests and screen readers)."""
        return "\n".join(row.plain for row, _ in body(self.item))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="fact-dialog"):
            yield Label(heading(self.item), classes="dialog-title")
            with VerticalScroll():
                for row, css_class in body(self.item):
                    yield Static(row, classes=css_class)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close (esc)", variant="primary", id="close")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(None)
