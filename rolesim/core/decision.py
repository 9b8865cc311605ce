"""The evaluator's answer: the outcome, the statements that made it, and why.

In the manner of pycasbin's `enforce_ex`, a decision carries the rule that made it. The full
trace (every policy considered, every statement and why it matched or not) is built only when
asked for, so the fast path stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from rolesim.core.policy.model import PolicyType
from rolesim.core.words import quoted


class Outcome(StrEnum):
    """The AWS policy simulator's words."""

    ALLOWED = "allowed"
    EXPLICIT_DENY = "explicitDeny"
    IMPLICIT_DENY = "implicitDeny"


_ALLOWED = Outcome.ALLOWED  # a module constant: see evaluator's note on enum members


@dataclass(frozen=True, slots=True)
class StatementRef:
    """A statement in place: which policy (label, type, ARN) and which statement in it."""

    policy_label: str
    policy_type: PolicyType
    index: int
    sid: str | None
    effect: str
    policy_arn: str | None = None

    def __str__(self) -> str:
        sid = f' "{self.sid}"' if self.sid else ""
        place = policy_place(self.policy_type, self.policy_label)
        return f"{self.effect} in {place}, Statement[{self.index}]{sid}"


_REF_FIELDS = ("policy_label", "policy_type", "index", "sid", "effect", "policy_arn")
if tuple(f.name for f in fields(StatementRef)) != _REF_FIELDS:  # pragma: no cover
    raise TypeError("StatementRef's fields changed: update new_ref")
_REF_SET = tuple(getattr(StatementRef, name).__set__ for name in _REF_FIELDS)


def new_ref(policy_label: str, policy_type: PolicyType, index: int, sid: str | None,
            effect: str, policy_arn: str | None, _new: Any = StatementRef.__new__,
            _set: tuple[Any, ...] = _REF_SET) -> StatementRef:
    """`StatementRef(...)`, the same object, filled through its slots' setters: about twice
    as fast as the frozen dataclass's `__init__`, which sets each field through
    `object.__setattr__` (the evaluator makes one per statement and place that decides)."""
    made: StatementRef = _new(StatementRef)
    s0, s1, s2, s3, s4, s5 = _set
    s0(made, policy_label)
    s1(made, policy_type)
    s2(made, index)
    s3(made, sid)
    s4(made, effect)
    s5(made, policy_arn)
    return made


SELF_NAMING_LABELS = ("trust policy of", "resource policy of", "SCP ")
"""Labels that already say what kind of policy they are (`trust policy of UpdateApp`)."""


def policy_place(policy_type: PolicyType, label: str, article: str = "the ",
                 quote: str = "") -> str:
    """A policy named once: `identity-based policy ReadOnly`, but `the trust policy of
    UpdateApp`, not `role trust policy trust policy of UpdateApp` (`article` before a label
    that names its kind: none in a heading; `quote` around a plain name, as a reason sets
    it apart: `identity-based policy 'ReadOnly'`)."""
    if label.startswith("SCP "):  # `SCP 2 on account ...` reads as a name: no article
        return label
    if label.startswith(SELF_NAMING_LABELS):
        return f"{article}{label}"
    return f"{policy_type} {quote}{label}{quote}"


@dataclass(frozen=True, slots=True)
class StatementTrace:
    """One statement as the evaluator saw it: matched or not, and the first reason it did not
    (which element, which condition key and value)."""

    ref: StatementRef
    matched: bool
    why: str


@dataclass(frozen=True, slots=True)
class PolicyTrace:
    label: str
    type: PolicyType
    statements: tuple[StatementTrace, ...]


@dataclass(slots=True, init=False)
class Decision:
    """`outcome`, the statements that decided, and for a denial the policy type that blocked.

    `reason` is one plain sentence. `deciding` holds every matching Deny statement of an
    explicit deny, or for an allow the first Allow of each policy type that had to allow
    (resource/trust grant, identity, boundary, session; one is enough, and `trace()` shows
    every statement that matched). `blocked_by` is the policy type whose explicit
    deny or missing allow stopped the request. `trace()` and `explain()` build the full account.
    A denial's reason may end with the nearest miss (which statement, element, condition key
    and value); that part is computed on first read of `reason`, so deciding stays fast.
    """

    outcome: Outcome
    _reason: str = field(default="", repr=False)
    deciding: tuple[StatementRef, ...] = ()
    blocked_by: PolicyType | None = None
    _tracer: Callable[..., tuple[PolicyTrace, ...]] | None = field(default=None, repr=False)
    _tracer_args: tuple[Any, ...] = field(default=(), repr=False)
    _trace: tuple[PolicyTrace, ...] | None = field(default=None, repr=False)
    _detail: Callable[[], str] | None = field(default=None, repr=False)

    def __init__(self, outcome: Outcome, reason: str, deciding: tuple[StatementRef, ...] = (),
                 blocked_by: PolicyType | None = None,
                 _tracer: Callable[..., tuple[PolicyTrace, ...]] | None = None,
                 _tracer_args: tuple[Any, ...] = (),
                 _detail: Callable[[], str] | None = None) -> None:
        """`_tracer(*_tracer_args)` builds the full trace on first need: a function and its
        arguments rather than a closure, which would cost a cell per captured name on every
        decision (most are never traced)."""
        self.outcome = outcome
        self._reason = reason
        self.deciding = deciding
        self.blocked_by = blocked_by
        self._tracer = _tracer
        self._tracer_args = _tracer_args
        self._trace = None
        self._detail = _detail

    @property
    def reason(self) -> str:
        if self._detail is not None:
            detail, self._detail = self._detail, None
            self._reason += detail()
        return self._reason

    @reason.setter
    def reason(self, value: str) -> None:
        self._reason = value
        self._detail = None

    def __repr__(self) -> str:
        return (f"Decision(outcome={self.outcome!s}, reason={self.reason!r}, "
                f"deciding={self.deciding!r}, blocked_by={self.blocked_by!r})")

    @property
    def allowed(self) -> bool:
        return self.outcome is _ALLOWED

    def trace(self) -> tuple[PolicyTrace, ...]:
        if self._trace is None:
            self._trace = self._tracer(*self._tracer_args) if self._tracer else ()
        return self._trace

    def explain(self, full: bool = True) -> list[str]:
        """Lines for a report: the verdict (with a denial's nearest miss) and the deciding
        statements; with `full`, then every policy considered and every statement in it, which
        costs a walk of every statement: reports ask for it only on demand (`run --trace`)."""
        lines = [f"{self.outcome}: {self.reason}"]
        lines += [f"  decided by: {ref}" for ref in self.deciding]
        if not full:
            return lines
        for policy in self.trace():
            lines.append(f"  {policy_place(policy.type, policy.label, '')}:")
            for st in policy.statements:
                mark = "matched" if st.matched else "no match"
                lines.append(f"    {st.ref.effect} Statement[{st.ref.index}]"
                             f"{' ' + quoted(st.ref.sid) if st.ref.sid else ''}: {mark} ({st.why})")
        return lines


_new = object.__new__
_COMPILED = not hasattr(policy_place, "__code__")
"""This module runs as mypyc compiled it (rolesim/native.py): there a class call is a direct C
call, and object.__new__ refuses a compiled class."""


def new_decision(outcome: Outcome, reason: str, deciding: tuple[StatementRef, ...],
                 blocked_by: PolicyType | None,
                 tracer: Callable[..., tuple[PolicyTrace, ...]] | None,
                 tracer_args: tuple[Any, ...],
                 detail: Callable[[], str] | None = None) -> Decision:
    """`Decision(...)` without the class call, for the evaluator's one decision per request:
    calling a class with a Python `__init__` takes the interpreter's slow path (a C call back
    into a new frame), which costs as much as the rest of deciding a simple allow. Sets
    every field as `__init__` does."""
    if _COMPILED:
        return Decision(outcome, reason, deciding, blocked_by, tracer, tracer_args, detail)
    made: Decision = _new(Decision)
    made.outcome = outcome
    made._reason = reason
    made.deciding = deciding
    made.blocked_by = blocked_by
    made._tracer = tracer
    made._tracer_args = tracer_args
    made._trace = None
    made._detail = detail
    return made
