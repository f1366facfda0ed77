"""Value types shared by every stage: documents, sections, blocks, findings.

All are immutable: frozen dataclasses, and a named tuple for the many findings.
Offsets are character offsets into ``Document.text``: the decoded source with its line
endings normalised to ``\\n`` (for HTML pages and Blogger exports, the light Markdown
extracted from the post body).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any, Literal, NamedTuple

from .lazy import computed_once
from .offsets import source_offset
from .textprep import block_sentence_spans


BlockKind = Literal["paragraph", "item", "quote", "code"]
SectionKind = Literal["lead", "headed", "closing"]
Severity = Literal["suggestion", "warning", "error"]

#: The content types a post may declare, each with its own required topics.
CONTENT_TYPES = (
    "treatment-guide",
    "overview",
    "prevention",
    "prognosis",
    "diagnosis",
    "risk-factors",
    "drug",
    "legal",
)


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, quotation or code block of a section.

    ``text`` is the plain text used for scoring: markup stripped, line breaks folded to
    spaces. ``anchors`` maps positions in ``text`` back to ``Document.text``: each pair
    ``(text_index, source_offset)`` starts a run in which both advance together.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    anchors: tuple[tuple[int, int], ...] = ()
    depth: int = 0
    label: str | None = None
    ordered: bool = False

    def source_offset(self, index: int) -> int:
        """Return the offset in ``Document.text`` of character ``index`` of ``text``
        (:func:`audit.offsets.source_offset`)."""
        return source_offset(self, index)

    @computed_once
    def _anchor_keys(self) -> tuple[int, ...]:
        """The text positions of the anchors, for bisection."""
        return tuple(anchor[0] for anchor in self.anchors)

    #: The sentence spans of ``text`` (``textprep.sentence_spans`` with ``label``),
    #: computed once per block and shared by readability, jargon and coverage (a
    #: compiled function: no Python-level frame on the hot path).
    sentence_spans = computed_once(block_sentence_spans)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form (without the offset map)."""
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "start": self.start,
                               "end": self.end}
        if self.depth:
            out["depth"] = self.depth
        if self.label is not None:
            out["label"] = self.label
        if self.ordered:
            out["ordered"] = True
        return out


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it.

    ``kind`` is ``lead`` for the untitled text before the first heading, ``headed``
    under a heading, ``closing`` for the untitled conclusion after the last headed
    section (see ``sections.py`` for the rule that finds it).
    """

    kind: SectionKind
    heading: str | None
    level: int
    blocks: tuple[Block, ...]
    start: int
    end: int
    heading_start: int | None = None
    #: Set by the splitter when two sections would share an id ("-2", "-3", ...).
    id_suffix: str = ""

    @computed_once
    def id(self) -> str:
        """A stable identifier, unique in its document: the heading slug (or ``lead``,
        ``closing``), with ``-2``, ``-3``, ... for a repeated heading."""
        base = self.kind if self.heading is None else (slugify(self.heading) or self.kind)
        return base + self.id_suffix

    @computed_once
    def scored_blocks(self) -> tuple[Block, ...]:
        """Blocks whose text counts for scores (code blocks do not); computed once, as
        readability, jargon and coverage each ask for them."""
        return tuple(block for block in self.blocks if block.kind != "code")

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form."""
        return {"id": self.id, "kind": self.kind, "heading": self.heading,
                "level": self.level, "start": self.start, "end": self.end,
                "blocks": [block.to_dict() for block in self.blocks]}


@dataclass(frozen=True)
class Link:
    """A related-post link from the blog's chrome (footer or widget)."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Document:
    """One post: metadata, its source text and its sections."""

    id: str
    title: str
    path: str
    format: Literal["text", "markdown", "html", "blogger"]
    text: str
    sections: tuple[Section, ...]
    metadata: dict[str, Any] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    chrome_start: int | None = None
    draft: bool = False

    @property
    def content_type(self) -> str | None:
        """The declared content type, or None."""
        return self.metadata.get("content_type")

    @property
    def sample(self) -> bool:
        """Whether the post is a stand-in sample, not the editors' own text."""
        return bool(self.metadata.get("sample", False))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready outline (no source text)."""
        return {"id": self.id, "title": self.title, "path": self.path,
                "format": self.format, "draft": self.draft,
                "metadata": dict(sorted(self.metadata.items())),
                "sections": [section.to_dict() for section in self.sections],
                "links": [asdict(link) for link in self.links]}


@dataclass(frozen=True)
class SkippedFile:
    """A file (or part of one) that was not loaded, with the reason."""

    path: str
    reason: str
    severity: Literal["info", "error"] = "error"


@dataclass(frozen=True)
class Corpus:
    """Every file of a folder: the documents loaded and the files skipped."""

    root: str
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]

    @property
    def errors(self) -> tuple[SkippedFile, ...]:
        """Skipped files that are broken (as opposed to not meant to be posts)."""
        return tuple(item for item in self.skipped if item.severity == "error")


class Finding(NamedTuple):
    """The one shape of every flag the audit raises.

    ``rule_id`` is dotted, its last segment naming the rule file. ``start``/``end`` are
    offsets into ``Document.text``; ``threshold`` is the value that decided it, if any.
    A named tuple rather than a frozen dataclass: a post raises dozens of findings, and
    a named tuple is built about five times faster (it is just as immutable).
    """

    rule_id: str
    severity: Severity
    message: str
    document: str
    section: str = ""
    start: int | None = None
    end: int | None = None
    match: str = ""
    sentence: str = ""
    suggestion: str = ""
    value: float | None = None
    threshold: float | None = None
    source: str = ""
    informed_by: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form: the fields in order, ``informed_by`` a list.

        Written out as one dict display: twice as fast as ``dict(zip(self._fields,
        self))``, for a post's hundred findings (a test pins the keys and their order).
        """
        (rule_id, severity, message, document, section, start, end, match, sentence,
         suggestion, value, threshold, source, informed_by) = self
        return {"rule_id": rule_id, "severity": severity, "message": message,
                "document": document, "section": section, "start": start, "end": end,
                "match": match, "sentence": sentence, "suggestion": suggestion,
                "value": value, "threshold": threshold, "source": source,
                "informed_by": list(informed_by)}


#: Build a ``Finding`` from all 14 field values, in field order, without the named
#: tuple's own ``__new__`` (a Python-level call): for the paths that make a finding per
#: term or per sentence. Callers give every field; ``tests/test_jargon_fast_paths.py``
#: and ``tests/test_pipeline.py`` check the findings they make.
new_finding: Callable[[tuple[Any, ...]], Finding] = partial(tuple.__new__, Finding)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens ("The Goals of Treatment" -> "the-goals-of-treatment")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().translate(_ASCII_NON_ALNUM_TO_SPACE).split())


#: Every ASCII character that is not a letter or digit, to a space (for ``slugify``:
#: one C-level pass instead of a test per character; a loader slugs six names a post).
_ASCII_NON_ALNUM_TO_SPACE = {code: " " for code in range(128) if not chr(code).isalnum()}
