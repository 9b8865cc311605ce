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
    from rolesim.core.request import AuthzRequest, Context


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
        return False, f"Resource {request.resource}{_resource_miss(cs, ctx)}"
    return _conditions_words(cs, ctx, notes)


def _resource_miss(cs: CompiledStatement, ctx: Context) -> str:
    """What follows `Resource ARN` when the Resource element leaves the ARN out: the
    patterns, with each variable's value in this request (not the ARN itself)."""
    st = cs.statement
    if st.not_resources is not None:
        return f" is listed in NotResource {_list(st.not_resources)}"
    patterns = [v for v in st.resources or () if "${" not in v]
    patterns += [t.shown(ctx) for t in cs.resource_templates]
    return f" not matched by {listing(patterns)}"


def _conditions_words(cs: CompiledStatement, ctx: Context, notes: list[str]
                      ) -> tuple[bool, str]:
    """Past Action and Resource: the first condition that fails, or that all hold and why."""
    for condition in cs.conditions:
        ok, why = condition.explain(ctx)
        if not ok:
            return False, why
        notes.append(why)
    head = "Action and Resource match"
    return True, "; ".join([head, *notes])


def context_keys(cs: CompiledStatement) -> tuple[str, ...]:
    """Every request context key `explain_statement` can read for this statement: its
    resource variables, its condition keys and the variables in its condition values (PL-10:
    all lower case, as the context holds them). Its Principal and NotPrincipal read the caller
    instead."""
    keys = [key for template in cs.resource_templates for key in template.keys]
    for condition in cs.conditions:
        keys.append(condition.key)
        keys += [key for template in condition.dynamic for key in template.keys]
    return tuple(dict.fromkeys(keys))


def explain_remembered(cs: CompiledStatement, ap: AttachedPolicy, request: AuthzRequest
                       ) -> tuple[bool, str]:
    """`explain_statement`, with its words remembered per statement and per values of the
    context keys it reads: a denial's nearest miss words the same few statements again and
    again, for resources that differ (only the ARN at the head of a Resource miss changes,
    and whether the Resource matches is checked afresh). A statement is immutable; its entry
    keeps it alive, so its id stays its own while remembered. A statement with a Principal
    or NotPrincipal, or whose Action leaves the request out, is explained afresh (its words
    name the caller or the action)."""
    if (cs.principal is not None or cs.not_principal is not None
            or not cs.action_matches(request.action.lower())):
        return explain_statement(cs, ap, request)
    entry = _EXPLAINED.get(id(cs))
    if entry is None:
        if len(_EXPLAINED) >= STATEMENTS_KEPT:
            _EXPLAINED.clear()
        entry = _EXPLAINED[id(cs)] = (cs, context_keys(cs), {})
    ctx = request.context
    keys = entry[1]
    values = tuple([ctx.get(k) for k in keys]) if keys else ()
    words = entry[2].get(values)
    if words is None:
        if len(entry[2]) >= ANSWERS_KEPT:
            entry[2].clear()
        words = entry[2][values] = _Words()
    if not cs.resource_matches(request.resource, ctx):
        if words.resource_miss is None:
            words.resource_miss = _resource_miss(cs, ctx)
        return False, f"Resource {request.resource}{words.resource_miss}"
    if words.conditions is None:
        words.conditions = _conditions_words(cs, ctx, [])
    return words.conditions


class _Words:
    """A statement's words for one set of context values, each made when first needed."""

    __slots__ = ("conditions", "resource_miss")

    def __init__(self) -> None:
        self.resource_miss: str | None = None
        self.conditions: tuple[bool, str] | None = None


STATEMENTS_KEPT = 1024
ANSWERS_KEPT = 256
_EXPLAINED: dict[int, tuple[CompiledStatement, tuple[str, ...],
                            dict[tuple[object, ...], _Words]]] = {}
"""By id(statement): the statement, the context keys it reads, its words by their values."""


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
