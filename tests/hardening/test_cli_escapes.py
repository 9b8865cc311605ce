"""Issue 16: inputs that used to escape as `rolesim: internal error` (OverflowError from the
clock, RecursionError from nesting) are one clear line naming the file and the key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from rolesim.core.clock import LATEST, Clock, ClockRangeError, parse_time
from tests.hardening import hostile
from tests.hardening.conftest import Ran

Cli = Callable[..., Ran]


def _write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _one_clear_line(ran: Ran, path: Path) -> str:
    assert ran.status == 2
    assert "internal error" not in ran.err
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert lines[0].startswith(f"rolesim run: error: {path}"), ran.err
    return lines[0].removeprefix("rolesim run: error: ")


def test_the_valid_base_file_runs(tmp_path: Path, cli: Cli) -> None:
    assert cli("run", str(_write(tmp_path, hostile.scenario()))).status == 0


def test_a_start_near_the_end_of_year_9999_is_refused_naming_start(tmp_path: Path,
                                                                 cli: Cli) -> None:
    path = _write(tmp_path, hostile.late_start())
    line = _one_clear_line(cli("run", str(path)), path)
    assert ": start: must be between 1970-01-01T00:00:00Z and 9000-01-01T00:00:00Z" in line


def test_an_advance_of_a_billion_hours_is_refused_naming_the_step(tmp_path: Path,
                                                                  cli: Cli) -> None:
    path = _write(tmp_path, hostile.huge_advance(10**9))
    line = _one_clear_line(cli("run", "--json", str(path)), path)
    assert "steps[1].hours: moves the clock too far: at most 61623720 hours" in line


def test_advances_that_add_up_past_the_range_stop_on_that_step(tmp_path: Path,
                                                               cli: Cli) -> None:
    steps = "".join('[[steps]]\ndo = "advance"\nhours = 20000000\n' for _ in range(4))
    path = _write(tmp_path, hostile.scenario(steps=steps))
    ran = cli("run", "--json", str(path))
    line = _one_clear_line(ran, path)
    assert "steps[4].hours" in line and "would pass 9000-01-01T00:00:00Z" in line


def test_the_clock_refuses_to_pass_its_latest_time() -> None:
    clock = Clock(LATEST)
    with pytest.raises(ClockRangeError):
        clock.advance(1)


@pytest.mark.parametrize("text", ["9" * 40, "99999999999999"])
def test_huge_epoch_seconds_are_a_range_error_not_an_overflow(text: str) -> None:
    with pytest.raises(ClockRangeError):
        parse_time(text)


def test_a_trust_policy_nested_1000_deep_is_a_malformed_document(tmp_path: Path,
                                                                 cli: Cli) -> None:
    path = _write(tmp_path, hostile.deep_trust(1000))
    line = _one_clear_line(cli("run", str(path)), path)
    assert "roles[0].trust" in line and "nested more than 32 levels" in line


def test_a_step_policy_nested_deep_is_malformed_as_in_the_world(tmp_path: Path,
                                                                cli: Cli) -> None:
    """Deep enough to exceed the depth limit, short enough to stay under the packed size
    quota (2,048 characters for a session policy, QT facts), so depth is what decides."""
    path = _write(tmp_path, hostile.deep_step_policy(600))
    ran = cli("run", "--json", str(path))
    assert ran.status == 0, ran.err
    step = json.loads(ran.out)["steps"][1]
    assert step["outcome"] == "MalformedPolicyDocument"


def test_a_step_policy_nested_3000_deep_never_escapes(tmp_path: Path, cli: Cli) -> None:
    path = _write(tmp_path, hostile.deep_step_policy(3000))
    ran = cli("run", "--json", str(path))
    assert ran.status in (0, 1), ran.err
    assert json.loads(ran.out)["steps"][1]["outcome"] in ("MalformedPolicyDocument",
                                                          "ValidationError")


def test_toml_arrays_nested_thousands_deep_are_a_load_error(tmp_path: Path, cli: Cli) -> None:
    text = hostile.scenario() + "\n[[resources]]\narn = \"arn:aws:s3:::b\"\npolicy = " \
        + "[" * 5000 + "]" * 5000 + "\n"
    path = _write(tmp_path, text)
    line = _one_clear_line(cli("run", str(path)), path)
    assert "nested too deeply" in line


def test_toml_nesting_just_past_the_limit_names_its_place(tmp_path: Path, cli: Cli) -> None:
    text = hostile.scenario() + "\n[[resources]]\narn = \"arn:aws:s3:::b\"\npolicy = " \
        + "[" * 60 + "]" * 60 + "\n"
    path = _write(tmp_path, text)
    line = _one_clear_line(cli("run", str(path)), path)
    assert "resources[0].policy[0]" in line and "nested too deeply" in line


def test_a_negative_advance_is_refused_naming_its_key(tmp_path: Path, cli: Cli) -> None:
    """The simulated clock only moves forward; the line names the key that went back, as
    it does for one that goes too far."""
    steps = '[[steps]]\ndo = "advance"\nminutes = -5\n'
    path = _write(tmp_path, hostile.scenario(steps=steps))
    line = _one_clear_line(cli("run", str(path)), path)
    assert "steps[1].minutes: the clock only moves forward" in line, line
