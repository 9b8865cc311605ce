"""Three places where AWS's evaluation differs from the general rules (issue 13):

* AWS-owned resources (an AWS managed policy, `arn:aws:iam::aws:policy/...`) are read under
  the caller's own identity policies: the cross-account rule XA-01 (and the union EV-03) is
  about resources other customers own, and `aws` owns these.
* KMS keys: the key policy must allow, even in the caller's own account (EV-09); naming the
  account delegates to its IAM policies; a key without a policy has AWS's default key policy,
  which names the key's account.
* NotPrincipal (PL-09) in a Deny always denies an IAM user or role that has a permissions
  boundary, whatever NotPrincipal lists (AWS User Guide: "AWS JSON policy elements:
  NotPrincipal" and "Permissions boundaries for IAM entities", Important notes).
"""

from __future__ import annotations

from typing import Any

from rolesim.core.evaluator import decide
from rolesim.core.policy.model import PolicyType
from tests.core.test_evaluator import (
    ALLOWED,
    EXPLICIT,
    IMPLICIT,
    A,
    B,
    allow,
    attached,
    boundary,
    bucket_policy,
    grant,
    identity,
    request,
    role_session,
    user,
)

MANAGED = "arn:aws:iam::aws:policy/ReadOnlyAccess"
KEY = f"arn:aws:kms:us-east-1:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def key_policy(*statements: dict[str, Any]) -> Any:
    return attached(PolicyType.RESOURCE, *statements, label="key", arn=KEY)


# --- AWS-owned resources ----------------------------------------------------------------------

def test_xa01_does_not_apply_to_aws_managed_policies_identity_allow_is_enough() -> None:
    ident = (identity(allow("iam:GetPolicy", MANAGED), allow("iam:GetPolicyVersion", MANAGED)),)
    for action in ("iam:GetPolicy", "iam:GetPolicyVersion"):
        decision = decide(request(user(), identity_policies=ident, action=action,
                                  resource=MANAGED, resource_account="aws"))
        assert decision.outcome is ALLOWED, decision.reason
        assert "identity-based policy" in decision.reason


def test_ev03_aws_managed_policy_without_identity_allow_is_implicitly_denied() -> None:
    decision = decide(request(user(), action="iam:GetPolicy", resource=MANAGED,
                              resource_account="aws"))
    assert decision.outcome is IMPLICIT
    assert decision.blocked_by is PolicyType.IDENTITY  # not a missing resource-policy grant


def test_xa01_still_applies_to_another_customers_resource() -> None:
    other = f"arn:aws:iam::{B}:policy/Theirs"
    decision = decide(request(user(), identity_policies=(identity(allow("iam:GetPolicy", other)),),
                              action="iam:GetPolicy", resource=other, resource_account=B))
    assert decision.outcome is IMPLICIT


# --- KMS key policies (EV-09) -----------------------------------------------------------------

DECRYPT = allow("kms:Decrypt", KEY)


def kms(caller: Any, policy: Any = None, ident: tuple[Any, ...] = (identity(DECRYPT),)) -> Any:
    return decide(request(caller, identity_policies=ident, action="kms:Decrypt", resource=KEY,
                          resource_account=A, resource_policy=policy))


def test_ev09_key_without_policy_has_the_default_key_policy_which_delegates_to_iam() -> None:
    assert kms(user()).outcome is ALLOWED
    assert kms(user(), ident=()).outcome is IMPLICIT  # the default policy only delegates


def test_ev09_key_policy_naming_the_account_delegates_to_identity_policies() -> None:
    for name in (f"arn:aws:iam::{A}:root", A):
        policy = key_policy(grant({"AWS": name}, "kms:*", resource="*"))
        assert kms(user(), policy).outcome is ALLOWED
        assert kms(user(), policy, ident=()).outcome is IMPLICIT


def test_ev09_key_policy_naming_only_someone_else_makes_identity_allow_insufficient() -> None:
    policy = key_policy(grant({"AWS": f"arn:aws:iam::{A}:user/bob"}, "kms:*", resource="*"))
    decision = kms(user(), policy)
    assert decision.outcome is IMPLICIT
    assert "key policy" in decision.reason and "EV-09" in decision.reason
    assert decision.blocked_by is PolicyType.RESOURCE


def test_ev09_key_policy_naming_the_caller_needs_no_identity_allow() -> None:
    policy = key_policy(grant({"AWS": f"arn:aws:iam::{A}:user/alice"}, "kms:Decrypt",
                              resource="*"))
    assert kms(user(), policy, ident=()).outcome is ALLOWED


def test_ev09_default_key_policy_does_not_let_another_account_in() -> None:
    assert kms(user(account=B)).outcome is IMPLICIT


def test_ev03_bucket_policy_is_still_a_union_with_identity_policies() -> None:
    """Only key policies (and trust policies) must allow: a bucket policy naming someone else
    does not stop an identity allow in the same account."""
    other = bucket_policy(grant({"AWS": f"arn:aws:iam::{A}:user/bob"}))
    decision = decide(request(user(), identity_policies=(identity(allow()),),
                              resource_policy=other))
    assert decision.outcome is ALLOWED


# --- NotPrincipal and permissions boundaries (PL-09) -------------------------------------------

def not_principal_deny(*names: str) -> Any:
    return bucket_policy({"Effect": "Deny", "NotPrincipal": {"AWS": list(names)},
                          "Action": "s3:*", "Resource": "*"})


ALICE = f"arn:aws:iam::{A}:user/alice"


def test_pl09_not_principal_deny_leaves_out_a_listed_user_without_boundary() -> None:
    policy = not_principal_deny(ALICE, f"arn:aws:iam::{A}:root")
    decision = decide(request(user(), identity_policies=(identity(allow()),),
                              resource_policy=policy))
    assert decision.outcome is ALLOWED


def test_pl09_not_principal_deny_always_denies_a_user_with_a_boundary() -> None:
    policy = not_principal_deny(ALICE, f"arn:aws:iam::{A}:root")
    decision = decide(request(user(), identity_policies=(identity(allow()),),
                              bound=boundary(allow("s3:*")), resource_policy=policy))
    assert decision.outcome is EXPLICIT


def test_pl09_not_principal_deny_always_denies_a_role_session_with_a_boundary() -> None:
    caller = role_session()
    policy = not_principal_deny(caller.arn, f"arn:aws:iam::{A}:role/Dev",
                                f"arn:aws:iam::{A}:root")
    ident = (identity(allow()),)
    assert decide(request(caller, identity_policies=ident,
                          resource_policy=policy)).outcome is ALLOWED
    assert decide(request(caller, identity_policies=ident, bound=boundary(allow("s3:*")),
                          resource_policy=policy)).outcome is EXPLICIT
