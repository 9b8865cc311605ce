"""Every way from one principal to another, or to admin-equivalence, over `edges.Graph`.

Breadth first from the source, so each principal reached gets a shortest way there. Every
edge into a reached principal from another reached one (not itself on that way) then gives a
path ending with that edge: all the ways in, each with a shortest approach, shortest first.
A reached principal T is admin-equivalent on a path when a fresh session of it is
(`Graph.admin`), or when some principal already reached (T itself included) can change T's
permissions (`Graph.grants_for`): that change is the path's last hop.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rolesim.core.analysis.paths.edges import Edge, Graph
from rolesim.core.clock import DEFAULT_START
from rolesim.core.world import World


@dataclass(frozen=True, slots=True)
class Path:
    """A way from `source` to `target`; `admin` when it ends admin-equivalent."""

    source: str
    target: str
    admin: bool
    hops: tuple[Edge, ...]

    def to_json(self) -> dict[str, Any]:
        return {"to": self.target, "admin": self.admin,
                "hops": [hop.to_json() for hop in self.hops]}


def reach(graph: Graph, source: str) -> dict[str, tuple[Edge, ...]]:
    """Every principal the source can become, with a shortest way there (the source: ()).
    The search does not go on from an admin-equivalent principal other than the source."""
    ways: dict[str, tuple[Edge, ...]] = {source: ()}
    unreached = set(graph.principals()) - {source}

    def wanted(target: str, _technique: str) -> bool:
        return target in unreached

    queue = deque([source])
    while queue and unreached:  # once everyone is reached, no edge adds a way
        here = queue.popleft()
        if here != source and graph.admin(here) is not None:
            continue  # it can become anyone of its account: the way to it is the answer
        for edge in graph.edges_where(here, wanted, lambda _technique: unreached):
            if edge.target not in ways:
                unreached.discard(edge.target)
                ways[edge.target] = (*ways[here], edge)
                queue.append(edge.target)
    return ways


def _on_way(way: tuple[Edge, ...], arn: str) -> bool:
    return any(hop.source == arn or hop.target == arn for hop in way)


def find_paths(world: World, source: str, target: str | None = None, admin_only: bool = False,
               now: datetime | None = None, graph: Graph | None = None) -> list[Path]:
    """Every way from `source` (to `target` when given; to admin-equivalence when
    `admin_only`), shortest first: for each principal reached, one path per technique of
    its last hop, each with a shortest approach."""
    graph = graph or Graph(world, now or DEFAULT_START)
    ways = reach(graph, source)
    mutators = [arn for arn in ways if graph.admin(arn) is None and graph.may_grant(arn)]
    grants = {arn: [] if graph.admin(arn) is not None else _grants(graph, mutators, arn)
              for arn in ways if target is None or arn == target}
    # the principals whose ways in are asked for: only those a path may end at
    ends = {arn for arn in grants if not admin_only or grants[arn]
            or graph.admin(arn) is not None}
    incoming = _incoming(graph, ways, ends)
    out: list[Path] = []
    for arn in ways:
        if arn not in grants:
            continue
        entries = [()] if arn == source else incoming.get(arn, [])
        admin = graph.admin(arn) is not None
        for entry in entries:
            if admin:
                out.append(Path(source, arn, True, entry))
            out += [Path(source, arn, True, (*entry, grant)) for grant in grants[arn]]
            if not admin and entry and not admin_only:
                out.append(Path(source, arn, False, entry))
    if admin_only:  # a path through a principal already admin-equivalent adds nothing
        out = [p for p in out if p.admin and not any(
            graph.admin(arn) is not None for arn in _before(p))]
    return sorted(out, key=lambda p: (len(p.hops), not p.admin, p.target,
                                      [h.technique for h in p.hops]))


def _before(path: Path) -> set[str]:
    """The principals a path goes through before its end."""
    return {hop.source for hop in path.hops} - {path.target}


def _incoming(graph: Graph, ways: dict[str, tuple[Edge, ...]], ends: set[str]
              ) -> dict[str, list[tuple[Edge, ...]]]:
    """For each principal of `ends`, one way in per technique of the last hop: the shortest
    approach (`ways` is in breadth-first order) that does not pass through it."""
    out: dict[str, list[tuple[Edge, ...]]] = {}
    seen: set[tuple[str, str]] = set()
    still: dict[str, set[str]] = {}  # by technique: the ends no way in by it is known to yet

    def open_to(technique: str) -> set[str]:
        return still.get(technique, ends)

    for before, approach in ways.items():
        if not ends:
            break
        if before != next(iter(ways)) and graph.admin(before) is not None:
            continue

        def wanted(target: str, technique: str, approach: tuple[Edge, ...] = approach) -> bool:
            return (target in ends and (target, technique) not in seen
                    and not _on_way(approach, target))

        for edge in graph.edges_where(before, wanted, open_to):
            key = (edge.target, edge.technique)
            if key in seen or edge.target not in ways or _on_way(approach, edge.target):
                continue
            seen.add(key)
            left = still.get(edge.technique)
            if left is None:  # copied once per technique, not once per edge
                left = still[edge.technique] = set(ends)
            left.discard(edge.target)
            out.setdefault(edge.target, []).append((*approach, edge))
    return out


def _grants(graph: Graph, mutators: list[str], arn: str) -> list[Edge]:
    """Changes to `arn`'s permissions that a reached principal (not itself admin-equivalent,
    which would be the better answer) can make: the principal itself first, else the first
    other one that can, each technique once."""
    if arn in mutators:
        own = graph.grants_for(arn, arn)
        if own:
            return own
    for giver in mutators:
        if giver != arn:
            found = graph.grants_for(giver, arn)
            if found:
                return found
    return []
