"""The 80-column step list shows the values that decide a step, as it does a call's context
keys (`aws:RequestedRegion=us-east-1`, test_learner_lesson_walk): session tags, SAML
attributes (among them the session tags, SAML-08) and a service's source ARN and account.
Steps that differ only by one of these looked the same (`attributes RoleSessionName,
PrincipalTag:Department`, `source-arn ✓ · source-account ✓`)."""

from __future__ import annotations

from types import SimpleNamespace

from rich.text import Text

from rolesim.lessons import lessons_dir
from rolesim.scenario.load import load_scenario
from rolesim.ui.steps.stepper import wrapped
from rolesim.ui.steps.stepper_model import step_summary

STEP_COLUMN = 28
"""The width of the step list's step column at 80x24."""


def _summaries(lesson: str, *, narrow: bool = True) -> list[str]:
    scenario = load_scenario(lessons_dir() / lesson)
    names = {a.id: a.name for a in scenario.accounts if a.name}
    return [step_summary(step, names, narrow=narrow) for step in scenario.steps]


def test_saml_steps_that_differ_by_the_session_name_differ_in_the_list() -> None:
    """Lesson 08, steps 7 and 8: `John Smith` (a space) is refused with InvalidIdentityToken
    (SAML-02), `raj@example.com` is not; both rows read `attributes RoleSessionName,
    PrincipalTag:Department`, narrow and wide."""
    for narrow in (True, False):
        summaries = _summaries("08-saml-federation-tags.toml", narrow=narrow)
        assert "RoleSessionName=John Smith, PrincipalTag:Department=engineering" in summaries[6]
        assert "RoleSessionName=raj@example.com, PrincipalTag:Department=engineering" \
            in summaries[7]


def test_saml_attributes_read_whole_at_80_columns() -> None:
    """Lesson 08, step 1: every pair on its own line(s), nothing cut (`, ` between pairs)."""
    summary = _summaries("08-saml-federation-tags.toml")[0]
    shown = wrapped(Text(f"assume-role-with-saml {summary}"), STEP_COLUMN).plain
    assert "…" not in shown
    for pair in ("PrincipalTag:Department=finance", "PrincipalTag:CostCenter=4410",
                 "TransitiveTagKeys=Department"):  # a multivalued attribute: its values
        assert pair in shown.replace("\n", "")


def test_session_tags_show_their_values_in_the_narrow_list() -> None:
    """Lesson 06: the session tags Dana passes, with their values (`Project=Other` after
    `Project=Unicorn` was made transitive: refused, TAG-11); transitive ones marked ⇢."""
    summaries = _summaries("06-transitive-session-tags.toml")
    assert summaries[1].endswith("tags Project=Unicorn, CostCenter=12345 · transitive Team")
    assert summaries[2].endswith("tags Project=Unicorn⇢, CostCenter=12345")
    assert summaries[4].endswith("tags Project=Other")


def test_a_long_tag_value_ends_in_an_ellipsis_as_a_context_value_does() -> None:
    step = SimpleNamespace(do="assume-role", role="arn:aws:iam::111111111111:role/R",
                           session_name="s", tags={"Team": "x" * 30, "Env": "prod"})
    narrow = step_summary(step, narrow=True)
    assert narrow.endswith(f"tags Team={'x' * 23}…, Env=prod")
    assert f"tags Team={'x' * 30} Env=prod" in step_summary(step)


def test_service_steps_that_differ_by_their_source_differ_in_the_narrow_list() -> None:
    """Lesson 03, steps 3 and 5: the scheduler's own schedule in 111111111111 is let in, one
    in 666666666666 is not (the confused-deputy guard, TP-15); both read `source-arn ✓ ·
    source-account ✓`."""
    summaries = _summaries("03-service-confused-deputy.toml")
    assert summaries[2].endswith("source-arn schedule/default/order-… · "
                                 "source-account 111111111111")
    assert summaries[4].endswith("source-arn schedule/default/steal-… · "
                                 "source-account 666666666666")
    assert summaries[8] != summaries[10]
