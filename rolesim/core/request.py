"""What the evaluator is asked: who calls, with which policies in force, to do what, on what.

The STS layer and the analyses build `AuthzRequest`s from the world and the credential stack
on every call, so policy edits are felt at once by existing sessions (EV-16).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rolesim.core.policy.model import AttachedPolicy

ContextValue = str | tuple[str, ...]
"""A single-valued key holds a str; a multivalued key (aws:TagKeys, ...) holds a tuple."""

Context = Mapping[str, ContextValue]
"""Request context keyed by the key name in lower case (PL-10)."""


class PrincipalType(StrEnum):
    """`aws:PrincipalType` values (ID-12), plus Service for a service principal acting itself."""

    ACCOUNT = "Account"
    USER = "User"
    FEDERATED_USER = "FederatedUser"
    ASSUMED_ROLE = "AssumedRole"
    ANONYMOUS = "Anonymous"
    SERVICE = "Service"


@dataclass(frozen=True, slots=True)
class Caller:
    """The principal making a request, with every name a policy might know it by.

    `arn` is what GetCallerIdentity returns (a session ARN for a role session), `principal_arn`
    what `aws:PrincipalArn` holds (the role ARN for a session, CK-01). `entity_id` is the unique
    ID of the user or role behind the caller, compared with a policy's bindings (TP-06).
    `role_arn` is set for role sessions; `user_arn` for IAM users and for the IAM user who
    called GetFederationToken (EV-07, REV-05). `service` is a service principal's name.
    """

    type: PrincipalType
    arn: str
    account: str
    user_id: str
    principal_arn: str
    entity_id: str | None = None
    role_arn: str | None = None
    user_arn: str | None = None
    service: str | None = None
    federated_provider: str | None = None


@dataclass(frozen=True, slots=True)
class CallerPolicies:
    """The caller's side of an evaluation.

    `session` is None when no session policy applies to this caller, and a (possibly empty)
    sequence when the caller is a session that passed some; a federated user with no session
    policy has `session=()`, which allows nothing (EV-12, GFT-04). `scps` is None when the
    caller's account is in no organization or is its management account (ORG-01).
    `implicit_allow` is true for the account root user (EV-01).

    `plans`: a dict when the holder keeps this object for many requests (the simulator, per
    session), in which the evaluator keeps per action which identity statements it could
    touch (and, under `(service prefix,)`, the pool a service's plans are made from); None
    (the default) for one made per request. The cache depends only on the
    policies, which are frozen, so it lives and dies with this object. `reader` names whose
    plans they are (the same for every caller with these identity policies; 0: the plans
    dict's own id): the evaluator fills a policy's per-action cache once a second reader's
    plans read it.
    """

    identity: Sequence[AttachedPolicy] = ()
    boundary: AttachedPolicy | None = None
    session: Sequence[AttachedPolicy] | None = None
    scps: Sequence[AttachedPolicy] | None = None
    implicit_allow: bool = False
    plans: dict[Any, Any] | None = field(default=None, repr=False, compare=False)
    reader: int = field(default=0, repr=False, compare=False)


class EvaluationMode(StrEnum):
    """NORMAL for API calls; TRUST for AssumeRole*, where the trust policy must allow the
    caller explicitly even within one account (TP-01, EV-09) and the caller's boundary applies
    even when the trust policy names it (TP-11)."""

    NORMAL = "normal"
    TRUST = "trust"


@dataclass(frozen=True, slots=True)
class AuthzRequest:
    """One request to decide. `resource_account` is the account that owns the resource (empty
    when unknown: then it is taken to be the caller's)."""

    caller: Caller
    policies: CallerPolicies
    action: str
    resource: str
    resource_account: str
    resource_policy: AttachedPolicy | None = None
    context: Context = field(default_factory=dict)
    mode: EvaluationMode = EvaluationMode.NORMAL

    @classmethod
    def lowered(cls, caller: Caller, policies: CallerPolicies, action: str, resource: str,
                resource_account: str, resource_policy: AttachedPolicy | None,
                context: Context) -> AuthzRequest:
        """A NORMAL-mode request whose context keys the caller built in lower case already
        (the simulator's request_for, once per call): the same object as the constructor
        makes, without the check of every key name, which costs as much as the rest."""
        self = _new(cls)
        _SET_CALLER(self, caller)  # the slots' own setters: cheaper than object.__setattr__
        _SET_POLICIES(self, policies)
        _SET_ACTION(self, action)
        _SET_RESOURCE(self, resource)
        _SET_RESOURCE_ACCOUNT(self, resource_account)
        _SET_RESOURCE_POLICY(self, resource_policy)
        _SET_CONTEXT(self, context)
        _SET_MODE(self, _NORMAL)
        return self

    def __post_init__(self) -> None:
        """Key names are case-insensitive (PL-10): a context given with mixed-case keys is
        lower-cased once here, so condition lookups stay plain dict lookups."""
        context = self.context
        if "".join(context).islower():  # the common case, one C call: nothing to lower
            return
        for key in context:
            if not key.islower() and key.lower() != key:
                lowered = {k.lower(): v for k, v in context.items()}
                object.__setattr__(self, "context", lowered)
                break


_new = object.__new__
_NORMAL = EvaluationMode.NORMAL  # a module constant: an enum member read via its class is slow
_slots = AuthzRequest.__dict__  # the member descriptor of each slot, for lowered()
_SET_CALLER = _slots["caller"].__set__
_SET_POLICIES = _slots["policies"].__set__
_SET_ACTION = _slots["action"].__set__
_SET_RESOURCE = _slots["resource"].__set__
_SET_RESOURCE_ACCOUNT = _slots["resource_account"].__set__
_SET_RESOURCE_POLICY = _slots["resource_policy"].__set__
_SET_CONTEXT = _slots["context"].__set__
_SET_MODE = _slots["mode"].__set__
