"""The checks: one small function per finding code, registered with `@check(CODE)`.

A check reads the parsed policy (and the catalogue through `Context`) and yields `(path,
fields)` pairs; `lint_policy` turns them into findings with the code's severity and message
template from findings.toml. A check never writes a message itself.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rolesim.core.lint.arn_shapes import pattern_fits_format, service_of
from rolesim.core.lint.keys import (
    GLOBAL_PREFIX,
    ConditionKeys,
    KeyInfo,
    also_numeric,
    always_present,
    cross_service_keys,
    global_keys,
    incomplete_resource_services,
)
from rolesim.core.policy.conditions import OPERATORS
from rolesim.core.policy.model import ConditionClause, Policy, PolicyType, Statement

if TYPE_CHECKING:
    from rolesim.core.catalog import Catalog

Hit = tuple[str, dict[str, Any]]
Check = Callable[["Context"], Iterable[Hit]]
CHECKS: dict[str, Check] = {}

TRUST_ACTIONS = frozenset({"sts:assumerole", "sts:assumerolewithsaml",
                           "sts:assumerolewithwebidentity", "sts:tagsession",
                           "sts:setsourceidentity", "sts:setcontext"})
STRING_FAMILIES = ("string", "arn")
FAMILY_NAMES = {"string": "String", "arn": "ARN", "numeric": "Numeric", "date": "Date",
                "bool": "Bool", "ip": "IP address", "binary": "Binary", "null": "Null"}
FITTING_FAMILIES = {"String": ("string",), "ARN": ("arn", "string"), "Numeric": ("numeric",),
                    "Date": ("date",), "Bool": ("bool",), "IPAddress": ("ip",),
                    "Binary": ("binary",)}
EXPECTED = {"String": "a String operator", "ARN": "an ARN or String operator",
            "Numeric": "a Numeric operator", "Date": "a Date operator", "Bool": "Bool",
            "IPAddress": "IpAddress or NotIpAddress", "Binary": "BinaryEquals"}
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
ARN_FIELDS = ("prefix", "partition", "service", "region", "account")


def check(code: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[code] = fn
        return fn
    return register


@dataclass
class Context:
    """What every check may read: the policy, the catalogue (None: not available) and the
    condition keys known with it."""

    policy: Policy
    catalog: Catalog | None
    keys: ConditionKeys = field(init=False)

    def __post_init__(self) -> None:
        self.keys = ConditionKeys(self.catalog)

    @cached_property
    def judged_actions(self) -> list[tuple[Statement, str, int, str, str, str]]:
        """(statement, element name, index, action, service prefix, action part) for the
        actions the catalogue can judge (not `*`, no wildcard in the service prefix)."""
        out = []
        for st, name, action, i in _actions(self):
            prefix, _, part = action.partition(":")
            if action == "*" or "*" in prefix or "?" in prefix:
                continue
            out.append((st, name, i, action, prefix, part))
        return out

    def element(self, st: Statement, name: str, values: tuple[str, ...], index: int) -> str:
        """`Statement[0].Action[2]` when the element is a list, `Statement[0].Action` if not."""
        raw = self.policy.raw.get("Statement")
        body = raw[st.index] if isinstance(raw, list) else raw
        listed = isinstance(body, dict) and isinstance(body.get(name), list)
        return f"Statement[{st.index}].{name}[{index}]" if listed else \
            f"Statement[{st.index}].{name}"


def _where(st: Statement, clause: ConditionClause) -> str:
    return f"Statement[{st.index}].Condition.{clause.written_operator}.{clause.key}"


def _actions(ctx: Context) -> Iterator[tuple[Statement, str, str, int]]:
    for st in ctx.policy.statements:
        name = "Action" if st.actions is not None else "NotAction"
        for i, action in enumerate(st.actions or st.not_actions or ()):
            yield st, name, action, i


def _catalog_actions(ctx: Context) -> Iterator[tuple[Callable[[], str], str, str, str]]:
    """(path maker, action, service prefix, action part) for actions the catalogue can judge;
    the path is made only for a finding."""
    for st, name, i, action, prefix, part in ctx.judged_actions:
        def path(st: Statement = st, name: str = name, i: int = i) -> str:
            return ctx.element(st, name, st.actions or st.not_actions or (), i)
        yield path, action, prefix, part


_VERDICTS: weakref.WeakKeyDictionary[Catalog, dict[str, str | None]] = weakref.WeakKeyDictionary()


def _verdict(catalog: Catalog, action: str, prefix: str, part: str) -> str | None:
    """Which action code an action earns (None: it names a known action), cached per
    catalogue: the same actions recur across policies."""
    with _FORMATS_LOCK:
        cache = _VERDICTS.setdefault(catalog, {})
    key = action.lower()
    if key in cache:
        return cache[key]
    verdict: str | None = None
    if catalog.service(prefix) is None:
        verdict = "UNKNOWN_SERVICE"
    elif "*" in part or "?" in part:
        verdict = None if catalog.mask(action) else "NO_MATCHING_ACTION"
    elif catalog.action(action) is None:
        verdict = "UNKNOWN_ACTION"
    cache[key] = verdict
    return verdict


def _action_code(ctx: Context, code: str) -> Iterator[Hit]:
    catalog = ctx.catalog
    if catalog is None:
        return
    for path, action, prefix, part in _catalog_actions(ctx):
        if _verdict(catalog, action, prefix, part) == code:
            yield path(), {"service": prefix, "action": action,
                           "meant": _meant(catalog, prefix, part, code)}


def _meant(catalog: Catalog, prefix: str, part: str, code: str) -> str:
    """` (did you mean s3:GetObject?)` for an unknown action of a known service close to one
    of its actions; empty otherwise. Only computed for a finding."""
    service = catalog.service(prefix) if code == "UNKNOWN_ACTION" else None
    meant = service.closest_action(part) if service is not None else None
    return f" (did you mean {meant}?)" if meant else ""


@check("UNKNOWN_SERVICE")
def unknown_service(ctx: Context) -> Iterator[Hit]:
    return _action_code(ctx, "UNKNOWN_SERVICE")


@check("UNKNOWN_ACTION")
def unknown_action(ctx: Context) -> Iterator[Hit]:
    return _action_code(ctx, "UNKNOWN_ACTION")


@check("NO_MATCHING_ACTION")
def no_matching_action(ctx: Context) -> Iterator[Hit]:
    return _action_code(ctx, "NO_MATCHING_ACTION")


def _clauses(ctx: Context) -> Iterator[tuple[Statement, ConditionClause]]:
    for st in ctx.policy.statements:
        for clause in st.conditions:
            yield st, clause


@check("UNKNOWN_GLOBAL_CONDITION_KEY")
def unknown_global_key(ctx: Context) -> Iterator[Hit]:
    for st, c in _clauses(ctx):
        if c.key_lower.startswith(GLOBAL_PREFIX) and global_keys().find(c.key_lower) is None:
            yield _where(st, c), {"key": c.key}


@check("UNKNOWN_CONDITION_KEY")
def unknown_service_key(ctx: Context) -> Iterator[Hit]:
    for st, c in _clauses(ctx):
        prefix = c.key_lower.partition(":")[0]
        if prefix == "aws" or not ctx.keys.service_known(prefix):
            continue
        if not ctx.keys.info(c.key_lower).known:
            yield _where(st, c), {"key": c.key, "service": prefix}


@check("CONDITION_KEY_NOT_FOR_ACTIONS")
def key_not_for_actions(ctx: Context) -> Iterator[Hit]:
    for st in ctx.policy.statements:
        if st.actions is None or any("*" in a.partition(":")[0] or "?" in a.partition(":")[0]
                                     for a in st.actions):
            continue
        services = {a.partition(":")[0].lower() for a in st.actions}
        for c in st.conditions:
            prefix = c.key_lower.partition(":")[0]
            if prefix != "aws" and prefix not in services and ctx.keys.service_known(prefix) \
                    and ctx.keys.info(c.key_lower).known \
                    and cross_service_keys().find(c.key_lower) is None:
                yield _where(st, c), {"key": c.key, "service": prefix}


def _typed(ctx: Context, c: ConditionClause) -> KeyInfo | None:
    info = ctx.keys.info(c.key_lower)
    return info if info.known and info.key_type else None


@check("OPERATOR_TYPE_MISMATCH")
def operator_type(ctx: Context) -> Iterator[Hit]:
    for st, c in _clauses(ctx):
        info = _typed(ctx, c)
        spec = OPERATORS.get(c.operator)
        if info is None or spec is None or spec.family == "null":
            continue
        fitting = FITTING_FAMILIES.get(info.base_type)
        if fitting is None or spec.family in fitting:
            continue
        if spec.family == "numeric" and c.key_lower in also_numeric():
            continue
        if _fits_by_value(info.base_type, spec.family, c.values):
            continue
        yield _where(st, c), {"operator": c.operator, "family": FAMILY_NAMES[spec.family],
                              "key": c.key, "key_type": info.key_type,
                              "expected": EXPECTED[info.base_type]}


def _fits_by_value(key_type: str, family: str, values: tuple[str, ...]) -> bool:
    """String operators with "true"/"false" on a Bool key, and ARN operators with ARNs on a
    String key (whose values are ARNs, e.g. kms:EncryptionContext:aws:s3:arn) compare as
    meant: AWS's own managed policies do both."""
    if key_type == "Bool" and family == "string":
        return all(v.lower() in ("true", "false") for v in values)
    if key_type == "String" and family == "arn":
        return all(v.startswith("arn:") or v == "*" for v in values)
    return False


@check("MULTIVALUED_KEY_WITHOUT_SET_OPERATOR")
def multivalued_without_set(ctx: Context) -> Iterator[Hit]:
    for st, c in _clauses(ctx):
        info = _typed(ctx, c)
        if info is not None and info.multivalued and not c.set_op and c.operator != "Null":
            yield _where(st, c), {"key": c.key, "key_type": info.key_type,
                                  "operator": c.written_operator}


@check("SET_OPERATOR_ON_SINGLE_VALUED_KEY")
def set_on_single(ctx: Context) -> Iterator[Hit]:
    for st, c in _clauses(ctx):
        info = _typed(ctx, c)
        if info is not None and c.set_op and not info.multivalued:
            base = c.written_operator.partition(":")[2]
            yield _where(st, c), {"key": c.key, "key_type": info.key_type, "set_op": c.set_op,
                                  "operator": base}


def _constrains(c: ConditionClause) -> bool:
    """Whether a clause makes the request carry the key: a Null "false" check, or a positive
    operator without IfExists that is not itself ForAllValues (CO-08, CO-09, CO-11)."""
    if c.operator == "Null":
        return all(v.lower() == "false" for v in c.values)
    spec = OPERATORS.get(c.operator)
    return (spec is not None and not spec.negated and not c.if_exists
            and c.set_op != "ForAllValues")


def _carried_by_all(ctx: Context, st: Statement, key_lower: str) -> bool:
    """Whether every action of the statement always carries the key: tag-key keys on Tagging
    actions (a tagging request names its tags), and the keys in global_condition_keys.toml
    [always_present]."""
    if not st.actions or ctx.catalog is None:
        return False
    required = always_present().get(key_lower)
    tag_keys = key_lower == "aws:tagkeys" or key_lower.endswith("tagkeys")
    for pattern in st.actions:
        found = ctx.catalog.expand(pattern)
        if not found:
            return False
        for action in found:
            if required is not None and action.full_name.lower() in required:
                continue
            if tag_keys and action.access_level == "Tagging":
                continue
            return False
    return True


@check("FORALLVALUES_WITHOUT_GUARD")
def forallvalues_without_guard(ctx: Context) -> Iterator[Hit]:
    for st in ctx.policy.statements:
        if st.effect != "Allow":
            continue
        guarded = {c.key_lower for c in st.conditions if _constrains(c)}
        for c in st.conditions:
            if c.set_op == "ForAllValues" and c.key_lower not in guarded \
                    and not _carried_by_all(ctx, st, c.key_lower):
                yield _where(st, c), {"key": c.key}


@check("WILDCARD_IN_EQUALS")
def wildcard_in_equals(ctx: Context) -> Iterator[Hit]:
    for st, c in _clauses(ctx):
        spec = OPERATORS.get(c.operator)
        if spec is None or spec.family != "string" or spec.pattern_text:
            continue
        for value in c.values:
            if any(ch in _VARIABLE.sub("", value) for ch in "*?"):
                like = "StringNotLike" if spec.negated else "StringLike"
                yield _where(st, c), {"operator": c.operator, "value": value, "like": like}
                break


@check("RESOURCE_MATCHES_NO_ACTION")
def resource_matches_no_action(ctx: Context) -> Iterator[Hit]:
    if ctx.catalog is None:
        return
    skipped = incomplete_resource_services()
    for st in ctx.policy.statements:
        if st.actions is None or not st.resources or "*" in st.actions:
            continue
        if any(a.partition(":")[0].lower() in skipped for a in st.actions):
            continue
        formats = _formats_of(ctx.catalog, st.actions)
        if not formats:
            continue
        for i, resource in enumerate(st.resources):
            if resource == "*":
                continue
            service = service_of(resource)
            candidates = formats.get(service, ())
            if not any(pattern_fits_format(resource, f) for f in candidates):
                shown = ", ".join(st.actions[:3]) + (", ..." if len(st.actions) > 3 else "")
                yield ctx.element(st, "Resource", st.resources, i), {
                    "resource": resource, "actions": shown}


_FORMATS: weakref.WeakKeyDictionary[Catalog, dict[str, dict[str, frozenset[str]] | None]] = \
    weakref.WeakKeyDictionary()
_FORMATS_LOCK = threading.Lock()


def _formats_of(catalog: Catalog, actions: tuple[str, ...]) -> dict[str, set[str]]:
    """ARN service field -> the ARN formats of the resource types the actions can be scoped
    to. Empty when some action supports only `*` (nothing to judge then); patterns that match
    no action are left out (UNKNOWN_ACTION says so)."""
    out: dict[str, set[str]] = {}
    for pattern in actions:
        formats = _pattern_formats(catalog, pattern)
        if formats is None:
            return {}
        for service, found in formats.items():
            out.setdefault(service, set()).update(found)
    return out


def _pattern_formats(catalog: Catalog, pattern: str) -> dict[str, frozenset[str]] | None:
    """One action pattern's formats by ARN service field, cached per catalogue (None: some
    action it matches supports only `*`; empty: it matches none)."""
    with _FORMATS_LOCK:
        cache = _FORMATS.setdefault(catalog, {})
    key = pattern.lower()
    if key in cache:
        return cache[key]
    result: dict[str, frozenset[str]] | None = {}
    found = catalog.expand(pattern)
    if found and not all(action.resource_types for action in found):
        result = None
    elif found:
        by_service: dict[str, set[str]] = {}
        for action in found:
            service = catalog.service(action.service)
            for name in action.resource_types:
                rt = service.resource_types.get(name) if service is not None else None
                if rt is not None:
                    by_service.setdefault(service_of(rt.arn_format), set()).add(rt.arn_format)
        result = {k: frozenset(v) for k, v in by_service.items()}
    cache[key] = result
    return result


@check("ALLOW_WITH_NOT_PRINCIPAL")
def allow_not_principal(ctx: Context) -> Iterator[Hit]:
    for st in ctx.policy.statements:
        if st.effect == "Allow" and st.not_principal is not None:
            yield f"Statement[{st.index}].NotPrincipal", {}


@check("ALLOW_ALL_WITH_NOT_RESOURCE")
def allow_all_not_resource(ctx: Context) -> Iterator[Hit]:
    for st in ctx.policy.statements:
        if st.effect == "Allow" and st.not_resources is not None and "*" in (st.actions or ()):
            yield f"Statement[{st.index}].NotResource", {}


@check("TRUST_ANY_PRINCIPAL")
def trust_any_principal(ctx: Context) -> Iterator[Hit]:
    if ctx.policy.kind is not PolicyType.TRUST:
        return
    for st in ctx.policy.statements:
        if st.effect == "Allow" and st.principal and st.principal.wildcard and not st.conditions:
            yield f"Statement[{st.index}].Principal", {}


@check("NOT_A_TRUST_ACTION")
def not_a_trust_action(ctx: Context) -> Iterator[Hit]:
    if ctx.policy.kind is not PolicyType.TRUST:
        return
    for st, name, action, i in _actions(ctx):
        low = action.lower()
        if "*" not in low and "?" not in low and low not in TRUST_ACTIONS:
            yield ctx.element(st, name, st.actions or st.not_actions or (), i), {"action": action}


def _variable_texts(st: Statement) -> list[str]:
    texts = list(st.resources or ()) + list(st.not_resources or ())
    for clause in st.conditions:
        texts.extend(clause.values)
    return texts


@check("VARIABLES_WITHOUT_VERSION")
def variables_without_version(ctx: Context) -> Iterator[Hit]:
    if ctx.policy.variables_enabled:
        return
    for st in ctx.policy.statements:
        if any("${" in t for t in _variable_texts(st)):
            yield f"Statement[{st.index}]", {}


@check("VARIABLE_IN_NON_STRING_OPERATOR")
def variable_in_non_string(ctx: Context) -> Iterator[Hit]:
    for st, c in _clauses(ctx):
        spec = OPERATORS.get(c.operator)
        if spec is None or spec.family in STRING_FAMILIES:
            continue
        for value in c.values:
            if _VARIABLE.search(value):
                yield _where(st, c), {"operator": c.operator, "value": value}
                break


def _head_variables(ctx: Context) -> Iterator[tuple[str, str, int]]:
    """(path, resource, field index) for each variable in the first five ARN fields."""
    if not ctx.policy.variables_enabled:
        return
    for st in ctx.policy.statements:
        for name, values in (("Resource", st.resources), ("NotResource", st.not_resources)):
            for i, value in enumerate(values or ()):
                fields = value.split(":", 5)[:5]
                for index, text in enumerate(fields):
                    if "${" in text:
                        yield ctx.element(st, name, values or (), i), value, index


@check("VARIABLE_IN_ARN_HEAD")
def variable_in_arn_head(ctx: Context) -> Iterator[Hit]:
    for path, resource, index in _head_variables(ctx):
        if index != 4:
            yield path, {"resource": resource, "field": ARN_FIELDS[index] + " field"}


@check("VARIABLE_IN_ARN_ACCOUNT")
def variable_in_arn_account(ctx: Context) -> Iterator[Hit]:
    for path, resource, index in _head_variables(ctx):
        if index == 4:
            yield path, {"resource": resource}


@check("MULTIVALUED_VARIABLE")
def multivalued_variable(ctx: Context) -> Iterator[Hit]:
    if not ctx.policy.variables_enabled:
        return
    for st in ctx.policy.statements:
        seen: set[str] = set()
        for text in _variable_texts(st):
            for inner in _VARIABLE.findall(text):
                name = inner.split(",", 1)[0].strip()
                if name.lower() in seen or name in ("*", "?", "$"):
                    continue
                seen.add(name.lower())
                if ctx.keys.info(name.lower()).multivalued:
                    yield f"Statement[{st.index}]", {"variable": name}
