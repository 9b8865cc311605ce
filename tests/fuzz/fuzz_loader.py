"""A mutation fuzzer for the loader and the runner, seeded from the shipped lessons.

Each mutant is a shipped lesson with a few random edits (text-level: lines dropped, doubled or
swapped, hostile characters and numbers put in, brackets nested deep, the file cut short; and
value-level: a string or number in the TOML swapped for a hostile one). The oracle is the
contract of `rolesim run --json`:

* exit 0 or 1 with valid JSON on stdout, or exit 2 with stderr lines that each name the file;
* never `internal error`, never a traceback, never longer than `TIME_LIMIT` seconds;
* with `--tui N`, the TUI opens N of the loadable mutants headless, steps through them and
  contains no error (`tui_opens`).

    .venv/bin/python -m tests.fuzz.fuzz_loader --count 20000 --seed 1 --tui 100   # a longer run

CI (tests/fuzz/test_fuzz_slice.py) runs a fixed-seed slice.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LESSONS = sorted((Path(__file__).resolve().parents[2] / "rolesim" / "lessons").glob("*.toml"))
TIME_LIMIT = 20.0
TUI_TIME_LIMIT = 60.0
"""Opening the TUI and stepping twice takes about 2 s alone; on a shared, loaded machine one
in a hundred took over 20 s (in a garbage collection), so the TUI's hang limit is wider."""
HOSTILE_TEXT = ["\n", "\r", "\u2028", "\x1b[2J", "\u202e", "\u200b", "\ufeff", "\x7f", "\t",
                "\x00", "'''", '"""', "[", "]", "{", "}", "=", "#", "\\", "\\u0000", "é",
                "𝕏", " ", ".", "*", "?", "${aws:username}"]
HOSTILE_NUMBERS = ["0", "-1", "1e308", "99999999999999999999999999", str(2**63), str(2**31),
                   "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "nan", "inf", "-0", "3.5"]


class Timeout(Exception):
    """A mutant took longer than TIME_LIMIT (a hang, for the oracle)."""


@dataclass
class Figures:
    tried: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    escaped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.tried - len(self.escaped)

    def summary(self) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (f"mutants tried {self.tried}, handled {self.handled}, escaping "
                f"{len(self.escaped)} ({parts})")


def mutate(text: str, rng: random.Random) -> str:
    """A few random edits of `text`."""
    for _ in range(rng.randint(1, 3)):
        text = rng.choice(_MUTATIONS)(text, rng)
    return text


def _drop_line(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    if lines:
        del lines[rng.randrange(len(lines))]
    return "".join(lines)


def _double_line(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    if lines:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    return "".join(lines)


def _swap_lines(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    if len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def _insert_hostile(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(HOSTILE_TEXT) + text[at:]


def _hostile_in_string(text: str, rng: random.Random) -> str:
    """Inside a quoted value, so the TOML stays valid and the loader sees the character."""
    quotes = [i for i, c in enumerate(text) if c == '"']
    if not quotes:
        return text
    at = rng.choice(quotes) + 1
    piece = rng.choice(["\\n", "\\r", "\\u2028", "\\u001b[2J", "\\u202e", "\\u200b", "\\ufeff",
                        "\\u007f", "\\t", "\\u0000", " ", "*"])
    return text[:at] + piece + text[at:]


def _number(text: str, rng: random.Random) -> str:
    import re

    spots = [m.span() for m in re.finditer(r"(?<![\w:.-])\d+(?![\w:.-])", text)]
    spots += [m.span() for m in re.finditer(r"\d{4}-\d\d-\d\dT[\d:]+Z", text)]
    if not spots:
        return text
    start, end = rng.choice(spots)
    return text[:start] + rng.choice(HOSTILE_NUMBERS) + text[end:]


def _nest(text: str, rng: random.Random) -> str:
    depth = rng.choice([40, 200, 1200, 5000])
    which = rng.choice(["[", "{"])
    inner = ("[" * depth + "]" * depth) if which == "[" else (
        '{"a": ' * depth + "1" + "}" * depth)
    spots = [i for i, c in enumerate(text) if c == "\n"]
    if which == "{":  # a JSON document nested deep, as a policy value
        return text.replace('"Statement"', '"Statement": [' + inner + '], "X"', 1)
    at = rng.choice(spots) if spots else 0
    return text[:at] + f"\nnested = {inner}\n" + text[at:]


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _big_step_values(text: str, rng: random.Random) -> str:
    key = rng.choice(["hours", "minutes", "seconds", "duration", "max_session_duration"])
    value = rng.choice(HOSTILE_NUMBERS[:7])
    step = f'\n[[steps]]\ndo = "advance"\n{key} = {value}\n' if key in (
        "hours", "minutes", "seconds") else f"\n{key} = {value}\n"
    at = rng.choice([m for m in range(len(text)) if text.startswith("[[steps]]", m)] or [0])
    return text[:at] + step + text[at:]


_MUTATIONS = [_drop_line, _double_line, _swap_lines, _insert_hostile, _hostile_in_string,
              _number, _number, _nest, _truncate, _big_step_values, _hostile_in_string]


def check(path: Path) -> str:
    """Run `rolesim run --json` on one file and judge it; the outcome, or raise AssertionError
    saying how it broke the contract."""
    from rolesim.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _time_limit():
        status = main(["run", "--json", str(path)])
    stdout, stderr = out.getvalue(), err.getvalue()
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr[:500]
    if status in (0, 1):
        json.loads(stdout)
        return f"exit {status}"
    assert status == 2, f"exit {status}"
    prefix = "rolesim run: error: "  # the one error form (scenario/errors.error_text)
    lines = stderr.rstrip("\n").split("\n")
    assert lines and all(line.startswith(prefix + str(path)) or line.startswith(prefix + "... and ")
                         for line in lines), stderr[:500]
    return "exit 2"


@contextlib.contextmanager
def _time_limit(seconds: float = TIME_LIMIT) -> object:
    def alarm(signum: int, frame: object) -> None:
        raise Timeout(f"no answer in {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def mutants(count: int, seed: int) -> list[tuple[str, str]]:
    """(name, text) of `count` mutants, the same for the same seed."""
    rng = random.Random(seed)
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in LESSONS]
    out = []
    for n in range(count):
        name, text = seeds[n % len(seeds)]
        out.append((f"{name}-m{n}", mutate(text, rng)))
    return out


def fuzz(count: int, seed: int, directory: Path, keep: list[Path] | None = None) -> Figures:
    """Try `count` mutants; `keep` collects the paths of the loadable ones (exit 0/1)."""
    figures = Figures()
    for name, text in mutants(count, seed):
        path = directory / f"{name}.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        figures.tried += 1
        try:
            outcome = check(path)
        except Exception as exc:  # the contract broken (AssertionError), a hang (Timeout), a crash
            figures.escaped.append((name, f"{type(exc).__name__}: {exc}"[:300]))
            outcome = "escaped"
        figures.outcomes[outcome] += 1
        if keep is not None and outcome in ("exit 0", "exit 1"):
            keep.append(path)
    return figures


async def tui_opens(path: Path) -> None:
    """Open `path` in the TUI headless, show the scenario and step twice: AssertionError if
    the app stopped or its crash barrier had to contain anything."""
    from rolesim.ui.app import make_app

    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        for _ in range(2):
            await pilot.press("n")
        await pilot.pause()
        assert app.is_running, "the app stopped"
        assert not app.contained_errors, app.contained_errors[:3]


def tui_sample(loadable: list[Path], sample: int) -> tuple[int, list[tuple[str, str]]]:
    """Open `sample` of the loadable mutants (evenly spread) in the TUI: how many were
    opened, and (name, why) of those that broke the oracle."""
    import asyncio

    broken = []
    chosen = loadable[::max(1, len(loadable) // max(1, sample))][:sample]
    for path in chosen:
        try:
            with _time_limit(TUI_TIME_LIMIT):
                asyncio.run(tui_opens(path))
        except Exception as exc:
            broken.append((path.stem, f"TUI {type(exc).__name__}: {exc}"[:300]))
    return len(chosen), broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tui", type=int, default=0, metavar="N",
                        help="also open N loadable mutants in the TUI headless")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    broken: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        loadable: list[Path] = []
        figures = fuzz(options.count, options.seed, Path(tmp), keep=loadable)
        print(figures.summary())
        print(f"{time.perf_counter() - start:.1f} s")
        if options.tui:
            start = time.perf_counter()
            opened, broken = tui_sample(loadable, options.tui)
            print(f"TUI: opened {opened} loadable mutants, escaping {len(broken)} "
                  f"({time.perf_counter() - start:.1f} s)")
    for name, why in (figures.escaped + broken)[:20]:
        print(f"  {name}: {why}")
    return 1 if figures.escaped or broken else 0


if __name__ == "__main__":
    sys.exit(main())
