"""The streamed report of `rolesim run FILE` is the same text as the report built whole:
the transcript, and `json.dumps(report_json(...), indent=2)` (the format's report)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolesim.scenario.load import load_scenario, load_scenario_text
from rolesim.scenario.report import report_json, transcript
from rolesim.scenario.runner import replay
from rolesim.scenario.stream import dumps, write_report

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "rolesim" / "lessons").glob("*.toml"))


def _generated_world() -> str:
    """The engine benchmark's workload (benchmarks/gen_worlds.py), 300 calls instead of 20,000:
    wildcards, NotAction, conditions, variables, bucket policies, context values."""
    import importlib.util
    import random

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "gen_worlds.py"
    spec = importlib.util.spec_from_file_location("gen_worlds", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.calls_world(300, random.Random(13))[0]
    return text


@pytest.mark.parametrize("path", [*SHIPPED, "generated"],
                         ids=lambda p: p if isinstance(p, str) else p.name)
def test_streamed_reports_equal_the_whole_ones(path: Path | str, tmp_path: Path) -> None:
    """Every shipped lesson and the benchmark's generated world: the streamed report (which
    writes most call steps through its own fast path) is byte for byte the whole one, from
    the scenario loaded as usual and loaded to run (`rolesim run`: its plain call steps
    kept as read, run without their models)."""
    if path == "generated":
        path = tmp_path / "generated.toml"
        path.write_text(_generated_world())
    scenario = load_scenario(path)
    whole = replay(scenario)
    for as_json, expected in ((True, json.dumps(report_json(whole), indent=2) + "\n"),
                              (False, transcript(whole) + "\n")):
        out = io.StringIO()
        passed = write_report(load_scenario(path), out, as_json)
        assert passed == whole.passed
        assert out.getvalue() == expected
        raw = io.BytesIO()  # what `rolesim run` writes to a UTF-8 stdout's buffer
        assert write_report(load_scenario(path, to_run=True), raw, as_json) == whole.passed
        assert raw.getvalue() == expected.encode()


def test_a_file_loaded_to_run_runs_its_plain_calls_without_their_models() -> None:
    """Loaded to run, the plain call steps stay PlainCalls (most steps of the generated
    world, every call of a lesson written plainly) and `--trace` reports them as the usual
    loading's steps, each step made only for it."""
    from rolesim.scenario.plain_steps import PlainCall

    text = _generated_world()
    kept = load_scenario_text(text, "g.toml", to_run=True)
    usual = load_scenario_text(text, "g.toml")
    plain = [i for i, step in enumerate(kept.steps) if type(step) is PlainCall]
    assert len(plain) > 250
    assert [kept.steps[i].step() for i in plain] == [usual.steps[i] for i in plain]
    for trace in (False, True):
        outs = []
        for scenario in (kept, usual):
            out = io.BytesIO()
            write_report(scenario, out, False, trace)
            outs.append(out.getvalue())
        assert outs[0] == outs[1]


def test_a_file_without_steps_gives_an_empty_steps_array() -> None:

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


def test_no_step_class_is_another_s_subclass() -> None:
    """report.describe matches the call step first (most steps of a long file): only right
    while no step class derives from another, so the order of its cases cannot matter."""
    from rolesim.scenario.model import STEP_TYPES

    classes = list(STEP_TYPES.values())
    assert [(a, b) for a in classes for b in classes if a is not b and issubclass(a, b)] == []


def test_a_report_past_the_memory_limit_goes_through_a_file_unchanged(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The body is held in memory up to SPOOL_LIMIT characters, then in a temporary file:
    the report is the same either way (a limit of 1,000 spills the generated world's)."""
    from rolesim.scenario import stream

    path = tmp_path / "generated.toml"
    path.write_text(_generated_world())
    files: list[object] = []
    temporary_file = tempfile.TemporaryFile  # looked up on the module by the source and by
    # the mypyc build alike (a patched method of the compiled Spool would not be called)
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda: files.append(1) or temporary_file())
    spilled: list[bool] = []

    def report(out: io.StringIO | io.BytesIO, as_json: bool) -> None:
        before = len(files)
        write_report(load_scenario(path), out, as_json)
        spilled.append(len(files) > before)

    in_memory = stream.SPOOL_LIMIT
    for as_json in (True, False):
        held = io.StringIO()
        report(held, as_json)
        monkeypatch.setattr(stream, "SPOOL_LIMIT", 1000)
        through_file = io.StringIO()
        report(through_file, as_json)
        raw_through_file = io.BytesIO()
        report(raw_through_file, as_json)
        monkeypatch.setattr(stream, "SPOOL_LIMIT", in_memory)
        assert through_file.getvalue() == held.getvalue()
        assert raw_through_file.getvalue() == held.getvalue().encode()
    assert spilled == [False, True, True, False, True, True]


def test_a_spilled_transcript_read_back_as_text_keeps_characters_cut_between_reads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The transcript is spooled as UTF-8 bytes; read back for a text stream in pieces, a
    '\u25b6' (three bytes) falling across two pieces still comes out whole."""
    from rolesim.scenario import stream

    spool = stream.Spool(limit=0, binary=True)
    with spool:
        spool.hold([b"a" * ((1 << 20) - 1), "\u25b6 b".encode()])
        out = io.StringIO()
        spool.copy_to(out)
    assert out.getvalue() == "a" * ((1 << 20) - 1) + "\u25b6 b"


def test_only_the_process_stdout_writing_utf8_is_written_as_bytes() -> None:
    """A stream in place of stdout (a test's, another program's) is given text, as before."""
    from rolesim.scenario.stream import utf8_sink

    text = io.StringIO()
    assert utf8_sink(text) is text
    wrapper = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert utf8_sink(wrapper) is wrapper


@pytest.mark.parametrize("environment", [{"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C"},
                                         {"PYTHONIOENCODING": "utf-8"}])
def test_rolesim_run_writes_the_transcript_as_utf8_under_any_utf8_stdout(
        environment: dict[str, str]) -> None:
    """`rolesim run` to a pipe: the transcript's bytes are its text in UTF-8, under a UTF-8
    locale and under LANG=C (where Python writes UTF-8 too)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    done = subprocess.run([sys.executable, "-m", "rolesim", "run", str(SHIPPED[0])],
                          capture_output=True, env={**env, **environment}, check=False)
    expected = transcript(replay(load_scenario(SHIPPED[0]))) + "\n"
    assert "\u25b6" in expected
    assert (done.returncode, done.stdout, done.stderr) == (0, expected.encode(), b"")


def test_rolesim_run_under_an_encoding_without_the_marker_fails_as_before() -> None:
    """A stdout that cannot encode '\u25b6' (PYTHONIOENCODING=latin-1) gets the title, then
    the one-line error naming the character: the report is not silently re-encoded."""
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "rolesim", "run", str(SHIPPED[0])],
                          capture_output=True, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "latin-1"})
    title = load_scenario(SHIPPED[0]).title
    assert done.returncode == 2
    assert done.stdout == f"{title}\n{'=' * len(title)}\n".encode("latin-1")
    assert done.stderr.startswith(b"rolesim run: error: internal error (a bug in rolesim): "
                                  b"UnicodeEncodeError: 'latin-1'")


def test_the_tables_of_shared_pieces_emptied_when_full_give_the_same_report(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The verdict, clock and Why-block tables are bounded and emptied when full: with room
    for one entry each (emptied at almost every call), the report is the same text."""
    from rolesim.scenario import stream

    path = tmp_path / "generated.toml"
    path.write_text(_generated_world())
    whole = replay(load_scenario(path))
    monkeypatch.setattr(stream, "VERDICTS_KEPT", 1)
    monkeypatch.setattr(stream, "BLOCKS_KEPT", 1)
    for table in (stream._VERDICTS, stream._VERDICT_TEXTS, stream._CLOCK_TEXTS,
                  stream._BLOCKS, stream._TEXT_BLOCKS):
        table.clear()  # caches: what earlier tests left would be found, not made
    for as_json, expected in ((True, json.dumps(report_json(whole), indent=2) + "\n"),
                              (False, transcript(whole) + "\n")):
        raw = io.BytesIO()
        write_report(load_scenario(path), raw, as_json)
        assert raw.getvalue() == expected.encode()
    assert [len(stream._CLOCK_TEXTS), len(stream._VERDICTS), len(stream._VERDICT_TEXTS),
            len(stream._BLOCKS), len(stream._TEXT_BLOCKS)] == [1, 1, 1, 1, 1]
