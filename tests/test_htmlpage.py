"""Saved blog pages: keeping the post, dropping the page around it, light Markdown."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import htmlmarkdown, htmlpage
from audit.htmlpage import ExtractedPage, extract_page, html_to_markdown, html_to_text

from fixture_paths import FIXTURES

PAGE = FIXTURES / "html-pass-blog-page.html"

PAGE_BODY = """\
Kidney cancer starts when cells in one of the kidneys begin to grow out of control and \
form a tumor. It is among the ten most common cancers in adults in the United States.

This post explains what the kidneys do, the main types of kidney cancer and what signs \
to watch for. It doesn\u2019t replace advice from your own care team.

## What Do the Kidneys Do?

Most people have two kidneys, each about the size of a fist. Their main job is to \
filter blood, removing waste and extra water to make urine.

## Types of Kidney Cancer

### Renal Cell Carcinoma

Renal cell carcinoma (RCC) accounts for about 9 out of 10 kidney cancers. There are \
several subtypes:

- Clear cell RCC is the most common.
- Papillary RCC makes up about 1 in 10 cases.
  - Type 1 tends to grow slowly.
  - Type 2 can be more aggressive.
- Chromophobe RCC is less common.

### Other Types

Rarer kidney cancers include transitional cell carcinoma and Wilms tumor, which mostly \
affects children.

## Signs to Watch For

Early kidney cancer often causes no symptoms. When signs do appear, they can include:

1. Blood in the urine
2. A pain in the side that doesn't go away
  1. It may be dull or sharp.
3. Losing weight without trying

> See your doctor if you notice any of these & they last more than two weeks.

Call your doctor:
during office hours, or
the after-hours line at night.

---

Reviewed by the Urology Cancers editorial team."""

RELATED = (
    "Can Bladder Cancer be Prevented?",
    "What is the Survival Rate for Bladder Cancer?",
    "Prostate Cancer: An Overview",
)


@pytest.fixture(scope="module")
def page() -> ExtractedPage:
    return extract_page(PAGE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# extract_page on the saved Blogger page
# ---------------------------------------------------------------------------


def test_extract_page_keeps_the_post_body_as_light_markdown(page):
    assert page.body == PAGE_BODY


def test_extract_page_reads_title_and_published_date(page):
    assert page.title == "What Is Kidney Cancer?"
    assert page.published == "2023-11-05"


def test_extract_page_leaves_the_post_title_out_of_the_body(page):
    assert "What Is Kidney Cancer?" not in page.body
    assert not page.body.startswith("#")


def test_extract_page_drops_navigation_sidebar_and_comments(page):
    for chrome_text in ("Home", "Disclaimer", "About me", "urologist who writes",
                        "Labels", "Archive", "November", "Maria", "father's diagnosis",
                        "Post a Comment", "Email This", "Share to Facebook",
                        "Newer Post", "Powered by Blogger", "All rights reserved",
                        "Skip to main", "Plain-language answers", "Dr. A. Example"):
        assert chrome_text not in page.body, chrome_text
    assert {"nav", "sidebar", "comments", "share buttons", "pager", "header",
            "footer"} <= set(page.dropped)


def test_extract_page_reports_dropped_items_sorted_and_unique(page):
    assert page.dropped == tuple(sorted(set(page.dropped)))
    assert {"script", "style", "iframe", "noscript", "popular-posts widget"} <= set(
        page.dropped)


def test_extract_page_keeps_nested_lists_with_indentation(page):
    lines = page.body.splitlines()
    assert "- Papillary RCC makes up about 1 in 10 cases." in lines
    assert "  - Type 1 tends to grow slowly." in lines
    assert "  1. It may be dull or sharp." in lines
    assert lines.index("  1. It may be dull or sharp.") == lines.index(
        "2. A pain in the side that doesn't go away") + 1


def test_extract_page_lists_popular_posts_as_related(page):
    assert page.related == RELATED
    assert [text for text, _ in page.links] == list(RELATED)
    assert page.links[0][1] == (
        "https://www.urologycancers.com/2023/10/can-bladder-cancer-be-prevented.html")
    assert "Smoking is the single biggest" not in page.body
    assert "Read more" not in page.related


def test_extract_page_drops_images_but_keeps_inline_text(page):
    assert "Diagram of the two kidneys" not in page.body
    assert "advice from your own care team." in page.body
    assert "[" not in page.body and "*" not in page.body


def test_script_text_never_reaches_body(page):
    assert "SECRET" not in page.body
    assert "document.write" not in page.body and "ga(" not in page.body


@pytest.mark.parametrize("markup", [
    "<p>Before</p><script>var x = '<p>SECRET</p>';</script><p>After</p>",
    "<p>Before</p><script type='text/template'><div>SECRET</div></script><p>After</p>",
    "<p>Before</p><style>p::after { content: 'SECRET'; }</style><p>After</p>",
    "<p>Before</p><noscript><p>SECRET</p></noscript><p>After</p>",
    "<p>Before</p><template><p>SECRET</p></template><p>After</p>",
    "<p>Before</p><iframe src='x'>SECRET</iframe><p>After</p>",
    "<p>Before</p><svg><title>SECRET</title><text>SECRET</text></svg><p>After</p>",
    "<p>Before</p><!-- SECRET --><p>After</p>",
    "<p>Before</p><p>After</p><script>SECRET unclosed <p>more</p>",
])
def test_script_text_never_reaches_body_of_any_page(markup):
    page = extract_page(f"<body><div class='post-body'>{markup}</div></body>")
    assert page.body == "Before\n\nAfter"
    assert html_to_markdown(markup) == "Before\n\nAfter"


# ---------------------------------------------------------------------------
# extract_page: finding the post, title and date on other page shapes
# ---------------------------------------------------------------------------


WORDPRESS = """<!doctype html><html><head>
<title>Can Bladder Cancer Be Prevented? &#8211; Urology Cancers</title>
<meta property="og:site_name" content="Urology Cancers">
<meta property="article:published_time" content="2023-10-12T08:00:00+00:00">
</head><body>
<header id="masthead" class="site-header"><p class="site-title">Urology Cancers</p>
<nav id="site-navigation" class="main-navigation">
<ul><li><a href="/">Home</a></li></ul></nav>
</header>
<div id="primary" class="content-area"><main id="main" class="site-main">
<article class="post type-post hentry">
<header class="entry-header">
<h1 class="entry-title">Can Bladder Cancer Be Prevented?</h1>
<div class="entry-meta">Posted on
<time class="entry-date updated" datetime="2024-02-01">February 1, 2024</time>
</div></header>
<div class="entry-content"><p>Not smoking is the best way to lower your risk.</p>
<div class="sharedaddy"><h3>Share this:</h3><a href="#">Twitter</a></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3>
<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title">
<a href="/what-is-kidney-cancer/">What Is Kidney Cancer?</a></h4></div></div>
</div>
<footer class="entry-footer">Posted in Bladder cancer</footer>
</article>
<div id="comments" class="comments-area">
<article class="comment">Nice post!</article></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Recent Posts</h2>
<ul><li><a href="/x/">Some other post</a></li></ul></section></aside>
<footer id="colophon" class="site-footer">Proudly powered by WordPress</footer>
</body></html>"""


def test_extract_page_reads_a_wordpress_post():
    page = extract_page(WORDPRESS)
    assert page.title == "Can Bladder Cancer Be Prevented?"
    assert page.body == "Not smoking is the best way to lower your risk."
    assert page.published == "2023-10-12"
    assert page.related == ("What Is Kidney Cancer?",)
    assert page.links == (("What Is Kidney Cancer?", "/what-is-kidney-cancer/"),)
    assert {"related-posts widget", "share buttons", "comments", "sidebar", "nav",
            "header", "footer"} <= set(page.dropped)


def test_extract_page_falls_back_to_the_largest_text_block():
    page = extract_page(
        "<html><body><div id='top'><a href='/'>Home</a> | "
        "<a href='/about'>About</a></div>"
        "<div id='wrap'><div class='text'><h2>What Is PSA?</h2>"
        "<p>PSA is a protein made by the prostate.</p><p>A blood test measures it.</p>"
        "</div><div class='note'>Short note.</div></div></body></html>")
    assert page.body == ("## What Is PSA?\n\nPSA is a protein made by the prostate.\n\n"
                         "A blood test measures it.")


def test_extract_page_ignores_post_like_elements_inside_widgets():
    page = extract_page(
        "<body><div class='PopularPosts'><article><h3 class='post-title'><a href='/a'>"
        "Other post</a></h3><p>Long teaser text of another post, quite long indeed.</p>"
        "</article></div><article><h1>Own post</h1><p>Own text.</p></article></body>")
    assert page.title == "Own post"
    assert page.body == "Own text."
    assert page.related == ("Other post",)


@pytest.mark.parametrize(("head", "expected"), [
    ("<meta property='og:title' content='From OG'><title>Blog: From title</title>",
     "From OG"),
    ("<meta property='og:site_name' content='Blog'><title>Blog: From title</title>",
     "From title"),
    ("<meta property='og:site_name' content='Blog'><title>From title | Blog</title>",
     "From title"),
    ("<title>Only a title</title>", "Only a title"),
    ("", None),
])
def test_extract_page_title_falls_back_to_og_title_then_title_tag(head, expected):
    page = extract_page(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    assert page.title == expected
    assert page.body == "Text."


def test_extract_page_drops_a_leading_heading_that_repeats_the_title():
    page = extract_page(
        "<head><meta property='og:title' content='Living With One Kidney'></head>"
        "<div class='post-body'><h2>Living with one kidney</h2>"
        "<p>Most people do well.</p></div>")
    assert page.body == "Most people do well."


@pytest.mark.parametrize(("markup", "expected"), [
    ("<time datetime='2023-11-05T09:30:00-05:00'>Nov 5</time>", "2023-11-05"),
    ("<abbr class='published' title='2022-03-04T10:00:00Z'>10:00 AM</abbr>",
     "2022-03-04"),
    ("<span class='published'>Sunday, November 5, 2023</span>", "2023-11-05"),
    ("<span itemprop='datePublished' content='2021-07-01'></span>", "2021-07-01"),
    ("<span class='published'>5 March 2020</span>", "2020-03-05"),
    ("<span class='published'>someday</span>", None),
    ("<time datetime='2023-02-30'>bad</time>", None),
])
def test_extract_page_reads_published_date(markup, expected):
    page = extract_page(f"<article>{markup}<div class='post-body'><p>Text.</p></div>"
                        "</article>")
    assert page.published == expected


def test_extract_page_returns_empty_body_for_an_empty_page():
    page = extract_page("")
    assert page == ExtractedPage(None, "", (), (), None, ())


def test_extract_page_keeps_text_of_a_page_wrapped_in_a_form():
    page = extract_page(
        "<body><form id='aspnetForm'><nav>Menu</nav><div class='post-body'>"
        "<p>Body text.</p></div><input value='SECRET'></form></body>")
    assert page.body == "Body text."
    assert "nav" in page.dropped


# ---------------------------------------------------------------------------
# html_to_markdown: the light Markdown rules
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("fragment", "expected"), [
    ("", ""),
    ("   \n ", ""),
    ("<p>One</p><p>Two</p>", "One\n\nTwo"),
    ("<p>Spaced   \n  out\ttext</p>", "Spaced out text"),
    ("<p>A&nbsp;&amp;&nbsp;B &lt;3 &eacute;&#233;&#x2014;</p>",
     "A & B <3 \u00e9\u00e9\u2014"),
    ("<p>in<b>line</b> <em>marks</em>, <a href='/x'>link text</a>.</p>",
     "inline marks, link text."),
    ("<h1>One</h1><h3>Three</h3><h6>Six</h6>", "# One\n\n### Three\n\n###### Six"),
    ("<h2>Step <br>two</h2>", "## Step two"),
    ("<p>line<br>break<br/>again</p>", "line\nbreak\nagain"),
    ("Blogger text<br><br>next paragraph<br /><br /><br />third",
     "Blogger text\n\nnext paragraph\n\nthird"),
    ("<div>Compose</div><div><br></div><div>mode</div>", "Compose\n\nmode"),
    ("<p>Before</p><hr><p>After</p>", "Before\n\n---\n\nAfter"),
    ("<blockquote><p>Quote one</p><p>Quote two</p></blockquote>",
     "> Quote one\n>\n> Quote two"),
    ("<blockquote>Outer<blockquote>Inner</blockquote></blockquote>",
     "> Outer\n>\n> > Inner"),
    ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
    ("<ol start='3'><li>c</li><li value='7'>g</li><li>h</li></ol>", "3. c\n7. g\n8. h"),
    ("<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li></ul>",
     "- a\n  - b\n    1. c"),
    ("<ul><li><p>first para</p><p>second para</p></li></ul>",
     "- first para\n  second para"),
    ("<ul><li>a</li><ul><li>nested without li</li></ul></ul>",
     "- a\n  - nested without li"),
    ("<ul><li></li><li>only</li></ul>", "- only"),
    ("<p>Intro</p><ul><li>item</li></ul><p>Outro</p>", "Intro\n\n- item\n\nOutro"),
    ("<table><caption>Stages</caption><tr><th>Stage</th><th>Meaning</th></tr>"
     "<tr><td>I</td><td>Small, <b>inside</b> the kidney</td></tr>"
     "<tr><td>IV</td><td></td><td>Spread</td></tr></table>",
     "Stages\n\nStage | Meaning\n\nI | Small, inside the kidney\n\nIV | Spread"),
    ("<table><tr><td><ul><li>one</li><li>two</li></ul></td><td>x</td></tr></table>",
     "one two | x"),
    ("<p>Photo:</p><img src='a.png' alt='A kidney'><figure><img src='b.png'>"
     "<figcaption>Caption text</figcaption></figure>", "Photo:\n\nCaption text"),
    ("<pre>line one\n  line two\n\nline four</pre>", "line one\nline two\n\nline four"),
    ("<p>zero\u200bwidth soft\u00adhyphen</p>", "zerowidth softhyphen"),
    ("<p>unclosed <b>bold <i>italic</p><p>next</p>", "unclosed bold italic\n\nnext"),
    ("plain text only", "plain text only"),
])
def test_html_to_markdown_follows_the_light_markdown_rules(fragment, expected):
    assert html_to_markdown(fragment) == expected


@pytest.mark.parametrize(("fragment", "expected"), [
    ("<p># not a heading</p>", "\\# not a heading"),
    ("<p>#1 tip</p>", "\\#1 tip"),
    ("<p>- not an item</p>", "\\- not an item"),
    ("<p>+ plus</p>", "\\+ plus"),
    ("<p>* star</p>", "\\* star"),
    ("<p>1. not numbered</p>", "1\\. not numbered"),
    ("<p>2021) a year</p>", "2021\\) a year"),
    ("<p>&gt; not a quote</p>", "\\> not a quote"),
    ("<p>---</p>", "\\---"),
    ("<p>===</p>", "\\==="),
    ("<p>```</p>", "\\```"),
    ("<p>&lt;div&gt; literally</p>", "\\<div> literally"),
    ("<p>ok<br># after break</p>", "ok\n\\# after break"),
    ("<ul><li>- dash item</li></ul>", "- \\- dash item"),
    ("<table><tr><td>1. one</td><td>b</td></tr></table>", "1\\. one | b"),
    ("<h2>Using C#</h2>", "## Using C#"),
    ("<h2>Step #</h2>", "## Step \\#"),
    ("<p>-5 degrees and 3.5 cm</p>", "-5 degrees and 3.5 cm"),
    ("<p>2023 was a year</p>", "2023 was a year"),
])
def test_html_to_markdown_escapes_markdown_characters_at_line_start(fragment, expected):
    assert html_to_markdown(fragment) == expected


def test_html_to_markdown_keeps_headings_out_of_list_items():
    assert html_to_markdown("<ul><li><h3>Heading in item</h3>text</li></ul>") == (
        "- Heading in item\n  text")


def test_html_to_markdown_survives_deeply_nested_tags():
    depth = 5000
    fragment = "<div>" * depth + "deep" + "</div>" * depth
    assert html_to_markdown(fragment) == "deep"
    unclosed = "<p><b>x" * depth
    assert html_to_markdown(unclosed).split() == ["x"] * depth
    assert extract_page("<ul><li>" * depth + "item").body.endswith("- item")


def test_html_to_text_returns_visible_text_on_one_line():
    fragment = "<p>What is</p><p>kidney <b>cancer</b>?<script>x</script></p>"
    assert html_to_text(fragment) == "What is kidney cancer?"


def test_htmlpage_re_exports_the_renderer_of_htmlmarkdown():
    assert htmlpage.html_to_markdown is htmlmarkdown.html_to_markdown
    assert htmlpage.html_to_text is htmlmarkdown.html_to_text
    assert {"html_to_markdown", "html_to_text"} <= set(htmlpage.__all__)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

_TAGS = [
        "<p>", "</p>", "<div>", "</div>", "<ul>", "</ul>", "<ol start='x'>", "</ol>",
        "<li>", "</li>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>",
        "<th>", "<blockquote>", "</blockquote>", "<h2>", "</h2>", "<br>", "<hr>",
        "<pre>", "</pre>", "<b>", "</b>", "<a href='/x'>", "</a>", "<img alt='y'>",
        "<article>", "</article>", "<nav>", "</nav>", "<aside>", "<form>",
        "<div class='post-body'>", "<div class='PopularPosts'>",
        "<h3 class='post-title'>",
        "<header>", "<footer>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&nbsp;",
        "&#0;", "&#x110000;", "<time datetime='2023-99-99'>", "<title>", "<head>",
        "<script>SECRET</script>", "<style>SECRET</style>", "<caption>", "</li></ul>",
]
#: Random text and tags; anything goes.
_HTMLISH = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(_TAGS)),
                    max_size=60).map("".join)
#: The same without "<" in the text and without comment or CDATA openers, so every
#: "<script>SECRET</script>" really is a script (after "<?" or "<!--" it is not).
_HTMLISH_WITH_REAL_SCRIPTS = st.lists(st.one_of(
    st.text(st.characters(blacklist_characters="<"), max_size=20),
    st.sampled_from([tag for tag in _TAGS if tag not in ("<!--", "<![CDATA[")]),
), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters()))  # lone surrogates included
def test_extract_page_never_raises_on_random_text(text):
    page = extract_page(text)
    assert isinstance(page.body, str)
    assert page.dropped == tuple(sorted(set(page.dropped)))


@settings(max_examples=300, deadline=None)
@given(_HTMLISH)
def test_extract_page_never_raises_on_random_markup(markup):
    page = extract_page(markup)
    assert len(page.related) == len(page.links)
    assert isinstance(html_to_markdown(markup), str)


@settings(max_examples=300, deadline=None)
@given(_HTMLISH_WITH_REAL_SCRIPTS)
def test_script_text_never_reaches_body_of_random_markup(markup):
    assert "SECRET" not in extract_page(markup).body
    assert "SECRET" not in html_to_markdown(markup)


_WORDS = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs"),
                               blacklist_characters="\\"), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_WORDS)
def test_plain_text_survives_conversion_apart_from_whitespace(text):
    result = html_to_markdown(html.escape(text))
    if result.startswith("\\"):
        result = result[1:]
    elif result[:1].isdigit():
        result = result.replace("\\", "", 1)
    assert result == " ".join(text.split())
