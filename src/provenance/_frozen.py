"""
Immutable, hashable mappings for the policy's tables, and their validator.
"""

from __future__ import annotations

import enum

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

import attrs

from provenance.errors import InvalidValueError


K = TypeVar("K")
V = TypeVar("V")


@attrs.frozen
class FrozenMap(Mapping[K, V], Generic[K, V]):
    """
    An immutable, hashable mapping, stored as pairs sorted by key.
    """

    pairs: tuple[tuple[K, V], ...]
    _lookup: dict[K, V] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_lookup", dict(self.pairs))

    def __getitem__(self, key: K) -> V:
        return self._lookup[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._lookup)

    def __len__(self) -> int:
        return len(self.pairs)

    def __repr__(self) -> str:
        return repr(self._lookup)


def sort_key(key: object) -> str:
    """
    What a key sorts by: an enum's value, a value's id, else its text.
    """
    if isinstance(key, enum.Enum):
        return str(key.value)
    identity = getattr(key, "id", None)
    return identity if isinstance(identity, str) else str(key)


def frozen_map(value: Any) -> Any:
    """
    Converter: a mapping becomes a `FrozenMap`; anything else passes through
    for the validator to reject.
    """
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(tuple(sorted(value.items(), key=lambda kv: sort_key(kv[0]))))
    return value


def mapping_of(
    key_type: type | tuple[type, ...], value_type: type | tuple[type, ...], what: str
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """
    Validator: a `FrozenMap` from *key_type* to *value_type*; *what* reads
    "keys to values" in messages.
    """

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        path = f"{type(instance).__name__}.{attribute.name}"
        if not isinstance(value, FrozenMap):
            msg = f"must be a mapping of {what}"
            raise InvalidValueError(msg, path, value)
        for key, item in value.items():
            if not isinstance(key, key_type) or isinstance(key, bool):
                msg = f"keys must be {what.split(' to ', maxsplit=1)[0]}"
                raise InvalidValueError(msg, path, key)
            if not isinstance(item, value_type) or isinstance(item, bool):
                msg = f"values must be {what.split(' to ')[1]}"
                raise InvalidValueError(msg, f"{path}[{sort_key(key)[:16]}]", item)

    return check
