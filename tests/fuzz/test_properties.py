"""Hypothesis: any policy document is parsed or refused as MalformedPolicyDocument, and any
step in a scenario is run or refused as ScenarioError (the contract of issue 16)."""

from __future__ import annotations

import json
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolesim.core.policy.model import MalformedPolicyDocument, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay
from tests.fuzz.strategies import DOCUMENTS, steps
from tests.hardening import hostile

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(DOCUMENTS, st.sampled_from(list(PolicyType)), st.booleans())
def test_any_document_parses_or_is_malformed(document: Any, kind: PolicyType,
                                             as_text: bool) -> None:
    try:
        parse_policy(json.dumps(document) if as_text else document, kind)
    except MalformedPolicyDocument as exc:
        assert exc.message


@FAST
@given(st.lists(steps(), min_size=1, max_size=3))
def test_any_steps_run_or_are_refused_in_one_clear_way(tables: list[dict[str, Any]]) -> None:
    base = hostile.scenario()
    try:
        text = base + "\n" + tomli_w.dumps({"steps": tables})
    except (TypeError, ValueError):
        return  # not expressible in TOML (tomli_w refuses it): nothing to load
    try:
        result = replay(load_scenario_text(text, "fuzz.toml"))
    except ScenarioError as exc:
        assert str(exc).startswith("fuzz.toml")
        assert "\x1b" not in str(exc) and "\u202e" not in str(exc)
        return
    assert len(result.results) == len(tables) + 1
