"""The TUI's crash barrier: an exception never ends a session silently or loses an edit.

An exception raised while replaying, analysing or drawing becomes an error notification and
the scenario stays open (the widget that failed may stop updating until the next change; the
user can keep editing and save). An exception that cannot be contained (while the app starts
or stops, or a storm of them) still writes a recovery copy of an unsaved scenario, next to
its file or in the cache directory, before the app exits with status 1.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rolesim.core.safe_text import escape_controls

if TYPE_CHECKING:
    from rolesim.scenario.workspace import Workspace

MAX_CONTAINED = 20
"""More contained errors than this in one session: something is looping, stop safely."""


def containable(pump: object) -> bool:
    """Textual stops the message loop of the widget whose handler raised. A widget's loss is
    survivable (it stops updating, the app goes on); the app's or a screen's is not: keys
    would no longer be answered. Unknown: not containable."""
    from textual.screen import Screen
    from textual.widget import Widget

    return isinstance(pump, Widget) and not isinstance(pump, Screen)


def describe(error: BaseException) -> str:
    """One escaped line for the notification: what went wrong, in the exception's words."""
    text = escape_controls(str(error)) or "no details"
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(error).__name__}: {text}"


def recovery_path(workspace: Workspace) -> Path:
    """`NAME.recovered-YYYYmmdd-HHMMSS.toml` beside the file, or in the cache directory for
    a scenario that has no file yet (or whose directory is not writable)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    if workspace.path is not None:
        folder = workspace.path.parent
        if os.access(folder if str(folder) else ".", os.W_OK):
            return folder / f"{workspace.path.stem}.recovered-{stamp}.toml"
    from rolesim.core.catalog_load import cache_dir

    folder = cache_dir() or Path.home()
    return folder / "recovered" / f"untitled.recovered-{stamp}.toml"


def save_recovery_copy(workspace: Workspace | None) -> Path | None:
    """Write the unsaved scenario to a recovery file (not to its own file, which the user has
    not chosen to overwrite). None when there is nothing unsaved or nothing could be written."""
    if workspace is None or not workspace.dirty:
        return None
    from rolesim.scenario.save import dumps

    with contextlib.suppress(Exception):
        target = recovery_path(workspace)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumps(workspace.scenario))
        return target
    return None
