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

For speed, :func:`cue_heads` also reads off the *heads* of a cue list: the letters a
word must start with for the list to match there ("goal(s)" -> "goal"). A sentence
none of whose words starts with a head (:func:`word_heads`) cannot match, so the
coverage check skips the regular expression (searching is its main cost).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import chain

__all__ = ["HEAD_LENGTH", "CueSyntaxError", "MAX_GAP_WORDS", "compile_cues", "cue_heads",
           "phrase_regex", "vocabulary_regex", "word_heads"]

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
           vocabulary_heads: Mapping[str, Heads] | None = None
           ) -> tuple[str, bool, bool, Heads]:
    """Return ``(regex body, is raw regex, ends with *, heads)`` for one phrase."""
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
    parser = _Parser(text, vocabularies, vocabulary_heads or {})
    body, heads = parser.sequence(top=True)
    if parser.pos != len(parser.text):
        raise CueSyntaxError(
            f"unexpected '{parser.text[parser.pos]}' at {parser.pos} in {phrase!r}")
    _check_compiles(body, phrase)
    if re.fullmatch(body, "", _FLAGS):
        raise CueSyntaxError(f"{phrase!r} can match empty text")
    return body, False, text.endswith("*"), heads


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

    Parameters
    ----------
    phrases : tuple of str
        The cue phrases of one list (as for :func:`compile_cues`).
    vocabularies : tuple of (str, str)
        ``(name, regex text)`` of each vocabulary a phrase may use.
    vocabulary_heads : tuple of (str, frozenset or None)
        ``(name, heads)`` of each vocabulary (from :func:`cue_heads` on its phrases).

    Returns
    -------
    frozenset of str or None
        Lower-case strings of letters and digits, each cut to :data:`HEAD_LENGTH`
        characters; None when a phrase's start cannot be told (an ``re:`` phrase, a
        phrase starting with "(letters)", a vocabulary without heads) or there are no
        phrases.

    Notes
    -----
    A bounded phrase matches only where a word starts (``(?<!\\w)``), and its first
    characters are then the literal letters or digits it starts with, in any case.
    So if no word of a text starts with a head (:func:`word_heads`), the list's
    regex finds nothing in it. Only ASCII letters and digits make heads, because
    :func:`word_heads` folds case exactly as the regex engine does for those.
    """
    vocab, known_heads = dict(vocabularies), dict(vocabulary_heads)
    found = [_parts(phrase, vocab, known_heads)[3] for phrase in phrases]
    heads = _union(found) if found else None
    return None if heads is None else frozenset(head[:HEAD_LENGTH] for head in heads)


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

    Besides the regex text, every reading method returns the heads of what it read
    (see :func:`cue_heads`): the lower-case letters and digits every match starts
    with, or None when that cannot be told.
    """

    def __init__(self, text: str, vocabularies: Mapping[str, str],
                 vocabulary_heads: Mapping[str, Heads] | None = None) -> None:
        self.text = text
        self.pos = 0
        self.vocabularies = vocabularies
        self.vocabulary_heads = vocabulary_heads or {}

    def error(self, message: str) -> CueSyntaxError:
        """Build an error that says where in the phrase it happened."""
        return CueSyntaxError(f"{message} at {self.pos} in {self.text!r}")

    def peek(self) -> str:
        """Return the next character, or "" at the end."""
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def sequence(self, *, top: bool = False) -> tuple[str, Heads]:
        """Read space-separated units up to ``|``, ``]`` or the end."""
        units: list[tuple[str | None, bool]] = []  # (regex or None for "...", optional)
        unit_heads: list[Heads] = []
        while True:
            while self.peek() == " " or self.peek() == "-":
                self.pos += 1
            char = self.peek()
            if not char or char in "|]":
                if char and top:
                    raise self.error(f"unbalanced '{char}'")
                break
            regex, optional, heads = self.unit()
            units.append((regex, optional))
            unit_heads.append(heads)
        if not units:
            raise self.error("empty phrase or alternative")
        return _join(units), _sequence_heads(units, unit_heads)

    def unit(self) -> tuple[str | None, bool, Heads]:
        """Read one unit: ``...`` or atoms glued together up to a space or hyphen."""
        if self.text.startswith("...", self.pos):
            self.pos += 3
            return (None, False, None)
        atoms: list[str] = []
        optional_group = False
        # heads: the letters and digits the unit starts with, or what its first atom
        # (a group or a vocabulary) starts with; None once the start is unknown
        lead = ""
        heads: Heads = None
        lead_open = True  # still reading the unit's leading letters and digits
        while True:
            char = self.peek()
            if not char or char in " -|]":
                break
            first = not atoms
            if char == "[":
                self.pos += 1
                group, group_heads = self.alternatives()
                if self.peek() == "?":
                    self.pos += 1
                    if not atoms and (not self.peek() or self.peek() in " -|]"):
                        optional_group = True
                        atoms.append(f"(?:{group})")
                    else:
                        atoms.append(f"(?:{group})?")
                        group_heads = None  # may be left out inside a word
                else:
                    atoms.append(f"(?:{group})")
                if first:
                    heads = group_heads
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
                    heads = self.vocabulary_heads.get(name)
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
            heads = frozenset((lead,))
        return ("".join(atoms), optional_group, heads)

    def alternatives(self) -> tuple[str, Heads]:
        """Read ``a|b|c]`` (the ``[`` already read)."""
        options = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence())
        if self.peek() != "]":
            raise self.error("'[' without a closing ']'")
        self.pos += 1
        return "|".join(regex for regex, _ in options), _union(heads for _, heads in options)


def _union(parts: Iterable[Heads]) -> Heads:
    """The heads of alternatives: all of them, or None if any is unknown."""
    out: set[str] = set()
    for heads in parts:
        if heads is None:
            return None
        out |= heads
    return frozenset(out)


def _sequence_heads(units: list[tuple[str | None, bool]], heads: list[Heads]) -> Heads:
    """The heads of a sequence: those of its first unit, and of the next while the
    units before it are optional (an optional unit may be left out, with its space)."""
    found: list[Heads] = []
    for (_, optional), unit_heads in zip(units, heads):
        found.append(unit_heads)
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
