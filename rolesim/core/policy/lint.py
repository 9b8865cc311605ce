"""Warnings in the manner of IAM Access Analyzer: the document is valid, but probably wrong.

* an unknown service prefix or action (from the action catalogue, when it is available);
* `"*"` principal in a trust policy with no condition (TP-04, DC-01);
* `ForAllValues` in an Allow without a `Null ... false` guard on the same key (CO-12);
* policy variables in a policy without Version 2012-10-17: taken literally (PL-01);
* `NotPrincipal` with Allow (PL-09); Allow + `NotResource` + `Action "*"` (PL-08);
* a set operator on a single-valued global key, or a multivalued key without one (CO-13);
* a policy variable where it is taken literally: in a Numeric/Date/Bool/Binary/IP/Null value or
  outside the resource part of an ARN (PV-02).
"""

from __future__ import annotations

from typing import Any

from rolesim.core.policy.model import Policy, PolicyType, PolicyWarning, Statement

MULTIVALUED_KEYS = frozenset({
    "aws:tagkeys", "aws:calledvia", "aws:principalorgpaths", "aws:principalservicenameslist",
    "cognito-identity.amazonaws.com:amr", "aws:sourcevpcarn",
})
VARIABLE_FAMILIES = ("string", "arn")
TRUST_ACTIONS = ("sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
                 "sts:tagsession", "sts:setsourceidentity", "sts:setcontext")


def _catalog() -> Any | None:
    """The action catalogue, or None when its data file cannot be read."""
    from rolesim.core.catalog import get_catalog

    try:
        return get_catalog()
    except Exception:  # a missing data file must not make policies unparseable
        return None


def _action_warnings(st: Statement, path: str, catalog: Any) -> list[PolicyWarning]:
    out: list[PolicyWarning] = []
    field = "Action" if st.actions is not None else "NotAction"
    for action in st.actions or st.not_actions or ():
        if action == "*":
            continue
        prefix, _, name = action.partition(":")
        try:
            if "*" in prefix or "?" in prefix:
                continue
            if catalog.service(prefix) is None:
                out.append(PolicyWarning(f"{path}.{field}",
                                         f"unknown service {prefix!r} in {action!r}"))
            elif "*" in name or "?" in name:
                if not catalog.mask(action):
                    out.append(PolicyWarning(f"{path}.{field}",
                                             f"{action!r} matches no action of {prefix}"))
            elif catalog.action(action) is None:
                out.append(PolicyWarning(f"{path}.{field}", f"unknown action {action!r}"))
        except Exception:
            return out
    return out


def _uses_variables(st: Statement) -> bool:
    texts = list(st.resources or ()) + list(st.not_resources or ())
    for clause in st.conditions:
        texts.extend(clause.values)
    return any("${" in t for t in texts)


def lint_policy(policy: Policy) -> tuple[PolicyWarning, ...]:
    out: list[PolicyWarning] = []
    catalog = _catalog()
    for st in policy.statements:
        path = f"Statement[{st.index}]"
        if catalog is not None:
            out.extend(_action_warnings(st, path, catalog))
        if policy.kind is PolicyType.TRUST:
            wide_open = st.principal and st.principal.wildcard and not st.conditions
            if wide_open and st.effect == "Allow":
                out.append(PolicyWarning(
                    f"{path}.Principal",
                    '"*" principal with no condition: anyone in any account may assume this role '
                    "(add aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId, TP-04)"))
            for action in st.actions or ():
                low = action.lower()
                if "*" not in low and "?" not in low and low not in TRUST_ACTIONS:
                    out.append(PolicyWarning(
                        f"{path}.Action", f"{action!r} is not a trust-policy action (TP-17)"))
        if st.effect == "Allow":
            guarded = {c.key_lower for c in st.conditions
                       if c.operator == "Null" and "false" in (v.lower() for v in c.values)}
            for c in st.conditions:
                if c.set_op == "ForAllValues" and c.key_lower not in guarded:
                    out.append(PolicyWarning(
                        f"{path}.Condition.{c.written_operator}.{c.key}",
                        "ForAllValues in an Allow is true when the key is missing or empty; add "
                        f'"Null": {{"{c.key}": "false"}} (CO-12)'))
            if st.not_principal is not None:
                out.append(PolicyWarning(f"{path}.NotPrincipal",
                                         "NotPrincipal with Allow is discouraged (PL-09)"))
            if st.not_resources is not None and st.actions is not None and "*" in st.actions:
                out.append(PolicyWarning(
                    f"{path}.NotResource",
                    'Allow with Action "*" and NotResource grants almost everything (PL-08)'))
        out.extend(_condition_warnings(st, path))
        if policy.variables_enabled:
            out.extend(_variable_warnings(st, path))
        if not policy.variables_enabled and _uses_variables(st):
            out.append(PolicyWarning(
                path,
                'policy variables are taken literally without "Version": "2012-10-17" (PL-01)'))
    return tuple(out)


def _condition_warnings(st: Statement, path: str) -> list[PolicyWarning]:
    from rolesim.core.policy.conditions import OPERATORS

    out: list[PolicyWarning] = []
    for c in st.conditions:
        where = f"{path}.Condition.{c.written_operator}.{c.key}"
        multivalued = c.key_lower in MULTIVALUED_KEYS
        if c.set_op and not multivalued and c.key_lower.startswith("aws:"):
            out.append(PolicyWarning(
                where, f"{c.set_op} on the single-valued key {c.key}: use the operator without "
                       "a set qualifier (CO-13)"))
        elif multivalued and not c.set_op and c.operator != "Null":
            out.append(PolicyWarning(
                where, f"{c.key} is multivalued: qualify the operator with ForAnyValue: or "
                       "ForAllValues: (CO-13)"))
        spec = OPERATORS.get(c.operator)
        if spec is not None and spec.family not in VARIABLE_FAMILIES and any(
                "${" in v for v in c.values):
            out.append(PolicyWarning(
                where, f"policy variables are not substituted in {c.operator} values; "
                       "this one is compared literally (PV-02)"))
    return out


def _variable_warnings(st: Statement, path: str) -> list[PolicyWarning]:
    out: list[PolicyWarning] = []
    for field, values in (("Resource", st.resources), ("NotResource", st.not_resources)):
        for value in values or ():
            head = value.split(":", 5)[:5]
            if "${" in ":".join(head):
                out.append(PolicyWarning(
                    f"{path}.{field}",
                    f"{value}: policy variables work only in the resource part of an ARN "
                    "(after the fifth colon); here it is literal text (PV-02)"))
    return out
