"""Principal matching for resource-based and trust policies (TP-02, TP-06, EV-04..EV-08, PL-09).

A `Principal` element is compiled into sets by kind. Matching a caller returns HOW it matched,
because the evaluator's rules depend on it: a grant to a session ARN is not limited by
boundaries or session policies, a grant to the role ARN is, a grant to the account delegates.

* An account ID or root ARN names the whole account: any principal of that account (TP-02).
* A user ARN matches that user, and the federated users it created (REV-05, EV-07).
* A role ARN matches every session of that role; a session ARN only that session.
* A user/role ARN that was bound to a unique ID when the policy was saved matches only a caller
  whose `entity_id` is still that ID (TP-06, ID-09). A raw unique ID (`AIDA...`/`AROA...`, what
  IAM shows after the entity was recreated) matches only the entity that has it.
* ARNs compare case-sensitively (ID-15); service principal names case-insensitively.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from rolesim.core.policy.model import PrincipalSpec
from rolesim.core.request import Caller, PrincipalType

UNIQUE_ID_PREFIXES = ("AIDA", "AROA")


class MatchKind(StrEnum):
    USER = "user"
    ROLE = "role"
    SESSION = "session"
    FEDERATED = "federated"
    ACCOUNT = "account"
    WILDCARD = "wildcard"
    SERVICE = "service"
    FEDERATED_PROVIDER = "federated-provider"


# Most specific first: the evaluator uses the best way a statement names the caller.
PRIORITY = (
    MatchKind.SESSION,
    MatchKind.FEDERATED,
    MatchKind.USER,
    MatchKind.SERVICE,
    MatchKind.FEDERATED_PROVIDER,
    MatchKind.ROLE,
    MatchKind.WILDCARD,
    MatchKind.ACCOUNT,
)


# The members `kinds` and `excludes` read, as module constants: in Python 3.11 reading an enum
# member through its class takes EnumType's slow attribute hook (every resource and trust
# policy statement that names principals is matched on every request).
_ACCOUNT_KIND = MatchKind.ACCOUNT
_FEDERATED_KIND = MatchKind.FEDERATED
_FEDERATED_PROVIDER_KIND = MatchKind.FEDERATED_PROVIDER
_ROLE_KIND = MatchKind.ROLE
_SERVICE_KIND = MatchKind.SERVICE
_SESSION_KIND = MatchKind.SESSION
_USER_KIND = MatchKind.USER
_WILDCARD_KIND = MatchKind.WILDCARD
_ACCOUNT_TYPE = PrincipalType.ACCOUNT
_ANONYMOUS_TYPE = PrincipalType.ANONYMOUS
_ASSUMED_ROLE_TYPE = PrincipalType.ASSUMED_ROLE
_FEDERATED_USER_TYPE = PrincipalType.FEDERATED_USER
_SERVICE_TYPE = PrincipalType.SERVICE
_USER_TYPE = PrincipalType.USER


def account_of_principal(value: str) -> str | None:
    """`123456789012` or `arn:aws:iam::123456789012:root` -> the account; else None."""
    if len(value) == 12 and value.isdigit():
        return value
    parts = value.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[5] == "root":
        return parts[4]
    return None


def _partition_of(arn: str) -> str:
    """`aws` of `arn:aws:...`; a bare account ID belongs to the caller's partition."""
    parts = arn.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == "arn" else ""


class CompiledPrincipal:
    """A Principal/NotPrincipal element as lookup sets."""

    __slots__ = ("accounts", "federated_users", "providers", "roles", "services", "sessions",
                 "spec", "unique_ids", "users", "wildcard")

    def __init__(self, spec: PrincipalSpec) -> None:
        self.spec = spec
        self.wildcard = spec.wildcard
        accounts, users, roles, sessions, feds, ids = set(), set(), set(), set(), set(), set()
        for value in spec.values.get("AWS", ()):
            if value == "*":
                self.wildcard = True
                continue
            account = account_of_principal(value)
            if account is not None:
                # ID-16: an account named by ARN is an account of that ARN's partition only.
                partition = _partition_of(value)
                accounts.add(f"{partition}:{account}" if partition else account)
                continue
            if value.startswith(UNIQUE_ID_PREFIXES) and ":" not in value:
                ids.add(value)
                continue
            parts = value.split(":", 5)
            if len(parts) != 6:
                continue
            service, resource = parts[2], parts[5]
            if service == "iam" and resource.startswith("user/"):
                users.add(value)
            elif service == "iam" and resource.startswith("role/"):
                roles.add(value)
            elif service == "sts" and resource.startswith("assumed-role/"):
                sessions.add(value)
            elif service == "sts" and resource.startswith("federated-user/"):
                feds.add(value)
        self.accounts = frozenset(accounts)
        self.users = frozenset(users)
        self.roles = frozenset(roles)
        self.sessions = frozenset(sessions)
        self.federated_users = frozenset(feds)
        self.unique_ids = frozenset(ids)
        self.services = frozenset(v.lower() for v in spec.values.get("Service", ()))
        self.providers = frozenset(spec.values.get("Federated", ()))

    def kinds(self, caller: Caller, bindings: Mapping[str, str]) -> set[MatchKind]:
        """Every way this element names the caller."""
        found: set[MatchKind] = set()
        ctype = caller.type
        if self.wildcard:
            found.add(_WILDCARD_KIND)
        if ctype is _SERVICE_TYPE:
            if caller.service and caller.service.lower() in self.services:
                found.add(_SERVICE_KIND)
            return found
        if caller.federated_provider and caller.federated_provider in self.providers:
            found.add(_FEDERATED_PROVIDER_KIND)
        if ctype is _ANONYMOUS_TYPE:
            return found
        if self.accounts and (
                caller.account in self.accounts
                or f"{_partition_of(caller.arn)}:{caller.account}" in self.accounts):
            found.add(_ACCOUNT_KIND)
        if ctype is _ASSUMED_ROLE_TYPE:
            if caller.arn in self.sessions:
                found.add(_SESSION_KIND)
            role = caller.role_arn
            if role and role in self.roles and _bound_ok(role, caller, bindings):
                found.add(_ROLE_KIND)
        elif ctype is _FEDERATED_USER_TYPE and caller.arn in self.federated_users:
            found.add(_FEDERATED_KIND)
        user = caller.user_arn or (caller.arn if ctype is _USER_TYPE else None)
        if user and user in self.users and _bound_ok(user, caller, bindings):
            found.add(_USER_KIND)
        if caller.entity_id and caller.entity_id in self.unique_ids:
            found.add(_ROLE_KIND if caller.entity_id.startswith("AROA") else _USER_KIND)
        return found

    def match(self, caller: Caller, bindings: Mapping[str, str]) -> MatchKind | None:
        """The most specific way this element names the caller, or None."""
        found = self.kinds(caller, bindings)
        if not found:
            return None
        for kind in PRIORITY:
            if kind in found:
                return kind
        return None  # pragma: no cover

    def excludes(self, caller: Caller, bindings: Mapping[str, str]) -> bool:
        """For NotPrincipal: is the caller left out? Per PL-09 the element must name the
        caller's account too, and for a role session the session ARN, the role ARN and the
        account; a federated user needs its ARN and the account; a user its ARN and the
        account; the root user only the account."""
        found = self.kinds(caller, bindings)
        if _WILDCARD_KIND in found:
            return True
        ctype = caller.type
        if ctype is _SERVICE_TYPE:
            return _SERVICE_KIND in found
        if ctype is _ANONYMOUS_TYPE:
            return False
        if _ACCOUNT_KIND not in found:
            return False
        if ctype is _ACCOUNT_TYPE:
            return True
        if ctype is _ASSUMED_ROLE_TYPE:
            return _SESSION_KIND in found and _ROLE_KIND in found
        if ctype is _FEDERATED_USER_TYPE:
            return _FEDERATED_KIND in found
        return _USER_KIND in found


def _bound_ok(arn: str, caller: Caller, bindings: Mapping[str, str]) -> bool:
    """TP-06: a bound ARN names only the entity that had that unique ID when saved."""
    bound = bindings.get(arn)
    return bound is None or bound == caller.entity_id


def describe(spec: PrincipalSpec) -> str:
    """`AWS arn:..., Service ec2.amazonaws.com` or `*`, for explanations."""
    if spec.wildcard:
        return '"*"'
    return "; ".join(f"{kind} {', '.join(values)}" for kind, values in spec.values.items())
