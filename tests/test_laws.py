"""
The laws of design.md, as Hypothesis properties over random ledgers.
"""

from __future__ import annotations

import datetime as dt
import math
import pickle

from collections.abc import Mapping

import attrs

from hypothesis import assume, example, given
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    dumps,
    loads,
)
from provenance.assessment import Assessment, assess, assess_all
from provenance.opinion import (
    Opinion,
    averaging_fuse,
    cumulative_fuse,
    discount,
)
from provenance.stances import Polarity
from provenance.testing import ledgers, names, opinions, stances


def valid(o: Opinion) -> bool:
    parts = (o.belief, o.disbelief, o.uncertainty, o.base_rate)
    return all(0.0 <= p <= 1.0 for p in parts) and math.isclose(
        o.belief + o.disbelief + o.uncertainty, 1.0, abs_tol=1e-9
    )


def same(a: Opinion, b: Opinion) -> bool:
    return all(
        math.isclose(x, y, abs_tol=1e-9)
        for x, y in zip(
            (a.belief, a.disbelief, a.uncertainty, a.base_rate),
            (b.belief, b.disbelief, b.uncertainty, b.base_rate),
            strict=True,
        )
    )


def same_assessments(
    a: Mapping[Claim, Assessment], b: Mapping[Claim, Assessment]
) -> bool:
    return a.keys() == b.keys() and all(same(a[k].opinion, b[k].opinion) for k in a)


@st.composite
def ledgers_with_claims(draw: st.DrawFn) -> Ledger:
    ledger = draw(ledgers())
    assume(ledger.claims)
    return ledger


def outsider(name: str) -> Source:
    # A fresh root affiliation: independent of every source in any ledger
    # drawn by provenance.testing (whose names never contain a NUL).
    return Source(name=f"outsider\x00{name}", kind=SourceKind.PERSON)


class TestOpinionLaws:
    @given(opinions(), opinions())
    def test_cumulative_commutative(self, a: Opinion, b: Opinion) -> None:
        """
        Cumulative fusion is commutative.
        """
        assert same(cumulative_fuse(a, b), cumulative_fuse(b, a))

    @given(opinions(), opinions(), opinions())
    def test_cumulative_associative(self, a: Opinion, b: Opinion, c: Opinion) -> None:
        """
        Cumulative fusion is associative (belief, disbelief, uncertainty).
        """
        assume(not (a.is_dogmatic or b.is_dogmatic or c.is_dogmatic))
        left = cumulative_fuse(cumulative_fuse(a, b), c)
        right = cumulative_fuse(a, cumulative_fuse(b, c))

        assert math.isclose(left.belief, right.belief, abs_tol=1e-9)
        assert math.isclose(left.disbelief, right.disbelief, abs_tol=1e-9)

    @given(opinions())
    def test_vacuous_is_cumulative_identity(self, a: Opinion) -> None:
        """
        The vacuous opinion is the identity of cumulative fusion.
        """
        assume(not a.is_vacuous)

        assert same(a, cumulative_fuse(a, Opinion.vacuous(0.3)))

    @given(opinions())
    def test_averaging_idempotent(self, a: Opinion) -> None:
        """
        Averaging an opinion with itself gives that opinion.
        """
        assert same(a, averaging_fuse(a, a))

    @given(opinions())
    def test_full_and_zero_trust(self, a: Opinion) -> None:
        """
        Full trust leaves an opinion unchanged; zero trust makes it vacuous.
        """
        assert same(a, discount(Opinion(1.0, 0.0, 0.0), a))
        assert discount(Opinion(0.0, 1.0, 0.0), a).is_vacuous


class TestAssessmentLaws:
    @given(ledgers())
    def test_every_opinion_valid(self, ledger: Ledger) -> None:
        """
        Every opinion an assessment holds is valid.
        """
        for assessment in assess_all(ledger).values():
            assert valid(assessment.opinion)
            assert 0.0 <= assessment.conflict <= 1.0
            for line in assessment.lines:
                assert valid(line.opinion)

    @given(ledgers_with_claims(), st.data())
    def test_independent_assertion_never_lowers(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        An added independent assertion never lowers a claim's probability.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        value = data.draw(st.sampled_from(["CT+", "PR+", "PS+"]))
        extra = Statement(
            source=outsider(data.draw(names())),
            claim=claim,
            stance=Stance.of(value, "said"),
            made_on=dt.date(2030, 1, 1),
        )

        before = assess(ledger, claim).probability
        after = assess(ledger.add(extra), claim).probability

        assert after >= before - 1e-12

    @given(ledgers_with_claims(), st.data())
    def test_independent_denial_never_raises(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        An added independent denial never raises a claim's probability.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        value = data.draw(st.sampled_from(["CT-", "PR-", "PS-"]))
        extra = Statement(
            source=outsider(data.draw(names())),
            claim=claim,
            stance=Stance.of(value, "denied"),
            made_on=dt.date(2030, 1, 1),
        )

        before = assess(ledger, claim).probability
        after = assess(ledger.add(extra), claim).probability

        assert after <= before + 1e-12

    @given(ledgers_with_claims(), st.data())
    def test_vacuous_statement_changes_nothing(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        A vacuous statement (not a retraction), by anyone, changes nothing.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        speaker = data.draw(st.sampled_from([*ledger.sources, outsider("x")]))
        extra = Statement(
            source=speaker,
            claim=claim,
            stance=Stance.of("Uu", "declined to comment"),
            made_on=dt.date(2019, 1, 1),
        )

        assert same_assessments(assess_all(ledger), assess_all(ledger.add(extra)))

    @given(ledgers_with_claims(), st.data())
    def test_added_route_never_lowers_evidence(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        An added route to a statement already held never lowers any line's
        route trust or evidence.
        """
        statement = data.draw(st.sampled_from(ledger.statements))
        reporter = data.draw(st.sampled_from([*ledger.sources, outsider("relay")]))
        extra = Report(reporter=reporter, content=statement, made_on=statement.made_on)
        before = assess_all(ledger)
        after = assess_all(ledger.add(extra))

        for claim, old in before.items():
            new = {line.statement: line for line in after[claim].lines}
            for line in old.lines:
                assert new[line.statement].route_trust >= line.route_trust
                assert (
                    new[line.statement].opinion.uncertainty
                    <= line.opinion.uncertainty + 1e-12
                )

    @given(ledgers_with_claims(), st.data())
    def test_weaker_route_changes_nothing(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        A route no stronger than the best one (a further relay of a held
        record) changes nothing.
        """
        held = data.draw(st.sampled_from(sorted(ledger.held, key=lambda r: r.id)))
        reporter = data.draw(st.sampled_from([*ledger.sources, outsider("reprint")]))
        extra = Report(reporter=reporter, content=held, made_on=held.made_on)

        assert same_assessments(assess_all(ledger), assess_all(ledger.add(extra)))

    @given(ledgers())
    def test_lines_in_order_made(self, ledger: Ledger) -> None:
        """
        An assessment's lines are its claim's statements in the order they
        were made (by day, then id), so an explanation reads as a timeline.
        """
        for claim, assessment in assess_all(ledger).items():
            made = [line.statement for line in assessment.lines]
            assert made == sorted(made, key=lambda s: (s.moment, s.id))
            assert tuple(made) == ledger.statements_about(claim)

    @given(ledgers(), st.randoms(use_true_random=False))
    def test_order_of_adding_changes_nothing(self, ledger: Ledger, rng: object) -> None:
        """
        Adding the same records in any order gives the same ledger and the
        same assessments.
        """
        records = list(ledger)
        rng.shuffle(records)  # type: ignore[attr-defined] # st.randoms() gives a Random
        rebuilt = Ledger()
        for record in records:
            rebuilt = rebuilt.add(record)

        assert ledger == rebuilt
        assert assess_all(ledger) == assess_all(rebuilt)

    @given(ledgers())
    def test_serialise_then_load_is_identity(self, ledger: Ledger) -> None:
        """
        Serialise then load returns an equal ledger, and equal assessments.
        """
        loaded = loads(dumps(ledger))

        assert ledger == loaded
        assert assess_all(ledger) == assess_all(loaded)

    @given(ledgers_with_claims(), st.data(), stances())
    def test_as_of_ignores_the_future(
        self, ledger: Ledger, data: st.DataObject, stance: Stance
    ) -> None:
        """
        Anything said after the as-of day changes nothing as of that day.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        cut = dt.date(2028, 1, 1)
        later = Statement(
            source=outsider("late"),
            claim=claim,
            stance=stance,
            made_on=dt.date(2029, 1, 1),
        )

        assert assess(ledger, claim, as_of=cut) == assess(
            ledger.add(later), claim, as_of=cut
        )


def _insider(ledger: Ledger, data: st.DataObject, name: str) -> Source:
    # A new source under the root of one already in the ledger: dependent on
    # it, and never the same source as any drawn by provenance.testing.
    root = data.draw(st.sampled_from(ledger.sources)).root
    return Source(name=f"insider\x00{name}", kind=SourceKind.AGENCY, affiliation=root)


class TestReasoningLaws:
    @given(
        ledgers_with_claims(),
        st.sampled_from(["declined to comment", "retracted", "untrusted"]),
        st.data(),
    )
    def test_what_counts_nothing_ages_nothing(
        self, ledger: Ledger, kind: str, data: st.DataObject
    ) -> None:
        """
        Under time decay without an assessment date, a later statement that
        counts nothing (a refusal to comment, a retraction by a source that
        never spoke, a word from a source graded F) leaves a
        claim as it was: it does not age the lines that count.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        policy = DEFAULT_POLICY.with_half_life(claim, dt.timedelta(days=30))
        source = outsider(kind)
        if kind == "untrusted":  # Grade F: reliability cannot be judged.
            policy = policy.with_grade(source, "F")
            stance = Stance.from_verb("said")
        else:
            stance = Stance.from_verb(kind)
        extra = Statement(
            source=source, claim=claim, stance=stance, made_on=dt.date(2031, 1, 1)
        )

        before = assess(ledger, claim, policy=policy)
        after = assess(ledger.add(extra), claim, policy=policy)

        assert before.opinion == after.opinion

    @given(ledgers_with_claims(), st.data())
    def test_dependent_assertion_never_lowers(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        An added dependent assertion (by a body of a root already speaking)
        never lowers a claim's probability: dependent evidence never dilutes.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        extra = Statement(
            source=_insider(ledger, data, "yes"),
            claim=claim,
            stance=Stance.of(data.draw(st.sampled_from(["CT+", "PR+", "PS+"])), "said"),
            made_on=dt.date(2030, 1, 1),
        )

        before, after = assess(ledger, claim), assess(ledger.add(extra), claim)

        assert after.probability >= before.probability - 1e-12

    @given(ledgers_with_claims(), st.data())
    def test_dependent_denial_never_raises(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        An added dependent denial never raises a claim's probability.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        extra = Statement(
            source=_insider(ledger, data, "no"),
            claim=claim,
            stance=Stance.of(data.draw(st.sampled_from(["CT-", "PR-", "PS-"])), "said"),
            made_on=dt.date(2030, 1, 1),
        )

        before, after = assess(ledger, claim), assess(ledger.add(extra), claim)

        assert after.probability <= before.probability + 1e-12

    @given(ledgers_with_claims(), st.data())
    def test_latest_word_governs(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        A source's later committed statement leaves none of its earlier ones
        on the claim counted.
        """
        statement = data.draw(st.sampled_from(ledger.statements))
        later = Statement(
            source=statement.source,
            claim=statement.claim,
            stance=Stance.of(data.draw(st.sampled_from(["CT+", "CT-", "PR-"])), "said"),
            made_on=dt.date(2031, 1, 1),
        )

        got = assess(ledger.add(later), statement.claim)

        for line in got.lines:
            mine = line.statement.source == statement.source
            own = line.statement.stance.hearsay is False
            if mine and own and line.statement != later:
                assert not line.counted

    @given(ledgers_with_claims(), st.data())
    def test_a_retraction_never_withdraws_what_follows(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        A retraction made before everything else in the ledger changes
        nothing.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        speaker = data.draw(st.sampled_from(ledger.sources))
        early = Statement(
            source=speaker,
            claim=claim,
            stance=Stance.of("Uu", "retracted", retraction=True),
            made_on=dt.date(1990, 1, 1),
        )

        assert same_assessments(assess_all(ledger), assess_all(ledger.add(early)))

    @given(ledgers())
    def test_conflict_reads_only_contradiction(self, ledger: Ledger) -> None:
        """
        Conflict is in [0, 1], and 0 when no counted line contradicts another.
        """
        for assessment in assess_all(ledger).values():
            assert 0.0 <= assessment.conflict <= 1.0
            sides = {
                line.statement.stance.polarity
                for line in assessment.lines
                if line.counted
            }
            if len(sides) < 2:
                assert assessment.conflict == 0.0

    @given(ledgers())
    def test_one_line_of_reporting_is_at_most_likely(self, ledger: Ledger) -> None:
        """
        With one independent line of reporting, a claim is at most "likely"
        (and at least "unlikely") under the default policy, and its
        confidence at most moderate.
        """
        for assessment in assess_all(ledger).values():
            if len(assessment.units) == 1:
                assert 0.2 - 1e-12 <= assessment.probability <= 0.8 + 1e-12
                assert assessment.confidence != "high"

    @given(
        ledgers_with_claims(),
        st.data(),
        st.floats(0.01, 0.99),
        st.floats(0.01, 0.99),
    )
    def test_lower_prior_never_higher_verdict(
        self, ledger: Ledger, data: st.DataObject, one: float, other: float
    ) -> None:
        """
        On the same lines, a claim with a lower base rate never reads more
        likely: the uncorroborated ceiling caps evidence, not probability.
        """
        claim = data.draw(st.sampled_from(ledger.claims))
        low, high = min(one, other), max(one, other)

        at_low = assess(ledger, claim, policy=DEFAULT_POLICY.with_base_rate(claim, low))
        at_high = assess(
            ledger, claim, policy=DEFAULT_POLICY.with_base_rate(claim, high)
        )

        assert at_low.probability <= at_high.probability + 1e-9

    @given(
        st.lists(
            st.tuples(stances(), st.sampled_from(SourceKind)), min_size=1, max_size=3
        ),
        st.floats(0.01, 0.99),
        st.floats(0.01, 0.99),
    )
    @example(  # An agency's "said" against another's "doubted".
        said=[
            (Stance.from_verb("said"), SourceKind.AGENCY),
            (Stance.from_verb("doubted"), SourceKind.AGENCY),
        ],
        one=0.25,
        other=0.5,
    )
    def test_lower_prior_never_higher_verdict_on_contested_lines(
        self, said: list[tuple[Stance, SourceKind]], one: float, other: float
    ) -> None:
        """
        The same law on a claim that independent sources contest, where each
        side's single line meets the ceiling.
        """
        claim = Claim(text="The general was killed")
        ledger = Ledger.of(
            Statement(
                source=Source(name=f"source {at}", kind=kind),
                claim=claim,
                stance=stance,
                made_on=dt.date(2024, 5, 1),
            )
            for at, (stance, kind) in enumerate(said)
        )
        low, high = min(one, other), max(one, other)

        at_low = assess(ledger, claim, policy=DEFAULT_POLICY.with_base_rate(claim, low))
        at_high = assess(
            ledger, claim, policy=DEFAULT_POLICY.with_base_rate(claim, high)
        )

        assert at_low.probability <= at_high.probability + 1e-9

    @given(ledgers())
    def test_assessments_pickle(self, ledger: Ledger) -> None:
        """
        Assessments pickle (for worker processes) and come back equal.
        """
        found = assess_all(ledger)

        assert pickle.loads(pickle.dumps(found)) == found  # noqa: S301


def regraded(ledger: Ledger, target: Statement, grade: int | None) -> Ledger:
    """
    *ledger* with *target* graded *grade*, wherever it is held or relayed.
    """
    new = attrs.evolve(target, credibility=grade)
    records: list[Statement | Report] = []
    for record in ledger:
        if isinstance(record, Statement):
            records.append(new if record == target else record)
            continue
        node: Statement | Report = record.origin
        if node == target:
            node = new
        for report in reversed(list(record.chain())):
            node = Report(
                reporter=report.reporter,
                content=node,
                channel=report.channel,
                made_on=report.made_on,
                made_at=report.made_at,
            )
        records.append(node)
    return Ledger.of(records)


def committed(ledger: Ledger, data: st.DataObject) -> Statement:
    found = [s for s in ledger.statements if s.stance.polarity is not Polarity.UNKNOWN]
    assume(found)
    return data.draw(st.sampled_from(found))


class TestCredibilityLaws:
    @given(ledgers_with_claims(), st.data())
    def test_unjudged_or_ungraded_changes_nothing(
        self, ledger: Ledger, data: st.DataObject
    ) -> None:
        """
        Grading a statement 6 (truth cannot be judged) or not at all changes
        no claim's opinion.
        """
        target = data.draw(st.sampled_from(ledger.statements))

        unjudged = assess_all(regraded(ledger, target, 6))
        ungraded = assess_all(regraded(ledger, target, None))

        assert same_assessments(unjudged, ungraded)
        assert same_assessments(unjudged, assess_all(ledger)) or (
            target.credibility not in (None, 6)
        )

    @given(
        ledgers_with_claims(),
        st.data(),
        st.integers(1, 5),
        st.integers(1, 5),
    )
    def test_worse_grade_never_helps_its_side(
        self, ledger: Ledger, data: st.DataObject, better: int, worse: int
    ) -> None:
        """
        A worse credibility grade (1 best, 5 worst) never moves the claim's
        probability towards the side its statement takes.
        """
        better, worse = min(better, worse), max(better, worse)
        target = committed(ledger, data)
        side = 1 if target.stance.polarity is Polarity.POSITIVE else -1

        high = assess(regraded(ledger, target, better), target.claim)
        low = assess(regraded(ledger, target, worse), target.claim)
        assert (low.probability - high.probability) * side <= 1e-12

    @given(ledgers_with_claims())
    def test_credibility_only_from_graded_agreeing_lines(self, ledger: Ledger) -> None:
        """
        A claim's credibility is one of the grades of its counted lines on
        the verdict's side, or 1 (confirmed) when corroborated; None when
        none of them is graded.
        """
        for assessment in assess_all(ledger).values():
            grades = {
                line.statement.credibility
                for line in assessment.lines
                if line.counted and line.statement.credibility is not None
            }
            if assessment.credibility is None:
                continue
            assert assessment.credibility in grades or (
                assessment.credibility == 1
                and assessment.corroboration >= assessment.policy.corroboration
            )
            assert assessment.rating is not None
            assert assessment.rating.endswith(str(assessment.credibility))
