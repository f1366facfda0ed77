"""The cue-list prefilter (``cues.cue_heads`` / ``cues.word_heads``) never changes a result.

``Cues.found_in`` skips the regex when no word of a sentence starts with one of the
list's heads. These tests check the heads of small phrases, the case folding of
``word_heads``, and that ``found_in`` gives exactly ``search(...) is not None`` for
every cue list of every rule file on the example sentences and the bundled posts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from audit import load_corpus
from audit.coverage import Cues, load_options, load_topic_rules
from audit.cues import compile_cues, cue_heads, word_heads
from audit.model import CONTENT_TYPES
from audit.textprep import sentence_spans

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("phrases", "heads"), [
    (("goal(s)",), {"goal"}),
    (("aim(s)", "objective(s)"), {"aim", "obje"}),
    (("[treatment|therapy] [can|may]? aims to",), {"trea", "ther"}),
    (("[your|the]? care team",), {"your", "the", "care"}),
    (("stud[y|ies]",), {"stud"}),
    (("palliat*",), {"pall"}),
    (("5-year survival",), {"5"}),
    (("don't stop",), {"don"}),
    (("ct scan", "x rays"), {"ct", "x"}),
    (("(re)treatment",), None),
    (("[re]?treat",), None),
    (("goal", r"re:\bhttps?://\S+"), None),
    ((), None),
])
def test_cue_heads_are_the_letters_every_match_starts_with(phrases, heads):
    got = cue_heads(phrases)
    assert got == (None if heads is None else frozenset(heads))


def test_cue_heads_of_a_vocabulary_reference_are_the_vocabulary_heads():
    vocab = (("team", "(?:nurse)|(?:doctor)"),)
    vocab_heads = (("team", frozenset({"nurs", "doct"})),)
    assert cue_heads(("ask your <team>",), vocab, vocab_heads) == {"ask"}
    assert cue_heads(("<team> visit",), vocab, vocab_heads) == {"nurs", "doct"}
    assert cue_heads(("<team> visit",), vocab, (("team", None),)) is None


def test_word_heads_fold_case_as_the_regex_engine_does():
    heads = word_heads("İndex ſome KELVIN Cancer-free 2.5 mg")
    assert {"i", "in", "ind", "inde", "s", "so", "som", "some", "k", "kelv"} <= heads
    assert {"canc", "free", "2", "5", "mg"} <= heads
    assert "Canc" not in heads


def _sentences() -> list[str]:
    examples = yaml.safe_load((ROOT / "tests" / "examples" / "topics.yml").read_text("utf-8"))
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.append(node)

    walk(examples)
    for document in load_corpus(ROOT / "corpus").documents:
        for section in document.sections:
            if section.heading:
                found.append(section.heading)
            for block in section.scored_blocks:
                found += [block.text[a:b] for a, b in sentence_spans(block.text, block.label)]
    # odd case and the letters that fold to ASCII ones
    found += [s.upper() for s in found[:200]] + ["ſURGERY", "İMMUNOTHERAPY", "\u212aEYTRUDA"]
    return found


def _cue_lists() -> list[Cues]:
    lists = []
    for content_type in CONTENT_TYPES:
        for topic in load_topic_rules(content_type).topics:
            lists += [topic.sections, topic.cues, topic.with_, topic.unless, topic.weak_cues]
    options = load_options()
    lists += [option.cues for option in options.options]
    lists += [c for column in options.columns for c in (column.cues, column.weak_cues)]
    return [cues for cues in lists if cues.regex is not None]


def test_found_in_answers_exactly_as_the_regex_on_every_rule_and_sentence():
    sentences = [(text, word_heads(text)) for text in _sentences()]
    lists = _cue_lists()
    assert len(sentences) > 500 and len(lists) > 100
    assert sum(cues.heads is not None for cues in lists) > 80  # the prefilter is used
    wrong = [(cues.phrases[:3], text) for cues in lists for text, heads in sentences
             if cues.found_in(text, heads) != (cues.regex.search(text) is not None)]
    assert not wrong, wrong[:5]


def test_found_in_without_heads_always_searches():
    cues = Cues(("goal(s)",), compile_cues(("goal(s)",)), None)
    assert cues.found_in("Our GOALS.", frozenset())
    assert not Cues((), None).found_in("goal", word_heads("goal"))
