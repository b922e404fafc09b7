from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest

from provenance import (
    Channel,
    ChannelKind,
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
)
from provenance.assessment import assess, assess_all
from provenance.errors import InvalidValueError, UnknownClaimError
from provenance.opinion import Discounting, Fusion, Opinion, cumulative_fuse
from provenance.policy import DEFAULT_POLICY, Dependency

from cast import BRIEFING, LAWMAKERS, PAPER
from cast import INTELLIGENCE_SERVICE as NIS
from cast import MOSCOW as RUSSIA
from cast import PYONGYANG as NORTH
from cast import SEOUL as KOREA


DAY = dt.date(2024, 11, 22)
USA = Source(name="United States", kind=SourceKind.GOVERNMENT)
ADVISER = Source(
    name="Shin Wonsik",
    kind=SourceKind.PERSON,
    role="national security adviser",
    affiliation=KOREA,
)
OFFICIALS = Source(
    name="U.S. officials", kind=SourceKind.ANONYMOUS_GROUP, affiliation=USA
)
WIRE = Source(name="The Wire", kind=SourceKind.MEDIA_OUTLET)
CLAIM = Claim(
    text="Russia supplied missiles to North Korea",
    about=[RUSSIA, NORTH],
    key="missiles",
)
INTERVIEW = Channel(kind=ChannelKind.INTERVIEW, name="SBS TV")


def said(
    source: Source, verb: str, day: dt.date = DAY, claim: Claim = CLAIM
) -> Statement:
    return Statement(
        source=source, claim=claim, stance=Stance.from_verb(verb), made_on=day
    )


def relay(reporter: Source, content: Statement | Report, days: int = 1) -> Report:
    return Report(
        reporter=reporter,
        content=content,
        made_on=content.made_on + dt.timedelta(days=days),
    )


def close(expected: tuple[float, float, float], opinion: Opinion) -> bool:
    return all(
        math.isclose(e, g, abs_tol=1e-9)
        for e, g in zip(
            expected,
            (opinion.belief, opinion.disbelief, opinion.uncertainty),
            strict=True,
        )
    )


class TestWorkedExample:
    def test_by_hand(self) -> None:
        """
        Two independent assertions (one reprinted by two outlets) and a
        self-serving denial give the hand-computed opinion.
        """
        shin = said(ADVISER, "accused")
        officials = said(OFFICIALS, "said")
        denial = said(RUSSIA, "denied")
        ledger = Ledger.of([relay(PAPER, shin), relay(WIRE, shin), officials, denial])

        # Line 1: CT+ (0.9, 0, 0.1); person C trust P = 0.5 + 0.5 * 0.2 = 0.6;
        # best route: one outlet, P = 0.85 + 0.5 * 0.1 = 0.9 (the reprint is
        # an equal route, so it changes nothing). Weight 0.6 * 0.9 = 0.54.
        w1 = 0.6 * 0.9
        line1 = (w1 * 0.9, 0.0, 1 - w1 * 0.9)
        # Line 2: anonymous group D trust P = 0.25 + 0.5 * 0.2 = 0.35, held.
        w2 = 0.35
        line2 = (w2 * 0.9, 0.0, 1 - w2 * 0.9)
        # Line 3: Russia is accused (a party in `about`) and denies: a
        # self-serving statement, government C trust 0.6 times 0.1, held.
        w3 = 0.6 * 0.1
        line3 = (0.0, w3 * 0.9, 1 - w3 * 0.9)
        # Three independent groups, two of them agreeing (so no ceiling):
        # cumulative fusion, evidence ratio form.
        lines = (line1, line2, line3)
        k = 1 + sum((1 - u) / u for _, _, u in lines)
        expected = (
            sum(b / u for b, _, u in lines) / k,
            sum(d / u for _, d, u in lines) / k,
            1 / k,
        )

        got = assess(ledger, CLAIM)

        assert close(expected, got.opinion)
        assert math.isclose(expected[0] + 0.5 * expected[2], got.probability)
        assert 3 == len(got.groups)
        assert [2, 1, 1] == sorted(
            (line.route_count for line in got.lines), reverse=True
        )
        denial_line = next(line for line in got.lines if line.statement == denial)
        assert denial_line.interest is not None
        assert denial_line.interest.serving
        # The denial's stance (P 0.05) against Shin's (P 0.95), weights
        # 0.06 and 0.54 over the largest, 0.54.
        assert math.isclose(got.conflict, 0.9 * (0.06 / 0.54))
        assert got.corroboration == 2

    def test_words_and_confidence(self) -> None:
        """
        The assessment names the estimative phrase and confidence.
        """
        got = assess(Ledger.of([said(NIS, "confirmed")]), CLAIM)

        assert DEFAULT_POLICY.words_for(got.probability) == got.words
        assert got.confidence == DEFAULT_POLICY.confidence_for(
            got.opinion.uncertainty,
            conflict=got.conflict,
            corroboration=got.corroboration,
        )


class TestExplain:
    def test_three_hop_chain(self) -> None:
        """
        The explanation of an outlet relaying lawmakers relaying an
        intelligence service names all three, the channel, the dates and
        each step's opinion.
        """
        briefing = Statement(
            source=NIS,
            claim=CLAIM,
            stance=Stance.from_verb("reported"),
            channel=BRIEFING,
            made_on=DAY,
        )
        chain = relay(PAPER, relay(LAWMAKERS, briefing), days=2)
        got = assess(Ledger.of([chain]), "missiles")

        text = got.explain()

        for name in ("The Daily", "lawmakers", "National Intelligence Service"):
            assert name in text
        assert "briefing to lawmakers (closed)" in text
        for day in ("2024-11-22", "2024-11-23", "2024-11-25"):
            assert day in text
        line = got.lines[0]
        for step in line.steps:
            if step.opinion is not None:
                assert f"b={step.opinion.belief:.3f}" in text
        assert ["stance", "trust in source", "relay", "relay", "line"] == [
            step.label for step in line.steps
        ]
        assert f"P={got.probability:.3f}" in text

    def test_explains_empty(self) -> None:
        """
        A claim without statements explains that it is vacuous.
        """
        other = Claim(text="Unrelated")

        text = assess(Ledger(), other).explain()

        assert "no statement" in text

    def test_explains_left_out_lines(self) -> None:
        """
        Vacuous lines are shown as not counted, with the reason.
        """
        text = assess(
            Ledger.of([said(KOREA, "neither confirmed nor denied")]), CLAIM
        ).explain()

        assert "not counted" in text
        assert "vacuous" in text


class TestEdgeCases:
    def test_no_statement_is_vacuous_at_base_rate(self) -> None:
        """
        With no evidence, the opinion is vacuous at the claim's base rate.
        """
        policy = DEFAULT_POLICY.with_base_rate(CLAIM, 0.2)

        got = assess(Ledger(), CLAIM, policy=policy)

        assert Opinion.vacuous(0.2) == got.opinion
        assert 0.2 == got.probability

    def test_only_refusal_is_vacuous(self) -> None:
        """
        A refusal to confirm is recorded and explained without moving the
        number.
        """
        ledger = Ledger.of([said(ADVISER, "refrained from confirming")])

        got = assess(ledger, CLAIM)

        assert got.opinion.is_vacuous
        assert 1 == len(got.lines)
        assert not got.lines[0].counted

    def test_dogmatic_trust_passes_opinion_whole(self) -> None:
        """
        Full trust in a source held directly leaves its stance unchanged
        (with no ceiling on uncorroborated reports).
        """
        policy = attrs.evolve(
            DEFAULT_POLICY.with_trust(NIS, Opinion(1.0, 0.0, 0.0)),
            uncorroborated_ceiling=None,
        )

        got = assess(Ledger.of([said(NIS, "said")]), CLAIM, policy=policy)

        assert close((0.9, 0.0, 0.1), got.opinion)

    def test_zero_trust_passes_nothing(self) -> None:
        """
        Zero trust makes the line vacuous, so it is left out.
        """
        policy = DEFAULT_POLICY.with_trust(NIS, Opinion(0.0, 1.0, 0.0))

        got = assess(Ledger.of([said(NIS, "said")]), CLAIM, policy=policy)

        assert got.opinion.is_vacuous
        assert not got.lines[0].counted

    def test_own_relay_is_faithful(self) -> None:
        """
        A source relaying its own statement adds no distortion.
        """
        direct = assess(Ledger.of([said(NIS, "said")]), CLAIM)
        selfish = assess(Ledger.of([relay(NIS, said(NIS, "said"))]), CLAIM)

        assert direct.opinion == selfish.opinion
        assert "faithful" in selfish.lines[0].relays[0].reason

    def test_reprint_adds_no_evidence(self) -> None:
        """
        A second outlet reprinting a statement changes nothing.
        """
        statement = said(ADVISER, "said")
        one = assess(Ledger.of([relay(PAPER, statement)]), CLAIM)
        two = assess(
            Ledger.of([relay(PAPER, statement), relay(WIRE, statement)]), CLAIM
        )

        assert one.opinion == two.opinion

    def test_holding_directly_beats_relay(self) -> None:
        """
        Holding a statement directly is its strongest route.
        """
        statement = said(ADVISER, "said")
        relayed = assess(Ledger.of([relay(PAPER, statement)]), CLAIM)
        held = assess(Ledger.of([relay(PAPER, statement), statement]), CLAIM)

        assert held.probability > relayed.probability
        assert () == held.lines[0].route

    def test_same_government_counts_once(self) -> None:
        """
        Two offices of one government saying the same thing count once.
        """
        once = assess(Ledger.of([said(ADVISER, "said")]), CLAIM)
        twice = assess(
            Ledger.of(
                [
                    said(ADVISER, "said"),
                    said(
                        Source(
                            name="Ministry", kind=SourceKind.PERSON, affiliation=KOREA
                        ),
                        "said",
                    ),
                ]
            ),
            CLAIM,
        )

        assert math.isclose(once.probability, twice.probability)
        assert 1 == len(twice.groups)

    def test_independent_sources_add_up(self) -> None:
        """
        Independent sources raise the probability above either alone.
        """
        one = assess(Ledger.of([said(ADVISER, "said")]), CLAIM)
        two = assess(Ledger.of([said(ADVISER, "said"), said(OFFICIALS, "said")]), CLAIM)

        assert two.probability > one.probability

    def test_dependency_none(self) -> None:
        """
        With no dependency rule, offices of one government are independent.
        """
        policy = attrs.evolve(DEFAULT_POLICY, dependency=Dependency.NONE)
        ledger = Ledger.of([said(ADVISER, "said"), said(NIS, "said")])

        assert 2 == len(assess(ledger, CLAIM, policy=policy).groups)

    def test_retraction_removes_earlier_statement(self) -> None:
        """
        A retraction removes its source's earlier statements from its date.
        """
        before = said(ADVISER, "said", DAY)
        retraction = said(ADVISER, "retracted", DAY + dt.timedelta(days=3))
        ledger = Ledger.of([before, retraction])

        after = assess(ledger, CLAIM)
        earlier = assess(ledger, CLAIM, as_of=DAY + dt.timedelta(days=1))

        assert after.opinion.is_vacuous
        assert not earlier.opinion.is_vacuous
        assert "retracted" in after.explain()

    def test_reassertion_after_retraction_counts(self) -> None:
        """
        A statement made after its source's retraction counts again.
        """
        ledger = Ledger.of(
            [
                said(ADVISER, "said", DAY),
                said(ADVISER, "retracted", DAY + dt.timedelta(days=1)),
                said(ADVISER, "confirmed", DAY + dt.timedelta(days=2)),
            ]
        )

        got = assess(ledger, CLAIM)

        assert 1 == sum(line.counted for line in got.lines)

    def test_as_of_drops_later_statements(self) -> None:
        """
        ``as_of`` ignores everything said after the day.
        """
        ledger = Ledger.of([said(ADVISER, "said", DAY + dt.timedelta(days=5))])

        got = assess(ledger, CLAIM, as_of=DAY)

        assert got.opinion.is_vacuous
        assert DAY == got.as_of

    def test_unknown_key(self) -> None:
        """
        An unknown claim key raises UnknownClaimError.
        """
        with pytest.raises(UnknownClaimError):
            assess(Ledger.of([said(ADVISER, "said")]), "nope")

    @pytest.mark.parametrize(
        ("args", "options", "path"),
        [
            (("not a ledger", CLAIM), {}, "assess.ledger"),
            ((Ledger(), CLAIM), {"policy": "policy"}, "assess.policy"),
            ((Ledger(), CLAIM), {"as_of": "2024-01-01"}, "assess.as_of"),
        ],
    )
    def test_bad_arguments(
        self, args: tuple[object, ...], options: dict[str, object], path: str
    ) -> None:
        """
        Bad arguments raise InvalidValueError naming the argument.
        """
        with pytest.raises(InvalidValueError) as info:
            assess(*args, **options)  # type: ignore[call-overload] # deliberately wrong

        assert path == info.value.path

    def test_classic_discounting(self) -> None:
        """
        The classic operator can be swapped in and gives a valid result.
        """
        policy = attrs.evolve(
            DEFAULT_POLICY, discounting=Discounting.UNCERTAINTY_FAVOURING
        )

        got = assess(
            Ledger.of([relay(PAPER, said(ADVISER, "said"))]), CLAIM, policy=policy
        )

        assert got.probability > 0.5

    def test_other_fusions(self) -> None:
        """
        Weighted fusion across groups is available.
        """
        policy = attrs.evolve(DEFAULT_POLICY, across_groups=Fusion.WEIGHTED)
        ledger = Ledger.of([said(ADVISER, "said"), said(OFFICIALS, "said")])

        assert assess(ledger, CLAIM, policy=policy).probability > 0.5


class TestAssessAll:
    def test_one_assessment_per_claim(self) -> None:
        """
        assess_all assesses every claim and agrees with assess.
        """
        other = Claim(text="Troops were sent", about=[NORTH])
        ledger = Ledger.of(
            [
                said(ADVISER, "said"),
                said(OFFICIALS, "said", claim=other),
                said(NIS, "believes"),
            ]
        )

        every = assess_all(ledger)

        assert set(ledger.claims) == set(every)
        for claim, assessment in every.items():
            assert assess(ledger, claim) == assessment

    def test_grading_moves_numbers(self) -> None:
        """
        Grading a source changes only the claims it reaches.
        """
        other = Claim(text="Troops were sent", about=[NORTH])
        ledger = Ledger.of([said(NIS, "said"), said(OFFICIALS, "said", claim=other)])

        before = assess_all(ledger)
        after = assess_all(ledger, policy=DEFAULT_POLICY.with_grade(NIS, "A"))

        assert after[CLAIM].probability > before[CLAIM].probability
        assert after[other].opinion == before[other].opinion

    def test_cumulative_is_fusion_of_groups(self) -> None:
        """
        The result is the cumulative fusion of the group opinions.
        """
        ledger = Ledger.of([said(ADVISER, "said"), said(OFFICIALS, "believes")])

        got = assess(ledger, CLAIM)

        assert cumulative_fuse(*(g.opinion for g in got.groups)) == got.opinion

    def test_assess_all_finds_routes_of_equal_objects(self) -> None:
        """
        A statement held directly and relayed as an equal but distinct object
        is one statement with two routes, in assess_all as in assess.
        """
        held = said(NIS, "said")
        again = said(NIS, "said")
        assert held == again
        assert held is not again
        ledger = Ledger.of(
            [held, relay(PAPER, relay(WIRE, again)), said(ADVISER, "believes")]
        )

        every = assess_all(ledger)

        for claim, assessment in every.items():
            assert assess(ledger, claim) == assessment
        lines = {line.statement.source: line for line in every[CLAIM].lines}
        assert lines[NIS].route_count == 2
        assert lines[NIS].route == ()


def graded(source: Source, verb: str, grade: int | None) -> Statement:
    return attrs.evolve(said(source, verb), credibility=grade)


class TestCredibility:
    """
    The analyst grades what was said, 1 (confirmed) to 6 (cannot be
    judged), apart from the reliability of who said it.
    """

    def test_ungraded(self) -> None:
        """
        Nothing graded: no credibility, no rating, no step.
        """
        got = assess(Ledger.of([said(ADVISER, "said")]), CLAIM)

        assert (None, None) == (got.credibility, got.rating)
        assert "credibility" not in [s.label for s in got.lines[0].steps]
        assert "credibility" not in got.explain()

    @pytest.mark.parametrize(
        ("grade", "factor"), [(1, 1.0), (2, 1.0), (3, 0.8), (4, 0.5), (5, 0.2)]
    )
    def test_factor_enters_the_weight(self, grade: int, factor: float) -> None:
        """
        The grade's factor multiplies the line's weight, and the line shows
        it as a step of its own.
        """
        plain = assess(Ledger.of([said(ADVISER, "said")]), CLAIM).lines[0]
        line = assess(Ledger.of([graded(ADVISER, "said", grade)]), CLAIM).lines[0]

        assert math.isclose(plain.weight * factor, line.weight)
        (step,) = [s for s in line.steps if s.label == "credibility"]
        description = DEFAULT_POLICY.credibility[grade].description
        assert f"graded {grade} ({description})" == step.subject
        assert f"weight x {factor:g}" in step.rule

    def test_lone_grade_1_says_whose_word_it_is(self) -> None:
        """
        One line graded 1 (confirmed by other sources) keeps the analyst's
        grade, and the explanation says the confirmation is the analyst's,
        not the ledger's; corroborated, it does not.
        """
        alone = assess(Ledger.of([graded(ADVISER, "said", 1)]), CLAIM)
        both = assess(
            Ledger.of([graded(ADVISER, "said", 1), graded(USA, "said", 1)]), CLAIM
        )

        assert (alone.credibility, alone.corroboration) == (1, 1)
        assert "graded 1 by the analyst; not corroborated" in alone.explain()
        assert both.corroboration == 2
        assert "not corroborated" not in both.explain()

    def test_dead_even_contradiction_takes_no_side(self) -> None:
        """
        Two equal agencies, one confirming, one denying, both graded 2: an
        even chance, which no line corroborates and no grade rates, though
        the fused belief and disbelief differ in the last bit.
        """
        one = Source(name="Aland Intelligence", kind=SourceKind.AGENCY)
        other = Source(name="Bland Intelligence", kind=SourceKind.AGENCY)
        ledger = Ledger.of(
            [
                attrs.evolve(said(one, "confirmed"), credibility=2),
                attrs.evolve(said(other, "denied"), credibility=2),
            ]
        )
        got = assess(ledger, CLAIM)

        assert math.isclose(got.probability, 0.5)
        assert (0, None, None) == (got.corroboration, got.credibility, got.rating)
        assert "0 independent line(s) of reporting agree" in got.explain()

    def test_six_changes_nothing(self) -> None:
        """
        Truth cannot be judged: the numbers are those of an ungraded line,
        and the claim reads 6.
        """
        plain = assess(Ledger.of([said(ADVISER, "said")]), CLAIM)
        unjudged = assess(Ledger.of([graded(ADVISER, "said", 6)]), CLAIM)

        assert plain.opinion == unjudged.opinion
        assert (6, "C6") == (unjudged.credibility, unjudged.rating)

    def test_doubtful_lowers(self) -> None:
        """
        A doubtful assertion counts less; a doubtful denial raises the
        claim it denies (it counts less against it).
        """
        sure = assess(Ledger.of([graded(ADVISER, "said", 2)]), CLAIM)
        doubtful = assess(Ledger.of([graded(ADVISER, "said", 4)]), CLAIM)
        denial = assess(Ledger.of([graded(USA, "denied", 2)]), CLAIM)
        doubted = assess(Ledger.of([graded(USA, "denied", 4)]), CLAIM)

        assert doubtful.probability < sure.probability
        assert doubted.probability > denial.probability
        assert (4, "C4") == (doubtful.credibility, doubtful.rating)

    def test_corroboration_confirms(self) -> None:
        """
        A probable (2) or possible (3) grade on a claim independent groups
        agree on reads as 1, confirmed by other sources, and the
        explanation says why; the lines keep their own factors.
        """
        alone = assess(Ledger.of([graded(ADVISER, "said", 3)]), CLAIM)
        both = assess(
            Ledger.of([graded(ADVISER, "said", 3), said(OFFICIALS, "said")]), CLAIM
        )

        assert (3, "C3") == (alone.credibility, alone.rating)
        assert 2 == both.corroboration
        assert (1, "C1") == (both.credibility, both.rating)
        assert "graded 3 (possibly true)" in both.explain()
        assert (
            "credibility 1 (confirmed by other sources), rated C1: the best grade "
            "given is 3, corroborated by 2 independent lines of reporting"
        ) in both.explain()

    def test_dependent_agreement_does_not_confirm(self) -> None:
        """
        Two bodies of one government are one group: no confirmation.
        """
        office = Source(name="Presidential office", kind=SourceKind.GOVERNMENT)
        got = assess(
            Ledger.of(
                [
                    graded(ADVISER, "said", 2),
                    said(attrs.evolve(office, affiliation=KOREA), "said"),
                ]
            ),
            CLAIM,
        )

        assert 1 == got.corroboration
        assert 2 == got.credibility

    def test_doubt_is_not_overruled(self) -> None:
        """
        Corroboration does not lift an explicit doubt (4) or improbability
        (5): the best grade stays.
        """
        got = assess(
            Ledger.of([graded(ADVISER, "said", 4), graded(OFFICIALS, "said", 5)]),
            CLAIM,
        )

        assert 2 == got.corroboration
        assert 4 == got.credibility

    def test_only_the_verdicts_side(self) -> None:
        """
        The claim's credibility reads the grades of lines that agree with
        the verdict: a graded denial the assertions outweigh does not count.
        """
        got = assess(
            Ledger.of(
                [
                    said(ADVISER, "said"),
                    said(OFFICIALS, "said"),
                    attrs.evolve(
                        graded(WIRE, "said", 1), stance=Stance.of("PS-", "doubted")
                    ),
                ]
            ),
            CLAIM,
        )

        assert got.probability > 0.5
        assert got.credibility is None

    def test_best_line_rates(self) -> None:
        """
        The rating's letter is the reliability of the best graded line's
        originator: its own grade when the policy gives it one.
        """
        policy = DEFAULT_POLICY.with_grade(OFFICIALS, "A")
        got = assess(
            Ledger.of([graded(ADVISER, "said", 3), graded(OFFICIALS, "said", 2)]),
            CLAIM,
            policy=policy,
        )

        assert "A1" == got.rating

    def test_zero_factor_explained(self) -> None:
        """
        A table whose factor is 0 leaves the line uncounted, and says why.
        """
        table = dict(DEFAULT_POLICY.credibility)
        table[5] = attrs.evolve(table[5], factor=0.0)
        policy = attrs.evolve(DEFAULT_POLICY, credibility=table)

        got = assess(Ledger.of([graded(ADVISER, "said", 5)]), CLAIM, policy=policy)

        assert got.lines[0].excluded is not None
        assert "information credibility 5 (improbable)" in got.lines[0].excluded

    @pytest.mark.parametrize(
        "table",
        [
            {},
            {k: v for k, v in DEFAULT_POLICY.credibility.items() if k != 6},
            {**DEFAULT_POLICY.credibility, 1: DEFAULT_POLICY.credibility[2]},
        ],
    )
    def test_table_checked(self, table: dict[int, object]) -> None:
        """
        The policy's table has each grade 1 to 6, filed under itself.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(DEFAULT_POLICY, credibility=table)

        assert info.value.path.startswith("Policy.credibility")


class TestValue:
    """
    An assessment is a value: equal when built from the same ledger, claim,
    policy and date, hashed alike, and never equal to anything else.
    """

    def test_equal_and_hashed_alike(self) -> None:
        ledger = Ledger.of([said(ADVISER, "accused"), said(RUSSIA, "denied")])
        first = assess(ledger, CLAIM)
        again = assess(ledger, CLAIM)
        earlier = assess(ledger, CLAIM, as_of=DAY - dt.timedelta(days=1))

        assert first is not again
        assert first == again
        assert not first != again  # noqa: SIM202  # __ne__ itself
        assert hash(first) == hash(again)
        assert 1 == len({first, again})
        assert first != earlier
        assert not first == earlier  # noqa: SIM201  # __eq__ itself

    def test_never_equal_to_another_kind(self) -> None:
        found = assess(Ledger.of([said(ADVISER, "accused")]), CLAIM)

        assert found != found.opinion
        assert not found == found.probability  # noqa: SIM201  # __eq__ itself
        assert found.__eq__(found.opinion) is NotImplemented
