"""The one policy editor: trust, permissions, boundary, resource and session policies.

Paste real AWS JSON; every change is parsed by the core (`parse_policy` with the right
PolicyType) and linted (`lint_policy`, the same findings `rolesim lint` prints); errors and
findings are listed with their line, code and severity (select one to jump there). F4 says
the policy in plain words. Dismisses with the text when applied, None when cancelled.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from rolesim.core.lint.locate import line_of, path_lines
from rolesim.core.policy.model import Policy, PolicyType
from rolesim.scenario.choices import Choice
from rolesim.scenario.model import Scenario
from rolesim.scenario.templates import Template
from rolesim.ui.commands import bindings_for
from rolesim.ui.common.text_area import SafeTextArea
from rolesim.ui.common.typed_keys import after_typed_keys
from rolesim.ui.shell.discard_guard import GuardedForm
from rolesim.ui.world.documents import line_of_path, parse_document, policy_findings
from rolesim.ui.world.policy_words import policy_in_words, trust_in_words

KIND_NAMES = {
    PolicyType.TRUST: "trust policy", PolicyType.IDENTITY: "permissions policy",
    PolicyType.BOUNDARY: "permissions boundary", PolicyType.RESOURCE: "resource-based policy",
    PolicyType.SESSION: "session policy", PolicyType.SCP: "service control policy",
}


MARKS = {"error": "✗", "warning": "⚠", "info": "ℹ"}


@dataclass(frozen=True, slots=True)
class Starts:
    """The template gallery the editor offers (F6): the templates, their blanks filled from
    the world, and the world's ARNs for the blanks that hold one."""

    templates: Sequence[Template]
    values: Mapping[str, str]
    pickers: Mapping[str, Sequence[Choice]]
    initial: str | None = None
    """The template the gallery starts on."""
    open_at_once: bool = False
    """Open the gallery as the editor opens when the document has no statement yet (a user
    who already chose "Empty" is not asked again)."""


def gallery_starts(scenario: Scenario, gallery: str, account: str, owner: str = "",
                   open_at_once: bool = False) -> Starts:
    """The `trust`, `permissions` or `resource` gallery with its blanks filled from the world,
    opened on the template `initial_template` picks (`owner`: the policy's user, group or
    role, or the resource's ARN)."""
    from rolesim.scenario.choices import entity_choices, template_pickers
    from rolesim.scenario.templates import (
        defaults,
        initial_template,
        resource_templates,
        templates_for,
    )

    pickers = template_pickers(scenario)
    if gallery == "resource":
        pickers["grantee"] = entity_choices(scenario, "users_roles")
        return Starts(resource_templates(owner), defaults(scenario, account, resource=owner),
                      pickers, initial=initial_template(gallery, scenario, account,
                                                        resource=owner),
                      open_at_once=open_at_once)
    return Starts(templates_for(gallery), defaults(scenario, account, owner=owner),
                  pickers, initial=initial_template(gallery, scenario, account, owner=owner),
                  open_at_once=open_at_once)


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding, with the 1-based line it points at (None: the whole document). `code` is
    the linter's finding code ("" for what IAM itself rejects)."""

    severity: str  # "error" | "warning" | "info"
    line: int | None
    message: str
    code: str = ""

    @property
    def text(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        code = f"{self.code} ({self.severity}): " if self.code else ""
        return f"{MARKS.get(self.severity, '⚠')} {where}{code}{self.message}"


def check(text: str, kind: PolicyType) -> tuple[Policy | None, list[Problem]]:
    """Parse as IAM would: JSON syntax first (with its line), then the core's parser; then the
    linter's findings, each on the line of its JSON path."""
    if not text.strip():
        return None, [Problem("error", None, "The document is empty: paste or type a policy.")]
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return None, [Problem("error", error.lineno,
                              f"not valid JSON: {error.msg} (column {error.colno})")]
    parsed = parse_document(text, kind)
    if parsed.policy is None:
        assert parsed.error is not None
        path = parsed.error.path
        message = f"{path}: {parsed.error.message}" if path else parsed.error.message
        return None, [Problem("error", line_of_path(text, path), message)]
    lines = path_lines(text)
    problems = [Problem(str(f.severity), line_of(lines, f.path), f.message, f.code)
                for f in policy_findings(parsed.policy, kind)]
    return parsed.policy, sorted(problems, key=lambda p: p.line or 0)


class PolicyEditor(GuardedForm[str | None]):
    """Edit one document of a given kind. `account` and `names` only improve the wording.
    Cancelling an edited document asks first (GuardedForm)."""

    COMMAND_SCOPE = "editor"
    BINDINGS = bindings_for("editor")
    HELP_TOPIC = "editor"
    DISCARD_DETAIL = "The document you typed will be lost."

    def __init__(self, title: str, text: str, kind: PolicyType, *, account: str | None = None,
                 names: Mapping[str, str] | None = None, read_only: bool = False,
                 starts: Starts | None = None) -> None:
        super().__init__()
        self.starts = None if read_only else starts
        """The gallery F6 opens; it opens by itself on a document with nothing in it yet."""
        self.heading = title
        self.original = text
        self.kind = kind
        self.account = account
        self.names = dict(names or {})
        self.read_only = read_only
        self.policy: Policy | None = None
        """The last successful parse, or None while the text is invalid."""
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog full", id="policy-editor"):
            yield Label(f"{self.heading} — {KIND_NAMES.get(self.kind, self.kind)}",
                        classes="dialog-title")
            with Horizontal(id="editor-body"):
                editor = SafeTextArea(self.original, id="document", show_line_numbers=True,
                                  read_only=self.read_only, tab_behavior="indent")
                if "json" in editor.available_languages:
                    editor.language = "json"
                yield editor
                with Vertical(id="editor-side"):
                    yield Label("Problems", classes="side-title")
                    yield OptionList(id="problems")
                    yield Label("In words (F4)", classes="side-title")
                    yield Static("", id="words")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="apply",
                             disabled=self.read_only)
                if self.starts is not None:
                    yield Button("Templates (F6)", id="templates")
                yield Button("In words (F4)", id="explain")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.revalidate()
        self.query_one("#document", TextArea).focus()
        if self.starts is not None and self.starts.open_at_once and _is_blank(self.original):
            self.call_after_refresh(self.action_templates)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F6 (templates) only where there is a gallery for this kind of policy."""
        if action == "templates":
            return self.starts is not None
        return True

    def action_templates(self) -> None:
        """Pick a template and fill its blanks; it replaces the document as one edit, so
        ctrl+z brings the old document back."""
        if self.starts is None:
            return
        from rolesim.ui.world.template_picker import TemplatePicker

        def chosen(result: tuple[str, str, str] | None) -> None:
            if result is None:
                return
            editor = self.query_one("#document", TextArea)
            editor.replace(result[2], editor.document.start, editor.document.end)
            editor.focus()

        kind = KIND_NAMES.get(self.kind, "policy")
        self.app.push_screen(TemplatePicker(
            f"Start the {kind} from a template (it replaces the document)",
            self.starts.templates, self.starts.values, pickers=self.starts.pickers,
            initial=self.starts.initial, verb="Use it"), chosen)

    @property
    def text(self) -> str:
        return self.query_one("#document", TextArea).text

    @on(TextArea.Changed, "#document")
    def revalidate(self) -> None:
        self.policy, self.problems = check(self.text, self.kind)
        problems = self.query_one("#problems", OptionList)
        problems.clear_options()
        if not self.problems:
            problems.add_option(Option("✓ valid: IAM would accept it", id="ok"))
        for index, problem in enumerate(self.problems):
            problems.add_option(Option(problem.text, id=f"p{index}"))
        self.query_one("#apply", Button).disabled = self.read_only or self.policy is None
        self.action_explain()

    @on(OptionList.OptionSelected, "#problems")
    def jump_to(self, event: OptionList.OptionSelected) -> None:
        """Put the cursor on the line the problem points at."""
        option_id = event.option.id or ""
        if not option_id.startswith("p"):
            return
        problem = self.problems[int(option_id[1:])]
        editor = self.query_one("#document", TextArea)
        if problem.line:
            editor.move_cursor((problem.line - 1, 0))
            editor.select_line(problem.line - 1)
        editor.focus()

    @after_typed_keys
    def action_select_all(self) -> None:
        """ctrl+a selects the whole document, as in every other editor (then Delete clears)."""
        editor = self.query_one("#document", TextArea)
        editor.select_all()
        editor.focus()

    def action_explain(self) -> None:
        words = self.query_one("#words", Static)
        if self.policy is None:
            words.update("Fix the problems above to see what it means.")
            return
        lines = (trust_in_words(self.policy, self.account or "", self.names)
                 if self.kind is PolicyType.TRUST
                 else policy_in_words(self.policy, self.account, self.names))
        words.update("\n".join(f"• {line}" for line in lines))

    @on(Button.Pressed, "#templates")
    def templates_pressed(self) -> None:
        self.action_templates()

    @on(Button.Pressed, "#explain")
    def explain_pressed(self) -> None:
        self.action_explain()
        self.query_one("#words", Static).scroll_visible()

    @on(Button.Pressed, "#apply")
    @after_typed_keys
    def action_apply(self) -> None:
        if self.read_only:
            return
        self.revalidate()
        if self.policy is None:
            self.notify("Not applied: IAM would reject this document (see Problems).",
                        severity="error")
            return
        self.dismiss(self.text)


def _is_blank(text: str) -> bool:
    """No statement yet: an empty document, or one whose statements are all empty."""
    try:
        document = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        return False
    if not isinstance(document, dict):
        return False
    statements = document.get("Statement") or []
    statements = [statements] if isinstance(statements, dict) else statements
    return all(isinstance(s, dict) and not s.get("Action") and not s.get("NotAction")
               for s in statements)
