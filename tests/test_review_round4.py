"""
Defects D1, D3 and D7 of the analyst's review, fixed in round four, each
checked where it was found.
"""

from __future__ import annotations

import datetime as dt
import json

from pathlib import Path
from typing import Any

import attrs
import pytest

from hypothesis import given, settings


jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test group")

import provenance as pv  # noqa: E402

from provenance.cli import main  # noqa: E402
from provenance.errors import DocumentError, RelationError  # noqa: E402
from provenance.interop.claimreview import to_claimreview  # noqa: E402
from provenance.relations import Entails, Equivalent, Exclusive  # noqa: E402
from provenance.store import Store  # noqa: E402
from provenance.testing import ledgers  # noqa: E402


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
        An equivalent wording is the claim in other words: its statements'
        pages are the claim's appearances, and the sources asserting it its
        authors, not the accused who denied it under the first wording.
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
        denial = pv.Statement(
            source=pv.Source(name="Minister Vale", kind=pv.SourceKind.PERSON),
            claim=BRIBES,
            stance=pv.Stance.from_verb("denied"),
            made_on=_day(2),
            url="https://ministry.example/",
        )
        ledger = pv.Ledger.of([wire, denial, Equivalent(claims={BRIBES, other})])

        item = self.review(ledger)

        assert ["https://wire.example/", "https://ministry.example/"] == self.links(
            item
        )
        assert PEOPLE.name == item["author"]["name"]

    def test_a_relay_never_before_what_it_relays(self) -> None:
        """
        On one day, without times, a page relaying a statement comes after
        the statement's own page, whatever the addresses' spelling.
        """
        post = pv.Statement(
            source=PEOPLE,
            claim=BRIBES,
            stance=pv.Stance.from_verb("said"),
            made_on=DAY,
            url="https://z.example/post",
        )
        relay = pv.Report(
            reporter=GLOBE, content=post, made_on=DAY, url="https://a.example/relay"
        )

        item = self.review(pv.Ledger.of([relay]))

        assert ["https://z.example/post", "https://a.example/relay"] == self.links(item)


XLAND = pv.Source(name="Xland", kind=pv.SourceKind.GOVERNMENT)
MINISTRY = pv.Source(name="Xland MFA", kind=pv.SourceKind.AGENCY, affiliation=XLAND)
# One analyst's wording accuses Xland; another's, of the same proposition,
# was filed with Xland in favours by mistake.
MINE = pv.Claim(text="Xland shot down the airliner", about=[XLAND], key="mine")
THEIRS = pv.Claim(
    text="The airliner was downed by Xland", favours=[XLAND], key="theirs"
)
NEUTRAL = pv.Claim(text="Xland's missile downed the airliner", key="neutral")
ADMITTED = pv.Statement(
    source=MINISTRY,
    claim=MINE,
    stance=pv.Stance.from_verb("admitted"),
    made_on=dt.date(2026, 1, 2),
)
SIDES = (
    "equivalent claims put 'Xland' on both sides: "
    "in about of 'mine', in favours of 'theirs'"
)


class TestEquivalentSides:
    """
    D3: equivalent wordings share their parties, so they cannot put one
    party on both sides, as one claim cannot.
    """

    def test_ledger(self) -> None:
        """
        A ledger with such a relation is refused, naming the party and both
        claims.
        """
        with pytest.raises(RelationError) as caught:
            pv.Ledger.of([Equivalent(claims={MINE, THEIRS}), ADMITTED])

        assert SIDES == caught.value.msg
        assert ("Equivalent", "mine = theirs") == (
            caught.value.path,
            caught.value.value,
        )

    def test_same_key(self) -> None:
        """
        Two claims of one key are told apart by their ids.
        """
        theirs = attrs.evolve(THEIRS, key="mine")

        with pytest.raises(RelationError) as caught:
            pv.Ledger.of([Equivalent(claims={MINE, theirs})])

        assert f"mine ({MINE.id}) = mine ({theirs.id})" == caught.value.value

    def test_through_a_class(self) -> None:
        """
        Two relations that each hold, but join the wordings into one class,
        are refused; the ledger added to is untouched.
        """
        ledger = pv.Ledger.of([ADMITTED, Equivalent(claims={MINE, NEUTRAL})])

        with pytest.raises(RelationError, match="'Xland' on both sides"):
            ledger.add(Equivalent(claims={NEUTRAL, THEIRS}))
        assert 0.7 < pv.assess(ledger, "mine").probability

    def test_document(self) -> None:
        """
        A document holding such a relation is refused at its relations
        table.
        """
        on_theirs = attrs.evolve(ADMITTED, claim=THEIRS)
        doc = json.loads(pv.dumps(pv.Ledger.of([ADMITTED, on_theirs])))
        relation = Equivalent(claims={MINE, THEIRS})
        doc["relations"] = {
            relation.id: {
                "type": "equivalent",
                "claims": sorted(c.id for c in relation.claims),
            }
        }

        with pytest.raises(DocumentError) as caught:
            pv.loads(json.dumps(doc))

        assert "$.relations" == caught.value.path
        assert "'Xland' on both sides" in caught.value.msg

    def test_store(self, tmp_path: Path) -> None:
        """
        A store refuses it, and holds only what it held.
        """
        with Store.open(tmp_path / "desk.db") as store:
            store.add([ADMITTED])

            with pytest.raises(RelationError, match="'Xland' on both sides"):
                store.add([Equivalent(claims={MINE, THEIRS})])
            held = store.ledger()

        assert pv.Ledger.of([ADMITTED]) == held

    def test_quantities(self) -> None:
        """
        Equal amounts read as equivalent by the policy are refused the same
        way, as read from quantities.
        """

        troops = pv.Quantity(value=500, unit="troops", subject="troops sent")
        mine = pv.Claim(text="500", quantity=troops, key="mine", about=[XLAND])
        theirs = pv.Claim(text="500", quantity=troops, key="theirs", favours=[XLAND])
        said = [attrs.evolve(ADMITTED, claim=claim) for claim in (mine, theirs)]
        policy = attrs.evolve(pv.DEFAULT_POLICY, relate_quantities=True)

        with pytest.raises(RelationError, match="with the relations read from"):
            pv.assess(pv.Ledger.of(said), "mine", policy=policy)

    def test_same_root(self) -> None:
        """
        Parts of one state may stand on opposite sides (as in one claim):
        the ministry accused by one wording, its state favoured by another.
        """
        accused = attrs.evolve(MINE, about=frozenset({MINISTRY}))
        ledger = pv.Ledger.of([Equivalent(claims={accused, THEIRS})])

        assert 1 == len(ledger.relations)

    def test_entailment(self) -> None:
        """
        Entailment may cut the other way: winning by fraud accuses the
        winner, winning favours it; a borrowed line takes the smaller
        factor, as documented.
        """
        fraud = pv.Claim(text="Xland's party won by fraud", about=[XLAND], key="fraud")
        won = pv.Claim(text="Xland's party won", favours=[XLAND], key="won")
        ledger = pv.Ledger.of([Entails(specific=fraud, general=won)])

        assert 1 == len(ledger.relations)

    @pytest.mark.slow
    def test_generated(self) -> None:
        """
        The shipped strategy draws no such class.
        """

        @given(ledgers(relations=True))
        @settings(max_examples=50, deadline=None)
        def check(ledger: pv.Ledger) -> None:
            for relation in ledger.relations:
                if isinstance(relation, Equivalent):
                    about = frozenset().union(*(c.about for c in relation.claims))
                    favours = frozenset().union(*(c.favours for c in relation.claims))
                    assert about.isdisjoint(favours)

        check()


class TestAchKnownOn:
    """
    D7: ``provenance ach STORE SET --known-on DAY`` before the set was
    recorded says so, as for a claim.
    """

    @pytest.fixture
    def store(self, tmp_path: Path) -> str:
        """
        A statement recorded on 1 October, the set on 2 October.
        """
        path = str(tmp_path / "desk.db")
        one = pv.Source(name="Agency One", kind=pv.SourceKind.AGENCY)
        killed = pv.Claim(text="The general was killed in the strike", key="killed")
        fled = pv.Claim(text="The general fled abroad", key="fled")
        said = pv.Statement(
            source=one,
            claim=killed,
            stance=pv.Stance.from_verb("said"),
            made_on=dt.date(2026, 10, 1),
        )
        for day, records in (
            (1, [said]),
            (2, [Exclusive(key="fate", claims={killed, fled})]),
        ):
            clock = dt.datetime(2026, 10, day, 12, tzinfo=dt.timezone.utc)
            # A default binds each day: mypy cannot infer the lambda then.
            with Store.open(path, clock=lambda c=clock: c) as store:  # type: ignore[misc]
                store.add(records)
        return path

    def run(self, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
        code = main(argv)
        return code, capsys.readouterr().err

    def test_not_yet_recorded(
        self, store: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The set is named as not yet recorded on the day, with --known-on.
        """
        code, err = self.run(capsys, "ach", store, "fate", "--known-on", "2026-10-01")

        assert 1 == code
        assert err.endswith(
            "exclusive set 'fate' was not yet recorded on 2026-10-01 (--known-on)\n"
        )

    def test_recorded(self, store: str, capsys: pytest.CaptureFixture[str]) -> None:
        """
        On the day it was recorded, the set is there.
        """
        code, err = self.run(capsys, "ach", store, "fate", "--known-on", "2026-10-02")

        assert (0, "") == (code, err)

    def test_never_recorded(
        self, store: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A set the store does not hold at all is still no such set.
        """
        code, err = self.run(capsys, "ach", store, "fame", "--known-on", "2026-10-01")

        assert 1 == code
        assert "no exclusive set 'fame'; it holds none" in err
