"""Reading an earlier audit.json as a baseline: one post a line, or any JSON layout."""

from __future__ import annotations

import json

import pytest
from fixture_paths import CORPUS

from audit.baseline import baseline_part, compare, load_baseline
from audit.batch import write_audit
from audit.profile import load_profile


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """An audit.json as content-audit writes it (each post on one line)."""
    out = tmp_path_factory.mktemp("before")
    write_audit(CORPUS, load_profile(), out, workers=1, render_posts=False)
    return out / "audit.json"


def _whole(path):
    record = json.loads(path.read_text(encoding="utf-8"))
    record["documents"] = [baseline_part(d) for d in record["documents"]]
    return record


def test_posts_read_line_by_line_equal_the_file_read_whole(written, monkeypatch):
    expected = _whole(written)
    assert len(expected["documents"]) > 1
    monkeypatch.setattr("audit.baseline.json.loads", None)  # no whole-file read
    assert load_baseline(written) == expected


def test_a_reindented_file_is_read_whole_with_the_same_result(written, tmp_path):
    again = tmp_path / "audit.json"
    again.write_text(json.dumps(json.loads(written.read_text()), indent=4), encoding="utf-8")
    assert load_baseline(again) == _whole(written)


def test_a_baseline_part_holds_what_compare_reads(written):
    full = json.loads(written.read_text(encoding="utf-8"))
    assert compare(full, load_baseline(written)) == compare(full, full)


def test_an_empty_list_of_posts_is_read(written, tmp_path):
    record = json.loads(written.read_text(encoding="utf-8"))
    record["documents"] = []
    empty = tmp_path / "audit.json"
    empty.write_text(json.dumps(record, indent=2), encoding="utf-8")
    assert load_baseline(empty)["documents"] == []


def test_a_broken_post_line_gets_the_json_error_naming_the_file(written, tmp_path):
    lines = written.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith('    {"id"'))
    lines[first] = lines[first][:200] + "\n"  # cut mid-record
    broken = tmp_path / "old.json"
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match=r"^baseline old\.json: cannot be read as JSON"):
        load_baseline(broken)


@pytest.mark.parametrize("text, message", [
    ("not json", "cannot be read as JSON"),
    ('{"documents": []}', "not an audit.json written by content-audit"),
    ('{"schema_version": "1.0", "documents": [{"id": "a"}]}',
     r"not an audit.json written by content-audit \(a post lacks 'status'\)"),
])
def test_what_is_no_audit_json_is_refused_with_the_file_named(tmp_path, text, message):
    path = tmp_path / "old.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^baseline old\.json: {message}"):
        load_baseline(path)


def test_windows_line_ends_are_read_line_by_line_too(written, tmp_path, monkeypatch):
    crlf = tmp_path / "audit.json"
    crlf.write_bytes(written.read_bytes().replace(b"\n", b"\r\n"))
    expected = _whole(written)
    monkeypatch.setattr("audit.baseline.json.loads", None)  # no whole-file read
    assert load_baseline(crlf) == expected
