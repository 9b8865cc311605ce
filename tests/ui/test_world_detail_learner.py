"""A learner in a lesson not yet finished does not read its answers on the World tab: the
detail of a user holds back "Who can become it" and "What it can become" (lesson 29 asks
whether dana can become OpsAdminRole by passing it to EC2, SVC-02); presenter mode (`m`)
shows them, as a trainer needs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from textual.widgets import Tree

from rolesim.ui.app import make_app
from rolesim.ui.world.entity_detail import EntityDetail
from rolesim.ui.world.world_builder import WorldBuilder

LESSON = Path("rolesim/lessons/29-passrole-ec2-escalation.toml")
DANA = "arn:aws:iam::111111111111:user/dana"


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _detail_text(app: Any) -> str:
    console = Console(width=110, record=True)
    console.print(app.screen.query_one(EntityDetail).content)
    return console.export_text()


async def _show_dana(pilot: Any) -> str:
    """Highlight dana in the world tree (as the arrow keys would), then read the detail."""
    app = pilot.app
    tree = app.screen.query_one(WorldBuilder).query_one(Tree)
    node = next(n for n in tree._tree_nodes.values()
                if getattr(n.data, "key", None) == DANA and getattr(n.data, "kind", "") == "user")
    tree.move_cursor(node)
    await _settle(pilot)
    return _detail_text(app)


async def test_a_learner_reads_no_paths_until_the_lesson_ends() -> None:
    app = make_app(LESSON)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await _settle(pilot)
        text = await _show_dana(pilot)
        assert "What it can become" not in text and "OpsAdminRole (passrole" not in text
        assert "held back in learner mode" in text
        assert "What it can do" in text  # her permissions are the material, not the answer
        await pilot.press("f3")
        await _settle(pilot)
        await pilot.press("m")  # presenter mode
        await pilot.press("f2")
        await _settle(pilot)
        text = await _show_dana(pilot)
        assert "What it can become" in text and "held back" not in text
