"""The streaming batch run: same bytes as the in-memory record, every page accounted for."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil

import pytest
from fixture_paths import CORPUS, FIXTURES

from audit import batch
from audit.batch import write_audit
from audit.pipeline import audit_folder, check_part
from audit.profile import load_profile
from audit.report import dumps

PROFILE = load_profile()


def _mixed_folder(tmp_path):
    """Two posts with one slug, two with the same text under other slugs, one plain."""
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus-duplicate-slug", folder)
    (folder / "fatigue.md").write_text("# Fatigue\n\nRest when you need to.\n")
    (folder / "tiredness.txt").write_text("Tiredness\n\nRest  when you\nneed to.\n")
    (folder / "other.md").write_text("# Other\n\nSomething else to read.\n")
    return folder


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_json_is_byte_identical_to_the_in_memory_record(tmp_path, workers):
    folder = _mixed_folder(tmp_path)
    out = tmp_path / "out"
    write_audit(folder, PROFILE, out, workers=workers)
    assert (out / "audit.json").read_text(encoding="utf-8") == dumps(
        audit_folder(folder, PROFILE, workers=1))


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_writes_one_page_per_kept_post_and_leaves_nothing_else(tmp_path, workers):
    folder = _mixed_folder(tmp_path)
    out = tmp_path / "out"
    record = write_audit(folder, PROFILE, out, workers=workers)
    kept = sorted(summary["id"] for summary in record["documents"])
    assert kept == ["fatigue", "other", "staying-active", "tiredness"]
    # the second 'staying-active' wrote no page, and the workers' folder is gone
    assert sorted(p.name for p in (out / "posts").iterdir()) == [f"{k}.html" for k in kept]
    assert sorted(p.name for p in out.iterdir()) == ["audit.json", "posts"]
    page = (out / "posts" / "tiredness.html").read_text(encoding="utf-8")
    assert "repeats fatigue.md word for word" in page  # redone with the duplicate note
    assert "repeats" not in (out / "posts" / "fatigue.html").read_text(encoding="utf-8")


def test_json_lines_are_copied_the_same_without_copy_file_range(tmp_path, monkeypatch):
    """Systems without ``os.copy_file_range`` (not Linux) read and write each line."""
    folder = _mixed_folder(tmp_path)
    write_audit(folder, PROFILE, tmp_path / "fast", workers=1)
    monkeypatch.delattr("os.copy_file_range", raising=False)
    write_audit(folder, PROFILE, tmp_path / "plain", workers=1)
    assert ((tmp_path / "plain" / "audit.json").read_bytes()
            == (tmp_path / "fast" / "audit.json").read_bytes())


def test_the_batch_gives_back_the_garbage_collector_thresholds(tmp_path):
    before = gc.get_threshold()
    write_audit(CORPUS, PROFILE, tmp_path / "out", workers=1, render_posts=False)
    assert gc.get_threshold() == before


def test_documents_are_one_line_each_and_the_header_is_indented(tmp_path):
    out = tmp_path / "out"
    write_audit(CORPUS, PROFILE, out, workers=1)
    lines = (out / "audit.json").read_text(encoding="utf-8").splitlines()
    assert lines[1] == '  "schema_version": "1.0",'
    documents = [line for line in lines if line.startswith('    {"id":')]
    assert len(documents) == len(json.loads("\n".join(lines))["documents"]) == 9
    assert all(json.loads(line.rstrip(","))["id"] for line in documents)


def test_batch_without_pages_writes_no_posts_folder(tmp_path):
    out = tmp_path / "out"
    write_audit(CORPUS, PROFILE, out, workers=1, render_posts=False)
    assert not (out / "posts").exists()
    assert (out / "audit.json").is_file()


def _audit_json_while(tmp_path, name, then):
    """audit.json of the mixed folder, written while ``then`` runs; and what ``then`` saw."""
    seen = []

    def corpus_pages(record):
        seen.append(record)
        then()

    record = write_audit(_mixed_folder(tmp_path / name), PROFILE, tmp_path / name / "out",
                         workers=1, then=corpus_pages)
    assert seen == [record]  # called once, with the record returned
    return (tmp_path / name / "out" / "audit.json").read_bytes()


def test_audit_json_written_by_a_second_process_is_the_same(tmp_path, monkeypatch):
    """From WRITE_APART_FROM posts on, a forked process writes audit.json while the
    corpus pages are built: same bytes, and complete when write_audit returns."""
    inline = _audit_json_while(tmp_path, "inline", lambda: None)
    monkeypatch.setattr(batch, "WRITE_APART_FROM", 1)
    started = []
    monkeypatch.setattr(multiprocessing.get_context("fork"), "Process",
                        _counting_process(started))
    assert _audit_json_while(tmp_path, "apart", lambda: None) == inline
    assert len(started) == 1  # it did run apart


def test_audit_json_is_written_here_when_the_second_process_fails(tmp_path, monkeypatch):
    inline = _audit_json_while(tmp_path, "inline", lambda: None)
    monkeypatch.setattr(batch, "WRITE_APART_FROM", 1)

    parent, write = os.getpid(), batch._write_audit_json

    def fails_in_the_child(job):
        if os.getpid() != parent:
            raise OSError("disk full")
        write(job)

    monkeypatch.setattr(batch, "_write_audit_json", fails_in_the_child)
    assert _audit_json_while(tmp_path, "apart", lambda: None) == inline


def test_audit_json_is_complete_even_when_then_fails(tmp_path, monkeypatch):
    inline = _audit_json_while(tmp_path, "inline", lambda: None)
    monkeypatch.setattr(batch, "WRITE_APART_FROM", 1)

    def broken():
        raise RuntimeError("corpus pages failed")

    with pytest.raises(RuntimeError, match="corpus pages failed"):
        _audit_json_while(tmp_path, "apart", broken)
    assert (tmp_path / "apart" / "out" / "audit.json").read_bytes() == inline
    assert not list((tmp_path / "apart" / "out").glob(".incoming-*"))  # cleaned up


def _counting_process(started):
    real = multiprocessing.get_context("fork").Process

    class Counted(real):
        def start(self):
            started.append(self)
            super().start()

    return Counted


@pytest.mark.parametrize("workers", [1, 2])
def test_audit_folder_keeps_only_the_checks_part_with_the_same_verdicts(tmp_path, workers):
    """``check`` keeps each post's checks only (a large blog's records must not pile up
    in memory): the same posts, statuses and checks, duplicates and skips as in full."""
    folder = _mixed_folder(tmp_path)
    full = audit_folder(folder, PROFILE, workers=1)
    kept = audit_folder(folder, PROFILE, workers=workers, keep=check_part)
    assert [set(d) for d in kept["documents"]] == [
        {"id", "path", "status", "checks"} | ({"duplicate_of"} if "duplicate_of" in d else set())
        for d in kept["documents"]]
    assert [check_part(d) for d in full["documents"]] == [
        {k: d[k] for k in ("id", "path", "status", "checks")} for d in kept["documents"]]
    assert [d.get("duplicate_of") for d in kept["documents"]] == [
        d["duplicate_of"] for d in full["documents"]]
    assert "fatigue.md" in [d.get("duplicate_of") for d in kept["documents"]]
    assert kept["corpus"] == full["corpus"]
