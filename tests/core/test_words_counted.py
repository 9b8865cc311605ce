"""Counts said in words: singular for one, plural otherwise, grouped digits when asked."""

from __future__ import annotations

import pytest

from rolesim.core.words import counted


@pytest.mark.parametrize(("number", "grouped", "expected"), [
    (0, False, "0 actions"),
    (1, False, "1 action"),
    (2, False, "2 actions"),
    (20200, False, "20200 actions"),  # the run summary keeps its digits as they were
    (22320, True, "22,320 actions"),
    (1, True, "1 action"),
])
def test_counted(number: int, grouped: bool, expected: str) -> None:
    assert counted(number, "action", grouped=grouped) == expected
