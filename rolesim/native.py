"""Which build of the hot modules runs: compiled by mypyc, or the Python sources beside them.

`pip install` compiles `COMPILED` with mypyc (setup.py; a call step of `rolesim run` costs
about a fifth fewer instructions). An extension module shadows the `.py` of the same name, so
an editable install whose sources were edited after the build would silently run the old
code. The build writes `MANIFEST`, the SHA-256 of each source it compiled; `choose_build`
(run once, when `rolesim` is imported, before any of these modules) keeps the compiled modules
only when every source still matches, and otherwise makes every one of them load from its
`.py`: all or none, as compiled modules call each other directly. ROLESIM_PURE=1 asks for the
sources outright. This module uses the standard library only: setup.py reads `COMPILED` here.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType

COMPILED = (
    "rolesim/core/decision.py",
    "rolesim/core/evaluator.py",
    "rolesim/core/policy/compiled.py",
    "rolesim/core/policy/conditions.py",
    "rolesim/core/policy/wildcard.py",
    "rolesim/core/sts/simulator.py",
    "rolesim/scenario/plain_steps.py",
    "rolesim/scenario/stream.py",
)
"""The modules setup.py compiles, as paths from the project root (what mypyc is given)."""

MANIFEST = "_compiled.json"
"""Written into the package by the build: {"sources": {module path: SHA-256 of its text}}."""

PURE_VARIABLE = "ROLESIM_PURE"

PACKAGE = Path(__file__).resolve().parent


def source_digests(root: Path) -> dict[str, str]:
    """The SHA-256 of each compiled module's source under `root` (the project root, or the
    directory holding the installed `rolesim` package)."""
    return {path: hashlib.sha256((root / path).read_bytes()).hexdigest() for path in COMPILED}


def build_state(package: Path = PACKAGE) -> str:
    """"compiled" when the manifest matches every source; "stale" when a source changed since
    the build (or the manifest cannot be read); "pure" when there is no build or
    ROLESIM_PURE=1 asks for none."""
    if os.environ.get(PURE_VARIABLE) == "1":
        return "pure"
    try:
        text = (package / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return "pure"
    except OSError:
        return "stale"
    try:
        built = json.loads(text)["sources"]
        return "compiled" if built == source_digests(package.parent) else "stale"
    except (ValueError, KeyError, TypeError, OSError):
        return "stale"


class SourcesFirst(MetaPathFinder):
    """Finds each compiled module's `.py` before the import system's path finder, which would
    take the extension module first."""

    def __init__(self, root: Path) -> None:
        self.sources = {path[:-3].replace("/", "."): root / path for path in COMPILED}

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        source = self.sources.get(fullname)
        return spec_from_file_location(fullname, source) if source is not None else None


def choose_build(package: Path = PACKAGE) -> str:
    """Leaves the compiled modules in use when they are current; otherwise has every one of
    them loaded from its source. Returns the state (`build_state`)."""
    state = build_state(package)
    if state != "compiled" and not any(type(f) is SourcesFirst for f in sys.meta_path):
        sys.meta_path.insert(0, SourcesFirst(package.parent))
    return state


_WORDS = {
    "compiled": "engine: compiled by mypyc",
    "pure": "engine: plain Python (no compiled build, or ROLESIM_PURE=1)",
    "stale": "engine: plain Python (sources edited since the build: pip install -e .)",
}


def build_words() -> str:
    """The line `rolesim --version` ends with: which build runs in this process."""
    import rolesim

    return _WORDS[rolesim.BUILD]
