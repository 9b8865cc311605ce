"""The statement index (issue 16: 10,000 conditional statements under `inspect`) only narrows
which statements a request tries: a large policy is decided exactly as a plain scan decides it,
explicit denies and all (EV-02), in policy order."""

from __future__ import annotations

from typing import Any

import pytest

from rolesim.core import evaluator
from rolesim.core.decision import Decision, Outcome
from rolesim.core.evaluator import decide
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.policy.statement_index import INDEX_FROM, statement_index
from rolesim.core.request import AuthzRequest, Caller, CallerPolicies, PrincipalType

A = "111111111111"
ALICE = f"arn:aws:iam::{A}:user/alice"
CALLER = Caller(PrincipalType.USER, ALICE, A, "AIDAALICE", ALICE, entity_id="AIDAALICE",
                user_arn=ALICE)
BUCKETS = 120  # well above INDEX_FROM, so the index is used


def _statements() -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::b{i}/*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": f"t{i % 7}"}}}
        for i in range(BUCKETS)]
    body += [
        {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b5/secret*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:username}/*"},
        {"Effect": "Deny", "Action": "s3:*",
         "NotResource": ["arn:aws:s3:::b*", "arn:aws:s3:::B*", "arn:aws:s3:::alice/*",
                         "arn:aws:s3:::bob/*"]},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::B9?/*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "everything"}}},
    ]
    return body


POLICY = parse_policy({"Version": "2012-10-17", "Statement": _statements()}, PolicyType.IDENTITY)
RESOURCES = ["arn:aws:s3:::b5/k", "arn:aws:s3:::b5/secret.txt", "arn:aws:s3:::b12/k",
             "arn:aws:s3:::b119/x", "arn:aws:s3:::alice/notes", "arn:aws:s3:::bob/notes",
             "arn:aws:s3:::B91/k", "arn:aws:s3:::other/k", "arn:aws:s3:::b1", "*"]
TEAMS = ["t0", "t5", "everything", "none"]


def _decide(resource: str, team: str) -> Decision:
    attached = AttachedPolicy(POLICY, PolicyType.IDENTITY, "many")
    context: dict[str, Any] = {"aws:principaltag/team": team, "aws:username": "alice"}
    return decide(AuthzRequest(CALLER, CallerPolicies((attached,)), "s3:GetObject", resource,
                               A, None, context))


def _summary(d: Decision) -> tuple[Outcome, str, tuple[int, ...]]:
    return d.outcome, d.reason, tuple(ref.index for ref in d.deciding)


@pytest.mark.parametrize("team", TEAMS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_large_policy_decides_as_a_plain_scan_does(resource: str, team: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    indexed = _summary(_decide(resource, team))
    monkeypatch.setattr(evaluator, "INDEX_FROM", 10**9)  # the plain scan
    assert indexed == _summary(_decide(resource, team))


def test_ev02_an_explicit_deny_among_many_allows_still_wins() -> None:
    """EV-02: the Deny on b5/secret* wins over the matching Allow on b5/* (team t5)."""
    assert len(_statements()) > INDEX_FROM
    denied = _decide("arn:aws:s3:::b5/secret.txt", "t5")
    assert denied.outcome is Outcome.EXPLICIT_DENY
    assert [ref.index for ref in denied.deciding] == [BUCKETS]
    assert _decide("arn:aws:s3:::b5/public", "t5").outcome is Outcome.ALLOWED
    # the condition still holds only for its own team
    assert _decide("arn:aws:s3:::b5/public", "t4").outcome is Outcome.IMPLICIT_DENY


def test_pv_a_policy_variable_resource_is_always_tried() -> None:
    """PV-01: ${aws:username} in Resource is substituted, so it cannot be indexed by text."""
    assert _decide("arn:aws:s3:::alice/notes", "none").outcome is Outcome.ALLOWED
    assert _decide("arn:aws:s3:::bob/notes", "none").outcome is Outcome.IMPLICIT_DENY
    # PL-08 (NotResource): the Deny covers every resource it does not list
    assert _decide("arn:aws:s3:::other/k", "everything").outcome is Outcome.EXPLICIT_DENY


def test_the_index_for_an_action_lists_only_statements_that_could_match() -> None:
    from rolesim.core.policy.compiled import compiled

    by_action = compiled(POLICY).for_action("s3:getobject")
    found = statement_index(POLICY).for_request("s3:getobject", by_action,
                                                "arn:aws:s3:::b12/k")
    indexes = [cs.statement.index for cs in found]
    assert indexes == sorted(indexes)
    # b12/* by its prefix (b1/* does not start b12/k), then the ones the index cannot narrow:
    # the policy variable, the NotResource Deny, and "*"
    assert indexes == [12, BUCKETS + 1, BUCKETS + 2, BUCKETS + 4]
