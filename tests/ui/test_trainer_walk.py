"""A trainer builds a lesson from an empty file with the keyboard alone, at 80x24: an account,
a user with a permissions boundary, a group with an AWS managed policy, a role trusting the
user, OIDC and SAML identity providers, a GitHub Actions role, a bucket with a bucket policy,
then sign-in, assume-role, assume-role-with-web-identity and a call; Ctrl+S writes the file
and `rolesim run` replays it with every expectation met."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from test_builder_flows import type_text
from textual.widgets import Input, Select, TextArea

from rolesim.cli_new_file import new_file_workspace
from rolesim.scenario.load import load_scenario
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.common.picker import PickerModal
from rolesim.ui.steps.step_dialog import StepDialog
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.template_picker import TemplatePicker

SIZE = (80, 24)
ACCOUNT = "111111111111"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
GITHUB = "token.actions.githubusercontent.com"


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()


def focused_id(app: RolesimApp) -> str:
    """The id of the focused widget, or of the field (PickerInput) it belongs to."""
    widget = app.screen.focused
    while widget is not None and not widget.id:
        widget = widget.parent  # type: ignore[assignment]
    return widget.id if widget is not None and widget.id else ""


async def new_entity(app: RolesimApp, pilot: Any, letter: str, name: str) -> EntityForm:
    """n, the kind's letter: the form is on its name (or ARN), ready to type; a provider's
    on its type, which decides what its name is."""
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(letter)
    await settle(pilot)
    form = app.screen
    assert isinstance(form, EntityForm)
    if letter != "i":
        assert isinstance(app.screen.focused, Input), "the name is where typing starts"
    await type_text(pilot, name)
    return form


async def pick_boundary(app: RolesimApp, pilot: Any, typed: str) -> None:
    """ctrl+b goes to the boundary at once; part of a name and enter pick the policy."""
    await pilot.press("ctrl+b")
    await settle(pilot)
    assert focused_id(app) == "boundary"
    region = app.screen.query_one("#boundary").region
    assert region.height and app.screen.query_one("#fields").region.contains_region(region), \
        "the boundary field is on screen at 80x24"
    await type_text(pilot, typed)
    await settle(pilot)
    matches = app.screen.query_one("#boundary .arn-options").region
    assert matches.height and app.screen.query_one("#fields").region.contains(
        matches.x, matches.y + 1), "the best matches, listed under the field, are on screen "\
        "at 80x24 (enter picks the first), not below the fold"
    await pilot.press("enter")
    await settle(pilot)


async def attach(app: RolesimApp, pilot: Any, typed: str) -> None:
    await pilot.press("ctrl+a")
    await settle(pilot)
    assert isinstance(app.screen, PickerModal)
    await type_text(pilot, typed)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, EntityForm)


async def ok(app: RolesimApp, pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(app.screen, EntityForm), app.screen.query_one("#form-error").render()


async def add_step(app: RolesimApp, pilot: Any, kind_key: str, expect: str,
                   first_field: str, typed: str) -> StepDialog:
    """a, the kind's letter, the expectation; then the step's first field."""
    await pilot.press("a")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, StepDialog)
    await pilot.press(kind_key)
    await settle(pilot)
    await pilot.press("shift+tab")  # expect and note come first; the kind's field is next
    await pilot.press("shift+tab")
    assert focused_id(app) == "field-expect", focused_id(app)
    await type_text(pilot, expect)
    while focused_id(app) != f"field-{first_field}":
        await pilot.press("tab")
    await type_text(pilot, typed)
    await pilot.press("enter")  # the highlighted match
    await settle(pilot)
    return dialog


async def test_a_trainer_builds_and_saves_a_lesson_with_keys_only(tmp_path: Path) -> None:
    target = tmp_path / "lesson.toml"
    app = make_app(target, workspace=new_file_workspace(target))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # an empty world: the form starts on "account"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert focused_id(app) == "id" and app.screen.query_one("#id", Input).value == ACCOUNT
        await ok(app, pilot)

        await new_entity(app, pilot, "u", "alice")
        await pick_boundary(app, pilot, "PowerUser")
        assert app.screen.query_one("#boundary Input", Input).value == POWER_USER
        await ok(app, pilot)

        await new_entity(app, pilot, "g", "devs")
        await attach(app, pilot, "readonly")
        await ok(app, pilot)

        await new_entity(app, pilot, "r", "Deployer")
        await pilot.press("tab")
        assert focused_id(app) == "template"  # the trust template: this account's
        assert app.screen.query_one("#template", Select).value == "same-account"
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "alice")
        await pilot.press("enter")
        await attach(app, pilot, "ReadOnlyAccess")
        await pick_boundary(app, pilot, "PowerUser")
        await ok(app, pilot)

        form = await new_entity(app, pilot, "i", "")  # OIDC, GitHub's issuer filled in
        assert form.query_one("#name", Input).value == GITHUB
        await ok(app, pilot)
        await new_entity(app, pilot, "i", "")
        assert focused_id(app) == "provider_kind"  # the type first: SAML
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "CorpIdP")
        await ok(app, pilot)

        await new_entity(app, pilot, "r", "GitHubDeploy")
        await pilot.press("tab", "enter", *["down"] * 4, "enter")  # GitHub Actions (OIDC)
        await settle(pilot)
        assert app.screen.query_one("#template", Select).value == "github-oidc"
        await attach(app, pilot, "ReadOnlyAccess")
        await ok(app, pilot)

        await new_entity(app, pilot, "s", "arn:aws:s3:::lesson-bucket")
        await ok(app, pilot)
        await pilot.press("p")  # no policy yet: the bucket-policy gallery opens at once
        await settle(pilot)
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PolicyEditor)
        await pilot.press("ctrl+s")
        await settle(pilot)

        await pilot.press("f3")
        await settle(pilot)
        await add_step(app, pilot, "s", "ok", "principal", "alice")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await add_step(app, pilot, "a", "ok", "role", "Deployer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await add_step(app, pilot, "w", "ok", "role", "GitHubDeploy")
        await pilot.press("tab", "tab")
        await type_text(pilot, GITHUB)
        await pilot.press("tab")
        assert isinstance(app.screen.focused, TextArea)  # the token's claims
        await type_text(pilot, 'sub = "repo:my-org/my-repo:ref:refs/heads/main"')
        await pilot.press("enter")
        await type_text(pilot, 'aud = "sts.amazonaws.com"')
        await pilot.press("ctrl+s")
        await settle(pilot)
        await add_step(app, pilot, "c", "allowed", "action", "s3:GetObject")
        await pilot.press("tab")
        await type_text(pilot, "arn:aws:s3:::lesson-bucket/notes.txt")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, StepDialog)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert target.is_file()

    scenario = load_scenario(target)
    user = next(u for u in scenario.users if u.arn == ALICE)
    assert user.boundary == POWER_USER
    assert [p.arn.rsplit("/", 1)[1] for p in scenario.providers] == [GITHUB, "CorpIdP"]
    assert [s.do for s in scenario.steps] == ["sign-in", "assume-role",
                                              "assume-role-with-web-identity", "call"]
    run = subprocess.run([sys.executable, "-m", "rolesim", "run", str(target)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
