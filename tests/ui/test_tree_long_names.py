"""Long managed-policy names in the world tree still say which policy it is, at 120 and 80
columns: the note after the name goes first, then the path, then the middle of the name (its
start and its end kept); the detail pane says the name whole. Before, the right end was cut
(`AWSApplicationAutoscalingDynamoDBTablePoli`, `AWSSupportServiceRolePoli`)."""

from __future__ import annotations

import json

import pytest
from rich.text import Text
from test_builder_flows import select

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.entity_detail import EntityDetail
from rolesim.ui.world.world_tree import WorldTree, fit_label

AWS = "arn:aws:iam::aws:policy/"
LONG = [f"{AWS}aws-service-role/AWSSupportServiceRolePolicy",
        f"{AWS}service-role/AmazonEC2ContainerServiceforEC2Role",
        f"{AWS}aws-service-role/AWSApplicationAutoscalingDynamoDBTablePolicy"]
WORLD = f"""
format = 1
title = "long names"
[[accounts]]
id = "111111111111"
[[roles]]
arn = "arn:aws:iam::111111111111:role/SupportRole"
trust = '''{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS":
  "arn:aws:iam::111111111111:root"}}, "Action": "sts:AssumeRole"}}]}}'''
policies = {json.dumps(LONG)}
"""


def test_fit_label_drops_the_note_then_the_path_then_the_middle() -> None:
    label = Text("AWSSupportServiceRolePolicy")
    label.append("  AWS managed, read-only", style="italic dim")
    assert fit_label(label, 60).plain == label.plain  # it fits: untouched
    assert fit_label(label, 40).plain == "AWSSupportServiceRolePolicy"  # the note, whole
    assert fit_label(Text("/service-role/AmazonEC2ContainerServiceforEC2Role"), 40).plain == (
        "…/AmazonEC2ContainerServiceforEC2Role")
    short = fit_label(Text("AWSApplicationAutoscalingDynamoDBTablePolicy"), 25).plain
    assert len(short) == 25 and short.startswith("AWSApplicat") and short.endswith(
        "TablePolicy") and "…" in short
    inline = Text.assemble(("inline ", "dim"), "allow-assume-the-deploy-role-in-production")
    fitted = fit_label(inline, 24)
    assert fitted.plain.startswith("inline allow") and fitted.plain.endswith("duction")
    assert fitted.spans[0].style == "dim"  # "inline" stays dim


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_each_attached_policy_reads_whole_or_by_its_start_and_end(
        size: tuple[int, int]) -> None:
    from rolesim.ui.world.world_tree import NodeRef

    app = make_app(workspace=Workspace(load_scenario_text(WORLD, "w.toml"), None))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(WorldTree)
        lines = [tree.render_line(y).text.rstrip() for y in range(tree.size.height)]
        for arn in LONG:
            name = arn.rsplit("/", 1)[1]
            line = next((text for text in lines if name[:10] in text), "")
            shown = line.split("─ ", 1)[-1].removeprefix("…/")
            assert shown == name or (shown[:8] == name[:8] and shown.endswith(name[-8:])
                                     and "…" in shown), (name, line)
        assert tree.virtual_size.width <= tree.scrollable_content_region.width  # no sideways
        await select(app, pilot, NodeRef("policy", LONG[2], "aws"))
        await pilot.pause()
        detail = app.screen.query_one(EntityDetail)
        shown = "".join(detail.render_line(y).text.strip() for y in range(detail.size.height))
        assert "AWSApplicationAutoscalingDynamoDBTablePolicy" in shown
