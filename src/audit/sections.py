"""Split a post's text into sections of blocks, keeping offsets into the source.

Two readers share one block builder:

- ``split_plain_text`` reads the guide's own form: the title on the first line,
  headings as bare lines, paragraphs separated by blank lines.
- ``split_markdown`` reads Markdown bodies (ATX and setext headings, nested lists,
  block quotes, fenced code, thematic breaks), with emphasis, links and inline HTML
  stripped for scoring while every character keeps its source offset.

The rules, with their limits in ``rules/structure.yml``:

Heading (plain text)
    One line, at most ``heading_max_words`` words, starting with a capital letter or a
    digit, not ending in ``. , ; : !`` (a ``?`` is allowed), not a list item, and
    followed by at least one more block.
Lead-in item
    A paragraph (or list item) opening with a short label and a colon ("Targeted
    Therapy: This form ..."), the label at most ``lead_in_max_words`` words and
    starting with a capital. A paragraph becomes an item when it is one of a run of
    two or more such paragraphs, or follows a paragraph ending in a colon; it keeps the
    label.
Closing section
    After the last heading, text separated by a visual break (``closing_gap_blank_lines``
    blank lines in plain text, a thematic break in Markdown) forms an untitled
    ``closing`` section: the post's conclusion.
Blog chrome
    A line equal to a ``chrome_markers`` phrase ("Popular posts from this blog") ends
    the content; the lines after it become the document's related-post links and are
    excluded from every score.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from .model import Block, Link, Section
from .rules import Field, check_fields, read_rule_file

STRUCTURE_FILE = "structure.yml"


@dataclass(frozen=True)
class StructureRules:
    """The limits and markers the splitters use (``rules/structure.yml``)."""

    chrome_markers: frozenset[str]
    heading_max_words: int
    lead_in_max_words: int
    closing_gap_blank_lines: int


@cache
def load_structure_rules() -> StructureRules:
    """Load and validate ``rules/structure.yml``."""
    data = read_rule_file(STRUCTURE_FILE)
    check_fields(data, {"id": Field(str), "version": Field(int),
                        "chrome_markers": Field(list), "heading_max_words": Field(int),
                        "lead_in_max_words": Field(int),
                        "closing_gap_blank_lines": Field(int)}, STRUCTURE_FILE)
    return StructureRules(
        chrome_markers=frozenset(str(m).lower() for m in data["chrome_markers"]),
        heading_max_words=data["heading_max_words"],
        lead_in_max_words=data["lead_in_max_words"],
        closing_gap_blank_lines=data["closing_gap_blank_lines"],
    )


@dataclass(frozen=True)
class Outline:
    """What a splitter returns: title, sections, footer links and where chrome starts."""

    title: str | None
    title_span: tuple[int, int] | None
    sections: tuple[Section, ...]
    links: tuple[Link, ...]
    chrome_start: int | None


# ---------------------------------------------------------------------------
# Building block text with offsets
# ---------------------------------------------------------------------------

# Link text and image alt exclude "[" and URLs are bounded, so a line such as
# "[a[a[a..." is scanned in linear time rather than with quadratic backtracking.
_INLINE = re.compile(
    r"""
    (?P<escape>\\(?P<escaped>[!-/:-@\[-`{-~]))
  | (?P<image>!\[[^\[\]\n]*\]\([^)\n]{0,2048}\))
  | (?P<link>\[(?P<link_text>[^\[\]\n]+)\]\((?P<link_url>[^)\s]{0,2048})(?:\s+"[^"\n]{0,512}")?\))
  | (?P<autolink><(?P<auto_url>(?:https?://|mailto:)[^<>\s]+)>)
  | (?P<tag></?(?:a|abbr|b|br|cite|em|font|i|mark|small|span|strong|sub|sup|u)\b[^<>\n]*>)
  | (?P<ticks>`+)
  | (?P<emphasis>(?<![\w*~\\])[*_~]{1,3}(?=\S)|(?<=\S)[*_~]{1,3}(?![\w*~]))
    """,
    re.VERBOSE,
)
_SPACE_RUN = re.compile(r"\s+")
_MARKUP_CHAR = re.compile(r"[\\!\[<`*_~]")
_ODD_SPACE = re.compile(r"[^\S ]|  ")


class _TextBuilder:
    """Accumulate plain text and the anchors mapping it back to source offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.anchors: list[tuple[int, int]] = []
        self._expected_source: int | None = None
        self._pending_space = False

    def add(self, text: str, source: int) -> None:
        """Append ``text`` found at ``source``; whitespace runs fold to one space."""
        if not _ODD_SPACE.search(text):
            # common case: single spaces only, so the run maps one to one
            if text.startswith(" "):
                self._pending_space = True
                text, source = text[1:], source + 1
            trailing = text.endswith(" ")
            self._add_word(text.rstrip(" "), source)
            self._pending_space = self._pending_space or trailing
            return
        position = 0
        for match in _SPACE_RUN.finditer(text):
            self._add_word(text[position:match.start()], source + position)
            self._pending_space = True
            position = match.end()
        self._add_word(text[position:], source + position)

    def space(self) -> None:
        """Separate what comes next with one space (e.g. a line break)."""
        self._pending_space = True

    def _add_word(self, word: str, source: int) -> None:
        if not word:
            return
        if self._pending_space and self.length:
            self.parts.append(" ")
            self.length += 1
            # the space stands for the whitespace just before ``word``
            self._expected_source = None
        self._pending_space = False
        if self._expected_source != source:
            self.anchors.append((self.length, source))
        self.parts.append(word)
        self.length += len(word)
        self._expected_source = source + len(word)

    def result(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        """Return the text and its anchors."""
        return "".join(self.parts), tuple(self.anchors)


def _add_plain(builder: _TextBuilder, line: str, source: int) -> None:
    builder.add(line, source)


def _add_markdown(builder: _TextBuilder, line: str, source: int) -> None:
    """Add one Markdown line with emphasis, links, images and tags stripped."""
    if not _MARKUP_CHAR.search(line):
        builder.add(line, source)
        return
    position = 0
    for match in _INLINE.finditer(line):
        builder.add(line[position:match.start()], source + position)
        kind = match.lastgroup
        if match.group("escape"):
            builder.add(match.group("escaped"), source + match.start("escaped"))
        elif match.group("link"):
            _add_markdown(builder, match.group("link_text"), source + match.start("link_text"))
        elif match.group("autolink"):
            builder.add(match.group("auto_url"), source + match.start("auto_url"))
        elif kind == "tag" and re.match(r"<br\s*/?>", match.group(0), re.I):
            builder.space()
        position = match.end()
    builder.add(line[position:], source + position)


def _add_escaped(builder: _TextBuilder, line: str, source: int) -> None:
    """Add a line of already-plain text, resolving only backslash escapes."""
    if "\\" not in line:
        builder.add(line, source)
        return
    position = 0
    for match in _ESCAPE.finditer(line):
        builder.add(line[position:match.start()], source + position)
        builder.add(match.group(1), source + match.start(1))
        position = match.end()
    builder.add(line[position:], source + position)


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
LineAdder = Callable[[_TextBuilder, str, int], None]
#: The line adders that leave a plain line (``_is_plain``) to ``_TextBuilder.add``.
_PLAIN_ADDERS = (_add_markdown, _add_escaped, _add_plain)


def _make_block(kind: str, pieces: list[tuple[int, str]], start: int, end: int, *,
                add_line: LineAdder, depth: int = 0, ordered: bool = False) -> Block | None:
    """Build a block from ``(source_offset, line_text)`` pieces; None if it has no text."""
    add = _add_plain if kind == "code" else add_line
    if add in _PLAIN_ADDERS and all([_is_plain(line) for _, line in pieces]):
        text, anchors = _plain_text(pieces)
    else:
        text, anchors = _built_text(pieces, add)
    if not text:
        return None
    return Block(kind=kind, text=text, start=start, end=end, anchors=anchors,  # type: ignore[arg-type]
                 depth=depth, ordered=ordered)


def _built_text(pieces: list[tuple[int, str]], add: LineAdder
                ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A block's text and anchors: each piece added with ``add``, then a line break."""
    builder = _TextBuilder()
    for offset, line in pieces:
        add(builder, line, offset)
        builder.space()
    return builder.result()


#: The characters ``_MARKUP_CHAR`` finds, each tested with ``in`` by ``_is_plain``.
_MARKUP_CHARS = "\\![<`*_~"


def _is_plain(line: str) -> bool:
    """Whether ``line`` holds no markup character and no whitespace but single spaces.

    Then ``_add_markdown``, ``_add_escaped`` and ``_add_plain`` all come down to
    ``_TextBuilder.add`` of its common case. Ten substring tests at C speed cost a
    quarter of the two regex searches they spare: every whitespace character but the
    space is unprintable (``tests/test_load_fast_paths.py`` checks all of Unicode),
    so a printable line without two spaces in a row has no ``_ODD_SPACE``. A line
    unprintable for another reason (a soft hyphen) just takes the general path.
    """
    return (line.isprintable() and "  " not in line and "\\" not in line
            and "!" not in line and "[" not in line and "<" not in line
            and "`" not in line and "*" not in line and "_" not in line
            and "~" not in line)


def _plain_text(pieces: list[tuple[int, str]]
                ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """What ``_built_text`` gives for pieces that are all ``_is_plain``.

    Each piece is one run (its single spaces kept, one space trimmed at either end);
    the runs are joined by one space, and each starts an anchor, because the line
    break before it breaks the one-to-one mapping.
    """
    runs: list[str] = []
    anchors: list[tuple[int, int]] = []
    length = 0
    for offset, line in pieces:
        if line.startswith(" "):
            line = line[1:]
            offset += 1
        run = line.rstrip(" ")
        if run:
            if runs:
                length += 1
            anchors.append((length, offset))
            runs.append(run)
            length += len(run)
    return " ".join(runs), tuple(anchors)


# ---------------------------------------------------------------------------
# Shared rules: headings, lead-ins, chrome, closing
# ---------------------------------------------------------------------------

_LEAD_IN = re.compile(r"^(?P<label>[A-Z0-9][^:.!?\n]{0,80}?):\s+\S")
#: ``_LEAD_IN``'s colon comes after the label's first character and at most 80 more.
_LEAD_IN_COLON_END = 82
_LIST_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+\u2022\u2013]|\d{1,3}[.)])[ \t]+")


def lead_in_label(text: str, rules: StructureRules | None = None) -> str | None:
    """Return the label of a "Label: text" lead-in, or None.

    >>> lead_in_label("Targeted Therapy: This form of treatment uses drugs.")
    'Targeted Therapy'
    """
    if text.find(":", 1, _LEAD_IN_COLON_END) == -1:
        return None  # no colon where ``_LEAD_IN`` needs one (most texts), at C speed
    return _lead_in_match(text, rules)


def _lead_in_match(text: str, rules: StructureRules | None = None) -> str | None:
    """:func:`lead_in_label`'s rule itself: the pattern, then the label's limits."""
    rules = rules or load_structure_rules()
    match = _LEAD_IN.match(text)
    if not match:
        return None
    label = match.group("label").strip()
    if len(label.split()) > rules.lead_in_max_words or "://" in text[: match.end()]:
        return None
    return label


def is_chrome_marker(line: str, rules: StructureRules | None = None) -> bool:
    """Whether ``line`` opens the blog footer ("Popular posts from this blog")."""
    rules = rules or load_structure_rules()
    return line.strip().rstrip(":").strip().lower() in rules.chrome_markers


def _looks_like_heading(line: str, rules: StructureRules) -> bool:
    stripped = line.strip()
    if not stripped or _LIST_MARKER.match(line):
        return False
    if not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    if stripped[-1] in ".,;:!" or len(stripped.split()) > rules.heading_max_words:
        return False
    return True


def _label_lead_ins(blocks: list[Block], rules: StructureRules) -> list[Block]:
    """Turn runs of "Label: text" paragraphs into labelled items (see module doc)."""
    labels = [lead_in_label(b.text, rules) if b.kind in ("paragraph", "item") else None
              for b in blocks]
    out = []
    for index, block in enumerate(blocks):
        label = labels[index]
        if label is None:
            out.append(block)
            continue
        if block.kind == "item":
            out.append(replace(block, label=label))
            continue
        in_run = (index > 0 and labels[index - 1] is not None) or (
            index + 1 < len(blocks) and labels[index + 1] is not None)
        after_colon = index > 0 and blocks[index - 1].text.rstrip().endswith(":")
        if in_run or after_colon:
            out.append(replace(block, kind="item", label=label))
        else:
            out.append(block)
    return out


@dataclass
class _RawSection:
    kind: str
    heading: str | None
    level: int
    start: int
    heading_start: int | None
    blocks: list[Block]


def _finish(raw_sections: list[_RawSection], end: int, rules: StructureRules) -> tuple[Section, ...]:
    """Freeze sections; each ends where the next starts (the last at ``end``)."""
    sections = []
    for index, raw in enumerate(raw_sections):
        if raw.kind == "lead" and not raw.blocks:
            continue
        stop = raw_sections[index + 1].start if index + 1 < len(raw_sections) else end
        sections.append(Section(kind=raw.kind, heading=raw.heading, level=raw.level,  # type: ignore[arg-type]
                                blocks=tuple(_label_lead_ins(raw.blocks, rules)),
                                start=raw.start, end=stop, heading_start=raw.heading_start))
    return _unique_ids(sections)


def _unique_ids(sections: list[Section]) -> tuple[Section, ...]:
    """Give repeated section ids a suffix (``treatment``, ``treatment-2``, ...).

    Findings, the baseline comparison and the reports refer to sections by id, so two
    sections headed "Treatment" must not share one.
    """
    seen: dict[str, int] = {}
    out = []
    for section in sections:
        count = seen.get(section.id, 0) + 1
        seen[section.id] = count
        out.append(section if count == 1 else replace(section, id_suffix=f"-{count}"))
    return tuple(out)


def _links_after_marker(text: str, chrome: int | None) -> tuple[Link, ...]:
    """The related-post links on the lines after the chrome marker line at ``chrome``."""
    if chrome is None:
        return ()
    next_line = text.find("\n", chrome)
    return () if next_line == -1 else _links_from_lines(text, next_line + 1)


def _links_from_lines(text: str, start: int) -> tuple[Link, ...]:
    """Each non-empty line from ``start`` on is a related-post title (or a Markdown link)."""
    links = []
    for line in text[start:].split("\n"):
        title = _LIST_MARKER.sub("", line).strip()
        match = re.fullmatch(r"\[([^\]]+)\]\(([^)\s]+)\)", title)
        if match:
            links.append(Link(title=match.group(1).strip(), url=match.group(2)))
        elif title:
            links.append(Link(title=title))
    return tuple(links)


def _lines(text: str, start: int = 0, stop: int | None = None) -> list[tuple[int, str]]:
    """Return ``(offset, line)`` for each line of ``text[start:stop]``."""
    stop = len(text) if stop is None else stop
    out = []
    position = start
    for line in text[start:stop].split("\n"):
        out.append((position, line))
        position += len(line) + 1
    return out


def _find_chrome(lines: list[tuple[int, str]], rules: StructureRules, *,
                 headings: bool = False) -> int | None:
    """The offset of the first line that ``is_chrome_marker``, or None.

    With ``headings``, an ATX heading line is read as its heading text (a Markdown
    post may head its footer "## Popular posts from this blog").
    """
    markers = rules.chrome_markers
    # lower-casing never shortens a text, so a label longer than every marker is none
    # of them, and the long lines of a post need no lower-casing
    longest = max(map(len, markers), default=0)
    for offset, line in lines:
        if headings and "#" in line:  # ``_ATX`` needs a hash sign
            line = _ATX.sub(_heading_text, line)
        label = line.strip().rstrip(":").strip()
        if len(label) <= longest and label.lower() in markers:
            return offset
    return None


def _heading_text(match: re.Match[str]) -> str:
    """What an ``_ATX`` heading line reads as: its text."""
    return match.group("text") or ""


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------


def split_plain_text(text: str, rules: StructureRules | None = None) -> Outline:
    """Split a plain-text post (title first, bare-line headings) into sections.

    Parameters
    ----------
    text : str
        The decoded post with ``\\n`` line endings.
    rules : StructureRules, optional
        Defaults to ``rules/structure.yml``.
    """
    rules = rules or load_structure_rules()
    lines = _lines(text)
    title = title_span = None
    first = 0
    for index, (offset, line) in enumerate(lines):
        if line.strip():
            title = line.strip()
            lead = len(line) - len(line.lstrip())
            title_span = (offset + lead, offset + lead + len(title))
            first = index + 1
            break
    body_lines = lines[first:]
    chrome = _find_chrome(body_lines, rules)
    content_end = len(text) if chrome is None else chrome
    links = _links_after_marker(text, chrome)
    body_lines = [(o, l) for o, l in body_lines if o < content_end]

    # paragraphs: runs of non-blank lines, with the blank-line gap before each
    paragraphs: list[tuple[int, list[tuple[int, str]]]] = []
    gap, current = 0, []
    for offset, line in body_lines:
        if line.strip():
            current.append((offset, line))
            continue
        if current:
            paragraphs.append((gap, current))
            current, gap = [], 0
        gap += 1
    if current:
        paragraphs.append((gap, current))

    raw_sections = [_RawSection("lead", None, 0, title_span[1] if title_span else 0, None, [])]
    seen_heading = False
    for index, (gap, para) in enumerate(paragraphs):
        start = para[0][0]
        end = para[-1][0] + len(para[-1][1])
        is_last = index == len(paragraphs) - 1
        if len(para) == 1 and not is_last and _looks_like_heading(para[0][1], rules):
            heading = para[0][1].strip()
            raw_sections.append(_RawSection("headed", heading, 2, start,
                                            start + para[0][1].index(heading), []))
            seen_heading = True
            continue
        if (seen_heading and raw_sections[-1].kind == "headed" and raw_sections[-1].blocks
                and gap >= rules.closing_gap_blank_lines and not any(
                    len(p) == 1 and _looks_like_heading(p[0][1], rules)
                    for _, p in paragraphs[index + 1:-1])):
            raw_sections.append(_RawSection("closing", None, 2, start, None, []))
        raw_sections[-1].blocks.extend(_plain_blocks(para, start, end))
    return Outline(title, title_span, _finish(raw_sections, content_end, rules), links, chrome)


def _plain_blocks(para: list[tuple[int, str]], start: int, end: int) -> list[Block]:
    """A paragraph, or the list items it consists of (lines opening with - * • 1.)."""
    if not all(_LIST_MARKER.match(line) or line.startswith((" ", "\t")) for _, line in para) \
            or not _LIST_MARKER.match(para[0][1]):
        block = _make_block("paragraph", [(o, l.strip()) for o, l in para], start, end,
                            add_line=_add_plain)
        return [block] if block else []
    items: list[list[tuple[int, str]]] = []
    for offset, line in para:
        match = _LIST_MARKER.match(line)
        if match:
            items.append([(offset + match.end(), line[match.end():])])
        else:
            stripped = line.lstrip()
            items[-1].append((offset + len(line) - len(stripped), stripped))
    blocks = []
    for pieces in items:
        item_end = pieces[-1][0] + len(pieces[-1][1])
        block = _make_block("item", pieces, pieces[0][0], item_end, add_line=_add_plain)
        if block:
            blocks.append(block)
    return blocks


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?P<bar>=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}(?P<c>[-*_])(?:[ \t]*(?P=c)){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}> ?")
_MD_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def split_markdown(text: str, body_start: int = 0, *, title: str | None = None,
                   inline_markup: bool = True, rules: StructureRules | None = None) -> Outline:
    """Split a Markdown body into sections.

    Parameters
    ----------
    text : str
        The whole decoded file with ``\\n`` line endings.
    body_start : int
        Offset where the body starts (after the front matter).
    title : str, optional
        The front-matter title. A first-level heading before any text that repeats it
        (or any first H1 when no title is given) is the post title, not a section.
    inline_markup : bool
        Whether emphasis, links, images and inline formatting tags are markup to strip
        (Markdown files), or the text is already plain (bodies extracted from HTML, where
        only backslash escapes are resolved). Other tags, such as ``<script>``, are
        always kept as text: article text is data.
    """
    rules = rules or load_structure_rules()
    add_line: LineAdder = _add_markdown if inline_markup else _add_escaped
    lines = _lines(text, body_start)
    chrome = _find_chrome(lines, rules, headings=True)
    content_end = len(text) if chrome is None else chrome
    links = _links_after_marker(text, chrome)
    lines = [(o, l) for o, l in lines if o < content_end]

    raw_sections = [_RawSection("lead", None, 0, body_start, None, [])]
    found_title: str | None = None
    title_span: tuple[int, int] | None = None
    seen_heading = False
    broke_after_heading = False
    index = 0

    def add_block(block: Block | None) -> None:
        nonlocal broke_after_heading
        if block is None:
            return
        if broke_after_heading and raw_sections[-1].kind == "headed" and raw_sections[-1].blocks:
            top_level = min(r.level for r in raw_sections if r.kind == "headed")
            raw_sections.append(_RawSection("closing", None, top_level, block.start, None, []))
        broke_after_heading = False
        raw_sections[-1].blocks.append(block)

    while index < len(lines):
        offset, line = lines[index]
        if not line.strip():
            index += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            closing = fence.group("fence")
            pieces = []
            index += 1
            while index < len(lines) and not lines[index][1].lstrip().startswith(closing):
                pieces.append(lines[index])
                index += 1
            end = lines[min(index, len(lines) - 1)][0] + len(lines[min(index, len(lines) - 1)][1])
            add_block(_make_block("code", pieces, offset, end, add_line=add_line))
            index += 1
            continue
        atx = _ATX.match(line)
        setext = (index + 1 < len(lines) and _SETEXT.match(lines[index + 1][1])
                  and not _MD_ITEM.match(line) and not _QUOTE.match(line))
        if atx or setext:
            if atx:
                level = len(atx.group("hashes"))
                heading_raw = atx.group("text") or ""
                heading_at = offset + (atx.start("text") if atx.group("text") else len(line))
                consumed = 1
            else:
                level = 1 if lines[index + 1][1].strip().startswith("=") else 2
                heading_raw = line.strip()
                heading_at = offset + line.index(heading_raw)
                consumed = 2
            heading_block = _make_block("paragraph", [(heading_at, heading_raw)], offset,
                                        offset + len(line), add_line=add_line)
            heading = heading_block.text if heading_block else ""
            is_title = (level == 1 and found_title is None and not seen_heading
                        and not raw_sections[0].blocks
                        and (title is None or heading.strip().lower() == title.strip().lower()))
            if is_title:
                found_title = heading
                title_span = (heading_at, heading_at + len(heading_raw))
            elif heading:
                raw_sections.append(_RawSection("headed", heading, level, offset, heading_at, []))
                seen_heading = True
                broke_after_heading = False
            index += consumed
            continue
        if _BREAK.match(line):
            if seen_heading:
                broke_after_heading = True
            index += 1
            continue
        if _QUOTE.match(line):
            pieces = []
            while index < len(lines) and lines[index][1].strip() and _QUOTE.match(lines[index][1]):
                o, l = lines[index]
                marker = _QUOTE.match(l)
                pieces.append((o + marker.end(), l[marker.end():]))  # type: ignore[union-attr]
                index += 1
            end = pieces[-1][0] + len(pieces[-1][1])
            add_block(_make_block("quote", pieces, offset, end, add_line=add_line))
            continue
        if _MD_ITEM.match(line):
            index = _read_list(lines, index, add_block, add_line)
            continue
        pieces = []
        while index < len(lines):
            o, l = lines[index]
            if not l.strip() or (pieces and (_ATX.match(l) or _FENCE.match(l) or _QUOTE.match(l)
                                             or _BREAK.match(l) or _MD_ITEM.match(l))):
                break
            if index + 1 < len(lines) and _SETEXT.match(lines[index + 1][1]) and pieces:
                break
            stripped = l.strip()
            pieces.append((o + l.index(stripped), stripped))
            index += 1
        end = pieces[-1][0] + len(pieces[-1][1])
        add_block(_make_block("paragraph", pieces, offset, end, add_line=add_line))
    if title is None:
        title = found_title
    return Outline(title, title_span, _finish(raw_sections, content_end, rules), links, chrome)


def _read_list(lines: list[tuple[int, str]], index: int,
               add_block: Callable[[Block | None], None], add_line: LineAdder) -> int:
    """Read a (nested) list starting at ``lines[index]``; return the next line index."""
    stack: list[int] = []  # indentation of the open list levels
    pieces: list[tuple[int, str]] = []
    state = {"start": 0, "depth": 0, "ordered": False}

    def flush() -> None:
        if pieces:
            end = pieces[-1][0] + len(pieces[-1][1])
            add_block(_make_block("item", list(pieces), state["start"], end, add_line=add_line,
                                  depth=state["depth"], ordered=bool(state["ordered"])))
            pieces.clear()

    blank_run = 0
    while index < len(lines):
        offset, line = lines[index]
        if not line.strip():
            blank_run += 1
            index += 1
            continue
        match = _MD_ITEM.match(line)
        indent = len(line) - len(line.lstrip(" \t"))
        if match:
            flush()
            while stack and indent < stack[-1]:
                stack.pop()
            if not stack or indent > stack[-1]:
                stack.append(indent)
            state.update(start=offset + indent, depth=len(stack) - 1,
                         ordered=match.group("marker")[0].isdigit())
            content = line[match.end():]
            pieces.append((offset + match.end(), content))
        elif indent > (stack[0] if stack else 0) or (blank_run == 0 and not (
                _ATX.match(line) or _FENCE.match(line) or _BREAK.match(line) or _QUOTE.match(line))):
            # a continuation line, or an indented paragraph inside the item: same item
            stripped = line.strip()
            pieces.append((offset + line.index(stripped), stripped))
        else:
            break
        blank_run = 0
        index += 1
    flush()
    # leave trailing blank lines for the caller
    return index
