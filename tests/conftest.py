"""Shared fixtures."""

from __future__ import annotations

import pytest
from fixture_paths import GUIDE


@pytest.fixture(scope="session")
def guide():
    """The user's guide, loaded once."""
    from audit import load_document

    return load_document(GUIDE)
