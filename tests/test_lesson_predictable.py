"""A learner alone with a shipped lesson can still predict: the description shown before the
first step (the Lesson tab in learner mode leaves out its `Key ideas` section) does not say
how a step of the lesson turns out.

Judged sentence by sentence: a statement that names someone or something a step acts on (a
role, user, group, function or instance profile, by the last part of its ARN) AND says an
outcome (refused, cannot, gets in, an STS/IAM error code...) answers that step before the
learner predicts it. A question is the intended form ("Can Carol reach peg?"), and a general
rule that names nobody ("StringEquals on a missing key is false") is teaching, so neither is
flagged. The outcomes themselves belong in each step's `explain` and in the Key ideas.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from rolesim.ui.lesson.key_ideas import without_key_ideas

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [*sorted((ROOT / "rolesim" / "lessons").glob("*.toml")),
           ROOT / "rolesim" / "scenario" / "builtin" / "cross-account-delegation.toml"]

OUTCOME = re.compile(
    r"AccessDenied|ValidationError|InvalidIdentityToken|InvalidParameterValue|ExpiredToken"
    r"|MalformedPolicyDocument|UnmodifiableEntity|MissingAuthenticationToken"
    r"|\b(?:fails?|refused|cannot|can no longer|no longer|denied|gets in|is assumed|reaches"
    r"|is stopped|still answers|does not help)\b", re.IGNORECASE)
"""Words that say how a request came out."""

ACTED_ON = ("role", "principal", "user", "group", "function", "instance_profile")
"""Step keys whose value names what the step acts on."""


def step_names(lesson: dict[str, Any]) -> set[str]:
    """The last part of every ARN a step acts on (`role/service-role/SchedulerToSqs` ->
    `SchedulerToSqs`, `user/dana` -> `dana`); `root` and names under 3 letters are left out,
    as they are ordinary words."""
    names = set()
    for step in lesson.get("steps", []):
        for key in ACTED_ON:
            value = step.get(key)
            if isinstance(value, str) and value:
                name = re.split(r"[/:]", value)[-1]
                if len(name) >= 3 and name != "root":
                    names.add(name)
    return names


def statements(text: str) -> list[str]:
    """The sentences and list items of a Markdown text, questions left out."""
    parts = re.split(r"(?<=[.?!])\s+|\n\s*\n|\n\s*[*-] ", text)
    cleaned = (re.sub(r"\s+", " ", part).strip() for part in parts)
    return [part for part in cleaned if part and not part.endswith("?")]


def answers_given_away(lesson: dict[str, Any]) -> list[str]:
    """The statements shown before the first step that name a step's subject and an
    outcome."""
    names = step_names(lesson)
    shown = without_key_ideas(str(lesson.get("description", "")))
    return [sentence for sentence in statements(shown)
            if OUTCOME.search(sentence) and any(
                re.search(rf"(?<![\w/-]){re.escape(name)}(?![\w-])", sentence, re.IGNORECASE)
                for name in names)]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_the_lesson_text_before_the_steps_names_no_step_outcome(path: Path) -> None:
    lesson = tomllib.loads(path.read_text(encoding="utf-8"))
    assert answers_given_away(lesson) == [], (
        "ask it as a question, or leave the outcome to the step's explain and the Key ideas")


def test_a_statement_that_answers_a_step_is_found() -> None:
    """The check itself: the wording lessons 03, 05 and 29 had before they were reworded."""
    lesson = {
        "description": (
            "* `LegacySchedulerRole` has no such condition: the same foreign schedule gets in.\n"
            "* Carol has no tag, and she reaches nothing.\n\n"
            "Dana cannot assume `OpsAdminRole`: its trust names only EC2 (TP-01).\n\n"
            "## Key ideas\n\n* Dana cannot assume `OpsAdminRole` (TP-01).\n"),
        "steps": [{"do": "sign-in", "principal": "arn:aws:iam::111111111111:user/dana"},
                  {"do": "service-assume-role", "service": "scheduler.amazonaws.com",
                   "role": "arn:aws:iam::111111111111:role/service-role/LegacySchedulerRole"},
                  {"do": "sign-in", "principal": "arn:aws:iam::111111111111:user/carol"},
                  {"do": "assume-role", "role": "arn:aws:iam::111111111111:role/OpsAdminRole"}],
    }
    found = answers_given_away(lesson)
    assert len(found) == 3, found
    assert not any("Key ideas" in s for s in found), "the Key ideas come after the steps"


def test_questions_and_rules_that_name_nobody_pass() -> None:
    lesson = {
        "description": ("Can Dana assume `OpsAdminRole`? Does the foreign schedule get in?\n\n"
                        "A `StringEquals` on a missing key is false, so the call is refused "
                        "(CO-09).\n"),
        "steps": [{"do": "assume-role", "role": "arn:aws:iam::111111111111:role/OpsAdminRole"},
                  {"do": "sign-in", "principal": "arn:aws:iam::111111111111:user/dana"}],
    }
    assert answers_given_away(lesson) == []
