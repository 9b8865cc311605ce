"""Nothing the user wrote is lost: a cancelled form with changes asks "Discard your changes?"
(Keep editing is the default; Escape there keeps editing), an unchanged form closes at once.
Real keys, as a user would press them; the world is checked in the Workspace."""

from __future__ import annotations

import pytest
from test_builder_flows import select, type_text
from textual.widgets import Button, Checkbox, Input, TextArea

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.scenario.world_edits import LIST_OF_KIND
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.common.confirm import DiscardChangesModal
from rolesim.ui.world.entity_form import KIND_TITLES, EntityForm
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.template_picker import TemplatePicker
from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)
ACCOUNT = NodeRef("account", "111111111111", "111111111111")
WEB = "arn:aws:iam::111111111111:role/Web"

EVERY_KIND = """
format = 1
title = "One of every kind"
[[accounts]]
id = "111111111111"
name = "dev"
[[users]]
arn = "arn:aws:iam::111111111111:user/alice"
groups = ["arn:aws:iam::111111111111:group/Ops"]
tags = { team = "ops" }
mfa = true
[[groups]]
arn = "arn:aws:iam::111111111111:group/Ops"
[[policies]]
arn = "arn:aws:iam::111111111111:policy/read"
document = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'
[[roles]]
arn = "arn:aws:iam::111111111111:role/Web"
description = "web servers"
policies = ["arn:aws:iam::111111111111:policy/read"]
boundary = "arn:aws:iam::111111111111:policy/read"
trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
[[providers]]
arn = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
audiences = ["sts.amazonaws.com"]
[[instance_profiles]]
arn = "arn:aws:iam::111111111111:instance-profile/Web"
role = "arn:aws:iam::111111111111:role/Web"
[[resources]]
arn = "arn:aws:s3:::logs"
account = "111111111111"
[[functions]]
arn = "arn:aws:lambda:us-east-1:111111111111:function:worker"
role = "arn:aws:iam::111111111111:role/Web"
[[instances]]
id = "i-0123456789abcdef0"
account = "111111111111"
instance_profile = "arn:aws:iam::111111111111:instance-profile/Web"
region = "eu-west-1"
"""  # noqa: E501


def every_kind_app() -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text(EVERY_KIND, "every.toml"), None))


def snapshot(app: RolesimApp) -> object:
    """The whole scenario model, to show that a discarded form changed nothing."""
    return app.workspace.scenario.model_dump()


async def open_new_role_form(app: RolesimApp, pilot: object) -> EntityForm:
    await select(app, pilot, ACCOUNT)
    await pilot.press("n", "r")  # type: ignore[attr-defined]  # r: a role in the selected account
    form = app.screen
    assert isinstance(form, EntityForm) and form.kind == "role"
    return form


async def test_typed_name_survives_escape_then_keep_editing() -> None:
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_new_role_form(app, pilot)
        await type_text(pilot, "Deploy")
        await pilot.press("escape")
        confirm = app.screen
        assert isinstance(confirm, DiscardChangesModal)
        assert confirm.title_text == "Discard your changes?"
        assert confirm.focused is not None and confirm.focused.id == "no"
        assert str(confirm.query_one("#no", Button).label) == "Keep editing (esc)"
        assert str(confirm.query_one("#yes", Button).label) == "Discard (d)"
        await pilot.press("escape")  # escape on the question: keep editing
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Deploy"
        assert app.focused is form.query_one("#name", Input), "the focus is back where it was"
        await pilot.press("escape", "enter")  # enter on the default button: keep editing too
        assert app.screen is form
        await pilot.press("ctrl+s")  # and the kept text is what gets created
        await pilot.pause()
        assert "arn:aws:iam::111111111111:role/Deploy" in [
            r.arn for r in app.workspace.scenario.roles]


async def test_discard_closes_the_edit_form_and_leaves_the_world_unchanged() -> None:
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        before = snapshot(app)
        await select(app, pilot, NodeRef("role", WEB, "111111111111"))
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EntityForm) and form.spec is not None
        await type_text(pilot, "Admin")  # the name field: Web -> WebAdmin
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChangesModal)
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, EntityForm | DiscardChangesModal)
        assert snapshot(app) == before
        assert not app.workspace.dirty


async def test_cancel_button_asks_too_and_discard_button_closes() -> None:
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        before = snapshot(app)
        await select(app, pilot, NodeRef("user", "arn:aws:iam::111111111111:user/alice",
                                         "111111111111"))
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EntityForm)
        form.query_one("#mfa", Checkbox).focus()
        await pilot.press("space")  # not typed, but changed all the same
        assert form.query_one("#mfa", Checkbox).value is False
        await pilot.click("#cancel")
        assert isinstance(app.screen, DiscardChangesModal)
        await pilot.click("#yes")
        await pilot.pause()
        assert not isinstance(app.screen, EntityForm | DiscardChangesModal)
        assert snapshot(app) == before


async def test_text_typed_then_removed_is_no_change() -> None:
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_new_role_form(app, pilot)
        await type_text(pilot, "Tmp")
        await pilot.press("backspace", "backspace", "backspace", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, EntityForm | DiscardChangesModal)


async def test_unchanged_edit_form_closes_at_once_with_real_keys() -> None:
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", WEB, "111111111111"))
        await pilot.press("e")
        assert isinstance(app.screen, EntityForm)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EntityForm | DiscardChangesModal)
        assert not app.workspace.dirty


FORMS = [(kind, mode) for kind in KIND_TITLES for mode in ("new", "edit", "rename")]


@pytest.mark.parametrize(("kind", "mode"), FORMS)
async def test_unchanged_form_closes_at_once_on_escape(kind: str, mode: str) -> None:
    """Every entity form, opened to create, edit or rename, counts as unchanged when opened
    (no field is filled in after the values are recorded), so escape closes it at once."""
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        scenario = app.workspace.scenario
        spec = None if mode == "new" else getattr(scenario, LIST_OF_KIND[kind])[0]
        form = EntityForm(kind, scenario, spec, rename=mode == "rename")
        app.push_screen(form)
        await pilot.pause()
        await pilot.pause()
        assert not form.has_changes
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not form and not isinstance(app.screen, DiscardChangesModal)


async def test_inline_policy_name_asks_before_discarding() -> None:
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("group", "arn:aws:iam::111111111111:group/Ops",
                                         "111111111111"))
        await pilot.press("p")
        modal = app.screen
        assert isinstance(modal, TemplatePicker)
        await type_text(pilot, "read-logs")
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChangesModal)
        await pilot.press("escape")
        assert app.screen is modal and modal.query_one("#policy-name", Input).value == "read-logs"
        await pilot.press("escape", "d")
        await pilot.pause()
        assert not isinstance(app.screen, TemplatePicker | DiscardChangesModal)
        assert not app.workspace.dirty


async def test_policy_editor_keep_editing_keeps_the_document() -> None:
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", WEB, "111111111111"))
        await pilot.press("t")
        editor = app.screen
        assert isinstance(editor, PolicyEditor)
        original = editor.text
        await type_text(pilot, " ")
        edited = editor.text
        assert edited != original
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChangesModal)
        assert "document you typed" in app.screen.question
        await pilot.press("k")
        assert app.screen is editor
        assert editor.query_one("#document", TextArea).text == edited
        await pilot.press("escape", "y")  # y discards too (the general confirm key)
        await pilot.pause()
        assert not isinstance(app.screen, PolicyEditor)
        assert not app.workspace.dirty


async def test_unchanged_policy_editor_closes_at_once() -> None:
    app = every_kind_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", WEB, "111111111111"))
        await pilot.press("t")
        assert isinstance(app.screen, PolicyEditor)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PolicyEditor | DiscardChangesModal)
