"""How a replay gets into a role where a path starts (docs/paths.md, "A path that starts at
a role").

Steps never start as a role: they sign in, or take credentials that AWS hands out. So a path
from a role first needs a session of that role, found in this order:

1. a user of the world who becomes the role by assuming roles only (who-can-assume's shortest
   ways, then users by ARN): sign in as the user, then one `assume-role` per hop;
2. an instance profile that holds the role, when the role's trust lets EC2 in (SVC-05):
   `instance-credentials` (an instance of the world launched with it, when there is one);
3. a service the role's trust lets in with no condition to meet (TP-01):
   `service-assume-role`, the service's session standing in for the role's;
4. only when there is none of these: a user who becomes the role another way (an escalation
   of its own), the shortest; searched from every user, so not beyond MAX_SOURCES users (the
   world builder's limit for "who can become it").

When none of these exists, nobody in the world can become the role and `EntryError` says so in
one line, naming it. Pure: decides nothing at run time (`rolesim run` does).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from rolesim.core.analysis.paths import Edge, Graph, reach
from rolesim.core.analysis.paths.summary import MAX_SOURCES
from rolesim.core.analysis.who_can_assume import who_can_assume

EC2 = "ec2.amazonaws.com"


class EntryError(ValueError):
    """Nobody in the world can become the role (one line naming it)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """The way into a role: `user` and its `hops` (assume-role or other techniques), or an
    `instance_profile` (and `instance_id`), or a `service`."""

    role: str
    user: str = ""
    hops: tuple[Edge, ...] = ()
    instance_profile: str = ""
    instance_id: str = ""
    service: str = ""


def entries(graph: Graph, role: str) -> Iterator[Entry]:
    """Every way into `role` a replay can take, simplest first (the order of the module's
    docstring), found as they are asked for: the users who assume their way in come from the
    backward search of who-can-assume (candidates from trust policies, not every user), and
    the users' own escalations are searched only when there is no other way. EntryError, when
    first asked, when there is none."""
    world = graph.world
    assumers = who_can_assume(world, role, graph.now)
    found = False
    for path in sorted((p for p in assumers if p.kind == "user"),
                       key=lambda p: (len(p.hops), p.principal)):
        hops = _edges_along(graph, path.path)
        if hops is not None:
            found = True
            yield Entry(role, user=path.principal, hops=hops)
    services = sorted(p.principal for p in assumers
                      if p.kind == "service" and len(p.hops) == 1
                      and (p.principal == EC2 or not p.hops[0].requires))  # EC2: an instance
    profiles = sorted(arn for arn, ip in world.instance_profiles.items() if ip.role == role)
    if EC2 in services and profiles:
        found = True
        launched = sorted((i.id, i.instance_profile) for i in world.instances.values()
                          if i.instance_profile in profiles)
        if launched:
            yield Entry(role, instance_profile=launched[0][1], instance_id=launched[0][0])
        else:
            yield Entry(role, instance_profile=profiles[0])
    for service in services:
        if service != EC2 or not profiles:
            found = True
            yield Entry(role, service=service)
    if found:
        return
    if len(world.users) > MAX_SOURCES:
        raise EntryError(
            f"no user can assume {_name(role)} and its trust lets in no instance profile or "
            f"AWS service; with {len(world.users):,} users, each one's own escalations are not "
            "searched for a way in (start from a user: rolesim paths --from USER --to ROLE)")
    escalations = sorted((len(way), user, way) for user in world.users
                         if (way := reach(graph, user).get(role)) is not None)
    for _, user, way in escalations:
        yield Entry(role, user=user, hops=way)
    if escalations:
        return
    providers = sorted({_name(p.principal) for p in assumers if p.kind == "provider"})
    if providers:
        raise EntryError(
            f"only users federated through {', '.join(providers)} can become {_name(role)}, "
            "and a replay cannot start as one: nobody else in this world can, so start "
            "from a user")
    raise EntryError(
        f"nobody in this world can become {_name(role)}: no user can assume or reach it "
        "and its trust lets in no instance profile or AWS service, so its path has no "
        "first step (give a user a way in, or start from a user)")


def _edges_along(graph: Graph, chain: tuple[str, ...]) -> tuple[Edge, ...] | None:
    """The graph's assume-role edges along `chain` (principal, role, role...), or None when
    one is missing (the two analyses disagree: that way is not offered)."""
    hops: list[Edge] = []
    for caller, role in itertools.pairwise(chain):
        edge = next((e for e in graph.edges(caller)
                     if e.target == role and e.technique == "assume-role"), None)
        if edge is None:
            return None
        hops.append(edge)
    return tuple(hops)


def _name(arn: str) -> str:
    return arn.split(":", 5)[-1]
