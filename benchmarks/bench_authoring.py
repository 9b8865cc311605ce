"""Build a small cross-account lesson in the TUI with real key presses, save it, replay it.

The lesson (issue 10): two accounts; a user in the development account allowed to assume a
role in production; that role trusts the development account only with an external ID and has
the AWS managed ReadOnlyAccess attached; a second role that trusts the first; and the steps:
sign in, assume without the external ID (AccessDenied, TP-13), assume with it, a call, chain
into the second role, move the clock past the hour and call again (ExpiredToken, CH-01/ER-*).

Everything goes through Textual's Pilot on the app `make_app` builds, starting from an empty
scenario: every key the user would press is counted, and every dialog (modal screen) opened.
The saved file is then replayed with `rolesim run`, which must meet every expectation.

Run: .venv/bin/python benchmarks/bench_authoring.py
Prints: keys: N, dialogs: N, replay: passed|failed (and the transcript when it failed).
Targets (issue 10): at most 200 keys and 15 dialogs.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.screen import ModalScreen

from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)

TITLE = "External ID"
DESCRIPTION = "Reader needs the external ID (TP-13)."


class Counter:
    """Presses keys through the pilot, counting them, and counts every dialog opened."""

    def __init__(self, app: Any, pilot: Any) -> None:
        self.app, self.pilot = app, pilot
        self.keys = 0
        self.dialogs = 0
        original = app.push_screen

        def counting_push(screen: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(screen, ModalScreen):
                self.dialogs += 1
            return original(screen, *args, **kwargs)

        app.push_screen = counting_push

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.keys += 1
            await self.pilot.press(key)
            await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.press(*[{" ": "space"}.get(ch, ch) for ch in text])

    def screen(self) -> str:
        return type(self.app.screen).__name__


async def build(path: Path) -> tuple[int, int]:
    app = make_app(workspace=Workspace.new(), size=SIZE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        c = Counter(app, pilot)
        # The lesson: title and description (F4, e).
        await c.press("f4", "e")  # the title field opens selected: typing replaces it
        await c.type(TITLE)
        await c.press("tab")
        await c.type(DESCRIPTION)
        await c.press("ctrl+s")
        # Two accounts. n opens the new-entity form on its kind ("account" in an empty world
        # and on an account): a letter picks another kind, enter keeps it.
        await c.press("f2", "n", "enter", "ctrl+s")  # 111111111111 is filled in
        await c.press("n", "enter", "ctrl+s")  # and then 222222222222
        # Reader in production: trusts development with an external ID; ReadOnlyAccess.
        await c.press("up", "n", "r")
        await c.type("Reader")
        await c.press("tab", "enter", "down", "enter")  # "Another account, with an external ID"
        await c.press("ctrl+a")
        await c.type("readonly")
        await c.press("enter", "ctrl+s")
        # Auditor in production: trusts the Reader role itself (same account, TP-09).
        await c.press("n", "enter")
        await c.type("Auditor")
        await c.press("tab", "enter", "up", "enter", "tab")  # same account, trusting:
        await c.type("rea")
        await c.press("enter", "ctrl+s")  # Reader, picked from the list under the field
        # dev in development, with an inline policy allowing sts:AssumeRole on Reader.
        await c.press("down", "n", "u")
        await c.type("dev")
        await c.press("ctrl+s")
        await c.press("p", "enter")  # "Assume one role" (named AssumeOneRole): Reader, the
        # role in the other account
        # The steps (F3; a opens the step dialog on its kind: a letter picks another, enter
        # keeps it; the focus moves to the kind's first field; ctrl+e goes up to expect).
        # A new assume-role step comes with a fresh session name (session-1, session-2...).
        await c.press("f3", "a", "enter", "d", "enter")  # sign in as dev, picked from the list
        await c.press("ctrl+e", "o", "k", "ctrl+s")
        await c.press("a", "enter", "r", "enter")  # assume Reader (proposed after a sign-in)
        await c.press("ctrl+e", "A", "right", "ctrl+s")  # → AccessDenied
        await c.press("a", "a", "ctrl+e", "o", "k")  # again, with the ID:
        await c.press("tab", "tab", "r", "enter", "tab", "tab", "tab")
        await c.press("U", "right", "ctrl+s")  # → completes the ID Reader's trust asks for
        await c.press("a", "enter")  # a call ReadOnlyAccess allows (proposed after an assume)
        await c.type("s3:ListAl")
        await c.press("right", "ctrl+e", "a", "right", "ctrl+s")  # allowed
        await c.press("a", "a", "a", "u", "enter")  # chain into Auditor
        await c.press("ctrl+e", "o", "k", "ctrl+s")
        await c.press("g")  # run the lesson so far, then move its clock:
        await c.press("f7", "f5")  # one hour and a minute later
        await c.press("a", "enter")  # the chained session has expired
        await c.type("s3:ListAl")
        await c.press("right", "ctrl+e", "E", "x", "p", "i", "right", "ctrl+s")
        # Save: the dialog proposes a file name made of the title.
        await c.press("ctrl+s", "enter")
        await pilot.pause()
        if app.workspace.path is None or app.workspace.path.resolve() != path.resolve():
            raise SystemExit(f"not saved: the screen is {c.screen()}")
        return c.keys, c.dialogs


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "external-id.toml"  # from the title, "External ID"
        os.chdir(folder)  # the save dialog starts here: a file name is all there is to type
        keys, dialogs = asyncio.run(build(path))
        print(f"keys: {keys}")
        print(f"dialogs: {dialogs}")
        result = subprocess.run([str(ROOT / ".venv/bin/rolesim"), "run", str(path)],
                                capture_output=True, text=True, check=False)
        print(f"replay: {'passed' if result.returncode == 0 else 'failed'}")
        if result.returncode != 0 or "-v" in sys.argv:
            print(path.read_text())
            print(result.stdout, result.stderr)


if __name__ == "__main__":
    main()
