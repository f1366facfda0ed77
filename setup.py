"""Build content-audit, compiling its hot modules with mypyc where a C compiler is present.

Everything about the package is in ``pyproject.toml``; this file only adds the compiled
modules. Their list is ``[tool.content-audit] compiled`` there. The same ``.py`` files
run as plain Python where they are not compiled, with the same results (a test compares
the two byte for byte), only slower:

- ``CONTENT_AUDIT_PURE=1`` at install time builds no compiled module;
- where compiling fails (no C compiler, no Python headers), the build says why and the
  package installs as plain Python.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


def compiled_sources() -> list[str]:
    """The modules to compile, as paths relative to this file (from pyproject.toml)."""
    config = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))
    return [f"src/{name}" for name in config["tool"]["content-audit"]["compiled"]]


class OptionalBuildExt(build_ext):
    """``build_ext`` that falls back to plain Python when compiling fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any compiler failure means plain Python
            for output in self.get_outputs():
                Path(output).unlink(missing_ok=True)  # all or none: modules share one library
            print(f"content-audit: compiling failed ({error}); installed as plain Python, "
                  "which gives the same results more slowly", file=sys.stderr)


#: The setup commands that build modules; others (metadata, egg_info) need no compiling.
BUILD_COMMANDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def extensions() -> list:
    """The mypyc extensions, or none (plain Python); see the module docstring."""
    if os.environ.get("CONTENT_AUDIT_PURE") == "1" or BUILD_COMMANDS.isdisjoint(sys.argv):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as error:  # a build without build isolation and without mypy
        print(f"content-audit: mypyc not found ({error}); installing as plain Python",
              file=sys.stderr)
        return []
    os.chdir(HERE)  # mypyc names modules from the paths, relative to here
    return mypycify(["--ignore-missing-imports", "--follow-imports=silent",
                     *compiled_sources()], opt_level="3", group_name="audit_compiled")


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
