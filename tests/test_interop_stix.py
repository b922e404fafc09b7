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

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import provenance as pv  # noqa: E402

from provenance.claims import Bound  # noqa: E402
from provenance.errors import DocumentError, InvalidValueError, RelationError  # noqa: E402
from provenance.interop import stix  # noqa: E402
from provenance.interop.stix import (  # noqa: E402
    ADMIRALTY_CONFIDENCE,
    CLAIM_TYPE,
    DNI_CONFIDENCE,
    NAMESPACE,
    RELATION_TYPE,
    StixImportWarning,
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

    @pytest.mark.slow
    @settings(deadline=None)  # The validator takes its time.
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

    @pytest.mark.parametrize("kind", ["note", "identity", "x-custom"])
    def test_a_report_relays_an_opinion_or_a_report(self, kind: str) -> None:
        """
        A report whose relayed object has become another type is refused at
        the report's reference, not with a bare KeyError.
        """
        bundle = to_stix(article())
        objects = bundle["objects"]
        ids = {o["id"]: i for i, o in enumerate(objects)}
        index, report = next(
            (i, o)
            for i, o in enumerate(objects)
            if o["type"] == "report"
            and objects[ids[o["object_refs"][0]]]["type"] == "opinion"
        )
        objects[ids[report["object_refs"][0]]]["type"] = kind

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{index}].object_refs[0]" == info.value.path

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


def quantified() -> pv.Ledger:
    """
    A graded statement on a claim with a quantity about a subject, relayed
    in a channel at a time of day.
    """
    source = pv.Source(name="Adviser", kind=pv.SourceKind.PERSON, role="adviser")
    claim = pv.Claim(
        text="Over 10,000 troops were sent",
        quantity=pv.Quantity(
            value=10000.5, unit="troops", bound=Bound.MORE_THAN, subject="troops"
        ),
        occurred=pv.TimeSpan.since(2024, 10),
    )
    said = pv.Statement(
        source=source,
        claim=claim,
        stance=pv.Stance.of("PS+", "suggested", hearsay=True),
        made_on=dt.date(2024, 11, 1),
        made_at=dt.time(9, 30),
        credibility=2,
    )
    channel = pv.Channel(
        kind=pv.ChannelKind.BRIEFING, audience="lawmakers", public=False
    )
    told = pv.Report(
        reporter=pv.Source(name="Daily", kind=pv.SourceKind.MEDIA_OUTLET),
        content=said,
        channel=channel,
        made_on=dt.date(2024, 11, 1),
        made_at=dt.time(10, 0),
    )
    return pv.Ledger.of([told])


def index(bundle: dict[str, Any], kind: str, *, report_of: str = "") -> int:
    return next(
        i
        for i, o in enumerate(bundle["objects"])
        if o["type"] == kind
        and (not report_of or o["object_refs"][0].startswith(report_of))
    )


class TestForeignRecords:
    def test_stripped_records_are_counted(self) -> None:
        """
        A bundle whose records all lost the library's extension on the way
        (another tool re-exported it) reads as a ledger without them, and
        says how many it could not read.
        """
        bundle = to_stix(article())
        stripped = [o for o in bundle["objects"] if o["type"] in ("opinion", "report")]
        for node in stripped:
            del node["extensions"]

        with pytest.warns(StixImportWarning) as caught:
            ledger = from_stix(bundle)

        assert 1 == len(caught)
        assert f"ignored {len(stripped)} opinion and report objects" in str(
            caught[0].message
        )
        assert 0 == len(ledger)

    def test_relayed_record_stripped(self) -> None:
        """
        A report of the library's whose relayed opinion lost the extension
        cannot be rebuilt: refused, naming the reference and why.
        """
        bundle = to_stix(article())
        index, report = next(
            (i, o) for i, o in enumerate(bundle["objects"]) if o["type"] == "report"
        )
        relayed = next(
            o for o in bundle["objects"] if o["id"] == report["object_refs"][0]
        )
        del relayed["extensions"]

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert "lacks the provenance extension" in info.value.msg
        assert f"$.objects[{index}].object_refs[0]" == info.value.path

    def test_another_tools_opinion_is_counted(self) -> None:
        """
        An opinion another tool wrote beside the library's objects is
        ignored, and counted; the library's records still read back whole.
        """
        bundle = to_stix(article())
        claim = next(o for o in bundle["objects"] if o["type"] == CLAIM_TYPE)
        bundle["objects"].append(
            {
                "type": "opinion",
                "spec_version": "2.1",
                "id": "opinion--" + str(uuid.uuid4()),
                "created": "2024-11-01T00:00:00.000Z",
                "modified": "2024-11-01T00:00:00.000Z",
                "opinion": "agree",
                "object_refs": [claim["id"]],
            }
        )

        with pytest.warns(StixImportWarning, match="ignored 1 opinion"):
            assert article() == from_stix(bundle)

    @pytest.mark.parametrize("order", ["held first", "held last"])
    def test_merged_bundles_held_in_any_order(self, order: str) -> None:
        """
        Two desks' bundles merged: a statement one desk holds and the other
        only reaches through a report comes back held, whichever comes first.
        """
        ledger = article()
        report = next(r for r in ledger if isinstance(r, pv.Report))
        said = report.origin
        one = to_stix(pv.Ledger.of([said]))["objects"]
        two = to_stix(pv.Ledger.of([report]))["objects"]
        objects = one + two if order == "held first" else two + one
        bundle = json.loads(json.dumps({**to_stix(pv.Ledger()), "objects": objects}))

        back = from_stix(bundle)

        assert pv.Ledger.of([said, report]) == back
        assert said in back

    @pytest.mark.parametrize("first", [True, False])
    def test_another_producers_part_of_is_ignored(self, first: bool) -> None:
        """
        Part-of relationships another producer added (to its own identity,
        between the library's identities, back to a member) are ignored
        wherever they stand: a source's affiliation is the one its id
        commits to.
        """
        ledger = article()
        bundle = to_stix(ledger)
        ids = {o["name"]: o["id"] for o in by_type(bundle, "identity")}
        ours = by_type(bundle, "relationship")[0]
        unaffiliated = next(
            s for s in ledger.sources if s.affiliation is None and s.name in ids
        )
        ministry = {
            "type": "identity",
            "spec_version": "2.1",
            "id": f"identity--{uuid.uuid4()}",
            "created": "2025-01-01T00:00:00.000Z",
            "modified": "2025-01-01T00:00:00.000Z",
            "name": "Ministry of National Defense",
            "identity_class": "organization",
        }

        def part_of(member: str, target: str) -> dict[str, Any]:
            return {
                "type": "relationship",
                "spec_version": "2.1",
                "id": f"relationship--{uuid.uuid4()}",
                "created": "2025-01-01T00:00:00.000Z",
                "modified": "2025-01-01T00:00:00.000Z",
                "relationship_type": "part-of",
                "source_ref": member,
                "target_ref": target,
            }

        others = {ours["source_ref"], ours["target_ref"], ids[unaffiliated.name]}
        elsewhere = next(i for i in ids.values() if i not in others)
        foreign = [
            ministry,
            part_of(ours["source_ref"], ministry["id"]),
            part_of(ours["source_ref"], elsewhere),
            part_of(ours["target_ref"], ours["source_ref"]),
            part_of(ids[unaffiliated.name], elsewhere),
        ]
        objects = bundle["objects"]
        bundle["objects"] = foreign + objects if first else objects + foreign

        assert ledger == from_stix(json.loads(json.dumps(bundle)))

    def test_own_bundles_read_without_warning(self) -> None:
        """
        The library's own bundles, assessments included, warn of nothing
        (the suite turns every warning into an error).
        """
        ledger = article()
        bundle = to_stix(ledger, pv.assess_all(ledger), producer=DESK)

        assert ledger == from_stix(bundle)


class TestMore:
    def test_quantities_and_grades(self) -> None:
        """
        Quantities, hearsay, grades, closed channels and times survive, and
        the assessment carries the Admiralty rating's tags.
        """
        ledger = quantified()
        found = pv.assess_all(ledger, as_of=dt.date(2024, 11, 1))
        bundle = checked(to_stix(ledger, found, producer=DESK))
        (verdict,) = (
            o for o in by_type(bundle, "opinion") if "x_provenance_words" in o
        )

        assert ledger == from_stix(bundle)
        assert "F2" == found[ledger.claims[0]].rating
        assert 'admiralty-scale:source-reliability="f"' in verdict["labels"]
        assert 'admiralty-scale:information-credibility="2"' in verdict["labels"]
        assert verdict["created"].startswith("2024-11-01")

    def test_grade_outside_opencti(self) -> None:
        """
        Grade G has a MISP tag but no OpenCTI reliability.
        """
        ledger = quantified()
        source = ledger.statements[0].source
        policy = pv.DEFAULT_POLICY.with_grade(source, "G")
        bundle = checked(to_stix(ledger, policy=policy))
        (person,) = (o for o in by_type(bundle, "identity") if o["name"] == "Adviser")

        assert ['admiralty-scale:source-reliability="g"'] == person["labels"]
        assert "x_opencti_reliability" not in person

    @pytest.mark.parametrize("letter", ["b", "BX", "Z", "1"])
    def test_own_grades_have_no_misp_tag(self, letter: str) -> None:
        """
        A policy's own grade (even one with an Admiralty grade's trust) is
        no Admiralty grade: no MISP reliability tag on the source or on the
        assessment, whose information-credibility tag is still whole.
        """
        source = pv.Source(name="Adviser", kind=pv.SourceKind.PERSON)
        said = pv.Statement(
            source=source,
            claim=pv.Claim(text="Something happened"),
            stance=pv.Stance.from_verb("said"),
            made_on=dt.date(2024, 1, 1),
            credibility=2,
        )
        ledger = pv.Ledger.of([said])
        trusted = pv.grades.ADMIRALTY_GRADES["A"]
        grades = {
            **pv.DEFAULT_POLICY.grades,
            letter: attrs.evolve(trusted, letter=letter),
        }
        policy = attrs.evolve(pv.DEFAULT_POLICY, grades=grades).with_grade(
            source, letter
        )
        found = pv.assess_all(ledger, policy=policy)
        bundle = checked(to_stix(ledger, found, producer=DESK))
        (person,) = (o for o in by_type(bundle, "identity") if o["name"] == "Adviser")
        (verdict,) = (
            o for o in by_type(bundle, "opinion") if "x_provenance_words" in o
        )
        tags = [t for t in verdict["labels"] if t.startswith("admiralty-scale:")]

        assert f"{letter}2" == found[ledger.claims[0]].rating
        assert "labels" not in person
        assert "x_opencti_reliability" not in person
        assert ['admiralty-scale:information-credibility="2"'] == tags

    def test_two_producers_share_content_not_judgements(self) -> None:
        """
        Two desks exporting one ledger give the same claim and relation
        objects (content, naming no producer), and opinions of their own:
        no id names two different objects, so merging their bundles (as
        OpenCTI and MISP do) loses neither desk's judgement.
        """
        ledger = related()
        other = pv.Source(name="Other desk", kind=pv.SourceKind.ORGANISATION)
        found = pv.assess_all(ledger)
        one = checked(to_stix(ledger, found, producer=DESK))
        two = checked(to_stix(ledger, found, producer=other))
        objects: dict[str, dict[str, object]] = {}
        clashes = 0
        for node in [*one["objects"], *two["objects"]]:
            seen = objects.setdefault(node["id"], node)
            clashes += seen != node
        opinions = {
            bundle_id: {o["id"] for o in by_type(bundle, "opinion")}
            for bundle_id, bundle in (("one", one), ("two", two))
        }

        assert 0 == clashes
        for kind in (CLAIM_TYPE, RELATION_TYPE):
            assert all("created_by_ref" not in o for o in by_type(one, kind))
        assert opinions["one"] & opinions["two"] <= {
            o["id"] for o in by_type(one, "opinion") if "x_provenance_stance" in o
        }

    def test_reference_with_url(self) -> None:
        """
        A record's URL, once records have one, is its external reference's.
        """
        channel = pv.Channel(kind=pv.ChannelKind.ARTICLE)

        assert {"source_name": "provenance", "url": "https://a.example/"} == (
            stix._reference(None, "https://a.example/")
        )
        assert (
            "https://a.example/"
            == (stix._reference(channel, "https://a.example/")["url"])
        )

    def test_relations_that_cannot_hold(self) -> None:
        """
        Relations that contradict each other are refused as a document.
        """
        a, b = pv.Claim(text="a"), pv.Claim(text="b")
        one = to_stix(pv.Ledger.of([Entails(specific=a, general=b)]))
        other = to_stix(pv.Ledger.of([Entails(specific=b, general=a)]))
        one["objects"] += by_type(other, RELATION_TYPE)

        with pytest.raises(DocumentError, match="cannot all hold"):
            from_stix(one)


def _set(kind: str, key: str, value: object, *, report_of: str = "") -> Any:
    def change(bundle: dict[str, Any]) -> str:
        i = index(bundle, kind, report_of=report_of)
        bundle["objects"][i][key] = value
        return f"$.objects[{i}]"

    return change


def _report_cycle(bundle: dict[str, Any]) -> str:
    i = index(bundle, "report")
    bundle["objects"][i]["object_refs"] = [bundle["objects"][i]["id"]]
    return f"$.objects[{i}].object_refs"


def _part_of_cycle(bundle: dict[str, Any]) -> str:
    # A part-of back to the member is another producer's, ignored while the
    # affiliation's id matches; altered, it is walked as written.
    parts = [o for o in bundle["objects"] if o["type"] == "relationship"]
    target = parts[0]["target_ref"]
    (affiliation,) = (o for o in bundle["objects"] if o["id"] == target)
    affiliation["name"] += " (altered)"
    bundle["objects"].append(
        {
            **parts[0],
            "source_ref": target,
            "target_ref": parts[0]["source_ref"],
            "id": "relationship--0",
        }
    )
    return ""


MALFORMED = [
    (lambda b: b.update(objects={}) or "$.objects", "must be a list"),
    (
        lambda b: b["objects"].append(1) or f"$.objects[{len(b['objects']) - 1}]",
        "must be an object",
    ),
    (_set("opinion", "x_provenance_act", 3), "must be a string"),
    (_set("opinion", "object_refs", ["a", "b"]), "exactly one claim"),
    (_set("opinion", "object_refs", [1]), "list of ids"),
    (_set("opinion", "created", "yesterday"), "STIX timestamp"),
    (_set("opinion", "created", "2024-02-30T00:00:00.000Z"), "STIX timestamp"),
    (_set("opinion", "x_provenance_made_at", "9:30"), "HH:MM:SS"),
    (_set("opinion", "x_provenance_made_at", "25:00:00"), "HH:MM:SS"),
    (_set("opinion", "x_provenance_channel", "briefing"), "must be an object"),
    (_set("opinion", "x_provenance_channel", {"kind": "telepathy"}), "malformed value"),
    (_set(CLAIM_TYPE, "quantity", 3), "malformed value"),
    (_set(CLAIM_TYPE, "quantity", {"value": "many"}), "malformed value"),
    (_set("report", "object_refs", ["a", "b"]), "exactly one object"),
    (_set("report", "object_refs", ["report--x"]), "no relayed object"),
    (
        _set("opinion", "external_references", [{"url": "https://a.example/"}] * 2),
        "the record's one reference",
    ),
    (_set("opinion", "external_references", [{"url": 5}]), "must be a string"),
    (_report_cycle, "a cycle of reports"),
    (_part_of_cycle, "a cycle of part-of"),
]


@pytest.mark.parametrize(("change", "message"), MALFORMED)
def test_malformed(change: Any, message: str) -> None:
    """
    Each malformed part of a bundle is refused with where it is.
    """
    bundle = json.loads(json.dumps(to_stix(quantified().merge(article()))))
    where = change(bundle)

    with pytest.raises(DocumentError, match=message) as info:
        from_stix(bundle)

    assert info.value.path.startswith(where)


def test_unknown_relation_type() -> None:
    """
    A relation of an unknown type is refused.
    """
    bundle = to_stix(related())
    i = index(bundle, RELATION_TYPE)
    bundle["objects"][i]["relation_type"] = "implies"

    with pytest.raises(DocumentError) as info:
        from_stix(bundle)

    assert f"$.objects[{i}].relation_type" == info.value.path


def test_implied_grades() -> None:
    """
    Under the default policy, a source's grade is the one its trust equals;
    a trust that is no grade cannot be judged (F), as ratings read it.
    """
    ledger = article()
    russia = ledger.source("Russia")
    policy = pv.DEFAULT_POLICY.with_trust(russia, pv.Opinion(0.6, 0.1, 0.3))
    bundle = checked(to_stix(ledger, policy=policy))
    grades = {
        o["name"]: o.get("x_opencti_reliability") for o in by_type(bundle, "identity")
    }

    assert "C - Fairly reliable" == grades["South Korea"]
    assert "F - Reliability cannot be judged" == grades["Russia"]


@st.composite
def related_ledgers(draw: st.DrawFn) -> pv.Ledger:
    """
    A generated ledger with a relation between some of its claims.
    """
    ledger = draw(ledgers())
    claims = sorted(ledger.claims, key=lambda c: c.id)
    assume(len(claims) >= 2)
    chosen = draw(
        st.lists(st.sampled_from(claims), min_size=2, max_size=3, unique=True)
    )
    kind = draw(st.sampled_from(("entails", "equivalent", "exclusive")))
    relation: Entails | Equivalent | Exclusive
    if kind == "entails":
        relation = Entails(specific=chosen[0], general=chosen[1])
    elif kind == "equivalent":
        relation = Equivalent(claims=chosen)
    else:
        relation = Exclusive(key="set", claims=chosen, exhaustive=draw(st.booleans()))
    try:
        return ledger.add(relation)
    except RelationError:
        assume(False)
        raise


@pytest.mark.slow
@settings(deadline=None)
@given(related_ledgers())
def test_any_related_ledger(ledger: pv.Ledger) -> None:
    """
    Any ledger with relations goes out as a valid bundle and comes back equal.
    """
    bundle = checked(to_stix(ledger))

    assert ledger == from_stix(bundle)
