"""The STS simulator: a world, a simulated clock and a credential stack.

The stack holds the signed-in identity (or the session a federation/instance/service step
started with) and each session assumed above it; calls are made with the top. Permissions
are computed from the world on every call (EV-16), so world changes are felt at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar

from mypy_extensions import mypyc_attr

from rolesim.core import context as request_context
from rolesim.core import requests as r
from rolesim.core.arn import Arn, ArnError
from rolesim.core.arn_hint import closest_arn
from rolesim.core.clock import Clock
from rolesim.core.context import normalise_value
from rolesim.core.decision import Decision, Outcome
from rolesim.core.iam.authorize import authorize
from rolesim.core.iam.changes import apply, invoke_function
from rolesim.core.iam.checks import checks_for
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.request import AuthzRequest, CallerPolicies, ContextValue
from rolesim.core.sts import (
    admin,
    assume,
    choices,
    federation,
    permissions,
    services,
    tokens,
)
from rolesim.core.sts.documents import PolicyInput
from rolesim.core.sts.errors import (
    StsError,
    denial_suffix,
    expired_token,
    missing_authentication,
)
from rolesim.core.sts.identities import (
    credential_refused,
    long_term_session,
    root_caller,
    user_caller,
)
from rolesim.core.sts.session import Session
from rolesim.core.sts.tokens import LIMITED_KINDS
from rolesim.core.why import ref_words
from rolesim.core.world import World, unique_id

__all__ = ["CallResult", "Performed", "Simulator", "StsError"]

GET_CALLER_IDENTITY = "sts:getcalleridentity"
_GET_CALLER_IDENTITY_LENGTH = len(GET_CALLER_IDENTITY)
ALLOWED = str(Outcome.ALLOWED)
ALLOWED_OUTCOME = Outcome.ALLOWED  # a module constant: enum members read via the class are slow
IMPLICIT_DENY = str(Outcome.IMPLICIT_DENY)
NOTHING_TO_EXIT = "There is no role session above the signed-in identity to exit."


@dataclass(frozen=True, slots=True)
class CallResult:
    """`outcome` is `allowed`, `explicitDeny`, `implicitDeny` or an error code
    (`ExpiredToken`, `MissingAuthenticationToken`)."""

    outcome: str
    decision: Decision | None
    message: str
    explanation: tuple[str, ...] = ()
    """Sentences for a learner beyond AWS's message (which session expired, and when)."""

    @property
    def allowed(self) -> bool:
        return self.outcome == str(Outcome.ALLOWED)


@dataclass(frozen=True, slots=True)
class Performed:
    """What one request did: its outcome (`ok`, a call's outcome), the session it started or
    pushed, the evaluator's decision behind it, AWS's message and sentences for a learner."""

    outcome: str
    session: Session | None = None
    decision: Decision | None = None
    message: str = ""
    notes: tuple[str, ...] = ()


RESOURCE_FACTS_LIMIT = 4096
"""Resources whose facts are kept per caller account (emptied when reached)."""
ACCOUNTS_KEPT = 16
"""Caller accounts whose resource facts are kept (all dropped when reached)."""
SHARED_KEPT = 1024
"""Callers' policies and identity plans kept for sessions to come (emptied when reached)."""


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _ResourceFacts:
    """What calls on one resource share, for callers of one account (the owner of a resource
    whose ARN names no account is taken to be the caller's)."""

    account: str
    policy: AttachedPolicy | None
    context: dict[str, ContextValue]


class _SessionFacts:
    """What calls with one session share until the world changes: the policies in force,
    the organization of its account, its principal's context keys at `now` (recomputed
    when the clock has moved), and the facts of the resources its account's callers
    called (`resources`, shared by every session of that account)."""

    __slots__ = ("context", "now", "org", "policies", "resources", "session")

    def __init__(self, session: Session, policies: CallerPolicies, org: str | None,
                 resources: dict[str, _ResourceFacts]) -> None:
        self.session = session
        self.policies = policies
        self.org = org
        self.resources = resources
        self.now: datetime | None = None
        self.context: dict[str, ContextValue] = {}


def _evaluator() -> Any:
    """The evaluator module, imported on the first call (not at start-up) and then kept: an
    import statement in `call` costs more than a dictionary lookup per call."""
    global _EVALUATOR
    if _EVALUATOR is None:
        from rolesim.core import evaluator

        _EVALUATOR = evaluator
    return _EVALUATOR


_EVALUATOR: Any = None


DENIAL_WORDS_KEPT = 4096
_DENIAL_WORDS: dict[tuple[Outcome, PolicyType | None, str], tuple[str, str]] = {}
"""By (outcome, blocked by, action): a denial's outcome as text and the tail of AWS's
message (` because no identity-based policy allows the s3:GetObject action`), which depend
on nothing else; a big file's denials repeat them."""


def _denial_words(decision: Decision, action: str,
                  key: tuple[Outcome, PolicyType | None, str]) -> tuple[str, str]:
    suffix = denial_suffix(decision, action)
    words = (str(decision.outcome), f" {suffix}" if suffix else "")
    if len(_DENIAL_WORDS) >= DENIAL_WORDS_KEPT:
        _DENIAL_WORDS.clear()
    _DENIAL_WORDS[key] = words
    return words


# compiled by mypyc (rolesim/native.py), yet subclassed by the analyses (principal._Without)
@mypyc_attr(allow_interpreted_subclasses=True)
class Simulator:
    """STS as AWS runs it, over a `World`, with an injected `Clock`."""

    def __init__(self, world: World, clock: Clock | None = None, *,
                 remember: bool = False) -> None:
        self.world = world
        self.clock = clock if clock is not None else Clock()
        self.stack: list[Session] = []
        self._issued = 0
        self._remember = remember
        self._by_session: dict[int, _SessionFacts] = {}
        self._last: _SessionFacts | None = None
        """With `remember`, the facts of the session last called with (the next call is most
        often made with it again): found without a lookup by its id."""
        self._by_resource: dict[str, dict[str, _ResourceFacts]] = {}
        """Per caller account, by resource ARN: what `_resource_facts` found."""
        self._by_caller: dict[tuple[Any, ...], CallerPolicies] = {}
        self._plans: dict[tuple[Any, ...], tuple[Sequence[AttachedPolicy], dict[Any, Any]]] = {}
        self._own_requests = type(self).request_for is Simulator.request_for
        """Calls may skip making an AuthzRequest unless a subclass adjusts `request_for`
        (analysis/principal.py's scratch simulators do)."""

    @property
    def remember(self) -> bool:
        """With `remember`, what a call derives from the world is kept until the world changes
        through this simulator (every change below calls _world_changed): by session, the
        policies in force and the principal's context keys at a clock time; by resource, its
        owner, policy and tags. Only for an owner that changes the world through the
        simulator alone (the scenario runner); calls still see every change (EV-16)."""
        return self._remember

    @remember.setter
    def remember(self, value: bool) -> None:
        """Set later, it drops what was kept (a call reads `_last` without asking)."""
        self._remember = value
        self._world_changed()

    def _world_changed(self) -> None:
        self._last = None
        self._by_session.clear()
        self._by_resource.clear()
        self._by_caller.clear()
        self._plans.clear()

    # -- the stack ---------------------------------------------------------------------

    @property
    def top(self) -> Session | None:
        return self.stack[-1] if self.stack else None

    def credentials(self) -> Session:
        """The top credentials, or the error a request signed with them gets."""
        top = self.top
        if top is None:
            raise missing_authentication()
        if top.expired(self.clock.now):
            raise expired_token(top, self.clock.now)  # ER-07
        return top

    def push(self, session: Session) -> Session:
        session.depth = len(self.stack)
        self._issue_key(session)
        self.stack.append(session)
        return session

    def restart(self, session: Session) -> Session:
        """Empty the stack and start it with `session` (federation, instance, service)."""
        session.depth = 0
        session.parent = None
        self._issue_key(session)
        self.stack = [session]
        return session

    def _issue_key(self, session: Session) -> None:
        """A deterministic access key ID: `ASIA` temporary, `AKIA` long-term (ID-08)."""
        if session.temporary:
            seed = f"{session.arn}#{session.issued}#{self._issued}"
            session.access_key_id = unique_id("ASIA", seed)[:20]
        else:
            session.access_key_id = unique_id("AKIA", session.arn)[:20]
        self._issued += 1

    def exit(self) -> Session:
        """Leave the top role session (REV-07, XA-04): the identity below is back."""
        if len(self.stack) < 2:
            raise StsError("NothingToExit", NOTHING_TO_EXIT)
        self.stack.pop()
        return self.stack[-1]

    def advance(self, seconds: int) -> None:
        self.clock.advance(seconds)

    # -- sign-in -----------------------------------------------------------------------

    def sign_in(self, principal: str, mfa: bool = False,
                using: Literal["access-key", "password"] | None = None) -> Session:
        """Long-term credentials of an IAM user or an account root (CK-08 for MFA). With
        `using`, the user must hold that credential (an access key, a console password)."""
        try:
            parsed = Arn.parse(principal)
        except ArnError as exc:
            raise StsError("NoSuchEntity", str(exc), unrunnable=True) from exc
        if parsed.service == "iam" and parsed.resource == "root":
            if not self._account_known(parsed.account):
                raise StsError("NoSuchEntity", f"The account {parsed.account} is not in the "
                               "world", unrunnable=True)
            session = long_term_session(root_caller(parsed.account), None, mfa, self.clock.now)
        else:
            user = self.world.users.get(principal)
            if user is None:
                meant = closest_arn(principal.strip(), self.world.users)
                hint = f" (did you mean {meant}?)" if meant is not None else ""
                raise StsError("NoSuchEntity", f'The user "{principal}" does not exist{hint}',
                               unrunnable=True)
            if mfa and not user.mfa:
                raise StsError("ValidationError", f"The user {principal} has no MFA device, "
                               "so cannot sign in with MFA", unrunnable=True)
            credential_refused(user, using)
            session = long_term_session(user_caller(user), user, mfa, self.clock.now,
                                        console=using == "password")
        self.stack = []
        return self.push(session)

    def _account_known(self, account: str) -> bool:
        if account in self.world.accounts:
            return True
        groups: Sequence[Mapping[str, Any]] = (
            self.world.users, self.world.roles, self.world.policies, self.world.groups
        )
        return any(Arn.parse(arn).account == account for table in groups for arn in table)

    # -- STS calls ---------------------------------------------------------------------

    def assume_role(
        self,
        role: str,
        session_name: str,
        *,
        duration: int | None = None,
        external_id: str | None = None,
        tags: Mapping[str, str] | None = None,
        transitive_tag_keys: Sequence[str] = (),
        policy: PolicyInput | None = None,
        policy_arns: Sequence[str] = (),
        source_identity: str | None = None,
        mfa: bool = False,
    ) -> Session:
        return self._session_for(r.AssumeRole(
            role, session_name, duration, external_id, tags, tuple(transitive_tag_keys), policy,
            tuple(policy_arns), source_identity, mfa))

    def assume_role_with_web_identity(
        self,
        role: str,
        session_name: str,
        issuer: str,
        claims: Mapping[str, object],
        *,
        duration: int | None = None,
        policy: PolicyInput | None = None,
        policy_arns: Sequence[str] = (),
    ) -> Session:
        return self._session_for(r.AssumeRoleWithWebIdentity(
            role, session_name, issuer, claims, duration, policy, tuple(policy_arns)))

    def assume_role_with_saml(
        self,
        role: str,
        provider: str,
        subject: str,
        attributes: Mapping[str, str | Sequence[str]],
        *,
        audience: str = r.SAML_AUDIENCE,
        not_on_or_after: str | None = None,
        duration: int | None = None,
        policy: PolicyInput | None = None,
        policy_arns: Sequence[str] = (),
    ) -> Session:
        return self._session_for(r.AssumeRoleWithSaml(
            role, provider, subject, attributes, audience, not_on_or_after, duration, policy,
            tuple(policy_arns)))

    def get_session_token(self, duration: int | None = None, mfa: bool = False) -> Session:
        return self._session_for(r.GetSessionToken(duration, mfa))

    def get_federation_token(
        self,
        name: str,
        *,
        duration: int | None = None,
        policy: PolicyInput | None = None,
        policy_arns: Sequence[str] = (),
        tags: Mapping[str, str] | None = None,
    ) -> Session:
        return self._session_for(r.GetFederationToken(name, duration, policy,
                                                      tuple(policy_arns), tags))

    def instance_credentials(
        self, instance_profile: str | None, instance_id: str = services.DEFAULT_INSTANCE_ID
    ) -> Session:
        return self._session_for(r.InstanceCredentials(instance_profile, instance_id))

    def service_assume_role(
        self, service: str, role: str, source_arn: str | None = None,
        source_account: str | None = None,
    ) -> Session:
        return self._session_for(r.ServiceAssumeRole(service, role, source_arn, source_account))

    # -- API calls ---------------------------------------------------------------------

    def organization_of(self, account: str) -> str | None:
        """aws:PrincipalOrgID / aws:ResourceOrgID of an account (CK-02)."""
        return self.world.organization_of(account, choices.DEFAULT_ORG_ID)

    def caller_policies(self, session: Session) -> CallerPolicies:
        return permissions.caller_policies(self.world, session)

    def request_for(
        self, session: Session, action: str, resource: str = "*",
        context: Mapping[str, object] | None = None,
    ) -> AuthzRequest:
        """The request AWS would evaluate for this call, computed from the world now (the
        parts that depend only on the session, the clock or the resource are remembered
        until the world or the clock changes)."""
        return self._with_request(AuthzRequest.lowered, session, action, resource, context)

    def _with_request(
        self, use: Callable[..., T], session: Session, action: str, resource: str,
        context: Mapping[str, object] | None,
    ) -> T:
        """`use(caller, policies, action, resource, resource account, resource policy,
        context)` with `request_for`'s request: `AuthzRequest.lowered` makes it. (`call_outcome`
        does the same for `evaluator.decide_call` written out, a frame less per call.)"""
        known = self._session_facts(session)
        facts = known.resources.get(resource)
        if facts is None:
            facts = self._resource_facts_for(known, resource)
        return use(session.caller, known.policies, action, resource, facts.account,
                   facts.policy, self._call_context(known, facts, context))

    def _session_facts(self, session: Session) -> _SessionFacts:
        """What calls with `session` share, made on its first call (with `remember`, kept
        until the world changes), its principal's context keys current at the clock's now."""
        if not self.remember:
            self._world_changed()
        known = self._by_session.get(id(session))
        if known is None or known.session is not session:
            known = self._new_session_facts(session)
        if known.now is not self.clock.now:
            self._refresh_principal_keys(known)
        if self.remember:
            self._last = known
        return known

    def _new_session_facts(self, session: Session) -> _SessionFacts:
        """A session's first call: its policies (shared by its caller's sessions), its
        account's organization, and the resource facts its account's callers share."""
        self._forget_gone_sessions()
        policies = (self._remembered_policies(session) if self.remember
                    else self.caller_policies(session))
        account = session.caller.account
        resources = self._by_resource.get(account)
        if resources is None:
            if len(self._by_resource) >= ACCOUNTS_KEPT:
                self._by_resource.clear()  # sessions on the stack keep their account's own
            resources = self._by_resource[account] = {}
        known = _SessionFacts(session, policies, self.organization_of(account), resources)
        self._by_session[id(session)] = known
        return known

    def _refresh_principal_keys(self, known: _SessionFacts) -> None:
        """The time and principal keys at the clock's now (the clock object changes whenever
        the clock moves)."""
        now = self.clock.now
        keys = request_context.time_keys(now)
        keys.update(request_context.principal_keys(known.session, now, known.org))
        known.context = keys
        known.now = now

    def _resource_facts_for(self, known: _SessionFacts, resource: str) -> _ResourceFacts:
        """The facts of a resource not yet called by a caller of `known`'s account, kept."""
        facts = self._resource_facts(resource, known.session.caller.account)
        resources = known.resources
        if len(resources) >= RESOURCE_FACTS_LIMIT:
            resources.clear()
        resources[resource] = facts
        return facts

    @staticmethod
    def _call_context(known: _SessionFacts, facts: _ResourceFacts,
                      context: Mapping[str, object] | None) -> dict[str, ContextValue]:
        """The request context: every key is lower case (time and principal keys by
        construction, the resource's through tag_keys, the step's here:
        request_context.normalise written out, as a quarter of a big file's calls give a
        context and two calls cost more than this)."""
        ctx = {**known.context, **facts.context}
        if context:
            for name, value in context.items():
                ctx[name.lower()] = value if type(value) is str else normalise_value(value)
        return ctx

    def _remembered_policies(self, session: Session) -> CallerPolicies:
        """The session's policies, with plans the evaluator fills (per action, the identity
        statements it could touch). Shared by the sessions of one caller (the same user signing
        in again, the same role assumed again) until the world changes: what caller_policies
        reads of a session without session policies is its kind, caller and user or role.
        The plans are shared wider, by every caller with the same identity policies."""
        key = None
        if session.session_policies is None:
            key = (session.kind, session.caller, session.role_arn, session.user_arn)
            found = self._by_caller.get(key)
            if found is not None:
                return found
        policies = self.caller_policies(session)
        plans, reader = self._shared_plans(policies.identity)
        policies = dataclasses.replace(policies, plans=plans, reader=reader)
        if key is not None:
            if len(self._by_caller) >= SHARED_KEPT:
                self._by_caller.clear()
            self._by_caller[key] = policies
        return policies

    def _shared_plans(self, identity: Sequence[AttachedPolicy]) -> tuple[dict[Any, Any], int]:
        """The plans of callers whose identity policies are these, in this order, under these
        names (many roles attach the same managed policies). A plan depends only on the
        policies; it holds their AttachedPolicy entries, which must be alike in all but
        identity: the same Policy object, type, label, ARN and level, and no bindings. The
        key holds policy ids, so the entry keeps `identity` (and its policies) alive. With the
        plans, the reader they are made for: the same for these policies in any simulator (a
        replay of the same world reads them as the same caller; see CallerPolicies.reader)."""
        if type(identity) is not tuple or any(ap.bindings for ap in identity):
            return {}, 0
        key = tuple([(id(ap.policy), ap.type, ap.label, ap.arn, ap.level) for ap in identity])
        found = self._plans.get(key)
        if found is None:
            if len(self._plans) >= SHARED_KEPT:
                self._plans.clear()
            found = self._plans[key] = (identity, {})
        return found[1], hash(key)

    def _forget_gone_sessions(self) -> None:
        """Drop what is remembered for sessions no longer on the stack: a session that left
        it (signed out, exited, replaced) never comes back, and keeping every session's
        policies, plans and context alive for a whole run makes each full garbage
        collection walk them (a big file signs in hundreds of times)."""
        if len(self._by_session) > len(self.stack):
            live = {id(session) for session in self.stack}
            for key in [key for key in self._by_session if key not in live]:
                del self._by_session[key]

    def _resource_facts(self, resource: str, caller_account: str) -> _ResourceFacts:
        """Who owns the resource, its resource-based policy, and the context keys it adds
        (aws:ResourceOrgID, aws:ResourceTag/*, aws:ResourceAccount), in call_context's order."""
        account, entry = self.world.resource_owner(resource, caller_account)
        policy = None
        if entry is not None and entry.policy is not None:
            policy = AttachedPolicy(entry.policy, PolicyType.RESOURCE,
                                    f"resource policy of {entry.arn}", arn=entry.arn,
                                    bindings=dict(entry.policy_bindings))
        ctx: dict[str, ContextValue] = {}
        resource_org = self.organization_of(account)
        if resource_org:
            ctx["aws:resourceorgid"] = resource_org
        tags = self._resource_tags(resource)
        if tags:
            ctx.update(request_context.tag_keys("aws:resourcetag", tags))
        if account:
            ctx["aws:resourceaccount"] = account
        return _ResourceFacts(account, policy, ctx)

    def _resource_tags(self, resource: str) -> dict[str, str]:
        """Tags of the resource itself: a listed entry (not inherited by objects under it),
        or an IAM role or user of the world."""
        entry = self.world.resources.get(resource)
        if entry is not None:
            return dict(entry.tags)
        principal = self.world.roles.get(resource) or self.world.users.get(resource)
        return dict(principal.tags) if principal is not None else {}

    def call(
        self, action: str, resource: str = "*", context: Mapping[str, object] | None = None
    ) -> CallResult:
        """An API request with the top credentials."""
        return CallResult(*self.call_outcome(action, resource, context))

    def call_outcome(
        self, action: str, resource: str = "*", context: Mapping[str, object] | None = None
    ) -> tuple[str, Decision | None, str, tuple[str, ...]]:
        """`call` as the fields of its CallResult (outcome, decision, message, explanation):
        the scenario runner's path for each call step, without an object it would unpack."""
        stack = self.stack
        session = stack[-1] if stack else None
        # credentials() inline: a session is expired at or past its expiration
        if session is None or (session.expiration is not None
                               and self.clock.now >= session.expiration):
            try:
                session = self.credentials()  # raises the error AWS gives
            except StsError as error:
                return error.code, None, error.message, tuple(error.explanation)
        if len(action) == _GET_CALLER_IDENTITY_LENGTH and action.lower() == GET_CALLER_IDENTITY:
            return ALLOWED, None, "GetCallerIdentity needs no permission (ID-10)", ()
        if session.kind in LIMITED_KINDS:
            refused = tokens.refused_by_credential_kind(session, action)
            if refused is not None:
                return IMPLICIT_DENY, None, refused, ()
        evaluator = _EVALUATOR or _evaluator()
        if self._own_requests:
            # _with_request(evaluator.decide_call, ...) written out: the bulk of a big file
            known = self._last
            if known is None or known.session is not session or known.now is not self.clock.now:
                known = self._session_facts(session)
            facts = known.resources.get(resource)
            if facts is None:
                facts = self._resource_facts_for(known, resource)
            if context:
                ctx = self._call_context(known, facts, context)
            else:
                ctx = {**known.context, **facts.context}
            decision = evaluator.decide_call(session.caller, known.policies, action, resource,
                                             facts.account, facts.policy, ctx)
        else:
            decision = evaluator.decide(self.request_for(session, action, resource, context))
        outcome = decision.outcome
        if outcome is ALLOWED_OUTCOME:
            return ALLOWED, decision, "", ()
        key = (outcome, decision.blocked_by, action)
        words = _DENIAL_WORDS.get(key)
        if words is None:
            words = _denial_words(decision, action, key)
        return (words[0], decision,
                f"User: {session.arn} is not authorized to perform: {action} on "
                f"resource: {resource}{words[1]}", ())

    def caller_identity(self) -> dict[str, str]:
        """GetCallerIdentity (ID-10, ID-11): UserId, Account, Arn of the top credentials."""
        session = self.credentials()
        return {"UserId": session.user_id, "Account": session.account, "Arn": session.arn}

    # -- world changes (an administrator, outside the stack) ------------------------------

    def revoke_sessions(self, role: str) -> None:
        try:
            admin.revoke_sessions(self.world, role, self.clock.now)
        finally:
            self._world_changed()

    def update_trust(self, role: str, trust: PolicyInput) -> None:
        try:
            admin.update_trust(self.world, role, trust)
        finally:
            self._world_changed()

    def attach_policy(self, principal: str, policy: str) -> None:
        try:
            admin.attach_policy(self.world, principal, policy)
        finally:
            self._world_changed()

    def detach_policy(self, principal: str, policy: str) -> None:
        try:
            admin.detach_policy(self.world, principal, policy)
        finally:
            self._world_changed()

    def put_policy(self, principal: str, name: str, document: PolicyInput) -> None:
        try:
            admin.put_policy(self.world, principal, name, document)
        finally:
            self._world_changed()

    def delete_policy(self, principal: str, name: str) -> None:
        try:
            admin.delete_policy(self.world, principal, name)
        finally:
            self._world_changed()

    def set_boundary(self, principal: str, policy: str) -> None:
        try:
            admin.set_boundary(self.world, principal, policy)
        finally:
            self._world_changed()

    def recreate(self, principal: str) -> None:
        try:
            admin.recreate(self.world, principal)
        finally:
            self._world_changed()


    # -- one entry point: a typed request ------------------------------------------------

    def perform(self, request: r.Request) -> Performed:
        """Make `request`: the one way the scenario runner drives the simulator. Raises
        StsError when AWS refuses it (nothing changed then)."""
        match request:
            case r.SignIn(principal=principal, mfa=mfa, using=using):
                return Performed("ok", self.sign_in(principal, mfa, using))
            case r.Advance(seconds=seconds):
                self.advance(seconds)
                return Performed("ok")
            case r.Exit():
                self.exit()
                return Performed("ok")
            case r.Call(action=action, resource=resource, context=context):
                result = self.call(action, resource, context)
                return Performed(result.outcome, None, result.decision, result.message,
                                 result.explanation)
            case r.InvokeFunction() | r.RevokeSessions() | r.UpdateTrust() | r.AttachPolicy() \
                    | r.DetachPolicy() | r.PutPolicy() | r.DeletePolicy() | r.SetBoundary() \
                    | r.Recreate() | r.CreateAccessKey() | r.CreateLoginProfile() \
                    | r.UpdateLoginProfile() | r.AddUserToGroup() | r.RemoveUserFromGroup() \
                    | r.CreatePolicyVersion() | r.SetDefaultPolicyVersion() | r.RunInstance() \
                    | r.CreateFunction() | r.UpdateFunctionCode() | r.PassRole():
                return self.change(request)
        return Performed("ok", self._session_for(request))

    def _session_for(self, request: r.StsRequest) -> Session:
        """An STS request: the pure operation computes the session from the world, the clock
        and the top credentials; the stack takes it (pushed, or starting the stack anew)."""
        world, now = self.world, self.clock.now
        match request:
            case r.AssumeRole():
                return self.push(assume.assume_role(world, now, self.credentials(), request))
            case r.AssumeRoleWithWebIdentity():
                return self.restart(federation.assume_role_with_web_identity(world, now, request))
            case r.AssumeRoleWithSaml():
                return self.restart(federation.assume_role_with_saml(world, now, request))
            case r.GetSessionToken():
                return self.push(tokens.get_session_token(world, now, self.credentials(),
                                                          request))
            case r.GetFederationToken():
                return self.push(tokens.get_federation_token(world, now, self.credentials(),
                                                             request))
            case r.InstanceCredentials(instance_profile=profile, instance_id=instance_id):
                return self.restart(services.instance_credentials(world, now, profile,
                                                                  instance_id))
            case r.ServiceAssumeRole():
                return self.restart(services.service_assume_role(
                    world, now, request.service, request.role, request.source_arn,
                    request.source_account))
        raise TypeError(f"not an STS request: {type(request).__name__}")

    def change(self, request: r.WorldRequest | r.InvokeFunction) -> Performed:
        """A world-changing request. By the trainer: made from outside, nothing authorizes
        it. By the caller: an API request with the top credentials, authorized by the
        evaluator on every action it needs before anything changes."""
        now = self.clock.now
        decided: list[Any] = []
        caller: Session | None
        if request.by == "caller":
            caller = self.credentials()
            decided = authorize(self.world, now, caller,
                                checks_for(self.world, request, caller.account, caller.user_arn))
        else:
            caller = self.top
        try:
            if isinstance(request, r.InvokeFunction):
                session = self.restart(invoke_function(self.world, now, caller, request))
                notes: tuple[str, ...] = (f"The function runs as {session.role_arn}: the "
                                          "stack now starts with that role's session.",)
            else:
                session = None
                notes = apply(self.world, now, caller, request).notes
        finally:
            self._world_changed()
        if not decided:
            return Performed("ok", session, None, "", notes)
        first, decision = decided[0]
        assert caller is not None
        message = f"{caller.arn} is allowed to perform {first.words()}."
        also = tuple(f"It is also allowed to perform {check.words()}; decided by: "
                     + "; ".join(ref_words(ref) for ref in later.deciding)
                     for check, later in decided[1:])
        return Performed("ok", session, decision, message, also + notes)
