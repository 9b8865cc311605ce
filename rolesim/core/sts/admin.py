"""World changes made by an administrator outside the credential stack (scenario format).

Each change validates everything first and only then mutates, so a failed step leaves the
world as it was. Service-linked roles cannot be changed (SLR-02, SLR-03, SLR-07).
"""

from __future__ import annotations

import re
from datetime import datetime

from rolesim.core.clock import format_time
from rolesim.core.policy.model import Policy, PolicyType
from rolesim.core.sts.documents import (
    PolicyInput,
    compact_json,
    managed_policy,
    non_whitespace_length,
    parse,
)
from rolesim.core.sts.errors import StsError
from rolesim.core.world import Group, Role, User, World

REVOKE_POLICY_NAME = "AWSRevokeOlderSessions"
TRUST_POLICY_LIMIT = 2048  # TP-16, QT-06 default quota
INLINE_LIMITS = {"user": 2048, "role": 10240, "group": 5120}  # QT-02
MANAGED_PER_PRINCIPAL = 10  # QT-04
QUOTA_NAMES = {"user": "PoliciesPerUser", "role": "PoliciesPerRole", "group": "PoliciesPerGroup"}
POLICY_NAME = re.compile(r"[\w+=,.@-]+", re.ASCII)  # DC-06


def _kind(principal: User | Group | Role) -> str:
    return "user" if isinstance(principal, User) else "role" if isinstance(principal, Role) \
        else "group"


def _principal(world: World, arn: str) -> User | Group | Role:
    found = world.principal(arn)
    if found is None:
        raise StsError("NoSuchEntity", f"The principal {arn} cannot be found.")
    return found


def _modifiable(principal: User | Group | Role) -> None:
    """SLR-02: a service-linked role is only modifiable by AWS."""
    if isinstance(principal, Role) and principal.service_linked:
        raise StsError(
            "UnmodifiableEntity",
            f"Cannot perform the operation on the protected role '{principal.name}' - this "
            "role is only modifiable by AWS",
        )


def _role(world: World, arn: str) -> Role:
    role = world.roles.get(arn)
    if role is None:
        raise StsError("NoSuchEntity", f"The role with name {arn.rsplit('/', 1)[-1]} cannot "
                       "be found.")
    return role


def revoke_policy(now: datetime) -> dict[str, object]:
    """REV-02: what the console's "Revoke active sessions" puts on the role."""
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Deny",
            "Action": ["*"],
            "Resource": ["*"],
            "Condition": {"DateLessThan": {"aws:TokenIssueTime": format_time(now)}},
        }],
    }


def revoke_sessions(world: World, role_arn: str, now: datetime) -> None:
    role = _role(world, role_arn)
    _modifiable(role)  # SLR-07
    role.inline[REVOKE_POLICY_NAME] = parse(revoke_policy(now), PolicyType.IDENTITY)


def update_trust(world: World, role_arn: str, document: PolicyInput | Policy) -> None:
    role = _role(world, role_arn)
    _modifiable(role)  # SLR-03
    policy = parse(document, PolicyType.TRUST)
    _check_trust_size(policy)
    missing = world.unknown_principals(policy)
    if missing:
        raise StsError("MalformedPolicyDocument",
                       f'Invalid principal in policy: "AWS":"{missing[0]}"')  # TP-05
    role.trust = policy
    role.trust_bindings = world.bindings_for(policy)  # TP-06


def _check_trust_size(policy: Policy) -> None:
    size = non_whitespace_length(compact_json(policy.raw))
    if size > TRUST_POLICY_LIMIT:
        raise StsError("LimitExceeded",
                       f"Cannot exceed quota for ACLSizePerRole: {TRUST_POLICY_LIMIT}")


def attach_policy(world: World, principal_arn: str, policy_arn: str) -> None:
    principal = _principal(world, principal_arn)
    _modifiable(principal)
    if managed_policy(world, policy_arn) is None:
        raise StsError("NoSuchEntity", f"Policy {policy_arn} does not exist or is not "
                       "attachable.")
    if policy_arn in principal.policies:
        return
    if len(principal.policies) >= MANAGED_PER_PRINCIPAL:
        quota = QUOTA_NAMES[_kind(principal)]
        raise StsError("LimitExceeded", f"Cannot exceed quota for {quota}: "
                       f"{MANAGED_PER_PRINCIPAL}")  # QT-04
    managed_policy(world, policy_arn, store=True)
    principal.policies.append(policy_arn)


def detach_policy(world: World, principal_arn: str, policy_arn: str) -> None:
    principal = _principal(world, principal_arn)
    _modifiable(principal)
    if policy_arn not in principal.policies:
        raise StsError("NoSuchEntity", f"Policy {policy_arn} was not found.")
    principal.policies.remove(policy_arn)


def put_policy(world: World, principal_arn: str, name: str, document: PolicyInput) -> None:
    principal = _principal(world, principal_arn)
    _modifiable(principal)
    if not 1 <= len(name) <= 128 or POLICY_NAME.fullmatch(name) is None:
        raise StsError("ValidationError", f"1 validation error detected: Value '{name}' at "
                       "'policyName' failed to satisfy constraint: Member must satisfy regular "
                       "expression pattern: [\\w+=,.@-]+")
    policy = parse(document, PolicyType.IDENTITY)
    kind = _kind(principal)
    sizes = {n: non_whitespace_length(compact_json(p.raw)) for n, p in principal.inline.items()}
    sizes[name] = non_whitespace_length(compact_json(policy.raw))
    if sum(sizes.values()) > INLINE_LIMITS[kind]:
        raise StsError("LimitExceeded", f"Maximum policy size of {INLINE_LIMITS[kind]} bytes "
                       f"exceeded for {kind} {principal.name}")  # QT-02
    principal.inline[name] = policy


def delete_policy(world: World, principal_arn: str, name: str) -> None:
    principal = _principal(world, principal_arn)
    _modifiable(principal)
    if name not in principal.inline:
        raise StsError("NoSuchEntity", f"The {_kind(principal)} policy with name {name} "
                       "cannot be found.")
    del principal.inline[name]


def set_boundary(world: World, principal_arn: str, policy_arn: str) -> None:
    principal = _principal(world, principal_arn)
    if isinstance(principal, Group):
        raise StsError("InvalidInput", "A permissions boundary can be set only on a user or "
                       "a role.")
    _modifiable(principal)  # SLR-03
    if not policy_arn:
        principal.boundary = None
        return
    if managed_policy(world, policy_arn, store=True) is None:
        raise StsError("NoSuchEntity", f"Policy {policy_arn} does not exist or is not "
                       "attachable.")
    principal.boundary = policy_arn


def recreate(world: World, principal_arn: str) -> str:
    """Delete and create again with the same name, policies and tags: a new unique ID, so
    policies that stored the old one no longer match (TP-06, ID-09). Returns the new ID."""
    principal = _principal(world, principal_arn)
    if isinstance(principal, Group):
        raise StsError("InvalidInput", "Only a user or a role can be recreated.")
    _modifiable(principal)
    return world.new_generation(principal_arn)
