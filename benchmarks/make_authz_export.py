"""A synthetic `aws iam get-account-authorization-details` export at the scale of a large
real account: 5,000 roles, 2,000 users, 200 groups, 10,000 customer managed policies (plus a
few AWS managed ones), trust policies naming other accounts, SAML/OIDC providers and unique
IDs. Deterministic (seeded).

Run: .venv/bin/python benchmarks/make_authz_export.py OUT.json [--roles N] [--api]
(--api writes policy documents URL-encoded, as the raw API does)
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any
from urllib.parse import quote

ACCOUNT = "123456789012"
OTHERS = ["210987654321", "333333333333", "444444444444"]
WIDELY_TRUSTED = "shared-readonly"
_ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def uid(prefix: str, n: int) -> str:
    rng = random.Random(f"{prefix}{n}")
    return prefix + "".join(rng.choice(_ALPHA) for _ in range(17))


def make(roles: int = 5000, users: int = 2000, groups: int = 200, policies: int = 10000,
         api: bool = False, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)

    def doc(d: dict[str, Any]) -> Any:
        return quote(json.dumps(d), safe="") if api else d

    services = ["s3", "ec2", "dynamodb", "sqs", "sns", "lambda", "logs", "kms"]
    policy_arns = [f"arn:aws:iam::{ACCOUNT}:policy/team{i % 50}/pol-{i}" for i in range(policies)]
    out_policies = []
    for i, arn in enumerate(policy_arns):
        svc = services[i % len(services)]
        statements = [{"Sid": f"S{j}", "Effect": "Allow",
                       "Action": [f"{svc}:Get*", f"{svc}:List*", f"{svc}:Describe*"],
                       "Resource": f"arn:aws:{svc}:*:{ACCOUNT}:app-{i % 97}-*"}
                      for j in range(3)]
        if i % 10 == 0:
            statements.append({"Effect": "Deny", "Action": f"{svc}:Delete*", "Resource": "*"})
        versions = [{"Document": doc({"Version": "2012-10-17", "Statement": statements}),
                     "VersionId": "v2", "IsDefaultVersion": True,
                     "CreateDate": "2024-01-01T00:00:00Z"}]
        if i % 5 == 0:
            versions.append({"Document": doc({"Version": "2012-10-17", "Statement": []}),
                             "VersionId": "v1", "IsDefaultVersion": False,
                             "CreateDate": "2023-01-01T00:00:00Z"})
        name = arn.rsplit("/", 1)[1]
        out_policies.append({"PolicyName": name, "PolicyId": uid("ANPA", i), "Arn": arn,
                             "Path": f"/team{i % 50}/", "DefaultVersionId": "v2",
                             "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0,
                             "IsAttachable": True, "CreateDate": "2023-01-01T00:00:00Z",
                             "UpdateDate": "2024-01-01T00:00:00Z",
                             "PolicyVersionList": versions})
    for name in ("ReadOnlyAccess", "AdministratorAccess"):
        out_policies.append({"PolicyName": name, "Arn": f"arn:aws:iam::aws:policy/{name}",
                             "Path": "/", "DefaultVersionId": "v1", "PolicyVersionList": [
                                 {"Document": doc({"Version": "2012-10-17", "Statement": [
                                     {"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
                                  "VersionId": "v1", "IsDefaultVersion": True}]})

    group_names = [f"group-{i}" for i in range(groups)]
    out_groups = [{"Path": "/", "GroupName": g, "GroupId": uid("AGPA", i),
                   "Arn": f"arn:aws:iam::{ACCOUNT}:group/{g}",
                   "CreateDate": "2023-01-01T00:00:00Z", "GroupPolicyList": [],
                   "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": a}
                                               for a in rng.sample(policy_arns, 3)]}
                  for i, g in enumerate(group_names)]
    assume_all = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}
    user_arns = [f"arn:aws:iam::{ACCOUNT}:user/dept{i % 20}/user-{i}" for i in range(users)]
    out_users = [{"Path": f"/dept{i % 20}/", "UserName": f"user-{i}", "UserId": uid("AIDA", i),
                  "Arn": arn, "CreateDate": "2023-01-01T00:00:00Z",
                  "GroupList": rng.sample(group_names, 2),
                  "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": a}
                                              for a in rng.sample(policy_arns, 2)],
                  "UserPolicyList": [{"PolicyName": "assume", "PolicyDocument":
                                      doc(assume_all)}] if i % 3 == 0 else [],
                  "Tags": [{"Key": "team", "Value": f"t{i % 30}"}]}
                 for i, arn in enumerate(user_arns)]

    role_arns = [f"arn:aws:iam::{ACCOUNT}:role/app-{i % 97}-role-{i}" for i in range(roles)]
    role_arns[0] = f"arn:aws:iam::{ACCOUNT}:role/{WIDELY_TRUSTED}"
    out_roles = []
    for i, arn in enumerate(role_arns):
        kind = i % 10
        if i == 0:
            principal: dict[str, Any] = {"AWS": [f"arn:aws:iam::{a}:root" for a in
                                                 [ACCOUNT, *OTHERS]]}
            action = "sts:AssumeRole"
            cond: dict[str, Any] | None = None
        elif kind < 4:
            principal = {"AWS": [uid("AIDA", rng.randrange(users)) for _ in range(2)]
                         + [user_arns[rng.randrange(users)]]}
            action, cond = "sts:AssumeRole", None
        elif kind < 6:
            principal = {"AWS": f"arn:aws:iam::{OTHERS[i % 3]}:root"}
            action = "sts:AssumeRole"
            cond = {"StringEquals": {"sts:ExternalId": f"ext-{i}"}}
        elif kind == 6:
            principal = {"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/idp{i % 3}"}
            action = "sts:AssumeRoleWithSAML"
            cond = {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}
        elif kind == 7:
            principal = {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/"
                                      "token.actions.githubusercontent.com"}
            action = "sts:AssumeRoleWithWebIdentity"
            cond = {"StringEquals": {"token.actions.githubusercontent.com:aud":
                                     "sts.amazonaws.com"},
                    "StringLike": {"token.actions.githubusercontent.com:sub":
                                   f"repo:org/app-{i % 97}:*"}}
        elif kind == 8:
            principal = {"Service": "ec2.amazonaws.com"}
            action, cond = "sts:AssumeRole", None
        else:
            principal = {"AWS": role_arns[rng.randrange(max(i, 1))]}
            action, cond = "sts:AssumeRole", None
        statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal,
                                     "Action": action}
        if cond:
            statement["Condition"] = cond
        name = arn.rsplit("/", 1)[1]
        entry: dict[str, Any] = {
            "Path": "/", "RoleName": name, "RoleId": uid("AROA", i), "Arn": arn,
            "CreateDate": "2023-01-01T00:00:00Z",
            "AssumeRolePolicyDocument": doc({"Version": "2012-10-17",
                                             "Statement": [statement]}),
            "InstanceProfileList": [], "RolePolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": a}
                                        for a in rng.sample(policy_arns, 2)],
            "Tags": [{"Key": "app", "Value": f"app-{i % 97}"}],
            "RoleLastUsed": {"LastUsedDate": "2026-01-01T00:00:00Z", "Region": "eu-west-1"}}
        if kind == 8:
            entry["InstanceProfileList"] = [{
                "Path": "/", "InstanceProfileName": name, "InstanceProfileId": uid("AIPA", i),
                "Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{name}",
                "CreateDate": "2023-01-01T00:00:00Z", "Roles": []}]
        if i % 7 == 0:
            entry["RolePolicyList"] = [{"PolicyName": "inline", "PolicyDocument": doc({
                "Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "s3:GetObject",
                     "Resource": f"arn:aws:s3:::bucket-{i % 13}/*"}]})}]
        out_roles.append(entry)
    return {"UserDetailList": out_users, "GroupDetailList": out_groups,
            "RoleDetailList": out_roles, "Policies": out_policies, "IsTruncated": False}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--roles", type=int, default=5000)
    parser.add_argument("--api", action="store_true")
    args = parser.parse_args()
    Path(args.out).write_text(json.dumps(make(roles=args.roles, api=args.api)))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
