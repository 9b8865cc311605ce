"""Yes/no questions: unsaved changes (save / discard / cancel), 'really delete?' and 'discard
what you typed in this form?'."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from rolesim.ui.commands import bindings_for


class UnsavedChangesModal(ModalScreen[str | None]):
    """Dismisses with "save", "discard" or None (cancel: nothing happens)."""

    BINDINGS = [
        *bindings_for("dialog"),
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
        *bindings_for("dialog"),
        Binding("escape,n", "dismiss(False)", "No", id="dialog.no",
                tooltip="Keep things as they are."),
        Binding("y", "dismiss(True)", "Yes", id="dialog.yes", tooltip="Go ahead."),
    ]
    HELP_TOPIC = "confirm"
    YES_KEY = "y"
    """The key shown on the yes button (it must be one of the yes binding's keys)."""
    NO_KEY = "n"
    """The key shown on the no button (the focused one: enter answers no too)."""

    def __init__(self, title: str, question: str, yes: str = "Delete", no: str = "Cancel") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} ({self.YES_KEY})", variant="error", id="yes")
                yield Button(f"{self.no} ({self.NO_KEY})", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class DiscardChangesModal(ConfirmModal):
    """A form with changes was cancelled: True only on an explicit Discard. Keep editing is
    focused, and Escape (the key that got the user here) keeps editing: pressing it twice by
    habit must not throw work away."""

    BINDINGS = [
        Binding("escape,n,k", "dismiss(False)", "Keep editing", id="dialog.keep_editing",
                tooltip="Go back to the form; nothing is lost."),
        Binding("d,y", "dismiss(True)", "Discard", id="dialog.discard_changes",
                tooltip="Close the form and throw away what was typed in it."),
    ]
    YES_KEY = "d"
    NO_KEY = "esc"

    def __init__(self, detail: str = "What you changed in this form will be lost.") -> None:
        super().__init__("Discard your changes?", detail, yes="Discard", no="Keep editing")


class MessageModal(ModalScreen[None]):
    """Says why something cannot be done (e.g. editing a service-linked role, SLR-02)."""

    BINDINGS = [
        *bindings_for("dialog"),
        Binding("escape,enter", "dismiss(None)", "Close", id="dialog.close",
                tooltip="Close this message."),
    ]
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
