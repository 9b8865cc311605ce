"""Replay speed: a generated 10,000-step scenario (sign-in, assume-role, calls, exit, advance).

    .venv/bin/python benchmarks/bench_replay.py [--steps N] [--profile]

Prints steps per second of `replay()` (the world is built once, outside the timing, as the
CLI does it once per file). Target: >= 20,000 steps/s. `--profile` prints where the time goes.
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
    if args.profile:
        profiler = cProfile.Profile()
        world_ = build_world(scenario)
        profiler.enable()
        replay(scenario, world=world_)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
