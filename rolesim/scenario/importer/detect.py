"""`rolesim FILE.json`, `inspect` and `who-can-assume` accept an export directly: recognised by
its content (a JSON object with the lists of get-account-authorization-details), imported to a
scenario in a temporary directory, whose path is used instead."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path


def scenario_path(path: Path) -> Path:
    """`path` itself, or the scenario imported from it when it is an export (written to a
    temporary directory that is removed when rolesim exits)."""
    text = imported_text(path)
    if text is None:
        return path
    import atexit
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="rolesim-import-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / (path.stem + ".toml")
    target.write_text(text, encoding="utf-8")
    return target


def imported_text(path: Path) -> str | None:
    """The scenario imported from `path` when its content is an export, else None. Only a
    regular file is looked into: opening a FIFO would block, and a device or directory is
    left for the loader to refuse in its one line."""
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
        imported = import_exports([path])
    except ImportProblem as exc:
        import sys

        print(f"rolesim: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    return imported.text
