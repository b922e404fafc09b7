"""
`to_claimreview` refuses a review published before what it reviews: before
the claim was first said, or before the evidence its assessment read.
"""

from __future__ import annotations

import datetime as dt

import pytest

import provenance as pv

from provenance.errors import InvalidValueError
from provenance.interop.claimreview import to_claimreview


MAYOR = pv.Source(name="Mayor Ada Ruiz", kind=pv.SourceKind.PERSON)
CUT = pv.Claim(text="The repair budget was cut by 40%", key="budget-cut")
SAID = dt.date(2025, 5, 3)
LEDGER = pv.Ledger.of(
    [
        pv.Statement(
            source=MAYOR, claim=CUT, stance=pv.Stance.from_verb("claimed"), made_on=SAID
        )
    ]
)


def _review(assessment: pv.Assessment, day: dt.date) -> dict[str, object]:
    return to_claimreview(
        assessment,
        publisher_url="https://desk.example/",
        author="Our Desk",
        date_published=day,
    )


class TestDatePublished:
    def test_before_first_said(self) -> None:
        """
        A review dated before the claim was first said (its
        itemReviewed.datePublished) is refused, naming the argument.
        """
        with pytest.raises(InvalidValueError) as info:
            _review(pv.assess(LEDGER, "budget-cut"), dt.date(2020, 1, 1))

        assert "to_claimreview.date_published" == info.value.path
        assert dt.date(2020, 1, 1) == info.value.value
        assert (
            "precedes the day claim 'budget-cut' was first said, 2025-05-03"
            == info.value.msg
        )

    def test_before_as_of(self) -> None:
        """
        A review dated before the assessment's as_of, after the claim was
        said, is refused: it would rate evidence read after it was published.
        """
        assessment = pv.assess(LEDGER, "budget-cut", as_of=dt.date(2025, 6, 1))

        with pytest.raises(InvalidValueError) as info:
            _review(assessment, dt.date(2025, 5, 31))

        assert "to_claimreview.date_published" == info.value.path
        assert info.value.msg.startswith(
            "precedes the day the assessment of claim 'budget-cut' reads"
        )
        assert info.value.msg.endswith("(as of 2025-06-01)")

    def test_before_as_of_with_nothing_said(self) -> None:
        """
        As of a day before anything was said, the review still may not
        precede that day.
        """
        assessment = pv.assess(LEDGER, "budget-cut", as_of=dt.date(2025, 5, 1))

        with pytest.raises(InvalidValueError, match="as of 2025-05-01"):
            _review(assessment, dt.date(2025, 4, 30))

    @pytest.mark.parametrize("as_of", [None, SAID])
    def test_on_the_same_day(self, as_of: dt.date | None) -> None:
        """
        A review published on the day the claim was said, and assessed as
        of that day, is accepted.
        """
        review = _review(pv.assess(LEDGER, "budget-cut", as_of=as_of), SAID)

        assert "2025-05-03" == review["datePublished"]
