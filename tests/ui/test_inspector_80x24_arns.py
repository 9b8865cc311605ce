"""At 80x24 the inspector's Why, Chain, Identity and Tags tabs wrap a long ARN after a `:` or
`/`, never inside the 12 digits of an account ID (an account ID cut in two reads as another
account, ID-01)."""

from __future__ import annotations

import re

import pytest
from test_stepper_fixtures import CROSS_ACCOUNT, START, open_scenario_tab
from textual.widgets import Static

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.common.line_breaks import line_spans

ACCOUNTS = ("111111111111", "222222222222")
TABS = {"1": ("#whoami",), "2": ("#chain",), "3": ("#tags-hops",), "5": ("#why",)}


def test_line_spans_break_after_a_colon_or_slash_not_inside_the_account() -> None:
    arn = "arn:aws:sts::222222222222:assumed-role/Deploy/alice"
    for width in range(13, 60):
        lines = [arn[a:b] for a, b in line_spans(f"New session: {arn} (was x).", width)]
        assert any("222222222222" in line for line in lines), (width, lines)
        assert all(len(line) <= width for line in lines)
    assert [arn[a:b] for a, b in line_spans(arn, 20)] == [
        "arn:aws:sts::", "222222222222:", "assumed-role/Deploy/", "alice"]


def test_a_word_longer_than_the_line_is_still_folded() -> None:
    word = "x" * 25
    assert [word[a:b] for a, b in line_spans(word, 10)] == ["x" * 10, "x" * 10, "x" * 5]


def unnamed_accounts_app() -> RolesimApp:
    """The stepper fixture with its account names taken out, so every account is shown by its
    ID (with names, the Chain tab says `in prod`)."""
    text = CROSS_ACCOUNT.replace('name = "dev"', "").replace('name = "prod"', "")
    workspace = Workspace(load_scenario_text(text, "cross.toml"), None)
    return make_app(workspace=workspace, clock_start=START)


@pytest.mark.parametrize("tab", list(TABS))
async def test_no_account_id_is_cut_at_80x24(tab: str) -> None:
    app = unnamed_accounts_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press(*"nnnnn", tab)
        await pilot.pause()
        for selector in TABS[tab]:
            static = app.screen.query_one(selector, Static)
            width = static.content_size.width
            assert 0 < width < 50  # narrow enough that ARNs must wrap
            lines = static.visual.layout(width).plain.split("\n")  # type: ignore[union-attr]
            assert any(re.search(r"\d{12}", line) for line in lines)
            whole = "".join("".join(lines).split())
            for account in ACCOUNTS:
                assert whole.count(account) == sum(line.count(account) for line in lines), (
                    selector, account, lines)
