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


def test_assume_role_steps_that_differ_by_their_session_policy_differ_in_the_list() -> None:
    """Lesson 13, steps 2 and 3: both read `sess-policy`. Step 2's policy is cut off before its
    closing brackets (MalformedPolicyDocument, AR-14), step 3's also allows `iam:*` (which
    never adds a permission, AR-15). The row says what each allows, read leniently, and never
    whether the document is valid: in learner mode that is the answer to predict."""
    narrow = _summaries("13-session-policies.toml")
    assert narrow[1].endswith("as lee-report · sess-policy Allow s3:GetObject")
    assert narrow[2].endswith("as lee-report · sess-policy Allow s3:GetObject, iam:*")
    wide = _summaries("13-session-policies.toml", narrow=False)
    assert wide[2].endswith("· session policy Allow s3:GetObject, iam:*")
    for row in (*narrow, *wide):
        assert "JSON" not in row and "valid" not in row and "Malformed" not in row
    # step 10 passes the same scope as a managed policy: named, not counted (`policy-arns×1`)
    assert narrow[9].endswith("as auditor · policy-arns CuratedReadOnly")
    assert wide[9].endswith("policy ARNs policy/CuratedReadOnly in production")


def test_trust_updates_that_differ_by_their_new_trust_differ_in_the_list() -> None:
    """Lesson 32, steps 4, 7 and 14: three `update-trust` of BreakGlassAdmin that read the
    same; whom the new trust lets in is the point (TP-18). A principal in the role's own
    account goes without its account; one elsewhere keeps it (lesson 18)."""
    summaries = _summaries("32-update-assume-role-policy-backdoor.toml")
    assert "trust Allow user/security-lead, user/sam · by the caller" in summaries[3]
    assert "trust Allow user/security-lead · by the caller" in summaries[6]
    assert "trust Allow user/sam · by the caller" in summaries[13]
    assert _summaries("18-recreated-principal.toml")[8].endswith(
        "trust Allow user/ci-runner in development")


def test_policy_documents_a_change_writes_are_told_in_a_few_words() -> None:
    """Lesson 31: a new version allowing `*` before and after it is made the default; lesson
    26: a Deny on every action, with the condition key it tests; a statement's actions past
    the second are counted at 80 columns (`+1`), listed in full when wide."""
    assert _summaries("31-create-policy-version.toml")[2].endswith("DevTeamPolicy in "
                                                                   "production · Allow *")
    assert _summaries("31-create-policy-version.toml")[5].endswith("· Allow * · as default")
    assert _summaries("26-user-temporary-credentials.toml")[6].endswith(
        "· Deny * if aws:TokenIssueTime")
    narrow = _summaries("30-passrole-lambda-escalation.toml")[8]
    assert "Allow lambda:CreateFunction, lambda:InvokeFunction +1; Allow iam:PassRole if " \
        "iam:PassedToService" in narrow
    assert "lambda:InvokeFunction, lambda:UpdateFunctionCode; Allow iam:PassRole" in \
        _summaries("30-passrole-lambda-escalation.toml", narrow=False)[8]


def test_external_id_and_source_identity_values_show_at_80_columns() -> None:
    """Lesson 02, steps 4 and 6 pass different external IDs (the confused deputy, TP-13) and
    lesson 16, steps 3 and 4 different source identities (SI-01): both read `ext-id ✓` /
    `src-id ✓` at 80 columns. Now the value, cut at 24 characters with `…` as others are."""
    lesson02 = _summaries("02-third-party-external-id.toml")
    assert lesson02[3].endswith('· ext-id "Mallory-0b55e812"')
    assert lesson02[5].endswith('· ext-id "ExampleCorp-7f3a9c21"')
    lesson16 = _summaries("16-source-identity.toml")
    assert lesson16[2].endswith('· src-id "admin"')
    assert lesson16[3].endswith('· src-id "diego"')
    step = SimpleNamespace(do="assume-role", role="arn:aws:iam::111111111111:role/R",
                           session_name="s", external_id="e" * 30, source_identity="s" * 30)
    assert f'ext-id "{"e" * 23}…" · src-id "{"s" * 23}…"' in step_summary(step, narrow=True)
