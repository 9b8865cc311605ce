"""Counts in words: `1 action`, `2 actions`, `1,024 actions`.

A learner reads "1 actions in 1 services" as a mistake in the tool, and then doubts the rest.
"""

from __future__ import annotations


def counted(number: int, noun: str) -> str:
    """The number with thousands separators and the noun, plural unless it is one."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
