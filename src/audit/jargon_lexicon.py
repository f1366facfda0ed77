"""The jargon lexicon and its matcher: rule files, tokens and multi-word forms.

Reads and checks ``rules/jargon-settings.yml`` and ``rules/jargon/*.yml`` (strictly: an
unknown key or a wrong type is an error naming the file), tokenises lexicon forms
exactly as text is tokenised, and builds the matcher that finds the longest listed
form starting at a word. Used by :mod:`audit.jargon_scan`; the public names are
re-exported by :mod:`audit.jargon`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from .rules import (
    Field,
    RuleError,
    check_fields,
    read_rule_file,
    rules_fingerprint,
    rules_root,
)
from .textprep import PLAIN_WORD_RE, tokenize

#: Detector names, in the order they are listed in reports.
DETECTORS: Final = ("lexicon", "uncommon", "acronym")

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
_NORMALISE: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})
#: Splits text into [gap, word, gap, ..., gap], words as readability counts them.
_SPLIT_RE: Final = re.compile(f"({PLAIN_WORD_RE.pattern})")
_ROMAN_RE: Final = re.compile(r"^(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})$")
_INITIAL_GAP_RE: Final = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*\s*[\"'\u201c\u2018(\[]*\s*$")
_STOPWORDS: Final = frozenset(
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


#: What :meth:`_Matcher.candidates` returns for a word: its one-word form (or None),
#: its longer forms (longest first), the keys their second words may have, and those
#: forms grouped by that key (each group in the order of the longer forms).
_Candidates = tuple[_Form | None, tuple[_Form, ...], frozenset[str],
                    dict[str, tuple[_Form, ...]]]


class _Matcher:
    """Longest-match lookup of lexicon and familiar forms, keyed by their first token."""

    def __init__(self, lexicon: Lexicon) -> None:
        explicit: dict[tuple[tuple[str, ...], tuple[str, ...]], _Form] = {}
        plurals: dict[tuple[tuple[str, ...], tuple[str, ...]], _Form] = {}
        sources: list[tuple[str, Term | None]] = [(word, None) for word in lexicon.familiar]
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
        #: :meth:`candidates` computed so far, by word (the scanner reads it first,
        #: and calls the method only on a miss).
        self.cached_candidates: dict[str, _Candidates] = {}
        #: Every key of a single-token familiar form (never uncommon, never an acronym).
        self.familiar_single = frozenset(
            f.keys[0] for f in forms.values() if f.term is None and len(f.keys) == 1)

    def candidates(self, word: str) -> _Candidates:
        """Return, for forms starting with ``word``: the one-word form (or None), the
        longer forms (longest first), the keys their second words may have and the
        longer forms by that key (see ``_Candidates``)."""
        cached = self.cached_candidates.get(word)
        if cached is not None:
            return cached
        found: list[_Form] = []
        for key in _word_keys(word):
            found.extend(self.first.get(key, ()))
        found = sorted(dict.fromkeys(found), key=lambda f: -len(f.keys))
        single = next((f for f in found if len(f.keys) == 1), None)
        multi = tuple(f for f in found if len(f.keys) > 1)
        if len(self.cached_candidates) > 1 << 16:
            self.cached_candidates.clear()
        by_second: dict[str, tuple[_Form, ...]] = {}
        for f in multi:
            by_second[f.keys[1]] = (*by_second.get(f.keys[1], ()), f)
        result = (single, multi, frozenset(by_second), by_second)
        self.cached_candidates[word] = result
        return result

    def match_longer(self, words: Sequence[str], gap_of: Callable[[int], str], k: int,
                     entry: _Candidates) -> _Form | None:
        """Return the longest form starting at word ``k``, or None (``gap_of(i)``: the
        text before word i), given the word's :meth:`candidates` ``entry``.

        Called only where a longer form may start (``entry[1]`` is not empty and word
        ``k + 1`` has a key of ``entry[2]``); elsewhere the longest form is the one-word
        form ``entry[0]``, and the scanner takes it without a call.
        """
        single, multi, seconds, by_second = entry
        n = len(words)
        keys_of = _word_keys
        # Only the forms whose second token word k + 1 has can match: a word that
        # starts many forms ("stage I" ... "stage IVB") is followed by one of them at
        # most, so its group is looked at, not every longer form.
        shared = seconds & keys_of(words[k + 1])
        if len(shared) == 1:
            (key,) = shared
            forms: Sequence[_Form] = by_second[key]
        else:  # several groups (or none): their forms in the longer forms' order
            forms = [f for f in multi if f.keys[1] in shared]
        for form in forms:
            keys = form.keys
            size = len(keys)
            if k + size > n:
                continue
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


_WORD_KEYS_LIMIT: Final = 1 << 16
#: Return every key under which a text word can match a form token (memoised).
_word_keys: Callable[[str], frozenset[str]] = _WordKeys().__getitem__


