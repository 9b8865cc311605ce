"""The steps of a scenario: one model per `do`, each with `expect`, `expect_session`, `note`.

`Step` is the union discriminated on `do`; `STEP_TYPES` maps each `do` to its class, in the
order of the format page. Each step builds the typed API request it makes (`request()`,
rolesim.core.requests): the one definition of that request's parameters. Every field carries
a short `description` and, where the world can complete it, `json_schema_extra={"pick": KIND}`
(principal, user, role, group, policy, managed-policy, instance-profile, provider, resource,
service, function, instance): the step dialog is generated from them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from rolesim.core import requests as r
from rolesim.scenario.spec_base import (
    DEFAULT_INSTANCE_ID,
    DEFAULT_SAML_AUDIENCE,
    ERROR_CODE_PATTERN,
    ContextValue,
    PolicyDocument,
    Spec,
    empty_list,
    field,
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
    """What every step may carry: the expected outcome, session fields, a trainer's note, a
    learner's explanation (`explain`, Markdown, shown only after the step has run) and whether
    predict mode asks about the step (`ask`)."""

    do: str
    expect: str | None = field("the outcome you expect: ok, denied or an AWS error code",
                               default=None)
    expect_session: ExpectSession | None = field("session fields the step must give",
                                                 default=None)
    note: str | None = field("for the trainer; never shown to a learner", default=None)
    explain: str | None = field("for the learner, shown after the step has run", default=None)
    ask: bool | None = field(
        "predict mode asks about this step (true) or runs it without a question (false); "
        "absent: every decision, and any step expecting an outcome other than ok", default=None)

    pushes_session: ClassVar[bool] = False
    changes_world: ClassVar[bool] = False

    @field_validator("expect")
    @classmethod
    def _expect_shape(cls, value: str | None) -> str | None:
        if value is None or value in ("ok", "denied") or ERROR_CODE_PATTERN.match(value):
            return value
        raise ValueError(f'must be "ok" or an AWS error code such as "AccessDenied", not "{value}"')

    def request(self) -> r.Request:
        """The API request this step makes."""
        raise NotImplementedError(type(self).__name__)


_DURATION = "seconds the session lasts"
_SESSION_POLICY = "session policy: limits the session further"
_POLICY_ARNS = "managed policies used as session policies"


class SignInStep(StepBase):
    do: Literal["sign-in"] = "sign-in"
    principal: str = field("the user (or account root) who signs in", "principal")
    mfa: bool = field("signed in with an MFA device", default=False)
    using: Literal["access-key", "password"] | None = field(
        "the credential used: the user must hold it", default=None)

    def request(self) -> r.SignIn:
        return r.SignIn(self.principal, self.mfa, self.using)


class AssumeRoleStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["assume-role"] = "assume-role"
    role: str = field("the role to assume", "role")
    session_name: str = field("a name for the session (2..64 characters)")
    duration: int | None = field(_DURATION, default=None)
    external_id: str | None = field("the external ID the role's trust may ask for", default=None)
    tags: dict[str, str] = field("session tags", default_factory=dict)
    transitive_tag_keys: list[str] = field("tags passed along a role chain",
                                           default_factory=empty_list)
    policy: PolicyDocument | None = field(_SESSION_POLICY, default=None)
    policy_arns: list[str] = field(_POLICY_ARNS, "managed-policy", default_factory=empty_list)
    source_identity: str | None = field("who is really behind the session", default=None)
    mfa: bool = field("passes a valid MFA code", default=False)

    def request(self) -> r.AssumeRole:
        return r.AssumeRole(
            self.role, self.session_name, self.duration, self.external_id,
            dict(self.tags) if self.tags else None, tuple(self.transitive_tag_keys),
            self.policy, tuple(self.policy_arns), self.source_identity, self.mfa)


class AssumeRoleWithWebIdentityStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["assume-role-with-web-identity"] = "assume-role-with-web-identity"
    role: str = field("the role to assume", "role")
    session_name: str = field("a name for the session")
    issuer: str = field("the token's issuer: host and path", "provider")
    claims: dict[str, Any] = field("the token's claims (sub, aud, exp...)", default_factory=dict)
    duration: int | None = field(_DURATION, default=None)
    policy: PolicyDocument | None = field(_SESSION_POLICY, default=None)
    policy_arns: list[str] = field(_POLICY_ARNS, "managed-policy", default_factory=empty_list)

    @field_validator("claims")
    @classmethod
    def _exp_readable(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _check_exp(value)

    def request(self) -> r.AssumeRoleWithWebIdentity:
        return r.AssumeRoleWithWebIdentity(
            self.role, self.session_name, self.issuer, dict(self.claims), self.duration,
            self.policy, tuple(self.policy_arns))


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
    role: str = field("the role to assume", "role")
    provider: str = field("the SAML provider", "provider")
    subject: str = field("who the assertion is about", default="")
    attributes: dict[str, str | list[str]] = field("SAML attributes", default_factory=dict)
    audience: str = field("who the assertion is for", default=DEFAULT_SAML_AUDIENCE)
    not_on_or_after: datetime | None = field("when the assertion stops being valid",
                                             default=None)
    duration: int | None = field(_DURATION, default=None)
    policy: PolicyDocument | None = field(_SESSION_POLICY, default=None)
    policy_arns: list[str] = field(_POLICY_ARNS, "managed-policy", default_factory=empty_list)

    @field_validator("not_on_or_after")
    @classmethod
    def _offset(cls, value: datetime | None) -> datetime | None:
        return require_offset(value)

    def request(self) -> r.AssumeRoleWithSaml:
        return r.AssumeRoleWithSaml(
            self.role, self.provider, self.subject, dict(self.attributes), self.audience,
            self.not_on_or_after, self.duration, self.policy, tuple(self.policy_arns))


class GetSessionTokenStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["get-session-token"] = "get-session-token"
    duration: int | None = field(_DURATION, default=None)
    mfa: bool = field("passes a valid MFA code", default=False)

    def request(self) -> r.GetSessionToken:
        return r.GetSessionToken(self.duration, self.mfa)


class GetFederationTokenStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["get-federation-token"] = "get-federation-token"
    name: str = field("the federated user's name")
    duration: int | None = field(_DURATION, default=None)
    policy: PolicyDocument | None = field(_SESSION_POLICY, default=None)
    policy_arns: list[str] = field(_POLICY_ARNS, "managed-policy", default_factory=empty_list)
    tags: dict[str, str] = field("session tags", default_factory=dict)

    def request(self) -> r.GetFederationToken:
        return r.GetFederationToken(self.name, self.duration, self.policy,
                                    tuple(self.policy_arns), dict(self.tags) or None)


class InstanceCredentialsStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["instance-credentials"] = "instance-credentials"
    instance_profile: str | None = field(
        "the instance profile (may be left out for an instance of the world)",
        "instance-profile", default=None)
    instance_id: str = field("the instance", "instance", default=DEFAULT_INSTANCE_ID)

    def request(self) -> r.InstanceCredentials:
        return r.InstanceCredentials(self.instance_profile, self.instance_id)


class ServiceAssumeRoleStep(StepBase):
    pushes_session: ClassVar[bool] = True
    do: Literal["service-assume-role"] = "service-assume-role"
    service: str = field("the service, e.g. lambda.amazonaws.com", "service")
    role: str = field("the service role", "role")
    source_arn: str | None = field("the resource the service acts for", "resource",
                                   default=None)
    source_account: str | None = field("the account that owns that resource", default=None)

    def request(self) -> r.ServiceAssumeRole:
        return r.ServiceAssumeRole(self.service, self.role, self.source_arn, self.source_account)


class CallStep(StepBase):
    do: Literal["call"] = "call"
    action: str = field("the action, e.g. s3:GetObject")
    resource: str = field("the resource ARN (* for none)", "resource", default="*")
    context: dict[str, ContextValue] = field("extra request context keys",
                                             default_factory=dict)

    @field_validator("expect")
    @classmethod
    def _expect_shape(cls, value: str | None) -> str | None:
        if value is None or value in CALL_OUTCOMES or value == "denied":
            return value
        allowed = ", ".join(f'"{o}"' for o in (*CALL_OUTCOMES, "denied"))
        raise ValueError(f'must be one of {allowed}, not "{value}"')

    def request(self) -> r.Call:
        return r.Call(self.action, self.resource, dict(self.context) if self.context else None)


class AdvanceStep(StepBase):
    do: Literal["advance"] = "advance"
    seconds: int | None = field("seconds to move the clock", default=None)
    minutes: int | None = field("minutes to move the clock", default=None)
    hours: int | None = field("hours to move the clock", default=None)

    @model_validator(mode="after")
    def _exactly_one(self) -> AdvanceStep:
        given = [v for v in (self.seconds, self.minutes, self.hours) if v is not None]
        if len(given) != 1:
            raise ValueError("needs exactly one of seconds, minutes, hours")
        return self

    @field_validator("seconds", "minutes", "hours")
    @classmethod
    def _in_clock_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        """Not negative, and at most the clock's whole range (1970..9000): checked per
        field, so the error names its key."""
        from rolesim.core.clock import MAX_ADVANCE_SECONDS

        if value is not None and value < 0:
            raise ValueError("the clock only moves forward: the amount must not be negative")
        unit = {"seconds": 1, "minutes": 60, "hours": 3600}[str(info.field_name)]
        if value is not None and value * unit > MAX_ADVANCE_SECONDS:
            raise ValueError(f"moves the clock too far: at most {MAX_ADVANCE_SECONDS // unit} "
                             f"{info.field_name} (the simulated clock runs from 1970 to 9000)")
        return value

    @property
    def total_seconds(self) -> int:
        return (self.seconds or 0) + 60 * (self.minutes or 0) + 3600 * (self.hours or 0)

    def request(self) -> r.Advance:
        return r.Advance(self.total_seconds)


class ExitStep(StepBase):
    do: Literal["exit"] = "exit"

    def request(self) -> r.Exit:
        return r.Exit()


# ------------------------------------------------------------------------ world-changing steps

_BY = ("who makes the change: trainer (from outside, nothing authorizes it) or caller "
       "(the current credentials, authorized like a call)")
By = Literal["trainer", "caller"]


class WorldStep(StepBase):
    """A step that changes the world: by the trainer (the default for the steps of the
    format) or by the caller, as an API request the evaluator authorizes."""

    changes_world: ClassVar[bool] = True
    by: By = field(_BY, default="trainer")


class CallerStep(WorldStep):
    """The steps rolesim adds: API requests made by the caller unless `by = "trainer"`."""

    by: By = field(_BY, default="caller")


class RevokeSessionsStep(WorldStep):
    do: Literal["revoke-sessions"] = "revoke-sessions"
    role: str = field("the role whose older sessions lose every permission", "role")

    def request(self) -> r.RevokeSessions:
        return r.RevokeSessions(self.role, self.by)


class UpdateTrustStep(WorldStep):
    do: Literal["update-trust"] = "update-trust"
    role: str = field("the role whose trust policy is replaced", "role")
    trust: PolicyDocument = field("the new trust policy")

    def request(self) -> r.UpdateTrust:
        return r.UpdateTrust(self.role, self.trust, self.by)


class AttachPolicyStep(WorldStep):
    do: Literal["attach-policy"] = "attach-policy"
    principal: str = field("the user, group or role", "principal")
    policy: str = field("the managed policy to attach", "managed-policy")

    def request(self) -> r.AttachPolicy:
        return r.AttachPolicy(self.principal, self.policy, self.by)


class DetachPolicyStep(WorldStep):
    do: Literal["detach-policy"] = "detach-policy"
    principal: str = field("the user, group or role", "principal")
    policy: str = field("the managed policy to detach", "managed-policy")

    def request(self) -> r.DetachPolicy:
        return r.DetachPolicy(self.principal, self.policy, self.by)


class PutPolicyStep(WorldStep):
    do: Literal["put-policy"] = "put-policy"
    principal: str = field("the user, group or role", "principal")
    name: str = field("the inline policy's name")
    document: PolicyDocument = field("the inline policy")

    def request(self) -> r.PutPolicy:
        return r.PutPolicy(self.principal, self.name, self.document, self.by)


class DeletePolicyStep(WorldStep):
    do: Literal["delete-policy"] = "delete-policy"
    principal: str = field("the user, group or role", "principal")
    name: str = field("the inline policy's name")

    def request(self) -> r.DeletePolicy:
        return r.DeletePolicy(self.principal, self.name, self.by)


class SetBoundaryStep(WorldStep):
    do: Literal["set-boundary"] = "set-boundary"
    principal: str = field("the user or role", "principal")
    policy: str = field("the managed policy used as boundary; empty removes it",
                        "managed-policy")

    def request(self) -> r.SetBoundary:
        return r.SetBoundary(self.principal, self.policy, self.by)


class RecreateStep(WorldStep):
    do: Literal["recreate"] = "recreate"
    principal: str = field("the user or role deleted and created again", "principal")

    def request(self) -> r.Recreate:
        return r.Recreate(self.principal, self.by)


class CreateAccessKeyStep(CallerStep):
    do: Literal["create-access-key"] = "create-access-key"
    user: str | None = field("the user who gets an access key (default: the caller's own)",
                             "user", default=None)

    def request(self) -> r.CreateAccessKey:
        return r.CreateAccessKey(self.user, self.by)


class CreateLoginProfileStep(CallerStep):
    do: Literal["create-login-profile"] = "create-login-profile"
    user: str | None = field("the user who gets a console password", "user", default=None)

    def request(self) -> r.CreateLoginProfile:
        return r.CreateLoginProfile(self.user, self.by)


class UpdateLoginProfileStep(CallerStep):
    do: Literal["update-login-profile"] = "update-login-profile"
    user: str | None = field("the user whose console password is reset", "user", default=None)

    def request(self) -> r.UpdateLoginProfile:
        return r.UpdateLoginProfile(self.user, self.by)


class AddUserToGroupStep(CallerStep):
    do: Literal["add-user-to-group"] = "add-user-to-group"
    user: str = field("the user who joins the group", "user")
    group: str = field("the group", "group")

    def request(self) -> r.AddUserToGroup:
        return r.AddUserToGroup(self.user, self.group, self.by)


class RemoveUserFromGroupStep(CallerStep):
    do: Literal["remove-user-from-group"] = "remove-user-from-group"
    user: str = field("the user who leaves the group", "user")
    group: str = field("the group", "group")

    def request(self) -> r.RemoveUserFromGroup:
        return r.RemoveUserFromGroup(self.user, self.group, self.by)


class CreatePolicyVersionStep(CallerStep):
    do: Literal["create-policy-version"] = "create-policy-version"
    policy: str = field("the customer managed policy", "managed-policy")
    document: PolicyDocument = field("the new version's document")
    set_as_default: bool = field("make the new version the one in force", default=False)

    def request(self) -> r.CreatePolicyVersion:
        return r.CreatePolicyVersion(self.policy, self.document, self.set_as_default, self.by)


class SetDefaultPolicyVersionStep(CallerStep):
    do: Literal["set-default-policy-version"] = "set-default-policy-version"
    policy: str = field("the customer managed policy", "managed-policy")
    version: str = field("the version to put in force, v1..v5")

    @field_validator("version")
    @classmethod
    def _version_id(cls, value: str) -> str:
        if not value.startswith("v") or not value[1:].isdigit() or value[1:].startswith("0"):
            raise ValueError(f'must be a version ID such as "v2", not "{value}"')
        return value

    def request(self) -> r.SetDefaultPolicyVersion:
        return r.SetDefaultPolicyVersion(self.policy, self.version, self.by)


class RunInstanceStep(CallerStep):
    do: Literal["run-instance"] = "run-instance"
    instance_profile: str = field("the instance profile the instance runs with",
                                  "instance-profile")
    instance_id: str = field("the new instance's ID", "instance", default=DEFAULT_INSTANCE_ID)

    def request(self) -> r.RunInstance:
        return r.RunInstance(self.instance_profile, self.instance_id, self.by)


class CreateFunctionStep(CallerStep):
    do: Literal["create-function"] = "create-function"
    function: str = field("the new function's name or ARN", "function")
    role: str = field("the role the function runs as", "role")

    def request(self) -> r.CreateFunction:
        return r.CreateFunction(self.function, self.role, self.by)


class UpdateFunctionCodeStep(CallerStep):
    do: Literal["update-function-code"] = "update-function-code"
    function: str = field("the function whose code is replaced", "function")

    def request(self) -> r.UpdateFunctionCode:
        return r.UpdateFunctionCode(self.function, self.by)


class InvokeFunctionStep(CallerStep):
    pushes_session: ClassVar[bool] = True
    changes_world: ClassVar[bool] = False
    do: Literal["invoke-function"] = "invoke-function"
    function: str = field("the function to run", "function")

    def request(self) -> r.InvokeFunction:
        return r.InvokeFunction(self.function, self.by)


class PassRoleStep(CallerStep):
    changes_world: ClassVar[bool] = False
    do: Literal["pass-role"] = "pass-role"
    role: str = field("the role to pass", "role")
    service: str = field("the service it is passed to, e.g. glue.amazonaws.com", "service")

    def request(self) -> r.PassRole:
        return r.PassRole(self.role, self.service, self.by)


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
    | RecreateStep
    | CreateAccessKeyStep
    | CreateLoginProfileStep
    | UpdateLoginProfileStep
    | AddUserToGroupStep
    | RemoveUserFromGroupStep
    | CreatePolicyVersionStep
    | SetDefaultPolicyVersionStep
    | RunInstanceStep
    | CreateFunctionStep
    | UpdateFunctionCodeStep
    | InvokeFunctionStep
    | PassRoleStep,
    Field(discriminator="do"),
]

STEP_TYPES: dict[str, type[StepBase]] = {
    cls.model_fields["do"].default: cls
    for cls in (
        SignInStep, AssumeRoleStep, AssumeRoleWithWebIdentityStep, AssumeRoleWithSamlStep,
        GetSessionTokenStep, GetFederationTokenStep, InstanceCredentialsStep,
        ServiceAssumeRoleStep, CallStep, AdvanceStep, ExitStep, RevokeSessionsStep,
        UpdateTrustStep, AttachPolicyStep, DetachPolicyStep, PutPolicyStep, DeletePolicyStep,
        SetBoundaryStep, RecreateStep, CreateAccessKeyStep, CreateLoginProfileStep,
        UpdateLoginProfileStep, AddUserToGroupStep, RemoveUserFromGroupStep,
        CreatePolicyVersionStep, SetDefaultPolicyVersionStep, RunInstanceStep,
        CreateFunctionStep, UpdateFunctionCodeStep, InvokeFunctionStep, PassRoleStep,
    )
}
"""`do` -> step class, in the order of the format page (rolesim's own steps last)."""
