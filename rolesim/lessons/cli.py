"""`rolesim lessons` (list the shipped lessons) and `rolesim lesson NAME` (find one to open)."""

from __future__ import annotations

import sys
from pathlib import Path

from rolesim.lessons import Lesson, all_lessons, find_lessons

EXIT_FOUND, EXIT_NOT_FOUND = 0, 1


def run_lessons() -> int:
    """Print number, name and title of every shipped lesson."""
    lessons = all_lessons()
    width = max(len(lesson.name) for lesson in lessons)
    for lesson in lessons:
        print(f"{lesson.number:>3}  {lesson.name:<{width}}  {lesson.title}")
    print(f"\nOpen one with: rolesim lesson NUMBER or rolesim lesson NAME "
          f"(e.g. rolesim lesson {lessons[min(3, len(lessons) - 1)].name}).")
    return EXIT_FOUND


def resolve_lesson(query: str) -> Path | None:
    """The file of the one lesson `query` names; otherwise explain on stderr and return None."""
    found = find_lessons(query)
    if len(found) == 1:
        return found[0].path
    if not found:
        print(f"rolesim: no lesson matches {query!r}; `rolesim lessons` lists them "
              f"(1 to {len(all_lessons())}).", file=sys.stderr)
    else:
        print(f"rolesim: {query!r} matches several lessons: {_names(found)}; give more of the "
              "name or the number.", file=sys.stderr)
    return None


def _names(lessons: list[Lesson]) -> str:
    return ", ".join(f"{lesson.number} {lesson.name}" for lesson in lessons)
