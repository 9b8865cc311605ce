"""The Why of every outcome, allowed or not (the runner's `why()`, which the transcript, the
JSON `explanation` and the TUI's Why tab all read). Expected words follow the fact sheet:
XA-01/TP-10 (cross-account needs both halves), TP-09 (one account: a trust naming the caller
is enough; naming only the account delegates), AR-03/AR-04/CH-02 (where a duration comes
from), TAG-06/TAG-10/TAG-12/TAG-16 (tags), ER-07 (expired credentials), CH-07 (self-trust).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rolesim.scenario.load import load_scenario, load_scenario_text
from rolesim.scenario.report import report_json, transcript
from rolesim.scenario.runner import StepResult, replay

ROOT = Path(__file__).resolve().parents[2]
A, B = "111111111111", "222222222222"

WORLD = f"""
format = 1
title = "why"
start = 2026-01-01T09:00:00Z

[[users]]
arn = "arn:aws:iam::{B}:user/dev"
inline.go = '''{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
  "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "*"}}]}}'''

[[users]]
arn = "arn:aws:iam::{A}:user/local"

[[users]]
arn = "arn:aws:iam::{A}:user/delegated"
inline.go = '''{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
  "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::{A}:role/*"}}]}}'''

[[roles]]
arn = "arn:aws:iam::{A}:role/Deploy"
max_session_duration = 14400
tags = {{ team = "ops", stage = "prod" }}
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{B}:root"}},
    "Action": ["sts:AssumeRole", "sts:TagSession"]}},
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:user/local"}},
    "Action": "sts:AssumeRole"}},
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:root"}},
    "Action": "sts:AssumeRole"}}]}}'''
inline.work = '''{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
  "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "*"}}]}}'''

[[roles]]
arn = "arn:aws:iam::{A}:role/Audit"
max_session_duration = 43200
trust = '''{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
  "Principal": {{"AWS": "arn:aws:iam::{A}:role/Deploy"}},
  "Action": ["sts:AssumeRole", "sts:TagSession"]}}]}}'''
"""


def step(do: str, **fields: object) -> str:
    lines = ["", "[[steps]]", f'do = "{do}"']
    for key, value in fields.items():
        if isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, dict):
            inner = ", ".join(f'{k} = "{v}"' for k, v in value.items())
            lines.append(f"{key} = {{ {inner} }}")
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(repr(v).replace(chr(39), chr(34)) for v in value)}]")
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def run(*steps: str) -> list[StepResult]:
    return replay(load_scenario_text(WORLD + "".join(steps), "why.toml")).results


def said(result: StepResult) -> str:
    return "\n".join(str(line) for line in result.why())


DEPLOY = f"arn:aws:iam::{A}:role/Deploy"
AUDIT = f"arn:aws:iam::{A}:role/Audit"


def test_xa01_tp10_allowed_cross_account_assume_says_both_halves() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("assume-role", role=DEPLOY, session_name="dev"))
    text = said(results[1])
    assert "Both halves allowed it: cross-account (XA-01, TP-10)" in text
    caller_side = text.index(f"Caller's side, account {B}")
    role_side = text.index(f"Role's side, account {A}")
    assert caller_side < text.index("▶ Allow in identity-based policy go") < role_side
    assert role_side < text.index("▶ Allow in the trust policy of Deploy, Statement[0]")
    assert "Either one silent is AccessDenied" in text


def test_tp09_same_account_trust_naming_the_caller_is_enough() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{A}:user/local"),
                  step("assume-role", role=DEPLOY, session_name="local"))
    assert results[1].outcome == "ok"  # local has no identity policy at all (TP-09)
    text = said(results[1])
    assert "same account, caller named (TP-09)" in text
    assert "Statement[1]" in text and "no identity policy was needed" in text
    assert "identity-based policy" not in text


def test_tp09_ev08_same_account_trust_naming_only_the_account_needs_the_identity_policy() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{A}:user/delegated"),
                  step("assume-role", role=DEPLOY, session_name="dd"))
    text = said(results[1])
    assert "trust names only the account (TP-09)" in text
    assert "▶ Allow in identity-based policy go" in text
    assert "(TP-09, EV-08)" in text


def test_ar03_ar04_ch02_where_the_expiry_comes_from() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("assume-role", role=DEPLOY, session_name="dev", duration=7200),
                  step("assume-role", role=AUDIT, session_name="audit"))
    first, chained = said(results[1]), said(results[2])
    assert "Expires 2026-01-01T11:00:00Z, 2 h after it was issued." in first
    assert "DurationSeconds 7200 (2 h) was asked for" in first
    assert "the role allows up to 4 h (its MaxSessionDuration, AR-04)" in first
    assert "Expires 2026-01-01T10:00:00Z, 1 h after it was issued." in chained
    assert "default of 1 h (AR-03, CH-03)" in chained
    assert "role chaining, so 1 h at most whatever the role allows (CH-02" in chained
    assert f"New session: arn:aws:sts::{A}:assumed-role/Audit/audit (was " \
           f"arn:aws:sts::{A}:assumed-role/Deploy/dev)" in chained


def test_xa01_tp10_a_refused_cross_account_assume_says_which_half_said_no() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{A}:user/local"),
                  step("assume-role", role=AUDIT, session_name="local"),
                  step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("call", action="s3:ListAllMyBuckets"))
    assert results[1].outcome == "AccessDenied"  # Audit's trust names only Deploy (TP-01)
    assert "The role's half said no" in said(results[1]) and "(TP-01)" in said(results[1])
    no_identity = WORLD.replace('"Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "*"',
                                '"Action": "s3:ListAllMyBuckets", "Resource": "*"', 1)
    assert no_identity != WORLD
    text = (no_identity + step("sign-in", principal=f"arn:aws:iam::{B}:user/dev")
            + step("assume-role", role=DEPLOY, session_name="dev"))
    refused = replay(load_scenario_text(text, "half.toml")).results[1]
    assert refused.outcome == "AccessDenied"  # the trust names B's account; B's side is silent
    assert "The caller's half said no" in said(refused)
    assert "both halves must allow" in said(refused) and "(XA-01, TP-10)" in said(refused)


def test_ch02_a_chained_two_hour_session_says_why_the_cap_exists() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("assume-role", role=DEPLOY, session_name="dev"),
                  step("assume-role", role=AUDIT, session_name="audit", duration=7200))
    assert results[2].outcome == "ValidationError"
    text = said(results[2])
    assert "1 hour session limit for roles assumed by role chaining" in text  # AWS's words
    assert "whatever the role's MaxSessionDuration (12 h) (CH-02)" in text
    assert "Why the cap exists" in text and "derived from temporary" in text


def test_tag01_tag10_tag16_tag06_tags_passed_inherited_dropped_overridden() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("assume-role", role=DEPLOY, session_name="dev",
                       tags={"project": "apollo", "team": "dev", "cost": "42"},
                       transitive_tag_keys=["project"]),
                  step("assume-role", role=AUDIT, session_name="audit"))
    first, second = said(results[1]), said(results[2])
    assert "Session tags passed: project=apollo (transitive), team=dev and cost=42 (TAG-01)" \
        in first
    assert "The role tag team=ops is overridden by the session tag team=dev (TAG-06)." in first
    assert "Inherited as transitive from the calling session: project=apollo (TAG-10)." \
        in second
    assert "Dropped, not transitive in the calling session: team=dev and cost=42 (TAG-16)." \
        in second


def test_tag12_invalid_parameter_value_names_the_key() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("assume-role", role=DEPLOY, session_name="dev",
                       tags={"project": "apollo"}, transitive_tag_keys=["Team"]))
    assert results[1].outcome == "InvalidParameterValue"
    assert 'The transitive tag key "Team" is not among the tags passed (project)' \
        in said(results[1])


def test_er07_expired_token_names_the_session_and_when() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("assume-role", role=DEPLOY, session_name="dev"),
                  step("advance", minutes=61),
                  step("call", action="s3:ListAllMyBuckets"))
    assert results[3].outcome == "ExpiredToken"
    text = said(results[3])
    assert (f"The session arn:aws:sts::{A}:assumed-role/Deploy/dev expired at "
            "2026-01-01T10:00:00Z, issued 2026-01-01T09:00:00Z; the clock is now "
            "2026-01-01T10:01:00Z.") in text
    advance = said(results[2])
    assert "The clock is now 2026-01-01T10:01:00Z." in advance
    assert f"arn:aws:sts::{A}:assumed-role/Deploy/dev expired at" in advance


def test_ch07_self_assume_refused_says_since_when() -> None:
    results = run(step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("assume-role", role=DEPLOY, session_name="dev"),
                  step("assume-role", role=AUDIT, session_name="audit"),
                  step("assume-role", role=AUDIT, session_name="again"))
    assert results[3].outcome == "AccessDenied"  # Audit's trust names only Deploy
    text = said(results[3])
    assert "(CH-07)" in text and "June 2022" in text and "30 June 2023" in text


def test_a_long_list_of_patterns_is_summarised_not_printed_as_a_python_list() -> None:
    actions = ", ".join(f'"a4b:Get{n}*"' for n in range(40))
    world = WORLD.replace('inline.go = \'\'\'{"Version": "2012-10-17", "Statement": [{"Effect": '
                          '"Allow",\n  "Action": "sts:AssumeRole", "Resource": '
                          f'"arn:aws:iam::{A}:role/*"}}]}}\'\'\'',
                          f'inline.go = \'\'\'{{"Version": "2012-10-17", "Statement": [{{'
                          f'"Effect": "Allow", "Action": [{actions}], "Resource": "*"}}]}}\'\'\'')
    assert world != WORLD
    text = (world + step("sign-in", principal=f"arn:aws:iam::{A}:user/delegated")
            + step("call", action="s3:GetObject", resource="arn:aws:s3:::b/k"))
    result = replay(load_scenario_text(text, "long.toml")).results[1]
    lines = "\n".join(result.explain(full=True))  # with every statement (run --trace)
    assert "not matched by a4b:Get0*, a4b:Get1*, a4b:Get2* and 37 more" in lines
    assert "['" not in lines


PYTHON_REPR = re.compile(r"\['|\{'|'\]|\(\)|\bNone\b")
"""A list or dict repr, an empty tuple, None. (`${aws:PrincipalTag/team, 'shared'}` is policy
text, a variable with its default, and is left alone.)"""


LESSONS = sorted((ROOT / "rolesim" / "lessons").glob("*.toml"))


def test_the_shipped_lessons_are_found() -> None:
    assert len(LESSONS) >= 15


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem[:2])
def test_every_step_of_every_shipped_scenario_has_a_why_with_no_python_reprs(
        path: Path) -> None:
    """RULES: an explanation is part of every outcome. Every step that ran says something,
    and nothing reads as Python: no list or dict reprs, no None."""
    result = replay(load_scenario(path))
    for each in result.results:
        lines = [str(line) for line in each.why()]
        assert lines, f"step {each.number} ({each.do}) has no explanation"
        for line in [*lines, *each.explanation]:
            assert not PYTHON_REPR.search(line), f"step {each.number}: {line}"
    assert "[1] " in transcript(result)  # numbered from 1, as in the TUI
    assert report_json(result)["steps"][0]["index"] == 0  # the JSON index stays 0-based


def test_the_full_trace_names_a_trust_policy_once() -> None:
    """`run --trace` heads each policy considered with its kind and name: a trust policy's
    label already says what it is (TP-01: the role's half is its trust policy), so the kind is
    not said twice ('role trust policy trust policy of Deploy' before)."""
    results = run(step("sign-in", principal=f"arn:aws:iam::{A}:user/local"),
                  step("assume-role", role=AUDIT, session_name="local"))
    assert results[1].outcome == "AccessDenied"  # Audit's trust names only Deploy
    lines = results[1].explain(full=True)
    assert "  trust policy of Audit:" in lines, lines
    assert not [line for line in lines if "policy trust policy" in line]


def test_ch07_self_trust_is_not_blamed_when_the_trust_let_the_role_in() -> None:
    # Deploy's trust names its own account (TP-09): the trust half lets Deploy in. Once
    # Deploy's own policy is gone, its caller half refuses, and that is the reason given;
    # the self-trust rule (CH-07) did not decide it and is not named.
    results = run(step("sign-in", principal=f"arn:aws:iam::{B}:user/dev"),
                  step("assume-role", role=DEPLOY, session_name="dev"),
                  step("delete-policy", principal=DEPLOY, name="work"),
                  step("assume-role", role=DEPLOY, session_name="again"))
    assert results[3].outcome == "AccessDenied"
    text = said(results[3])
    assert "The caller's half said no: its identity-based policy does not allow" in text
    assert "CH-07" not in text and "assuming itself needs its own trust policy" not in text
