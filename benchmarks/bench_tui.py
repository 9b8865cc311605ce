"""Start-up of the TUI: from `rolesim` starting to its first painted frame, against the time
Python takes just to `import textual.app` (target: at most 1.5x).

Each run is a fresh interpreter (imports are what start-up costs). The app runs headless at
120x40 on the built-in tutorial; with ROLESIM_FIRST_FRAME_EXIT set it writes the wall-clock
time on stderr as soon as its first frame is painted (the tree of the world; the detail panel,
the parser, the action catalogue and the analyses load just after), then exits. The baseline
child writes the same line once `import textual.app` is done. Both are measured from just
before the child is spawned to the time it wrote. Median of several runs.

    .venv/bin/python benchmarks/bench_tui.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

APP = ("import rolesim.cli\n"
       "import rolesim.ui.app as ui\n"
       "ui.make_app(size=(120, 40)).run(headless=True, size=(120, 40))\n")
BASELINE = ("import sys, time\nimport textual.app\n"
            "sys.stderr.write(f'rolesim first frame {time.time():.6f}\\n')\n")
FLOOR = ("import sys, time\n"
         "from textual.app import App\n"
         "from textual.widgets import Footer, Header, Tree\n"
         "class Bare(App[None]):\n"
         "    def compose(self):\n"
         "        yield Header(); yield Tree('world'); yield Footer()\n"
         "    def on_mount(self):\n"
         "        self.call_after_refresh(self.done)\n"
         "    def done(self):\n"
         "        sys.stderr.write(f'rolesim first frame {time.time():.6f}\\n'); self.exit()\n"
         "Bare().run(headless=True, size=(120, 40))\n")
"""A bare Textual app (Header, Tree, Footer) to its first frame: the floor any Textual app
pays, printed so the ratio can be read against what Textual itself costs."""
MARK = "rolesim first frame "


def timed(code: str, env: dict[str, str]) -> float:
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    stamps = [line[len(MARK):].split()[0] for line in done.stderr.splitlines()
              if line.startswith(MARK)]
    if done.returncode != 0 or not stamps:
        raise SystemExit(f"bench_tui: the run failed:\n{done.stderr[-2000:]}")
    return float(stamps[0]) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    env = dict(os.environ, ROLESIM_FIRST_FRAME_EXIT="1", TEXTUAL_ANIMATIONS="none")
    timed(APP, env)  # warm the file cache and the .pyc files once
    timed(BASELINE, env)
    timed(FLOOR, env)
    app, base, floor = [], [], []
    for _ in range(options.runs):  # interleaved, so machine load hits all alike
        app.append(timed(APP, env))
        base.append(timed(BASELINE, env))
        floor.append(timed(FLOOR, env))
    app_ms, base_ms = statistics.median(app) * 1000, statistics.median(base) * 1000
    floor_ms = statistics.median(floor) * 1000
    print(f"rolesim to first frame (built-in tutorial, 120x40): {app_ms:7.1f} ms "
          f"(median of {options.runs})")
    print(f"python -c 'import textual.app':                     {base_ms:7.1f} ms")
    print(f"bare Textual app (Header, Tree, Footer) to first frame: {floor_ms:7.1f} ms "
          f"({floor_ms / base_ms:.2f}x the import)")
    print(f"ratio: {app_ms / base_ms:.2f}x (target <= 1.5x); {app_ms / floor_ms:.2f}x the bare app")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
