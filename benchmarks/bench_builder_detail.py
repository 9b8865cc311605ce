"""Time to show a role's detail in the world builder, "What it can do" included, on a generated
200-role world (issue #5: moving through the tree must not stall).

Run: .venv/bin/python benchmarks/bench_builder_detail.py
Prints:
* the analysis alone (`principal_permissions`) per role: a quarter have AdministratorAccess with
  a boundary, a quarter an explicit Deny, all sit in accounts with SCPs;
* in the app, timed to the painted frame (as bench_inspector.py times them): selecting a role
  not yet worked out paints the panel at once (its words, "Working it out…"), then the
  section when the worker has it; selecting it again paints the cached section at once.
"""
# ruff: noqa: E501

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from rolesim.core.analysis.principal import principal_permissions
from rolesim.core.clock import Clock
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.world_builder import WorldBuilder
from rolesim.ui.world.world_tree import NodeRef

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
    """In the app, timed to painted frames (bench_inspector's FrameClock): selecting a role not
    yet worked out (the panel at once, with "Working it out…"; then the section, from the
    worker) and selecting it again (from the cache)."""
    from bench_inspector import FrameClock

    app = make_app(workspace=Workspace(load_scenario_text(text, "bench.toml")))
    pending: list[float] = []
    section: list[float] = []
    cached: list[float] = []
    cached_first: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        builder = app.screen.query_one(WorldBuilder)
        for _ in range(500):
            await pilot.pause(0.01)
            if builder.ready and builder.world is not None:
                break
        clock = FrameClock(app)
        roles = _role_refs(app)[:60]

        def select(ref: NodeRef) -> None:
            builder.selected = ref
            builder._show()  # what a cursor move runs

        for ref in roles:
            clock.painted.clear()
            started = time.perf_counter()
            select(ref)
            while ref.key not in builder.can_do:
                await asyncio.sleep(0.0005)
            ready = time.perf_counter()
            while not any(p > ready for p in clock.painted):
                await asyncio.sleep(0.0005)
            pending.append((clock.painted[0] - started) * 1000)
            section.append((next(p for p in clock.painted if p > ready) - started) * 1000)
            await asyncio.sleep(0.05)
        for ref in roles:
            timing = await clock.time(partial(select, ref))
            cached.append(timing.last)
            cached_first.append(timing.first)
    print(summary("select a role not yet worked out: panel painted (section pending)", pending))
    print(summary("select a role not yet worked out: 'What it can do' painted (worker)", section))
    print(summary("select a role already worked out: first frame, the new panel", cached_first))
    print(summary("select a role already worked out: last frame (the scrollbar follows)",
                  cached))


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
