"""Readability counts, formulas, per-sentence statistics and passive voice.

:func:`score_blocks` tokenises and splits the blocks of one section (or
article) once, counts everything the formulas need, and returns a
:class:`ReadabilityResult`. :func:`metrics_from_counts` applies the published
formulas to a :class:`ReadabilityCounts`, so that a document's metrics are
computed from the sum of its sections' counts. Conventions and every departure
from textstat 0.7.13 are documented in ``docs/readability.md``.

This is the only module of ``audit`` that touches textstat, and only for its
packaged Dale-Chall word list (``textstat/resources/en/easy_words.txt``).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from importlib import resources
from importlib.util import find_spec
from itertools import islice
from operator import add, attrgetter
from pathlib import Path
from typing import Any, Final, NamedTuple, Protocol

from audit.cmudata import syllable_table
from audit.model import Block
from audit.rules import safe_yaml
from audit.syllables import count_syllables
from audit.textprep import (
    PLAIN_WORD_RE,
    WORD_RE,
    lead_in_end,
    needs_full_word_rule,
    sentence_spans,
    tokenize,
)

__all__ = [
    "LONG_SENTENCE_WORDS",
    "VERY_LONG_SENTENCE_WORDS",
    "BlockLike",
    "ReadabilityCounts",
    "ReadabilityMetrics",
    "ReadabilityResult",
    "SentenceStats",
    "chall_dale_grade",
    "dale_chall_easy_words",
    "find_passive",
    "is_familiar",
    "metrics_from_counts",
    "score_blocks",
]

#: A sentence is "long" above this many words (Yoast, plainlanguage.gov practice).
LONG_SENTENCE_WORDS: Final = 20
#: A sentence is "very long" above this many words (Hemingway-style "very hard").
VERY_LONG_SENTENCE_WORDS: Final = 30
#: Long words have at least this many letters (LIX; Vale's long_words is > 6).
LONG_WORD_LETTERS: Final = 7
#: Polysyllables have at least this many syllables (SMOG, Gunning).
POLYSYLLABLE: Final = 3


class BlockLike(Protocol):
    """Anything with the attributes of a text block (paragraph, item or quote)."""

    # read-only, so that frozen dataclasses (``model.Block``) match
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def label(self) -> str | None: ...


# ------------------------------------------------------------------ results
# The three result classes are values, never changed once built, but not frozen:
# compiled, a frozen dataclass is built through dataclasses' Python-level __init__
# (one object.__setattr__ per field), several times slower than a plain one, and
# every section builds one of each (2.8% of the readability-and-jargon pass).
@dataclass(slots=True)
class ReadabilityCounts:
    """Raw counts for one text; counts add up across sections.

    Attributes
    ----------
    words, sentences, syllables : int
        See ``docs/readability.md`` for the word and sentence rules.
    polysyllables : int
        Words of >= 3 syllables (SMOG), every occurrence.
    long_words : int
        Words of >= 7 letters (LIX's "more than six letters"; Vale's
        ``long_words``), every occurrence.
    complex_words : int
        Gunning's hard words: >= 3 syllables, not a capitalised proper noun
        (not sentence-initial), not a hyphenated compound of words of <= 2
        syllables, and not reaching 3 syllables only through -ed or -es.
    letters : int
        Alphabetic characters of all words (Coleman-Liau).
    characters : int
        Letters and digits of all words (ARI); no punctuation.
    dale_chall_unfamiliar : int
        Words not familiar under the Dale-Chall rules (see :func:`is_familiar`).
    long_sentences, very_long_sentences : int
        Sentences of more than 20 and more than 30 words.
    passive_sentences : int
        Sentences with at least one passive match (:func:`find_passive`).
    """

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0
    long_words: int = 0
    complex_words: int = 0
    letters: int = 0
    characters: int = 0
    dale_chall_unfamiliar: int = 0
    long_sentences: int = 0
    very_long_sentences: int = 0
    passive_sentences: int = 0

    @classmethod
    def zero(cls) -> ReadabilityCounts:
        """Return the counts of an empty text (the identity of ``+``)."""
        return cls()

    def __add__(self, other: object) -> ReadabilityCounts:
        """Return the field-by-field sum of two counts."""
        if not isinstance(other, ReadabilityCounts):
            return NotImplemented
        return ReadabilityCounts(*map(add, _count_values(self), _count_values(other)))

    def __radd__(self, other: object) -> ReadabilityCounts:
        """Support ``sum(counts_list)`` (which starts from 0)."""
        if other == 0:
            return self
        return self.__add__(other)

    def to_dict(self) -> dict[str, int]:
        """Return a JSON-ready dict, keys in field order (a test pins both)."""
        # a dict display: compiled, it reads each field natively (zip over the names
        # and ``_count_values`` takes twice as long, per section)
        return {"words": self.words, "sentences": self.sentences,
                "syllables": self.syllables, "polysyllables": self.polysyllables,
                "long_words": self.long_words, "complex_words": self.complex_words,
                "letters": self.letters, "characters": self.characters,
                "dale_chall_unfamiliar": self.dale_chall_unfamiliar,
                "long_sentences": self.long_sentences,
                "very_long_sentences": self.very_long_sentences,
                "passive_sentences": self.passive_sentences}


#: A counts' field names, and its values in field order in one C-level call (``__add__``
#: runs per document). The names are not read from ``__slots__``: compiled classes have none.
_COUNT_NAMES: Final = tuple(f.name for f in fields(ReadabilityCounts))
_count_values: Final = attrgetter(*_COUNT_NAMES)


@dataclass(slots=True)
class ReadabilityMetrics:
    """Formula values; every field is None when the text has no words.

    ``dale_chall`` is the raw New Dale-Chall score; ``dale_chall_grade`` its
    Chall-Dale grade (table midpoints); ``consensus_grade`` the median and
    ``grade_spread`` the range of the six grades returned by :meth:`grades`.
    Nothing is rounded.
    """

    flesch_reading_ease: float | None = None
    flesch_kincaid_grade: float | None = None
    smog: float | None = None
    gunning_fog: float | None = None
    coleman_liau: float | None = None
    ari: float | None = None
    dale_chall: float | None = None
    dale_chall_grade: float | None = None
    consensus_grade: float | None = None
    grade_min: float | None = None
    grade_max: float | None = None
    grade_spread: float | None = None

    def grades(self) -> dict[str, float | None] | None:
        """Return the six grade estimates used for the consensus, or None."""
        if self.flesch_kincaid_grade is None:
            return None
        return {
            "flesch_kincaid_grade": self.flesch_kincaid_grade,
            "smog": self.smog,
            "gunning_fog": self.gunning_fog,
            "coleman_liau": self.coleman_liau,
            "ari": self.ari,
            "dale_chall_grade": self.dale_chall_grade,
        }

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (None, never NaN), keys in field order, then
        ``grades`` (a test pins both)."""
        # a dict display, as in ReadabilityCounts.to_dict
        return {"flesch_reading_ease": self.flesch_reading_ease,
                "flesch_kincaid_grade": self.flesch_kincaid_grade, "smog": self.smog,
                "gunning_fog": self.gunning_fog, "coleman_liau": self.coleman_liau,
                "ari": self.ari, "dale_chall": self.dale_chall,
                "dale_chall_grade": self.dale_chall_grade,
                "consensus_grade": self.consensus_grade, "grade_min": self.grade_min,
                "grade_max": self.grade_max, "grade_spread": self.grade_spread,
                "grades": self.grades()}


class SentenceStats(NamedTuple):
    """One sentence: where it is and what an editor needs to see.

    ``start``/``end`` are character offsets in ``blocks[block].text``;
    ``hard_words`` lists the polysyllabic words (>= 3 syllables) in order. A named
    tuple (cheap to build, one per sentence) whose fields are in the order of the
    sentence records of ``audit.json``.
    """

    text: str
    block: int
    start: int
    end: int
    words: int
    syllables: int
    polysyllables: int
    hard_words: tuple[str, ...]
    long: bool
    very_long: bool
    passive: bool
    passive_match: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (``hard_words`` as a list)."""
        out: dict[str, Any] = dict(zip(self._fields, self))
        out["hard_words"] = list(self.hard_words)
        return out


@dataclass(slots=True)
class ReadabilityResult:
    """Everything :func:`score_blocks` found for a sequence of blocks."""

    counts: ReadabilityCounts
    metrics: ReadabilityMetrics
    sentences: tuple[SentenceStats, ...]
    block_words: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "counts": self.counts.to_dict(),
            "metrics": self.metrics.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "block_words": list(self.block_words),
        }


# ----------------------------------------------------------------- formulas
def chall_dale_grade(raw: float) -> float:
    """Convert a New Dale-Chall raw score to a grade (Chall & Dale table midpoints).

    Notes
    -----
    <= 4.9 -> 4; 5.0-5.9 -> 5.5; 6.0-6.9 -> 7.5; 7.0-7.9 -> 9.5; 8.0-8.9 ->
    11.5; 9.0-9.9 -> 14; >= 10 -> 16. The table's bands are read as half-open
    intervals of the unrounded score: [5, 6) -> 5.5, and so on; below 5 -> 4.
    """
    if raw < 5.0:
        return 4.0
    if raw < 6.0:
        return 5.5
    if raw < 7.0:
        return 7.5
    if raw < 8.0:
        return 9.5
    if raw < 9.0:
        return 11.5
    if raw < 10.0:
        return 14.0
    return 16.0


def _median_min_max(values: tuple[float, ...]) -> tuple[float, float, float]:
    """``statistics.median``, ``min`` and ``max`` of six numbers, from one sort."""
    ordered = sorted(values)
    return (ordered[2] + ordered[3]) / 2, ordered[0], ordered[5]


def metrics_from_counts(counts: ReadabilityCounts) -> ReadabilityMetrics:
    """Apply the published readability formulas to counts.

    Parameters
    ----------
    counts : ReadabilityCounts
        Counts of one text (or a sum of counts).

    Returns
    -------
    ReadabilityMetrics
        All fields None when ``counts.words == 0`` (or no sentence); no value
        is rounded.

    Notes
    -----
    With W words, S sentences, Syl syllables, P polysyllables (>= 3
    syllables), C Gunning complex words, Let letters, Ch letters+digits and
    U Dale-Chall unfamiliar words:

    - Flesch Reading Ease = 206.835 - 1.015 W/S - 84.6 Syl/W (Flesch 1948)
    - Flesch-Kincaid grade = 0.39 W/S + 11.8 Syl/W - 15.59 (Kincaid et al. 1975)
    - SMOG = 1.043 sqrt(30 P/S) + 3.1291 (McLaughlin 1969), on all sentences
    - Gunning Fog = 0.4 (W/S + 100 C/W) (Gunning 1952)
    - Coleman-Liau = 0.0588 L - 0.296 S100 - 15.8, L = 100 Let/W,
      S100 = 100 S/W (Coleman & Liau 1975; textstat uses 0.058)
    - ARI = 4.71 Ch/W + 0.5 W/S - 21.43 (Smith & Senter 1967; textstat also
      counts punctuation characters)
    - New Dale-Chall raw = 0.1579 (100 U/W) + 0.0496 W/S, plus 3.6365 when
      100 U/W > 5 (Chall & Dale 1995); grade by :func:`chall_dale_grade`
    - consensus = median of FK, SMOG, Fog, Coleman-Liau, ARI and the
      Dale-Chall grade; spread = max - min of the same six.
    """
    w, s = counts.words, counts.sentences
    if w <= 0 or s <= 0:
        return ReadabilityMetrics()
    wps = w / s
    spw = counts.syllables / w
    fre = 206.835 - 1.015 * wps - 84.6 * spw
    fk = 0.39 * wps + 11.8 * spw - 15.59
    smog = 1.043 * math.sqrt(counts.polysyllables * 30 / s) + 3.1291
    fog = 0.4 * (wps + 100 * counts.complex_words / w)
    cli = 0.0588 * (100 * counts.letters / w) - 0.296 * (100 * s / w) - 15.8
    ari = 4.71 * counts.characters / w + 0.5 * wps - 21.43
    pct_unfamiliar = 100 * counts.dale_chall_unfamiliar / w
    dc = 0.1579 * pct_unfamiliar + 0.0496 * wps
    if pct_unfamiliar > 5:
        dc += 3.6365
    dc_grade = chall_dale_grade(dc)
    median, lowest, highest = _median_min_max((fk, smog, fog, cli, ari, dc_grade))
    return ReadabilityMetrics(
        flesch_reading_ease=fre,
        flesch_kincaid_grade=fk,
        smog=smog,
        gunning_fog=fog,
        coleman_liau=cli,
        ari=ari,
        dale_chall=dc,
        dale_chall_grade=dc_grade,
        consensus_grade=median,
        grade_min=lowest,
        grade_max=highest,
        grade_spread=highest - lowest,
    )


# ------------------------------------------------------------- word lists
@cache
def dale_chall_easy_words() -> frozenset[str]:
    """Return the 2,940-word Dale-Chall familiar list shipped with textstat."""
    # find_spec locates the package without running it: importing textstat imports
    # NLTK and NumPy, half a second in every process, for one data file
    spec = find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("textstat is not installed: its Dale-Chall word list is needed")
    ref = Path(spec.submodule_search_locations[0], "resources", "en", "easy_words.txt")
    with ref.open(encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def _inflection_bases(w: str) -> list[str]:
    """Return candidate base forms of a regularly inflected word."""
    bases: list[str] = []
    if w.endswith(("'s", "’s")):
        bases.append(w[:-2])
    for suffix in ("ing", "est", "ed", "er", "es", "s"):
        if not w.endswith(suffix) or len(w) - len(suffix) < 2:
            continue
        stem = w[: -len(suffix)]
        bases.append(stem)
        if suffix in ("ed", "er", "est", "es") and stem.endswith("i"):
            bases.append(stem[:-1] + "y")  # carried, happier, cities
        if suffix in ("ing", "ed", "er", "est"):
            bases.append(stem + "e")  # taking, used, nicer
            if len(stem) > 2 and stem[-1] == stem[-2]:
                bases.append(stem[:-1])  # stopped, bigger
    return bases


@lru_cache(maxsize=65536)
def is_familiar(word: str) -> bool:
    """Tell whether a word token is familiar under our Dale-Chall rules.

    Notes
    -----
    Familiar: a word on the list (lower-cased, ``’`` read as ``'``); a regular
    inflection of a listed word (-s, -es, -ies, -'s, -ed, -ied, -ing, -er,
    -est, with e-drop and consonant doubling: Chall & Dale 1995); a hyphenated
    word whose parts are all familiar; any numeral. Capitalised proper nouns
    are familiar too, but that depends on position and is decided by the
    caller. All-capital initialisms are unfamiliar unless listed.
    """
    if word[:1].isdigit():
        return True
    w = word.lower().replace("’", "'")
    easy = dale_chall_easy_words()
    if w in easy:
        return True
    if "-" in w or "\u2010" in w or "\u2011" in w:
        parts = [p for p in w.replace("\u2010", "-").replace("\u2011", "-").split("-") if p]
        return bool(parts) and all(is_familiar(p) for p in parts)
    return any(b in easy for b in _inflection_bases(w))


def _gunning_suffix_only(low: str, syllables: int) -> bool:
    """Tell whether a word reaches >= 3 syllables only through -ed or -es."""
    if low.endswith("ed"):
        cands = [low[:-1], low[:-2]]
        if len(low) > 4 and low[-3] == low[-4]:
            cands.append(low[:-3])
    elif low.endswith("es"):
        cands = [low[:-1], low[:-2]]
    else:
        return False
    table = syllable_table()
    known = [c for c in cands if c in table]
    base = known[0] if known else cands[0]
    if not base:
        return False
    return count_syllables(base) <= 2 < syllables


# ----------------------------------------------------------------- passive
@dataclass(frozen=True)
class _PassiveRules:
    max_adverbs: int
    be_forms: frozenset[str]
    contracted_be: tuple[str, ...]
    adverbs: frozenset[str]
    not_adverbs: frozenset[str]
    irregular: frozenset[str]
    not_participles: frozenset[str]
    adjectival: frozenset[str]
    adjectival_prefixes: tuple[str, ...]


@cache
def _passive_rules() -> _PassiveRules:
    """Load ``rules/passive.yml`` once."""
    ref = resources.files("audit").joinpath("rules", "passive.yml")
    data = safe_yaml(ref.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("id") != "passive":
        raise ValueError("rules/passive.yml: expected top-level 'id: passive'")
    known = {
        "id", "version", "max_adverbs", "be_forms", "contracted_be", "adverbs",
        "not_adverbs", "irregular_participles", "not_participles", "adjectival",
        "adjectival_prefixes",
    }
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"rules/passive.yml: unknown keys {sorted(unknown)}")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(x).lower() for x in data.get(key) or ())

    return _PassiveRules(
        max_adverbs=int(data.get("max_adverbs", 2)),
        be_forms=words("be_forms"),
        contracted_be=tuple(str(x) for x in data.get("contracted_be") or ()),
        adverbs=words("adverbs"),
        not_adverbs=words("not_adverbs"),
        irregular=words("irregular_participles"),
        not_participles=words("not_participles"),
        adjectival=words("adjectival"),
        adjectival_prefixes=tuple(str(x) for x in data.get("adjectival_prefixes") or ()),
    )


def _is_be(low: str, rules: _PassiveRules) -> bool:
    """Tell whether a lower-case token is a form of "be"."""
    return low in rules.be_forms or low.endswith(rules.contracted_be)


def _is_adverb(low: str, rules: _PassiveRules) -> bool:
    """Tell whether a lower-case token counts as an adverb between be and participle."""
    if low in rules.adverbs:
        return True
    return len(low) > 3 and low.endswith("ly") and low not in rules.not_adverbs


def _is_participle(low: str, rules: _PassiveRules) -> bool:
    """Tell whether a lower-case token is a past participle that makes a passive."""
    if low in rules.adjectival or low in rules.not_participles:
        return False
    if low.startswith(rules.adjectival_prefixes):
        return False
    if low in rules.irregular:
        return True
    return (len(low) >= 4 and low.endswith("ed")) or (len(low) >= 5 and low.endswith("en"))


def find_passive(lowered: Sequence[str]) -> tuple[int, int] | None:
    """Find the first passive construction in a sentence's lower-case words.

    Parameters
    ----------
    lowered : sequence of str
        The sentence's word tokens, lower-cased.

    Returns
    -------
    tuple of int or None
        Indices ``(i, j)`` of the be-form and the participle, or None.

    Notes
    -----
    A heuristic, not a parse: a form of "be" (``rules/passive.yml``), then at
    most ``max_adverbs`` adverbs (listed ones or any -ly word), then a past
    participle (-ed, -en or listed irregular), unless the participle is listed
    as adjectival or starts with ``un-``.
    """
    rules = _passive_rules()
    return _find_passive_roles("".join([_role_char(_passive_role(low, rules))
                                        for low in lowered]))


# ------------------------------------------------------------- word facts
# Passive roles of a word, as bits.
_BE: Final = 1
_ADVERB: Final = 2
_PARTICIPLE: Final = 4

# The additive facts of a word are packed into one integer, one 32-bit field each,
# so that a sentence's counts are one ``sum()`` of its words' integers instead of
# one sum per count. 32 bits hold the count of any sentence the size limit admits.
_BITS: Final = 32
_MASK: Final = (1 << _BITS) - 1
# Field order. "If proper" fields count capitalised words, which are proper nouns
# (neither complex nor unfamiliar) except at sentence start or in a "Term:" lead-in.
# _WORDS is 1 for every word, so that a sum of packed facts also counts its words;
# _PARTICIPLES and _BE_FORMS count the words that may make a passive, which is only
# looked for in a sentence that has both. _ODD_PIECES is set in a piece's sum (never a
# word's) when the piece holds no word or several ("—", "treatment—surgery"):
# where a sentence's sum has none, its word i is its piece i.
_SYL: Final = 0 * _BITS
_LETTERS: Final = 1 * _BITS
_CHARS: Final = 2 * _BITS
_POLY: Final = 3 * _BITS
_LONG: Final = 4 * _BITS
_COMPLEX: Final = 5 * _BITS
_UNFAMILIAR: Final = 6 * _BITS
_COMPLEX_IF_PROPER: Final = 7 * _BITS
_UNFAMILIAR_IF_PROPER: Final = 8 * _BITS
_WORDS: Final = 9 * _BITS
_ODD_PIECES: Final = 10 * _BITS
_PARTICIPLES: Final = 11 * _BITS
_BE_FORMS: Final = 12 * _BITS
#: Words memoised before the memo is emptied (bounds memory on endless distinct words).
_MAX_MEMO_WORDS = 500_000
#: White-space-delimited pieces memoised before the memo is emptied (see _PieceFacts).
_MAX_MEMO_PIECES = 200_000


def _passive_role(low: str, rules: _PassiveRules) -> int:
    """Return the passive-role bits of a lower-case word."""
    role = 0
    if _is_be(low, rules):
        role |= _BE
    if _is_adverb(low, rules):
        role |= _ADVERB
    if _is_participle(low, rules):
        role |= _PARTICIPLE
    return role


def _pack(syllables: int, letters: int, chars: int, poly: bool, long: bool,
          complex_: bool, unfamiliar: bool, complex_if_proper: bool,
          unfamiliar_if_proper: bool, participle: bool, be: bool) -> int:
    """Pack a word's additive facts, and a count of one word, into one integer."""
    return (syllables | letters << _LETTERS | chars << _CHARS | poly << _POLY
            | long << _LONG | complex_ << _COMPLEX | unfamiliar << _UNFAMILIAR
            | complex_if_proper << _COMPLEX_IF_PROPER
            | unfamiliar_if_proper << _UNFAMILIAR_IF_PROPER | 1 << _WORDS
            | participle << _PARTICIPLES | be << _BE_FORMS)


def _role_char(role: int) -> str:
    """Return the code of passive-role bits, "0" to "7" (see :func:`_passive_search`)."""
    return chr(ord("0") + role)


@cache
def _passive_search() -> Callable[[str], re.Match[str] | None]:
    """Return the search for a passive in a sentence's role codes (one per word).

    A be-form, then up to ``max_adverbs`` adverbs (as many as there are, never given
    back: a possessive repeat), then a participle; the digits are the role codes whose
    bit is set (_BE 1, _ADVERB 2, _PARTICIPLE 4). The leftmost match is the first
    be-form followed so, as in ``tests/test_readability_fast_paths.py``'s loop.
    """
    return _passive_search_for(_passive_rules().max_adverbs)


def _passive_search_for(max_adverbs: int) -> Callable[[str], re.Match[str] | None]:
    """:func:`_passive_search` with a given adverb limit (the rule file's, or a test's)."""
    return re.compile(f"[1357][2367]{{0,{max_adverbs}}}+[4567]").search


def _find_passive_roles(role_codes: str, max_adverbs: int | None = None
                        ) -> tuple[int, int] | None:
    """Find the first be-form, <= max_adverbs adverbs, participle (word indices).

    ``max_adverbs`` is the rule file's unless given.
    """
    search = _passive_search() if max_adverbs is None else _passive_search_for(max_adverbs)
    match = search(role_codes)
    return None if match is None else (match.start(), match.end() - 1)


class _WordFacts(dict):
    """Memo of word token -> packed facts, filled on first sight of each word.

    A dict subclass whose ``__missing__`` computes, so that the hot loop looks words up
    with the C-level ``dict.__getitem__``. It also keeps, per word, the passive role
    code (``roles``, see :func:`_role_char`) and whether it is polysyllabic
    (``polysyllabic``).
    """

    def __init__(self) -> None:
        super().__init__()
        self.roles: dict[str, str] = {}
        self.polysyllabic: set[str] = set()

    def forget(self) -> None:
        """Empty the memo and its tables (see :func:`_forget_if_full`)."""
        self.clear()
        self.roles.clear()
        self.polysyllabic.clear()

    def __missing__(self, token: str) -> int:
        syl = count_syllables(token)
        letters = sum(1 for ch in token if ch.isalpha())
        chars = sum(1 for ch in token if ch.isalnum())
        poly = syl >= POLYSYLLABLE
        low = token.lower()
        complex_ = poly and not token[:1].isdigit()  # numerals are not Gunning hard words
        if complex_ and any(h in token for h in "-\u2010\u2011"):
            parts = [p for p in token.replace("\u2010", "-").replace("\u2011", "-").split("-")
                     if p]
            if all(count_syllables(p) <= 2 for p in parts):
                complex_ = False
        if complex_ and _gunning_suffix_only(low, syl):
            complex_ = False
        unfamiliar = not is_familiar(token)
        proper = token[:1].isupper() and not (len(token) > 1 and token.isupper())
        role = _passive_role(low, _passive_rules())
        packed = _pack(syl, letters, chars, poly, letters >= LONG_WORD_LETTERS,
                       complex_ and not proper, unfamiliar and not proper,
                       complex_ and proper, unfamiliar and proper,
                       bool(role & _PARTICIPLE), bool(role & _BE))
        self[token] = packed
        self.roles[token] = _role_char(role)
        if poly:
            self.polysyllabic.add(token)
        return packed


_WORD_FACTS: Final = _WordFacts()


class _PieceFacts(dict):
    """Memo of white-space-delimited piece -> summed packed facts of its words.

    Words never hold white space, so the words of a sentence are those of its pieces
    (``str.split()``) in order, and its counts are the sum of its pieces' sums: one
    C-level split and one ``sum(map(...))`` per sentence, instead of a regex pass. A
    piece is a token ("treatment,", "(RCC)"), never a sentence. Pieces are split
    into words by ``PLAIN_WORD_RE``, or by the full rule ``WORD_RE`` (URLs, e-mail,
    domains and "e.g." each one word) when ``full_word_rule``: a block's text picks
    one rule for all its pieces (:func:`audit.textprep.tokenize`), so there is one
    memo for each. Side tables, filled with the sum: ``hard`` (the piece's
    polysyllabic words, most often the shared empty tuple, so that a sentence's are
    ``sum(..., ())`` of its pieces'), ``first`` (the packed facts of its first word, 0
    if none), ``roles`` (the passive-role codes of its words, see :func:`_role_char`;
    "0" for a URL) and ``bounds`` (where its first word starts and its last word ends
    in the piece, ``(0, 0)`` if it has none). The sum counts the piece in
    ``_ODD_PIECES`` unless it holds exactly one word.
    """

    def __init__(self, full_word_rule: bool) -> None:
        super().__init__()
        self.full_word_rule = full_word_rule
        self.roles: dict[str, str] = {}
        self.hard: dict[str, tuple[str, ...]] = {}
        self.first: dict[str, int] = {}
        self.bounds: dict[str, tuple[int, int]] = {}

    def forget(self) -> None:
        """Empty the memo and its tables."""
        self.clear()
        self.roles.clear()
        self.hard.clear()
        self.first.clear()
        self.bounds.clear()

    def __missing__(self, piece: str) -> int:
        if self.full_word_rule:
            matches = list(WORD_RE.finditer(piece))
            tokens = [(m.group(), m.start("url") >= 0) for m in matches]
        else:
            matches = list(PLAIN_WORD_RE.finditer(piece))
            tokens = [(m.group(), False) for m in matches]
        # A URL token is never a word token (no word or "e.g." holds "://", "www.", "@"
        # or a dot before a top-level domain), so it has no role and is never hard.
        packed = [_url_facts(token) if is_url else _WORD_FACTS[token]
                  for token, is_url in tokens]
        total = sum(packed) + ((len(tokens) != 1) << _ODD_PIECES)
        self[piece] = total
        self.bounds[piece] = (matches[0].start(), matches[-1].end()) if matches else (0, 0)
        self.hard[piece] = tuple(token for token, is_url in tokens
                                 if not is_url and token in _WORD_FACTS.polysyllabic)
        self.first[piece] = packed[0] if packed else 0
        self.roles[piece] = "".join("0" if is_url else _WORD_FACTS.roles[token]
                                    for token, is_url in tokens)
        return total


_PLAIN_PIECE_FACTS: Final = _PieceFacts(full_word_rule=False)
_FULL_RULE_PIECE_FACTS: Final = _PieceFacts(full_word_rule=True)


def _forget_if_full() -> None:
    """Empty the piece memos and the word memo once one of them is full.

    Called between calls of :func:`score_blocks`, never during one, so that all
    tables agree about the sentence being counted.
    """
    if (len(_PLAIN_PIECE_FACTS) + len(_FULL_RULE_PIECE_FACTS) >= _MAX_MEMO_PIECES
            or len(_WORD_FACTS) >= _MAX_MEMO_WORDS):
        _PLAIN_PIECE_FACTS.forget()
        _FULL_RULE_PIECE_FACTS.forget()
        _WORD_FACTS.forget()


def _lookups(memo: _PieceFacts) -> tuple[Callable[..., Any], ...]:
    """The bound look-ups of one piece memo, and its word rule's ``finditer``."""
    word_re = WORD_RE if memo.full_word_rule else PLAIN_WORD_RE
    return (memo.__getitem__, memo.hard.__getitem__, memo.first.__getitem__,
            memo.roles.__getitem__, memo.bounds.__getitem__, word_re.finditer)


# Bound once: forgetting empties the memos' dicts in place, so these stay valid.
_PLAIN_LOOKUPS: Final = _lookups(_PLAIN_PIECE_FACTS)
_FULL_RULE_LOOKUPS: Final = _lookups(_FULL_RULE_PIECE_FACTS)


@lru_cache(maxsize=4096)
def _url_facts(token: str) -> int:
    """Return the packed facts of a URL, e-mail or domain token: one opaque word."""
    letters = sum(1 for ch in token if ch.isalpha())
    chars = sum(1 for ch in token if ch.isalnum())
    return _pack(1, letters, chars, False, letters >= LONG_WORD_LETTERS,
                 False, False, False, False, False, False)


# ------------------------------------------------------------- main entry
def score_blocks(blocks: Sequence[BlockLike], *,
                 long_sentence_words: int = LONG_SENTENCE_WORDS,
                 very_long_sentence_words: int = VERY_LONG_SENTENCE_WORDS) -> ReadabilityResult:
    """Count, split and score a sequence of text blocks.

    Parameters
    ----------
    blocks : sequence of BlockLike
        Paragraphs, list items and quotes of one section or article, in order.
        ``text`` is plain text; ``label`` is the lead-in term of a "Term: text"
        item, or None.
    long_sentence_words, very_long_sentence_words : int
        A sentence is long above the first word count and very long above the
        second (the profile's values; Hemingway and Yoast use 20 and 30).

    Returns
    -------
    ReadabilityResult
        Counts, metrics, one :class:`SentenceStats` per sentence and the word
        count of each block.

    Notes
    -----
    Blocks never merge: every block boundary ends a sentence, and a label's
    ``"Term:"`` is a sentence of its own. A sentence holds at least one word;
    wordless spans (a lone "...") are dropped. Proper nouns are capitalised
    words (not all-capital) that do not start their sentence.
    """
    sentences: list[SentenceStats] = []
    block_words: list[int] = []
    totals = 0  # packed sums of every counted word (see _pack)
    n_long = n_very = n_passive = 0
    lead_in_proper = 0  # packed "if proper" counts that count anyway (see below)
    _forget_if_full()
    plain_lookups, full_rule_lookups = _PLAIN_LOOKUPS, _FULL_RULE_LOOKUPS
    passive_search = _passive_search()
    append = sentences.append
    new_stats = tuple.__new__  # SentenceStats' own __new__ is a Python-level call
    for bi, block in enumerate(blocks):
        text = block.text or ""
        label = getattr(block, "label", None)
        cut = lead_in_end(text, label) if label is not None else 0
        full_rule = needs_full_word_rule(text)
        piece_facts, piece_hard, piece_first, piece_roles, piece_bounds, word_finditer = (
            full_rule_lookups if full_rule else plain_lookups)
        # Under the full rule a word may run across the end of a "Term:" lead-in (the
        # URL "https://..." after the label "https"); it then counts in the sentence it
        # starts in, so the block's words are the pieces, each in the sentence where
        # it starts. Otherwise sentences are counted from their own text.
        tokens = (tokenize(text) if full_rule and 0 < cut < len(text)
                  and not text[cut].isspace() else None)
        if tokens is not None:
            token_starts = [token[1] for token in tokens]
            k = 0
        n_block = 0
        # a model Block splits its text once for every module
        block_spans = (block.sentence_spans if isinstance(block, Block)
                       else sentence_spans(text, label))
        for span_no, (s_start, s_end) in enumerate(block_spans):
            s_text = text[s_start:s_end]
            if tokens is None:
                pieces = s_text.split()
            else:
                first_k = k
                k = bisect_left(token_starts, s_end, first_k)  # tokens starting here
                pieces = [token[0] for token in tokens[first_k:k]]
            sums = sum(map(piece_facts, pieces))
            s_words = sums >> _WORDS & _MASK
            if not s_words:  # a wordless span ("..."): not a sentence
                continue
            n_block += s_words
            totals += sums
            # Capitalised words are proper nouns except the sentence's first word and,
            # in a "Term:" lead-in (Title Case), every word.
            if cut and span_no == 0:
                lead_in_proper += sums
            else:  # the first word of the first piece that has one
                lead_in_proper += (piece_first(pieces[0])
                                   or next(filter(None, map(piece_first, pieces))))
            s_syl = sums & _MASK
            s_poly = sums >> _POLY & _MASK
            # adding an empty tuple copies nothing
            hard = sum(map(piece_hard, pieces), ()) if s_poly else ()
            passive_text = None
            if sums >> _BE_FORMS and sums >> _PARTICIPLES & _MASK:
                # one role code per word, searched for be + adverbs + participle
                match = passive_search("".join(map(piece_roles, pieces)))
                if match is not None:
                    # the be-form's start and the participle's end, by word index
                    first, last = match.start(), match.end() - 1
                    if tokens is None and not sums >> _ODD_PIECES & _MASK:
                        # Word i is piece i: the passive runs from the be-form's word in
                        # piece `first` to the participle's word in piece `last`, found
                        # from the text after `first`, then `last - first` more, pieces.
                        from_be = s_text.split(None, first)[-1]
                        from_participle = from_be.split(None, last - first)[-1]
                        passive_text = from_be[
                            piece_bounds(pieces[first])[0] :
                            len(from_be) - len(from_participle)
                            + piece_bounds(pieces[last])[1]]
                    elif tokens is None:
                        found = word_finditer(text, s_start, s_end)
                        spans = list(islice(found, last + 1))
                        passive_text = text[spans[first].start() : spans[last].end()]
                    else:
                        passive_text = text[tokens[first_k + first][1] :
                                            tokens[first_k + last][2]]
                    n_passive += 1
            is_long = s_words > long_sentence_words
            is_very = s_words > very_long_sentence_words
            n_long += is_long
            n_very += is_very
            append(new_stats(SentenceStats, (
                s_text, bi, s_start, s_end, s_words, s_syl, s_poly, hard, is_long,
                is_very, passive_text is not None, passive_text)))
        block_words.append(n_block)
    counts = ReadabilityCounts(
        words=totals >> _WORDS & _MASK,
        sentences=len(sentences),
        syllables=totals & _MASK,
        polysyllables=totals >> _POLY & _MASK,
        long_words=totals >> _LONG & _MASK,
        complex_words=(totals >> _COMPLEX & _MASK)
        + (lead_in_proper >> _COMPLEX_IF_PROPER & _MASK),
        letters=totals >> _LETTERS & _MASK,
        characters=totals >> _CHARS & _MASK,
        dale_chall_unfamiliar=(totals >> _UNFAMILIAR & _MASK)
        + (lead_in_proper >> _UNFAMILIAR_IF_PROPER & _MASK),
        long_sentences=n_long,
        very_long_sentences=n_very,
        passive_sentences=n_passive,
    )
    return ReadabilityResult(
        counts=counts,
        metrics=metrics_from_counts(counts),
        sentences=tuple(sentences),
        block_words=tuple(block_words),
    )
