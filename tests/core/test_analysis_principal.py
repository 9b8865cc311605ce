"""What a user or role can do before any step runs (`principal_permissions`): the effective
permissions of a fresh session, and what the boundary (EV-10), explicit denies (EV-02) and
SCPs (EV-11, ORG-04) take away."""
# ruff: noqa: E501  (TOML fixtures keep one statement per line)

from __future__ import annotations

import pytest

from rolesim.core.analysis.effective import effective_permissions
from rolesim.core.analysis.principal import fresh_session, principal_permissions
from rolesim.core.clock import Clock
from rolesim.core.sts.simulator import Simulator
from rolesim.core.world import World
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text

A = "111111111111"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"

WORLD = f"""
format = 1
title = "what principals can do"

[[accounts]]
id = "{A}"
scps = ['''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "*", "Resource": "*"}},
  {{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*"}}]}}''']

[[policies]]
arn = "arn:aws:iam::{A}:policy/s3-only"
document = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}'''

[[groups]]
arn = "arn:aws:iam::{A}:group/readers"
inline.read = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}}]}}'''

[[users]]
arn = "arn:aws:iam::{A}:user/alice"
groups = ["arn:aws:iam::{A}:group/readers"]
inline.mfa-only = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}},
  {{"Effect": "Allow", "Action": "ec2:StopInstances", "Resource": "*",
    "Condition": {{"Bool": {{"aws:MultiFactorAuthPresent": "true"}}}}}}]}}'''

[[roles]]
arn = "arn:aws:iam::{A}:role/Bounded"
policies = ["{ADMIN}"]
boundary = "arn:aws:iam::{A}:policy/s3-only"
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:user/alice"}}, "Action": "sts:AssumeRole"}}]}}'''

[[roles]]
arn = "arn:aws:iam::{A}:role/NoDelete"
inline.s3 = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}},
  {{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}]}}'''
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:user/alice"}}, "Action": "sts:AssumeRole"}}]}}'''

[[roles]]
arn = "arn:aws:iam::{A}:role/Ops"
policies = ["{ADMIN}"]
tags = {{ team = "blue" }}
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:user/alice"}}, "Action": "sts:AssumeRole"}}]}}'''

[[roles]]
arn = "arn:aws:iam::{A}:role/Tagged"
tags = {{ team = "blue" }}
inline.by-tag = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
    "Condition": {{"StringEquals": {{"aws:PrincipalTag/team": "blue"}}}}}},
  {{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
    "Condition": {{"StringEquals": {{"aws:PrincipalTag/team": "red"}}}}}}]}}'''
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:root"}}, "Action": "sts:AssumeRole"}}]}}'''

[[roles]]
arn = "arn:aws:iam::{A}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
policies = ["{ADMIN}"]
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"Service": "elasticbeanstalk.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}}'''

[[roles]]
arn = "arn:aws:iam::{A}:role/Empty"
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:root"}}, "Action": "sts:AssumeRole"}}]}}'''

[[resources]]
arn = "arn:aws:s3:::data"
account = "{A}"
policy = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Deny", "Principal": "*", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::data"}}]}}'''
"""


def role(name: str) -> str:
    return f"arn:aws:iam::{A}:role/{name}"


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(load_scenario_text(WORLD, "principals.toml"))


def test_ev10_admin_with_an_s3_boundary_can_do_only_s3(world: World) -> None:
    """EV-10: identity ∩ boundary. AdministratorAccess with a boundary of s3:* leaves S3, and
    GetCallerIdentity, which needs no permission (ID-10)."""
    result = principal_permissions(world, role("Bounded"))
    services = result.effective.by_service()
    assert set(services) == {"s3", "sts"}
    assert [a.full_name for a in services["sts"].actions] == ["sts:GetCallerIdentity"]
    assert "s3:GetObject" in result.effective.allowed
    assert "iam:CreateUser" not in result.effective.allowed


def test_ev10_the_boundary_cut_is_what_identity_policies_alone_would_allow(world: World) -> None:
    result = principal_permissions(world, role("Bounded"))
    assert result.boundary_arn == f"arn:aws:iam::{A}:policy/s3-only"
    cut = result.cut_by_boundary
    assert "iam:CreateUser" in cut and "ec2:RunInstances" in cut
    assert "s3:GetObject" not in cut, "the boundary allows S3: nothing of S3 is cut"
    # EV-11: the SCP's explicit deny is not the boundary's doing.
    assert "ec2:TerminateInstances" not in cut
    assert not (cut.actions & result.effective.allowed)
    assert cut.where("iam:CreateUser")[0] == "*"


def test_ev02_an_explicit_deny_on_s3_delete_bucket_is_excluded(world: World) -> None:
    result = principal_permissions(world, role("NoDelete"))
    assert "s3:DeleteBucket" not in result.effective.allowed
    assert "s3:CreateBucket" in result.effective.allowed
    assert result.has_denies
    assert "s3:DeleteBucket" in result.cut_by_deny
    assert "s3:CreateBucket" not in result.cut_by_deny


def test_ev02_a_deny_in_a_resource_policy_counts_as_an_explicit_deny(world: World) -> None:
    """The bucket policy of `data` denies PutBucketPolicy to everyone: on that bucket the
    role's s3:* stops short of it."""
    result = principal_permissions(world, role("NoDelete"))
    assert not result.effective.allows("s3:PutBucketPolicy", "arn:aws:s3:::data")
    assert result.effective.allows("s3:PutBucketPolicy", "*")
    assert result.cut_by_deny.where("s3:PutBucketPolicy") == ["arn:aws:s3:::data"]
    assert result.cut_by_deny.where("s3:DeleteBucket")[0] == "*"


def test_ev11_scps_take_away_their_denied_action(world: World) -> None:
    result = principal_permissions(world, role("Ops"))
    assert result.scps_apply
    assert "ec2:TerminateInstances" not in result.effective.allowed
    assert "ec2:TerminateInstances" in result.cut_by_scps
    assert "ec2:RunInstances" not in result.cut_by_scps
    assert not result.cut_by_boundary and result.boundary_arn is None


def test_org04_a_service_linked_role_is_not_limited_by_scps(world: World) -> None:
    slr = role("aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk")
    result = principal_permissions(world, slr)
    assert not result.scps_apply and not result.cut_by_scps
    assert "ec2:TerminateInstances" in result.effective.allowed


def test_tag09_a_fresh_role_session_carries_the_role_tags(world: World) -> None:
    result = principal_permissions(world, role("Tagged"))
    assert "s3:GetObject" in result.effective.allowed
    assert "s3:PutObject" not in result.effective.allowed


def test_a_role_with_no_policies_can_only_ask_who_it_is(world: World) -> None:
    """EV-01 implicit deny everywhere, except GetCallerIdentity (ID-10)."""
    result = principal_permissions(world, role("Empty"))
    assert [a.full_name for a in result.effective.allowed] == ["sts:GetCallerIdentity"]
    assert not result.cut_by_deny, "the bucket's Deny takes nothing from a role with no allow"


def test_a_user_gets_its_group_policies_and_no_mfa_on_sign_in(world: World) -> None:
    """A user's long-term sign-in: its group's policy applies; without MFA a statement that
    needs aws:MultiFactorAuthPresent true does not (CK-08)."""
    result = principal_permissions(world, f"arn:aws:iam::{A}:user/alice")
    allowed = result.effective.allowed
    assert "dynamodb:GetItem" in allowed and "s3:ListAllMyBuckets" in allowed
    assert "ec2:StopInstances" not in allowed
    # TP-09: a same-account trust naming her ARN needs no identity allow; one naming only
    # the account does, and alice has none for sts:AssumeRole.
    assert result.effective.allows("sts:AssumeRole", role("Bounded"))
    assert not result.effective.allows("sts:AssumeRole", role("Tagged"))


def test_the_fresh_session_matches_a_real_assume_role_session(world: World) -> None:
    """The preview is what a real AssumeRole session with nothing passed could do."""
    clock = Clock()
    simulator = Simulator(world, clock)
    simulator.sign_in(f"arn:aws:iam::{A}:user/alice")
    real = simulator.assume_role(role("Bounded"), "real")
    preview = fresh_session(world, role("Bounded"), clock)
    assert preview.kind is real.kind and preview.expiration == real.expiration
    assert (effective_permissions(simulator, real).allowed
            == principal_permissions(world, role("Bounded"), clock).effective.allowed)


def test_the_world_is_left_as_it_was(world: World) -> None:
    before = (dict(world.roles), {a: r.unique_id for a, r in world.roles.items()})
    principal_permissions(world, role("NoDelete"))
    assert (dict(world.roles), {a: r.unique_id for a, r in world.roles.items()}) == before


def test_an_unknown_principal_is_a_key_error(world: World) -> None:
    with pytest.raises(KeyError):
        principal_permissions(world, role("Nobody"))
