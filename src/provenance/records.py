"""
Records: original statements and the reports that relay them.
"""

from __future__ import annotations

import datetime as dt
import functools

from collections.abc import Iterator
from typing import Any, TypeAlias

import attrs

from provenance._identity import report_text, statement_text, text_id
from provenance._validators import instance_of, is_day, is_integer
from provenance.claims import Claim
from provenance.errors import DepthExceededError, InvalidValueError
from provenance.sources import Channel, Source
from provenance.stances import Stance


__all__ = [
    "DEFAULT_MAX_DEPTH",
    "Record",
    "Report",
    "Statement",
    "max_depth",
    "set_max_depth",
]

DEFAULT_MAX_DEPTH = 100
"""
The default limit on how many reports may be nested in one chain.
"""
_HARD_MAX_DEPTH = 100_000
_limits = {"depth": DEFAULT_MAX_DEPTH}


def max_depth() -> int:
    """
    The deepest chain of nested reports that may be built or loaded.
    """
    return _limits["depth"]


def set_max_depth(depth: int) -> int:
    """
    Change the deepest chain of nested reports allowed; returns the previous
    limit. Chains deeper than the limit raise `DepthExceededError` wherever
    they would be built: in `Report`, in `provenance.serialize.loads`.
    """
    if not is_integer(depth):
        msg = "must be an integer"
        raise InvalidValueError(msg, "max_depth", depth)
    if not 1 <= depth <= _HARD_MAX_DEPTH:
        msg = f"must be from 1 to {_HARD_MAX_DEPTH}"
        raise InvalidValueError(msg, "max_depth", depth)
    previous, _limits["depth"] = _limits["depth"], depth
    return previous


def _day(instance: object, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if not is_day(value):
        msg = "must be a datetime.date (a calendar day, not a datetime)"
        raise InvalidValueError(msg, f"{type(instance).__name__}.made_on", value)


@attrs.frozen(kw_only=True, cache_hash=True)
class Statement:
    """
    An original utterance: *source* commits to *claim* with *stance*.

    Attributes:
        source: Who said it.
        claim: What it is about.
        stance: How firmly (and with which verb) the source committed.
        channel: Where and how it was said, if known.
        made_on: The day it was said (not when the event occurred).
    """

    source: Source = attrs.field(validator=instance_of(Source))
    claim: Claim = attrs.field(validator=instance_of(Claim))
    stance: Stance = attrs.field(validator=instance_of(Stance))
    channel: Channel | None = attrs.field(
        default=None, validator=instance_of(Channel, type(None))
    )
    made_on: dt.date = attrs.field(validator=_day)

    @functools.cached_property
    def id(self) -> str:
        """
        The content id: SHA-256 of the canonical JSON form.
        """
        return text_id(statement_text(self))

    @property
    def depth(self) -> int:
        """
        How many reports relay it here: 0 for a statement.
        """
        return 0

    @property
    def origin(self) -> Statement:
        """
        The original statement: itself.
        """
        return self

    def __str__(self) -> str:
        said = f"{self.source} {self.stance.act} '{self.claim.text}'"
        via = "" if self.channel is None else f" in {self.channel}"
        return f"{said}{via} on {self.made_on.isoformat()}"


def _content(_instance: Report, _attribute: object, value: Any) -> None:
    if not isinstance(value, (Statement, Report)):
        msg = "must be a Statement or a Report"
        raise InvalidValueError(msg, "Report.content", value)


@attrs.frozen(kw_only=True, eq=False)
class Report:
    """
    A relay: *reporter* says that *content* (a statement, or another report)
    was said. Chains nest: an article reports lawmakers reporting an
    intelligence service's statement.

    Equality, hashing and ``repr`` walk the chain without recursion, so any
    chain within `max_depth` is safe.

    Attributes:
        reporter: Who relays it.
        content: What is relayed.
        channel: Where and how it was relayed, if known.
        made_on: The day it was relayed; never before *content* was made.
    """

    reporter: Source = attrs.field(validator=instance_of(Source))
    content: Statement | Report = attrs.field(validator=_content)
    channel: Channel | None = attrs.field(
        default=None, validator=instance_of(Channel, type(None))
    )
    made_on: dt.date = attrs.field(validator=_day)
    _depth: int = attrs.field(init=False, repr=False, default=0)
    _hash: int = attrs.field(init=False, repr=False, default=0)
    _id: str = attrs.field(init=False, repr=False, default="")

    def __attrs_post_init__(self) -> None:
        depth = self.content.depth + 1
        if depth > _limits["depth"]:
            msg = "chain of reports too deep"
            raise DepthExceededError(msg, "Report.content", _limits["depth"])
        if self.made_on < self.content.made_on:
            msg = "a report cannot precede what it relays"
            raise InvalidValueError(
                msg, "Report.made_on", f"{self.made_on} < {self.content.made_on}"
            )
        object.__setattr__(self, "_depth", depth)
        # The content's hash is already known, so this never recurses.
        key = (self.reporter, hash(self.content), self.channel, self.made_on)
        object.__setattr__(self, "_hash", hash(key))

    @property
    def depth(self) -> int:
        """
        How many reports relay the original statement here, this one included.
        """
        return self._depth

    def chain(self) -> Iterator[Report]:
        """
        This report and the reports it relays, outermost first.
        """
        node: Statement | Report = self
        while isinstance(node, Report):
            yield node
            node = node.content

    @property
    def origin(self) -> Statement:
        """
        The original statement at the end of the chain.
        """
        node: Statement | Report = self
        while isinstance(node, Report):
            node = node.content
        return node

    @property
    def id(self) -> str:
        """
        The content id: SHA-256 of the canonical JSON form.
        """
        if not self._id:
            # Fill the inner ids first, innermost first, and only those not
            # yet known: deep chains never recurse and each id is hashed once.
            pending: list[Report] = []
            node: Statement | Report = self
            while isinstance(node, Report) and not node._id:  # noqa: SLF001
                pending.append(node)
                node = node.content
            for report in reversed(pending):
                object.__setattr__(report, "_id", text_id(report_text(report)))
        return self._id

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild through __init__ on unpickling: the cached hash depends on
        # the process's string hashing, so it must never travel in a pickle.
        return (
            _rebuild_report,
            (self.reporter, self.content, self.channel, self.made_on),
        )

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        mine: Statement | Report = self
        theirs: Statement | Report = other
        while isinstance(mine, Report) and isinstance(theirs, Report):
            if mine is theirs:
                return True
            if (
                mine._hash != theirs._hash
                or mine.reporter != theirs.reporter
                or mine.channel != theirs.channel
                or mine.made_on != theirs.made_on
            ):
                return False
            mine, theirs = mine.content, theirs.content
        return mine == theirs

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __repr__(self) -> str:
        parts = [
            f"Report(reporter={r.reporter!r}, channel={r.channel!r}, "
            f"made_on={r.made_on!r}, content="
            for r in self.chain()
        ]
        return "".join(parts) + repr(self.origin) + ")" * len(parts)

    def __str__(self) -> str:
        via = "" if self.channel is None else f" in {self.channel}"
        return f"{self.reporter} reported{via} on {self.made_on.isoformat()}"


def _rebuild_report(
    reporter: Source,
    content: Statement | Report,
    channel: Channel | None,
    made_on: dt.date,
) -> Report:
    return Report(reporter=reporter, content=content, channel=channel, made_on=made_on)


# Trusted construction, for the loader only. Building a million records
# through __init__ runs every attrs validator once per field, about as long as
# reading the document itself; the loader has already checked each value
# (types in bulk, references, dates, depth and order explicitly), so it sets
# the slots directly, exactly as __init__ would. tests/test_fastpaths.py checks
# that the results equal, and hash like, records built through __init__.
_new = object.__new__
_set = object.__setattr__


def _trusted_statement(
    source: Source,
    claim: Claim,
    stance: Stance,
    channel: Channel | None,
    made_on: dt.date,
) -> Statement:
    statement: Statement = _new(Statement)
    _set(statement, "source", source)
    _set(statement, "claim", claim)
    _set(statement, "stance", stance)
    _set(statement, "channel", channel)
    _set(statement, "made_on", made_on)
    _set(statement, "_attrs_cached_hash", None)
    return statement


def _trusted_report(
    reporter: Source,
    content: Statement | Report,
    channel: Channel | None,
    made_on: dt.date,
) -> Report:
    # The caller has checked the depth limit and that made_on is not before
    # the content's, the two rules of Report.__attrs_post_init__.
    report: Report = _new(Report)
    _set(report, "reporter", reporter)
    _set(report, "content", content)
    _set(report, "channel", channel)
    _set(report, "made_on", made_on)
    _set(report, "_depth", content.depth + 1)
    _set(report, "_hash", hash((reporter, hash(content), channel, made_on)))
    _set(report, "_id", "")
    return report


def _set_id(record: Record, record_id: str) -> None:
    """
    Store a verified id, sharing the loader's string instead of a copy.
    """
    _set(record, "id" if isinstance(record, Statement) else "_id", record_id)


Record: TypeAlias = Statement | Report
"""
Anything a ledger holds: a `Statement` or a `Report`.
"""
