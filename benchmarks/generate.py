"""
Realistic synthetic ledgers for benchmarks.

`make_spec` draws a ledger's shape as plain tuples (cheap, deterministic for a
seed); `build` turns a spec into model values and a `Ledger` through the
public constructors, so that timing `build` times the library, not the
random-number generator.

The shape, for *n* statements:

- *n*/50 sources in affiliation trees up to depth 3 (governments with
  ministries and offices, outlets with desks, organisations), plus people and
  anonymous groups;
- *n*/5 claims, some with parties, event times, quantities and keys;
- *n* statements: 10 % denials, 5 % vacuous stances ("declined to comment"),
  a few retractions, the rest assertions of varying firmness;
- 30 % of them held through a chain of one to three reports.
"""

from __future__ import annotations

import datetime as dt
import random

from collections.abc import Iterator
from typing import NamedTuple

from provenance import (
    Channel,
    ChannelKind,
    Claim,
    Ledger,
    Quantity,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    TimeSpan,
)
from provenance.claims import Bound


__all__ = ["Spec", "build", "make_spec", "own_claims"]

_FIRST_DAY = dt.date(2023, 1, 1).toordinal()
_DAYS = 730
_ASSERTING = (
    ("CT+", "said"),
    ("CT+", "confirmed"),
    ("CT+", "revealed"),
    ("CT+", "accused"),
    ("PR+", "believes"),
    ("PR+", "estimated"),
    ("PS+", "suggested"),
)
_DENYING = (("CT-", "denied"), ("PR-", "doubted"), ("PS-", "questioned"))
_VACUOUS = (("Uu", "declined to comment"), ("Uu", "neither confirmed nor denied"))
_ROOT_KINDS = ("government", "organisation", "media_outlet")
_LEAF_KINDS = ("agency", "person", "anonymous_group", "document", "person")
_UNITS = ("troops", "shells", "missiles", "people", "dollars")


class SourceSpec(NamedTuple):
    name: str
    kind: str
    role: str | None
    parent: int  # index of the affiliation, or -1


class ClaimSpec(NamedTuple):
    text: str
    about: tuple[int, ...]
    occurred: str | None
    quantity: tuple[int | float, str, str] | None
    key: str | None


class RelaySpec(NamedTuple):
    reporter: int
    channel: int  # -1 for none
    later: int  # days after what it relays


class StatementSpec(NamedTuple):
    source: int
    claim: int
    value: str
    act: str
    retraction: bool
    channel: int  # -1 for none
    day: int  # proleptic ordinal
    relays: tuple[RelaySpec, ...]  # innermost first


class Spec(NamedTuple):
    sources: list[SourceSpec]
    channels: list[tuple[str, str | None, str | None, bool]]
    claims: list[ClaimSpec]
    statements: list[StatementSpec]


def make_spec(n: int, seed: int = 20241018) -> Spec:
    """
    The shape of a ledger of *n* statements (see the module docstring).
    """
    rng = random.Random(seed)
    sources = _sources(rng, max(n // 50, 20))
    channels = [
        (
            rng.choice(list(ChannelKind)).value,
            rng.choice([None, f"Outlet {i}", f"Desk {i}"]),
            rng.choice([None, None, "lawmakers", "reporters"]),
            rng.random() > 0.1,
        )
        for i in range(200)
    ]
    roots = [i for i, s in enumerate(sources) if s.parent == -1]
    claims = [_claim(rng, i, roots) for i in range(max(n // 5, 1))]
    reporters = [
        i for i, s in enumerate(sources) if s.kind in ("media_outlet", "person")
    ]
    statements: list[StatementSpec] = []
    spoken: list[tuple[int, int, int]] = []
    for _ in range(n):
        draw = rng.random()
        retraction = False
        if draw < 0.002 and spoken:
            # A retraction by a source of one of its earlier statements.
            source, claim, day = rng.choice(spoken)
            value, act = "Uu", "retracted"
            retraction = True
            day += rng.randrange(1, 30)
        else:
            source = rng.randrange(len(sources))
            claim = rng.randrange(len(claims))
            day = _FIRST_DAY + rng.randrange(_DAYS)
            if draw < 0.10:
                value, act = rng.choice(_DENYING)
            elif draw < 0.15:
                value, act = rng.choice(_VACUOUS)
            else:
                value, act = rng.choice(_ASSERTING)
            if len(spoken) < 10_000:
                spoken.append((source, claim, day))
        channel = rng.randrange(len(channels)) if rng.random() < 0.8 else -1
        relays: tuple[RelaySpec, ...] = ()
        if rng.random() < 0.3:
            relays = tuple(
                RelaySpec(
                    rng.choice(reporters),
                    rng.randrange(len(channels)) if rng.random() < 0.7 else -1,
                    rng.randrange(3),
                )
                for _ in range(rng.choice((1, 1, 2, 3)))
            )
        statements.append(
            StatementSpec(source, claim, value, act, retraction, channel, day, relays)
        )
    return Spec(sources, channels, claims, statements)


def own_claims(spec: Spec) -> Spec:
    """
    *spec* with a claim of its own for every statement: the claim it drew,
    under a text (and key) of its own, so that no two statements share one.
    """
    claims = []
    for i, statement in enumerate(spec.statements):
        drawn = spec.claims[statement.claim]
        key = None if drawn.key is None else f"{drawn.key}-{i}"
        claims.append(drawn._replace(text=f"{drawn.text} (#{i})", key=key))
    statements = [s._replace(claim=i) for i, s in enumerate(spec.statements)]
    return spec._replace(claims=claims, statements=statements)


def _sources(rng: random.Random, count: int) -> list[SourceSpec]:
    sources: list[SourceSpec] = []
    depth: list[int] = []
    for i in range(count):
        if i < max(count // 10, 3) or rng.random() < 0.2:
            kind = (
                _ROOT_KINDS[i % len(_ROOT_KINDS)] if i < 3 else rng.choice(_ROOT_KINDS)
            )
            sources.append(SourceSpec(f"{kind} {i}", kind, None, -1))
            depth.append(0)
            continue
        # Attach to an earlier source that leaves room below depth 3.
        parent = rng.randrange(i)
        while depth[parent] >= 3:
            parent = rng.randrange(i)
        kind = rng.choice(_LEAF_KINDS)
        role = rng.choice([None, None, "spokesperson", "minister", "analyst"])
        sources.append(SourceSpec(f"{kind} {i}", kind, role, parent))
        depth.append(depth[parent] + 1)
    return sources


def _claim(rng: random.Random, i: int, roots: list[int]) -> ClaimSpec:
    about = tuple(sorted(set(rng.sample(roots, rng.choice((0, 1, 1, 2))))))
    occurred = None
    if rng.random() < 0.5:
        year = rng.randrange(2022, 2025)
        occurred = rng.choice(
            (f"{year}", f"{year}-{rng.randrange(1, 13):02d}", f"{year}-08/..")
        )
    quantity = None
    if rng.random() < 0.2:
        quantity = (
            rng.choice((rng.randrange(1, 100_000), rng.randrange(1, 1000) / 4)),
            rng.choice(_UNITS),
            rng.choice(list(Bound)).value,
        )
    key = f"claim-{i}" if rng.random() < 0.1 else None
    return ClaimSpec(f"Claim number {i} about the war", about, occurred, quantity, key)


def build(spec: Spec) -> Ledger:
    """
    The ledger *spec* describes, built through the public constructors.
    """
    return Ledger.of(list(records(spec)))


def records(spec: Spec, block: int | None = None) -> Iterator[Statement | Report]:
    """
    The records *spec* describes, one at a time, built through the public
    constructors; with *block*, its claims are marked with it (in their text
    and key), so that blocks drawn from specs alike share no claims (they
    share sources).
    """
    sources: list[Source] = []
    for s in spec.sources:
        sources.append(
            Source(
                name=s.name,
                kind=SourceKind(s.kind),
                role=s.role,
                affiliation=None if s.parent < 0 else sources[s.parent],
            )
        )
    channels = [
        Channel(kind=ChannelKind(kind), name=name, audience=audience, public=public)
        for kind, name, audience, public in spec.channels
    ]
    mark = "" if block is None else f", block {block}"
    claims = [
        Claim(
            text=f"{c.text}{mark}",
            about=[sources[i] for i in c.about],
            occurred=None if c.occurred is None else TimeSpan.parse(c.occurred),
            quantity=None
            if c.quantity is None
            else Quantity(
                value=c.quantity[0], unit=c.quantity[1], bound=Bound(c.quantity[2])
            ),
            key=c.key if c.key is None or block is None else f"{c.key}-{block}",
        )
        for c in spec.claims
    ]
    stances: dict[tuple[str, str, bool], Stance] = {}
    days: dict[int, dt.date] = {}
    for said in spec.statements:
        stance = stances.get((said.value, said.act, said.retraction))
        if stance is None:
            stance = Stance.of(said.value, said.act, retraction=said.retraction)
            stances[said.value, said.act, said.retraction] = stance
        day = said.day
        record: Statement | Report = Statement(
            source=sources[said.source],
            claim=claims[said.claim],
            stance=stance,
            channel=None if said.channel < 0 else channels[said.channel],
            made_on=days.get(day) or days.setdefault(day, dt.date.fromordinal(day)),
        )
        for relay in said.relays:
            day += relay.later
            record = Report(
                reporter=sources[relay.reporter],
                content=record,
                channel=None if relay.channel < 0 else channels[relay.channel],
                made_on=days.get(day) or days.setdefault(day, dt.date.fromordinal(day)),
            )
        yield record
