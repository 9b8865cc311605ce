"""Create, edit or rename one entity of the world: a form that validates as you type and
dismisses with the new spec (a scenario model object), or None when cancelled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import Suggester, SuggestFromList
from textual.validation import Validator
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from rolesim.core.arn import Arn, ArnError, iam_arn
from rolesim.ui.common.field_error import FieldError
from rolesim.ui.common.kind_selector import KindSelector
from rolesim.ui.common.typed_keys import after_typed_keys
from rolesim.ui.common.validators import (
    AccountAlias,
    AccountId,
    ArnText,
    FunctionName,
    IamName,
    IamPath,
    InstanceId,
    ProviderName,
    Region,
    SessionDuration,
    Tags,
    parse_tags,
    tags_text,
)
from rolesim.ui.shell.discard_guard import GuardedForm, field_values
from rolesim.ui.world.template_chooser import TemplateChooser

if TYPE_CHECKING:
    from rolesim.scenario.model import Scenario

KIND_TITLES = {"account": "account", "user": "user", "group": "group", "role": "role",
               "policy": "managed policy", "provider": "identity provider",
               "instance_profile": "instance profile", "resource": "resource",
               "function": "Lambda function", "instance": "EC2 instance"}
ARN_TYPES = {"user": "user", "group": "group", "role": "role", "policy": "policy",
             "instance_profile": "instance-profile"}
NAME_LIMITS = {"user": 64, "role": 64, "group": 128, "policy": 128, "instance_profile": 128}
KIND_HINTS = {
    "account": "an AWS account: the boundary everything else lives in",
    "user": "a person or program with long-term credentials",
    "group": "a set of users sharing policies",
    "role": "an identity others assume for temporary credentials",
    "policy": "a managed policy document to attach",
    "provider": "a SAML or OIDC identity provider for federation",
    "instance_profile": "hands a role to an EC2 instance",
    "function": "code that runs as its execution role",
    "instance": "a running server with an instance profile's role",
    "resource": "an S3 bucket, KMS key... and its resource policy",
}
"""The kinds in the order the tree lists them (←/→ and shift and a letter follow it)."""
KIND_KEYS = {"account": "a", "user": "u", "group": "g", "role": "r", "policy": "p",
             "provider": "i", "function": "f", "instance": "e", "resource": "s"}
"""One letter picks each kind at once in the new-entity form's first field: the first letter
of a word of its name as shown (s: an S3 bucket, the usual resource). Instance profile has
none: shift+i twice, after identity provider (shift and a letter follow the names shown)."""
NO_SUCH_BOUNDARY = ("not a managed policy here or at AWS: pick one (type part of its name) "
                    "or empty the field")
"""A boundary must name a managed policy that exists (AWS refuses others: NoSuchEntity)."""
PROVIDER_EXAMPLES = {"oidc": "token.actions.githubusercontent.com", "saml": "CorpIdP"}
"""A new provider's name, filled in: GitHub's issuer is the one the GitHub Actions trust
template names."""


class EntityForm(GuardedForm[Any]):
    """`spec=None` creates; `rename=True` asks only for the new name. Escape with changes asks
    before discarding them (GuardedForm)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel",
                tooltip="Close the form without changing anything (asks first if you typed)."),
        Binding("ctrl+s", "accept", "OK", id="form.ok", priority=True,
                tooltip="Check the form and apply it."),
        Binding("ctrl+a", "attach_policy", "Attach policy", id="form.attach", priority=True,
                tooltip="Attach a managed policy: search every AWS managed policy by name."),
        Binding("ctrl+b", "boundary", "Boundary", id="form.boundary", priority=True,
                tooltip="Go to the permissions boundary field (type part of a policy's name)."),
    ]
    HELP_TOPIC = "form"

    def __init__(self, kind: str, scenario: Scenario, spec: Any = None, *,
                 rename: bool = False, account: str | None = None,
                 choose_kind: bool = False) -> None:
        super().__init__()
        self.kind = kind
        self.choose_kind = choose_kind and spec is None
        """A new entity: its kind is the form's first field (`n` opens this form directly,
        starting on the kind that fits the selected node)."""
        self.scenario = scenario
        self.spec = spec
        self.rename = rename
        self._preview_start: dict[str, str] = {}
        """The function's or instance's fields as they open (the preview is composed first)."""
        self.account = account or (scenario.accounts[0].id if scenario.accounts else "")
        if spec is not None and kind != "account":
            from rolesim.scenario.world_edits import entity_account

            self.account = entity_account(kind, spec).strip("?") or self.account

    @property
    def heading(self) -> str:
        title = KIND_TITLES[self.kind]
        if self.spec is None:
            return f"New {title}{self._where()}"
        from rolesim.scenario.world_edits import key_of

        name = key_of(self.kind, self.spec)
        return f"{'Rename' if self.rename else 'Edit'} {title} {name}"

    def _where(self) -> str:
        """The account a new one goes to: at 80x24 the Account field is out of sight (the
        form opens on the name), and the tree's cursor may not be where the trainer thinks."""
        if self.kind in ("account", "resource", "function", "instance") or not self.account \
                or self.account == "aws":
            return ""
        from rolesim.ui.world.policy_words import account_words

        names = {a.id: a.name for a in self.scenario.accounts if a.name}
        return f" in {account_words(self.account, names)}"

    @on(Select.Changed, "#account")
    def _account_changed(self, event: Select.Changed) -> None:
        """The title follows the account chosen (and a kind chosen next keeps it), and so
        does a new role's trust template: "another account" filled for the account the form
        opened on named the role's own account once the role moved there."""
        if isinstance(event.value, str) and self.spec is None:
            self.account = event.value
            self.query_one(".dialog-title", Label).update(self.heading)
            found = self.query("#trust-chooser")
            if found:
                from rolesim.scenario.templates import defaults, initial_template

                found.first(TemplateChooser).follow(
                    defaults(self.scenario, self.account),
                    initial_template("trust", self.scenario, self.account))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall", id="entity-form"):
            yield Label(self.heading, classes="dialog-title")
            if self.choose_kind:
                yield KindSelector(KIND_HINTS, KIND_KEYS, self.kind, noun="kind",
                                   titles=KIND_TITLES, id="entity-kind")
            with VerticalScroll(id="fields"):
                yield from self._fields()
            yield FieldError(id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK (ctrl+s)", variant="primary", id="ok")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        """Start on the kind of a new entity, else where people type first: the name."""
        if self.choose_kind:
            self.query_one(KindSelector).focus()
        else:
            self._focus_name()

    @on(KindSelector.Changed, "#entity-kind")
    async def _kind_changed(self, event: KindSelector.Changed) -> None:
        """Show the fields of the chosen kind, then go to its name (a letter or enter)."""
        event.stop()
        if event.kind != self.kind:
            self.kind = event.kind
            await self.recompose()
            self._initial_values = field_values(self)
        if event.move_on:
            self._focus_name()
        else:
            self.query_one(KindSelector).focus()

    def _focus_name(self) -> None:
        """The name; a new provider's type first: it decides what the name is (an issuer or
        a SAML name), and the form reads top to bottom, the name in sight below it."""
        for selector in ("#provider_kind", "#id", "#arn", "#name"):
            found = self.query(selector)
            if found:
                field = found.first()
                field.focus()
                # once laid out (the kind's fields were just built): at 80x24 the field sat
                # below the fold, what was typed into it unseen
                shown = self.query_one("#row-name") if selector == "#provider_kind" else field
                self.call_after_refresh(shown.scroll_visible, animate=False)
                return

    # --- fields ---------------------------------------------------------------------------
    def _row(self, name: str, label: str, widget: Widget, hint: str = "") -> ComposeResult:
        with Vertical(classes="field", id=f"row-{name}"):
            yield Label(label, classes="field-label")
            yield widget
            yield FieldError(hint, id=f"{name}-error")

    def _input(self, name: str, label: str, value: str, validators: list[Validator],
               placeholder: str = "", suggester: Suggester | None = None) -> ComposeResult:
        widget = Input(value, placeholder=placeholder, validators=validators, id=name,
                       validate_on=["changed", "submitted"], suggester=suggester)
        yield from self._row(name, label, widget)

    def _fields(self) -> ComposeResult:
        spec, kind = self.spec, self.kind
        if kind == "account":
            if not self.rename:
                taken = {a.id for a in self.scenario.accounts}
                free = [digit * 12 for digit in "123456789" if digit * 12 not in taken]
                label = ("Account ID (12 digits)" if spec else
                         "Account ID (12 digits; an example ID is filled in: type to replace it)")
                yield from self._input("id", label,
                                       spec.id if spec else (free[0] if free else ""),
                                       [AccountId()], "111111111111", SuggestFromList(free))
            yield from self._input("name", "Alias (optional; lowercase, 3-63)",
                                   spec.name if spec else "", [AccountAlias()], "prod")
            if not self.rename:
                yield Checkbox("Management account of the organization (SCPs never limit it)",
                               spec.management if spec else False, id="management")
            return
        if kind == "resource":
            yield from self._input("arn", "Resource ARN", spec.arn if spec else "",
                                   [ArnText()], "arn:aws:s3:::example-bucket")
            if self.rename:
                return
            # A new one lives in the selected account (an S3 ARN names none).
            owner = self.account if self.account != "aws" else ""
            yield from self._input("account", "Account (needed when the ARN names none, as S3)",
                                   (spec.account or "") if spec else owner,
                                   [AccountId(optional=True)], "12 digits")
            yield from self._input("tags", "Tags (key=value, comma separated)",
                                   tags_text(spec.tags) if spec else "", [Tags()])
            return
        if kind in ("function", "instance"):  # in the account of their role or profile
            yield from getattr(self, f"_{kind}_fields")()
            return
        if not self.rename:
            yield from self._account_select()
        if kind == "provider":
            yield from self._provider_fields()
            return
        name = _arn_part(spec.arn, "name") if spec else ""
        path = _arn_part(spec.arn, "path") if spec else "/"
        if kind != "provider" and not self.rename:
            yield from self._input("path", "Path", path, [IamPath()], "/")
        yield from self._input("name", "Name", name, [IamName(NAME_LIMITS[kind])])
        if not self.rename:
            yield from getattr(self, f"_{kind}_fields")()

    def _account_select(self) -> ComposeResult:
        """Each account as `ID (alias)` where it has one: the title names the alias, and a
        trainer picks "production", not a 12-digit number (the value stays the ID)."""
        from rolesim.ui.world.policy_words import account_with_alias

        ids = [a.id for a in self.scenario.accounts]
        if self.account and self.account != "aws" and self.account not in ids:
            ids.append(self.account)
        names = {a.id: a.name for a in self.scenario.accounts if a.name}
        options = [(account_with_alias(a, names), a) for a in ids]
        select: Select[str] = Select(options, value=self.account or Select.NULL,
                                     allow_blank=False, id="account") if options else \
            Select([], id="account")
        yield from self._row("account", "Account", select)

    def _policy_choices(self, chosen: list[str]) -> SelectionList[str]:
        arns = [p.arn for p in self.scenario.policies]
        arns += [a for a in chosen if a not in arns]
        return SelectionList[str](*[(a, a, a in chosen) for a in arns], id="policies")

    def _principal_fields(self, tags: bool = True) -> ComposeResult:
        from rolesim.scenario.choices import policy_choices
        from rolesim.ui.steps.step_widgets import PickerInput

        spec = self.spec
        with Vertical(classes="field", id="row-policies"):
            yield Label("Managed policies attached (space to tick)", classes="field-label")
            yield self._policy_choices(list(spec.policies) if spec else [])
            yield Button("+ attach a policy: this world's or any AWS managed one (ctrl+a)",
                         id="attach-policy", compact=True)
            yield FieldError("", id="policies-error")
        if self.kind != "group":
            yield from self._row("boundary", "Permissions boundary (ctrl+b; empty: none)",
                                 PickerInput((spec.boundary or "") if spec else "",
                                             policy_choices(self.scenario),
                                             missing=NO_SUCH_BOUNDARY,
                                             title="Permissions boundary", id="boundary"))
        if tags:
            yield from self._input("tags", "Tags (key=value, comma separated)",
                                   tags_text(spec.tags) if spec else "", [Tags()])

    def _user_fields(self) -> ComposeResult:
        spec = self.spec
        groups = [g.arn for g in self.scenario.groups]
        chosen = list(spec.groups) if spec else []
        yield from self._row("groups", "Groups", SelectionList[str](
            *[(g, g, g in chosen) for g in groups], id="groups"))
        yield from self._principal_fields()
        yield Checkbox("Has an MFA device", spec.mfa if spec else False, id="mfa")

    def _group_fields(self) -> ComposeResult:
        yield from self._principal_fields(tags=False)

    def _role_fields(self) -> ComposeResult:
        spec = self.spec
        if spec is None:
            from rolesim.scenario.choices import template_pickers
            from rolesim.scenario.templates import TRUST_TEMPLATES, defaults, initial_template
            from rolesim.ui.world.template_chooser import TemplateChooser

            initial = initial_template("trust", self.scenario, self.account)
            with Vertical(classes="field", id="row-trusted"):
                yield Label("Who may assume it: its trust policy (t edits it later)",
                            classes="field-label")
                yield TemplateChooser(TRUST_TEMPLATES, defaults(self.scenario, self.account),
                                      initial=initial, id="trust-chooser",
                                      pickers=template_pickers(self.scenario))
        yield from self._input("description", "Description", spec.description if spec else "",
                               [])
        yield from self._input("max_session_duration", "Maximum session (seconds)",
                               str(spec.max_session_duration if spec else 3600),
                               [SessionDuration()])
        yield from self._principal_fields()

    def _policy_fields(self) -> ComposeResult:
        yield from self._input("description", "Description",
                               self.spec.description if self.spec else "", [])

    def _instance_profile_fields(self) -> ComposeResult:
        roles = [r.arn for r in self.scenario.roles]
        current = self.spec.role if self.spec else (roles[0] if roles else Select.NULL)
        yield from self._row("role", "Role it hands to the instance", Select(
            [(r, r) for r in roles], value=current, allow_blank=not roles, id="role"))

    def _function_fields(self) -> ComposeResult:
        from rolesim.ui.world import compute_fields as cf

        spec = self.spec
        name = spec.arn.rsplit(":", 1)[-1] if spec else cf.free_function_name(self.scenario)
        label = "Function name" if spec else ("Function name (an example is filled in: type to "
                                              "replace it)")
        yield from self._input("name", label, name, [FunctionName()], "my-function")
        current = spec.role if spec else cf.default_role(self.scenario, self.account)
        region = spec.arn.split(":")[3] if spec else cf.DEFAULT_REGION
        if not self.rename:
            yield from self._runs_as("role", "Runs as: its execution role (the function goes "
                                     "in its account)", [r.arn for r in self.scenario.roles],
                                     current, region)
        self._preview_start = {"name": name, "role": current or "", "region": region}
        yield Static(self._compute_preview(), id="arn-preview", classes="field-label")

    def _instance_fields(self) -> ComposeResult:
        from rolesim.ui.world import compute_fields as cf

        spec = self.spec
        value = spec.id if spec else cf.free_instance_id(self.scenario)
        label = "Instance ID" if spec else ("Instance ID (a free one is filled in: type to "
                                            "replace it)")
        yield from self._input("id", label, value, [InstanceId()], "i-0123456789abcdef0")
        current = (spec.instance_profile if spec
                   else cf.default_profile(self.scenario, self.account))
        region = spec.region if spec else cf.DEFAULT_REGION
        if not self.rename:
            yield from self._runs_as("instance_profile", "Instance profile (the instance goes "
                                     "in its account)",
                                     [p.arn for p in self.scenario.instance_profiles],
                                     current, region)
        self._preview_start = {"id": value, "instance_profile": current or "", "region": region}
        yield Static(self._compute_preview(), id="arn-preview", classes="field-label")

    def _runs_as(self, field: str, label: str, choices: list[str], current: str | None,
                 region: str) -> ComposeResult:
        """What a function or an instance runs as (its role or instance profile: the one it
        has kept in the list even when the world lost it) and its Region."""
        from rolesim.ui.world import compute_fields as cf

        if current and current not in choices:
            choices.append(current)
        yield from self._row(field, label, Select(
            [(c, c) for c in choices], value=current or Select.NULL,
            allow_blank=not choices, id=field))
        yield from self._input("region", "Region", region, [Region()], cf.DEFAULT_REGION)

    def _compute_preview(self) -> str:
        """The ARN the function or instance will have, and what running as its role means."""
        from rolesim.ui.world import compute_fields as cf

        spec = self.spec
        region = self._shown("region") or (
            spec.region if self.kind == "instance" and spec else
            spec.arn.split(":")[3] if spec else cf.DEFAULT_REGION)
        if self.kind == "function":
            role = self._shown("role") or (spec.role if spec else "")
            name = self._shown("name")
            if not role:
                return "A function runs as a role: create a role first (n, then r)."
            return (f"Its ARN: {cf.function_arn(role, region, name)}\nWhoever can invoke it, "
                    "or replace its code, acts with this role's permissions."
                    + cf.trust_warning(self.scenario, role, cf.FUNCTION_SERVICE))
        profile = self._shown("instance_profile") or (spec.instance_profile if spec else "")
        if not profile:
            return ("An instance runs with an instance profile: create one first (n, then "
                    "shift+i twice).")
        ident = self._shown("id")
        role = cf.profile_role(self.scenario, profile)
        runs = f"It runs as role {role.rsplit('/', 1)[-1]}: whoever" if role else "Whoever"
        return (f"Its ARN: arn:aws:ec2:{region}:{cf.account_in(profile)}:instance/{ident}\n"
                f"{runs} can run a command on it (SSM) reads that role's credentials."
                + cf.trust_warning(self.scenario, role, cf.INSTANCE_SERVICE))

    def _shown(self, name: str) -> str:
        """A field's value; while the form is being composed, the value it starts with."""
        if self.query(f"#{name}"):
            return str(self._value(name) or "")
        return self._preview_start.get(name, "")

    @on(Input.Changed)
    @on(Select.Changed)
    def _update_preview(self) -> None:
        found = self.query("#arn-preview")
        if found:
            found.first(Static).update(self._compute_preview())

    def _provider_fields(self) -> ComposeResult:
        spec = self.spec
        saml = spec is not None and ":saml-provider/" in spec.arn
        if not self.rename:
            protocols = Select([("OIDC (web identity: GitHub, Google, Cognito...)", "oidc"),
                                ("SAML 2.0 (corporate sign-in)", "saml")],
                               value="saml" if saml else "oidc", allow_blank=False,
                               id="provider_kind")
            yield from self._row("provider_kind", "Provider type (the name below follows it)",
                                 protocols)
        name = spec.arn.split("-provider/", 1)[1] if spec else PROVIDER_EXAMPLES["oidc"]
        yield from self._input("name", self._provider_name_label("saml" if saml else "oidc"),
                               name, [ProviderName()], PROVIDER_EXAMPLES["oidc"])
        if not self.rename:
            yield from self._input("audiences", "Audiences (OIDC client IDs, comma separated)",
                                   ", ".join(spec.audiences) if spec else
                                   "sts.amazonaws.com", [], "sts.amazonaws.com")
            self.call_later(self._show_audiences)

    def _provider_name_label(self, kind: str) -> str:
        label = "Name" if kind == "saml" else "Issuer: host and path, no https://"
        return label + ("" if self.spec else " (an example: type to replace it)")

    @on(Select.Changed, "#provider_kind")
    def _provider_kind_changed(self) -> None:
        """The name's label, and a name still the example, follow the kind; audiences are
        OIDC's only."""
        kind = self._value("provider_kind") or "oidc"
        self.query_one("#row-name Label", Label).update(self._provider_name_label(kind))
        field = self.query_one("#name", Input)
        if field.value in PROVIDER_EXAMPLES.values():
            field.value = PROVIDER_EXAMPLES[kind]
        self._show_audiences()

    def _show_audiences(self) -> None:
        found = self.query("#row-audiences")
        if found:
            found.first().display = self._value("provider_kind") != "saml"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+a (attach a policy) only where policies can be attached."""
        if action == "attach_policy":
            return self.kind in ("user", "group", "role") and not self.rename
        if action == "boundary":
            return self.kind in ("user", "role") and not self.rename
        return True

    def action_boundary(self) -> None:
        """Straight to the boundary, at the end of a long form (5 to 8 tabs away)."""
        found = self.query("#boundary Input")
        if found:
            field = found.first(Input)
            field.focus()
            self.call_after_refresh(self.query_one("#row-boundary").scroll_visible,
                                    animate=False)

    def action_attach_policy(self) -> None:
        """Search this world's managed policies and every AWS managed policy; the one picked
        is added to the list, ticked."""
        if not self.query("#policies"):
            return
        from rolesim.scenario.choices import policy_choices
        from rolesim.ui.common.picker import PickerModal

        def picked(arn: str | None) -> None:
            if not arn:
                return
            attached = self.query_one("#policies", SelectionList)
            values = [attached.get_option_at_index(i).value
                      for i in range(attached.option_count)]
            if arn not in values:
                attached.add_option((arn, arn, True))
            else:
                attached.select(arn)
            attached.focus()
            attached.highlighted = values.index(arn) if arn in values else len(values)

        from rolesim.ui.world.policy_words import managed_policy_words

        self.app.push_screen(PickerModal("Attach a managed policy: this world's, or any AWS "
                                         "managed one", policy_choices(self.scenario),
                                         describe=managed_policy_words), picked)

    @on(Button.Pressed, "#attach-policy")
    def attach_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_attach_policy()

    # --- live errors ----------------------------------------------------------------------
    @on(Input.Changed)
    def show_field_error(self, event: Input.Changed) -> None:
        if not event.input.id or not self.query(f"#{event.input.id}-error"):
            return  # inside a compound field (the boundary picker, the trust template)
        result = event.validation_result
        error = "" if result is None or result.is_valid else " ".join(
            result.failure_descriptions)
        self.query_one(f"#{event.input.id}-error", FieldError).show(error)

    def _value(self, name: str, default: Any = None) -> Any:
        found = self.query(f"#{name}")
        if not found:
            return default
        widget = found.first()
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        return widget.value  # type: ignore[attr-defined]

    # --- accept ---------------------------------------------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    @after_typed_keys
    def action_accept(self) -> None:
        invalid: list[Input] = []
        for field in self.query(Input):
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                invalid.append(field)
                self.query_one(f"#{field.id}-error", FieldError).show(
                    " ".join(result.failure_descriptions))
        if not invalid and not self._boundary_exists():
            invalid.append(self.query_one("#boundary Input", Input))
        if invalid:
            invalid[0].focus(scroll_visible=False)
            # the whole field, its reason under it included: at 80x24 the reason sat below
            # the fold, out of sight
            self.query_one("#form-error", FieldError).show("Fix the fields marked above.")
            row = next((a for a in invalid[0].ancestors_with_self
                        if isinstance(a, Widget) and a.has_class("field")), invalid[0])
            self.call_after_refresh(row.scroll_visible, animate=False)
            return
        if self.spec is None and self.kind not in ("account", "resource") and not (
                self._value("account") or self.account):
            # in an empty world a role was created as arn:aws:iam:::role/... and the world
            # stopped building
            self.query_one("#form-error", FieldError).show(
                f"No account yet: a {KIND_TITLES[self.kind]} lives in one. Choose the kind "
                "account above (shift+tab, then a) and create it first.")
            return
        try:
            spec = self.build()
        except (ValidationError, ValueError) as error:
            self.query_one("#form-error", FieldError).show(_short(error))
            return
        clash = self._clash(spec)
        if clash:
            self.query_one("#form-error", FieldError).show(clash)
            return
        self.dismiss(spec)

    def _boundary_exists(self) -> bool:
        """A boundary names a managed policy of the world or of AWS; a name typed alone
        (PowerUserAccess) becomes its ARN. Else the field says what to do."""
        found = self.query("#boundary")
        if not found:
            return True
        from rolesim.ui.steps.step_widgets import PickerInput

        picker = found.first(PickerInput)
        typed = picker.value.strip()
        if not typed or any(c.value == typed for c in picker.choices):
            return True
        named = [c.value for c in picker.choices if c.label.casefold() == typed.casefold()]
        if named:
            picker.query_one(Input).value = named[0]
            return True
        if not typed.startswith("arn:"):  # a typed ARN: the field's own note says it already
            self.query_one("#boundary-error", FieldError).show(f"{typed}: {NO_SUCH_BOUNDARY}.")
        return False

    def _clash(self, spec: Any) -> str:
        from rolesim.scenario.world_edits import find, key_of

        key = key_of(self.kind, spec)
        old = None if self.spec is None else key_of(self.kind, self.spec)
        if key != old and find(self.scenario, self.kind, key) is not None:
            return f"There is already a {KIND_TITLES[self.kind]} {key}."
        return ""

    def build(self) -> Any:
        """The new spec from the fields (pydantic validates it: the model is the truth)."""
        from rolesim.scenario import model

        old = self.spec
        if self.kind == "account":
            return model.AccountSpec(
                id=self._value("id", old.id if old else ""), name=self._value("name", ""),
                management=self._value("management", old.management if old else False),
                scps=old.scps if old else None,
                scp_names=old.scp_names if old else None,
                scp_levels=old.scp_levels if old else None)
        if self.kind == "resource":
            data = old.model_dump(exclude_unset=True) if old else {}
            data["arn"] = self._value("arn").strip()
            if not self.rename:
                data["account"] = _resource_account(data["arn"],
                                                    (self._value("account") or "").strip())
                data["tags"] = parse_tags(self._value("tags", ""))
            return model.ResourceSpec(**data)
        if self.kind in ("function", "instance"):
            return self._build_compute()
        account = self._value("account") or self.account
        if self.kind == "provider":
            kind = self._value("provider_kind") or ("saml" if old and ":saml-" in old.arn
                                                    else "oidc")
            name = self._value("name").strip().removeprefix("https://").rstrip("/")
            arn = f"arn:aws:iam::{account}:{kind}-provider/{name}"
            audiences = self._value("audiences")
            if kind == "saml" and audiences is not None:
                audiences = ""  # SAML's audience is the sign-in endpoint (SAML-05)
            return model.ProviderSpec(arn=arn, audiences=old.audiences if audiences is None
                                      and old else _split(audiences or ""))
        path = self._value("path") or (_arn_part(old.arn, "path") if old else "/")
        arn = iam_arn(account, ARN_TYPES[self.kind], self._value("name"), path)
        data = old.model_dump(exclude_unset=True) if old else {}
        data["arn"] = arn
        if self.rename:
            return type(old)(**data)
        return self._build_kind(model, data)

    def _build_compute(self) -> Any:
        from rolesim.ui.world import compute_fields as cf

        if self.kind == "function":
            return cf.build_function(self.spec, self._value("role"), self._value("region"),
                                     self._value("name") or "")
        return cf.build_instance(self.spec, self._value("instance_profile"),
                                 self._value("region"), self._value("id") or "")

    def _build_kind(self, model: Any, data: dict[str, Any]) -> Any:
        if self.kind == "instance_profile":
            return model.InstanceProfileSpec(arn=data["arn"], role=self._value("role") or "")
        if self.kind == "policy":
            from rolesim.scenario.templates import EMPTY

            data.setdefault("document", EMPTY.text({}))  # the template picker comes next
            data["description"] = self._value("description", "")
            return model.PolicySpec(**data)
        data["policies"] = self._value("policies", [])
        if self.kind == "group":
            return model.GroupSpec(**data)
        data["boundary"] = (self._value("boundary") or "").strip() or None
        data["tags"] = parse_tags(self._value("tags", ""))
        if self.kind == "user":
            data["groups"] = self._value("groups", [])
            data["mfa"] = bool(self._value("mfa", False))
            return model.UserSpec(**data)
        data["description"] = self._value("description", "")
        data["max_session_duration"] = int(self._value("max_session_duration") or 3600)
        if "trust" not in data:
            data["trust"] = self.query_one("#trust-chooser", TemplateChooser).text()
        return model.RoleSpec(**data)


def _resource_account(arn: str, account: str) -> str | None:
    """The account a resource is written with: the one typed, which an ARN naming no account
    (S3) needs, and which must agree with the one an ARN names (ValueError says which)."""
    try:
        named = Arn.parse(arn).account
    except ArnError:
        return account or None  # the ARN field shows what is wrong with it
    if named and account and account != named:
        raise ValueError(f"The ARN names account {named}: leave Account empty or write "
                         f"{named}.")
    if not named and not account:
        raise ValueError("The ARN names no account (an S3 bucket's never does): write the "
                         "account that owns it in Account.")
    return account or None


def _arn_part(arn: str, part: str) -> str:
    try:
        parsed = Arn.parse(arn)
    except ArnError:
        return ""
    return str(getattr(parsed, part))


def _split(text: str) -> list[str]:
    return [piece.strip() for piece in text.split(",") if piece.strip()]


def _short(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}"
    return str(error)
