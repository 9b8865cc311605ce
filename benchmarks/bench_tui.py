"""Start-up of the TUI: from `rolesim` starting to its first painted frame, against the time
Python takes just to `import textual.app` (target: at most 1.5x).

Each run is a fresh interpreter (imports are what start-up costs). The app runs headless at
120x40 on the built-in tutorial; with ROLESIM_FIRST_FRAME_EXIT set it writes the wall-clock
time on stderr when its first frame is written to the terminal (the shell: header, tabs, an
empty world tree, footer), and again when the first frame showing the tutorial's world tree
is written (the tutorial is read just after the first frame; see rolesim/ui/shell/startup_marks.py),
then exits. The baseline child writes the same line once `import textual.app` is done; the
bare app marks its first frame the same way as ours (Textual's per-frame `_display` hook).
All are measured from just before the child is spawned. Median of interleaved runs.

Bytecode is cached (in a temporary PYTHONPYCACHEPREFIX, written by the warm-up runs) as it is
after `pip install`: with PYTHONDONTWRITEBYTECODE set, every one of our modules would be
compiled from source on each run while Textual's came precompiled from its wheel.

    .venv/bin/python benchmarks/bench_tui.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
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
         "    def _display(self, screen, renderable):\n"
         "        super()._display(screen, renderable)\n"
         "        if renderable is not None:\n"
         "            sys.stderr.write(f'rolesim first frame {time.time():.6f}\\n')\n"
         "            self.exit()\n"
         "Bare().run(headless=True, size=(120, 40))\n")
"""A bare Textual app (Header, Tree, Footer) to its first frame: the floor any Textual app
pays, printed so the ratio can be read against what Textual itself costs."""
MARK = "rolesim first frame "
TREE = "rolesim tree shown "


def timed(code: str, env: dict[str, str], mark: str = MARK) -> float:
    """Seconds from spawning `code` to the time it wrote after `mark` on stderr."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    stamps = [line[len(mark):].split()[0] for line in done.stderr.splitlines()
              if line.startswith(mark)]
    if done.returncode != 0 or not stamps:
        raise SystemExit(f"bench_tui: the run failed:\n{done.stderr[-2000:]}")
    return float(stamps[0]) - start


def timed_app(env: dict[str, str]) -> tuple[float, float]:
    """(first frame, tutorial tree shown) of one run of the app."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", APP], env=env, capture_output=True, text=True)
    stamps = {mark: float(line[len(mark):].split()[0]) - start
              for line in done.stderr.splitlines() for mark in (MARK, TREE)
              if line.startswith(mark)}
    if done.returncode != 0 or len(stamps) != 2:
        raise SystemExit(f"bench_tui: the run failed:\n{done.stderr[-2000:]}")
    return stamps[MARK], stamps[TREE]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    env = dict(os.environ, ROLESIM_FIRST_FRAME_EXIT="1", TEXTUAL_ANIMATIONS="none",
               PYTHONPYCACHEPREFIX=tempfile.mkdtemp(prefix="rolesim-bench-pyc-"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached, not recompiled
    timed_app(env)  # warm the file cache and the .pyc files once
    timed(BASELINE, env)
    timed(FLOOR, env)
    app, tree, base, floor = [], [], [], []
    for _ in range(options.runs):  # interleaved, so machine load hits all alike
        first, shown = timed_app(env)
        app.append(first)
        tree.append(shown)
        base.append(timed(BASELINE, env))
        floor.append(timed(FLOOR, env))
    app_ms, base_ms = statistics.median(app) * 1000, statistics.median(base) * 1000
    tree_ms, floor_ms = statistics.median(tree) * 1000, statistics.median(floor) * 1000
    print(f"python -c 'import textual.app':                  {base_ms:7.1f} ms "
          f"(median of {options.runs})")
    print(f"bare Textual app (Header, Tree, Footer), 1st frame: {floor_ms:7.1f} ms "
          f"({floor_ms / base_ms:.2f}x the import)")
    print(f"rolesim to its first frame (120x40):              {app_ms:7.1f} ms "
          f"({app_ms / base_ms:.2f}x the import; target <= 1.5x)")
    print(f"rolesim to the tutorial's world tree on screen:   {tree_ms:7.1f} ms "
          f"({tree_ms / base_ms:.2f}x the import)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
