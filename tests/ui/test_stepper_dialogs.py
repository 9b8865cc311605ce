"""The step dialogs driven with real keys: what is typed becomes the scenario's step model."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Input, Static

from rolesim.core.world import Account, Role, World
from rolesim.scenario.model import AssumeRoleStep, CallStep
from rolesim.ui.common.confirm import DiscardChangesModal
from rolesim.ui.steps.step_dialog import StepDialog
from rolesim.ui.steps.step_widgets import ActionSuggester


def _world(*roles: str) -> World:
    """Account prod and its role Deploy (and `roles`): with one role, a new step names it."""
    world = World()
    world.accounts["222222222222"] = Account("222222222222", "prod")
    for name in ("Deploy", *roles):
        arn = f"arn:aws:iam::222222222222:role/{name}"
        world.roles[arn] = Role(arn, f"AROA{name.upper()}")
    return world


class Host(App[None]):
    """Opens one dialog and keeps what it returned."""

    def __init__(self, dialog: StepDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.returned: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.returned.append)


async def test_assume_role_dialog_typed_with_real_keys() -> None:
    app = Host(StepDialog("assume-role", world=_world()))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = app.dialog
        dialog.query_one("#field-role Input", Input).focus()
        await pilot.press(*"arn:aws:iam::222222222222:role/Deploy")
        dialog.query_one("#field-session_name", Input).focus()
        await pilot.press(*"david")
        dialog.query_one("#field-duration", Input).focus()
        await pilot.press(*"7200")
        await pilot.pause()
        warning = str(dialog.query_one("#duration-warning", Static).render())
        assert "CH-02" in warning
        dialog.query_one(".tag-key", Input).focus()
        await pilot.press(*"project", "tab", *"x", "tab", "space")
        dialog.query_one("#field-mfa", Checkbox).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
    (step,) = app.returned
    assert isinstance(step, AssumeRoleStep)
    assert step.role == "arn:aws:iam::222222222222:role/Deploy"
    assert (step.session_name, step.duration, step.mfa) == ("david", 7200, True)
    assert step.tags == {"project": "x"} and step.transitive_tag_keys == ["project"]


async def test_missing_session_name_keeps_the_dialog_open_and_says_why() -> None:
    app = Host(StepDialog("assume-role", world=_world("Audit")))  # two roles: none filled in
    async with app.run_test(size=(120, 40)) as pilot:
        app.dialog.query_one("#field-role Input", Input).focus()
        await pilot.press(*"arn:aws:iam::222222222222:role/Deploy", "ctrl+s")
        await pilot.pause()
        assert app.screen is app.dialog
        assert "session_name" in str(app.dialog.query_one("#step-error", Static).render())
        await pilot.press("escape")  # a role was typed: asks before discarding it
        assert isinstance(app.screen, DiscardChangesModal)
        await pilot.press("d")
        await pilot.pause()
    assert app.returned == [None]


async def test_call_dialog_edits_an_existing_step() -> None:
    original = CallStep(action="s3:GetObject", resource="arn:aws:s3:::b/k", expect="allowed")
    app = Host(StepDialog("call", original, world=_world(), index=2))
    async with app.run_test(size=(120, 40)) as pilot:
        field = app.dialog.query_one("#field-action", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"s3:PutObject", "ctrl+s")
        await pilot.pause()
    (step,) = app.returned
    assert isinstance(step, CallStep)
    assert (step.action, step.resource, step.expect) == ("s3:PutObject", "arn:aws:s3:::b/k",
                                                         "allowed")


async def test_action_suggester_completes_from_the_catalogue() -> None:
    suggester = ActionSuggester()
    assert await suggester.get_suggestion("s3:getob") == "s3:GetObject"
    assert await suggester.get_suggestion("sts:assumer") == "sts:AssumeRole"
    assert await suggester.get_suggestion("nosuchservice:") is None


async def test_a_new_step_names_the_worlds_only_role() -> None:
    """One role in the world: a new assume-role step starts with it (nothing to type); with
    two, the role is the trainer's choice and the field starts empty."""
    for world, expected in [(_world(), "arn:aws:iam::222222222222:role/Deploy"),
                            (_world("Audit"), "")]:
        app = Host(StepDialog("assume-role", world=world, defaults={"session_name": "s-1"}))
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.dialog.query_one("#field-role Input", Input).value == expected
            await pilot.press("ctrl+s")
            await pilot.pause()
        if expected:
            (step,) = app.returned
            assert isinstance(step, AssumeRoleStep) and step.role == expected
        else:
            assert app.returned == []  # the role is required: the dialog stays open
