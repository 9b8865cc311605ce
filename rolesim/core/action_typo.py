"""The nearest miss of a denial caused by a typo in an allowed action.

IAM saves `"Action": "s3:GetObjct"` without a word and it allows nothing (PL-05: an action
no service has matches no request). The evaluator's nearest miss looks only at statements
whose Action matches the request, so such a denial read "Nothing in the identity-based policy
allows it", and a new trainer went looking for a missing policy. This finds the Allow that
names an action one typo away from the request, in the same service, that the catalogue does
not know. Computed only when a denial is explained, and only when nothing else came close.
"""

from __future__ import annotations

from collections.abc import Sequence

from rolesim.core.policy.compiled import compiled
from rolesim.core.policy.model import AttachedPolicy

CUTOFF = 0.8
"""How alike the two action names must be (difflib's ratio), as the linter's "did you mean"."""


def typo_miss(aps: Sequence[AttachedPolicy], action: str) -> str:
    """` (policy 'p' Statement[0] allows s3:GetObjct, which s3 does not have: a typo for
    s3:GetObject? ...)`, or empty when no Allow names such an action."""
    prefix, _, name = action.lower().partition(":")
    for ap in aps:
        for cs in compiled(ap.policy).statements:
            if not cs.allow:
                continue
            for written in cs.statement.actions or ():
                if _looks_like_a_typo(written, prefix, name):
                    return (f" (policy '{ap.label}' {cs.statement.label} allows {written}, "
                            f"which {written.partition(':')[0]} does not have: a typo for "
                            f"{action}? IAM accepts it, and it allows nothing (PL-05))")
    return ""


def _looks_like_a_typo(written: str, prefix: str, name: str) -> bool:
    """Same service, no wildcard, close to the requested name, and no action of the
    catalogue (s3:PutObject is close to s3:GetObject, and real)."""
    service, _, part = written.lower().partition(":")
    if service != prefix or part == name or "*" in part or "?" in part:
        return False
    if 2 * min(len(part), len(name)) < CUTOFF * (len(part) + len(name)):
        return False  # difflib's real_quick_ratio, without a matcher: most lengths differ a lot
    import difflib  # here, not at the top: most runs never get this far

    alike = difflib.SequenceMatcher(None, part, name)
    if alike.quick_ratio() < CUTOFF or alike.ratio() < CUTOFF:  # the cheap upper bound first
        return False
    try:
        from rolesim.core.catalog import get_catalog

        return get_catalog().service(prefix) is not None and \
            get_catalog().action(written) is None
    except Exception:  # no catalogue data: say nothing rather than guess
        return False
