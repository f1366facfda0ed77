"""Generate realistic synthetic posts from the bundled corpus, deterministically.

Each post reshuffles real headings, paragraphs and list items drawn from the bundled
posts (seeded RNG), so word, sentence and syllable statistics stay those of the blog
while every text is distinct (textstat's per-text cache cannot help).
"""

from __future__ import annotations

import random
from pathlib import Path

from audit import load_corpus
from audit.model import Document

ROOT = Path(__file__).resolve().parents[1]


def _pieces(documents: tuple[Document, ...]) -> tuple[list[str], list[str], list[list[str]]]:
    headings, paragraphs, lists = [], [], []
    for document in documents:
        for section in document.sections:
            if section.heading:
                headings.append(section.heading)
            items: list[str] = []
            for block in section.scored_blocks:
                if block.kind == "item" and not block.label:
                    items.append(block.text)
                    continue
                if items:
                    lists.append(items)
                    items = []
                paragraphs.append(block.text)
            if items:
                lists.append(items)
    return headings, paragraphs, lists


def generate_posts(count: int, *, seed: int = 2024, with_structure: bool = True) -> list[str]:
    """Return ``count`` Markdown posts of roughly 400 to 1,000 words.

    With ``with_structure=False`` the posts are plain paragraphs only (no headings or
    lists), the case where our scores must equal textstat's.
    """
    corpus = load_corpus(ROOT / "corpus")
    headings, paragraphs, lists = _pieces(corpus.documents)
    rng = random.Random(seed)
    posts = []
    for number in range(count):
        target = rng.randint(400, 1000)
        parts: list[str] = []
        words = 0
        while words < target:
            if with_structure and rng.random() < 0.25:
                parts.append(f"## {rng.choice(headings)}")
            if with_structure and rng.random() < 0.2:
                items = rng.choice(lists)
                parts.append("\n".join(f"- {item}" for item in items))
                words += sum(len(item.split()) for item in items)
            paragraph = rng.choice(paragraphs)
            parts.append(paragraph)
            words += len(paragraph.split())
        parts.append(f"Post number {number}.")
        posts.append("\n\n".join(parts) + "\n")
    return posts
