"""run_step makes a call step's StepResult field by field (runner._call_result, a shortcut
past the class call): it must give what the constructor gives, every field set."""

from __future__ import annotations

import dataclasses

from rolesim.core.clock import DEFAULT_START
from rolesim.scenario.runner import StepResult, _call_result
from rolesim.scenario.steps import CallStep


def test_call_result_matches_the_constructor_field_for_field() -> None:
    step = CallStep(action="s3:GetObject", resource="arn:aws:s3:::b/k", expect="allowed")
    made = _call_result(3, DEFAULT_START, "allowed", "allowed", step, None, "msg", (), ("n",))
    built = StepResult(3, "call", DEFAULT_START, "allowed", "allowed", None, step, None, None,
                       None, "msg", (), [], ("n",))
    for field in dataclasses.fields(StepResult):
        assert getattr(made, field.name) == getattr(built, field.name), field.name
    assert made.unmet is not built.unmet  # each result has its own list
