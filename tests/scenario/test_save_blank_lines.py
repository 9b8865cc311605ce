"""A saved file reads like the hand-written lessons: every table set apart by one blank line.
Before, an inline policy added to a group in an existing file ran `[groups.inline]`'s last
line into the next `[[roles]]`, rewriting dotted `inline.NAME` keys left two blank lines, and
`rolesim import` wrote `[users.inline]` straight under the user's keys."""

from __future__ import annotations

import re
from pathlib import Path

from rolesim.scenario import world_edits
from rolesim.scenario.importer.command import import_exports
from rolesim.scenario.load import load_scenario
from rolesim.scenario.save import save_scenario

CLI = Path(__file__).parent / "importer_data" / "cli_export.json"
LESSON = Path(__file__).parents[2] / "rolesim" / "lessons" / "01-cross-account-delegation.toml"
EXTRA = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}


def add_group_inline(path: Path) -> str:
    scenario = load_scenario(path)
    world_edits.set_document(scenario, "inline", "extra", EXTRA, owner=scenario.groups[0].arn)
    assert save_scenario(scenario, path).preserved
    return path.read_text()


def test_a_table_added_in_place_is_followed_by_a_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "world.toml"
    path.write_text(import_exports([CLI]).text)
    text = add_group_inline(path)
    assert '[groups.inline]\nextra = {Version = "2012-10-17", Statement = [\n' in text
    assert "]}\n\n[[roles]]\n" in text


def test_rewritten_dotted_inline_keys_leave_one_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "lesson.toml"
    path.write_text(LESSON.read_text())
    text = add_group_inline(path)
    assert 'inline.extra = {Version = "2012-10-17"' in text
    assert "\n\n\n[[groups]]" not in text and "]}\n\n[[groups]]" in text


def test_import_sets_inline_tables_apart() -> None:
    text = import_exports([CLI]).text
    assert "[users.inline]" in text
    assert not re.search(r"[^\n]\n\[(users|groups|roles)\.inline\]", text)
