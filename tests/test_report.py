"""HTML reports: self-contained, escaped, deterministic; and the text formatters."""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil

import pytest
from fixture_paths import CORPUS, FIXTURES, ROOT

from audit.pipeline import audit_folder, run_audit
from audit.profile import load_profile
from audit.report import REPORTS_README, render_index_pages, render_post
from audit.report_html import check_target, css_class, fmt_cell, fmt_number, fmt_percent

XSS = FIXTURES / "report-pass-article-html-is-text.md"


@pytest.fixture(scope="module")
def xss_reports(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(XSS, corpus / XSS.name)
    out = tmp_path_factory.mktemp("reports")
    run_audit(corpus, out)
    return out


@pytest.fixture(scope="module")
def bundled_reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled")
    run_audit(CORPUS, out)
    return out


@pytest.mark.parametrize("value, text", [(None, "\u2013"), (3, "3"), (12345, "12,345"),
                                         (14.94, "14.9"), (float("nan"), "\u2013")])
def test_fmt_number(value, text):
    assert fmt_number(value) == text


def test_fmt_percent_and_cell_and_css_class():
    assert fmt_percent(0.4483) == "44.8%" and fmt_percent(None) == "\u2013"
    assert fmt_cell(True) == "yes" and fmt_cell(None) == "\u2013"
    assert css_class("n/a") == "na" and css_class("FAIL") == "fail"


def test_check_target_reads_as_words():
    assert check_target({"id": "consensus_grade", "threshold": {"pass_max": 8, "fail_above": 10}}
                        ) == "at most 8; fails above 10"
    assert check_target({"id": "passive_share", "threshold": {"pass_max": 0.1}}) == "at most 10%"
    assert check_target({"id": "flesch_reading_ease",
                         "threshold": {"pass_min": 60, "fail_below": 50}}) == \
        "at least 60; fails below 50"


def _html_files(folder):
    return sorted(folder.glob("*.html")) + sorted((folder / "posts").glob("*.html"))


def test_reports_are_written_for_the_corpus_and_every_post(bundled_reports):
    names = {p.name for p in (bundled_reports / "posts").glob("*.html")}
    assert len(names) == 9 and "treatment-of-metastatic-kidney-cancer.html" in names
    for name in ["index.html", "audit.json", "scorecard.csv", "README.md"]:
        assert (bundled_reports / name).is_file()
    scorecard = (bundled_reports / "scorecard.csv").read_text().splitlines()
    assert scorecard[0].startswith("post,title,status,grade")
    assert len(scorecard) == 10


def test_reports_load_nothing_from_outside(bundled_reports):
    for path in _html_files(bundled_reports):
        html = path.read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.replace(
            'href="https://www.urologycancers.com', "")), path.name
        assert "@import" not in html and not re.search(r"url\((?!#)", html)
        assert "Content-Security-Policy" in html


def test_article_markup_shows_as_text_in_every_report(xss_reports):
    pages = _html_files(xss_reports)
    assert len(pages) == 2
    for path in pages:
        html = path.read_text(encoding="utf-8")
        lowered = html.lower()
        assert "<script" not in lowered and "<img" not in lowered and "<iframe" not in lowered
        assert "javascript:" not in lowered.replace("javascript:alert(1)) that", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    post = (xss_reports / "posts" / "side-effects-explained.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in post
    record = json.loads((xss_reports / "audit.json").read_text(encoding="utf-8"))
    assert record["documents"][0]["title"] == "Side Effects <script>alert(1)</script> Explained"


def test_rendering_is_deterministic(bundled_reports):
    record = json.loads((bundled_reports / "audit.json").read_text(encoding="utf-8"))
    first = render_index_pages(record)
    second = render_index_pages(record)
    assert first == second
    document = record["documents"][0]
    assert render_post(record, document) == render_post(record, document)


def test_large_corpus_report_pages_and_stays_small(tmp_path):
    record = audit_folder(CORPUS, load_profile(), workers=1)
    template = record["documents"]
    many = []
    for number in range(250):
        copy = json.loads(json.dumps(template[number % len(template)]))
        copy["id"] = f"{copy['id']}-{number}"
        many.append(copy)
    record = {**record, "documents": many}
    record["corpus"] = {**record["corpus"], "documents": len(many)}
    pages = render_index_pages(record)
    assert len(pages) == 3
    assert "Page 1 of 3" in pages[0] and 'href="index-2.html"' in pages[0]
    assert all(len(page.encode()) < 10_000_000 for page in pages)


def test_committed_reports_readme_is_the_one_make_audit_writes() -> None:
    # make audit rewrites reports/README.md: a stale committed copy would leave an
    # editor's fresh clone modified after the first run
    assert (ROOT / "reports" / "README.md").read_text(encoding="utf-8") == REPORTS_README


def test_charts_drawn_in_a_second_process_are_the_ones_drawn_here(bundled_reports,
                                                                   monkeypatch):
    import audit.report as report

    record = json.loads((bundled_reports / "audit.json").read_text(encoding="utf-8"))
    here = report.chart_svgs(record)
    assert len(here) == len(report.CHARTS) and all(s.startswith("<svg") for s in here)
    monkeypatch.setattr(report, "CHARTS_APART_FROM", 1)  # the bundled corpus forks too
    started = []
    real_process = multiprocessing.get_context("fork").Process

    class Counted(real_process):
        def start(self):
            started.append(self)
            super().start()

    monkeypatch.setattr(multiprocessing.get_context("fork"), "Process", Counted)
    assert report.start_chart_svgs(record)() == here
    assert len(started) == 1 and started[0].exitcode == 0
    apart = report.render_index_pages(record)
    monkeypatch.setattr(report, "CHARTS_APART_FROM", 10**9)
    assert apart == report.render_index_pages(record)
    assert len(started) == 2


def test_charts_the_second_process_fails_to_draw_are_drawn_here(bundled_reports,
                                                                monkeypatch):
    import os

    import audit.figures as figures
    import audit.report as report

    record = json.loads((bundled_reports / "audit.json").read_text(encoding="utf-8"))
    here = report.chart_svgs(record)
    parent = os.getpid()
    draw = figures.jargon_by_post

    def fails_in_the_child(rec):
        if os.getpid() != parent:
            raise RuntimeError("drawing failed")
        return draw(rec)

    monkeypatch.setattr(figures, "jargon_by_post", fails_in_the_child)
    monkeypatch.setattr(report, "CHARTS_APART_FROM", 1)
    assert report.start_chart_svgs(record)() == here

    def always_fails(rec):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(figures, "jargon_by_post", always_fails)
    with pytest.raises(RuntimeError, match="drawing failed"):
        report.start_chart_svgs(record)()  # the error shows in this process
