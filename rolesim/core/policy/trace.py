"""The full account of a decision, built only when asked for (Decision.trace / explain).

Every policy considered, in AWS's order, and for each statement whether it matched and the
first reason it did not: which element, which condition key, which value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rolesim.core.decision import PolicyTrace, StatementRef, StatementTrace
from rolesim.core.policy.compiled import CompiledStatement, compiled
from rolesim.core.policy.model import AttachedPolicy
from rolesim.core.policy.principals import describe
from rolesim.core.request import PrincipalType
from rolesim.core.words import listing

if TYPE_CHECKING:
    from rolesim.core.request import AuthzRequest


def _list(values: tuple[str, ...] | None) -> str:
    """The patterns of an element in words: `a4b:Get*, a4b:List* and 310 more`."""
    return listing(values or (), empty="no pattern")


def explain_statement(cs: CompiledStatement, ap: AttachedPolicy, request: AuthzRequest
                      ) -> tuple[bool, str]:
    """Does this statement apply to the request, and why (not)?"""
    st = cs.statement
    caller = request.caller
    ctx = request.context
    notes: list[str] = []
    if cs.principal is not None:
        kind = cs.principal.match(caller, ap.bindings)
        if kind is None:
            return False, f"Principal {describe(cs.principal.spec)} does not name {caller.arn}"
        notes.append(f"Principal names the caller ({kind})")
    elif cs.not_principal is not None:
        bounded = (cs.deny and request.policies.boundary is not None
                   and caller.type in (PrincipalType.USER, PrincipalType.ASSUMED_ROLE))
        if bounded:
            notes.append("a Deny with NotPrincipal always applies to a user or role that has "
                         "a permissions boundary, whatever NotPrincipal lists (PL-09)")
        elif cs.not_principal.excludes(caller, ap.bindings):
            return False, f"NotPrincipal {describe(cs.not_principal.spec)} leaves out {caller.arn}"
        else:
            notes.append("NotPrincipal does not leave out the caller")
    action = request.action
    if not cs.action_matches(action.lower()):
        if st.actions is not None:
            return False, f"Action {action} not matched by {_list(st.actions)}"
        return False, f"Action {action} is listed in NotAction {_list(st.not_actions)}"
    if not cs.resource_matches(request.resource, ctx):
        if st.not_resources is not None:
            return False, (f"Resource {request.resource} is listed in NotResource "
                           f"{_list(st.not_resources)}")
        patterns = [v for v in st.resources or () if "${" not in v]
        patterns += [t.shown(ctx) for t in cs.resource_templates]
        return False, f"Resource {request.resource} not matched by {listing(patterns)}"
    for condition in cs.conditions:
        ok, why = condition.explain(ctx)
        if not ok:
            return False, why
        notes.append(why)
    head = "Action and Resource match"
    return True, "; ".join([head, *notes])


def _policy_trace(ap: AttachedPolicy, request: AuthzRequest) -> PolicyTrace:
    rows = []
    for cs in compiled(ap.policy).statements:
        st = cs.statement
        try:
            matched, why = explain_statement(cs, ap, request)
        except Exception as exc:  # the trace must never break a transcript
            matched, why = False, f"could not be explained: {exc}"
        rows.append(StatementTrace(
            StatementRef(ap.label, ap.type, st.index, st.sid, st.effect, ap.arn), matched, why))
    return PolicyTrace(ap.label, ap.type, tuple(rows))


def considered(request: AuthzRequest) -> list[AttachedPolicy]:
    """Every policy the evaluator looks at, in AWS's order (EV-02)."""
    from rolesim.core.key_policy import default_key_policy, is_kms_key
    from rolesim.core.request import EvaluationMode

    pols = request.policies
    out: list[AttachedPolicy] = list(pols.scps or ())
    if request.resource_policy is not None:
        out.append(request.resource_policy)
    elif request.mode is EvaluationMode.NORMAL and is_kms_key(request.resource):
        out.append(default_key_policy(request.resource))  # EV-09, as the evaluator does
    out.extend(pols.identity)
    if pols.boundary is not None:
        out.append(pols.boundary)
    out.extend(pols.session or ())
    return out


def build_trace(request: AuthzRequest) -> tuple[PolicyTrace, ...]:
    return tuple(_policy_trace(ap, request) for ap in considered(request))
