"""Parsed policy documents: what the parser produces and the evaluator reads.

A `Policy` is immutable and keeps the document it came from (`raw`, JSON-shaped) so it can be
shown and saved exactly as written. `AttachedPolicy` is a policy in place: where it applies, a
label for explanations, and the principal bindings IAM stored when it was saved (TP-06).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class PolicyType(StrEnum):
    """The kinds of policy AWS evaluates, named as AccessDenied messages name them."""

    IDENTITY = "identity-based policy"
    RESOURCE = "resource-based policy"
    TRUST = "role trust policy"
    BOUNDARY = "permissions boundary"
    SESSION = "session policy"
    SCP = "service control policy"


class MalformedPolicyDocument(ValueError):
    """What IAM rejects; `path` names the place inside the document, e.g. `Statement[1].Effect`."""

    code = "MalformedPolicyDocument"

    def __init__(self, message: str, path: str = "") -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True, slots=True)
class PrincipalSpec:
    """The Principal/NotPrincipal element, normalised: `*` or a map of kind -> values.

    Kinds are `AWS`, `Service`, `Federated`, `CanonicalUser`. A bare `"*"` is `wildcard=True`
    (TP-02: `"*"` is the same as `{"AWS": "*"}`). AWS values are kept as written (account IDs,
    root ARNs, user/role/session ARNs); matching normalises account IDs to root ARNs.
    """

    wildcard: bool
    values: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class ConditionClause:
    """One operator + one key + its values, e.g. `StringEquals sts:ExternalId ["12345"]`.

    `operator` is the base operator without prefix or suffix (`StringEquals`), `set_op` is
    `ForAnyValue`/`ForAllValues`/None, `if_exists` marks `...IfExists` (CO-07). `key` is the key
    as written; `key_lower` is what lookups use (PL-10).
    """

    operator: str
    set_op: str | None
    if_exists: bool
    key: str
    key_lower: str
    values: tuple[str, ...]
    written_operator: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement. Exactly one of `actions`/`not_actions` is set (the other is None)."""

    index: int
    sid: str | None
    effect: str  # "Allow" | "Deny"
    principal: PrincipalSpec | None
    not_principal: PrincipalSpec | None
    actions: tuple[str, ...] | None
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    conditions: tuple[ConditionClause, ...]

    @property
    def label(self) -> str:
        """`Statement[2] "DenyDelete"`: how explanations name a statement."""
        return f'Statement[{self.index}] "{self.sid}"' if self.sid else f"Statement[{self.index}]"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Policy:
    """A parsed document of a given kind, and the JSON-shaped mapping it came from.

    Only what the document says: Access-Analyzer-style findings are a separate call
    (`lint.lint_policy`), and the evaluator's compiled form is cached beside the policy, keyed by
    it (`compiled.compiled`), built on first use."""

    kind: PolicyType
    version: str | None
    id: str | None
    statements: tuple[Statement, ...]
    raw: Mapping[str, Any]

    @property
    def variables_enabled(self) -> bool:
        """Policy variables are substituted only under Version 2012-10-17 (PL-01)."""
        return self.version == "2012-10-17"


@dataclass(frozen=True, slots=True)
class AttachedPolicy:
    """A policy where it applies: its type, a label for explanations, principal bindings.

    `bindings` maps a user/role ARN named in a Principal to the unique ID that entity had when
    the policy was saved; a caller whose entity has another unique ID does not match (TP-06).
    """

    policy: Policy
    type: PolicyType
    label: str
    arn: str | None = None
    bindings: Mapping[str, str] = field(default_factory=dict)
