"""Choosing a scenario file: to open one (path input + the shipped lessons) or to save as."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from rolesim.lessons import LESSON_FILE, lessons_dir
from rolesim.ui.common.field_error import FieldError


def scenario_dirs(current: Path | None) -> list[Path]:
    """Where to look for scenarios: the current file's folder and the shipped lessons."""
    dirs = [lessons_dir()]
    if current is not None:
        dirs.insert(0, current.parent)
    seen: list[Path] = []
    for folder in dirs:
        if folder.is_dir() and folder.resolve() not in [s.resolve() for s in seen]:
            seen.append(folder)
    return seen


def describe(path: Path) -> str:
    """How a file reads in the list: a shipped lesson by number and title, anything else by
    its path."""
    match = LESSON_FILE.match(path.name)
    if match and path.resolve().parent == lessons_dir():
        try:
            with path.open("rb") as handle:
                title = str(tomllib.load(handle).get("title", match.group(2)))
        except (OSError, tomllib.TOMLDecodeError):
            title = match.group(2)
        return f"lesson {int(match.group(1)):>2}  {title}"
    return str(path)


def list_scenarios(current: Path | None) -> list[Path]:
    found: list[Path] = []
    for folder in scenario_dirs(current):
        found += sorted(folder.glob("*.toml"))
    return found


class TomlPath(Validator):
    """A path ending in .toml; `must_exist` when opening."""

    def __init__(self, must_exist: bool) -> None:
        super().__init__()
        self.must_exist = must_exist

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text:
            return self.failure("Type a path, or pick a scenario from the list.")
        if not text.endswith(".toml"):
            return self.failure("Scenario files end in .toml.")
        path = Path(text).expanduser()
        if self.must_exist and not path.is_file():
            return self.failure(f"No file at {text}.")
        if not self.must_exist and not path.parent.is_dir():
            return self.failure(f"No folder {path.parent}.")
        return self.success()


class OpenModal(ModalScreen[Path | None]):
    """Dismisses with the chosen path, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel",
                        tooltip="Close without opening anything.")]
    HELP_TOPIC = "open"
    heading = "Open a scenario"
    must_exist = True
    button = "Open"

    def __init__(self, current: Path | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.heading, classes="dialog-title")
            yield Input(str(self.current or ""), placeholder="my-lesson.toml",
                        validators=[TomlPath(self.must_exist)], id="path")
            yield FieldError(id="path-error")
            if self.must_exist:
                files = list_scenarios(self.current)
                options = [Option(describe(path), id=str(path)) for path in files]
                yield Label(f"Lessons shipped with rolesim, and scenarios beside the open file "
                            f"({len(files)}):")
                yield OptionList(*options, id="files")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.button} (enter)", variant="primary", id="ok")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Changed, "#path")
    def show_error(self, event: Input.Changed) -> None:
        result = event.validation_result
        error = "" if result is None or result.is_valid else " ".join(
            result.failure_descriptions)
        self.query_one("#path-error", FieldError).show(error)

    @on(OptionList.OptionHighlighted, "#files")
    def fill_path(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#path", Input).value = event.option.id or ""

    @on(OptionList.OptionSelected, "#files")
    def open_chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Path(event.option.id or ""))

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def accept(self) -> None:
        field = self.query_one("#path", Input)
        result = field.validate(field.value)
        if result is not None and not result.is_valid:
            self.query_one("#path-error", FieldError).show(" ".join(result.failure_descriptions))
            return
        self.dismiss(Path(field.value.strip()).expanduser())

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class SaveAsModal(OpenModal):
    """Same dialog, for a new file name (the folder must exist). A scenario never saved starts
    from a name made of its title (`External ID` -> `external-id.toml`), selected, so typing
    replaces it and enter accepts it."""

    HELP_TOPIC = "save"
    heading = "Save the scenario as"
    must_exist = False
    button = "Save"

    def __init__(self, current: Path | None, title: str = "") -> None:
        super().__init__(current)
        self.suggested = file_name_for(title) if current is None and title.strip() else ""

    def on_mount(self) -> None:
        field = self.query_one("#path", Input)
        if self.suggested:
            field.value = self.suggested
        field.focus()


def file_name_for(title: str) -> str:
    """A file name from a lesson's title: lowercase words joined by hyphens, `.toml`."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:60].strip("-") + ".toml" if words else ""
