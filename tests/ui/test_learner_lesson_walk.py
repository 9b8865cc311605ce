"""What a learner tripped over walking lessons 08, 11 and 15 in predict mode at 80x24: steps
that looked the same in the step list, a list of SAML attribute names cut with `…`, and the
reveal's decision cut off below the screen's edge with no way to read on."""

from __future__ import annotations

from typing import Any

from learner_fixture import screen_text
from rich.text import Text
from test_stepper_fixtures import open_scenario_tab, settled

from rolesim.lessons import lessons_dir
from rolesim.scenario.load import load_scenario
from rolesim.ui.app import make_app
from rolesim.ui.lesson.predict import RevealDialog
from rolesim.ui.steps.stepper import wrapped
from rolesim.ui.steps.stepper_model import step_summary

STEP_COLUMN = 28
"""The width of the step list's step column at 80x24."""


def _narrow_summaries(lesson: str) -> list[str]:
    scenario = load_scenario(lessons_dir() / lesson)
    names = {a.id: a.name for a in scenario.accounts if a.name}
    return [step_summary(step, names, narrow=True) for step in scenario.steps]


def test_calls_that_differ_only_by_their_region_differ_in_the_80_column_step_list() -> None:
    """Lesson 15, steps 2 and 3: RunInstances in us-east-1 is allowed and in ap-southeast-2
    denied by the region SCP (EV-02); the step list showed both as `ec2:RunInstances ·
    aws:RequestedRegion`, the one thing that decides hidden."""
    summaries = _narrow_summaries("15-scp-guardrail.toml")
    assert "aws:RequestedRegion=us-east-1" in summaries[1]
    assert "aws:RequestedRegion=ap-southeast-2" in summaries[2]


def test_saml_attribute_names_wrap_whole_in_the_80_column_step_list() -> None:
    """Lesson 08, step 1: the names were joined by bare commas into one word, which the list
    cut (`RoleSessionName,PrincipalTa…`)."""
    summary = _narrow_summaries("08-saml-federation-tags.toml")[0]
    shown = wrapped(Text(f"assume-role-with-saml {summary}"), STEP_COLUMN).plain
    assert "…" not in shown
    assert "PrincipalTag:Department" in shown.replace("\n", "")


async def test_the_reveal_at_80x24_shows_its_keys_and_scrolls_to_the_end() -> None:
    """Lesson 08, step 1: the decision and what changed run past 24 lines. They used to be cut
    off at the screen's edge with the keys line, and no key scrolled them."""
    app: Any = make_app(lessons_dir() / "08-saml-federation-tags.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n")
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        assert isinstance(app.screen, RevealDialog)
        assert "enter / esc: continue · ↓ pgdn: read on" in screen_text(app)
        assert "Session tags passed" not in screen_text(app)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settled(pilot)
        assert "Session tags passed: Department=finance" in screen_text(app)
        assert "enter / esc: continue" in screen_text(app)


async def test_v_brings_the_session_policy_into_view_at_80x24() -> None:
    """Lesson 13, step 2: whether the session policy can be read is the question (AR-14).
    At 80x24 `v` opened the document below the settings' few lines and did not scroll to it:
    the screen did not change, and the learner answered without the policy in view."""
    app: Any = make_app(lessons_dir() / "13-session-policies.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario_tab(pilot)
        await pilot.press("n", "n")  # sign-in runs unasked; step 2 asks
        await settled(pilot)
        assert "Session policy, in full" not in screen_text(app)
        await pilot.press("v")
        await settled(pilot)
        shown = screen_text(app)
        assert "Session policy, in full:" in shown
        assert '"s3:GetObject", "Resource": "arn:aws:s3:::example-datalake/curated/*"' in shown
