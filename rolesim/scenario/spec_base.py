"""What every table of a scenario file shares: strict models, policy documents as written,
and `to_data()`, which turns a model back into TOML-shaped data."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PolicyDocument = str | dict[str, Any]
"""A policy as written: a TOML table in the IAM JSON shape, or the JSON text itself."""

ContextScalar = str | bool | int | float
ContextValue = ContextScalar | list[ContextScalar]

DEFAULT_INSTANCE_ID = "i-0123456789abcdef0"
DEFAULT_SAML_AUDIENCE = "https://signin.aws.amazon.com/saml"
ACCOUNT_ID_PATTERN = re.compile(r"^\d{12}$")
ERROR_CODE_PATTERN = re.compile(r"^[A-Z][A-Za-z0-9.]*$")


def empty_list() -> list[Any]:
    """The default of a list field (`Field(default_factory=empty_list)`). Not `list` itself:
    pydantic asks whether a default factory takes the validated data by reading its signature,
    and `list`'s is text for `inspect` to parse, the first time compiling `tokenize`'s
    expressions: ~20M instructions (~5 ms) at every start of rolesim for the scenario models'
    21 list fields, against ~4M for a Python function."""
    return []


class Spec(BaseModel):
    """Base of every table in a scenario file: unknown keys and loose types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=False)


def require_offset(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("must be an offset date-time such as 2026-01-01T09:00:00Z")
    return value


def to_data(model: BaseModel) -> dict[str, Any]:
    """TOML-shaped data: keys in model order, each written key kept, defaults left out unless
    they were written (so `mfa = false` in a hand-written file stays)."""
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        if info.exclude:
            continue
        value = getattr(model, name)
        if name != "do" and (name not in model.model_fields_set or value in ({}, [])):
            default = info.get_default(call_default_factory=True)
            if value == default:
                continue  # written only when set by hand, and an empty table says nothing
        if value is None:
            continue
        out[name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return to_data(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


Pick = Literal["principal", "user", "role", "group", "policy", "managed-policy",
               "instance-profile", "provider", "resource", "service", "function", "instance"]
"""What of the world a step field names, so the step dialog can offer it (VOCAB.md)."""


def field(description: str, pick: Pick | None = None, **kwargs: Any) -> Any:
    """A step field with its words for a learner and what of the world it names."""
    extra: dict[str, Any] | None = {"pick": pick} if pick else None
    return Field(description=description, json_schema_extra=extra, **kwargs)
