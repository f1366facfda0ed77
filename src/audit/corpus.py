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
naming both files (the first in path order is kept). Links to folders are not followed
(so a link cannot loop); named pipes, sockets and devices are never opened; a file over
``max_file_bytes`` is refused before any of it is read.

In a Markdown post, raw HTML blocks a reader never sees (``<script>``, ``<style>``,
``<iframe>``, comments, ...) are blanked before splitting (:func:`mask_hidden_html`), so
their text is never scored. File names that are not valid UTF-8 are shown with U+FFFD.

Every document gets ``metadata["language"]``: the front matter's ``language`` if it
declares one, else :func:`audit.language.detect_language` of its title and body.
``load_corpus`` also marks a post whose text is identical to an earlier one's with
``metadata["duplicate_of"]`` (the earlier post's path); both are still loaded.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .language import LANGUAGE_CODE, detect_language
from .model import CONTENT_TYPES, Corpus, Document, Link, SkippedFile, slugify
from .rules import Field, RuleError, check_fields, read_rule_file, safe_yaml
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
    "language": Field(str, required=False),
}

#: How a front-matter type is named in messages for editors.
_TYPE_WORDS = {str: "text", bool: "true or false", list: "a list", dt.date: "a date"}


class LoadError(ValueError):
    """A file cannot be loaded; the message names the file and says why."""


@dataclass(frozen=True)
class CorpusSettings:
    """Limits for reading files (``rules/corpus.yml``)."""

    max_file_bytes: int
    extensions: dict[str, str]
    ignored_names: frozenset[str]


#: The settings of ``rules/corpus.yml`` once read (:func:`load_corpus_settings`). Kept in
#: a module variable rather than a cached function so that a test can set others: this
#: module is compiled, and compiled code reads its module variables at run time but calls
#: its own functions directly, past any replacement.
_settings: CorpusSettings | None = None


def load_corpus_settings() -> CorpusSettings:
    """Load and validate ``rules/corpus.yml`` (read once per process)."""
    global _settings
    if _settings is None:
        data = read_rule_file(CORPUS_FILE)
        check_fields(data, {"id": Field(str), "version": Field(int),
                            "max_file_bytes": Field(int), "extensions": Field(dict),
                            "ignored_names": Field(list)}, CORPUS_FILE)
        _settings = CorpusSettings(data["max_file_bytes"], dict(data["extensions"]),
                                   frozenset(data["ignored_names"]))
    return _settings


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
        For binary data, NUL bytes, UTF-16 without a byte-order mark, or an encoding
        that is neither UTF-8 nor declared. The message names the file and, for a bad
        byte, its offset and line; the encoding is never guessed.
    """
    encoding = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            break
    if encoding is None:
        if b"\x00" in data:
            raise LoadError(_nul_message(data, name))
        encoding = "utf-8"
        if markup:
            declared = _DECLARED.search(data[:4096])
            if declared:
                encoding = declared.group(1).decode("ascii").lower()
                if encoding.replace("-", "").replace("_", "").startswith(("utf16", "utf32")):
                    # a page cannot declare UTF-16 in ASCII bytes: browsers read UTF-8
                    encoding = "utf-8"
    try:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            if encoding != "utf-32" or not data.startswith(codecs.BOM_UTF16_LE):
                raise
            encoding = "utf-16"  # FF FE 00 00 is also UTF-16 starting with a NUL
            text = data.decode(encoding)
    except LookupError as error:
        raise LoadError(f"{name}: declares unknown encoding '{encoding}'") from error
    except UnicodeDecodeError as error:
        raise LoadError(_undecodable_message(data, name, encoding, error)) from error
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise LoadError(_stray_nul_message(text, name))
    return text


#: Magic numbers of file types that are sometimes renamed to .txt/.md by mistake.
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive, such as a .docx file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
)
#: Bytes that never occur in a text post: C0 controls other than tab, line feed, form
#: feed and carriage return, and DEL.
_CONTROL_BYTES = frozenset({*range(0, 9), 11, *range(14, 32), 127})
#: A sample with at least this share of control bytes is binary, not mis-encoded text.
_BINARY_CONTROL_SHARE = 0.05
_SAMPLE_BYTES = 8192


def _binary_kind(data: bytes) -> str | None:
    """Name what a binary file looks like ("a PNG image"), "" if unknown, None if text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    sample = data[:_SAMPLE_BYTES]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return "" if sample and controls / len(sample) >= _BINARY_CONTROL_SHARE else None


def _looks_like_utf16(data: bytes) -> bool:
    """Whether NULs sit at every other byte, as in mostly-ASCII UTF-16 text."""
    sample = data[:_SAMPLE_BYTES]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return False
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    return max(even_nuls, odd_nuls) >= 0.4 and min(even_nuls, odd_nuls) <= 0.05


def _line_of(data: bytes | str, offset: int) -> int:
    """The 1-based line number of ``offset``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def _nul_message(data: bytes, name: str) -> str:
    """Explain NUL bytes in a file without a byte-order mark.

    Valid UTF-8 with a few NULs (under 10% of the bytes) and no other control bytes is
    a damaged text file; UTF-16 without a byte-order mark has NULs at every other byte;
    anything else is binary.
    """
    if _looks_like_utf16(data):
        return (f"{name}: looks like UTF-16 text without a byte-order mark; re-save the file "
                "as UTF-8")
    kind = _binary_kind(data.replace(b"\x00", b""))
    if kind is None and data.count(0) < 0.1 * len(data):
        try:
            return _stray_nul_message(data.decode("utf-8"), name)
        except UnicodeDecodeError:
            pass
    what = f"; it looks like {kind}" if kind else ""
    return f"{name}: binary file (contains NUL bytes), not a text post{what}"


def _stray_nul_message(text: str, name: str) -> str:
    """Explain NUL characters inside otherwise readable text."""
    first = text.index("\x00")
    count = text.count("\x00")
    return (f"{name}: contains {count} NUL (zero) byte{'s' if count > 1 else ''}, the "
            f"first at line {_line_of(text, first)}; a text post never holds them, so the "
            "file is probably damaged: remove them and save it again")


def _undecodable_message(data: bytes, name: str, encoding: str,
                         error: UnicodeDecodeError) -> str:
    """Explain bytes that are not valid in ``encoding`` (never guessing another one)."""
    kind = _binary_kind(data)
    if kind is not None:
        what = f"; it looks like {kind}" if kind else ""
        return f"{name}: binary file (not text in any encoding), not a text post{what}"
    byte = data[error.start]
    where = f"line {_line_of(data, error.start)}"
    message = (f"{name}: not valid {encoding.upper()} (byte 0x{byte:02x} at offset "
               f"{error.start}); re-save the file as UTF-8")
    if error.reason == "unexpected end of data":
        return f"{message} (the file ends in the middle of a character: it may be cut off)"
    if encoding != "utf-8":
        return f"{message} (the byte is on {where})"
    try:
        seen = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return f"{message} (the byte is on {where})"
    return (f"{message} (the byte is on {where}; in Windows-1252 it would be '{seen}', so "
            "the file was probably saved as Windows-1252 or Latin-1)")


# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def parse_metadata(raw: str, name: str, line_offset: int = 0) -> dict[str, Any]:
    """Parse and validate a YAML metadata mapping (front matter or sidecar).

    YAML is read with ``yaml.safe_load``: tags that would build Python objects are
    refused, never run.

    Raises
    ------
    LoadError
        Naming the file and line for broken YAML, and the field for a bad value.
    """
    try:
        data = safe_yaml(raw) if raw.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1 + line_offset}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        problem = problem.replace("'<stream end>'", "the end of the front matter").replace(
            "end of stream", "end of the front matter")
        # PyYAML shows odd characters as Python escapes ('\xa0'): name them for editors
        problem = re.sub(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))",
                         lambda m: f"U+{(m.group(1) or m.group(2)).upper().zfill(4)}", problem)
        opened = getattr(error, "context_mark", None)
        if opened is not None and getattr(error, "context", None) in _YAML_CONTEXTS:
            problem += (f" (in {_YAML_CONTEXTS[error.context]} that starts on line "  # type: ignore[attr-defined]
                        f"{opened.line + 1 + line_offset})")
        if isinstance(error, yaml.constructor.ConstructorError):
            problem = ("a '!!' tag is not allowed here: front matter holds only plain values "
                       "(text, numbers, dates, true/false and lists)")
        raise LoadError(f"{name}:{where} broken front matter: {problem}") from error
    except Exception as error:  # noqa: BLE001 - PyYAML fails oddly on some values
        # e.g. "published: 2024-13-45" (ValueError), "!!float ''" (IndexError)
        detail = str(error) if isinstance(error, ValueError) else "a malformed or tagged value"
        raise LoadError(f"{name}: broken front matter: a value cannot be read ({detail}); "
                        "dates are written YYYY-MM-DD, and text may be put in quotes") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LoadError(f"{name}: front matter must be a mapping of field: value lines, "
                        f"not {_yaml_kind(data)}")
    try:
        check_fields(data, METADATA_FIELDS, name)
    except RuleError as error:
        raise LoadError(_field_message(error, data, name)) from error
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
        if not all(isinstance(label, str | int | float) for label in meta["labels"]):
            raise LoadError(f"{name}: labels: each label must be a word or phrase, "
                            "not a list or mapping")
        meta["labels"] = [str(label) for label in meta["labels"]]
    language = meta.get("language")
    if language is not None and not LANGUAGE_CODE.fullmatch(language):
        raise LoadError(f"{name}: language: '{language}' is not a two- or three-letter "
                        "lower-case language code such as en or es")
    return meta


#: YAML's names for what was open when a parse error struck, in an editor's words.
_YAML_CONTEXTS = {
    "while parsing a flow sequence": "the [ ] list",
    "while parsing a flow mapping": "the { } mapping",
    "while scanning a quoted scalar": "the quoted text",
}


def _yaml_kind(data: Any) -> str:
    """Name a YAML value's kind for a message ("a list", "a single value")."""
    return "a list" if isinstance(data, list) else "a single value"


def _field_message(error: RuleError, data: dict[str, Any], name: str) -> str:
    """Reword a field error for an editor (unknown field, or a value of the wrong kind)."""
    key = error.key
    spec = METADATA_FIELDS.get(key) if isinstance(key, str) else None
    if spec is None:
        return (f"{name}: {key}: unknown key (the front matter may hold "
                f"{', '.join(sorted(METADATA_FIELDS))})")
    kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    wanted = " or ".join(_TYPE_WORDS.get(kind, kind.__name__) for kind in kinds)
    shown = repr(data[key])
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    hint = " (put it in quotes)" if str in kinds and not isinstance(data[key], list | dict) else ""
    return f"{name}: {key}: must be {wanted}, not {shown}{hint}"


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
    name = sidecar_display(display, sidecar)
    if not os.path.lexists(sidecar):
        return {}
    limit = load_corpus_settings().max_file_bytes
    return parse_metadata(decode_text(read_limited(sidecar, name, limit), name), name)


def sidecar_path(path: Path) -> Path:
    """The sidecar metadata file of ``path``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def sidecar_display(display: str, sidecar: Path) -> str:
    """The sidecar's path as shown in messages, beside ``display``."""
    name = shown_name(sidecar.name)
    return f"{display.rsplit('/', 1)[0]}/{name}" if "/" in display else name


def shown_name(name: str) -> str:
    """A file name as shown in output: bytes that are not UTF-8 become U+FFFD.

    The operating system hands such bytes over as lone surrogates, which no UTF-8 file
    (audit.json included) can hold.
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# ---------------------------------------------------------------------------
# Reading files safely
# ---------------------------------------------------------------------------


def read_limited(path: Path, display: str, limit: int) -> bytes:
    """Read a regular file of at most ``limit`` bytes.

    The size is checked before anything is read, and at most ``limit + 1`` bytes are
    ever read (a file that grows meanwhile is refused too). Named pipes, sockets and
    devices are refused without being opened for reading, so they cannot block.

    Raises
    ------
    LoadError
        Naming the file and saying, in an editor's words, why it cannot be read.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(f"{display}: {_not_a_file(info.st_mode)}")
        if info.st_size > limit:
            raise LoadError(_too_big(display, info.st_size, limit))
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            opened = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(opened):  # swapped for a pipe since it was checked
                raise LoadError(f"{display}: {_not_a_file(opened)}")
            data = handle.read(limit + 1)
    except OSError as error:
        raise LoadError(f"{display}: {os_reason(error, path)}") from error
    if len(data) > limit:
        raise LoadError(_too_big(display, len(data), limit))
    return data


def _too_big(display: str, size: int, limit: int) -> str:
    return (f"{display}: {size:,} bytes ({size / 1e6:.1f} MB) is over the {limit:,}-byte "
            "limit for one file (max_file_bytes in rules/corpus.yml), so it was not read")


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return "not a regular file (a named pipe, socket or device), so it was not opened"


def os_reason(error: OSError, path: Path, what: str = "file") -> str:
    """Say why ``path`` (a ``what``) cannot be read, without its absolute path or errno."""
    code = error.errno
    if code == errno.ELOOP:
        return "a link that leads back to itself (a loop), so it cannot be read"
    if code == errno.ENOENT:
        if path.is_symlink():
            return "a broken link: the file it points to does not exist"
        return f"the {what} disappeared while the corpus was being read"
    if code in (errno.EACCES, errno.EPERM):
        return (f"cannot be read: permission denied (ask for read access, or copy the "
                f"{what} somewhere readable)")
    if code == errno.EISDIR:
        return "is a folder, not a file"
    if code == errno.ENAMETOOLONG:
        return "its name or folder path is too long to open"
    return f"cannot be read: {error.strerror or type(error).__name__}"


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


def _document(outline: Outline, text: str, meta: dict[str, Any], *, display: str,
              fmt: str, stem: str, links: tuple[Link, ...] | None = None) -> Document:
    """Build a document; ``stem`` (file stem or export slug) gives the default slug.

    When the stem has no ASCII letters or digits ("日本.md"), the slug comes from the
    title, and failing that from a short hash of the stem, so that two such files never
    share a slug by accident.
    """
    title = meta.get("title") or outline.title or stem
    meta = {**meta, "title": title}
    default_slug = (slugify(stem) or slugify(title)
                    or "post-" + hashlib.sha256(stem.encode()).hexdigest()[:8])
    slug = meta.get("slug") or default_slug
    if slugify(slug) != slug:
        raise LoadError(f"{display}: slug: '{slug}' must be lower-case words joined by hyphens")
    meta["slug"] = slug
    if "language" not in meta:
        meta["language"] = detect_language(_outline_text(title, outline))
    return Document(id=slug, title=title, path=display, format=fmt, text=text,  # type: ignore[arg-type]
                    sections=outline.sections, metadata=meta,
                    links=outline.links if links is None else links,
                    chrome_start=outline.chrome_start, draft=bool(meta.get("draft", False)))


def _outline_text(title: str, outline: Outline) -> str:
    """The title, headings and scored text of an outline, for the language check."""
    parts = [title]
    for section in outline.sections:
        if section.heading:
            parts.append(section.heading)
        parts.extend(block.text for block in section.scored_blocks)
    return "\n".join(parts)


def content_fingerprint(document: Document) -> str | None:
    """A short hash of a document's headings and block text, case and spacing folded.

    Two posts with the same fingerprint say the same thing word for word, whatever
    their title, slug, file format or markup. None for a document without text.
    """
    parts = []
    for section in document.sections:
        if section.heading:
            parts.append(section.heading)
        parts.extend(block.text for block in section.blocks)
    words = " ".join(parts).casefold().split()
    if not words:
        return None
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def load_file(path: Path, display: str | None = None) -> tuple[list[Document], list[SkippedFile]]:
    """Load every document in one file (a Blogger export may hold many).

    Returns
    -------
    documents, skipped
        The posts, and the parts of the file that are not posts (an export's comments,
        settings and template, a post that cannot be read), each with the reason.

    Raises
    ------
    LoadError
        If the file cannot be read as a post, naming it and the reason.
    """
    settings = load_corpus_settings()
    display = display or shown_name(path.name)
    stem = shown_name(path.stem)
    kind = settings.extensions.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"{display}: unsupported file type '{path.suffix or '(none)'}' "
                        f"(supported: {', '.join(sorted(settings.extensions))})")
    data = read_limited(path, display, settings.max_file_bytes)
    if kind == "blogger":
        return _load_blogger(data, display, path)
    text = decode_text(data, display, markup=kind == "html")
    if not text.strip():
        raise LoadError(f"{display}: empty file" + (" (only a byte-order mark)"
                                                   if data.strip() else ""))
    sidecar = read_sidecar(path, display)
    if kind == "markdown":
        meta, body_start = split_front_matter(text, display)
        meta.update(sidecar)
        outline = split_markdown(mask_hidden_html(text, body_start), body_start,
                                 title=meta.get("title"))
        return [_document(outline, text, meta, display=display, fmt="markdown",
                          stem=stem)], []
    if kind == "text":
        return [_document(split_plain_text(text), text, sidecar, display=display, fmt="text",
                          stem=stem)], []
    return [_load_html(text, sidecar, display, stem)], []


#: Raw HTML elements whose content a reader of the rendered post never sees.
_HIDDEN_ELEMENTS = ("script", "style", "textarea", "iframe", "noscript", "template",
                    "object", "embed", "svg", "video", "audio", "canvas")
_HIDDEN_START = re.compile(rf" {{0,3}}<({'|'.join(_HIDDEN_ELEMENTS)})(?=[\s>/]|$)",
                           re.IGNORECASE)
_COMMENT_START = re.compile(r" {0,3}<!--")
_FENCE_START = re.compile(r" {0,3}(`{3,}|~{3,})")


def mask_hidden_html(text: str, start: int = 0) -> str:
    """Blank out raw HTML blocks of a Markdown post that a reader never sees.

    A line opening (after at most three spaces, as CommonMark HTML blocks do) with
    ``<script``, ``<style``, ``<iframe``, ``<noscript``, ``<template``, ``<object``,
    ``<svg``, ... is blanked up to and including the line holding the closing tag (or,
    without one, up to the next blank line); so is an HTML comment block from ``<!--``
    to ``-->``. Fenced code is left alone, as is HTML inside a paragraph. Blanking
    keeps every character's offset (each character but ``\n`` becomes a space), so
    offsets still index the original text.
    """
    if text.find("<", start) == -1:
        # the blocks hidden open with "<" (fences only keep such blocks visible): so
        # without one nothing is hidden, and one substring scan spares three regex
        # matches a line
        return text
    return _mask_lines(text, start)


def _mask_lines(text: str, start: int) -> str:
    """:func:`mask_hidden_html`, line by line."""
    lines = text[start:].split("\n")
    hidden = [False] * len(lines)
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if fence is not None:
            if line.lstrip(" ").startswith(fence):
                fence = None
            index += 1
            continue
        if match := _FENCE_START.match(line):
            fence = match.group(1)[0] * 3
            index += 1
            continue
        if _COMMENT_START.match(line):
            end = _line_holding(lines, index, "-->", line.index("<!--") + 4)
        elif match := _HIDDEN_START.match(line):
            end = _line_holding(lines, index, f"</{match.group(1).lower()}", match.end())
        else:
            index += 1
            continue
        for number in range(index, end + 1):
            hidden[number] = True
        index = end + 1
    if not any(hidden):
        return text
    blanked = [" " * len(line) if hide else line for line, hide in zip(lines, hidden)]
    return text[:start] + "\n".join(blanked)


def _line_holding(lines: list[str], first: int, closing: str, column: int) -> int:
    """Find the line that closes a hidden block (see :func:`mask_hidden_html`)."""
    for number in range(first, len(lines)):
        if closing in lines[number][column if number == first else 0:].lower():
            return number
    for number in range(first + 1, len(lines)):
        if not lines[number].strip():
            return number - 1
    return len(lines) - 1


def _load_html(html: str, meta: dict[str, Any], display: str, stem: str) -> Document:
    from .htmlpage import extract_page

    page = extract_page(html)
    body = page.body
    if not body.strip():
        raise LoadError(f"{display}: no post body found in the page (it holds no visible "
                        "text outside scripts, menus and widgets)")
    meta = dict(meta)
    if page.published and "published" not in meta:
        meta["published"] = page.published[:10]
    if page.title and "title" not in meta:
        meta["title"] = page.title
    outline = split_markdown(body, 0, title=meta.get("title"), inline_markup=False)
    links = tuple(Link(title=text, url=href or None) for text, href in page.links) or tuple(
        Link(title=title) for title in page.related)
    return _document(outline, body, meta, display=display, fmt="html", stem=stem, links=links)


def _load_blogger(data: bytes, display: str, path: Path
                  ) -> tuple[list[Document], list[SkippedFile]]:
    """Load an export's posts; a post that cannot be loaded is skipped on its own.

    Slugs come from :func:`audit.blogger.unique_slugs`: normalised, and made distinct
    within the export (``-2``, ``-3``, ...), so no post of the export is lost.
    """
    from .blogger import ExportError, is_blogger_export, parse_export, unique_slugs

    if not is_blogger_export(data):
        raise LoadError(f"{display}: an XML file that is not a Blogger export")
    try:
        contents = parse_export(data)
    except ExportError as error:
        raise LoadError(f"{display}: {error}") from error
    documents = []
    skipped = [SkippedFile(display, f"{count} {kind} entr{'y' if count == 1 else 'ies'} "
                                    "(not posts)", "info")
               for kind, count in contents.skipped]
    for post, slug in zip(contents.posts, unique_slugs(contents.posts)):
        meta: dict[str, Any] = {"title": post.title, "slug": slug, "draft": post.draft}
        if post.url:
            meta["url"] = post.url
        if post.published:
            meta["published"] = post.published
        if post.labels:
            meta["labels"] = list(post.labels)
        where = f"{display}#{slug}"
        try:
            outline = split_markdown(post.body, 0, title=post.title, inline_markup=False)
            documents.append(_document(outline, post.body, meta, display=where,
                                       fmt="blogger", stem=slug))
        except LoadError as error:
            skipped.append(SkippedFile(where, _reason(error, where)))
    if not contents.posts:
        skipped.append(SkippedFile(display, "a Blogger export with no posts, so there is "
                                            "nothing to audit", "info"))
    if os.path.lexists(sidecar_path(path)):
        skipped.append(SkippedFile(sidecar_display(display, sidecar_path(path)),
                                   "metadata sidecar beside a Blogger export is not used "
                                   "(an export holds many posts; each keeps its own title "
                                   "and labels)", "info"))
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
    here (an orphan sidecar is an error), as are links to folders (never followed, so a
    link cannot loop), folders that cannot be opened, and named pipes, sockets and
    devices; everything else is read by ``load_one``. Paths are shown relative to the
    folder with ``/`` separators, so output never holds an absolute path.
    """
    root = Path(path)
    paths: list[Path]
    skipped: list[SkippedFile]
    if root.is_file():
        root, paths, skipped = root.parent, [root], []
    elif root.is_dir():
        paths, skipped = _walk(root)
    else:
        raise LoadError(f"{root}: no such file or folder")
    settings = load_corpus_settings()
    owners = {sidecar_path(p) for p in paths if not p.name.endswith(SIDECAR_SUFFIX)}
    files: list[tuple[Path, str]] = []
    for path in paths:
        display = shown_name(path.relative_to(root).as_posix())
        if path.name.endswith(SIDECAR_SUFFIX):
            if path not in owners:
                skipped.append(SkippedFile(display, "metadata sidecar with no post beside it"))
            continue
        if path.name in settings.ignored_names:
            skipped.append(SkippedFile(display, "documentation, not a post", "info"))
            continue
        files.append((path, display))
    return CorpusPlan(root=root, files=tuple(files), skipped=tuple(skipped))


def _walk(root: Path) -> tuple[list[Path], list[SkippedFile]]:
    """List the files under ``root`` in sorted path order, and what was set aside.

    Unlike ``Path.rglob``, nothing is dropped silently: hidden entries, links to folders,
    folders that cannot be opened, and entries that are not regular files each get a
    reason. A link to a file is read as the file; a broken link or a link loop is left
    to ``load_one``, which names the problem.
    """
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda entry: entry.name)
        except OSError as error:
            display = shown_name(folder.relative_to(root).as_posix()) + "/"
            skipped.append(SkippedFile(display, "folder " + os_reason(error, folder, "folder")
                                       .replace("cannot be read", "cannot be opened")))
            continue
        for entry in listing:
            path = Path(entry.path)
            display = shown_name(path.relative_to(root).as_posix())
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir()  # follows links
                is_file = entry.is_file()
            except OSError:
                is_link, is_dir, is_file = True, False, False
            if entry.name.startswith("."):
                skipped.append(SkippedFile(display + ("/" if is_dir else ""),
                                           "hidden file or folder", "info"))
            elif is_dir and is_link:
                skipped.append(SkippedFile(display + "/", "link to a folder, not followed "
                                           "(put the posts themselves in the corpus folder)",
                                           "info"))
            elif is_dir:
                pending.append(path)
            elif is_file or is_link:
                files.append(path)  # a broken link or loop is explained when read
            else:
                skipped.append(SkippedFile(display, "not a regular file (a named pipe, "
                                           "socket or device), so it was not opened"))
    return sorted(files), skipped


def load_one(path: Path, display: str) -> tuple[list[Document], list[SkippedFile]]:
    """Load one planned file; a broken file becomes a skipped entry, never an exception."""
    try:
        return load_file(path, display)
    except LoadError as error:
        return [], [SkippedFile(display, _reason(error, display))]
    except OSError as error:
        return [], [SkippedFile(display, os_reason(error, path))]
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
        order is kept. A document whose text is word for word that of an earlier one
        (:func:`content_fingerprint`) is kept and gets ``metadata["duplicate_of"]``,
        the earlier document's path.
    """
    plan = plan_corpus(path)
    documents: list[Document] = []
    skipped = list(plan.skipped)
    first_path: dict[str, str] = {}
    first_text: dict[str, str] = {}
    for file_path, display in plan.files:
        loaded, parts_skipped = load_one(file_path, display)
        skipped.extend(parts_skipped)
        for document in loaded:
            if document.id in first_path:
                skipped.append(duplicate_slug(document.id, document.path, first_path[document.id]))
                continue
            first_path[document.id] = document.path
            fingerprint = content_fingerprint(document)
            if fingerprint is not None:
                if fingerprint in first_text:
                    document = replace(document, metadata={
                        **document.metadata, "duplicate_of": first_text[fingerprint]})
                else:
                    first_text[fingerprint] = document.path
            documents.append(document)
    return Corpus(root=shown_name(plan.root.name), documents=tuple(documents),
                  skipped=tuple(sorted(skipped, key=lambda item: item.path)))


def _reason(error: Exception, display: str) -> str:
    """The error message without the leading file name (the record names the file)."""
    message = str(error)
    return message.removeprefix(f"{display}: ").removeprefix(f"{display}:").strip()
