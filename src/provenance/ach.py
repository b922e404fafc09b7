"""
Analysis of Competing Hypotheses (Heuer): the matrix of evidence against an
exclusive set of hypotheses, with each item's diagnosticity.

Each row is one counted line of evidence on a hypothesis (its own lines and
those its relations bring). Its cell under each hypothesis of the domain is
how far that line alone, as a multinomial opinion over the set, moves the
hypothesis's probability from its base rate: positive where the item is
consistent with it, negative where inconsistent. An item's diagnosticity is
the spread of its cells: evidence consistent with every hypothesis alike
tells them apart not at all, however strong. Heuer ranks hypotheses by the
evidence against them: *inconsistency* sums each hypothesis's negative
cells.

>>> import datetime as dt
>>> from provenance import Claim, Ledger, Source, SourceKind, Stance, Statement
>>> from provenance import assess
>>> from provenance.relations import Exclusive
>>> russian = Claim(text="The missile was Russian", key="russian")
>>> ukrainian = Claim(text="The missile was Ukrainian", key="ukrainian")
>>> warsaw = Source(name="Poland", kind=SourceKind.GOVERNMENT)
>>> said = Statement(source=warsaw, claim=ukrainian,
...     stance=Stance.from_verb("said"), made_on=dt.date(2022, 11, 16))
>>> ledger = Ledger.of([said, Exclusive(key="missile",
...     claims={russian, ukrainian}, exhaustive=True)])
>>> found = matrix(assess(ledger, ledger.hypotheses("missile")))
>>> [row.marks for row in found.rows]
[('II', 'CC')]
>>> [round(x, 2) for x in found.inconsistency]
[0.27, 0.0]
"""

from __future__ import annotations

import math

from typing import Any, Final

import attrs

from provenance.claims import Claim
from provenance.explain import Line, said_words
from provenance.hypotheses import HyperOpinion, SetAssessment
from provenance.opinion import Opinion


__all__ = ["Matrix", "Row", "matrix"]

STRONG: Final = 0.2
"""A cell at least this far from 0 is marked twice (CC or II)."""
NEUTRAL: Final = 0.02
"""A cell closer to 0 than this is marked N (neither)."""


@attrs.frozen(kw_only=True)
class Row:
    """
    One item of evidence in the matrix.

    Attributes:
        line: The line of evidence, with its steps and numbers.
        hypothesis: The hypothesis it is counted for.
        cells: How far the line alone moves each hypothesis of the domain
            from its base rate, in the domain's order ("none of these"
            last for a set that is not exhaustive).
        diagnosticity: The spread of *cells* (largest less smallest).
    """

    line: Line
    hypothesis: Claim
    cells: tuple[float, ...]
    diagnosticity: float

    @property
    def marks(self) -> tuple[str, ...]:
        """
        Heuer's marks per hypothesis: CC, C, N, I or II.
        """
        return tuple(_mark(cell) for cell in self.cells)


def _mark(cell: float) -> str:
    if abs(cell) < NEUTRAL:
        return "N"
    letter = "C" if cell > 0 else "I"
    return letter * 2 if abs(cell) >= STRONG else letter


@attrs.frozen(kw_only=True)
class Matrix:
    """
    The ACH matrix of an exclusive set.

    Attributes:
        assessment: The set's assessment.
        rows: The items of evidence, most diagnostic first.
    """

    assessment: SetAssessment
    rows: tuple[Row, ...]

    @property
    def hypotheses(self) -> tuple[Claim | None, ...]:
        """
        The domain: the hypotheses, then ``None`` ("none of these") for a
        set that is not exhaustive.
        """
        return self.assessment.opinion.hypotheses

    @property
    def probabilities(self) -> tuple[float, ...]:
        """
        Each hypothesis's probability, in the domain's order.
        """
        found = self.assessment.probabilities
        none = self.assessment.none
        return tuple(
            found[claim] if claim is not None else (none or 0.0)
            for claim in self.hypotheses
        )

    @property
    def inconsistency(self) -> tuple[float, ...]:
        """
        Per hypothesis, the evidence against it: the sum of its negative
        cells (Heuer: the hypothesis with the least is the most likely).
        """
        return tuple(
            math.fsum(-min(row.cells[i], 0.0) for row in self.rows)
            for i in range(len(self.hypotheses))
        )

    def to_data(self) -> dict[str, Any]:
        """
        The matrix as JSON-ready data.
        """
        hypotheses = self.assessment.hypotheses
        return {
            "set": hypotheses.key,
            "exhaustive": hypotheses.exhaustive,
            "uncertainty": self.assessment.opinion.uncertainty,
            "hypotheses": [
                {
                    "claim": None if claim is None else claim.id,
                    "key": "none" if claim is None else claim.key,
                    "text": "none of these" if claim is None else claim.text,
                    "base_rate": rate,
                    "probability": probability,
                    "inconsistency": against,
                }
                for claim, rate, probability, against in zip(
                    self.hypotheses,
                    self.assessment.opinion.base_rates,
                    self.probabilities,
                    self.inconsistency,
                    strict=True,
                )
            ],
            "evidence": [
                {
                    "statement": row.line.statement.id,
                    "said": said_words(row.line.statement),
                    "about": row.line.statement.claim.id,
                    "counted_for": row.hypothesis.id,
                    "flow": None if row.line.flow is None else row.line.flow.value,
                    "weight": row.line.weight,
                    "cells": list(row.cells),
                    "marks": list(row.marks),
                    "diagnosticity": row.diagnosticity,
                }
                for row in self.rows
            ],
        }

    def to_text(self) -> str:
        """
        The matrix as a table: hypotheses as columns (named in a legend),
        items as rows, most diagnostic first, with their marks.
        """
        hypotheses = self.assessment.hypotheses
        words = "exactly one" if hypotheses.exhaustive else "at most one"
        names = [f"H{i + 1}" for i in range(len(self.hypotheses))]
        out = [f"ACH: {hypotheses.key} ({words} true)"]
        for name, claim, p in zip(
            names, self.hypotheses, self.probabilities, strict=True
        ):
            label = "none of these" if claim is None else str(claim)
            out.append(f"  {name} = {label}: P={p:.3f}")
        width = max(6, *(len(n) for n in names))
        head = "".join(f"{n:>{width}}" for n in names)
        out.append(f"  {'':<4}{head}  diagnosticity  evidence")
        for number, row in enumerate(self.rows, 1):
            marks = "".join(f"{m:>{width}}" for m in row.marks)
            said = said_words(row.line.statement)
            about = row.line.statement.claim
            of = "" if about == row.hypothesis else f" (of {about})"
            out.append(
                f"  {number:<4}{marks}  {row.diagnosticity:>13.3f}  "
                f"{said}, on {row.hypothesis.key or row.hypothesis.text}{of}"
            )
        against = "".join(f"{x:>{width}.2f}" for x in self.inconsistency)
        out.append(f"  {'inc.':<4}{against}  (evidence against each: lower is better)")
        if not self.rows:
            out.append("  no counted evidence on these hypotheses")
        return "\n".join(out)


def matrix(assessment: SetAssessment) -> Matrix:
    """
    The ACH matrix of an assessed exclusive set.
    """
    opinion = assessment.opinion
    members = assessment.hypotheses.hypotheses
    exhaustive = assessment.hypotheses.exhaustive
    rates = opinion.base_rates
    vacuous = {claim: Opinion.vacuous() for claim in members}
    rows = []
    for member in assessment.members:
        for line in member.lines:
            if not line.counted:
                continue
            alone = HyperOpinion.of(
                members,
                {**vacuous, member.claim: line.opinion},
                exhaustive=exhaustive,
                base_rates=rates,
            )
            cells = tuple(
                p - a for p, a in zip(alone.probabilities, rates, strict=True)
            )
            rows.append(
                Row(
                    line=line,
                    hypothesis=member.claim,
                    cells=cells,
                    diagnosticity=max(cells) - min(cells),
                )
            )
    rows.sort(key=lambda row: (-row.diagnosticity, row.line.statement.id))
    return Matrix(assessment=assessment, rows=tuple(rows))
