"""Render an HTML fragment as light Markdown, or as its visible text on one line.

:func:`html_to_markdown` turns any HTML fragment into the light Markdown that
``sections.split_markdown`` reads: a Blogger post's ``content``, or the post body that
:func:`audit.htmlpage.extract_page` keeps from a saved page. :func:`html_to_text` gives
the visible text of a fragment on one line (titles, widget links).

Rendering is kept apart from finding the post in a page (``htmlpage``): it needs nothing
of the page around the fragment, Blogger exports use it alone, and page extraction
only calls it. This module does not import ``htmlpage``; the helpers both modules use
(parsing, dropping what a reader never sees) live here.

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
from collections.abc import Iterator
from dataclasses import dataclass, field

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

__all__ = ["html_to_markdown", "html_to_text"]


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


def html_to_markdown(fragment: str) -> str:
    """Convert an HTML fragment to light Markdown (rules in the module docstring).

    Scripts, styles, embeds and form controls are dropped; page chrome is not looked
    for (use :func:`audit.htmlpage.extract_page` for whole pages).

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
# Parsing, and dropping what a reader never sees
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



def _is_visible_text(node: PageElement) -> bool:
    """True for text a reader sees (not comments, doctype, CDATA or script text)."""
    return isinstance(node, NavigableString) and not isinstance(
        node, PreformattedString | Script | Stylesheet | TemplateString)


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
