"""Render audit records: the JSON file and the plain-text summary the CLI prints.

Rendering only: every number comes from the record built by ``pipeline.py``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import orjson
from markupsafe import Markup, escape

# the parts built in Python loops are in compiled modules (report_html, rounding)
from . import apart
from .baseline import listed_changes
from .report_html import (_bar_rows, _check_rows, _finding_rows, _framed, _table, badge,
                          check_target, check_value, css_class, fmt_cell, fmt_number,
                          fmt_per_hundred, fmt_percent, frame, section_bars)
from .rounding import rounded

#: Stands in for the documents list while the rest of a record is indented.
_DOCUMENTS_SLOT = "\x00documents\x00"
#: Indentation of a document line inside audit.json's ``documents`` list.
DOCUMENT_INDENT = "    "


#: orjson hands anything but plain JSON values (a dataclass, a ``str`` subclass, a
#: date) to its ``default``, which is not set: it raises, and the json module decides.
_ORJSON_PLAIN = (orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
                 | orjson.OPT_PASSTHROUGH_SUBCLASS)


def document_json_bytes(document: dict[str, Any]) -> bytes:
    """One document record, already rounded, as one line of compact JSON in UTF-8.

    The bytes are exactly :func:`document_json`'s text in UTF-8, written by orjson,
    about seven times faster than the json module for a post's hundred-kilobyte record.
    Whatever orjson refuses (an integer beyond 64 bits, a lone surrogate, a key that is
    not a string, a value that is not plain JSON) goes to the json module, which writes
    it or raises as it always did. Two differences never reach it from a rounded
    record (:func:`rounded`): orjson writes NaN and infinities as ``null`` (rounding
    refuses them) and floats below 1e-4 without an exponent (rounding leaves 0.0
    there). ``tests/test_report_json.py`` pins the equality.
    """
    try:
        return orjson.dumps(document, option=_ORJSON_PLAIN)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _compact_json(document).encode("utf-8")


def document_json(document: dict[str, Any]) -> str:
    """One document record, already rounded, as one line of compact JSON.

    audit.json keeps its run header indented for people, and writes each document on
    one line: diffs stay per post, and compact JSON is fast to write
    (:func:`document_json_bytes`).
    """
    try:
        return orjson.dumps(document, option=_ORJSON_PLAIN).decode("utf-8")
    except TypeError:
        return _compact_json(document)


def _compact_json(document: dict[str, Any]) -> str:
    """The json module's compact form of a record (the rule orjson's output equals)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def around_documents(record: dict[str, Any]) -> tuple[str, str]:
    """Return the JSON text of ``record`` before and after its ``documents`` list.

    ``record`` (rounded) is indented with two spaces; the list itself is left out, so
    that the caller can write its entries in between: ``[`` and ``]`` for an empty
    list, else one :func:`document_json` line per entry (:func:`dumps`, and the
    batch run, which streams them).
    """
    text = json.dumps({**record, "documents": _DOCUMENTS_SLOT}, ensure_ascii=False,
                      indent=2, allow_nan=False)
    before, after = text.split(json.dumps(_DOCUMENTS_SLOT), 1)
    return before, after + "\n"


def document_lines(texts: list[str]) -> str:
    """The ``documents`` list of audit.json, given each entry's :func:`document_json`."""
    if not texts:
        return "[]"
    return "[\n" + ",\n".join(DOCUMENT_INDENT + text for text in texts) + "\n  ]"


def dumps(record: dict[str, Any]) -> str:
    """Serialise a record deterministically (same input, same bytes).

    Indented with two spaces, except that each entry of a ``documents`` list is one
    line of compact JSON (:func:`document_json`).
    """
    record = rounded(record)
    if not isinstance(record.get("documents"), list):
        return json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    before, after = around_documents(record)
    return before + document_lines([document_json(d) for d in record["documents"]]) + after


def write_json(record: dict[str, Any], target: Path) -> None:
    """Write ``record`` to ``target`` as UTF-8 JSON."""
    target.write_text(dumps(record), encoding="utf-8")


def fmt_grade(value: float | None) -> str:
    """A grade or score with one decimal, or an en dash when undefined."""
    return "\u2013" if value is None else f"{value:.1f}"


def skipped_line(path: str, reason: str, severity: str) -> str:
    """One line for a file not audited: ``ERROR`` for a broken file, ``skip`` otherwise."""
    return f"  {'ERROR' if severity == 'error' else 'skip '} {path}: {reason}"


#: Files not audited for one same reason are listed one by one up to this many; beyond,
#: the first three are named and the rest counted: a folder that also holds 3,000
#: images gets one line for them, not 3,000 (audit.json still lists every file).
SKIPS_LISTED = 10


def skipped_rows(skipped: Iterable[dict[str, str]]) -> list[tuple[str, str, str]]:
    """The (file, reason, severity) rows shown for files not audited (records with
    ``path``, ``reason`` and ``severity``), in order: one per file, or one per reason
    shared by more than :data:`SKIPS_LISTED` files, at the place of its first file
    ("a.png, b.png, c.png and 2,997 more")."""
    items = [(s["path"], s["reason"], s["severity"]) for s in skipped]
    paths_of: dict[tuple[str, str], list[str]] = {}
    for path, reason, severity in items:
        paths_of.setdefault((reason, severity), []).append(path)
    rows: list[tuple[str, str, str]] = []
    for path, reason, severity in items:
        paths = paths_of.get((reason, severity))
        if paths is None:
            continue  # a counted group, shown at its first file
        if len(paths) <= SKIPS_LISTED:
            rows.append((path, reason, severity))
        else:
            rows.append((f"{', '.join(paths[:3])} and {len(paths) - 3:,} more", reason,
                         severity))
            del paths_of[reason, severity]
    return rows


#: The run summary lists this many posts, hardest first; a larger blog's others are
#: counted on one line (10,000 lines would push the report's path out of sight).
SUMMARY_LISTED = 50


def format_summary(record: dict[str, Any], target: Path) -> str:
    """The text the CLI prints after a run: one line per post (the
    :data:`SUMMARY_LISTED` hardest of a larger blog), then skips and the paths."""
    lines = [f"Audited {record['corpus']['documents']} posts with profile "
             f"'{record['profile']['name']}' ({record['profile']['label']}).", ""]
    header = f"{'status':6}  {'grade':>5}  {'spread':>6}  {'FRE':>5}  {'words':>5}  post"
    lines.append(header)
    rows = sorted(record["documents"], key=lambda d: -(d["metrics"]["consensus_grade"] or 0))
    for document in rows[:SUMMARY_LISTED]:
        metrics = document["metrics"]
        flags = "  (sample)" if document["sample"] else ""
        flags += "  (draft)" if document["draft"] else ""
        lines.append(f"{document['status']:6}  {fmt_grade(metrics['consensus_grade']):>5}  "
                     f"{fmt_grade(metrics['grade_spread']):>6}  "
                     f"{fmt_grade(metrics['flesch_reading_ease']):>5}  "
                     f"{document['counts']['words']:>5}  {document['id']}{flags}")
    if len(rows) > SUMMARY_LISTED:
        lines.append(f"... and {len(rows) - SUMMARY_LISTED:,} more posts with lower grades: "
                     "every post is in the report")
    skipped = record["corpus"]["skipped"]
    if skipped:
        lines += ["", "Not audited:"]
        lines += [skipped_line(*row) for row in skipped_rows(skipped)]
    lines += ["", f"Report: {target / 'index.html'}",
              f"Data:   {target / 'audit.json'} (one page per post in {target / 'posts'})"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# HTML reports
# ---------------------------------------------------------------------------

#: Posts per page of the corpus report (a 10,000-post blog pages, never one huge table).
PAGE_SIZE = 100
_SAFE_URL_PREFIXES = ("https://", "http://")


#: Names that ``record.name`` finds on any dict as an attribute (``get``, ``items``...).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, with a quicker ``record.key`` on the audit records (dicts).

    Jinja tries ``getattr(record, "key")`` first and falls back to ``record["key"]``;
    on a dict that raises and catches an AttributeError per lookup, about ten times the
    cost of the item lookup, and a page does dozens. For a plain dict and a name that
    is no dict attribute, the getattr always fails, so looking up the item directly
    gives the same result.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@cache
def _environment() -> jinja2.Environment:
    """The one Jinja environment: autoescape on, strict about undefined names.

    Cached, so each process compiles the templates once (Jinja also caches them).
    """
    environment = _Environment(
        loader=jinja2.PackageLoader("audit", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False)  # package templates do not change in a run: no stat per page
    environment.filters.update(fmt_number=fmt_number, fmt_percent=fmt_percent,
                               fmt_per_hundred=fmt_per_hundred,
                               fmt_cell=fmt_cell, css_class=css_class,
                               check_value=check_value, check_target=check_target)
    environment.globals.update(badge=badge, frame=frame)
    return environment


@cache
def _css() -> Markup:
    """The style sheet, read once and escaped once (it goes into every page)."""
    text = (resources.files("audit") / "templates" / "style.css").read_text(encoding="utf-8")
    return escape(text)


def _grade_target(record: dict[str, Any]) -> str:
    bound = record["profile"].get("checks", {}).get("consensus_grade", {}).get("pass_max")
    return "\u2013" if bound is None else f"grade {bound:g} or below"


def _blog_name(record: dict[str, Any]) -> str:
    names = sorted({d.get("blog") for d in record["documents"] if d.get("blog")})
    return names[0] if len(names) == 1 else record["corpus"]["root"]


def page_name(number: int) -> str:
    """File name of page ``number`` of the corpus report."""
    return "index.html" if number == 1 else f"index-{number}.html"


#: The corpus report's charts, in order: the figure function of each and its caption.
CHARTS = (
    ("grade_by_post",
     "Consensus reading grade of each post; the dashed line is the target."),
    ("jargon_by_post", "Share of words that are medical jargon in each post."),
    ("coverage_heatmap",
     "Required topics by post: green covered, amber weak, red missing."),
)
#: From this many posts on, the charts are drawn in a second process while this one
#: builds the tables (both take about a second on a large blog); a small blog's charts
#: are drawn here, where starting a process would cost more than it saves.
CHARTS_APART_FROM = 500


def chart_svgs(record: dict[str, Any]) -> list[str]:
    """The SVG markup of each chart of :data:`CHARTS`, drawn in this process."""
    from . import figures

    return [figures.to_svg(getattr(figures, name)(record)) for name, _ in CHARTS]


def start_chart_svgs(record: dict[str, Any]) -> Callable[[], list[str]]:
    """Start drawing the charts; return a function that waits for their SVG markup.

    With :data:`CHARTS_APART_FROM` posts or more, a forked process draws them while the
    caller builds the rest (``apart.start``). The markup is the same either way.
    """
    return apart.start(chart_svgs, record,
                       apart=len(record["documents"]) >= CHARTS_APART_FROM)


def render_index_pages(record: dict[str, Any], scorecard: Any = None,
                       charts_svg: Callable[[], list[str]] | None = None) -> list[str]:
    """The corpus report: scorecard pages, charts, fixes and skipped files.

    ``scorecard`` is ``tables.scorecard(record)`` and ``charts_svg`` what
    :func:`start_chart_svgs` returned, when the caller has them already.
    """
    from . import tables

    if charts_svg is None:
        charts_svg = start_chart_svgs(record)
    if scorecard is None:
        scorecard = tables.scorecard(record)
    pages = max(1, math.ceil(len(scorecard) / PAGE_SIZE))
    listed, unchanged = listed_changes((record.get("baseline") or {}).get("changes", []))
    statuses = [d["status"] for d in record["documents"]]
    context = {
        "record": record, "css": _css(), "blog": _blog_name(record),
        "counts": {status: statuses.count(status) for status in ("fail", "warn", "pass")},
        "samples": sum(1 for d in record["documents"] if d["sample"]),
        "grade_target": _grade_target(record),
        "fixes": _table(tables.fixes(record)), "pages": pages, "page_name": page_name,
        "changes": _table(tables.baseline_changes(listed)), "unchanged": unchanged,
        "skipped": skipped_rows(record["corpus"]["skipped"]),
        "post_links": {d["id"]: f"posts/{d['id']}.html" for d in record["documents"]},
    }
    tables_html = [_table(scorecard.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
                   for page in range(1, pages + 1)]
    template = _environment().get_template("index.html.j2")
    # the charts are waited for last: everything above runs while they are drawn
    context["charts"] = [{"svg": svg, "caption": caption}
                         for svg, (_, caption) in zip(charts_svg(), CHARTS)]
    return [template.render(**context, page=page, scorecard=table)
            for page, table in enumerate(tables_html, start=1)]


def render_post(record: dict[str, Any], document: dict[str, Any]) -> str:
    """The report of one post."""
    from . import tables

    url = document.get("url") or ""
    section_names = {s["id"]: s["heading"] or f"({s['kind']})" for s in document["sections"]}
    chart = section_bars(record, document)
    # the tables are framed here rather than by ``frame(...)`` calls in the template:
    # each Jinja call goes through ``Context.call``, which costs more than a small table
    context = {
        "record": record, "document": document, "css": _css(),
        "grade_target": _grade_target(record),
        "safe_url": url if url.startswith(_SAFE_URL_PREFIXES) else "",
        "language": document.get("language"),
        "has_jargon": bool(document.get("jargon")),
        "has_coverage": bool(document.get("coverage")),
        "check_rows": _check_rows(document),
        "formulas": _framed(tables.formula_rows(document), tables.FORMULA_COLUMNS),
        "sections": _framed(tables.section_rows(document), tables.SECTION_COLUMNS,
                            badge_columns=("status",)),
        "section_chart": chart, "bar_rows": _bar_rows(chart),
        "hardest": _framed(tables.hardest_rows(document), tables.HARDEST_COLUMNS),
        "jargon": _framed(tables.jargon_rows(document), tables.JARGON_COLUMNS,
                          badge_columns=("explained",), optional=True),
        "coverage": _framed(tables.coverage_rows(document), tables.COVERAGE_COLUMNS,
                            badge_columns=("status",), optional=True),
        "grid": _framed(tables.options_rows(document), tables.OPTIONS_COLUMNS,
                        optional=True),
        "checklist": _framed(tables.checklist_rows(document), tables.CHECKLIST_COLUMNS,
                             badge_columns=("result",), optional=True),
        "finding_rows": _finding_rows(document, section_names),
    }
    return _environment().get_template("post.html.j2").render(context)


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

    charts_svg = start_chart_svgs(record)  # first: drawn while the rest is built
    written = []
    csv = out_dir / "scorecard.csv"
    scorecard = tables.scorecard(record)
    scorecard.to_csv(csv, index=False, lineterminator="\n")
    written.append(csv)
    for number, html in enumerate(render_index_pages(record, scorecard, charts_svg),
                                  start=1):
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
| `audit.json` | every score, check and finding, per post, section and sentence; the run header is indented, then one line per post (schema: `src/audit/schema/audit.schema.json`) |
| `scorecard.csv` | the scorecard as a spreadsheet |

The HTML pages are self-contained: no script, no remote file, charts drawn inline. They
open offline from an e-mail attachment. Every page and `audit.json` record the tool,
textstat, rules and profile versions, so a change in a number always has a visible cause.
"""
