"""Test-wide settings: deterministic TUI rendering and bounded, repeatable property tests."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# No animation, no cursor blink races: snapshots must not depend on timing.
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
os.environ.setdefault("COLUMNS", "120")
os.environ.setdefault("LINES", "40")

settings.register_profile(
    "rolesim",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("rolesim")
