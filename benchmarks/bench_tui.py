"""Start-up of the TUI: from `rolesim` starting to its first painted frame, against the time
Python takes just to `import textual.app` (target: at most 1.5x).

Each run is a fresh interpreter (imports are what start-up costs). The app runs headless at
120x40 on the built-in tutorial, paints its main screen once and exits: ROLESIM_FIRST_FRAME_EXIT
makes it leave as soon as the first frame is done. Median of several runs.

    .venv/bin/python benchmarks/bench_tui.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

APP = ("from rolesim.cli import main\n"
       "import rolesim.ui.app as ui\n"
       "ui.make_app(size=(120, 40)).run(headless=True, size=(120, 40))\n")
BASELINE = "import textual.app"


def timed(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench_tui: the run failed:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    env = dict(os.environ, ROLESIM_FIRST_FRAME_EXIT="1", TEXTUAL_ANIMATIONS="none")
    timed(APP, env)  # warm the file cache and .pyc files once
    app = [timed(APP, env) for _ in range(options.runs)]
    base = [timed(BASELINE, env) for _ in range(options.runs)]
    app_ms, base_ms = statistics.median(app) * 1000, statistics.median(base) * 1000
    print(f"rolesim first frame (built-in tutorial, 120x40): {app_ms:7.1f} ms (median of "
          f"{options.runs})")
    print(f"python -c 'import textual.app':                  {base_ms:7.1f} ms")
    print(f"ratio: {app_ms / base_ms:.2f}x (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
