"""`rolesim scores DIR`: the class table a trainer reads after (or during) a session.

DIR is `rolesim serve --work DIR`: one folder per learner, each with `scores/<lesson>.json`
(rolesim.scenario.scores). A learner who predicted a step twice (a second run of the lesson)
counts with their latest answer, so the table shows what each learner thinks now.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rolesim.scenario.errors import print_error

MOST_WRONG = 5


@dataclass
class Cell:
    """One learner on one lesson: the latest prediction for each step predicted."""

    latest: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def right(self) -> int:
        return sum(1 for p in self.latest.values() if p.get("right") is True)

    @property
    def predicted(self) -> int:
        return len(self.latest)


def read_class(work: Path) -> tuple[dict[str, dict[str, Cell]], dict[str, str], list[str]]:
    """(learner -> lesson -> Cell, lesson -> title, problems) from every score file."""
    table: dict[str, dict[str, Cell]] = {}
    titles: dict[str, str] = {}
    problems: list[str] = []
    for path in sorted(work.glob("*/scores/*.json")):
        learner, lesson = path.parent.parent.name, path.stem
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            predictions = data["predictions"]
            assert isinstance(predictions, list)
        except (OSError, ValueError, RecursionError, KeyError, TypeError, AssertionError):
            problems.append(f"{path}: not a score file (skipped)")
            continue
        titles.setdefault(lesson, str(data.get("title") or lesson))
        cell = table.setdefault(learner, {}).setdefault(lesson, Cell())
        for record in predictions:
            if isinstance(record, dict) and isinstance(record.get("step"), int):
                cell.latest[record["step"]] = record
    return table, titles, problems


def class_summary(work: Path) -> dict[str, Any]:
    """The data behind both the table and `--json`."""
    table, titles, problems = read_class(work)
    lessons = sorted(titles)
    learners = {
        learner: {lesson: {"right": cell.right, "predicted": cell.predicted,
                           "wrong_steps": sorted(s for s, p in cell.latest.items()
                                                 if p.get("right") is not True)}
                  for lesson, cell in sorted(row.items())}
        for learner, row in sorted(table.items())}
    last = {learner: _last_answer(row) for learner, row in sorted(table.items())}
    steps: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in table.values():
        for lesson, cell in row.items():
            for step, record in cell.latest.items():
                steps.setdefault((lesson, step), []).append(record)
    wrong: list[dict[str, Any]] = []
    for (lesson, step), records in steps.items():
        misses = [r for r in records if r.get("right") is not True]
        if not misses:
            continue
        said = Counter(str(r.get("prediction")) for r in misses).most_common(1)[0][0]
        wrong.append({"lesson": lesson, "title": titles[lesson], "step": step,
                      "kind": str(records[-1].get("kind", "")),
                      "summary": str(records[-1].get("summary") or records[-1].get("kind", "")),
                      "wrong": len(misses), "predicted": len(records),
                      "most_said": said, "actual": str(misses[-1].get("actual"))})
    wrong.sort(key=lambda w: (-int(w["wrong"]) / int(w["predicted"]), -int(w["wrong"]),
                              str(w["lesson"]), int(w["step"])))
    return {"work": str(work), "lessons": {lesson: titles[lesson] for lesson in lessons},
            "learners": learners, "last_answer": last, "most_wrong": wrong[:MOST_WRONG],
            "problems": problems}


def _last_answer(row: dict[str, Cell]) -> dict[str, Any] | None:
    """The learner's most recent answer in any lesson: where they are, and since when (a
    learner whose last answer is long ago may be stuck)."""
    answers = [(str(record.get("time") or ""), lesson, step)
               for lesson, cell in row.items() for step, record in cell.latest.items()]
    if not answers:
        return None
    moment, lesson, step = max(answers)
    return {"lesson": lesson, "step": step, "time": moment}


def _ago(moment: str, now: datetime) -> str:
    try:
        then = datetime.fromisoformat(moment)
    except ValueError:
        return "?"
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    return f"{minutes} min ago" if minutes < 120 else f"{minutes // 60} h ago"


def render_table(summary: dict[str, Any], now: datetime | None = None) -> str:
    """Learners down, lessons across, `right/predicted` in each cell, and each learner's
    last answer (where they are, how long ago); then the steps most often got wrong."""
    now = now or datetime.now(UTC)
    lessons: list[str] = list(summary["lessons"])
    learners: dict[str, dict[str, Any]] = summary["learners"]
    if not learners:
        return f"No scores yet in {summary['work']} (learners' predictions appear here)."
    short = {lesson: lesson.split("-", 1)[0] if lesson[:2].isdigit() else lesson
             for lesson in lessons}
    name_width = max(len("learner"), *(_cells(n) for n in learners))
    widths = {lesson: max(len(short[lesson]), 5) for lesson in lessons}
    totals = {learner: f"{sum(c['right'] for c in row.values())}/"
                       f"{sum(c['predicted'] for c in row.values())}"
              for learner, row in learners.items()}
    total_width = max(len("total"), *(len(t) for t in totals.values()))
    head = "learner".ljust(name_width) + "".join(
        "  " + short[lesson].rjust(widths[lesson]) for lesson in lessons) + "  " + \
        "total".rjust(total_width) + "  last answer"
    lines = [head, "-" * len(head)]
    for learner, row in learners.items():
        cells = []
        for lesson in lessons:
            cell = row.get(lesson)
            text = f"{cell['right']}/{cell['predicted']}" if cell else "-"
            cells.append("  " + text.rjust(widths[lesson]))
        padding = " " * (name_width - _cells(learner))  # 李雷 takes four columns, not two
        last = summary["last_answer"].get(learner)
        where = (f"{short[last['lesson']]} step {last['step']}, {_ago(last['time'], now)}"
                 if last else "-")
        lines.append(learner + padding + "".join(cells) + "  "
                     + totals[learner].rjust(total_width) + "  " + where)
    lines.append("")
    lines.append("cells: right/steps predicted (a learner's latest answer for each step)")
    lines.append("last answer: where each learner is, and how long ago they answered (a "
                 "long time: maybe stuck)")
    lines += [f"  {short[lesson]}: {summary['lessons'][lesson]}" for lesson in lessons
              if short[lesson] != lesson]
    if summary["most_wrong"]:
        lines += ["", "Steps most often got wrong:"]
        for w in summary["most_wrong"]:
            lines.append(f"  {short[w['lesson']]} step {w['step']}: {w['wrong']} of "
                         f"{w['predicted']} wrong; most said '{w['most_said']}', AWS said "
                         f"{w['actual']}")
            lines.append(f"      {w['summary']}")
    return "\n".join(lines)


def _cells(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def run_scores(work: Path, as_json: bool) -> int:
    if not work.is_dir():
        what = "a file, not a folder" if work.exists() else "no such folder"
        print_error("scores", f"{work}: {what} (give the --work folder of rolesim serve)")
        return 2
    summary = class_summary(work)
    for problem in summary["problems"]:
        print_error("scores", problem, level="warning")
    print(json.dumps(summary, indent=2) if as_json else render_table(summary))
    return 0
