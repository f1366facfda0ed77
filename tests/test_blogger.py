"""Blogger "Back up content" exports: posts, drafts, skipped entries, refused XML."""

from __future__ import annotations

import pytest

from audit.blogger import ExportContents, ExportError, is_blogger_export, parse_export

from fixture_paths import FIXTURES

EXPORT = FIXTURES / "blogger-pass-export.xml"
EXTERNAL_ENTITY = FIXTURES / "blogger-fail-external-entity.xml"
ENTITY_BOMB = FIXTURES / "blogger-fail-entity-bomb.xml"

KIND = "http://schemas.google.com/blogger/2008/kind#"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
FEED_START = (
    "<?xml version='1.0' encoding='UTF-8'?>"
    "<feed xmlns='http://www.w3.org/2005/Atom'>"
    "<id>tag:blogger.com,1999:blog-1.archive</id>"
    "<generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>")


def entry(kind: str = "post", *, title: str = "A post",
          content: str = "&lt;p&gt;Text.&lt;/p&gt;", extra: str = "",
          entry_id: str = "tag:blogger.com,1999:blog-1.post-1") -> str:
    return (f"<entry><id>{entry_id}</id>"
            "<published>2023-01-02T03:04:05.000-05:00</published>"
            f"<category scheme='{KIND_SCHEME}' term='{KIND}{kind}'/>"
            f"<title type='text'>{title}</title>"
            f"<content type='html'>{content}</content>{extra}</entry>")


def feed(*entries: str) -> bytes:
    return (FEED_START + "".join(entries) + "</feed>").encode("utf-8")


@pytest.fixture(scope="module")
def contents() -> ExportContents:
    return parse_export(EXPORT.read_bytes())


def test_parse_export_returns_post_and_flags_draft(contents):
    published, draft = contents.posts
    assert published.entry_id == (
        "tag:blogger.com,1999:blog-7214387209584472650.post-4410897762350122911")
    assert published.title == "What Is Kidney Cancer?"
    assert published.slug == "what-is-kidney-cancer"
    assert published.url == (
        "https://www.urologycancers.com/2023/11/what-is-kidney-cancer.html")
    assert (published.published, published.updated) == ("2023-11-05", "2023-11-20")
    assert published.labels == ("kidney cancer", "overview")
    assert published.draft is False
    assert draft.draft is True
    assert draft.url is None
    assert draft.title == "Bladder Cancer Treatment: Your Options Explained"
    assert draft.slug == "bladder-cancer-treatment-your-options-explained"
    assert draft.published == "2024-01-08"


def test_parse_export_converts_post_html_to_light_markdown(contents):
    assert contents.posts[0].body == (
        "Kidney cancer starts when cells in one of the kidneys begin to grow out of "
        "control and form a tumor. Many are found early.\n\n"
        "## Types of Kidney Cancer\n\n"
        "- Clear cell RCC\n- Papillary RCC\n  - Type 1\n\n"
        "## Signs to Watch For\n\n"
        "Blood in the urine is the most common sign.\n\n"
        "See your doctor if it lasts.")
    assert "SECRET" not in contents.posts[0].body


def test_parse_export_skips_comments_and_settings_with_counts(contents):
    assert contents.skipped == (("comment", 1), ("settings", 1), ("template", 1))
    assert all("father" not in post.body for post in contents.posts)


def test_parse_export_keeps_document_order():
    contents = parse_export(feed(
        entry(title="Second", entry_id="tag:blogger.com,1999:blog-1.post-2"),
        entry("comment"),
        entry(title="First", entry_id="tag:blogger.com,1999:blog-1.post-1"),
        entry("page"), entry("comment"),
    ))
    assert [post.title for post in contents.posts] == ["Second", "First"]
    assert contents.skipped == (("comment", 2), ("page", 1))


@pytest.mark.parametrize(("title", "slug"), [
    ("Caf\u00e9 R\u00e9sum\u00e9: PSA &amp; You!", "cafe-resume-psa-you"),
    ("  Spaced   Out  ", "spaced-out"),
    ("", "post-77"),
])
def test_parse_export_makes_draft_slug_from_title(title, slug):
    draft = ("<app:control xmlns:app='http://purl.org/atom/app#'>"
             "<app:draft>yes</app:draft></app:control>")
    data = feed(entry(title=title, extra=draft,
                      entry_id="tag:blogger.com,1999:blog-1.post-77"))
    (post,) = parse_export(data).posts
    assert post.draft is True
    assert post.slug == slug


def test_parse_export_reads_takeout_feed_with_blogger_type_and_status():
    takeout = (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:blogger='http://schemas.google.com/blogger/2018'>"
        "<id>tag:blogger.com,1999:blog-9</id><title>Blog</title>"
        "<entry><id>tag:blogger.com,1999:blog-9.post-1</id>"
        "<blogger:type>POST</blogger:type>"
        "<blogger:status>LIVE</blogger:status><title>Live one</title>"
        "<content type='html'>&lt;p&gt;Hello&lt;/p&gt;</content>"
        "<published>2020-01-02T03:04:05Z</published>"
        "<category scheme='tag:blogger.com,1999:blog-9' term='News'/>"
        "<blogger:filename>/2020/01/live-one.html</blogger:filename></entry>"
        "<entry><id>tag:blogger.com,1999:blog-9.post-2</id>"
        "<blogger:type>POST</blogger:type>"
        "<blogger:status>DRAFT</blogger:status><title>Draft one</title>"
        "<content type='html'></content></entry>"
        "<entry><id>tag:blogger.com,1999:blog-9.post-3</id>"
        "<blogger:type>POST</blogger:type>"
        "<blogger:status>SOFT_TRASHED</blogger:status><title>Binned</title></entry>"
        "<entry><id>tag:blogger.com,1999:blog-9.post-4</id>"
        "<blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>"
        "</entry>"
        "</feed>").encode()
    assert is_blogger_export(takeout)
    contents = parse_export(takeout)
    live, draft = contents.posts
    assert (live.slug, live.labels, live.body, live.draft) == (
        "live-one", ("News",), "Hello", False)
    assert (draft.slug, draft.body, draft.draft) == ("draft-one", "", True)
    assert contents.skipped == (("comment", 1), ("soft trashed post", 1))


def test_parse_export_reads_text_and_html_titles_and_text_content():
    data = feed(
        "<entry><id>tag:blogger.com,1999:blog-1.post-5</id>"
        f"<category scheme='{KIND_SCHEME}' term='{KIND}post'/>"
        "<title type='html'>&lt;b&gt;Bold&lt;/b&gt; title</title>"
        "<content type='text'>Line one\nline two\n\n# not a heading</content>"
        "</entry>")
    (post,) = parse_export(data).posts
    assert post.title == "Bold title"
    assert post.body == "Line one\nline two\n\n\\# not a heading"
    assert (post.published, post.url, post.labels) == (None, None, ())


def test_parse_export_refuses_external_entity():
    with pytest.raises(ExportError, match=r"refused: the export declares XML entities "
                       r"\(external entity / entity expansion\)") as caught:
        parse_export(EXTERNAL_ENTITY.read_bytes())
    assert "file:///etc/passwd" in str(caught.value)
    assert "root:" not in str(caught.value)


def test_parse_export_refuses_entity_bomb():
    with pytest.raises(ExportError, match="refused: the export declares XML entities"):
        parse_export(ENTITY_BOMB.read_bytes())


def test_refused_exports_still_look_like_blogger_exports():
    # so a loader reports the refusal instead of "not a Blogger export"
    assert is_blogger_export(EXTERNAL_ENTITY.read_bytes())
    assert is_blogger_export(ENTITY_BOMB.read_bytes())


def test_malformed_export_names_line():
    broken = EXPORT.read_bytes().replace(b"<title type='text'>Title</title>",
                                         b"<title type='text'>Title</titel>", 1)
    line = broken[:broken.index(b"</titel>")].count(b"\n") + 1
    expected = rf"not well-formed XML at line {line}, column \d+: mismatched tag"
    with pytest.raises(ExportError, match=expected) as caught:
        parse_export(broken)
    assert "Back up content" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"not xml at all", b"<feed"])
def test_malformed_export_is_an_export_error(data):
    with pytest.raises(ExportError, match="not well-formed XML at line 1"):
        parse_export(data)


def test_parse_export_rejects_other_xml():
    with pytest.raises(ExportError,
                       match=r"not an Atom feed: the root element is <rss>"):
        parse_export(b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>")
    with pytest.raises(ExportError, match="not a Blogger export"):
        parse_export(b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>urn:x</id>"
                     b"<title>WordPress</title></entry></feed>")


@pytest.mark.parametrize(("data", "expected"), [
    (EXPORT.read_bytes(), True),
    (feed(entry()), True),
    ("<feed xmlns='http://www.w3.org/2005/Atom'><generator>Blogger</generator></feed>"
     .encode("utf-16"), True),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'>"
     b"<generator>WordPress</generator></feed>", False),
    (b"<rss><channel><generator>Blogger</generator></channel></rss>", False),
    (b"", False),
])
def test_is_blogger_export_sniffs_the_feed(data, expected):
    assert is_blogger_export(data) is expected
