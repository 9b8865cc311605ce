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

from rolesim.core.analysis import requirements
from rolesim.core.analysis.callers import Candidate
from rolesim.core.evaluator import decide
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
    context: dict[str, ContextValue] = dict(base)
    context.update(candidate.context)
    context["aws:resourceaccount"] = ask.account
    context.update(ask.context)
    pols = policies if policies is not None else candidate.policies

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
