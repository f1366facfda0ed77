"""Tell which language a post is written in, without any dependency.

The English readability formulas (Flesch, SMOG, Dale-Chall, ...) only mean something
for English text. :func:`detect_language` counts, for each language in
``rules/language.yml``, how many of the text's words are among that language's most
frequent function words (articles, pronouns, prepositions, conjunctions, common verb
forms). Function words make up a third to a half of running text in every one of these
languages, and they differ between them, so the shares separate the languages well
once a text has a dozen words or so.

The loader stores the result in ``Document.metadata["language"]`` (unless the front
matter declares ``language:``); the pipeline reports a post whose language is not
``"en"`` as not English instead of scoring it with English formulas.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .rules import Field, RuleError, check_fields, read_rule_file

__all__ = ["LANGUAGE_CODE", "LanguageGuess", "LanguageRules", "describe_language",
           "detect_language", "load_language_rules"]

LANGUAGE_FILE = "language.yml"
#: What ``detect_language`` returns when it cannot tell.
UNKNOWN = "unknown"
#: A language code as written in rule data and front matter (ISO 639-1 or -3).
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
#: A word for the language check: a run of letters (digits and apostrophes split words,
#: so French "l'hôpital" gives "l" and "hôpital").
_WORD = re.compile(r"[^\W\d_]+")
#: Every ASCII character but a letter to a space (see :func:`_words`).
_SPACE_FOR_NON_LETTER = str.maketrans({code: " " for code in range(128)
                                       if not chr(code).isalpha()})
#: Characters outside ASCII, to check that none of them is a letter.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class LanguageRules:
    """The thresholds and word lists of ``rules/language.yml``.

    Attributes
    ----------
    min_words : int
        Fewer words than this: too short to tell.
    min_share : float
        Least share of the words that must be the winner's function words.
    min_margin : float
        Least ratio of the winner's function-word count to the runner-up's.
    function_words : dict of str to frozenset of str
        Language code to its function words, lower case.
    """

    min_words: int
    min_share: float
    min_margin: float
    function_words: dict[str, frozenset[str]]


@dataclass(frozen=True)
class LanguageGuess:
    """The language found and the evidence for it.

    ``shares`` maps each language code to the share of the words that are its function
    words (empty when the text has no words).
    """

    code: str
    words: int
    shares: dict[str, float]


@cache
def load_language_rules() -> LanguageRules:
    """Load and validate ``rules/language.yml``."""
    data = read_rule_file(LANGUAGE_FILE)
    check_fields(data, {"id": Field(str), "version": Field(int), "min_words": Field(int),
                        "min_share": Field((int, float)), "min_margin": Field((int, float)),
                        "function_words": Field(dict)}, LANGUAGE_FILE)
    words: dict[str, frozenset[str]] = {}
    for code, text in sorted(data["function_words"].items()):
        if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code) or code == "unk":
            raise RuleError(LANGUAGE_FILE, f"function_words.{code}",
                            "must be a lower-case two- or three-letter language code")
        if not isinstance(text, str) or not text.split():
            raise RuleError(LANGUAGE_FILE, f"function_words.{code}",
                            "must be words separated by spaces")
        words[code] = frozenset(text.split())
    if "en" not in words:
        raise RuleError(LANGUAGE_FILE, "function_words", "must list English (en)")
    return LanguageRules(min_words=data["min_words"], min_share=float(data["min_share"]),
                         min_margin=float(data["min_margin"]), function_words=words)


def describe_language(text: str, rules: LanguageRules | None = None) -> LanguageGuess:
    """Find the language of ``text`` and return it with the shares that decided it.

    Parameters
    ----------
    text : str
        Plain text (title, headings and body of a post).
    rules : LanguageRules, optional
        Defaults to ``rules/language.yml``.

    Returns
    -------
    LanguageGuess
        ``code`` is a language code of the rules, or ``"unknown"``.

    Notes
    -----
    With :math:`n` words and :math:`h_L` of them among language :math:`L`'s function
    words, the share is :math:`s_L = h_L / n`. The language with the highest share wins
    (ties go to the code that sorts first) if :math:`n \\ge` ``min_words``,
    :math:`s_L \\ge` ``min_share`` and :math:`h_L \\ge` ``min_margin`` times the
    runner-up's count; otherwise the answer is ``"unknown"`` (too short, a language with
    no list, or two languages mixed).
    """
    rules = rules or load_language_rules()
    words = _words(text.casefold())
    if not words:
        return LanguageGuess(UNKNOWN, 0, {})
    hits = _hits(words, rules.function_words)
    shares = {code: count / len(words) for code, count in hits.items()}
    ranked = sorted(hits, key=lambda code: (-hits[code], code))
    best = ranked[0]
    runner_up = hits[ranked[1]] if len(ranked) > 1 else 0
    decided = (len(words) >= rules.min_words and shares[best] >= rules.min_share
               and hits[best] >= rules.min_margin * runner_up)
    return LanguageGuess(best if decided else UNKNOWN, len(words), shares)


def _words(folded: str) -> list[str]:
    """``_WORD.findall(folded)`` of case-folded text, without the regex where it can.

    When no character outside ASCII is a letter (the usual post: its only such
    characters are curly quotes and dashes), the letters of ``folded`` are exactly
    ``a`` to ``z`` (case folding leaves no capital). Those other characters then
    separate words as a space does; so, with every ASCII character but a letter made a
    space (``str.translate`` has a fast path for ASCII text), the words are what
    ``split`` gives. ``tests/test_load_fast_paths.py`` checks this against the regex.
    """
    if not folded.isascii():
        others = set(_NON_ASCII.findall(folded))
        if any(_WORD.match(char) for char in others):
            return _WORD.findall(folded)
        for char in others:
            folded = folded.replace(char, " ")
    return folded.translate(_SPACE_FOR_NON_LETTER).split()


def _hits(words: list[str],
          function_words: dict[str, frozenset[str]]) -> dict[str, int]:
    """How many of ``words`` are among each language's function words.

    The words are counted once, and each list is met with the distinct words (a few
    hundred in a post) rather than scanned once per language over every word.
    """
    counts = Counter(words)
    distinct = counts.keys()
    return {code: sum(map(counts.__getitem__, distinct & vocabulary))
            for code, vocabulary in function_words.items()}


def detect_language(text: str) -> str:
    """Return the language code of ``text`` (``"en"``, ``"es"``, ...) or ``"unknown"``.

    See :func:`describe_language` for the rule and ``rules/language.yml`` for the
    thresholds and word lists.
    """
    return describe_language(text).code
