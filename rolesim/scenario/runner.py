"""Replay a scenario's steps on the STS simulator; each step gets exactly one outcome.

Outcomes (scenario format): every step but `call` is `ok` or the AWS error code; a call is
`allowed`, `explicitDeny`, `implicitDeny`, `ExpiredToken` or `MissingAuthenticationToken`.
`expect = "denied"` is met by either deny. A step that fails leaves the stack as it was (the
simulator checks before it changes the world). Explanations are built only when read, so a
replay stays cheap.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from rolesim.core import why
from rolesim.core.clock import DEFAULT_START, Clock, ClockRangeError
from rolesim.core.decision import Decision
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import Session
from rolesim.core.why import Tone, WhyLine, plain
from rolesim.core.world import World
from rolesim.scenario import model as m
from rolesim.scenario.build import build_world
from rolesim.scenario.bulk import keeping
from rolesim.scenario.errors import Problem, ScenarioError, format_path
from rolesim.scenario.locate import Locator
from rolesim.scenario.model import Scenario
from rolesim.scenario.plain_steps import PlainCall
from rolesim.scenario.steps import CallStep

if TYPE_CHECKING:
    from rolesim.core.sts.simulator import Simulator

DENIALS = frozenset({"explicitDeny", "implicitDeny"})


@dataclass(eq=False, slots=True)
class StepResult:
    """What one step did. `session` is the session a successful step pushed, `identity` the
    signed-in session after a successful sign-in; `stack` the credential stack after the step
    (bottom first). `unmet` says why the expectation was not met."""

    index: int
    do: str
    clock: datetime
    outcome: str
    expected: str | None
    met: bool | None
    step: m.StepBase
    session: Session | None = None
    identity: Session | None = None
    decision: Decision | None = None
    message: str = ""
    stack: tuple[Session, ...] = ()
    unmet: list[str] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    """Sentences for a learner beyond AWS's message (the key at fault, the reason for a rule,
    which session expired)."""
    _explanation: list[str] | None = field(default=None, repr=False)

    @property
    def number(self) -> int:
        """The step's number as people see it (1-based); `index` is the JSON's 0-based one."""
        return self.index + 1

    @property
    def ok(self) -> bool:
        """The step succeeded (a call was allowed)."""
        return self.outcome in ("ok", "allowed")

    def why(self, names: Mapping[str, str] | None = None) -> list[WhyLine]:
        """Why the step came out as it did, for every outcome: AWS's message and the reasons
        behind it, the deciding statements, and for a new session both halves and what
        changed. Built when read, so a replay stays cheap."""
        lines = [WhyLine(self.message)] if self.message else []
        if self.decision is not None:
            lines += why.decision_lines(self.decision)
        lines += [WhyLine(note, Tone.NOTE) for note in self.notes]
        if self.decision is not None and self.outcome == "AccessDenied" and self.stack:
            role = getattr(self.step, "role", None)
            if self.do == "assume-role" and isinstance(role, str) and role.count(":") >= 5:
                lines += why.refused_lines(self.decision, self.stack[-1].account,
                                           role.split(":")[4])
        if self.session is not None:
            lines += why.granted_lines(self.session, names)
        elif self.identity is not None:
            lines += why.signed_in_lines(self.identity)
        elif self.outcome == "ok" and self.do == "exit":
            lines += why.exited_lines(self.stack[-1] if self.stack else None)
        elif self.outcome == "ok" and self.do == "advance":
            lines += why.advanced_lines(self.clock, self.stack)
        elif self.outcome == "ok" and self.step.changes_world:
            lines.append(why.WORLD_CHANGED)
        return lines

    @property
    def explanation(self) -> list[str]:
        """The Why as lines of text (built on first read; with every policy and statement the
        evaluator considered: `explain(full=True)`, `run --trace`)."""
        if self._explanation is None:
            self._explanation = self.explain(full=False)
        return self._explanation

    def explain(self, full: bool) -> list[str]:
        """The Why as lines of text; with `full`, then every policy and statement considered."""
        if self.do == "call" and self.decision is not None and not full:
            # what why() gives a decided call, as text at once (the bulk of a big report)
            lines = why.decision_text(self.decision)  # a new list: ours to extend
            if self.message:
                lines.insert(0, self.message)
            if self.notes:
                lines += self.notes
            return lines
        lines = plain(self.why())
        if full and self.decision is not None:
            lines += self.decision.explain(full=True)[1 + len(self.decision.deciding):]
        return lines


@dataclass(eq=False)
class Replay:
    """The results of the steps replayed, and the simulator in its final state."""

    scenario: Scenario
    results: list[StepResult]
    simulator: Simulator

    @property
    def passed(self) -> bool:
        """Every `expect` met (steps without one do not count)."""
        return all(r.met is not False for r in self.results)

    @property
    def world(self) -> World:
        return self.simulator.world


def start_time(scenario: Scenario) -> datetime:
    return scenario.start if scenario.start is not None else DEFAULT_START


def replay(scenario: Scenario, upto: int | None = None, world: World | None = None) -> Replay:
    """Build the world and run `scenario.steps[:upto]` (all steps when `upto` is None).

    `replay(s, 3)` leaves the simulator as it is after steps 0, 1 and 2. Raises ScenarioError
    when the file cannot be run (a bad world, a sign-in that names no one).
    """
    from rolesim.core.sts.simulator import Simulator

    if world is None:
        world = build_world(scenario)
    simulator = Simulator(world, Clock(start_time(scenario)), remember=True)
    steps = scenario.steps if upto is None else scenario.steps[:upto]
    results: list[StepResult] = []
    append = results.append
    for index, step in enumerate(steps):
        append(run_step(simulator, step, index, scenario))
    return Replay(scenario, results, simulator)


def run_steps(scenario: Scenario, world: World | None = None) -> Iterator[StepResult]:
    """Each step's result as it is run, none kept: for reports written as they go. The world
    is built (or ScenarioError raised) before the first result."""
    from rolesim.core.sts.simulator import Simulator

    simulator = Simulator(world if world is not None else build_world(scenario),
                          Clock(start_time(scenario)), remember=True)
    with _few_collections():
        for index, step in enumerate(scenario.steps):
            yield run_step(simulator, step, index, scenario)


FEW_COLLECTIONS = 100_000
"""The cyclic collector's first threshold while `run_steps` runs (CPython's is 700). Steps
leave few objects alive (compiled policies, plans, remembered facts) and almost no cyclic
garbage, yet at 700 each batch of survivors is walked again by every collection until it
is old (on the generated 20,000-call world, 137 collections and a full one). At this
threshold collections still come, so cyclic garbage stays bounded."""


@contextmanager
def _few_collections() -> Iterator[None]:
    """The collector's first threshold raised inside, restored on leaving (also when the
    reader of `run_steps` stops early: closing the generator leaves the block). When the
    caller froze what it loaded (`bulk.loading_to_keep`: a command that runs once and exits,
    as `rolesim run`), what the steps leave alive is frozen too on leaving: it is kept until
    the process exits, and would otherwise be walked by the next collection and again by
    Python's at exit (3.7% of `run --json`'s instructions per call step)."""
    threshold = gc.get_threshold()
    keep = keeping()
    gc.set_threshold(FEW_COLLECTIONS, *threshold[1:])
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        gc.set_threshold(*threshold)


def run_step(simulator: Simulator, step: m.StepBase | PlainCall, index: int,
             scenario: Scenario | None = None) -> StepResult:
    """Run one step on `simulator`; its outcome and whether it met its expectation. A
    PlainCall (a scenario loaded to run) gives a PlainCallResult, whose step is made when
    read."""
    if type(step) is PlainCall:  # the bulk of a big file loaded by `rolesim run`
        shape = step.shape
        action, resource, context = step.action, step.resource, shape.context
        expect = shape.expect
        judged = expect is not None
    elif type(step) is CallStep:  # the same, loaded to edit or step through
        # the fields read once from the model's __dict__ (where pydantic keeps them): each
        # attribute read on a pydantic model goes through its __getattr__ hook, a slow lookup
        fields = step.__dict__
        action, resource, context = fields["action"], fields["resource"], fields["context"]
        expect = fields["expect"]
        judged = expect is not None or fields["expect_session"] is not None
    else:
        return _run_general(simulator, step, index, scenario)
    # a call: the simulator's at once, without the typed request and its Performed (the
    # same outcome; anything unusual goes the general way)
    try:
        outcome, decision, message, notes = simulator.call_outcome(action, resource, context)
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, RecursionError):
        # the general path names the step in its error (a call changes nothing)
        made = step.step() if type(step) is PlainCall else step
        return _run_general(simulator, made, index, scenario)
    # The StepResult made field by field, without the class call (calling a class with a
    # Python `__init__` takes the interpreter's slow path) and without a helper's frame:
    # every field set as `StepResult(...)` sets it (tests/scenario check it stays so).
    if type(step) is PlainCall:
        plain: PlainCallResult = _new(PlainCallResult)
        plain.call = step
        result: StepResult = plain
    else:
        result = _new(StepResult)
        result.step = step
    result.index = index
    result.do = "call"
    result.clock = simulator.clock.now
    result.outcome = outcome
    result.expected = expect
    result.met = None
    result.session = None
    result.identity = None
    result.decision = decision
    result.message = message
    result.stack = tuple(simulator.stack)
    result.unmet = []
    result.notes = notes
    result._explanation = None
    if judged:
        _judge(result, step)  # a PlainCall answers what _judge reads as its CallStep
    return result


class PlainCallResult(StepResult):
    """A PlainCall's result: the same fields, its `step` (the CallStep) made when read (a
    new, equal one at each read): `rolesim run` reads it only for what it writes in full
    (an unmet expectation, `--trace`), so a big file's calls make none."""

    __slots__ = ("call",)

    call: PlainCall

    @property
    def step(self) -> m.StepBase:
        return self.call.step()

    @step.setter
    def step(self, value: m.StepBase) -> None:
        raise AttributeError("a PlainCallResult's step is made from its call")


_new = object.__new__


def _run_general(simulator: Simulator, step: m.StepBase, index: int,
                 scenario: Scenario | None) -> StepResult:
    stack_before = list(simulator.stack)
    decision: Decision | None = None
    session: Session | None = None
    message = ""
    notes: tuple[str, ...] = ()
    try:
        outcome, session, decision, message, notes = _perform(simulator, step)
    except StsError as exc:
        if getattr(exc, "unrunnable", False):
            raise _unrunnable(scenario, index, step, exc.message) from None
        simulator.stack[:] = stack_before
        outcome, message = exc.code, exc.message
        decision = getattr(exc, "decision", None)
        notes = tuple(exc.explanation)
    except ClockRangeError as exc:  # the step moved the clock past its range: say so
        raise _unrunnable(scenario, index, step, str(exc)) from None
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError,
            RecursionError) as exc:
        # input the checks let through, or a simulator bug: name the step, not a traceback
        raise _unrunnable(scenario, index, step, f"rolesim could not run this step: "
                          f"{type(exc).__name__}: {exc}") from None
    # positional: this runs once per step and keyword construction costs twice as much
    do = step.do
    identity = None
    if session is not None and do == "sign-in":
        identity, session = session, None
    result = StepResult(index, do, simulator.clock.now, outcome, step.expect, None, step,
                        session, identity, decision, message, tuple(simulator.stack), [], notes)
    if step.expect is not None or step.expect_session is not None:
        _judge(result, step)
    return result


def _judge(result: StepResult, step: m.StepBase | PlainCall) -> None:
    expect = step.expect
    if expect is not None:
        met = result.outcome == expect or (expect == "denied" and (
            result.outcome in DENIALS or (_by_caller(step) and result.outcome == "AccessDenied")))
        if not met:
            hint = ""
            if expect == "denied" and step.do != "call" and not _by_caller(step):
                hint = ' ("denied" is a call outcome; a refused STS step is "AccessDenied")'
            result.unmet.append(f'expected "{expect}", got "{result.outcome}"{hint}')
    if step.expect_session is not None:
        from rolesim.scenario.session_view import session_json, session_mismatches

        wanted = m.to_data(step.expect_session)
        # The format lets every step carry expect_session. A step that pushes a session is
        # judged on that session; any other step on the session in force after it (the
        # signed-in identity after sign-in, the top of the stack after a call or exit).
        if result.session is not None:
            target: Session | None = result.session
        elif result.outcome == "ok" or step.do == "call":
            target = result.stack[-1] if result.stack else None
        else:
            target = None
        if target is None:
            why = "the step failed" if result.outcome != "ok" and step.do != "call" else (
                "nobody is signed in")
            result.unmet.append(f"expected a session, but there is none ({why})")
        else:
            result.unmet += session_mismatches(wanted, session_json(target))
    if expect is not None or step.expect_session is not None:
        result.met = not result.unmet


def _by_caller(step: m.StepBase | PlainCall) -> bool:
    """A world-changing step made by the caller: refused, it is "denied" like a call."""
    return getattr(step, "by", None) == "caller"


def _unrunnable(scenario: Scenario | None, index: int, step: m.StepBase,
                message: str) -> ScenarioError:
    key_name = next((k for k in ("principal", "role", "instance_profile", "seconds", "minutes",
                                 "hours") if getattr(step, k, None) is not None), "do")
    path: tuple[str | int, ...] = ("steps", index, key_name)
    source = scenario.source if scenario is not None else None
    line = Locator(source.text).line(path) if source else None
    filename = source.filename if source else "<scenario>"
    # The key path keeps the file's 0-based array index; the words give the step's number as
    # the TUI and the transcript show it.
    return ScenarioError([Problem(filename, line, format_path(path),
                                  f"(step {index + 1}) {message}")])


# -------------------------------------------------------------------------------- step handlers

Handled = tuple[str, Session | None, Decision | None, str, tuple[str, ...]]
"""outcome, the session pushed, the decision, AWS's message, sentences for a learner."""


def _perform(simulator: Simulator, step: m.StepBase) -> Handled:
    """The step's typed request, made on the simulator."""
    done = simulator.perform(step.request())
    return done.outcome, done.session, done.decision, done.message, done.notes
