"""Render audit records: the JSON file and the plain-text summary the CLI prints.

Rendering only: every number comes from the record built by ``pipeline.py``.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

#: Decimal places kept for floats in audit.json (a presentation choice: values are
#: computed unrounded, and four places keep diffs readable and stable).
JSON_DECIMALS = 4


#: Leaf types that ``rounded`` returns as they are (checked by exact type, for speed).
_KEPT = frozenset({str, int, bool, type(None)})


def _rounded_float(value: float) -> float:
    """``value`` to :data:`JSON_DECIMALS` places; never "-0.0", NaN or infinite."""
    if not math.isfinite(value):
        raise ValueError(f"non-finite number in audit output: {value}")
    value = round(value, JSON_DECIMALS)
    return 0.0 if value == 0 else value  # no "-0.0" in output


def rounded(value: Any) -> Any:
    """Round floats (recursively) for output; reject NaN and infinities.

    Returns a new value (tuples become lists, as in JSON); the input is not changed.
    Leaves are tested by exact type before any call, because a post's record holds
    thousands of them.
    """
    kind = type(value)
    if kind is dict:
        return {key: item if type(item) in _KEPT else rounded(item)
                for key, item in value.items()}
    if kind is list or kind is tuple:
        return [item if type(item) in _KEPT else rounded(item) for item in value]
    if isinstance(value, float):
        return _rounded_float(value)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(item) for item in value]
    return value


def round_in_place(record: dict[str, Any]) -> dict[str, Any]:
    """Round the floats of ``record`` where they are, and return it.

    The same values as :func:`rounded`, for a record nobody else holds (the batch
    worker's): rebuilding every dict and list of a post's record costs more than
    the rest of its JSON output.
    """
    stack: list[Any] = [record]
    while stack:
        container = stack.pop()
        pairs = container.items() if type(container) is dict else enumerate(container)
        for key, item in pairs:
            kind = type(item)
            if kind in _KEPT:
                continue
            if kind is dict or kind is list:
                stack.append(item)
            elif kind is float:
                container[key] = _rounded_float(item)
            else:
                container[key] = rounded(item)
    return record


#: Stands in for the documents list while the rest of a record is indented.
_DOCUMENTS_SLOT = "\x00documents\x00"
#: Indentation of a document line inside audit.json's ``documents`` list.
DOCUMENT_INDENT = "    "


def document_json(document: dict[str, Any]) -> str:
    """One document record, already rounded, as one line of compact JSON.

    audit.json keeps its run header indented for people, and writes each document on
    one line: diffs stay per post, and compact JSON is written by the json module's
    C encoder, several times faster than its indenting one.
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dumps(record: dict[str, Any]) -> str:
    """Serialise a record deterministically (same input, same bytes).

    Indented with two spaces, except that each entry of a ``documents`` list is one
    line of compact JSON (:func:`document_json`).
    """
    record = rounded(record)
    documents = record.get("documents")
    if not isinstance(documents, list) or not documents:
        return json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    head = json.dumps({**record, "documents": _DOCUMENTS_SLOT}, ensure_ascii=False, indent=2,
                      allow_nan=False)
    lines = ",\n".join(DOCUMENT_INDENT + document_json(document) for document in documents)
    slot = json.dumps(_DOCUMENTS_SLOT)
    return head.replace(slot, "[\n" + lines + "\n  ]", 1) + "\n"


def write_json(record: dict[str, Any], target: Path) -> None:
    """Write ``record`` to ``target`` as UTF-8 JSON."""
    target.write_text(dumps(record), encoding="utf-8")


def fmt_grade(value: float | None) -> str:
    """A grade or score with one decimal, or an en dash when undefined."""
    return "\u2013" if value is None else f"{value:.1f}"


def skipped_line(path: str, reason: str, severity: str) -> str:
    """One line for a file not audited: ``ERROR`` for a broken file, ``skip`` otherwise."""
    return f"  {'ERROR' if severity == 'error' else 'skip '} {path}: {reason}"


def format_summary(record: dict[str, Any], target: Path) -> str:
    """The text the CLI prints after a run: one line per post, then skips and the paths."""
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
        lines += [skipped_line(s["path"], s["reason"], s["severity"]) for s in skipped]
    lines += ["", f"Report: {target / 'index.html'}",
              f"Data:   {target / 'audit.json'} (one page per post in {target / 'posts'})"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# HTML reports
# ---------------------------------------------------------------------------

#: Posts per page of the corpus report (a 10,000-post blog pages, never one huge table).
PAGE_SIZE = 100
_SAFE_URL_PREFIXES = ("https://", "http://")


def fmt_number(value: float | int | None) -> str:
    """One decimal for floats, thousands separators for integers, a dash for None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "\u2013"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.1f}"


def fmt_percent(value: float | None) -> str:
    """A share in [0, 1] as a percentage with one decimal."""
    return "\u2013" if value is None else f"{100 * value:.1f}%"


def fmt_per_hundred(value: float | None) -> str:
    """A rate per word as a rate per 100 words, one decimal."""
    return "\u2013" if value is None else f"{100 * value:.1f}"


def fmt_cell(value: Any) -> str:
    """Any table cell as text (None and NaN as a dash)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "\u2013"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def css_class(value: Any) -> str:
    """A status word as a CSS class name (``n/a`` -> ``na``)."""
    return "".join(ch for ch in str(value).lower() if ch.isalnum())


def check_value(check: dict[str, Any]) -> str:
    """A check's value, as a percentage for shares."""
    if check["id"].endswith("_share"):
        return fmt_percent(check["value"])
    return fmt_number(check["value"])


def check_target(check: dict[str, Any]) -> str:
    """The bounds of a check in words ("at most 8; fail above 10")."""
    bounds = check["threshold"]
    share = check["id"].endswith("_share")
    show = (lambda v: f"{100 * v:g}%") if share else (lambda v: f"{v:g}")
    if "pass_max" in bounds:
        text = f"at most {show(bounds['pass_max'])}"
        if "fail_above" in bounds:
            text += f"; fails above {show(bounds['fail_above'])}"
        return text
    text = f"at least {show(bounds['pass_min'])}"
    if "fail_below" in bounds:
        text += f"; fails below {show(bounds['fail_below'])}"
    return text


@cache
def _environment() -> jinja2.Environment:
    """The one Jinja environment: autoescape on, strict about undefined names."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("audit", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(fmt_number=fmt_number, fmt_percent=fmt_percent,
                               fmt_per_hundred=fmt_per_hundred,
                               fmt_cell=fmt_cell, css_class=css_class,
                               check_value=check_value, check_target=check_target)
    return environment


def _css() -> str:
    return (resources.files("audit") / "templates" / "style.css").read_text(encoding="utf-8")


def _table(frame: Any) -> dict[str, Any]:
    """A DataFrame as plain columns and rows for the templates."""
    columns = [str(column) for column in frame.columns]
    rows = []
    for values in frame.itertuples(index=False, name=None):
        rows.append({column: (None if _is_missing(value) else _plain(value))
                     for column, value in zip(columns, values)})
    return {"columns": columns, "rows": rows}


def _is_missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """numpy scalars to Python numbers (so ``is number`` works in templates)."""
    return value.item() if hasattr(value, "item") else value


def _grade_target(record: dict[str, Any]) -> str:
    bound = record["profile"].get("checks", {}).get("consensus_grade", {}).get("pass_max")
    return "\u2013" if bound is None else f"grade {bound:g} or below"


def _blog_name(record: dict[str, Any]) -> str:
    names = sorted({d.get("blog") for d in record["documents"] if d.get("blog")})
    return names[0] if len(names) == 1 else record["corpus"]["root"]


def page_name(number: int) -> str:
    """File name of page ``number`` of the corpus report."""
    return "index.html" if number == 1 else f"index-{number}.html"


def render_index_pages(record: dict[str, Any]) -> list[str]:
    """The corpus report: scorecard pages, charts, fixes and skipped files."""
    from . import figures, tables

    scorecard = tables.scorecard(record)
    pages = max(1, math.ceil(len(scorecard) / PAGE_SIZE))
    charts = [
        {"svg": figures.to_svg(figures.grade_by_post(record)),
         "caption": "Consensus reading grade of each post; the dashed line is the target."},
        {"svg": figures.to_svg(figures.jargon_by_post(record)),
         "caption": "Share of words that are medical jargon in each post."},
        {"svg": figures.to_svg(figures.coverage_heatmap(record)),
         "caption": "Required topics by post: green covered, amber weak, red missing."},
    ]
    statuses = [d["status"] for d in record["documents"]]
    context = {
        "record": record, "css": _css(), "blog": _blog_name(record),
        "counts": {status: statuses.count(status) for status in ("fail", "warn", "pass")},
        "samples": sum(1 for d in record["documents"] if d["sample"]),
        "grade_target": _grade_target(record), "charts": charts,
        "fixes": _table(tables.fixes(record)), "pages": pages, "page_name": page_name,
        "changes": _table(tables.baseline_changes(record)),
        "post_links": {d["id"]: f"posts/{d['id']}.html" for d in record["documents"]},
    }
    template = _environment().get_template("index.html.j2")
    out = []
    for page in range(1, pages + 1):
        chunk = scorecard.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        out.append(template.render(**context, page=page, scorecard=_table(chunk)))
    return out


def section_bars(record: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """Bar-chart data for the grade of each section, drawn in HTML and CSS.

    Post pages draw this chart without matplotlib, so that 10,000 post pages render in
    seconds; the notebooks draw the same chart with ``figures.grade_by_section``.
    """
    target = record["profile"].get("checks", {}).get("consensus_grade", {}).get("pass_max")
    grades = [s["metrics"]["consensus_grade"] for s in document["sections"]]
    scale = max([g for g in grades if g is not None] + [target or 0, 1]) * 1.1
    bars = []
    for section, grade in zip(document["sections"], grades):
        check = next((c for c in section["checks"] if c["id"] == "consensus_grade"), None)
        bars.append({"name": section["heading"] or f"({section['kind']})",
                     "grade": grade, "width": 0 if grade is None else round(100 * grade / scale, 2),
                     "status": check["status"] if check else "n/a",
                     "reliable": section["reliable"]})
    return {"bars": bars, "target": target,
            "target_at": None if target is None else round(100 * target / scale, 2)}


def render_post(record: dict[str, Any], document: dict[str, Any]) -> str:
    """The report of one post."""
    from . import tables

    url = document.get("url") or ""
    context = {
        "record": record, "document": document, "css": _css(),
        "grade_target": _grade_target(record),
        "safe_url": url if url.startswith(_SAFE_URL_PREFIXES) else "",
        "formulas": _table(tables.formula_table(document)),
        "sections": _table(tables.section_table(document)),
        "section_chart": section_bars(record, document),
        "hardest": _table(tables.hardest_sentences(document)),
        "jargon": _table(tables.jargon_terms(document)),
        "coverage": _table(tables.coverage_topics(document)),
        "grid": _table(tables.options_grid(document)),
        "checklist": _table(tables.checklist(document)),
        "section_names": {s["id"]: s["heading"] or f"({s['kind']})"
                          for s in document["sections"]},
    }
    return _environment().get_template("post.html.j2").render(**context)


def write_reports(record: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write an in-memory record: audit.json, one page per post, and the corpus pages."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(record, out_dir / "audit.json")
    posts = out_dir / "posts"
    posts.mkdir(exist_ok=True)
    written = [out_dir / "audit.json"]
    for document in record["documents"]:
        target = posts / f"{document['id']}.html"
        target.write_text(render_post(record, rounded(document)), encoding="utf-8")
        written.append(target)
    return written + write_corpus_pages(record, out_dir)


def write_corpus_pages(record: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write scorecard.csv, the corpus pages and the README of the reports folder.

    ``record["documents"]`` may hold full records or their summaries
    (``tables.summarize``): the corpus pages read nothing else.
    """
    from . import tables

    written = []
    csv = out_dir / "scorecard.csv"
    tables.scorecard(record).to_csv(csv, index=False, lineterminator="\n")
    written.append(csv)
    for number, html in enumerate(render_index_pages(record), start=1):
        target = out_dir / page_name(number)
        target.write_text(html, encoding="utf-8")
        written.append(target)
    readme = out_dir / "README.md"
    readme.write_text(REPORTS_README, encoding="utf-8")
    written.append(readme)
    return written


REPORTS_README = """\
# reports/

Generated by `make audit` (or `content-audit run corpus --out reports`); never edit
these files by hand, and do not commit them (only this README is committed).

| file | what it is |
|---|---|
| `index.html` | the corpus report: scorecard (worst first), charts, fixes ranked by impact, files not audited; large blogs page on to `index-2.html`, ... |
| `posts/<slug>.html` | one page per post: checks, every formula, sections, hardest sentences, jargon, required topics, treatment-option grid, plain-language checklist, all findings |
| `audit.json` | every score, check and finding, per post, section and sentence (schema: `src/audit/schema/audit.schema.json`) |
| `scorecard.csv` | the scorecard as a spreadsheet |

The HTML pages are self-contained: no script, no remote file, charts drawn inline. They
open offline from an e-mail attachment. Every page and `audit.json` record the tool,
textstat, rules and profile versions, so a change in a number always has a visible cause.
"""
