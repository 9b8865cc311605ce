"""Starting points for a new policy: trust policies for the usual ways a role is assumed, a few
permission policies, and resource-based policies (a bucket policy, a KMS key policy). Each is
the shape AWS documents (fact IDs in `facts`), with blanks the user fills (`params`) and
defaults taken from the world.

Pure Python: the TUI's template chooser renders these, tests check each against the fact sheet.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rolesim.scenario.model import Scenario

Values = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Param:
    """A blank in a template: its key, its label, and a placeholder."""

    key: str
    label: str
    placeholder: str = ""


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    title: str
    kind: str
    """`trust`, `permissions` or `resource`."""
    summary: str
    facts: tuple[str, ...]
    params: tuple[Param, ...]
    build: Callable[[Values], dict[str, Any]] = field(repr=False)

    def document(self, values: Values) -> dict[str, Any]:
        return {"Version": "2012-10-17", "Statement": self.build(values)["Statement"]}

    def text(self, values: Values) -> str:
        """The policy as pretty JSON, as the policy editor shows it."""
        return json.dumps(self.document(values), indent=2)


def _statements(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Statement": list(statements)}


def _account_root(account: str) -> str:
    return f"arn:aws:iam::{account}:root"


ACCOUNT = Param("account", "Account ID of the role", "111111111111")
TRUSTED = Param("trusted_account", "Trusted account ID", "222222222222")
PRINCIPAL = Param("principal", "Trusted principal (ARN)", "arn:aws:iam::111111111111:root")
EXTERNAL_ID = Param("external_id", "External ID (2..1224 characters, AR-07)", "Unicorn1234")
SERVICE = Param("service", "Service principal", "lambda.amazonaws.com")
REPO = Param("repo", "GitHub repository (ORG/REPO)", "my-org/my-repo")
BRANCH = Param("branch", "Branch", "main")
EKS_ISSUER = Param("eks_issuer", "Cluster OIDC issuer (host/path)",
                   "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE")
SERVICE_ACCOUNT = Param("service_account", "Kubernetes namespace:service-account",
                        "default:my-app")
SAML_PROVIDER = Param("saml_provider", "SAML provider name", "MyIdP")
BUCKET = Param("bucket", "Bucket name", "example-bucket")
ROLE = Param("role", "Role ARN", "arn:aws:iam::111111111111:role/Deploy")
REGION = Param("region", "Allowed Region", "eu-west-1")
GRANTED = Param("granted_account", "Account granted access (12 digits)", "222222222222")
GRANTEE = Param("grantee", "Principal granted access (user or role ARN)",
                "arn:aws:iam::222222222222:role/Reader")
OWNER = Param("owner_account", "Account that owns the key", "111111111111")
RESOURCE = Param("resource", "Resource ARN", "arn:aws:sqs:us-east-1:111111111111:queue")

EMPTY = Template("empty", "Empty: write it yourself", "any", "One statement to fill in.",
                 (), (), lambda v: _statements({"Effect": "Allow", "Action": [],
                                                "Resource": []}))


TRUST_TEMPLATES: tuple[Template, ...] = (
    Template("same-account", "Same account", "trust",
             "A principal of this account may assume it: name a user or role to need no "
             "identity policy; name the account and callers need sts:AssumeRole too.",
             ("TP-02", "TP-09"), (PRINCIPAL,),
             lambda v: _statements({"Effect": "Allow",
                                    "Principal": {"AWS": v["principal"]},
                                    "Action": "sts:AssumeRole"})),
    Template("other-account", "Another account", "trust",
             "Any principal of the other account whose own policies allow sts:AssumeRole "
             "on this role (both sides must allow).",
             ("TP-02", "TP-10"), (TRUSTED,),
             lambda v: _statements({"Effect": "Allow",
                                    "Principal": {"AWS": _account_root(v["trusted_account"])},
                                    "Action": "sts:AssumeRole"})),
    Template("other-account-external-id", "Another account, with an external ID", "trust",
             "As 'another account', and the caller must pass this ExternalId (the "
             "confused-deputy guard for third parties).",
             ("TP-10", "TP-13"), (TRUSTED, EXTERNAL_ID),
             lambda v: _statements({"Effect": "Allow",
                                    "Principal": {"AWS": _account_root(v["trusted_account"])},
                                    "Action": "sts:AssumeRole",
                                    "Condition": {"StringEquals": {
                                        "sts:ExternalId": v["external_id"]}}})),
    Template("service", "An AWS service", "trust",
             "An AWS service (Lambda, EC2, ECS...) assumes it on this account's behalf; "
             "aws:SourceAccount stops other accounts' resources using it.",
             ("TP-02", "TP-15"), (SERVICE, ACCOUNT),
             lambda v: _statements({"Effect": "Allow",
                                    "Principal": {"Service": v["service"]},
                                    "Action": "sts:AssumeRole",
                                    "Condition": {"StringEquals": {
                                        "aws:SourceAccount": v["account"]}}})),
    Template("github-oidc", "GitHub Actions (OIDC)", "trust",
             "Workflows of one repository and branch, through the account's GitHub OIDC "
             "provider; the sub condition keeps other repositories out.",
             ("OIDC-03", "OIDC-05"), (ACCOUNT, REPO, BRANCH),
             lambda v: _statements({
                 "Effect": "Allow",
                 "Principal": {"Federated": f"arn:aws:iam::{v['account']}:oidc-provider/"
                                            "token.actions.githubusercontent.com"},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {
                     "StringEquals": {
                         "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                     "StringLike": {"token.actions.githubusercontent.com:sub":
                                    f"repo:{v['repo']}:ref:refs/heads/{v['branch']}"}}})),
    Template("eks-irsa", "EKS service account (IRSA)", "trust",
             "Pods running as one Kubernetes service account, through the cluster's OIDC "
             "provider.",
             ("OIDC-03", "OIDC-04"), (ACCOUNT, EKS_ISSUER, SERVICE_ACCOUNT),
             lambda v: _statements({
                 "Effect": "Allow",
                 "Principal": {"Federated":
                               f"arn:aws:iam::{v['account']}:oidc-provider/{v['eks_issuer']}"},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {
                     f"{v['eks_issuer']}:sub": f"system:serviceaccount:{v['service_account']}",
                     f"{v['eks_issuer']}:aud": "sts.amazonaws.com"}}})),
    Template("saml", "SAML 2.0 federation", "trust",
             "Users of a corporate identity provider signing in through the AWS sign-in "
             "endpoint.",
             ("SAML-05",), (ACCOUNT, SAML_PROVIDER),
             lambda v: _statements({
                 "Effect": "Allow",
                 "Principal": {"Federated":
                               f"arn:aws:iam::{v['account']}:saml-provider/{v['saml_provider']}"},
                 "Action": "sts:AssumeRoleWithSAML",
                 "Condition": {"StringEquals": {
                     "SAML:aud": "https://signin.aws.amazon.com/saml"}}})),
    Template("mfa-required", "MFA required", "trust",
             "Principals of the trusted account, only when they signed in or call with MFA.",
             ("TP-14", "AR-20"), (TRUSTED,),
             lambda v: _statements({"Effect": "Allow",
                                    "Principal": {"AWS": _account_root(v["trusted_account"])},
                                    "Action": "sts:AssumeRole",
                                    "Condition": {"Bool": {
                                        "aws:MultiFactorAuthPresent": "true"}}})),
)

GLOBAL_SERVICES = ("iam:*", "organizations:*", "route53:*", "cloudfront:*", "sts:*",
                   "support:*")
"""Global services a Region guard must not deny (their requests name us-east-1)."""

PERMISSION_TEMPLATES: tuple[Template, ...] = (
    Template("s3-read-bucket", "Read one S3 bucket", "permissions",
             "List the bucket and read its objects; nothing else.", ("PL-06",), (BUCKET,),
             lambda v: _statements(
                 {"Sid": "ListTheBucket", "Effect": "Allow", "Action": "s3:ListBucket",
                  "Resource": f"arn:aws:s3:::{v['bucket']}"},
                 {"Sid": "ReadItsObjects", "Effect": "Allow", "Action": "s3:GetObject",
                  "Resource": f"arn:aws:s3:::{v['bucket']}/*"})),
    Template("assume-one-role", "Assume one role", "permissions",
             "The caller's side of assuming a role: needed across accounts, and in the same "
             "account when the trust names only the account.", ("TP-09", "TP-10"), (ROLE,),
             lambda v: _statements({"Effect": "Allow", "Action": "sts:AssumeRole",
                                    "Resource": v["role"]})),
    Template("deny-outside-region", "Deny everything outside one Region", "permissions",
             "An explicit deny of regional requests to any other Region (global services "
             "left out); an explicit deny beats every allow.", ("EV-02", "CK-10"), (REGION,),
             lambda v: _statements({"Sid": "DenyOutsideRegion", "Effect": "Deny",
                                    "NotAction": list(GLOBAL_SERVICES), "Resource": "*",
                                    "Condition": {"StringNotEquals": {
                                        "aws:RequestedRegion": v["region"]}}})),
)


KMS_USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
           "kms:DescribeKey"]
"""What AWS's key policy for another account lets it do with the key (use, not manage)."""


def _key_delegation(owner: str) -> dict[str, Any]:
    """The statement of AWS's default key policy: the key's own account, so its IAM
    policies decide who may use the key (EV-09)."""
    return {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
            "Principal": {"AWS": _account_root(owner)}, "Action": "kms:*", "Resource": "*"}


def _bucket_read(principal: str, bucket: str) -> dict[str, Any]:
    return _statements(
        {"Sid": "ListTheBucket", "Effect": "Allow", "Principal": {"AWS": principal},
         "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"},
        {"Sid": "ReadItsObjects", "Effect": "Allow", "Principal": {"AWS": principal},
         "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"})


RESOURCE_TEMPLATES: tuple[Template, ...] = (
    Template("s3-other-account-read", "Bucket: another account may read it", "resource",
             "Users and roles of the other account may list the bucket and read its objects, "
             "once their own policies allow it too: both accounts must allow, and the other "
             "account decides who among its people (naming its root delegates to it).",
             ("XA-01", "XA-02", "XA-03"), (BUCKET, GRANTED),
             lambda v: _bucket_read(_account_root(v["granted_account"]), v["bucket"])),
    Template("s3-principal-read", "Bucket: one user or role may read it", "resource",
             "Names one user or role. In the bucket's account this alone allows it (its own "
             "policies may be silent); from another account its own policies must allow too.",
             ("EV-03", "EV-04", "XA-02"), (BUCKET, GRANTEE),
             lambda v: _bucket_read(v["grantee"], v["bucket"])),
    Template("kms-default", "Key: the account's IAM policies decide (AWS's default)",
             "resource",
             "AWS's default key policy: it names the key's own account, so a user's or role's "
             "identity policy allowing kms:Decrypt on the key then counts. A key policy that "
             "does not name the account makes identity policies alone not enough.",
             ("EV-09",), (OWNER,),
             lambda v: _statements(_key_delegation(v["owner_account"]))),
    Template("kms-other-account-use", "Key: another account may use it", "resource",
             "The default statement, plus another account allowed to use the key (encrypt, "
             "decrypt, generate data keys), not manage it; its users and roles also need their "
             "own policies to allow these actions on the key.",
             ("EV-09", "XA-01", "XA-02"), (OWNER, GRANTED),
             lambda v: _statements(
                 _key_delegation(v["owner_account"]),
                 {"Sid": "AllowUseOfTheKeyByTheOtherAccount", "Effect": "Allow",
                  "Principal": {"AWS": _account_root(v["granted_account"])},
                  "Action": KMS_USE, "Resource": "*"})),
    Template("other-account-any", "Another account may use it (any action of its service)",
             "resource",
             "Users and roles of the other account may make any request of this resource's "
             "service on it, once their own policies allow it too (both accounts must allow).",
             ("XA-01", "XA-02"), (RESOURCE, GRANTED),
             lambda v: _statements(
                 {"Effect": "Allow", "Principal": {"AWS": _account_root(v["granted_account"])},
                  "Action": f"{_service_of(v['resource'])}:*", "Resource": v["resource"]})),
)


def _service_of(arn: str) -> str:
    parts = arn.split(":")
    return parts[2] if len(parts) > 2 and parts[2] else "s3"


def resource_templates(arn: str) -> tuple[Template, ...]:
    """The gallery for the resource-based policy of `arn`, the empty one first: the bucket
    policies for an S3 bucket, the key policies for a KMS key, else a grant to another
    account of the resource's service."""
    service = _service_of(arn)
    wanted = {"s3": "s3-", "kms": "kms-"}.get(service, "other-account-any")
    return (EMPTY, *[t for t in RESOURCE_TEMPLATES if t.id.startswith(wanted)])


def templates_for(kind: str) -> tuple[Template, ...]:
    """The gallery for a new `trust` or `permissions` policy, the empty one first."""
    gallery = TRUST_TEMPLATES if kind == "trust" else PERMISSION_TEMPLATES
    return (EMPTY, *gallery)


def initial_template(gallery: str, scenario: Scenario, account: str, owner: str = "",
                     resource: str = "") -> str:
    """The template a gallery opens on, one rule per kind of document, the same wherever a
    policy starts (a new role's trust, a new managed or inline policy, F6 in the editor):
    a trust policy trusts another account when the world has one, else this account; a
    permissions policy assumes a role of the world other than its `owner`, else starts
    empty; a bucket policy grants another account when there is one, else one user or role
    of the world; a key policy is AWS's default (EV-09)."""
    others = any(a.id != account for a in scenario.accounts)
    if gallery == "trust":
        return "other-account" if others else "same-account"
    if gallery == "permissions":
        roles = [r for r in scenario.roles if r.arn != owner]
        return "assume-one-role" if roles else EMPTY.id
    found = resource_templates(resource)
    if resource.startswith("arn:aws:s3:::"):
        return "s3-other-account-read" if others else "s3-principal-read"
    return found[1].id if len(found) > 1 else EMPTY.id


def template(template_id: str) -> Template:
    for found in (EMPTY, *TRUST_TEMPLATES, *PERMISSION_TEMPLATES, *RESOURCE_TEMPLATES):
        if found.id == template_id:
            return found
    raise KeyError(template_id)


def defaults(scenario: Scenario, account: str, owner: str = "",
             resource: str = "") -> dict[str, str]:
    """Blanks filled from the world: the role's account, another account to trust, a role to
    assume (one in another account first, never the `owner` itself), a bucket and provider of
    the world when it has them; for the policy of `resource`, that resource, its bucket, and
    a user or role of another account to grant it to."""
    others = [a.id for a in scenario.accounts if a.id != account]
    values = {p.key: p.placeholder for p in _all_params()}
    values["account"] = account or values["account"]
    values["trusted_account"] = others[0] if others else values["account"]
    values["principal"] = _account_root(values["account"])
    roles = [r.arn for r in scenario.roles if r.arn != owner]
    roles.sort(key=lambda arn: arn.split(":")[4] == account)  # other accounts' roles first
    if roles:
        values["role"] = roles[0]
    buckets = [r.arn.split(":::", 1)[1] for r in scenario.resources
               if r.arn.startswith("arn:aws:s3:::") and "/" not in r.arn]
    if buckets:
        values["bucket"] = buckets[0]
    saml = [p.arn.rsplit("/", 1)[1] for p in scenario.providers if ":saml-provider/" in p.arn]
    if saml:
        values["saml_provider"] = saml[0]
    values["granted_account"] = values["trusted_account"]
    values["owner_account"] = values["account"]
    outside = [arn for arn in [*(r.arn for r in scenario.roles),
                               *(u.arn for u in scenario.users)]
               if arn.split(":")[4] != account]
    inside = [arn for arn in [*(r.arn for r in scenario.roles),
                              *(u.arn for u in scenario.users)] if arn not in outside]
    if outside or inside:  # a user or role of another account first, else of this one
        values["grantee"] = (outside or inside)[0]
    if resource:
        values["resource"] = resource
        if resource.startswith("arn:aws:s3:::"):
            values["bucket"] = resource.removeprefix("arn:aws:s3:::").split("/", 1)[0]
    return values


def _all_params() -> Sequence[Param]:
    seen: dict[str, Param] = {}
    for found in (*TRUST_TEMPLATES, *PERMISSION_TEMPLATES, *RESOURCE_TEMPLATES):
        for param in found.params:
            seen.setdefault(param.key, param)
    return list(seen.values())


ALL_PARAMS: tuple[Param, ...] = tuple(_all_params())
"""Every blank any template has, once each (the chooser mounts one input per blank)."""
