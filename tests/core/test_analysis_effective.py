"""Effective permissions (issue #6): identity, groups, boundaries, session policies, SCPs,
resource-based grants, conditions; what a role session gives up (XA-04)."""

from __future__ import annotations

import dataclasses
import random

import pytest

from rolesim.core.analysis.effective import (
    TRUST_ACTIONS,
    PermissionSet,
    effective_permissions,
    given_up,
    partition,
    trust_probe,
)
from rolesim.core.catalog import get_catalog
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay

A = "111111111111"
B = "222222222222"

WORLD = f"""
format = 1
title = "effective permissions"

[[accounts]]
id = "{A}"
scps = ['''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "*", "Resource": "*"}},
  {{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*"}}]}}''']

[[accounts]]
id = "{B}"

[[policies]]
arn = "arn:aws:iam::{A}:policy/s3-and-ec2-boundary"
document = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": ["s3:*", "ec2:*", "sts:AssumeRole"], "Resource": "*"}}]}}'''

[[groups]]
arn = "arn:aws:iam::{A}:group/readers"
policies = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]

[[users]]
arn = "arn:aws:iam::{A}:user/alice"
groups = ["arn:aws:iam::{A}:group/readers"]
policies = ["arn:aws:iam::aws:policy/AdministratorAccess"]
boundary = "arn:aws:iam::{A}:policy/s3-and-ec2-boundary"

[[users]]
arn = "arn:aws:iam::{A}:user/bob"
groups = ["arn:aws:iam::{A}:group/readers"]
mfa = true
inline.mfa-delete = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::data/*",
    "Condition": {{"Bool": {{"aws:MultiFactorAuthPresent": "true"}}}}}}]}}'''

[[users]]
arn = "arn:aws:iam::{B}:user/carol"
inline.s3 = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}}'''

[[users]]
arn = "arn:aws:iam::{A}:user/dave"

[[roles]]
arn = "arn:aws:iam::{A}:role/Admin"
policies = ["arn:aws:iam::aws:policy/AdministratorAccess"]
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:user/alice"}},
    "Action": "sts:AssumeRole"}}]}}'''

[[resources]]
arn = "arn:aws:s3:::data"
account = "{A}"
policy = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{B}:user/carol"}},
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}},
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:user/dave"}},
    "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data/*"}}]}}'''
"""


def _sim(steps: str):  # type: ignore[no-untyped-def]
    scenario = load_scenario_text(WORLD + steps, "effective.toml")
    return replay(scenario).simulator


def _sign_in(user: str, account: str = A, mfa: bool = False):  # type: ignore[no-untyped-def]
    mfa_text = "true" if mfa else "false"
    return _sim(f'\n[[steps]]\ndo = "sign-in"\nprincipal = "arn:aws:iam::{account}:user/{user}"'
                f"\nmfa = {mfa_text}\n")


def test_ev10_boundary_limits_administrator_access() -> None:
    sim = _sign_in("alice")
    eff = effective_permissions(sim, sim.top)
    assert "s3:PutObject" in eff.allowed
    assert "ec2:RunInstances" in eff.allowed
    assert "iam:CreateUser" not in eff.allowed  # the boundary allows only s3, ec2, AssumeRole
    assert "lambda:InvokeFunction" not in eff.allowed
    assert set(eff.by_service()) == {"s3", "ec2", "sts"}


def test_ev11_scp_deny_removes_one_action() -> None:
    sim = _sign_in("alice")
    eff = effective_permissions(sim, sim.top)
    assert "ec2:TerminateInstances" not in eff.allowed
    assert "ec2:StopInstances" in eff.allowed


def test_group_policy_counts_and_access_levels_are_read_and_list() -> None:
    sim = _sign_in("bob")
    eff = effective_permissions(sim, sim.top)
    s3 = eff.by_service()["s3"]
    assert "s3:GetObject" in {a.full_name for a in s3.actions}
    levels = s3.access_levels
    assert levels["Write"] == 0 and levels["Permissions management"] == 0
    assert levels["Read"] > 0 and levels["List"] > 0


def test_conditions_are_evaluated_not_dropped_mfa() -> None:
    without = _sign_in("bob")
    assert "s3:DeleteObject" not in effective_permissions(without, without.top).allowed
    with_mfa = _sign_in("bob", mfa=True)
    eff = effective_permissions(with_mfa, with_mfa.top)
    assert "s3:DeleteObject" in eff.allowed
    assert eff.resources_for("s3:DeleteObject") == ["arn:aws:s3:::data/*"]


def test_ev04_resource_policy_grant_to_user_counts() -> None:
    sim = _sign_in("dave")  # no identity policy at all
    eff = effective_permissions(sim, sim.top)
    assert eff.scoped() == {"s3:PutObject": ["arn:aws:s3:::data/*"]}
    assert eff.to_json(resources=True)["s3"]["resources"] == eff.scoped()
    assert "s3:PutObject" in eff.allowed
    assert eff.allows("s3:PutObject", "arn:aws:s3:::data/*")
    assert not eff.allows("s3:PutObject", "*")
    assert "s3:GetObject" not in eff.allowed


def test_xa01_cross_account_needs_both_sides() -> None:
    sim = _sign_in("carol", B)
    eff = effective_permissions(sim, sim.top)
    # carol's own policy allows GetObject on *, and the bucket policy grants her GetObject.
    assert eff.allows("s3:GetObject", "arn:aws:s3:::data/*")
    assert "s3:PutObject" not in eff.allowed


def test_get_caller_identity_is_always_allowed_id10() -> None:
    sim = _sign_in("dave")
    eff = effective_permissions(sim, sim.top)
    assert "sts:GetCallerIdentity" in eff.allowed
    assert len(eff.allowed) == 2  # that, and the bucket-policy grant


ASSUME_ADMIN = f"""
[[steps]]
do = "sign-in"
principal = "arn:aws:iam::{A}:user/alice"

[[steps]]
do = "assume-role"
role = "arn:aws:iam::{A}:role/Admin"
session_name = "alice"
"""


def test_sts_assume_role_on_a_role_is_checked_against_its_trust_policy() -> None:
    sim = _sign_in("alice")
    eff = effective_permissions(sim, sim.top)
    # Her identity allows AssumeRole on "*", and Admin's trust names her.
    assert eff.resources_for("sts:AssumeRole") == ["*", f"arn:aws:iam::{A}:role/Admin"]
    bob = _sign_in("bob")
    assert "sts:AssumeRole" not in effective_permissions(bob, bob.top).allowed


def test_xa04_role_session_gives_up_and_gains() -> None:
    sim = _sim(ASSUME_ADMIN)
    top = sim.top
    eff = effective_permissions(sim, top)
    assert "iam:CreateUser" in eff.allowed  # the role has no boundary
    assert "ec2:TerminateInstances" not in eff.allowed  # the SCP still applies
    lost, gained = given_up(sim, top)
    assert "iam:CreateUser" in gained
    assert "s3:GetObject" not in lost and "s3:GetObject" not in gained  # both have it
    assert "sts:AssumeRole" in lost or "sts:AssumeRole" in eff.allowed
    bottom_lost, bottom_gained = given_up(sim, sim.stack[0])
    assert not bottom_lost and not bottom_gained


def test_ar15_session_policy_narrows_the_role() -> None:
    sim = _sim(ASSUME_ADMIN.replace(
        'session_name = "alice"',
        'session_name = "alice"\npolicy = \'{"Version": "2012-10-17", "Statement": '
        '[{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}\''))
    eff = effective_permissions(sim, sim.top)
    assert set(eff.by_service()) == {"s3", "sts"}
    assert all(a.name.startswith("Get") for a in eff.by_service()["s3"].actions)
    lost, _ = given_up(sim, sim.top)
    assert "ec2:RunInstances" in lost


def test_expired_session_may_do_nothing() -> None:
    sim = _sim(ASSUME_ADMIN + '\n[[steps]]\ndo = "advance"\nhours = 2\n')
    eff = effective_permissions(sim, sim.top)
    assert eff.expired
    assert not eff.allowed


def test_partition_splits_into_uniform_classes() -> None:
    classes = partition(0b1111, [0b0011, 0b0110])
    assert sorted(classes) == sorted([0b0010, 0b0001, 0b0100, 0b1000])
    assert partition(0, [1]) == []


def test_permission_set_json_shape() -> None:
    catalog = get_catalog()
    s3 = catalog.service("s3")
    assert s3 is not None
    pset = PermissionSet(catalog.mask("s3:GetObject") | catalog.mask("s3:PutObject"), catalog)
    assert pset.to_json() == {"s3": {"actions": ["s3:GetObject", "s3:PutObject"],
                                     "access_levels": {"List": 0, "Read": 1, "Write": 1,
                                                       "Permissions management": 0,
                                                       "Tagging": 0}}}


@pytest.mark.parametrize("who", ["alice", "bob", "dave"])
def test_agrees_with_deciding_every_sampled_action_one_by_one(who: str) -> None:
    """The class-based shortcut must give exactly what one `decide` per action gives."""
    from rolesim.core.evaluator import decide

    sim = _sign_in(who)
    session = sim.top
    eff = effective_permissions(sim, session)
    catalog = get_catalog()
    rng = random.Random(7)
    sample = rng.sample(catalog.actions(), 400) + catalog.actions("s3")
    sample += catalog.actions("sts") + catalog.expand("iam:*Role*")
    role = f"arn:aws:iam::{A}:role/Admin"
    for resource in ("*", "arn:aws:s3:::data/*", "arn:aws:s3:::data", role):
        for action in sample:
            if resource != "*" and not (catalog.resource_mask(resource) >> action.index) & 1:
                continue
            if resource == role and action.full_name in TRUST_ACTIONS:
                probe = trust_probe(sim, session, role)
                assert probe is not None
                request = dataclasses.replace(probe, action=action.full_name)
            else:
                request = sim.request_for(session, action.full_name, resource)
            expected = decide(request).allowed
            if action.full_name == "sts:GetCallerIdentity":
                expected = True
            assert eff.allows(action.full_name, resource) == expected, (action, resource)


UNCATALOGUED_WORLD = f"""
format = 1
title = "uncatalogued"

[[accounts]]
id = "{A}"
scps = ['''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "*", "Resource": "*"}},
  {{"Effect": "Deny", "Action": "blocked:*", "Resource": "*"}}]}}''']

[[policies]]
arn = "arn:aws:iam::{A}:policy/boundary"
document = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": ["madeup:*", "blocked:*", "scoped:*", "s3:*"],
    "Resource": "*"}}]}}'''

[[users]]
arn = "arn:aws:iam::{A}:user/carol"
boundary = "arn:aws:iam::{A}:policy/boundary"
inline.mixed = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": ["madeup:DoThing", "outside:DoThing", "blocked:DoThing"],
    "Resource": "*"}},
  {{"Effect": "Allow", "Action": "scoped:Read*", "Resource": "arn:aws:scoped:::thing/1"}},
  {{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}]}}'''

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::{A}:user/carol"
"""


def test_uncatalogued_actions_are_decided_like_any_other() -> None:
    """An Allow of an action the catalogue lacks allows it (EV-02 step 5) unless a boundary
    leaves it out (EV-10: outside:DoThing) or an SCP denies it (EV-11, EV-02 step 1:
    blocked:DoThing). A pattern allowed on a named resource only counts there
    (scoped:Read*). NotAction covers every action, listed or not, and is not enumerated."""
    run = replay(load_scenario_text(UNCATALOGUED_WORLD, "u.toml"))
    simulator = run.simulator
    assert simulator.top is not None
    effective = effective_permissions(simulator, simulator.top)
    assert effective.uncatalogued == ("madeup:DoThing", "scoped:Read*")
