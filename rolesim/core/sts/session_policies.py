"""Session policies passed to AssumeRole*, GetFederationToken (AR-12..AR-15, GFT-04) and
the packed-size model behind PackedPolicyTooLarge (AR-13).

The packed-size model (AWS does not publish its packing): the packed form is the zlib
(level 9) compression of the compact inline policy, each policy ARN and each session tag
`key=value` of the new session, one per line; `PackedPolicySize` is that length as a
percentage of `choices.PACKED_LIMIT_BYTES`, and over 100 % fails. Marking a tag transitive
does not change the size (AR-13).
"""

from __future__ import annotations

import contextlib
import json
import math
import zlib
from collections.abc import Mapping, Sequence

from rolesim.core.arn import Arn, ArnError
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.sts import choices
from rolesim.core.sts.documents import (
    PolicyInput,
    compact_json,
    managed_policy,
    parse,
    policy_text,
)
from rolesim.core.sts.errors import StsError
from rolesim.core.world import World

INLINE_LABEL = "inline session policy"


def resolve(
    world: World, account: str, policy: PolicyInput | None, policy_arns: Sequence[str]
) -> tuple[AttachedPolicy, ...] | None:
    """The session policies of a new session, or None when none were passed."""
    if policy is None and not policy_arns:
        return None
    out: list[AttachedPolicy] = []
    if policy is not None:
        out.append(AttachedPolicy(parse(policy, PolicyType.SESSION), PolicyType.SESSION,
                                  INLINE_LABEL))
    for arn in policy_arns:
        out.append(_managed(world, account, arn))
    return tuple(out)


def _managed(world: World, account: str, arn: str) -> AttachedPolicy:
    """AR-12: managed session policies must be in the role's (GFT: the user's) account, or
    AWS managed."""
    try:
        owner = Arn.parse(arn).account
    except ArnError:
        owner = ""
    entry = managed_policy(world, arn) if owner in (account, "aws") else None
    if entry is None:
        raise StsError(
            choices.MISSING_SESSION_POLICY_ERROR,
            f"Policy {arn} does not exist or is not attachable.",
        )
    document = entry.document
    return AttachedPolicy(document, PolicyType.SESSION, f"{entry.name} (session policy)", arn=arn)


def packed_bytes(
    policy: PolicyInput | None, policy_arns: Sequence[str], tags: Mapping[str, str]
) -> int:
    lines: list[str] = []
    if policy is not None:
        text = policy_text(policy)
        with contextlib.suppress(ValueError):
            text = compact_json(json.loads(text))
        lines.append(text)
    lines += list(policy_arns)
    lines += [f"{key}={value}" for key, value in tags.items()]
    if not lines:
        return 0
    return len(zlib.compress("\n".join(lines).encode("utf-8"), 9))


def packed_percent(
    policy: PolicyInput | None, policy_arns: Sequence[str], tags: Mapping[str, str]
) -> int:
    """`PackedPolicySize` (AR-13) under the model above."""
    size = packed_bytes(policy, policy_arns, tags)
    return math.ceil(100 * size / choices.PACKED_LIMIT_BYTES)


def check_packed(
    policy: PolicyInput | None, policy_arns: Sequence[str], tags: Mapping[str, str]
) -> int:
    percent = packed_percent(policy, policy_arns, tags)
    if percent > 100:
        raise StsError(
            "PackedPolicyTooLarge",
            f"Packed policy consumes {percent}% of allotted space, please use smaller policy "
            "for your request.",
        )
    return percent
