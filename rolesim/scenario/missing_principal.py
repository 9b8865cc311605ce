"""What to say when a command names a user or role its file's world does not hold.

"no role X in the world" left a learner guessing: a typo in the name, a user's ARN where a
role's was wanted, or not an ARN at all. This says which, and names the closest principal.
"""

from __future__ import annotations

from collections.abc import Collection

from rolesim.core.arn_hint import closest_arn
from rolesim.core.words import counted

ROLE_SHAPE, USER_SHAPE = "arn:aws:iam::ACCOUNT:role/NAME", "arn:aws:iam::ACCOUNT:user/NAME"


def missing_principal(arn: str, wanted: str, roles: Collection[str],
                      users: Collection[str]) -> str:
    """Why `arn` is not a `wanted` ("role", or "user or role") of the world, and what to
    give instead: one sentence, no file name (the caller adds it)."""
    if not arn.startswith("arn:"):
        shape = ROLE_SHAPE if wanted == "role" else f"{USER_SHAPE} or {ROLE_SHAPE}"
        return f"{arn!r} is not an ARN; give the {wanted}'s ARN ({shape})"
    if wanted == "role" and arn in users:
        return (f"{arn} is a user, not a role; who-can-assume answers for a role "
                f"(for a user: rolesim paths FILE --from ARN --to {arn})")
    known = list(roles) if wanted == "role" else [*users, *roles]
    close = closest_arn(arn, known)
    if close is not None:
        return f"no {wanted} {arn} in the world; did you mean {close}?"
    held = counted(len(roles), "role") if wanted == "role" else (
        f"{counted(len(users), 'user')} and {counted(len(roles), 'role')}")
    return f"no {wanted} {arn} in the world (it has {held}; the TUI's World tab lists them)"
