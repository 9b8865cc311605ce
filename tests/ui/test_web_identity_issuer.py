"""A new web-identity step's issuer starts on the world's OIDC provider when it has exactly
one (a SAML step's provider likewise); with several, none is guessed and the picker lists
them. Before, the issuer was always empty, though the world could hold only one answer."""

from __future__ import annotations

from test_stepper_dialogs import Host

from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.ui.steps.step_dialog import StepDialog
from rolesim.ui.steps.step_widgets import PickerInput

ACCOUNT = "111111111111"
GITHUB = "token.actions.githubusercontent.com"
GOOGLE = "accounts.google.com"
WORLD = f"""
format = 1
title = "federation"
[[accounts]]
id = "{ACCOUNT}"
[[providers]]
arn = "arn:aws:iam::{ACCOUNT}:oidc-provider/{GITHUB}"
audiences = ["sts.amazonaws.com"]
[[providers]]
arn = "arn:aws:iam::{ACCOUNT}:saml-provider/CorpIdP"
"""
SECOND_OIDC = f"""
[[providers]]
arn = "arn:aws:iam::{ACCOUNT}:oidc-provider/{GOOGLE}"
audiences = ["my-client-id"]
"""


def issuer_of(text: str, kind: str, field: str) -> tuple[str, list[str]]:
    """The field's value as a new step of `kind` opens, and what its picker offers."""
    import asyncio

    async def run() -> tuple[str, list[str]]:
        world = build_world(load_scenario_text(text, "w.toml"))
        app = Host(StepDialog(kind, world=world))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            picker = app.dialog.query_one(f"#field-{field}", PickerInput)
            return picker.value, [choice.value for choice in picker.choices]

    return asyncio.run(run())


def test_one_oidc_provider_is_the_issuer_of_a_new_web_identity_step() -> None:
    value, offered = issuer_of(WORLD, "assume-role-with-web-identity", "issuer")
    assert value == GITHUB  # host and path, no https:// (ID-02), as the provider names it
    assert offered == [GITHUB]


def test_with_two_oidc_providers_none_is_guessed_and_both_are_offered() -> None:
    value, offered = issuer_of(WORLD + SECOND_OIDC, "assume-role-with-web-identity", "issuer")
    assert value == ""
    assert offered == sorted([GITHUB, GOOGLE])


def test_one_saml_provider_is_the_provider_of_a_new_saml_step() -> None:
    value, _ = issuer_of(WORLD, "assume-role-with-saml", "provider")
    assert value == f"arn:aws:iam::{ACCOUNT}:saml-provider/CorpIdP"
