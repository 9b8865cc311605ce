"""Loading a world for a command that runs once and exits (`run`, `who-can-assume`).

Reading and building a big world allocates hundreds of thousands of objects that all live
until the command ends, and none of them is garbage; the cyclic collector would still walk
them again and again as they pile up (over a third of building a 5,000-role world). So it is
off while loading, and what was loaded is frozen (`gc.freeze()`) so that later collections,
during the steps or the search, do not walk it either.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_keeping = [False]


@contextmanager
def loading_to_keep() -> Iterator[None]:
    """Collector off inside; on leaving, freeze what exists and turn it back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        _keeping[0] = True
        if enabled:
            gc.enable()


def keeping() -> bool:
    """Whether this process froze what it loaded (`loading_to_keep`), to keep it until it
    exits. Asked instead of `gc.get_freeze_count()`, which counts the frozen objects one by
    one (10 ms on a big world)."""
    return _keeping[0]
