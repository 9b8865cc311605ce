"""Effective permissions never drop an allowed action: an action a policy allows by name, or by
a pattern, that the catalogue does not list is shown as "not in the catalogue (data version
...)" in the world builder's "What it can do" and in the inspector's Permissions tab.

An identity policy's Allow allows the actions it names (EV-02 step 5), matched as text (PL-05),
whether or not the catalogue (a dated copy of AWS's reference) lists them yet."""
# ruff: noqa: E501  (TOML fixtures keep one entity per line)

from __future__ import annotations

from test_builder_flows import select
from test_entity_detail_can_do import settle, shown
from test_stepper_fixtures import START, open_scenario_tab, plain
from textual.widgets import DataTable

from rolesim.core.catalog import get_catalog
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.world.world_builder import WorldBuilder
from rolesim.ui.world.world_tree import NodeRef

A = "111111111111"
ROLE = f"arn:aws:iam::{A}:role/Tinkerer"
SCENARIO = f"""
format = 1
title = "Uncatalogued actions"
start = 2026-01-01T09:00:00Z

[[roles]]
arn = "{ROLE}"
trust = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:root"}}, "Action": "sts:AssumeRole"}}]}}'
inline.mixed = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": ["madeup:DoThing", "newsvc:Get*", "s3:GetObject"], "Resource": "*"}}]}}'

[[users]]
arn = "arn:aws:iam::{A}:user/ann"
inline.assume = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "{ROLE}"}}]}}'

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::{A}:user/ann"

[[steps]]
do = "assume-role"
role = "{ROLE}"
session_name = "ann"
"""


def app_for(text: str = SCENARIO) -> RolesimApp:
    workspace = Workspace(load_scenario_text(text, "uncatalogued.toml"), None)
    return make_app(workspace=workspace, clock_start=START)


def test_the_names_are_really_missing_from_the_catalogue() -> None:
    catalog = get_catalog()
    assert catalog.action("madeup:DoThing") is None
    assert catalog.service("newsvc") is None and catalog.expand("newsvc:Get*") == []


async def test_what_it_can_do_names_the_uncatalogued_actions() -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await select(app, pilot, NodeRef("role", ROLE, A))
        await settle(app, pilot)
        app.screen.query_one(WorldBuilder).query_one("#detail-scroll").styles.height = 200
        await pilot.pause()
        text = shown(app)
    can_do = text.split("What it can do", 1)[1].split("What limits take away", 1)[0]
    words = " ".join(can_do.split())
    version = get_catalog().data_version
    assert (f"Also allowed, not in the catalogue (data version {version}): "
            "madeup:DoThing, newsvc:Get*") in words
    assert "on any resource: GetObject" in words  # the catalogued one as before


async def test_inspector_permissions_tab_lists_them_as_rows() -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "4")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#permissions-table", DataTable)
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        title = plain(app.screen.query_one("#permissions-title").content, width=200)
    label = f"not in the catalogue (data version {get_catalog().data_version})"
    assert ("madeup:DoThing", "1", "not in the catalogue") in rows
    assert ("newsvc:Get*", "1", "not in the catalogue") in rows
    assert {r[0] for r in rows} >= {"s3", "sts"}
    assert f"and 2 {label}" in title
