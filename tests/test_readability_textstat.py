"""Cross-check against textstat 0.7.13 on clean prose (engineering-notes §1.4-1.5).

On text with no lists, headings, abbreviations, digits, dashes, slashes or words
missing from CMUdict, both count the same words, sentences, syllables and
polysyllables, so FK, FRE and SMOG agree exactly. For Fog, Coleman-Liau, ARI
and Dale-Chall the documented departures are asserted as exact differences.
textstat's results are treated as read-only.
"""

from __future__ import annotations

import pytest
import resources as R

textstat = pytest.importorskip("textstat")

from audit.readability import score_blocks  # noqa: E402

TEXT = R.CLEAN_PROSE


@pytest.fixture(scope="module")
def ours():
    return score_blocks([R.para(TEXT)])


def test_textstat_version_is_pinned():
    assert tuple(textstat.__version__) == (0, 7, 13)  # a tuple in 0.7.13


def test_counts_equal_textstat(ours):
    assert ours.counts.words == textstat.lexicon_count(TEXT) == 71
    assert ours.counts.sentences == textstat.sentence_count(TEXT) == 6
    assert ours.counts.syllables == textstat.syllable_count(TEXT) == 104
    assert ours.counts.polysyllables == textstat.polysyllabcount(TEXT) == 5
    assert ours.counts.letters == textstat.letter_count(TEXT) == 323


def test_flesch_kincaid_equals_textstat(ours):
    assert ours.metrics.flesch_kincaid_grade == pytest.approx(
        textstat.flesch_kincaid_grade(TEXT), abs=1e-6
    )


def test_flesch_reading_ease_equals_textstat(ours):
    assert ours.metrics.flesch_reading_ease == pytest.approx(
        textstat.flesch_reading_ease(TEXT), abs=1e-6
    )


def test_smog_equals_textstat(ours):
    assert ours.metrics.smog == pytest.approx(textstat.smog_index(TEXT), abs=1e-6)


def test_coleman_liau_departure_is_exactly_0_0008_times_letters_per_100_words(ours):
    # ours uses 0.0588, textstat 0.058: same L and S, so the gap is 0.0008*L
    letters_per_100 = 100 * ours.counts.letters / ours.counts.words  # 100*323/71
    gap = ours.metrics.coleman_liau - textstat.coleman_liau_index(TEXT)
    assert gap == pytest.approx(0.0008 * letters_per_100, abs=1e-9)


def test_ari_departure_is_exactly_the_punctuation_characters(ours):
    # textstat adds every non-space character (here the periods and commas) to the
    # character count; its word count (split on white space) is the same 71
    punctuation = sum(TEXT.count(p) for p in ".,")
    assert punctuation == 8  # 6 periods + 2 commas
    gap = ours.metrics.ari - textstat.automated_readability_index(TEXT)
    assert gap == pytest.approx(-4.71 * punctuation / ours.counts.words, abs=1e-9)


def test_gunning_fog_departure_is_the_easy_word_polysyllables(ours):
    # polysyllables (CMUdict): another, Surgery, recover, medicine, family.
    # textstat's hard words skip Dale-Chall list words (another, medicine, family): 2.
    # Gunning's rule (ours) keeps them, and Surgery starts its sentence: 5.
    assert ours.counts.complex_words == 5
    gap = ours.metrics.gunning_fog - textstat.gunning_fog(TEXT)
    assert gap == pytest.approx(0.4 * 100 * (5 - 2) / 71, abs=1e-9)


def test_dale_chall_departure_is_the_regular_inflections(ours):
    # Not on the list as written: Kidney cancer starts cells kidney control scan
    # problem choices treatment Surgery recover helps immune system cancer
    # questions = 17 (textstat). Inflections of listed words are familiar for us:
    # starts, cells, choices, helps, questions -> 12.
    assert ours.counts.dale_chall_unfamiliar == 12
    # both percentages are above 5, so both add 3.6365
    gap = ours.metrics.dale_chall - textstat.dale_chall_readability_score(TEXT)
    assert gap == pytest.approx(0.1579 * 100 * (12 - 17) / 71, abs=1e-9)
