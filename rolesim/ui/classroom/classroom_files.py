"""Open and save dialogs of a classroom session: names inside the learner's folder, or
`lessons/...` (open only). Every name goes through Classroom.resolve, which refuses anything
that leads elsewhere."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from rolesim.scenario.classroom import Classroom, PathRefused
from rolesim.ui.common.field_error import FieldError


class ClassroomPath(Validator):
    def __init__(self, classroom: Classroom, for_save: bool) -> None:
        super().__init__()
        self.classroom, self.for_save = classroom, for_save

    def validate(self, value: str) -> ValidationResult:
        try:
            path = self.classroom.resolve(value, for_save=self.for_save)
        except PathRefused as error:
            return self.failure(str(error))
        if not value.strip().endswith(".toml"):
            return self.failure("Scenario files end in .toml.")
        if not self.for_save and not path.is_file():
            return self.failure(f"No file {value.strip()}.")
        return self.success()


class ClassroomOpenModal(ModalScreen[Path | None]):
    """Dismisses with the resolved path (inside the learner's folder or the lessons), or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel",
                        tooltip="Close without opening anything.")]
    HELP_TOPIC = "open"
    heading = "Open a scenario"
    for_save = False
    button = "Open"

    def __init__(self, classroom: Classroom, suggested: str = "") -> None:
        super().__init__()
        self.classroom, self.suggested = classroom, suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.heading, classes="dialog-title")
            yield Static(f"Files are kept in your folder ({self.classroom.learner}); "
                         "lessons are read only.")
            yield Input(self.suggested, placeholder="my-lesson.toml", id="path",
                        validators=[ClassroomPath(self.classroom, self.for_save)])
            yield FieldError(id="path-error")
            if not self.for_save:
                files = self.classroom.files()
                yield Label(f"Your files and the lessons ({len(files)}):")
                yield OptionList(*[Option(name, id=name) for name in files], id="files")
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
            self.dismiss(self.classroom.resolve(field.value, for_save=self.for_save))
        except PathRefused as error:  # changed on disk since it was validated
            self.query_one("#path-error", FieldError).show(str(error))

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class ClassroomSaveModal(ClassroomOpenModal):
    HELP_TOPIC = "save"
    heading = "Save the scenario in your folder as"
    for_save = True
    button = "Save"
