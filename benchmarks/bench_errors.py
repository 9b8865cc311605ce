# ruff: noqa: E501  (TOML data reads best on one line)
"""Error reporting cost (issue 16): a file with problems is reported in no more time than
loading the same file valid takes, plus one second, for files up to 50 MB.

Each case times `load_scenario` + `build_world` (what `rolesim run` does before the first
step) on a valid file and on the same file with errors, and prints both.

* 2 MB, one misplaced key (a `[[users]]` key written in a `[[roles]]` table);
* 1 MB, 10 errors (ten trust policies with `Effect = "Permit"`);
* 50 MB, one late typo (`trsut` for `trust` in the last role).

Run: .venv/bin/python benchmarks/bench_errors.py [--quick]   (--quick: 50 MB -> 10 MB)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rolesim.scenario.build import build_world
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario

HEAD = 'format = 1\ntitle = "bench errors"\n\n[[accounts]]\nid = "111111111111"\n'
ROLE = '''
[[roles]]
arn = "arn:aws:iam::111111111111:role/r{i}"
description = "role number {i} of a large generated world, padded to look like a real one"
trust = \'\'\'
{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "{effect}", "Principal": {{"AWS": "arn:aws:iam::222222222222:root"}},
   "Action": "sts:AssumeRole"}}]}}
\'\'\'
inline.read = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:Get*", Resource = "*" }}] }}
[roles.tags]
team = "t{i}"
'''


def world(megabytes: float, *, bad_every: int = 0, misplaced_at: int | None = None,
          typo_at: int | None = None) -> str:
    """A generated scenario of about `megabytes` MB."""
    count = int(megabytes * 1_000_000 / len(ROLE.format(i=0, effect="Allow")))
    parts = [HEAD]
    for i in range(count):
        effect = "Permit" if bad_every and i % bad_every == bad_every - 1 else "Allow"
        role = ROLE.format(i=i, effect=effect)
        if misplaced_at is not None and i == misplaced_at % count:
            role = role.replace("description =", "mfa = true\ndescription =")
        if typo_at is not None and i == typo_at % count:
            role = role.replace("trust =", "trsut =")
        parts.append(role)
    return "".join(parts)


def timed(text: str, directory: Path) -> tuple[float, str]:
    path = directory / "bench.toml"
    path.write_text(text)
    start = time.perf_counter()
    try:
        build_world(load_scenario(path))
        outcome = "ok"
    except ScenarioError as exc:
        outcome = f"{len(str(exc).splitlines())} problem line(s): {str(exc).splitlines()[0][:90]}"
    return time.perf_counter() - start, outcome


def main() -> None:
    quick = "--quick" in sys.argv
    big = 10 if quick else 50
    cases = [
        ("2 MB, one misplaced key", 2, {"misplaced_at": 5000}),
        ("1 MB, 10 errors", 1, {"bad_every": 240}),
        (f"{big} MB, one late typo", big, {"typo_at": -1}),
    ]
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for label, size, errors in cases:
            valid, outcome = timed(world(size), Path(tmp))
            assert outcome == "ok", outcome
            broken, outcome = timed(world(size, **errors), Path(tmp))  # type: ignore[arg-type]
            extra = broken - valid
            worst = max(worst, extra)
            print(f"{label:28} valid {valid:6.2f} s   with errors {broken:6.2f} s   "
                  f"extra {extra:+5.2f} s   {outcome}")
    print(f"worst extra time for errors: {worst:+.2f} s (target <= +1.00 s)")


if __name__ == "__main__":
    main()
