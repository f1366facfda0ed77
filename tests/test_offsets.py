"""Offsets of a block's text in its document's text (``audit.offsets``)."""

from __future__ import annotations

import pytest

from audit.model import Block
from audit.offsets import source_offset


def _block(start: int, anchors: tuple[tuple[int, int], ...]) -> Block:
    return Block(kind="paragraph", text="x" * 60, start=start, end=start + 60,
                 anchors=anchors)


# Worked by hand: the last anchor (text_index, source) at or before the index gives
# source + (index - text_index); before the first anchor, the first one does; with no
# anchors, the block's start + index.
@pytest.mark.parametrize(("start", "anchors", "index", "expected"), [
    (100, (), 0, 100),
    (100, (), 7, 107),
    (0, ((0, 40),), 5, 45),  # one run, shifted by the markup before it
    (0, ((3, 40),), 1, 38),  # before the only anchor: still its run
    (0, ((0, 10), (20, 50)), 19, 29),  # end of the first run
    (0, ((0, 10), (20, 50)), 20, 50),  # start of the second
    (0, ((0, 10), (20, 50)), 25, 55),
    (0, ((5, 10), (20, 50)), 2, 7),  # before the first anchor: the first run
])
def test_source_offset_follows_the_anchor_runs(start: int,
                                               anchors: tuple[tuple[int, int], ...],
                                               index: int, expected: int) -> None:
    block = _block(start, anchors)
    assert source_offset(block, index) == expected
    assert block.source_offset(index) == expected  # the method is the same function
