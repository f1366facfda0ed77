"""The loader's fast paths agree with the plain rules they stand in for.

``audit.language`` finds words with an ASCII pattern when the text has no letter
outside ASCII, and counts function words from the distinct words of a post. The plain
rule (``rules/language.yml``, described in ``describe_language``) is written out below
as the reference; the properties pin the fast code to it on fixed examples
(``derandomize``) so that CI never fails on a newly drawn input.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import language
from audit.language import LanguageGuess, describe_language, load_language_rules

FIXED = settings(max_examples=1500, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------ the plain reference rule
_PLAIN_WORD = re.compile(r"[^\W\d_]+")


def _plain_describe(text: str) -> LanguageGuess:
    """The language rule as its docstring states it: every word tested per language."""
    rules = load_language_rules()
    words = _PLAIN_WORD.findall(text.casefold())
    if not words:
        return LanguageGuess("unknown", 0, {})
    hits = {code: sum(1 for word in words if word in vocabulary)
            for code, vocabulary in rules.function_words.items()}
    shares = {code: count / len(words) for code, count in hits.items()}
    best = sorted(hits, key=lambda code: (-hits[code], code))[0]
    runner_up = max([count for code, count in hits.items() if code != best], default=0)
    decided = (len(words) >= rules.min_words and shares[best] >= rules.min_share
               and hits[best] >= rules.min_margin * runner_up)
    return LanguageGuess(best if decided else "unknown", len(words), shares)


# ------------------------------------------------------ inputs
#: Function words of every language, so that drawn texts reach each decision.
_FUNCTION_WORDS = sorted(set().union(*load_language_rules().function_words.values()))
#: Characters where the ASCII path could go wrong: letters that case-fold to ASCII
#: (the Kelvin sign, sharp s, dotted capital I), accented and non-Latin letters, digits
#: and numerals that are not ASCII (superscripts, fractions, Arabic-Indic digits),
#: curly quotes, dashes and the underscore.
_AWKWARD = list("\u212a\u00df\u0130\u00e9\u00f1\u00e7\u00fc\u65e5\u0436"
                "\u00b2\u00bd\u0663\u2019\u2014\u2013_'-0 9\u00c5\u00c9\u017f\ufb01")
_PIECES = st.one_of(st.sampled_from(_FUNCTION_WORDS), st.sampled_from(_AWKWARD),
                    st.sampled_from(["The", "THE", "Kidney", " ", ", ", ". "]),
                    st.text(max_size=4))


@st.composite
def _texts(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(_PIECES, max_size=60)))


@FIXED
@given(_texts())
def test_words_are_the_plain_pattern(text):
    folded = text.casefold()
    assert language._words(folded) == _PLAIN_WORD.findall(folded)


@FIXED
@given(_texts())
def test_describe_language_is_the_plain_rule(text):
    assert describe_language(text) == _plain_describe(text)


@pytest.mark.parametrize("text", [
    "",
    "The doctor \u2014 and the nurse \u2019 will see you",  # non-letters outside ASCII
    "Kelvin \u212a and STRASSE stra\u00dfe",  # letters that case-fold to ASCII
    # letters and numerals outside ASCII
    "caf\u00e9 na\u00efve \u00bdcup x\u00b2 the and of",
    "El tratamiento depende del tipo y de la etapa del c\u00e1ncer y de la salud",
])
def test_named_examples_follow_the_plain_rule(text):
    folded = text.casefold()
    assert language._words(folded) == _PLAIN_WORD.findall(folded)
    assert describe_language(text) == _plain_describe(text)
