"""`rolesim run` on one file, with the report written as the steps run: no step's result is kept
once its part of the report is written, so a 20,000-step file needs no more memory than a short
one.

The report is the same text `report.transcript` / `json.dumps(report_json(...), indent=2)` give
(tests/scenario/test_stream.py compares them). It is held first (in memory, as the pieces it
was written in, up to SPOOL_LIMIT characters, then in a temporary file: `Spool`) and copied out
at the end: a file that turns out unrunnable half way (a step whose sign-in names no one, a
clock moved past its range) prints nothing on stdout, as before, and the JSON object's
`passed`, which comes before `steps`, is known by then.

On a UTF-8 stdout (`utf8_sink`) the transcript goes out as the UTF-8 bytes it was made in;
any other stream gets the same text as str.
"""

from __future__ import annotations

import codecs
import io
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from datetime import datetime
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import IO, Any

from rolesim.core import why
from rolesim.core.clock import format_time
from rolesim.core.decision import Decision, StatementRef
from rolesim.core.world import World
from rolesim.scenario.build import build_world
from rolesim.scenario.bulk import loading_to_keep
from rolesim.scenario.model import Scenario
from rolesim.scenario.report import _MARKS, step_json, step_lines, summary_words, unchecked_ok
from rolesim.scenario.runner import PlainCallResult, StepResult, run_steps
from rolesim.scenario.steps import CallStep

SPOOL_LIMIT = 16 * 1024 * 1024
"""Characters (JSON) or bytes (transcript) of report held in memory before they go to a
temporary file on disk."""
CHUNK = 2048
"""Pieces of report gathered before they go to the spool (a list of them per chunk)."""


class Tally:
    """What the summary line needs: how many steps, how many judged, which were not met."""

    def __init__(self) -> None:
        self.steps = 0
        self.judged = 0
        self.unmet: list[int] = []

    def judge(self, met: bool, number: int) -> None:
        """A step with an expectation (the steps themselves are counted by the caller)."""
        self.judged += 1
        if not met:
            self.unmet.append(number)

    @property
    def passed(self) -> bool:
        return not self.unmet

    def summary(self, label: str = "") -> str:
        """As `report.summary_line` words it."""
        return summary_words(self.steps, self.judged, self.unmet, label)


def write_report(scenario: Scenario, out: IO[str] | IO[bytes], as_json: bool, trace: bool = False,
                 world: World | None = None) -> bool:
    """Run every step, write the transcript or the JSON report to `out`; whether every
    expectation was met. Raises ScenarioError (having written nothing) when the file cannot
    be run."""
    if world is None:
        world = build_world(scenario)
    return write_results(run_steps(scenario, world), scenario.title, out, as_json, trace)


def write_results(results: Iterable[StepResult], title: str, out: IO[str] | IO[bytes],
                  as_json: bool, trace: bool = False) -> bool:
    """`write_report`'s writing half: the report of `results` (read once, as they come) on
    `out`; whether every expectation was met. Apart so that writing can be timed on its own
    (benchmarks/bench_call_stages.py).

    `out` is a text stream, or a binary one (`utf8_sink`: stdout's buffer when stdout writes
    UTF-8) that gets the same text as UTF-8. The transcript is made as UTF-8 bytes whichever
    it is (`_call_text`), decoded only for a text stream; the JSON report, ASCII, as str."""
    tally = Tally()
    with Spool(binary=not as_json) as body:
        pending: list[Any] = []  # the pieces of the last steps, handed to the spool in chunks
        write, extend = pending.append, pending.extend
        steps = 0  # counted here, in a local: once per step
        for result in results:
            steps += 1
            met = result.met
            if met is not None:
                tally.judge(met, result.number)
            if as_json:
                if (result.do == "call" and not trace and not result.unmet
                        and result.session is None and result.identity is None):
                    extend(_call_json(result, _NEXT_CALL if steps > 1 else _FIRST_CALL))
                else:
                    write(",\n    " if steps > 1 else "\n    ")
                    write(dumps(step_json(result, trace), "    "))
            elif not trace and (type(result) is PlainCallResult
                                or type(result.step) is CallStep) and result.session is None:
                extend(_call_text(result))
            else:
                write(("\n".join(step_lines(result, trace)) + "\n").encode())
            if len(pending) >= CHUNK:
                body.hold(pending)
                pending = []
                write, extend = pending.append, pending.extend
        body.hold(pending)
        tally.steps = steps
        if as_json:
            _put(out, f'{{\n  "title": {dumps(title, "  ")},\n'
                      f'  "passed": {"true" if tally.passed else "false"},\n  "steps": [')
            body.copy_to(out)
            _put(out, "\n  ]\n}\n" if tally.steps else "]\n}\n")
        else:
            _put(out, f"{title}\n{'=' * len(title)}\n")
            body.copy_to(out)
            _put(out, f"\n{tally.summary()}\n")
    return tally.passed


def _put(out: IO[str] | IO[bytes], text: str) -> None:
    """`text` on `out`, as UTF-8 if `out` is binary."""
    write: Callable[[Any], object] = out.write
    write(text.encode() if _is_binary(out) else text)


def _is_binary(out: IO[str] | IO[bytes]) -> bool:
    """Whether `out` takes bytes (any other stream, whatever its class, is given str)."""
    return isinstance(out, io.BufferedIOBase | io.RawIOBase)


def utf8_sink(out: IO[str]) -> IO[str] | IO[bytes]:
    """Where `rolesim run` writes its report: the binary buffer under `out` when `out` is the
    process's own stdout and writes UTF-8 (as under any UTF-8 locale, and under LANG=C, where
    Python 3.7+ writes UTF-8 too), flushed first; `out` itself otherwise (another encoding
    keeps its own behaviour, e.g. a UnicodeEncodeError for the transcript's '\u25b6' under
    PYTHONIOENCODING=latin-1; a stream a test put in place of stdout gets text).

    The same bytes as `out` would write: Python makes its stdout with newline="\n" (nothing
    translated), and a report never holds a lone surrogate (the only characters an error
    handler could treat otherwise: the file is decoded as strict UTF-8, and TOML refuses
    escaped surrogates). Nothing on the run path prints to stdout meanwhile: text written
    to `out` itself would come out after the report."""
    buffer = getattr(out, "buffer", None)
    if out is not sys.__stdout__ or not isinstance(out, io.TextIOWrapper) or buffer is None:
        return out
    try:
        if codecs.lookup(out.encoding).name != "utf-8":
            return out
    except LookupError:
        return out
    out.flush()
    return buffer  # type: ignore[no-any-return]


class Spool:
    """The report's body until the run is over, as the pieces it was written in: a call's
    Why lines and verdict are pieces shared by every call they recur in (`_new_block`), so a
    20,000-call report holds ~3 MB of its own text, not the 6-8 MB it prints. The pieces are
    str (the JSON report) or UTF-8 bytes (the transcript: `binary`). Past SPOOL_LIMIT
    characters or bytes the text goes to a temporary file, so a file of millions of steps
    still needs no more memory than a short one."""

    def __init__(self, limit: int | None = None, binary: bool = False) -> None:
        self.limit = SPOOL_LIMIT if limit is None else limit
        self.binary = binary
        self.held: list[list[Any]] = []
        self.size = 0
        self.file: IO[bytes] | None = None

    def hold(self, pieces: list[Any]) -> None:
        """Keep `pieces` (the caller writes no more to the list)."""
        if self.file is not None:
            self.file.write(self._encoded(pieces))
            return
        self.held.append(pieces)
        self.size += sum(map(len, pieces))
        if self.size > self.limit:
            # closed by __exit__, as the with-block that holds the Spool ends
            self.file = tempfile.TemporaryFile()  # noqa: SIM115  # binary: UTF-8
            for held in self.held:
                self.file.write(self._encoded(held))
            self.held.clear()

    def _encoded(self, pieces: list[Any]) -> bytes:
        return b"".join(pieces) if self.binary else "".join(pieces).encode()

    def copy_to(self, out: IO[str] | IO[bytes]) -> None:
        """The body on `out`, text or binary (converted when the pieces are the other kind:
        in the chunks they were held in, so a stream that cannot encode a character fails
        where it did when the body was text)."""
        write: Callable[[Any], object] = out.write
        if self.file is not None:
            self.file.seek(0)
            if _is_binary(out):
                shutil.copyfileobj(self.file, out)  # type: ignore[misc]
                return
            decode = codecs.getincrementaldecoder("utf-8")().decode
            while chunk := self.file.read(1 << 20):  # a character cut in two: decode waits
                write(decode(chunk))
            return
        if self.binary == _is_binary(out):
            join = b"".join if self.binary else "".join
            for pieces in self.held:
                write(join(pieces))
        elif self.binary:
            for pieces in self.held:
                write(b"".join(pieces).decode())
        else:
            for pieces in self.held:
                write("".join(pieces).encode())

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.held.clear()
        if self.file is not None:
            self.file.close()


_SCALARS = {None: "null", True: "true", False: "false"}
_JSON_ITEM = ",\n        "
"""Between two lines of a call's `explanation` array (at its indentation in the report)."""


def _remember(table: dict[Any, Any], key: Any, value: Any, limit: int) -> None:
    """Keep `value` under `key` in one of the tables of pieces made once (verdicts, clocks,
    Why blocks), emptied when it reaches `limit`: a file with more distinct ones than that
    still needs no more memory, and only pays for wording them again."""
    if len(table) >= limit:
        table.clear()
    table[key] = value


_FIRST_CALL = '\n    {\n      "index": '
_NEXT_CALL = ',\n    {\n      "index": '
"""What comes before a call's index in the JSON report: its entry opened, after a comma
when it is not the first."""


def _call_json(result: StepResult, start: str) -> tuple[str, str, str, str]:
    """`dumps(step_json(result), "    ")` for a call step with no unmet expectation (the bulk
    of a big file), after `start` (`_FIRST_CALL` or `_NEXT_CALL`), without building the dict:
    the same text, in pieces. Only the index is the call's own: the clock with the verdict
    (one piece) and the decision's lines are pieces shared by the calls they recur in."""
    decision = result.decision
    if decision is not None and (deciding := decision.deciding):
        # _new_block's key: this runs for most calls of a big file
        key = ((decision.outcome, decision.reason, id(deciding[0])) if len(deciding) == 1
               else (decision.outcome, decision.reason, *map(id, deciding)))
        found = _BLOCKS.get(key)
        block = found[1] if found is not None else _new_block(key, decision)
        if result.message or result.notes:  # the lines StepResult.explain gives then
            lines = [encode_basestring_ascii(result.message)] if result.message else []
            lines.append(block[0])
            lines += map(encode_basestring_ascii, result.notes)
            explanation = "[\n        " + _JSON_ITEM.join(lines) + "\n      ]\n    }"
        else:
            explanation = block[1]
    else:
        lines = result.explanation
        explanation = ("[\n        " + _JSON_ITEM.join(map(encode_basestring_ascii, lines))
                       + "\n      ]\n    }") if lines else "[]\n    }"
    expected, met = result.expected, result.met
    key = (result.clock, result.outcome) if expected is None and met is None else (
        result.clock, result.outcome, expected, met)
    middle = _VERDICTS.get(key)
    if middle is None:
        middle = _verdict_json(key)
    return start, str(result.index), middle, explanation


_VERDICTS: dict[tuple[Any, ...], str] = {}
"""A call's JSON text between its index and its explanation, by (clock, outcome) or (clock,
outcome, expected, met): a few combinations in a file (the clock stands still between steps
that do not move it), each made once (`_verdict_json`)."""


def _verdict_json(key: tuple[Any, ...]) -> str:
    """The JSON entry's text from after `index` to `explanation`'s value, made once per
    combination (clock, outcome, expected, met): 20,000 calls repeat a handful."""
    clock, outcome, expected, met = key if len(key) == 4 else (*key, None, None)
    text = (f',\n      "do": "call",\n      "clock": {encode_basestring_ascii(format_time(clock))}'
            f',\n      "outcome": {encode_basestring_ascii(outcome)},\n      "expected": '
            f'{"null" if expected is None else encode_basestring_ascii(expected)},\n      '
            f'"met": {_SCALARS[met]},\n      "explanation": ')
    _remember(_VERDICTS, key, text, VERDICTS_KEPT)
    return text


VERDICTS_KEPT = 256


def _call_text(result: StepResult) -> tuple[bytes, ...]:
    """A call step's lines of `step_lines(result)`, each ending in a newline (the bulk of a
    big file), as UTF-8, without building the list first: the same text, in one or two
    pieces. The call's own lines (what it did, the verdict, AWS's message) are one piece,
    ASCII in every usual file, so encoding it is a copy; the decision's Why lines are a
    piece shared by the calls they recur in, encoded once (`_new_text_block`). Bytes, not
    str: joining ASCII pieces with a '\u25b6' made the whole text two bytes a character,
    every piece widened, then encoded back to UTF-8 on the way out."""
    if type(result) is PlainCallResult:  # its step is not made: what it holds is read
        call = result.call
        action, resource, note = call.action, call.resource, call.shape.note
    else:
        step: CallStep = result.step  # type: ignore[assignment]  # write_results checks
        action, resource, note = step.action, step.resource, step.note
    expected, met = result.expected, result.met
    said = result.outcome if expected is None and met is None else (
        result.outcome, expected, met)
    verdict = _VERDICT_TEXTS.get(said)
    if verdict is None:
        verdict = _verdict_text(said)
    if result.unmet or note:
        verdict += "".join([f"    ! {why}\n" for why in result.unmet])
        if note:
            verdict += f"    note: {note}\n"
    clock = _CLOCK_TEXTS.get(result.clock)
    if clock is None:
        clock = _clock_text(result.clock)
    head = f"\n[{result.index + 1}{clock}{action} on {resource}{verdict}"
    decision = result.decision
    if decision is not None and (deciding := decision.deciding) and not result.notes:
        # the lines StepResult.explain gives then; _new_text_block's key
        key = ((decision.outcome, decision.reason, id(deciding[0])) if len(deciding) == 1
               else (decision.outcome, decision.reason, *map(id, deciding)))
        found = _TEXT_BLOCKS.get(key)
        block = found[1] if found is not None else _new_text_block(key, decision)
        if result.message:
            return f"{head}    why: {result.message}\n".encode(), block[0]
        return head.encode(), block[1]
    reasons = result.explanation
    if not reasons:
        return (head.encode(),)
    lines = [head, f"    why: {reasons[0]}\n", *[f"      {line}\n" for line in reasons[1:]]]
    return ("".join(lines).encode(),)


_CLOCK_TEXTS: dict[datetime, str] = {}


def _clock_text(clock: datetime) -> str:
    """A call's head from after its number to its action (`] 2026-01-01T09:00:00Z  call `),
    made once per instant: the clock stands still between steps that do not move it. A
    look-up here costs less than format_time's lru_cache, which makes a key tuple per call."""
    text = f"] {format_time(clock)}  call "
    _remember(_CLOCK_TEXTS, clock, text, VERDICTS_KEPT)
    return text


Verdict = str | tuple[str, str | None, bool | None]
"""A call's outcome, expected outcome and whether it was met: a few combinations in a file.
The outcome alone when nothing was expected (most calls of a big file: a string's hash is
kept, a tuple's is worked out at every look-up)."""
_VERDICT_TEXTS: dict[Verdict, str] = {}


def _verdict_text(verdict: Verdict) -> str:
    """A call's `    -> outcome  (expected ...: met)` line in the transcript, made once per
    combination (outcome, expected, met), as `_verdict_json` for the JSON report (a str:
    `_call_text` writes it into the call's own piece, which costs less than a piece more)."""
    outcome, expected, met = (verdict, None, None) if isinstance(verdict, str) else verdict
    if expected is not None or met is not None:
        wanted = f"expected {expected}" if expected is not None else "expected"
        outcome += f"  ({wanted}: {_MARKS[met]})"
    text = f"\n    -> {outcome}\n"
    _remember(_VERDICT_TEXTS, verdict, text, VERDICTS_KEPT)
    return text


JsonBlock = tuple[str, str]
"""A decision's Why lines (`why.decision_text`) in a call's JSON entry: the array's items, and
the whole array with the end of the entry."""
TextBlock = tuple[bytes, bytes]
"""The same lines in the transcript, as UTF-8: every line as a continuation line, and the
`why:` block when they are all there is."""


def _new_block(key: tuple[object, ...], decision: Decision) -> JsonBlock:
    """The Why lines of a call decided by statements, worded and escaped once per distinct
    decision and remembered under `key`: a 20,000-call report repeats a few hundred verdicts
    and deciding statements (a denial without deciding statements is worded per call
    instead: its reason names the resource of the nearest miss). What `why.decision_text`
    reads is the key, which `_call_json` and `_call_text` make inline: the outcome, the reason
    and the deciding statements, by id, kept alive in the entry so the ids stay theirs (a
    StatementRef is immutable)."""
    lines = why.decision_text(decision)
    items = _JSON_ITEM.join(map(encode_basestring_ascii, lines))
    block = (items, "[\n        " + items + "\n      ]\n    }")
    _remember(_BLOCKS, key, (decision.deciding, block), BLOCKS_KEPT)
    return block


def _new_text_block(key: tuple[object, ...], decision: Decision) -> TextBlock:
    """`_new_block` for the transcript (a table of its own: a JSON report never encodes these
    lines, nor a transcript escapes them)."""
    lines = why.decision_text(decision)
    first = f"{lines[0]}\n".encode()
    rest = "".join([f"      {line}\n" for line in lines[1:]]).encode()  # the '\u25b6' lines
    block = (b"      " + first + rest, b"    why: " + first + rest)
    _remember(_TEXT_BLOCKS, key, (decision.deciding, block), BLOCKS_KEPT)
    return block


BLOCKS_KEPT = 4096
_BLOCKS: dict[tuple[object, ...], tuple[tuple[StatementRef, ...], JsonBlock]] = {}
_TEXT_BLOCKS: dict[tuple[object, ...], tuple[tuple[StatementRef, ...], TextBlock]] = {}


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


def run_one_streamed(path: Path, as_json: bool, trace: bool, require_expect: bool = False) -> int:
    """`rolesim run FILE`: the exit status (0 met, 1 not met or, with `require_expect`,
    nothing checked; 2 cannot be run, on stderr)."""
    from rolesim.scenario.errors import ScenarioError, print_error
    from rolesim.scenario.load import load_scenario

    try:
        with loading_to_keep():
            scenario = load_scenario(path, to_run=True)  # its plain call steps as read
            world = build_world(scenario)
        passed = write_report(scenario, utf8_sink(sys.stdout), as_json, trace, world)
    except ScenarioError as exc:
        print_error("run", exc)
        return 2
    if require_expect and not unchecked_ok(path, scenario):
        return 1
    return 0 if passed else 1
