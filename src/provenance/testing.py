"""
Hypothesis strategies for provenance values, for your own tests.

Install the ``testing`` extra to use them.
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Iterable
from typing import Final

from hypothesis import strategies as st

from provenance._validators import _visible, to_text
from provenance.claims import ApproximateDate, Bound, Claim, Quantity, TimeSpan
from provenance.ledger import Ledger
from provenance.opinion import Opinion
from provenance.records import Record, Report, Statement
from provenance.relations import Entails, Equivalent, Exclusive, Relation
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import _VALUES, Stance


__all__ = [
    "approximate_dates",
    "channels",
    "claims",
    "ledgers",
    "names",
    "opinions",
    "quantities",
    "records",
    "relations",
    "reports",
    "sources",
    "stances",
    "statements",
    "time_spans",
]

_UNIT_FLOATS: Final = st.floats(0.0, 1.0)


@st.composite
def opinions(
    draw: st.DrawFn, *, base_rates: st.SearchStrategy[float] = _UNIT_FLOATS
) -> Opinion:
    """
    Any valid `Opinion`, vacuous and dogmatic ones included.

    Shrinks to the vacuous opinion ``Opinion(0.0, 0.0, 1.0, 0.0)``, or with
    *base_rates*' own shrink target as base rate.

    Args:
        base_rates: Draws the base rate, a float in [0, 1].
    """
    belief = draw(st.floats(0.0, 1.0))
    disbelief = draw(st.floats(0.0, 1.0 - belief))
    # 1 - belief >= disbelief exactly, so the remainder is never negative.
    uncertainty = max((1.0 - belief) - disbelief, 0.0)
    return Opinion(belief, disbelief, uncertainty, draw(base_rates))


_NAMES: Final = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot")
# Days in the past, so that a generated ledger can be added to a store under
# the system's clock (a store refuses a record made after the day it is
# recorded).
_DAYS: Final = st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31))
# Naive times to the second, as made_at takes; st.times() adds microseconds.
_TIMES: Final = st.none() | st.builds(
    dt.time, st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)
)
# Information credibility: mostly not graded, else any Admiralty grade 1-6.
_CREDIBILITY: Final = st.none() | st.integers(1, 6)
# Where a record was made: mostly not known, else an http or https URL with a
# host that may be an IP address or not ASCII, and a path that may hold
# percent-escapes and text that is not ASCII (composed, in NFC).
_URL_HOSTS: Final = st.sampled_from(
    ("example.org", "news.example", "127.0.0.1", "[2001:db8::1]:8080", "例え.jp")
)
_URL_PARTS: Final = st.sampled_from(
    ("a", "news", "2024", "%20", "caf\u00e9", "한국", "?q=1&r=2", "#top", "~x", "(1)")
)
_URLS: Final = st.none() | st.builds(
    lambda scheme, host, parts: f"{scheme}://{host}/{'/'.join(parts)}",
    st.sampled_from(("https", "http")),
    _URL_HOSTS,
    st.lists(_URL_PARTS, max_size=4),
)
_SOURCE_KINDS: Final = st.sampled_from(SourceKind)
_CHANNEL_KINDS: Final = st.sampled_from(ChannelKind)
_STANCE_VALUES: Final = st.sampled_from(sorted(_VALUES))


def names() -> st.SearchStrategy[str]:
    """
    Names and texts: a few common ones (so that values repeat) or any text
    with a visible character, in Unicode normal form NFC (as the model keeps
    it). Shrinks to ``"Alpha"``.
    """
    return st.one_of(
        st.sampled_from(_NAMES),
        st.text(min_size=1, max_size=20)
        .map(to_text)
        .filter(lambda text: bool(text.strip()) and _visible(text)),
    )


@st.composite
def sources(
    draw: st.DrawFn,
    *,
    kinds: st.SearchStrategy[SourceKind] = _SOURCE_KINDS,
    max_affiliation_depth: int = 2,
) -> Source:
    """
    Any valid `Source`, with a chain of up to *max_affiliation_depth*
    affiliations. Shrinks to ``Source(name="Alpha", kind=SourceKind.PERSON)``.
    """
    depth = draw(st.integers(0, max_affiliation_depth))
    chain = draw(
        st.lists(
            st.tuples(names(), kinds),
            min_size=depth + 1,
            max_size=depth + 1,
            unique=True,
        )
    )
    source: Source | None = None
    for name, kind in reversed(chain):
        role = draw(st.none() | names())
        source = Source(name=name, kind=kind, role=role, affiliation=source)
    assert source is not None  # noqa: S101 (chain is never empty)
    return source


def channels(
    *, kinds: st.SearchStrategy[ChannelKind] = _CHANNEL_KINDS
) -> st.SearchStrategy[Channel]:
    """
    Any valid `Channel`. Shrinks to ``Channel(kind=ChannelKind.INTERVIEW,
    public=False)``.
    """
    return st.builds(
        Channel,
        kind=kinds,
        name=st.none() | names(),
        audience=st.none() | names(),
        public=st.booleans(),
    )


@st.composite
def approximate_dates(draw: st.DrawFn) -> ApproximateDate:
    """
    A day, month or year. Shrinks to ``ApproximateDate(2020)``.
    """
    day = draw(_DAYS)
    precision = draw(st.integers(0, 2))
    if precision == 0:
        return ApproximateDate(day.year)
    if precision == 1:
        return ApproximateDate(day.year, day.month)
    return ApproximateDate.of(day)


@st.composite
def time_spans(draw: st.DrawFn) -> TimeSpan:
    """
    One day, month or year, or an open or closed range of them. Shrinks to
    ``TimeSpan.on(2020)``.
    """
    start = draw(approximate_dates())
    shape = draw(st.sampled_from(("on", "since", "until", "between")))
    if shape == "on":
        return TimeSpan(start, start)
    if shape == "since":
        return TimeSpan(start, None)
    if shape == "until":
        return TimeSpan(None, start)
    end = draw(approximate_dates().filter(lambda end: end.latest >= start.earliest))
    return TimeSpan(start, end)


def quantities() -> st.SearchStrategy[Quantity]:
    """
    Any valid `Quantity`, now and then with a *subject*. Shrinks to
    ``Quantity(value=0, unit="Alpha")``.
    """
    return st.builds(
        Quantity,
        value=st.integers(-(10**12), 10**12)
        | st.floats(allow_nan=False, allow_infinity=False),
        unit=names(),
        bound=st.sampled_from(Bound),
        subject=st.none() | names(),
    )


_SLUGS: Final = st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,15}", fullmatch=True)


@st.composite
def claims(
    draw: st.DrawFn, *, parties: st.SearchStrategy[Source] | None = None
) -> Claim:
    """
    Any valid `Claim`, with up to two parties in *about* and now and then
    one it *favours*, all drawn from *parties* (default: `sources`). Shrinks
    to ``Claim(text="Alpha")``.
    """
    pool = sources() if parties is None else parties
    about = draw(st.frozensets(pool, max_size=2))
    # A party is never both: drawn alike, a favoured one in about is dropped.
    favours = draw(st.frozensets(pool, max_size=1)) - about
    return Claim(
        text=draw(names()),
        about=about,
        favours=favours,
        occurred=draw(st.none() | time_spans()),
        quantity=draw(st.none() | quantities()),
        key=draw(st.none() | _SLUGS),
    )


@st.composite
def stances(
    draw: st.DrawFn, *, values: st.SearchStrategy[str] = _STANCE_VALUES
) -> Stance:
    """
    Any valid `Stance`: a FactBank value from *values* with a verb, now and
    then a retraction, and now and then (when the value commits) hearsay.
    Shrinks to the stance ``CT+`` with act "Alpha".
    """
    # Every branch draws alike, so that shrinking prefers the plain stance.
    value, act, kind = draw(values), draw(names()), draw(st.integers(0, 9))
    if kind == 9:  # noqa: PLR2004 (one in ten)
        return Stance.of("Uu", act, retraction=True)
    return Stance.of(value, act, hearsay=kind == 8 and value != "Uu")  # noqa: PLR2004


def statements(
    *,
    sources: st.SearchStrategy[Source] | None = None,
    claims: st.SearchStrategy[Claim] | None = None,
    stances: st.SearchStrategy[Stance] | None = None,
    channels: st.SearchStrategy[Channel | None] | None = None,
    days: st.SearchStrategy[dt.date] = _DAYS,
    times: st.SearchStrategy[dt.time | None] = _TIMES,
    credibility: st.SearchStrategy[int | None] = _CREDIBILITY,
    urls: st.SearchStrategy[str | None] = _URLS,
) -> st.SearchStrategy[Statement]:
    """
    Any valid `Statement`, made at a time of day drawn from *times* (default:
    ``None`` or any time to the second), its information graded by
    *credibility* (default: ``None`` or any grade 1 to 6), said where *urls*
    says (default: ``None`` or an ``http`` or ``https`` URL). Shrinks to a
    ``CT+`` statement by the smallest source on the smallest claim, with no
    channel, made on 2020-01-01 at no time of day, not graded, with no URL.

    .. versionchanged:: unreleased
        The *urls* argument.
    """
    return st.builds(
        Statement,
        source=_sources() if sources is None else sources,
        claim=_claims() if claims is None else claims,
        stance=_stances() if stances is None else stances,
        channel=channels if channels is not None else st.none() | _channels(),
        made_on=days,
        made_at=times,
        credibility=credibility,
        url=urls,
    )


@st.composite
def reports(
    draw: st.DrawFn,
    *,
    contents: st.SearchStrategy[Statement] | None = None,
    reporters: st.SearchStrategy[Source] | None = None,
    channels: st.SearchStrategy[Channel | None] | None = None,
    times: st.SearchStrategy[dt.time | None] = _TIMES,
    urls: st.SearchStrategy[str | None] = _URLS,
    max_depth: int = 3,
) -> Report:
    """
    A chain of one to *max_depth* reports relaying a statement drawn from
    *contents*, each made no earlier than what it relays, at a time of day
    drawn from *times* (moved up to the content's time where it would come
    before it), published where *urls* says (default: ``None`` or an
    ``http`` or ``https`` URL). Shrinks to one report, made the same day as
    its statement, at no time of day, with no URL.

    .. versionchanged:: unreleased
        The *urls* argument.
    """
    node: Statement | Report = draw(statements() if contents is None else contents)
    for _ in range(draw(st.integers(1, max_depth))):
        reporter = draw(_sources() if reporters is None else reporters)
        channel = draw(channels if channels is not None else st.none() | _channels())
        made_on = node.made_on + dt.timedelta(days=draw(st.integers(0, 30)))
        made_at = draw(times)
        earliest = node.made_at if made_on == node.made_on else None
        if made_at is not None and earliest is not None:
            made_at = max(made_at, earliest)
        node = Report(
            reporter=reporter,
            content=node,
            channel=channel,
            made_on=made_on,
            made_at=made_at,
            url=draw(urls),
        )
    assert isinstance(node, Report)  # noqa: S101 (at least one report)
    return node


def records() -> st.SearchStrategy[Record]:
    """
    Any `Statement` or `Report`. Shrinks to the smallest statement.
    """
    return statements() | reports()


@st.composite
def relations(
    draw: st.DrawFn, claims: Iterable[Claim], *, max_size: int = 4
) -> frozenset[Relation]:
    """
    A set of relations between some of *claims* that can all hold together:
    classes of `Equivalent` claims (none with a party in one's *about* and
    another's *favours*), `Entails` only from one class to a later
    one (so never a cycle), and `Exclusive` sets of claims from different
    classes, none in two sets, none entailing another, no class entailing
    two of one set. About *max_size*
    entailments and up to two sets. Shrinks to the empty set.
    """
    pool = sorted(set(claims), key=_claim_id)
    if len(pool) < 2 or not draw(st.booleans()):  # noqa: PLR2004
        return frozenset()
    order = draw(st.permutations(pool))
    classes: list[list[Claim]] = [[order[0]]]
    for claim in order[1:]:
        # One in four joins the class before, unless a party would be on
        # both sides of the class (`Relations` refuses that).
        if draw(st.integers(0, 3)) == 0 and _one_side(classes[-1], claim):
            classes[-1].append(claim)
        else:
            classes.append([claim])
    found: list[Relation] = [
        Equivalent(claims=members) for members in classes if len(members) > 1
    ]
    count = len(classes)
    later: dict[int, set[int]] = {index: set() for index in range(count)}
    for _ in range(draw(st.integers(0, max_size)) if count > 1 else 0):
        low = draw(st.integers(0, count - 2))
        high = draw(st.integers(low + 1, count - 1))
        later[low].add(high)
        found.append(
            Entails(
                specific=draw(st.sampled_from(classes[low])),
                general=draw(st.sampled_from(classes[high])),
            )
        )
    reach = _reachable(later)
    # The classes entailing each (no class may entail two of a set's).
    below = {i: {c for c in range(count) if i in reach[c]} for i in range(count)}
    free = list(range(count))
    keys: set[str] = set()
    for _ in range(draw(st.integers(0, 2))):
        picked: list[int] = []
        for index in draw(st.permutations(free)):
            if all(
                index not in reach[p]
                and p not in reach[index]
                and below[index].isdisjoint(below[p])
                for p in picked
            ):
                picked.append(index)
        picked = picked[: draw(st.integers(2, max(2, len(picked))))]
        key = draw(_SLUGS)
        if len(picked) < 2 or key in keys:  # noqa: PLR2004
            continue
        keys.add(key)
        free = [index for index in free if index not in picked]
        found.append(
            Exclusive(
                key=key,
                claims=[draw(st.sampled_from(classes[index])) for index in picked],
                exhaustive=draw(st.booleans()),
            )
        )
    return frozenset(found)


def _one_side(members: list[Claim], claim: Claim) -> bool:
    """
    Whether *claim* puts no party of the class *members* on the other side.
    """
    about = frozenset().union(*(c.about for c in members))
    favours = frozenset().union(*(c.favours for c in members))
    return about.isdisjoint(claim.favours) and favours.isdisjoint(claim.about)


def _claim_id(claim: Claim) -> str:
    return claim.id


def _reachable(later: dict[int, set[int]]) -> dict[int, set[int]]:
    # Every class each entails, directly or not (edges only go forwards).
    reach: dict[int, set[int]] = {}
    for index in sorted(later, reverse=True):
        found = set(later[index])
        for following in later[index]:
            found |= reach[following]
        reach[index] = found
    return reach


@st.composite
def ledgers(
    draw: st.DrawFn, *, max_records: int = 12, relations: bool = False
) -> Ledger:
    """
    A ledger of up to *max_records* held records over a few shared sources,
    claims and channels (so that sources repeat, share affiliations, are
    parties to claims, and relay each other). With *relations*, also
    relations between its claims and a few claims only relations name (see
    `provenance.testing.relations`). Shrinks to the empty ledger.
    """
    source_pool = draw(st.lists(_sources(), min_size=1, max_size=5))
    claim_pool = draw(
        st.lists(_claims(parties=st.sampled_from(source_pool)), min_size=1, max_size=4)
    )
    channel_pool = draw(st.lists(_channels(), max_size=3))
    pick_channel = (
        st.none() | st.sampled_from(channel_pool) if channel_pool else st.none()
    )
    pool_statements = statements(
        sources=st.sampled_from(source_pool),
        claims=st.sampled_from(claim_pool),
        channels=pick_channel,
    )
    pool_reports = reports(
        contents=pool_statements,
        reporters=st.sampled_from(source_pool),
        channels=pick_channel,
    )
    held = draw(st.lists(pool_statements | pool_reports, max_size=max_records))
    # Sometimes hold a statement that is also reported, or an inner report.
    extra = [
        inner
        for record in held
        if isinstance(record, Report)
        for inner in [record.content]
        if draw(st.booleans())
    ]
    related: frozenset[Relation] = frozenset()
    if relations:
        named = draw(
            st.lists(_claims(parties=st.sampled_from(source_pool)), max_size=2)
        )
        related = draw(_relations([*claim_pool, *named]))
    return Ledger.of([*held, *extra, *related])


# Keep private aliases: the keyword arguments above shadow the strategy names.
_sources = sources
_claims = claims
_stances = stances
_channels = channels
_relations = relations
