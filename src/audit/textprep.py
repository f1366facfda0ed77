"""Word tokenising and sentence splitting for readability scoring.

Every rule here is documented, with examples, in ``docs/readability.md``
("Text preparation"). In short:

* **Words.** A word is a URL, an e-mail address, a bare domain
  (``cancer.gov``), a dotted abbreviation (``e.g.``, ``U.S.``, ``a.m.``) or a
  maximal run of letters and digits joined by internal apostrophes (``'`` or
  ``’``), hyphens (``-``, U+2010, U+2011) or, between two digits, ``.``, ``,``
  or ``:`` (``2.5``, ``1,000``, ``10:30``). En and em dashes, slashes and all
  other punctuation separate words; symbols (``%``, ``&``, ``+``) are not words.
* **Sentences.** A sentence ends at ``.``, ``?`` or ``!`` (plus any closing
  quotes or brackets) followed by white space or the end of the block, except
  for a period after a known abbreviation, an initial, or before a word that
  starts with a lower-case letter; and always at the end of a block.
"""

from __future__ import annotations

import re
from typing import Any, Final

__all__ = [
    "ABBREVIATIONS_ALWAYS",
    "ABBREVIATIONS_BEFORE_NUMBER",
    "ABBREVIATIONS_END_IF_CAPITAL",
    "block_sentence_spans",
    "needs_full_word_rule",
    "sentence_spans",
    "split_sentences",
    "tokenize",
    "words",
]

_TLDS: Final = "com|org|gov|edu|net|int|mil|info|health|io|co|uk|ca|au|nz|eu|us"
_HYPHEN: Final = "\\-\u2010\u2011"
_APOS: Final = "'\u2019"

#: One regex for every kind of word; group ``url`` marks URL/e-mail/domain tokens.
# Repetitions in the e-mail and domain branches are bounded ({1,64}, {0,16}) so that a
# long run such as "ab.ab.ab..." is matched in linear time, not with quadratic backtracking.
WORD_RE: Final = re.compile(
    rf"""
    (?P<url>
        (?:https?://|www\.)[^\s<>"'()\[\]{{}}]*[^\s<>"'()\[\]{{}}.,;:!?\u2019\u201d]
      | [\w.+-]{{1,64}}@[\w-]+(?:\.[\w-]+){{1,16}}
      | [^\W_][\w-]*(?:\.[\w-]+){{0,16}}\.(?:{_TLDS})\b(?:/[^\s<>"]*[^\s<>".,;:!?)\]])?
    )
    | (?P<abbr>[^\W\d_](?:\.[^\W\d_])+\.?)
    | [^\W_]+(?:(?:[{_APOS}{_HYPHEN}]|(?<=\d)[.,:](?=\d))[^\W_]+)*
    """,
    re.VERBOSE,
)

#: The same word rule without the URL and abbreviation branches, used (for
#: speed) on text that contains no "@", no "/" and no period before a letter.
PLAIN_WORD_RE: Final = re.compile(
    rf"[^\W_]+(?:(?:[{_APOS}{_HYPHEN}]|(?<=\d)[.,:](?=\d))[^\W_]+)*"
)
#: Text matching this may hold URLs, e-mail addresses, domains or "e.g."-style
#: abbreviations, so it needs :data:`WORD_RE`.
SPECIAL_HINT_RE: Final = re.compile(r"[@/]|\.[^\W\d_]")
#: The second branch of SPECIAL_HINT_RE alone: a regex that starts with a literal
#: character is searched for with a fast scan for it, which the whole pattern lacks.
_DOT_LETTER_RE: Final = re.compile(r"\.[^\W\d_]")


def needs_full_word_rule(text: str) -> bool:
    """Tell whether ``text`` may hold URLs, e-mail, domains or "e.g." (:data:`WORD_RE`).

    The answer of ``SPECIAL_HINT_RE.search(text) is not None``, taken branch by branch,
    several times faster; it is asked of every block by readability and jargon.
    """
    return "@" in text or "/" in text or _DOT_LETTER_RE.search(text) is not None


# ------------------------------------------------------------- abbreviations
#: Never end a sentence (compared lower-case, with their final period).
ABBREVIATIONS_ALWAYS: Final = frozenset(
    """dr. mr. mrs. ms. prof. st. vs. e.g. i.e. u.s. u.k. approx. jan. feb. mar.
    apr. jun. jul. aug. sep. sept. oct. nov. dec. cf. ca. jr. sr.""".split()
)
#: End a sentence unless the next word starts with a digit ("No. 5", "Fig. 2").
ABBREVIATIONS_BEFORE_NUMBER: Final = frozenset("no. fig. vol. p. pp.".split())
#: End a sentence only when the next word starts with a capital letter.
ABBREVIATIONS_END_IF_CAPITAL: Final = frozenset("etc. a.m. p.m.".split())

#: Every listed abbreviation with its kind (one dict look-up classifies a token); where
#: the sets overlapped, the first of ALWAYS, BEFORE_NUMBER, END_IF_CAPITAL would win.
_ALWAYS, _BEFORE_NUMBER, _END_IF_CAPITAL = 1, 2, 3
_ABBREVIATION_KIND: Final = {
    **dict.fromkeys(ABBREVIATIONS_END_IF_CAPITAL, _END_IF_CAPITAL),
    **dict.fromkeys(ABBREVIATIONS_BEFORE_NUMBER, _BEFORE_NUMBER),
    **dict.fromkeys(ABBREVIATIONS_ALWAYS, _ALWAYS),
}

#: A sentence-end candidate: terminal punctuation (runs of . ! ? and the ellipsis
#: character, so "..." too) with any closing quotes or brackets, before white space or
#: the end. The run is written ``[…][…]*``, not ``[…]+``: a pattern that opens
#: with a plain character class lets the regex engine skip ahead to the next
#: candidate character (a repeat in first place disables that, about halving the
#: speed of the search). Group 1 is the punctuation run. The lookahead reads what the
#: rules need after it without consuming it (so "Hi. ... So" still finds "..."):
#: group 2 (empty) marks the end of the white space, where the next sentence would
#: start, and group 3 is the first character of the next word after any opening
#: quotes or brackets ("" at the end of the text).
_CANDIDATE_RE: Final = re.compile(
    r"([.!?…][.!?…]*)[\"'”’)\]»]*(?=\s+()[\"'“‘(\[{«]*(.?)|$)", re.DOTALL)
#: The same for text without "?", "!" or "…" (most blocks), where the run can only be
#: periods: opening with a literal character, it is searched for about twice as fast.
_PERIOD_CANDIDATE_RE: Final = re.compile(
    r"(\.\.*)[\"'”’)\]»]*(?=\s+()[\"'“‘(\[{«]*(.?)|$)", re.DOTALL)
_OPENERS: Final = "\"'“‘([{«"
_INITIALS_RE: Final = re.compile(r"^(?:[^\W\d_]\.)+$")


def tokenize(text: str) -> list[tuple[str, int, int, bool]]:
    """Return the words of ``text`` as ``(word, start, end, is_url)`` tuples.

    Parameters
    ----------
    text : str
        Plain text (no markup).

    Returns
    -------
    list of tuple
        Each word with its character offsets in ``text`` and whether it is a
        URL, e-mail address or domain name.
    """
    if not needs_full_word_rule(text):
        return [(m.group(), m.start(), m.end(), False) for m in PLAIN_WORD_RE.finditer(text)]
    return [
        (m.group(), m.start(), m.end(), m.start("url") >= 0)
        for m in WORD_RE.finditer(text)
    ]


def words(text: str) -> list[str]:
    """Return the words of ``text`` (see :func:`tokenize`)."""
    return [tok[0] for tok in tokenize(text)]


def _period_ends_sentence(text: str, period: int, following: str) -> bool:
    """Decide whether the lone period at ``text[period]`` ends a sentence.

    ``following`` is the first character of the next word (see ``_CANDIDATE_RE``).
    """
    # The token carrying the period starts after the last space, tab or no-break space:
    # one search for a space, then (rarely needed) a look for the other two within.
    token = text[text.rfind(" ", 0, period) + 1 : period + 1]
    if "\t" in token or "\u00a0" in token:
        token = token[max(token.rfind("\t"), token.rfind("\u00a0")) + 1 :]
    raw = token.lstrip(_OPENERS)
    kind = _ABBREVIATION_KIND.get(raw.lower())
    if kind == _ALWAYS:
        return not following
    if kind == _BEFORE_NUMBER:
        return not following.isdigit()
    if kind == _END_IF_CAPITAL:
        return not following or following.isupper()
    # "F." in "John F. Kennedy", "J. R. Smith", "J.R.": an initial. Initials are
    # letter-period pairs, so the regex is tried only when the period's word is one
    # character long (the token is two long, or a period precedes that character).
    if ((len(raw) == 2 or raw[-3:-2] == ".") and _INITIALS_RE.match(raw)
            and (raw[0].isupper() or len(raw) > 2)):
        return not following
    return not following.islower()


def split_sentences(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Split ``text[start:]`` into sentence spans ``(start, end)``.

    Parameters
    ----------
    text : str
        One block of plain text; its end always ends a sentence.
    start : int, optional
        Offset at which to start (used after a lead-in label).

    Returns
    -------
    list of tuple of int
        Spans without leading or trailing white space. Spans may contain no
        words (e.g. a lone "..."); the caller drops those.
    """
    spans: list[tuple[int, int]] = []
    last = len(text.rstrip())  # a candidate ending here ends the block anyway
    pos = start  # where the current sentence starts, past its leading white space
    while pos < last and text[pos].isspace():
        pos += 1
    candidates = (_CANDIDATE_RE if "?" in text or "!" in text or "…" in text
                  else _PERIOD_CANDIDATE_RE)
    # A sentence ends with a non-space character (its candidate), and the next one
    # starts where the white space after it ends (group 2), so no span needs trimming.
    for m in candidates.finditer(text, pos):
        end = m.end()
        if end >= last:
            break
        punct, _, following = m.groups()
        if punct == ".":
            ends = _period_ends_sentence(text, m.start(), following)
        elif "?" in punct or "!" in punct:
            ends = True
        else:  # an ellipsis ends a sentence only before a capital, a digit or the end
            ends = following.isupper() or following.isdigit() or not following
        if ends:
            spans.append((pos, end))
            pos = m.start(2)
    if pos < last:
        spans.append((pos, last))
    return spans


def _append_span(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    """Append the trimmed span text[a:b] if it is not blank."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        spans.append((a, b))


def lead_in_end(text: str, label: str | None) -> int:
    """Return the offset just after ``"Label:"`` at the start of text, or 0.

    The label must start the text (after optional white space or opening
    punctuation such as "**" already stripped upstream) and be followed by a
    colon, possibly after white space.
    """
    if not label:
        return 0
    i = text.find(label)
    if i < 0 or text[:i].strip():
        return 0
    j = i + len(label)
    while j < len(text) and text[j] in " \t":
        j += 1
    if j < len(text) and text[j] == ":":
        return j + 1
    return 0


def sentence_spans(text: str, label: str | None = None) -> list[tuple[int, int]]:
    """Return sentence spans of one block, the ``Label:`` lead-in being its own.

    Parameters
    ----------
    text : str
        One block of plain text.
    label : str or None
        The lead-in term of a "Term: text" item; when it starts ``text`` and is
        followed by a colon, ``"Term:"`` is a sentence of its own.

    Returns
    -------
    list of tuple of int
    """
    cut = lead_in_end(text, label)
    if not cut:
        return split_sentences(text)
    spans: list[tuple[int, int]] = []
    _append_span(text, 0, cut, spans)
    spans.extend(split_sentences(text, cut))
    return spans


def block_sentence_spans(block: Any) -> tuple[tuple[int, int], ...]:
    """Return the sentence spans of a block's ``text``, its ``label`` lead-in apart.

    ``model.Block.sentence_spans``, computed once per block (``Any``: model imports
    this module).
    """
    return tuple(sentence_spans(block.text or "", block.label))
