"""The fixed-seed slice of the loader fuzzer that CI runs (issue 16): every mutant of the
shipped lessons is handled as the contract says, and the TUI opens a sample of the loadable
mutants headless without an exception. The longer run: see tests/fuzz/fuzz_loader.py."""

from __future__ import annotations

from pathlib import Path

from tests.fuzz.fuzz_loader import fuzz, tui_opens

SEED, COUNT, TUI_SAMPLE = 20261205, 500, 6


def test_every_mutant_is_handled_by_the_contract(tmp_path: Path) -> None:
    loadable: list[Path] = []
    figures = fuzz(COUNT, SEED, tmp_path, keep=loadable)
    print(figures.summary())
    assert figures.tried == COUNT
    assert not figures.escaped, figures.escaped[:5]
    assert figures.outcomes["exit 2"] > 0 and loadable  # the mutants reach both sides


async def test_the_tui_opens_loadable_mutants_without_an_exception(tmp_path: Path) -> None:
    loadable: list[Path] = []
    fuzz(120, SEED + 1, tmp_path, keep=loadable)
    assert len(loadable) >= TUI_SAMPLE
    step = max(1, len(loadable) // TUI_SAMPLE)
    for path in loadable[::step][:TUI_SAMPLE]:
        await tui_opens(path)
