"""Choose a starting policy from the gallery (rolesim.scenario.templates) and fill its blanks.

Used inside the role form (its trust policy) and by the template picker (a new managed,
inline or trust policy). Only the chosen template's blanks are shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from rolesim.scenario.choices import Choice
from rolesim.scenario.templates import ALL_PARAMS, Template
from rolesim.ui.steps.step_widgets import PickerInput


class TemplateChooser(Vertical):
    """A Select of templates, one line on the chosen one, and its blanks (`#param-KEY`)."""

    DEFAULT_CSS = """
    TemplateChooser { height: auto; }
    TemplateChooser .template-summary { color: $text-muted; height: auto; margin-bottom: 1; }
    TemplateChooser .param { height: auto; }
    TemplateChooser .param Label { color: $text-muted; }
    """

    def __init__(self, templates: Sequence[Template], values: Mapping[str, str], *,
                 initial: str | None = None, pickers: Mapping[str, Sequence[Choice]] | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.templates = list(templates)
        self.values = dict(values)
        self.initial = initial or self.templates[0].id
        self.pickers = dict(pickers or {})
        """Blanks that hold an ARN of the world (`principal`, `role`): offered with search."""

    def compose(self) -> ComposeResult:
        yield Select([(t.title, t.id) for t in self.templates], value=self.initial,
                     allow_blank=False, id="template")
        yield Static("", classes="template-summary")
        for param in ALL_PARAMS:
            with Vertical(classes="param", id=f"paramrow-{param.key}"):
                picked = param.key in self.pickers
                yield Label(param.label + (" (type part of a name to pick)" if picked else ""))
                value = self.values.get(param.key, "")
                if param.key in self.pickers:
                    yield PickerInput(value, self.pickers[param.key], title=param.label,
                                      id=f"param-{param.key}")
                else:
                    yield Input(value, placeholder=param.placeholder, id=f"param-{param.key}")

    def on_mount(self) -> None:
        self._show(self.initial)

    @property
    def chosen(self) -> Template:
        value = self.query_one("#template", Select).value
        return next((t for t in self.templates if t.id == value), self.templates[0])

    @on(Select.Changed, "#template")
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show(str(event.value))

    def _show(self, template_id: str) -> None:
        template = next((t for t in self.templates if t.id == template_id), self.templates[0])
        facts = f" ({', '.join(template.facts)})" if template.facts else ""
        self.query_one(".template-summary", Static).update(template.summary + facts)
        wanted = {p.key for p in template.params}
        for param in ALL_PARAMS:
            self.query_one(f"#paramrow-{param.key}").display = param.key in wanted

    def follow(self, values: Mapping[str, str], initial: str) -> None:
        """New defaults (the role's account was changed in its form): a blank still holding
        the old default takes the new one, and the template follows while it is still the
        one first proposed; what the user typed or chose stays."""
        template = self.query_one("#template", Select)
        for param in ALL_PARAMS:
            found = self.query_one(f"#param-{param.key}")
            field = found if isinstance(found, Input) else found.query_one(Input)
            if field.value == self.values.get(param.key, ""):
                field.value = values.get(param.key, "")
        if template.value == self.initial:
            template.value = initial
        self.values, self.initial = dict(values), initial

    def filled(self) -> dict[str, str]:
        """The blanks as typed (an empty blank keeps its placeholder)."""
        values: dict[str, str] = {}
        for param in ALL_PARAMS:
            field = self.query_one(f"#param-{param.key}")
            text = str(getattr(field, "value", "")).strip()
            values[param.key] = text or param.placeholder
        return values

    def text(self) -> str:
        """The chosen template with its blanks filled, as pretty JSON."""
        return self.chosen.text(self.filled())
