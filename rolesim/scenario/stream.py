"""`rolesim run` on one file, with the report written as the steps run: no step's result is kept
once its part of the report is written, so a 20,000-step file needs no more memory than a short
one.

The report is the same text `report.transcript` / `json.dumps(report_json(...), indent=2)` give
(tests/scenario/test_stream.py compares them). It goes to a temporary file first (in memory
while small) and is copied out at the end: a file that turns out unrunnable half way prints
nothing on stdout, as before, and the JSON object's `passed`, which comes before `steps`, is
known by then.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import datetime
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import IO, Any

from rolesim.core.clock import format_time
from rolesim.core.world import World
from rolesim.scenario.build import build_world
from rolesim.scenario.bulk import loading_to_keep
from rolesim.scenario.model import Scenario
from rolesim.scenario.report import _MARKS, step_json, step_lines
from rolesim.scenario.runner import StepResult, run_steps
from rolesim.scenario.steps import CallStep

SPOOL_LIMIT = 4 * 1024 * 1024
"""Bytes of report held in memory before the temporary file goes to disk."""
CHUNK = 1024
"""Pieces of report gathered before they are written to the temporary file."""


class Tally:
    """What the summary line needs: how many steps, how many judged, which were not met."""

    def __init__(self) -> None:
        self.steps = 0
        self.judged = 0
        self.unmet: list[int] = []

    def add(self, met: bool | None, index: int) -> None:
        self.steps += 1
        if met is not None:
            self.judged += 1
            if not met:
                self.unmet.append(index)

    @property
    def passed(self) -> bool:
        return not self.unmet

    def summary(self, label: str = "") -> str:
        """As `report.summary_line` words it."""
        head = f"{label}: " if label else ""
        if self.unmet:
            which = ", ".join(str(i) for i in self.unmet[:10])
            return (f"{head}FAILED: {len(self.unmet)} of {self.judged} expectations not met "
                    f"(step {which}); {self.steps} steps")
        return f"{head}passed: {self.judged} expectations met; {self.steps} steps"


def write_report(scenario: Scenario, out: IO[str], as_json: bool, trace: bool = False,
                 world: World | None = None) -> bool:
    """Run every step, write the transcript or the JSON report to `out`; whether every
    expectation was met. Raises ScenarioError (having written nothing) when the file cannot
    be run."""
    tally = Tally()
    if world is None:
        world = build_world(scenario)
    with tempfile.SpooledTemporaryFile(SPOOL_LIMIT, mode="w+", encoding="utf-8") as body:
        pending: list[str] = []  # written in chunks: a write to the spool file is not cheap
        write = pending.append
        for result in run_steps(scenario, world):
            if result.met is None:  # the common case, without a method call
                tally.steps += 1
            else:
                tally.add(result.met, result.number)
            if as_json:
                write(",\n    " if tally.steps > 1 else "\n    ")
                if result.do == "call" and not trace and not result.unmet and (
                        result.session is None and result.identity is None):
                    write(_call_json(result))
                else:
                    write(dumps(step_json(result, trace), "    "))
            elif type(result.step) is CallStep and not trace and result.session is None:
                write(_call_text(result))
            else:
                write("\n".join(step_lines(result, trace)))
                write("\n")
            if len(pending) >= CHUNK:
                body.write("".join(pending))
                pending.clear()
        body.write("".join(pending))
        body.seek(0)
        title = scenario.title
        if as_json:
            out.write(f'{{\n  "title": {dumps(title, "  ")},\n'
                      f'  "passed": {"true" if tally.passed else "false"},\n  "steps": [')
            shutil.copyfileobj(body, out)
            out.write("\n  ]\n}\n" if tally.steps else "]\n}\n")
        else:
            out.write(f"{title}\n{'=' * len(title)}\n")
            shutil.copyfileobj(body, out)
            out.write(f"\n{tally.summary()}\n")
    return tally.passed


_CALL_JSON = ('{\n      "index": %d,\n      "do": "call",\n      "clock": %s,\n'
              '      "outcome": %s,\n      "expected": %s,\n      "met": %s,\n'
              '      "explanation": %s\n    }')
_SCALARS = {None: "null", True: "true", False: "false"}


def _call_json(result: StepResult) -> str:
    """`dumps(step_json(result), "    ")` for a call step with no unmet expectation (the
    bulk of a big file), without building the dict: the same text."""
    expected = result.expected
    lines = result.explanation
    return _CALL_JSON % (
        result.index, _clock_json(result.clock), encode_basestring_ascii(result.outcome),
        "null" if expected is None else encode_basestring_ascii(expected),
        _SCALARS[result.met],
        ("[\n        " + ",\n        ".join(map(encode_basestring_ascii, lines)) + "\n      ]")
        if lines else "[]")


def _call_text(result: StepResult) -> str:
    """A call step's lines of `step_lines(result)`, each ending in a newline (the bulk of a
    big file), without building the list first: the same text."""
    step = result.step
    assert isinstance(step, CallStep)
    verdict = "-> " + result.outcome
    if result.expected is not None or result.met is not None:
        wanted = f"expected {result.expected}" if result.expected is not None else "expected"
        verdict += f"  ({wanted}: {_MARKS[result.met]})"
    parts = [f"\n[{result.index + 1}] {format_time(result.clock)}  call {step.action} on "
             f"{step.resource}\n    {verdict}\n"]
    for why in result.unmet:
        parts.append(f"    ! {why}\n")
    if step.note:
        parts.append(f"    note: {step.note}\n")
    reasons = result.explanation
    if reasons:
        parts.append(f"    why: {reasons[0]}\n")
        for line in reasons[1:]:
            parts.append(f"      {line}\n")
    return "".join(parts)


@lru_cache(maxsize=256)
def _clock_json(clock: datetime) -> str:
    return encode_basestring_ascii(format_time(clock))


def dumps(value: Any, pad: str) -> str:
    """`json.dumps(value, indent=2)` for a value that sits at indentation `pad`: the same
    text, built with the C string encoder (with `indent`, json.dumps runs in pure Python)."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        sep = ",\n" + inner
        return ("{\n" + inner + sep.join([
            f"{encode_basestring_ascii(str(k))}: {dumps(v, inner)}" for k, v in value.items()])
            + "\n" + pad + "}")
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        sep = ",\n" + inner
        if all(type(v) is str for v in value):
            body = sep.join(map(encode_basestring_ascii, value))
        else:
            body = sep.join([dumps(v, inner) for v in value])
        return "[\n" + inner + body + "\n" + pad + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    if isinstance(value, dict | list | tuple):
        return dumps(dict(value) if isinstance(value, dict) else list(value), pad)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def run_one_streamed(path: Path, as_json: bool, trace: bool) -> int:
    """`rolesim run FILE`: the exit status (0 met, 1 not met, 2 cannot be run, on stderr)."""
    from rolesim.scenario.errors import ScenarioError
    from rolesim.scenario.load import load_scenario

    try:
        with loading_to_keep():
            scenario = load_scenario(path)
            world = build_world(scenario)
        passed = write_report(scenario, sys.stdout, as_json, trace, world)
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0 if passed else 1
