"""Audit a folder into reports with bounded memory, in parallel processes.

Workers load, audit and render one file each and hand back the post's JSON text, its
post page and a small summary; this process streams the JSON into ``audit.json`` and
keeps only the summaries for the corpus pages. A 10,000-post blog therefore never
sits in memory at once, and the output is byte-identical to ``report.dumps`` of the
in-memory record (``pipeline.audit_folder``), whatever the number of workers.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from .corpus import load_one, plan_corpus, shown_name
from .model import SkippedFile
from .pipeline import (DuplicateTracker, audit_loaded, corpus_record, map_files,
                       mark_duplicate, run_header)
from .profile import Profile
from .report import (DOCUMENT_INDENT, around_documents, document_json, render_post,
                     round_in_place, rounded)
from .tables import summarize


def _work(task: tuple[Path, str, Profile, dict[str, Any], Path | None]
          ) -> tuple[list[tuple[str, str, bytes, dict[str, Any], Path | None, str | None]],
                     list[SkippedFile], dict[str, float]]:
    """Worker: load, audit and (optionally) render the posts of one file, timing each.

    A post page is written by the worker itself, next to ``page_stem`` (named after
    the file's place in the plan), and only its path goes back: the pages, half the output,
    then never pass through the main process. The main process moves each page to its
    final name once it knows the post is kept (not a second post with the same slug).
    """
    path, display, profile, header, page_stem = task
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
        text = document_json(record).encode("utf-8")
        summary = summarize(record)
        seconds["json"] += clock() - started
        started = clock()
        page = None
        if page_stem is not None:
            page = page_stem.with_name(f"{page_stem.name}-{len(out)}.html")
            page.write_text(render_post(header, record), encoding="utf-8")
        seconds["pages"] += clock() - started
        out.append((record["id"], record["path"], text, summary, page, fingerprint))
    return out, skipped, seconds


def write_audit(path: Path, profile: Profile, out_dir: Path, *, workers: int | None = None,
                progress: bool = False, render_posts: bool = True,
                seconds: dict[str, float] | None = None) -> dict[str, Any]:
    """Audit ``path`` into ``out_dir/audit.json`` (and ``posts/<slug>.html``).

    ``seconds``, if given, receives the time the workers spent per stage (load, audit,
    json, pages), for the benchmark; it never reaches the output.

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
    incoming = posts / ".incoming"  # pages written by workers, before their final name
    if render_posts:
        incoming.mkdir(exist_ok=True)
    # a file's pages are named after its place in the plan, so names never collide
    tasks = [(file_path, display, profile, header,
              incoming / str(number) if render_posts else None)
             for number, (file_path, display) in enumerate(plan.files)]
    first, separator = ("\n" + DOCUMENT_INDENT).encode(), (",\n" + DOCUMENT_INDENT).encode()
    try:
        summaries: list[dict[str, Any]] = []
        skipped = list(plan.skipped)
        seen = DuplicateTracker()
        # bytes all the way: a 10,000-post audit.json is a gigabyte, not worth re-decoding
        with tempfile.TemporaryFile("w+b") as documents_json:
            for results, file_skipped, stage_seconds in map_files(tasks, _work, workers=workers,
                                                                  progress=progress):
                skipped.extend(file_skipped)
                if seconds is not None:
                    for stage, value in stage_seconds.items():
                        seconds[stage] = seconds.get(stage, 0.0) + value
                for post_id, post_path, text, summary, page, fingerprint in results:
                    taken = seen.slug_taken(post_id, post_path)
                    if taken is not None:
                        skipped.append(taken)
                        if page is not None:
                            page.unlink()
                        continue
                    earlier = seen.same_text_as(fingerprint, post_path)
                    if earlier is not None:  # rare: redo this post's output with the note
                        record = json.loads(text)
                        mark_duplicate(record, earlier)
                        text = document_json(record).encode("utf-8")
                        summary = summarize(record)
                        if page is not None:
                            page.write_text(render_post(header, record), encoding="utf-8")
                    documents_json.write(separator if summaries else first)
                    documents_json.write(text)
                    summaries.append(summary)
                    if page is not None:
                        page.replace(posts / f"{post_id}.html")
            corpus = corpus_record(shown_name(plan.root.name), len(summaries), skipped)
            # the lines written above go between the brackets, as report.document_lines
            before, after = around_documents(rounded({**header, "corpus": corpus}))
            documents_json.seek(0)
            with (out_dir / "audit.json").open("wb") as target:
                target.write((before + "[").encode("utf-8"))
                shutil.copyfileobj(documents_json, target, 1 << 20)
                target.write((("\n  ]" if summaries else "]") + after).encode("utf-8"))
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    return {**header, "corpus": corpus, "documents": summaries}
