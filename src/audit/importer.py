"""Turn a Blogger export into corpus files: one Markdown post per entry.

Each post keeps its title, slug, URL, publication date, labels and draft flag as front
matter; ``content_type`` is left for the editors to set (the audit says so until they
do). Existing files are never overwritten unless asked.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .blogger import parse_export, unique_slugs


def import_export(export: Path, target: Path, *, overwrite: bool = False) -> list[str]:
    """Write ``target/<slug>.md`` for each post of ``export``; return one line per file.

    Raises
    ------
    ValueError
        If the export cannot be parsed (the message says why).
    """
    contents = parse_export(export.read_bytes())
    target.mkdir(parents=True, exist_ok=True)
    report = []
    for post, slug in zip(contents.posts, unique_slugs(contents.posts)):
        path = target / f"{slug}.md"
        if path.exists() and not overwrite:
            report.append(f"kept     {path.name} (exists; use --overwrite to replace it)")
            continue
        meta: dict[str, object] = {"title": post.title, "slug": slug}
        if post.url:
            meta["url"] = post.url
        if post.published:
            meta["published"] = post.published
        meta["audience"] = "patients and families"
        meta["sample"] = False
        if post.draft:
            meta["draft"] = True
        if post.labels:
            meta["labels"] = list(post.labels)
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
        path.write_text(f"---\n{front}# content_type: set one of treatment-guide, overview, "
                        f"prevention, prognosis, diagnosis, risk-factors, drug, legal\n---\n\n"
                        f"{post.body.rstrip()}\n", encoding="utf-8")
        report.append(f"wrote    {path.name}" + (" (draft)" if post.draft else ""))
    for kind, count in contents.skipped:
        report.append(f"skipped  {count} {kind} entr{'y' if count == 1 else 'ies'} (not posts)")
    return report
