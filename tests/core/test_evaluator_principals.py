"""Principal matching in resource and trust policies: TP-02, TP-06, ID-15, PL-09, REV-05."""

from __future__ import annotations

from typing import Any

import pytest

from rolesim.core.decision import Outcome
from rolesim.core.evaluator import decide
from rolesim.core.policy.model import AttachedPolicy, PolicyType, PrincipalSpec
from rolesim.core.policy.parse import parse_policy
from rolesim.core.policy.principals import CompiledPrincipal, MatchKind
from rolesim.core.request import AuthzRequest, Caller, CallerPolicies, PrincipalType

A, B = "111111111111", "222222222222"
OBJECT = "arn:aws:s3:::data/k"
ALLOW_ALL = parse_policy({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
                         PolicyType.IDENTITY)


def user(name: str = "alice", account: str = A, uid: str = "AIDAALICE") -> Caller:
    arn = f"arn:aws:iam::{account}:user/{name}"
    return Caller(PrincipalType.USER, arn, account, uid, arn, entity_id=uid, user_arn=arn)


def session(role: str = "Dev", name: str = "s1", uid: str = "AROADEV") -> Caller:
    role_arn = f"arn:aws:iam::{A}:role/{role}"
    return Caller(PrincipalType.ASSUMED_ROLE, f"arn:aws:sts::{A}:assumed-role/{role}/{name}", A,
                  f"{uid}:{name}", role_arn, entity_id=uid, role_arn=role_arn)


def federated(name: str = "fed", by: str = "alice") -> Caller:
    arn = f"arn:aws:sts::{A}:federated-user/{name}"
    return Caller(PrincipalType.FEDERATED_USER, arn, A, f"{A}:{name}", arn,
                  entity_id="AIDAALICE", user_arn=f"arn:aws:iam::{A}:user/{by}")


def root() -> Caller:
    return Caller(PrincipalType.ACCOUNT, f"arn:aws:iam::{A}:root", A, A, f"arn:aws:iam::{A}:root")


def spec(principal: Any) -> CompiledPrincipal:
    doc = {"Statement": [{"Effect": "Allow", "Principal": principal, "Action": "s3:*",
                          "Resource": "*"}]}
    parsed = parse_policy(doc, PolicyType.RESOURCE).statements[0].principal
    assert isinstance(parsed, PrincipalSpec)
    return CompiledPrincipal(parsed)


def with_bucket_policy(caller: Caller, *statements: dict[str, Any],
                       bindings: dict[str, str] | None = None) -> Outcome:
    """The caller has an allow-all identity policy; the bucket policy decides by principal."""
    policy = parse_policy({"Version": "2012-10-17", "Statement": list(statements)},
                          PolicyType.RESOURCE)
    rp = AttachedPolicy(policy, PolicyType.RESOURCE, "bucket", "arn:aws:s3:::data", bindings or {})
    identity = (AttachedPolicy(ALLOW_ALL, PolicyType.IDENTITY, "all"),)
    implicit = caller.type is PrincipalType.ACCOUNT
    policies = CallerPolicies(() if implicit else identity, implicit_allow=implicit)
    req = AuthzRequest(caller, policies, "s3:GetObject", OBJECT, A, rp)
    return decide(req).outcome


def deny_to(principal: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Principal": principal, "Action": "s3:*", "Resource": "*"}


def deny_except(principal: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "NotPrincipal": principal, "Action": "s3:*", "Resource": "*"}


@pytest.mark.parametrize(("principal", "caller", "kind"), [
    ({"AWS": A}, user(), MatchKind.ACCOUNT),
    ({"AWS": f"arn:aws:iam::{A}:root"}, session(), MatchKind.ACCOUNT),
    ({"AWS": A}, root(), MatchKind.ACCOUNT),
    ({"AWS": f"arn:aws:iam::{A}:user/alice"}, user(), MatchKind.USER),
    ({"AWS": f"arn:aws:iam::{A}:role/Dev"}, session(), MatchKind.ROLE),
    ({"AWS": f"arn:aws:sts::{A}:assumed-role/Dev/s1"}, session(), MatchKind.SESSION),
    ({"AWS": f"arn:aws:sts::{A}:federated-user/fed"}, federated(), MatchKind.FEDERATED),
    ({"AWS": f"arn:aws:iam::{A}:user/alice"}, federated(), MatchKind.USER),
    ("*", user(), MatchKind.WILDCARD),
    ({"AWS": "*"}, session(), MatchKind.WILDCARD),
    ({"AWS": [A, f"arn:aws:sts::{A}:assumed-role/Dev/s1"]}, session(), MatchKind.SESSION),
    ({"AWS": "AROADEV"}, session(), MatchKind.ROLE),
])
def test_tp02_principal_forms_and_how_they_match(principal: Any, caller: Caller,
                                                 kind: MatchKind) -> None:
    assert spec(principal).match(caller, {}) is kind


@pytest.mark.parametrize(("principal", "caller"), [
    ({"AWS": B}, user()),
    ({"AWS": f"arn:aws:iam::{A}:user/Alice"}, user()),  # ID-15: case-sensitive
    ({"AWS": f"arn:aws:iam::{A}:role/Dev"}, user()),
    ({"AWS": f"arn:aws:sts::{A}:assumed-role/Dev/s2"}, session()),
    ({"AWS": f"arn:aws:iam::{A}:role/Other"}, session()),
    ({"Service": "ec2.amazonaws.com"}, user()),
    ({"AWS": f"arn:aws:iam::{A}:user/alice"}, user("alice", B, "AIDAB")),
])
def test_id15_tp02_principals_that_do_not_name_the_caller(principal: Any, caller: Caller) -> None:
    assert spec(principal).match(caller, {}) is None


def test_tp06_bindings_apply_to_users_and_roles() -> None:
    role_arn = f"arn:aws:iam::{A}:role/Dev"
    element = spec({"AWS": role_arn})
    assert element.match(session(uid="AROADEV"), {role_arn: "AROADEV"}) is MatchKind.ROLE
    assert element.match(session(uid="AROANEW"), {role_arn: "AROADEV"}) is None
    assert spec({"AWS": "AROADEV"}).match(session(uid="AROANEW"), {}) is None


def test_service_and_federated_principals_are_matched_by_name() -> None:
    ec2 = Caller(PrincipalType.SERVICE, "ec2.amazonaws.com", A, "", "", service="ec2.amazonaws.com")
    assert spec({"Service": "EC2.amazonaws.com"}).match(ec2, {}) is MatchKind.SERVICE
    provider = f"arn:aws:iam::{A}:saml-provider/Okta"
    web = Caller(PrincipalType.ANONYMOUS, provider, A, "sub", provider, federated_provider=provider)
    assert spec({"Federated": provider}).match(web, {}) is MatchKind.FEDERATED_PROVIDER
    assert spec({"AWS": A}).match(web, {}) is None


def test_rev05_deny_by_name_in_a_resource_policy() -> None:
    allow = {"Effect": "Allow", "Principal": {"AWS": A}, "Action": "s3:*", "Resource": "*"}
    s1, s2 = session(name="s1"), session(name="s2")
    deny_session = deny_to({"AWS": s1.arn})
    assert with_bucket_policy(s1, allow, deny_session) is Outcome.EXPLICIT_DENY
    assert with_bucket_policy(s2, allow, deny_session) is Outcome.ALLOWED
    deny_role = deny_to({"AWS": s1.role_arn})
    assert with_bucket_policy(s1, allow, deny_role) is Outcome.EXPLICIT_DENY
    assert with_bucket_policy(s2, allow, deny_role) is Outcome.EXPLICIT_DENY
    deny_fed = deny_to({"AWS": federated("f1").arn})
    assert with_bucket_policy(federated("f1"), allow, deny_fed) is Outcome.EXPLICIT_DENY
    assert with_bucket_policy(federated("f2"), allow, deny_fed) is not Outcome.EXPLICIT_DENY
    deny_user = deny_to({"AWS": user().arn})
    assert with_bucket_policy(federated("f2"), allow, deny_user) is Outcome.EXPLICIT_DENY
    assert with_bucket_policy(user(), allow, deny_user) is Outcome.EXPLICIT_DENY


def test_pl09_not_principal_deny_spares_only_fully_listed_callers() -> None:
    s = session()
    everything = [s.arn, s.role_arn, f"arn:aws:iam::{A}:root"]
    assert with_bucket_policy(s, deny_except({"AWS": everything})) is Outcome.ALLOWED
    assert with_bucket_policy(s, deny_except({"AWS": [s.arn]})) is Outcome.EXPLICIT_DENY
    assert with_bucket_policy(s, deny_except({"AWS": [s.arn, s.role_arn]})) is (
        Outcome.EXPLICIT_DENY)
    listed_user = {"AWS": [user().arn, A]}
    assert with_bucket_policy(user(), deny_except(listed_user)) is Outcome.ALLOWED
    assert with_bucket_policy(user("bob", uid="AIDABOB"), deny_except(listed_user)) is (
        Outcome.EXPLICIT_DENY)
    assert with_bucket_policy(root(), deny_except({"AWS": A})) is Outcome.ALLOWED


def test_explanation_names_the_principal_that_did_not_match() -> None:
    policy = parse_policy({"Statement": [{"Effect": "Allow", "Principal": {"AWS": B},
                                          "Action": "s3:*", "Resource": "*"}]},
                          PolicyType.RESOURCE)
    rp = AttachedPolicy(policy, PolicyType.RESOURCE, "bucket", "arn:aws:s3:::data")
    req = AuthzRequest(user(), CallerPolicies(), "s3:GetObject", OBJECT, A, rp)
    row = decide(req).trace()[0].statements[0]
    assert not row.matched
    assert row.why == f"Principal AWS {B} does not name {user().arn}"
