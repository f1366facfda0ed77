"""Keep the post from a saved blog page, as light Markdown.

A saved Blogger or WordPress page holds far more than the post: menus, a sidebar,
widgets, share buttons, comments, scripts. :func:`extract_page` finds the post body
(by the usual containers, else the largest block of text), drops the rest and reports
what it dropped; :func:`html_to_markdown` turns any HTML fragment (also a Blogger post's
content) into the light Markdown that ``sections.split_markdown`` reads.

The Markdown is plain text with structure only:

- ``h1``-``h6`` become ATX headings (``#`` to ``######``);
- paragraphs are separated by one blank line; ``<br>`` is a line break inside the
  paragraph, and two or more ``<br>`` in a row start a new paragraph (Blogger's
  compose mode writes paragraphs that way);
- list items are ``- `` or ``1. `` (``<ol start>`` and ``<li value>`` respected),
  indented by 2 spaces per nesting level; an item's further paragraphs follow on
  continuation lines indented 2 spaces more than the item, without blank lines;
- ``<blockquote>`` lines start with ``> ``; ``<hr>`` is ``---`` on its own line;
- a table becomes one paragraph per row, its non-empty cells joined by ``" | "``
  (a caption is a paragraph of its own);
- inline markup is dropped and its visible text kept (no emphasis or link syntax is
  written), images are dropped with their alt text, entities are decoded, whitespace
  runs become one space, and zero-width spaces, word joiners, BOMs and soft hyphens
  are removed;
- a line whose start would be misread as Markdown is escaped with a backslash
  CommonMark's way: ``\\#``, ``\\>``, ``\\-``, ``\\+``, ``\\*``, ``1\\.``, ``\\---``,
  ``\\===``, ``\\```` and ``\\<`` (before a letter, ``/``, ``!`` or ``?``).

Parsing uses BeautifulSoup's stdlib ``html.parser`` backend. The tree is walked without
recursion, so badly nested pages (thousands of unclosed tags) cannot exhaust the stack.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import (
    NavigableString,
    PageElement,
    PreformattedString,
    Script,
    Stylesheet,
    Tag,
    TemplateString,
)

__all__ = ["ExtractedPage", "extract_page", "html_to_markdown", "html_to_text"]


@dataclass(frozen=True)
class ExtractedPage:
    """The post kept from one saved page.

    Attributes
    ----------
    title : str or None
        The post title (post-title element, first ``h1`` of the post, ``og:title`` or
        ``<title>`` without the blog name, in that order).
    body : str
        The post body as light Markdown (see the module docstring); the title is not
        repeated in it.
    related : tuple of str
        Titles listed by "Popular posts" / "Related posts" widgets, in page order.
    links : tuple of (str, str)
        ``(text, href)`` of those titles, same order; ``href`` is ``""`` when none.
    published : str or None
        Publication date ``YYYY-MM-DD`` when the page states one.
    dropped : tuple of str
        Sorted, unique short names of what was removed ("script", "nav", "sidebar",
        "comments", "popular-posts widget", ...), for the audit log.
    """

    title: str | None
    body: str
    related: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    published: str | None
    dropped: tuple[str, ...]


# ---------------------------------------------------------------------------
# What is dropped
# ---------------------------------------------------------------------------

#: Elements whose content a reader never sees as text, with their log names.
_NON_TEXT_TAGS: dict[str, str] = {
    "script": "script",
    "style": "style",
    "noscript": "noscript",
    "template": "template",
    "iframe": "iframe",
    "frame": "iframe",
    "object": "object",
    "embed": "embed",
    "applet": "object",
    "svg": "svg",
    "canvas": "canvas",
    "audio": "audio",
    "video": "video",
    "button": "form",
    "input": "form",
    "select": "form",
    "textarea": "form",
}

#: Page chrome recognised by a class or id token (whole token, any case), checked in
#: this order; the first match names the element in the log.
_CHROME_TOKENS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"popular-?posts?(?:-widget)?\d*", "popular-posts widget"),
        (r"(?:jp-)?related-?posts?(?:-widget)?\d*|yarpp-related|crp_related"
         r"|linkwithin_div", "related-posts widget"),
        (r"featured-?post\d*", "featured-post widget"),
        (r"comments?(?:-area|-section|-block|-wrapper)?|disqus_thread|respond"
         r"|fb-comments", "comments"),
        (r"share|sharing|share-?(?:buttons|bar|box)|post-share-buttons|sharedaddy"
         r"|addthis_toolbox|social-share", "share buttons"),
        (r"blog-pager|pager|pagination|post-navigation|nav-links", "pager"),
        (r"breadcrumbs?", "breadcrumbs"),
        (r"nav|navbar|menu|main-menu|primary-menu|site-navigation|PageList\d*", "nav"),
        (r"sidebar(?:-wrapper|-container|-left|-right)?|widget-area", "sidebar"),
    )
)

#: ARIA roles that mark page chrome.
_CHROME_ROLES = {"navigation": "nav", "complementary": "sidebar"}

#: Names of the widgets whose titles become ``related``.
_WIDGET_NAMES = frozenset({"popular-posts widget", "related-posts widget"})

_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)

#: Post metadata (date line, labels, author) that sits inside some post containers.
_POST_META_TOKENS = frozenset({
    "post-header", "post-footer", "entry-header", "entry-footer", "entry-meta",
    "post-meta", "byline", "post-labels",
})

# ---------------------------------------------------------------------------
# Where the post is
# ---------------------------------------------------------------------------

#: Post-body containers, most specific first. When several elements match one
#: selector, the one with the most text wins.
_BODY_SELECTORS = (
    "[itemprop~=articleBody]",
    ".post-body",
    ".entry-content",
    "article",
    "main",
    "[role=main]",
    "#main",
)

#: Elements that hold blocks of text, for the largest-text-block fallback.
_TEXT_CONTAINERS = frozenset({
    "div", "section", "article", "main", "body", "td", "th", "center", "form",
})

#: How far up the tree to look for a container or a post wrapper.
_MAX_CLIMB = 60

_TITLE_TOKENS = frozenset({"post-title", "entry-title"})
_POST_WRAPPER_TOKENS = frozenset({
    "post", "hentry", "type-post", "post-outer", "blog-post",
})
_WIDGET_TITLE_TOKEN = re.compile(r"(?:[\w-]*-)?(?:post|entry|item)-title",
                                 re.IGNORECASE)
_READ_MORE = re.compile(
    r"(?:(?:read|show|see|view)\s+)?more\b\W*|continue\s+reading\W*", re.IGNORECASE)


def extract_page(html: str) -> ExtractedPage:
    """Keep the post of a saved blog page as light Markdown.

    Parameters
    ----------
    html : str
        The decoded page.

    Returns
    -------
    ExtractedPage
        Title, body, related-post titles and links, publication date and the names
        of what was dropped.

    Notes
    -----
    Steps: drop non-text elements (scripts, styles, embeds, form controls); find page
    chrome (navigation, sidebar, widgets, comments, share buttons, pager, breadcrumbs,
    forms, hidden elements); take the post body from the first container selector
    (``[itemprop~=articleBody]``, ``.post-body``, ``.entry-content``, ``article``,
    ``main``, ``[role=main]``, ``#main``) that matches text outside chrome, else the
    element holding the most text; remove the chrome (never an element that holds the
    body), read title and date, then drop headers and footers outside the body or
    directly inside it, post metadata and the title heading, and convert what is left.
    """
    soup = _parse(html)
    head = _head_metadata(soup)
    dropped = _drop_non_text(soup)
    chrome = _find_chrome(soup)
    # a form may wrap a whole page (ASP.NET): it never disqualifies a body container
    inside_chrome = _ids_inside(tag for tag, name in chrome if name != "form")
    related = _related_links([tag for tag, name in chrome if name in _WIDGET_NAMES])
    container = _find_container(soup, inside_chrome)
    dropped |= _remove_chrome(chrome, container)
    scope = _post_scope(container)
    title_element, title = _find_title(soup, scope, head)
    published = _find_published(soup, scope)
    dropped |= _remove_page_frame(soup, container)
    _remove_title(container, title_element, title)
    return ExtractedPage(
        title=title,
        body=_to_markdown(_render(container)),
        related=tuple(text for text, _ in related),
        links=tuple(related),
        published=published,
        dropped=tuple(sorted(dropped)),
    )


def html_to_markdown(fragment: str) -> str:
    """Convert an HTML fragment to light Markdown (rules in the module docstring).

    Scripts, styles, embeds and form controls are dropped; page chrome is not looked
    for (use :func:`extract_page` for whole pages).

    Parameters
    ----------
    fragment : str
        HTML text, e.g. a Blogger post's ``content``.

    Returns
    -------
    str
        Blocks separated by one blank line, no trailing newline; ``""`` if there is
        no visible text.
    """
    soup = _parse(fragment)
    _drop_non_text(soup)
    return _to_markdown(_render(soup))


def html_to_text(fragment: str) -> str:
    """Return the visible text of an HTML fragment on one line, without any Markdown."""
    soup = _parse(fragment)
    _drop_non_text(soup)
    return _plain(soup)


# ---------------------------------------------------------------------------
# Dropping and finding
# ---------------------------------------------------------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse(markup: str) -> BeautifulSoup:
    """Parse with the stdlib backend; lone surrogates (undecodable) become U+FFFD."""
    markup = _cut_unclosed_comment(_LONE_SURROGATE.sub("\ufffd", markup))
    with warnings.catch_warnings():
        # a post may look like XML, a URL or a file name; it is still read as HTML
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "html.parser")


def _cut_unclosed_comment(markup: str) -> str:
    """Drop an unclosed ``<!--`` and all after it: browsers read it as a comment to the end.

    Python's ``html.parser`` (before 3.13.4) instead reads ``<!--`` up to the next ``>``
    as visible text and parses on, so ``<!--<script>x</script>`` would show ``x``. The
    cut is made only where no ``-->`` follows and the ``<!--`` is not inside a script or
    style (whose text may hold ``<!--`` without ending the page).
    """
    last_close = markup.rfind("-->")
    opened = markup.find("<!--", last_close + 3 if last_close != -1 else 0)
    if opened == -1:
        return markup
    lower = markup[:opened].lower()
    for element in ("script", "style"):
        start = lower.rfind(f"<{element}")
        if start != -1 and lower.find(f"</{element}", start) == -1:
            return markup
    return markup[:opened]


def _drop_non_text(soup: BeautifulSoup) -> set[str]:
    """Remove scripts, styles, embeds and form controls; return their log names."""
    names = set()
    for tag in soup.find_all(list(_NON_TEXT_TAGS)):
        names.add(_NON_TEXT_TAGS[tag.name])
        tag.extract()
    return names


def _tokens(tag: Tag) -> list[str]:
    """Return the class tokens and the id of ``tag``."""
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    tag_id = tag.get("id")
    return [*classes, tag_id] if isinstance(tag_id, str) and tag_id else list(classes)


def _class_set(tag: Tag) -> set[str]:
    classes = tag.get("class") or []
    return set(classes.split() if isinstance(classes, str) else classes)


def _chrome_name(tag: Tag) -> str | None:
    """Return the log name if ``tag`` is page chrome, else None."""
    tokens = _tokens(tag)
    for pattern, name in _CHROME_TOKENS:
        if any(pattern.fullmatch(token) for token in tokens):
            return name
    role = str(tag.get("role") or "").strip().lower()
    if role in _CHROME_ROLES:
        return _CHROME_ROLES[role]
    if tag.name in ("nav", "aside", "form"):
        return tag.name
    if tag.has_attr("hidden") or _DISPLAY_NONE.search(str(tag.get("style") or "")):
        return "hidden"
    return None


def _find_chrome(soup: BeautifulSoup) -> list[tuple[Tag, str]]:
    """Return every chrome element (nested ones too) and its log name, in order."""
    found = []
    for tag in soup.find_all(True):
        if tag.name in ("html", "body", "head"):
            continue
        name = _chrome_name(tag)
        if name is not None:
            found.append((tag, name))
    return found


def _ids_inside(tags: Iterable[Tag]) -> set[int]:
    """Return the ids of ``tags`` and of everything inside them."""
    ids: set[int] = set()
    for tag in tags:
        if id(tag) in ids:
            continue
        ids.add(id(tag))
        ids.update(id(node) for node in tag.descendants)
    return ids


def _is_visible_text(node: PageElement) -> bool:
    """True for text a reader sees (not comments, doctype, CDATA or script text)."""
    return isinstance(node, NavigableString) and not isinstance(
        node, PreformattedString | Script | Stylesheet | TemplateString)


def _text_length(tag: Tag) -> int:
    """Count the non-space characters of the visible text inside ``tag``."""
    return sum(len("".join(str(node).split())) for node in tag.descendants
               if _is_visible_text(node))


def _find_container(soup: BeautifulSoup, inside_chrome: set[int]) -> Tag:
    """Return the element holding the post body (see :func:`extract_page`)."""
    for selector in _BODY_SELECTORS:
        candidates = [tag for tag in soup.select(selector)
                      if id(tag) not in inside_chrome and _climb(tag, "head") is None]
        lengths = [_text_length(tag) for tag in candidates]
        if lengths and max(lengths) > 0:
            return candidates[lengths.index(max(lengths))]
    return _largest_text_block(soup, inside_chrome)


def _climb(tag: Tag, name: str) -> Tag | None:
    """Return the nearest ancestor-or-self of ``tag`` called ``name`` (None if none)."""
    node: Tag | None = tag
    for _ in range(_MAX_CLIMB):
        if node is None:
            return None
        if node.name == name:
            return node
        node = node.parent
    return None


def _largest_text_block(soup: BeautifulSoup, inside_chrome: set[int]) -> Tag:
    """Return the container element credited with the most visible text.

    Each text run is credited to its nearest ``div``/``section``/``article``/``main``/
    ``body``/``td``/... ancestor, so paragraphs and list items count for the block
    around them; the whole document is the fallback.
    """
    credit: dict[int, int] = {}
    holders: dict[int, Tag] = {}
    for node in soup.descendants:
        if not _is_visible_text(node) or id(node) in inside_chrome:
            continue
        size = len("".join(str(node).split()))
        if not size:
            continue
        holder: Tag = soup
        parent = node.parent
        for _ in range(_MAX_CLIMB):
            if parent is None or parent.name == "head":
                break
            if parent.name in _TEXT_CONTAINERS:
                holder = parent
                break
            parent = parent.parent
        if parent is not None and parent.name == "head":
            continue
        credit[id(holder)] = credit.get(id(holder), 0) + size
        holders[id(holder)] = holder
    if not credit:
        return soup
    best = max(credit, key=lambda key: credit[key])
    return holders[best]


def _contains(outer: Tag, inner: Tag) -> bool:
    """True if ``inner`` is ``outer`` or lies inside it."""
    node: Tag | None = inner
    while node is not None:
        if node is outer:
            return True
        node = node.parent
    return False


def _remove_chrome(chrome: list[tuple[Tag, str]], container: Tag) -> set[str]:
    """Remove chrome elements except those holding the body; return their names."""
    names = set()
    for tag, name in chrome:
        if _contains(tag, container):
            continue
        names.add(name)
        tag.extract()
    return names


def _remove_page_frame(soup: BeautifulSoup, container: Tag) -> set[str]:
    """Remove headers/footers outside the body or directly in it, and post metadata."""
    names = set()
    removed: set[int] = set()
    for tag in soup.find_all(True):
        if id(tag) in removed:  # went with an ancestor
            continue
        role = str(tag.get("role") or "").strip().lower()
        if tag.name in ("header", "footer") or role in ("banner", "contentinfo"):
            is_footer = tag.name == "footer" or role == "contentinfo"
            name = "footer" if is_footer else "header"
            if _contains(tag, container):
                continue
            if _contains(container, tag) and tag.parent is not container:
                continue
            names.add(name)
        elif _class_set(tag) & _POST_META_TOKENS and tag is not container and _contains(
                container, tag):
            names.add("post meta")
        else:
            continue
        removed |= _ids_inside([tag])
        tag.extract()
    return names


def _post_scope(container: Tag) -> Tag | None:
    """Return the element wrapping the whole post (title, date, body), if any."""
    node: Tag | None = container
    for _ in range(_MAX_CLIMB):
        if node is None or isinstance(node, BeautifulSoup):
            return None
        itemtype = str(node.get("itemtype") or "")
        if (node.name == "article" or _class_set(node) & _POST_WRAPPER_TOKENS
                or "BlogPosting" in itemtype or itemtype.endswith("/Article")):
            return node
        node = node.parent
    return None


# ---------------------------------------------------------------------------
# Title, date, related posts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _HeadMetadata:
    og_title: str | None
    site_name: str | None
    title_tag: str | None


def _meta_content(soup: BeautifulSoup, *keys: str) -> str | None:
    """Return the content of the first ``<meta>`` whose property/name is in ``keys``."""
    wanted = {key.lower() for key in keys}
    for meta in soup.find_all("meta"):
        key = str(meta.get("property") or meta.get("name") or meta.get("itemprop")
                  or "")
        if key.lower() in wanted:
            content = " ".join(str(meta.get("content") or "").split())
            if content:
                return content
    return None


def _head_metadata(soup: BeautifulSoup) -> _HeadMetadata:
    title = soup.find("title")
    title_text = " ".join(title.get_text().split()) if title else ""
    return _HeadMetadata(
        og_title=_meta_content(soup, "og:title", "twitter:title"),
        site_name=_meta_content(soup, "og:site_name"),
        title_tag=title_text or None,
    )


def _is_title_element(tag: Tag) -> bool:
    itemprop = str(tag.get("itemprop") or "").split()
    return bool(_class_set(tag) & _TITLE_TOKENS) or "headline" in itemprop


def _find_title(soup: BeautifulSoup, scope: Tag | None,
                head: _HeadMetadata) -> tuple[Tag | None, str | None]:
    """Return the title element (if the title came from one) and the title text."""
    searches: list[tuple[Tag, object]] = []
    if scope is not None:
        searches.append((scope, _is_title_element))
    searches.append((soup, _is_title_element))
    if scope is not None:
        searches.append((scope, "h1"))
    for where, what in searches:
        for tag in where.find_all(what):
            text = _plain(tag)
            if text:
                return tag, text
    if head.og_title:
        return None, head.og_title
    if head.title_tag:
        return None, _strip_site_name(head.title_tag, head.site_name)
    return None, None


def _strip_site_name(title: str, site: str | None) -> str:
    """Remove "Blog name: " / " | Blog name" around a ``<title>``."""
    if not site or title == site:
        return title
    separator = r"\s*[:|\-\u2013\u2014\u00b7\u00bb]\s*"
    for pattern in (f"^{re.escape(site)}{separator}", f"{separator}{re.escape(site)}$"):
        stripped = re.sub(pattern, "", title)
        if stripped != title and stripped:
            return stripped
    return title


def _remove_title(container: Tag, title_element: Tag | None, title: str | None) -> None:
    """Keep the post title out of the body: its element, or a leading equal heading."""
    if title_element is not None and title_element is not container and _contains(
            container, title_element):
        title_element.extract()
        return
    if not title:
        return
    for node in container.descendants:
        if _is_visible_text(node) and str(node).strip():
            heading = node.find_parent(["h1", "h2", "h3", "h4", "h5", "h6"])
            if (heading is not None and _contains(container, heading)
                    and heading is not container
                    and _plain(heading).casefold() == title.casefold()):
                heading.extract()
            return


_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1)
    for name in names
}
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MONTH_FIRST = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def _iso_date(value: str) -> str | None:
    """Return ``YYYY-MM-DD`` from an ISO timestamp or an English date, else None."""
    candidates: list[tuple[str, str, str]] = []
    if match := _ISO_DATE.search(value):
        candidates.append(match.groups())
    if match := _MONTH_FIRST.search(value):
        month, day, year = match.groups()
        if month.lower() in _MONTHS:
            candidates.append((year, str(_MONTHS[month.lower()]), day))
    if match := _DAY_FIRST.search(value):
        day, month, year = match.groups()
        if month.lower() in _MONTHS:
            candidates.append((year, str(_MONTHS[month.lower()]), day))
    for year, month, day in candidates:
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


def _find_published(soup: BeautifulSoup, scope: Tag | None) -> str | None:
    """Return the publication date: ``.published``/datePublished, meta, ``time``."""
    where = scope if scope is not None else soup
    for tag in where.find_all(True):
        itemprop = str(tag.get("itemprop") or "").split()
        if "published" in _class_set(tag) or "datePublished" in itemprop:
            for value in (tag.get("datetime"), tag.get("content"), tag.get("title"),
                          _plain(tag)):
                if isinstance(value, str) and (found := _iso_date(value)):
                    return found
    meta = _meta_content(soup, "article:published_time", "datePublished")
    if meta and (found := _iso_date(meta)):
        return found
    for tag in where.find_all("time"):
        itemprop = str(tag.get("itemprop") or "")
        if "updated" in _class_set(tag) or "dateModified" in itemprop:
            continue
        if (found := _iso_date(str(tag.get("datetime") or ""))):
            return found
    return None


def _related_links(widgets: list[Tag]) -> list[tuple[str, str]]:
    """Return ``(title, href)`` of the posts listed by the widgets, deduplicated."""
    seen: set[str] = set()
    out = []
    for widget in widgets:
        if any(_contains(other, widget) for other in widgets if other is not widget):
            continue
        for text, href in _widget_links(widget):
            key = href or text
            if key not in seen:
                seen.add(key)
                out.append((text, href))
    return out


def _href(tag: Tag | None) -> str:
    return str(tag.get("href") or "").strip() if tag is not None else ""


def _widget_links(widget: Tag) -> list[tuple[str, str]]:
    """List one widget's post titles: title elements, else links, else list items."""
    titled = [tag for tag in widget.find_all(True)
              if any(_WIDGET_TITLE_TOKEN.fullmatch(token) for token in _tokens(tag))]
    titled = [tag for tag in titled
              if not any(o is not tag and _contains(o, tag) for o in titled)]
    if titled:
        pairs = []
        for tag in titled:
            anchor = tag if tag.name == "a" else tag.find("a", href=True)
            pairs.append((_plain(tag), _href(anchor)))
        return [(text, href) for text, href in pairs if text]
    pairs = []
    hrefs: set[str] = set()
    for anchor in widget.find_all("a", href=True):
        text, href = _plain(anchor), _href(anchor)
        if text and href not in hrefs and not _READ_MORE.fullmatch(text):
            hrefs.add(href)
            pairs.append((text, href))
    if pairs:
        return pairs
    return [(text, "") for item in widget.find_all("li") if (text := _plain(item))]


# ---------------------------------------------------------------------------
# HTML to light Markdown
# ---------------------------------------------------------------------------

_HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
_LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "header", "hgroup", "html", "legend", "main", "nav", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead",
})
#: Never rendered: no visible text, or not the body (images: alt text is skipped).
_SKIP_TAGS = frozenset({
    "area", "base", "head", "img", "link", "map", "meta", "picture", "source", "title",
    "track", "wbr", *_NON_TEXT_TAGS,
})
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_WHITESPACE = re.compile(r"\s+")
_SPACE_RUN = re.compile(" {2,}")
_ORDERED_START = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
_MARKDOWN_START = re.compile(
    r"#|>|[-+*](?=\s|$)|(?:[-*_]\s*){3,}$|=+\s*$|`{3}|~{3}|<[A-Za-z/!?]")


def _escape_line(line: str) -> str:
    """Backslash-escape a line start that Markdown would read as structure."""
    if match := _ORDERED_START.match(line):
        return f"{match.group(1)}\\{line[len(match.group(1)):]}"
    if _MARKDOWN_START.match(line):
        return "\\" + line
    return line


def _escape_heading(text: str) -> str:
    """Escape trailing hashes, which ATX would read as a closing sequence."""
    return re.sub(r"(^|\s)(#+)$", lambda m: f"{m.group(1)}\\{m.group(2)}", text)


@dataclass(frozen=True)
class _Block:
    """One rendered block: its kind, its Markdown lines and its text on one line."""

    kind: str  # "para", "heading", "list", "quote", "rule"
    markdown: str
    plain: str


@dataclass
class _Flow:
    """Collects blocks for the document, a blockquote, a list item, a cell or a heading.

    ``owner`` is the element that opened it (None for an implicit item or cell made
    for stray content in a list or table row).
    """

    kind: str  # "root", "quote", "item", "cell", "heading"
    owner: Tag | None
    marker: str = ""
    level: int = 0
    blocks: list[_Block] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)

    def flush(self) -> None:
        """Turn the pending inline text into paragraphs (a blank line splits them)."""
        if not self.inline:
            return
        text = "".join(self.inline)
        self.inline.clear()
        paragraphs: list[list[str]] = [[]]
        for raw in text.split("\n"):
            line = _SPACE_RUN.sub(" ", raw).strip()
            if line:
                paragraphs[-1].append(line)
            elif paragraphs[-1]:
                paragraphs.append([])
        for lines in paragraphs:
            if lines:
                self.blocks.append(_Block("para", "\n".join(map(_escape_line, lines)),
                                          " ".join(lines)))

    def plain(self) -> str:
        return " ".join(block.plain for block in self.blocks if block.plain)

    def markdown(self) -> str:
        return "\n\n".join(block.markdown for block in self.blocks)

    def item_lines(self) -> list[str]:
        """Render as a list item: marker on the first line, 2-space continuations."""
        lines: list[str] = []
        for block in self.blocks:
            if block.kind == "rule":
                continue
            if block.kind == "heading":
                lines.append(_escape_line(block.plain))
            else:
                lines.extend(block.markdown.split("\n"))
        if not lines:
            return []
        if self.blocks[0].kind == "list":
            return ["  " + line for line in lines]
        return [self.marker + lines[0], *("  " + line for line in lines[1:])]


@dataclass
class _ListFrame:
    owner: Tag | None
    ordered: bool
    number: int = 1
    lines: list[str] = field(default_factory=list)
    plains: list[str] = field(default_factory=list)

    def next_marker(self, item: Tag | None) -> str:
        if item is not None and (value := _int_attribute(item, "value")) is not None:
            self.number = value
        marker = f"{self.number}. " if self.ordered else "- "
        self.number += 1
        return marker


@dataclass
class _RowFrame:
    owner: Tag | None
    cells: list[str] = field(default_factory=list)


_Frame = _Flow | _ListFrame | _RowFrame


def _int_attribute(tag: Tag, name: str) -> int | None:
    value = str(tag.get(name) or "").strip()
    return int(value) if re.fullmatch(r"-?\d{1,9}", value) else None


class _Renderer:
    """Turns start/text/end events into blocks, with an explicit stack of frames."""

    def __init__(self) -> None:
        self.root = _Flow("root", None)
        self.stack: list[_Frame] = [self.root]
        #: Stack index of each open frame's owner element (by ``id``), so closing a
        #: tag costs the same however deep the stack is.
        self.owned: dict[int, int] = {}
        self.pre_depth = 0

    # -- helpers ---------------------------------------------------------------

    def _flow(self) -> _Flow:
        """Return the flow that takes content, opening an implicit item or cell."""
        top = self.stack[-1]
        if isinstance(top, _ListFrame):
            flow = _Flow("item", None, marker=top.next_marker(None))
            self._push(flow)
            return flow
        if isinstance(top, _RowFrame):
            flow = _Flow("cell", None)
            self._push(flow)
            return flow
        return top

    def _push(self, frame: _Frame) -> None:
        """Open ``frame``, remembering where its owner element sits on the stack."""
        if frame.owner is not None:
            self.owned[id(frame.owner)] = len(self.stack)
        self.stack.append(frame)

    def _block_flow(self) -> _Flow:
        """Return the content flow with its pending inline text flushed."""
        flow = self._flow()
        flow.flush()
        return flow

    def _close_implicit(self, kind: str) -> None:
        top = self.stack[-1]
        if isinstance(top, _Flow) and top.kind == kind and top.owner is None:
            self._pop()

    # -- events ----------------------------------------------------------------

    def text(self, value: str) -> None:
        value = _INVISIBLE.sub("", value)
        if self.pre_depth:
            value = "\n".join(_WHITESPACE.sub(" ", part) for part in value.split("\n"))
        else:
            value = _WHITESPACE.sub(" ", value)
        if not isinstance(self.stack[-1], _Flow) and not value.strip():
            return
        self._flow().inline.append(value)

    def start(self, tag: Tag) -> None:
        name = tag.name
        if name in _LIST_TAGS:
            if not isinstance(self.stack[-1], _ListFrame):
                self._block_flow()
            start = _int_attribute(tag, "start")
            self._push(_ListFrame(tag, ordered=name == "ol",
                                         number=1 if start is None else start))
        elif name == "li":
            self._close_implicit("item")
            top = self.stack[-1]
            if isinstance(top, _ListFrame):
                marker = top.next_marker(tag)
            else:
                self._block_flow()
                marker = "- "
            self._push(_Flow("item", tag, marker=marker))
        elif name in ("td", "th"):
            self._close_implicit("cell")
            if not isinstance(self.stack[-1], _RowFrame):
                self._block_flow()
                self._push(_RowFrame(None))
            self._push(_Flow("cell", tag))
        elif name == "tr":
            self._block_flow()
            self._push(_RowFrame(tag))
        elif name in _HEADING_LEVELS:
            self._block_flow()
            self._push(_Flow("heading", tag, level=_HEADING_LEVELS[name]))
        elif name == "blockquote":
            self._block_flow()
            self._push(_Flow("quote", tag))
        elif name == "hr":
            self._block_flow().blocks.append(_Block("rule", "---", ""))
        elif name == "br":
            self._flow().inline.append("\n")
        elif name in _BLOCK_TAGS:
            if name == "pre":
                self.pre_depth += 1
            if isinstance(self.stack[-1], _Flow):
                self.stack[-1].flush()

    def end(self, tag: Tag) -> None:
        index = self.owned.get(id(tag))
        if index is not None and self.stack[index].owner is tag:
            while len(self.stack) > index:
                self._pop()
            return
        if tag.name == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag.name in _BLOCK_TAGS:
            # stray content made an implicit item, row or cell: it ends with its block
            while len(self.stack) > 1 and self.stack[-1].owner is None:
                self._pop()
            top = self.stack[-1]
            if isinstance(top, _Flow):
                top.flush()

    def finish(self) -> list[_Block]:
        while len(self.stack) > 1:
            self._pop()
        self.root.flush()
        return self.root.blocks

    # -- closing frames --------------------------------------------------------

    def _pop(self) -> None:
        frame = self.stack.pop()
        if frame.owner is not None:
            self.owned.pop(id(frame.owner), None)
        parent = self.stack[-1]
        if isinstance(frame, _RowFrame):
            text = " | ".join(cell for cell in frame.cells if cell)
            if text:
                self._parent_flow(parent).blocks.append(
                    _Block("para", _escape_line(text), text))
            return
        if isinstance(frame, _ListFrame):
            if not frame.lines:
                return
            if isinstance(parent, _ListFrame):
                parent.lines.extend("  " + line for line in frame.lines)
                parent.plains.extend(frame.plains)
            else:
                self._parent_flow(parent).blocks.append(
                    _Block("list", "\n".join(frame.lines), " ".join(frame.plains)))
            return
        frame.flush()
        if frame.kind == "item":
            lines = frame.item_lines()
            if not lines:
                return
            if isinstance(parent, _ListFrame):
                parent.lines.extend(lines)
                parent.plains.append(frame.plain())
            else:
                self._parent_flow(parent).blocks.append(
                    _Block("list", "\n".join(lines), frame.plain()))
        elif frame.kind == "cell":
            if isinstance(parent, _RowFrame):
                parent.cells.append(frame.plain())
        elif frame.kind == "heading":
            text = frame.plain()
            if text:
                self._parent_flow(parent).blocks.append(_Block(
                    "heading", "#" * frame.level + " " + _escape_heading(text), text))
        elif frame.kind == "quote":
            inner = frame.markdown()
            if inner:
                quoted = "\n".join(f"> {line}" if line else ">"
                                   for line in inner.split("\n"))
                self._parent_flow(parent).blocks.append(
                    _Block("quote", quoted, frame.plain()))

    def _parent_flow(self, parent: _Frame) -> _Flow:
        if isinstance(parent, _Flow):
            return parent
        return self._flow()


def _events(root: Tag) -> Iterator[tuple[str, Tag | str]]:
    """Walk ``root`` without recursion: ("start", tag), ("text", str), ("end", tag)."""
    yield "start", root
    pending: list[tuple[Tag, Iterator[PageElement]]] = [(root, iter(root.contents))]
    while pending:
        tag, children = pending[-1]
        child = next(children, None)
        if child is None:
            pending.pop()
            yield "end", tag
        elif isinstance(child, Tag):
            if child.name in _SKIP_TAGS:
                continue
            yield "start", child
            pending.append((child, iter(child.contents)))
        elif _is_visible_text(child):
            yield "text", str(child)


def _render(root: Tag) -> list[_Block]:
    """Render the subtree of ``root`` to blocks."""
    renderer = _Renderer()
    for event, item in _events(root):
        if event == "text":
            renderer.text(item)  # type: ignore[arg-type]
        elif event == "start":
            renderer.start(item)  # type: ignore[arg-type]
        else:
            renderer.end(item)  # type: ignore[arg-type]
    return renderer.finish()


def _to_markdown(blocks: list[_Block]) -> str:
    return "\n\n".join(block.markdown for block in blocks)


def _plain(tag: Tag) -> str:
    """Return the visible text of ``tag`` on one line."""
    return " ".join(block.plain for block in _render(tag) if block.plain)
