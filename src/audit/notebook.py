"""Thin helpers for the editors' notebooks: run the audit and pick a post.

Notebooks hold no functions of their own; they call these, ``tables`` and ``figures``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from . import figures, tables  # noqa: F401  (re-exported for notebooks)
from .paths import CORPUS_DIR
from .pipeline import audit_folder
from .profile import load_profile

pd.set_option("display.max_colwidth", 120)
pd.set_option("display.width", 160)


def audit(corpus: str | None = None, profile: str = "patients") -> dict[str, Any]:
    """Audit a folder (default: the bundled ``corpus/``) and return the audit record."""
    folder = Path(corpus) if corpus else CORPUS_DIR
    return audit_folder(folder, load_profile(profile), workers=1)


def summary(record: dict[str, Any]) -> str:
    """A short text summary of a run, with no paths or times (safe for nbval)."""
    statuses = [d["status"] for d in record["documents"]]
    parts = [f"{statuses.count(s)} {s}" for s in ("fail", "warn", "pass") if statuses.count(s)]
    samples = sum(1 for d in record["documents"] if d["sample"])
    lines = [f"{len(statuses)} posts audited with profile '{record['profile']['name']}': "
             + ", ".join(parts) + f"; {samples} are sample stand-ins.",
             f"Files not audited: {len(record['corpus']['skipped'])}"]
    lines += [f"  {s['path']}: {s['reason']}" for s in record["corpus"]["skipped"]]
    lines.append(f"textstat {record['textstat_version']}, rules {record['rules_version']}, "
                 f"content-audit {record['tool']['version']}")
    return "\n".join(lines)


def post(record: dict[str, Any], slug: str) -> dict[str, Any]:
    """The record of one post, by slug (a clear error listing the slugs if missing)."""
    for document in record["documents"]:
        if document["id"] == slug:
            return document
    known = ", ".join(d["id"] for d in record["documents"])
    raise KeyError(f"no post with slug '{slug}' (posts: {known})")
