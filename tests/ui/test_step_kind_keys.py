"""Every kind of step has keys in the step dialog's kind field, shown on the field (issue 10's
closing note): its own letter where it has one (kept: s sign-in, a assume-role, c call...),
and shift and its first letter, pressed until it shows, for every kind. The help (F1) and the
command registry say so."""

from __future__ import annotations

import pytest
from test_stepper_fixtures import cross_account_app, open_scenario_tab
from textual.pilot import Pilot
from textual.widgets import Markdown

from rolesim.scenario.model import STEP_TYPES
from rolesim.ui.commands import REGISTRY
from rolesim.ui.common.kind_selector import KindSelector, kind_keys, starting_with
from rolesim.ui.shell.help import HelpModal
from rolesim.ui.steps.step_dialog import StepDialog
from rolesim.ui.steps.step_kind import KIND_KEYS, step_kinds

SIZE = (120, 40)
NEWER = ["create-access-key", "create-login-profile", "update-login-profile",
         "add-user-to-group", "remove-user-from-group", "create-policy-version",
         "set-default-policy-version", "run-instance", "create-function",
         "update-function-code", "invoke-function", "pass-role"]


def test_every_kind_has_keys_and_the_old_letters_are_kept() -> None:
    kinds = step_kinds()
    assert set(NEWER) <= set(kinds)
    ways = {kind: kind_keys(kinds, KIND_KEYS, kind) for kind in kinds}
    assert all(ways.values())
    assert ways["call"] == "c or shift+c" and ways["sign-in"] == "s or shift+s"
    assert ways["create-function"] == "shift+c ×5"
    assert ways["pass-role"] == "shift+p ×2"  # put-policy first
    assert ways["advance"] == "t or shift+a ×4"  # after the three assume-role kinds


def test_shift_letters_go_through_the_kinds_in_the_list_order() -> None:
    kinds = step_kinds()
    assert starting_with(kinds, "C") == ["call", "create-access-key", "create-login-profile",
                                         "create-policy-version", "create-function"]
    assert starting_with(kinds, "q") == []


async def _reset(pilot: Pilot[None], dialog: StepDialog, kind: str) -> None:
    """Show a kind that does not start with `kind`'s letter, on the focused kind field."""
    selector = dialog.query_one(KindSelector)
    selector.focus()
    await pilot.press("x" if kind.startswith("s") else "s")  # exit or sign-in; moves on
    dialog.query_one(KindSelector).focus()
    await pilot.pause()


async def _press_ways(pilot: Pilot[None], way: str) -> None:
    """Press the first way of a `kind_keys` description: `c`, or `shift+c ×5`."""
    first = way.split(" or ")[0]
    if first.startswith("shift+"):
        letter, _, times = first.removeprefix("shift+").partition(" ×")
        for _ in range(int(times or 1)):
            await pilot.press(letter.upper())
    else:
        await pilot.press(first)
    await pilot.pause()


async def test_every_kind_is_reached_by_the_keys_its_field_shows() -> None:
    """For each kind of step: read its keys off the kind field (focused, showing it), go to a
    kind of another letter, press those keys: the dialog shows that kind, with its fields."""
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        for kind in STEP_TYPES:
            await _reset(pilot, dialog, kind)
            selector = dialog.query_one(KindSelector)
            selector.kind = kind
            await pilot.pause()
            shown = str(selector.render())
            way = shown.split("key: ", 1)[1].split(" · ")[0].split("\n")[0]
            assert way == kind_keys(step_kinds(), KIND_KEYS, kind)
            await _reset(pilot, dialog, kind)
            for alone in way.split(" or "):
                await _reset(pilot, dialog, kind)
                await _press_ways(pilot, alone)
                assert dialog.kind == kind, (kind, alone)
                assert dialog.query_one("#step-form")


async def test_shift_c_goes_through_the_c_kinds_and_stays_on_the_field() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a")  # opens on assume-role
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        seen = []
        for _ in range(6):
            await pilot.press("C")
            await pilot.pause()
            seen.append(dialog.kind)
            assert isinstance(dialog.focused, KindSelector)
        assert seen == ["call", "create-access-key", "create-login-profile",
                        "create-policy-version", "create-function", "call"]
        await pilot.press("C", "C", "C", "C")  # create-function again
        shown = str(dialog.query_one(KindSelector).render())
        assert "key: shift+c ×5" in shown and "shift+c goes through call" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.kind == "create-function"
        focused = dialog.focused
        assert focused is not None and not isinstance(focused, KindSelector)
        assert any((node.id or "").startswith("field-")  # enter moved on to its fields
                   for node in focused.ancestors_with_self)
        await pilot.press("escape")


async def test_a_letter_no_kind_starts_with_says_so_and_keeps_the_kind() -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a", "Q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StepDialog) and dialog.kind == "assume-role"
        assert any("No kind of step starts with q" in n.message for n in app._notifications)


def test_the_registry_says_how_the_kind_field_works() -> None:
    scope = {command.id: command for command in REGISTRY.values() if command.scope == "kind"}
    assert {"kind.next", "kind.previous", "kind.first", "kind.keep", "kind.by_letter"} <= set(
        scope)
    assert "shift and a letter" in scope["kind.by_letter"].help
    assert scope["kind.by_letter"].key_display == "a–z, shift+a–z"


@pytest.mark.parametrize("kind", ["create-function", "pass-role", "call"])
async def test_f1_in_the_step_dialog_lists_every_kind_with_its_keys(kind: str) -> None:
    app = cross_account_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        text = app.screen.text
        assert "## A step" in text and "Shift and a letter" in text
        row = f"| {kind_keys(step_kinds(), KIND_KEYS, kind)} | `{kind}` |"
        assert row in text
        assert "| `a–z, shift+a–z` | kind: by its letter" in text
        assert app.screen.query_one(Markdown)
