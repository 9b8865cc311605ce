"""Snapshots of every screen and dialog of the shell and the world builder (120x40).

Apps come from `make_app` (instances, never paths: see the style notes on `.screenshot_cache`).
Regenerate with `pytest tests/ui/test_snapshots_shell.py --snapshot-update`, then look at them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from test_entity_detail_can_do import settle
from textual.pilot import Pilot

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app

SIZE = (120, 40)
START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
SLR = """
format = 1
title = "A service-linked role"
[[accounts]]
id = "111111111111"
name = "prod"
[[roles]]
arn = "arn:aws:iam::111111111111:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "elasticbeanstalk.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
"""  # noqa: E501
LIMITED = """
format = 1
title = "Limits"
[[accounts]]
id = "111111111111"
name = "prod"
scps = ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:PutBucketPolicy", "Resource": "*"}]}']
[[policies]]
arn = "arn:aws:iam::111111111111:policy/s3-and-logs"
document = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "logs:*"], "Resource": "*"}]}'
[[roles]]
arn = "arn:aws:iam::111111111111:role/DataAdmin"
policies = ["arn:aws:iam::aws:policy/AdministratorAccess"]
boundary = "arn:aws:iam::111111111111:policy/s3-and-logs"
inline.no-delete = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}'
trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}'
"""  # noqa: E501


def tutorial() -> RolesimApp:
    return make_app(clock_start=START)


def slr_app() -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text(SLR, "slr.toml")), clock_start=START)


def settled(*keys: str) -> Any:
    """A run_before: press `keys`, then wait for the world and the selected user's or role's
    "What it can do" (worked out in a thread) so the snapshot never catches it half-way."""
    async def run_before(pilot: Pilot[None]) -> None:
        app: Any = pilot.app
        await settle(app, pilot)
        if keys:
            await pilot.press(*keys)
            await settle(app, pilot)

    return run_before


def test_world_builder_role_selected(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(), terminal_size=SIZE)


def test_world_builder_user_selected(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(*["down"] * 8), terminal_size=SIZE)


def test_world_builder_role_with_a_boundary_deny_and_scp(snap_compare: Any) -> None:
    """What it can do, with every limit: Admin ∩ boundary (EV-10), an explicit Deny (EV-02),
    and the organization's SCP (EV-11)."""
    app = make_app(workspace=Workspace(load_scenario_text(LIMITED, "limited.toml")),
                   clock_start=START)
    assert snap_compare(app, run_before=settled(), terminal_size=SIZE)


def test_new_entity_chooser(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(), press=["n"], terminal_size=SIZE)


def test_new_role_form_with_a_bad_name(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(), press=["n", "enter", "B", "a", "d", "!"],
                        terminal_size=SIZE)


def test_edit_role_form(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(), press=["e"], terminal_size=SIZE)


def test_trust_policy_editor_in_words(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(), press=["t", "f4"], terminal_size=SIZE)


def test_trust_policy_editor_with_a_json_error(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(), press=["t", "down", "down", "end", "x"],
                        terminal_size=SIZE)


def test_delete_confirmation(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(), press=["x"], terminal_size=SIZE)


def test_service_linked_role_cannot_be_edited(snap_compare: Any) -> None:
    assert snap_compare(slr_app(), run_before=settled(), press=["e"], terminal_size=SIZE)


def test_help(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), run_before=settled(), press=["f1"], terminal_size=SIZE)


def test_unsaved_changes_on_quit(snap_compare: Any) -> None:
    async def edit(pilot: Any) -> None:
        await settle(pilot.app, pilot)
        pilot.app.workspace.mark_dirty()
        pilot.app.workspace_changed()
        await settle(pilot.app, pilot)

    assert snap_compare(tutorial(), press=["ctrl+q"], run_before=edit, terminal_size=SIZE)


def test_open_dialog(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = [Path("rolesim/lessons/01-cross-account-delegation.toml"),
               Path("rolesim/lessons/02-third-party-external-id.toml")]
    monkeypatch.setattr("rolesim.ui.shell.open_file.list_scenarios", lambda current: shipped)
    assert snap_compare(tutorial(), run_before=settled(), press=["ctrl+o"], terminal_size=SIZE)


def test_save_as_dialog(snap_compare: Any) -> None:
    async def edit(pilot: Any) -> None:
        await settle(pilot.app, pilot)
        pilot.app.workspace.mark_dirty()
        pilot.app.workspace_changed()
        await settle(pilot.app, pilot)

    assert snap_compare(tutorial(), press=["ctrl+s", "x", ".", "t", "x", "t"], run_before=edit,
                        terminal_size=SIZE)
