"""Choosing a scenario file: to open one (path input + the shipped lessons) or to save as."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from textual.validation import ValidationResult, Validator
from textual.widgets import Input

from rolesim.lessons import LESSON_FILE, lessons_dir
from rolesim.ui.common.file_dialog import FileDialog


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


class OpenModal(FileDialog):
    """Any `.toml` file; the list: the shipped lessons and the files beside the open one."""

    must_exist = True

    def __init__(self, current: Path | None) -> None:
        super().__init__(str(current or ""))
        self.current = current

    def validator(self) -> Validator:
        return TomlPath(self.must_exist)

    def choices(self) -> tuple[str, list[tuple[str, str]]] | None:
        if not self.must_exist:
            return None
        files = list_scenarios(self.current)
        return (f"Lessons shipped with rolesim, and scenarios beside the open file "
                f"({len(files)}):", [(describe(path), str(path)) for path in files])


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
        super().on_mount()
        if self.suggested:
            self.query_one("#path", Input).value = self.suggested


def file_name_for(title: str) -> str:
    """A file name from a lesson's title: lowercase words joined by hyphens, `.toml`."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:60].strip("-") + ".toml" if words else ""
