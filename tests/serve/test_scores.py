"""Score files (one per learner and lesson, written as predictions are made) and the class
table `rolesim scores` prints from them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rolesim.scenario.scores import Prediction, ScoreLog
from rolesim.scenario.scores_report import class_summary, render_table

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
DENIED = "denied (explicit or implicit)"


def _log(work: Path, learner: str, lesson: str, *answers: tuple[int, str, str, str]) -> None:
    log = ScoreLog(work / learner, lesson, f"Title of {lesson}")
    for step, kind, said, actual in answers:
        right = said == actual or (said == DENIED and actual.endswith("Deny"))
        log.append(Prediction(step, kind, said, actual, right), NOW)


def test_each_prediction_is_appended_with_what_the_trainer_needs(tmp_path: Path) -> None:
    _log(tmp_path, "ada", "01-cross", (1, "sign-in", "ok", "ok"),
         (3, "call", "allowed", "implicitDeny"))
    data = json.loads((tmp_path / "ada" / "scores" / "01-cross.json").read_text())
    assert data["learner"] == "ada" and data["lesson"] == "01-cross"
    assert data["title"] == "Title of 01-cross"
    assert data["predictions"][1] == {
        "step": 3, "index": 2, "kind": "call", "prediction": "allowed",
        "actual": "implicitDeny", "right": False, "summary": "",
        "time": "2026-12-05T10:00:00+00:00"}
    assert [p.name for p in (tmp_path / "ada" / "scores").iterdir()] == ["01-cross.json"]


def test_the_class_table_counts_each_learners_latest_answer(tmp_path: Path) -> None:
    _log(tmp_path, "ada", "01-cross", (1, "sign-in", "ok", "ok"),
         (3, "call", "allowed", "implicitDeny"), (3, "call", DENIED, "implicitDeny"))
    _log(tmp_path, "bob", "01-cross", (1, "sign-in", "ok", "ok"),
         (3, "call", "allowed", "implicitDeny"))
    _log(tmp_path, "bob", "04-chain", (2, "assume-role", "ok", "ValidationError"))
    summary = class_summary(tmp_path)
    assert summary["learners"]["ada"]["01-cross"] == {"right": 2, "predicted": 2,
                                                      "wrong_steps": []}
    assert summary["learners"]["bob"]["01-cross"] == {"right": 1, "predicted": 2,
                                                      "wrong_steps": [3]}
    assert [(w["lesson"], w["step"], w["wrong"], w["predicted"])
            for w in summary["most_wrong"]] == [("04-chain", 2, 1, 1), ("01-cross", 3, 1, 2)]
    table = render_table(summary, now=NOW + timedelta(minutes=25)).splitlines()
    assert table[0].split() == ["learner", "01", "04", "total", "last", "answer"]
    # each learner's most recent answer: where they are, and how long ago (stuck?)
    assert table[2].split() == ["ada", "2/2", "-", "2/2", "01", "step", "3,", "25", "min", "ago"]
    assert table[3].split()[:4] == ["bob", "1/2", "0/1", "1/3"]
    at = table.index("  01 step 3: 1 of 2 wrong; most said 'allowed', AWS said implicitDeny")
    assert table[at + 1] == "      call"  # the step as the stepper shows it (here: its kind)


def test_rolesim_scores_prints_the_table_or_json_and_says_when_a_file_is_bad(
        tmp_path: Path) -> None:
    _log(tmp_path, "ada", "01-cross", (1, "sign-in", "ok", "ok"))
    (tmp_path / "eve" / "scores").mkdir(parents=True)
    (tmp_path / "eve" / "scores" / "01-cross.json").write_text("{not json")
    text = subprocess.run([sys.executable, "-m", "rolesim", "scores", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert text.returncode == 0
    assert text.stdout.splitlines()[2].split()[:6] == ["ada", "1/1", "1/1", "01", "step", "1,"]
    assert "eve/scores/01-cross.json: not a score file (skipped)" in text.stderr
    as_json = subprocess.run([sys.executable, "-m", "rolesim", "scores", str(tmp_path),
                              "--json"], capture_output=True, text=True, timeout=60)
    data = json.loads(as_json.stdout)
    assert data["learners"]["ada"]["01-cross"]["right"] == 1
    assert data["last_answer"]["ada"] == {"lesson": "01-cross", "step": 1,
                                          "time": "2026-12-05T10:00:00+00:00"}
    missing = subprocess.run([sys.executable, "-m", "rolesim", "scores",
                              str(tmp_path / "nope")], capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def test_rolesim_scores_on_a_file_says_it_is_not_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: 'no such folder' for a path that exists (a file)."""
    from rolesim.cli import main

    a_file = tmp_path / "scores.json"
    a_file.write_text("{}")
    assert main(["scores", str(a_file)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"rolesim scores: error: {a_file}: a file, not a folder (give the --work folder of "
        "rolesim serve)")
    assert main(["scores", str(tmp_path / "none")]) == 2
    assert "none: no such folder" in capsys.readouterr().err


def _append_many(folder: str, start: int) -> None:
    log = ScoreLog(Path(folder), "tutorial", "Tutorial")
    for step in range(start, start + 25):
        log.append(Prediction(step, "call", "allowed", "allowed", True), NOW)


def test_two_tabs_under_one_name_keep_every_answer(tmp_path: Path) -> None:
    """Two browser tabs opened under the same name write the same score file at the same
    time; each answer is kept (read, add and replace happen under a lock)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_append_many, args=(str(tmp_path / "ada"), start))
               for start in (1, 101, 201)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
    data = json.loads((tmp_path / "ada" / "scores" / "tutorial.json").read_text())
    assert len(data["predictions"]) == 75
    assert [p.name for p in (tmp_path / "ada" / "scores").iterdir()] == ["tutorial.json"]


def test_the_table_lines_up_names_in_any_script(tmp_path: Path) -> None:
    _log(tmp_path, "李雷", "tutorial", (2, "call", "allowed", "allowed"))
    _log(tmp_path, "ana", "tutorial", (2, "call", "allowed", "implicitDeny"))
    lines = render_table(class_summary(tmp_path), now=NOW).splitlines()
    # 李雷 is four columns wide on a terminal: its row's cells start where ana's do
    assert lines[2] == "ana" + " " * 11 + "0/1    0/1  tutorial step 2, just now"
    assert lines[3] == "李雷" + " " * 10 + "1/1    1/1  tutorial step 2, just now"
