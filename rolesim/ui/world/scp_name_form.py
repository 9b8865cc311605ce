"""Name an SCP: a new one before its document is written, or one already attached (`r`).

Explanations name an SCP by its name, else by its place (`SCP 2 on account ...`); the name is
stored in the account's `scp_names` (docs/scenario-format.md). Dismisses with the name (`""`:
none) or None when cancelled.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from rolesim.core.words import scp_title
from rolesim.ui.common.field_error import FieldError
from rolesim.ui.common.typed_keys import after_typed_keys
from rolesim.ui.shell.discard_guard import GuardedForm

NAME_LIMIT = 128
"""An AWS Organizations policy name is 1 to 128 characters."""


class ScpNameForm(GuardedForm[str | None]):
    """`taken`: the names of the account's other SCPs (a name is given once)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="scp_name.cancel",
                tooltip="Close without changing anything (asks first if you typed)."),
        Binding("ctrl+s", "accept", "OK", id="scp_name.ok", priority=True,
                tooltip="Use this name."),
    ]
    HELP_TOPIC = "form"

    def __init__(self, heading: str, name: str, index: int, taken: list[str]) -> None:
        super().__init__()
        self.heading = heading
        self.name_now = name
        self.index = index
        self.taken = {other.casefold(): other for other in taken if other}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="scp-name-form"):
            yield Label(self.heading, classes="dialog-title")
            yield Label(f"Name (optional; empty: called {scp_title(None, self.index)}, "
                        "by its place)", classes="field-label")
            yield Input(self.name_now, placeholder="deny-leaving-the-organization",
                        id="scp-name")
            yield FieldError("", id="scp-name-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK (ctrl+s)", variant="primary", id="ok")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#scp-name", Input).focus()

    @on(Input.Changed, "#scp-name")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#scp-name-error", FieldError).show(self._problem(event.value))

    def _problem(self, typed: str) -> str:
        name = typed.strip()
        if len(name) > NAME_LIMIT:
            return f"at most {NAME_LIMIT} characters (an AWS Organizations policy name)"
        if name.casefold() in self.taken:
            return f"another SCP of this account is already called {self.taken[name.casefold()]}"
        return ""

    @on(Input.Submitted, "#scp-name")
    @on(Button.Pressed, "#ok")
    @after_typed_keys
    def action_accept(self) -> None:
        typed = self.query_one("#scp-name", Input).value
        problem = self._problem(typed)
        if problem:
            self.query_one("#scp-name-error", FieldError).show(problem)
            return
        self.dismiss(typed.strip())
