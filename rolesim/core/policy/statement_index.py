"""Statements indexed by action and by the literal start of their Resource patterns.

The action index (`CompiledPolicy.for_action`) leaves every statement whose Action matches:
with 10,000 statements on `s3:GetObject`, each naming its own bucket, every request would
still try 10,000 Resource patterns and conditions. A pattern can only match an ARN that starts
with its literal part (the text before its first `*`, `?` or `$`), so a `ResourceIndex` returns
only those statements (plus every statement it cannot index: NotResource, `*`, policy
variables), in their policy order; the caller still matches them. `StatementIndex` keeps one
such index per action for a large policy, built on first use and dropped with the policy.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from rolesim.core.policy.compiled import CompiledStatement, compiled
from rolesim.core.policy.model import Policy

T = TypeVar("T")
_WILD = re.compile(r"[*?$]")
INDEX_FROM = 48
"""Below this many statements for one action a plain scan (with each statement's resource
cache) is as fast as the index, so the evaluator asks the index only above it."""
ACTIONS_KEPT = 256


def literal_prefix(pattern: str) -> str:
    """The text before the first wildcard or variable, lower-cased (a superset is safe)."""
    found = _WILD.search(pattern)
    return (pattern[:found.start()] if found else pattern).lower()


def resource_prefixes(cs: CompiledStatement) -> frozenset[str] | None:
    """The literal prefixes of a statement's Resource, or None when it cannot be indexed
    (NotResource, `*`, policy variables: it must be tried for every ARN)."""
    resources = cs.statement.resources
    if cs.resource_fast is None or not resources:
        return None
    return frozenset(literal_prefix(r) for r in resources)


class ResourceIndex(Generic[T]):
    """(statement, payload) pairs, found by the ARNs their Resource could match."""

    def __init__(self, entries: Iterable[tuple[CompiledStatement, T]],
                 prefixes_of: Callable[[CompiledStatement], frozenset[str] | None]
                 = resource_prefixes) -> None:
        self._always: list[tuple[int, CompiledStatement, T]] = []
        self._by_prefix: dict[str, list[tuple[int, CompiledStatement, T]]] = {}
        for order, (cs, payload) in enumerate(entries):
            prefixes = prefixes_of(cs)
            if prefixes is None:
                self._always.append((order, cs, payload))
                continue
            for prefix in prefixes:
                self._by_prefix.setdefault(prefix, []).append((order, cs, payload))
        self._lengths = sorted({len(p) for p in self._by_prefix})

    def candidates(self, arn: str) -> list[tuple[CompiledStatement, T]]:
        """Every entry whose Resource might match `arn`, in the order they were given."""
        return [(cs, payload) for _, cs, payload in self._entries(arn)]

    def statements(self, arn: str) -> list[CompiledStatement]:
        """`candidates` without the payloads."""
        return [cs for _, cs, _ in self._entries(arn)]

    def _entries(self, arn: str) -> list[tuple[int, CompiledStatement, T]]:
        lowered = arn.lower()
        found = list(self._always)
        for length in self._lengths:
            if length > len(lowered):
                break
            found += self._by_prefix.get(lowered[:length], ())
        if len(found) > 1:
            found = sorted(dict.fromkeys(found), key=_order)
        return found


def _order(entry: tuple[int, CompiledStatement, object]) -> int:
    return entry[0]


class StatementIndex:
    """One policy's statements by action, then by resource: built once per action per policy
    (the Resource prefixes once per statement), so a request tries only the statements whose
    Action and Resource could both match."""

    __slots__ = ("_by_action", "_everything", "_prefixes", "_statements")

    def __init__(self, statements: tuple[CompiledStatement, ...]) -> None:
        self._statements = statements
        self._prefixes: dict[int, frozenset[str] | None] = {}
        self._by_action: dict[str, ResourceIndex[None]] = {}
        self._everything: ResourceIndex[None] | None = None

    def prefixes(self, cs: CompiledStatement) -> frozenset[str] | None:
        """`resource_prefixes`, worked out once per statement of this policy."""
        key = cs.statement.index
        if key not in self._prefixes:
            self._prefixes[key] = resource_prefixes(cs)
        return self._prefixes[key]

    def for_request(self, action_lower: str, by_action: Sequence[CompiledStatement],
                    resource: str) -> list[CompiledStatement]:
        """Of `by_action` (the policy's statements for this action, as `for_action` gives
        them), those whose Resource could match `resource`, in policy order."""
        index = self._by_action.get(action_lower)
        if index is None:
            if len(self._by_action) >= ACTIONS_KEPT:
                self._by_action.clear()
            index = self._by_action[action_lower] = ResourceIndex(
                ((cs, None) for cs in by_action), self.prefixes)
        return index.statements(resource)

    def by_resource(self) -> ResourceIndex[None]:
        """Every statement of the policy, by resource (whatever the action)."""
        if self._everything is None:
            self._everything = ResourceIndex(((cs, None) for cs in self._statements),
                                             self.prefixes)
        return self._everything


_INDEXES: dict[int, StatementIndex] = {}


def statement_index(policy: Policy) -> StatementIndex:
    """The policy's statement index, built on first use and kept while the policy lives
    (keyed as `compiled` keys its cache: the entry goes when the policy does)."""
    key = id(policy)
    found = _INDEXES.get(key)
    if found is None:
        found = StatementIndex(compiled(policy).statements)
        _INDEXES[key] = found
        weakref.finalize(policy, _INDEXES.pop, key, None)
    return found
