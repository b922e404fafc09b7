"""
Defects found by the reviews of 2026-12-01 (morning), each with a test that
fails on the code before its fix.
"""

from __future__ import annotations

import datetime as dt

from provenance import (
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
    assess_all,
)
from provenance.relations import Entails, Exclusive


def day(n: int) -> dt.date:
    return dt.date(2026, 6, n)


HERALD = Source(name="Herald", kind=SourceKind.MEDIA_OUTLET)
COURIER = Source(name="Courier", kind=SourceKind.MEDIA_OUTLET)
MINISTRY = Source(name="Ministry", kind=SourceKind.AGENCY)
RESIGNED = Claim(text="The deputy minister resigned", key="x")
ON_MONDAY = Claim(text="The deputy minister resigned on Monday", key="y")
STAYED = Claim(text="The deputy minister stayed", key="z")


class TestARetractionMeetsALineAlreadyWithdrawn:
    """
    The Herald retracted X (reported by the Courier); a Ministry line on Y,
    which entails X, reached the ledger through the Herald before: in an
    exclusive set, the borrowed line was withdrawn twice, and the second
    time read the first route of a line that had none left (IndexError).
    """

    records = (
        Report(
            reporter=COURIER,
            content=Statement(
                source=HERALD,
                claim=RESIGNED,
                stance=Stance.from_verb("retracted"),
                made_on=day(4),
            ),
            made_on=day(4),
        ),
        Report(
            reporter=HERALD,
            content=Report(
                reporter=COURIER,
                content=Statement(
                    source=MINISTRY,
                    claim=ON_MONDAY,
                    stance=Stance.from_verb("confirmed"),
                    made_on=day(1),
                ),
                made_on=day(1),
            ),
            made_on=day(1),
        ),
        Entails(specific=ON_MONDAY, general=RESIGNED),
        Exclusive(key="fate", claims=[RESIGNED, STAYED]),
    )

    def test_the_line_is_withdrawn_once_with_its_reason(self) -> None:
        ledger = Ledger.of(self.records)
        found = assess(ledger, RESIGNED)
        (line,) = [ln for ln in found.lines if ln.statement.source == MINISTRY]

        assert not line.counted
        assert "withdrawn: it reached the ledger through Herald's report" in (
            line.excluded or ""
        )
        assert assess_all(ledger)[RESIGNED] == found
