"""The fixed-seed slices of the structural fuzzers that CI runs: shipped lessons with keys
and values changed, through every scenario command a user runs (tests/fuzz/structural.py),
and account exports with fields in the wrong shape through `rolesim import`
(tests/fuzz/import_fuzz.py). About 10 s together; ROLESIM_FUZZ_DEEP=1 runs ten times as many
mutants (a few minutes), and each module runs alone for longer runs (see their docstrings)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.fuzz import import_fuzz, structural

SEED = 20261205
SCALE = 10 if os.environ.get("ROLESIM_FUZZ_DEEP") == "1" else 1


def test_every_structural_mutant_meets_each_commands_contract(tmp_path: Path) -> None:
    figures = structural.fuzz(150 * SCALE, SEED, tmp_path)
    print(figures.summary())
    assert figures.tried == 150 * SCALE
    assert not figures.escaped, figures.escaped[:5]
    loaded = sum(n for outcome, n in figures.outcomes.items() if "exit 2" not in outcome)
    assert loaded and figures.outcomes["run: exit 2"]  # the mutants reach both sides


def test_every_export_mutant_is_imported_or_refused_in_one_line(tmp_path: Path) -> None:
    figures = import_fuzz.fuzz(120 * SCALE, SEED, tmp_path)
    print(figures.summary())
    assert not figures.escaped, figures.escaped[:5]
    assert figures.outcomes["exit 0"] and figures.outcomes["exit 2"]
