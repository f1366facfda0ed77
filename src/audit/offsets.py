"""Where a character of a block's plain text lies in its document's text.

Compiled (``pyproject.toml``): every finding's offsets are found here, so the audit's
hot path calls it without a Python-level frame. ``model.Block.source_offset`` is this
function.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any


def source_offset(block: Any, index: int) -> int:
    """Return the offset in ``Document.text`` of character ``index`` of ``block.text``.

    ``block.anchors`` are pairs ``(text_index, source_offset)``, each starting a run in
    which both advance together: the answer is ``source + (index - text_index)`` for
    the last anchor at or before ``index`` (the first anchor for an earlier index),
    and ``block.start + index`` for a block without anchors. (``Any``: model imports
    this module.)
    """
    # typed locals: the arithmetic below then runs on native ints and tuples
    anchors: tuple[tuple[int, int], ...] = block.anchors
    if not anchors:
        start: int = block.start
        return start + index
    if len(anchors) == 1:  # the usual case: one run, the bisection's answer
        text_index, source = anchors[0]
    else:
        keys: tuple[int, ...] = block._anchor_keys
        text_index, source = anchors[max(bisect_right(keys, index) - 1, 0)]
    return source + (index - text_index)
