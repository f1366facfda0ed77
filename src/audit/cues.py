"""Compile the readable cue phrases of the topic rules into regular expressions.

The mini-syntax (documented with examples in ``docs/coverage.md``, "Cue syntax"):

``goal(s)``
    Letters in parentheses glued to a word are optional: goal, goals.
    ``diarrh(o)ea`` matches diarrhea and diarrhoea.
``[control|slow|shrink]``
    One of the alternatives; each may be several words and use this syntax again.
    Glued to a word it works inside it: ``stud[y|ies]``.
``[your|the]?``
    A bracket group followed by ``?`` may be left out (with its space).
``palliat*``
    ``*`` stands for the rest of a word: palliative, palliation.
``report ... to``
    ``...`` between two words allows up to six words in between.
``<care_team>``
    A named vocabulary from ``rules/topics/shared.yml`` (or ``<option>``: any
    treatment option of ``rules/topics/options.yml``).
``decision making``
    A space (or a hyphen) matches any run of spaces and hyphens, so this also
    matches "decision-making"; ``'`` matches both straight and curly apostrophes.
``re:<regex>``
    An escape hatch: the rest is a Python regular expression, used as written.

Matching ignores case. A phrase matches whole words only: it cannot start or end
inside a word (except where ``*`` lets it run on). So a phrase must start with a
letter, a digit, ``[``, ``<`` or ``(`` and end with a letter, a digit, ``]``, ``>`` or ``*``;
anything else (punctuation at either end) needs ``re:``.

For speed, :func:`cue_starts` also reads off where a match of a cue list can start:
at a word that starts with, or is, one of its *starts* ("goal(s)" -> a word starting
with "goal"; "[your|the]? care team" -> the word "your", "the" or "care").
:func:`start_patterns` splits the list's regex by start, so the coverage check
(``cuescan``) tries a small regex only at the words of a document that can start a
match, instead of searching every sentence with the whole list (searching was its
main cost). :func:`cue_heads` and :func:`word_heads` give the older, coarser prefilter
(starts cut to :data:`HEAD_LENGTH` letters). For lists whose starts cannot be told
(``re:`` phrases), :func:`required_literals` reads off text one of which every match
contains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import chain
from typing import Any

try:  # private modules of the standard library: the regex parser and its op codes
    import re._constants as _sre
    import re._parser as _sre_parse
except (ImportError, AttributeError):  # moved or renamed in some Python: no shortcuts
    _sre = None  # type: ignore[assignment]
    _sre_parse = None  # type: ignore[assignment]

#: One item of a regex parsed by ``_sre_parse.parse``: an op code and its operand, whose
#: type depends on the op (a code point, a sub-pattern, a tuple holding some, ...).
_ParsedItem = tuple[object, Any]

__all__ = ["HEAD_LENGTH", "CueSyntaxError", "MAX_GAP_WORDS", "Start", "StartPatterns",
           "Starts", "compile_cues", "compiled", "cue_heads", "cue_starts", "fold_case",
           "heads_of", "phrase_regex", "required_literals", "start_patterns", "token_local",
           "vocabulary_regex", "word_heads"]

#: How many words ``...`` may skip.
MAX_GAP_WORDS = 6

_SEP = r"[\s\-\u2010\u2011]+"
_GAP = rf"(?:\S+{_SEP}){{0,{MAX_GAP_WORDS}}}"
_START = r"(?<!\w)"
_END = r"(?!\w)"
_NAME = re.compile(r"[a-z][a-z_]*")
_FLAGS = re.IGNORECASE

#: Heads are compared on at most this many leading characters of a word.
HEAD_LENGTH = 4
#: The heads of a phrase or list: lower-case letters and digits every match starts
#: with, or None when that cannot be told (``re:`` phrases, "(re)treat", ...).
Heads = frozenset[str] | None
#: Where a match can start: ``(letters, whole)``. A match starts at the start of a word
#: (a run of ``\w``) that, case-folded (:func:`fold_case`), is ``letters`` when
#: ``whole`` is true and else starts with ``letters`` (lower-case ASCII letters and
#: digits).
Start = tuple[str, bool]
#: The starts of a phrase or list, or None when they cannot be told.
Starts = frozenset[Start] | None


class CueSyntaxError(ValueError):
    """A cue phrase does not follow the mini-syntax; the message says where."""


def phrase_regex(phrase: str, vocabularies: Mapping[str, str] | None = None) -> str:
    """Return the regular expression (as text) for one cue phrase.

    Parameters
    ----------
    phrase : str
        A phrase in the mini-syntax, or ``re:`` followed by a regular expression.
    vocabularies : mapping of str to str, optional
        Regex text of each named vocabulary that ``<name>`` may refer to (as returned
        by :func:`vocabulary_regex`).

    Raises
    ------
    CueSyntaxError
        On unbalanced brackets, an empty alternative, an unknown vocabulary, a phrase
        that starts or ends with punctuation, or a regular expression that does not
        compile.
    """
    body, raw, open_end, _ = _parts(phrase, vocabularies or {})
    return body if raw else _bounded(body, open_end)


def vocabulary_regex(phrases: list[str] | tuple[str, ...],
                     vocabularies: Mapping[str, str] | None = None) -> str:
    """Return the regex text of a named vocabulary: its phrases as one alternation.

    Phrases are left without word boundaries: the phrase that uses ``<name>``
    supplies them.
    """
    parts = []
    for phrase in phrases:
        parts.append(_parts(phrase, vocabularies or {})[0])
    return "|".join(f"(?:{part})" for part in parts)


def _bounded(body: str, open_end: bool) -> str:
    """Wrap a phrase body in word boundaries (none at the end after ``*``)."""
    return f"{_START}(?:{body}){'' if open_end else _END}"


def _parts(phrase: str, vocabularies: Mapping[str, str],
           vocabulary_starts: Mapping[str, Starts] | None = None
           ) -> tuple[str, bool, bool, Starts]:
    """Return ``(regex body, is raw regex, ends with *, starts)`` for one phrase."""
    if not isinstance(phrase, str) or not phrase.strip():
        raise CueSyntaxError("a cue must be a non-empty string")
    if phrase.startswith("re:"):
        body = phrase[3:]
        _check_compiles(body, phrase)
        return body, True, False, None
    text = phrase.strip()
    if not (text[0].isalnum() or text[0] in "[<("):
        raise CueSyntaxError(f"{phrase!r} must start with a letter, a digit, '[', '<' or '(' "
                             "(use re: for other patterns)")
    if not (text[-1].isalnum() or text[-1] in "]>)*?"):
        raise CueSyntaxError(f"{phrase!r} must end with a letter, a digit, ']', '>' or '*' "
                             "(use re: for other patterns)")
    parser = _Parser(text, vocabularies, vocabulary_starts or {})
    body, starts = parser.sequence(top=True)
    if parser.pos != len(parser.text):
        raise CueSyntaxError(
            f"unexpected '{parser.text[parser.pos]}' at {parser.pos} in {phrase!r}")
    _check_compiles(body, phrase)
    if re.fullmatch(body, "", _FLAGS):
        raise CueSyntaxError(f"{phrase!r} can match empty text")
    return body, False, text.endswith("*"), starts


def _anchor(phrase: str, vocabularies: Mapping[str, str],
            vocabulary_starts: Mapping[str, Starts]) -> tuple[Starts, bool]:
    """Return the starts of the unit to find a (non-raw) phrase by, and whether that
    unit begins every match.

    Every match contains each unit that is neither optional nor "...", and such a
    unit after the first begins a word (a separator is before it). The first unit is
    kept unless it is a common word ("the point of" is looked for where "point"
    occurs, not at every "the"): a match can then be tried right at its word, where
    for a later unit the sentence has to be searched.
    """
    parser = _Parser(phrase.strip(), vocabularies, vocabulary_starts)
    parser.sequence(top=True)
    candidates = [(index, starts) for index, (skip, starts) in enumerate(parser.top_units)
                  if not skip and starts is not None]
    if not candidates:
        return None, False
    index, starts = max(candidates, key=lambda candidate: (
        _uncommon(candidate[1]), candidate[0] == 0, _shortest(candidate[1])))
    return starts, index == 0  # unit 0 is not optional: it begins every match


#: Words too common to look for a phrase by (when it has a rarer unit).
_COMMON_WORDS = frozenset(
    "a about an and are as at be been but by can could do does for from has have how "
    "if in into is it its may might more most no not of on or our should so some such "
    "than that the their them then there these they this those to us was we were what "
    "when where which who why will with would you your".split())


def _uncommon(starts: frozenset[Start]) -> bool:
    """Whether none of a unit's starts is a common word."""
    return not any(letters in _COMMON_WORDS for letters, _ in starts)


def _shortest(starts: frozenset[Start]) -> int:
    """The length of a unit's shortest start (longer ones are found less often)."""
    return min(len(letters) for letters, _ in starts)


def _check_compiles(pattern: str, phrase: str) -> None:
    """Raise CueSyntaxError if ``pattern`` is not a valid regular expression."""
    try:
        re.compile(pattern, _FLAGS)
    except re.error as error:
        raise CueSyntaxError(f"{phrase!r} does not compile: {error}") from error


@lru_cache(maxsize=None)
def _compile(pattern: str) -> re.Pattern[str]:
    """Compile (once) a combined cue pattern."""
    return re.compile(pattern, _FLAGS)


def compile_cues(phrases: tuple[str, ...], vocabularies: tuple[tuple[str, str], ...] = ()
                 ) -> re.Pattern[str] | None:
    """Compile phrases into one alternation (None for no phrases); cached.

    ``vocabularies`` is a tuple of ``(name, regex text)`` pairs so the call can be
    cached. Each phrase is checked on its own first, so an error names the phrase.
    The word boundary before the phrases is shared, which keeps the search fast.
    """
    if not phrases:
        return None
    vocab = dict(vocabularies)
    bounded, raw = [], []
    for phrase in phrases:
        body, is_raw, open_end, _ = _parts(phrase, vocab)
        if is_raw:
            raw.append(f"(?:{body})")
        else:
            bounded.append(f"{body}{'' if open_end else _END}")
    parts = ([f"{_START}(?:{'|'.join(bounded)})"] if bounded else []) + raw
    try:
        return _compile("|".join(parts))
    except re.error as error:  # e.g. a group name used by two raw regexes
        raise CueSyntaxError(f"the cues do not compile together: {error}") from error


def cue_heads(phrases: tuple[str, ...],
              vocabularies: tuple[tuple[str, str], ...] = (),
              vocabulary_heads: tuple[tuple[str, Heads], ...] = ()) -> Heads:
    """Return the heads of a cue list: every match starts a word with one of them.

    The parameters are those of :func:`cue_starts`, with each vocabulary's heads
    (from this function on its phrases) in place of its starts.

    Returns
    -------
    frozenset of str or None
        Lower-case strings of letters and digits, each cut to :data:`HEAD_LENGTH`
        characters; None when :func:`cue_starts` cannot tell where a match starts.

    Notes
    -----
    A bounded phrase matches only where a word starts (``(?<!\\w)``), and its first
    characters are then the literal letters or digits it starts with, in any case.
    So if no word of a text starts with a head (:func:`word_heads`), the list's
    regex finds nothing in it. Only ASCII letters and digits make heads, because
    :func:`word_heads` folds case exactly as the regex engine does for those.
    """
    # a vocabulary's heads say only what its matches start with: starts, not words
    known = tuple((name, None if heads is None else frozenset((head, False) for head in heads))
                  for name, heads in vocabulary_heads)
    return heads_of(cue_starts(phrases, vocabularies, known))


def heads_of(starts: Starts) -> Heads:
    """Return the heads (:func:`cue_heads`) that ``starts`` (:func:`cue_starts`) imply."""
    return None if starts is None else frozenset(letters[:HEAD_LENGTH] for letters, _ in starts)


def cue_starts(phrases: tuple[str, ...],
               vocabularies: tuple[tuple[str, str], ...] = (),
               vocabulary_starts: tuple[tuple[str, Starts], ...] = ()) -> Starts:
    """Return the starts of a cue list: every match starts at a word they describe.

    Parameters
    ----------
    phrases : tuple of str
        The cue phrases of one list (as for :func:`compile_cues`).
    vocabularies : tuple of (str, str)
        ``(name, regex text)`` of each vocabulary a phrase may use.
    vocabulary_starts : tuple of (str, frozenset or None)
        ``(name, starts)`` of each vocabulary (from :func:`cue_starts` on its phrases).

    Returns
    -------
    frozenset of (str, bool) or None
        The :data:`Start` pairs; None when a phrase's start cannot be told (an ``re:``
        phrase, a phrase starting with "(letters)", a vocabulary without starts) or
        there are no phrases.

    Notes
    -----
    A bounded phrase matches only where a word starts (``(?<!\\w)``), and its first
    characters are then the literal letters or digits it starts with, in any case.
    When those letters are a whole unit of the phrase ("care" in "care team"), the
    regex puts a separator or ``(?!\\w)`` after them, so the word is exactly that.
    Only ASCII letters and digits make starts, because :func:`fold_case` folds case
    exactly as the regex engine does for those.
    """
    vocab, known = dict(vocabularies), dict(vocabulary_starts)
    found = [_parts(phrase, vocab, known)[3] for phrase in phrases]
    return _union(found) if found else None


#: The patterns to try where a word of one start occurs: the regex text (or None) of the
#: phrases found by it (see :func:`start_patterns`) whose matches stay inside a token (no
#: white space), of the other phrases that begin there, and of those that do not.
StartPatterns = tuple[Start, str | None, str | None, str | None]


def start_patterns(phrases: tuple[str, ...],
                   vocabularies: tuple[tuple[str, str], ...] = (),
                   vocabulary_starts: tuple[tuple[str, Starts], ...] = ()
                   ) -> tuple[StartPatterns, ...] | None:
    """Split a cue list by the words its phrases are found by.

    Each phrase is found by one of its units (the least common looking one that every
    match has: "point" in "the point of"), and so by the starts of that unit.

    Returns
    -------
    tuple of ((str, bool), str or None, str or None, str or None) or None
        ``(start, in-token regex, at-word regex, in-sentence regex)``, sorted by start.
        Each regex is ``(?<!\\w)(?:...)`` over phrases found by that start (a phrase
        whose unit has several starts is in each), or None when there are none:

        * in-token: phrases of one unit that never match white space
          (:func:`token_local`: "fatigue", "surger[y|ies]");
        * at-word: other phrases found by their first unit ("side effects");
        * in-sentence: phrases found by a later unit ("the point of" by "point").

        None for the whole list when :func:`cue_starts` is None or the list's regex has
        groups (a raw regex inside a vocabulary might refer to one, so the list is not
        split).

    Notes
    -----
    The list's regex (:func:`compile_cues`) is ``(?<!\\w)(?:p1|p2|...)``: it matches at
    a position exactly when one of the phrases does. So it matches in a text exactly
    when, for some word of a start, the start's at-word regex matches at the word
    (``pattern.match(text, word_offset)``; the lookbehind sees the text before the
    offset) or its in-sentence regex matches anywhere. An in-token regex matches at
    the word exactly when it matches the white-space delimited token around the word
    at the word's offset in the token, so that answer can be kept per token.
    """
    regex = compile_cues(phrases, vocabularies)
    if regex is None or regex.groups:
        return None
    vocab, known = dict(vocabularies), dict(vocabulary_starts)
    by_start: dict[Start, tuple[list[str], list[str], list[str]]] = {}
    for phrase in phrases:
        body, is_raw, open_end, starts = _parts(phrase, vocab, known)
        if is_raw or starts is None:
            return None
        bounded = f"{body}{'' if open_end else _END}"
        anchor, at_start = _anchor(phrase, vocab, known)
        if anchor is None:  # cannot happen when starts is known; keep the first unit
            anchor, at_start = starts, True
        kind = (0 if token_local(f"{_START}(?:{bounded})") else 1) if at_start else 2
        for start in anchor:
            by_start.setdefault(start, ([], [], []))[kind].append(bounded)
    return tuple((start, _alternation(in_token), _alternation(at_word),
                  _alternation(in_sentence))
                 for start, (in_token, at_word, in_sentence) in sorted(by_start.items()))


def _alternation(bodies: list[str]) -> str | None:
    """The regex text of phrase bodies as one bounded alternation (None for none)."""
    return f"{_START}(?:{'|'.join(bodies)})" if bodies else None


try:
    #: Zero-width assertions that see the same at the edge of a token as beside the
    #: white space around it: word boundaries (not ``^``, ``$``, ``\\A`` or ``\\Z``).
    _TOKEN_AT = frozenset((_sre.AT_BOUNDARY, _sre.AT_NON_BOUNDARY, _sre.AT_UNI_BOUNDARY,
                           _sre.AT_UNI_NON_BOUNDARY, _sre.AT_LOC_BOUNDARY,
                           _sre.AT_LOC_NON_BOUNDARY))
    #: Character classes that hold no white space.
    _TOKEN_CATEGORIES = frozenset((_sre.CATEGORY_WORD, _sre.CATEGORY_DIGIT,
                                   _sre.CATEGORY_NOT_SPACE))
except AttributeError:  # no op codes (or renamed ones): nothing is known to be local
    _TOKEN_AT = _TOKEN_CATEGORIES = frozenset()


@lru_cache(maxsize=None)
def token_local(pattern: str) -> bool:
    """Whether ``pattern`` (with the cue flags) only ever matches or looks at non-space text.

    Then a match in a text lies inside one white-space delimited token (``str.split``),
    and the pattern matches the text at a position exactly when it matches that token
    at the same place in it: beside a token there is only white space or the end of
    the text, and ``(?<!\\w)``, ``(?!\\w)`` and ``\\b`` see both the same way. False
    when unsure (or when the regex parser's internals are missing or not as expected:
    then always False, which only turns off a shortcut of the scan).
    """
    if _sre_parse is None:
        return False
    try:
        return _local(_sre_parse.parse(pattern, _FLAGS))
    except Exception:  # noqa: BLE001 - a private module: "unsure" rather than a crash
        return False


def _local(items: Iterable[_ParsedItem]) -> bool:
    """:func:`token_local` for a parsed sequence."""
    for op, value in items:
        if op is _sre.LITERAL:
            ok = not chr(value).isspace()
        elif op is _sre.IN:
            ok = all(_local_class_item(item_op, item) for item_op, item in value)
        elif op is _sre.AT:
            ok = value in _TOKEN_AT
        elif op is _sre.BRANCH:
            ok = all(_local(alternative) for alternative in value[1])
        elif op is _sre.SUBPATTERN:
            ok = _local(value[3])
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            ok = _local(value[1])
        elif op is _sre.ATOMIC_GROUP:
            ok = _local(value)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            ok = _local(value[2])
        else:  # ANY, NOT_LITERAL, group references, ...: may match white space
            ok = False
        if not ok:
            return False
    return True


def _local_class_item(op: object, value: Any) -> bool:
    """Whether one item of a character class matches no white space."""
    if op is _sre.LITERAL:
        return not chr(value).isspace()
    if op is _sre.RANGE:
        low, high = value
        return not any(chr(code).isspace() for code in range(low, high + 1))
    if op is _sre.CATEGORY:
        return value in _TOKEN_CATEGORIES
    return False  # NEGATE (a negated class holds white space), ...


def compiled(pattern: str) -> re.Pattern[str]:
    """Compile (once per process) a cue pattern with the cue flags (ignore case)."""
    return _compile(pattern)


def fold_case(text: str) -> str:
    """Fold case as the regex engine's ignore-case matching folds ASCII letters.

    Every character keeps its length and stays a word character or not, so offsets
    and word boundaries of the result are those of ``text``; a character that matches
    an ASCII letter or digit case-insensitively becomes that letter in lower case.

    Notes
    -----
    ``str.lower`` does exactly that, except for three letters: it lengthens dotted
    capital I (U+0130) and leaves dotless i (U+0131) and long s (U+017F), which the
    engine matches with "i" and "s". Those are replaced first (checked over all of
    Unicode by the tests).
    """
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        text = text.translate(_ODD_LETTERS)
    return text.lower()


_ODD_LETTERS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
#: ASCII characters (folded) of a required literal; others end a literal run.
_ASCII = 128


@lru_cache(maxsize=None)
def required_literals(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Return texts one of which every match of ``regex`` contains, case-folded.

    A text in which none of them occurs (after :func:`fold_case`) has no match, so
    the search can be skipped. For lists whose starts cannot be told (``re:``
    phrases such as the URL and "Last reviewed 2024" patterns).

    Returns
    -------
    frozenset of str or None
        Non-empty runs of ASCII literal characters, lower-cased; None when no such set
        can be read off (or the regex parser's internals are missing or not as
        expected).
    """
    if _sre_parse is None:
        return None
    try:
        return _required(_sre_parse.parse(regex.pattern, regex.flags))
    except Exception:  # noqa: BLE001 - a private module: no prefilter rather than a crash
        return None


def _required(items: Iterable[_ParsedItem]) -> frozenset[str] | None:
    """Literals one of which every match of the parsed sequence ``items`` contains.

    Every item of a sequence matches, so the literals of any one item will do: runs
    of literal characters, a group's own literals, a branch's literals when each of
    its alternatives has some, a repeat's when it repeats at least once. The longest
    choice is kept (fewer texts contain it).
    """
    choices: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is _sre.LITERAL and value < _ASCII:
            run.append(chr(value).lower())
            continue
        if run:
            choices.append(frozenset(("".join(run),)))
            run = []
        found: frozenset[str] | None = None
        if op is _sre.SUBPATTERN:
            found = _required(value[3])
        elif op is _sre.ATOMIC_GROUP:
            found = _required(value)
        elif op is _sre.BRANCH:
            alternatives = [_required(alternative) for alternative in value[1]]
            known = [literals for literals in alternatives if literals]
            if len(known) == len(alternatives):
                found = frozenset(chain.from_iterable(known))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            if value[0] >= 1:
                found = _required(value[2])
        if found:
            choices.append(found)
    if run:
        choices.append(frozenset(("".join(run),)))
    if not choices:
        return None
    return max(choices, key=lambda choice: (min(map(len, choice)), -len(choice)))


#: Folds a text as case-insensitive matching folds ASCII letters: A-Z to a-z, and the
#: four other letters that match one (dotted and dotless I, long s, Kelvin sign).
#: Every character keeps its length and stays a word character, or not.
_HEAD_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
                            "\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
#: One match per word; its nested groups are the word's first HEAD_LENGTH, ..., 2 and 1
#: characters ("((((\w)\w?)\w?)\w?)" for 4), so findall does the slicing.
_WORD_PREFIXES = re.compile(r"(?<!\w)" + "(" * HEAD_LENGTH + r"\w)" + r"\w?)" * (HEAD_LENGTH - 1))


def word_heads(text: str) -> frozenset[str]:
    """Return the first 1 to :data:`HEAD_LENGTH` characters of every word of ``text``.

    Parameters
    ----------
    text : str
        A sentence.

    Returns
    -------
    frozenset of str
        The beginnings of its words (runs of word characters), folded as the regex
        engine folds case for ASCII letters and digits: a cue list whose heads
        (:func:`cue_heads`) are disjoint from these cannot match ``text``.
    """
    folded = text.lower() if text.isascii() else text.translate(_HEAD_FOLD)
    return frozenset(chain.from_iterable(_WORD_PREFIXES.findall(folded)))


class _Parser:
    """Recursive-descent reader of one phrase (see the module docstring).

    Besides the regex text, every reading method returns the starts of what it read
    (see :func:`cue_starts`): the lower-case letters and digits every match starts
    with, each with whether they are the whole word; None when that cannot be told.
    """

    def __init__(self, text: str, vocabularies: Mapping[str, str],
                 vocabulary_starts: Mapping[str, Starts] | None = None) -> None:
        self.text = text
        self.pos = 0
        self.vocabularies = vocabularies
        self.vocabulary_starts = vocabulary_starts or {}
        #: the units of the phrase as a whole (after ``sequence(top=True)``): whether
        #: each may be missing from a match (optional, or "..."), and its starts
        self.top_units: list[tuple[bool, Starts]] = []

    def error(self, message: str) -> CueSyntaxError:
        """Build an error that says where in the phrase it happened."""
        return CueSyntaxError(f"{message} at {self.pos} in {self.text!r}")

    def peek(self) -> str:
        """Return the next character, or "" at the end."""
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def sequence(self, *, top: bool = False) -> tuple[str, Starts]:
        """Read space-separated units up to ``|``, ``]`` or the end."""
        units: list[tuple[str | None, bool]] = []  # (regex or None for "...", optional)
        unit_starts: list[Starts] = []
        while True:
            while self.peek() == " " or self.peek() == "-":
                self.pos += 1
            char = self.peek()
            if not char or char in "|]":
                if char and top:
                    raise self.error(f"unbalanced '{char}'")
                break
            regex, optional, starts = self.unit()
            units.append((regex, optional))
            unit_starts.append(starts)
        if not units:
            raise self.error("empty phrase or alternative")
        if top:
            self.top_units = [(regex is None or optional, starts)
                              for (regex, optional), starts in zip(units, unit_starts)]
        return _join(units), _sequence_starts(units, unit_starts)

    def unit(self) -> tuple[str | None, bool, Starts]:
        """Read one unit: ``...`` or atoms glued together up to a space or hyphen.

        Whatever follows a unit is a separator, ``(?!\\w)``, or (in a group) what
        follows the group; so the unit's leading letters are a whole word when they
        are all of it, and a group's or vocabulary's starts stay whole words when it
        is all of the unit.
        """
        if self.text.startswith("...", self.pos):
            self.pos += 3
            return (None, False, None)
        atoms: list[str] = []
        optional_group = False
        # starts: the letters and digits the unit starts with, or what its first atom
        # (a group or a vocabulary) starts with; None once the start is unknown
        lead = ""
        starts: Starts = None
        lead_open = True  # still reading the unit's leading letters and digits
        while True:
            char = self.peek()
            if not char or char in " -|]":
                break
            first = not atoms
            if char == "[":
                self.pos += 1
                group, group_starts = self.alternatives()
                if self.peek() == "?":
                    self.pos += 1
                    if not atoms and (not self.peek() or self.peek() in " -|]"):
                        optional_group = True
                        atoms.append(f"(?:{group})")
                    else:
                        atoms.append(f"(?:{group})?")
                        group_starts = None  # may be left out inside a word
                else:
                    atoms.append(f"(?:{group})")
                if first:
                    starts = group_starts
            elif char == "(":
                end = self.text.find(")", self.pos)
                inner = self.text[self.pos + 1:end] if end > 0 else ""
                if end < 0 or not inner or not re.fullmatch(r"[\w'\u2019]+", inner):
                    raise self.error("'(' must hold letters and close with ')'")
                atoms.append(f"(?:{''.join(_literal(c) for c in inner)})?")
                self.pos = end + 1
            elif char == "<":
                end = self.text.find(">", self.pos)
                name = self.text[self.pos + 1:end] if end > 0 else ""
                if not _NAME.fullmatch(name):
                    raise self.error("'<' must hold a vocabulary name and close with '>'")
                if name not in self.vocabularies:
                    raise self.error(f"unknown vocabulary <{name}> (known: "
                                     f"{', '.join(sorted(self.vocabularies)) or 'none'})")
                atoms.append(f"(?:{self.vocabularies[name]})")
                self.pos = end + 1
                if first:
                    starts = self.vocabulary_starts.get(name)
            elif char == "*":
                atoms.append(r"\w*")
                self.pos += 1
            elif char in ")>?":
                raise self.error(f"unbalanced '{char}'")
            elif self.text.startswith("...", self.pos):
                raise self.error("'...' must stand between spaces")
            else:
                atoms.append(_literal(char))
                self.pos += 1
                if lead_open and char.isascii() and char.isalnum():
                    lead += char.lower()
                    continue
            lead_open = False
        if lead:
            starts = frozenset(((lead, lead_open),))  # whole when nothing follows it
        elif starts is not None and len(atoms) > 1:  # more of the word may follow
            starts = frozenset((letters, False) for letters, _ in starts)
        return ("".join(atoms), optional_group, starts)

    def alternatives(self) -> tuple[str, Starts]:
        """Read ``a|b|c]`` (the ``[`` already read)."""
        options = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence())
        if self.peek() != "]":
            raise self.error("'[' without a closing ']'")
        self.pos += 1
        return "|".join(regex for regex, _ in options), _union(starts for _, starts in options)


def _union(parts: Iterable[Starts]) -> Starts:
    """The starts of alternatives: all of them, or None if any is unknown."""
    out: set[Start] = set()
    for starts in parts:
        if starts is None:
            return None
        out |= starts
    return frozenset(out)


def _sequence_starts(units: list[tuple[str | None, bool]], starts: list[Starts]) -> Starts:
    """The starts of a sequence: those of its first unit, and of the next while the
    units before it are optional (an optional unit may be left out, with its space)."""
    found: list[Starts] = []
    for (_, optional), unit_starts in zip(units, starts):
        found.append(unit_starts)
        if not optional:
            return _union(found)
    return None


def _literal(char: str) -> str:
    """Return the regex for one literal character of a phrase."""
    if char in "'\u2019":
        return "['\u2019]"
    return re.escape(char)


def _join(units: list[tuple[str | None, bool]]) -> str:
    """Join units with separators; an optional unit takes its separator with it."""
    out = ""
    previous = False  # something that needs a separator before the next unit
    for index, (regex, optional) in enumerate(units):
        if regex is None:
            if index == 0 or index == len(units) - 1:
                raise CueSyntaxError("'...' must stand between two words")
            out += _SEP + _GAP
            previous = False
            continue
        if optional:
            out += f"(?:{_SEP}{regex})?" if previous else f"(?:{regex}{_SEP})?"
            continue
        out += (_SEP if previous else "") + regex
        previous = True
    return out
