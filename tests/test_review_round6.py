"""
Findings of the sixth round of reviews, each a class of input the earlier
tests did not reach.
"""

from __future__ import annotations

import datetime as dt

import pytest

from provenance import (
    Claim,
    Ledger,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess_all,
)
from provenance.interop.stix import to_stix


RESIGN = Claim(text="The minister will resign", key="resign")


@pytest.mark.parametrize(
    "source",
    [
        Source(name="a senior official", kind=SourceKind.UNNAMED_PERSON),
        Source(name="Vland", kind=SourceKind.GOVERNMENT),
    ],
    ids=["unnamed", "government"],
)
def test_a_source_s_identity_carries_the_letter_its_ratings_read(
    source: Source,
) -> None:
    """
    An unnamed person's default trust is no grade: the claim's rating
    reads F (cannot be judged), and so does the source's STIX identity,
    never a bundle tagging the assessment "f" beside an ungraded identity.
    """
    said = Statement(
        source=source,
        claim=RESIGN,
        stance=Stance.from_verb("said"),
        made_on=dt.date(2025, 1, 1),
        credibility=2,
    )
    ledger = Ledger.of([said])
    found = assess_all(ledger)
    bundle = to_stix(ledger, found)

    (identity,) = (
        o
        for o in bundle["objects"]
        if o["type"] == "identity" and o["name"] == source.name
    )
    letter = found["resign"].rating[0].lower()  # type: ignore[index]
    assert [f'admiralty-scale:source-reliability="{letter}"'] == identity["labels"]
