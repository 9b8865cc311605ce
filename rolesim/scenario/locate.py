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
from typing import TYPE_CHECKING, Any

from rolesim.scenario.line_index import LineIndex

if TYPE_CHECKING:  # tomlkit is imported on first use: only a file with an error needs it
    from tomlkit.items import AoT, Table

_MARKER = "QQrolesimQQmarkerQQ"
TOMLKIT_LIMIT = 128 * 1024
"""Texts longer than this are located by `LineIndex` (one pass), not by tomlkit."""
_HEADER = re.compile(r"^\s*\[\[?(?P<name>[^\[\]]+)\]\]?\s*(#.*)?$")


class Locator:
    """Finds the line of a key path in one TOML text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[tuple[str | int, ...], int | None] = {}
        self._doc: Any = None  # parsed on first use (errors only), once, then reused
        self._parsed: bool | None = None
        self._index: LineIndex | None = None
        self._lines: list[str] | None = None
        self._regions: dict[int, Any] = {}  # one `[[section]]` element cut out, by header line

    @property
    def _parses(self) -> bool:
        import tomlkit

        if self._parsed is None:
            try:
                self._doc = tomlkit.parse(self.text)
                self._parsed = True
            except Exception:  # tomlkit stricter or looser than tomllib: fall back to scanning
                self._parsed = False
        return self._parsed

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line(self, path: Sequence[str | int]) -> int | None:
        key = tuple(path)
        if key not in self._cache:
            if len(self.text) > TOMLKIT_LIMIT:  # tomlkit reads ~0.5 MB/s: one pass instead
                if self._index is None:
                    self._index = LineIndex(self.text)
                self._cache[key] = self._index.line(key)
                return self._cache[key]
            try:
                self._cache[key] = self._find(key)
            except Exception:
                self._cache[key] = self._scan_for_key(key)
            if self._cache[key] is None and len(key) == 1 and self.text:
                self._cache[key] = 1  # a missing top-level key: the file as a whole
        return self._cache[key]

    # ------------------------------------------------------------------------------------------

    def _find(self, path: tuple[str | int, ...]) -> int | None:
        from tomlkit.items import AoT

        if not self._parses or not path:
            return self._scan_for_key(path) if path else 1
        doc = self._doc
        head = path[0]
        if isinstance(head, str) and isinstance(doc.get(head), AoT):
            if len(path) == 1:
                return self._header_line(path, 0)
            if not isinstance(path[1], int) or not 0 <= path[1] < len(doc[head]):
                return self._header_line(path, 0)
            return self._in_element(head, path[1], path[2:])
        return self._in_document(doc, path)

    def _in_element(self, section: str, index: int, rest: tuple[str | int, ...]) -> int | None:
        """Inside the `index`-th `[[section]]` table. tomlkit re-renders an array of tables
        as one block when one of its tables changes, which would move lines when the file
        interleaves `[[roles]]` with other tables; so the element is cut out first (its header
        blanked, its `[section.x]` sub-headers shortened to `[x]`) keeping line numbers."""
        import tomlkit

        header = self._header_line((section,), index)
        if header is None:
            return None
        if not rest:
            return header
        lines = self.lines
        region = [""] * header
        prefix = section + "."
        for text in lines[header:]:
            match = _HEADER.match(text)
            if match:
                name = match["name"].strip().strip('"')
                if not name.startswith(prefix):
                    break
                text = text.replace(match["name"], name[len(prefix):], 1)
            region.append(text)
        try:
            doc = self._regions.get(header)
            if doc is None:
                doc = self._regions[header] = tomlkit.parse("\n".join(region) + "\n")
        except Exception:
            return header
        return self._in_document(doc, rest) or header

    def _in_document(self, doc: Any, path: tuple[str | int, ...]) -> int | None:
        from tomlkit.items import AoT, Table

        existing = _deepest(doc, path)
        if not existing:
            return self._scan_for_key(path)
        parent = _walk(doc, existing[:-1])
        item = _get(parent, existing[-1])
        if isinstance(item, AoT):
            return _marker_in_first(doc, item)
        if isinstance(item, Table):
            return self._table_line(doc, existing, item)
        return _marked_line(doc, parent, existing[-1])

    def _table_line(self, doc: Any, path: tuple[str | int, ...], table: Table) -> int | None:
        """A `[a.b]` table: its header, found above the first key inside it."""
        from tomlkit.items import AoT, Table

        keys = list(table.keys())
        if not keys:
            return self._scan_for_key(path)
        first = _get(table, keys[0])
        if isinstance(first, Table | AoT):
            return self._scan_for_key(path)
        line = _marked_line(doc, table, keys[0])
        if line is None:
            return None
        lines = self.lines
        for number in range(line - 1, 0, -1):
            if lines[number - 1].lstrip().startswith("["):
                return number
        return line

    def _header_line(self, path: tuple[str | int, ...], index: int) -> int | None:
        """The line of the `index`-th `[[name]]` header of a top-level array of tables."""
        name = re.escape(str(path[0]))
        pattern = re.compile(rf"^\s*\[\[\s*\"?{name}\"?\s*\]\]")
        seen = 0
        for number, text in enumerate(self.lines, start=1):
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
        for number, text in enumerate(self.lines, start=1):
            if pattern.match(text):
                return number
        return None


def _marker_in_first(doc: Any, aot: AoT) -> int | None:
    """The line of an array of tables: of the first key of its first table."""
    if not len(aot) or not list(aot[0].keys()):
        return None
    first = next(iter(aot[0].keys()))
    line = _marked_line(doc, aot[0], first)
    return None if line is None else max(1, line - 1)


def _marked_line(doc: Any, container: Any, key: str | int) -> int | None:
    """The line of `container[key]`: a marker put in its place, the document rendered, the
    value put back (so one parsed document serves every problem of the file)."""
    original = container[key]
    container[key] = _MARKER
    try:
        return _marker_line(doc.as_string())
    finally:
        container[key] = original


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
    from tomlkit.items import AoT

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
