"""`rolesim paths` and `rolesim graph` print, on every shipped lesson, exactly what they
printed on main before the search became lazy (tests/data/paths_outputs_main.json, recorded
from main at 01cb4be with tests/paths_outputs.py: sha256 of each command's exit status,
stdout and stderr). An output changed on purpose is recorded again the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths_outputs import outputs

RECORDED = json.loads((Path(__file__).parent / "data" / "paths_outputs_main.json").read_text())


@pytest.mark.parametrize("lesson", sorted(RECORDED))
def test_paths_and_graph_print_what_main_printed(lesson: str) -> None:
    now = outputs(Path("rolesim/lessons") / f"{lesson}.toml")
    changed = [key for key in RECORDED[lesson] if now.get(key) != RECORDED[lesson][key]]
    assert not changed and set(now) == set(RECORDED[lesson])


def test_every_lesson_is_recorded() -> None:
    shipped = {p.stem for p in Path("rolesim/lessons").glob("*.toml")}
    assert shipped == set(RECORDED)
