"""
The quick path of the assessment engine (`_Engine.quick`: no record per
line) gives, for every claim it takes, the very assessment of the general
path: every number to the bit, the lines, groups, notes and explanation.
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st
from test_scenario_laws import scenarios

from provenance.assessment import (
    Assessment,
    _conflict,
    _conflict_counted,
    _Engine,
    _evidence_of,
    _made,
    assess_all,
)
from provenance.claims import Claim
from provenance.ledger import Ledger
from provenance.opinion import Discounting, Fusion, Opinion
from provenance.policy import DEFAULT_POLICY, Dependency, Interest, Policy
from provenance.records import Report, Statement
from provenance.sources import Source, SourceKind
from provenance.stances import Polarity, Stance
from provenance.testing import ledgers

from cast import Found
from cast import ledger_of as scenario_ledger


POLICIES = [
    DEFAULT_POLICY,
    Policy(dependency=Dependency.SOURCE),
    Policy(dependency=Dependency.NONE),
    Policy(discounting=Discounting.UNCERTAINTY_FAVOURING),
    Policy(uncorroborated_ceiling=None),
    Policy(within_group=Fusion.AVERAGING, across_groups=Fusion.AVERAGING),
    Policy(self_serving_factor=0.0, against_interest_factor=1.0),
]


def parts(opinion: Opinion) -> tuple[str, ...]:
    """
    The opinion's numbers to the bit.
    """
    return tuple(
        float.hex(x)
        for x in (
            opinion.belief,
            opinion.disbelief,
            opinion.uncertainty,
            opinion.base_rate,
        )
    )


def assert_same(quick: Assessment, general: Assessment) -> None:
    assert quick.claim == general.claim
    assert parts(quick.opinion) == parts(general.opinion)
    assert quick.words == general.words
    assert quick.confidence == general.confidence
    assert float.hex(quick.conflict) == float.hex(general.conflict)
    assert quick.corroboration == general.corroboration
    assert quick.credibility == general.credibility
    assert quick.policy is general.policy
    assert quick.as_of == general.as_of
    assert quick._evidence == general._evidence
    assert quick._context == general._context
    assert quick.lines == general.lines
    assert quick.groups == general.groups
    assert quick.units == general.units
    assert quick.notes == general.notes
    assert quick.rating == general.rating
    assert quick.explain() == general.explain()
    assert repr(quick) == repr(general)
    assert quick == general


def compared(ledger: Ledger, policy: Policy, as_of: dt.date | None) -> int:
    """
    Compare the two paths on every claim of *ledger*; how many claims the
    quick path took.
    """
    if as_of is not None:
        ledger = ledger.as_of(as_of)
    engine = _Engine(policy, as_of)
    taken = 0
    every = assess_all(ledger, policy=policy, as_of=as_of)
    for claim in ledger.claims:
        evidence = _evidence_of(ledger, claim)
        quick = engine.quick(claim, evidence)
        if quick is None:
            continue
        taken += 1
        general = _Engine(policy, as_of).general(claim, evidence)
        assert_same(quick, general)
        if not ledger.relations:
            assert_same(every[claim], general)
    return taken


@pytest.mark.slow
def test_quick_equals_general() -> None:
    """
    Over generated ledgers and several policies, the quick path equals the
    general path on every claim it takes; and it takes some.
    """
    taken: list[int] = []

    @settings(max_examples=max(settings().max_examples, 60))
    @given(
        ledgers(),
        st.sampled_from(POLICIES),
        st.none() | st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
        st.booleans(),
    )
    def check(
        ledger: Ledger, policy: Policy, as_of: dt.date | None, rated: bool
    ) -> None:
        if rated and ledger.claims:  # A claim with its own base rate.
            policy = policy.with_base_rate(ledger.claims[0], 0.25)
        taken.append(compared(ledger, policy, as_of))

    check()
    assert sum(taken) > 0


@given(scenarios(), st.sampled_from(POLICIES))
def test_quick_equals_general_in_mixed_scenarios(
    scenario: tuple[Claim, Found], policy: Policy
) -> None:
    """
    The same over the mixed analyst scenarios of the scenario laws
    (governments contradicting themselves, parties, hearsay, grades), which
    hold one claim each.
    """
    _, found = scenario
    compared(scenario_ledger(found), policy, None)


def test_quick_path_taken() -> None:
    """
    A claim with lines in two groups, one relayed and one hearsay, takes the
    quick path and gives the general path's assessment; a retraction, a
    speaker twice or time decay send a claim to the general path.
    """
    government = Source(name="Ruritania", kind=SourceKind.GOVERNMENT)
    ministry = Source(name="Ministry", kind=SourceKind.AGENCY, affiliation=government)
    paper = Source(name="The Daily", kind=SourceKind.MEDIA_OUTLET)
    claim = Claim(text="Troops crossed the border", about=[government])
    day = dt.date(2024, 10, 18)
    said = Statement(
        source=ministry, claim=claim, stance=Stance.from_verb("denied"), made_on=day
    )
    confirmed = Statement(
        source=paper, claim=claim, stance=Stance.from_verb("confirmed"), made_on=day
    )
    relayed = Report(reporter=paper, content=said, made_on=day)
    ledger = Ledger.of([relayed, confirmed])
    assert compared(ledger, DEFAULT_POLICY, None) == 1

    retracted = Statement(
        source=paper,
        claim=claim,
        stance=Stance.of("Uu", "retracted", retraction=True),
        made_on=day + dt.timedelta(days=1),
    )
    again = Statement(
        source=paper,
        claim=claim,
        stance=Stance.from_verb("said"),
        made_on=day + dt.timedelta(days=2),
    )
    for extra in (retracted, again):
        later = Ledger.of([relayed, confirmed, extra])
        assert (
            _Engine(DEFAULT_POLICY, None).quick(claim, _evidence_of(later, claim))
            is None
        )
    decaying = Policy(half_life=dt.timedelta(days=30))
    assert _Engine(decaying, None).quick(claim, _evidence_of(ledger, claim)) is None


def test_shared_lines_alike() -> None:
    """
    Claims whose statements share a stance, a source and a grade reuse one
    line (and a claim of one such statement, its numbers) only where the
    claim's parties leave it unchanged: each claim still equals the general
    path, a party's own statement, its relays and hearsay included.
    """
    government = Source(name="Ruritania", kind=SourceKind.GOVERNMENT)
    ministry = Source(name="Ministry", kind=SourceKind.AGENCY, affiliation=government)
    twin = Source(name="Ministry", kind=SourceKind.AGENCY, affiliation=government)
    paper = Source(name="The Daily", kind=SourceKind.MEDIA_OUTLET)
    wire = Source(name="Wire", kind=SourceKind.MEDIA_OUTLET)
    day = dt.date(2024, 10, 18)
    stances = [
        Stance.from_verb("denied"),
        Stance.from_verb("confirmed"),
        Stance.of("Uu", "declined to comment"),
        Stance.of("PR+", "said", hearsay=True),
    ]
    records: list[Statement | Report] = []
    for i in range(24):
        parties = [[], [government], [paper]][i % 3]
        claim = Claim(text=f"Claim {i}", about=parties)
        source = (ministry, twin, paper, wire)[i % 4]
        stance = stances[(i // 3) % len(stances)]
        grade = (None, 2, None, 5)[(i // 2) % 4]
        said = Statement(
            source=source, claim=claim, stance=stance, made_on=day, credibility=grade
        )
        if i % 5 == 4:
            records.append(Report(reporter=paper, content=said, made_on=day))
        elif i % 7 == 6:
            relayed = Report(reporter=wire, content=said, made_on=day)
            records.append(Report(reporter=source, content=relayed, made_on=day))
        else:
            records.append(said)
        if i % 6 == 5:  # A second line on the claim, by another source.
            records.append(
                Statement(
                    source=wire if source is paper else paper,
                    claim=claim,
                    stance=stances[1],
                    made_on=day,
                    credibility=grade,
                )
            )
    ledger = Ledger.of(records)
    for policy in POLICIES:
        assert compared(ledger, policy, None) == len(ledger.claims)
    # A speaker twice, as two equal sources (distinct objects): rule 1 has
    # work to do, so the general path.
    claim = Claim(text="Twice", about=[government])
    twice = Ledger.of(
        [
            Statement(source=source, claim=claim, stance=stance, made_on=day)
            for source, stance in ((ministry, stances[0]), (twin, stances[1]))
        ]
    )
    assert ministry == twin
    assert ministry is not twin
    assert len(twice.statements) == 2
    engine = _Engine(DEFAULT_POLICY, None)
    assert engine.quick(claim, _evidence_of(twice, claim)) is None


def test_made_is_the_constructor() -> None:
    """
    `_made` builds the assessment ``Assessment(...)`` builds: equal, alike in
    repr, pickle and explanation.
    """
    paper = Source(name="The Daily", kind=SourceKind.MEDIA_OUTLET)
    claim = Claim(text="Troops crossed the border")
    said = Statement(
        source=paper,
        claim=claim,
        stance=Stance.from_verb("confirmed"),
        made_on=dt.date(2024, 10, 18),
    )
    ledger = Ledger.of([said])
    made = assess_all(ledger)[claim]
    fields = (
        made.claim,
        made.opinion,
        made.words,
        made.confidence,
        made.conflict,
        made.corroboration,
        made.credibility,
        made.policy,
        made.as_of,
        made._evidence,
    )
    built = Assessment(
        claim=claim,
        opinion=made.opinion,
        words=made.words,
        confidence=made.confidence,
        conflict=made.conflict,
        corroboration=made.corroboration,
        credibility=made.credibility,
        policy=made.policy,
        as_of=made.as_of,
        evidence=made._evidence,
    )
    trusted = _made(*fields)
    assert type(trusted) is Assessment
    assert_same(trusted, built)
    read = pickle.loads(pickle.dumps(trusted))  # noqa: S301  # its own pickle
    assert read == built
    assert repr(read) == repr(built)
    assert read.explain() == built.explain()


def test_the_ceiling_counts_lines_by_their_evidence() -> None:
    """
    A firm line and a group contradicting itself: the group has evidence
    for the claim too, so the firm line is not the one line supporting it,
    and both paths leave it unheld.
    """
    claim = Claim(text="The dam failed.", key="dam")
    firm = Source(name="Trusted", kind=SourceKind.PERSON)
    state = Source(name="State", kind=SourceKind.GOVERNMENT)
    ministry = Source(name="Ministry", kind=SourceKind.AGENCY, affiliation=state)
    official = Source(name="Official", kind=SourceKind.PERSON, affiliation=state)
    day = dt.date(2024, 3, 1)
    ledger = Ledger.of(
        [
            Statement(source=s, claim=claim, stance=Stance.from_verb(v), made_on=day)
            for s, v in ((firm, "confirmed"), (ministry, "said"), (official, "denied"))
        ]
    )
    policy = DEFAULT_POLICY.with_trust(firm, Opinion(0.95, 0.0, 0.05))

    assert compared(ledger, policy, None) == 1
    assert assess_all(ledger, policy=policy)[claim].probability > 0.8


@given(
    st.lists(
        st.tuples(
            st.sampled_from([-1, 0, 1]),
            st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.9]) | st.floats(0, 1),
            st.sampled_from([0.0, 1.0]) | st.floats(0, 1),
        ),
        max_size=12,
    )
)
def test_conflict_counted_is_conflict(lines: list[tuple[int, float, float]]) -> None:
    """
    The quick path's conflict of counted lines (weight, opinion, stance
    side and probability, grade, group, stance) is `_conflict`'s on their
    sides, probabilities and weights, to the bit.
    """
    vacuous = Opinion.vacuous()
    said = Stance.from_verb("said")
    counted = [
        (w, vacuous, side, p, None, at, said) for at, (side, p, w) in enumerate(lines)
    ]

    assert float.hex(_conflict(lines)) == float.hex(_conflict_counted(counted))


class _Wary(Policy):
    """
    A policy that holds every outlet self-serving, whether or not it is a
    party to the claim.
    """

    __slots__ = ()

    def interest(
        self, source: Source, claim: Claim, polarity: Polarity
    ) -> Interest | None:
        if source.kind is SourceKind.MEDIA_OUTLET and polarity is Polarity.POSITIVE:
            return Interest(party=source, serving=True, factor=0.5)
        return super().interest(source, claim, polarity)


class _Sceptic(Policy):
    """
    A policy with a lower base rate for claims about troops.
    """

    __slots__ = ()

    def base_rate_of(self, claim: Claim) -> float:
        return 0.1 if "troops" in claim.text.lower() else super().base_rate_of(claim)


def test_a_policy_subclass_is_honoured() -> None:
    """
    A `Policy` subclass overriding a method the quick path restates
    (interest beyond the claim's parties, base rate) is assessed by the
    general path: `assess_all` follows the override.
    """
    paper = Source(name="The Daily", kind=SourceKind.MEDIA_OUTLET)
    official = Source(name="An official", kind=SourceKind.PERSON)
    day = dt.date(2024, 10, 18)
    government = Source(name="Ruritania", kind=SourceKind.GOVERNMENT)
    claims = [
        Claim(text="Troops crossed the border", about=[government]),
        Claim(text="A bridge fell", about=[government]),
    ]
    ledger = Ledger.of(
        Statement(
            source=source, claim=claim, stance=Stance.from_verb(verb), made_on=day
        )
        for claim in claims
        for source, verb in ((paper, "said"), (official, "confirmed"))
    )
    plain = assess_all(ledger)
    for policy in (_Wary(), _Sceptic()):
        every = assess_all(ledger, policy=policy)
        for claim in claims:
            general = _Engine(policy, None).general(claim, _evidence_of(ledger, claim))
            assert_same(every[claim], general)
        assert any(
            every[claim].probability != plain[claim].probability for claim in claims
        )
