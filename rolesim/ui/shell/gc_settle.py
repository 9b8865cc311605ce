"""No frame should wait on a full garbage collection once the TUI has started.

A full (generation 2) collection walks every tracked object: after start-up that is the
textual app, the widgets, the catalogue and the world, and each pass stopped the whole process
for a few hundred milliseconds at moments nobody chose. Once start-up has built them,
`settle()` collects once and freezes what is left (`gc.freeze()`): frozen objects are never
walked again, so later collections see only what was made since. The young-generation
threshold is raised as well, so the short-lived objects of a redraw are mostly freed by
reference counting before a collection runs at all, and full passes come ten times rarer
(benchmarks/bench_inspector.py prints the worst frame with and without).
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000
"""Allocations between young collections (CPython's default is 700)."""

OLD_THRESHOLD = 100
"""Middle-generation collections between full ones (CPython's default is 10). Once start-up
is frozen the full generation holds little, so CPython's other test (a quarter more objects
than the last full pass left) is met soon after, and a full pass still took a
quarter of a second from a frame: bench_inspector.py, worst frame 355 ms with a 249 ms full
collection while opening a tab -> 174 ms and none in the timed windows. Ten times rarer, not
never: cyclic garbage that outlived the young generations is still freed."""

_saved: list[tuple[int, int, int]] = []
"""The thresholds before `settle`, restored by `unsettle`."""


def settle() -> None:
    """Collect once, freeze the survivors, and collect the young less often."""
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if not _saved:
        _saved.append((young, middle, old))
    gc.set_threshold(YOUNG_THRESHOLD, middle, OLD_THRESHOLD)


def unsettle() -> None:
    """Undo `settle` when the app closes: what was frozen becomes collectable again (tests
    start many apps in one process)."""
    gc.unfreeze()
    if _saved:
        gc.set_threshold(*_saved.pop())
