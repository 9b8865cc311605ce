"""A structural fuzzer: the shipped lessons parsed, one value or key changed, written back as
TOML, and fed to every command a user runs on a scenario file.

Where tests/fuzz/fuzz_loader.py edits the text (most mutants then fail to parse), this one
edits the parsed tables, so the mutant is valid TOML and reaches the model, the world checks,
the runner, the linter and the path analysis: keys dropped, duplicated, renamed or added,
values retyped (a table where a string goes, a string where a table goes), huge and negative
numbers, empty and unicode strings, arrays nested deep, ARNs and policy JSON made invalid,
policies turned from JSON text to TOML tables and back.

The oracle, for each command (`COMMANDS`): an exit status its --help documents; exit 2 says
why on stderr and names the file or the ARN given; never a traceback or `internal error`;
never longer than `TIME_LIMIT` seconds.

    .venv/bin/python -m tests.fuzz.structural --count 3000 --seed 7   # a longer run

CI runs a fixed-seed slice (tests/fuzz/test_structural_slice.py); ROLESIM_FUZZ_DEEP=1 makes
that slice ten times longer.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from tests.fuzz.fuzz_loader import LESSONS, Timeout, _time_limit

TIME_LIMIT = 8.0
"""A few seconds per command; every shipped lesson takes well under one on its own."""
ROLE = "arn:aws:iam::111111111111:role/R"
USER = "arn:aws:iam::111111111111:user/alice"
COMMANDS: dict[str, tuple[tuple[str, ...], frozenset[int]]] = {
    "run": (("run",), frozenset({0, 1, 2})),
    "run --json": (("run", "--json"), frozenset({0, 1, 2})),
    "inspect": (("inspect",), frozenset({0, 2})),
    "lint": (("lint",), frozenset({0, 1, 2})),
    "who-can-assume": (("who-can-assume",), frozenset({0, 2})),
    "paths": (("paths",), frozenset({0, 2})),
}
POLICY_KEYS = {"trust", "document", "policy", "inline", "scps"}
HUGE = [2**63, 2**64 + 1, -(2**63) - 1, 10**30, 1e308, -1, 0, -3600, 2**31, 1.5]
STRINGS = ["", " ", "\u202eevil", "東京", "𝕏" * 3, "\x00", "a" * 5000, "*", "${aws:username}",
           "arn:aws:iam::111111111111:role/", "arn:aws:iam::11111111111:role/R", "arn:",
           "arn:aws:iam::111111111111:user/../../etc/passwd", "not an arn", "\n",
           "arn:aws:iam::111111111111:role/" + "p/" * 300 + "R"]
BAD_JSON = ['{"Version": "2012-10-17", "Statement": [', "[]", "null", "42", '"text"',
            '{"Statement": {}}', '{"Statement": [{"Effect": "Allow"}]}',
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [[["x"]]],'
            ' "Resource": "*"}]}', "{" * 3000 + "}" * 3000, "\ufeff{}",
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", '
            '"Resource": "*", "Condition": {"StringEquals": {"aws:username": {"a": 1}}}}]}']


@dataclass
class Figures:
    tried: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    escaped: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (f"mutants tried {self.tried}, escaping {len(self.escaped)} ({parts})")


Path_ = list[str | int]


def spots(tree: Any, at: Path_ | None = None) -> list[Path_]:
    """Every key path and array index in `tree` (the root excluded) up to 12 deep, so an
    array this fuzzer nested deep is not walked (nor changed) again."""
    at = at or []
    found: list[Path_] = []
    if len(at) >= 12:
        return found
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.append([*at, key])
            found.extend(spots(value, [*at, key]))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found.append([*at, index])
            found.extend(spots(value, [*at, index]))
    return found


def _parent(tree: Any, where: Path_) -> Any:
    for step in where[:-1]:
        tree = tree[step]
    return tree


def _is_policy(where: Path_) -> bool:
    return any(isinstance(step, str) and step in POLICY_KEYS for step in where)


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def _retype(value: Any, rng: random.Random) -> Any:
    if isinstance(value, str):
        return rng.choice([1, True, [value], {"x": value}, {"Statement": value}])
    if isinstance(value, bool):
        return rng.choice(["true", 1, [value]])
    if isinstance(value, int | float):
        return rng.choice([str(value), [value], {"n": value}, True])
    if isinstance(value, list):
        return rng.choice([{"0": "x"}, "x", 0, value[:1] * 2 if value else [[]]])
    if isinstance(value, dict):
        return rng.choice(["{}", [value], 0, json.dumps(value, default=str)[:20]])
    return "x"


def mutate_once(tree: dict[str, Any], rng: random.Random) -> str:
    """Change one thing in `tree` (in place); what was done, for the report."""
    where = rng.choice(spots(tree))
    parent, key = _parent(tree, where), where[-1]
    value = parent[key]
    kind = rng.choice(["drop", "duplicate", "retype", "number", "string", "deep", "unknown",
                       "policy", "policy", "empty"])
    if kind == "drop" or (kind == "duplicate" and not isinstance(parent, list)):
        if isinstance(parent, dict):
            del parent[key]
        else:
            parent.pop(key)
        return f"drop {where}"
    if kind == "duplicate":
        parent.insert(key, value)  # shared, not copied: tomli_w writes it twice
        return f"duplicate {where}"
    if kind == "retype":
        parent[key] = _retype(value, rng)
    elif kind == "number":
        parent[key] = rng.choice(HUGE)
    elif kind == "string":
        parent[key] = rng.choice(STRINGS)
    elif kind == "deep":
        parent[key] = _deep(rng.choice([30, 200, 900]))
    elif kind == "unknown" and isinstance(parent, dict):
        parent[rng.choice(["bogus", "Arn", "ARN ", "do ", "trust\u200b"])] = value
    elif kind == "policy" and (_is_policy(where) or (isinstance(value, str)
                               and value.lstrip().startswith("{"))):
        parent[key] = _policy_mutant(value, rng)
    elif kind == "empty":
        parent[key] = {} if isinstance(value, dict) else [] if isinstance(value, list) else ""
    else:
        parent[key] = rng.choice(STRINGS)
    return f"{kind} {where}"


def _policy_mutant(value: Any, rng: random.Random) -> Any:
    """A policy as a table where it was text and text where it was a table, or broken JSON."""
    if isinstance(value, str) and rng.random() < 0.5:
        with contextlib.suppress(ValueError):
            return json.loads(value)
    if isinstance(value, dict) and rng.random() < 0.5:
        return json.dumps(value, default=str)
    return rng.choice(BAD_JSON)


def mutant(text: str, rng: random.Random) -> tuple[str, list[str]] | None:
    """The lesson `text` with one to three changes, as TOML text (None when TOML cannot hold
    the result, as a key path holding None)."""
    tree = tomllib.loads(text)
    done = [mutate_once(tree, rng) for _ in range(rng.randint(1, 3))]
    try:
        return tomli_w.dumps(tree), done
    except (TypeError, ValueError, RecursionError):
        return None


def first_arn(tree: Any, table: str, fallback: str) -> str:
    rows = tree.get(table) if isinstance(tree, dict) else None
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        arn = rows[0].get("arn")
        if isinstance(arn, str):
            return arn
    return fallback


def arguments(command: str, path: Path, text: str) -> list[str]:
    base = list(COMMANDS[command][0])
    try:
        tree: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        tree = {}
    if command == "who-can-assume":
        return [*base, str(path), first_arn(tree, "roles", ROLE)]
    if command == "paths":
        return [*base, str(path), "--from", first_arn(tree, "users", USER), "--admin",
                "--budget", "3"]
    return [*base, str(path)]


def check(command: str, path: Path, text: str) -> str:
    """Run one command in process on `path` and judge it by the oracle (AssertionError or
    Timeout when broken); the outcome."""
    from rolesim.cli import main

    argv = arguments(command, path, text)
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            _time_limit(TIME_LIMIT):
        status = main(argv)
    took = time.perf_counter() - start
    stderr = err.getvalue()
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr[:400]
    assert status in COMMANDS[command][1], f"exit {status}: {stderr[:300]}"
    if status == 2:
        named = [str(path), *argv[2:]]
        assert stderr.strip() and any(name in stderr for name in named), stderr[:300]
    if command == "run --json" and status in (0, 1):
        json.loads(out.getvalue())
    return f"exit {status}" + (" slow" if took > TIME_LIMIT / 2 else "")


def fuzz(count: int, seed: int, directory: Path,
         commands: tuple[str, ...] = tuple(COMMANDS)) -> Figures:
    rng = random.Random(seed)
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in LESSONS]
    figures = Figures()
    n = 0
    while figures.tried < count:
        name, text = seeds[n % len(seeds)]
        n += 1
        made = mutant(text, rng)
        if made is None:
            continue
        mutated, done = made
        path = directory / f"{name}-s{n}.toml"
        path.write_text(mutated, encoding="utf-8", errors="surrogatepass")
        figures.tried += 1
        command = commands[n % len(commands)]
        try:
            outcome = check(command, path, mutated)
        except (Exception, Timeout) as exc:
            figures.escaped.append((f"{path.name} {command} {done}",
                                    f"{type(exc).__name__}: {exc}"[:400]))
            outcome = "escaped"
        figures.outcomes[f"{command}: {outcome}"] += 1
    return figures


def main(argv: list[str] | None = None) -> int:
    return command_line(fuzz, __doc__ or "", 1000, argv)


def command_line(run: Callable[[int, int, Path], Figures], doc: str, count: int,
                 argv: list[str] | None) -> int:
    """A fuzzer's command: --count mutants from --seed, kept in --keep if given; exit 1 when
    any escaped, after printing up to 30 of them."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--count", type=int, default=count)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the mutants in this folder")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(options.count, options.seed, options.keep or Path(tmp))
    print(figures.summary())
    print(f"{time.perf_counter() - start:.1f} s")
    for name, why in figures.escaped[:30]:
        print(f"  {name}: {why}")
    return 1 if figures.escaped else 0


if __name__ == "__main__":
    sys.exit(main())
