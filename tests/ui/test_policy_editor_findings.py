"""The policy editor lists the linter's findings (the same as `rolesim lint`): code, severity
and the line of the JSON path, in line order; selecting one moves the cursor there."""

from __future__ import annotations

import json

from textual.widgets import OptionList, TextArea

from rolesim.core.policy.model import PolicyType
from rolesim.ui.app import make_app
from rolesim.ui.world.policy_editor import PolicyEditor, check

TEXT = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBukcet"],
     "Resource": "arn:aws:s3:::reports/*",
     "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]},
                   "ArnLike": {"aws:PrincipalTag/team": "ops"}}}]}, indent=2)
LINES = TEXT.splitlines()


def test_findings_carry_code_severity_and_the_line_of_their_path() -> None:
    policy, problems = check(TEXT, PolicyType.IDENTITY)
    assert policy is not None
    assert [(p.code, p.severity) for p in problems] == [
        ("UNKNOWN_ACTION", "warning"),                 # PL-05
        ("FORALLVALUES_WITHOUT_GUARD", "warning"),     # CO-12
        ("OPERATOR_TYPE_MISMATCH", "warning")]         # CO-01, CO-06
    for problem, needle in zip(problems, ('"s3:ListBukcet"', '"aws:TagKeys"',
                                          '"aws:PrincipalTag/team"'), strict=True):
        assert problem.line is not None and needle in LINES[problem.line - 1]
    assert problems[0].text.startswith("⚠ line 8: UNKNOWN_ACTION (warning): ")


def test_a_document_iam_rejects_is_one_error_without_a_code() -> None:
    policy, problems = check(TEXT.replace('"Allow"', '"Permit"'), PolicyType.IDENTITY)
    assert policy is None and [(p.severity, p.code) for p in problems] == [("error", "")]


async def test_the_editor_lists_them_and_jumps_to_the_line() -> None:
    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(PolicyEditor("Inline policy reports", TEXT, PolicyType.IDENTITY))
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, PolicyEditor)
        options = editor.query_one("#problems", OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert texts[1].startswith("⚠ line 13: FORALLVALUES_WITHOUT_GUARD (warning)")
        options.focus()
        options.highlighted = 1
        await pilot.press("enter")
        assert editor.query_one("#document", TextArea).cursor_location[0] == 12
