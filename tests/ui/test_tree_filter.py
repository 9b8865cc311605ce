"""The world tree's filter (issue 12): `/` opens it, typing narrows the tree to entities whose
ARN contains the text, Escape clears it; a big section lists a bounded number of entities."""

from __future__ import annotations

from textual.widgets import Input

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.world_tree import SHOWN_PER_SECTION, WorldTree, filter_entities

TRUST = ('{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},'
         '"Action":"sts:AssumeRole"}]}')


def world(roles: int) -> str:
    parts = ['format = 1\ntitle = "big"\n[[accounts]]\nid = "111111111111"\n']
    for i in range(roles):
        name = "deploy" if i == 7 else f"app-{i}"
        parts.append(f"[[roles]]\narn = \"arn:aws:iam::111111111111:role/{name}\"\n"
                     f"trust = '{TRUST}'\n")
    return "\n".join(parts)


def labels(tree: WorldTree) -> list[str]:
    out: list[str] = []
    stack = list(tree.root.children)
    while stack:
        node = stack.pop(0)
        out.append(str(node.label))
        stack[0:0] = list(node.children)
    return out


def test_filter_keeps_matching_entities_any_case() -> None:
    grouped = {"111111111111": {"role": ["arn:aws:iam::111111111111:role/Deploy",
                                         "arn:aws:iam::111111111111:role/app"]},
               "222222222222": {"user": ["arn:aws:iam::222222222222:user/x"]}}
    assert filter_entities(grouped, "deploy") == {
        "111111111111": {"role": ["arn:aws:iam::111111111111:role/Deploy"]}}
    assert filter_entities(grouped, "2222") == {
        "222222222222": {"user": ["arn:aws:iam::222222222222:user/x"]}}
    assert filter_entities(grouped, "  ") is grouped


async def test_slash_opens_the_filter_and_typing_narrows_the_tree() -> None:
    app = make_app(workspace=Workspace(load_scenario_text(world(300), "big.toml")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        tree = app.screen.query_one(WorldTree)
        shown = labels(tree)
        assert "Roles (300)" in shown
        assert sum(label.startswith("app-") or label == "deploy" for label in shown) == \
            SHOWN_PER_SECTION
        assert any(label.startswith(f"... {300 - SHOWN_PER_SECTION} more") for label in shown)
        box = app.screen.query_one("#tree-filter", Input)
        assert app.focused is tree and not box.display  # hidden until asked for
        await pilot.press("slash")
        await pilot.pause()
        assert box.has_focus and box.display
        for char in "deplo":
            await pilot.press(char)
        await pilot.pause()
        assert box.value == "deplo"
        assert [label for label in labels(tree) if "deploy" in label] == ["deploy"]
        assert "Roles (1)" in labels(tree)
        await pilot.press("escape")
        await pilot.pause()
        assert box.value == "" and not box.display
        assert "Roles (300)" in labels(tree)


async def test_the_filter_says_how_many_match_and_the_detail_follows_the_highlight() -> None:
    """The tree may be scrolled past every section heading, so its title counts what the
    filter found; the detail pane shows the entity highlighted once typing pauses."""
    from rolesim.ui.world.entity_detail import EntityDetail
    from rolesim.ui.world.world_builder import DETAIL_DELAY

    app = make_app(workspace=Workspace(load_scenario_text(world(300), "big.toml")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        tree = app.screen.query_one(WorldTree)
        assert not tree.border_title
        await pilot.press("slash")
        await pilot.pause()
        for char in "app-29":  # app-29 and app-290..299
            await pilot.press(char)
        await pilot.pause()
        assert tree.border_title == "11 of 300 match"
        await pilot.pause(DETAIL_DELAY + 0.3)
        detail = app.screen.query_one(EntityDetail)
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.key.endswith("role/app-29")
        assert "Role app-29" in "".join(seg.text for seg in detail.render_line(0))
        for char in "x":
            await pilot.press(char)
        await pilot.pause()
        assert tree.border_title == "nothing matches, of 300"
        assert not [label for label in labels(tree) if label.startswith("app-")]
        await pilot.press("escape")
        await pilot.pause()
        assert not tree.border_title and "Roles (300)" in labels(tree)
