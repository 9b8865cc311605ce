"""What keeps the inspector fast after a step (benchmarks/bench_inspector.py) without showing
anything stale or cropped: only the open tab is rendered, a hidden tab is brought up to date as
it is opened (before the frame that shows it), unchanged text is left alone, a same-height
change is repainted without a relayout, and the native grid reads exactly as the Rich grid it
replaced.

Expected text comes from the fixture scenario and the fact sheet: the session after step 2 is
alice's Deploy session in prod (ID-03); step 3 is a call, which starts no session.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.table import Table
from rich.text import Text
from test_stepper_fixtures import cross_account_app, open_scenario_tab, plain
from textual.app import App, ComposeResult
from textual.widgets import Static

from rolesim.ui.inspector.inspector import Inspector, InspectorScroll, InspectorText, put
from rolesim.ui.inspector.inspector_grid import Grid, Section, content, same

DEPLOY = "assumed-role/Deploy/alice in prod"


def _shown(app: Any, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).content)


async def test_hidden_tab_is_rendered_as_it_opens_not_after_the_frame() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n")  # Identity is open: Chain is not rendered for step 2
        inspector = app.screen.query_one(Inspector)
        assert inspector.active_tab == "identity"
        assert DEPLOY not in _shown(app, "#chain")
        inspector.open_tab("chain")  # no await: nothing has been painted yet
        assert DEPLOY in _shown(app, "#chain")
        assert "user/alice in dev" in _shown(app, "#chain")


async def test_clicking_a_tab_renders_it_too() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n")
        await pilot.click("#--content-tab-tab-tags")
        assert app.screen.query_one(Inspector).active_tab == "tags"
        title = _shown(app, "#tags-title")
        assert "Principal tags" in title  # TAG-09: Deploy's role tag team=ops


async def test_why_follows_the_selected_step_while_open() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "n", "5")
        assert "Step 3 · call" in _shown(app, "#why")
        await pilot.press("n")  # CH-02: more than an hour on a chained hop
        assert "ValidationError" in _shown(app, "#why")


async def test_selecting_another_step_keeps_the_permissions_shown() -> None:
    """Why follows the highlighted step; the permissions belong to the session after the
    current step, so moving the cursor must not start their analysis again."""
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "4")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Effective permissions" in _shown(app, "#permissions-title")
        inspector = app.screen.query_one(Inspector)
        started: list[object] = []
        inspector._compute_permissions = started.append  # type: ignore[method-assign,assignment]
        await pilot.press("up")  # highlight step 1: Why would now explain the sign-in
        await pilot.pause()
        assert inspector.state.result.index == 0
        assert started == []
        assert "Effective permissions" in _shown(app, "#permissions-title")
        assert "gained: 1 action in 1 service" in _shown(app, "#given-up")


async def test_no_session_says_nothing_is_allowed() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("4")
        assert "No session: nothing is allowed." in _shown(app, "#permissions-title")


async def test_a_step_that_changes_nothing_leaves_the_identity_widgets_alone() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n")
        before = {name: app.screen.query_one(f"#{name}", Static).visual
                  for name in ("whoami", "expiry", "details")}
        summary = app.screen.query_one("#inspector-summary", Static).visual
        await pilot.press("n")  # a call: the same session, the same clock
        for name, visual in before.items():
            assert app.screen.query_one(f"#{name}", Static).visual is visual
        assert app.screen.query_one("#inspector-summary", Static).visual is not summary
        assert "after step 3" in _shown(app, "#inspector-summary")


async def test_a_grown_section_is_not_cropped_without_the_second_layout() -> None:
    """QuietResize skips Textual's second layout; the first must already size everything."""
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("2", "n", "n", "n", "n", "n")  # the chain grows to three sessions
        await pilot.pause()
        chain = app.screen.query_one("#chain", Static)
        styles: Any = chain.styles
        assert chain.size.height == chain.visual.get_height(styles, chain.size.width)
        rendered = "\n".join(strip.text for strip in chain.render_lines(
            chain.region.reset_offset))
        assert "assumed-role/Audit/audit in prod" in rendered
        assert "chained" in rendered


class _Puts(App[None]):
    def compose(self) -> ComposeResult:
        with InspectorScroll():
            yield InspectorText(Section("one line"), id="text")


async def test_put_skips_same_text_and_repaints_same_height_without_layout() -> None:
    app = _Puts()
    async with app.run_test(size=(40, 10)) as pilot:
        static = app.query_one("#text", Static)
        calls: list[bool] = []
        update = static.update

        def spy(visual: Any = "", *, layout: bool = True) -> None:
            calls.append(layout)
            update(visual, layout=layout)

        static.update = spy  # type: ignore[method-assign,assignment]
        put(static, Section("one line"))
        assert calls == []  # the same text and styles: nothing to do
        put(static, Section(Text("one line", style="bold")))
        assert calls == [False]  # new style, one line as before: a repaint
        await pilot.pause()
        put(static, Section("two\nlines"))
        assert calls == [False, True]  # taller: the screen must be laid out again
        await pilot.pause()
        assert static.size.height == 2


def _rich_grid(rows: list[tuple[Text | str, Text | str]], gap: int) -> Table:
    table = Table.grid(padding=(0, gap))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _lines(renderable: Any, width: int) -> list[str]:
    return [line.rstrip() for line in plain(renderable, width).splitlines()]


ROWS: list[tuple[Text | str, Text | str]] = [
    (Text("Arn", style="bold"),
     Text("arn:aws:sts::222222222222:assumed-role/Deploy/alice", style="bold cyan")),
    (Text("Session policies", style="bold"),
     Text("none passed: the role's permissions apply in full", style="dim")),
    ("MFA", "no"),
    ("Policies", "arn:aws:iam::aws:policy/ReadOnlyAccess\nsession-inline"),
]


@pytest.mark.parametrize("width", [100, 120])
def test_grid_reads_exactly_like_the_rich_grid_it_replaced(width: int) -> None:
    for gap in (1, 2):
        ours = _lines(Section(Grid(ROWS, gap=gap)), width)
        rich = _lines(_rich_grid(ROWS, gap), width)
        assert ours == rich


@pytest.mark.parametrize("width", [36, 53])
def test_narrower_than_an_arn_the_grid_breaks_it_after_a_colon_not_inside_the_account(
        width: int) -> None:
    """Where the Rich grid folded an ARN anywhere (`...::2222222` / `22222:...`), the grid
    breaks it after a `:` or `/`, so the account ID stays whole (ID-01), whenever the value
    column can hold the 12 digits at all."""
    for gap in (1, 2):
        ours = _lines(Section(Grid(ROWS, gap=gap)), width)
        assert all(len(line) <= width for line in ours)
        assert any("222222222222" in line for line in ours)
        assert "".join("".join(ours).split()).count("222222222222") == 1


def test_grid_wraps_a_long_value_under_itself() -> None:
    lines = [line.plain.rstrip() for line in Grid(ROWS[:1]).lines(30)]
    assert lines[0].startswith("Arn  arn:aws:sts::")
    assert all(line.startswith("     ") for line in lines[1:])
    assert "".join(line.strip() for line in lines) == (
        "Arn  arn:aws:sts::222222222222:assumed-role/Deploy/alice")


def test_same_compares_text_and_styles() -> None:
    assert same(Section("a", Grid(ROWS)), Section("a", Grid(ROWS)))
    assert not same(Section("a", Grid(ROWS)), Section("b", Grid(ROWS)))
    assert not same(Section(Text("a", style="bold")), Section("a"))
    assert not same(Section("a"), Section("a", "b"))
    assert same(content(Text("x", style="red")), content(Text("x", style="red")))
    assert not same(content(Text("x", style="red")), content(Text("x", style="green")))
