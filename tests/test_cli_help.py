"""Every `--help` as a new user reads it in an 80-column terminal: no line wider than the
terminal (the texts' own 92-column lines used to wrap mid-word), and each subcommand says its
exit codes and gives an example (the README promises it for every one)."""

from __future__ import annotations

import pytest

from rolesim.cli import SUBCOMMANDS, main


def _help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
          *args: str, columns: int = 80) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main([*args, "--help"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["", *SUBCOMMANDS])
def test_help_fits_80_columns_with_exit_codes_and_an_example(
        command: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = _help(capsys, monkeypatch, *([command] if command else []))
    wide = [line for line in text.splitlines() if len(line) > 80]
    assert wide == []
    assert "exit status" in text
    assert "example" in text


def test_prose_is_refilled_to_a_wider_terminal_but_examples_keep_their_lines(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = _help(capsys, monkeypatch, "run", columns=140)
    assert "checks every step's expected outcome. One file: its transcript" in text
    assert "\n  0  every expectation in every file was met\n" in text


def test_every_argument_and_option_is_explained(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert "FILE                  scenario file" in _help(capsys, monkeypatch, "paths")
    graph = _help(capsys, monkeypatch, "graph")
    assert "FILE                  scenario file" in graph
    assert "Graphviz DOT (default) or Mermaid" in graph
    assert "--json      print the same data as JSON" in _help(capsys, monkeypatch, "scores")
