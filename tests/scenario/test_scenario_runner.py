# ruff: noqa: E501  (TOML test data reads best on one line)
"""Replay: each step's outcome as the format's Outcomes section defines it, and expectations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scenario_text import ASSUME, DAVID, ROLE, SESSION_ARN, SIGN_IN, WORLD, call

from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)  # the format's default start


def run(text: str):  # type: ignore[no-untyped-def]
    return replay(load_scenario_text(text, "t.toml"))


def outcomes(text: str) -> list[str]:
    return [r.outcome for r in run(text).results]


def test_call_before_sign_in_is_missing_authentication_token() -> None:
    assert outcomes(WORLD + call("s3:GetObject")) == ["MissingAuthenticationToken"]


def test_cross_account_tutorial_outcomes() -> None:
    """XA-02/XA-04: as himself David cannot write production; inside the role he can; the
    role's explicit deny wins; exit brings David back."""
    text = (WORLD + SIGN_IN + call("s3:PutObject") + ASSUME + call("s3:PutObject")
            + call("s3:DeleteObject") + '\n[[steps]]\ndo = "exit"\n' + call("s3:PutObject"))
    assert outcomes(text) == ["ok", "implicitDeny", "ok", "allowed", "explicitDeny", "ok",
                              "implicitDeny"]


def test_sign_in_reports_identity_and_assume_role_reports_session() -> None:
    result = run(WORLD + SIGN_IN + ASSUME).results
    assert result[0].identity is not None and result[0].identity.arn == DAVID
    assert result[0].session is None
    session = result[1].session
    assert session is not None and session.arn == SESSION_ARN  # ID-03
    assert session.expiration == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)  # AR-03: 1 h default
    assert [s.arn for s in result[1].stack] == [DAVID, SESSION_ARN]


def test_denied_is_met_by_explicit_and_implicit_deny() -> None:
    text = (WORLD + SIGN_IN + call("s3:PutObject", expect="denied") + ASSUME
            + call("s3:DeleteObject", expect="denied"))
    result = run(text)
    assert [r.outcome for r in result.results if r.do == "call"] == ["implicitDeny",
                                                                     "explicitDeny"]
    assert [r.met for r in result.results] == [None, True, None, True]
    assert result.passed


def test_unmet_expectation_fails_the_replay_and_says_why() -> None:
    result = run(WORLD + SIGN_IN + ASSUME + call("s3:DeleteObject", expect="implicitDeny"))
    last = result.results[-1]
    assert last.met is False and not result.passed
    assert last.unmet == ['expected "implicitDeny", got "explicitDeny"']


def test_steps_without_expect_have_met_none() -> None:
    result = run(WORLD + SIGN_IN)
    assert result.results[0].expected is None and result.results[0].met is None
    assert result.passed


def test_ar18_assume_missing_role_is_access_denied_and_leaves_the_stack() -> None:
    text = WORLD + SIGN_IN + ASSUME.replace("role/UpdateApp", "role/Nope") + call("s3:PutObject")
    result = run(text)
    assert result.results[1].outcome == "AccessDenied"
    assert [s.arn for s in result.results[1].stack] == [DAVID]
    assert result.results[2].outcome == "implicitDeny"  # still David


def test_exit_with_nothing_above_the_identity() -> None:
    assert outcomes(WORLD + SIGN_IN + '\n[[steps]]\ndo = "exit"\n') == ["ok", "NothingToExit"]


def test_expired_session_calls_get_expired_token() -> None:
    """ER-07; the session expires at or past its expiration (format: Time)."""
    text = (WORLD + SIGN_IN + ASSUME + '\n[[steps]]\ndo = "advance"\nminutes = 59\n'
            + call("s3:PutObject") + '\n[[steps]]\ndo = "advance"\nseconds = 60\n'
            + call("s3:PutObject", expect="ExpiredToken"))
    result = run(text)
    assert [r.outcome for r in result.results] == ["ok", "ok", "ok", "allowed", "ok",
                                                   "ExpiredToken"]
    assert result.results[4].clock == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    assert result.passed


def test_start_key_sets_the_clock() -> None:
    text = WORLD.replace('title = "test world"',
                         'title = "test world"\nstart = 2027-03-04T05:06:07Z') + SIGN_IN
    assert run(text).results[0].clock == datetime(2027, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_expect_session_fields_must_all_match() -> None:
    good = ASSUME + f'expect_session = {{ arn = "{SESSION_ARN}", depth = 1, chained = false, ' \
                    'expiration = 2026-01-01T10:00:00Z }\n'
    assert run(WORLD + SIGN_IN + good).results[1].met is True
    bad = ASSUME + 'expect_session = { depth = 2, mfa = true }\n'
    result = run(WORLD + SIGN_IN + bad).results[1]
    assert result.met is False
    assert sorted(result.unmet) == ["expected session depth 2, got 1",
                                    "expected session mfa true, got false"]


def test_expect_session_on_a_failed_step_is_unmet() -> None:
    text = WORLD + SIGN_IN + ASSUME.replace("UpdateApp", "Nope") + "expect_session = { depth = 1 }\n"
    assert run(text).results[1].met is False


def test_expect_session_is_allowed_on_every_step() -> None:
    """The format: "Every step may carry expect, expect_session and note". On sign-in it is
    the signed-in identity (depth 0, no MFA: CK-08); after a call, the caller in force."""
    on_sign_in = SIGN_IN + f'expect_session = {{ arn = "{DAVID}", depth = 0, mfa = false }}\n'
    assert run(WORLD + on_sign_in).results[0].met is True
    on_call = call("s3:ListAllMyBuckets") + f'expect_session = {{ arn = "{SESSION_ARN}" }}\n'
    results = run(WORLD + SIGN_IN + ASSUME + on_call).results
    assert results[2].met is True
    wrong = SIGN_IN + 'expect_session = { depth = 1 }\n'
    assert run(WORLD + wrong).results[0].unmet == ["expected session depth 1, got 0"]


def test_ev16_world_change_is_felt_by_an_existing_session() -> None:
    put = f'''
[[steps]]
do = "put-policy"
principal = "{ROLE}"
name = "objects"
document = {{ Version = "2012-10-17", Statement = [{{ Effect = "Deny", Action = "*", Resource = "*" }}] }}
'''
    text = WORLD + SIGN_IN + ASSUME + call("s3:PutObject") + put + call("s3:PutObject")
    assert outcomes(text) == ["ok", "ok", "allowed", "ok", "explicitDeny"]


def test_malformed_document_in_a_step_fails_only_that_step() -> None:
    bad = f'''
[[steps]]
do = "update-trust"
role = "{ROLE}"
trust = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Permit"}}]}}'
'''
    text = WORLD + SIGN_IN + bad + ASSUME
    assert outcomes(text) == ["ok", "MalformedPolicyDocument", "ok"]


def test_sign_in_naming_no_one_makes_the_file_unrunnable() -> None:
    text = WORLD + SIGN_IN.replace("user/David", "user/Ghost")
    with pytest.raises(ScenarioError) as info:
        run(text)
    assert str(info.value).startswith("t.toml:")
    assert "steps[0].principal" in str(info.value)


def test_upto_replays_a_prefix() -> None:
    scenario = load_scenario_text(WORLD + SIGN_IN + ASSUME + call("s3:PutObject"))
    partial = replay(scenario, 2)
    assert len(partial.results) == 2
    assert partial.simulator.top.arn == SESSION_ARN
    assert len(replay(scenario, 0).results) == 0
    assert len(replay(scenario).results) == 3


def test_call_explanation_names_the_deciding_statement() -> None:
    result = run(WORLD + SIGN_IN + ASSUME + call("s3:DeleteObject")).results[-1]
    assert result.decision is not None
    assert any("Statement[1]" in line for line in result.explanation)


def test_context_values_become_strings() -> None:
    text = WORLD + SIGN_IN + call("s3:PutObject") + \
        'context = { "aws:SecureTransport" = false, "s3:max-keys" = 5, "aws:TagKeys" = [] }\n'
    assert outcomes(text) == ["ok", "implicitDeny"]


SLR = "arn:aws:iam::111111111111:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"


def test_slr02_world_change_on_a_service_linked_role_fails_and_changes_nothing() -> None:
    text = WORLD + f'''
[[roles]]
arn = "{SLR}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ Service = "elasticbeanstalk.amazonaws.com" }}, Action = "sts:AssumeRole" }}] }}
''' + SIGN_IN + f'''
[[steps]]
do = "put-policy"
principal = "{SLR}"
name = "extra"
document = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "*", Resource = "*" }}] }}
expect = "UnmodifiableEntity"

[[steps]]
do = "attach-policy"
principal = "{SLR}"
policy = "arn:aws:iam::aws:policy/ReadOnlyAccess"
expect = "UnmodifiableEntity"
'''
    result = run(text)
    assert [r.outcome for r in result.results] == ["ok", "UnmodifiableEntity", "UnmodifiableEntity"]
    assert result.passed
    role = result.world.roles[SLR]
    assert role.inline == {} and role.policies == []
    assert [s.arn for s in result.results[-1].stack] == [DAVID]


def test_refused_assume_role_explains_with_aws_message_and_the_trust_decision() -> None:
    text = WORLD.replace('AWS = "arn:aws:iam::222222222222:root"',
                         'AWS = "arn:aws:iam::333333333333:root"') + SIGN_IN + ASSUME
    result = run(text).results[1]
    assert result.outcome == "AccessDenied"
    assert result.explanation[0].startswith(f"User: {DAVID} is not authorized to perform: "
                                            f"sts:AssumeRole on resource: {ROLE}")  # ER-04
    assert len(result.explanation) > 1  # the trust policy's verdict follows
