"""Replay speed: a generated 10,000-step scenario (sign-in, assume-role, calls, exit, advance).

    .venv/bin/python benchmarks/bench_replay.py [--steps N] [--profile] [--breakdown]

Prints steps per second of `replay()` (the world is built once, outside the timing, as the
CLI does it once per file). Target: >= 20,000 steps/s. `--profile` prints where the time goes;
`--breakdown` the mean time of each kind of step and the runner's own cost per step (measured
against a simulator that does nothing).

Measured 2026-11-28 on the shared dev box (noisy: others' test runs): 15,000-20,600 steps/s.
Per step: call ~37 us, assume-role ~88 us, sign-in ~17 us, advance/exit ~2-3 us; the
runner's own share ~3-6 us a step. In a call, building the request (resource account lookup,
context keys, caller policies, ARN parsing) costs several times the evaluation itself.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from rolesim.scenario import model as m
from rolesim.scenario.build import build_world
from rolesim.scenario.runner import replay

PROD, DEV = "111111111111", "222222222222"
USER = f"arn:aws:iam::{DEV}:user/David"
ROLE = f"arn:aws:iam::{PROD}:role/UpdateApp"
OBJECT = "arn:aws:s3:::productionapp/app.zip"


def world() -> dict[str, object]:
    return {
        "accounts": [m.AccountSpec(id=PROD, name="prod"), m.AccountSpec(id=DEV, name="dev")],
        "users": [m.UserSpec(arn=USER, inline={"assume": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ROLE},
                          {"Effect": "Allow", "Action": "s3:List*",
                           "Resource": "arn:aws:s3:::developmentapp"}]}})],
        "roles": [m.RoleSpec(arn=ROLE, trust={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"},
                           "Action": "sts:AssumeRole"}]},
            inline={"objects": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                 "Resource": "arn:aws:s3:::productionapp/*"},
                {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}})],
    }


def cycle() -> list[m.StepBase]:
    """Ten steps, every outcome kind of the tutorial, ending back at the signed-in user."""
    return [
        m.SignInStep(principal=USER, expect="ok"),
        m.CallStep(action="s3:ListBucket", resource="arn:aws:s3:::developmentapp",
                   expect="allowed"),
        m.CallStep(action="s3:PutObject", resource=OBJECT, expect="implicitDeny"),
        m.AssumeRoleStep(role=ROLE, session_name="david", expect="ok"),
        m.CallStep(action="s3:PutObject", resource=OBJECT, expect="allowed"),
        m.CallStep(action="s3:DeleteObject", resource=OBJECT, expect="explicitDeny"),
        m.AdvanceStep(minutes=1),
        m.CallStep(action="s3:GetObject", resource=OBJECT, expect="allowed"),
        m.ExitStep(expect="ok"),
        m.CallStep(action="s3:PutObject", resource=OBJECT, expect="denied"),
    ]


def generate(steps: int) -> m.Scenario:
    pattern = cycle()
    return m.Scenario(format=1, title="replay benchmark", **world(),  # type: ignore[arg-type]
                      steps=[pattern[i % len(pattern)] for i in range(steps)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true")
    args = parser.parse_args()
    scenario = generate(args.steps)
    replay(scenario, 20)  # warm up: imports, lazy catalogues
    best = float("inf")
    for _ in range(args.repeat):
        world_ = build_world(scenario)
        start = time.perf_counter()
        result = replay(scenario, world=world_)
        best = min(best, time.perf_counter() - start)
    assert result.passed, [r.unmet for r in result.results if r.met is False][:3]
    print(f"{args.steps} steps in {best * 1000:.1f} ms: {args.steps / best:,.0f} steps/s "
          f"(best of {args.repeat}; target 20,000)")
    if args.breakdown:
        breakdown(scenario)
    if args.profile:
        profiler = cProfile.Profile()
        world_ = build_world(scenario)
        profiler.enable()
        replay(scenario, world=world_)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def breakdown(scenario: m.Scenario) -> None:
    """Mean microseconds per kind of step, and the runner alone (a do-nothing simulator)."""
    from collections import defaultdict

    from rolesim.core.clock import Clock
    from rolesim.core.sts.simulator import Simulator
    from rolesim.scenario.runner import run_step, start_time

    simulator = Simulator(build_world(scenario), Clock(start_time(scenario)))
    spent: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for index, step in enumerate(scenario.steps):
        start = time.perf_counter()
        run_step(simulator, step, index, scenario)
        spent[step.do] += time.perf_counter() - start
        count[step.do] += 1
    for kind in spent:
        print(f"  {kind:<12} {spent[kind] / count[kind] * 1e6:7.1f} us  x{count[kind]}")

    class Idle:
        """Answers every step instantly: what is left is the runner's own work."""

        def __init__(self) -> None:
            self.stack: list[object] = []
            self.clock = Clock()

        def __getattr__(self, name: str) -> object:
            return lambda *a, **k: _IDLE_CALL

    start = time.perf_counter()
    idle = Idle()
    for index, step in enumerate(scenario.steps):
        run_step(idle, step, index, scenario)
    own = (time.perf_counter() - start) / len(scenario.steps)
    print(f"  runner alone {own * 1e6:7.1f} us a step")


class _IdleCall:
    """What `perform` (and `call`) return, answered instantly."""

    outcome = "allowed"
    session = None
    decision = None
    message = ""
    notes: tuple[str, ...] = ()
    explanation: tuple[str, ...] = ()


_IDLE_CALL = _IdleCall()


if __name__ == "__main__":
    main()
