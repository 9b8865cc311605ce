"""Nothing typed is lost when ctrl+s (or Escape, F4, F6) comes right behind it.

A terminal delivers a fast typist's keys in one burst. The forms' ctrl+s is a priority key:
the app handles it as it arrives, while the keys before it still wait in the focused field's
queue. The save then read the field without its last characters (seen in tmux: a burst of a
user's name and ctrl+s said "Fix the fields marked above" on a name it had not read yet).
`burst` sends keys as a terminal does: all at once, no pause between them (Pilot.press waits
for the app to be idle after every key, which hides the race)."""

from __future__ import annotations

from typing import Any

from test_builder_flows import app_for, select
from textual import events
from textual.widgets import Input

from rolesim.ui.app import RolesimApp
from rolesim.ui.common.confirm import DiscardChangesModal
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.template_picker import TemplatePicker
from rolesim.ui.world.world_tree import NodeRef

ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Deployer"
TRUST = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
         '{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}')
WORLD = f"""
format = 1
title = "typing fast"
[[accounts]]
id = "{ACCOUNT}"
[[roles]]
arn = "{ROLE}"
trust = '{TRUST}'
"""
SIZE = (80, 24)


async def burst(app: RolesimApp, pilot: Any, *keys: str) -> None:
    """Send `keys` as one burst, like a terminal, then let the app handle them all."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(5):
        await pilot.pause()


async def test_a_name_typed_fast_then_ctrl_s_is_saved_whole() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("account", ACCOUNT, ACCOUNT))
        await pilot.press("n", "u")
        assert isinstance(app.screen, EntityForm)
        await burst(app, pilot, *"alicebobcarol", "ctrl+s")
        assert not isinstance(app.screen, EntityForm), app.screen.query_one("#form-error")
        users = [user.arn for user in app.workspace.scenario.users]
        assert users == [f"arn:aws:iam::{ACCOUNT}:user/alicebobcarol"]


async def test_a_policy_typed_fast_then_ctrl_s_is_applied_whole() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", ROLE, ACCOUNT))
        await pilot.press("t")
        editor = app.screen
        assert isinstance(editor, PolicyEditor)
        # ctrl+a (select all) then a new document typed over it: EC2 may assume the role
        await burst(app, pilot, "ctrl+a", *'{"Version": "2012-10-17", "Statement": [{"Effect": '
                    '"Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": '
                    '"sts:AssumeRole"}]}', "ctrl+s")
        assert not isinstance(app.screen, PolicyEditor), editor.problems
        (role,) = app.workspace.scenario.roles
        assert "ec2.amazonaws.com" in str(role.trust)


async def test_escape_right_after_typing_asks_before_discarding() -> None:
    """The editor's Escape is a priority key too: it found the document unchanged and closed
    without asking, the text typed just before it lost."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", ROLE, ACCOUNT))
        await pilot.press("t")
        assert isinstance(app.screen, PolicyEditor)
        await burst(app, pilot, *"  ", "escape")
        assert isinstance(app.screen, DiscardChangesModal)


async def test_an_inline_policy_name_typed_fast_then_ctrl_s_keeps_every_letter() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", ROLE, ACCOUNT))
        await pilot.press("p")
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        field = picker.query_one("#policy-name", Input)
        field.value = ""
        await burst(app, pilot, *"ReadLogs", "ctrl+s")
        assert not isinstance(app.screen, TemplatePicker), picker.query_one("#policy-name-error")
        assert isinstance(app.screen, PolicyEditor)
        assert app.screen.heading == "New inline policy ReadLogs of Deployer"


async def test_keys_typed_right_after_tab_go_to_the_next_field() -> None:
    """Seen in tmux: `Tab prod` typed fast in a new account put "prod" in the account ID (the
    Tab waited its turn behind the field's keys) and the form was refused."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("account", ACCOUNT, ACCOUNT))
        await pilot.press("n", "a")
        form = app.screen
        assert isinstance(form, EntityForm)
        await burst(app, pilot, *"222222222222", "tab", *"prod", "ctrl+s")
        assert not isinstance(app.screen, EntityForm), form.query_one("#id-error").render()
        created = [(a.id, a.name) for a in app.workspace.scenario.accounts]
        assert created == [(ACCOUNT, ""), ("222222222222", "prod")]


async def test_tab_still_indents_a_policy_document() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", ROLE, ACCOUNT))
        await pilot.press("t")
        editor = app.screen
        assert isinstance(editor, PolicyEditor)
        before = editor.text
        await burst(app, pilot, "tab")
        assert editor.focused is editor.query_one("#document")
        assert editor.text != before  # the Tab went into the document, not to the next field
