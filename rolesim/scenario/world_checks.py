"""Checks on a built world that IAM makes when a document or name is saved: the quotas on
policy sizes (QT-02, QT-03, QT-06) and the naming rules (QT-01, rolesim.core.names).

A world holding what IAM would refuse to save would teach the wrong thing, so the loader
refuses it as an `update-trust` or `put-policy` step refuses it (with the same quota names).
AWS managed policies are AWS's own and are not subject to the customer quotas.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rolesim.core.arn import Arn, ArnError
from rolesim.core.names import arn_characters_problem, iam_entity_problem
from rolesim.core.policy.model import Policy
from rolesim.core.sts.admin import INLINE_LIMITS, TRUST_POLICY_LIMIT
from rolesim.core.sts.documents import compact_json, non_whitespace_length
from rolesim.core.world import World

Path = tuple[str | int, ...]
MANAGED_POLICY_LIMIT = 6144  # QT-03
SECTIONS = (("users", "user"), ("groups", "group"), ("roles", "role"))


def size(policy: Policy, known: dict[int, int] | None = None) -> int:
    """Characters IAM counts: the document without whitespace (QT-02, QT-03, TP-16).
    `known`: sizes by id(policy), for a caller that keeps the policies alive meanwhile
    (identical documents share one Policy: counted once)."""
    if known is None:
        return non_whitespace_length(compact_json(policy.raw))
    found = known.get(id(policy))
    if found is None:
        found = known[id(policy)] = non_whitespace_length(compact_json(policy.raw))
    return found


def text_bound(written: object, policy: Policy) -> int | None:
    """An upper bound of the size IAM counts for `policy`, parsed from `written`, when the
    text gives one for free: the length of JSON text that is printable ASCII without an
    escape or a float. Its compact form cannot be longer (json.dumps would escape non-ASCII
    and DEL, and may respell a float; it writes a key given twice once, an integer as
    written, and no whitespace). None otherwise. Counting the compact JSON costs ~10 us a
    document, and a 5,000-role world holds thousands, almost all far below their quotas."""
    if type(written) is not str or not written.isascii() or "\\" in written or (
            "\x7f" in written or ("Condition" in written and _holds_float(policy.raw))):
        return None
    return len(written)


def _holds_float(raw: Any) -> bool:
    """Whether a document that parsed holds a float: only a condition value may be a number
    (every other element is checked to be a string, a list of strings or null)."""
    statements = raw.get("Statement")
    for statement in statements if type(statements) is list else (statements,):
        condition = statement.get("Condition")
        if condition:
            for block in condition.values():
                for value in block.values():
                    if type(value) is not str and (type(value) is float or (
                            type(value) is list and float in map(type, value))):
                        return True
    return False


class _Sizes:
    """Sizes of the world's documents, each counted once (identical documents share one
    Policy, which the world keeps alive meanwhile): an upper bound where the written text
    gives one for free, the exact count where a quota needs it."""

    def __init__(self) -> None:
        self.exact: dict[int, int] = {}
        self.bounds: dict[int, int] = {}

    def over(self, policies: list[tuple[Policy, object]], limit: int) -> int | None:
        """The total size of `policies` (each with the document it was parsed from) when it
        is over `limit`, else None."""
        bounds = self.bounds
        total = 0
        for policy, written in policies:
            found = bounds.get(id(policy))
            if found is None:
                found = text_bound(written, policy)
                if found is None:
                    found = size(policy, self.exact)
                bounds[id(policy)] = found
            total += found
        if total <= limit:
            return None
        total = sum(size(policy, self.exact) for policy, _ in policies)
        return total if total > limit else None


_PLAIN_IAM_ARN = re.compile(r"arn:aws:iam::\d{12}:(?:user|role|group|instance-profile|policy)"
                            r"/[\w+=,.@-]{1,64}\Z", re.ASCII)
"""An IAM entity ARN without a path whose name is IAM's characters, at most 64 of them: no
rule can be broken (QT-01, the ARN characters). Most ARNs of a world are such."""


def arn_problem(text: str) -> str | None:
    """What breaks IAM's naming rules in an ARN of the world, or None."""
    if _PLAIN_IAM_ARN.match(text):
        return None
    try:
        arn = Arn.parse(text)
    except ArnError:
        return None  # reported as not an ARN elsewhere
    problem = arn_characters_problem(text, spaces=arn.service != "iam")
    if problem is not None or arn.service != "iam" or arn.account == "aws":
        return problem
    return iam_entity_problem(arn.resource_type, arn.resource)


def quota_problems(scenario: Any, world: World) -> Iterator[tuple[Path, str]]:
    """(key path, message) for every document over its IAM quota."""
    sizes = _Sizes()  # the world keeps every policy alive while this runs
    for i, spec in enumerate(scenario.policies):
        policy = world.policies.get(spec.arn)
        if policy is None or spec.arn.startswith("arn:aws:iam::aws:"):
            continue
        count = sizes.over([(policy.document, spec.document)], MANAGED_POLICY_LIMIT)
        if count is not None:
            yield (("policies", i, "document"),
                   f"LimitExceeded: Cannot exceed quota for PolicySize: {MANAGED_POLICY_LIMIT} "
                   f"({count} characters without whitespace; QT-03)")
    for section, kind in SECTIONS:
        entities: dict[str, Any] = getattr(world, section)
        for i, spec in enumerate(getattr(scenario, section)):
            entity = entities.get(spec.arn)
            if entity is None:
                continue
            if kind == "role" and entity.trust is not None:
                count = sizes.over([(entity.trust, spec.trust)], TRUST_POLICY_LIMIT)
                if count is not None:
                    yield (("roles", i, "trust"),
                           f"LimitExceeded: Cannot exceed quota for ACLSizePerRole: "
                           f"{TRUST_POLICY_LIMIT} ({count} characters without whitespace; "
                           "QT-06, TP-16)")
            written = spec.inline
            total = sizes.over([(p, written.get(name)) for name, p in entity.inline.items()],
                               INLINE_LIMITS[kind]) if entity.inline else None
            if total is not None:
                yield ((section, i, "inline"),
                       f"LimitExceeded: Maximum policy size of {INLINE_LIMITS[kind]} bytes "
                       f"exceeded for {kind} {spec.arn.rsplit('/', 1)[-1]} (its inline "
                       f"policies total {total} characters without whitespace; QT-02)")
