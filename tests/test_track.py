from __future__ import annotations

import datetime as dt
import math

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.assessment import Assessments, assess, assess_all
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.ledger import Ledger
from provenance.policy import DEFAULT_POLICY, Policy, learned
from provenance.records import Report, Statement
from provenance.sources import Source, SourceKind
from provenance.stances import Stance
from provenance.testing import ledgers
from provenance.track import Event, Outcome, TrackRecord


NIS = Source(name="NIS", kind=SourceKind.AGENCY)
KCNA = Source(name="KCNA", kind=SourceKind.MEDIA_OUTLET)
START = dt.date(2023, 1, 1)


def claim(n: int) -> Claim:
    return Claim(text=f"claim {n}", key=f"c{n}")


def said(source: Source, n: int, verb: str = "said", on: dt.date = START) -> Statement:
    return Statement(
        source=source, claim=claim(n), stance=Stance.from_verb(verb), made_on=on
    )


def history(right: int, wrong: int) -> tuple[list[Statement], list[Outcome]]:
    """
    NIS asserted claims 0 .. right + wrong - 1; the first *right* turned out
    true, the rest false, one a month from February 2023.
    """
    statements = [said(NIS, n) for n in range(right + wrong)]
    outcomes = [
        Outcome(claim=claim(n), true=n < right, known_on=dt.date(2023, 2 + n % 10, 1))
        for n in range(right + wrong)
    ]
    return statements, outcomes


class TestOutcome:
    def test_rejects_non_bool(self) -> None:
        """
        An outcome is true or false, not truthy.
        """
        with pytest.raises(InvalidValueError) as info:
            Outcome(claim=claim(0), true=1, known_on=START)  # type: ignore[arg-type]

        assert "Outcome.true" == info.value.path

    def test_rejects_datetime(self) -> None:
        """
        The day an outcome became known is a calendar day.
        """
        with pytest.raises(InvalidValueError) as info:
            Outcome(claim=claim(0), true=True, known_on=dt.datetime(2024, 1, 1))  # noqa: DTZ001

        assert "Outcome.known_on" == info.value.path


class TestTrackRecord:
    def test_story(self) -> None:
        """
        The agency called seven of nine right; KCNA denied what came true.
        """
        statements, outcomes = history(7, 2)
        statements.append(said(KCNA, 0, "denied"))
        record = TrackRecord.of(Ledger.of(statements), outcomes)

        assert (7, 9) == record.tally(NIS)
        assert (0, 1) == record.tally(KCNA)
        assert (2, 2) == record.tally(NIS, as_of=dt.date(2023, 3, 1))

    def test_one_outcome_per_claim(self) -> None:
        """
        A claim cannot turn out both true and false.
        """
        outcomes = [
            Outcome(claim=claim(0), true=True, known_on=START),
            Outcome(claim=claim(0), true=False, known_on=START),
        ]

        with pytest.raises(InvalidValueError) as info:
            TrackRecord.of(Ledger.of([]), outcomes)

        assert "TrackRecord.outcomes" == info.value.path

    def test_rejects_unordered_events(self) -> None:
        """
        A record built by hand keeps its events as values, in date order.
        """
        early = Event(known_on=START, claim=claim(0), correct=True)
        late = Event(known_on=START + dt.timedelta(1), claim=claim(1), correct=False)

        with pytest.raises(InvalidValueError) as info:
            TrackRecord(outcomes=[], events={NIS: (late, early)})

        assert "TrackRecord.events[NIS]" == info.value.path
        outcomes = [
            Outcome(claim=claim(0), true=True, known_on=START),
            Outcome(claim=claim(1), true=True, known_on=START),
        ]
        assert (1, 2) == TrackRecord(
            outcomes=outcomes, events={NIS: (early, late)}
        ).tally(NIS)

    @pytest.mark.parametrize("outcomes", [[5], 5, ["true"]])
    def test_rejects_what_is_not_an_outcome(self, outcomes: object) -> None:
        """
        A record built by hand holds only Outcome values.
        """
        with pytest.raises(InvalidValueError) as info:
            TrackRecord(outcomes=outcomes, events={})

        assert ("must be Outcome values", "TrackRecord.outcomes") == (
            info.value.msg,
            info.value.path,
        )

    def test_rejects_non_ledger(self) -> None:
        """
        A record is built from a ledger.
        """
        with pytest.raises(InvalidValueError):
            TrackRecord.of([], [])  # type: ignore[arg-type]

    def test_what_counts(self) -> None:
        """
        The latest committed word before the outcome counts, hedges for their
        side; vacuous stances, hearsay, withdrawn words and words said once
        the outcome was known do not.
        """
        later = dt.date(2023, 6, 1)
        known = dt.date(2023, 5, 1)
        statements = [
            said(NIS, 0, "denied"),
            said(NIS, 0, "suggested", dt.date(2023, 2, 1)),  # PS+, governs
            said(NIS, 0, "declined to comment", dt.date(2023, 3, 1)),
            said(KCNA, 0, "is said to have", dt.date(2023, 2, 1)),  # hearsay
            said(KCNA, 0, "denied", later),  # after the outcome
            said(Source(name="A", kind=SourceKind.PERSON), 0),
            said(Source(name="A", kind=SourceKind.PERSON), 0, "retracted", later),
            said(Source(name="B", kind=SourceKind.PERSON), 0),
            said(Source(name="B", kind=SourceKind.PERSON), 0, "retracted", known),
            said(Source(name="C", kind=SourceKind.PERSON), 0),
            said(
                Source(name="C", kind=SourceKind.PERSON),
                0,
                "retracted",
                later - dt.timedelta(60),
            ),
        ]
        outcome = Outcome(claim=claim(0), true=True, known_on=known)

        record = TrackRecord.of(Ledger.of(statements), [outcome])

        assert {
            NIS: (Event(known_on=known, claim=claim(0), correct=True),),
            Source(name="A", kind=SourceKind.PERSON): (
                Event(known_on=known, claim=claim(0), correct=True),
            ),
            Source(name="B", kind=SourceKind.PERSON): (
                Event(known_on=known, claim=claim(0), correct=True),
            ),
        } == dict(record.events)

    def test_relayed_word_counts_from_the_relay(self) -> None:
        """
        A word made before the outcome but relayed to the analyst after it
        counts from the relay's day: an assessment between the two does not
        see it.
        """
        source = Source(name="Ministry", kind=SourceKind.AGENCY)
        paper = Source(name="The Daily", kind=SourceKind.MEDIA_OUTLET)
        relayed = Report(
            reporter=paper,
            content=said(source, 1, "denied", dt.date(2023, 1, 10)),
            made_on=dt.date(2023, 6, 1),
        )
        known = Outcome(claim=claim(1), true=True, known_on=dt.date(2023, 2, 1))
        record = TrackRecord.of(Ledger.of([relayed]), [known])

        assert (0, 0) == record.tally(source, as_of=dt.date(2023, 3, 1))
        assert (0, 1) == record.tally(source, as_of=dt.date(2023, 6, 1))
        direct = TrackRecord.of(Ledger.of([relayed, relayed.content]), [known])
        assert (0, 1) == direct.tally(source, as_of=dt.date(2023, 3, 1))

    @given(ledgers(), st.data())
    def test_order_independent(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        The record does not depend on the order of the outcomes.
        """
        outcomes = [
            Outcome(
                claim=c,
                true=data.draw(st.booleans()),
                known_on=data.draw(st.dates(dt.date(2000, 1, 1))),
            )
            for c in ledger.claims
        ]
        shuffled = data.draw(st.permutations(outcomes))

        assert TrackRecord.of(ledger, outcomes) == TrackRecord.of(ledger, shuffled)


class TestPolicy:
    def test_explanation_names_the_record(self) -> None:
        """
        The trust step says how often the source was right, by when.
        """
        statements, outcomes = history(7, 2)
        ledger = Ledger.of([*statements, said(NIS, 99, on=dt.date(2024, 3, 1))])
        policy = DEFAULT_POLICY.with_track_record(TrackRecord.of(ledger, outcomes))

        got = assess(ledger, "c99", policy=policy, as_of=dt.date(2024, 3, 1))

        assert (
            "track record: correct 7 of 9 times by 2024-03-01, with default for agency"
        ) == got.lines[0].trust.reason
        assert "correct 7 of 9 times by 2024-03-01" in got.explain()

    def test_override_wins(self) -> None:
        """
        An explicit per-source override beats the record.
        """
        statements, outcomes = history(0, 5)
        record = TrackRecord.of(Ledger.of(statements), outcomes)
        policy = DEFAULT_POLICY.with_track_record(record)

        assert "override for NIS" == (
            policy.with_trust(NIS, DEFAULT_POLICY.kind_trust[SourceKind.AGENCY])
            .trust_in(NIS)
            .reason
        )
        assert (
            policy.trust_in(NIS).probability < DEFAULT_POLICY.trust_in(NIS).probability
        )

    def test_one_right_call_is_not_certainty(self) -> None:
        """
        The prior counts as evidence: one correct outcome is not full trust.
        """
        statements, outcomes = history(1, 0)
        record = TrackRecord.of(Ledger.of(statements), outcomes)

        trust = DEFAULT_POLICY.with_track_record(record).trust_in(NIS)

        assert trust.opinion.uncertainty > 0.0
        assert trust.probability > DEFAULT_POLICY.trust_in(NIS).probability

    def test_affiliate_capped_then_learned(self) -> None:
        """
        A state outlet's prior is capped at its state's; its record is fused
        in on top.
        """
        state = Source(name="North Korea", kind=SourceKind.GOVERNMENT)
        outlet = Source(name="KCNA", kind=SourceKind.MEDIA_OUTLET, affiliation=state)
        statements = [said(outlet, n) for n in range(3)]
        outcomes = [
            Outcome(claim=claim(n), true=True, known_on=START + dt.timedelta(1))
            for n in range(3)
        ]
        record = TrackRecord.of(Ledger.of(statements), outcomes)
        prior = DEFAULT_POLICY.trust_in(outlet)

        trust = DEFAULT_POLICY.with_track_record(record).trust_in(outlet)

        assert learned(prior, 3, 3, None) == trust
        assert trust.reason.startswith("track record: correct 3 of 3 times, with ")
        assert "capped at its government's" in trust.reason

    @given(
        st.integers(0, 20),
        st.integers(0, 20),
        st.sampled_from(list(SourceKind)),
    )
    def test_more_correct_never_lowers(
        self, right: int, wrong: int, kind: SourceKind
    ) -> None:
        """
        One more correct outcome never lowers the trust probability; one more
        wrong one never raises it.
        """
        source = Source(name="S", kind=kind)

        def trust(r: int, w: int) -> float:
            statements = [said(source, n) for n in range(r + w)]
            outcomes = [
                Outcome(claim=claim(n), true=n < r, known_on=START)
                for n in range(r + w)
            ]
            record = TrackRecord.of(Ledger.of(statements), outcomes)
            return Policy(track_record=record).trust_in(source).probability

        base = trust(right, wrong)

        assert trust(right + 1, wrong) >= base
        assert trust(right, wrong + 1) <= base


def outcomes_for(ledger: Ledger, data: st.DataObject) -> list[Outcome]:
    return (
        [
            Outcome(
                claim=c,
                true=data.draw(st.booleans()),
                known_on=data.draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))),
            )
            for c in data.draw(st.lists(st.sampled_from(ledger.claims), unique=True))
        ]
        if ledger.claims
        else []
    )


class TestLaws:
    @given(ledgers(), st.data())
    def test_no_hindsight(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        An outcome known after the assessment date changes nothing.
        """
        as_of = data.draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))
        outcomes = outcomes_for(ledger, data)
        known = [o for o in outcomes if o.known_on <= as_of]
        policy = DEFAULT_POLICY.with_track_record(TrackRecord.of(ledger, known))
        hindsight = DEFAULT_POLICY.with_track_record(TrackRecord.of(ledger, outcomes))

        before = assess_all(ledger, policy=policy, as_of=as_of)
        after = assess_all(ledger, policy=hindsight, as_of=as_of)

        for claim_, assessment in before.items():
            assert assessment.opinion == after[claim_].opinion
            assert [line.trust.opinion for line in assessment.lines] == [
                line.trust.opinion for line in after[claim_].lines
            ]

    @given(ledgers(), st.data())
    def test_only_words_held_count(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        As of a day, a record counts only words the ledger held by then:
        each event it counts is one the record built from the ledger as of
        that day counts, with the same verdict.
        """
        day = data.draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))
        outcomes = outcomes_for(ledger, data)
        whole = TrackRecord.of(ledger, outcomes)
        then = TrackRecord.of(ledger.as_of(day), outcomes)

        for source, events in whole.events.items():
            counted = {(e.claim, e.correct) for e in events if e.known_on <= day}
            held = {(e.claim, e.correct) for e in then.events.get(source, ())}
            assert counted <= held

    @given(ledgers(), st.data())
    def test_confirmed_never_lowers(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        A resolved claim never lowers trust in a source it proved right, and
        never raises trust in one it proved wrong.
        """
        outcomes = outcomes_for(ledger, data)
        resolved = {o.claim for o in outcomes}
        rest = [c for c in ledger.claims if c not in resolved]
        if not rest:
            return
        extra = Outcome(
            claim=data.draw(st.sampled_from(rest)),
            true=data.draw(st.booleans()),
            known_on=dt.date(1990, 1, 1),
        )
        before = TrackRecord.of(ledger, outcomes)
        after = TrackRecord.of(ledger, [*outcomes, extra])

        for source in ledger.sources:
            old = Policy(track_record=before).trust_in(source).probability
            new = Policy(track_record=after).trust_in(source).probability
            new_events = set(after.events.get(source, ())) - set(
                before.events.get(source, ())
            )
            for event in new_events:
                if event.correct:
                    assert new >= old or math.isclose(new, old)
                else:
                    assert new <= old or math.isclose(new, old)

    @given(ledgers(), st.data())
    def test_incremental_equals_full(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        Changing the track record and re-assessing incrementally gives what
        assessing everything gives, explanations included.
        """
        as_of = data.draw(st.none() | st.dates(dt.date(1990, 1, 1)))
        first = DEFAULT_POLICY.with_track_record(
            data.draw(st.none() | st.just(TrackRecord.of(ledger, [])))
        )
        second = first.with_track_record(
            TrackRecord.of(ledger, outcomes_for(ledger, data))
        )

        got = Assessments(ledger, policy=first, as_of=as_of).with_policy(second)

        full = assess_all(ledger, policy=second, as_of=as_of)
        assert full == dict(got)
        for claim_, assessment in got.items():
            assert assessment.explain() == full[claim_].explain()
