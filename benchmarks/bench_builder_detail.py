"""Time to show a role's detail in the world builder, "What it can do" included, on a generated
200-role world (issue #5: moving through the tree must not stall).

Run: .venv/bin/python benchmarks/bench_builder_detail.py
Prints:
* the analysis alone (`principal_permissions`) per role: a quarter have AdministratorAccess with
  a boundary, a quarter an explicit Deny, all sit in accounts with SCPs;
* in the app, selecting a role: the panel update (its words, with "Working it out…"), and
  the time until "What it can do" is worked out (in a thread);
* selecting the same roles again: the cached answer, shown at once, and painted.
"""
# ruff: noqa: E501

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rolesim.core.analysis.principal import principal_permissions
from rolesim.core.clock import Clock
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.widgets.world_builder import WorldBuilder
from rolesim.ui.widgets.world_tree import NodeRef

ROLES = 200
ACCOUNTS = 4
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def world_text() -> str:
    parts = ['format = 1\ntitle = "200 roles"\n']
    for a in range(ACCOUNTS):
        acct = f"{a + 1:012d}"
        parts.append(f'[[accounts]]\nid = "{acct}"\nname = "acct{a}"\n'
                     "scps = ['{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}, {\"Effect\": \"Deny\", \"Action\": \"organizations:*\", \"Resource\": \"*\"}]}']\n")
        parts.append(f'[[policies]]\narn = "arn:aws:iam::{acct}:policy/boundary"\n'
                     "document = '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:*\", \"ec2:*\", \"logs:*\"], \"Resource\": \"*\"}]}'\n")
        parts.append(f'[[resources]]\narn = "arn:aws:s3:::bucket-{a}"\naccount = "{acct}"\n')
    for i in range(ROLES):
        acct = f"{i % ACCOUNTS + 1:012d}"
        prev = f"arn:aws:iam::{(i - 1) % ACCOUNTS + 1:012d}:role/r{i - 1:03d}" if i else f"arn:aws:iam::{acct}:root"
        lines = [f'[[roles]]\narn = "arn:aws:iam::{acct}:role/r{i:03d}"', f'tags = {{ n = "{i}" }}',
                 f"trust = '{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": {{\"AWS\": \"{prev}\"}}, \"Action\": \"sts:AssumeRole\"}}]}}'"]
        kind = i % 4
        if kind == 0:
            lines += [f'policies = ["{ADMIN}"]', f'boundary = "arn:aws:iam::{acct}:policy/boundary"']
        elif kind == 1:
            lines += [f'policies = ["{READ_ONLY}"]',
                      "inline.deny = '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}'"]
        elif kind == 2:
            lines += ["inline.p = '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:Get*\", \"sts:AssumeRole\"], \"Resource\": \"*\"}]}'"]
        else:
            lines += [f'policies = ["{ADMIN}"]']
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def summary(label: str, values: list[float]) -> str:
    return (f"{label}: median {statistics.median(values):.1f} ms, "
            f"max {max(values):.1f} ms over {len(values)}")


def bench_analysis(text: str) -> None:
    scenario = load_scenario_text(text, "bench.toml")
    world = build_world(scenario)
    principal_permissions(world, next(iter(world.roles)), Clock())  # catalogue loaded
    timings: list[float] = []
    for arn in world.roles:
        started = time.perf_counter()
        principal_permissions(world, arn, Clock())
        timings.append((time.perf_counter() - started) * 1000)
    print(summary("principal_permissions alone, per role", timings))


async def bench_app(text: str) -> None:
    """In the app: the panel update on selecting a role (`_show`: describe + update), and the
    whole cycle to the next idle frame (`pilot.pause()`; its own cost is printed too)."""
    app = make_app(workspace=Workspace(load_scenario_text(text, "bench.toml")))
    pending: list[float] = []
    to_section: list[float] = []
    cached: list[float] = []
    cycle: list[float] = []
    idle: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        builder = app.screen.query_one(WorldBuilder)
        for _ in range(500):
            await pilot.pause(0.01)
            if builder.ready and builder.world is not None:
                break
        roles = [ref for ref in _role_refs(app)][:60]
        for ref in roles:
            started = time.perf_counter()
            builder.selected = ref
            builder._show()  # what a cursor move runs: the section says "Working it out…"
            pending.append((time.perf_counter() - started) * 1000)
            while ref.key not in builder.can_do:
                await asyncio.sleep(0.0005)
            to_section.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
        for ref in roles:
            started = time.perf_counter()
            builder.selected = ref
            builder._show()
            cached.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
            cycle.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await pilot.pause()
            idle.append((time.perf_counter() - started) * 1000)
    print(summary("select a role not yet worked out: panel updated (section pending)", pending))
    print(summary("select a role not yet worked out: 'What it can do' ready (worker)", to_section))
    print(summary("select a role already worked out: panel updated from the cache", cached))
    print(summary("  ... and painted (to the next idle frame)", cycle))
    print(summary("  (an idle pilot.pause() alone, for comparison)", idle))


def _role_refs(app: object) -> list[NodeRef]:
    builder = app.screen.query_one(WorldBuilder)  # type: ignore[attr-defined]
    world = builder.world
    return [NodeRef("role", arn, arn.split(":")[4]) for arn in world.roles]


def main() -> None:
    text = world_text()
    print(f"world: {ROLES} roles in {ACCOUNTS} accounts, SCPs, boundaries, denies")
    bench_analysis(text)
    asyncio.run(bench_app(text))


if __name__ == "__main__":
    main()
