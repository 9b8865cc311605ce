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


@contextmanager
def loading_to_keep() -> Iterator[None]:
    """Collector off inside; on leaving, freeze what exists and turn it back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
