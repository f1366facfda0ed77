"""Strict loading of the rule data under ``src/audit/rules/``.

Every rule file is YAML with an ``id`` whose last dotted segment names the file and an
integer ``version``. Unknown keys, missing keys and values of the wrong type are errors
that name the file and the key, so a misspelt setting never silently does nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the key."""

    def __init__(self, path: str, key: str, message: str) -> None:
        super().__init__(f"{path}: {key}: {message}")
        self.path, self.key = path, key


@dataclass(frozen=True)
class Field:
    """The expected type of one key, and whether it may be left out."""

    kind: type | tuple[type, ...]
    required: bool = True


#: libyaml's safe loader when PyYAML was built with it (the wheels are): about ten
#: times faster than the pure-Python one, on front matter and on the rule files.
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", None)


def safe_yaml(text: str) -> Any:
    """``yaml.safe_load``, through libyaml when available.

    On any failure the pure-Python safe loader reads the text again, so that broken
    YAML gets the same error (and message) whichever loader is installed.
    """
    if _FAST_SAFE_LOADER is not None:
        try:
            return yaml.load(text, Loader=_FAST_SAFE_LOADER)  # noqa: S506 - a safe loader
        except Exception:  # noqa: BLE001, S110 - the pure loader below gives the message
            pass
    return yaml.safe_load(text)


def rules_root() -> Any:
    """Return the package folder holding the rule files (a Traversable)."""
    return resources.files("audit") / "rules"


@cache
def read_rule_file(relative: str) -> dict[str, Any]:
    """Parse ``rules/<relative>`` and check its ``id`` and ``version``."""
    node = rules_root().joinpath(*relative.split("/"))
    return parse_rule_text(node.read_text(encoding="utf-8"), relative)


def parse_rule_text(text: str, relative: str) -> dict[str, Any]:
    """Parse rule YAML named ``relative`` (for messages) and check ``id`` and ``version``."""
    try:
        data = safe_yaml(text)
    except yaml.YAMLError as error:
        raise RuleError(relative, "(file)", f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise RuleError(relative, "(file)", "must be a mapping")
    stem = relative.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".yml")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or rule_id.rsplit(".", 1)[-1] != stem:
        raise RuleError(relative, "id", f"must be a string ending in '{stem}'")
    if not isinstance(data.get("version"), int) or isinstance(data.get("version"), bool):
        raise RuleError(relative, "version", "must be an integer")
    return data


def check_fields(data: dict[str, Any], fields: dict[str, Field], where: str) -> None:
    """Raise ``RuleError`` on an unknown, missing or mistyped key of ``data``."""
    for key in data:
        if key not in fields:
            raise RuleError(where, key, f"unknown key (expected one of {sorted(fields)})")
    for key, spec in fields.items():
        if key not in data:
            if spec.required:
                raise RuleError(where, key, "missing")
            continue
        value = data[key]
        if isinstance(value, bool) and bool not in _as_tuple(spec.kind):
            raise RuleError(where, key, f"must be {_type_names(spec.kind)}, not a boolean")
        if not isinstance(value, spec.kind):
            raise RuleError(where, key, f"must be {_type_names(spec.kind)}")


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    """Return ``kind`` as a tuple of types."""
    return kind if isinstance(kind, tuple) else (kind,)


def _type_names(kind: type | tuple[type, ...]) -> str:
    """Name the accepted types for a message."""
    return " or ".join(t.__name__ for t in _as_tuple(kind))


def rules_fingerprint(files: list[str]) -> str:
    """Combine the ids and versions of ``files`` into one short rules version string."""
    parts = []
    for relative in sorted(files):
        data = read_rule_file(relative)
        parts.append(f"{data['id']}@{data['version']}")
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8]
    return f"{len(parts)}-files-{digest}"
