"""Snapshots of the authoring dialogs (issue 10), pressing real keys at a fixed size: the
managed-policy picker, a new policy's template gallery, the role form's trust templates, the
ARN field's list of the world, the Lesson tab and the lesson's settings.

Regenerate with `pytest tests/ui/test_snapshots_authoring.py --snapshot-update`, then look at
them as PNG.
"""

from __future__ import annotations

from typing import Any

from test_entity_detail_can_do import settle
from test_snapshots_shell import SIZE, START, settled, tutorial
from textual.pilot import Pilot

from rolesim.ui.app import make_app


def policy_picker_settled(*keys: str) -> Any:
    """Press `keys`, then wait until the highlighted policy's words are read (a thread)."""
    async def run_before(pilot: Pilot[None]) -> None:
        app: Any = pilot.app
        await settle(app, pilot)
        await pilot.press(*keys)
        for _ in range(200):
            await pilot.pause(0.02)
            words = app.screen.query("#picker-words")
            if words and "In words:" in str(words.first().render()):
                return
        raise AssertionError("the highlighted policy was never put in words")

    return run_before


def test_policy_picker_finds_readonly(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), terminal_size=SIZE, run_before=policy_picker_settled(
        "e", "ctrl+a", *"readonly"))


def test_policy_picker_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), terminal_size=(80, 24), run_before=policy_picker_settled(
        "e", "ctrl+a", *"s3 read"))


def test_new_inline_policy_template_gallery(snap_compare: Any) -> None:
    """p on a user: a name and a template (Assume one role, its role picked from the world)."""
    assert snap_compare(tutorial(), terminal_size=SIZE,
                        run_before=settled(*["down"] * 8, "p", *"assume"))


def test_new_role_form_with_the_external_id_trust_template(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), terminal_size=SIZE, run_before=settled(
        "n", "enter", *"Reader", "tab", "enter", "down", "enter"))


def test_assume_role_dialog_lists_matching_roles(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), terminal_size=SIZE, run_before=settled(
        "f3", "a", "a", "u", "p"))


def test_lesson_view(snap_compare: Any) -> None:
    assert snap_compare(tutorial(), terminal_size=SIZE, run_before=settled("f4"))


def test_lesson_settings(snap_compare: Any) -> None:
    """In presenter mode: learner mode keeps the lesson's text (and its key ideas) closed."""
    assert snap_compare(make_app(clock_start=START, mode="present"), terminal_size=SIZE,
                        run_before=settled("f4", "e"))


def test_trust_editor_template_gallery(snap_compare: Any) -> None:
    """t on a role, F6: the trust gallery, on "Another account" (a second account exists)."""
    async def run_before(pilot: Pilot[None]) -> None:
        from test_builder_flows import select

        from rolesim.ui.world.world_tree import NodeRef

        app: Any = pilot.app
        await settle(app, pilot)
        await select(app, pilot, NodeRef("role", "arn:aws:iam::111111111111:role/UpdateApp",
                                         "111111111111"))
        await pilot.press("t", "f6")
        await settle(app, pilot)

    assert snap_compare(tutorial(), terminal_size=SIZE, run_before=run_before)


def test_new_entity_form_at_80x24(snap_compare: Any) -> None:
    """n: the new-entity form opens on its kind (a letter picks another), at 80x24."""
    assert snap_compare(tutorial(), terminal_size=(80, 24), run_before=settled("n"))


def test_new_step_dialog_at_80x24(snap_compare: Any) -> None:
    """a on the steps: one dialog, the kind first (help line while it has the focus)."""
    from test_snapshots_shell import START

    from rolesim.ui.app import make_app

    presenter = make_app(clock_start=START, mode="present")  # learn mode turns editing off
    assert snap_compare(presenter, terminal_size=(80, 24), run_before=settled("f3", "a"))
