"""Start-up timing for benchmarks/bench_tui.py: when the first frame and the tutorial appear.

Off unless ROLESIM_FIRST_FRAME_EXIT is set. Then the app writes, on stderr, the wall-clock
time of its first painted frame (the shell: header, tabs, an empty tree, footer) and of the
first frame painted after the world tree was filled from the workspace, and leaves. Both are
taken from Textual's hook for each frame written to the terminal, so they are paint times,
not the later moment a callback runs.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Protocol

HEAVY_MODULES = ("pydantic", "rolesim.scenario.model", "rolesim.core.catalog",
                 "rolesim.core.analysis.who_can_assume", "rolesim.core.analysis.effective",
                 "rolesim.core.sts.simulator", "rolesim.ui.steps.scenario_pane",
                 "rolesim.knowledge.store")
"""Kept off the path to the first frame: read just after it (or with the Scenario tab); the
facts and glossary when the palette or a fact is first opened."""

FIRST_FRAME = "rolesim first frame"
TREE_SHOWN = "rolesim tree shown"


class Exits(Protocol):
    def exit(self) -> None: ...


class StartupMarks:
    """What has been painted so far, and what the world builder has said it filled. A plain
    class: a dataclass costs ~2 M instructions to create, on every start-up of the TUI."""

    __slots__ = ("first_painted", "seen", "tree_filled")

    def __init__(self) -> None:
        self.first_painted = False
        self.tree_filled = False
        self.seen: list[str] = []

    @classmethod
    def from_environment(cls) -> StartupMarks | None:
        return cls() if os.environ.get("ROLESIM_FIRST_FRAME_EXIT") else None

    def mark(self, name: str) -> None:
        """A named moment (e.g. `tree`: the world tree holds the workspace now)."""
        self.seen.append(name)
        if name == "tree":
            self.tree_filled = True

    def painted(self, app: Exits) -> None:
        """A frame was written: say so for the first one and the first with the tree."""
        if not self.first_painted:
            self.first_painted = True
            heavy = ",".join(name for name in HEAVY_MODULES if name in sys.modules) or "-"
            _say(f"{FIRST_FRAME} {time.time():.6f} loaded={heavy}")
        if self.tree_filled:
            self.tree_filled = False
            _say(f"{TREE_SHOWN} {time.time():.6f}")
            app.exit()


def _say(line: str) -> None:
    if sys.__stderr__ is not None:
        sys.__stderr__.write(line + "\n")
        sys.__stderr__.flush()
