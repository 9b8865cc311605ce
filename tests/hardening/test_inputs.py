"""Issue 16: inputs that are not scenario files, and untrusted text in messages. Every command
reports the same problem in the same one line; nothing blocks, nothing reaches the terminal
raw."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from rolesim.core.safe_text import escape_controls
from rolesim.scenario import read_input
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario
from tests.hardening import hostile
from tests.hardening.conftest import Ran

Cli = Callable[..., Ran]
COMMANDS = (("run",), ("run", "--json"), ("inspect",))


def _errors(cli: Cli, path: str) -> set[str]:
    """The stderr of every command on `path` after `rolesim COMMAND: error: ` (they must all
    be the same one line)."""
    seen = set()
    for command in COMMANDS:
        ran = cli(*command, path)
        assert ran.status == 2
        assert "internal error" not in ran.err
        seen.add(_unprefixed(ran.err, command[0]))
    who = cli("who-can-assume", path, "arn:aws:iam::111111111111:role/R")
    assert who.status == 2
    seen.add(_unprefixed(who.err, "who-can-assume"))
    return seen


def _unprefixed(err: str, command: str) -> str:
    prefix = f"rolesim {command}: error: "
    assert err.startswith(prefix), err
    return err.removeprefix(prefix)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path, cli: Cli) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    (err,) = _errors(cli, str(fifo))
    assert err == f"{fifo}: is a FIFO (named pipe), not a scenario file (a regular file)\n"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_before_reading(device: str, cli: Cli) -> None:
    (err,) = _errors(cli, device)
    assert err == f"{device}: is a character device, not a scenario file (a regular file)\n"


def test_a_directory_is_refused(tmp_path: Path, cli: Cli) -> None:
    (err,) = _errors(cli, str(tmp_path))
    assert err == (f"{tmp_path}: is a directory, not a scenario file (a regular file); name a "
                   ".toml file in it\n")


def test_a_missing_file_is_the_same_line_everywhere(tmp_path: Path, cli: Cli) -> None:
    (err,) = _errors(cli, str(tmp_path / "nope.toml"))
    assert err == f"{tmp_path / 'nope.toml'}: no such file\n"


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n   \n"])
def test_empty_and_comment_only_files_are_one_line(tmp_path: Path, text: str,
                                                   cli: Cli) -> None:
    path = tmp_path / "empty.toml"
    path.write_text(text)
    (err,) = _errors(cli, str(path))
    assert err.count("\n") == 1 and err.startswith(f"{path}: empty")


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.toml"
    path.write_text(hostile.scenario())
    monkeypatch.setattr(read_input, "MAX_FILE_BYTES", 100)
    with pytest.raises(ScenarioError, match=r"too large .* at most 0 MiB"):
        load_scenario(path)


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "two\nlines\x1b[2J.toml"
    path.write_text("format = 1\n")
    (err,) = _errors(cli, str(path))
    assert err.count("\n") == 1
    assert "two\\nlines\\x1b[2J.toml" in err and "\x1b" not in err


def test_a_key_with_control_and_bidi_characters_is_escaped(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "s.toml"
    path.write_text(hostile.scenario() + '"bad\\u001b[2J\\n\\r\\u2028\\u202ekey" = 1\n')
    (err,) = _errors(cli, str(path))
    assert err.count("\n") == 1
    assert "\\x1b[2J\\n\\r\\u2028\\u202ekey" in err
    assert not any(c in err[:-1] for c in "\x1b\r\n\u2028\u202e")


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\nb", "a\\nb"), ("a\rb", "a\\rb"), ("tab\there", "tab\\there"),
    ("\x1b[2J", "\\x1b[2J"), ("\x7f", "\\x7f"), ("Ad\u202emin", "Ad\\u202emin"),
    ("z\u200bw", "z\\u200bw"), ("\ufeffbom", "\\ufeffbom"), ("p\u2029q", "p\\u2029q"),
    ("café ✓ 東京", "café ✓ 東京"),
])
def test_escape_controls_shows_invisible_characters_and_keeps_the_rest(raw: str,
                                                                       shown: str) -> None:
    assert escape_controls(raw) == shown


def test_the_summary_of_several_files_escapes_their_names(tmp_path: Path, cli: Cli) -> None:
    good = tmp_path / "ok\u202e.toml"
    good.write_text(hostile.scenario())
    bad = tmp_path / "bad\n.toml"
    bad.write_text("format = 1\n")
    ran = cli("run", str(good), str(bad))
    assert ran.status == 2
    assert "\u202e" not in ran.out and "ok\\u202e.toml" in ran.out
    assert "bad\\n.toml: cannot be run" in ran.out
