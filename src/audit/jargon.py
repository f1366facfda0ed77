"""Medical jargon: find it, measure its density per section, say whether it is explained.

Three detectors run over the scored blocks of every section (``docs/jargon.md``):

``lexicon``
    Terms listed in ``rules/jargon/*.yml`` (every file there but ``familiar.yml``), with
    their variants, regular plurals and possessives. Multi-word terms match across
    white space only (never across punctuation), the longest match wins, and forms
    written with capitals inside them ("RCC", "hCG", "PD-L1") match case-sensitively.
``uncommon``
    Words below ``zipf_threshold`` in wordfreq's English list, unless a base form of the
    word is common. Names (capitalised words that are not sentence-initial), numbers,
    acronyms, familiar words (``familiar.yml``) and words inside lexicon matches are
    left out.
``acronym``
    Initialisms (RCC, PD-1, CT, ctDNA, TKIs), each with whether it is spelled out where
    it first appears and its expansion from the lexicon or from the text.

Each occurrence a detector finds is one *jargon occurrence*; an occurrence found by
several detectors (a listed acronym) is counted once in the combined figures. Whether a
term is *explained* is judged where it first appears in the document, by the heuristic
of :mod:`audit.jargon_explained` (documented in ``docs/jargon.md``).

The work is in four modules: :mod:`audit.jargon_lexicon` (rule files and the matcher),
:mod:`audit.jargon_scan` (word classes and occurrences), :mod:`audit.jargon_explained`
and this one (the reports, and the public names of all four). Everything is pure: rule
files are read once and cached; no other I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any, Final

from .jargon_explained import _judge, _sentence
from .jargon_lexicon import (
    DETECTORS,
    JargonSettings,
    Lexicon,
    Term,
    build_lexicon,
    build_settings,
    lexicon_files,
    load_jargon_settings,
    load_lexicon,
)
from .jargon_scan import (
    _ACR_ONLY,
    _LEX_ACR,
    _LEX_ONLY,
    _UNC_ONLY,
    JargonReport,
    Occurrence,
    _acronym_key,
    _Engine,
    _engine,
    _Occ,
    _scan_document,
    _term_info,
    find_jargon,
)
from .model import Block, Document, Finding, new_finding
from .offsets import source_offset

__all__ = [
    "DETECTORS",
    "JargonReport",
    "JargonSettings",
    "Lexicon",
    "Occurrence",
    "Term",
    "analyze_jargon",
    "build_lexicon",
    "build_settings",
    "find_jargon",
    "lexicon_files",
    "load_jargon_settings",
    "load_lexicon",
]


# ======================================================================== report
#: How many later uses of an unexplained term are checked for a late explanation.
_LATER_CHECKS: Final = 2


def _share(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there are no words."""
    return part / whole if whole else None


#: Detector bits of an occurrence (in ``DETECTORS`` order), and the names of each mix.
_DETECTOR_BITS: Final = {_LEX_ONLY: 1, _UNC_ONLY: 2, _ACR_ONLY: 4, _LEX_ACR: 1 | 4}
_DETECTOR_NAMES: Final = tuple(
    tuple(name for bit, name in enumerate(DETECTORS) if mask & (1 << bit))
    for mask in range(8))


class _Tally:
    """One term's occurrences in one section (later: in the document).

    Built in one pass over the occurrences, so that records need no second look at
    them. ``mask`` is the union of the occurrences' detector bits (a term's lexicon or
    uncommon bit is the same for all its occurrences, its acronym bit may vary).
    """

    __slots__ = ("key", "head", "count", "acronyms", "tokens", "mask", "first")

    def __init__(self, occ: _Occ, mask: int) -> None:
        self.key = occ.key
        self.head = occ  # the first occurrence
        self.count = 1
        self.acronyms = mask >> 2  # occurrences holding an acronym
        self.tokens = occ.size  # word tokens inside the occurrences
        self.mask = mask
        self.first = 0  # offset in ``Document.text`` of the head (set by the caller)


_BY_COUNT: Final = itemgetter("count")


def _record(words: int, tallies: Iterable[_Tally], static: dict[str, tuple[Any, ...]]
            ) -> dict[str, Any]:
    """Build the JSON-ready record of one section or document from its tallies.

    ``tallies`` are in order of first occurrence; ``static`` holds each term's
    section-independent fields (``term``, ``category``, ``rule_id``, ``plain``,
    ``expansion``, ``explained``).
    """
    lexicon = uncommon = acronym = combined = unexplained = tokens = 0
    terms: list[dict[str, Any]] = []
    append = terms.append
    names = _DETECTOR_NAMES
    for t in tallies:
        n = t.count
        mask = t.mask
        combined += n
        if mask & 1:
            lexicon += n
        elif mask & 2:
            uncommon += n
        acronym += t.acronyms
        tokens += t.tokens
        name, category, rule_id, plain, expansion, is_explained = static[t.key]
        if not is_explained:
            unexplained += n
        append({"term": name, "category": category, "rule_id": rule_id, "count": n,
                "plain": plain, "expansion": expansion, "explained": is_explained,
                "detectors": list(names[mask]), "first": t.first})
    if combined != len(terms):  # some term occurs more than once: rank them
        # A stable sort on the count alone (descending; ``reverse`` keeps ties in
        # order) ranks by (count desc, first position), since tallies come in text order.
        terms.sort(key=_BY_COUNT, reverse=True)
    return {
        "words": words,
        "density": _share(combined, words),
        "complex_share": _share(tokens, words),
        "counts": {"lexicon": lexicon, "uncommon": uncommon, "acronym": acronym,
                   "combined": combined, "unexplained": unexplained},
        "terms": terms,
    }


def analyze_jargon(document: Document) -> JargonReport:
    """Find the jargon of a document, measure it per section and judge each term.

    Parameters
    ----------
    document : Document
        A loaded post; only each section's scored blocks are read (headings and code
        blocks are not).

    Returns
    -------
    JargonReport
        ``sections`` (one per ``document.sections``, same order) and ``document`` are
        JSON-ready dicts with the keys ``words``, ``density``, ``complex_share``,
        ``counts`` (``lexicon``, ``uncommon``, ``acronym``, ``combined``,
        ``unexplained``) and ``terms``; each term is a dict with ``term``,
        ``category``, ``rule_id``, ``count``, ``plain``, ``expansion``, ``explained``,
        ``detectors`` and ``first`` (offset in ``Document.text`` of its first use).

    Notes
    -----
    With W the words of the text (tokenised and counted exactly as readability counts
    them) and the jargon *occurrences* the union of the three detectors' hits (a
    lexicon match is one occurrence however many words it has; an acronym inside it
    is not counted again):

    - ``density`` = occurrences / W: jargon terms per word, so that
      "stereotactic body radiation therapy" and "SBRT" weigh the same;
    - ``complex_share`` = word tokens inside occurrences / W: the share of the words
      that are complex language in the SHeLL Editor's sense (lexicon terms, uncommon
      words and acronyms); a 4-word term counts 4;
    - ``counts``: ``lexicon`` lexicon occurrences, ``uncommon`` uncommon-word
      occurrences, ``acronym`` occurrences holding an acronym (also lexicon matches
      such as "RCC" or "CT scan"),
      ``combined`` all occurrences once, ``unexplained`` occurrences of terms not
      explained where they first appear in the document.

    Both ratios are None when W = 0. Nothing is rounded. A term is *explained* when
    the text explains it where it first appears in the document (see
    :func:`audit.jargon_explained._judge`); every section reports that same judgement.
    """
    engine = _engine()
    scanned = _scan_document(document)
    blocks = scanned.blocks

    # One pass over the occurrences (in text order): each term's first occurrence in
    # the document, the later ones, and each section's tally of each term.
    heads: dict[str, _Occ] = {}
    repeats: list[_Occ] = []
    per_section: list[dict[str, _Tally]] = [{} for _ in document.sections]
    bits = _DETECTOR_BITS
    for occ in scanned.occs:
        key = occ.key
        if key in heads:
            repeats.append(occ)
        else:
            heads[key] = occ
        tallies = per_section[occ.section]
        mask = bits[occ.detectors]
        t = tallies.get(key)
        if t is None:
            tallies[key] = _Tally(occ, mask)
        else:
            t.count += 1
            t.acronyms += mask >> 2
            t.tokens += occ.size
            t.mask |= mask

    # whether each term is explained where it first appears, and the parts of its
    # record that do not depend on the section
    explained: dict[str, bool] = {}
    long_forms: dict[str, str | None] = {}
    head_sentences: dict[str, str] = {}
    static: dict[str, tuple[Any, ...]] = {}
    for key, head in heads.items():
        is_explained, long_form, head_sentences[key] = _judge(
            engine, blocks[head.section][head.block], head)
        explained[key] = is_explained
        long_forms[key] = long_form
        name, category, rule_id, plain, expansion = _term_info(engine, head)
        static[key] = (name, category, rule_id, plain, expansion or long_form,
                       is_explained)

    # whether an unexplained term is explained at one of its next few uses
    later: dict[str, bool] = {}
    checks: dict[str, int] = {}
    for occ in repeats:
        key = occ.key
        if explained[key] or key in later:
            continue
        done = checks.get(key, 0)
        if done == _LATER_CHECKS:
            continue
        checks[key] = done + 1
        if _judge(engine, blocks[occ.section][occ.block], occ)[0]:
            later[key] = True

    sections: list[dict[str, Any]] = []
    findings: list[Finding] = []
    append_finding = findings.append
    whole: dict[str, _Tally] = {}
    for si, section in enumerate(document.sections):
        tallies = per_section[si]
        these = blocks[si]
        section_id = section.id
        for key, t in tallies.items():  # one finding per term, in text order
            head = t.head
            block = these[head.block]
            t.first = source_offset(block, head.start)
            sentence = head_sentences[key] if heads[key] is head else _sentence(block, head)
            append_finding(_finding(engine, document, section_id, block, sentence, head,
                                    block.text[head.start:head.end], explained[key],
                                    key in later, long_forms[key], t.first,
                                    static[key][2]))
            # The document's tally of a term starts as its first section's (whose
            # record is built before any later section adds to it) and takes in the
            # later sections'.
            total = whole.get(key)
            if total is None:
                whole[key] = t
            else:
                total.count += t.count
                total.acronyms += t.acronyms
                total.tokens += t.tokens
                total.mask |= t.mask
        sections.append(_record(scanned.words[si], tallies.values(), static))
    document_record = _record(sum(scanned.words), whole.values(), static)
    return JargonReport(sections=tuple(sections), document=document_record,
                        findings=tuple(findings))


def _finding(engine: _Engine, document: Document, section_id: str, block: Block,
             sentence: str, occ: _Occ, match: str, explained: bool, later: bool,
             long_form: str | None, start: int, rule_id: str) -> Finding:
    """Build the finding for a term's first occurrence in a section.

    ``start`` is the occurrence's offset in ``Document.text`` and ``rule_id`` its
    rule (both already known to the caller, which reports them in the term's record).
    """
    s = engine.settings
    term = occ.term
    acronym = "acronym" in occ.detectors and occ.size == 1
    value = threshold = None
    if term is not None:
        detector = "lexicon"
        suggestion = term.plain
        name = term.term
        if acronym:
            expansion = term.expansion or term.term
            message = (f"'{match}' is spelled out or explained where it first appears; "
                       f"where you can, use plain words instead." if explained else
                       f"Spell out '{match}' where it first appears "
                       f"(\"{expansion} ({_acronym_key(match)})\") and say what it is, "
                       f"or use plain words.")
        elif explained:
            message = (f"'{match}' is explained where it first appears; keep it if readers "
                       f"need the term." if term.keep_if_defined else
                       f"'{match}' is explained where it first appears; where the term "
                       f"itself is not needed, use the plain words.")
        elif term.keep_if_defined:
            message = (f"Explain '{match}' where it first appears, e.g. \"{name} "
                       f"({term.plain})\", or use the plain words.")
        else:
            message = (f"Replace '{match}' with plain words, or explain it where it "
                       f"first appears.")
    elif "acronym" in occ.detectors:
        detector = "acronym"
        short = _acronym_key(match)
        suggestion = f"{long_form} ({short})" if long_form else ""
        message = (f"'{short}' is spelled out or explained where it first appears; where "
                   f"you can, use plain words instead." if explained else
                   f"Spell out '{short}' where it first appears, or use plain words.")
    else:
        detector = "uncommon"
        suggestion = ""
        value, threshold = occ.zipf, s.zipf_threshold
        message = (f"'{match}' is uncommon in everyday English (Zipf {occ.zipf:.1f}, below "
                   f"{s.zipf_threshold:g})")
        message += ("; it is explained where it first appears, but a more common word "
                    "may read better." if explained else
                    "; use a more common word or explain it.")
    if not explained and later:
        message += " It is explained later in the post: move the explanation to its first use."
    # every field, in ``Finding`` order (see ``model.new_finding``)
    return new_finding((
        rule_id, "suggestion" if explained else "warning", message, document.id,
        section_id, start, source_offset(block, occ.end - 1) + 1, match, sentence,
        suggestion, value, threshold, s.sources[detector], s.informed_by[detector]))
