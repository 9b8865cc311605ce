"""Generate the scenario files the engine benchmarks run (issue 13's workloads).

    .venv/bin/python benchmarks/gen_worlds.py [--out DIR]      (default /tmp/rolesim-bench)

* `calls.toml`: 200 users in 2 accounts, each with 5 inline policies of 10 statements
  (wildcards, NotAction, conditions, policy variables), some buckets with bucket policies, and
  20,000 call steps (a sign-in every 100 calls). `calls-nocalls.toml` is the same file without
  the calls: the difference between the two is what the calls cost.
* `big.toml`: 5,000 roles in one account (AWS's per-account maximum), each with 2 policies of 5
  statements (10,000 documents: half are repeated word for word, as real accounts repeat
  them) and a trust policy, a user who may assume them, and 100 calls.
  `big-nocalls.toml` is the same world without steps.

Deterministic (a fixed seed), so before/after figures compare like with like.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

A1, A2 = "111111111111", "222222222222"
SERVICES = ("s3", "ec2", "dynamodb", "sqs", "sns", "lambda", "kms", "logs", "iam", "ssm")
ACTIONS = {
    "s3": ("GetObject", "PutObject", "DeleteObject", "ListBucket", "GetObjectTagging"),
    "ec2": ("DescribeInstances", "StartInstances", "StopInstances", "TerminateInstances"),
    "dynamodb": ("GetItem", "PutItem", "Query", "Scan", "DeleteItem"),
    "sqs": ("SendMessage", "ReceiveMessage", "DeleteMessage"),
    "sns": ("Publish", "Subscribe"),
    "lambda": ("InvokeFunction", "GetFunction", "UpdateFunctionCode"),
    "kms": ("Decrypt", "Encrypt", "GenerateDataKey"),
    "logs": ("PutLogEvents", "CreateLogStream"),
    "iam": ("GetUser", "ListRoles", "PassRole"),
    "ssm": ("GetParameter", "PutParameter"),
}


def _resource(rng: random.Random, service: str, account: str, user: str) -> str:
    if service == "s3":
        return rng.choice([f"arn:aws:s3:::data-{account[-1]}-{rng.randrange(20)}/*",
                           f"arn:aws:s3:::home-{account[-1]}/${{aws:username}}/*",
                           "arn:aws:s3:::shared-*"])
    if service == "iam":
        return rng.choice([f"arn:aws:iam::{account}:user/${{aws:username}}",
                           f"arn:aws:iam::{account}:role/app-*"])
    return rng.choice([f"arn:aws:{service}:us-east-1:{account}:*",
                       f"arn:aws:{service}:*:{account}:{user}-*", "*"])


def _statement(rng: random.Random, j: int, account: str, user: str) -> dict[str, object]:
    service = rng.choice(SERVICES)
    shape = rng.randrange(10)
    st: dict[str, object] = {"Sid": f"S{j}", "Effect": "Deny" if shape == 0 else "Allow"}
    if shape == 1:
        st["NotAction"] = [f"{rng.choice(SERVICES)}:*", "iam:*"]
    elif shape == 2:
        st["Action"] = f"{service}:*"
    elif shape == 3:
        st["Action"] = [f"{service}:Get*", f"{service}:List*", f"{service}:Describe*"]
    else:
        st["Action"] = [f"{service}:{a}" for a in rng.sample(ACTIONS[service], 2)]
    st["Resource"] = _resource(rng, service, account, user)
    if shape in (0, 4, 5, 6):
        st["Condition"] = rng.choice([
            {"StringEquals": {"aws:PrincipalTag/team": rng.choice(["red", "blue", "green"])}},
            {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            {"StringLike": {"s3:prefix": ["${aws:username}/*", "public/*"]}},
            {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
            {"StringEqualsIfExists": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
        ])
    return st


def _toml_string(value: str) -> str:
    return json.dumps(value)


def _policy_toml(doc: dict[str, object]) -> str:
    """A document as a JSON string in TOML (literal multi-line string), as pasted from AWS."""
    return "'''\n" + json.dumps(doc, indent=1) + "\n'''"


def calls_world(calls: int, rng: random.Random) -> tuple[str, str]:
    out = ['format = 1', 'title = "engine benchmark: 200 users, 20,000 calls"', ""]
    for account, name in ((A1, "one"), (A2, "two")):
        out += ["[[accounts]]", f'id = "{account}"', f'name = "{name}"', ""]
    users = []
    for i in range(200):
        account = A1 if i < 100 else A2
        name = f"user{i:03d}"
        arn = f"arn:aws:iam::{account}:user/{name}"
        users.append(arn)
        out += ["[[users]]", f'arn = "{arn}"',
                f'tags = {{ team = "{rng.choice(["red", "blue", "green"])}" }}']
        for p in range(5):
            doc = {"Version": "2012-10-17",
                   "Statement": [_statement(rng, j, account, name) for j in range(10)]}
            out.append(f"inline.p{p} = {_policy_toml(doc)}")
        out.append("")
    for b in range(10):
        account = A1 if b % 2 else A2
        other = A2 if account == A1 else A1
        policy = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{other}:root"},
             "Action": ["s3:GetObject", "s3:ListBucket"],
             "Resource": [f"arn:aws:s3:::data-{account[-1]}-{b}",
                          f"arn:aws:s3:::data-{account[-1]}-{b}/*"]},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
             "Resource": f"arn:aws:s3:::data-{account[-1]}-{b}/*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
        out += ["[[resources]]", f'arn = "arn:aws:s3:::data-{account[-1]}-{b}"',
                f'account = "{account}"', f"policy = {_policy_toml(policy)}", ""]
    head = "\n".join(out)
    steps_all, steps_none = [], []
    for c in range(calls):
        if c % 100 == 0:
            user = rng.choice(users)
            sign_in = f'[[steps]]\ndo = "sign-in"\nprincipal = "{user}"\n'
            steps_all.append(sign_in)
            steps_none.append(sign_in)
        account = user.split(":")[4]
        service = rng.choice(SERVICES)
        action = f"{service}:{rng.choice(ACTIONS[service])}"
        if service == "s3":
            acct = rng.choice("12")
            resource = rng.choice([f"arn:aws:s3:::data-{acct}-{rng.randrange(12)}/k{c % 7}",
                                   f"arn:aws:s3:::home-{acct}/{user.rsplit('/', 1)[1]}/x",
                                   "arn:aws:s3:::shared-docs/readme"])
        elif service == "iam":
            resource = f"arn:aws:iam::{account}:role/app-{c % 5}"
        else:
            resource = f"arn:aws:{service}:us-east-1:{account}:thing-{c % 13}"
        step = f'[[steps]]\ndo = "call"\naction = "{action}"\nresource = "{resource}"\n'
        if c % 4 == 0:
            step += 'context = { "aws:SourceIp" = "10.1.2.3", "s3:prefix" = "public/a" }\n'
        steps_all.append(step)
    return head + "\n" + "\n".join(steps_all), head + "\n" + "\n".join(steps_none)


def big_world(roles: int, calls: int, rng: random.Random) -> tuple[str, str]:
    out = ['format = 1', 'title = "engine benchmark: 5,000 roles"', "",
           "[[accounts]]", f'id = "{A1}"', 'name = "big"', "",
           "[[users]]", f'arn = "arn:aws:iam::{A1}:user/admin"',
           'inline.assume = { Version = "2012-10-17", Statement = [ { Effect = "Allow", '
           'Action = "sts:AssumeRole", Resource = "*" } ] }', ""]
    shared = [{"Version": "2012-10-17",
               "Statement": [_statement(rng, j, A1, f"team{k}") for j in range(5)]}
              for k in range(50)]
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A1}:root"},
         "Action": "sts:AssumeRole"}]}
    trust_text = _policy_toml(trust)
    for i in range(roles):
        name = f"app-{i:04d}"
        own = {"Version": "2012-10-17",
               "Statement": [_statement(rng, j, A1, name) for j in range(5)]}
        out += ["[[roles]]", f'arn = "arn:aws:iam::{A1}:role/{name}"',
                f"trust = {trust_text}",
                f"inline.shared = {_policy_toml(shared[i % len(shared)])}",
                f"inline.own = {_policy_toml(own)}", ""]
    head = "\n".join(out)
    steps = [f'[[steps]]\ndo = "sign-in"\nprincipal = "arn:aws:iam::{A1}:user/admin"\n']
    for c in range(calls):
        if c % 10 == 0:
            if c:
                steps.append('[[steps]]\ndo = "exit"\n')
            steps.append(f'[[steps]]\ndo = "assume-role"\n'
                         f'role = "arn:aws:iam::{A1}:role/app-{rng.randrange(roles):04d}"\n'
                         f'session_name = "s{c}"\n')
        service = rng.choice(SERVICES)
        action = f"{service}:{rng.choice(ACTIONS[service])}"
        steps.append(f'[[steps]]\ndo = "call"\naction = "{action}"\n'
                     f'resource = "arn:aws:{service}:us-east-1:{A1}:thing-{c}"\n')
    return head + "\n" + "\n".join(steps), head + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/rolesim-bench")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    full, none = calls_world(20_000, random.Random(13))
    (out / "calls.toml").write_text(full)
    (out / "calls-nocalls.toml").write_text(none)
    full, none = big_world(5_000, 100, random.Random(13))
    (out / "big.toml").write_text(full)
    (out / "big-nocalls.toml").write_text(none)
    for name in ("calls.toml", "calls-nocalls.toml", "big.toml", "big-nocalls.toml"):
        size = (out / name).stat().st_size
        print(f"{out / name}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
