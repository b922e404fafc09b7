"""
Track records: how often each source was right, from claims resolved true
or false, for `Policy.with_track_record`.

An `Outcome` says a claim turned out true or false and when that became
known. A `TrackRecord` turns outcomes and a ledger into, per source, one
`Event` per resolved claim it had committed to before the outcome was known:
correct when its side matched the outcome. The policy reads the events known
by the assessment date, never later ones (no hindsight).
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from provenance._frozen import frozen_map, mapping_of
from provenance._validators import exactly, is_day, to_day
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.ledger import Ledger
from provenance.records import Statement
from provenance.records import _before as made_before
from provenance.sources import Source
from provenance.stances import Polarity


__all__ = ["Event", "Outcome", "TrackRecord"]


def _day(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not is_day(value):
        msg = "must be a datetime.date (a calendar day, not a datetime)"
        path = f"{type(instance).__name__}.{attribute.name}"
        raise InvalidValueError(msg, path, value)


def _boolean(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not bool:
        msg = "must be True or False"
        path = f"{type(instance).__name__}.{attribute.name}"
        raise InvalidValueError(msg, path, value)


@attrs.frozen(kw_only=True)
class Outcome:
    """
    A claim resolved: it turned out *true* or false, known from *known_on*.

    Attributes:
        claim: The resolved claim.
        true: Whether it turned out true.
        known_on: The day the outcome became known.

    >>> import datetime as dt
    >>> troops = Claim(text="North Korea sent troops to Russia", key="troops")
    >>> Outcome(claim=troops, true=True, known_on=dt.date(2024, 12, 1)).true
    True
    """

    claim: Claim = attrs.field(validator=exactly(Claim))
    true: bool = attrs.field(validator=_boolean)
    known_on: dt.date = attrs.field(converter=to_day, validator=_day)


@attrs.frozen(kw_only=True, order=True)
class Event:
    """
    One resolved claim a source had committed to: whether its side matched.

    Attributes:
        known_on: The day the event counts from: when the outcome became
            known, or later, when the analyst first held the statement it
            judges (a word relayed after the outcome counts from the relay's
            day, never before).
        claim: The resolved claim.
        correct: Whether the source's last committed word before then
            (hedges included) was on the side that turned out true.
    """

    known_on: dt.date = attrs.field(converter=to_day, validator=_day)
    claim: Claim = attrs.field(order=lambda claim: claim.id, validator=exactly(Claim))
    correct: bool = attrs.field(validator=_boolean)


def _outcomes(value: Any) -> Any:
    # Items are checked before they are hashed: an unhashable one (a list, a
    # dict read from JSON) is refused with its path, not a bare TypeError.
    if (
        isinstance(value, Iterable)
        and not isinstance(value, (str, bytes, frozenset))
        and not isinstance(value, Mapping)
    ):
        items = list(value)
        if all(type(o) is Outcome for o in items):
            return frozenset(items)
        return items
    return value


def _check_outcomes(
    _instance: object,
    _attribute: object,
    value: Any,
    path: str = "TrackRecord.outcomes",
) -> None:
    if not isinstance(value, (frozenset, list)):
        msg = "must be Outcome values"
        raise InvalidValueError(msg, path, value)
    for item in value:
        if type(item) is not Outcome:
            msg = "must be Outcome values"
            raise InvalidValueError(msg, path, item)
    seen: set[Claim] = set()
    for outcome in sorted(value, key=lambda o: o.claim.id):
        if outcome.claim in seen:
            msg = "one outcome per claim"
            raise InvalidValueError(msg, "TrackRecord.outcomes", outcome.claim)
        seen.add(outcome.claim)


def event_problem(
    event: Event, known: Mapping[Claim, dt.date], counted: set[Claim]
) -> str | None:
    """
    What is wrong with *event*, one of a source's events, given the day
    each resolved claim's outcome became *known* and the claims the
    source's earlier events *counted*; ``None`` if nothing is. By
    `TrackRecord.of`'s rule every event judges a claim with an outcome, once
    per source, and never counts from before that outcome was known.
    """
    day = known.get(event.claim)
    if day is None:
        return "the event's claim has no outcome in the record"
    if event.known_on < day:
        return f"counts from before its outcome was known ({day.isoformat()})"
    if event.claim in counted:
        return "a source has one event per resolved claim"
    return None


def _events(instance: TrackRecord, _attribute: object, value: Any) -> None:
    known = {o.claim: o.known_on for o in instance.outcomes}
    for source, events in value.items():
        path = f"TrackRecord.events[{source.name}]"
        if type(source) is not Source:
            # As records take it: a subclass would never equal a ledger's.
            msg = "keys must be Source"
            raise InvalidValueError(msg, "TrackRecord.events", source)
        if not all(type(e) is Event for e in events) or list(events) != sorted(events):
            msg = "must be Event values in date order"
            raise InvalidValueError(msg, path, events)
        counted: set[Claim] = set()
        for index, event in enumerate(events):
            problem = event_problem(event, known, counted)
            if problem is not None:
                raise InvalidValueError(problem, f"{path}[{index}]", event)
            counted.add(event.claim)


@attrs.frozen(kw_only=True, cache_hash=True)
class TrackRecord:
    """
    Each source's record of being right: its events, in date order.

    Build one with `TrackRecord.of`. Equal outcomes on an equal ledger give
    an equal record, whatever their order.

    Attributes:
        outcomes: The resolved claims.
        events: Per source, its `Event`\\ s sorted by date (then claim id).
    """

    outcomes: frozenset[Outcome] = attrs.field(
        converter=_outcomes, validator=_check_outcomes
    )
    events: Mapping[Source, tuple[Event, ...]] = attrs.field(
        converter=frozen_map,
        validator=[mapping_of(Source, tuple, "Source to tuple of Event"), _events],
    )

    @classmethod
    def of(cls, ledger: Ledger, outcomes: Iterable[Outcome]) -> TrackRecord:
        """
        The record of every source in *ledger* on the claims *outcomes*
        resolve.

        For each outcome, each source's latest statement on the claim made
        before the day the outcome became known counts once, if it commits
        to a side: a hedge (PR, PS) counts for its side; a vacuous stance, a
        retraction (or a statement it withdraws), hearsay and anything said
        on or after that day do not. The event counts from the later of that
        day and the first day *ledger* held the statement (directly, or
        through the earliest of the reports that deliver it), so that an
        assessment as of a day never counts a word the analyst did not yet
        hold.

        Raises:
            InvalidValueError: *ledger* is not a ledger, an outcome is not an
                `Outcome`, or two outcomes resolve one claim.

        >>> import datetime as dt
        >>> nis = Source(name="NIS", kind=SourceKind.AGENCY)
        >>> troops = Claim(text="North Korea sent troops", key="troops")
        >>> said = Statement(source=nis, claim=troops,
        ...     stance=Stance.from_verb("said"), made_on=dt.date(2024, 10, 18))
        >>> known = Outcome(claim=troops, true=True, known_on=dt.date(2024, 12, 1))
        >>> record = TrackRecord.of(Ledger.of([said]), [known])
        >>> record.tally(nis)
        (1, 1)
        >>> record.tally(nis, as_of=dt.date(2024, 11, 30))
        (0, 0)
        """
        if not isinstance(ledger, Ledger):
            msg = "must be a Ledger"
            raise InvalidValueError(msg, "TrackRecord.of.ledger", ledger)
        given: object = outcomes  # Callers without a type checker pass anything.
        if not isinstance(given, Iterable) or isinstance(given, (str, bytes, Mapping)):
            msg = "must be Outcome values"
            raise InvalidValueError(msg, "TrackRecord.of.outcomes", outcomes)
        resolved = _outcomes(outcomes)
        _check_outcomes(None, None, resolved, "TrackRecord.of.outcomes")
        events: dict[Source, list[Event]] = {}
        for outcome in resolved:
            statements = ledger._index.by_claim.get(outcome.claim, ())  # noqa: SLF001
            for source, said in _sides(statements, outcome.known_on).items():
                side = said.stance.polarity
                correct = (
                    side is Polarity.POSITIVE
                    if outcome.true
                    else (side is Polarity.NEGATIVE)
                )
                events.setdefault(source, []).append(
                    Event(
                        known_on=max(outcome.known_on, _held_on(ledger, said)),
                        claim=outcome.claim,
                        correct=correct,
                    )
                )
        return cls(
            outcomes=resolved,
            events={source: tuple(sorted(found)) for source, found in events.items()},
        )

    def tally(self, source: Source, *, as_of: dt.date | None = None) -> tuple[int, int]:
        """
        How often *source* was right, and out of how many resolved claims,
        counting outcomes known on or before *as_of* (all when ``None``).

        Raises:
            InvalidValueError: *source* is not a `Source` (a track record
                holds no ledger to look a name up in), or *as_of* is neither
                a calendar day nor ``None``.
        """
        who: object = source  # Callers without a type checker pass anything.
        if type(who) is not Source:
            msg = (
                "must be Source"
                if isinstance(who, Source)
                else "must be a Source (a track record holds no ledger to look a "
                "name up in: pass ledger.source(name))"
            )
            raise InvalidValueError(msg, "TrackRecord.tally.source", source)
        if as_of is not None and not is_day(as_of):
            msg = "must be a datetime.date (a calendar day, not a datetime) or None"
            raise InvalidValueError(msg, "TrackRecord.tally.as_of", as_of)
        return self._tally(source, to_day(as_of))

    def _tally(self, source: Source, as_of: dt.date | None) -> tuple[int, int]:
        """
        `tally` without its checks, for `Policy.trust_in`, which the engine
        calls with a ledger's source and a checked day.
        """
        events = self.events.get(source, ())
        if as_of is not None:
            events = tuple(e for e in events if e.known_on <= as_of)
        return sum(e.correct for e in events), len(events)


def _held_on(ledger: Ledger, statement: Statement) -> dt.date:
    """
    The first day *ledger* held *statement*: the day it was made if held
    directly, else the earliest day of the outermost reports delivering it
    (what `Ledger.as_of` keeps).
    """
    return min(
        route[0].made_on if route else statement.made_on
        for route in ledger.routes(statement)
    )


def _sides(
    statements: Iterable[Statement], known_on: dt.date
) -> dict[Source, Statement]:
    """
    Each source's committed statement on a claim as the outcome found it:
    its latest own committed statement made before *known_on*, unless a
    later retraction (also before *known_on*) withdrew it.
    """
    latest: dict[Source, Statement] = {}
    retracted: dict[Source, Statement] = {}
    for statement in statements:
        stance = statement.stance
        if stance.hearsay or statement.made_on >= known_on:
            continue
        found = retracted if stance.retraction else latest
        if stance.polarity is Polarity.UNKNOWN and not stance.retraction:
            continue
        known = found.get(statement.source)
        if known is None or _order(known) < _order(statement):
            found[statement.source] = statement
    sides: dict[Source, Statement] = {}
    for source, statement in latest.items():
        retraction = retracted.get(source)
        if retraction is not None and made_before(
            statement.made_on, statement.made_at, retraction
        ):
            continue
        sides[source] = statement
    return sides


def _order(statement: Statement) -> tuple[object, ...]:
    return (*statement.moment, statement.id)
