"""Select all, paste a policy with another number of lines, then ctrl+z and ctrl+y: the text
comes back each way and nothing raises (Textual 8.2's TextArea raised ValueError here, which
the policy editor, the step dialog and the lesson settings all met)."""

from __future__ import annotations

import json

import pytest
from textual.app import App, ComposeResult

from rolesim.ui.common.text_area import SafeTextArea

DOC = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/sam"},
    "Action": "sts:AssumeRole"}]}
ONE_LINE = json.dumps(DOC)
MANY_LINES = json.dumps(DOC, indent=2)


class Host(App[None]):
    CSS = "SafeTextArea { height: 6; width: 64; }"

    def __init__(self, text: str, soft_wrap: bool) -> None:
        super().__init__()
        self.text = text
        self.soft_wrap = soft_wrap

    def compose(self) -> ComposeResult:
        yield SafeTextArea(self.text, soft_wrap=self.soft_wrap)


@pytest.mark.parametrize("soft_wrap", [True, False])
@pytest.mark.parametrize(("before", "pasted"), [(ONE_LINE, MANY_LINES), (MANY_LINES, ONE_LINE)])
async def test_undo_and_redo_of_a_pasted_policy(before: str, pasted: str,
                                                 soft_wrap: bool) -> None:
    app = Host(before, soft_wrap)
    async with app.run_test(size=(80, 24)) as pilot:
        area = app.query_one(SafeTextArea)
        area.focus()
        await pilot.pause()
        area.select_all()
        app.copy_to_clipboard(pasted)
        await pilot.press("ctrl+v")
        await pilot.pause()
        assert area.text == pasted
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert area.text == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert area.text == pasted
