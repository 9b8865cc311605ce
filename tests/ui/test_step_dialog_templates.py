"""F6 in a step's policy field starts it from the template gallery, as in the policy editor:
the update-trust step's trust policy from the trust gallery (blanks filled from the world and
from the step's role), one edit that ctrl+z takes back. Pressed with real keys."""

from __future__ import annotations

import json

from test_stepper_dialogs import Host
from textual.widgets import Input, Static, TextArea

from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.model import Scenario, UpdateTrustStep
from rolesim.ui.steps.step_dialog import StepDialog
from rolesim.ui.world.template_picker import TemplatePicker

A, B = "111111111111", "222222222222"
ROLE = f"arn:aws:iam::{A}:role/Deploy"
OLD_TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:user/sam"},
    "Action": "sts:AssumeRole"}]}
WORLD = f"""
format = 1
title = "templates"
[[accounts]]
id = "{A}"
[[accounts]]
id = "{B}"
[[users]]
arn = "arn:aws:iam::{A}:user/sam"
[[roles]]
arn = "{ROLE}"
trust = '{json.dumps(OLD_TRUST)}'
"""


def _dialog() -> tuple[Scenario, StepDialog]:
    scenario = load_scenario_text(WORLD)
    step = {"do": "update-trust", "role": ROLE, "trust": json.dumps(OLD_TRUST)}
    return scenario, StepDialog("update-trust", step, world=build_world(scenario), index=0,
                                scenario=scenario)


async def test_f6_in_the_trust_field_fills_it_from_the_trust_gallery() -> None:
    """The gallery starts on "another account" (the world has one, B): its principal is B's
    root, which lets B's administrators delegate the role (TP-02)."""
    _, dialog = _dialog()
    app = Host(dialog)
    async with app.run_test(size=(120, 40)) as pilot:
        area = dialog.query_one("#field-trust", TextArea)
        area.focus()
        await pilot.press("f6")
        await pilot.pause()
        picker: object = app.screen
        assert isinstance(picker, TemplatePicker)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        statement = json.loads(area.text)["Statement"][0]
        assert statement["Principal"] == {"AWS": f"arn:aws:iam::{B}:root"}
        assert statement["Action"] == "sts:AssumeRole"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert json.loads(area.text) == OLD_TRUST
        await pilot.press("ctrl+y")  # redo: the template again, then save the step
        await pilot.press("ctrl+s")
        await pilot.pause()
    (step,) = app.returned
    assert isinstance(step, UpdateTrustStep)
    assert f"arn:aws:iam::{B}:root" in json.dumps(step.trust)


async def test_f6_outside_a_policy_field_opens_nothing() -> None:
    _, dialog = _dialog()
    app = Host(dialog)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog.query_one("#field-role").query("Input").first().focus()
        await pilot.press("f6")
        await pilot.pause()
        assert app.screen is dialog


async def test_the_hint_names_f6_only_where_a_gallery_applies() -> None:
    _, dialog = _dialog()
    app = Host(dialog)
    async with app.run_test(size=(120, 40)):
        hints = [str(hint.render()) for hint in dialog.query(".hint").results(Static)]
        assert sum("F6: start from a template" in hint for hint in hints) == 1


async def test_a_call_on_a_role_of_the_world_is_not_called_missing() -> None:
    """iam:UpdateAssumeRolePolicy names a role as its resource: the resource picker offers the
    world's roles (and users, groups, policies, functions) and does not call it unknown; an
    ARN the world lacks still gets the note."""
    scenario = load_scenario_text(WORLD)
    step = {"do": "call", "action": "iam:UpdateAssumeRolePolicy", "resource": ROLE}
    dialog = StepDialog("call", step, world=build_world(scenario), index=0, scenario=scenario)
    app = Host(dialog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        note = dialog.query_one("#field-resource .arn-note", Static)
        assert not note.display
        field = dialog.query_one("#field-resource").query("Input").first(Input)
        field.value = f"arn:aws:iam::{A}:role/Nope"
        await pilot.pause()
        assert note.display and "treated as a resource without" in str(note.render())


async def test_an_object_of_a_listed_bucket_is_not_called_missing() -> None:
    """A bucket policy governs the bucket's objects, so an object ARN under a listed bucket
    gets no "treated as a resource without a resource-based policy" note."""
    bucket = '''
[[resources]]
arn = "arn:aws:s3:::reports"
account = "111111111111"
policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}'
'''  # noqa: E501
    scenario = load_scenario_text(WORLD + bucket)
    step = {"do": "call", "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv"}
    dialog = StepDialog("call", step, world=build_world(scenario), index=0, scenario=scenario)
    app = Host(dialog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not dialog.query_one("#field-resource .arn-note", Static).display


async def test_an_edited_step_can_change_kind_and_come_back() -> None:
    """Editing a call: its kind is the first field; a letter picks another kind (its fields
    shown), the call's letter brings the call back as it was, and saving keeps it."""
    from rolesim.scenario.model import CallStep
    from rolesim.ui.common.kind_selector import KindSelector

    scenario = load_scenario_text(WORLD)
    step = {"do": "call", "action": "iam:UpdateAssumeRolePolicy", "resource": ROLE}
    dialog = StepDialog("call", step, world=build_world(scenario), index=0, scenario=scenario,
                        choose_kind=True)
    app = Host(dialog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not isinstance(app.focused, KindSelector)  # an edit opens on its parameters
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert isinstance(app.focused, KindSelector)
        await pilot.press("a")
        await pilot.pause()
        assert dialog.kind == "assume-role" and dialog.query("#field-session_name")
        dialog.query_one(KindSelector).focus()
        await pilot.press("c")
        await pilot.pause()
        assert dialog.query_one("#field-action", Input).value == "iam:UpdateAssumeRolePolicy"
        await pilot.press("ctrl+s")
        await pilot.pause()
    (saved,) = app.returned
    assert isinstance(saved, CallStep)
    assert (saved.action, saved.resource) == ("iam:UpdateAssumeRolePolicy", ROLE)
