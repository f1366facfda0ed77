"""The jargon scan: each word's classes, and the occurrences of one document.

Splits every scored block into words as readability does, classifies each distinct
word once (lexicon start, familiar, acronym shape, Roman numeral, uncommon by wordfreq)
and looks only at the words with a class: the longest lexicon form, an acronym, or an
uncommon word. :func:`find_jargon` lists the occurrences; :mod:`audit.jargon` reports
them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, chain, compress, count, repeat
from operator import add
from typing import Any, Final

from wordfreq import zipf_frequency

from .jargon_lexicon import (
    _INITIAL_GAP_RE,
    _ROMAN_RE,
    _SPLIT_RE,
    _STOPWORDS,
    Term,
    _form_tokens,
    _is_sensitive,
    _Matcher,
    _normalise,
    _strip_possessive,
    _token_key,
    _word_keys,
    load_jargon_settings,
    load_lexicon,
)
from .model import Block, Document, Finding
from .textprep import ABBREVIATIONS_ALWAYS, lead_in_end, needs_full_word_rule, tokenize

#: Kinds of words for :func:`audit.jargon_explained._content_words`: a function word or
#: no word, a content word, a generic head ("drugs", "type").
_NOT_CONTENT: Final = 0
_CONTENT: Final = 1
_GENERIC: Final = 2


# ======================================================================== word classes
_LEX: Final = 1
_UNC: Final = 2
_ACR: Final = 4
_ROM: Final = 8
_CAP: Final = 16
_FAM: Final = 32
#: The word :func:`_split_piece` gives a piece of several words or none: a marker
#: whose class bit ``_SEVERAL`` (fixed in :class:`_Engine`'s memo) sends its block to
#: :func:`_split_block`. It holds a NUL, which no word does (as the URL marker).
_NOT_ONE_WORD: Final = "\0not one word"
_SEVERAL: Final = 64
#: The bits a word needs to be an occurrence outside a lexicon match (familiar words
#: have none of them).
_OTHER: Final = _UNC | _ACR | _ROM


class _Memo(dict):
    """A dict that computes missing values with a function (C-speed lookups via map).

    ``fixed`` entries are there from the start and stay when the memo is emptied.
    """

    def __init__(self, compute: Any, fixed: dict[str, int] | None = None) -> None:
        super().__init__()
        self.compute = compute
        self.fixed = fixed or {}
        self.update(self.fixed)

    def forget(self) -> None:
        """Empty the memo, keeping its fixed entries."""
        self.clear()
        self.update(self.fixed)

    def __missing__(self, key: str) -> int:
        value = self[key] = self.compute(key)
        return value


class _Engine:
    """The loaded rules plus memoised per-word facts (built once per process)."""

    _MEMO_LIMIT = 524_288  # 2**19; a literal, which mypyc takes as an attribute default

    def __init__(self) -> None:
        self.settings = load_jargon_settings()
        self.lexicon = load_lexicon()
        self.matcher = _Matcher(self.lexicon)
        self.familiar_lower = frozenset(
            w.lower() for w in self.lexicon.familiar if len(_form_tokens(w)) == 1)
        self.acronym_forms = frozenset(
            key for t in self.lexicon.terms if t.acronym for form in t.forms
            for key in [_token_key(w, _is_sensitive(w)) for w, _, _ in _form_tokens(form)]
            if key.startswith("\0"))
        self.flags = _Memo(self._classify, {_NOT_ONE_WORD: _SEVERAL})
        #: The kind of each word for :func:`_content_words` (memoised).
        self.content_kinds = _Memo(self._content_kind)
        #: See :func:`_term_info`.
        self.term_info: dict[tuple[str, bool], tuple[str, str, str, str | None,
                                                     str | None]] = {}
        s = self.settings
        cues = "|".join(re.escape(cue) for cue in s.naming_cues)
        self.naming_re = re.compile(rf"(?:^|\W)({cues})\s+(?:(?:an?|the)\s+)?$")
        #: The cues, for :func:`_may_follow_cue` (written for cues of ASCII letters
        #: and single spaces, as ``re.escape`` keeps them).
        self.naming_ends = (s.naming_cues if all(
            cue.replace(" ", "").isalpha() and cue.isascii() and "  " not in cue
            for cue in s.naming_cues) else None)
        #: The last word of each cue (see :func:`_may_name_at`).
        self.naming_last_words = frozenset(cue.split()[-1] for cue in s.naming_cues)
        #: A next sentence that may say what a term is: "This is ...", "It means ..."
        #: (what :func:`_is_naming_definition` asks first, case-insensitively).
        self.pronoun_naming_re = re.compile(
            r"(?:This|That|It|These|They)\b[\W_]*(?i:"
            + "|".join(map(re.escape, sorted(s.copula_words | {"means", "mean", "refers"},
                                             key=len, reverse=True))) + ")")
        verbs: dict[str, list[tuple[str, ...]]] = {}
        for verb in s.definition_verbs:
            words = tuple(verb.split())
            verbs.setdefault(words[0], []).append(words)
        self.verbs_by_first = {k: tuple(sorted(v, key=len, reverse=True))
                               for k, v in verbs.items()}
        #: The words a definition may open with (see :func:`_is_definition_start`).
        self.definition_openers = s.copula_words | frozenset(self.verbs_by_first)

    # --------------------------------------------------------------- per word
    def flags_of(self, words: Sequence[str]) -> list[int]:
        """Return the context-free class bits of each word (memoised)."""
        self.trim()
        return list(map(self.flags.__getitem__, words))

    def trim(self) -> None:
        """Forget the memoised word classes when there are too many (a soft cap)."""
        if len(self.flags) > self._MEMO_LIMIT:
            self.flags.forget()
        if len(self.content_kinds) > self._MEMO_LIMIT:
            self.content_kinds.forget()

    def _content_kind(self, word: str) -> int:
        """Tell whether a word is a function word (or no word), a generic head or
        another content word (see :func:`_content_words`)."""
        low = word.lower()
        if low in _STOPWORDS or not word[:1].isalpha():
            return _NOT_CONTENT
        return _GENERIC if low in self.settings.generic_heads else _CONTENT

    def _classify(self, word: str) -> int:
        """Compute the class bits of one word token."""
        keys = _word_keys(word)
        flags = _LEX if any(key in self.matcher.first for key in keys) else 0
        if any(key in self.matcher.familiar_single for key in keys):
            single, longer = self.matcher.candidates(word)[:2]
            if not longer and (single is None or single.term is None):
                return 0  # only masks itself (the usual case): never worth a look
            return flags | _FAM if flags else 0
        if not word[:1].isalpha():
            return flags  # numbers, "5-year", "1-800-..."
        if self._acronym_shape(word):
            return flags | _ACR
        if _ROMAN_RE.match(word):
            return flags | _ROM
        if any(key in self.acronym_forms for key in keys):
            return flags | _ACR
        bare = _strip_possessive(_normalise(word))
        if self.uncommon(bare.lower()):
            flags |= _UNC
            if bare[:1].isupper():
                flags |= _CAP
        return flags

    def _acronym_shape(self, word: str) -> bool:
        """Tell whether a token is an initialism (see ``rules/jargon-settings.yml``)."""
        if "." in word:
            return False
        s = self.settings
        for part in _normalise(word).split("-"):
            caps = sum(ch.isupper() for ch in part)
            if caps < s.acronym_min_capitals or caps <= sum(ch.islower() for ch in part):
                continue
            letters = "".join(ch for ch in part if ch.isalpha())
            if _ROMAN_RE.match(part):
                continue
            if (len(letters) >= 4 and letters.isupper()
                    and self.zipf(letters.lower()) >= s.acronym_word_zipf):
                continue  # a word in capitals: NOTE, KEYNOTE, COVID
            return True
        return False

    @lru_cache(maxsize=262144)  # noqa: B019 - one engine per process
    def zipf(self, word: str) -> float:
        """Return wordfreq's Zipf frequency of a lower-case word (memoised)."""
        return zipf_frequency(word, self.settings.language)

    @lru_cache(maxsize=262144)  # noqa: B019 - one engine per process
    def uncommon(self, low: str) -> bool:
        """Tell whether a lower-case word is uncommon (rules in ``docs/jargon.md``)."""
        s = self.settings
        if sum(ch.isalpha() for ch in low) < s.min_letters:
            return False
        if any(ch.isdigit() for ch in low) or low in self.familiar_lower:
            return False
        if "-" in low:
            parts = [p for p in low.split("-") if p and p not in s.word_prefixes]
            return any(self.uncommon(p) for p in parts)
        if self.zipf(low) >= s.zipf_threshold:
            return False
        for base in self._bases(low):
            if base in self.familiar_lower or self.zipf(base) >= s.zipf_threshold:
                return False
        return not self._compound(low)

    def _bases(self, low: str) -> list[str]:
        """Return candidate base forms: inflections, derivational suffixes, prefixes."""
        bases: list[str] = []
        for suffix in ("ies", "es", "s", "ied", "ed", "ing", "er", "est",
                       *self.settings.derivational_suffixes):
            if not low.endswith(suffix) or len(low) - len(suffix) < 3:
                continue
            stem = low[: -len(suffix)]
            bases.append(stem)
            if suffix in ("ies", "ied"):
                bases.append(stem + "y")
            elif suffix in ("ed", "ing", "er", "est", "able", "age"):
                bases.append(stem + "e")
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    bases.append(stem[:-1])
            elif suffix in ("ness", "ly") and stem.endswith("i"):
                bases.append(stem[:-1] + "y")
        for prefix in self.settings.word_prefixes:
            if low.startswith(prefix) and len(low) - len(prefix) >= 4:
                bases.append(low[len(prefix):])
        return bases

    def _compound(self, low: str) -> bool:
        """Tell whether a word is two common words joined ("quitline", "hairdressing")."""
        floor = self.settings.compound_part_zipf
        return any(self.zipf(low[:i]) >= floor and self.zipf(low[i:]) >= floor
                   for i in range(3, len(low) - 2))


@cache
def _engine() -> _Engine:
    """Return the process-wide engine (rules loaded once)."""
    return _Engine()


# ======================================================================== scanning
@dataclass(slots=True, init=False)
class _Occ:
    """A jargon occurrence inside one block (offsets into ``block.text``)."""

    section: int
    block: int
    k: int
    size: int
    start: int
    end: int
    term: Term | None
    detectors: tuple[str, ...]
    key: str
    case: str  # for uncommon words: lower / initial / mid (capitalised)
    zipf: float | None

    # Written out, not generated: a generated __init__ is Python code even where mypyc
    # compiles this module, and about a hundred occurrences are built per post.
    def __init__(self, section: int, block: int, k: int, size: int, start: int, end: int,
                 term: Term | None, detectors: tuple[str, ...], key: str,
                 case: str = "lower", zipf: float | None = None) -> None:
        self.section = section
        self.block = block
        self.k = k
        self.size = size
        self.start = start
        self.end = end
        self.term = term
        self.detectors = detectors
        self.key = key
        self.case = case
        self.zipf = zipf


class _BlockWords:
    """The words of one block and, on demand, their offsets and the gaps between them.

    One is built for every block, so construction sets only what every block has;
    the rest are class-level defaults until set.
    """

    #: The words' offsets in ``text``: given with the words when they are not their
    #: text (URLs), else computed on first use (:meth:`start`) unless ``simple``.
    starts: list[int] | None = None
    ends: list[int] | None = None
    #: Every piece holds exactly one word (the usual case): word k is in piece k, so
    #: offsets and gaps come from the pieces alone, only for the words asked about.
    simple = False
    #: The last word whose offset was asked in a simple block, and where its piece
    #: starts (asked in increasing order, offsets cost one pass over the pieces).
    _at = 0
    _at_start = 0

    def __init__(self, text: str, label_end: int, words: list[str],
                 pieces: list[str] | None = None) -> None:
        self.text = text
        self.label_end = label_end
        self.words = words
        #: ``text.split(" ")``, from which the words came (see :func:`_split_block`).
        self.pieces = pieces

    def start(self, k: int) -> int:
        """Return the offset of word ``k`` in ``text``."""
        starts = self.starts
        if starts is not None:
            return starts[k]
        if self.simple:
            # piece k starts after the pieces before it and one space after each
            at, piece_start = self._at, self._at_start
            if k < at:
                at = piece_start = 0
            pieces = self.pieces
            assert pieces is not None  # a simple block keeps its pieces
            if k > at:
                piece_start += sum(map(len, pieces[at:k])) + (k - at)
                self._at, self._at_start = k, piece_start
            return piece_start + _PIECE_OFFSET[pieces[k]]
        starts = self.starts = self._offsets()
        return starts[k]

    def _offsets(self) -> list[int]:
        """Compute the offsets of the words from the pieces (all in C, no loop).

        Piece i starts after the i pieces and i spaces before it; a word starts
        where its piece does, plus its offset in the piece.
        """
        pieces = self.pieces
        assert pieces is not None  # only blocks split into pieces come here
        piece_starts = map(add, accumulate(chain((0,), map(len, pieces))), count())
        counts = map(len, map(_PIECE_WORDS.__getitem__, pieces))
        return list(map(add, chain.from_iterable(map(repeat, piece_starts, counts)),
                        chain.from_iterable(map(_PIECE_STARTS.__getitem__, pieces))))

    def end(self, k: int) -> int:
        """Return the offset just after word ``k`` in ``text``."""
        if self.ends is not None:
            return self.ends[k]
        return self.start(k) + len(self.words[k])  # a word is its text here

    def gap(self, k: int) -> str:
        """Return the text before word ``k`` (after the last word for ``len(words)``)."""
        if self.simple:
            # the rest of piece k-1 after its word, a space, piece k up to its word
            pieces = self.pieces
            assert pieces is not None  # a simple block keeps its pieces
            head = ""
            if k:
                before = pieces[k - 1]
                head = before[_PIECE_OFFSET[before] + len(self.words[k - 1]):]
                if k == len(pieces):
                    return head
                head += " "
            piece = pieces[k]
            return head + piece[:_PIECE_OFFSET[piece]]
        starts = self.starts
        if starts is None:
            starts = self.starts = self._offsets()
        end = 0
        if k:
            end = (self.ends[k - 1] if self.ends is not None
                   else starts[k - 1] + len(self.words[k - 1]))
        return self.text[end:starts[k] if k < len(starts) else len(self.text)]


def _split_piece(piece: str) -> tuple[tuple[str, ...], tuple[int, ...], int, str]:
    """Return the words of a piece of text, their offsets in it, the offset of its
    only word (-1 unless it has exactly one) and that word (or ``_NOT_ONE_WORD``)."""
    parts = _SPLIT_RE.split(piece)
    starts = tuple(accumulate(map(len, parts)))[0:-1:2]
    single = len(starts) == 1
    return (tuple(parts[1::2]), starts, starts[0] if single else -1,
            parts[1] if single else _NOT_ONE_WORD)


class _PieceMemo(dict):
    """One field of :func:`_split_piece`, by piece (memoised for word-sized pieces).

    A block's words are the words of its pieces (``text.split(" ")``) in order: no
    word holds a space, nor does the word rule look across one. Splitting at spaces
    and looking pieces up costs a fraction of running the regex over the block, and
    prose has few distinct pieces ("cancer", "cancer,", "(RCC)"): a per-word cache.
    Pieces longer than ``_PIECE_MAX`` (no spaces, yet long: rare) are not kept.
    """

    def __init__(self, field: int) -> None:
        super().__init__()
        self.field = field

    def __missing__(self, piece: str) -> Any:
        split = _split_piece(piece)
        if len(piece) <= _PIECE_MAX:
            if len(_PIECE_WORDS) > _PIECE_LIMIT:
                for memo in _PIECE_MEMOS:
                    memo.clear()
            for memo in _PIECE_MEMOS:
                memo[piece] = split[memo.field]
        return split[self.field]


_PIECE_MAX: Final = 48
_PIECE_LIMIT: Final = 1 << 18
#: A piece's words, their offsets in it, the offset of its only word (or -1), and
#: that word (or ``_NOT_ONE_WORD``).
_PIECE_WORDS: Final = _PieceMemo(0)
_PIECE_STARTS: Final = _PieceMemo(1)
_PIECE_OFFSET: Final = _PieceMemo(2)
_PIECE_SINGLE: Final = _PieceMemo(3)
_PIECE_MEMOS: Final = (_PIECE_WORDS, _PIECE_STARTS, _PIECE_OFFSET, _PIECE_SINGLE)


def _split_block(text: str, label: str | None) -> _BlockWords:
    """Tokenise a block exactly as readability does (URLs are single words)."""
    label_end = lead_in_end(text, label) if label else 0
    if not needs_full_word_rule(text):
        # a plain word never holds a space (tests/test_jargon_fast_paths.py pins this)
        pieces = text.split(" ")
        singles = list(map(_PIECE_SINGLE.__getitem__, pieces))
        if _NOT_ONE_WORD not in singles:  # one word a piece: the usual case
            bw = _BlockWords(text, label_end, singles, pieces)
            bw.simple = True
            return bw
        return _BlockWords(text, label_end,
                           list(chain.from_iterable(map(_PIECE_WORDS.__getitem__, pieces))),
                           pieces)
    toks = tokenize(text)
    bw = _BlockWords(text, label_end, [t[0] if not t[3] else "\0url" for t in toks])
    bw.starts = [t[1] for t in toks]
    bw.ends = [t[2] for t in toks]
    return bw


def _is_initial(bw: _BlockWords, k: int) -> bool:
    """Tell whether word ``k`` starts a sentence (or belongs to a "Label:" lead-in).

    A period after a title or an initial ("Dr. Smith", "J. Smith") does not end a
    sentence (``textprep.ABBREVIATIONS_ALWAYS``).
    """
    if k == 0:
        return True
    if bw.label_end and bw.start(k) < bw.label_end:
        return True
    gap = bw.gap(k)
    if _INITIAL_GAP_RE.search(gap) is None:
        return False
    if gap.startswith("."):
        prev = bw.words[k - 1]
        if (prev.lower() + ".") in ABBREVIATIONS_ALWAYS or (len(prev) == 1 and prev.isupper()):
            return False
    return True


def _is_capitalised(word: str) -> bool:
    """Tell whether a word starts with a capital (and is not all capitals)."""
    return word[:1].isupper() and not word.isupper()


_CONNECTORS: Final = frozenset({"and", "of", "the", "for", "&", "de", "von", "van"})


def _in_name(bw: _BlockWords, k: int, size: int) -> bool:
    """Tell whether words k..k+size-1 are part of a longer capitalised name.

    "Epidemiology" in "Surveillance, Epidemiology, and End Results" is part of a
    programme's name, not a term the post uses.
    """
    words = bw.words
    if k == 0 or not all(_is_capitalised(w) for w in words[k:k + size]):
        return False  # (the first word is sentence-initial: see below)
    # A name needs a capitalised neighbour (after, maybe, a connector): most
    # capitalised terms start a sentence among lower-case words, and are told here
    # before any gap is looked at.
    after = k + size
    n = len(words)
    if not _is_capitalised(words[k - 1]) and not (
            after < n and (_is_capitalised(words[after])
                           or (words[after].lower() in _CONNECTORS and after + 1 < n
                               and _is_capitalised(words[after + 1])))):
        return False
    if _is_initial(bw, k):
        return False
    before = k - 1
    if before >= 0 and set(bw.gap(k).strip()) <= {","} and _is_capitalised(words[before]):
        return True
    after = k + size
    if after < len(words) and words[after].lower() in _CONNECTORS:
        if set(bw.gap(after).strip()) <= {","}:
            after += 1
    return (after < len(words) and set(bw.gap(after).strip()) <= {","}
            and _is_capitalised(words[after]))


def _shouting(bw: _BlockWords, k: int, run: int) -> bool:
    """Tell whether word ``k`` is inside a run of ``run`` all-capital words."""
    def caps(i: int) -> bool:
        w = bw.words[i]
        return any(ch.isalpha() for ch in w) and w.isupper()

    left = k
    while left > 0 and bw.gap(left).isspace() and caps(left - 1):
        left -= 1
    right = k
    while right + 1 < len(bw.words) and bw.gap(right + 1).isspace() and caps(right + 1):
        right += 1
    return right - left + 1 >= run


def _acronym_key(word: str) -> str:
    """Return the reporting form of an acronym: plural and possessive dropped."""
    word = _strip_possessive(_normalise(word))
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1]
    return word


def _scan(engine: _Engine, bw: _BlockWords, section: int, block: int) -> list[_Occ]:
    """Find every jargon occurrence of one block."""
    flags = engine.flags_of(bw.words)
    hits = list(compress(range(len(flags)), flags))
    occs: list[_Occ] = []
    if hits:
        _scan_hits(engine, bw, flags, hits, section, block, occs)
    return occs


def _scan_hits(engine: _Engine, bw: _BlockWords, flags: list[int], hits: list[int],
               section: int, block: int, occs: list[_Occ]) -> None:
    """Append the jargon occurrences of one block to ``occs``, given its words' class
    bits and the indices of the words with any bit set (see :func:`_scan`)."""
    words = bw.words
    append = occs.append
    done = -1
    match_longer = engine.matcher.match_longer
    candidates = engine.matcher.cached_candidates
    candidates_of = engine.matcher.candidates
    word_keys = _word_keys
    last = len(words) - 1
    no_ends = bw.ends is None  # a word's end is its start plus its length
    for k in hits:
        if k <= done:
            continue
        f = flags[k]
        if f & _LEX:
            entry = candidates.get(words[k])
            if entry is None:
                entry = candidates_of(words[k])
            if not entry[1] or k == last or entry[2].isdisjoint(word_keys(words[k + 1])):
                form = entry[0]  # no longer form can start here: the one-word form, if any
            else:
                form = match_longer(words, bw.gap, k, entry)
            if form is not None:
                size = len(form.keys)
                done = k + size - 1
                term = form.term
                if term is None:
                    continue
                if words[k][:1].isupper() and _in_name(bw, k, size):
                    continue
                start = bw.start(k)
                if size == 1:
                    acr = f & _ACR
                    end = start + len(words[k]) if no_ends else bw.end(k)
                else:
                    acr = f
                    for i in range(k + 1, done + 1):
                        acr |= flags[i]
                    acr &= _ACR
                    end = bw.end(done)
                append(_Occ(section, block, k, size, start, end, term,
                            _LEX_ACR if acr else _LEX_ONLY, form.occurrence_key))
                continue
            if not f & _OTHER:
                continue  # a familiar word, or one that only starts longer forms
        if f & _ACR:
            if not _shouting(bw, k, engine.settings.shouting_run):
                append(_Occ(section, block, k, 1, bw.start(k), bw.end(k), None,
                            _ACR_ONLY, "acronym:" + _acronym_key(words[k])))
        elif f & _ROM:
            if bw.gap(k).rstrip().endswith("(") and bw.gap(k + 1).lstrip().startswith(")"):
                append(_Occ(section, block, k, 1, bw.start(k), bw.end(k), None,
                            _ACR_ONLY, "acronym:" + words[k]))
        elif f & _UNC:
            low = _strip_possessive(_normalise(words[k])).lower()
            case = "lower"
            if f & _CAP:
                case = "initial" if _is_initial(bw, k) else "mid"
            append(_Occ(section, block, k, 1, bw.start(k), bw.end(k), None,
                        _UNC_ONLY, "uncommon:" + low, case, engine.zipf(low)))


_LEX_ONLY: Final = ("lexicon",)
_LEX_ACR: Final = ("lexicon", "acronym")
_ACR_ONLY: Final = ("acronym",)
_UNC_ONLY: Final = ("uncommon",)


# ======================================================================== results
@dataclass(frozen=True)
class Occurrence:
    """One jargon occurrence, as :func:`find_jargon` reports it.

    ``start``/``end`` are offsets in the block's text; ``doc_start``/``doc_end`` in
    ``Document.text``. ``words`` is the number of word tokens it covers.
    """

    section: str
    block: int
    start: int
    end: int
    doc_start: int
    doc_end: int
    match: str
    term: str
    category: str
    rule_id: str
    detectors: tuple[str, ...]
    words: int


@dataclass(frozen=True)
class JargonReport:
    """What :func:`analyze_jargon` found in one document.

    Attributes
    ----------
    sections : tuple of dict
        One JSON-ready record per ``document.sections`` entry, in the same order (keys
        in :func:`analyze_jargon`).
    document : dict
        The same keys for the whole document; its ``terms`` are ranked by count
        (descending), then by first position.
    findings : tuple of Finding
        One per term per section (its first occurrence there), in text order.
    """

    sections: tuple[dict[str, Any], ...]
    document: dict[str, Any]
    findings: tuple[Finding, ...]


@dataclass
class _Scanned:
    """Every block's words and occurrences of one document."""

    blocks: list[tuple[Block, ...]]  # each section's scored blocks
    words: list[int]
    occs: list[_Occ]


def _scan_document(document: Document) -> _Scanned:
    """Scan every scored block; resolve capitalised uncommon words into names or not."""
    engine = _engine()
    engine.trim()
    flag_of = engine.flags.__getitem__
    blocks: list[tuple[Block, ...]] = []
    words: list[int] = []
    occs: list[_Occ] = []
    single_of = _PIECE_SINGLE.__getitem__
    for si, section in enumerate(document.sections):
        these = section.scored_blocks
        n_words = 0
        for bi, block in enumerate(these):
            # The words are needed only here: later steps read the block's text, so
            # they go as soon as the block is scanned (fewer objects alive at once).
            text = block.text or ""
            bw = None
            if not needs_full_word_rule(text):
                # :func:`_split_block`'s usual case and :func:`_scan`, inlined: the
                # block's words object is built only when a word has a class bit (not
                # in blocks with no hit; most words have none)
                pieces = text.split(" ")
                block_words = list(map(single_of, pieces))
                flags = list(map(flag_of, block_words))
                hits = list(compress(range(len(flags)), flags))
                for k in hits:  # a piece of several words or none is a hit: _SEVERAL
                    if flags[k] & _SEVERAL:
                        bw = _split_block(text, block.label)
                        break
            else:
                bw = _split_block(text, block.label)
            if bw is not None:
                block_words = bw.words
                flags = list(map(flag_of, block_words))
                hits = list(compress(range(len(flags)), flags))
            n_words += len(block_words)
            if hits:
                if bw is None:
                    bw = _BlockWords(text, lead_in_end(text, block.label)
                                     if block.label else 0, block_words, pieces)
                    bw.simple = True
                _scan_hits(engine, bw, flags, hits, si, bi, occs)
        blocks.append(these)
        words.append(n_words)
    # A capitalised word is a name unless the post also writes it in lower case; a
    # sentence-initial one is a name only when the post writes it capitalised mid-sentence.
    if all(o.case == "lower" for o in occs):
        return _Scanned(blocks, words, occs)  # no capitalised uncommon word (the usual case)
    lower = {o.key for o in occs if o.term is None and o.case == "lower"}
    mid = {o.key for o in occs if o.term is None and o.case == "mid"}
    occs = [o for o in occs
            if o.case == "lower"
            or (o.case == "mid" and o.key in lower)
            or (o.case == "initial" and (o.key in lower or o.key not in mid))]
    return _Scanned(blocks, words, occs)


def _term_info(engine: _Engine, occ: _Occ) -> tuple[str, str, str, str | None, str | None]:
    """Return a term's name, category, rule id, plain words and lexicon expansion.

    They depend on the term and on whether its first occurrence is a lone acronym
    only, so they are memoised by both (a per-term cache).
    """
    acronym_word = "acronym" in occ.detectors and occ.size == 1
    cached = engine.term_info.get((occ.key, acronym_word))
    if cached is not None:
        return cached
    term = occ.term
    category, rule_id = _category(occ)
    expansion = None
    if term is not None:
        expansion = term.expansion
        if expansion is None and acronym_word:
            expansion = term.term  # "ADC" listed under "antibody-drug conjugate"
    info = (_term_name(occ), category, rule_id, term.plain if term is not None else None,
            expansion)
    if len(engine.term_info) > engine._MEMO_LIMIT:
        engine.term_info.clear()
    engine.term_info[occ.key, acronym_word] = info
    return info


def _category(occ: _Occ) -> tuple[str, str]:
    """Return (category, rule_id) of an occurrence."""
    if occ.term is not None:
        return occ.term.category, occ.term.rule_id
    if "acronym" in occ.detectors:
        return "acronym", "jargon.acronym"
    return "uncommon", "jargon.uncommon"


def _term_name(occ: _Occ) -> str:
    """Return the reported term: the entry's name, the acronym, or the word."""
    if occ.term is not None:
        return occ.term.term
    return occ.key.split(":", 1)[1]


def find_jargon(document: Document) -> tuple[Occurrence, ...]:
    """Return every jargon occurrence of a document, in text order.

    Parameters
    ----------
    document : Document

    Returns
    -------
    tuple of Occurrence
        One per lexicon match, acronym or uncommon word (an acronym inside a lexicon
        match is part of that occurrence).
    """
    scanned = _scan_document(document)
    out = []
    for occ in scanned.occs:
        section = document.sections[occ.section]
        block = scanned.blocks[occ.section][occ.block]
        category, rule_id = _category(occ)
        out.append(Occurrence(
            section=section.id, block=occ.block, start=occ.start, end=occ.end,
            doc_start=block.source_offset(occ.start),
            doc_end=block.source_offset(occ.end - 1) + 1,
            match=block.text[occ.start:occ.end], term=_term_name(occ),
            category=category, rule_id=rule_id, detectors=occ.detectors, words=occ.size))
    return tuple(out)


