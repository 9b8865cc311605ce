"""The World tab names an SCP as the engine's explanations do (core `scp_words`): by its
`scp_names` name when it has one, else by its place counted from 1, and where it is attached
(`SCP Guardrails on account production (111111111111)`). The tree, the detail pane, the
editor's title and the delete question all say the same words as a denied call's reason."""


from __future__ import annotations

from test_builder_flows import app_for, select
from test_world_detail_text import detail_lines
from textual.widgets import Input, Tree
from textual.widgets.tree import TreeNode

from rolesim.core.sts.permissions import scps_for
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.ui.app import RolesimApp
from rolesim.ui.common.confirm import ConfirmModal
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.scp_name_form import ScpNameForm
from rolesim.ui.world.world_tree import NodeRef

PROD, DEV = "111111111111", "222222222222"
ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
DENY_S3 = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}'
WORLD = f"""
format = 1
title = "Named SCPs"
[[accounts]]
id = "{PROD}"
name = "production"
scps = ['{ALLOW_ALL}', '{DENY_S3}']
scp_names = ["FullAWSAccess", "Guardrails"]
[[accounts]]
id = "{DEV}"
scps = ['{ALLOW_ALL}']
"""


def engine_words(account: str) -> list[str]:
    """The names the engine gives the account's SCPs in its explanations."""
    attached = scps_for(build_world(load_scenario_text(WORLD, "t.toml")), account)
    assert attached is not None
    return [policy.label for policy in attached]


def tree_labels(node: TreeNode[NodeRef]) -> list[str]:
    return [node.label.plain, *(label for child in node.children for label in tree_labels(child))]


def test_the_engine_says_these_words() -> None:
    """The expected words below are the engine's own (docs/scenario-format.md, scp_names)."""
    assert engine_words(PROD) == ["SCP FullAWSAccess on account production (111111111111)",
                                  "SCP Guardrails on account production (111111111111)"]
    assert engine_words(DEV) == ["SCP 1 on account 222222222222"]


async def test_tree_detail_editor_and_delete_name_the_scp_as_the_engine_does() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(120, 40)) as pilot:
        labels = tree_labels(app.screen.query_one(Tree).root)
        assert "SCP FullAWSAccess" in labels and "SCP Guardrails" in labels, labels
        assert "SCP 1" in labels  # the unnamed one, by its place

        for account, index, words in ((PROD, 1, engine_words(PROD)[1]),
                                      (DEV, 0, engine_words(DEV)[0])):
            await select(app, pilot, NodeRef("scp", str(index), account))
            await pilot.pause()
            assert detail_lines(app)[0] == words
            await pilot.press("p")
            await pilot.pause()
            assert isinstance(app.screen, PolicyEditor)
            assert app.screen.heading == words
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal)
            assert app.screen.question.startswith(f"Delete {words}?")
            await pilot.press("n")
            await pilot.pause()


def names_of(app: RolesimApp, account: str) -> list[str] | None:
    spec = next(a for a in app.workspace.scenario.accounts if a.id == account)
    return spec.scp_names


async def test_r_renames_an_scp_and_the_engine_then_says_its_new_name() -> None:
    """Before, r did nothing on an SCP and no key could name one."""
    app = app_for(WORLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(app, pilot, NodeRef("scp", "1", PROD))
        await pilot.press("r")
        form = app.screen
        assert isinstance(form, ScpNameForm)
        assert form.heading == "Rename SCP Guardrails on account production (111111111111)"
        await pilot.press("ctrl+a", "ctrl+k", *"DenyS3", "ctrl+s")
        assert not isinstance(app.screen, ScpNameForm)
        assert names_of(app, PROD) == ["FullAWSAccess", "DenyS3"]
        world = build_world(app.workspace.scenario)
        attached = scps_for(world, PROD)
        assert attached is not None
        assert attached[1].label == "SCP DenyS3 on account production (111111111111)"
        assert "SCP DenyS3" in tree_labels(app.screen.query_one(Tree).root)

        # the unnamed SCP of the other account gets a name; names stay in order
        await select(app, pilot, NodeRef("scp", "0", DEV))
        await pilot.press("r", *"Everything", "ctrl+s")
        assert names_of(app, DEV) == ["Everything"]


async def test_an_empty_name_calls_the_scp_by_its_place_and_a_taken_name_is_refused() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(app, pilot, NodeRef("scp", "1", PROD))
        await pilot.press("r", "ctrl+a", "ctrl+k", *"fullawsaccess", "ctrl+s")
        form = app.screen
        assert isinstance(form, ScpNameForm), "two SCPs of one account share no name"
        assert "already called FullAWSAccess" in str(
            form.query_one("#scp-name-error").render())
        await pilot.press("ctrl+a", "ctrl+k", "ctrl+s")
        assert not isinstance(app.screen, ScpNameForm)
        assert names_of(app, PROD) == ["FullAWSAccess"]  # no trailing "": never more names
        assert "SCP 2" in tree_labels(app.screen.query_one(Tree).root)


async def test_a_new_scp_is_named_before_its_document_is_written() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(app, pilot, NodeRef("account", PROD, PROD))
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, ScpNameForm)
        assert form.query_one(Input).value == ""  # FullAWSAccess is taken here
        await pilot.press(*"DenyLeaving", "ctrl+s")
        editor = app.screen
        assert isinstance(editor, PolicyEditor)
        assert editor.heading == "New SCP DenyLeaving on account production (111111111111)"
        await pilot.press("ctrl+s")
        assert names_of(app, PROD) == ["FullAWSAccess", "Guardrails", "DenyLeaving"]
        await pilot.press("p", "escape")  # a name cancelled: no SCP
        spec = next(a for a in app.workspace.scenario.accounts if a.id == PROD)
        assert spec.scps is not None and len(spec.scps) == 3
