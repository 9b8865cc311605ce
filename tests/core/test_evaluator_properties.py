"""Property tests: an explicit deny always wins (EV-02, PL-04); a boundary or a session policy
never turns a deny into an allow (EV-10, EV-12, AR-15); the evaluator never raises on anything the
parser accepts; the parser raises only MalformedPolicyDocument."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rolesim.core.decision import Outcome
from rolesim.core.evaluator import decide
from rolesim.core.policy.model import AttachedPolicy, MalformedPolicyDocument, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.request import (
    AuthzRequest,
    Caller,
    CallerPolicies,
    EvaluationMode,
    PrincipalType,
)

A, B = "111111111111", "222222222222"
ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*", "*", "ec2:RunInstances",
           "iam:?etUser", "sts:AssumeRole"]
RESOURCES = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "arn:aws:s3:::b/${aws:username}",
             "arn:aws:iam::111111111111:role/R", "arn:aws:s3:::*"]
REQUEST_RESOURCES = ["arn:aws:s3:::b/k", "arn:aws:s3:::b/alice", "*",
                     "arn:aws:iam::111111111111:role/R"]
CONDITIONS: list[dict[str, Any]] = [
    {"StringEquals": {"aws:username": "alice"}},
    {"StringNotEquals": {"aws:PrincipalTag/team": ["ops", "${aws:username}"]}},
    {"StringLike": {"aws:userid": "AIDA*"}},
    {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}},
    {"ForAnyValue:StringLike": {"aws:TagKeys": ["a*"]}},
    {"Null": {"aws:TokenIssueTime": "true"}},
    {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    {"NumericLessThan": {"test:n": "5"}},
    {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/*"}},
]
PRINCIPALS: list[Any] = ["*", {"AWS": A}, {"AWS": B}, {"AWS": f"arn:aws:iam::{A}:user/alice"},
                         {"AWS": f"arn:aws:iam::{A}:role/R"},
                         {"AWS": f"arn:aws:sts::{A}:assumed-role/R/s"},
                         {"Service": "ec2.amazonaws.com"}]

CALLERS = [
    Caller(PrincipalType.USER, f"arn:aws:iam::{A}:user/alice", A, "AIDAA",
           f"arn:aws:iam::{A}:user/alice", entity_id="AIDAA",
           user_arn=f"arn:aws:iam::{A}:user/alice"),
    Caller(PrincipalType.ASSUMED_ROLE, f"arn:aws:sts::{A}:assumed-role/R/s", A, "AROAR:s",
           f"arn:aws:iam::{A}:role/R", entity_id="AROAR", role_arn=f"arn:aws:iam::{A}:role/R"),
    Caller(PrincipalType.USER, f"arn:aws:iam::{B}:user/bob", B, "AIDAB",
           f"arn:aws:iam::{B}:user/bob", entity_id="AIDAB", user_arn=f"arn:aws:iam::{B}:user/bob"),
    Caller(PrincipalType.FEDERATED_USER, f"arn:aws:sts::{A}:federated-user/f", A, f"{A}:f",
           f"arn:aws:sts::{A}:federated-user/f", entity_id="AIDAA",
           user_arn=f"arn:aws:iam::{A}:user/alice"),
    Caller(PrincipalType.ACCOUNT, f"arn:aws:iam::{A}:root", A, A, f"arn:aws:iam::{A}:root"),
]
CONTEXTS: list[dict[str, Any]] = [
    {},
    {"aws:username": "alice", "aws:tagkeys": ("a",), "test:n": "3",
     "aws:currenttime": "2026-01-01T00:00:00Z", "aws:sourceip": "10.1.1.1"},
    {"aws:principaltag/team": "ops", "aws:tagkeys": (), "aws:tokenissuetime": "x",
     "aws:multifactorauthpresent": "true", "aws:principalarn": f"arn:aws:iam::{A}:role/R"},
]


def statement(with_principal: bool) -> st.SearchStrategy[dict[str, Any]]:
    def build(effect: str, not_action: bool, actions: list[str], not_resource: bool,
              resources: list[str], conditions: list[dict[str, Any]], principal: Any
              ) -> dict[str, Any]:
        out: dict[str, Any] = {"Effect": effect,
                               ("NotAction" if not_action else "Action"): actions}
        out["NotResource" if not_resource else "Resource"] = resources
        merged: dict[str, Any] = {}
        for c in conditions:
            merged.update(c)
        if merged:
            out["Condition"] = merged
        if with_principal:
            out["Principal"] = principal
        return out

    return st.builds(
        build, st.sampled_from(["Allow", "Deny"]), st.booleans(),
        st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=3),
        st.booleans(), st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2),
        st.lists(st.sampled_from(CONDITIONS), max_size=2), st.sampled_from(PRINCIPALS))


def policy(kind: PolicyType) -> st.SearchStrategy[AttachedPolicy]:
    with_principal = kind is PolicyType.RESOURCE

    def build(statements: list[dict[str, Any]]) -> AttachedPolicy:
        document = {"Version": "2012-10-17", "Statement": statements}
        return AttachedPolicy(parse_policy(document, kind), kind, kind.name.lower(),
                              "arn:aws:s3:::b" if with_principal else None)

    return st.builds(build, st.lists(statement(with_principal), min_size=1, max_size=4))


IDENTITY_POLICIES = policy(PolicyType.IDENTITY)
BOUNDARIES = policy(PolicyType.BOUNDARY)
SESSION_POLICIES = policy(PolicyType.SESSION)
SCPS = policy(PolicyType.SCP)
RESOURCE_POLICIES = policy(PolicyType.RESOURCE)


@st.composite
def requests(draw: st.DrawFn) -> AuthzRequest:
    caller = draw(st.sampled_from(CALLERS))
    pols = CallerPolicies(
        identity=tuple(draw(st.lists(IDENTITY_POLICIES, max_size=2))),
        boundary=draw(st.none() | BOUNDARIES),
        session=draw(st.none() | st.lists(SESSION_POLICIES, max_size=1).map(tuple)),
        scps=draw(st.none() | st.lists(SCPS, max_size=1).map(tuple)),
        implicit_allow=caller.type is PrincipalType.ACCOUNT,
    )
    return AuthzRequest(
        caller, pols, draw(st.sampled_from([*ACTIONS[:2], "ec2:RunInstances", "iam:GetUser"])),
        draw(st.sampled_from(REQUEST_RESOURCES)), draw(st.sampled_from([A, B, ""])),
        draw(st.none() | RESOURCE_POLICIES), draw(st.sampled_from(CONTEXTS)),
        draw(st.sampled_from([EvaluationMode.NORMAL, EvaluationMode.TRUST])))


DENY_ALL = parse_policy({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]},
                        PolicyType.IDENTITY)


def with_policies(req: AuthzRequest, **changes: Any) -> AuthzRequest:
    p = req.policies
    fields = {"identity": p.identity, "boundary": p.boundary, "session": p.session,
              "scps": p.scps, "implicit_allow": p.implicit_allow, **changes}
    return AuthzRequest(req.caller, CallerPolicies(**fields), req.action, req.resource,
                        req.resource_account, req.resource_policy, req.context, req.mode)


@settings(max_examples=100)
@given(requests())
def test_evaluator_never_raises_and_trace_is_complete(req: AuthzRequest) -> None:
    decision = decide(req)
    assert decision.outcome in set(Outcome)
    assert decision.reason
    lines = decision.explain()
    assert lines[0].startswith(str(decision.outcome))
    if decision.outcome is not Outcome.ALLOWED:
        assert decision.blocked_by is not None


@settings(max_examples=100)
@given(requests())
def test_ev02_an_explicit_deny_always_wins(req: AuthzRequest) -> None:
    deny = AttachedPolicy(DENY_ALL, PolicyType.IDENTITY, "deny-all")
    denied = with_policies(req, identity=(*req.policies.identity, deny))
    decision = decide(denied)
    assert decision.outcome is Outcome.EXPLICIT_DENY
    assert any(ref.policy_label == "deny-all" for ref in decision.deciding)


@settings(max_examples=100)
@given(requests(), BOUNDARIES, SESSION_POLICIES)
def test_ev10_ev12_boundary_or_session_policy_never_turns_deny_into_allow(
        req: AuthzRequest, bound: AttachedPolicy, session: AttachedPolicy) -> None:
    base = with_policies(req, boundary=None, session=None)
    if decide(base).allowed:
        return
    assert not decide(with_policies(base, boundary=bound)).allowed
    assert not decide(with_policies(base, session=(session,))).allowed
    assert not decide(with_policies(base, boundary=bound, session=(session,))).allowed
    assert not decide(with_policies(base, session=())).allowed


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(
        ["Allow", "Deny", "*", "s3:*", "arn:aws:s3:::b", "Statement", "Effect", "Action",
         "Resource", "Principal", "Condition", "StringEquals", "AWS", "2012-10-17", "${x}"])
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["Version", "Statement", "Effect", "Action", "NotAction", "Resource",
                         "Principal", "NotPrincipal", "Condition", "Sid", "AWS", "Service",
                         "StringEquals", "ForAllValues:StringLike", "Null", "aws:username"]),
        inner, max_size=4),
    max_leaves=12)


@settings(max_examples=200)
@given(JSONISH, st.sampled_from(list(PolicyType)))
def test_parser_raises_only_malformed_policy_document(document: Any, kind: PolicyType) -> None:
    try:
        parsed = parse_policy(document if isinstance(document, dict) else {"Statement": document},
                              kind)
    except MalformedPolicyDocument:
        return
    caller = CALLERS[0]
    req = AuthzRequest(caller, CallerPolicies(identity=(AttachedPolicy(parsed, kind, "x"),)),
                       "s3:GetObject", "arn:aws:s3:::b", A,
                       AttachedPolicy(parsed, kind, "r") if kind is PolicyType.RESOURCE else None)
    decide(req).explain()
