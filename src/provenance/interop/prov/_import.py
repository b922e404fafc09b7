"""
Import: the ledger a W3C PROV document describes. What `to_prov` writes is
read exactly; where a document lacks the library's attributes, the rules for
documents made by other tools fill in.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings

from collections.abc import Iterable
from typing import Any, TypeVar

from prov.constants import (
    PROV_ATTR_ACTIVITY,
    PROV_ATTR_AGENT,
    PROV_ATTR_ALTERNATE1,
    PROV_ATTR_ALTERNATE2,
    PROV_ATTR_COLLECTION,
    PROV_ATTR_DELEGATE,
    PROV_ATTR_ENTITY,
    PROV_ATTR_GENERAL_ENTITY,
    PROV_ATTR_GENERATED_ENTITY,
    PROV_ATTR_RESPONSIBLE,
    PROV_ATTR_SPECIFIC_ENTITY,
    PROV_ATTR_USED_ENTITY,
)
from prov.identifier import QualifiedName
from prov.model import (
    Literal,
    ProvActivity,
    ProvAgent,
    ProvAlternate,
    ProvAssociation,
    ProvAttribution,
    ProvDelegation,
    ProvDerivation,
    ProvDocument,
    ProvEntity,
    ProvException,
    ProvGeneration,
    ProvMembership,
    ProvRecord,
    ProvSpecialization,
)

from provenance._chains import build_chain
from provenance._validators import parse_time
from provenance.claims import Bound, Claim, Quantity, TimeSpan
from provenance.errors import (
    DocumentError,
    IntegrityError,
    InvalidValueError,
    RelationError,
    UnknownReferenceError,
    short_repr,
)
from provenance.interop.prov._foreign import (
    PLAIN_STANCE,
    ProvImportWarning,
    activity_channel,
    ignored_message,
    label,
    relaying,
    source_kind,
    statement_activity,
    unrelayed,
)
from provenance.interop.prov._records import (
    bool_of,
    build,
    enum_of,
    one_value,
    path_of,
    reference,
    text_of,
    types_of,
    values_of,
)
from provenance.interop.prov._values import url_value
from provenance.interop.prov._vocabulary import (
    ABOUT,
    ACT,
    AUDIENCE,
    BOUND,
    CHANNEL,
    CHANNEL_NAME,
    CLAIM_TYPE,
    CREDIBILITY,
    EQUIVALENT_TYPE,
    EXCLUSIVE_TYPE,
    EXHAUSTIVE,
    FAVOURS,
    HEARSAY,
    HELD,
    KEY,
    KIND,
    MADE_AT,
    NAMESPACE,
    OCCURRED,
    OUR_ID,
    PRIMARY_SOURCE,
    PUBLIC,
    QUANTITY,
    QUANTITY_SUBJECT,
    QUOTATION,
    RELAYS,
    REPORT_TYPE,
    RETRACTION,
    ROLE,
    STANCE,
    STATEMENT,
    STATEMENT_TYPE,
    UNIT,
    URL,
)
from provenance.ledger import Ledger
from provenance.records import Record, Report, Statement, max_depth
from provenance.relations import Entails, Equivalent, Exclusive, Relation
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import Stance


T = TypeVar("T")


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
        self.memberships: dict[QualifiedName, list[ProvMembership]] = {}
        self.specializations: list[ProvSpecialization] = []
        self.alternates: list[ProvAlternate] = []
        self.ignored: list[ProvRecord] = []
        self.used: set[int] = set()
        self._index(document.get_records())
        self.sources: dict[QualifiedName, Source] = {}
        self.claims: dict[QualifiedName, Claim] = {}
        self.statements: dict[int, Statement] = {}  # by id() of the attribution
        self.by_activity: dict[QualifiedName, ProvAttribution] = {}
        # The activity of each statement (one may be on several, abroad).
        self.activity_of: dict[int, QualifiedName] = {}  # by id() as above
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
            (ProvMembership, PROV_ATTR_COLLECTION, self.memberships),
        )
        for record in records:
            if type(record) is ProvSpecialization:
                self.specializations.append(record)
                continue
            if type(record) is ProvAlternate:
                self.alternates.append(record)
                continue
            for kind, table in elements:
                if type(record) is kind and record.identifier is not None:
                    table[record.identifier] = record
                    break
            else:
                for kind, key, index in relations:
                    if (
                        type(record) is kind
                        and (ref := reference(record, key)) is not None
                    ):
                        index.setdefault(ref, []).append(record)
                        break
                else:
                    self.ignored.append(record)

    def _use(self, *records: ProvRecord | None) -> None:
        self.used.update(id(record) for record in records if record is not None)

    # -- Sources ---------------------------------------------------------------

    def source(self, ref: QualifiedName) -> Source:
        if (done := self.sources.get(ref)) is not None:
            return done
        return build_chain(
            ref,
            self.sources,
            self._responsible,
            self._build_source,
            path=path_of,
            cycle="affiliations form a cycle",
        )

    def _responsible(self, ref: QualifiedName) -> QualifiedName | None:
        delegations = self.delegations.get(ref, [])
        responsible = {reference(d, PROV_ATTR_RESPONSIBLE) for d in delegations}
        responsible.discard(None)
        if len(responsible) > 1:
            msg = "acts on behalf of more than one agent (a source has one affiliation)"
            raise DocumentError(msg, path_of(ref))
        self._use(*delegations)
        return next(iter(responsible), None)

    def _build_source(self, ref: QualifiedName) -> Source:
        agent = self.agents.get(ref)
        path = path_of(ref)
        if agent is None:
            # PROV infers undeclared elements; a ledger would silently gain
            # a source named after the identifier, of kind "other". Refuse.
            msg = "undeclared agent"
            raise UnknownReferenceError(msg, path, str(ref))
        self._use(agent)
        responsible = self._responsible(ref)
        return self._check(
            build(
                path,
                lambda: Source(
                    name=label(agent, ref, path),
                    kind=_kind(agent, path),
                    role=text_of(agent, ROLE, path),
                    affiliation=None
                    if responsible is None
                    else self.sources[responsible],
                ),
            ),
            ref,
        )

    # -- Claims ----------------------------------------------------------------

    def claim(self, ref: QualifiedName) -> Claim:
        if (done := self.claims.get(ref)) is not None:
            return done
        entity = self.entities.get(ref)
        path = path_of(ref)
        if entity is None:
            msg = "undeclared entity"
            raise UnknownReferenceError(msg, path, str(ref))
        self._use(entity)
        about = [
            self.source(party)
            for party in values_of(entity, ABOUT)
            if _is_reference(party, f"{path}.{ABOUT}")
        ]
        favours = [
            self.source(party)
            for party in values_of(entity, FAVOURS)
            if _is_reference(party, f"{path}.{FAVOURS}")
        ]
        occurred = text_of(entity, OCCURRED, path)
        key = text_of(entity, KEY, path)
        claim = build(
            path,
            lambda: Claim(
                text=label(entity, ref, path),
                about=about,
                favours=favours,
                occurred=None if occurred is None else TimeSpan.parse(occurred),
                quantity=_quantity(entity, path),
                key=key,
            ),
        )
        self.claims[ref] = self._check(claim, ref)
        return claim

    # -- Statements ------------------------------------------------------------

    def is_report(self, ref: QualifiedName) -> bool:
        return ref in self.derivations or REPORT_TYPE in types_of(
            self.entities.get(ref)
        )

    def read_statements(self) -> None:
        for entity, attributions in self.attributions.items():
            if self.is_report(entity):
                continue
            for attribution in attributions:
                self.statements[id(attribution)] = self._statement(attribution)
        for ref, activity in self.activities.items():
            if STATEMENT_TYPE in types_of(activity) and ref not in self.by_activity:
                msg = "statement has no claim (no attribution names it in pv:statement)"
                raise DocumentError(msg, path_of(ref))

    def _statement(self, attribution: ProvAttribution) -> Statement:
        self._use(attribution)
        path = path_of(attribution)
        entity = reference(attribution, PROV_ATTR_ENTITY)
        agent = reference(attribution, PROV_ATTR_AGENT)
        if entity is None or agent is None:  # pragma: no cover (prov requires them)
            msg = "attribution without an entity or an agent"
            raise DocumentError(msg, path)
        activity_ref = self._statement_activity(attribution, entity, agent, path)
        activity = None
        if activity_ref is not None:
            self._check_speaker(activity_ref, agent)
            activity = self.activities[activity_ref]
        made_on = _day(activity, path, "statement has no date")
        made_at = _time(activity, path)
        credibility = _credibility(activity, path)
        address = _url(activity, path)
        stance = _stance(attribution, path)
        source = self.source(agent)
        claim = self.claim(entity)
        channel = _channel(activity)
        statement = build(
            path,
            lambda: Statement(
                source=source,
                claim=claim,
                stance=stance,
                channel=channel,
                made_on=made_on,
                made_at=made_at,
                credibility=credibility,
                url=address,
            ),
        )
        if activity_ref is not None:
            self.by_activity[activity_ref] = attribution
            self.activity_of[id(attribution)] = activity_ref
            return self._check(statement, activity_ref)
        return statement

    def _statement_activity(
        self,
        attribution: ProvAttribution,
        entity: QualifiedName,
        agent: QualifiedName,
        path: str,
    ) -> QualifiedName | None:
        named = one_value(attribution, STATEMENT, path)
        if named is not None:
            if not isinstance(named, QualifiedName) or named not in self.activities:
                msg = "no such statement activity"
                raise UnknownReferenceError(msg, f"{path}.{STATEMENT}", str(named))
            if named in self.by_activity:
                msg = "two attributions name one statement"
                raise DocumentError(msg, f"{path}.{STATEMENT}")
            return named
        # A document from another tool: no attribute names the activity.
        generating = [
            ref
            for generation in self.generations.get(entity, [])
            if (ref := reference(generation, PROV_ATTR_ACTIVITY)) is not None
        ]
        mine = [ref for ref in self.activities if agent in self._agents_of(ref)]
        activity = statement_activity(generating, mine)
        if activity is not None:
            for generation in self.generations.get(entity, []):
                if reference(generation, PROV_ATTR_ACTIVITY) == activity:
                    self._use(generation)
        return activity

    def _agents_of(self, activity: QualifiedName) -> list[QualifiedName]:
        return [
            ref
            for association in self.associations.get(activity, [])
            if (ref := reference(association, PROV_ATTR_AGENT)) is not None
        ]

    def _check_speaker(self, ref: QualifiedName, agent: QualifiedName) -> None:
        agents = self._agents_of(ref)
        if not agents:
            msg = "statement has no source (no wasAssociatedWith names an agent)"
            raise DocumentError(msg, path_of(ref))
        if agent not in agents:
            msg = "the statement's activity is associated with another agent"
            raise DocumentError(msg, path_of(ref))
        self._use(self.activities[ref], *self.associations[ref])

    # -- Reports ---------------------------------------------------------------

    def report(self, ref: QualifiedName) -> Report:
        if (done := self.reports.get(ref)) is not None:
            return done
        # Down the chain to a statement, then outwards, report by report.
        return build_chain(
            ref,
            self.reports,
            self._relays,
            self._build_report,
            path=path_of,
            cycle="reports relay each other in a cycle",
            done=self._not_to_build,
            limit=max_depth(),
            too_deep="chain of reports too deep",
        )

    def _relays(self, ref: QualifiedName) -> QualifiedName:
        return self._hop(ref)[0]

    def _not_to_build(self, ref: QualifiedName) -> bool:
        # A report built already, or the entity of a claim a statement is on.
        return ref in self.reports or not self.is_report(ref)

    def _hop(self, ref: QualifiedName) -> tuple[QualifiedName, ProvDerivation]:
        derivations = self.derivations.get(ref, [])
        hops = relaying(derivations)
        path = path_of(ref)
        if not hops:
            msg = "report relays nothing (no quotation, derivation or primary source)"
            raise DocumentError(msg, path)
        if len(hops) > 1:
            msg = "report relays more than one record"
            raise DocumentError(msg, path)
        target = reference(hops[0], PROV_ATTR_USED_ENTITY)
        if target is None:  # pragma: no cover (prov requires it)
            msg = "derivation without a used entity"
            raise DocumentError(msg, path_of(hops[0]))
        return target, hops[0]

    def _relayed(self, target: QualifiedName, derivation: ProvDerivation) -> Record:
        if self.is_report(target):
            return self.reports[target]
        path = path_of(derivation)
        named = one_value(derivation, RELAYS, path)
        if named is not None:
            attribution = (
                self.by_activity.get(named)
                if isinstance(named, QualifiedName)
                else None
            )
            if attribution is None:
                msg = "no such statement"
                raise UnknownReferenceError(msg, f"{path}.{RELAYS}", str(named))
            return self.statements[id(attribution)]
        attributions = self.attributions.get(target, [])
        if not attributions:
            msg = "relayed entity has no source (no agent is credited with it)"
            raise DocumentError(msg, path_of(target))
        if len(attributions) > 1:
            msg = "relays an entity several agents are credited with; say which"
            raise DocumentError(msg, path)
        return self.statements[id(attributions[0])]

    def _build_report(self, ref: QualifiedName) -> Report:
        entity = self.entities.get(ref)
        path = path_of(ref)
        if entity is None:
            msg = "undeclared entity"
            raise UnknownReferenceError(msg, path, str(ref))
        target, hop = self._hop(ref)
        content = self._relayed(target, hop)
        attributions = self.attributions.get(ref, [])
        reporters = {
            agent
            for attribution in attributions
            if (agent := reference(attribution, PROV_ATTR_AGENT)) is not None
        }
        if not reporters:
            msg = "report has no reporter (no wasAttributedTo)"
            raise DocumentError(msg, path)
        if len(reporters) > 1:
            msg = "report has more than one reporter"
            raise DocumentError(msg, path)
        reporter = self.source(reporters.pop())
        made_on, activity = self._generated(ref, path)
        made_at = _time(entity, path)
        address = _url(entity, path)
        channel = _channel(entity, guess=False) or _channel(activity)
        self._use(entity, hop, *attributions)
        report = build(
            path,
            lambda: Report(
                reporter=reporter,
                content=content,
                channel=channel,
                made_on=made_on,
                made_at=made_at,
                url=address,
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
            activity_ref = reference(generation, PROV_ATTR_ACTIVITY)
            activity = (
                None if activity_ref is None else self.activities.get(activity_ref)
            )
            time = generation.formal_attributes[2][1]
            if isinstance(time, dt.datetime):
                self._use(generation, activity)
                return time.date(), activity
            if activity is not None:
                self._use(generation, activity)
                return _day(activity, path, "report has no date"), activity
        msg = "report has no date (no wasGeneratedBy with a time)"
        raise DocumentError(msg, path)

    def _check_primary_sources(self, ref: QualifiedName, report: Report) -> None:
        # Beside a quotation, a primary source must name the chain's origin.
        derivations = self.derivations.get(ref, [])
        if not any(QUOTATION in types_of(d) for d in derivations):
            return
        for derivation in derivations:
            if PRIMARY_SOURCE not in types_of(derivation):
                continue
            self._use(derivation)
            target = reference(derivation, PROV_ATTR_USED_ENTITY)
            origin = self._relayed_origin(target, derivation)
            if origin != report.origin:
                msg = "the primary source is not the statement the chain starts from"
                raise DocumentError(msg, path_of(derivation))

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
        relations = self.read_relations()
        if ignored := self._ignored():
            # Level 3: the caller of from_prov().
            warnings.warn(ignored_message(ignored), ProvImportWarning, stacklevel=3)
        try:
            return Ledger(frozenset(entries), relations=relations)
        except RelationError as exc:
            msg = f"relations cannot all hold: {exc.msg} "
            msg += f"({exc.path}: {short_repr(exc.value)})"
            raise DocumentError(msg, "prov:") from exc

    # -- Relations -------------------------------------------------------------

    def is_claim(self, ref: QualifiedName | None) -> bool:
        """
        Whether *ref* is a claim: an entity a statement is on, or one typed
        ``pv:Claim``.
        """
        return ref is not None and (
            ref in self.claims or CLAIM_TYPE in types_of(self.entities.get(ref))
        )

    def read_relations(self) -> frozenset[Relation]:
        found: list[Relation] = []
        paired: set[frozenset[QualifiedName]] = set()
        for ref, entity in self.entities.items():
            types = types_of(entity)
            if EQUIVALENT_TYPE in types or EXCLUSIVE_TYPE in types:
                relation, members = self._set(ref, entity)
                found.append(relation)
                paired.update(frozenset((a, b)) for a in members for b in members)
        for specialization in self.specializations:
            specific = reference(specialization, PROV_ATTR_SPECIFIC_ENTITY)
            general = reference(specialization, PROV_ATTR_GENERAL_ENTITY)
            if self.is_claim(specific) and self.is_claim(general):
                self._use(specialization)
                found.append(self._related(specialization, Entails, specific, general))
        for alternate in self.alternates:
            one = reference(alternate, PROV_ATTR_ALTERNATE1)
            other = reference(alternate, PROV_ATTR_ALTERNATE2)
            if not (self.is_claim(one) and self.is_claim(other)):
                continue
            self._use(alternate)
            if frozenset((one, other)) not in paired:
                # Not one of ours (those say the same as an equivalent set).
                found.append(self._related(alternate, Equivalent, one, other))
        return frozenset(found)

    def _related(
        self,
        record: ProvRecord,
        kind: type[Entails | Equivalent],
        one: QualifiedName | None,
        other: QualifiedName | None,
    ) -> Relation:
        assert one is not None  # noqa: S101  # is_claim() checked both
        assert other is not None  # noqa: S101
        first, second = self.claim(one), self.claim(other)
        path = path_of(record)
        if kind is Entails:
            return build(path, lambda: Entails(specific=first, general=second))
        return build(path, lambda: Equivalent(claims=[first, second]))

    def _set(
        self, ref: QualifiedName, entity: ProvEntity
    ) -> tuple[Relation, list[QualifiedName]]:
        path = path_of(ref)
        memberships = self.memberships.get(ref, [])
        members = [
            member
            for membership in memberships
            if (member := reference(membership, PROV_ATTR_ENTITY)) is not None
        ]
        for member in members:
            if not self.is_claim(member):
                msg = "a member of a set of claims is not a claim"
                raise DocumentError(msg, path_of(member))
        self._use(entity, *memberships)
        claims = [self.claim(member) for member in members]
        relation: Relation
        if EQUIVALENT_TYPE in types_of(entity):
            relation = build(path, lambda: Equivalent(claims=claims))
        else:
            key = text_of(entity, KEY, path)
            if key is None:
                msg = "an exclusive set needs a key (pv:key)"
                raise DocumentError(msg, path)
            exhaustive = bool_of(entity, EXHAUSTIVE, path, default=False)
            relation = build(
                path,
                lambda: Exclusive(key=key, claims=claims, exhaustive=exhaustive),
            )
        return self._check(relation, ref), members

    def _held(self) -> list[Record]:
        # pv:held says which of to_prov's records the analyst holds; to_prov
        # writes it on every held record, so an unflagged record is one it
        # reached through a report, or one another tool added (a merged
        # document, an editor's new source). Unflagged records follow the
        # rule for foreign documents: held when no report relays them.
        candidates: list[tuple[ProvRecord, QualifiedName, Record]] = [
            (self.activities[ref], ref, self.statements[key])
            for key, ref in self.activity_of.items()
        ]
        candidates.extend(
            (self.entities[ref], ref, report) for ref, report in self.reports.items()
        )
        held: list[Record] = []
        unflagged: list[Record] = []
        for element, ref, record in candidates:
            if not values_of(element, HELD):
                unflagged.append(record)
            elif bool_of(element, HELD, path_of(ref), default=False):
                held.append(record)
        return [*held, *unrelayed(unflagged, self.reports.values())]

    def _ignored(self) -> list[ProvRecord]:
        everything: list[ProvRecord] = [
            *self.agents.values(),
            *self.entities.values(),
            *self.activities.values(),
            *(r for table in self._relations() for rs in table.values() for r in rs),
            *self.specializations,
            *self.alternates,
        ]
        return [*self.ignored, *(r for r in everything if id(r) not in self.used)]

    def _relations(self) -> tuple[dict[QualifiedName, list[Any]], ...]:
        return (
            self.attributions,
            self.associations,
            self.delegations,
            self.derivations,
            self.generations,
            self.memberships,
        )

    # -- Integrity -------------------------------------------------------------

    def _check(self, value: T, ref: QualifiedName) -> T:
        # Our identifiers are content ids: the content must still match.
        if not self.verify or ref.namespace.uri != NAMESPACE:
            return value
        match = OUR_ID.fullmatch(ref.localpart)
        if match is not None and getattr(value, "id", None) != match[2]:
            msg = "content does not match its id (altered after it was written?)"
            raise IntegrityError(msg, path_of(ref))
        return value


# --- Our attributes, read at a record -----------------------------------------


def _kind(agent: ProvAgent | None, path: str) -> SourceKind:
    kind = text_of(agent, KIND, path)
    if kind is not None:
        return enum_of(SourceKind, kind, f"{path}.{KIND}")
    return source_kind(agent)


def _read_literal(value: Any) -> Any:
    """
    *value*, or, for a number in a datatype prov does not convert, the
    number its text reads as JSON (``None`` when it does not read).
    """
    if isinstance(value, Literal):
        try:
            return json.loads(value.value)
        except ValueError:
            return None
    return value


def _quantity(entity: ProvEntity | None, path: str) -> Quantity | None:
    value = one_value(entity, QUANTITY, path)
    if value is None:
        return None
    value = _read_literal(value)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        msg = f"expected a number, got {short_repr(value)}"
        raise DocumentError(msg, f"{path}.{QUANTITY}")
    unit = text_of(entity, UNIT, path)
    if unit is None:
        msg = "a quantity needs a unit (pv:unit)"
        raise DocumentError(msg, path)
    bound = text_of(entity, BOUND, path)
    subject = text_of(entity, QUANTITY_SUBJECT, path)
    return build(
        path,
        lambda: Quantity(
            value=value,
            unit=unit,
            bound=Bound.EXACTLY
            if bound is None
            else enum_of(Bound, bound, f"{path}.{BOUND}"),
            subject=subject,
        ),
    )


def _stance(attribution: ProvAttribution, path: str) -> Stance:
    value = text_of(attribution, STANCE, path)
    act = text_of(attribution, ACT, path)
    if value is None and act is None:
        return PLAIN_STANCE
    if value is None or act is None:
        msg = "a stance needs both pv:stance and pv:act"
        raise DocumentError(msg, path)
    retraction = bool_of(attribution, RETRACTION, path, default=False)
    hearsay = bool_of(attribution, HEARSAY, path, default=False)
    return build(
        f"{path}.{STANCE}",
        lambda: Stance.of(value, act, retraction=retraction, hearsay=hearsay),
    )


def _day(activity: ProvActivity | None, path: str, missing: str) -> dt.date:
    if activity is not None:
        for moment in (activity.get_startTime(), activity.get_endTime()):
            if moment is not None:
                return moment.date()
    raise DocumentError(missing, path)


def _time(record: ProvRecord | None, path: str) -> dt.time | None:
    # Only our pv:madeAt: a foreign record's time of day may be in any
    # zone, or stand for "some time that day".
    text = text_of(record, MADE_AT, path)
    if text is None:
        return None
    time = parse_time(text)
    if time is None:
        msg = f"expected a time of day as HH:MM or HH:MM:SS, got {short_repr(text)}"
        raise DocumentError(msg, f"{path}.{MADE_AT}")
    return time


def _url(record: ProvRecord | None, path: str) -> str | None:
    # Only our pv:url, where the record was said or published; the model
    # checks the address.
    value = one_value(record, URL, path)
    return None if value is None else url_value(value, f"{path}.{URL}")


def _credibility(activity: ProvRecord | None, path: str) -> int | None:
    # Only our pv:credibility, the analyst's grade of the information.
    value = one_value(activity, CREDIBILITY, path)
    if value is None:
        return None
    value = _read_literal(value)
    if type(value) is not int or not 1 <= value <= 6:  # noqa: PLR2004
        msg = f"expected an integer from 1 to 6, got {short_repr(value)}"
        raise DocumentError(msg, f"{path}.{CREDIBILITY}")
    return value


def _channel(record: ProvRecord | None, *, guess: bool = True) -> Channel | None:
    # Our channel attributes; else, for a foreign activity (*guess*), the
    # channel it names.
    if record is None or record.identifier is None:
        return None
    path = path_of(record)
    kind = text_of(record, CHANNEL, path)
    if kind is not None:
        name = text_of(record, CHANNEL_NAME, path)
        audience = text_of(record, AUDIENCE, path)
        public = bool_of(record, PUBLIC, path, default=True)
        return build(
            path,
            lambda: Channel(
                kind=enum_of(ChannelKind, kind, f"{path}.{CHANNEL}"),
                name=name,
                audience=audience,
                public=public,
            ),
        )
    types = types_of(record)
    if not guess or STATEMENT_TYPE in types or REPORT_TYPE in types:
        return None
    return activity_channel(record, path)


def _is_reference(value: Any, path: str) -> bool:
    if not isinstance(value, QualifiedName):
        msg = f"expected a reference to an agent, got {short_repr(value)}"
        raise DocumentError(msg, path)
    return True
