"""`rolesim FILE.json`, `inspect` and `who-can-assume` accept an export directly: recognised by
its content (a JSON object with the lists of get-account-authorization-details), imported to a
scenario in a temporary directory, whose path is used instead."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path


def scenario_path(path: Path) -> Path:
    """`path` itself, or the scenario imported from it when it is an export."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).lstrip()
    except OSError:
        return path
    if not head.startswith(b"{"):
        return path
    from rolesim.scenario.importer.command import import_exports
    from rolesim.scenario.importer.formats import EXPORT_KEYS, ImportProblem

    if not any(k.encode() in head for k in EXPORT_KEYS):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            return path
        if not (isinstance(data, dict) and any(k in data for k in EXPORT_KEYS)):
            return path
    try:
        imported = import_exports([path])
    except ImportProblem as exc:
        import sys

        print(f"rolesim: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    target = Path(tempfile.mkdtemp(prefix="rolesim-import-")) / (path.stem + ".toml")
    target.write_text(imported.text, encoding="utf-8")
    return target
