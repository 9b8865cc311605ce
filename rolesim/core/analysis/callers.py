"""The world indexed for `who_can_assume`: prospective callers of AssumeRole* (users, role
sessions, services, identity providers) with their context and policies, built once per
analysis, and the roles being analysed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from rolesim.core.arn import Arn, ArnError
from rolesim.core.context import principal_keys
from rolesim.core.policy.compiled import compiled
from rolesim.core.policy.model import AttachedPolicy, Policy, Statement
from rolesim.core.policy.principals import CompiledPrincipal
from rolesim.core.policy.wildcard import compile_any, to_pattern
from rolesim.core.request import Caller, CallerPolicies, ContextValue
from rolesim.core.sts import identities, permissions, trust
from rolesim.core.sts.documents import managed_policy
from rolesim.core.sts.session import PrincipalTag, Session, SessionKind, TagOrigin
from rolesim.core.world import Provider, Role, User, World

SESSION_NAME = "session"
EC2_SERVICE = "ec2.amazonaws.com"
SAML_AUDIENCE = "https://signin.aws.amazon.com/saml"
BUILT_IN_PROVIDERS = ("accounts.google.com", "cognito-identity.amazonaws.com", "www.amazon.com",
                      "graph.facebook.com")


@dataclass
class Candidate:
    """A prospective caller with what the evaluator needs of it (built once per analysis)."""

    arn: str
    kind: str
    caller: Caller
    policies: CallerPolicies
    context: dict[str, ContextValue]
    action: str
    has_mfa_device: bool = True
    issuers: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    may_assume: dict[str, bool] = field(default_factory=dict)


class WorldIndex:
    """The world looked up by account and name, and callers cached by ARN."""

    def __init__(self, world: World, now: datetime) -> None:
        self.world = world
        self.now = now
        self.users_by_account: dict[str, list[User]] = {}
        self.roles_by_account: dict[str, list[Role]] = {}
        for user in world.users.values():
            self.users_by_account.setdefault(user.account, []).append(user)
        for role in world.roles.values():
            self.roles_by_account.setdefault(role.account, []).append(role)
        self._roles_by_name: dict[tuple[str, str], Role] | None = None
        self._by_unique_id: dict[str, User | Role] | None = None
        self.callers: dict[tuple[str, str], Candidate] = {}
        self.shared: dict[tuple[int, str], bool] = {}
        self.by_account: dict[str, list[Candidate]] = {}
        self.targets: dict[str, Target] = {}
        self.hop_callers: dict[int, Candidate] = {}
        self.pending: dict[tuple[str, int], list[Candidate]] = {}
        # id(policy) -> (the policy, whether it may allow sts:AssumeRole); the policy is kept
        # so that an id reused by another object is never mistaken for it
        self.assume_documents: dict[int, tuple[Policy, bool]] = {}

    @property
    def roles_by_name(self) -> dict[tuple[str, str], Role]:
        """Roles by (account, name), made when a Principal first names a role session (most
        trust policies never do: an account may hold 5,000 roles)."""
        if self._roles_by_name is None:
            self._roles_by_name = {(role.account, role.name): role
                                   for role in self.world.roles.values()}
        return self._roles_by_name

    @property
    def by_unique_id(self) -> dict[str, User | Role]:
        """Users and roles by unique ID, made when a Principal first names one by it."""
        if self._by_unique_id is None:
            found: dict[str, User | Role] = {u.unique_id: u for u in self.world.users.values()}
            found.update((r.unique_id, r) for r in self.world.roles.values())
            self._by_unique_id = found
        return self._by_unique_id

    def target(self, role: Role) -> Target:
        found = self.targets.get(role.arn)
        if found is None:
            found = Target(role, role.account, trust.trust_policy(role),
                            trust.base_trust_context(self.now, role, SESSION_NAME, role.tags))
            self.targets[role.arn] = found
        return found

    # -- callers -------------------------------------------------------------------------
    def user(self, user: User) -> Candidate:
        key = ("user", user.arn)
        found = self.callers.get(key)
        if found is None:
            session = identities.long_term_session(identities.user_caller(user), user, False,
                                                   self.now)
            found = self._principal(user.arn, "user", session, user.mfa)
            self.callers[key] = found
        return found

    def role(self, role: Role, session_name: str = SESSION_NAME) -> Candidate:
        key = ("role:" + session_name, role.arn)
        found = self.callers.get(key)
        if found is None:
            tags = tuple(PrincipalTag(k, v, TagOrigin.ROLE_TAG) for k, v in role.tags.items())
            session = Session(kind=SessionKind.ASSUMED_ROLE,
                              caller=identities.role_caller(role, session_name), issued=self.now,
                              expiration=self.now + timedelta(hours=1), role_arn=role.arn,
                              session_name=session_name, principal_tags=tags)
            found = self._principal(role.arn, "role", session, True)
            if session_name != SESSION_NAME:
                found.requires = (f"a session of {role.name} named '{session_name}'",)
            self.callers[key] = found
        return found

    def _principal(self, arn: str, kind: str, session: Session, mfa_device: bool) -> Candidate:
        return Candidate(arn, kind, session.caller,
                       permissions.caller_policies(self.world, session),
                       principal_keys(session, self.now), trust.ASSUME_ROLE,
                       has_mfa_device=mfa_device)

    def service(self, service: str, account: str) -> Candidate:
        key = ("service:" + account, service)
        found = self.callers.get(key)
        if found is None:
            caller = identities.service_caller(service, account)
            context: dict[str, ContextValue] = {"aws:principalisawsservice": "true",
                                                "aws:principalservicename": service}
            found = Candidate(service, "service", caller, CallerPolicies(), context,
                            trust.ASSUME_ROLE)
            self.callers[key] = found
        return found

    def provider(self, arn: str, account: str) -> Candidate | None:
        key = ("provider:" + account, arn)
        if key in self.callers:
            return self.callers[key]
        entry: Provider | None = self.world.providers.get(arn)
        found: Candidate | None = None
        if arn in BUILT_IN_PROVIDERS:
            caller = identities.federation_caller(arn, account, "subject")
            found = Candidate(arn, "provider", caller, CallerPolicies(),
                            {"aws:federatedprovider": arn}, trust.WITH_WEB_IDENTITY,
                            issuers=(arn,))
        elif entry is not None and entry.account == account:  # OIDC-06: same account
            caller = identities.federation_caller(arn, account, "subject")
            context: dict[str, ContextValue] = {"aws:federatedprovider": arn}
            if entry.kind == "saml":
                context["saml:aud"] = SAML_AUDIENCE
                action = trust.WITH_SAML
                issuers: tuple[str, ...] = ()
            else:
                action = trust.WITH_WEB_IDENTITY
                issuers = (entry.issuer.lower(),)
            found = Candidate(arn, "provider", caller, CallerPolicies(), context, action,
                            issuers=issuers, audiences=tuple(entry.audiences))
        self.callers[key] = found  # type: ignore[assignment]
        return found

    # -- candidates named by a Principal element --------------------------------------------
    def account_callers(self, account: str) -> list[Candidate]:
        """The users and roles of an account that a trust policy naming only the account (or
        `*`) could let in: those with an identity-policy Allow whose Action covers
        sts:AssumeRole (TP-09). The others can never pass, so they are not even built (an
        account may hold 5,000 roles)."""
        found = self.by_account.get(account)
        if found is None:
            found = [self.user(u) for u in self.users_by_account.get(account, ())
                     if self._may_allow_assume(u)]
            found += [self.role(r) for r in self.roles_by_account.get(account, ())
                      if self._may_allow_assume(r)]
            self.by_account[account] = found
        return found

    def _may_allow_assume(self, entity: User | Role) -> bool:
        """Judged on the documents themselves, once per distinct document (thousands of
        roles often share a few), without building the labelled attachments a caller needs:
        most entities of a big account never pass this test."""
        judged = self.assume_documents
        # a role with only inline documents: without the walk's generator (most entities of
        # a big account are roles)
        documents = _identity_documents(self.world, entity) if isinstance(entity, User) or (
            entity.policies) else entity.inline.values()
        for policy in documents:
            known = judged.get(id(policy))
            if known is None or known[0] is not policy:
                known = judged[id(policy)] = (policy, _allows_assume_role(policy.statements))
            if known[1]:
                return True
        return False

    def _unknown_account_callers(self, account: str, known: Callable[[Candidate], bool] | None
                                 ) -> list[Candidate]:
        """`account_callers` less those `known` (the search's: once known, always known), the
        list shrinking as the search goes, so each role it visits does not walk them all."""
        if known is None:
            return self.account_callers(account)
        key = (account, id(known))
        pool = self.pending.get(key)
        if pool is None:
            pool = self.account_callers(account)
        pool = [c for c in pool if not known(c)]
        self.pending[key] = pool
        return pool

    def candidates(self, principal: CompiledPrincipal, role: Role,
                   known: Callable[[Candidate], bool] | None = None,
                   ) -> Iterable[tuple[Candidate, bool]]:
        """Callers the element may name, each with whether it names them one by one (False:
        only through their account or `*`, which needs an identity allow too, TP-09). With
        `known`, a monotone filter, callers named through their account that it accepts are
        left out."""
        if principal.wildcard:
            for account in self.roles_by_account.keys() | self.users_by_account.keys():
                for candidate in self._unknown_account_callers(account, known):
                    yield candidate, False
        for entry in principal.accounts:
            partition, _, account = entry.rpartition(":")
            if partition not in ("", "aws"):
                continue  # ID-16: no delegation across partitions
            for candidate in self._unknown_account_callers(account, known):
                yield candidate, False
        for arn in principal.users:
            named_user = self.world.users.get(arn)
            if named_user is not None:
                yield self.user(named_user), True
        for arn in principal.roles:
            named_role = self.world.roles.get(arn)
            if named_role is not None:
                yield self.role(named_role), True
        for arn in principal.sessions:
            for candidate in self._session_caller(arn):
                yield candidate, True
        for uid in principal.unique_ids:
            entity = self.by_unique_id.get(uid)
            if isinstance(entity, User):
                yield self.user(entity), True
            elif isinstance(entity, Role):
                yield self.role(entity), True
        for service in principal.services:
            yield self.service(service, role.account), True
        for arn in principal.providers:
            found = self.provider(arn, role.account)
            if found is not None:
                yield found, True

    def _session_caller(self, arn: str) -> Iterable[Candidate]:
        try:
            parsed = Arn.parse(arn)
        except ArnError:
            return
        pieces = parsed.resource.split("/")
        if len(pieces) == 3:
            other = self.roles_by_name.get((parsed.account, pieces[1]))
            if other is not None:
                yield self.role(other, pieces[2])


def _identity_documents(world: World, entity: User | Role) -> Iterator[Policy]:
    """The identity policies of a user (with its groups') or a role, as documents: those of
    `permissions.identity_policies`, in its order, without their labels."""
    for arn in entity.policies:
        entry = managed_policy(world, arn)
        if entry is not None:
            yield entry.document
    yield from entity.inline.values()
    if isinstance(entity, User):
        for group_arn in entity.groups:
            group = world.groups.get(group_arn)
            if group is not None:
                for arn in group.policies:
                    entry = managed_policy(world, arn)
                    if entry is not None:
                        yield entry.document
                yield from group.inline.values()


def identity_may_assume(candidate: Candidate, role_arn: str,
                         shared: dict[tuple[int, str], bool]) -> bool:
    """Some identity policy Allow statement names sts:AssumeRole and this role (conditions
    aside): without one, a caller named only through its account can never pass. Policies
    whose resources hold no variables are judged once per role for every caller sharing them."""
    cached = candidate.may_assume.get(role_arn)
    if cached is not None:
        return cached
    found = False
    for ap in candidate.policies.identity:
        key = (id(ap.policy), role_arn)
        hit = shared.get(key)
        if hit is None:
            statements = [cs for cs in compiled(ap.policy).for_action("sts:assumerole")
                          if cs.allow]
            hit = any(cs.resource_matches(role_arn, candidate.context) for cs in statements)
            if not any(cs.resource_templates for cs in statements):
                shared[key] = hit
        if hit:
            found = True
            break
    candidate.may_assume[role_arn] = found
    return found


@lru_cache(maxsize=4096)
def _covers_assume_role(patterns: tuple[str, ...]) -> bool:
    return compile_any(tuple(to_pattern(p.lower()) for p in patterns))("sts:assumerole")


def _allows_assume_role(statements: Iterable[Statement]) -> bool:
    """Some Allow statement's Action (or NotAction) element covers sts:AssumeRole and its
    Resource could name a role (an IAM ARN, or a pattern whose service part is open)."""
    for st in statements:
        if st.effect != "Allow":
            continue
        if st.actions is not None:
            if not _covers_assume_role(st.actions):
                continue
        elif _covers_assume_role(st.not_actions or ()):
            continue
        if st.resources is None or any(_may_be_iam(r) for r in st.resources):
            return True
    return False


def _may_be_iam(resource: str) -> bool:
    """Whether a Resource pattern can match some role ARN: up to the first wildcard or
    variable, its service part is `iam` (or not yet complete) and its resource part starts
    `role/` (or is shorter and a start of it)."""
    head = resource.split("*", 1)[0].split("?", 1)[0].split("${", 1)[0]
    parts = head.split(":", 5)
    if len(parts) < 4:
        return True
    if parts[2] != "iam":
        return False
    if len(parts) < 6:
        return True
    kind = parts[5]
    return kind.startswith("role/") or "role/".startswith(kind)


@dataclass(frozen=True, slots=True)
class Target:
    """A role being analysed, with what every hop into it shares."""

    role: Role
    account: str
    trust: AttachedPolicy | None
    base: dict[str, ContextValue]
