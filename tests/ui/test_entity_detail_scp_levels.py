"""The account's detail pane names each organization level whose SCPs must allow (ORG-02):
the levels above the account come from the file's `scp_levels`, the account's own `scps` last."""

from __future__ import annotations

from rich.console import Console

from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.ui.world.entity_detail import describe
from rolesim.ui.world.world_tree import NodeRef

A = "111111111111"
ALLOW_ALL = ('{"Version": "2012-10-17", "Statement": '
             '[{"Effect": "Allow", "Action": "*", "Resource": "*"}]}')

WORLD = f"""
format = 1
title = "levels"
[[accounts]]
id = "{A}"
scps = ['{ALLOW_ALL}']
[[accounts.scp_levels]]
scps = ['{ALLOW_ALL}', '{ALLOW_ALL}']
[[accounts.scp_levels]]
name = "OU finance"
scps = ['{ALLOW_ALL}']
"""


def _shown(text: str) -> str:
    scenario = load_scenario_text(text)
    console = Console(width=100, record=True, color_system=None)
    console.print(describe(NodeRef("account", A, A), scenario, build_world(scenario), None))
    return console.export_text()


def test_org02_account_detail_lists_every_level_root_first() -> None:
    shown = _shown(WORLD)
    assert "Organization levels (each must allow, ORG-02)" in shown
    root, ou, own = (shown.index(line) for line in (
        "organization root: 2 SCPs", "OU finance: 1 SCP", "this account: 1 SCP"))
    assert root < ou < own


def test_org02_account_without_levels_shows_no_level_list() -> None:
    single = WORLD.split("[[accounts.scp_levels]]")[0]
    shown = _shown(single)
    assert "Service control policies: 1" in shown
    assert "Organization levels" not in shown
