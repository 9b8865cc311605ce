"""One API request a principal would make, decided by the evaluator exactly as a call would be.

This is the unit every escalation edge is built from (and the one a `by = "caller"` step can
reuse): who asks (a `Candidate`: a fresh session of a user or role, from `callers.WorldIndex`),
the action, the resource and its owner, extra request context (`iam:PassedToService`,
`iam:PolicyARN`), and a resource-based policy when there is one. Boundaries, SCPs, explicit
denies and conditions are the evaluator's. A condition on a key the caller controls (MFA, source
IP, ...) is satisfied with a proposed value and named as a requirement, as `who_can_assume`
does (`requirements.propose`); the proposal is decided again, so it never invents access.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rolesim.core.analysis import requirements
from rolesim.core.analysis.callers import Candidate
from rolesim.core.evaluator import NO_IDENTITY_SIDE, decide
from rolesim.core.policy.compiled import compiled
from rolesim.core.policy.model import AttachedPolicy
from rolesim.core.request import AuthzRequest, CallerPolicies, ContextValue, EvaluationMode


@dataclass(frozen=True, slots=True)
class Ask:
    """One request: `action` on `resource` owned by `account`."""

    action: str
    resource: str
    account: str
    context: Mapping[str, ContextValue] = field(default_factory=dict)
    resource_policy: AttachedPolicy | None = None
    mode: EvaluationMode = EvaluationMode.NORMAL


def may_ever(candidate: Candidate, action: str) -> bool:
    """Some Allow statement of the caller's identity policies names the action (resource and
    conditions aside): without one, no request for it can be allowed by identity policies, so
    the (costlier) decisions are not made."""
    key = "may:" + action
    cached = candidate.may_assume.get(key)
    if cached is None:
        lowered = action.lower()
        cached = any(cs.allow for ap in candidate.policies.identity
                     for cs in compiled(ap.policy).for_action(lowered))
        candidate.may_assume[key] = cached
    return cached


def allowed(candidate: Candidate, ask: Ask, base: Mapping[str, ContextValue],
            policies: CallerPolicies | None = None) -> tuple[str, ...] | None:
    """The requirements under which the candidate's request is allowed (empty: as it stands),
    or None when it never is. `base` is the time keys; `policies` replaces the candidate's
    (a boundary removed, a group added) to ask "what if"."""
    pols = policies if policies is not None else candidate.policies
    context: dict[str, ContextValue] = dict(base)
    context.update(candidate.context)
    context["aws:resourceaccount"] = ask.account
    context.update(ask.context)
    if not _may_be_allowed(candidate, ask, pols, context):
        return None

    def ok(ctx: Mapping[str, ContextValue]) -> bool:
        return decide(AuthzRequest(caller=candidate.caller, policies=pols, action=ask.action,
                                   resource=ask.resource, resource_account=ask.account,
                                   resource_policy=ask.resource_policy, context=ctx,
                                   mode=ask.mode)).allowed

    if ok(context):
        return ()
    lowered = ask.action.lower()
    for ap in pols.identity:
        for cs in compiled(ap.policy).for_action(lowered):
            if not cs.allow or not cs.statement.conditions:
                continue
            proposal = requirements.propose(cs.statement.conditions, context)
            if proposal.impossible or not proposal.values:
                continue
            if proposal.mfa and not candidate.has_mfa_device:
                continue
            if ok({**context, **proposal.values}):
                return tuple(proposal.requires)
    return None


def _may_be_allowed(candidate: Candidate, ask: Ask, pols: CallerPolicies,
                    context: Mapping[str, ContextValue]) -> bool:
    """False only when no decision can allow the request, proposed values or not: in the
    caller's own account, with no resource policy, a request that no identity Allow statement
    names (action and resource) is implicitly denied (EV-01). A path search asks thousands of
    these (may this role attach a policy to that one?), most of them about resources the
    caller's statements do not name, such as `user/${aws:username}` for a role (PV-05)."""
    if (ask.resource_policy is not None or ask.mode is not EvaluationMode.NORMAL
            or pols.implicit_allow or candidate.caller.type in NO_IDENTITY_SIDE
            or ask.account != candidate.caller.account or ":kms:" in ask.resource):
        return True
    lowered = ask.action.lower()
    for ap in pols.identity:
        for cs in compiled(ap.policy).for_action(lowered):
            if cs.allow and (cs.resource_matches(ask.resource, context) or any(
                    _controlled(template.keys) for template in cs.resource_templates)):
                return True
    return False


@lru_cache(maxsize=256)
def _controlled(keys: tuple[str, ...]) -> bool:
    """Whether a proposal (`requirements.propose`, which sets only the keys a caller controls)
    may give one of these variables of a Resource another value than the context's."""
    return any(requirements.describe_key(key, key, ()) is not None for key in keys)


def all_allowed(candidate: Candidate, asks: list[Ask], base: Mapping[str, ContextValue],
                policies: CallerPolicies | None = None) -> tuple[str, ...] | None:
    """Every request allowed: their requirements together (each said once), else None."""
    out: list[str] = []
    for one in asks:
        found = allowed(candidate, one, base, policies)
        if found is None:
            return None
        out += [r for r in found if r not in out]
    return tuple(out)
