"""audit.json's document lines: orjson's bytes must be the json module's, always.

``report.document_json_bytes`` writes each post's record with orjson and hands what
orjson refuses to the json module. The rule is the json module's compact form
(``ensure_ascii=False``, ``separators=(",", ":")``, ``allow_nan=False``) in UTF-8:
these tests compare the two on generated records, on the values a record holds, and on
each input orjson refuses.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import enum
import json
import typing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import audit
from audit import load_corpus
from audit.model import Finding
from audit.pipeline import audit_document
from audit.profile import load_profile
from audit.readability import SentenceStats
from audit.report import document_json, document_json_bytes
from audit.rounding import round_in_place, rounded
from fixture_paths import CORPUS

SOURCE = Path(audit.__file__).parent

FIXED = settings(max_examples=400, deadline=None, derandomize=True)


def json_module_bytes(value: object) -> bytes:
    """The rule: the json module's compact text, in UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


# Every code point but the surrogates (which UTF-8 cannot hold), control characters,
# quotes, backslashes, U+2028 and emoji included.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
# The floats of a rounded record (``rounded``: four decimals, no "-0.0"). orjson and
# the json module differ below 1e-4 ("0.000025" against "2.5e-05"), where a rounded
# float holds only 0.0.
FLOATS = st.floats(allow_nan=False, allow_infinity=False).map(
    lambda x: rounded({"x": x})["x"])
LEAVES = (st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | FLOATS | TEXT)
RECORDS = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=5)
                       | st.dictionaries(TEXT, inner, max_size=5), max_leaves=40)


@FIXED
@given(RECORDS)
def test_document_json_bytes_equal_the_json_module_on_generated_records(value: object
                                                                        ) -> None:
    assert document_json_bytes(value) == json_module_bytes(value)
    assert document_json(value) == json_module_bytes(value).decode("utf-8")


@pytest.mark.parametrize("value", [
    1e16, 1e22, 1.7976931348623157e308, 0.1 + 0.2, 123456789012345.6, 0.0001, -0.0001,
    0.00015, 2.5e-05, 1e-05, 5e-324, -0.0, 100.0, 1e15, 12.3456789,
], ids=repr)
def test_rounded_floats_are_written_as_python_writes_them(value: float) -> None:
    record = rounded({"value": value})
    assert document_json_bytes(record) == json_module_bytes(record)


@pytest.mark.parametrize("text", [
    "".join(map(chr, range(0x20))), '"quoted" \\ back/slash', "\x7f\x80\x9f",
    "line\u2028separator\u2029", "\ufeffbom", "caf\u00e9 \U0001f600", "</script>",
], ids=["control", "quotes", "c1", "separators", "bom", "non-ascii", "script"])
def test_strings_are_escaped_as_the_json_module_escapes_them(text: str) -> None:
    assert document_json_bytes({"text": text}) == json_module_bytes({"text": text})


class Kind(str, enum.Enum):
    LEXICON = "lexicon"


@dataclasses.dataclass
class Plain:
    x: int


@pytest.mark.parametrize("value", [
    {"n": 2**64},  # beyond orjson's 64 bits
    {"n": -(2**63) - 1},
    {1: "int key"},  # json turns the key into a string
    {"kind": Kind.LEXICON},  # a str subclass: json writes its value
    ("a", ["tuple"]),
], ids=["big", "small", "int-key", "str-enum", "tuple"])
def test_what_orjson_refuses_is_written_by_the_json_module(value: object) -> None:
    assert document_json_bytes(value) == json_module_bytes(value)


@pytest.mark.parametrize("value", [
    {"x": Plain(1)},  # orjson would write a dataclass; json refuses it
    {"x": {1, 2}},
], ids=["dataclass", "set"])
def test_what_the_json_module_refuses_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        json_module_bytes(value)
    with pytest.raises(TypeError):
        document_json_bytes(value)


def test_a_lone_surrogate_fails_as_utf8_encoding_fails() -> None:
    with pytest.raises(UnicodeEncodeError):
        json_module_bytes({"text": "\ud800"})
    with pytest.raises(UnicodeEncodeError):
        document_json_bytes({"text": "\ud800"})


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")], ids=repr)
def test_a_rounded_record_never_reaches_orjson_with_a_non_finite_number(value: float
                                                                         ) -> None:
    # orjson would write null; rounding refuses the number first, as allow_nan=False does
    with pytest.raises(ValueError):
        rounded({"value": value})


# ---------------------------------------------------------------------------
# round_in_place: findings and sentence records are not walked value by value


def _admits_float(annotation: object) -> bool:
    return float in (typing.get_args(annotation) or (annotation,))


def test_only_a_findings_value_and_threshold_may_hold_a_float() -> None:
    hints = typing.get_type_hints(Finding)
    assert [name for name, hint in hints.items() if _admits_float(hint)] == [
        "value", "threshold"]
    assert hints["informed_by"] == tuple[str, ...]
    assert all(hint in (str, int | None) for name, hint in hints.items()
               if name not in ("value", "threshold", "informed_by", "severity"))


def _source_annotations(module_file: Path, class_name: str) -> dict[str, str]:
    """A class's field annotations as written in its source.

    Read from the ``.py``, not from the class: a module compiled with mypyc keeps only
    the runtime classes of its named tuples' fields (``tuple`` for ``tuple[str, ...]``).
    """
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    body = next(node for node in tree.body
                if isinstance(node, ast.ClassDef) and node.name == class_name).body
    return {node.target.id: ast.unparse(node.annotation) for node in body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)}


def test_no_sentence_field_holds_a_float() -> None:
    fields = _source_annotations(SOURCE / "readability.py", "SentenceStats")
    assert list(fields) == list(SentenceStats._fields)
    hints = {name: eval(text, {"tuple": tuple, "str": str, "int": int, "bool": bool,
                               "float": float, "None": None})
             for name, text in fields.items()}
    assert not [name for name, hint in hints.items() if _admits_float(hint)]
    assert hints["hard_words"] == tuple[str, ...]


def test_round_in_place_gives_rounded_values_on_every_bundled_post() -> None:
    profile = load_profile()
    corpus = load_corpus(CORPUS)
    assert len(corpus.documents) >= 8
    for document in corpus.documents:
        record = audit_document(document, profile)
        assert record["findings"] and record["sections"][0]["sentences"]
        expected = rounded(record)
        assert round_in_place(copy.deepcopy(record)) == expected


def test_records_of_other_shapes_under_findings_and_sentences_are_walked() -> None:
    finding = Finding("r", "warning", "m", "d", value=1.234567, threshold=2.000049)
    odd_finding = {**finding.to_dict(), "extra": 0.123456}  # not a finding's shape
    sentence = dict.fromkeys(SentenceStats._fields, 1) | {"hard_words": ["x"]}
    record = {"findings": [finding.to_dict(), odd_finding, [3.141592], 2.718281,
                           (1.23456,), "text"],
              "sections": [{"sentences": [sentence, {**sentence, "extra": 9.87654}],
                            "value": 1.00005}]}
    expected = rounded(record)
    assert round_in_place(record) == expected
    assert record["findings"][0]["value"] == 1.2346
    assert record["findings"][0]["threshold"] == 2.0
    assert record["findings"][1]["extra"] == 0.1235
    assert record["findings"][2:] == [[3.1416], 2.7183, [1.2346], "text"]  # as rounded
    assert record["sections"][0]["sentences"][1]["extra"] == 9.8765


def test_a_findings_record_is_its_fields_in_order_with_a_list_of_sources() -> None:
    finding = Finding(*(f"field-{n}" for n in range(len(Finding._fields) - 1)),
                      informed_by=("CDC", "NCI"))
    record = finding.to_dict()
    assert list(record) == list(Finding._fields)
    assert list(record.values()) == [*finding[:-1], ["CDC", "NCI"]]
    assert type(record["informed_by"]) is list
