"""The first dialog of a classroom session: the learner's name (no password; it becomes the
folder their work and scores go to)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

from rolesim.scenario.classroom import learner_folder_name
from rolesim.ui.commands import bindings_for
from rolesim.ui.common.field_error import FieldError


class LearnerName(Validator):
    def validate(self, value: str) -> ValidationResult:
        try:
            learner_folder_name(value)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


class LearnerNameModal(ModalScreen[str]):
    """Dismisses with the folder name the learner's name becomes (there is no cancel: a
    session needs a folder)."""

    HELP_TOPIC = "learner-name"
    BINDINGS = bindings_for("dialog")
    """F1: a modal screen ends the key chain before the app's own F1, and this dialog comes
    before the main screen that gives later dialogs their footer."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Welcome to the class", classes="dialog-title")
            yield Static("Type your name. Your work and your answers are kept under it, "
                         "so your trainer can see how the class is doing. "
                         "Use the same name next time to find your work again.")
            # Not checked on blur: the browser's first focus change (or F1's help) blurs the
            # empty field, which would turn red before the learner has typed anything.
            yield Input(placeholder="your name", id="name", validators=[LearnerName()],
                        validate_on=["changed", "submitted"], max_length=60)
            yield FieldError(id="name-error")
            yield Static("enter: continue", classes="predict-keys")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def accept(self, event: Input.Submitted) -> None:
        try:
            folder = learner_folder_name(event.value)
        except ValueError as error:
            self.query_one("#name-error", FieldError).show(str(error))
            return
        self.dismiss(folder)
