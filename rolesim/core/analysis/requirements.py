"""What a caller must bring to satisfy a trust statement's conditions, and in what words.

A condition on a key the caller controls (an external id, MFA, a session tag, a token claim,
a source identity, a session name...) is not a reason to leave the caller out: the analysis
proposes a value that satisfies it and says so ("external id 'X'"). Keys the caller does not
control (its ARN, its tags, the time) are left as the request context has them, so the
evaluator judges them as they stand. The proposal is then checked by the evaluator itself, so a
hop whose conditions can never all hold does not appear.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rolesim.core.clock import format_time
from rolesim.core.policy.model import ConditionClause
from rolesim.core.request import ContextValue

NEGATED = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals",
           "ArnNotLike", "NumericNotEquals", "DateNotEquals", "NotIpAddress", "BinaryNotEquals"}
OTHER = "rolesim-other-value"
_VARIABLE = re.compile(r"\$\{([^}]*)\}")

# Keys the caller of AssumeRole* decides, with how a requirement on each is worded.
CONTROLLED: dict[str, str] = {
    "sts:externalid": "external id",
    "sts:sourceidentity": "source identity",
    "aws:sourceidentity": "source identity",
    "sts:rolesessionname": "session name",
    "aws:multifactorauthpresent": "MFA",
    "aws:multifactorauthage": "MFA used within (seconds)",
    "aws:tagkeys": "session tag keys",
    "sts:transitivetagkeys": "transitive tag keys",
    "aws:sourcearn": "source ARN",
    "aws:sourceaccount": "source account",
    "aws:sourceip": "source IP",
    "aws:sourcevpc": "source VPC",
    "aws:sourcevpce": "source VPC endpoint",
}
CONTROLLED_PREFIXES = {"aws:requesttag/": "session tag", "saml:": "SAML attribute"}
TAG_KEYS = ("aws:requesttag/", "aws:tagkeys", "sts:transitivetagkeys")


@dataclass
class Proposal:
    """Context values to add to a request, and the requirement each stands for."""

    values: dict[str, ContextValue] = field(default_factory=dict)
    requires: list[str] = field(default_factory=list)
    impossible: bool = False
    session_tags: dict[str, str] = field(default_factory=dict)

    @property
    def tags(self) -> bool:
        return any(k.startswith(TAG_KEYS) for k in self.values)

    @property
    def source_identity(self) -> bool:
        return "sts:sourceidentity" in self.values

    @property
    def mfa(self) -> bool:
        return self.values.get("aws:multifactorauthpresent") == "true"


def describe_key(key_lower: str, written: str, claim_issuers: tuple[str, ...]) -> str | None:
    """How a requirement on this key is worded, or None when the caller does not control it."""
    if key_lower in CONTROLLED:
        return CONTROLLED[key_lower]
    for prefix, words in CONTROLLED_PREFIXES.items():
        if key_lower.startswith(prefix):
            return f"{words} {written[len(prefix):]}"
    for issuer in claim_issuers:
        if key_lower.startswith(issuer + ":"):
            return f"token claim {written[len(issuer) + 1:]}"
    return None


def _resolve(value: str, context: Mapping[str, ContextValue]) -> str | None:
    """`${aws:username}` and friends from the caller's context (PV-01); None if unset (PV-05)."""
    missing = False

    def sub(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1).strip()
        if name in ("*", "?", "$"):
            return name
        key, _, default = name.partition(",")
        found = context.get(key.strip().lower())
        if isinstance(found, str):
            return found
        if default.strip():
            return default.strip().strip("'")
        missing = True
        return ""

    out = _VARIABLE.sub(sub, value)
    return None if missing else out


def _sample(operator: str, value: str) -> str:
    """A concrete value the operator accepts for this policy value."""
    if operator in ("StringLike", "ArnLike", "ArnEquals"):
        return value.replace("*", "").replace("?", "x")
    if operator.startswith("Numeric"):
        try:
            number = float(value)
        except ValueError:
            return value
        delta = {"NumericLessThan": -1, "NumericGreaterThan": 1}.get(operator, 0)
        result = number + delta
        return str(int(result)) if result.is_integer() else str(result)
    if operator.startswith("Date"):
        from rolesim.core.policy.conditions import parse_date

        when = parse_date(value)
        if when is None:
            return value
        delta = {"DateLessThan": -1, "DateGreaterThan": 1}.get(operator, 0)
        return format_time(datetime.fromtimestamp(when, tz=UTC) + timedelta(seconds=delta))
    if operator in ("IpAddress",):
        return value.split("/", 1)[0]
    return value


def _words(operator: str, value: str) -> str:
    if operator == "Bool":
        return value
    if operator in ("StringLike", "ArnLike"):
        return f"matching '{value}'" if ("*" in value or "?" in value) else f"'{value}'"
    if operator == "IpAddress":
        return f"in {value}"
    if operator.startswith(("Numeric", "Date")):
        return f"{operator} {value}"
    return f"'{value}'"


PRINCIPAL_TAG = "aws:principaltag/"


def propose(clauses: tuple[ConditionClause, ...], context: Mapping[str, ContextValue],
            claim_issuers: tuple[str, ...] = (), session_tags: bool = False) -> Proposal:
    """Values for the caller-controlled keys of one statement's conditions. With
    `session_tags` (a role session calls) the caller's principal tags count as controlled too:
    the session could have been given them as session tags, which win over role tags (TAG-06)."""
    out = Proposal()
    for clause in clauses:
        what = describe_key(clause.key_lower, clause.key, claim_issuers)
        tag_key = ""
        if what is None and session_tags and clause.key_lower.startswith(PRINCIPAL_TAG):
            tag_key = clause.key[len(PRINCIPAL_TAG):]
            what = f"calling session tagged {tag_key}"
        if what is None:
            continue  # judged as the request context has it
        op = clause.operator
        if op == "Null":
            if clause.values and clause.values[0].lower() == "false":
                out.values[clause.key_lower] = OTHER
                out.requires.append(f"{what} (any value)")
            continue
        negated = op in NEGATED
        if clause.set_op == "ForAllValues" or (clause.if_exists and not negated) or (
                negated and clause.set_op != "ForAnyValue"):
            continue  # an absent key satisfies it (CO-07, CO-09, CO-12)
        if negated:
            out.values[clause.key_lower] = (OTHER,)
            continue
        if not clause.values:
            out.impossible = True
            continue
        raw = _resolve(clause.values[0], context)
        if raw is None:
            out.impossible = True
            continue
        sample = _sample(op, raw)
        value: ContextValue = (sample,) if clause.set_op == "ForAnyValue" else sample
        if clause.key_lower in ("aws:tagkeys", "sts:transitivetagkeys"):
            value = tuple(_sample(op, v) for v in clause.values)
        out.values[clause.key_lower] = value
        if context.get(clause.key_lower) == value:
            continue  # already so (the default SAML audience, a caller's own source identity)
        if clause.key_lower == "aws:multifactorauthpresent":
            out.requires.append("MFA" if sample.lower() == "true" else "no MFA")
        elif clause.key_lower == "aws:multifactorauthage":
            out.values["aws:multifactorauthpresent"] = "true"
            out.requires.append(f"MFA used within {raw} seconds")
        elif clause.key_lower in ("aws:tagkeys", "sts:transitivetagkeys"):
            out.requires.append(f"{what} {', '.join(clause.values)}")
        else:
            out.requires.append(f"{what} = {_words(op, raw)}")
            if tag_key and isinstance(value, str):
                out.session_tags[tag_key] = value
    return out
