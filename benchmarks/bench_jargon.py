"""Throughput of ``audit.jargon.analyze_jargon`` (not a test): ``.venv/bin/python
benchmarks/bench_jargon.py``.

Prints words per second (words as readability counts them) for the bundled posts,
for generated posts (``generate.py``) and for plain prose with no jargon, next to
readability's ``score_blocks`` and textstat on the same generated posts. Each figure is
the best of several rounds: the machine's load makes single runs noisy.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import textstat  # noqa: E402
from generate import generate_posts  # noqa: E402

from audit import load_corpus  # noqa: E402
from audit.jargon import analyze_jargon  # noqa: E402
from audit.model import Document  # noqa: E402
from audit.readability import score_blocks  # noqa: E402
from audit.sections import split_markdown  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEXTSTAT = (textstat.flesch_reading_ease, textstat.flesch_kincaid_grade,
            textstat.smog_index, textstat.gunning_fog, textstat.coleman_liau_index,
            textstat.automated_readability_index, textstat.dale_chall_readability_score)


def _best(function: Callable[[Any], object], items: Sequence[Any], rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - start)
    return best


def _readability(document: Document) -> None:
    for section in document.sections:
        score_blocks(section.scored_blocks)


def _textstat(text: str) -> None:
    for metric in TEXTSTAT:
        metric(text)
    textstat.text_standard(text, float_output=True)


def _markdown(text: str, number: int) -> Document:
    return Document(id=f"post-{number}", title="Post", path=f"post-{number}.md",
                    format="markdown", text=text, sections=split_markdown(text).sections)


def main() -> int:
    corpus = [d for d in load_corpus(ROOT / "corpus").documents] * 20
    posts = generate_posts(200)
    generated = [_markdown(text, number) for number, text in enumerate(posts)]
    plain_blocks = [b.text for d in load_corpus(ROOT / "corpus").documents
                    if d.content_type == "legal" for s in d.sections for b in s.scored_blocks]
    plain = [_markdown("\n\n".join(plain_blocks), n) for n in range(50)]
    for name, documents in (("bundled posts x20", corpus), ("generated posts", generated),
                            ("plain prose", plain)):
        words = sum(analyze_jargon(d).document["words"] for d in documents)  # also warms up
        jargon = _best(analyze_jargon, documents)
        readability = _best(_readability, documents)
        print(f"{name:18} {words:>8,} words  jargon {words / jargon:>10,.0f}/s  "
              f"readability {words / readability:>10,.0f}/s  "
              f"both {words / (jargon + readability):>10,.0f}/s")
    words = sum(analyze_jargon(d).document["words"] for d in generated)
    theirs = _best(_textstat, posts, 2)
    ours = _best(analyze_jargon, generated) + _best(_readability, generated)
    print(f"textstat on the generated posts: {words / theirs:,.0f}/s; readability + jargon "
          f"= {theirs / ours:.1f}x textstat's throughput")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
