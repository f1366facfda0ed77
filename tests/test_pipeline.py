"""The audit record: schema, the guide's numbers, profiles, determinism."""

from __future__ import annotations

import json
import math
import os
import pickle
import statistics
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest
from fixture_paths import CORPUS, FIXTURES, ROOT

from audit import load_corpus, load_document
from audit.pipeline import audit_corpus, audit_document
from audit.profile import load_profile, worst
from audit.report import dumps
from audit.rounding import round_in_place, rounded
from audit.rules import RuleError

SCHEMA = json.loads((resources.files("audit") / "schema" / "audit.schema.json").read_text())
METRIC_KEYS = ["flesch_reading_ease", "flesch_kincaid_grade", "smog", "gunning_fog",
               "coleman_liau", "ari", "dale_chall", "consensus_grade"]


@pytest.fixture(scope="module")
def record():
    return json.loads(dumps(audit_corpus(load_corpus(CORPUS), load_profile())))


@pytest.fixture(scope="module")
def guide_record(record):
    return next(d for d in record["documents"]
                if d["id"] == "treatment-of-metastatic-kidney-cancer")


def test_audit_json_validates_against_the_shipped_schema(record):
    jsonschema.validate(record, SCHEMA)
    assert record["schema_version"] == "1.0"
    assert record["textstat_version"] == "0.7.13"
    assert record["rules_version"]


def test_every_document_and_section_has_the_metric_keys(record):
    for document in record["documents"]:
        assert set(METRIC_KEYS) <= set(document["metrics"])
        for section in document["sections"]:
            assert set(METRIC_KEYS) <= set(section["metrics"])
            assert {"heading", "level", "counts", "metrics", "reliable", "status",
                    "sentences"} <= set(section)


def test_guide_has_per_section_scores(guide_record):
    headings = [s["heading"] for s in guide_record["sections"]]
    assert headings == [None, "Understanding Metastatic Kidney Cancer", "The Goals of Treatment",
                        "Available Treatment Options", "Navigating Treatment Decisions",
                        "Support and Palliative Care", None]
    for section in guide_record["sections"]:
        assert section["metrics"]["flesch_kincaid_grade"] is not None


def test_guide_treatment_option_lead_ins_are_separate_sentences(guide_record):
    options = guide_record["sections"][3]
    texts = [s["text"] for s in options["sentences"]]
    for label in ["Targeted Therapy:", "Immunotherapy:", "Radiation Therapy:",
                  "Surgical Intervention:", "Clinical Trials:"]:
        assert label in texts


def test_guide_consensus_grade_is_the_median_with_its_spread(guide_record):
    metrics = guide_record["metrics"]
    grades = list(metrics["grades"].values())
    assert len(grades) == 6
    assert metrics["consensus_grade"] == pytest.approx(statistics.median(grades), abs=1e-3)
    assert metrics["grade_spread"] == pytest.approx(max(grades) - min(grades), abs=1e-3)
    assert metrics["consensus_grade"] > 12  # a university-level text, as the issue says
    assert guide_record["status"] == "fail"


def test_document_scores_come_from_summed_section_counts(guide_record):
    words = sum(s["counts"]["words"] for s in guide_record["sections"])
    sentences = sum(s["counts"]["sentences"] for s in guide_record["sections"])
    assert guide_record["counts"]["words"] == words
    assert guide_record["counts"]["sentences"] == sentences


def test_short_sections_are_flagged_not_reliable(guide_record):
    by_heading = {s["heading"]: s for s in guide_record["sections"]}
    assert by_heading["The Goals of Treatment"]["reliable"] is False  # 44 words, 2 sentences
    assert by_heading["Available Treatment Options"]["reliable"] is True
    assert all(s["smog_estimate"] for s in guide_record["sections"])  # all under 30 sentences


def test_every_check_carries_status_and_the_threshold_that_decided_it(record):
    for document in record["documents"]:
        for check in document["checks"] + [c for s in document["sections"] for c in s["checks"]]:
            assert check["status"] in {"pass", "warn", "fail", "n/a"}
            assert check["threshold"] and check["source"]


def test_failing_checks_become_findings_with_their_threshold(guide_record):
    grade = [f for f in guide_record["findings"]
             if f["rule_id"] == "readability.consensus_grade" and f["section"] == ""]
    assert len(grade) == 1 and grade[0]["threshold"] == 8.0 and grade[0]["severity"] == "error"


def test_empty_section_gives_no_error_and_no_nan(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: T\n---\n\n## Empty heading\n\n## Next\n\nOne sentence here.\n")
    result = audit_document(load_document(post), load_profile())
    empty = result["sections"][0]
    assert empty["heading"] == "Empty heading"
    assert all(value is None for key, value in empty["metrics"].items() if key != "grades")
    assert {c["status"] for c in empty["checks"] if c["id"] != "section_words"} == {"n/a"}
    text = dumps({"r": result})
    assert "NaN" not in text and "Infinity" not in text


def test_profile_thresholds_are_data(tmp_path):
    strict = (resources.files("audit") / "rules" / "profiles" / "patients.yml").read_text()
    strict = strict.replace("id: profiles.patients", "id: profiles.lenient")
    strict = strict.replace("pass_max: 8\n    fail_above: 10", "pass_max: 18\n    fail_above: 19")
    path = tmp_path / "lenient.yml"
    path.write_text(strict)
    guide = load_document(CORPUS / "treatment-of-metastatic-kidney-cancer.txt")
    lenient = audit_document(guide, load_profile(str(path)))
    default = audit_document(guide, load_profile())
    grade = {c["id"]: c for c in lenient["checks"]}["consensus_grade"]
    assert grade["status"] == "pass" and grade["threshold"] == {"pass_max": 18, "fail_above": 19}
    assert {c["id"]: c for c in default["checks"]}["consensus_grade"]["status"] == "fail"


def test_profile_with_a_misspelt_key_is_refused(tmp_path):
    text = (resources.files("audit") / "rules" / "profiles" / "patients.yml").read_text()
    path = tmp_path / "patients.yml"
    path.write_text(text.replace("pass_min: 60", "pass_minimum: 60"))
    with pytest.raises(RuleError, match="pass_minimum: unknown key"):
        load_profile.__wrapped__(str(path))


def test_unknown_profile_name_lists_the_available_ones():
    with pytest.raises(ValueError, match="unknown profile 'nurses' \\(available: patients"):
        load_profile("nurses")


@pytest.mark.parametrize(("statuses", "expected"), [
    ([], "n/a"),
    (["n/a"], "n/a"),
    (["pass", "n/a"], "pass"),
    (["pass", "warn", "pass"], "warn"),
    (["warn", "fail", "pass", "warn"], "fail"),
])
def test_worst_status(statuses, expected):
    assert worst(statuses) == expected


def test_profile_survives_pickling_with_its_bounds_as_written():
    # batch workers receive the profile pickled; whole-number bounds stay ints in JSON
    profile = load_profile()
    again = pickle.loads(pickle.dumps(profile))
    assert again == profile
    assert again.checks["consensus_grade"].bounds() == {"pass_max": 8, "fail_above": 10}
    assert type(again.checks["consensus_grade"].bounds()["pass_max"]) is int
    assert again.check("section_words", 301)["status"] == "warn"


def test_same_corpus_gives_byte_identical_json_across_processes(tmp_path):
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "audit", "run", str(CORPUS), "--out", str(out),
                        "--quiet"], check=True, capture_output=True, env=env, cwd=ROOT)
        outputs.append((out / "audit.json").read_bytes())
    assert outputs[0] == outputs[1]
    assert str(ROOT).encode() not in outputs[0]  # no absolute paths


def test_run_command_prints_where_the_report_went(tmp_path):
    result = subprocess.run([sys.executable, "-m", "audit", "run", str(CORPUS), "--out",
                             str(tmp_path), "--quiet"], check=True, capture_output=True, text=True)
    assert f"Report: {tmp_path / 'index.html'}" in result.stdout
    assert (tmp_path / "index.html").is_file() and (tmp_path / "audit.json").is_file()
    assert len(list((tmp_path / "posts").glob("*.html"))) == 9
    assert "treatment-of-metastatic-kidney-cancer" in result.stdout


def test_blogger_export_and_html_page_audit_in_one_corpus(tmp_path):
    import shutil

    for name in ["blogger-pass-export.xml", "html-pass-blog-page.html"]:
        shutil.copy(FIXTURES / name, tmp_path / name)
    corpus = load_corpus(tmp_path)
    record = json.loads(dumps(audit_corpus(corpus, load_profile())))
    jsonschema.validate(record, SCHEMA)
    formats = sorted(d["format"] for d in record["documents"])
    assert formats == ["blogger", "blogger", "html"]
    assert sum(d["draft"] for d in record["documents"]) == 1
    assert all(not math.isnan(d["counts"]["words"]) for d in record["documents"])
    kinds = sorted(s["reason"] for s in record["corpus"]["skipped"])
    assert kinds and all("not posts" in reason for reason in kinds)


def _containers(value: object, found: dict[int, object]) -> dict[int, object]:
    """Every dict and list inside ``value``, by identity (kept alive in ``found``)."""
    if isinstance(value, (dict, list)):
        found[id(value)] = value
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, found)
    return found


def test_records_share_no_containers_so_rounding_in_place_is_safe():
    """The batch worker rounds each record in place: no dict or list of one record may
    be shared with another record, or with rule data that a later record reuses."""
    profile = load_profile()
    documents = load_corpus(CORPUS).documents
    seen: dict[int, object] = {}
    for document in documents + documents[:2]:  # the first two audited twice
        found = _containers(audit_document(document, profile), {})
        assert not set(found) & set(seen), document.id
        seen.update(found)


def test_round_in_place_gives_the_values_rounded_gives():
    record = {"a": [1.234567, (2.000049, "x"), {"b": -0.00001}], "c": True, "d": None}
    expected = rounded(record)
    assert round_in_place(record) == expected == {
        "a": [1.2346, [2.0, "x"], {"b": 0.0}], "c": True, "d": None}
    assert str(record["a"][2]["b"]) == "0.0"  # never "-0.0"
    with pytest.raises(ValueError, match="non-finite"):
        round_in_place({"x": [float("nan")]})


def test_sentence_records_hold_every_sentence_field_in_order():
    """audit.json's sentence records are SentenceStats' fields, in order."""
    from audit.model import Block
    from audit.pipeline import _sentence_records
    from audit.readability import SentenceStats, score_blocks

    text = "The tumor was removed by the surgical oncology team. We will check it."
    stats = score_blocks([Block("paragraph", text, 0, len(text))]).sentences
    records = _sentence_records(stats)
    assert [list(r) for r in records] == [list(SentenceStats._fields)] * len(stats)
    assert records == [{**s._asdict(), "hard_words": list(s.hard_words)} for s in stats]


def test_threshold_bounds_are_a_new_dict_each_time():
    threshold = load_profile().checks["passive_share"]
    first = threshold.bounds()
    first["pass_max"] = -1
    assert threshold.bounds() == {"pass_max": threshold.pass_max,
                                  "fail_above": threshold.fail_above}
