"""Syllable counting: CMUdict first, then house overrides, initialisms and a heuristic.

The order of look-up for one word token (see ``docs/readability.md``):

1. **Numerals** (a token made of digits, optionally with ``.``, ``,`` or ``:``
   between digits, and an ordinal ending): syllables of the number as spoken,
   e.g. ``150`` = "one hundred fifty" = 6, ``2.5`` = "two point five" = 3,
   ``10:30`` = "ten thirty" = 3 (McLaughlin's SMOG rule and Flesch's rule).
2. **Dotted abbreviations** (``e.g``, ``U.S``, ``a.m``): one syllable per letter
   (``W`` = 3).
3. **All-capital initialisms** (2-6 letters, e.g. ``CT``, ``RCC``, ``COPD``): an
   upper-case key in the overrides file wins (``COVID``, ``AIDS``, and ``CT``
   whose CMUdict entry is a one-syllable homograph), then CMUdict, then one
   syllable per letter.
4. **Other words**: CMUdict (lower-cased, first pronunciation, also tried with a
   straight apostrophe), then a lower-case key in the overrides file, then the
   vowel-group heuristic :func:`heuristic_syllables`.

Hyphenated tokens not found whole are the sum of their parts; tokens mixing
letters and digits (``HER2``, ``7.5mg``) are the sum of their letter and digit
runs. Every result is memoised per token.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from audit.cmudata import syllable_table
from audit.rules import safe_yaml

__all__ = [
    "count_syllables",
    "heuristic_syllables",
    "number_syllables",
    "overrides",
    "syllable_source",
]

# ---------------------------------------------------------------- numbers ---
# fmt: off
_ONES = (2, 1, 1, 1, 1, 1, 1, 2, 1, 1)          # zero one two ... nine
_TEENS = (1, 3, 1, 2, 2, 2, 2, 3, 2, 2)         # ten eleven twelve ... nineteen
_TENS = (0, 0, 2, 2, 2, 2, 2, 3, 2, 2)          # - - twenty thirty ... seventy eighty ninety
_SCALES = (0, 2, 2, 2, 2)                       # - thousand million billion trillion
# fmt: on
_HUNDRED = 2
_POINT = 1


def _below_thousand(n: int) -> int:
    """Return the syllables of 0 < n < 1000 read as a cardinal (no "and")."""
    total = 0
    hundreds, rest = divmod(n, 100)
    if hundreds:
        total += _ONES[hundreds] + _HUNDRED
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        total += _TENS[tens] + (_ONES[ones] if ones else 0)
    elif rest >= 10:
        total += _TEENS[rest - 10]
    elif rest:
        total += _ONES[rest]
    return total


def _cardinal(digits: str) -> int:
    """Return the syllables of a digit string read as a cardinal number."""
    n = int(digits)
    if n == 0:
        return _ONES[0]
    if len(digits) > 15:  # beyond trillions: read digit by digit
        return sum(_ONES[int(d)] for d in digits)
    total, scale = 0, 0
    while n:
        n, group = divmod(n, 1000)
        if group:
            total += _below_thousand(group) + _SCALES[scale]
        scale += 1
    return total


def _integer(digits: str) -> int:
    """Return the syllables of an integer, reading years 1100-2099 as years."""
    if len(digits) == 4 and digits[0] != "0":
        n = int(digits)
        if 1100 <= n <= 1999 or 2010 <= n <= 2099:
            hi, lo = divmod(n, 100)  # "nineteen ninety", "twenty twenty-four"
            if lo == 0:
                return _cardinal(str(hi)) + _HUNDRED
            return _cardinal(str(hi)) + (_ONES[0] - 1 + _ONES[lo] if lo < 10 else _cardinal(str(lo)))
    if len(digits) > 1 and digits[0] == "0":  # "05": read digit by digit
        return sum(_ONES[int(d)] for d in digits)
    return _cardinal(digits)


_NUMBER_RE = re.compile(r"^(\d[\d,]*)(?:([.:])(\d+))?(?:st|nd|rd|th)?$", re.IGNORECASE)


def number_syllables(token: str) -> int | None:
    """Return the spoken syllables of a numeral token, or None if it is not one.

    Notes
    -----
    Integers are read as cardinals without "and" (``150`` -> one hun-dred fif-ty
    = 6); four-digit numbers 1100-1999 and 2010-2099 as years (``2024`` ->
    twen-ty twen-ty-four = 5); a decimal as integer + "point" + one digit at a
    time (``2.5`` = 3); a time as hours + minutes (``10:30`` = 3; ``:00`` adds
    "o'clock" = 2). Ordinal suffixes are read as the cardinal (an approximation:
    ``2nd`` = 1). A numeral with other separators (``1.2.3``) is the sum of its
    digit runs read as cardinals.
    """
    m = _NUMBER_RE.match(token)
    if m is None:
        runs = re.findall(r"\d+", token)
        if not runs or re.search(r"[^\d.,:]", token):
            return None
        return sum(_cardinal(r) for r in runs)
    whole, sep, frac = m.group(1), m.group(2), m.group(3)
    digits = whole.replace(",", "")
    if not digits:
        return None
    total = _integer(digits) if "," not in whole else _cardinal(digits)
    if sep == ".":
        total += _POINT + sum(_ONES[int(d)] for d in frac)
    elif sep == ":":
        total += 2 if int(frac) == 0 else (
            _ONES[0] - 1 + _ONES[int(frac)] if len(frac) == 2 and frac[0] == "0" and frac != "00"
            else _cardinal(frac)
        )
    return total


# -------------------------------------------------------------- overrides ---
@cache
def overrides() -> dict[str, int]:
    """Return the house overrides (``rules/syllables.yml``), loaded once.

    Lower-case keys apply to any capitalisation of the word; all-capital keys
    apply only to the all-capital token (initialisms).
    """
    ref = resources.files("audit").joinpath("rules", "syllables.yml")
    data = safe_yaml(ref.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("id") != "syllables":
        raise ValueError("rules/syllables.yml: expected top-level 'id: syllables'")
    if not isinstance(data.get("version"), int):
        raise ValueError("rules/syllables.yml: 'version' must be an integer")
    words = data.get("words")
    if not isinstance(words, dict):
        raise ValueError("rules/syllables.yml: 'words' must be a map word -> syllables")
    for key, value in words.items():
        if not isinstance(key, str) or not isinstance(value, int) or value < 1:
            raise ValueError(f"rules/syllables.yml: bad entry {key!r}: {value!r}")
    return dict(words)


# -------------------------------------------------------------- heuristic ---
_VOWELS = frozenset("aeiouy")
_GROUP_RE = re.compile(r"[aeiouy]+")
# A vowel pair that is two syllables (hiatus) inside one vowel group.
_HIATUS = frozenset({"ia", "io", "iu", "eo", "oe", "oa", "ua", "uo", "yo", "ya", "ye", "ia"})
_PREFIX_HIATUS_RE = re.compile(r"^(?:re|pre|de|co|bio|neo|cre)(?=[aeiou])")


def _is_hiatus(word: str, i: int) -> bool:
    """Tell whether the vowels word[i], word[i+1] fall in different syllables."""
    pair = word[i : i + 2]
    before = word[i - 1] if i else ""
    after = word[i + 2 : i + 4]
    if pair in ("io", "ia"):
        # -tion, -sion, -cion, -gion, -xion, -tious, -cious, -gial, -cial, -tial,
        # -sia, -gia: one syllable.
        if before in ("t", "s", "c", "x", "g"):
            if pair == "ia":
                return False
            return not (after[:1] == "n" or after == "us")
        return True
    if pair == "eo":
        return not (before in ("g", "c") and (after[:1] == "n" or after == "us"))
    if pair == "oe":
        return word[i + 2 :] not in ("", "s")
    if pair in ("ua", "uo"):
        return before not in ("q", "g")
    if pair in ("yo", "ya", "ye"):
        return i > 0 and before not in _VOWELS
    if pair == "ea":
        rest = word[i + 2 :]
        return rest in ("", "e", "l", "ls", "s") or word.startswith("crea", i - 2)
    return pair in _HIATUS


@lru_cache(maxsize=65536)
def heuristic_syllables(word: str) -> int:
    """Estimate syllables of a lower-case word by vowel groups (medical tuning).

    Notes
    -----
    Count groups of vowels (``y`` is a vowel except word-initially before a
    vowel and between two vowels); add one for each hiatus pair inside a group
    (``ia``/``io`` except in -tion/-sion/-cial/-gia..., ``iu``, ``eo``, ``oe``,
    ``oa``, ``ua``, ``uo``, consonant + ``yo``/``ya``/``ye``, final ``ea``/``eal``,
    ``crea-``) and for a prefix ``re-``, ``pre-``, ``de-``, ``co-``, ``bio-``,
    ``neo-`` before a vowel; subtract one for a silent final ``e`` (not
    consonant + ``le``, not ``ee``/``ie``/``oe``/``ye``), a silent ``-es``
    (after a consonant other than s, x, z, c, g, ch, sh; not ``-etes`` as in
    diabetes) and a silent ``-ed`` (not after t or d); add one for ``-ism``.
    Never less than one.
    """
    w = "".join(ch for ch in word.lower() if ch.isalpha())
    if not w:
        return 1
    # y as a consonant: word-initial before a vowel, or between two vowels.
    chars = list(w)
    for i, ch in enumerate(chars):
        if ch == "y":
            nxt = chars[i + 1] if i + 1 < len(chars) else ""
            prev = chars[i - 1] if i else ""
            if (i == 0 and nxt in _VOWELS) or (prev in "aeiou" and prev and nxt in "aeiou" and nxt):
                chars[i] = "j"
        elif ch == "u" and i and chars[i - 1] == "q":
            chars[i] = "w"  # qu = /kw/
    w2 = "".join(chars)
    count = 0
    for m in _GROUP_RE.finditer(w2):
        count += 1
        start, end = m.span()
        for i in range(start, end - 1):
            if _is_hiatus(w2, i):
                count += 1
    pm = _PREFIX_HIATUS_RE.match(w2)
    if pm:
        j = pm.end() - 1  # last vowel of the prefix, followed by a vowel
        if not _is_hiatus(w2, j):
            count += 1
    # silent endings
    n = len(w2)
    if n > 2 and w2.endswith("e") and w2[-2] not in "aeiouy":
        if not (w2[-2] == "l" and n > 3 and w2[-3] not in "aeiouyl"):
            count -= 1
    elif n > 3 and w2.endswith("es") and w2[-3] not in "aeiouysxzcg":
        if not (w2[-4:-2] in ("ch", "sh") or w2.endswith("etes")):
            count -= 1
    elif n > 3 and w2.endswith("ed") and w2[-3] not in "aeiouytd":
        count -= 1
    if w2.endswith(("ism", "isms")):
        count += 1
    return max(1, count)


# ------------------------------------------------------------- main entry ---
_SPLIT_RUNS_RE = re.compile(r"\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?|[^\W\d_]+(?:['’][^\W\d_]+)*")
_HYPHENS = ("-", "\u2010", "\u2011")


def _letters_spelled(letters: str) -> int:
    """Return syllables of letters read one by one (W = 3)."""
    return sum(3 if ch in "wW" else 1 for ch in letters if ch.isalpha())


def _is_initialism(token: str) -> bool:
    """Tell whether token is an all-capital (or mixed like mRNA) 2-6 letter initialism."""
    if not (2 <= len(token) <= 6) or not token.isalpha():
        return False
    if token.isupper():
        return True
    upper = sum(1 for ch in token if ch.isupper())
    return upper >= 2 and not token.istitle()


@lru_cache(maxsize=262144)
def _lookup(token: str) -> tuple[int, str]:
    """Return (syllables, source) for one token; see the module docstring."""
    if not token:
        return 0, "none"
    if token[0].isdigit():
        spoken = number_syllables(token)
        if spoken is not None:
            return spoken, "number"
    if "." in token and not token[0].isdigit():
        letters = token.replace(".", "")
        if letters.isalpha():
            return _letters_spelled(letters), "letters"
    table = syllable_table()
    over = overrides()
    if _is_initialism(token):
        if token in over:
            return over[token], "override"
        low = token.lower()
        if token.isupper() and low in table:
            return table[low], "cmudict"
        return _letters_spelled(token), "letters"
    low = token.lower().replace("’", "'")
    hit = table.get(low)
    if hit is not None:
        return hit, "cmudict"
    hit = over.get(low)
    if hit is not None:
        return hit, "override"
    if any(h in token for h in _HYPHENS):
        parts = [p for p in re.split("[-\u2010\u2011]", token) if p]
        if parts:
            results = [_lookup(p) for p in parts]
            return sum(r[0] for r in results), "+".join(dict.fromkeys(r[1] for r in results))
    runs = _SPLIT_RUNS_RE.findall(token)
    if len(runs) > 1 or (runs and runs[0] != token):
        results = [_lookup(r) for r in runs]
        if results:
            return sum(r[0] for r in results), "+".join(dict.fromkeys(r[1] for r in results))
    if "'" in low:  # possessive or contraction not in CMUdict: base word + 's
        base, _, tail = low.partition("'")
        if base and base in table:
            extra = 1 if tail == "s" and base[-1] in "sxz" else 0
            return table[base] + extra, "cmudict"
    return heuristic_syllables(low), "heuristic"


def count_syllables(word: str) -> int:
    """Return the number of syllables of one word token.

    Parameters
    ----------
    word : str
        One token as produced by :func:`audit.textprep.tokenize` (case matters
        for initialisms).

    Returns
    -------
    int
        Syllables, at least 1 for any token containing a letter or digit.
    """
    return _lookup(word)[0]


def syllable_source(word: str) -> str:
    """Return where a word's syllables came from.

    One of ``"cmudict"``, ``"override"``, ``"letters"`` (spelled-out initialism
    or dotted abbreviation), ``"number"`` (spoken numeral) or ``"heuristic"``;
    hyphenated or mixed tokens join their parts' sources with ``+``.
    """
    return _lookup(word)[1]
