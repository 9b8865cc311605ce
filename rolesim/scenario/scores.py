"""A learner's predictions, written as they go (`<work>/<learner>/scores/<lesson>.json`), so
the trainer's `rolesim scores` can show which steps the class misunderstood.

One JSON file per lesson: `{"learner", "lesson", "title", "predictions": [...]}`; each
prediction is appended by rewriting the file atomically (a temporary file, then a rename), so
a reader never sees half a file.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Prediction:
    """One answer in predict mode and what AWS did."""

    step: int
    """1-based, as the stepper numbers steps."""
    kind: str
    """The step's `do` (call, assume-role...)."""
    prediction: str
    actual: str
    right: bool
    summary: str = ""
    """The step as the stepper shows it (`assume-role role/UpdateApp in production`)."""

    def record(self, now: datetime | None = None) -> dict[str, Any]:
        moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        return {"step": self.step, "index": self.step - 1, "kind": self.kind,
                "prediction": self.prediction, "actual": self.actual, "right": self.right,
                "summary": self.summary, "time": moment}


class ScoreLog:
    """Appends a learner's predictions for one lesson to `folder/scores/<lesson>.json`."""

    def __init__(self, folder: Path, lesson: str, title: str) -> None:
        self.lesson, self.title = lesson, title
        self.learner = folder.name
        self.path = folder / "scores" / f"{Path(lesson).stem}.json"

    def read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("predictions"), list):
            data = {"learner": self.learner, "lesson": self.lesson, "title": self.title,
                    "predictions": []}
        return data

    def append(self, prediction: Prediction, now: datetime | None = None) -> None:
        """Read, add, replace, holding a lock on the scores folder: two tabs open under one
        name each keep every answer (without it, the second rename dropped the first's)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX)
            self._append(prediction, now)
        finally:
            os.close(folder)  # releases the lock

    def _append(self, prediction: Prediction, now: datetime | None) -> None:
        data = self.read()
        data["title"] = self.title
        data["predictions"].append(prediction.record(now))
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
