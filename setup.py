"""The build: pyproject.toml holds the metadata; this adds the hot modules compiled by mypyc
(`rolesim.native.COMPILED`; a call step of `rolesim run` costs about a fifth fewer
instructions). Without a C compiler, when compiling fails, or with ROLESIM_PURE=1, the package
is installed as pure Python, said once here on stderr. Each build writes the manifest
`rolesim/_compiled.json` that `rolesim.native` checks at start-up."""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
NATIVE = runpy.run_path(str(ROOT / "rolesim" / "native.py"))
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}
BUILD_CHECK = ["--ignore-missing-imports", "--allow-subclassing-any",
               "--allow-untyped-decorators", "--no-warn-return-any", "--no-warn-unused-ignores",
               "--disable-error-code=attr-defined"]
"""mypyc type-checks what it compiles, and pip builds rolesim before it installs pydantic and
the other dependencies: their types are then Any, which these options accept (the project's
own check is `mypy`, strict, with everything installed)."""


def say(message: str) -> None:
    print(f"rolesim build: {message}", file=sys.stderr)


def compiled_extensions() -> list[Extension]:
    """mypyc's extensions for the hot modules, or none (pure Python) when asked or when
    mypyc cannot type-check or translate them. Only for commands that build: metadata
    queries do not pay for mypyc's run."""
    if not BUILDING.intersection(sys.argv[1:]):
        return []
    if os.environ.get(NATIVE["PURE_VARIABLE"]) == "1":
        say(f"{NATIVE['PURE_VARIABLE']}=1: installing pure Python (nothing compiled)")
        return []
    try:
        from mypyc.build import mypycify

        return list(mypycify([*BUILD_CHECK, *NATIVE["COMPILED"]], opt_level="3"))
    except (Exception, SystemExit) as error:  # mypyc reports a type error by exiting
        say(f"mypyc could not compile ({error}): installing pure Python")
        return []


class BuildCompiled(build_ext):
    """build_ext that falls back to pure Python when the C compiler is missing or fails (no
    extension left half built), and writes the manifest of the sources it compiled."""

    def run(self) -> None:
        if self.extensions:
            try:
                super().run()
            except Exception as error:  # CompileError, CCompilerError, no compiler, ...
                self._drop_outputs()
                say(f"no C build ({error}): installing pure Python")
        if self.extensions:
            self._write_manifest()
        elif self._in_place():  # no manifest: the sources win over any older build's
            (ROOT / "rolesim" / NATIVE["MANIFEST"]).unlink(missing_ok=True)

    def _in_place(self) -> bool:
        return bool(self.inplace or getattr(self, "editable_mode", False))

    def _drop_outputs(self) -> None:
        for ext in self.extensions:
            for target in (Path(self.get_ext_fullpath(ext.name)), ROOT / self.get_ext_filename(
                    self.get_ext_fullname(ext.name))):
                target.unlink(missing_ok=True)
        self.extensions = []
        self.distribution.ext_modules = []

    def _write_manifest(self) -> None:
        package = (ROOT if self._in_place() else Path(self.build_lib)) / "rolesim"
        package.mkdir(parents=True, exist_ok=True)
        manifest: dict[str, Any] = {"sources": NATIVE["source_digests"](ROOT)}
        (package / NATIVE["MANIFEST"]).write_text(json.dumps(manifest, indent=1) + "\n")


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": BuildCompiled})
