"""Principals with the same edges as one node (`graph` past --max-edges): a group's edges, read
back as "every member can become every member of the other group" (each other member, within
a group), give exactly the edges between principals, no more and no fewer."""

from __future__ import annotations

import random

import pytest

from rolesim.core.analysis.paths.edges import Edge
from rolesim.core.analysis.paths.groups import GroupEdge, group_principals


def expand(groups: list[list[str]], edges: list[GroupEdge]) -> set[tuple[str, str, str]]:
    out: set[tuple[str, str, str]] = set()
    for e in edges:
        for s in groups[e.source]:
            if e.itself:
                out.add((s, s, e.technique))
                continue
            out |= {(s, t, e.technique) for t in groups[e.target] if t != s}
    return out


def edge(source: str, target: str, technique: str = "assume-role") -> Edge:
    return Edge(source, target, technique, ())


def test_two_pairs_that_look_alike_are_not_merged() -> None:
    """x1 -> y1 and x2 -> y2: the same counts, but x1 cannot become y2."""
    nodes = ["x1", "x2", "y1", "y2"]
    edges = [edge("x1", "y1"), edge("x2", "y2")]
    groups, found = group_principals(nodes, edges, lambda n: n[0])
    assert len(groups) == 4
    assert expand(groups, found) == {(e.source, e.target, e.technique) for e in edges}


def test_roles_that_become_one_another_are_one_group() -> None:
    roles = [f"r{i}" for i in range(5)]
    edges = [edge("u", r) for r in roles] + [edge(a, b) for a in roles for b in roles if a != b]
    groups, found = group_principals(["u", *roles], edges, lambda n: n[0])
    assert groups == [["u"], roles]
    assert set(found) == {GroupEdge(0, 1, "assume-role"), GroupEdge(1, 1, "assume-role")}


def test_what_members_must_share_keeps_them_apart() -> None:
    """Two roles with no edges, one admin-equivalent: never one node."""
    groups, _ = group_principals(["a", "b"], [], lambda n: n == "a")
    assert groups == [["a"], ["b"]]


@pytest.mark.parametrize("seed", range(40))
def test_random_graphs_read_back_exactly(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"p{i}" for i in range(rng.randrange(2, 14))]
    techniques = ["assume-role", "passrole-ec2", "put-role-policy"]
    edges = [edge(s, t, rng.choice(techniques)) for s in nodes for t in nodes
             if rng.random() < rng.choice([0.1, 0.5, 0.9])]
    groups, found = group_principals(nodes, edges, lambda n: 0)
    assert sorted(n for g in groups for n in g) == sorted(nodes)
    assert expand(groups, found) == {(e.source, e.target, e.technique) for e in edges}
