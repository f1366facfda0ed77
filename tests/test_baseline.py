"""Reading an earlier audit.json as a baseline: one post a line, or any JSON layout."""

from __future__ import annotations

import json

import pytest
from fixture_paths import CORPUS

from audit.baseline import (UNCHANGED_LISTED, baseline_part, compare, format_changes,
                            listed_changes, load_baseline)
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


def _entry(post_id, grade=10.0, new_grade=10.0, status="fail", sections=()):
    values = {"consensus_grade": grade, "flesch_reading_ease": 50.0, "status": status}
    return {"id": post_id, "change": "compared", "before": values,
            "after": dict(values, consensus_grade=new_grade), "sections": list(sections)}


def test_a_few_unchanged_posts_are_listed_one_by_one():
    changes = [_entry("a", 12.0, 9.0)] + [_entry(f"p{i}") for i in range(UNCHANGED_LISTED)]
    lines = format_changes(changes)
    assert lines[0] == "  a: grade 12.0 to 9.0"
    assert lines[1:] == [f"  p{i}: no change" for i in range(UNCHANGED_LISTED)]


def test_many_unchanged_posts_are_counted_on_one_line():
    changes = ([_entry(f"p{i:03d}") for i in range(500)] + [_entry("z", 12.0, 9.0)]
               + [{"id": "new", "change": "added", "before": None, "after": {}, "sections": []}])
    changes.append(_entry("s", sections=[{"id": "intro", "before": 9.0, "after": 11.0}]))
    assert format_changes(changes) == ["  z: grade 12.0 to 9.0", "  new: added",
                                       "  s: 1 section changed", "  500 other posts: no change"]
    listed, counted = listed_changes(changes)
    assert [e["id"] for e in listed] == ["z", "new", "s"] and counted == 500


def test_a_large_blogs_report_lists_the_changed_posts_and_counts_the_rest(tmp_path):
    from audit import report

    record = json.loads(json.dumps(_report_record()))
    record["baseline"] = {"compared_with": "audit.json", "changes": (
        [_entry(d["id"]) for d in record["documents"][1:]] * 5
        + [_entry(record["documents"][0]["id"], 14.9, 9.0)])}
    page = report.render_index_pages(record)[0]
    assert "Changes since the baseline (audit.json)" in page
    assert page.count(">no change<") == 0
    assert f"{5 * (len(record['documents']) - 1)} other posts: no change." in page
    assert record["documents"][0]["id"] in page.split('id="changes"')[1].split("</table>")[0]


def _report_record():
    """The corpus record of the bundled posts, as the corpus pages get it."""
    from audit.pipeline import audit_folder
    from audit.tables import summarize

    full = audit_folder(CORPUS, load_profile(), workers=1)
    return dict(full, documents=[summarize(d) for d in full["documents"]])


def test_when_no_post_changed_the_count_says_so_plainly():
    changes = [_entry(f"p{i:03d}") for i in range(UNCHANGED_LISTED + 1)]
    assert format_changes(changes) == [f"  {UNCHANGED_LISTED + 1} posts: no change"]


def test_posts_of_another_shape_are_refused_plainly(tmp_path):
    path = tmp_path / "old.json"
    path.write_text('{"schema_version": "1.0", "documents": ["a post as text"]}',
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"^baseline old\.json: not an audit\.json written "
                                         r"by content-audit \(its posts are laid out otherwise\)$"):
        load_baseline(path)
