"""Line numbers of key paths in one pass over a TOML text: for files too large for tomlkit.

Every `[table]` and `[[array]]` header and every `key = value` line outside a multi-line
string is recorded under its full key path (array-of-tables elements numbered as tomllib
numbers them). A path is then located at its deepest recorded prefix: a value written as an
inline table or array spanning lines is located at its key. Linear in the text, whatever the
number of problems; `Locator` uses it above `TOMLKIT_LIMIT`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*(?P<name>[^\[\]#]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?P<key>(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
                  r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*=""")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"((?:[^"\\]|\\.)*)"|'([^']*)'""")

Key = tuple[str | int, ...]


def _parts(dotted: str) -> tuple[str, ...]:
    out = []
    for match in _PART.finditer(dotted):
        if match.group(1) is not None:
            out.append(match.group(1))
        elif match.group(2) is not None:
            out.append(match.group(2))
        else:
            out.append(match.group(0))
    return tuple(out)


class LineIndex:
    """Key path -> line, built once from the text."""

    def __init__(self, text: str) -> None:
        self.lines: dict[Key, int] = {}
        self._build(text)

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of `path`, or of its deepest recorded prefix; None when nothing is."""
        key = tuple(path)
        while key:
            found = self.lines.get(key)
            if found is not None:
                return found
            key = key[:-1]
        return 1 if path else None

    def _build(self, text: str) -> None:
        counts: dict[Key, int] = {}  # next element number of each array of tables
        table: Key = ()
        closer: str | None = None  # inside a multi-line string: its closing quotes
        record = self.lines.setdefault
        for number, line in enumerate(text.splitlines(), start=1):
            if closer is not None:
                if line.count(closer) % 2 == 1:
                    closer = None
                continue
            stripped = line.lstrip()
            if stripped.startswith("["):
                match = _HEADER.match(line)
                if match is None:
                    continue
                names = _parts(match["name"])
                if stripped.startswith("[["):
                    parent = (*self._resolve(names[:-1], counts), *names[-1:])
                    record(parent, number)  # the array itself: its first header
                    index = counts.get(parent, 0)
                    counts[parent] = index + 1
                    table = (*parent, index)
                else:
                    table = self._resolve(names, counts)
                record(table, number)
                continue
            match = _KEY.match(line)
            if match is None:
                continue
            path = table
            for part in _parts(match["key"]):
                path = (*path, part)
                record(path, number)
            rest = line[match.end():]
            for quotes in ('"""', "'''"):
                if rest.count(quotes) % 2 == 1:
                    closer = quotes
                    break

    @staticmethod
    def _resolve(names: tuple[str, ...], counts: dict[Key, int]) -> Key:
        """`[roles.tags]` inside the third `[[roles]]` -> ("roles", 2, "tags")."""
        path: Key = ()
        for name in names:
            path = (*path, name)
            if path in counts:  # an array of tables: its latest element
                path = (*path, counts[path] - 1)
        return path
