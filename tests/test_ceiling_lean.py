"""
The uncorroborated ceiling counts lines of reporting as corroboration
does, by the way they lean: a wire carrying both parties' interested words
evenly is no second line beside one neutral observer, so the observer's
line is held and the claim reads as "1 independent line agrees" says.
"""

from __future__ import annotations

import datetime as dt

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Channel,
    ChannelKind,
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
)


DAY = dt.date(2026, 5, 12)
STATE = Source(name="Kestria", kind=SourceKind.GOVERNMENT)
COMMISSION = Source(
    name="Electoral Commission", kind=SourceKind.AGENCY, affiliation=STATE
)
OPPOSITION = Source(name="Unity Front", kind=SourceKind.ORGANISATION)
OBSERVERS = Source(name="Observer mission", kind=SourceKind.ORGANISATION)
WIRE = Source(name="Global Wire", kind=SourceKind.MEDIA_OUTLET)
FRAUD = Claim(
    text="Fraud changed the outcome.",
    about=(COMMISSION,),
    favours=(OPPOSITION,),
    key="fraud",
)
POLICY = DEFAULT_POLICY.with_grade(OBSERVERS, "B")


def said(source: Source, verb: str) -> Statement:
    return Statement(
        source=source, claim=FRAUD, stance=Stance.from_verb(verb), made_on=DAY
    )


def via(statement: Statement) -> Report:
    return Report(
        reporter=WIRE,
        content=statement,
        channel=Channel(kind=ChannelKind.ARTICLE),
        made_on=DAY,
    )


@pytest.mark.parametrize(("verb", "side"), [("documented", 1), ("denied", -1)])
def test_a_wire_carrying_both_parties_evenly_lifts_no_ceiling(
    verb: str, side: int
) -> None:
    alone = assess(Ledger.of([said(OBSERVERS, verb)]), FRAUD, policy=POLICY)
    both = assess(
        Ledger.of(
            [
                said(OBSERVERS, verb),
                via(said(OPPOSITION, "claimed")),
                via(said(COMMISSION, "rejected")),
            ]
        ),
        FRAUD,
        policy=POLICY,
    )

    assert both.corroboration == alone.corroboration == 1
    assert 0.2 - 1e-12 <= both.probability <= 0.8 + 1e-12
    assert "uncorroborated" in " ".join(both.notes)
    assert both.opinion.verdict_side == side


PARTIES = [OPPOSITION, COMMISSION, Source(name="Party C", kind=SourceKind.PERSON)]
FOR = ["claimed", "said", "confirmed", "suggested", "alleged"]
AGAINST = ["rejected", "denied", "doubted", "disputed"]


@given(
    st.sampled_from([*FOR, *AGAINST]),
    st.lists(
        st.tuples(st.sampled_from(PARTIES), st.sampled_from([*FOR, *AGAINST])),
        min_size=1,
        max_size=4,
        unique_by=lambda pair: pair[0],
    ),
    st.booleans(),
)
def test_at_most_one_line_agreeing_stays_within_the_ceiling(
    verb: str, parties: list[tuple[Source, str]], wired: bool
) -> None:
    """
    One neutral line and interested parties, directly or through one wire:
    a claim at most one line of reporting agrees with reads within the
    ceiling.
    """
    records: list[Statement | Report] = [said(OBSERVERS, verb)]
    for party, word in parties:
        statement = said(party, word)
        records.append(via(statement) if wired else statement)
    found = assess(Ledger.of(records), FRAUD, policy=POLICY)

    if found.corroboration <= 1:
        assert 0.2 - 1e-12 <= found.probability <= 0.8 + 1e-12
