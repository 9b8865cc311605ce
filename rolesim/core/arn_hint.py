"""The ARN a mistyped one probably meant, for "did you mean" hints.

Comparing whole ARNs finds nothing useful: two ARNs of one account share 30 characters, so any
two role names look alike. This compares names (case-insensitively, as IAM keeps them unique,
ID-14) and prefers the wanted ARN's own account.
"""

from __future__ import annotations

from collections.abc import Iterable

from rolesim.core.arn import Arn, ArnError

NAME_CUTOFF = 0.75
"""How alike two names must be (difflib's ratio): `JumpRol` is `JumpRole`, `Nothing` is not."""


def closest_arn(wanted: str, known: Iterable[str]) -> str | None:
    """The ARN of `known` that `wanted` most probably meant: the same ARN in other letter
    case, else the closest name (the same account's first); None when none is close."""
    folded = wanted.casefold()
    by_name: dict[str, list[Arn]] = {}
    for arn in known:
        if arn.casefold() == folded:
            return arn
        try:
            parsed = Arn.parse(arn)
        except ArnError:
            continue
        by_name.setdefault(parsed.name.casefold(), []).append(parsed)
    try:
        target = Arn.parse(wanted)
    except ArnError:
        return None
    import difflib  # here: only a refusal asks, and every run imports this module

    close = difflib.get_close_matches(target.name.casefold(), list(by_name), n=1,
                                      cutoff=NAME_CUTOFF)
    if not close:
        return None
    candidates = by_name[close[0]]
    same_account = [arn for arn in candidates if arn.account == target.account]
    return str((same_account or candidates)[0])
