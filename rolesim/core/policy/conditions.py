"""Condition operators (CO-01..CO-14) and their evaluation against a request context.

Every operator of CO-01..CO-06 is in `OPERATORS`, keyed by its base name. A policy value is
prepared once at parse time (a number, a date, a network, a compiled glob); values holding
policy variables (String and ARN operators only, PV-02) are resolved per request and prepared
then. Semantics:

* several values for one key -> OR; a negated operator must differ from all (CO-10);
* missing key -> positive operators false, negated operators true (CO-09); `...IfExists` ->
  true (CO-07); `Null` tests presence (CO-08); an empty array is a *present* key holding an
  empty set (scenario format), so `Null "true"` is false for it;
* `ForAnyValue:` is false for an empty or missing set, `ForAllValues:` true (CO-11, CO-12);
* a single-valued operator applied to a multivalued key behaves as `ForAnyValue` for positive
  operators and "no value matches" for negated ones (our choice; AWS says not to do it, CO-13).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from rolesim.core.policy.model import ConditionClause
from rolesim.core.policy.variables import ResolvedTemplate, has_variables, parse_template
from rolesim.core.policy.wildcard import compile_arn, compile_glob, to_pattern
from rolesim.core.words import listing, quoted

ContextMap = Mapping[str, str | tuple[str, ...]]

SET_OPERATORS = ("ForAnyValue", "ForAllValues")
RESULT_CACHE_LIMIT = 512


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def parse_date(text: str) -> float | None:
    """ISO 8601 or epoch seconds -> epoch seconds (CO-03). Naive times are UTC."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def _binary(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return text.encode("utf-8", "surrogatepass")


@lru_cache(maxsize=4096)
def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """Parsed once per text: policies repeat the same ranges, and parsing one is slow."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def _in_network(net: Any, value: str) -> bool:
    if net is None:
        return False
    address = _address(value)
    return address is not None and address.version == net.version and address in net


@lru_cache(maxsize=4096)
def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _compare(prepared: float | None, value: float | None, how: str) -> bool:
    if prepared is None or value is None:
        return False
    if how == "eq":
        return value == prepared
    if how == "lt":
        return value < prepared
    if how == "le":
        return value <= prepared
    if how == "gt":
        return value > prepared
    return value >= prepared


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    """One base operator. `test(prepared, request_value)` is the positive comparison;
    negated operators invert it across all policy values."""

    name: str
    family: str
    negated: bool
    pattern_text: bool  # policy text is a glob pattern (`*`/`?` are wildcards)
    prepare: Callable[[str], Any]
    test: Callable[[Any, str], bool]

    @property
    def variables_allowed(self) -> bool:
        """PV-02: variables are substituted only in String and ARN operators."""
        return self.family in ("string", "arn")


def _ident(text: str) -> str:
    return text


def _call(prepared: Any, value: str) -> bool:
    """For prepared values that are matchers themselves (globs, ARN patterns)."""
    result: bool = prepared(value)
    return result


def _numeric_test(how: str) -> Callable[[Any, str], bool]:
    def test(prepared: Any, value: str) -> bool:
        return _compare(prepared, _number(value), how)

    return test


def _date_test(how: str) -> Callable[[Any, str], bool]:
    def test(prepared: Any, value: str) -> bool:
        return _compare(prepared, parse_date(value), how)

    return test


def _build() -> dict[str, OperatorSpec]:
    ops: dict[str, OperatorSpec] = {}

    def add(name: str, family: str, pattern_text: bool, prepare: Callable[[str], Any],
            test: Callable[[Any, str], bool], negated_name: str | None = None) -> None:
        ops[name] = OperatorSpec(name, family, False, pattern_text, prepare, test)
        if negated_name:
            ops[negated_name] = OperatorSpec(
                negated_name, family, True, pattern_text, prepare, test)

    add("StringEquals", "string", False, _ident, lambda p, v: p == v, "StringNotEquals")
    add("StringEqualsIgnoreCase", "string", False, str.casefold,
        lambda p, v: p == v.casefold(), "StringNotEqualsIgnoreCase")
    add("StringLike", "string", True, compile_glob, _call, "StringNotLike")
    for name, how in (("Equals", "eq"), ("LessThan", "lt"), ("LessThanEquals", "le"),
                      ("GreaterThan", "gt"), ("GreaterThanEquals", "ge")):
        add(f"Numeric{name}", "numeric", False, _number, _numeric_test(how),
            "NumericNotEquals" if how == "eq" else None)
        add(f"Date{name}", "date", False, parse_date, _date_test(how),
            "DateNotEquals" if how == "eq" else None)
    add("Bool", "bool", False, str.lower, lambda p, v: p == v.lower())
    add("BinaryEquals", "binary", False, _binary, lambda p, v: p == _binary(v))
    add("IpAddress", "ip", False, _network, _in_network, "NotIpAddress")
    add("ArnEquals", "arn", True, compile_arn, _call, "ArnNotEquals")
    add("ArnLike", "arn", True, compile_arn, _call, "ArnNotLike")
    ops["Null"] = OperatorSpec("Null", "null", False, False, str.lower, lambda p, v: False)
    return ops


OPERATORS: dict[str, OperatorSpec] = _build()


def split_operator(written: str) -> tuple[str | None, str, bool]:
    """`ForAnyValue:StringLikeIfExists` -> ("ForAnyValue", "StringLike", True). The base may be
    unknown; the caller checks it against OPERATORS."""
    set_op: str | None = None
    base = written
    prefix, sep, rest = written.partition(":")
    if sep and prefix in SET_OPERATORS:
        set_op, base = prefix, rest
    if_exists = base.endswith("IfExists") and base != "IfExists"
    if if_exists:
        base = base[: -len("IfExists")]
    return set_op, base, if_exists


class CompiledCondition:
    """One clause ready to evaluate: static values prepared, variable values as templates."""

    __slots__ = ("_results", "clause", "dynamic", "if_exists", "is_null", "key", "negated",
                 "set_op", "spec", "static", "test")

    def __init__(self, clause: ConditionClause, variables_enabled: bool) -> None:
        spec = OPERATORS[clause.operator]
        self.clause = clause
        self.spec = spec
        self.key = clause.key_lower
        self.set_op = clause.set_op
        self.if_exists = clause.if_exists
        self.negated = spec.negated
        self.is_null = spec.family == "null"
        self.test = spec.test
        # Result per request value, for clauses without variables: a clause's answer depends
        # only on the value of its key, and the same principal sends the same values.
        self._results: dict[str | tuple[str, ...], bool] = {}
        static: list[Any] = []
        dynamic: list[ResolvedTemplate[Any]] = []
        literal: Callable[[str], str] = to_pattern if spec.pattern_text else _ident
        for value in clause.values:
            substitute = variables_enabled and spec.variables_allowed
            template = parse_template(value) if substitute else (value,)
            if has_variables(template):
                dynamic.append(ResolvedTemplate(template, literal, spec.prepare))
            else:
                static.append(spec.prepare(to_pattern(value) if spec.pattern_text else value))
        self.static = tuple(static)
        self.dynamic = tuple(dynamic)

    def prepared(self, context: ContextMap) -> tuple[Any, ...]:
        if not self.dynamic:
            return self.static
        extra = []
        for template in self.dynamic:
            value = template.get(context)
            if value is not None:  # PV-05: an unresolvable value matches nothing
                extra.append(value)
        return self.static + tuple(extra)

    def evaluate(self, context: ContextMap) -> bool:
        value = context.get(self.key)
        if self.is_null:
            want_absent = value is None
            return any((p == "true") == want_absent for p in self.static)
        if value is None:
            if self.if_exists or self.set_op == "ForAllValues":
                return True
            if self.set_op == "ForAnyValue":
                return False
            return self.negated
        if self.dynamic:
            return self._evaluate(value, self.prepared(context))
        found = self._results.get(value)
        if found is None:
            found = self._evaluate(value, self.static)
            if len(self._results) >= RESULT_CACHE_LIMIT:
                self._results.clear()
            self._results[value] = found
        return found

    def _evaluate(self, value: str | tuple[str, ...], prepared: tuple[Any, ...]) -> bool:
        if isinstance(value, str):
            return self._one(value, prepared)
        return self._evaluate_set(value, prepared)

    def _one(self, item: str, prepared: tuple[Any, ...]) -> bool:
        test = self.test
        for p in prepared:
            if test(p, item):
                return not self.negated
        return self.negated

    def _evaluate_set(self, values: tuple[str, ...], prepared: tuple[Any, ...]) -> bool:
        """A multivalued request key (CO-11..CO-13): ForAllValues needs every value to pass
        (true for none), ForAnyValue one (false for none). Without a set operator a positive
        operator behaves as ForAnyValue and a negated one needs every value to differ."""
        one = self._one
        if self.set_op == "ForAnyValue" or (self.set_op is None and not self.negated):
            return any(one(item, prepared) for item in values)
        return all(one(item, prepared) for item in values)

    def explain(self, context: ContextMap) -> tuple[bool, str]:
        """The result and a sentence naming the key, the request value and the policy values."""
        clause = self.clause
        result = self.evaluate(context)
        head = f"Condition {clause.written_operator} {clause.key}"
        shown = [t.shown(context) for t in self.dynamic]
        plain = clause.values if not self.dynamic else [v for v in clause.values if "${" not in v]
        policy_values = listing([quoted(v) for v in plain] + shown)
        value = context.get(self.key)
        if value is None:
            why = f"request has no {clause.key}"
            if self.spec.family != "null":
                if self.if_exists:
                    why += " (IfExists: passes)"
                elif self.set_op:
                    why += f" ({self.set_op} on a missing key is {str(result).lower()})"
                elif self.negated:
                    why += " (a negated operator passes on a missing key)"
            return result, f"{head}: {why}"
        if self.spec.family == "null":
            return result, f"{head}: the key is present"
        shown_value = (quoted(value) if isinstance(value, str)
                       else "(" + listing([quoted(v) for v in value], empty="no values") + ")")
        equality = clause.operator.endswith("Equals")
        single = len(plain) + len(shown) == 1
        if self.negated:
            relation = "differs from all of" if result else "matches one of"
            if single:
                relation = "differs from" if result else "matches"
        elif equality:
            relation = "in" if result else "not in"
            if single:
                relation = "is" if result else "is not"
        else:
            relation = "matches" if result else "does not match"
            if not single:
                relation += " any of"
        return result, f"{head}: value {shown_value} {relation} {policy_values}"
