"""The scenario file, as pydantic models: exactly the keys of docs/scenario-format.md.

Every model forbids unknown keys (a typo must not be silently ignored) and validates strictly
(`mfa = "yes"` is an error, not True). Policy documents are kept as written, a TOML table or a
JSON string (`PolicyDocument`); the world builder parses them. Steps are a union discriminated
on `do`: `SignInStep`, `AssumeRoleStep`, ... ; `STEP_TYPES` maps each `do` to its class.

The TUI edits these models in place; `to_data()` turns one back into plain TOML-shaped data,
keeping every key that was written or differs from its default.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

PolicyDocument = str | dict[str, Any]
"""A policy as written: a TOML table in the IAM JSON shape, or the JSON text itself."""

ContextScalar = str | bool | int | float
ContextValue = ContextScalar | list[ContextScalar]

DEFAULT_INSTANCE_ID = "i-0123456789abcdef0"
DEFAULT_SAML_AUDIENCE = "https://signin.aws.amazon.com/saml"
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_ERROR_CODE = re.compile(r"^[A-Z][A-Za-z0-9.]*$")


class Spec(BaseModel):
    """Base of every table in a scenario file: unknown keys and loose types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=False)


def _require_offset(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("must be an offset date-time such as 2026-01-01T09:00:00Z")
    return value


# ---------------------------------------------------------------------------------------- world


class AccountSpec(Spec):
    id: str
    name: str = ""
    scps: list[PolicyDocument] | None = None
    management: bool = False

    @field_validator("id")
    @classmethod
    def _twelve_digits(cls, value: str) -> str:
        if not _ACCOUNT_ID.match(value):
            raise ValueError(f'must be 12 digits, not "{value}"')
        return value


class PolicySpec(Spec):
    """A managed policy: customer managed, or an AWS managed one given its own document."""

    arn: str
    document: PolicyDocument
    description: str = ""


class UserSpec(Spec):
    arn: str
    groups: list[str] = Field(default_factory=list)
    policies: list[str] = Field(default_factory=list)
    inline: dict[str, PolicyDocument] = Field(default_factory=dict)
    boundary: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    mfa: bool = False


class GroupSpec(Spec):
    arn: str
    policies: list[str] = Field(default_factory=list)
    inline: dict[str, PolicyDocument] = Field(default_factory=dict)


class RoleSpec(Spec):
    arn: str
    trust: PolicyDocument
    policies: list[str] = Field(default_factory=list)
    inline: dict[str, PolicyDocument] = Field(default_factory=dict)
    boundary: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    max_session_duration: int = 3600
    description: str = ""

    @field_validator("max_session_duration")
    @classmethod
    def _duration_range(cls, value: int) -> int:
        if not 3600 <= value <= 43200:
            raise ValueError(f"must be between 3600 and 43200 seconds, not {value}")
        return value


class InstanceProfileSpec(Spec):
    arn: str
    role: str


class ProviderSpec(Spec):
    arn: str
    audiences: list[str] = Field(default_factory=list)


class ResourceSpec(Spec):
    arn: str
    account: str | None = None
    policy: PolicyDocument | None = None
    tags: dict[str, str] = Field(default_factory=dict)


# ---------------------------------------------------------------------------------------- steps


class ExpectSession(Spec):
    """Any of the `session` fields of the JSON report; each one given must equal the report's."""

    arn: str | None = None
    account: str | None = None
    user_id: str | None = None
    issued: datetime | str | None = None
    expiration: datetime | str | None = None
    session_tags: dict[str, str] | None = None
    principal_tags: dict[str, str] | None = None
    transitive_tag_keys: list[str] | None = None
    source_identity: str | None = None
    chained: bool | None = None
    mfa: bool | None = None
    depth: int | None = None


CALL_OUTCOMES = ("allowed", "explicitDeny", "implicitDeny", "ExpiredToken",
                 "MissingAuthenticationToken")


class StepBase(Spec):
    """What every step may carry: the expected outcome, session fields, a trainer's note."""

    do: str
    expect: str | None = None
    expect_session: ExpectSession | None = None
    note: str | None = None

    pushes_session: ClassVar[bool] = False
    changes_world: ClassVar[bool] = False

    @field_validator("expect_session")
    @classmethod
    def _only_where_a_session_is_pushed(cls, value: ExpectSession | None) -> ExpectSession | None:
        if value is not None and not cls.pushes_session:
            kinds = ", ".join(k for k, c in STEP_TYPES.items() if c.pushes_session)
            raise ValueError(f"only steps that push a session have one to check ({kinds})")
        return value

    @field_validator("expect")
    @classmethod
    def _expect_shape(cls, value: str | None) -> str | None:
        if value is None or value in ("ok", "denied") or _ERROR_CODE.match(value):
            return value
        raise ValueError(f'must be "ok" or an AWS error code such as "AccessDenied", not "{value}"')


class SignInStep(StepBase):
    do: Literal["sign-in"] = "sign-in"
    principal: str
    mfa: bool = False


class AssumeRoleStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["assume-role"] = "assume-role"
    role: str
    session_name: str
    duration: int | None = None
    external_id: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    transitive_tag_keys: list[str] = Field(default_factory=list)
    policy: PolicyDocument | None = None
    policy_arns: list[str] = Field(default_factory=list)
    source_identity: str | None = None
    mfa: bool = False


class AssumeRoleWithWebIdentityStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["assume-role-with-web-identity"] = "assume-role-with-web-identity"
    role: str
    session_name: str
    issuer: str
    claims: dict[str, Any] = Field(default_factory=dict)
    duration: int | None = None
    policy: PolicyDocument | None = None
    policy_arns: list[str] = Field(default_factory=list)

    @field_validator("claims")
    @classmethod
    def _exp_readable(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _check_exp(value)


def _check_exp(claims: dict[str, Any]) -> dict[str, Any]:
    """`exp` is RFC 3339 (a TOML date-time or a string) or epoch seconds."""
    exp = claims.get("exp")
    if exp is None or isinstance(exp, datetime) or (isinstance(exp, int)
                                                    and not isinstance(exp, bool)):
        if isinstance(exp, datetime) and exp.tzinfo is None:
            raise ValueError("exp must carry an offset, e.g. 2026-01-01T10:00:00Z")
        return claims
    if isinstance(exp, str):
        try:
            datetime.fromisoformat(exp.replace("Z", "+00:00").replace("z", "+00:00"))
            return claims
        except ValueError:
            if exp.strip().isdigit():
                return claims
    raise ValueError(f"exp must be an RFC 3339 date-time or epoch seconds, not {exp!r}")


class AssumeRoleWithSamlStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["assume-role-with-saml"] = "assume-role-with-saml"
    role: str
    provider: str
    subject: str = ""
    attributes: dict[str, str | list[str]] = Field(default_factory=dict)
    audience: str = DEFAULT_SAML_AUDIENCE
    not_on_or_after: datetime | None = None
    duration: int | None = None
    policy: PolicyDocument | None = None
    policy_arns: list[str] = Field(default_factory=list)

    @field_validator("not_on_or_after")
    @classmethod
    def _offset(cls, value: datetime | None) -> datetime | None:
        return _require_offset(value)


class GetSessionTokenStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["get-session-token"] = "get-session-token"
    duration: int | None = None
    mfa: bool = False


class GetFederationTokenStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["get-federation-token"] = "get-federation-token"
    name: str
    duration: int | None = None
    policy: PolicyDocument | None = None
    policy_arns: list[str] = Field(default_factory=list)
    tags: dict[str, str] = Field(default_factory=dict)


class InstanceCredentialsStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["instance-credentials"] = "instance-credentials"
    instance_profile: str
    instance_id: str = DEFAULT_INSTANCE_ID


class ServiceAssumeRoleStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["service-assume-role"] = "service-assume-role"
    service: str
    role: str
    source_arn: str | None = None
    source_account: str | None = None


class CallStep(StepBase):
    do: Literal["call"] = "call"
    action: str
    resource: str = "*"
    context: dict[str, ContextValue] = Field(default_factory=dict)

    @field_validator("expect")
    @classmethod
    def _expect_shape(cls, value: str | None) -> str | None:
        if value is None or value in CALL_OUTCOMES or value == "denied":
            return value
        allowed = ", ".join(f'"{o}"' for o in (*CALL_OUTCOMES, "denied"))
        raise ValueError(f'must be one of {allowed}, not "{value}"')


class AdvanceStep(StepBase):
    do: Literal["advance"] = "advance"
    seconds: int | None = None
    minutes: int | None = None
    hours: int | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> AdvanceStep:
        given = [v for v in (self.seconds, self.minutes, self.hours) if v is not None]
        if len(given) != 1:
            raise ValueError("needs exactly one of seconds, minutes, hours")
        if given[0] < 0:
            raise ValueError("the clock only moves forward: the amount must not be negative")
        return self

    @property
    def total_seconds(self) -> int:
        return (self.seconds or 0) + 60 * (self.minutes or 0) + 3600 * (self.hours or 0)


class ExitStep(StepBase):
    do: Literal["exit"] = "exit"


class RevokeSessionsStep(StepBase):
    changes_world: ClassVar[bool] = True
    do: Literal["revoke-sessions"] = "revoke-sessions"
    role: str


class UpdateTrustStep(StepBase):
    changes_world: ClassVar[bool] = True
    do: Literal["update-trust"] = "update-trust"
    role: str
    trust: PolicyDocument


class AttachPolicyStep(StepBase):
    changes_world: ClassVar[bool] = True
    do: Literal["attach-policy"] = "attach-policy"
    principal: str
    policy: str


class DetachPolicyStep(StepBase):
    changes_world: ClassVar[bool] = True
    do: Literal["detach-policy"] = "detach-policy"
    principal: str
    policy: str


class PutPolicyStep(StepBase):
    changes_world: ClassVar[bool] = True
    do: Literal["put-policy"] = "put-policy"
    principal: str
    name: str
    document: PolicyDocument


class DeletePolicyStep(StepBase):
    changes_world: ClassVar[bool] = True
    do: Literal["delete-policy"] = "delete-policy"
    principal: str
    name: str


class SetBoundaryStep(StepBase):
    changes_world: ClassVar[bool] = True
    do: Literal["set-boundary"] = "set-boundary"
    principal: str
    policy: str


class RecreateStep(StepBase):
    changes_world: ClassVar[bool] = True
    do: Literal["recreate"] = "recreate"
    principal: str


Step = Annotated[
    SignInStep
    | AssumeRoleStep
    | AssumeRoleWithWebIdentityStep
    | AssumeRoleWithSamlStep
    | GetSessionTokenStep
    | GetFederationTokenStep
    | InstanceCredentialsStep
    | ServiceAssumeRoleStep
    | CallStep
    | AdvanceStep
    | ExitStep
    | RevokeSessionsStep
    | UpdateTrustStep
    | AttachPolicyStep
    | DetachPolicyStep
    | PutPolicyStep
    | DeletePolicyStep
    | SetBoundaryStep
    | RecreateStep,
    Field(discriminator="do"),
]

STEP_TYPES: dict[str, type[StepBase]] = {
    cls.model_fields["do"].default: cls
    for cls in (
        SignInStep, AssumeRoleStep, AssumeRoleWithWebIdentityStep, AssumeRoleWithSamlStep,
        GetSessionTokenStep, GetFederationTokenStep, InstanceCredentialsStep,
        ServiceAssumeRoleStep, CallStep, AdvanceStep, ExitStep, RevokeSessionsStep,
        UpdateTrustStep, AttachPolicyStep, DetachPolicyStep, PutPolicyStep, DeletePolicyStep,
        SetBoundaryStep, RecreateStep,
    )
}
"""`do` -> step class, in the order of the format page."""

WORLD_SECTIONS = ("accounts", "policies", "users", "groups", "roles", "instance_profiles",
                  "providers", "resources")


# ---------------------------------------------------------------------------------------- file


class SourceInfo:
    """Where a scenario was read from, so later errors (build) can name file and line."""

    __slots__ = ("filename", "text")

    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        self.text = text


class Scenario(Spec):
    """One scenario file. Equality compares the content, not where it was read from; a policy
    written as JSON text equals the same policy written as a table (the format says both mean
    the same thing)."""

    format: Literal[1]
    title: str
    description: str = ""
    start: datetime | None = None
    accounts: list[AccountSpec] = Field(default_factory=list)
    policies: list[PolicySpec] = Field(default_factory=list)
    users: list[UserSpec] = Field(default_factory=list)
    groups: list[GroupSpec] = Field(default_factory=list)
    roles: list[RoleSpec] = Field(default_factory=list)
    instance_profiles: list[InstanceProfileSpec] = Field(default_factory=list)
    providers: list[ProviderSpec] = Field(default_factory=list)
    resources: list[ResourceSpec] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)

    # The text it was loaded from (for line numbers); None once edited or when built in code.
    _source: SourceInfo | None = PrivateAttr(default=None)

    @field_validator("start")
    @classmethod
    def _offset(cls, value: datetime | None) -> datetime | None:
        return _require_offset(value)

    @property
    def source(self) -> SourceInfo | None:
        return self._source

    @source.setter
    def source(self, value: SourceInfo | None) -> None:
        self._source = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        from rolesim.scenario.save import scenario_data

        return scenario_data(self) == scenario_data(other)

    __hash__ = None  # type: ignore[assignment]


# ---------------------------------------------------------------------------------------- dump


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
