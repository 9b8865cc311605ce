"""The world tree lists the SCPs attached above an account, level by level: in AWS those
must allow a request too (ORG-02), so a learner should see they are there."""

from __future__ import annotations

from test_tree_filter import labels

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.world_tree import WorldTree

FULL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
LEVELS = f"""format = 1
title = "scp levels"
[[accounts]]
id = "111111111111"
scps = ['{FULL}']
[[accounts.scp_levels]]
name = "root r-ab12"
scps = ['{FULL}']
[[accounts.scp_levels]]
name = "OU Workloads"
scps = ['{FULL}']
"""


async def test_org02_the_tree_shows_each_level_above_the_account() -> None:
    app = make_app(workspace=Workspace(load_scenario_text(LEVELS, "levels.toml")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        shown = labels(app.screen.query_one(WorldTree))
        start = shown.index("Service control policies (1)")
        assert shown[start + 1:start + 4] == ["SCP 1", "and 1 attached to the root r-ab12",
                                              "and 1 attached to the OU Workloads"]
