"""The world builder driven with real keys: each flow ends in the scenario model (Workspace)."""
# ruff: noqa: E501  (TOML fixtures keep one entity per line)

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, TextArea

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.common.confirm import ConfirmModal, MessageModal
from rolesim.ui.common.kind_selector import KindSelector
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.template_picker import TemplatePicker
from rolesim.ui.world.world_builder import WorldBuilder
from rolesim.ui.world.world_tree import NodeRef, WorldTree

SIZE = (120, 40)

SLR_SCENARIO = """
format = 1
title = "SLR"
[[accounts]]
id = "111111111111"
[[roles]]
arn = "arn:aws:iam::111111111111:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
trust = { Version = "2012-10-17", Statement = [ { Effect = "Allow", Principal = { Service = "elasticbeanstalk.amazonaws.com" }, Action = "sts:AssumeRole" } ] }
[[roles]]
arn = "arn:aws:iam::111111111111:role/Ops"
trust = { Version = "2012-10-17", Statement = [ { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "sts:AssumeRole" } ] }
[[instance_profiles]]
arn = "arn:aws:iam::111111111111:instance-profile/Ops"
role = "arn:aws:iam::111111111111:role/Ops"
"""

UPDATE_APP = "arn:aws:iam::111111111111:role/UpdateApp"


def app_for(text: str) -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text(text, "t.toml"), None))


def empty_app() -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text('format = 1\ntitle = "Empty"\n')))


async def type_text(pilot: object, text: str) -> None:
    for char in text:
        await pilot.press(char)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def select(app: RolesimApp, pilot: object, ref: NodeRef) -> None:
    """Move the tree cursor to `ref` with the arrow keys, as a user would."""
    tree = app.screen.query_one(WorldTree)
    tree.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    for key in ["up"] * 30 + ["down"] * 60:
        if tree.cursor_node is not None and tree.cursor_node.data == ref:
            return
        await pilot.press(key)  # type: ignore[attr-defined]
    raise AssertionError(f"{ref} not reachable in the tree")


async def test_build_a_role_from_nothing_qt01_account_then_role() -> None:
    app = empty_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, EntityForm) and app.screen.kind == "account"
        assert isinstance(app.screen.focused, KindSelector)  # the kind comes first
        await pilot.press("enter")  # "account" is offered first in an empty world
        assert app.screen.focused is app.screen.query_one("#id")
        await type_text(pilot, "1111")
        assert "12 digits" in str(app.screen.query_one("#id-error").render())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EntityForm), "an 4-digit account ID must not be accepted"
        await type_text(pilot, "11111111")
        await pilot.press("tab")
        await type_text(pilot, "prod")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [a.id for a in app.workspace.scenario.accounts] == ["111111111111"]

        await pilot.press("n")  # with the account selected, another account is proposed
        await pilot.press("r")  # r: a role (in the selected account)
        form = app.screen
        assert isinstance(form, EntityForm) and form.kind == "role"
        await type_text(pilot, "Deploy er")
        assert "Not allowed in a name" in str(form.query_one("#name-error").render())
        await pilot.press("left", "left", "backspace")
        await type_text(pilot, "-")  # "Deploy-er"
        await pilot.press("ctrl+s")
        await pilot.pause()
        roles = app.workspace.scenario.roles
        assert [r.arn for r in roles] == ["arn:aws:iam::111111111111:role/Deploy-er"]
        trust = json.loads(roles[0].trust) if isinstance(roles[0].trust, str) else roles[0].trust
        assert trust["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::111111111111:root"}
        assert app.workspace.dirty
        world = app.workspace.world()  # the core builds what the builder made
        assert "arn:aws:iam::111111111111:role/Deploy-er" in world.roles
        builder = app.screen.query_one(WorldBuilder)
        assert builder.selected == NodeRef("role", roles[0].arn, "111111111111")


async def test_edit_a_trust_policy_live_errors_then_external_id_tp13() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", UPDATE_APP, "111111111111"))
        await pilot.press("t")
        editor = app.screen
        assert isinstance(editor, PolicyEditor)
        area = editor.query_one("#document", TextArea)
        area.select_all()
        await pilot.press("backspace")
        await type_text(pilot, '{"Version": "2012-10-17",\n"Statement": [\n{"Effect": "Allow"}')
        await pilot.pause()
        assert editor.policy is None and editor.problems[0].severity == "error"
        assert editor.query_one("#apply").disabled
        await pilot.press("ctrl+s")
        assert app.screen is editor, "an invalid document is never applied"

        area.select_all()
        await pilot.press("backspace")
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "Unicorn42"}}}]}
        area.insert(json.dumps(trust, indent=2))  # a paste
        await pilot.pause()
        assert editor.policy is not None
        await pilot.press("f4")
        words = str(editor.query_one("#words").render())
        assert "222222222222" in words and "sts:ExternalId" in words
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PolicyEditor)
        role = next(r for r in app.workspace.scenario.roles if r.arn == UPDATE_APP)
        saved = json.loads(role.trust) if isinstance(role.trust, str) else role.trust
        assert saved == trust
        assert app.workspace.dirty


async def test_policy_editor_escape_with_edits_asks_before_discarding() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", UPDATE_APP, "111111111111"))
        await pilot.press("t")
        await type_text(pilot, "x")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # no: keep editing
        assert isinstance(app.screen, PolicyEditor)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not app.workspace.dirty


async def test_service_linked_role_is_read_only_slr02() -> None:
    app = app_for(SLR_SCENARIO)
    async with app.run_test(size=SIZE) as pilot:
        slr = app.workspace.scenario.roles[0].arn
        await select(app, pilot, NodeRef("role", slr, "111111111111"))
        for key in ("e", "r", "x"):
            await pilot.press(key)
            assert isinstance(app.screen, MessageModal), key
            assert "UnmodifiableEntity" in str(app.screen.text)
            await pilot.press("escape")
        await pilot.press("t")  # the trust can be read, not applied
        editor = app.screen
        assert isinstance(editor, PolicyEditor) and editor.read_only
        await pilot.press("ctrl+s")
        assert app.screen is editor
        await pilot.press("escape")
        assert not app.workspace.dirty


async def test_delete_role_takes_its_instance_profile_and_asks_first() -> None:
    app = app_for(SLR_SCENARIO)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", "arn:aws:iam::111111111111:role/Ops",
                                         "111111111111"))
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmModal)
        assert "instance-profile/Ops" in app.screen.question
        await pilot.press("n")
        assert len(app.workspace.scenario.roles) == 2
        await pilot.press("x", "y")
        await pilot.pause()
        assert [r.arn.rsplit("/", 1)[-1] for r in app.workspace.scenario.roles] == [
            "AWSServiceRoleForElasticBeanstalk"]
        assert app.workspace.scenario.instance_profiles == []
        app.workspace.world()  # still builds


async def test_rename_user_follows_steps_and_group_membership() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        david = "arn:aws:iam::222222222222:user/David"
        await select(app, pilot, NodeRef("user", david, "222222222222"))
        await pilot.press("r")
        name = app.screen.query_one("#name", Input)
        assert name.value == "David"
        await pilot.press("ctrl+a")  # Input: to the start... then clear it
        name.value = ""
        await type_text(pilot, "Dave")
        await pilot.press("enter")
        await pilot.pause()
        scenario = app.workspace.scenario
        assert "arn:aws:iam::222222222222:user/Dave" in [u.arn for u in scenario.users]
        assert scenario.steps[0].principal == "arn:aws:iam::222222222222:user/Dave"
        app.workspace.world()


async def test_inline_policy_added_to_a_group() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        group = "arn:aws:iam::222222222222:group/Developers"
        await select(app, pilot, NodeRef("group", group, "222222222222"))
        await pilot.press("p")  # a name, and a template to start from
        assert isinstance(app.screen, TemplatePicker)
        await type_text(pilot, "read-logs")
        await pilot.press("enter")  # the proposed template: assume one role of the world
        await pilot.pause()
        spec = next(g for g in app.workspace.scenario.groups if g.arn == group)
        document = json.loads(spec.inline["read-logs"])
        assert document["Statement"][0]["Action"] == "sts:AssumeRole"
        assert app.screen.query_one(WorldBuilder).selected == NodeRef(
            "inline", "read-logs", "222222222222", owner=group)


CREATE_KEYS: dict[str, tuple[list[str], str]] = {
    # kind: (keys typed in the form after it opens, the ARN (or id) it must create)
    "account": (list("333333333333"), "333333333333"),
    "user": (list("carol"), "arn:aws:iam::111111111111:user/carol"),
    "group": (list("Ops"), "arn:aws:iam::111111111111:group/Ops"),
    "policy": (list("read-only"), "arn:aws:iam::111111111111:policy/read-only"),
    "provider": (list("token.actions.githubusercontent.com"),
                 "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"),
    "instance_profile": (list("web"), "arn:aws:iam::111111111111:instance-profile/web"),
    "resource": (list("arn:aws:s3:::logs"), "arn:aws:s3:::logs"),
}


@pytest.mark.parametrize("kind", list(CREATE_KEYS))
async def test_id02_each_kind_is_created_through_its_form(kind: str) -> None:
    from rolesim.scenario.world_edits import LIST_OF_KIND
    from rolesim.ui.world.entity_form import KIND_KEYS

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        # each kind has its letter, but instance profile: shift+i after identity provider
        keys = [KIND_KEYS[kind]] if kind in KIND_KEYS else ["I", "I", "enter"]
        await pilot.press("n", *keys)
        assert isinstance(app.screen, EntityForm) and app.screen.kind == kind
        keys, expected = CREATE_KEYS[kind]
        if kind == "provider":
            await pilot.press("tab")  # from its type (OIDC) to its issuer
        await type_text(pilot, "".join(keys))
        if kind == "resource":
            await pilot.press("tab")
            await type_text(pilot, "111111111111")
        await pilot.press("ctrl+s")
        await pilot.pause()
        if kind == "policy":  # a new managed policy starts from a template
            assert isinstance(app.screen, TemplatePicker)
            await pilot.press("enter", "down", "enter", "ctrl+s")  # "Read one S3 bucket"
            await pilot.pause()
        assert not isinstance(app.screen, EntityForm), app.screen
        items = getattr(app.workspace.scenario, LIST_OF_KIND[kind])
        keys_made = [getattr(item, "id", None) or item.arn for item in items]
        assert expected in keys_made
        app.workspace.world()  # the core accepts what the form made


async def test_org01_scp_added_to_an_account_then_deleted_leaves_the_organization() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        account = NodeRef("account", "111111111111", "111111111111")
        await select(app, pilot, account)
        await pilot.press("p", "ctrl+s")  # its name first: AWS's default, FullAWSAccess
        editor = app.screen
        assert isinstance(editor, PolicyEditor) and editor.kind.name == "SCP"
        await pilot.press("ctrl+s")
        await pilot.pause()
        spec = app.workspace.scenario.accounts[0]
        assert spec.scps is not None and len(spec.scps) == 1
        assert "FullAWSAccess" in str(spec.scps[0])
        assert spec.scp_names == ["FullAWSAccess"]
        app.workspace.world()
        builder = app.screen.query_one(WorldBuilder)
        assert builder.selected == NodeRef("scp", "0", "111111111111")
        await pilot.press("x", "y")
        await pilot.pause()
        assert app.workspace.scenario.accounts[0].scps is None
