"""Which sentences of a document each cue list matches, trying regexes only where a
match can start.

A cue list's regex (``cues.compile_cues``) is one alternation behind a ``(?<!\\w)``
lookbehind. The regex engine cannot skip ahead to a likely start for such a pattern, so
a search tries the whole alternation at every character of the sentence: that was most
of the coverage check's time. Every match starts at a word, though, and
``cues.cue_starts`` says which words can start one ("care" in "[your|the]? care team").
So :class:`DocumentScan`, once per document:

1. splits each sentence at white space into tokens (``str.split``: much quicker than a
   regex);
2. looks each token up in the :class:`CueIndex` of the rule set, which keeps a
   :class:`TokenPlan` per token: for each word in it (a run of ``\\w``: "Surgery" in
   "(Surgery,") the lists with phrases found by that word (looked up case-folded,
   ``cues.fold_case``), each with the small regexes of just those phrases
   (``cues.start_patterns``). A phrase is found by its first word, or by a later one
   when the first is a common word ("the point of" by "point"). A phrase that never
   matches white space ("surger[y|ies]") matches in the sentence exactly when it
   matches the token, so the plan already holds that answer;
3. tries the other phrases: with ``match(sentence, offset of the word)`` when the
   word begins them ("side effects" at "side"), else with ``search(sentence)``.

A list whose starts cannot be told (an ``re:`` phrase) is searched only in the sentences
with a token that contains one of its required literals (``cues.required_literals``;
the plan says which), or in every sentence when it has none.

Either way every answer is exactly ``regex.search(sentence) is not None`` (and
:meth:`DocumentScan.search` returns exactly ``regex.search(sentence)``): the scan only
skips places where no match can start. ``tests/test_cuescan.py`` checks that for every
rule list.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence, Set
from itertools import accumulate, chain, compress
from typing import NamedTuple, Protocol

from .cues import StartPatterns, Starts, compiled, fold_case, required_literals

__all__ = ["CueIndex", "CueList", "DocumentScan", "TokenPlan"]

#: A word: a run of word characters, as the cue regexes' ``(?<!\w)`` and ``(?!\w)`` see it.
_WORD = re.compile(r"\w+")
#: The per-word and per-token caches are dropped when they grow past this many entries
#: (a memory bound).
_MAX_CACHED = 200_000

_Pattern = re.Pattern[str]
#: What to do where a word occurs, per list with phrases found by it: ``(slot,
#: in-token, at-word, in-sentence pattern)`` (each None when there is none).
_WordTries = tuple[tuple[int, _Pattern | None, _Pattern | None, _Pattern | None], ...]


class CueList(Protocol):
    """What the index needs of a cue list (``coverage.Cues``)."""

    @property
    def regex(self) -> re.Pattern[str] | None: ...  # noqa: D102

    @property
    def starts(self) -> Starts: ...  # noqa: D102

    @property
    def by_start(self) -> tuple[StartPatterns, ...] | None: ...  # noqa: D102


class TokenPlan(NamedTuple):
    """What a token (a white-space free run of text) means for the lists of the index.

    ``marks``: the slots whose sentence set (:class:`DocumentScan`) takes a sentence with
    this token: the indexed lists that match inside the token, whatever is around it,
    and the searched lists with a required literal in it. ``tries``: ``(offset of a word
    in the token, slot, pattern)`` to try at that word in the sentence. ``searches``:
    ``(slot, pattern)`` to search the sentence with.
    """

    marks: tuple[int, ...]
    tries: tuple[tuple[int, int, _Pattern], ...]
    searches: tuple[tuple[int, _Pattern], ...]


class CueIndex:
    """The cue lists of one rule set, indexed by the words a match can start at.

    Parameters
    ----------
    lists : iterable of CueList
        The lists to index. Lists with the same regex share one slot; empty lists
        (``regex`` None) are left out.
    """

    def __init__(self, lists: Iterable[CueList]) -> None:
        self._lists: list[CueList] = []  # keeps the lists alive: slots are found by id
        self._slots: dict[int, int] = {}  # id(list) -> slot
        by_regex: dict[str, int] = {}  # regex text -> slot (a Pattern hashes its code)
        self._regexes: list[re.Pattern[str]] = []
        self._indexed: list[bool] = []  # split by start, else searched (see scan)
        #: (slot, literals) of the searched lists with required literals: the sentences
        #: they may match have a token containing one of those literals
        self._literals: list[tuple[int, frozenset[str]]] = []
        self._literal_slots: set[int] = set()
        #: word (whole starts) or word beginning (the others) -> (slot, in-token,
        #: at-word, in-sentence pattern text)
        self._whole: dict[str, list[tuple[int, str | None, str | None, str | None]]] = {}
        self._prefix: dict[str, list[tuple[int, str | None, str | None, str | None]]] = {}
        for cues in lists:
            regex = cues.regex
            if regex is None or id(cues) in self._slots:
                continue
            self._lists.append(cues)
            slot = by_regex.get(regex.pattern)
            if slot is not None:
                self._slots[id(cues)] = slot
                continue
            slot = by_regex[regex.pattern] = self._slots[id(cues)] = len(self._regexes)
            self._regexes.append(regex)
            self._indexed.append(cues.by_start is not None)
            literals = None if cues.by_start is not None else _token_literals(regex)
            if literals is not None:
                self._literals.append((slot, literals))
                self._literal_slots.add(slot)
            for (letters, whole), in_token, at_word, in_sentence in cues.by_start or ():
                table = self._whole if whole else self._prefix
                table.setdefault(letters, []).append((slot, in_token, at_word, in_sentence))
        self._longest_prefix = max(map(len, self._prefix), default=0)
        self._words: dict[str, _WordTries] = {}
        #: token -> its plan; a missing token is planned when looked up
        self._tokens = _Plans(self._plan)

    def word_tries(self, word: str) -> _WordTries:
        """What to try where the folded ``word`` occurs (cached by word)."""
        found = self._words.get(word)
        if found is None:
            entries = list(self._whole.get(word, ()))
            for length in range(1, min(len(word), self._longest_prefix) + 1):
                entries += self._prefix.get(word[:length], ())
            found = tuple((slot, _compiled(in_token), _compiled(at_word),
                           _compiled(in_sentence))
                          for slot, in_token, at_word, in_sentence in entries)
            if len(self._words) >= _MAX_CACHED:
                self._words.clear()
            self._words[word] = found
        return found

    def token_plan(self, token: str) -> TokenPlan | None:
        """The :class:`TokenPlan` of a white-space free ``token``, or None when no list
        can start in it (cached by token)."""
        return self._tokens[token]

    def _plan(self, token: str) -> TokenPlan | None:
        """Make the plan of a token (for the cache)."""
        hits: dict[int, None] = {}  # ordered and unique
        tries: list[tuple[int, int, _Pattern]] = []
        searches: dict[tuple[int, _Pattern], None] = {}
        for word in _WORD.finditer(token):
            offset = word.start()
            for slot, local, at_word, in_sentence in self.word_tries(fold_case(word.group())):
                if local is not None and local.match(token, offset):
                    hits[slot] = None
                if at_word is not None:
                    tries.append((offset, slot, at_word))
                if in_sentence is not None:
                    searches[slot, in_sentence] = None
        folded = fold_case(token)
        marks = (*hits, *(slot for slot, texts in self._literals
                           if any(text in folded for text in texts)))
        if not (marks or tries or searches):
            return None
        return TokenPlan(marks, tuple(tries), tuple(searches))

    def scan(self, texts: Sequence[str]) -> DocumentScan:
        """Index the sentences ``texts`` of one document (see :class:`DocumentScan`)."""
        return DocumentScan(self, texts)


class DocumentScan:
    """The sentences of one document, and which of them each indexed list matches.

    The sentences are given by their text; results are sentence indices. Indexed lists
    are settled when the scan is made; lists searched whole are searched when asked. A
    list that is not in the index is searched sentence by sentence.
    """

    def __init__(self, index: CueIndex, texts: Sequence[str]) -> None:
        self.index = index
        self.texts = list(texts)
        slots = len(index._regexes)
        #: per slot, a set of sentences: those the list matches (an indexed list), or
        #: those it may match (a searched list with required literals)
        self._sets: list[set[int]] = [set() for _ in range(slots)]
        #: (slot, sentence) -> whether a searched list matches it (filled when asked)
        self._verdicts: dict[tuple[int, int], bool] = {}
        self._match_tokens()

    def _match_tokens(self) -> None:
        """Fill the sentence sets: take the marks of the token plans, and try the other
        phrases of the indexed lists where they may be, until they match the sentence."""
        texts, sets = self.texts, self._sets
        # all the tokens at once (a few calls in C rather than a loop per sentence);
        # ends[s]: the number of tokens up to the end of sentence s
        splits = list(map(str.split, texts))
        ends = list(accumulate(map(len, splits)))
        tokens = list(chain.from_iterable(splits))
        plans = list(map(self.index._tokens.__getitem__, tokens))
        sentence, end, text, at = -1, 0, "", 0
        for number in compress(range(len(tokens)), plans):
            if number >= end:  # the first token with a plan in a later sentence
                sentence = bisect_right(ends, number)
                end, text, at = ends[sentence], texts[sentence], 0
            plan = plans[number]
            assert plan is not None  # compress kept only the tokens with a plan
            marks, tries, searches = plan
            for slot in marks:
                sets[slot].add(sentence)
            if searches:
                for slot, pattern in searches:
                    found = sets[slot]
                    if sentence not in found and pattern.search(text):
                        found.add(sentence)
            if tries:
                token = tokens[number]
                at = _whole_token(text, token, at)
                for offset, slot, pattern in tries:
                    found = sets[slot]
                    if sentence not in found and pattern.match(text, at + offset):
                        found.add(sentence)
                at += len(token)

    def _slot(self, cues: CueList) -> int | None:
        return self.index._slots.get(id(cues))

    def _hits(self, slot: int) -> set[int]:
        """The sentences the indexed list in ``slot`` matches."""
        return self._sets[slot]

    def _searched_candidates(self, slot: int) -> Set[int] | range:
        """The sentences a searched (not indexed) list may match: those with one of its
        required literals, or all."""
        if slot in self.index._literal_slots:
            return self._sets[slot]
        return range(len(self.texts))

    def _searched_verdict(self, slot: int, sentence: int) -> bool:
        """Whether the searched list in ``slot`` matches the sentence (searched once)."""
        verdict = self._verdicts.get((slot, sentence))
        if verdict is None:
            verdict = self._verdicts[slot, sentence] = (
                sentence in self._searched_candidates(slot)
                and self.index._regexes[slot].search(self.texts[sentence]) is not None)
        return verdict

    def found_in(self, cues: CueList, sentence: int) -> bool:
        """Tell whether ``cues`` match sentence number ``sentence``.

        The same answer as ``cues.regex.search(text) is not None`` (False without a regex).
        """
        regex = cues.regex
        if regex is None:
            return False
        slot = self._slot(cues)
        if slot is None:
            return regex.search(self.texts[sentence]) is not None
        if self.index._indexed[slot]:
            return sentence in self._hits(slot)
        return self._searched_verdict(slot, sentence)

    def matched(self, cues: CueList) -> Set[int]:
        """Return the set of the indices of the sentences ``cues`` match (do not change it)."""
        slot = self._slot(cues)
        if slot is not None and self.index._indexed[slot]:
            return self._hits(slot)
        return frozenset(self.matching(cues))

    def matching(self, cues: CueList, among: Iterable[int] | None = None) -> list[int]:
        """Return the indices of the sentences ``cues`` match (:meth:`found_in` on each).

        Only the indices in ``among`` are tried, when given; the result keeps their order.
        """
        regex = cues.regex
        if regex is None:
            return []
        slot = self._slot(cues)
        if slot is None:
            search, texts = regex.search, self.texts
            indices = range(len(texts)) if among is None else among
            return [i for i in indices if search(texts[i])]
        if self.index._indexed[slot]:
            hits = self._hits(slot)
            return sorted(hits) if among is None else [i for i in among if i in hits]
        may = self._searched_candidates(slot)
        indices = sorted(may) if among is None else [i for i in among if i in may]
        return [i for i in indices if self._searched_verdict(slot, i)]

    def search(self, cues: CueList, sentence: int) -> re.Match[str] | None:
        """Return exactly ``cues.regex.search(text)`` for sentence number ``sentence``.

        For an indexed list the search starts at the first word a match can start at:
        no match starts before it, so the leftmost match is the same.
        """
        regex = cues.regex
        if regex is None:
            return None
        text = self.texts[sentence]
        slot = self._slot(cues)
        if slot is None:
            return regex.search(text)
        if not self.index._indexed[slot]:
            return regex.search(text) if self._searched_verdict(slot, sentence) else None
        if sentence not in self._hits(slot):
            return None
        # every match starts at a word beginning with one of the list's starts (those
        # of its phrases' first units), so not before the first place one occurs
        folded = fold_case(text)
        places = [folded.find(letters) for letters, _ in cues.starts or ()]
        return regex.search(text, min((at for at in places if at >= 0), default=0))


class _Plans(dict[str, "TokenPlan | None"]):
    """The token plans of an index: a dict that makes (and keeps) a missing plan when
    it is looked up, so looking up all the tokens of a document stays one ``map``."""

    def __init__(self, make: Callable[[str], TokenPlan | None]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, token: str) -> TokenPlan | None:
        if len(self) >= _MAX_CACHED:  # a memory bound
            self.clear()
        plan = self[token] = self._make(token)
        return plan


def _compiled(pattern: str | None) -> _Pattern | None:
    """The compiled cue pattern (``cues.compiled``), or None for none."""
    return None if pattern is None else compiled(pattern)


def _token_literals(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Required literals of ``regex`` (``cues.required_literals``) that fit in a token.

    A literal with white space in it ("last reviewed") is replaced by its longest
    white-space free part: a text with the literal has that part too. None when there
    are no required literals (or one is all white space).
    """
    literals = required_literals(regex)
    if literals is None:
        return None
    parts = [max(literal.split(), key=len, default="") for literal in literals]
    return frozenset(parts) if all(parts) else None


def _whole_token(text: str, token: str, at: int) -> int:
    """Return where ``token`` next occurs as a whole token of ``text``, from ``at``.

    Tokens are looked for in the order ``str.split`` gave them, each from the end of
    the one looked for before it, so the first whole occurrence is the right one: an
    earlier one would have been an earlier token, with the same plan, looked for
    before. (A token may occur inside a longer one: "the" in "other".)
    """
    size, end = len(token), len(text)
    while True:
        at = text.find(token, at)
        if at < 0:
            raise AssertionError(f"token {token!r} not found")  # cannot happen
        if ((at == 0 or text[at - 1].isspace())
                and (at + size == end or text[at + size].isspace())):
            return at
        at += 1
