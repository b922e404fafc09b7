"""
Explanations: the parts of an assessment an analyst audits (lines of
evidence, their steps, dependency groups, shared conduits) and their text.

The engine in `provenance.assessment` builds these values; this module only
holds them and writes them out, so that the rules live in one place and the
words in another.
"""

from __future__ import annotations

# Not ``as dt``: Sphinx reads this module's annotations as text (`Assessment`
# is imported for type checking only), and links ``datetime.date`` only.
import datetime  # noqa: ICN001  # see above

from typing import TYPE_CHECKING

import attrs

from provenance._reprs import safe
from provenance._validators import is_day, to_day
from provenance.credibility import CONFIRMED, Credibility
from provenance.errors import InvalidValueError
from provenance.ledger import Route
from provenance.opinion import Opinion
from provenance.policy import Decay, Interest
from provenance.records import Record, Report, Statement
from provenance.relations import Flow
from provenance.sources import Source
from provenance.trust import Trust


if TYPE_CHECKING:
    from collections.abc import Iterable

    from provenance.assessment import Assessment
    from provenance.hypotheses import SetAssessment


__all__ = ["Conduit", "Group", "Line", "Step", "explain", "explain_set"]


@attrs.frozen(kw_only=True)
class Step:
    """
    One step of a line of evidence, for the explanation.

    Attributes:
        label: What the step is ("stance", "trust in source", "hearsay",
            "interest", "decay", "credibility", "rests on", "relay",
            "line").
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
        route: The strongest live chain of relays that delivers it, outermost
            first; ``()`` when the analyst holds it directly.
        route_count: How many live routes deliver it (reprints add routes, never
            evidence).
        stance: The source's own opinion, from its stance.
        trust: The trust in the originator and the rule behind it (for
            hearsay, in the unnamed source behind it).
        hearsay: For hearsay ("is said to"), the trust in the statement's
            source as the relay of an unnamed source; else ``None``.
        interest: The speaker's or a relay's stake in the claim, if any.
        relays: The trust in each relay of *route*, outermost first.
        route_trust: The product of the relays' projected trust (1 when
            held directly).
        weight: What the stance is discounted by: the product of every
            trust on the way, the interest factor, the decay factor and the
            credibility factor.
        opinion: The line's opinion after all discounting.
        group: The source naming the line's dependency group, or ``None``
            when the line is a group of its own.
        conduit: The first relay to hear the line (the innermost of
            *route* that every route passes; for hearsay, the statement's
            source, which speaks for the unnamed one): lines of other groups
            through it are fused with it before its trust. ``None`` when
            there is none (held directly, or its routes pass no relay in
            common).
        excluded: Why the line is not fused (a retraction, superseded,
            withdrawn, vacuous, no weight), or ``None`` when it counts.
        decay: How much the line has aged, when the policy gives its claim
            a half-life; else ``None``.
        credibility: The analyst's grading of the statement's information
            and what it does to the line, or ``None`` when not graded.
        flow: How a statement about another claim bears on this one (a
            relation between the claims), or ``None`` for the claim's own.
        rests_on: For an outlet's own word on the claim, the source it
            quoted whose later word (held otherwise than through a relay)
            it rests on, and in whose group it is counted; else ``None``.
    """

    statement: Statement
    route: Route
    route_count: int
    stance: Opinion
    trust: Trust
    hearsay: Trust | None
    interest: Interest | None
    relays: tuple[Trust, ...]
    route_trust: float
    weight: float
    opinion: Opinion
    group: Source | None
    conduit: Source | None
    excluded: str | None
    decay: Decay | None = None
    credibility: Credibility | None = None
    flow: Flow | None = None
    rests_on: Source | None = None

    @property
    def delivery(self) -> str:
        """
        How the line reaches the analyst, in words: "held directly", "route
        0.900" (its relays' trust), "no live route", with how many routes
        when more than one.
        """
        if not self.route_count:
            held = "no live route"
        elif not self.route:
            held = "held directly"
        else:
            held = f"route {self.route_trust:.3f}"
        if self.route_count > 1:
            held += f" (the best of {self.route_count} routes)"
        return held

    @property
    def counted(self) -> bool:
        """
        Whether the line is fused into the claim's opinion.
        """
        return self.excluded is None

    @property
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
                rule=f"stance table {statement.stance.value}{_turned(self.flow)}",
            ),
            Step(
                label="trust in source",
                subject="an unnamed source"
                if self.hearsay is not None
                else str(statement.source),
                opinion=self.trust.opinion,
                rule=self.trust.reason,
            ),
        ]
        if self.flow is not None:
            steps.insert(
                1,
                Step(
                    label="related",
                    subject=f"said of {statement.claim}",
                    opinion=None,
                    rule=self.flow.reason,
                ),
            )
        if self.hearsay is not None:
            steps.append(
                Step(
                    label="hearsay",
                    subject=f"{statement.source} repeats an unnamed source",
                    opinion=self.hearsay.opinion,
                    rule=f"hearsay is relayed, not asserted: {self.hearsay.reason}",
                )
            )
        if self.interest is not None:
            steps.append(
                Step(
                    label="interest",
                    subject=str(self.interest.party),
                    opinion=None,
                    rule=self.interest.reason,
                )
            )
        if self.decay is not None:
            steps.append(
                Step(
                    label="decay",
                    subject=f"said {self.decay.made_on.isoformat()}",
                    opinion=None,
                    rule=self.decay.reason,
                )
            )
        if self.credibility is not None:
            steps.append(
                Step(
                    label="credibility",
                    subject=f"graded {self.credibility.grade} "
                    f"({self.credibility.description})",
                    opinion=None,
                    rule=f"information credibility: weight x "
                    f"{self.credibility.factor:g}",
                )
            )
        if self.rests_on is not None:
            steps.append(
                Step(
                    label="rests on",
                    subject=str(self.rests_on),
                    opinion=None,
                    rule="its own word rests on whom it quoted, who said it "
                    "again later: one line of reporting with that source's",
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
                subject=said_words(statement),
                opinion=self.opinion,
                rule=f"discounted by weight {self.weight:.3f}",
            )
        )
        return tuple(steps)


@attrs.frozen(kw_only=True)
class Group:
    """
    Counted lines of dependent evidence, fused into one opinion.

    Attributes:
        source: The source naming the group (a root affiliation), or
            ``None`` for a line of its own.
        lines: The counted lines of the group.
        opinion: Their fusion.
        conflict: The contradiction inside the group, in [0, 1].
    """

    source: Source | None
    lines: tuple[Line, ...]
    opinion: Opinion
    conflict: float


@attrs.frozen(kw_only=True)
class Conduit:
    """
    Independent groups that reach the analyst only through one relay: a
    single point of failure, so the relay's trust counts once for all of
    them, not once per group.

    Attributes:
        source: The shared relay.
        trust: The trust in it as a relay.
        groups: The groups it carries (their opinions as the relay heard
            them, before its own trust), and its own word on the claim, if
            it agrees with what it carries (``own``).
        opinion: The groups it carries fused, then discounted once by
            *trust*, then fused with its own word.
    """

    source: Source
    trust: Trust
    groups: tuple[Group, ...]
    opinion: Opinion

    @property
    def own(self) -> tuple[Group, ...]:
        """
        The groups that are the own word on the claim of a source that
        carries what the relay holds, said directly: one article with what
        it carries, they keep their own trust and are fused beside it, not
        discounted by the relay.
        """
        return tuple(
            group
            for group in self.groups
            if all(not line.route and line.hearsay is None for line in group.lines)
        )


def beside_words(unit: Conduit) -> str:
    """
    How a conduit's own word on the claim joins what it carries, if it does.
    """
    speakers = dict.fromkeys(
        str(line.statement.source) for group in unit.own for line in group.lines
    )
    if not speakers:
        return ""
    return (
        f", then fused with the own word of {' and '.join(speakers)} beside it "
        "(it rests on whom it quotes: one line of reporting)"
    )


def _resting_words(group: Group) -> str:
    """
    How the own words resting on a group's lines join it, if any do.
    """
    speakers = dict.fromkeys(
        str(line.statement.source) for line in group.lines if line.rests_on is not None
    )
    if not speakers:
        return ""
    return (
        f" of its other lines, then fused with the own word of "
        f"{' and '.join(speakers)} beside them (it rests on whom it quotes: "
        "one line of reporting)"
    )


def _turned(flow: Flow | None) -> str:
    return ", turned against the claim" if flow is Flow.INCOMPATIBLE else ""


def _credibility_words(assessment: Assessment) -> str:
    """
    The claim's information credibility, in words: its grade, what the
    grade says, and its rating ("credibility 1 (confirmed by other sources),
    rated B1: the best grade given is 2, corroborated by 2 independent lines
    of reporting").
    """
    grade = assessment.credibility
    if grade is None:  # pragma: no cover  # only called when graded
        return "credibility not graded"
    table = assessment.policy.credibility
    side = assessment.opinion.verdict_side
    best = min(
        (
            line.statement.credibility
            for line in assessment.lines
            if line.counted
            and line.statement.credibility is not None
            and line.stance.side == side
        ),
        default=grade,
    )
    words = f"credibility {grade} ({table[grade].description}), "
    words += f"rated {assessment.rating}"
    if best != grade:
        words += (
            f": the best grade given is {best}, corroborated by "
            f"{assessment.corroboration} independent lines of reporting"
        )
    elif grade == CONFIRMED and assessment.corroboration < (
        assessment.policy.corroboration
    ):
        # The analyst's word, not the ledger's: say so beside "uncorroborated".
        words += ": graded 1 by the analyst; not corroborated in this ledger"
    return words


def said_words(statement: Statement) -> str:
    """
    A statement as an explanation names it: who, how, where, when.

    Raises:
        InvalidValueError: *statement* is not a `Statement`.
    """
    if not isinstance(statement, Statement):
        msg = "must be a Statement"
        raise InvalidValueError(msg, "said_words.statement", statement)
    via = "" if statement.channel is None else f", {statement.channel}"
    return f"{statement.source} {statement.stance.act}{via}, {_when(statement)}"


def _when(record: Statement | Report) -> str:
    made_at = record.made_at
    day = record.made_on.isoformat()
    return day if made_at is None else f"{day} {made_at.isoformat()}"


def _relay_words(report: Report) -> str:
    via = "" if report.channel is None else f", {report.channel}"
    return f"{report.reporter}{via}, {_when(report)}"


def _numbers(opinion: Opinion) -> str:
    return (
        f"b={opinion.belief:.3f} d={opinion.disbelief:.3f} "
        f"u={opinion.uncertainty:.3f} a={opinion.base_rate:.2f} "
        f"P={opinion.probability:.3f}"
    )


def explain(assessment: Assessment, *, known_on: datetime.date | None = None) -> str:
    """
    A readable multi-line tree: the verdict, then each independent line of
    reporting, group and line with its sources, channels, dates, rules and
    numbers, then the lines not counted and why.

    Args:
        assessment: The assessment to explain.
        known_on: The day its ledger was known on (a store's ledger cut by
            `provenance.store.Store.ledger`), stated under the verdict
            beside the assessment's *as_of*; it cuts nothing.

    Raises:
        InvalidValueError: *assessment* is not an `Assessment`, or
            *known_on* is not a day.

    .. versionchanged:: unreleased
        Takes *known_on*.
    """
    # Imported here: provenance.assessment imports this module.
    from provenance.assessment import Assessment  # noqa: PLC0415

    if not isinstance(assessment, Assessment):
        msg = "must be an Assessment"
        raise InvalidValueError(msg, "explain.assessment", assessment)
    known_on = checked_day(known_on, "explain.known_on")
    lines = _explain(assessment, cut_words(known_on, assessment.as_of))
    return safe("\n".join(lines), _texts_of(assessment))


def checked_day(value: object, path: str) -> datetime.date | None:
    """
    *value*, a day or ``None`` (a ``datetime`` is refused, as for *as_of*).

    Raises:
        InvalidValueError: *value* is neither.
    """
    day: datetime.date | None = to_day(value)
    if day is not None and not is_day(day):
        msg = "must be a datetime.date or None"
        raise InvalidValueError(msg, path, value)
    return day


def cut_words(known_on: datetime.date | None, as_of: datetime.date | None) -> str:
    """
    The cut of a ledger in words, as every output states it: "known on DAY",
    "as of DAY", both joined by "and", or "" for none.
    """
    parts = []
    if known_on is not None:
        parts.append(f"known on {known_on.isoformat()}")
    if as_of is not None:
        parts.append(f"as of {as_of.isoformat()}")
    return " and ".join(parts)


def _texts_of(assessment: Assessment) -> set[str]:
    """
    Every document string an explanation can show.
    """
    found: set[str] = set()
    claim = assessment.claim
    found.add(claim.text)
    for party in (*claim.about, *claim.favours):
        found.update(_source_texts(party))
    for line in assessment.lines:
        statement = line.statement
        found.update(_source_texts(statement.source))
        found.add(statement.stance.act)
        records: tuple[Record, ...] = (statement, *line.route)
        for record in records:
            if isinstance(record, Report):
                found.update(_source_texts(record.reporter))
            if record.channel is not None:
                found.update(
                    t for t in (record.channel.name, record.channel.audience) if t
                )
        # Sources a line may name besides its speaker and relays (the
        # shared conduit, the party whose interest is at stake), read
        # defensively: the engine's explanation parts grow with its rules.
        interest = getattr(line, "interest", None)
        for other in (getattr(line, "conduit", None), getattr(interest, "party", None)):
            if isinstance(other, Source):
                found.update(_source_texts(other))
    for group in (*assessment.groups, *getattr(assessment, "units", ())):
        source = getattr(group, "source", None)
        if isinstance(source, Source):
            found.update(_source_texts(source))
    return found


def _source_texts(source: Source) -> Iterable[str]:
    for node in (source, *source.affiliations()):
        yield node.name
        if node.role is not None:
            yield node.role


def _explain(assessment: Assessment, cut: str) -> list[str]:
    policy = assessment.policy
    verdict = (
        f"  {assessment.words} (P={assessment.probability:.3f}), "
        f"{assessment.confidence} confidence, conflict {assessment.conflict:.3f}, "
        f"{assessment.corroboration} independent line(s) of reporting agree"
    )
    out = [
        f"Claim: {assessment.claim}",
        verdict,
        f"  opinion: {_numbers(assessment.opinion)}",
    ]
    if assessment.credibility is not None:
        out.append(f"  {_credibility_words(assessment)}")
    if cut:
        out.append(f"  {cut}")
    if not assessment.lines:
        out.append("  no statement on this claim: the vacuous opinion at its base rate")
        return out
    units = assessment.units
    out.append(
        f"  {len(units)} independent line(s) of reporting, fused by "
        f"{policy.across_groups.value} fusion"
    )
    for unit in units:
        if isinstance(unit, Conduit):
            carried = len(unit.groups) - len(unit.own)
            out.append(
                f"  + only through {unit.source} "
                f"({carried} group{'' if carried == 1 else 's'}): "
                f"fused, then discounted once by its trust "
                f"{unit.trust.probability:.3f} [{unit.trust.reason}]"
                f"{beside_words(unit)} -> {_numbers(unit.opinion)}"
            )
            for group in unit.groups:
                out.extend(_explain_group(group, policy.within_group.value, "    "))
        else:
            out.extend(_explain_group(unit, policy.within_group.value, "  "))
    out.extend(f"  ! {note}" for note in assessment.notes)
    left_out = [line for line in assessment.lines if not line.counted]
    if left_out:
        out.append("  + not counted:")
        out.extend(_explain_line(line, "    ") for line in left_out)
    return [text for chunk in out for text in chunk.split("\n")]


def _explain_group(group: Group, fusion: str, indent: str) -> list[str]:
    name = "its own" if group.source is None else group.source.name
    head = (
        f"{indent}+ group {name}: {len(group.lines)} line(s), {fusion} fusion"
        f"{_resting_words(group)} -> {_numbers(group.opinion)}"
    )
    if group.conflict > 0.0:
        head += f"; contradicts itself (conflict {group.conflict:.3f})"
    return [head, *(_explain_line(line, indent + "  ") for line in group.lines)]


def _explain_line(line: Line, indent: str) -> str:
    head = f"{indent}- {said_words(line.statement)}"
    if line.excluded is not None:
        head += f"  [{line.excluded}]"
    rows = [head]
    for step in line.steps[:-1]:
        numbers = "" if step.opinion is None else f": {_numbers(step.opinion)}"
        rows.append(f"{indent}    {step.label} {step.subject}{numbers}  [{step.rule}]")
    rows.append(
        f"{indent}    {line.delivery}; weight {line.weight:.3f} "
        f"-> line {_numbers(line.opinion)}"
    )
    return "\n".join(rows)


def explain_set(assessment: SetAssessment) -> str:
    """
    An exclusive set's verdict: each hypothesis, most probable first, with
    its probability and words, what is left for "none of these", and the
    multinomial opinion's uncertainty.

    Raises:
        InvalidValueError: *assessment* is not a `SetAssessment`.
    """
    from provenance.hypotheses import SetAssessment  # noqa: PLC0415

    if not isinstance(assessment, SetAssessment):
        msg = "must be a SetAssessment"
        raise InvalidValueError(msg, "explain_set.assessment", assessment)
    hypotheses = assessment.hypotheses
    words = "exactly one" if hypotheses.exhaustive else "at most one"
    out = [
        f"Hypotheses: {hypotheses.key} ({words} of {len(hypotheses.claims)} true)",
        f"  uncertainty u={assessment.opinion.uncertainty:.3f}",
    ]
    ranked = sorted(assessment.members, key=lambda a: -a.probability)
    out.extend(
        f"  - {a.claim}: {a.words} (P={a.probability:.3f}), "
        f"{len([line for line in a.lines if line.counted])} line(s) counted"
        for a in ranked
    )
    if assessment.none is not None:
        out.append(f"  - none of these: P={assessment.none:.3f}")
    texts = {hypotheses.key}.union(*(_texts_of(a) for a in assessment.members))
    return safe("\n".join(out), texts)
