"""Render audit records: the JSON file and the plain-text summary the CLI prints.

Rendering only: every number comes from the record built by ``pipeline.py``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

#: Decimal places kept for floats in audit.json (a presentation choice: values are
#: computed unrounded, and four places keep diffs readable and stable).
JSON_DECIMALS = 4


def _rounded(value: Any) -> Any:
    """Round floats (recursively) for output; reject NaN and infinities."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"non-finite number in audit output: {value}")
        rounded = round(value, JSON_DECIMALS)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(item) for item in value]
    return value


def dumps(record: dict[str, Any]) -> str:
    """Serialise a record deterministically (same input, same bytes)."""
    return json.dumps(_rounded(record), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_json(record: dict[str, Any], target: Path) -> None:
    """Write ``record`` to ``target`` as UTF-8 JSON."""
    target.write_text(dumps(record), encoding="utf-8")


def fmt_grade(value: float | None) -> str:
    """A grade or score with one decimal, or an en dash when undefined."""
    return "\u2013" if value is None else f"{value:.1f}"


def format_summary(record: dict[str, Any], target: Path) -> str:
    """The text the CLI prints after a run: one line per post, then skips and the path."""
    lines = [f"Audited {record['corpus']['documents']} posts with profile "
             f"'{record['profile']['name']}' ({record['profile']['label']}).", ""]
    header = f"{'status':6}  {'grade':>5}  {'spread':>6}  {'FRE':>5}  {'words':>5}  post"
    lines.append(header)
    rows = sorted(record["documents"], key=lambda d: -(d["metrics"]["consensus_grade"] or 0))
    for document in rows:
        metrics = document["metrics"]
        flags = "  (sample)" if document["sample"] else ""
        flags += "  (draft)" if document["draft"] else ""
        lines.append(f"{document['status']:6}  {fmt_grade(metrics['consensus_grade']):>5}  "
                     f"{fmt_grade(metrics['grade_spread']):>6}  "
                     f"{fmt_grade(metrics['flesch_reading_ease']):>5}  "
                     f"{document['counts']['words']:>5}  {document['id']}{flags}")
    skipped = record["corpus"]["skipped"]
    if skipped:
        lines += ["", "Not audited:"]
        lines += [f"  {'ERROR' if s['severity'] == 'error' else 'skip '} {s['path']}: {s['reason']}"
                  for s in skipped]
    lines += ["", f"Report: {target}"]
    return "\n".join(lines)
