from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.assessment import Assessments, assess, assess_all
from provenance.claims import Claim, TimeSpan
from provenance.errors import InvalidValueError
from provenance.ledger import Ledger
from provenance.policy import DEFAULT_POLICY, Decay, Policy
from provenance.records import Statement
from provenance.render import to_data
from provenance.sources import Source, SourceKind
from provenance.stances import Stance
from provenance.testing import ledgers


MINISTRY = Source(name="Ministry", kind=SourceKind.AGENCY)
OBSERVERS = Source(name="Observers", kind=SourceKind.ANONYMOUS_GROUP)
MASSING = Claim(text="Troops are massing at the border", key="massing")
JUNE = dt.date(2024, 6, 1)
MONTH = dt.timedelta(days=30)


def said(
    source: Source, day: dt.date, verb: str = "said", claim: Claim = MASSING
) -> Statement:
    return Statement(
        source=source, claim=claim, stance=Stance.from_verb(verb), made_on=day
    )


half_lives = st.timedeltas(dt.timedelta(hours=1), dt.timedelta(days=5000))


class TestPolicy:
    def test_off_by_default(self) -> None:
        """
        No half-life: no decay, for any claim.
        """
        assert None is DEFAULT_POLICY.half_life
        assert None is DEFAULT_POLICY.half_life_of(MASSING, JUNE)

    @pytest.mark.parametrize("bad", [dt.timedelta(0), dt.timedelta(-1), 30, "30d"])
    def test_rejects_bad_half_life(self, bad: object) -> None:
        """
        A half-life is a positive timedelta.
        """
        with pytest.raises(InvalidValueError) as info:
            Policy(half_life=bad)  # type: ignore[arg-type]

        assert "Policy.half_life" == info.value.path

    def test_rejects_bad_claim_half_life(self) -> None:
        """
        A per-claim half-life is a positive timedelta or None.
        """
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_POLICY.with_half_life(MASSING, dt.timedelta(0))

        assert "Policy.claim_half_lives[massing]" == info.value.path

    def test_past_events_do_not_decay(self) -> None:
        """
        Under the policy-wide half-life, a claim about an event that ended
        before the reference date keeps its weight; one still going on, or
        with no time, decays; a per-claim setting overrides either way.
        """
        policy = Policy(half_life=MONTH)
        past = attrs.evolve(MASSING, occurred=TimeSpan.on(2024, 3))
        ongoing = attrs.evolve(MASSING, occurred=TimeSpan.since(2024, 3))

        assert None is policy.half_life_of(past, JUNE)
        assert MONTH == policy.half_life_of(past, dt.date(2024, 3, 15))
        assert MONTH == policy.half_life_of(ongoing, JUNE)
        assert MONTH == policy.half_life_of(MASSING, JUNE)
        assert MONTH == policy.with_half_life(past, MONTH).half_life_of(past, JUNE)
        assert None is policy.with_half_life(MASSING, None).half_life_of(MASSING, JUNE)

    def test_decay_reason(self) -> None:
        """
        Ninety days at a thirty-day half-life is an eighth.
        """
        decay = Decay.of(dt.date(2024, 3, 3), JUNE, MONTH)

        assert 0.125 == decay.factor
        assert (
            "made 90 days before 2024-06-01, half-life 30 days: x0.125" == decay.reason
        )
        assert "made 1 day before 2024-06-01, half-life 1 day: x0.5" == (
            Decay.of(JUNE - dt.timedelta(1), JUNE, dt.timedelta(1)).reason
        )


class TestAssessment:
    def test_story(self) -> None:
        """
        An old assertion weighs an eighth of a fresh one, and the
        explanation shows why.
        """
        ledger = Ledger.of(
            [said(MINISTRY, dt.date(2024, 3, 3)), said(OBSERVERS, JUNE, "denied")]
        )
        policy = Policy(half_life=MONTH)

        got = assess(ledger, "massing", policy=policy)
        plain = assess(ledger, "massing")

        assert got.probability < 0.5 < plain.probability
        old, fresh = got.lines
        assert math.isclose(0.125 * plain.lines[0].weight, old.weight)
        assert plain.lines[1].weight == fresh.weight
        assert "decay" in [step.label for step in old.steps]
        assert (
            "made 90 days before 2024-06-01, half-life 30 days: x0.125" in got.explain()
        )

    def test_json(self) -> None:
        """
        The JSON of a line carries its decay (null when there is none).
        """
        ledger = Ledger.of([said(MINISTRY, dt.date(2024, 3, 3))])

        got = to_data(assess(ledger, "massing", policy=Policy(half_life=MONTH)))
        plain = to_data(assess(ledger, "massing"))

        assert None is plain["lines"][0]["decay"]
        assert {
            "made_on": "2024-03-03",
            "reference": "2024-03-03",
            "half_life_days": 30.0,
            "factor": 1.0,
        } == got["lines"][0]["decay"]

    def test_as_of_is_the_reference(self) -> None:
        """
        With as_of, ages are measured to it; else to the latest statement.
        """
        ledger = Ledger.of([said(MINISTRY, dt.date(2024, 5, 2))])
        policy = Policy(half_life=MONTH)

        late = assess(ledger, "massing", policy=policy, as_of=JUNE)
        now = assess(ledger, "massing", policy=policy)

        (line,) = late.lines
        assert line.decay is not None
        assert 0.5 == line.decay.factor
        assert now.lines[0].decay is not None
        assert 1.0 == now.lines[0].decay.factor
        assert now.opinion == assess(ledger, "massing").opinion

    def test_incremental(self) -> None:
        """
        Changing the half-life re-assesses everything.
        """
        ledger = Ledger.of([said(MINISTRY, dt.date(2024, 3, 3))])
        policy = Policy(half_life=MONTH)

        got = Assessments(ledger, as_of=JUNE).with_policy(policy)

        assert assess_all(ledger, policy=policy, as_of=JUNE) == dict(got)


class TestLaws:
    @given(ledgers(), half_lives, st.none() | st.dates(dt.date(2000, 1, 1)))
    def test_never_raises_a_weight(
        self, ledger: Ledger, half_life: dt.timedelta, as_of: dt.date | None
    ) -> None:
        """
        Decay never raises a line's weight, nor changes which lines count.
        """
        plain = assess_all(ledger, as_of=as_of)
        decayed = assess_all(ledger, policy=Policy(half_life=half_life), as_of=as_of)

        for claim, assessment in plain.items():
            for before, after in zip(
                assessment.lines, decayed[claim].lines, strict=True
            ):
                assert after.weight <= before.weight
                assert before.statement == after.statement

    @given(ledgers(), st.none() | st.dates(dt.date(2000, 1, 1)))
    def test_no_half_life_for_a_claim_changes_nothing(
        self, ledger: Ledger, as_of: dt.date | None
    ) -> None:
        """
        A claim set not to decay is assessed as with no half-life at all.
        """
        policy = Policy(half_life=MONTH)
        for claim in ledger.claims:
            policy = policy.with_half_life(claim, None)

        got = assess_all(ledger, policy=policy, as_of=as_of)

        for claim, assessment in assess_all(ledger, as_of=as_of).items():
            assert assessment.opinion == got[claim].opinion
            assert assessment.conflict == got[claim].conflict

    @given(
        st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
        st.integers(0, 3000),
        st.integers(0, 3000),
        half_lives,
        st.sampled_from(["said", "denied", "suggested", "is said to"]),
    )
    def test_fresher_copy_counts_no_less(
        self,
        first: dt.date,
        later_by: int,
        wait: int,
        half_life: dt.timedelta,
        verb: str,
    ) -> None:
        """
        The same statement made later never counts less than made earlier.
        """
        second = first + dt.timedelta(later_by)
        as_of = second + dt.timedelta(wait)
        policy = Policy(half_life=half_life)

        def weight(day: dt.date) -> float:
            ledger = Ledger.of([said(MINISTRY, day, verb)])
            (line,) = assess(ledger, "massing", policy=policy, as_of=as_of).lines
            return line.weight

        assert weight(second) >= weight(first)
