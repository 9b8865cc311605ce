"""The step dialog: every parameter of one kind of step, with pickers fed by the world.

Returns the step as the scenario model validates it (`StepBase`), or None when cancelled.
Values AWS would reject (a 899-second duration, a session name with `:`) are warned about but
kept: showing the ValidationError can be the lesson.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from rolesim.core.clock import format_time, parse_time
from rolesim.scenario.model import STEP_TYPES, Scenario, StepBase, to_data
from rolesim.ui.commands import bindings_for
from rolesim.ui.common.kind_selector import KindSelector
from rolesim.ui.common.text_area import SafeTextArea
from rolesim.ui.shell.discard_guard import GuardedForm, field_values
from rolesim.ui.steps.step_fields import (
    ARN_SOURCES,
    COMMON_FIELDS,
    FIRST_FIELDS,
    STEP_FIELDS,
    FieldError,
    FieldKind,
    FieldSpec,
    advance_parts,
    build_step,
    dialog_fields,
    doc_to_text,
    duration_warning,
    expect_choices,
    sole_providers,
    table_to_text,
    tags_from_step,
    world_choices,
)
from rolesim.ui.steps.step_kind import KIND_KEYS, step_kinds
from rolesim.ui.steps.step_widgets import (
    ActionSuggester,
    AdvanceInput,
    PickerInput,
    TagEditor,
    field_widget_value,
)

if TYPE_CHECKING:
    from rolesim.core.lint.spec import Finding

_PICKERS = {FieldKind.POLICY_ARN, FieldKind.POLICY_ARNS}


def step_model(step: Mapping[str, Any]) -> StepBase:
    """Validate a TOML-shaped step with the scenario's own model (the one source of truth)."""
    data = dict(step)
    when = data.get("not_on_or_after")
    if isinstance(when, str):
        try:
            data["not_on_or_after"] = parse_time(when)
        except ValueError:
            raise FieldError("not_on_or_after", f"{when!r} is not an RFC 3339 date-time") from None
    try:
        return STEP_TYPES[str(data["do"])].model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else "step"
        where = ".".join(str(p) for p in first["loc"])
        raise FieldError(
            key, f"{where}: {first['msg']}" if where != key else first["msg"]
        ) from None


def finding_line(finding: Finding, place: str = "") -> str:
    """A step's finding as the policy editor lists one: `⚠ CODE (severity): message`, with
    `place: ` before the message when it is in one of the step's documents."""
    from rolesim.ui.world.policy_editor import Problem

    message = f"{place}: {finding.message}" if place else finding.message
    return Problem(str(finding.severity), None, message, finding.code).text


class StepDialog(GuardedForm[StepBase | None]):
    """Add or edit one step. ctrl+s saves, escape cancels (asking first when a field was
    changed: GuardedForm)."""

    COMMAND_SCOPE = "step_dialog"
    HELP_TOPIC = "step"
    BINDINGS = bindings_for("step_dialog")
    DISCARD_DETAIL = "What you entered for this step will be lost."

    DEFAULT_CSS = """
    StepDialog { align: center middle; }
    StepDialog > #step-dialog {
        width: 96; max-width: 96%; height: auto; max-height: 94%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    StepDialog #step-title { text-style: bold; color: $text; padding: 0 0 1 0; }
    StepDialog #step-form { height: auto; max-height: 72vh; }
    StepDialog .field { height: auto; margin: 0 0 1 0; }
    StepDialog .field-label { width: 20; color: $text-muted; }
    StepDialog .field-body { width: 1fr; height: auto; }
    StepDialog Input, StepDialog TextArea { background: $boost; }
    StepDialog Input:focus, StepDialog TextArea:focus { background: $primary 30%; }
    StepDialog .field-label.required { color: $text; text-style: bold; }
    StepDialog .hint { color: $text-muted; text-style: italic; }
    StepDialog .warn { color: $warning; height: auto; }
    StepDialog TextArea { height: 3; }
    StepDialog TextArea.doc { height: 6; }
    StepDialog #step-error { color: $error; height: auto; }
    StepDialog #step-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    StepDialog #step-buttons Button { margin-left: 1; }
    """

    def __init__(
        self,
        kind: str,
        step: StepBase | Mapping[str, Any] | None = None,
        *,
        world: Any = None,
        index: int | None = None,
        choose_kind: bool = False,
        defaults: Mapping[str, Any] | None = None,
        scenario: Scenario | None = None,
        hold_findings: bool = False,
    ) -> None:
        super().__init__()
        self.hold_findings = hold_findings
        """Say nothing of what `rolesim lint` finds in a value as the lesson wrote it (a learner
        before the step has run: a warning would give the outcome away, AR-14, PL-05); a
        value the user changed is theirs, and its findings show."""
        self.scenario = scenario
        """The scenario the step belongs to: fills the blanks of the policy templates (F6)."""
        if kind not in STEP_FIELDS:
            raise ValueError(f"unknown kind of step {kind!r}")
        self.kind = kind
        if isinstance(step, StepBase):
            step = to_data(step)
        self.defaults = dict(defaults or {})
        """Values a new step starts with where its kind has the field (a fresh session name)."""
        self.world = world
        self.step: Mapping[str, Any] = step or self._fresh(kind, {})
        self.index = index
        self.choose_kind = choose_kind
        """The kind is the dialog's first field (a KindSelector): a new step opens on it; an
        edited step opens on its first parameter, its kind one shift+tab away."""
        self._original: Mapping[str, Any] = dict(self.step)
        """The step as it opened: choosing its kind again after another brings it back."""
        self._action_suggester: ActionSuggester | None = None

    def _fresh(self, kind: str, carried: Mapping[str, Any]) -> dict[str, Any]:
        """A new step of `kind`: what any step carries from the fields already filled, and the
        defaults for the fields this kind has."""
        keys = {spec.key for spec in STEP_FIELDS[kind]}
        return {"do": kind, **sole_providers(kind, self.world),
                **{k: v for k, v in self.defaults.items() if k in keys}, **carried}

    @property
    def specs(self) -> tuple[FieldSpec, ...]:
        return dialog_fields(self.kind)

    def compose(self) -> ComposeResult:
        verb = "New step" if self.index is None else f"Edit step {self.index + 1}"
        with Vertical(id="step-dialog"):
            if self.choose_kind:
                what = "New step" if self.index is None else f"Edit step {self.index + 1}"
                yield Static(f"{what}: what happens?", id="step-title")
                yield KindSelector(step_kinds(), KIND_KEYS, self.kind, noun="kind of step",
                                   id="step-kind")
            else:
                yield Static(f"{verb}: {self.kind}", id="step-title")
            with VerticalScroll(id="step-form", can_focus=False):
                if not self.specs:
                    yield Static("This kind of step takes no parameters.", classes="hint")
                for spec in self.specs:
                    with Horizontal(classes="field", id=f"row-{spec.key}"):
                        label = spec.key if spec.kind is FieldKind.BOOL else spec.label
                        label += " *" if spec.required else ""
                        classes = "field-label" + (" required" if spec.required else "")
                        yield Label(label, classes=classes)
                        with Vertical(classes="field-body"):
                            yield self._widget_for(spec)
                            hint = spec.hint
                            if self._gallery(spec.key) is not None:
                                hint = f"{hint} · F6: start from a template".lstrip(" ·")
                            if hint:
                                yield Static(hint, classes="hint")
                            if spec.key == "duration":
                                warning = duration_warning(str(self.step.get("duration", "")))
                                note = Static(warning, classes="warn", id="duration-warning")
                                note.display = bool(warning)
                                yield note
                            if spec.kind is FieldKind.ACTION:
                                finding = Static("", classes="warn", id="action-finding")
                                finding.display = False
                                yield finding
                            if spec.kind is FieldKind.DOC:
                                findings = Static("", classes="warn document-findings",
                                                  id=f"findings-{spec.key}")
                                findings.display = False
                                yield findings
            yield Static("", id="step-error")
            with Horizontal(id="step-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="save")
                yield Button("Cancel  esc", id="cancel")

    def _widget_for(self, spec: FieldSpec) -> Widget:
        wid = f"field-{spec.key}"
        current = self.step.get(spec.key)
        if spec.kind is FieldKind.BOOL:
            return Checkbox(spec.label, bool(current), id=wid)
        if spec.kind is FieldKind.TAGS:
            return TagEditor(tags_from_step(self.step), id=wid)
        if spec.kind is FieldKind.ADVANCE:
            amount, unit = advance_parts(self.step)
            return AdvanceInput(amount, unit, id=wid)
        if spec.kind is FieldKind.DOC:
            return SafeTextArea(doc_to_text(current), id=wid, classes="doc", soft_wrap=True)
        if spec.kind is FieldKind.TABLE:
            return SafeTextArea(table_to_text(current), id=wid, soft_wrap=True)
        if isinstance(current, datetime):
            current = format_time(current)
        if isinstance(current, bool):  # `ask`, written as TOML writes it
            current = "true" if current else "false"
        text = (
            ""
            if current is None
            else (", ".join(current) if isinstance(current, list) else str(current))
        )
        if spec.kind in _PICKERS or spec.source in ARN_SOURCES:
            from rolesim.scenario.choices import MISSING_CONSEQUENCE, world_arn_choices

            picks = world_arn_choices(
                self.world, world_choices(self.world, spec.source), spec.source)
            return PickerInput(text, picks, id=wid, title=f"Pick the {spec.label}",
                               missing=MISSING_CONSEQUENCE.get(spec.source, ""),
                               multiple=spec.kind is FieldKind.POLICY_ARNS,
                               children_known=spec.source == "resources")
        if spec.choices:
            return Input(text, id=wid, suggester=SuggestFromList(spec.choices),
                         placeholder=" / ".join(spec.choices))
        if spec.kind is FieldKind.ACTION:
            self._action_suggester = ActionSuggester()
            return Input(text, id=wid, suggester=self._action_suggester, placeholder="s3:GetObject")
        choices = (expect_choices(self.kind) if spec.key == "expect"
                   else world_choices(self.world, spec.source))
        suggester = SuggestFromList(choices, case_sensitive=False) if choices else None
        return Input(
            text,
            id=wid,
            suggester=suggester,
            type="integer" if spec.kind is FieldKind.INT else "text",
        )

    def on_mount(self) -> None:
        self._prepare()
        if self.choose_kind and self.index is None:
            self.query_one(KindSelector).focus()
        else:
            self._focus_first_parameter()

    def _prepare(self) -> None:
        for control in self.query("Input, TextArea, Checkbox, Select, Button"):
            control.compact = True  # type: ignore[attr-defined]
        self._show_document_findings()
        if self._action_suggester is not None or self.query(".document-findings"):
            self._warm_catalogue(self._action_suggester)

    def _focus_first_parameter(self) -> None:
        """The step's own first field; expect and note sit just above it, one and two
        shift+tab away (FIRST_FIELDS). A new step opens on its kind, with expect and note
        one and two tabs below."""
        first = {f"field-{key}" for key in FIRST_FIELDS}
        for widget in self.query("#step-form Input, #step-form Checkbox, #step-form TextArea"):
            if widget.can_focus and (widget.id not in first or len(self.specs) <= 3):
                widget.focus()
                break

    def action_expect(self) -> None:
        """Straight to `expect`, set on almost every step: it sits above the kind's own
        fields, two shift+tabs from the one the dialog opens on. Its text is selected, so an
        edited step's outcome is replaced by typing the new one."""
        field = self.query_one("#field-expect", Input)
        field.focus()
        field.select_all()

    @on(KindSelector.Changed, "#step-kind")
    async def _kind_changed(self, event: KindSelector.Changed) -> None:
        """Show the chosen kind's fields (keeping expect, note and the rest any step carries),
        then move on to its first field when the user picked it (a letter or enter)."""
        event.stop()
        if event.kind != self.kind:
            carried = {key: value for key, value in self.values().items()
                       if key in {spec.key for spec in COMMON_FIELDS}
                       and value not in (None, "", ())}
            self.kind = event.kind
            if self.index is not None and event.kind == self._original.get("do"):
                self.step = {**self._original, **carried}  # back to the step being edited
            else:
                self.step = self._fresh(event.kind, carried)
            self._action_suggester = None
            await self.recompose()
            self._prepare()
            if self.index is None:  # a new step: choosing its kind is not an edit to guard
                self._initial_values = field_values(self)
        if event.move_on:
            self._focus_first_parameter()
        else:
            self.query_one(KindSelector).focus()

    @work(thread=True, exclusive=True, group="catalogue")
    def _warm_catalogue(self, suggester: ActionSuggester | None) -> None:
        """Read the action catalogue off the UI thread, then say what it finds: a mistyped
        action, in a document too (UNKNOWN_ACTION)."""
        if suggester is not None:
            suggester.load()
        else:
            from rolesim.core.catalog import get_catalog

            get_catalog()
        self.app.call_from_thread(self._show_action_finding)
        self.app.call_from_thread(self._show_document_findings)

    @on(Input.Changed, "#field-action")
    def _action_changed(self) -> None:
        """Typing changes a finding already shown (fixing the typo clears it); a new one waits
        until the author leaves the field, not to nag at every half-typed name."""
        from rolesim.core.catalog import catalog_loaded

        shown = self.query("#action-finding").results(Static)
        if catalog_loaded() and any(note.display for note in shown):
            self._show_action_finding()

    @on(Input.Blurred, "#field-action")
    def _action_left(self) -> None:
        from rolesim.core.catalog import catalog_loaded

        if catalog_loaded():  # else the warming worker shows it once the catalogue is read
            self._show_action_finding()

    def _show_action_finding(self) -> None:
        """Under the action, what `rolesim lint` would say of it (UNKNOWN_STEP_ACTION, with
        the action a typo meant), as the policy editor lists its findings. A warning only:
        saving is never blocked, an author may mean an action AWS does not have."""
        notes = self.query("#action-finding").results(Static)
        note = next(notes, None)
        if note is None or self.kind != "call":
            return
        from rolesim.core.catalog import get_catalog
        from rolesim.scenario.lint_steps import call_action_finding

        action = str(field_widget_value(self.query_one("#field-action")) or "").strip()
        if self._held("action", action):
            note.display = False
            return
        finding = call_action_finding(action, get_catalog())
        note.update("" if finding is None else finding_line(finding))
        note.display = finding is not None

    @on(TextArea.Changed)
    def _document_changed(self, event: TextArea.Changed) -> None:
        """A policy field's findings follow the text as it is typed, as the policy editor's
        do: the same words the step list shows under a ⚠ step."""
        key = (event.text_area.id or "").removeprefix("field-")
        self._show_document_findings(key)

    def _show_document_findings(self, key: str = "") -> None:
        """Under each policy field (or `key`'s), what `rolesim lint` says of its document:
        MALFORMED_POLICY as IAM would refuse it, and the linter's findings, each with its place
        in the text. Never blocks saving: the broken policy can be the lesson (AR-14)."""
        from rolesim.core.catalog import catalog_loaded, get_catalog
        from rolesim.scenario.lint_report import STEP_DOCUMENT_KINDS, document_findings

        for note in self.query(".document-findings").results(Static):
            field = (note.id or "").removeprefix("findings-")
            if key and field != key:
                continue
            text = str(field_widget_value(self.query_one(f"#field-{field}")) or "")
            found = [] if not text.strip() or self._held(field, text) else document_findings(
                text, STEP_DOCUMENT_KINDS[field], get_catalog() if catalog_loaded() else None)
            note.update("\n".join(finding_line(f, f.path) for f in found))
            note.display = bool(found)

    def _held(self, key: str, value: str) -> bool:
        """Whether `value` is the field's as the step opened with, while findings are held."""
        return self.hold_findings and \
            value.strip() == doc_to_text(self._original.get(key)).strip()

    @on(Input.Changed, "#field-duration")
    def _duration_changed(self, event: Input.Changed) -> None:
        note = self.query_one("#duration-warning", Static)
        note.update(duration_warning(event.value))
        note.display = bool(note.content)

    def values(self) -> dict[str, Any]:
        """Each field's raw widget value, keyed by the step key."""
        return {
            spec.key: field_widget_value(self.query_one(f"#field-{spec.key}"))
            for spec in self.specs
        }

    def action_save(self) -> None:
        try:
            step = step_model(build_step(self.kind, self.values(), keep=self.step))
        except FieldError as error:
            self.query_one("#step-error", Static).update(f"{error.key}: {error.message}")
            self._focus_field(error.key)
            return
        self.dismiss(step)

    def _focus_field(self, key: str) -> None:
        field = self.query_one(f"#field-{key}")
        targets = [field, *field.query("*")]
        for widget in targets:
            if widget.focusable:
                widget.focus()
                return

    def _gallery(self, key: str) -> str | None:
        """The template gallery for a policy field of this kind of step: a trust policy for
        update-trust, permissions for an inline policy, a policy version or a session policy."""
        if self.scenario is None or not any(
                spec.key == key and spec.kind is FieldKind.DOC for spec in self.specs):
            return None
        return "trust" if key == "trust" else "permissions"

    def _focused_gallery(self) -> tuple[TextArea, str] | None:
        focused = self.focused
        if isinstance(focused, TextArea) and focused.id and focused.id.startswith("field-"):
            gallery = self._gallery(focused.id.removeprefix("field-"))
            if gallery is not None:
                return focused, gallery
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F6 only in a policy field that has a gallery."""
        if action == "templates":
            return self._focused_gallery() is not None
        return True

    def action_templates(self) -> None:
        """Replace the focused policy field with a template, its blanks filled from the world
        and from the step (the role's account, the role itself left out of "a role to
        assume"); one edit, so ctrl+z brings the old text back."""
        target = self._focused_gallery()
        if target is None or self.scenario is None:
            return
        from rolesim.ui.world.policy_editor import gallery_starts
        from rolesim.ui.world.template_picker import TemplatePicker

        area, gallery = target
        named = self._named_entity()
        account = named.split(":")[4] if named else (
            self.scenario.accounts[0].id if self.scenario.accounts else "")
        starts = gallery_starts(self.scenario, gallery, account, owner=named)

        def chosen(result: tuple[str, str, str] | None) -> None:
            if result is not None:
                area.replace(result[2], area.document.start, area.document.end)
            area.focus()

        what = "trust policy" if gallery == "trust" else "policy"
        self.app.push_screen(TemplatePicker(
            f"Start the {what} from a template (it replaces the field)", starts.templates,
            starts.values, pickers=starts.pickers, initial=starts.initial, verb="Use it"),
            chosen)

    def _named_entity(self) -> str:
        """The IAM ARN the step names (its role or principal), for the template's account."""
        values = self.values()
        for key in ("role", "principal"):
            value = values.get(key)
            if isinstance(value, str) and value.count(":") >= 5 and value.split(":")[4]:
                return value
        return ""

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()
