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
import itertools

from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from provenance._validators import is_day
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.ledger import Ledger, Route
from provenance.opinion import Opinion, conflict
from provenance.policy import DEFAULT_POLICY, Policy, Trust
from provenance.records import Report, Statement
from provenance.sources import Source


__all__ = ["Assessment", "Group", "Line", "Step", "assess", "assess_all"]

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


@attrs.frozen(kw_only=True)
class Assessment:
    """
    How much to believe one claim, and why.

    Attributes:
        claim: The claim.
        opinion: The fused opinion of all independent evidence.
        words: The estimative phrase for its probability (ICD 203 by
            default).
        confidence: The analytic-confidence word for its uncertainty.
        conflict: The largest degree of conflict between two independent
            groups of evidence, in [0, 1].
        lines: Every line of evidence, counted or not, in statement-id order.
        groups: The groups fused, in order of their first line.
        policy: The policy used.
        as_of: The date the ledger was cut at, if any.
    """

    claim: Claim
    opinion: Opinion
    words: str
    confidence: str
    conflict: float
    lines: tuple[Line, ...]
    groups: tuple[Group, ...]
    policy: Policy = attrs.field(repr=False)
    as_of: dt.date | None = None

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
    engine = _Engine(ledger, policy)
    return engine.assess(claim, ledger.statements_about(claim), as_of)


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
    engine = _Engine(ledger, policy)
    return {
        claim: engine.assess(claim, ledger.statements_about(claim), as_of)
        for claim in ledger.claims
    }


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
    """

    def __init__(self, ledger: Ledger, policy: Policy) -> None:
        self.ledger = ledger
        self.policy = policy
        self.trust = functools.cache(policy.trust_in)
        self.relay_trust = functools.cache(policy.relay_trust_in)

    def assess(
        self, claim: Claim, statements: Iterable[Statement], as_of: dt.date | None
    ) -> Assessment:
        policy = self.policy
        base_rate = policy.base_rate_of(claim)
        statements = tuple(statements)
        retracted = _retractions(statements)
        lines = tuple(
            self.line(statement, claim, base_rate, retracted)
            for statement in statements
        )
        groups = _groups(lines, policy)
        opinion = (
            policy.across_groups.fuse(*(g.opinion for g in groups))
            if groups
            else Opinion.vacuous(base_rate)
        )
        clash = max(
            (
                conflict(a.opinion, b.opinion)
                for a, b in itertools.combinations(groups, 2)
            ),
            default=0.0,
        )
        return Assessment(
            claim=claim,
            opinion=opinion,
            words=policy.words_for(opinion.probability),
            confidence=policy.confidence_for(opinion.uncertainty),
            conflict=clash,
            lines=lines,
            groups=groups,
            policy=policy,
            as_of=as_of,
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


def _speaker(record: Statement | Report) -> Source:
    return record.source if isinstance(record, Statement) else record.reporter


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
