"""Keep the post from a saved blog page, as light Markdown.

A saved Blogger or WordPress page holds far more than the post: menus, a sidebar,
widgets, share buttons, comments, scripts. :func:`extract_page` finds the post body
(by the usual containers, else the largest block of text), drops the rest and reports
what it dropped, with the post's title, publication date and related-post links.

The body is rendered by :mod:`audit.htmlmarkdown`, whose docstring states the Markdown
rules; its :func:`html_to_markdown` and :func:`html_to_text` are re-exported here.
Parsing uses BeautifulSoup's stdlib ``html.parser`` backend, and every climb up the tree
is bounded, so badly nested pages cannot exhaust the stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bs4 import BeautifulSoup
from bs4.element import Tag

from .htmlmarkdown import (
    _drop_non_text,
    _is_visible_text,
    _parse,
    _plain,
    _render,
    _to_markdown,
    html_to_markdown,
    html_to_text,
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
        The post body as light Markdown (rules in :mod:`audit.htmlmarkdown`); the
        title is not repeated in it.
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


# ---------------------------------------------------------------------------
# Dropping and finding
# ---------------------------------------------------------------------------


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
