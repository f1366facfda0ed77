"""Which of the package's modules run compiled (mypyc), and a guard against stale ones.

``setup.py`` compiles the modules listed in ``pyproject.toml`` (``[tool.content-audit]
compiled``) where a C compiler is present; each then loads from an extension file beside
its ``.py``, which Python prefers. In a source checkout (an editable install) a ``.py``
edited after compiling would be shadowed by its old compiled code, silently; importing
the package then stops with :class:`StaleBuildError`, saying what to run.
"""

from __future__ import annotations

import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


class StaleBuildError(ImportError):
    """A compiled module is older than the source it was compiled from."""


def _extension_files(package_dir: Path) -> dict[str, Path]:
    """A package's extension files by module name (none in a plain-Python install)."""
    found: dict[str, Path] = {}
    # the longest first: ".cpython-311-x86_64-linux-gnu.so" before ".so"
    suffixes = sorted(EXTENSION_SUFFIXES, key=len, reverse=True)
    with os.scandir(package_dir) as entries:
        for entry in entries:
            suffix = next((s for s in suffixes if entry.name.endswith(s)), None)
            if suffix is not None:
                found[entry.name[: -len(suffix)]] = Path(entry.path)
    return found


def compiled_modules(package_dir: Path = PACKAGE_DIR) -> tuple[str, ...]:
    """Return the names of the package's modules that are compiled, sorted."""
    return tuple(sorted(_extension_files(package_dir)))


def check_compiled_current(package_dir: Path = PACKAGE_DIR) -> None:
    """Raise :class:`StaleBuildError` if, in a source checkout, a compiled module's
    ``.py`` is newer than its extension file.

    Only a checkout (``pyproject.toml`` two folders up) is checked: an installed wheel
    writes its files in no set order, and nobody edits them.
    """
    if not (package_dir.parent.parent / "pyproject.toml").is_file():
        return
    for name, extension in sorted(_extension_files(package_dir).items()):
        source = package_dir / f"{name}.py"
        if source.is_file() and source.stat().st_mtime > extension.stat().st_mtime:
            raise StaleBuildError(
                f"content-audit: {source} changed after it was compiled into "
                f"{extension.name}, which would run the old code. Run `make install` to "
                f"compile again, or delete the compiled files ({package_dir}/*.so) to run "
                "it as plain Python.")


def describe() -> str:
    """One line saying how this installation runs (``make install`` prints it)."""
    names = compiled_modules()
    if not names:
        return ("content-audit: plain Python (nothing compiled: no C compiler, or "
                "CONTENT_AUDIT_PURE=1); same results, slower")
    return f"content-audit: {len(names)} modules compiled with mypyc: {', '.join(names)}"
