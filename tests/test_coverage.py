"""Required-topic coverage: the guide, the fixtures, the score, the grid, strict loading."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import load_corpus, load_document
from audit import coverage as cov
from audit.coverage import check_coverage, load_shared, load_topic_rules
from audit.cues import CueSyntaxError, phrase_regex
from audit.model import CONTENT_TYPES
from audit.rules import RuleError, read_rule_file

from fixture_paths import CORPUS, FIXTURES

GRID_COLUMNS = ("how_it_works", "benefits", "risks", "quality_of_life")
GUIDE_OPTIONS = ["targeted_therapy", "immunotherapy", "radiation", "surgery", "clinical_trials"]
RULE_ID = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")  # the finding schema's pattern


def _topics(report):
    return {topic["id"]: topic for topic in report.record["topics"]}


def _row(report, option_id):
    return next(row for row in report.record["options_grid"] if row["option"] == option_id)


@pytest.fixture(scope="module")
def guide_report(guide):
    return check_coverage(guide)


# ------------------------------------------------------------------ the guide


def test_guide_goals_are_covered_with_evidence_in_the_goals_section(guide_report):
    goals = _topics(guide_report)["goals"]
    assert goals["status"] == "covered"
    assert goals["evidence"][0]["heading"] == "The Goals of Treatment"
    assert goals["evidence"][0]["section"] == "the-goals-of-treatment"
    assert goals["evidence"][0]["sentence"].startswith("The primary objectives in treating")


def test_guide_names_all_five_treatment_options(guide_report):
    options = _topics(guide_report)["treatment_options"]
    assert options["status"] == "covered"
    assert options["options"] == GUIDE_OPTIONS
    assert options["informed_by"] == ["Editorial standard", "DISCERN Q14"]
    evidence = [e["sentence"] for e in options["evidence"]]
    for label in ("Targeted Therapy:", "Immunotherapy:", "Radiation Therapy:",
                  "Surgical Intervention:", "Clinical Trials:"):
        assert label in evidence


def test_guide_support_and_palliative_care_is_covered(guide_report):
    support = _topics(guide_report)["support"]
    assert support["status"] == "covered"
    assert {e["heading"] for e in support["evidence"]} == {"Support and Palliative Care"}


def test_guide_risks_are_weak_because_side_effects_are_only_mentioned(guide_report):
    risks = _topics(guide_report)["risks"]
    assert risks["status"] == "weak"
    assert [e["section"] for e in risks["evidence"]] == ["navigating-treatment-decisions"]
    assert "potential side effects" in risks["evidence"][0]["sentence"]
    finding = next(f for f in guide_report.findings
                   if f.rule_id == "coverage.treatment_guide.risks")
    assert finding.severity == "warning"
    assert "general mention" in finding.message and "'side effects'" in finding.message
    assert finding.match == "side effects"
    assert "fatigue" in finding.suggestion


def test_guide_says_nothing_about_going_without_treatment(guide_report):
    topic = _topics(guide_report)["no_treatment"]
    assert topic["status"] == "missing"
    assert topic["evidence"] == []
    assert topic["informed_by"] == ["DISCERN Q12"]
    finding = next(f for f in guide_report.findings
                   if f.rule_id == "coverage.treatment_guide.no_treatment")
    assert finding.severity == "error"
    assert finding.section == "" and finding.start is None
    assert finding.suggestion


def test_guide_statuses_of_every_topic(guide_report):
    assert {t: v["status"] for t, v in _topics(guide_report).items()} == {
        "main_message": "covered", "goals": "covered", "treatment_options": "covered",
        "how_it_works": "covered", "benefits": "covered", "risks": "weak",
        "quality_of_life": "covered", "no_treatment": "missing",
        "shared_decision": "covered", "support": "covered", "contact": "missing",
        "sources": "missing", "review_date": "missing",
    }


def test_guide_grid_has_one_row_per_option_in_order_of_first_mention(guide_report):
    grid = guide_report.record["options_grid"]
    assert [row["option"] for row in grid] == GUIDE_OPTIONS
    for row in grid:
        assert set(row) == {"option", "label", "mentions", *GRID_COLUMNS}
        for column in GRID_COLUMNS:
            cell = row[column]
            assert cell == "missing" or (
                cell["status"] in ("covered", "weak")
                and set(cell) == {"status", "section", "heading", "sentence", "start", "end"})


def test_guide_grid_names_no_side_effect_of_immunotherapy(guide_report):
    row = _row(guide_report, "immunotherapy")
    assert row["risks"] == "missing"
    assert row["quality_of_life"] == "missing"
    assert row["how_it_works"]["status"] == "covered"
    assert "works by boosting" in row["how_it_works"]["sentence"]
    assert row["how_it_works"]["section"] == "available-treatment-options"
    # "Drugs known as checkpoint inhibitors ..." is in the Immunotherapy lead-in item
    assert "durable responses" in row["benefits"]["sentence"]


def test_guide_grid_cells(guide_report):
    statuses = {row["option"]: tuple("missing" if row[c] == "missing" else row[c]["status"]
                                     for c in GRID_COLUMNS)
                for row in guide_report.record["options_grid"]}
    assert statuses == {
        "targeted_therapy": ("covered", "covered", "missing", "missing"),
        "immunotherapy": ("covered", "covered", "missing", "missing"),
        "radiation": ("missing", "covered", "missing", "missing"),
        "surgery": ("covered", "missing", "missing", "missing"),
        "clinical_trials": ("missing", "covered", "missing", "missing"),
    }


def test_grid_gaps_give_one_suggestion_per_option(guide_report):
    grid_findings = [f for f in guide_report.findings
                     if f.rule_id == "coverage.treatment_guide.options_grid"]
    assert len(grid_findings) == 5
    immunotherapy = next(f for f in grid_findings if f.match == "Immunotherapy")
    assert immunotherapy.severity == "suggestion"
    assert "risks and side effects (missing)" in immunotherapy.message
    assert immunotherapy.informed_by == ("DISCERN Q11", "DISCERN Q13")


def test_evidence_offsets_point_at_the_sentence_in_the_source(guide, guide_report):
    evidence = [e for t in guide_report.record["topics"] for e in t["evidence"]]
    evidence += [row[c] for row in guide_report.record["options_grid"]
                 for c in GRID_COLUMNS if row[c] != "missing"]
    assert evidence
    for item in evidence:
        assert guide.text[item["start"]:item["end"]] == item["sentence"]


def test_evidence_offsets_in_markdown_span_the_sentence():
    document = load_document(CORPUS / "pembrolizumab-for-renal-cell-carcinoma.md")
    report = check_coverage(document)
    for topic in report.record["topics"]:
        for item in topic["evidence"]:
            source = document.text[item["start"]:item["end"]]
            plain = re.sub(r"[*_`]|\]\([^)]*\)|\[", "", source)
            assert plain == item["sentence"], (topic["id"], source)


def test_guide_score_is_the_weighted_share_of_credit(guide_report):
    credits = load_shared().credits
    topics = guide_report.record["topics"]
    earned = sum(t["weight"] * credits[t["status"]] for t in topics)
    assert guide_report.record["score"] == pytest.approx(earned / sum(t["weight"] for t in topics))
    # main 1 + goals 2 + options 3 + how 1 + benefits 2 + quality 2 + decision 2 + support 2
    # covered = 15, risks weak = 2 * 0.5, missing 2 + 2 + 1 + 1; total weight 23
    assert guide_report.record["score"] == pytest.approx(16 / 23)


def test_record_is_json_ready_and_deterministic(guide):
    first = check_coverage(guide)
    text = json.dumps(first.record, allow_nan=False, sort_keys=False)
    assert json.loads(text) == first.record
    assert check_coverage(guide) == first
    assert list(first.record) == ["content_type", "score", "topics", "options_grid"]
    for topic in first.record["topics"]:
        assert list(topic)[:5] == ["id", "label", "status", "evidence", "informed_by"]


def test_findings_follow_the_one_finding_shape(guide_report):
    topics = _topics(guide_report)
    topic_findings = [f for f in guide_report.findings if not f.rule_id.endswith("options_grid")]
    assert {f.rule_id.rsplit(".", 1)[-1] for f in topic_findings} == {
        t for t, v in topics.items() if v["status"] != "covered"}
    for finding in guide_report.findings:
        assert RULE_ID.match(finding.rule_id), finding.rule_id
        assert finding.document == "treatment-of-metastatic-kidney-cancer"
        assert finding.suggestion and finding.message
        json.dumps(finding.to_dict(), allow_nan=False)
    for finding in topic_findings:
        status = topics[finding.rule_id.rsplit(".", 1)[-1]]["status"]
        assert finding.severity == {"missing": "error", "weak": "warning"}[status]
        assert finding.informed_by


# ------------------------------------------------------------------ fixtures


def test_guide_without_its_support_section_reports_support_missing():
    report = check_coverage(load_document(FIXTURES / "coverage-fail-no-support-section.txt"))
    assert _topics(report)["support"]["status"] == "missing"
    assert any(f.rule_id == "coverage.treatment_guide.support" and f.severity == "error"
               for f in report.findings)
    assert _topics(report)["goals"]["status"] == "covered"


def test_goals_reworded_without_the_word_goal_stay_covered():
    document = load_document(FIXTURES / "coverage-pass-reworded-goals.txt")
    assert "goal" not in document.text.lower()
    goals = _topics(check_coverage(document))["goals"]
    assert goals["status"] == "covered"
    assert goals["evidence"][0]["heading"] == "What Treatment Aims to Do"
    assert "the aim is to slow the cancer" in goals["evidence"][0]["sentence"]


def test_support_only_in_the_title_and_the_footer_is_not_covered():
    document = load_document(FIXTURES / "coverage-fail-support-only-in-title-and-footer.txt")
    assert "Support" in document.title
    assert any("Support" in link.title for link in document.links)
    support = _topics(check_coverage(document))["support"]
    assert support["status"] == "missing"
    assert support["evidence"] == []


def test_legal_page_requires_no_clinical_topic():
    document = load_document(CORPUS / "urology-cancers-blog-disclaimer.md")
    report = check_coverage(document)
    topics = _topics(report)
    assert set(topics) == {"not_medical_advice", "emergency"}
    clinical = {t.id for ct in CONTENT_TYPES if ct != "legal"
                for t in load_topic_rules(ct).topics}
    assert not set(topics) & clinical
    assert not any(item.startswith("DISCERN") for t in topics.values() for item in t["informed_by"])
    assert report.record["options_grid"] is None
    assert report.record["score"] == 1.0
    assert report.findings == ()


def test_document_without_content_type_gets_an_empty_record_and_one_finding():
    document = load_document(FIXTURES / "coverage-fail-no-content-type.md")
    report = check_coverage(document)
    assert report.record == {"content_type": None, "score": None, "topics": [],
                             "options_grid": None}
    (finding,) = report.findings
    assert finding.rule_id == "coverage.content_type"
    assert "content_type" in finding.message and "front matter" in finding.message
    assert RULE_ID.match(finding.rule_id)


def test_unknown_content_type_is_explained_not_raised(guide):
    report = check_coverage(replace(guide, metadata={"content_type": "recipe"}))
    assert report.record["topics"] == [] and report.record["score"] is None
    assert "recipe" in report.findings[0].message


def test_option_heading_attributes_its_section_to_the_option():
    report = check_coverage(load_document(FIXTURES / "coverage-pass-option-headings.md"))
    assert [row["option"] for row in report.record["options_grid"]] == [
        "active_surveillance", "ablation"]
    ablation = _row(report, "ablation")
    assert ablation["how_it_works"]["sentence"] == (
        "It destroys the tumor cells with extreme cold.")
    assert ablation["how_it_works"]["heading"] == "Ablation"
    assert ablation["quality_of_life"]["status"] == "covered"
    assert _row(report, "active_surveillance")["risks"]["status"] == "weak"
    assert _topics(report)["treatment_options"]["options"] == ["active_surveillance", "ablation"]


def test_headings_are_never_evidence_for_topics_placed_anywhere():
    report = check_coverage(load_document(FIXTURES / "coverage-pass-option-headings.md"))
    # "Active Surveillance" is only a heading: no sentence says what happens without treatment
    assert _topics(report)["no_treatment"]["status"] == "missing"


def test_a_heading_for_a_section_topic_with_no_cue_under_it_is_weak():
    document = load_document(FIXTURES / "coverage-pass-option-headings.md")
    report = check_coverage(document)
    support = _topics(report)["support"]
    assert support["status"] == "weak"
    heading = support["evidence"][0]
    assert heading["sentence"] == "Support"
    assert document.text[heading["start"]:heading["end"]] == "Support"
    finding = next(f for f in report.findings if f.rule_id.endswith(".support"))
    assert "no sentence under it" in finding.message


def test_section_topic_found_outside_its_section_is_weak(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text(
        "---\ntitle: Kidney cancer treatment\ncontent_type: treatment-guide\n---\n\n"
        "There are several treatment options.\n\n## Treatment\n\n"
        "Surgery removes the kidney. Palliative care eases pain and other symptoms.\n",
        encoding="utf-8")
    support = _topics(check_coverage(load_document(path)))["support"]
    assert support["status"] == "weak"
    assert support["evidence"][0]["section"] == "treatment"


def test_lead_topic_found_only_later_is_weak():
    report = check_coverage(load_document(CORPUS / "prostate-cancer-an-overview.md"))
    what = _topics(report)["what_it_is"]
    assert what["status"] == "weak"
    assert what["evidence"][0]["heading"] == "How Prostate Cancer Develops"
    finding = next(f for f in report.findings if f.rule_id == "coverage.overview.what_it_is")
    assert "outside the opening section" in finding.message


def test_one_option_alone_makes_the_options_topic_weak(tmp_path):
    path = tmp_path / "one.md"
    path.write_text("---\ntitle: Surgery\ncontent_type: treatment-guide\n---\n\n"
                    "Your treatment options are limited. Surgery removes the kidney.\n",
                    encoding="utf-8")
    topic = _topics(check_coverage(load_document(path)))["treatment_options"]
    assert topic["status"] == "weak" and topic["options"] == ["surgery"]


CORPUS_SCORES = {
    "can-bladder-cancer-be-prevented": 12 / 13,
    "how-is-kidney-cancer-diagnosed": 11 / 12,
    "pembrolizumab-for-renal-cell-carcinoma": 14 / 15,
    "prostate-cancer-an-overview": 11 / 13,
    "treatment-of-metastatic-kidney-cancer": 16 / 23,
    "urology-cancers-blog-disclaimer": 1.0,
    "what-are-the-risk-factors-for-bladder-cancer": 11 / 12,
    "what-is-kidney-cancer": 11.5 / 13,
    "what-is-the-survival-rate-for-bladder-cancer": 11 / 12,
}


def test_scores_of_the_corpus_posts():
    corpus = load_corpus(CORPUS)
    scores = {d.id: check_coverage(d).record["score"] for d in corpus.documents}
    assert scores == pytest.approx(CORPUS_SCORES)


# ------------------------------------------------------------------ strict loading


@pytest.fixture()
def patched_rules():
    """Return a function that loads a content type from a modified copy of its data.

    Each file is validated as its loader does (``load_shared`` and so on, uncached),
    from a copy of its data in which ``change`` has modified that of ``target``.
    """

    def load(content_type, change, target=None):
        topic_file = f"topics/{content_type}.yml"
        data = {name: copy.deepcopy(read_rule_file(name))
                for name in ("topics/shared.yml", "topics/options.yml", topic_file)}
        change(data[target or topic_file])
        shared = cov._shared_rules(data["topics/shared.yml"])
        options = cov._option_rules(data["topics/options.yml"], shared)
        return cov._topic_rules(content_type, data[topic_file], shared, options)

    return load


@pytest.mark.parametrize(("change", "key"), [
    (lambda d: d.update(colour="blue"), "colour"),
    (lambda d: d["topics"][0].update(cue=["goal"]), "cue"),
    (lambda d: d["topics"][1].update(where="everywhere"), "where"),
    (lambda d: d["topics"][1].update(where="section"), "sections"),
    (lambda d: d["topics"][1]["cues"].append("[goal|aim"), "cues[6]"),
    (lambda d: d["topics"][1]["cues"].append("<no_such_list>"), "cues[6]"),
    (lambda d: d["topics"][1].update(id="goals-of-care"), "id"),
    (lambda d: d["topics"][2].update(id="goals"), "id"),
    (lambda d: d["topics"][1].update(weight=0), "weight"),
    (lambda d: d["topics"][1].update(covered_when={"sentence": 2}), "sentence"),
    (lambda d: d["topics"][1].update(informed_by=[]), "informed_by"),
    (lambda d: d["topics"][1].pop("suggestion"), "suggestion"),
    (lambda d: d.update(options_grid="yes"), "options_grid"),
])
def test_malformed_topic_file_raises_rule_error_naming_file_and_key(patched_rules, change, key):
    with pytest.raises(RuleError) as error:
        patched_rules("treatment-guide", change)
    assert error.value.path.startswith("topics/treatment-guide.yml")
    assert key in error.value.key
    assert str(error.value).startswith("topics/treatment-guide.yml")


@pytest.mark.parametrize(("target", "change", "key"), [
    ("topics/shared.yml", lambda d: d.update(extra=1), "extra"),
    ("topics/shared.yml", lambda d: d["scoring"].update(partial=0.25), "partial"),
    ("topics/shared.yml", lambda d: d["vocabularies"].update(bad=["<care_team> now"]),
     "vocabularies.bad[0]"),
    ("topics/options.yml", lambda d: d["columns"][0].update(weak=["x"]), "weak"),
    ("topics/options.yml", lambda d: d["options"][0].update(cues=[]), "cues"),
    ("topics/options.yml", lambda d: d.update(grid_finding_severity="loud"),
     "grid_finding_severity"),
])
def test_malformed_shared_files_raise_rule_error(patched_rules, target, change, key):
    with pytest.raises(RuleError) as error:
        patched_rules("treatment-guide", change, target=target)
    assert error.value.path.startswith(target)
    assert key in error.value.key


def test_unknown_content_type_rules_are_refused():
    with pytest.raises(ValueError, match="unknown content type"):
        load_topic_rules("recipe")


def test_rules_are_compiled_once():
    assert load_topic_rules("treatment-guide") is load_topic_rules("treatment-guide")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab []|<>()*?.-'re:_x", max_size=20))
def test_any_phrase_compiles_or_raises_cue_syntax_error(phrase):
    try:
        regex = phrase_regex(phrase, {"x": "x"})
    except CueSyntaxError:
        return
    re.compile(regex)


def test_records_match_the_schema_fragment_in_the_docs():
    import jsonschema

    docs = (CORPUS.parent / "docs" / "coverage.md").read_text(encoding="utf-8")
    block = docs.split("names are suggestions):\n\n```json\n", 1)[1].split("```", 1)[0]
    definitions = json.loads(block)
    schema = {"$defs": definitions, **definitions["coverage"]}
    documents = list(load_corpus(CORPUS).documents) + [
        load_document(FIXTURES / name) for name in (
            "coverage-pass-option-headings.md", "coverage-fail-no-content-type.md")]
    for document in documents:
        jsonschema.validate(check_coverage(document).record, schema)
