"""Text reports fitted to the terminal: a long line continues on the next, indented under
itself, broken at spaces only (never inside an ARN, which stays whole and copyable).

`rolesim inspect` printed the chain, the identity and each service's actions on one line each,
up to 400 columns; at 80 columns the terminal folded them mid-ARN."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable

CONTINUED = "    "
"""What a continuation line adds to its line's own indentation."""


def terminal_width() -> int:
    """The terminal's columns (COLUMNS, else the terminal, else 80), at least 40."""
    return max(shutil.get_terminal_size((80, 24)).columns, 40)


def fit_lines(lines: Iterable[str], width: int | None = None) -> list[str]:
    """Each line wrapped to `width` (default: the terminal's) at spaces; continuation lines
    indented by CONTINUED under the line's own indentation. A word longer than the width (a
    long ARN) stays whole on its own line."""
    columns = width or terminal_width()
    fitted: list[str] = []
    for line in lines:
        if len(line) <= columns:
            fitted.append(line)
            continue
        indent = line[:len(line) - len(line.lstrip())]
        fitted += textwrap.wrap(line.strip(), columns, initial_indent=indent,
                                subsequent_indent=indent + CONTINUED, break_long_words=False,
                                break_on_hyphens=False) or [line]
    return fitted
