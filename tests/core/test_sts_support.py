"""Helpers for the STS tests: a small world built directly (no scenario loader), so these
tests depend only on the core."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rolesim.core.clock import Clock
from rolesim.core.policy.model import PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.sts.simulator import Simulator
from rolesim.core.world import (
    Account,
    InstanceProfile,
    ManagedPolicy,
    Provider,
    Resource,
    Role,
    User,
    World,
    unique_id,
)

A = "111111111111"
B = "222222222222"
ALLOW_ALL: dict[str, Any] = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def allow(actions: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[
    str, Any
]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": actions, "Resource": resource}
    statement.update(extra)
    return {"Version": "2012-10-17", "Statement": [statement]}


def deny(actions: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[
    str, Any
]:
    statement: dict[str, Any] = {"Effect": "Deny", "Action": actions, "Resource": resource}
    statement.update(extra)
    return {"Version": "2012-10-17", "Statement": [statement]}


def trusting(principal: Mapping[str, Any] | str, actions: str | list[str] = "sts:AssumeRole",
             condition: Mapping[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": actions}
    if condition:
        statement["Condition"] = dict(condition)
    return {"Version": "2012-10-17", "Statement": [statement]}


def user_arn(name: str, account: str = A) -> str:
    return f"arn:aws:iam::{account}:user/{name}"


def role_arn(name: str, account: str = A, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{name}"


class WorldBuilder:
    """Adds entities to a World the way the scenario builder will."""

    def __init__(self) -> None:
        self.world = World()
        self.world.accounts[A] = Account(A, "dev")
        self.world.accounts[B] = Account(B, "prod")

    def user(self, name: str, account: str = A, *, inline: Mapping[str, Any] | None = None,
             tags: Mapping[str, str] | None = None, mfa: bool = False,
             boundary: str | None = None, policies: list[str] | None = None) -> str:
        arn = user_arn(name, account)
        self.world.users[arn] = User(
            arn=arn, unique_id=unique_id("AIDA", arn),
            inline={k: parse_policy(v, PolicyType.IDENTITY) for k, v in (inline or {}).items()},
            tags=dict(tags or {}), mfa=mfa, boundary=boundary, policies=list(policies or []),
        )
        return arn

    def role(self, name: str, trust: Mapping[str, Any], account: str = A, *, path: str = "/",
             inline: Mapping[str, Any] | None = None, tags: Mapping[str, str] | None = None,
             max_session_duration: int = 3600, boundary: str | None = None,
             policies: list[str] | None = None) -> str:
        arn = role_arn(name, account, path)
        self.world.roles[arn] = Role(
            arn=arn, unique_id=unique_id("AROA", arn),
            inline={k: parse_policy(v, PolicyType.IDENTITY) for k, v in (inline or {}).items()},
            tags=dict(tags or {}), max_session_duration=max_session_duration,
            boundary=boundary, policies=list(policies or []),
        )
        return arn

    def set_trust(self, arn: str, trust: Mapping[str, Any]) -> None:
        """Save a trust policy after the principals it names exist (bindings, TP-06)."""
        policy = parse_policy(trust, PolicyType.TRUST)
        role = self.world.roles[arn]
        role.trust = policy
        role.trust_bindings = self.world.bindings_for(policy)

    def policy(self, name: str, document: Mapping[str, Any], account: str = A) -> str:
        arn = f"arn:aws:iam::{account}:policy/{name}"
        self.world.policies[arn] = ManagedPolicy(arn, parse_policy(document, PolicyType.IDENTITY))
        return arn

    def provider(self, arn: str, audiences: list[str] | None = None) -> str:
        self.world.providers[arn] = Provider(arn, list(audiences or []))
        return arn

    def profile(self, name: str, role: str, account: str = A) -> str:
        arn = f"arn:aws:iam::{account}:instance-profile/{name}"
        self.world.instance_profiles[arn] = InstanceProfile(arn, role)
        return arn

    def resource(self, arn: str, account: str, *, policy: Mapping[str, Any] | None = None,
                 tags: Mapping[str, str] | None = None) -> str:
        parsed = parse_policy(policy, PolicyType.RESOURCE) if policy else None
        self.world.resources[arn] = Resource(
            arn, account, parsed, self.world.bindings_for(parsed) if parsed else {},
            dict(tags or {}))
        return arn

    def sim(self) -> Simulator:
        return Simulator(self.world, Clock())


def build(roles: Mapping[str, Mapping[str, Any]], **kwargs: Any) -> tuple[WorldBuilder, Simulator]:
    """Roles with trust policies, set after all principals exist."""
    wb = WorldBuilder()
    for name, spec in roles.items():
        wb.role(name, spec["trust"], **{k: v for k, v in spec.items() if k != "trust"})
    for name, spec in roles.items():
        wb.set_trust(role_arn(name, spec.get("account", A), spec.get("path", "/")), spec["trust"])
    return wb, wb.sim()


def test_support_builds_a_world_with_bindings() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    arn = wb.role("R", {})
    wb.set_trust(arn, trusting({"AWS": alice}))
    assert wb.world.roles[arn].trust_bindings == {alice: wb.world.users[alice].unique_id}
