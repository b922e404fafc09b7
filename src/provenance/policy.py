"""
The confidence-propagation rules: an immutable `Policy` users swap or evolve.

Every default below is a deliberate, documented choice (see
``docs/confidence.md``); none is a constant of nature. Change one with
`attrs.evolve` or the ``with_`` methods that return a new policy
(`Policy.with_trust`, `Policy.with_grade`, `Policy.with_relay_trust`,
`Policy.with_base_rate`, `Policy.with_track_record`,
`Policy.with_half_life`). The tables and
operators it composes live in their own modules: `provenance.trust` (trust
by kind), `provenance.grades` (Admiralty grades), `provenance.track`
(track records), `provenance.estimative` (ICD 203 words) and
`provenance.opinion` (fusion and discounting).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from provenance._frozen import FrozenMap, frozen_map, sort_key
from provenance._validators import (
    exactly,
    instance_of,
    is_day,
    kept_text,
    to_day,
    to_float,
    to_text,
    unit_interval,
)
from provenance.claims import Claim
from provenance.credibility import ADMIRALTY_CREDIBILITY, Credibility
from provenance.errors import InvalidValueError
from provenance.estimative import (
    ICD_203,
    check_confidence_arguments,
    check_probability,
    confidence_word,
    phrase_for,
)
from provenance.grades import ADMIRALTY_GRADES, Grade
from provenance.opinion import Discounting, Fusion, Opinion, cumulative_fuse
from provenance.sources import Source, SourceKind
from provenance.stances import FactBank, Polarity, Stance
from provenance.track import TrackRecord
from provenance.trust import KIND_TRUST, RELAY_KIND_TRUST, Trust


__all__ = [
    "DEFAULT_POLICY",
    "UNNAMED_SOURCES",
    "Decay",
    "Dependency",
    "Interest",
    "Policy",
    "learned",
]


#: The group of every hearsay line ("reportedly", "according to officials")
#: and of every unnamed source affiliated with nothing ("a senior official",
#: "a person familiar with the matter"): unnamed sources cannot be told
#: apart, so several outlets' unnamed sources may be one rumour going round
#: (circular reporting) and count as one line of reporting, their lines
#: averaged, however each outlet describes them.
UNNAMED_SOURCES: Final = Source(name="unnamed sources", kind=SourceKind.UNNAMED_PERSON)
_UNNAMED: Final = frozenset({SourceKind.UNNAMED_PERSON, SourceKind.ANONYMOUS_GROUP})


class Dependency(enum.Enum):
    """
    Which originating statements count as dependent evidence, to be averaged
    rather than added up. Unless none is, the unnamed sources affiliated
    with nothing are one group (`UNNAMED_SOURCES`): how a reporter words an
    anonymous source does not tell one from another.
    """

    #: Sources with the same root affiliation (two offices of one
    #: government) are one line of evidence.
    ROOT_AFFILIATION = "root_affiliation"
    #: Only statements by the same source are dependent.
    SOURCE = "source"
    #: Every originating statement is independent.
    NONE = "none"

    def group_of(self, source: Source) -> Source | None:
        """
        The source that names *source*'s group; ``None`` for no grouping.
        """
        if self is Dependency.NONE:
            return None
        if source.affiliation is None and source.kind in _UNNAMED:
            return UNNAMED_SOURCES
        if self is Dependency.ROOT_AFFILIATION:
            return source.root
        return source


@attrs.frozen
class Interest:
    """
    A speaker's stake in what it says: it is (or shares its root affiliation
    with) a party to the claim.

    Attributes:
        party: The party to the claim the speaker acts for.
        serving: Whether the statement serves the party (a denial of what
            accuses it); otherwise it is against the party's interest.
        factor: What the line's weight is multiplied by.
    """

    party: Source
    serving: bool
    factor: float

    @property
    def reason(self) -> str:
        """
        The rule, in words.
        """
        if self.serving:
            return f"self-serving for {self.party.name}: weight x {self.factor:g}"
        return f"against the interest of {self.party.name}: weight x {self.factor:g}"


@attrs.frozen(kw_only=True)
class Decay:
    """
    How much a line has aged: made *age* days before the *reference* date,
    it counts ``0.5 ** (age / half_life)`` of its weight.

    Attributes:
        made_on: When the statement was made.
        reference: The day its age is measured to: the assessment's *as_of*,
            else the day of the claim's latest statement.
        half_life: The half-life that applies to the claim.
        factor: What the line's weight is multiplied by, in (0, 1].

    >>> import datetime as dt
    >>> old = Decay.of(dt.date(2024, 3, 3), dt.date(2024, 6, 1), dt.timedelta(30))
    >>> old.reason
    'made 90 days before 2024-06-01, half-life 30 days: x0.125'
    """

    made_on: dt.date
    reference: dt.date
    half_life: dt.timedelta
    factor: float

    @classmethod
    def of(cls, made_on: dt.date, reference: dt.date, half_life: dt.timedelta) -> Decay:
        """
        The decay of a line made on *made_on*, measured to *reference*
        (never negative: a line is never fresher than fresh).
        """
        age = max(reference - made_on, dt.timedelta(0))
        return cls(
            made_on=made_on,
            reference=reference,
            half_life=half_life,
            factor=0.5 ** (age / half_life),
        )

    @property
    def reason(self) -> str:
        """
        The rule, in words.
        """
        age = max(self.reference - self.made_on, dt.timedelta(0))
        return (
            f"made {_days(age)} before {self.reference.isoformat()}, "
            f"half-life {_days(self.half_life)}: x{self.factor:.3g}"
        )


def _days(span: dt.timedelta) -> str:
    days = span / dt.timedelta(days=1)
    return f"{days:g} day" if days == 1 else f"{days:g} days"


def _default_stances() -> dict[FactBank, Opinion]:
    return {
        # A hedge is uncertainty, not evidence against: an assertion, however
        # weak, carries no disbelief (and a denial no belief), so an added
        # independent assertion can never lower a claim's probability.
        # Certain: strong belief, kept short of dogmatic; a speaker's
        # commitment is not proof (P = 0.95 at base rate 1/2).
        FactBank.CT_PLUS: Opinion(0.90, 0.00, 0.10),
        # Probable: P = 0.80, within ICD 203 "likely".
        FactBank.PR_PLUS: Opinion(0.60, 0.00, 0.40),
        # Possible: a lean, mostly uncommitted (P = 0.65).
        FactBank.PS_PLUS: Opinion(0.30, 0.00, 0.70),
        # No commitment at all.
        FactBank.UU: Opinion(0.0, 0.0, 1.0),
        # The negative side mirrors the positive.
        FactBank.PS_MINUS: Opinion(0.00, 0.30, 0.70),
        FactBank.PR_MINUS: Opinion(0.00, 0.60, 0.40),
        FactBank.CT_MINUS: Opinion(0.00, 0.90, 0.10),
    }


def _real(value: Any) -> Any:
    """
    Converter: `to_float`, with -0.0 made 0.0 (equal, but written
    differently), so that equal policies give identical documents.
    """
    value = to_float(value)
    # Only a zero changes (0.0 + 0.0 would be a new object): an unchanged
    # number stays the same object, so an unchanged table is passed on.
    return 0.0 if type(value) is float and not value else value


def _span(value: dt.timedelta | None) -> dt.timedelta | None:
    """
    Converter: an instance of a subclass of ``datetime.timedelta`` becomes a
    plain timedelta, as `to_day` makes a plain date, so that no subclass
    decides how the span compares or is written; anything else passes
    through for the validator.
    """
    if isinstance(value, dt.timedelta) and type(value) is not dt.timedelta:
        return dt.timedelta(
            days=value.days, seconds=value.seconds, microseconds=value.microseconds
        )
    return value


def _table(
    table: Any,
    key: Callable[[Any], Any] | None = None,
    value: Callable[[Any], Any] | None = None,
) -> Any:
    """
    Converter body: a mapping becomes a `FrozenMap`, its keys and values
    normalised by *key* and *value* (plain strings, floats, timedeltas) so
    that equal tables are written alike; anything else passes through.
    """
    if not isinstance(table, Mapping):
        return table
    pairs = [
        (k if key is None else key(k), v if value is None else value(v))
        for k, v in table.items()
    ]
    if isinstance(table, FrozenMap) and all(
        k is old_k and v is old_v
        for (k, v), (old_k, old_v) in zip(pairs, table.items(), strict=True)
    ):
        return table  # Already normal: attrs.evolve passes every table on.
    return frozen_map(dict(pairs))


def _to_grades(value: Any) -> Any:
    return _table(value, key=to_text)


def _to_source_grades(value: Any) -> Any:
    return _table(value, value=to_text)


def _to_base_rates(value: Any) -> Any:
    return _table(value, value=_real)


def _to_half_lives(value: Any) -> Any:
    return _table(value, value=_span)


def _to_credibility(value: Any) -> Any:
    return _table(value, key=_to_int)


def _to_int(value: Any) -> Any:
    # An int subclass (an IntEnum member) would write its own str().
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__index__(value)
    return value


def _table_of(
    keys: tuple[type, ...], values: tuple[type, ...], what: str
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """
    Validator: a `FrozenMap` whose keys and values are of exactly one of
    *keys* and *values* (``type(None)`` for ``None``), not of a subclass, as
    records take their sources and claims: a subclass of `Source` keyed
    here would never equal a ledger's source, and one of `Opinion` would
    not survive a document. *what* reads "keys to values" in messages.
    """
    key_what, _, value_what = what.partition(" to ")

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        path = f"{type(instance).__name__}.{attribute.name}"
        if not isinstance(value, FrozenMap):
            msg = f"must be a mapping of {what}"
            raise InvalidValueError(msg, path, value)
        for key, item in value.items():
            if type(key) not in keys:
                msg = f"keys must be {key_what}"
                raise InvalidValueError(msg, path, key)
            if type(item) not in values:
                msg = f"values must be {value_what}"
                raise InvalidValueError(msg, f"{path}[{sort_key(key)[:16]}]", item)

    return check


def _grade_table(_instance: Policy, _attribute: object, value: Any) -> None:
    for letter, grade in value.items():
        if grade.letter != letter:
            msg = "a grade must be filed under its own letter"
            raise InvalidValueError(msg, f"Policy.grades[{letter}]", grade.letter)


def _grade_letter(instance: Policy, _attribute: object, value: Any) -> None:
    for source, letter in value.items():
        if letter not in instance.grades:
            msg = f"must be one of {', '.join(instance.grades)}"
            raise InvalidValueError(msg, f"Policy.source_grades[{source}]", letter)


def _credibility_table(_instance: Policy, _attribute: object, value: Any) -> None:
    grades = set(range(1, 7))
    if set(value) != grades:
        msg = "the credibility table needs every grade from 1 to 6, and no other"
        raise InvalidValueError(msg, "Policy.credibility", sorted(value))
    for grade, credibility in value.items():
        if credibility.grade != grade:
            msg = "a credibility must be filed under its own grade"
            raise InvalidValueError(
                msg, f"Policy.credibility[{grade}]", credibility.grade
            )


def _stance_table(_instance: Policy, _attribute: object, value: Any) -> None:
    missing = set(FactBank) - set(value)
    if missing:
        msg = "the stance table needs every FactBank value"
        raise InvalidValueError(msg, "Policy.stances", sorted(v.value for v in missing))


def _words_table(_instance: Policy, _attribute: object, value: Any) -> None:
    # `_to_words` passes a table it cannot convert through unchanged, so the
    # shape is checked before anything unpacks a pair.
    paired = isinstance(value, tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2  # noqa: PLR2004
        for pair in value
    )
    bounds = [bound for bound, _ in value] if paired else []
    if (
        not paired
        or not value
        or any(not isinstance(w, str) or not w for _, w in value)
        or any(not isinstance(b, float) or not 0 <= b <= 1 for b in bounds)
        # Strictly: a phrase whose bound ties the one before is never used.
        or any(low >= high for low, high in itertools.pairwise(bounds))
        or bounds[-1] != 1.0
    ):
        msg = "must be (upper bound, phrase) pairs with rising bounds ending at 1"
        raise InvalidValueError(msg, "Policy.words", value)
    for index, (_, phrase) in enumerate(value):
        # Published as a claim's words: checked as a name is.
        if not kept_text(phrase):
            msg = "a phrase must have a visible character"
            raise InvalidValueError(msg, f"Policy.words[{index}]", phrase)


def _to_words(value: Any) -> Any:
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        try:
            return tuple((_real(b), to_text(w)) for b, w in value)
        except (TypeError, ValueError):
            return value
    return value


def _confidence_table(
    _instance: Policy, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if (
        not isinstance(value, tuple)
        or len(value) != 2  # noqa: PLR2004
        or not all(isinstance(v, float) for v in value)
        or not 0.0 <= value[0] <= value[1] <= 1.0
    ):
        msg = "must be thresholds (high, moderate) with 0 <= high <= moderate <= 1"
        raise InvalidValueError(msg, f"Policy.{attribute.name}", value)


def _optional_unit_interval(
    instance: Policy, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value is not None:
        unit_interval(instance, attribute, value)


def _half_life(value: Any, path: str) -> None:
    if value is not None and (
        not isinstance(value, dt.timedelta) or value <= dt.timedelta(0)
    ):
        msg = "must be a positive datetime.timedelta or None"
        raise InvalidValueError(msg, path, value)


def _policy_half_life(
    _instance: Policy, attribute: attrs.Attribute[Any], value: Any
) -> None:
    _half_life(value, f"Policy.{attribute.name}")


def _claim_half_lives(_instance: Policy, _attribute: object, value: Any) -> None:
    for claim, half_life in value.items():
        _half_life(half_life, f"Policy.claim_half_lives[{claim.key or claim.id}]")


def _boolean(_instance: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not bool:
        msg = "must be True or False"
        raise InvalidValueError(msg, f"Policy.{attribute.name}", value)


def _count(_instance: Policy, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or not 1 <= value <= 1000:  # noqa: PLR2004
        msg = "must be a whole number from 1 to 1000"
        raise InvalidValueError(msg, f"Policy.{attribute.name}", value)


def _to_pair(value: Any) -> Any:
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return tuple(_real(v) for v in value)
    return value


@attrs.frozen(kw_only=True, cache_hash=True)
class Policy:
    """
    The rules that turn a ledger into opinions; every number it uses is here.

    Attributes:
        stances: FactBank value to the source's own opinion of the claim
            (its base rate is replaced by the claim's).
        kind_trust: Trust in an originating source, by kind.
        source_trust: Per-source trust overrides (the strongest rule).
        track_record: Sources' records of being right (`TrackRecord`): a
            source with outcomes known by the assessment date is trusted
            with its prior (grade or kind default) fused with the record's
            Beta evidence. ``None`` for no records.
        grades: Admiralty reliability grades, by letter.
        source_grades: Admiralty grade per source (used unless overridden).
        relay_kind_trust: Trust in a relay as a faithful reporter, by kind.
        relay_source_trust: Per-source relay trust overrides.
        self_serving_factor: Multiplies the weight of a self-serving line: a
            party to the claim (a source sharing its root affiliation with
            one) denying what accuses it, or asserting what favours it; also
            applied when a relay is such a party.
        against_interest_factor: Multiplies the weight of a line against the
            speaker's interest (a party admitting what accuses it).
        dependency: Which originators are one group of dependent evidence.
        within_group: How lines in one group are fused (strongest: per side
            the strongest line, so saying the same thing twice counts once
            and a weaker agreeing line never dilutes).
        across_groups: How independent groups are fused (cumulative: their
            evidence adds up).
        uncorroborated_ceiling: The highest probability one independent line
            of reporting alone can give a claim of base rate 1/2 (and,
            mirrored, the lowest): one uncorroborated report is at most
            "likely". What is held is the line's evidence, so at base rate
            *a* the bounds are ``a + c' * (1 - a)`` and ``a * (1 - c')``,
            with ``c' = 2 * ceiling - 1``. ``None`` for no ceiling.
        base_rate: The prior probability of a claim, unless set per claim.
        claim_base_rates: Per-claim base rates.
        half_life: Time decay, off by default (``None``): a line made *age*
            before the reference date (the assessment's *as_of*, else the
            claim's latest statement) counts ``0.5 ** (age / half_life)`` of
            its weight. Claims about past events (an ``occurred`` span that
            ends before the reference date) do not decay under it.
        claim_half_lives: Per-claim half-lives, overriding *half_life*
            (``None`` for no decay), past event or not.
        discounting: The trust-discounting operator.
        words: Estimative words as (upper bound, phrase), default ICD 203:
            bounds strictly rising to 1, each phrase with a visible
            character (held in NFC, as names are).
        confidence: Uncertainty thresholds (high, moderate) for the
            analytic-confidence word.
        conflict_thresholds: Conflict thresholds (high, moderate) for it.
        corroboration: How many independent lines of reporting must agree
            for "high" confidence. High needs that many, uncertainty and
            conflict below the first thresholds; moderate needs both below
            the second; low otherwise. As many confirm a claim's information
            (credibility 1).
        credibility: Admiralty information-credibility grades, 1 to 6: what
            an analyst's grading of a statement does to its line
            (`provenance.credibility`).
        relate_quantities: Relate claims whose quantities share subject and
            unit by their bounds (off by default): one whose range lies
            inside another's entails it, equal ranges are equivalent, and
            ranges that cannot both hold contradict each other (support for
            one counts against the other).
        about_margin: How far "about" reaches either side of its value, as a
            fraction of it (0.1: "about 150" is 135 to 165).
    """

    stances: Mapping[FactBank, Opinion] = attrs.field(
        factory=_default_stances,
        converter=frozen_map,
        validator=[
            _table_of((FactBank,), (Opinion,), "FactBank to Opinion"),
            _stance_table,
        ],
    )
    kind_trust: Mapping[SourceKind, Opinion] = attrs.field(
        default=KIND_TRUST,
        converter=frozen_map,
        validator=_table_of((SourceKind,), (Opinion,), "SourceKind to Opinion"),
    )
    source_trust: Mapping[Source, Opinion] = attrs.field(
        factory=dict,
        converter=frozen_map,
        validator=_table_of((Source,), (Opinion,), "Source to Opinion"),
    )
    track_record: TrackRecord | None = attrs.field(
        default=None, validator=exactly(TrackRecord, type(None))
    )
    grades: Mapping[str, Grade] = attrs.field(
        default=ADMIRALTY_GRADES,
        converter=_to_grades,
        validator=[_table_of((str,), (Grade,), "grade letters to Grade"), _grade_table],
    )
    source_grades: Mapping[Source, str] = attrs.field(
        factory=dict,
        converter=_to_source_grades,
        validator=[
            _table_of((Source,), (str,), "Source to grade letter"),
            _grade_letter,
        ],
    )
    relay_kind_trust: Mapping[SourceKind, Opinion] = attrs.field(
        default=RELAY_KIND_TRUST,
        converter=frozen_map,
        validator=_table_of((SourceKind,), (Opinion,), "SourceKind to Opinion"),
    )
    relay_source_trust: Mapping[Source, Opinion] = attrs.field(
        factory=dict,
        converter=frozen_map,
        validator=_table_of((Source,), (Opinion,), "Source to Opinion"),
    )
    self_serving_factor: float = attrs.field(
        default=0.1, converter=_real, validator=unit_interval
    )
    against_interest_factor: float = attrs.field(
        default=1.0, converter=_real, validator=unit_interval
    )
    dependency: Dependency = attrs.field(
        default=Dependency.ROOT_AFFILIATION,
        validator=instance_of(Dependency),
    )
    within_group: Fusion = attrs.field(
        default=Fusion.STRONGEST, validator=instance_of(Fusion)
    )
    across_groups: Fusion = attrs.field(
        default=Fusion.CUMULATIVE, validator=instance_of(Fusion)
    )
    base_rate: float = attrs.field(
        default=0.5, converter=_real, validator=unit_interval
    )
    claim_base_rates: Mapping[Claim, float] = attrs.field(
        factory=dict,
        converter=_to_base_rates,
        validator=_table_of((Claim,), (float,), "Claim to float"),
    )
    half_life: dt.timedelta | None = attrs.field(
        default=None, converter=_span, validator=_policy_half_life
    )
    claim_half_lives: Mapping[Claim, dt.timedelta | None] = attrs.field(
        factory=dict,
        converter=_to_half_lives,
        validator=[
            _table_of((Claim,), (dt.timedelta, type(None)), "Claim to timedelta"),
            _claim_half_lives,
        ],
    )
    discounting: Discounting = attrs.field(
        default=Discounting.PROBABILITY_SENSITIVE,
        validator=instance_of(Discounting),
    )
    words: tuple[tuple[float, str], ...] = attrs.field(
        default=ICD_203, converter=_to_words, validator=_words_table
    )
    uncorroborated_ceiling: float | None = attrs.field(
        default=0.8,
        converter=attrs.converters.optional(_real),
        validator=_optional_unit_interval,
    )
    confidence: tuple[float, float] = attrs.field(
        default=(0.2, 0.5), converter=_to_pair, validator=_confidence_table
    )
    conflict_thresholds: tuple[float, float] = attrs.field(
        default=(0.2, 0.5), converter=_to_pair, validator=_confidence_table
    )
    corroboration: int = attrs.field(default=2, validator=_count)
    credibility: Mapping[int, Credibility] = attrs.field(
        default=ADMIRALTY_CREDIBILITY,
        converter=_to_credibility,
        validator=[
            _table_of((int,), (Credibility,), "grades to Credibility"),
            _credibility_table,
        ],
    )

    relate_quantities: bool = attrs.field(default=False, validator=_boolean)
    about_margin: float = attrs.field(
        default=0.1, converter=_real, validator=unit_interval
    )

    def __attrs_post_init__(self) -> None:
        for name in ("kind_trust", "relay_kind_trust"):
            missing = set(SourceKind) - set(getattr(self, name))
            if missing:
                msg = "needs a trust opinion for every SourceKind"
                raise InvalidValueError(
                    msg, f"Policy.{name}", sorted(k.value for k in missing)
                )
        for rate in self.claim_base_rates.values():
            if not 0.0 <= rate <= 1.0:
                msg = "base rates must be in [0, 1]"
                raise InvalidValueError(msg, "Policy.claim_base_rates", rate)

    # Ways to change one rule; each returns a new policy.

    def with_trust(self, source: Source, opinion: Opinion) -> Policy:
        """
        A policy that trusts *source*, as an originator, with *opinion*,
        whatever its grade and kind.
        """
        _expect_source(source, "Policy.with_trust")
        return attrs.evolve(self, source_trust={**self.source_trust, source: opinion})

    def with_grade(self, source: Source, letter: str) -> Policy:
        """
        A policy that rates *source*'s reliability with the grade of *letter*
        in `grades` (Admiralty, by default), as originator and relay.

        Raises:
            InvalidValueError: *letter* is not one of the policy's grades.
        """
        _expect_source(source, "Policy.with_grade")
        return attrs.evolve(self, source_grades={**self.source_grades, source: letter})

    def with_relay_trust(self, source: Source, opinion: Opinion) -> Policy:
        """
        A policy that trusts *source* as a relay with *opinion*, whatever its
        grade and kind.
        """
        _expect_source(source, "Policy.with_relay_trust")
        return attrs.evolve(
            self, relay_source_trust={**self.relay_source_trust, source: opinion}
        )

    def with_track_record(self, record: TrackRecord | None) -> Policy:
        """
        A policy that learns trust in originators from *record* (``None``
        for none): see `Policy.trust_in`.

        .. versionadded:: unreleased
        """
        return attrs.evolve(self, track_record=record)

    def with_base_rate(self, claim: Claim, base_rate: float) -> Policy:
        """
        A policy with prior probability *base_rate* for *claim*.
        """
        _expect_claim(claim, "Policy.with_base_rate")
        return attrs.evolve(
            self, claim_base_rates={**self.claim_base_rates, claim: base_rate}
        )

    def with_half_life(self, claim: Claim, half_life: dt.timedelta | None) -> Policy:
        """
        A policy in which reporting on *claim* decays with *half_life*
        (``None``: it does not decay), whatever `half_life` says and
        whether or not the claim is about a past event.

        Raises:
            InvalidValueError: *half_life* is not a positive timedelta.

        >>> import datetime as dt
        >>> troops = Claim(text="Troops are massing at the border")
        >>> policy = DEFAULT_POLICY.with_half_life(troops, dt.timedelta(days=30))
        >>> policy.half_life_of(troops, dt.date(2024, 6, 1))
        datetime.timedelta(days=30)
        """
        _expect_claim(claim, "Policy.with_half_life")
        return attrs.evolve(
            self, claim_half_lives={**self.claim_half_lives, claim: half_life}
        )

    # The rules, one question each.

    def half_life_of(self, claim: Claim, reference: dt.date) -> dt.timedelta | None:
        """
        The half-life of reporting on *claim*, its age measured to
        *reference*: the claim's own setting, else `half_life` unless the
        claim is about a past event (its ``occurred`` span ends before
        *reference*), else ``None`` (no decay).
        """
        if type(claim) is not Claim:
            _expect_claim(claim, "Policy.half_life_of")
        reference = _expect_day(reference, "Policy.half_life_of.reference")
        if claim in self.claim_half_lives:
            return self.claim_half_lives[claim]
        if self.half_life is None:
            return None
        occurred = claim.occurred
        if occurred is not None:
            latest = occurred.latest
            if latest is not None and latest < reference:
                return None
        return self.half_life

    def base_rate_of(self, claim: Claim) -> float:
        """
        The prior probability of *claim*.
        """
        if type(claim) is not Claim:
            _expect_claim(claim, "Policy.base_rate_of")
        return self.claim_base_rates.get(claim, self.base_rate)

    def stance_opinion(self, stance: Stance, base_rate: float) -> Opinion:
        """
        The opinion a source holds of a claim, given its *stance*.
        """
        if type(stance) is not Stance:
            msg = "must be a Stance"
            raise InvalidValueError(msg, "Policy.stance_opinion.stance", stance)
        if type(base_rate) is not float or not 0.0 <= base_rate <= 1.0:
            path = "Policy.stance_opinion.base_rate"
            base_rate = check_probability(base_rate, path)
        return attrs.evolve(self.stances[stance.factbank], base_rate=base_rate)

    def trust_in(self, source: Source, *, as_of: dt.date | None = None) -> Trust:
        """
        The trust in *source* as an originator, and the rule that gave it:
        a per-source override, else its prior (its Admiralty grade, else its
        kind's default, capped at the trust in any government it is
        affiliated with: a state's mouthpiece is trusted no more than the
        state) with its track record, if the policy has one, fused in.

        Only outcomes known on or before *as_of* count (all when ``None``):
        the record never uses hindsight.
        """
        if type(source) is not Source:
            _expect_source(source, "Policy.trust_in")
        if as_of is not None:
            as_of = _expect_day(as_of, "Policy.trust_in.as_of")
        override = self.source_trust.get(source)
        if override is not None:
            return Trust(override, f"override for {source.name}")
        grade = self._grade_of(source)
        if grade is not None:
            prior = Trust(grade.opinion, grade.reason)
        else:
            default = Trust(
                self.kind_trust[source.kind], f"default for {_kind(source)}"
            )
            if self.track_record is None:
                prior = _capped(source, default, self.trust_in)
            else:
                prior = _capped(
                    source, default, lambda s: self.trust_in(s, as_of=as_of)
                )
        if self.track_record is None:
            return prior
        # The engine's sources and days are checked: the unchecked tally.
        tally = self.track_record._tally(source, as_of)  # noqa: SLF001
        return learned(prior, *tally, as_of)

    def relay_trust_in(self, source: Source) -> Trust:
        """
        The trust in *source* as a faithful relay, and the rule that gave it:
        a per-source relay override, else its Admiralty grade's trust as a
        relay (`Grade.as_relay`; every Admiralty grade holds in both roles),
        else its kind's relay default, capped at the relay trust in any
        government it is affiliated with.
        """
        if type(source) is not Source:
            _expect_source(source, "Policy.relay_trust_in")
        override = self.relay_source_trust.get(source)
        if override is not None:
            return Trust(override, f"relay override for {source.name}")
        grade = self._grade_of(source)
        if grade is not None:
            return Trust(grade.as_relay, grade.reason)
        default = Trust(
            self.relay_kind_trust[source.kind], f"relay default for {_kind(source)}"
        )
        return _capped(source, default, self.relay_trust_in)

    def grade_letter(self, source: Source) -> str | None:
        """
        The letter of *source*'s reliability grade: its own grade, else the
        grade whose trust its trust as an originator equals before any track
        record (B for an agency by default); ``None`` when no grade matches
        (a per-source trust override of no grade's opinion). A track record
        refines the trust, not the letter the analyst or its kind gave.
        """
        _expect_source(source, "Policy.grade_letter")
        override = self.source_trust.get(source)
        if override is None:
            letter = self.source_grades.get(source)
            if letter is not None:
                return letter
            untaught = self
            if self.track_record is not None:
                untaught = attrs.evolve(self, track_record=None)
            trust = untaught.trust_in(source).opinion
        else:
            trust = override
        return next(
            (letter for letter, grade in self.grades.items() if grade.opinion == trust),
            None,
        )

    def _grade_of(self, source: Source) -> Grade | None:
        letter = self.source_grades.get(source)
        return None if letter is None else self.grades[letter]

    def interest(
        self, source: Source, claim: Claim, polarity: Polarity
    ) -> Interest | None:
        """
        How *source*'s interest bears on what it says of *claim* with
        *polarity*: ``None`` unless it is a party (or shares its root
        affiliation with one: a state's ministries and agencies are one
        party) and commits either way.

        A party in ``claim.about`` is presumed to be one the claim accuses
        or harms; a party in ``claim.favours`` one it helps. Denying what
        accuses you, or asserting what favours you, is self-serving;
        the opposite is a statement against interest.
        """
        if type(source) is not Source:
            _expect_source(source, "Policy.interest.source")
        if type(claim) is not Claim:
            _expect_claim(claim, "Policy.interest.claim")
        if type(polarity) is not Polarity:
            msg = "must be a Polarity"
            raise InvalidValueError(msg, "Policy.interest.polarity", polarity)
        if polarity is Polarity.UNKNOWN:
            return None
        root = source.root
        found: tuple[float, bool, str, Interest] | None = None
        for party, harmed in _parties(claim):
            if party.root != root:
                continue
            serving = harmed != (polarity is Polarity.POSITIVE)
            factor = (
                self.self_serving_factor if serving else self.against_interest_factor
            )
            # The strongest factor; of parties alike, the source itself, then
            # the least id: never the order a set of parties happens to have.
            rank = (factor, party != source, party.id)
            if found is None or rank < found[:3]:
                found = (*rank, Interest(party=party, serving=serving, factor=factor))
        return None if found is None else found[3]

    def discount(
        self, trusts: Iterable[Opinion], factor: float, opinion: Opinion
    ) -> Opinion:
        """
        Discount *opinion* by a chain of *trusts* (outermost first) and a
        scalar *factor* in [0, 1], with this policy's operator
        (`Discounting.discount`).
        """
        return self.discounting.discount(trusts, factor, opinion)

    def words_for(self, probability: float) -> str:
        """
        The estimative phrase for *probability*, from this policy's `words`.

        Raises:
            InvalidValueError: *probability* is not a number in [0, 1].
        """
        # The engine calls this for every claim: a plain float in range, as
        # it always passes, costs two comparisons; anything else is checked.
        if type(probability) is not float or not 0.0 <= probability <= 1.0:
            probability = check_probability(probability, "Policy.words_for.probability")
        return phrase_for(probability, self.words)

    def confidence_for(
        self, uncertainty: float, *, conflict: float = 0.0, corroboration: int = 1
    ) -> str:
        """
        The analytic-confidence word (ICD 203) for an evidence base: the
        fused opinion's *uncertainty*, the *conflict* in the evidence and how
        many independent lines of reporting agree (*corroboration*). One
        uncorroborated line is at most "moderate".

        Raises:
            InvalidValueError: *uncertainty* or *conflict* is not a number in
                [0, 1], or *corroboration* is not a whole number >= 0.
        """
        # As words_for: what the engine passes is checked in a few
        # comparisons, anything else in full.
        if (
            type(uncertainty) is not float
            or type(conflict) is not float
            or type(corroboration) is not int
            or not 0.0 <= uncertainty <= 1.0
            or not 0.0 <= conflict <= 1.0
            or corroboration < 0
        ):
            uncertainty, conflict, corroboration = check_confidence_arguments(
                uncertainty, conflict, corroboration, "Policy.confidence_for"
            )
        return confidence_word(
            uncertainty,
            conflict,
            corroboration,
            thresholds=self.confidence,
            conflict_thresholds=self.conflict_thresholds,
            needed=self.corroboration,
        )


def learned(prior: Trust, correct: int, total: int, as_of: dt.date | None) -> Trust:
    """
    The trust rule of a track record: *prior* fused (cumulatively) with the
    Beta evidence of *correct* right and ``total - correct`` wrong outcomes,
    at the prior's base rate; *prior* itself when there are none.

    The prior counts as evidence too, so one right call is not certainty.

    >>> from provenance.trust import Trust
    >>> prior = Trust(Opinion(0.5, 0.2, 0.3), "default for agency")
    >>> trust = learned(prior, 7, 9, dt.date(2024, 3, 1))
    >>> trust.reason
    'track record: correct 7 of 9 times by 2024-03-01, with default for agency'
    >>> round(trust.probability, 3)
    0.723
    """
    if total == 0:
        return prior
    base_rate = prior.opinion.base_rate
    record = Opinion.from_evidence(correct, total - correct, base_rate=base_rate)
    by = "" if as_of is None else f" by {as_of.isoformat()}"
    return Trust(
        cumulative_fuse(prior.opinion, record),
        f"track record: correct {correct} of {total} times{by}, with {prior.reason}",
    )


def _kind(source: Source) -> str:
    return source.kind.value.replace("_", " ")


def _capped(source: Source, trust: Trust, rule: Callable[[Source], Trust]) -> Trust:
    """
    *trust*, or the trust *rule* gives a government *source* is affiliated
    with if that is lower.
    """
    for affiliation in source.affiliations():
        if affiliation.kind is not SourceKind.GOVERNMENT:
            continue
        cap = rule(affiliation)
        if cap.probability < trust.probability:
            trust = Trust(
                cap.opinion,
                f"{trust.reason}, capped at its government's "
                f"({affiliation.name}: {cap.reason})",
            )
    return trust


def _parties(claim: Claim) -> Iterator[tuple[Source, bool]]:
    """
    The parties to *claim*, each with whether the claim harms it.
    """
    for party in claim.about:
        yield party, True
    for party in claim.favours:
        yield party, False


DEFAULT_POLICY: Final = Policy()
"""
The default policy, as documented in ``docs/confidence.md``.
"""


def _expect_source(source: object, path: str) -> None:
    """
    A policy's per-source rules take the `Source` itself: it holds no
    ledger to look a name up in.
    """
    if type(source) is Source:
        return
    if isinstance(source, Source):
        # As records take it: a subclass would never equal a ledger's source.
        msg = "must be Source"
    else:
        msg = (
            "must be a Source (a policy holds no ledger to look a name up in: "
            "pass ledger.source(name))"
        )
    raise InvalidValueError(msg, path, source)


def _expect_day(value: object, path: str) -> dt.date:
    """
    A day a rule is asked about, as a plain date: a ``datetime`` or
    anything else is refused.
    """
    if not is_day(value):
        msg = "must be a datetime.date (a calendar day, not a datetime)"
        raise InvalidValueError(msg, path, value)
    day: dt.date = to_day(value)
    return day


def _expect_claim(claim: object, path: str) -> None:
    """
    A policy's per-claim rules take the `Claim` itself, of exactly that
    class, as `_expect_source` takes a source.
    """
    if type(claim) is Claim:
        return
    if isinstance(claim, Claim):
        msg = "must be Claim"
    else:
        msg = (
            "must be a Claim (a policy holds no ledger to look a key up in: "
            "pass ledger.claim(key))"
        )
    raise InvalidValueError(msg, path, claim)
