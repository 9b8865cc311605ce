"""`rolesim lessons` (list the shipped lessons) and `rolesim lesson NAME` (find one to open)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from rolesim.lessons import Lesson, all_lessons, find_lessons
from rolesim.scenario.errors import print_error

EXIT_FOUND, EXIT_NOT_FOUND = 0, 1


def run_lessons() -> int:
    """Print number, name and title of every shipped lesson."""
    lessons = all_lessons()
    width = max(len(lesson.name) for lesson in lessons)
    indent = " " * (3 + 2 + width + 2)
    columns = max(shutil.get_terminal_size((80, 24)).columns, len(indent) + 30)
    for lesson in lessons:  # a long title goes on under itself, not under the number
        print(textwrap.fill(lesson.title, columns - 1,
                            initial_indent=f"{lesson.number:>3}  {lesson.name:<{width}}  ",
                            subsequent_indent=indent, break_on_hyphens=False))
    print(f"\nOpen one: rolesim lesson NUMBER or NAME "
          f"(e.g. rolesim lesson {lessons[min(3, len(lessons) - 1)].name}).")
    return EXIT_FOUND


def resolve_lesson(query: str) -> Path | None:
    """The file of the one lesson `query` names; otherwise explain on stderr and return None."""
    found = find_lessons(query)
    if len(found) == 1:
        return found[0].path
    if not found:
        about = _lessons_about(query)
        if about:
            print_error("lesson", f"no lesson is named {query!r}; about it: {_names(about)}; "
                                  "give its number or name.")
        else:
            print_error("lesson", f"no lesson matches {query!r}; `rolesim lessons` lists them "
                                  f"(1 to {len(all_lessons())}).")
    else:
        print_error("lesson", f"{query!r} matches several lessons: {_names(found)}; give more "
                              "of the name or the number.")
    return None


def _lessons_about(query: str) -> list[Lesson]:
    """The lessons whose name or title holds the word (`chaining`, `escalation`): what a new
    user types, who does not know the file names yet."""
    word = query.strip().lower()
    if not word or word.isdigit():
        return []
    return [lesson for lesson in all_lessons()
            if word in lesson.name or word in lesson.title.lower()]


def _names(lessons: list[Lesson]) -> str:
    return ", ".join(f"{lesson.number} {lesson.name}" for lesson in lessons)
