"""The inspector's Tags tab: each principal tag with where it came from (TAG-09) and whether it
travels on (TAG-10, TAG-16)."""

from __future__ import annotations

from test_stepper_fixtures import cross_account_app, open_scenario_tab, plain
from textual.widgets import DataTable


def _rows(app: object) -> list[tuple[str, ...]]:
    table = app.screen.query_one("#tags-table", DataTable)  # type: ignore[attr-defined]
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def test_tag09_role_tag_session_tags_and_transitive_marker() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "3")
        rows = _rows(app)
    assert rows == [
        ("project", "apollo", "session tag", "⇢ transitive"),
        ("stage", "beta", "session tag", ""),
        ("team", "ops", "role tag", ""),
    ]


async def test_tag10_tag16_only_transitive_tags_reach_the_chained_session() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "n", "n", "n", "3")
        rows = _rows(app)
    # Audit has no tags of its own; stage was not transitive, team was Deploy's role tag.
    assert rows == [("project", "apollo", "inherited transitive", "⇢ transitive")]


async def test_permissions_tab_shows_what_the_session_may_do_and_gave_up() -> None:
    app = cross_account_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "4")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#permissions-table", DataTable)
        services = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        # Deploy allows s3:GetObject and sts:AssumeRole; GetCallerIdentity always (ID-10).
        assert services == {"s3", "sts"}
        given = plain(app.screen.query_one("#given-up").content)
        # alice could only assume Deploy (and tag it); the role session can read the bucket.
        assert "gained: 1 action in 1 service" in given and "s3 (1): GetObject" in given
        assert "gave up" not in given


def _fits(app: object, selector: str) -> bool:
    """The table's columns fit its width: nothing is cut off on the right."""
    table = app.screen.query_one(selector, DataTable)  # type: ignore[attr-defined]
    return table.virtual_size.width <= table.scrollable_content_region.width


async def test_tag10_at_80_columns_the_transitive_marker_and_origin_fit() -> None:
    """At 80x24 the chained session's inherited tag still says where it came from and that it
    is transitive (TAG-10, TAG-13), with no column cut off."""
    app = cross_account_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n", "n", "n", "n", "3")
        await pilot.pause()
        rows = _rows(app)
        assert rows == [("project", "apollo", "inherited", "⇢")]
        assert _fits(app, "#tags-table")
        assert "⇢ transitive" in plain(app.screen.query_one("#tags-title").content)
        await pilot.press("4")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _fits(app, "#permissions-table")
