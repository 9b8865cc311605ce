"""The dialog that asks for a scenario file, to open or to save as: a name field checked as
it is typed, an optional list to pick from, OK and Cancel. The shell's and the classroom's
open and save dialogs are this one; each says only where a name may lead."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Validator
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from rolesim.ui.commands import bindings_for
from rolesim.ui.common.field_error import FieldError


class FileDialog(ModalScreen[Path | None]):
    """Dismisses with the chosen path, or None (Escape, Cancel)."""

    BINDINGS = [
        *bindings_for("dialog"),
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel",
                tooltip="Close without opening anything."),
    ]
    HELP_TOPIC = "open"
    heading = "Open a scenario"
    button = "Open"

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial

    # --- what a kind of dialog says ------------------------------------------------------
    def validator(self) -> Validator:
        """Checks a name as it is typed (the message says what is wrong)."""
        raise NotImplementedError

    def intro(self) -> str | None:
        """A line under the heading, or None."""
        return None

    def choices(self) -> tuple[str, list[tuple[str, str]]] | None:
        """(label, [(shown, name)]) of the files to pick from, or None for no list."""
        return None

    def resolve(self, name: str) -> Path:
        """The path a valid name leads to; ValueError (with a message for the user) when it
        may not be used after all."""
        return Path(name.strip()).expanduser()

    # --- the dialog ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.heading, classes="dialog-title")
            intro = self.intro()
            if intro is not None:
                yield Static(intro)
            yield Input(self.initial, placeholder="my-lesson.toml", id="path",
                        validators=[self.validator()])
            yield FieldError(id="path-error")
            choices = self.choices()
            if choices is not None:
                label, files = choices
                yield Label(label)
                yield OptionList(*[Option(shown, id=name) for shown, name in files], id="files")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.button} (enter)", variant="primary", id="ok")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Changed, "#path")
    def show_error(self, event: Input.Changed) -> None:
        result = event.validation_result
        self.query_one("#path-error", FieldError).show(
            "" if result is None or result.is_valid else " ".join(result.failure_descriptions))

    @on(OptionList.OptionHighlighted, "#files")
    def fill_path(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#path", Input).value = event.option.id or ""

    @on(OptionList.OptionSelected, "#files")
    def open_chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#path", Input).value = event.option.id or ""
        self.accept()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def accept(self) -> None:
        field = self.query_one("#path", Input)
        result = field.validate(field.value)
        if result is not None and not result.is_valid:
            self.query_one("#path-error", FieldError).show(" ".join(result.failure_descriptions))
            return
        try:
            self.dismiss(self.resolve(field.value))
        except ValueError as error:  # e.g. changed on disk since it was validated
            self.query_one("#path-error", FieldError).show(str(error))

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)
