"""A learner alone with a shipped lesson can still predict: the description shown before the
first step (the Lesson tab in learner mode leaves out its `Key ideas` section) does not say
how a step of the lesson turns out, no explanation shown on the way tells a later step's
outcome, and every step asked about can be answered with a choice of its own.

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

from rolesim.scenario.load import load_scenario
from rolesim.scenario.runner import replay
from rolesim.ui.lesson.key_ideas import without_key_ideas
from rolesim.ui.steps.stepper_model import guesses_for, is_asked

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


# --- the steps predict mode asks about ---------------------------------------------------------
# A learner predicts every step `is_asked` picks: the decisions, and the world changes whose
# outcome is the lesson's point (lesson 11's refused changes to a service-linked role, SLR-02).
# Before such a step, the learner has read the description and the `explain` of every step
# already run; the step's own note and explain are not shown (tests/ui/test_learner_mode.py,
# tests/ui/test_predict_world_changes.py).

FORWARD = re.compile(r"\b(?:the next step|the following step|a later step|the steps? (?:after|"
                     r"below)|steps? \d+)\b", re.IGNORECASE)
"""Words with which an explanation points at a step still to come."""


def answers_ahead(steps: list[Any]) -> list[tuple[int, str]]:
    """(step number, sentence) of an `explain` shown before a step that is still to be asked
    about, which points at a later step and says an outcome ("the next step is refused")."""
    asked = [index for index, step in enumerate(steps) if is_asked(step)]
    last = asked[-1] if asked else -1
    return [(index + 1, sentence) for index, step in enumerate(steps[:last])
            for sentence in statements(str(step.explain or ""))
            if FORWARD.search(sentence) and OUTCOME.search(sentence)]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_explanation_answers_a_step_still_to_be_predicted(path: Path) -> None:
    assert answers_ahead(list(load_scenario(path).steps)) == [], (
        "say what the step shows; the next step's outcome is for the learner to predict")


def test_an_explanation_that_answers_the_next_step_is_found() -> None:
    """The check itself, on lesson 11 with step 2's explain telling step 3's outcome."""
    steps = list(load_scenario(ROOT / "rolesim" / "lessons" / "11-service-linked-role.toml")
                 .steps)
    steps[1] = steps[1].model_copy(update={
        "explain": "The permission check passes. The next step is refused all the same."})
    assert answers_ahead(steps) == [(2, "The next step is refused all the same.")]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_asked_step_can_be_answered_by_a_choice_of_its_own(path: Path) -> None:
    """The outcome of every step asked about is offered as a choice of its own, with what it
    means (not only as 'another error code'), and explained once it has run."""
    scenario = load_scenario(path)
    results = replay(scenario).results
    for number, (step, result) in enumerate(zip(scenario.steps, results, strict=True), 1):
        if not is_asked(step):
            continue
        named = {guess.covers[0]: guess.label for guess in guesses_for(step.do)
                 if guess.covers}
        assert str(result.outcome) in named, (path.name, number, result.outcome)
        assert named[str(result.outcome)].startswith(f"{result.outcome}: "), named
        assert str(step.explain or "").strip(), (path.name, number, "no explain")


def test_lesson_11_asks_about_every_refused_change_slr_02_slr_03_slr_07() -> None:
    steps = load_scenario(ROOT / "rolesim" / "lessons" / "11-service-linked-role.toml").steps
    refused = [number for number, step in enumerate(steps, 1)
               if step.expect == "UnmodifiableEntity"]
    assert refused == [3, 4, 5, 6, 7, 8, 9]
    assert all(is_asked(steps[number - 1]) for number in refused)
    assert not is_asked(steps[0])  # the sign-in sets the scene
