"""`rolesim new.toml`, naming a file that does not exist yet: as an editor does (`vim
new.txt`), the TUI opens on a new, empty scenario that Save (Ctrl+S) writes to that name;
nothing is written before. A name that cannot become a scenario is refused in one line
that says how to start one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rolesim.scenario.workspace import Workspace


def new_file_workspace(path: Path) -> Workspace | None:
    """An empty scenario to be saved at `path` when nothing is there and it can be made
    there; None when something is at `path` (the loader opens or refuses it).
    `ScenarioError` when nothing is there and no scenario can be made under that name."""
    from rolesim.core.safe_text import escape_controls
    from rolesim.scenario.errors import ScenarioError

    if os.path.lexists(path):
        return None
    shown = escape_controls(str(path))
    folder = path.parent
    if path.suffix.lower() != ".toml":
        raise ScenarioError(f"{shown}: no such file (a new scenario is a file ending in "
                            f".toml: `rolesim {escape_controls(str(path.with_suffix('.toml')))}`"
                            " opens an empty one, written when you save)")
    if not folder.is_dir():
        raise ScenarioError(f"{shown}: no such file, and no folder "
                            f"{escape_controls(str(folder))} to make it in")
    from rolesim.scenario.model import Scenario
    from rolesim.scenario.workspace import Workspace

    workspace = Workspace(Scenario(format=1, title=path.stem), path)
    workspace.new_file = True
    return workspace
