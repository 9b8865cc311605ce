"""The world builder's "replay a path as steps" command (issue 15), driven with real keys: the
chosen path's steps go to the end of the scenario through the Workspace, and they replay with
every expectation met (TP-09: Mallory's identity allow and Weak's trust; TP-01: Admin's trust
names Weak; CH-01: a role session may assume another role)."""

from __future__ import annotations

from path_steps_fixture import ADMIN, MALLORY, WEAK, escalation_app
from test_builder_flows import select
from test_entity_detail_can_do import settle
from textual.widgets import OptionList, Static

from rolesim.ui.commands import REGISTRY
from rolesim.ui.world.path_steps_modal import PathStepsModal
from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)


def test_the_command_is_registered_with_a_key() -> None:
    command = REGISTRY["world.path_steps"]
    assert command.scope == "world" and command.key == "s"
    assert command.title.startswith("world: ")


async def test_replay_a_path_appends_its_steps_and_they_replay() -> None:
    app = escalation_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, NodeRef("user", MALLORY, "111111111111"))
        await settle(app, pilot)
        before = len(app.workspace.steps)
        await pilot.press("s")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PathStepsModal)
        labels = [str(o.prompt) for o in modal.query_one(OptionList).options]
        assert labels[0].startswith("user/mallory → role/Weak (assume-role)")
        admin = next(i for i, label in enumerate(labels) if "role/Admin" in label)
        modal.query_one(OptionList).highlighted = admin
        await pilot.pause()
        preview = str(modal.query_one("#path-steps-preview", Static).render())
        assert "sign-in" in preview and "assume-role" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PathStepsModal)
        added = app.workspace.steps[before:]
        assert [s.do for s in added] == ["sign-in", "assume-role", "assume-role", "call"]
        assert [getattr(s, "role", None) for s in added[1:3]] == [WEAK, ADMIN]
        assert app.workspace.dirty
        replay = app.workspace.replay()
        assert replay.passed and all(r.met for r in replay.results[before:])


async def test_a_group_selected_says_what_to_select() -> None:
    app = escalation_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, PathStepsModal)
        assert any("Select a user or role" in n.message for n in app._notifications)
