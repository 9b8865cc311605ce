"""Where a finding's JSON path (`Statement[1].Condition.StringEquals.aws:TagKeys`) lies in the
document's text: its 1-based line, so editors and `rolesim lint` can point at it.

A small walk over the JSON text records the line of every member name and array element; the
lookup takes the deepest recorded prefix of the path. A single statement object is found both
as `Statement` and as `Statement[0]` (how paths name it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from json import decoder

_scanstring: Callable[[str, int], tuple[str, int]] = decoder.scanstring  # type: ignore[attr-defined]

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SPACE = " \t\r\n"


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[str, int] = {}
        self._starts = [0]
        self._starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")

    def line(self, offset: int) -> int:
        lo, hi = 0, len(self._starts)
        while lo + 1 < hi:
            mid = (lo + hi) // 2
            if self._starts[mid] <= offset:
                lo = mid
            else:
                hi = mid
        return lo + 1

    def skip(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in _SPACE:
            i += 1
        return i

    def value(self, i: int, path: str) -> int:
        i = self.skip(i)
        ch = self.text[i]
        if ch == "{":
            return self.members(i + 1, path)
        if ch == "[":
            return self.elements(i + 1, path)
        if ch == '"':
            return _scanstring(self.text, i + 1)[1]
        match = _NUMBER.match(self.text, i)
        if match:
            return match.end()
        for word in ("true", "false", "null"):
            if self.text.startswith(word, i):
                return i + len(word)
        raise ValueError(i)

    def members(self, i: int, path: str) -> int:
        i = self.skip(i)
        if self.text[i] == "}":
            return i + 1
        while True:
            i = self.skip(i)
            name, end = _scanstring(self.text, i + 1)
            sub = f"{path}.{name}" if path else name
            self.lines.setdefault(sub, self.line(i))
            i = self.skip(end)
            i = self.value(i + 1, sub)  # past ':'
            i = self.skip(i)
            if self.text[i] == "}":
                return i + 1
            i += 1  # ','

    def elements(self, i: int, path: str) -> int:
        i = self.skip(i)
        if self.text[i] == "]":
            return i + 1
        index = 0
        while True:
            i = self.skip(i)
            sub = f"{path}[{index}]"
            self.lines.setdefault(sub, self.line(i))
            i = self.skip(self.value(i, sub))
            if self.text[i] == "]":
                return i + 1
            i += 1
            index += 1


def path_lines(text: str) -> dict[str, int]:
    """Every member and element path of the JSON text -> its line; empty if not valid JSON,
    or nested deeper than Python's recursion reaches (the walk recurses once per level; the
    linter's finding then points at the policy's key, as for invalid JSON)."""
    walker = _Walker(text)
    try:
        walker.value(0, "")
    except (ValueError, IndexError, RecursionError):
        return {}
    return walker.lines


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of the deepest recorded prefix of `path` (None: nothing of it recorded)."""
    candidates = [path]
    if path.startswith("Statement[0]"):
        candidates.append("Statement" + path[len("Statement[0]"):])
    best: tuple[int, int] | None = None
    for candidate in candidates:
        probe = candidate
        while probe:
            if probe in lines:
                if best is None or len(probe) > best[0]:
                    best = (len(probe), lines[probe])
                break
            cut = max(probe.rfind("."), probe.rfind("["))
            if cut <= 0:
                break
            probe = probe[:cut]
    return best[1] if best else None
