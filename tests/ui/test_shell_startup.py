"""Start-up stays light: the first frame is painted before the catalogue, the analyses, the
simulator and the Scenario tab are imported (benchmarks/bench_tui.py measures the time)."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = ("import rolesim.ui.app as ui\n"
        "ui.make_app(size=(120, 40)).run(headless=True, size=(120, 40))\n")


def test_first_frame_before_heavy_imports() -> None:
    env = dict(os.environ, ROLESIM_FIRST_FRAME_EXIT="1", TEXTUAL_ANIMATIONS="none")
    done = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    [line] = [line for line in done.stderr.splitlines() if line.startswith("rolesim first frame")]
    assert line.endswith("loaded=-"), line


def test_first_frame_then_the_tutorial_tree_is_painted() -> None:
    """The shell is painted before pydantic and the scenario model load; the tutorial's tree
    follows in a later frame (rolesim.ui.shell.startup_marks)."""
    env = dict(os.environ, ROLESIM_FIRST_FRAME_EXIT="1", TEXTUAL_ANIMATIONS="none")
    done = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("rolesim ")]
    assert [line.split()[1] for line in lines] == ["first", "tree"], lines
    first, tree = (float(line.split()[3]) for line in lines)
    assert tree >= first
