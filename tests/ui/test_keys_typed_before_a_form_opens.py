"""Keys typed right after a key that opens a form go to the form, not to what was under it.

A terminal delivers a burst (a fast typist, a paste, tmux send-keys of one string) all at
once: the app handed every key to the focused tree before the tree had acted on `n`, so
`n u alice` opened the new-entity form while "u alice" fired the tree's own keys, and the
letters that did reach the form's kind field picked kinds (a: account). Now a key that finds
the focus gone (a form opening over it, a kind picked and its fields being built) waits for
the form's field, then is typed there (typed_keys.KeysAhead). `burst` sends keys without the
pause Pilot.press makes after each one, which hides the race."""

from __future__ import annotations

from test_builder_flows import app_for, select
from test_keys_typed_before_save import ACCOUNT, ROLE, SIZE, WORLD, burst
from textual.widgets import Input

from rolesim.scenario.model import SignInStep
from rolesim.ui.common.picker import PickerModal
from rolesim.ui.steps.step_dialog import StepDialog
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.template_picker import TemplatePicker
from rolesim.ui.world.world_tree import NodeRef

USER = f"arn:aws:iam::{ACCOUNT}:user/alice"
WITH_USER = WORLD + f"""
[[users]]
arn = "{USER}"
"""


async def test_n_u_and_a_name_in_one_burst_make_that_user() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("account", ACCOUNT, ACCOUNT))
        await burst(app, pilot, "n", "u", *"alice", "ctrl+s")
        assert not isinstance(app.screen, EntityForm), app.screen.query_one("#form-error")
        assert [user.arn for user in app.workspace.scenario.users] == [USER]
        assert [role.arn for role in app.workspace.scenario.roles] == [ROLE]  # tree keys unfired


async def test_each_kind_letter_then_a_name_lands_in_the_name() -> None:
    """r and g as well as u (a: account would take "alice"'s first letter as its kind)."""
    for letter, kind in (("r", "role"), ("g", "group"), ("u", "user")):
        app = app_for(WORLD)
        async with app.run_test(size=SIZE) as pilot:
            await select(app, pilot, NodeRef("account", ACCOUNT, ACCOUNT))
            await burst(app, pilot, "n", letter, *"alice")
            form = app.screen
            assert isinstance(form, EntityForm) and form.kind == kind
            assert form.query_one("#name", Input).value == "alice"
            assert form.focused is form.query_one("#name", Input)


async def test_enter_on_the_kind_then_a_name_lands_in_the_name() -> None:
    app = app_for(WITH_USER)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("section", "user", ACCOUNT))
        await burst(app, pilot, "n", "enter", *"bob")
        form = app.screen
        assert isinstance(form, EntityForm) and form.kind == "user"
        assert form.query_one("#name", Input).value == "bob"


async def test_ctrl_a_then_a_policy_name_goes_to_the_picker() -> None:
    app = app_for(WITH_USER)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("user", USER, ACCOUNT))
        await burst(app, pilot, "e", "ctrl+a", *"ReadOnlyAccess")
        picker = app.screen
        assert isinstance(picker, PickerModal)
        assert picker.query_one("#picker-query", Input).value == "ReadOnlyAccess"


async def test_a_new_step_its_kind_and_its_first_field_in_one_burst() -> None:
    app = app_for(WITH_USER)
    async with app.run_test(size=SIZE) as pilot:
        await burst(app, pilot, "f3", "a", "s", *"alice", "ctrl+s")
        assert not isinstance(app.screen, StepDialog)
        (step,) = app.workspace.scenario.steps
        assert isinstance(step, SignInStep) and step.principal.endswith("alice"), step


async def test_p_then_a_policy_name_in_one_burst_keeps_its_letters_in_order() -> None:
    """`p AssumeIt` typed fast on a user: the name field read "sAsumeIt" (the first letter
    reached the new policy's name after the second)."""
    app = app_for(WITH_USER)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("user", USER, ACCOUNT))
        await burst(app, pilot, "p", *"AssumeIt")
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        assert picker.query_one("#policy-name", Input).value == "AssumeIt"
