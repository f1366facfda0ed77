"""The compiled build (mypyc, ``setup.py``) and the stale-build guard.

Where the modules are compiled, the audit must give the plain-Python sources' results
byte for byte: the same ``.py`` files run both ways, so any difference is a compiler
or typing fault (a value of another type than its annotation says, say).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import audit
from audit.build import StaleBuildError, check_compiled_current, compiled_modules
from fixture_paths import CORPUS, ROOT

PACKAGE = Path(audit.__file__).resolve().parent
COMPILED = compiled_modules()
LISTED = tuple(sorted(Path(name).stem for name in tomllib.loads(
    (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["content-audit"]["compiled"]))
needs_compiled = pytest.mark.skipif(not COMPILED, reason="a plain-Python install (nothing "
                                    "compiled, e.g. no C compiler): nothing to compare")
#: This interpreter's own suffix for an extension module, as setup.py writes them.
EXTENSION = EXTENSION_SUFFIXES[0]


def test_compiled_modules_are_all_those_listed_or_none() -> None:
    assert COMPILED in ((), LISTED)  # they share one library: all or none


def test_listed_modules_exist_and_are_sorted() -> None:
    assert list(LISTED) == sorted(set(LISTED))
    assert all((PACKAGE / f"{name}.py").is_file() for name in LISTED)


def _audit(tmp: Path, env: dict[str, str]) -> dict[str, bytes]:
    """Run the audit of the bundled corpus in a new process; return every output file."""
    out = tmp / "reports"
    subprocess.run([sys.executable, "-m", "audit", "run", str(CORPUS), "--out", str(out),
                    "--quiet"], check=True, capture_output=True, env=env, cwd=tmp)
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file()}


def _module_file(env: dict[str, str]) -> str:
    """The file ``audit.jargon`` loads from in a new process with ``env``."""
    return subprocess.run(
        [sys.executable, "-c", "import audit.jargon; print(audit.jargon.__file__)"],
        check=True, capture_output=True, text=True, env=env).stdout.strip()


@needs_compiled
def test_compiled_audit_equals_the_plain_python_one_byte_for_byte(tmp_path: Path) -> None:
    plain_src = tmp_path / "plain-src"
    shutil.copytree(PACKAGE, plain_src / "audit",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    plain_env = {**os.environ, "PYTHONPATH": str(plain_src)}
    compiled_env = dict(os.environ)
    compiled_env.pop("PYTHONPATH", None)
    assert _module_file(plain_env).endswith(".py")
    assert not _module_file(compiled_env).endswith(".py")

    (tmp_path / "plain").mkdir()
    (tmp_path / "compiled").mkdir()
    plain = _audit(tmp_path / "plain", plain_env)
    compiled = _audit(tmp_path / "compiled", compiled_env)
    assert "audit.json" in plain and len(plain) > 10
    assert plain.keys() == compiled.keys()
    assert [name for name in plain if plain[name] != compiled[name]] == []


def _checkout(tmp: Path, *, source_newer: bool, checkout: bool = True) -> Path:
    """A fake source checkout holding one module and its 'compiled' file."""
    package = tmp / "src" / "audit"
    package.mkdir(parents=True)
    if checkout:
        (tmp / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    source, extension = package / "jargon.py", package / f"jargon{EXTENSION}"
    source.write_text("", encoding="utf-8")
    extension.write_bytes(b"")
    older, newer = 1_700_000_000, 1_700_000_100
    os.utime(source, (newer, newer) if source_newer else (older, older))
    os.utime(extension, (older, older) if source_newer else (newer, newer))
    return package


class TestStaleBuildGuard:
    def test_a_source_edited_after_compiling_stops_the_import_naming_it(self, tmp_path):
        package = _checkout(tmp_path, source_newer=True)
        with pytest.raises(StaleBuildError, match=r"jargon\.py changed after it was compiled"
                           r".*make install"):
            check_compiled_current(package)

    def test_a_current_build_passes(self, tmp_path):
        check_compiled_current(_checkout(tmp_path, source_newer=False))

    def test_an_installed_package_is_not_checked(self, tmp_path):
        # a wheel writes its files in no set order: no pyproject.toml, no check
        check_compiled_current(_checkout(tmp_path, source_newer=True, checkout=False))

    def test_compiled_modules_reads_the_extension_files(self, tmp_path):
        package = _checkout(tmp_path, source_newer=False)
        (package / "notes.so.txt").write_text("", encoding="utf-8")
        assert compiled_modules(package) == ("jargon",)

    def test_this_installation_is_current(self):
        check_compiled_current()
