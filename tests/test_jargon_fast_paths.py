"""The jargon stage's fast paths agree with the plain rules they stand in for.

``audit.jargon`` tokenises blocks piece by piece (memoised) and checks cheap necessary
conditions before its regexes. Each property below pins one of these shortcuts to the
rule it replaces, on fixed examples (``derandomize``) so that CI never fails on a
newly drawn input.
"""

from __future__ import annotations

import re
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import jargon, jargon_explained, jargon_lexicon, jargon_scan
from audit.model import Block
from audit.textprep import (
    SPECIAL_HINT_RE,
    lead_in_end,
    needs_full_word_rule,
    sentence_spans,
    tokenize,
)

FIXED = settings(max_examples=400, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])

#: Pieces of text that exercise the word rule: joiners, numbers, dashes, brackets,
#: other white space, non-ASCII letters and digits, long runs without a space.
_PIECES = ["cancer", "Cancer", "RCC", "(RCC)", "PD-L1", "doctor's", "doctor\u2019s",
           "well\u2010being", "non\u2011small", "2.5", "1,000", "10:30", "5-year", ",",
           ".", "\u2014", "body\u2014a", " - ", "'", "-", "_", "a_b", "\u00e9t\u00e9",
           "\u0661\u0662", "\u00bd", "\u0130", "\u00a0", "\t", "\n", "  ", " ",
           "x" * 60, "-".join("abcdefghijklmnopqrstuvwxyz"), "e.g.", "cancer.gov",
           "a@b.org", "https://x.org/a", "Dr.", "IV", "(IV)", "called", "known as"]
_TEXT = st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=40).map(
    "".join)


@FIXED
@given(_TEXT)
def test_block_words_offsets_and_gaps_are_those_of_tokenize(text: str) -> None:
    bw = jargon_scan._split_block(text, None)
    tokens = tokenize(text)
    assert len(bw.words) == len(tokens)
    for k, (word, start, end, is_url) in enumerate(tokens):
        assert bw.words[k] == ("\0url" if is_url else word)
        assert (bw.start(k), bw.end(k)) == (start, end)
        assert bw.gap(k) == text[tokens[k - 1][2] if k else 0:start]
    assert bw.gap(len(tokens)) == text[tokens[-1][2] if tokens else 0:]


@FIXED
@given(_TEXT, st.randoms(use_true_random=False))
def test_block_words_offsets_in_any_order_are_those_of_tokenize(text: str, rng) -> None:
    # a one-word-a-piece block finds offsets from a cursor over its pieces: asking in
    # any order (backwards, repeats) must give what tokenize gives
    bw = jargon_scan._split_block(text, None)
    tokens = tokenize(text)
    order = list(range(len(tokens))) * 2
    rng.shuffle(order)
    for k in order:
        assert (bw.start(k), bw.end(k)) == tokens[k][1:3]


def test_one_word_a_piece_blocks_take_the_piece_path() -> None:
    bw = jargon_scan._split_block("Renal cell carcinoma (RCC) spreads, doctor\u2019s care.", None)
    assert bw.simple and bw.words[3] == "RCC"
    assert (bw.start(3), bw.end(3), bw.gap(3), bw.gap(len(bw.words))) == (22, 25, " (", ".")
    assert bw.starts is None  # no offset list was built
    mixed = jargon_scan._split_block("body\u2014a  stage - x", None)
    assert not mixed.simple and mixed.words == ["body", "a", "stage", "x"]


def test_only_word_sized_pieces_are_memoised() -> None:
    long_piece = "z" * (jargon_scan._PIECE_MAX + 1)
    short_piece = "zzzz-qqqq,"
    assert jargon_scan._split_block(f"{long_piece} {short_piece}", None).words == [
        long_piece, "zzzz-qqqq"]
    assert long_piece not in jargon_scan._PIECE_WORDS
    assert jargon_scan._PIECE_WORDS[short_piece] == ("zzzz-qqqq",)


@FIXED
@given(_TEXT)
def test_full_word_rule_check_is_that_of_the_hint_regex(text: str) -> None:
    assert needs_full_word_rule(text) == (SPECIAL_HINT_RE.search(text) is not None)


_BEFORE = st.lists(st.sampled_from(
    ["also called", "also known as", "called", "known as", "named", "referred to as",
     "termed", "recalled", "such as", "as", "a", "an", "the", "The", "CALLED", "Known",
     "drugs", "(", ",", "\u2014", " ", "  ", "\n", "\u00a0", "x" * 30, "carcinoma,",
     "(IV)", "x-called", "called\n", "as\u00a0", "the,", "2023,", "long-term", "\u212anown"]),
    max_size=12).map(" ".join) | st.text(max_size=80)


@FIXED
@given(_BEFORE, st.sampled_from(["", " ", "  ", "\n", " \u00a0"]))
def test_cue_precheck_never_rejects_what_the_naming_regex_accepts(before: str,
                                                                  tail: str) -> None:
    engine = jargon._engine()
    text = before + tail
    if engine.naming_re.search(jargon_lexicon._normalise(text[-60:]).lower()):
        assert jargon_explained._may_follow_cue(engine, text)


@FIXED
@given(st.lists(st.sampled_from(["is", "are", "a", "the", "most", "means", "works", "by",
                                 "refers", "to", "X", ",", "(", "-", " ", "  ", "\u2019s"]),
                max_size=20).map(" ".join),
       st.integers(min_value=0, max_value=40))
def test_definition_start_at_an_offset_is_that_of_the_rest(rest: str, pos: int) -> None:
    engine = jargon._engine()
    assert (jargon_explained._is_definition_start(engine, rest, pos)
            == jargon_explained._is_definition_start(engine, rest[pos:]))


def _definition_follows_plain(engine, rest: str, max_skip: int = 3) -> bool:
    """``jargon_explained._definition_follows`` as first written: every position fully checked."""
    rest = rest[:120]
    pos = 0
    for skipped in range(max_skip + 1):
        if jargon_explained._is_definition_start(engine, rest, pos):
            return True
        m = jargon_explained._SKIP_WORD_RE.match(rest, pos)
        if not m or skipped == max_skip:
            return False
        pos = m.end()
    return False


@FIXED
@given(st.lists(st.sampled_from(["is", "are", "a", "the", "most", "means", "works", "by",
                                 "refers", "to", "X", "kidney", "cancer", "occurs", "when",
                                 "uses", "and", "or", "(RCC)", ",", "(", "-", "--", " ",
                                 "\u2019s", "x" * 50, "Is", "IS", "isn't"]),
                max_size=20).map(" ".join))
def test_definition_search_is_the_plain_loop(rest: str) -> None:
    engine = jargon._engine()
    assert jargon_explained._definition_follows(engine, rest) == _definition_follows_plain(engine, rest)


def test_definition_search_finds_a_definition() -> None:
    engine = jargon._engine()
    assert jargon_explained._definition_follows(engine, " kidney cancer occurs when cells grow")
    assert jargon_explained._definition_follows(engine, " is a drug that blocks a protein")


def _in_name_plain(bw, k: int, size: int) -> bool:
    """``jargon_scan._in_name`` as first written: no early exits on the neighbours."""
    words = bw.words
    if not all(jargon_scan._is_capitalised(w) for w in words[k:k + size]) or jargon_scan._is_initial(
            bw, k):
        return False
    before = k - 1
    if (before >= 0 and set(bw.gap(k).strip()) <= {","}
            and jargon_scan._is_capitalised(words[before])):
        return True
    after = k + size
    if after < len(words) and words[after].lower() in jargon_scan._CONNECTORS:
        if set(bw.gap(after).strip()) <= {","}:
            after += 1
    return (after < len(words) and set(bw.gap(after).strip()) <= {","}
            and jargon_scan._is_capitalised(words[after]))


_NAME_TEXT = st.lists(st.sampled_from(
    ["Surveillance", "Epidemiology", "End", "Results", "and", "And", "of", "the", "for",
     "Kidney", "cancer", "RCC", "Dr.", "J.", "NCI", ",", ".", ":", "(", ")", "\u2014", " ",
     "  "]), max_size=14).map(" ".join)


@FIXED
@given(_NAME_TEXT, st.sampled_from([None, "Surveillance", "Kidney"]), st.integers(0, 13),
       st.integers(1, 3))
def test_name_check_is_the_plain_rule(text: str, label, k: int, size: int) -> None:
    bw = jargon_scan._split_block(text, label)
    if k + size <= len(bw.words):
        assert jargon_scan._in_name(bw, k, size) == _in_name_plain(bw, k, size)


def test_name_check_finds_a_name() -> None:
    bw = jargon_scan._split_block("Data from the Surveillance, Epidemiology, and End Results "
                             "program. Epidemiology helps.", None)
    assert jargon_scan._in_name(bw, 4, 1) and _in_name_plain(bw, 4, 1)
    assert not jargon_scan._in_name(bw, 10, 1)


@FIXED
@given(st.sampled_from(_PIECES) | st.text(max_size=8))
def test_memoised_word_keys_are_the_computed_ones(word: str) -> None:
    assert jargon_lexicon._word_keys(word) == jargon_lexicon._compute_word_keys(word)
    assert jargon_lexicon._word_keys(word) == jargon_lexicon._compute_word_keys(word)  # from the memo


def _content_words_plain(engine, fragment: str, generic: bool) -> tuple[int, int]:
    """``jargon_explained._content_words`` as first written: a loop over the words."""
    bw, occs = jargon_explained._scan_fragment(engine, fragment)
    jargon_idx = {i for o in occs for i in range(o.k, o.k + o.size)}
    plain = jargon_words = 0
    for i, word in enumerate(bw.words):
        low = word.lower()
        if low in jargon_lexicon._STOPWORDS or not word[:1].isalpha():
            continue
        if i in jargon_idx:
            jargon_words += 1
        elif not (generic and low in engine.settings.generic_heads):
            plain += 1
    return plain, jargon_words


_FRAGMENT = st.lists(st.sampled_from(
    ["a", "type", "of", "drugs", "drug", "that", "the", "kidney", "cancer", "renal", "cell",
     "carcinoma", "RCC", "nephrectomy", "blood", "clot", "surgery", "Inlyta", "2", "5-year",
     "immunotherapy", "treatment", "group", "stage", ",", "(", ")", "\u2014"]),
    max_size=12).map(" ".join)


@FIXED
@given(_FRAGMENT, st.booleans())
def test_content_word_counts_are_the_plain_rule(fragment: str, generic: bool) -> None:
    engine = jargon._engine()
    assert jargon_explained._content_words(engine, fragment, generic=generic) == _content_words_plain(
        engine, fragment, generic)


def _sh_long_form_plain(short: str, candidate: str):
    """``jargon_explained._sh_long_form`` as first written: a character-by-character scan."""
    chars = [ch.lower() for ch in short if ch.isalnum()]
    text = candidate.lower()
    if not chars:
        return None
    si, li = len(chars) - 1, len(text) - 1
    while si >= 0:
        ch = chars[si]
        while li >= 0 and (text[li] != ch or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        si -= 1
        li -= 1
    long_form = candidate[li + 1:].strip(" ,;:")
    return long_form if len(long_form) > len(short) else None


_SHORT = st.sampled_from(["RCC", "PD-L1", "hCG", "CT", "TKIs", "ADC", "\u0130V", "A", "5-FU",
                          "mRCC", "IO"]) | st.text(max_size=5)
_LONG = st.lists(st.sampled_from(
    ["renal", "cell", "carcinoma", "programmed", "death-ligand", "1", "human", "chorionic",
     "gonadotropin", "computed", "tomography", "tyrosine", "kinase", "inhibitors", "antibody",
     "drug", "conjugate", "fluorouracil", "5", "metastatic", "\u0130stanbul", "a", "crc",
     ",", "(", "the"]), max_size=8).map(" ".join) | st.text(max_size=30)


@FIXED
@given(_SHORT, _LONG)
def test_long_form_search_is_the_plain_scan(short: str, candidate: str) -> None:
    assert jargon_explained._sh_long_form(short, candidate) == _sh_long_form_plain(short, candidate)


def test_long_form_search_finds_the_long_form() -> None:
    assert jargon_explained._sh_long_form("RCC", "patients with renal cell carcinoma") == (
        "renal cell carcinoma")


def _context_plain(block: Block, occ: jargon_scan._Occ) -> jargon_explained._Context:
    """The sentence around an occurrence as first written: the first sentence ending
    after its start (else the last), widened to hold it, and the next sentence."""
    text = block.text
    spans = block.sentence_spans or ((0, len(text)),)
    index = next((i for i, (_, end) in enumerate(spans) if end > occ.start), len(spans) - 1)
    s0, s1 = spans[index]
    nxt = text[slice(*spans[index + 1])] if index + 1 < len(spans) else ""
    return jargon_explained._Context(
        text, min(s0, occ.start), max(s1, occ.end), occ.start, occ.end,
        lead_in_end(text, block.label) if block.label else 0, nxt)


def _explained_plain(engine, ctx, occ, match: str):
    """The explained-at-first-use heuristic as first written: every check, in the
    documented order."""
    if "acronym" in occ.detectors:
        long_form = jargon_explained._spelled_out(ctx, match, occ.term)
        if long_form:
            return True, long_form
    before, after = ctx.before, ctx.after
    after_l = after.lstrip()
    if after_l.startswith("("):
        m = jargon_explained._PAREN_RE.match(after)
        if m and jargon_explained._paren_explains(engine, m.group(1)):
            return True, None
    if after_l.startswith(")") and before.rstrip().endswith("("):
        words = jargon_explained._WORD_RE.findall(before.rstrip()[:-1])[-4:]
        plain, jargon_words = jargon_explained._content_words(engine, " ".join(words))
        if plain >= 1 and plain >= jargon_words:
            return True, None
    if jargon_explained._named_after_description(engine, ctx):
        return True, None
    if after.startswith(",") and jargon_explained._appositive(engine, ctx, occ):
        return True, None
    rel = jargon_explained._RELATIVE_RE.match(after)
    if rel and jargon_explained._is_definition_start(engine, after, rel.end()):
        return True, None
    if jargon_explained._subject_position(ctx) and jargon_explained._definition_follows(engine, after):
        return True, None
    if ctx.label_end and ctx.a < ctx.label_end:
        body = ctx.text[ctx.label_end:].lstrip()
        spans = sentence_spans(body)
        first = body[spans[0][0]:spans[0][1]] if spans else ""
        subjects = {"this", "these", "it", "they", *jargon_explained._first_words(match, 1)}
        for m in list(jargon_explained._WORD_RE.finditer(first))[:8]:
            if m.group().lower() in subjects and jargon_explained._definition_follows(
                    engine, first[m.end():]):
                return True, None
    if ctx.next_sentence:
        m = jargon_explained._PRONOUN_RE.match(ctx.next_sentence)
        if (m and jargon_explained._is_naming_definition(engine, ctx.next_sentence[m.end():])
                and not jargon_scan._scan(engine, jargon_scan._split_block(after, None), 0, 0)):
            return True, None
    return False, None


#: Sentences around jargon: brackets, appositives, cues, relative clauses, definitions,
#: lead-ins, lists, pronouns in the next sentence, odd white space.
_EXPLAIN_TEXT = st.lists(st.sampled_from(
    ["nephrectomy", "renal cell carcinoma", "RCC", "(RCC)", "(", ")", ",", ", which", "which",
     "that", "It", "it", "they", "This", "is", "a", "the", "surgery", "to", "remove",
     "kidney", "called", "also known as", "means", "works by", "and", "or", "drugs", "such as",
     "immunotherapy", "TKIs", "\u2014", ".", ":", "  ", "\u00a0", "\n", "blood clot", "Inlyta",
     "(surgery to remove the kidney)", "low red blood cell counts (anemia)", "PD-L1"]),
    max_size=24).map(" ".join)


def _scanned_block(text: str, label: str | None
                   ) -> tuple[jargon_scan._Engine, Block, list[jargon_scan._Occ]]:
    """The engine, a paragraph of ``text`` (after "<label>: " when labelled) and its
    jargon occurrences."""
    engine = jargon._engine()
    if label:
        text = f"{label}: {text}"
    block = Block(kind="paragraph", text=text, start=0, end=len(text), label=label)
    return engine, block, jargon_scan._scan(engine, jargon_scan._split_block(text, label),
                                            0, 0)


#: Sentences (several a block) with the words the cheap tests of ``_judge`` look at
#: before and after a term: cues, articles, determiners, brackets, pronouns, odd space.
_JUDGE_TEXT = st.lists(st.sampled_from(
    ["nephrectomy", "renal cell carcinoma", "RCC", "(RCC)", "(", ")", "(renal cell carcinoma)",
     ",", ", which", "which is", "It", "it", "This", "These", "They", "That", "is", "means",
     "a", "an", "the", "The", "called", "Called", "CALLED", "recalled", "known as",
     "also known as", "referred to as", "termed", "named", "as", "has", "surgery to remove",
     "the kidney", "a type of drug", "drugs", "and", "or", ".", ". This is", ". It means",
     ":", ";", "\u2014", "\u2013", "  ", "\u00a0", "\n", "\t", "immunotherapy", "TKIs", "PD-L1",
     "(surgery to remove the kidney)", "low red blood cell counts (anemia)", "Inlyta",
     "x" * 50]),
    max_size=30).map(" ".join)


@FIXED
@given(_JUDGE_TEXT | _EXPLAIN_TEXT,
       st.sampled_from([None, "Nephrectomy", "RCC", "Immunotherapy"]))
def test_judge_is_the_plain_rule(text: str, label) -> None:
    # ``_judge`` runs each check only where a cheap test on offsets says it may
    # succeed: it must answer what every check, run in full, answers
    engine, block, occurrences = _scanned_block(text, label)
    text = block.text
    for occ in occurrences:
        ctx = _context_plain(block, occ)
        assert jargon_explained._judge(engine, block, occ) == (
            *_explained_plain(engine, ctx, occ, text[occ.start:occ.end]),
            text[ctx.s0:ctx.s1])
        assert jargon_explained._sentence(block, occ) == text[ctx.s0:ctx.s1]


@FIXED
@given(_BEFORE, st.sampled_from(["", " ", "  ", "\n", " \u00a0", "\u00a0"]))
def test_name_precheck_never_rejects_what_the_naming_regex_accepts(before: str,
                                                                   tail: str) -> None:
    engine = jargon._engine()
    text = before + tail + "nephrectomy"
    a = len(before + tail)
    for s0 in {0, max(0, a - 61), max(0, a - 60), max(0, a - 3)}:
        window = text[max(s0, a - 60):a]
        if engine.naming_re.search(jargon_lexicon._normalise(window).lower()):
            assert jargon_explained._may_name_at(engine, text, s0, a)


@FIXED
@given(_BEFORE | _JUDGE_TEXT)
def test_clause_bounds_are_those_of_the_character_loop(head: str) -> None:
    # ``_named_after_description`` finds the clause bounds with a regex scan
    assert [b.start() for b in jargon_explained._CLAUSE_BOUND_RE.finditer(head)] == [
        i for i, ch in enumerate(head) if ch in ",;:()\u2014\u2013"]


def test_judge_finds_each_kind_of_explanation() -> None:
    # one sentence for each path of ``_judge`` (and a few where nothing explains)
    engine = jargon._engine()
    cases = {
        "Renal cell carcinoma (RCC) spreads.": ("RCC", True),
        "Nephrectomy (surgery to remove the kidney) helps.": ("nephrectomy", True),
        "Surgery to remove a kidney, called a nephrectomy, helps.": ("nephrectomy", True),
        "A nephrectomy is surgery to remove a kidney.": ("nephrectomy", True),
        "Doctors did a nephrectomy. This is a surgery to remove a kidney.": ("nephrectomy", True),
        "Nephrectomy: It is surgery to remove a kidney.": ("nephrectomy", True),
        "Doctors may suggest a nephrectomy for you.": ("nephrectomy", False),
        "Doctors may suggest the nephrectomy, or not.": ("nephrectomy", False),
        "It was called off before the nephrectomy.": ("nephrectomy", False),
    }
    for text, (word, expected) in cases.items():
        label = "Nephrectomy" if text.startswith("Nephrectomy:") else None
        block = Block(kind="paragraph", text=text, start=0, end=len(text), label=label)
        occs = [o for o in jargon_scan._scan(engine, jargon_scan._split_block(text, label),
                                             0, 0)
                if text[o.start:o.end].lower() == word.lower()]
        assert occs, text
        assert jargon_explained._judge(engine, block, occs[0])[0] is expected, text


@FIXED
@given(st.lists(st.sampled_from([" ", "  ", "\u00a0", "\n", ",", "(", ")", "which", "Which",
                                 "that", "it", "IT", "they", "who", "x", "is", "a"]),
                max_size=8).map("".join))
def test_after_cue_precheck_never_rejects_a_check_on_the_start(after: str) -> None:
    if jargon_explained._AFTER_CUE_RE.match(after) is None:
        assert not after.lstrip().startswith(("(", ")"))
        assert not after.startswith(",")
        assert jargon_explained._RELATIVE_RE.match(after) is None


def _scan_document_plain(document):
    """Every block's occurrences, each block split by ``jargon_scan._split_block``."""
    engine = jargon._engine()
    occs = []
    for si, section in enumerate(document.sections):
        for bi, block in enumerate(section.scored_blocks):
            occs += jargon_scan._scan(engine, jargon_scan._split_block(block.text or "", block.label),
                                 si, bi)
    # names: as in ``_scan_document``
    lower = {o.key for o in occs if o.term is None and o.case == "lower"}
    mid = {o.key for o in occs if o.term is None and o.case == "mid"}
    return [o for o in occs if o.case == "lower" or (o.case == "mid" and o.key in lower)
            or (o.case == "initial" and (o.key in lower or o.key not in mid))]


_DOC_LINES = st.lists(st.sampled_from(
    ["## Treatment", "Renal cell carcinoma (RCC) is treated with nephrectomy.",
     "- **Immunotherapy:** drugs that help the immune system, e.g. nivolumab.",
     "See https://cancer.gov/kidney for TKIs and PD-L1.", "Kidney cancer and blood clots.",
     "A quitline helps.", "", "Surveillance, Epidemiology, and End Results data.",
     "word  with  double  spaces\u00a0and\ttabs", "IV (IV) III"]), max_size=10).map("\n".join)


@FIXED
@given(_DOC_LINES)
def test_document_scan_is_the_block_by_block_scan(text: str) -> None:
    from audit.model import Document
    from audit.sections import split_markdown

    document = Document("t", "T", "t.md", "markdown", text, split_markdown(text).sections)
    scanned = jargon._scan_document(document)
    assert scanned.occs == _scan_document_plain(document)
    assert scanned.words == [sum(len(jargon_scan._split_block(b.text or "", b.label).words)
                                 for b in section.scored_blocks)
                             for section in document.sections]


def test_findings_are_built_with_every_field() -> None:
    # ``_finding`` builds its Finding with ``tuple.__new__``: all fields, in order
    from audit.model import Document, Finding, Section

    text = "Nephrectomy is common. Renal cell carcinoma (RCC) spreads."
    block = Block(kind="paragraph", text=text, start=0, end=len(text))
    document = Document("t", "T", "t.md", "markdown", text,
                        (Section(kind="lead", heading=None, level=0, blocks=(block,),
                                 start=0, end=len(text)),))
    findings = jargon.analyze_jargon(document).findings
    assert findings
    for finding in findings:
        assert type(finding) is Finding and len(finding) == len(Finding._fields)
        assert finding == Finding(*finding)
        assert finding.to_dict() == Finding(**finding._asdict()).to_dict()


def _match_longer_plain(matcher, words, gap_of, k: int, entry):
    """``_Matcher.match_longer`` as first written: every longer form, in order."""
    single, multi = entry[:2]
    second = jargon_lexicon._word_keys(words[k + 1])
    for form in multi:
        keys, size = form.keys, len(form.keys)
        if keys[1] not in second or k + size > len(words):
            continue
        for j in range(1, size):
            gap = gap_of(k + j)
            if form.gaps[j - 1] == " ":
                if not gap.isspace():
                    break
            elif " ".join(jargon_lexicon._normalise(gap).split()) != form.gaps[j - 1]:
                break
            if keys[j] not in jargon_lexicon._word_keys(words[k + j]):
                break
        else:
            return form
    return single


_FORM_WORDS = ["stage", "Stage", "I", "II", "IV", "IVA", "IVs", "cancer", "cancer's",
               "Cancer", "renal", "cell", "cells", "carcinoma", "side", "effects",
               "effect", "blood", "pressure", "clot", "clots", "lymph", "node",
               "nodes", "bone", "marrow", "5-year", "survival", "rate", "risk",
               "factor", "factors", "immune", "system", "kidney", "tumor", "board",
               "of", "the", "x"]


@FIXED
@given(st.lists(st.tuples(st.sampled_from(_FORM_WORDS),
                          st.sampled_from([" ", " ", " ", "  ", "-", ", ", "\u00a0"])),
                min_size=2, max_size=8))
def test_longer_form_search_is_the_plain_loop(pairs) -> None:
    # ``match_longer`` looks only at the forms whose second token the next word has:
    # it must find the form the loop over every longer form finds
    matcher = jargon._engine().matcher
    text = "".join(word + sep for word, sep in pairs).strip()
    bw = jargon_scan._split_block(text, None)
    for k in range(len(bw.words) - 1):
        entry = matcher.candidates(bw.words[k])
        assert matcher.match_longer(bw.words, bw.gap, k, entry) is _match_longer_plain(
            matcher, bw.words, bw.gap, k, entry), (text, k)


def test_longer_form_search_finds_the_longest_form() -> None:
    matcher = jargon._engine().matcher
    text = "stage IVA renal cell carcinoma, bone marrow suppression and 5-year survival"
    bw = jargon_scan._split_block(text, None)
    found = [matcher.match_longer(bw.words, bw.gap, k, matcher.candidates(bw.words[k]))
             for k in (0, 2, 5, 9)]
    assert [len(form.keys) for form in found] == [2, 3, 3, 2]
    entry = matcher.candidates("stage")
    assert len(entry[3]) > 1 and sum(map(len, entry[3].values())) == len(entry[1])


def test_longer_form_search_takes_several_groups_in_order() -> None:
    # a word whose keys are the second tokens of two groups ("LYM" is both the
    # case-sensitive "LYM" and "lym"): their forms, longest first, as the loop
    from audit.jargon_lexicon import Lexicon, Term, _Matcher

    terms = (Term("big LYM", "p", "c", "jargon.c"),
             Term("big lym node", "p", "c", "jargon.c"),
             Term("big lym", "p", "c", "jargon.c"))
    matcher = _Matcher(Lexicon(terms=terms, rule_ids=("jargon.c",), familiar=(),
                               version=""))
    entry = matcher.candidates("big")
    assert len(entry[2] & jargon_lexicon._word_keys("LYM")) == 2
    for text, size in (("big LYM node", 3), ("big LYM", 2), ("big lym x", 2)):
        bw = jargon_scan._split_block(text, None)
        form = matcher.match_longer(bw.words, bw.gap, 0, entry)
        assert form is _match_longer_plain(matcher, bw.words, bw.gap, 0, entry), text
        assert len(form.keys) == size, text


_AFTER_TERM = st.lists(st.sampled_from(
    _PIECES + ["which", "That", "who", "It", "they", "\u0131t", "\u0130t", "(", ")"])
    | st.text(max_size=4), max_size=8).map(" ".join)


@FIXED
@given(_AFTER_TERM, st.integers(0, 6))
def test_cue_precheck_never_skips_a_regex_match(after: str, extra: int) -> None:
    text = "term" + after
    b, s1 = 4, max(4, len(text) - extra)  # the sentence may end before the text does
    if jargon_explained._AFTER_CUE_RE.match(text, b, s1) is not None:
        assert jargon_explained._may_open_cue(text, b, s1)


def test_cue_precheck_reads_white_space_and_first_letters_as_the_regex_does() -> None:
    # the two facts _may_open_cue rests on, over every code point: ``\s`` is
    # str.isspace(), and the characters a relative pronoun may start with under re.I
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"\s", every) == [c for c in every if c.isspace()]
    starts = set(re.findall(r"(?i)[wti]", every))
    assert starts == {"w", "t", "i", "W", "T", "I", "\u0130", "\u0131"}
    assert all(jargon_explained._may_open_cue(c, 0, 1) for c in starts | set("(),"))


def test_word_class_memo_keeps_the_several_words_marker_when_emptied() -> None:
    # the marker's class bit sends a block of several-word pieces to the full split;
    # emptying the memo (a soft cap on memory) must not lose it
    flags = jargon._engine().flags
    flags.forget()
    assert flags == {jargon_scan._NOT_ONE_WORD: jargon_scan._SEVERAL}
    assert jargon_scan._split_piece("treatment\u2014surgery")[3] == jargon_scan._NOT_ONE_WORD
