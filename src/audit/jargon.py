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
of :func:`_explained` (documented in ``docs/jargon.md``).

Everything here is pure: rule files are read once and cached; no other I/O.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, chain, compress, count, repeat
from operator import add, itemgetter
from typing import Any

from wordfreq import zipf_frequency

from .model import Block, Document, Finding
from .rules import (
    Field,
    RuleError,
    check_fields,
    read_rule_file,
    rules_fingerprint,
    rules_root,
)
from .textprep import (
    ABBREVIATIONS_ALWAYS,
    PLAIN_WORD_RE,
    lead_in_end,
    needs_full_word_rule,
    sentence_spans,
    tokenize,
)

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

#: Detector names, in the order they are listed in reports.
DETECTORS = ("lexicon", "uncommon", "acronym")

SETTINGS_FILE = "jargon-settings.yml"
FAMILIAR_FILE = "jargon/familiar.yml"
LEXICON_DIR = "jargon"


# ======================================================================== rule data
@dataclass(frozen=True)
class Term:
    """One lexicon entry (``rules/jargon/<file>.yml``).

    Attributes
    ----------
    term : str
        The entry's name, reported for every form that matches.
    plain : str
        Plain words for it (the suggestion).
    category : str
        The file's ``category`` (``anatomy``, ``drug``, ``side_effect`` ...).
    rule_id : str
        The file's ``id`` (``jargon.treatments``).
    variants : tuple of str
        Other spellings and inflections that also match.
    keep_if_defined : bool
        A term that may stay when it is explained ("keep but define").
    acronym : bool
        The term is an initialism; ``expansion`` spells it out.
    """

    term: str
    plain: str
    category: str
    rule_id: str
    variants: tuple[str, ...] = ()
    keep_if_defined: bool = False
    acronym: bool = False
    expansion: str | None = None
    note: str | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        """The term and its variants."""
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Lexicon:
    """Every lexicon entry and familiar word, as loaded and checked by :func:`load_lexicon`."""

    terms: tuple[Term, ...]
    rule_ids: tuple[str, ...]
    familiar: tuple[str, ...]
    version: str

    def by_rule(self, rule_id: str) -> tuple[Term, ...]:
        """Return the entries of one lexicon file, in file order."""
        return tuple(t for t in self.terms if t.rule_id == rule_id)


@dataclass(frozen=True)
class JargonSettings:
    """Thresholds and word lists of ``rules/jargon-settings.yml``."""

    version: int
    language: str
    zipf_threshold: float
    min_letters: int
    derivational_suffixes: tuple[str, ...]
    word_prefixes: frozenset[str]
    compound_part_zipf: float
    acronym_min_capitals: int
    acronym_word_zipf: float
    shouting_run: int
    naming_cues: tuple[str, ...]
    min_description_words: int
    generic_heads: frozenset[str]
    copula_words: frozenset[str]
    definition_starts: frozenset[str]
    not_definition_after_the: frozenset[str]
    class_nouns: frozenset[str]
    definition_verbs: tuple[str, ...]
    non_appositive_starts: frozenset[str]
    min_appositive_words: int
    clause_words: frozenset[str]
    appositive_determiners: frozenset[str]
    sources: dict[str, str]
    informed_by: dict[str, tuple[str, ...]]


_SETTINGS_FIELDS = {
    "id": Field(str), "version": Field(int), "language": Field(str),
    "zipf_threshold": Field((int, float)), "min_letters": Field(int),
    "derivational_suffixes": Field(list), "word_prefixes": Field(list),
    "compound_part_zipf": Field((int, float)), "acronym_min_capitals": Field(int),
    "acronym_word_zipf": Field((int, float)), "shouting_run": Field(int),
    "explanation": Field(dict), "sources": Field(dict), "informed_by": Field(dict),
}
_EXPLANATION_FIELDS = {
    "naming_cues": Field(list), "min_description_words": Field(int),
    "generic_heads": Field(list), "copula_words": Field(list),
    "definition_starts": Field(list), "not_definition_after_the": Field(list),
    "class_nouns": Field(list), "definition_verbs": Field(list),
    "non_appositive_starts": Field(list), "min_appositive_words": Field(int),
    "clause_words": Field(list), "appositive_determiners": Field(list),
}
_DETECTOR_FIELDS = {name: Field(str) for name in DETECTORS}
_INFORMED_FIELDS = {name: Field(list) for name in DETECTORS}

_LEXICON_FIELDS = {"id": Field(str), "version": Field(int), "category": Field(str),
                   "terms": Field(list)}
_ENTRY_FIELDS = {"term": Field(str), "plain": Field(str), "variants": Field(list, False),
                 "keep_if_defined": Field(bool, False), "acronym": Field(bool, False),
                 "expansion": Field(str, False), "note": Field(str, False)}
_FAMILIAR_FIELDS = {"id": Field(str), "version": Field(int), "words": Field(dict)}


def _strings(value: list[Any], where: str, key: str) -> tuple[str, ...]:
    """Return ``value`` as a tuple of non-empty strings, or raise ``RuleError``."""
    out = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise RuleError(where, f"{key}[{index}]", "must be a non-empty string")
        out.append(item.strip())
    return tuple(out)


@cache
def load_jargon_settings() -> JargonSettings:
    """Load and check ``rules/jargon-settings.yml`` (strict: unknown keys are errors)."""
    return build_settings(read_rule_file(SETTINGS_FILE))


def build_settings(data: dict[str, Any]) -> JargonSettings:
    """Check parsed ``jargon-settings.yml`` data and build the settings.

    Raises
    ------
    RuleError
        On an unknown, missing or mistyped key, naming the file and the key.
    """
    check_fields(data, _SETTINGS_FIELDS, SETTINGS_FILE)
    if data["id"] != "jargon-settings":
        raise RuleError(SETTINGS_FILE, "id", "must be 'jargon-settings'")
    expl = data["explanation"]
    check_fields(expl, _EXPLANATION_FIELDS, f"{SETTINGS_FILE} explanation")
    check_fields(data["sources"], _DETECTOR_FIELDS, f"{SETTINGS_FILE} sources")
    check_fields(data["informed_by"], _INFORMED_FIELDS, f"{SETTINGS_FILE} informed_by")
    where = f"{SETTINGS_FILE} explanation"

    def words(key: str) -> tuple[str, ...]:
        return tuple(s.lower() for s in _strings(expl[key], where, key))

    threshold = float(data["zipf_threshold"])
    if not 0 < threshold < 8:
        raise RuleError(SETTINGS_FILE, "zipf_threshold", "must be between 0 and 8")
    for key in ("min_letters", "acronym_min_capitals", "shouting_run"):
        if data[key] < 1:
            raise RuleError(SETTINGS_FILE, key, "must be at least 1")
    return JargonSettings(
        version=data["version"],
        language=data["language"],
        zipf_threshold=threshold,
        min_letters=data["min_letters"],
        derivational_suffixes=tuple(s.lower() for s in _strings(
            data["derivational_suffixes"], SETTINGS_FILE, "derivational_suffixes")),
        word_prefixes=frozenset(s.lower() for s in _strings(
            data["word_prefixes"], SETTINGS_FILE, "word_prefixes")),
        compound_part_zipf=float(data["compound_part_zipf"]),
        acronym_min_capitals=data["acronym_min_capitals"],
        acronym_word_zipf=float(data["acronym_word_zipf"]),
        shouting_run=data["shouting_run"],
        # longest cue first, so "also called" wins over "called"
        naming_cues=tuple(sorted(words("naming_cues"), key=len, reverse=True)),
        min_description_words=expl["min_description_words"],
        generic_heads=frozenset(words("generic_heads")),
        copula_words=frozenset(words("copula_words")),
        definition_starts=frozenset(words("definition_starts")),
        not_definition_after_the=frozenset(words("not_definition_after_the")),
        class_nouns=frozenset(words("class_nouns")),
        definition_verbs=tuple(sorted(words("definition_verbs"), key=len, reverse=True)),
        non_appositive_starts=frozenset(words("non_appositive_starts")),
        min_appositive_words=expl["min_appositive_words"],
        clause_words=frozenset(words("clause_words")),
        appositive_determiners=frozenset(words("appositive_determiners")),
        sources=dict(data["sources"]),
        informed_by={name: _strings(data["informed_by"][name], SETTINGS_FILE,
                                    f"informed_by.{name}") for name in DETECTORS},
    )


def lexicon_files() -> tuple[str, ...]:
    """Return the lexicon files (``jargon/<name>.yml`` but ``familiar.yml``), sorted."""
    folder = rules_root().joinpath(LEXICON_DIR)
    names = sorted(node.name for node in folder.iterdir()
                   if node.name.endswith(".yml") and not node.name.startswith("."))
    return tuple(f"{LEXICON_DIR}/{name}" for name in names
                 if f"{LEXICON_DIR}/{name}" != FAMILIAR_FILE)


def _form_key(form: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the key two forms share when they match the same text (for duplicates).

    Case counts only where matching is case-sensitive: "hCG" and "HCG" are two forms,
    "Gleason score" and "gleason score" one.
    """
    first = _forms_of(form, None)[0]
    return first.keys, first.gaps


def _check_familiar(data: dict[str, Any]) -> tuple[str, ...]:
    """Check ``jargon/familiar.yml`` data: words and phrases never reported as jargon."""
    check_fields(data, _FAMILIAR_FIELDS, FAMILIAR_FILE)
    if data["id"] != "jargon.familiar":
        raise RuleError(FAMILIAR_FILE, "id", "must be 'jargon.familiar'")
    out: list[str] = []
    previous = ""
    for word, reason in data["words"].items():
        if not isinstance(word, str) or not word.strip() or not _form_tokens(word):
            raise RuleError(FAMILIAR_FILE, f"words.{word}", "must be a word or phrase")
        if not isinstance(reason, str) or not reason.strip():
            raise RuleError(FAMILIAR_FILE, f"words.{word}", "needs a reason (a string)")
        if word.casefold() < previous:
            raise RuleError(FAMILIAR_FILE, f"words.{word}",
                            f"out of order: sort the words (case-insensitive); "
                            f"'{word}' must come before '{previous}'")
        previous = word.casefold()
        out.append(word)
    return tuple(out)


@cache
def load_lexicon() -> Lexicon:
    """Load every lexicon file and ``familiar.yml``, strictly (see :func:`build_lexicon`)."""
    files = lexicon_files()
    version = rules_fingerprint([*files, FAMILIAR_FILE, SETTINGS_FILE])
    return build_lexicon({relative: read_rule_file(relative) for relative in files},
                         read_rule_file(FAMILIAR_FILE), version=version)


def build_lexicon(files: dict[str, dict[str, Any]], familiar_data: dict[str, Any],
                  version: str = "") -> Lexicon:
    """Check parsed lexicon data and build the :class:`Lexicon`.

    Parameters
    ----------
    files : dict
        ``{"jargon/<name>.yml": parsed YAML}`` for every lexicon file, in load order.
    familiar_data : dict
        Parsed ``jargon/familiar.yml``.
    version : str
        The rules fingerprint to record.

    Raises
    ------
    RuleError
        Naming the file and the key, for: an unknown or missing key; a value of the
        wrong type; an empty ``plain``; ``acronym`` without ``expansion`` (or the
        reverse); a term out of case-insensitive order; a term or variant listed twice
        (in one file or two); a form with no word in it; a form listed as familiar; an
        ``id`` other than ``jargon.<file name>``.
    """
    familiar = _check_familiar(familiar_data)
    familiar_keys = {_form_key(word): word for word in familiar}
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, str]] = {}
    terms: list[Term] = []
    rule_ids: list[str] = []
    for relative, data in files.items():
        if not isinstance(data, dict):
            raise RuleError(relative, "(file)", "must be a mapping")
        check_fields(data, _LEXICON_FIELDS, relative)
        stem = relative.rsplit("/", 1)[-1].removesuffix(".yml")
        if data["id"] != f"jargon.{stem}":
            raise RuleError(relative, "id", f"must be 'jargon.{stem}'")
        rule_ids.append(data["id"])
        previous = ""
        for index, entry in enumerate(data["terms"]):
            where = f"{relative} terms[{index}]"
            if not isinstance(entry, dict):
                raise RuleError(where, "(entry)", "must be a mapping with term and plain")
            check_fields(entry, _ENTRY_FIELDS, where)
            term = Term(
                term=entry["term"].strip(),
                plain=entry["plain"].strip(),
                category=data["category"],
                rule_id=data["id"],
                variants=_strings(entry.get("variants", []), where, "variants"),
                keep_if_defined=entry.get("keep_if_defined", False),
                acronym=entry.get("acronym", False),
                expansion=(entry.get("expansion") or "").strip() or None,
                note=entry.get("note"),
            )
            if not term.term:
                raise RuleError(where, "term", "must not be empty")
            if not term.plain:
                raise RuleError(where, "plain", f"'{term.term}' needs plain words")
            if term.acronym != (term.expansion is not None):
                raise RuleError(where, "expansion" if term.acronym else "acronym",
                                f"'{term.term}': acronym: true and expansion go together")
            if term.term.casefold() < previous:
                raise RuleError(where, "term",
                                f"'{term.term}' is out of order: keep terms sorted "
                                f"(case-insensitive); it must come before '{previous}'")
            previous = term.term.casefold()
            for form in term.forms:
                if not _form_tokens(form):
                    raise RuleError(where, "variants", f"'{form}' holds no word")
                key = _form_key(form)
                if key in familiar_keys:
                    raise RuleError(where, "term" if form == term.term else "variants",
                                    f"'{form}' is listed as familiar in {FAMILIAR_FILE}")
                if key in seen:
                    other_file, other_term = seen[key]
                    raise RuleError(where, "term" if form == term.term else "variants",
                                    f"'{form}' is already listed under '{other_term}' "
                                    f"in {other_file}")
                seen[key] = (relative, term.term)
            terms.append(term)
    return Lexicon(terms=tuple(terms), rule_ids=tuple(rule_ids), familiar=familiar,
                   version=version)


# ======================================================================== tokens
_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})
#: Splits text into [gap, word, gap, ..., gap], words as readability counts them.
_SPLIT_RE = re.compile(f"({PLAIN_WORD_RE.pattern})")
_ROMAN_RE = re.compile(r"^(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})$")
_INITIAL_GAP_RE = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*\s*[\"'\u201c\u2018(\[]*\s*$")
_STOPWORDS = frozenset(
    """a about above after all also an and another any are as at be been before being
    both but by can could did do does each either especially even for from had has have
    he her here his how i if in into is it its may might more most much must my no nor
    not of often on one only or other our out over own same she should so some such
    than that the their them then there these they this those through to too under
    until up upon usually very was we were what when where whether which while who whom
    whose why will with within without would yet you your""".split()
)


def _normalise(text: str) -> str:
    """Fold curly apostrophes and Unicode hyphens to their ASCII forms."""
    return text.translate(_NORMALISE)


def _form_tokens(form: str) -> list[tuple[str, int, int]]:
    """Tokenise a lexicon form exactly as text is tokenised: ``(word, start, end)``."""
    return [(w, a, b) for w, a, b, _ in tokenize(_normalise(form))]


def _is_sensitive(token: str) -> bool:
    """Tell whether a form token must match with its exact capitals (RCC, hCG, T, IV)."""
    letters = [ch for ch in token if ch.isalpha()]
    if len(letters) == 1 and letters[0].isupper() and len(token) == 1:
        return True
    if sum(ch.isupper() for ch in letters) >= 2:
        return True
    return any(a.islower() and b.isupper() for a, b in zip(token, token[1:]))


def _strip_possessive(word: str) -> str:
    """Drop a final ``'s`` (the word is already normalised)."""
    return word[:-2] if len(word) > 3 and word.endswith("'s") else word


def _plural(word: str) -> str | None:
    """Return the regular plural of a lower-case noun, or None when unsure."""
    if len(word) < 4 or not word.replace("-", "").isalpha() or word.endswith("s"):
        return None
    if word.endswith(("ch", "sh", "x", "z")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


# ======================================================================== matcher
@dataclass(frozen=True)
class _Form:
    """One matchable form: token keys, the gaps between them, and its entry."""

    keys: tuple[str, ...]
    gaps: tuple[str, ...]
    term: Term | None  # None: a familiar word or phrase (a mask)
    #: The key grouping the occurrences of its entry ("lexicon:<rule_id>:<term>").
    occurrence_key: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        key = f"lexicon:{self.term.rule_id}:{self.term.term}" if self.term else ""
        object.__setattr__(self, "occurrence_key", key)


def _token_key(token: str, sensitive: bool) -> str:
    """Return the dictionary key of a form token: exact (``\\0`` + token) or lower-case."""
    return "\0" + token if sensitive else token.lower()


def _forms_of(form: str, term: Term | None) -> list[_Form]:
    """Build the form, and its regular plural, for the matcher."""
    tokens = _form_tokens(form)
    words = [w for w, _, _ in tokens]
    gaps = tuple(" ".join(_normalise(form)[tokens[i][2]:tokens[i + 1][1]].split()) or " "
                 for i in range(len(tokens) - 1))
    keys = [_token_key(w, _is_sensitive(w)) for w in words]
    out = [_Form(tuple(keys), gaps, term)]
    last = words[-1]
    if _is_sensitive(last):
        if last.isupper() and last.isalpha():
            out.append(_Form((*keys[:-1], "\0" + last + "s"), gaps, term))
    else:
        plural = _plural(last.lower())
        if plural:
            out.append(_Form((*keys[:-1], plural), gaps, term))
    return out


class _Matcher:
    """Longest-match lookup of lexicon and familiar forms, keyed by their first token."""

    def __init__(self, lexicon: Lexicon) -> None:
        explicit: dict[tuple[tuple[str, ...], tuple[str, ...]], _Form] = {}
        plurals: dict[tuple[tuple[str, ...], tuple[str, ...]], _Form] = {}
        sources = [(word, None) for word in lexicon.familiar]
        sources += [(form, term) for term in lexicon.terms for form in term.forms]
        for text, term in sources:
            first, *rest = _forms_of(text, term)
            explicit[first.keys, first.gaps] = first
            for extra in rest:
                plurals.setdefault((extra.keys, extra.gaps), extra)
        forms = dict(plurals)
        forms.update(explicit)  # an explicit form always wins over a generated plural
        index: dict[str, list[_Form]] = {}
        for item in forms.values():
            index.setdefault(item.keys[0], []).append(item)
        self.first: dict[str, tuple[_Form, ...]] = {
            key: tuple(sorted(items, key=lambda f: (-len(f.keys), f.keys)))
            for key, items in index.items()
        }
        self._candidates: dict[str, tuple[_Form | None, tuple[_Form, ...],
                                          frozenset[str]]] = {}
        #: The candidates computed so far, by word (read directly by the scanner).
        self.cached_candidates = self._candidates
        #: Every key of a single-token familiar form (never uncommon, never an acronym).
        self.familiar_single = frozenset(
            f.keys[0] for f in forms.values() if f.term is None and len(f.keys) == 1)

    def candidates(self, word: str) -> tuple[_Form | None, tuple[_Form, ...], frozenset[str]]:
        """Return, for forms starting with ``word``: the one-word form (or None), the
        longer forms (longest first) and the keys their second words may have."""
        cached = self._candidates.get(word)
        if cached is not None:
            return cached
        found: list[_Form] = []
        for key in _word_keys(word):
            found.extend(self.first.get(key, ()))
        found = sorted(dict.fromkeys(found), key=lambda f: -len(f.keys))
        single = next((f for f in found if len(f.keys) == 1), None)
        multi = tuple(f for f in found if len(f.keys) > 1)
        if len(self._candidates) > 1 << 16:
            self._candidates.clear()
        result = (single, multi, frozenset(f.keys[1] for f in multi))
        self._candidates[word] = result
        return result

    def match(self, words: Sequence[str], gap_of: Callable[[int], str], k: int
              ) -> _Form | None:
        """Return the longest form starting at word ``k``, or None (``gap_of(i)``: the
        text before word i)."""
        word = words[k]
        entry = self._candidates.get(word)
        if entry is None:
            entry = self.candidates(word)
        single, multi, seconds = entry
        if not multi or k + 1 >= len(words) or seconds.isdisjoint(_word_keys(words[k + 1])):
            return single
        return self.match_longer(words, gap_of, k, entry)

    def match_longer(self, words: Sequence[str], gap_of: Callable[[int], str], k: int,
                     entry: tuple[_Form | None, tuple[_Form, ...], frozenset[str]]
                     ) -> _Form | None:
        """Return the longest form starting at word ``k``, given the word's
        :meth:`candidates` ``entry``, when a longer form may start there (word ``k + 1``
        has a key of ``entry[2]``); see :meth:`match`."""
        single, multi, _ = entry
        n = len(words)
        keys_of = _word_keys
        second = keys_of(words[k + 1])
        for form in multi:
            keys = form.keys
            size = len(keys)
            if keys[1] not in second or k + size > n:
                continue  # the usual case, told before looking at the gaps
            form_gaps = form.gaps
            for j in range(1, size):
                gap = gap_of(k + j)
                if form_gaps[j - 1] == " ":
                    if not gap.isspace():
                        break
                elif " ".join(_normalise(gap).split()) != form_gaps[j - 1]:
                    break
                if keys[j] not in keys_of(words[k + j]):
                    break
            else:
                return form
        return single


def _compute_word_keys(word: str) -> frozenset[str]:
    """Return every key under which a text word can match a form token."""
    norm = _normalise(word)
    bare = _strip_possessive(norm)
    return frozenset((norm.lower(), bare.lower(), "\0" + norm, "\0" + bare))


class _WordKeys(dict):
    """:func:`_compute_word_keys` by word, forgotten past ``_WORD_KEYS_LIMIT`` words.

    A plain dict rather than ``lru_cache``: a hit is one C-level lookup, with no
    recency list to update (the scanner asks for the keys of the word after each
    word that starts a longer form).
    """

    def __missing__(self, word: str) -> frozenset[str]:
        if len(self) > _WORD_KEYS_LIMIT:
            self.clear()
        keys = self[word] = _compute_word_keys(word)
        return keys


_WORD_KEYS_LIMIT = 1 << 16
#: Return every key under which a text word can match a form token (memoised).
_word_keys: Callable[[str], frozenset[str]] = _WordKeys().__getitem__


# ======================================================================== word classes
_LEX, _UNC, _ACR, _ROM, _CAP, _FAM = 1, 2, 4, 8, 16, 32
#: The bits a word needs to be an occurrence outside a lexicon match (familiar words
#: have none of them).
_OTHER = _UNC | _ACR | _ROM


class _Memo(dict):
    """A dict that computes missing values with a function (C-speed lookups via map)."""

    def __init__(self, compute: Any) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> int:
        value = self[key] = self.compute(key)
        return value


class _Engine:
    """The loaded rules plus memoised per-word facts (built once per process)."""

    _MEMO_LIMIT = 1 << 19

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
        self.flags = _Memo(self._classify)
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
            self.flags.clear()
        if len(self.content_kinds) > self._MEMO_LIMIT:
            self.content_kinds.clear()

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
            single, longer, _ = self.matcher.candidates(word)
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
@dataclass(slots=True)
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
    case: str = "lower"  # for uncommon words: lower / initial / mid (capitalised)
    zipf: float | None = None


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
            if k > at:
                piece_start += sum(map(len, self.pieces[at:k])) + (k - at)
                self._at, self._at_start = k, piece_start
            return piece_start + _PIECE_OFFSET[self.pieces[k]]
        starts = self.starts = self._offsets()
        return starts[k]

    def _offsets(self) -> list[int]:
        """Compute the offsets of the words from the pieces (all in C, no loop).

        Piece i starts after the i pieces and i spaces before it; a word starts
        where its piece does, plus its offset in the piece.
        """
        pieces = self.pieces
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


def _split_piece(piece: str) -> tuple[tuple[str, ...], tuple[int, ...], int, str | None]:
    """Return the words of a piece of text, their offsets in it, the offset of its
    only word (-1 unless it has exactly one) and that word (or None)."""
    parts = _SPLIT_RE.split(piece)
    starts = tuple(accumulate(map(len, parts)))[0:-1:2]
    single = len(starts) == 1
    return (tuple(parts[1::2]), starts, starts[0] if single else -1,
            parts[1] if single else None)


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


_PIECE_MAX = 48
_PIECE_LIMIT = 1 << 18
#: A piece's words, their offsets in it, the offset of its only word (or -1), and
#: that word (or None).
_PIECE_WORDS, _PIECE_STARTS, _PIECE_OFFSET, _PIECE_SINGLE = _PIECE_MEMOS = (
    _PieceMemo(0), _PieceMemo(1), _PieceMemo(2), _PieceMemo(3))


def _split_block(text: str, label: str | None) -> _BlockWords:
    """Tokenise a block exactly as readability does (URLs are single words)."""
    label_end = lead_in_end(text, label) if label else 0
    if not needs_full_word_rule(text):
        # a plain word never holds a space (tests/test_jargon_fast_paths.py pins this)
        pieces = text.split(" ")
        singles = list(map(_PIECE_SINGLE.__getitem__, pieces))
        if None not in singles:  # one word a piece: the usual case
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


_CONNECTORS = frozenset({"and", "of", "the", "for", "&", "de", "von", "van"})


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


_LEX_ONLY, _LEX_ACR = ("lexicon",), ("lexicon", "acronym")
_ACR_ONLY, _UNC_ONLY = ("acronym",), ("uncommon",)


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
                # :func:`_split_block`'s usual case, inlined: the block's words object
                # is built only when a word has a class bit (not in blocks with no hit)
                pieces = text.split(" ")
                block_words = list(map(single_of, pieces))
                if None in block_words:
                    bw = _split_block(text, block.label)
                    block_words = bw.words
            else:
                bw = _split_block(text, block.label)
                block_words = bw.words
            n_words += len(block_words)
            # :func:`_scan`, inlined: most words have no class bit, many blocks no hit
            flags = list(map(flag_of, block_words))
            hits = list(compress(range(len(flags)), flags))
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


# ======================================================================== explained?
class _Context:
    """The sentence around an occurrence, for the explained-at-first-use heuristic.

    A slotted class rather than a dataclass: one is built for every term's first use
    in each section, so its construction is on the hot path.
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


_SPAN_END = itemgetter(1)


def _context(block: Block, occ: _Occ) -> _Context:
    """Locate the sentence holding an occurrence (and the one after it).

    The sentence is the first whose end lies after the occurrence's start (the last
    one if none does); the block's spans are ``Block.sentence_spans``, computed once
    per block and shared with readability and coverage.
    """
    text = block.text or ""
    spans = block.sentence_spans or ((0, len(text)),)
    index = min(bisect_right(spans, occ.start, key=_SPAN_END), len(spans) - 1)
    s0, s1 = spans[index]
    nxt = text[spans[index + 1][0]:spans[index + 1][1]] if index + 1 < len(spans) else ""
    start, end = occ.start, occ.end
    label_end = lead_in_end(text, block.label) if block.label else 0
    return _Context(text, s0 if s0 < start else start, s1 if s1 > end else end,
                    start, end, label_end, nxt)


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


#: Kinds of words for :func:`_content_words`: a function word or no word, a content
#: word, a generic head ("drugs", "type").
_NOT_CONTENT, _CONTENT, _GENERIC = 0, 1, 2


def _scan_fragment(engine: _Engine, fragment: str) -> tuple[_BlockWords, list[_Occ]]:
    """Return the words of a piece of a sentence and its jargon occurrences."""
    bw = _split_block(fragment, None)
    return bw, _scan(engine, bw, 0, 0)


_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


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


_SKIP_WORD_RE = re.compile(r"\s*(?:and\s+|or\s+)?[(\[]?[\w'\u2019-]+[)\]]?(?=\s|$)")


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


_PAREN_RE = re.compile(r"\s*\(([^()]*)\)")
_EXAMPLE_RE = re.compile(r"\s*(?:such as|e\.g\.|eg|for example|see|including|like)\b", re.I)
_SYNONYM_RE = re.compile(
    r"^\s*(?:also called|also known as|known as|called|or|i\.e\.,?|that is,?|meaning"
    r"|which means)\s+", re.I)
_RELATIVE_RE = re.compile(r"\s*,?\s*(?:which|that|who|it|they)\s+", re.I)
_APPOSITIVE_RE = re.compile(
    r",\s+(?:(?:or|also called|also known as|i\.e\.,?|that is,?|meaning)\s+)?"
    r"([^,;()\u2014\u2013:.!?]+)([,;)\u2014\u2013:.!?]?)", re.I)
_PRONOUN_RE = re.compile(r"(?:This|That|It|These|They)\b")
#: What ``after`` opens with when a check on its start may succeed in
#: :func:`_explained`: white space then a bracket (``after.lstrip()`` starts with one),
#: a comma, or a relative pronoun (``_RELATIVE_RE``).
_AFTER_CUE_RE = re.compile(r"\s*[()]|,|" + _RELATIVE_RE.pattern, re.I)
_NON_SPACE_RE = re.compile(r"\S+")
_SUBJECT_DETERMINERS = frozenset({"a", "an", "the", "this", "these", "your", "each", "every"})


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
    bounds = [i for i, ch in enumerate(head) if ch in ",;:()\u2014\u2013"]
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


def _explained(engine: _Engine, ctx: _Context, occ: _Occ, match: str
               ) -> tuple[bool, str | None]:
    """Tell whether the text explains a term where it appears; also return a long form.

    Heuristic (``docs/jargon.md``), tried in this order: an acronym spelled out
    ("renal cell carcinoma (RCC)", "RCC (renal cell carcinoma)"); plain words in
    brackets right after the term; the term in brackets right after a plain
    description ("low red blood cell counts (anemia)"); "<description> called/known
    as X" with an informative description; an appositive ("nephrectomy, surgery to
    remove the kidney,"); a relative clause or pronoun that defines it ("X, which
    describes ...", "..., it lowers ..."); a definition with the term as subject ("X
    is a ...", "X means ...", "X works by ..."); a "Label:" term whose item then
    defines it ("Immunotherapy: Immunotherapy works by ..."); a next sentence "This
    is ..." when the term ends its sentence's jargon.
    """
    if "acronym" in occ.detectors:
        long_form = _spelled_out(ctx, match, occ.term)
        if long_form:
            return True, long_form
    # The checks below all answer (True, None), so their order does not matter. Those
    # reading the start of ``after`` need it to open with a bracket, a comma or a
    # relative pronoun: one match tells whether to run them (most terms have none).
    before, after = ctx.before, ctx.after
    if _AFTER_CUE_RE.match(after) is not None:
        after_l = after.lstrip()
        if after_l.startswith("("):
            m = _PAREN_RE.match(after)
            if m and _paren_explains(engine, m.group(1)):
                return True, None
        if after_l.startswith(")") and before.rstrip().endswith("("):
            words = _WORD_RE.findall(before.rstrip()[:-1])[-4:]
            plain, jargon = _content_words(engine, " ".join(words))
            if plain >= 1 and plain >= jargon:
                return True, None
        if after.startswith(",") and _appositive(engine, ctx, occ):
            return True, None
        rel = _RELATIVE_RE.match(after)
        if rel and _is_definition_start(engine, after, rel.end()):
            return True, None
    if _named_after_description(engine, ctx):
        return True, None
    if _subject_position(ctx) and _definition_follows(engine, after):
        return True, None
    if ctx.label_end and ctx.a < ctx.label_end:
        body = ctx.text[ctx.label_end:].lstrip()
        spans = sentence_spans(body)
        first = body[spans[0][0]:spans[0][1]] if spans else ""
        words = _first_words(match, 1)
        subjects = {"this", "these", "it", "they", *words}
        for m in list(_WORD_RE.finditer(first))[:8]:
            if m.group().lower() in subjects and _definition_follows(engine, first[m.end():]):
                return True, None
    if ctx.next_sentence:
        m = _PRONOUN_RE.match(ctx.next_sentence)
        if (m and _is_naming_definition(engine, ctx.next_sentence[m.end():])
                and not _scan(engine, _split_block(after, None), 0, 0)):
            return True, None
    return False, None


# ======================================================================== report
#: How many later uses of an unexplained term are checked for a late explanation.
_LATER_CHECKS = 2


def _share(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there are no words."""
    return part / whole if whole else None


#: Detector bits of an occurrence (in ``DETECTORS`` order), and the names of each mix.
_DETECTOR_BITS = {_LEX_ONLY: 1, _UNC_ONLY: 2, _ACR_ONLY: 4, _LEX_ACR: 1 | 4}
_DETECTOR_NAMES = tuple(
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


_BY_COUNT = itemgetter("count")


def _record(words: int, tallies: Iterable[_Tally], static: dict[str, tuple[Any, ...]]
            ) -> dict[str, Any]:
    """Build the JSON-ready record of one section or document from its tallies.

    ``tallies`` are in order of first occurrence; ``static`` holds each term's
    section-independent fields (``term``, ``category``, ``rule_id``, ``plain``,
    ``expansion``, ``explained``).
    """
    lexicon = uncommon = acronym = combined = unexplained = tokens = 0
    terms = []
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
    :func:`_explained`); every section reports that same judgement.
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
    head_contexts: dict[str, _Context] = {}
    static: dict[str, tuple[Any, ...]] = {}
    for key, head in heads.items():
        ctx = head_contexts[key] = _context(blocks[head.section][head.block], head)
        is_explained, long_form = _explained(engine, ctx, head,
                                             ctx.text[head.start:head.end])
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
        ctx = _context(blocks[occ.section][occ.block], occ)
        if _explained(engine, ctx, occ, ctx.text[occ.start:occ.end])[0]:
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
            t.first = _source_offset(block, head.start)
            ctx = head_contexts[key] if heads[key] is head else _context(block, head)
            append_finding(_finding(engine, document, section_id, block, ctx, head,
                                    ctx.text[head.start:head.end], explained[key],
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


def _source_offset(block: Block, index: int) -> int:
    """Return ``block.source_offset(index)``, without its bisection for a block with
    one anchor or none (most blocks)."""
    anchors = block.anchors
    if not anchors:
        return block.start + index
    if len(anchors) == 1:  # bisection would pick the one anchor whatever the index
        text_index, source = anchors[0]
        return source + (index - text_index)
    return block.source_offset(index)


def _finding(engine: _Engine, document: Document, section_id: str, block: Block,
             ctx: _Context, occ: _Occ, match: str, explained: bool, later: bool,
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
    sentence = ctx.text[ctx.s0:ctx.s1] if ctx.s0 <= occ.start < ctx.s1 else ""
    # every field, in ``Finding`` order, built with ``tuple.__new__``: the named tuple's
    # own ``__new__`` is a Python-level call (tests/test_jargon_fast_paths.py checks
    # that the fields are all given)
    return _new_finding(Finding, (
        rule_id, "suggestion" if explained else "warning", message, document.id,
        section_id, start, _source_offset(block, occ.end - 1) + 1, match, sentence,
        suggestion, value, threshold, s.sources[detector], s.informed_by[detector]))


_new_finding = tuple.__new__

