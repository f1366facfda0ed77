"""Where the project's folders are, derived from this package's location.

Nothing is logged or printed at import (notebook outputs must not hold paths).
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = PROJECT_ROOT / "corpus"
REPORTS_DIR = PROJECT_ROOT / "reports"
