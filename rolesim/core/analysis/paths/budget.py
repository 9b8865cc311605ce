"""How much work a path search may do before it stops with a clear message, and how it says
it is still working: on a real account (thousands of roles trusting the account root) a
question asked carelessly must never look like a hang (docs/paths.md, "Large worlds")."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


class BudgetExceeded(Exception):
    """The search was stopped: `checks` (source, target, technique) checks in `seconds`."""

    def __init__(self, checks: int, seconds: float) -> None:
        super().__init__(f"stopped after {seconds:.0f} s and {checks:,} checks")
        self.checks = checks
        self.seconds = seconds


class SearchStopped(BudgetExceeded):
    """The search was stopped on request (`Budget.stop`: the user pressed Escape)."""

    def __init__(self, checks: int, seconds: float) -> None:
        super().__init__(checks, seconds)
        self.args = (f"stopped on request after {seconds:.0f} s and {checks:,} checks",)


@dataclass
class Budget:
    """Counts the checks made (one per source, target and technique the engine is asked
    about); past `seconds` (None: no limit) `tick` raises BudgetExceeded, and every
    `every` seconds it calls `progress` with the checks so far and the time taken. `stop`,
    from another thread, makes the next look at the clock raise SearchStopped."""

    seconds: float | None = None
    progress: Callable[[int, float], None] | None = None
    every: float = 5.0
    checks: int = 0
    started: float = field(default_factory=time.monotonic)
    _next: float = field(init=False, default=0.0)
    _stop: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self._next = self.started + self.every

    def stop(self) -> None:
        self._stop = True

    def tick(self) -> None:
        self.checks += 1
        if self.checks % 64:
            return  # the clock is read now and then: a check is a fraction of a millisecond
        now = time.monotonic()
        if self._stop:
            raise SearchStopped(self.checks, now - self.started)
        if self.seconds is not None and now - self.started > self.seconds:
            raise BudgetExceeded(self.checks, now - self.started)
        if self.progress is not None and now >= self._next:
            self._next = now + self.every
            self.progress(self.checks, now - self.started)
