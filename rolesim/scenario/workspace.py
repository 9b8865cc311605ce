"""What the TUI edits: a scenario, where it lives, whether it changed, and its replay.

Pure Python (no textual): every edit goes through a helper that marks the workspace dirty and
drops cached replays, so the TUI never shows a replay of an older scenario.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rolesim.core.world import World
from rolesim.scenario import world_edits
from rolesim.scenario.build import build_world
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.model import Scenario, SourceInfo, Spec, Step
from rolesim.scenario.spec_base import require_offset

if TYPE_CHECKING:  # the runner and the saver (tomlkit) load on first use, after start-up
    from rolesim.scenario.runner import Replay
    from rolesim.scenario.save import SaveResult


class Workspace:
    """A scenario being edited. `path` is None for the built-in tutorial or a new scenario."""

    def __init__(self, scenario: Scenario, path: Path | None = None) -> None:
        self.scenario = scenario
        self.path = path
        self.dirty = False
        self.new_file = False
        """`path` names a file not written yet (`rolesim new.toml`): Save creates it."""
        self._replays: dict[int | None, Replay] = {}
        self._world: World | None = None

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        from rolesim.scenario.load import load_scenario

        return cls(load_scenario(path), Path(path))

    @classmethod
    def builtin(cls) -> Workspace:
        from rolesim.scenario.builtin import load_builtin

        return cls(load_builtin(), None)

    @classmethod
    def new(cls, title: str = "Untitled scenario") -> Workspace:
        workspace = cls(Scenario(format=1, title=title), None)
        workspace.dirty = True
        return workspace

    # ------------------------------------------------------------------------------ state

    @property
    def title(self) -> str:
        return self.scenario.title

    @property
    def display_name(self) -> str:
        name = self.path.name if self.path else "(built-in, unsaved)"
        return f"{name} *" if self.dirty else name

    def mark_dirty(self) -> None:
        """Call after editing `scenario` directly; the helpers below call it for you."""
        self.dirty = True
        self._replays.clear()
        self._world = None
        source = self.scenario.source
        if source is not None and source.text:  # line numbers no longer match the text
            self.scenario.source = SourceInfo(source.filename, "")

    def save(self, path: str | Path | None = None, *,
             overwrite_read_only: bool = False) -> SaveResult:
        """Write atomically (to `path`, which becomes the workspace's, or to its own path).
        A read-only file raises `write_file.ReadOnlyFileError` until the user agreed."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("this scenario has no file yet: give a path to save it to")
        from rolesim.scenario.save import save_scenario

        result = save_scenario(self.scenario, target, overwrite_read_only=overwrite_read_only)
        self.path = target
        self.dirty = False
        self.new_file = False
        return result

    # ----------------------------------------------------------------------------- replay

    def check(self) -> ScenarioError | None:
        """Why the scenario cannot be run, or None."""
        try:
            build_world(self.scenario)
        except ScenarioError as exc:
            return exc
        return None

    def world(self) -> World:
        """The world before any step (built once per edit; do not mutate it)."""
        if self._world is None:
            self._world = build_world(self.scenario)
        return self._world

    def replay(self, upto: int | None = None) -> Replay:
        """`steps[:upto]` replayed (all when None); cached until the next edit."""
        if upto is not None and upto >= len(self.scenario.steps):
            upto = None
        cached = self._replays.get(upto)
        if cached is None:
            from rolesim.scenario.runner import replay

            cached = replay(self.scenario, upto)
            if len(self._replays) > 64:
                self._replays.clear()
            self._replays[upto] = cached
        return cached

    # ------------------------------------------------------------------------------ steps

    @property
    def steps(self) -> list[Step]:
        return self.scenario.steps

    def add_step(self, step: Step, index: int | None = None) -> int:
        """Insert `step` at `index` (append when None); returns where it went."""
        steps = self.scenario.steps
        at = len(steps) if index is None else max(0, min(index, len(steps)))
        steps.insert(at, step)
        self.mark_dirty()
        return at

    def replace_step(self, index: int, step: Step) -> None:
        self.scenario.steps[index] = step
        self.mark_dirty()

    def delete_step(self, index: int) -> Step:
        removed: Step = self.scenario.steps.pop(index)
        self.mark_dirty()
        return removed

    def move_step(self, index: int, new_index: int) -> int:
        """Move a step; returns its new index (clamped to the list)."""
        steps = self.scenario.steps
        step = steps.pop(index)
        at = max(0, min(new_index, len(steps)))
        steps.insert(at, step)
        self.mark_dirty()
        return at

    # ------------------------------------------------------------------------------ world

    def find(self, kind: str, key: str) -> Any:
        """The entity of `kind` (`account`, `user`, `role`, ...) whose ARN (or account ID) is
        `key`, or None. A live spec: change it only through the methods below."""
        return world_edits.find(self.scenario, kind, key)

    def add(self, kind: str, spec: Spec) -> str:
        """Add an entity; returns its key (ARN, or account ID)."""
        key = world_edits.add(self.scenario, kind, spec)
        self.mark_dirty()
        return key

    def replace(self, kind: str, key: str, spec: Spec) -> str:
        """Put `spec` where `key` was; a new ARN (or account ID) is followed by every
        reference in the world and the steps. Returns the new key."""
        new_key = world_edits.replace(self.scenario, kind, key, spec)
        self.mark_dirty()
        return new_key

    def delete(self, kind: str, key: str, account: str = "", owner: str = "") -> list[str]:
        """Delete an entity, an inline policy or an SCP (see world_edits.delete) and the
        references to it; returns what else changed."""
        changed = world_edits.delete(self.scenario, kind, key, account, owner)
        self.mark_dirty()
        return changed

    def references_to(self, key: str) -> list[str]:
        """Where the world names `key` (said before a delete)."""
        return world_edits.references_to(self.scenario, key)

    def apply(self, edit: world_edits.Edit) -> list[str]:
        """Apply what the world builder asked for; returns what else changed (a delete)."""
        if edit.op == "add":
            self.add(edit.kind, edit.spec)
        elif edit.op == "replace":
            self.replace(edit.kind, edit.key, edit.spec)
        elif edit.op == "delete":
            return self.delete(edit.kind, edit.key, edit.account, edit.owner)
        elif edit.op == "document":
            self.set_document(edit.kind, edit.key, edit.document, edit.account, edit.owner)
            if edit.kind == "scp" and edit.name is not None:
                self.name_scp(edit.account, int(edit.key), edit.name)
        elif edit.op == "name" and edit.kind == "scp" and edit.name is not None:
            self.name_scp(edit.account, int(edit.key), edit.name)
        else:
            raise ValueError(f"unknown edit {edit.op!r}")
        return []

    def set_document(self, kind: str, key: str, document: Any, account: str = "",
                     owner: str = "") -> None:
        """Put a policy document in place (see world_edits.set_document)."""
        world_edits.set_document(self.scenario, kind, key, document, account, owner)
        self.mark_dirty()

    def name_scp(self, account: str, index: int, name: str) -> None:
        """Name (or, with `""`, unname) an SCP of the account (see world_edits.name_scp)."""
        world_edits.name_scp(self.scenario, account, index, name)
        self.mark_dirty()

    def set_title(self, title: str) -> None:
        self.scenario.title = title
        self.mark_dirty()

    def set_description(self, description: str) -> None:
        self.scenario.description = description
        self.mark_dirty()

    def set_lesson(self, title: str, description: str, start: datetime | None) -> None:
        """The lesson's title, its Markdown description and when its clock starts (None:
        the default start); marks the workspace dirty only when something changed."""
        scenario = self.scenario
        if (title, description, start) == (scenario.title, scenario.description,
                                           scenario.start):
            return
        scenario.title, scenario.description = title, description
        scenario.start = require_offset(start)
        self.mark_dirty()

    def set_mode(self, mode: Literal["learn", "present"] | None) -> None:
        """How the TUI opens the saved file (`mode`): "learn" opens it in learner mode with
        answers hidden until each step has run, "present" or None (the key left out) in
        presenter mode. Marks the workspace dirty only when it changed; the mode on screen
        stays as it is until the file is opened again (`m` switches it now)."""
        if mode == self.scenario.mode:
            return
        self.scenario.mode = mode
        self.mark_dirty()
