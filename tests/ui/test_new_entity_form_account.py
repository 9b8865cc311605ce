"""The Account field of the new-entity form: accounts by alias, and a role's trust template that
follows the account chosen there.

The form names its account in its title ("New role in account 222222222222 (production)"), but
its Account list showed bare IDs; and a new role's trust template was filled once, for the
account the form opened on: moving the role to the other account left "Another account"
naming the role's own account (a role trusting itself, not the other account, TP-09)."""

from __future__ import annotations

import json
from typing import Any

from test_builder_flows import app_for
from test_trainer_build_walk import DEV, PROD, SIZE, WORLD, new_form
from textual.widgets import Input, Select
from textual.widgets._select import SelectOverlay

from rolesim.ui.app import RolesimApp
from rolesim.ui.world.entity_form import EntityForm

THIRD = "333333333333"
THREE_ACCOUNTS = WORLD + f"""
[[accounts]]
id = "{THIRD}"
name = "audit"
"""


def trusted_accounts(app: RolesimApp, name: str) -> list[str]:
    """The accounts whose root the new role `name`'s trust policy names."""
    (role,) = [r for r in app.workspace.scenario.roles if r.arn.endswith(f":role/{name}")]
    trust = json.loads(role.trust) if isinstance(role.trust, str) else role.trust
    return [str(s["Principal"]["AWS"]).split(":")[4] for s in trust["Statement"]]


async def choose_account(form: EntityForm, pilot: Any, account: str) -> None:
    """Open the Account list and pick `account` with the arrow keys, as a user would."""
    select = form.query_one("#account", Select)
    select.focus()
    await pilot.press("enter")
    await pilot.pause()
    overlay = form.query_one(SelectOverlay)
    values = [value for _, value in select._options]  # the list shown, in its order
    overlay.highlighted = values.index(account)
    await pilot.press("enter")
    await pilot.pause()
    assert select.value == account


async def test_the_account_list_names_each_account_by_id_and_alias() -> None:
    app = app_for(THREE_ACCOUNTS)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_form(app, pilot, "n", "r")
        form.query_one("#account", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        overlay = form.query_one(SelectOverlay)
        shown = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert shown == [DEV, f"{PROD} (production)", f"{THIRD} (audit)"]
        assert form.query_one("#account", Select).value == PROD  # the value stays the ID


async def test_a_role_moved_to_the_other_account_trusts_the_account_it_left() -> None:
    """Opened on production ("Another account": development); moved to development, it
    trusts production, not development itself."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_form(app, pilot, "n", "r")
        await choose_account(form, pilot, DEV)
        form.query_one("#name", Input).focus()
        await pilot.press(*"Mover", "ctrl+s")
        await pilot.pause()
        assert trusted_accounts(app, "Mover") == [PROD]


async def test_the_trusted_account_typed_by_the_user_stays() -> None:
    app = app_for(THREE_ACCOUNTS)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_form(app, pilot, "n", "r")
        field = form.query_one("#param-trusted_account", Input)
        field.focus()
        await pilot.press("end", *["backspace"] * 12, *THIRD)
        await choose_account(form, pilot, DEV)
        assert form.query_one("#param-trusted_account", Input).value == THIRD


async def test_the_same_account_template_names_the_account_chosen() -> None:
    """A template the user chose stays; its blanks still at their default follow the account:
    "This account" trusts the root of the account the role goes to."""
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_form(app, pilot, "n", "r")
        form.query_one("#template", Select).value = "same-account"
        await pilot.pause()
        await choose_account(form, pilot, DEV)
        assert form.query_one("#template", Select).value == "same-account"
        form.query_one("#name", Input).focus()
        await pilot.press(*"Local", "ctrl+s")
        await pilot.pause()
        assert trusted_accounts(app, "Local") == [DEV]
