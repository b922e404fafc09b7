"""
ClaimReview export (provenance.interop.claimreview): every assessed claim of
the article meets the required and recommended fields of Google's
fact-check profile, as tests/data/claimreview.schema.json writes them.
"""

from __future__ import annotations

import datetime as dt
import json

from importlib import resources
from pathlib import Path
from typing import Any

import pytest


jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test group")

import provenance as pv  # noqa: E402

from provenance.errors import InvalidValueError  # noqa: E402
from provenance.interop.claimreview import RATINGS, to_claimreview  # noqa: E402
from provenance.relations import Entails  # noqa: E402
from provenance.stances import Polarity  # noqa: E402


SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "claimreview.schema.json").read_text("utf-8")
)
PUBLISHER = "https://factcheck.example.org/"
DAY = dt.date(2024, 11, 1)
# The day the reviews are published: after every record they review.
REVIEWED = dt.date(2024, 12, 2)


def article() -> pv.Ledger:
    data = resources.files("provenance").joinpath("data/article.json")
    return pv.loads(data.read_text("utf-8"))


def review(assessment: pv.Assessment, **options: Any) -> dict[str, Any]:
    return to_claimreview(
        assessment,
        publisher_url=PUBLISHER,
        author="Example Fact Check",
        date_published=REVIEWED,
        **options,
    )


def valid(document: dict[str, Any]) -> dict[str, Any]:
    jsonschema.validate(document, SCHEMA)
    rating = document["reviewRating"]
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    return json.loads(json.dumps(document))  # type: ignore[no-any-return]


class TestProfile:
    def test_every_claim(self) -> None:
        """
        The review of every assessed claim of the article meets the profile.
        """
        found = pv.assess_all(article())

        for assessment in found.values():
            valid(review(assessment))

    def test_troops(self) -> None:
        """
        The troops claim: its text, its asserting sources as authors, the day
        first said, and its estimative word as the rating.
        """
        ledger = article()
        found = pv.assess(ledger, "troops-10000")
        document = valid(review(found))
        first = min(
            s.made_on
            for s in ledger.statements_about("troops-10000")
            if s.stance.polarity is Polarity.POSITIVE
        )

        assert found.claim.text == document["claimReviewed"]
        assert first.isoformat() == document["itemReviewed"]["datePublished"]
        assert {
            "@type": "Rating",
            "ratingValue": RATINGS.index("likely") + 1,
            "bestRating": 7,
            "worstRating": 1,
            "alternateName": "likely",
        } == document["reviewRating"]
        assert PUBLISHER == document["url"] == document["author"]["url"]
        assert "2024-12-02" == document["datePublished"]

    def test_rating_names(self) -> None:
        """
        A newsroom's own names replace the words.
        """
        found = pv.assess(article(), "troops-10000")
        names = dict(
            zip(RATINGS, ("False", "", "", "", "Mostly true", "", ""), strict=True)
        )

        document = valid(review(found, rating_names=names))

        assert "Mostly true" == document["reviewRating"]["alternateName"]

    def test_appearances(self) -> None:
        """
        The caller's URLs are where the claim appeared, the first first.
        """
        found = pv.assess(article(), "troops-10000")
        links = ["https://a.example/1", "https://b.example/2", "https://a.example/1"]

        document = valid(review(found, appearances=links, url=PUBLISHER + "troops"))

        claim = document["itemReviewed"]
        assert {"@type": "CreativeWork", "url": links[0]} == claim["firstAppearance"]
        assert [{"@type": "CreativeWork", "url": links[1]}] == claim["appearance"]
        assert PUBLISHER + "troops" == document["url"]

    def test_no_appearance(self) -> None:
        """
        Records without URLs give no appearance: never an empty one.
        """
        found = pv.assess(article(), "troops-10000")

        claim = review(found)["itemReviewed"]

        assert "appearance" not in claim
        assert "firstAppearance" not in claim


class TestErrors:
    @pytest.mark.parametrize(
        ("options", "path"),
        [
            (
                {"publisher_url": "factcheck.example.org"},
                "to_claimreview.publisher_url",
            ),
            ({"url": "ftp://x"}, "to_claimreview.url"),
            ({"publisher_url": "https://"}, "to_claimreview.publisher_url"),
            ({"publisher_url": "https://x.org/r a<b>"}, "to_claimreview.publisher_url"),
            ({"url": "https://x.org/\u202egnp.exe"}, "to_claimreview.url"),
            ({"author": " "}, "to_claimreview.author"),
            ({"date_published": "2024-11-01"}, "to_claimreview.date_published"),
            ({"rating_names": {"likely": ""}}, "to_claimreview.rating_names"),
            ({"rating_names": {}}, "to_claimreview.rating_names"),
            ({"rating_names": ["x"]}, "to_claimreview.rating_names"),
            ({"appearances": "https://a.example"}, "to_claimreview.appearances"),
            ({"appearances": ["a.example"]}, "to_claimreview.appearances"),
        ],
    )
    def test_bad_arguments(self, options: dict[str, Any], path: str) -> None:
        """
        Arguments of the wrong kind are refused with their name.
        """
        found = pv.assess(article(), "troops-10000")
        call: dict[str, Any] = {
            "publisher_url": PUBLISHER,
            "author": "Example Fact Check",
            "date_published": REVIEWED,
            **options,
        }

        with pytest.raises(InvalidValueError) as info:
            to_claimreview(found, **call)

        assert path == info.value.path

    @pytest.mark.parametrize(
        "text", ["\x00", "\u200b", "\u202e", "\ufeff", "\u0301", "a\ud800"]
    )
    @pytest.mark.parametrize("field", ["author", "rating_names"])
    def test_invisible_names(self, field: str, text: str) -> None:
        """
        Text the review publishes (the publisher's name, the newsroom's
        rating names) is checked as a source's name is: at least one visible
        character, valid Unicode.
        """
        found = pv.assess(article(), "troops-10000")
        options: dict[str, Any] = (
            {"author": text}
            if field == "author"
            else {"rating_names": dict.fromkeys(RATINGS, text)}
        )
        call: dict[str, Any] = {
            "publisher_url": PUBLISHER,
            "author": "Example Fact Check",
            "date_published": REVIEWED,
            **options,
        }
        with pytest.raises(pv.errors.InvalidValueError) as info:
            to_claimreview(found, **call)

        assert f"to_claimreview.{field}" == info.value.path
        with pytest.raises(pv.errors.InvalidValueError) as model:
            pv.Source(name=text, kind=pv.SourceKind.ORGANISATION)
        assert model.value.msg == info.value.msg

    def test_names_in_nfc(self) -> None:
        """
        The publisher's name and the rating names are published in NFC, as
        every name of the model is.
        """
        found = pv.assess(article(), "troops-10000")
        decomposed = "Cafe\u0301 Check"

        document = valid(
            to_claimreview(
                found,
                publisher_url=PUBLISHER,
                author=decomposed,
                date_published=REVIEWED,
                rating_names=dict.fromkeys(RATINGS, decomposed),
            )
        )

        assert "Caf\u00e9 Check" == document["author"]["name"]
        assert "Caf\u00e9 Check" == document["reviewRating"]["alternateName"]

    def test_not_an_assessment(self) -> None:
        """
        Only an assessment can be reviewed.
        """
        with pytest.raises(InvalidValueError):
            to_claimreview(
                "troops",  # type: ignore[arg-type]
                publisher_url=PUBLISHER,
                author="x",
                date_published=REVIEWED,
            )


class TestSources:
    def test_unstated_claim(self) -> None:
        """
        A claim no one stated (only related to others) has no author or day.
        """
        dead = pv.Claim(text="X is dead", key="dead")
        typhoid = pv.Claim(text="X died of typhoid")
        said = pv.Statement(
            source=pv.Source(name="A", kind=pv.SourceKind.PERSON, role="doctor"),
            claim=typhoid,
            stance=pv.Stance.of("CT+", "said"),
            made_on=DAY,
        )
        ledger = pv.Ledger.of([said, Entails(specific=typhoid, general=dead)])

        claim = review(pv.assess(ledger, "dead"))["itemReviewed"]

        assert {"@type": "Claim"} == claim

    def test_withdrawn_attribution_is_not_an_author(self) -> None:
        """
        Officials whose only report was withdrawn by the outlet that carried
        it are not named as the claim's authors while another's statement
        stands; when nothing stands, those who made it are named.
        """
        officials = pv.Source(name="officials", kind=pv.SourceKind.ANONYMOUS_GROUP)
        minister = pv.Source(name="M", kind=pv.SourceKind.PERSON, role="minister")
        wire = pv.Source(name="Wire", kind=pv.SourceKind.MEDIA_OUTLET)
        claim = pv.Claim(text="c", key="c")

        def said(source: pv.Source, verb: str, days: int) -> pv.Statement:
            return pv.Statement(
                source=source,
                claim=claim,
                stance=pv.Stance.from_verb(verb),
                made_on=DAY + dt.timedelta(days=days),
            )

        carried = pv.Report(
            reporter=wire, content=said(officials, "said", 0), made_on=DAY
        )
        withdrawn: list[pv.Statement | pv.Report] = [
            carried,
            said(wire, "retracted", 2),
        ]

        standing = review(
            pv.assess(pv.Ledger.of([*withdrawn, said(minister, "said", 1)]), "c")
        )
        alone = review(pv.assess(pv.Ledger.of(withdrawn), "c"))

        assert "M" == standing["itemReviewed"]["author"]["name"]
        assert (DAY + dt.timedelta(days=1)).isoformat() == standing["itemReviewed"][
            "datePublished"
        ]
        assert "Wire" == alone["itemReviewed"]["author"]["name"]

    def test_person(self) -> None:
        """
        A person is a Person, with its role and affiliation; one author is
        one object, and one appearance is only the first.
        """
        state = pv.Source(name="State", kind=pv.SourceKind.GOVERNMENT)
        person = pv.Source(
            name="B", kind=pv.SourceKind.PERSON, role="minister", affiliation=state
        )
        claim = pv.Claim(text="c", key="c")
        said = [
            pv.Statement(
                source=person,
                claim=claim,
                stance=pv.Stance.of("CT+", "said"),
                made_on=DAY + dt.timedelta(days=days),
            )
            for days in (0, 1)
        ]
        found = pv.assess(pv.Ledger.of(said), "c")

        document = valid(review(found, appearances=["https://a.example/"]))

        assert {
            "@type": "Person",
            "name": "B",
            "jobTitle": "minister",
            "affiliation": {"@type": "Organization", "name": "State"},
        } == document["itemReviewed"]["author"]
        assert "appearance" not in document["itemReviewed"]

    def test_record_urls(self) -> None:
        """
        The records that carry URLs are the appearances, earliest first.
        """
        wire = pv.Source(name="Wire", kind=pv.SourceKind.MEDIA_OUTLET)
        minister = pv.Source(name="M", kind=pv.SourceKind.PERSON)
        said = pv.Statement(
            source=minister,
            claim=pv.Claim(text="c", key="c"),
            stance=pv.Stance.from_verb("said"),
            made_on=DAY,
            made_at=dt.time(9),
            url="https://b.example/2",
        )
        told = pv.Report(
            reporter=wire,
            content=said,
            made_on=DAY + dt.timedelta(days=1),
            url="https://a.example/1",
        )

        found = review(pv.assess(pv.Ledger.of([told]), "c"))["itemReviewed"]

        assert "https://b.example/2" == found["firstAppearance"]["url"]
        assert [{"@type": "CreativeWork", "url": "https://a.example/1"}] == found[
            "appearance"
        ]
