"""Statements compiled for fast evaluation, and the per-policy action index.

Each statement's Action/NotAction becomes one matcher over the lower-cased action name (PL-05),
Resource/NotResource one case-sensitive matcher (PL-06, `*` spans `/`), conditions
`CompiledCondition`s, principals `CompiledPrincipal`s. A `CompiledPolicy` remembers, per action
name, which statements' Action element matches it, so a request touches only the statements
that could apply. Each distinct Action list, Resource list and Condition block is compiled once
and shared by every statement that repeats it (real accounts repeat them across policies), with
its result caches: their answers depend only on the part itself and the request. A policy is
compiled on first use (loading a world compiles nothing) and the result is cached beside it,
keyed by the policy object and dropped with it, so the frozen model stays as the parser made
it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any

from rolesim.core.decision import StatementRef
from rolesim.core.policy.conditions import CompiledCondition, ContextMap
from rolesim.core.policy.model import ConditionClause, Policy, PolicyType, Statement
from rolesim.core.policy.principals import CompiledPrincipal
from rolesim.core.policy.variables import ResolvedTemplate, has_variables, parse_template
from rolesim.core.policy.wildcard import Matcher, compile_any, compile_glob, to_pattern

ACTION_CACHE_LIMIT = 24576  # more than the catalogue's ~20,500 actions
RESOURCE_CACHE_LIMIT = 1024


class CompiledStatement:
    __slots__ = (
        "action_by_service",
        "action_matcher",
        "allow",
        "allowed_by",
        "conditions",
        "deny",
        "negate_action",
        "negate_resource",
        "not_principal",
        "principal",
        "refs",
        "resource_any",
        "resource_cache",
        "resource_fast",
        "resource_matcher",
        "resource_templates",
        "services",
        "statement",
    )

    def __init__(self, statement: Statement, variables_enabled: bool) -> None:
        self.statement = statement
        self.allow = statement.effect == "Allow"
        self.deny = not self.allow
        actions, not_actions = statement.actions, statement.not_actions
        # the part caches read inline: this runs once per statement of every policy used
        part = _ACTION_PARTS.get((actions, not_actions))
        if part is None:
            part = _action_part(actions, not_actions)
        (self.action_matcher, self.negate_action, self.services,
         self.action_by_service) = part
        resources, not_resources = statement.resources, statement.not_resources
        negate = resources is None and not_resources is not None
        if negate:
            resources = not_resources
        found = _RESOURCE_PARTS.get((resources, negate, variables_enabled))
        if found is None:
            found = _resource_part(resources, negate, variables_enabled)
        (self.negate_resource, self.resource_any, self.resource_matcher,
         self.resource_templates, self.resource_fast, self.resource_cache) = found
        self.refs: dict[tuple[str, PolicyType, str | None], StatementRef] | None = None
        """Per place (label, type, ARN): the statement there, made when first named."""
        self.allowed_by: dict[tuple[str, PolicyType, str | None],
                              tuple[tuple[StatementRef], str]] | None = None
        """Per place where this Allow alone decides the common allow: the decision's deciding
        statements and reason, made once (the evaluator's fast path). Both tables are made
        when first needed: most statements of a world never decide anything."""
        clauses = statement.conditions
        if clauses:
            key = (_block_key(clauses), variables_enabled)
            conditions = _CONDITION_PARTS.get(key)
            self.conditions = (conditions if conditions is not None
                               else _conditions(clauses, key))
        else:
            self.conditions = ()
        self.principal = CompiledPrincipal(statement.principal) if statement.principal else None
        self.not_principal = (CompiledPrincipal(statement.not_principal)
                              if statement.not_principal else None)

    def action_matches(self, action_lower: str) -> bool:
        return self.action_matcher(action_lower) != self.negate_action

    def resource_matches(self, resource: str, context: ContextMap) -> bool:
        """PV-05: a Resource whose variable has no value matches nothing."""
        if self.resource_any:
            return True
        hit = self.resource_matcher(resource)
        if not hit:
            for template in self.resource_templates:
                matcher = template.get(context)
                if matcher is not None and matcher(resource):
                    hit = True
                    break
        return hit != self.negate_resource

    def conditions_hold(self, context: ContextMap) -> bool:
        for condition in self.conditions:  # noqa: SIM110 - a plain loop is faster here
            if not condition.evaluate(context):
                return False
        return True


ActionPart = tuple[Matcher, bool, frozenset[str] | None, bool]
ResourcePart = tuple[bool, bool, Matcher, tuple[ResolvedTemplate[Matcher], ...], Matcher | None,
                     dict[str, bool]]
PARTS_KEPT = 16384
"""Distinct Action lists, Resource lists and Condition blocks kept compiled (each table is
emptied when it reaches this; statements compiled before keep what they were given)."""
_ACTION_PARTS: dict[tuple[tuple[str, ...] | None, tuple[str, ...] | None], ActionPart] = {}
_RESOURCE_PARTS: dict[tuple[tuple[str, ...] | None, bool, bool], ResourcePart] = {}
ConditionsKey = tuple[Any, bool]
"""A Condition block's fields (`_block_key`) and the variables setting."""
_CONDITION_PARTS: dict[ConditionsKey, tuple[CompiledCondition, ...]] = {}


def _action_part(actions: tuple[str, ...] | None,
                 not_actions: tuple[str, ...] | None) -> ActionPart:
    """The matcher of an Action/NotAction list, whether it is negated, the services it can
    match and whether its answer depends on an action's service alone, compiled once per
    distinct list: real accounts repeat the same lists across policies."""
    key = (actions, not_actions)
    found = _ACTION_PARTS.get(key)
    if found is None:
        written = actions if actions is not None else not_actions
        found = (compile_any(tuple(to_pattern(a.lower()) for a in written or ())),
                 actions is None, _service_prefixes(actions), _by_service_alone(written))
        _keep(_ACTION_PARTS, key, found)
    return found


def _by_service_alone(written: tuple[str, ...] | None) -> bool:
    """Whether the list is all `*` and `service:*` patterns (`s3:*`, the NotAction
    `["s3:*", "iam:*"]`): then it matches every action of a service or none, and its answer
    for `service:` is its answer for each (for an action with a colon: `s3` alone is not
    matched by `s3:*`)."""
    if not written:
        return False
    for pattern in written:
        if pattern == "*":
            continue
        service, sep, rest = pattern.partition(":")
        if not sep or rest != "*" or not service or "*" in service or "?" in service:
            return False
    return True


def _resource_part(resources: tuple[str, ...] | None, negate: bool,
                   variables_enabled: bool) -> ResourcePart:
    """A Resource (or, `negate`, NotResource) list compiled once per distinct list and
    variables setting: (negated, matches any, static matcher, variable templates, the
    evaluator's fast matcher or None, the per-ARN result cache). The cache is shared by every
    statement with this list, which is sound because a result depends only on the list and
    the ARN."""
    key = (resources, negate, variables_enabled)
    found = _RESOURCE_PARTS.get(key)
    if found is None:
        found = _compile_resources(resources, negate, variables_enabled)
        _keep(_RESOURCE_PARTS, key, found)
    return found


def _compile_resources(resources: tuple[str, ...] | None, negate: bool,
                       variables_enabled: bool) -> ResourcePart:
    resource_any = resources is None or (not negate and "*" in resources)
    templates: list[ResolvedTemplate[Matcher]] = []
    statics: list[str] = []
    for text in resources or ():
        if variables_enabled and "${" in text:
            template = _resource_template(text)
            if has_variables(template):
                templates.append(ResolvedTemplate(template, to_pattern, compile_glob))
                continue
        statics.append(to_pattern(text))
    matcher: Matcher = compile_any(tuple(statics)) if statics else _never
    # The common case, checked inline by the evaluator: plain Resource, no variables.
    fast = matcher if not resource_any and not templates and not negate else None
    return negate, resource_any, matcher, tuple(templates), fast, {}


def _conditions(clauses: tuple[ConditionClause, ...],
                key: ConditionsKey) -> tuple[CompiledCondition, ...]:
    """A statement's Condition block compiled once per distinct block (`key`: its clauses'
    fields and the variables setting). Sharing is sound: a compiled clause's answer (and its
    per-value cache) depends only on the clause, the variables setting and the request
    context."""
    found = _CONDITION_PARTS.get(key)
    if found is None:
        found = tuple(CompiledCondition(c, key[1]) for c in clauses)
        _keep(_CONDITION_PARTS, key, found)
    return found


def _block_key(clauses: tuple[ConditionClause, ...]) -> Any:
    """A Condition block as the fields of its clauses, in order: equal exactly when the
    clauses are (what ConditionClause's own `==` compares), and hashed and compared in C,
    where the clauses themselves would call their Python `__hash__` and `__eq__`."""
    if len(clauses) == 1:
        c = clauses[0]
        return (c.operator, c.set_op, c.if_exists, c.key, c.key_lower, c.values,
                c.written_operator)
    return tuple([(c.operator, c.set_op, c.if_exists, c.key, c.key_lower, c.values,
                   c.written_operator) for c in clauses])


def _keep(table: dict[Any, Any], key: Any, value: Any) -> None:
    if len(table) >= PARTS_KEPT:
        table.clear()
    table[key] = value


def resource_template(text: str, variables_enabled: bool) -> tuple[Any, ...]:
    """A Resource or NotResource text as the evaluator reads it: literal pieces and the
    variables it substitutes (none under a policy version without variables, PL-01)."""
    return _resource_template(text) if variables_enabled else (text,)


def _resource_template(text: str) -> tuple[Any, ...]:
    """PV-02 and what AWS does: variables are substituted in the account field and the
    resource part of an ARN; in the partition, service and region `${...}` is literal text.
    The IAM User Guide (PV-02) says only the resource part, after the fifth colon, but AWS's
    own managed policy AmazonTimestreamInfluxDBServiceRolePolicy grants on
    `arn:*:kms:*:${aws:PrincipalAccount}:key/*`, which only works when the account field is
    substituted. Colons inside `${...}` (`${aws:PrincipalAccount}`) separate no fields."""
    if "${" not in text:
        return (text,)
    colons = _field_colons(text)
    if len(colons) < 5 or "${" not in text[colons[3] + 1:]:
        return (text,)
    cut = colons[3] + 1
    return (text[:cut], *parse_template(text[cut:]))


def _field_colons(text: str) -> list[int]:
    """Where the colons that separate an ARN's fields are: not those inside `${...}`."""
    found: list[int] = []
    depth = 0
    for i, char in enumerate(text):
        if char == "$" and text.startswith("${", i):
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == ":" and not depth:
            found.append(i)
    return found


def _never(value: str) -> bool:
    return False


def _service_prefixes(actions: tuple[str, ...] | None) -> frozenset[str] | None:
    """The service prefixes an Action element can match, or None when it may match any
    service (NotAction, `*`, or a wildcard in the prefix)."""
    if actions is None:
        return None
    prefixes = set()
    for action in actions:
        prefix, sep, _ = action.lower().partition(":")
        if not sep or "*" in prefix or "?" in prefix:
            return None
        prefixes.add(prefix)
    return frozenset(prefixes)


Entry = tuple[CompiledStatement, Matcher, bool]
"""A statement with its action matcher and whether it is a NotAction, as `for_action` tries it."""


class CompiledPolicy:
    """Statements plus an index by service prefix and a cache of per-action candidates."""

    __slots__ = ("by_action", "generic", "owner", "pools", "reader", "statements")

    def __init__(self, policy: Policy) -> None:
        # No reference to `policy` itself: the cache entry must not keep it alive.
        enabled = policy.variables_enabled
        self.owner: weakref.ref[Policy] | None = None
        made = []
        pools: dict[str, list[Entry]] = {}
        generics: list[Entry] = []
        # One pass in statement order makes every service's pool: its own statements and the
        # generic ones (NotAction, `*`), already in statement order (no sort): a generic
        # statement joins every pool made so far, and a pool made later starts with the
        # generic ones before it.
        for st in policy.statements:
            cs = CompiledStatement(st, enabled)
            made.append(cs)
            entry = (cs, cs.action_matcher, cs.negate_action)
            services = cs.services
            if services is None:
                generics.append(entry)
                for others in pools.values():
                    others.append(entry)
            else:
                for prefix in services:
                    pool = pools.get(prefix)
                    if pool is None:
                        pools[prefix] = [*generics, entry]
                    else:
                        pool.append(entry)
        self.statements = tuple(made)
        self.by_action: dict[str, tuple[CompiledStatement, ...]] = {}
        self.pools = pools
        """Per service prefix, the statements an action of that service may match (its own
        and the generic ones), as (statement, action matcher, negated) in statement order."""
        self.generic = generics
        """The pool of a service no statement names."""
        self.reader = 0
        """The id of the first caller's plans that read this policy (the evaluator's
        `_pooled_split`): `by_action` is filled for identity plans only once another's do."""

    def for_action(self, action_lower: str) -> tuple[CompiledStatement, ...]:
        """The statements whose Action/NotAction element matches (cached per action)."""
        found = self.by_action.get(action_lower)
        if found is None:
            prefix = SERVICE_OF.get(action_lower)
            if prefix is None:
                prefix = service_of(action_lower)
            pool = self.pools.get(prefix)
            if pool is None:
                pool = self.generic
            if pool:
                # the matchers called directly, in a plain loop: this runs once per action per
                # policy (~35 times for each policy of a session) over a few statements
                hits = []
                for cs, matches, negated in pool:
                    if matches(action_lower) != negated:
                        hits.append(cs)
                found = tuple(hits)
            else:
                found = ()
            if len(self.by_action) >= ACTION_CACHE_LIMIT:
                self.by_action.clear()
            self.by_action[action_lower] = found
        return found


SERVICE_OF: dict[str, str] = {}
"""Action name -> its service prefix, shared by every policy: one lookup instead of a
`partition` (and hashing its new string) per action per policy."""


def service_of(action_lower: str) -> str:
    prefix = action_lower.partition(":")[0]
    if len(SERVICE_OF) >= ACTION_CACHE_LIMIT:
        SERVICE_OF.clear()
    SERVICE_OF[action_lower] = prefix
    return prefix


_CACHE: dict[int, CompiledPolicy] = {}
"""Compiled forms by `id(policy)`; an entry is removed when its policy is garbage (the weak
reference's callback runs before the id can be reused)."""


def compiled(policy: Policy) -> CompiledPolicy:
    """The compiled form of a policy, built on first use and kept while the policy lives."""
    key = id(policy)
    found = _CACHE.get(key)
    if found is None:
        found = CompiledPolicy(policy)
        # dropped when the policy dies, before its id can be reused: a weak reference kept by
        # the entry itself (cheaper than weakref.finalize, which keeps a registry)
        found.owner = weakref.ref(policy, _forget(key))
        _CACHE[key] = found
    return found


_CACHE_POP = _CACHE.pop


def _forget(key: int) -> Callable[[weakref.ref[Policy]], None]:
    """The callback that drops the entry of the policy whose id is `key`. It keeps the cache's
    `pop` itself: a policy that dies while the interpreter shuts down may outlive the
    module's globals (then `_CACHE` reads None)."""
    pop = _CACHE_POP

    def forget(_dead: weakref.ref[Policy]) -> None:
        pop(key, None)

    return forget


def statement_applies(cs: CompiledStatement, resource: str,
                      context: Mapping[str, str | tuple[str, ...]]) -> bool:
    """Resource and conditions (the action was matched by the index; principals separately)."""
    return cs.resource_matches(resource, context) and cs.conditions_hold(context)
