"""Time to re-render the session inspector after a step, on a generated 200-role world.

Run: .venv/bin/python benchmarks/bench_inspector.py [--rounds N]   (target: <= 50 ms per step)

What is timed is what a user waits for: from the call to `Inspector.show()` until the frame
showing the new content has been painted, i.e. show() itself, the messages it causes, Textual's
frame pacing (a refresh waits for the next 1/60 s tick), the layout if one is needed, rendering,
and producing the bytes a terminal would be sent (a headless run skips only the final write, so
the benchmark produces them itself). The timestamp is taken when the last frame caused by the
step has been painted; the window then waits until nothing more is painted.

The 21 steps are timed with each tab open in turn (Identity is the one open after F3; the
chain grows to 11 sessions, more than the Chain tab shows without a scrollbar). Hidden tabs are
not rendered after a step: they are rendered when opened, so the time to open each of them
after a step is printed as well. The Permissions tab is computed in a worker only while it is
open, so it is not timed here. Full (generation 2) garbage collections that fall in a timed
window are counted and printed: they stop the whole process, whatever it is doing.

(The figure printed before 2026-11-28 awaited `pilot.pause()`, which sleeps in 20 ms slices
until a slice passes with under 1 ms of CPU: it could not read below 40 ms once any work was
done, and jumped in 20 ms steps.)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual._compositor import CompositorUpdate

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.inspector.inspector import Inspector, InspectorState

ROLES = 200
QUIET = 0.1
"""Seconds without a paint after which a step's frames are taken to be all painted."""


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


@dataclass
class Timing:
    first: float
    """Milliseconds to the first frame painted after the action."""
    last: float
    """Milliseconds to the last frame it caused (what the user waits for)."""
    collections: list[float]
    """Milliseconds of each full garbage collection inside the window."""


class FrameClock:
    """Timestamps each frame the app paints, after producing its terminal bytes, and each full
    garbage collection."""

    def __init__(self, app: Any) -> None:
        self.painted: list[float] = []
        self._collections: list[float] = []
        self._gc_started = 0.0
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # what a real driver writes
            self.painted.append(time.perf_counter())

        app._display = timed_display
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self._collections.append((time.perf_counter() - self._gc_started) * 1000)

    async def time(self, action: Callable[[], object]) -> Timing:
        """Call `action`, then wait until QUIET seconds pass without a paint."""
        self.painted.clear()
        self._collections.clear()
        started = time.perf_counter()
        action()
        returned = time.perf_counter()
        while True:
            seen = len(self.painted)
            await asyncio.sleep(QUIET)
            if len(self.painted) == seen:
                break
        first, last = ((self.painted[0], self.painted[-1]) if self.painted
                       else (returned, returned))
        return Timing((first - started) * 1000, (last - started) * 1000,
                      list(self._collections))


def summary(timings: list[float]) -> str:
    return f"median {statistics.median(timings):5.1f} ms, max {max(timings):5.1f} ms"


def gc_note(timings: list[Timing]) -> str:
    hit = [t for t in timings if t.collections]
    if not hit:
        return ""
    pauses = ", ".join(f"{ms:.0f}" for t in hit for ms in t.collections)
    spared = [t.last for t in timings if not t.collections]
    rest = f"; the other {len(spared)}: {summary(spared)}" if spared else ""
    return (f"\n      {len(hit)} of them held a full garbage collection ({pauses} ms, "
            f"process-wide){rest}")


async def main(rounds: int, freeze: bool = True) -> None:
    scenario = load_scenario_text(world_text(), "bench.toml")
    app = make_app(workspace=Workspace(scenario))
    app.freeze_after_startup = freeze
    steps: dict[str, list[Timing]] = {tab: [] for tab in ("identity", "chain", "tags", "why")}
    opened: dict[str, list[Timing]] = {"chain": [], "tags": [], "why": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause(0.5)
        inspector = app.screen.query_one(Inspector)
        clock = FrameClock(app)
        states = []
        for upto in range(1, len(scenario.steps) + 1):
            result = replay(scenario, upto=upto)
            sim = result.simulator
            states.append(InspectorState(sim.top, sim, sim.clock.now, result.results[-1], upto))
        for tab, timings in steps.items():  # step through with each tab open
            await clock.time(partial(inspector.open_tab, tab))
            for _ in range(rounds):
                for state in states:
                    timings.append(await clock.time(partial(inspector.show, state)))
        for state in states:  # after each step, open each hidden tab, then go back
            for tab, timings in opened.items():
                await clock.time(partial(inspector.open_tab, "identity"))
                await clock.time(partial(inspector.show, state))
                timings.append(await clock.time(partial(inspector.open_tab, tab)))
    everything = [t for group in (*steps.values(), *opened.values()) for t in group]
    full = sum(len(t.collections) for t in everything)
    print(f"Worst frame of all {len(everything)} timed: {max(t.last for t in everything):.1f} ms; "
          f"full garbage collections in timed windows: {full} "
          f"({'start-up frozen, gc.freeze()' if freeze else 'nothing frozen'})")
    print(f"Inspector after a step, {ROLES}-role world (target <= 50 ms): show() to the last "
          "frame painted / to the first (they differ when a scrollbar catches up a frame later):")
    for tab, timings in steps.items():
        print(f"  {tab + ' tab open:':17} {summary([t.last for t in timings])} "
              f"/ {summary([t.first for t in timings])}, {len(timings)} steps"
              f"{gc_note(timings)}")
    print("Opening a tab after a step (it is rendered then): to the last frame / to the first "
          "(the content; the tab underline follows a frame later):")
    for tab, timings in opened.items():
        print(f"  {tab + ':':17} {summary([t.last for t in timings])} / "
              f"{summary([t.first for t in timings])}{gc_note(timings)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Inspector re-render time after a step.")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the 21 steps")
    parser.add_argument("--no-freeze", action="store_true",
                        help="do not freeze what start-up built (the figure before issue 13)")
    options = parser.parse_args()
    asyncio.run(main(options.rounds, freeze=not options.no_freeze))
