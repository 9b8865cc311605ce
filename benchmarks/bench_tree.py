"""The world tree on an imported 5,000-role world: time to repaint after expanding an account
and after each keystroke in the tree's filter.

Run: .venv/bin/python benchmarks/bench_tree.py [--roles N]   (target: <= 100 ms each)
(`--roles 50` times the same on a small world: the floor the shared machine allows.)

Frames are timed as in bench_inspector.py: from the action until the last frame it caused has
been painted (terminal bytes produced), waiting until nothing more is painted. Wall-clock time
on a shared machine counts the time other processes hold the CPU, so the UI thread's own CPU
time over the same window (to the last paint) is printed too: what the action costs, whatever
the machine is doing. Work done in worker threads (what a role can do) is not in that figure.
When a keystroke moves the highlight to another entity, the detail pane follows DETAIL_DELAY
(world_builder.py) after the last keystroke: that paint is left out of the keystroke's time.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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
from rolesim.ui.world.world_builder import DETAIL_DELAY
from rolesim.ui.world.world_tree import WorldTree


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):6.1f} ms, max {max(values):6.1f} ms"


class CpuFrameClock(FrameClock):
    """A FrameClock that also takes the UI thread's CPU time at each paint."""

    def __init__(self, app: object) -> None:
        super().__init__(app)
        self.cpu_at_paint: list[float] = []
        display = app._display  # type: ignore[attr-defined]

        def cpu_display(screen: object, renderable: object) -> None:
            display(screen, renderable)
            self.cpu_at_paint.append(time.thread_time())

        app._display = cpu_display  # type: ignore[attr-defined]

    async def timed(self, action: Callable[[], object]) -> tuple[float, float, float]:
        """Wall ms to the first and to the last frame `action` caused, and the UI thread's
        CPU ms to the last."""
        self.cpu_at_paint.clear()
        started = time.thread_time()
        timing = await self.time(action)
        ended = self.cpu_at_paint[-1] if self.cpu_at_paint else time.thread_time()
        return timing.first, timing.last, (ended - started) * 1000


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
        clock = CpuFrameClock(app)
        account = tree.root.children[0]
        expand: list[tuple[float, float, float]] = []
        collapse: list[tuple[float, float, float]] = []
        for _ in range(10):
            collapse.append(await clock.timed(account.collapse))
            expand.append(await clock.timed(account.expand))
        # "/" opens the filter (focus moves, the footer's keys change): not a keystroke
        await clock.timed(app.screen.query_one("#world-builder").action_filter_tree)  # type: ignore[attr-defined]
        filter_input = app.screen.query_one("#tree-filter", Input)
        typing: list[tuple[float, float, float]] = []
        for word in ("app-1", "role-42", "user-7", "group-1", "shared"):
            texts = [word[:i + 1] for i in range(len(word))]
            texts += [word[:i - 1] for i in range(len(word), 0, -1)]  # erase, back to all
            for text in texts:
                typing.append(await clock.timed(partial(setattr, filter_input, "value", text)))
                await asyncio.sleep(DETAIL_DELAY + 0.1)  # the detail pane follows, untimed
    roles = len(scenario.roles)
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
    print(f"World tree, {roles} roles, {len(scenario.users)} users, {len(scenario.policies)} "
          f"policies (target <= 100 ms):")
    print("  wall clock to the last frame painted, and the UI thread's CPU time to it:")
    for name, timings in (("expand an account", expand), ("collapse an account", collapse),
                          (f"a keystroke in the filter ({len(typing)}, typing and erasing)",
                           typing)):
        print(f"  {name}:")
        for index, what in ((1, "last frame"), (2, "CPU")):
            print(f"    {what + ':':13} {summary([t[index] for t in timings])}")

if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=5000,
                        help="fewer roles (and users, groups, policies) for a baseline")
    asyncio.run(main(parser.parse_args().roles))
