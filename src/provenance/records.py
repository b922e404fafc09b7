"""
Records: original statements and the reports that relay them.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import warnings

from collections.abc import Iterator
from typing import Any, Final, TypeAlias

import attrs

from provenance._identity import report_text, statement_text, text_id
from provenance._reprs import escaped
from provenance._validators import (
    exactly,
    is_day,
    is_integer,
    is_time,
    to_day,
    to_text,
    to_time,
    url_problem,
)
from provenance.claims import Claim
from provenance.errors import DepthExceededError, InvalidValueError
from provenance.sources import Channel, Source
from provenance.stances import Stance


__all__ = [
    "DEFAULT_MAX_DEPTH",
    "Record",
    "Report",
    "Statement",
    "depth_limit",
    "max_depth",
    "set_max_depth",
]

_new: Final = object.__new__
_set: Final = object.__setattr__

DEFAULT_MAX_DEPTH = 100
"""
The default limit on how many reports may be nested in one chain.
"""
_HARD_MAX_DEPTH: Final = 100_000
# The limit in force, per thread and per asyncio task: a context variable,
# never process-wide state, so that one caller's limit cannot make another
# thread's valid chains fail.
_DEPTH: Final = contextvars.ContextVar(
    "provenance_max_depth", default=DEFAULT_MAX_DEPTH
)


def max_depth() -> int:
    """
    The deepest chain of nested reports that may be built or loaded here: in
    this thread or task, inside the innermost `depth_limit` block, or
    `DEFAULT_MAX_DEPTH`.
    """
    return _DEPTH.get()


def _checked_depth(depth: object, path: str = "max_depth") -> int:
    if not is_integer(depth):
        msg = "must be an integer"
        raise InvalidValueError(msg, path, depth)
    assert isinstance(depth, int)  # noqa: S101  # for mypy
    if not 1 <= depth <= _HARD_MAX_DEPTH:
        msg = f"must be from 1 to {_HARD_MAX_DEPTH}"
        raise InvalidValueError(msg, path, depth)
    return depth


def depth_limit(depth: int) -> contextlib.AbstractContextManager[int]:
    """
    Allow chains of up to *depth* nested reports inside the ``with`` block,
    in this thread (or asyncio task) only; the previous limit comes back on
    exit, whatever happens.

    Chains deeper than the limit raise `DepthExceededError` wherever they
    would be built: in `Report`, in `provenance.serialize.loads` (which also
    takes the limit as its *max_depth* argument).

    Raises:
        InvalidValueError: *depth* is not an integer from 1 to 100,000
            (when called, before the block is entered).

    .. versionadded:: unreleased
    """
    return _depth_limit(_checked_depth(depth))


@contextlib.contextmanager
def _depth_limit(depth: int) -> Iterator[int]:
    token = _DEPTH.set(depth)
    try:
        yield depth
    finally:
        _DEPTH.reset(token)


def set_max_depth(depth: int) -> int:
    """
    Change the limit on nested reports for the rest of the current thread
    (or asyncio task); returns the previous limit.

    .. deprecated:: unreleased
        Use ``with depth_limit(depth):`` (or ``loads(text, max_depth=depth)``),
        which restores the limit when the block ends. This function no longer
        changes the limit of other threads.
    """
    warnings.warn(
        "set_max_depth() is deprecated; use 'with depth_limit(depth):' instead",
        DeprecationWarning,
        stacklevel=2,
    )
    previous = _DEPTH.get()
    _DEPTH.set(_checked_depth(depth))
    return previous


def _day(instance: object, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if not is_day(value):
        msg = "must be a datetime.date (a calendar day, not a datetime)"
        raise InvalidValueError(msg, f"{type(instance).__name__}.made_on", value)


def _time(instance: object, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not is_time(value):
        msg = "must be a datetime.time without tzinfo, to the second, or None"
        raise InvalidValueError(msg, f"{type(instance).__name__}.made_at", value)


def _to_grade(value: Any) -> Any:
    # An int subclass (an IntEnum member) becomes a plain int, as JSON
    # writes it; anything else passes through for the validator.
    return int(value) if is_integer(value) and type(value) is not int else value


def _credibility(
    instance: object, _attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value is not None and (type(value) is not int or not 1 <= value <= 6):  # noqa: PLR2004
        msg = "must be an integer from 1 to 6, or None"
        raise InvalidValueError(msg, f"{type(instance).__name__}.credibility", value)


def _url(instance: object, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (problem := url_problem(value)) is not None:
        raise InvalidValueError(problem, f"{type(instance).__name__}.url", value)


def _when(made_on: dt.date, made_at: dt.time | None) -> str:
    if made_at is None:
        return made_on.isoformat()
    return (
        f"{made_on} at {made_at.isoformat('seconds' if made_at.second else 'minutes')}"
    )


@attrs.frozen(kw_only=True)
class Statement:
    """
    An original utterance: *source* commits to *claim* with *stance*.

    Attributes:
        source: Who said it.
        claim: What it is about.
        stance: How firmly (and with which verb) the source committed.
        channel: Where and how it was said, if known.
        made_on: The day it was said (not when the event occurred).
        made_at: The time of day it was said, if known, so that records
            made on one day have an order; a naive `datetime.time` to the
            second, in the same local time as *made_on*.
        credibility: The analyst's grading of the information, the Admiralty
            code's second axis: 1 (confirmed by other sources) to 6 (truth
            cannot be judged), apart from the source's reliability; ``None``
            (the default) when not graded (`provenance.credibility`).
        url: Where it was said or published, if known: an absolute
            ``http`` or ``https`` URL, at most 2,048 characters, with a
            host and no whitespace or control characters (kept in Unicode
            normal form NFC). Part of the content and the id only when set.

    >>> import datetime as dt
    >>> nis = Source(name="NIS", kind=SourceKind.AGENCY)
    >>> troops = Claim(text="North Korea sent troops", key="troops")
    >>> said = Statement(source=nis, claim=troops,
    ...     stance=Stance.from_verb("said"), made_on=dt.date(2024, 10, 18))
    >>> said.stance.value, len(said.id)
    ('CT+', 64)
    >>> graded = attrs.evolve(said, credibility=2)
    >>> graded.credibility, graded.id != said.id
    (2, True)
    >>> attrs.evolve(said, url="https://example.org/briefing").id != said.id
    True

    .. versionchanged:: unreleased
        The *url* attribute.
    """

    source: Source = attrs.field(validator=exactly(Source))
    claim: Claim = attrs.field(validator=exactly(Claim))
    stance: Stance = attrs.field(validator=exactly(Stance))
    channel: Channel | None = attrs.field(
        default=None, validator=exactly(Channel, type(None))
    )
    made_on: dt.date = attrs.field(converter=to_day, validator=_day)
    made_at: dt.time | None = attrs.field(
        default=None, converter=to_time, validator=_time
    )
    credibility: int | None = attrs.field(
        default=None, converter=_to_grade, validator=_credibility
    )
    url: str | None = attrs.field(default=None, converter=to_text, validator=_url)
    _hash: int = attrs.field(init=False, repr=False, eq=False, default=0)
    _id: str = attrs.field(init=False, repr=False, eq=False, default="")

    def __init__(
        self,
        *,
        source: Source,
        claim: Claim,
        stance: Stance,
        channel: Channel | None = None,
        made_on: dt.date,
        made_at: dt.time | None = None,
        credibility: int | None = None,
        url: str | None = None,
    ) -> None:
        # The converters and validators of the fields above, inline and in
        # their order (attrs would call each through a function): the common
        # case, exact types, costs a comparison a field, and anything else
        # goes through the same converter and validator with the same error.
        if type(made_on) is not dt.date:
            made_on = to_day(made_on)
        if made_at is not None and type(made_at) is not dt.time:
            made_at = to_time(made_at)
        if credibility is not None and type(credibility) is not int:
            credibility = _to_grade(credibility)
        if url is not None:
            url = to_text(url)
        if (
            type(source) is not Source
            or type(claim) is not Claim
            or type(stance) is not Stance
            or (channel is not None and type(channel) is not Channel)
            or type(made_on) is not dt.date
            or (made_at is not None and not is_time(made_at))
            or (
                credibility is not None
                and (type(credibility) is not int or not 1 <= credibility <= 6)  # noqa: PLR2004
            )
            or (url is not None and url_problem(url) is not None)
        ):
            _refuse_statement(
                self, source, claim, stance, channel, made_on, made_at, credibility, url
            )
        _S_SOURCE(self, source)
        _S_CLAIM(self, claim)
        _S_STANCE(self, stance)
        _S_CHANNEL(self, channel)
        _S_MADE_ON(self, made_on)
        _S_MADE_AT(self, made_at)
        _S_CREDIBILITY(self, credibility)
        _S_URL(self, url)
        _S_HASH(
            self,
            hash(
                (
                    source.id,
                    claim.id,
                    stance._text,  # noqa: SLF001
                    None if channel is None else channel.id,
                    made_on,
                    made_at,
                    credibility,
                    url,
                )
            ),
        )
        _S_ID(self, "")

    def __hash__(self) -> int:
        return self._hash

    def __getstate__(self) -> dict[str, Any]:
        # The fields only: the cached hash depends on the process's string
        # hashing, so it must never travel in a pickle (as for Report), and
        # the id is computed again when wanted.
        return {name: getattr(self, name) for name in _STATEMENT_STATE}

    def __setstate__(self, state: dict[str, Any] | tuple[Any, ...]) -> None:
        # Also reads the pickles written before the hash and id had slots
        # (the fields by name, or as a tuple by attrs before 22.2.0).
        if isinstance(state, tuple):
            state = dict(zip(_STATEMENT_STATE, state, strict=False))
        for name in _STATEMENT_STATE:
            _set(self, name, state.get(name))
        _S_HASH(
            self,
            _statement_hash(
                self.source,
                self.claim,
                self.stance,
                self.channel,
                self.made_on,
                self.made_at,
                self.credibility,
                self.url,
            ),
        )
        _S_ID(self, "")

    @property
    def id(self) -> str:
        """
        The content id: the SHA-256 of the canonical JSON form (see
        :ref:`content-ids`); computed on first use, then kept.
        """
        if not self._id:
            stance = self.stance._text  # noqa: SLF001
            _set(self, "_id", text_id(statement_text(self, stance)))
        return self._id

    @property
    def depth(self) -> int:
        """
        How many reports relay it here: 0 for a statement.
        """
        return 0

    @property
    def moment(self) -> tuple[dt.date, dt.time]:
        """
        When it was said, as a sort key: *made_on*, then *made_at*; a record
        without a time of day sorts first on its day (as at midnight).
        """
        return (self.made_on, dt.time.min if self.made_at is None else self.made_at)

    @property
    def origin(self) -> Statement:
        """
        The original statement: itself.
        """
        return self

    def __str__(self) -> str:
        said = f"{self.source} {self.stance.act} '{self.claim.text}'"
        via = "" if self.channel is None else f" in {self.channel}"
        return escaped(f"{said}{via} on {_when(self.made_on, self.made_at)}")


# What a pickled statement holds: its fields, in order.
_STATEMENT_STATE: Final = (
    "source",
    "claim",
    "stance",
    "channel",
    "made_on",
    "made_at",
    "credibility",
    "url",
)


def _refuse_statement(record: Statement, *values: Any) -> None:
    """
    Raise the error attrs would have raised for the first bad field of a
    statement: each field's own validator, in field order.
    """
    _refuse(record, values)


def _refuse(record: Record, values: tuple[Any, ...]) -> None:
    if attrs.validators.get_disabled():
        return
    fields = [field for field in attrs.fields(type(record)) if field.init]
    for field, value in zip(fields, values, strict=True):
        if field.validator is not None:
            field.validator(record, field, value)


def _content(_instance: Report, _attribute: object, value: Any) -> None:
    if type(value) not in (Statement, Report):
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
        made_at: The time of day it was relayed, if known; on the day
            *content* was made, never before *content*'s time (when both
            are known).
        url: Where it was relayed (the article, the post), if known: an
            absolute ``http`` or ``https`` URL, as for `Statement.url`. Part
            of the content and the id only when set.

    >>> import datetime as dt
    >>> nis = Source(name="NIS", kind=SourceKind.AGENCY)
    >>> lawmakers = Source(name="lawmakers", kind=SourceKind.ANONYMOUS_GROUP)
    >>> troops = Claim(text="North Korea sent troops", key="troops")
    >>> said = Statement(source=nis, claim=troops,
    ...     stance=Stance.from_verb("said"), made_on=dt.date(2024, 10, 18))
    >>> told = Report(reporter=lawmakers, content=said, made_on=dt.date(2024, 10, 18))
    >>> told.origin == said, told.depth
    (True, 1)

    .. versionchanged:: unreleased
        The *url* attribute.
    """

    reporter: Source = attrs.field(validator=exactly(Source))
    content: Statement | Report = attrs.field(validator=_content)
    channel: Channel | None = attrs.field(
        default=None, validator=exactly(Channel, type(None))
    )
    made_on: dt.date = attrs.field(converter=to_day, validator=_day)
    made_at: dt.time | None = attrs.field(
        default=None, converter=to_time, validator=_time
    )
    url: str | None = attrs.field(default=None, converter=to_text, validator=_url)
    _depth: int = attrs.field(init=False, repr=False, default=0)
    _hash: int = attrs.field(init=False, repr=False, default=0)
    _id: str = attrs.field(init=False, repr=False, default="")

    def __init__(
        self,
        *,
        reporter: Source,
        content: Statement | Report,
        channel: Channel | None = None,
        made_on: dt.date,
        made_at: dt.time | None = None,
        url: str | None = None,
    ) -> None:
        # As Statement.__init__: the fields' converters and validators
        # inline, in their order; then the rules across fields.
        if type(made_on) is not dt.date:
            made_on = to_day(made_on)
        if made_at is not None and type(made_at) is not dt.time:
            made_at = to_time(made_at)
        if url is not None:
            url = to_text(url)
        kind = type(content)
        if (
            type(reporter) is not Source
            or (kind is not Statement and kind is not Report)
            or (channel is not None and type(channel) is not Channel)
            or type(made_on) is not dt.date
            or (made_at is not None and not is_time(made_at))
            or (url is not None and url_problem(url) is not None)
        ):
            _refuse(self, (reporter, content, channel, made_on, made_at, url))
        depth = content.depth + 1
        if depth > (limit := _DEPTH.get()):
            msg = "chain of reports too deep"
            raise DepthExceededError(msg, "Report.content", limit)
        if made_on < content.made_on:
            msg = "a report cannot precede what it relays"
            raise InvalidValueError(
                msg, "Report.made_on", f"{made_on} < {content.made_on}"
            )
        if _before(made_on, made_at, content):
            msg = "a report cannot precede what it relays"
            raise InvalidValueError(
                msg, "Report.made_at", f"{made_at} < {content.made_at}"
            )
        _R_REPORTER(self, reporter)
        _R_CONTENT(self, content)
        _R_CHANNEL(self, channel)
        _R_MADE_ON(self, made_on)
        _R_MADE_AT(self, made_at)
        _R_URL(self, url)
        _R_DEPTH(self, depth)
        _R_HASH(self, _report_hash(reporter, content, channel, made_on, made_at, url))
        _R_ID(self, "")

    @property
    def depth(self) -> int:
        """
        How many reports relay the original statement here, this one included.
        """
        return self._depth

    @property
    def moment(self) -> tuple[dt.date, dt.time]:
        """
        When it was relayed, as a sort key: *made_on*, then *made_at*; a
        record without a time of day sorts first on its day (as at midnight).
        """
        return (self.made_on, dt.time.min if self.made_at is None else self.made_at)

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
        # The cached hash depends on the process's string hashing, so it must
        # never travel in a pickle: only the fields do, and the chain is
        # rebuilt. A chain is written as flat links down to the next report
        # whose depth is a multiple of _PICKLE_BLOCK, which is pickled (and
        # shared, through pickle's memo) as a value of its own: pickle and
        # deepcopy then recurse once per block, never once per report, and
        # chains as deep as the hard limit stay far from the recursion limit.
        links = []
        node: Statement | Report = self
        while isinstance(node, Report):
            links.append(
                (node.reporter, node.channel, node.made_on, node.made_at, node.url)
            )
            node = node.content
            if isinstance(node, Report) and node.depth % _PICKLE_BLOCK == 0:
                break
        return (_rebuild_chain, (node, tuple(links)))

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
                or mine.made_at != theirs.made_at
                or mine.url != theirs.url
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
            f"made_on={r.made_on!r}, made_at={r.made_at!r}, url={r.url!r}, content="
            for r in self.chain()
        ]
        return "".join(parts) + repr(self.origin) + ")" * len(parts)

    def __str__(self) -> str:
        via = "" if self.channel is None else f" in {self.channel}"
        text = f"{self.reporter} reported{via} on {_when(self.made_on, self.made_at)}"
        return escaped(text)


# The slots' own setters: quicker than object.__setattr__, which first looks
# the name up on the class. Each field of a record is set once, when built.
_S_SOURCE, _S_CLAIM, _S_STANCE, _S_CHANNEL, _S_MADE_ON, _S_MADE_AT = (
    Statement.__dict__[name].__set__
    for name in ("source", "claim", "stance", "channel", "made_on", "made_at")
)
_S_CREDIBILITY, _S_URL, _S_HASH, _S_ID = (
    Statement.__dict__[name].__set__ for name in ("credibility", "url", "_hash", "_id")
)
_R_REPORTER, _R_CONTENT, _R_CHANNEL, _R_MADE_ON, _R_MADE_AT = (
    Report.__dict__[name].__set__
    for name in ("reporter", "content", "channel", "made_on", "made_at")
)
_R_URL, _R_DEPTH, _R_HASH, _R_ID = (
    Report.__dict__[name].__set__ for name in ("url", "_depth", "_hash", "_id")
)


def _before(
    made_on: dt.date, made_at: dt.time | None, content: Statement | Report
) -> bool:
    """
    Whether a report made at *made_on* and *made_at* would precede *content*:
    an earlier day, or an earlier time on the same day when both are timed.
    """
    if made_on != content.made_on:
        return made_on < content.made_on
    return (
        made_at is not None
        and content.made_at is not None
        and made_at < (content.made_at)
    )


def _report_hash(  # noqa: PLR0917 (called per report, on the fields)
    reporter: Source,
    content: Statement | Report,
    channel: Channel | None,
    made_on: dt.date,
    made_at: dt.time | None,
    url: str | None,
) -> int:
    # From the parts' ids, as _statement_hash; the content's hash is already
    # known, so this never recurses.
    return hash(
        (
            reporter.id,
            content._hash,  # noqa: SLF001
            None if channel is None else channel.id,
            made_on,
            made_at,
            url,
        )
    )


def _statement_hash(  # noqa: PLR0917 (called per statement, on the fields)
    source: Source,
    claim: Claim,
    stance: Stance,
    channel: Channel | None,
    made_on: dt.date,
    made_at: dt.time | None,
    credibility: int | None,
    url: str | None,
) -> int:
    # From the parts' ids (and the stance's canonical text), which hash as
    # strings in C, rather than from the parts, each of which would be
    # hashed by a method. Consistent with eq: equal parts have equal
    # canonical texts, and so equal ids.
    return hash(
        (
            source.id,
            claim.id,
            stance._text,  # noqa: SLF001
            None if channel is None else channel.id,
            made_on,
            made_at,
            credibility,
            url,
        )
    )


_PICKLE_BLOCK: Final = 500


# A link of a pickled chain: reporter, channel, made_on, made_at and url;
# pickles written before reports had a url have links without it.
_Link: TypeAlias = tuple[Any, ...]


def _rebuild_chain(base: Statement | Report, links: tuple[_Link, ...]) -> Report:
    """
    Rebuild a pickled chain: *links* (outermost first) on top of *base*.

    Each link is checked as `Report` checks it, except for the depth limit:
    the chain was valid where it was pickled, and unpickling (or deepcopy)
    must not depend on the limit of the thread that happens to read it.
    """
    content = base
    for link in reversed(links):
        if type(link) is not tuple or len(link) not in (4, 5):
            msg = "not a pickled report"
            raise InvalidValueError(msg, "Report", link)
        reporter, channel, made_on, made_at, url = (*link, None)[:5]
        for value, kinds in ((reporter, (Source,)), (channel, (Channel, type(None)))):
            if type(value) not in kinds:
                msg = "not a pickled report"
                raise InvalidValueError(msg, "Report", value)
        if (
            not is_day(made_on)
            or (made_at is not None and not is_time(made_at))
            or _before(made_on, made_at, content)
        ):
            msg = "not a pickled report"
            raise InvalidValueError(msg, "Report.made_on", made_on)
        if url is not None and (type(url) is not str or url_problem(url) is not None):
            msg = "not a pickled report"
            raise InvalidValueError(msg, "Report.url", url)
        content = _trusted_report(reporter, content, channel, made_on, made_at, url)
    assert isinstance(content, Report)  # noqa: S101  # for mypy
    return content


# The name pickles written before 0.2.0 refer to.
def _rebuild_report(
    reporter: Source,
    content: Statement | Report,
    channel: Channel | None,
    made_on: dt.date,
    made_at: dt.time | None = None,
) -> Report:
    return Report(
        reporter=reporter,
        content=content,
        channel=channel,
        made_on=made_on,
        made_at=made_at,
    )


# Trusted construction, for the loader only. Building a million records
# through __init__ runs every attrs validator once per field, about as long as
# reading the document itself; the loader has already checked each value
# (types in bulk, references, dates, depth and order explicitly), so it sets
# the slots directly, exactly as __init__ would. tests/test_fastpaths.py checks
# that the results equal, and hash like, records built through __init__.
def _trusted_statement(  # noqa: PLR0917 (the loader calls it per record)
    source: Source,
    claim: Claim,
    stance: Stance,
    channel: Channel | None,
    made_on: dt.date,
    made_at: dt.time | None = None,
    credibility: int | None = None,
    url: str | None = None,
) -> Statement:
    statement: Statement = _new(Statement)
    _S_SOURCE(statement, source)
    _S_CLAIM(statement, claim)
    _S_STANCE(statement, stance)
    _S_CHANNEL(statement, channel)
    _S_MADE_ON(statement, made_on)
    _S_MADE_AT(statement, made_at)
    _S_CREDIBILITY(statement, credibility)
    _S_URL(statement, url)
    _S_HASH(
        statement,
        _statement_hash(
            source, claim, stance, channel, made_on, made_at, credibility, url
        ),
    )
    _S_ID(statement, "")
    return statement


def _trusted_report(  # noqa: PLR0917 (the loader calls it per record)
    reporter: Source,
    content: Statement | Report,
    channel: Channel | None,
    made_on: dt.date,
    made_at: dt.time | None = None,
    url: str | None = None,
) -> Report:
    # The caller has checked the depth limit and that the report does not
    # precede its content (_before), the rules of Report.__init__.
    report: Report = _new(Report)
    _R_REPORTER(report, reporter)
    _R_CONTENT(report, content)
    _R_CHANNEL(report, channel)
    _R_MADE_ON(report, made_on)
    _R_MADE_AT(report, made_at)
    _R_URL(report, url)
    _R_DEPTH(report, content.depth + 1)
    _R_HASH(
        report,
        _report_hash(reporter, content, channel, made_on, made_at, url),
    )
    _R_ID(report, "")
    return report


def _loaded_statement(  # noqa: PLR0917 (the fast reader calls it per record)
    record_id: str,
    source: Source,
    claim: Claim,
    stance: Stance,
    channel: Channel | None,
    made_on: dt.date,
    made_at: dt.time | None,
    credibility: int | None,
    url: str | None,
    source_id: str,
    claim_id: str,
    stance_text: str,
    channel_id: str | None,
) -> Statement:
    """
    `_trusted_statement` with its verified id, for the fast reader, which
    also passes the parts' ids and the stance's canonical text it has read
    and checked (equal to ``source.id``, ``claim.id``, ``stance._text`` and
    the channel's id), so that the hash is `_statement_hash` without a look-up.
    """
    statement: Statement = _new(Statement)
    _S_SOURCE(statement, source)
    _S_CLAIM(statement, claim)
    _S_STANCE(statement, stance)
    _S_CHANNEL(statement, channel)
    _S_MADE_ON(statement, made_on)
    _S_MADE_AT(statement, made_at)
    _S_CREDIBILITY(statement, credibility)
    _S_URL(statement, url)
    _S_HASH(
        statement,
        hash(
            (
                source_id,
                claim_id,
                stance_text,
                channel_id,
                made_on,
                made_at,
                credibility,
                url,
            )
        ),
    )
    _S_ID(statement, record_id)
    return statement


def _loaded_report(  # noqa: PLR0917 (the fast reader calls it per record)
    record_id: str,
    reporter: Source,
    content: Statement | Report,
    channel: Channel | None,
    made_on: dt.date,
    made_at: dt.time | None,
    url: str | None,
    reporter_id: str,
    channel_id: str | None,
) -> Report:
    """
    `_trusted_report` with its verified id, for the fast reader (which has
    made the checks `_trusted_report` leaves to its caller), the hash from
    the ids read, as `_loaded_statement`.
    """
    report: Report = _new(Report)
    _R_REPORTER(report, reporter)
    _R_CONTENT(report, content)
    _R_CHANNEL(report, channel)
    _R_MADE_ON(report, made_on)
    _R_MADE_AT(report, made_at)
    _R_URL(report, url)
    _R_DEPTH(report, content.depth + 1)
    _R_HASH(
        report,
        hash((reporter_id, content._hash, channel_id, made_on, made_at, url)),  # noqa: SLF001
    )
    _R_ID(report, record_id)
    return report


def _set_id(record: Record, record_id: str) -> None:
    """
    Store a verified id, sharing the loader's string instead of a copy.
    """
    _set(record, "_id", record_id)


Record: TypeAlias = Statement | Report
"""
Anything a ledger holds: a `Statement` or a `Report`.
"""
