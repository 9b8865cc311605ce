"""Snapshots of every screen and dialog of the shell and the world builder (120x40).

Apps come from `make_app` (instances, never paths: see the style notes on `.screenshot_cache`).
Regenerate with `pytest tests/ui/test_snapshots_shell.py --snapshot-update`, then look at them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

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


def tutorial() -> RolesimApp:
    return make_app(clock_start=START)


def slr_app() -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text(SLR, "slr.toml")), clock_start=START)


def test_world_builder_role_selected(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), terminal_size=SIZE)


def test_world_builder_user_selected(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), press=["down"] * 8, terminal_size=SIZE)


def test_new_entity_chooser(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), press=["n"], terminal_size=SIZE)


def test_new_role_form_with_a_bad_name(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), press=["n", "enter", "B", "a", "d", "!"],
                        terminal_size=SIZE)


def test_edit_role_form(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), press=["e"], terminal_size=SIZE)


def test_trust_policy_editor_in_words(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), press=["t", "f4"], terminal_size=SIZE)


def test_trust_policy_editor_with_a_json_error(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), press=["t", "down", "down", "end", "x"],
                        terminal_size=SIZE)


def test_delete_confirmation(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), press=["x"], terminal_size=SIZE)


def test_service_linked_role_cannot_be_edited(snap_compare: Any) -> None:
    assert snap_compare(slr_app(), press=["e"], terminal_size=SIZE)


def test_help(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), press=["f1"], terminal_size=SIZE)


def test_unsaved_changes_on_quit(snap_compare: Any) -> None:
    async def edit(pilot: Any) -> None:
        pilot.app.workspace.mark_dirty()
        pilot.app.workspace_changed()

    assert snap_compare(tutorial(), press=["ctrl+q"], run_before=edit, terminal_size=SIZE)


def test_open_dialog(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = [Path("scenarios/01-cross-account-delegation.toml"),
               Path("scenarios/02-third-party-external-id.toml")]
    monkeypatch.setattr("rolesim.ui.modals.open_file.list_scenarios", lambda current: shipped)
    assert snap_compare(tutorial(), press=["ctrl+o"], terminal_size=SIZE)


def test_save_as_dialog(snap_compare: Any) -> None:
    async def edit(pilot: Any) -> None:
        pilot.app.workspace.mark_dirty()
        pilot.app.workspace_changed()

    assert snap_compare(tutorial(), press=["ctrl+s", "x", ".", "t", "x", "t"], run_before=edit,
                        terminal_size=SIZE)
