"""
The rows of the ACH matrix are the set's items of evidence: one per
independent line of reporting (a dependency group, or the groups one shared
conduit carries), and one per statement however many hypotheses it reaches.
"""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from provenance import (
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
)
from provenance.ach import Matrix, matrix
from provenance.relations import Entails, Exclusive


DAY = dt.date(2025, 3, 1)
MINE = Claim(text="The tanker hit a mine", key="mine")
TORPEDO = Claim(text="The tanker was struck by a torpedo", key="torpedo")
FIRE = Claim(text="An engine-room fire disabled the tanker", key="fire")
TANKER = Exclusive(key="tanker", claims={MINE, TORPEDO, FIRE}, exhaustive=True)
ZLAND = Source(name="Zland", kind=SourceKind.GOVERNMENT)
AGENCIES = tuple(
    Source(name=name, kind=SourceKind.AGENCY, affiliation=ZLAND)
    for name in ("Zland MoD", "Zland MFA", "Zland Navy")
)
OUTLETS = tuple(
    Source(name=name, kind=SourceKind.MEDIA_OUTLET) for name in ("Reuters", "Lloyd's")
)

CYBER = Claim(text="The blackout was a cyberattack", key="cyber")
XLAND = Claim(text="Xland hackers caused the blackout", key="xland")
CROOKS = Claim(text="Criminal hackers caused the blackout", key="criminals")
FAILURE = Claim(text="Equipment failure caused the blackout", key="failure")
CERT = Source(name="CERT", kind=SourceKind.AGENCY)


def said(source: Source, claim: Claim, verb: str = "said") -> Statement:
    return Statement(
        source=source, claim=claim, stance=Stance.from_verb(verb), made_on=DAY
    )


def ranking(values: tuple[float, ...], *, lowest: bool) -> list[int]:
    """
    The positions of *values*, best first (the lowest or the highest).
    """
    return sorted(range(len(values)), key=lambda i: values[i] if lowest else -values[i])


def blackout() -> Matrix:
    """
    The CERT's denial of a cyberattack, which both hacker readings entail.
    """
    hypotheses = Exclusive(
        key="blackout", claims={XLAND, CROOKS, FAILURE}, exhaustive=True
    )
    ledger = Ledger.of(
        [
            hypotheses,
            Entails(specific=XLAND, general=CYBER),
            Entails(specific=CROOKS, general=CYBER),
            said(CERT, CYBER, "denied"),
        ]
    )
    return matrix(assess(ledger, hypotheses))


class TestGroups:
    def test_a_group_is_one_item(self) -> None:
        """
        Three agencies of one government are one row, as they are one line
        of reporting in the probabilities; Heuer's ranking then agrees with
        the probabilities.
        """
        ledger = Ledger.of(
            [
                TANKER,
                *(said(agency, MINE) for agency in AGENCIES),
                *(said(outlet, TORPEDO) for outlet in OUTLETS),
            ]
        )
        found = matrix(assess(ledger, TANKER))

        assert 3 == len(found.rows)
        (zland,) = [row for row in found.rows if row.hypothesis == MINE]
        assert {line.statement.source for line in zland.lines} == set(AGENCIES)
        assert zland.line in zland.lines
        assert (MINE,) == zland.hypotheses
        (group,) = found.assessment[MINE].groups
        assert (group.opinion,) == zland.opinions
        assert (
            ranking(found.inconsistency, lowest=True)[0]
            == ranking(found.probabilities, lowest=False)[0]
        )
        assert "Zland MoD said, 2025-03-01, and 2 more of Zland, on mine" in (
            found.to_text()
        )
        (data,) = [
            e for e in found.to_data()["evidence"] if e["counted_for"] == MINE.id
        ]
        assert 3 == len(data["lines"])
        assert [MINE.id] == [h["claim"] for h in data["hypotheses"]]

    def test_a_shared_conduit_is_one_item(self) -> None:
        """
        Two independent sources that reach the analyst only through one
        paper are one row, as they are one line of reporting.
        """
        paper = Source(name="Daily Paper", kind=SourceKind.MEDIA_OUTLET)
        harbour = Source(name="Harbour master", kind=SourceKind.PERSON)
        insurer = Source(name="Insurer", kind=SourceKind.ORGANISATION)
        ledger = Ledger.of(
            [
                TANKER,
                Report(reporter=paper, content=said(harbour, MINE), made_on=DAY),
                Report(reporter=paper, content=said(insurer, MINE), made_on=DAY),
                said(OUTLETS[0], TORPEDO),
            ]
        )
        found = matrix(assess(ledger, TANKER))

        (conduit,) = found.assessment[MINE].units
        (row,) = [row for row in found.rows if row.hypothesis == MINE]
        assert (conduit.opinion,) == row.opinions
        assert {harbour, insurer} == {line.statement.source for line in row.lines}
        assert "and 1 more through Daily Paper, on mine" in found.to_text()


class TestOneStatement:
    def test_a_denial_two_hypotheses_entail_is_one_item(self) -> None:
        """
        A denial of a claim both hacker readings entail is one row,
        inconsistent with both and consistent with equipment failure.
        """
        found = blackout()

        (row,) = found.rows
        assert (CROOKS, XLAND) == row.hypotheses
        assert 1 == len(row.lines)
        marks = dict(zip(found.hypotheses, row.marks, strict=True))
        assert marks[XLAND].startswith("I")
        assert marks[CROOKS].startswith("I")
        assert marks[FAILURE].startswith("C")
        assert row.diagnosticity > 0.36  # Each half of it alone.
        assert "on criminals, xland (of " in found.to_text()
        (data,) = found.to_data()["evidence"]
        assert [CROOKS.id, XLAND.id] == [h["claim"] for h in data["hypotheses"]]

    def test_a_denial_every_hypothesis_entails(self) -> None:
        """
        A denial of a claim every hypothesis entails is one row, against all
        of them and for "none of these".
        """
        hypotheses = Exclusive(key="blackout", claims={XLAND, CROOKS, FAILURE})
        ledger = Ledger.of(
            [
                hypotheses,
                *(Entails(specific=h, general=CYBER) for h in (XLAND, CROOKS, FAILURE)),
                said(CERT, CYBER, "denied"),
            ]
        )
        found = matrix(assess(ledger, hypotheses))

        (row,) = found.rows
        assert (CROOKS, FAILURE, XLAND) == row.hypotheses
        assert [m.startswith("I") for m in row.marks] == [True, True, True, False]
        assert row.marks[-1].startswith("C")

    def test_groups_a_statement_joins_are_one_item(self) -> None:
        """
        A group whose denial reaches two hypotheses and whose other line is
        on one of them is one row, its opinions each hypothesis's group.
        """
        mfa = Source(name="Zland MFA", kind=SourceKind.AGENCY, affiliation=ZLAND)
        mod = Source(name="Zland MoD", kind=SourceKind.AGENCY, affiliation=ZLAND)
        hypotheses = Exclusive(
            key="blackout", claims={XLAND, CROOKS, FAILURE}, exhaustive=True
        )
        ledger = Ledger.of(
            [
                hypotheses,
                Entails(specific=XLAND, general=CYBER),
                Entails(specific=CROOKS, general=CYBER),
                said(mod, CYBER, "denied"),
                said(mfa, XLAND, "suggested"),
            ]
        )
        found = matrix(assess(ledger, hypotheses))

        (row,) = found.rows
        assert (CROOKS, XLAND) == row.hypotheses
        assert 2 == len(row.lines)
        assert row.opinions == tuple(
            found.assessment[claim].groups[0].opinion for claim in row.hypotheses
        )


#: Independent sources, each saying one thing, with kinds alike or not.
KINDS = (
    SourceKind.AGENCY,
    SourceKind.PERSON,
    SourceKind.ORGANISATION,
    SourceKind.MEDIA_OUTLET,
)
VERBS = ("said", "denied", "suggested", "doubted", "confirmed")


@st.composite
def echoed_sets(
    draw: st.DrawFn,
) -> tuple[Exclusive, list[Statement], list[Statement]]:
    """
    A set of two to four hypotheses, one line on some of them from each of
    several independent sources, and echoes: the same word from sources of
    the same kind affiliated with the speaker (its dependency group).
    """
    size = draw(st.integers(2, 4))
    claims = [Claim(text=f"Hypothesis {i}", key=f"h{i}") for i in range(size)]
    hypotheses = Exclusive(key="set", claims=claims, exhaustive=draw(st.booleans()))
    lines = draw(
        st.lists(
            st.tuples(
                st.sampled_from(KINDS),
                st.sampled_from(claims),
                st.sampled_from(VERBS),
            ),
            min_size=1,
            max_size=5,
        )
    )
    statements = []
    echoes = []
    for at, (kind, claim, verb) in enumerate(lines):
        source = Source(name=f"Source {at}", kind=kind)
        statements.append(said(source, claim, verb))
        for n in range(draw(st.integers(0, 2))):
            echo = Source(name=f"Source {at} echo {n}", kind=kind, affiliation=source)
            echoes.append(said(echo, claim, verb))
    return hypotheses, statements, echoes


class TestEchoes:
    @given(echoed_sets())
    def test_echoes_leave_the_ranking(
        self, drawn: tuple[Exclusive, list[Statement], list[Statement]]
    ) -> None:
        """
        Echoes of a line by its own dependency group add no item: the
        matrix ranks the hypotheses as without them, by the same evidence
        against each.
        """
        hypotheses, statements, echoes = drawn
        plain = matrix(assess(Ledger.of([hypotheses, *statements]), hypotheses))
        echoed = matrix(
            assess(Ledger.of([hypotheses, *statements, *echoes]), hypotheses)
        )

        assert ranking(plain.inconsistency, lowest=True) == ranking(
            echoed.inconsistency, lowest=True
        )
        for x, y in zip(plain.inconsistency, echoed.inconsistency, strict=True):
            assert math.isclose(x, y, abs_tol=1e-12)
        assert len(plain.rows) == len(echoed.rows)
