"""Both directions for one user or role, as the world builder shows them: who can become it by
any path, and (for a user) what it can become."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rolesim.core.analysis.paths.budget import Budget, BudgetExceeded
from rolesim.core.analysis.paths.edges import Graph
from rolesim.core.analysis.paths.search import Path, find_paths
from rolesim.core.world import World

MAX_SOURCES = 400
"""Beyond this many principals the builder does not ask "who can become it" of each (the
command line does, one source at a time)."""


@dataclass(frozen=True)
class PathsSummary:
    """`into`: a shortest path from each principal that can become the target (None when the
    world has too many principals to ask); `out`: every path from a user (None for a role).
    `stopped`: the budget ran out (or the search was stopped) after `into` was asked of
    `asked` of the `sources` principals; `out` is then None when it was not finished."""

    into: list[Path] | None
    out: list[Path] | None
    stopped: BudgetExceeded | None = None
    asked: int = 0
    sources: int = 0


def paths_summary(world: World, arn: str, now: datetime,
                  budget: Budget | None = None) -> PathsSummary:
    graph = Graph(world, now, budget or Budget())
    sources = [p for p in graph.principals() if p != arn]
    into: list[Path] | None = None
    asked = 0
    try:
        if len(sources) <= MAX_SOURCES:
            into = []
            for source in sources:
                found = find_paths(world, source, arn, graph=graph)
                if found:
                    into.append(found[0])
                asked += 1
        out = find_paths(world, arn, graph=graph) if arn in world.users else None
    except BudgetExceeded as stopped:
        return PathsSummary(_shortest_first(into), None, stopped, asked, len(sources))
    return PathsSummary(_shortest_first(into), out, None, asked, len(sources))


def _shortest_first(into: list[Path] | None) -> list[Path] | None:
    return None if into is None else sorted(into, key=lambda p: (len(p.hops), p.source))
