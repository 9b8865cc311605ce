"""Authoring with real keys (issue 10): attach any AWS managed policy by typing part of its
name, AWS managed policies read-only, "Create what?" on an account, ARN fields that list the
world, expect and note first in step dialogs, the lesson's settings and its Lesson tab, and
select-all in the policy editor."""

from __future__ import annotations

from typing import Any

from test_builder_flows import select, type_text
from textual.widgets import Input, Markdown, OptionList, Select, TextArea

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.common.confirm import MessageModal
from rolesim.ui.common.kind_selector import KindSelector
from rolesim.ui.common.picker import PickerModal
from rolesim.ui.lesson.lesson_settings import LessonSettingsModal
from rolesim.ui.steps.step_dialog import StepDialog
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
UPDATE_APP = "arn:aws:iam::111111111111:role/UpdateApp"
ATTACHED = """
format = 1
title = "Attached"
[[accounts]]
id = "111111111111"
[[roles]]
arn = "arn:aws:iam::111111111111:role/Reader"
policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}'
"""  # noqa: E501


async def to_steps(app: RolesimApp, pilot: Any) -> None:
    await pilot.press("f3")
    for _ in range(20):
        await pilot.pause()
        if app.screen.query("#steps") and app.screen.focused is not None:
            return


async def test_attach_the_real_readonlyaccess_by_typing_part_of_its_name() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", UPDATE_APP, "111111111111"))
        await pilot.press("e", "ctrl+a")
        picker = app.screen
        assert isinstance(picker, PickerModal)
        await type_text(pilot, "readonly")
        assert picker.shown[0].value == READ_ONLY
        assert "ViewOnlyAccess" in [c.label for c in picker.shown]
        await pilot.press("enter")
        assert isinstance(app.screen, EntityForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        role = app.workspace.find("role", UPDATE_APP)
        assert READ_ONLY in role.policies
        assert READ_ONLY in app.workspace.world().policies  # AWS's document, not a copy
        assert not [p for p in app.workspace.scenario.policies if ":aws:policy/" in p.arn]


async def test_an_aws_managed_policy_opens_read_only_and_cannot_be_changed() -> None:
    app = make_app(workspace=Workspace(load_scenario_text(ATTACHED, "a.toml")))
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("policy", READ_ONLY, "aws"))
        await pilot.press("p")
        editor = app.screen
        assert isinstance(editor, PolicyEditor) and editor.read_only
        assert "ReadOnlyActionsGroup1" in editor.text  # the real document
        await pilot.press("escape")
        await pilot.press("e")
        assert isinstance(app.screen, MessageModal)
        assert "attach it" in app.screen.text
        await pilot.press("escape")
        assert not app.workspace.dirty


async def test_no_managed_policy_can_be_created_in_account_aws() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        await pilot.press("n", "p")
        form = app.screen
        assert isinstance(form, EntityForm) and form.kind == "policy"
        accounts = form.query_one("#account", Select)
        assert "aws" not in [value for _, value in accounts._options]


async def test_create_what_on_an_account_proposes_an_account_and_completes_its_id() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("account", "222222222222", "222222222222"))
        await pilot.press("n")
        form = app.screen  # one form: its first field is the kind, on "account" here
        assert isinstance(form, EntityForm) and form.kind == "account"
        assert form.focused is form.query_one(KindSelector)
        await pilot.press("enter", "3", "right", "ctrl+s")
        await pilot.pause()
        assert [a.id for a in app.workspace.scenario.accounts][-1] == "333333333333"
        assert not [r for r in app.workspace.scenario.roles if r.arn.endswith("333333333333")]


async def test_expect_and_note_come_first_in_every_step_dialog() -> None:
    app = make_app(mode="present")  # the tutorial is a lesson (learn mode): editing is off
    async with app.run_test(size=SIZE) as pilot:
        await to_steps(app, pilot)
        await pilot.press("a", "a")
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        rows = [row.id for row in dialog.query(".field")]
        assert rows[:3] == ["row-expect", "row-note", "row-role"]  # expect and note on top
        assert app.screen.focused is dialog.query_one("#field-role Input")  # the step's own
        await pilot.press("shift+tab")
        assert app.screen.focused is dialog.query_one("#field-note")
        await pilot.press("shift+tab")
        assert app.screen.focused is dialog.query_one("#field-expect")  # two keys away


async def test_ar18_role_field_lists_the_world_and_notes_a_missing_role() -> None:
    app = make_app(mode="present")  # the tutorial is a lesson (learn mode): editing is off
    async with app.run_test(size=SIZE) as pilot:
        await to_steps(app, pilot)
        await pilot.press("a", "a")  # the role field has the focus
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        await type_text(pilot, "upd")
        listed = dialog.query_one("#field-role .arn-options", OptionList)
        assert listed.display and "UpdateApp" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter")
        field = dialog.query_one("#field-role Input", Input)
        assert field.value == UPDATE_APP and isinstance(app.screen, StepDialog)
        field.value = "arn:aws:iam::111111111111:role/Gone"
        await pilot.pause()
        note = str(dialog.query_one("#field-role .arn-note").render())
        assert "no such role in this world" in note and "AccessDenied" in note


async def test_id02_sign_in_lists_each_root_with_its_account() -> None:
    app = make_app(mode="present")  # the tutorial is a lesson (learn mode): editing is off
    async with app.run_test(size=SIZE) as pilot:
        await to_steps(app, pilot)
        await pilot.press("a", "s", "down")
        listed = app.screen.query_one("#field-principal .arn-options", OptionList)
        prompts = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert any(p.startswith("root of 111111111111 (production)") for p in prompts)
        assert any(p.startswith("root of 222222222222 (development)") for p in prompts)


async def test_lesson_title_description_and_start_are_edited_and_shown() -> None:
    app = make_app(mode="present")  # the tutorial is a lesson: learner mode keeps it closed
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        shown = app.screen.query_one("#lesson-text", Markdown)
        assert "Example Corp" in shown.source  # the tutorial's own description
        await pilot.press("e")
        assert isinstance(app.screen, LessonSettingsModal)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Crossing accounts")
        await pilot.press("tab")
        app.screen.query_one("#lesson-description", TextArea).text = "# Why\n\nBoth sides."
        await pilot.press("tab")
        await type_text(pilot, "nonsense")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, LessonSettingsModal), "a bad start time is refused"
        app.screen.query_one("#lesson-start", Input).value = "2026-03-01T08:00:00Z"
        await pilot.press("ctrl+s")
        await pilot.pause()
        scenario = app.workspace.scenario
        assert (scenario.title, scenario.description) == ("Crossing accounts",
                                                          "# Why\n\nBoth sides.")
        assert scenario.start is not None and scenario.start.month == 3
        assert app.workspace.dirty and app.title == "Crossing accounts"
        assert app.screen.query_one("#lesson-text", Markdown).source == "# Why\n\nBoth sides."


async def test_a_scenario_file_with_a_description_opens_on_its_lesson(tmp_path: Any) -> None:
    path = tmp_path / "l.toml"
    path.write_text('format = 1\ntitle = "L"\ndescription = "Read **me** first."\n')
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(10):
            await pilot.pause()
        assert app.screen.active_tab == "lesson"  # type: ignore[attr-defined]


async def test_ctrl_a_selects_the_whole_policy_in_the_editor() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", UPDATE_APP, "111111111111"))
        await pilot.press("t", "ctrl+a")
        area = app.screen.query_one("#document", TextArea)
        assert area.selected_text == area.text
        await pilot.press("delete")
        assert area.text == ""


async def test_a_learner_gets_the_key_ideas_only_when_the_lesson_is_over() -> None:
    """The tutorial opens in learner mode. Its key ideas answer the questions the learner is
    about to predict (e.g. "an explicit Deny refuses even when everything else allows"), so
    the Lesson tab holds them back; presenter mode (m) and the closing screen show them."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        shown = app.screen.query_one("#lesson-text", Markdown)
        assert "What to watch" in shown.source
        assert "Key ideas" not in shown.source
        assert "Deny refuses" not in shown.source
        assert "key ideas are shown when you finish" in shown.source
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("m")  # presenter mode: everything shown
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        shown = app.screen.query_one("#lesson-text", Markdown)
        assert "## Key ideas" in shown.source and "Deny refuses" in shown.source
