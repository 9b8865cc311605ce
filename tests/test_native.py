"""The mypyc build is used only when it was compiled from the sources beside it
(rolesim/native.py): an edited source, a missing or unreadable manifest, or ROLESIM_PURE=1
make every compiled module load from its `.py`, so nobody runs stale compiled code."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

import rolesim
from rolesim import native

ROOT = Path(native.__file__).resolve().parent.parent


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the compiled modules' sources with a manifest that matches them."""
    monkeypatch.delenv(native.PURE_VARIABLE, raising=False)
    for path in native.COMPILED:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, tmp_path / path)
    manifest = {"sources": native.source_digests(tmp_path)}
    (tmp_path / "rolesim" / native.MANIFEST).write_text(json.dumps(manifest))
    return tmp_path


def test_a_build_of_these_very_sources_is_used(tree: Path) -> None:
    assert native.build_state(tree / "rolesim") == "compiled"


def test_a_source_edited_after_the_build_makes_the_build_stale(tree: Path) -> None:
    evaluator = tree / "rolesim" / "core" / "evaluator.py"
    evaluator.write_text(evaluator.read_text() + "\n# edited\n")
    assert native.build_state(tree / "rolesim") == "stale"


def test_no_manifest_means_no_build(tree: Path) -> None:
    (tree / "rolesim" / native.MANIFEST).unlink()
    assert native.build_state(tree / "rolesim") == "pure"


def test_an_unreadable_manifest_is_stale(tree: Path) -> None:
    (tree / "rolesim" / native.MANIFEST).write_text("{not json")
    assert native.build_state(tree / "rolesim") == "stale"


def test_rolesim_pure_asks_for_the_sources(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(native.PURE_VARIABLE, "1")
    assert native.build_state(tree / "rolesim") == "pure"


def test_the_finder_gives_each_compiled_module_its_source(tree: Path) -> None:
    finder = native.SourcesFirst(tree)
    spec = finder.find_spec("rolesim.core.evaluator", None)
    assert spec is not None and spec.origin == str(tree / "rolesim" / "core" / "evaluator.py")
    assert finder.find_spec("rolesim.core.world", None) is None  # not compiled: left alone


def test_the_running_modules_are_the_build_that_was_chosen() -> None:
    """In this process: compiled modules are extension modules only when the build is current
    (run in a compiled and in a pure install alike)."""
    assert native.build_state() == rolesim.BUILD
    for path in native.COMPILED:
        __import__(path[:-3].replace("/", "."))
        loaded = sys.modules[path[:-3].replace("/", ".")].__file__ or ""
        assert loaded.endswith(".py") == (rolesim.BUILD != "compiled"), loaded


def test_rolesim_version_says_which_build_runs() -> None:
    """`rolesim --version` ends with the build in use, so a user can tell (a pure fallback at
    install is said on stderr, which pip shows only with -v)."""
    import subprocess

    out = subprocess.run([sys.executable, "-m", "rolesim", "--version"], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    assert out.stdout.splitlines()[-1] == native.build_words()
    assert native.build_words().startswith(
        "engine: compiled" if rolesim.BUILD == "compiled" else "engine: plain Python")
