"""How a replay gets into a role where a path starts (docs/paths.md, "A path that starts at
a role").

Steps never start as a role: they sign in, or take credentials that AWS hands out. So a path
from a role first needs a session of that role, found in this order:

1. a user of the world who becomes the role by assuming roles only (the shortest such way,
   then the first user by ARN): sign in as the user, then one `assume-role` per hop;
2. an instance profile that holds the role, when the role's trust lets EC2 in (SVC-05):
   `instance-credentials` (an instance of the world launched with it, when there is one);
3. a service the role's trust lets in with no condition to meet (TP-01):
   `service-assume-role`, the service's session standing in for the role's;
4. a user who becomes the role another way (an escalation of its own), the shortest.

When none of these exists, nobody in the world can become the role and `EntryError` says so in
one line, naming it. Pure: decides nothing at run time (`rolesim run` does).
"""

from __future__ import annotations

from dataclasses import dataclass

from rolesim.core.analysis.paths import Edge, Graph, reach
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


def entries(graph: Graph, role: str) -> list[Entry]:
    """Every way into `role` a replay can take, simplest first (the order of the module's
    docstring); EntryError when there is none."""
    world = graph.world
    plain: list[tuple[int, str, tuple[Edge, ...]]] = []
    other: list[tuple[int, str, tuple[Edge, ...]]] = []
    for user in sorted(world.users):
        way = reach(graph, user).get(role)
        if way is not None:
            only_assume = all(hop.technique == "assume-role" for hop in way)
            (plain if only_assume else other).append((len(way), user, way))
    out = [Entry(role, user=user, hops=way)
           for _, user, way in sorted(plain, key=lambda found: found[:2])]
    assumers = who_can_assume(world, role, graph.now)
    services = sorted(p.principal for p in assumers
                      if p.kind == "service" and len(p.hops) == 1
                      and (p.principal == EC2 or not p.hops[0].requires))  # EC2: an instance
    profiles = sorted(arn for arn, ip in world.instance_profiles.items() if ip.role == role)
    if EC2 in services and profiles:
        launched = sorted((i.id, i.instance_profile) for i in world.instances.values()
                          if i.instance_profile in profiles)
        out += [Entry(role, instance_profile=profile, instance_id=instance)
                for instance, profile in launched[:1]] or [
                    Entry(role, instance_profile=profiles[0])]
    out += [Entry(role, service=service) for service in services
            if service != EC2 or not profiles]
    out += [Entry(role, user=user, hops=way)
            for _, user, way in sorted(other, key=lambda found: found[:2])]
    providers = sorted({_name(p.principal) for p in assumers if p.kind == "provider"})
    if not out and providers:
        raise EntryError(
            f"only users federated through {', '.join(providers)} can become {_name(role)}, "
            "and a replay cannot start as one: nobody else in this world can, so start "
            "from a user")
    if not out:
        raise EntryError(
            f"nobody in this world can become {_name(role)}: no user can assume or reach it "
            "and its trust lets in no instance profile or AWS service, so its path has no "
            "first step (give a user a way in, or start from a user)")
    return out


def _name(arn: str) -> str:
    return arn.split(":", 5)[-1]
