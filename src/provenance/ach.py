"""
Analysis of Competing Hypotheses (Heuer): the matrix of evidence against an
exclusive set of hypotheses, with each item's diagnosticity.

Each row is one item of evidence as the set counts it: one independent line
of reporting on a hypothesis (a dependency group fused within, or the groups
one shared conduit carries, with the lines they stand for), so that dependent
reporting is one item, as it is one in the probabilities. A statement that
reaches several hypotheses (a denial of a claim they entail) is one item
too, with its bearing on all of them at once. A row's cell under each
hypothesis of the domain is how far that item alone, as a multinomial
opinion over the set, moves the hypothesis's probability from its base rate:
positive where the item is consistent with it, negative where inconsistent.
An item's diagnosticity is the spread of its cells: evidence consistent with
every hypothesis alike tells them apart not at all, however strong. Heuer
ranks hypotheses by the evidence against them: *inconsistency* sums each
hypothesis's negative cells.

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

import datetime as dt
import math

from typing import TYPE_CHECKING, Any, Final, NamedTuple

import attrs

from provenance.claims import Claim
from provenance.explain import (
    Conduit,
    Group,
    Line,
    checked_day,
    cut_words,
    said_words,
)
from provenance.hypotheses import HyperOpinion, SetAssessment
from provenance.opinion import Opinion


if TYPE_CHECKING:
    from collections.abc import Sequence

    from provenance.policy import Policy


__all__ = ["Matrix", "Row", "matrix"]

STRONG: Final = 0.2
"""A cell at least this far from 0 is marked twice (CC or II)."""
NEUTRAL: Final = 0.02
"""A cell closer to 0 than this is marked N (neither)."""


@attrs.frozen(kw_only=True)
class Row:
    """
    One item of evidence in the matrix: an independent line of reporting as
    the set counts it.

    Attributes:
        line: The item's strongest line (the one with the most evidence),
            with its steps and numbers.
        hypothesis: The first hypothesis, in the set's order, it is counted
            for.
        cells: How far the item alone moves each hypothesis of the domain
            from its base rate, in the domain's order ("none of these"
            last for a set that is not exhaustive).
        diagnosticity: The spread of *cells* (largest less smallest).
        lines: Every line the item stands for (a dependency group's lines,
            or those a shared conduit carries), one per statement, in the
            order of the hypotheses and their lines.
        hypotheses: Every hypothesis it is counted for, in the set's order:
            several for a statement that reaches several (a denial of a
            claim they all entail).
        opinions: Its opinion on each of *hypotheses*: the fused opinion of
            its group or conduit, as the hypothesis's assessment fuses it.

    .. versionchanged:: unreleased
        A row is a group or conduit, not a line, and one statement that
        reaches several hypotheses is one row: *lines*, *hypotheses* and
        *opinions* added.
    """

    line: Line
    hypothesis: Claim
    cells: tuple[float, ...]
    diagnosticity: float
    lines: tuple[Line, ...]
    hypotheses: tuple[Claim, ...]
    opinions: tuple[Opinion, ...]

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

    @property
    def as_of(self) -> dt.date | None:
        """
        The day the set was assessed as of (``None``: as recorded).
        """
        members = self.assessment.members
        return members[0].as_of if members else None

    def to_data(self, *, known_on: dt.date | None = None) -> dict[str, Any]:
        """
        The matrix as JSON-ready data, with the day it was assessed as of
        (``as_of``, or null) and, for a ledger cut to what was known on a
        day, that day (``known_on``).
        """
        day = checked_day(known_on, "Matrix.to_data.known_on")
        hypotheses = self.assessment.hypotheses
        cut: dict[str, str | None] = {
            "as_of": None if self.as_of is None else self.as_of.isoformat()
        }
        if day is not None:
            cut["known_on"] = day.isoformat()
        return {
            "set": hypotheses.key,
            "exhaustive": hypotheses.exhaustive,
            "uncertainty": self.assessment.opinion.uncertainty,
            **cut,
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
                    "hypotheses": [
                        {"claim": claim.id, "key": claim.key, **_numbers(opinion)}
                        for claim, opinion in zip(
                            row.hypotheses, row.opinions, strict=True
                        )
                    ],
                    "lines": [
                        {
                            "statement": line.statement.id,
                            "said": said_words(line.statement),
                            "about": line.statement.claim.id,
                            "weight": line.weight,
                        }
                        for line in row.lines
                    ],
                }
                for row in self.rows
            ],
        }

    def to_text(self, *, known_on: dt.date | None = None) -> str:
        """
        The matrix as a table: hypotheses as columns (named in a legend),
        items as rows, most diagnostic first, with their marks; its title
        states the cut (*known_on*, for a ledger cut to what was known on a
        day, and the day it was assessed as of), as every output does.
        """
        day = checked_day(known_on, "Matrix.to_text.known_on")
        hypotheses = self.assessment.hypotheses
        words = "exactly one" if hypotheses.exhaustive else "at most one"
        names = [f"H{i + 1}" for i in range(len(self.hypotheses))]
        cut = cut_words(day, self.as_of)
        out = [f"ACH: {hypotheses.key} ({words} true){' ' if cut else ''}{cut}"]
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
            about = row.line.statement.claim
            on = ", ".join(claim.key or claim.text for claim in row.hypotheses)
            of = "" if about in row.hypotheses else f" (of {about})"
            out.append(
                f"  {number:<4}{marks}  {row.diagnosticity:>13.3f}  "
                f"{_item_words(row)}, on {on}{of}"
            )
        against = "".join(f"{x:>{width}.2f}" for x in self.inconsistency)
        out.append(f"  {'inc.':<4}{against}  (evidence against each: lower is better)")
        if not self.rows:
            out.append("  no counted evidence on these hypotheses")
        return "\n".join(out)


def _numbers(opinion: Opinion) -> dict[str, float]:
    return {
        "belief": opinion.belief,
        "disbelief": opinion.disbelief,
        "uncertainty": opinion.uncertainty,
    }


def _item_words(row: Row) -> str:
    """
    What a row stands for, in words: its strongest line, then how many
    more lines and of which group or through which conduit ("Zland MoD
    said, 2025-03-01, and 2 more of Zland").
    """
    said = said_words(row.line.statement)
    more = len(row.lines) - 1
    if not more:
        return said
    groups = {line.group for line in row.lines}
    conduits = {line.conduit for line in row.lines}
    if len(groups) == 1 and None not in groups:
        (group,) = groups
        said += f", and {more} more of {group}"
    elif len(conduits) == 1 and None not in conduits:
        (conduit,) = conduits
        said += f", and {more} more through {conduit}"
    else:
        said += f", and {more} more"
    return said


class _Part(NamedTuple):
    """
    One unit of one hypothesis's fusion (a group or a conduit): the
    hypothesis's position, the unit's opinion and its lines.
    """

    at: int
    opinion: Opinion
    lines: tuple[Line, ...]


def _part(at: int, unit: Group | Conduit) -> _Part:
    groups = unit.groups if isinstance(unit, Conduit) else (unit,)
    return _Part(at, unit.opinion, tuple(line for g in groups for line in g.lines))


def _items(assessment: SetAssessment) -> list[list[_Part]]:
    """
    The units of every hypothesis's fusion, those that share a statement
    joined: one statement is one item of evidence, however many hypotheses
    it reaches.
    """
    parts = [
        _part(at, unit)
        for at, member in enumerate(assessment.members)
        for unit in member.units
    ]
    root = list(range(len(parts)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]  # Halving keeps the chains short.
            i = root[i]
        return i

    first: dict[str, int] = {}
    for i, part in enumerate(parts):
        for line in part.lines:
            root[find(i)] = find(first.setdefault(line.statement.id, i))
    joined: dict[int, list[_Part]] = {}
    for i, part in enumerate(parts):
        joined.setdefault(find(i), []).append(part)
    return list(joined.values())


def _opinions(parts: Sequence[_Part], policy: Policy) -> dict[int, Opinion]:
    """
    An item's opinion on each hypothesis it reaches: its unit there, or its
    units there fused as the hypothesis's independent lines are.
    """
    by: dict[int, list[Opinion]] = {}
    for part in parts:
        by.setdefault(part.at, []).append(part.opinion)
    return {
        at: found[0] if len(found) == 1 else policy.across_groups.fuse(*found)
        for at, found in sorted(by.items())
    }


def _strongest(lines: Sequence[Line]) -> Line:
    """
    The line with the most evidence (the least uncertain), the first on
    ties.
    """
    return min(lines, key=lambda line: line.opinion.uncertainty)


def matrix(assessment: SetAssessment) -> Matrix:
    """
    The ACH matrix of an assessed exclusive set.

    .. versionchanged:: unreleased
        One row per independent line of reporting (a group or a shared
        conduit), not per line, and one per statement that reaches several
        hypotheses.
    """
    opinion = assessment.opinion
    members = assessment.hypotheses.hypotheses
    exhaustive = assessment.hypotheses.exhaustive
    rates = opinion.base_rates
    vacuous = {claim: Opinion.vacuous() for claim in members}
    rows = []
    for parts in _items(assessment):
        on = _opinions(parts, assessment.members[parts[0].at].policy)
        alone = HyperOpinion.of(
            members,
            {**vacuous, **{members[at]: o for at, o in on.items()}},
            exhaustive=exhaustive,
            base_rates=rates,
        )
        cells = tuple(p - a for p, a in zip(alone.probabilities, rates, strict=True))
        lines: dict[str, Line] = {}
        for part in sorted(parts, key=lambda part: part.at):  # Stable.
            for line in part.lines:
                lines.setdefault(line.statement.id, line)
        hypotheses = tuple(members[at] for at in on)
        rows.append(
            Row(
                line=_strongest(tuple(lines.values())),
                hypothesis=hypotheses[0],
                cells=cells,
                diagnosticity=max(cells) - min(cells),
                lines=tuple(lines.values()),
                hypotheses=hypotheses,
                opinions=tuple(on.values()),
            )
        )
    rows.sort(key=lambda row: (-row.diagnosticity, row.line.statement.id))
    return Matrix(assessment=assessment, rows=tuple(rows))
