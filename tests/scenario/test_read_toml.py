"""`read_toml` (rtoml first, tomli when rtoml refuses) reads every file as tomli does: the same
values, the same types down to the date-times' tzinfo, and tomli's error messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli

from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text, read_toml

ROOT = Path(__file__).resolve().parents[2]

DATE_TIMES = """
start = 2026-01-01T09:00:00Z
offset = 2026-01-01T09:00:00+05:30
lower = 2026-01-01t09:00:00z
spaced = 2026-01-01 09:00:00-02:00
local = 2026-01-01T09:00:00
day = 2026-01-01
[[steps]]
claims = { exp = 2026-01-01T10:00:00.25Z, list = [2026-01-01T10:00:00+01:00] }
"""


def test_date_times_are_the_standard_librarys() -> None:
    data = read_toml(DATE_TIMES)
    assert repr(data) == repr(tomli.loads(DATE_TIMES))
    assert data["start"] == datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert type(data["offset"].tzinfo) is timezone
    assert data["offset"].utcoffset() == timedelta(hours=5, minutes=30)
    exp = data["steps"][0]["claims"]["exp"]
    assert type(exp.tzinfo) is timezone and exp.microsecond == 250000
    assert type(data["steps"][0]["claims"]["list"][0].tzinfo) is timezone
    assert data["local"].tzinfo is None


def test_date_time_text_in_strings_does_not_stop_the_conversion_early() -> None:
    """The walk stops after as many date-times as the text seems to hold; text in strings
    that looks like one only makes it walk further, never stop short."""
    text = ('note = "2026-01-01T09:00 and 2026-01-02 10:00, in words"\n'
            "[[steps]]\nat = [{ when = 2026-01-01T09:00:00+01:00 }]\n"
            "[[steps]]\nlast = 2026-01-03T09:00:00-01:00\n")
    data = read_toml(text)
    assert repr(data) == repr(tomli.loads(text))
    assert type(data["steps"][0]["at"][0]["when"].tzinfo) is timezone
    assert type(data["steps"][1]["last"].tzinfo) is timezone


@pytest.mark.parametrize("text", [
    "a = 1e400\n",  # rtoml refuses a float past double range; tomli reads inf
    "a = " + "[" * 300 + "]" * 300 + "\n",  # deeper than rtoml recurses
])
def test_what_rtoml_refuses_tomli_reads(text: str) -> None:
    assert read_toml(text) == tomli.loads(text)


@pytest.mark.parametrize("text", [
    "\ufeffformat = 1\n",  # a byte-order mark: TOML has none, rtoml would skip it
    'format = 1\ntitle = = "x"\n',
    "format = 1\nformat = 2\n",
])
def test_errors_are_tomlis(text: str) -> None:
    with pytest.raises(tomli.TOMLDecodeError) as expected:
        tomli.loads(text)
    with pytest.raises(tomli.TOMLDecodeError) as got:
        read_toml(text)
    assert str(got.value) == str(expected.value)


def test_a_toml_error_still_names_line_and_column() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text('format = 1\ntitle = "t"\n[[steps]]\ndo = = "call"\n', "f.toml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (4, 6)


@pytest.mark.parametrize("path", sorted(
    [*ROOT.glob("rolesim/lessons/*.toml"), *ROOT.glob("rolesim/scenario/builtin/*.toml")]),
    ids=lambda p: p.name)
def test_every_shipped_scenario_reads_as_with_tomli(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert repr(read_toml(text)) == repr(tomli.loads(text))


@pytest.mark.parametrize("opener", ["[", "{a="])
def test_nesting_far_past_any_parser_stack_is_a_clear_error(opener: str) -> None:
    """100,000 levels in 300 kB: a parser that recursed without a limit would overflow the
    C stack and kill the process (toml-rs 0.4.3 does at 8,000); rolesim says what is wrong."""
    text = 'format = 1\ntitle = "t"\nx = ' + opener * 100_000 + "\n"
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "deep.toml")
    assert str(caught.value).startswith("deep.toml: not valid TOML: nested too deeply")
