"""Forms never lose what the user typed: Escape or Cancel on a changed form asks first.

`GuardedForm` is the one place this lives. It records the value of every field when the form
opens; cancelling a form whose fields still hold those values closes it at once, and
cancelling one with changes asks "Discard your changes?" (Keep editing is the default, and
Escape there keeps editing). The entity forms, the inline-policy name, the policy editor and
the step dialogs all derive from it.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar, cast

from textual import on
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, TextArea

from rolesim.ui.commands import bindings_for
from rolesim.ui.common.confirm import DiscardChangesModal
from rolesim.ui.common.typed_keys import FIELD_KEYS, after_typed_keys, move_focus

ResultT = TypeVar("ResultT")


def field_values(root: DOMNode) -> tuple[object, ...]:
    """The value of every field under `root`, in screen order: what the user can change."""
    values: list[object] = []
    for widget in root.query("*"):
        if isinstance(widget, TextArea):
            values.append(widget.text)
        elif isinstance(widget, SelectionList):
            values.append(frozenset(widget.selected))
        elif isinstance(widget, Input | Checkbox | Select):
            values.append(widget.value)
    return tuple(values)


class GuardedForm(ModalScreen[ResultT]):
    """A modal form whose `cancel` action (Escape, the Cancel button) never silently drops
    changes. It dismisses with None when cancelled."""

    BINDINGS = [*bindings_for("dialog"), *FIELD_KEYS]
    """F1 explains the form, Tab moves on at once (FIELD_KEYS); subclasses add their own keys
    (Textual merges them)."""
    AUTO_FOCUS = ""
    """Each form focuses its own first field as it mounts: Textual's default focused the first
    focusable widget just before, and keys typed ahead (typed_keys.KeysAhead) went there ("",
    not None: None means the app's default, "*", and `p AssumeIt` typed fast gave the new
    policy's scrolling field list the A, which came back after the s had gone to the name)."""
    DISCARD_DETAIL: ClassVar[str] = "What you changed in this form will be lost."
    """The consequence the discard question spells out."""

    _initial_values: tuple[object, ...] | None = None

    def on_mount(self) -> None:
        """Record the fields as they open (runs after the subclass's own on_mount, which may
        still fill a field)."""
        self._initial_values = field_values(self)

    async def recompose(self) -> None:
        """Rebuild the fields (another kind chosen), keeping the dialog's own footer
        (shell/dialog_footer), which a recompose removes with everything else."""
        await super().recompose()
        from rolesim.ui.shell.dialog_footer import give_footer

        give_footer(self)

    @property
    def has_changes(self) -> bool:
        """Whether any field differs from what it held when the form opened."""
        return self._initial_values is not None and field_values(self) != self._initial_values

    def action_next_field(self) -> None:
        move_focus(self, forward=True)

    def action_previous_field(self) -> None:
        move_focus(self, forward=False)

    @after_typed_keys
    def action_cancel(self) -> None:
        """Close when nothing changed; otherwise ask before anything typed is thrown away."""
        if not self.has_changes:
            self._close()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._close()

        self.app.push_screen(DiscardChangesModal(self.DISCARD_DETAIL), answered)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def _close(self) -> None:
        self.dismiss(cast(ResultT, None))
