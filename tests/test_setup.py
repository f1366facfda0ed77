"""Setup guards: exact pins, environment.yml hand-off, offline CMUdict, layout."""

from __future__ import annotations

import re
import socket
import tomllib

import pytest
import yaml

from fixture_paths import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements() -> list[str]:
    project = PYPROJECT["project"]
    extras = [req for group in project["optional-dependencies"].values() for req in group]
    return project["dependencies"] + extras


def test_every_dependency_is_pinned_exactly():
    for requirement in _requirements():
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", requirement), requirement


def test_textstat_is_pinned_to_0_7_13():
    assert "textstat==0.7.13" in PYPROJECT["project"]["dependencies"]


def test_environment_yml_hands_off_to_pip_with_the_test_extras():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    dependencies = environment["dependencies"]
    assert "python=3.11" in dependencies and "pip" in dependencies
    pip_section = next(d["pip"] for d in dependencies if isinstance(d, dict))
    assert pip_section == ["-e .[test]"]
    assert "test" in PYPROJECT["project"]["optional-dependencies"]
    # no pins outside pyproject.toml: conda entries name only python and pip
    assert all(d in ("python=3.11", "pip") for d in dependencies if isinstance(d, str))
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


def test_cmudict_corpus_is_installed_for_nltk():
    import nltk

    nltk.data.find("corpora/cmudict")


def test_textstat_runs_with_the_network_blocked(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network use during tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    import textstat

    assert textstat.syllable_count("hypertension") == 4
    # 16 words, 2 sentences, 21 syllables: 0.39*16/2 + 11.8*21/16 - 15.59 = 3.0175
    text = "The patient should take the medicine twice a day. Call your doctor if you feel dizzy."
    assert textstat.flesch_kincaid_grade(text) == pytest.approx(3.0175, abs=1e-4)


def test_converter_writes_nltk_layout():
    from audit.cmudata import convert_lines

    assert convert_lines(["abbe AE1 B IY0 # name", "abbe(2) AE1 B", "", "# only"]) == [
        "ABBE 1 AE1 B IY0", "ABBE 2 AE1 B"]


def test_readme_first_screen_shows_both_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25])
    assert "make audit" in first_screen and "make test" in first_screen


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_project_layout_matches_the_design_card():
    for folder in ["notebooks", "corpus", "src/audit", "reports", "tests"]:
        assert (ROOT / folder).is_dir(), folder
    assert (ROOT / "environment.yml").is_file()
