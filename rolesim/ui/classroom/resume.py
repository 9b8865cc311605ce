"""A learner who comes back to a lesson (a closed tab, a refresh, a restarted server) finds
their answers and their place again: the predictions already written to their score file are
put back into the Scenario tab, which goes on from the last step they predicted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rolesim.scenario.model import StepBase
from rolesim.ui.steps.stepper_model import Guess, Prediction, guesses_for, is_asked


@dataclass(frozen=True)
class Resumed:
    """What the Scenario tab gets back: the latest answer for each step index, and where to
    go on from."""

    predictions: dict[int, Prediction]
    position: int
    """How many steps have run: up to the last step predicted."""


def earlier_answers(records: Sequence[object], steps: Sequence[StepBase]) -> Resumed | None:
    """The score file's records (oldest first) for this lesson's steps; None when nothing can
    be put back. A record that no longer fits its step (the lesson was changed since: another
    kind of step, or a step that is gone) is left out."""
    predictions: dict[int, Prediction] = {}
    for record in records:
        if not isinstance(record, dict):
            continue
        index = _index(record, steps)
        guess = _guess(record, steps[index].do) if index is not None else None
        if index is None or guess is None:
            continue
        predictions[index] = Prediction(guess, str(record.get("actual", "")),
                                        record.get("right") is True)
    if not predictions:
        return None
    return Resumed(predictions, max(predictions) + 1)


def _index(record: dict[str, Any], steps: Sequence[StepBase]) -> int | None:
    step = record.get("step")
    if not isinstance(step, int) or isinstance(step, bool) or not 1 <= step <= len(steps):
        return None
    index = step - 1
    if record.get("kind") != steps[index].do or not is_asked(steps[index]):
        return None
    return index


def _guess(record: dict[str, Any], do: str) -> Guess | None:
    """The guess the learner picked, as the score file names it (its one outcome, or its
    label for the catch-all)."""
    said = record.get("prediction")
    return next((guess for guess in guesses_for(do) if said == (
        guess.covers[0] if len(guess.covers) == 1 else guess.label)), None)
