"""Which TOML parser to read scenario files with: time to parse a generated world.

    .venv/bin/python benchmarks/gen_worlds.py && .venv/bin/python benchmarks/bench_toml.py

Prints the best of 3 parses of each file with the standard library's tomllib, with tomli
(the same parser; its wheels are compiled with mypyc) and with rolesim's `read_toml` (rtoml,
tomli when rtoml refuses the text), checks that all give the same value, and that tomllib and
tomli give the same error message (line and column included) for a broken file (`read_toml`
raises tomli's).
Measured 2026-12-04: big.toml (12 MB) tomllib 461 ms, tomli 200 ms; calls.toml (4.5 MB)
558 ms / 267 ms. (rtoml, in Rust, parsed them in 102 / 61 ms, but its error messages and
error positions are its own: the line numbers rolesim prints come from the parser's message.)
Measured 2026-12-05 (h-perf): calls.toml tomli 121 ms, read_toml 46 ms; rolesim reads with
`read_toml` since, errors still worded by tomli.
"""

from __future__ import annotations

import argparse
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli

from rolesim.scenario.load import read_toml


def best(parse: Callable[[str], Any], text: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        parse(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="/tmp/rolesim-bench")
    args = parser.parse_args()
    for name in ("big.toml", "calls.toml"):
        text = (Path(args.dir) / name).read_text()
        assert tomllib.loads(text) == tomli.loads(text) == read_toml(text)
        print(f"{name:<12} tomllib {best(tomllib.loads, text) * 1000:6.0f} ms   "
              f"tomli {best(tomli.loads, text) * 1000:6.0f} ms   "
              f"read_toml {best(read_toml, text) * 1000:6.0f} ms")
    broken = 'format = 1\ntitle = = "x"\n'
    messages = []
    for module in (tomllib, tomli):
        try:
            module.loads(broken)
        except (tomllib.TOMLDecodeError, tomli.TOMLDecodeError) as exc:
            messages.append(str(exc))
    assert messages[0] == messages[1], messages
    print(f"same error message: {messages[0]}")


if __name__ == "__main__":
    main()
