"""Jargon detectors, density, explained-at-first-use, findings and the labelled set."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import load_corpus, load_document
from audit.jargon import (
    analyze_jargon,
    build_lexicon,
    build_settings,
    find_jargon,
    load_jargon_settings,
    load_lexicon,
)
from audit.model import Block, Document, Section
from audit.readability import score_blocks
from audit.rules import RuleError, read_rule_file
from audit.sections import split_markdown
from fixture_paths import CORPUS, GUIDE

LABELLED = Path(__file__).resolve().parent / "labelled" / "jargon-spans.yml"
MIN_RECALL = 0.95
MIN_PRECISION = 0.85


def doc(text: str) -> Document:
    """Return a Markdown document (``## Heading`` lines start sections)."""
    return Document("test", "Test", "test.md", "markdown", text,
                    split_markdown(text).sections)


def terms(text: str) -> dict[str, dict]:
    """Return the document-level term records of ``text``, by term."""
    return {t["term"]: t for t in analyze_jargon(doc(text)).document["terms"]}


def matches(text: str) -> list[str]:
    """Return the matched text of every jargon occurrence."""
    return [o.match for o in find_jargon(doc(text))]


# ------------------------------------------------------------------ the guide
@pytest.fixture(scope="module")
def guide_report():
    return analyze_jargon(load_document(GUIDE))


@pytest.mark.parametrize("term", ["metastatic", "metastasis", "targeted therapy",
                                  "immunotherapy", "checkpoint inhibitor",
                                  "radiation therapy", "palliative care"])
def test_guide_terms_are_found_with_suggestions(guide_report, term: str) -> None:
    found = {t["term"]: t for t in guide_report.document["terms"]}
    assert term in found, f"False negative on the guide: {term}"
    assert found[term]["plain"], f"{term} has no plain words"
    suggestions = [f.suggestion for f in guide_report.findings
                   if f.match.lower().startswith(term.split()[0][:6])]
    assert suggestions and all(suggestions)


def test_guide_surface_forms_metastases_and_checkpoint_inhibitors_are_found(guide_report
                                                                          ) -> None:
    matched = {f.match.lower() for f in guide_report.findings}
    assert {"metastases", "checkpoint inhibitors"} <= matched


@pytest.mark.parametrize("word", ["kidney", "cancer", "doctor"])
def test_guide_everyday_words_are_not_jargon(guide_report, word: str) -> None:
    found = {t["term"].lower() for t in guide_report.document["terms"]}
    assert word not in found
    assert not [f for f in guide_report.findings if f.match.lower() == word]


def test_guide_checkpoint_inhibitors_named_but_not_explained(guide_report) -> None:
    found = {t["term"]: t for t in guide_report.document["terms"]}
    assert found["checkpoint inhibitor"]["explained"] is False
    # "...spreads beyond the kidney to other parts of the body—a stage known as metastatic"
    assert found["metastatic"]["explained"] is True


# ------------------------------------------------------------------ labelled set
def _labelled_spans(sentence: dict) -> list[tuple[int, int]]:
    spans = []
    for item in sentence["jargon"]:
        text, nth = (item, 1) if isinstance(item, str) else (item["text"], item["nth"])
        pos = -1
        for _ in range(nth):
            pos = sentence["text"].find(text, pos + 1)
        assert pos >= 0, f"label {text!r} (#{nth}) not in {sentence['text']!r}"
        spans.append((pos, pos + len(text)))
    return spans


def test_labelled_set_recall_and_precision() -> None:
    """Span overlap against labels made by a reviewer, not by the detector.

    A labelled span is recalled when a detected occurrence overlaps it; a detected
    occurrence is precise when it overlaps a labelled span.
    """
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    assert len(data["sentences"]) >= 40
    documents = {d.path: d for d in load_corpus(CORPUS).documents}
    found_cache: dict[str, tuple] = {}
    recalled = labelled = precise = detected = 0
    misses, false_alarms = [], []
    for sentence in data["sentences"]:
        document = documents[sentence["source"]]
        if document.path not in found_cache:
            found_cache[document.path] = find_jargon(document)
        where = [(section.id, index, block.text.find(sentence["text"]))
                 for section in document.sections
                 for index, block in enumerate(section.scored_blocks)
                 if sentence["text"] in block.text]
        assert where, f"not copied exactly from {document.path}: {sentence['text']!r}"
        section_id, block_index, offset = where[0]
        end = offset + len(sentence["text"])
        hits = [(o.start - offset, o.end - offset, o.match)
                for o in found_cache[document.path]
                if o.section == section_id and o.block == block_index
                and offset <= o.start and o.end <= end]
        labels = _labelled_spans(sentence)
        for a, b in labels:
            labelled += 1
            if any(a < hb and ha < b for ha, hb, _ in hits):
                recalled += 1
            else:
                misses.append(sentence["text"][a:b])
        for ha, hb, text in hits:
            detected += 1
            if any(a < hb and ha < b for a, b in labels):
                precise += 1
            else:
                false_alarms.append(text)
    recall, precision = recalled / labelled, precise / detected
    print(f"\nlabelled jargon spans: recall {recall:.3f} ({recalled}/{labelled}), "
          f"precision {precision:.3f} ({precise}/{detected})")
    print(f"missed: {misses}\nfalse alarms: {false_alarms}")
    assert recall >= MIN_RECALL, f"recall {recall:.3f}; missed {misses}"
    assert precision >= MIN_PRECISION, (
        f"precision {precision:.3f}; false alarms {false_alarms}")


# ------------------------------------------------------------------ detectors
def test_longest_match_wins() -> None:
    assert matches("She had a partial nephrectomy.") == ["partial nephrectomy"]
    found = terms("She had a partial nephrectomy.")
    assert found["partial nephrectomy"]["category"] == "treatment"


def test_multiword_term_matches_plural_and_possessive() -> None:
    assert matches("Checkpoint inhibitors and the biopsy's result.") == [
        "Checkpoint inhibitors", "biopsy's"]


def test_multiword_term_does_not_cross_punctuation() -> None:
    assert "renal cell carcinoma" not in terms("The renal, cell carcinoma idea.")


def test_acronym_lexicon_entries_match_case_sensitively() -> None:
    assert matches("Ned drove his mother to the clinic.") == []
    found = terms("The scan showed NED after treatment.")
    assert found["NED"]["detectors"] == ["lexicon", "acronym"]


def test_unlisted_initialism_is_an_acronym() -> None:
    found = terms("The XYZQ team met on Monday.")
    assert found["XYZQ"]["category"] == "acronym"
    assert found["XYZQ"]["detectors"] == ["acronym"]


def test_acronym_plural_is_reported_as_the_acronym() -> None:
    assert "QRT" in terms("The QRTs were late.")


def test_roman_numeral_is_not_an_acronym() -> None:
    assert matches("The stages run from I to IV in most guides.") == []


def test_roman_numeral_alone_in_brackets_is_an_acronym() -> None:
    found = terms("It is given as an intravenous (IV) drip.")
    assert found["IV"]["explained"] is True
    assert found["IV"]["expansion"] == "intravenous"


def test_capital_letters_heading_is_not_acronyms() -> None:
    assert matches("PLEASE READ THIS FIRST before you start.") == []


def test_word_in_capitals_is_not_an_acronym() -> None:
    assert matches("NOTE that the clinic opens late.") == []


def test_familiar_word_is_not_jargon() -> None:
    assert matches("Your doctor will treat the cancer in your kidney and bladder.") == []


def test_familiar_initialism_is_not_an_acronym() -> None:
    assert matches("Genes are made of DNA.") == []


def test_numbers_are_not_uncommon_words() -> None:
    assert matches("Take 2,300 mg, 2.5 ml or 10:30 doses on 1-800-555-0100.") == []


def test_capitalised_name_is_not_uncommon() -> None:
    assert matches("She flew to Ouagadougou with Dr. Zbigniewska.") == []


def test_sentence_initial_rare_word_is_uncommon() -> None:
    found = terms("Trichloroethylene is a solvent.")
    assert found["trichloroethylene"]["category"] == "uncommon"


def test_name_written_mid_sentence_elsewhere_is_not_uncommon_at_sentence_start() -> None:
    assert matches("Zbigniewska called. We met Zbigniewska later.") == []


def test_uncommon_word_finding_carries_its_zipf_value() -> None:
    report = analyze_jargon(doc("Trichloroethylene is a solvent."))
    finding = report.findings[0]
    threshold = load_jargon_settings().zipf_threshold
    assert finding.rule_id == "jargon.uncommon"
    assert finding.threshold == threshold and finding.value < threshold


def test_inflection_of_common_word_is_not_uncommon() -> None:
    assert matches("It flushes the bladders, and the growths shrink.") == []


def test_words_inside_lexicon_matches_are_not_uncommon() -> None:
    found = terms("Pembrolizumab is a drug.")
    assert found["pembrolizumab"]["detectors"] == ["lexicon"]


def test_lexicon_term_inside_a_proper_name_is_not_reported() -> None:
    text = "Figures come from the SEER (Surveillance, Epidemiology, and End Results) program."
    assert "epidemiology" not in terms(text)


# ------------------------------------------------------------------ explained or not
def test_acronym_spelled_out_at_first_use_is_explained() -> None:
    found = terms("Renal cell carcinoma (RCC) is common. RCC can spread.")
    assert found["RCC"]["explained"] is True
    assert found["RCC"]["expansion"] == "renal cell carcinoma"


def test_acronym_spelled_out_after_it_is_explained() -> None:
    found = terms("We use the EQZ (extra quiet zone) rule here.")
    assert found["EQZ"]["explained"] is True
    assert found["EQZ"]["expansion"] == "extra quiet zone"


def test_acronym_not_spelled_out_is_a_warning() -> None:
    report = analyze_jargon(doc("Your RCC may need surgery."))
    finding = next(f for f in report.findings if f.match == "RCC")
    assert finding.severity == "warning"
    assert "renal cell carcinoma (RCC)" in finding.message


def test_acronym_spelled_out_only_later_is_not_explained() -> None:
    found = terms("RCC is common. Renal cell carcinoma (RCC) can spread.")
    assert found["RCC"]["explained"] is False


def test_term_named_but_not_explained_is_a_warning() -> None:
    text = "Drugs known as checkpoint inhibitors work well."
    assert terms(text)["checkpoint inhibitor"]["explained"] is False


def test_called_after_plain_description_is_explained() -> None:
    text = "Protein in the urine, called proteinuria, is checked."
    assert terms(text)["proteinuria"]["explained"] is True


def test_appositive_explains_a_term() -> None:
    text = "She had a nephrectomy, surgery to remove the kidney, last year."
    assert terms(text)["nephrectomy"]["explained"] is True


def test_list_of_terms_is_not_an_appositive() -> None:
    text = "Cisplatin, gemcitabine and docetaxel are options."
    assert terms(text)["cisplatin"]["explained"] is False


def test_predicate_after_a_comma_is_not_an_appositive() -> None:
    text = "Genes such as BRCA1, or those linked to Lynch syndrome, raise the risk."
    assert terms(text)["Lynch syndrome"]["explained"] is False


def test_clause_after_a_listed_term_is_not_an_appositive() -> None:
    text = "Growths such as oncocytomas and angiomyolipomas, can also form in the kidney."
    assert terms(text)["angiomyolipoma"]["explained"] is False


def test_next_sentence_about_another_subject_does_not_explain() -> None:
    text = "A scan is the main test for a kidney mass. It shows the size of the tumor."
    assert terms(text)["renal mass"]["explained"] is False


def test_plain_words_in_brackets_explain_a_term() -> None:
    text = "Benign (not cancer) growths are common."
    assert terms(text)["benign"]["explained"] is True


def test_brand_name_in_brackets_does_not_explain() -> None:
    assert terms("Axitinib (Inlyta) is taken twice a day.")["axitinib"]["explained"] is False


def test_term_in_brackets_after_plain_description_is_explained() -> None:
    found = terms("Low red blood cell counts (anemia) are common.")
    assert found["anemia"]["explained"] is True


def test_definitional_sentence_explains_a_term() -> None:
    assert terms("A stent is a thin tube that keeps a passage open.")["stent"]["explained"]


def test_means_explains_a_term() -> None:
    assert terms("Hematuria means blood in the urine.")["hematuria"]["explained"]


def test_lead_in_label_defined_by_its_item_is_explained() -> None:
    text = ("Options include:\n\n- Immunotherapy: Immunotherapy works by boosting the "
            "immune system.\n- Ablation: Heat is used.\n")
    found = terms(text)
    assert found["immunotherapy"]["explained"] is True


def test_explained_only_later_says_so_in_the_message() -> None:
    text = "The nephrectomy went well.\n\nA nephrectomy is surgery to remove a kidney."
    report = analyze_jargon(doc(text))
    assert report.document["terms"][0]["explained"] is False
    assert "explained later" in report.findings[0].message


def test_explained_term_is_a_suggestion() -> None:
    report = analyze_jargon(doc("Hematuria means blood in the urine."))
    assert [f.severity for f in report.findings] == ["suggestion"]


# ------------------------------------------------------------------ density and counts
def test_empty_section_has_none_density() -> None:
    document = doc("## Empty\n\n## Full\n\nThe biopsy was clear.\n")
    report = analyze_jargon(document)
    empty = report.sections[0]
    assert empty["words"] == 0 and empty["density"] is None and empty["complex_share"] is None
    assert empty["terms"] == [] and empty["counts"]["combined"] == 0


def test_empty_document_has_none_density() -> None:
    report = analyze_jargon(Document("e", "E", "e.md", "markdown", "", ()))
    assert report.sections == () and report.findings == ()
    assert report.document["density"] is None and report.document["words"] == 0


def test_density_counts_a_multiword_term_once() -> None:
    record = analyze_jargon(doc("Radical nephrectomy was done.")).document
    assert record["words"] == 4
    assert record["counts"]["combined"] == 1
    assert record["density"] == pytest.approx(1 / 4)


def test_complex_share_counts_each_word_of_a_term() -> None:
    record = analyze_jargon(doc("Radical nephrectomy was done.")).document
    assert record["complex_share"] == pytest.approx(2 / 4)


def test_token_hit_by_two_detectors_counts_once_in_combined() -> None:
    record = analyze_jargon(doc("The RCC grew.")).document
    assert record["counts"] == {"lexicon": 1, "uncommon": 0, "acronym": 1, "combined": 1,
                                "unexplained": 1}


def test_detector_counts_are_reported_apart() -> None:
    record = analyze_jargon(doc("The RCC and XQZ grew near trichloroethylene.")).document
    counts = record["counts"]
    assert (counts["lexicon"], counts["acronym"], counts["uncommon"]) == (1, 2, 1)
    assert counts["combined"] == 3


def test_section_counts_add_up_to_the_document() -> None:
    report = analyze_jargon(load_document(GUIDE))
    for key in ("lexicon", "uncommon", "acronym", "combined", "unexplained"):
        assert sum(s["counts"][key] for s in report.sections) == report.document["counts"][key]
    assert sum(s["words"] for s in report.sections) == report.document["words"]


def test_words_are_counted_exactly_as_readability_counts_them() -> None:
    for document in load_corpus(CORPUS).documents:
        report = analyze_jargon(document)
        for section, record in zip(document.sections, report.sections):
            expected = score_blocks(section.scored_blocks).counts.words
            assert record["words"] == expected, (document.path, section.id)


# ------------------------------------------------------------------ report shape
def test_sections_match_document_sections_in_order() -> None:
    document = load_document(GUIDE)
    report = analyze_jargon(document)
    assert len(report.sections) == len(document.sections)


def test_document_terms_ranked_by_count_then_first_position() -> None:
    ranked = analyze_jargon(load_document(GUIDE)).document["terms"]
    keys = [(-t["count"], t["first"]) for t in ranked]
    assert keys == sorted(keys)
    assert ranked[0]["term"] == "metastatic"


def test_one_finding_per_term_per_section() -> None:
    document = load_document(GUIDE)
    report = analyze_jargon(document)
    pairs = [(f.section, f.rule_id, f.match.lower()) for f in report.findings]
    per_section = [(f.section, f.rule_id) for f in report.findings]
    assert len(per_section) == sum(len(s["terms"]) for s in report.sections)
    assert len(set(pairs)) == len(pairs)


def test_findings_point_into_the_document_text() -> None:
    for document in load_corpus(CORPUS).documents:
        for finding in analyze_jargon(document).findings:
            assert document.text[finding.start:finding.end] == finding.match, finding
            assert finding.match in finding.sentence
            assert finding.section in {s.id for s in document.sections}


def test_findings_have_rule_ids_severity_source_and_checklist_items() -> None:
    report = analyze_jargon(doc("Your RCC and the XQZ need trichloroethylene."))
    by_rule = {f.rule_id: f for f in report.findings}
    assert set(by_rule) == {"jargon.staging", "jargon.acronym", "jargon.uncommon"}
    for finding in report.findings:
        assert finding.severity in ("warning", "suggestion")
        assert finding.source and finding.informed_by and finding.message
    assert by_rule["jargon.staging"].suggestion.startswith("the most common kind")


def test_report_is_json_ready() -> None:
    for document in load_corpus(CORPUS).documents:
        report = analyze_jargon(document)
        text = json.dumps({"sections": list(report.sections), "document": report.document},
                          allow_nan=False)
        assert json.loads(text)["document"] == report.document


def test_report_is_deterministic() -> None:
    document = load_document(GUIDE)
    assert analyze_jargon(document) == analyze_jargon(document)


def test_code_blocks_and_headings_are_not_read() -> None:
    text = "## Nephrectomy\n\nPlain words only.\n\n```\nnephrectomy\n```\n"
    assert matches(text) == []


# ------------------------------------------------------------------ strict rule data
def _lexicon_data() -> tuple[dict, dict]:
    files = {f"jargon/{name}.yml": read_rule_file(f"jargon/{name}.yml")
             for name in ("anatomy", "drugs")}
    return {k: dict(v) for k, v in files.items()}, read_rule_file("jargon/familiar.yml")


def _with_terms(data: dict, terms_: list[dict]) -> dict:
    out = dict(data)
    out["terms"] = terms_
    return out


def test_lexicon_unknown_key_is_an_error() -> None:
    files, familiar = _lexicon_data()
    entry = dict(files["jargon/anatomy.yml"]["terms"][0], plian="typo")
    files["jargon/anatomy.yml"] = _with_terms(files["jargon/anatomy.yml"], [entry])
    with pytest.raises(RuleError, match=r"jargon/anatomy\.yml terms\[0\]: plian: unknown key"):
        build_lexicon(files, familiar)


def test_lexicon_missing_plain_is_an_error() -> None:
    files, familiar = _lexicon_data()
    files["jargon/anatomy.yml"] = _with_terms(files["jargon/anatomy.yml"], [{"term": "aorta"}])
    with pytest.raises(RuleError, match=r"anatomy\.yml terms\[0\]: plain: missing"):
        build_lexicon(files, familiar)


def test_lexicon_unsorted_terms_are_an_error() -> None:
    files, familiar = _lexicon_data()
    files["jargon/anatomy.yml"] = _with_terms(files["jargon/anatomy.yml"], [
        {"term": "pelvis", "plain": "hips"}, {"term": "aorta", "plain": "big vessel"}])
    with pytest.raises(RuleError, match="out of order"):
        build_lexicon(files, familiar)


def test_lexicon_term_in_two_files_is_an_error() -> None:
    files, familiar = _lexicon_data()
    files["jargon/drugs.yml"] = _with_terms(files["jargon/drugs.yml"], [
        {"term": "aorta", "plain": "the main blood vessel"}])
    expected = r"drugs\.yml.*already listed under 'aorta' in jargon/anatomy\.yml"
    with pytest.raises(RuleError, match=expected):
        build_lexicon(files, familiar)


def test_lexicon_familiar_word_as_term_is_an_error() -> None:
    files, familiar = _lexicon_data()
    files["jargon/drugs.yml"] = _with_terms(files["jargon/drugs.yml"], [
        {"term": "kidney", "plain": "a bean-shaped organ"}])
    with pytest.raises(RuleError, match="listed as familiar"):
        build_lexicon(files, familiar)


def test_lexicon_acronym_needs_expansion() -> None:
    files, familiar = _lexicon_data()
    files["jargon/drugs.yml"] = _with_terms(files["jargon/drugs.yml"], [
        {"term": "XYZ", "plain": "a test drug", "acronym": True}])
    with pytest.raises(RuleError, match="expansion"):
        build_lexicon(files, familiar)


def test_lexicon_id_must_name_the_file() -> None:
    files, familiar = _lexicon_data()
    files["jargon/drugs.yml"] = dict(files["jargon/drugs.yml"], id="jargon.medicines")
    with pytest.raises(RuleError, match=r"drugs\.yml: id"):
        build_lexicon(files, familiar)


def test_settings_unknown_key_is_an_error() -> None:
    data = dict(read_rule_file("jargon-settings.yml"), zipf_treshold=2.5)
    with pytest.raises(RuleError, match="jargon-settings.yml: zipf_treshold: unknown key"):
        build_settings(data)


def test_settings_are_loaded_from_their_own_file() -> None:
    settings_ = load_jargon_settings()
    assert settings_.zipf_threshold == 3.0 and settings_.min_letters >= 1
    assert "jargon.settings" not in load_lexicon().rule_ids


# ------------------------------------------------------------------ robustness
_VOCAB = ["RCC", "(", ")", ",", ".", "called", "known as", "nephrectomy", "Nephrectomy",
          "IV", "stage", "renal cell carcinoma", "the", "is a", "which means", ":", "—",
          "e.g.", "www.cancer.gov", "2.5", "Ouagadougou", "XQZ", "'s", "-", "\n", "  "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    block = Block("paragraph", text, 0, len(text), label=text[:5] or None)
    section = Section("lead", None, 0, (block,), 0, len(text))
    report = analyze_jargon(Document("r", "R", "r.md", "markdown", text, (section,)))
    json.dumps(report.document, allow_nan=False)
    for value in (report.document["density"], report.document["complex_share"]):
        assert value is None or (math.isfinite(value) and 0 <= value <= 1)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_VOCAB), max_size=40).map(" ".join))
def test_random_jargon_like_text_never_raises(text: str) -> None:
    report = analyze_jargon(doc(text))
    for finding in report.findings:  # block text folds line breaks into spaces
        assert " ".join(text[finding.start:finding.end].split()) == finding.match
