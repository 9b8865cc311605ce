"""Evaluator speed: 200 principals, each with 5 policies of 10 statements (wildcards, variables,
conditions), plus SCPs, boundaries, session policies and bucket policies; 20,000 requests.

Prints the median and p95 microseconds per `decide()` call (target: median <= 10 µs).
Run: .venv/bin/python benchmarks/bench_evaluator.py
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from rolesim.core.evaluator import decide
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.request import AuthzRequest, Caller, CallerPolicies, PrincipalType

ACCOUNTS = ["111111111111", "222222222222"]
SERVICES = {
    "s3": ["GetObject", "PutObject", "DeleteObject", "ListBucket", "GetObjectAcl"],
    "ec2": ["RunInstances", "DescribeInstances", "TerminateInstances", "StartInstances"],
    "iam": ["GetUser", "CreateUser", "ListRoles", "PassRole", "CreateAccessKey"],
    "dynamodb": ["GetItem", "PutItem", "Query", "Scan"],
    "kms": ["Decrypt", "Encrypt", "GenerateDataKey"],
    "sqs": ["SendMessage", "ReceiveMessage"],
}
CONDITIONS: list[dict[str, Any]] = [
    {"StringEquals": {"aws:PrincipalTag/team": ["ops", "dev"]}},
    {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}},
    {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}},
    {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
    {"ForAnyValue:StringLike": {"aws:TagKeys": ["cost*"]}},
    {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}},
    {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app-*"}},
]


def action_pattern(rng: random.Random) -> str:
    service = rng.choice(list(SERVICES))
    roll = rng.random()
    if roll < 0.15:
        return f"{service}:*"
    if roll < 0.35:
        return f"{service}:{rng.choice(['Get', 'List', 'Describe', 'Put'])}*"
    return f"{service}:{rng.choice(SERVICES[service])}"


def resource_pattern(rng: random.Random) -> str:
    return rng.choice([
        "*", "arn:aws:s3:::bucket-*/*", "arn:aws:s3:::data/${aws:username}/*",
        "arn:aws:s3:::data/shared/*", "arn:aws:dynamodb:*:*:table/orders",
        "arn:aws:kms:us-east-1:111111111111:key/*", "arn:aws:iam::*:role/app-*",
    ])


def statement(rng: random.Random, index: int) -> dict[str, Any]:
    st: dict[str, Any] = {
        "Sid": f"S{index}",
        "Effect": "Deny" if rng.random() < 0.15 else "Allow",
        "Action": [action_pattern(rng) for _ in range(rng.randint(1, 4))],
        "Resource": [resource_pattern(rng) for _ in range(rng.randint(1, 2))],
    }
    if rng.random() < 0.5:
        merged: dict[str, Any] = {}
        for condition in rng.sample(CONDITIONS, rng.randint(1, 2)):
            merged.update(condition)
        st["Condition"] = merged
    return st


def policy(rng: random.Random, kind: PolicyType, label: str) -> AttachedPolicy:
    doc = {"Version": "2012-10-17", "Statement": [statement(rng, i) for i in range(10)]}
    return AttachedPolicy(parse_policy(doc, kind), kind, label)


def build_world(rng: random.Random) -> list[tuple[Caller, CallerPolicies, dict[str, Any]]]:
    full = parse_policy({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
                        PolicyType.SCP)
    deny_regions = parse_policy({"Statement": [{
        "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}]},
        PolicyType.SCP)
    scps = (AttachedPolicy(full, PolicyType.SCP, "FullAWSAccess"),
            AttachedPolicy(deny_regions, PolicyType.SCP, "DenyRegions"))
    principals = []
    for n in range(200):
        account = ACCOUNTS[n % 2]
        identity = tuple(policy(rng, PolicyType.IDENTITY, f"p{n}-{i}") for i in range(5))
        boundary = policy(rng, PolicyType.BOUNDARY, f"b{n}") if n % 4 == 0 else None
        if n % 2:
            role_arn = f"arn:aws:iam::{account}:role/app-{n}"
            caller = Caller(PrincipalType.ASSUMED_ROLE,
                            f"arn:aws:sts::{account}:assumed-role/app-{n}/s", account,
                            f"AROA{n}:s", role_arn, entity_id=f"AROA{n}", role_arn=role_arn)
            session = (policy(rng, PolicyType.SESSION, f"s{n}"),) if n % 3 == 0 else None
        else:
            arn = f"arn:aws:iam::{account}:user/u{n}"
            caller = Caller(PrincipalType.USER, arn, account, f"AIDA{n}", arn,
                            entity_id=f"AIDA{n}", user_arn=arn)
            session = None
        context = {
            "aws:username": f"u{n}", "aws:principaltag/team": rng.choice(["ops", "dev", "qa"]),
            "aws:securetransport": "true", "aws:sourceip": f"10.0.{n % 250}.7",
            "aws:currenttime": "2026-01-01T09:00:00Z", "aws:epochtime": "1767258000",
            "aws:requestedregion": rng.choice(["us-east-1", "eu-west-1", "ap-south-1"]),
            "aws:principalarn": caller.principal_arn, "aws:principalaccount": account,
            "aws:userid": caller.user_id, "aws:principaltype": str(caller.type),
            "aws:tagkeys": ("costcenter", "team"), "s3:prefix": f"home/u{n}/docs",
        }
        pols = CallerPolicies(identity, boundary, session, scps if account == ACCOUNTS[1] else None)
        principals.append((caller, pols, context))
    return principals


def build_requests(rng: random.Random, count: int) -> list[AuthzRequest]:
    world = build_world(rng)
    bucket = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNTS}, "Action": "s3:Get*",
         "Resource": "arn:aws:s3:::data/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::data/*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}, PolicyType.RESOURCE)
    bucket_policy = AttachedPolicy(bucket, PolicyType.RESOURCE, "data", "arn:aws:s3:::data")
    out = []
    for _ in range(count):
        caller, pols, context = rng.choice(world)
        service = rng.choice(list(SERVICES))
        action = f"{service}:{rng.choice(SERVICES[service])}"
        if service == "s3":
            resource = rng.choice([f"arn:aws:s3:::data/u{rng.randint(0, 199)}/f.txt",
                                   f"arn:aws:s3:::bucket-{rng.randint(0, 9)}/k",
                                   "arn:aws:s3:::data/shared/x"])
            rp = bucket_policy if resource.startswith("arn:aws:s3:::data/") else None
            owner = ACCOUNTS[0]
        else:
            resource = rng.choice(["*", "arn:aws:dynamodb:us-east-1:111111111111:table/orders",
                                   "arn:aws:kms:us-east-1:111111111111:key/abc"])
            rp, owner = None, caller.account
        out.append(AuthzRequest(caller, pols, action, resource, owner, rp, context))
    return out


def measure(requests: list[AuthzRequest]) -> tuple[float, float, dict[str, int]]:
    """Median and p95 microseconds of decide() over the requests, and the outcome counts."""
    timings = []
    outcomes: dict[str, int] = {}
    clock = time.perf_counter_ns
    for req in requests:
        t0 = clock()
        decision = decide(req)
        timings.append(clock() - t0)
        outcomes[decision.outcome] = outcomes.get(decision.outcome, 0) + 1
    timings.sort()
    return statistics.median(timings) / 1000, timings[int(len(timings) * 0.95)] / 1000, outcomes


def calibrate() -> float:
    """Nanoseconds per trivial Python call on this machine (a lambda calling a function; a
    modern laptop: ~45), to put the figures in context on slow or loaded machines."""
    import timeit

    def noop(x: int) -> int:
        return x

    return min(timeit.repeat(lambda: noop(1), number=200_000, repeat=5)) / 200_000 * 1e9


def main() -> None:
    print(f"calibration: {calibrate():.0f} ns per trivial function call")
    rng = random.Random(7)
    start = time.perf_counter()
    requests = build_requests(rng, 20_000)
    setup = time.perf_counter() - start
    print(f"world: 200 principals x 5 policies x 10 statements (1,000 distinct policies, "
          f"parsed in {setup:.2f} s); 20,000 requests")
    median, p95, outcomes = measure(requests)
    print(f"outcomes: { {str(k): v for k, v in outcomes.items()} }")
    print(f"first pass (cold caches): median {median:.1f} µs  p95 {p95:.1f} µs per decision")
    cpu = time.process_time()
    median, p95, _ = measure(requests)
    cpu = (time.process_time() - cpu) / len(requests) * 1e6
    print(f"second pass (warm caches): median {median:.1f} µs  p95 {p95:.1f} µs per decision "
          f"(mean CPU time {cpu:.1f} µs)")


if __name__ == "__main__":
    main()
