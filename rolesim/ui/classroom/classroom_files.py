"""Open and save dialogs of a classroom session: names inside the learner's folder, or
`lessons/...` (open only). Every name goes through Classroom.resolve, which refuses anything
that leads elsewhere."""

from __future__ import annotations

from pathlib import Path

from textual.validation import ValidationResult, Validator

from rolesim.scenario.classroom import Classroom, PathRefused
from rolesim.ui.common.file_dialog import FileDialog


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


class ClassroomOpenModal(FileDialog):
    """Dismisses with the resolved path (inside the learner's folder or the lessons), or None."""

    for_save = False

    def __init__(self, classroom: Classroom, suggested: str = "") -> None:
        super().__init__(suggested)
        self.classroom = classroom

    def validator(self) -> Validator:
        return ClassroomPath(self.classroom, self.for_save)

    def intro(self) -> str | None:
        return (f"Files are kept in your folder ({self.classroom.learner}); "
                "lessons are read only.")

    def choices(self) -> tuple[str, list[tuple[str, str]]] | None:
        if self.for_save:
            return None
        files = self.classroom.files()
        return f"Your files and the lessons ({len(files)}):", [(name, name) for name in files]

    def resolve(self, name: str) -> Path:
        return self.classroom.resolve(name, for_save=self.for_save)  # PathRefused: ValueError


class ClassroomSaveModal(ClassroomOpenModal):
    HELP_TOPIC = "save"
    heading = "Save the scenario in your folder as"
    for_save = True
    button = "Save"
