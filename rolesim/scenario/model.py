"""The scenario file, as pydantic models: exactly the keys of docs/scenario-format.md.

Every model forbids unknown keys (a typo must not be silently ignored) and validates strictly
(`mfa = "yes"` is an error, not True). Policy documents are kept as written, a TOML table or a
JSON string (`PolicyDocument`); the world builder parses them. Steps are a union discriminated
on `do`: `SignInStep`, `AssumeRoleStep`, ... ; `STEP_TYPES` maps each `do` to its class.

The TUI edits these models in place; `to_data()` turns one back into plain TOML-shaped data,
keeping every key that was written or differs from its default.
"""

import re
from datetime import datetime
from typing import Literal

from pydantic import Field, PrivateAttr, field_validator

from rolesim.scenario.spec_base import (
    ACCOUNT_ID_PATTERN,
    ContextScalar,
    ContextValue,
    PolicyDocument,
    Spec,
    empty_list,
    require_offset,
    to_data,
)
from rolesim.scenario.steps import (
    CALL_OUTCOMES,
    STEP_TYPES,
    AddUserToGroupStep,
    AdvanceStep,
    AssumeRoleStep,
    AssumeRoleWithSamlStep,
    AssumeRoleWithWebIdentityStep,
    AttachPolicyStep,
    CallerStep,
    CallStep,
    CreateAccessKeyStep,
    CreateFunctionStep,
    CreateLoginProfileStep,
    CreatePolicyVersionStep,
    DeletePolicyStep,
    DetachPolicyStep,
    ExitStep,
    ExpectSession,
    GetFederationTokenStep,
    GetSessionTokenStep,
    InstanceCredentialsStep,
    InvokeFunctionStep,
    PassRoleStep,
    PutPolicyStep,
    RecreateStep,
    RemoveUserFromGroupStep,
    RevokeSessionsStep,
    RunInstanceStep,
    ServiceAssumeRoleStep,
    SetBoundaryStep,
    SetDefaultPolicyVersionStep,
    SignInStep,
    Step,
    StepBase,
    UpdateFunctionCodeStep,
    UpdateLoginProfileStep,
    UpdateTrustStep,
    WorldStep,
)

__all__ = [
    "CALL_OUTCOMES",
    "STEP_TYPES",
    "WORLD_SECTIONS",
    "AccountSpec",
    "AddUserToGroupStep",
    "AdvanceStep",
    "AssumeRoleStep",
    "AssumeRoleWithSamlStep",
    "AssumeRoleWithWebIdentityStep",
    "AttachPolicyStep",
    "CallStep",
    "CallerStep",
    "ContextScalar",
    "ContextValue",
    "CreateAccessKeyStep",
    "CreateFunctionStep",
    "CreateLoginProfileStep",
    "CreatePolicyVersionStep",
    "DeletePolicyStep",
    "DetachPolicyStep",
    "ExitStep",
    "ExpectSession",
    "FunctionSpec",
    "GetFederationTokenStep",
    "GetSessionTokenStep",
    "GroupSpec",
    "InstanceCredentialsStep",
    "InstanceProfileSpec",
    "InstanceSpec",
    "InvokeFunctionStep",
    "PassRoleStep",
    "PolicyDocument",
    "PolicySpec",
    "PolicyVersionSpec",
    "ProviderSpec",
    "PutPolicyStep",
    "RecreateStep",
    "RemoveUserFromGroupStep",
    "ResourceSpec",
    "RevokeSessionsStep",
    "RoleSpec",
    "RunInstanceStep",
    "Scenario",
    "ScpLevelSpec",
    "ServiceAssumeRoleStep",
    "SetBoundaryStep",
    "SetDefaultPolicyVersionStep",
    "SignInStep",
    "SourceInfo",
    "Spec",
    "Step",
    "StepBase",
    "UpdateFunctionCodeStep",
    "UpdateLoginProfileStep",
    "UpdateTrustStep",
    "UserSpec",
    "WorldStep",
    "to_data",
]

# ---------------------------------------------------------------------------------------- world

UNIQUE_ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{15,127}$")
VERSION_ID_PATTERN = re.compile(r"^v[1-9][0-9]*$")
INSTANCE_ID_PATTERN = re.compile(r"^i-[0-9a-f]{8,17}$")
REGION_PATTERN = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


class ScpLevelSpec(Spec):
    """SCPs attached at one level above an account: the organization root or an OU
    (docs/scenario-format.md, `scp_levels`)."""

    name: str = ""
    scps: list[PolicyDocument]
    scp_names: list[str] | None = None
    """Optional: the SCPs' own names, in the order of `scps` ("" for one without)."""

    def label(self, index: int) -> str:
        """The name explanations use: `name`, else by position (the root comes first)."""
        return self.name or ("organization root" if index == 0 else f"OU {index}")


class AccountSpec(Spec):
    id: str
    name: str = ""
    scps: list[PolicyDocument] | None = None
    management: bool = False
    scp_levels: list[ScpLevelSpec] | None = None
    """Optional: the SCPs attached above the account, root first, then each OU on its path;
    `scps` are the account's own (ORG-02: every level must allow)."""
    scp_names: list[str] | None = None
    """Optional: the names of `scps`, in order ("" for one without): explanations say
    `SCP deny-regions on account ...` rather than `SCP 2 on account ...`."""

    @field_validator("id")
    @classmethod
    def _twelve_digits(cls, value: str) -> str:
        if not ACCOUNT_ID_PATTERN.match(value):
            raise ValueError(f'must be 12 digits, not "{value}"')
        return value


class PolicyVersionSpec(Spec):
    """One stored version of a customer managed policy (rolesim's optional key)."""

    id: str
    document: PolicyDocument

    @field_validator("id")
    @classmethod
    def _version_id(cls, value: str) -> str:
        if not VERSION_ID_PATTERN.match(value):
            raise ValueError(f'must be a version ID such as "v1", not "{value}"')
        return value


class PolicySpec(Spec):
    """A managed policy: customer managed, or an AWS managed one given its own document.
    `document` is the version in force; `versions` may list the others (at most five in all,
    QT-04), `default_version` names the one `document` holds."""

    arn: str
    document: PolicyDocument
    description: str = ""
    versions: list[PolicyVersionSpec] | None = None
    default_version: str | None = None

    @field_validator("default_version")
    @classmethod
    def _default_id(cls, value: str | None) -> str | None:
        if value is not None and not VERSION_ID_PATTERN.match(value):
            raise ValueError(f'must be a version ID such as "v1", not "{value}"')
        return value


def _check_unique_id(value: str | None, prefix: str) -> str | None:
    """An entity's own unique ID (ID-08): the kind's prefix, then upper-case letters/digits."""
    if value is None:
        return value
    if not UNIQUE_ID_PATTERN.match(value) or not value.startswith(prefix):
        raise ValueError(f'must be a unique ID starting "{prefix}" (16 to 128 upper-case '
                         f'letters and digits, as IAM shows it), not "{value}"')
    return value


class UserSpec(Spec):
    arn: str
    id: str | None = None
    groups: list[str] = Field(default_factory=empty_list)
    policies: list[str] = Field(default_factory=empty_list)
    inline: dict[str, PolicyDocument] = Field(default_factory=dict)
    boundary: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    mfa: bool = False
    access_key: bool = False
    """The user has an access key (rolesim's optional key): `sign-in` with
    `using = "access-key"` works."""
    login_profile: bool = False
    """The user has a console password: `sign-in` with `using = "password"` works."""

    @field_validator("id")
    @classmethod
    def _user_id(cls, value: str | None) -> str | None:
        return _check_unique_id(value, "AIDA")


class GroupSpec(Spec):
    arn: str
    id: str | None = None
    policies: list[str] = Field(default_factory=empty_list)
    inline: dict[str, PolicyDocument] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _group_id(cls, value: str | None) -> str | None:
        return _check_unique_id(value, "AGPA")


class RoleSpec(Spec):
    arn: str
    id: str | None = None
    trust: PolicyDocument
    policies: list[str] = Field(default_factory=empty_list)
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

    @field_validator("id")
    @classmethod
    def _role_id(cls, value: str | None) -> str | None:
        return _check_unique_id(value, "AROA")


class InstanceProfileSpec(Spec):
    arn: str
    role: str


class ProviderSpec(Spec):
    arn: str
    audiences: list[str] = Field(default_factory=empty_list)


class ResourceSpec(Spec):
    arn: str
    account: str | None = None
    policy: PolicyDocument | None = None
    tags: dict[str, str] = Field(default_factory=dict)


class FunctionSpec(Spec):
    """A Lambda function and the role it runs as (rolesim's optional section)."""

    arn: str
    role: str


class InstanceSpec(Spec):
    """A running EC2 instance launched with an instance profile (rolesim's optional section)."""

    id: str
    account: str
    instance_profile: str
    region: str = "us-east-1"

    @field_validator("id")
    @classmethod
    def _instance_id(cls, value: str) -> str:
        if not INSTANCE_ID_PATTERN.match(value):
            raise ValueError(f'must be an instance ID such as "i-0123456789abcdef0", '
                             f'not "{value}"')
        return value

    @field_validator("account")
    @classmethod
    def _twelve_digits(cls, value: str) -> str:
        if not ACCOUNT_ID_PATTERN.match(value):
            raise ValueError(f'must be 12 digits, not "{value}"')
        return value

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if not REGION_PATTERN.match(value):
            raise ValueError(f'must be a region such as "us-east-1", not "{value}"')
        return value


WORLD_SECTIONS = ("accounts", "policies", "users", "groups", "roles", "instance_profiles",
                  "providers", "resources", "functions", "instances")


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
    mode: Literal["learn", "present"] | None = None
    """How the TUI opens the file (rolesim's optional key): `learn` hides every answer and
    asks for predictions, `present` shows everything; absent means `present`."""
    accounts: list[AccountSpec] = Field(default_factory=empty_list)
    policies: list[PolicySpec] = Field(default_factory=empty_list)
    users: list[UserSpec] = Field(default_factory=empty_list)
    groups: list[GroupSpec] = Field(default_factory=empty_list)
    roles: list[RoleSpec] = Field(default_factory=empty_list)
    instance_profiles: list[InstanceProfileSpec] = Field(default_factory=empty_list)
    providers: list[ProviderSpec] = Field(default_factory=empty_list)
    resources: list[ResourceSpec] = Field(default_factory=empty_list)
    functions: list[FunctionSpec] = Field(default_factory=empty_list)
    instances: list[InstanceSpec] = Field(default_factory=empty_list)
    steps: list[Step] = Field(default_factory=empty_list)

    # The text it was loaded from (for line numbers); None once edited or when built in code.
    _source: SourceInfo | None = PrivateAttr(default=None)

    @field_validator("start")
    @classmethod
    def _offset(cls, value: datetime | None) -> datetime | None:
        from rolesim.core.clock import check_in_range

        value = require_offset(value)
        return value if value is None else check_in_range(value)

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
