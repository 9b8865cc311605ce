"""The policy linter: IAM Access Analyzer-style findings on documents IAM accepts.

`lint_policy(policy_or_document, kind, catalog)` returns findings, each with a stable code, a
severity (error / warning / info), the JSON path it points at and a message. The codes,
severities and message templates are data (`findings.toml`); each check is a small function
keyed by its code (`checks.py`). Parsing does not lint (`parse_policy` only parses): callers
that want findings call this, handing in the action catalogue (None skips the checks that
need it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rolesim.core.lint.spec import Finding, FindingSpec, Severity, finding_specs, make_finding
from rolesim.core.policy.model import Policy, PolicyType

__all__ = ["Finding", "FindingSpec", "Severity", "finding_specs", "lint_policy"]


def lint_policy(policy_or_document: Policy | str | Mapping[str, Any], kind: PolicyType,
                catalog: Any | None) -> list[Finding]:
    """Findings for a parsed policy, or for a document parsed here as `kind` (a malformed one
    raises `MalformedPolicyDocument`), in statement order."""
    from rolesim.core.lint.checks import CHECKS, Context

    if isinstance(policy_or_document, Policy):
        policy = policy_or_document
    else:
        from rolesim.core.policy.parse import parse_policy

        policy = parse_policy(policy_or_document, kind)
    context = Context(policy, catalog)
    found = [make_finding(code, path, fields)
             for code, run in CHECKS.items() for path, fields in run(context)]
    return sorted(found, key=lambda f: (_statement_index(f.path), f.path, f.code))


def _statement_index(path: str) -> int:
    if path.startswith("Statement[") and "]" in path:
        digits = path[len("Statement["):path.index("]")]
        if digits.isdigit():
            return int(digits)
    return -1
