"""Round an audit record's floats for output (audit.json and the HTML pages).

Values are computed unrounded; :data:`JSON_DECIMALS` places are a presentation choice.
A post's record holds hundreds of thousands of values, so this module is compiled
(mypyc, ``setup.py``): the walk below tests each value's exact type, which compiled
code does with a pointer comparison.
"""

from __future__ import annotations

import math
from typing import Any

from .model import Finding
from .readability import SentenceStats

#: Decimal places kept for floats in audit.json (a presentation choice: values are
#: computed unrounded, and four places keep diffs readable and stable).
JSON_DECIMALS = 4


def _is_kept(kind: type) -> bool:
    """Whether values of exact type ``kind`` are leaves left as they are: ``str``,
    ``int``, ``bool`` and None (tested by identity, for speed)."""
    return kind is str or kind is int or kind is bool or kind is type(None)


def _rounded_float(value: float) -> float:
    """``value`` (exactly a ``float``) to :data:`JSON_DECIMALS` places; never "-0.0",
    NaN or infinite."""
    if not math.isfinite(value):
        raise ValueError(f"non-finite number in audit output: {value}")
    value = round(value, JSON_DECIMALS)
    return 0.0 if value == 0 else value  # no "-0.0" in output


def _rounded_float_subclass(value: Any) -> Any:
    """:func:`_rounded_float` for an instance of a ``float`` subclass (a numpy float),
    rounded by its own type's ``round`` as before, not converted to a C double."""
    if not math.isfinite(value):
        raise ValueError(f"non-finite number in audit output: {value}")
    value = round(value, JSON_DECIMALS)
    return 0.0 if value == 0 else value


def rounded(value: Any) -> Any:
    """Round floats (recursively) for output; reject NaN and infinities.

    Returns a new value (tuples become lists, as in JSON); the input is not changed.
    Leaves are tested by exact type before any call, because a post's record holds
    thousands of them.
    """
    if type(value) is float:
        return _rounded_float(value)
    if isinstance(value, float):
        return _rounded_float_subclass(value)
    if isinstance(value, dict):
        return {key: item if _is_kept(type(item)) else rounded(item)
                for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [item if _is_kept(type(item)) else rounded(item) for item in value]
    return value


#: A finding's record (``Finding.to_dict``): its keys, and those that may hold a
#: float. The others hold strings, integers or None, and ``informed_by`` a list of
#: strings (``Finding``'s annotations, which ``tests/test_report_json.py`` checks).
_FINDING_KEYS = frozenset(Finding._fields)
_FINDING_FLOATS = ("value", "threshold")
#: A sentence's record (``pipeline._sentence_records``) holds no float: strings,
#: integers, booleans, None and the list of strings ``hard_words``.
_SENTENCE_KEYS = frozenset(SentenceStats._fields)


def round_in_place(record: dict[str, Any]) -> dict[str, Any]:
    """Round the floats of ``record`` where they are, and return it.

    The same values as :func:`rounded`, for a record nobody else holds (the batch
    worker's): rebuilding every dict and list of a post's record costs more than
    the rest of its JSON output. Half of a post's values lie in its findings and
    sentence records, whose shapes are known: a finding's floats can only be its
    ``value`` and ``threshold``, and a sentence record holds none, so a record of
    either shape under a ``findings`` or ``sentences`` list is not walked value by
    value (a record of any other shape is).
    """
    stack: list[Any] = [record]  # dicts and lists only
    while stack:
        container = stack.pop()
        if type(container) is dict:
            _round_dict(container, stack)
        else:
            _round_list(container, stack)
    return record


def _round_dict(container: dict[Any, Any], stack: list[Any]) -> None:
    """Round one dict's floats in place; push its dicts and lists onto ``stack``."""
    for key, item in container.items():
        kind = type(item)
        if _is_kept(kind):
            continue
        if kind is list and (key == "findings" or key == "sentences"):
            _round_known_records(item, stack)
        elif kind is dict or kind is list:
            stack.append(item)
        elif kind is float:
            container[key] = _rounded_float(item)  # an existing key: the dict keeps its size
        else:
            container[key] = rounded(item)


def _round_list(container: list[Any], stack: list[Any]) -> None:
    """Round one list's floats in place; push its dicts and lists onto ``stack``."""
    for index, item in enumerate(container):
        kind = type(item)
        if _is_kept(kind):
            continue
        if kind is dict or kind is list:
            stack.append(item)
        elif kind is float:
            container[index] = _rounded_float(item)
        else:
            container[index] = rounded(item)


def _round_known_records(records: list[Any], stack: list[Any]) -> None:
    """Round the floats of a list's finding records and skip its sentence records
    (they hold none); push its other records for :func:`round_in_place`'s walk, and
    treat an item that is no record as :func:`_round_list` would."""
    for index, item in enumerate(records):
        if type(item) is not dict:
            kind = type(item)
            if kind is list:
                stack.append(item)
            elif not _is_kept(kind):
                records[index] = rounded(item)
        elif item.keys() == _FINDING_KEYS and type(item["informed_by"]) is list:
            for key in _FINDING_FLOATS:
                value = item[key]
                if type(value) is float:
                    item[key] = _rounded_float(value)
                elif not _is_kept(type(value)):
                    item[key] = rounded(value)
        elif not (item.keys() == _SENTENCE_KEYS and type(item["hard_words"]) is list):
            stack.append(item)
