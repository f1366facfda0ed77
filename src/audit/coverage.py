"""Required-topic coverage per content type, with evidence and a treatment-option grid.

The rules are data in ``rules/topics/``: one file per content type (its required
topics), ``options.yml`` (treatment options and grid columns) and ``shared.yml``
(scoring, evidence limit and named vocabularies). Every rule, the cue syntax, the
statuses, the score and the grid attribution rule are described in
``docs/coverage.md``. In short:

* Only the blocks of ``Document.sections`` are read: never the title, the blog footer
  or the related-post links. Each block is cut into sentences once
  (``textprep.sentence_spans``) and every sentence is tested against every compiled
  cue list at most once. The tests run through a ``cuescan.DocumentScan`` of the
  document, which tries a list's regex only at the words a match can start at
  (``cues.cue_starts``); its answers are exactly those of searching each sentence.
* A sentence is a **cue sentence** of a topic when it matches one of its ``cues``
  (and one of its ``with`` cues, if any) and none of its ``unless`` cues; it is a
  **weak sentence** when it matches only a ``weak_cues`` phrase.
* A topic is **covered** when it has ``covered_when.sentences`` cue sentences in the
  expected place (``where``) and names ``covered_when.options`` distinct treatment
  options; **weak** when there is some sign of it short of that; **missing** otherwise.
  Headings are never evidence, except that for ``where: section`` a heading decides
  which sections are the expected place (and a matching heading with no cue sentence
  under it makes the topic weak).
* Score = sum(weight x credit of status) / sum(weight), credits from ``shared.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from .cuescan import CueIndex, DocumentScan
from .cues import (
    CueSyntaxError,
    Heads,
    StartPatterns,
    Starts,
    compile_cues,
    cue_starts,
    heads_of,
    phrase_regex,
    start_patterns,
    vocabulary_regex,
)
from .model import CONTENT_TYPES, Block, Document, Finding, Section
from .offsets import source_offset
from .rules import Field, RuleError, check_fields, read_rule_file

__all__ = [
    "CoverageReport", "Topic", "TopicRules", "check_coverage", "classify_sentence",
    "load_options", "load_shared", "load_topic_rules", "options_named", "topic_files",
]

Status = Literal["covered", "weak", "missing"]
STATUSES: tuple[str, ...] = ("covered", "weak", "missing")
WHERE = ("anywhere", "lead", "section")
SEVERITIES = ("suggestion", "warning", "error")
#: What ``grid_finding_severity`` may be: a severity, or "off" for no grid findings.
GRID_SEVERITIES = (*SEVERITIES, "off")
_ID = re.compile(r"[a-z][a-z_]*[a-z]")
_VOCAB_NAME = re.compile(r"[a-z][a-z_]*")
_SHARED, _OPTIONS = "topics/shared.yml", "topics/options.yml"
#: The vocabulary name that stands for "any treatment option" in cue lists.
OPTION_VOCABULARY = "option"


# ---------------------------------------------------------------------------
# Rule data
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cues:
    """A compiled cue list: the phrases as written, one alternation regex and its heads.

    ``heads`` (``cues.cue_heads``) lets :meth:`found_in` skip the regex for a sentence
    none of whose words starts the way a match must start; None means always search.
    ``by_start`` (``cues.start_patterns``) is the list split by the words its phrases
    are found by, for the document scan (``cuescan``); None when it cannot be split.
    ``starts`` (``cues.cue_starts``) are the words a match can start at.
    """

    phrases: tuple[str, ...]
    regex: re.Pattern[str] | None
    heads: Heads = None
    by_start: tuple[StartPatterns, ...] | None = field(default=None, compare=False,
                                                         repr=False)
    starts: Starts = field(default=None, compare=False, repr=False)

    def search(self, text: str) -> re.Match[str] | None:
        """Return the first match in ``text``, or None (always None when empty)."""
        return self.regex.search(text) if self.regex is not None else None

    def found_in(self, text: str, text_heads: frozenset[str]) -> bool:
        """Tell whether the cues match ``text``, whose ``cues.word_heads`` are given.

        The same answer as ``search(text) is not None``, without searching when no
        word of the text starts with one of the heads.
        """
        if self.regex is None:
            return False
        if self.heads is not None and self.heads.isdisjoint(text_heads):
            return False
        return self.regex.search(text) is not None


_NO_CUES = Cues((), None)


@dataclass(frozen=True)
class SharedRules:
    """``topics/shared.yml``: score credits, evidence limit and vocabularies."""

    credits: dict[str, float]
    max_evidence: int
    vocabularies: tuple[tuple[str, str], ...]  # (name, regex text), sorted by name
    vocabulary_heads: tuple[tuple[str, Heads], ...] = ()  # (name, cues.cue_heads)
    vocabulary_starts: tuple[tuple[str, Starts], ...] = ()  # (name, cues.cue_starts)


@dataclass(frozen=True)
class Option:
    """One treatment option and the phrases that name it."""

    id: str
    label: str
    cues: Cues


@dataclass(frozen=True)
class Column:
    """One column of the treatment-option grid."""

    id: str
    label: str
    informed_by: tuple[str, ...]
    cues: Cues
    weak_cues: Cues
    suggestion: str


@dataclass(frozen=True)
class OptionRules:
    """``topics/options.yml``."""

    options: tuple[Option, ...]
    columns: tuple[Column, ...]
    grid_finding_severity: str  # a severity or "off"
    vocabulary: str  # regex text of "any option", for <option>
    vocabulary_heads: Heads = None  # the heads of <option>
    vocabulary_starts: Starts = None  # the starts of <option>


@dataclass(frozen=True)
class Topic:
    """One required topic of a content type."""

    id: str
    label: str
    informed_by: tuple[str, ...]
    where: str
    sections: Cues
    cues: Cues
    with_: Cues
    unless: Cues
    weak_cues: Cues
    min_sentences: int
    min_options: int
    weight: float
    suggestion: str


@dataclass(frozen=True)
class TopicRules:
    """The topics of one content type (``topics/<content-type>.yml``)."""

    content_type: str
    id: str
    version: int
    source: str
    options_grid: bool
    topics: tuple[Topic, ...]
    #: every sentence cue list of the topics, options and grid columns, for the scan
    index: CueIndex | None = field(default=None, compare=False, repr=False)
    #: the heading cues of the topics and the option cues, to scan headings and labels
    heading_index: CueIndex | None = field(default=None, compare=False, repr=False)


def topic_files() -> list[str]:
    """The rule files of the coverage check, relative to ``rules/``."""
    return [_SHARED, _OPTIONS] + [f"topics/{ct}.yml" for ct in CONTENT_TYPES]


def _cues(value: Any, where: str, vocabularies: tuple[tuple[str, str], ...],
          vocabulary_starts: tuple[tuple[str, Starts], ...] = ()) -> Cues:
    """Validate a list of cue phrases and compile it (RuleError naming the key)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleError(where.split(": ", 1)[0], where.split(": ", 1)[-1],
                        "must be a list of non-empty strings")
    vocab = dict(vocabularies)
    for index, phrase in enumerate(value):
        try:
            phrase_regex(phrase, vocab)
        except CueSyntaxError as error:
            file, key = where.split(": ", 1)
            raise RuleError(file, f"{key}[{index}]", str(error)) from error
    phrases = tuple(value)
    try:
        starts = cue_starts(phrases, vocabularies, vocabulary_starts)
        return Cues(phrases, compile_cues(phrases, vocabularies), heads_of(starts),
                    start_patterns(phrases, vocabularies, vocabulary_starts), starts)
    except CueSyntaxError as error:
        file, key = where.split(": ", 1)
        raise RuleError(file, key, str(error)) from error


def _informed_by(value: Any, file: str, key: str) -> tuple[str, ...]:
    """Validate an ``informed_by`` list (non-empty strings)."""
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v.strip() for v in value):
        raise RuleError(file, key, "must be a non-empty list of strings")
    return tuple(value)


def _check_id(value: str, file: str, key: str, seen: set[str]) -> None:
    """Check an id is lower_case_with_underscores and not used twice in its file."""
    if not _ID.fullmatch(value):
        raise RuleError(file, key, f"'{value}' must be lower-case letters and underscores")
    if value in seen:
        raise RuleError(file, key, f"'{value}' is used twice")
    seen.add(value)


# The loaders read a file and hand its data to a function that validates it, so that
# the tests can validate modified data without replacing module functions (which code
# compiled with mypyc would not see).
@cache
def load_shared() -> SharedRules:
    """Load and validate ``rules/topics/shared.yml``."""
    return _shared_rules(read_rule_file(_SHARED))


def _shared_rules(data: dict[str, Any]) -> SharedRules:
    """Validate the data of ``topics/shared.yml``; see :func:`load_shared`."""
    check_fields(data, {"id": Field(str), "version": Field(int), "scoring": Field(dict),
                        "max_evidence": Field(int), "vocabularies": Field(dict)}, _SHARED)
    scoring = data["scoring"]
    check_fields(scoring, {s: Field((int, float)) for s in STATUSES}, f"{_SHARED}: scoring")
    for status in STATUSES:
        if not 0 <= scoring[status] <= 1:
            raise RuleError(_SHARED, f"scoring.{status}", "must be between 0 and 1")
    if data["max_evidence"] < 1:
        raise RuleError(_SHARED, "max_evidence", "must be at least 1")
    vocabularies, vocabulary_heads, vocabulary_starts = [], [], []
    for name, phrases in sorted(data["vocabularies"].items()):
        key = f"vocabularies.{name}"
        if (not isinstance(name, str) or not _VOCAB_NAME.fullmatch(name)
                or name == OPTION_VOCABULARY):
            raise RuleError(_SHARED, key, "must be a lower-case name (and not 'option')")
        if not isinstance(phrases, list) or not phrases:
            raise RuleError(_SHARED, key, "must be a non-empty list of phrases")
        for index, phrase in enumerate(phrases):
            try:
                phrase_regex(phrase, {})
            except CueSyntaxError as error:  # also "unknown vocabulary": no nesting
                raise RuleError(_SHARED, f"{key}[{index}]", str(error)) from error
        vocabularies.append((name, vocabulary_regex(phrases)))
        starts = cue_starts(tuple(phrases))
        vocabulary_heads.append((name, heads_of(starts)))
        vocabulary_starts.append((name, starts))
    return SharedRules(credits={s: float(scoring[s]) for s in STATUSES},
                       max_evidence=data["max_evidence"], vocabularies=tuple(vocabularies),
                       vocabulary_heads=tuple(vocabulary_heads),
                       vocabulary_starts=tuple(vocabulary_starts))


@cache
def load_options() -> OptionRules:
    """Load and validate ``rules/topics/options.yml``."""
    return _option_rules(read_rule_file(_OPTIONS), load_shared())


def _option_rules(data: dict[str, Any], shared: SharedRules) -> OptionRules:
    """Validate the data of ``topics/options.yml``; see :func:`load_options`."""
    check_fields(data, {"id": Field(str), "version": Field(int),
                        "grid_finding_severity": Field(str), "options": Field(list),
                        "columns": Field(list)}, _OPTIONS)
    if data["grid_finding_severity"] not in GRID_SEVERITIES:
        raise RuleError(_OPTIONS, "grid_finding_severity",
                        f"must be one of {', '.join(GRID_SEVERITIES)}")
    vocab, starts = shared.vocabularies, shared.vocabulary_starts
    options: list[Option] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["options"]):
        where = f"{_OPTIONS}: options[{index}]"
        if not isinstance(entry, dict):
            raise RuleError(_OPTIONS, f"options[{index}]", "must be a mapping")
        check_fields(entry, {"id": Field(str), "label": Field(str), "cues": Field(list)}, where)
        _check_id(entry["id"], _OPTIONS, f"options[{index}].id", seen)
        cues = _cues(entry["cues"], f"{where}.cues", vocab, starts)
        if cues.regex is None:
            raise RuleError(_OPTIONS, f"options[{index}].cues", "must not be empty")
        options.append(Option(entry["id"], entry["label"], cues))
    if not options:
        raise RuleError(_OPTIONS, "options", "must not be empty")
    option_phrases = tuple(p for option in options for p in option.cues.phrases)
    option_vocab = vocabulary_regex(option_phrases, dict(vocab))
    columns: list[Column] = []
    seen = set()
    for index, entry in enumerate(data["columns"]):
        where = f"{_OPTIONS}: columns[{index}]"
        if not isinstance(entry, dict):
            raise RuleError(_OPTIONS, f"columns[{index}]", "must be a mapping")
        check_fields(entry, {"id": Field(str), "label": Field(str), "informed_by": Field(list),
                             "cues": Field(list), "weak_cues": Field(list),
                             "suggestion": Field(str)}, where)
        _check_id(entry["id"], _OPTIONS, f"columns[{index}].id", seen)
        cues = _cues(entry["cues"], f"{where}.cues", vocab, starts)
        if cues.regex is None:
            raise RuleError(_OPTIONS, f"columns[{index}].cues", "must not be empty")
        columns.append(Column(entry["id"], entry["label"],
                              _informed_by(entry["informed_by"], _OPTIONS,
                                           f"columns[{index}].informed_by"),
                              cues, _cues(entry["weak_cues"], f"{where}.weak_cues", vocab,
                                          starts),
                              entry["suggestion"]))
    if not columns:
        raise RuleError(_OPTIONS, "columns", "must not be empty")
    option_starts = cue_starts(option_phrases, vocab, starts)
    return OptionRules(tuple(options), tuple(columns), data["grid_finding_severity"],
                       option_vocab, heads_of(option_starts), option_starts)


_TOPIC_FIELDS = {
    "id": Field(str), "label": Field(str), "informed_by": Field(list), "where": Field(str),
    "sections": Field(list, required=False), "cues": Field(list),
    "with": Field(list, required=False), "unless": Field(list, required=False),
    "weak_cues": Field(list, required=False), "covered_when": Field(dict, required=False),
    "weight": Field((int, float)), "suggestion": Field(str),
}


@cache
def load_topic_rules(content_type: str) -> TopicRules:
    """Load and validate ``rules/topics/<content_type>.yml``.

    Raises
    ------
    ValueError
        For a content type not in ``model.CONTENT_TYPES``.
    RuleError
        For a malformed file: unknown, missing or mistyped key, a cue that does not
        compile, a duplicate id; the message names the file and the key.
    """
    if content_type not in CONTENT_TYPES:
        raise ValueError(f"unknown content type '{content_type}' "
                         f"(expected one of {', '.join(CONTENT_TYPES)})")
    return _topic_rules(content_type, read_rule_file(f"topics/{content_type}.yml"),
                        load_shared(), load_options())


def _topic_rules(content_type: str, data: dict[str, Any], shared: SharedRules,
                 options: OptionRules) -> TopicRules:
    """Validate the data of ``topics/<content_type>.yml``; see :func:`load_topic_rules`."""
    file = f"topics/{content_type}.yml"
    check_fields(data, {"id": Field(str), "version": Field(int), "source": Field(str),
                        "options_grid": Field(bool), "topics": Field(list)}, file)
    vocab = shared.vocabularies + ((OPTION_VOCABULARY, options.vocabulary),)
    starts = shared.vocabulary_starts + ((OPTION_VOCABULARY, options.vocabulary_starts),)
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["topics"]):
        key = f"topics[{index}]"
        if not isinstance(entry, dict):
            raise RuleError(file, key, "must be a mapping")
        check_fields(entry, _TOPIC_FIELDS, f"{file}: {key}")
        _check_id(entry["id"], file, f"{key}.id", seen)
        where = entry["where"]
        if where not in WHERE:
            raise RuleError(file, f"{key}.where", f"must be one of {', '.join(WHERE)}")
        if (where == "section") != ("sections" in entry):
            raise RuleError(file, f"{key}.sections",
                            "is required with where: section, and only then")
        covered_when = entry.get("covered_when", {})
        check_fields(covered_when, {"sentences": Field(int, required=False),
                                    "options": Field(int, required=False)},
                     f"{file}: {key}.covered_when")
        min_sentences = covered_when.get("sentences", 1)
        min_options = covered_when.get("options", 0)
        if min_sentences < 1 or min_options < 0:
            raise RuleError(file, f"{key}.covered_when",
                            "sentences must be at least 1 and options at least 0")
        cues = _cues(entry["cues"], f"{file}: {key}.cues", vocab, starts)
        if cues.regex is None:
            raise RuleError(file, f"{key}.cues", "must not be empty")
        weight = entry["weight"]
        if not weight > 0:
            raise RuleError(file, f"{key}.weight", "must be greater than 0")

        def optional(name: str) -> Cues:
            """Compile an optional cue list of this topic."""
            if name not in entry:
                return _NO_CUES
            return _cues(entry[name], f"{file}: {key}.{name}", vocab, starts)  # noqa: B023

        topics.append(Topic(
            id=entry["id"], label=entry["label"],
            informed_by=_informed_by(entry["informed_by"], file, f"{key}.informed_by"),
            where=where, sections=optional("sections"), cues=cues, with_=optional("with"),
            unless=optional("unless"), weak_cues=optional("weak_cues"),
            min_sentences=min_sentences, min_options=min_options, weight=float(weight),
            suggestion=entry["suggestion"]))
    sentence_index = CueIndex(
        [c for t in topics for c in (t.cues, t.with_, t.unless, t.weak_cues)]
        + [option.cues for option in options.options]
        + [c for column in options.columns for c in (column.cues, column.weak_cues)])
    heading_index = CueIndex([t.sections for t in topics]
                             + [option.cues for option in options.options])
    return TopicRules(content_type=content_type, id=data["id"], version=data["version"],
                      source=data["source"], options_grid=data["options_grid"],
                      topics=tuple(topics), index=sentence_index,
                      heading_index=heading_index)


# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------


class _Sentence:
    """One sentence of a section block, with its offsets into ``Document.text``.

    ``number`` is its index in the document's sentence list (and its ``DocumentScan``).
    ``start`` and ``end`` are computed when asked: only evidence needs them. A sentence
    is equal only to itself (a document has each sentence once).
    """

    __slots__ = ("section_index", "block_index", "text", "number", "block", "span", "_source")

    def __init__(self, section_index: int, block_index: int, text: str, number: int,
                 block: Block, span: tuple[int, int]) -> None:
        self.section_index = section_index
        self.block_index = block_index
        self.text = text
        self.number = number
        self.block = block
        self.span = span  # in block.text
        self._source: tuple[int, int] | None = None  # (start, end), when first asked

    def _source_span(self) -> tuple[int, int]:
        if self._source is None:
            a, b = self.span
            self._source = (source_offset(self.block, a), source_offset(self.block, b - 1) + 1)
        return self._source

    @property
    def start(self) -> int:
        """The offset of the sentence in ``Document.text``."""
        return self._source_span()[0]

    @property
    def end(self) -> int:
        """The offset just after the sentence in ``Document.text``."""
        return self._source_span()[1]

    def evidence(self, sections: tuple[Section, ...]) -> dict[str, Any]:
        """Return the JSON-ready evidence record of this sentence."""
        section = sections[self.section_index]
        start, end = self._source_span()
        return {"section": section.id, "heading": section.heading, "sentence": self.text,
                "start": start, "end": end}


def _sentences(document: Document) -> list[_Sentence]:
    """Cut every scored block of every section into sentences, in document order."""
    out: list[_Sentence] = []
    for s_index, section in enumerate(document.sections):
        for b_index, block in enumerate(section.blocks):
            if block.kind == "code":
                continue
            text = block.text
            for span in block.sentence_spans:
                out.append(_Sentence(s_index, b_index, text[span[0]:span[1]], len(out), block,
                                     span))
    return out


def classify_sentence(topic: Topic, sentence: str) -> Literal["covered", "weak"] | None:
    """Return how one sentence bears on ``topic``: a cue sentence, a weak one, or None.

    Placement is not considered here; see :func:`check_coverage`.
    """
    index = CueIndex((topic.cues, topic.with_, topic.unless, topic.weak_cues))
    covered, weak = _topic_sentences(topic, index.scan([sentence]))
    return "covered" if covered else "weak" if weak else None


def _topic_sentences(topic: Topic, scan: DocumentScan) -> tuple[list[int], list[int]]:
    """Return the indices of the cue sentences and of the weak sentences of ``topic``.

    The same as :func:`classify_sentence` on each sentence of the scan, done one cue
    list at a time over all the sentences.
    """
    covered = scan.matching(topic.cues)
    if topic.with_.regex is not None:
        covered = scan.matching(topic.with_, covered)
    covered_set = set(covered)
    weak = [i for i in scan.matching(topic.weak_cues) if i not in covered_set]
    if topic.unless.regex is not None:  # a sentence matching "unless" never counts
        excluded = set(scan.matching(topic.unless, covered + weak))
        covered = [i for i in covered if i not in excluded]
        weak = [i for i in weak if i not in excluded]
    return covered, weak


def options_named(sentence: str, options: tuple[Option, ...] | None = None) -> list[str]:
    """Return the ids of the treatment options a sentence names, in rule order."""
    options = load_options().options if options is None else options
    return [option.id for option in options if option.cues.search(sentence)]


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageReport:
    """The coverage of one document.

    ``record`` is JSON-ready: ``{"content_type", "score", "topics": [...],
    "options_grid": [...] or None}`` (shape in ``docs/coverage.md``); ``findings``
    holds one finding per weak or missing topic (and per grid row with gaps).
    """

    record: dict[str, Any]
    findings: tuple[Finding, ...]


def check_coverage(document: Document) -> CoverageReport:
    """Check which required topics of the document's content type it covers.

    Parameters
    ----------
    document : Document
        A loaded post; its ``content_type`` selects ``rules/topics/<type>.yml``.

    Returns
    -------
    CoverageReport
        The JSON-ready record and the findings.

    Notes
    -----
    ``score = sum(weight_t * credit(status_t)) / sum(weight_t)`` over the content
    type's topics, with credits from ``rules/topics/shared.yml`` (covered 1, weak 0.5,
    missing 0); None when there is no content type or no topic.
    """
    content_type = document.content_type
    if content_type is None or content_type not in CONTENT_TYPES:
        why = ("has no content_type in its front matter (or .meta.yml sidecar)"
               if content_type is None else f"has an unknown content_type '{content_type}'")
        finding = Finding(
            rule_id="coverage.content_type", severity="warning",
            message=f"Topic coverage was not checked: the post {why}; coverage needs it "
                    f"to know which topics are required.",
            document=document.id,
            suggestion=f"Add content_type (one of {', '.join(CONTENT_TYPES)}) to the "
                       f"post's front matter or .meta.yml sidecar.",
            source="content-audit topic rules")
        return CoverageReport({"content_type": content_type, "score": None, "topics": [],
                               "options_grid": None}, (finding,))
    rules = load_topic_rules(content_type)
    shared = load_shared()
    option_rules = load_options()
    sections = document.sections
    sentences = _sentences(document)
    scan = (rules.index or CueIndex(())).scan([s.text for s in sentences])
    # the headings (one per section, "" for none), then the lead-in labels of blocks
    labelled = {(s.section_index, s.block_index): s.block.label
                for s in sentences if s.block.label}
    headings = (rules.heading_index or CueIndex(())).scan(
        [s.heading or "" for s in sections] + list(labelled.values()))
    label_number = {key: len(sections) + n for n, key in enumerate(labelled)}
    lead_index = _lead_index(sections)
    in_section = {topic.id: {i for i, s in enumerate(sections)
                             if s.heading and headings.found_in(topic.sections, i)}
                  for topic in rules.topics if topic.where == "section"}

    # the topic hits, and the options each sentence is about
    hits: dict[str, list[_Sentence]] = {}
    weak: dict[str, list[_Sentence]] = {}
    for topic in rules.topics:
        covered, weak_only = _topic_sentences(topic, scan)
        hits[topic.id] = [sentences[i] for i in covered]
        weak[topic.id] = [sentences[i] for i in weak_only]
    owners = _owners(sections, sentences, option_rules.options, scan, headings, label_number)
    first_mention: dict[str, _Sentence] = {}
    for sentence, sentence_owners in zip(sentences, owners):
        for option_id in sentence_owners:
            first_mention.setdefault(option_id, sentence)

    topic_records, findings, earned, total = [], [], 0.0, 0.0
    prefix = f"coverage.{content_type.replace('-', '_')}"
    for topic in rules.topics:
        placed = [s for s in hits[topic.id]
                  if _in_place(topic, s.section_index, lead_index, in_section)]
        status, reason, evidence, first = _judge(topic, hits[topic.id], placed, weak[topic.id],
                                                 first_mention, sections, in_section, shared,
                                                 scan)
        record: dict[str, Any] = {
            "id": topic.id, "label": topic.label, "status": status,
            "evidence": evidence, "informed_by": list(topic.informed_by),
            "where": topic.where, "weight": topic.weight,
        }
        if topic.min_options:
            record["options"] = list(first_mention)
        topic_records.append(record)
        earned += topic.weight * shared.credits[status]
        total += topic.weight
        if status != "covered":
            findings.append(_topic_finding(document, rules, topic, status, reason, evidence,
                                           first, prefix, scan))
    grid = None
    if rules.options_grid:
        grid, grid_findings = _grid(document, sentences, owners, first_mention, option_rules,
                                    shared, prefix, scan)
        findings += grid_findings
    record = {"content_type": content_type, "score": earned / total if total else None,
              "topics": topic_records, "options_grid": grid}
    return CoverageReport(record, tuple(findings))


def _lead_index(sections: tuple[Section, ...]) -> int | None:
    """The section that counts as the opening: the lead, else the first section."""
    for index, section in enumerate(sections):
        if section.kind == "lead":
            return index
    return 0 if sections else None


def _in_place(topic: Topic, section_index: int, lead_index: int | None,
              in_section: dict[str, set[int]]) -> bool:
    """Whether a cue sentence of ``topic`` in this section is in the expected place."""
    if topic.where == "lead":
        return section_index == lead_index
    if topic.where == "section":
        return section_index in in_section[topic.id]
    return True


def _judge(topic: Topic, hits: list[_Sentence], placed: list[_Sentence],
           weak: list[_Sentence], first_mention: dict[str, _Sentence],
           sections: tuple[Section, ...], in_section: dict[str, set[int]],
           shared: SharedRules, scan: DocumentScan
           ) -> tuple[Status, str, list[dict[str, Any]], _Sentence | None]:
    """Decide the status of one topic; return it, the reason, the evidence and the
    sentence of the first evidence (None for none, or for a heading)."""
    cap = shared.max_evidence
    options_ok = len(first_mention) >= topic.min_options
    if len(placed) >= topic.min_sentences and options_ok:
        chosen = placed[:cap]
        if topic.min_options:  # the first mention of each option is evidence too
            chosen = sorted(set(chosen) | set(first_mention.values()),
                            key=lambda s: (s.start, s.end))
        return ("covered", "", [s.evidence(sections) for s in chosen],
                chosen[0] if chosen else None)
    reasons = []
    if topic.min_options and not options_ok:
        count = len(first_mention)
        reasons.append(f"{count} treatment option{'' if count == 1 else 's'} named; "
                       f"at least {topic.min_options} are needed")
    if placed and len(placed) < topic.min_sentences:
        reasons.append(f"only {len(placed)} of the {topic.min_sentences} sentences needed")
    elif hits and not placed:
        reasons.append("mentioned only outside " + (
            "the opening section" if topic.where == "lead" else "a section headed for it"))
    elif not placed and weak:
        phrases = sorted({m.group(0).lower() for s in weak
                          if (m := scan.search(topic.weak_cues, s.number))})
        reasons.append("only a general mention (" + ", ".join(f"'{p}'" for p in phrases) + ")")
    elif not placed and options_ok and topic.min_options:
        reasons.append("options are named, but no sentence presents them as choices")
    heading_only = topic.where == "section" and bool(in_section[topic.id]) and not placed
    if heading_only:
        reasons.append("a section is headed for it, but no sentence under it covers it")
    evidence_sentences = (placed or hits or weak)[:cap]
    if topic.min_options and first_mention:  # one per place, in document order
        evidence_sentences = sorted(
            {(s.start, s.end): s for s in evidence_sentences + list(first_mention.values())
             }.values(), key=lambda s: (s.start, s.end))
    evidence = [s.evidence(sections) for s in evidence_sentences]
    first = evidence_sentences[0] if evidence_sentences else None
    if heading_only and not evidence:
        index = min(in_section[topic.id])
        section = sections[index]
        start = section.heading_start if section.heading_start is not None else section.start
        evidence = [{"section": section.id, "heading": section.heading,
                     "sentence": section.heading, "start": start,
                     "end": start + len(section.heading or "")}]
    if hits or weak or heading_only or (topic.min_options and first_mention):
        return "weak", "; ".join(reasons), evidence, first
    return "missing", "", [], None


def _topic_finding(document: Document, rules: TopicRules, topic: Topic, status: Status,
                   reason: str, evidence: list[dict[str, Any]], sentence: _Sentence | None,
                   prefix: str, scan: DocumentScan) -> Finding:
    """Build the finding of one weak or missing topic.

    ``sentence`` is the sentence of the first evidence (None when that is a heading).
    """
    first = evidence[0] if evidence else None
    place = {"lead": " in the opening section", "section": " in a section headed for it",
             "anywhere": ""}[topic.where]
    if status == "missing":
        message = f"Missing topic: {topic.label}: no sentence{place or ' of the post'} covers it."
    else:
        message = f"Weak topic: {topic.label}: {reason}."
    match = ""
    if sentence is not None:
        found = (scan.search(topic.cues, sentence.number)
                 or scan.search(topic.weak_cues, sentence.number))
        match = found.group(0) if found else ""
    elif first is not None:
        found = (topic.cues.search(first["sentence"]) or topic.weak_cues.search(first["sentence"]))
        match = found.group(0) if found else ""
    return Finding(
        rule_id=f"{prefix}.{topic.id}",
        severity="error" if status == "missing" else "warning",
        message=message, document=document.id,
        section=first["section"] if first else "",
        start=first["start"] if first else None, end=first["end"] if first else None,
        match=match, sentence=first["sentence"] if first else "",
        suggestion=topic.suggestion,
        source=f"{rules.source} (rules/topics/{rules.content_type}.yml v{rules.version})",
        informed_by=topic.informed_by)


# ---------------------------------------------------------------------------
# The treatment-option grid
# ---------------------------------------------------------------------------


def _owners(sections: tuple[Section, ...], sentences: list[_Sentence],
            options: tuple[Option, ...], scan: DocumentScan, headings: DocumentScan,
            label_number: dict[tuple[int, int], int]) -> list[list[str]]:
    """Return, for each sentence, the options it is about (``docs/coverage.md``).

    A sentence is about every option it names (in rule order), about the option its
    block's lead-in label names (when the label names exactly one), and about the
    option its section's heading names (when the heading names exactly one).
    ``headings`` scans the headings (text ``i`` is the heading of section ``i``) and the
    labels (text ``label_number[(section index, block index)]``).
    """
    named: list[list[str]] = [[] for _ in sentences]
    for option in options:
        for index in scan.matching(option.cues):
            named[index].append(option.id)
    named_in_headings = [(option.id, headings.matched(option.cues)) for option in options]

    def single_option(number: int | None) -> str | None:
        """The one option a heading or label names, or None (none or several)."""
        if number is None or not headings.texts[number]:
            return None
        ids = [option_id for option_id, hits in named_in_headings if number in hits]
        return ids[0] if len(ids) == 1 else None

    heading_option = [single_option(i) for i in range(len(sections))]
    block: Block | None = None
    extras: list[str] = []
    for sentence, found in zip(sentences, named):
        if sentence.block is not block:  # a block's sentences come one after another
            block = sentence.block
            label = label_number.get((sentence.section_index, sentence.block_index))
            extras = [extra for extra in (single_option(label),
                                          heading_option[sentence.section_index])
                      if extra is not None]
        for extra in extras:
            if extra not in found:
                found.append(extra)
    return named


def _cell(about: list[_Sentence], sections: tuple[Section, ...], strong_hits: Set[int],
          weak_hits: Set[int]) -> dict[str, Any] | str:
    """One grid cell: the first sentence that fills it (with its status), or "missing".

    The first sentence matching the column's cues (``strong_hits``: the numbers of the
    sentences they match) gives ``status: covered``; failing that, the first matching
    its weak cues gives ``status: weak``.
    """
    strong = next((s for s in about if s.number in strong_hits), None)
    weak = None if strong else next((s for s in about if s.number in weak_hits), None)
    chosen = strong or weak
    if chosen is None:
        return "missing"
    return {"status": "covered" if strong else "weak", **chosen.evidence(sections)}


def _grid(document: Document, sentences: list[_Sentence], owners: list[list[str]],
          first_mention: dict[str, _Sentence], rules: OptionRules, shared: SharedRules,
          prefix: str, scan: DocumentScan) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Build one row per option found, in order of first mention."""
    sections = document.sections
    attributed: dict[str, list[_Sentence]] = {option_id: [] for option_id in first_mention}
    for sentence, sentence_owners in zip(sentences, owners):
        for option_id in sentence_owners:
            attributed[option_id].append(sentence)
    labels = {option.id: option.label for option in rules.options}
    column_hits = [(scan.matched(column.cues), scan.matched(column.weak_cues))
                   for column in rules.columns] if first_mention else []
    rows, findings = [], []
    cap = shared.max_evidence
    for option_id in first_mention:  # first-mention order
        row: dict[str, Any] = {"option": option_id, "label": labels[option_id],
                               "mentions": [s.evidence(sections)
                                            for s in attributed[option_id][:cap]]}
        gaps = []
        for column, (strong_hits, weak_hits) in zip(rules.columns, column_hits):
            row[column.id] = _cell(attributed[option_id], sections, strong_hits, weak_hits)
            if row[column.id] == "missing" or row[column.id]["status"] == "weak":
                gaps.append(column)
        rows.append(row)
        if gaps and rules.grid_finding_severity != "off":
            first = first_mention[option_id]
            label = labels[option_id]
            findings.append(Finding(
                rule_id=f"{prefix}.options_grid",
                severity=rules.grid_finding_severity,  # type: ignore[arg-type]
                message=f"{label}: no sentence about it covers "
                        + "; ".join(f"{c.label.lower()} ("
                                    f"{'missing' if row[c.id] == 'missing' else 'weak'})"
                                    for c in gaps)
                        + ".",
                document=document.id, section=sections[first.section_index].id,
                start=first.start, end=first.end, sentence=first.text,
                match=label,
                suggestion=f"For {label.lower()}, " + "; ".join(c.suggestion for c in gaps)
                           + ".",
                source="DISCERN treatment-choice questions (rules/topics/options.yml)",
                informed_by=tuple(dict.fromkeys(i for c in gaps for i in c.informed_by))))
    return rows, findings
