"""The exported HTML in a real browser: headless Chromium with the network blocked.

Needs Debian's ``chromium`` package (``.ci/run`` installs it); without it the test is
skipped with the command that enables it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_paths import CORPUS, FIXTURES

from audit.pipeline import run_audit

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not found: run 'apt-get install -y chromium' (as .ci/run does) to enable "
           "the real-browser test")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.iterdir():
        shutil.copy(path, corpus / path.name)
    shutil.copy(FIXTURES / "report-pass-article-html-is-text.md", corpus)
    out = tmp_path_factory.mktemp("reports")
    run_audit(corpus, out)
    return out


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def _open(browser, path: Path):
    """Open a report with every network request blocked and recorded."""
    page = browser.new_page()
    events = {"requests": [], "blocked": [], "dialogs": [], "errors": []}
    page.on("request", lambda request: events["requests"].append(request.url))
    page.on("dialog", lambda dialog: (events["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: events["errors"].append(str(error)))

    def block(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            events["blocked"].append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, events


def test_scorecard_and_charts_render_offline(browser, reports):
    page, events = _open(browser, reports / "index.html")
    table = page.locator("#scorecard + p + table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 10
    charts = page.locator("figure svg")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150
        assert charts.nth(index).is_visible()
    assert events["blocked"] == [] and all(url.startswith("file:") for url in events["requests"])
    page.close()


def test_post_page_renders_and_runs_no_article_script(browser, reports):
    for name in ["treatment-of-metastatic-kidney-cancer.html", "side-effects-explained.html"]:
        page, events = _open(browser, reports / "posts" / name)
        assert page.locator("h1").is_visible()
        assert page.locator("figure.bars .bar").first.is_visible()
        assert events["dialogs"] == [] and events["errors"] == []
        assert events["blocked"] == []
        assert page.evaluate("document.scripts.length") == 0
        if name.startswith("side-effects"):
            assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
            assert page.locator("img").count() == 0 and page.locator("iframe").count() == 0
        page.close()
