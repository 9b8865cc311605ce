"""Authorizing AssumeRole*: the trust policy as the resource policy, in TRUST mode.

Each AssumeRole is authorized as separate actions (TP-17): the assume action itself, then
`sts:TagSession` when tags are passed or inherited (TAG-02, TAG-15), then
`sts:SetSourceIdentity` when a source identity is set or sticky (SI-01, SI-03). All share
one request context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from rolesim.core.context import tag_keys, time_keys
from rolesim.core.decision import Decision
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.request import AuthzRequest, Caller, CallerPolicies, ContextValue, EvaluationMode
from rolesim.core.sts.errors import StsError, denial_suffix
from rolesim.core.world import Role

ASSUME_ROLE = "sts:AssumeRole"
WITH_SAML = "sts:AssumeRoleWithSAML"
WITH_WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity"
TAG_SESSION = "sts:TagSession"
SET_SOURCE_IDENTITY = "sts:SetSourceIdentity"


def trust_policy(role: Role) -> AttachedPolicy | None:
    """The role's trust policy with the principal bindings IAM stored when it was saved."""
    if role.trust is None:
        return None
    return AttachedPolicy(
        role.trust, PolicyType.TRUST, f"trust policy of {role.name}", arn=role.arn,
        bindings=dict(role.trust_bindings),
    )


@dataclass(frozen=True, slots=True)
class TrustCheck:
    """Everything an AssumeRole* authorization needs, but the action."""

    caller: Caller
    policies: CallerPolicies
    role: Role
    context: Mapping[str, ContextValue]

    def request(self, action: str) -> AuthzRequest:
        return AuthzRequest(
            caller=self.caller,
            policies=self.policies,
            action=action,
            resource=self.role.arn,
            resource_account=self.role.account,
            resource_policy=trust_policy(self.role),
            context=dict(self.context),
            mode=EvaluationMode.TRUST,
        )


def decide_request(request: AuthzRequest) -> Decision:
    from rolesim.core.evaluator import decide

    return decide(request)


def denied(check: TrustCheck, action: str, decision: Decision, federated: bool) -> StsError:
    """AccessDenied as AWS words it for this kind of caller (ER-04, OIDC-07, SAML-09)."""
    if federated:
        message = f"Not authorized to perform {action}"
    else:
        message = (
            f"User: {check.caller.arn} is not authorized to perform: {action} on resource: "
            f"{check.role.arn}"
        )
        suffix = denial_suffix(decision, action)
        if suffix:
            message += f" {suffix}"
    error = StsError("AccessDenied", message)
    error.decision = decision
    return error


def authorize(check: TrustCheck, actions: Sequence[str], *, federated: bool = False) -> list[
    Decision
]:
    """Decide each action in turn; the first that is not allowed raises AccessDenied."""
    decisions: list[Decision] = []
    for action in actions:
        decision = decide_request(check.request(action))
        decisions.append(decision)
        if not decision.allowed:
            raise denied(check, action, decision, federated)
    return decisions


def identity_allows(
    caller: Caller, policies: CallerPolicies, action: str, resource: str,
    context: Mapping[str, ContextValue],
) -> Decision:
    """The caller's own policies alone (no resource policy), as in the caller's account.

    Used for SI-01: in a chain the calling role's identity policy must also allow
    `sts:SetSourceIdentity`, even in one account."""
    return decide_request(
        AuthzRequest(
            caller=caller, policies=policies, action=action, resource=resource,
            resource_account=caller.account, context=dict(context),
        )
    )


def base_trust_context(
    now: datetime,
    role: Role,
    session_name: str | None,
    resource_tags: Mapping[str, str],
) -> dict[str, ContextValue]:
    out = time_keys(now)
    if session_name is not None:
        out["sts:rolesessionname"] = session_name
    out.update(tag_keys("aws:resourcetag", resource_tags))
    out["aws:resourceaccount"] = role.account
    return out


def request_tag_keys(
    passed: Mapping[str, str], transitive_keys: Sequence[str]
) -> dict[str, ContextValue]:
    """CK-04/TAG-04: aws:RequestTag/*, aws:TagKeys and sts:TransitiveTagKeys of the tags
    passed in this request."""
    out: dict[str, ContextValue] = {}
    if passed:
        out.update(tag_keys("aws:requesttag", passed))
        out["aws:tagkeys"] = tuple(passed)
    if transitive_keys:
        out["sts:transitivetagkeys"] = tuple(transitive_keys)
    return out
