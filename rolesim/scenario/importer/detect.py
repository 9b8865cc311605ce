"""`rolesim FILE.json`, `inspect` and `who-can-assume` accept an export directly: recognised by
its content (a JSON object with the lists of get-account-authorization-details), imported to a
scenario in memory (`load_any`)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rolesim.scenario.model import Scenario


def load_any(path: Path) -> Scenario:
    """The scenario in `path`, or the one imported from it when it is an export. Problems in
    the imported scenario are named `FILE.json (imported):LINE: key: ...` (the line of the
    scenario the import makes, as `rolesim import` would write it), not by a temporary file."""
    from rolesim.scenario.load import load_scenario

    scenario = imported_scenario(path)
    return load_scenario(path) if scenario is None else scenario


def imported_scenario(path: Path) -> Scenario | None:
    """The scenario imported from `path` (loaded once, as `FILE.json (imported)`) when its
    content is an export, else None. Only a regular file is looked into: opening a FIFO
    would block, and a device or directory is left for the loader to refuse in its one line.
    An export that cannot be imported raises ScenarioError (its one line)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with path.open("rb") as handle:
            head = handle.read(4096).lstrip()
    except OSError:
        return None
    if not head.startswith(b"{"):
        return None
    from rolesim.scenario.importer.command import import_exports
    from rolesim.scenario.importer.formats import EXPORT_KEYS, ImportProblem

    if not any(k.encode() in head for k in EXPORT_KEYS):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError, RecursionError):
            return None
        if not (isinstance(data, dict) and any(k in data for k in EXPORT_KEYS)):
            return None
    try:
        imported = import_exports([path], name=f"{path} (imported)")
    except ImportProblem as exc:
        from rolesim.scenario.errors import ScenarioError

        raise ScenarioError(str(exc)) from None
    return imported.scenario
