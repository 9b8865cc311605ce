"""Command line: `rolesim [FILE]` opens the TUI, `rolesim run FILE...` replays headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    print("rolesim: not yet implemented", args, file=sys.stderr)
    return 2
