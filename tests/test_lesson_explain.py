"""Every shipped lesson can be learned from alone: each decision step explains its reason to the
learner (`explain`, separate from the trainer's `note`), and each description says what the
learner will be able to do and ends with the key ideas a closing screen can show.

"Decision step" is read from the step classes, not from a list kept here: a step that starts
a session (AssumeRole and its federation kinds, GetSessionToken, GetFederationToken, instance
and service credentials) or a call, i.e. every step whose outcome is an IAM/STS decision.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rolesim.scenario.load import load_scenario
from rolesim.scenario.model import Scenario
from rolesim.scenario.steps import STEP_TYPES, CallStep, StepBase

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "rolesim" / "lessons"
BUILTIN = ROOT / "rolesim" / "scenario" / "builtin" / "cross-account-delegation.toml"
FACT_SHEET = ROOT.parent / "shared" / "reference" / "aws-iam-facts.md"

LESSONS = [*sorted(SCENARIO_DIR.glob("*.toml")), BUILTIN]
FACT_ID = re.compile(r"\b[A-Z]{2,4}-\d{2}\b")
FACT_ROW = re.compile(r"^\|\s*([A-Z]{2,4}-\d{2})\s*\|", re.MULTILINE)
KEY_IDEAS = re.compile(r"^## Key ideas\s*$", re.MULTILINE)
OUTCOME = re.compile(r"^After this lesson you can \S")


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.name}" for p in paths]


def is_decision(step_type: type[StepBase]) -> bool:
    """A step whose outcome AWS decides: it starts a session or it is a call."""
    return step_type.pushes_session or issubclass(step_type, CallStep)


def is_decision_step(step: StepBase) -> bool:
    """Also a world change the caller makes (`by = "caller"`): its policies decide it."""
    return is_decision(type(step)) or getattr(step, "by", None) == "caller"


def _load(path: Path) -> Scenario:
    return load_scenario(path)


def test_decision_steps_are_the_session_kinds_and_call() -> None:
    """Guards the classification the other tests rely on."""
    decisions = {do for do, cls in STEP_TYPES.items() if is_decision(cls)}
    assert decisions == {
        "assume-role", "assume-role-with-web-identity", "assume-role-with-saml",
        "get-session-token", "get-federation-token", "instance-credentials",
        "service-assume-role", "call", "invoke-function",
    }
    assert not any(is_decision(STEP_TYPES[do]) for do in ("sign-in", "exit", "advance",
                                                          "update-trust", "revoke-sessions"))


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_every_decision_step_explains_itself(path: Path) -> None:
    steps = _load(path).steps
    missing = [i for i, step in enumerate(steps)
               if is_decision_step(step) and not (step.explain or "").strip()]
    assert not missing, f"{path.name}: decision steps without explain: {missing}"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_an_explanation_is_not_the_trainers_note(path: Path) -> None:
    """The learner's text is written for the learner, not copied from the note."""
    for index, step in enumerate(_load(path).steps):
        if step.explain and step.note:
            assert step.explain.strip() != step.note.strip(), f"{path.name} step {index}"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_fact_ids_in_explanations_and_descriptions_exist(path: Path) -> None:
    """Checked against the fact sheet when it is beside the checkout (as in
    test_shipped_scenarios); without it only the fact-ID shape can be checked."""
    known = (set(FACT_ROW.findall(FACT_SHEET.read_text(encoding="utf-8")))
             if FACT_SHEET.is_file() else None)
    scenario = _load(path)
    texts = [("description", scenario.description)]
    texts += [(f"step {i}", s.explain or "") for i, s in enumerate(scenario.steps)]
    for where, text in texts:
        cited = set(FACT_ID.findall(text))
        if known is None:
            continue
        unknown = sorted(cited - known)
        assert not unknown, f"{path.name} {where}: fact IDs not in the fact sheet: {unknown}"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_the_description_opens_with_what_the_learner_can_do(path: Path) -> None:
    description = _load(path).description.lstrip()
    assert OUTCOME.match(description), f"{path.name}: {description[:80]!r}"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_the_description_ends_with_key_ideas(path: Path) -> None:
    description = _load(path).description
    headings = list(KEY_IDEAS.finditer(description))
    assert len(headings) == 1, f"{path.name}: needs exactly one '## Key ideas' heading"
    section = description[headings[0].end():]
    assert "\n## " not in section, f"{path.name}: Key ideas must be the last section"
    bullets = [line for line in section.splitlines() if line.startswith("* ")]
    assert 2 <= len(bullets) <= 7, f"{path.name}: Key ideas should be a short bullet list"
