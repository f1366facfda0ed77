"""The ``content-audit`` command line (also ``python -m audit``)."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from . import __version__
from .corpus import LoadError, load_corpus, load_document
from .model import Corpus, Document
from .report import skipped_line, skipped_rows


def format_outline(document: Document) -> str:
    """Render a document's structure as the indented outline editors check.

    Each section shows its heading (or ``(lead)`` / ``(closing)`` for untitled ones), its
    level and its paragraph and item counts; labelled items list their labels; the
    related-post links from the blog chrome come last.
    """
    meta = document.metadata
    lines = [document.title,
             f"  id: {document.id}   format: {document.format}   content type: "
             f"{meta.get('content_type') or '(not set)'}"
             + ("   SAMPLE" if document.sample else "") + ("   DRAFT" if document.draft else ""),
             ""]
    for section in document.sections:
        paragraphs = sum(1 for b in section.blocks if b.kind == "paragraph")
        items = sum(1 for b in section.blocks if b.kind == "item")
        parts = [f"{paragraphs} paragraph{'s' * (paragraphs != 1)}"]
        if items:
            parts.append(f"{items} item{'s' * (items != 1)}")
        extra = [b.kind for b in section.blocks if b.kind in ("quote", "code")]
        if extra:
            parts.append(f"{len(extra)} other")
        if section.heading is None:
            name = f"({section.kind}, untitled)"
        else:
            name = f"{'#' * section.level} {section.heading}"
        indent = "  " * max(section.level - 2, 0)
        lines.append(f"{indent}{name}  [{', '.join(parts)}]")
        for block in section.blocks:
            if block.kind == "item" and block.label:
                lines.append(f"{indent}    - {block.label}")
    lines.append("")
    if document.links:
        lines.append(f"Related links (blog chrome, not scored): {len(document.links)}")
        lines.extend(f"  - {link.title}" + (f" <{link.url}>" if link.url else "")
                     for link in document.links)
    else:
        lines.append("Related links (blog chrome, not scored): none")
    return "\n".join(lines)


def format_skipped(corpus: Corpus) -> list[str]:
    """One line per skipped file, errors first."""
    ordered = sorted(corpus.skipped, key=lambda s: (s.severity != "error", s.path))
    return [skipped_line(*row) for row in skipped_rows(asdict(s) for s in ordered)]


def _cmd_sections(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.is_dir():
        corpus = load_corpus(path)
        for index, document in enumerate(corpus.documents):
            if index:
                print("\n" + "-" * 72 + "\n")
            print(format_outline(document))
        if corpus.skipped:
            print("\nNot loaded:")
            print("\n".join(format_skipped(corpus)))
        return 1 if corpus.errors else 0
    try:
        document = load_document(path)
    except (LoadError, OSError) as error:
        print(f"content-audit: {error}", file=sys.stderr)
        return 1
    print(format_outline(document))
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from .pipeline import run_audit

    try:
        summary = run_audit(Path(args.corpus), Path(args.out), profile=args.profile,
                            progress=not args.quiet,
                            baseline=Path(args.baseline) if args.baseline else None)
    except (LoadError, OSError, ValueError) as error:
        print(f"content-audit: {error}", file=sys.stderr)
        return 1
    print(summary)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import audit_folder, check_part
    from .profile import load_profile
    from .report_html import check_value

    try:
        # only the checks of each post are kept: a large blog's records stay small
        record = audit_folder(Path(args.corpus), load_profile(args.profile), keep=check_part)
    except (LoadError, OSError, ValueError) as error:
        print(f"content-audit: {error}", file=sys.stderr)
        return 2
    failing = [d for d in record["documents"] if d["status"] == "fail"]
    for document in record["documents"]:
        failed = [c for c in document["checks"] if c["status"] == "fail"]
        flag = "FAIL" if failed else document["status"].upper()
        detail = "; ".join(f"{c['label']} {check_value(c)}" for c in failed)
        print(f"{flag:5} {document['path']}" + (f"  ({detail})" if detail else ""))
    errors = [s for s in record["corpus"]["skipped"] if s["severity"] == "error"]
    for path, reason, _ in skipped_rows(errors):
        print(f"ERROR {path}: {reason}")
    print(f"{len(failing)} of {len(record['documents'])} posts fail the profile "
          f"'{record['profile']['name']}'; {len(errors)} files could not be read.")
    return 1 if failing or errors else 0


def _cmd_import(args: argparse.Namespace) -> int:
    from .importer import import_export

    try:
        lines = import_export(Path(args.export), Path(args.to), overwrite=args.overwrite)
    except (OSError, ValueError) as error:
        print(f"content-audit: {args.export}: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its sub-commands."""
    parser = argparse.ArgumentParser(
        prog="content-audit",
        description="Audit patient-education posts: readability, jargon and topic coverage "
                    "per section.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sections = commands.add_parser(
        "sections", help="print a post's outline (the structure the audit uses)",
        description="Print the sections, lead-in items and related links the audit will use.")
    sections.add_argument("path", help="a post file, or a folder to outline every post")
    sections.set_defaults(handler=_cmd_sections)

    run = commands.add_parser("run", help="audit a corpus and write DIR/audit.json",
                              description="Audit every post of CORPUS and write the results.")
    run.add_argument("corpus", help="a folder of posts (or one post file)")
    run.add_argument("--out", required=True, help="output folder (created if missing)")
    run.add_argument("--profile", default="patients",
                     help="profile name in rules/profiles/ or a .yml path (default: patients)")
    run.add_argument("--baseline", metavar="OLD/audit.json",
                     help="an earlier audit.json: print and report each post's changes")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(handler=_cmd_run)

    check = commands.add_parser(
        "check", help="exit non-zero when a post fails its profile (for CI)",
        description="Audit CORPUS and exit 1 if any post fails the profile or a file "
                    "cannot be read; writes nothing.")
    check.add_argument("corpus", help="a folder of posts (or one post file)")
    check.add_argument("--profile", default="patients", help="profile name or .yml path")
    check.set_defaults(handler=_cmd_check)

    importer = commands.add_parser(
        "import", help="turn a Blogger export into corpus files",
        description="Write one Markdown file with front matter per post of a Blogger "
                    "export (Settings > Back up content).")
    importer.add_argument("export", help="the Blogger export (.xml)")
    importer.add_argument("--to", required=True, help="the corpus folder to write into")
    importer.add_argument("--overwrite", action="store_true", help="replace existing files")
    importer.set_defaults(handler=_cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if hasattr(signal, "SIGPIPE"):
        # `content-audit check corpus | head` should stop quietly, not print a traceback
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
