"""Yes/no questions: unsaved changes (save / discard / cancel) and 'really delete?'."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class UnsavedChangesModal(ModalScreen[str | None]):
    """Dismisses with "save", "discard" or None (cancel: nothing happens)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel",
                tooltip="Go back without saving or discarding."),
        Binding("s", "choose('save')", "Save", id="dialog.save",
                tooltip="Save the scenario, then continue."),
        Binding("d", "choose('discard')", "Discard", id="dialog.discard",
                tooltip="Throw the changes away and continue."),
    ]
    HELP_TOPIC = "unsaved"

    def __init__(self, verb: str = "continue") -> None:
        super().__init__()
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Unsaved changes", classes="dialog-title")
            yield Static(f"The scenario has changes that are not saved. Save them before you "
                         f"{self.verb}?")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (s)", variant="primary", id="save")
                yield Button("Discard (d)", variant="error", id="discard")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)


class ConfirmModal(ModalScreen[bool]):
    """A question with a consequence spelled out; dismisses True only on an explicit yes."""

    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "No", id="dialog.no",
                tooltip="Keep things as they are."),
        Binding("y", "dismiss(True)", "Yes", id="dialog.yes", tooltip="Go ahead."),
    ]
    HELP_TOPIC = "confirm"

    def __init__(self, title: str, question: str, yes: str = "Delete") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class MessageModal(ModalScreen[None]):
    """Says why something cannot be done (e.g. editing a service-linked role, SLR-02)."""

    BINDINGS = [Binding("escape,enter", "dismiss(None)", "Close", id="dialog.close",
                        tooltip="Close this message.")]
    HELP_TOPIC = "confirm"

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.text)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed)
    def pressed(self) -> None:
        self.dismiss(None)
