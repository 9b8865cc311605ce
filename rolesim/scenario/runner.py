"""Replay a scenario's steps on the STS simulator; each step gets exactly one outcome.

Outcomes (scenario format): every step but `call` is `ok` or the AWS error code; a call is
`allowed`, `explicitDeny`, `implicitDeny`, `ExpiredToken` or `MissingAuthenticationToken`.
`expect = "denied"` is met by either deny. A step that fails leaves the stack as it was (the
simulator checks before it changes the world). Explanations are built only when read, so a
replay stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rolesim.core import why
from rolesim.core.clock import DEFAULT_START, Clock, ClockRangeError
from rolesim.core.decision import Decision
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import Session
from rolesim.core.why import Tone, WhyLine, plain
from rolesim.core.world import World
from rolesim.scenario import model as m
from rolesim.scenario.build import build_world
from rolesim.scenario.errors import Problem, ScenarioError, format_path
from rolesim.scenario.locate import Locator
from rolesim.scenario.model import Scenario

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
            return [*([self.message] if self.message else ()),
                    *why.decision_text(self.decision), *self.notes]
        lines = plain(self.why())
        if full and self.decision is not None:
            lines += self.decision.explain(full=True)[1 + len(self.decision.deciding):]
        return lines


@dataclass(eq=False)
class Replay:
    """The results of the steps replayed, and the simulator in its final state."""

    scenario: Scenario
    results: list[StepResult]
    simulator: Any  # rolesim.core.sts.simulator.Simulator

    @property
    def passed(self) -> bool:
        """Every `expect` met (steps without one do not count)."""
        return all(r.met is not False for r in self.results)

    @property
    def world(self) -> World:
        world: World = self.simulator.world
        return world


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
    for index, step in enumerate(scenario.steps):
        yield run_step(simulator, step, index, scenario)


def run_step(simulator: Any, step: m.StepBase, index: int,
             scenario: Scenario | None = None) -> StepResult:
    """Run one step on `simulator`; its outcome and whether it met its expectation."""
    handler = _HANDLERS[type(step)]
    stack_before = list(simulator.stack)
    decision: Decision | None = None
    session: Session | None = None
    message = ""
    notes: tuple[str, ...] = ()
    try:
        outcome, session, decision, message, notes = handler(simulator, step)
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


def _judge(result: StepResult, step: m.StepBase) -> None:
    expect = step.expect
    if expect is not None:
        met = result.outcome == expect or (expect == "denied" and result.outcome in DENIALS)
        if not met:
            hint = ""
            if expect == "denied" and step.do != "call":
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


def _context(values: Mapping[str, m.ContextValue]) -> dict[str, str | tuple[str, ...]]:
    """TOML values as request context values: booleans `true`/`false`, numbers as text."""
    out: dict[str, str | tuple[str, ...]] = {}
    for key, value in values.items():
        out[key] = tuple(_text(v) for v in value) if isinstance(value, list) else _text(value)
    return out


def _text(value: str | bool | int | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _pushed(session: Session) -> Handled:
    return "ok", session, None, "", ()


def _sign_in(sim: Any, s: m.SignInStep) -> Handled:
    return _pushed(sim.sign_in(s.principal, mfa=s.mfa))


def _assume_role(sim: Any, s: m.AssumeRoleStep) -> Handled:
    return _pushed(sim.assume_role(
        s.role, s.session_name, duration=s.duration, external_id=s.external_id,
        tags=dict(s.tags) if s.tags else None, transitive_tag_keys=tuple(s.transitive_tag_keys),
        policy=s.policy, policy_arns=tuple(s.policy_arns), source_identity=s.source_identity,
        mfa=s.mfa))


def _web_identity(sim: Any, s: m.AssumeRoleWithWebIdentityStep) -> Handled:
    return _pushed(sim.assume_role_with_web_identity(
        s.role, s.session_name, s.issuer, dict(s.claims), duration=s.duration, policy=s.policy,
        policy_arns=tuple(s.policy_arns)))


def _saml(sim: Any, s: m.AssumeRoleWithSamlStep) -> Handled:
    return _pushed(sim.assume_role_with_saml(
        s.role, s.provider, s.subject, dict(s.attributes), audience=s.audience,
        not_on_or_after=s.not_on_or_after, duration=s.duration, policy=s.policy,
        policy_arns=tuple(s.policy_arns)))


def _session_token(sim: Any, s: m.GetSessionTokenStep) -> Handled:
    return _pushed(sim.get_session_token(s.duration, mfa=s.mfa))


def _federation_token(sim: Any, s: m.GetFederationTokenStep) -> Handled:
    return _pushed(sim.get_federation_token(
        s.name, duration=s.duration, policy=s.policy, policy_arns=tuple(s.policy_arns),
        tags=dict(s.tags) if s.tags else None))


def _instance(sim: Any, s: m.InstanceCredentialsStep) -> Handled:
    return _pushed(sim.instance_credentials(s.instance_profile, s.instance_id))


def _service(sim: Any, s: m.ServiceAssumeRoleStep) -> Handled:
    return _pushed(sim.service_assume_role(s.service, s.role, s.source_arn, s.source_account))


def _call(sim: Any, s: m.CallStep) -> Handled:
    result = sim.call(s.action, s.resource, _context(s.context) if s.context else None)
    return str(result.outcome), None, result.decision, result.message, result.explanation


def _advance(sim: Any, s: m.AdvanceStep) -> Handled:
    sim.advance(s.total_seconds)
    return "ok", None, None, "", ()


def _exit(sim: Any, s: m.ExitStep) -> Handled:
    sim.exit()
    return "ok", None, None, "", ()


def _world_change(call: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Handled]:
    def handler(sim: Any, s: Any) -> Handled:
        call(sim, s)
        return "ok", None, None, "", ()

    return handler


_HANDLERS: dict[type[m.StepBase], Callable[[Any, Any], Handled]] = {
    m.SignInStep: _sign_in,
    m.AssumeRoleStep: _assume_role,
    m.AssumeRoleWithWebIdentityStep: _web_identity,
    m.AssumeRoleWithSamlStep: _saml,
    m.GetSessionTokenStep: _session_token,
    m.GetFederationTokenStep: _federation_token,
    m.InstanceCredentialsStep: _instance,
    m.ServiceAssumeRoleStep: _service,
    m.CallStep: _call,
    m.AdvanceStep: _advance,
    m.ExitStep: _exit,
    m.RevokeSessionsStep: _world_change(lambda sim, s: sim.revoke_sessions(s.role)),
    m.UpdateTrustStep: _world_change(lambda sim, s: sim.update_trust(s.role, s.trust)),
    m.AttachPolicyStep: _world_change(lambda sim, s: sim.attach_policy(s.principal, s.policy)),
    m.DetachPolicyStep: _world_change(lambda sim, s: sim.detach_policy(s.principal, s.policy)),
    m.PutPolicyStep: _world_change(
        lambda sim, s: sim.put_policy(s.principal, s.name, s.document)),
    m.DeletePolicyStep: _world_change(lambda sim, s: sim.delete_policy(s.principal, s.name)),
    m.SetBoundaryStep: _world_change(lambda sim, s: sim.set_boundary(s.principal, s.policy)),
    m.RecreateStep: _world_change(lambda sim, s: sim.recreate(s.principal)),
}
