"""Who can end up in a session of a role: users, roles (through their sessions), services and
identity providers, directly or through a chain of roles, and what each hop needs.

Each hop is decided by the evaluator as AssumeRole* decides it: the role's trust policy in
TRUST mode plus the caller's own policies (TP-01, TP-09..TP-12, XA-01), with the request
context the caller would have. Conditions on keys the caller controls (external id, MFA,
session tags, token claims, ...) are satisfied with proposed values and named as requirements
(`requirements.propose`); the proposal is then decided, so a hop that can never be satisfied
does not appear. Passing tags also needs `sts:TagSession` (TAG-02), a source identity
`sts:SetSourceIdentity` (SI-01); a required MFA needs a user with an MFA device.

The search goes backwards from the role, breadth first, so each principal is reported with a
shortest path. Candidates are found from the Principal elements of the trust policies (never
every principal against every role), and callers named only through their account must have an
identity policy allowing `sts:AssumeRole` on the role before the evaluator is asked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rolesim.core.analysis import requirements
from rolesim.core.analysis.callers import (
    EC2_SERVICE,
    Candidate,
    Target,
    WorldIndex,
    identity_may_assume,
)
from rolesim.core.clock import DEFAULT_START
from rolesim.core.policy.compiled import CompiledStatement, compiled
from rolesim.core.request import (
    AuthzRequest,
    ContextValue,
    EvaluationMode,
)
from rolesim.core.sts import trust
from rolesim.core.world import Role, World


@dataclass(frozen=True, slots=True)
class Hop:
    """One AssumeRole* call: who calls, which role, with which action, needing what."""

    caller: str
    role: str
    action: str
    requires: tuple[str, ...] = ()
    source_identity: str | None = None
    context: tuple[tuple[str, ContextValue], ...] = field(default=(), compare=False, repr=False)
    session_tags: tuple[tuple[str, str], ...] = ()
    why: tuple[str, ...] = field(default=(), compare=False)
    """The statements that let the call in (`Allow in the trust policy of R, Statement[0]`,
    and for a caller that needs its own allow, the identity statement too: TP-09, TP-10)."""


@dataclass(frozen=True, slots=True)
class AssumePath:
    """A principal that can end up in a session of the role, and how.

    `kind` is `user`, `role`, `service` or `provider`; `path` runs from the principal to the
    role (ARNs; a service is named by its service principal); `hops` the calls in order."""

    principal: str
    kind: str
    path: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def requires(self) -> tuple[str, ...]:
        """Every hop's requirements; in a chain each is prefixed with the role it is for."""
        if len(self.hops) == 1:
            return self.hops[0].requires
        out: list[str] = []
        for hop in self.hops:
            name = hop.role.rsplit("/", 1)[-1]
            out += [f"{name}: {req}" for req in hop.requires]
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        return {"principal": self.principal, "path": list(self.path),
                "requires": list(self.requires), "why": [list(hop.why) for hop in self.hops]}


def _request(candidate: Candidate, target: Target, action: str,
             context: dict[str, ContextValue]) -> AuthzRequest:
    return AuthzRequest(caller=candidate.caller, policies=candidate.policies, action=action,
                        resource=target.role.arn, resource_account=target.account,
                        resource_policy=target.trust, context=context,
                        mode=EvaluationMode.TRUST)


def _try(candidate: Candidate, target: Target, statement: CompiledStatement
         ) -> tuple[tuple[str, ...], dict[str, ContextValue], tuple[str, ...]] | None:
    """The requirements under which this statement lets the candidate in, with the context
    values proposed for them and the statements that decided, or None."""
    from rolesim.core.evaluator import decide
    from rolesim.core.why import ref_words

    context = dict(target.base)
    context.update(candidate.context)
    proposal = requirements.propose(statement.statement.conditions, context, candidate.issuers,
                                    session_tags=candidate.kind == "role")
    if proposal.impossible or (proposal.mfa and not candidate.has_mfa_device):
        return None
    aud = next((v for k, v in proposal.values.items()
                if candidate.issuers and k == f"{candidate.issuers[0]}:aud"), None)
    if candidate.audiences and isinstance(aud, str) and aud not in candidate.audiences:
        return None  # OIDC-06: the token's audience must be a client ID of the provider
    context.update(proposal.values)
    tag_keys = [k.split("/", 1)[1] for k in proposal.values if k.startswith("aws:requesttag/")]
    if tag_keys and "aws:tagkeys" not in context:
        context["aws:tagkeys"] = tuple(tag_keys)
    actions = [candidate.action]
    if proposal.tags:
        actions.append(trust.TAG_SESSION)  # TAG-02
    if proposal.source_identity:
        actions.append(trust.SET_SOURCE_IDENTITY)  # SI-01
    why: tuple[str, ...] = ()
    for action in actions:
        decision = decide(_request(candidate, target, action, context))
        if not decision.allowed:
            return None
        if not why:
            why = tuple(ref_words(ref) for ref in decision.deciding)
    values = dict(proposal.values)
    if "aws:tagkeys" in context and "aws:tagkeys" not in values and tag_keys:
        values["aws:tagkeys"] = context["aws:tagkeys"]
    for key, value in proposal.session_tags.items():
        values[_SESSION_TAG + key] = value
    return candidate.requires + tuple(proposal.requires), values, why


_SESSION_TAG = "rolesim:session-tag/"  # marks a tag the calling session must carry


def _hop_allows(index: WorldIndex, hop: Hop, extra: dict[str, ContextValue],
                also: str) -> bool:
    """Whether the call of `hop`, with `extra` request keys, is allowed both its own action
    and `also` (sts:TagSession or sts:SetSourceIdentity) by the target's trust policy."""
    from rolesim.core.evaluator import decide

    candidate = index.hop_callers.get(id(hop))
    role = index.world.roles.get(hop.role)
    if candidate is None or role is None:
        return False
    target = index.target(role)
    context = dict(target.base)
    context.update(candidate.context)
    context.update(dict(hop.context))
    context.update(extra)
    return all(decide(_request(candidate, target, action, context)).allowed
               for action in (hop.action, also))


def _passes_tags(index: WorldIndex, hop: Hop, tags: tuple[tuple[str, str], ...]) -> bool:
    """Whether the call of `hop` can also pass `tags` as session tags (TAG-02): the next
    hop needs the new session to carry them."""
    return _hop_allows(index, hop, dict(trust.request_tag_keys(dict(tags), ())),
                       trust.TAG_SESSION)


def _tail_accepts(index: WorldIndex, tail: tuple[Hop, ...], source_identity: str) -> bool:
    """SI-03: a source identity set at one hop is carried by every later session, so each
    later trust must allow sts:SetSourceIdentity (and its conditions hold with the value)."""
    sticky: dict[str, ContextValue] = {"sts:sourceidentity": source_identity,
                                       "aws:sourceidentity": source_identity}
    return all(_hop_allows(index, hop, sticky, trust.SET_SOURCE_IDENTITY) for hop in tail)


def direct_hops(index: WorldIndex, role: Role, known: Callable[[Candidate], bool] = lambda c: False
                ) -> list[tuple[Candidate, Hop]]:
    """Every caller that can assume `role` in one call, with what it needs; callers for which
    `known` is true are not looked at (the search already has a shorter path for them)."""
    if role.trust is None:
        return []
    policy = compiled(role.trust)
    bindings = role.trust_bindings
    target: Target | None = None  # made for the first caller that may pass: most visits of
    # a role the search has reached through its account meet only callers it already knows
    best: dict[tuple[str, str],
               tuple[Candidate, tuple[tuple[str, ...], dict[str, Any], tuple[str, ...]]]] = {}
    for cs in policy.statements:
        if not cs.allow or cs.principal is None:
            continue
        for candidate, named in index.candidates(cs.principal, role, known):
            if known(candidate):
                continue
            needs_identity = candidate.kind in ("user", "role") and (
                not named or candidate.caller.account != role.account)
            if needs_identity and not identity_may_assume(candidate, role.arn, index.shared):
                continue
            if not cs.action_matches(candidate.action.lower()):
                continue
            if named and cs.principal.match(candidate.caller, bindings) is None:
                continue  # a binding to an older unique ID (TP-06)
            if target is None:
                target = index.target(role)
            found = _try(candidate, target, cs)
            if found is None:
                continue
            key = (candidate.kind, candidate.caller.arn)
            if key not in best or len(found[0]) < len(best[key][1][0]):
                best[key] = (candidate, found)
    out: list[tuple[Candidate, Hop]] = []
    if not best:
        return out
    profiles = tuple(f"an EC2 instance launched with instance profile {ip.arn}"
                     for ip in index.world.instance_profiles.values() if ip.role == role.arn)
    for candidate, (reqs, values, why) in best.values():
        if candidate.kind == "service" and candidate.arn == EC2_SERVICE and profiles:
            reqs = profiles[:1] + reqs  # SVC-05..07: EC2 uses the role through a profile
        source = values.get("sts:sourceidentity")
        tags = tuple((k[len(_SESSION_TAG):], str(v)) for k, v in values.items()
                     if k.startswith(_SESSION_TAG))
        context = tuple((k, v) for k, v in values.items() if not k.startswith(_SESSION_TAG))
        hop = Hop(candidate.arn, role.arn, candidate.action, reqs,
                  source if isinstance(source, str) else None, context, tags, why)
        index.hop_callers[id(hop)] = candidate
        out.append((candidate, hop))
    return out


def who_can_assume(world: World, role_arn: str, now: datetime | None = None) -> list[AssumePath]:
    """Every principal of the world that could end up in a session of `role_arn`, each with a
    shortest path (principal first, the role last) and what each hop needs."""
    return _search(WorldIndex(world, now or DEFAULT_START), role_arn)


def _search(index: WorldIndex, role_arn: str) -> list[AssumePath]:
    world = index.world
    target = world.roles.get(role_arn)
    if target is None:
        return []
    tails: dict[str, tuple[Hop, ...]] = {role_arn: ()}  # role -> hops from it to the target
    queue: deque[Role] = deque([target])
    found: dict[tuple[str, str], AssumePath] = {}

    def known(candidate: Candidate) -> bool:
        if (candidate.kind, candidate.arn) not in found:
            return False
        return candidate.kind != "role" or candidate.arn in tails

    while queue:
        role = queue.popleft()
        tail = tails[role.arn]
        for candidate, hop in direct_hops(index, role, known):
            if hop.source_identity is not None and tail and not _tail_accepts(
                    index, tail, hop.source_identity):
                continue
            if tail and tail[0].session_tags and not _passes_tags(index, hop,
                                                                  tail[0].session_tags):
                continue  # the next trust wants tags on this session, which this call cannot pass
            hops = (hop, *tail)
            key = (candidate.kind, candidate.arn)
            if key not in found:
                path = (candidate.arn, *(h.role for h in hops))
                found[key] = AssumePath(candidate.arn, candidate.kind, path, hops)
            if candidate.kind == "role" and candidate.arn not in tails:
                tails[candidate.arn] = hops
                queue.append(world.roles[candidate.arn])
    kept = [p for p in found.values() if p.kind != "role" or (
        _sessions_can_follow(index, p) and _sessions_can_be_tagged(index, p))]
    return sorted(kept, key=lambda p: (len(p.hops), p.kind, p.principal))


def _sessions_can_follow(index: WorldIndex, path: AssumePath) -> bool:
    """A role whose trust lets callers in only with a source identity has sessions that all
    carry one (SI-03): its path holds only if every later trust accepts it."""
    role = index.world.roles.get(path.principal)
    if role is None or role.trust is None:
        return True
    if not any(c.key_lower == "sts:sourceidentity"
               for st in role.trust.statements for c in st.conditions):
        return True
    ways_in = [hop for _, hop in direct_hops(index, role)]
    if not ways_in or any(hop.source_identity is None for hop in ways_in):
        return True
    return any(_tail_accepts(index, path.hops, hop.source_identity or "") for hop in ways_in)


def _sessions_can_be_tagged(index: WorldIndex, path: AssumePath) -> bool:
    """A role's sessions carry the tags its path needs only if some way into the role can
    pass them (TAG-02); a role nobody can assume is kept (it is reported for its sessions)."""
    needed = path.hops[0].session_tags
    role = index.world.roles.get(path.principal)
    if not needed or role is None:
        return True
    ways_in = [hop for _, hop in direct_hops(index, role)]
    return not ways_in or any(_passes_tags(index, hop, needed) for hop in ways_in)


@dataclass(frozen=True, slots=True)
class Refused:
    """A user or role of the world that the role's trust names, or whose own policies allow
    it sts:AssumeRole on the role, but whose request is denied: `reason` is the evaluator's."""

    principal: str
    kind: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"principal": self.principal, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RoleAnswer:
    """`who_can_assume` with its explanation: who gets in and by which statements (each
    hop's `why`), who looks as if they might but is refused and why, and what the trust
    lets in from outside the world (other accounts, `*`), which no path can show."""

    paths: list[AssumePath]
    refused: list[Refused]
    outside: list[str]


def explain_who_can_assume(world: World, role_arn: str,
                           now: datetime | None = None) -> RoleAnswer:
    """`who_can_assume`, plus the refused callers and the trust's reach outside the world."""
    index = WorldIndex(world, now or DEFAULT_START)
    paths = _search(index, role_arn)
    role = world.roles.get(role_arn)
    if role is None or role.trust is None:
        return RoleAnswer(paths, [], [])
    return RoleAnswer(paths, _refused(index, role, paths), _outside(world, role))


def _refused(index: WorldIndex, role: Role, paths: list[AssumePath]) -> list[Refused]:
    """Direct callers that come close: named by the trust, or allowed by their own policies
    (TP-10's caller half) when the trust names their account or `*`; each decided as a plain
    request, so the reason is the one AWS would give them."""
    from rolesim.core.evaluator import decide

    reached = {(p.kind, p.principal) for p in paths}
    target = index.target(role)
    out: dict[tuple[str, str], Refused] = {}
    for cs in compiled(role.trust).statements if role.trust is not None else ():
        if not cs.allow or cs.principal is None:
            continue
        for candidate, named in index.candidates(cs.principal, role):
            key = (candidate.kind, candidate.arn)
            if candidate.kind not in ("user", "role") or key in reached or key in out:
                continue
            if not named and not identity_may_assume(candidate, role.arn, index.shared):
                continue
            context = dict(target.base)
            context.update(candidate.context)
            decision = decide(_request(candidate, target, candidate.action, context))
            if not decision.allowed:
                out[key] = Refused(candidate.arn, candidate.kind, decision.reason)
    return sorted(out.values(), key=lambda r: (r.kind, r.principal))


def _outside(world: World, role: Role) -> list[str]:
    """What each Allow statement of the trust lets in that the world does not hold: `*`,
    accounts it has no principal in, users and roles it does not define."""
    known = world.known_accounts()
    out: list[str] = []
    for cs in compiled(role.trust).statements if role.trust is not None else ():
        principal = cs.principal
        if not cs.allow or principal is None:
            continue
        keys = sorted({c.key for c in cs.statement.conditions})
        needs = f" (with conditions on {', '.join(keys)})" if keys else " (no condition)"
        where = f"{cs.statement.label}"
        if principal.wildcard:
            out.append(f"{where}: any principal of any account ('*'){needs}")
        for entry in sorted(principal.accounts):
            account = entry.rpartition(":")[2]
            if account not in known:
                out.append(f"{where}: principals of account {account}, which this world does "
                           f"not hold, whose own policies allow it{needs}")
        for arn in sorted(principal.users | principal.roles):
            if arn not in world.users and arn not in world.roles:
                out.append(f"{where}: {arn}, which this world does not hold{needs}")
        if principal.unique_ids:
            ids = {u.unique_id for u in world.users.values()}
            ids.update(r.unique_id for r in world.roles.values())
            out += [f"{where}: {uid}, a unique ID no user or role of this world has (IAM shows "
                    "a deleted principal so: it lets nobody in, TP-06)"
                    for uid in sorted(principal.unique_ids - ids)]
    return out
