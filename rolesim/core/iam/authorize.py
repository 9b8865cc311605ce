"""Authorize a caller's request on the evaluator, exactly as a `call` is decided: the caller's
identity policies, boundary, SCPs and session policies, and the resource's policy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rolesim.core.context import call_context
from rolesim.core.decision import Decision
from rolesim.core.iam.checks import Check
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.request import AuthzRequest
from rolesim.core.sts import choices, permissions, tokens
from rolesim.core.sts.errors import denial_suffix, not_authorized
from rolesim.core.sts.session import Session
from rolesim.core.world import World


def api_request(world: World, now: datetime, session: Session, check: Check) -> AuthzRequest:
    """The request AWS evaluates for one check, computed from the world now."""
    caller = session.caller
    account, entry = world.resource_owner(check.resource, caller.account)
    policy = None
    if entry is not None and entry.policy is not None:
        policy = AttachedPolicy(entry.policy, PolicyType.RESOURCE,
                                f"resource policy of {entry.arn}", arn=entry.arn,
                                bindings=dict(entry.policy_bindings))
    tags = None if check.pass_role else _resource_tags(world, check.resource)  # SVC-03
    ctx = call_context(session, now, resource_tags=tags, resource_account=account,
                       extra=check.context,
                       principal_org=world.organization_of(caller.account,
                                                           choices.DEFAULT_ORG_ID),
                       resource_org=world.organization_of(account, choices.DEFAULT_ORG_ID))
    return AuthzRequest(caller=caller, policies=permissions.caller_policies(world, session),
                        action=check.action, resource=check.resource, resource_account=account,
                        resource_policy=policy, context=ctx)


def _resource_tags(world: World, resource: str) -> dict[str, str]:
    entry = world.resources.get(resource)
    if entry is not None:
        return dict(entry.tags)
    principal = world.roles.get(resource) or world.users.get(resource)
    return dict(principal.tags) if principal is not None else {}


def authorize(world: World, now: datetime, session: Session,
              checks: Sequence[Check]) -> list[tuple[Check, Decision]]:
    """Every check decided, in order; the first refused raises AccessDenied (with its
    decision), so nothing is changed."""
    from rolesim.core.evaluator import decide

    decided: list[tuple[Check, Decision]] = []
    for check in checks:
        refused = tokens.refused_by_credential_kind(session, check.action)
        if refused is not None:  # GFT-05, GST-04: before any policy is read
            raise not_authorized(session.arn, check.action, check.resource).because(refused)
        if check.pass_role and _other_account(check.resource, session.account):
            raise not_authorized(session.arn, check.action, check.resource).because(
                "A role can be passed only to a service in the role's own account: iam:PassRole "
                "cannot pass a role of another account (SVC-03).")
        decision = decide(api_request(world, now, session, check))
        if not decision.allowed:
            error = not_authorized(session.arn, check.action, check.resource,
                                   denial_suffix(decision, check.action))
            error.decision = decision
            if check.context:
                error.because(f"The request was {check.words()}.")
            raise error
        decided.append((check, decision))
    return decided


def _other_account(role: str, account: str) -> bool:
    parts = role.split(":")
    return len(parts) > 4 and parts[4] not in ("", account)
