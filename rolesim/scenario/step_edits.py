"""One change to a scenario's steps, as a value: what a pane says the user did.

The steps pane posts a `StepEdit`; the screen that owns the Workspace applies it (`apply`),
the one way steps change (the Workspace marks itself dirty). World edits have their own value,
rolesim.scenario.world_edits.Edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:
    from rolesim.scenario.model import Step, StepBase
    from rolesim.scenario.workspace import Workspace

StepOp = Literal["add", "replace", "delete", "move"]


@dataclass(frozen=True, slots=True)
class StepEdit:
    """`add` puts `step` at `index`; `replace` puts it in place of step `index`; `delete`
    removes step `index`; `move` moves step `index` to `target`."""

    op: StepOp
    index: int
    step: StepBase | None = None
    target: int = 0

    def apply(self, workspace: Workspace) -> None:
        step = cast("Step | None", self.step)  # every step model is one of the union
        if self.op == "add" and step is not None:
            workspace.add_step(step, self.index)
        elif self.op == "replace" and step is not None:
            workspace.replace_step(self.index, step)
        elif self.op == "delete":
            workspace.delete_step(self.index)
        elif self.op == "move":
            workspace.move_step(self.index, self.target)
        else:
            raise ValueError(f"{self.op} needs a step")
