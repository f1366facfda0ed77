"""Named texts shared by the readability tests (textstat's resources.py idea).

Each text is a tuple of blocks, as the section splitter hands them to
``audit.readability.score_blocks``. ``EMPTY`` always comes first in tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """A minimal BlockLike for tests."""

    kind: str
    text: str
    label: str | None = None


def para(text: str) -> Block:
    """Return a paragraph block."""
    return Block("paragraph", text)


def item(text: str, label: str | None = None) -> Block:
    """Return a list-item block, optionally with a "Term:" lead-in label."""
    return Block("item", text, label)


EMPTY: tuple[Block, ...] = ()
ONE_SENTENCE = (para("Take one tablet by mouth."),)
TWO_SENTENCES = (para("Take one tablet by mouth. Drink a full glass of water."),)
BULLET_LIST = (
    item("Fever"),
    item("Chills"),
    item("Blood in the urine"),
    para("Call your doctor."),
)
LEAD_IN = (
    item("Targeted Therapy: This form of treatment uses drugs.", label="Targeted Therapy"),
)
ABBREVIATIONS = (
    para("Dr. Smith saw Mrs. Jones in the U.S. last week, e.g. on Jan. 5. She was well."),
)
DECIMAL_DOSE = (
    para("Take 2.5 mg of the drug each day. Do not take more than 7.5mg in one day."),
)
PASSIVE = (para("The tumor was removed. We will check the scar."),)
INITIALS = (para("J. R. Smith wrote the book. John F. Kennedy read it."),)
URL = (para("Visit www.cancer.gov for help."),)
TIME = (para("Come in at 10:30 and bring your card."),)
PARAGRAPH = (para("Ask Doctor Anderson about immunotherapy. It can help some people."),)
QUESTION = (para("Is it cancer? Ask your doctor!"),)
DASH_SLASH = (para("Take an over-the-counter pain pill\u2014ask about HIV/AIDS."),)

#: Clean prose for the textstat cross-check: no lists, headings, abbreviations,
#: digits, dashes, slashes, quotes or words missing from CMUdict; every
#: sentence has more than two words (textstat drops shorter ones).
CLEAN_PROSE = (
    "Kidney cancer starts when cells in the kidney grow out of control. "
    "Most people find out about it after a scan for another problem. "
    "Your doctor will talk with you about the choices for treatment. "
    "Surgery is often the first step, and many people recover well. "
    "Some people also take medicine that helps the immune system fight the cancer. "
    "Ask questions, and bring a friend or family member to each visit."
)
