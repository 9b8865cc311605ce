"""Small scenarios for the stepper and inspector tests, and helpers to drive the app (no tests)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from rich.console import Console

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app

START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)

CROSS_ACCOUNT = '''
format = 1
title = "Cross-account hop, then a chain"
start = 2026-01-01T09:00:00Z

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
max_session_duration = 7200
tags = { team = "ops" }

[[roles.trust.Statement]]
Effect = "Allow"
Principal = { AWS = "arn:aws:iam::111111111111:root" }
Action = ["sts:AssumeRole", "sts:TagSession"]

[[roles.inline.work.Statement]]
Effect = "Allow"
Action = ["s3:GetObject", "sts:AssumeRole"]
Resource = "*"

[[roles]]
arn = "arn:aws:iam::222222222222:role/Audit"
max_session_duration = 43200

[[roles.trust.Statement]]
Effect = "Allow"
Principal = { AWS = "arn:aws:iam::222222222222:role/Deploy" }
Action = ["sts:AssumeRole", "sts:TagSession"]

[[roles.inline.read.Statement]]
Effect = "Allow"
Action = "s3:ListBucket"
Resource = "*"

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/alice"

[[steps]]
do = "assume-role"
role = "arn:aws:iam::222222222222:role/Deploy"
session_name = "alice"
tags = { project = "apollo", stage = "beta" }
transitive_tag_keys = ["project"]
expect = "ok"

[[steps]]
do = "call"
action = "s3:GetObject"
resource = "arn:aws:s3:::prod-bucket/report.csv"
expect = "allowed"

[[steps]]
do = "assume-role"
role = "arn:aws:iam::222222222222:role/Audit"
session_name = "audit"
duration = 7200
expect = "ValidationError"
note = "Chained: more than 1 hour is refused (CH-02)."

[[steps]]
do = "assume-role"
role = "arn:aws:iam::222222222222:role/Audit"
session_name = "audit"
expect = "ok"

[[steps]]
do = "call"
action = "s3:GetObject"
resource = "arn:aws:s3:::prod-bucket/report.csv"
expect = "implicitDeny"
'''


def cross_account_app() -> RolesimApp:
    workspace = Workspace(load_scenario_text(CROSS_ACCOUNT, "cross.toml"), None)
    return make_app(workspace=workspace, clock_start=START)


def plain(renderable: Any, width: int = 100) -> str:
    """What a renderable reads as, without styles."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


async def open_scenario_tab(pilot: Any) -> None:
    """F3 once, then wait until the (lazily mounted) scenario pane has the focus, so that the
    keys pressed next reach the stepper and not the world builder. The pane is mounted after
    its tab is shown, so one F3 is enough, as for a user; a machine under load only slows it.
    """
    await pilot.press("f3")
    for _ in range(200):  # up to 10 s on a loaded machine
        await pilot.pause(0.05)
        focused = pilot.app.focused
        if focused is not None and focused.id == "steps":
            await step_list_laid_out(pilot)
            return
    raise AssertionError(f"the stepper never got the focus (focused: {pilot.app.focused})")


async def step_list_laid_out(pilot: Any) -> None:
    """Wait until the step list is laid out for its width, rows measured. It is filled at
    width 0 when mounted and again when its resize comes, and its table measures rows when
    idle; the steps can have the focus before that. A dialog opened then froze the list
    behind it half laid out: once a dialog is on top, `pilot.pause()` waits only for the
    dialog's widgets, and its CPU-idle guess ends early on a loaded machine
    (test_new_step_dialog[recreate] was recorded so once, and failed now and then)."""
    from rolesim.ui.steps.stepper import Stepper

    stepper = pilot.app.screen.query_one(Stepper)
    for _ in range(600):  # up to 30 s on a loaded machine
        if stepper.laid_out:
            await pilot.pause()  # the main screen's widgets, the table among them, are done
            return
        await pilot.pause(0.05)
    raise AssertionError(f"the step list was never laid out for its width ({stepper.size}, "
                         f"columns for {stepper._columns_width})")


async def settled(pilot: Any) -> None:
    """Wait until the app is settled: workers done, animations done, and the screen the same
    after two pauses in a row. A dialog fits itself over several refreshes (the predict
    prompt measures its settings, goes `-tight`, then names pgdn when they still do not fit);
    after a single pause a loaded machine caught it half-way, at another height
    (test_predict_prompt_with_every_setting[80x24] failed so in CI)."""
    shown = ""
    for _ in range(100):  # up to 100 refreshes; a settled app needs two
        await pilot.app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        now = pilot.app.export_screenshot()
        if now == shown:
            return
        shown = now
    raise AssertionError("the screen was still changing after 100 refreshes")
