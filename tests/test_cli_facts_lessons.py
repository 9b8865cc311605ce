"""`rolesim facts`, `rolesim lessons` and `rolesim lesson`: look things up where you are.

Exit 0 when found, 1 when not (with a suggestion); every subcommand's --help says what it
does, its arguments, its exit codes and an example.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rolesim import cli
from rolesim.lessons import all_lessons, find_lessons, lessons_dir


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_facts_prints_a_fact_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    """CH-02: the one-hour cap on chained sessions, with the IAM User Guide page behind it."""
    status, out, _ = _run(capsys, "facts", "ch-02")
    assert status == 0
    assert out.startswith("CH-02  Chained sessions are capped at one hour")
    assert "ValidationError" in out and "Confidence: H / M (message)" in out
    assert "/IAM/latest/UserGuide/id_roles_terms-and-concepts.html" in out
    assert "docs/facts.md#ch-02" in out


def test_facts_prints_a_term_from_several_words(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "facts", "confused", "deputy")
    assert status == 0
    assert out.startswith("confused deputy\n")
    assert "TP-13" in out and "External ID" in out


def test_facts_lists_matches_for_a_partial_query(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "facts", "TAG-1")
    assert status == 0
    assert "TAG-10" in out and "TAG-16" in out and "TAG-01" not in out


def test_facts_lists_a_section(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "facts", "role-chaining")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines() if line.startswith("  ")] == [
        f"CH-0{n}" for n in range(1, 10)]


def test_facts_without_argument_lists_sections(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "facts")
    assert status == 0
    assert "role-chaining" in out and "CH-01 to CH-09" in out and "257 facts" in out  # DC-07 added


def test_facts_not_found_exits_1_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "facts", "confsed depty")
    assert status == 1 and out == ""
    assert err.strip() == ("rolesim facts: error: no fact or term matches 'confsed depty'; "
                           "did you mean confused deputy?")


def test_lessons_lists_every_shipped_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "lessons")
    assert status == 0
    files = sorted(lessons_dir().glob("*.toml"))
    assert len(all_lessons()) == len(files) >= 27
    assert "  4  role-chaining" in out
    assert "Role chaining and the one-hour cap" in out


def test_lessons_fit_80_columns_each_title_whole(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A long title goes on under itself (it used to run past 80 columns and wrap under the
    lesson number)."""
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = _run(capsys, "lessons")
    assert [line for line in out.splitlines() if len(line) > 80] == []
    words = " ".join(out.split())
    for lesson in all_lessons():
        assert f"{lesson.number} {lesson.name} {' '.join(lesson.title.split())}" in words


@pytest.mark.parametrize("query", ["4", "04", "role-chaining", "04-role-chaining.toml",
                                   "role-ch", "ROLE-CHAINING"])
def test_a_lesson_is_found_by_number_name_or_prefix(query: str) -> None:
    assert [lesson.name for lesson in find_lessons(query)] == ["role-chaining"]


def test_lesson_opens_the_tui_on_the_lesson_file(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path | None] = []
    monkeypatch.setattr(cli, "open_tui", lambda path: opened.append(path) or 0)
    assert cli.main(["lesson", "role-chaining"]) == 0
    assert opened == [lessons_dir() / "04-role-chaining.toml"]


@pytest.mark.parametrize(("query", "message"), [
    ("99", "no lesson matches '99'"),
    ("re", "'re' matches several lessons: 14 revoking-sessions, 18 recreated-principal"),
    # a word a new user types: no lesson is named so, but the lessons about it are offered
    ("chaining", "no lesson is named 'chaining'; about it: 4 role-chaining"),
    ("escalation", "no lesson is named 'escalation'; about it: 29 passrole-ec2-escalation, "
                   "30 passrole-lambda-escalation, 31 create-policy-version, "
                   "32 update-assume-role-policy-backdoor, 33 add-user-to-group"),
])
def test_lesson_not_found_or_ambiguous_exits_1(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch,
                                               query: str, message: str) -> None:
    monkeypatch.setattr(cli, "open_tui", lambda path: pytest.fail("must not open"))
    status, _, err = _run(capsys, "lesson", query)
    assert status == 1
    assert message in err


@pytest.mark.parametrize("command", cli.SUBCOMMANDS)
def test_every_subcommand_help_has_description_exit_codes_and_example(
        capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, _ = _run(capsys, command, "--help")
    assert status == 0
    usage, _, rest = out.partition("\n\n")
    assert usage.startswith(f"usage: rolesim {command}")
    description = rest.split("\n\n", 1)[0]
    assert len(description) > 40, description
    assert "exit status:" in out and "\n  0  " in out
    assert f"\n  rolesim {command}" in out.split("exit status:", 1)[1]


def test_top_level_help_names_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--help")
    assert status == 0
    for command in cli.SUBCOMMANDS:
        assert f"\n  {command} " in out, command
