"""The new-entity form's kind field follows what the user reads: shift and a letter goes
through the kinds whose name *as shown* starts with it (shift+i: identity provider, then
instance profile; not the internal names `instance_profile`, `instance`), and each letter of
its own is the first letter of a word of that name."""

from __future__ import annotations

from test_builder_flows import SIZE, select

from rolesim.ui.app import make_app
from rolesim.ui.common.kind_selector import KindSelector, kind_keys
from rolesim.ui.world.entity_form import KIND_HINTS, KIND_KEYS, KIND_TITLES, EntityForm
from rolesim.ui.world.world_tree import SECTIONS, NodeRef

ACCOUNT = NodeRef("account", "111111111111", "111111111111")


async def _kinds_after(*keys: str) -> list[str]:
    """The kind shown after each key, pressed on the new-entity form's kind field."""
    app = make_app()
    shown: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ACCOUNT)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, EntityForm)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            shown.append(form.query_one(KindSelector).kind)
            assert form.focused is form.query_one(KindSelector)  # shift+letter stays on it
    return shown


async def test_shift_i_goes_to_identity_provider_then_instance_profile() -> None:
    assert await _kinds_after("I", "I", "I") == ["provider", "instance_profile", "provider"]


async def test_shift_letters_follow_the_names_shown() -> None:
    assert await _kinds_after("M", "L", "E", "R", "R") == [
        "policy", "function", "instance", "role", "resource"]


def test_each_own_letter_starts_a_word_of_the_name_shown() -> None:
    for kind, letter in KIND_KEYS.items():
        words = KIND_TITLES[kind].lower().split()
        assert any(word.startswith(letter) for word in words) or kind == "resource", kind
    assert len(set(KIND_KEYS.values())) == len(KIND_KEYS)


def test_the_keys_the_field_shows_read_with_the_names() -> None:
    ways = {kind: kind_keys(KIND_HINTS, KIND_KEYS, kind, KIND_TITLES) for kind in KIND_HINTS}
    assert ways["provider"] == "i or shift+i"
    assert ways["instance_profile"] == "shift+i ×2"
    assert ways["instance"] == "e"
    assert ways["policy"] == "p"  # shift+m works too (one way shown when it is alone)
    assert ways["resource"] == "s or shift+r ×2"


def test_left_right_go_through_the_kinds_in_the_order_of_the_tree() -> None:
    order = [kind for kind, _ in SECTIONS]
    assert list(KIND_HINTS) == ["account", *order]


async def test_at_80x24_the_name_field_is_in_view_as_it_is_typed_into() -> None:
    """n, u at 80x24: the focused Name field was below the fold, the name typed unseen."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await select(app, pilot, ACCOUNT)
        await pilot.press("n", "u", *"alice")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntityForm)
        name = form.query_one("#name")
        assert form.focused is name
        fields = form.query_one("#fields").region
        assert fields.contains_region(name.region), (name.region, fields)
