"""`rolesim run` stays light to start: building the command line must not import the path
analysis (paths, graph, who-can-assume), which only those commands use. A merge once put
~15 ms of those imports on every `run` (the parser of `paths` imported its search budget)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LESSON = (Path(__file__).resolve().parent.parent / "rolesim" / "lessons"
          / "01-cross-account-delegation.toml")

PROBE = """
import sys
from rolesim.cli import main
try:
    main(["run", sys.argv[1]])
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith("rolesim.core.analysis")), file=sys.stderr)
"""


def test_run_does_not_import_the_path_analysis() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(LESSON)], capture_output=True,
                          text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "[]"
