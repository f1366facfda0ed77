"""Section structure: the guide's outline, plain-text and Markdown rules, offsets."""

from __future__ import annotations

import subprocess
import sys

import pytest

from audit import load_document
from audit.model import Block
from audit.sections import lead_in_label, split_markdown, split_plain_text

from fixture_paths import FIXTURES, GUIDE

GUIDE_HEADINGS = [
    "Understanding Metastatic Kidney Cancer",
    "The Goals of Treatment",
    "Available Treatment Options",
    "Navigating Treatment Decisions",
    "Support and Palliative Care",
]
OPTION_LABELS = ["Targeted Therapy", "Immunotherapy", "Radiation Therapy",
                 "Surgical Intervention", "Clinical Trials"]
RELATED = [
    "What Is Kidney Cancer?", "Can Bladder Cancer be Prevented?",
    "What is the Survival Rate for Bladder Cancer?", "Prostate Cancer: An Overview",
    "Urology Cancers Blog Disclaimer", "Pembrolizumab for Renal Cell Carcinoma",
    "How is Kidney Cancer Diagnosed?", "What are the Risk Factors for Bladder Cancer?",
]


def test_guide_has_lead_five_headed_sections_and_closing(guide):
    kinds = [s.kind for s in guide.sections]
    assert kinds == ["lead"] + ["headed"] * 5 + ["closing"]
    assert [s.heading for s in guide.sections[1:6]] == GUIDE_HEADINGS
    assert guide.title == "Treatment of Metastatic Kidney Cancer"


def test_guide_treatment_options_are_labelled_items(guide):
    options = guide.sections[3]
    items = [b for b in options.blocks if b.kind == "item"]
    assert [b.label for b in items] == OPTION_LABELS
    assert options.blocks[0].kind == "paragraph"
    assert options.blocks[0].text.endswith("The most common approaches include:")


def test_guide_closing_section_holds_the_final_paragraph(guide):
    closing = guide.sections[-1]
    assert closing.heading is None
    assert len(closing.blocks) == 1
    assert closing.blocks[0].text.startswith("The treatment of metastatic kidney cancer has evolved")
    support = guide.sections[5]
    assert len(support.blocks) == 1 and support.blocks[0].text.startswith("Beyond direct treatment")


def test_guide_footer_becomes_links_and_never_section_text(guide):
    assert [link.title for link in guide.links] == RELATED
    all_text = " ".join(b.text for s in guide.sections for b in s.blocks)
    assert "Popular posts" not in all_text
    for title in RELATED:
        assert title not in all_text
    assert guide.sections[-1].end <= guide.chrome_start


def test_block_text_maps_back_to_source_offsets(guide):
    for section in guide.sections:
        for block in section.blocks:
            for index, char in enumerate(block.text):
                if char != " ":
                    assert guide.text[block.source_offset(index)] == char


def test_sections_command_prints_the_guide_outline_exactly():
    result = subprocess.run([sys.executable, "-m", "audit", "sections", str(GUIDE)],
                            capture_output=True, text=True, check=True)
    expected = "\n".join([
        "Treatment of Metastatic Kidney Cancer",
        "  id: treatment-of-metastatic-kidney-cancer   format: text   content type: "
        "treatment-guide",
        "",
        "(lead, untitled)  [1 paragraph]",
        "## Understanding Metastatic Kidney Cancer  [1 paragraph]",
        "## The Goals of Treatment  [1 paragraph]",
        "## Available Treatment Options  [1 paragraph, 5 items]",
        *[f"    - {label}" for label in OPTION_LABELS],
        "## Navigating Treatment Decisions  [1 paragraph]",
        "## Support and Palliative Care  [1 paragraph]",
        "(closing, untitled)  [1 paragraph]",
        "",
        "Related links (blog chrome, not scored): 8",
        *[f"  - {title}" for title in RELATED],
    ])
    assert result.stdout.rstrip("\n") == expected
    assert result.stderr == ""


@pytest.mark.parametrize("text, label", [
    ("Targeted Therapy: This form of treatment uses drugs.", "Targeted Therapy"),
    ("Note: call us.", "Note"),
    ("See https://example.org: it helps.", None),
    ("This sentence has a colon much later in it: see here.", None),
    ("lower case: not a label", None),
])
def test_lead_in_label(text, label):
    assert lead_in_label(text) == label


def test_single_lead_in_paragraph_without_colon_intro_stays_a_paragraph():
    outline = split_plain_text("Title\n\nHeading Here\n\nNote: this is one remark only.\n\n"
                               "Another paragraph follows here.\n")
    kinds = [b.kind for b in outline.sections[0].blocks]
    assert kinds == ["paragraph", "paragraph"]


def test_plain_text_bulleted_lines_become_items():
    outline = split_plain_text("Title\n\nSigns\n\n- Blood in the urine\n- Pain in the side\n")
    section = outline.sections[0]
    assert [b.text for b in section.blocks] == ["Blood in the urine", "Pain in the side"]
    assert all(b.kind == "item" for b in section.blocks)


def test_plain_text_sentence_like_line_is_not_a_heading():
    outline = split_plain_text("Title\n\nThis line ends with a period.\n\nMore text here.\n")
    assert [s.kind for s in outline.sections] == ["lead"]


def test_double_blank_line_mid_document_does_not_make_a_closing_section():
    text = ("Title\n\nFirst Heading\n\nOne.\n\n\nTwo.\n\nSecond Heading\n\nThree.\n")
    outline = split_plain_text(text)
    assert [s.kind for s in outline.sections] == ["headed", "headed"]


def test_text_before_first_heading_is_the_lead_section():
    outline = split_markdown("Intro text.\n\n## Heading\n\nBody.\n")
    assert outline.sections[0].kind == "lead" and outline.sections[0].heading is None
    assert outline.sections[0].blocks[0].text == "Intro text."


def test_markdown_fixture_structure():
    document = load_document(FIXTURES / "sections-pass-markdown-structure.md")
    headings = [(s.kind, s.heading, s.level) for s in document.sections]
    assert headings == [
        ("lead", None, 0),
        ("headed", "What Your Kidney Does", 1),
        ("headed", "Daily Habits", 2),
        ("headed", "Medicines to Ask About", 3),
        ("closing", None, 1),
    ]
    lead = document.sections[0].blocks[0].text
    assert lead == ("Most people live a normal, healthy life with one kidney. "
                    "Read the NCI guide for more detail.")
    items = document.sections[2].blocks
    assert [(b.text, b.depth, b.ordered) for b in items] == [
        ("Drink water through the day", 0, False),
        ("Keep your blood pressure in check", 0, False),
        ("Check it at home", 1, False),
        ("Write down the numbers", 1, False),
        ("See your doctor once a year", 0, False),
        ("Eat less salt.", 0, True),
        ("Stay active.", 0, True),
    ]
    kinds = [b.kind for b in document.sections[3].blocks]
    assert kinds == ["quote", "code"]
    assert [b.kind for b in document.sections[3].scored_blocks] == ["quote"]
    assert [(l.title, l.url) for l in document.links] == [
        ("What Is Kidney Cancer?",
         "https://www.urologycancers.com/2023/11/what-is-kidney-cancer.html"),
        ("How is Kidney Cancer Diagnosed?", None),
    ]


def test_markdown_stripping_keeps_offsets():
    document = load_document(FIXTURES / "sections-pass-markdown-structure.md")
    for section in document.sections:
        for block in section.blocks:
            for index, char in enumerate(block.text):
                if char != " ":
                    assert document.text[block.source_offset(index)] == char, (block.text, index)


def test_markdown_title_heading_is_not_a_section():
    document = load_document(FIXTURES / "sections-pass-markdown-structure.md")
    assert document.title == "Living With One Kidney"
    assert all(s.heading != "Living With One Kidney" for s in document.sections)


def test_repeated_headings_get_distinct_section_ids():
    outline = split_markdown("## Treatment\n\nSurgery.\n\n## Side effects\n\nTiredness.\n\n"
                             "## Treatment\n\nRadiation.\n")
    assert [s.id for s in outline.sections] == ["treatment", "side-effects", "treatment-2"]


@pytest.mark.parametrize("anchors", [((0, 10),), ((3, 40),), ((0, 5), (4, 20)),
                                     ((2, 7), (5, 30), (9, 50))])
def test_source_offset_is_the_anchor_bisection(anchors):
    """One anchor skips the search; the offsets are those the bisection gives."""
    from bisect import bisect_right

    block = Block("paragraph", "x" * 12, 100, 112, anchors=anchors)
    keys = [a[0] for a in anchors]
    for index in range(12):
        text_index, source = anchors[max(bisect_right(keys, index) - 1, 0)]
        assert block.source_offset(index) == source + index - text_index
