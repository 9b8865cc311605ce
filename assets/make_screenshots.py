"""Regenerate the README screenshots of the shell and the world builder (SVG, 120x40).

    .venv/bin/python assets/make_screenshots.py [NAME.svg ...]   (default: all)

Each picture is the app from `make_app` driven by real keys, as the snapshot tests do.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rolesim.ui.app import make_app

HERE = Path(__file__).resolve().parent
SHOTS: dict[str, list[str]] = {
    "world-builder.svg": [],
    "trust-policy-editor.svg": ["t", "f4"],
    "new-role-form.svg": ["n", "enter", *"Deploy er"],
    "scenario-tab.svg": ["f3", "n", "n", "n", "n"],
    "why.svg": ["f3", "n", "n", "n", "n", "5"],
    "chain.svg": ["f3", "n", "n", "n", "n", "2"],
    "predict-mode.svg": ["f3", "n", "n"],
    "help.svg": ["f1"],
}
LEARNER = {"predict-mode.svg"}
"""Shots of learner mode (the tutorial's own mode); the others show presenter mode."""


async def settle(app: Any, pilot: Any) -> None:
    """Let the workers (the world builder's "What it can do", the Permissions tab) finish, so
    a picture never catches a panel half-way."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def shoot(name: str, keys: list[str]) -> None:
    mode = "learn" if name in LEARNER else "present"
    app = make_app(clock_start=datetime(2026, 1, 1, 9, 0, tzinfo=UTC), mode=mode)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        await pilot.pause(0.3)
        app.save_screenshot(name, path=str(HERE))
    print(HERE / name)


async def main(names: list[str]) -> None:
    for name, keys in SHOTS.items():
        if not names or name in names:
            await shoot(name, keys)


if __name__ == "__main__":
    import sys

    asyncio.run(main(sys.argv[1:]))
