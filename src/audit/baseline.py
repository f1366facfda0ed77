"""Compare an audit with an earlier one: per post and per section, before and after.

Editors revise a post and want to see the effect ("grade 15.6 to 9.1"). Posts and
sections are matched by id; a post only in one run is listed as added or removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

from .report_html import fmt_number

#: The measures compared, with their labels.
MEASURES = (("consensus_grade", "grade"), ("flesch_reading_ease", "reading ease"))


def load_baseline(path: Path) -> dict[str, Any]:
    """Read an earlier ``audit.json``, keeping of each post what :func:`compare` reads
    (:func:`baseline_part`); a clear error if it is not one.

    A 10,000-post audit.json is a gigabyte: read whole, it took 33 s and 5.0 GB of
    memory. content-audit writes each post on one line (``report.dumps``), so the
    posts are read one line at a time and only their parts kept; a file laid out
    otherwise (re-indented by hand, say) is read whole.
    """
    not_ours = f"baseline {path.name}: not an audit.json written by content-audit"
    try:
        record = _read_by_lines(path)
        if record is None:
            record = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(record, dict) and isinstance(record.get("documents"), list):
                record["documents"] = [baseline_part(d) for d in record["documents"]]
    except (OSError, ValueError) as error:
        raise ValueError(f"baseline {path.name}: cannot be read as JSON ({error})") from error
    except KeyError as error:  # a post without one of its values
        raise ValueError(f"{not_ours} (a post lacks {error})") from error
    except (TypeError, AttributeError) as error:  # a post, or a value, of another shape
        raise ValueError(f"{not_ours} (its posts are laid out otherwise)") from error
    if not isinstance(record, dict) or "documents" not in record or "schema_version" not in record:
        raise ValueError(not_ours)
    return record


#: The line that opens the posts in an audit.json that content-audit wrote (without its
#: line end, "\n" or "\r\n"), and the first characters of the line that closes them
#: (``report.document_lines``).
_DOCUMENTS_OPEN = b'  "documents": ['
_DOCUMENTS_CLOSE = b"  ]"


def _read_by_lines(path: Path) -> dict[str, Any] | None:
    """The record of an audit.json laid out as content-audit writes it, each post's
    record replaced by its :func:`baseline_part`; None for any other layout."""
    head: list[bytes] = []
    parts: list[dict[str, Any]] = []
    with path.open("rb") as handle:
        for line in handle:
            head.append(line)
            if line.rstrip(b"\r\n") == _DOCUMENTS_OPEN:
                break
        else:
            return None  # no list of posts, or an empty one ("documents": []): small
        for line in handle:
            if line.startswith(_DOCUMENTS_CLOSE):
                tail = line + handle.read()
                break
            try:
                document = orjson.loads(line.rstrip(b",\r\n"))
            except orjson.JSONDecodeError:
                return None  # not one post a line
            parts.append(baseline_part(document))
        else:
            return None  # the list never closes
    try:
        record = orjson.loads(b"".join(head) + tail)
    except orjson.JSONDecodeError:
        return None  # let the json module read it, or say why not
    if not isinstance(record, dict):
        return None
    record["documents"] = parts
    return record


def baseline_part(document: dict[str, Any]) -> dict[str, Any]:
    """The part of a post's record that :func:`compare` reads from the baseline."""
    return {
        "id": document["id"],
        "status": document["status"],
        "metrics": {key: document["metrics"].get(key) for key, _ in MEASURES},
        "jargon": {"density": (document.get("jargon") or {}).get("density")},
        "coverage": {"score": (document.get("coverage") or {}).get("score")},
        "sections": [{"id": section["id"],
                      "metrics": {"consensus_grade": section["metrics"]["consensus_grade"]}}
                     for section in document["sections"]],
    }


def _values(document: dict[str, Any]) -> dict[str, Any]:
    metrics = document["metrics"]
    values = {key: metrics.get(key) for key, _ in MEASURES}
    values["jargon_density"] = (document.get("jargon") or {}).get("density")
    values["coverage_score"] = (document.get("coverage") or {}).get("score")
    values["status"] = document["status"]
    return values


def compare(record: dict[str, Any], baseline: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per post: its values before and after, and its changed sections."""
    before = {d["id"]: d for d in baseline["documents"]}
    after = {d["id"]: d for d in record["documents"]}
    changes = []
    for post_id in sorted(before.keys() | after.keys()):
        old, new = before.get(post_id), after.get(post_id)
        entry: dict[str, Any] = {"id": post_id,
                                 "change": "added" if old is None else
                                 "removed" if new is None else "compared",
                                 "before": None if old is None else _values(old),
                                 "after": None if new is None else _values(new),
                                 "sections": []}
        if old is not None and new is not None:
            old_sections = {s["id"]: s for s in old["sections"]}
            for section in new["sections"]:
                previous = old_sections.get(section["id"])
                grade = section["metrics"]["consensus_grade"]
                old_grade = None if previous is None else previous["metrics"]["consensus_grade"]
                if previous is None or old_grade != grade:
                    entry["sections"].append({"id": section["id"], "heading": section["heading"],
                                              "before": old_grade, "after": grade})
        changes.append(entry)
    return changes


def _fmt(value: Any) -> str:
    """A number as the reports show it (one decimal, a dash for none); text as is."""
    return value if isinstance(value, str) else fmt_number(value)


#: Up to this many unchanged posts are listed one by one; beyond, they are counted: a
#: large blog's comparison lists what changed, not thousands of "no change" lines.
UNCHANGED_LISTED = 10


def is_unchanged(entry: dict[str, Any]) -> bool:
    """Whether a post compared with its baseline kept its grade, reading ease, status
    and every section's grade."""
    if entry["change"] != "compared" or entry["sections"]:
        return False
    old, new = entry["before"], entry["after"]
    return all(old[key] == new[key] for key, _ in MEASURES) and old["status"] == new["status"]


def listed_changes(changes: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The entries to list, and how many unchanged posts are counted instead of listed
    (none when at most :data:`UNCHANGED_LISTED` are unchanged: then all are listed)."""
    same = [is_unchanged(entry) for entry in changes]
    counted = sum(same)
    if counted <= UNCHANGED_LISTED:
        return changes, 0
    return [entry for entry, kept in zip(changes, same) if not kept], counted


def format_changes(changes: list[dict[str, Any]]) -> list[str]:
    """Lines such as ``guide: grade 15.6 to 9.1, reading ease 30.2 to 61.0, fail to pass``;
    unchanged posts beyond :data:`UNCHANGED_LISTED` are counted on one line."""
    lines = []
    listed, counted = listed_changes(changes)
    for entry in listed:
        if entry["change"] != "compared":
            lines.append(f"  {entry['id']}: {entry['change']}")
            continue
        old, new = entry["before"], entry["after"]
        parts = [f"{label} {_fmt(old[key])} to {_fmt(new[key])}" for key, label in MEASURES
                 if old[key] != new[key]]
        if old["status"] != new["status"]:
            parts.append(f"status {old['status']} to {new['status']}")
        sections = len(entry["sections"])
        if sections:
            parts.append(f"{sections} section{'s' if sections > 1 else ''} changed")
        lines.append(f"  {entry['id']}: " + (", ".join(parts) if parts else "no change"))
    if counted:
        lines.append(f"  {counted:,} {'other ' if listed else ''}posts: no change")
    return lines
