"""The world builder's forms where a trainer stumbled: every new policy of a kind opens its
gallery on the same template (a managed policy started on Empty, an inline one on Assume one
role), ctrl+b reaches the permissions boundary, a boundary naming no policy is refused before
it breaks the world, and an identity provider cannot be created without a name."""

from __future__ import annotations

import json
from typing import Any

from test_builder_flows import app_for, select, type_text
from textual.widgets import Input, Select

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.templates import initial_template
from rolesim.ui.app import RolesimApp
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.template_picker import TemplatePicker
from rolesim.ui.world.world_tree import NodeRef

SIZE = (80, 24)
ACCOUNT = "111111111111"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
DEPLOYER = f"arn:aws:iam::{ACCOUNT}:role/Deployer"
TRUST = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
         '{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}')
WORLD = f"""
format = 1
title = "one account"
[[accounts]]
id = "{ACCOUNT}"
[[users]]
arn = "{ALICE}"
[[roles]]
arn = "{DEPLOYER}"
trust = '{TRUST}'
[[resources]]
arn = "arn:aws:s3:::lesson-bucket"
account = "{ACCOUNT}"
"""
ACCOUNT_REF = NodeRef("account", ACCOUNT, ACCOUNT)


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()


async def new_on_account(app: RolesimApp, pilot: Any, letter: str, name: str) -> None:
    """n on the account, the kind's letter, its name typed."""
    await select(app, pilot, ACCOUNT_REF)
    await pilot.press("n", letter)
    await type_text(pilot, name)


def chosen(app: RolesimApp) -> Any:
    return app.screen.query_one("#template", Select).value


def test_one_rule_per_kind_of_document() -> None:
    """Trust: this account when it is the only one; permissions: assume a role other than the
    policy's owner, else empty; a bucket in a one-account world: one user or role of it."""
    world = load_scenario_text(WORLD, "w.toml")
    assert initial_template("trust", world, ACCOUNT) == "same-account"
    assert initial_template("permissions", world, ACCOUNT) == "assume-one-role"
    assert initial_template("permissions", world, ACCOUNT, owner=DEPLOYER) == "empty"
    assert initial_template("resource", world, ACCOUNT,
                            resource="arn:aws:s3:::lesson-bucket") == "s3-principal-read"
    two = load_scenario_text(WORLD + '[[accounts]]\nid = "222222222222"\n', "w.toml")
    assert initial_template("trust", two, ACCOUNT) == "other-account"
    assert initial_template("resource", two, ACCOUNT,
                            resource="arn:aws:s3:::lesson-bucket") == "s3-other-account-read"


async def test_a_new_managed_and_a_new_inline_policy_open_on_the_same_template() -> None:
    """Before, a new managed policy opened on Empty and an inline one on Assume one role."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await new_on_account(app, pilot, "p", "DevPolicy")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TemplatePicker)
        assert chosen(app) == "assume-one-role"
        assert "one of 4 templates" in str(app.screen.query(".field-label").first().render())
        assert app.screen.query_one("#param-role Input", Input).value == DEPLOYER
        # an inline policy of alice: the same; of the world's only role: assuming itself
        # would be no start, so empty
        for owner, expected in ((NodeRef("user", ALICE, ACCOUNT), "assume-one-role"),
                                (NodeRef("role", DEPLOYER, ACCOUNT), "empty")):
            await pilot.press("escape")
            await settle(pilot)
            await select(app, pilot, owner)
            await pilot.press("p")
            await settle(pilot)
            assert chosen(app) == expected


async def test_ctrl_b_goes_to_the_boundary_and_a_policy_name_alone_is_enough() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await new_on_account(app, pilot, "r", "Web")
        assert "ctrl+b" in app.active_bindings  # and so in the footer
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.screen.focused is app.screen.query_one("#boundary Input")
        await type_text(pilot, "PowerUserAccess")  # a name, typed in full: no ARN needed
        await pilot.press("ctrl+s")
        await settle(pilot)
        role = app.workspace.find("role", f"arn:aws:iam::{ACCOUNT}:role/Web")
        assert role.boundary == "arn:aws:iam::aws:policy/PowerUserAccess"


async def test_a_boundary_naming_no_policy_is_refused_saying_what_to_do() -> None:
    """Before, it was created and the world stopped building ("is not an AWS managed
    policy"); AWS refuses such a boundary too (NoSuchEntity)."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await new_on_account(app, pilot, "u", "bob")
        await pilot.press("ctrl+b")
        await type_text(pilot, "arn:aws:iam::aws:policy/PowerUserAccessTypo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EntityForm), "not created"
        note = str(app.screen.query_one("#row-boundary .arn-note").render())
        assert "PowerUserAccessTypo: not a managed policy here or at AWS" in note
        assert "pick one (type part of its name) or empty the field" in note
        await pilot.press("ctrl+u")
        await type_text(pilot, "PowerUser Access")  # neither an ARN nor a policy's name
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one("#boundary-error").render())
        assert error.startswith("PowerUser Access: not a managed policy")
        assert app.screen.focused is app.screen.query_one("#boundary Input")
        assert app.workspace.world() is not None
        assert not [u for u in app.workspace.scenario.users if u.arn.endswith("/bob")]


async def test_an_identity_provider_needs_a_name_and_saml_gets_its_own_example() -> None:
    """An OIDC provider opens with GitHub's issuer (the GitHub Actions trust template's);
    SAML swaps in an example name and drops OIDC's audiences; an emptied name is refused
    (before, `oidc-provider/` with no name was created); https:// is not part of the ARN."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ACCOUNT_REF)
        await pilot.press("n", "i")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#name", Input).value == "token.actions.githubusercontent.com"
        # the form starts on the provider's type, above the name it decides
        assert form.focused is form.query_one("#provider_kind")
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert form.query_one("#name", Input).value == "CorpIdP"
        assert not form.query_one("#row-audiences").display
        await pilot.press("tab", "ctrl+u", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EntityForm)
        assert "Required" in str(form.query_one("#name-error").render())
        await pilot.press("shift+tab", "enter", "up", "enter", "tab")
        await type_text(pilot, "https://accounts.example.com/")
        await pilot.press("ctrl+s")
        await settle(pilot)
        providers = {p.arn: p.audiences for p in app.workspace.scenario.providers}
        assert providers == {f"arn:aws:iam::{ACCOUNT}:oidc-provider/accounts.example.com":
                             ["sts.amazonaws.com"]}


async def test_a_bucket_in_a_one_account_world_starts_on_a_grant_to_its_own_role() -> None:
    """Not on "another account may read it" granting its own account's root."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("resource", "arn:aws:s3:::lesson-bucket", ACCOUNT))
        await pilot.press("p")
        await settle(pilot)
        assert chosen(app) == "s3-principal-read"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        bucket = app.workspace.scenario.resources[0]
        policy = json.loads(bucket.policy if isinstance(bucket.policy, str)
                            else json.dumps(bucket.policy))
        principals = {json.dumps(s["Principal"]) for s in policy["Statement"]}
        assert principals == {json.dumps({"AWS": DEPLOYER})}


async def test_a_role_in_a_world_without_an_account_is_refused_saying_why() -> None:
    """Seen in tmux from an empty world: n, r, a name, ctrl+s made `arn:aws:iam:::role/...`
    and the world stopped building (an IAM ARN names its account, ID-02)."""
    from test_builder_flows import empty_app

    app = empty_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "r")
        await type_text(pilot, "Builder")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntityForm), "no role without an account"
        assert "No account yet" in str(form.query_one("#form-error").render())
        assert app.workspace.scenario.roles == []


async def test_created_says_the_name_not_the_arn_which_broke_mid_name_in_the_toast() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await new_on_account(app, pilot, "g", "Developers")
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = [n.message for n in app._notifications]  # the toasts shown
        assert "Created group Developers." in said, said
