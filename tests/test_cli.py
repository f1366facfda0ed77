"""The command line: check's exit codes, import, baseline changes."""

from __future__ import annotations

import json
import shutil

from fixture_paths import CORPUS, FIXTURES

from audit.cli import main


def test_check_exits_one_when_a_post_fails(capsys):
    assert main(["check", str(CORPUS)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  treatment-of-metastatic-kidney-cancer.txt  (Consensus grade level 14.9" in out
    assert "posts fail the profile 'patients'" in out


def test_check_exits_zero_when_every_post_passes(tmp_path, capsys):
    (tmp_path / "easy.md").write_text(
        "---\ntitle: Take Your Pills\n---\n\nTake one tablet each morning. Drink a glass of "
        "water with it. Call us if you feel sick.\n")
    lenient = tmp_path / "lenient.yml"
    profile = (FIXTURES.parent.parent / "src" / "audit" / "rules" / "profiles" /
               "patients.yml").read_text()
    lenient.write_text(profile.replace("id: profiles.patients", "id: profiles.lenient")
                       .replace("pass_min: 60\n    fail_below: 50", "pass_min: 0"))
    assert main(["check", str(tmp_path / "easy.md"), "--profile", str(lenient)]) == 0


def test_import_writes_one_markdown_file_per_post(tmp_path, capsys):
    assert main(["import", str(FIXTURES / "blogger-pass-export.xml"), "--to",
                 str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.md"))
    assert len(written) == 2
    assert main(["sections", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "DRAFT" in out and "skipped  1 comment entry (not posts)" in out


def test_baseline_prints_each_posts_change(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    assert main(["run", str(corpus), "--out", str(tmp_path / "before"), "--quiet"]) == 0
    guide = corpus / "treatment-of-metastatic-kidney-cancer.txt"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace(
        "The primary objectives in treating metastatic kidney cancer include controlling the "
        "spread of the disease, alleviating symptoms, improving quality of life, and extending "
        "survival.", "Treatment aims to slow the cancer. It eases symptoms. It helps you live "
        "well and longer."), encoding="utf-8")
    capsys.readouterr()
    assert main(["run", str(corpus), "--out", str(tmp_path / "after"), "--quiet",
                 "--baseline", str(tmp_path / "before" / "audit.json")]) == 0
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if l.strip().startswith("treatment-of-metastatic"))
    assert "grade 14.9 to" in line
    assert "what-is-kidney-cancer: no change" in out
    index = (tmp_path / "after" / "index.html").read_text(encoding="utf-8")
    assert "Changes since the baseline" in index


def test_many_files_skipped_for_one_reason_are_one_line_everywhere(tmp_path, capsys):
    """A folder that also holds images: each is accounted for in audit.json, but the
    terminal and the corpus page name three and count the rest."""
    from audit.report import SKIPS_LISTED

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    many = SKIPS_LISTED + 5
    for number in range(many):
        (corpus / f"img{number:02d}.png").write_bytes(b"\x89PNG")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    lines = [line for line in printed.splitlines() if "unsupported file type '.png'" in line]
    assert lines == [f"  ERROR img00.png, img01.png, img02.png and {many - 3} more: "
                     + lines[0].split(": ", 1)[1]]
    record = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert sum(s["path"].endswith(".png") for s in record["corpus"]["skipped"]) == many
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("unsupported file type &#39;.png&#39;") == 1
    assert f"img00.png, img01.png, img02.png and {many - 3} more" in index
    assert main(["check", str(corpus)]) == 1
    checked = [line for line in capsys.readouterr().out.splitlines() if ".png" in line]
    assert checked == [f"ERROR img00.png, img01.png, img02.png and {many - 3} more: "
                       + lines[0].split(": ", 1)[1]]


def test_a_few_files_skipped_for_one_reason_are_listed_one_by_one(tmp_path, capsys):
    from audit.report import SKIPS_LISTED

    for number in range(SKIPS_LISTED):
        (tmp_path / f"img{number:02d}.png").write_bytes(b"\x89PNG")
    (tmp_path / "post.md").write_text("# Rest\n\nRest when you need to.\n")
    assert main(["sections", str(tmp_path)]) == 1
    printed = capsys.readouterr().out
    assert [line.split(":")[0] for line in printed.splitlines() if ".png" in line] == [
        f"  ERROR img{number:02d}.png" for number in range(SKIPS_LISTED)]


def test_a_large_blogs_run_summary_lists_the_hardest_posts_and_counts_the_rest():
    from pathlib import Path

    from audit.report import SUMMARY_LISTED, format_summary

    documents = [{"id": f"post-{n:03d}", "status": "warn", "sample": False, "draft": False,
                  "metrics": {"consensus_grade": float(n % 17), "grade_spread": 1.0,
                              "flesch_reading_ease": 60.0}, "counts": {"words": 300}}
                 for n in range(SUMMARY_LISTED + 25)]
    record = {"corpus": {"documents": len(documents), "skipped": []}, "documents": documents,
              "profile": {"name": "patients", "label": "Patients"}}
    lines = format_summary(record, Path("reports")).splitlines()
    listed = [line for line in lines if "post-" in line]
    assert len(listed) == SUMMARY_LISTED
    hardest = sorted((d["metrics"]["consensus_grade"] for d in documents), reverse=True)
    assert [float(line.split()[1]) for line in listed] == hardest[:SUMMARY_LISTED]
    assert "... and 25 more posts with lower grades: every post is in the report" in lines
    assert lines[-2].startswith("Report: ")
