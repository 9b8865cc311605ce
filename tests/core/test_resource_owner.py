"""Who owns the resource a request names: that account decides whether the request is
cross-account (XA-01), and a listed entry's policy governs it (a bucket policy its objects)."""

from __future__ import annotations

from rolesim.core.policy.model import PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.world import Resource, World

BUCKET = "arn:aws:s3:::shared-docs"
CALLER = "111111111111"


def _world() -> World:
    world = World()
    policy = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"{BUCKET}/*"}]}, PolicyType.RESOURCE)
    world.resources[BUCKET] = Resource(BUCKET, "222222222222", policy)
    return world


def test_an_object_is_owned_by_its_listed_bucket_and_governed_by_its_policy() -> None:
    world = _world()
    account, entry = world.resource_owner(f"{BUCKET}/reports/q1.csv", CALLER)
    assert account == "222222222222"  # not the caller's: the request is cross-account (XA-01)
    assert entry is world.resources[BUCKET]


def test_an_unlisted_arn_is_owned_by_the_account_it_names() -> None:
    account, entry = _world().resource_owner(
        "arn:aws:iam::333333333333:role/app", CALLER)
    assert (account, entry) == ("333333333333", None)


def test_an_arn_without_an_account_or_not_an_arn_is_the_callers() -> None:
    world = _world()
    assert world.resource_owner("arn:aws:s3:::other-bucket/x", CALLER) == (CALLER, None)
    assert world.resource_owner("*", CALLER) == (CALLER, None)
    assert world.resource_owner("arn::s3:::no-partition", CALLER) == (CALLER, None)
