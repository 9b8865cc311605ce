"""The shell driven with real keys: save, reopen, quit with unsaved changes, help, palette."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import ContentSwitcher, Input, OptionList

from rolesim.scenario.load import load_scenario
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.commands import REGISTRY, available, bindings_for
from rolesim.ui.common.confirm import UnsavedChangesModal
from rolesim.ui.shell.help import HelpModal
from rolesim.ui.shell.main_screen import MainScreen
from rolesim.ui.shell.open_file import OpenModal, SaveAsModal

SIZE = (120, 40)
SHIPPED = Path(__file__).resolve().parents[2] / "rolesim" / "lessons"


async def type_text(pilot: object, text: str) -> None:
    for char in text:
        await pilot.press(char)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def edit_something(app: RolesimApp) -> None:
    """An edit made the way the builder makes them (the keys are tested in test_builder_*)."""
    app.workspace.scenario.roles[0].description = "changed"
    app.workspace.mark_dirty()
    app.workspace_changed()


async def test_bare_start_opens_the_builtin_tutorial_on_the_world_tab() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.workspace.path is None and not app.workspace.dirty
        assert app.screen.query_one(ContentSwitcher).current == "world"
        assert "built-in tutorial" in app.sub_title
        await pilot.press("f3")
        assert app.screen.query_one(ContentSwitcher).current == "scenario"
        await pilot.press("f2")
        assert app.screen.query_one(ContentSwitcher).current == "world"


async def test_save_builtin_asks_for_a_name_then_reopen_shows_the_edit(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        edit_something(app)
        await pilot.pause()
        assert "modified" in app.sub_title
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveAsModal)
        await type_text(pilot, "nope.txt")
        await pilot.press("enter")
        assert isinstance(app.screen, SaveAsModal), "a name without .toml is refused"
        app.screen.query_one("#path", Input).value = ""
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await pilot.pause()
        assert target.is_file()
        assert app.workspace.path == target and not app.workspace.dirty
        assert "modified" not in app.sub_title

        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OpenModal)
        field = app.screen.query_one("#path", Input)
        assert field.value == str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.workspace.scenario.roles[0].description == "changed"
    assert load_scenario(target).roles[0].description == "changed"


async def test_open_lists_shipped_scenarios_and_refuses_a_missing_file(
        monkeypatch: object, tmp_path: Path) -> None:
    app = make_app(SHIPPED / "01-cross-account-delegation.toml") if (
        SHIPPED / "01-cross-account-delegation.toml").is_file() else make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        modal = app.screen
        assert isinstance(modal, OpenModal)
        listed = modal.query_one("#files", OptionList).option_count
        assert listed == len(list(SHIPPED.glob("*.toml")))
        modal.query_one("#path", Input).value = ""
        await type_text(pilot, str(tmp_path / "missing.toml"))
        await pilot.press("enter")
        assert app.screen is modal
        assert "No file" in str(modal.query_one("#path-error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_quit_with_unsaved_changes_asks_save_discard_cancel() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        edit_something(app)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, UnsavedChangesModal)
        await pilot.press("escape")  # cancel: nothing lost, still running
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, UnsavedChangesModal)
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running


async def test_quit_with_unsaved_changes_save_writes_then_quits(tmp_path: Path) -> None:
    source = tmp_path / "s.toml"
    source.write_text((SHIPPED / "01-cross-account-delegation.toml").read_text()
                      if (SHIPPED / "01-cross-account-delegation.toml").is_file() else
                      'format = 1\ntitle = "t"\n[[roles]]\narn = "arn:aws:iam::111111111111:'
                      'role/R"\ntrust = "{\\"Statement\\": []}"\n')
    app = make_app(source)
    async with app.run_test(size=SIZE) as pilot:
        edit_something(app)
        await pilot.press("ctrl+q", "s")
        await pilot.pause()
        assert not app.is_running
    assert load_scenario(source).roles[0].description == "changed"


async def test_quit_without_changes_quits_at_once() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_f1_explains_the_current_screen_and_its_keys() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpModal)
        assert "trust policy" in app.screen.text and "`t`" in app.screen.text
        await pilot.press("escape")
        await pilot.press("f3", "f1")
        assert isinstance(app.screen, HelpModal)
        assert "scenario" in app.screen.text.lower()
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_palette_offers_registry_commands_in_context_and_runs_them() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        titles = {command.title for command, _ in available(app.screen)}
        assert {"world: new...", "scenario: save", "app: quit"} <= titles
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "world: new")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        from rolesim.ui.world.entity_form import EntityForm

        assert isinstance(app.screen, EntityForm) and app.screen.choose_kind


def test_every_keyed_command_becomes_a_binding_with_id_and_tooltip() -> None:
    for scope in {command.scope for command in REGISTRY.values()}:
        for binding in bindings_for(scope):
            assert not isinstance(binding, tuple)
            assert binding.id in REGISTRY and binding.tooltip
            assert REGISTRY[binding.id].key == binding.key
    for command in REGISTRY.values():
        assert ": " in command.title, f"{command.id}: titles read 'category: action'"


async def test_palette_new_scenario_asks_about_unsaved_changes_then_empties_the_world() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        edit_something(app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "scenario: new")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesModal)
        await pilot.press("d")
        await pilot.pause()
        assert app.workspace.scenario.accounts == [] and app.workspace.path is None
        assert isinstance(app.screen, MainScreen)
        await pilot.press("n")  # the builder offers an account first in an empty world
        from rolesim.ui.world.entity_form import EntityForm

        await pilot.press("enter")
        assert isinstance(app.screen, EntityForm) and app.screen.kind == "account"


async def test_save_to_an_unwritable_place_says_why_and_keeps_the_changes(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        edit_something(app)
        await pilot.press("ctrl+s")
        app.screen.query_one("#path", Input).value = ""
        blocked = tmp_path / "dir.toml"
        blocked.mkdir()  # a directory where the file should go: the write fails
        await type_text(pilot, str(blocked))
        await pilot.press("enter")
        await pilot.pause()
        assert app.workspace.dirty and app.is_running
        assert any("Not saved" in str(n.message) for n in app._notifications)


async def test_clicking_a_tab_label_switches_tabs() -> None:
    """The tab bar is one widget: a click on a label shows that tab, like F2/F3."""
    from rolesim.ui.common.tab_bar import TabBar

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        switcher = app.screen.query_one(ContentSwitcher)
        bar = app.screen.query_one(TabBar)
        assert switcher.current == "world" and bar.active == "world"
        await pilot.click(TabBar, offset=(10, 0))  # " World " is cells 0-6, " Scenario " 7-16
        await pilot.pause()
        assert switcher.current == "scenario" and bar.active == "scenario"
        await pilot.click(TabBar, offset=(3, 0))
        await pilot.pause()
        assert switcher.current == "world" and bar.active == "world"
        await pilot.click(TabBar, offset=(40, 0))  # past the labels: nothing happens
        await pilot.pause()
        assert switcher.current == "world"


async def test_an_unreadable_tutorial_opens_an_empty_scenario_with_the_reason() -> None:
    """Never a traceback: if the deferred tutorial read fails (a broken install), the app
    says why and starts on an empty scenario."""
    def broken() -> Workspace:
        raise OSError("tutorial file missing")

    app = RolesimApp(broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.workspace.scenario.steps == [] and not app.builtin
        assert any("tutorial file missing" in str(n.message) for n in app._notifications)


async def test_ctrl_q_over_a_changed_form_asks_before_losing_it() -> None:
    """What is typed in an open form is not in the scenario yet: Ctrl+Q asks "Discard your
    changes?" first (keep editing by default); an unchanged form quits as before."""
    from rolesim.ui.common.confirm import DiscardChangesModal
    from rolesim.ui.world.entity_form import EntityForm

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")  # a new role in the selected account
        form = app.screen
        assert isinstance(form, EntityForm)
        await pilot.press(*"Deploy")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChangesModal)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is form and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # discard: the scenario itself has no changes, so it quits
        await pilot.pause()
        assert not app.is_running
