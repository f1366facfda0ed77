"""Audit a folder into reports with bounded memory, in parallel processes.

Workers load, audit and render one file each. They write each post's JSON line and
post page to disk themselves and hand back where they are and a small summary; this
process copies the JSON lines into ``audit.json`` (in the kernel, never reading them)
and keeps only the summaries for the corpus pages. A 10,000-post blog therefore never
sits in memory at once, and the output is byte-identical to ``report.dumps`` of the
in-memory record (``pipeline.audit_folder``), whatever the number of workers.

audit.json opens with the corpus part (how many posts, which files were skipped), known
only once every post is done, so its lines are copied at the end; for a large corpus a
forked process copies them while the caller builds the corpus pages (``then``).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from . import apart
from .corpus import load_one, plan_corpus, shown_name
from .model import SkippedFile
from .pipeline import (DuplicateTracker, audit_loaded, corpus_record, map_files,
                       mark_duplicate, run_header)
from .profile import Profile
from .report import DOCUMENT_INDENT, around_documents, document_json_bytes, render_post
from .rounding import round_in_place, rounded
from .tables import summarize


#: Garbage-collector thresholds while a batch process audits: a post makes tens of
#: thousands of short-lived objects, which reference counting frees anyway, and the
#: default (700, 10, 10) ran a collection every 700 of them and, now and then, a full
#: one through every memo: about 5% of a worker's time (0.5 s per 1,000 posts, 0.05 s
#: with these).
_BATCH_GC_THRESHOLD = (100_000, 50, 100)

#: This process's open JSON-lines file in each incoming folder (see :func:`_json_file`).
_JSON_FILES: dict[Path, BinaryIO] = {}


@contextmanager
def _few_collections() -> Iterator[None]:
    """Run the body with :data:`_BATCH_GC_THRESHOLD`, then restore the thresholds."""
    before = gc.get_threshold()
    gc.set_threshold(*_BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _json_file(incoming: Path) -> BinaryIO:
    """This process's file of JSON lines in ``incoming``, opened on first use.

    One file per process (named after its id) rather than one per post: the worker
    appends, and the main process copies byte ranges out of it.
    """
    handle = _JSON_FILES.get(incoming)
    if handle is None:
        handle = _JSON_FILES[incoming] = (incoming / f"{os.getpid()}.jsonl").open("ab")
    return handle


def _close_json_files(incoming: Path) -> None:
    """Close this process's file in ``incoming`` (the in-process run's)."""
    handle = _JSON_FILES.pop(incoming, None)
    if handle is not None:
        handle.close()


#: Where a post's JSON line is: file name (in the incoming folder), offset, length.
JsonSpan = tuple[str, int, int]


def _work(task: tuple[Path, str, Profile, dict[str, Any], Path, int, bool]
          ) -> tuple[list[tuple[str, str, JsonSpan, dict[str, Any], Path | None, str | None]],
                     list[SkippedFile], dict[str, float]]:
    """Worker: load, audit and (optionally) render the posts of one file, timing each.

    Each post's JSON line is appended to this process's file in ``incoming``, and its
    page, if rendered, written as ``incoming/<number>-<k>.html`` (``number`` is the
    file's place in the plan). Only their places go back: the output, a hundred
    kilobytes a post, then never passes through the main process, which moves each
    page to its final name once it knows the post is kept (not a second post with
    the same slug) and copies the JSON lines into ``audit.json``.
    """
    path, display, profile, header, incoming, number, render = task
    with _few_collections():
        clock = time.perf_counter
        started = clock()
        documents, skipped = load_one(path, display)
        seconds = {"load": clock() - started, "audit": 0.0, "json": 0.0, "pages": 0.0}
        started = clock()
        audited = audit_loaded(documents, skipped, profile)
        seconds["audit"] += clock() - started
        out = []
        for full_record, fingerprint in audited:
            started = clock()
            record = round_in_place(full_record)  # the values as written
            text = document_json_bytes(record)
            target = _json_file(incoming)
            span = (Path(target.name).name, target.tell(), len(text))
            target.write(text)
            target.flush()  # the main process reads it as soon as this task returns
            summary = summarize(record)
            seconds["json"] += clock() - started
            started = clock()
            page = None
            if render:
                page = incoming / f"{number}-{len(out)}.html"
                page.write_text(render_post(header, record), encoding="utf-8")
            seconds["pages"] += clock() - started
            out.append((record["id"], record["path"], span, summary, page, fingerprint))
    return out, skipped, seconds


def write_audit(path: Path, profile: Profile, out_dir: Path, *, workers: int | None = None,
                progress: bool = False, render_posts: bool = True,
                seconds: dict[str, float] | None = None,
                then: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Audit ``path`` into ``out_dir/audit.json`` (and ``posts/<slug>.html``).

    ``seconds``, if given, receives the time the workers spent per stage (load, audit,
    json, pages), for the benchmark; it never reaches the output.

    ``then``, if given, is called with the returned record once every post is audited,
    while audit.json is being written (in a second process for large corpora, see
    :data:`WRITE_APART_FROM`): the corpus pages, which need only that record. Either
    way audit.json is complete when this returns.

    Returns
    -------
    dict
        The run header and corpus part, with ``documents`` holding the per-post
        summaries (``tables.summarize``) for the corpus pages.
    """
    header = run_header(profile)
    plan = plan_corpus(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    posts = out_dir / "posts"
    if render_posts:
        posts.mkdir(exist_ok=True)
    # the workers' output, before it is kept: JSON lines, and pages before their final name
    incoming = Path(tempfile.mkdtemp(prefix=".incoming-", dir=out_dir)).resolve()
    # a file's pages are named after its place in the plan, so names never collide
    tasks = [(file_path, display, profile, header, incoming, number, render_posts)
             for number, (file_path, display) in enumerate(plan.files)]
    spans = _Spans(incoming)
    try:
        summaries: list[dict[str, Any]] = []
        lines: list[JsonSpan | bytes] = []  # each kept post's JSON line, in order
        skipped = list(plan.skipped)
        seen = DuplicateTracker()
        # the summaries pile up in this process: fewer collections walking them too
        with _few_collections():
            for results, file_skipped, stage_seconds in map_files(
                    tasks, _work, workers=workers, progress=progress):
                skipped.extend(file_skipped)
                if seconds is not None:
                    for stage, value in stage_seconds.items():
                        seconds[stage] = seconds.get(stage, 0.0) + value
                for post_id, post_path, span, summary, page, fingerprint in results:
                    taken = seen.slug_taken(post_id, post_path)
                    if taken is not None:
                        skipped.append(taken)
                        if page is not None:
                            page.unlink()
                        continue
                    line: JsonSpan | bytes = span
                    earlier = seen.same_text_as(fingerprint, post_path)
                    if earlier is not None:  # rare: redo this post's output with the note
                        record = json.loads(spans.read(span))
                        mark_duplicate(record, earlier)
                        line = document_json_bytes(record)
                        summary = summarize(record)
                        if page is not None:
                            page.write_text(render_post(header, record), encoding="utf-8")
                    lines.append(line)
                    summaries.append(summary)
                    if page is not None:
                        page.replace(posts / f"{post_id}.html")
        _close_json_files(incoming)  # the in-process run's, so that its lines are all on disk
        corpus = corpus_record(shown_name(plan.root.name), len(summaries), skipped)
        result = {**header, "corpus": corpus, "documents": summaries}
        # the lines go between the brackets, one per document, as report.document_lines
        before, after = around_documents(rounded({**header, "corpus": corpus}))
        written = apart.start(
            _write_audit_json, (out_dir / "audit.json", before, after, lines, incoming),
            apart=then is not None and len(lines) >= WRITE_APART_FROM)
        try:
            if then is not None:
                then(result)
        finally:
            written()
    finally:
        spans.close()
        _close_json_files(incoming)
        shutil.rmtree(incoming, ignore_errors=True)
    return result


#: From this many posts on, where processes can fork, a second process writes
#: audit.json while ``write_audit``'s ``then`` runs (the corpus pages): a 10,000-post
#: run copies a gigabyte of JSON lines, which took about as long as the corpus pages.
WRITE_APART_FROM = 500

#: What :func:`_write_audit_json` takes: the target, the text before and after the
#: documents list, each kept post's line (a span of a worker's file, or the bytes of a
#: redone one), and the folder of the workers' files.
_AuditJson = tuple[Path, str, str, list[JsonSpan | bytes], Path]


def _write_audit_json(job: _AuditJson) -> None:
    """Write audit.json: the text before the documents, one line each, the text after."""
    path, before, after, lines, incoming = job
    spans = _Spans(incoming)
    try:
        # unbuffered: the JSON lines are copied between file descriptors (see _Spans.copy)
        with path.open("wb", buffering=0) as target:
            _write_all(target, (before + "[").encode("utf-8"))
            for number, line in enumerate(lines):
                _write_all(target, b",\n" + _INDENT if number else b"\n" + _INDENT)
                if isinstance(line, bytes):
                    _write_all(target, line)
                else:
                    spans.copy(line, target)
            _write_all(target, (("\n  ]" if lines else "]") + after).encode("utf-8"))
    finally:
        spans.close()


_INDENT = DOCUMENT_INDENT.encode()


def _write_all(target: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` to an unbuffered file (a raw write may write only part)."""
    view = memoryview(data)
    while view:
        written = target.write(view)
        if not written:
            raise OSError(f"{target.name}: nothing could be written")
        view = view[written:]


class _Spans:
    """The workers' JSON-lines files, each opened once, to read or copy lines out of."""

    def __init__(self, incoming: Path) -> None:
        self.incoming = incoming
        self.files: dict[str, BinaryIO] = {}

    def close(self) -> None:
        """Close the files opened so far."""
        for handle in self.files.values():
            handle.close()
        self.files.clear()

    def _descriptor(self, name: str) -> int:
        source = self.files.get(name)
        if source is None:
            source = self.files[name] = (self.incoming / name).open("rb", buffering=0)
        return source.fileno()

    def _chunks(self, name: str, offset: int, length: int) -> Iterator[bytes]:
        """The bytes ``offset`` to ``offset + length`` of worker file ``name``."""
        source = self._descriptor(name)
        while length:
            chunk = os.pread(source, min(length, 1 << 20), offset)
            if not chunk:
                raise OSError(f"{self.incoming / name}: ends before the JSON line it holds")
            yield chunk
            offset += len(chunk)
            length -= len(chunk)

    def read(self, span: JsonSpan) -> bytes:
        """Return one line (for the rare post whose record must be redone)."""
        return b"".join(self._chunks(*span))

    def copy(self, span: JsonSpan, target: BinaryIO) -> None:
        """Append one line to ``target`` (unbuffered) without reading it into Python:
        ``os.copy_file_range`` where the system has it, else read and write."""
        name, offset, length = span
        copy = getattr(os, "copy_file_range", None)
        while copy is not None and length:
            try:
                done = copy(self._descriptor(name), target.fileno(), length, offset)
            except OSError:  # not between these two files: read and write below
                break
            if not done:
                break
            offset += done
            length -= done
        for chunk in self._chunks(name, offset, length):
            _write_all(target, chunk)
