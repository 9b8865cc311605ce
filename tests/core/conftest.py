"""Fixtures shared by the path-analysis tests."""

from __future__ import annotations

from typing import Any

import pytest

from rolesim.core import evaluator
from rolesim.core.analysis.paths import ask as ask_module


@pytest.fixture
def decisions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the evaluator decides a request (both ways the analysis calls it)."""
    count = [0]
    real = evaluator.decide

    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(evaluator, "decide", counted)
    monkeypatch.setattr(ask_module, "decide", counted)
    return count
