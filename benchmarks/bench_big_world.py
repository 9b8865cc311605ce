"""The 5,000-role world (issue 13), stage by stage, in one process.

    .venv/bin/python benchmarks/gen_worlds.py             # writes /tmp/rolesim-bench/*.toml
    .venv/bin/python benchmarks/bench_big_world.py [--dir /tmp/rolesim-bench] [--repeat 3]

`bench_engine.py` times the whole processes (`run big.toml`, `who-can-assume` on
`big-nocalls.toml`); this splits them so a change can be aimed and checked. Each figure is
CPU time (process_time) in seconds, best of `--repeat`, on `big-nocalls.toml` (5,000 roles,
5,052 distinct policy documents):

* read, toml, models, depth: loading, with the cyclic collector off and what it loaded then
  frozen (as the CLI loads: rolesim.scenario.bulk);
* build: `build_world` (every document parsed once, the quota and naming checks);
* who-can-assume: `who_can_assume` for one role on the freshly built world (first use:
  compiling what it reads, building its callers), with the collector still off, as the CLI
  runs it;
* 100 calls: the steps of `big.toml` run on its freshly built world.

h-parse, 2026-12-05 11:10-12:50 (load average 2.5-4: other helpers shared the 2 cores), best
of 5, main e9cefe4 -> h-parse, the same rounds: build 0.39-0.47 -> 0.22-0.28 s (parse_policy
of the 5,052 documents 251 -> 115 ms, of which json.loads ~45; the quota sizes 70 -> 25 ms;
the roles' ARNs, IDs and shared trust checks ~25 ms less); who-can-assume 0.16 -> 0.13-0.15 s
with the collector off in both (main's CLI ran it with the collector on: 0.19-0.21 s). Load
(toml 0.055, models 0.009, depth 0.007) is not this session's. What the analysis still
spends, ~0.13 s for 1,460 principals that can assume the role: compiling their policies and
deciding (~60%, the evaluator's), building their sessions and policies (~20%), judging the
5,001 entities' documents (~12%).
"""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from bench_call_stages import timed, timed_load

from rolesim.core.analysis.who_can_assume import who_can_assume
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario
from rolesim.scenario.runner import run_steps, start_time

ROLE = "arn:aws:iam::111111111111:role/app-0042"


def stages(path: Path, calls: Path) -> dict[str, float]:
    """Seconds per stage."""
    out: dict[str, float] = {}
    gc.collect()  # the last round's garbage freed first
    _analysis(path, out)
    gc.unfreeze()
    gc.collect()
    gc.disable()
    with_calls = load_scenario(calls)
    fresh = build_world(with_calls)
    gc.freeze()  # as `rolesim run` loads, so that no full collection lands in the steps
    gc.enable()
    out["100 calls"], _ = timed(lambda: sum(1 for _ in run_steps(with_calls, fresh)))
    gc.unfreeze()
    return out


def _analysis(path: Path, out: dict[str, float]) -> None:
    """Load, build and analyse as `rolesim who-can-assume` does."""
    scenario = timed_load(path, out)
    enabled = gc.isenabled()
    gc.disable()  # built and analysed with the collector off, as the CLI does
    out["build"], world = timed(lambda: build_world(scenario))
    now = start_time(scenario)
    out["who-can-assume"], _ = timed(lambda: who_can_assume(world, ROLE, now))
    gc.freeze()  # what was loaded is kept, as the CLI keeps it (bulk.loading_to_keep)
    if enabled:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/rolesim-bench"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for key, value in stages(args.dir / "big-nocalls.toml", args.dir / "big.toml").items():
            best[key] = min(best.get(key, value), value)
    for key, value in best.items():
        print(f"{key:15s} {value:6.3f} s")
    load = sum(best[k] for k in ("read", "plain", "toml", "models", "depth"))
    print(f"{'load total':15s} {load:6.3f} s")


if __name__ == "__main__":
    main()
