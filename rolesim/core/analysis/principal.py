"""What a user or role can do, before anyone signs in: the effective permissions of a fresh
session of it, and what each limit takes away.

The world builder asks "what can this role do?" of the world as written, with no step run.
The answer is `effective_permissions` for a session built here as STS would issue it: a plain
AssumeRole session of a role (its tags as principal tags, no session tags, no session policy,
no MFA, issued now for one hour), or a user's long-term sign-in without MFA. No trust policy
is checked: the question is what the role can do once someone is in it, not who gets in
(`who_can_assume` answers that). A scratch `Simulator` over the world is used; nothing in the
world is changed.

What the limits take away is measured by leaving one limit out and comparing:
* the permissions boundary (EV-10, EV-13): identity policies ∩ boundary, so
  `cut_by_boundary` is what the identity policies alone would allow and the boundary does not;
* explicit denies in the principal's own policies, its boundary and resource-based policies
  (EV-02 step 1): `cut_by_deny` is what the allows grant and a Deny statement takes back;
* the organization's SCPs (EV-11, ORG-01): `cut_by_scps` is what they take away, their own
  Deny statements included. Service-linked roles are never limited by SCPs (ORG-04).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from rolesim.core.analysis.effective import effective_permissions
from rolesim.core.analysis.permission_set import EffectivePermissions, PermissionSet
from rolesim.core.catalog import get_catalog
from rolesim.core.clock import Clock
from rolesim.core.policy.model import AttachedPolicy, Policy
from rolesim.core.request import AuthzRequest, CallerPolicies
from rolesim.core.sts.identities import long_term_session, role_caller, user_caller
from rolesim.core.sts.session import PrincipalTag, Session, SessionKind, TagOrigin
from rolesim.core.sts.simulator import Simulator
from rolesim.core.world import World

__all__ = ["PREVIEW_SESSION_NAME", "AssumeReach", "Cut", "PrincipalPermissions",
           "assume_reach", "fresh_session", "principal_permissions"]

PREVIEW_SESSION_NAME = "rolesim-preview"
PREVIEW_DURATION = 3600  # AR-03: the default DurationSeconds of AssumeRole


@dataclass(frozen=True)
class Cut:
    """What one limit takes away: `actions` taken away anywhere (on `*` or on some resource
    of the world); `on_resource` maps `*` or a resource ARN to the mask taken away there, so
    a bucket policy's Deny shows as taken away on that bucket only."""

    actions: PermissionSet
    on_resource: dict[str, int]

    def __bool__(self) -> bool:
        return bool(self.actions)

    def __len__(self) -> int:
        return len(self.actions)

    def __contains__(self, action: object) -> bool:
        return action in self.actions

    def where(self, action: str) -> list[str]:
        """`*` and/or the resources on which `action` is taken away."""
        info = self.actions.catalog.action(action)
        if info is None:
            return []
        return [arn for arn, mask in self.on_resource.items() if mask >> info.index & 1]


@dataclass(frozen=True)
class PrincipalPermissions:
    """`effective`: what a fresh session may do. The `cut_by_*` sets are empty when that limit
    is absent or takes nothing away; `boundary_arn` and `scps_apply` say whether it is there."""

    principal_arn: str
    effective: EffectivePermissions
    boundary_arn: str | None
    scps_apply: bool
    cut_by_boundary: Cut
    cut_by_deny: Cut
    cut_by_scps: Cut
    has_denies: bool
    """True when the principal's policies, its boundary or a resource policy hold a Deny."""
    assume: AssumeReach | None = None
    """Where its own policies allow sts:AssumeRole, and which roles it can actually reach."""


@dataclass(frozen=True)
class AssumeReach:
    """sts:AssumeRole as its own policies allow it and as the world's trust policies let it
    happen. An identity policy allowing AssumeRole on `*` or a role pattern is only half
    (TP-01, TP-10): a role's trust policy must accept the caller too, so the effective
    permissions count AssumeRole only on roles whose trust accepts a plain request.

    `patterns`: the resources its Allow statements name for sts:AssumeRole; `reached`: roles
    a request with nothing passed can assume; `conditional`: roles whose trust names it, but
    only under a condition such a request does not meet (an external ID, MFA, tags: TP-13)."""

    patterns: tuple[str, ...]
    reached: tuple[str, ...]
    conditional: tuple[str, ...]

    @property
    def leads_nowhere(self) -> bool:
        """Its policy allows AssumeRole, but a plain request reaches no role."""
        return bool(self.patterns) and not self.reached


def fresh_session(world: World, principal_arn: str, clock: Clock) -> Session:
    """A session of the role, or the user's sign-in, as STS would issue it with nothing
    passed. Raises KeyError when the world has no such user or role."""
    now = clock.now
    role = world.roles.get(principal_arn)
    if role is not None:
        return Session(
            kind=SessionKind.ASSUMED_ROLE,
            caller=role_caller(role, PREVIEW_SESSION_NAME),
            issued=now,
            expiration=now + timedelta(seconds=PREVIEW_DURATION),
            role_arn=role.arn,
            session_name=PREVIEW_SESSION_NAME,
            principal_tags=tuple(PrincipalTag(k, v, TagOrigin.ROLE_TAG)
                                 for k, v in role.tags.items()),
        )
    user = world.users.get(principal_arn)
    if user is not None:
        return long_term_session(user_caller(user), user, False, now)
    raise KeyError(f"no user or role {principal_arn} in the world")


class _Without(Simulator):
    """A scratch simulator that leaves out one limit from every request it builds."""

    def __init__(self, world: World, clock: Clock,
                 adjust: Callable[[CallerPolicies], CallerPolicies],
                 strip_resource_denies: bool = False) -> None:
        super().__init__(world, clock)
        self._adjust = adjust
        self._strip_resource_denies = strip_resource_denies

    def caller_policies(self, session: Session) -> CallerPolicies:
        return self._adjust(super().caller_policies(session))

    def request_for(self, session: Session, action: str, resource: str = "*",
                    context: Mapping[str, object] | None = None) -> AuthzRequest:
        request = super().request_for(session, action, resource, context)
        if self._strip_resource_denies and request.resource_policy is not None:
            request = dataclasses.replace(
                request, resource_policy=_allows_only(request.resource_policy))
        return request


_allow_only_cache: dict[int, tuple[Policy, Policy]] = {}


def _allows_only(attached: AttachedPolicy) -> AttachedPolicy:
    """The same policy with its Deny statements left out (cached per policy object, so the
    compiled form is built once)."""
    policy = attached.policy
    hit = _allow_only_cache.get(id(policy))
    if hit is None or hit[0] is not policy:
        stripped = dataclasses.replace(
            policy, statements=tuple(s for s in policy.statements if s.effect != "Deny"))
        if len(_allow_only_cache) > 4096:
            _allow_only_cache.clear()
        hit = (policy, stripped)
        _allow_only_cache[id(policy)] = hit
    return dataclasses.replace(attached, policy=hit[1])


def _has_deny(policies: list[AttachedPolicy]) -> bool:
    return any(s.effect == "Deny" for ap in policies for s in ap.policy.statements)


def _without_denies(policies: CallerPolicies) -> CallerPolicies:
    boundary = policies.boundary
    return dataclasses.replace(
        policies, identity=tuple(_allows_only(ap) for ap in policies.identity),
        boundary=_allows_only(boundary) if boundary is not None else None)


def principal_permissions(world: World, principal_arn: str,
                          clock: Clock | None = None) -> PrincipalPermissions:
    """What a fresh session of the user or role may do, and what its boundary, explicit denies
    and SCPs take away. Raises KeyError when the world has no such user or role."""
    clock = clock.copy() if clock is not None else Clock()
    session = fresh_session(world, principal_arn, clock)
    simulator = Simulator(world, clock)
    effective = effective_permissions(simulator, session)
    policies = simulator.caller_policies(session)
    empty = Cut(PermissionSet(0, get_catalog()), {})

    def cut(adjust: Callable[[CallerPolicies], CallerPolicies],
            strip_resource_denies: bool = False) -> Cut:
        scratch = _Without(world, clock, adjust, strip_resource_denies)
        without = effective_permissions(scratch, session)
        taken = {arn: mask & ~effective.on_resource.get(arn, 0)
                 for arn, mask in without.on_resource.items()}
        taken = {arn: mask for arn, mask in taken.items() if mask}
        union = 0
        for mask in taken.values():
            union |= mask
        return Cut(PermissionSet(union, effective.allowed.catalog), taken)

    boundary = policies.boundary
    cut_by_boundary = (cut(lambda p: dataclasses.replace(p, boundary=None))
                       if boundary is not None else empty)
    resource_policies = [AttachedPolicy(r.policy, r.policy.kind, r.arn)
                         for r in world.resources.values() if r.policy is not None]
    own = [*policies.identity, *([boundary] if boundary is not None else [])]
    has_denies = _has_deny(own + resource_policies)
    cut_by_deny = cut(_without_denies, strip_resource_denies=True) if has_denies else empty
    scps_apply = policies.scps is not None
    cut_by_scps = cut(lambda p: dataclasses.replace(p, scps=None)) if scps_apply else empty
    return PrincipalPermissions(
        principal_arn=principal_arn, effective=effective,
        boundary_arn=boundary.arn if boundary is not None else None, scps_apply=scps_apply,
        cut_by_boundary=cut_by_boundary, cut_by_deny=cut_by_deny, cut_by_scps=cut_by_scps,
        has_denies=has_denies, assume=assume_reach(world, session, policies, effective))


ASSUME_ROLE = "sts:assumerole"


def assume_reach(world: World, session: Session, policies: CallerPolicies,
                 effective: EffectivePermissions) -> AssumeReach:
    """Where the caller's own Allow statements name sts:AssumeRole, which roles it reaches
    (the effective permissions hold AssumeRole on them), and which trust policies name it
    only under a condition."""
    from rolesim.core.policy.compiled import compiled

    patterns: list[str] = []
    boundary = policies.boundary
    if boundary is not None and not any(
            cs.allow and cs.action_matches(ASSUME_ROLE)
            for cs in compiled(boundary.policy).statements):
        return AssumeReach((), (), ())  # the boundary takes it away; its cut says so (EV-10)
    for ap in policies.identity:
        for cs in compiled(ap.policy).statements:
            if cs.allow and cs.action_matches(ASSUME_ROLE):
                st = cs.statement
                patterns += list(st.resources) if st.resources is not None else [
                    f"all but {', '.join(st.not_resources or ())}"]
    catalog = effective.allowed.catalog
    info = catalog.action("sts:AssumeRole")
    bit = 1 << info.index if info is not None else 0
    reached = [arn for arn in world.roles if effective.on_resource.get(arn, 0) & bit]
    conditional: list[str] = []
    for arn, role in world.roles.items():
        if arn in reached or role.trust is None:
            continue
        for cs in compiled(role.trust).statements:
            if (cs.allow and cs.action_matches(ASSUME_ROLE) and cs.principal is not None
                    and cs.principal.match(session.caller, role.trust_bindings) is not None):
                conditional.append(arn)
                break
    return AssumeReach(tuple(dict.fromkeys(patterns)), tuple(reached), tuple(conditional))
