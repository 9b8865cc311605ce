"""What each kind of step takes, field by field, and how a form's text becomes a TOML-shaped step.

The table mirrors the `do` table of the scenario format so that the step dialogs offer every
parameter of every kind of step. Pure Python (no Textual): the dialogs render it, tests check it.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from rolesim.core.clock import format_time


class FieldKind(StrEnum):
    """How a field is edited and how its text is read back."""

    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    ROLE = "role"
    PRINCIPAL = "principal"
    POLICY_ARN = "policy_arn"
    POLICY_ARNS = "policy_arns"
    RESOURCE = "resource"
    ACTION = "action"
    DOC = "doc"
    TABLE = "table"
    LIST = "list"
    TAGS = "tags"
    ADVANCE = "advance"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One parameter of a step: its key in the file, its label and how it is edited."""

    key: str
    label: str
    kind: FieldKind
    required: bool = False
    hint: str = ""
    source: str = ""
    """For pickers: which names of the world to suggest (`roles`, `users`, `providers:saml`...)."""


def _f(
    key: str,
    kind: FieldKind,
    label: str = "",
    *,
    required: bool = False,
    hint: str = "",
    source: str = "",
) -> FieldSpec:
    return FieldSpec(key, label or key.replace("_", " "), kind, required, hint, source)


_DURATION = _f("duration", FieldKind.INT, hint="seconds; AWS accepts 900..43200 (AR-03)")
_POLICY = _f("policy", FieldKind.DOC, "session policy", hint="JSON policy document")
_POLICY_ARNS = _f(
    "policy_arns",
    FieldKind.POLICY_ARNS,
    "policy ARNs",
    hint="managed policies, comma-separated",
    source="policies",
)
_ROLE = _f("role", FieldKind.ROLE, required=True, source="roles")
_PRINCIPAL = _f("principal", FieldKind.PRINCIPAL, required=True, source="principals")
_BY = _f("by", FieldKind.TEXT, "made by", hint="trainer (default) or caller: the current "
         "credentials, authorized like a call")
_BY_CALLER = _f("by", FieldKind.TEXT, "made by", hint="caller (default): the current "
                "credentials, authorized like a call; or trainer")
_USER = _f("user", FieldKind.PRINCIPAL, hint="user ARN; empty means the caller's own user",
           source="users_roles")
_USER_REQUIRED = _f("user", FieldKind.PRINCIPAL, required=True, source="users_roles")
_GROUP = _f("group", FieldKind.TEXT, required=True, hint="group ARN")
_FUNCTION = _f("function", FieldKind.TEXT, required=True,
               hint="name or arn:aws:lambda:REGION:ACCOUNT:function:NAME")

STEP_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "sign-in": (
        _f(
            "principal",
            FieldKind.PRINCIPAL,
            required=True,
            source="signins",
            hint="user ARN or arn:aws:iam::ACCOUNT:root",
        ),
        _f("mfa", FieldKind.BOOL, "signed in with MFA"),
        _f("using", FieldKind.TEXT, "signs in with", hint="access-key or password: the user "
           "must hold it; empty: the trainer signs the user in"),
    ),
    "assume-role": (
        _ROLE,
        _f(
            "session_name",
            FieldKind.TEXT,
            "session name",
            required=True,
            hint="2..64 of letters, digits and _+=,.@- (AR-02)",
        ),
        _DURATION,
        _f("external_id", FieldKind.TEXT, "external ID", source="external_ids",
           hint="→ completes an ID a role's trust policy asks for (TP-13)"),
        _f(
            "tags",
            FieldKind.TAGS,
            "session tags",
            hint="tick 'transitive' to pass a tag along the chain",
        ),
        _POLICY,
        _POLICY_ARNS,
        _f("source_identity", FieldKind.TEXT, "source identity"),
        _f("mfa", FieldKind.BOOL, "passes a valid MFA code"),
    ),
    "assume-role-with-web-identity": (
        _ROLE,
        _f("session_name", FieldKind.TEXT, "session name", required=True),
        _f(
            "issuer",
            FieldKind.TEXT,
            required=True,
            source="providers:oidc",
            hint="host and path, e.g. token.actions.githubusercontent.com",
        ),
        _f(
            "claims",
            FieldKind.TABLE,
            hint='one claim a line: sub = "repo:org/app:ref:refs/heads/main"',
        ),
        _DURATION,
        _POLICY,
        _POLICY_ARNS,
    ),
    "assume-role-with-saml": (
        _ROLE,
        _f("provider", FieldKind.TEXT, "SAML provider", required=True, source="providers:saml"),
        _f("subject", FieldKind.TEXT, required=True),
        _f(
            "attributes",
            FieldKind.TABLE,
            hint="one SAML attribute a line: name = value or [values]",
        ),
        _f("audience", FieldKind.TEXT, hint="default https://signin.aws.amazon.com/saml"),
        _f("not_on_or_after", FieldKind.TEXT, "not on or after", hint="RFC 3339 date-time"),
        _DURATION,
        _POLICY,
        _POLICY_ARNS,
    ),
    "get-session-token": (_DURATION, _f("mfa", FieldKind.BOOL, "passes a valid MFA code")),
    "get-federation-token": (
        _f("name", FieldKind.TEXT, required=True),
        _DURATION,
        _POLICY,
        _POLICY_ARNS,
        _f("tags", FieldKind.TABLE, "session tags", hint='one tag a line: team = "ops"'),
    ),
    "instance-credentials": (
        _f(
            "instance_profile",
            FieldKind.TEXT,
            "instance profile",
            required=True,
            source="instance_profiles",
        ),
        _f("instance_id", FieldKind.TEXT, "instance ID", hint="default i-0123456789abcdef0"),
    ),
    "service-assume-role": (
        _f("service", FieldKind.TEXT, required=True, hint="e.g. lambda.amazonaws.com"),
        _ROLE,
        _f("source_arn", FieldKind.RESOURCE, "source ARN", source="resources"),
        _f("source_account", FieldKind.TEXT, "source account", source="accounts"),
    ),
    "call": (
        _f("action", FieldKind.ACTION, required=True, hint="service:Action, e.g. s3:GetObject"),
        _f("resource", FieldKind.RESOURCE, hint="ARN; empty means *", source="resources"),
        _f(
            "context",
            FieldKind.TABLE,
            "context keys",
            hint='one key a line: aws:SourceIp = "10.0.0.1"',
        ),
    ),
    "advance": (_f("amount", FieldKind.ADVANCE, "advance the clock by", required=True),),
    "exit": (),
    "revoke-sessions": (_ROLE, _BY),
    "update-trust": (_ROLE, _f("trust", FieldKind.DOC, "trust policy", required=True), _BY),
    "attach-policy": (
        _PRINCIPAL,
        _f("policy", FieldKind.POLICY_ARN, required=True, source="policies"),
        _BY,
    ),
    "detach-policy": (
        _PRINCIPAL,
        _f("policy", FieldKind.POLICY_ARN, required=True, source="policies"),
        _BY,
    ),
    "put-policy": (
        _PRINCIPAL,
        _f("name", FieldKind.TEXT, required=True),
        _f("document", FieldKind.DOC, required=True),
        _BY,
    ),
    "delete-policy": (_PRINCIPAL, _f("name", FieldKind.TEXT, required=True), _BY),
    "set-boundary": (
        _PRINCIPAL,
        _f("policy", FieldKind.POLICY_ARN, hint="empty removes the boundary", source="policies"),
        _BY,
    ),
    "recreate": (_f("principal", FieldKind.PRINCIPAL, required=True, source="users_roles"),
                 _BY),
    "create-access-key": (_USER, _BY_CALLER),
    "create-login-profile": (_USER, _BY_CALLER),
    "update-login-profile": (_USER, _BY_CALLER),
    "add-user-to-group": (_USER_REQUIRED, _GROUP, _BY_CALLER),
    "remove-user-from-group": (_USER_REQUIRED, _GROUP, _BY_CALLER),
    "create-policy-version": (
        _f("policy", FieldKind.POLICY_ARN, required=True, source="policies"),
        _f("document", FieldKind.DOC, required=True),
        _f("set_as_default", FieldKind.BOOL, "make it the default version"),
        _BY_CALLER,
    ),
    "set-default-policy-version": (
        _f("policy", FieldKind.POLICY_ARN, required=True, source="policies"),
        _f("version", FieldKind.TEXT, required=True, hint="v1..v5"),
        _BY_CALLER,
    ),
    "run-instance": (
        _f("instance_profile", FieldKind.TEXT, "instance profile", required=True,
           source="instance_profiles"),
        _f("instance_id", FieldKind.TEXT, "instance ID", hint="default i-0123456789abcdef0"),
        _BY_CALLER,
    ),
    "create-function": (_FUNCTION, _ROLE, _BY_CALLER),
    "update-function-code": (_FUNCTION, _BY_CALLER),
    "invoke-function": (_FUNCTION, _BY_CALLER),
    "pass-role": (
        _ROLE,
        _f("service", FieldKind.TEXT, required=True, hint="e.g. glue.amazonaws.com"),
        _BY_CALLER,
    ),
}
"""Every kind of step (the scenario format's `do` table) and its parameters, in order."""

COMMON_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "expect",
        FieldKind.TEXT,
        hint="allowed, denied, explicitDeny, implicitDeny, ok or an error code",
    ),
    _f(
        "expect_session",
        FieldKind.TABLE,
        "expect session",
        hint="session fields a line: chained = true",
    ),
    _f("note", FieldKind.TEXT, hint="for the trainer; never shown to a learner"),
    _f("explain", FieldKind.TEXT, hint="for the learner, after the step has run (Markdown)"),
)
"""What any step may carry."""

STEP_KINDS: tuple[str, ...] = tuple(STEP_FIELDS)

FIRST_FIELDS = ("expect", "note")
"""Shown first in every step dialog: what a trainer sets on every step (two keys away at most)."""

ARN_SOURCES = frozenset({"roles", "principals", "signins", "users_roles", "policies",
                         "resources", "instance_profiles", "providers:saml"})
"""Pickers whose values are ARNs of the world: offered with search and a missing-ARN note."""


def dialog_fields(kind: str) -> tuple[FieldSpec, ...]:
    """A step dialog's fields in the order shown: expect and note, the kind's parameters,
    then the rest of what any step may carry."""
    first = tuple(f for f in COMMON_FIELDS if f.key in FIRST_FIELDS)
    rest = tuple(f for f in COMMON_FIELDS if f.key not in FIRST_FIELDS)
    return first + STEP_FIELDS[kind] + rest

EXPECT_CHOICES: tuple[str, ...] = (
    "allowed",
    "denied",
    "explicitDeny",
    "implicitDeny",
    "ok",
    "AccessDenied",
    "ValidationError",
    "InvalidParameterValue",
    "MalformedPolicyDocument",
    "PackedPolicyTooLarge",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidIdentityToken",
    "IDPRejectedClaim",
    "UnmodifiableEntity",
    "MissingAuthenticationToken",
    "NothingToExit",
)

_ADVANCE_UNITS = ("seconds", "minutes", "hours")


class FieldError(ValueError):
    """A field whose text cannot be read; `key` names the field."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}")


def toml_value(value: Any) -> str:
    """An inline TOML rendering of a value, as a `key = value` line shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value))


def _toml_key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum()
    return key if bare else json.dumps(key)


def parse_value(text: str) -> Any:
    """A TOML value (`"x"`, `true`, `3`, `["a"]`, `{ k = "v" }`), or the bare text as a string."""
    text = text.strip()
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def table_to_text(table: Mapping[str, Any] | None) -> str:
    """`key = value` lines for a TextArea."""
    if not table:
        return ""
    return "\n".join(f"{key} = {toml_value(value)}" for key, value in table.items())


def text_to_table(key: str, text: str) -> dict[str, Any]:
    """Read `key = value` lines; the key is the text before the first ` = ` (so `aws:SourceIp`
    needs no quotes), the value a TOML value or bare text."""
    table: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, value = line.partition("=")
        name = name.strip().strip('"')
        if not sep or not name:
            raise FieldError(key, f"line {number}: expected `key = value`, got {line.strip()!r}")
        table[name] = parse_value(value)
    return table


def doc_to_text(document: Any) -> str:
    """A policy document as the JSON text a TextArea shows (a string stays as written)."""
    if document is None:
        return ""
    if isinstance(document, str):
        return document
    return json.dumps(document, indent=2)


def advance_parts(step: Mapping[str, Any]) -> tuple[int, str]:
    """(amount, unit) of an `advance` step; (1, "minutes") for a new one."""
    for unit in _ADVANCE_UNITS:
        if unit in step:
            return int(step[unit]), unit
    return 1, "minutes"


@dataclass(frozen=True, slots=True)
class TagEntry:
    """One session tag as the tag editor shows it."""

    key: str
    value: str
    transitive: bool = False


def tags_from_step(step: Mapping[str, Any]) -> list[TagEntry]:
    tags = step.get("tags") or {}
    transitive = {str(k).lower() for k in step.get("transitive_tag_keys") or ()}
    return [TagEntry(str(k), str(v), str(k).lower() in transitive) for k, v in tags.items()]


def tags_to_step(entries: Sequence[TagEntry]) -> dict[str, Any]:
    """`tags` and `transitive_tag_keys` keys for a step (omitted when empty)."""
    out: dict[str, Any] = {}
    kept = [e for e in entries if e.key.strip()]
    if kept:
        out["tags"] = {e.key.strip(): e.value for e in kept}
    transitive = [e.key.strip() for e in kept if e.transitive]
    if transitive:
        out["transitive_tag_keys"] = transitive
    return out


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def read_field(spec: FieldSpec, raw: Any) -> Any:
    """Turn one widget's value into the step's value; None means the key is left out."""
    if spec.kind is FieldKind.BOOL:
        return True if raw else None
    if spec.kind is FieldKind.POLICY_ARNS or spec.kind is FieldKind.LIST:
        items = split_list(str(raw or ""))
        return items or None
    text = str(raw if raw is not None else "")
    if spec.kind is FieldKind.TABLE:
        return text_to_table(spec.key, text) or None
    if spec.kind is FieldKind.INT:
        if not text.strip():
            return None
        try:
            return int(text.strip())
        except ValueError:
            raise FieldError(spec.key, f"{text.strip()!r} is not a whole number") from None
    if spec.kind is FieldKind.DOC:
        return text if text.strip() else None
    if spec.kind is FieldKind.POLICY_ARN and spec.key == "policy" and not spec.required:
        return text.strip()  # set-boundary: "" removes the boundary
    return text.strip() or None


def build_step(
    kind: str, values: Mapping[str, Any], *, keep: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A TOML-shaped step table from the dialog's values.

    `values` maps each field key to its widget value (tags as a list of TagEntry, advance as
    (amount, unit)). Keys the dialog does not know in `keep` (the step being edited) are kept.
    Raises FieldError naming the first field that is missing or unreadable.
    """
    specs = STEP_FIELDS[kind] + COMMON_FIELDS
    known = {s.key for s in specs} | {"do", "transitive_tag_keys", *_ADVANCE_UNITS}
    step: dict[str, Any] = {"do": kind}
    for spec in specs:
        raw = values.get(spec.key)
        if spec.kind is FieldKind.TAGS:
            step.update(tags_to_step(list(raw or ())))
            continue
        if spec.kind is FieldKind.ADVANCE:
            amount, unit = raw if raw else (0, "minutes")
            if int(amount) <= 0:
                raise FieldError(spec.key, "the clock moves forward by a whole number above 0")
            step[unit] = int(amount)
            continue
        value = read_field(spec, raw)
        if value is None or (value == "" and spec.required):
            if spec.required:
                raise FieldError(spec.key, "is required")
            continue
        step[spec.key] = value
    for key, value in (keep or {}).items():
        if key not in known and key not in step:
            step[key] = value
    return step


def duration_warning(text: str) -> str:
    """What AWS will say about this duration, if anything: the dialog warns but lets a trainer
    keep it, since showing the ValidationError can be the lesson (AR-03)."""
    try:
        seconds = int(text.strip())
    except ValueError:
        return ""
    if not 900 <= seconds <= 43200:
        return "AWS rejects this duration with ValidationError (900..43200, AR-03)"
    if seconds > 3600:
        return "over 1 hour: ValidationError if this hop is role chaining (CH-02)"
    return ""


def world_choices(world: Any, source: str) -> list[str]:
    """Names of the world a picker offers: `roles`, `principals`, `signins`, `policies`,
    `resources`, `instance_profiles`, `accounts`, `users_roles`, `providers:saml|oidc`."""
    if world is None or not source:
        return []
    roots = [f"arn:aws:iam::{account}:root" for account in world.accounts]
    if source == "roles":
        return sorted(world.roles)
    if source == "users_roles":
        return sorted(world.users) + sorted(world.roles)
    if source == "principals":
        return sorted(world.users) + sorted(world.groups) + sorted(world.roles)
    if source == "signins":
        return sorted(world.users) + sorted(roots)
    if source == "policies":
        return sorted(world.policies)
    if source == "resources":
        return sorted(world.resources)
    if source == "instance_profiles":
        return sorted(world.instance_profiles)
    if source == "accounts":
        return sorted(world.accounts)
    if source == "external_ids":  # what the roles' trust policies ask for (TP-13)
        return sorted({value for role in world.roles.values() if role.trust is not None
                       for statement in role.trust.statements
                       for clause in statement.conditions
                       if clause.key_lower == "sts:externalid" for value in clause.values})
    if source.startswith("providers:"):
        wanted = source.split(":", 1)[1]
        providers = [p for p in world.providers.values() if p.kind == wanted]
        return sorted(p.issuer if wanted == "oidc" else p.arn for p in providers)
    return []
