"""Read a scenario file: TOML, then the models. Every error names file, line, key.

TOML is read with rtoml (in Rust: about 2.5x faster than tomli on a 20,000-step file,
benchmarks/bench_toml.py) and, whenever rtoml refuses a file, again with tomli: the parser the
standard library's tomllib is a copy of, whose messages (with line and column) are the ones
rolesim prints, and which says whether the file is TOML at all. rtoml's date-times carry its
own tzinfo class; they are given the standard library's `timezone`, as tomli's are.
(toml-rs 0.4.3 parses a 20,000-call file about a third faster than rtoml and agrees with tomli
on every file tried, but it is built without the toml crate's recursion limit: a 20 kB file of
8,000 nested `[` kills the process with a segmentation fault, where rtoml refuses past 80
levels and rolesim words tomli's error.)

`load_scenario_text` checks the shape of the file; the world builder (`build.py`) then checks
the policies and references, naming lines through the `SourceInfo` kept on the scenario.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import rtoml
import tomli
from pydantic import BaseModel, ValidationError

from rolesim.scenario import model as m
from rolesim.scenario import plain_steps
from rolesim.scenario.errors import Problem, ScenarioError, format_path
from rolesim.scenario.locate import Locator
from rolesim.scenario.model import Scenario, SourceInfo
from rolesim.scenario.nesting import MAX_DEPTH, check_depth, check_model_depth, model_too_deep

__all__ = ["ScenarioError", "load_scenario", "load_scenario_text"]

_EMPTY = 'empty: no keys at all (a scenario starts with format = 1 and title = "...")'
_TOML_POSITION = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$")


def load_scenario(path: str | Path, to_run: bool = False) -> Scenario:
    """Read and check one scenario file (only a regular file, up to a size cap: read_input).
    `to_run`: see `load_scenario_text`."""
    from rolesim.scenario.read_input import read_scenario_text

    return load_scenario_text(read_scenario_text(path), str(path), to_run)


def load_scenario_text(text: str, filename: str = "<scenario>",
                       to_run: bool = False) -> Scenario:
    """Parse TOML text into a checked `Scenario` (policies and references are checked later).
    Plain call steps are made straight from the text when they can be (`_with_plain_steps`);
    any doubt, and any error, and the whole text is read the usual way.

    `to_run`, for `rolesim run` only (a scenario run once, then the process exits): each
    plain call step stays the `plain_steps.PlainCall` it was read as, not a CallStep. What
    reads the steps on that path (the world builder's step checks, the runner, the report,
    `--require-expect`) reads them as such; nothing else is given such a scenario."""
    scenario = _with_plain_steps(text, filename, to_run)
    if scenario is not None:
        return scenario
    try:
        data = read_toml(text)
    except tomli.TOMLDecodeError as exc:
        raise ScenarioError([_toml_problem(str(exc), filename)]) from None
    except RecursionError:  # arrays or inline tables nested thousands deep
        raise ScenarioError([Problem(filename, None, "", "not valid TOML: nested too deeply "
                                     f"(more than {MAX_DEPTH} levels)")]) from None
    if not data:
        raise ScenarioError([Problem(filename, None, "", _EMPTY)])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        check_depth(data, filename, text)  # too deep is said first, whatever else is wrong
        raise ScenarioError(_problems(exc, data, text, filename)) from None
    check_model_depth(scenario, data, filename, text)
    scenario.source = SourceInfo(filename, text)
    return scenario


def _with_plain_steps(text: str, filename: str, to_run: bool = False) -> Scenario | None:
    """The scenario, its plain call steps made by `plain_steps` (kept as read with `to_run`)
    and the rest read as usual; None when the text has no plain call step, or anything is
    wrong or in doubt (the caller then reads the whole text, and words any error as it
    always did)."""
    found = plain_steps.cut(text)
    if found is None:
        return None
    rest, runs = found
    try:
        data = read_toml(rest)
    except Exception:  # any refusal: the whole text decides, and words it
        return None
    spliced = plain_steps.splice(data.get("steps"), runs)
    if spliced is None:
        return None
    data["steps"], merged = spliced
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError:
        return None
    # a plain step's values are strings and a table of strings: only the rest can be too deep
    if model_too_deep(scenario):  # said with the place in the whole text's data
        return None
    steps = plain_steps.fill(merged, scenario.steps)
    scenario.__dict__["steps"] = steps if to_run else plain_steps.made(steps)
    scenario.source = SourceInfo(filename, text)
    return scenario


_DATE_TIME = re.compile(r"-\d\d-\d\d[Tt ]\d\d:\d\d")
"""Text without this (`-MM-DD`, `T`, `t` or a space, `HH:MM`) holds no TOML date-time, so
rtoml's values need no conversion (a pattern starting with a plain character is fast to
search: 3 ms in a 4.6 MB file)."""


def read_toml(text: str) -> dict[str, Any]:
    """The file's TOML as tomli reads it: rtoml first (fast); tomli when rtoml refuses the
    text (tomli raises the error rolesim reports, or reads what rtoml would not, such as a
    float too big for it), or when the text starts with a byte-order mark (TOML forbids one:
    tomli refuses it, rtoml would not)."""
    if not text.startswith("\ufeff"):
        try:
            data: dict[str, Any] = _rtoml_in_parts(text)
        except Exception:  # tomli decides, and words the error
            pass
        else:
            if _DATE_TIME.search(text):
                _standard_tzinfo(data, len(_DATE_TIME.findall(text)))
            return data
    return tomli.loads(text)


PART_CHARS = 1 << 17
"""About how much text rtoml reads at once (128 K characters; on the 20,000-call file 256 K
touched ~400 more pages, 64 K no fewer): see `_rtoml_in_parts`."""
_ARRAY_HEADER = re.compile(r"\[\[([A-Za-z0-9_-]+)\]\]\r?\n")
"""A line `[[name]]`: a top-level array-of-tables header with a bare key (a cut point)."""


def _rtoml_in_parts(text: str) -> dict[str, Any]:
    """`rtoml.loads(text)`, read part by part: rtoml builds its own tree of the whole text
    before it makes the Python values (for a 20,000-call file ~60 MB of fresh pages, each a
    page fault), so a long file is cut at lines `[[name]]` about `PART_CHARS` apart and each
    part read alone: the tree of one part at a time, its memory reused by the next.

    The same values as one read: every part after the first starts with a `[[name]]` header,
    so what it holds is arrays of tables (a value of any other kind, or an array met before
    the cuts, and the whole text is read at once), and each part only appends tables to its
    arrays, as the whole text does. A cut that is not a real header (a `[[name]]` line inside
    a multi-line string or array) leaves the part before it unterminated, which rtoml
    refuses; any refusal reads the whole text at once too (a refusal there goes to tomli,
    as before)."""
    cuts = _cuts(text)
    data = _read_parts(text, cuts) if cuts else None
    return rtoml.loads(text) if data is None else data


def _read_parts(text: str, cuts: list[int]) -> dict[str, Any] | None:
    """The parts' values put together; None when a part is refused or holds anything but
    arrays of tables of its own (`_rtoml_in_parts`)."""
    bounds = [0, *cuts, len(text)]
    try:
        data: dict[str, Any] = rtoml.loads(text[:bounds[1]])
        arrays: set[str] = set()  # made by the parts' headers
        for number in range(1, len(bounds) - 1):
            part = rtoml.loads(text[bounds[number]:bounds[number + 1]])
            for name, tables in part.items():
                if name in arrays:
                    data[name] += tables
                elif type(tables) is list and name not in data:
                    data[name] = tables
                    arrays.add(name)
                else:
                    return None
    except Exception:  # the whole text decides (rtoml, then tomli)
        return None
    return data


def _cuts(text: str) -> list[int]:
    """Where `_rtoml_in_parts` cuts `text` (offsets of `[[name]]` lines): the first such
    line, then the first one at least PART_CHARS after the last cut. None for a short text."""
    cuts: list[int] = []
    if len(text) < 2 * PART_CHARS:
        return cuts
    position = text.find("\n[[")
    while position >= 0:
        if _ARRAY_HEADER.match(text, position + 1) is None:
            position = text.find("\n[[", position + 3)
            continue
        cuts.append(position + 1)
        position = text.find("\n[[", position + PART_CHARS)
    return cuts


def _standard_tzinfo(node: dict[str, Any] | list[Any], left: int) -> int:
    """Offset date-times get `datetime.timezone` (as from tomli), in place. `left` bounds the
    date-times not met yet: each one written in the file holds one match of `_DATE_TIME` (a
    string may hold more), so the walk stops once it has met that many. A file whose only
    date-time is its `start` is not walked past it: a walk of every value cost about 0.8 us
    per step of a big file. Returns the bound left."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, dict | list):
            left = _standard_tzinfo(value, left)
        elif isinstance(value, datetime):
            if value.tzinfo is not None and type(value.tzinfo) is not timezone:
                node[key] = value.replace(tzinfo=timezone(value.utcoffset()))  # type: ignore[index,arg-type]
            left -= 1
        if left <= 0:
            return 0
    return left


def _toml_problem(message: str, filename: str) -> Problem:
    match = _TOML_POSITION.match(message)
    if match is None:
        return Problem(filename, None, "", f"not valid TOML: {message}")
    return Problem(filename, int(match["line"]), "", f"not valid TOML: {match['msg']}",
                   column=int(match["col"]))


# ---------------------------------------------------------------------------- validation errors


def _problems(exc: ValidationError, data: dict[str, Any], text: str,
              filename: str) -> list[Problem]:
    locator = Locator(text)
    grouped: dict[tuple[str | int, ...], list[tuple[Any, Any, list[str]]]] = {}
    for error in exc.errors():
        path, value, branches = _resolve(error, data)
        if error["type"] == "union_tag_invalid":
            path, value = (*path, "do"), error["ctx"]["tag"]
        grouped.setdefault(path, []).append((error, value, branches))
    problems = []
    for path in _typo_explained_missing(grouped):
        del grouped[path]
    for path, errors in grouped.items():
        all_branches = [b for _, _, branches in errors for b in branches]
        error, value, _ = errors[0]
        message = _message(error, value, all_branches, path)
        kinds = [_EXPECTED[e["type"]] for e, _, _ in errors if e["type"] in _EXPECTED]
        if len(set(kinds)) > 1 and not message.startswith("must be a policy"):
            forms = list(dict.fromkeys(kinds))  # a union: say every accepted form
            wanted = ", ".join(forms[:-1]) + " or " + forms[-1]
            message = f"must be {wanted}, not {_type_name(value)} {_show(value)}".rstrip()
        problems.append(Problem(filename, locator.line(path), format_path(path), message))
    return sorted(problems, key=lambda p: (p.line or 0, p.key_path))


def _typo_explained_missing(grouped: dict[tuple[str | int, ...], list[Any]]) -> list[Any]:
    """A missing key next to an unknown key that is its misspelling: one problem, not two
    (the unknown key's message suggests the right name)."""
    missing = [p for p, errs in grouped.items() if errs[0][0]["type"] == "missing"]
    unknown = [p for p, errs in grouped.items() if errs[0][0]["type"] == "extra_forbidden"]
    explained = []
    for path in missing:
        for other in unknown:
            if other[:-1] == path[:-1] and difflib.get_close_matches(
                    str(other[-1]), [str(path[-1])], n=1, cutoff=0.75):
                explained.append(path)
                break
    return explained


def _resolve(error: Any, data: dict[str, Any]) -> tuple[tuple[str | int, ...], Any, list[str]]:
    """The key path in the file, the value found there, and the union branch names that
    pydantic put in the location (not keys of the file)."""
    loc: Sequence[str | int] = error["loc"]
    path: list[str | int] = []
    node: Any = data
    branches: list[str] = []
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        in_table = isinstance(node, dict) and isinstance(part, str) and part in node
        in_array = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_table or in_array:
            node = node[part]
            path.append(part)
        elif last and error["type"] in ("missing", "extra_forbidden"):
            path.append(part)
        else:
            branches.append(str(part))  # a union branch or discriminator tag, not a key
    return tuple(path), node, branches


def _unknown_step_kind(value: Any) -> str:
    """The step kind a typo meant, when one is close; else every kind."""
    kinds = list(m.STEP_TYPES)
    folded = {kind.casefold(): kind for kind in kinds}
    hint = difflib.get_close_matches(str(value).casefold(), list(folded), n=1, cutoff=0.75)
    if hint:
        return f'unknown step kind "{value}" (did you mean "{folded[hint[0]]}"?)'
    return f'unknown step kind "{value}"; expected one of: {", ".join(kinds)}'


def _message(error: Any, value: Any, branches: list[str], path: tuple[str | int, ...]) -> str:
    kind = error["type"]
    key = path[-1] if path else ""
    if kind == "missing":
        return f'required key "{key}" is missing'
    if kind == "extra_forbidden":
        known = sorted(_known_keys() - {str(key)})
        hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.75)
        suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
        if key in _known_keys():
            suggestion = " in this table (a key written below a [header] belongs to that table)"
        return f'unknown key "{key}"{suggestion}'
    if kind == "union_tag_invalid":
        return _unknown_step_kind(value)
    if kind == "union_tag_not_found":
        return 'required key "do" is missing (it names what the step does, e.g. "sign-in")'
    if kind == "literal_error":
        return f'must be {error["ctx"]["expected"]}, not {_show(value)}'
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if "dict[str,any]" in branches and "str" in branches:
        return f"must be a policy document (a table or a JSON string), not {_type_name(value)}"
    expected = _EXPECTED.get(kind)
    if expected:
        quote = ""
        if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
            quote = f' (in quotes: "{value}")'
        if kind == "int_type" and key in SECONDS_KEYS:
            expected = "an integer number of seconds"  # not "1h": the unit is not written
        return f"must be {expected}, not {_type_name(value)} {_show(value)}".rstrip() + quote
    return str(error["msg"])


SECONDS_KEYS = frozenset({"duration", "seconds", "max_session_duration"})
"""Keys holding a number of seconds, where "1h" is the likely mistake."""

_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "bool_type": "true or false",
    "float_type": "a number",
    "datetime_type": "an offset date-time such as 2026-01-01T09:00:00Z",
    "dict_type": "a table",
    "list_type": "an array",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _type_name(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number",
             dict: "a table", list: "an array"}
    return names.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return ""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _known_keys() -> set[str]:
    keys: set[str] = set()
    stack: list[type[BaseModel]] = [m.Scenario, m.ExpectSession, *m.STEP_TYPES.values()]
    stack += [m.AccountSpec, m.ScpLevelSpec, m.PolicySpec, m.UserSpec, m.GroupSpec, m.RoleSpec,
              m.InstanceProfileSpec, m.ProviderSpec, m.ResourceSpec, m.PolicyVersionSpec,
              m.FunctionSpec, m.InstanceSpec]
    for cls in stack:
        keys.update(cls.model_fields)
    return keys
