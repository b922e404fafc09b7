"""
Defects from the analyst's fourth-round review (D1, D3, D7), each checked
where it was found.
"""

from __future__ import annotations

import datetime as dt
import json

from pathlib import Path
from typing import Any

import pytest


jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test group")

import provenance as pv  # noqa: E402

from provenance.interop.claimreview import to_claimreview  # noqa: E402
from provenance.relations import Equivalent  # noqa: E402


SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "claimreview.schema.json").read_text("utf-8")
)
DAY = dt.date(2026, 9, 1)
COURIER = pv.Source(name="The Courier", kind=pv.SourceKind.MEDIA_OUTLET)
GLOBE = pv.Source(name="The Globe", kind=pv.SourceKind.MEDIA_OUTLET)
CHANNEL_9 = pv.Source(name="Channel 9", kind=pv.SourceKind.MEDIA_OUTLET)
PEOPLE = pv.Source(
    name="two people familiar with the matter", kind=pv.SourceKind.ANONYMOUS_GROUP
)
BRIBES = pv.Claim(text="Minister Vale took bribes from Arma Defence", key="bribes")


def _day(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


class TestClaimReviewAppearances:
    """
    D1: the appearances are every page that carried the claim, not the
    pages of the best live route.
    """

    said = pv.Statement(
        source=PEOPLE, claim=BRIBES, stance=pv.Stance.from_verb("said"), made_on=DAY
    )
    courier = pv.Report(
        reporter=COURIER, content=said, made_on=DAY, url="https://courier.example/v"
    )
    globe = pv.Report(
        reporter=GLOBE, content=courier, made_on=_day(1), url="https://globe.example/v"
    )
    channel_9 = pv.Report(
        reporter=CHANNEL_9,
        content=courier,
        made_on=_day(1),
        url="https://ch9.example/v",
    )
    retracted = pv.Statement(
        source=COURIER,
        claim=BRIBES,
        stance=pv.Stance.from_verb("retracted"),
        made_on=_day(2),
    )

    def review(self, ledger: pv.Ledger, **options: Any) -> dict[str, Any]:
        found = to_claimreview(
            pv.assess(ledger, BRIBES, **options),
            publisher_url="https://fc.example/",
            author="FC",
            date_published=_day(3),
        )
        jsonschema.validate(found, SCHEMA)
        item: dict[str, Any] = found["itemReviewed"]
        return item

    def links(self, item: dict[str, Any]) -> list[str]:
        return [
            item["firstAppearance"]["url"],
            *(work["url"] for work in item.get("appearance", ())),
        ]

    def test_every_route(self) -> None:
        """
        Every route's pages appear, not only the strongest route's: the
        first appearance is the earliest.
        """
        item = self.review(pv.Ledger.of([self.globe, self.channel_9]))

        assert [
            "https://courier.example/v",
            "https://ch9.example/v",
            "https://globe.example/v",
        ] == self.links(item)

    def test_withdrawn_routes(self) -> None:
        """
        A retraction withdraws the routes as evidence, not as appearances:
        the pages that carried the claim are still published.
        """
        ledger = pv.Ledger.of([self.globe, self.channel_9, self.retracted])

        item = self.review(ledger)

        assert "https://courier.example/v" == item["firstAppearance"]["url"]
        assert {"https://ch9.example/v", "https://globe.example/v"} == {
            work["url"] for work in item["appearance"]
        }

    def test_every_statement(self) -> None:
        """
        A denial's page carries the claim too, and a page published twice
        appears once.
        """
        minister = pv.Source(name="Minister Vale", kind=pv.SourceKind.PERSON)
        denied = pv.Statement(
            source=minister,
            claim=BRIBES,
            stance=pv.Stance.from_verb("denied"),
            made_on=_day(1),
            url="https://ministry.example/statement",
        )
        again = pv.Report(
            reporter=COURIER,
            content=denied,
            made_on=_day(1),
            url="https://courier.example/v",
        )

        item = self.review(pv.Ledger.of([self.courier, denied, again]))

        assert [
            "https://courier.example/v",
            "https://ministry.example/statement",
        ] == self.links(item)

    def test_as_of(self) -> None:
        """
        A review as of a day publishes the pages of that day and before.
        """
        ledger = pv.Ledger.of([self.courier, self.globe, self.channel_9])

        item = self.review(ledger, as_of=DAY)

        assert ["https://courier.example/v"] == self.links(item)
        assert "appearance" not in item

    def test_equivalent_wording(self) -> None:
        """
        The pages of an equivalent wording's statements are its own
        appearances, not the claim's: they are where the other text appeared.
        """
        other = pv.Claim(text="Vale was bribed by Arma", key="vale-bribed")
        theirs = pv.Statement(
            source=PEOPLE,
            claim=other,
            stance=pv.Stance.from_verb("said"),
            made_on=_day(1),
        )
        wire = pv.Report(
            reporter=GLOBE, content=theirs, made_on=_day(1), url="https://wire.example/"
        )
        ledger = pv.Ledger.of([self.courier, wire, Equivalent(claims={BRIBES, other})])

        item = self.review(ledger)

        assert ["https://courier.example/v"] == self.links(item)
