"""Evaluator facts EV-*, XA-*, ORG-01..02 and the trust-policy rules TP-* (fact sheet IDs)."""

from __future__ import annotations

from typing import Any

import pytest

from rolesim.core.decision import Outcome
from rolesim.core.evaluator import decide
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.request import (
    AuthzRequest,
    Caller,
    CallerPolicies,
    EvaluationMode,
    PrincipalType,
)

A = "111111111111"
B = "222222222222"
BUCKET = "arn:aws:s3:::data"
OBJECT = "arn:aws:s3:::data/report.csv"
ALLOWED, EXPLICIT, IMPLICIT = Outcome.ALLOWED, Outcome.EXPLICIT_DENY, Outcome.IMPLICIT_DENY


def attached(kind: PolicyType, *statements: dict[str, Any], label: str = "p",
             arn: str | None = None, bindings: dict[str, str] | None = None) -> AttachedPolicy:
    doc = {"Version": "2012-10-17", "Statement": list(statements)}
    return AttachedPolicy(parse_policy(doc, kind), kind, label, arn, bindings or {})


def allow(action: str = "s3:GetObject", resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str = "s3:GetObject", resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def grant(principal: Any, action: str = "s3:GetObject", effect: str = "Allow",
          resource: str | None = OBJECT, **extra: Any) -> dict[str, Any]:
    st = {"Effect": effect, "Principal": principal, "Action": action, **extra}
    if resource is not None:
        st["Resource"] = resource
    return st


def identity(*statements: dict[str, Any], label: str = "id") -> AttachedPolicy:
    return attached(PolicyType.IDENTITY, *statements, label=label)


def boundary(*statements: dict[str, Any]) -> AttachedPolicy:
    return attached(PolicyType.BOUNDARY, *statements, label="boundary")


def session_policy(*statements: dict[str, Any]) -> AttachedPolicy:
    return attached(PolicyType.SESSION, *statements, label="session")


def scp(*statements: dict[str, Any], label: str = "scp") -> AttachedPolicy:
    return attached(PolicyType.SCP, *statements, label=label)


def bucket_policy(*statements: dict[str, Any], bindings: dict[str, str] | None = None
                  ) -> AttachedPolicy:
    return attached(PolicyType.RESOURCE, *statements, label="bucket", arn=BUCKET,
                    bindings=bindings)


def trust_policy(*statements: dict[str, Any], role: str = f"arn:aws:iam::{A}:role/Target",
                 bindings: dict[str, str] | None = None) -> AttachedPolicy:
    return attached(PolicyType.TRUST, *statements, label="trust", arn=role, bindings=bindings)


def user(name: str = "alice", account: str = A, uid: str = "AIDAALICE") -> Caller:
    arn = f"arn:aws:iam::{account}:user/{name}"
    return Caller(PrincipalType.USER, arn, account, uid, arn, entity_id=uid, user_arn=arn)


def role_session(role: str = "Dev", name: str = "s1", account: str = A,
                 uid: str = "AROADEV") -> Caller:
    role_arn = f"arn:aws:iam::{account}:role/{role}"
    return Caller(PrincipalType.ASSUMED_ROLE, f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
                  account, f"{uid}:{name}", role_arn, entity_id=uid, role_arn=role_arn)


def federated(name: str = "fed", account: str = A, by: str = "alice") -> Caller:
    user_arn = f"arn:aws:iam::{account}:user/{by}"
    return Caller(PrincipalType.FEDERATED_USER, f"arn:aws:sts::{account}:federated-user/{name}",
                  account, f"{account}:{name}", f"arn:aws:sts::{account}:federated-user/{name}",
                  entity_id="AIDAALICE", user_arn=user_arn)


def root(account: str = A) -> Caller:
    arn = f"arn:aws:iam::{account}:root"
    return Caller(PrincipalType.ACCOUNT, arn, account, account, arn)


def service(name: str) -> Caller:
    return Caller(PrincipalType.SERVICE, name, "", "", "", service=name)


def request(caller: Caller, *, identity_policies: tuple[AttachedPolicy, ...] = (),
            bound: AttachedPolicy | None = None, sessions: tuple[AttachedPolicy, ...] | None = None,
            scps: tuple[AttachedPolicy, ...] | None = None, implicit_allow: bool = False,
            action: str = "s3:GetObject", resource: str = OBJECT, resource_account: str = A,
            resource_policy: AttachedPolicy | None = None, context: dict[str, Any] | None = None,
            mode: EvaluationMode = EvaluationMode.NORMAL) -> AuthzRequest:
    policies = CallerPolicies(identity_policies, bound, sessions, scps, implicit_allow)
    return AuthzRequest(caller, policies, action, resource, resource_account, resource_policy,
                        context or {}, mode)


def outcome(req: AuthzRequest) -> Outcome:
    return decide(req).outcome


# --- EV: single account -------------------------------------------------------------------

def test_ev01_default_is_implicit_deny() -> None:
    d = decide(request(user()))
    assert d.outcome is IMPLICIT
    assert d.blocked_by is PolicyType.IDENTITY
    assert "no identity-based policy allows s3:GetObject" in d.reason


def test_ev01_root_is_implicitly_allowed_but_bound_by_scp_and_resource_deny() -> None:
    assert outcome(request(root(), implicit_allow=True)) is ALLOWED
    assert outcome(request(root(), implicit_allow=True, scps=(scp(deny()),))) is EXPLICIT
    rp = bucket_policy(grant({"AWS": A}, effect="Deny"))
    assert outcome(request(root(), implicit_allow=True, resource_policy=rp)) is EXPLICIT


@pytest.mark.parametrize("where", ["scp", "resource", "identity", "boundary", "session"])
def test_ev02_explicit_deny_in_any_policy_type_wins(where: str) -> None:
    kwargs: dict[str, Any] = {
        "identity_policies": (identity(allow(resource="*")),),
        "bound": boundary(allow(action="s3:*")),
        "sessions": (session_policy(allow(action="s3:*")),),
        "scps": (scp(allow(action="*")),),
        "resource_policy": bucket_policy(grant({"AWS": role_session().arn})),
    }
    if where == "scp":
        kwargs["scps"] = (scp(allow(action="*"), deny(), label="DenyS3"),)
    elif where == "resource":
        kwargs["resource_policy"] = bucket_policy(grant("*", effect="Deny"))
    elif where == "identity":
        kwargs["identity_policies"] = (identity(allow(), deny()),)
    elif where == "boundary":
        kwargs["bound"] = boundary(allow(action="s3:*"), deny())
    else:
        kwargs["sessions"] = (session_policy(allow(action="s3:*"), deny()),)
    d = decide(request(role_session(), **kwargs))
    assert d.outcome is EXPLICIT
    assert d.deciding and all(r.effect == "Deny" for r in d.deciding)
    expected = {"scp": PolicyType.SCP, "resource": PolicyType.RESOURCE,
                "identity": PolicyType.IDENTITY, "boundary": PolicyType.BOUNDARY,
                "session": PolicyType.SESSION}[where]
    assert d.blocked_by is expected


def test_ev02_scp_deny_reason_names_the_policy() -> None:
    d = decide(request(user(), identity_policies=(identity(allow()),),
                       scps=(scp(allow(action="*"), deny(action="s3:*"), label="DenyS3"),)))
    assert d.reason == "explicit deny in service control policy 'DenyS3'"


def test_ev03_same_account_resource_or_identity_is_enough() -> None:
    rp = bucket_policy(grant({"AWS": user().arn}))
    assert outcome(request(user(), resource_policy=rp)) is ALLOWED
    assert outcome(request(user(), identity_policies=(identity(allow()),))) is ALLOWED
    other = bucket_policy(grant({"AWS": user("bob").arn}))
    assert outcome(request(user(), resource_policy=other)) is IMPLICIT


def test_ev04_resource_policy_naming_user_arn_ignores_boundary_implicit_deny() -> None:
    rp = bucket_policy(grant({"AWS": user().arn}))
    req = request(user(), bound=boundary(allow(action="ec2:*")), resource_policy=rp)
    assert outcome(req) is ALLOWED
    rp_deny = bucket_policy(grant({"AWS": user().arn}), grant("*", effect="Deny"))
    assert outcome(request(user(), resource_policy=rp_deny)) is EXPLICIT


def test_ev05_resource_policy_naming_session_arn_ignores_boundary_and_session_policy() -> None:
    caller = role_session()
    rp = bucket_policy(grant({"AWS": caller.arn}))
    req = request(caller, bound=boundary(allow(action="ec2:*")),
                  sessions=(session_policy(allow(action="ec2:*")),), resource_policy=rp)
    assert outcome(req) is ALLOWED


def test_ev06_resource_policy_naming_role_arn_is_limited_by_boundary_and_session() -> None:
    caller = role_session()
    rp = bucket_policy(grant({"AWS": caller.role_arn}))
    assert outcome(request(caller, resource_policy=rp)) is ALLOWED  # identity silent
    d = decide(request(caller, bound=boundary(allow(action="ec2:*")), resource_policy=rp))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.BOUNDARY
    d = decide(request(caller, sessions=(session_policy(allow(action="ec2:*")),),
                       resource_policy=rp))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.SESSION
    ok = request(caller, bound=boundary(allow(action="s3:*")),
                 sessions=(session_policy(allow(action="s3:*")),), resource_policy=rp)
    assert outcome(ok) is ALLOWED


def test_ev07_federated_user_arn_grant_ignores_implicit_denies() -> None:
    caller = federated()
    rp = bucket_policy(grant({"AWS": caller.arn}))
    req = request(caller, sessions=(), bound=boundary(allow(action="ec2:*")), resource_policy=rp)
    assert outcome(req) is ALLOWED


def test_ev07_grant_to_the_user_behind_a_federated_user_is_limited_by_session_policy() -> None:
    caller = federated()
    rp = bucket_policy(grant({"AWS": user().arn}))
    assert outcome(request(caller, sessions=(), resource_policy=rp)) is IMPLICIT
    with_policy = (session_policy(allow(action="s3:*")),)
    assert outcome(request(caller, sessions=with_policy, resource_policy=rp)) is ALLOWED


def test_ev08_account_grant_delegates_to_identity_policies() -> None:
    rp = bucket_policy(grant({"AWS": f"arn:aws:iam::{A}:root"}))
    d = decide(request(user(), resource_policy=rp))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.IDENTITY
    assert outcome(request(user(), identity_policies=(identity(allow()),),
                           resource_policy=rp)) is ALLOWED


def test_ev09_trust_policy_must_allow_even_within_one_account() -> None:
    trust = trust_policy(grant({"Service": "lambda.amazonaws.com"}, "sts:AssumeRole",
                               resource=None))
    admin = identity(allow(action="*"))
    d = decide(request(user(), identity_policies=(admin,), action="sts:AssumeRole",
                       resource=f"arn:aws:iam::{A}:role/Target", resource_policy=trust,
                       mode=EvaluationMode.TRUST))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.TRUST


def test_ev10_boundary_alone_grants_nothing() -> None:
    bound = boundary(allow(action="s3:*"), allow(action="ec2:*"))
    req = request(user(), identity_policies=(identity(allow(action="iam:CreateUser")),),
                  bound=bound, action="iam:CreateUser", resource="*")
    assert outcome(req) is IMPLICIT
    assert decide(req).blocked_by is PolicyType.BOUNDARY
    assert outcome(request(user(), bound=bound)) is IMPLICIT


def test_ev11_identity_boundary_and_scp_must_all_allow() -> None:
    ident = (identity(allow()),)
    bound = boundary(allow(action="s3:*"))
    full = (scp(allow(action="*")),)
    assert outcome(request(user(), identity_policies=ident, bound=bound, scps=full)) is ALLOWED
    ec2_only = (scp(allow(action="ec2:*")),)
    d = decide(request(user(), identity_policies=ident, bound=bound, scps=ec2_only))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.SCP


def test_ev12_session_policy_rules() -> None:
    ident = (identity(allow()),)
    caller = role_session()
    assert outcome(request(caller, identity_policies=ident)) is ALLOWED
    narrow = (session_policy(allow(action="ec2:*")),)
    assert outcome(request(caller, identity_policies=ident, sessions=narrow)) is IMPLICIT
    d = decide(request(federated(), identity_policies=ident, sessions=()))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.SESSION


def test_ev13_session_with_boundary_is_intersection_plus_direct_session_grant() -> None:
    caller = role_session()
    ident = (identity(allow(action="s3:*")),)
    bound = boundary(allow(action="s3:GetObject"))
    sess = (session_policy(allow(action="s3:*")),)
    assert outcome(request(caller, identity_policies=ident, bound=bound, sessions=sess)) is ALLOWED
    put = request(caller, identity_policies=ident, bound=bound, sessions=sess,
                  action="s3:PutObject")
    assert outcome(put) is IMPLICIT
    rp = bucket_policy(grant({"AWS": caller.arn}, "s3:PutObject"))
    direct = request(caller, identity_policies=ident, bound=bound, sessions=sess,
                     action="s3:PutObject", resource_policy=rp)
    assert outcome(direct) is ALLOWED


def test_ev14_session_policy_with_role_or_session_grant() -> None:
    caller = role_session()
    sess = (session_policy(allow(action="s3:PutObject")),)
    role_grant = bucket_policy(grant({"AWS": caller.role_arn}))
    # (session ∩ resource) ∪ (session ∩ identity): session does not allow GetObject -> deny
    assert outcome(request(caller, sessions=sess, resource_policy=role_grant)) is IMPLICIT
    sess_ok = (session_policy(allow(action="s3:GetObject")),)
    assert outcome(request(caller, sessions=sess_ok, resource_policy=role_grant)) is ALLOWED
    # naming the session ARN: resource grant ∪ (identity ∩ session)
    session_grant = bucket_policy(grant({"AWS": caller.arn}))
    assert outcome(request(caller, sessions=sess, resource_policy=session_grant)) is ALLOWED


def test_ev15_denial_reasons_name_the_policy_type() -> None:
    ident = (identity(allow()),)
    assert decide(request(user(), bound=boundary(allow(action="ec2:*")),
                          identity_policies=ident)).reason.startswith("the permissions boundary")
    assert "no session policy allows" in decide(
        request(role_session(), identity_policies=ident,
                sessions=(session_policy(allow(action="ec2:*")),))).reason


def test_ev16_each_request_is_decided_on_the_policies_it_carries() -> None:
    caller = role_session()
    before = request(caller, identity_policies=(identity(allow()),))
    after = request(caller, identity_policies=(identity(allow(), deny()),))
    assert outcome(before) is ALLOWED and outcome(after) is EXPLICIT


# --- XA: cross account -----------------------------------------------------------------------

def test_xa01_cross_account_needs_both_sides() -> None:
    caller = user(account=B)
    rp = bucket_policy(grant({"AWS": caller.arn}))
    ident = (identity(allow()),)
    assert outcome(request(caller, identity_policies=ident, resource_policy=rp)) is ALLOWED
    bound = boundary(allow(action="ec2:*"))
    d = decide(request(caller, identity_policies=ident, resource_policy=rp, bound=bound))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.BOUNDARY


def test_xa02_either_side_missing_or_denying_denies() -> None:
    caller = user(account=B)
    rp = bucket_policy(grant({"AWS": B}))
    assert outcome(request(caller, resource_policy=rp)) is IMPLICIT
    d = decide(request(caller, identity_policies=(identity(allow()),)))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.RESOURCE
    other_rp = bucket_policy(grant({"AWS": A}))
    d = decide(request(caller, identity_policies=(identity(allow()),), resource_policy=other_rp))
    assert d.blocked_by is PolicyType.RESOURCE
    assert "does not allow this cross-account caller" in d.reason
    denying = (identity(allow(), deny()),)
    assert outcome(request(caller, identity_policies=denying, resource_policy=rp)) is EXPLICIT


def test_xa01_when_both_halves_deny_the_reason_names_both_callers_side_first() -> None:
    """XA-01: a cross-account request is evaluated in both accounts. When neither allows, the
    reason leads with the caller's own account (as AWS's message does, ER-04) and names the
    resource side too."""
    caller = user(account=B)
    d = decide(request(caller, resource_policy=bucket_policy(grant({"AWS": A}))))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.IDENTITY
    assert d.reason.startswith("no identity-based policy allows")
    assert "does not allow this cross-account caller" in d.reason


def test_xa03_account_grant_is_delegated_at_most_what_was_granted() -> None:
    caller = user("user2", account=B)
    rp = bucket_policy(grant({"AWS": f"arn:aws:iam::{B}:root"}, "s3:*"))
    read_only = (identity(allow(action="s3:Get*")),)
    assert outcome(request(caller, identity_policies=read_only, resource_policy=rp)) is ALLOWED
    put = request(caller, identity_policies=read_only, resource_policy=rp, action="s3:PutObject")
    assert outcome(put) is IMPLICIT


def test_xa04_with_a_resource_policy_the_caller_keeps_its_own_permissions() -> None:
    caller = user(account=B)
    rp = bucket_policy(grant({"AWS": caller.arn}))
    ident = (identity(allow(action="s3:GetObject"), allow(action="ec2:*")),)
    assert outcome(request(caller, identity_policies=ident, resource_policy=rp)) is ALLOWED
    own = request(caller, identity_policies=ident, action="ec2:DescribeInstances", resource="*",
                  resource_account=B)
    assert outcome(own) is ALLOWED


def test_xa05_star_principal_grants_public_access_but_other_accounts_need_identity() -> None:
    anon = Caller(PrincipalType.ANONYMOUS, "anonymous", "", "anonymous", "anonymous")
    rp = bucket_policy(grant("*"))
    assert outcome(request(anon, resource_policy=rp)) is ALLOWED
    assert outcome(request(user(account=B), resource_policy=rp)) is IMPLICIT
    assert outcome(request(user(account=B), resource_policy=rp,
                           identity_policies=(identity(allow()),))) is ALLOWED


def test_xa10_source_arn_condition_is_false_for_a_direct_call() -> None:
    queue = "arn:aws:sqs:us-east-1:111111111111:q"
    topic = "arn:aws:sns:us-east-1:111111111111:t"
    rp = attached(PolicyType.RESOURCE, grant({"Service": "sns.amazonaws.com"}, "sqs:SendMessage",
                                             resource=queue,
                                             Condition={"ArnEquals": {"aws:SourceArn": topic}}))
    sns = service("sns.amazonaws.com")
    via = request(sns, action="sqs:SendMessage", resource=queue, resource_policy=rp,
                  context={"aws:sourcearn": topic})
    assert outcome(via) is ALLOWED
    direct = request(sns, action="sqs:SendMessage", resource=queue, resource_policy=rp)
    assert outcome(direct) is IMPLICIT


# --- ORG -------------------------------------------------------------------------------------

def test_org01_scps_limit_root_and_never_grant() -> None:
    only_s3 = (scp(allow(action="s3:*")),)
    assert outcome(request(root(), implicit_allow=True, scps=only_s3, action="ec2:RunInstances",
                           resource="*")) is IMPLICIT
    assert outcome(request(user(), scps=only_s3)) is IMPLICIT  # SCP allow grants nothing


def test_org01_management_account_is_not_limited() -> None:
    # scps=None: no organization or the management account
    assert outcome(request(root(), implicit_allow=True, scps=None)) is ALLOWED


def test_org02_no_scp_allow_blocks_everything() -> None:
    d = decide(request(user(), identity_policies=(identity(allow()),), scps=()))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.SCP
    assert d.reason == "no service control policy allows s3:GetObject"


# --- TP: trust policies (evaluation mode TRUST) --------------------------------------------

ROLE = f"arn:aws:iam::{A}:role/Target"


def assume(caller: Caller, trust: AttachedPolicy, **kwargs: Any) -> AuthzRequest:
    return request(caller, action="sts:AssumeRole", resource=ROLE, resource_policy=trust,
                   mode=EvaluationMode.TRUST, resource_account=A, **kwargs)


def trusts(principal: Any, **extra: Any) -> AttachedPolicy:
    return trust_policy(grant(principal, "sts:AssumeRole", resource=None, **extra))


def test_tp01_admin_cannot_assume_role_trusting_only_a_service() -> None:
    admin = (identity(allow(action="sts:AssumeRole")),)
    d = decide(assume(user(), trusts({"Service": "lambda.amazonaws.com"}),
                      identity_policies=admin))
    assert d.outcome is IMPLICIT
    assert d.reason.startswith(f"the trust policy of {ROLE} does not allow")


def test_tp09_named_user_needs_no_identity_policy_but_account_does() -> None:
    assert outcome(assume(user(), trusts({"AWS": user().arn}))) is ALLOWED
    assert outcome(assume(user(), trusts({"AWS": A}))) is IMPLICIT
    ident = (identity(allow(action="sts:AssumeRole", resource=ROLE)),)
    assert outcome(assume(user(), trusts({"AWS": A}), identity_policies=ident)) is ALLOWED


def test_tp10_cross_account_needs_trust_and_identity() -> None:
    caller = user(account=B)
    ident = (identity(allow(action="sts:AssumeRole", resource=ROLE)),)
    assert outcome(assume(caller, trusts({"AWS": caller.arn}))) is IMPLICIT
    assert outcome(assume(caller, trusts({"AWS": A}), identity_policies=ident)) is IMPLICIT
    assert outcome(assume(caller, trusts({"AWS": caller.arn}), identity_policies=ident)) is ALLOWED


def test_tp11_boundary_applies_even_when_trust_names_the_caller() -> None:
    d = decide(assume(user(), trusts({"AWS": user().arn}), bound=boundary(allow(action="s3:*"))))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.BOUNDARY


def test_tp12_identity_or_scp_deny_wins_over_trust() -> None:
    trust = trusts({"AWS": user().arn})
    no_assume = (identity(deny(action="sts:AssumeRole")),)
    assert outcome(assume(user(), trust, identity_policies=no_assume)) is EXPLICIT
    assert outcome(assume(user(), trust, scps=(scp(allow(action="*"),
                                                   deny(action="sts:*")),))) is EXPLICIT


def test_tp13_external_id_missing_or_wrong_is_denied() -> None:
    trust = trusts({"AWS": B}, Condition={"StringEquals": {"sts:ExternalId": "12345"}})
    caller = user(account=B)
    ident = (identity(allow(action="sts:AssumeRole")),)
    assert outcome(assume(caller, trust, identity_policies=ident)) is IMPLICIT
    wrong = assume(caller, trust, identity_policies=ident, context={"sts:externalid": "abc"})
    assert outcome(wrong) is IMPLICIT
    right = assume(caller, trust, identity_policies=ident, context={"sts:externalid": "12345"})
    assert outcome(right) is ALLOWED
    lines = "\n".join(decide(wrong).explain())
    assert 'value "abc" is not "12345"' in lines
    assert "request has no sts:ExternalId" in "\n".join(
        decide(assume(caller, trust, identity_policies=ident)).explain())


def test_tp06_bound_arn_no_longer_matches_a_recreated_entity() -> None:
    old = user(uid="AIDAOLD")
    new = user(uid="AIDANEW")
    trust = trust_policy(grant({"AWS": old.arn}, "sts:AssumeRole", resource=None),
                         bindings={old.arn: "AIDAOLD"})
    assert outcome(assume(old, trust)) is ALLOWED
    assert outcome(assume(new, trust)) is IMPLICIT


def test_tp15_service_principal_with_source_account() -> None:
    trust = trusts({"Service": ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com"]},
                   Condition={"StringEquals": {"aws:SourceAccount": A}})
    ecs = service("ecs.amazonaws.com")
    assert outcome(assume(ecs, trust, context={"aws:sourceaccount": A})) is ALLOWED
    assert outcome(assume(ecs, trust, context={"aws:sourceaccount": B})) is IMPLICIT


def test_ch07_role_assuming_itself_needs_explicit_trust() -> None:
    me = role_session("Target")
    ident = (identity(allow(action="sts:AssumeRole", resource=ROLE)),)
    assert outcome(assume(me, trusts({"Service": "ec2.amazonaws.com"}),
                          identity_policies=ident)) is IMPLICIT
    assert outcome(assume(me, trusts({"AWS": ROLE}))) is ALLOWED


def test_federated_provider_in_trust() -> None:
    provider = f"arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com"
    trust = trust_policy(grant({"Federated": provider}, "sts:AssumeRoleWithWebIdentity",
                               resource=None))
    web = Caller(PrincipalType.ANONYMOUS, "anonymous", "", "anonymous", "anonymous",
                 federated_provider=provider)
    req = request(web, action="sts:AssumeRoleWithWebIdentity", resource=ROLE,
                  resource_policy=trust, mode=EvaluationMode.TRUST)
    assert outcome(req) is ALLOWED


# --- Decision contents ------------------------------------------------------------------------

def test_allowed_decision_lists_the_granting_statements() -> None:
    ident = identity({"Sid": "Read", **allow()}, allow(action="ec2:*"), label="ReadS3")
    d = decide(request(user(), identity_policies=(ident,)))
    assert d.allowed
    assert [(r.policy_label, r.index, r.sid) for r in d.deciding] == [("ReadS3", 0, "Read")]


def test_trace_covers_every_policy_and_statement() -> None:
    ident = identity(allow(action="ec2:*"), deny(action="s3:PutObject"))
    d = decide(request(user(), identity_policies=(ident,), bound=boundary(allow(action="s3:*"))))
    trace = d.trace()
    assert [p.type for p in trace] == [PolicyType.IDENTITY, PolicyType.BOUNDARY]
    rows = trace[0].statements
    assert not rows[0].matched and "Action s3:GetObject not matched by ec2:*" in rows[0].why
    assert rows[1].why.startswith("Action s3:GetObject not matched")
    assert trace[1].statements[0].matched


def test_tp13_denial_reason_names_the_failing_condition() -> None:
    trust = trusts({"AWS": B}, Condition={"StringEquals": {"sts:ExternalId": "12345"}})
    caller = user(account=B)
    ident = (identity(allow(action="sts:AssumeRole")),)
    d = decide(assume(caller, trust, identity_policies=ident))
    assert d.reason.endswith(
        "(Statement[0]: Condition StringEquals sts:ExternalId: request has no sts:ExternalId)")


def test_pv04_identity_denial_reason_shows_resolved_variables() -> None:
    own = identity({"Sid": "Own", **allow(resource="arn:aws:s3:::data/${aws:username}/*")},
                   label="ReadOwn")
    d = decide(request(user(), identity_policies=(own,), context={"aws:username": "alice"}))
    assert d.outcome is IMPLICIT
    assert d.reason == (
        "no identity-based policy allows s3:GetObject (policy 'ReadOwn' Statement[0] \"Own\": "
        f"Resource {OBJECT} not matched by arn:aws:s3:::data/${{aws:username}}/* "
        '(= "arn:aws:s3:::data/alice/*"))')


def test_tp09_star_in_trust_delegates_like_the_account() -> None:
    """Our reading (the sheet is silent): `"*"` in a trust policy names nobody in particular,
    so a same-account caller also needs an identity allow, as with the account (TP-09)."""
    trust = trusts("*")
    d = decide(assume(user(), trust))
    assert d.outcome is IMPLICIT and d.blocked_by is PolicyType.IDENTITY
    assert "names the caller only through its account or \"*\"" in d.reason
    ident = (identity(allow(action="sts:AssumeRole", resource=ROLE)),)
    assert outcome(assume(user(), trust, identity_policies=ident)) is ALLOWED
