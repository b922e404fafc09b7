"""
The ledger: an immutable collection of the records an analyst holds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import itertools
import re
import threading

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from provenance import _reprs
from provenance._validators import is_day, is_text, to_collection, to_day, to_text
from provenance.claims import Claim
from provenance.errors import (
    InvalidValueError,
    UnknownClaimError,
    UnknownRecordError,
    UnknownSourceError,
    short_repr,
)
from provenance.records import Record, Report, Statement
from provenance.relations import RELATION_TYPES, Exclusive, Relation, Relations, split
from provenance.sources import Channel, Source


__all__ = ["Ledger", "Route"]

Route = tuple[Report, ...]
"""
A chain of reports that delivers a statement to the analyst, outermost (the
report the analyst holds) first; ``()`` when the analyst holds the statement
itself.
"""


def _check_held(_instance: Ledger, _attribute: object, value: Any) -> None:
    if isinstance(value, list):  # Items to_collection could not hash.
        for entry in value:
            if type(entry) not in (Statement, Report):
                msg = "must contain only Statement and Report values"
                raise InvalidValueError(msg, "Ledger.held", entry)
    if not isinstance(value, frozenset):
        msg = "must be a collection of Statement and Report"
        raise InvalidValueError(msg, "Ledger.held", value)
    for entry in value:
        if type(entry) not in (Statement, Report):  # A subclass could forge ids.
            msg = "must contain only Statement and Report values"
            raise InvalidValueError(msg, "Ledger.held", entry)


def _check_relations(_instance: Ledger, _attribute: object, value: Any) -> None:
    if not isinstance(value, (frozenset, list)):
        msg = "must be a collection of Entails, Equivalent and Exclusive"
        raise InvalidValueError(msg, "Ledger.relations", value)
    for entry in value:
        if type(entry) not in RELATION_TYPES:
            msg = "must contain only Entails, Equivalent and Exclusive values"
            raise InvalidValueError(msg, "Ledger.relations", entry)


@attrs.frozen
class _Index:
    """
    Look-up tables, built once per ledger on first use.
    """

    records: dict[str, Record]  # In id order.
    entries: tuple[Record, ...]  # The held records, in id order.
    # By statement id, only for statements relayed by a held report (with
    # ``()`` among them if the statement is also held directly): a statement
    # held only directly, most of them, has the one route ``()``.
    routes: dict[str, list[Route]]
    by_claim: dict[Claim, list[Statement]]  # By day, then id.
    # Aligned with by_claim: each statement's routes, or None when it is
    # only held directly (most are), so that assessing every claim needs no
    # look-up in routes, a table as large as the ledger.
    relays: dict[Claim, list[list[Route] | None]]
    sources: dict[str, Source]
    channels: dict[str, Channel]
    claims: dict[str, Claim]


@attrs.frozen(cache_hash=True)
class Ledger:
    """
    An immutable collection of the statements and reports an analyst holds,
    and so of the sources, claims and channels they reach.

    A record inside a held report is *reached*, not held: holding a
    statement directly and holding a report of it are different evidence.
    Equal ledgers hold equal records, whatever order they were added in;
    iteration is in id order.

    ``len()`` counts the records held, iteration yields them; `reached`
    adds every record reached through them.

    The ledger also holds what the analyst knows of how claims relate
    (`provenance.relations`): `Ledger.of`, `add` and `merge` take relations
    beside records, and relations that cannot all hold are refused.

    Attributes:
        held: The records held.
        relations: The relations between claims.

    >>> import datetime as dt
    >>> from provenance import Claim, Report, Source, SourceKind, Stance, Statement
    >>> nis = Source(name="NIS", kind=SourceKind.AGENCY)
    >>> lawmakers = Source(name="lawmakers", kind=SourceKind.ANONYMOUS_GROUP)
    >>> troops = Claim(text="North Korea sent troops", key="troops")
    >>> said = Statement(source=nis, claim=troops,
    ...     stance=Stance.from_verb("said"), made_on=dt.date(2024, 10, 18))
    >>> ledger = Ledger.of([Report(reporter=lawmakers, content=said,
    ...     made_on=dt.date(2024, 10, 18))])
    >>> len(ledger), len(ledger.reached), ledger.statements_about("troops") == (said,)
    (1, 2, True)
    >>> [r.reporter.name for route in ledger.routes(said) for r in route]
    ['lawmakers']
    """

    held: frozenset[Record] = attrs.field(
        default=frozenset(), converter=to_collection, validator=_check_held
    )
    relations: frozenset[Relation] = attrs.field(
        default=frozenset(),
        converter=to_collection,
        validator=_check_relations,
        kw_only=True,
    )

    def __attrs_post_init__(self) -> None:
        if self.relations:
            _ = self.related  # Checked now: never a ledger that cannot hold.

    @classmethod
    def of(cls, records: Iterable[Record | Relation]) -> Ledger:
        """
        A ledger holding *records* and relations (duplicates collapse).
        """
        if isinstance(records, (str, bytes, Mapping)) or not isinstance(
            records, Iterable
        ):
            return cls(records)  # refused with a path
        with collector_paused():  # A million entries make no cycle.
            held, relations = split(records)
            return cls(to_collection(held), relations=frozenset(relations))

    def add(self, *records: Record | Relation) -> Ledger:
        """
        A new ledger that also holds *records* and relations.
        """
        held, relations = split(records)
        return Ledger(
            [*self.held, *held], relations=self.relations | frozenset(relations)
        )

    def merge(self, other: Ledger) -> Ledger:
        """
        A new ledger holding the records and relations of both.
        """
        if not isinstance(other, Ledger):
            msg = "can only merge a Ledger"
            raise InvalidValueError(msg, "Ledger.merge", other)
        return Ledger(
            self.held | other.held, relations=self.relations | other.relations
        )

    @functools.cached_property
    def related(self) -> Relations:
        """
        The relations checked as a whole, with the structure assessment
        reads (equivalence classes, entailment, exclusive sets).
        """
        return Relations(self.relations)

    def hypotheses(self, key: str) -> Exclusive:
        """
        The exclusive set of hypotheses with *key*.

        Raises:
            UnknownClaimError: No set has that key.
        """
        _expect_text(key, "the key of an exclusive set", "Ledger.hypotheses")
        found = self.related.set_named(key)
        if found is None:
            msg = f"no exclusive set with key {short_repr(key)}"
            raise UnknownClaimError(msg, "Ledger.hypotheses")
        return found

    def as_of(self, day: dt.date) -> Ledger:
        """
        The ledger as it stood at the end of *day*: records made later are
        dropped.
        """
        day = to_day(day)  # A subclass's comparisons never decide the cut.
        if not is_day(day):
            msg = "must be a datetime.date"
            raise InvalidValueError(msg, "Ledger.as_of", day)
        return Ledger(
            frozenset(r for r in self.held if r.made_on <= day),
            relations=self.relations,
        )

    def __len__(self) -> int:
        return len(self.held)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._ordered)

    def __contains__(self, record: object) -> bool:
        if type(record) in RELATION_TYPES:
            return record in self.relations
        return isinstance(record, (Statement, Report)) and record in self.held

    def __repr__(self) -> str:
        """
        What the ledger holds, counted: ``Ledger(<15 records, 9 statements,
        4 claims, 6 sources, 2 relations>)``.

        .. versionchanged:: unreleased
            Counts rather than every record.
        """
        return _reprs.ledger_repr(self)

    def _repr_html_(self) -> str:
        """
        A table of what the ledger holds and a list of its claims, for
        Jupyter.
        """
        return _reprs.ledger_html(self)

    @functools.cached_property
    def _ordered(self) -> tuple[Record, ...]:
        return self._index.entries

    @functools.cached_property
    def _index(self) -> _Index:
        # One pass over the held records and the chains they relay, with
        # the cyclic collector paused: indexing a million records allocates
        # millions of containers and no cycle (see collector_paused).
        with collector_paused():
            return self._build_index()

    def _build_index(self) -> _Index:
        records: dict[str, Record] = {}
        routes: dict[str, list[Route]] = {}
        held: set[str] = set()
        for entry in self.held:
            key = entry.id
            held.add(key)
            if type(entry) is Statement:
                records.setdefault(key, entry)
                continue
            assert isinstance(entry, Report)  # noqa: S101  # for mypy
            route = tuple(entry.chain())
            origin = route[-1].content
            assert isinstance(origin, Statement)  # noqa: S101  # for mypy
            found = routes.get(origin.id)
            if found is None:
                routes[origin.id] = [route]
            else:
                found.append(route)
            chain: tuple[Record, ...] = (*route, origin)
            for record in chain:
                if records.setdefault(record.id, record) is not record:
                    # Already indexed through another entry; so is its content.
                    break
        no_route: Route = ()
        for key, found in routes.items():
            if key in held:
                found.append(no_route)
            if len(found) > 1:
                found.sort(key=_route_key)
        # Sorting the ids alone is about twice as fast as sorting the pairs.
        ordered = {key: records[key] for key in sorted(records)}
        return _tables(
            ordered,
            tuple([record for key, record in ordered.items() if key in held]),
            routes,
            self.related.claims if self.relations else frozenset(),
        )

    @functools.cached_property
    def _by_source(self) -> dict[Source, list[Record]]:
        # Built on first use: few callers need it, and it is a table as
        # large as the ledger.
        by_source: dict[Source, list[Record]] = {}
        for record in self._index.records.values():
            speaker = record.source if type(record) is Statement else record.reporter  # type: ignore[union-attr]
            made = by_source.get(speaker)
            if made is None:
                by_source[speaker] = [record]
            else:
                made.append(record)
        return by_source

    @property
    def reached(self) -> tuple[Record, ...]:
        """
        Every record held or reached through a held report (a report's
        content, and its content's), in id order.
        """
        return tuple(self._index.records.values())

    @property
    def statements(self) -> tuple[Statement, ...]:
        """
        Every original statement held or reached, in id order.
        """
        return tuple(r for r in self.reached if isinstance(r, Statement))

    @property
    def claims(self) -> tuple[Claim, ...]:
        """
        Every claim a statement is about or a relation names, in id order.
        """
        return tuple(self._index.claims.values())

    @property
    def sources(self) -> tuple[Source, ...]:
        """
        Every source reached: speakers, reporters, their affiliations and the
        parties to claims, in id order.
        """
        return tuple(self._index.sources.values())

    @property
    def channels(self) -> tuple[Channel, ...]:
        """
        Every channel a record was made in, in id order.
        """
        return tuple(self._index.channels.values())

    def get(self, record_id: str) -> Record:
        """
        The record held or reached with content id *record_id*.

        Raises:
            UnknownRecordError: No such record (a ``KeyError``).
        """
        found = self._index.records.get(record_id) if is_text(record_id) else None
        if found is None:
            msg = f"no record with id {short_repr(record_id)}"
            raise UnknownRecordError(msg, "Ledger.get")
        return found

    def statements_about(self, claim: Claim | str) -> tuple[Statement, ...]:
        """
        Every statement on *claim* (a `Claim`, or its key or id, or the id's
        unique prefix, as `claim` reads them), held or reached, in the order
        they were made: by day, then by time of day
        (statements without one first, as ``Statement.moment`` sorts them),
        then by id. A `Claim` the ledger does not hold has none.

        Raises:
            UnknownClaimError: *claim* is a key or id no claim has.
        """
        if not isinstance(claim, Claim):
            claim = self._claim(claim, "Ledger.statements_about")
        return tuple(self._index.by_claim.get(claim, ()))

    def by_source(self, source: Source | str) -> tuple[Record, ...]:
        """
        The records *source* (a `Source`, or its name or id, or the id's
        unique prefix, as `source` reads them) made: the statements it
        originates and the reports it relays, in id order. A
        `Source` the ledger does not reach made none.

        Raises:
            UnknownSourceError: *source* is a name or id no source has, or
                a name several sources share (name one by its id then).
        """
        if not isinstance(source, Source):
            source = self._source(source, "Ledger.by_source")
        return tuple(self._by_source.get(source, ()))

    def routes(self, statement: Statement | str) -> tuple[Route, ...]:
        """
        Every chain of reports that delivers *statement* (a `Statement`, or
        its id) to the analyst, outermost report first; ``()`` stands for
        holding it directly.

        Raises:
            UnknownRecordError: *statement* is an id of no record reached.
        """
        found = self.get(statement) if isinstance(statement, str) else statement
        if not isinstance(found, Statement):
            msg = "must be a Statement or a statement's id"
            raise InvalidValueError(msg, "Ledger.routes", found)
        routes = self._index.routes.get(found.id)
        if routes is not None:
            return tuple(routes)
        return ((),) if found in self.held else ()

    def claim(self, key: Claim | str) -> Claim:
        """
        The claim with *key*, or with that content id, given whole or by a
        unique prefix of at least 8 (lowercase) digits, as git takes a short
        commit id; a whole id comes first, then a key, then a prefix. A
        `Claim` is returned as the ledger holds it.

        Raises:
            UnknownClaimError: No claim has that key or id, or several claims
                share the key or begin with the prefix (name one by its id
                then), or *key* is a `Claim` the ledger does not hold.
            InvalidValueError: *key* is neither a `Claim` nor a ``str``.

        .. versionchanged:: unreleased
            Takes an id's unique prefix, and a `Claim`.
        """
        return self._claim(key, "Ledger.claim")

    def source(self, name: Source | str) -> Source:
        """
        The source with *name*, or with that content id, given whole or by a
        unique prefix of at least 8 (lowercase) digits, as git takes a short
        commit id; a whole id comes first, then a name, then a prefix. A
        `Source` is returned as the ledger holds it.

        Raises:
            UnknownSourceError: No source has that name or id, or several
                share the name or begin with the prefix (name one by its id
                then), or *name* is a `Source` the ledger does not reach.
            InvalidValueError: *name* is neither a `Source` nor a ``str``.

        .. versionchanged:: unreleased
            Takes an id's unique prefix, and a `Source`.
        """
        return self._source(name, "Ledger.source")

    def _claim(self, key: object, path: str) -> Claim:
        claims = self._index.claims
        if isinstance(key, Claim):
            held = claims.get(key.id)
            if held is None:
                msg = f"the ledger holds no claim {short_repr(key.key or key.id)}"
                raise UnknownClaimError(msg, path)
            return held
        text = _expect_text(key, "a Claim, or a claim key or id (a str)", path)
        ids, by_prefix = self._claim_ids(text)
        if len(ids) == 1:
            return claims[ids[0]]
        raise UnknownClaimError(_not_one(Claim, text, ids, by_prefix), path)

    def _claim_ids(self, text: str) -> tuple[list[str], bool]:
        """
        The ids of the claims *text* names, by `_lookup`'s rule, and whether
        it was read as a prefix: what `claim` finds, one claim or none or
        several, without raising (for the lookups that name a claim or
        something else, an exclusive set).
        """
        claims = self._index.claims
        return _lookup(
            # Keys compared here, not by a function called for each claim:
            # that call made a lookup by key half as slow again.
            claims,
            text,
            lambda: [c.id for c in claims.values() if c.key == text],
        )

    def _source(self, name: object, path: str) -> Source:
        sources = self._index.sources
        if isinstance(name, Source):
            held = sources.get(name.id)
            if held is None:
                msg = f"the ledger reaches no source {short_repr(name.name)}"
                raise UnknownSourceError(msg, path)
            return held
        # In NFC, as every name is held.
        text = to_text(
            _expect_text(name, "a Source, or a source name or id (a str)", path)
        )
        ids, by_prefix = _lookup(
            sources, text, lambda: [s.id for s in sources.values() if s.name == text]
        )
        if len(ids) == 1:
            return sources[ids[0]]
        raise UnknownSourceError(_not_one(Source, text, ids, by_prefix), path)


_ID_PREFIX: Final = re.compile(r"[0-9a-f]{8,64}")
_SHORT_ID: Final = 12
_LISTED: Final = 3


def _lookup(
    values: Mapping[str, object], text: str, named: Callable[[], list[str]]
) -> tuple[list[str], bool]:
    """
    The ids, in the order of *values* (by id), of the values *text* names:
    its whole id, else those *named* gives (every value whose key or name it
    is, in order), else every value whose id begins with it; and whether it
    was read as a prefix.
    """
    if text in values:  # An id names one value, whatever the names.
        return [text], False
    ids = named()
    if ids or not _is_id_prefix(text):
        return ids, False
    return [key for key in values if key.startswith(text)], True


def _is_id_prefix(text: str) -> bool:
    """
    Whether *text* may stand for the ids that begin with it: 8 to 64
    lowercase hex digits. Upper case is not read as a prefix, as no id is
    written in it: ``DEADBEEF`` stays a key or a name.
    """
    return _ID_PREFIX.fullmatch(text) is not None


def _not_one(
    kind: type[Claim | Source], text: str, ids: Sequence[str], by_prefix: bool
) -> str:
    """
    The message for a lookup of *text* that names not one *kind* of value
    but those with *ids* (none, or several).
    """
    what = "claims" if kind is Claim else "sources"
    if by_prefix and ids:
        return (
            f"id prefix {short_repr(text)} is ambiguous: {len(ids)} {what} begin "
            f"with it (ids {_short_ids(ids)}); give more digits"
        )
    if ids:
        shared = "have key" if kind is Claim else "are named"
        return (
            f"{len(ids)} {what} {shared} {short_repr(text)} "
            f"(ids {_short_ids(ids)}); name one by its id"
        )
    if kind is Claim:
        return f"no claim with key or id {short_repr(text)}"
    return f"no source named {short_repr(text)} (nor with that id)"


def _short_ids(ids: Sequence[str]) -> str:
    # Twelve digits of each id, or more where two of them share as many, so
    # the ids listed read apart; and each is a prefix the lookups take, so it
    # can be typed back as shown (it names its value unless another id begins
    # with it too: at 12 digits, one chance in 2**48 for each other id). The
    # first three stand for a long list.
    width = _SHORT_ID
    for one, other in itertools.pairwise(sorted(ids)):
        shared = next(
            (n for n, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
            min(len(one), len(other)),
        )
        width = max(width, shared + 1)
    shown = ", ".join(value[:width] for value in ids[:_LISTED])
    return shown + (", ..." if len(ids) > _LISTED else "")


def _expect_text(value: object, what: str, path: str) -> str:
    if not isinstance(value, str):
        msg = f"must be {what}"
        raise InvalidValueError(msg, path, value)
    # str.__str__ copies a subclass into a plain str without calling any
    # method the subclass overrides, as to_text does.
    return str.__str__(value)


def _tables(
    ordered: dict[str, Record],
    entries: tuple[Record, ...],
    routes: dict[str, list[Route]],
    related: frozenset[Claim],
) -> _Index:
    by_claim: dict[Claim, list[Statement]] = {}
    relays: dict[Claim, list[list[Route] | None]] = {}
    sources: dict[str, Source] = {}
    channels: dict[str, Channel] = {}
    claims: dict[str, Claim] = {}
    for key, record in ordered.items():
        if type(record) is Statement:
            speaker = record.source
            claim = record.claim
            delivered = routes.get(key)
            group = by_claim.get(claim)
            if group is None:
                by_claim[claim] = [record]
                relays[claim] = [delivered]
                claims[claim.id] = claim
                for party in claim.parties:
                    _add_source(sources, party)
            else:
                group.append(record)
                relays[claim].append(delivered)
        else:
            speaker = record.reporter  # type: ignore[union-attr]
        if speaker.id not in sources:
            _add_source(sources, speaker)
        channel = record.channel
        if channel is not None:
            channels[channel.id] = channel
    _add_related(claims, sources, related)
    for claim, group in by_claim.items():
        if len(group) > 1:
            _chronological(group, relays[claim])
    return _Index(
        records=ordered,
        entries=entries,
        routes=routes,
        by_claim=by_claim,
        relays=relays,
        sources=dict(sorted(sources.items())),
        channels=dict(sorted(channels.items())),
        claims=dict(sorted(claims.items())),
    )


def _add_related(
    claims: dict[str, Claim], sources: dict[str, Source], related: frozenset[Claim]
) -> None:
    """
    The claims relations name that no statement is about, and their parties.
    """
    for claim in related:
        if claim.id not in claims:
            claims[claim.id] = claim
            for party in claim.parties:
                _add_source(sources, party)


def _chronological(group: list[Statement], aligned: list[list[Route] | None]) -> None:
    """
    Sort *group* (in id order) by moment made, stably, and *aligned* with it.
    """
    moments = [statement.moment for statement in group]
    if moments != sorted(moments):
        order = sorted(range(len(group)), key=moments.__getitem__)
        group[:] = [group[i] for i in order]
        aligned[:] = [aligned[i] for i in order]


def _route_key(route: Route) -> tuple[str, ...]:
    return tuple(report.id for report in route)


# Collections of the youngest generation are spaced this many allocations
# apart while a pause is in force (Python's default is 700).
_PAUSED_THRESHOLD: Final = 100_000
_pause_lock: Final = threading.Lock()
_pause: Final[dict[str, Any]] = {"count": 0, "saved": None}


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """
    Space out the cyclic garbage collector's runs, for bulk work that
    allocates millions of containers and no reference cycles.

    Each collection walks the young objects, and every so often the whole
    heap, so while a large ledger is being indexed or loaded the collector
    would walk the growing heap again and again (about a third of the time,
    measured). Rather than disabling the collector, which would undo an
    application's own ``gc.disable()`` made meanwhile in another thread when
    it is enabled again, the pause raises the first generation's threshold
    and never touches whether the collector is enabled.

    Pauses nest and may overlap across threads: the first to begin saves the
    thresholds, the last to end restores them, and only if nobody else has
    changed them meanwhile. Reference counting frees memory as usual.
    """
    with _pause_lock:
        if _pause["count"] == 0:
            saved = gc.get_threshold()
            if 0 < saved[0] < _PAUSED_THRESHOLD:
                gc.set_threshold(_PAUSED_THRESHOLD, *saved[1:])
                _pause["saved"] = saved
        _pause["count"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause["count"] -= 1
            saved = _pause["saved"]
            if _pause["count"] == 0 and saved is not None:
                _pause["saved"] = None
                if gc.get_threshold() == (_PAUSED_THRESHOLD, *saved[1:]):
                    gc.set_threshold(*saved)


def _add_source(sources: dict[str, Source], source: Source) -> None:
    node: Source | None = source
    while node is not None and node.id not in sources:
        sources[node.id] = node
        node = node.affiliation
