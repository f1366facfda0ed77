"""The plain-language checklist: CDC Clear Communication Index and PEMAT items the
text lets us check, each with pass, warn or fail and the detail that decided it.

Thresholds and word lists are data (``rules/checklist.yml``). Items are "informed by"
their source item and never presented as an official score.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .cues import fold_case, required_literals
from .model import Document, Finding
from .rules import Field, check_fields, read_rule_file

CHECKLIST_FILE = "checklist.yml"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_STOP = frozenset("a an and are as at be by can for from how in is it its of on or the to what "
                  "when where which who why with your you".split())


@cache
def load_checklist_rules() -> dict[str, Any]:
    """Load and validate ``rules/checklist.yml``."""
    data = read_rule_file(CHECKLIST_FILE)
    check_fields(data, {key: Field(str if key == "id" else int if key == "version" else dict)
                        for key in ("id", "version", "main_message", "headings", "lists",
                                    "reader_address", "call_to_action", "summary")},
                 CHECKLIST_FILE)
    return data


def _item(item_id: str, label: str, status: str, detail: str,
          informed_by: tuple[str, ...]) -> dict[str, Any]:
    return {"id": item_id, "label": label, "status": status, "detail": detail,
            "informed_by": list(informed_by)}


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def check_plain_language(document: Document, record: dict[str, Any]
                         ) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Run the checklist on a document and its audit record (sections and sentences).

    Returns
    -------
    items, findings
        One item per checklist entry, and a finding for each item that warns or fails.
    """
    rules = load_checklist_rules()
    sentences = [s["text"] for section in record["sections"] for s in section["sentences"]]
    folded = list(map(fold_case, sentences))  # for _searched
    items = [
        _main_message(document, sentences, rules["main_message"]),
        _headings(document, rules["headings"]),
        _lists(document, rules["lists"]),
        _reader_address(sentences, folded, rules["reader_address"]),
        _call_to_action(sentences, folded, rules["call_to_action"]),
        _summary(document, rules["summary"]),
    ]
    findings = [Finding(rule_id=f"checklist.{item['id']}",
                        severity="warning" if item["status"] == "warn" else "error",
                        message=f"{item['label']}: {item['detail']}", document=document.id,
                        source="Plain-language checklist (rules/checklist.yml)",
                        informed_by=tuple(item["informed_by"]))
                for item in items if item["status"] in ("warn", "fail")]
    return items, findings


def _main_message(document: Document, sentences: list[str], rules: dict[str, Any]
                  ) -> dict[str, Any]:
    label, informed = "Main message first", ("CCI 1", "CCI 2", "PEMAT 1")
    if not sentences:
        return _item("main_message", label, "fail", "the post has no sentences", informed)
    first = sentences[0]
    title_words = set(_words(document.title)) - _STOP
    shared = sorted(title_words & set(_words(first)))
    length = len(_words(first))
    if shared and length <= rules["max_first_sentence_words"]:
        return _item("main_message", label, "pass",
                     f"the first sentence ({length} words) names the topic ({', '.join(shared)})",
                     informed)
    problems = []
    if not shared:
        problems.append("does not name the title's topic")
    if length > rules["max_first_sentence_words"]:
        problems.append(f"has {length} words (aim for {rules['max_first_sentence_words']} or fewer)")
    return _item("main_message", label, "warn", "the first sentence " + " and ".join(problems),
                 informed)


def _headings(document: Document, rules: dict[str, Any]) -> dict[str, Any]:
    count = sum(1 for section in document.sections if section.heading)
    status = "pass" if count >= rules["min_headings"] else ("warn" if count else "fail")
    return _item("headings", "Chunks with headings", status,
                 f"{count} heading{'s' * (count != 1)} (at least {rules['min_headings']})",
                 ("CCI 9", "PEMAT 8", "PEMAT 9"))


def _lists(document: Document, rules: dict[str, Any]) -> dict[str, Any]:
    runs: list[int] = []
    for section in document.sections:
        run = 0
        for block in section.blocks:
            if block.kind == "item" and block.depth == 0:
                run += 1
            elif block.kind != "item" and run:
                runs.append(run)
                run = 0
        if run:
            runs.append(run)
    label, informed = "Bulleted or numbered lists", ("CCI 8", "PEMAT 12")
    if len(runs) < rules["min_lists"]:
        return _item("lists", label, "warn", "no list: break series of steps or options into a list",
                     informed)
    longest = max(runs)
    if longest > rules["max_items"]:
        return _item("lists", label, "warn",
                     f"{len(runs)} list(s); the longest has {longest} items (at most "
                     f"{rules['max_items']}: split it)", informed)
    return _item("lists", label, "pass", f"{len(runs)} list(s), none over {rules['max_items']} items",
                 informed)


def _searched(pattern: re.Pattern[str], sentences: list[str], folded: list[str]
              ) -> list[bool]:
    """Return ``pattern.search(sentence) is not None`` for each sentence.

    ``folded`` holds the sentences case-folded (``cues.fold_case``). A sentence that
    contains none of the pattern's required literals (``cues.required_literals``: "you"
    for the reader-address words) cannot match, and looking for those is much quicker
    than the search (a plain, case-sensitive alternation of literals lets the regex
    engine skip ahead), so only the others are searched.
    """
    literals = _literals_regex(pattern)
    if literals is None:
        return [pattern.search(sentence) is not None for sentence in sentences]
    return [has_literal is not None and pattern.search(sentence) is not None
            for sentence, has_literal in zip(sentences, map(literals.search, folded))]


@cache
def _literals_regex(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A regex for the required literals of ``pattern`` (folded text), or None."""
    literals = required_literals(pattern)
    if literals is None:
        return None
    return re.compile("|".join(re.escape(literal) for literal in sorted(literals)))


def _reader_address(sentences: list[str], folded: list[str], rules: dict[str, Any]
                    ) -> dict[str, Any]:
    pattern = _alternation(tuple(rules["words"]), whole_words=True)
    hits = sum(_searched(pattern, sentences, folded))
    share = hits / len(sentences) if sentences else 0.0
    status = "pass" if share >= rules["min_share"] else ("warn" if hits else "fail")
    return _item("reader_address", "Speaks to the reader as “you”", status,
                 f"{hits} of {len(sentences)} sentences ({share:.0%}; aim for at least "
                 f"{rules['min_share']:.0%})", ("PEMAT 21",))


@cache
def _alternation(words: tuple[str, ...], *, whole_words: bool, anchored: bool = False
                 ) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``words`` (straight or curly apostrophe)."""
    body = "|".join(sorted((re.escape(w).replace("'", "['’]") for w in words),
                           key=len, reverse=True))
    edge = r"\b" if whole_words else ""
    return re.compile(("^\\W*" if anchored else "") + f"{edge}(?:{body}){edge}", re.IGNORECASE)


def _call_to_action(sentences: list[str], folded: list[str], rules: dict[str, Any]
                    ) -> dict[str, Any]:
    phrases = _alternation(tuple(rules["phrases"]), whole_words=True)
    opener = _alternation(tuple(rules["imperative_openers"]), whole_words=True, anchored=True)
    found = [s for s, has_phrase in zip(sentences, _searched(phrases, sentences, folded))
             if has_phrase or (opener.search(s) and s.rstrip().endswith((".", "!")))]
    label, informed = "Call to action", ("CCI 5", "CCI 12", "PEMAT 20")
    if found:
        example = found[0] if len(found[0]) <= 90 else found[0][:88] + "…"
        return _item("call_to_action", label, "pass", f"{len(found)} sentence(s), e.g. “{example}”",
                     informed)
    return _item("call_to_action", label, "fail",
                 "no sentence tells the reader what to do (e.g. “Talk to your care team about…”)",
                 informed)


def _summary(document: Document, rules: dict[str, Any]) -> dict[str, Any]:
    cues = [w.lower() for w in rules["heading_words"]]
    label, informed = "Summary or key points", ("CCI 10", "PEMAT 11")
    for section in document.sections:
        if section.heading and any(cue in section.heading.lower() for cue in cues):
            return _item("summary", label, "pass", f"section “{section.heading}”", informed)
        if section.kind == "closing":
            return _item("summary", label, "pass", "a closing section sums up the post", informed)
    return _item("summary", label, "warn", "no summary, “key points” or closing section", informed)
