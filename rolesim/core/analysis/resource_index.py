"""Statements indexed by the literal start of their Resource patterns.

Effective permissions probe each resource the policies name against every statement: with
10,000 statements naming 10,000 buckets that is 10,000 x 10,000 pattern matches. A pattern
can only match an ARN that starts with its literal part (the text before its first `*`, `?`
or `$`), so the index returns only those statements (plus every statement it cannot index:
NotResource, `*`, policy variables), in their policy order; the caller still matches them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from rolesim.core.policy.compiled import CompiledStatement

T = TypeVar("T")
_WILD = ("*", "?", "$")


def literal_prefix(pattern: str) -> str:
    """The text before the first wildcard or variable, lower-cased (a superset is safe)."""
    cut = min((i for i in (pattern.find(c) for c in _WILD) if i >= 0), default=len(pattern))
    return pattern[:cut].lower()


class ResourceIndex(Generic[T]):
    """(statement, payload) pairs, found by the ARNs their Resource could match."""

    def __init__(self, entries: Iterable[tuple[CompiledStatement, T]]) -> None:
        self._always: list[tuple[int, CompiledStatement, T]] = []
        self._by_prefix: dict[str, list[tuple[int, CompiledStatement, T]]] = {}
        for order, (cs, payload) in enumerate(entries):
            resources = cs.statement.resources
            if cs.resource_fast is None or not resources:
                self._always.append((order, cs, payload))
                continue
            for prefix in {literal_prefix(r) for r in resources}:
                self._by_prefix.setdefault(prefix, []).append((order, cs, payload))
        self._lengths = sorted({len(p) for p in self._by_prefix})

    def candidates(self, arn: str) -> list[tuple[CompiledStatement, T]]:
        """Every entry whose Resource might match `arn`, in the order they were given."""
        lowered = arn.lower()
        found = list(self._always)
        for length in self._lengths:
            if length > len(lowered):
                break
            found += self._by_prefix.get(lowered[:length], ())
        if len(found) > 1:
            found = sorted(dict.fromkeys(found), key=lambda entry: entry[0])
        return [(cs, payload) for _, cs, payload in found]
