"""The edges of the escalation graph: how one principal (a fresh session of a user or role)
can become another, each decided by the evaluator through `ask.allowed`.

Edges out of a principal X:
* `assume-role`: X's AssumeRole on a role, exactly as `who_can_assume` decides a hop (trust
  policy in TRUST mode, X's own policies, conditions proposed and named).
* `passrole-<service>`: X passes a role of its own account (SVC-03) to a service whose
  principal the role's trust accepts (TP-01), with iam:PassedToService set (SVC-02), and may
  make the call that hands the role over (`techniques.PASS_ROLE_SERVICES`).
* `create-access-key`, `create-login-profile`, `update-login-profile`: X makes credentials for
  another user of its account.
* `update-assume-role-policy`: X rewrites a role's trust to name itself, then assumes it (the
  new trust is decided with the caller's boundary and SCPs, TP-09/TP-11).
* `update-function-code`: X replaces the code of a Lambda function (`World.functions`) that
  runs as a role trusting lambda.amazonaws.com.
* `ssm-send-command`, `ssm-start-session`: X runs a command or opens a shell on a running
  instance (`World.instances`) whose instance profile holds a role trusting ec2.amazonaws.com.

Changes to a principal's permissions (attach, put, a new policy version, joining a group, a
boundary removed) do not move X anywhere; `grants_for` says which of them X can make to a
principal T, which makes T admin-equivalent once X can also become T (search.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TypeVar

from rolesim.core.analysis.callers import (
    EC2_SERVICE,
    Candidate,
    WorldIndex,
    identity_may_assume,
)
from rolesim.core.analysis.paths.ask import Ask, all_allowed, allowed, may_ever
from rolesim.core.analysis.paths.budget import Budget
from rolesim.core.analysis.paths.techniques import (
    ADMIN_POLICY_ARN,
    ADMIN_SAMPLE,
    CREDENTIALS,
    EC2_PROFILE_ACTIONS,
    LAMBDA_SERVICE,
    PASS_ROLE_SERVICES,
    SSM_DOCUMENT,
    SSM_TECHNIQUES,
    PassRoleService,
)
from rolesim.core.context import time_keys
from rolesim.core.policy.compiled import compiled
from rolesim.core.policy.model import AttachedPolicy, Policy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.request import CallerPolicies, ContextValue, EvaluationMode
from rolesim.core.sts import permissions
from rolesim.core.world import Group, Role, User, World

P = TypeVar("P", User, Role)

Wanted = Callable[[str, str], bool]
"""Whether the search still wants an edge to this target by this technique."""

OnlyTargets = Callable[[str], Collection[str]]
"""By technique, the targets a search may still want: a hint to look up a few of them rather
than go through every role of an account."""

GRANT_ACTIONS = ("iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:AttachGroupPolicy",
                 "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:PutGroupPolicy",
                 "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
                 "iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
                 "iam:AddUserToGroup")


@dataclass(frozen=True, slots=True)
class Edge:
    """One way for `source` to become (or act as) `target`: the technique, the actions it
    takes, and what must hold besides (requirements in words). `via` is what the technique
    acts on when that is not the target (a group, a policy, an instance profile, a function,
    an instance): what a replay of the path needs (scenario/path_steps.py); not in the JSON."""

    source: str
    target: str
    technique: str
    actions: tuple[str, ...]
    requires: tuple[str, ...] = ()
    via: str = ""

    def to_json(self) -> dict[str, object]:
        return {"from": self.source, "to": self.target, "technique": self.technique,
                "actions": list(self.actions), "requires": list(self.requires)}


@dataclass
class Graph:
    """The world indexed once for many questions: callers, roles by the principals their trust
    names, and each principal's edges and admin verdict, cached."""

    world: World
    now: datetime
    index: WorldIndex = field(init=False)
    base: dict[str, ContextValue] = field(init=False)
    named: dict[str, list[Role]] = field(init=False, default_factory=dict)
    by_account: dict[str, list[Role]] = field(init=False, default_factory=dict)
    open_roles: list[Role] = field(init=False, default_factory=list)
    by_service: dict[str, list[Role]] = field(init=False, default_factory=dict)
    budget: Budget = field(default_factory=Budget)
    _edges: dict[str, list[Edge]] = field(init=False, default_factory=dict)
    _wide: dict[str, tuple[list[Role], dict[str, int]]] = field(init=False, default_factory=dict)
    _places: dict[int, dict[str, int]] = field(init=False, default_factory=dict)
    _admin: dict[str, tuple[str, ...] | None] = field(init=False, default_factory=dict)
    _raisable: dict[str, tuple[str, ...] | None] = field(init=False, default_factory=dict)
    _services: dict[tuple[str, str], tuple[str, ...] | None] = field(
        init=False, default_factory=dict)
    profiles: dict[str, list[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.index = WorldIndex(self.world, self.now)
        self.base = time_keys(self.now)
        for ip in self.world.instance_profiles.values():
            self.profiles.setdefault(ip.role, []).append(ip.arn)
        for role in self.world.roles.values():
            if role.trust is None:
                continue
            for cs in compiled(role.trust).statements:
                if not cs.allow or cs.principal is None:
                    continue
                p = cs.principal
                if p.wildcard:
                    self.open_roles.append(role)
                for name in p.users | p.roles | p.unique_ids:
                    self.named.setdefault(name, []).append(role)
                for entry in p.accounts:
                    self.by_account.setdefault(entry.rpartition(":")[2], []).append(role)
                for service in p.services:
                    self.by_service.setdefault(service, []).append(role)

    # -- principals ------------------------------------------------------------------------
    def candidate(self, arn: str) -> Candidate | None:
        user = self.world.users.get(arn)
        if user is not None:
            return self.index.user(user)
        role = self.world.roles.get(arn)
        return self.index.role(role) if role is not None else None

    def principals(self) -> list[str]:
        return list(self.world.users) + list(self.world.roles)

    # -- edges -----------------------------------------------------------------------------
    def edges(self, arn: str) -> list[Edge]:
        """Every edge out of the principal, cached."""
        found = self._edges.get(arn)
        if found is None:
            candidate = self.candidate(arn)
            found = [] if candidate is None else list(self._edges_of(arn, candidate))
            self._edges[arn] = found
        return found

    def edges_where(self, arn: str, wanted: Wanted,
                    only: OnlyTargets | None = None) -> Iterator[Edge]:
        """The edges out of the principal for which `wanted(target, technique)` holds (`only`:
        by technique, the targets that may be wanted at all), made as they are asked for: a
        search that has already reached a target does not ask the engine about it again.
        Each is the same Edge, in the same order, as `edges` would give."""
        cached = self._edges.get(arn)
        if cached is not None:
            yield from (e for e in cached if wanted(e.target, e.technique))
            return
        candidate = self.candidate(arn)
        if candidate is not None:
            yield from self._edges_of(arn, candidate, wanted, only)

    def _edges_of(self, arn: str, me: Candidate, wanted: Wanted | None = None,
                  only_by: OnlyTargets | None = None) -> Iterator[Edge]:
        def only(technique: str) -> Collection[str] | None:
            return None if only_by is None else only_by(technique)

        def want(target: str, technique: str) -> bool:
            if wanted is not None and not wanted(target, technique):
                return False
            self.budget.tick()
            return True

        yield from self._assume(arn, me, wanted, only("assume-role"))
        account = me.caller.account
        if may_ever(me, "iam:PassRole"):
            for spec in PASS_ROLE_SERVICES:
                yield from self._pass_role(arn, me, spec, account, want)
        for technique, action, words in CREDENTIALS:
            if not may_ever(me, action):
                continue
            for user in self._of_account(self.world.users,
                                         self.index.users_by_account, account,
                                         only(technique)):
                if user.arn == arn or (technique != "create-access-key"
                                       and user.login_profile != (technique == "update-"
                                                                  "login-profile")):
                    continue  # a console password is created once, then only updated
                if not want(user.arn, technique):
                    continue
                reqs = allowed(me, Ask(action, user.arn, account), self.base)
                if reqs is not None:
                    yield Edge(arn, user.arn, technique, (action,), (words, *reqs))
        if may_ever(me, "iam:UpdateAssumeRolePolicy"):
            for role in self._of_account(self.world.roles,
                                         self.index.roles_by_account, account,
                                         only("update-assume-role-policy")):
                if (role.arn != arn and want(role.arn, "update-assume-role-policy")
                        and not role.service_linked):
                    yield from self._backdoor(arn, me, role)
        if self.world.functions and may_ever(me, "lambda:UpdateFunctionCode"):
            yield from self._function_code(arn, me, account, want)
        if self.world.instances:
            for technique, action, words in SSM_TECHNIQUES:
                if may_ever(me, action):
                    yield from self._ssm(arn, me, account, technique, action, words, want)

    def _assume(self, arn: str, me: Candidate, wanted: Wanted | None = None,
                only: Collection[str] | None = None) -> Iterator[Edge]:
        from rolesim.core.analysis.who_can_assume import _try

        uid = me.caller.entity_id or ""
        named = {r.arn: r for r in self.named.get(arn, []) + self.named.get(uid, [])}
        for role in self._trusting_roles(arn, me, named, only):
            if role.arn == arn or (wanted is not None and not wanted(role.arn, "assume-role")):
                continue
            if (role.arn not in named or role.account != me.caller.account) and not (
                    identity_may_assume(me, role.arn, self.index.shared)):
                continue  # TP-09: an identity allow is needed too (a cheap first look)
            self.budget.tick()
            target = self.index.target(role)
            best: tuple[str, ...] | None = None
            for cs in compiled(role.trust).statements if role.trust else ():
                if not cs.allow or cs.principal is None:
                    continue
                if not cs.action_matches("sts:assumerole"):
                    continue
                kind = cs.principal.match(me.caller, role.trust_bindings)
                if kind is None:
                    continue
                found = _try(me, target, cs)
                if found is None and me.has_mfa_device:  # an identity Allow may want MFA
                    found = _try(_with_mfa(me), target, cs)
                    found = found and (("MFA", *found[0]), found[1], found[2])
                if found is not None and (best is None or len(found[0]) < len(best)):
                    best = found[0]
            if best is not None:
                yield Edge(arn, role.arn, "assume-role", ("sts:AssumeRole",), best)

    def _of_account(self, entities: Mapping[str, P], by_account: Mapping[str, list[P]],
                    account: str, only: Collection[str] | None) -> list[P]:
        """The users (or roles) of the account in the world's order; with `only`, just those
        of it, looked up when they are few (an account may hold 5,000 roles)."""
        if only is not None and len(only) * 4 < len(entities):
            place = self._places.get(id(entities))
            if place is None:
                place = self._places[id(entities)] = {a: i for i, a in enumerate(entities)}
            found = [entities[a] for a in only if a in place]
            return sorted((e for e in found if e.account == account), key=lambda e: place[e.arn])
        mine = by_account.get(account, [])
        return mine if only is None else [e for e in mine if e.arn in only]

    def _account_wide(self, account: str) -> tuple[list[Role], dict[str, int]]:
        """The roles trusting the account (or anyone), each once in the world's order, with
        its place: shared by every caller of the account (an account may hold 5,000 roles)."""
        found = self._wide.get(account)
        if found is None:
            unique = {r.arn: r for r in self.by_account.get(account, []) + self.open_roles}
            found = self._wide[account] = (list(unique.values()),
                                           {arn: i for i, arn in enumerate(unique)})
        return found

    def _trusting_roles(self, arn: str, me: Candidate, named: dict[str, Role],
                        only: Collection[str] | None) -> list[Role]:
        """The roles whose trust may let the caller in: those naming it first, then those
        trusting its account or anyone, each once, in the world's order (the order the edges
        come in decides which shortest way the search keeps). With `only`, just those of it;
        a few of them are looked up rather than found among thousands."""
        wide, place = self._account_wide(me.caller.account)
        if not wide or not may_ever(me, "sts:AssumeRole"):
            wide, place = [], {}
        if only is None:
            return list(named.values()) + [r for r in wide if r.arn not in named]
        if len(only) * 4 < len(wide):
            picked = sorted((a for a in only if a in place and a not in named),
                            key=lambda a: place[a])
            return [r for a, r in named.items() if a in only] + [wide[place[a]] for a in picked]
        return ([r for r in named.values() if r.arn in only]
                + [r for r in wide if r.arn in only and r.arn not in named])

    def _service_may_assume(self, spec: PassRoleService, role: Role) -> tuple[str, ...] | None:
        key = (spec.service, role.arn)
        if key not in self._services:
            self._services[key] = self._service_trusted(spec, role)
        return self._services[key]

    def _service_trusted(self, spec: PassRoleService, role: Role) -> tuple[str, ...] | None:
        from rolesim.core.analysis.who_can_assume import _try

        service = self.index.service(spec.service, role.account)
        target = self.index.target(role)
        for cs in compiled(role.trust).statements if role.trust else ():
            if cs.allow and cs.principal is not None and spec.service in cs.principal.services:
                found = _try(service, target, cs)
                if found is not None:
                    return found[0]
        return None

    def _pass_role(self, arn: str, me: Candidate, spec: PassRoleService, account: str,
                   want: Wanted) -> Iterator[Edge]:
        roles = [role for role in self.by_service.get(spec.service, ())
                 if role.account == account and role.arn != arn  # SVC-03: own account only
                 and want(role.arn, spec.technique)]
        if not roles:
            return
        resource = spec.resource.format(a=account)
        profile = f"arn:aws:iam::{account}:instance-profile/rolesim-path"
        calls: list[tuple[tuple[str, ...], tuple[str, ...]]] = []  # the calls, their needs
        for way in spec.ways:
            if not all(may_ever(me, a) for a in way):
                continue
            reqs = all_allowed(me, [Ask(a, resource, account) for a in way], self.base)
            if reqs is not None:
                calls.append((way, reqs))
        if not calls:
            return
        new_profile: tuple[str, ...] | None = None
        if spec.service == EC2_SERVICE:
            new_profile = all_allowed(me, [Ask(a, profile, account) for a in EC2_PROFILE_ACTIONS],
                                      self.base)
        for role in roles:
            trusted = self._service_may_assume(spec, role)
            if trusted is None:
                continue
            passing = allowed(me, Ask("iam:PassRole", role.arn, account,
                                      {"iam:passedtoservice": spec.service}), self.base)
            if passing is None:
                continue
            way, reqs = calls[0]
            needs = [spec.words, f"the role trusts {spec.service}", *trusted, *passing]
            actions = [*way, "iam:PassRole"]
            profiles = self.profiles.get(role.arn) if spec.service == EC2_SERVICE else None
            if spec.service == EC2_SERVICE:
                if profiles:
                    needs.append(f"the instance profile {profiles[0]}")
                elif new_profile is None:
                    continue
                else:
                    actions += EC2_PROFILE_ACTIONS
                    needs += ["a new instance profile holding the role", *new_profile]
            needs += [r for r in reqs if r not in needs]
            via = (profiles[0] if profiles else "") if spec.service == EC2_SERVICE else resource
            yield Edge(arn, role.arn, spec.technique, tuple(actions), tuple(needs), via)

    def _backdoor(self, arn: str, me: Candidate, role: Role) -> Iterator[Edge]:
        """UpdateAssumeRolePolicy naming the caller, then AssumeRole through the new trust."""
        rewrite = allowed(me, Ask("iam:UpdateAssumeRolePolicy", role.arn, role.account),
                          self.base)
        if rewrite is None:
            return
        trust = AttachedPolicy(_trusting(me.caller.principal_arn), PolicyType.TRUST,
                               f"new trust policy of {role.name}", arn=role.arn,
                               bindings={me.caller.principal_arn: me.caller.entity_id or ""})
        context = dict(self.index.target(role).base)
        enter = allowed(me, Ask("sts:AssumeRole", role.arn, role.account, context, trust,
                                EvaluationMode.TRUST), self.base)
        if enter is not None:
            yield Edge(arn, role.arn, "update-assume-role-policy",
                       ("iam:UpdateAssumeRolePolicy", "sts:AssumeRole"),
                       ("the role's trust is rewritten to name the caller", *rewrite, *enter))

    def _runs_as(self, service: str, role_arn: str) -> tuple[str, ...] | None:
        """What it takes for `service` to get the role's credentials (its trust), or None."""
        role = self.world.roles.get(role_arn)
        spec = next((s for s in PASS_ROLE_SERVICES if s.service == service), None)
        if role is None or spec is None:
            return None
        return self._service_may_assume(spec, role)

    def _function_code(self, arn: str, me: Candidate, account: str,
                       want: Wanted) -> Iterator[Edge]:
        """lambda:UpdateFunctionCode on a function of the caller's account (a function's own
        resource policy is not modelled): the caller's code then runs as the function's role,
        when the function is next invoked (by the caller, if it may, or by its trigger)."""
        for function in self.world.functions.values():
            if (function.account != account or function.role == arn
                    or not want(function.role, "update-function-code")):
                continue
            trusted = self._runs_as(LAMBDA_SERVICE, function.role)
            if trusted is None:
                continue
            update = allowed(me, Ask("lambda:UpdateFunctionCode", function.arn, account),
                             self.base)
            if update is None:
                continue
            invoke = allowed(me, Ask("lambda:InvokeFunction", function.arn, account),
                             self.base) if may_ever(me, "lambda:InvokeFunction") else None
            actions = ("lambda:UpdateFunctionCode",) + (
                ("lambda:InvokeFunction",) if invoke is not None else ())
            needs = [f"replace the code of {function.name}, which runs as the role",
                     f"the role trusts {LAMBDA_SERVICE}", *trusted, *update]
            if invoke is None:
                needs.append("the function is invoked by its trigger (the caller may not "
                             "invoke it)")
            else:
                needs += [r for r in invoke if r not in needs]
            yield Edge(arn, function.role, "update-function-code", actions, tuple(needs),
                       function.arn)

    def _ssm(self, arn: str, me: Candidate, account: str, technique: str, action: str,
             words: str, want: Wanted) -> Iterator[Edge]:
        """ssm:SendCommand / ssm:StartSession on a running instance of the caller's account
        whose instance profile holds a role: a command on it reads the role's credentials
        from the instance metadata."""
        for instance in self.world.instances.values():
            profile = self.world.instance_profiles.get(instance.instance_profile)
            if (instance.account != account or profile is None or profile.role == arn
                    or not want(profile.role, technique)):
                continue
            trusted = self._runs_as(EC2_SERVICE, profile.role)
            if trusted is None:
                continue
            asks = [Ask(action, instance.arn, account)]
            if action == "ssm:SendCommand":
                asks.append(Ask(action, SSM_DOCUMENT.format(r=instance.region), account))
            reqs = all_allowed(me, asks, self.base)
            if reqs is not None:
                yield Edge(arn, profile.role, technique, (action,),
                           (words, f"the instance {instance.id} runs with the instance "
                            f"profile {profile.arn}", *trusted, *reqs), instance.id)

    # -- admin -----------------------------------------------------------------------------
    def admin(self, arn: str) -> tuple[str, ...] | None:
        """Requirements under which a fresh session of the principal is allowed every action
        in `ADMIN_SAMPLE` on `*`, or None."""
        if arn not in self._admin:
            self.budget.tick()
            me = self.candidate(arn)
            self._admin[arn] = None if me is None else self._is_admin(me, None)
        return self._admin[arn]

    def _is_admin(self, me: Candidate, policies: CallerPolicies | None) -> tuple[str, ...] | None:
        pols = policies or me.policies
        # may_ever keeps its answers on the candidate: a "what if" gets a copy of its own
        asking = me if policies is None else dataclasses.replace(me, policies=pols, may_assume={})
        if not may_ever(asking, ADMIN_SAMPLE[0]):
            return None
        account = me.caller.account
        return all_allowed(me, [Ask(a, "*", account) for a in ADMIN_SAMPLE], self.base, pols)

    def may_grant(self, arn: str) -> bool:
        """Whether the principal's policies name any action that changes permissions."""
        me = self.candidate(arn)
        return me is not None and any(may_ever(me, a) for a in GRANT_ACTIONS)

    def grants_for(self, giver: str, target: str) -> list[Edge]:
        """What `giver` can do to `target`'s permissions that makes `target` admin-equivalent
        (target may be giver itself): each as an Edge from giver to target."""
        self.budget.tick()
        me = self.candidate(giver)
        entity = self.world.users.get(target) or self.world.roles.get(target)
        if me is None or entity is None or entity.account != me.caller.account:
            return []
        if not any(may_ever(me, action) for action in GRANT_ACTIONS):
            return []  # every grant below needs one of them: the admin check is not needed
        account = entity.account
        kind = "User" if isinstance(entity, User) else "Role"
        out: list[Edge] = []

        def grant(technique: str, action: str, resource: str, words: str,
                  context: dict[str, ContextValue] | None = None) -> None:
            if not may_ever(me, action):
                return
            reqs = allowed(me, Ask(action, resource, account, context or {}), self.base)
            if reqs is not None:
                via = "" if resource == target else resource
                out.append(Edge(giver, target, technique, (action,), (words, *reqs), via))

        policy_arn: dict[str, ContextValue] = {"iam:policyarn": ADMIN_POLICY_ARN}
        if self._is_admin_with_everything(target) is None:
            # A boundary or an SCP caps whatever identity policy is added (EV-10, ORG-02):
            # attaching, putting or versioning a policy cannot make this target admin.
            out += self._version_grants(me, giver, entity, [])
            return self._boundary_and_group_grants(out, me, giver, entity, grant, kind)
        grant(f"attach-{kind.lower()}-policy", f"iam:Attach{kind}Policy", target,
              f"attach {ADMIN_POLICY_ARN} to the {kind.lower()}", policy_arn)
        grant(f"put-{kind.lower()}-policy", f"iam:Put{kind}Policy", target,
              f"put an inline policy allowing everything on the {kind.lower()}")
        groups = [self.world.groups[g] for g in getattr(entity, "groups", [])
                  if g in self.world.groups]
        for group in groups:
            grant("attach-group-policy", "iam:AttachGroupPolicy", group.arn,
                  f"attach {ADMIN_POLICY_ARN} to its group {group.name}", policy_arn)
            grant("put-group-policy", "iam:PutGroupPolicy", group.arn,
                  f"put an inline policy allowing everything on its group {group.name}")
        attached = list(entity.policies) + [p for g in groups for p in g.policies]
        for policy in dict.fromkeys(attached):
            if ":aws:policy/" not in policy:
                grant("create-policy-version", "iam:CreatePolicyVersion", policy,
                      f"a new default version of {policy}, allowing everything")
        out += self._version_grants(me, giver, entity, list(dict.fromkeys(attached)))
        return self._boundary_and_group_grants(out, me, giver, entity, grant, kind)

    def _boundary_and_group_grants(self, out: list[Edge], me: Candidate, giver: str,
                                   entity: User | Role, grant: Callable[..., None],
                                   kind: str) -> list[Edge]:
        """Removing the boundary, and joining a group: both judged on their own result."""
        if entity.boundary is not None:
            free = self._is_admin_without_boundary(entity.arn)
            if free is not None:
                grant("delete-permissions-boundary", f"iam:Delete{kind}PermissionsBoundary",
                      entity.arn, "remove the permissions boundary, which is all that limits it")
        if isinstance(entity, User):
            out += self._group_grants(me, giver, entity)
        return out

    def _is_admin_with_everything(self, arn: str) -> tuple[str, ...] | None:
        """Whether the principal would be admin-equivalent with one more identity policy that
        allows everything: not when its boundary or an SCP caps it (EV-10, ORG-02). Cached
        per principal, as `admin` is: every giver that can reach it asks the same."""
        if arn not in self._raisable:
            me = self.candidate(arn)
            if me is None:
                self._raisable[arn] = None
            elif _only_a_deny_could_refuse(me.policies):
                self._raisable[arn] = ()
            else:
                extra = AttachedPolicy(_allow_everything(), PolicyType.IDENTITY,
                                       "allow everything")
                self._raisable[arn] = self._is_admin(
                    me, dataclasses.replace(me.policies, identity=[*me.policies.identity, extra]))
        return self._raisable[arn]

    def _version_grants(self, me: Candidate, giver: str, entity: User | Role,
                        attached: list[str]) -> list[Edge]:
        """iam:SetDefaultPolicyVersion on a customer managed policy attached to the principal
        (or its groups) that stores an older version which would make it admin-equivalent.
        The edge's `via` is the policy ARN and the version, separated by a space."""
        if not may_ever(me, "iam:SetDefaultPolicyVersion"):
            return []
        who = self.candidate(entity.arn)
        out: list[Edge] = []
        for arn in attached:
            policy = self.world.policies.get(arn)
            if who is None or policy is None or policy.aws_managed or not policy.versions:
                continue
            for version, document in policy.versions.items():
                if version == policy.default_version:
                    continue
                swapped = dataclasses.replace(policy, document=document, default_version=version)
                world = dataclasses.replace(self.world, policies={**self.world.policies,
                                                                  arn: swapped})
                identity = permissions.identity_policies(world, entity)
                if self._is_admin(who, dataclasses.replace(who.policies,
                                                           identity=identity)) is None:
                    continue
                reqs = allowed(me, Ask("iam:SetDefaultPolicyVersion", arn, entity.account),
                               self.base)
                if reqs is not None:
                    out.append(Edge(giver, entity.arn, "set-default-policy-version",
                                    ("iam:SetDefaultPolicyVersion",),
                                    (f"make {version} of {arn}, which allows everything, its "
                                     "default version", *reqs), f"{arn} {version}"))
                    break
        return out

    def _is_admin_without_boundary(self, arn: str) -> tuple[str, ...] | None:
        me = self.candidate(arn)
        if me is None:
            return None
        return self._is_admin(me, dataclasses.replace(me.policies, boundary=None))

    def _group_grants(self, me: Candidate, giver: str, user: User) -> list[Edge]:
        """iam:AddUserToGroup on a group whose policies would make the user admin-equivalent."""
        if not may_ever(me, "iam:AddUserToGroup"):
            return []
        who = self.candidate(user.arn)
        out: list[Edge] = []
        for group in self.world.groups.values():
            if group.account != user.account or group.arn in user.groups or who is None:
                continue
            extra = permissions.identity_policies(self.world, _member(user, group))
            if self._is_admin(who, dataclasses.replace(who.policies, identity=extra)) is None:
                continue
            reqs = allowed(me, Ask("iam:AddUserToGroup", group.arn, user.account), self.base)
            if reqs is not None:
                out.append(Edge(giver, user.arn, "add-user-to-group", ("iam:AddUserToGroup",),
                                (f"add the user to group {group.name}, whose policies allow "
                                 "everything", *reqs), group.arn))
        return out


def _only_a_deny_could_refuse(policies: CallerPolicies) -> bool:
    """With a policy allowing everything added, is every action of `ADMIN_SAMPLE` on `*`
    allowed as it stands? Yes when no boundary, SCP or session policy applies (EV-10, ORG-02,
    EV-12) and no identity statement denies one of them (EV-02): then only identity policies
    decide (EV-01), and one allows. The answer the evaluator would give 16 times, for each
    of the thousands of roles a search reaches (tests/core/test_paths_large.py compares)."""
    if (policies.boundary is not None or policies.scps is not None
            or policies.session is not None):
        return False
    return not any(cs.deny for ap in policies.identity for action in _SAMPLE_LOWER
                   for cs in compiled(ap.policy).for_action(action))


_SAMPLE_LOWER = tuple(a.lower() for a in ADMIN_SAMPLE)


@lru_cache(maxsize=1)
def _allow_everything() -> Policy:
    """The policy an attacker would attach or put: every action on every resource."""
    document = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "*", "Resource": "*"}]}
    return parse_policy(document, PolicyType.IDENTITY)


@lru_cache(maxsize=1024)
def _trusting(principal_arn: str) -> Policy:
    """A trust policy letting only this principal assume the role (the backdoor's)."""
    document = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": principal_arn}, "Action": "sts:AssumeRole"}]}
    return parse_policy(document, PolicyType.TRUST)


def _with_mfa(me: Candidate) -> Candidate:
    """The same caller having signed in with its MFA device."""
    context = {**me.context, "aws:multifactorauthpresent": "true"}
    return dataclasses.replace(me, context=context, may_assume={})


def _member(user: User, group: Group) -> User:
    return dataclasses.replace(user, groups=[*user.groups, group.arn])
