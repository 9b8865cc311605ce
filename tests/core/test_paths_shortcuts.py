"""Two answers the path search gives without asking the evaluator, because the evaluator could
only give one answer (benchmarks/bench_paths.py: `paths --admin` on 5,000 roles made ~150,000
decisions, most of them these):

* a request that no identity Allow statement names, in the caller's own account with no
  resource policy, is implicitly denied (EV-01), whatever values are proposed for the keys the
  caller controls: `user/${aws:username}` names no role (PV-05);
* a principal with no boundary, SCP or session policy, none of whose statements denies an
  action of the admin sample, is admin-equivalent once a policy allowing everything is added
  (EV-02: only a deny, a boundary (EV-10) or an SCP (ORG-02) could refuse).

Each is checked against the evaluator's own answer on every shipped lesson.
"""

from __future__ import annotations

import dataclasses
import glob
import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rolesim.core.analysis.paths import Graph
from rolesim.core.analysis.paths import ask as ask_module
from rolesim.core.analysis.paths import edges as edges_module
from rolesim.core.analysis.paths.ask import Ask, allowed
from rolesim.core.analysis.paths.edges import GRANT_ACTIONS
from rolesim.core.analysis.paths.techniques import ADMIN_SAMPLE
from rolesim.core.clock import DEFAULT_START
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.world import World
from rolesim.scenario.build import build_world
from rolesim.scenario.importer.detect import load_any
from rolesim.scenario.load import load_scenario_text

A = "111111111111"
LESSONS = sorted(glob.glob("rolesim/lessons/*.toml"))


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def world_of(roles: list[dict[str, Any]]) -> World:
    return build_world(load_scenario_text(tomli_w.dumps({
        "format": 1, "title": "shortcuts", "accounts": [{"id": A, "name": "one"}],
        "policies": [{"arn": f"arn:aws:iam::{A}:policy/s3-only", "document": doc(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"})}],
        "users": [{"arn": f"arn:aws:iam::{A}:user/dev"}], "roles": roles})))


def role(name: str, *statements: dict[str, Any], boundary: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"arn": f"arn:aws:iam::{A}:role/{name}",
                           "trust": doc({"Effect": "Allow", "Principal": {"AWS": A},
                                         "Action": "sts:AssumeRole"})}
    if statements:
        out["inline"] = {"p": doc(*statements)}
    if boundary is not None:
        out["boundary"] = boundary
    return out


def test_a_resource_naming_the_callers_own_user_name_is_not_asked_about_for_a_role(
        decisions: list[int]) -> None:
    """PV-05: for a role session ${aws:username} has no value, so `user/${aws:username}`
    matches nothing: app-giver cannot attach or put a policy on app-target, and the
    evaluator is not asked twice to say so."""
    world = world_of([
        role("giver", {"Effect": "Allow", "Action": "iam:*",
                       "Resource": f"arn:aws:iam::{A}:user/${{aws:username}}"}),
        role("target")])
    graph = Graph(world, DEFAULT_START)
    assert graph.grants_for(f"arn:aws:iam::{A}:role/giver", f"arn:aws:iam::{A}:role/target") == []
    assert decisions[0] == 0


def test_a_variable_the_caller_controls_is_still_asked_about(decisions: list[int]) -> None:
    """A Resource whose variable is a session tag (a key the caller sets, TAG-06) may match
    once a value is proposed: that request goes to the evaluator."""
    world = world_of([
        role("giver", {"Effect": "Allow", "Action": "iam:PutRolePolicy",
                       "Resource": f"arn:aws:iam::{A}:role/${{aws:RequestTag/team}}"}),
        role("target")])
    graph = Graph(world, DEFAULT_START)
    graph.grants_for(f"arn:aws:iam::{A}:role/giver", f"arn:aws:iam::{A}:role/target")
    assert decisions[0] >= 1


def test_admin_with_everything_added_is_decided_without_the_evaluator_only_when_nothing_caps(
        decisions: list[int]) -> None:
    """EV-02, EV-10: a Deny on iam:* or a boundary allowing only s3 stops a policy allowing
    everything from making the role admin; with neither, it is admin as it stands."""
    world = world_of([
        role("plain", {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
        role("denied", {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}),
        role("bounded", boundary=f"arn:aws:iam::{A}:policy/s3-only")])
    graph = Graph(world, DEFAULT_START)
    assert graph._is_admin_with_everything(f"arn:aws:iam::{A}:role/plain") == ()
    assert decisions[0] == 0
    assert graph._is_admin_with_everything(f"arn:aws:iam::{A}:role/denied") is None
    assert graph._is_admin_with_everything(f"arn:aws:iam::{A}:role/bounded") is None
    assert decisions[0] > 0


def test_a_giver_naming_no_permission_changing_action_is_not_asked_what_a_grant_would_do(
        decisions: list[int]) -> None:
    """Every grant (attach, put, a policy version, a boundary removed, a group joined) needs
    one of GRANT_ACTIONS, which no Allow of this role names (EV-01: implicit deny): it gives
    itself nothing, and whether one more policy would make it admin (a boundary caps it here,
    EV-10, so the evaluator would be asked) is not worked out. `rolesim graph` asked it of
    each of 5,000 roles (benchmarks: a third of its time on big-nocalls.toml)."""
    world = world_of([
        role("reader", {"Effect": "Allow", "Action": ["s3:GetObject", "iam:Get*"],
                        "Resource": "*"}, boundary=f"arn:aws:iam::{A}:policy/s3-only")])
    graph = Graph(world, DEFAULT_START)
    reader = f"arn:aws:iam::{A}:role/reader"
    assert graph.grants_for(reader, reader) == []
    assert decisions[0] == 0 and reader not in graph._raisable


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: Path(p).stem)
def test_the_shortcuts_agree_with_the_evaluator_on_every_lesson(
        lesson: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every principal, every permission-changing action on every principal, group and policy
    of the world and the admin sample on `*`: the pre-check refuses only what the evaluator
    refuses; the admin shortcut says () only where the evaluator does."""
    world = build_world(load_any(Path(lesson)))
    graph = Graph(world, DEFAULT_START)
    targets = [*graph.principals(), *world.groups, *world.policies, "*"]
    asks = [(action, target) for action in (*GRANT_ACTIONS, *ADMIN_SAMPLE) for target in targets]
    for arn in graph.principals():
        me = graph.candidate(arn)
        assert me is not None
        fast = [allowed(me, Ask(a, t, me.caller.account), graph.base) for a, t in asks]
        with monkeypatch.context() as patched:
            patched.setattr(ask_module, "_may_be_allowed", lambda *_args: True)
            full = [allowed(me, Ask(a, t, me.caller.account), graph.base) for a, t in asks]
            extra = AttachedPolicy(edges_module._allow_everything(), PolicyType.IDENTITY, "all")
            raised = graph._is_admin(me, dataclasses.replace(
                me.policies, identity=[*me.policies.identity, extra]))
        assert fast == full, arn
        if edges_module._only_a_deny_could_refuse(me.policies):
            assert raised == (), arn
