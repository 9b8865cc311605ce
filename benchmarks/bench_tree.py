"""The world tree on an imported 5,000-role world: time to repaint after expanding an account
and after each keystroke in the tree's filter.

Run: .venv/bin/python benchmarks/bench_tree.py [--roles N]   (target: <= 100 ms each)
(`--roles 50` times the same on a small world: the floor the shared machine allows.)

Frames are timed as in bench_inspector.py: from the action until the last frame it caused has
been painted (terminal bytes produced), waiting until nothing more is painted.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_inspector import FrameClock
from make_authz_export import make
from textual.widgets import Input

from rolesim.scenario.importer.command import import_exports
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.world_tree import WorldTree


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):6.1f} ms, max {max(values):6.1f} ms"


async def main(roles: int) -> None:
    export = Path(tempfile.mkdtemp()) / "authz.json"
    small = roles < 5000  # a baseline: the same screens on a small world
    export.write_text(json.dumps(make(roles=roles, users=100 if small else 2000,
                                      groups=20 if small else 200,
                                      policies=100 if small else 10000)))
    scenario = load_scenario_text(import_exports([export]).text, "bench.toml")
    app = make_app(workspace=Workspace(scenario))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause(0.5)
        tree = app.screen.query_one(WorldTree)
        for _ in range(200):  # wait until the world has been built once
            await pilot.pause(0.1)
            if app.screen.query_one("#world-builder").ready:  # type: ignore[attr-defined]
                break
        await pilot.pause(1.0)
        await app.workers.wait_for_complete()  # the selected role's analysis, in a thread
        clock = FrameClock(app)
        account = tree.root.children[0]
        expand, collapse = [], []
        for _ in range(10):
            collapse.append((await clock.time(account.collapse)).last)
            expand.append((await clock.time(account.expand)).last)
        app.screen.query_one("#world-builder").action_filter_tree()  # type: ignore[attr-defined]
        filter_input = app.screen.query_one("#tree-filter", Input)
        typing: list[float] = []
        for word in ("app-1", "role-42", "user-7", "group-1", "shared"):
            for i in range(len(word)):
                typing.append((await clock.time(partial(setattr, filter_input, "value",
                                                        word[:i + 1]))).last)
            for i in range(len(word), 0, -1):  # erase again, back to the whole world
                typing.append((await clock.time(partial(setattr, filter_input, "value",
                                                        word[:i - 1]))).last)
    roles = len(scenario.roles)
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
    print(f"World tree, {roles} roles, {len(scenario.users)} users, {len(scenario.policies)} "
          f"policies (target <= 100 ms):")
    print(f"  expand an account:   {summary(expand)}")
    print(f"  collapse an account: {summary(collapse)}")
    print(f"  a keystroke in the filter (typing and erasing, {len(typing)} keystrokes): "
          f"{summary(typing)}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=5000,
                        help="fewer roles (and users, groups, policies) for a baseline")
    asyncio.run(main(parser.parse_args().roles))
