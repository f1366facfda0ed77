"""Threshold profiles (``rules/profiles/<name>.yml``) and the pass/warn/fail verdicts.

A check compares one value with its bounds:

- upper-bound checks (``pass_max``, optional ``fail_above``): pass while
  ``value <= pass_max``; warn while ``value <= fail_above``; fail beyond. Without
  ``fail_above`` the check can only warn.
- lower-bound checks (``pass_min``, optional ``fail_below``): pass while
  ``value >= pass_min``; warn while ``value >= fail_below``; fail below.

A value of None (nothing to measure, e.g. an empty section) gives the status ``n/a``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from .rules import Field, RuleError, check_fields, parse_rule_text, read_rule_file, rules_root

Status = Literal["pass", "warn", "fail", "n/a"]
STATUS_ORDER: Final[dict[str, int]] = {"n/a": 0, "pass": 1, "warn": 2, "fail": 3}

_CHECK_FIELDS = {
    "label": Field(str), "source": Field(str),
    "pass_max": Field((int, float), required=False),
    "fail_above": Field((int, float), required=False),
    "pass_min": Field((int, float), required=False),
    "fail_below": Field((int, float), required=False),
}


@dataclass(frozen=True)
class Threshold:
    """One check's bounds, label and the source that justifies them."""

    id: str
    label: str
    source: str
    pass_max: int | float | None = None
    fail_above: int | float | None = None
    pass_min: int | float | None = None
    fail_below: int | float | None = None

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        """Pickle by the fields (batch workers get the profile): compiled, the class's
        default unpickling sets each attribute, which a frozen dataclass refuses."""
        return _rebuilt_from_fields(self)

    def judge(self, value: int | float | None) -> Status:
        """Return the status of ``value`` against these bounds."""
        if value is None:
            return "n/a"
        if self.pass_max is not None:
            if value <= self.pass_max:
                return "pass"
            return "warn" if self.fail_above is None or value <= self.fail_above else "fail"
        assert self.pass_min is not None
        if value >= self.pass_min:
            return "pass"
        return "warn" if self.fail_below is None or value >= self.fail_below else "fail"

    def bounds(self) -> dict[str, int | float]:
        """The bounds that are set, for reports (a new dict on every call)."""
        out: dict[str, int | float] = {}
        if self.pass_max is not None:
            out["pass_max"] = self.pass_max
        if self.fail_above is not None:
            out["fail_above"] = self.fail_above
        if self.pass_min is not None:
            out["pass_min"] = self.pass_min
        if self.fail_below is not None:
            out["fail_below"] = self.fail_below
        return out


@dataclass(frozen=True)
class Profile:
    """A named set of thresholds."""

    id: str
    name: str
    version: int
    label: str
    min_words: int
    min_sentences: int
    smog_min_sentences: int
    long_sentence_words: int
    very_long_sentence_words: int
    checks: dict[str, Threshold]

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        """Pickle by the fields (batch workers get the profile): compiled, the class's
        default unpickling sets each attribute, which a frozen dataclass refuses."""
        return _rebuilt_from_fields(self)

    def check(self, check_id: str, value: int | float | None) -> dict[str, Any]:
        """Judge ``value`` with check ``check_id``; return the JSON-ready result."""
        threshold = self.checks[check_id]
        return {"id": check_id, "label": threshold.label, "value": value,
                "status": threshold.judge(value),
                "threshold": threshold.bounds(), "source": threshold.source}


def _rebuilt_from_fields(value: Any) -> tuple[type, tuple[Any, ...]]:
    """``__reduce__``'s answer for a dataclass: its class and its fields in order."""
    return type(value), tuple(getattr(value, field.name) for field in fields(value))


def available_profiles() -> list[str]:
    """Names of the profiles shipped in ``rules/profiles/``."""
    folder = rules_root() / "profiles"
    return sorted(node.name.removesuffix(".yml") for node in folder.iterdir()
                  if node.name.endswith(".yml"))


@cache
def load_profile(name: str = "patients") -> Profile:
    """Load and validate a profile: a name in ``rules/profiles/`` or a path to a YAML file.

    An editor's own profile is a copy of ``rules/profiles/patients.yml`` with other
    values, passed by path (``--profile my-team.yml``); its ``id`` must end in its
    file name.

    Raises
    ------
    ValueError
        For an unknown profile name (listing the available ones) or a missing file.
    RuleError
        For a malformed profile, naming the file and key.
    """
    if name.endswith((".yml", ".yaml")):
        path = Path(name)
        if not path.is_file():
            raise ValueError(f"profile file '{name}' not found")
        relative = path.name
        data = parse_rule_text(path.read_text(encoding="utf-8"), relative)
        name = path.stem
    elif name not in available_profiles():
        raise ValueError(f"unknown profile '{name}' (available: {', '.join(available_profiles())}; "
                         "or give the path of a .yml file)")
    else:
        relative = f"profiles/{name}.yml"
        data = read_rule_file(relative)
    check_fields(data, {"id": Field(str), "version": Field(int), "label": Field(str),
                        "reliability": Field(dict), "checks": Field(dict),
                        "sentences": Field(dict)}, relative)
    reliability = data["reliability"]
    check_fields(reliability, {"min_words": Field(int), "min_sentences": Field(int),
                               "smog_min_sentences": Field(int)}, f"{relative}: reliability")
    sentences = data["sentences"]
    check_fields(sentences, {"long_words": Field(int), "very_long_words": Field(int)},
                 f"{relative}: sentences")
    checks = {}
    for check_id, spec in data["checks"].items():
        where = f"{relative}: checks.{check_id}"
        if not isinstance(spec, dict):
            raise RuleError(where, check_id, "must be a mapping")
        check_fields(spec, _CHECK_FIELDS, where)
        upper, lower = "pass_max" in spec, "pass_min" in spec
        if upper == lower:
            raise RuleError(where, check_id, "needs exactly one of pass_max or pass_min")
        if ("fail_above" in spec and not upper) or ("fail_below" in spec and not lower):
            raise RuleError(where, check_id, "fail_above goes with pass_max, fail_below with pass_min")
        checks[check_id] = Threshold(id=check_id, **spec)
    missing = sorted(set(REQUIRED_CHECKS) - set(checks))
    if missing:
        raise RuleError(relative, "checks", f"missing {', '.join(missing)}")
    return Profile(id=data["id"], name=name, version=data["version"], label=data["label"],
                   min_words=reliability["min_words"], min_sentences=reliability["min_sentences"],
                   smog_min_sentences=reliability["smog_min_sentences"],
                   long_sentence_words=sentences["long_words"],
                   very_long_sentence_words=sentences["very_long_words"], checks=checks)


#: The checks every profile must define (the audit applies each of them).
REQUIRED_CHECKS = ("consensus_grade", "flesch_reading_ease", "long_sentence_share",
                   "passive_share", "paragraph_words", "section_words")


def worst(statuses: list[str]) -> Status:
    """The worst of several statuses (``n/a`` when there are none)."""
    # a loop rather than max(key=, default=): compiled, it runs per section natively
    worst_status, worst_rank = "n/a", 0
    for status in statuses:
        rank = STATUS_ORDER[status]
        if rank > worst_rank:  # the first of the worst, as max() gives
            worst_status, worst_rank = status, rank
    return worst_status  # type: ignore[return-value]
