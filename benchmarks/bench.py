"""``make bench``: throughput of the readability pass against textstat, same run.

Not a test: it prints words per second for

- content-audit: section splitting plus the full readability pass of every section
  (counts, seven formulas, consensus, per-sentence stats, passive voice, checks and
  findings), on a generated corpus of 2,000 posts;
- textstat 0.7.13 called the usual way: each metric function on each post's raw text
  (Flesch Reading Ease, Flesch-Kincaid, SMOG, Gunning Fog, Coleman-Liau, ARI,
  Dale-Chall, text_standard);

and their ratio (goal: at least 5). It then compares the values of both on posts
with no lists or headings, where the two should agree up to the documented departures
(docs/readability.md).
"""

from __future__ import annotations

import os
import statistics
from importlib.metadata import version
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import textstat  # noqa: E402
from generate import generate_posts  # noqa: E402

from audit.pipeline import audit_document  # noqa: E402
from audit.profile import load_profile  # noqa: E402
from audit.readability import score_blocks  # noqa: E402
from audit.sections import split_markdown  # noqa: E402
from audit.model import Document  # noqa: E402

POSTS = 2000

TEXTSTAT_METRICS = (
    textstat.flesch_reading_ease, textstat.flesch_kincaid_grade, textstat.smog_index,
    textstat.gunning_fog, textstat.coleman_liau_index, textstat.automated_readability_index,
    textstat.dale_chall_readability_score,
)


def _document(text: str, number: int) -> Document:
    outline = split_markdown(text)
    return Document(id=f"post-{number}", title=f"Post {number}", path=f"post-{number}.md",
                    format="markdown", text=text, sections=outline.sections)


def run_ours(posts: list[str]) -> float:
    profile = load_profile()
    start = time.perf_counter()
    for number, text in enumerate(posts):
        audit_document(_document(text, number), profile)
    return time.perf_counter() - start


def run_folder(posts: list[str], workers: int) -> float:
    """Write the posts to a folder, then load and audit it from disk with ``workers``."""
    import tempfile

    from audit.pipeline import audit_folder

    with tempfile.TemporaryDirectory() as folder:
        for number, text in enumerate(posts):
            Path(folder, f"post-{number:05d}.md").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        audit_folder(Path(folder), load_profile(), workers=workers)
        return time.perf_counter() - start


def run_textstat(posts: list[str]) -> float:
    start = time.perf_counter()
    for text in posts:
        for metric in TEXTSTAT_METRICS:
            metric(text)
        textstat.text_standard(text, float_output=True)
    return time.perf_counter() - start


def main() -> int:
    posts = generate_posts(POSTS)
    words = sum(len(text.split()) for text in posts)
    # warm both (CMUdict parsing, caches of our syllable table) outside the timing
    run_ours(posts[:5])
    run_textstat(generate_posts(5, seed=1))
    ours = run_ours(posts)
    theirs = run_textstat(posts)
    print(f"Corpus: {POSTS} generated posts, {words:,} words (whitespace-separated)")
    print(f"content-audit readability pass: {ours:7.2f} s  {words / ours:>10,.0f} words/s")
    print(f"textstat {version('textstat')} (8 metrics):  {theirs:7.2f} s  "
          f"{words / theirs:>10,.0f} words/s")
    print(f"ratio: {theirs / ours:.1f}x textstat's throughput, one process (goal: at least 5x)")
    workers = os.cpu_count() or 1
    folder = run_folder(posts, workers)
    print(f"content-audit from disk, {workers} processes: {folder:6.2f} s  "
          f"{words / folder:>10,.0f} words/s  ratio {theirs / folder:.1f}x "
          "(reading files, parsing and auditing; textstat gets text in memory)")

    plain = generate_posts(200, seed=7, with_structure=False)
    deltas: dict[str, list[float]] = {}
    pairs = {"flesch_reading_ease": textstat.flesch_reading_ease,
             "flesch_kincaid_grade": textstat.flesch_kincaid_grade,
             "smog": textstat.smog_index, "gunning_fog": textstat.gunning_fog,
             "coleman_liau": textstat.coleman_liau_index,
             "ari": textstat.automated_readability_index,
             "dale_chall": textstat.dale_chall_readability_score}
    for number, text in enumerate(plain):
        document = _document(text, number)
        blocks = [b for s in document.sections for b in s.scored_blocks]
        metrics = score_blocks(blocks).metrics.to_dict()
        for key, function in pairs.items():
            deltas.setdefault(key, []).append(metrics[key] - function(text))
    print("\nAgreement on 200 posts without lists or headings (ours - textstat):")
    print(f"{'metric':22} {'mean':>8} {'max |d|':>8}")
    for key, values in deltas.items():
        print(f"{key:22} {statistics.fmean(values):8.3f} {max(abs(v) for v in values):8.3f}")
    print("Differences come only from the documented conventions (docs/readability.md):")
    print("sentence splitting of abbreviations and decimals, dashes and slashes as word")
    print("breaks, syllables of words missing from CMUdict, Gunning's hard words,")
    print("Coleman-Liau's 0.0588, ARI on letters and digits, Dale-Chall's familiar forms.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
