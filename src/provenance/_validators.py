"""
One-field validators shared by the model; each raises `InvalidValueError`
naming ``Class.field``.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from typing import Any

import attrs

from provenance.errors import InvalidValueError


def path_of(instance: object, attribute: attrs.Attribute[Any]) -> str:
    return f"{type(instance).__name__}.{attribute.name}"


def non_empty(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """
    A string with at least one non-space character.
    """
    if not isinstance(value, str):
        msg = "must be a string"
        raise InvalidValueError(msg, path_of(instance, attribute), value)
    if not value.strip():
        msg = "must not be empty"
        raise InvalidValueError(msg, path_of(instance, attribute), value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be hashed into an id or written as UTF-8.
        msg = "must be valid Unicode text"
        raise InvalidValueError(msg, path_of(instance, attribute), value) from None


def optional_non_empty(
    instance: object, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value is not None:
        non_empty(instance, attribute, value)


def unit_interval(
    instance: object, attribute: attrs.Attribute[Any], value: Any
) -> None:
    """
    A finite float in [0, 1].
    """
    if not isinstance(value, float) or not 0.0 <= value <= 1.0:  # NaN fails too.
        msg = "must be a number in [0, 1]"
        raise InvalidValueError(msg, path_of(instance, attribute), value)


def finite(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # A float, as after the to_float converter; anything else fails here
    # with its path rather than as a TypeError from math.isfinite().
    if not isinstance(value, float) or not math.isfinite(value):
        msg = "must be a finite number"
        raise InvalidValueError(msg, path_of(instance, attribute), value)


def instance_of(*types: type) -> Any:
    """
    The value is an instance of one of *types* (``None`` allowed if listed as
    ``type(None)``).
    """
    names = " or ".join(t.__name__ if t is not type(None) else "None" for t in types)

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, types) or (
            isinstance(value, bool) and bool not in types
        ):
            msg = f"must be {names}"
            raise InvalidValueError(msg, path_of(instance, attribute), value)

    return check


def to_float(value: Any) -> Any:
    """
    Converter: numbers (not bools, not strings) become floats; anything else
    passes through for the validator to reject with its path.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def number(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, float):
        msg = "must be a number"
        raise InvalidValueError(msg, path_of(instance, attribute), value)


# Runtime type checks on typed public arguments: callers without a type
# checker send anything, and mypy would call a plain isinstance() redundant.
def is_text(value: object) -> bool:
    return isinstance(value, str)


def is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_day(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def is_time(value: object) -> bool:
    """
    A naive time of day to the whole second, as ``made_at`` takes.
    """
    return (
        isinstance(value, dt.time) and value.tzinfo is None and value.microsecond == 0
    )


# ASCII digits only, and no offset: a time of day is local to the record's day.
_TIME_TEXT = re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?")


def parse_time(text: object) -> dt.time | None:
    """
    The time of day ``HH:MM`` or ``HH:MM:SS`` stands for; ``None`` for any
    other value, offsets and fractions of a second included.
    """
    if not isinstance(text, str) or not _TIME_TEXT.fullmatch(text):
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError:  # "25:00", "12:60".
        return None
