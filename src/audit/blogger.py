"""Read a Blogger "Back up content" export (an Atom feed) into posts.

Blogger exports a blog as one Atom feed holding every entry: settings, the template,
posts, pages and comments. Two layouts are read:

- the classic export, where each entry's kind is a category with scheme
  ``http://schemas.google.com/g/2005#kind`` and a term such as
  ``http://schemas.google.com/blogger/2008/kind#post``, and a draft carries
  ``<app:control><app:draft>yes</app:draft></app:control>``;
- the Google Takeout ``feed.atom``, where ``<blogger:type>`` says ``POST``,
  ``COMMENT`` or ``PAGE`` and ``<blogger:status>`` says ``LIVE`` or ``DRAFT``.

Only posts are returned (drafts flagged); every other entry is counted by kind in
``ExportContents.skipped``: comments, settings, the template, pages, and Takeout posts
whose status is neither ``LIVE``, ``DRAFT`` nor ``SCHEDULED`` (e.g. binned ones, counted
as ``"soft trashed post"``). The XML is parsed with defusedxml: any entity declaration
(the way external-entity and entity-expansion attacks work) is refused before it can
be used, because a Blogger export never declares one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError, tostring
from xml.parsers.expat import errors as expat_errors

import defusedxml.ElementTree as safe_tree
from defusedxml import (
    DefusedXmlException,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from .htmlmarkdown import html_to_markdown, html_to_text
from .model import slugify

__all__ = [
    "ExportContents", "ExportError", "ExportedPost", "is_blogger_export",
    "parse_export", "unique_slugs",
]

ATOM = "http://www.w3.org/2005/Atom"
#: Scheme of the category that gives an entry's kind in classic exports.
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
#: Prefix of the kind terms (``...#post``, ``...#comment``, ``...#settings``, ...).
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
#: Namespace of ``<blogger:type>``/``<blogger:status>`` in Takeout exports.
BLOGGER_2018 = "http://schemas.google.com/blogger/2018"
#: Atom Publishing Protocol namespaces that may hold ``<app:draft>``.
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
XHTML = "http://www.w3.org/1999/xhtml"

#: How much of the file :func:`is_blogger_export` looks at.
SNIFF_BYTES = 65536

_REDOWNLOAD = ("download the export again from Blogger (Settings > Manage blog > "
               "Back up content) and pass the .xml file unchanged")


class ExportError(ValueError):
    """The data is not a usable Blogger export; the message says why and what to do."""


@dataclass(frozen=True)
class ExportedPost:
    """One post of an export.

    Attributes
    ----------
    entry_id : str
        The Atom id, e.g. ``tag:blogger.com,1999:blog-123.post-456``.
    title : str
        Plain-text title (``""`` if the post has none).
    slug : str
        Last path segment of the post URL without ``.html``; for a draft (no URL),
        the title in lower-case ASCII words joined by hyphens.
    url : str or None
        The published address (``rel="alternate"`` link); None for drafts.
    published, updated : str or None
        Dates ``YYYY-MM-DD`` as written in the export (the blog's time zone).
    draft : bool
        True for drafts.
    labels : tuple of str
        Blogger labels in export order.
    body : str
        The content as light Markdown (:func:`audit.htmlmarkdown.html_to_markdown`).
    """

    entry_id: str
    title: str
    slug: str
    url: str | None
    published: str | None
    updated: str | None
    draft: bool
    labels: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class ExportContents:
    """The posts of an export, in document order, and counts of skipped entries.

    ``skipped`` holds ``(kind, count)`` pairs sorted by kind, e.g.
    ``(("comment", 1), ("settings", 1), ("template", 1))``.
    """

    posts: tuple[ExportedPost, ...]
    skipped: tuple[tuple[str, int], ...]


_GENERATOR = re.compile(rb"<generator[^>]*>\s*Blogger\s*</generator>", re.IGNORECASE)
_SNIFF_MARKERS = (
    KIND_PREFIX.encode(),
    BLOGGER_2018.encode(),
    b"tag:blogger.com,1999:blog-",
)


def is_blogger_export(data: bytes) -> bool:
    """Tell cheaply whether ``data`` looks like a Blogger export (no parsing).

    Parameters
    ----------
    data : bytes
        The file's bytes.

    Returns
    -------
    bool
        True if the first 64 KiB contain an Atom ``<feed`` and a Blogger marker:
        a kind category term, the Takeout namespace, a ``tag:blogger.com`` id or a
        ``<generator>Blogger</generator>``.
    """
    head = data[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    if b"<feed" not in head:
        return False
    if any(marker in head for marker in _SNIFF_MARKERS):
        return True
    return bool(_GENERATOR.search(head))


def parse_export(data: bytes) -> ExportContents:
    """Parse a Blogger export into its posts.

    Parameters
    ----------
    data : bytes
        The export file's bytes (the XML declaration gives the encoding).

    Returns
    -------
    ExportContents
        Posts in document order and ``(kind, count)`` of the other entries.

    Raises
    ------
    ExportError
        If the XML declares entities (refused), is not well-formed (the message names
        the line and column, counted from 1), is not an Atom feed, or is an Atom feed
        without any Blogger marker.
    """
    root = _parse_xml(data)
    if _local_name(root.tag) == "feed" and root.tag != f"{{{ATOM}}}feed":
        raise ExportError(
            "a <feed> without the Atom namespace (xmlns='http://www.w3.org/2005/Atom'), "
            f"so not a Blogger export; {_REDOWNLOAD}")
    if root.tag != f"{{{ATOM}}}feed":
        raise ExportError(
            f"not an Atom feed: the root element is <{_local_name(root.tag)}>, not "
            f"<feed>; a Blogger export is an Atom feed, so {_REDOWNLOAD}")
    entries = root.findall(f"{{{ATOM}}}entry")
    if not _is_blogger_feed(root, entries):
        raise ExportError(
            "an Atom feed, but not a Blogger export (no Blogger generator, kind "
            f"categories or blogger:type); {_REDOWNLOAD}")
    posts = []
    skipped: Counter[str] = Counter()
    for entry in entries:
        kind = _kind(entry)
        status = (entry.findtext(f"{{{BLOGGER_2018}}}status") or "").strip().upper()
        if kind == "post" and status not in ("", "LIVE", "DRAFT", "SCHEDULED"):
            kind = f"{status.lower().replace('_', ' ')} post"  # e.g. a binned post
        if kind == "post":
            posts.append(_post(entry, draft=status == "DRAFT" or _app_draft(entry)))
        else:
            skipped[kind] += 1
    return ExportContents(posts=tuple(posts), skipped=tuple(sorted(skipped.items())))


# ---------------------------------------------------------------------------
# Parsing safely
# ---------------------------------------------------------------------------


def _parse_xml(data: bytes) -> Element:
    """Parse with defusedxml, turning every failure into an :class:`ExportError`."""
    try:
        return safe_tree.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                    forbid_external=True)
    except EntitiesForbidden as error:
        where = f"external: {error.sysid}" if error.sysid else "internal"
        raise ExportError(
            "refused: the export declares XML entities (external entity / entity "
            "expansion), which a Blogger export never needs "
            f"(entity '{error.name}', {where}); {_REDOWNLOAD}") from None
    except ExternalReferenceForbidden as error:
        raise ExportError(
            "refused: the export refers to an external XML resource "
            f"({error.sysid or error.pubid}), which a Blogger export never needs; "
            f"{_REDOWNLOAD}") from None
    except DefusedXmlException as error:
        raise ExportError(f"refused: unsafe XML ({error}); {_REDOWNLOAD}") from None
    except ParseError as error:
        line, column = error.position
        reason = expat_errors.messages.get(error.code, str(error))
        raise ExportError(
            f"not well-formed XML at line {line}, column {column + 1}: {reason}; the "
            f"file is damaged or was edited, so {_REDOWNLOAD}") from None


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


# ---------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------


def _is_blogger_feed(root: Element, entries: list[Element]) -> bool:
    generator = (root.findtext(f"{{{ATOM}}}generator") or "").strip().lower()
    if generator == "blogger":
        return True
    feed_id = root.findtext(f"{{{ATOM}}}id") or ""
    if feed_id.startswith("tag:blogger.com,"):
        return True
    return any(_kind(entry) != "unknown" for entry in entries)


def _kind(entry: Element) -> str:
    """Return the entry kind: ``post``, ``comment``, ``settings``, ``template``, ..."""
    for category in entry.findall(f"{{{ATOM}}}category"):
        term = category.get("term") or ""
        if category.get("scheme") == KIND_SCHEME and term.startswith(KIND_PREFIX):
            return term[len(KIND_PREFIX):].strip().lower() or "unknown"
    takeout_type = (entry.findtext(f"{{{BLOGGER_2018}}}type") or "").strip().lower()
    if takeout_type:
        return takeout_type
    if re.search(r"\.post-\d+$", entry.findtext(f"{{{ATOM}}}id") or ""):
        return "post"  # a plain Blogger posts feed has no kind categories
    return "unknown"


def _app_draft(entry: Element) -> bool:
    for namespace in APP_NAMESPACES:
        draft = entry.findtext(f"{{{namespace}}}control/{{{namespace}}}draft")
        if draft is not None and draft.strip().lower() == "yes":
            return True
    return False


def _post(entry: Element, *, draft: bool) -> ExportedPost:
    entry_id = (entry.findtext(f"{{{ATOM}}}id") or "").strip()
    title = _text_construct(entry.find(f"{{{ATOM}}}title"))
    url = _alternate_url(entry)
    slug = (_slug_from_path(url) or
            _slug_from_path(entry.findtext(f"{{{BLOGGER_2018}}}filename")) or
            slugify(title) or _slug_from_id(entry_id))
    return ExportedPost(
        entry_id=entry_id,
        title=title,
        slug=slug,
        url=url,
        published=_date(entry.findtext(f"{{{ATOM}}}published")),
        updated=_date(entry.findtext(f"{{{ATOM}}}updated")),
        draft=draft,
        labels=_labels(entry),
        body=_content_markdown(entry.find(f"{{{ATOM}}}content")),
    )


def _text_construct(element: Element | None) -> str:
    """Return an Atom text construct (title) as plain text on one line."""
    if element is None:
        return ""
    kind = (element.get("type") or "text").lower()
    if kind == "html":
        return html_to_text(element.text or "")
    if kind == "xhtml":
        return " ".join("".join(element.itertext()).split())
    return " ".join((element.text or "").split())


def _content_markdown(element: Element | None) -> str:
    """Return the content as light Markdown.

    Blogger writes ``type="html"``; a missing type is read as HTML too (Blogger's
    habit, although Atom's default is text). ``type="text"`` keeps its line breaks.
    """
    if element is None:
        return ""
    kind = (element.get("type") or "html").lower()
    if kind == "xhtml":
        try:
            fragment = "".join(
                tostring(child, encoding="unicode", default_namespace=XHTML)
                for child in element)
        except ValueError:  # elements outside the XHTML namespace
            fragment = _escape("".join(element.itertext()))
        return html_to_markdown(fragment)
    if kind == "text":
        return html_to_markdown(_escape(element.text or "").replace("\n", "<br>"))
    return html_to_markdown(element.text or "")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _alternate_url(entry: Element) -> str | None:
    for link in entry.findall(f"{{{ATOM}}}link"):
        if link.get("rel", "alternate") == "alternate" and link.get(
                "type", "text/html") == "text/html":
            href = (link.get("href") or "").strip()
            if href:
                return href
    return None


def _slug_from_path(address: str | None) -> str:
    """Return the last path segment of a URL or path, without ``.html``."""
    if not address:
        return ""
    segment = unquote(urlsplit(address.strip()).path).rstrip("/").rpartition("/")[2]
    return re.sub(r"\.html?$", "", segment, flags=re.IGNORECASE)


def _slug_from_id(entry_id: str) -> str:
    match = re.search(r"post-(\d+)$", entry_id)
    return f"post-{match.group(1)}" if match else "untitled"


_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")


def _date(value: str | None) -> str | None:
    match = _DATE.match(value or "")
    return match.group(1) if match else None


def _labels(entry: Element) -> tuple[str, ...]:
    """Return label terms: every category that does not give the entry kind."""
    labels: list[str] = []
    for category in entry.findall(f"{{{ATOM}}}category"):
        term = " ".join((category.get("term") or "").split())
        if category.get("scheme") != KIND_SCHEME and term and term not in labels:
            labels.append(term)
    return tuple(labels)


def unique_slugs(posts: tuple[ExportedPost, ...] | list[ExportedPost]) -> list[str]:
    """Return one distinct, normalised slug per post, in export order.

    A slug is lower-case ASCII words joined by hyphens (Blogger's ``blog-post_5``, used
    for titles without Latin letters, becomes ``blog-post-5``); failing that, the
    title's, else ``post-<n>``. Blogger allows one slug in different months, so a
    repeated slug gets ``-2``, ``-3``, ... in export order: no post is lost.
    """
    used: set[str] = set()
    slugs = []
    for number, post in enumerate(posts, start=1):
        base = slugify(post.slug) or slugify(post.title) or f"post-{number}"
        slug, copy = base, 1
        while slug in used:
            copy += 1
            slug = f"{base}-{copy}"
        used.add(slug)
        slugs.append(slug)
    return slugs
