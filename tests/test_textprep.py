"""Behaviour of word tokenising and sentence splitting (docs/readability.md)."""

from __future__ import annotations

import json
import math

import pytest
import resources as R
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.readability import score_blocks
from audit.textprep import sentence_spans, words


def sentences(text: str, label: str | None = None) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, label)]


# ------------------------------------------------------------------ sentences
def test_split_sentences_keeps_decimal_dose_in_one_sentence():
    text = "Take 2.5 mg of the drug each day. Do not take more than 7.5mg in one day."
    assert sentences(text) == [
        "Take 2.5 mg of the drug each day.",
        "Do not take more than 7.5mg in one day.",
    ]


@pytest.mark.parametrize(
    "abbr", ["Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "St.", "vs.", "U.S.", "U.K.", "approx.", "Jan.", "Sept."]
)
def test_abbreviation_does_not_end_sentence(abbr):
    assert len(sentences(f"We saw {abbr} Smith today. Then we left.")) == 2


def test_abbreviation_eg_does_not_end_sentence():
    text = "Eat foods high in fiber, e.g. beans, oats and apples. Fiber helps digestion."
    assert len(sentences(text)) == 2


def test_abbreviation_ie_does_not_end_sentence_even_before_a_capital():
    assert len(sentences("Use the patch, i.e. Nicoderm, each day. It helps.")) == 2


def test_us_before_a_name_does_not_end_sentence():
    assert len(sentences("The U.S. Food and Drug Administration approved it.")) == 1


def test_etc_ends_sentence_before_a_capital_only():
    assert sentences("Bring pills, notes, etc. The nurse will help.") == [
        "Bring pills, notes, etc.",
        "The nurse will help.",
    ]
    assert len(sentences("Bring pills, notes, etc. and a snack.")) == 1


def test_am_pm_end_sentence_before_a_capital_only():
    assert len(sentences("Come at 9 a.m. Bring your card.")) == 2
    assert len(sentences("Come at 9 a.m. or later.")) == 1


def test_no_and_fig_do_not_end_sentence_before_a_number():
    assert len(sentences("See Fig. 2 and form No. 5 for details.")) == 1
    assert len(sentences("The answer is No. The test was clear.")) == 2


def test_time_does_not_end_sentence():
    assert len(sentences("Come in at 10:30 and bring your card.")) == 1


def test_initials_do_not_end_sentence():
    assert len(sentences("John F. Kennedy met J. R. Smith and J.R. Jones.")) == 1


def test_url_and_email_do_not_end_sentence():
    text = "Visit https://www.cancer.gov/types/kidney.html or mail help@kcp.org today. Then call."
    assert len(sentences(text)) == 2


def test_question_and_exclamation_end_sentences():
    assert sentences("Is it cancer? Ask your doctor! Then rest.") == [
        "Is it cancer?",
        "Ask your doctor!",
        "Then rest.",
    ]


def test_closing_quote_and_bracket_belong_to_the_sentence():
    assert sentences('She said "Stop." (It hurt.) Then she left.') == [
        'She said "Stop."',
        "(It hurt.)",
        "Then she left.",
    ]


def test_period_before_lower_case_word_does_not_end_sentence():
    assert len(sentences("Take it with approx. half a glass of water.")) == 1


def test_ellipsis_ends_sentence_only_before_a_capital():
    assert len(sentences("Wait... then call. Or not.")) == 2
    assert len(sentences("Wait... Then call.")) == 2


def test_lead_in_label_is_its_own_sentence():
    text = "Targeted Therapy: This form of treatment uses drugs. It targets cells."
    assert sentences(text, "Targeted Therapy") == [
        "Targeted Therapy:",
        "This form of treatment uses drugs.",
        "It targets cells.",
    ]


def test_label_that_does_not_start_the_text_is_ignored():
    assert sentences("This is about Targeted Therapy: drugs.", "Targeted Therapy") == [
        "This is about Targeted Therapy: drugs."
    ]


def test_list_item_without_period_is_its_own_sentence():
    result = score_blocks(R.BULLET_LIST)
    assert [s.text for s in result.sentences] == [
        "Fever",
        "Chills",
        "Blood in the urine",
        "Call your doctor.",
    ]
    assert [s.block for s in result.sentences] == [0, 1, 2, 3]


def test_blocks_never_merge():
    result = score_blocks([R.para("One more thing"), R.para("and then another")])
    assert result.counts.sentences == 2


def test_five_treatment_lead_ins_count_as_separate_sentences():
    terms = ["Surgery", "Targeted Therapy", "Immunotherapy", "Radiation Therapy", "Clinical Trials"]
    blocks = [R.item(f"{t}: This option may help some people.", label=t) for t in terms]
    result = score_blocks(blocks)
    assert result.counts.sentences == 10
    assert [s.text for s in result.sentences[::2]] == [f"{t}:" for t in terms]


def test_sentence_offsets_point_into_the_block_text():
    text = "  First one.  Second one!  "
    result = score_blocks([R.para(text)])
    for s in result.sentences:
        assert text[s.start : s.end] == s.text


# ---------------------------------------------------------------------- words
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("over-the-counter pain", ["over-the-counter", "pain"]),
        ("the body\u2014a machine", ["the", "body", "a", "machine"]),
        ("the body \u2013 a machine", ["the", "body", "a", "machine"]),
        ("HIV/AIDS and/or", ["HIV", "AIDS", "and", "or"]),
        ("don't, patient's, don\u2019t", ["don't", "patient's", "don\u2019t"]),
        ("patients' rights", ["patients", "rights"]),
        ("2.5 mg, 7.5mg, 1,000 and 10:30", ["2.5", "mg", "7.5mg", "1,000", "and", "10:30"]),
        ("PD-1 and HER2", ["PD-1", "and", "HER2"]),
        ("see https://www.cancer.gov/kidney.", ["see", "https://www.cancer.gov/kidney"]),
        ("mail help@kcp.org now", ["mail", "help@kcp.org", "now"]),
        ("at cancer.gov today", ["at", "cancer.gov", "today"]),
        ("e.g. the U.S. at 9 a.m.", ["e.g.", "the", "U.S.", "at", "9", "a.m."]),
        ("50% of 3 + 4 & more", ["50", "of", "3", "4", "more"]),
        ("", []),
    ],
)
def test_words_follow_one_documented_rule(text, expected):
    assert words(text) == expected


def test_url_counts_as_one_word_of_one_syllable():
    result = score_blocks([R.para("Visit https://www.kidney.org/about-us/help-line.")])
    assert result.counts.words == 2
    assert result.counts.syllables == 2 + 1  # vis-it + the URL


# ------------------------------------------------------------------- no crash
def test_empty_blocks_give_none_metrics_not_nan():
    for blocks in ([], [R.para("")], [R.para("   ")], [R.para("... \u2014 !!")], [R.item("", "X")]):
        result = score_blocks(blocks)
        assert result.counts.words == 0
        assert all(v is None for v in result.metrics.to_dict().values())
        assert result.to_dict()["metrics"]["grades"] is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=20))), max_size=5))
def test_random_unicode_never_raises_and_never_gives_nan(raw_blocks):
    blocks = [R.Block("paragraph", t.replace("\n", " "), label) for t, label in raw_blocks]
    result = score_blocks(blocks)
    data = result.to_dict()
    json.dumps(data, allow_nan=False)  # JSON-ready, no NaN
    for value in data["metrics"].values():
        if isinstance(value, float):
            assert math.isfinite(value)
    assert sum(data["block_words"]) == data["counts"]["words"]
    assert len(data["sentences"]) == data["counts"]["sentences"]
