"""Write the editors' notebooks from their cell lists (then `make notebooks` runs them).

Keeping the cells here makes the notebooks reviewable as code and keeps them thin:
every cell is a few library calls, with no function definitions.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

CORPUS_AUDIT = [
    ("md", "# Corpus audit\n\nWhich posts of the blog are hardest to read, use the most "
           "medical jargon or miss topics they must cover, and which fixes would help most "
           "across the blog?\n\nRun all cells. To audit another folder or profile, change "
           "the parameters below (or run `make audit` for the shareable HTML report)."),
    ("parameters", "%matplotlib inline\nCORPUS = None  # None: the bundled corpus/ folder\n"
                   "PROFILE = \"patients\""),
    ("code", "from audit import notebook as nb\n\nrecord = nb.audit(CORPUS, PROFILE)\n"
             "print(nb.summary(record))"),
    ("md", "## Scorecard, worst first\n\nStatus is the worst of the post's checks against "
           "the profile. Grades are US school grades; the target is grade 8 or below."),
    ("code", "nb.tables.scorecard(record)"),
    ("md", "## Reading grade by post"),
    ("code", "nb.figures.grade_by_post(record)"),
    ("md", "## Jargon density by post"),
    ("code", "nb.figures.jargon_by_post(record)"),
    ("md", "## Required topics by post"),
    ("code", "nb.figures.coverage_heatmap(record)"),
    ("md", "## Fixes across the blog, most helpful first"),
    ("code", "nb.tables.fixes(record)"),
    ("code", "# Checks that hold for any corpus: every post scored, every file accounted for\n"
             "assert record[\"corpus\"][\"documents\"] == len(record[\"documents\"])\n"
             "assert all(d[\"status\"] in {\"pass\", \"warn\", \"fail\", \"n/a\"} "
             "for d in record[\"documents\"])"),
]

POST_AUDIT = [
    ("md", "# Post audit\n\nFor one post (the guide by default): which sections are hard to "
           "read and why, which medical terms need plain words, which required topics are "
           "covered, and what the plain-language checklist says."),
    ("parameters", "%matplotlib inline\nCORPUS = None  # None: the bundled corpus/ folder\n"
                   "PROFILE = \"patients\"\nPOST = \"treatment-of-metastatic-kidney-cancer\""),
    ("code", "from audit import notebook as nb\n\nrecord = nb.audit(CORPUS, PROFILE)\n"
             "post = nb.post(record, POST)\nprint(post[\"title\"], \"-\", post[\"status\"])"),
    ("md", "## Sections\n\nSections under 100 words or 3 sentences are scored but not "
           "reliable."),
    ("code", "nb.tables.section_table(post)"),
    ("code", "nb.figures.grade_by_section(record, post)"),
    ("md", "## Every formula for the whole post"),
    ("code", "nb.tables.formula_table(post)"),
    ("md", "## Hardest sentences and why"),
    ("code", "nb.tables.hardest_sentences(post)"),
    ("md", "## Medical jargon, with plain words"),
    ("code", "nb.tables.jargon_terms(post)"),
    ("md", "## Required topics and their evidence"),
    ("code", "nb.tables.coverage_topics(post)"),
    ("md", "## Treatment options (DISCERN questions 9 to 13)"),
    ("code", "nb.tables.options_grid(post)"),
    ("md", "## Plain-language checklist (CDC Clear Communication Index, PEMAT)"),
    ("code", "nb.tables.checklist(post)"),
]


def build(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """A notebook from (kind, source) pairs; kind "parameters" is a tagged code cell."""
    notebook = new_notebook()
    for kind, source in cells:
        if kind == "md":
            notebook.cells.append(new_markdown_cell(source))
        else:
            cell = new_code_cell(source)
            if kind == "parameters":
                cell.metadata["tags"] = ["parameters"]
            notebook.cells.append(cell)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:02d}"
    return notebook


def main() -> None:
    """Write both notebooks (unexecuted; `make notebooks` executes them in place)."""
    for name, cells in [("01-corpus-audit.ipynb", CORPUS_AUDIT),
                        ("02-post-audit.ipynb", POST_AUDIT)]:
        nbformat.write(build(cells), NOTEBOOKS / name)


if __name__ == "__main__":
    main()
