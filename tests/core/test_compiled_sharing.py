"""Compiled parts shared between statements that repeat the same Action, Resource or Condition.

Real accounts repeat the same lists and conditions across policies, so `compiled.py` compiles
each distinct one once. These tests check that sharing never mixes up what a compiled part
depends on: the variables setting of the policy (PL-01), the request context (PV-01, PV-05),
and the resource asked about.
"""

from __future__ import annotations

import gc
from typing import Any

from rolesim.core.decision import Outcome
from rolesim.core.evaluator import decide
from rolesim.core.policy import compiled as compiled_module
from rolesim.core.policy.compiled import compiled
from rolesim.core.policy.model import AttachedPolicy, Policy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.request import AuthzRequest, Caller, CallerPolicies, PrincipalType

A = "111111111111"


def _caller(name: str) -> Caller:
    arn = f"arn:aws:iam::{A}:user/{name}"
    return Caller(PrincipalType.USER, arn, A, f"AIDA{name.upper()}", arn,
                  entity_id=f"AIDA{name.upper()}", user_arn=arn)


def _policy(statement: dict[str, Any], version: str | None = "2012-10-17") -> Policy:
    document: dict[str, Any] = {"Statement": [statement]}
    if version:
        document["Version"] = version
    return parse_policy(document, PolicyType.IDENTITY)


def _outcome(policy: Policy, name: str, resource: str,
             context: dict[str, Any] | None = None) -> Outcome:
    attached = AttachedPolicy(policy, PolicyType.IDENTITY, "p")
    ctx = {"aws:username": name, **(context or {})}
    request = AuthzRequest(_caller(name), CallerPolicies(identity=(attached,)), "s3:GetObject",
                           resource, A, context=ctx)
    return decide(request).outcome


def test_pl01_same_resource_with_and_without_variables_enabled_stays_apart() -> None:
    """PL-01: under Version 2012-10-17 `${aws:username}` is a variable; without a Version it is
    literal text. The same Resource list in both policies must not share one compiled form."""
    statement = {"Effect": "Allow", "Action": "s3:GetObject",
                 "Resource": "arn:aws:s3:::home/${aws:username}/*"}
    with_vars, literal = _policy(statement), _policy(statement, version=None)
    for _ in range(2):  # either order, with the caches filled
        assert _outcome(with_vars, "alice", "arn:aws:s3:::home/alice/x") is Outcome.ALLOWED
        assert _outcome(literal, "alice", "arn:aws:s3:::home/alice/x") is Outcome.IMPLICIT_DENY
        assert (_outcome(literal, "alice", "arn:aws:s3:::home/${aws:username}/x")
                is Outcome.ALLOWED)
        assert (_outcome(with_vars, "alice", "arn:aws:s3:::home/${aws:username}/x")
                is Outcome.IMPLICIT_DENY)


def test_pv01_a_shared_condition_answers_per_request_value() -> None:
    """PV-01: one Condition block in two policies, asked by two users: each answer follows the
    request's own `aws:username`, not what the other policy or user was told before."""
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                 "Condition": {"StringEquals": {"s3:prefix": "${aws:username}/"}}}
    first, second = _policy(statement), _policy({**statement, "Sid": "Other"})
    assert compiled(first).statements[0].conditions is compiled(second).statements[0].conditions
    resource = "arn:aws:s3:::b/k"
    assert _outcome(first, "alice", resource, {"s3:prefix": "alice/"}) is Outcome.ALLOWED
    assert _outcome(second, "bob", resource, {"s3:prefix": "alice/"}) is Outcome.IMPLICIT_DENY
    assert _outcome(second, "bob", resource, {"s3:prefix": "bob/"}) is Outcome.ALLOWED
    assert _outcome(first, "alice", resource, {"s3:prefix": "bob/"}) is Outcome.IMPLICIT_DENY


def test_pv05_a_shared_condition_without_the_variable_matches_nothing() -> None:
    """PV-05: a variable with no value makes a String equality fail; a shared compiled
    condition that matched for one request must not carry that over."""
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                 "Condition": {"StringEquals": {"s3:prefix": "${aws:PrincipalTag/team}"}}}
    first, second = _policy(statement), _policy(statement)
    resource = "arn:aws:s3:::b/k"
    assert _outcome(first, "alice", resource, {"s3:prefix": "red",
                                               "aws:principaltag/team": "red"}) is Outcome.ALLOWED
    assert _outcome(second, "alice", resource, {"s3:prefix": "red"}) is Outcome.IMPLICIT_DENY


def test_pl06_a_shared_resource_list_answers_per_resource() -> None:
    """PL-06: the per-ARN results of a Resource list are shared by every statement with that
    list; each ARN still gets its own answer, whichever statement asked first."""
    statement = {"Effect": "Allow", "Action": "s3:GetObject",
                 "Resource": ["arn:aws:s3:::data-1/*", "arn:aws:s3:::data-2/*"]}
    deny = {"Effect": "Deny", "Action": "s3:GetObject",
            "Resource": ["arn:aws:s3:::data-1/*", "arn:aws:s3:::data-2/*"]}
    allow, denied = _policy(statement), _policy(deny)
    assert (compiled(allow).statements[0].resource_cache
            is compiled(denied).statements[0].resource_cache)
    assert _outcome(allow, "alice", "arn:aws:s3:::data-2/k") is Outcome.ALLOWED
    assert _outcome(denied, "alice", "arn:aws:s3:::data-2/k") is Outcome.EXPLICIT_DENY
    assert _outcome(denied, "alice", "arn:aws:s3:::data-3/k") is Outcome.IMPLICIT_DENY
    assert _outcome(allow, "alice", "arn:aws:s3:::data-3/k") is Outcome.IMPLICIT_DENY


def test_a_compiled_policy_is_dropped_with_its_policy() -> None:
    """The compiled form is cached by the policy's id: the entry must go when the policy does,
    before another object can take that id and be handed a stranger's statements."""
    policy = _policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})
    key = id(policy)
    compiled(policy)
    assert key in compiled_module._CACHE
    del policy
    gc.collect()
    assert key not in compiled_module._CACHE
