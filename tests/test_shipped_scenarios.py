"""The teaching scenarios we ship: each is a lesson whose every step says what real AWS does.

These tests keep the library honest: the TUI's default is the tutorial file byte for byte,
every step states its expected outcome, every lesson cites facts that exist in the knowledge
data shipped with the package (rolesim/knowledge/facts.toml), and every file replays with all
expectations met.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from rolesim.knowledge import all_facts

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "rolesim" / "lessons"
BUILTIN = ROOT / "rolesim" / "scenario" / "builtin" / "cross-account-delegation.toml"
TUTORIAL = SCENARIO_DIR / "01-cross-account-delegation.toml"
FACT_ID = re.compile(r"\b(?:[A-Z]{2,4})-\d{2}\b")
"""The shape of a fact ID (`AR-03`, `SAML-05`, `TAG-11`)."""

CALL_OUTCOMES = {"allowed", "explicitDeny", "implicitDeny", "denied", "ExpiredToken",
                 "MissingAuthenticationToken"}
ERROR_CODE = re.compile(r"^[A-Z][A-Za-z]+$")
SESSION_PUSHING = {"assume-role", "assume-role-with-web-identity", "assume-role-with-saml",
                   "get-session-token", "get-federation-token", "instance-credentials",
                   "service-assume-role", "invoke-function"}

SCENARIO_FILES = sorted(SCENARIO_DIR.glob("*.toml"))


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _known_fact_ids() -> set[str]:
    """The IDs the package's knowledge data defines (always there: it is package data)."""
    return {item.id for item in all_facts()}


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def test_builtin_default_is_byte_identical_to_the_tutorial_scenario() -> None:
    assert BUILTIN.read_bytes() == TUTORIAL.read_bytes()


def test_the_library_has_at_least_fifteen_lessons() -> None:
    assert len(SCENARIO_FILES) >= 15, [p.name for p in SCENARIO_FILES]


def test_the_known_fact_ids_include_ones_lessons_cite() -> None:
    """Guards the fact-ID check below: the knowledge data must load and hold real IDs."""
    known = _known_fact_ids()
    assert {"XA-04", "TP-10", "REV-07", "SAML-05", "CH-02"} <= known
    assert "ZZ-99" not in known
    assert FACT_ID.fullmatch("TP-13") and not FACT_ID.fullmatch("TP-1")


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids(SCENARIO_FILES))
def test_every_step_states_its_expected_outcome(path: Path) -> None:
    steps = _load(path).get("steps", [])
    assert steps, f"{path.name}: a lesson needs steps"
    missing = [i for i, step in enumerate(steps) if "expect" not in step]
    assert not missing, f"{path.name}: steps without expect: {missing}"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids(SCENARIO_FILES))
def test_every_expectation_is_an_outcome_word(path: Path) -> None:
    for index, step in enumerate(_load(path)["steps"]):
        expect = step["expect"]
        if step["do"] == "call":
            assert expect in CALL_OUTCOMES, f"{path.name} step {index}: {expect!r}"
        else:
            assert expect in ("ok", "denied") or ERROR_CODE.match(expect), (
                f"{path.name} step {index}: {expect!r}")


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids(SCENARIO_FILES))
def test_every_lesson_has_a_title_and_cites_real_fact_ids(path: Path) -> None:
    data = _load(path)
    assert data.get("title", "").strip(), f"{path.name}: no title"
    description = data.get("description", "")
    cited = set(FACT_ID.findall(description))
    assert cited, f"{path.name}: the description names no fact ID"
    unknown = sorted(cited - _known_fact_ids())
    assert not unknown, f"{path.name}: fact IDs not in rolesim/knowledge/facts.toml: {unknown}"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids(SCENARIO_FILES))
def test_expect_session_only_on_steps_that_push_a_session(path: Path) -> None:
    for index, step in enumerate(_load(path)["steps"]):
        if "expect_session" in step:
            assert step["do"] in SESSION_PUSHING, f"{path.name} step {index}"
            assert step["expect"] == "ok", f"{path.name} step {index}: a failed step pushes nothing"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids(SCENARIO_FILES))
def test_every_successful_session_step_shows_the_session(path: Path) -> None:
    """Lessons teach through the session (its ARN, expiry, tags), not only the outcome."""
    bare = [
        index
        for index, step in enumerate(_load(path)["steps"])
        if step["do"] in SESSION_PUSHING and step["expect"] == "ok" and "expect_session" not in step
    ]
    assert not bare, f"{path.name}: session steps without expect_session: {bare}"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids(SCENARIO_FILES))
def test_every_lesson_replays_with_every_expectation_met(path: Path) -> None:
    """The expectations were reasoned from the fact sheet, not copied from the simulator:
    a failure here is either a simulator bug or a wrong lesson, never 'update the file'."""
    from rolesim.scenario.load import load_scenario
    from rolesim.scenario.runner import replay

    result = replay(load_scenario(path))
    unmet = [
        f"step {r.index} ({r.do}): expected {r.expected}, got {r.outcome} {r.unmet}"
        for r in result.results
        if r.met is False
    ]
    assert not unmet, f"{path.name}:\n" + "\n".join(unmet)
    assert all(r.met is True for r in result.results), f"{path.name}: a step had no expectation"


def test_the_builtin_loader_opens_the_tutorial() -> None:
    from rolesim.scenario.builtin import load_builtin

    scenario = load_builtin()
    assert scenario.title == _load(TUTORIAL)["title"]
    assert len(scenario.steps) == len(_load(TUTORIAL)["steps"])


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids(SCENARIO_FILES))
def test_fact_ids_in_trainer_notes_exist(path: Path) -> None:
    """A note that points the trainer at a fact must point at a real one."""
    known = _known_fact_ids()
    for index, step in enumerate(_load(path)["steps"]):
        for cited in FACT_ID.findall(step.get("note", "")):
            assert cited in known, (
                f"{path.name} step {index}: {cited} is not in rolesim/knowledge/facts.toml")
