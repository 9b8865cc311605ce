"""Sessions and the credential stack: what the session inspector shows and the runner reports.

Every field of the `session` object in `rolesim run --json` (scenario format) is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from rolesim.core.policy.model import AttachedPolicy
from rolesim.core.request import Caller

if TYPE_CHECKING:
    from rolesim.core.sts.grant import SessionGrant


class SessionKind(StrEnum):
    """How the credentials were obtained."""

    ROOT = "root"                        # sign-in as the account root user (long-term)
    USER = "user"                        # sign-in as an IAM user (long-term)
    ASSUMED_ROLE = "assumed-role"        # AssumeRole
    WEB_IDENTITY = "web-identity"        # AssumeRoleWithWebIdentity
    SAML = "saml"                        # AssumeRoleWithSAML
    INSTANCE_PROFILE = "instance-profile"  # EC2 instance credentials
    SERVICE_ROLE = "service-role"        # an AWS service assuming a service role
    SESSION_TOKEN = "session-token"      # GetSessionToken
    FEDERATED_USER = "federated-user"    # GetFederationToken

    @property
    def is_role_session(self) -> bool:
        return self in _ROLE_KINDS


_ROLE_KINDS = {
    SessionKind.ASSUMED_ROLE,
    SessionKind.WEB_IDENTITY,
    SessionKind.SAML,
    SessionKind.INSTANCE_PROFILE,
    SessionKind.SERVICE_ROLE,
}


class TagOrigin(StrEnum):
    """Where a principal tag came from, as the inspector shows it (TAG-09)."""

    USER_TAG = "user tag"
    ROLE_TAG = "role tag"
    SESSION_TAG = "session tag"
    INHERITED = "inherited transitive"


@dataclass(frozen=True, slots=True)
class PrincipalTag:
    key: str
    value: str
    origin: TagOrigin
    transitive: bool = False


@dataclass
class Session:
    """One set of credentials on the stack.

    Long-term credentials (root, IAM user) have no `issued`/`expiration`; instance-profile
    and service-role sessions have an `issued` but no `expiration` (rotated by the service).
    `depth` is the session's position on the credential stack: 0 for the bottom (the
    signed-in identity, or the session a web-identity/SAML/instance/service step started
    the stack with), 1 for the first session assumed above it, and so on. `role_arn` is the role
    behind a role session; `user_arn` the IAM user behind user credentials, GetSessionToken and
    GetFederationToken sessions. `session_policies` is None when none were passed;
    a federated user with none passed has an empty tuple (GFT-04).
    """

    kind: SessionKind
    caller: Caller
    issued: datetime | None = None
    expiration: datetime | None = None
    role_arn: str | None = None
    user_arn: str | None = None
    session_name: str | None = None
    session_tags: dict[str, str] = field(default_factory=dict)
    transitive_tag_keys: tuple[str, ...] = ()
    inherited_tag_keys: tuple[str, ...] = ()
    principal_tags: tuple[PrincipalTag, ...] = ()
    source_identity: str | None = None
    mfa: bool = False
    mfa_time: datetime | None = None
    console: bool = False
    """Signed in to the console with a password: its requests carry aws:MultiFactorAuthPresent
    (false without MFA) as console sessions do, where access-key requests have none (CK-08)."""
    chained: bool = False
    depth: int = 0
    session_policies: tuple[AttachedPolicy, ...] | None = None
    parent: Session | None = None
    provider_arn: str | None = None
    web_identity_claims: dict[str, object] = field(default_factory=dict)
    packed_policy_size: int | None = None
    """`PackedPolicySize` of the AssumeRole* response, in percent (AR-13, AR-16)."""
    saml_attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    instance_id: str | None = None
    access_key_id: str = ""
    """`ASIA...` for temporary credentials, `AKIA...` for long-term ones (ID-08, ID-13)."""
    service: str | None = None
    """The service principal that obtained a service-role session."""
    grant: SessionGrant | None = field(default=None, repr=False, compare=False)
    """How an AssumeRole* session was granted: decisions, duration, tags (for explanations)."""

    @property
    def arn(self) -> str:
        return self.caller.arn

    @property
    def account(self) -> str:
        return self.caller.account

    @property
    def user_id(self) -> str:
        return self.caller.user_id

    @property
    def temporary(self) -> bool:
        return self.issued is not None

    def expired(self, now: datetime) -> bool:
        """At or past the expiration (scenario format, Time)."""
        return self.expiration is not None and now >= self.expiration

    def seconds_left(self, now: datetime) -> int | None:
        if self.expiration is None:
            return None
        return max(0, int((self.expiration - now).total_seconds()))

    @property
    def principal_tag_map(self) -> dict[str, str]:
        """What `aws:PrincipalTag/...` sees, key -> value (TAG-09)."""
        return {tag.key: tag.value for tag in self.principal_tags}

    @property
    def passed_session_tags(self) -> dict[str, str]:
        """Session tags passed in the call that made this session (not inherited)."""
        inherited = {key.lower() for key in self.inherited_tag_keys}
        return {k: v for k, v in self.session_tags.items() if k.lower() not in inherited}

    @property
    def inherited_session_tags(self) -> dict[str, str]:
        """Transitive session tags inherited from the calling session (TAG-10)."""
        inherited = {key.lower() for key in self.inherited_tag_keys}
        return {k: v for k, v in self.session_tags.items() if k.lower() in inherited}

    @property
    def above_sign_in(self) -> bool:
        """True for every session that `exit` can leave (depth > 0)."""
        return self.depth > 0

    def chain(self) -> list[Session]:
        """Bottom (signed-in identity) to top (this session)."""
        out: list[Session] = []
        node: Session | None = self
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]
