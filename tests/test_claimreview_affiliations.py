"""
ClaimReview markup of sources and their affiliations: every party is typed by
its own kind, and a person is never published as an ``Organization``, also
when it is another source's affiliation (schema.org's ``affiliation`` and
``parentOrganization`` expect an ``Organization``).
"""

from __future__ import annotations

import datetime as dt
import json

from pathlib import Path
from typing import Any

import pytest

from hypothesis import given


jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test group")

import provenance as pv  # noqa: E402

from provenance.interop.claimreview import to_claimreview  # noqa: E402
from provenance.testing import sources  # noqa: E402


SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "claimreview.schema.json").read_text("utf-8")
)
DAY = dt.date(2026, 3, 1)
K = pv.SourceKind
PEOPLE = frozenset((K.PERSON, K.UNNAMED_PERSON))
CLAIM = pv.Claim(text="Koss will resign", key="resign")

GOVERNMENT = pv.Source(name="Government of Arden", kind=K.GOVERNMENT)
MINISTRY = pv.Source(name="Finance Ministry", kind=K.GOVERNMENT, affiliation=GOVERNMENT)
KOSS = pv.Source(name="Lena Koss", kind=K.PERSON, role="finance minister")
KOSS_AT_MINISTRY = pv.Source(
    name="Lena Koss", kind=K.PERSON, role="finance minister", affiliation=MINISTRY
)


def author_of(source: pv.Source) -> dict[str, Any]:
    """
    The ``itemReviewed.author`` of a review of one statement by *source*,
    checked against the profile's schema.
    """
    statement = pv.Statement(
        source=source, claim=CLAIM, stance=pv.Stance.from_verb("said"), made_on=DAY
    )
    review = to_claimreview(
        pv.assess(pv.Ledger.of([statement]), CLAIM),
        publisher_url="https://desk.example/",
        author="Desk",
        date_published=DAY,
    )
    jsonschema.validate(review, SCHEMA)
    author: dict[str, Any] = review["itemReviewed"]["author"]
    return author


class TestPersonAsAffiliation:
    def test_person_of_a_person(self) -> None:
        """
        A politician's spokesman is a Person, with no affiliation when the
        politician belongs to no organisation.
        """
        spokesman = pv.Source(
            name="Pavel Drey", kind=K.PERSON, role="spokesman", affiliation=KOSS
        )

        assert {
            "@type": "Person",
            "name": "Pavel Drey",
            "jobTitle": "spokesman",
        } == author_of(spokesman)

    def test_group_of_a_person(self) -> None:
        """
        Aides to a minister are an Organization with no parent organisation
        when the minister belongs to none.
        """
        aides = pv.Source(
            name="aides to the minister", kind=K.ANONYMOUS_GROUP, affiliation=KOSS
        )

        assert {
            "@type": "Organization",
            "name": "aides to the minister",
        } == author_of(aides)

    def test_unnamed_person_of_a_person(self) -> None:
        """
        An unnamed person is a Person, and a person as its affiliation is
        left out too.
        """
        aide = pv.Source(name="an aide", kind=K.UNNAMED_PERSON, affiliation=KOSS)

        assert {"@type": "Person", "name": "an aide"} == author_of(aide)


class TestChains:
    def test_person_of_a_person_of_an_organisation(self) -> None:
        """
        A spokesman of a minister of a ministry is affiliated with the
        ministry: the minister is passed over, not published as an
        Organization.
        """
        spokesman = pv.Source(
            name="Pavel Drey",
            kind=K.PERSON,
            role="spokesman",
            affiliation=KOSS_AT_MINISTRY,
        )

        assert {
            "@type": "Person",
            "name": "Pavel Drey",
            "jobTitle": "spokesman",
            "affiliation": {"@type": "Organization", "name": "Finance Ministry"},
        } == author_of(spokesman)

    def test_organisation_of_a_person_of_an_organisation(self) -> None:
        """
        Aides to a minister of a ministry have the ministry as their parent
        organisation.
        """
        aides = pv.Source(
            name="aides to the minister",
            kind=K.ANONYMOUS_GROUP,
            affiliation=KOSS_AT_MINISTRY,
        )

        assert {
            "@type": "Organization",
            "name": "aides to the minister",
            "parentOrganization": {
                "@type": "Organization",
                "name": "Finance Ministry",
            },
        } == author_of(aides)

    def test_several_persons_in_a_row(self) -> None:
        """
        Every person in the chain is passed over, up to the first
        organisation.
        """
        chief = pv.Source(
            name="chief of staff", kind=K.UNNAMED_PERSON, affiliation=KOSS_AT_MINISTRY
        )
        aide = pv.Source(name="Ivo Marr", kind=K.PERSON, affiliation=chief)

        assert {
            "@type": "Person",
            "name": "Ivo Marr",
            "affiliation": {"@type": "Organization", "name": "Finance Ministry"},
        } == author_of(aide)

    def test_chain_of_persons_only(self) -> None:
        """
        A chain of persons only names no affiliation.
        """
        chief = pv.Source(
            name="chief of staff", kind=K.UNNAMED_PERSON, affiliation=KOSS
        )
        aides = pv.Source(name="aides", kind=K.ANONYMOUS_GROUP, affiliation=chief)

        assert {"@type": "Organization", "name": "aides"} == author_of(aides)

    def test_organisations_unchanged(self) -> None:
        """
        An organisation's affiliation is its nearest organisation, as
        before: a person's as ``affiliation``, an organisation's as
        ``parentOrganization``.
        """
        person = pv.Source(name="Ana Vey", kind=K.PERSON, affiliation=MINISTRY)
        agency = pv.Source(name="Revenue Agency", kind=K.AGENCY, affiliation=MINISTRY)

        assert {
            "@type": "Person",
            "name": "Ana Vey",
            "affiliation": {"@type": "Organization", "name": "Finance Ministry"},
        } == author_of(person)
        assert {
            "@type": "Organization",
            "name": "Revenue Agency",
            "parentOrganization": {
                "@type": "Organization",
                "name": "Finance Ministry",
            },
        } == author_of(agency)

    def test_several_authors(self) -> None:
        """
        Each of several authors is typed by its own kind, with the same rule
        for its affiliation.
        """
        aides = pv.Source(name="aides", kind=K.ANONYMOUS_GROUP, affiliation=KOSS)
        said = pv.Stance.from_verb("said")
        ledger = pv.Ledger.of(
            [
                pv.Statement(source=aides, claim=CLAIM, stance=said, made_on=DAY),
                pv.Statement(source=KOSS, claim=CLAIM, stance=said, made_on=DAY),
            ]
        )
        review = to_claimreview(
            pv.assess(ledger, CLAIM),
            publisher_url="https://desk.example/",
            author="Desk",
            date_published=DAY,
        )

        jsonschema.validate(review, SCHEMA)
        assert sorted(
            [
                {"@type": "Organization", "name": "aides"},
                {
                    "@type": "Person",
                    "name": "Lena Koss",
                    "jobTitle": "finance minister",
                },
            ],
            key=json.dumps,
        ) == sorted(review["itemReviewed"]["author"], key=json.dumps)


@given(sources(max_affiliation_depth=4))
def test_every_source_typed_by_its_kind(source: pv.Source) -> None:
    """
    Any source is a Person exactly when it is a person, and its affiliation,
    if written, is the nearest source up its chain that is not a person, an
    Organization.
    """
    author = author_of(source)

    nearest = next((s for s in source.affiliations() if s.kind not in PEOPLE), None)
    person = source.kind in PEOPLE
    key = "affiliation" if person else "parentOrganization"
    assert ("Person" if person else "Organization") == author["@type"]
    assert source.name == author["name"]
    if nearest is None:
        assert "affiliation" not in author
        assert "parentOrganization" not in author
    else:
        assert {"@type": "Organization", "name": nearest.name} == author[key]
