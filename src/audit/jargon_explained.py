"""Whether a term is explained where it first appears in a section.

A heuristic, not a parse (``docs/jargon.md`` §3): an appositive, a parenthesis, "called
...", "which means ...", "X is ...", a definition that follows, or an acronym spelled
out. Works on the sentence around an occurrence found by :mod:`audit.jargon_scan`.
"""

from __future__ import annotations

import re
from typing import Final

from .jargon_lexicon import Term, _normalise
from .jargon_scan import (
    _CONTENT,
    _GENERIC,
    _acronym_key,
    _BlockWords,
    _Engine,
    _Occ,
    _scan,
    _split_block,
)
from .model import Block
from .textprep import lead_in_end, sentence_spans

# ======================================================================== explained?
class _Context:
    """The sentence around an occurrence, for the explained-at-first-use heuristic.

    A slotted class rather than a dataclass: :func:`_judge` builds one for each term a
    cheap test lets through, so its construction is on the hot path.
    """

    __slots__ = ("text", "s0", "s1", "a", "b", "label_end", "next_sentence", "before",
                 "after")

    def __init__(self, text: str, s0: int, s1: int, a: int, b: int, label_end: int,
                 next_sentence: str) -> None:
        self.text = text
        self.s0 = s0
        self.s1 = s1
        self.a = a
        self.b = b
        self.label_end = label_end
        self.next_sentence = next_sentence
        self.before = text[s0:a]  # the sentence text before the term
        self.after = text[b:s1]  # the sentence text after the term


def _locate(block: Block, occ: _Occ) -> tuple[str, tuple[tuple[int, int], ...], int,
                                               int, int]:
    """Locate the sentence holding an occurrence: return the block's text, its sentence
    spans, the sentence's index and its bounds (widened to hold the whole occurrence).

    The sentence is the first whose end lies after the occurrence's start (the last
    one if none does); the block's spans are ``Block.sentence_spans``, computed once
    per block and shared with readability and coverage.
    """
    text = block.text or ""
    spans: tuple[tuple[int, int], ...] = block.sentence_spans or ((0, len(text)),)
    # a walk, not a bisection: a block has few sentences, and the spans' ends increase
    start, last = occ.start, len(spans) - 1
    index = 0
    while index < last and spans[index][1] <= start:
        index += 1
    s0, s1 = spans[index]
    return text, spans, index, min(s0, start), max(s1, occ.end)


def _content_words(engine: _Engine, fragment: str, *, generic: bool = False,
                   scanned: tuple[_BlockWords, list[_Occ]] | None = None
                   ) -> tuple[int, int]:
    """Count the plain and the jargon content words of a fragment.

    Function words do not count; with ``generic``, neither do generic heads ("drugs",
    "a type of"). Capitalised words count as plain (names). ``scanned`` is the
    fragment's words and occurrences when the caller has them already.
    """
    bw, occs = scanned or _scan_fragment(engine, fragment)
    engine.trim()
    kinds = list(map(engine.content_kinds.__getitem__, bw.words))
    # every content word not inside an occurrence is plain (a generic head only
    # without ``generic``); those inside one are jargon
    plain = kinds.count(_CONTENT) + (0 if generic else kinds.count(_GENERIC))
    jargon = 0
    for i in {i for o in occs for i in range(o.k, o.k + o.size)}:
        kind = kinds[i]
        if kind:
            jargon += 1
            if kind == _CONTENT or not generic:
                plain -= 1
    return plain, jargon


def _scan_fragment(engine: _Engine, fragment: str) -> tuple[_BlockWords, list[_Occ]]:
    """Return the words of a piece of a sentence and its jargon occurrences."""
    bw = _split_block(fragment, None)
    return bw, _scan(engine, bw, 0, 0)


_WORD_RE: Final = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


def _first_words(text: str, n: int) -> list[str]:
    """Return the first ``n`` words of ``text`` (looking at most 15 characters a word),
    lower-cased."""
    return [w.lower() for w in _WORD_RE.findall(text, 0, 15 * n)[:n]]


def _is_definition_start(engine: _Engine, rest: str, pos: int = 0) -> bool:
    """Tell whether ``rest[pos:]`` opens a definition ("is a ...", "means ...", "works
    by ...")."""
    s = engine.settings
    # The first word decides whether the next ones matter: most terms are followed by
    # neither a copula nor a definition verb. (``_WORD_RE`` looks neither behind ``pos``
    # nor ahead of the window, so searching ``rest`` from ``pos`` is searching
    # ``rest[pos:]``, as ``_first_words`` does.)
    first = _WORD_RE.search(rest, pos, pos + 60)
    if first is None:
        return False
    head = first.group().lower()
    copula = head in s.copula_words
    if not copula and head not in engine.verbs_by_first:
        return False
    words = [w.lower() for w in _WORD_RE.findall(rest, pos, pos + 60)[:4]]
    if copula:
        if len(words) < 2:
            return False
        if words[1] == "the":
            return len(words) > 2 and words[2] not in s.not_definition_after_the \
                and not words[2].endswith("est")
        return words[1] in s.definition_starts or words[1] in s.class_nouns
    for verb in engine.verbs_by_first.get(words[0], ()):
        if words[:len(verb)] == list(verb):
            return True
    return False


def _is_naming_definition(engine: _Engine, rest: str) -> bool:
    """Tell whether ``rest`` says what something is ("is a ...", "means ...").

    Stricter than :func:`_is_definition_start`: after "This"/"It" at the start of the
    next sentence, an action ("It shows ...") is more often about another subject.
    """
    first = _WORD_RE.search(rest, 0, 45)  # the first of _first_words(rest, 3)
    if first is None:
        return False
    head = first.group().lower()
    if head in engine.settings.copula_words:
        return _is_definition_start(engine, rest)
    if head in ("means", "mean"):
        return True
    return head == "refers" and _first_words(rest, 3)[:2] == ["refers", "to"]


_SKIP_WORD_RE: Final = re.compile(r"\s*(?:and\s+|or\s+)?[(\[]?[\w'\u2019-]+[)\]]?(?=\s|$)")


def _definition_follows(engine: _Engine, rest: str, max_skip: int = 3) -> bool:
    """Tell whether a definition starts in ``rest`` after at most ``max_skip`` words.

    The skipped words finish the subject ("Metastatic kidney cancer occurs when",
    "This form of treatment uses"); punctuation other than brackets ends the search.
    """
    rest = rest[:120]
    pos = 0
    openers = engine.definition_openers
    for skipped in range(max_skip + 1):
        # the first test of :func:`_is_definition_start`, which most words fail, here
        first = _WORD_RE.search(rest, pos, pos + 60)
        if (first is not None and first.group().lower() in openers
                and _is_definition_start(engine, rest, pos)):
            return True
        m = _SKIP_WORD_RE.match(rest, pos)
        if not m or skipped == max_skip:
            return False
        pos = m.end()
    return False


_PAREN_RE: Final = re.compile(r"\s*\(([^()]*)\)")
_EXAMPLE_RE: Final = re.compile(r"\s*(?:such as|e\.g\.|eg|for example|see|including|like)\b", re.I)
_SYNONYM_RE: Final = re.compile(
    r"^\s*(?:also called|also known as|known as|called|or|i\.e\.,?|that is,?|meaning"
    r"|which means)\s+", re.I)
_RELATIVE_RE: Final = re.compile(r"\s*,?\s*(?:which|that|who|it|they)\s+", re.I)
_APPOSITIVE_RE: Final = re.compile(
    r",\s+(?:(?:or|also called|also known as|i\.e\.,?|that is,?|meaning)\s+)?"
    r"([^,;()\u2014\u2013:.!?]+)([,;)\u2014\u2013:.!?]?)", re.I)
_PRONOUN_RE: Final = re.compile(r"(?:This|That|It|These|They)\b")
#: What ``after`` opens with when a check on its start may succeed in
#: :func:`_judge`: white space then a bracket (``after.lstrip()`` starts with one),
#: a comma, or a relative pronoun (``_RELATIVE_RE``).
_AFTER_CUE_RE: Final = re.compile(r"\s*[()]|,|" + _RELATIVE_RE.pattern, re.I)
_NON_SPACE_RE: Final = re.compile(r"\S+")


def _may_open_cue(text: str, b: int, s1: int) -> bool:
    """Tell cheaply whether ``_AFTER_CUE_RE`` may match ``text[b:s1]``: a necessary
    condition, most terms failing it.

    After any white space, each branch needs a bracket, a comma, or the first letter of
    a relative pronoun; under ``re.I``, ``i`` also matches dotless and dotted I.
    """
    j = b
    while j < s1 and text[j].isspace():
        j += 1
    return j < s1 and text[j] in "(),wtiWTI\u0130\u0131"


#: The characters that end the clause before a naming cue (a regex finds them in C:
#: the text before a cue may be a long sentence).
_CLAUSE_BOUND_RE: Final = re.compile("[,;:()\u2014\u2013]")
_SUBJECT_DETERMINERS: Final = frozenset({"a", "an", "the", "this", "these", "your", "each", "every"})
#: The articles ``engine.naming_re`` allows between a cue and the term.
_ARTICLES: Final = frozenset({"a", "an", "the"})


def _paren_explains(engine: _Engine, content: str) -> bool:
    """Tell whether bracketed text explains the term before it (not a name or acronym)."""
    if _EXAMPLE_RE.match(content):
        return False
    content = _SYNONYM_RE.sub("", content)
    words = [w for w in _WORD_RE.findall(content) if w[:1].isalpha()]
    if not words or all(w[:1].isupper() for w in words):
        return False  # "(Inlyta)", "(RCC)", "(T)": a name, a brand or an acronym
    plain, jargon = _content_words(engine, content)
    return plain >= 1 and plain >= jargon


def _sh_long_form(short: str, candidate: str) -> str | None:
    """Find the long form of ``short`` at the end of ``candidate`` (Schwartz & Hearst 2003).

    Every letter and digit of the short form must appear, in order, in the long form,
    the first one at the start of a word. Returns the long form or None.
    """
    chars = [ch.lower() for ch in short if ch.isalnum()]
    text = candidate.lower()
    if not chars or any(len(ch) != 1 for ch in chars):
        return None  # (a letter lower-casing to two characters matches no character)
    si, li = len(chars) - 1, len(text) - 1
    while si >= 0:
        ch = chars[si]
        # the last ``ch`` at or before ``li`` (for the first letter: one starting a word)
        li = text.rfind(ch, 0, li + 1)
        if si == 0:
            while li > 0 and text[li - 1].isalnum():
                li = text.rfind(ch, 0, li)
        if li < 0:
            return None
        si -= 1
        li -= 1
    long_form = candidate[li + 1:].strip(" ,;:")
    return long_form if len(long_form) > len(short) else None


def _spelled_out(ctx: _Context, match: str, term: Term | None) -> str | None:
    """Return the long form when an acronym is spelled out at this occurrence.

    "renal cell carcinoma (RCC)": the acronym in brackets after a long form whose
    letters it abbreviates; "RCC (renal cell carcinoma)": the long form in brackets
    after it. The lexicon's ``expansion`` counts too.
    """
    short = _acronym_key(match)
    before, after = ctx.before, ctx.after
    if before.rstrip().endswith("(") and after.lstrip()[:1] in (")", ";", ","):
        n = sum(ch.isalnum() for ch in short)
        head = before.rstrip()[:-1].rstrip()
        starts = [m.start() for m in _NON_SPACE_RE.finditer(head)]
        if starts:
            found = _sh_long_form(short, head[starts[-min(n + 5, 2 * n, len(starts))]:])
            if found:
                return found
        if term and term.expansion and _normalise(head).lower().endswith(
                _normalise(term.expansion).lower()):
            return term.expansion
    m = _PAREN_RE.match(after)
    if m:
        content = m.group(1).strip(" ,;:")
        found = _sh_long_form(short, content)
        if found and found.lower() == content.lower():
            return found
        if term and term.expansion and _normalise(content).lower() == _normalise(
                term.expansion).lower():
            return term.expansion
    return None


def _may_follow_cue(engine: _Engine, before: str) -> bool:
    """Tell cheaply whether ``engine.naming_re`` may match the text before a term.

    A necessary condition, checked on the same 60 characters: they end with white
    space after a cue ("called", "known as", ...), or after "a", "an" or "the" and
    white space after a cue. Most terms fail it, which spares the regex search.
    (Lower-casing and ``_normalise`` keep white space and turn no other character
    into it or into an ASCII letter, so the cheap test may skip them where it can.)
    """
    ends = engine.naming_ends
    if ends is None:
        return True  # cues this test was not written for: always run the regex
    if not before[-1:].isspace():
        return False
    tail = before[-60:].rstrip().lower()
    if tail.endswith(ends):
        return True
    if tail.endswith("the"):
        rest = tail[:-3]
    elif tail.endswith("an"):
        rest = tail[:-2]
    elif tail.endswith("a"):
        rest = tail[:-1]
    else:
        return False
    return rest[-1:].isspace() and rest.rstrip().endswith(ends)


def _named_after_description(engine: _Engine, ctx: _Context) -> bool:
    """Judge "<description> called/known as X": True when the description explains X.

    The description is the clause before the cue; when it is only a generic head
    ("a stage", "a group") set off by a comma or dash, the clause before that is read
    ("... spreads to other parts of the body—a stage known as metastatic ...").
    """
    s = engine.settings
    before = ctx.before
    if not _may_follow_cue(engine, before):
        return False
    m = engine.naming_re.search(_normalise(before[-60:]).lower())
    if not m:
        return False
    head = before[:len(before) - len(before[-60:]) + m.start(1)]
    bounds = [bound.start() for bound in _CLAUSE_BOUND_RE.finditer(head)]
    cut = bounds[-1] if bounds else -1
    if head[cut:cut + 1] == "(":
        return False  # "X (also called Y)": a synonym, given after the term
    clause = head[cut + 1:]
    plain, _ = _content_words(engine, clause, generic=True)
    if plain >= s.min_description_words:
        return True
    if cut >= 0 and head[cut] in ",\u2014\u2013" and len(clause.split()) <= 3:
        start = bounds[-2] + 1 if len(bounds) > 1 else 0
        plain, _ = _content_words(engine, head[start:cut], generic=True)
        return plain >= s.min_description_words
    return False


def _appositive(engine: _Engine, ctx: _Context, occ: _Occ) -> bool:
    """Judge "X, <a plain description>," right after the term."""
    s = engine.settings
    after = ctx.after
    before = ctx.before.rstrip()
    last = before.rsplit(None, 1)[-1].lower() if before else ""
    if not after.startswith(",") or before.endswith(",") or last in ("and", "or"):
        return False  # the term is itself an item of a list
    m = _APPOSITIVE_RE.match(after)
    if not m:
        return False
    phrase, closer = m.group(1).strip(), m.group(2)
    words = [w.lower() for w in _WORD_RE.findall(phrase)]
    if len(words) < s.min_appositive_words:
        return False
    first = words[0]
    if first in s.non_appositive_starts or (first.endswith("ed") and len(first) > 4):
        return False
    if not s.clause_words.isdisjoint(words):
        return False  # a clause, not a description
    if (first not in s.appositive_determiners and closer not in (",", ")", "\u2014", "\u2013")
            and not _subject_position(ctx)):
        return False  # "..., raise the risk.": a predicate
    if len(words) <= 3 and closer == ",":
        return False  # "cisplatin, gemcitabine, ...": a list
    scanned = _scan_fragment(engine, phrase)
    head = scanned[1]
    if head and head[0].k == 0 and (
            "acronym" in head[0].detectors
            or (occ.term is not None and head[0].term is not None
                and head[0].term.category == occ.term.category)):
        return False  # a list of terms of one kind
    plain, jargon = _content_words(engine, phrase, scanned=scanned)
    return plain >= 1 and plain >= jargon


def _subject_position(ctx: _Context) -> bool:
    """Tell whether the term opens its sentence (after at most a determiner)."""
    words = ctx.before.split(None, 1)  # two items as soon as there are two words
    return not words or (len(words) == 1 and words[0].lower() in _SUBJECT_DETERMINERS)


def _after_explains(engine: _Engine, ctx: _Context, occ: _Occ) -> bool:
    """The checks of :func:`_judge` on the start of ``after``: plain words in
    brackets, the term in brackets after a description, an appositive, a relative
    clause that defines the term."""
    before, after = ctx.before, ctx.after
    after_l = after.lstrip()
    if after_l.startswith("("):
        m = _PAREN_RE.match(after)
        if m and _paren_explains(engine, m.group(1)):
            return True
    if after_l.startswith(")") and before.rstrip().endswith("("):
        words = _WORD_RE.findall(before.rstrip()[:-1])[-4:]
        plain, jargon = _content_words(engine, " ".join(words))
        if plain >= 1 and plain >= jargon:
            return True
    if after.startswith(",") and _appositive(engine, ctx, occ):
        return True
    rel = _RELATIVE_RE.match(after)
    return rel is not None and _is_definition_start(engine, after, rel.end())


def _label_item_explains(engine: _Engine, ctx: _Context, match: str) -> bool:
    """Judge a "Label:" term by its item's first sentence ("Immunotherapy: It works by
    ...")."""
    body = ctx.text[ctx.label_end:].lstrip()
    spans = sentence_spans(body)
    first = body[spans[0][0]:spans[0][1]] if spans else ""
    words = _first_words(match, 1)
    subjects = {"this", "these", "it", "they", *words}
    for m in list(_WORD_RE.finditer(first))[:8]:
        if m.group().lower() in subjects and _definition_follows(engine, first[m.end():]):
            return True
    return False


def _next_sentence_explains(engine: _Engine, ctx: _Context) -> bool:
    """Judge a next sentence "This is ..." when the term ends its sentence's jargon."""
    m = _PRONOUN_RE.match(ctx.next_sentence)
    return bool(m and _is_naming_definition(engine, ctx.next_sentence[m.end():])
                and not _scan(engine, _split_block(ctx.after, None), 0, 0))


def _sentence(block: Block, occ: _Occ) -> str:
    """Return the sentence holding an occurrence (see :func:`_locate`)."""
    text, _, _, s0, s1 = _locate(block, occ)
    return text[s0:s1]


def _judge(engine: _Engine, block: Block, occ: _Occ) -> tuple[bool, str | None, str]:
    """Tell whether the text explains a term where it appears; also return a long form
    (for an acronym spelled out) and the sentence holding the occurrence.

    Heuristic (``docs/jargon.md`` §3): an acronym spelled out ("renal cell carcinoma
    (RCC)", "RCC (renal cell carcinoma)"); plain words in brackets right after the
    term; the term in brackets right after a plain description ("low red blood cell
    counts (anemia)"); "<description> called/known as X" with an informative
    description; an appositive ("nephrectomy, surgery to remove the kidney,"); a
    relative clause or pronoun that defines it ("X, which describes ...", "..., it
    lowers ..."); a definition with the term as subject ("X is a ...", "X means ...",
    "X works by ..."); a "Label:" term whose item then defines it ("Immunotherapy:
    Immunotherapy works by ..."); a next sentence "This is ..." when the term ends its
    sentence's jargon.

    Each check runs only where a cheap test on offsets into the block's text says it
    may succeed (a bracket, comma or relative pronoun after the term, a cue word before
    it, the term opening its sentence or a "Label:" lead-in, "This is ..." next), and
    the sentence's context is built only for such a check: most terms pass none of
    these tests. ``tests/test_jargon_fast_paths.py`` pins this to the heuristic with
    every check run in full.
    """
    text, spans, index, s0, s1 = _locate(block, occ)
    a, b = occ.start, occ.end
    sentence = text[s0:s1]
    ctx = None
    after_cue = _may_open_cue(text, b, s1) and _AFTER_CUE_RE.match(text, b, s1) is not None
    if "acronym" in occ.detectors and (after_cue or text[s0:a].rstrip().endswith("(")):
        ctx = _context_at(block, text, spans, index, s0, s1, a, b)
        long_form = _spelled_out(ctx, text[a:b], occ.term)
        if long_form:
            return True, long_form, sentence
    if after_cue:
        ctx = ctx or _context_at(block, text, spans, index, s0, s1, a, b)
        if _after_explains(engine, ctx, occ):
            return True, None, sentence
    if _may_name_at(engine, text, s0, a):
        ctx = ctx or _context_at(block, text, spans, index, s0, s1, a, b)
        if _named_after_description(engine, ctx):
            return True, None, sentence
    if _subject_position_at(text, s0, a) and _definition_follows(engine, text[b:s1]):
        return True, None, sentence
    label = block.label
    if label and lead_in_end(text, label) > a:
        ctx = ctx or _context_at(block, text, spans, index, s0, s1, a, b)
        if _label_item_explains(engine, ctx, text[a:b]):
            return True, None, sentence
    if index + 1 < len(spans):
        n0, n1 = spans[index + 1]
        if engine.pronoun_naming_re.match(text, n0, n1) is not None:
            ctx = ctx or _context_at(block, text, spans, index, s0, s1, a, b)
            if _next_sentence_explains(engine, ctx):
                return True, None, sentence
    return False, None, sentence


def _context_at(block: Block, text: str, spans: tuple[tuple[int, int], ...], index: int,
                s0: int, s1: int, a: int, b: int) -> _Context:
    """The context of the occurrence at ``a:b`` in sentence ``index`` (bounds ``s0:s1``,
    as :func:`_locate` returns them)."""
    nxt = text[spans[index + 1][0]:spans[index + 1][1]] if index + 1 < len(spans) else ""
    return _Context(text, s0, s1, a, b,
                    lead_in_end(text, block.label) if block.label else 0, nxt)


def _subject_position_at(text: str, s0: int, a: int) -> bool:
    """:func:`_subject_position` of a term at offset ``a`` of a sentence starting at ``s0``."""
    words = text[s0:a].split(None, 1)
    return not words or (len(words) == 1 and words[0].lower() in _SUBJECT_DETERMINERS)


def _may_name_at(engine: _Engine, text: str, s0: int, a: int) -> bool:
    """Tell cheaply whether a cue ("called", "known as the") may name the term at ``a``.

    A necessary condition for ``engine.naming_re`` to match the 60 characters before
    the term: the word before the white space before the term (up to a space) is a
    cue's last word, or an article after a cue's last word. Other words ending with a
    letter or white space are left to :func:`_may_follow_cue`.
    """
    if a <= s0 or not text[a - 1].isspace():
        return False  # the regex needs white space right before the term
    if engine.naming_ends is None:
        return _may_follow_cue(engine, text[max(s0, a - 60):a])
    window = max(s0, a - 60)  # the regex's ``^``
    space = text.rfind(" ", window, a - 1)
    word = text[space + 1 if space >= 0 else window:a - 1]  # the word before the term
    if word.isalpha() and word.lower() in _ARTICLES:
        if space < 0:
            return False  # the article opens the window: no room for a cue before it
        end = space  # the cue must end before the article's space
        space = text.rfind(" ", window, end)
        word = text[space + 1 if space >= 0 else window:end]
    if not word.isalpha():
        last = word[-1:]
        if last and not last.isalpha() and not last.isspace():
            return False  # "carcinoma, X", "(IV) X": no cue ends with punctuation
        return _may_follow_cue(engine, text[window:a])
    return word.lower() in engine.naming_last_words
