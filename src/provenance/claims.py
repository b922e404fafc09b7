"""
Claims: propositions that are true or false, with approximate times and
bounded quantities.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import math
import re

from typing import Any, Final

import attrs

from provenance._identity import claim_text, text_id
from provenance._validators import (
    exactly,
    instance_of,
    is_day,
    is_integer,
    is_text,
    kept_text,
    non_empty,
    optional_non_empty,
    to_collection,
    to_number,
    to_text,
)
from provenance.errors import InvalidValueError
from provenance.sources import Source


__all__ = ["ApproximateDate", "Bound", "Claim", "Quantity", "TimeSpan"]


_LAST_YEAR = 9999


def _year(_instance: ApproximateDate, _attribute: object, value: Any) -> None:
    if not is_integer(value) or not 1 <= value <= _LAST_YEAR:
        msg = "must be a year from 1 to 9999"
        raise InvalidValueError(msg, "ApproximateDate.year", value)


def _none_first(value: int | None) -> tuple[int, int]:
    # A whole year sorts before its months, a whole month before its days.
    return (0, 0) if value is None else (1, value)


@attrs.frozen(order=True)
class ApproximateDate:
    """
    A calendar day, month or year: ``ApproximateDate(2023, 8)`` is August 2023.

    Attributes:
        year: The year.
        month: The month (1-12), or ``None`` for a whole year.
        day: The day of the month, or ``None`` for a whole month or year.
    """

    year: int = attrs.field(converter=to_number, validator=_year)
    month: int | None = attrs.field(
        default=None, converter=to_number, order=_none_first
    )
    day: int | None = attrs.field(default=None, converter=to_number, order=_none_first)

    def __attrs_post_init__(self) -> None:
        for name in ("month", "day"):
            value = getattr(self, name)
            if value is not None and not is_integer(value):
                msg = "must be an integer or None"
                raise InvalidValueError(msg, f"ApproximateDate.{name}", value)
        if self.month is not None and not 1 <= self.month <= 12:  # noqa: PLR2004
            msg = "must be a month from 1 to 12"
            raise InvalidValueError(msg, "ApproximateDate.month", self.month)
        if self.day is not None:
            if self.month is None:
                msg = "a day needs a month"
                raise InvalidValueError(msg, "ApproximateDate.day", self.day)
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                msg = f"must be a day from 1 to {last}"
                raise InvalidValueError(msg, "ApproximateDate.day", self.day)

    @classmethod
    def parse(cls, text: str) -> ApproximateDate:
        """
        Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
        """
        match = _DATE.fullmatch(text) if is_text(text) else None
        if match is None:
            msg = "must be YYYY, YYYY-MM or YYYY-MM-DD"
            raise InvalidValueError(msg, "ApproximateDate", text)
        year, month, day = match.groups()
        return cls(
            int(year),
            None if month is None else int(month),
            None if day is None else int(day),
        )

    @classmethod
    def of(cls, day: dt.date) -> ApproximateDate:
        """
        The approximate date that is exactly the calendar day *day*.
        """
        if not isinstance(day, dt.date):
            msg = "must be a datetime.date"
            raise InvalidValueError(msg, "ApproximateDate.of", day)
        return cls(day.year, day.month, day.day)

    @property
    def earliest(self) -> dt.date:
        """
        The first calendar day it covers.
        """
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """
        The last calendar day it covers.
        """
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


# ASCII digits only: "\d" would also read other scripts' digits.
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_OPEN = ".."


def _approximate(value: Any) -> Any:
    if isinstance(value, dt.date):
        return ApproximateDate.of(value)
    if isinstance(value, str) and value != _OPEN:
        return ApproximateDate.parse(value)
    if value == _OPEN:
        return None
    return value


@attrs.frozen
class TimeSpan:
    """
    When something happened, as precisely as it is known: one day, month or
    year, or an open or closed range of them.

    Written as in ISO 8601-2 / EDTF: ``"2024-05"``, ``"2023-08/.."`` (since
    August 2023), ``"../2024"`` (by 2024), ``"2023-11/2024-05"``.

    Attributes:
        start: The earliest day, month or year, or ``None`` if open.
        end: The latest day, month or year, or ``None`` if open.
    """

    start: ApproximateDate | None = attrs.field(
        converter=_approximate,
        validator=instance_of(ApproximateDate, type(None)),
    )
    end: ApproximateDate | None = attrs.field(
        converter=_approximate,
        validator=instance_of(ApproximateDate, type(None)),
    )

    def __attrs_post_init__(self) -> None:
        if self.start is None and self.end is None:
            msg = "a time span needs a start or an end"
            raise InvalidValueError(msg, "TimeSpan", None)
        if (
            self.start is not None
            and self.end is not None
            and self.start.earliest > self.end.latest
        ):
            msg = "start is after end"
            raise InvalidValueError(msg, "TimeSpan", f"{self.start}/{self.end}")

    @classmethod
    def on(
        cls, year: int, month: int | None = None, day: int | None = None
    ) -> TimeSpan:
        """
        One day, month or year: ``TimeSpan.on(2023, 11)`` is November 2023.
        """
        moment = ApproximateDate(year, month, day)
        return cls(moment, moment)

    @classmethod
    def since(
        cls, year: int, month: int | None = None, day: int | None = None
    ) -> TimeSpan:
        """
        From a day, month or year on, with no end: "since August 2023".
        """
        return cls(ApproximateDate(year, month, day), None)

    @classmethod
    def until(
        cls, year: int, month: int | None = None, day: int | None = None
    ) -> TimeSpan:
        """
        Up to a day, month or year, with no start: "by 2024".
        """
        return cls(None, ApproximateDate(year, month, day))

    @classmethod
    def parse(cls, text: str) -> TimeSpan:
        """
        Parse the EDTF form that ``str()`` writes.
        """
        if not is_text(text):
            msg = "must be a string such as '2023-08/..'"
            raise InvalidValueError(msg, "TimeSpan", text)
        start, sep, end = text.partition("/")
        if not sep:
            return cls(start, start)
        return cls(start, end)

    @property
    def earliest(self) -> dt.date | None:
        """
        The first calendar day it may include, or ``None`` if open.
        """
        return None if self.start is None else self.start.earliest

    @property
    def latest(self) -> dt.date | None:
        """
        The last calendar day it may include, or ``None`` if open.
        """
        return None if self.end is None else self.end.latest

    def contains(self, day: dt.date) -> bool:
        """
        Whether the calendar day *day* may fall within this span.
        """
        if not is_day(day):
            msg = "must be a datetime.date (a calendar day, not a datetime)"
            raise InvalidValueError(msg, "TimeSpan.contains", day)
        earliest, latest = self.earliest, self.latest
        return (earliest is None or earliest <= day) and (
            latest is None or day <= latest
        )

    def __str__(self) -> str:
        if self.start == self.end:
            return str(self.start)
        start = _OPEN if self.start is None else str(self.start)
        end = _OPEN if self.end is None else str(self.end)
        return f"{start}/{end}"


class Bound(enum.Enum):
    """
    How a `Quantity`'s value bounds the true amount.
    """

    EXACTLY = "exactly"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"


def _number(value: Any) -> Any:
    # Equal numbers must serialise identically, so integral values become
    # ints; int and float subclasses (enum members, NumPy scalars) become
    # plain ones, which write as JSON numbers.
    value = to_number(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _finite_number(_instance: Quantity, _attribute: object, value: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            # Integers beyond the float range overflow here rather than pass.
            if math.isfinite(float(value)):
                return
        except OverflowError:
            pass
    msg = "must be a finite number"
    raise InvalidValueError(msg, "Quantity.value", value)


@attrs.frozen(kw_only=True)
class Quantity:
    """
    An amount with its unit and how it bounds the truth: "over 10,000 troops"
    is ``Quantity(value=10000, unit="troops", bound=Bound.MORE_THAN)``.

    Attributes:
        value: The number (integral values are kept as ``int``).
        unit: What is counted or measured.
        bound: Whether the value is exact, approximate, or a bound.
        subject: What the amount is of, in the analyst's words ("North
            Korean troops sent to Russia"): claims whose quantities share
            subject and unit are about one amount, and a policy with
            ``relate_quantities`` relates them by their bounds. ``None``
            (the default) relates the quantity to no other.
    """

    value: int | float = attrs.field(converter=_number, validator=_finite_number)
    unit: str = attrs.field(converter=to_text, validator=non_empty)
    bound: Bound = attrs.field(default=Bound.EXACTLY, validator=instance_of(Bound))
    subject: str | None = attrs.field(
        default=None, converter=to_text, validator=optional_non_empty
    )

    def __str__(self) -> str:
        words = {
            Bound.EXACTLY: "",
            Bound.ABOUT: "about ",
            Bound.AT_LEAST: "at least ",
            Bound.MORE_THAN: "more than ",
            Bound.AT_MOST: "at most ",
            Bound.LESS_THAN: "less than ",
        }
        return f"{words[self.bound]}{self.value:,} {self.unit}"


def _parties(_instance: Claim, attribute: attrs.Attribute[Any], value: Any) -> None:
    path = f"Claim.{attribute.name}"
    if isinstance(value, list):  # Items to_collection could not hash.
        for party in value:
            if type(party) is not Source:
                msg = "must contain only Source values"
                raise InvalidValueError(msg, path, party)
    if not isinstance(value, frozenset):
        msg = "must be a collection of Source (a set, list or tuple)"
        raise InvalidValueError(msg, path, value)
    for party in value:
        if type(party) is not Source:  # A subclass could forge its id.
            msg = "must contain only Source values"
            raise InvalidValueError(msg, path, party)


_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")


def _key(_instance: Claim, _attribute: object, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _KEY.fullmatch(value)):
        msg = "must be a slug of letters, digits, '.', '_', ':' and '-'"
        raise InvalidValueError(msg, "Claim.key", value)


@attrs.frozen(kw_only=True, cache_hash=True)
class Claim:
    """
    A proposition that is true or false.

    Attributes:
        text: The proposition, in the analyst's words.
        about: The sources that are parties to it, other than those it
            favours: presumably those it accuses or would harm. A party
            asserting or denying the claim is an interested party.
        favours: The parties it would favour or help; never also in
            *about*. ``about | favours`` is `parties`.
        occurred: When the event it describes happened, as precisely as known.
        quantity: An amount it states, with its bound.
        key: A short slug to name the claim on the command line or in code.

    >>> pyongyang = Source(name="North Korea", kind=SourceKind.GOVERNMENT)
    >>> troops = Claim(text="North Korea sent troops to Russia",
    ...     about={pyongyang}, key="troops")
    >>> troops.parties == {pyongyang}
    True
    """

    text: str = attrs.field(converter=to_text, validator=non_empty)
    about: frozenset[Source] = attrs.field(
        default=frozenset(), converter=to_collection, validator=_parties
    )
    favours: frozenset[Source] = attrs.field(
        default=frozenset(), converter=to_collection, validator=_parties
    )
    occurred: TimeSpan | None = attrs.field(
        default=None, validator=exactly(TimeSpan, type(None))
    )
    quantity: Quantity | None = attrs.field(
        default=None, validator=exactly(Quantity, type(None))
    )
    key: str | None = attrs.field(default=None, converter=to_text, validator=_key)

    def __attrs_post_init__(self) -> None:
        both = self.about & self.favours
        if both:
            msg = "a party the claim favours cannot also be in about"
            raise InvalidValueError(
                msg, "Claim.favours", sorted(party.name for party in both)
            )

    @functools.cached_property
    def id(self) -> str:
        """
        The content id: SHA-256 of the canonical JSON form.
        """
        return text_id(claim_text(self))

    @property
    def parties(self) -> frozenset[Source]:
        """
        Every party to the claim: those in *about* and those it *favours*.
        """
        return self.about | self.favours

    def __str__(self) -> str:
        return self.text if self.key is None else f"{self.text} [{self.key}]"


# The slots' own setters, for the loader's quantities and claims (as
# records.py's).
_Q_VALUE, _Q_UNIT, _Q_BOUND, _Q_SUBJECT = (
    Quantity.__dict__[name].__set__ for name in ("value", "unit", "bound", "subject")
)
# Integers this large or smaller convert to a finite float; beyond them, the
# constructor decides.
_LARGEST: Final = 2**1023


def _loaded_quantity(value: Any, unit: Any, bound: Bound, subject: Any) -> Quantity:
    """
    The quantity ``Quantity(value=value, unit=unit, ...)`` builds, for the
    fast reader, which passes the values as read and *bound* a `Bound`:
    without the converters and validators when quick checks show they would
    change and refuse nothing (an ``int`` within the float range, or a
    finite, non-integral ``float``; texts `kept_text`), else through the
    constructor, with its errors.
    """
    if (
        (
            (type(value) is int and -_LARGEST <= value <= _LARGEST)
            or (
                type(value) is float and math.isfinite(value) and not value.is_integer()
            )
        )
        and kept_text(unit)
        and (subject is None or kept_text(subject))
    ):
        quantity: Quantity = object.__new__(Quantity)
        _Q_VALUE(quantity, value)
        _Q_UNIT(quantity, unit)
        _Q_BOUND(quantity, bound)
        _Q_SUBJECT(quantity, subject)
        return quantity
    return Quantity(value=value, unit=unit, bound=bound, subject=subject)


# The slots' own setters, for the loader's claims.
_C_TEXT, _C_ABOUT, _C_FAVOURS, _C_OCCURRED, _C_QUANTITY, _C_KEY, _C_HASH = (
    Claim.__dict__[name].__set__
    for name in (
        "text",
        "about",
        "favours",
        "occurred",
        "quantity",
        "key",
        "_attrs_cached_hash",
    )
)


def _loaded_claim(  # noqa: PLR0917 (the fast reader calls it per claim)
    text: Any,
    about: frozenset[Source],
    favours: frozenset[Source],
    occurred: TimeSpan | None,
    quantity: Quantity | None,
    key: Any,
) -> Claim:
    """
    The claim ``Claim(text=text, about=about, ...)`` builds, for the fast
    reader, which passes *text* and *key* as read, *about* and *favours* as
    frozensets of the `Source` values it built, *occurred* and *quantity*
    as built by their own constructors (or ``None``).

    When quick checks show that the constructor would keep every value as
    it is and accept it (text `kept_text`, the key a slug or ``None``, no
    party in both sets), the claim is built without its converters and
    validators; anything else goes through the constructor, which makes the
    same checks and raises its errors.
    """
    if (
        kept_text(text)
        and (key is None or (type(key) is str and _KEY.fullmatch(key) is not None))
        and about.isdisjoint(favours)
    ):
        claim: Claim = object.__new__(Claim)
        _C_TEXT(claim, text)
        _C_ABOUT(claim, about)
        _C_FAVOURS(claim, favours)
        _C_OCCURRED(claim, occurred)
        _C_QUANTITY(claim, quantity)
        _C_KEY(claim, key)
        _C_HASH(claim, None)
        return claim
    return Claim(
        text=text,
        about=about,
        favours=favours,
        occurred=occurred,
        quantity=quantity,
        key=key,
    )
