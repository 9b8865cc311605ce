"""F1 explains a dialog from inside it. The app's F1 does not reach a modal screen, so every
dialog binds it itself (the registry's `dialog.help`); before, F1 did nothing in the entity
form, the open dialog or the quit question, though each had a help topic written for it."""

from __future__ import annotations

import pytest

from rolesim.ui.app import make_app
from rolesim.ui.commands import REGISTRY
from rolesim.ui.common.confirm import UnsavedChangesModal
from rolesim.ui.shell.help import HelpModal
from rolesim.ui.shell.open_file import OpenModal
from rolesim.ui.world.entity_form import EntityForm

SIZE = (120, 40)


@pytest.mark.parametrize(("keys", "dialog", "topic"), [
    (["n"], EntityForm, "form"),
    (["ctrl+o"], OpenModal, "open"),
])
async def test_f1_in_a_dialog_opens_its_help_and_f1_closes_it(
        keys: list[str], dialog: type, topic: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, dialog)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        assert app.screen.topic == topic
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, dialog)  # back in the dialog, nothing lost


async def test_f1_in_the_quit_question_explains_it_and_keeps_the_question() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.workspace.scenario.roles[0].description = "changed"  # unsaved, as in test_shell_flows
        app.workspace.mark_dirty()
        app.workspace_changed()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesModal)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal) and app.screen.topic == "unsaved"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesModal) and app.is_running


def test_the_registry_says_f1_explains_a_dialog() -> None:
    command = REGISTRY["dialog.help"]
    assert command.key == "f1" and command.action == "app.help"
