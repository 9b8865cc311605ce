"""Benchmarks of the analyses (issue #6).

* effective permissions: a full summary (effective_permissions + per-service JSON with access
  levels) for a session with AdministratorAccess over the whole catalogue; target <= 100 ms.
  Also ReadOnlyAccess (2,677 patterns) and a role session with a boundary and a session policy.
* who can assume: a world of 1,000 roles and 1,000 users; target <= 1 s.

Run: .venv/bin/python benchmarks/bench_analysis.py
"""
# ruff: noqa: E501

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rolesim.core.analysis.effective import effective_permissions, given_up
from rolesim.core.analysis.who_can_assume import who_can_assume
from rolesim.core.catalog import get_catalog
from rolesim.core.policy.model import Policy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.world import Account, Role, User, World, unique_id
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay

A = "111111111111"

WORLD = f"""
format = 1
title = "bench"

[[accounts]]
id = "{A}"
scps = ['{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}},{{"Effect":"Deny","Action":"organizations:*","Resource":"*"}}]}}']

[[policies]]
arn = "arn:aws:iam::{A}:policy/boundary"
document = '{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","NotAction":["iam:*","kms:*"],"Resource":"*"}}]}}'

[[users]]
arn = "arn:aws:iam::{A}:user/admin"
policies = ["arn:aws:iam::aws:policy/AdministratorAccess"]

[[users]]
arn = "arn:aws:iam::{A}:user/reader"
policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]

[[roles]]
arn = "arn:aws:iam::{A}:role/Ops"
policies = ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]
boundary = "arn:aws:iam::{A}:policy/boundary"
trust = '{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{A}:user/admin"}},"Action":"sts:AssumeRole"}}]}}'

[[resources]]
arn = "arn:aws:s3:::data"
account = "{A}"
policy = '{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::data/*"}}]}}'
"""

STEPS = f"""
[[steps]]
do = "sign-in"
principal = "arn:aws:iam::{A}:user/PRINCIPAL"
"""

ASSUME = """
[[steps]]
do = "assume-role"
role = "arn:aws:iam::111111111111:role/Ops"
session_name = "ops"
policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:*","s3:*","lambda:*"],"Resource":"*"}]}'
"""


def timed(label: str, fn: Callable[[], object], runs: int = 20) -> float:
    fn()  # warm the per-statement masks once, as the inspector's first refresh does
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    median = statistics.median(samples)
    print(f"{label}: median {median:.1f} ms, max {max(samples):.1f} ms over {runs} runs")
    return median


def bench_effective() -> float:
    start = time.perf_counter()
    catalog = get_catalog()
    print(f"catalogue first load: {(time.perf_counter() - start) * 1000:.0f} ms "
          f"({len(catalog.services())} services, {len(catalog)} actions)")
    admin = replay(load_scenario_text(WORLD + STEPS.replace("PRINCIPAL", "admin"))).simulator
    reader = replay(load_scenario_text(WORLD + STEPS.replace("PRINCIPAL", "reader"))).simulator
    ops = replay(load_scenario_text(WORLD + STEPS.replace("PRINCIPAL", "admin") + ASSUME)).simulator

    def summary(sim: object) -> Callable[[], object]:
        def run() -> object:
            eff = effective_permissions(sim, sim.top)  # type: ignore[attr-defined]
            return eff.to_json()
        return run

    first = time.perf_counter()
    summary(admin)()
    print(f"AdministratorAccess full summary, cold statement masks: "
          f"{(time.perf_counter() - first) * 1000:.1f} ms")
    admin_ms = timed("AdministratorAccess full summary", summary(admin))
    first = time.perf_counter()
    summary(reader)()
    print(f"ReadOnlyAccess full summary, cold statement masks: "
          f"{(time.perf_counter() - first) * 1000:.1f} ms")
    timed("ReadOnlyAccess full summary", summary(reader))
    timed("role session (PowerUser+ReadOnly, boundary, session policy)", summary(ops))
    timed("given_up for that session", lambda: given_up(ops, ops.top))
    return admin_ms


def big_world(n_users: int = 1000, n_roles: int = 1000, n_accounts: int = 5) -> World:
    """Users in teams that may assume their team's roles; roles trusting, in turn, another
    account with an external id, one user, the previous role (chains), or their own account
    with MFA."""
    accounts = [f"{100000000000 + i:012d}" for i in range(n_accounts)]
    world = World(accounts={a: Account(a) for a in accounts})

    def doc(text: str, kind: PolicyType = PolicyType.IDENTITY) -> Policy:
        return parse_policy(text, kind)

    team_policies = [
        doc('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",'
            f'"Resource":"arn:aws:iam::*:role/team{t}-*"}},{{"Effect":"Allow","Action":"s3:Get*",'
            '"Resource":"*"}]}')
        for t in range(10)
    ]
    for i in range(n_users):
        arn = f"arn:aws:iam::{accounts[i % n_accounts]}:user/user{i}"
        world.users[arn] = User(arn, unique_id("AIDA", arn), inline={"team": team_policies[i % 10]},
                                mfa=i % 2 == 0, tags={"team": str(i % 10)})
    role_arns = [f"arn:aws:iam::{accounts[j % n_accounts]}:role/team{j % 10}-r{j}"
                 for j in range(n_roles)]
    for j, arn in enumerate(role_arns):
        account = accounts[j % n_accounts]
        if j % 4 == 0:
            principal = f'"arn:aws:iam::{accounts[(j + 1) % n_accounts]}:root"'
            condition = f',"Condition":{{"StringEquals":{{"sts:ExternalId":"ext-{j}"}}}}'
        elif j % 4 == 1:
            principal = f'"arn:aws:iam::{accounts[j % n_accounts]}:user/user{j}"'
            condition = ""
        elif j % 4 == 2:
            principal = f'"{role_arns[j - 1]}"'
            condition = ""
        else:
            principal = f'"arn:aws:iam::{account}:root"'
            condition = ',"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}'
        trust_doc = doc('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                        f'"Principal":{{"AWS":{principal}}},"Action":"sts:AssumeRole"{condition}}}]}}',
                        PolicyType.TRUST)
        role = Role(arn, unique_id("AROA", arn), trust=trust_doc,
                    inline={"team": team_policies[j % 10]})
        world.roles[arn] = role
    for role in world.roles.values():
        assert role.trust is not None
        role.trust_bindings = world.bindings_for(role.trust)
    return world


def bench_who_can_assume() -> bool:
    start = time.perf_counter()
    world = big_world()
    print(f"who-can-assume world: {len(world.users)} users, {len(world.roles)} roles "
          f"(built in {time.perf_counter() - start:.1f} s)")
    worst = 0.0
    roles = list(world.roles)
    for target in roles[:40]:
        t = time.perf_counter()
        found = who_can_assume(world, target)
        elapsed = (time.perf_counter() - t) * 1000
        if elapsed > worst:
            worst, worst_target, worst_count = elapsed, target, len(found)
    print(f"who_can_assume over 40 targets: worst {worst:.0f} ms "
          f"({worst_target.rsplit('/', 1)[-1]}, {worst_count} principals)")
    from rolesim.core.sts.simulator import Simulator

    sim = Simulator(world)
    sim.sign_in(next(iter(world.users)))
    timed("effective permissions of a user in that world (2,000 resources)",
          lambda: effective_permissions(sim, sim.top).to_json(), runs=5)
    return worst <= 1000


def main() -> int:
    admin_ms = bench_effective()
    ok = admin_ms <= 100
    ok = bench_who_can_assume() and ok
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
