"""The world builder's "Who can become it, by any path" and "What it can become" (issue 15),
rendered from the core's paths_summary on lesson 09 (SVC-01/SVC-02: the launcher passes
WebServerRole to EC2, whose trust names ec2.amazonaws.com)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from rolesim.core.analysis.paths import paths_summary
from rolesim.core.clock import DEFAULT_START
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario
from rolesim.ui.world.entity_detail import describe
from rolesim.ui.world.world_tree import NodeRef

LESSON = Path("rolesim/lessons/09-ec2-instance-profile.toml")
A = "111111111111"
LAUNCHER = f"arn:aws:iam::{A}:user/launcher"
WEB = f"arn:aws:iam::{A}:role/app/WebServerRole"


def _text(kind: str, arn: str) -> str:
    scenario = load_scenario(LESSON)
    world = build_world(scenario)
    summary = paths_summary(world, arn, DEFAULT_START)
    ref = NodeRef(kind, arn, A)
    console = Console(width=100, record=True)
    console.print(describe(ref, scenario, world, None, "not needed here", summary))
    return console.export_text()


def test_role_shows_who_can_become_it_with_the_technique() -> None:
    text = _text("role", WEB)
    assert "Who can become it, by any path" in text
    assert "user/launcher → role/app/WebServerRole (passrole-ec2)" in text
    assert "What it can become" not in text  # only for users


def test_user_shows_what_it_can_become() -> None:
    text = _text("user", LAUNCHER)
    assert "What it can become" in text
    assert "role/ReportingRole" in text and "(assume-role)" in text
