"""The readability pass's fast paths agree with the plain rules they stand in for.

``audit.readability.score_blocks`` counts a sentence of plain text (no URL, e-mail or
"e.g.") from its white-space-delimited pieces, memoised, rather than from a regex pass
over its words, and finds passives with a regex over one role code per word rather
than a loop. Each property below pins one shortcut to the rule it replaces, on fixed
examples (``derandomize``) so that CI never fails on a newly drawn input.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import readability
from audit.model import Block
from audit.readability import find_passive, score_blocks
from audit.syllables import count_syllables
from audit.textprep import (
    PLAIN_WORD_RE,
    WORD_RE,
    needs_full_word_rule,
    sentence_spans,
    tokenize,
)

FIXED = settings(max_examples=400, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])

#: Pieces that exercise words, joiners, proper nouns, passives, hard words, sentence
#: ends, white space of every kind, and (rarely) the full word rule's URLs.
_PIECES = ["cancer", "Cancer", "RCC", "(RCC)", "PD-L1", "doctor's", "doctor\u2019s",
           "well\u2010being", "2.5", "1,000", "10:30", ",", ".", ". ", "? ", "! ", "...",
           "\u2014", "-", "_", "\u00e9t\u00e9", "\u00bd", "\u00a0", "\t", "\n", "  ", " ",
           "was", "is", "are", "been", "being", "it's", "they're", "removed", "given",
           "quickly", "very", "not", "unused", "done", "tired", "Immunotherapy",
           "chemotherapy", "radiotherapy", "Anderson", "another", "X-ray", "re-examined",
           "Dr.", "e.g.", "U.S.", "www.cancer.gov", "a@b.org", "x" * 30]
_TEXT = st.lists(st.sampled_from(_PIECES) | st.text(max_size=5), max_size=40).map("".join)
#: Labels, some of which end inside a word when followed by ":" ("10" in "10:30",
#: "https" in "https://x.org"), where the full rule counts that word in the lead-in.
_LABEL = st.one_of(st.none(), st.sampled_from(["Cancer", "Immunotherapy", "was", "10",
                                               "https", "a", "e.g"]))
_LEAD_INS = ["", "10:30 ", "10:30", "https://x.org/a is ", "a:b ", "e.g.: "]


def _reference_find_passive(roles: Sequence[int],
                            max_adverbs: int) -> tuple[int, int] | None:
    """The loop that the role-code regex replaced."""
    n = len(roles)
    for i, role in enumerate(roles):
        if not role & readability._BE:
            continue
        j = i + 1
        skipped = 0
        while j < n and skipped < max_adverbs and roles[j] & readability._ADVERB:
            j += 1
            skipped += 1
        if j < n and roles[j] & readability._PARTICIPLE:
            return i, j
    return None


@FIXED
@given(st.lists(st.integers(min_value=0, max_value=7), max_size=12))
def test_passive_regex_is_the_plain_loop(roles: list[int]) -> None:
    codes = "".join(map(readability._role_char, roles))
    max_adverbs = readability._passive_rules().max_adverbs
    assert readability._find_passive_roles(codes) == _reference_find_passive(roles,
                                                                             max_adverbs)


@pytest.mark.parametrize("max_adverbs", [0, 1, 3])
def test_passive_regex_follows_the_rules_adverb_limit(max_adverbs) -> None:
    for roles in ([1, 4], [1, 2, 4], [1, 2, 2, 4], [1, 2, 2, 2, 4], [3, 6], [1, 6, 4],
                  [5, 2, 2, 2, 2, 4], [0, 1, 7, 7, 7, 4], [2, 4, 1]):
        codes = "".join(map(readability._role_char, roles))
        assert readability._find_passive_roles(codes, max_adverbs) == _reference_find_passive(
            roles, max_adverbs)


def test_passive_search_takes_the_rule_files_adverb_limit() -> None:
    limit = readability._passive_rules().max_adverbs
    pattern = readability._passive_search().__self__.pattern  # the bound search's regex
    assert pattern == readability._passive_search_for(limit).__self__.pattern
    assert "{0,%d}" % limit in pattern


@FIXED
@given(_TEXT)
def test_piece_facts_are_those_of_the_plain_words(text: str) -> None:
    memo = readability._PLAIN_PIECE_FACTS
    pieces = text.split()
    words = PLAIN_WORD_RE.findall(text)
    assert list(chain.from_iterable(map(PLAIN_WORD_RE.findall, pieces))) == words
    odd_pieces = sum(len(PLAIN_WORD_RE.findall(piece)) != 1 for piece in pieces)
    total = sum(map(memo.__getitem__, pieces))
    assert total >> readability._ODD_PIECES & readability._MASK == odd_pieces
    assert total - (odd_pieces << readability._ODD_PIECES) == sum(
        map(readability._WORD_FACTS.__getitem__, words))
    for piece in pieces:
        found = list(PLAIN_WORD_RE.finditer(piece))
        assert memo.bounds[piece] == ((found[0].start(), found[-1].end()) if found
                                      else (0, 0))
    assert total >> readability._WORDS & readability._MASK == len(words)
    hard = sum(map(memo.hard.__getitem__, pieces), ())
    assert hard == tuple(w for w in words if count_syllables(w) >= 3)
    assert "".join(map(memo.roles.__getitem__, pieces)) == "".join(
        readability._role_char(readability._passive_role(w.lower(),
                                                         readability._passive_rules()))
        for w in words)


def _reference_sentences(blocks: Sequence[Block]) -> list[tuple]:
    """Each sentence's SentenceStats fields, from the word rules and per-word facts.

    Under the full word rule, a block's tokens count in the sentence where they start;
    under the plain rule, a sentence's words are those of its own text.
    """
    rules = readability._passive_rules()
    out = []
    for bi, block in enumerate(blocks):
        tokens = tokenize(block.text)
        full_rule = needs_full_word_rule(block.text)
        for start, end in sentence_spans(block.text, block.label):
            if full_rule:
                chunk = [t for t in tokens if start <= t[1] < end]
            else:
                chunk = [(m.group(), m.start(), m.end(), False)
                         for m in PLAIN_WORD_RE.finditer(block.text, start, end)]
            if not chunk:
                continue
            syllables = [1 if is_url else count_syllables(word)
                         for word, _, _, is_url in chunk]
            hard = tuple(word for (word, _, _, is_url), syl in zip(chunk, syllables)
                         if not is_url and syl >= 3)
            roles = [0 if is_url else readability._passive_role(word.lower(), rules)
                     for word, _, _, is_url in chunk]
            match = _reference_find_passive(roles, rules.max_adverbs)
            passive = None if match is None else block.text[chunk[match[0]][1]:
                                                           chunk[match[1]][2]]
            n = len(chunk)
            out.append((block.text[start:end], bi, start, end, n, sum(syllables), len(hard),
                        hard, n > 20, n > 30, passive is not None, passive))
    return out


def _blocks(raw_blocks: list[tuple[str, str | None, str]]) -> list[Block]:
    """Blocks from (text, label, lead-in) triples.

    A labelled text starts with its label and a colon, or with the lead-in when that
    starts with the label ("10:30 " for "10", a word running across the colon).
    """
    blocks = []
    for text, label, lead_in in raw_blocks:
        if label:
            text = (lead_in if lead_in.startswith(label) else f"{label}: ") + text
        blocks.append(Block("item" if label else "paragraph", text, 0, len(text),
                            label=label))
    return blocks


_BLOCKS = st.lists(st.tuples(_TEXT, _LABEL, st.sampled_from(_LEAD_INS)), max_size=4)


@FIXED
@given(_BLOCKS)
def test_sentences_are_those_of_the_plain_rules(raw_blocks) -> None:
    blocks = _blocks(raw_blocks)
    result = score_blocks(blocks)
    assert [tuple(s) for s in result.sentences] == _reference_sentences(blocks)
    assert result.counts.words == sum(s.words for s in result.sentences)


@FIXED
@given(_TEXT)
def test_a_full_rule_token_alone_is_itself(text: str) -> None:
    """Where a "Term:" lead-in ends inside a word, the block's tokens are counted as
    pieces of their own, which the full word rule must leave whole."""
    for token, _, _, is_url in tokenize(text + " www.x.org"):
        alone = [(m.group(), m.start("url") >= 0) for m in WORD_RE.finditer(token)]
        assert alone == [(token, is_url)]


@FIXED
@given(_TEXT)
def test_full_rule_pieces_are_the_block_tokens(text: str) -> None:
    """Under the full rule too, a text's words are those of its pieces in order."""
    text += " see www.x.org"  # a URL, so that tokenize applies the full rule
    memo = readability._FULL_RULE_PIECE_FACTS
    tokens = tokenize(text)
    pieces = text.split()
    assert [(m.group(), m.start("url") >= 0) for piece in pieces
            for m in WORD_RE.finditer(piece)] == [(t[0], t[3]) for t in tokens]
    packed = [readability._url_facts(t[0]) if t[3] else readability._WORD_FACTS[t[0]]
              for t in tokens]
    odd_pieces = sum(len(list(WORD_RE.finditer(piece))) != 1 for piece in pieces)
    assert sum(map(memo.__getitem__, pieces)) == sum(packed) + (
        odd_pieces << readability._ODD_PIECES)


#: Words and word-holding pieces around passives; "\u2014" holds no word and
#: "cancer\u2014it" two, which turn off the piece-per-word shortcut for a sentence.
_PASSIVE_PIECES = ["was", "is", "been", "(was", "was,", "quickly", "not", "removed",
                   "removed.", "removed)", "given", "(given)", "it", "The", "cancer",
                   "\u2014", "cancer\u2014it", "\"done\"", "www.x.org", "e.g."]
_GAPS = [" ", " ", " ", "  ", "\t", "\u00a0", "\n", " \u2003 "]


@FIXED
@given(st.lists(st.tuples(st.sampled_from(_PASSIVE_PIECES), st.sampled_from(_GAPS)),
                max_size=12))
def test_passive_found_from_pieces_is_the_word_rule_one(pieces) -> None:
    """Where each piece of a sentence holds one word, the passive's text is cut from
    the pieces (their white space and punctuation kept); it must be the text from
    the be-form's word to the participle's, as the word rule finds them."""
    text = "".join(piece + gap for piece, gap in pieces).strip()
    blocks = [Block("paragraph", text, 0, len(text))]
    assert [tuple(s) for s in score_blocks(blocks).sentences] == _reference_sentences(blocks)


@pytest.mark.parametrize(("text", "match"), [
    ("The tumour was removed.", "was removed"),
    ("It  (was\tquickly\u00a0removed) today.", "was\tquickly\u00a0removed"),
    ("Cancer \u2014 was not given.", "was not given"),  # a wordless piece: the regex
    ("It was, e.g. removed.", None),
    ("The cancer\u2014it is given.", "is given"),  # a two-word piece: the regex
])
def test_passive_text_keeps_the_sentence_text_between(text: str, match) -> None:
    (sentence,) = score_blocks([Block("paragraph", text, 0, len(text))]).sentences
    assert sentence.passive_match == match


@pytest.mark.parametrize(("limit", "memo", "text", "most"), [
    ("_MAX_MEMO_WORDS", "_WORD_FACTS",
     "Immunotherapy and chemotherapy are treatments. Radiotherapy is another.", 9),
    ("_MAX_MEMO_PIECES", "_PLAIN_PIECE_FACTS",
     "Immunotherapy and chemotherapy are given. Radiotherapy is another one.", 10),
])
def test_memo_is_emptied_between_calls_never_during_one(monkeypatch, limit: str, memo: str,
                                                        text: str, most: int) -> None:
    """Counts, hard words and passives stay right when the word or the piece memo
    fills up."""
    monkeypatch.setattr(readability, limit, 3)
    first = score_blocks([Block("paragraph", text, 0, len(text))])
    assert len(getattr(readability, memo)) > 3  # one call may pass the limit
    again = score_blocks([Block("paragraph", text, 0, len(text))])
    assert len(getattr(readability, memo)) <= most  # emptied before the second call
    assert again == first
    assert first.sentences[0].hard_words == ("Immunotherapy", "chemotherapy")
    assert first.sentences[0].passive_match == ("are given" if "given" in text else None)
    assert first.sentences[1].hard_words == ("Radiotherapy", "another")
    assert first.counts.polysyllables == 4


def test_find_passive_keeps_its_public_form() -> None:
    assert find_passive(["the", "tumor", "was", "quickly", "removed"]) == (2, 4)
    assert find_passive(["we", "removed", "it"]) is None


@FIXED
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=6, max_size=6))
def test_median_min_max_of_six_are_statistics_median_min_max(values: list[float]) -> None:
    import statistics

    assert readability._median_min_max(tuple(values)) == (
        statistics.median(values), min(values), max(values))


@FIXED
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=24, max_size=24))
def test_counts_add_field_by_field(numbers: list[int]) -> None:
    from dataclasses import astuple

    from audit.readability import ReadabilityCounts

    left, right = ReadabilityCounts(*numbers[:12]), ReadabilityCounts(*numbers[12:])
    assert astuple(left + right) == tuple(map(sum, zip(numbers[:12], numbers[12:])))
    assert sum([left, right]) == left + right


@pytest.mark.parametrize(("text", "label"), [
    ("10:30 see www.x.org. The tumor was quickly removed.", "10"),
    ("https://x.org/a is where Dr. Who was seen. It was removed.", "https"),
    ("10:30 see it. The tumor was removed.", "10"),
    ("Term: see a@b.org. It was given.", "Term"),
])
def test_lead_in_ending_inside_a_word_counts_as_before(text: str, label: str) -> None:
    """Full rule: the word across the lead-in's end counts in the lead-in ("10:30" in
    "10:"); plain rule: each sentence counts the words of its own text ("10" in "10:")."""
    blocks = [Block("item", text, 0, len(text), label=label)]
    assert [tuple(s) for s in score_blocks(blocks).sentences] == _reference_sentences(blocks)
    first = score_blocks(blocks).sentences[0]
    assert first.words == 1
