"""The built-in tutorial, shipped inside the package (opened by a bare `rolesim`).

The TOML files beside this module are package data (pyproject: `*.toml`).
"""

from __future__ import annotations

from importlib import resources

from rolesim.scenario.model import Scenario

BUILTIN_NAME = "cross-account-delegation.toml"


def builtin_text() -> str:
    return (resources.files(__name__) / BUILTIN_NAME).read_text(encoding="utf-8")


def load_builtin() -> Scenario:
    """The tutorial scenario. It has no path: saving it needs a new file name."""
    from rolesim.scenario.load import load_scenario_text

    return load_scenario_text(builtin_text(), f"<built-in {BUILTIN_NAME}>")
