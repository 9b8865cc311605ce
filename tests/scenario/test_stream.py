"""The streamed report of `rolesim run FILE` is the same text as the report built whole:
the transcript, and `json.dumps(report_json(...), indent=2)` (the format's report)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolesim.scenario.load import load_scenario
from rolesim.scenario.report import report_json, transcript
from rolesim.scenario.runner import replay
from rolesim.scenario.stream import dumps, write_report

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "rolesim" / "lessons").glob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED[:8] + SHIPPED[-4:], ids=lambda p: p.name)
def test_streamed_reports_equal_the_whole_ones(path: Path) -> None:
    scenario = load_scenario(path)
    whole = replay(scenario)
    for as_json, expected in ((True, json.dumps(report_json(whole), indent=2) + "\n"),
                              (False, transcript(whole) + "\n")):
        out = io.StringIO()
        passed = write_report(load_scenario(path), out, as_json)
        assert passed == whole.passed
        assert out.getvalue() == expected


def test_a_file_without_steps_gives_an_empty_steps_array() -> None:
    from rolesim.scenario.load import load_scenario_text

    scenario = load_scenario_text('format = 1\ntitle = "empty"\n')
    out = io.StringIO()
    assert write_report(scenario, out, True)
    assert json.loads(out.getvalue()) == {"title": "empty", "passed": True, "steps": []}
    assert out.getvalue() == json.dumps(report_json(replay(scenario)), indent=2) + "\n"


json_values: Any = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_dumps_is_json_dumps_with_indent_2(value: Any) -> None:
    assert dumps(value, "") == json.dumps(value, indent=2)


def test_trace_adds_every_statement_considered() -> None:
    scenario = load_scenario(SHIPPED[0])
    short, full = io.StringIO(), io.StringIO()
    write_report(scenario, short, False)
    write_report(load_scenario(SHIPPED[0]), full, False, trace=True)
    assert "no match" not in short.getvalue()
    assert "no match" in full.getvalue() or "matched (" in full.getvalue()
    assert len(full.getvalue()) > len(short.getvalue())
