"""Load posts from files and folders, accounting for every file.

Formats, chosen by extension:

``.md`` / ``.markdown``
    Markdown with optional YAML front matter between ``---`` lines.
``.txt``
    Plain text in the guide's form: title on the first line, bare-line headings.
``.html`` / ``.htm``
    A saved post page; only the post body is kept (``htmlpage.py``).
``.xml``
    A Blogger "Back up content" export: one document per post (``blogger.py``).

Metadata for files that cannot carry front matter comes from a sidecar
``<stem>.meta.yml`` beside them; a sidecar's fields override front matter.

Text is decoded as UTF-8 (with or without a BOM) or, when a BOM says so, UTF-16 or
UTF-32; an HTML page or XML export may also declare its charset. Anything else is
refused with a message naming the file and the first undecodable byte: the audit
never guesses an encoding. Line endings (CRLF, CR) are normalised to ``\\n``, and all
offsets refer to that normalised text.

A folder is read recursively in sorted order. Every file ends up either loaded or in
``Corpus.skipped`` with its reason; two documents with the same slug are an error
naming both files (the first in path order is kept).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .model import CONTENT_TYPES, Corpus, Document, Link, SkippedFile, slugify
from .rules import Field, check_fields, read_rule_file
from .sections import Outline, split_markdown, split_plain_text

CORPUS_FILE = "corpus.yml"
SIDECAR_SUFFIX = ".meta.yml"

#: Front-matter and sidecar fields, with their types (see corpus/README.md).
METADATA_FIELDS: dict[str, Field] = {
    "title": Field(str, required=False),
    "slug": Field(str, required=False),
    "url": Field(str, required=False),
    "published": Field((str, dt.date), required=False),
    "content_type": Field(str, required=False),
    "audience": Field(str, required=False),
    "sample": Field(bool, required=False),
    "blog": Field(str, required=False),
    "draft": Field(bool, required=False),
    "labels": Field(list, required=False),
}


class LoadError(ValueError):
    """A file cannot be loaded; the message names the file and says why."""


@dataclass(frozen=True)
class CorpusSettings:
    """Limits for reading files (``rules/corpus.yml``)."""

    max_file_bytes: int
    extensions: dict[str, str]
    ignored_names: frozenset[str]


@cache
def load_corpus_settings() -> CorpusSettings:
    """Load and validate ``rules/corpus.yml``."""
    data = read_rule_file(CORPUS_FILE)
    check_fields(data, {"id": Field(str), "version": Field(int), "max_file_bytes": Field(int),
                        "extensions": Field(dict), "ignored_names": Field(list)}, CORPUS_FILE)
    return CorpusSettings(data["max_file_bytes"], dict(data["extensions"]),
                          frozenset(data["ignored_names"]))


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:<meta[^>]+charset=["']?|<\?xml[^>]+encoding=["'])([\w.:-]+)""",
                       re.IGNORECASE)


def decode_text(data: bytes, name: str, *, markup: bool = False) -> str:
    """Decode file bytes to text with ``\\n`` line endings.

    Parameters
    ----------
    data : bytes
        The file's contents.
    name : str
        The file name, for messages.
    markup : bool
        Whether an HTML/XML charset declaration may be honoured.

    Raises
    ------
    LoadError
        For binary data or an encoding that is neither UTF-8 nor declared.
    """
    encoding = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            break
    if encoding is None:
        if b"\x00" in data[:8192]:
            raise LoadError(f"{name}: binary file (contains NUL bytes), not a text post")
        encoding = "utf-8"
        if markup:
            declared = _DECLARED.search(data[:4096])
            if declared:
                encoding = declared.group(1).decode("ascii").lower()
    try:
        text = data.decode(encoding)
    except LookupError as error:
        raise LoadError(f"{name}: declares unknown encoding '{encoding}'") from error
    except UnicodeDecodeError as error:
        raise LoadError(
            f"{name}: not valid {encoding.upper()} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); re-save the file as UTF-8"
        ) from error
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def parse_metadata(raw: str, name: str, line_offset: int = 0) -> dict[str, Any]:
    """Parse and validate a YAML metadata mapping (front matter or sidecar).

    Raises
    ------
    LoadError
        Naming the file and line for broken YAML, and the field for a bad value.
    """
    try:
        data = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1 + line_offset}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise LoadError(f"{name}:{where} broken front matter: {problem}") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LoadError(f"{name}: front matter must be a mapping of field: value")
    try:
        check_fields(data, METADATA_FIELDS, name)
    except ValueError as error:
        raise LoadError(str(error)) from error
    meta = dict(data)
    if isinstance(meta.get("published"), dt.date):
        meta["published"] = meta["published"].isoformat()
    if "published" in meta and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", meta["published"]):
        raise LoadError(f"{name}: published: '{meta['published']}' is not YYYY-MM or YYYY-MM-DD")
    content_type = meta.get("content_type")
    if content_type is not None and content_type not in CONTENT_TYPES:
        raise LoadError(f"{name}: content_type: '{content_type}' is not one of "
                        f"{', '.join(CONTENT_TYPES)}")
    if "labels" in meta:
        meta["labels"] = [str(label) for label in meta["labels"]]
    return meta


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], int]:
    """Return the front-matter metadata and the offset where the body starts."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---\n"):
            raise LoadError(f"{name}: line 1: front matter opened with '---' is never closed")
        return {}, 0
    return parse_metadata(match.group("yaml") or "", name, line_offset=1), match.end()


def read_sidecar(path: Path, display: str) -> dict[str, Any]:
    """Read ``<stem>.meta.yml`` beside ``path`` if there is one."""
    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return {}
    name = f"{display.rsplit('/', 1)[0]}/{sidecar.name}" if "/" in display else sidecar.name
    return parse_metadata(decode_text(sidecar.read_bytes(), name), name)


def sidecar_path(path: Path) -> Path:
    """The sidecar metadata file of ``path``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


def _document(outline: Outline, text: str, meta: dict[str, Any], *, display: str,
              fmt: str, default_slug: str, links: tuple[Link, ...] | None = None) -> Document:
    title = meta.get("title") or outline.title or default_slug
    meta = {**meta, "title": title}
    slug = meta.get("slug") or default_slug
    if slugify(slug) != slug:
        raise LoadError(f"{display}: slug: '{slug}' must be lower-case words joined by hyphens")
    meta["slug"] = slug
    return Document(id=slug, title=title, path=display, format=fmt, text=text,  # type: ignore[arg-type]
                    sections=outline.sections, metadata=meta,
                    links=outline.links if links is None else links,
                    chrome_start=outline.chrome_start, draft=bool(meta.get("draft", False)))


def load_file(path: Path, display: str | None = None) -> tuple[list[Document], list[SkippedFile]]:
    """Load every document in one file (a Blogger export may hold many).

    Returns
    -------
    documents, skipped
        The posts, and the parts of the file that are not posts (an export's comments,
        settings and template), each with the reason.

    Raises
    ------
    LoadError
        If the file cannot be read as a post, naming it and the reason.
    """
    settings = load_corpus_settings()
    display = display or path.name
    kind = settings.extensions.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"{display}: unsupported file type '{path.suffix or '(none)'}' "
                        f"(supported: {', '.join(sorted(settings.extensions))})")
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise LoadError(f"{display}: {size:,} bytes is over the {settings.max_file_bytes:,}-byte "
                        "limit for one file (max_file_bytes in rules/corpus.yml)")
    data = path.read_bytes()
    stem_slug = slugify(path.stem) or "untitled"
    if kind == "blogger":
        return _load_blogger(data, display, stem_slug)
    text = decode_text(data, display, markup=kind == "html")
    if not text.strip():
        raise LoadError(f"{display}: empty file")
    sidecar = read_sidecar(path, display)
    if kind == "markdown":
        meta, body_start = split_front_matter(text, display)
        meta.update(sidecar)
        outline = split_markdown(text, body_start, title=meta.get("title"))
        return [_document(outline, text, meta, display=display, fmt="markdown",
                          default_slug=stem_slug)], []
    if kind == "text":
        return [_document(split_plain_text(text), text, sidecar, display=display, fmt="text",
                          default_slug=stem_slug)], []
    return [_load_html(text, sidecar, display, stem_slug)], []


def _load_html(html: str, meta: dict[str, Any], display: str, stem_slug: str) -> Document:
    from .htmlpage import extract_page

    page = extract_page(html)
    body = page.body
    if not body.strip():
        raise LoadError(f"{display}: no post body found in the page")
    meta = dict(meta)
    if page.published and "published" not in meta:
        meta["published"] = page.published[:10]
    if page.title and "title" not in meta:
        meta["title"] = page.title
    outline = split_markdown(body, 0, title=meta.get("title"), inline_markup=False)
    links = tuple(Link(title=text, url=href or None) for text, href in page.links) or tuple(
        Link(title=title) for title in page.related)
    return _document(outline, body, meta, display=display, fmt="html",
                     default_slug=stem_slug, links=links)


def _load_blogger(data: bytes, display: str, stem_slug: str
                  ) -> tuple[list[Document], list[SkippedFile]]:
    from .blogger import ExportError, is_blogger_export, parse_export

    if not is_blogger_export(data):
        raise LoadError(f"{display}: an XML file that is not a Blogger export")
    try:
        contents = parse_export(data)
    except ExportError as error:
        raise LoadError(f"{display}: {error}") from error
    documents = []
    for post in contents.posts:
        meta: dict[str, Any] = {"title": post.title, "slug": post.slug, "draft": post.draft}
        if post.url:
            meta["url"] = post.url
        if post.published:
            meta["published"] = post.published
        if post.labels:
            meta["labels"] = list(post.labels)
        outline = split_markdown(post.body, 0, title=post.title, inline_markup=False)
        documents.append(_document(outline, post.body, meta, display=f"{display}#{post.slug}",
                                   fmt="blogger", default_slug=post.slug or stem_slug))
    skipped = [SkippedFile(display, f"{count} {kind} entr{'y' if count == 1 else 'ies'} "
                                    "(not posts)", "info")
               for kind, count in contents.skipped]
    return documents, skipped


def load_document(path: str | Path) -> Document:
    """Load one post file.

    Parameters
    ----------
    path : str or Path
        A ``.md``, ``.txt`` or ``.html`` file (or a Blogger export holding one post).

    Raises
    ------
    LoadError
        If the file cannot be loaded, or an export holds other than one post.
    """
    path = Path(path)
    documents, _ = load_file(path, path.name)
    if len(documents) != 1:
        raise LoadError(f"{path.name}: holds {len(documents)} posts; use load_corpus")
    return documents[0]


@dataclass(frozen=True)
class CorpusPlan:
    """The files of a corpus folder to read, and those set aside before reading."""

    root: Path
    files: tuple[tuple[Path, str], ...]
    skipped: tuple[SkippedFile, ...]


def plan_corpus(path: str | Path) -> CorpusPlan:
    """List the files of a folder (or one file) to read, setting aside the rest.

    Hidden files and folders, documentation files and metadata sidecars are set aside
    here (an orphan sidecar is an error); everything else is read by ``load_one``.
    Paths are shown relative to the folder with ``/`` separators, so output never holds
    an absolute path.
    """
    root = Path(path)
    if root.is_file():
        root, paths = root.parent, [root]
    elif root.is_dir():
        paths = sorted(root.rglob("*"))
    else:
        raise LoadError(f"{root}: no such file or folder")
    settings = load_corpus_settings()
    files: list[tuple[Path, str]] = []
    skipped: list[SkippedFile] = []
    hidden_dirs: set[Path] = set()
    for path in paths:
        display = path.relative_to(root).as_posix()
        if any(parent in hidden_dirs for parent in path.parents):
            continue
        if path.name.startswith("."):
            if path.is_dir():
                hidden_dirs.add(path)
            skipped.append(SkippedFile(display + ("/" if path.is_dir() else ""),
                                       "hidden file or folder", "info"))
            continue
        if path.is_dir():
            continue
        if path.name.endswith(SIDECAR_SUFFIX):
            owner = [p for p in path.parent.glob(path.name.removesuffix(SIDECAR_SUFFIX) + ".*")
                     if not p.name.endswith(SIDECAR_SUFFIX)]
            if not owner:
                skipped.append(SkippedFile(display, "metadata sidecar with no post beside it"))
            continue
        if path.name in settings.ignored_names:
            skipped.append(SkippedFile(display, "documentation, not a post", "info"))
            continue
        files.append((path, display))
    return CorpusPlan(root=root, files=tuple(files), skipped=tuple(skipped))


def load_one(path: Path, display: str) -> tuple[list[Document], list[SkippedFile]]:
    """Load one planned file; a broken file becomes a skipped entry, never an exception."""
    try:
        return load_file(path, display)
    except (LoadError, OSError) as error:
        return [], [SkippedFile(display, _reason(error, display))]
    except Exception as error:  # noqa: BLE001 - one broken file must not stop the corpus
        return [], [SkippedFile(display, f"could not be read ({type(error).__name__}: "
                                         f"{error}); please report this file")]


def duplicate_slug(slug: str, path: str, first_path: str) -> SkippedFile:
    """The error entry for a second document with an already-used slug."""
    return SkippedFile(path, f"duplicate slug '{slug}': also used by {first_path}")


def load_corpus(path: str | Path) -> Corpus:
    """Load every post under a folder (or a single file) and account for every file.

    Returns
    -------
    Corpus
        Documents in path order, and the skipped files with their reasons. Two
        documents with the same slug are an error naming both files; the first in path
        order is kept.
    """
    plan = plan_corpus(path)
    documents: list[Document] = []
    skipped = list(plan.skipped)
    first_path: dict[str, str] = {}
    for file_path, display in plan.files:
        loaded, parts_skipped = load_one(file_path, display)
        skipped.extend(parts_skipped)
        for document in loaded:
            if document.id in first_path:
                skipped.append(duplicate_slug(document.id, document.path, first_path[document.id]))
                continue
            first_path[document.id] = document.path
            documents.append(document)
    return Corpus(root=plan.root.name, documents=tuple(documents),
                  skipped=tuple(sorted(skipped, key=lambda item: item.path)))


def _reason(error: Exception, display: str) -> str:
    """The error message without the leading file name (the record names the file)."""
    message = str(error)
    return message.removeprefix(f"{display}: ").removeprefix(f"{display}:").strip()
