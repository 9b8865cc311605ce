"""While a dialog is open, the footer shows the dialog's own keys, never the main screen's
(`n New`, `e Edit`... typed into the dialog instead), and every key it shows works there."""

from __future__ import annotations

from test_builder_flows import SIZE, select
from textual.screen import ModalScreen
from textual.widgets import Footer

from rolesim.ui.app import make_app
from rolesim.ui.common.confirm import ConfirmModal
from rolesim.ui.shell.help import HelpModal
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.world_tree import NodeRef

ROLE = NodeRef("role", "arn:aws:iam::111111111111:role/UpdateApp", "111111111111")
MAIN = {"New", "Edit", "Rename", "Delete", "Trust", "Policy", "Quit", "Save"}
"""What the main screen's footer offers (n, e, r, del, t, p, ctrl+q, ctrl+s)."""


def shown_keys(screen: ModalScreen[object]) -> set[str]:
    """The keys the dialog's own footer lists (those Textual would show in it)."""
    return {key for key, active in screen.active_bindings.items() if active.binding.show}


def shown_words(screen: ModalScreen[object]) -> set[str]:
    return {active.binding.description for active in screen.active_bindings.values()
            if active.binding.show}


async def test_each_dialog_has_a_footer_of_its_own_keys() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ROLE)
        for key, dialog, expected in [("n", EntityForm, {"escape", "ctrl+s", "f1"}),
                                      ("t", PolicyEditor, {"ctrl+s", "f4", "f6", "escape"}),
                                      ("x", ConfirmModal, {"y", "escape"})]:
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, dialog), screen
            footers = list(screen.query(Footer))
            assert len(footers) == 1 and footers[0].is_on_screen
            keys = shown_keys(screen)
            assert expected <= keys and not shown_words(screen) & MAIN, keys
            if dialog is PolicyEditor:  # the trust gallery opened at once: close it first
                await pilot.press("escape")
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ModalScreen)


async def test_the_footer_stays_when_another_kind_rebuilds_the_form() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ROLE)
        await pilot.press("n", "u")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntityForm) and form.kind == "user"
        assert len(form.query(Footer)) == 1 and "ctrl+s" in shown_keys(form)


async def test_the_keys_a_dialog_footer_shows_work_there() -> None:
    """F1 in the form (shown as Help) opens the help; esc closes it, the form keeps one
    footer; ctrl+s (OK) in the form checks and applies."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ROLE)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntityForm)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        assert "escape" in shown_keys(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and len(form.query(Footer)) == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)
