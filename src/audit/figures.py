"""Charts for editors, drawn from ``audit.json`` records with matplotlib.

Each function returns a ``Figure``; notebooks display it, the HTML reports embed it
as inline SVG (``to_svg``), so a report needs no image files and no network.
"""

from __future__ import annotations

import io
import re
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Patch

#: Charts show at most this many posts (the highest values); a title says so.
MAX_BARS = 40
STATUS_COLOURS = {"pass": "#2e7d32", "warn": "#f9a825", "fail": "#c62828", "n/a": "#9e9e9e"}
COVERAGE_VALUES = {"covered": 2, "weak": 1, "missing": 0}


def _target(record: dict[str, Any], check_id: str, bound: str) -> float | None:
    return record["profile"].get("checks", {}).get(check_id, {}).get(bound)


def _label(document: dict[str, Any]) -> str:
    title = document["title"]
    short = title if len(title) <= 42 else title[:40] + "\u2026"
    return short + (" (sample)" if document["sample"] else "")


def grade_by_post(record: dict[str, Any]) -> Figure:
    """Consensus grade of each post against the profile's target."""
    documents = sorted(record["documents"],
                       key=lambda d: (d["metrics"]["consensus_grade"] or 0, d["id"]))
    total = len(documents)
    documents = documents[-MAX_BARS:]
    figure = Figure(figsize=(8, 0.45 * len(documents) + 1.4), layout="constrained")
    axes = figure.subplots()
    grades = [d["metrics"]["consensus_grade"] or 0 for d in documents]
    colours = [STATUS_COLOURS[_status(d, "consensus_grade")] for d in documents]
    # numeric positions: two posts may share a title
    axes.barh(range(len(documents)), grades, color=colours)
    axes.set_yticks(range(len(documents)), [_label(d) for d in documents])
    target = _target(record, "consensus_grade", "pass_max")
    if target is not None:
        axes.axvline(target, color="#1a237e", linestyle="--", linewidth=1.5,
                     label=f"target: grade {target:g} or below")
        axes.legend(loc="lower right", fontsize=8)
    for index, grade in enumerate(grades):
        axes.text(grade, index, f" {grade:.1f}", va="center", fontsize=8)
    axes.set_xlabel("Consensus reading grade (US school grade)")
    axes.set_xlim(0, max(grades + [target or 0]) * 1.15 + 1)
    axes.set_title("Reading grade by post" + _shown(len(documents), total))
    return figure


def jargon_by_post(record: dict[str, Any]) -> Figure:
    """Jargon density (% of words) of each post."""
    documents = sorted(record["documents"],
                       key=lambda d: ((d.get("jargon") or {}).get("density") or 0, d["id"]))
    total = len(documents)
    documents = documents[-MAX_BARS:]
    figure = Figure(figsize=(8, 0.45 * len(documents) + 1.4), layout="constrained")
    axes = figure.subplots()
    values = [100 * ((d.get("jargon") or {}).get("density") or 0) for d in documents]
    axes.barh(range(len(documents)), values, color="#6a1b9a")
    axes.set_yticks(range(len(documents)), [_label(d) for d in documents])
    for index, value in enumerate(values):
        axes.text(value, index, f" {value:.1f}%", va="center", fontsize=8)
    axes.set_xlabel("Medical jargon: terms per 100 words")
    axes.set_xlim(0, max(values + [1]) * 1.2)
    axes.set_title("Jargon density by post" + _shown(len(documents), total))
    return figure


def coverage_heatmap(record: dict[str, Any]) -> Figure:
    """Posts by required topics: covered, weak, missing (blank: not required)."""
    documents = [d for d in record["documents"] if (d.get("coverage") or {}).get("topics")]
    total = len(documents)
    documents = sorted(documents, key=lambda d: (d["coverage"]["score"] or 0, d["id"]))[:MAX_BARS]
    labels: list[str] = []
    for document in documents:
        for topic in document["coverage"]["topics"]:
            if topic["label"] not in labels:
                labels.append(topic["label"])
    figure = Figure(figsize=(max(8, 0.42 * len(labels) + 3), 0.45 * len(documents) + 3),
                    layout="constrained")
    axes = figure.subplots()
    if not documents:
        axes.text(0.5, 0.5, "No post declares a content type with required topics",
                  ha="center", va="center")
        axes.set_axis_off()
        return figure
    import numpy as np
    from matplotlib.colors import ListedColormap

    grid = np.full((len(documents), len(labels)), np.nan)
    for row, document in enumerate(documents):
        for topic in document["coverage"]["topics"]:
            grid[row, labels.index(topic["label"])] = COVERAGE_VALUES.get(topic["status"], np.nan)
    colours = ListedColormap([STATUS_COLOURS["fail"], STATUS_COLOURS["warn"],
                              STATUS_COLOURS["pass"]])
    axes.imshow(np.ma.masked_invalid(grid), cmap=colours, vmin=-0.5, vmax=2.5, aspect="auto")
    axes.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=8)
    axes.set_yticks(range(len(documents)), [_label(d) for d in documents], fontsize=8)
    axes.legend(handles=[Patch(color=STATUS_COLOURS["pass"], label="covered"),
                         Patch(color=STATUS_COLOURS["warn"], label="weak"),
                         Patch(color=STATUS_COLOURS["fail"], label="missing")],
                loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    axes.set_title("Required topics by post (blank: not required)" + _shown(len(documents), total,
                                                                              "lowest"))
    return figure


def grade_by_section(record: dict[str, Any], document: dict[str, Any]) -> Figure:
    """Consensus grade of each section against the target band; short sections hatched."""
    sections = document["sections"]
    figure = Figure(figsize=(8, 0.5 * len(sections) + 1.6), layout="constrained")
    axes = figure.subplots()
    names = [(s["heading"] or f"({s['kind']})")[:48] for s in sections][::-1]
    grades = [s["metrics"]["consensus_grade"] or 0 for s in sections][::-1]
    colours = [STATUS_COLOURS[_status(s, "consensus_grade")] for s in sections][::-1]
    hatches = ["" if s["reliable"] else "//" for s in sections][::-1]
    bars = axes.barh(range(len(sections)), grades, color=colours)
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    axes.set_yticks(range(len(sections)), names)
    target = _target(record, "consensus_grade", "pass_max")
    if target is not None:
        axes.axvspan(0, target, color="#c8e6c9", alpha=0.5, zorder=0,
                     label=f"target band: grade {target:g} or below")
        axes.legend(loc="lower right", fontsize=8)
    for index, grade in enumerate(grades):
        axes.text(grade, index, f" {grade:.1f}", va="center", fontsize=8)
    axes.set_xlim(0, max(grades + [target or 0]) * 1.15 + 1)
    axes.set_xlabel("Consensus reading grade (hatched: too short to be reliable)")
    axes.set_title("Reading grade by section")
    return figure


def _shown(shown: int, total: int, which: str = "highest") -> str:
    """A title suffix when a chart shows only part of the posts."""
    return "" if shown == total else f"\n({shown} {which} of {total} posts)"


def _status(record: dict[str, Any], check_id: str) -> str:
    check = next((c for c in record["checks"] if c["id"] == check_id), None)
    return check["status"] if check else "n/a"


def to_svg(figure: Figure) -> str:
    """Render ``figure`` as inline SVG markup, deterministic (no date, fixed ids).

    Text is drawn as paths, so no article text (a post title, say) reaches the markup
    as text that a browser could interpret.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "content-audit", "svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    # matplotlib writes each text as an XML comment beside its paths: drop them all,
    # so no article text (a title, say) reaches the page, not even in a comment.
    return _COMMENT.sub("", svg[svg.index("<svg"):])


_COMMENT = re.compile(r"<!--.*?-->", re.S)
