"""Parse and validate a policy document: JSON text or an already-parsed mapping (TOML table).

What IAM rejects raises `MalformedPolicyDocument` naming the place (`Statement[1].Effect`).
Parsing only parses: what IAM Access Analyzer would flag is a separate call, `lint_policy`
(rolesim.core.lint), given the catalogue, made where someone reads the findings; the evaluator
compiles a policy on first use. Statement
indexes in paths count from 0, as JSON arrays (and Access Analyzer locations) do; a single
statement object is `Statement[0]`. The validated document is kept as `raw`, JSON-shaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import fields
from difflib import get_close_matches
from typing import Any

from rolesim.core.policy.conditions import OPERATORS, SET_OPERATORS, split_operator
from rolesim.core.policy.model import (
    ConditionClause,
    MalformedPolicyDocument,
    Policy,
    PolicyType,
    PrincipalSpec,
    Statement,
)

VERSIONS = ("2012-10-17", "2008-10-17")
TOP_KEYS = ("Version", "Id", "Statement")
STATEMENT_KEYS = ("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                  "Resource", "NotResource", "Condition")
PRINCIPAL_KINDS = ("AWS", "Service", "Federated", "CanonicalUser")
PRINCIPAL_POLICIES = (PolicyType.TRUST, PolicyType.RESOURCE)
RESOURCE_REQUIRED = (PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.SESSION)


# A fixed character class (never built from policy text): PL-11 allows only tab, LF, CR and
# U+0020..U+00FF.
_FORBIDDEN = re.compile("[^\t\n\r\u0020-\u00ff]")


def _check_text(text: str) -> None:
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        offset, char = bad.start(), bad.group()
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise MalformedPolicyDocument(
            f"character U+{ord(char):04X} is not allowed in a policy document "
            "(only tab, LF, CR and U+0020..U+00FF)", f"line {line}, column {col}")


def _plain(value: Any, path: str) -> Any:
    """Deep-copy into plain JSON shapes (dict/list/str/bool/number), checking PL-11 on every
    string. tomlkit items and tuples become plain dicts/lists."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise MalformedPolicyDocument("element names must be strings", path)
            sub = f"{path}.{key}" if path else key
            _check_string(key, sub)
            out[str(key)] = _plain(item, sub)
        return out
    if isinstance(value, list | tuple):
        return [_plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, str):
        _check_string(value, path)
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)  # tomlkit integers become plain ints
    if isinstance(value, float):
        return float(value)
    raise MalformedPolicyDocument(f"unsupported value of type {type(value).__name__}", path)


def _check_string(text: str, path: str) -> None:
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        raise MalformedPolicyDocument(
            f"character U+{ord(bad.group()):04X} is not allowed in a policy document "
            "(only tab, LF, CR and U+0020..U+00FF)", path)


MAX_DOCUMENT_DEPTH = 32
"""Objects and arrays nested deeper than this are refused: a real policy needs about six
(Statement, a statement, Condition, an operator, a key, its values)."""
_TOO_DEEP = f"objects and arrays nested more than {MAX_DOCUMENT_DEPTH} levels deep"


def _check_depth(data: Any) -> None:
    """A document nested deeper than MAX_DOCUMENT_DEPTH is refused, not a RecursionError."""
    if isinstance(data, Mapping | list | tuple) and _deeper(data, 1):
        raise MalformedPolicyDocument(_TOO_DEEP, "")


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _deeper(node: Any, depth: int) -> bool:
    """Whether a container at `depth` (the document itself is 1) holds anything deeper than
    MAX_DOCUMENT_DEPTH: recursion at most that deep, scalars skipped by their type."""
    if depth >= MAX_DOCUMENT_DEPTH:
        return len(node) > 0
    kind: type = type(node)
    children = node.values() if kind is dict or (
        kind is not list and isinstance(node, Mapping)) else node
    for child in children:
        kind = type(child)
        if kind in _SCALARS:
            continue
        if (kind is dict or kind is list or isinstance(child, Mapping | list | tuple)) and (
                _deeper(child, depth + 1)):
            return True
    return False


def load_document(document: str | Mapping[str, Any]) -> dict[str, Any]:
    """JSON text or mapping -> a plain JSON-shaped dict (PL-11 checked)."""
    if isinstance(document, str):
        _check_text(document)
        try:
            data = json.loads(document)
        except json.JSONDecodeError as exc:
            raise MalformedPolicyDocument(
                f"invalid JSON: {exc.msg}", f"line {exc.lineno}, column {exc.colno}") from None
        except RecursionError:
            raise MalformedPolicyDocument(_TOO_DEEP, "") from None
    else:
        data = document
    _check_depth(data)
    if not isinstance(data, Mapping):
        raise MalformedPolicyDocument("a policy document must be a JSON object", "")
    if isinstance(document, str) and "\\" not in document:
        # json.loads made plain shapes, and without an escape every string is a piece of the
        # text _check_text has just checked (PL-11): no need to walk it again.
        return dict(data)
    plain: dict[str, Any] = _plain(data, "")
    return plain


def _strings(value: Any, path: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    """String-or-list of strings, as IAM allows almost everywhere."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        if not value and not allow_empty:
            raise MalformedPolicyDocument("must not be an empty list", path)
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise MalformedPolicyDocument(f"must be a string, not {_given(item)}",
                                              f"{path}[{i}]")
            out.append(item)
        return tuple(out)
    raise MalformedPolicyDocument(f"must be a string or a list of strings, not {_given(value)}",
                                  path)


def _given(value: Any) -> str:
    """A wrong JSON value in words (`a number 42`, `true`, `an object`), short whatever its
    size: the message is one line."""
    if isinstance(value, bool) or value is None:
        return "null" if value is None else str(value).lower()
    if isinstance(value, int | float):
        shown = repr(value)
        return f"a number {shown}" if len(shown) <= 24 else "a number"
    if isinstance(value, dict):
        return "an object"
    return "an array" if isinstance(value, list) else type(value).__name__


def _plain_strings(value: Any) -> tuple[str, ...] | None:
    """A string, or a non-empty list of nothing but strings, as a tuple; None for anything
    else (which `_strings` then words). The common case, without building a path."""
    if type(value) is str:
        return (value,)
    if type(value) is list and value:
        for item in value:
            if type(item) is not str:
                return None
        return tuple(value)
    return None


def _condition_values(value: Any, path: str) -> tuple[str, ...]:
    """Condition values may also be JSON booleans and numbers (`"Bool": {"k": true}`)."""
    items = value if isinstance(value, list) else [value]
    if not items:
        raise MalformedPolicyDocument("must not be an empty list", path)
    out = []
    for i, item in enumerate(items):
        where = f"{path}[{i}]" if isinstance(value, list) else path
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, int | float):
            out.append(str(item))
        elif isinstance(item, str):
            out.append(item)
        else:
            raise MalformedPolicyDocument("condition values must be strings", where)
    return tuple(out)


def _principal(value: Any, path: str) -> PrincipalSpec:
    """TP-02 forms; TP-03 (no groups) and TP-04 (no partial wildcards) enforced."""
    if value == "*":
        return PrincipalSpec(True, {})
    if not isinstance(value, Mapping) or not value:
        raise MalformedPolicyDocument(
            'Invalid principal in policy: must be "*" or a map of AWS/Service/Federated/'
            "CanonicalUser to values", path)
    values: dict[str, tuple[str, ...]] = {}
    wildcard = False
    for kind, raw in value.items():
        where = f"{path}.{kind}"
        if kind not in PRINCIPAL_KINDS:
            raise MalformedPolicyDocument(
                f"Invalid principal in policy: unknown principal type {kind!r} "
                "(AWS, Service, Federated or CanonicalUser)", where)
        items = _strings(raw, where)
        for item in items:
            _check_principal_value(kind, item, where)
        if kind == "AWS" and "*" in items:
            wildcard = True
        values[kind] = items
    return PrincipalSpec(wildcard, values)


def _check_principal_value(kind: str, item: str, where: str) -> None:
    shown = f'"{kind}":"{item}"'
    if item != "*" and ("*" in item or "?" in item):
        raise MalformedPolicyDocument(
            f"Invalid principal in policy: {shown} (a wildcard cannot match part of a "
            "principal, TP-04)", where)
    if kind != "AWS" or item == "*":
        return
    if len(item) == 12 and item.isdigit():
        return
    if item.startswith(("AIDA", "AROA")) and item.isalnum():
        return
    parts = item.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise MalformedPolicyDocument(f"Invalid principal in policy: {shown}", where)
    service, resource = parts[2], parts[5]
    if service == "iam" and resource.startswith("group/"):
        raise MalformedPolicyDocument(
            f"Invalid principal in policy: {shown} (IAM groups cannot be principals, TP-03)", where)
    ok = (service == "iam" and (resource == "root" or resource.startswith(("user/", "role/")))) or (
        service == "sts" and resource.startswith(("assumed-role/", "federated-user/")))
    if not ok:
        raise MalformedPolicyDocument(f"Invalid principal in policy: {shown}", where)


def _plain_actions(value: Any) -> tuple[str, ...] | None:
    """An Action element in its common shape (strings, each with a vendor prefix or `*`),
    checked without building its path; None for anything else (`_actions` says what)."""
    items = _plain_strings(value)
    if items is not None:
        for item in items:
            if ":" not in item and item != "*":
                return None
    return items


def _actions(value: Any, path: str) -> tuple[str, ...]:
    items = _plain_actions(value)
    if items is not None:
        return items
    items = _strings(value, path)
    for i, item in enumerate(items):
        if item != "*" and ":" not in item:
            where = f"{path}[{i}]" if isinstance(value, list) else path
            raise MalformedPolicyDocument(
                f"Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. "
                f"(got {item!r})", where)
    return items


_RESOURCE = re.compile(r"arn:[^:]*:[^:*?]*:[^:]*:[^:]*:")
"""An ARN pattern IAM accepts: `arn:` and five more colons, no wildcard in the service part
(PL-06). What `_resources` checks item by item, in one match."""


def _plain_resources(value: Any) -> tuple[str, ...] | None:
    """A Resource element in its common shape (`*` or ARNs IAM accepts), checked without
    building its path; None for anything else (`_resources` says what)."""
    items = _plain_strings(value)
    if items is not None:
        match = _RESOURCE.match
        for item in items:
            if item != "*" and match(item) is None:
                return None
    return items


def _resources(value: Any, path: str) -> tuple[str, ...]:
    items = _plain_resources(value)
    if items is not None:
        return items
    items = _strings(value, path)
    for i, item in enumerate(items):
        where = f"{path}[{i}]" if isinstance(value, list) else path
        if item == "*":
            continue
        parts = item.split(":", 5)
        if not item.startswith("arn:") or len(parts) < 6:
            raise MalformedPolicyDocument(f'Resource {item} must be in ARN format or "*".', where)
        if "*" in parts[2] or "?" in parts[2]:
            raise MalformedPolicyDocument(
                f"Resource {item}: the service part of an ARN cannot hold a wildcard (PL-06)",
                where)
    return items


def _valid_operators() -> dict[str, tuple[str | None, str, bool]]:
    """Every operator as it may be written (`ForAnyValue:StringLikeIfExists`), with what
    `split_operator` makes of it: looked up once per clause instead of split and checked."""
    out: dict[str, tuple[str | None, str, bool]] = {}
    for base in OPERATORS:
        for prefix in ("", *(f"{op}:" for op in SET_OPERATORS)):
            for suffix in ("", "IfExists"):
                written = prefix + base + suffix
                set_op, found, if_exists = split_operator(written)
                if found in OPERATORS and not (found == "Null" and (if_exists or set_op)):
                    out[written] = (set_op, found, if_exists)
    return out


_OPERATOR_FORMS = _valid_operators()


def _conditions(value: Any, path: str) -> tuple[ConditionClause, ...]:
    if type(value) is not dict and not isinstance(value, Mapping):
        raise MalformedPolicyDocument("Condition must be a map of operators", path)
    clauses: list[ConditionClause] = []
    for written, block in value.items():
        form = _OPERATOR_FORMS.get(written)
        if form is None:
            form = _operator_problem(written, f"{path}.{written}")
        set_op, base, if_exists = form
        if not block or (type(block) is not dict and not isinstance(block, Mapping)):
            raise MalformedPolicyDocument("must be a map of condition keys to values",
                                          f"{path}.{written}")
        for key, raw in block.items():
            values = _plain_strings(raw)
            if values is None:
                values = _condition_values(raw, f"{path}.{written}.{key}")
            if base == "Null":
                for v in values:
                    if v.lower() not in ("true", "false"):
                        raise MalformedPolicyDocument(
                            'Null takes "true" or "false"', f"{path}.{written}.{key}")
            clauses.append(_new_clause(base, set_op, if_exists, key, key.lower(), values,
                                       written))
    return tuple(clauses)


def _operator_problem(written: str, where: str) -> tuple[str | None, str, bool]:
    """What is wrong with an operator not in `_OPERATOR_FORMS` (raised), or its parts."""
    set_op, base, if_exists = split_operator(written)
    if base not in OPERATORS or (base == "Null" and (if_exists or set_op)):
        hint = get_close_matches(base, list(OPERATORS), n=1)
        extra = f" (did you mean {hint[0]}?)" if hint and hint[0] != base else ""
        if base == "Null" and if_exists:
            extra = " (Null cannot take IfExists, CO-07)"
        elif base == "Null" and set_op:
            extra = f" (Null cannot take {set_op})"
        raise MalformedPolicyDocument(f"unknown condition operator{extra}", where)
    return set_op, base, if_exists


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The slot descriptors' setters of a frozen slotted dataclass, in field order: they
    fill a new instance about twice as fast as its generated `__init__`, which goes through
    `object.__setattr__` field by field (this runs for every statement and clause of every
    document a world holds)."""
    if tuple(f.name for f in fields(cls)) != names:
        raise TypeError(f"{cls.__name__}'s fields changed: update parse.py's maker")
    return tuple(getattr(cls, name).__set__ for name in names)


_CLAUSE_SET = _slot_setters(ConditionClause, ("operator", "set_op", "if_exists", "key",
                                              "key_lower", "values", "written_operator"))
_STATEMENT_SET = _slot_setters(Statement, ("index", "sid", "effect", "principal",
                                           "not_principal", "actions", "not_actions",
                                           "resources", "not_resources", "conditions"))


def _new_clause(operator: str, set_op: str | None, if_exists: bool, key: str, key_lower: str,
                values: tuple[str, ...], written: str, _new: Any = object.__new__,
                _set: tuple[Any, ...] = _CLAUSE_SET) -> ConditionClause:
    """`ConditionClause(...)`, the same object, made faster (`_slot_setters`)."""
    clause: ConditionClause = _new(ConditionClause)
    s0, s1, s2, s3, s4, s5, s6 = _set
    s0(clause, operator)
    s1(clause, set_op)
    s2(clause, if_exists)
    s3(clause, key)
    s4(clause, key_lower)
    s5(clause, values)
    s6(clause, written)
    return clause


def _new_statement(index: int, sid: str | None, effect: str, principal: PrincipalSpec | None,
                   not_principal: PrincipalSpec | None, actions: tuple[str, ...] | None,
                   not_actions: tuple[str, ...] | None, resources: tuple[str, ...] | None,
                   not_resources: tuple[str, ...] | None,
                   conditions: tuple[ConditionClause, ...], _new: Any = object.__new__,
                   _set: tuple[Any, ...] = _STATEMENT_SET) -> Statement:
    """`Statement(...)`, the same object, made faster (`_slot_setters`)."""
    statement: Statement = _new(Statement)
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 = _set
    s0(statement, index)
    s1(statement, sid)
    s2(statement, effect)
    s3(statement, principal)
    s4(statement, not_principal)
    s5(statement, actions)
    s6(statement, not_actions)
    s7(statement, resources)
    s8(statement, not_resources)
    s9(statement, conditions)
    return statement


_POLICY_SET = _slot_setters(Policy, ("kind", "version", "id", "statements", "raw"))


def _new_policy(kind: PolicyType, version: str | None, policy_id: str | None,
                statements: tuple[Statement, ...], raw: dict[str, Any],
                _new: Any = object.__new__, _set: tuple[Any, ...] = _POLICY_SET) -> Policy:
    """`Policy(...)`, the same object, made faster (`_slot_setters`)."""
    policy: Policy = _new(Policy)
    s0, s1, s2, s3, s4 = _set
    s0(policy, kind)
    s1(policy, version)
    s2(policy, policy_id)
    s3(policy, statements)
    s4(policy, raw)
    return policy


_ABSENT = object()
"""An element not written at all (an explicit null is an error, as IAM says)."""
_STATEMENT_KEY_SET = frozenset(STATEMENT_KEYS)


def _statement(data: Any, index: int, kind: PolicyType) -> Statement:
    if type(data) is not dict and not isinstance(data, Mapping):  # the ABC's check is slow
        raise MalformedPolicyDocument("a statement must be a JSON object", _at(index))
    if not _STATEMENT_KEY_SET.issuperset(data):
        for key in data:
            if key not in STATEMENT_KEYS:
                raise MalformedPolicyDocument(f"unknown element {key!r}", _at(index, key))
    get = data.get
    sid = get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise MalformedPolicyDocument("Sid must be a string", _at(index, "Sid"))
    effect = get("Effect")
    if effect != "Allow" and effect != "Deny":
        shown = "missing" if effect is None else repr(effect)
        raise MalformedPolicyDocument(
            f'Effect must be "Allow" or "Deny" (got {shown})', _at(index, "Effect"))
    if ("Action" in data) == ("NotAction" in data):
        raise MalformedPolicyDocument(
            "a statement needs exactly one of Action or NotAction", _at(index))
    if "Resource" in data and "NotResource" in data:
        raise MalformedPolicyDocument("a statement cannot have both Resource and NotResource",
                                      _at(index))
    has_resource = "Resource" in data or "NotResource" in data
    has_principal = "Principal" in data or "NotPrincipal" in data
    if kind in PRINCIPAL_POLICIES:
        if "Principal" in data and "NotPrincipal" in data:
            raise MalformedPolicyDocument(
                "a statement cannot have both Principal and NotPrincipal", _at(index))
        if kind is PolicyType.TRUST:
            if "NotPrincipal" in data:
                raise MalformedPolicyDocument(
                    "Has prohibited field NotPrincipal (not allowed in a trust policy, PL-09)",
                    _at(index, "NotPrincipal"))
            if has_resource:
                field = "Resource" if "Resource" in data else "NotResource"
                raise MalformedPolicyDocument(f"Has prohibited field {field}", _at(index, field))
        if not has_principal:
            raise MalformedPolicyDocument(
                f"a {kind} statement must name a Principal", _at(index, "Principal"))
    else:
        if has_principal:
            field = "Principal" if "Principal" in data else "NotPrincipal"
            raise MalformedPolicyDocument(
                "Policy document should not specify a principal.", _at(index, field))
        if kind in RESOURCE_REQUIRED and not has_resource:
            raise MalformedPolicyDocument(
                "a statement needs Resource or NotResource (PL-03)", _at(index, "Resource"))
    # Each element is checked only when present, its path made only when something is wrong
    # or unusual (this runs per statement of every document of a world).
    principal = not_principal = None
    if has_principal:
        value = get("Principal", _ABSENT)
        principal = None if value is _ABSENT else _principal(value, _at(index, "Principal"))
        value = get("NotPrincipal", _ABSENT)
        not_principal = (None if value is _ABSENT
                         else _principal(value, _at(index, "NotPrincipal")))
    actions = not_actions = None
    value = get("Action", _ABSENT)
    if value is not _ABSENT:
        actions = _plain_actions(value) or _actions(value, _at(index, "Action"))
    else:
        value = get("NotAction", _ABSENT)
        if value is not _ABSENT:
            not_actions = _plain_actions(value) or _actions(value, _at(index, "NotAction"))
    resources = not_resources = None
    value = get("Resource", _ABSENT)
    if value is not _ABSENT:
        resources = _plain_resources(value) or _resources(value, _at(index, "Resource"))
    else:
        value = get("NotResource", _ABSENT)
        if value is not _ABSENT:
            not_resources = (_plain_resources(value)
                             or _resources(value, _at(index, "NotResource")))
    value = get("Condition", _ABSENT)
    conditions = () if value is _ABSENT else _conditions(value, _at(index, "Condition"))
    return _new_statement(index, sid, effect, principal, not_principal, actions, not_actions,
                          resources, not_resources, conditions)


def _at(index: int, element: str = "") -> str:
    """The path of a statement (`Statement[1]`) or of one of its elements."""
    return f"Statement[{index}].{element}" if element else f"Statement[{index}]"


def parse_policy(document: str | Mapping[str, Any], kind: PolicyType) -> Policy:
    """Parse JSON text or a mapping into a `Policy` of the given kind, or raise
    `MalformedPolicyDocument` naming the place. Nothing is linted or compiled here."""
    if isinstance(document, str) and "\\" not in document:
        raw = _json_object(document)
        try:
            return _policy(raw, kind)
        except (MalformedPolicyDocument, RecursionError):
            if _deeper(raw, 1):  # too deep is said first, whatever else is wrong
                raise MalformedPolicyDocument(_TOO_DEEP, "") from None
            raise
    return _policy(load_document(document), kind)


def _json_object(text: str) -> dict[str, Any]:
    """`load_document` for JSON text without an escape, in the order it checks (PL-11, the
    JSON, the depth, an object), but with the depth left to the caller: a document that
    parses is at most six levels deep (every element's shape is checked), so the depth needs
    walking only when something is wrong. PL-11 needs no search in ASCII text that json.loads
    took: it refuses every control character but tab, LF and CR, in strings or out."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _check_text(text)
        raise MalformedPolicyDocument(
            f"invalid JSON: {exc.msg}", f"line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        _check_text(text)
        raise MalformedPolicyDocument(_TOO_DEEP, "") from None
    if not text.isascii():
        _check_text(text)
    if type(data) is not dict:
        _check_depth(data)
        raise MalformedPolicyDocument("a policy document must be a JSON object", "")
    return data


def _policy(raw: dict[str, Any], kind: PolicyType) -> Policy:
    """The checked document as a `Policy`."""
    for key in raw:
        if key not in TOP_KEYS:
            raise MalformedPolicyDocument(f"unknown element {key!r}", key)
    version = raw.get("Version")
    if version is not None and version not in VERSIONS:
        raise MalformedPolicyDocument(
            f"The policy failed legacy parsing: Version must be 2012-10-17 or 2008-10-17 "
            f"(got {version!r})", "Version")
    policy_id = raw.get("Id")
    if policy_id is not None and not isinstance(policy_id, str):
        raise MalformedPolicyDocument("Id must be a string", "Id")
    if "Statement" not in raw:
        raise MalformedPolicyDocument("a policy needs a Statement", "Statement")
    body = raw["Statement"]
    items = body if isinstance(body, list) else [body]
    statements = tuple([_statement(item, i, kind) for i, item in enumerate(items)])
    seen: dict[str, int] = {}
    for st in statements:
        if st.sid:
            if st.sid in seen:
                raise MalformedPolicyDocument(
                    f"Statement IDs (SID) in a single policy must be unique ({st.sid!r} is also "
                    f"Statement[{seen[st.sid]}])", f"Statement[{st.index}].Sid")
            seen[st.sid] = st.index
    return _new_policy(kind, version, policy_id, statements, raw)
