"""What a trainer met building a small cross-account lesson from an empty file at 80x24.

Each test is a step of that walk that was confusing: the new-entity form did not say which
account the role would go to (its Account field scrolls out of sight at 80x24, the form opens
on the name), the "AWS managed policies" node said "This entity no longer exists", and the
lesson form's description label was cut at the dialog's edge."""

from __future__ import annotations

from typing import Any

import pytest
from test_builder_flows import app_for, select
from test_world_detail_text import detail_lines
from textual.widgets import Label, Select

from rolesim.ui.app import RolesimApp
from rolesim.ui.lesson.lesson_settings import LessonSettingsModal
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.world_tree import NodeRef

DEV, PROD = "111111111111", "222222222222"
WORLD = f"""
format = 1
title = "walk"
[[accounts]]
id = "{DEV}"
[[accounts]]
id = "{PROD}"
name = "production"
[[users]]
arn = "arn:aws:iam::{DEV}:user/alice"
boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
"""
SIZE = (80, 24)


def title_of(form: EntityForm) -> str:
    return str(form.query_one(".dialog-title", Label).render())


async def new_form(app: RolesimApp, pilot: Any, *keys: str) -> EntityForm:
    """`keys` pressed on the production account: the new-entity form they open."""
    await select(app, pilot, NodeRef("account", PROD, PROD))
    await pilot.press(*keys)
    form = app.screen
    assert isinstance(form, EntityForm)
    return form


async def test_the_new_role_form_names_the_account_it_goes_to() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_form(app, pilot, "n", "r")
        assert form.kind == "role"
        assert title_of(form) == f"New role in account {PROD} (production)"


async def test_the_title_follows_the_account_chosen_in_the_form() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_form(app, pilot, "n", "u")
        form.query_one("#account", Select).value = DEV
        await pilot.pause()
        assert title_of(form) == f"New user in account {DEV}"
        await pilot.press(*"bob", "ctrl+s")
        assert f"arn:aws:iam::{DEV}:user/bob" in [u.arn for u in app.workspace.scenario.users]


async def test_a_new_account_form_names_no_account() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_form(app, pilot, "n")
        assert form.kind == "account"
        assert title_of(form) == "New account"


async def test_the_aws_managed_policies_node_says_what_it_holds() -> None:
    """A node for AWS's own policies (the boundary PowerUserAccess): it exists, AWS owns it."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("account", "aws", "aws"))
        await pilot.pause()
        text = " ".join(detail_lines(app))
        assert "no longer exists" not in text
        assert "AWS managed policies" in text and "read-only" in text, text


async def test_the_lesson_description_label_is_read_whole_at_80_columns() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", "e")
        form = app.screen
        assert isinstance(form, LessonSettingsModal)
        (label,) = [found for found in form.query(Label)
                    if str(found.render()).startswith("Description")]
        fields = form.query_one("#fields")
        assert "Lesson tab" in str(label.render())
        assert label.region.right <= fields.content_region.right, (label.region, fields.region)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_lesson_form_opens_with_its_title_label_in_sight(size: tuple[int, int]) -> None:
    """At 120x40 the fields are one line taller than the form: it opened scrolled down by
    that line, the "Title" label hidden above the title field."""
    app = app_for(WORLD)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f4", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LessonSettingsModal)
        fields = form.query_one("#fields")
        label = next(found for found in form.query(Label) if str(found.render()) == "Title")
        assert fields.scroll_y == 0
        assert fields.content_region.contains_region(label.region), (label.region, fields.region)
        assert form.focused is form.query_one("#lesson-title")
