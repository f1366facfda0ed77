"""Attributes computed on first use and then kept, for the frozen value types of ``model``.

Compiled (``pyproject.toml``), so that the first read of such an attribute, once per
block on the audit's hot path, runs no Python-level frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")


class computed_once(Generic[_T]):  # noqa: N801 - a decorator, like the property it replaces
    """``functools.cached_property`` without its costs, for frozen dataclasses.

    In Python 3.11 every first access of a ``cached_property`` takes an ``RLock``
    (removed in 3.12), and storing through ``instance.__dict__`` turns the instance's
    compact attribute storage into a real dict, which makes every later attribute read
    about twice as slow. Here the value is set with ``object.__setattr__`` (allowed on
    a frozen dataclass), so later reads are plain, fast attribute reads: this
    descriptor defines no ``__set__``, so the instance's value wins from then on.
    """

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    # typed, so that compiled callers know what the attribute holds (a tuple of spans)
    @overload
    def __get__(self, instance: None, owner: type | None = None) -> computed_once[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.compute(instance)
        object.__setattr__(instance, self.name, value)
        return value
