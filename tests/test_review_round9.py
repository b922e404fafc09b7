"""
Defects a review found in the round's own changes: a word resting on a
group that shares a conduit, and what was told read as a hearer.
"""

from __future__ import annotations

import datetime as dt

import pytest

from provenance import (
    Claim,
    Ledger,
    Opinion,
    Policy,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
)
from provenance.errors import UnknownVerbError


ARDENIA = Source(name="Ardenia", kind=SourceKind.GOVERNMENT)
MINISTER = Source(name="the minister", kind=SourceKind.PERSON, affiliation=ARDENIA)
MINISTRY = Source(name="Ministry", kind=SourceKind.AGENCY, affiliation=ARDENIA)
REGULATOR = Source(name="Regulator", kind=SourceKind.AGENCY)
HERALD = Source(name="Herald", kind=SourceKind.MEDIA_OUTLET)
COURIER = Source(name="Courier", kind=SourceKind.MEDIA_OUTLET)
POST = Source(name="Post", kind=SourceKind.MEDIA_OUTLET)
RESIGNED = Claim(text="The deputy minister resigned", key="resigned")
POLICY = Policy(uncorroborated_ceiling=None).with_trust(
    MINISTER, Opinion(0.9, 0.0, 0.1)
)


def said(source: Source, verb: str, day: int) -> Statement:
    return Statement(
        source=source,
        claim=RESIGNED,
        stance=Stance.from_verb(verb),
        made_on=dt.date(2026, 6, day),
    )


def via(reporter: Source, statement: Statement) -> Report:
    return Report(reporter=reporter, content=statement, made_on=statement.made_on)


@pytest.mark.parametrize("shared", [False, True], ids=["alone", "shared-conduit"])
def test_a_first_hand_word_never_reads_below_the_same_word_relayed(
    shared: bool,
) -> None:
    """
    The minister's later word said directly reads no lower than through a
    paper, and the explanation says "beside them" only where the Herald's
    word is fused beside the group's lines (a group sharing a conduit has
    no place for it: the word stays a line of its own).
    """
    courier: list[Statement | Report] = [via(COURIER, said(MINISTRY, "suggested", 2))]
    if shared:
        courier.append(via(COURIER, said(REGULATOR, "suggested", 2)))
    article: list[Statement | Report] = [
        said(HERALD, "reported", 2),
        via(HERALD, said(MINISTER, "confirmed", 2)),
    ]
    direct = assess(
        Ledger.of([*article, said(MINISTER, "confirmed", 3), *courier]),
        RESIGNED,
        policy=POLICY,
    )
    relayed = assess(
        Ledger.of([*article, via(POST, said(MINISTER, "confirmed", 3)), *courier]),
        RESIGNED,
        policy=POLICY,
    )

    assert direct.probability >= relayed.probability - 1e-9
    beside = "fused with the own word of Herald beside them" in direct.explain()
    assert beside is not shared
    assert any(line.rests_on is not None for line in direct.lines) is not shared


@pytest.mark.parametrize(
    "text",
    [
        "told the committee otherwise",
        "told the court differently",
        "told a different story",
        "told the Herald something else",
        "told the Herald nothing",
        "told a reporter nothing",
        "told the panel little",
        "confirmed to a point",
        "confirmed to the Herald otherwise",
        "told the court untruths",
        "told a fib",
        "told the court another version",
        "told the Herald nil",
        "told the court conversely",
        "told the inquiry half-truths",
        "told the court fabrications",
    ],
)
def test_what_was_told_is_no_hearer(text: str) -> None:
    with pytest.raises(UnknownVerbError):
        Stance.from_verb(text)


@pytest.mark.parametrize(
    "text", ["told the Herald", "told a parliamentary committee", "told Reuters"]
)
def test_hearers_are_still_read(text: str) -> None:
    assert Stance.from_verb(text).value == "CT+"


def test_two_sources_quoting_each_other_neither_rests() -> None:
    """
    Each of two sources carried the other's word and later said the claim
    directly: neither own word rests on the other (a found crash).
    """
    state = Source(name="Alpha", kind=SourceKind.GOVERNMENT)
    person = Source(name="Alpha", kind=SourceKind.PERSON)
    claim = Claim(text="Alpha")

    def word(source: Source, value: str, day: int) -> Statement:
        return Statement(
            source=source,
            claim=claim,
            stance=Stance.of(value, "said"),
            made_on=dt.date(2020, 1, day),
        )

    def relayed(reporter: Source, statement: Statement) -> Report:
        return Report(reporter=reporter, content=statement, made_on=statement.made_on)

    ledger = Ledger.of(
        [
            relayed(state, word(person, "CT-", 1)),
            relayed(person, word(state, "CT-", 1)),
            word(state, "CT-", 2),
            word(person, "CT-", 2),
            word(person, "CT+", 1),
        ]
    )
    found = assess(ledger, claim)

    assert all(line.rests_on is None for line in found.lines)
    assert found.explain()
