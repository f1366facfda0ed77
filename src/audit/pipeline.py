"""Compose the audit: score each section and document, judge them against a profile.

Nothing here renders; ``report.py`` turns the records into files and summaries. Each
function is pure: a document (and a profile) in, a JSON-ready record out.

Document scores are computed from the summed counts of its sections, never averaged
from section scores, so a document's grade is the grade of its whole text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from . import __version__
from .checklist import check_plain_language
from .corpus import content_fingerprint, duplicate_slug, load_one, plan_corpus, shown_name
from .coverage import check_coverage
from .jargon import analyze_jargon
from .model import Block, Corpus, Document, Finding, Section, SkippedFile, new_finding
from .offsets import source_offset
from .profile import Profile, load_profile, worst
from .readability import ReadabilityCounts, SentenceStats, metrics_from_counts, score_blocks

SCHEMA_VERSION = "1.0"

#: Checks judged per section and per document; the other two (paragraph_words and
#: section_words) are structural and judged where they apply.
_METRIC_CHECKS: Final = ("consensus_grade", "flesch_reading_ease", "long_sentence_share",
                  "passive_share")


def _share(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide."""
    return part / whole if whole else None


def _sentence_records(sentences: Sequence[SentenceStats]) -> list[dict[str, Any]]:
    """The sentences as audit.json holds them (the fields of SentenceStats, in order).

    Written out as one dict display per sentence: about twice as fast as building each
    record from ``zip(SentenceStats._fields, sentence)`` (a test pins the key order).
    """
    return [{"text": text, "block": block, "start": start, "end": end, "words": words,
             "syllables": syllables, "polysyllables": polysyllables,
             "hard_words": list(hard_words), "long": long, "very_long": very_long,
             "passive": passive, "passive_match": passive_match}
            for (text, block, start, end, words, syllables, polysyllables, hard_words,
                 long, very_long, passive, passive_match) in sentences]


def _metric_checks(counts: ReadabilityCounts, metrics: dict[str, Any],
                   profile: Profile) -> list[dict[str, Any]]:
    """Judge the grade, reading ease and sentence shares of one section or document."""
    values = {
        "consensus_grade": metrics["consensus_grade"],
        "flesch_reading_ease": metrics["flesch_reading_ease"],
        "long_sentence_share": _share(counts.long_sentences, counts.sentences),
        "passive_share": _share(counts.passive_sentences, counts.sentences),
    }
    return [profile.check(check_id, values[check_id]) for check_id in _METRIC_CHECKS]


def audit_section(document: Document, section: Section, profile: Profile
                  ) -> tuple[dict[str, Any], ReadabilityCounts, list[Finding]]:
    """Score one section; return its record, its counts and its findings.

    Notes
    -----
    ``reliable`` is False below ``min_words`` words or ``min_sentences`` sentences;
    ``smog_estimate`` is True below ``smog_min_sentences`` sentences.
    """
    blocks = section.scored_blocks
    result = score_blocks(blocks, long_sentence_words=profile.long_sentence_words,
                          very_long_sentence_words=profile.very_long_sentence_words)
    counts = result.counts
    metrics = result.metrics.to_dict()
    checks = _metric_checks(counts, metrics, profile)
    paragraphs = [{"block": index, "words": words}
                  for index, (block, words) in enumerate(zip(blocks, result.block_words))
                  if block.kind == "paragraph"]
    checks.append(profile.check("paragraph_words",
                                max((p["words"] for p in paragraphs), default=None)))
    if section.heading is not None:
        checks.append(profile.check("section_words", counts.words))
    reliable = counts.words >= profile.min_words and counts.sentences >= profile.min_sentences
    record = {
        "id": section.id,
        "kind": section.kind,
        "heading": section.heading,
        "level": section.level,
        "start": section.start,
        "end": section.end,
        "counts": counts.to_dict(),
        "metrics": metrics,
        "reliable": reliable,
        "smog_estimate": counts.sentences < profile.smog_min_sentences,
        "checks": checks,
        "status": worst([c["status"] for c in checks]),
        "paragraphs": paragraphs,
        "sentences": _sentence_records(result.sentences),
    }
    findings = [_check_finding(document, section, check) for check in checks
                if check["status"] in ("warn", "fail")]
    findings += _sentence_findings(document, section, blocks, result.sentences, profile)
    return record, counts, findings


def _check_finding(document: Document, section: Section | None, check: dict[str, Any]) -> Finding:
    check_id = check["id"]
    value = check["value"]
    share = check_id.endswith("_share")
    shown = f"{value:.0%}" if share else (
        f"{value:.1f}" if isinstance(value, float) else str(value))
    bound = check["threshold"]
    if "pass_max" in bound:
        limit, direction = bound["pass_max"], "at most"
    else:
        limit, direction = bound.get("pass_min"), "at least"
    limit_shown = f"{limit:.0%}" if share else f"{limit:g}"
    if section is None:
        where, section_id, start, end = "the post", "", None, None
    else:
        where = (f"'{section.heading}'" if section.heading
                 else f"the {section.kind} section")
        section_id, start, end = section.id, section.start, section.end
    return new_finding((
        f"readability.{check_id}", "error" if check["status"] == "fail" else "warning",
        f"{check['label']} in {where} is {shown}; the target is {direction} {limit_shown}.",
        document.id, section_id, start, end, "", "", "", float(value), float(limit),
        check["source"], _INFORMED_BY.get(check_id, ())))


_INFORMED_BY: Final[dict[str, tuple[str, ...]]] = {
    "consensus_grade": ("SAM literacy demand",),
    "flesch_reading_ease": ("SAM literacy demand",),
    "long_sentence_share": ("PEMAT 3",),
    "passive_share": ("PEMAT 5", "CCI 6"),
    "paragraph_words": ("PEMAT 8",),
    "section_words": ("PEMAT 8", "CCI 9"),
}


def _sentence_findings(document: Document, section: Section, blocks: Sequence[Block],
                       sentences: Sequence[SentenceStats], profile: Profile
                       ) -> list[Finding]:
    """The long-sentence and passive-voice findings of a section's sentences."""
    findings = []
    document_id, section_id = document.id, section.id
    for (text, block_index, start, end, words, _, _, _, long, very_long, passive,
         passive_match) in sentences:
        if not (long or passive):
            continue
        block = blocks[block_index]
        source_start = source_offset(block, start)
        source_end = source_offset(block, max(end - 1, start)) + 1
        if long:
            limit = (profile.very_long_sentence_words if very_long
                     else profile.long_sentence_words)
            findings.append(new_finding((
                f"readability.{'very_long' if very_long else 'long'}_sentence",
                "warning" if very_long else "suggestion",
                f"Sentence of {words} words (over {limit}); split it.",
                document_id, section_id, source_start, source_end, text, text, "",
                float(words), float(limit),
                "Hemingway Editor and Yoast SEO sentence length", ("PEMAT 3",))))
        if passive:
            findings.append(new_finding((
                "readability.passive_voice", "suggestion",
                f"Passive voice ('{passive_match}'); say who does what.",
                document_id, section_id, source_start, source_end, passive_match or "",
                text, "", None, None,
                "Passive-voice heuristic (a form of 'be' plus a past participle)",
                ("PEMAT 5", "CCI 6"))))
    return findings


def _unscored(record: dict[str, Any]) -> None:
    """Blank a record's formula values and checks (a post not in English)."""
    record["metrics"] = metrics_from_counts(ReadabilityCounts.zero()).to_dict()
    for check in record["checks"]:
        check.update(value=None, status="n/a")
    record["status"] = "n/a"


def audit_document(document: Document, profile: Profile) -> dict[str, Any]:
    """Audit one document: its sections, then the whole from the summed counts.

    A document whose ``language`` (set by the loader) is neither English nor unknown is
    counted but not scored: English formulas, the English jargon lexicon and English
    topic cues would give meaningless numbers, so its values are left empty and one
    ``language.not_english`` finding says why.
    """
    language = document.metadata.get("language", "en")
    english = language in ("en", "unknown")
    sections, findings = [], []
    total = ReadabilityCounts.zero()
    for section in document.sections:
        record, counts, section_findings = audit_section(document, section, profile)
        if not english:
            _unscored(record)
            section_findings = []
        sections.append(record)
        findings += section_findings
        total = total + counts
    if not english:
        return _not_english_record(document, profile, sections, total, language)
    metrics = metrics_from_counts(total).to_dict()
    checks = _metric_checks(total, metrics, profile)
    findings = [_check_finding(document, None, c) for c in checks
                if c["status"] in ("warn", "fail")] + findings
    record = {
        **_document_fields(document),
        "counts": total.to_dict(),
        "metrics": metrics,
        "reliable": total.words >= profile.min_words and total.sentences >= profile.min_sentences,
        "smog_estimate": total.sentences < profile.smog_min_sentences,
        "checks": checks,
        "status": worst([c["status"] for c in checks]),
        "sections": sections,
        "links": [{"title": link.title, "url": link.url} for link in document.links],
    }
    jargon = analyze_jargon(document)
    for section_record, section_jargon in zip(record["sections"], jargon.sections):
        section_record["jargon"] = section_jargon
    record["jargon"] = jargon.document
    coverage = check_coverage(document)
    record["coverage"] = coverage.record
    items, checklist_findings = check_plain_language(document, record)
    record["checklist"] = items
    record["findings"] = [f.to_dict() for f in findings + list(jargon.findings)
                          + list(coverage.findings) + checklist_findings]
    if document.metadata.get("duplicate_of"):
        mark_duplicate(record, document.metadata["duplicate_of"])
    return record


def run_header(profile: Profile) -> dict[str, Any]:
    """The versions and profile that head every ``audit.json``."""
    from importlib.metadata import version

    from .cmudata import SOURCE_NAME
    from .rules import rules_fingerprint

    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "content-audit", "version": __version__},
        "textstat_version": version("textstat"),
        "rules_version": rules_fingerprint(rule_files()),
        "syllable_source": SOURCE_NAME,
        "profile": {"name": profile.name, "id": profile.id, "version": profile.version,
                    "label": profile.label,
                    "checks": {key: t.bounds() for key, t in sorted(profile.checks.items())}},
    }


def corpus_record(root: str, documents: int, skipped: list[SkippedFile]) -> dict[str, Any]:
    return {"root": root, "documents": documents,
            "skipped": [{"path": s.path, "reason": s.reason, "severity": s.severity}
                        for s in sorted(skipped, key=lambda item: item.path)]}


def _document_fields(document: Document) -> dict[str, Any]:
    """The descriptive fields that open every document record."""
    meta = document.metadata
    return {"id": document.id, "title": document.title, "path": document.path,
            "format": document.format, "content_type": document.content_type,
            "sample": document.sample, "draft": document.draft, "url": meta.get("url"),
            "published": meta.get("published"), "blog": meta.get("blog"),
            "language": meta.get("language", "en"), "duplicate_of": None}


def mark_duplicate(record: dict[str, Any], first_path: str) -> None:
    """Note that a post repeats an earlier one word for word (both stay audited).

    A part of a record (``audit_folder``'s ``keep``) without ``findings`` gets only
    ``duplicate_of``.
    """
    record["duplicate_of"] = first_path
    if "findings" not in record:
        return
    record["findings"].append(Finding(
        rule_id="corpus.duplicate_content", severity="warning", document=record["id"],
        message=f"This post repeats {first_path} word for word under another slug; "
                "keep one of them, or make them different.",
        source="Corpus check (same headings and text)").to_dict())


def _not_english_record(document: Document, profile: Profile, sections: list[dict[str, Any]],
                        total: ReadabilityCounts, language: str) -> dict[str, Any]:
    """The record of a post that is not in English: counted, not scored, and said so."""
    empty_jargon: dict[str, Any] = {"words": 0, "density": None, "complex_share": None,
                    "counts": {"lexicon": 0, "uncommon": 0, "acronym": 0, "combined": 0,
                               "unexplained": 0}, "terms": []}
    for section in sections:
        section["jargon"] = dict(empty_jargon, words=section["counts"]["words"])
    metrics = metrics_from_counts(ReadabilityCounts.zero()).to_dict()
    checks = [dict(c, value=None, status="n/a") for c in _metric_checks(total, metrics, profile)]
    finding = Finding(
        rule_id="language.not_english", severity="warning", document=document.id,
        message=f"This post does not read as English (detected: {language}); English "
                "readability formulas, the jargon lexicon and the topic checks were not applied.",
        source="Language check (rules/language.yml)")
    return {
        **_document_fields(document),
        "counts": total.to_dict(), "metrics": metrics, "reliable": False,
        "smog_estimate": total.sentences < profile.smog_min_sentences,
        "checks": checks, "status": "n/a", "sections": sections,
        "links": [{"title": link.title, "url": link.url} for link in document.links],
        "jargon": dict(empty_jargon, words=total.words),
        "coverage": {"content_type": document.content_type, "score": None, "topics": [],
                     "options_grid": None},
        "checklist": [], "findings": [finding.to_dict()],
    }


def audit_corpus(corpus: Corpus, profile: Profile) -> dict[str, Any]:
    """Audit every document of a loaded corpus into the versioned ``audit.json`` record."""
    documents = [audit_document(document, profile) for document in corpus.documents]
    return {**run_header(profile),
            "corpus": corpus_record(shown_name(corpus.root), len(documents),
                                    list(corpus.skipped)),
            "documents": documents}


def audit_loaded(documents: list[Document], skipped: list[SkippedFile], profile: Profile
                 ) -> list[tuple[dict[str, Any], str | None]]:
    """Audit loaded documents; a document the audit cannot handle is skipped, not fatal.

    Returns each record with its content fingerprint (for duplicate detection).
    """
    out = []
    for document in documents:
        try:
            record = audit_document(document, profile)
        except Exception as error:  # noqa: BLE001 - one bad post must not stop the corpus
            skipped.append(SkippedFile(document.path, f"could not be audited "
                                       f"({type(error).__name__}: {error}); please report it"))
            continue
        out.append((record, content_fingerprint(document)))
    return out


#: What ``audit_folder`` keeps of each record, applied where the record is built.
Keep = Callable[[dict[str, Any]], dict[str, Any]]


def _load_and_audit(task: tuple[Path, str, Profile, Keep | None]
                    ) -> tuple[list[tuple[dict[str, Any], str | None]], list[SkippedFile]]:
    """Worker: load one file, audit its documents, keep what the caller asked for."""
    path, display, profile, keep = task
    documents, skipped = load_one(path, display)
    audited = audit_loaded(documents, skipped, profile)
    if keep is not None:
        audited = [(keep(record), fingerprint) for record, fingerprint in audited]
    return audited, skipped


def check_part(record: dict[str, Any]) -> dict[str, Any]:
    """The part of a post's record that ``content-audit check`` reads (see ``keep``)."""
    return {"id": record["id"], "path": record["path"], "status": record["status"],
            "checks": record["checks"]}


class DuplicateTracker:
    """Remember slugs and texts seen so far, in path order, across a corpus."""

    def __init__(self) -> None:
        self.first_path: dict[str, str] = {}
        self.first_text: dict[str, str] = {}

    def slug_taken(self, post_id: str, path: str) -> SkippedFile | None:
        """The error for a repeated slug, or None after recording a new one."""
        if post_id in self.first_path:
            return duplicate_slug(post_id, path, self.first_path[post_id])
        self.first_path[post_id] = path
        return None

    def same_text_as(self, fingerprint: str | None, path: str) -> str | None:
        """The earlier path of a post with the same text, or None after recording it."""
        if fingerprint is None:
            return None
        if fingerprint in self.first_text:
            return self.first_text[fingerprint]
        self.first_text[fingerprint] = path
        return None


def map_files(tasks: list[Any], worker: Any, *, workers: int | None = None,
              progress: bool = False) -> Any:
    """Yield ``worker(task)`` for each task, in order, in parallel processes if worth it.

    By default one process per CPU is used when there are at least ``PARALLEL_FROM``
    tasks, else the work runs in this process. Results come back in task order, so
    output never depends on the number of workers.
    """
    if workers is None:
        workers = (os.cpu_count() or 1) if len(tasks) >= PARALLEL_FROM else 1
    bar = None
    if progress and len(tasks) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc="auditing", unit="file", leave=False)
    try:
        if workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            chunk = max(1, min(32, len(tasks) // (workers * 8)))
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for result in pool.map(worker, tasks, chunksize=chunk):
                    if bar is not None:
                        bar.update()
                    yield result
        else:
            for task in tasks:
                result = worker(task)
                if bar is not None:
                    bar.update()
                yield result
    finally:
        if bar is not None:
            bar.close()


def audit_folder(path: Path, profile: Profile, *, workers: int | None = None,
                 progress: bool = False, keep: Keep | None = None) -> dict[str, Any]:
    """Load and audit a folder into one in-memory record (notebooks, tests, ``check``).

    ``keep``, a module-level function (it goes to the worker processes), replaces
    each post's record by the part of it that the caller reads, as soon as the record
    is built: ``check`` keeps :func:`check_part`, so that a large blog's records never
    pile up in memory (a full record is a few hundred kilobytes). For large corpora
    written to disk, ``batch.write_audit`` streams instead.
    """
    plan = plan_corpus(path)
    tasks = [(file_path, display, profile, keep) for file_path, display in plan.files]
    documents: list[dict[str, Any]] = []
    skipped = list(plan.skipped)
    seen = DuplicateTracker()
    for results, file_skipped in map_files(tasks, _load_and_audit, workers=workers,
                                           progress=progress):
        skipped.extend(file_skipped)
        for record, fingerprint in results:
            taken = seen.slug_taken(record["id"], record["path"])
            if taken is not None:
                skipped.append(taken)
                continue
            earlier = seen.same_text_as(fingerprint, record["path"])
            if earlier is not None:
                mark_duplicate(record, earlier)
            documents.append(record)
    return {**run_header(profile),
            "corpus": corpus_record(shown_name(plan.root.name), len(documents), skipped),
            "documents": documents}


#: A folder with at least this many files is audited in parallel processes.
PARALLEL_FROM = 64


def rule_files() -> list[str]:
    """Every rule file under ``rules/``, relative to it (for the rules version)."""
    from .rules import rules_root

    found = []

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".yml"):
                found.append(f"{prefix}{child.name}")

    walk(rules_root(), "")
    return sorted(found)


def run_audit(corpus_path: Path, out_dir: Path, *, profile: str = "patients",
              progress: bool = False, baseline: Path | None = None) -> str:
    """Audit a folder, write the reports into ``out_dir`` and return a text summary.

    With ``baseline`` (an earlier ``audit.json``), the record gains a ``baseline`` part
    listing each post's changes, and the summary prints them.
    """
    from .baseline import compare, format_changes, load_baseline
    from .batch import write_audit
    from .report import format_summary, write_corpus_pages

    chosen = load_profile(profile)
    old = load_baseline(baseline) if baseline is not None else None

    def corpus_pages(record: dict[str, Any]) -> None:
        if old is not None and baseline is not None:
            # the summaries hold the values as written (rounded as in audit.json)
            record["baseline"] = {"compared_with": baseline.name,
                                  "changes": compare(record, old)}
        write_corpus_pages(record, out_dir)

    # the corpus pages are built while audit.json is written
    record = write_audit(corpus_path, chosen, out_dir, progress=progress, then=corpus_pages)
    summary = format_summary(record, out_dir)
    if old is not None:
        summary += "\n\nChanges since the baseline:\n" + "\n".join(
            format_changes(record["baseline"]["changes"]))
    return summary

