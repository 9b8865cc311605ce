"""The evaluator: decides a request as AWS does, and says why (EV-*, XA-*, ORG-*, TP-*).

Order (EV-02; RCPs are out of scope): (1) an explicit Deny in any applicable policy wins —
SCPs, the resource-based (or trust) policy, identity policies, the boundary, session policies;
(2) SCPs of the caller's account must allow, at every level of the organization when the
SCPs carry levels (root, each OU, the account: ORG-02; `scps=None` = no organization or
the management account, ORG-01); (3) the resource-based policy; (4) identity policies (or
the root user's implicit allow, EV-01); (5) the permissions boundary; (6) session policies.

How a resource-policy grant combines with the caller's side depends on how its Principal names
the caller (`MatchKind`):

* same account, NORMAL mode (EV-03..EV-08, EV-13, EV-14): a grant to the user ARN, the session
  ARN or the federated-user ARN is enough on its own; a grant to the role ARN (or to the IAM user
  behind a federated user) is limited by the boundary and by session policies; a grant to the
  account only delegates (the identity path must allow); otherwise identity ∩ boundary ∩ session.
* cross account (XA-01..XA-05, TP-10): the resource policy must allow (any kind) AND the
  caller's identity path must allow.
* AWS-owned resources (account `aws` in the ARN, e.g. an AWS managed policy): evaluated in the
  caller's account alone, as same-account requests; no other customer's resource policy is
  involved, so XA-01 does not apply and an identity-policy allow is enough.
* KMS keys (EV-09, `key_policy.py`): the key policy must allow even within one account, as a
  trust policy must; naming the account delegates to the identity path. A key without a
  policy has AWS's default key policy, which names the key's account.
* NotPrincipal in a Deny never leaves out an IAM user or role that has a permissions boundary
  (AWS documents this on the NotPrincipal and permissions boundary pages; PL-09).
* TRUST mode (TP-01, EV-09, TP-09, TP-11): the trust policy must allow explicitly even within
  one account. Naming the caller's user/role/session/federated-user ARN needs no identity
  allow, but the caller's boundary still applies (TP-11); naming only the account needs the
  identity path too; cross-account always needs both.

Choices where the sheet is silent or ambiguous (reported to the lead):

* `"*"` principal, same account: counts as a grant without identity allow (S3 public access),
  but limited by the caller's boundary and session policies like a role-ARN grant (the
  conservative reading of DC-02/EV-06). In a trust policy it names nobody in particular, so
  it delegates like the account (TP-09): the caller's identity policy must allow too (the
  same reading as analysis/who_can_assume).
* In TRUST mode, session policies limit a caller named by role ARN (EV-06 by analogy) but not
  one named by session ARN or federated-user ARN (EV-05, EV-07 by analogy).
* Service principals and anonymous callers have no identity side: a resource/trust policy
  allow (with no deny) decides.
* NotPrincipal leaves a caller out only when it names the account and the caller's own ARNs
  (PL-09: for a session the session ARN and the role ARN).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rolesim.core.action_typo import typo_miss
from rolesim.core.decision import (
    Decision,
    Outcome,
    PolicyTrace,
    StatementRef,
    new_decision,
    new_ref,
    policy_place,
)
from rolesim.core.key_policy import default_key_policy, is_kms_key
from rolesim.core.policy.compiled import _CACHE as _COMPILED
from rolesim.core.policy.compiled import (
    RESOURCE_CACHE_LIMIT,
    SERVICE_OF,
    CompiledStatement,
    compiled,
    service_of,
)
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.policy.principals import PRIORITY, MatchKind
from rolesim.core.policy.statement_index import INDEX_FROM, statement_index
from rolesim.core.policy.trace import build_trace, explain_remembered, explain_statement
from rolesim.core.request import (
    AuthzRequest,
    Caller,
    CallerPolicies,
    Context,
    EvaluationMode,
    PrincipalType,
)

Hit = tuple[AttachedPolicy, CompiledStatement]
Grant = tuple[AttachedPolicy, CompiledStatement, MatchKind]

AWS_OWNED = "aws"
"""The account of AWS-owned resources such as AWS managed policies (arn:aws:iam::aws:...)."""
BOUNDED_TYPES = (PrincipalType.USER, PrincipalType.ASSUMED_ROLE)
UNLIMITED_GRANTS = (MatchKind.SESSION, MatchKind.FEDERATED, MatchKind.SERVICE,
                    MatchKind.FEDERATED_PROVIDER)
NO_IDENTITY_SIDE = (PrincipalType.ANONYMOUS, PrincipalType.SERVICE)

# Enum members read on every request, as module constants: in Python 3.11 reading a member
# through its class (`Outcome.ALLOWED`) goes through EnumType's __getattr__ hook, a slow
# attribute lookup that cost about a tenth of a simple allow.
_NORMAL_MODE = EvaluationMode.NORMAL
_TRUST_MODE = EvaluationMode.TRUST
_ALLOWED = Outcome.ALLOWED
_EXPLICIT_DENY = Outcome.EXPLICIT_DENY
_IMPLICIT_DENY = Outcome.IMPLICIT_DENY
_IDENTITY = PolicyType.IDENTITY
_BOUNDARY = PolicyType.BOUNDARY
_SESSION = PolicyType.SESSION
_SCP = PolicyType.SCP
_TRUST = PolicyType.TRUST
_RESOURCE = PolicyType.RESOURCE
_USER_TYPE = PrincipalType.USER
_USER = MatchKind.USER
_ACCOUNT = MatchKind.ACCOUNT
_WILDCARD = MatchKind.WILDCARD
GRANTS_ALONE = (MatchKind.SERVICE, MatchKind.FEDERATED_PROVIDER)
"""Grants that decide without the caller's side: a service, a federated identity provider."""


Split = tuple[Sequence[Hit], Sequence[Hit]]
"""A group's statements whose Action matches the request, as (policy, statement) entries:
the Denys, then the Allows, each in the group's order (policy by policy, statement by
statement)."""
PLANS_KEPT = 4096


def _split(aps: Sequence[AttachedPolicy], action: str, resource: str) -> tuple[Split, bool]:
    """The group's candidates for this request, and whether they hold for any resource
    (False when the resource index picked among a policy's many candidates)."""
    deny: list[Hit] = []
    allow: list[Hit] = []
    any_resource = True
    for ap in aps:
        cp = _COMPILED.get(id(ap.policy)) or compiled(ap.policy)  # the lookup inlined
        candidates: Sequence[CompiledStatement] | None = cp.by_action.get(action)
        if candidates is None:
            candidates = cp.for_action(action)
        if len(candidates) > INDEX_FROM:
            candidates = statement_index(ap.policy).for_request(action, candidates, resource)
            any_resource = False
        for cs in candidates:
            (allow if cs.allow else deny).append((ap, cs))
    return (deny, allow), any_resource


def _identity_split(pols: CallerPolicies, action: str, resource: str) -> Split:
    """`_split` of the identity policies, kept per action in `pols.plans` when the caller
    keeps its CallerPolicies for many requests (the simulator does, per session): a session
    repeats actions, and this saves a lookup per policy per request. Not kept when it
    depends on the resource, or when the group is not a tuple (it could change under the
    cache). A plan is made from the caller's pool for the action's service (`_merged_pool`)
    when there is one, else policy by policy (`_pooled_split`)."""
    plans = pols.plans
    if plans is not None and type(pols.identity) is tuple:
        reader = pols.reader or id(plans)
        prefix = SERVICE_OF.get(action)
        if prefix is None:
            prefix = service_of(action)
        merged = plans.get((prefix,))
        if merged is None:
            merged = _merged_pool(pols.identity, prefix, reader, plans)
        if merged and len(prefix) < len(action):  # an action with a colon after its service
            deny, allow = merged
            pooled: tuple[tuple[Hit, ...], tuple[Hit, ...]] | None = (
                tuple([hit for hit, matches, negated in deny
                       if matches is None or matches(action) != negated]),
                tuple([hit for hit, matches, negated in allow
                       if matches is None or matches(action) != negated]))
        else:
            pooled = _pooled_split(pols.identity, action, reader, prefix)
        if pooled is not None:
            if len(plans) >= PLANS_KEPT:
                plans.clear()
            plans[action] = pooled
            return pooled
    split, any_resource = _split(pols.identity, action, resource)
    if plans is not None and any_resource and type(pols.identity) is tuple:
        if len(plans) >= PLANS_KEPT:
            plans.clear()
        plans[action] = (tuple(split[0]), tuple(split[1]))
    return split


PoolEntry = tuple[Hit, Callable[[str], bool] | None, bool]
"""A statement of a caller's pool, as its plans' entry (policy, statement), with its action
matcher and whether that is a NotAction; no matcher when its Action (or NotAction) matches
every action of the pool's service (`s3:*`, or a NotAction naming other services only)."""
Pool = tuple[tuple[PoolEntry, ...], tuple[PoolEntry, ...]] | tuple[()]
"""A caller's pool for one service: its Denys and its Allows; empty when plans are made
policy by policy."""


def _merged_pool(aps: tuple[AttachedPolicy, ...], prefix: str, reader: int,
                 plans: dict[Any, Any]) -> Pool:
    """The pools of the caller's policies for one service, joined in policy order as the
    Denys and the Allows a plan takes its statements from (each entry made once, then shared
    by the plans of every action of that service), kept in `plans` under `(prefix,)`. Empty
    when a policy is read by another caller's plans too (its per-action cache serves them:
    `_pooled_split`) or has more statements for the service than the resource index is asked
    for: then the plans are made policy by policy. A statement whose Action answers by the
    service alone is matched here, once: left out when it matches none of the service's
    actions, else kept without its matcher (every plan of the service takes it)."""
    whole_service = f"{prefix}:"
    deny: list[PoolEntry] = []
    allow: list[PoolEntry] = []
    merged: Pool = ()
    for ap in aps:
        cp = _COMPILED.get(id(ap.policy)) or compiled(ap.policy)
        first = cp.reader
        if first != reader:
            if first:
                break
            cp.reader = reader
        pool = cp.pools.get(prefix)
        if pool is None:
            pool = cp.generic
        if len(pool) > INDEX_FROM:
            break
        for cs, matches, negated in pool:
            if cs.action_by_service:
                if matches(whole_service) == negated:
                    continue
                (allow if cs.allow else deny).append(((ap, cs), None, negated))
            else:
                (allow if cs.allow else deny).append(((ap, cs), matches, negated))
    else:
        merged = (tuple(deny), tuple(allow))
    if len(plans) >= PLANS_KEPT:
        plans.clear()
    plans[(prefix,)] = merged
    return merged


def _pooled_split(aps: tuple[AttachedPolicy, ...], action: str, reader: int,
                  prefix: str) -> tuple[tuple[Hit, ...], tuple[Hit, ...]] | None:
    """`_split` for the plans of `reader` (the same statements in the same order),
    or None when a policy has more candidates than the resource index is asked for (then
    `_split` decides). A policy only these plans have read is matched from its pool for the
    action's service, its per-action cache neither read nor filled: a plan is made once per
    caller and action, and most policies are attached to one principal, so the cache (a
    tuple and an entry per policy per action, as costly as the matching) would never be read
    again. Once another caller's plans read the policy (a managed policy many principals
    attach), its cache is filled and read as before. `prefix` is the action's service."""
    deny: list[Hit] = []
    allow: list[Hit] = []
    for ap in aps:
        policy = ap.policy
        cp = _COMPILED.get(id(policy)) or compiled(policy)
        first = cp.reader
        if first == reader or not first:
            if not first:
                cp.reader = reader
            pool = cp.pools.get(prefix)
            if pool is None:
                pool = cp.generic
            if len(pool) > INDEX_FROM:
                return None
            for cs, matches, negated in pool:
                if matches(action) != negated:
                    (allow if cs.allow else deny).append((ap, cs))
            continue
        found = cp.by_action.get(action)
        if found is None:
            found = cp.for_action(action)
        if len(found) > INDEX_FROM:
            return None
        for cs in found:
            (allow if cs.allow else deny).append((ap, cs))
    return tuple(deny), tuple(allow)


def _collect(split: Split, resource: str, ctx: Context, allows: list[Hit],
             denies: list[Hit]) -> None:
    """Collect the statements of a group that apply to the request: every matching Deny, but
    only the first matching Allow (one is enough to allow; the lazy trace still shows every
    statement). The hot path, hence written out by hand: a call per statement to share the
    test would cost more than the loop. `split` is (Denys, Allows): the Denys go to `denies`,
    then the Allows to `allows` (no pairs of groups and lists made to loop over)."""
    found = denies
    for hits in split:
        for hit in hits:
            cs = hit[1]
            fast = cs.resource_fast
            if fast is not None:
                seen = cs.resource_cache
                matched = seen.get(resource)
                if matched is None:
                    matched = fast(resource)
                    if len(seen) >= RESOURCE_CACHE_LIMIT:
                        seen.clear()
                    seen[resource] = matched
                if not matched:
                    continue
            elif not cs.resource_any and not cs.resource_matches(resource, ctx):
                continue
            for condition in cs.conditions:
                if not condition.evaluate(ctx):
                    break
            else:
                found.append(hit)
                if found is allows:
                    return
        found = allows


def _scan_principals(ap: AttachedPolicy, caller: Caller, action: str, resource: str,
                     ctx: Context, grants: list[Grant], denies: list[Hit],
                     bounded: bool = False) -> None:
    """The resource-based (or trust) policy's statements that apply to this caller.
    `bounded`: the caller is an IAM user or role with a permissions boundary, which a Deny
    with NotPrincipal always denies, whatever NotPrincipal lists (PL-09, AWS's NotPrincipal
    and permissions boundaries pages)."""
    candidates: Sequence[CompiledStatement] = compiled(ap.policy).for_action(action)
    if len(candidates) > INDEX_FROM:
        candidates = statement_index(ap.policy).for_request(action, candidates, resource)
    bindings = ap.bindings
    for cs in candidates:
        if cs.principal is not None:
            kind = cs.principal.match(caller, bindings)
            if kind is None:
                continue
        elif cs.not_principal is not None:
            if not (bounded and cs.deny) and cs.not_principal.excludes(caller, bindings):
                continue
            kind = _WILDCARD
        else:
            kind = _WILDCARD
        if not cs.resource_any and not cs.resource_matches(resource, ctx):
            continue
        if cs.conditions and not cs.conditions_hold(ctx):
            continue
        if cs.allow:
            grants.append((ap, cs, kind))
        else:
            denies.append((ap, cs))


def ref(ap: AttachedPolicy, cs: CompiledStatement) -> StatementRef:
    """The statement in place, remembered per (label, type, ARN) of the attachment."""
    key = (ap.label, ap.type, ap.arn)
    refs = cs.refs
    if refs is None:
        refs = cs.refs = {}
    found = refs.get(key)
    if found is None:
        st = cs.statement
        found = new_ref(ap.label, ap.type, st.index, st.sid, st.effect, ap.arn)
        if len(refs) >= 64:
            refs.clear()
        refs[key] = found
    return found


def _allowed_by(ap: AttachedPolicy, cs: CompiledStatement,
                place: tuple[str, PolicyType, str | None]) -> tuple[tuple[StatementRef], str]:
    """The deciding statements and reason of an allow by this statement alone, kept on the
    statement per place: every request it allows says the same. Its StatementRef is made
    here, not through `ref`'s table (the statement's other decisions make theirs there):
    most statements that allow never decide otherwise."""
    st = cs.statement
    made = ((new_ref(ap.label, ap.type, st.index, st.sid, st.effect, ap.arn),),
            f"allowed by {ap.type} '{ap.label}'")
    kept = cs.allowed_by
    if kept is None:
        cs.allowed_by = {place: made}
    else:
        if len(kept) >= 64:
            kept.clear()
        kept[place] = made
    return made


def _scp_levels(scps: Sequence[AttachedPolicy],
                ) -> list[tuple[str, Sequence[AttachedPolicy]]]:
    """The SCPs grouped by organization level, root first (ORG-02); one group when the
    account's SCPs are the only level."""
    if not scps or scps[0].level == scps[-1].level:
        return [(scps[0].level if scps else "", scps)]
    levels: dict[str, list[AttachedPolicy]] = {}
    for ap in scps:
        levels.setdefault(ap.level, []).append(ap)
    return list(levels.items())


def _refs(hits: Sequence[Hit | Grant]) -> tuple[StatementRef, ...]:
    return tuple([ref(h[0], h[1]) for h in hits])


def _best(grants: list[Grant]) -> MatchKind:
    kinds = {g[2] for g in grants}
    for kind in PRIORITY:
        if kind in kinds:
            return kind
    return _WILDCARD  # pragma: no cover


def decide(request: AuthzRequest) -> Decision:
    """Decide one request. Never raises on a policy the parser accepted."""
    return decide_call(request.caller, request.policies, request.action, request.resource,
                       request.resource_account, request.resource_policy, request.context,
                       request.mode, request)


def _trace_of_parts(caller: Caller, policies: CallerPolicies, action: str, resource: str,
                    resource_account: str, resource_policy: AttachedPolicy | None,
                    context: Context) -> tuple[PolicyTrace, ...]:
    """The full trace of a request `decide_call` decided from its parts."""
    return build_trace(AuthzRequest.lowered(caller, policies, action, resource,
                                            resource_account, resource_policy, context))


def decide_call(caller: Caller, pols: CallerPolicies, action_given: str, resource: str,
                resource_account: str, resource_policy: AttachedPolicy | None, ctx: Context,
                mode: EvaluationMode = _NORMAL_MODE,
                request: AuthzRequest | None = None) -> Decision:
    """`decide` for a request given by its parts, its context keys already in lower case
    (the simulator's API calls, as `AuthzRequest.lowered` takes them); `decide` passes its
    request's mode and the request itself. Without `request`, one is made only when a
    denial's wording or the full trace needs it: making one costs as much as deciding a
    simple allow."""
    action = action_given.lower()
    if (resource_policy is None and pols.scps is None and pols.boundary is None
            and pols.session is None and mode is _NORMAL_MODE
            and (":kms:" not in resource or not is_kms_key(resource))):
        # Only identity policies are involved (the bulk of a big file's calls): no SCP,
        # resource or key policy, boundary or session policy to collect from.
        denies: list[Hit] = []
        id_allows: list[Hit] = []
        if pols.identity:
            plans = pols.plans
            pairs = None if plans is None else plans.get(action)
            if pairs is None:
                pairs = _identity_split(pols, action, resource)
            _collect(pairs, resource, ctx, id_allows, denies)
        if (id_allows and not denies and caller.type not in NO_IDENTITY_SIDE
                and (not resource_account or resource_account == caller.account)):
            # The common allow, in the caller's own account by its identity policies alone:
            # what the general logic decides, without its bookkeeping.
            ap, cs = id_allows[0]
            place = (ap.label, ap.type, ap.arn)
            kept = cs.allowed_by
            made = None if kept is None else kept.get(place)
            if made is None:
                made = _allowed_by(ap, cs, place)
            if request is None:
                return new_decision(_ALLOWED, made[1], made[0], None, _trace_of_parts,
                                    (caller, pols, action_given, resource, resource_account,
                                     resource_policy, ctx))
            return new_decision(_ALLOWED, made[1], made[0], None, build_trace, (request,))
        if request is None:
            denied = _identity_denial(caller, pols, action_given, resource, resource_account,
                                      ctx, denies, id_allows)
            if denied is not None:
                return denied
        return _decided(caller, pols, action_given, resource, resource_account, resource_policy,
                        ctx, mode, request, None, False, denies, [], id_allows, [], [], "")
    denies = []

    scp_gap = ""  # the first organization level whose SCPs allow nothing here (ORG-02)
    if pols.scps is not None:
        for level, aps in _scp_levels(pols.scps):
            level_allows: list[Hit] = []
            _collect(_split(aps, action, resource)[0], resource, ctx, level_allows, denies)
            if not level_allows and not scp_gap:
                scp_gap = level or "-"  # "-": the account's SCPs are the only level
    grants: list[Grant] = []
    rp = resource_policy
    key = ":kms:" in resource and mode is _NORMAL_MODE and is_kms_key(resource)
    if key and rp is None:
        rp = default_key_policy(resource)  # EV-09: a key without a policy has AWS's default
    if rp is not None:
        _scan_principals(rp, caller, action, resource, ctx, grants, denies,
                         pols.boundary is not None and caller.type in BOUNDED_TYPES)
    id_allows = []
    if pols.identity:
        plans = pols.plans
        pairs = None if plans is None else plans.get(action)
        if pairs is None:
            pairs = _identity_split(pols, action, resource)
        _collect(pairs, resource, ctx, id_allows, denies)
    b_allows: list[Hit] = []
    if pols.boundary is not None:
        _collect(_split((pols.boundary,), action, resource)[0], resource, ctx, b_allows, denies)
    s_allows: list[Hit] = []
    if pols.session is not None:
        _collect(_split(pols.session, action, resource)[0], resource, ctx, s_allows, denies)
    return _decided(caller, pols, action_given, resource, resource_account, resource_policy,
                    ctx, mode, request, rp, key, denies, grants, id_allows, b_allows, s_allows,
                    scp_gap)


def _identity_denial(caller: Caller, pols: CallerPolicies, action_given: str, resource: str,
                     resource_account: str, ctx: Context, denies: list[Hit],
                     id_allows: list[Hit]) -> Decision | None:
    """What `_decided` gives the two common denials of a request only identity policies
    concern, without making the request (a denial's trace and nearest miss make it when
    read): an explicit deny, and no identity policy allowing in the caller's own account.
    None for anything else (`_decided` decides)."""
    parts = (caller, pols, action_given, resource, resource_account, None, ctx)
    if denies:
        first = denies[0][0]
        return new_decision(_EXPLICIT_DENY, _explicit_deny_reason(first), _refs(denies),
                            first.type, _trace_of_parts, parts)
    if (id_allows or pols.implicit_allow or caller.type in NO_IDENTITY_SIDE
            or (resource_account and resource_account not in (caller.account, AWS_OWNED))):
        return None
    return new_decision(_IMPLICIT_DENY, _no_identity_allow_reason(action_given), (),
                        _IDENTITY, _trace_of_parts, parts,
                        lambda: _identity_near_miss(AuthzRequest.lowered(*parts)))


def _explicit_deny_reason(ap: AttachedPolicy) -> str:
    """The reason of an explicit deny (EV-02), worded once for `_decided` and the
    identity-only fast path; the policy named once (`policy_place`): `explicit deny in SCP 2
    on account ...`, not `in service control policy 'SCP 2 on account ...'`."""
    return "explicit deny in " + policy_place(ap.type, ap.label, quote="'")


def _no_identity_allow_reason(action: str) -> str:
    """The reason when no identity-based policy allows (EV-01's implicit deny)."""
    return f"no identity-based policy allows {action}"


def _decided(caller: Caller, pols: CallerPolicies, action_given: str, resource: str,
             resource_account: str, resource_policy: AttachedPolicy | None, ctx: Context,
             mode: EvaluationMode, request: AuthzRequest | None, rp: AttachedPolicy | None,
             key: bool, denies: list[Hit], grants: list[Grant], id_allows: list[Hit],
             b_allows: list[Hit], s_allows: list[Hit], scp_gap: str) -> Decision:
    """The decision from the statements collected for each policy type (EV-02's order): an
    explicit deny, a missing SCP allow, then how a grant combines with the caller's side."""
    identity_ok = pols.implicit_allow or bool(id_allows)
    if request is None:
        request = AuthzRequest.lowered(caller, pols, action_given, resource, resource_account,
                                       resource_policy, ctx)
    if denies:
        first = denies[0][0]
        return _done(request, _EXPLICIT_DENY, _explicit_deny_reason(first), _refs(denies),
                     first.type)
    if scp_gap:
        where = "" if scp_gap == "-" else f" attached to the {scp_gap}"
        return _done(request, _IMPLICIT_DENY,
                     f"no service control policy{where} allows {request.action}"
                     + (" (an SCP must allow at every level: root, each OU, the account)"
                        if where else ""), (), _SCP)

    boundary_ok = pols.boundary is None or bool(b_allows)
    session_ok = pols.session is None or bool(s_allows)
    side_ok = identity_ok and boundary_ok and session_ok
    trust = mode is _TRUST_MODE
    # A resource of the `aws` account (an AWS managed policy) is read under the caller's own
    # policies: the cross-account rule (XA-01) is for resources other customers own.
    same_account = (not resource_account or resource_account in (caller.account, AWS_OWNED))
    kind = _best(grants) if grants else None

    if caller.type in NO_IDENTITY_SIDE or kind in GRANTS_ALONE:
        if grants:
            return _allow(request, grants, "", kind)
        return _no_grant(request, trust, same_account=False, rp=rp)

    if (trust or key) and not grants:
        # TP-01, EV-09: a trust policy and a KMS key policy must allow the caller, even in
        # its own account; an identity-policy allow alone is not enough.
        return _no_grant(request, trust, same_account, rp=rp)
    if not same_account:
        if not grants:
            denied = _no_grant(request, trust, same_account)
            if side_ok:
                return denied
            # XA-01: both halves deny. Lead with the caller's own account, as AWS's message
            # does, so a learner sees what the caller gave up or never had (XA-04).
            mine = _caller_denial(request, identity_ok, boundary_ok)
            mine.reason = f"{mine.reason}; and {denied.reason}"
            return mine
        if side_ok:
            return _allow(request, grants, " and the caller's identity-based policy", kind,
                          id_allows + b_allows + s_allows)
        return _caller_denial(request, identity_ok, boundary_ok)
    delegating = kind is _ACCOUNT or (trust and kind is _WILDCARD)
    if kind is not None and not delegating:
        unlimited = kind in UNLIMITED_GRANTS or (
            kind is _USER and caller.type is _USER_TYPE)
        if trust:
            # TP-11: the boundary applies even to a caller the trust policy names.
            if boundary_ok and (unlimited or session_ok):
                return _allow(request, grants, "", kind, b_allows + s_allows)
        elif unlimited or (boundary_ok and session_ok):
            return _allow(request, grants, "", kind, b_allows + s_allows)
        if not side_ok:
            # The grant needed no identity allow: what blocked it is the boundary or session.
            return _caller_denial(request, True, boundary_ok)
    if side_ok:
        if trust:
            return _allow(request, grants, " and the caller's identity-based policy", kind,
                          id_allows + b_allows + s_allows)
        hits = id_allows + b_allows + s_allows
        if id_allows:
            first = id_allows[0][0]
            reason = f"allowed by {first.type} '{first.label}'"
        else:
            reason = "allowed: the root user is implicitly allowed (EV-01)"
        return _done(request, _ALLOWED, reason, _refs(hits), None)
    side = _caller_denial(request, identity_ok, boundary_ok)
    if delegating and not identity_ok:
        what = "trust policy" if trust else "resource-based policy"
        side.reason += (f"; the {what} names the caller only through its account or \"*\", "
                        "which leaves the decision to the account's own policies (EV-08, TP-09)")
    return side


def _caller_denial(request: AuthzRequest, identity_ok: bool, boundary_ok: bool) -> Decision:
    """Why the caller's own account (identity ∩ boundary ∩ session) does not allow, in AWS's
    order: identity, then boundary, then session policies (the one left)."""
    pols = request.policies
    if not identity_ok:
        return _done(request, _IMPLICIT_DENY, _no_identity_allow_reason(request.action), (),
                     _IDENTITY, lambda: _identity_near_miss(request))
    boundary = pols.boundary
    if not boundary_ok and boundary is not None:
        return _done(request, _IMPLICIT_DENY,
                     f"the permissions boundary '{boundary.label}' does not allow "
                     f"{request.action}", (), _BOUNDARY,
                     lambda: _near_miss_in((boundary,), request))
    if pols.session is not None and not pols.session:
        return _done(request, _IMPLICIT_DENY,
                     f"the session has no session policy, so it allows nothing "
                     f"(a federated user needs one, EV-12/GFT-04): {request.action} is denied",
                     (), _SESSION)
    return _done(request, _IMPLICIT_DENY, f"no session policy allows {request.action}",
                 (), _SESSION, lambda: _near_miss_in(pols.session or (), request))


def _identity_near_miss(request: AuthzRequest) -> str:
    """`_near_miss_in` the identity policies, read from the caller's plan for the action
    when it keeps one (its Allows are the same statements in the same order: each policy's
    whose Action matches), without looking up each policy's compiled form again."""
    pols = request.policies
    plans = pols.plans
    plan = None if plans is None else plans.get(request.action.lower())
    if plan is None:
        return _near_miss_in(pols.identity, request)
    for ap, cs in plan[1]:
        matched, why = explain_remembered(cs, ap, request)
        if not matched:
            return f" (policy '{ap.label}' {cs.statement.label}: {why})"
    return typo_miss(pols.identity, request.action)


def _near_miss_in(aps: Sequence[AttachedPolicy], request: AuthzRequest) -> str:
    """The first Allow whose Action matches but whose Resource or Condition does not, as
    ` (policy 'ReadOwn' Statement[0]: Condition StringEquals ...)`; computed only when
    denying, and only over statements the action index already selected (a statement's
    words remembered per values of the context keys it reads: `explain_remembered`)."""
    action = request.action.lower()
    for ap in aps:
        for cs in compiled(ap.policy).for_action(action):
            if cs.allow:
                matched, why = explain_remembered(cs, ap, request)
                if not matched:
                    return f" (policy '{ap.label}' {cs.statement.label}: {why})"
    return typo_miss(aps, request.action)


def _no_grant(request: AuthzRequest, trust: bool, same_account: bool,
              rp: AttachedPolicy | None = None) -> Decision:
    rp = rp if rp is not None else request.resource_policy
    target = (rp.arn if rp and rp.arn else "") or request.resource
    detail = (lambda: _near_miss(rp, request)) if rp is not None else None
    if trust:
        return _done(request, _IMPLICIT_DENY,
                     f"the trust policy of {target} does not allow {request.caller.arn} "
                     f"to {request.action}", (), _TRUST, detail)
    if is_kms_key(request.resource) and request.caller.type not in NO_IDENTITY_SIDE:
        return _done(request, _IMPLICIT_DENY,
                     f"the key policy of {target} does not allow {request.caller.arn}, and "
                     "for a KMS key an identity-based policy alone is not enough: the key "
                     "policy must name the caller or its account (EV-09)", (),
                     _RESOURCE, detail)
    if rp is None:
        reason = f"{target} has no resource-based policy, so this caller is not allowed"
    elif request.caller.type in NO_IDENTITY_SIDE:
        reason = f"the resource-based policy of {target} does not allow this caller"
    else:
        reason = f"the resource-based policy of {target} does not allow this cross-account caller"
    return _done(request, _IMPLICIT_DENY, reason, (), _RESOURCE, detail)


def _near_miss(rp: AttachedPolicy, request: AuthzRequest) -> str:
    """When an Allow names the caller and the action but fails on its resource or condition,
    say where, e.g. ` (Statement[0]: Condition StringEquals sts:ExternalId: request has no
    sts:ExternalId)`. Computed only on this denial path."""
    action = request.action.lower()
    for cs in compiled(rp.policy).for_action(action):
        if not cs.allow or cs.principal is None:
            continue
        if cs.principal.match(request.caller, rp.bindings) is None:
            continue
        matched, why = explain_statement(cs, rp, request)
        if not matched:
            return f" ({cs.statement.label}: {why})"
    return ""


def _allow(request: AuthzRequest, grants: list[Grant], extra: str, kind: MatchKind | None,
           more: Sequence[Hit] = ()) -> Decision:
    ap = grants[0][0]
    what = "trust policy" if ap.type is _TRUST else "resource-based policy"
    target = ap.arn or request.resource
    named = f", which names the caller ({kind})" if kind else ""
    reason = f"allowed by the {what} of {target}{named}{extra}"
    return _done(request, _ALLOWED, reason, _refs(grants) + _refs(list(more)), None)


def _done(request: AuthzRequest, outcome: Outcome, reason: str,
          deciding: tuple[StatementRef, ...], blocked: PolicyType | None,
          detail: Callable[[], str] | None = None) -> Decision:
    return new_decision(outcome, reason, deciding, blocked, build_trace, (request,), detail)
