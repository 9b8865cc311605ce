"""Import a 5,000-role synthetic export and time what a user waits for.

Run: .venv/bin/python benchmarks/bench_import.py [--api]
Targets (issue 12): import <= 5 s; load of the imported TOML (parse + check + build the
world) <= 2 s and <= 300 MB peak; who-can-assume of one widely trusted role <= 1 s.
Peak memory is tracemalloc's peak of Python allocations during the load.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_authz_export import ACCOUNT, WIDELY_TRUSTED, make

from rolesim.core.analysis.who_can_assume import who_can_assume
from rolesim.scenario.build import build_world
from rolesim.scenario.importer.command import import_exports
from rolesim.scenario.load import load_scenario
from rolesim.scenario.runner import start_time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", action="store_true", help="URL-encoded documents (raw API)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    export = work / "authz.json"
    export.write_text(json.dumps(make(api=args.api)))
    print(f"export: {export.stat().st_size / 1e6:.1f} MB ({'api' if args.api else 'cli'} shape)")

    started = time.perf_counter()
    result = import_exports([export])
    out = work / "authz.toml"
    out.write_text(result.text)
    import_s = time.perf_counter() - started
    print(f"import: {import_s:.2f} s (target <= 5 s)  -> {out.stat().st_size / 1e6:.1f} MB TOML")
    print("  " + ", ".join(f"{n} {k}" for k, n in sorted(result.summary.counts.items())))

    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    scenario = load_scenario(out)
    world = build_world(scenario)
    load_s = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"load: {load_s:.2f} s (target <= 2 s), peak {peak / 1e6:.0f} MB (target <= 300 MB)"
          " [under tracemalloc, which slows it]")
    gc.collect()
    started = time.perf_counter()
    scenario = load_scenario(out)
    world = build_world(scenario)
    print(f"load without tracemalloc: {time.perf_counter() - started:.2f} s")

    role = f"arn:aws:iam::{ACCOUNT}:role/{WIDELY_TRUSTED}"
    started = time.perf_counter()
    paths = who_can_assume(world, role, start_time(scenario))
    print(f"who-can-assume {role}: {time.perf_counter() - started:.2f} s (target <= 1 s), "
          f"{len(paths)} principals")


if __name__ == "__main__":
    main()
