"""Who can become whom, grouped, without listing every edge: each principal's edges are asked
of one or two members of each class of look-alike targets (alike.py), and stand for the whole
class. On 5,000 roles that each trust the account root that is some 10,000 questions instead
of 25 million edges (docs/paths.md, "Large worlds").

The groups are those of `groups.group_principals`, exact in the same way: every member of a
group can become every member of another (each other member, within a group) by a technique,
or none can.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from rolesim.core.analysis.paths.alike import target_classes
from rolesim.core.analysis.paths.edges import Edge, Graph
from rolesim.core.analysis.paths.groups import GroupEdge, group_principals
from rolesim.core.request import ContextValue

MAX_QUESTIONS = 250_000
"""Past this many (principal, class representative) pairs the grouped graph is not worked out:
policies tell too many principals apart."""


class TooManyToGroup(Exception):
    """Policies tell `classes` principals apart: `principals` x their representatives is more
    than MAX_QUESTIONS questions."""

    def __init__(self, principals: int, classes: int) -> None:
        super().__init__(f"{classes:,} classes of {principals:,} principals")
        self.principals = principals
        self.classes = classes


@dataclass(frozen=True)
class GroupedGraph:
    """`groups` of principals (each in the world's order) and the edges between them;
    `edges`: how many edges between principals they stand for; `principals`: how many
    principals the groups hold; `admin`: the groups whose members are admin-equivalent."""

    groups: list[list[str]]
    group_edges: list[GroupEdge]
    edges: int
    principals: int
    admin: set[int]


Drawn = Callable[[str, bool], bool]
"""Whether an edge by this technique from a principal (admin-equivalent or not) is drawn."""


def grouped_graph(graph: Graph, drawn: Drawn, touched_only: bool,
                  same_kind: Callable[[str, bool], Hashable]) -> GroupedGraph:
    """The grouped graph of `drawn` edges; `touched_only` leaves out the principals no edge
    touches (unless admin-equivalent). `same_kind(arn, admin)` says what members share.
    TooManyToGroup when the classes are too many; BudgetExceeded from the graph's budget."""
    principals = graph.principals()
    classes = target_classes(graph.world, lambda arn: _own_keys(graph, arn))
    reps = [members[:2] for members in classes]
    asked = {arn for pair in reps for arn in pair}
    if len(principals) * len(asked) > MAX_QUESTIONS:
        raise TooManyToGroup(len(principals), len(classes))
    class_of = {arn: i for i, members in enumerate(classes) for arn in members}
    admin = {arn: graph.admin(arn) is not None for arn in principals}
    outs: dict[str, frozenset[tuple[str, int]]] = {}
    own: dict[str, frozenset[str]] = {}
    for arn in principals:
        def wanted(target: str, technique: str, arn: str = arn) -> bool:
            return target in asked and drawn(technique, admin[arn])

        outs[arn] = frozenset((e.technique, class_of[e.target]) for e in graph.edges_where(
            arn, wanted, lambda _technique: asked))
        own[arn] = frozenset() if admin[arn] else frozenset(
            e.technique for e in graph.grants_for(arn, arn))
    blocks: dict[Hashable, list[str]] = {}
    for arn in principals:
        key = (class_of[arn], outs[arn], own[arn], same_kind(arn, admin[arn]))
        blocks.setdefault(key, []).append(arn)
    members = list(blocks.values())
    if touched_only:
        members = _touched(members, outs, own, class_of, admin)
    return _merge(members, outs, own, class_of, admin, same_kind)


def _own_keys(graph: Graph, arn: str) -> Mapping[str, ContextValue] | None:
    """What a fresh session of the principal carries about itself, as the graph asks it."""
    candidate = graph.candidate(arn)
    return None if candidate is None else candidate.context


def _touched(members: list[list[str]], outs: dict[str, frozenset[tuple[str, int]]],
             own: dict[str, frozenset[str]], class_of: dict[str, int],
             admin: dict[str, bool]) -> list[list[str]]:
    """The blocks an edge leaves or reaches, or that are admin-equivalent. An edge to a class
    reaches each of its members but the source itself."""
    by_class = _by_class(members, class_of)
    reached: set[int] = set()
    for block in members:
        for _technique, target in outs[block[0]]:
            reached |= {id(b) for b in by_class.get(target, []) if b is not block or len(b) > 1}
    return [b for b in members
            if outs[b[0]] or own[b[0]] or admin[b[0]] or id(b) in reached]


def _by_class(members: list[list[str]], class_of: dict[str, int]) -> dict[int, list[list[str]]]:
    out: dict[int, list[list[str]]] = {}
    for block in members:
        out.setdefault(class_of[block[0]], []).append(block)
    return out


def _merge(members: list[list[str]], outs: dict[str, frozenset[tuple[str, int]]],
           own: dict[str, frozenset[str]], class_of: dict[str, int], admin: dict[str, bool],
           same_kind: Callable[[str, bool], Hashable]) -> GroupedGraph:
    """Blocks whose members reach the same and are reached alike become one group: grouped as
    `group_principals` groups a graph of two members of each block (one, for a block of one),
    which stands for the whole world since a block's members are interchangeable."""
    by_class = _by_class(members, class_of)
    stand_ins = [arn for block in members for arn in block[:2]]
    block_of = {arn: block for block in members for arn in block[:2]}
    edges: list[Edge] = []
    total = 0
    for arn in stand_ins:
        edges += [Edge(arn, arn, t, ()) for t in sorted(own[arn])]
        for technique, target in sorted(outs[arn]):  # a set: sorted for one order of edges
            for block in by_class.get(target, []):
                edges += [Edge(arn, t, technique, ()) for t in block[:2] if t != arn]
    for block in members:
        for _technique, target in outs[block[0]]:
            for other in by_class.get(target, []):
                total += len(block) * len(other) - (len(block) if other is block else 0)
        total += len(block) * len(own[block[0]])
    groups, group_edges = group_principals(stand_ins, edges,
                                           lambda n: same_kind(n, admin[n]))
    whole: list[list[str]] = []
    for group in groups:
        blocks = list({id(block_of[arn]): block_of[arn] for arn in group}.values())
        if any(not set(block[:2]) <= set(group) for block in blocks):
            return _unmerged(members, outs, own, by_class, admin, total)
        whole.append(sorted((arn for block in blocks for arn in block), key=_place(members)))
    group_admin = {i for i, group in enumerate(whole) if admin[group[0]]}
    return GroupedGraph(whole, group_edges, total, sum(len(g) for g in whole), group_admin)


def _unmerged(members: list[list[str]], outs: dict[str, frozenset[tuple[str, int]]],
              own: dict[str, frozenset[str]], by_class: dict[int, list[list[str]]],
              admin: dict[str, bool], total: int) -> GroupedGraph:
    """The blocks themselves as the groups (exact by how they are made), should grouping
    their stand-ins ever part two members of one block."""
    index = {id(block): i for i, block in enumerate(members)}
    found: list[GroupEdge] = []
    for i, block in enumerate(members):
        found += [GroupEdge(i, i, t, True) for t in sorted(own[block[0]])]
        for technique, target in sorted(outs[block[0]]):
            found += [GroupEdge(i, index[id(b)], technique) for b in by_class.get(target, [])
                      if b is not block or len(block) > 1]
    return GroupedGraph(members, found, total, sum(len(b) for b in members),
                        {i for i, block in enumerate(members) if admin[block[0]]})


def _place(members: list[list[str]]) -> Callable[[str], int]:
    order = {arn: i for i, arn in enumerate(arn for block in members for arn in block)}
    return order.__getitem__
