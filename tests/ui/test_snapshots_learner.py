"""Snapshots of learner mode (fixed sizes, real keys, the clock from the scenario, no blink):
the step list before any answer, the predict prompt with every setting, the reveal with the
explanation, and the closing screen. Regenerate with `--snapshot-update`, then look at each.
"""

from __future__ import annotations

from typing import Any

import pytest
from learner_fixture import lesson_app
from test_stepper_fixtures import open_scenario_tab, settled
from textual.pilot import Pilot


def snap(snap_compare: Any, *keys: str, size: tuple[int, int] = (120, 40)) -> bool:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_scenario_tab(pilot)
        await pilot.press(*keys)
        await settled(pilot)

    return bool(snap_compare(lesson_app(), run_before=run_before, terminal_size=size))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_step_list_in_learner_mode(snap_compare: Any, size: tuple[int, int]) -> None:
    """No expectation, no note: only what each step does and its settings."""
    assert snap(snap_compare, size=size)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_predict_prompt_with_every_setting(snap_compare: Any, size: tuple[int, int]) -> None:
    """Step 2: the tags, and the transitive key Team that names no tag passed (TAG-12)."""
    assert snap(snap_compare, "n", "n", size=size)


def test_reveal_with_the_explanation(snap_compare: Any) -> None:
    assert snap(snap_compare, "n", "n", "4")


def test_step_list_after_predictions(snap_compare: Any) -> None:
    """exp and you apart: step 4 met the lesson's expectation, the guess was wrong."""
    assert snap(snap_compare, "n", "n", "4", "enter", "n", "1", "enter", "n", "3", "enter",
                "n", "3", "enter", size=(80, 24))


def test_closing_screen(snap_compare: Any) -> None:
    assert snap(snap_compare, "n", "n", "2", "enter", "n", "1", "enter", "n", "2", "enter",
                "n", "3", "enter", "n", "n")
