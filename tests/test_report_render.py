"""Post-page parts rendered in Python render as the Jinja markup they replaced did.

Tables, check rows, bar rows and finding rows used to be Jinja macros and loops; they
are Python now, for speed. The reference templates below are those macros and loops,
verbatim, so these tests hold the Python code to the same bytes for any content,
hostile text included.
"""

from __future__ import annotations

import json

import jinja2
import numpy as np
import pandas as pd
import pytest
from fixture_paths import CORPUS
from markupsafe import Markup, escape

from audit import report, report_html, tables
from audit.pipeline import audit_folder
from audit.profile import load_profile

HOSTILE = ["<script>alert(1)</script>", "a & b", "it's \"quoted\"", "", "x\x00y", "\x00",
           "“curly” – dash", "<img src=x onerror=alert(1)>", "&amp; already"]

_REFERENCE_MACROS = """\
{% macro badge(value) -%}
<span class="badge {{ value | css_class }}">{{ value }}</span>
{%- endmacro %}

{% macro frame(table, link_column=none, links=none, badge_columns=()) -%}
<table>
  <thead><tr>{% for column in table.columns %}<th scope="col">{{ column }}</th>{% endfor %}</tr></thead>
  <tbody>
  {% for row in table.rows %}
    <tr>
    {% for column in table.columns %}
      {% set value = row[column] %}
      {% if column == link_column and links %}
      <td><a href="{{ links[value] }}">{{ value }}</a></td>
      {% elif column in badge_columns %}
      <td>{{ badge(value) }}</td>
      {% elif value is number and value is not boolean %}
      <td class="num">{{ value | fmt_number }}</td>
      {% else %}
      <td>{{ value | fmt_cell }}</td>
      {% endif %}
    {% endfor %}
    </tr>
  {% endfor %}
  </tbody>
</table>
{%- endmacro %}
"""

_REFERENCE_PAGE_PARTS = {
    "frame": """{% from "macros" import frame %}\
{{ frame(table, link_column=link_column, links=links, badge_columns=badge_columns) }}""",
    "checks": """{% from "macros" import badge %}
{% for check in document.checks %}
<tr><td>{{ check.label }}</td><td class="num">{{ check | check_value }}</td><td>{{ check | check_target }}</td><td>{{ badge(check.status) }}</td><td class="muted">{{ check.source }}</td></tr>
{% endfor %}
""",
    "bars": """{% for bar in section_chart.bars %}
  <div class="bar-row"><span class="bar-name">{{ bar.name }}</span>
  <span class="bar-track">{% if section_chart.target_at is not none %}<span class="bar-target" style="width: {{ section_chart.target_at }}%"></span>{% endif %}<span class="bar {{ bar.status | css_class }}{% if not bar.reliable %} unreliable{% endif %}" style="width: {{ bar.width }}%"></span></span>
  <span class="bar-value">{{ bar.grade | fmt_number }}</span></div>
{% endfor %}
""",
    "findings": """{% for finding in document.findings %}
<tr><td>{{ finding.severity }}</td><td>{{ section_names.get(finding.section, "whole post") }}</td>
<td>{{ finding.message }}{% if finding.sentence %}<br><span class="muted sentence">“{{ finding.sentence }}”</span>{% endif %}</td>
<td>{{ finding.suggestion }}</td></tr>
{% endfor %}
""",
}


@pytest.fixture(scope="module")
def reference():
    """The old macros and loops, in an environment set up as ``report._environment``."""
    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"macros": _REFERENCE_MACROS, **_REFERENCE_PAGE_PARTS}),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(report._environment().filters)
    return environment


def _reference_rows(frame: pd.DataFrame) -> dict:
    """A DataFrame as the old ``report_html._table`` gave it to the templates."""
    columns = [str(column) for column in frame.columns]
    rows = [{column: (None if report_html._is_missing(value) else report_html._plain(value))
             for column, value in zip(columns, values)}
            for values in frame.itertuples(index=False, name=None)]
    return {"columns": columns, "rows": rows}


@pytest.fixture(scope="module")
def documents():
    """The bundled corpus's records as written (rounded), plus one full of hostile text."""
    record = json.loads(report.dumps(audit_folder(CORPUS, load_profile(), workers=1)))
    hostile = json.loads(json.dumps(record["documents"][0]))
    for index, finding in enumerate(hostile["findings"]):
        text = HOSTILE[index % len(HOSTILE)]
        finding.update(message=text, sentence=text, suggestion=text, severity=text)
    for index, section in enumerate(hostile["sections"]):
        section["heading"] = HOSTILE[index % len(HOSTILE)] or None
    for index, check in enumerate(hostile["checks"]):
        check["label"] = check["source"] = HOSTILE[index % len(HOSTILE)]
    return record, record["documents"] + [hostile]


@pytest.mark.parametrize("values", [
    HOSTILE, ["plain"], [], HOSTILE + [None, 3, 1.5, True], [Markup("<b>safe</b>"), "<b>"],
    ["\x00\x00", "a"]])
def test_escape_texts_is_escape_of_each_value(values):
    assert report_html.escape_texts(values) == [str(escape(value)) for value in values]


def test_escape_lists_keeps_the_lists_apart():
    lists = [HOSTILE, [], ["one"], HOSTILE[::-1]]
    assert report_html.escape_lists(lists) == [[str(escape(v)) for v in values] for values in lists]


def _columns(**columns: list) -> list[dict]:
    """Rows (as the ``tables.*_rows`` functions build them) from lists of column values."""
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


#: Tables as rows of plain Python values, the way ``tables`` builds them.
ROWS = {
    "numbers": _columns(**{"int": [1, 12345, -3], "float": [1.25, 2.0, -0.05],
                           "int and none": [1, None, 3], "int and float": [1, 2.5, 3],
                           "none": [None, None, None], "nan": [1.5, float("nan"), 2.0],
                           "big": [2**70, 2**70, 1]}),
    "text": _columns(**{"text": HOSTILE[:3], "text and none": ["a", None, "<b>"],
                        "bool": [True, False, True], "bool and none": [True, None, False],
                        "mixed": [1, "a & b", 2.5], "numpy": [np.int64(4), np.float64(2.5),
                                                              np.int64(-1)]}),
    "badges and links": _columns(post=["a", "b<", "c&"], status=["pass", "n/a", None],
                                 other=["x", "y", "z"]),
    "empty": [],
}
COLUMNS = {name: list(rows[0]) if rows else ["a", "b"] for name, rows in ROWS.items()}


@pytest.mark.parametrize("name", ROWS)
def test_frame_renders_as_the_macro_did(reference, name):
    data = pd.DataFrame(ROWS[name], columns=COLUMNS[name])
    links = {"a": "posts/a.html", "b<": "posts/b<.html", "c&": "posts/c&'.html"}
    options = [dict(link_column=None, links=None, badge_columns=()),
               dict(link_column="post", links=links, badge_columns=("status", "bool"))]
    for option in options:
        if option["link_column"] and option["link_column"] not in data:
            continue
        expected = reference.get_template("frame").render(table=_reference_rows(data), **option)
        assert str(report_html.frame(report_html._table(data), **option)) == expected
        built = report_html._rows_table(ROWS[name], COLUMNS[name])
        assert str(report_html.frame(built, **option)) == expected


@pytest.mark.parametrize("rows, columns, table", [
    (tables.section_rows, tables.SECTION_COLUMNS, tables.section_table),
    (tables.formula_rows, tables.FORMULA_COLUMNS, tables.formula_table),
    (tables.hardest_rows, tables.HARDEST_COLUMNS, tables.hardest_sentences),
    (tables.jargon_rows, tables.JARGON_COLUMNS, tables.jargon_terms),
    (tables.coverage_rows, tables.COVERAGE_COLUMNS, tables.coverage_topics),
    (tables.options_rows, tables.OPTIONS_COLUMNS, tables.options_grid),
    (tables.checklist_rows, tables.CHECKLIST_COLUMNS, tables.checklist),
], ids=lambda value: getattr(value, "__name__", None))
def test_post_tables_render_as_their_dataframes_did(reference, documents, rows, columns, table):
    for document in documents[1]:
        frame = table(document)
        assert list(frame.columns) == columns
        built = report_html._rows_table(rows(document), columns)
        assert built == report_html._table(frame)
        expected = reference.get_template("frame").render(
            table=_reference_rows(frame), link_column=None, links=None, badge_columns=("status",))
        assert str(report_html.frame(built, badge_columns=("status",))) == expected


def test_check_bar_and_finding_rows_render_as_the_loops_did(reference, documents):
    record, posts = documents
    for document in posts:
        names = {s["id"]: s["heading"] or f"({s['kind']})" for s in document["sections"]}
        chart = report_html.section_bars(record, document)
        expected = reference.get_template("checks").render(document=document)
        assert report_html._check_rows(document) == expected.removeprefix("\n")
        expected = reference.get_template("bars").render(section_chart=chart)
        assert report_html._bar_rows(chart) == expected
        expected = reference.get_template("findings").render(document=document,
                                                             section_names=names)
        assert report_html._finding_rows(document, names) == expected
    assert "&lt;script&gt;" in report_html._finding_rows(posts[-1], {})


@pytest.mark.parametrize("expression", ["d.title", "d.items", "d.get('title')",
                                        "d.missing is undefined", "d.nested.title", "s.upper"])
def test_attribute_lookup_is_jinjas(expression):
    """``_Environment.getattr`` reads dict items first, with Jinja's results."""
    context = {"d": {"title": "<t>", "items": "key, not method", "nested": {"title": 2}},
               "s": "text"}
    source = "{{ " + expression + " }}"
    ours = report._environment().from_string(source).render(context)
    theirs = jinja2.Environment(autoescape=True).from_string(source).render(context)
    assert ours == theirs


def test_post_page_sections_follow_the_record(documents):
    """The page's optional parts, now decided in ``render_post``, show as they did in
    the template: the not-English note, and each table or the sentence replacing it."""
    record, posts = documents
    post = json.loads(json.dumps(posts[0]))
    page = report.render_post(record, post)
    assert "does not read as English" not in page
    assert '<h2 id="jargon">' in page and "No jargon found." not in page
    post.update(language="es", checklist=[])
    post["jargon"]["terms"] = []
    post["coverage"]["topics"] = []
    post["coverage"]["options_grid"] = []
    page = report.render_post(record, post)
    assert "does not read as English (es)" in page
    assert "No jargon found." in page
    assert "No topics are required for this content type." in page
    assert "Treatment options (DISCERN" not in page and 'id="checklist"' not in page
    post.update(jargon=None, coverage=None)
    page = report.render_post(record, post)
    assert '<h2 id="jargon">' not in page and '<h2 id="coverage">' not in page
