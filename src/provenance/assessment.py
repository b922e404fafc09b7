"""
Assessments: one opinion per claim, computed from a ledger under a policy,
with every step kept for the explanation.

Each originating statement is one line of evidence: the source's stance
opinion, discounted by the trust in the source (less if it is a party to the
claim) and by the best route of relays that delivers the statement. Lines
whose sources are dependent (by default: the same root affiliation) are fused
within their group by averaging; independent groups are fused cumulatively.
Vacuous and retracted lines are kept for the explanation but not fused.
"""

from __future__ import annotations

import datetime as dt
import functools

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Final

import attrs

from provenance._validators import is_day
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.ledger import Ledger, Route, collector_paused
from provenance.opinion import (
    Opinion,
    Parts,
    _averaging,
    _clamped,
    _cumulative,
    _parts,
    _trusted,
    _weighted,
)
from provenance.policy import DEFAULT_POLICY, Discounting, Policy, Trust
from provenance.records import Report, Statement
from provenance.sources import Source
from provenance.stances import Stance


__all__ = [
    "Assessment",
    "Assessor",
    "Group",
    "Line",
    "Step",
    "assess",
    "assess_all",
]

# The fusion operators on parts, by `Fusion` value (Fusion.fuse on opinions).
_FUSE_PARTS: Final[dict[str, Callable[[Sequence[Parts]], Parts]]] = {
    "cumulative": _cumulative,
    "averaging": _averaging,
    "weighted": _weighted,
}

_FAITHFUL: Final = Trust(
    Opinion(1.0, 0.0, 0.0), "faithful: a source relaying its own words"
)


@attrs.frozen(kw_only=True)
class Step:
    """
    One step of a line of evidence, for the explanation.

    Attributes:
        label: What the step is ("stance", "trust in source", "relay",
            "interested party", "line").
        subject: Who or what it concerns, in words.
        opinion: The opinion the step contributes or produces, if any.
        rule: The rule of the policy that produced it.
    """

    label: str
    subject: str
    opinion: Opinion | None
    rule: str


@attrs.frozen(kw_only=True)
class Line:
    """
    One originating statement as evidence for its claim.

    Attributes:
        statement: The originating statement.
        route: The strongest chain of relays that delivers it, outermost
            first; ``()`` when the analyst holds it directly.
        routes: How many routes deliver it (reprints add routes, never
            evidence).
        stance: The source's own opinion, from its stance.
        trust: The trust in the source and the rule behind it.
        interested: Whether the source is a party to the claim.
        relays: The trust in each relay of *route*, outermost first.
        route_trust: The product of the relays' projected trust (1 when
            held directly).
        opinion: The line's opinion after all discounting.
        group: The source naming the line's dependency group, or ``None``
            when every line is independent.
        excluded: Why the line is not fused (vacuous, retracted), or
            ``None`` when it counts.
    """

    statement: Statement
    route: Route
    routes: int
    stance: Opinion
    trust: Trust
    interested: bool
    relays: tuple[Trust, ...]
    route_trust: float
    opinion: Opinion
    group: Source | None
    excluded: str | None

    @property
    def counted(self) -> bool:
        """
        Whether the line is fused into the claim's opinion.
        """
        return self.excluded is None

    @functools.cached_property
    def steps(self) -> tuple[Step, ...]:
        """
        Every step from the stance to the line's opinion.
        """
        statement = self.statement
        steps = [
            Step(
                label="stance",
                subject=f"{statement.stance.act} ({statement.stance.value})",
                opinion=self.stance,
                rule=f"stance table {statement.stance.value}",
            ),
            Step(
                label="trust in source",
                subject=str(statement.source),
                opinion=self.trust.opinion,
                rule=self.trust.reason,
            ),
        ]
        if self.interested:
            steps.append(
                Step(
                    label="interested party",
                    subject=str(statement.source),
                    opinion=None,
                    rule="a party to the claim: its trust is multiplied by "
                    "the interested-party factor",
                )
            )
        steps.extend(
            Step(
                label="relay",
                subject=_relay_words(report),
                opinion=trust.opinion,
                rule=trust.reason,
            )
            for report, trust in zip(self.route, self.relays, strict=True)
        )
        steps.append(
            Step(
                label="line",
                subject=_said_words(statement),
                opinion=self.opinion,
                rule="discounted by trust x route",
            )
        )
        return tuple(steps)


@attrs.frozen(kw_only=True)
class Group:
    """
    Lines of dependent evidence, fused into one opinion.

    Attributes:
        source: The source naming the group (a root affiliation), or
            ``None`` for a line of its own.
        lines: The counted lines of the group.
        opinion: Their fusion.
    """

    source: Source | None
    lines: tuple[Line, ...]
    opinion: Opinion


@attrs.frozen(kw_only=True, eq=False)
class Assessment:
    """
    How much to believe one claim, and why.

    The lines of evidence and their groups are worked out when first asked
    for: assessing every claim of a large ledger computes the numbers only.
    Equality compares every attribute, *lines* and *groups* included.

    Attributes:
        claim: The claim.
        opinion: The fused opinion of all independent evidence.
        words: The estimative phrase for its probability (ICD 203 by
            default).
        confidence: The analytic-confidence word for its uncertainty.
        conflict: The largest degree of conflict between two independent
            groups of evidence, in [0, 1].
        policy: The policy used.
        as_of: The date the ledger was cut at, if any.
    """

    claim: Claim
    opinion: Opinion
    words: str
    confidence: str
    conflict: float
    policy: Policy = attrs.field(repr=False)
    as_of: dt.date | None = None
    _evidence: _Evidence = attrs.field(repr=False, alias="evidence")

    @functools.cached_property
    def _explained(self) -> tuple[tuple[Line, ...], tuple[Group, ...]]:
        return self._evidence.explain(self.claim)

    @property
    def lines(self) -> tuple[Line, ...]:
        """
        Every line of evidence, counted or not, in the order its statement
        was made (by day, then by id): the order they are fused in.
        """
        return self._explained[0]

    @property
    def groups(self) -> tuple[Group, ...]:
        """
        The groups fused, in order of their first line.
        """
        return self._explained[1]

    @property
    def probability(self) -> float:
        """
        The projected probability of the claim.
        """
        return self.opinion.probability

    def explain(self) -> str:
        """
        A readable multi-line tree: the verdict, then each group and line
        with its sources, channels, dates, rules and numbers.
        """
        return "\n".join(_explain(self))

    def _key(self) -> tuple[object, ...]:
        return (
            self.claim,
            self.opinion,
            self.words,
            self.confidence,
            self.conflict,
            self.policy,
            self.as_of,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Assessment)  # noqa: S101  # for mypy
        return (
            self._key() == other._key()
            and self.lines == other.lines
            and self.groups == other.groups
        )

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._key())


def assess(
    ledger: Ledger,
    claim: Claim | str,
    policy: Policy = DEFAULT_POLICY,
    as_of: dt.date | None = None,
) -> Assessment:
    """
    Assess *claim* (a `Claim`, or a claim key) from the evidence in *ledger*.

    A claim no statement is about gets the vacuous opinion at its base rate.

    Args:
        ledger: The evidence.
        claim: The claim, or its key.
        policy: The rules.
        as_of: Ignore everything said after this day.

    Raises:
        UnknownClaimError: *claim* is a key no claim in the ledger has.
    """
    _check(ledger, policy, as_of)
    if not isinstance(claim, Claim):
        claim = ledger.claim(claim)
    if as_of is not None:
        ledger = ledger.as_of(as_of)
    return _Engine(ledger, policy, as_of).assess(claim)


def assess_all(
    ledger: Ledger, policy: Policy = DEFAULT_POLICY, as_of: dt.date | None = None
) -> dict[Claim, Assessment]:
    """
    Assess every claim in *ledger*, in one pass over its statements.

    Returns:
        The assessments by claim, in the ledger's claim order.
    """
    _check(ledger, policy, as_of)
    if as_of is not None:
        ledger = ledger.as_of(as_of)
    engine = _Engine(ledger, policy, as_of)
    with collector_paused():  # Allocates a few objects per claim, no cycles.
        return engine.assess_every()


@attrs.frozen(eq=False)
class Assessor:
    """
    Every claim of a ledger assessed under a policy, kept so that a change of
    policy re-assesses only the claims it reaches.

    ``Assessor(ledger, policy).assessments`` equals
    ``assess_all(ledger, policy)``. `with_policy` returns the assessor for
    another policy: when the two policies differ only in per-source trust
    (`Policy.trusting`, `Policy.graded`, `Policy.relaying`), only the claims
    those sources speak on or relay are assessed again; any other change
    assesses everything. Two assessors are equal when their ledgers, policies
    and dates are.

    Attributes:
        ledger: The evidence (cut to *as_of* when it is given).
        policy: The rules.
        as_of: Ignore everything said after this day.
    """

    ledger: Ledger
    policy: Policy = DEFAULT_POLICY
    as_of: dt.date | None = None
    _engine: _Engine = attrs.field(init=False, repr=False)
    _numbers: dict[Claim, Assessment] = attrs.field(init=False, repr=False)
    _reach: dict[Source, set[Claim]] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _check(self.ledger, self.policy, self.as_of)
        ledger = self.ledger
        if self.as_of is not None:
            ledger = ledger.as_of(self.as_of)
        engine = _Engine(ledger, self.policy, self.as_of)
        with collector_paused():
            numbers = engine.assess_every()
            reach = _reach(ledger)
        _set(self, ledger=ledger, _engine=engine, _numbers=numbers, _reach=reach)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Assessor):
            return NotImplemented
        return (self.ledger, self.policy, self.as_of) == (
            other.ledger,
            other.policy,
            other.as_of,
        )

    def __hash__(self) -> int:
        return hash((self.ledger, self.policy, self.as_of))

    @property
    def assessments(self) -> Mapping[Claim, Assessment]:
        """
        The assessment of every claim, in the ledger's claim order.
        """
        return _Assessments(self)

    def with_policy(self, policy: Policy) -> Assessor:
        """
        The assessor of the same ledger under *policy*, re-assessing only the
        claims whose evidence *policy* trusts differently.
        """
        if not isinstance(policy, Policy):
            msg = "must be a Policy"
            raise InvalidValueError(msg, "Assessor.with_policy", policy)
        if policy == self.policy:
            return self
        changed = _changed_sources(self.policy, policy)
        if changed is None:
            return Assessor(self.ledger, policy, self.as_of)
        engine = _Engine(self.ledger, policy, self.as_of)
        numbers = dict(self._numbers)
        with collector_paused():
            for source in changed:
                for claim in self._reach.get(source, ()):
                    numbers[claim] = engine.assess(claim)
        new: Assessor = object.__new__(Assessor)
        _set(
            new,
            ledger=self.ledger,
            policy=policy,
            as_of=self.as_of,
            _engine=engine,
            _numbers=numbers,
            _reach=self._reach,
        )
        return new

    def _get(self, claim: Claim) -> Assessment:
        found = self._numbers[claim]
        if found.policy is self.policy:
            return found
        # Unchanged numbers, carried over from an earlier policy: the same
        # assessment, labelled with (and explained under) this policy.
        return Assessment(
            claim=found.claim,
            opinion=found.opinion,
            words=found.words,
            confidence=found.confidence,
            conflict=found.conflict,
            policy=self.policy,
            as_of=found.as_of,
            evidence=_Evidence(self._engine, found._evidence.statements),  # noqa: SLF001
        )


class _Assessments(Mapping[Claim, Assessment]):
    """
    The read-only view `Assessor.assessments` returns.
    """

    def __init__(self, assessor: Assessor) -> None:
        self._assessor = assessor

    def __getitem__(self, claim: Claim) -> Assessment:
        return self._assessor._get(claim)  # noqa: SLF001

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._assessor._numbers)  # noqa: SLF001

    def __len__(self) -> int:
        return len(self._assessor._numbers)  # noqa: SLF001


def _set(assessor: Assessor, **values: object) -> None:
    """
    Fill in the fields of a frozen *assessor* (attrs forbids plain assignment).
    """
    for name, value in values.items():
        object.__setattr__(assessor, name, value)


def _reach(ledger: Ledger) -> dict[Source, set[Claim]]:
    """
    The claims each source speaks on or relays statements about.
    """
    reach: dict[Source, set[Claim]] = {}
    for statement in ledger.statements:
        reach.setdefault(statement.source, set()).add(statement.claim)
        for route in ledger.routes(statement):
            for report in route:
                reach.setdefault(report.reporter, set()).add(statement.claim)
    return reach


# The policy fields that only say how much to trust particular sources.
_PER_SOURCE: Final = ("source_trust", "source_grades", "relay_source_trust")


def _changed_sources(old: Policy, new: Policy) -> set[Source] | None:
    """
    The sources *new* trusts differently from *old*, as originators or as
    relays; ``None`` if anything else differs.
    """
    for field in attrs.fields(Policy):
        if field.name not in _PER_SOURCE and getattr(old, field.name) != getattr(
            new, field.name
        ):
            return None
    changed: set[Source] = set()
    for name in _PER_SOURCE:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changed.update(
                source
                for source in {*before, *after}
                if before.get(source) != after.get(source)
            )
    return changed


def _check(ledger: Ledger, policy: Policy, as_of: dt.date | None) -> None:
    if not isinstance(ledger, Ledger):
        msg = "must be a Ledger"
        raise InvalidValueError(msg, "assess.ledger", ledger)
    if not isinstance(policy, Policy):
        msg = "must be a Policy"
        raise InvalidValueError(msg, "assess.policy", policy)
    if as_of is not None and not is_day(as_of):
        msg = "must be a datetime.date or None"
        raise InvalidValueError(msg, "assess.as_of", as_of)


class _Engine:
    """
    Per-call caches, so that no work shared between claims is done twice.

    `assess` computes each claim's numbers from plain floats: one pass over
    its statements, then the fusion operators on parts (`opinion.Parts`),
    building one `Opinion`, the claim's, at the end. The `Line` and `Group`
    values behind the explanation are built by `explain` when an assessment
    is asked for them. Both use the same operations in the same order, so
    they agree to the last bit (tests check it).
    """

    def __init__(
        self, ledger: Ledger, policy: Policy, as_of: dt.date | None = None
    ) -> None:
        self.ledger = ledger
        self.policy = policy
        self.as_of = as_of
        self.trust = functools.cache(policy.trust_in)
        self.relay_trust = functools.cache(policy.relay_trust_in)
        self.fast = policy.discounting is Discounting.PROBABILITY_SENSITIVE
        self.within = _FUSE_PARTS[policy.within_group.value]
        self.across = _FUSE_PARTS[policy.across_groups.value]
        # The ledger's own tables, read directly: statements_about and routes
        # return copies, and assess_all reads every entry once.
        self.base_rates = bool(policy.claim_base_rates)
        index = ledger._index  # noqa: SLF001
        self.by_claim = index.by_claim
        self.relays = index.relays
        # The caches of the fast path are keyed by id(): the engine holds
        # the ledger, which keeps every source, stance and report alive, so
        # no id is reused meanwhile; equal objects with different ids are
        # merely worked out twice. This spares a call of the attrs __hash__
        # per look-up, several per statement.
        self.speakers: dict[int, _Speaker] = {}
        self.groups: dict[Source, int] = {}
        self.relay_p: dict[int, float] = {}
        self.line_parts: dict[tuple[int, float], tuple[float, float, float] | None]
        self.line_parts = {}

    def assess_every(self) -> dict[Claim, Assessment]:
        """
        The assessment of every claim, in the ledger's claim order.
        """
        return {claim: self.assess(claim) for claim in self.ledger.claims}

    def assess(self, claim: Claim) -> Assessment:
        policy = self.policy
        base_rate = policy.base_rate_of(claim) if self.base_rates else policy.base_rate
        statements = tuple(self.by_claim.get(claim, ()))
        if self.fast:
            relays = self.relays.get(claim, ())
            members = self.members(claim, statements, relays, base_rate, None)
            if members is None:  # A source retracted: check every line's date.
                retracted = _retractions(statements)
                members = self.members(claim, statements, relays, base_rate, retracted)
                assert members is not None  # noqa: S101  # for mypy
        else:
            members = self.members_slowly(claim, statements, base_rate)
        # What Fusion.fuse does, on parts: one opinion is its own fusion.
        within = self.within
        fused = [
            found[0] if len(found) == 1 else _clamped(*within(found))
            for found in members.values()
        ]
        if not fused:
            opinion = Opinion.vacuous(base_rate)
        elif len(fused) == 1:
            opinion = _trusted(*fused[0])
        else:
            opinion = _trusted(*_clamped(*self.across(fused)))
        return Assessment(
            claim=claim,
            opinion=opinion,
            words=policy.words_for(opinion.probability),
            confidence=policy.confidence_for(opinion.uncertainty),
            conflict=_largest_conflict(fused),
            policy=policy,
            as_of=self.as_of,
            evidence=_Evidence(self, statements),
        )

    def members(
        self,
        claim: Claim,
        statements: tuple[Statement, ...],
        relays: Iterable[list[Route] | None],
        base_rate: float,
        retracted: Mapping[Source, dt.date] | None,
    ) -> dict[object, list[Parts]] | None:
        """
        The parts of the counted lines on *claim*, by dependency group, under
        probability-sensitive discounting; ``None`` if *retracted* is
        ``None`` and a statement is a retraction.

        The same operations, in the same order, as ``line(...).opinion``
        (``policy.discount`` on the line's trust chain): the line is the
        stance discounted by ``p = factor * (strength * trust)``, where a
        factor of exactly 1.0 (held directly; not a party) changes nothing
        and is skipped. Lines depend on their statement only through the
        stance and *p* (and the claim's base rate, which `_clamped` passes
        through), and few values of each recur, so each line's parts are
        worked out once per (stance, p). A line with p = 0 is vacuous
        whatever the sign of the zero, so the key 0.0 and -0.0 share is safe.
        """
        about = claim.about
        factor = self.policy.interested_party_factor
        speakers = self.speakers
        line_parts = self.line_parts
        rate = (min(max(base_rate, 0.0), 1.0),)  # As _clamped leaves it.
        members: dict[object, list[Parts]] = {}
        for statement, routes in zip(statements, relays, strict=True):
            speaker = speakers.get(id(statement.source))
            if speaker is None:
                speaker = self.speaker(statement.source)
            p = speaker.trust
            if routes is not None:  # Relayed, not only held directly.
                p = max(map(self.strength, routes)) * p
            stance = statement.stance
            if stance.retraction or retracted:
                if retracted is None:
                    return None
                if _withdrawn(statement, retracted):
                    continue
            if about and not speaker.acting_for.isdisjoint(about):
                p = factor * p
            key = (id(stance), p)
            try:
                parts = line_parts[key]
            except KeyError:
                parts = self.parts_of(stance, p)
            if parts is None:  # Vacuous: commits to nothing.
                continue
            group = statement if speaker.group is None else speaker.group
            members.setdefault(group, []).append(parts + rate)
        return members

    def parts_of(self, stance: Stance, p: float) -> tuple[float, float, float] | None:
        """
        The belief, disbelief and uncertainty of a line with *stance* and
        weight *p*, ``None`` if it is vacuous; cached.
        """
        o = self.policy.stances[stance.value]
        b, d, u = o.belief, o.disbelief, o.uncertainty
        b, d, u, _ = _clamped(p * b, p * d, u + (1.0 - p) * (b + d), 0.0)
        parts = None if b == 0.0 and d == 0.0 else (b, d, u)
        self.line_parts[id(stance), p] = parts
        return parts

    def members_slowly(
        self, claim: Claim, statements: tuple[Statement, ...], base_rate: float
    ) -> dict[object, list[Parts]]:
        """
        `members` under any other discounting: from each line's `Line`.
        """
        retracted = _retractions(statements)
        members: dict[object, list[Parts]] = {}
        for line in self.lines(claim, statements, base_rate, retracted):
            if line.counted:
                key: object = line.statement if line.group is None else line.group
                members.setdefault(key, []).append(_parts(line.opinion))
        return members

    def speaker(self, source: Source) -> _Speaker:
        """
        What the engine needs to know about an originating source, once.
        """
        group = self.policy.dependency.group_of(source)
        found = self.speakers[id(source)] = _Speaker(
            trust=self.trust(source).probability,
            acting_for=frozenset((source, *source.affiliations())),
            # Equal groups get the same number, the key of their lines.
            group=None
            if group is None
            else self.groups.setdefault(group, len(self.groups)),
        )
        return found

    def strength(self, route: Route) -> float:
        """
        The product of the trust probabilities of *route*'s relays, as
        `route` computes it, from cached probabilities; a source relaying its
        own words (`_FAITHFUL`) multiplies by exactly 1.0, so it is skipped.
        """
        strength = 1.0
        relay_p = self.relay_p
        for report in route:
            reporter = report.reporter
            content = report.content
            speaker = (
                content.source if isinstance(content, Statement) else content.reporter
            )
            if speaker is reporter or speaker == reporter:
                continue
            relay = relay_p.get(id(reporter))
            if relay is None:
                relay = relay_p[id(reporter)] = self.relay_trust(reporter).probability
            strength *= relay
        return strength

    def explain(
        self, claim: Claim, statements: tuple[Statement, ...]
    ) -> tuple[tuple[Line, ...], tuple[Group, ...]]:
        base_rate = self.policy.base_rate_of(claim)
        lines = self.lines(claim, statements, base_rate, _retractions(statements))
        return lines, _groups(lines, self.policy)

    def lines(
        self,
        claim: Claim,
        statements: tuple[Statement, ...],
        base_rate: float,
        retracted: Mapping[Source, dt.date],
    ) -> tuple[Line, ...]:
        return tuple(
            self.line(statement, claim, base_rate, retracted)
            for statement in statements
        )

    def line(
        self,
        statement: Statement,
        claim: Claim,
        base_rate: float,
        retracted: Mapping[Source, dt.date],
    ) -> Line:
        policy = self.policy
        source = statement.source
        stance = policy.stance_opinion(statement.stance, base_rate)
        trust = self.trust(source)
        interested = policy.is_interested(source, claim)
        factor = policy.interested_party_factor if interested else 1.0
        routes = self.ledger.routes(statement)
        route, relays, route_trust = max(
            (self.route(r) for r in routes), key=lambda found: found[2]
        )
        trusts = (*(relay.opinion for relay in relays), trust.opinion)
        opinion = policy.discount(trusts, factor, stance)
        excluded = None
        until = retracted.get(source)
        if statement.stance.retraction:
            excluded = "a retraction: it withdraws, it does not assert"
        elif until is not None and statement.made_on <= until:
            excluded = f"retracted by its source on {until.isoformat()}"
        elif opinion.is_vacuous:
            excluded = "vacuous: commits to nothing"
        return Line(
            statement=statement,
            route=route,
            routes=len(routes),
            stance=stance,
            trust=trust,
            interested=interested,
            relays=relays,
            route_trust=route_trust,
            opinion=opinion,
            group=policy.dependency.group_of(source),
            excluded=excluded,
        )

    def route(self, route: Route) -> tuple[Route, tuple[Trust, ...], float]:
        relays = tuple(
            _FAITHFUL
            if _speaker(report.content) == report.reporter
            else self.relay_trust(report.reporter)
            for report in route
        )
        strength = 1.0
        for relay in relays:
            strength *= relay.probability
        return route, relays, strength


@attrs.frozen
class _Speaker:
    """
    An originating source as the engine sees it.
    """

    trust: float
    acting_for: frozenset[Source]
    group: int | None  # The number of its dependency group, if any.


@attrs.frozen
class _Evidence:
    """
    What an assessment needs to explain itself later.
    """

    engine: _Engine
    statements: tuple[Statement, ...]

    def explain(self, claim: Claim) -> tuple[tuple[Line, ...], tuple[Group, ...]]:
        return self.engine.explain(claim, self.statements)


def _largest_conflict(opinions: list[Parts]) -> float:
    """
    The largest `conflict` between two of *opinions*, given as parts; 0 for
    fewer than two.
    """
    if len(opinions) < 2:  # noqa: PLR2004
        return 0.0
    # conflict() for every pair, from each opinion's probability and
    # confidence worked out once; clamping is monotone, so clamping the
    # largest product gives the largest conflict, to the bit. Every product
    # is >= +0.0 and the two operands of each product commute exactly, so
    # the order of the pairs does not matter either.
    parts = [(min(b + a * u, 1.0), 1.0 - u) for b, _, u, a in opinions]
    largest = 0.0
    for i, (pa, ca) in enumerate(parts):
        for pb, cb in parts[i + 1 :]:
            gap = abs(pa - pb) * (ca * cb)
            if gap > largest:  # noqa: PLR1730  # Cheaper than calling max().
                largest = gap
    return min(max(largest, 0.0), 1.0)


def _speaker(record: Statement | Report) -> Source:
    return record.source if isinstance(record, Statement) else record.reporter


def _withdrawn(statement: Statement, retracted: Mapping[Source, dt.date]) -> bool:
    """
    Whether *statement* is a retraction, or made on or before its source's
    latest retraction on the claim.
    """
    if statement.stance.retraction:
        return True
    until = retracted.get(statement.source)
    return until is not None and statement.made_on <= until


def _retractions(statements: Iterable[Statement]) -> dict[Source, dt.date]:
    """
    The latest retraction date of each source on this claim.
    """
    latest: dict[Source, dt.date] = {}
    for statement in statements:
        if statement.stance.retraction:
            known = latest.get(statement.source)
            if known is None or statement.made_on > known:
                latest[statement.source] = statement.made_on
    return latest


def _groups(lines: Iterable[Line], policy: Policy) -> tuple[Group, ...]:
    members: dict[object, list[Line]] = {}
    for line in lines:
        if line.counted:
            key: object = line.statement if line.group is None else line.group
            members.setdefault(key, []).append(line)
    return tuple(
        Group(
            source=grouped[0].group,
            lines=tuple(grouped),
            opinion=policy.within_group.fuse(*(line.opinion for line in grouped)),
        )
        for grouped in members.values()
    )


# The explanation.


def _numbers(opinion: Opinion) -> str:
    return (
        f"b={opinion.belief:.3f} d={opinion.disbelief:.3f} "
        f"u={opinion.uncertainty:.3f} a={opinion.base_rate:.2f} "
        f"P={opinion.probability:.3f}"
    )


def _said_words(statement: Statement) -> str:
    via = "" if statement.channel is None else f", {statement.channel}"
    day = statement.made_on.isoformat()
    return f"{statement.source} {statement.stance.act}{via}, {day}"


def _relay_words(report: Report) -> str:
    via = "" if report.channel is None else f", {report.channel}"
    return f"{report.reporter}{via}, {report.made_on.isoformat()}"


def _explain(assessment: Assessment) -> list[str]:
    policy = assessment.policy
    claim = assessment.claim
    verdict = (
        f"  {assessment.words} (P={assessment.probability:.3f}), "
        f"{assessment.confidence} confidence, conflict {assessment.conflict:.3f}"
    )
    out = [f"Claim: {claim}", verdict, f"  opinion: {_numbers(assessment.opinion)}"]
    if assessment.as_of is not None:
        out.append(f"  as of {assessment.as_of.isoformat()}")
    if not assessment.lines:
        out.append("  no statement on this claim: the vacuous opinion at its base rate")
        return out
    out.append(
        f"  {len(assessment.groups)} independent group(s), fused by "
        f"{policy.across_groups.value} fusion"
    )
    for group in assessment.groups:
        name = "its own" if group.source is None else group.source.name
        out.append(
            f"  + group {name}: {len(group.lines)} line(s), "
            f"{policy.within_group.value} fusion -> {_numbers(group.opinion)}"
        )
        out.extend(_explain_line(line, policy, "    ") for line in group.lines)
    left_out = [line for line in assessment.lines if not line.counted]
    if left_out:
        out.append("  + not counted:")
        out.extend(_explain_line(line, policy, "    ") for line in left_out)
    return [text for chunk in out for text in chunk.split("\n")]


def _explain_line(line: Line, policy: Policy, indent: str) -> str:
    head = f"{indent}- {_said_words(line.statement)}"
    if line.excluded is not None:
        head += f"  [{line.excluded}]"
    rows = [head]
    for step in line.steps[:-1]:
        numbers = "" if step.opinion is None else f": {_numbers(step.opinion)}"
        rows.append(f"{indent}    {step.label} {step.subject}{numbers}  [{step.rule}]")
    factor = policy.interested_party_factor if line.interested else 1.0
    weight = line.trust.probability * factor * line.route_trust
    held = "held directly" if not line.route else f"route {line.route_trust:.3f}"
    if line.routes > 1:
        held += f" (the best of {line.routes} routes)"
    rows.append(
        f"{indent}    {held}; weight {weight:.3f} -> line {_numbers(line.opinion)}"
        f"  [{policy.discounting.value.replace('_', '-')} discounting]"
    )
    return "\n".join(rows)
