"""Plain call steps read straight from the text, without TOML's general parser or pydantic.

Most of a long scenario is call steps written the plain way:

    [[steps]]
    do = "call"
    action = "s3:GetObject"
    resource = "arn:aws:s3:::bucket/key"
    context = { "aws:SourceIp" = "10.1.2.3" }
    expect = "allowed"

A table of that kind (`[[steps]]` at the start of a line, then `do`, `action`, `resource`,
and maybe `context`, `expect`, `note`, one to a line, as `key = "string"` with no escape, the
context an inline table of such strings; blank lines after) means what it reads as, and its
`CallStep` can be made at once: for a 20,000-call file, rtoml's reading of those tables and
pydantic's checks of them were about a quarter of the instructions of `rolesim run`.

`cut` finds those tables and gives the text back with each run of them replaced by one
marker table (`[[steps]]` with the key `MARK`); the rest is read as before (`read_toml`), the
markers showing where each run goes (`splice`). Nothing is taken on trust: a marker that is
not read back as its own step table (it landed inside a multi-line string, say), any refusal,
any doubt, and the caller reads the whole text the usual way, which also words every error
exactly as before (load._with_plain_steps). A table that is not plain in every respect
(another key, another order, a comment, a key twice, an escape, an `expect` CallStep would
refuse, a sub-table below it) is left in the text for the usual reading.

Each plain table is read as a `PlainCall`: its action and resource, and the `Shape` it shares
with the tables that hold the same context, expect and note. A scenario loaded the usual way
gets the CallStep of each (`made`); one loaded for `rolesim run` keeps the PlainCalls, which
the runner calls with at once, making a CallStep only where one is read: a 20,000-call file
then neither makes nor frees 20,000 models (~0.9 kB each, ~9k of ~88k instructions per call
step with the StepResult they fill: benchmarks/bench_call_stages.py).
"""

from __future__ import annotations

import re
from typing import Any, final

from pydantic import BaseModel

from rolesim.scenario.steps import CALL_OUTCOMES, CallStep

MARK = "__rolesim_plain_steps__"
"""The key of a marker table (a text holding it anywhere is read the usual way)."""
_PREFIX = '[[steps]]\ndo = "call"\naction = "'
"""How every plain table starts: where the search starts (`str.find` is faster than a
regular expression's search through a world that has none)."""

_CHARS = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*'
"""A basic string's characters that need no escape (TOML 1.0: all but the quotation mark,
the backslash and the control characters other than tab)."""
_NAME_CHARS = r'[\t -!#-\[\]-~]*'
"""The characters of a plain table's action and resource: those of `_CHARS` that are ASCII
(a table whose action or resource holds another character is read the usual way). Written
as what is allowed, the regular expression engine stops at the first range that holds a
character, where the negated class of `_CHARS` checks it against all (1.1k instructions
less per call step); a positive class of every character `_CHARS` takes would cost ~50 ms
to compile (its ranges past U+00FF are expanded one code point at a time)."""


class _Patterns:
    """The regular expressions of a plain table, compiled when a text first holds one
    (`_patterns`: compiling them cost ~1 ms, which a lesson need not pay)."""

    __slots__ = ("inline", "pair", "string", "table")

    def __init__(self) -> None:
        key = rf'(?:"{_CHARS}"|[A-Za-z0-9_-]+)'
        pair = rf'{key} = "{_CHARS}"'
        self.table = re.compile(
            rf'\[\[steps\]\]\ndo = "call"\naction = "({_NAME_CHARS})"\n'
            rf'resource = "({_NAME_CHARS})"\n'
            r"(?:context = (\{[^\n]*\})\n)?((?:(?:expect|note) = [^\n]*\n)*)\n*"
            r"(?=\[\[steps\]\]|\Z)")
        """A plain table from its header to the next `[[steps]]` header or the end of the
        text (a sub-table such as `[steps.expect_session]` below it, or any other line, and
        it is not plain). Groups: action, resource, the context's inline table, the expect
        and note lines (these two read exactly by `_more_values`)."""
        self.inline = re.compile(rf"\{{ ?(?:{pair}(?:, {pair})*)? ?\}}")
        """A context's inline table: `{ "key" = "value", key = "value" }`."""
        self.pair = re.compile(rf'(?:"({_CHARS})"|([A-Za-z0-9_-]+)) = "({_CHARS})"')
        """One key and value of it: quoted key, bare key, value."""
        self.string = re.compile(f'"{_CHARS}"')
        """A basic string with nothing to unescape."""


_made: list[_Patterns] = []


def _patterns() -> _Patterns:
    if not _made:
        _made.append(_Patterns())
    return _made[0]


_EXPECTED = frozenset((*CALL_OUTCOMES, "denied"))
"""The `expect` values CallStep accepts (its `_expect_shape`)."""

_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__

Runs = list[list["PlainCall"]]


def cut(text: str) -> tuple[str, Runs] | None:
    """The text with each run of plain call tables replaced by a marker table, and the runs'
    steps in order; None when it holds no plain table (or holds `MARK`: read it whole)."""
    first = text.find(_PREFIX)
    if first < 0 or MARK in text:
        return None
    patterns = _patterns()
    pieces: list[str] = []
    runs: Runs = []
    run: list[PlainCall] = []
    kept = 0  # the text before this offset is in `pieces` or in a run
    # what the tables hold besides action and resource, read once per distinct text: a
    # file's calls repeat a few contexts and expectations (most hold none)
    shapes: dict[tuple[str | None, str], Shape] = {}
    for found in patterns.table.finditer(text, first):
        start = found.start()
        if start and text[start - 1] != "\n":
            continue  # `[[steps]]` inside a line: no header
        action, resource, context, more = found.groups()
        shape = shapes.get((context, more))
        if shape is None:
            values = _more_values(patterns, context, more)
            if values is None:  # not as plain as it looked: left in the text
                continue
            shape = shapes[(context, more)] = Shape(values)
        step: PlainCall = _new_call(PlainCall)  # its slots set here: a class call costs twice
        step.action = action
        step.resource = resource
        step.shape = shape
        if start != kept or not run:  # not right after the last plain table: a new run
            if run:
                runs.append(run)
                run = []
            pieces.append(text[kept:start])
            pieces.append(f"[[steps]]\n{MARK} = {len(runs)}\n")
        run.append(step)
        kept = found.end()
    if not run:
        return None
    runs.append(run)
    pieces.append(text[kept:])
    return "".join(pieces), runs


def _more_values(patterns: _Patterns, context: str | None,
                 more: str) -> dict[str, Any] | None:
    """A plain table's values (its action and resource stand in as empty strings: the step's
    own are given to `Shape.step`); None when the context or an expect or note line is not
    what it looks like (an escape, a comment, a key twice, an `expect` CallStep refuses)."""
    values: dict[str, Any] = {"do": "call", "action": "", "resource": ""}
    if context is not None:
        if patterns.inline.fullmatch(context) is None:
            return None
        pairs = patterns.pair.findall(context)
        values["context"] = {quoted or bare: value for quoted, bare, value in pairs}
        if len(values["context"]) != len(pairs):  # a key twice
            return None
    for line in more[:-1].split("\n") if more else ():
        key, _, value = line.partition(" = ")
        if key in values or patterns.string.fullmatch(value) is None:
            return None
        values[key] = value[1:-1]
    expect = values.get("expect")
    if expect is not None and expect not in _EXPECTED:
        return None
    return values


class Shape:
    """What `CallStep.model_validate(values)` makes of values it accepts as they are, but the
    action and resource: made once for the tables that hold the same context, expect and note
    lines, and each of their steps made from it (`step`) without pydantic's checks."""

    __slots__ = ("context", "expect", "fields", "note", "written")

    def __init__(self, values: dict[str, Any]) -> None:
        get = values.get
        self.expect: str | None = get("expect")
        self.note: str | None = get("note")
        self.fields: dict[str, Any] = {
            "do": "call", "expect": get("expect"), "expect_session": None,
            "note": get("note"), "explain": get("explain"), "ask": None, "action": "",
            "resource": "*", "context": None}
        """The step's fields in CallStep's order (action, resource and context are the
        step's own)."""
        self.context: dict[str, Any] = get("context") or {}
        """The context every step of this shape gets a copy of; the runner calls with it as
        it is (the simulator only reads a call's context)."""
        self.written = set(values)
        """The fields set (pydantic's `model_fields_set`)."""

    def step(self, action: str, resource: str) -> CallStep:
        """The step with this action and resource: the same fields in the same order, the
        same fields set, as pydantic makes it."""
        fields = self.fields.copy()
        fields["action"] = action
        fields["resource"] = resource
        fields["context"] = self.context.copy()  # each step's own, as pydantic gives it
        step: CallStep = _new(CallStep)
        _set_dict(step, fields)
        _set_fields(step, self.written.copy())
        _set_extra(step, None)
        _set_private(step, None)
        return step


@final
class PlainCall:
    """A plain call table as read: its action, its resource and its `Shape`; the CallStep the
    usual reading makes of it is `step()`. What a reader of a step asks of it without the
    model (`do`, `expect`, `expect_session`, `note`) it answers as that CallStep would."""

    __slots__ = ("action", "resource", "shape")

    do = "call"
    expect_session = None
    """A plain table has none (an `expect_session` sub-table makes it not plain)."""
    action: str
    resource: str
    shape: Shape

    @property
    def expect(self) -> str | None:
        return self.shape.expect

    @property
    def note(self) -> str | None:
        return self.shape.note

    def step(self) -> CallStep:
        """The step's model, as the usual reading makes it (a new one at each call)."""
        return self.shape.step(self.action, self.resource)


_new_call = PlainCall.__new__
"""object.__new__ for the source; the mypyc build's allocator when compiled (object.__new__
refuses a compiled class)."""


def made(steps: list[Any]) -> list[Any]:
    """`steps` with every PlainCall made into its CallStep."""
    return [step.step() if type(step) is PlainCall else step for step in steps]


def new_call_step(values: dict[str, Any]) -> CallStep:
    """`CallStep.model_validate(values)` for values it accepts as they are (`do` = "call",
    `action` and the other keys strings, `context` a table of strings), made without
    pydantic's checks."""
    return Shape(values).step(values["action"], values.get("resource", "*"))


def splice(tables: Any, runs: Runs) -> tuple[list[Any], list[Any]] | None:
    """Where the runs go in the `steps` the rest of the text was read as: that array with its
    marker tables left out (for the models), and the whole array with each marker replaced by
    its run (None where a table of the first list goes, in order: `fill`). None when the
    markers are not each read back once, in order, as a table of their own."""
    if type(tables) is not list:
        return None
    others: list[Any] = []
    merged: list[Any] = []
    expected = 0
    for table in tables:
        if type(table) is dict and MARK in table:
            if len(table) != 1 or type(table[MARK]) is not int or table[MARK] != expected:
                return None
            merged += runs[expected]
            expected += 1
        else:
            others.append(table)
            merged.append(None)
    if expected != len(runs):
        return None
    return others, merged


def fill(merged: list[Any], models: list[Any]) -> list[Any]:
    """`merged` (from `splice`) with its gaps filled by the models of the tables it left out,
    in order."""
    if not models:
        return merged
    given = iter(models)
    return [next(given) if step is None else step for step in merged]
