"""Which policies are in force for a caller, computed from the world on every call (EV-16).

Nothing is copied into a session: a policy edit, attach, detach or boundary change is
felt by existing sessions at their next request (TP-18, REV-04).
"""

from __future__ import annotations

from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.request import CallerPolicies, PrincipalType
from rolesim.core.sts import choices
from rolesim.core.sts.documents import managed_policy
from rolesim.core.sts.session import Session, SessionKind
from rolesim.core.words import scp_words
from rolesim.core.world import Account, Group, Role, User, World


def _managed(world: World, arns: list[str], via: str = "") -> list[AttachedPolicy]:
    out: list[AttachedPolicy] = []
    for arn in arns:
        entry = managed_policy(world, arn)
        if entry is None:
            continue
        label = f"{entry.name}{via}"
        out.append(AttachedPolicy(entry.document, PolicyType.IDENTITY, label, arn=arn))
    return out


def _inline(principal: User | Group | Role, via: str = "") -> list[AttachedPolicy]:
    return [
        AttachedPolicy(doc, PolicyType.IDENTITY, f"{name} (inline on {principal.name}){via}")
        for name, doc in principal.inline.items()
    ]


def identity_policies(world: World, principal: User | Role) -> list[AttachedPolicy]:
    """Managed and inline policies of a user (with its groups') or a role."""
    out = _managed(world, principal.policies) + _inline(principal)
    if isinstance(principal, User):
        for group_arn in principal.groups:
            group = world.groups.get(group_arn)
            if group is None:
                continue
            via = f" (via group {group.name})"
            out += _managed(world, group.policies, via) + _inline(group)
    return out


def boundary_of(world: World, principal: User | Role) -> AttachedPolicy | None:
    if not principal.boundary:
        return None
    entry = managed_policy(world, principal.boundary)
    if entry is None:
        return None
    return AttachedPolicy(entry.document, PolicyType.BOUNDARY, entry.name, arn=entry.arn)


def scps_for(
    world: World, account_id: str, role: Role | None = None
) -> list[AttachedPolicy] | None:
    """The SCPs limiting a principal of this account: None outside an organization, in the
    management account (ORG-01) and for service-linked roles (ORG-04). With levels, each
    policy carries its level (root, OU, then the account), which must allow on its own
    (ORG-02)."""
    account = world.accounts.get(account_id)
    if account is None or account.scps is None or account.management:
        return None
    if role is not None and role.service_linked:
        return None
    own = f"account {account.label}"
    if not account.scp_levels:
        return [
            AttachedPolicy(policy, PolicyType.SCP, scp_label(account, -1, index, own))
            for index, policy in enumerate(account.scps)
        ]
    levels = [*account.scp_levels, (own, account.scps)]
    return [
        AttachedPolicy(policy, PolicyType.SCP, scp_label(account, level if level < len(
            account.scp_levels) else -1, index, name), level=name)
        for level, (name, policies) in enumerate(levels)
        for index, policy in enumerate(policies)
    ]


def scp_label(account: Account, level: int, index: int, where: str) -> str:
    """One wording wherever an SCP is named: `SCP deny-regions on account Prod (1111...)`
    with its name, else its place counted as a person counts, `SCP 2 on organization root`.
    `level` -1 is the account's own SCPs."""
    return scp_words(account.scp_names.get((level, index)), index, where)


_REFRESHED_BY_SERVICE = (SessionKind.INSTANCE_PROFILE, SessionKind.SERVICE_ROLE)


def _current(world: World, session: Session) -> User | Role | None:
    """The user or role behind a session, if it still is the same entity (same unique ID)."""
    arn = session.role_arn if session.kind.is_role_session else session.user_arn
    if arn is None:
        return None
    entity: User | Role | None = (
        world.roles.get(arn) if session.kind.is_role_session else world.users.get(arn)
    )
    if entity is None:
        return None
    stale = session.caller.entity_id is not None and session.caller.entity_id != entity.unique_id
    if session.kind in _REFRESHED_BY_SERVICE:
        stale = False  # the instance or service fetches fresh credentials of the new role
    if stale and choices.STALE_SESSIONS_LOSE_IDENTITY_POLICIES:
        return None
    return entity


def caller_policies(world: World, session: Session) -> CallerPolicies:
    """The caller side of an evaluation for a request signed with `session`."""
    caller = session.caller
    if caller.type is PrincipalType.SERVICE:
        return CallerPolicies()
    root = caller.type is PrincipalType.ACCOUNT or (
        session.kind is SessionKind.FEDERATED_USER and session.user_arn is None
    )
    session_policies = session.session_policies
    if session.kind is SessionKind.FEDERATED_USER and session_policies is None:
        session_policies = ()  # GFT-04, EV-12
    entity = _current(world, session)
    role = entity if isinstance(entity, Role) else None
    if root:
        return CallerPolicies(
            session=session_policies,
            scps=scps_for(world, caller.account),
            implicit_allow=True,
        )
    if entity is None:
        return CallerPolicies(session=session_policies, scps=scps_for(world, caller.account))
    return CallerPolicies(
        identity=tuple(identity_policies(world, entity)),
        boundary=boundary_of(world, entity),
        session=session_policies,
        scps=scps_for(world, caller.account, role),
    )
