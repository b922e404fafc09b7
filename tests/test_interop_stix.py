"""
STIX 2.1 export and import (provenance.interop.stix): bundles that the OASIS
validator accepts and the stix2 package parses, lossless round trips, the
confidence and tag vocabularies, and the errors of import.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from importlib import resources
from typing import Any

import attrs
import pytest


stix2validator = pytest.importorskip(
    "stix2validator", reason="stix2-validator is in the test group"
)
stix2 = pytest.importorskip("stix2", reason="stix2 is in the test group")

from hypothesis import given  # noqa: E402

import provenance as pv  # noqa: E402

from provenance.errors import DocumentError, InvalidValueError  # noqa: E402
from provenance.interop.stix import (  # noqa: E402
    ADMIRALTY_CONFIDENCE,
    CLAIM_TYPE,
    DNI_CONFIDENCE,
    NAMESPACE,
    RELATION_TYPE,
    from_stix,
    to_stix,
)
from provenance.relations import Entails, Equivalent, Exclusive  # noqa: E402
from provenance.testing import ledgers  # noqa: E402


TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
DESK = pv.Source(name="OSINT desk", kind=pv.SourceKind.ORGANISATION)


def article() -> pv.Ledger:
    data = resources.files("provenance").joinpath("data/article.json")
    return pv.loads(data.read_text("utf-8"))


def checked(bundle: dict[str, Any]) -> dict[str, Any]:
    """
    *bundle* after the official validator accepts it, the stix2 package
    parses it, and it has been through JSON text.
    """
    options = stix2validator.ValidationOptions(version="2.1")
    results = stix2validator.validate_instance(bundle, options)
    assert results.is_valid, [str(e) for e in results.errors]
    stix2.parse(bundle, allow_custom=True)
    return json.loads(json.dumps(bundle, ensure_ascii=False))  # type: ignore[no-any-return]


def by_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [o for o in bundle["objects"] if o["type"] == kind]


def nulls(value: object) -> int:
    if value is None:
        return 1
    if isinstance(value, dict):
        return sum(nulls(v) for v in value.values())
    if isinstance(value, list):
        return sum(nulls(v) for v in value)
    return 0


def related() -> pv.Ledger:
    """
    A ledger with every kind of relation between claims.
    """
    nis = pv.Source(name="NIS", kind=pv.SourceKind.AGENCY)
    a = pv.Claim(text="X died of typhoid", key="typhoid")
    b = pv.Claim(text="X is dead", key="dead")
    c = pv.Claim(text="X passed away")
    d = pv.Claim(text="X fled abroad", key="fled")
    said = pv.Statement(
        source=nis,
        claim=a,
        stance=pv.Stance.of("PR+", "believes"),
        made_on=dt.date(2024, 5, 1),
    )
    return pv.Ledger.of(
        [
            said,
            Entails(specific=a, general=b),
            Equivalent(claims={b, c}),
            Exclusive(key="fate", claims={a, d}, exhaustive=True),
        ]
    )


class TestRoundTrip:
    def test_article(self) -> None:
        """
        The article's ledger, with its assessments, goes out as a valid
        bundle and comes back equal.
        """
        ledger = article()
        bundle = checked(to_stix(ledger, pv.assess_all(ledger), producer=DESK))

        assert ledger == from_stix(bundle)

    @given(ledgers())
    def test_any_ledger(self, ledger: pv.Ledger) -> None:
        """
        Any ledger goes out as a valid bundle and comes back equal.
        """
        bundle = checked(to_stix(ledger))

        assert ledger == from_stix(bundle)

    def test_relations(self) -> None:
        """
        Entailment, equivalence and exclusive sets come back as they were.
        """
        ledger = related()
        bundle = checked(to_stix(ledger, pv.assess_all(ledger)))

        assert ledger == from_stix(bundle)
        assert 3 == len(by_type(bundle, RELATION_TYPE))

    def test_deterministic(self) -> None:
        """
        Equal ledgers give equal bundles; ids are UUIDv5 names in NAMESPACE.
        """
        ledger = article()

        assert to_stix(ledger) == to_stix(pv.Ledger.of(list(ledger)))
        nis = ledger.source("National Intelligence Service")
        expected = uuid.uuid5(NAMESPACE, f"identity:{nis.id}")
        assert any(
            o["id"] == f"identity--{expected}" for o in to_stix(ledger)["objects"]
        )

    def test_no_nulls_and_record_times(self) -> None:
        """
        No property is null, and every record's object is dated by the
        record, never by the clock.
        """
        ledger = article()
        bundle = to_stix(ledger, pv.assess_all(ledger))
        days = {r.made_on.isoformat() for r in ledger.reached}

        assert 0 == nulls(bundle)
        for node in by_type(bundle, "opinion") + by_type(bundle, "report"):
            assert node["created"][:10] in days

    def test_time_of_day(self) -> None:
        """
        A record made at midnight and one whose time is unknown stay apart.
        """
        source = pv.Source(name="A", kind=pv.SourceKind.PERSON)
        claim = pv.Claim(text="c")
        midnight = pv.Statement(
            source=source,
            claim=claim,
            stance=pv.Stance.of("CT+", "said"),
            made_on=dt.date(2024, 1, 1),
            made_at=dt.time(0, 0),
        )
        unknown = attrs.evolve(
            midnight, made_at=None, stance=pv.Stance.of("PR+", "believes")
        )
        ledger = pv.Ledger.of([midnight, unknown])

        assert ledger == from_stix(checked(to_stix(ledger)))


class TestMapping:
    def test_statements_are_opinions(self) -> None:
        """
        A statement is its source's opinion on the claim's object, its
        stance kept exactly.
        """
        ledger = article()
        bundle = to_stix(ledger)
        statement = next(s for s in ledger.statements if s.stance.value == "PR-")
        (node,) = (
            o for o in by_type(bundle, "opinion") if o["explanation"] == str(statement)
        )

        assert "disagree" == node["opinion"]
        assert "PR-" == node["x_provenance_stance"]
        assert node["object_refs"][0].startswith(f"{CLAIM_TYPE}--")
        assert node["created_by_ref"].startswith("identity--")

    def test_relays_are_reports(self) -> None:
        """
        A report relays one object: an opinion, or another report.
        """
        bundle = to_stix(article())
        kinds = {o["object_refs"][0].split("--")[0] for o in by_type(bundle, "report")}

        assert {"opinion", "report"} == kinds

    def test_affiliations_are_part_of(self) -> None:
        """
        Each affiliation is a part-of relationship between identities.
        """
        ledger = article()
        bundle = to_stix(ledger)
        affiliated = [s for s in ledger.sources if s.affiliation is not None]
        parts = [
            o
            for o in by_type(bundle, "relationship")
            if o["relationship_type"] == "part-of"
        ]

        assert len(affiliated) == len(parts)

    def test_identity_class(self) -> None:
        """
        The identity class follows the kind; the kind itself is kept.
        """
        bundle = to_stix(article())
        classes = {
            o["x_provenance_kind"]: o["identity_class"]
            for o in by_type(bundle, "identity")
            if "x_provenance_kind" in o
        }

        assert "organization" == classes["government"]
        assert "group" == classes["anonymous_group"]

    def test_channels_are_external_references(self) -> None:
        """
        A record's channel is its external reference.
        """
        bundle = to_stix(article())
        refs = [
            ref
            for o in by_type(bundle, "opinion")
            for ref in o.get("external_references", ())
        ]

        assert any(ref["description"] == "SBS TV interview" for ref in refs)

    def test_assessment_opinion(self) -> None:
        """
        An assessment is the producer's opinion, with its explanation, the
        DNI scale's confidence for its word, and the MISP tags.
        """
        ledger = article()
        found = pv.assess(ledger, "troops-10000")
        bundle = checked(to_stix(ledger, [found], producer=DESK))
        (node,) = (o for o in by_type(bundle, "opinion") if "x_provenance_words" in o)

        assert "likely" == found.words
        assert 70 == node["confidence"] == DNI_CONFIDENCE["likely"]
        assert "agree" == node["opinion"]
        assert node["explanation"] == found.explain()
        assert 'estimative-language:likelihood-probability="likely"' in node["labels"]
        assert (
            f'estimative-language:confidence-in-analytic-judgment="{found.confidence}"'
        ) in node["labels"]
        assert (
            node["created_by_ref"]
            == f"identity--{uuid.uuid5(NAMESPACE, f'identity:{DESK.id}')}"
        )

    def test_reliability_grades(self) -> None:
        """
        A graded source carries OpenCTI's reliability and the MISP tag.
        """
        ledger = article()
        nis = ledger.source("National Intelligence Service")
        policy = pv.DEFAULT_POLICY.with_grade(nis, "A")
        bundle = checked(to_stix(ledger, pv.assess_all(ledger, policy=policy)))
        (node,) = (o for o in by_type(bundle, "identity") if o["name"] == nis.name)

        assert "A - Completely reliable" == node["x_opencti_reliability"]
        assert ['admiralty-scale:source-reliability="a"'] == node["labels"]

    def test_information_credibility(self) -> None:
        """
        A graded statement carries the MISP tag and the STIX appendix's
        confidence for its grade.
        """
        ledger = article()
        statement = attrs.evolve(ledger.statements[0], credibility=2)
        bundle = checked(to_stix(pv.Ledger.of([statement])))
        (node,) = by_type(bundle, "opinion")

        assert ['admiralty-scale:information-credibility="2"'] == node["labels"]
        assert ADMIRALTY_CONFIDENCE[2] == node["confidence"] == 70

    def test_markings(self) -> None:
        """
        Markings are referenced by every object but the extensions'.
        """
        bundle = checked(to_stix(article(), markings=[TLP_GREEN]))
        marked = [o for o in bundle["objects"] if "object_marking_refs" in o]

        assert all(o["object_marking_refs"] == [TLP_GREEN] for o in marked)
        assert len(bundle["objects"]) - 4 == len(marked)


class TestErrors:
    def test_not_a_bundle(self) -> None:
        """
        Anything but a bundle is refused at $.type.
        """
        with pytest.raises(DocumentError) as info:
            from_stix({"type": "report"})

        assert "$.type" == info.value.path

    def test_altered(self) -> None:
        """
        A value altered after export is refused: its id no longer matches.
        """
        bundle = to_stix(article())
        index, node = next(
            (i, o) for i, o in enumerate(bundle["objects"]) if o["type"] == CLAIM_TYPE
        )
        node["name"] = "something else"

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{index}].id" == info.value.path

    def test_bad_stance(self) -> None:
        """
        A stance that is not a FactBank value is refused with its path.
        """
        bundle = to_stix(article())
        index = next(
            i for i, o in enumerate(bundle["objects"]) if o["type"] == "opinion"
        )
        bundle["objects"][index]["x_provenance_stance"] = "XX"

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{index}]" == info.value.path

    def test_missing_claim(self) -> None:
        """
        An opinion on an object the bundle lacks is refused.
        """
        bundle = to_stix(article())
        bundle["objects"] = [o for o in bundle["objects"] if o["type"] != CLAIM_TYPE]

        with pytest.raises(DocumentError, match="no provenance-claim object"):
            from_stix(bundle)

    @pytest.mark.parametrize(
        ("arguments", "path"),
        [
            ({"ledger": []}, "to_stix.ledger"),
            ({"producer": "desk"}, "to_stix.producer"),
            ({"markings": ["tlp:green"]}, "to_stix.markings"),
            ({"markings": TLP_GREEN}, "to_stix.markings"),
            ({"assessments": [1]}, "to_stix.assessments"),
            ({"policy": "strict"}, "to_stix.policy"),
        ],
    )
    def test_bad_arguments(self, arguments: dict[str, Any], path: str) -> None:
        """
        Arguments of the wrong kind are refused with their name.
        """
        call: dict[str, Any] = {"ledger": article(), **arguments}

        with pytest.raises(InvalidValueError) as info:
            to_stix(**call)

        assert path == info.value.path

    def test_assessment_of_another_ledger(self) -> None:
        """
        An assessment of a claim the ledger does not hold is refused.
        """
        found = pv.assess(related(), "dead")

        with pytest.raises(InvalidValueError, match="does not hold"):
            to_stix(article(), [found])
