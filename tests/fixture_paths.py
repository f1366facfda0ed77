"""Paths to the bundled corpus and the test fixtures."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GUIDE = CORPUS / "treatment-of-metastatic-kidney-cancer.txt"
