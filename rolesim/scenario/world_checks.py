"""Checks on a built world that IAM makes when a document or name is saved: the quotas on
policy sizes (QT-02, QT-03, QT-06) and the naming rules (QT-01, rolesim.core.names).

A world holding what IAM would refuse to save would teach the wrong thing, so the loader
refuses it as an `update-trust` or `put-policy` step refuses it (with the same quota names).
AWS managed policies are AWS's own and are not subject to the customer quotas.
"""

from __future__ import annotations

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


def arn_problem(text: str) -> str | None:
    """What breaks IAM's naming rules in an ARN of the world, or None."""
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
    known: dict[int, int] = {}  # the world keeps every policy alive while this runs
    for i, spec in enumerate(scenario.policies):
        policy = world.policies.get(spec.arn)
        if policy is None or spec.arn.startswith("arn:aws:iam::aws:"):
            continue
        count = size(policy.document, known)
        if count > MANAGED_POLICY_LIMIT:
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
                count = size(entity.trust, known)
                if count > TRUST_POLICY_LIMIT:
                    yield (("roles", i, "trust"),
                           f"LimitExceeded: Cannot exceed quota for ACLSizePerRole: "
                           f"{TRUST_POLICY_LIMIT} ({count} characters without whitespace; "
                           "QT-06, TP-16)")
            total = sum(size(p, known) for p in entity.inline.values())
            if total > INLINE_LIMITS[kind]:
                yield ((section, i, "inline"),
                       f"LimitExceeded: Maximum policy size of {INLINE_LIMITS[kind]} bytes "
                       f"exceeded for {kind} {spec.arn.rsplit('/', 1)[-1]} (its inline "
                       f"policies total {total} characters without whitespace; QT-02)")
