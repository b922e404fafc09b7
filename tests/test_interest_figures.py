"""
Interest across figures of one amount: a lower figure than a claim's
denies what it says (self-serving for the party the claim accuses), a
higher figure says more of it (against that party's interest, as support
for the claim is), whichever of the two is assessed.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Ledger,
    Quantity,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
)
from provenance.claims import Bound
from provenance.relations import Flow


DAY = dt.date(2026, 3, 3)
COMPANY = Source(name="Northwind", kind=SourceKind.ORGANISATION)
INSIDER = Source(
    name="an employee", kind=SourceKind.UNNAMED_PERSON, affiliation=COMPANY
)
POLICY = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)


def stolen(value: int, bound: Bound) -> Claim:
    amount = Quantity(
        value=value, unit="records", bound=bound, subject="records stolen"
    )
    return Claim(text=f"{amount} were stolen.", quantity=amount, about=(COMPANY,))


BIG = stolen(2_000_000, Bound.AT_LEAST)
SMALL = stolen(300_000, Bound.ABOUT)


def interest_on(claim: Claim, said: Claim, source: Source) -> str:
    statement = Statement(
        source=source, claim=said, stance=Stance.from_verb("said"), made_on=DAY
    )
    (line,) = assess(Ledger.of([statement]), claim, policy=POLICY).lines
    assert line.interest is not None
    return "self-serving" if line.interest.serving else "against"


@pytest.mark.parametrize(
    ("said", "expected"),
    [(BIG, "against"), (SMALL, "against")],
)
def test_on_its_own_figure(said: Claim, expected: str) -> None:
    assert interest_on(said, said, INSIDER) == expected


def test_a_higher_figure_is_against_the_accused_on_the_lower_one() -> None:
    assert interest_on(SMALL, BIG, INSIDER) == "against"


def test_a_lower_figure_serves_the_accused_on_the_higher_one() -> None:
    assert interest_on(BIG, SMALL, INSIDER) == "self-serving"


@given(
    st.integers(1, 10**6),
    st.integers(1, 10**6),
    st.sampled_from(list(Bound)),
    st.sampled_from(list(Bound)),
)
def test_the_accused_s_figure_serves_it_only_below_the_claim(
    one: int, other: int, one_bound: Bound, other_bound: Bound
) -> None:
    """
    On a claim that cannot hold with it, the accused's own figure is
    self-serving exactly when it is the lower one.
    """
    said, claim = stolen(one, one_bound), stolen(other, other_bound)
    statement = Statement(
        source=INSIDER, claim=said, stance=Stance.from_verb("said"), made_on=DAY
    )
    lines = assess(Ledger.of([statement]), claim, policy=POLICY).lines
    if not lines or lines[0].flow is not Flow.INCOMPATIBLE:
        return
    (line,) = lines
    assert line.interest is not None
    lower = one < other or (
        one == other
        and (
            one_bound in {Bound.AT_MOST, Bound.LESS_THAN}
            or other_bound in {Bound.AT_LEAST, Bound.MORE_THAN}
        )
    )
    assert line.interest.serving is lower


def test_a_higher_figure_denies_a_claim_that_favours_the_party() -> None:
    # "At most 100,000 stolen" is good news for the company: the company's
    # own higher figure denies it, against the company's interest.
    amount = Quantity(
        value=100_000, unit="records", bound=Bound.AT_MOST, subject="records stolen"
    )
    good_news = Claim(
        text="At most 100,000 records were stolen.",
        quantity=amount,
        favours=(COMPANY,),
    )

    assert interest_on(good_news, BIG, COMPANY) == "against"
    assert interest_on(good_news, BIG, INSIDER) == "against"
