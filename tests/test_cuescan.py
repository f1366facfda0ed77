"""The document scan (``audit.cuescan``) answers exactly as searching each sentence.

``DocumentScan`` tries a cue list's regex only where a match can start (``cues.cue_starts``,
``cues.start_patterns``), keeps in-token answers per token (``cues.token_local``) and
searches lists with ``re:`` phrases only in sentences with a required literal
(``cues.required_literals``). These tests check each piece, then that every rule list
gives ``regex.search(sentence)`` exactly, on the bundled posts, the examples, odd cases
and generated sentences; and that the checklist's literal prefilter changes nothing.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import checklist, load_corpus
from audit.coverage import Cues, _cues, load_options, load_topic_rules
from audit.cues import (
    compile_cues,
    cue_starts,
    fold_case,
    required_literals,
    start_patterns,
    token_local,
)
from audit.cuescan import CueIndex
from audit.model import CONTENT_TYPES
from audit.textprep import sentence_spans

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("AUDIT_HYPOTHESIS_EXAMPLES", "100"))
RANDOM = os.environ.get("AUDIT_HYPOTHESIS_RANDOM") == "1"
FAST = settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM,
                suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------
# The pieces
# ---------------------------------------------------------------------------


def test_fold_case_folds_as_the_regex_engine_over_all_of_unicode():
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    folded = fold_case(chars)
    assert len(folded) == len(chars)
    for category in (r"\w", r"\s"):  # word and space characters stay what they were
        assert ([m.start() for m in re.finditer(category, chars)]
                == [m.start() for m in re.finditer(category, folded)])
    # a character matches an ASCII letter or digit, ignoring case, exactly when it
    # folds to it
    ascii_alnum = [m.start() for m in re.finditer("[a-z0-9]", chars, re.IGNORECASE)]
    assert ascii_alnum == [m.start() for m in re.finditer("[a-z0-9]", folded)]
    assert all(re.fullmatch(folded[i], chars[i], re.IGNORECASE) for i in ascii_alnum)
    assert fold_case("İndex ſOME ıNK \u212aELVIN Straße") == "index some ink kelvin straße"


@pytest.mark.parametrize(("phrases", "starts"), [
    (("goal(s)",), {("goal", False)}),
    (("fatigue",), {("fatigue", True)}),
    (("[your|the]? care team",), {("your", True), ("the", True), ("care", True)}),
    (("stud[y|ies]",), {("stud", False)}),
    (("[pre|post]operative",), {("pre", False), ("post", False)}),
    (("don't stop",), {("don", False)}),
    (("5-year survival",), {("5", True)}),
    (("palliat*",), {("palliat", False)}),
    (("(re)treatment",), None),
])
def test_cue_starts_tell_whole_words_from_word_beginnings(phrases, starts):
    got = cue_starts(phrases)
    assert got == (None if starts is None else frozenset(starts))


def test_start_patterns_find_a_phrase_by_its_least_common_unit():
    split = {start: rest for start, *rest in start_patterns(
        ("the point of", "fatigue", "side effects", "[your|the]? care team"))}
    assert set(split) == {("point", True), ("fatigue", True), ("side", True), ("care", True)}
    in_token, at_word, in_sentence = split["fatigue", True]
    assert in_token and at_word is None and in_sentence is None
    assert split["side", True][1] and split["point", True][2] and split["care", True][2]
    assert start_patterns(("goal", r"re:\bhttps?://\S+")) is None


@pytest.mark.parametrize(("pattern", "local"), [
    (r"(?<!\w)(?:surger(?:y|ies)(?!\w))", True),
    (r"(?<!\w)(?:don['’]t(?!\w))", True),
    (r"(?<!\w)(?:palliat\w*)", True),
    (r"\bx\S+\b", True),
    (r"(?<!\w)(?:side[\s\-]+effects(?!\w))", False),
    (r"^sources?:", False),
    (r"a.b", False),
    (r"a[^b]", False),
    (r"(a)\1", False),
])
def test_token_local(pattern, local):
    assert token_local(pattern) is local


def test_cues_imports_without_the_regex_parser_modules(monkeypatch):
    """A Python without ``re._parser``/``re._constants``: audit.cues still imports and
    answers "unsure" (token_local False, required_literals None)."""
    monkeypatch.setitem(sys.modules, "re._parser", None)  # importing it now fails
    monkeypatch.setitem(sys.modules, "re._constants", None)
    # the source, not what the import system would load: a compiled module cannot be
    # loaded a second time under another name
    path = Path(importlib.util.find_spec("audit.cues").origin).with_name("cues.py")
    spec = importlib.util.spec_from_file_location("cues_without_parser", path)
    without_parser = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(without_parser)
    assert without_parser._sre_parse is None and without_parser._TOKEN_AT == frozenset()
    for pattern in (r"(?<!\w)(?:surger(?:y|ies)(?!\w))", r"(?<!\w)(?:palliat\w*)"):
        assert without_parser.token_local(pattern) is False
    assert without_parser.required_literals(re.compile(r"\bhttps?://\S+")) is None
    assert (without_parser.compile_cues(("goal(s)", "fatigue")).pattern
            == compile_cues(("goal(s)", "fatigue")).pattern)


def test_scan_finds_the_same_without_the_regex_parser_modules(monkeypatch):
    """Without the parser the in-token shortcut and the literal prefilter are off; the
    scan still finds exactly what it finds with them."""
    phrase_lists = [["fatigue", "surger[y|ies]", "side effects"],
                    ["palliat*", "the point of"],
                    [r"re:\bhttps?://\S+", r"re:\blast\s+reviewed\b"]]
    texts = ["Side-effects include fatigue.", "SURGERY and palliative care",
             "the point of it: surgeries", "See https://www.cancer.gov for more.",
             "Last reviewed: March 2024.", "nothing here", ""]

    def scan_results():
        lists = [_cues(phrases, "test: cues", ()) for phrases in phrase_lists]
        scan = CueIndex(lists).scan(texts)
        spans = [[(match and match.span()) for match in
                  (scan.search(cue_list, i) for i in range(len(texts)))]
                 for cue_list in lists]
        hits = [scan.matching(cue_list) for cue_list in lists]
        return [cue_list.by_start for cue_list in lists], list(zip(hits, spans))

    token_local.cache_clear()
    required_literals.cache_clear()
    try:
        by_start, found = scan_results()
        monkeypatch.setattr("audit.cues._sre_parse", None)
        monkeypatch.setattr("audit.cues._sre", None)
        token_local.cache_clear()
        required_literals.cache_clear()
        assert token_local(r"(?<!\w)(?:fatigue(?!\w))") is False
        by_start_without, found_without = scan_results()
    finally:  # the answers cached without the parser must not outlive the test
        token_local.cache_clear()
        required_literals.cache_clear()
    assert by_start_without != by_start  # the in-token shortcut was in use, and is off
    assert found_without == found
    assert [hits for hits, _ in found] == [[0, 1, 2], [1, 2], [3, 4]]


@pytest.mark.parametrize(("pattern", "literals"), [
    (r"\bhttps?://\S+", {"http"}),
    (r"\b(?:last\s+)?(?:reviewed|updated|revised)\b[^.]{0,40}?\b(?:19|20)\d\d\b",
     {"reviewed", "updated", "revised"}),
    (r"^\s*(?:sources?|references?)\s*:", {"source", "reference"}),
    (r"(?:National Cancer Institute)|(?:ASCO)", {"national cancer institute", "asco"}),
    (r"\d+%", {"%"}),
    (r"\d+", None),
    (r"a|\d", None),
    (r"(?:ab)?c", {"c"}),
])
def test_required_literals(pattern, literals):
    got = required_literals(re.compile(pattern, re.IGNORECASE))
    assert got == (None if literals is None else frozenset(literals))


# ---------------------------------------------------------------------------
# The scan against plain searching
# ---------------------------------------------------------------------------


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return [node] if isinstance(node, str) else []


ODD = [
    "", " ", "-", "the the the point of it", "other theory: the point of view", "bathe the",
    "Side-effects include fatigue.", "SIDE EFFECTS INCLUDE NAUSEA", "side\u2010effects",
    "(Surgery, radiation)", "ſurgery and İmmunotherapy", "\u212aEYTRUDA (pembrolizumab)",
    "Talk to your doctor.\tCall your nurse\nif you have a fever.", "your\u00a0care team",
    "Last reviewed: March 2024.", "Updated by the team in 2023", "Sources: NCI, ACS.",
    "See https://www.cancer.gov/types/kidney for more.", "cancer.gov cancer.org Cancer.Net",
    "report any new or worsening symptoms to your care team", "don’t stop taking it",
    "5-year survival is 70%", "x rays and X-rays", "well-being", "quality-of-life",
    "The aim is to slow the cancer.", "This guide aims to simplify things.",
    "treatment options include surgery", "treatments vary", "Ablation: heat kills cells.",
]


def _sentences() -> list[str]:
    found = _strings(yaml.safe_load((ROOT / "tests" / "examples" / "topics.yml")
                                    .read_text("utf-8")))
    for document in load_corpus(ROOT / "corpus").documents:
        for section in document.sections:
            if section.heading:
                found.append(section.heading)
            for block in section.blocks:
                found += [block.text[a:b] for a, b in sentence_spans(block.text, block.label)]
                if block.label:
                    found.append(block.label)
    found += ODD
    found += [s.upper() for s in found[:300]] + [s.lower() for s in found[:300]]
    return found


def _rule_sets() -> list[tuple[str, CueIndex, list[Cues]]]:
    options = load_options()
    sets = []
    for content_type in CONTENT_TYPES:
        rules = load_topic_rules(content_type)
        lists = [c for t in rules.topics for c in (t.cues, t.with_, t.unless, t.weak_cues)]
        lists += [option.cues for option in options.options]
        lists += [c for column in options.columns for c in (column.cues, column.weak_cues)]
        sets.append((content_type, rules.index, lists))
        sets.append((content_type + " headings", rules.heading_index,
                     [t.sections for t in rules.topics] + [o.cues for o in options.options]))
    return sets


def _check(texts: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    """Every way the scans could differ from plain searching, for ``texts``."""
    wrong = []
    for name, index, lists in _rule_sets():
        scan = index.scan(texts)
        for cues in lists:
            if cues.regex is None:
                assert scan.matching(cues) == [] and not scan.found_in(cues, 0)
                continue
            expected = [cues.regex.search(text) for text in texts]
            hits = [i for i, m in enumerate(expected) if m]
            if scan.matching(cues) != hits or set(scan.matched(cues)) != set(hits):
                wrong.append((name, cues.phrases[:2], "matching"))
            among = list(range(len(texts)))[::-1][::2]
            if scan.matching(cues, among) != [i for i in among if expected[i]]:
                wrong.append((name, cues.phrases[:2], "matching among"))
            for i, text in enumerate(texts):
                found = scan.search(cues, i)
                if (scan.found_in(cues, i) != (expected[i] is not None)
                        or (found and found.span()) != (expected[i] and expected[i].span())):
                    wrong.append((name, cues.phrases[:2], text))
    return wrong


def test_every_rule_list_scans_exactly_as_it_searches():
    texts = _sentences()
    assert len(texts) > 1000
    lists = [cues for _, _, lists in _rule_sets() for cues in lists if cues.regex is not None]
    assert sum(cues.by_start is not None for cues in lists) > 0.9 * len(lists)
    wrong = _check(texts)
    assert not wrong, wrong[:5]


def _vocabulary() -> list[str]:
    words = set()
    for _, _, lists in _rule_sets():
        for cues in lists:
            for phrase in cues.phrases:
                words.update(re.findall(r"[A-Za-z0-9'’]+", phrase))
    return sorted(words)


WORDS = _vocabulary()
JOINS = [" ", "  ", "-", " - ", ", ", ". ", "\u2010", "\u00a0", "\t", "'s ", "’ ", " (", ") "]


@FAST
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(JOINS),
                          st.sampled_from([str.lower, str.upper, str.title, str])),
                min_size=1, max_size=14), st.integers(0, 3))
def test_generated_sentences_scan_exactly_as_they_search(pieces, split):
    text = "".join(case(word) + join for word, join, case in pieces).strip()
    texts = [text, text[:len(text) * split // 4], "the " + text + " 2024"]
    wrong = _check(texts)
    assert not wrong, wrong[:3]


# ---------------------------------------------------------------------------
# The checklist's prefilter
# ---------------------------------------------------------------------------


def test_checklist_searches_give_what_searching_every_sentence_gives():
    rules = checklist.load_checklist_rules()
    texts = _sentences()
    folded = list(map(fold_case, texts))
    patterns = [checklist._alternation(tuple(rules["reader_address"]["words"]), whole_words=True),
                checklist._alternation(tuple(rules["call_to_action"]["phrases"]),
                                       whole_words=True),
                compile_cues(("goal(s)",)), re.compile(r"\d+%")]
    for pattern in patterns:
        assert (checklist._searched(pattern, texts, folded)
                == [pattern.search(text) is not None for text in texts])
