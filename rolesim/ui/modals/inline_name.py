"""The name of a new inline policy (QT-01 naming rules, unique on its principal)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label

from rolesim.ui.modals.discard_guard import GuardedForm
from rolesim.ui.widgets.field_error import FieldError
from rolesim.ui.widgets.validators import IamName


class Unused(Validator):
    def __init__(self, taken: list[str]) -> None:
        super().__init__()
        self.taken = taken

    def validate(self, value: str) -> ValidationResult:
        if value in self.taken:
            return self.failure(f"There is already an inline policy {value} here.")
        return self.success()


class InlineNameModal(GuardedForm[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                        tooltip="Add no inline policy (asks first if you typed a name).")]
    DISCARD_DETAIL = "The name you typed will be lost."
    HELP_TOPIC = "form"

    def __init__(self, taken: list[str]) -> None:
        super().__init__()
        self.taken = taken

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New inline policy", classes="dialog-title")
            yield Label("Name", classes="field-label")
            yield Input(placeholder="read-reports", id="name",
                        validators=[IamName(128), Unused(self.taken)])
            yield FieldError(id="name-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Next: the document (enter)", variant="primary", id="ok")
                yield Button("Cancel (esc)", id="cancel")

    @on(Input.Changed)
    def show_error(self, event: Input.Changed) -> None:
        result = event.validation_result
        self.query_one("#name-error", FieldError).show(
            "" if result is None or result.is_valid else " ".join(result.failure_descriptions))

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def accept(self) -> None:
        field = self.query_one("#name", Input)
        result = field.validate(field.value)
        if result is not None and not result.is_valid:
            self.query_one("#name-error", FieldError).show(" ".join(result.failure_descriptions))
            return
        self.dismiss(field.value)
