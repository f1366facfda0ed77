"""The HTML parts of the report pages that are built in Python: tables, rows, badges.

A post page has a few hundred table cells and rows; Jinja macros and loops for them
were most of a page's time, so ``report.py`` renders the page around these parts with
its templates and takes the parts from here. Every text goes through
``markupsafe.escape`` (what autoescape calls), so article text shows as text; numbers
are formatted. This module is compiled (mypyc, ``setup.py``): a page's cells go through
its loops.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Number
from typing import Any

from markupsafe import Markup, escape


def fmt_number(value: float | Number | None) -> str:
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
