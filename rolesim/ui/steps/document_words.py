"""A policy document a step carries, in a few words for the step list: what each statement
allows or denies (`Allow s3:GetObject, iam:*`), whom a trust lets in (`Allow user/sam`), and
the condition keys a statement tests (`Deny * if aws:TokenIssueTime`).

Two steps that differ only by their document (a session policy, a new trust) must not look
the same in the list. The words come from the text as written, read leniently: a document cut
off before its closing brackets still says what it meant. Whether the document is valid is not
said here: in learner mode that can be what the learner must predict (AR-14); the ⚠ finding
under the list says it where the mode allows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from rolesim.ui.world.documents import brackets

_ACTION_LIKE = re.compile(r'"([A-Za-z0-9-]+:[A-Za-z0-9*?]+)"')
"""`"s3:GetObject"` in a document too broken to read: its actions are still worth showing."""
_CLOSERS = {"{": "}", "[": "]"}
_NARROW_ITEMS = 2
"""At 80 columns, the first actions or principals of a statement, then `+N`."""


def document_words(document: Any, *, trust: bool = False, narrow: bool = False,
                   short: Callable[[str], str] = str) -> str:
    """`Allow s3:GetObject, iam:*` for a permissions document, `Allow user/sam` for a trust
    (its principals, each written by `short`); consecutive statements with the same effect
    and condition keys are one group. `narrow`: at most two items a group, then `+N`. ""
    when nothing can be read."""
    data = _lenient(document)
    if data is None:
        found = _ACTION_LIKE.findall(document) if isinstance(document, str) else []
        return _items(found, narrow)
    groups: list[tuple[str, tuple[str, ...], list[str]]] = []
    for statement in _statements(data):
        effect = str(statement.get("Effect", "?"))
        keys = tuple(_condition_keys(statement.get("Condition")))
        items = (_principals(statement, short) if trust else []) or _actions(statement)
        if groups and groups[-1][:2] == (effect, keys):
            groups[-1][2].extend(i for i in items if i not in groups[-1][2])
        else:
            groups.append((effect, keys, list(items)))
    return "; ".join(
        " ".join(filter(None, (effect, _items(items, narrow),
                               ("if " + ", ".join(keys)) if keys else "")))
        for effect, keys, items in groups)


def _items(items: list[str], narrow: bool) -> str:
    if not narrow:
        return ", ".join(items)
    shown = items[:_NARROW_ITEMS]  # whole: an action or a principal is the point
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" +{more}" if more else "")


def _lenient(document: Any) -> Mapping[str, Any] | None:
    """The document as a mapping: a table as it is, JSON text parsed, or, when the text stops
    before its closing brackets, parsed with them added."""
    if isinstance(document, Mapping):
        return document
    if not isinstance(document, str):
        return None
    for text in (document, _closed(document)):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # too deep for the JSON reader: not readable here
            continue
        return data if isinstance(data, Mapping) else None
    return None


def _closed(text: str) -> str:
    """`text` with the string, arrays and objects it left open closed, in order."""
    stack: list[str] = []
    tail = ""
    for _, char in brackets(text):
        if char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif char == '"':
            tail = '"'
        elif stack:
            stack.pop()
    body = (text + tail).rstrip().rstrip(",")
    return body + "".join(reversed(stack))


def _statements(data: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    body = data.get("Statement")
    for statement in body if isinstance(body, list) else [body]:
        if isinstance(statement, Mapping):
            yield statement


def _listed(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value is None else [str(value)]


def _actions(statement: Mapping[str, Any]) -> list[str]:
    """The statement's actions; a NotAction's as `not X`."""
    if "NotAction" in statement:
        return [f"not {a}" for a in _listed(statement["NotAction"])]
    return _listed(statement.get("Action"))


def _principals(statement: Mapping[str, Any], short: Callable[[str], str]) -> list[str]:
    """Whom a trust statement names (`*` for anyone); a NotPrincipal's as `not X`."""
    for key, prefix in (("Principal", ""), ("NotPrincipal", "not ")):
        value = statement.get(key)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            return [prefix + str(value)]
        return [prefix + short(p) for kind in value.values() for p in _listed(kind)]
    return []


def _condition_keys(condition: Any) -> Iterator[str]:
    """The condition keys a statement tests, each once, in order."""
    seen: set[str] = set()
    if not isinstance(condition, Mapping):
        return
    for tests in condition.values():
        for key in tests if isinstance(tests, Mapping) else ():
            if str(key).lower() not in seen:
                seen.add(str(key).lower())
                yield str(key)
