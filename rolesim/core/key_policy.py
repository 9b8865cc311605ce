"""KMS keys: their key policy must allow, even within one account (EV-09).

A key policy is a resource-based policy, but unlike a bucket policy it is not a union with the
caller's identity policies (EV-03): an identity-policy Allow counts only when the key policy
names the principal or delegates to the account's IAM by naming the account (`root` ARN or
account ID). A key created without a policy gets AWS's default key policy, which delegates to
the key's account: the one `default_key_policy` returns for a key the world lists without a
policy or does not list at all.
"""

from __future__ import annotations

from functools import lru_cache

from rolesim.core.policy.model import AttachedPolicy, PolicyType


def is_kms_key(resource: str) -> bool:
    """`arn:aws:kms:REGION:ACCOUNT:key/ID` (an alias is not a key)."""
    if ":kms:" not in resource:
        return False
    parts = resource.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and parts[2] == "kms" and parts[5].startswith(
        "key/")


@lru_cache(maxsize=256)
def _default_document(account: str, partition: str) -> AttachedPolicy:
    from rolesim.core.policy.parse import parse_policy

    document = {"Version": "2012-10-17", "Statement": [{
        "Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
        "Action": "kms:*", "Resource": "*"}]}
    policy = parse_policy(document, PolicyType.RESOURCE)
    return AttachedPolicy(policy, PolicyType.RESOURCE, "the default key policy")


def default_key_policy(key_arn: str) -> AttachedPolicy:
    """AWS's default key policy for this key: it allows `kms:*` to the key's account, which
    hands the decision to that account's IAM policies (EV-09)."""
    parts = key_arn.split(":", 5)
    found = _default_document(parts[4], parts[1])
    return AttachedPolicy(found.policy, found.type, f"default key policy of {key_arn}",
                          arn=key_arn)
