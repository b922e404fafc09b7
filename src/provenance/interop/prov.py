"""
W3C PROV export and import, built on the `prov
<https://pypi.org/project/prov/>`_ package (the ``prov`` extra).

`to_prov` writes a ledger as a ``prov.model.ProvDocument``; `from_prov`
reads one back. Every field survives, also after the document has been
serialised by ``prov`` as PROV-JSON, PROV-N, PROV-XML or PROV-O (RDF) and
read back: ``from_prov(to_prov(ledger)) == ledger``. The mapping is described, construct
by construct, in the documentation page "W3C PROV".

Identifiers are content ids in the library's namespace (`NAMESPACE`, prefix
``pv``): ``pv:source-<id>``, ``pv:claim-<id>``, ``pv:statement-<id>``,
``pv:report-<id>``. Fields PROV has no term for are attributes in the same
namespace.

Documents made by other PROV tools are read where they can be: records the
ledger has no place for are ignored with a `ProvImportWarning`, and a document
that lacks something a ledger needs raises a `DocumentError` whose ``path``
names the PROV record (``"prov:ex:claim"``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

from provenance._validators import parse_time
from provenance.assessment import Assessment
from provenance.claims import Bound, Claim, Quantity, TimeSpan
from provenance.errors import (
    DepthExceededError,
    DocumentError,
    IntegrityError,
    InvalidValueError,
    ReferenceCycleError,
    UnknownReferenceError,
    short_repr,
)
from provenance.ledger import Ledger
from provenance.records import Record, Report, Statement, max_depth
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import CT_PLUS, Stance


try:
    from prov.constants import (
        PROV,
        PROV_ATTR_ACTIVITY,
        PROV_ATTR_AGENT,
        PROV_ATTR_DELEGATE,
        PROV_ATTR_ENTITY,
        PROV_ATTR_GENERATED_ENTITY,
        PROV_ATTR_RESPONSIBLE,
        PROV_ATTR_USED_ENTITY,
        PROV_LABEL,
        PROV_TYPE,
        XSD_DATE,
        XSD_STRING,
    )
    from prov.identifier import Namespace, QualifiedName
    from prov.model import (
        Literal,
        ProvActivity,
        ProvAgent,
        ProvAssociation,
        ProvAttribution,
        ProvDelegation,
        ProvDerivation,
        ProvDocument,
        ProvEntity,
        ProvException,
        ProvGeneration,
        ProvRecord,
    )
except ImportError as exc:  # pragma: no cover (the tests run with the extra)
    msg = (
        "provenance.interop.prov needs the 'prov' extra: "
        "pip install 'provenance-ledger[prov]'"
    )
    raise ImportError(msg) from exc


__all__ = [
    "NAMESPACE",
    "PREFIX",
    "ProvImportWarning",
    "from_prov",
    "to_prov",
]

T = TypeVar("T")

NAMESPACE: Final = "https://provenance-ledger.invalid/ns#"
"""
The URI of the library's PROV namespace: its identifiers and the attributes
PROV has no term for. ``.invalid`` is reserved (RFC 2606), so the URI never
resolves and never changes owner; it is a name, not a location.
"""
PREFIX: Final = "pv"
"""
The prefix `to_prov` binds to `NAMESPACE`.
"""

_PV: Final = Namespace(PREFIX, NAMESPACE)


class ProvImportWarning(UserWarning):
    """
    `from_prov` ignored records of a PROV document that a ledger has no place
    for (usages, communications, unrelated entities, ...).
    """


# --- Names --------------------------------------------------------------------

# Vocabulary: types and attributes in the library's namespace.
_STATEMENT_TYPE: Final = _PV["Statement"]
_REPORT_TYPE: Final = _PV["Report"]
_CLAIM_TYPE: Final = _PV["Claim"]
_ESCAPED: Final = _PV["escaped"]

_KIND: Final = _PV["kind"]
_ROLE: Final = _PV["role"]
_ABOUT: Final = _PV["about"]
_FAVOURS: Final = _PV["favours"]
_OCCURRED: Final = _PV["occurred"]
_QUANTITY: Final = _PV["quantity"]
_UNIT: Final = _PV["unit"]
_BOUND: Final = _PV["bound"]
_KEY: Final = _PV["key"]
_STANCE: Final = _PV["stance"]
_ACT: Final = _PV["act"]
_RETRACTION: Final = _PV["retraction"]
_HEARSAY: Final = _PV["hearsay"]
_STATEMENT: Final = _PV["statement"]
_RELAYS: Final = _PV["relays"]
_CHANNEL: Final = _PV["channel"]
_CHANNEL_NAME: Final = _PV["channelName"]
_AUDIENCE: Final = _PV["audience"]
_PUBLIC: Final = _PV["public"]
_HELD: Final = _PV["held"]
_MADE_AT: Final = _PV["madeAt"]

_PERSON: Final = PROV["Person"]
_ORGANIZATION: Final = PROV["Organization"]
_QUOTATION: Final = PROV["Quotation"]
_PRIMARY_SOURCE: Final = PROV["PrimarySource"]
_REVISION: Final = PROV["Revision"]

_PROV_KIND: Final = {
    SourceKind.PERSON: _PERSON,
    SourceKind.UNNAMED_PERSON: _PERSON,
    SourceKind.GOVERNMENT: _ORGANIZATION,
    SourceKind.AGENCY: _ORGANIZATION,
    SourceKind.ORGANISATION: _ORGANIZATION,
    SourceKind.MEDIA_OUTLET: _ORGANIZATION,
}
# Local names of foreign prov:type values that name one of our kinds.
_KIND_ALIASES: Final = {"organization": SourceKind.ORGANISATION}

# Assessments: derived values, written for PROV consumers, never read back.
_ASSESSMENT: Final = (
    "probability",
    "belief",
    "disbelief",
    "uncertainty",
    "baseRate",
    "estimate",
    "confidence",
    "conflict",
    "assessedAsOf",
)

_OUR_ID: Final = re.compile(r"(source|claim|statement|report)-([0-9a-f]{64})")


def _qname(kind: str, content_id: str) -> QualifiedName:
    return _PV[f"{kind}-{content_id}"]


# --- Values -------------------------------------------------------------------

# Characters XML 1.0 cannot carry, even as character references: C0 controls
# other than tab, newline and carriage return, surrogates, U+FFFE and U+FFFF.
_UNSAFE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE: Final = re.compile("[%\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_UNESCAPE: Final = re.compile(r"%([0-9A-F]{4})|%")


def _text(value: str) -> str | Literal:
    """
    A text value every PROV serialisation keeps exactly.

    Text that XML cannot carry is written as a literal of datatype
    ``pv:escaped``, with each such character (and ``%``) as ``%XXXX``;
    all other text is a plain string, readable by any PROV tool.
    """
    if _UNSAFE.search(value) is None:
        return value
    escaped = _ESCAPE.sub(lambda match: f"%{ord(match[0]):04X}", value)
    return Literal(escaped, _ESCAPED)


def _unescape(value: str, path: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match[1] is None:
            msg = "malformed pv:escaped text (a '%' not followed by 4 hex digits)"
            raise DocumentError(msg, path)
        return chr(int(match[1], 16))

    return _UNESCAPE.sub(replace, value)


def _moment(day: dt.date, time: dt.time | None) -> dt.datetime:
    # A record without a time of day is dated at midnight; pv:madeAt says
    # whether the time is known, so that 00:00 and "unknown" stay apart.
    return dt.datetime.combine(day, dt.time() if time is None else time)


def _made_at(time: dt.time | None) -> list[tuple[QualifiedName, Any]]:
    return [] if time is None else [(_MADE_AT, time.isoformat())]


# --- Export -------------------------------------------------------------------


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
    doc.add_namespace(_PV)
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
    return doc


def _assessments(
    ledger: Ledger,
    assessments: Mapping[Claim, Assessment] | Iterable[Assessment] | None,
) -> dict[Claim, Assessment]:
    if assessments is None:
        return {}
    values = assessments.values() if isinstance(assessments, Mapping) else assessments
    known = set(ledger.claims)
    result: dict[Claim, Assessment] = {}
    for assessment in values:
        if not isinstance(assessment, Assessment):
            msg = "must be an Assessment"
            raise InvalidValueError(msg, "to_prov.assessments", assessment)
        if assessment.claim not in known:
            msg = "an assessment of a claim the ledger does not hold"
            raise InvalidValueError(msg, "to_prov.assessments", assessment.claim)
        result[assessment.claim] = assessment
    return result


def _write_source(doc: ProvDocument, source: Source) -> None:
    attributes: list[tuple[QualifiedName, Any]] = []
    if source.kind in _PROV_KIND:
        attributes.append((PROV_TYPE, _PROV_KIND[source.kind]))
    attributes += [(PROV_LABEL, _text(source.name)), (_KIND, source.kind.value)]
    if source.role is not None:
        attributes.append((_ROLE, _text(source.role)))
    agent = _qname("source", source.id)
    doc.agent(agent, attributes)
    if source.affiliation is not None:
        doc.delegation(
            agent,
            _qname("source", source.affiliation.id),
            identifier=_PV[f"delegation-{source.id}"],
        )


def _write_claim(
    doc: ProvDocument, claim: Claim, assessment: Assessment | None
) -> None:
    attributes: list[tuple[QualifiedName, Any]] = [
        (PROV_TYPE, _CLAIM_TYPE),
        (PROV_LABEL, _text(claim.text)),
    ]
    attributes += [
        (_ABOUT, _qname("source", party))
        for party in sorted(party.id for party in claim.about)
    ]
    attributes += [
        (_FAVOURS, _qname("source", party))
        for party in sorted(party.id for party in claim.favours)
    ]
    if claim.occurred is not None:
        attributes.append((_OCCURRED, str(claim.occurred)))
    if claim.quantity is not None:
        # Python's int and float become xsd:integer and xsd:double in every
        # serialisation, exactly: the value's type survives.
        attributes += [
            (_QUANTITY, claim.quantity.value),
            (_UNIT, _text(claim.quantity.unit)),
            (_BOUND, claim.quantity.bound.value),
        ]
    if claim.key is not None:
        attributes.append((_KEY, claim.key))
    if assessment is not None:
        attributes += _assessment_attributes(assessment)
    doc.entity(_qname("claim", claim.id), attributes)


def _assessment_attributes(assessment: Assessment) -> list[tuple[QualifiedName, Any]]:
    opinion = assessment.opinion
    attributes: list[tuple[QualifiedName, Any]] = [
        (_PV["probability"], float(assessment.probability)),
        (_PV["belief"], float(opinion.belief)),
        (_PV["disbelief"], float(opinion.disbelief)),
        (_PV["uncertainty"], float(opinion.uncertainty)),
        (_PV["baseRate"], float(opinion.base_rate)),
        (_PV["estimate"], _text(assessment.words)),
        (_PV["confidence"], _text(assessment.confidence)),
        (_PV["conflict"], float(assessment.conflict)),
    ]
    if assessment.as_of is not None:
        attributes.append(
            (_PV["assessedAsOf"], Literal(assessment.as_of.isoformat(), XSD_DATE))
        )
    return attributes


def _channel_attributes(channel: Channel | None) -> list[tuple[QualifiedName, Any]]:
    if channel is None:
        return []
    attributes: list[tuple[QualifiedName, Any]] = [(_CHANNEL, channel.kind.value)]
    if channel.name is not None:
        attributes.append((_CHANNEL_NAME, _text(channel.name)))
    if channel.audience is not None:
        attributes.append((_AUDIENCE, _text(channel.audience)))
    attributes.append((_PUBLIC, channel.public))
    return attributes


def _write_statement(doc: ProvDocument, statement: Statement, *, held: bool) -> None:
    activity = _qname("statement", statement.id)
    attributes: list[tuple[QualifiedName, Any]] = [(PROV_TYPE, _STATEMENT_TYPE)]
    if held:
        attributes.append((_HELD, True))
    attributes += _channel_attributes(statement.channel)
    attributes += _made_at(statement.made_at)
    doc.activity(
        activity, _moment(statement.made_on, statement.made_at), None, attributes
    )
    source = _qname("source", statement.source.id)
    doc.association(activity, source, identifier=_PV[f"association-{statement.id}"])
    stance = statement.stance
    stance_attributes: list[tuple[QualifiedName, Any]] = [
        (_STATEMENT, activity),
        (_STANCE, stance.value),
        (_ACT, _text(stance.act)),
        (_RETRACTION, stance.retraction),
    ]
    # Written only when true, as in the JSON document: exports of stances in
    # a source's own voice are unchanged.
    if stance.hearsay:
        stance_attributes.append((_HEARSAY, True))
    doc.attribution(
        _qname("claim", statement.claim.id),
        source,
        identifier=_PV[f"attribution-{statement.id}"],
        other_attributes=stance_attributes,
    )


def _relayed(record: Record) -> tuple[QualifiedName, list[tuple[QualifiedName, Any]]]:
    # The entity a relay derives from, and which statement on it is meant.
    if isinstance(record, Report):
        return _qname("report", record.id), []
    return _qname("claim", record.claim.id), [(_RELAYS, _qname("statement", record.id))]


def _write_report(doc: ProvDocument, report: Report, *, held: bool) -> None:
    entity = _qname("report", report.id)
    attributes: list[tuple[QualifiedName, Any]] = [(PROV_TYPE, _REPORT_TYPE)]
    if held:
        attributes.append((_HELD, True))
    attributes += _channel_attributes(report.channel)
    attributes += _made_at(report.made_at)
    doc.entity(entity, attributes)
    doc.generation(
        entity,
        time=_moment(report.made_on, report.made_at),
        identifier=_PV[f"generation-{report.id}"],
    )
    doc.attribution(
        entity,
        _qname("source", report.reporter.id),
        identifier=_PV[f"attribution-{report.id}"],
    )
    content, relays = _relayed(report.content)
    doc.quotation(
        entity,
        content,
        identifier=_PV[f"quotation-{report.id}"],
        other_attributes=relays,
    )
    if isinstance(report.content, Report):
        origin, relays = _relayed(report.origin)
        doc.primary_source(
            entity,
            origin,
            identifier=_PV[f"primary-source-{report.id}"],
            other_attributes=relays,
        )


# --- Import -------------------------------------------------------------------


def from_prov(document: ProvDocument, *, verify: bool = True) -> Ledger:
    """
    The ledger a W3C PROV document describes.

    Reads what `to_prov` writes exactly, and documents made by other PROV
    tools where it can: an entity attributed to an agent is a claim that
    agent stated; an entity derived from another and attributed to an agent
    is a report by that agent. The documentation page "W3C PROV" lists the
    rules and defaults. Bundles are read as if their records were at the top.

    Args:
        document: The document, as ``prov`` reads it from any serialisation.
        verify: Check that every record whose identifier is a content id
            (``pv:statement-<id>``, ...) still has that content.

    Raises:
        DocumentError: The document lacks something a ledger needs (a
            statement with no source or no date, a report with no reporter),
            or a value is malformed; ``path`` names the PROV record
            (``"prov:pv:statement-ab12..."``). Its subclasses say more:
            `UnknownReferenceError`, `ReferenceCycleError`, `IntegrityError`.
        DepthExceededError: A chain of reports is deeper than `max_depth`.

    Warns:
        ProvImportWarning: Records a ledger has no place for were ignored.
    """
    if not isinstance(document, ProvDocument):
        msg = "must be a prov.model.ProvDocument"
        raise InvalidValueError(msg, "from_prov.document", document)
    try:
        unified = document.flattened().unified()
    except ProvException as exc:
        msg = f"records with one identifier cannot be merged: {exc}"
        raise DocumentError(msg, "prov:") from exc
    return _Reader(unified, verify=verify).ledger()


def _path(record: ProvRecord | QualifiedName) -> str:
    if isinstance(record, QualifiedName):
        return f"prov:{record}"
    if record.identifier is not None:
        return f"prov:{record.identifier}"
    return f"prov:{short_repr(record.get_provn(), 120)[1:-1]}"


def _ref(record: ProvRecord, name: QualifiedName) -> QualifiedName | None:
    value = record.formal_attributes[
        [attr for attr, _ in record.formal_attributes].index(name)
    ][1]
    return value if isinstance(value, QualifiedName) else None


def _values(record: ProvRecord | None, name: QualifiedName) -> list[Any]:
    if record is None:
        return []
    return [value for attr, value in record.attributes if attr == name]


def _types(record: ProvRecord | None) -> list[QualifiedName]:
    return [v for v in _values(record, PROV_TYPE) if isinstance(v, QualifiedName)]


def _type_names(record: ProvRecord | None) -> list[str]:
    # The local names of a foreign record's types, normalised: "ex:Interview"
    # and "press-release" become "interview" and "press_release".
    names = []
    for value in _values(record, PROV_TYPE):
        if isinstance(value, QualifiedName):
            names.append(_normalise(value.localpart))
        elif isinstance(value, (str, Literal)):
            text = value if isinstance(value, str) else value.value
            names.append(_normalise(re.split(r"[:#/]", text)[-1]))
    return names


class _Reader:
    """
    Builds a ledger from a unified PROV document, each value exactly once.
    """

    def __init__(self, document: ProvDocument, *, verify: bool) -> None:
        self.verify = verify
        self.agents: dict[QualifiedName, ProvAgent] = {}
        self.entities: dict[QualifiedName, ProvEntity] = {}
        self.activities: dict[QualifiedName, ProvActivity] = {}
        self.attributions: dict[QualifiedName, list[ProvAttribution]] = {}
        self.associations: dict[QualifiedName, list[ProvAssociation]] = {}
        self.delegations: dict[QualifiedName, list[ProvDelegation]] = {}
        self.derivations: dict[QualifiedName, list[ProvDerivation]] = {}
        self.generations: dict[QualifiedName, list[ProvGeneration]] = {}
        self.ignored: list[ProvRecord] = []
        self.used: set[int] = set()
        self._index(document.get_records())
        self.sources: dict[QualifiedName, Source] = {}
        self.claims: dict[QualifiedName, Claim] = {}
        self.statements: dict[int, Statement] = {}  # by id() of the attribution
        self.by_activity: dict[QualifiedName, ProvAttribution] = {}
        self.reports: dict[QualifiedName, Report] = {}

    def _index(self, records: Iterable[ProvRecord]) -> None:
        elements: tuple[tuple[type, dict[QualifiedName, Any]], ...] = (
            (ProvAgent, self.agents),
            (ProvEntity, self.entities),
            (ProvActivity, self.activities),
        )
        relations: tuple[tuple[type, QualifiedName, dict[QualifiedName, Any]], ...] = (
            (ProvAttribution, PROV_ATTR_ENTITY, self.attributions),
            (ProvAssociation, PROV_ATTR_ACTIVITY, self.associations),
            (ProvDelegation, PROV_ATTR_DELEGATE, self.delegations),
            (ProvDerivation, PROV_ATTR_GENERATED_ENTITY, self.derivations),
            (ProvGeneration, PROV_ATTR_ENTITY, self.generations),
        )
        for record in records:
            for kind, table in elements:
                if type(record) is kind and record.identifier is not None:
                    table[record.identifier] = record
                    break
            else:
                for kind, key, index in relations:
                    if type(record) is kind and (ref := _ref(record, key)) is not None:
                        index.setdefault(ref, []).append(record)
                        break
                else:
                    self.ignored.append(record)

    def _use(self, *records: ProvRecord | None) -> None:
        self.used.update(id(record) for record in records if record is not None)

    # -- Reading attribute values ---------------------------------------------

    def _one(self, record: ProvRecord | None, name: QualifiedName, path: str) -> Any:
        values = _values(record, name)
        if len(values) > 1:
            msg = f"more than one value of {name}"
            raise DocumentError(msg, path)
        return values[0] if values else None

    def _text(
        self, record: ProvRecord | None, name: QualifiedName, path: str
    ) -> str | None:
        value = self._one(record, name, path)
        return None if value is None else _text_value(value, f"{path}.{name}")

    def _bool(
        self, record: ProvRecord | None, name: QualifiedName, path: str, default: bool
    ) -> bool:
        value = self._one(record, name, path)
        if value is None:
            return default
        if not isinstance(value, bool):
            msg = f"expected true or false, got {short_repr(value)}"
            raise DocumentError(msg, f"{path}.{name}")
        return value

    def _label(self, record: ProvRecord | None, ref: QualifiedName, path: str) -> str:
        # Several labels (one per language, say): the first one.
        labels = _values(record, PROV_LABEL)
        if labels:
            return _text_value(labels[0], f"{path}.{PROV_LABEL}")
        return ref.localpart

    # -- Sources ---------------------------------------------------------------

    def source(self, ref: QualifiedName) -> Source:
        if (done := self.sources.get(ref)) is not None:
            return done
        # Walk up the affiliation chain iteratively: chains may be deep.
        chain: list[QualifiedName] = []
        node: QualifiedName | None = ref
        while node is not None and node not in self.sources:
            if node in chain:
                cycle = tuple(str(n) for n in chain[chain.index(node) :])
                msg = "affiliations form a cycle"
                raise ReferenceCycleError(msg, _path(node), cycle)
            chain.append(node)
            node = self._responsible(node)
        for key in reversed(chain):
            self.sources[key] = self._build_source(key)
        return self.sources[ref]

    def _responsible(self, ref: QualifiedName) -> QualifiedName | None:
        delegations = self.delegations.get(ref, [])
        responsible = {_ref(d, PROV_ATTR_RESPONSIBLE) for d in delegations}
        responsible.discard(None)
        if len(responsible) > 1:
            msg = "acts on behalf of more than one agent (a source has one affiliation)"
            raise DocumentError(msg, _path(ref))
        self._use(*delegations)
        return next(iter(responsible), None)

    def _build_source(self, ref: QualifiedName) -> Source:
        agent = self.agents.get(ref)
        path = _path(ref)
        if agent is None:
            # PROV infers undeclared elements; a ledger would silently gain
            # a source named after the identifier, of kind "other". Refuse.
            msg = "undeclared agent"
            raise UnknownReferenceError(msg, path, str(ref))
        self._use(agent)
        responsible = self._responsible(ref)
        return self._check(
            _build(
                path,
                lambda: Source(
                    name=self._label(agent, ref, path),
                    kind=self._kind(agent, path),
                    role=self._text(agent, _ROLE, path),
                    affiliation=None
                    if responsible is None
                    else self.sources[responsible],
                ),
            ),
            ref,
        )

    def _kind(self, agent: ProvAgent | None, path: str) -> SourceKind:
        kind = self._text(agent, _KIND, path)
        if kind is not None:
            return _enum(SourceKind, kind, f"{path}.{_KIND}")
        # Our own kinds are more specific than PROV's Person and Organization.
        names = _type_names(agent)
        for name in names:
            if name in _SOURCE_KINDS:
                return SourceKind(name)
        for name in names:
            if name in _KIND_ALIASES:
                return _KIND_ALIASES[name]
        return SourceKind.OTHER

    # -- Claims ----------------------------------------------------------------

    def claim(self, ref: QualifiedName) -> Claim:
        if (done := self.claims.get(ref)) is not None:
            return done
        entity = self.entities.get(ref)
        path = _path(ref)
        if entity is None:
            msg = "undeclared entity"
            raise UnknownReferenceError(msg, path, str(ref))
        self._use(entity)
        about = [
            self.source(party)
            for party in _values(entity, _ABOUT)
            if _is_reference(party, f"{path}.{_ABOUT}")
        ]
        favours = [
            self.source(party)
            for party in _values(entity, _FAVOURS)
            if _is_reference(party, f"{path}.{_FAVOURS}")
        ]
        occurred = self._text(entity, _OCCURRED, path)
        key = self._text(entity, _KEY, path)
        claim = _build(
            path,
            lambda: Claim(
                text=self._label(entity, ref, path),
                about=about,
                favours=favours,
                occurred=None if occurred is None else TimeSpan.parse(occurred),
                quantity=self._quantity(entity, path),
                key=key,
            ),
        )
        self.claims[ref] = self._check(claim, ref)
        return claim

    def _quantity(self, entity: ProvEntity | None, path: str) -> Quantity | None:
        value = self._one(entity, _QUANTITY, path)
        if value is None:
            return None
        if isinstance(value, Literal):
            # A number in a datatype prov does not convert; JSON reads it.
            try:
                value = json.loads(value.value)
            except ValueError:
                value = None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            msg = f"expected a number, got {short_repr(value)}"
            raise DocumentError(msg, f"{path}.{_QUANTITY}")
        unit = self._text(entity, _UNIT, path)
        if unit is None:
            msg = "a quantity needs a unit (pv:unit)"
            raise DocumentError(msg, path)
        bound = self._text(entity, _BOUND, path)
        return _build(
            path,
            lambda: Quantity(
                value=value,
                unit=unit,
                bound=Bound.EXACTLY
                if bound is None
                else _enum(Bound, bound, f"{path}.{_BOUND}"),
            ),
        )

    # -- Statements ------------------------------------------------------------

    def is_report(self, ref: QualifiedName) -> bool:
        return ref in self.derivations or _REPORT_TYPE in _types(self.entities.get(ref))

    def read_statements(self) -> None:
        for entity, attributions in self.attributions.items():
            if self.is_report(entity):
                continue
            for attribution in attributions:
                self.statements[id(attribution)] = self._statement(attribution)
        for ref, activity in self.activities.items():
            if _STATEMENT_TYPE in _types(activity) and ref not in self.by_activity:
                msg = "statement has no claim (no attribution names it in pv:statement)"
                raise DocumentError(msg, _path(ref))

    def _statement(self, attribution: ProvAttribution) -> Statement:
        self._use(attribution)
        path = _path(attribution)
        entity = _ref(attribution, PROV_ATTR_ENTITY)
        agent = _ref(attribution, PROV_ATTR_AGENT)
        if entity is None or agent is None:  # pragma: no cover (prov requires them)
            msg = "attribution without an entity or an agent"
            raise DocumentError(msg, path)
        activity_ref = self._statement_activity(attribution, entity, agent, path)
        activity = None
        if activity_ref is not None:
            self._check_speaker(activity_ref, agent)
            activity = self.activities[activity_ref]
        made_on = self._day(activity, path, "statement has no date")
        made_at = self._time(activity, path)
        stance = self._stance(attribution, path)
        source = self.source(agent)
        claim = self.claim(entity)
        channel = self._channel(activity)
        statement = _build(
            path,
            lambda: Statement(
                source=source,
                claim=claim,
                stance=stance,
                channel=channel,
                made_on=made_on,
                made_at=made_at,
            ),
        )
        if activity_ref is not None:
            self.by_activity[activity_ref] = attribution
            return self._check(statement, activity_ref)
        return statement

    def _statement_activity(
        self,
        attribution: ProvAttribution,
        entity: QualifiedName,
        agent: QualifiedName,
        path: str,
    ) -> QualifiedName | None:
        named = self._one(attribution, _STATEMENT, path)
        if named is not None:
            if not isinstance(named, QualifiedName) or named not in self.activities:
                msg = "no such statement activity"
                raise UnknownReferenceError(msg, f"{path}.{_STATEMENT}", str(named))
            if named in self.by_activity:
                msg = "two attributions name one statement"
                raise DocumentError(msg, f"{path}.{_STATEMENT}")
            return named
        # A document from another tool: the activity that generated the
        # entity and that the agent was associated with, else the agent's
        # only activity.
        generating = [
            ref
            for generation in self.generations.get(entity, [])
            if (ref := _ref(generation, PROV_ATTR_ACTIVITY)) is not None
        ]
        mine = [ref for ref in self.activities if agent in self._agents_of(ref)]
        candidates = [ref for ref in generating if ref in mine] or mine
        if len(candidates) == 1:
            for generation in self.generations.get(entity, []):
                if _ref(generation, PROV_ATTR_ACTIVITY) == candidates[0]:
                    self._use(generation)
            return candidates[0]
        return None

    def _agents_of(self, activity: QualifiedName) -> list[QualifiedName]:
        return [
            ref
            for association in self.associations.get(activity, [])
            if (ref := _ref(association, PROV_ATTR_AGENT)) is not None
        ]

    def _check_speaker(self, ref: QualifiedName, agent: QualifiedName) -> None:
        agents = self._agents_of(ref)
        if not agents:
            msg = "statement has no source (no wasAssociatedWith names an agent)"
            raise DocumentError(msg, _path(ref))
        if agent not in agents:
            msg = "the statement's activity is associated with another agent"
            raise DocumentError(msg, _path(ref))
        self._use(self.activities[ref], *self.associations[ref])

    def _stance(self, attribution: ProvAttribution, path: str) -> Stance:
        value = self._text(attribution, _STANCE, path)
        act = self._text(attribution, _ACT, path)
        if value is None and act is None:
            # Attribution without a stance: the agent said it, plainly.
            return CT_PLUS
        if value is None or act is None:
            msg = "a stance needs both pv:stance and pv:act"
            raise DocumentError(msg, path)
        retraction = self._bool(attribution, _RETRACTION, path, default=False)
        hearsay = self._bool(attribution, _HEARSAY, path, default=False)
        return _build(
            f"{path}.{_STANCE}",
            lambda: Stance.of(value, act, retraction=retraction, hearsay=hearsay),
        )

    def _day(self, activity: ProvActivity | None, path: str, missing: str) -> dt.date:
        if activity is not None:
            for moment in (activity.get_startTime(), activity.get_endTime()):
                if moment is not None:
                    return moment.date()
        raise DocumentError(missing, path)

    def _time(self, record: ProvRecord | None, path: str) -> dt.time | None:
        # Only our pv:madeAt: a foreign record's time of day may be in any
        # zone, or stand for "some time that day".
        text = self._text(record, _MADE_AT, path)
        if text is None:
            return None
        time = parse_time(text)
        if time is None:
            msg = f"expected a time of day as HH:MM or HH:MM:SS, got {short_repr(text)}"
            raise DocumentError(msg, f"{path}.{_MADE_AT}")
        return time

    def _channel(
        self, record: ProvRecord | None, *, guess: bool = True
    ) -> Channel | None:
        # Our channel attributes; else, for a foreign activity (*guess*), a
        # channel guessed from its type and label.
        if record is None or record.identifier is None:
            return None
        path = _path(record)
        kind = self._text(record, _CHANNEL, path)
        if kind is not None:
            name = self._text(record, _CHANNEL_NAME, path)
            audience = self._text(record, _AUDIENCE, path)
            public = self._bool(record, _PUBLIC, path, default=True)
            return _build(
                path,
                lambda: Channel(
                    kind=_enum(ChannelKind, kind, f"{path}.{_CHANNEL}"),
                    name=name,
                    audience=audience,
                    public=public,
                ),
            )
        types = _types(record)
        if not guess or _STATEMENT_TYPE in types or _REPORT_TYPE in types:
            return None
        # An activity from another tool: its type names the kind of channel
        # where it can ("ex:Interview"), its label the channel.
        labels = _values(record, PROV_LABEL)
        label = _text_value(labels[0], f"{path}.{PROV_LABEL}") if labels else None
        kinds = [
            ChannelKind(name) for name in _type_names(record) if name in _CHANNEL_KINDS
        ]
        if not kinds and label is None:
            return None
        return _build(
            path,
            lambda: Channel(kind=kinds[0] if kinds else ChannelKind.OTHER, name=label),
        )

    # -- Reports ---------------------------------------------------------------

    def report(self, ref: QualifiedName) -> Report:
        if (done := self.reports.get(ref)) is not None:
            return done
        # Walk down the chain to the statement, then build outwards: chains
        # may be deeper than Python's recursion limit allows.
        chain: list[QualifiedName] = []
        node = ref
        while self.is_report(node) and node not in self.reports:
            if node in chain:
                cycle = tuple(str(n) for n in chain[chain.index(node) :])
                msg = "reports relay each other in a cycle"
                raise ReferenceCycleError(msg, _path(node), cycle)
            chain.append(node)
            if len(chain) > max_depth():
                msg = "chain of reports too deep"
                raise DepthExceededError(msg, _path(ref), max_depth())
            node = self._hop(node)[0]
        for key in reversed(chain):
            self.reports[key] = self._build_report(key)
        return self.reports[ref]

    def _hop(self, ref: QualifiedName) -> tuple[QualifiedName, ProvDerivation]:
        derivations = self.derivations.get(ref, [])
        hops = [d for d in derivations if _QUOTATION in _types(d)]
        if not hops:
            hops = [d for d in derivations if not _types(d)]
        if not hops:
            hops = [d for d in derivations if _PRIMARY_SOURCE in _types(d)]
        path = _path(ref)
        if not hops:
            msg = "report relays nothing (no quotation, derivation or primary source)"
            raise DocumentError(msg, path)
        if len(hops) > 1:
            msg = "report relays more than one record"
            raise DocumentError(msg, path)
        target = _ref(hops[0], PROV_ATTR_USED_ENTITY)
        if target is None:  # pragma: no cover (prov requires it)
            msg = "derivation without a used entity"
            raise DocumentError(msg, _path(hops[0]))
        return target, hops[0]

    def _relayed(self, target: QualifiedName, derivation: ProvDerivation) -> Record:
        if self.is_report(target):
            return self.reports[target]
        path = _path(derivation)
        named = self._one(derivation, _RELAYS, path)
        if named is not None:
            attribution = (
                self.by_activity.get(named)
                if isinstance(named, QualifiedName)
                else None
            )
            if attribution is None:
                msg = "no such statement"
                raise UnknownReferenceError(msg, f"{path}.{_RELAYS}", str(named))
            return self.statements[id(attribution)]
        attributions = self.attributions.get(target, [])
        if not attributions:
            msg = "relayed entity has no source (no agent is credited with it)"
            raise DocumentError(msg, _path(target))
        if len(attributions) > 1:
            msg = "relays an entity several agents are credited with; say which"
            raise DocumentError(msg, path)
        return self.statements[id(attributions[0])]

    def _build_report(self, ref: QualifiedName) -> Report:
        entity = self.entities.get(ref)
        path = _path(ref)
        if entity is None:
            msg = "undeclared entity"
            raise UnknownReferenceError(msg, path, str(ref))
        target, hop = self._hop(ref)
        content = self._relayed(target, hop)
        attributions = self.attributions.get(ref, [])
        reporters = {
            agent
            for attribution in attributions
            if (agent := _ref(attribution, PROV_ATTR_AGENT)) is not None
        }
        if not reporters:
            msg = "report has no reporter (no wasAttributedTo)"
            raise DocumentError(msg, path)
        if len(reporters) > 1:
            msg = "report has more than one reporter"
            raise DocumentError(msg, path)
        reporter = self.source(reporters.pop())
        made_on, activity = self._generated(ref, path)
        made_at = self._time(entity, path)
        channel = self._channel(entity, guess=False) or self._channel(activity)
        self._use(entity, hop, *attributions)
        report = _build(
            path,
            lambda: Report(
                reporter=reporter,
                content=content,
                channel=channel,
                made_on=made_on,
                made_at=made_at,
            ),
        )
        self._check_primary_sources(ref, report)
        return self._check(report, ref)

    def _generated(
        self, ref: QualifiedName, path: str
    ) -> tuple[dt.date, ProvActivity | None]:
        # When the report was made: its generation's time, else the time of
        # the activity that generated it.
        for generation in self.generations.get(ref, []):
            activity_ref = _ref(generation, PROV_ATTR_ACTIVITY)
            activity = (
                None if activity_ref is None else self.activities.get(activity_ref)
            )
            time = generation.formal_attributes[2][1]
            if isinstance(time, dt.datetime):
                self._use(generation, activity)
                return time.date(), activity
            if activity is not None:
                self._use(generation, activity)
                return self._day(activity, path, "report has no date"), activity
        msg = "report has no date (no wasGeneratedBy with a time)"
        raise DocumentError(msg, path)

    def _check_primary_sources(self, ref: QualifiedName, report: Report) -> None:
        # Beside a quotation, a primary source must name the chain's origin.
        derivations = self.derivations.get(ref, [])
        if not any(_QUOTATION in _types(d) for d in derivations):
            return
        for derivation in derivations:
            if _PRIMARY_SOURCE not in _types(derivation):
                continue
            self._use(derivation)
            target = _ref(derivation, PROV_ATTR_USED_ENTITY)
            origin = self._relayed_origin(target, derivation)
            if origin != report.origin:
                msg = "the primary source is not the statement the chain starts from"
                raise DocumentError(msg, _path(derivation))

    def _relayed_origin(
        self, target: QualifiedName | None, derivation: ProvDerivation
    ) -> Statement | None:
        if target is None or self.is_report(target):
            return None
        record = self._relayed(target, derivation)
        return record.origin

    # -- The ledger ------------------------------------------------------------

    def ledger(self) -> Ledger:
        self.read_statements()
        # Reports are the entities derived from another (declared or not).
        reports = {ref: None for ref in self.entities if self.is_report(ref)}
        reports.update(dict.fromkeys(self.derivations))
        for ref in reports:
            self.report(ref)
        entries = self._held()
        self._warn_ignored()
        return Ledger(frozenset(entries))

    def _held(self) -> list[Record]:
        held_flag: list[Record] = []
        flagged = False
        for ref, attribution in self.by_activity.items():
            activity = self.activities[ref]
            if _values(activity, _HELD):
                flagged = True
                if self._bool(activity, _HELD, _path(ref), default=False):
                    held_flag.append(self.statements[id(attribution)])
        for ref, report in self.reports.items():
            entity = self.entities.get(ref)
            if _values(entity, _HELD):
                flagged = True
                if self._bool(entity, _HELD, _path(ref), default=False):
                    held_flag.append(report)
        if flagged:
            return held_flag
        # A document from another tool: the analyst holds what no report relays.
        relayed = {id(report.content) for report in self.reports.values()}
        records: list[Record] = [*self.statements.values(), *self.reports.values()]
        return [record for record in records if id(record) not in relayed]

    def _warn_ignored(self) -> None:
        everything: list[ProvRecord] = [
            *self.agents.values(),
            *self.entities.values(),
            *self.activities.values(),
            *(r for table in self._relations() for rs in table.values() for r in rs),
        ]
        ignored = [*self.ignored, *(r for r in everything if id(r) not in self.used)]
        if ignored:
            shown = ", ".join(_path(record) for record in ignored[:5])
            more = f" and {len(ignored) - 5} more" if len(ignored) > 5 else ""  # noqa: PLR2004
            msg = (
                f"ignored {len(ignored)} PROV record(s) a ledger has no place "
                f"for: {shown}{more}"
            )
            warnings.warn(msg, ProvImportWarning, stacklevel=4)

    def _relations(self) -> tuple[dict[QualifiedName, list[Any]], ...]:
        return (
            self.attributions,
            self.associations,
            self.delegations,
            self.derivations,
            self.generations,
        )

    # -- Integrity -------------------------------------------------------------

    def _check(self, value: T, ref: QualifiedName) -> T:
        # Our identifiers are content ids: the content must still match.
        if not self.verify or ref.namespace.uri != NAMESPACE:
            return value
        match = _OUR_ID.fullmatch(ref.localpart)
        if match is not None and getattr(value, "id", None) != match[2]:
            msg = "content does not match its id (altered after it was written?)"
            raise IntegrityError(msg, _path(ref))
        return value


_SOURCE_KINDS: Final = frozenset(kind.value for kind in SourceKind)
_CHANNEL_KINDS: Final = frozenset(kind.value for kind in ChannelKind)


def _text_value(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Literal):
        if value.datatype == _ESCAPED:
            return _unescape(value.value, where)
        if value.datatype in (None, XSD_STRING) or value.langtag is not None:
            return value.value
    msg = f"expected text, got {short_repr(value)}"
    raise DocumentError(msg, where)


def _normalise(name: str) -> str:
    # "SocialPost", "social-post" and "social post" all become "social_post".
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[\s-]+", "_", snake).lower()


def _is_reference(value: Any, path: str) -> bool:
    if not isinstance(value, QualifiedName):
        msg = f"expected a reference to an agent, got {short_repr(value)}"
        raise DocumentError(msg, path)
    return True


E = TypeVar("E", SourceKind, ChannelKind, Bound)


def _enum(kind: type[E], value: str, path: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        msg = f"expected one of {allowed}, got {short_repr(value)}"
        raise DocumentError(msg, path) from None


def _build(path: str, make: Callable[[], T]) -> T:
    """
    Run a model constructor, re-raising its errors at the PROV record.
    """
    try:
        return make()
    except DepthExceededError as exc:
        raise DepthExceededError(exc.msg, path, exc.limit) from exc
    except InvalidValueError as exc:
        msg = f"{exc.msg} (got {short_repr(exc.value)}) @ {exc.path}"
        raise DocumentError(msg, path) from exc
