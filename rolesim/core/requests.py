"""One typed object per API request a scenario step makes: the single definition of its
parameters. The step models build them (`step.request()`), the runner hands them to the
simulator, and the STS and IAM operations read them.

World-changing requests carry `by`: `"trainer"` is an act from outside the credential stack
that nothing authorizes; `"caller"` is a request made with the top credentials, authorized by
the evaluator on the real action and resource (rolesim.core.iam).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

By = Literal["trainer", "caller"]
PolicyInput = str | Mapping[str, Any]
DEFAULT_INSTANCE_ID = "i-0123456789abcdef0"
SAML_AUDIENCE = "https://signin.aws.amazon.com/saml"


# ----------------------------------------------------------------------------- the stack, time


@dataclass(frozen=True, slots=True)
class SignIn:
    principal: str
    mfa: bool = False
    using: Literal["access-key", "password"] | None = None
    """None: the trainer signs the principal in; else the user must hold that credential."""


@dataclass(frozen=True, slots=True)
class Advance:
    seconds: int


@dataclass(frozen=True, slots=True)
class Exit:
    pass


# ------------------------------------------------------------------------------------- STS


@dataclass(frozen=True, slots=True)
class AssumeRole:
    role: str
    session_name: str
    duration: int | None = None
    external_id: str | None = None
    tags: Mapping[str, str] | None = None
    transitive_tag_keys: Sequence[str] = ()
    policy: PolicyInput | None = None
    policy_arns: Sequence[str] = ()
    source_identity: str | None = None
    mfa: bool = False


@dataclass(frozen=True, slots=True)
class AssumeRoleWithWebIdentity:
    role: str
    session_name: str
    issuer: str
    claims: Mapping[str, object] = field(default_factory=dict)
    duration: int | None = None
    policy: PolicyInput | None = None
    policy_arns: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class AssumeRoleWithSaml:
    role: str
    provider: str
    subject: str = ""
    attributes: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    audience: str = SAML_AUDIENCE
    not_on_or_after: Any = None
    """A datetime or RFC 3339 text."""
    duration: int | None = None
    policy: PolicyInput | None = None
    policy_arns: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class GetSessionToken:
    duration: int | None = None
    mfa: bool = False


@dataclass(frozen=True, slots=True)
class GetFederationToken:
    name: str
    duration: int | None = None
    policy: PolicyInput | None = None
    policy_arns: Sequence[str] = ()
    tags: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class InstanceCredentials:
    instance_profile: str | None
    """None: the profile the instance `instance_id` was launched with."""
    instance_id: str = DEFAULT_INSTANCE_ID


@dataclass(frozen=True, slots=True)
class ServiceAssumeRole:
    service: str
    role: str
    source_arn: str | None = None
    source_account: str | None = None


@dataclass(frozen=True, slots=True)
class Call:
    action: str
    resource: str = "*"
    context: Mapping[str, object] | None = None


# ------------------------------------------------------------------- IAM: the existing changes


@dataclass(frozen=True, slots=True)
class RevokeSessions:
    role: str
    by: By = "trainer"


@dataclass(frozen=True, slots=True)
class UpdateTrust:
    role: str
    trust: PolicyInput
    by: By = "trainer"


@dataclass(frozen=True, slots=True)
class AttachPolicy:
    principal: str
    policy: str
    by: By = "trainer"


@dataclass(frozen=True, slots=True)
class DetachPolicy:
    principal: str
    policy: str
    by: By = "trainer"


@dataclass(frozen=True, slots=True)
class PutPolicy:
    principal: str
    name: str
    document: PolicyInput
    by: By = "trainer"


@dataclass(frozen=True, slots=True)
class DeletePolicy:
    principal: str
    name: str
    by: By = "trainer"


@dataclass(frozen=True, slots=True)
class SetBoundary:
    principal: str
    policy: str
    """A managed policy ARN, or "" to remove the boundary."""
    by: By = "trainer"


@dataclass(frozen=True, slots=True)
class Recreate:
    principal: str
    by: By = "trainer"


# ------------------------------------------------------------- IAM, EC2, Lambda: new requests


@dataclass(frozen=True, slots=True)
class CreateAccessKey:
    user: str | None = None
    """None: the caller's own user."""
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class CreateLoginProfile:
    user: str | None = None
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class UpdateLoginProfile:
    user: str | None = None
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class AddUserToGroup:
    user: str
    group: str
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class RemoveUserFromGroup:
    user: str
    group: str
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class CreatePolicyVersion:
    policy: str
    document: PolicyInput
    set_as_default: bool = False
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class SetDefaultPolicyVersion:
    policy: str
    version: str
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class RunInstance:
    instance_profile: str
    instance_id: str = DEFAULT_INSTANCE_ID
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class CreateFunction:
    function: str
    role: str
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class UpdateFunctionCode:
    function: str
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class InvokeFunction:
    function: str
    by: By = "caller"


@dataclass(frozen=True, slots=True)
class PassRole:
    role: str
    service: str
    by: By = "caller"


StsRequest = (AssumeRole | AssumeRoleWithWebIdentity | AssumeRoleWithSaml | GetSessionToken
              | GetFederationToken | InstanceCredentials | ServiceAssumeRole)
"""Requests that give a new session."""

WorldRequest = (RevokeSessions | UpdateTrust | AttachPolicy | DetachPolicy | PutPolicy
                | DeletePolicy | SetBoundary | Recreate | CreateAccessKey | CreateLoginProfile
                | UpdateLoginProfile | AddUserToGroup | RemoveUserFromGroup
                | CreatePolicyVersion | SetDefaultPolicyVersion | RunInstance | CreateFunction
                | UpdateFunctionCode | PassRole)
"""Requests that change the world (or, for PassRole, only ask whether they may)."""

Request = SignIn | Advance | Exit | Call | InvokeFunction | StsRequest | WorldRequest
"""Every request a step can make."""
