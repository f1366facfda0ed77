"""The loader's fast paths agree with the plain rules they stand in for.

``audit.language`` finds words with an ASCII pattern when the text has no letter
outside ASCII, and counts function words from the distinct words of a post. The plain
rule (``rules/language.yml``, described in ``describe_language``) is written out below
as the reference. ``audit.sections`` builds the text of a block of plain lines without
its text builder; the builder is the reference there. The properties pin the fast code
to the references on fixed examples (``derandomize``) so that CI never fails on a newly
drawn input.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import language, sections
from audit.language import LanguageGuess, describe_language, load_language_rules
from audit.model import slugify

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


# ------------------------------------------------------ block text of plain lines
# ``sections._make_block`` builds the text of a block whose lines are all
# ``_is_plain`` directly (``_plain_text``); ``_built_text`` is the general builder.

def test_every_odd_space_is_unprintable():
    """``_is_plain`` relies on it: a printable line has no whitespace but spaces."""
    import sys

    odd = [chr(code) for code in range(sys.maxunicode + 1)
           if sections._ODD_SPACE.match(chr(code))]
    assert odd and not any(char.isprintable() for char in odd)


def test_is_plain_rejects_every_markup_character():
    assert all(sections._MARKUP_CHAR.match(char) for char in sections._MARKUP_CHARS)
    assert not [chr(code) for code in range(0x10000)
                if sections._MARKUP_CHAR.match(chr(code))
                and chr(code) not in sections._MARKUP_CHARS]
    assert not any(sections._is_plain(f"a {char} b") for char in sections._MARKUP_CHARS)


_LINE_PIECES = st.sampled_from(["Kidney", "cancer", "the", " ", "  ", "\t", "\u00a0",
                                "\u00ad", "**", "_x_", "[a](b)", "\\*", "<br>", "`c`",
                                "!", "~", ":", "\u2019", "\u200b", "1.", "é", ""])
_LINES = st.lists(_LINE_PIECES, max_size=8).map("".join)


@FIXED
@given(st.lists(st.tuples(st.integers(0, 5000), _LINES), max_size=4))
def test_plain_text_is_the_built_text(pieces):
    for add in sections._PLAIN_ADDERS:
        built = sections._built_text(pieces, add)
        if all(sections._is_plain(line) for _, line in pieces):
            assert sections._plain_text(pieces) == built
        kind = "code" if add is sections._add_plain else "paragraph"
        block = sections._make_block(kind, pieces, 0, 1, add_line=add)
        assert (block.text, block.anchors) == built if block else not built[0]


# ------------------------------------------------------ chrome markers and lead-ins
def _plain_find_chrome(lines, headings):
    """The chrome rule as ``is_chrome_marker`` states it, on every line."""
    rules = sections.load_structure_rules()
    for offset, line in lines:
        if headings:
            line = sections._ATX.sub(lambda m: m.group("text") or "", line)
        if sections.is_chrome_marker(line, rules):
            return offset
    return None


def test_lower_casing_never_shortens_a_character():
    """``_find_chrome`` skips labels longer than every marker on this ground."""
    import sys

    assert all(len(chr(code).lower()) >= 1 for code in range(sys.maxunicode + 1))


_MARKER_LINES = st.one_of(
    st.sampled_from(sorted(sections.load_structure_rules().chrome_markers)).map(
        lambda marker: st.sampled_from([marker, marker.upper(), f"## {marker} ##",
                                        f"  {marker.title()}:  ", f"# {marker}:",
                                        f"{marker}s", f"\u0130{marker}", "####"])
    ).flatmap(lambda strategy: strategy),
    _LINES, st.text(max_size=40))


@FIXED
@given(st.lists(_MARKER_LINES, max_size=6), st.booleans())
def test_find_chrome_is_the_plain_rule(texts, headings):
    lines = list(enumerate(texts))
    rules = sections.load_structure_rules()
    assert (sections._find_chrome(lines, rules, headings=headings)
            == _plain_find_chrome(lines, headings))


_LEAD_IN_PIECES = ["Targeted", "Therapy", "A", "1", ":", ": ", " ", "x" * 30, ".",
                   "http://", "\n", "é", "Side effects"]
_LEAD_INS = st.lists(st.sampled_from(_LEAD_IN_PIECES), max_size=12).map("".join)


@FIXED
@given(st.one_of(_LEAD_INS, st.text(max_size=100)))
def test_lead_in_label_is_the_plain_rule(text):
    assert sections.lead_in_label(text) == sections._lead_in_match(text)


def test_lead_in_colon_at_the_last_place_the_pattern_allows():
    text = "A" + "b" * 80 + ": then the text"
    assert sections.lead_in_label(text) == sections._lead_in_match(text) == text[:81]
    longer = "A" + "b" * 81 + ": then the text"
    assert sections.lead_in_label(longer) is None


# ------------------------------------------------------ hidden HTML
_MASK_PIECES = st.sampled_from(["Text", " ", "\n", "\n\n", "   ", "<script>", "</script>",
                                "<!--", "-->", "```", "~~~", "<b>", "<", "`", "~", "é"])


@FIXED
@given(st.lists(_MASK_PIECES, max_size=20).map("".join), st.integers(0, 6))
def test_mask_hidden_html_is_the_line_rule(text, start):
    from audit.corpus import _mask_lines, mask_hidden_html

    start = min(start, len(text))
    assert mask_hidden_html(text, start) == _mask_lines(text, start)


# ------------------------------------------------------ slugs
def _plain_slug(text: str) -> str:
    """``slugify`` as its docstring states it: the ASCII letters and digits left after
    NFKD decomposition, lower-cased, in hyphen-joined runs (tested per character)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(ch.lower() if ch.isalnum() else " " for ch in ascii_text).split())


@FIXED
@given(_texts())
def test_slugify_is_the_per_character_rule(text):
    assert slugify(text) == _plain_slug(text)


@pytest.mark.parametrize(("text", "slug"), [
    ("The Goals of Treatment", "the-goals-of-treatment"),
    ("Caf\u00e9 & Cr\u00e8me \u2014 2nd Line", "cafe-creme-2nd-line"),
    ("PD-1/PD-L1 inhibitors", "pd-1-pd-l1-inhibitors"),
    ("snake_case  and\ttabs", "snake-case-and-tabs"),
    ("\u65e5\u672c", ""),
    ("!!!", ""),
    ("", ""),
])
def test_slugify_examples(text, slug):
    assert slugify(text) == slug
