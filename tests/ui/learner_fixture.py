"""A lesson opened for learning (`mode = "learn"`), for the learner-mode tests (no tests).

Outcomes are the fact sheet's: a transitive tag key that names no tag passed is refused with
InvalidParameterValue (TAG-12); alice may assume Deploy across accounts because both her policy
and Deploy's trust allow it (XA-01); Deploy's Deny on s3:DeleteObject is an explicit deny and
s3:PutObject, allowed by nothing, an implicit deny (EV-01, EV-02).
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app

START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)

LESSON = '''
format = 1
mode = "learn"
title = "Two halves and two kinds of deny"
start = 2026-01-01T09:00:00Z
description = """
At the end you can say why a cross-account assume needs both halves.

## Key ideas

- Both halves must allow a cross-account AssumeRole.
- A Deny statement always wins over an Allow.

## For the trainer

Not a key idea.
"""

[[accounts]]
id = "111111111111"
name = "dev"

[[accounts]]
id = "222222222222"
name = "prod"

[[users]]
arn = "arn:aws:iam::111111111111:user/alice"

[[users.inline.hop.Statement]]
Effect = "Allow"
Action = ["sts:AssumeRole", "sts:TagSession"]
Resource = "arn:aws:iam::222222222222:role/Deploy"

[[roles]]
arn = "arn:aws:iam::222222222222:role/Deploy"

[[roles.trust.Statement]]
Effect = "Allow"
Principal = { AWS = "arn:aws:iam::111111111111:root" }
Action = ["sts:AssumeRole", "sts:TagSession"]

[[roles.inline.work.Statement]]
Effect = "Allow"
Action = ["s3:GetObject", "s3:DeleteObject"]
Resource = "*"

[[roles.inline.work.Statement]]
Effect = "Deny"
Action = "s3:DeleteObject"
Resource = "*"

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/alice"
expect = "ok"
note = "TRAINER-NOTE-1"

[[steps]]
do = "assume-role"
role = "arn:aws:iam::222222222222:role/Deploy"
session_name = "alice"
tags = { project = "apollo" }
transitive_tag_keys = ["Team"]
expect = "InvalidParameterValue"
note = "TRAINER-NOTE-2: Team is not among the tags (TAG-12)."
explain = "EXPLAIN-2: a transitive key must name a tag passed in the same call."

[[steps]]
do = "assume-role"
role = "arn:aws:iam::222222222222:role/Deploy"
session_name = "alice"
external_id = "Partner-42"
expect = "ok"
explain = "EXPLAIN-3: both halves allow it."

[[steps]]
do = "call"
action = "s3:DeleteObject"
resource = "arn:aws:s3:::prod-bucket/report.csv"
expect = "explicitDeny"
note = "TRAINER-NOTE-4"
explain = "EXPLAIN-4: a Deny statement wins over the Allow."

[[steps]]
do = "call"
action = "s3:PutObject"
resource = "arn:aws:s3:::prod-bucket/report.csv"
expect = "implicitDeny"

[[steps]]
do = "advance"
minutes = 5
expect = "ok"

[[steps]]
do = "exit"
expect = "ok"
'''


def lesson_app(mode: str | None = None) -> RolesimApp:
    workspace = Workspace(load_scenario_text(LESSON, "lesson.toml"), None)
    return make_app(workspace=workspace, clock_start=START, mode=mode)


def screen_text(app: Any) -> str:
    """Everything the terminal shows now (every screen of the stack as composed), as text."""
    svg = app.export_screenshot()
    svg = re.sub(r"<style.*?</style>", "", svg, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", svg))
    return text.replace("\xa0", " ")


def scenario_pane(app: Any) -> Any:
    """The Scenario tab's pane, under whatever dialog is open."""
    from rolesim.ui.steps.scenario_pane import ScenarioPane

    for screen in app.screen_stack:
        panes = screen.query(ScenarioPane)
        if panes:
            return panes.first()
    raise AssertionError("no ScenarioPane")
