"""The teaching lessons (numbered scenario files), shipped inside the package.

The TOML files beside this module are package data (pyproject: `*.toml`), so the lessons
are there wherever rolesim is installed, not only in a clone.
"""

from __future__ import annotations

from pathlib import Path


def lessons_dir() -> Path:
    """The folder holding the shipped lesson files."""
    return Path(__file__).resolve().parent
