"""The teaching lessons (numbered scenario files), shipped inside the package.

The TOML files beside this module are package data (pyproject: `*.toml`), so the lessons
are there wherever rolesim is installed, not only in a clone. A lesson is known by its
number (`4`), its name (`role-chaining`, a unique prefix will do) or its file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import rtoml

LESSON_FILE = re.compile(r"^(\d+)-([a-z0-9-]+)\.toml$")


@dataclass(frozen=True, slots=True)
class Lesson:
    number: int
    name: str
    """The file name without number and extension: `role-chaining`."""
    path: Path

    @property
    def title(self) -> str:
        """The scenario's own title (read from the file when asked, by rtoml: `rolesim
        lessons` reads every lesson, and Python's own parser took ~0.4 G instructions)."""
        return str(rtoml.loads(self.path.read_text(encoding="utf-8")).get("title", self.name))


def lessons_dir() -> Path:
    """The folder holding the shipped lesson files."""
    return Path(__file__).resolve().parent


def all_lessons() -> list[Lesson]:
    """Every shipped lesson, by number."""
    found = []
    for path in lessons_dir().glob("*.toml"):
        match = LESSON_FILE.match(path.name)
        if match:
            found.append(Lesson(int(match.group(1)), match.group(2), path))
    return sorted(found, key=lambda lesson: lesson.number)


def find_lessons(query: str) -> list[Lesson]:
    """The lessons `query` names: by number, by exact name or file name, else by prefix."""
    wanted = query.strip().lower().removesuffix(".toml")
    lessons = all_lessons()
    if wanted.isdigit():
        return [lesson for lesson in lessons if lesson.number == int(wanted)]
    exact = [lesson for lesson in lessons
             if wanted in (lesson.name, f"{lesson.number:02d}-{lesson.name}")]
    if exact:
        return exact
    return [lesson for lesson in lessons if wanted and (
        lesson.name.startswith(wanted) or f"{lesson.number:02d}-{lesson.name}".startswith(wanted))]
