"""`ScenarioError`: a file that cannot be run, said in one or a few lines (never a traceback)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rolesim.core.safe_text import escape_controls


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file: where (file, line, column, key path) and what."""

    filename: str
    line: int | None
    key_path: str
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = self.filename
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.key_path}:" if self.key_path else ""
        return escape_controls(f"{where}:{key} {self.message}")


class ScenarioError(Exception):
    """The file cannot be run (exit 2). `str()` is the message to print, one line per problem."""

    MAX_SHOWN = 8

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            text = escape_controls(problems)  # one line, whatever the file name holds
        else:
            self.problems = tuple(problems)
            shown = [str(p) for p in self.problems[: self.MAX_SHOWN]]
            extra = len(self.problems) - self.MAX_SHOWN
            if extra > 0:
                shown.append(f"... and {extra} more problem{'s' if extra > 1 else ''}")
            text = "\n".join(shown)
        super().__init__(text)

    @property
    def message(self) -> str:
        return str(self)


def format_path(path: Sequence[str | int]) -> str:
    """`("roles", 1, "trust")` -> `roles[1].trust`; keys that are not bare words are quoted."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if _bare(part) else f'"{part}"'
            out += f".{text}" if out else text
    return out


def _bare(key: str) -> bool:
    return bool(key) and all(c.isalnum() or c in "_-" for c in key)


def error_text(command: str | None, message: str, *, level: str = "error") -> str:
    """`rolesim COMMAND: LEVEL: MESSAGE`, on every line of a message of several: the one form
    of every line rolesim prints on stderr (LEVEL `error`, `warning` or `note`), the form
    argparse gives usage errors, so that a CI log says which tool said it and how much it
    matters, and `grep ': error: '` finds each error line (README, "Errors")."""
    prefix = f"rolesim {command}: {level}: " if command else f"rolesim: {level}: "
    return "\n".join(prefix + line for line in message.splitlines() or [""])


def print_error(command: str | None, message: object, *, level: str = "error") -> None:
    """Print `error_text` on stderr. A ScenarioError is already escaped; other text is escaped
    line by line here, as it may hold a file name."""
    import sys

    text = str(message) if isinstance(message, ScenarioError) else "\n".join(
        escape_controls(line) for line in str(message).splitlines())
    print(error_text(command, text, level=level), file=sys.stderr)


def print_note(command: str | None, message: object) -> None:
    """A line that informs, on stderr so stdout stays the report: progress, what a drawing
    left out, where a file was saved (`rolesim COMMAND: note: MESSAGE`)."""
    print_error(command, message, level="note")
