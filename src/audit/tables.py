"""Tables for editors, built from ``audit.json`` records alone (never recomputed).

Each function takes the record (or one document's record) and returns a pandas
DataFrame with readable column names, rounded for display, in a stable order. The
notebooks show them; the HTML reports render the same tables. The per-post tables are
built by ``*_rows`` functions (plain dicts, keyed by the ``*_COLUMNS`` lists), which
the post pages render directly: a DataFrame per table cost more than the whole page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .profile import STATUS_ORDER

if TYPE_CHECKING:
    import pandas as pd

#: Weight of a finding's severity when ranking fixes across the blog.
SEVERITY_WEIGHT = {"error": 3, "warning": 2, "suggestion": 1}


def _frame(rows: list[Any], columns: list[str]) -> pd.DataFrame:
    """A DataFrame of ``rows``. pandas is imported here, on first use, because the
    batch workers and the post pages need only the ``*_rows`` functions and
    importing pandas costs each process about a third of a second."""
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def _pct(value: float | None) -> float | None:
    """A share as a percentage with one decimal."""
    return None if value is None else round(100 * value, 1)


def _check(record: dict[str, Any], check_id: str) -> dict[str, Any] | None:
    return next((c for c in record["checks"] if c["id"] == check_id), None)


def scorecard(record: dict[str, Any]) -> pd.DataFrame:
    """One row per post, worst first: status, then consensus grade (highest first).

    Columns: post, title, status, grade (consensus), spread, reading ease, jargon
    density (%), coverage score (%), words, sample.
    """
    rows = []
    for document in record["documents"]:
        metrics = document["metrics"]
        jargon = document.get("jargon") or {}
        coverage = document.get("coverage") or {}
        rows.append({
            "post": document["id"],
            "title": document["title"],
            "status": document["status"],
            "grade": _round(metrics["consensus_grade"]),
            "spread": _round(metrics["grade_spread"]),
            "reading ease": _round(metrics["flesch_reading_ease"]),
            "jargon per 100 words": _pct(jargon.get("density")),
            "coverage %": _pct(coverage.get("score")),
            "words": document["counts"]["words"],
            "sample": document["sample"],
        })
    frame = _frame(rows, columns=["post", "title", "status", "grade", "spread",
                                  "reading ease", "jargon per 100 words", "coverage %", "words",
                                  "sample"])
    order = frame["status"].map(STATUS_ORDER).fillna(0)
    frame = frame.assign(_order=-order, _grade=-frame["grade"].fillna(0))
    frame = frame.sort_values(["_order", "_grade", "post"], kind="stable")
    return frame.drop(columns=["_order", "_grade"]).reset_index(drop=True)


#: Columns of each per-post table, in display order. The ``*_rows`` functions build the
#: rows as plain dicts (the post pages render them without pandas, which is most of the
#: cost of a page); the ``DataFrame`` functions wrap the same rows for the notebooks.
SECTION_COLUMNS = ["section", "words", "sentences", "grade", "reliable",
                   "jargon per 100 words", "long sentences %", "passive %", "status"]
FORMULA_COLUMNS = ["formula", "value"]
HARDEST_COLUMNS = ["section", "grade", "sentence", "why"]
JARGON_COLUMNS = ["term", "category", "count", "plain words", "explained"]
COVERAGE_COLUMNS = ["topic", "status", "section", "evidence", "informed by"]
CHECKLIST_COLUMNS = ["item", "result", "detail", "informed by"]

_FORMULAS = (("Flesch Reading Ease", "flesch_reading_ease"),
             ("Flesch-Kincaid grade", "flesch_kincaid_grade"), ("SMOG", "smog"),
             ("Gunning Fog", "gunning_fog"), ("Coleman-Liau", "coleman_liau"),
             ("ARI", "ari"), ("New Dale-Chall (raw score)", "dale_chall"),
             ("Consensus grade (median)", "consensus_grade"),
             ("Spread between formulas", "grade_spread"))


def section_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of ``section_table``, as dicts keyed by ``SECTION_COLUMNS``."""
    rows = []
    for section in document["sections"]:
        counts = section["counts"]
        sentences = counts["sentences"]
        jargon = section.get("jargon") or {}
        rows.append({
            "section": section["heading"] or f"({section['kind']})",
            "words": counts["words"],
            "sentences": sentences,
            "grade": _round(section["metrics"]["consensus_grade"]),
            "reliable": "yes" if section["reliable"] else "no (too short)",
            "jargon per 100 words": _pct(jargon.get("density")),
            "long sentences %": _pct(counts["long_sentences"] / sentences if sentences else None),
            "passive %": _pct(counts["passive_sentences"] / sentences if sentences else None),
            "status": section["status"],
        })
    return rows


def section_table(document: dict[str, Any]) -> pd.DataFrame:
    """One row per section: grade, reliability, jargon density, sentence shares, status."""
    return _frame(section_rows(document), columns=SECTION_COLUMNS)


def formula_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of ``formula_table``, as dicts keyed by ``FORMULA_COLUMNS``."""
    metrics = document["metrics"]
    return [{"formula": label, "value": _round(metrics[key])} for label, key in _FORMULAS]


def formula_table(document: dict[str, Any]) -> pd.DataFrame:
    """Each formula's value for the whole post, with the counts behind them."""
    return _frame(formula_rows(document), columns=FORMULA_COLUMNS)


def _sentence_grade(sentence: dict[str, Any]) -> float:
    """Flesch-Kincaid grade of one sentence (0.39 W + 11.8 Syl/W - 15.59), for ranking."""
    words = max(sentence["words"], 1)
    return 0.39 * words + 11.8 * sentence["syllables"] / words - 15.59


def hardest_rows(document: dict[str, Any], limit: int = 10) -> list[dict[str, Any]]:
    """The rows of ``hardest_sentences``, as dicts keyed by ``HARDEST_COLUMNS``."""
    ranked: list[tuple[float, int, dict[str, Any], dict[str, Any]]] = []
    for section in document["sections"]:
        for sentence in section["sentences"]:
            if sentence["words"] < 3:
                continue
            ranked.append((-_sentence_grade(sentence), len(ranked), section, sentence))
    ranked.sort()  # by grade, then document order (the positions are unique)
    rows = []
    for negative_grade, _, section, sentence in ranked[:limit]:
        reasons = [f"{sentence['words']} words"]
        if sentence["very_long"]:
            reasons[0] += " (very long)"
        elif sentence["long"]:
            reasons[0] += " (long)"
        if sentence["hard_words"]:
            shown = ", ".join(sentence["hard_words"][:6])
            reasons.append(f"{len(sentence['hard_words'])} words of 3+ syllables: {shown}")
        if sentence["passive"]:
            reasons.append(f"passive: '{sentence['passive_match']}'")
        rows.append({"section": section["heading"] or f"({section['kind']})",
                     "grade": round(-negative_grade, 1), "sentence": sentence["text"],
                     "why": "; ".join(reasons)})
    return rows


def hardest_sentences(document: dict[str, Any], limit: int = 10) -> pd.DataFrame:
    """The sentences that push the grade up most, with the reasons.

    Ranked by each sentence's own Flesch-Kincaid grade (long sentences and long words
    both raise it); ties keep document order.
    """
    return _frame(hardest_rows(document, limit), columns=HARDEST_COLUMNS)


def jargon_rows(document: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    """The rows of ``jargon_terms``, as dicts keyed by ``JARGON_COLUMNS``."""
    terms = (document.get("jargon") or {}).get("terms", [])
    return [{"term": t["term"], "category": t.get("category") or "",
             "count": t["count"], "plain words": t.get("plain") or "",
             "explained": "yes" if t.get("explained") else "no"}
            for t in terms[:limit]]


def jargon_terms(document: dict[str, Any], limit: int | None = None) -> pd.DataFrame:
    """The post's unique jargon terms, ranked, with plain words and explained or not."""
    return _frame(jargon_rows(document, limit), columns=JARGON_COLUMNS)


def coverage_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of ``coverage_topics``, as dicts keyed by ``COVERAGE_COLUMNS``."""
    coverage = document.get("coverage") or {}
    rows = []
    for topic in coverage.get("topics", []):
        evidence = topic.get("evidence") or []
        first = evidence[0] if evidence else None
        rows.append({"topic": topic["label"], "status": topic["status"],
                     "section": (first or {}).get("heading") or ("" if first is None else
                                                                 f"({first.get('section')})"),
                     "evidence": (first or {}).get("sentence", ""),
                     "informed by": ", ".join(topic.get("informed_by", []))})
    return rows


def coverage_topics(document: dict[str, Any]) -> pd.DataFrame:
    """Each required topic: status and the evidence sentence that decided it."""
    return _frame(coverage_rows(document), columns=COVERAGE_COLUMNS)


GRID_COLUMNS = (("how_it_works", "how it works"), ("benefits", "benefits"),
                ("risks", "risks and side effects"), ("quality_of_life", "quality of life"))
OPTIONS_COLUMNS = ["option"] + [label for _, label in GRID_COLUMNS]


def options_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of ``options_grid``, as dicts keyed by ``OPTIONS_COLUMNS``."""
    grid = (document.get("coverage") or {}).get("options_grid") or []
    rows = []
    for row in grid:
        out = {"option": row.get("label") or row.get("option")}
        for key, label in GRID_COLUMNS:
            cell = row.get(key)
            if isinstance(cell, dict):
                sentence = cell.get("sentence") or "found"
                out[label] = f"(weak) {sentence}" if cell.get("status") == "weak" else sentence
            else:
                out[label] = cell or "missing"
        rows.append(out)
    return rows


def options_grid(document: dict[str, Any]) -> pd.DataFrame:
    """The DISCERN-style grid: one row per treatment option, each cell its evidence."""
    return _frame(options_rows(document), columns=OPTIONS_COLUMNS)


def checklist_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of ``checklist``, as dicts keyed by ``CHECKLIST_COLUMNS``."""
    return [{"item": i["label"], "result": i["status"], "detail": i["detail"],
             "informed by": ", ".join(i["informed_by"])}
            for i in document.get("checklist") or []]


def checklist(document: dict[str, Any]) -> pd.DataFrame:
    """The plain-language checklist items the text lets us check (CDC index, PEMAT)."""
    return _frame(checklist_rows(document), columns=CHECKLIST_COLUMNS)


def fix_tally(document: dict[str, Any]) -> list[list[Any]]:
    """One post's findings grouped by what to do: ``[key, fix, flags, impact]`` rows.

    Grade, reading-ease and share checks are left out: they are the result of the
    concrete fixes. The impact of a group is the sum of its findings' severity weights.
    """
    groups: dict[str, list[Any]] = {}
    for finding in document["findings"]:
        if finding["rule_id"] in _CONSEQUENCES:
            continue
        key = "|".join(_fix_key(finding))
        group = groups.setdefault(key, [key, _fix_text(finding), 0, 0])
        group[2] += 1
        group[3] += SEVERITY_WEIGHT[finding["severity"]]
    return sorted(groups.values())


def fixes(record: dict[str, Any], limit: int = 15) -> pd.DataFrame:
    """The fixes across the blog, ranked by how much they would help.

    Findings are grouped by what to do (rule and matched term); a group's impact is the
    sum of its findings' severity weights (error 3, warning 2, suggestion 1), so a fix
    that removes many serious flags across many posts ranks first. Grade, reading-ease
    and share checks are left out: they are the result of the concrete fixes.
    """
    groups: dict[str, dict[str, Any]] = {}
    for document in record["documents"]:
        tally = document["fix_tally"] if "fix_tally" in document else fix_tally(document)
        for key, text, flags, impact in tally:
            group = groups.setdefault(key, {"fix": text, "posts": 0, "flags": 0, "impact": 0})
            group["posts"] += 1
            group["flags"] += flags
            group["impact"] += impact
    rows = sorted(groups.values(), key=lambda row: (-row["impact"], -row["posts"], row["fix"]))
    return _frame(rows[:limit], columns=["fix", "posts", "flags", "impact"])


#: Whole-text measures that move when the concrete fixes are made; not fixes themselves.
_CONSEQUENCES = frozenset({"readability.consensus_grade", "readability.flesch_reading_ease",
                           "readability.long_sentence_share", "readability.passive_share"})

_FIX_TEXT = {
    "readability.long_sentence": "Split sentences of more than 20 words",
    "readability.very_long_sentence": "Split sentences of more than 30 words",
    "readability.passive_voice": "Rewrite passive sentences in the active voice",
    "readability.consensus_grade": "Lower the reading grade (shorter sentences, plainer words)",
    "readability.flesch_reading_ease": "Raise reading ease (shorter sentences, fewer long words)",
    "readability.long_sentence_share": "Cut the share of long sentences to 25% or less",
    "readability.passive_share": "Cut the share of passive sentences to 10% or less",
    "readability.paragraph_words": "Break paragraphs of more than 150 words",
    "readability.section_words": "Add subheadings where a section runs past 300 words",
}


_CHECKLIST_FIXES = {
    "checklist.main_message": "Put the main message in a short first sentence",
    "checklist.headings": "Break the text into chunks with headings",
    "checklist.lists": "Use lists of at most 7 items for steps and options",
    "checklist.reader_address": "Speak to the reader as “you”",
    "checklist.call_to_action": "Tell readers what to do next (a call to action)",
    "checklist.summary": "Add a summary or key points",
}


def _fix_key(finding: dict[str, Any]) -> tuple[str, str]:
    rule = finding["rule_id"]
    if rule.startswith("jargon."):
        return ("jargon", finding["match"].lower())
    if rule.startswith("coverage."):
        # the same topic across content types is one fix ("add a last-reviewed date")
        return ("coverage", rule.rsplit(".", 1)[-1])
    return (rule, "")


def _fix_text(finding: dict[str, Any]) -> str:
    rule = finding["rule_id"]
    if rule in _FIX_TEXT:
        return _FIX_TEXT[rule]
    if rule in _CHECKLIST_FIXES:
        return _CHECKLIST_FIXES[rule]
    if rule.startswith("jargon."):
        plain = f" (plain: {finding['suggestion']})" if finding["suggestion"] else ""
        return f"Explain or replace '{finding['match']}'{plain}"
    if rule.endswith(".options_grid"):
        return "Say how each treatment works, its benefits, side effects and effect on daily life"
    if rule.startswith("coverage."):
        return finding["suggestion"] or finding["message"]
    return finding["message"]


def baseline_changes(changes: list[dict[str, Any]]) -> pd.DataFrame:
    """Each listed post's grade, reading ease and status before and after (with
    ``--baseline``; ``baseline.listed_changes`` picks the entries)."""
    rows = []
    for entry in changes:
        old, new = entry["before"] or {}, entry["after"] or {}
        rows.append({"post": entry["id"], "change": entry["change"],
                     "grade before": _round(old.get("consensus_grade")),
                     "grade after": _round(new.get("consensus_grade")),
                     "reading ease before": _round(old.get("flesch_reading_ease")),
                     "reading ease after": _round(new.get("flesch_reading_ease")),
                     "status": f"{old.get('status', '–')} → {new.get('status', '–')}",
                     "sections changed": len(entry["sections"])})
    return _frame(rows, columns=["post", "change", "grade before", "grade after",
                                 "reading ease before", "reading ease after", "status",
                                 "sections changed"])


def summarize(document: dict[str, Any]) -> dict[str, Any]:
    """The small part of a post's record that the corpus report needs.

    A 10,000-post run keeps only these in memory: the scorecard, charts and fixes read
    nothing else.
    """
    coverage = document.get("coverage") or {}
    return {
        "id": document["id"], "title": document["title"], "path": document["path"],
        "status": document["status"], "sample": document["sample"], "draft": document["draft"],
        "blog": document.get("blog"), "metrics": document["metrics"],
        "counts": {"words": document["counts"]["words"]},
        "checks": document["checks"],
        "jargon": {"density": (document.get("jargon") or {}).get("density")},
        "coverage": {"score": coverage.get("score"),
                     "topics": [{"id": t["id"], "label": t["label"], "status": t["status"]}
                                for t in coverage.get("topics", [])]},
        "sections": [{"id": s["id"], "heading": s["heading"],
                      "metrics": {"consensus_grade": s["metrics"]["consensus_grade"]}}
                     for s in document["sections"]],
        "fix_tally": fix_tally(document),
    }
