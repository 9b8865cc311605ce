"""Parsed policies said in plain words, for the detail panel and the editor's summary.

Only wording: it reads the parsed `Policy` the core produced and decides nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rolesim.core.arn import Arn, ArnError
from rolesim.core.policy.model import ConditionClause, Policy, PolicyType, PrincipalSpec, Statement

OPERATOR_WORDS = {
    "StringEquals": "is", "StringNotEquals": "is not",
    "StringEqualsIgnoreCase": "is (any case)", "StringNotEqualsIgnoreCase": "is not (any case)",
    "StringLike": "matches", "StringNotLike": "does not match",
    "NumericEquals": "=", "NumericNotEquals": "≠", "NumericLessThan": "<",
    "NumericLessThanEquals": "≤", "NumericGreaterThan": ">", "NumericGreaterThanEquals": "≥",
    "DateEquals": "is", "DateNotEquals": "is not", "DateLessThan": "is before",
    "DateLessThanEquals": "is at or before", "DateGreaterThan": "is after",
    "DateGreaterThanEquals": "is at or after", "Bool": "is", "BinaryEquals": "is",
    "IpAddress": "is in", "NotIpAddress": "is not in", "ArnEquals": "is", "ArnLike": "matches",
    "ArnNotEquals": "is not", "ArnNotLike": "does not match",
}


def _quote_all(values: Sequence[str]) -> str:
    quoted = [f'"{v}"' for v in values]
    return quoted[0] if len(quoted) == 1 else "one of " + ", ".join(quoted)


def condition_in_words(clause: ConditionClause) -> str:
    """`sts:ExternalId is "x"`, `aws:MultiFactorAuthPresent is absent`, ..."""
    if clause.operator == "Null":
        absent = [v.lower() == "true" for v in clause.values]
        return f"{clause.key} is {'absent' if all(absent) else 'present'}"
    words = OPERATOR_WORDS.get(clause.operator, clause.written_operator)
    subject = clause.key
    if clause.set_op == "ForAnyValue":
        subject = f"any value of {clause.key}"
    elif clause.set_op == "ForAllValues":
        subject = f"every value of {clause.key}"
    text = f"{subject} {words} {_quote_all(clause.values)}"
    return text + " (or the key is absent)" if clause.if_exists else text


def account_words(account: str, names: Mapping[str, str]) -> str:
    return f"account {account_with_alias(account, names)}"


def account_with_alias(account: str, names: Mapping[str, str]) -> str:
    """`222222222222 (production)`, or the ID alone when the account has no alias."""
    name = names.get(account)
    return f"{account} ({name})" if name else account


def _aws_principal(value: str, role_account: str | None, names: Mapping[str, str],
                   trust: bool) -> str:
    if value == "*":
        return "anyone in any AWS account"
    account = value if value.isdigit() else ""
    try:
        parsed = Arn.parse(value) if not account else None
    except ArnError:
        return f"the principal {value!r}"
    if parsed is not None and parsed.resource == "root":
        account = parsed.account
    if account:
        own = " whose own policies allow sts:AssumeRole" if trust else \
              " whose own policies allow it"
        return f"any principal in {account_words(account, names)}{own}"
    assert parsed is not None
    where = account_words(parsed.account, names)
    kind = parsed.resource_type
    also = ""
    if role_account and parsed.account != role_account:
        also = " (its own policies must allow it too: another account)"
    if kind == "assumed-role":
        pieces = parsed.resource.split("/")
        return f"the session {pieces[-1]} of role {pieces[1]} in {where}{also}"
    if kind in ("user", "role", "federated-user"):
        return f"the {kind.replace('-', ' ')} {parsed.name} in {where}{also}"
    return f"{value}{also}"


def principals_in_words(spec: PrincipalSpec, role_account: str | None = None,
                        names: Mapping[str, str] | None = None, trust: bool = True) -> list[str]:
    names = names or {}
    if spec.wildcard:
        return ["anyone in any AWS account (narrow it with conditions)"]
    out: list[str] = []
    for kind, values in spec.values.items():
        for value in values:
            if kind == "AWS":
                out.append(_aws_principal(value, role_account, names, trust))
            elif kind == "Service":
                out.append(f"the AWS service {value}")
            elif kind == "Federated":
                provider = value.split(":", 5)[-1]
                out.append(f"users signed in through the identity provider {provider}")
            else:
                out.append(f"{kind} {value}")
    return out


def _some(items: Sequence[str], limit: int = 8) -> str:
    """All of a short list; the first few of a long one (ReadOnlyAccess lists hundreds)."""
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit - 2])} and {len(items) - (limit - 2)} more"


def _actions(statement: Statement) -> str:
    if statement.not_actions is not None:
        return "every action except " + _some(statement.not_actions)
    actions = statement.actions or ()
    return "every action" if actions == ("*",) else _some(actions)


def _resources(statement: Statement) -> str:
    if statement.not_resources is not None:
        return " on every resource except " + _some(statement.not_resources)
    resources = statement.resources
    if not resources:
        return ""
    return " on any resource" if resources == ("*",) else " on " + _some(resources)


def statement_in_words(statement: Statement, kind: PolicyType, role_account: str | None = None,
                       names: Mapping[str, str] | None = None) -> str:
    verb = "Allows" if statement.effect == "Allow" else "Denies"
    trust = kind is PolicyType.TRUST
    who = ""
    if statement.principal is not None:
        who = " " + " or ".join(principals_in_words(statement.principal, role_account, names,
                                                    trust))
    elif statement.not_principal is not None:
        who = " everyone except " + " or ".join(
            principals_in_words(statement.not_principal, role_account, names, trust))
    what = _actions(statement)
    text = f"{verb}{who} {'to call ' if who else ''}{what}{_resources(statement)}"
    if statement.conditions:
        text += ", only when " + " and ".join(condition_in_words(c) for c in statement.conditions)
    return f"{statement.label}: {text}."


def policy_in_words(policy: Policy, role_account: str | None = None,
                    names: Mapping[str, str] | None = None) -> list[str]:
    """One sentence per statement; for a trust policy, who may assume the role and how."""
    if not policy.statements:
        return ["No statements: it allows nothing."]
    return [statement_in_words(s, policy.kind, role_account, names) for s in policy.statements]


def trust_in_words(policy: Policy, role_account: str,
                   names: Mapping[str, str] | None = None) -> list[str]:
    """`trusts any principal in account 222222222222 whose own policies allow
    sts:AssumeRole`, one line per allowing statement, then the denies."""
    lines: list[str] = []
    for statement in policy.statements:
        if statement.principal is None and statement.not_principal is None:
            continue
        sentence = statement_in_words(statement, policy.kind, role_account, names)
        label, _, rest = sentence.partition(": ")
        if statement.effect == "Allow" and statement.principal is not None:
            who = " or ".join(principals_in_words(statement.principal, role_account, names))
            rest = f"Trusts {who}"
            if statement.actions != ("sts:AssumeRole",):
                rest += f" to call {_actions(statement)}"
            if statement.conditions:
                rest += ", only when " + " and ".join(
                    condition_in_words(c) for c in statement.conditions)
            rest += "."
        lines.append(f"{label}: {rest}")
    return lines or ["Trusts no one: no statement names a principal."]


def managed_policy_words(arn: str, limit: int = 1) -> str:
    """A managed policy in a few lines of words (an AWS managed one read from the shipped
    data): what the policy picker shows for the highlighted policy."""
    from rolesim.core.managed import aws_managed_policy

    policy = aws_managed_policy(arn)
    if policy is None:
        return "Defined in this world: select it in the tree to read it."
    lines = policy_in_words(policy, None, {})
    more = (f" (and {len(lines) - limit} more statement{'s' if len(lines) - limit > 1 else ''})"
            if len(lines) > limit else "")
    return "\n".join(f"In words: {line}" for line in lines[:limit]) + more
