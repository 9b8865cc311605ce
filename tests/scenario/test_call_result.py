"""run_step makes a call step's StepResult field by field (a shortcut
past the class call): it must give what the constructor gives, every field set. And
run_steps leaves the collector's thresholds as it found them."""

from __future__ import annotations

import dataclasses
import gc

import pytest
from scenario_text import SIGN_IN, WORLD, call

from rolesim.core.clock import DEFAULT_START, Clock
from rolesim.core.sts.simulator import Simulator
from rolesim.scenario import bulk
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.plain_steps import PlainCall
from rolesim.scenario.runner import FEW_COLLECTIONS, StepResult, run_step, run_steps


@pytest.mark.parametrize("to_run", [False, True])
def test_a_call_steps_result_matches_the_constructor_field_for_field(to_run: bool) -> None:
    """run_step sets a call step's StepResult field by field: every field as the
    constructor would, and a list of its own for `unmet`. Loaded to run, the step is a
    PlainCall and its result a PlainCallResult: the same fields, its step the CallStep the
    usual reading makes."""
    text = WORLD + SIGN_IN + call("s3:GetObject", expect="denied")
    scenario = load_scenario_text(text, "t.toml", to_run)
    simulator = Simulator(build_world(scenario), Clock(DEFAULT_START), remember=True)
    run_step(simulator, scenario.steps[0], 0, scenario)
    step = scenario.steps[1]
    assert (type(step) is PlainCall) == to_run
    usual = load_scenario_text(text, "t.toml").steps[1]
    made = run_step(simulator, step, 1, scenario)
    built = StepResult(1, "call", DEFAULT_START, made.outcome, step.expect, made.met, usual,
                       None, None, made.decision, made.message, tuple(simulator.stack),
                       list(made.unmet), made.notes)
    assert made.outcome == "implicitDeny" and made.decision is not None and made.stack
    assert made.met is True and made.step == usual
    for field in dataclasses.fields(StepResult):
        assert getattr(made, field.name) == getattr(built, field.name), field.name
    again = run_step(simulator, step, 1, scenario)
    assert again.unmet is not made.unmet  # each result has its own list


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


def test_plain_calls_run_and_judged_make_no_call_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loaded to run, a plain call step is run, judged and written without its CallStep,
    met or not (a 20,000-call file checked in CI expects on every call); `--trace`, which
    writes each step in full, makes it."""
    import io

    from rolesim.scenario import plain_steps
    from rolesim.scenario.stream import write_report

    made: list[object] = []
    new = plain_steps._new  # what Shape.step makes a CallStep with: a module name, looked up
    # at each call by the source and by the mypyc build alike (a patched method is not)
    monkeypatch.setattr(plain_steps, "_new", lambda cls: made.append(cls) or new(cls))
    text = WORLD + SIGN_IN + call("s3:GetObject", expect="denied") * 3
    out = io.BytesIO()
    assert write_report(load_scenario_text(text, "t.toml", to_run=True), out, False)
    assert made == [] and out.getvalue().count(b"(expected denied: met)") == 3
    text += call("s3:GetObject", expect="allowed")
    for as_json in (True, False):
        out = io.BytesIO()
        assert not write_report(load_scenario_text(text, "t.toml", to_run=True), out, as_json)
        assert b'expected \\"allowed\\", got \\"implicitDeny\\"' in out.getvalue() or (
            b'! expected "allowed", got "implicitDeny"' in out.getvalue())
    assert made == []
    write_report(load_scenario_text(text, "t.toml", to_run=True), io.BytesIO(), False, True)
    assert len(made) >= 4  # each step made when read (a new, equal one at each read)
