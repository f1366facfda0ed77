"""Examples as data: every lexicon file flags its should_flag sentences and nothing else.

``tests/examples/jargon.yml`` maps each lexicon id (``jargon.<file>``) to sentences that
must flag exactly the listed terms of that file, and sentences that must flag nothing
from any lexicon. Meta-tests keep the lexicon data and the examples in step.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from audit.jargon import Lexicon, find_jargon, lexicon_files, load_lexicon
from audit.model import Block, Document, Section
from audit.rules import read_rule_file
from audit.textprep import tokenize

EXAMPLES = Path(__file__).resolve().parent / "examples" / "jargon.yml"
SMOKE = "Take one tablet each morning."


def _examples() -> dict:
    with EXAMPLES.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def one_paragraph(text: str) -> Document:
    """Return a document holding ``text`` as one paragraph."""
    block = Block("paragraph", text, 0, len(text))
    section = Section("lead", None, 0, (block,), 0, len(text))
    return Document("example", "Example", "example.md", "markdown", text, (section,))


def lexicon_terms(text: str, rule_id: str | None = None) -> list[str]:
    """Return the lexicon terms found in ``text`` (of one file, or of all files)."""
    return [o.term for o in find_jargon(one_paragraph(text))
            if "lexicon" in o.detectors and (rule_id is None or o.rule_id == rule_id)]


FLAG_CASES = [(rule_id, case["text"], case["terms"])
              for rule_id, block in _examples().items()
              for case in block.get("should_flag", [])]
PASS_CASES = [(rule_id, text) for rule_id, block in _examples().items()
              for text in block.get("should_pass", [])]


@pytest.mark.parametrize(("rule_id", "text", "terms"), FLAG_CASES,
                         ids=[f"{r}:{t[:40]}" for r, t, _ in FLAG_CASES])
def test_should_flag_sentence_yields_exactly_its_terms(rule_id: str, text: str,
                                                       terms: list[str]) -> None:
    found = lexicon_terms(text, rule_id)
    missing = [t for t in terms if t not in found]
    extra = [t for t in found if t not in terms]
    assert not missing, f"False negative against {rule_id}: {text!r} (missing {missing})"
    assert not extra, f"False positive against {rule_id}: {text!r} (also found {extra})"


@pytest.mark.parametrize(("rule_id", "text"), PASS_CASES,
                         ids=[f"{r}:{t[:40]}" for r, t in PASS_CASES])
def test_should_pass_sentence_yields_nothing(rule_id: str, text: str) -> None:
    found = lexicon_terms(text)
    assert not found, f"False positive against {rule_id}: {text!r} (found {found})"


# ------------------------------------------------------------------ meta-tests
@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_every_lexicon_file_has_examples(lexicon: Lexicon) -> None:
    examples = _examples()
    for rule_id in lexicon.rule_ids:
        assert examples.get(rule_id, {}).get("should_flag"), f"{rule_id} has no should_flag"
        assert SMOKE in examples[rule_id].get("should_pass", []), (
            f"{rule_id} lacks the smoke sentence {SMOKE!r}")


def test_every_example_key_names_a_lexicon_file(lexicon: Lexicon) -> None:
    unknown = sorted(set(_examples()) - set(lexicon.rule_ids))
    assert not unknown, f"examples for lexicons that do not exist: {unknown}"


def test_every_example_term_is_a_term_of_its_file(lexicon: Lexicon) -> None:
    for rule_id, text, terms in FLAG_CASES:
        names = {t.term for t in lexicon.by_rule(rule_id)}
        assert set(terms) <= names, f"{rule_id}: {text!r} lists unknown terms"


def test_every_entry_has_plain_words(lexicon: Lexicon) -> None:
    empty = [t.term for t in lexicon.terms if not t.plain.strip()]
    assert not empty


def test_no_term_or_variant_is_in_two_files(lexicon: Lexicon) -> None:
    owner: dict[str, str] = {}
    for term in lexicon.terms:
        for form in term.forms:
            key = " ".join(form.split())
            assert owner.get(key, term.rule_id) == term.rule_id, (
                f"{form!r} is in {owner[key]} and {term.rule_id}")
            owner[key] = term.rule_id


@pytest.mark.parametrize("relative", lexicon_files())
def test_terms_are_sorted_case_insensitively(relative: str) -> None:
    names = [entry["term"] for entry in read_rule_file(relative)["terms"]]
    assert names == sorted(names, key=str.casefold), f"{relative} is not sorted"


def test_familiar_words_are_sorted() -> None:
    words = list(read_rule_file("jargon/familiar.yml")["words"])
    assert words == sorted(words, key=str.casefold)


def test_every_term_and_variant_tokenizes_to_a_word(lexicon: Lexicon) -> None:
    empty = [form for term in lexicon.terms for form in term.forms if not tokenize(form)]
    assert not empty


def test_familiar_words_never_appear_as_lexicon_terms(lexicon: Lexicon) -> None:
    familiar = {word.casefold() for word in lexicon.familiar}
    clash = [form for term in lexicon.terms for form in term.forms
             if form.casefold() in familiar]
    assert not clash


def test_plain_words_are_plain(lexicon: Lexicon) -> None:
    """A suggestion must itself be plain: no lexicon term, uncommon word or acronym."""
    bad = {}
    for term in lexicon.terms:
        found = [o.match for o in find_jargon(one_paragraph(term.plain))]
        if found:
            bad[term.term] = found
    assert not bad, f"plain wordings that are jargon themselves: {bad}"


def test_acronym_entries_are_spelled_out(lexicon: Lexicon) -> None:
    for term in lexicon.terms:
        assert term.acronym == (term.expansion is not None), term.term
