"""Session tags: case-insensitive keys, precedence, transitive inheritance (TAG-01..TAG-16).

Precedence for what `aws:PrincipalTag/*` sees (TAG-09, TAG-06, TAG-13): the role's (or
user's) own tags, overridden by the session tags passed now, overridden by transitive tags
inherited from the calling session. Passed tags cannot collide with inherited ones (TAG-11),
so the last two never fight.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rolesim.core.sts import choices
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import PrincipalTag, Session, TagOrigin
from rolesim.core.words import listing, quoted

DUPLICATE_KEYS = "Duplicate tag keys found. Please note that Tag keys are case insensitive."
TRANSITIVE_NOT_IN_TAGS = "The specified transitive tag key must be included in the requested tags."
CONFLICTS_WITH_INHERITED = (
    "One of the specified transitive tag keys can't be set because it conflicts with a "
    "transitive tag key from the calling session."
)


def find_key(mapping: Mapping[str, str], key: str) -> str | None:
    """The key of `mapping` equal to `key` ignoring case (tag keys are case-insensitive)."""
    lowered = key.lower()
    for existing in mapping:
        if existing.lower() == lowered:
            return existing
    return None


def merge(base: Mapping[str, str], over: Mapping[str, str]) -> dict[str, str]:
    """`over` wins on keys equal ignoring case; the winner's spelling is kept (TAG-06)."""
    out = dict(base)
    for key, value in over.items():
        existing = find_key(out, key)
        if existing is not None:
            del out[existing]
        out[key] = value
    return out


def inherited_tags(caller: Session | None) -> dict[str, str]:
    """The transitive tags a new session inherits from its caller (TAG-10, TAG-16)."""
    if caller is None:
        return {}
    out: dict[str, str] = {}
    for key in caller.transitive_tag_keys:
        real = find_key(caller.session_tags, key)
        if real is not None:
            out[real] = caller.session_tags[real]
    return out


def dropped(caller: Session | None, inherited: Mapping[str, str]) -> dict[str, str]:
    """The caller's session tags a new session does not get: those not transitive (TAG-16)."""
    if caller is None:
        return {}
    kept = {key.lower() for key in inherited}
    return {k: v for k, v in caller.session_tags.items() if k.lower() not in kept}


def check_request(
    passed: Mapping[str, str],
    transitive_keys: Sequence[str],
    inherited: Mapping[str, str],
) -> None:
    """The semantic checks after shape validation; InvalidParameterValue on failure."""
    seen: dict[str, str] = {}
    for key in passed:
        if key.lower() in seen:
            raise StsError("InvalidParameterValue", DUPLICATE_KEYS).because(  # TAG-07
                f"The tags {quoted(seen[key.lower()])} and {quoted(key)} differ only by case. "
                "Tag keys are case-insensitive, so they are one key passed twice (TAG-07).")
        seen[key.lower()] = key
    for key, value in passed.items():
        if key.lower().startswith("aws:") or value.lower().startswith("aws:"):
            raise StsError(  # TAG-08, choice 24.6
                choices.RESERVED_TAG_PREFIX_ERROR,
                f"Tag keys and values cannot start with 'aws:' (tag {key!r})",
            ).because(f"The tag {quoted(key)} starts with aws:, which AWS reserves for its own "
                      "keys (TAG-08).")
    for key in transitive_keys:
        if key.lower() not in seen:
            raise StsError("InvalidParameterValue", TRANSITIVE_NOT_IN_TAGS).because(  # TAG-12
                f"The transitive tag key {quoted(key)} is not among the tags passed "
                f"({listing(passed, empty='none')}). TransitiveTagKeys only marks tags passed "
                "in the same call to be carried on; pass the tag too (TAG-12).")
    for key in passed:
        clash = find_key(inherited, key)
        if clash is not None:
            raise StsError("InvalidParameterValue", CONFLICTS_WITH_INHERITED).because(  # TAG-11
                f"The tag {quoted(key)} is already a transitive tag inherited from the calling "
                f"session ({clash}={inherited[clash]}). A transitive tag cannot be changed "
                "later in a chain; that is what makes it trustworthy to the roles after it "
                "(TAG-11).")


@dataclass(frozen=True, slots=True)
class TagState:
    """The tag bookkeeping of a new session."""

    session_tags: dict[str, str]
    transitive_tag_keys: tuple[str, ...]
    inherited_tag_keys: tuple[str, ...]
    principal_tags: tuple[PrincipalTag, ...]


def build(
    own_tags: Mapping[str, str],
    passed: Mapping[str, str],
    transitive_keys: Iterable[str],
    inherited: Mapping[str, str],
    *,
    own_origin: TagOrigin = TagOrigin.ROLE_TAG,
) -> TagState:
    """Combine a principal's own tags, the tags passed now and the inherited ones."""
    passed_transitive = tuple(
        find_key(passed, k) or k for k in _dedupe(transitive_keys)
    )
    inherited_keys = tuple(inherited)
    session_tags = merge(passed, inherited)
    transitive_lower = {k.lower() for k in passed_transitive} | {k.lower() for k in inherited_keys}
    principal: dict[str, PrincipalTag] = {}
    for key, value in own_tags.items():
        principal[key.lower()] = PrincipalTag(key, value, own_origin)
    for key, value in passed.items():
        principal[key.lower()] = PrincipalTag(
            key, value, TagOrigin.SESSION_TAG, key.lower() in transitive_lower
        )
    for key, value in inherited.items():
        principal[key.lower()] = PrincipalTag(key, value, TagOrigin.INHERITED, True)
    return TagState(
        session_tags=session_tags,
        transitive_tag_keys=inherited_keys + passed_transitive,
        inherited_tag_keys=inherited_keys,
        principal_tags=tuple(principal.values()),
    )


def _dedupe(keys: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for key in keys:
        if key.lower() not in seen:
            seen.add(key.lower())
            out.append(key)
    return out


def resource_tags_for_trust(role_tags: Mapping[str, str], inherited: Mapping[str, str]) -> dict[
    str, str
]:
    """`aws:ResourceTag/*` of the role while its trust is evaluated: inherited transitive tags
    replace same-key role tags (TAG-13)."""
    return merge(role_tags, inherited)


def principal_tag_map(tags: Sequence[PrincipalTag]) -> dict[str, str]:
    return {tag.key: tag.value for tag in tags}
