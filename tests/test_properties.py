"""Issue 7, property-based: arbitrary text and folders never crash, lose or reorder.

Hypothesis feeds every stage text mixed from arbitrary Unicode (no lone surrogates)
and pieces that stress parsers: control characters, right-to-left text, emoji, combining
marks, huge numbers, stray Markdown and HTML. Each property keeps ``max_examples``
modest so the suite stays fast; the failing example is printed if one is found.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from audit import LoadError, load_corpus
from audit.corpus import SIDECAR_SUFFIX, decode_text, load_document, mask_hidden_html
from audit.htmlpage import extract_page, html_to_markdown, html_to_text
from audit.model import Block
from audit.pipeline import audit_document, audit_folder
from audit.profile import load_profile
from audit.readability import score_blocks
from audit.report import dumps
from audit.sections import split_markdown, split_plain_text

from test_bad_inputs import assert_readable

PROFILE = load_profile()
#: Examples per property; raise it for a deeper hunt: AUDIT_HYPOTHESIS_EXAMPLES=2000.
EXAMPLES = int(os.environ.get("AUDIT_HYPOTHESIS_EXAMPLES", "100"))
#: The same examples on every run, so CI never fails on a newly drawn input; set
#: AUDIT_HYPOTHESIS_RANDOM=1 to explore fresh random inputs (and fix what they find).
RANDOM = os.environ.get("AUDIT_HYPOTHESIS_RANDOM") == "1"
FAST = settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])
SLOW = settings(FAST, max_examples=max(1, EXAMPLES * 3 // 5))

# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

#: Pieces that stress the splitters, the HTML converter and the scorers.
PIECES = [
    # line structure
    "\n", "\n\n", "\r\n", "\r", "\t", "\u2028", "\u2029", "\x0b", "\x0c", "\x85",
    # Markdown
    "# ", "## ", "###### ", "#", "- ", "* ", "+ ", "1. ", "99) ", "> ", ">> ", "```",
    "~~~", "---", "***", "___", "===", "\\", "*", "_", "~", "`", "[", "]", "(", ")",
    "[link](http://x.org/a)", "![img](a.png)", "<https://x.org>", "    ", "  \n",
    "Title: ", "Popular posts from this blog",
    # HTML
    "<p>", "</p>", "<br>", "<br/>", "<h2>", "</h2>", "<li>", "<ul>", "</ul>", "<ol start=9>",
    "<table><tr><td>", "</td>", "<blockquote>", "<pre>", "</pre>", "<hr>", "<div>", "</div>",
    "<script>", "</script>", "<style>", "<iframe>", "<!--", "-->", "<![CDATA[", "]]>",
    "<!DOCTYPE html>", "&amp;", "&lt;", "&#0;", "&#xD800;", "&nbsp;", "&bogus;", "<", ">",
    '"', "'", "<a href='", "<meta charset='utf-16'>",
    # sentences, abbreviations, numbers
    "Dr. ", "e.g. ", "U.S. ", "a.m. ", "...", "\u2026", "?!", ". ", "! ", "? ",
    "9" * 400, "1e308", "-0", "1,000,000,000,000", "3.14159", "\u0663\u0664",
    "cancer.gov", "help@kidney.org", "www.example.com/x", "ab." * 20,
    # scripts, marks, invisible characters
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202e", "\u200f",
    "\U0001f469\u200d\u2695\ufe0f", "\U0001f9ec", "e\u0301", "\u0363\u0363\u0363",
    "\u200b", "\u00ad", "\ufeff", "\u00a0", "\x00", "\x07", "\x1b[31m", "\x7f",
    "\u4e2d\u6587", "\u00df", "\u0130", "\ufb01",
    # words
    "the ", "patients ", "metastatic ", "nephrectomy ", "It was removed by the surgeon. ",
]

_ANY_CHAR = st.characters(blacklist_categories=("Cs",))
nasty_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(_ANY_CHAR, max_size=12)), max_size=40,
).map("".join)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------
# Stages on arbitrary text
# ---------------------------------------------------------------------------


@FAST
@given(text=nasty_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16",
                                                  "utf-16-be", "utf-32"]))
def test_decode_text_round_trips_or_refuses_with_a_load_error(text, encoding):
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    try:
        decoded = decode_text(data, "post.txt")
    except LoadError as error:
        assert "\x00" in text, error  # only NULs are refused in well-encoded text
        assert str(error).startswith("post.txt: ")
        return
    assert "\r" not in decoded and "\x00" not in decoded
    if "\x00" not in text:  # UTF-16 "FF FE" + NUL reads as a UTF-32 byte-order mark
        assert decoded.lstrip("\ufeff") == _normalise(text).lstrip("\ufeff")


@FAST
@given(data=st.binary(max_size=600), markup=st.booleans())
def test_decode_text_of_any_bytes_returns_text_or_a_load_error(data, markup):
    try:
        decoded = decode_text(data, "post.html", markup=markup)
    except LoadError as error:
        assert str(error).startswith("post.html: ")
        assert_readable(str(error), Path("/nonexistent"))
        return
    assert "\r" not in decoded and "\x00" not in decoded


def _check_outline(outline, text: str) -> None:
    previous_end = 0
    for section in outline.sections:
        assert 0 <= section.start <= section.end <= len(text)
        assert section.start >= previous_end or section.kind == "lead"
        previous_end = section.start
        for block in section.blocks:
            assert block.text and block.text == block.text.strip()
            assert 0 <= block.start <= block.end <= len(text)
            for index in range(0, len(block.text), max(1, len(block.text) // 7)):
                assert 0 <= block.source_offset(index) < len(text)


@FAST
@given(text=nasty_text)
def test_splitters_never_crash_and_keep_offsets_inside_the_text(text):
    text = _normalise(text)
    _check_outline(split_plain_text(text), text)
    _check_outline(split_markdown(text, 0), text)
    _check_outline(split_markdown(text, 0, inline_markup=False), text)


#: Well-formed markup, and text with no markup characters, for the script property.
_TAGS = ["<p>", "</p>", "<br>", "<h2>", "</h2>", "<ul><li>", "</li></ul>", "<div>", "</div>",
         "<table><tr><td>", "</td></tr></table>", "<blockquote>", "</blockquote>",
         "<pre>", "</pre>", "<!-- a comment -->", "<article>", "</article>",
         '<div class="post-body">', '<aside class="sidebar">', "</aside>", "<nav>", "</nav>"]
well_formed_html = st.lists(st.one_of(
    st.sampled_from(_TAGS),
    nasty_text.map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;"))), max_size=20,
).map("".join)


@FAST
@given(text=nasty_text, start=st.integers(0, 5))
def test_masking_hidden_html_keeps_every_offset(text, start):
    text = _normalise(text)
    start = min(start, len(text))
    masked = mask_hidden_html(text, start)
    assert len(masked) == len(text) and masked[:start] == text[:start]
    assert all(a == b or (b == " " and a != "\n") for a, b in zip(text, masked))


@FAST
@given(text=nasty_text)
def test_html_conversion_never_crashes_on_any_text(text):
    page = extract_page(text)
    assert isinstance(page.body, str)
    html_to_markdown(text)
    html_to_text(text)


@FAST
@given(before=well_formed_html, inside=well_formed_html, after=nasty_text)
def test_script_and_style_text_never_reaches_the_output(before, inside, after):
    html = (f"{before}<script>SCRIPTMARKER</script>{inside}<style>STYLEMARKER</style>"
            f"<iframe>IFRAMEMARKER</iframe><noscript>NOSCRIPTMARKER</noscript>{after}")
    page = extract_page(html)
    for output in (page.body, html_to_markdown(html), html_to_text(html),
                   page.title or "", " ".join(page.related)):
        assert "MARKER" not in output


@FAST
@given(text=well_formed_html)
def test_an_unclosed_comment_hides_the_rest_of_the_page(text):
    html = f"<p>Visible words.</p>{text}<!--<script>SCRIPTMARKER</script><p>HIDDEN</p>"
    assert "MARKER" not in extract_page(html).body
    markdown = html_to_markdown(html)
    assert "MARKER" not in markdown and "HIDDEN" not in markdown
    assert markdown.startswith("Visible words.")


def _finite_or_none(value) -> bool:
    return value is None or not isinstance(value, float) or math.isfinite(value)


@FAST
@given(texts=st.lists(nasty_text, max_size=5), labels=st.lists(
    st.one_of(st.none(), nasty_text), max_size=5))
def test_score_blocks_never_crashes_and_gives_finite_metrics(texts, labels):
    blocks = [Block("paragraph" if i % 2 else "item", text, 0, len(text),
                    label=labels[i] if i < len(labels) else None)
              for i, text in enumerate(t for t in texts if t.strip())]
    result = score_blocks(blocks)
    assert all(_finite_or_none(v) for v in result.metrics.to_dict().values())
    assert len(result.block_words) == len(blocks)


@SLOW
@given(text=nasty_text, suffix=st.sampled_from([".md", ".txt", ".html"]))
def test_any_post_is_audited_into_valid_json_or_refused(tmp_path_factory, text, suffix):
    post = tmp_path_factory.mktemp("post") / f"post{suffix}"
    post.write_bytes(text.encode("utf-8"))
    try:
        document = load_document(post)
    except LoadError as error:
        assert_readable(str(error), post.parent)
        return
    first = dumps(audit_document(document, PROFILE))
    assert first == dumps(audit_document(document, PROFILE))
    record = json.loads(first)  # dumps refuses NaN and infinities
    assert record["path"] == post.name


_YAML_PIECES = [
    "title: ", "slug: ", "published: ", "labels: ", "language: ", "content_type: ",
    "sample: ", "draft: ", "url: ", "\n", "\n  ", "- ", "&a ", "*a", "<<: *a", "? ", ": ",
    "{", "}", "[", "]", ",", "|", ">", "'", '"', "\t", "%YAML 1.1\n", "---\n", "...\n",
    "!!python/object/apply:os.system ['true']", "!!binary ", "!!timestamp ", "!!float ",
    "2024-13-45", "2024-01-01 10:00:00", "1e999", ".inf", ".nan", "~", "null", "yes",
    "overview", "Treatment", "\u00e9", "\x00", "#", "@", "`",
]
yaml_text = st.lists(st.one_of(st.sampled_from(_YAML_PIECES), st.text(_ANY_CHAR, max_size=6)),
                     max_size=30).map("".join)


@SLOW
@given(front=yaml_text, body=nasty_text)
def test_any_front_matter_loads_or_is_refused_with_a_reason(tmp_path_factory, front, body):
    post = tmp_path_factory.mktemp("post") / "post.md"
    post.write_bytes(f"---\n{front}\n---\n{body}".encode("utf-8"))
    try:
        document = load_document(post)
    except LoadError as error:
        assert str(error).startswith("post.md:")
        assert_readable(str(error), post.parent)
        return
    assert isinstance(document.metadata.get("title"), str)
    assert document.metadata["language"]
    json.loads(dumps(audit_document(document, PROFILE)))


# ---------------------------------------------------------------------------
# Folders: nothing lost, same bytes every time
# ---------------------------------------------------------------------------

_NAME_CHARS = st.characters(blacklist_categories=("Cs", "Cc"),
                            blacklist_characters="/\\")
_EXTENSIONS = [".md", ".txt", ".html", ".htm", ".xml", ".markdown", ".MD", SIDECAR_SUFFIX,
               ".docx", ".yml", ".pdf", ""]


def _blogger_export(posts: list[tuple[str, str]]) -> str:
    kind = ("<category scheme='http://schemas.google.com/g/2005#kind' "
            "term='http://schemas.google.com/blogger/2008/kind#post'/>")
    entries = "".join(
        f"<entry><id>tag:blogger.com,1999:blog-1.post-{n}</id>{kind}"
        f"<title type='text'>{escape(_xml_safe(title))}</title>"
        f"<content type='html'>{escape(_xml_safe(body))}</content>"
        f"<link rel='alternate' type='text/html' href={quoteattr(f'https://b.org/{n % 3}.html')}/>"
        "</entry>"
        for n, (title, body) in enumerate(posts))
    return ("<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<generator>Blogger</generator>{entries}</feed>")


def _xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 cannot hold at all."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (" " <= ch and ch not in
                                                             "\ufffe\uffff"))


contents = st.one_of(
    nasty_text.map(lambda t: t.encode("utf-8")),
    nasty_text.map(lambda t: f"---\ntitle: {t[:20]!r}\n---\n{t}".encode("utf-8")),
    nasty_text.map(lambda t: t.encode("utf-16")),
    st.binary(max_size=200),
    st.lists(st.tuples(nasty_text, nasty_text), max_size=4).map(
        lambda posts: _blogger_export(posts).encode("utf-8")),
)
files = st.lists(
    st.tuples(st.sampled_from(["", "sub/", ".hidden/"]),
              st.text(_NAME_CHARS, min_size=1, max_size=12),
              st.sampled_from(_EXTENSIONS), contents),
    min_size=1, max_size=6,
    unique_by=lambda f: (f[0] + f[1] + f[2]).casefold(),
)


def _write(folder: Path, entries) -> list[str]:
    written = []
    for subfolder, stem, extension, data in entries:
        name = stem + extension
        if name in (".", "..") or len(name.encode()) > 200:
            continue
        (folder / subfolder).mkdir(exist_ok=True)
        (folder / subfolder / name).write_bytes(data)
        written.append(subfolder + name)
    return written


def _accounted(relative: str, written: list[str], documents: set[str],
               skipped: set[str]) -> bool:
    """Whether a written file shows up: as a document, skipped, or as a used sidecar."""
    folder, _, name = relative.rpartition("/")
    prefix = folder + "/" if folder else ""
    hidden = [part for part in relative.split("/")[:-1] if part.startswith(".")]
    if hidden:
        return prefix in skipped  # the hidden folder is listed, not its files
    if name.endswith(SIDECAR_SUFFIX) and not name.startswith("."):
        stem = name.removesuffix(SIDECAR_SUFFIX)
        owned = any(other != relative and other.startswith(prefix)
                    and "/" not in other[len(prefix):]
                    and Path(other).stem == stem and not other.endswith(SIDECAR_SUFFIX)
                    for other in written)
        if owned:
            return True
    return any(path == relative or path.startswith(relative + "#")
               for path in documents | skipped)


@SLOW
@given(entries=files)
def test_every_file_of_a_random_folder_is_audited_or_skipped(tmp_path_factory, entries):
    folder = tmp_path_factory.mktemp("corpus")
    written = _write(folder, entries)
    assume(written)
    corpus = load_corpus(folder)
    record = audit_folder(folder, PROFILE, workers=1)
    for documents, skipped in (
            ({d.path for d in corpus.documents}, {s.path for s in corpus.skipped}),
            ({d["path"] for d in record["documents"]},
             {s["path"] for s in record["corpus"]["skipped"]})):
        lost = [name for name in written if not _accounted(name, written, documents, skipped)]
        assert not lost, (lost, documents, skipped)
    for item in corpus.skipped:
        assert_readable(item.reason, folder)
    text = dumps(record)
    assert text == dumps(audit_folder(folder, PROFILE, workers=1))  # same bytes twice
    json.loads(text)


@settings(FAST, max_examples=max(1, EXAMPLES // 12))
@given(entries=files)
def test_parallel_and_serial_audits_are_byte_identical(tmp_path_factory, entries):
    folder = tmp_path_factory.mktemp("corpus")
    assume(_write(folder, entries))
    assert dumps(audit_folder(folder, PROFILE, workers=1)) == dumps(
        audit_folder(folder, PROFILE, workers=2))


def test_bundled_corpus_audits_to_the_same_bytes_serially_and_in_parallel():
    from fixture_paths import CORPUS

    assert dumps(audit_folder(CORPUS, PROFILE, workers=1)) == dumps(
        audit_folder(CORPUS, PROFILE, workers=2))


@pytest.mark.parametrize("name", ["blogger-pass-export.xml", "blogger-pass-repeated-slugs.xml"])
def test_load_corpus_is_deterministic_for_exports(name):
    from fixture_paths import FIXTURES

    first, second = load_corpus(FIXTURES / name), load_corpus(FIXTURES / name)
    assert [d.to_dict() for d in first.documents] == [d.to_dict() for d in second.documents]
