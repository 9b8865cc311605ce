"""Statements compiled for fast evaluation, and the per-policy action index.

Each statement's Action/NotAction becomes one matcher over the lower-cased action name (PL-05),
Resource/NotResource one case-sensitive matcher (PL-06, `*` spans `/`), conditions
`CompiledCondition`s, principals `CompiledPrincipal`s. A `CompiledPolicy` remembers, per action
name, which statements' Action element matches it, so a request touches only the statements
that could apply. The compiled form hangs off `Policy.compiled` (set at parse time, or on
first use for a Policy built by hand).
"""

from __future__ import annotations

from collections.abc import Mapping

from rolesim.core.policy.conditions import CompiledCondition, ContextMap
from rolesim.core.policy.model import Policy, Statement
from rolesim.core.policy.principals import CompiledPrincipal
from rolesim.core.policy.variables import Template, has_variables, parse_template, resolve_pattern
from rolesim.core.policy.wildcard import Matcher, compile_any, glob_match, to_pattern

ACTION_CACHE_LIMIT = 8192


class CompiledStatement:
    __slots__ = ("action_matcher", "allow", "conditions", "deny", "negate_action",
                 "negate_resource", "not_principal", "principal", "resource_any",
                 "resource_matcher", "resource_templates", "statement")

    def __init__(self, statement: Statement, variables_enabled: bool) -> None:
        self.statement = statement
        self.allow = statement.effect == "Allow"
        self.deny = not self.allow
        actions = statement.actions if statement.actions is not None else statement.not_actions
        self.negate_action = statement.actions is None
        self.action_matcher: Matcher = compile_any(
            tuple(to_pattern(a.lower()) for a in actions or ()))
        resources = (statement.resources if statement.resources is not None
                     else statement.not_resources)
        self.negate_resource = statement.resources is None and statement.not_resources is not None
        self.resource_any = resources is None or (not self.negate_resource and "*" in resources)
        templates: list[Template] = []
        statics: list[str] = []
        for text in resources or ():
            template = parse_template(text) if variables_enabled else (text,)
            if has_variables(template):
                templates.append(template)
            else:
                statics.append(to_pattern(text))
        self.resource_matcher: Matcher = compile_any(tuple(statics)) if statics else _never
        self.resource_templates = tuple(templates)
        self.conditions = tuple(
            CompiledCondition(c, variables_enabled) for c in statement.conditions)
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
                pattern = resolve_pattern(template, context)
                if pattern is not None and glob_match(pattern, resource):
                    hit = True
                    break
        return hit != self.negate_resource

    def conditions_hold(self, context: ContextMap) -> bool:
        for condition in self.conditions:  # noqa: SIM110 - a plain loop is faster here
            if not condition.evaluate(context):
                return False
        return True


def _never(value: str) -> bool:
    return False


class CompiledPolicy:
    __slots__ = ("_by_action", "policy", "statements")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        enabled = policy.variables_enabled
        self.statements = tuple(CompiledStatement(st, enabled) for st in policy.statements)
        self._by_action: dict[str, tuple[CompiledStatement, ...]] = {}

    def for_action(self, action_lower: str) -> tuple[CompiledStatement, ...]:
        """The statements whose Action/NotAction element matches (cached per action)."""
        found = self._by_action.get(action_lower)
        if found is None:
            found = tuple(cs for cs in self.statements if cs.action_matches(action_lower))
            if len(self._by_action) >= ACTION_CACHE_LIMIT:
                self._by_action.clear()
            self._by_action[action_lower] = found
        return found


def compiled(policy: Policy) -> CompiledPolicy:
    """The compiled form of a policy, built once."""
    found = policy.compiled
    if found is None:
        found = CompiledPolicy(policy)
        object.__setattr__(policy, "compiled", found)
    assert isinstance(found, CompiledPolicy)
    return found


def statement_applies(cs: CompiledStatement, resource: str,
                      context: Mapping[str, str | tuple[str, ...]]) -> bool:
    """Resource and conditions (the action was matched by the index; principals separately)."""
    return cs.resource_matches(resource, context) and cs.conditions_hold(context)
