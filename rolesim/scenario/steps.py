"""The steps of a scenario: one model per `do`, each with `expect`, `expect_session`, `note`.

`Step` is the union discriminated on `do`; `STEP_TYPES` maps each `do` to its class, in the
order of the format page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from rolesim.scenario.spec_base import (
    DEFAULT_INSTANCE_ID,
    DEFAULT_SAML_AUDIENCE,
    ERROR_CODE_PATTERN,
    ContextValue,
    PolicyDocument,
    Spec,
    require_offset,
)


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
    """What every step may carry: the expected outcome, session fields, a trainer's note and a
    learner's explanation (`explain`, Markdown, shown only after the step has run)."""

    do: str
    expect: str | None = None
    expect_session: ExpectSession | None = None
    note: str | None = None
    explain: str | None = None

    pushes_session: ClassVar[bool] = False
    changes_world: ClassVar[bool] = False

    @field_validator("expect")
    @classmethod
    def _expect_shape(cls, value: str | None) -> str | None:
        if value is None or value in ("ok", "denied") or ERROR_CODE_PATTERN.match(value):
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
        return require_offset(value)


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

    @field_validator("seconds", "minutes", "hours")
    @classmethod
    def _in_clock_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        """At most the clock's whole range (1970..9000), so the step names its key."""
        from rolesim.core.clock import MAX_ADVANCE_SECONDS

        unit = {"seconds": 1, "minutes": 60, "hours": 3600}[str(info.field_name)]
        if value is not None and value * unit > MAX_ADVANCE_SECONDS:
            raise ValueError(f"moves the clock too far: at most {MAX_ADVANCE_SECONDS // unit} "
                             f"{info.field_name} (the simulated clock runs from 1970 to 9000)")
        return value

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
