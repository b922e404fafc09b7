"""
STIX 2.1 export and import: a ledger as a bundle that OpenCTI, MISP and any
STIX 2.1 tool reads, and back.

`to_stix` writes a ledger (and, if given, its assessments) as a STIX 2.1
bundle of plain dicts, ready for ``json.dumps``; it needs no STIX package.
`from_stix` reads such a bundle back: ``from_stix(to_stix(ledger)) ==
ledger`` for every ledger. The mapping, object by object, is described in the
documentation page "STIX 2.1".

- a `Source` is an ``identity`` (its ``identity_class`` from its kind), its
  affiliation a ``part-of`` relationship;
- a `Claim` is a ``provenance-claim`` object, a new object type declared by
  an ``extension-definition``; relations between claims are
  ``provenance-relation`` objects, declared likewise;
- a `Statement` is the ``opinion`` of its source (``created_by_ref``) on the
  claim's object, its stance's polarity and strength as the opinion value;
- a `Report` is a ``report`` by its reporter whose ``object_refs`` name what
  it relays (an opinion, or another report);
- a `Channel` is an external reference of the record made in it;
- an `Assessment` is the producer's ``opinion`` on the claim, with the
  explanation, the estimative word's value on the STIX confidence scale
  (`DNI_CONFIDENCE`) and MISP taxonomy tags in ``labels``.

What STIX has no property for (the stance's value and verb, hearsay, the
time of day, the channel's fields, which records are held) is kept in
``x_provenance_*`` properties, declared by a third extension definition as
top-level properties. Ids are UUIDv5 names (`NAMESPACE`) of the object type
and the value's content id, so equal values get equal ids in every bundle;
timestamps come from the records, never from the clock.

.. versionadded:: unreleased
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import urllib.parse
import uuid
import warnings

from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any, Final, TypeVar

from provenance.assessment import Assessment, Assessments
from provenance.claims import Bound, Claim, Quantity, TimeSpan
from provenance.errors import DocumentError, InvalidValueError, ProvenanceError
from provenance.estimative import ICD_203, words_for
from provenance.grades import ADMIRALTY_GRADES
from provenance.interop._assessments import assessments_of
from provenance.ledger import Ledger
from provenance.policy import Policy
from provenance.records import Record, Report, Statement
from provenance.relations import Entails, Equivalent, Exclusive, Relation
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import Stance


__all__ = [
    "ADMIRALTY_CONFIDENCE",
    "CLAIM_TYPE",
    "DNI_CONFIDENCE",
    "NAMESPACE",
    "RELATION_TYPE",
    "StixImportWarning",
    "from_stix",
    "to_stix",
]

NAMESPACE: Final = uuid.UUID("f959ac9c-8d4f-5c9e-8fee-29b234cedc7c")
"""
The namespace of the UUIDv5 ids `to_stix` writes: an object's id is
``<type>--<uuid5(NAMESPACE, "<type>:<content id>")>``. It is itself the
UUIDv5 of ``https://provenance-ledger.invalid/ns#stix`` in the URL namespace.
"""

CLAIM_TYPE: Final = "provenance-claim"
"""
The STIX type of a claim's object.
"""

RELATION_TYPE: Final = "provenance-relation"
"""
The STIX type of the object of a relation between claims.
"""

DNI_CONFIDENCE: Final[Mapping[str, int]] = {
    "almost no chance": 5,
    "very unlikely": 15,
    "unlikely": 30,
    "roughly even chance": 50,
    "likely": 70,
    "very likely": 85,
    "almost certain": 95,
}
"""
The STIX ``confidence`` of each ICD 203 estimative word: the value the STIX
2.1 confidence appendix gives the word on its DNI scale. The appendix's bands
are not ICD 203's, so a probability is never written as ``100 * P``.
"""

ADMIRALTY_CONFIDENCE: Final[Mapping[int, int]] = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10}
"""
The STIX ``confidence`` of each Admiralty information-credibility grade, as
the STIX 2.1 confidence appendix gives it; grade 6 (truth cannot be judged)
has none.
"""

_T = TypeVar("_T")
_SPEC: Final = "2.1"
# The extension definitions are one version everywhere: written once, on the
# day they were defined, by the library itself.
_DEFINED: Final = "2026-11-30T00:00:00.000Z"
_LIBRARY: Final = Source(name="provenance-ledger", kind=SourceKind.OTHER)
_SCHEMA: Final = "https://provenance-ledger.invalid/ns#stix"
_EXTENSION_VERSION: Final = "1.0.0"
# The properties only a record's object has (its opinion's, for a statement).
_RECORD_ONLY: Final = (
    "x_provenance_stance",
    "x_provenance_act",
    "x_provenance_retraction",
    "x_provenance_hearsay",
    "x_provenance_made_at",
    "x_provenance_credibility",
    "x_provenance_channel",
    "x_provenance_url",
    "x_provenance_held",
)
# The properties only an assessment's opinion has.
_ASSESSMENT_PROPERTIES: Final = (
    "x_provenance_probability",
    "x_provenance_words",
    "x_provenance_confidence",
    "x_provenance_opinion",
)
_PROPERTIES: Final = (
    "x_provenance_kind",
    *_RECORD_ONLY,
    *_ASSESSMENT_PROPERTIES,
    "x_opencti_reliability",
)
_IDENTITY_CLASS: Final = {
    SourceKind.PERSON: "individual",
    SourceKind.UNNAMED_PERSON: "individual",
    SourceKind.GOVERNMENT: "organization",
    SourceKind.AGENCY: "organization",
    SourceKind.ORGANISATION: "organization",
    SourceKind.MEDIA_OUTLET: "organization",
    SourceKind.ANONYMOUS_GROUP: "group",
    SourceKind.DOCUMENT: "unknown",
    SourceKind.OTHER: "unknown",
}
_SECTORS: Final = {
    SourceKind.GOVERNMENT: "government",
    SourceKind.AGENCY: "government",
    SourceKind.MEDIA_OUTLET: "communications",
}
_OPINION: Final = {
    "CT+": "strongly-agree",
    "PR+": "agree",
    "PS+": "agree",
    "Uu": "neutral",
    "PS-": "disagree",
    "PR-": "disagree",
    "CT-": "strongly-disagree",
}
_VERDICT: Final = {
    "almost no chance": "strongly-disagree",
    "very unlikely": "strongly-disagree",
    "unlikely": "disagree",
    "roughly even chance": "neutral",
    "likely": "agree",
    "very likely": "strongly-agree",
    "almost certain": "strongly-agree",
}
# The standard properties `to_stix` derives from a source or a record alone,
# which other STIX tools show: `from_stix` refuses an object whose copy of
# them says something else than the extension it reads. Left out, as they
# may differ between producers and bundles: `modified` (a later version),
# an identity's `created` (when a ledger first heard of it), `labels` and
# `confidence` (platforms add tags, and OpenCTI caps confidence at the
# importing user's level), and the policy's grades of sources. A claim's or
# relation's properties are all read, and tied to its id. `revoked`, which
# `to_stix` never writes, is checked apart, on every value read.
_DERIVED: Final[Mapping[str, tuple[str, ...]]] = {
    "identity": ("name", "roles", "identity_class", "sectors"),
    "opinion": (
        "created",
        "created_by_ref",
        "object_refs",
        "opinion",
        "explanation",
        "authors",
        "external_references",
    ),
    "report": (
        "created",
        "published",
        "created_by_ref",
        "object_refs",
        "name",
        "description",
        "external_references",
    ),
}
# OpenCTI's reliability vocabulary: Admiralty grades A to F.
_OPENCTI: Final = frozenset("ABCDEF")
_TIME: Final = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}")
# An RFC 3339 date-time: its letters are case-insensitive, its fraction of a
# second any length, its offset Z or +/-HH:MM. [0-9], as \d takes any digit.
_STAMP: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
)
# The standard properties that are timestamps: `check_derived` compares them
# as instants, as a library may write one at another precision (stix2 drops
# `published`'s zero milliseconds) or with an offset.
_STAMPS: Final = frozenset(
    {"created", "modified", "published", "first_seen", "last_seen"}
)
_DAY_SECONDS: Final = 86_400


def _stix_id(kind: str, content_id: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{content_id}')}"


_CLAIM_EXTENSION: Final = _stix_id("extension-definition", CLAIM_TYPE)
_RELATION_EXTENSION: Final = _stix_id("extension-definition", RELATION_TYPE)
_PROPERTY_EXTENSION: Final = _stix_id("extension-definition", "x_provenance")


def _timestamp(day: dt.date, time: dt.time | None = None) -> str:
    # A record's time of day is naive; STIX needs UTC to the millisecond, so
    # it is written as is, and x_provenance_made_at says whether it is known.
    clock = dt.time() if time is None else time
    return f"{day.isoformat()}T{clock.isoformat('seconds')}.000Z"


def _moment(record: Record) -> str:
    return _timestamp(record.made_on, record.made_at)


# --- Export ---------------------------------------------------------------------


def to_stix(
    ledger: Ledger,
    assessments: Mapping[Claim, Assessment] | Iterable[Assessment] | None = None,
    *,
    producer: Source | None = None,
    markings: Iterable[str] = (),
    policy: Policy | None = None,
) -> dict[str, Any]:
    """
    The STIX 2.1 bundle of *ledger*, as plain dicts.

    Objects are written in a fixed order (extension definitions, sources,
    claims, relations, records, assessments), each group in content-id
    order, so equal ledgers give equal bundles. A record's URL (a ``url``
    attribute, when records have one) is written in its external reference.

    Args:
        ledger: The ledger to export.
        assessments: Assessments of claims in *ledger* (as `assess_all`
            returns them, or any iterable of `Assessment`), written as the
            *producer*'s opinions on the claims. `from_stix` does not read
            them back: they are computed from the ledger.
        producer: Who produces the bundle: the ``created_by_ref`` of the
            assessments' opinions (whose ids it is part of, so that two
            producers' judgements never share an id); ``None`` for an
            anonymous producer. Claims and relations are content, the same
            objects whoever exports them, and name no producer.
        markings: Ids of marking definitions (such as the TLP markings'
            ``marking-definition--...``) to put in every object's
            ``object_marking_refs``, except the extension definitions.
        policy: The policy whose Admiralty grades of sources to write (as
            ``x_opencti_reliability`` and MISP tags on the identities): a
            source's own grade, else the grade its trust equals; default:
            the assessments' policy, else none.

    Raises:
        InvalidValueError: *ledger* is not a `Ledger`, *producer* not a
            `Source`, a marking not a marking definition's id, or an
            assessment is of a claim the ledger does not hold.
    """
    if not isinstance(ledger, Ledger):
        msg = "must be a Ledger"
        raise InvalidValueError(msg, "to_stix.ledger", ledger)
    if producer is not None and not isinstance(producer, Source):
        msg = "must be a Source or None"
        raise InvalidValueError(msg, "to_stix.producer", producer)
    marks = _markings(markings)
    by_claim = _assessments(ledger, assessments)
    if policy is None:
        if isinstance(assessments, Assessments):
            policy = assessments.policy
        elif by_claim:
            policy = next(iter(by_claim.values())).policy
    elif not isinstance(policy, Policy):
        msg = "must be a Policy or None"
        raise InvalidValueError(msg, "to_stix.policy", policy)
    writer = _Writer(ledger, producer, marks, policy)
    objects = [*_definitions(), *writer.objects(by_claim)]
    return {
        "type": "bundle",
        "id": _stix_id("bundle", _ledger_id(ledger, by_claim, producer, marks)),
        "objects": objects,
    }


def _markings(markings: object) -> list[str]:
    if isinstance(markings, str) or not isinstance(markings, Iterable):
        msg = "must be a collection of marking definition ids"
        raise InvalidValueError(msg, "to_stix.markings", markings)
    found: list[str] = []
    for marking in markings:
        if not isinstance(marking, str) or not re.fullmatch(
            r"marking-definition--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            marking,
        ):
            msg = "must be a marking definition's id"
            raise InvalidValueError(msg, "to_stix.markings", marking)
        if marking not in found:
            found.append(marking)
    return found


def _assessments(
    ledger: Ledger,
    assessments: Mapping[Claim, Assessment] | Iterable[Assessment] | None,
) -> dict[Claim, Assessment]:
    found = assessments_of(ledger, assessments, "to_stix.assessments")
    return dict(sorted(found.items(), key=lambda item: item[0].id))


def _ledger_id(
    ledger: Ledger,
    by_claim: Mapping[Claim, Assessment],
    producer: Source | None,
    markings: list[str],
) -> str:
    parts = [
        *(record.id for record in ledger),
        *sorted(relation.id for relation in ledger.relations),
        *(f"{claim.id}:{a.probability!r}" for claim, a in by_claim.items()),
        "" if producer is None else producer.id,
        *markings,
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _definitions() -> list[dict[str, Any]]:
    library = _stix_id("identity", _LIBRARY.id)
    common = {
        "spec_version": _SPEC,
        "created": _DEFINED,
        "modified": _DEFINED,
        "created_by_ref": library,
        "schema": _SCHEMA,
        "version": _EXTENSION_VERSION,
    }
    return [
        {
            "type": "identity",
            "spec_version": _SPEC,
            "id": library,
            "created": _DEFINED,
            "modified": _DEFINED,
            "name": _LIBRARY.name,
            "description": "The provenance library, which defines these extensions.",
            "identity_class": "system",
        },
        {
            "type": "extension-definition",
            "id": _CLAIM_EXTENSION,
            **common,
            "name": "provenance claim",
            "description": (
                "A proposition that is true or false: its text (name), the "
                "parties it is about (about_refs) and favours (favours_refs), "
                "when the event occurred (occurred, EDTF), an amount it states "
                "(quantity: value, unit, bound, subject) and a short key."
            ),
            "extension_types": ["new-sdo"],
        },
        {
            "type": "extension-definition",
            "id": _RELATION_EXTENSION,
            **common,
            "name": "provenance relation",
            "description": (
                "How claims relate: 'entails' (specific_ref implies "
                "general_ref), 'equivalent' (claim_refs say the same thing) "
                "or 'exclusive' (at most one of claim_refs is true, exactly "
                "one when exhaustive; key names the set)."
            ),
            "extension_types": ["new-sdo"],
        },
        {
            "type": "extension-definition",
            "id": _PROPERTY_EXTENSION,
            **common,
            "name": "provenance properties",
            "description": (
                "What a provenance ledger records that STIX has no property "
                "for: a source's kind, a statement's stance (FactBank value, "
                "verb, retraction, hearsay) and information credibility, the "
                "time of day a record was made, its channel, whether the "
                "analyst holds it, and an assessment's numbers."
            ),
            "extension_types": ["toplevel-property-extension"],
            "extension_properties": list(_PROPERTIES),
        },
    ]


class _Writer:
    """
    The objects of one bundle, with the first moment each value was seen.
    """

    def __init__(
        self,
        ledger: Ledger,
        producer: Source | None,
        markings: list[str],
        policy: Policy | None,
        ids: dict[tuple[str, str], str] | None = None,
    ) -> None:
        self.ledger = ledger
        self.producer = producer
        self.markings = markings
        self.policy = policy
        # The STIX id of each (type, content id): one value is referred to
        # by many objects, and a UUIDv5 costs a hash.
        self.ids: dict[tuple[str, str], str] = {} if ids is None else ids
        self.first: dict[str, str] = {}
        moments = sorted(_moment(record) for record in ledger.reached)
        self.start = moments[0] if moments else _DEFINED
        self.end = moments[-1] if moments else _DEFINED
        for record in ledger.reached:
            when = _moment(record)
            if isinstance(record, Statement):
                self._seen(record.source, when)
                self._saw(record.claim.id, when)
                for party in record.claim.parties:
                    self._seen(party, when)
            else:
                self._seen(record.reporter, when)

    def _saw(self, key: str, when: str) -> None:
        if key not in self.first or when < self.first[key]:
            self.first[key] = when

    def _seen(self, source: Source, when: str) -> None:
        self._saw(source.id, when)
        for node in source.affiliations():
            self._saw(node.id, when)

    def _id(self, kind: str, content_id: str) -> str:
        found = self.ids.get((kind, content_id))
        if found is None:
            found = self.ids[kind, content_id] = _stix_id(kind, content_id)
        return found

    def _common(self, kind: str, content_id: str, when: str) -> dict[str, Any]:
        node: dict[str, Any] = {
            "type": kind,
            "spec_version": _SPEC,
            "id": self._id(kind, content_id),
            "created": when,
            "modified": when,
        }
        return node

    def _finish(self, node: dict[str, Any], *, toplevel: bool = True) -> dict[str, Any]:
        if self.markings:
            node["object_marking_refs"] = list(self.markings)
        if toplevel:
            # A fresh dict per object: a caller may edit one object alone.
            node["extensions"] = {
                _PROPERTY_EXTENSION: {"extension_type": "toplevel-property-extension"}
            }
        return node

    def objects(self, by_claim: Mapping[Claim, Assessment]) -> Iterator[dict[str, Any]]:
        sources = self._sources()
        for source in sources:
            yield self._identity(source)
        for source in sources:
            if source.affiliation is not None:
                yield self._part_of(source)
        for claim in self.ledger.claims:
            yield self._claim(claim)
        for relation in sorted(self.ledger.relations, key=lambda r: r.id):
            yield self._relation(relation)
        for record in self.ledger.reached:
            if isinstance(record, Statement):
                yield self._statement(record)
            else:
                yield self._report(record)
        for assessment in by_claim.values():
            yield self._assessment(assessment)

    def value(self, value: Source | Record) -> dict[str, Any]:
        """
        The object of a source or a record.
        """
        if isinstance(value, Source):
            return self._identity(value)
        if isinstance(value, Statement):
            return self._statement(value)
        return self._report(value)

    def _sources(self) -> list[Source]:
        sources = list(self.ledger.sources)
        producer = self.producer
        if producer is not None:
            sources += [
                node
                for node in (producer, *producer.affiliations())
                if node not in sources
            ]
        return sources

    def _identity(self, source: Source) -> dict[str, Any]:
        node = self._common(
            "identity", source.id, self.first.get(source.id, self.start)
        )
        node["name"] = source.name
        if source.role is not None:
            node["roles"] = [source.role]
        node["identity_class"] = _IDENTITY_CLASS[source.kind]
        if source.kind in _SECTORS:
            node["sectors"] = [_SECTORS[source.kind]]
        letter = None
        if self.policy is not None:
            # As an assessment's rating reads it: a trust that is no grade
            # (an unnamed person's default) cannot be judged.
            letter = self.policy.grade_letter(source) or "F"
        if letter is not None and (tag := _reliability_tag(letter)) is not None:
            node["labels"] = [tag]
            if letter in _OPENCTI:
                description = ADMIRALTY_GRADES[letter].description
                node["x_opencti_reliability"] = (
                    f"{letter} - {description[:1].upper()}{description[1:]}"
                )
        node["x_provenance_kind"] = source.kind.value
        return self._finish(node)

    def _part_of(self, source: Source) -> dict[str, Any]:
        assert source.affiliation is not None  # noqa: S101  # for mypy
        node = self._common(
            "relationship", source.id, self.first.get(source.id, self.start)
        )
        node["relationship_type"] = "part-of"
        node["source_ref"] = self._id("identity", source.id)
        node["target_ref"] = self._id("identity", source.affiliation.id)
        return self._finish(node, toplevel=False)

    def _claim(self, claim: Claim) -> dict[str, Any]:
        node = self._common(CLAIM_TYPE, claim.id, self.first.get(claim.id, self.start))
        node["name"] = claim.text
        if claim.key is not None:
            node["key"] = claim.key
        if claim.about:
            node["about_refs"] = sorted(self._id("identity", s.id) for s in claim.about)
        if claim.favours:
            node["favours_refs"] = sorted(
                self._id("identity", s.id) for s in claim.favours
            )
        if claim.occurred is not None:
            node["occurred"] = str(claim.occurred)
        if claim.quantity is not None:
            node["quantity"] = _quantity(claim.quantity)
        node = self._finish(node, toplevel=False)
        node["extensions"] = {_CLAIM_EXTENSION: {"extension_type": "new-sdo"}}
        return node

    def _relation(self, relation: Relation) -> dict[str, Any]:
        claims = relation.claims
        when = max(self.first.get(claim.id, self.start) for claim in claims)
        node = self._common(RELATION_TYPE, relation.id, when)
        if isinstance(relation, Entails):
            node["relation_type"] = "entails"
            node["specific_ref"] = self._id(CLAIM_TYPE, relation.specific.id)
            node["general_ref"] = self._id(CLAIM_TYPE, relation.general.id)
        else:
            node["relation_type"] = (
                "equivalent" if isinstance(relation, Equivalent) else "exclusive"
            )
            node["claim_refs"] = sorted(self._id(CLAIM_TYPE, c.id) for c in claims)
            if isinstance(relation, Exclusive):
                node["key"] = relation.key
                node["exhaustive"] = relation.exhaustive
        node = self._finish(node, toplevel=False)
        node["extensions"] = {_RELATION_EXTENSION: {"extension_type": "new-sdo"}}
        return node

    def _record(self, node: dict[str, Any], record: Record) -> None:
        url = record.url
        if record.channel is not None or url is not None:
            uri = None if url is None else _as_uri(url)
            node["external_references"] = [_reference(record.channel, uri)]
            if uri != url:  # An IRI: STIX takes URIs; keep it exactly too.
                node["x_provenance_url"] = url
        if record.made_at is not None:
            node["x_provenance_made_at"] = record.made_at.isoformat("seconds")
        if record.channel is not None:
            node["x_provenance_channel"] = _channel(record.channel)
        if record in self.ledger:
            node["x_provenance_held"] = True

    def _statement(self, statement: Statement) -> dict[str, Any]:
        when = _moment(statement)
        node = self._common("opinion", statement.id, when)
        node["created_by_ref"] = self._id("identity", statement.source.id)
        stance = statement.stance
        node["explanation"] = str(statement)
        node["authors"] = [str(statement.source)]
        node["object_refs"] = [self._id(CLAIM_TYPE, statement.claim.id)]
        node["opinion"] = _OPINION[stance.value]
        if statement.credibility is not None:
            grade = statement.credibility
            node["labels"] = [f'admiralty-scale:information-credibility="{grade}"']
            if grade in ADMIRALTY_CONFIDENCE:
                node["confidence"] = ADMIRALTY_CONFIDENCE[grade]
            node["x_provenance_credibility"] = grade
        node["x_provenance_stance"] = stance.value
        node["x_provenance_act"] = stance.act
        if stance.retraction:
            node["x_provenance_retraction"] = True
        if stance.hearsay:
            node["x_provenance_hearsay"] = True
        self._record(node, statement)
        return self._finish(node)

    def _report(self, report: Report) -> dict[str, Any]:
        when = _moment(report)
        node = self._common("report", report.id, when)
        node["created_by_ref"] = self._id("identity", report.reporter.id)
        node["name"] = f"{report.reporter}: {report.origin.claim.text}"
        node["description"] = str(report)
        node["published"] = when
        content = report.content
        kind = "opinion" if isinstance(content, Statement) else "report"
        node["object_refs"] = [self._id(kind, content.id)]
        self._record(node, report)
        return self._finish(node)

    def _assessment(self, assessment: Assessment) -> dict[str, Any]:
        claim = assessment.claim
        when = self.end
        if assessment.as_of is not None:
            when = min(when, _timestamp(assessment.as_of, dt.time(23, 59, 59)))
        # One id per judgement: the same claim judged alike by another
        # producer, or on another day, is another object.
        producer = "" if self.producer is None else self.producer.id
        judgement = (
            f"{claim.id}:{assessment.probability!r}:{assessment.words}:"
            f"{assessment.confidence}:{assessment.as_of}:{producer}"
        )
        node = self._common("opinion", judgement, when)
        if self.producer is not None:
            node["created_by_ref"] = self._id("identity", self.producer.id)
        word = words_for(assessment.probability, ICD_203)
        labels = [
            f'estimative-language:likelihood-probability="{word.replace(" ", "-")}"',
            (
                "estimative-language:confidence-in-analytic-judgment="
                f'"{assessment.confidence}"'
            ),
        ]
        rating, credibility = assessment.rating, assessment.credibility
        if rating is not None and credibility is not None:
            # The rating is the grade's letter(s), then the credibility digit.
            tag = _reliability_tag(rating.removesuffix(str(credibility)))
            labels += [
                *(() if tag is None else (tag,)),
                f'admiralty-scale:information-credibility="{credibility}"',
            ]
        node["labels"] = labels
        node["confidence"] = DNI_CONFIDENCE[word]
        node["explanation"] = assessment.explain()
        if self.producer is not None:
            node["authors"] = [str(self.producer)]
        node["object_refs"] = [self._id(CLAIM_TYPE, claim.id)]
        node["opinion"] = _VERDICT[word]
        node["x_provenance_probability"] = assessment.probability
        node["x_provenance_words"] = assessment.words
        node["x_provenance_confidence"] = assessment.confidence
        opinion = assessment.opinion
        node["x_provenance_opinion"] = {
            "belief": opinion.belief,
            "disbelief": opinion.disbelief,
            "uncertainty": opinion.uncertainty,
            "base_rate": opinion.base_rate,
        }
        return self._finish(node)


def _reliability_tag(letter: str) -> str | None:
    """
    The MISP ``admiralty-scale:source-reliability`` tag of a grade: only the
    Admiralty grades A to G are in the taxonomy; a policy's own grade
    ("b", "BX") has no tag, and is never published as another grade's.
    """
    if letter not in ADMIRALTY_GRADES:
        return None
    return f'admiralty-scale:source-reliability="{letter.lower()}"'


def _quantity(quantity: Quantity) -> dict[str, Any]:
    node: dict[str, Any] = {
        "value": quantity.value,
        "unit": quantity.unit,
        "bound": quantity.bound.value,
    }
    if quantity.subject is not None:
        node["subject"] = quantity.subject
    return node


def _channel(channel: Channel) -> dict[str, Any]:
    node: dict[str, Any] = {"kind": channel.kind.value}
    if channel.name is not None:
        node["name"] = channel.name
    if channel.audience is not None:
        node["audience"] = channel.audience
    node["public"] = channel.public
    return node


def _as_uri(url: str) -> str:
    """
    *url* as a URI (RFC 3986): an internationalised host in IDNA, and what
    a URI may not hold where it stands (characters beyond ASCII, a second
    ``#``) percent-encoded, as UTF-8.
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = parts.netloc
    if not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = urllib.parse.quote(host, safe="")
        netloc = netloc.replace(host, ascii_host, 1)
    keep = "/?!$&'()*+,;=:@%~-._"
    return urllib.parse.urlunsplit(
        (
            parts.scheme,
            urllib.parse.quote(netloc, safe=keep + "[]"),
            urllib.parse.quote(parts.path, safe=keep),
            urllib.parse.quote(parts.query, safe=keep),
            urllib.parse.quote(parts.fragment, safe=keep),
        )
    )


def _reference(channel: Channel | None, url: str | None) -> dict[str, Any]:
    if channel is None:
        node: dict[str, Any] = {"source_name": "provenance"}
    else:
        name = channel.name or channel.kind.value.replace("_", " ")
        node = {"source_name": name, "description": str(channel)}
    if url is not None:
        node["url"] = url
    return node


# --- Import ---------------------------------------------------------------------


class StixImportWarning(UserWarning):
    """
    `from_stix` ignored opinions or reports that lack the library's extension:
    another tool's, or the library's own stripped of their ``x_provenance_*``
    properties on the way, so the ledger lacks what they said.
    """


def from_stix(bundle: object) -> Ledger:
    """
    The ledger a bundle written by `to_stix` holds.

    Every object is checked against the id it would have, and the standard
    properties of each identity, statement and report (the ones other STIX
    tools show, such as an opinion's ``opinion``) against those `to_stix`
    writes for the value rebuilt from it: a bundle whose values were
    altered is refused, as is one whose copy of a value the ledger is read
    into says ``revoked`` (its creator withdrew it; `to_stix` never writes
    a revoked object). Objects the ledger has no place for (an
    assessment's opinion, other producers' objects) are ignored; opinions and
    reports among them are counted in a `StixImportWarning`.

    Warns:
        StixImportWarning: Opinions or reports without the library's
            extension were ignored.

    Raises:
        DocumentError: *bundle* is not a STIX bundle, an object it needs
            is missing or malformed, or an object's standard properties say
            something else than its extension (or that it is revoked);
            ``path`` is a JSON path into the bundle
            (``"$.objects[3].x_provenance_stance"``).
    """
    if not isinstance(bundle, Mapping) or bundle.get("type") != "bundle":
        msg = "not a STIX bundle"
        raise DocumentError(msg, "$.type")
    objects = bundle.get("objects", [])
    if not isinstance(objects, list):
        msg = "must be a list of objects"
        raise DocumentError(msg, "$.objects")
    reader = _Reader()
    for index, node in enumerate(objects):
        path = f"$.objects[{index}]"
        if not isinstance(node, Mapping):
            msg = "must be an object"
            raise DocumentError(msg, path)
        _check_held(node, path)
        node_id = node.get("id")
        if not isinstance(node_id, str) and (
            _ours(node) or node.get("type") in (CLAIM_TYPE, RELATION_TYPE)
        ):
            # A value the ledger is read from: it needs its id. Another
            # producer's object without one is ignored, as all of them are.
            _text(node, "id", path)
        if isinstance(node_id, str):
            reader.take(node_id, node, path)
    ledger = reader.ledger()
    for index, node in enumerate(objects):
        _check_type(node, f"$.objects[{index}]")
    reader.check_copies(objects)
    reader.check_live(objects)
    reader.check_derived(objects, ledger)
    ignored = [
        node["type"]
        for node, _ in reader.nodes.values()
        if node.get("type") in ("opinion", "report") and not _ours(node)
    ]
    if ignored:
        msg = (
            f"ignored {len(ignored)} opinion and report objects without the "
            "provenance extension (another tool's, or stripped of their "
            "x_provenance properties): the ledger does not hold what they say"
        )
        warnings.warn(StixImportWarning(msg), stacklevel=2)
    return ledger


class _Reader:
    """
    The values of one bundle, each built once, on first use.
    """

    def __init__(self) -> None:
        self.nodes: dict[str, tuple[Mapping[str, Any], str]] = {}
        self.sources: dict[str, Source] = {}
        self.claims: dict[str, Claim] = {}
        self.records: dict[str, Record] = {}
        self.held: set[str] = set()

    def take(self, node_id: str, node: Mapping[str, Any], path: str) -> None:
        """
        Index *node*, the copy at *path* of the object with *node_id*.
        """
        known = self.nodes.get(node_id)
        # The last copy of an id is read, but never one stripped of the
        # extension in place of one that has it: the order of a merged
        # bundle's copies decides nothing.
        if known is None or _ours(node) or not _ours(known[0]):
            self.nodes[node_id] = (node, path)
        if node.get("x_provenance_held") is True and _ours(node):
            # Copies of one record (merged bundles) differ at most in
            # whether their desk held it: held if any copy says so.
            self.held.add(node_id)

    def ledger(self) -> Ledger:
        affiliations: dict[str, tuple[str, str]] = {}
        members: dict[str, list[str]] = {}
        for node, path in self.nodes.values():
            if node.get("type") == "relationship" and (
                node.get("relationship_type") == "part-of"
            ):
                member = _text(node, "source_ref", path)
                target = _text(node, "target_ref", path)
                affiliations[member] = (target, path)
                members.setdefault(target, []).append(member)
        self.affiliations = affiliations
        self._affiliate(members)
        held: list[Record | Relation] = []
        for node_id, (node, path) in self.nodes.items():
            kind = node.get("type")
            if kind == RELATION_TYPE:
                held.append(self._relation(node, path))
            elif _ours(node) and kind in ("opinion", "report"):
                if kind == "opinion" and _is_assessment(node):
                    continue  # Computed, not read.
                record = self._record(node_id)
                if node_id in self.held:
                    held.append(record)
        try:
            return Ledger.of(held)
        except ProvenanceError as exc:
            msg = f"the relations cannot all hold: {exc.msg}"
            raise DocumentError(msg, "$.objects") from None

    def check_copies(self, objects: list[Any]) -> None:
        """
        Refuse two objects with one id that hold different values, naming
        the later, wherever the altered one stands: the ledger is read from
        the last copy of each id, and every other copy of a value read is
        read too and must give that value. Copies may differ in what the
        value does not hold, as merged bundles' copies do (whether their
        desk held it, markings, labels, grades, a timestamp's precision);
        a copy without the extension is left to `check_derived`.
        """
        for index, node in enumerate(objects):
            node_id = node.get("id")
            if not isinstance(node_id, str):
                continue
            read, read_path = self.nodes[node_id]
            if node is read or node == read:
                continue
            path = f"$.objects[{index}]"
            value_id = self._value_id(node_id, node, path)
            if (
                value_id is not None
                and _stix_id(str(read.get("type")), value_id) != node_id
            ):
                msg = (
                    f"the object with this id at {path} holds another value "
                    "(was one altered?)"
                )
                raise DocumentError(msg, f"{read_path}.id")

    def _value_id(self, node_id: str, node: Mapping[str, Any], path: str) -> str | None:
        """
        The content id of the value the copy *node* of a value read holds
        (``""`` for one of another type than the copy read, or a report
        relaying no record read: no value read), or ``None`` if the reader
        reads no value with its id or *node* has no extension.
        """
        kind = node.get("type")
        if kind != self.nodes[node_id][0].get("type"):
            read = (self.claims, self.sources, self.records)
            relation = self.nodes[node_id][0].get("type") == RELATION_TYPE
            return "" if relation or any(node_id in v for v in read) else None
        value: Claim | Relation | Source | Record | None = None
        if kind == CLAIM_TYPE and node_id in self.claims:
            value = self._claim(node, path)
        elif kind == RELATION_TYPE:
            value = self._relation_value(node, path)
        elif not _ours(node):
            pass  # A copy stripped of the extension: see check_derived.
        elif kind == "identity" and node_id in self.sources:
            affiliation = self.sources[node_id].affiliation
            value = self._identity(node, path, affiliation)
        elif kind == "opinion" and node_id in self.records:
            value = self._statement(node, path)
        elif kind == "report" and node_id in self.records:
            refs = _list(node, "object_refs", path)
            content = self.records.get(refs[0]) if len(refs) == 1 else None
            if content is None:
                return ""
            value = self._report(node, path, content)
        return None if value is None else value.id

    def check_live(self, objects: list[Any]) -> None:
        """
        Refuse any copy of a value the bundle was read into that says it was
        revoked: its creator withdrew it (STIX 2.1, 3.2), and tools that
        honour ``revoked`` hide it, while the extension holds it as live.
        `to_stix` never writes a revoked object.
        """
        links: set[tuple[str, str]] | None = None
        for index, node in enumerate(objects):
            if node.get("revoked", False) is False:
                continue  # As every object to_stix writes.
            node_id = node.get("id")
            if not isinstance(node_id, str):
                continue  # Another producer's: from_stix refused ours.
            if links is None:
                links = self._links()
            if (
                node_id in self.sources
                or node_id in self.claims
                or node_id in self.records
                or node.get("type") == RELATION_TYPE
                or _link(node) in links
            ):
                msg = (
                    "is revoked, but the provenance extension holds a live "
                    "value (was it altered?)"
                )
                raise DocumentError(msg, f"$.objects[{index}].revoked")

    def _links(self) -> set[tuple[str, str]]:
        """
        The (member, affiliation) ids of the affiliations read: a part-of
        relationship stating one is a copy of it, whatever its own id.
        """
        refs = {source.id: ref for ref, source in self.sources.items()}
        return {
            (ref, refs[source.affiliation.id])
            for ref, source in self.sources.items()
            if source.affiliation is not None
        }

    def check_derived(self, objects: list[Any], ledger: Ledger) -> None:
        """
        Refuse any copy of a source or record the bundle was read into whose
        standard properties (`_DERIVED`), the ones other STIX tools show,
        say something else than `to_stix` writes for the value rebuilt from
        its extension: two readers would read two different bundles.
        """
        # The ids were checked as the values were read: the writer reuses them.
        ids = {("identity", s.id): ref for ref, s in self.sources.items()}
        ids.update({(CLAIM_TYPE, c.id): ref for ref, c in self.claims.items()})
        for ref, record in self.records.items():
            kind = "opinion" if isinstance(record, Statement) else "report"
            ids[kind, record.id] = ref
        writer = _Writer(ledger, None, [], None, ids)
        written: dict[str, dict[str, Any]] = {}
        for index, node in enumerate(objects):
            node_id = node.get("id")
            if not isinstance(node_id, str):
                continue
            value: Source | Record | None = self.sources.get(node_id)
            if value is None:
                value = self.records.get(node_id)
            if value is None:
                continue
            if node_id not in written:
                written[node_id] = writer.value(value)
            expected = written[node_id]
            for key in _DERIVED[expected["type"]]:
                agrees = _same_instant if key in _STAMPS else _agrees
                if not agrees(expected.get(key), node.get(key)):
                    msg = (
                        "does not match the value the provenance extension "
                        "holds (was it altered?)"
                    )
                    raise DocumentError(msg, f"$.objects[{index}].{key}")

    def _node(self, ref: str, kind: str, path: str) -> tuple[Mapping[str, Any], str]:
        found = self.nodes.get(ref)
        if found is None or found[0].get("type") != kind:
            msg = f"no {kind} object with this id in the bundle"
            raise DocumentError(msg, path)
        return found

    def _affiliate(self, members: Mapping[str, list[str]]) -> None:
        # A source's affiliation is the one its id commits to. Other
        # producers may add part-of relationships (an analyst's enrichment),
        # so a member may have several, or one it was not written with:
        # from the sources with no affiliation outwards, each member takes
        # the target its id matches, whatever the order of the objects.
        identities = {
            node_id: found
            for node_id, found in self.nodes.items()
            if found[0].get("type") == "identity" and _ours(found[0])
        }
        affiliated = {member for group in members.values() for member in group}
        # Those no part-of names as a member first, then (their part-of was
        # another producer's) the members still unresolved.
        for later in (False, True):
            resolved: list[str] = []
            for node_id, (node, path) in identities.items():
                if node_id in self.sources or (node_id in affiliated) != later:
                    continue
                source = self._matching(node_id, node, path, None)
                if source is not None:
                    self.sources[node_id] = source
                    resolved.append(node_id)
            while resolved:
                target = resolved.pop()
                for member in members.get(target, []):
                    if member in self.sources or member not in identities:
                        continue
                    node, path = identities[member]
                    affiliation = self.sources[target]
                    source = self._matching(member, node, path, affiliation)
                    if source is not None:
                        self.sources[member] = source
                        resolved.append(member)

    def _matching(
        self,
        node_id: str,
        node: Mapping[str, Any],
        path: str,
        affiliation: Source | None,
    ) -> Source | None:
        """
        The source of an identity object with *affiliation*, if its id is
        that source's.
        """
        try:
            source = self._identity(node, path, affiliation)
        except DocumentError:
            return None
        return source if node_id == _stix_id("identity", source.id) else None

    def _identity(
        self, node: Mapping[str, Any], path: str, affiliation: Source | None
    ) -> Source:
        role = node.get("roles", [None])
        kind = _text(node, "x_provenance_kind", path)
        return _build(
            path,
            lambda: Source(
                name=_text(node, "name", path),
                kind=SourceKind(kind),
                role=role[0] if isinstance(role, list) and role else None,
                affiliation=affiliation,
            ),
        )

    def source(self, ref: str, path: str) -> Source:
        # Sources whose ids match were resolved by _affiliate; what is left
        # is walked as written, the last part-of of each member its
        # affiliation, to say what is wrong with it.
        chain: list[tuple[str, Mapping[str, Any], str]] = []
        seen: set[str] = set()
        current: str | None = ref
        where = path
        while current is not None and current not in self.sources:
            if current in seen:
                msg = "a cycle of part-of relationships"
                raise DocumentError(msg, where)
            seen.add(current)
            node, node_path = self._node(current, "identity", where)
            chain.append((current, node, node_path))
            parent = self.affiliations.get(current)
            current, where = (None, where) if parent is None else parent
        for node_id, node, node_path in reversed(chain):
            parent = self.affiliations.get(node_id)
            affiliation = None if parent is None else self.sources[parent[0]]
            source = self._identity(node, node_path, affiliation)
            _check_id(node_id, "identity", source.id, node_path)
            self.sources[node_id] = source
        return self.sources[ref]

    def claim(self, ref: str, path: str) -> Claim:
        found = self.claims.get(ref)
        if found is not None:
            return found
        node, node_path = self._node(ref, CLAIM_TYPE, path)
        claim = self._claim(node, node_path)
        _check_id(ref, CLAIM_TYPE, claim.id, node_path)
        self.claims[ref] = claim
        return claim

    def _claim(self, node: Mapping[str, Any], node_path: str) -> Claim:
        about = [
            self.source(r, f"{node_path}.about_refs")
            for r in _list(node, "about_refs", node_path)
        ]
        favours = [
            self.source(r, f"{node_path}.favours_refs")
            for r in _list(node, "favours_refs", node_path)
        ]
        occurred = node.get("occurred")
        quantity = node.get("quantity")

        def build() -> Claim:
            return Claim(
                text=_text(node, "name", node_path),
                about=about,
                favours=favours,
                occurred=None if occurred is None else TimeSpan.parse(occurred),
                quantity=None if quantity is None else _read_quantity(quantity),
                key=node.get("key"),
            )

        return _build(node_path, build)

    def _relation(self, node: Mapping[str, Any], path: str) -> Relation:
        relation = self._relation_value(node, path)
        _check_id(_text(node, "id", path), RELATION_TYPE, relation.id, path)
        return relation

    def _relation_value(self, node: Mapping[str, Any], path: str) -> Relation:
        kind = node.get("relation_type")
        relation: Relation
        if kind == "entails":
            specific = self.claim(_text(node, "specific_ref", path), path)
            general = self.claim(_text(node, "general_ref", path), path)
            relation = _build(path, lambda: Entails(specific=specific, general=general))
        elif kind in ("equivalent", "exclusive"):
            claims = [
                self.claim(ref, f"{path}.claim_refs")
                for ref in _list(node, "claim_refs", path)
            ]
            if kind == "equivalent":
                relation = _build(path, lambda: Equivalent(claims=claims))
            else:
                relation = _build(
                    path,
                    lambda: Exclusive(
                        key=node.get("key"),
                        claims=claims,
                        exhaustive=node.get("exhaustive", False),
                    ),
                )
        else:
            msg = "must be 'entails', 'equivalent' or 'exclusive'"
            raise DocumentError(msg, f"{path}.relation_type")
        return relation

    def _record(self, ref: str) -> Record:
        # A chain of reports is resolved innermost first, without recursion.
        chain: list[tuple[str, Mapping[str, Any], str]] = []
        current = ref
        while current not in self.records:
            node, path = self.nodes[current]
            chain.append((current, node, path))
            if node.get("type") != "report":
                break
            refs = _list(node, "object_refs", path)
            if len(refs) != 1:
                msg = "a report relays exactly one object"
                raise DocumentError(msg, f"{path}.object_refs")
            current = refs[0]
            if current in (c[0] for c in chain):
                msg = "a cycle of reports"
                raise DocumentError(msg, f"{path}.object_refs")
            if current not in self.nodes:
                msg = "no relayed object with this id in the bundle"
                raise DocumentError(msg, f"{path}.object_refs[0]")
            if not _ours(self.nodes[current][0]):
                msg = "the relayed object lacks the provenance extension"
                raise DocumentError(msg, f"{path}.object_refs[0]")
            if self.nodes[current][0].get("type") not in ("opinion", "report"):
                msg = "a report relays an opinion or a report"
                raise DocumentError(msg, f"{path}.object_refs[0]")
        for node_id, node, path in reversed(chain):
            if node.get("type") == "opinion":
                record: Record = self._statement(node, path)
                kind = "opinion"
            else:
                content = self.records[_list(node, "object_refs", path)[0]]
                record = self._report(node, path, content)
                kind = "report"
            _check_id(node_id, kind, record.id, path)
            self.records[node_id] = record
        return self.records[ref]

    def _statement(self, node: Mapping[str, Any], path: str) -> Statement:
        source = self.source(
            _text(node, "created_by_ref", path), f"{path}.created_by_ref"
        )
        refs = _list(node, "object_refs", path)
        if len(refs) != 1:
            msg = "a statement is on exactly one claim"
            raise DocumentError(msg, f"{path}.object_refs")
        claim = self.claim(refs[0], f"{path}.object_refs[0]")
        value = _text(node, "x_provenance_stance", path)
        act = _text(node, "x_provenance_act", path)
        made_on, made_at = _when(node, "created", path)
        channel = _read_channel(node, path)
        url = _read_url(node, path)

        def build() -> Statement:
            stance = Stance.of(
                value,
                act,
                retraction=node.get("x_provenance_retraction", False),
                hearsay=node.get("x_provenance_hearsay", False),
            )
            return Statement(
                source=source,
                claim=claim,
                stance=stance,
                channel=channel,
                made_on=made_on,
                made_at=made_at,
                credibility=node.get("x_provenance_credibility"),
                url=url,
            )

        return _build(path, build)

    def _report(self, node: Mapping[str, Any], path: str, content: Record) -> Report:
        reporter = self.source(
            _text(node, "created_by_ref", path), f"{path}.created_by_ref"
        )
        made_on, made_at = _when(node, "published", path)
        channel = _read_channel(node, path)
        url = _read_url(node, path)
        return _build(
            path,
            lambda: Report(
                reporter=reporter,
                content=content,
                channel=channel,
                made_on=made_on,
                made_at=made_at,
                url=url,
            ),
        )


def _instant(stamp: object) -> Fraction | None:
    """
    The instant an RFC 3339 timestamp names, in seconds since the proleptic
    0001-01-01T00:00:00Z (exact, at any precision), or None if it is none.
    """
    match = _STAMP.fullmatch(stamp) if isinstance(stamp, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second = map(int, match.groups()[:6])
    try:
        # Both refuse what no calendar or clock has (a leap second too:
        # no library built on datetime writes one).
        ordinal = dt.date(year, month, day).toordinal() - 1
        dt.time(hour, minute, second)
    except ValueError:
        return None
    seconds = ordinal * _DAY_SECONDS + hour * 3600 + minute * 60 + second
    if match[8] is not None:
        hours, minutes = int(match[9]), int(match[10])
        if hours > 23 or minutes > 59:  # noqa: PLR2004  # RFC 3339's ranges
            return None
        offset = hours * 3600 + minutes * 60
        seconds -= offset if match[8] == "+" else -offset
    fraction = match[7]
    if fraction is None:
        return Fraction(seconds)
    return seconds + Fraction(int(fraction), 10 ** len(fraction))


def _same_instant(written: object, found: object) -> bool:
    instant = _instant(written)
    return instant is not None and instant == _instant(found)


def _agrees(written: object, found: object) -> bool:
    """
    Whether *found* says what *written* (by `to_stix`) says: a mapping may
    hold more keys (another producer's), nothing else may differ.
    """
    if type(found) is type(written) and found == written:
        return True  # Most often, and quickest.
    if isinstance(written, Mapping):
        return isinstance(found, Mapping) and all(
            key in found and _agrees(value, found[key])
            for key, value in written.items()
        )
    if isinstance(written, list):
        return (
            isinstance(found, list)
            and len(found) == len(written)
            and all(map(_agrees, written, found))
        )
    return False


def _link(node: Mapping[str, Any]) -> tuple[object, object] | None:
    """
    The (member, affiliation) ids a part-of relationship states, if it is one.
    """
    if node.get("type") != "relationship" or (
        node.get("relationship_type") != "part-of"
    ):
        return None
    member, target = node.get("source_ref"), node.get("target_ref")
    if not isinstance(member, str) or not isinstance(target, str):
        return None  # Not a link any source read can have.
    return member, target


def _ours(node: Mapping[str, Any]) -> bool:
    extensions = node.get("extensions")
    return isinstance(extensions, Mapping) and _PROPERTY_EXTENSION in extensions


# The types of the objects each of the library's extensions is written on.
_TYPES: Final = {
    _PROPERTY_EXTENSION: ("identity", "opinion", "report"),
    _CLAIM_EXTENSION: (CLAIM_TYPE,),
    _RELATION_EXTENSION: (RELATION_TYPE,),
}


def _check_type(node: Mapping[str, Any], path: str) -> None:
    """
    Refuse an object with one of the library's extensions whose ``type`` is
    not one that extension is written on: the reader reads values by type,
    so it would skip the object, and the ledger would silently lack it.
    """
    extensions = node.get("extensions")
    if not isinstance(extensions, Mapping):
        return
    kind = node.get("type")
    for extension, types in _TYPES.items():
        if extension in extensions and kind not in types:
            *first, last = (repr(t) for t in types)
            either = f"{', '.join(first)} or {last}" if first else last
            msg = f"must be {either}: the object has the provenance extension"
            raise DocumentError(msg, f"{path}.type")


def _check_held(node: Mapping[str, Any], path: str) -> None:
    """
    Refuse a ``x_provenance_held`` of the library's that is not ``true``:
    `to_stix` writes it only so, and any other value would read as a
    record not held, silently dropped from the ledger.
    """
    held = node.get("x_provenance_held", True)
    if held is not True and _ours(node):
        msg = "must be true (left out for a record not held)"
        raise DocumentError(msg, f"{path}.x_provenance_held")


# The properties only a record's opinion has, and those only an
# assessment's has: an opinion is read as an assessment (and skipped) only
# when it has some of the second and none of the first, so that a statement
# that lost its stance is refused as missing it, not skipped.
_RECORD_PROPERTIES: Final = frozenset(_RECORD_ONLY)


def _is_assessment(node: Mapping[str, Any]) -> bool:
    return not _RECORD_PROPERTIES.intersection(node) and any(
        key in node for key in _ASSESSMENT_PROPERTIES
    )


def _build(path: str, make: Callable[[], _T]) -> _T:
    try:
        return make()
    except ProvenanceError as exc:
        msg = getattr(exc, "msg", str(exc))
        raise DocumentError(msg, path) from None
    except (TypeError, ValueError, AttributeError) as exc:
        msg = f"malformed value: {exc}"
        raise DocumentError(msg, path) from None


def _check_id(ref: str, kind: str, content_id: str, path: str) -> None:
    if ref != _stix_id(kind, content_id):
        msg = "the id does not match the object's content (was it altered?)"
        raise DocumentError(msg, f"{path}.id")


def _text(node: Mapping[str, Any], key: str, path: str) -> str:
    value = node.get(key)
    if not isinstance(value, str):
        msg = "must be a string" if key in node else "missing"
        raise DocumentError(msg, f"{path}.{key}")
    return value


def _list(node: Mapping[str, Any], key: str, path: str) -> list[str]:
    value = node.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        msg = "must be a list of ids"
        raise DocumentError(msg, f"{path}.{key}")
    return value


def _when(
    node: Mapping[str, Any], key: str, path: str
) -> tuple[dt.date, dt.time | None]:
    instant = _instant(_text(node, key, path))
    try:
        if instant is None:
            raise ValueError(key)  # noqa: TRY301  # one message for both
        # The day in UTC, which `to_stix` writes: the same whatever offset
        # another library writes the instant with.
        day = dt.date.fromordinal(int(instant // _DAY_SECONDS) + 1)
    except ValueError:
        msg = "must be a STIX timestamp"
        raise DocumentError(msg, f"{path}.{key}") from None
    made_at = node.get("x_provenance_made_at")
    if made_at is None:
        return day, None
    if not isinstance(made_at, str) or not _TIME.fullmatch(made_at):
        msg = "must be a time of day as HH:MM:SS"
        raise DocumentError(msg, f"{path}.x_provenance_made_at")
    try:
        return day, dt.time.fromisoformat(made_at)
    except ValueError:
        msg = "must be a time of day as HH:MM:SS"
        raise DocumentError(msg, f"{path}.x_provenance_made_at") from None


def _read_url(node: Mapping[str, Any], path: str) -> str | None:
    """
    The record's URL: the one external reference `_reference` writes.
    """
    references = node.get("external_references")
    if references is None:
        return None
    if not isinstance(references, list) or len(references) != 1:
        msg = "must hold the record's one reference"
        raise DocumentError(msg, f"{path}.external_references")
    (reference,) = references
    url = reference.get("url") if isinstance(reference, Mapping) else None
    url = node.get("x_provenance_url", url)
    if url is not None and not isinstance(url, str):
        msg = "must be a string"
        raise DocumentError(msg, f"{path}.external_references[0].url")
    return url


def _read_channel(node: Mapping[str, Any], path: str) -> Channel | None:
    raw = node.get("x_provenance_channel")
    if raw is None:
        return None
    where = f"{path}.x_provenance_channel"
    if not isinstance(raw, Mapping):
        msg = "must be an object"
        raise DocumentError(msg, where)
    return _build(
        where,
        lambda: Channel(
            kind=ChannelKind(raw.get("kind")),
            name=raw.get("name"),
            audience=raw.get("audience"),
            public=raw.get("public", True),
        ),
    )


def _read_quantity(raw: Any) -> Quantity:
    if not isinstance(raw, Mapping):
        msg = "must be an object"
        raise TypeError(msg)
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        msg = "a quantity's value must be a number"
        raise TypeError(msg)
    return Quantity(
        value=value,
        unit=raw.get("unit"),
        bound=Bound(raw.get("bound")),
        subject=raw.get("subject"),
    )
