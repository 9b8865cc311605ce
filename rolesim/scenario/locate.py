"""Line numbers for key paths: tomllib gives none, so find them in the text.

The trick: parse the text with tomlkit (which keeps every byte), replace the value at the key
path with a unique marker, render, and count the newlines before the marker. For a table
written with a `[[header]]` the line is that header's. Only used when something is wrong, so it
favours being right over being fast. When the path does not exist (a missing key) the deepest
part that does exist is located instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

_MARKER = "QQrolesimQQmarkerQQ"


class Locator:
    """Finds the line of a key path in one TOML text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[tuple[str | int, ...], int | None] = {}
        try:
            tomlkit.parse(text)
            self._parses = True
        except Exception:  # tomlkit stricter or looser than tomllib: fall back to scanning
            self._parses = False

    def line(self, path: Sequence[str | int]) -> int | None:
        key = tuple(path)
        if key not in self._cache:
            try:
                self._cache[key] = self._find(key)
            except Exception:
                self._cache[key] = self._scan_for_key(key)
        return self._cache[key]

    # ------------------------------------------------------------------------------------------

    def _find(self, path: tuple[str | int, ...]) -> int | None:
        if not self._parses or not path:
            return self._scan_for_key(path) if path else 1
        doc = tomlkit.parse(self.text)
        existing = _deepest(doc, path)
        if not existing:
            return self._scan_for_key(path)
        parent = _walk(doc, existing[:-1])
        item = _get(parent, existing[-1])
        if isinstance(item, AoT):
            return self._header_line(existing, 0)
        if isinstance(item, Table):
            if isinstance(parent, AoT) and len(existing) == 2 and isinstance(existing[0], str):
                return self._header_line(existing[:1], int(existing[1]))
            return self._table_line(doc, existing, item)
        parent[existing[-1]] = _MARKER
        return _marker_line(doc.as_string())

    def _table_line(self, doc: Any, path: tuple[str | int, ...], table: Table) -> int | None:
        """A `[a.b]` table: its header, found above the first key inside it."""
        keys = list(table.keys())
        if not keys:
            return self._scan_for_key(path)
        first = _get(table, keys[0])
        if isinstance(first, Table | AoT):
            return self._scan_for_key(path)
        table[keys[0]] = _MARKER
        line = _marker_line(doc.as_string())
        if line is None:
            return None
        lines = self.text.splitlines()
        for number in range(line - 1, 0, -1):
            if lines[number - 1].lstrip().startswith("["):
                return number
        return line

    def _header_line(self, path: tuple[str | int, ...], index: int) -> int | None:
        """The line of the `index`-th `[[name]]` header of a top-level array of tables."""
        name = re.escape(str(path[0]))
        pattern = re.compile(rf"^\s*\[\[\s*\"?{name}\"?\s*\]\]")
        seen = 0
        for number, text in enumerate(self.text.splitlines(), start=1):
            if pattern.match(text):
                if seen == index:
                    return number
                seen += 1
        return None

    def _scan_for_key(self, path: tuple[str | int, ...]) -> int | None:
        """Last resort: the first line assigning the last named key."""
        names = [p for p in path if isinstance(p, str)]
        if not names:
            return None
        pattern = re.compile(rf"^\s*(\[+\s*)?[\w.\"-]*\b{re.escape(names[-1])}\b\"?\s*[=\]]")
        for number, text in enumerate(self.text.splitlines(), start=1):
            if pattern.match(text):
                return number
        return None


def _marker_line(rendered: str) -> int | None:
    at = rendered.find(_MARKER)
    return None if at < 0 else rendered.count("\n", 0, at) + 1


def _get(container: Any, key: str | int) -> Any:
    return container[key]


def _walk(doc: Any, path: Sequence[str | int]) -> Any:
    node = doc
    for part in path:
        node = node[part]
    return node


def _deepest(doc: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The longest prefix of `path` that exists. An index 0 into a single table (a `Statement`
    written as one table) stays on that table."""
    node = doc
    found: list[str | int] = []
    for part in path:
        if isinstance(part, int):
            if isinstance(node, list | AoT) and 0 <= part < len(node):
                node = node[part]
                found.append(part)
                continue
            if isinstance(node, dict) and part == 0:
                continue
            break
        if isinstance(node, dict) and part in node:
            node = node[part]
            found.append(part)
            continue
        break
    return tuple(found)
