"""
Assessments: one opinion per claim, computed from a ledger under a policy,
with every step kept for the explanation.

The rules, one pure function each, in the order they apply:

1. `standing`: time. For each source the latest committed statement on the
   claim governs; earlier ones are superseded. A retraction withdraws its
   source's statements made before it (never after, and never one made the
   same day unless both carry a time of day) and the source's own reports of
   the claim's statements, and with them the routes through those reports.
2. `weigh`: one line of evidence. The stance opinion is discounted by the
   trust in the originator (for hearsay, an unnamed source relayed by the
   statement's source), the interest factor, the factor of the analyst's
   information-credibility grade, the time decay (when the policy has a
   half-life for the claim) and the best live route of relays.
3. ``_fuse``: dependence. Lines of one dependency group are fused by
   ``policy.within_group`` (by default per side the strongest: agreeing
   dependent lines never dilute; a contradiction inside the group shows as
   conflict). The shares of groups that reach the analyst through one relay
   (a shared conduit) are fused first and discounted by that relay once; a
   group's lines held otherwise are a line of reporting of their own, but
   count only beyond what its share adds there. One
   uncorroborated line of reporting is held below
   ``policy.uncorroborated_ceiling``; the rest are fused by
   ``policy.across_groups``.
4. ``_conflict_of`` and ``Policy.confidence_for``: the conflict (how flatly the
   counted lines contradict each other) and the analytic confidence (from
   corroboration, conflict and uncertainty).
5. ``_credibility_of``: the claim's information credibility as doctrine
   reads it (`provenance.credibility.claim_credibility`).

The numbers of `assess_all` and the explanation of an `Assessment` are two
callers of the same functions.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Final, NamedTuple, TypeVar, overload

import attrs

from provenance import _reprs
from provenance._validators import instance_of, is_day, to_day, unit_interval
from provenance.claims import Bound, Claim
from provenance.credibility import Credibility, claim_credibility
from provenance.errors import (
    InvalidValueError,
    RelationError,
    UnknownClaimError,
    short_repr,
)
from provenance.explain import Conduit, Group, Line, explain
from provenance.hypotheses import HyperOpinion, SetAssessment, set_base_rates
from provenance.ledger import Ledger, Route, collector_paused
from provenance.opinion import (
    _PRIOR_WEIGHT,
    Opinion,
    Parts,
    _averaging,
    _clamped,
    _cumulative,
    _strongest,
    _trusted,
    _weighted,
    averaging_fuse,
    cumulative_fuse,
    discount_by,
    strongest_fuse,
    weighted_fuse,
)
from provenance.policy import (
    DEFAULT_POLICY,
    UNNAMED_SOURCES,
    Decay,
    Dependency,
    Interest,
    Policy,
)
from provenance.records import Report, Statement
from provenance.records import _before as made_before
from provenance.records import _credibility as credibility_grade
from provenance.relations import (
    Exclusive,
    Flow,
    Relations,
    claim_order,
    quantity_relations,
)
from provenance.sources import Source, SourceKind
from provenance.stances import Modality, Polarity, Stance
from provenance.track import TrackRecord
from provenance.trust import Trust


__all__ = [
    "Assessment",
    "Assessments",
    "Evidence",
    "Standing",
    "assess",
    "assess_all",
    "standing",
    "weigh",
]

_T = TypeVar("_T")

_FAITHFUL: Final = Trust(
    Opinion(1.0, 0.0, 0.0), "faithful: a source relaying its own words"
)

_HELD: Final[tuple[Route, tuple[Trust, ...], float]] = ((), (), 1.0)
"""A statement held directly: no relays, route trust 1."""

Evidence = tuple[tuple[Statement, tuple[Route, ...]], ...]
"""
A claim's statements in the order made, each with the routes delivering it.
"""


#: The analytic-confidence words `Policy.confidence_for` gives.
_CONFIDENCE_WORDS: Final = frozenset({"high", "moderate", "low"})


def _text(_instance: object, _attribute: attrs.Attribute[str], value: object) -> None:
    if type(value) is not str:
        msg = "must be a str"
        raise InvalidValueError(msg, "Assessment.words", value)


def _confidence_word(
    _instance: object, _attribute: attrs.Attribute[str], value: object
) -> None:
    if type(value) is not str or value not in _CONFIDENCE_WORDS:
        msg = "must be a confidence word: high, moderate or low"
        raise InvalidValueError(msg, "Assessment.confidence", value)


def _count(_instance: object, _attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        msg = "must be a non-negative integer"
        raise InvalidValueError(msg, "Assessment.corroboration", value)


def _optional_day(
    _instance: object, _attribute: attrs.Attribute[dt.date | None], value: object
) -> None:
    if value is not None and type(value) is not dt.date:
        msg = "must be a datetime.date or None"
        raise InvalidValueError(msg, "Assessment.as_of", value)


@attrs.frozen(kw_only=True, eq=False)
class Assessment:
    """
    How much to believe one claim, and why.

    An assessment holds its numbers and the claim's statements with their
    routes, not the ledger or the engine: it pickles, and the lines of
    evidence are worked out again, by the same rules, when first asked for.
    Equality compares every attribute, *lines* and *groups* included.
    ``Assessment(...)``, and so `attrs.evolve`, checks every field and that
    *words* are the policy's words for the probability, raising
    `~provenance.errors.InvalidValueError`.

    Attributes:
        claim: The claim.
        opinion: The fused opinion of all independent evidence.
        words: The estimative phrase for its probability (ICD 203 by
            default).
        confidence: The analytic-confidence word (ICD 203: high, moderate,
            low), from corroboration, conflict and uncertainty.
        conflict: How flatly the counted lines contradict each other, inside
            groups and between them, in [0, 1]: about 0.9 for two equally
            trusted sources asserting and denying outright, 0 for agreement.
        corroboration: How many independent lines of reporting agree with
            the verdict's side.
        credibility: The claim's information credibility as the Admiralty
            code reads it: the best grade the analyst gave a counted line
            that agrees with the verdict, 1 (confirmed by other sources)
            when ``policy.corroboration`` independent lines agree firmly
            (said as certain or probable, not merely possible) and that
            grade is 2, 3 or 6; ``None`` when no such line is graded.
        policy: The policy used.
        as_of: The date the ledger was cut at, if any.
    """

    # Checked in __init__ (and so by attrs.evolve) only: the engine builds
    # its values, valid by construction, with `_made`, which skips them.
    claim: Claim = attrs.field(validator=instance_of(Claim))
    opinion: Opinion = attrs.field(validator=instance_of(Opinion))
    words: str = attrs.field(validator=_text)
    confidence: str = attrs.field(validator=_confidence_word)
    conflict: float = attrs.field(validator=unit_interval)
    corroboration: int = attrs.field(validator=_count)
    credibility: int | None = attrs.field(default=None, validator=credibility_grade)
    policy: Policy = attrs.field(repr=False, validator=instance_of(Policy))
    as_of: dt.date | None = attrs.field(
        default=None, converter=to_day, validator=_optional_day
    )
    _evidence: Evidence = attrs.field(repr=False, alias="evidence")
    _context: _Context | None = attrs.field(default=None, repr=False, alias="context")

    def __attrs_post_init__(self) -> None:
        # The words follow from the probability under the policy: a value
        # naming other words would say two things at once.
        words = self.policy.words_for(self.opinion.probability)
        if self.words != words:
            known = {phrase for _, phrase in self.policy.words}
            msg = (
                f"must be the policy's words for the probability, {words!r}"
                if self.words in known
                else "must be one of the policy's estimative words"
            )
            raise InvalidValueError(msg, "Assessment.words", self.words)

    @functools.cached_property
    def _explained(self) -> _Explained:
        return _explain(
            self.claim, self._evidence, self.policy, self.as_of, self._context
        )

    @property
    def lines(self) -> tuple[Line, ...]:
        """
        Every line of evidence, counted or not, in the order its statement
        was made.
        """
        return self._explained.lines

    @property
    def groups(self) -> tuple[Group, ...]:
        """
        The dependency groups fused, in order of their first line.
        """
        return tuple(
            group
            for unit in self._explained.units
            for group in (unit.groups if isinstance(unit, Conduit) else (unit,))
        )

    @property
    def units(self) -> tuple[Group | Conduit, ...]:
        """
        The independent lines of reporting fused across: groups, and shared
        conduits carrying several groups.
        """
        return self._explained.units

    @property
    def notes(self) -> tuple[str, ...]:
        """
        Rules applied to the whole claim (the uncorroborated ceiling, an
        exclusive set it belongs to, a general claim it cannot exceed).
        """
        return self._explained.notes

    @property
    def probability(self) -> float:
        """
        The projected probability of the claim.
        """
        return self.opinion.probability

    @property
    def rating(self) -> str | None:
        """
        The Admiralty rating of the claim's best graded evidence, "B1" style:
        the reliability letter of the originator of the best graded line
        that agrees with the verdict (`Policy.grade_letter`: its grade, or
        the grade its trust equals before any track record, such as B for an
        agency by default; F, cannot be judged, when its trust is no grade:
        a trust override of no grade, a kind's default between grades, as an
        unnamed person's, or the unnamed originator of hearsay), then
        `credibility`. ``None`` when no such line is graded.
        """
        if self.credibility is None:
            return None
        line = _best_graded(self.lines, self.opinion)
        if line is None:  # pragma: no cover  # credibility says there is one
            return None
        return f"{_letter(self.policy, line)}{self.credibility}"

    def explain(self) -> str:
        """
        A readable multi-line tree: the verdict, then each group and line
        with its sources, channels, dates, rules and numbers. Control and
        format characters and line breaks from the document are written as
        Python escapes (``\\x1b``, ``\\n``), so printing it is safe.
        """
        return explain(self)

    def __str__(self) -> str:
        """
        The verdict in one line: "North Korea sent troops [troops]: likely
        (P=0.80), moderate confidence".

        .. versionadded:: unreleased
        """
        return _reprs.assessment_str(self)

    def __repr__(self) -> str:
        """
        The claim, words, probability, confidence and conflict, in one line.

        .. versionchanged:: unreleased
            One short line rather than every field.
        """
        return _reprs.assessment_repr(self)

    def _repr_html_(self) -> str:
        return _reprs.assessment_html(self)

    def _key(self) -> tuple[object, ...]:
        return (
            self.claim,
            self.opinion,
            self.words,
            self.confidence,
            self.conflict,
            self.corroboration,
            self.credibility,
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


@overload
def assess(
    ledger: Ledger,
    claim: Claim | str,
    *,
    policy: Policy = ...,
    as_of: dt.date | None = ...,
) -> Assessment: ...
@overload
def assess(
    ledger: Ledger,
    claim: Exclusive,
    *,
    policy: Policy = ...,
    as_of: dt.date | None = ...,
) -> SetAssessment: ...
def assess(
    ledger: Ledger,
    claim: Claim | str | Exclusive,
    *,
    policy: Policy = DEFAULT_POLICY,
    as_of: dt.date | None = None,
) -> Assessment | SetAssessment:
    """
    Assess *claim* (a `Claim`, or a claim key) from the evidence in *ledger*
    and the relations it holds; or an exclusive set of hypotheses (an
    `Exclusive` the ledger holds, such as ``ledger.hypotheses(key)``) as one
    multinomial opinion, a `SetAssessment`. A set's key, where no claim has
    that key, gives the set's assessment too (typed as an `Assessment`:
    pass the `Exclusive` for the precise type).

    A claim no statement is about gets the vacuous opinion at its base rate,
    unless evidence flows to it from related claims.

    Args:
        ledger: The evidence.
        claim: The claim, or its key; or an exclusive set.
        policy: The rules.
        as_of: Ignore everything said after this day.

    Raises:
        UnknownClaimError: *claim* is a key no claim in the ledger has, or
            a set the ledger does not hold.
        RelationError: The relations the policy reads from quantities
            contradict the ledger's.

    >>> import datetime as dt
    >>> from provenance import Claim, Ledger, Source, SourceKind, Stance, Statement
    >>> nis = Source(name="NIS", kind=SourceKind.AGENCY)
    >>> troops = Claim(text="North Korea sent troops to Russia", key="troops")
    >>> said = Statement(source=nis, claim=troops,
    ...     stance=Stance.from_verb("said"), made_on=dt.date(2024, 10, 18))
    >>> got = assess(Ledger.of([said]), "troops")
    >>> round(got.probability, 2), got.words, got.confidence
    (0.8, 'likely', 'moderate')
    """
    as_of = _check(ledger, policy, as_of)
    if isinstance(claim, Exclusive):
        return _assess_set(ledger, claim, policy, as_of)
    if not isinstance(claim, (Claim, str)):
        msg = "must be a Claim, a claim key or an exclusive set"
        raise InvalidValueError(msg, "assess.claim", claim)
    if not isinstance(claim, Claim):
        hypotheses = _set_named(ledger, claim)
        if hypotheses is not None:
            return _assess_set(ledger, hypotheses, policy, as_of)
        claim = ledger.claim(claim)
    if as_of is not None:
        ledger = ledger.as_of(as_of)
    engine = _Engine(policy, as_of)
    graph = _graph(ledger, policy, claim)
    if graph is None or claim not in graph.claims:
        return engine.assess(claim, _evidence_of(ledger, claim))
    numbers, _ = _assess_related(engine, ledger, graph, graph.component(claim))
    return numbers[claim]


def _set_named(ledger: Ledger, key: object) -> Exclusive | None:
    """
    The exclusive set with *key*, when `Ledger.claim` finds no claim by it
    (no whole id, key or id prefix names one): a claim comes first, as in
    every other lookup of a text (``assess_all(ledger)[key]``, the store's).
    """
    if not ledger.relations or not isinstance(key, str):
        return None
    found = ledger.related.set_named(key)
    if found is None or ledger._claim_ids(str.__str__(key))[0]:  # noqa: SLF001
        return None
    return found


def _assess_set(
    ledger: Ledger, hypotheses: Exclusive, policy: Policy, as_of: dt.date | None
) -> SetAssessment:
    """
    An exclusive set of hypotheses assessed as one multinomial opinion: each
    hypothesis's probability, summing to at most 1.

    >>> import datetime as dt
    >>> from provenance import Claim, Ledger, Source, SourceKind, Stance, Statement
    >>> from provenance.relations import Exclusive
    >>> russian = Claim(text="The missile was Russian", key="russian")
    >>> ukrainian = Claim(text="The missile was Ukrainian", key="ukrainian")
    >>> kyiv = Source(name="Ukraine", kind=SourceKind.GOVERNMENT)
    >>> said = Statement(source=kyiv, claim=russian,
    ...     stance=Stance.from_verb("said"), made_on=dt.date(2022, 11, 15))
    >>> ledger = Ledger.of([said, Exclusive(key="missile",
    ...     claims={russian, ukrainian}, exhaustive=True)])
    >>> found = assess(ledger, ledger.hypotheses("missile"))
    >>> {c.key: round(p, 2) for c, p in found.probabilities.items()}
    {'russian': 0.77, 'ukrainian': 0.23}
    """
    if hypotheses not in ledger.relations:
        msg = f"the ledger holds no exclusive set {short_repr(hypotheses.key)}"
        raise UnknownClaimError(msg, "assess_set")
    if as_of is not None:
        ledger = ledger.as_of(as_of)
    graph = _graph(ledger, policy)
    assert graph is not None  # noqa: S101  # the ledger holds a relation
    engine = _Engine(policy, as_of)
    first = hypotheses.hypotheses[0]
    numbers, sets = _assess_related(engine, ledger, graph, graph.component(first))
    return _set_assessment(hypotheses, sets, numbers)


def _set_assessment(
    hypotheses: Exclusive,
    sets: Mapping[str, HyperOpinion],
    numbers: Mapping[Claim, Assessment],
) -> SetAssessment:
    return SetAssessment(
        hypotheses=hypotheses,
        opinion=sets[hypotheses.key],
        members=tuple(numbers[claim] for claim in hypotheses.hypotheses),
    )


def assess_all(
    ledger: Ledger, *, policy: Policy = DEFAULT_POLICY, as_of: dt.date | None = None
) -> Assessments:
    """
    Assess every claim in *ledger*, in one pass over its statements.

    Returns:
        The `Assessments`: a read-only mapping from each claim (looked up by
        the claim or its key) to its assessment, in the ledger's claim order.

    >>> import datetime as dt
    >>> from provenance import Claim, Ledger, Source, SourceKind, Stance, Statement
    >>> pyongyang = Source(name="North Korea", kind=SourceKind.GOVERNMENT)
    >>> troops = Claim(text="North Korea sent troops", key="troops")
    >>> denied = Statement(source=pyongyang, claim=troops,
    ...     stance=Stance.from_verb("denied"), made_on=dt.date(2024, 10, 25))
    >>> assessments = assess_all(Ledger.of([denied]))
    >>> assessments["troops"].words
    'unlikely'
    >>> graded = assessments.with_policy(assessments.policy.with_grade(pyongyang, "E"))
    >>> graded["troops"].words
    'roughly even chance'
    """
    as_of = _check(ledger, policy, as_of, "assess_all")
    return Assessments(ledger, policy=policy, as_of=as_of)


def _assess_every(
    ledger: Ledger, policy: Policy, as_of: dt.date | None
) -> tuple[dict[Claim, Assessment], dict[str, HyperOpinion]]:
    engine = _Engine(policy, as_of)
    graph = _graph(ledger, policy)
    with collector_paused():  # Allocates a few objects per claim, no cycles.
        numbers: dict[Claim, Assessment] = {}
        sets: dict[str, HyperOpinion] = {}
        if graph is None:
            # Each claim hashed once, as it enters the result: the index's
            # tables are walked side by side (claims in the order first
            # stated) and the assessments found again by claim id.
            index = ledger._index  # noqa: SLF001
            found: dict[str, Assessment] = {}
            for (claim, statements), relays in zip(
                index.by_claim.items(), index.relays.values(), strict=True
            ):
                found[claim.id] = engine.assess(claim, _evidence(statements, relays))
            # Without relations every claim is some statement's.
            numbers = {claim: found[key] for key, claim in index.claims.items()}
            return numbers, sets
        numbers, sets = _assess_related(engine, ledger, graph, graph.claims)
        for claim in ledger.claims:
            if claim not in numbers:
                numbers[claim] = engine.assess(claim, _evidence_of(ledger, claim))
        # The ledger's claim order.
        return {claim: numbers[claim] for claim in ledger.claims}, sets


def _evidence_of(ledger: Ledger, claim: Claim) -> Evidence:
    index = ledger._index  # noqa: SLF001
    statements = index.by_claim.get(claim)
    if statements is None:  # Named by a relation only.
        return ()
    return _evidence(statements, index.relays[claim])


def _evidence(
    statements: list[Statement], relays: list[list[Route] | None]
) -> Evidence:
    """
    A claim's evidence from its entries in the ledger's index: its
    statements and, aligned with them, their routes (``None``: held
    directly).
    """
    if len(statements) == 1:  # A claim of one statement, as most are.
        routes = relays[0]
        return ((statements[0], _DIRECT if routes is None else tuple(routes)),)
    return tuple(
        [  # A list first: quicker than from a generator.
            (statement, _DIRECT if routes is None else tuple(routes))
            for statement, routes in zip(statements, relays, strict=True)
        ]
    )


_DIRECT: Final[tuple[Route, ...]] = ((),)
"""The routes of a statement held directly."""

# The slots' own setters, for `_made`: quicker than ``Assessment(...)``, whose
# generated __init__ sets each field through object.__setattr__.
(
    _A_CLAIM,
    _A_OPINION,
    _A_WORDS,
    _A_CONFIDENCE,
    _A_CONFLICT,
    _A_CORROBORATION,
    _A_CREDIBILITY,
    _A_POLICY,
    _A_AS_OF,
    _A_EVIDENCE,
    _A_CONTEXT,
) = (Assessment.__dict__[field.name].__set__ for field in attrs.fields(Assessment))


def _made(  # noqa: PLR0917 (the fields of one assessment, in order)
    claim: Claim,
    opinion: Opinion,
    words: str,
    confidence: str,
    conflict: float,
    corroboration: int,
    credibility: int | None,
    policy: Policy,
    as_of: dt.date | None,
    evidence: Evidence,
) -> Assessment:
    """
    ``Assessment(...)`` without context, for values the engine made: each
    slot set exactly as the generated __init__ sets it (its converter and
    checks, skipped, leave the engine's values as they are).
    ``tests/test_assess_fastpath.py`` checks that the two are alike.
    """
    made: Assessment = object.__new__(Assessment)
    _A_CLAIM(made, claim)
    _A_OPINION(made, opinion)
    _A_WORDS(made, words)
    _A_CONFIDENCE(made, confidence)
    _A_CONFLICT(made, conflict)
    _A_CORROBORATION(made, corroboration)
    _A_CREDIBILITY(made, credibility)
    _A_POLICY(made, policy)
    _A_AS_OF(made, as_of)
    _A_EVIDENCE(made, evidence)
    _A_CONTEXT(made, None)
    return made


@attrs.frozen(eq=False)
class Assessments(Mapping[Claim, Assessment]):
    """
    Every claim of a ledger assessed under a policy: a read-only mapping from
    claim to `Assessment`, in the ledger's claim order, that also takes a
    claim's key (``assessments["death"]``).

    `with_policy` returns the assessments under another policy: when the
    two policies differ only in per-source trust (`Policy.with_trust`,
    `Policy.with_grade`, `Policy.with_relay_trust`, `Policy.with_track_record`:
    the sources whose events differ), only the claims those
    sources (or sources affiliated with them) speak on or relay are assessed
    again; any other change assesses everything. Two `Assessments` are equal
    when their ledgers, policies and dates are (and equal to any mapping
    with the same items).

    Attributes:
        ledger: The evidence (cut to *as_of* when it is given).
        policy: The rules.
        as_of: Ignore everything said after this day.
    """

    ledger: Ledger
    policy: Policy = attrs.field(default=DEFAULT_POLICY, kw_only=True)
    as_of: dt.date | None = attrs.field(default=None, kw_only=True, converter=to_day)
    _numbers: dict[Claim, Assessment] = attrs.field(init=False, repr=False)
    _sets: dict[str, HyperOpinion] = attrs.field(init=False, repr=False)
    _reach: dict[Source, set[Claim]] | None = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _check(self.ledger, self.policy, self.as_of, "Assessments")
        ledger = self.ledger
        if self.as_of is not None:
            ledger = ledger.as_of(self.as_of)
        numbers, sets = _assess_every(ledger, self.policy, self.as_of)
        _set(self, ledger=ledger, _numbers=numbers, _sets=sets, _reach=None)

    def hypotheses(self, key: str | Exclusive) -> SetAssessment:
        """
        The assessment of an exclusive set of hypotheses (its key, or the
        `Exclusive`) as one multinomial opinion.

        Raises:
            UnknownClaimError: The ledger holds no such set.
        """
        found = key if isinstance(key, Exclusive) else self.ledger.hypotheses(key)
        if found not in self.ledger.relations:
            msg = f"the ledger holds no exclusive set {short_repr(found.key)}"
            raise UnknownClaimError(msg, "Assessments.hypotheses")
        members = {claim: self[claim] for claim in found.claims}
        return _set_assessment(found, self._sets, members)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Assessments):
            return (self.ledger, self.policy, self.as_of) == (
                other.ledger,
                other.policy,
                other.as_of,
            )
        return Mapping.__eq__(self, other)

    def __hash__(self) -> int:
        return hash((self.ledger, self.policy, self.as_of))

    def __repr__(self) -> str:
        """
        How many claims, and the ledger counted: ``Assessments(<4 claims,
        from Ledger(<...>)>)``.

        .. versionchanged:: unreleased
            Counts rather than the whole ledger.
        """
        return _reprs.assessments_repr(self)

    def _repr_html_(self) -> str:
        """
        A table of every claim, most probable first, for Jupyter.
        """
        return _reprs.assessments_html(self)

    def __getitem__(self, claim: Claim | str) -> Assessment:
        """
        The assessment of *claim* (a `Claim` or its key).

        Raises:
            UnknownClaimError: No claim of the ledger is *claim* (a
                ``KeyError``).
        """
        found = self._numbers.get(claim) if isinstance(claim, Claim) else None
        if found is None:
            if isinstance(claim, Claim):
                msg = f"the ledger holds no claim {short_repr(claim.key or claim.id)}"
                raise UnknownClaimError(msg, "Assessments")
            found = self._numbers[self.ledger.claim(claim)]
        if found.policy is self.policy:
            return found
        # Unchanged numbers, carried over from an earlier policy: the same
        # assessment, labelled with (and explained under) this policy.
        return attrs.evolve(found, policy=self.policy)

    @overload
    def get(self, claim: Claim | str, /) -> Assessment | None: ...
    @overload
    def get(
        self, claim: Claim | str, default: Assessment | _T, /
    ) -> Assessment | _T: ...
    def get(self, claim: Claim | str, default: object = None, /) -> object:
        """
        The assessment of *claim* (a `Claim` or its key), or *default*.
        """
        try:
            return self[claim]
        except KeyError:
            return default

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)

    def __contains__(self, claim: object) -> bool:
        # What `__getitem__` finds: a text by the ledger's lookup, so an id
        # prefix is in and a key two claims share is not.
        if isinstance(claim, str):
            try:
                claim = self.ledger.claim(claim)
            except UnknownClaimError:
                return False
        return claim in self._numbers

    def with_policy(self, policy: Policy) -> Assessments:
        """
        The same ledger assessed under *policy*, re-assessing only the
        claims whose evidence *policy* trusts differently.
        """
        if not isinstance(policy, Policy):
            msg = "must be a Policy"
            raise InvalidValueError(msg, "Assessments.with_policy", policy)
        if policy == self.policy:
            return self
        changed = _changed_sources(self.policy, policy)
        if changed is None:
            return Assessments(self.ledger, policy=policy, as_of=self.as_of)
        engine = _Engine(policy, self.as_of)
        numbers = dict(self._numbers)
        sets = dict(self._sets)
        graph = _graph(self.ledger, policy)
        with collector_paused():
            reach = self._reach
            if reach is None:  # Built once, on the first change of policy.
                reach = _reach(self.ledger)
                _set(self, _reach=reach)
            touched = {claim for source in changed for claim in reach.get(source, ())}
            if graph is not None:  # Related claims move together.
                related = {c for c in touched if c in graph.claims}
                touched -= related
                while related:
                    component = graph.component(related.pop())
                    related -= component
                    found, found_sets = _assess_related(
                        engine, self.ledger, graph, component
                    )
                    numbers.update(found)
                    sets.update(found_sets)
            for claim in touched:
                numbers[claim] = engine.assess(claim, _evidence_of(self.ledger, claim))
        new: Assessments = object.__new__(Assessments)
        _set(
            new,
            ledger=self.ledger,
            policy=policy,
            as_of=self.as_of,
            _numbers=numbers,
            _sets=sets,
            _reach=reach,
        )
        return new


def _set(assessments: Assessments, **values: object) -> None:
    """
    Fill in the fields of frozen *assessments* (attrs forbids plain
    assignment).
    """
    for name, value in values.items():
        object.__setattr__(assessments, name, value)


def _reach(ledger: Ledger) -> dict[Source, set[Claim]]:
    """
    The claims each source, or a source affiliated with it, speaks on or
    relays statements about (trust in a government caps its bodies').
    """
    reach: dict[Source, set[Claim]] = {}

    def add(source: Source, claim: Claim) -> None:
        reach.setdefault(source, set()).add(claim)
        for affiliation in source.affiliations():
            reach.setdefault(affiliation, set()).add(claim)

    for statement in ledger.statements:
        add(statement.source, statement.claim)
        for route in ledger.routes(statement):
            for report in route:
                add(report.reporter, statement.claim)
    return reach


# The policy fields that only say how much to trust particular sources.
_PER_SOURCE: Final = ("source_trust", "source_grades", "relay_source_trust")
_PER_SOURCE_RECORD: Final = "track_record"


def _changed_sources(old: Policy, new: Policy) -> set[Source] | None:
    """
    The sources *new* trusts differently from *old*, as originators or as
    relays; ``None`` if anything else differs.
    """
    for field in attrs.fields(Policy):
        if field.name not in (*_PER_SOURCE, _PER_SOURCE_RECORD) and getattr(
            old, field.name
        ) != getattr(new, field.name):
            return None
    changed: set[Source] = set()
    if old.track_record != new.track_record:
        changed.update(_changed_records(old.track_record, new.track_record))
    for name in _PER_SOURCE:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changed.update(
                source
                for source in {*before, *after}
                if before.get(source) != after.get(source)
            )
    return changed


def _changed_records(old: TrackRecord | None, new: TrackRecord | None) -> set[Source]:
    """
    The sources whose events differ between two track records.
    """
    before = {} if old is None else old.events
    after = {} if new is None else new.events
    return {
        source
        for source in {*before, *after}
        if before.get(source) != after.get(source)
    }


def _check(
    ledger: Ledger, policy: Policy, as_of: dt.date | None, asked: str = "assess"
) -> dt.date | None:
    """
    The arguments of *asked* checked; *as_of* as a plain date, so that no
    subclass of date decides the cut or how the day is written.
    """
    as_of = to_day(as_of)
    if not isinstance(ledger, Ledger):
        msg = "must be a Ledger"
        raise InvalidValueError(msg, f"{asked}.ledger", ledger)
    if not isinstance(policy, Policy):
        msg = "must be a Policy"
        raise InvalidValueError(msg, f"{asked}.policy", policy)
    if as_of is not None and not is_day(as_of):
        msg = "must be a datetime.date or None"
        raise InvalidValueError(msg, f"{asked}.as_of", as_of)
    return as_of


# Relations: evidence flowing between claims.


class _Judged(NamedTuple):
    """
    The claims whose parties judge a line's interest, each with whether the
    line counts against what it says of that claim (support for a rival
    claim: its polarity turned): *claims*, those of the class assessed (and
    of the class a borrowed line was filed under); *rivals*, those of the
    claims that cannot hold with them, turned, which judge only a source
    that none of *claims* names (a claim's own parties are never overridden
    by what its rivals imply); and the roots of all their parties (no other
    source has an interest under `Policy`'s own rule).
    """

    claims: tuple[tuple[Claim, bool], ...]
    roots: frozenset[Source]
    rivals: tuple[tuple[Claim, bool], ...] = ()

    @classmethod
    def of(
        cls,
        claims: Iterable[tuple[Claim, bool]],
        rivals: Iterable[tuple[Claim, bool]] = (),
    ) -> _Judged:
        named = tuple((c, turned) for c, turned in claims if c.about or c.favours)
        others = tuple((c, turned) for c, turned in rivals if c.about or c.favours)
        roots = frozenset(
            p.root for c, _ in (*named, *others) for p in (*c.about, *c.favours)
        )
        return cls(named, roots, others)

    @property
    def named(self) -> bool:
        """
        Whether any claim names a party.
        """
        return bool(self.claims or self.rivals)

    def turned(self) -> _Judged:
        return _Judged(
            tuple((c, not t) for c, t in self.claims),
            self.roots,
            tuple((c, not t) for c, t in self.rivals),
        )

    def joined(self, other: _Judged) -> _Judged:
        if not other.named:
            return self
        if not self.named:
            return other
        return _Judged(
            (*self.claims, *other.claims),
            self.roots | other.roots,
            (*self.rivals, *other.rivals),
        )


class _Borrowed(NamedTuple):
    """
    A statement on another claim, as time leaves it there, that bears on
    the claim assessed.
    """

    standing: Standing
    flow: Flow
    # The claims whose parties judge its interest: those of the class
    # assessed and of the class it was filed under (`_parties_of`).
    parties: _Judged


@attrs.frozen
class _Context:
    """
    What an assessment of a related claim needs, beyond its own evidence,
    to explain itself: the lines borrowed from related claims, the base
    rate the relations gave it, and the rules applied to the whole claim.
    """

    borrowed: tuple[_Borrowed, ...]
    base_rate: float
    notes: tuple[str, ...]
    parties: _Judged  # The class's claims that name parties.
    own: tuple[Standing, ...]  # Its own lines, as the set's rules leave them.
    reference: dt.date | None  # The day its lines are aged to, if shared.


@attrs.frozen
class _Graph:
    """
    The relations in force: the ledger's, with those the policy reads from
    quantities, and the classes whose claims cannot both hold.
    """

    relations: Relations
    apart: Mapping[Claim, frozenset[Claim]]  # Class heads to class heads.

    @functools.cached_property
    def claims(self) -> frozenset[Claim]:
        return self.relations.claims | frozenset(
            claim for head in self.apart for claim in self.relations.equivalents(head)
        )

    def component(self, claim: Claim) -> frozenset[Claim]:
        """
        Every claim connected to *claim*, through relations or quantities.
        """
        seen: set[Claim] = set()
        todo = [claim]
        while todo:
            here = todo.pop()
            if here in seen:
                continue
            found = self.relations.component(here)
            seen |= found
            for other in found:
                for head in self.apart.get(self.relations.head(other), ()):
                    todo.extend(self.relations.equivalents(head))
        return frozenset(seen)


def _graph(ledger: Ledger, policy: Policy, asked: Claim | None = None) -> _Graph | None:
    """
    The relations in force for *ledger* under *policy*, or ``None`` when
    its claims are unrelated islands. A claim *asked* about that the ledger
    may not hold has its quantity related too: a figure nobody worded yet
    still gets the evidence of the figures that entail it.
    """
    relations = ledger.related if ledger.relations else None
    apart: dict[Claim, set[Claim]] = {}
    if policy.relate_quantities:
        claims: Iterable[Claim] = ledger.claims
        if asked is not None and asked.quantity is not None:
            claims = dict.fromkeys((*ledger.claims, asked))
        implied, pairs = quantity_relations(claims, policy.about_margin)
        if implied:
            try:
                relations = Relations(ledger.relations | frozenset(implied))
            except RelationError as exc:
                msg = f"{exc.msg}, with the relations read from quantities"
                raise RelationError(msg, exc.path, exc.value) from None
        if pairs and relations is None:
            relations = Relations(frozenset())
        for a, b in pairs:
            assert relations is not None  # noqa: S101  # for mypy
            head_a, head_b = relations.head(a), relations.head(b)
            if head_a == head_b:
                msg = "equivalent claims have quantities that cannot both hold"
                raise RelationError(msg, "Policy.relate_quantities", f"{a} / {b}")
            hypotheses = relations.set_of(head_a)
            if hypotheses is not None and hypotheses is relations.set_of(head_b):
                continue  # Their set already reads each as evidence against the other.
            apart.setdefault(head_a, set()).add(head_b)
            apart.setdefault(head_b, set()).add(head_a)
    if relations is None:
        return None
    return _Graph(relations, {h: frozenset(o) for h, o in apart.items()})


def _class_evidence(ledger: Ledger, claims: Sequence[Claim]) -> Evidence:
    """
    The evidence of equivalent *claims* as one claim's: their statements in
    the order made, a statement recorded under two of them (same source,
    stance and moment) once, with the routes of both.
    """
    if len(claims) == 1:
        return _evidence_of(ledger, claims[0])
    merged: dict[tuple[object, ...], tuple[Statement, list[Route]]] = {}
    for claim in claims:
        for statement, routes in _evidence_of(ledger, claim):
            key = (
                statement.source,
                statement.stance,
                statement.made_on,
                statement.made_at,
                statement.credibility,
            )
            found = merged.get(key)
            if found is None:
                merged[key] = (statement, list(routes))
            else:
                found[1].extend(r for r in routes if r not in found[1])
    ordered = sorted(merged.values(), key=lambda f: (f[0].moment, f[0].id))
    return tuple((statement, tuple(routes)) for statement, routes in ordered)


def _generals_first(relations: Relations, heads: Iterable[Claim]) -> list[Claim]:
    """
    *heads* in an order that puts every class after the classes it entails.
    """
    order: list[Claim] = []
    done: set[Claim] = set()

    def visit(head: Claim) -> None:
        stack = [(head, iter(relations.generals(head)))]
        while stack:
            here, following = stack[-1]
            general = next(following, None)
            if general is None:
                stack.pop()
                if here not in done:
                    done.add(here)
                    order.append(here)
            elif general not in done:
                stack.append((general, iter(relations.generals(general))))

    for head in heads:
        if head not in done:
            visit(head)
    return order


class _Lenders(NamedTuple):
    """
    For each class head, the heads with statements that entail it
    (*implying*) and that it entails (*implied*), in the order
    `Relations.implying` and `Relations.implied` list them.
    """

    implying: Mapping[Claim, Sequence[Claim]]
    implied: Mapping[Claim, Sequence[Claim]]


def _lenders(relations: Relations, speaking: Iterable[Claim]) -> _Lenders:
    """
    The `_Lenders` of the class heads *speaking* (those with statements): one
    walk up and one down from each, not from every class, so that a long
    chain of entailments with few statements costs what its statements do.
    """
    implying: dict[Claim, list[Claim]] = {}
    implied: dict[Claim, list[Claim]] = {}
    for head in sorted(speaking, key=claim_order):
        for general in relations.implied(head):
            implying.setdefault(general, []).append(head)
        for specific in relations.implying(head):
            implied.setdefault(specific, []).append(head)
    return _Lenders(implying, implied)


def _borrowed(
    graph: _Graph,
    head: Claim,
    standings: Mapping[Claim, tuple[Standing, ...]],
    lenders: _Lenders,
    judged: Callable[[Claim], _Judged],
) -> tuple[_Borrowed, ...]:
    """
    The counted lines of related claims that bear on the class *head*:
    support for what entails it, denials of what it entails, support for
    what cannot hold with it (or with what it entails). Only classes with
    statements can lend lines: *lenders* lists them. Each is judged for
    interest on the claims *judged* gives for both classes.
    """
    out: list[_Borrowed] = []
    seen = {found.statement for found in standings[head]}
    mine = judged(head)
    against = mine.turned()  # Support for a rival counts against.

    def take(source: Claim, polarity: Polarity, flow: Flow) -> None:
        turned = flow is Flow.INCOMPATIBLE and not _more_of(source, head)
        ours = against if turned else mine
        parties = ours.joined(judged(source))
        for found in standings[source]:
            statement = found.statement
            if (
                found.excluded is None
                and statement.stance.polarity is polarity
                and statement not in seen
            ):
                seen.add(statement)
                out.append(_Borrowed(found, flow, parties))

    for specific in lenders.implying.get(head, ()):
        take(specific, Polarity.POSITIVE, Flow.SPECIFIC)
    for general in lenders.implied.get(head, ()):
        take(general, Polarity.NEGATIVE, Flow.GENERAL)
    if graph.apart:
        for rival in _rivals(graph, head):
            for claim in (rival, *lenders.implying.get(rival, ())):
                take(claim, Polarity.POSITIVE, Flow.INCOMPATIBLE)
    return tuple(out)


def _more_of(claim: Claim, head: Claim) -> bool:
    """
    Whether *claim* gives a higher figure of the amount *head* accuses its
    parties of (the same subject and unit; *head* names parties it accuses
    and none it favours): support for it says more of what *head* says, not
    less, so its interest is judged as support for *head* ("at least 2
    million records stolen" accuses the company no less than "about
    300,000"), while a lower figure's is judged as a denial. Of a claim that
    favours a party ("at most 100,000 records stolen", good news for the
    company) a higher figure is a denial, as any rival's support is: which
    way an amount helps a party is read only from an accusation.
    """
    mine, other = head.quantity, claim.quantity
    return (
        not head.favours
        and mine is not None
        and other is not None
        and mine.subject is not None
        and (other.subject, other.unit) == (mine.subject, mine.unit)
        and (other.value, _UPWARDS[other.bound]) > (mine.value, _UPWARDS[mine.bound])
    )


#: Which way a bound reaches from its figure: of two figures that cannot
#: both hold, the higher is the greater (figure, reach).
_UPWARDS: Final = {
    Bound.AT_MOST: -1,
    Bound.LESS_THAN: -1,
    Bound.EXACTLY: 0,
    Bound.ABOUT: 0,
    Bound.AT_LEAST: 1,
    Bound.MORE_THAN: 1,
}


def _rivals(graph: _Graph, head: Claim) -> list[Claim]:
    """
    The heads of the classes that cannot hold with *head*'s class or with
    one it entails, in id order.
    """
    generals = graph.relations.implied(head)
    rivals = {r for h in (head, *generals) for r in graph.apart.get(h, ())}
    return sorted(rivals, key=lambda c: c.id)


def _named_specifics(
    relations: Relations, heads: Sequence[Claim], speakers: frozenset[Source]
) -> dict[Claim, tuple[Claim, ...]]:
    """
    For each of *heads* (generals first), the claims that entail its class,
    directly or not, and name a party under one of *speakers* (the roots of
    every source and relay of the claims assessed: no other party can have
    an interest): a denial of a general claim denies each of them, so their
    parties judge it too. The nearest claim stands for all that name
    parties under the same such roots on the same sides (their interest is
    the same), and each class's are built from those of the classes directly
    below it, so that a long chain is walked once and its lists stay short.
    """
    below: dict[Claim, tuple[Claim, ...]] = {}
    for head in reversed(heads):
        found: dict[tuple[frozenset[Source], frozenset[Source]], Claim] = {}
        for specific in relations.specifics(head):
            for claim in (*relations.equivalents(specific), *below.get(specific, ())):
                about = frozenset(p.root for p in claim.about) & speakers
                favours = frozenset(p.root for p in claim.favours) & speakers
                if about or favours:
                    found.setdefault((about, favours), claim)
        below[head] = tuple(found.values())
    return below


def _speakers(evidence: Iterable[Evidence]) -> frozenset[Source]:
    """
    The roots of the sources and relays of *evidence*.
    """
    return frozenset(
        source.root
        for found in evidence
        for statement, routes in found
        for source in (
            statement.source,
            *(report.reporter for route in routes for report in route),
        )
    )


def _parties_of(graph: _Graph, head: Claim, specifics: Sequence[Claim] = ()) -> _Judged:
    """
    The claims whose parties judge the interest of a line on *head*'s
    class: those of the class that name parties, in class order, whichever
    wording its statement was filed under (equivalent claims get one
    assessment); then, turned, those of its rivals (incompatible
    quantities, and the other hypotheses of its exclusive set: a claim that
    cannot hold with an accusation favours the accused) for the parties the
    class does not name, so that a line counts alike for a claim and
    against its rivals; and, as they are, those of the claims that entail
    it (*specifics*), also for the parties the class does not name: the
    accused denying that any missile downed the plane serves itself as its
    denial of "its missile did" would.
    """
    relations = graph.relations
    found = [(c, False) for c in relations.equivalents(head)]
    heads = _rivals(graph, head) if graph.apart else []
    seen = set(heads)
    heads += (h for h in _set_rivals(relations, head) if h not in seen)
    rivals = [(c, True) for rival in heads for c in relations.equivalents(rival)]
    rivals += ((c, False) for c in specifics)
    return _Judged.of(found, rivals)


def _set_rivals(relations: Relations, head: Claim) -> list[Claim]:
    """
    The heads of the other hypotheses of the exclusive set *head*'s class is
    in, in id order: they cannot hold with it, so an accusation's rivals
    favour the accused. (Their evidence reaches the claim through the set's
    multinomial opinion, not as borrowed lines; a line on a claim entailing
    a hypothesis is judged on that hypothesis's parties too, and so on its
    rivals when the hypothesis is assessed.)
    """
    hypotheses = relations.set_of(head)
    if hypotheses is None:
        return []
    found = {relations.head(claim) for claim in hypotheses.claims} - {head}
    return sorted(found, key=lambda c: c.id)


def _governed(
    own: Sequence[Standing], borrowed: Sequence[_Borrowed]
) -> tuple[tuple[Standing, ...], tuple[_Borrowed, ...]]:
    """
    Rule 1 across related claims: a retraction of this claim withdraws its
    source's earlier lines that bear on it, whatever claim they were filed
    under (and the routes through its earlier reports of them), as it
    withdraws those on this claim; then each source's latest committed word,
    on this claim or on one that bears on it, governs its earlier ones.
    """
    retractions = _retractions(found.statement for found in own)
    if retractions:
        borrowed = [
            b
            if (found := _withdrawn(b.standing, retractions, named=True)) is b.standing
            else b._replace(standing=found)
            for b in borrowed
        ]
    merged = _superseded([*own, *(b.standing for b in borrowed)])
    mine = merged[: len(own)]
    theirs = merged[len(own) :]
    return mine, tuple(
        b._replace(standing=found) for found, b in zip(theirs, borrowed, strict=True)
    )


def _members_among(
    relations: Relations, hypotheses: Exclusive, present: set[Claim]
) -> list[Claim]:
    """
    The class heads of *hypotheses* that are among the heads *present*.
    """
    heads = dict.fromkeys(relations.head(c) for c in hypotheses.hypotheses)
    return [head for head in heads if head in present]


def _rivals_governed(
    relations: Relations,
    heads: Sequence[Claim],
    standings: dict[Claim, tuple[Standing, ...]],
    lent: dict[Claim, tuple[_Borrowed, ...]] | None = None,
) -> dict[Claim, tuple[Standing, ...]]:
    """
    Rule 1 across an exclusive set: a source asserting one hypothesis says
    the others are false, so its latest assertion of any hypothesis governs
    its earlier words on the rest, as a later denial of them would. With
    the lines *lent* to the hypotheses, an assertion of a claim that entails
    one asserts it, and governs (or is governed) alike; *lent* is updated.
    """
    present = set(heads)
    for hypotheses in relations.sets:
        members = _members_among(relations, hypotheses, present)
        if lent is not None:  # Rule 1 across related claims first.
            for member in members:
                standings[member], lent[member] = _governed(
                    standings[member], lent[member]
                )
        latest: dict[tuple[Source, bool], tuple[Statement, Claim]] = {}
        for member in members:
            for statement in _asserting(standings[member], lent, member):
                key = (statement.source, statement.stance.hearsay)
                known = latest.get(key)
                if known is None or known[0].moment < statement.moment:
                    latest[key] = (statement, member)
        for member in members:
            # Once every word is known (with the lines lent), a denial its
            # source's assertion of a rival already implies is dropped too.
            standings[member] = tuple(
                _rival_governed(found, member, latest, implied=lent is not None)
                for found in standings[member]
            )
            if lent is not None:
                lent[member] = tuple(
                    b._replace(standing=_rival_governed(b.standing, member, latest))
                    for b in lent[member]
                )
    return standings


def _asserting(
    own: Sequence[Standing],
    lent: Mapping[Claim, tuple[_Borrowed, ...]] | None,
    member: Claim,
) -> Iterator[Statement]:
    """
    The counted statements asserting *member*: its own positive lines and,
    with *lent* (as rule 1 across related claims leaves them), the positive
    lines it borrows from claims that entail it.
    """
    for statement, _, excluded in own:
        if excluded is None and statement.stance.polarity is Polarity.POSITIVE:
            yield statement
    for borrowed in () if lent is None else lent[member]:
        statement, _, excluded = borrowed.standing
        if (
            excluded is None
            and borrowed.flow is not Flow.INCOMPATIBLE
            and statement.stance.polarity is Polarity.POSITIVE
        ):
            yield statement


def _rival_governed(
    found: Standing,
    member: Claim,
    latest: Mapping[tuple[Source, bool], tuple[Statement, Claim]],
    *,
    implied: bool = False,
) -> Standing:
    """
    *found*, a line on *member*, superseded if its source later asserted a
    rival hypothesis (*latest*: each speaker's latest assertion in the set);
    a denial of *member* that the assertion of a rival implies as firmly is
    superseded (if earlier) or, with *implied*, dropped (if later): the
    source commits once, in whichever order it spoke. A firmer denial adds
    what the assertion does not say, and stays.
    """
    statement = found.statement
    if found.excluded is not None or not _speaks(statement):
        return found
    governing = latest.get((statement.source, statement.stance.hearsay))
    if governing is None or governing[1] == member:
        return found
    later, rival = governing
    said = statement.stance
    if said.polarity is Polarity.NEGATIVE and (
        _FIRMNESS[said.modality] > _FIRMNESS[later.stance.modality]
    ):
        return found
    words = f"its {later.stance.act} ({later.stance.value}) of {_when(later)}"
    if _before(statement, later):
        reason = f"superseded by {words} on {rival}, a rival hypothesis"
        return found._replace(excluded=reason)
    if implied and said.polarity is Polarity.NEGATIVE:
        reason = f"implied by {words} on {rival}, a rival hypothesis"
        return found._replace(excluded=reason)
    return found


#: How firmly a stance commits, to compare a denial with an assertion.
_FIRMNESS: Final = {
    Modality.UNDERSPECIFIED: 0,
    Modality.POSSIBLE: 1,
    Modality.PROBABLE: 2,
    Modality.CERTAIN: 3,
}


def _set_days(  # noqa: PLR0917 (the parts of a related assessment it reads)
    engine: _Engine,
    relations: Relations,
    heads: Sequence[Claim],
    standings: Mapping[Claim, tuple[Standing, ...]],
    lent: Mapping[Claim, tuple[_Borrowed, ...]],
    base: Mapping[Claim, float],
    judged: Callable[[Claim], _Judged],
) -> dict[Claim, dt.date]:
    """
    The day the lines of each hypothesis of an exclusive set are aged to,
    when the policy decays and no *as_of* is given: the day of the latest
    line that counts on any hypothesis of its set, since the set weighs
    them against each other (a line on a rival tells that time has passed).
    """
    if not engine.decays or engine.as_of is not None:
        return {}
    present = set(heads)
    days: dict[Claim, dt.date] = {}
    for hypotheses in relations.sets:
        members = _members_among(relations, hypotheses, present)
        latest = max(
            (
                day
                for member in members
                if (
                    day := engine.latest_counted(
                        member,
                        standings[member],
                        lent[member],
                        base[member],
                        judged(member),
                    )
                )
                is not None
            ),
            default=None,
        )
        if latest is not None:
            days.update(dict.fromkeys(members, latest))
    return days


def _set_conflicts(  # noqa: PLR0917 (the parts of a related assessment it reads)
    engine: _Engine,
    relations: Relations,
    heads: Sequence[Claim],
    standings: Mapping[Claim, tuple[Standing, ...]],
    lent: Mapping[Claim, tuple[_Borrowed, ...]],
    base: Mapping[Claim, float],
    judged: Callable[[Claim], _Judged],
    days: Mapping[Claim, dt.date],
) -> dict[Claim, float]:
    """
    The conflict of each hypothesis of an exclusive set whose rivals are
    asserted: its lines with every line asserting a rival, which says it is
    false, read against it (as the set reads them), so that "a mine" and
    "not a torpedo" of a pair conflict alike with "a torpedo".
    """
    present = set(heads)
    found: dict[Claim, float] = {}
    for hypotheses in relations.sets:
        members = _members_among(relations, hypotheses, present)
        asserted = {member: _asserted(member, standings, lent) for member in members}
        for member in members:
            against = judged(member).turned()
            seen = {f.statement for f in standings[member]}
            seen.update(b.standing.statement for b in lent[member])
            rivals: list[_Borrowed] = []
            for rival in members:
                if rival == member:
                    continue
                asserting = [
                    line for line in asserted[rival] if line.statement not in seen
                ]
                if not asserting:
                    continue
                parties = against.joined(judged(rival))
                for line in asserting:
                    seen.add(line.statement)
                    rivals.append(_Borrowed(line, Flow.INCOMPATIBLE, parties))
            if rivals:
                items = engine.related_items(
                    member,
                    standings[member],
                    (*lent[member], *rivals),
                    base[member],
                    judged(member),
                    reference=days.get(member),
                )
                found[member] = _fuse(items, engine.policy, base[member]).conflict
    return found


def _asserted(
    member: Claim,
    standings: Mapping[Claim, tuple[Standing, ...]],
    lent: Mapping[Claim, tuple[_Borrowed, ...]],
) -> list[Standing]:
    """
    The counted lines asserting *member*, its own and those it borrows.
    """
    lines = {
        line.statement: line
        for line in (*standings[member], *(b.standing for b in lent[member]))
    }
    return [lines[s] for s in _asserting(standings[member], lent, member)]


def _take_conflicts(
    work: dict[Claim, tuple[list[_Item], _Fused, tuple[_Borrowed, ...]]],
    notes: Mapping[Claim, list[str]],
    conflicts: Mapping[Claim, float],
) -> None:
    """
    Each hypothesis's fused lines in *work* with its set's conflict, with a
    note where the rivals' lines change it.
    """
    for head, conflict in conflicts.items():
        items, fused, borrowed = work[head]
        if conflict == fused.conflict:
            continue
        work[head] = (items, fused._replace(conflict=conflict), borrowed)
        notes[head].append(
            f"conflict {conflict:.3f}, counting the lines that assert a rival "
            f"hypothesis as against it (its own lines alone: {fused.conflict:.3f})"
        )


def _assess_related(
    engine: _Engine, ledger: Ledger, graph: _Graph, claims: Iterable[Claim]
) -> tuple[dict[Claim, Assessment], dict[str, HyperOpinion]]:
    """
    *claims* (every claim connected to any of them included) assessed
    together: each class of equivalent claims from its own lines and those
    its relations bring; each exclusive set as one multinomial opinion;
    then no claim more probable than a claim it entails.
    """
    policy = engine.policy
    relations = graph.relations
    heads = _generals_first(relations, {relations.head(c) for c in claims})
    evidence = {h: _class_evidence(ledger, relations.equivalents(h)) for h in heads}
    standings = _rivals_governed(
        relations, heads, {h: standing(found) for h, found in evidence.items()}
    )
    base: dict[Claim, float] = {}
    # A hypothesis's prior is its share of its set's: its own lines are
    # fused (and held within the ceiling) as the set will read them.
    shares = _set_shares(relations, set(heads), policy)
    for head in heads:  # Never a specific claim's prior above a general's.
        base[head] = min(
            (
                *(
                    shares.get(c, policy.base_rate_of(c))
                    for c in relations.equivalents(head)
                ),
                *(base[g] for g in relations.generals(head)),
            )
        )
    work: dict[Claim, tuple[list[_Item], _Fused, tuple[_Borrowed, ...]]] = {}
    opinions: dict[Claim, Opinion] = {}
    notes: dict[Claim, list[str]] = {h: [] for h in heads}
    lenders = _lenders(relations, (h for h in heads if standings[h]))
    below = _named_specifics(relations, heads, _speakers(evidence.values()))
    parties: dict[Claim, _Judged] = {}

    def judged(head: Claim) -> _Judged:
        found = parties.get(head)
        if found is None:
            found = parties[head] = _parties_of(graph, head, below[head])
        return found

    lent = {head: _borrowed(graph, head, standings, lenders, judged) for head in heads}
    # The day a set's lines are aged to is that of its latest word, a denial
    # its source's assertion of a rival implies included (so read first).
    days = _set_days(engine, relations, heads, standings, lent, base, judged)
    # Again with the lines lent: an assertion of a claim entailing a
    # hypothesis asserts it.
    standings = _rivals_governed(relations, heads, standings, lent)
    for head in heads:
        borrowed = lent[head]
        items = engine.related_items(
            head,
            standings[head],
            borrowed,
            base[head],
            judged(head),
            reference=days.get(head),
        )
        fused = _fuse(items, policy, base[head])
        work[head] = (items, fused, borrowed)
        opinions[head] = fused.opinion
    conflicts = _set_conflicts(
        engine, relations, heads, standings, lent, base, judged, days
    )
    _take_conflicts(work, notes, conflicts)
    sets = _fuse_sets(relations, heads, opinions, notes, policy)
    # Specifics first: the support a set gives its hypotheses flows up, to
    # what they entail and on from what that raised; a claim outside any set
    # is never raised by its own specifics (_cohere holds those down).
    lifting: set[Claim] = set()
    for head in reversed(heads):
        if head in lifting or relations.set_of(head) is not None:
            lifting.update(_lift_generals(relations, head, opinions, notes))
    for head in heads:  # Generals first: each is final when read.
        _cohere(relations, head, opinions, notes)
    _refill_sets(relations, heads, opinions, notes)
    out: dict[Claim, Assessment] = {}
    for head in heads:  # Generals first: a specific reads its generals'.
        items, fused, borrowed = work[head]
        opinion = opinions[head]
        most = _confirmed_at_most(
            relations, head, fused, opinion, assessed=out, notes=notes[head]
        )
        context = _Context(
            borrowed,
            base[head],
            tuple(notes[head]),
            judged(head),
            standings[head],
            days.get(head),
        )
        for claim in relations.equivalents(head):
            out[claim] = engine.made(
                claim, items, fused, opinion, evidence[head], context, most
            )
    return out, sets


def _confirmed_at_most(
    relations: Relations,
    head: Claim,
    fused: _Fused,
    opinion: Opinion,
    *,
    assessed: Mapping[Claim, Assessment],
    notes: list[str],
) -> int | None:
    """
    How many independent lines may confirm *head* (its lines *fused*, read
    at *opinion*): no more than confirm a claim it entails, since whatever
    confirms it confirms that claim too (where a retraction kept a line from
    the general claim, it is held down with it). ``None`` when nothing caps
    its own count.
    """
    if opinion.verdict_side <= 0:
        return None  # Denials of a specific claim do not deny its generals.
    capped = [
        (assessed[general].corroboration, general.id, general)
        for general in relations.generals(head)
    ]
    if not capped:
        return None
    most, _, general = min(capped)
    own = fused.corroborating(opinion)
    if most >= own:
        return None
    notes.append(
        f"{most} independent line(s) of reporting agree, not {own}: it "
        f"entails {general}, which no more lines confirm"
    )
    return most


def _set_shares(
    relations: Relations, heads: set[Claim], policy: Policy
) -> dict[Claim, float]:
    """
    Each hypothesis's base rate in its exclusive set (`set_base_rates`).
    """
    shares: dict[Claim, float] = {}
    for hypotheses in relations.sets:
        members = hypotheses.hypotheses
        if relations.head(members[0]) in heads:
            rates = set_base_rates(hypotheses, policy)
            shares.update(zip(members, rates, strict=False))
    return shares


def _fuse_sets(
    relations: Relations,
    heads: Sequence[Claim],
    opinions: dict[Claim, Opinion],
    notes: Mapping[Claim, list[str]],
    policy: Policy,
) -> dict[str, HyperOpinion]:
    """
    Each exclusive set among *heads* as one multinomial opinion; each
    hypothesis's opinion becomes its binomial view of it.
    """
    found: dict[str, HyperOpinion] = {}
    present = set(heads)
    for hypotheses in relations.sets:
        members = hypotheses.hypotheses
        if relations.head(members[0]) not in present:
            continue
        rates = set_base_rates(hypotheses, policy)
        own = {claim: opinions[relations.head(claim)] for claim in members}
        hyper = HyperOpinion.of(
            members, own, exhaustive=hypotheses.exhaustive, base_rates=rates
        )
        found[hypotheses.key] = hyper
        words = "exactly one" if hypotheses.exhaustive else "at most one"
        for position, claim in enumerate(members):
            head = relations.head(claim)
            before = opinions[head].probability
            opinions[head] = hyper.coarsened(position)
            notes[head].append(
                f"one of the {len(members)} hypotheses of {hypotheses.key} "
                f"({words} true): P={opinions[head].probability:.3f} from the "
                f"set's multinomial opinion; its own lines alone give "
                f"P={before:.3f}"
            )
    return found


def _lift_generals(
    relations: Relations,
    head: Claim,
    opinions: dict[Claim, Opinion],
    notes: Mapping[Claim, list[str]],
) -> list[Claim]:
    """
    Raise each claim *head* entails, outside any exclusive set, to at least
    *head*'s probability: support a set gives one of its hypotheses (the
    others' denials) flows up to what it entails, as a statement's would.
    The claims raised.
    """
    floor = opinions[head].probability
    raised = []
    for general in sorted(relations.generals(head), key=lambda g: g.id):
        before = opinions[general].probability
        if before >= floor or relations.set_of(general) is not None:
            continue
        opinions[general] = _raised(opinions[general], floor)
        notes[general].append(
            f"raised to P={opinions[general].probability:.3f} (from {before:.3f}): "
            f"{head} entails it and is that probable"
        )
        raised.append(general)
    return raised


def _cohere(
    relations: Relations,
    head: Claim,
    opinions: dict[Claim, Opinion],
    notes: Mapping[Claim, list[str]],
) -> None:
    """
    Hold *head*'s class no more probable than any claim it entails.
    """
    generals = relations.generals(head)
    if not generals:
        return
    general = min(generals, key=lambda g: (opinions[g].probability, g.id))
    cap = opinions[general].probability
    opinion = opinions[head]
    if opinion.probability <= cap:
        return
    opinions[head] = _capped(opinion, cap)
    notes[head].append(
        f"held at P={cap:.3f}: it entails {general}, which is no more "
        f"probable (not {opinion.probability:.3f})"
    )


_SLACK: Final = 1e-9  # Rounding allowed in a sum of probabilities.


def _refill_sets(
    relations: Relations,
    heads: Sequence[Claim],
    opinions: dict[Claim, Opinion],
    notes: Mapping[Claim, list[str]],
) -> None:
    """
    Give each exhaustive set among *heads* back what entailment took from
    its members, so that exactly one of them stays certain: the probability
    a held-down member lost goes to the others in proportion to theirs, as
    far as the claims they entail allow.
    """
    present = set(heads)
    for hypotheses in relations.sets:
        members = [relations.head(claim) for claim in hypotheses.hypotheses]
        if (
            not hypotheses.exhaustive
            or members[0] not in present
            or len(set(members)) < len(members)
        ):
            continue
        before = {head: opinions[head].probability for head in members}
        missing = 1.0 - math.fsum(before.values())
        if missing <= _SLACK:
            continue
        ceilings = {
            head: _entailed_ceiling(relations, head, opinions) for head in members
        }
        targets = _spread(missing, before, ceilings)
        short = 1.0 - math.fsum(targets.values())
        for head in members:
            if targets[head] > before[head]:
                opinions[head] = _raised(opinions[head], targets[head])
                notes[head].append(
                    f"raised to P={opinions[head].probability:.3f} (from "
                    f"{before[head]:.3f}): exactly one of {hypotheses.key} is "
                    f"true, and what its other members entail holds them down"
                )
            elif short > _SLACK:
                notes[head].append(
                    f"the hypotheses of {hypotheses.key} sum to "
                    f"P={1.0 - short:.3f}, not 1: what they entail holds "
                    f"every one of them down"
                )


def _entailed_ceiling(
    relations: Relations, head: Claim, opinions: Mapping[Claim, Opinion]
) -> float:
    """
    The highest probability *head* may have: that of the least probable
    claim it entails (1 when it entails none).
    """
    return min((opinions[g].probability for g in relations.generals(head)), default=1.0)


def _spread(
    missing: float,
    probabilities: Mapping[Claim, float],
    ceilings: Mapping[Claim, float],
) -> dict[Claim, float]:
    """
    *probabilities* with *missing* added among them in proportion to each
    (equally among zeros), none above its ceiling; what no one has room for
    is left out.
    """
    targets = dict(probabilities)
    open_ = [claim for claim in targets if ceilings[claim] > targets[claim]]
    while missing > _SLACK and open_:
        weight = math.fsum(targets[claim] for claim in open_)
        shares = {
            claim: missing
            * (targets[claim] / weight if weight > 0.0 else 1.0 / len(open_))
            for claim in open_
        }
        missing, still = 0.0, []
        for claim in open_:
            room = ceilings[claim] - targets[claim]
            if shares[claim] >= room:
                targets[claim] = ceilings[claim]
                missing += shares[claim] - room
            else:
                targets[claim] += shares[claim]
                still.append(claim)
        open_ = still
    return targets


def _raised(opinion: Opinion, floor: float) -> Opinion:
    """
    *opinion* with its projected probability raised to *floor*: the mirror
    of `_capped` (disbelief given up to belief).
    """
    mirror = Opinion(
        opinion.disbelief, opinion.belief, opinion.uncertainty, 1.0 - opinion.base_rate
    )
    held = _capped(mirror, 1.0 - floor)
    return Opinion(held.disbelief, held.belief, held.uncertainty, opinion.base_rate)


def _capped(opinion: Opinion, cap: float) -> Opinion:
    """
    *opinion* with its projected probability lowered to *cap*: belief given
    up to disbelief (and, below the base rate's share, uncertainty too).
    """
    a, u = opinion.base_rate, opinion.uncertainty
    if a * u <= cap:
        belief = cap - a * u
    else:
        belief, u = 0.0, cap / a
    held = Opinion(belief, max(0.0, 1.0 - belief - u), u, a)
    while held.probability > cap and held.belief > 0.0:
        belief = math.nextafter(held.belief, 0.0)
        held = Opinion(belief, max(0.0, 1.0 - belief - u), u, a)
    while held.probability > cap:
        u = math.nextafter(u, 0.0)
        held = Opinion(0.0, max(0.0, 1.0 - u), u, a)
    return held


# Rule 1: time.


class Standing(NamedTuple):
    """
    A statement as time leaves it: its live routes and, if it does not
    count, why.
    """

    statement: Statement
    routes: tuple[Route, ...]
    excluded: str | None


def _before(first: Statement | Report, second: Statement | Report) -> bool:
    """
    Whether *first* was made strictly before *second*: on an earlier day, or
    the same day when both carry a time of day and *first*'s is earlier.
    """
    return made_before(first.made_on, first.made_at, second)


def _when(record: Statement | Report) -> str:
    made_at = record.made_at
    day = record.made_on.isoformat()
    return day if made_at is None else f"{day} {made_at.isoformat()}"


def _speaks(statement: Statement) -> bool:
    """
    Whether *statement* commits its source either way (and so can govern).
    """
    return statement.stance.polarity is not Polarity.UNKNOWN


def standing(evidence: Evidence) -> tuple[Standing, ...]:
    """
    Rule 1, time: which statements on a claim still count, and through which
    routes.

    A retraction withdraws its source's statements made before it and the
    routes through its source's reports made before it (a statement left
    with no live route has ``routes == ()``); for each source
    (and, apart, for its hearsay) the latest committed statement governs and
    earlier ones are superseded. Statements of one day without a time of
    day are simultaneous: neither governs the other, and a retraction never
    withdraws them.
    """
    retractions = _retractions(statement for statement, _ in evidence)
    alive: list[Standing] = []
    for statement, routes in evidence:
        if statement.stance.retraction:
            reason = "a retraction: it withdraws, it does not assert"
            alive.append(Standing(statement, routes, reason))
        elif not retractions:
            alive.append(Standing(statement, routes, None))
        else:
            alive.append(_withdrawn(Standing(statement, routes, None), retractions))
    return _superseded(alive)


def _retractions(statements: Iterable[Statement]) -> dict[Source, Statement]:
    """
    Each source's latest retraction among *statements*: whatever any of its
    retractions withdraws, the latest withdraws too (the same day-and-time
    order).
    """
    retractions: dict[Source, Statement] = {}
    for statement in statements:
        if statement.stance.retraction:
            known = retractions.get(statement.source)
            if known is None or known.moment < statement.moment:
                retractions[statement.source] = statement
    return retractions


#: How a line its source's own retraction withdrew is excluded.
_RETRACTED: Final = "withdrawn by its source on "


def _withdrawn(
    found: Standing, retractions: Mapping[Source, Statement], *, named: bool = False
) -> Standing:
    """
    *found*, a statement still counted, as *retractions* on a claim leave it:
    withdrawn if its source retracted after making it, else with only the
    routes through no report its reporter retracted after making it (none
    left: withdrawn). *named*: the reason names the claim retracted (for a
    statement filed under another one).
    """
    statement, routes, excluded = found
    if excluded is not None or not routes:  # Not counted already: its reason stays.
        return found
    withdrawn = _withdrawn_by(statement, retractions)
    if withdrawn is not None:
        claim = f" {withdrawn.claim}" if named else ""
        reason = f"{_RETRACTED}{_when(withdrawn)} ({withdrawn.stance.act}{claim})"
        return Standing(statement, routes, reason)
    live = _live(routes, retractions)
    if not live:
        report, retraction = _dead_route(routes[0], retractions)
        claim = f" {retraction.claim}" if named else ""
        reason = (
            f"withdrawn: it reached the ledger through {report.reporter}'s "
            f"report of {_when(report)}, which {report.reporter.name} "
            f"withdrew ({retraction.stance.act}{claim}) on {_when(retraction)}"
        )
        return Standing(statement, (), reason)
    return found if len(live) == len(routes) else Standing(statement, live, None)


def _withdrawn_by(
    record: Statement | Report, retractions: Mapping[Source, Statement]
) -> Statement | None:
    """
    The latest retraction by *record*'s maker, if it was made after *record*.
    """
    retraction = retractions.get(_speaker(record))
    if retraction is not None and _before(record, retraction):
        return retraction
    return None


def _live(
    routes: tuple[Route, ...], retractions: Mapping[Source, Statement]
) -> tuple[Route, ...]:
    return tuple(
        route
        for route in routes
        if not any(_withdrawn_by(report, retractions) for report in route)
    )


def _dead_route(
    route: Route, retractions: Mapping[Source, Statement]
) -> tuple[Report, Statement]:
    for report in route:
        retraction = _withdrawn_by(report, retractions)
        if retraction is not None:
            return report, retraction
    msg = "a dead route has a withdrawn report"  # pragma: no cover
    raise AssertionError(msg)  # pragma: no cover


#: How a line superseded by its speaker's later word is excluded.
_SUPERSEDED: Final = "superseded by its "


def _superseded(alive: list[Standing]) -> tuple[Standing, ...]:
    # Each speaker's latest committed statement: one made before any other
    # is made before the latest (the same day-and-time order).
    speakers: dict[tuple[Source, bool], Statement] = {}
    repeated = False
    for statement, _, excluded in alive:
        if excluded is None and _speaks(statement):
            key = (statement.source, statement.stance.hearsay)
            known = speakers.get(key)
            repeated = repeated or known is not None
            if known is None or known.moment < statement.moment:
                speakers[key] = statement
    if not repeated:
        return tuple(alive)
    out: list[Standing] = []
    for standing_ in alive:
        statement = standing_.statement
        if standing_.excluded is not None or not _speaks(statement):
            out.append(standing_)
            continue
        governing = speakers[statement.source, statement.stance.hearsay]
        if not _before(statement, governing):
            out.append(standing_)
            continue
        turn = (
            ", a reversal"
            if governing.stance.polarity is not statement.stance.polarity
            else ""
        )
        reason = (
            f"{_SUPERSEDED}{governing.stance.act} ({governing.stance.value}) "
            f"of {_when(governing)}{turn}"
        )
        out.append(standing_._replace(excluded=reason))
    return tuple(out)


# Rule 2: one line of evidence.


def weigh(
    policy: Policy, stance: Opinion, trusts: Sequence[Trust], factor: float
) -> tuple[float, Opinion]:
    """
    Rule 2: a line's weight and opinion: *stance* discounted by a chain of
    *trusts* (outermost first) and the interest *factor*, with the policy's
    discounting operator. The weight is the product of the trusts'
    probabilities and the factor.
    """
    weight = factor * math.prod(trust.probability for trust in trusts)
    operator = policy.discounting.operator
    return weight, operator(tuple([t.opinion for t in trusts]), factor, stance)


def _carried_on(relay: Source, route: Route) -> bool:
    """
    Whether *route* has a relay besides *relay*, a line's conduit (which is
    its innermost report's reporter, except for hearsay).
    """
    if not route:
        return False
    inner = route[-1].reporter
    return len(route) > 1 or (inner is not relay and inner != relay)


def _may_join(
    directs: Sequence[tuple[Source, object, int]],
    carried: Sequence[tuple[Source, Route, object, int]],
) -> bool:
    """
    Whether a word said directly (its source, group and side) may join the
    conduit of a line its source carries (the line's conduit relay, its
    route when it has one, its group and side): `_own_words_carried`'s
    question, for the quick path to leave such claims to the general one.
    """
    said: dict[Source, list[tuple[object, int]]] = {}
    for source, group, side in directs:
        said.setdefault(source, []).append((group, side))
    for relay, route, g, s in carried:
        for carrier in (relay, *(report.reporter for report in route)):
            for group, side in said.get(carrier, ()):
                if side == s and group != g:
                    return True
    return False


class _Item(NamedTuple):
    """
    A counted or excluded line, as the numbers need it.
    """

    statement: Statement
    route: Route
    routes: int
    stance: Opinion
    trust: Trust
    hearsay: Trust | None
    interest: Interest | None
    relays: tuple[Trust, ...]
    route_trust: float
    weight: float
    opinion: Opinion
    inner: Opinion  # The opinion before the conduit's trust.
    group: object
    group_source: Source | None
    conduit: tuple[Source, Trust] | None
    excluded: str | None
    decay: Decay | None
    credibility: Credibility | None
    flow: Flow | None = None
    # The source of the line this own word rests on (`_rests_on`).
    rests_on: Source | None = None


_Counted = tuple[float, Opinion, int, float, int | None, object, Stance]
"""
A counted line for `_Engine.quick`: weight, opinion, the side and the
probability of its stance, credibility grade, group, stance.
"""


_Numbers = tuple[Opinion, str, str, float, int, int | None]
"""
An assessment's numbers, as `_made` takes them: opinion, words, confidence,
conflict, corroboration, credibility.
"""


def _interested(claim: Claim, root: Source) -> bool:
    """
    Whether *root* is the root of one of *claim*'s parties (only then can a
    source under it have an interest in the claim).
    """
    for party in claim.about:
        if party.root == root:
            return True
    for party in claim.favours:  # noqa: SIM110  # quicker than any()
        if party.root == root:
            return True
    return False


def _fuse_counted(
    counted: Sequence[_Counted], policy: Policy, base_rate: float
) -> tuple[Opinion, float, int]:
    """
    `_fuse` for `_Engine.quick`, for two lines or more (or none) where no
    conduit is shared: the opinion, conflict and corroboration.
    """
    units = [line[1] for line in counted]
    if len({line[5] for line in counted}) < len(units):  # A group of several.
        members: dict[object, list[Opinion]] = {}
        for line in counted:
            grouped = members.get(line[5])
            if grouped is None:
                members[line[5]] = [line[1]]
            else:
                grouped.append(line[1])
        within = policy.within_group.operator
        units = [
            grouped[0] if len(grouped) == 1 else _fused(within, grouped)
            for grouped in members.values()
        ]
    # Each unit's side, as `Opinion.side` gives it, and the one unit with belief
    # (or disbelief), if only one has any: -1 if none, -2 if several.
    sides = []
    believing = disbelieving = -1
    for at, o in enumerate(units):
        sides.append(o.side)
        if o.belief > 0.0:
            believing = at if believing == -1 else -2
        if o.disbelief > 0.0:
            disbelieving = at if disbelieving == -1 else -2
    ceiling = policy.uncorroborated_ceiling
    if ceiling is not None and (believing >= 0 or disbelieving >= 0):
        units = _ceiling_sided(units, sides, ceiling, believing, disbelieving)
    # Not vacuous: belief or disbelief (a vacuous unit has side 0).
    live = [o for o in units if not (o.belief == 0.0 and o.disbelief == 0.0)]
    if not live:
        opinion = Opinion.vacuous(base_rate)
    elif len(live) == 1:
        opinion = live[0]
    else:
        opinion = _fused(policy.across_groups.operator, live)
    side = opinion.verdict_side
    corroboration = 0 if side == 0 else sides.count(side)
    return opinion, _conflict_counted(counted), corroboration


def _ceiling_sided(
    units: list[Opinion],
    sides: list[int],
    ceiling: float,
    believing: int,
    disbelieving: int,
) -> list[Opinion]:
    """
    `_ceiling` (without notes) on *units* whose *sides* are known, given the
    only unit with belief (*believing*) and the only one with disbelief
    (*disbelieving*), each negative if there is no such unit; *sides* is
    brought up to date with the units returned.
    """
    held = list(units)
    if believing >= 0:
        o = _held(held[believing], ceiling, 1)
        if o is not None:
            held[believing] = o
    if disbelieving >= 0:
        o = _held(held[disbelieving], ceiling, -1)
        if o is not None:
            held[disbelieving] = o
    for at, o in enumerate(held):
        if o is not units[at]:
            sides[at] = o.side
    return held


def _conflict_counted(counted: Sequence[_Counted]) -> float:
    """
    `_conflict` on counted lines (each with its stance's side and
    probability, and its weight): the same pairs, in the same order, the
    heaviest line per stance kept apart for each side.
    """
    asserting: dict[float, float] = {}
    denying: dict[float, float] = {}
    top = 0.0
    for line in counted:
        side = line[2]
        if side == 0:
            continue
        heaviest = asserting if side > 0 else denying
        weight_ = line[0]
        # Comparisons rather than calls of max(), with max()'s result.
        known = heaviest.get(line[3], 0.0)
        heaviest[line[3]] = weight_ if weight_ > known else known  # noqa: FURB136
        if weight_ > top:  # noqa: PLR1730
            top = weight_
    if top <= 0.0:
        return 0.0
    largest = 0.0
    for p, weight in asserting.items():
        for q, weighed in denying.items():
            pair = abs(p - q) * (weight / top) * (weighed / top)
            if pair > largest:  # noqa: PLR1730
                largest = pair
    return min(max(largest, 0.0), 1.0)


_ON_PARTS: Final[
    Mapping[Callable[..., Opinion], Callable[[Sequence[Parts]], Parts]]
] = {
    cumulative_fuse: _cumulative,
    averaging_fuse: _averaging,
    weighted_fuse: _weighted,
    strongest_fuse: _strongest,
}


def _fused(operator: Callable[..., Opinion], opinions: Sequence[Opinion]) -> Opinion:
    """
    ``operator(*opinions)`` for two or more valid opinions: the operator on
    their parts, clamped as `provenance.opinion._make` does, without the
    validators (the same opinion).
    """
    on_parts = _ON_PARTS.get(operator)
    if on_parts is None:
        return operator(*opinions)
    parts = [(o.belief, o.disbelief, o.uncertainty, o.base_rate) for o in opinions]
    return _trusted(*_clamped(*on_parts(parts)))  # `_parts` of each, written out


#: The `Policy` methods whose behaviour `_Engine.quick` restates.
_QUICK_RELIES_ON: Final = ("interest", "base_rate_of", "half_life_of")


class _Engine:
    """
    Per-call caches: the trust in each source, and each line's numbers.
    Not kept by the assessments it makes.
    """

    def __init__(self, policy: Policy, as_of: dt.date | None) -> None:
        self.policy = policy
        self.as_of = as_of
        if policy.track_record is None:
            self.trust = functools.cache(policy.trust_in)
        else:  # The record as known on the assessment date: no hindsight.
            self.trust = functools.cache(
                functools.partial(policy.trust_in, as_of=as_of)
            )
        self.relay_trust = functools.cache(policy.relay_trust_in)
        self.group_of = functools.cache(policy.dependency.group_of)
        self.weights: dict[tuple[object, ...], tuple[float, Opinion]] = {}
        self.stances: dict[tuple[str, float], Opinion] = {}
        # For `quick`: per base rate, each stance's opinion, side and
        # probability; each trust's probability.
        self.quick_stances: dict[
            float, dict[int, tuple[Opinion, int, float, Stance]]
        ] = {}
        self.probabilities: dict[int, float] = {}  # Of trusts the engine keeps.
        # Per originator: its trust, the trust's probability, its group's
        # source and its root.
        self.speakers: dict[
            int, tuple[Trust, float, Source | None, Source, Source]
        ] = {}
        # For `relayed`: per relay, its trust, the trust's probability and
        # its root.
        self.reporters: dict[int, tuple[Trust, float, Source, Source]] = {}
        # For `counted`: each source by its id, the id of the first source
        # equal to it (the one `equals` holds) and the source itself.
        self.equals: dict[Source, Source] = {}
        self.canon: dict[int, tuple[int, Source]] = {}
        self.singles: dict[int, tuple[Opinion, str, str, int]] = {}
        # For `quick`: a claim's numbers from its one direct statement, by
        # the ids of its stance and source, and its grade.
        self.lone: dict[
            tuple[int, int, int | None], tuple[Source, _Numbers, Stance, Source]
        ] = {}
        self.rates = bool(policy.claim_base_rates)
        # Under probability-sensitive discounting a line depends on its
        # trusts only through the product of their probabilities.
        self.by_product = policy.discounting.by_product
        # Time decay is off by default; when off, lines pay nothing for it.
        self.decays = policy.half_life is not None or bool(policy.claim_half_lives)
        # `quick` relies on what `Policy`'s own methods do (interest only
        # under a party's root, one base rate without a table): a subclass
        # that overrides them is assessed by `general` only.
        self.policy_plain = all(
            getattr(type(policy), name) is getattr(Policy, name)
            for name in _QUICK_RELIES_ON
        )
        unnamed = policy.kind_trust[SourceKind.UNNAMED_PERSON]
        self.unnamed = Trust(
            unnamed, "hearsay: an unnamed source (default for unnamed person)"
        )
        # Unless every statement stands alone, hearsay lines are one group.
        self.hearsay_group = (
            None if policy.dependency is Dependency.NONE else UNNAMED_SOURCES
        )

    def assess(self, claim: Claim, evidence: Evidence) -> Assessment:
        """
        The assessment of *claim*, which no relation touches, from its
        *evidence*: by `quick` where it applies, else by `general`.
        """
        found = self.quick(claim, evidence)
        return self.general(claim, evidence) if found is None else found

    def general(self, claim: Claim, evidence: Evidence) -> Assessment:
        """
        The assessment of *claim* from its *evidence*, one `_Item` per line.
        """
        base_rate = self.policy.base_rate_of(claim)
        items = self.items(claim, evidence, base_rate)
        fused = _fuse(items, self.policy, base_rate)
        return self.made(claim, items, fused, fused.opinion, evidence)

    def quick(self, claim: Claim, evidence: Evidence) -> Assessment | None:
        """
        The assessment `general` gives, computed without a record per line,
        for the common claim: no time decay, every statement standing (no
        retraction, no speaker twice), and no relay carrying counted lines of
        two groups (so no shared conduit). ``None`` for any other claim.

        The same rules in the same order on the same numbers: rule 1 has
        nothing to do, rule 2 is `item`'s, and rule 3 is `_fuse`'s without
        conduits. ``tests/test_assess_fastpath.py`` checks it against `general`.
        """
        if self.decays or not self.policy_plain:
            return None
        lone = None
        if len(evidence) == 1 and not self.rates:
            statement, routes = evidence[0]
            if routes is _DIRECT:
                # One statement held directly: its numbers depend on its
                # stance, source and grade only (the claim's parties matter
                # only when the source's root is one of them). Kept by the ids
                # of a stance and a source the entry keeps alive.
                lone = (
                    id(statement.stance),
                    id(statement.source),
                    statement.credibility,
                )
                alike = self.lone.get(lone)
                if alike is not None and not _interested(claim, alike[0]):
                    return _made(claim, *alike[1], self.policy, self.as_of, evidence)
        policy = self.policy
        # `Policy.base_rate_of`, without a look-up in an empty table.
        base_rate = policy.base_rate_of(claim) if self.rates else policy.base_rate
        counted = self.counted(claim, evidence, base_rate)
        if counted is None:
            return None
        numbers = self.numbers(counted, base_rate)
        if lone is not None:
            statement = evidence[0][0]
            root = statement.source.root
            if not _interested(claim, root):
                self.lone[lone] = (root, numbers, statement.stance, statement.source)
        return _made(claim, *numbers, policy, self.as_of, evidence)

    def numbers(self, counted: list[_Counted], base_rate: float) -> _Numbers:
        """
        Rule 3 for `quick`: an assessment's numbers from its counted lines.
        """
        policy = self.policy
        if len(counted) == 1:  # As `_fuse`'s short case.
            # Its numbers depend on the line's opinion only: kept by the id
            # of an opinion the engine's weights keep alive.
            single = counted[0][1]
            known = self.singles.get(id(single))
            if known is None:
                (held,) = _ceiling([single], policy, None)
                agreeing = _lone_corroboration(single, held)
                known = self.singles[id(single)] = (
                    held,
                    policy.words_for(held.probability),
                    policy.confidence_for(held.uncertainty, corroboration=agreeing),
                    agreeing,
                )
            opinion, words, confidence, corroboration = known
            conflict = 0.0
        else:
            opinion, conflict, corroboration = _fuse_counted(counted, policy, base_rate)
            words = policy.words_for(opinion.probability)
            confidence = policy.confidence_for(
                opinion.uncertainty, conflict=conflict, corroboration=corroboration
            )
        side = opinion.verdict_side
        grades = [
            line[4]
            for line in counted
            if line[4] is not None and side != 0 and line[2] == side
        ]
        credibility = None
        if grades:
            # Groups are the units here (no conduits on the quick path).
            firm = {line[5] for line in counted if line[2] == side and _firm(line[6])}
            confirming = min(corroboration, len(firm))
            credibility = claim_credibility(grades, confirming, policy.corroboration)
        return (opinion, words, confidence, conflict, corroboration, credibility)

    def counted(  # noqa: C901, PLR0912, PLR0915  # one hot loop, written out
        self, claim: Claim, evidence: Evidence, base_rate: float
    ) -> list[_Counted] | None:
        """
        Rules 1 and 2 for `quick`: the counted lines of *evidence* as `item`
        weighs them, when rule 1 leaves every statement standing with all
        its routes (no retraction, no speaker committing twice); ``None``
        when it does not, or when a relay carries counted lines of two
        groups.
        """
        policy = self.policy
        parties = None
        if claim.about or claim.favours:  # Only a party's root has interest.
            parties = {party.root for party in (*claim.about, *claim.favours)}
        stances = self.quick_stances.get(base_rate)
        if stances is None:
            stances = self.quick_stances[base_rate] = {}
        probabilities = self.probabilities
        speakers = self.speakers
        weights = self.weights
        counted: list[_Counted] = []
        conduits: dict[Source, object] = {}
        carried: list[tuple[Source, Route, object, int]] = []
        directs: list[tuple[Source, object, int]] = []
        # Rule 1: each speaker (source, hearsay) committing once, by its
        # source's class of equal sources.
        speaking: set[tuple[int, bool]] | None = None if len(evidence) == 1 else set()
        canon = self.canon
        for statement, routes in evidence:
            said = statement.stance
            source = statement.source
            if said.retraction:
                return None
            if speaking is not None and said.polarity is not Polarity.UNKNOWN:
                equal = canon.get(id(source))
                if equal is None:
                    equal = canon[id(source)] = (
                        id(self.equals.setdefault(source, source)),
                        source,
                    )
                speaker = (equal[0], said.hearsay)
                if speaker in speaking:
                    return None
                speaking.add(speaker)
            grade = statement.credibility
            polarity = said.polarity
            # By the ids of a stance and a source, each kept by its entry.
            known = stances.get(id(said))
            if known is None:
                stance = self.stance(statement, base_rate, None)
                known = stances[id(said)] = (
                    stance,
                    stance.side,
                    stance.probability,
                    said,
                )
            stance = known[0]
            if said.hearsay:  # Its originator is unnamed: not its source.
                hearsay: Trust | None = self.relay_trust(source)
                trust, trusted = self.unnamed, 1.0
                group_source, root = self.hearsay_group, source.root
            else:
                known_source = speakers.get(id(source))
                if known_source is None:
                    found_trust = self.trust(source)
                    known_source = speakers[id(source)] = (
                        found_trust,
                        found_trust.probability,
                        self.group_of(source),
                        source.root,
                        source,
                    )
                hearsay = None
                trust, trusted, group_source, root, _ = known_source
            interest = None
            if parties is not None and root in parties:
                interest = policy.interest(source, claim, polarity)
            # The route's strength is the product of its relays' probabilities
            # in order, as `weigh` multiplies them.
            if len(routes) != 1:
                route, relays, strength = max(
                    (self.relayed(claim, r, statement, parties) for r in routes),
                    key=lambda r: (r[2], -len(r[0])),
                    default=((), (), 1.0),
                )
            elif routes[0]:
                route, relays, strength = self.relayed(
                    claim, routes[0], statement, parties
                )
            else:
                route, relays, strength = (), (), 1.0
            factor = 1.0 if interest is None else interest.factor
            credibility = None
            if grade is not None:
                credibility = policy.credibility[grade]
                factor *= credibility.factor
            inside = (trust,) if hearsay is None else (hearsay, trust)
            trusts = (*relays, *inside) if relays else inside
            if not routes:
                factor = 0.0
            if self.by_product:  # As `weigh`, with each trust's probability kept.
                product = strength
                if hearsay is not None:  # The engine keeps both alive.
                    for one in inside:
                        p = probabilities.get(id(one))
                        if p is None:
                            p = probabilities[id(one)] = one.probability
                        product *= p
                else:
                    product *= trusted
                weighed = (id(stance), factor * product)
                found = weights.get(weighed)
                if found is None:
                    found = weights[weighed] = weigh(policy, stance, trusts, factor)
                weight, opinion = found
            else:
                weight, opinion = self.weigh(stance, trusts, factor)
            if (
                polarity is Polarity.UNKNOWN
                or weight <= 0.0
                or (opinion.belief == 0.0 and opinion.disbelief == 0.0)
            ) and _unweighed(
                statement, trusts, interest, weight, opinion, credibility=credibility
            ) is not None:
                continue
            group: object = statement if group_source is None else group_source
            counted.append((weight, opinion, known[1], known[2], grade, group, said))
            # Relayed, or hearsay: the relay it may share with another
            # group's line (`_Engine.conduit`); said directly: the conduit its
            # source may be for another group (`_own_words_carried`). A relay
            # has one trust, so its source stands for the conduit.
            if len(trusts) == 1:  # Said directly, not hearsay.
                directs.append((source, group, known[1]))
            for at in reversed(range(len(trusts) - 1)):
                if trusts[at] is _FAITHFUL:
                    continue
                relay = route[at].reporter if at < len(route) else source
                if len(routes) == 1 or _sole_way(routes, statement, relay):
                    first = conduits.setdefault(relay, group)
                    if first is not group and first != group:
                        return None  # A conduit the groups may share.
                    carried.append((relay, route, group, known[1]))
                    break
        if (
            directs
            and carried
            # Its source a conduit, or a later relay of a line (rarely).
            and (
                any(direct[0] in conduits for direct in directs)
                or any(_carried_on(line[0], line[1]) for line in carried)
            )
            and _may_join(directs, carried)
        ):
            return None  # A word that may join what its source carries.
        return counted

    def made(  # noqa: PLR0917 (the parts of one assessment)
        self,
        claim: Claim,
        items: list[_Item],
        fused: _Fused,
        opinion: Opinion,
        evidence: Evidence,
        context: _Context | None = None,
        confirmed_at_most: int | None = None,
    ) -> Assessment:
        """
        The assessment of *claim* whose fused lines give *opinion* (after
        any rule applied to the whole claim), corroborated by at most
        *confirmed_at_most* lines when given.
        """
        policy = self.policy
        corroboration = fused.corroborating(opinion)
        if confirmed_at_most is not None:
            corroboration = min(corroboration, confirmed_at_most)
        return Assessment(
            claim=claim,
            opinion=opinion,
            words=policy.words_for(opinion.probability),
            confidence=policy.confidence_for(
                opinion.uncertainty,
                conflict=fused.conflict,
                corroboration=corroboration,
            ),
            conflict=fused.conflict,
            corroboration=corroboration,
            credibility=_credibility_of(items, opinion, corroboration, policy),
            policy=policy,
            as_of=self.as_of,
            evidence=evidence,
            context=context,
        )

    def items(self, claim: Claim, evidence: Evidence, base_rate: float) -> list[_Item]:
        if not self.decays or not evidence:
            return _own_words_carried(
                [self.item(claim, found, base_rate) for found in standing(evidence)]
            )
        return self.related_items(
            claim, standing(evidence), (), base_rate, _Judged.of(((claim, False),))
        )

    def related_items(
        self,
        claim: Claim,
        own: Sequence[Standing],
        borrowed: Sequence[_Borrowed],
        base_rate: float,
        parties: _Judged,
        *,
        reference: dt.date | None = None,
    ) -> list[_Item]:
        """
        The lines of *claim*: its own (statements on it or on an equivalent
        claim) and those *borrowed* from related claims, a source's latest
        word across them governing. The interest of its own lines is judged
        on the parties of *parties* (the class's claims that name any), that
        of a borrowed line on those and its own class's (`_Borrowed`). With
        decay, they are aged to *reference* if given (an exclusive set's
        day), else to *as_of*, else to the day of its latest line.
        """
        if borrowed:
            own, borrowed = _governed(own, borrowed)
        if not self.decays or not (own or borrowed):
            return self.lines(claim, own, borrowed, base_rate, None, None, parties)
        reference = reference or self.as_of
        if reference is None:  # Never the wall clock: must reproduce.
            undecayed = self.lines(claim, own, borrowed, base_rate, None, None, parties)
            reference = _latest_counted(undecayed)
            if reference is None:
                return undecayed
        half_life = self.policy.half_life_of(claim, reference)
        return self.lines(
            claim, own, borrowed, base_rate, half_life, reference, parties
        )

    def latest_counted(
        self,
        claim: Claim,
        own: Sequence[Standing],
        borrowed: Sequence[_Borrowed],
        base_rate: float,
        parties: _Judged,
    ) -> dt.date | None:
        """
        The day of the latest line of *claim* that counts (as
        `related_items` reads them, undecayed).
        """
        if borrowed:
            own, borrowed = _governed(own, borrowed)
        return _latest_counted(
            self.lines(claim, own, borrowed, base_rate, None, None, parties)
        )

    def lines(  # noqa: PLR0917 (rule 2's inputs for one claim)
        self,
        claim: Claim,
        own: Sequence[Standing],
        borrowed: Sequence[_Borrowed],
        base_rate: float,
        half_life: dt.timedelta | None,
        reference: dt.date | None,
        parties: _Judged,
    ) -> list[_Item]:
        """
        The items of *own* and *borrowed* lines, aged to *reference* at
        *half_life* (``None``: no decay), their interest judged on the
        claims *parties* (and a borrowed line's on its own).
        """
        items = []
        for found in own:
            about = found.statement.claim
            flow = None if about == claim else Flow.EQUIVALENT
            items.append(
                self.item(about, found, base_rate, half_life, reference, flow, parties)
            )
        items.extend(
            self.item(
                b.standing.statement.claim,
                b.standing,
                base_rate,
                half_life,
                reference,
                b.flow,
                b.parties,
            )
            for b in borrowed
        )
        return _own_words_carried(items)

    def weigh(
        self, stance: Opinion, trusts: tuple[Trust, ...], factor: float
    ) -> tuple[float, Opinion]:
        key: tuple[object, ...]
        if self.by_product:  # The very product `Policy.discount` takes.
            # Stance opinions are the engine's own (self.stances keeps them
            # alive), so their ids stand for them.
            key = (id(stance), factor * math.prod([t.probability for t in trusts]))
        else:
            key = (stance, trusts, factor)
        found = self.weights.get(key)
        if found is None:
            found = self.weights[key] = weigh(self.policy, stance, trusts, factor)
        return found

    def interest(
        self, source: Source, claim: Claim, judged: _Judged | None, polarity: Polarity
    ) -> Interest | None:
        """
        *source*'s interest in a line with *polarity* on *claim*, judged on
        the claims *judged* (``None``: on *claim*); `_interest` is asked only
        when *source* may be a party to one of them.
        """
        if judged is None:
            if claim.about or claim.favours:
                return self.policy.interest(source, claim, polarity)
            return None
        if not judged.named or (self.policy_plain and source.root not in judged.roots):
            return None
        found = _interest(self.policy, source, judged.claims, polarity)
        if found is None and judged.rivals:
            return _interest(self.policy, source, judged.rivals, polarity)
        return found

    def item(  # noqa: PLR0917 (one line's inputs)
        self,
        claim: Claim,
        found: Standing,
        base_rate: float,
        half_life: dt.timedelta | None = None,
        reference: dt.date | None = None,
        flow: Flow | None = None,
        parties: _Judged | None = None,
    ) -> _Item:
        """
        One line: *found* on *claim*, its interest judged on the claims
        *parties* (``None``: on *claim*).
        """
        policy = self.policy
        statement, routes, excluded = found
        source = statement.source
        polarity = statement.stance.polarity
        stance = self.stance(statement, base_rate, flow)
        hearsay = self.relay_trust(source) if statement.stance.hearsay else None
        trust = self.unnamed if hearsay is not None else self.trust(source)
        interest = self.interest(source, claim, parties, polarity)
        if len(routes) == 1:
            route, relays, route_trust = self.route(
                claim, parties, routes[0], statement
            )
        else:
            route, relays, route_trust = max(
                (self.route(claim, parties, r, statement) for r in routes),
                key=lambda r: (r[2], -len(r[0])),
                default=((), (), 0.0),
            )
        factor = 1.0 if interest is None else interest.factor
        decay = None
        if half_life is not None and reference is not None:
            decay = Decay.of(statement.made_on, reference, half_life)
            factor *= decay.factor
        credibility = None
        if statement.credibility is not None:
            credibility = policy.credibility[statement.credibility]
            factor *= credibility.factor
        inside = (trust,) if hearsay is None else (hearsay, trust)
        trusts = (*relays, *inside)
        if not routes:  # Withdrawn with every route: no evidence reaches us.
            factor = 0.0
        weight, opinion = self.weigh(stance, trusts, factor)
        conduit, inner = self.conduit(statement, routes, route, trusts, stance, factor)
        if inner is None:
            inner = opinion
        group_source = (
            self.hearsay_group if statement.stance.hearsay else self.group_of(source)
        )
        group: object = statement if group_source is None else group_source
        if excluded is None and (
            polarity is Polarity.UNKNOWN
            or weight <= 0.0
            or (opinion.belief == 0.0 and opinion.disbelief == 0.0)
        ):
            excluded = _unweighed(
                statement, trusts, interest, weight, opinion, credibility=credibility
            )
        return _Item(
            statement,
            route,
            len(routes),
            stance,
            trust,
            hearsay,
            interest,
            relays,
            route_trust,
            weight,
            opinion,
            inner,
            group,
            group_source,
            conduit,
            excluded,
            decay,
            credibility,
            flow,
        )

    def conduit(  # noqa: PLR0917 (one line's route and trusts)
        self,
        statement: Statement,
        routes: Sequence[Route],
        route: Route,
        trusts: tuple[Trust, ...],
        stance: Opinion,
        factor: float,
    ) -> tuple[tuple[Source, Trust] | None, Opinion | None]:
        """
        A line's conduit, the relay through which it may share its way with
        other groups' lines: the innermost relay of *route* that does not
        pass on its own words and that every route of the statement passes
        (for hearsay, the outlet that speaks for the unnamed source), the
        first to hear it; with the line's opinion before that relay's trust
        (discounted by every other trust). ``(None, None)`` if none.
        """
        for at in reversed(range(len(trusts) - 1)):
            if trusts[at] is _FAITHFUL:
                continue
            relay = route[at].reporter if at < len(route) else statement.source
            if _sole_way(routes, statement, relay):
                rest = (
                    *(t for t in trusts[:at] if t is not _FAITHFUL),
                    *trusts[at + 1 :],
                )
                return (relay, trusts[at]), self.weigh(stance, rest, factor)[1]
        return None, None

    def stance(
        self, statement: Statement, base_rate: float, flow: Flow | None
    ) -> Opinion:
        """
        The stance opinion of *statement* at *base_rate*: the policy's, or
        its mirror for support of a rival claim (which counts against).
        """
        value = statement.stance.value
        stance = self.stances.get((value, base_rate))
        if stance is None:
            stance = self.policy.stance_opinion(statement.stance, base_rate)
            self.stances[value, base_rate] = stance
        if flow is not Flow.INCOMPATIBLE:
            return stance
        mirror = self.stances.get((f"~{value}", base_rate))
        if mirror is None:
            mirror = Opinion(
                stance.disbelief, stance.belief, stance.uncertainty, stance.base_rate
            )
            self.stances[f"~{value}", base_rate] = mirror
        return mirror

    def relayed(
        self,
        claim: Claim,
        route: Route,
        statement: Statement,
        parties: set[Source] | None,
    ) -> tuple[Route, tuple[Trust, ...], float]:
        """
        `route` for `counted`, given the roots of *claim*'s *parties*
        (``None`` if it has none): `Policy.interest` is asked only of a
        relay whose root is one of them (it returns None for any other).
        """
        if not route:
            return _HELD
        relays = []
        reporters = self.reporters
        strength = 1.0
        for report in route:
            reporter = report.reporter
            content = report.content
            speaker = (
                content.source if isinstance(content, Statement) else content.reporter
            )
            if speaker is reporter or speaker == reporter:
                relays.append(_FAITHFUL)  # Probability 1: strength as it is.
                continue
            known = reporters.get(id(reporter))
            if known is None:
                found = self.relay_trust(reporter)
                known = reporters[id(reporter)] = (
                    found,
                    found.probability,
                    reporter.root,
                    reporter,
                )
            trust, p, reporter_root, _ = known
            if (
                parties is not None
                and reporter_root in parties
                and reporter_root != statement.source.root
            ):
                polarity = statement.stance.polarity
                interest = self.policy.interest(reporter, claim, polarity)
                if interest is not None and interest.serving:
                    trust = _distrusted(trust, interest)
                    p = trust.probability
            relays.append(trust)
            strength *= p
        return route, tuple(relays), strength

    def route(
        self, claim: Claim, judged: _Judged | None, route: Route, statement: Statement
    ) -> tuple[Route, tuple[Trust, ...], float]:
        """
        The trust in each relay of *route* and their product. A relay that
        is a party to *claim* (judged on the claims *judged*, if given; other
        than the originator's) and passes on what serves it is trusted less
        by the self-serving factor.
        """
        if not route:
            return _HELD
        relays = []
        parties = bool(
            (claim.about or claim.favours) if judged is None else judged.named
        )
        for report in route:
            reporter = report.reporter
            if _speaker(report.content) == reporter:
                relays.append(_FAITHFUL)
                continue
            trust = self.relay_trust(reporter)
            if parties and reporter.root != statement.source.root:
                polarity = statement.stance.polarity
                interest = self.interest(reporter, claim, judged, polarity)
                if interest is not None and interest.serving:
                    trust = _distrusted(trust, interest)
            relays.append(trust)
        strength = 1.0
        for relay in relays:
            strength *= relay.probability
        return route, tuple(relays), strength


def _interest(
    policy: Policy,
    source: Source,
    claims: Sequence[tuple[Claim, bool]],
    polarity: Polarity,
) -> Interest | None:
    """
    *source*'s interest in a line with *polarity* judged on the parties of
    *claims*: the policy's interest on each (with the polarity turned where
    the line counts against what it says), the one with the least factor
    (the first on a tie), as `Policy.interest` chooses among one claim's
    parties.
    """
    found: Interest | None = None
    for claim, turned in claims:
        if claim.about or claim.favours:
            said = _TURNED[polarity] if turned else polarity
            interest = policy.interest(source, claim, said)
            if interest is not None and (
                found is None or interest.factor < found.factor
            ):
                found = interest
    return found


_TURNED: Final = {
    Polarity.POSITIVE: Polarity.NEGATIVE,
    Polarity.NEGATIVE: Polarity.POSITIVE,
    Polarity.UNKNOWN: Polarity.UNKNOWN,
}


def _distrusted(trust: Trust, interest: Interest) -> Trust:
    """
    *trust* with its projected probability multiplied by the interest's
    factor (belief and uncertainty scaled, the rest disbelief).
    """
    o, f = trust.opinion, interest.factor
    b, u = o.belief * f, o.uncertainty * f
    opinion = Opinion(b, max(0.0, 1.0 - b - u), u, o.base_rate)
    return Trust(opinion, f"{trust.reason}; a relay {interest.reason}")


def _unweighed(
    statement: Statement,
    trusts: Sequence[Trust],
    interest: Interest | None,
    weight: float,
    opinion: Opinion,
    *,
    credibility: Credibility | None,
) -> str | None:
    """
    Why a line that time leaves standing still counts for nothing, if it does.
    """
    if statement.stance.is_vacuous:
        return "vacuous: commits to nothing"
    if weight > 0.0 and not opinion.is_vacuous:
        return None
    for trust in reversed(trusts):
        if trust.probability == 0.0:
            return f"counts nothing: trust 0 ({trust.reason})"
    if interest is not None and interest.factor == 0.0:
        return f"counts nothing: {interest.reason}"
    if credibility is not None and credibility.factor == 0.0:
        return f"counts nothing: {credibility.reason}, weight x 0"
    return "counts nothing: its weight rounds to 0"


def _speaker(record: Statement | Report) -> Source:
    return record.source if isinstance(record, Statement) else record.reporter


def _sole_way(routes: Sequence[Route], statement: Statement, conduit: Source) -> bool:
    """
    Whether every route of *statement* passes through *conduit* (a relay
    not passing on its own words, or the outlet that speaks for an unnamed
    source): a statement that also reaches the analyst another way does not
    depend on that relay alone, so it shares no conduit with the relay's
    other lines (and an added route never merges two independent lines
    into one).
    """
    if len(routes) <= 1 or (statement.stance.hearsay and conduit == statement.source):
        return True
    return all(
        any(
            report.reporter == conduit and _speaker(report.content) != conduit
            for report in route
        )
        for route in routes
    )


# Rule 3: dependence, conduits and corroboration.


def _own_words_carried(items: list[_Item]) -> list[_Item]:
    """
    A source's own word on a claim (said directly, not hearsay) joins the
    conduit of another group's line on that claim that it carries (as its
    first relay, else later on the line's best route) and agrees with: an
    outlet that reports a claim in its own voice and quotes its sources for
    it gives one line of reporting, not two (its word rests on what it was
    told), as its hearsay does; an outlet contradicting whom it quotes stays
    a line of its own. In the conduit the word keeps its own trust and is
    fused with what the conduit carries after the conduit's discount
    (`_through`): only the count of lines changes, never the evidence.

    When the source it quoted has since said the claim otherwise than
    through a conduit (directly, say), there is no conduit to join: the
    word rests on that source's line, counted in its group and fused beside
    its lines (`_rests_on`, `_resting`), again one line of reporting; never
    on a group sharing a conduit, nor on a word that rests itself
    (`_unrested`).
    """
    carried = _carried(items)
    if not carried:
        return items
    out = list(items)
    resting: dict[int, _Item] = {}
    for at, item in enumerate(items):
        lines = carried.get(item.statement.source)
        if lines is None:
            continue
        if (conduit := _joined(item, lines)) is not None:
            out[at] = item._replace(inner=item.opinion, conduit=conduit)
        elif (line := _rests_on(item, lines)) is not None:
            out[at] = item._replace(
                group=line.group,
                group_source=line.group_source,
                rests_on=line.statement.source,
            )
            resting[at] = line
    if resting:
        _unrested(items, out, resting)
    return out


def _unrested(items: list[_Item], out: list[_Item], resting: dict[int, _Item]) -> None:
    """
    Put back in *out* as it was in *items* each word that rests (at its
    place in *resting*, with the line it rests on) on a word that rests
    itself (two outlets each quoting the other: neither rests), or on a
    group sharing a conduit: that group's lines held otherwise count only
    beyond its share there, which has no place for a word resting on them.
    The word stays a line of its own (a known limitation); it has no
    conduit, so putting it back changes no group's conduit.
    """
    moved = {id(items[at]) for at in resting}
    for at, line in resting.items():
        if id(line) in moved:
            out[at] = items[at]
    members: dict[object, list[_Item]] = {}
    for item in out:
        if item.excluded is None:
            members.setdefault(item.group, []).append(item)
    home = _conduits(members)
    for at in resting:
        if out[at].group in home:
            out[at] = items[at]


#: The counted lines a source carries, by that source: each line with the
#: statement it carried (the line's own, or one the line's speaker later
#: superseded or retracted).
_Carried = dict[Source, list[tuple[_Item, Statement]]]


def _carried(items: Sequence[_Item]) -> _Carried:
    """
    The counted lines in conduits, by each source that carries them: the
    conduit's relay, and every relay of a line's best route. A line its
    speaker's later word superseded, or its speaker's retraction withdrew,
    is carried as the speaker's later word's line when that word takes the
    same side: what the carrier said rests on the speaker whatever the
    speaker says later, so a later word (to another paper, again to the
    same one, or directly, after a retraction or not) never makes the
    carrier's own word a second line.
    """
    governing: dict[tuple[Source, bool], list[_Item]] = {}
    for item in items:
        if item.excluded is None:
            speaker = (item.statement.source, item.statement.stance.hearsay)
            governing.setdefault(speaker, []).append(item)
    carried: _Carried = {}
    for item in items:
        if item.conduit is None:
            continue
        if item.excluded is None:
            lines = [item]
        elif item.excluded.startswith((_SUPERSEDED, _RETRACTED)):
            speaker = (item.statement.source, item.statement.stance.hearsay)
            side = item.stance.side
            lines = [g for g in governing.get(speaker, ()) if g.stance.side == side]
        else:
            continue
        # Its best route's relays: a weaker route added changes nothing.
        carriers = {item.conduit[0], *(report.reporter for report in item.route)}
        for carrier in carriers:
            carried.setdefault(carrier, []).extend(
                (line, item.statement) for line in lines
            )
    return carried


def _own_word(item: _Item) -> bool:
    """
    Whether *item* is a counted word its source said directly, in its own
    voice (not hearsay), and in no conduit yet.
    """
    return (
        not item.route
        and item.excluded is None
        and item.hearsay is None
        and item.conduit is None
    )


def _agreeing(
    item: _Item, lines: Sequence[tuple[_Item, Statement]]
) -> Iterator[tuple[_Item, Statement]]:
    """
    The lines of other groups *item* agrees with, carried no later than
    *item* was said (a word cannot rest on what was said after it).
    """
    side = item.stance.side
    for line, said in lines:
        if (
            line.stance.side == side
            and line.group != item.group
            and not _before(item.statement, said)
        ):
            yield line, said


def _joined(
    item: _Item, lines: Sequence[tuple[_Item, Statement]]
) -> tuple[Source, Trust] | None:
    """
    The conduit *item*, a word of a source carrying *lines*, joins: that of
    a line of another group it agrees with, said no later than the word, one
    it heard first if any; ``None`` if it joins none.
    """
    if not _own_word(item):
        return None
    source = item.statement.source
    conduits = sorted(
        (line.conduit[0] != source, n, line.conduit)
        for n, (line, _) in enumerate(_agreeing(item, lines))
        if line.conduit is not None
    )
    if not conduits:
        return None
    conduit = conduits[0][2]
    # Not where its group's own lines already have their place.
    if any(line.conduit == conduit and line.group == item.group for line, _ in lines):
        return None
    return conduit


def _rests_on(item: _Item, lines: Sequence[tuple[_Item, Statement]]) -> _Item | None:
    """
    The line held otherwise than through a conduit that *item*, a word of a
    source carrying *lines*, rests on: the later word of a source it quoted
    and agrees with, held directly (or through no relay every route
    passes); the first such line; ``None`` if there is none.
    """
    if not _own_word(item):
        return None
    return next(
        (line for line, _ in _agreeing(item, lines) if line.conduit is None), None
    )


class _Unit(NamedTuple):
    """
    One unit of the claim-level fusion: a group, or the groups' shares that
    one relay carries (*conduit*), or a group's lines held otherwise than
    through its conduit, with the evidence they add beyond its share there
    (*beyond*; a line of reporting by its lines' side, whatever they add).
    """

    conduit: tuple[Source, Trust] | None
    groups: list[_GroupOf]
    opinion: Opinion
    beyond: bool = False


#: A group's share in a conduit: the conduit and the group's place in it.
_Share = tuple[tuple[Source, Trust], int]


class _Fused(NamedTuple):
    opinion: Opinion
    conflict: float
    corroboration: int
    units: list[_Unit]
    notes: list[str]
    # How many independent lines lean each way (for, against): the
    # corroboration of a verdict a rule on the whole claim turned.
    leaning: tuple[int, int]

    def corroborating(self, opinion: Opinion) -> int:
        """
        How many independent lines agree with *opinion*, the claim's final
        opinion (a set, or what it entails, may have moved it to the other
        side of even).
        """
        side = opinion.verdict_side
        if side == self.opinion.verdict_side:
            return self.corroboration
        return 0 if side == 0 else self.leaning[side < 0]


def _lone_corroboration(line: Opinion, opinion: Opinion) -> int:
    """
    The corroboration of a claim with one line (*line*), read as *opinion*:
    1 if the line agrees with the verdict's side, else 0 (its prior carried
    it across even, or the line takes no side).
    """
    side = opinion.verdict_side
    return int(side != 0 and line.side == side)


class _GroupOf(NamedTuple):
    source: Source | None
    items: list[_Item]
    opinion: Opinion
    conflict: float


def _fuse(items: Iterable[_Item], policy: Policy, base_rate: float) -> _Fused:
    """
    Rule 3: the counted lines of one claim fused into its opinion, with the
    conflict among them and how many independent lines of reporting agree.
    """
    counted = [item for item in items if item.excluded is None]
    if len(counted) == 1:  # The common case, in short.
        (item,) = counted
        group = _GroupOf(item.group_source, counted, item.opinion, 0.0)
        notes: list[str] = []
        (opinion,) = _ceiling([item.opinion], policy, notes)
        side = item.opinion.side
        return _Fused(
            opinion,
            0.0,
            _lone_corroboration(item.opinion, opinion),
            [_Unit(None, [group], item.opinion)],
            notes,
            (int(side > 0), int(side < 0)),
        )
    members: dict[object, list[_Item]] = {}
    for item in counted:
        members.setdefault(item.group, []).append(item)
    home = _conduits(members)
    within = policy.within_group.fuse
    units: list[_Unit] = []
    shares: dict[tuple[Source, Trust], list[_GroupOf]] = {}
    others: list[tuple[int, _Share, list[_Item]]] = []
    rests: list[Opinion] = []
    for key, grouped in members.items():
        conduit = home.get(key)
        if conduit is None:
            group = _resting(grouped, policy) or _group(grouped, within, inner=False)
            units.append(_Unit(None, [group], group.opinion))
            continue
        share = _group([i for i in grouped if i.conduit == conduit], within, inner=True)
        rest = [item for item in grouped if item.conduit != conduit]
        if rest:
            # A group's lines held otherwise are a line of reporting of their
            # own (for the ceiling and corroboration, whatever they add),
            # counted only beyond what its share adds through the conduit.
            share, whole = _voiced(share, rest, policy)
            others.append((len(units), (conduit, len(shares.get(conduit, ()))), rest))
            rests.append(whole)
        shares.setdefault(conduit, []).append(share)
    for conduit, groups in shares.items():
        units.append(_Unit(conduit, groups, _through(conduit, groups, policy)))
    ceiling: list[str] = []
    held = _ceiling([u.opinion for u in units] + rests, policy, ceiling)
    held, rests = held[: len(units)], held[len(units) :]
    beyond = _split(
        _beyond_shares(units, held, rests, [place for _, place, _ in others], policy),
        rests,
        base_rate,
    )
    made = []
    for (at, _, rest), whole, part in zip(others, rests, beyond, strict=True):
        group = _GroupOf(rest[0].group_source, rest, part, _conflict_of(rest))
        made.append((at, _Unit(None, [group], part, beyond=True), whole))
    notes = [
        f"{unit.groups[0].source or unit.groups[0].items[0].statement.source}: "
        f"its lines held otherwise than through {conduit[0]} count only beyond "
        "its share there"
        for (_, (conduit, _), _), (_, unit, _) in zip(others, made, strict=True)
    ]
    sides = list(held)
    for at, unit, whole in reversed(made):
        units.insert(at, unit)
        held.insert(at, unit.opinion)
        sides.insert(at, whole)
    notes += ceiling
    live = [o for o in held if not o.is_vacuous]
    opinion = _fuse_all(live, policy) if live else Opinion.vacuous(base_rate)
    leaning = [o.side for o in sides if not o.is_vacuous]
    side = opinion.verdict_side
    corroboration = 0 if side == 0 else leaning.count(side)
    return _Fused(
        opinion,
        _conflict_of(counted),
        corroboration,
        units,
        notes,
        (leaning.count(1), leaning.count(-1)),
    )


def _through(
    conduit: tuple[Source, Trust], groups: Sequence[_GroupOf], policy: Policy
) -> Opinion:
    """
    The groups' shares that one relay carries, fused and discounted by that
    relay once; with the relay's own word beside them (`_its_own`).
    """
    carried: list[Opinion] = []
    own: list[Opinion] = []
    for group in groups:
        (own if _its_own(group) else carried).append(group.opinion)
    if carried:
        heard = _fuse_all(carried, policy)
        own.insert(0, policy.discounting.operator((conduit[1].opinion,), 1.0, heard))
    return _fuse_all(own, policy)


def _its_own(group: _GroupOf) -> bool:
    """
    Whether *group*'s lines in a conduit are the own word of a source that
    carries what the conduit holds, joined to it (`_own_words_carried`; no
    other line said directly and not hearsay has a conduit): held with their
    own trust, they are fused beside what the relay carries, not discounted
    by it.
    """
    return all(not i.route and i.hearsay is None for i in group.items)


def _voiced(
    share: _GroupOf, rest: list[_Item], policy: Policy
) -> tuple[_GroupOf, Opinion]:
    """
    A group's share through its conduit and its lines held otherwise, each
    per side no more than the group's voice (all its lines fused within the
    group): a group that contradicts itself across its conduit is averaged
    as any group is, on both ways.
    """
    within = policy.within_group.fuse
    opinions = [item.opinion for item in rest]
    whole = within(*opinions) if len(opinions) > 1 else opinions[0]
    voice = within(*(item.opinion for item in share.items), *opinions)
    heard = within(*(item.inner for item in share.items), *opinions)
    voiced = share._replace(opinion=_least(share.opinion, heard))
    return voiced, _least(whole, voice)


def _least(x: Opinion, y: Opinion) -> Opinion:
    """
    Per side the lesser evidence of *x* and *y* (with *x*'s base rate).
    """
    if x.uncertainty == 0.0 or y.uncertainty == 0.0:
        return x if y.uncertainty == 0.0 else y
    r = min(x.belief / x.uncertainty, y.belief / y.uncertainty)
    s = min(x.disbelief / x.uncertainty, y.disbelief / y.uncertainty)
    if r == x.belief / x.uncertainty and s == x.disbelief / x.uncertainty:
        return x
    k = r + s + 1.0
    return Opinion(r / k, s / k, 1.0 / k, x.base_rate)


def _beyond_shares(
    units: Sequence[_Unit],
    held: Sequence[Opinion],
    rests: Sequence[Opinion],
    places: Sequence[_Share],
    policy: Policy,
) -> Opinion | None:
    """
    What the lines that groups hold otherwise than through their conduits
    add beyond their shares there: per side, the most evidence the claim has
    when some of those groups are counted by those lines instead of their
    shares, less its evidence with every share (the *held* units), never
    negative; ``None`` if nothing. Each group so counts once, through
    whichever way gives more, and nothing done to a share (a worse grade, a
    less trusted relay, another group joining the relay) lets the other
    lines count more than the claim loses through the conduit. Every choice
    of groups is tried (up to eight groups; beyond, each alone, all but
    each, and all).
    """
    n = len(places)
    if n <= _CHOICES:
        choices = [{i for i in range(n) if bits >> i & 1} for bits in range(1, 1 << n)]
    else:
        every = set(range(n))
        choices = [every, *({i} for i in every), *(every - {i} for i in every)]
    r = s = 0.0
    for chosen in choices:
        out: dict[tuple[Source, Trust], set[int]] = {}
        for i in chosen:
            conduit, index = places[i]
            out.setdefault(conduit, set()).add(index)
        without = [_without(unit, out, policy) for unit in units]
        instead = _ceiling([*without, *rests], policy, None)
        counted = instead[: len(units)] + [instead[len(units) + i] for i in chosen]
        more = _beyond_fusion(counted, held, policy)
        if more is not None and more.uncertainty > 0.0:
            r = max(r, more.belief / more.uncertainty)
            s = max(s, more.disbelief / more.uncertainty)
    if r == 0.0 and s == 0.0:
        return None
    k = r + s + 1.0
    return Opinion(r / k, s / k, 1.0 / k, held[0].base_rate)


#: How many groups beside their conduits `_beyond_shares` tries every
#: choice of (two to the power of it choices).
_CHOICES: Final = 8


def _without(
    unit: _Unit, out: Mapping[tuple[Source, Trust], set[int]], policy: Policy
) -> Opinion:
    """
    *unit*'s opinion without the groups' shares *out* names.
    """
    if unit.conduit is None or unit.conduit not in out:
        return unit.opinion
    gone = out[unit.conduit]
    kept = [g for i, g in enumerate(unit.groups) if i not in gone]
    if not kept:
        return Opinion.vacuous(unit.opinion.base_rate)
    return _through(unit.conduit, kept, policy)


def _split(
    beyond: Opinion | None, rests: Sequence[Opinion], base_rate: float
) -> list[Opinion]:
    """
    *beyond* shared out among the groups' lines held otherwise, per side in
    proportion to their evidence that way and never more than it (cumulative
    fusion adds evidence, so the parts fuse back to *beyond* so bounded).
    """
    vacuous = Opinion.vacuous(base_rate)
    if beyond is None:
        return [vacuous for _ in rests]
    if beyond.uncertainty == 0.0 or any(o.uncertainty == 0.0 for o in rests):
        return [beyond, *(vacuous for _ in rests[1:])]
    weights = [(o.belief / o.uncertainty, o.disbelief / o.uncertainty) for o in rests]
    total_r = math.fsum(w for w, _ in weights)
    total_s = math.fsum(w for _, w in weights)
    r = min(beyond.belief / beyond.uncertainty, total_r)
    s = min(beyond.disbelief / beyond.uncertainty, total_s)
    parts = []
    for wr, ws in weights:
        pr = r * wr / total_r if total_r else 0.0
        ps = s * ws / total_s if total_s else 0.0
        k = pr + ps + 1.0
        parts.append(
            Opinion(pr / k, ps / k, 1.0 / k, base_rate) if pr or ps else vacuous
        )
    return parts


def _beyond_fusion(
    opinions: Sequence[Opinion], fewer: Sequence[Opinion], policy: Policy
) -> Opinion | None:
    """
    The evidence the claim-level fusion of *opinions* holds beyond that of
    *fewer* (`_beyond` of the two fusions; vacuous opinions left out).
    """
    live = [o for o in opinions if not o.is_vacuous]
    if not live:
        return None
    kept = [o for o in fewer if not o.is_vacuous]
    whole = _fuse_all(live, policy)
    return _beyond(whole, _fuse_all(kept, policy)) if kept else whole


def _conduits(
    members: Mapping[object, list[_Item]],
) -> dict[object, tuple[Source, Trust]]:
    """
    The shared conduit of each group that has one: a relay (trusted alike
    for every line) through which lines of two or more groups come. A group
    with lines through two shared conduits joins neither. Lines a group holds
    otherwise never take its share out of the conduit: membership is
    monotone in the group's lines.
    """
    through = {
        key: {item.conduit for item in grouped if item.conduit is not None}
        for key, grouped in members.items()
    }
    counts: dict[tuple[Source, Trust], int] = {}
    for conduits in through.values():
        for conduit in conduits:
            counts[conduit] = counts.get(conduit, 0) + 1
    found = {}
    for key, conduits in through.items():
        shared = [c for c in conduits if counts[c] > 1]
        if len(shared) == 1:
            found[key] = shared[0]
    counts = {}
    for conduit in found.values():
        counts[conduit] = counts.get(conduit, 0) + 1
    return {key: c for key, c in found.items() if counts[c] > 1}


def _beyond(whole: Opinion, share: Opinion) -> Opinion | None:
    """
    The evidence of *whole* beyond that of *share*, per side (cumulative
    fusion adds evidence, so ``share ⊕ beyond`` holds *whole*'s belief and
    disbelief wherever *whole* exceeds *share*); ``None`` if nothing is
    beyond it.
    """
    if whole.uncertainty == 0.0:
        return None if share.uncertainty == 0.0 else whole
    if share.uncertainty == 0.0:
        return None
    r = max(
        0.0, (whole.belief / whole.uncertainty) - (share.belief / share.uncertainty)
    )
    s = max(
        0.0,
        (whole.disbelief / whole.uncertainty) - (share.disbelief / share.uncertainty),
    )
    if r <= 0.0 and s <= 0.0:
        return None
    k = r + s + 1.0
    return Opinion(r / k, s / k, 1.0 / k, whole.base_rate)


def _group(
    items: list[_Item], within: Callable[..., Opinion], *, inner: bool
) -> _GroupOf:
    opinions = [item.inner if inner else item.opinion for item in items]
    if len(opinions) == 1:
        return _GroupOf(items[0].group_source, items, opinions[0], 0.0)
    opinion = within(*opinions)
    return _GroupOf(items[0].group_source, items, opinion, _conflict_of(items))


def _resting(items: list[_Item], policy: Policy) -> _GroupOf | None:
    """
    A group holding own words that rest on its lines (`_rests_on`): its
    other lines fused within the group, then fused with those words beside
    them, each word keeping its own trust, as a conduit's own word is
    (`_through`): resting changes how many lines of reporting there are,
    never the evidence. ``None`` when no word rests on the group.
    """
    own = [item.opinion for item in items if item.rests_on is not None]
    if not own:
        return None
    group = _group(
        [item for item in items if item.rests_on is None],
        policy.within_group.fuse,
        inner=False,
    )
    return _GroupOf(
        group.source,
        items,
        _fuse_all([group.opinion, *own], policy),
        _conflict_of(items),
    )


def _fuse_all(opinions: Sequence[Opinion], policy: Policy) -> Opinion:
    return opinions[0] if len(opinions) == 1 else policy.across_groups.fuse(*opinions)


def _ceiling(
    opinions: list[Opinion], policy: Policy, notes: list[str] | None
) -> list[Opinion]:
    """
    One uncorroborated line of reporting held within the policy's ceiling:
    when only one independent line has evidence for the claim (or only one
    against it), that evidence is held to what, alone at even odds, gives
    the ceiling (or its mirror): the same evidence at any base rate
    (`_held`). A line with evidence on one side only is drawn towards the
    base rate; a line with evidence on both sides has each side held apart,
    so that more evidence against a line never lets more of its evidence for
    it count.
    """
    ceiling = policy.uncorroborated_ceiling
    if ceiling is None:
        return opinions
    out = list(opinions)
    for side, bound in ((1, ceiling), (-1, 1.0 - ceiling)):
        found = [
            i
            for i, o in enumerate(opinions)
            if (o.belief if side > 0 else o.disbelief) > 0.0
        ]
        if len(found) != 1:
            if notes is not None and len(found) > 1:
                _not_held(opinions, found, side, notes)
            continue
        o = out[found[0]]
        held = _held(o, ceiling, side)
        if held is None:
            continue
        out[found[0]] = held
        if notes is None:
            continue
        word = "supports" if side > 0 else "denies"
        notes.append(
            f"uncorroborated: one independent line of reporting {word} it; "
            + (
                f"held at P={held.probability:.2f} (uncorroborated ceiling), "
                f"not {o.probability:.3f}"
                if (o.disbelief if side > 0 else o.belief) == 0.0
                else f"its evidence that way held to P={bound:.2f} alone "
                "at even odds (uncorroborated ceiling)"
            )
        )
    return out


def _not_held(
    opinions: list[Opinion], found: list[int], side: int, notes: list[str]
) -> None:
    """
    Say why the ceiling does not hold the one line of reporting that leans
    to *side*, when lines carrying evidence both ways are the others with
    evidence that way (*found*): a line counts on each side it has evidence
    for, while corroboration counts the lines that lean a side.
    """
    leaning = [i for i in found if opinions[i].side == side]
    if len(leaning) != 1:
        return
    word = "for" if side > 0 else "against"
    notes.append(
        f"not held at the uncorroborated ceiling: {len(found)} independent "
        f"lines of reporting carry evidence {word} it, though one leans that "
        "way (a line carrying evidence both ways, such as a relay carrying "
        "both parties' words, counts on each side)"
    )


def _held(opinion: Opinion, ceiling: float, side: int) -> Opinion | None:
    """
    *opinion*'s evidence on *side* held to the evidence that, alone and at
    even odds (base rate 1/2), gives *ceiling* towards *side* (P = *ceiling*
    for, P = 1 - *ceiling* against), or ``None`` if it is within it already.

    The cap is on evidence, not on probability, so it means the same at
    every base rate: a claim with a lower prior never reads higher on the
    same lines (at base rate *a*, one line alone gives at most
    ``c' + a * (1 - c')`` with ``c' = 2 * ceiling - 1``). An opinion with
    no evidence the other way, or no uncertainty, is drawn towards its base
    rate until that side holds the cap (never past it by a rounding error);
    otherwise that side's evidence is cut to the cap and the other side's
    is kept.
    """
    if ceiling >= 1.0:
        return None
    w = _PRIOR_WEIGHT
    cap = max(0.0, w * (ceiling - 0.5) / (1.0 - ceiling))
    b, d, u = opinion.belief, opinion.disbelief, opinion.uncertainty
    mass = b if side > 0 else d
    if mass == 0.0:
        return None
    if (d if side > 0 else b) == 0.0 or u == 0.0:
        # Discounted by k, the side's evidence is w*k*mass / (1 - k*(b+d)).
        if u > 0.0 and w * mass / u <= cap:
            return None
        k = cap / (w * mass + cap * (b + d))
        held = discount_by(k, opinion)
        while (held.belief if side > 0 else held.disbelief) * w > cap * (
            held.uncertainty
        ) and k > 0.0:
            k = math.nextafter(k, 0.0)
            held = discount_by(k, opinion)
        return held
    r, s = opinion.to_evidence()
    if side > 0:
        return (
            Opinion.from_evidence(cap, s, base_rate=opinion.base_rate)
            if r > cap
            else None
        )
    return (
        Opinion.from_evidence(r, cap, base_rate=opinion.base_rate) if s > cap else None
    )


def _conflict_of(items: Iterable[_Item]) -> float:
    """
    Rule 4: how flatly counted lines contradict each other, in [0, 1].

    For a line asserting and a line denying: the distance between their
    stances' probabilities (before discounting: a flat CT+ against CT- is
    0.9) times the product of their weights over the square of the largest
    weight, so that equally trusted sources contradicting each other read
    high, a credible source against a barely credible one little, and lines
    that agree zero. The largest pair is found from the heaviest line per
    stance on each side, in one pass.
    """
    return _conflict(
        [
            (item.stance.side, item.stance.probability, item.weight)
            for item in items
            if item.excluded is None
        ]
    )


def _conflict(lines: Iterable[tuple[int, float, float]]) -> float:
    """
    `_conflict_of` on the counted lines' stances (side and probability)
    and weights.
    """
    heaviest: dict[tuple[int, float], float] = {}
    top = 0.0
    for side, probability, weight_ in lines:
        if side == 0:
            continue
        key = (side, probability)
        heaviest[key] = max(heaviest.get(key, 0.0), weight_)
        top = max(top, weight_)
    if top <= 0.0:
        return 0.0
    largest = 0.0
    for (side, p), weight in heaviest.items():
        if side < 0:
            continue
        for (other, q), against in heaviest.items():
            if other > 0:
                continue
            largest = max(largest, abs(p - q) * (weight / top) * (against / top))
    return min(max(largest, 0.0), 1.0)


# Rule 5: the claim's information credibility.


def _latest_counted(items: Iterable[_Item]) -> dt.date | None:
    """
    The day of the latest of *items* that counts: a statement that commits
    to nothing, or counts nothing, does not age the rest.
    """
    return max(
        (item.statement.made_on for item in items if item.excluded is None),
        default=None,
    )


def _credibility_of(
    items: Sequence[_Item], opinion: Opinion, corroboration: int, policy: Policy
) -> int | None:
    """
    The claim's information credibility: the grades of the counted lines
    that agree with the verdict, read by
    `provenance.credibility.claim_credibility`.
    """
    side = opinion.verdict_side
    grades = [
        item.statement.credibility
        for item in items
        if item.statement.credibility is not None
        and item.excluded is None
        and side != 0
        and item.stance.side == side
    ]
    if not grades:
        return None
    firm = {
        item.group
        for item in items
        if item.excluded is None
        and item.stance.side == side
        and _firm(item.statement.stance)
    }
    confirming = min(corroboration, len(firm))
    return claim_credibility(grades, confirming, policy.corroboration)


def _firm(stance: Stance) -> bool:
    """
    Whether *stance* confirms what it agrees with: said as certain or
    probable, not as merely possible ("suggested", "hinted").
    """
    return stance.modality is Modality.CERTAIN or stance.modality is Modality.PROBABLE


def _best_graded(lines: Iterable[Line], opinion: Opinion) -> Line | None:
    """
    The counted, graded line agreeing with *opinion* with the best grade
    (the heaviest of those).
    """
    side = opinion.verdict_side
    graded = [
        line
        for line in lines
        if line.counted
        and line.statement.credibility is not None
        and side != 0
        and line.stance.side == side
    ]
    return min(
        graded,
        key=lambda line: (line.statement.credibility, -line.weight),
        default=None,
    )


def _letter(policy: Policy, line: Line) -> str:
    """
    The reliability letter of *line*'s originator (`Policy.grade_letter`;
    for hearsay, the grade whose trust the unnamed source was given), else F
    (cannot be judged).
    """
    if line.hearsay is None:
        letter = policy.grade_letter(line.statement.source)
    else:
        trust = line.trust.opinion
        letter = next(
            (key for key, grade in policy.grades.items() if grade.opinion == trust),
            None,
        )
    return "F" if letter is None else letter


# The explanation: the same rules, with every part kept.


class _Explained(NamedTuple):
    lines: tuple[Line, ...]
    units: tuple[Group | Conduit, ...]
    notes: tuple[str, ...]


def _explain(
    claim: Claim,
    evidence: Evidence,
    policy: Policy,
    as_of: dt.date | None,
    context: _Context | None,
) -> _Explained:
    engine = _Engine(policy, as_of)
    if context is None:
        base_rate = policy.base_rate_of(claim)
        items = engine.items(claim, evidence, base_rate)
        notes: tuple[str, ...] = ()
    else:
        base_rate = context.base_rate
        items = engine.related_items(
            claim,
            context.own,
            context.borrowed,
            base_rate,
            context.parties,
            reference=context.reference,
        )
        notes = context.notes
    fused = _fuse(items, policy, base_rate)
    lines = {id(item): _line(item) for item in items}
    units: list[Group | Conduit] = []
    for conduit, groups, opinion, _ in fused.units:
        made = tuple(
            Group(
                source=g.source,
                lines=tuple(lines[id(item)] for item in g.items),
                opinion=g.opinion,
                conflict=g.conflict,
            )
            for g in groups
        )
        if conduit is None:
            units.extend(made)
        else:
            units.append(
                Conduit(
                    source=conduit[0], trust=conduit[1], groups=made, opinion=opinion
                )
            )
    return _Explained(tuple(lines.values()), tuple(units), (*fused.notes, *notes))


def _line(item: _Item) -> Line:
    return Line(
        statement=item.statement,
        route=item.route,
        route_count=item.routes,
        stance=item.stance,
        trust=item.trust,
        hearsay=item.hearsay,
        interest=item.interest,
        relays=item.relays,
        route_trust=item.route_trust,
        weight=item.weight,
        opinion=item.opinion,
        group=item.group_source,
        conduit=None if item.conduit is None else item.conduit[0],
        excluded=item.excluded,
        decay=item.decay,
        credibility=item.credibility,
        flow=item.flow,
        rests_on=item.rests_on,
    )
