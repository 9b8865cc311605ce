"""What the World tab's detail pane says: at 80x24 a long ARN breaks after a `:` or `/`, never
inside a name or an account ID (an account ID cut in two reads as another account, ID-01); an
AWS managed policy shows no empty "Description:" line."""
# ruff: noqa: E501  (TOML fixtures keep one entity per line)

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from test_builder_flows import app_for, select
from textual.geometry import Region

from rolesim.ui.app import RolesimApp
from rolesim.ui.common.line_breaks import BreakingText
from rolesim.ui.world.entity_detail import EntityDetail
from rolesim.ui.world.world_tree import NodeRef

ROLE_NAME = "OrganizationAccountAccessRole"
ROLE = f"arn:aws:iam::111111111111:role/{ROLE_NAME}"
GROUP = "arn:aws:iam::111111111111:group/PlatformEngineeringOperators"
USER = "arn:aws:iam::111111111111:user/alice"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
WORLD = f"""
format = 1
title = "Long ARNs"
[[accounts]]
id = "111111111111"
[[groups]]
arn = "{GROUP}"
[[users]]
arn = "{USER}"
groups = ["{GROUP}"]
policies = ["{ADMIN}"]
[[roles]]
arn = "{ROLE}"
trust = {{ Version = "2012-10-17", Statement = [ {{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::111111111111:root" }}, Action = "sts:AssumeRole" }} ] }}
"""


def detail_lines(app: RolesimApp) -> list[str]:
    detail = app.screen.query_one(EntityDetail)
    width, height = detail.size
    return [strip.text.rstrip() for strip in detail.render_lines(Region(0, 0, width, height))]


async def test_a_long_arn_breaks_after_a_slash_at_80x24() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(app, pilot, NodeRef("role", ROLE, "111111111111"))
        await pilot.pause()
        lines = detail_lines(app)
        assert app.screen.query_one(EntityDetail).size.width < len(ROLE) + 5  # it must wrap
        assert "arn:aws:iam::111111111111:role/" in lines, lines
        assert ROLE_NAME in lines, lines  # the name whole, on the next line


async def test_an_arn_in_a_bullet_breaks_after_a_slash_too() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(app, pilot, NodeRef("user", USER, "111111111111"))
        await pilot.pause()
        lines = detail_lines(app)
        assert any(line.endswith("arn:aws:iam::111111111111:group/") for line in lines), lines
        assert any(line.strip() == "PlatformEngineeringOperators" for line in lines), lines


def test_words_that_fit_wrap_as_rich_wraps_them() -> None:
    text = Text("Description: Created by Organizations in every member account it creates")
    console = Console(width=30, record=True)
    console.print(text)
    rich_lines = console.export_text()
    console = Console(width=30, record=True)
    console.print(BreakingText(text))
    assert console.export_text() == rich_lines




async def test_an_aws_managed_policy_says_its_version_and_no_empty_description() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(app, pilot, NodeRef("policy", ADMIN, "aws"))
        await pilot.pause()
        lines = detail_lines(app)
        assert lines[0] == "AWS managed policy AdministratorAccess"
        assert not any(line.startswith("Description") for line in lines), lines
        # AdministratorAccess has had one version since AWS published it in 2015
        assert "Default version: v1, updated 2015-02-06" in lines, lines
