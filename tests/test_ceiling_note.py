"""
A line carrying evidence both ways counts on each side for the
uncorroborated ceiling, while corroboration counts the lines that lean a
side: when that lifts the ceiling beside one line that leans, the
explanation says why.
"""

from __future__ import annotations

import datetime as dt

import pytest

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
def test_the_explanation_says_why_the_ceiling_does_not_hold(
    verb: str, side: int
) -> None:
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

    assert both.corroboration == 1
    assert both.opinion.verdict_side == side
    assert not 0.2 <= both.probability <= 0.8
    (note,) = both.notes
    word = "for" if side > 0 else "against"
    assert note.startswith(
        f"not held at the uncorroborated ceiling: 2 independent lines of "
        f"reporting carry evidence {word} it, though one leans that way"
    )
    assert note in both.explain()


def test_no_note_when_the_lines_lean_alike() -> None:
    found = assess(
        Ledger.of([said(OBSERVERS, "documented"), said(OPPOSITION, "claimed")]),
        FRAUD,
        policy=POLICY,
    )

    assert found.corroboration == 2
    assert not any("not held" in note for note in found.notes)
