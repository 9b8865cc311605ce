"""Time to re-render the session inspector after a step, on a generated 200-role world.

Run: .venv/bin/python benchmarks/bench_inspector.py   (target: <= 50 ms per re-render)
Measures `Inspector.show()` plus the refresh it causes, for the state after each step of a
chain of role hops; the Permissions tab is computed in a worker only while it is open, so it
is not part of this figure.
"""

from __future__ import annotations

import asyncio
import statistics
import time

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.widgets.inspector import Inspector, InspectorState

ROLES = 200


def world_text() -> str:
    """200 roles in 4 accounts, each trusting the previous role; a user who starts the chain."""
    parts = ['format = 1\ntitle = "200 roles"\n']
    for a in range(4):
        parts.append(f'[[accounts]]\nid = "{a + 1:012d}"\nname = "acct{a}"\n')
    parts.append('[[users]]\narn = "arn:aws:iam::000000000001:user/u"\n'
                 '[[users.inline.all.Statement]]\nEffect = "Allow"\nAction = "*"\n'
                 'Resource = "*"\n')
    for i in range(ROLES):
        acct = f"{i % 4 + 1:012d}"
        prev = ("arn:aws:iam::000000000001:user/u" if i == 0
                else f"arn:aws:iam::{(i - 1) % 4 + 1:012d}:role/r{i - 1}")
        parts.append(f'[[roles]]\narn = "arn:aws:iam::{acct}:role/r{i}"\n'
                     f'tags = {{ n = "{i}" }}\n'
                     f'[[roles.trust.Statement]]\nEffect = "Allow"\n'
                     f'Principal = {{ AWS = "{prev}" }}\n'
                     f'Action = ["sts:AssumeRole", "sts:TagSession"]\n'
                     f'[[roles.inline.p.Statement]]\nEffect = "Allow"\n'
                     f'Action = ["s3:Get*", "sts:AssumeRole", "sts:TagSession"]\n'
                     f'Resource = "*"\n')
    parts.append('[[steps]]\ndo = "sign-in"\nprincipal = "arn:aws:iam::000000000001:user/u"\n')
    for i in range(10):
        acct = f"{i % 4 + 1:012d}"
        parts.append(f'[[steps]]\ndo = "assume-role"\nrole = "arn:aws:iam::{acct}:role/r{i}"\n'
                     f'session_name = "s{i}"\ntags = {{ k{i} = "v" }}\n'
                     f'transitive_tag_keys = ["k{i}"]\n')
        parts.append('[[steps]]\ndo = "call"\naction = "s3:GetObject"\n'
                     'resource = "arn:aws:s3:::b/k"\n')
    return "\n".join(parts)


async def main() -> None:
    scenario = load_scenario_text(world_text(), "bench.toml")
    app = make_app(workspace=Workspace(scenario))
    timings: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause(0.5)
        inspector = app.screen.query_one(Inspector)
        for upto in range(1, len(scenario.steps) + 1):
            result = replay(scenario, upto=upto)
            sim = result.simulator
            state = InspectorState(sim.top, sim, sim.clock.now, result.results[-1], upto)
            started = time.perf_counter()
            inspector.show(state)
            await pilot.pause()  # the refresh the new content causes
            timings.append((time.perf_counter() - started) * 1000)
    print(f"inspector re-render after a step, {ROLES}-role world, {len(timings)} steps: "
          f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms "
          f"(target <= 50 ms)")


if __name__ == "__main__":
    asyncio.run(main())
