"""Examples as data for the topic rules, and meta-tests over the rule files.

``tests/examples/topics.yml`` holds, per topic, option and grid column, sentences that
should and should not count. The meta-tests check that every rule has examples, every
example names a real rule, and every cue phrase compiles.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from audit.coverage import (
    classify_sentence, load_options, load_shared, load_topic_rules, options_named,
    topic_files,
)
from audit.cues import CueSyntaxError, phrase_regex
from audit.model import CONTENT_TYPES
from audit.rules import read_rule_file, rules_root

EXAMPLES = yaml.safe_load(
    (Path(__file__).parent / "examples" / "topics.yml").read_text(encoding="utf-8"))


def _all_topics():
    for content_type in CONTENT_TYPES:
        for topic in load_topic_rules(content_type).topics:
            yield f"{content_type}.{topic.id}", topic


TOPICS = dict(_all_topics())
OPTIONS = {option.id: option for option in load_options().options}
COLUMNS = {column.id: column for column in load_options().columns}


def _cases(section: str, lists: tuple[str, ...]):
    for key, block in EXAMPLES[section].items():
        for kind in lists:
            for sentence in block.get(kind, []):
                yield pytest.param(key, kind, sentence, id=f"{key}-{kind}-{sentence[:30]}")


# ------------------------------------------------------------------ meta-tests


def test_every_topic_has_covering_and_non_covering_examples():
    missing = [key for key in TOPICS
               if not EXAMPLES["topics"].get(key, {}).get("covers")
               or not EXAMPLES["topics"].get(key, {}).get("not_covers")]
    assert not missing, f"topics without examples: {missing}"


def test_every_topic_example_names_a_real_topic():
    unknown = sorted(set(EXAMPLES["topics"]) - set(TOPICS))
    assert not unknown, f"examples for unknown topics: {unknown}"


def test_every_topic_with_weak_cues_has_weak_examples():
    missing = [key for key, topic in TOPICS.items()
               if topic.weak_cues.phrases and not EXAMPLES["topics"][key].get("weak")]
    assert not missing, f"topics with weak_cues but no weak examples: {missing}"


def test_every_option_and_column_has_examples_and_no_example_is_orphaned():
    assert set(EXAMPLES["options"]) == set(OPTIONS)
    assert set(EXAMPLES["columns"]) == set(COLUMNS)
    for block in EXAMPLES["options"].values():
        assert block["names"] and block["not_names"]
    for block in EXAMPLES["columns"].values():
        assert block["covers"] and block["not_covers"]


def test_example_blocks_use_only_known_lists():
    for key, block in EXAMPLES["topics"].items():
        assert set(block) <= {"covers", "weak", "not_covers"}, key
    assert set(EXAMPLES) == {"neutral", "topics", "options", "columns"}


CUE_KEYS = ("cues", "with", "unless", "weak_cues", "sections")


def _phrases(node):
    """Yield every cue phrase of a rule file (cue lists and vocabularies)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in CUE_KEYS:
                yield from value
            elif key == "vocabularies":
                for phrases in value.values():
                    yield from phrases
            else:
                yield from _phrases(value)
    elif isinstance(node, list):
        for item in node:
            yield from _phrases(item)


def _vocabulary():
    vocab = dict(load_shared().vocabularies)
    vocab["option"] = load_options().vocabulary
    return vocab


def _all_phrases():
    return [(relative, phrase) for relative in topic_files()
            for phrase in _phrases(read_rule_file(relative))]


def test_every_cue_phrase_of_every_file_compiles_on_its_own():
    vocab = _vocabulary()
    phrases = _all_phrases()
    for relative, phrase in phrases:
        re.compile(phrase_regex(phrase, vocab), re.IGNORECASE)
    assert len(phrases) > 300


def _sample(phrase: str, shared: dict) -> str | None:
    """Write one text the phrase must match: first alternatives, optional parts kept.

    Return None for a raw regex (``re:``) or a vocabulary of raw regexes only; the
    examples in topics.yml test those.
    """
    if phrase.startswith("re:"):
        return None
    text = phrase
    for name in re.findall(r"<([a-z_]+)>", text):
        plain = [p for p in shared.get(name, ["surgery"]) if not p.startswith("re:")]
        inner = _sample(plain[0], shared) if plain else None
        if inner is None:
            return None
        text = text.replace(f"<{name}>", inner, 1)
    while "[" in text:
        text = re.sub(r"\[([^\[\]]*)\]\??", lambda m: m.group(1).split("|")[0], text)
    text = re.sub(r"\(([^()]*)\)", r"\1", text).replace("*", "").replace("...", " ")
    return " ".join(text.split())


SHARED_VOCABULARIES = read_rule_file("topics/shared.yml")["vocabularies"]


@pytest.mark.parametrize(("relative", "phrase", "sample"), [
    (relative, phrase, sample) for relative, phrase in _all_phrases()
    if (sample := _sample(phrase, SHARED_VOCABULARIES)) is not None],
    ids=lambda value: str(value)[:40])
def test_every_cue_phrase_matches_a_text_written_from_it(relative, phrase, sample):
    regex = re.compile(phrase_regex(phrase, _vocabulary()), re.IGNORECASE)
    assert regex.search(f"Here {sample} here."), (relative, phrase, sample)


def test_every_rule_file_loads_and_the_topics_folder_holds_nothing_else():
    for content_type in CONTENT_TYPES:
        load_topic_rules(content_type)
    folder = rules_root() / "topics"
    on_disk = sorted(f"topics/{node.name}" for node in folder.iterdir()
                     if node.name.endswith(".yml"))
    assert on_disk == sorted(topic_files())


def test_topic_ids_make_valid_rule_ids():
    pattern = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")  # the finding schema's rule_id pattern
    for key in TOPICS:
        content_type, topic_id = key.split(".")
        assert pattern.match(f"coverage.{content_type.replace('-', '_')}.{topic_id}")


def test_every_topic_names_what_informs_it():
    for key, topic in TOPICS.items():
        assert topic.informed_by, key
        assert all(re.match(r"^(Editorial standard|DISCERN Q\d+|CCI \d+|PEMAT \d+)$", item)
                   for item in topic.informed_by), (key, topic.informed_by)


@pytest.mark.parametrize("bad", ["[a|b", "a]", "goal(", "<nope>", "... a", "[]", "[x]?",
                                 "re:(unclosed", "  "])
def test_malformed_cue_phrases_are_rejected(bad):
    with pytest.raises(CueSyntaxError):
        phrase_regex(bad, {})


# ------------------------------------------------------------------ examples


@pytest.mark.parametrize(("key", "kind", "sentence"),
                         list(_cases("topics", ("covers", "weak", "not_covers"))))
def test_topic_example(key, kind, sentence):
    got = classify_sentence(TOPICS[key], sentence)
    expected = {"covers": "covered", "weak": "weak", "not_covers": None}[kind]
    if expected is None:
        assert got is None, f"False positive against coverage {key} ({got}): {sentence!r}"
    else:
        assert got == expected, f"False negative against coverage {key} ({got}): {sentence!r}"


@pytest.mark.parametrize(("key", "kind", "sentence"),
                         list(_cases("options", ("names", "not_names"))))
def test_option_example(key, kind, sentence):
    named = key in options_named(sentence)
    if kind == "names":
        assert named, f"False negative against option {key}: {sentence!r}"
    else:
        assert not named, f"False positive against option {key}: {sentence!r}"


@pytest.mark.parametrize(("key", "kind", "sentence"),
                         list(_cases("columns", ("covers", "not_covers"))))
def test_column_example(key, kind, sentence):
    hit = COLUMNS[key].cues.search(sentence) is not None
    if kind == "covers":
        assert hit, f"False negative against grid column {key}: {sentence!r}"
    else:
        assert not hit, f"False positive against grid column {key}: {sentence!r}"


@pytest.mark.parametrize("sentence", EXAMPLES["neutral"])
def test_neutral_sentence_matches_nothing(sentence):
    assert all(classify_sentence(t, sentence) is None for t in TOPICS.values())
    assert options_named(sentence) == []
    assert all(c.cues.search(sentence) is None and c.weak_cues.search(sentence) is None
               for c in COLUMNS.values())


def test_docs_list_every_topic_of_every_content_type():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "coverage.md").read_text(
        encoding="utf-8")
    for content_type in CONTENT_TYPES:
        section = docs.split(f"### {content_type}", 1)[1].split("\n### ", 1)[0]
        for topic in load_topic_rules(content_type).topics:
            assert f"| `{topic.id}` | {topic.label} |" in section, (content_type, topic.id)
