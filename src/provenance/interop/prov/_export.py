"""
Export: a ledger as a W3C PROV document, in content-id order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from prov.constants import PROV, PROV_TYPE, XSD_DATE
from prov.identifier import Identifier, QualifiedName
from prov.model import Literal, ProvDocument

from provenance._fields import compile_prov_writers, prov_names
from provenance.assessment import Assessment
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.interop._assessments import assessments_of
from provenance.interop.prov._values import moment, text
from provenance.interop.prov._vocabulary import (
    CLAIM_TYPE,
    COLLECTION,
    EQUIVALENT_TYPE,
    EXCLUSIVE_TYPE,
    EXHAUSTIVE,
    HELD,
    KEY,
    PROV_KIND,
    PV,
    RELAYS,
    REPORT_TYPE,
    STATEMENT,
    STATEMENT_TYPE,
    qname,
)
from provenance.ledger import Ledger
from provenance.records import Record, Report, Statement
from provenance.relations import Entails, Equivalent, Relation
from provenance.sources import Source
from provenance.stances import Stance


# The attributes that say each value's fields, generated from the description
# of its type in provenance._fields: channels and quantities in place, text
# through text(), in the description's order.
_NAMESPACES: Final = {"pv": PV, "prov": PROV}
_WRITERS: Final = compile_prov_writers(
    {
        "text": text,
        "Identifier": Identifier,
        "qname": qname,
        **{
            constant: _NAMESPACES[prefix][local]
            for constant, (prefix, local) in prov_names().items()
        },
    }
)
_Attributes = list[tuple[QualifiedName, Any]]
_source_attributes: Callable[[Source], _Attributes] = _WRITERS["source_prov"]
_claim_attributes: Callable[[Claim], _Attributes] = _WRITERS["claim_prov"]
_stance_attributes: Callable[[Stance], _Attributes] = _WRITERS["stance_prov"]
_statement_attributes: Callable[[Statement], _Attributes] = _WRITERS["statement_prov"]
_report_attributes: Callable[[Report], _Attributes] = _WRITERS["report_prov"]


def to_prov(
    ledger: Ledger,
    assessments: Mapping[Claim, Assessment] | Iterable[Assessment] | None = None,
) -> ProvDocument:
    """
    The W3C PROV document of *ledger*.

    Records are written in content-id order, so equal ledgers give equal
    documents and identical PROV-N.

    Args:
        ledger: The ledger to export.
        assessments: Assessments of claims in *ledger* (as `assess_all`
            returns them, or any iterable of `Assessment`), written as
            ``pv:`` attributes of the claims' entities. `from_prov` does not
            read them back: they are computed from the ledger.

    Raises:
        InvalidValueError: *ledger* is not a `Ledger`, or an assessment is of
            a claim the ledger does not hold.
    """
    if not isinstance(ledger, Ledger):
        msg = "must be a Ledger"
        raise InvalidValueError(msg, "to_prov.ledger", ledger)
    by_claim = _assessments(ledger, assessments)
    doc = ProvDocument()
    doc.add_namespace(PV)
    for source in ledger.sources:
        _write_source(doc, source)
    for claim in ledger.claims:
        _write_claim(doc, claim, by_claim.get(claim))
    for record in ledger.reached:
        held = record in ledger
        if isinstance(record, Statement):
            _write_statement(doc, record, held=held)
        else:
            _write_report(doc, record, held=held)
    for relation in sorted(ledger.relations, key=_relation_id):
        _write_relation(doc, relation)
    return doc


def _relation_id(relation: Relation) -> str:
    return relation.id


def _write_relation(doc: ProvDocument, relation: Relation) -> None:
    """
    A relation in PROV's terms where it has them (specializationOf for an
    entailment, alternateOf between equivalent claims), and as a collection
    of its claims (``pv:EquivalentSet``, ``pv:ExclusiveSet``) where PROV
    cannot say all of it.
    """
    if isinstance(relation, Entails):
        doc.specialization(
            qname("claim", relation.specific.id), qname("claim", relation.general.id)
        )
        return
    members = sorted(claim.id for claim in relation.claims)
    if isinstance(relation, Equivalent):
        kind = "equivalent"
        attributes: list[tuple[QualifiedName, Any]] = [
            (PROV_TYPE, COLLECTION),
            (PROV_TYPE, EQUIVALENT_TYPE),
        ]
        # For PROV readers: each claim is an alternate of the first.
        for other in members[1:]:
            doc.alternate(qname("claim", members[0]), qname("claim", other))
    else:
        kind = "exclusive"
        attributes = [
            (PROV_TYPE, COLLECTION),
            (PROV_TYPE, EXCLUSIVE_TYPE),
            (KEY, relation.key),
            (EXHAUSTIVE, relation.exhaustive),
        ]
    collection = qname(kind, relation.id)
    doc.entity(collection, attributes)
    for member in members:
        doc.membership(collection, qname("claim", member))


def _assessments(
    ledger: Ledger,
    assessments: Mapping[Claim, Assessment] | Iterable[Assessment] | None,
) -> dict[Claim, Assessment]:
    return assessments_of(ledger, assessments, "to_prov.assessments")


def _write_source(doc: ProvDocument, source: Source) -> None:
    attributes: list[tuple[QualifiedName, Any]] = []
    if source.kind in PROV_KIND:
        attributes.append((PROV_TYPE, PROV_KIND[source.kind]))
    attributes += _source_attributes(source)
    agent = qname("source", source.id)
    doc.agent(agent, attributes)
    if source.affiliation is not None:
        doc.delegation(
            agent,
            qname("source", source.affiliation.id),
            identifier=PV[f"delegation-{source.id}"],
        )


def _write_claim(
    doc: ProvDocument, claim: Claim, assessment: Assessment | None
) -> None:
    attributes: list[tuple[QualifiedName, Any]] = [(PROV_TYPE, CLAIM_TYPE)]
    attributes += _claim_attributes(claim)
    if assessment is not None:
        attributes += _assessment_attributes(assessment)
    doc.entity(qname("claim", claim.id), attributes)


def _assessment_attributes(assessment: Assessment) -> list[tuple[QualifiedName, Any]]:
    opinion = assessment.opinion
    attributes: list[tuple[QualifiedName, Any]] = [
        (PV["probability"], float(assessment.probability)),
        (PV["belief"], float(opinion.belief)),
        (PV["disbelief"], float(opinion.disbelief)),
        (PV["uncertainty"], float(opinion.uncertainty)),
        (PV["baseRate"], float(opinion.base_rate)),
        (PV["words"], text(assessment.words)),
        (PV["confidence"], text(assessment.confidence)),
        (PV["conflict"], float(assessment.conflict)),
    ]
    if assessment.as_of is not None:
        attributes.append(
            (PV["assessedAsOf"], Literal(assessment.as_of.isoformat(), XSD_DATE))
        )
    return attributes


def _write_statement(doc: ProvDocument, statement: Statement, *, held: bool) -> None:
    activity = qname("statement", statement.id)
    attributes: list[tuple[QualifiedName, Any]] = [(PROV_TYPE, STATEMENT_TYPE)]
    if held:
        attributes.append((HELD, True))
    attributes += _statement_attributes(statement)
    doc.activity(
        activity, moment(statement.made_on, statement.made_at), None, attributes
    )
    source = qname("source", statement.source.id)
    doc.association(activity, source, identifier=PV[f"association-{statement.id}"])
    # Hearsay is written only when true, as in the JSON document: exports of
    # stances in a source's own voice are unchanged.
    stance_attributes: list[tuple[QualifiedName, Any]] = [(STATEMENT, activity)]
    stance_attributes += _stance_attributes(statement.stance)
    doc.attribution(
        qname("claim", statement.claim.id),
        source,
        identifier=PV[f"attribution-{statement.id}"],
        other_attributes=stance_attributes,
    )


def _relayed(record: Record) -> tuple[QualifiedName, list[tuple[QualifiedName, Any]]]:
    # The entity a relay derives from, and which statement on it is meant.
    if isinstance(record, Report):
        return qname("report", record.id), []
    return qname("claim", record.claim.id), [(RELAYS, qname("statement", record.id))]


def _write_report(doc: ProvDocument, report: Report, *, held: bool) -> None:
    entity = qname("report", report.id)
    attributes: list[tuple[QualifiedName, Any]] = [(PROV_TYPE, REPORT_TYPE)]
    if held:
        attributes.append((HELD, True))
    attributes += _report_attributes(report)
    doc.entity(entity, attributes)
    doc.generation(
        entity,
        time=moment(report.made_on, report.made_at),
        identifier=PV[f"generation-{report.id}"],
    )
    doc.attribution(
        entity,
        qname("source", report.reporter.id),
        identifier=PV[f"attribution-{report.id}"],
    )
    content, relays = _relayed(report.content)
    doc.quotation(
        entity,
        content,
        identifier=PV[f"quotation-{report.id}"],
        other_attributes=relays,
    )
    if isinstance(report.content, Report):
        origin, relays = _relayed(report.origin)
        doc.primary_source(
            entity,
            origin,
            identifier=PV[f"primary-source-{report.id}"],
            other_attributes=relays,
        )
