"""The step dialogs' field table and text parsing: every parameter of every kind of step, read
back into the scenario model exactly as the scenario format spells it."""

from __future__ import annotations

import pytest

from rolesim.scenario.model import STEP_TYPES, AssumeRoleStep, CallStep
from rolesim.ui.steps.step_dialog import step_model
from rolesim.ui.steps.step_fields import (
    COMMON_FIELDS,
    STEP_FIELDS,
    FieldError,
    TagEntry,
    build_step,
    duration_warning,
    table_to_text,
    tags_from_step,
    text_to_table,
)
from rolesim.ui.steps.stepper_model import Guess, guess_right, guesses_for, short_arn


def test_every_kind_of_step_offers_every_parameter_of_the_format() -> None:
    assert set(STEP_FIELDS) == set(STEP_TYPES)
    for kind, specs in STEP_FIELDS.items():
        offered = {s.key for s in specs + COMMON_FIELDS} | {"do"}
        if kind == "assume-role":
            offered.add("transitive_tag_keys")  # the tag editor's transitive toggles
        if kind == "advance":
            offered = (offered - {"amount"}) | {"seconds", "minutes", "hours"}
        assert offered == set(STEP_TYPES[kind].model_fields), kind


def test_assume_role_with_transitive_tag_becomes_tags_and_transitive_keys() -> None:
    values = {
        "role": "arn:aws:iam::222222222222:role/Deploy", "session_name": "david",
        "duration": "900", "external_id": "ext-123",
        "tags": [TagEntry("project", "x", transitive=True), TagEntry("team", "ops"),
                 TagEntry("", "ignored")],
        "policy": '{"Version":"2012-10-17","Statement":[]}', "policy_arns": "a, b",
        "source_identity": "alice", "mfa": True, "expect": "ok", "note": "",
    }
    step = step_model(build_step("assume-role", values))
    assert isinstance(step, AssumeRoleStep)
    assert step.tags == {"project": "x", "team": "ops"}
    assert step.transitive_tag_keys == ["project"]
    assert (step.duration, step.external_id, step.source_identity, step.mfa) == (
        900, "ext-123", "alice", True)
    assert step.policy_arns == ["a", "b"]
    assert step.expect == "ok"


def test_call_context_keys_need_no_quotes_and_keep_toml_types() -> None:
    text = ('aws:SourceIp = "10.0.0.1"\naws:TagKeys = ["a", "b"]\ns3:max-keys = 10\n'
            "flag = true\nbare = hello")
    table = text_to_table("context", text)
    assert table == {"aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"], "s3:max-keys": 10,
                     "flag": True, "bare": "hello"}
    step = step_model(build_step("call", {"action": "s3:ListBucket", "resource": "",
                                          "context": text, "expect": "denied"}))
    assert isinstance(step, CallStep)
    assert step.resource == "*"  # empty resource: the format's default
    assert step.context["aws:TagKeys"] == ["a", "b"]
    assert text_to_table("context", table_to_text(table)) == table


def test_missing_required_field_names_it() -> None:
    with pytest.raises(FieldError) as caught:
        build_step("assume-role", {"role": "arn:aws:iam::1:role/R", "session_name": ""})
    assert caught.value.key == "session_name"


def test_unreadable_context_line_names_the_line() -> None:
    with pytest.raises(FieldError, match="line 2"):
        text_to_table("context", 'a = "1"\nno equals sign here')


def test_call_expectation_is_checked_by_the_scenario_model() -> None:
    with pytest.raises(FieldError) as caught:
        step_model(build_step("call", {"action": "s3:GetObject", "expect": "ok"}))
    assert caught.value.key == "expect"


def test_advance_uses_exactly_one_unit() -> None:
    step = build_step("advance", {"amount": (15, "minutes")})
    assert step == {"do": "advance", "minutes": 15}
    with pytest.raises(FieldError):
        build_step("advance", {"amount": (0, "minutes")})


def test_edit_keeps_the_parameters_it_was_given() -> None:
    original = {"do": "assume-role", "role": "r", "session_name": "s", "tags": {"k": "v"},
                "transitive_tag_keys": ["k"]}
    assert tags_from_step(original) == [TagEntry("k", "v", True)]
    rebuilt = build_step("assume-role", {"role": "r", "session_name": "s",
                                         "tags": tags_from_step(original)}, keep=original)
    assert rebuilt == original


def test_ar03_duration_outside_900_to_43200_is_flagged_but_kept() -> None:
    assert "ValidationError" in duration_warning("899")
    assert "ValidationError" in duration_warning("43201")
    assert duration_warning("3600") == ""
    assert "CH-02" in duration_warning("7200")
    assert build_step("get-session-token", {"duration": "899"})["duration"] == 899


def test_predict_choices_separate_explicit_and_implicit_deny() -> None:
    """A call's outcomes are the policy simulator's words (the format's Outcomes): allowed,
    explicitDeny, implicitDeny, or an error before evaluation (ER-07)."""
    choices = guesses_for("call")
    assert [g.covers for g in choices] == [("allowed",), ("explicitDeny",), ("implicitDeny",),
                                           ("ExpiredToken",), ("MissingAuthenticationToken",)]
    _allowed, explicit, implicit, expired, _missing = choices
    assert guess_right(explicit, "explicitDeny", "call")
    assert not guess_right(explicit, "implicitDeny", "call")
    assert guess_right(implicit, "implicitDeny", "call")
    assert not guess_right(implicit, "explicitDeny", "call")
    assert guess_right(expired, "ExpiredToken", "call")


def test_predict_sts_choices_are_the_error_codes_of_the_kind_er05() -> None:
    """STS steps offer `ok` and AWS's error codes for that kind (ER-04, ER-05, ER-07), in a
    fixed order, then a catch-all that covers only codes not listed."""
    codes = [g.covers[0] for g in guesses_for("assume-role") if g.covers]
    assert codes[:3] == ["ok", "AccessDenied", "ValidationError"]
    assert {"InvalidParameterValue", "MalformedPolicyDocument", "PackedPolicyTooLarge",
            "ExpiredToken", "RegionDisabledException"} <= set(codes)
    web = [g.covers[0] for g in guesses_for("assume-role-with-web-identity") if g.covers]
    assert {"InvalidIdentityToken", "ExpiredTokenException", "IDPRejectedClaim"} <= set(web)
    other = guesses_for("assume-role")[-1]
    assert other.covers == () and other.label == "another error code"
    assert guess_right(other, "MissingAuthenticationToken", "assume-role")
    assert not guess_right(other, "InvalidParameterValue", "assume-role")
    assert not guess_right(other, "ok", "assume-role")
    ok = guesses_for("assume-role")[0]
    assert isinstance(ok, Guess) and ok.covers == ("ok",)
    assert [len(guesses_for(kind)) <= 9 for kind in ("assume-role", "get-session-token",
                                                     "assume-role-with-saml")] == [True] * 3


def test_every_step_of_a_kind_gets_the_same_choices() -> None:
    """The list itself must not hint at the answer: it depends on the kind only."""
    assert guesses_for("call") == guesses_for("call")
    assert [g.label for g in guesses_for("assume-role")] == [
        g.label for g in guesses_for("assume-role")]


def test_short_arn_names_the_account() -> None:
    arn = "arn:aws:iam::222222222222:role/Deploy"
    assert short_arn(arn, {"222222222222": "prod"}) == "role/Deploy in prod"
    assert short_arn(arn) == "role/Deploy in 222222222222"
    assert short_arn("arn:aws:s3:::bucket/key") == "bucket/key"
    assert short_arn("*") == "*"
