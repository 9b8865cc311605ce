"""The account form, opened with real keys: a new account's ID is an example to type over; an
existing account's ID is its own, and the form must not call it an example."""

from __future__ import annotations

from test_builder_flows import select
from textual.widgets import Input, Label

from rolesim.ui.app import make_app
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)


def _id_label(form: EntityForm) -> str:
    return str(form.query_one("#row-id").query_one(Label).render())


async def test_editing_an_account_does_not_call_its_id_an_example() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EntityForm) and form.spec is not None
        assert form.query_one("#id", Input).value == "111111111111"
        assert "example" not in _id_label(form)
        await pilot.press("escape")
        await pilot.press("n")  # a new account: its ID is an example, and says so
        assert "example" in _id_label(app.screen)  # type: ignore[arg-type]


async def test_editing_an_account_keeps_its_scp_names(tmp_path: object) -> None:
    """The SCPs' own names (scp_names, used by every explanation) survive renaming the
    account in its form, as its SCPs do."""
    from pathlib import Path

    source = Path(str(tmp_path)) / "s.toml"
    allow = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
    source.write_text(f'format = 1\ntitle = "t"\n\n[[accounts]]\nid = "111111111111"\n'
                      f"scps = ['{allow}']\nscp_names = [\"FullAWSAccess\"]\n")
    app = make_app(source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        await pilot.press("e")
        assert isinstance(app.screen, EntityForm)
        app.screen.query_one("#name", Input).value = "prod"
        await pilot.press("ctrl+s")
        await pilot.pause()
        account = app.workspace.scenario.accounts[0]
        assert account.name == "prod" and account.scp_names == ["FullAWSAccess"]
