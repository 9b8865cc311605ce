"""Benchmarks of the analyses (issue #6).

* effective permissions: a full summary (effective_permissions + per-service JSON with access
  levels) for a session with AdministratorAccess over the whole catalogue; target <= 100 ms.
  Also ReadOnlyAccess (2,677 patterns) and a role session with a boundary and a session policy.
* who can assume: a world of 1,000 roles and 1,000 users; target <= 1 s.

Run: .venv/bin/python benchmarks/bench_analysis.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rolesim.core.analysis.effective import effective_permissions, given_up  # noqa: E402
from rolesim.core.catalog import get_catalog  # noqa: E402
from rolesim.scenario.load import load_scenario_text  # noqa: E402
from rolesim.scenario.runner import replay  # noqa: E402

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


def main() -> int:
    admin_ms = bench_effective()
    ok = admin_ms <= 100
    try:
        from benchmarks_who import bench_who_can_assume  # type: ignore[import-not-found]
    except ImportError:
        bench_who_can_assume = None
    if bench_who_can_assume is not None:
        ok = bench_who_can_assume() and ok
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
