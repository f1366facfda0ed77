"""Notebook house rules, and nbval under another hash seed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from fixture_paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_there_are_the_two_editor_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01-corpus-audit.ipynb", "02-post-audit.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_and_parameterised(path):
    cells = _cells(path)
    assert re.fullmatch(r"\d\d-[a-z]+(-[a-z]+)*\.ipynb", path.name)
    assert cells[0]["cell_type"] == "markdown"
    code = [c for c in cells if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    for cell in code:
        source = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class) ", source, re.M), source
        assert cell["execution_count"] is not None, "commit notebooks executed"
        assert len(source.splitlines()) <= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_hold_no_paths_addresses_or_warnings(path):
    for cell in _cells(path):
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", output
            text = json.dumps({k: v for k, v in output.get("data", {}).items()
                               if k != "image/png"}) + "".join(output.get("text", ""))
            assert str(ROOT) not in text and "/work/" not in text
            assert not re.search(r"0x[0-9a-f]{6,}", text)


def test_notebooks_pass_nbval_under_another_hash_seed():
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-q",
         "-p", "no:cacheprovider", *map(str, NOTEBOOKS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]


def test_post_notebook_runs_with_other_parameters(tmp_path):
    papermill = pytest.importorskip("papermill")
    output = tmp_path / "post.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "02-post-audit.ipynb"), str(output),
        parameters={"POST": "what-is-kidney-cancer"}, kernel_name="python3",
        progress_bar=False, cwd=str(ROOT / "notebooks"))
    executed = json.loads(output.read_text(encoding="utf-8"))
    printed = "".join("".join(o.get("text", "")) for c in executed["cells"]
                      for o in c.get("outputs", []) if o.get("name") == "stdout")
    assert "What Is Kidney Cancer?" in printed
