"""Attack paths on a world of hundreds of roles trusting the account root (a common shape in
real accounts): the search asks the engine only about what it still needs, so the work grows
with the roles, not with their square, and the answers are the ones the full graph gives.

TP-09: a trust policy naming the account root lets in a principal of that account only when
its own identity policy allows sts:AssumeRole on the role as well.
"""

from __future__ import annotations

import glob
import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rolesim.core.analysis.paths import Graph, find_paths
from rolesim.core.analysis.paths.budget import Budget, BudgetExceeded
from rolesim.core.clock import DEFAULT_START
from rolesim.core.world import World
from rolesim.scenario.build import build_world
from rolesim.scenario.importer.detect import load_any
from rolesim.scenario.load import load_scenario_text

A = "111111111111"
USER = f"arn:aws:iam::{A}:user/admin"
ROLES = 300
GIVER = f"arn:aws:iam::{A}:role/app-0007"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def role_arn(i: int) -> str:
    return f"arn:aws:iam::{A}:role/app-{i:04d}"


def big_world(roles: int = ROLES) -> World:
    return build_world(load_scenario_text(big_scenario(roles)))


def big_scenario(roles: int = ROLES) -> str:
    """A user who may assume any role; `roles` roles trusting the account root, each allowed
    sts:AssumeRole on every role (so each can become each other: roles x roles edges), and
    app-0007 also allowed iam:PutRolePolicy (it can make any role of the account admin)."""
    assume = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}
    trust = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
                 "Action": "sts:AssumeRole"})
    data: dict[str, Any] = {
        "format": 1, "title": "many roles trusting the account root",
        "accounts": [{"id": A, "name": "big"}],
        "users": [{"arn": USER, "inline": {"assume": doc(assume)}}],
        "roles": [{"arn": role_arn(i), "trust": trust,
                   "inline": {"work": doc(assume, {"Effect": "Allow", "Action": "s3:GetObject",
                                                   "Resource": "*"})}}
                  for i in range(roles)],
    }
    data["roles"][7]["inline"]["grant"] = doc(
        {"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*"})
    return tomli_w.dumps(data)


@pytest.fixture(scope="module")
def world() -> World:
    return big_world()


def warmed(world: World) -> Graph:
    """A graph with every principal's edges made up front: the search then reads the full
    lists, which is how it worked before it asked only for what it needs."""
    graph = Graph(world, DEFAULT_START)
    for arn in graph.principals():
        graph.edges(arn)
    return graph


def test_to_one_role_among_300_asks_about_each_role_about_once(
        world: World, decisions: list[int]) -> None:
    """TP-09: the user's identity allow and the trust naming the account let it in: one
    AssumeRole hop; app-0007's iam:PutRolePolicy then makes the role admin-equivalent. The
    engine decides a few requests per role (each role's admin verdict, the user's hop to
    it), not one per pair of roles (300 x 300 = 90,000, as it did before)."""
    target = role_arn(123)
    found = find_paths(world, USER, target)
    assert [[(h.source, h.target, h.technique) for h in p.hops] for p in found] == [
        [(USER, target, "assume-role")],
        [(USER, target, "assume-role"), (GIVER, target, "put-role-policy")]]
    assert [p.admin for p in found] == [False, True]
    assert decisions[0] < 10 * ROLES


def test_admin_among_300_roles_every_role_by_the_giver(world: World,
                                                       decisions: list[int]) -> None:
    """No role is admin as it stands; app-0007 may put an inline policy on any role of its
    account (iam:PutRolePolicy on *), so every role the user reaches ends admin-equivalent
    through it: 300 paths, each the user's AssumeRole then app-0007's PutRolePolicy."""
    found = find_paths(world, USER, admin_only=True)
    assert len(found) == ROLES
    assert all(p.admin and [h.technique for h in p.hops] == ["assume-role", "put-role-policy"]
               for p in found)
    assert {p.hops[-1].source for p in found} == {GIVER}
    assert decisions[0] < 30 * ROLES


@pytest.mark.parametrize("admin_only", [False, True])
def test_same_answers_as_the_full_graph_on_a_mid_size_world(world: World,
                                                            admin_only: bool) -> None:
    sources = [USER, role_arn(0), GIVER]
    for source in sources:
        for target in (None if admin_only else role_arn(42),):
            lazy = find_paths(world, source, target, admin_only=admin_only)
            full = find_paths(world, source, target, admin_only=admin_only,
                              graph=warmed(world))
            assert lazy == full and lazy


LESSONS = sorted(glob.glob("rolesim/lessons/*.toml"))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: Path(p).stem)
def test_same_answers_as_the_full_graph_on_every_lesson(lesson: str) -> None:
    """Every source, to every other principal and to admin-equivalence: the search that asks
    only for what it needs finds exactly the paths the full graph gives."""
    world = build_world(load_any(Path(lesson)))
    full = warmed(world)
    principals = full.principals()
    for source in principals:
        lazy = Graph(world, DEFAULT_START)
        for target in [None, *[p for p in principals if p != source]]:
            assert find_paths(world, source, target, graph=lazy) == find_paths(
                world, source, target, graph=full), (source, target)
        assert find_paths(world, source, admin_only=True, graph=Graph(
            world, DEFAULT_START)) == find_paths(world, source, admin_only=True, graph=full)


def test_a_budget_stops_the_search_with_what_it_did(world: World) -> None:
    graph = Graph(world, DEFAULT_START, Budget(seconds=0.0))
    with pytest.raises(BudgetExceeded) as stopped:
        find_paths(world, role_arn(0), admin_only=True, graph=graph)
    assert stopped.value.checks >= 64 and "checks" in str(stopped.value)


def test_a_long_search_reports_progress(world: World) -> None:
    seen: list[int] = []
    graph = Graph(world, DEFAULT_START, Budget(progress=lambda n, _t: seen.append(n), every=0))
    find_paths(world, USER, admin_only=True, graph=graph)
    assert seen and seen == sorted(seen) and seen[-1] <= graph.budget.checks
