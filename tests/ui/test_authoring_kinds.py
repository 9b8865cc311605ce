"""Fewer dialogs for the same job (issue 10): the kind is the first field of the new-entity form
and of the step dialog; a step's fields come from its model (a new kind of step gets a working
dialog with no code of its own); defaults a user would type anyway; the trust editor's template
gallery (F6); and the data flow (the main screen applies what panes post)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pytest
from pydantic import Field
from test_builder_flows import select
from test_stepper_fixtures import cross_account_app, open_scenario_tab
from textual.widgets import Input, TextArea

from rolesim.scenario.model import STEP_TYPES, AssumeRoleStep, CallStep, SignInStep, StepBase
from rolesim.ui.app import make_app
from rolesim.ui.common.kind_selector import KindSelector
from rolesim.ui.shell.open_file import SaveAsModal, file_name_for
from rolesim.ui.steps import step_fields
from rolesim.ui.steps.step_dialog import StepDialog
from rolesim.ui.steps.step_kind import fresh_session_name, likely_next_kind
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.template_picker import TemplatePicker
from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)
UPDATE_APP = "arn:aws:iam::111111111111:role/UpdateApp"


class PassRoleStep(StepBase):
    """A kind of step the dialogs have no code for (VOCAB: pass-role)."""

    do: Literal["pass-role"] = "pass-role"
    role: str = Field(description="the role handed to the service",
                      json_schema_extra={"pick": "role"})
    service: str
    by: Literal["trainer", "caller"] = "caller"


def test_fields_come_from_the_model_with_pick_and_description_metadata() -> None:
    fields = {spec.key: spec for spec in step_fields.fields_of("pass-role", PassRoleStep)}
    assert list(fields) == ["role", "service", "by"]
    assert fields["role"].source == "roles" and fields["role"].required
    assert fields["role"].hint == "the role handed to the service"  # the model's description
    assert fields["service"].source == "services"  # no metadata: the field's name says it
    assert fields["by"].choices == ("trainer", "caller") and not fields["by"].required


async def test_a_new_kind_of_step_gets_a_working_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """No per-kind UI code: the dialog is built from the model, the role field offers the
    world's roles, and what is saved validates against the model."""
    monkeypatch.setitem(STEP_TYPES, "pass-role", PassRoleStep)
    monkeypatch.setitem(step_fields.STEP_FIELDS, "pass-role",
                        step_fields.fields_of("pass-role", PassRoleStep))
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        dialog = StepDialog("pass-role", None, world=app.workspace.world())
        saved: list[StepBase | None] = []
        app.push_screen(dialog, saved.append)
        await pilot.pause()
        assert [row.id for row in dialog.query(".field")][:5] == [
            "row-expect", "row-note", "row-role", "row-service", "row-by"]
        await pilot.press("d", "e", "p", "enter")  # the role, picked from the world
        await pilot.press("tab", *"glue.amazonaws.com", "ctrl+s")
        await pilot.pause()
        assert isinstance(saved[0], PassRoleStep)
        assert saved[0].role == "arn:aws:iam::222222222222:role/Deploy"
        assert saved[0].service == "glue.amazonaws.com" and saved[0].by == "caller"


async def test_a_new_step_opens_on_its_kind_and_expect_and_note_are_two_keys_away() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, StepDialog) and dialog.choose_kind
        assert dialog.kind == "assume-role"  # after the sign-in that starts the fixture
        assert isinstance(dialog.focused, KindSelector)
        await pilot.press("tab")
        assert dialog.focused is dialog.query_one("#field-expect")
        await pilot.press("tab")
        assert dialog.focused is dialog.query_one("#field-note")


async def test_a_kind_letter_rebuilds_the_fields_and_keeps_what_any_step_carries() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a", "tab", *"denied", "shift+tab", "c")  # c: a call
        dialog = app.screen
        assert isinstance(dialog, StepDialog) and dialog.kind == "call"
        assert dialog.query_one("#field-expect", Input).value == "denied"
        assert dialog.focused is dialog.query_one("#field-action")
        assert not dialog.query("#field-role")
        await pilot.press(*"s3:ListBucket", "ctrl+s")
        await pilot.pause()
        step = app.workspace.scenario.steps[1]
        assert isinstance(step, CallStep) and step.expect == "denied"


async def test_right_and_home_browse_the_kinds_without_leaving_the_field() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a", "home")
        dialog = app.screen
        assert isinstance(dialog, StepDialog) and dialog.kind == "sign-in"
        await pilot.press("right")
        assert dialog.kind == "assume-role" and isinstance(dialog.focused, KindSelector)
        assert dialog.query("#field-session_name")
        assert dialog.query_one("#field-session_name", Input).value == "session-1"


async def test_the_new_entity_form_changes_kind_with_a_letter() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, EntityForm) and form.kind == "account"
        await pilot.press("u")
        assert form.kind == "user" and form.focused is form.query_one("#name")
        await pilot.press(*"carol", "ctrl+s")
        await pilot.pause()
        assert any(u.arn == "arn:aws:iam::111111111111:user/carol"
                   for u in app.workspace.scenario.users)


async def test_a_new_account_comes_with_the_next_free_example_id() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        await pilot.press("n", "enter")
        assert app.screen.query_one("#id", Input).value == "333333333333"  # 1s, 2s are taken
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "333333333333" in [a.id for a in app.workspace.scenario.accounts]


def test_session_names_and_the_kind_proposed_next() -> None:
    signed = SignInStep(principal="arn:aws:iam::111111111111:user/alice")
    assumed = AssumeRoleStep(role="arn:aws:iam::111111111111:role/R", session_name="session-1")
    assert fresh_session_name([]) == "session-1"
    assert fresh_session_name([signed, assumed]) == "session-2"
    assert likely_next_kind(None) == "sign-in"
    assert likely_next_kind("sign-in") == "assume-role"
    assert likely_next_kind("assume-role") == "call"
    assert likely_next_kind("update-trust") == "update-trust"


def test_save_as_proposes_a_file_name_made_of_the_title() -> None:
    assert file_name_for("External ID") == "external-id.toml"
    assert file_name_for("Cross-account: S3 & KMS!") == "cross-account-s3-kms.toml"
    assert file_name_for("!!!") == ""


async def test_save_as_of_a_new_scenario_starts_on_its_title(tmp_path: Path) -> None:
    from rolesim.scenario.workspace import Workspace

    app = make_app(workspace=Workspace.new("Trust basics"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsModal)
        assert app.screen.query_one("#path", Input).value == "trust-basics.toml"


async def test_new_inline_policy_is_named_after_its_template() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        user = app.workspace.scenario.users[0]
        await select(app, pilot, NodeRef("user", user.arn, user.arn.split(":")[4]))
        await pilot.press("p")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        assert picker.query_one("#policy-name", Input).value == "AssumeOneRole"


async def test_tp10_trust_editor_offers_the_trust_gallery_and_undo_restores() -> None:
    """t on a role, F6: a trust template (another account, TP-10) replaces the document as one
    edit; ctrl+z brings the old trust back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, pilot, NodeRef("role", UPDATE_APP, "111111111111"))
        await pilot.press("t")
        editor = app.screen
        assert isinstance(editor, PolicyEditor)
        before = editor.text
        await pilot.press("f6")
        await pilot.pause()
        gallery = app.screen
        assert isinstance(gallery, TemplatePicker)
        titles = [title for title, _ in gallery.query_one("#template")._options]  # type: ignore[attr-defined]
        for wanted in ("Same account", "Another account", "Another account, with an external ID",
                       "An AWS service", "GitHub Actions (OIDC)", "EKS service account (IRSA)",
                       "SAML 2.0 federation", "MFA required"):
            assert wanted in [str(t) for t in titles]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        principal = json.loads(editor.text)["Statement"][0]["Principal"]
        assert principal == {"AWS": "arn:aws:iam::222222222222:root"}
        await pilot.press("ctrl+z")
        assert editor.query_one("#document", TextArea).text == before


def test_no_widget_or_screen_reaches_the_app_for_shared_state() -> None:
    """Attributes go down, messages go up: nothing under rolesim/ui casts self.app or reads
    the app's workspace (the app itself excepted)."""
    root = Path(__file__).resolve().parents[2] / "rolesim" / "ui"
    for path in root.rglob("*.py"):
        if path.name == "app.py" or path.parent.name == "classroom":
            continue
        text = path.read_text()
        assert 'cast("RolesimApp"' not in text and "self.app.workspace" not in text, path
        assert 'getattr(self.app, "' not in text, path
