"""`graph` past --max-edges on worlds with look-alike roles: it asks one or two members of each
class of look-alike targets, and the groups it draws, read back as "every member can become
every member of the other group" (each other member, within a group), give exactly the edges
that asking about every principal gives (tests/core/test_paths_groups.py's reading).

The random worlds mix look-alike roles with what tells them apart: a policy naming one of
them, a wildcard matching some (`role/app-1*` matches app-1 and app-10, not app-2), a trust
naming one user, a policy naming the role itself (`role/${aws:username}` is PV-05's: no value
for a role). TP-09: a trust naming the account lets in a principal of that account only when
its identity policy allows sts:AssumeRole too.
"""

from __future__ import annotations

import glob
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rolesim.core.analysis.paths import Graph
from rolesim.core.analysis.paths.alike import target_classes
from rolesim.core.analysis.paths.grouped import TooManyToGroup, grouped_graph
from rolesim.core.clock import DEFAULT_START
from rolesim.core.world import World
from rolesim.scenario.build import build_world
from rolesim.scenario.importer.detect import load_any
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import start_time
from tests.core.test_paths_groups import expand

A = "111111111111"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def trust(principal: dict[str, str]) -> str:
    return doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})


ROOT = {"AWS": f"arn:aws:iam::{A}:root"}
IDENTITY = [
    allow("sts:AssumeRole"), allow("sts:AssumeRole", f"arn:aws:iam::{A}:role/app-1*"),
    allow("iam:CreateAccessKey"), allow(["iam:PassRole", "ec2:RunInstances"]),
    allow("iam:UpdateAssumeRolePolicy", f"arn:aws:iam::{A}:role/app-*"),
    allow("iam:PutRolePolicy", f"arn:aws:iam::{A}:role/${{aws:username}}"),
    allow("s3:GetObject"), allow("iam:AttachRolePolicy", "{own}"),
    allow("sts:AssumeRole", f"arn:aws:iam::{A}:role/app-3"),
]


def random_world(rng: random.Random) -> World:
    users = [{"arn": f"arn:aws:iam::{A}:user/u{i}", "inline": {"p": doc(*rng.sample(
        IDENTITY, rng.randrange(1, 4))).replace("{own}", f"arn:aws:iam::{A}:user/u{i}")}}
             for i in range(rng.randrange(1, 4))]
    trusts = [trust(ROOT), trust(ROOT), trust({"Service": "ec2.amazonaws.com"}),
              trust({"AWS": users[0]["arn"]})]
    templates = [(rng.choice(trusts), rng.sample(IDENTITY, rng.randrange(0, 3)))
                 for _ in range(rng.randrange(1, 4))]
    roles = []
    for i in range(rng.randrange(3, 14)):
        arn = f"arn:aws:iam::{A}:role/app-{i}"
        role_trust, statements = rng.choice(templates)
        text = doc(*statements).replace("{own}", arn) if statements else None
        roles.append({"arn": arn, "trust": role_trust, **({"inline": {"p": text}} if text else {})})
    data = {"format": 1, "title": "look-alike roles", "accounts": [{"id": A, "name": "one"}],
            "users": users, "roles": roles}
    return build_world(load_scenario_text(tomli_w.dumps(data)))


def every_edge(graph: Graph, escalation: bool) -> set[tuple[str, str, str]]:
    """Every principal asked about every other: what `graph` draws when the world is small."""
    out: set[tuple[str, str, str]] = set()
    for arn in graph.principals():
        admin = graph.admin(arn) is not None
        for e in graph.edges(arn):
            plain = e.technique == "assume-role"
            if (plain and not escalation) or (not plain and not admin):
                out.add((e.source, e.target, e.technique))
        if not admin:
            out |= {(arn, arn, e.technique) for e in graph.grants_for(arn, arn)}
    return out


def drawn_by(escalation: bool) -> Callable[[str, bool], bool]:
    def drawn(technique: str, admin: bool) -> bool:
        plain = technique == "assume-role"
        return (plain and not escalation) or (not plain and not admin)
    return drawn


@pytest.mark.parametrize("seed", range(60))
def test_grouped_graphs_of_look_alike_roles_read_back_exactly(seed: int) -> None:
    rng = random.Random(seed)
    world = random_world(rng)
    escalation = seed % 3 == 0
    found = grouped_graph(Graph(world, DEFAULT_START), drawn_by(escalation), escalation,
                          lambda n, admin: admin)
    full = Graph(world, DEFAULT_START)
    edges = every_edge(full, escalation)
    assert expand(found.groups, found.group_edges) == edges
    assert found.edges == len(edges)
    members = [arn for group in found.groups for arn in group]
    assert len(members) == len(set(members)) == found.principals
    for i, group in enumerate(found.groups):
        assert {full.admin(arn) is not None for arn in group} == {i in found.admin}
    if not escalation:
        assert sorted(members) == sorted(full.principals())


def roles_world(roles: list[dict[str, Any]], users: list[dict[str, Any]] | None = None) -> World:
    data = {"format": 1, "title": "t", "accounts": [{"id": A, "name": "one"}],
            "users": users or [], "roles": roles}
    return build_world(load_scenario_text(tomli_w.dumps(data)))


def role(name: str, **extra: Any) -> dict[str, Any]:
    return {"arn": f"arn:aws:iam::{A}:role/{name}", "trust": trust(ROOT), **extra}


def names(classes: list[list[str]]) -> list[list[str]]:
    return [[arn.rsplit("/", 1)[1] for arn in members] for members in classes]


def test_look_alike_roles_are_one_class_even_when_their_own_permissions_differ() -> None:
    """A caller's edge to a role depends on its trust and its name, not on what it may do."""
    world = roles_world([role("app-1", inline={"p": doc(allow("s3:GetObject"))}),
                         role("app-2"), role("app-3", inline={"p": doc(allow("*"))})])
    assert names(target_classes(world)) == [["app-1", "app-2", "app-3"]]


def test_a_policy_naming_one_role_or_a_wildcard_matching_some_tells_them_apart() -> None:
    named = doc(allow("sts:AssumeRole", f"arn:aws:iam::{A}:role/app-2"))
    world = roles_world([role("app-1"), role("app-2"), role("app-3")],
                        [{"arn": f"arn:aws:iam::{A}:user/u", "inline": {"p": named}}])
    assert names(target_classes(world))[1:] == [["app-1", "app-3"], ["app-2"]]
    some = doc(allow("sts:AssumeRole", f"arn:aws:iam::{A}:role/app-1*"))
    world = roles_world([role("app-1"), role("app-10"), role("app-2")],
                        [{"arn": f"arn:aws:iam::{A}:user/u", "inline": {"p": some}}])
    assert names(target_classes(world))[1:] == [["app-1"], ["app-10"], ["app-2"]]


def test_a_trust_that_names_another_principal_or_differs_splits() -> None:
    other = trust({"AWS": f"arn:aws:iam::{A}:user/u"})
    world = roles_world([role("a"), role("b", trust=other), role("c")],
                        [{"arn": f"arn:aws:iam::{A}:user/u"}])
    assert names(target_classes(world))[1:] == [["a", "c"], ["b"]]


def test_too_many_classes_are_refused_before_any_question() -> None:
    """Each role tagged its own way: 600 classes of one, 601 x 600 questions."""
    world = roles_world([role(f"r{i}", tags={"n": str(i)}) for i in range(600)])
    graph = Graph(world, DEFAULT_START)
    with pytest.raises(TooManyToGroup) as refused:
        grouped_graph(graph, drawn_by(False), False, lambda n, admin: admin)
    assert (refused.value.classes, refused.value.principals) == (600, 600)
    assert graph.budget.checks == 0


LESSONS = sorted(glob.glob("rolesim/lessons/*.toml"))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.rsplit("/", 1)[1][:2])
def test_grouped_graphs_of_every_lesson_read_back_exactly(lesson: str) -> None:
    """Functions, instances, boundaries, SCPs, other accounts, session tags: every lesson's
    world grouped (as `graph --max-edges 1` would) reads back as its edges asked one by one."""
    scenario = load_any(Path(lesson))
    world = build_world(scenario)
    for escalation in (False, True):
        found = grouped_graph(Graph(world, start_time(scenario)), drawn_by(escalation),
                              escalation, lambda n, admin: admin)
        edges = every_edge(Graph(world, start_time(scenario)), escalation)
        assert expand(found.groups, found.group_edges) == edges


# -- look-alike users and policy variables ---------------------------------------------------
# PV-01: `${aws:username}` is the caller's own user name (ID-12: IAM users only); PV-05: a
# role has none, so for a role `user/${aws:username}` matches nothing. Resolved for each
# caller, a pattern that names the caller itself tells no two other users apart; one that
# names someone else (a tag, PV-04's `${aws:PrincipalTag/...}`) or a prefix of several
# (`user/${aws:username}*`: u1 matches u1, u10 and u11) must still split. PL-01: under
# Version 2008-10-17 `${aws:username}` is literal text.

USER_VARIABLES = [
    allow(["iam:CreateAccessKey", "iam:CreateLoginProfile"],
          f"arn:aws:iam::{A}:user/${{aws:username}}"),
    allow("iam:PutUserPolicy", f"arn:aws:iam::{A}:user/${{aws:username}}"),
    allow("iam:CreateAccessKey", f"arn:aws:iam::{A}:user/${{aws:PrincipalTag/buddy}}"),
    allow("iam:CreateAccessKey", f"arn:aws:iam::{A}:user/${{aws:username}}*"),
    allow("sts:AssumeRole", f"arn:aws:iam::{A}:role/${{aws:username}}"),
    allow("iam:CreateAccessKey", "arn:aws:iam::${aws:PrincipalAccount}:user/*"),
    allow("iam:CreateLoginProfile", f"arn:aws:iam::{A}:user/${{aws:PrincipalTag/team, 'u2'}}"),
    allow("sts:AssumeRole"),
]


USER_NAMES = ["u0", "u1", "u2", "u10", "u11", "u20", "u1x", "dev", "dev-2", "qa"]
"""Some names the start of others: u1's `user/u1*` matches u10, u11 and u1x, not u2."""


def user_world(rng: random.Random) -> World:
    """Look-alike users in one group (a few with a `buddy` tag naming another user, a few
    with a console password), the group's policy drawn from USER_VARIABLES, sometimes under
    the old version; roles named like some users, which `role/${aws:username}` then names."""
    chosen = rng.sample(USER_NAMES, rng.randrange(3, len(USER_NAMES) + 1))
    version = "2008-10-17" if rng.random() < 0.15 else "2012-10-17"
    group_doc = json.dumps({"Version": version, "Statement": rng.sample(
        USER_VARIABLES, rng.randrange(1, 4))})
    users = []
    for name in chosen:
        user: dict[str, Any] = {"arn": f"arn:aws:iam::{A}:user/{name}",
                                "groups": [f"arn:aws:iam::{A}:group/staff"]}
        if rng.random() < 0.2:
            user["tags"] = {"buddy": rng.choice(chosen)}
        if rng.random() < 0.2:
            user["login_profile"] = True
        if rng.random() < 0.3:
            user["inline"] = {"own": doc(rng.choice(USER_VARIABLES))}
        users.append(user)
    roles = [{"arn": f"arn:aws:iam::{A}:role/{name}", "trust": trust(ROOT)}
             for name in rng.sample(["app-0", "app-1", "u1", "u2"], rng.randrange(1, 4))]
    data = {"format": 1, "title": "look-alike users", "accounts": [{"id": A, "name": "one"}],
            "groups": [{"arn": f"arn:aws:iam::{A}:group/staff", "inline": {"p": group_doc}}],
            "users": users, "roles": roles}
    return build_world(load_scenario_text(tomli_w.dumps(data)))


@pytest.mark.parametrize("seed", range(60))
def test_grouped_graphs_of_look_alike_users_with_variables_read_back_exactly(seed: int) -> None:
    rng = random.Random(1000 + seed)
    world = user_world(rng)
    escalation = seed % 3 == 0
    found = grouped_graph(Graph(world, DEFAULT_START), drawn_by(escalation), escalation,
                          lambda n, admin: admin)
    edges = every_edge(Graph(world, DEFAULT_START), escalation)
    assert expand(found.groups, found.group_edges) == edges
    assert found.edges == len(edges)


def users_world(policy: dict[str, Any], count: int = 5, **extra: Any) -> World:
    data = {"format": 1, "title": "t", "accounts": [{"id": A, "name": "one"}],
            "groups": [{"arn": f"arn:aws:iam::{A}:group/staff", "inline": {"p": doc(policy)}}],
            "users": [{"arn": f"arn:aws:iam::{A}:user/u{i}",
                       "groups": [f"arn:aws:iam::{A}:group/staff"], **extra.get(f"u{i}", {})}
                      for i in range(count)]}
    return build_world(load_scenario_text(tomli_w.dumps(data)))


def grouped_classes(world: World) -> list[list[str]]:
    graph = Graph(world, DEFAULT_START)
    return names(target_classes(world, lambda arn: graph.candidate(arn).context))  # type: ignore[union-attr]


def test_a_policy_naming_each_user_itself_leaves_them_alike() -> None:
    """`user/${aws:username}` names the caller itself: no caller can tell two others apart."""
    own = allow("iam:CreateAccessKey", f"arn:aws:iam::{A}:user/${{aws:username}}")
    assert grouped_classes(users_world(own)) == [["u0", "u1", "u2", "u3", "u4"]]
    # read loosely (no caller's keys given), as before: each user a class of its own
    assert names(target_classes(users_world(own))) == [["u0"], ["u1"], ["u2"], ["u3"], ["u4"]]


def test_a_variable_naming_another_user_or_several_still_splits() -> None:
    """u0's tag names u3, so u0 may make u3's keys and not u1's: u3 leaves the class (u0 is
    apart by its tag already). `user/u1*`, u1's reading of `user/${aws:username}*`, matches
    u10 and u11 and not u2: a class split is split whole."""
    buddy = allow("iam:CreateAccessKey", f"arn:aws:iam::{A}:user/${{aws:PrincipalTag/buddy}}")
    classes = grouped_classes(users_world(buddy, u0={"tags": {"buddy": "u3"}}))
    assert classes == [["u0"], ["u1", "u2", "u4"], ["u3"]]
    prefix = allow("iam:CreateAccessKey", f"arn:aws:iam::{A}:user/${{aws:username}}*")
    assert grouped_classes(users_world(prefix, 12)) == [[f"u{i}"] for i in range(12)]
    assert grouped_classes(users_world(prefix, 10)) == [[f"u{i}" for i in range(10)]]
