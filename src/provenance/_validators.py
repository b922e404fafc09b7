"""
One-field validators shared by the model; each raises `InvalidValueError`
naming ``Class.field``.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import operator
import re
import unicodedata
import urllib.parse

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from provenance.errors import InvalidValueError


def path_of(instance: object, attribute: attrs.Attribute[Any]) -> str:
    return f"{type(instance).__name__}.{attribute.name}"


#: Unicode's normal form for every name and text: composed (NFC), so that a
#: name typed as "e" plus a combining accent and as "é" is one source.
NORMAL_FORM: Final = "NFC"

# Characters that are letters or symbols to Unicode yet draw nothing.
_BLANK: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def to_text(value: Any) -> Any:
    """
    Converter: a string (or an instance of a subclass of ``str``) becomes a
    plain ``str`` in Unicode normal form NFC; anything else passes through for
    the validator to reject with its path.
    """
    if isinstance(value, str):
        # str.__str__ copies a subclass into a plain str without calling any
        # method the subclass overrides.
        return unicodedata.normalize(NORMAL_FORM, str.__str__(value))
    return value


def _visible(text: str) -> bool:
    """
    Whether *text* has a character that draws something: a letter, number,
    punctuation mark or symbol, not a control, format, space or mark alone.
    """
    return any(
        unicodedata.category(ch)[0] in "LNPS" and ch not in _BLANK for ch in text
    )


def name_problem(value: object) -> str | None:
    """
    What is wrong with *value* as a name or a text (``None`` if nothing): it
    must be a string with at least one visible character (not only spaces,
    controls, format characters or combining marks), valid as Unicode.
    Callers that publish a caller's text check it with this, then put it in
    NFC with `to_text`, as the model does.
    """
    if not isinstance(value, str):
        return "must be a string"
    if not value.strip():
        return "must not be empty"
    if not _visible(value):
        return "must have a visible character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be hashed into an id or written as UTF-8.
        return "must be valid Unicode text"
    return None


def non_empty(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """
    A string with at least one visible character (not only spaces, controls,
    format characters or combining marks).
    """
    if (problem := name_problem(value)) is not None:
        raise InvalidValueError(problem, path_of(instance, attribute), value)


# The ASCII characters that draw something (letters, digits, punctuation and
# symbols: categories L, N, P and S): all of "!" to "~", and no other.
_ASCII_VISIBLE: Final = re.compile("[!-~]")


def kept_text(value: Any) -> bool:
    """
    Whether *value* is a plain ``str`` that `to_text` keeps as it is and
    `non_empty` accepts: a quick test for text read from a document, which is
    almost always ASCII (checked by one search), the general checks otherwise.
    """
    if type(value) is not str:
        return False
    if value.isascii():
        return _ASCII_VISIBLE.search(value) is not None
    if not unicodedata.is_normalized(NORMAL_FORM, value) or not value.strip():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return _visible(value)


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


def exactly(*types: type) -> Any:
    """
    The value is of exactly one of *types* (``type(None)`` for ``None``), not
    of a subclass: a subclass could override what the canonical form and the
    content id are computed from.
    """
    names = " or ".join(t.__name__ if t is not type(None) else "None" for t in types)

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) not in types:
            msg = f"must be {names}"
            raise InvalidValueError(msg, path_of(instance, attribute), value)

    return check


def to_day(value: Any) -> Any:
    """
    Converter: an instance of a subclass of ``datetime.date`` (not a
    ``datetime``) becomes a plain date, so that no subclass decides how the
    day is written; anything else passes through for the validator.
    """
    if (
        isinstance(value, dt.date)
        and type(value) is not dt.date
        and not isinstance(value, dt.datetime)
    ):
        # Through date's own method, which a subclass's year cannot change.
        return dt.date.fromordinal(dt.date.toordinal(value))
    return value


def to_time(value: Any) -> Any:
    """
    Converter: an instance of a subclass of ``datetime.time`` becomes a plain
    time, so that no subclass decides how the time is written; anything else
    passes through for the validator.
    """
    if isinstance(value, dt.time) and type(value) is not dt.time:
        return dt.time(
            value.hour, value.minute, value.second, value.microsecond, value.tzinfo
        )
    return value


def to_float(value: Any) -> Any:
    """
    Converter: real numbers (not bools, not strings; ``int`` and ``float``
    subclasses such as enum members and NumPy scalars included) become plain
    floats; anything else, and integers too large for a float, pass through
    for the validator to reject with its path.
    """
    if isinstance(value, float) and type(value) is float:
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            return float(value)
        except (OverflowError, ValueError, TypeError):
            return value
    return value


def to_number(value: Any) -> Any:
    """
    Converter: an integer (``int`` subclasses and NumPy integers included)
    becomes a plain ``int``, another real number a plain ``float``; bools and
    anything else pass through for the validator to reject.
    """
    if type(value) is int or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        try:
            return operator.index(value)
        except TypeError:
            return value
    return to_float(value)


def to_collection(value: Any) -> Any:
    """
    Converter: an iterable (not a string, bytes or mapping) becomes a
    frozenset; if its items cannot be hashed, a list of them, in which the
    validator then finds the offending item. Anything else passes through.
    """
    if isinstance(value, frozenset) or not isinstance(value, Iterable):
        return value
    if isinstance(value, (str, bytes, bytearray, Mapping)):
        # A mapping's keys are not a set of values; refuse it, do not guess.
        return value
    try:
        items = list(value)
    except TypeError:
        return value
    try:
        return frozenset(items)
    except TypeError:
        return items


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


#: The longest address a record takes, in characters: what browsers and
#: servers commonly accept.
MAX_URL_LENGTH: Final = 2048

# The ASCII characters no address holds as themselves (RFC 3986 and 3987
# leave them out; they must be percent-encoded): controls, space, quotes,
# angle brackets and the like, which also break the HTML, Markdown and
# terminals an address is shown in.
_URL_UNSAFE_ASCII: Final = re.compile('[\x00-\x20"<>\\\\^`{|}\x7f]')
_URL_CATEGORIES: Final = frozenset(("Cc", "Cf", "Cs", "Co", "Zs", "Zl", "Zp"))
_URL_START: Final = re.compile(r"https?://")
_BAD_PERCENT: Final = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _url_unsafe(value: str) -> str | None:
    """
    The first character an address must not hold as itself, if any.
    """
    # Most addresses are ASCII: one search finds what they must not hold.
    found = _URL_UNSAFE_ASCII.search(value)
    if found is not None:
        return found[0]
    if not value.isascii():
        for ch in value:
            if unicodedata.category(ch) in _URL_CATEGORIES:
                # Controls, format characters (bidi overrides), surrogates,
                # private use and every space. Unassigned code points pass,
                # so that no address is valid in one Python and not another.
                return ch
    return None


def url_problem(value: object) -> str | None:  # noqa: PLR0911 (a rule a return)
    """
    Why *value* is not an address a record takes, or ``None`` if it is: an
    absolute ``http`` or ``https`` URL (the scheme in lower case) with a
    host, in NFC, at most `MAX_URL_LENGTH` characters, without whitespace,
    controls, format characters or the ASCII characters URLs must escape.
    """
    if not isinstance(value, str):
        return "must be a string"
    if len(value) > MAX_URL_LENGTH:
        return f"must be at most {MAX_URL_LENGTH} characters"
    if not _URL_START.match(value):
        return "must be an absolute http or https URL"
    unsafe = _url_unsafe(value)
    if unsafe is not None:
        return f"must not hold {unsafe!r} (percent-encode it)"
    if _BAD_PERCENT.search(value):
        return "must write '%' as '%25' (or a '%' and two hex digits)"
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018  # Checks the port: digits, in range.
    except ValueError:
        return "must have a valid host and port"
    if not parts.hostname:
        return "must have a host"
    if not unicodedata.is_normalized(NORMAL_FORM, value):
        return "must be in Unicode normal form NFC"
    return None
