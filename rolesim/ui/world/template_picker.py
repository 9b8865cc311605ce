"""A new policy starts here: pick a template (or Empty) and fill its blanks.

Dismisses with `(name, template id, JSON text)`, or None when cancelled. `name` is asked for
only when the policy needs one (a new inline policy); it is "" otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select

from rolesim.scenario.choices import Choice
from rolesim.scenario.templates import Template
from rolesim.ui.common.field_error import FieldError
from rolesim.ui.common.typed_keys import after_typed_keys
from rolesim.ui.common.validators import IamName
from rolesim.ui.shell.discard_guard import GuardedForm
from rolesim.ui.world.template_chooser import TemplateChooser

Chosen = tuple[str, str, str]


class TemplatePicker(GuardedForm[Chosen | None]):
    """`taken` names the owner's inline policies already there (a name must be new)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="template.cancel",
                tooltip="Create nothing (asks first if you typed)."),
        Binding("ctrl+s", "create", "Create", id="template.create", priority=True,
                tooltip="Create the policy from the chosen template."),
    ]
    HELP_TOPIC = "form"

    def __init__(self, title: str, templates: Sequence[Template], values: Mapping[str, str],
                 *, ask_name: bool = False, taken: Sequence[str] = (),
                 initial: str | None = None,
                 pickers: Mapping[str, Sequence[Choice]] | None = None,
                 verb: str = "Create") -> None:
        super().__init__()
        self.verb = verb
        """What the button does: Create (a new policy), Use it (in the policy editor)."""
        if verb != "Create":  # the footer names ctrl+s as the button does
            found = self._bindings.key_to_bindings.get("ctrl+s", [])
            self._bindings.key_to_bindings["ctrl+s"] = [replace(b, description=verb)
                                                        for b in found]
        self.heading = title
        self.templates = templates
        self.values = values
        self.ask_name = ask_name
        self.taken = {name.casefold() for name in taken}
        self.initial = initial
        self.pickers = pickers
        self._shown = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="template-picker"):
            yield Label(self.heading, classes="dialog-title")
            with VerticalScroll(id="template-fields"):
                if self.ask_name:
                    yield Label("Policy name", classes="field-label")
                    yield Input(self._suggested_name(self.initial), id="policy-name",
                                placeholder="AllowAssumeDeploy", validators=[IamName(128)])
                    yield FieldError("", id="policy-name-error")
                yield Label(f"Start from: one of {len(self.templates)} templates (enter or ↓ "
                            "lists them)", classes="field-label")
                yield TemplateChooser(self.templates, self.values, initial=self.initial,
                                      pickers=self.pickers, id="chooser")
            yield FieldError("", id="template-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.verb} (ctrl+s)", variant="primary", id="create")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        first = "#policy-name" if self.ask_name else "#template"
        self.query_one(first).focus()

    def _suggested_name(self, template_id: str | None) -> str:
        """A name from the template's title (`Assume one role` -> `AssumeOneRole`), free
        among the owner's inline policies; none for the empty template."""
        found = next((t for t in self.templates if t.id == template_id), None)
        if found is None or found.id == "empty":
            return ""
        base = "".join(word[:1].upper() + word[1:] for word in found.title.split()
                       if word.isalnum())[:120]
        name, number = base, 2
        while name.casefold() in self.taken:
            name, number = f"{base}{number}", number + 1
        return name

    @on(Select.Changed, "#template")
    def _template_changed(self, event: Select.Changed) -> None:
        """A name still as suggested follows the template chosen."""
        if not self.ask_name:
            return
        field = self.query_one("#policy-name", Input)
        if field.value in ("", self._suggested_name(self._shown)):
            field.value = self._suggested_name(str(event.value))
        self._shown = str(event.value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    @after_typed_keys
    def action_create(self) -> None:
        name = ""
        if self.ask_name:
            name = self.query_one("#policy-name", Input).value.strip()
            result = IamName(128).validate(name)
            problem = ("" if result.is_valid else " ".join(result.failure_descriptions))
            if not problem and name.casefold() in self.taken:
                problem = f"There is already an inline policy {name} here."
            if problem:
                self.query_one("#policy-name-error", FieldError).show(problem)
                self.query_one("#policy-name").focus()
                return
        chooser = self.query_one(TemplateChooser)
        self.dismiss((name, chooser.chosen.id, chooser.text()))
