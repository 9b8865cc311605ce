"""Policy variables in a Resource ARN (PV-02, DC-07): substituted in the account field and the
resource part; literal in the partition, service and region. AWS's managed policy
AmazonTimestreamInfluxDBServiceRolePolicy grants on `arn:*:kms:*:${aws:PrincipalAccount}:key/*`
(it works only if the account field is substituted), though the variables page says only the
resource part (DC-07)."""

from __future__ import annotations

from typing import Any

from rolesim.core.decision import Outcome
from rolesim.core.evaluator import decide
from rolesim.core.managed import aws_managed_document
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.request import AuthzRequest, Caller, CallerPolicies, PrincipalType

A, B = "111111111111", "222222222222"
ALICE = Caller(PrincipalType.USER, f"arn:aws:iam::{A}:user/alice", A, "AIDAALICE",
               f"arn:aws:iam::{A}:user/alice", entity_id="AIDAALICE",
               user_arn=f"arn:aws:iam::{A}:user/alice")
CONTEXT = {"aws:principalaccount": A, "aws:username": "alice", "aws:requestedregion": "us-east-1"}


def outcome(resource_pattern: str, action: str, resource: str,
            context: dict[str, Any] | None = None) -> Outcome:
    policy = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": resource_pattern}]},
        PolicyType.IDENTITY)
    attached = AttachedPolicy(policy, PolicyType.IDENTITY, "p")
    req = AuthzRequest(ALICE, CallerPolicies(identity=(attached,)), action, resource, A,
                       context=CONTEXT if context is None else context)
    return decide(req).outcome


def test_dc07_principal_account_in_the_account_field_is_substituted() -> None:
    pattern = "arn:aws:iam::${aws:PrincipalAccount}:role/app-*"
    assert outcome(pattern, "iam:GetRole", f"arn:aws:iam::{A}:role/app-web") is Outcome.ALLOWED
    assert outcome(pattern, "iam:GetRole", f"arn:aws:iam::{B}:role/app-web") \
        is Outcome.IMPLICIT_DENY


def test_dc07_the_managed_policy_that_relies_on_it() -> None:
    """AmazonTimestreamInfluxDBServiceRolePolicy's KMS statement names keys of the caller's
    own account through ${aws:PrincipalAccount}."""
    document = aws_managed_document("AmazonTimestreamInfluxDBServiceRolePolicy")
    assert document is not None
    assert "arn:*:kms:*:${aws:PrincipalAccount}:key/*" in str(document)
    pattern = "arn:*:kms:*:${aws:PrincipalAccount}:key/*"
    mine = f"arn:aws:kms:us-east-1:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    assert outcome(pattern, "kms:DescribeKey", mine) is Outcome.ALLOWED
    other = mine.replace(A, B)
    assert outcome(pattern, "kms:DescribeKey", other) is Outcome.IMPLICIT_DENY


def test_pv05_an_account_variable_without_a_value_matches_nothing() -> None:
    pattern = "arn:aws:iam::${aws:PrincipalAccount}:role/*"
    assert outcome(pattern, "iam:GetRole", f"arn:aws:iam::{A}:role/x", context={}) \
        is Outcome.IMPLICIT_DENY


def test_pv02_the_resource_part_is_still_substituted() -> None:
    pattern = "arn:aws:s3:::home/${aws:username}/*"
    assert outcome(pattern, "s3:GetObject", "arn:aws:s3:::home/alice/k") is Outcome.ALLOWED
    assert outcome(pattern, "s3:GetObject", "arn:aws:s3:::home/bob/k") is Outcome.IMPLICIT_DENY


def test_pv02_the_service_and_region_fields_stay_literal() -> None:
    """Before the account field `${...}` is text: a region variable matches no real ARN."""
    pattern = "arn:aws:s3:${aws:RequestedRegion}:*:*"
    assert outcome(pattern, "s3:GetObject", "arn:aws:s3:us-east-1::b/k") is Outcome.IMPLICIT_DENY
