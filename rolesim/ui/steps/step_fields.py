"""What each kind of step takes, field by field, and how a form's text becomes a TOML-shaped step.

The table mirrors the `do` table of the scenario format so that the step dialogs offer every
parameter of every kind of step. Pure Python (no Textual): the dialogs render it, tests check it.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from rolesim.core.clock import format_time


class FieldKind(StrEnum):
    """How a field is edited and how its text is read back."""

    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    POLICY_ARN = "policy_arn"
    POLICY_ARNS = "policy_arns"
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
    choices: tuple[str, ...] = ()
    """The only values allowed (a `Literal` field such as `by`): offered as completions."""


PICK_SOURCES: dict[str, str] = {
    "principal": "principals", "user": "users", "role": "roles", "group": "groups",
    "policy": "policies", "managed-policy": "policies", "instance-profile": "instance_profiles",
    "provider": "providers", "resource": "resources", "service": "services",
    "function": "functions", "instance": "instances",
}
"""A step field's `pick` metadata (VOCAB: step-field metadata) -> the world names it offers."""

NAME_PICKS: dict[str, str] = {
    "role": "role", "principal": "principal", "user": "user", "group": "group",
    "instance_profile": "instance-profile", "resource": "resource", "source_arn": "resource",
    "function": "function", "instance_id": "instance", "provider": "provider",
    "service": "service",
}
"""Where a field carries no `pick`, its name says what it holds."""

NAME_SOURCES: dict[str, str] = {"external_id": "external_ids"}
"""Names offered that are not entities: the external IDs the world's trust policies ask for."""

LABELS: dict[str, str] = {
    "external_id": "external ID", "policy_arns": "policy ARNs", "instance_id": "instance ID",
    "source_arn": "source ARN", "not_on_or_after": "not on or after", "amount":
    "advance the clock by", "trust": "trust policy", "context": "context keys",
    "tags": "session tags", "mfa": "passes a valid MFA code", "by": "made by",
    "using": "signs in with", "set_as_default": "make it the default version",
}

HINTS: dict[str, str] = {
    "duration": "seconds; AWS accepts 900..43200 (AR-03)",
    "session_name": "2..64 of letters, digits and _+=,.@- (AR-02)",
    "external_id": "→ completes an ID a role's trust policy asks for (TP-13)",
    "policy_arns": "managed policies, comma-separated",
    "issuer": "host and path, e.g. token.actions.githubusercontent.com",
    "claims": 'one claim a line: sub = "repo:org/app:ref:refs/heads/main"',
    "attributes": "one SAML attribute a line: name = value or [values]",
    "not_on_or_after": "RFC 3339 date-time",
    "service": "e.g. lambda.amazonaws.com",
    "action": "service:Action, e.g. s3:GetObject",
    "resource": "ARN; empty means *",
    "context": 'one key a line: aws:SourceIp = "10.0.0.1"',
}
"""Help that says more than the model's `description` (formats, and the fact IDs where AWS
says so); elsewhere the description is the field's help."""

OVERRIDES: dict[tuple[str, str], dict[str, Any]] = {
    ("sign-in", "principal"): {"source": "signins",
                               "hint": "user ARN or arn:aws:iam::ACCOUNT:root"},
    ("sign-in", "mfa"): {"label": "signed in with MFA"},
    ("assume-role", "tags"): {"hint": "tick 'transitive' to pass a tag along the chain"},
    ("assume-role-with-saml", "provider"): {"label": "SAML provider",
                                            "source": "providers:saml", "required": True},
    ("assume-role-with-saml", "subject"): {"required": True},
    ("assume-role-with-saml", "audience"): {"hint": "default https://signin.aws.amazon.com/saml"},
    ("assume-role-with-web-identity", "issuer"): {"source": "providers:oidc"},
    ("get-federation-token", "tags"): {"hint": 'one tag a line: team = "ops"'},
    ("service-assume-role", "source_account"): {"source": "accounts"},
    ("recreate", "principal"): {"source": "users_roles"},
    ("set-boundary", "policy"): {"hint": "empty removes the boundary", "required": False},
}
"""What the model cannot say about the established kinds (labels, narrower pickers). A new
kind of step needs none of this: its dialog comes from its model alone."""

YES_NO = ("true", "false")
"""The choices of a field that may also be left out (`ask`), written as TOML booleans."""

COMMON_KEYS = frozenset({"do", "expect", "expect_session", "note", "explain", "ask"})


def _is(annotation: Any, kind: type) -> bool:
    """Whether `annotation` is `kind`, or an optional or union that holds it."""
    if annotation is kind:
        return True
    return any(arg is kind for arg in get_args(annotation))


def _field_kind(do: str, key: str, annotation: Any, model: type[BaseModel]) -> FieldKind:
    """How a field is edited, read from its type (and, for a few, from its name)."""
    args = get_args(annotation)
    if key == "action":
        return FieldKind.ACTION
    if _is(annotation, bool):
        return FieldKind.BOOL
    if _is(annotation, int):
        return FieldKind.INT
    if args and any(get_origin(a) is dict for a in args) and _is(annotation, str):
        return FieldKind.DOC  # PolicyDocument: JSON text or a table
    if get_origin(annotation) is dict:
        if key == "tags" and "transitive_tag_keys" in model.model_fields:
            return FieldKind.TAGS
        return FieldKind.TABLE
    if get_origin(annotation) is list:
        return FieldKind.POLICY_ARNS if key == "policy_arns" else FieldKind.LIST
    if key == "policy":
        return FieldKind.POLICY_ARN
    return FieldKind.TEXT


def _literal_values(annotation: Any) -> tuple[str, ...]:
    """The values a `Literal` field (or an optional one) allows."""
    if get_origin(annotation) is Literal:
        return tuple(str(a) for a in get_args(annotation))
    return tuple(v for arg in get_args(annotation) for v in _literal_values(arg))


def _pick(info: FieldInfo) -> str:
    extra = info.json_schema_extra
    return str(extra.get("pick", "")) if isinstance(extra, dict) else ""


def _default_hint(info: FieldInfo) -> str:
    default = info.default
    if isinstance(default, str) and default and default != "*":
        return f"default {default}"
    return ""


def fields_of(do: str, model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """A kind of step's parameters as dialog fields, from its pydantic model: the type says how
    a field is edited, `json_schema_extra={"pick": KIND}` (or else the field's name) which of
    the world's names it offers, `description` its help line (unless HINTS says more)."""
    if {"seconds", "minutes", "hours"} <= set(model.model_fields):
        return (FieldSpec("amount", LABELS["amount"], FieldKind.ADVANCE, True),)
    specs: list[FieldSpec] = []
    for key, info in model.model_fields.items():
        if key in COMMON_KEYS or key == "transitive_tag_keys":
            continue
        kind = _field_kind(do, key, info.annotation, model)
        pick = _pick(info) or NAME_PICKS.get(key, "")
        if kind is FieldKind.POLICY_ARN or kind is FieldKind.POLICY_ARNS:
            pick = pick or "policy"
        if kind in (FieldKind.BOOL, FieldKind.DOC, FieldKind.TABLE, FieldKind.TAGS):
            pick = ""
        label = LABELS.get(key, key.replace("_", " "))
        if do in ("assume-role", "assume-role-with-web-identity", "assume-role-with-saml",
                  "get-federation-token") and key == "policy":
            label = "session policy"
        hint = HINTS.get(key, "") or info.description or _default_hint(info)
        if key == "policy" and kind is FieldKind.DOC and not info.description:
            hint = "JSON policy document"
        literal = _literal_values(info.annotation)
        default = _default_hint(info)
        if default and "default" not in hint:
            hint = f"{hint} ({default})" if hint else default
        source = PICK_SOURCES.get(pick, "") or NAME_SOURCES.get(key, "")
        spec = FieldSpec(key, label, kind, info.is_required(), hint, source, literal)
        override = OVERRIDES.get((do, key))
        if override:
            spec = replace(spec, **override)
        specs.append(spec)
    # what the user must fill comes first (the model's order otherwise); who makes a change
    # (`by`, which has its default) last
    return tuple(sorted(specs, key=lambda s: (not s.required, s.key == "by")))


def _all_fields() -> dict[str, tuple[FieldSpec, ...]]:
    from rolesim.scenario.model import STEP_TYPES

    return {do: fields_of(do, model) for do, model in STEP_TYPES.items()}


STEP_FIELDS: dict[str, tuple[FieldSpec, ...]] = _all_fields()
"""Every kind of step (the scenario format's `do` table) and its parameters, in order."""

COMMON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("expect", "expect", FieldKind.TEXT,
              hint="allowed, denied, explicitDeny, implicitDeny, ok or an error code"),
    FieldSpec("expect_session", "expect session", FieldKind.TABLE,
              hint="session fields a line: chained = true"),
    FieldSpec("note", "note", FieldKind.TEXT, hint="for the trainer; never shown to a learner"),
    FieldSpec("explain", "explain", FieldKind.TEXT,
              hint="for the learner, after the step has run (Markdown)"),
    FieldSpec("ask", "ask the learner", FieldKind.TEXT, choices=YES_NO,
              hint="predict mode asks about it: true or false; empty: every decision, and "
                   "a step expecting an outcome other than ok"),
)
"""What any step may carry."""

STEP_KINDS: tuple[str, ...] = tuple(STEP_FIELDS)

FIRST_FIELDS = ("expect", "note")
"""Shown first in every step dialog: what a trainer sets on every step (two keys away at most)."""

ARN_SOURCES = frozenset({"roles", "principals", "signins", "users_roles", "policies",
                         "resources", "instance_profiles", "providers:saml", "users", "groups",
                         "providers", "functions", "providers:oidc"})
"""Pickers whose values name entities of the world (ARNs; an OIDC provider's issuer): offered
with search and a note when the value names none."""


def expect_choices(kind: str) -> tuple[str, ...]:
    """What `expect` may say for this kind of step, as the model accepts it: a call's outcome
    (allowed, explicitDeny...) or, for any other step, ok, denied or an AWS error code."""
    from rolesim.scenario.model import CALL_OUTCOMES

    if kind == "call":
        return (*CALL_OUTCOMES[:3], "denied", *CALL_OUTCOMES[3:])
    return tuple(c for c in EXPECT_CHOICES if c not in CALL_OUTCOMES[:3])


def dialog_fields(kind: str) -> tuple[FieldSpec, ...]:
    """A step dialog's fields in the order shown: expect and note, the kind's parameters,
    then the rest of what any step may carry."""
    hint = ("allowed, denied, explicitDeny, implicitDeny, ExpiredToken..." if kind == "call"
            else "ok, denied or an AWS error code such as AccessDenied")
    first = tuple(replace(f, hint=hint) if f.key == "expect" else f
                  for f in COMMON_FIELDS if f.key in FIRST_FIELDS)
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
    if spec.choices == YES_NO:  # `ask`: true, false, or left out (three answers, not a tick)
        said = str(raw or "").strip().lower()
        if said and said not in YES_NO:
            raise FieldError(spec.key, f"true or false, or empty (got {said!r})")
        return said == "true" if said else None
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


def sole_providers(kind: str, world: Any) -> dict[str, str]:
    """A new step's identity provider where the world has one of the kind the step needs:
    the OIDC issuer of a web-identity step, the SAML provider of a SAML step; and its role
    where the world has one role (a small lesson's assume-role step: nothing to type). With
    several, the field's picker lists them."""
    starts: dict[str, str] = {}
    for spec in STEP_FIELDS[kind]:
        if spec.source.startswith("providers:") or (spec.source == "roles" and spec.required):
            found = world_choices(world, spec.source)
            if len(found) == 1:
                starts[spec.key] = found[0]
    return starts


def world_choices(world: Any, source: str) -> list[str]:
    """Names of the world a picker offers: `roles`, `principals`, `signins`, `policies`,
    `resources`, `instance_profiles`, `accounts`, `users_roles`, `providers:saml|oidc`."""
    if world is None or not source:
        return []
    roots = [f"arn:aws:iam::{account}:root" for account in world.accounts]
    if source == "roles":
        return sorted(world.roles)
    if source in ("users", "groups"):
        return sorted(getattr(world, source))
    if source == "providers":
        return sorted(world.providers)
    if source == "functions":
        return sorted(getattr(world, "functions", None) or ())
    if source == "instances":
        return sorted(getattr(world, "instances", None) or ())
    if source == "services":  # the AWS services the world's trust policies let in
        return sorted({value for role in world.roles.values() if role.trust is not None
                       for statement in role.trust.statements
                       for value in _service_principals(statement)})
    if source == "users_roles":
        return sorted(world.users) + sorted(world.roles)
    if source == "principals":
        return sorted(world.users) + sorted(world.groups) + sorted(world.roles)
    if source == "signins":
        return sorted(world.users) + sorted(roots)
    if source == "policies":
        return sorted(world.policies)
    if source == "resources":  # what a call can name: listed resources, then IAM's own
        # (a role for iam:PassRole or iam:UpdateAssumeRolePolicy, a policy for
        # iam:CreatePolicyVersion) and the world's Lambda functions
        return [*sorted(world.resources), *sorted(world.roles), *sorted(world.users),
                *sorted(world.groups), *sorted(world.policies),
                *sorted(world.instance_profiles), *sorted(getattr(world, "functions", ()))]
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


def _service_principals(statement: Any) -> list[str]:
    principal = getattr(statement, "principal", None)
    values = getattr(principal, "values", None) or {}
    return [str(v) for v in values.get("Service", ())]
