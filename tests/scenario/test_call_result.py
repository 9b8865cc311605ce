"""run_step makes a call step's StepResult field by field (runner._call_result, a shortcut
past the class call): it must give what the constructor gives, every field set. And
run_steps leaves the collector's thresholds as it found them."""

from __future__ import annotations

import dataclasses
import gc

import pytest
from scenario_text import SIGN_IN, WORLD, call

from rolesim.core.clock import DEFAULT_START
from rolesim.scenario import bulk
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import FEW_COLLECTIONS, StepResult, _call_result, run_steps
from rolesim.scenario.steps import CallStep


def test_call_result_matches_the_constructor_field_for_field() -> None:
    step = CallStep(action="s3:GetObject", resource="arn:aws:s3:::b/k", expect="allowed")
    made = _call_result(3, DEFAULT_START, "allowed", "allowed", step, None, "msg", (), ("n",))
    built = StepResult(3, "call", DEFAULT_START, "allowed", "allowed", None, step, None, None,
                       None, "msg", (), [], ("n",))
    for field in dataclasses.fields(StepResult):
        assert getattr(made, field.name) == getattr(built, field.name), field.name
    assert made.unmet is not built.unmet  # each result has its own list


def test_run_steps_restores_the_collectors_threshold_when_done_or_stopped_early() -> None:
    """run_steps raises the collector's first threshold while it runs (runner.FEW_COLLECTIONS)
    and gives the caller's back, whether every step was read or the reader stopped."""
    text = WORLD + SIGN_IN + call("s3:PutObject") + call("s3:GetObject")
    scenario = load_scenario_text(text, "t.toml")
    before = gc.get_threshold()
    steps = run_steps(scenario)
    next(steps)
    assert gc.get_threshold()[0] == FEW_COLLECTIONS
    steps.close()
    assert gc.get_threshold() == before
    assert [r.outcome for r in run_steps(scenario)] == ["ok", "implicitDeny", "implicitDeny"]
    assert gc.get_threshold() == before


def test_run_steps_freezes_what_it_leaves_only_when_the_caller_froze_what_it_loaded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`rolesim run` freezes the world it loaded (bulk.loading_to_keep) and exits after the
    steps: then what the steps leave is frozen too. Anyone else keeps a collectable heap."""
    scenario = load_scenario_text(WORLD + SIGN_IN + call("s3:GetObject"), "t.toml")
    gc.unfreeze()
    try:
        monkeypatch.setattr(bulk, "_keeping", [False])
        assert [r.outcome for r in run_steps(scenario)] == ["ok", "implicitDeny"]
        assert gc.get_freeze_count() == 0
        with bulk.loading_to_keep():
            pass
        frozen = gc.get_freeze_count()
        kept = [r.outcome for r in run_steps(scenario)]  # a new world: objects to keep
        assert kept == ["ok", "implicitDeny"] and gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
