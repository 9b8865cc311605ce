"""A new resource made with real keys, as a trainer does: an S3 bucket ARN has no account ID
(ID-01 shape `arn:partition:service:region:account:resource`, empty for S3; TP-15), so the
account it lives in is the one selected in the tree, and the world still builds; an ARN that
names its account (a KMS key, ID-01) cannot be given another owner."""

from __future__ import annotations

from test_builder_flows import select
from textual.widgets import Input

from rolesim.ui.app import make_app
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)


async def test_a_bucket_made_on_an_account_belongs_to_that_account() -> None:
    app = make_app()  # the tutorial: production 111111111111, development 222222222222
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, pilot, NodeRef("account", "222222222222", "222222222222"))
        await pilot.press("n", "s")
        form = app.screen
        assert isinstance(form, EntityForm) and form.kind == "resource"
        assert form.query_one("#account", Input).value == "222222222222"
        await pilot.press(*"arn:aws:s3:::class-bucket", "ctrl+s")
        await pilot.pause()
        spec = next(r for r in app.workspace.scenario.resources
                    if r.arn == "arn:aws:s3:::class-bucket")
        assert spec.account == "222222222222"
        assert app.workspace.check() is None
        assert app.workspace.world().resources["arn:aws:s3:::class-bucket"].account == \
            "222222222222"


async def test_a_bucket_with_no_account_is_refused_by_the_form() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        await pilot.press("n", "s", *"arn:aws:s3:::class-bucket", "tab")
        await pilot.press(*["backspace"] * 12, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntityForm)  # still open, saying why
        assert "names no account" in str(app.screen.query_one("#form-error").render())
        assert all(r.arn != "arn:aws:s3:::class-bucket"
                   for r in app.workspace.scenario.resources)


async def test_a_key_arn_keeps_the_account_it_names() -> None:
    """ID-01: the account field of a KMS key ARN is its owner."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, pilot, NodeRef("account", "111111111111", "111111111111"))
        key = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        await pilot.press("n", "s", *key, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntityForm)
        assert "222222222222" in str(app.screen.query_one("#form-error").render())
        await pilot.press("tab", *["backspace"] * 12, "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EntityForm)
        assert app.workspace.world().resources[key].account == "222222222222"
