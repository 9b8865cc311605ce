"""IAM's naming rules, one definition for the builder's forms and the scenario loader.

Names of users, roles, groups, instance profiles and policies, IAM paths (QT-01), account
aliases (QT-10), and the characters no ARN may hold (controls, bidi overrides, zero-width
spaces, a BOM, whitespace): IAM refuses them, so the simulator refuses them too.
"""

from __future__ import annotations

import re

from rolesim.core.safe_text import escape_controls, is_unsafe

NAME_CHARS = re.compile(r"^[\w+=,.@-]+$", re.ASCII)
PATH_SHAPE = re.compile(r"^/$|^/[\x21-\x7e]+/$")
ALIAS_SHAPE = re.compile(r"^[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$")
NAME_LIMITS = {"user": 64, "role": 64, "group": 128, "instance-profile": 128, "policy": 128}
"""QT-01: the longest name of each kind of IAM entity."""


def name_problem(value: str, limit: int = 64) -> str | None:
    """Why `value` is not an IAM name of at most `limit` characters, or None (QT-01)."""
    if not value:
        return "A name is required."
    if len(value) > limit:
        return f"At most {limit} characters ({len(value)} now)."
    if not NAME_CHARS.match(value):
        bad = sorted({"space" if c == " " else escape_controls(repr(c)) for c in value
                      if not NAME_CHARS.match(c)})
        return (f"Not allowed in a name: {', '.join(bad)} "
                "(use letters, digits and +=,.@_-).")
    return None


def path_problem(value: str) -> str | None:
    """Why `value` is not an IAM path (`/` or `/a/b/`, printable ASCII, <= 512), or None."""
    if len(value) > 512:
        return "A path is at most 512 characters."
    if not value.startswith("/") or not value.endswith("/"):
        return "A path starts and ends with / (just / for none)."
    if not PATH_SHAPE.match(value):
        return "A path holds printable ASCII characters only, no spaces."
    return None


def arn_characters_problem(value: str, *, spaces: bool = False) -> str | None:
    """An ARN holds no whitespace and nothing invisible (DEL, TAB, ZWSP, BOM, U+202E...);
    with `spaces` a plain space is let through (an S3 object key may hold one)."""
    if value.isascii() and value.isprintable() and (spaces or " " not in value):
        return None  # the common case, in C: printable ASCII holds no unsafe character
    bad = sorted({c for c in value
                  if is_unsafe(c) or (c.isspace() and not (spaces and c == " "))})
    if not bad:
        return None
    shown = ", ".join("space" if c == " " else f"U+{ord(c):04X}" for c in bad)
    return f"An ARN cannot hold whitespace or invisible characters ({shown})."


def iam_entity_problem(kind: str, resource: str) -> str | None:
    """Why the resource part `kind/path/name` of an IAM ARN breaks QT-01, or None."""
    limit = NAME_LIMITS.get(kind)
    if limit is None:
        return None
    pieces = resource.split("/")
    name = pieces[-1]
    path = "/" + "/".join(pieces[1:-1]) + "/" if len(pieces) > 2 else "/"
    problem = name_problem(name, limit)
    if problem is not None:
        return f"{kind} name {name!r}: {problem}"
    problem = path_problem(path)
    return None if problem is None else f"path {path!r}: {problem}"
