"""One attack path as scenario steps, so a trainer can replay an escalation and a learner can
step through it (docs/paths.md, "Replaying a path").

`path_steps` is pure: it reads the path's hops (and, for a change made by a principal the path
does not pass through, that principal's own way there) and returns TOML-shaped step tables in
the step vocabulary of docs/scenario-format.md. It starts by signing in as the path's user;
each hop becomes the requests the technique makes, made by the caller (`by = "caller"` on the
steps that change the world), each expected to succeed and noted with the technique; the last
step is a call that shows the gain. Nothing here runs a step: `rolesim run` decides them.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Mapping
from typing import Any

from rolesim.core.analysis.paths import Edge, Graph, Path
from rolesim.core.analysis.paths.techniques import ADMIN_POLICY_ARN, PASS_ROLE_SERVICES
from rolesim.core.world import World
from rolesim.scenario.path_entry import Entry, EntryError, entries
from rolesim.scenario.steps import Step

StepData = dict[str, Any]

SESSION_NAME = "rolesim-path"
INLINE_NAME = "rolesim-path-admin"
ALLOW_ALL: dict[str, Any] = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]}
GAIN_ADMIN = "iam:CreateUser"
"""The first action of the admin sample (techniques.ADMIN_SAMPLE): allowed on `*` only to an
admin-equivalent session, so it shows the gain."""
MAX_WAYS_IN = 3
"""How many ways into a role a path's steps try before saying none replays (each is a replay
of the steps on a copy of the world)."""
GAIN_IDENTITY = "sts:GetCallerIdentity"
"""Needs no permission (ID-10): it shows who the caller now is."""

_QUOTED = re.compile(r"^(external id|source identity|session name) (?:= '(.*)'|\(any value\))$")
_TAG = re.compile(r"^session tag (\S+) = '(.*)'$")
_SERVICES = {spec.technique: spec for spec in PASS_ROLE_SERVICES}


class PathStepsError(ValueError):
    """The path cannot be written as steps (one line saying why)."""


def path_steps(world: World, path: Path,
               ways: Mapping[str, tuple[Edge, ...]] | None = None,
               entry: Entry | None = None) -> list[StepData]:
    """The steps that replay `path`. `ways` (from `search.reach`) gives the way to a principal
    that makes a change without being on the path; without it such a path is refused. A path
    from a role needs `entry` (path_entry.entry_into): how the replay gets a session of it."""
    ways = ways or {}
    if path.source not in world.users:
        if entry is None or entry.role != path.source:
            raise PathStepsError(f"a path from {path.source} cannot be replayed without a way "
                                 "into the role: steps start by signing in as a user")
        if entry.user:  # the user's way in, then the path: one longer path from the user
            path = Path(entry.user, path.target, path.admin, (*entry.hops, *path.hops))
            ways = {entry.user: (), **{arn: (*entry.hops, *way) for arn, way in ways.items()}}
    writer = _Writer(world, path.source, ways)
    steps = writer.start(entry)
    for hop in path.hops:
        steps += writer.hop(hop)
    steps += writer.gain(path)
    return steps


def steps_for(graph: Graph, path: Path,
              ways: Mapping[str, tuple[Edge, ...]] | None = None) -> list[StepData]:
    """The steps that replay `path` from any principal. A path from a role starts with a way
    into the role (path_entry.entries): the first whose steps replay with every expectation
    met, for a way in can carry what a later trust refuses (a source identity: SI-03).
    EntryError when nobody can become the role, or when no way in replays."""
    world = graph.world
    if path.source in world.users:
        return path_steps(world, path, ways)
    first = ""
    for entry in itertools.islice(entries(graph, path.source), MAX_WAYS_IN):
        steps = path_steps(world, path, ways, entry)
        problem = _replay_problem(graph, steps)
        if not problem:
            return steps
        first = first or problem
    raise EntryError(f"no way into {_name(path.source)} replays this path: {first}")


def _replay_problem(graph: Graph, steps: list[StepData]) -> str:
    """The first step of `steps` that does not come out as expected, in words ("" when every
    expectation is met), run on a copy of the world."""
    from rolesim.scenario.model import Scenario
    from rolesim.scenario.runner import replay

    scenario = Scenario(format=1, title="path", start=graph.now, steps=as_steps(steps))
    for result in replay(scenario, world=copy.deepcopy(graph.world)).results:
        if result.met is False:
            return (f"step {result.number} ({result.do}) comes out {result.outcome}"
                    f"{': ' + result.message if result.message else ''}")
    return ""


class _Writer:
    """Keeps who the caller is after each step, and how each principal was reached."""

    def __init__(self, world: World, source: str, ways: Mapping[str, tuple[Edge, ...]]):
        self.world = world
        self.source = source
        self.ways = ways
        self.current = source
        self.reached: dict[str, list[StepData]] = {}

    def start(self, entry: Entry | None = None) -> list[StepData]:
        if entry is not None and not entry.user:
            steps = [_entry_step(entry)]
        else:
            user = self.world.users[self.source]
            where = (f", who can become {_name(entry.role)} where the path starts"
                     if entry is not None else ", where the path starts")
            steps = [_step("sign-in", f"Sign in as {_name(self.source)}{where}.",
                           principal=self.source, **({"mfa": True} if user.mfa else {}))]
        self.reached[self.source] = steps
        self.current = self.source
        return list(steps)

    def hop(self, hop: Edge) -> list[StepData]:
        steps = self._become(hop.source)
        made = self._technique(hop)
        if hop.target != hop.source and hop.target not in self.reached and _moves(hop):
            self.reached[hop.target] = self.reached[hop.source] + made
        if _moves(hop):
            self.current = hop.target
        return steps + made

    def gain(self, path: Path) -> list[StepData]:
        steps = self._become(path.target)
        if path.admin:
            steps.append(_call(GAIN_ADMIN, "*", f"The gain: {_name(path.target)} is now "
                               "admin-equivalent, allowed even to create users."))
        else:
            steps.append(_call(GAIN_IDENTITY, "*", f"The gain: the caller now acts as "
                               f"{_name(path.target)}."))
        return steps

    # -- who the caller is ----------------------------------------------------------------
    def _become(self, arn: str) -> list[StepData]:
        """Steps that make `arn` the caller again, when it is not (a change made by an earlier
        principal of the path, or by one the path does not pass through). A way that passes
        through the caller goes on from its session: its steps up to the caller are taken."""
        if arn == self.current:
            return []
        first = arn not in self.reached
        taken = 0
        if first:
            way = self.ways.get(arn)
            if way is None:
                raise PathStepsError(f"the path does not say how to become {arn}")
            saved = self.current
            self.current = self.source
            for edge in way:
                self.hop(edge)
            self.current = saved
            here = self.reached.get(saved, [])
            steps = self.reached[arn]
            if len(here) < len(steps) and all(
                    a is b for a, b in zip(here, steps[:len(here)], strict=True)):
                taken = len(here)
        self.current = arn
        if first:
            return list(self.reached[arn][taken:])
        return [dict(step, note=f"Again: {step.get('note', '')}") for step in self.reached[arn]]

    # -- one technique --------------------------------------------------------------------
    def _technique(self, hop: Edge) -> list[StepData]:
        t, target = hop.technique, hop.target
        why = f"{t}: {hop.requires[0]}" if hop.requires and t != "assume-role" else t
        if t == "assume-role":
            return [_assume(hop, f"assume-role: {_name(hop.source)} assumes {_name(target)}: "
                                 "the role's trust lets it in and its own policies allow it.")]
        if t == "update-assume-role-policy":
            trust = {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": hop.source},
                "Action": "sts:AssumeRole"}]}
            return [_step("update-trust", f"{why}: the trust now names the caller.",
                          by="caller", role=target, trust=trust),
                    _assume(hop, f"{t}: the caller assumes {_name(target)} through the trust "
                                 "it wrote.")]
        if t in ("create-access-key", "create-login-profile", "update-login-profile"):
            using = "access-key" if t == "create-access-key" else "password"
            return [_step(t, why, user=target),
                    _step("sign-in", f"{t}: sign in as {_name(target)} with the new "
                                     f"{'access key' if using == 'access-key' else 'password'}.",
                          principal=target, using=using)]
        if t == "passrole-ec2":
            return self._ec2(hop, why)
        if t == "passrole-lambda":
            function = hop.via or _function_arn(target)
            return [_step("create-function", why, function=function, role=target),
                    _step("invoke-function", f"{t}: the function runs as {_name(target)}.",
                          function=function)]
        if t in _SERVICES:
            spec = _SERVICES[t]
            resource = hop.via or spec.resource.format(a=target.split(":")[4])
            calls = [_call(a, resource, f"{t}: {a}, one of the calls that hands the role "
                           "to the service.") for a in hop.actions if a != "iam:PassRole"]
            return [*calls, _step("pass-role", why, role=target, service=spec.service),
                    _step("service-assume-role", f"{t}: the service now acts as "
                          f"{_name(target)}; its session stands for what the caller gains.",
                          service=spec.service, role=target)]
        if t == "update-function-code":
            return [_step("update-function-code", why, function=hop.via),
                    _step("invoke-function", f"{t}: the caller's code runs as "
                          f"{_name(target)}.", function=hop.via)]
        if t in ("ssm-send-command", "ssm-start-session"):
            instance = self.world.instances.get(hop.via)
            if instance is None:
                raise PathStepsError(f"{t}: no instance {hop.via} in the world")
            action = "ssm:SendCommand" if t == "ssm-send-command" else "ssm:StartSession"
            return [_call(action, instance.arn, why),
                    _step("instance-credentials", f"{t}: on the instance, read its role's "
                          f"credentials: the caller acts as {_name(target)}.",
                          instance_profile=instance.instance_profile, instance_id=instance.id)]
        return self._grant(hop, why)

    def _ec2(self, hop: Edge, why: str) -> list[StepData]:
        role = hop.target
        if hop.via:
            return [_step("run-instance", why, instance_profile=hop.via),
                    _step("instance-credentials", "passrole-ec2: read the instance's "
                          f"credentials: the caller acts as {_name(role)}.",
                          instance_profile=hop.via)]
        account = role.split(":")[4]
        profile = f"arn:aws:iam::{account}:instance-profile/rolesim-path"
        calls = [_call(a, profile, f"passrole-ec2: {a}: a new instance profile for the role "
                       "(the world has none; the simulator records the permission, not the "
                       "profile).") for a in hop.actions if a.startswith("iam:") and
                 a != "iam:PassRole"]
        return [*calls,
                _call("ec2:RunInstances", f"arn:aws:ec2:us-east-1:{account}:instance/*",
                      why),
                _step("pass-role", "passrole-ec2: pass the role to EC2.", role=role,
                      service="ec2.amazonaws.com"),
                _step("service-assume-role", f"passrole-ec2: EC2 acts as {_name(role)}; its "
                      "session stands for the instance's credentials.",
                      service="ec2.amazonaws.com", role=role)]

    def _grant(self, hop: Edge, why: str) -> list[StepData]:
        t, target = hop.technique, hop.target
        if t in ("attach-user-policy", "attach-role-policy", "attach-group-policy"):
            return [_step("attach-policy", why, by="caller", principal=hop.via or target,
                          policy=ADMIN_POLICY_ARN)]
        if t in ("put-user-policy", "put-role-policy", "put-group-policy"):
            return [_step("put-policy", why, by="caller", principal=hop.via or target,
                          name=INLINE_NAME, document=ALLOW_ALL)]
        if t == "create-policy-version":
            return [_step("create-policy-version", why, policy=hop.via, document=ALLOW_ALL,
                          set_as_default=True)]
        if t == "set-default-policy-version":
            policy, _, version = hop.via.partition(" ")
            return [_step("set-default-policy-version", why, policy=policy, version=version)]
        if t == "delete-permissions-boundary":
            return [_step("set-boundary", why, by="caller", principal=target, policy="")]
        if t == "add-user-to-group":
            return [_step("add-user-to-group", why, user=target, group=hop.via)]
        raise PathStepsError(f"no steps for the technique {t}")


def as_steps(data: list[StepData]) -> list[Step]:
    """The step tables as scenario steps (what the Workspace appends); a step this version
    cannot read raises PathStepsError naming it."""
    from pydantic import TypeAdapter, ValidationError

    adapter: TypeAdapter[Step] = TypeAdapter(Step)
    out: list[Step] = []
    for number, table in enumerate(data, 1):
        try:
            out.append(adapter.validate_python(table))
        except ValidationError as exc:
            problem = exc.errors()[0]
            if problem["type"] == "union_tag_invalid":
                raise PathStepsError(f'step {number}: this version of rolesim has no step '
                                     f'"{table.get("do")}" yet') from None
            where = ".".join(str(p) for p in problem["loc"][1:]) or "do"
            raise PathStepsError(f'step {number} ({table.get("do")}): {where}: '
                                 f'{problem["msg"]}') from None
    return out


def _entry_step(entry: Entry) -> StepData:
    """A session of the path's first role without signing in: an instance's credentials, or
    a service's session (path_entry.entry_into)."""
    role = _name(entry.role)
    if entry.instance_profile:
        where = {"instance_id": entry.instance_id} if entry.instance_id else {}
        return _step("instance-credentials", f"Start as {role}, where the path starts: "
                     "code on an instance launched with its instance profile reads the "
                     "role's credentials.", instance_profile=entry.instance_profile, **where)
    return _step("service-assume-role", f"Start as {role}, where the path starts: "
                 f"{entry.service} takes on the role (its trust lets the service in); the "
                 "service's session stands for the role's.", service=entry.service,
                 role=entry.role)


def _moves(hop: Edge) -> bool:
    """A hop that makes the caller someone else (a change to permissions does not)."""
    return hop.source != hop.target and not _is_grant(hop.technique)


def _is_grant(technique: str) -> bool:
    return technique.startswith(("attach-", "put-", "delete-permissions")) or technique in (
        "create-policy-version", "set-default-policy-version", "add-user-to-group")


def _assume(hop: Edge, note: str) -> StepData:
    keys: dict[str, Any] = {"role": hop.target, "session_name": SESSION_NAME}
    tags: dict[str, str] = {}
    for need in hop.requires:
        if need == "MFA":
            keys["mfa"] = True
        elif (quoted := _QUOTED.match(need)) is not None:
            keys[quoted.group(1).replace(" ", "_")] = quoted.group(2) or SESSION_NAME
        elif (tag := _TAG.match(need)) is not None:
            tags[tag.group(1)] = tag.group(2)
    if tags:
        keys["tags"] = tags
    others = [n for n in hop.requires if n != "MFA" and not _QUOTED.match(n)
              and not _TAG.match(n)]
    if others and hop.technique == "assume-role":
        note += " Needs: " + "; ".join(others) + "."
    return _step("assume-role", note, **keys)


def _step(do: str, note: str, **keys: Any) -> StepData:
    return {"do": do, **keys, "expect": "ok", "note": note}


def _call(action: str, resource: str, note: str) -> StepData:
    return {"do": "call", "action": action, "resource": resource, "expect": "allowed",
            "note": note}


def _function_arn(role: str) -> str:
    return f"arn:aws:lambda:us-east-1:{role.split(':')[4]}:function:rolesim-path"


def _name(arn: str) -> str:
    return arn.split(":", 5)[-1]
