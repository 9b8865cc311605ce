"""Effective permissions of a session: which catalogue actions it may perform, and where.

An action counts when a request for it, on `*` or on a resource of the world that fits one of
the action's resource types, would be allowed with the request context as it stands
(`Simulator.request_for` + `decide`): identity policies, groups, boundaries, session policies,
SCPs and grants from resource-based policies all play, and conditions are evaluated as they are.

Deciding 20,000 actions one by one would be slow, so the analysis uses a fact of the evaluator:
for a fixed caller, resource and context, the decision depends on the action only through which
statements' Action/NotAction elements match it. Statements whose Resource or Condition do not
hold for this resource and context never count, whatever the action. So the catalogue is split
into classes of actions matched by the same applicable statements (bitmask refinement: each
statement's action set is a bitmask, cached per statement), one representative per class is
decided, and the answer holds for its whole class. AdministratorAccess over the whole
catalogue is then a single decision per resource.

Two things the evaluator does not see are applied here as the simulator applies them on a call:
`sts:GetCallerIdentity` is always allowed (ID-10), and some temporary credentials can never
call some services (GST-04, GFT-05; `tokens.refused_by_credential_kind`).

The catalogue is a snapshot of AWS's reference; policies may name actions it does not list (a
service newer than the data, or a name AWS never had). AWS allows whatever the policies allow,
so those are never dropped: each Allow statement's action names and patterns that match
nothing in the catalogue are decided on their own (`uncatalogued_actions`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from rolesim.core.analysis.permission_set import (
    STAR,
    EffectivePermissions,
    PermissionSet,
    ServiceSummary,
)
from rolesim.core.catalog import Catalog, get_catalog
from rolesim.core.policy.compiled import CompiledStatement, compiled
from rolesim.core.policy.model import AttachedPolicy, Policy
from rolesim.core.policy.statement_index import ResourceIndex, statement_index
from rolesim.core.request import AuthzRequest, EvaluationMode
from rolesim.core.sts.session import Session, SessionKind

if TYPE_CHECKING:
    from rolesim.core.sts.simulator import Simulator

__all__ = ["EffectivePermissions", "PermissionSet", "ServiceSummary", "effective_permissions",
           "given_up", "uncatalogued_actions"]

PROBE_ACTION = "sts:GetCallerIdentity"
ALWAYS_ALLOWED = ("sts:GetCallerIdentity",)  # ID-10
TRUST_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
                 "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext")  # TP-17
_LIMITED_KINDS = (SessionKind.FEDERATED_USER, SessionKind.SESSION_TOKEN)
_MASK_CACHE_LIMIT = 20_000
_statement_masks: dict[int, tuple[CompiledStatement, int]] = {}


def world_resource_arns(simulator: Simulator) -> list[str]:
    """Every resource of the world an action could be scoped to: listed resources, and the
    IAM entities (users, groups, roles, policies, instance profiles, identity providers)."""
    world = simulator.world
    seen: dict[str, None] = {}
    for table in (world.resources, world.roles, world.users, world.groups, world.policies,
                  world.instance_profiles, world.providers):
        for arn in table:
            seen[arn] = None
    return list(seen)


def named_resources(simulator: Simulator, session: Session, limit: int = 200) -> list[str]:
    """Resource patterns that Allow statements of the session's own policies and of the world's
    resource-based policies name (`arn:aws:s3:::bucket/*`): requests on them show what the
    policies allow on resources the world does not list one by one (objects in a bucket).
    Patterns holding policy variables are left out."""
    pols = simulator.caller_policies(session)
    sources: list[AttachedPolicy] = [*pols.identity, *(pols.session or ())]
    policies = [ap.policy for ap in sources]
    policies += [r.policy for r in simulator.world.resources.values() if r.policy is not None]
    seen: dict[str, None] = {}
    for policy in policies:
        for st in policy.statements:
            if st.effect != "Allow":
                continue
            for pattern in st.resources or ():
                if pattern != STAR and "${" not in pattern and pattern.startswith("arn:"):
                    seen[pattern] = None
                    if len(seen) >= limit:
                        return list(seen)
    return list(seen)


def statement_mask(cs: CompiledStatement, catalog: Catalog) -> int:
    """The catalogue actions a statement's Action (or NotAction) element matches; cached."""
    key = id(cs)
    hit = _statement_masks.get(key)
    if hit is not None and hit[0] is cs:
        return hit[1]
    st = cs.statement
    patterns = st.actions if st.actions is not None else (st.not_actions or ())
    mask = 0
    for pattern in patterns:
        mask |= catalog.mask(pattern)
    if st.actions is None:
        mask = catalog.all_mask & ~mask
    if len(_statement_masks) >= _MASK_CACHE_LIMIT:
        _statement_masks.clear()
    _statement_masks[key] = (cs, mask)
    return mask


def _policies(request: AuthzRequest) -> Iterable[AttachedPolicy]:
    pols = request.policies
    yield from pols.identity
    if pols.boundary is not None:
        yield pols.boundary
    yield from pols.session or ()
    yield from pols.scps or ()
    if request.resource_policy is not None:
        yield request.resource_policy


def applicable_masks(request: AuthzRequest, catalog: Catalog) -> list[int]:
    """Action masks of the statements whose Resource and Condition hold for this request's
    resource and context: only these can change the decision from one action to another."""
    masks: list[int] = []
    ctx = request.context
    for ap in _policies(request):
        for cs, _ in statement_index(ap.policy).by_resource().candidates(request.resource):
            if not cs.resource_matches(request.resource, ctx):
                continue
            if cs.conditions and not cs.conditions_hold(ctx):
                continue
            masks.append(statement_mask(cs, catalog))
    return masks


def partition(candidates: int, masks: Iterable[int]) -> list[int]:
    """Split `candidates` into classes that every mask either contains or misses."""
    classes = [candidates] if candidates else []
    for mask in dict.fromkeys(masks):
        refined: list[int] = []
        for cls in classes:
            inside = cls & mask
            if inside and inside != cls:
                refined.append(inside)
                refined.append(cls & ~mask)
            else:
                refined.append(cls)
        classes = refined
    return classes


def trust_probe(simulator: Simulator, session: Session, role_arn: str) -> AuthzRequest | None:
    """The request an `sts:AssumeRole*` on a world role is decided with: the role's trust
    policy as the resource-based policy, in TRUST mode (TP-01, TP-09, TP-10)."""
    from rolesim.core.sts.trust import trust_policy

    role = simulator.world.roles.get(role_arn)
    if role is None:
        return None
    probe = simulator.request_for(session, PROBE_ACTION, role_arn)
    return dataclasses.replace(probe, resource_policy=trust_policy(role),
                               mode=EvaluationMode.TRUST)


def allowed_mask(simulator: Simulator, session: Session, resource: str, candidates: int,
                 catalog: Catalog, probe: AuthzRequest | None = None) -> int:
    """The candidate actions a request on `resource` would be allowed for."""
    from rolesim.core.evaluator import decide

    if not candidates:
        return 0
    if probe is None:
        probe = simulator.request_for(session, PROBE_ACTION, resource)
    allowed = 0
    for cls in partition(candidates, applicable_masks(probe, catalog)):
        index = (cls & -cls).bit_length() - 1
        request = dataclasses.replace(probe, action=catalog.action_at(index).full_name)
        if decide(request).allowed:
            allowed |= cls
    return allowed


def refused_mask(session: Session, catalog: Catalog) -> int:
    """Actions these credentials can never call, whatever the policies (GST-04, GFT-05)."""
    if session.kind not in _LIMITED_KINDS:
        return 0
    from rolesim.core.sts.tokens import refused_by_credential_kind

    mask = 0
    for prefix in ("iam", "sts"):
        for action in catalog.actions(prefix):
            if refused_by_credential_kind(session, action.full_name) is not None:
                mask |= 1 << action.index
    return mask


def effective_permissions(simulator: Simulator, session: Session, *,
                          ignore_expiry: bool = False) -> EffectivePermissions:
    """Every catalogue action `session` may perform now, on `*` or on a world resource."""
    catalog = get_catalog()
    if not ignore_expiry and session.expired(simulator.clock.now):
        return EffectivePermissions(session.arn, PermissionSet(0, catalog), {}, expired=True)
    refused = refused_mask(session, catalog)
    always = _mask_of(ALWAYS_ALLOWED, catalog)
    trust_actions = _mask_of(TRUST_ACTIONS, catalog)
    on_resource: dict[str, int] = {}
    star_probe = simulator.request_for(session, PROBE_ACTION, STAR)
    star = allowed_mask(simulator, session, STAR, catalog.all_mask & ~always, catalog, star_probe)
    on_resource[STAR] = (star & ~refused) | always
    total = on_resource[STAR]
    could_allow = _allow_filter(simulator, star_probe, catalog)
    targets = dict.fromkeys(world_resource_arns(simulator) + named_resources(simulator, session))
    for arn in targets:
        candidates = catalog.resource_mask(arn) & ~refused & ~always
        if candidates:
            candidates &= could_allow(arn)
        mask = 0
        if arn in simulator.world.roles and candidates & trust_actions:
            # AssumeRole and its companions are authorized against the trust policy.
            mask = allowed_mask(simulator, session, arn, candidates & trust_actions, catalog,
                                trust_probe(simulator, session, arn))
            candidates &= ~trust_actions
        mask |= allowed_mask(simulator, session, arn, candidates, catalog)
        if mask:
            on_resource[arn] = mask
            total |= mask
    return EffectivePermissions(session.arn, PermissionSet(total, catalog), on_resource,
                                uncatalogued=uncatalogued_actions(simulator, session, catalog))


def in_catalog(pattern: str, catalog: Catalog) -> bool:
    """Whether an Action name or pattern matches at least one catalogue action."""
    if "*" in pattern or "?" in pattern:
        return catalog.mask(pattern) != 0
    return catalog.action(pattern) is not None


def uncatalogued_actions(simulator: Simulator, session: Session,
                         catalog: Catalog | None = None) -> tuple[str, ...]:
    """Action names and patterns in Allow statements (the caller's identity and session
    policies, the world's resource-based policies) that match no catalogue action, and that a
    request would be allowed for: on `*` or a resource the statement names, or on the resource
    whose policy it is. The request's action is the name or pattern itself, so a Deny, a
    boundary or an SCP that matches it (`*`, `newsvc:*`) takes it away as it would on AWS.
    Sorted, case-insensitively unique. (`*` and NotAction cover every action, listed or not:
    they are not enumerated here.)"""
    from rolesim.core.evaluator import decide
    from rolesim.core.sts.tokens import refused_by_credential_kind

    catalog = catalog or get_catalog()
    if session.expired(simulator.clock.now):
        return ()
    tried: dict[str, tuple[str, dict[str, None]]] = {}

    def note(pattern: str, places: Iterable[str]) -> None:
        if in_catalog(pattern, catalog):
            return
        entry = tried.setdefault(pattern.lower(), (pattern, {}))
        entry[1].update(dict.fromkeys(places))

    pols = simulator.caller_policies(session)
    for ap in (*pols.identity, *(pols.session or ())):
        for st in ap.policy.statements:
            if st.effect != "Allow" or st.actions is None:
                continue
            places = [r for r in st.resources or () if r == STAR
                      or (r.startswith("arn:") and "${" not in r)] or [STAR]
            for pattern in st.actions:
                note(pattern, places)
    for entry in simulator.world.resources.values():
        for st in entry.policy.statements if entry.policy is not None else ():
            if st.effect == "Allow" and st.actions is not None:
                for pattern in st.actions:
                    note(pattern, [entry.arn])
    found: list[str] = []
    for pattern, resources in tried.values():
        if refused_by_credential_kind(session, pattern) is not None:
            continue
        for resource in resources:
            probe = simulator.request_for(session, PROBE_ACTION, resource)
            if decide(dataclasses.replace(probe, action=pattern)).allowed:
                found.append(pattern)
                break
    return tuple(sorted(found, key=str.lower))


def _mask_of(names: Iterable[str], catalog: Catalog) -> int:
    mask = 0
    for name in names:
        info = catalog.action(name)
        if info is not None:
            mask |= 1 << info.index
    return mask


def _allow_filter(simulator: Simulator, probe: AuthzRequest, catalog: Catalog
                  ) -> Callable[[str], int]:
    """For a resource, the actions some Allow statement could grant on it: the caller's identity
    and session policies naming it, its resource-based policy, a role's trust policy. Nothing
    else can allow (EV-02), so other actions need no request. The root user's implicit allow
    (EV-01) disables the filter."""
    if probe.policies.implicit_allow:
        return lambda arn: catalog.all_mask
    own: list[tuple[CompiledStatement, int]] = []
    prefixes: dict[int, frozenset[str] | None] = {}  # worked out once per policy statement
    for ap in (*probe.policies.identity, *(probe.policies.session or ())):
        index = statement_index(ap.policy)
        for cs in compiled(ap.policy).statements:
            if cs.allow:
                own.append((cs, statement_mask(cs, catalog)))
                prefixes[id(cs)] = index.prefixes(cs)
    world = simulator.world
    ctx = probe.context
    caller = probe.caller
    trust_actions = _mask_of(TRUST_ACTIONS, catalog)

    own_index = ResourceIndex(own, lambda cs: prefixes[id(cs)])

    def could_allow(arn: str) -> int:
        mask = 0
        for cs, actions in own_index.candidates(arn):
            if actions & ~mask and cs.resource_matches(arn, ctx):
                mask |= actions
        entry = world.resource_entry(arn)
        if entry is not None and entry.policy is not None:
            mask |= _granted(entry.policy, entry.policy_bindings)
        role = world.roles.get(arn)
        if role is not None:
            # AssumeRole and its companions need the trust policy to name the caller (TP-01).
            trust_grants = _granted(role.trust, role.trust_bindings) if role.trust else 0
            mask = (mask & ~trust_actions) | (trust_grants & trust_actions)
        return mask

    def _granted(policy: Policy, bindings: Mapping[str, str]) -> int:
        mask = 0
        for cs in compiled(policy).statements:
            if not cs.allow:
                continue
            if cs.principal is not None and cs.principal.match(caller, bindings) is None:
                continue
            mask |= statement_mask(cs, catalog)
        return mask

    return could_allow


def given_up(simulator: Simulator, session: Session) -> tuple[PermissionSet, PermissionSet]:
    """What `session` gave up compared to the identity below it on the stack, and what it
    gained (XA-04: with a role the caller gives up its own permissions for the role's).
    Both are empty for the bottom of the stack."""
    catalog = get_catalog()
    below = session.parent
    if below is None:
        empty = PermissionSet(0, catalog)
        return empty, empty
    mine = effective_permissions(simulator, session, ignore_expiry=True).allowed
    theirs = effective_permissions(simulator, below, ignore_expiry=True).allowed
    return theirs - mine, mine - theirs
