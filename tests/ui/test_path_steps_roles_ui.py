"""`s` on a role in the world builder: a path that starts at the role becomes steps that first
become the role (Mallory may assume Weak: TP-09, her identity allow and Weak's trust naming
the account), and they replay with every expectation met; a role nobody in the world can
become (its trust names only another account, TP-01) is said in the dialog, and nothing is
added."""

from __future__ import annotations

from path_steps_fixture import ADMIN, ESCALATION, MALLORY, START, WEAK
from test_builder_flows import select
from test_entity_detail_can_do import settle
from textual.widgets import OptionList, Static

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.path_steps_modal import PathStepsModal
from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)
A = "111111111111"
ORPHAN = f"arn:aws:iam::{A}:role/Orphan"
WITH_ORPHAN = ESCALATION + f"""
[[roles]]
arn = "{ORPHAN}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::999999999999:root" }}, Action = "sts:AssumeRole" }}] }}
inline.keys = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "{MALLORY}" }}] }}
"""  # noqa: E501


def _app(text: str = WITH_ORPHAN):  # type: ignore[no-untyped-def]
    return make_app(workspace=Workspace(load_scenario_text(text, "escalation.toml")),
                    clock_start=START)


async def _paths_of(app, pilot, role: str):  # type: ignore[no-untyped-def]
    """`s` on the role in the builder: the steps before, the dialog and its path labels."""
    await settle(app, pilot)
    await select(app, pilot, NodeRef("role", role, A))
    await settle(app, pilot)
    before = len(app.workspace.steps)
    await pilot.press("s")
    await app.workers.wait_for_complete()  # what the role can become, worked out in a thread
    await pilot.pause()
    modal = app.screen
    assert isinstance(modal, PathStepsModal)
    return before, modal, [str(o.prompt) for o in modal.query_one(OptionList).options]


async def test_a_role_path_becomes_steps_that_first_become_the_role() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        before, modal, labels = await _paths_of(app, pilot, WEAK)
        index = labels.index("role/Weak → role/Admin (assume-role), admin-equivalent")
        modal.query_one(OptionList).highlighted = index
        await pilot.pause()
        preview = str(modal.query_one("#path-steps-preview", Static).render())
        assert "Sign in as user/mallory, who can become role/Weak" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PathStepsModal)
        added = app.workspace.steps[before:]
        assert [s.do for s in added] == ["sign-in", "assume-role", "assume-role", "call"]
        assert getattr(added[0], "principal", None) == MALLORY
        assert [getattr(s, "role", None) for s in added[1:3]] == [WEAK, ADMIN]
        replay = app.workspace.replay()
        assert replay.passed and all(r.met for r in replay.results[before:])


async def test_a_role_nobody_can_become_is_said_and_nothing_is_added() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        before, modal, labels = await _paths_of(app, pilot, ORPHAN)
        assert labels and labels[0].startswith("role/Orphan → user/mallory")
        preview = str(modal.query_one("#path-steps-preview", Static).render())
        assert "nobody in this world can become role/Orphan" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PathStepsModal)  # nothing to add: the dialog stays
        assert any("nobody in this world can become role/Orphan" in n.message
                   for n in app._notifications)
        assert len(app.workspace.steps) == before


DEV, OPS = f"arn:aws:iam::{A}:role/dev", f"arn:aws:iam::{A}:role/ops"
GIVEN_BY_ANOTHER = f"""
format = 1
title = "a role made admin by another it can become"
[[accounts]]
id = "{A}"
name = "one"
[[roles]]
arn = "{DEV}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{A}:root" }}, Action = "sts:AssumeRole" }}] }}
inline.hop = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "{OPS}" }}] }}
[[roles]]
arn = "{OPS}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{A}:root" }}, Action = "sts:AssumeRole" }}] }}
inline.give = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "iam:PutRolePolicy", Resource = "{DEV}" }}] }}
"""  # noqa: E501


async def test_a_change_made_by_another_principal_names_it() -> None:
    """dev may assume ops (TP-09: ops trusts the account, dev's policy allows it), and ops
    may put a policy on dev: dev ends admin-equivalent by ops's hand. The label said
    `role/dev → role/dev (put-role-policy)`, a loop that hid who makes the change."""
    app = _app(GIVEN_BY_ANOTHER)
    async with app.run_test(size=SIZE) as pilot:
        _before, _modal, labels = await _paths_of(app, pilot, DEV)
        assert ("role/dev → role/ops gives role/dev any permission (put-role-policy), "
                "admin-equivalent") in labels
        assert not any("role/dev → role/dev" in label for label in labels)
