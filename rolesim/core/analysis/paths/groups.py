"""Principals with the same edges, drawn as one node: the `graph` command's answer to a world
too big to draw one principal at a time (docs/paths.md, "Large worlds").

A group is exact, not a summary: every member of a group can become every member of another
group by a technique (and each member of a group every other member, for an edge from a group
to itself), or none can. Members also share their account, their kind (user or role), whether
they are admin-equivalent, and what they can do to their own permissions. The groups are
found by splitting (partition refinement) until that holds, so a drawing of the groups says
exactly what a drawing of every principal would.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from rolesim.core.analysis.paths.edges import Edge


@dataclass(frozen=True)
class GroupEdge:
    """Every member of `source` can become every member of `target` (each other member, when
    they are the same group) by `technique`; `itself` when it is each member on itself (a
    change to its own permissions)."""

    source: int
    target: int
    technique: str
    itself: bool = False


def group_principals(nodes: list[str], edges: Iterable[Edge],
                     same_kind: Callable[[str], Hashable]) -> tuple[list[list[str]],
                                                                    list[GroupEdge]]:
    """The groups (each in `nodes`' order, groups in the order of their first member) and the
    edges between them. `same_kind` says what members must share besides their edges."""
    out: dict[str, dict[str, set[str]]] = {n: {} for n in nodes}
    own: dict[str, set[str]] = {n: set() for n in nodes}
    for e in edges:
        if e.source == e.target:
            own[e.source].add(e.technique)
        else:
            out[e.source].setdefault(e.technique, set()).add(e.target)
    block = _first_blocks(nodes, lambda n: (same_kind(n), frozenset(own[n])))
    while True:
        split = _split_targets(nodes, out, block)
        split = _split_sources(nodes, out, split)
        if len(set(split.values())) == len(set(block.values())):
            break
        block = split
    members: dict[int, list[str]] = {}
    for n in nodes:
        members.setdefault(block[n], []).append(n)
    order = {b: i for i, b in enumerate(members)}
    groups = list(members.values())
    found: list[GroupEdge] = []
    for i, group in enumerate(groups):
        first = group[0]
        found += [GroupEdge(i, i, t, True) for t in sorted(own[first])]
        for technique in sorted(out[first]):  # sorted: the same drawing under any hash seed
            for j in sorted({order[block[t]] for t in out[first][technique]}):
                found.append(GroupEdge(i, j, technique))
    return groups, found


def _first_blocks(nodes: list[str], key: Callable[[str], Hashable]) -> dict[str, int]:
    ids: dict[Hashable, int] = {}
    return {n: ids.setdefault(key(n), len(ids)) for n in nodes}


def _split_targets(nodes: list[str], out: dict[str, dict[str, set[str]]],
                   block: dict[str, int]) -> dict[str, int]:
    """Split each group so that what a principal can become covers a group entirely (its own
    group: all but itself) or not at all."""
    marks: dict[str, list[Hashable]] = {n: [block[n]] for n in nodes}
    for n in nodes:
        for technique, targets in out[n].items():
            for t in targets:
                marks[t].append((n, technique))
            if any(block[t] == block[n] for t in targets):
                marks[n].append((n, technique))  # one of the others of its own group
    return _first_blocks(nodes, lambda n: frozenset(marks[n]) | {("block", block[n])})


def _split_sources(nodes: list[str], out: dict[str, dict[str, set[str]]],
                   block: dict[str, int]) -> dict[str, int]:
    """Split each group so that its members become the same groups by the same techniques."""
    def reach(n: str) -> Hashable:
        return (block[n], frozenset((technique, block[t]) for technique, targets
                                    in out[n].items() for t in targets))
    return _first_blocks(nodes, reach)
