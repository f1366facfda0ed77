"""Loading files and folders: formats, encodings, metadata, skips and duplicates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit import LoadError, load_corpus, load_document
from audit.corpus import decode_text

from fixture_paths import CORPUS, FIXTURES, GUIDE

SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"


def test_bundled_corpus_loads_every_post_and_lists_the_readme():
    corpus = load_corpus(CORPUS)
    assert len(corpus.documents) == 9
    assert corpus.errors == ()
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("README.md", "documentation, not a post")]
    types = {d.id: d.content_type for d in corpus.documents}
    assert types["treatment-of-metastatic-kidney-cancer"] == "treatment-guide"
    assert sorted(set(types.values())) == sorted([
        "diagnosis", "drug", "legal", "overview", "prevention", "prognosis", "risk-factors",
        "treatment-guide"])


def test_sample_posts_are_marked_and_the_guide_is_not():
    corpus = load_corpus(CORPUS)
    samples = {d.id: d.sample for d in corpus.documents}
    assert samples.pop("treatment-of-metastatic-kidney-cancer") is False
    assert all(samples.values()) and len(samples) == 8


def test_guide_metadata_comes_from_its_sidecar(guide):
    assert guide.metadata == {
        "title": "Treatment of Metastatic Kidney Cancer",
        "slug": "treatment-of-metastatic-kidney-cancer",
        "url": "https://www.urologycancers.com/2024/01/treatment-of-metastatic-kidney-cancer.html",
        "published": "2024-01",
        "blog": "Urology Cancers Blog",
        "content_type": "treatment-guide",
        "audience": "patients and families",
        "sample": False,
        "language": "en",  # detected by audit.language (issue 7)
    }


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="the user's seed folder is not beside this clone")
def test_guide_is_byte_identical_to_the_users_seed():
    assert GUIDE.read_bytes() == (SHARED_SEED / GUIDE.name).read_bytes()


def test_guide_offsets_index_the_file_text(guide):
    assert guide.text == GUIDE.read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", ["loader-pass-crlf.txt", "loader-pass-cr.txt",
                                  "loader-pass-bom.txt", "loader-pass-utf16.txt"])
def test_line_endings_and_boms_load_to_the_same_structure(name):
    document = load_document(FIXTURES / name)
    assert document.title == "Managing Fatigue During Treatment"
    assert [s.heading for s in document.sections] == [None, "Why Fatigue Happens", "What Helps"]
    assert "\r" not in document.text and not document.text.startswith("\ufeff")


@pytest.mark.parametrize("name, message", [
    ("loader-fail-empty.txt", "loader-fail-empty.txt: empty file"),
    ("loader-fail-latin1.txt", "loader-fail-latin1.txt: not valid UTF-8 (byte 0xe9 at offset 3); "
                               "re-save the file as UTF-8"),
    ("loader-fail-binary.txt", "loader-fail-binary.txt: binary file (contains NUL bytes)"),
    ("loader-fail-unknown-extension.docx", "loader-fail-unknown-extension.docx: unsupported "
                                           "file type '.docx'"),
    ("loader-fail-broken-front-matter.md", "loader-fail-broken-front-matter.md: line 4 broken "
                                           "front matter"),
])
def test_broken_files_raise_a_message_naming_the_file(name, message):
    with pytest.raises(LoadError) as error:
        load_document(FIXTURES / name)
    assert str(error.value).startswith(message)


def test_folder_accounts_for_every_file(tmp_path):
    for name in ["loader-pass-crlf.txt", "loader-fail-empty.txt", "loader-fail-latin1.txt",
                 "loader-fail-unknown-extension.docx", "sections-pass-markdown-structure.md"]:
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "orphan.meta.yml").write_text("title: Nobody\n")
    corpus = load_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["loader-pass-crlf.txt",
                                                 "sections-pass-markdown-structure.md"]
    skipped = {s.path: (s.severity, s.reason.split(" (")[0]) for s in corpus.skipped}
    assert skipped == {
        ".DS_Store": ("info", "hidden file or folder"),
        "loader-fail-empty.txt": ("error", "empty file"),
        "loader-fail-latin1.txt": ("error", "not valid UTF-8"),
        "loader-fail-unknown-extension.docx": ("error", "unsupported file type '.docx'"),
        "orphan.meta.yml": ("error", "metadata sidecar with no post beside it"),
    }
    on_disk = {p.name for p in tmp_path.iterdir()}
    assert on_disk == {d.path for d in corpus.documents} | set(skipped)


def test_duplicate_slug_is_an_error_naming_both_files():
    corpus = load_corpus(FIXTURES / "corpus-duplicate-slug")
    assert [d.path for d in corpus.documents] == ["a-staying-active.md"]
    assert [(s.path, s.reason, s.severity) for s in corpus.skipped] == [
        ("b-staying-active-copy.md",
         "duplicate slug 'staying-active': also used by a-staying-active.md", "error")]


def test_invalid_content_type_is_refused_with_the_allowed_values(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: X\ncontent_type: blog-post\n---\nText.\n")
    with pytest.raises(LoadError, match="content_type: 'blog-post' is not one of treatment-guide"):
        load_document(post)


def test_unknown_front_matter_key_is_refused(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: X\ncontnet_type: overview\n---\nText.\n")
    with pytest.raises(LoadError, match="contnet_type: unknown key"):
        load_document(post)


def test_size_limit_skips_a_huge_file(tmp_path, monkeypatch):
    from audit import corpus as corpus_module

    settings = corpus_module.load_corpus_settings()
    # the settings the loader reads (a module variable: the compiled loader sees it too)
    monkeypatch.setattr(corpus_module, "_settings",
                        corpus_module.CorpusSettings(100, settings.extensions,
                                                     settings.ignored_names))
    (tmp_path / "big.txt").write_text("Title\n\n" + "word " * 100)
    corpus = load_corpus(tmp_path)
    assert corpus.documents == ()
    assert "over the 100-byte limit" in corpus.skipped[0].reason


def test_declared_charset_in_html_is_honoured():
    data = '<html><head><meta charset="windows-1252"></head><body>Caf\xe9</body></html>'.encode(
        "cp1252")
    assert "Café" in decode_text(data, "page.html", markup=True)
    with pytest.raises(LoadError):
        decode_text(data, "page.txt")


def test_paths_in_a_corpus_are_relative():
    corpus = load_corpus(CORPUS)
    assert all(not d.path.startswith("/") and "\\" not in d.path for d in corpus.documents)


def test_front_matter_message_names_odd_characters_without_python_escapes(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: x\n&\u00a0a: b\n---\nText.\n", encoding="utf-8")
    with pytest.raises(LoadError) as error:
        load_document(post)
    assert "U+00A0" in str(error.value) and "\\x" not in str(error.value)
