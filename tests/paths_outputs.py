"""The outputs of `rolesim paths` and `rolesim graph` on a shipped lesson, each keyed by its
command, as the comparison with main's recorded outputs reads them (test_cli_paths_same.py)."""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

from rolesim.scenario import paths_report as pr
from rolesim.scenario.build import build_world
from rolesim.scenario.importer.detect import load_any


def _captured(run: Callable[[], int]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run()
    return f"rc={code}\n{out.getvalue()}\nSTDERR:{err.getvalue()}"


def outputs(lesson: Path) -> dict[str, str]:
    """Every drawing (DOT, Mermaid, with and without --escalation) and, from every principal,
    --admin (text and JSON) and --to every other principal (JSON): sha256 of each."""
    world = build_world(load_any(lesson))
    runs: dict[str, Callable[[], int]] = {}
    for fmt in ("dot", "mermaid"):
        for escalation in (False, True):
            runs[f"graph {fmt} {escalation}"] = (
                lambda f=fmt, e=escalation: pr.run_graph(lesson, f, e))
    principals = list(world.users) + list(world.roles)
    for source in principals:
        runs[f"paths {source} admin"] = lambda s=source: pr.run_paths(lesson, s, None, True,
                                                                      False)
        runs[f"paths {source} admin json"] = lambda s=source: pr.run_paths(lesson, s, None,
                                                                           True, True)
        for target in principals:
            if target != source:
                runs[f"paths {source} -> {target}"] = (
                    lambda s=source, t=target: pr.run_paths(lesson, s, t, False, True))
    return {key: hashlib.sha256(_captured(run).encode()).hexdigest()
            for key, run in runs.items()}
