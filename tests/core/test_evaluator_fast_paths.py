"""The evaluator's shortcuts decide exactly as its general path (EV-02..EV-16 as the other
evaluator tests check them): the identity plans a long-lived CallerPolicies keeps per action,
`decide_call` (a request given by its parts, made only when needed), and `new_decision`
(a Decision made field by field)."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from test_evaluator_properties import requests

from rolesim.core.decision import Decision, Outcome, StatementRef, new_decision, new_ref
from rolesim.core.evaluator import _identity_split, decide, decide_call
from rolesim.core.policy.compiled import compiled
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.request import AuthzRequest, Caller, CallerPolicies, PrincipalType


def _seen(decision: Decision) -> tuple[object, ...]:
    """Everything a report or the Why tab reads of a decision."""
    return (decision.outcome, decision.reason, decision.deciding, decision.blocked_by,
            tuple(decision.explain(full=True)))


@settings(max_examples=300)
@given(requests())
def test_identity_plans_decide_as_the_policies_do(req: AuthzRequest) -> None:
    """A CallerPolicies with plans (the simulator's, one per session) gives the same decision
    on the first request for an action (plan made) and the next ones (plan used)."""
    planned = dataclasses.replace(req, policies=dataclasses.replace(req.policies, plans={}))
    expected = _seen(decide(req))
    assert _seen(decide(planned)) == expected
    assert _seen(decide(planned)) == expected


@settings(max_examples=300)
@given(requests())
def test_plans_of_a_first_and_a_second_reader_decide_alike(req: AuthzRequest) -> None:
    """A policy only one caller's plans read is matched from its pools (its per-action cache
    left empty); a second caller's plans fill that cache and read it. Both decide as the
    request without plans, first and again."""
    first = dataclasses.replace(req, policies=dataclasses.replace(req.policies, plans={},
                                                                  reader=1))
    second = dataclasses.replace(req, policies=dataclasses.replace(req.policies, plans={},
                                                                   reader=2))
    seen = [_seen(decide(first)), _seen(decide(second)), _seen(decide(first)),
            _seen(decide(second))]
    assert seen == [_seen(decide(req))] * 4


def test_a_policy_one_caller_reads_keeps_no_per_action_cache() -> None:
    """The per-action cache of a policy is filled for identity plans once a second reader's
    plans read it (a managed policy many principals attach), not for the first."""
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Deny", "NotAction": "iam:*", "Resource": "arn:aws:s3:::secret/*"}]}
    policy = parse_policy(document, PolicyType.IDENTITY)
    identity = (AttachedPolicy(policy, PolicyType.IDENTITY, "p"),)
    found = []
    for reader in (1, 1, 2, 2):
        pols = CallerPolicies(identity, plans={}, reader=reader)
        found.append(_identity_split(pols, "s3:getobject", "arn:aws:s3:::secret/a"))
        if reader == 1:
            assert compiled(policy).by_action == {}
    assert compiled(policy).by_action == {"s3:getobject": compiled(policy).statements[:2]}
    allow, deny = compiled(policy).statements
    assert found == [(((identity[0], deny),), ((identity[0], allow),))] * 4


@settings(max_examples=300)
@given(requests())
def test_decide_call_decides_as_decide(req: AuthzRequest) -> None:
    """The parts of a NORMAL-mode request (context keys in lower case) decide as the request."""
    req = dataclasses.replace(req, mode=req.mode.NORMAL)
    got = decide_call(req.caller, req.policies, req.action, req.resource, req.resource_account,
                      req.resource_policy, req.context)
    assert _seen(got) == _seen(decide(req))


def test_new_decision_sets_every_field_as_the_constructor_does() -> None:
    made = new_decision(Outcome.IMPLICIT_DENY, "why", (), PolicyType.IDENTITY, None, (),
                        lambda: " (detail)")
    built = Decision(Outcome.IMPLICIT_DENY, "why", (), PolicyType.IDENTITY, None, (),
                     lambda: " (detail)")
    for field in dataclasses.fields(Decision):
        if field.name != "_detail":
            assert getattr(made, field.name) == getattr(built, field.name), field.name
    assert made.reason == built.reason == "why (detail)"
    assert made.trace() == built.trace() == ()


def test_new_ref_is_the_constructors_statement_ref() -> None:
    made = new_ref("ReadOnly", PolicyType.IDENTITY, 2, "S2", "Allow",
                   "arn:aws:iam::111111111111:policy/ReadOnly")
    built = StatementRef("ReadOnly", PolicyType.IDENTITY, 2, "S2", "Allow",
                         "arn:aws:iam::111111111111:policy/ReadOnly")
    assert made == built and hash(made) == hash(built) and str(made) == str(built)
    for field in dataclasses.fields(StatementRef):
        assert getattr(made, field.name) == getattr(built, field.name), field.name


def test_whole_service_action_lists_are_planned_as_their_matchers_decide() -> None:
    """A caller's pool for a service matches an Action of only `service:*` patterns, or a
    NotAction naming other services, once for the service (PL-05: actions match without
    regard to case); the plans made from it decide as the policies do, for an action of the
    service, of another, and one with no colon after its service (`s3:*` does not match
    `s3`). First and second readers alike."""
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "S3:*", "Resource": "arn:aws:s3:::data/*"},
        {"Effect": "Allow", "NotAction": ["s3:*", "iam:*"], "Resource": "*"},
        {"Effect": "Deny", "NotAction": "ec2:*", "Resource": "arn:aws:s3:::data/secret"},
        {"Effect": "Allow", "Action": ["s3:Get*", "sqs:*"], "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:iam::111111111111:role/x"}]}
    policy = parse_policy(document, PolicyType.IDENTITY)
    other = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::data/locked"}]},
        PolicyType.IDENTITY)
    identity = (AttachedPolicy(policy, PolicyType.IDENTITY, "p"),
                AttachedPolicy(other, PolicyType.IDENTITY, "q"))
    base = AuthzRequest(_caller(), CallerPolicies(identity), "s3:GetObject", "*", "111111111111")
    for action in ("s3:GetObject", "s3:PutObject", "s3", "s3:", "S3:ListBucket",
                   "ec2:StartInstances", "iam:PassRole", "sqs:SendMessage", "ec2"):
        for resource in ("arn:aws:s3:::data/k", "arn:aws:s3:::data/secret",
                         "arn:aws:s3:::data/locked", "arn:aws:iam::111111111111:role/x", "*"):
            plain = dataclasses.replace(base, action=action, resource=resource)
            expected = _seen(decide(plain))
            for reader in (1, 2, 1):
                planned = dataclasses.replace(plain, policies=CallerPolicies(
                    identity, plans={}, reader=reader))
                assert _seen(decide(planned)) == expected, (action, resource, reader)
                assert _seen(decide(planned)) == expected, (action, resource, reader)


def _caller() -> Caller:
    arn = "arn:aws:iam::111111111111:user/u"
    return Caller(PrincipalType.USER, arn, "111111111111", "AIDAEXAMPLE", arn, "AIDAEXAMPLE",
                  user_arn=arn)
