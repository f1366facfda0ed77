"""Render audit records: the JSON file and the plain-text summary the CLI prints.

Rendering only: every number comes from the record built by ``pipeline.py``.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from multiprocessing.connection import Connection
from numbers import Number
from pathlib import Path
from typing import Any

import jinja2
import orjson
from markupsafe import Markup, escape

from .model import Finding
from .readability import SentenceStats

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
    if isinstance(value, float):
        return _rounded_float(value)
    if isinstance(value, dict):
        return {key: item if type(item) in _KEPT else rounded(item)
                for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [item if type(item) in _KEPT else rounded(item) for item in value]
    return value


#: A finding's record (``Finding.to_dict``): its keys, and those that may hold a
#: float. The others hold strings, integers or None, and ``informed_by`` a list of
#: strings (``Finding``'s annotations, which ``tests/test_report_json.py`` checks).
_FINDING_KEYS = frozenset(Finding._fields)
_FINDING_FLOATS = ("value", "threshold")
#: A sentence's record (``pipeline._sentence_records``) holds no float: strings,
#: integers, booleans, None and the list of strings ``hard_words``.
_SENTENCE_KEYS = frozenset(SentenceStats._fields)


def round_in_place(record: dict[str, Any]) -> dict[str, Any]:
    """Round the floats of ``record`` where they are, and return it.

    The same values as :func:`rounded`, for a record nobody else holds (the batch
    worker's): rebuilding every dict and list of a post's record costs more than
    the rest of its JSON output. Half of a post's values lie in its findings and
    sentence records, whose shapes are known: a finding's floats can only be its
    ``value`` and ``threshold``, and a sentence record holds none, so a record of
    either shape under a ``findings`` or ``sentences`` list is not walked value by
    value (a record of any other shape is).
    """
    stack: list[Any] = [record]
    push = stack.append
    while stack:
        container = stack.pop()
        pairs = container.items() if type(container) is dict else enumerate(container)
        for key, item in pairs:
            kind = type(item)
            if kind in _KEPT:
                continue
            if kind is list and (key == "findings" or key == "sentences"):
                _round_known_records(item, push)
            elif kind is dict or kind is list:
                push(item)
            elif kind is float:
                container[key] = _rounded_float(item)
            else:
                container[key] = rounded(item)
    return record


def _round_known_records(records: list[Any], push: Callable[[Any], None]) -> None:
    """Round the floats of a list's finding records and skip its sentence records
    (they hold none); push its other items for :func:`round_in_place`'s walk."""
    for item in records:
        if type(item) is not dict:
            push(item)
        elif item.keys() == _FINDING_KEYS and type(item["informed_by"]) is list:
            for key in _FINDING_FLOATS:
                value = item[key]
                if type(value) is float:
                    item[key] = _rounded_float(value)
                elif type(value) not in _KEPT:
                    item[key] = rounded(value)
        elif not (item.keys() == _SENTENCE_KEYS and type(item["hard_words"]) is list):
            push(item)


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
    text = str(value).lower()
    if text.isalnum():  # the usual case ("pass", "fail"): nothing to drop
        return text
    return "".join(ch for ch in text if ch.isalnum())


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


# Tables are rendered in Python, not with a Jinja macro per cell: a post page has a few
# hundred cells, and a macro call, a filter and an ``is number`` test per cell were most
# of the time of a page. Every text still goes through ``markupsafe.escape`` (what
# autoescape calls; ``escape_texts`` batches the calls), so article text shows as text.
# tests/test_report_render.py holds the old macros and checks the bytes are the same.

#: Kinds of table column, for ``frame``: all text, all numbers, or anything else.
TEXT, NUMBER, MIXED = "text", "number", "mixed"


@dataclass(frozen=True, slots=True)
class Table:
    """A table for the templates: column names and one list of cell values per column.

    Values are plain Python (``None`` for a missing value), typed column by column as
    pandas types them (see ``_column``), so a table renders the same whether it was
    built from rows or from a DataFrame. ``kinds`` holds each column's kind (``TEXT``,
    ``NUMBER`` or ``MIXED``). ``len(table)`` is its number of rows, so ``{% if table %}``
    reads "has rows".
    """

    columns: list[str]
    values: list[list[Any]]
    kinds: list[str]
    length: int

    def __len__(self) -> int:
        return self.length


#: Columns holding only these types come back from pandas unchanged (text, booleans, None).
_KEPT_AS_THEY_ARE = frozenset({str, bool, type(None)})


def _column(values: Iterable[Any]) -> tuple[list[Any], str]:
    """One column's values as pandas gives them back from a DataFrame, and its kind.

    The values are those of ``pd.DataFrame(rows).itertuples()`` after the old
    ``_table`` cleaning: missing values (None, NaN) become None and numpy scalars
    Python numbers. A column of numbers alone becomes floats when it holds a float or
    a missing value (pandas' float64): a count of 3 beside a missing value shows as
    "3.0", as in the notebooks. Columns with text or booleans keep their values
    (pandas' object dtype).

    Returns
    -------
    tuple
        The values, and ``TEXT`` (all plain strings), ``NUMBER`` (all int or float)
        or ``MIXED`` (anything else, missing values included).
    """
    values = list(values)
    kinds = set(map(type, values))
    # the usual cases, decided at C speed
    if kinds == {str}:
        return values, TEXT
    if kinds == {int} or (kinds == {float} and not any(map(math.isnan, values))):
        return values, NUMBER
    if kinds <= _KEPT_AS_THEY_ARE:
        return values, MIXED
    out = []
    texts = 0
    missing = floats = other = False
    for value in values:
        kind = type(value)
        if kind is str:
            texts += 1
            other = True
        elif kind is int:
            pass
        elif kind is float:
            if value != value:  # NaN
                value, missing = None, True
            else:
                floats = True
        elif value is None:
            missing = True
        else:  # rare: booleans, numpy scalars and other types
            value = _plain(value)
            if _is_missing(value):
                value, missing = None, True
            elif isinstance(value, float):
                floats = True
            elif not isinstance(value, int) or isinstance(value, bool):
                other = True
        out.append(value)
    if not other:
        if missing:
            return [None if value is None else float(value) for value in out], MIXED
        return ([float(value) for value in out] if floats else out), NUMBER
    return out, (TEXT if texts == len(out) else MIXED)


def _make_table(columns: Iterable[Any], raw: Iterable[Iterable[Any]], length: int) -> Table:
    """A ``Table`` of ``length`` rows from column names and each column's raw values."""
    typed = [_column(values) for values in raw]
    return Table([str(column) for column in columns], [values for values, _ in typed],
                 [kind for _, kind in typed], length)


def _rows_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Table:
    """Row dicts (``tables.*_rows``) as a ``Table`` of ``columns``."""
    return _make_table(columns, ([row[column] for row in rows] for column in columns),
                       len(rows))


def _table(frame: Any) -> Table:
    """A DataFrame as a ``Table``."""
    return _make_table(frame.columns, (frame.iloc[:, index].tolist()
                                       for index in range(frame.shape[1])), len(frame))


def _is_missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """numpy scalars to Python numbers (so ``is number`` works in templates)."""
    return value.item() if hasattr(value, "item") else value


#: Joins the texts of a page part for one call to ``escape``: escaping leaves it alone,
#: and it does not occur in text (if it does, ``escape_texts`` notices and falls back).
_SEPARATOR = "\x00"


def escape_texts(values: Sequence[Any]) -> list[str]:
    """``str(markupsafe.escape(value))`` for each value, in one call to ``escape``.

    ``escape`` is what autoescape applies to ``{{ value }}``; calling it once per value
    was the largest cost of a page. Plain strings are joined with ``_SEPARATOR``,
    escaped together and split again, which gives the same text as escaping each one.
    A value that is not a plain string (None, a number, ``Markup``), or a text holding
    the separator (the split would not line up), makes this escape each value on its
    own.

    Parameters
    ----------
    values
        The values to show as text.

    Returns
    -------
    list of str
        The escaped texts, in order.
    """
    if not values:
        return []
    if set(map(type, values)) == {str}:
        escaped = str(escape(_SEPARATOR.join(values))).split(_SEPARATOR)
        if len(escaped) == len(values):
            return escaped
    return [str(escape(value)) for value in values]


def escape_lists(lists: Sequence[Sequence[Any]]) -> list[list[str]]:
    """``escape_texts`` of each list, in one call to ``escape`` for them all."""
    escaped = escape_texts([value for values in lists for value in values])
    out = []
    start = 0
    for values in lists:
        out.append(escaped[start:start + len(values)])
        start += len(values)
    return out


def _badge_html(value: Any, text: str) -> str:
    """A status word as a coloured badge, given its escaped ``text``."""
    return f'<span class="badge {css_class(value)}">{text}</span>'


def badge(value: Any) -> Markup:
    """A status word as a coloured badge (a template global)."""
    return Markup(_badge_html(value, escape(value)))


_DASH_CELL = "<td>\u2013</td>"


def _cell(value: Any) -> str:
    """One plain table cell: numbers right-aligned and formatted, anything else escaped."""
    if type(value) is str:
        return f"<td>{escape(value)}</td>"
    if value is None:
        return _DASH_CELL
    if type(value) is bool:
        return "<td>yes</td>" if value else "<td>no</td>"
    if isinstance(value, Number):
        # fmt_number writes digits, signs, separators and a dash only: nothing to escape
        return f'<td class="num">{fmt_number(value)}</td>'
    return f"<td>{escape(fmt_cell(value))}</td>"


def frame(table: Table, link_column: str | None = None, links: dict[str, str] | None = None,
          badge_columns: Sequence[str] = ()) -> Markup:
    """A ``Table`` as an HTML table, one line per cell (a template global).

    Cells are built column by column, by the column's kind, and all text of the table
    is escaped in one call (``escape_lists``).

    Parameters
    ----------
    table
        The table (``_rows_table`` or ``_table``).
    link_column, links
        Cells of ``link_column`` link to ``links[value]`` (when ``links`` is not empty).
    badge_columns
        Columns whose cells are badges. Other cells show numbers formatted
        (``fmt_number``) and anything else as escaped text (``fmt_cell``).

    Returns
    -------
    Markup
        The ``<table>`` element, without a final newline.
    """
    # first pass: how each column renders, and the texts to escape (headers first)
    modes = []
    texts: list[Sequence[Any]] = [table.columns]
    for column, values, kind in zip(table.columns, table.values, table.kinds):
        if column == link_column and links:
            modes.append("link")
            texts += [[links[value] for value in values], values]
        elif column in badge_columns:
            modes.append("badge")
            texts.append(values)
        else:
            modes.append(kind)
            if kind == TEXT:
                texts.append(values)
    escaped = iter(escape_lists(texts))
    head = "".join([f'<th scope="col">{text}</th>' for text in next(escaped)])
    columns = []
    for mode, values in zip(modes, table.values):
        if mode == "link":
            cells = [f'<td><a href="{href}">{text}</a></td>'
                     for href, text in zip(next(escaped), next(escaped))]
        elif mode == "badge":
            cells = [f"<td>{_badge_html(value, text)}</td>"
                     for value, text in zip(values, next(escaped))]
        elif mode == TEXT:
            cells = [f"<td>{text}</td>" for text in next(escaped)]
        elif mode == NUMBER:
            # all ints or all floats, none NaN (``_column``): fmt_number's format, chosen
            # once for the column; digits, signs and separators need no escaping
            spec = "," if values and type(values[0]) is int else ".1f"
            cells = [f'<td class="num">{value:{spec}}</td>' for value in values]
        else:
            cells = [_cell(value) for value in values]
        columns.append(cells)
    parts = [f"<table>\n  <thead><tr>{head}</tr></thead>\n  <tbody>\n"]
    parts += ["    <tr>\n      " + "\n      ".join(cells) + "\n    </tr>\n"
              for cells in zip(*columns)]
    parts.append("  </tbody>\n</table>")
    return Markup("".join(parts))


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


def _send_chart_svgs(record: dict[str, Any], sender: Connection) -> None:
    """The second process's work: draw the charts, send them (None if drawing failed:
    the first process then draws them itself, so that any error shows there)."""
    try:
        svgs: list[str] | None = chart_svgs(record)
    except Exception:  # noqa: BLE001 - reported by the first process's own drawing
        svgs = None
    sender.send(svgs)
    sender.close()


def start_chart_svgs(record: dict[str, Any]) -> Callable[[], list[str]]:
    """Start drawing the charts; return a function that waits for their SVG markup.

    With :data:`CHARTS_APART_FROM` posts or more, and where processes can fork (the
    child shares the record without copying it), a forked process draws them while the
    caller builds the rest; otherwise they are drawn before this returns. The markup is
    the same either way (``tests/test_report.py``).
    """
    if (len(record["documents"]) < CHARTS_APART_FROM
            or "fork" not in multiprocessing.get_all_start_methods()):
        svgs = chart_svgs(record)
        return lambda: svgs
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # the child would flush a copy of whatever the streams still hold
    sys.stdout.flush()
    sys.stderr.flush()
    process = context.Process(target=_send_chart_svgs, args=(record, sender), daemon=True)
    process.start()
    sender.close()

    def wait() -> list[str]:
        try:
            svgs = receiver.recv()
        except EOFError:  # the process died before sending
            svgs = None
        finally:
            receiver.close()
            process.join()
        return svgs if svgs is not None else chart_svgs(record)

    return wait


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
    statuses = [d["status"] for d in record["documents"]]
    context = {
        "record": record, "css": _css(), "blog": _blog_name(record),
        "counts": {status: statuses.count(status) for status in ("fail", "warn", "pass")},
        "samples": sum(1 for d in record["documents"] if d["sample"]),
        "grade_target": _grade_target(record),
        "fixes": _table(tables.fixes(record)), "pages": pages, "page_name": page_name,
        "changes": _table(tables.baseline_changes(record)),
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


# The repeated rows of a post page (checks, bars, findings) are built here rather than in
# Jinja loops, for speed; the page around them stays in ``post.html.j2``. Widths and
# formatted numbers are numbers, everything else is escaped.

def _check_rows(document: dict[str, Any]) -> Markup:
    """The rows of the whole-post checks table."""
    checks = document["checks"]
    labels, values, targets, statuses, sources = escape_lists([
        [check["label"] for check in checks], [check_value(check) for check in checks],
        [check_target(check) for check in checks], [check["status"] for check in checks],
        [check["source"] for check in checks]])
    return Markup("".join([
        f"<tr><td>{label}</td><td class=\"num\">{value}</td><td>{target}</td>"
        f"<td>{_badge_html(check['status'], status)}</td><td class=\"muted\">{source}</td>"
        "</tr>\n"
        for check, label, value, target, status, source
        in zip(checks, labels, values, targets, statuses, sources)]))


def _bar_rows(chart: dict[str, Any]) -> Markup:
    """The rows of the section bar chart (``section_bars``)."""
    target_at = chart["target_at"]
    target = ("" if target_at is None else
              f'<span class="bar-target" style="width: {target_at}%"></span>')
    bars = chart["bars"]
    # widths and grades are numbers: only the names need escaping
    return Markup("".join([
        f'  <div class="bar-row"><span class="bar-name">{name}</span>\n'
        f'  <span class="bar-track">{target}<span class="bar {css_class(bar["status"])}'
        f'{"" if bar["reliable"] else " unreliable"}" style="width: {bar["width"]}%"></span>'
        f'</span>\n  <span class="bar-value">{fmt_number(bar["grade"])}</span></div>\n'
        for bar, name in zip(bars, escape_texts([bar["name"] for bar in bars]))]))


def _finding_rows(document: dict[str, Any], section_names: dict[str, str]) -> Markup:
    """The rows of the all-findings table (``section_names``: section id to heading)."""
    findings = document["findings"]
    raw = {key: [finding[key] for finding in findings]
           for key in ("section", "severity", "message", "sentence", "suggestion")}
    names, severities, messages, sentences, suggestions = escape_lists(
        [list(section_names.values()), raw["severity"], raw["message"], raw["sentence"],
         raw["suggestion"]])
    where = dict(zip(section_names, names))
    places = [where.get(section, "whole post") for section in raw["section"]]
    return Markup("".join([
        f"<tr><td>{severity}</td><td>{place}</td>\n<td>{message}"
        + (f'<br><span class="muted sentence">\u201c{sentence}\u201d</span>' if quoted else "")
        + f"</td>\n<td>{suggestion}</td></tr>\n"
        for severity, place, message, quoted, sentence, suggestion
        in zip(severities, places, messages, raw["sentence"], sentences, suggestions)]))


def _framed(rows: Sequence[dict[str, Any]], columns: Sequence[str], *,
            badge_columns: Sequence[str] = (), optional: bool = False) -> Markup | None:
    """``frame`` of the table of ``rows``; None when there are no rows and the table is
    ``optional`` (the page then says so in a sentence, or leaves its section out)."""
    if optional and not rows:
        return None
    return frame(_rows_table(rows, columns), badge_columns=badge_columns)


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
