"""Policy documents as the scenario holds them (JSON text or a TOML table) <-> editor text,
and parsing through the core's `parse_policy`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rolesim.core.policy.model import MalformedPolicyDocument, Policy, PolicyType

if TYPE_CHECKING:
    from rolesim.core.lint import Finding

PolicyDocument = str | dict[str, Any]


def document_text(document: PolicyDocument | None) -> str:
    """The text the editor shows: JSON as written, or the table pretty-printed as JSON."""
    if document is None:
        return ""
    if isinstance(document, str):
        return document
    return json.dumps(document, indent=2)


def document_from_text(text: str, like: PolicyDocument | None) -> PolicyDocument:
    """What goes back into the scenario: the text as typed (a pasted AWS policy stays as
    pasted), or a table when the original was written as one."""
    if isinstance(like, dict):
        loaded = json.loads(text)
        if isinstance(loaded, dict):
            return loaded
    return text


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parse attempt: the policy, or the error IAM would give (with its path)."""

    policy: Policy | None
    error: MalformedPolicyDocument | None


_PARSED: dict[tuple[str, PolicyType], Parsed] = {}


def parse_document(document: PolicyDocument, kind: PolicyType) -> Parsed:
    """The core's parse, remembered by text: the detail panel re-reads the same documents on
    every move of the cursor, and a parsed Policy is immutable."""
    from rolesim.core.policy.parse import parse_policy

    key = (document if isinstance(document, str) else json.dumps(document, sort_keys=True),
           kind)
    cached = _PARSED.get(key)
    if cached is not None:
        return cached
    try:
        parsed = Parsed(parse_policy(document, kind), None)
    except MalformedPolicyDocument as error:
        parsed = Parsed(None, error)
    if len(_PARSED) > 512:
        _PARSED.clear()
    _PARSED[key] = parsed
    return parsed


_FINDINGS: dict[int, tuple[Policy, PolicyType, list[Finding]]] = {}


def policy_findings(policy: Policy, kind: PolicyType) -> list[Finding]:
    """The linter's findings for a parsed policy, with the action catalogue when it loads
    (parsing does not lint: the linter takes the catalogue as an argument). Remembered per
    parsed policy, as `parse_document` remembers parses: the detail panel asks again on every
    move of the cursor."""
    cached = _FINDINGS.get(id(policy))
    if cached is not None and cached[0] is policy and cached[1] is kind:
        return cached[2]
    from rolesim.core.lint import lint_policy

    try:
        from rolesim.core.catalog import get_catalog

        catalog = get_catalog()
    except Exception:  # a missing data file must not hide the other findings
        catalog = None
    found = lint_policy(policy, kind, catalog)
    if len(_FINDINGS) > 512:
        _FINDINGS.clear()
    _FINDINGS[id(policy)] = (policy, kind, found)
    return found


def statement_lines(text: str) -> list[int]:
    """The 1-based line where each statement object starts in JSON text, in order; used to
    point errors and warnings (`Statement[2]...`) at their place."""
    lines: list[int] = []
    try:
        data = json.loads(text)
    except ValueError:
        return lines
    statements = data.get("Statement") if isinstance(data, dict) else None
    if statements is None:
        return lines
    count = len(statements) if isinstance(statements, list) else 1
    anchor = text.find('"Statement"')
    position = anchor if anchor >= 0 else 0
    depth = 0
    for index, char in brackets(text, position):
        if char in "[{":
            if char == "{" and depth == (1 if isinstance(statements, list) else 0):
                lines.append(text.count("\n", 0, index) + 1)
                if len(lines) == count:
                    break
            depth += 1
        elif char in "]}":
            depth -= 1
    return lines


def brackets(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Each `{`, `[`, `]` and `}` of JSON text outside its strings, with its index, from
    `start`; last `(len(text), '"')` when the text stops inside a string."""
    in_string = escape = False
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            if escape:
                escape = False
            elif char == "\\":
                escape = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{]}":
            yield index, char
    if in_string:
        yield len(text), '"'


def line_of_path(text: str, path: str) -> int | None:
    """The line a parser path such as `Statement[1].Condition` points at (statements are
    numbered from 0 as IAM's paths do... or from 1: both are tried by the caller)."""
    if not path.startswith("Statement"):
        return None
    lines = statement_lines(text)
    if not lines:
        return None
    index = 0
    if path.startswith("Statement[") and "]" in path:
        digits = path[len("Statement["):path.index("]")]
        if digits.isdigit():
            index = int(digits)
    if 0 <= index < len(lines):
        return lines[index]
    return lines[-1]
