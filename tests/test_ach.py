"""
The ACH matrix: evidence against an exclusive set of hypotheses.
"""

from __future__ import annotations

import datetime as dt
import json
import math

from hypothesis import given
from hypothesis import strategies as st

from provenance import Claim, Ledger, Source, SourceKind, Stance, Statement, assess
from provenance.ach import NEUTRAL, STRONG, Matrix, matrix
from provenance.relations import Exclusive

from cast import NIS, PYONGYANG, SEOUL, YONHAP


DAY = dt.date(2022, 11, 16)
RUSSIAN = Claim(text="The missile was Russian", key="russian")
UKRAINIAN = Claim(text="The missile was Ukrainian", key="ukrainian")
POLISH = Claim(text="The missile was Polish", key="polish")
HYPOTHESES = (POLISH, RUSSIAN, UKRAINIAN)  # The set's order: by key.
SOURCES = (
    NIS,
    PYONGYANG,
    SEOUL,
    YONHAP,
    Source(name="AP", kind=SourceKind.MEDIA_OUTLET),
)
VERBS = ("said", "denied", "suggested", "doubted", "declined to comment", "confirmed")


def said(source: Source, claim: Claim, verb: str) -> Statement:
    return Statement(
        source=source, claim=claim, stance=Stance.from_verb(verb), made_on=DAY
    )


def matrix_of(statements: list[Statement], *, exhaustive: bool) -> Matrix:
    hypotheses = Exclusive(key="missile", claims=HYPOTHESES, exhaustive=exhaustive)
    ledger = Ledger.of([*statements, hypotheses])
    return matrix(assess(ledger, hypotheses))


evidence = st.lists(
    st.builds(
        said,
        st.sampled_from(SOURCES),
        st.sampled_from(HYPOTHESES),
        st.sampled_from(VERBS),
    ),
    max_size=8,
)


class TestMatrix:
    @given(evidence, st.booleans())
    def test_cells_balance(self, statements: list[Statement], exhaustive: bool) -> None:
        """
        An item moves probability between hypotheses, never creates it: its
        cells sum to 0; its diagnosticity is their spread; rows come most
        diagnostic first; one row per independent line of reporting (group
        or conduit) of each hypothesis, standing for its counted lines.
        """
        found = matrix_of(statements, exhaustive=exhaustive)
        units = sum(len(member.units) for member in found.assessment.members)
        counted = sorted(
            line.statement.id
            for member in found.assessment.members
            for line in member.lines
            if line.counted
        )
        assert len(found.rows) == units
        assert counted == sorted(
            line.statement.id for row in found.rows for line in row.lines
        )
        for row in found.rows:
            assert math.isclose(math.fsum(row.cells), 0.0, abs_tol=1e-9)
            assert row.diagnosticity == max(row.cells) - min(row.cells)
        spreads = [row.diagnosticity for row in found.rows]
        assert spreads == sorted(spreads, reverse=True)
        assert len(found.inconsistency) == len(found.hypotheses)
        assert all(x >= 0.0 for x in found.inconsistency)
        json.dumps(found.to_data())

    @given(evidence)
    def test_assertion_consistent_with_its_hypothesis(
        self, statements: list[Statement]
    ) -> None:
        """
        An item that raises a hypothesis above its base rate is consistent
        with it and inconsistent with every rival; one that lowers it the
        reverse.
        """
        found = matrix_of(statements, exhaustive=True)
        for row in found.rows:
            own = found.hypotheses.index(row.hypothesis)
            (o,) = row.opinions
            lean = o.belief * (1 - o.base_rate) - o.disbelief * o.base_rate
            if abs(lean) < 1e-12:
                continue
            side = 1 if lean > 0 else -1
            for i, cell in enumerate(row.cells):
                if i == own:
                    assert cell * side > 0
                else:
                    assert cell * side < 0

    def test_marks_and_text(self) -> None:
        """
        Heuer's marks from the cells, and a readable table with a legend.
        """
        found = matrix_of(
            [said(SEOUL, RUSSIAN, "said"), said(PYONGYANG, UKRAINIAN, "denied")],
            exhaustive=False,
        )
        assert found.hypotheses == (*HYPOTHESES, None)
        for row in found.rows:
            for cell, mark in zip(row.cells, row.marks, strict=True):
                if abs(cell) < NEUTRAL:
                    assert mark == "N"
                else:
                    assert mark[0] == ("C" if cell > 0 else "I")
                    assert len(mark) == (2 if abs(cell) >= STRONG else 1)
        text = found.to_text()
        assert "H4 = none of these" in text
        assert "South Korea said" in text
        data = found.to_data()
        assert [h["key"] for h in data["hypotheses"]] == [
            "polish",
            "russian",
            "ukrainian",
            "none",
        ]
        assert math.isclose(
            math.fsum(h["probability"] for h in data["hypotheses"]), 1.0
        )

    def test_no_evidence(self) -> None:
        """
        No counted evidence: an empty matrix that says so.
        """
        found = matrix_of(
            [said(SEOUL, RUSSIAN, "declined to comment")], exhaustive=True
        )
        assert found.rows == ()
        assert "no counted evidence" in found.to_text()
