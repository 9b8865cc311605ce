"""Small helpers for the sentences the core composes: lists said in words, never as Python
reprs, and long ones cut to a few names and a count ("a4b:Get*, a4b:List* and 310 more")."""

from __future__ import annotations

from collections.abc import Iterable

SHOWN = 3
"""How many items a long list names before it says how many more there are."""


def quoted(value: str) -> str:
    """`"value"`: a string as a policy shows it (JSON quotes), not as Python does."""
    return '"' + value.replace('"', '\\"') + '"'


def listing(values: Iterable[str], *, limit: int = SHOWN, quote: bool = False,
            empty: str = "nothing") -> str:
    """`a`, `a and b`, `a, b and c`, or `a, b, c and 310 more` past `limit` items."""
    items = [quoted(v) if quote else v for v in values]
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    if len(items) > limit + 1:
        return f"{', '.join(items[:limit])} and {len(items) - limit} more"
    return f"{', '.join(items[:-1])} and {items[-1]}"


def one_of(values: Iterable[str], *, limit: int = SHOWN, quote: bool = True) -> str:
    """A policy's value list in a sentence: `"a"`, or `any of "a", "b" and "c"`."""
    items = list(values)
    text = listing(items, limit=limit, quote=quote)
    return text if len(items) == 1 else f"any of {text}"


def hours(seconds: int) -> str:
    """`1 h`, `90 min`, `45 s`: a duration in the largest whole unit."""
    if seconds and seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds and seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def counted(number: int, noun: str, *, grouped: bool = False) -> str:
    """`1 action`, `2 actions` (`1,024 actions` with `grouped`): a learner reads "1 actions"
    as a mistake in the tool, and then doubts the rest."""
    shown = f"{number:,}" if grouped else str(number)
    return f"{shown} {noun}" if number == 1 else f"{shown} {noun}s"


def scp_words(name: str | None, index: int, where: str) -> str:
    """An SCP named by its own name, else by its place counted from 1, and where it is
    attached: `SCP deny-regions on account prod (111122223333)`, `SCP 2 on organization root`.
    The words of the engine's `scp_label`, for an SCP not in a world (the importer, the world
    builder)."""
    return f"{scp_title(name, index)} on {where}"


def scp_title(name: str | None, index: int) -> str:
    """`SCP deny-regions`, else `SCP 2`: `scp_words` where the place goes without saying (the
    world builder's tree lists an account's SCPs under it)."""
    return f"SCP {name or index + 1}"


def account_label(account_id: str, name: str | None) -> str:
    """An account as explanations name it: `production (111111111111)`, or its ID alone."""
    return f"{name} ({account_id})" if name else account_id
