"""content-audit: readability, jargon and topic-coverage audits of patient-education posts.

Public API::

    from audit import load_document, load_corpus
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import check_compiled_current  # noqa: E402

check_compiled_current()  # before any compiled module loads

from .corpus import LoadError, load_corpus, load_document  # noqa: E402
from .model import Block, Corpus, Document, Finding, Link, Section, SkippedFile  # noqa: E402

__all__ = [
    "Block", "Corpus", "Document", "Finding", "Link", "LoadError", "Section", "SkippedFile",
    "__version__", "load_corpus", "load_document",
]
