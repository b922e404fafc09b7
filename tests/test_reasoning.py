"""
Reasoning an analyst can sign: time, dependence, interest, trust read with
affiliation, hearsay, confidence and conflict, as small analyst scenarios
under the default policy, and the laws behind them as properties.
"""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Ledger,
    Policy,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
    assess_all,
)
from provenance.assessment import Assessments
from provenance.grades import ADMIRALTY_GRADES
from provenance.opinion import Opinion
from provenance.policy import UNNAMED_SOURCES, Dependency


D = dt.date(2024, 3, 1)

GOV = Source(name="Ruritania", kind=SourceKind.GOVERNMENT)
MINISTRY = Source(
    name="Ruritanian foreign ministry", kind=SourceKind.AGENCY, affiliation=GOV
)
DEFENCE = Source(
    name="Ruritanian defence ministry", kind=SourceKind.AGENCY, affiliation=GOV
)
SPY = Source(name="Ruritanian intelligence", kind=SourceKind.AGENCY, affiliation=GOV)
OFFICIAL = Source(
    name="Anna Berg", kind=SourceKind.PERSON, role="deputy minister", affiliation=GOV
)
OTHER_GOV = Source(name="Freedonia", kind=SourceKind.GOVERNMENT)
WIRE = Source(name="Wire Service", kind=SourceKind.MEDIA_OUTLET)
PAPER = Source(name="Daily Paper", kind=SourceKind.MEDIA_OUTLET)
TV = Source(name="Ruritanian State TV", kind=SourceKind.MEDIA_OUTLET, affiliation=GOV)
NGO = Source(name="Watchdog", kind=SourceKind.ORGANISATION)
EXPERT = Source(name="Dr Lee", kind=SourceKind.PERSON)

PLAIN = Claim(text="The bridge collapsed.", key="bridge")
ACCUSES = Claim(text="Ruritania shelled the village.", key="shelling", about={GOV})
ACCUSES_SPY = Claim(
    text="Ruritanian intelligence ran the hack.", key="hack", about={SPY}
)


def said(
    source: Source,
    verb: str,
    claim: Claim = PLAIN,
    day: int = 1,
) -> Statement:
    return Statement(
        source=source,
        claim=claim,
        stance=Stance.from_verb(verb),
        made_on=dt.date(2024, 3, day),
    )


def relayed(reporter: Source, content: Statement | Report, day: int = 1) -> Report:
    return Report(reporter=reporter, content=content, made_on=dt.date(2024, 3, day))


def p(ledger: Ledger, claim: Claim = PLAIN, policy: Policy = DEFAULT_POLICY) -> float:
    return assess(ledger, claim, policy=policy).probability


class TestTime:
    def test_latest_word_governs_and_the_reversal_shows(self) -> None:
        """
        A source that confirmed on the 1st and denied on the 10th: the denial
        governs; the confirmation is shown superseded, as a reversal.
        """
        ledger = Ledger.of([said(NGO, "confirmed", day=1), said(NGO, "denied", day=10)])
        got = assess(ledger, PLAIN)

        assert got.probability < 0.5
        assert got.probability == pytest.approx(
            p(Ledger.of([said(NGO, "denied", day=10)]))
        )
        early = got.lines[0]
        assert not early.counted
        assert "superseded by its denied (CT-) of 2024-03-10, a reversal" in (
            early.excluded or ""
        )
        assert "superseded" in got.explain()

    def test_later_agreement_supersedes_without_reversal(self) -> None:
        ledger = Ledger.of(
            [said(NGO, "suggested", day=1), said(NGO, "confirmed", day=3)]
        )
        got = assess(ledger, PLAIN)

        assert got.lines[0].excluded is not None
        assert "reversal" not in got.lines[0].excluded
        assert got.probability == pytest.approx(
            p(Ledger.of([said(NGO, "confirmed", day=3)]))
        )

    def test_same_day_retraction_and_denial_never_cancel(self) -> None:
        """
        A retraction and a denial made the same day (no time of day): the
        retraction withdraws the earlier confirmation, the denial stands.
        """
        ledger = Ledger.of(
            [
                said(NGO, "confirmed", day=1),
                said(NGO, "retracted", day=5),
                said(NGO, "denied", day=5),
            ]
        )
        got = assess(ledger, PLAIN)

        assert got.probability < 0.5
        assert [line.counted for line in got.lines] == [False, False, True]
        assert "withdrawn by its source on 2024-03-05 (retracted)" in (
            got.lines[0].excluded or ""
        )

    def test_times_of_day_order_one_day(self) -> None:
        """
        With times of day, records of one day are ordered: a denial at 10:00
        supersedes a confirmation at 08:00, and a retraction at 09:00
        withdraws the 08:00 confirmation but not a 10:00 statement.
        """
        at = dt.time
        confirmed = attrs.evolve(said(NGO, "confirmed", day=5), made_at=at(8))
        denied = attrs.evolve(said(NGO, "denied", day=5), made_at=at(10))
        retracted = attrs.evolve(said(NGO, "retracted", day=5), made_at=at(9))

        flip = assess(Ledger.of([confirmed, denied]), PLAIN)
        assert [line.counted for line in flip.lines] == [False, True]
        assert "of 2024-03-05 10:00:00, a reversal" in (flip.lines[0].excluded or "")
        again = assess(Ledger.of([confirmed, retracted, denied]), PLAIN)
        assert [line.counted for line in again.lines] == [False, False, True]
        assert "withdrawn by its source on 2024-03-05 09:00:00" in (
            again.lines[0].excluded or ""
        )

    def test_untimed_records_of_one_day_are_simultaneous(self) -> None:
        """
        Without times of day, a confirmation and a denial of one day both
        stand: a contradiction inside the source, shown as conflict.
        """
        ledger = Ledger.of([said(NGO, "confirmed", day=5), said(NGO, "denied", day=5)])
        got = assess(ledger, PLAIN)

        assert all(line.counted for line in got.lines)
        assert got.conflict > 0.5

    def test_a_retraction_never_withdraws_what_came_after(self) -> None:
        ledger = Ledger.of(
            [said(NGO, "retracted", day=2), said(NGO, "confirmed", day=3)]
        )

        assert p(ledger) == pytest.approx(p(Ledger.of([said(NGO, "confirmed", day=3)])))

    def test_a_reporter_retracting_its_report_withdraws_the_route(self) -> None:
        """
        An outlet that retracts its story withdraws what reached the ledger
        only through its report.
        """
        story = relayed(PAPER, said(EXPERT, "said", day=1), day=2)
        retraction = said(PAPER, "retracted", day=4)
        before = Ledger.of([story])
        after = before.add(retraction)

        assert p(before) > 0.6
        got = assess(after, PLAIN)
        assert got.probability == pytest.approx(0.5)
        assert "withdrawn: it reached the ledger through Daily Paper's report" in (
            got.lines[0].excluded or ""
        )

    def test_a_retracted_route_leaves_other_routes(self) -> None:
        statement = said(EXPERT, "said", day=1)
        ledger = Ledger.of(
            [
                relayed(PAPER, statement, day=2),
                relayed(WIRE, statement, day=2),
                said(PAPER, "retracted", day=4),
            ]
        )
        got = assess(ledger, PLAIN)
        line = got.lines[0]

        assert line.counted
        assert line.route[0].reporter == WIRE
        assert line.route_count == 1

    def test_vacuous_later_statement_does_not_supersede(self) -> None:
        ledger = Ledger.of(
            [said(NGO, "confirmed", day=1), said(NGO, "declined to comment", day=9)]
        )

        assert p(ledger) == pytest.approx(p(Ledger.of([said(NGO, "confirmed", day=1)])))


class TestDependence:
    def test_weaker_dependent_statement_never_dilutes(self) -> None:
        """
        A government's firm statement plus a weaker one from its official:
        never lower than the firm statement alone.
        """
        firm = said(GOV, "confirmed")
        weak = said(OFFICIAL, "suggested")

        assert p(Ledger.of([firm, weak])) >= p(Ledger.of([firm])) - 1e-12
        assert p(Ledger.of([firm, weak])) == pytest.approx(p(Ledger.of([firm])))

    def test_contradiction_inside_a_group_shows_as_conflict(self) -> None:
        ledger = Ledger.of([said(MINISTRY, "confirmed"), said(DEFENCE, "denied")])
        got = assess(ledger, PLAIN)

        assert got.conflict > 0.5
        assert len(got.groups) == 1
        assert got.groups[0].conflict > 0.5
        assert "contradicts itself" in got.explain()

    def test_a_shared_conduit_counts_once(self) -> None:
        """
        Two independent sources heard only through one outlet are not
        independent of the outlet: less than through two outlets.
        """
        a, b = said(EXPERT, "said"), said(NGO, "said")
        one = Ledger.of([relayed(PAPER, a), relayed(PAPER, b)])
        two = Ledger.of([relayed(PAPER, a), relayed(WIRE, b)])

        got = assess(one, PLAIN)
        assert p(one) < p(two)
        assert len(got.units) == 1
        assert got.corroboration == 1
        assert "only through Daily Paper" in got.explain()

    @pytest.mark.parametrize(("act", "way"), [("confirmed", 1), ("denied", -1)])
    def test_a_groups_share_stays_in_its_conduit(self, act: str, way: int) -> None:
        """
        Two contradicting groups heard through one outlet: a statement of
        one of them held directly never takes its share out of the conduit,
        so it moves the claim only its own way.
        """
        a, b = said(OFFICIAL, "said"), said(EXPERT, "denied")
        before = Ledger.of([relayed(PAPER, a), relayed(PAPER, b)])
        after = before.add(said(MINISTRY, act))

        got = assess(after, PLAIN)
        assert (p(after) - p(before)) * way >= -1e-12
        assert any(u.source == PAPER for u in got.units if hasattr(u, "groups"))
        if way > 0:
            assert p(after) > p(before)
            assert "count only beyond its share there" in got.explain()


class TestInterest:
    def test_bare_denial_by_the_accused_is_roughly_even(self) -> None:
        got = assess(Ledger.of([said(GOV, "denied", ACCUSES)]), ACCUSES)

        assert got.words == "roughly even chance"

    def test_even_an_a_graded_accused_denial_stays_roughly_even(self) -> None:
        policy = DEFAULT_POLICY.with_grade(GOV, "A")
        got = assess(Ledger.of([said(GOV, "denied", ACCUSES)]), ACCUSES, policy=policy)

        assert got.words == "roughly even chance"

    def test_admission_counts_as_much_as_a_neutral(self) -> None:
        admitted = p(Ledger.of([said(GOV, "admitted", ACCUSES)]), ACCUSES)
        neutral = p(Ledger.of([said(OTHER_GOV, "said", ACCUSES)]), ACCUSES)

        assert admitted >= neutral - 1e-12

    def test_interest_through_the_partys_own_bodies(self) -> None:
        """
        A foreign ministry denying a claim about its intelligence agency is
        self-serving: they share a root affiliation.
        """
        got = assess(Ledger.of([said(MINISTRY, "denied", ACCUSES_SPY)]), ACCUSES_SPY)

        assert got.lines[0].interest is not None
        assert got.lines[0].interest.serving
        assert got.words == "roughly even chance"

    def test_a_party_relaying_its_own_side_is_discounted(self) -> None:
        denial = said(EXPERT, "denied", ACCUSES)
        party = Ledger.of([relayed(TV, denial)])
        neutral = Ledger.of([relayed(WIRE, denial)])

        assert p(party, ACCUSES) > p(neutral, ACCUSES)
        assert "self-serving" in assess(party, ACCUSES).lines[0].relays[0].reason

    def test_self_serving_denial_inside_the_accused_group_counts_little(self) -> None:
        """
        A minister's admission and the spokesman's self-serving denial are one
        group (one government): the denial, weight x0.1, moves the admission
        by about its weight, and by less than the same denial from outside
        the government, which counts in full (averaging took a fixed 0.09
        off the admission whatever the denial's weight).
        """
        admitted = said(OFFICIAL, "admitted", ACCUSES)
        alone = p(Ledger.of([admitted]), ACCUSES)
        inside = assess(
            Ledger.of([admitted, said(MINISTRY, "denied", ACCUSES, day=2)]), ACCUSES
        )
        outside = p(
            Ledger.of([admitted, said(OTHER_GOV, "denied", ACCUSES, day=2)]), ACCUSES
        )
        (denial,) = (line for line in inside.lines if line.statement.source == MINISTRY)

        assert denial.interest is not None
        assert denial.interest.serving
        assert alone - denial.weight <= inside.probability < alone
        assert inside.probability > outside


class TestTrust:
    def test_a_mouthpiece_is_trusted_no_more_than_its_state(self) -> None:
        assert (
            DEFAULT_POLICY.trust_in(TV).probability
            <= DEFAULT_POLICY.trust_in(GOV).probability
        )
        assert DEFAULT_POLICY.relay_trust_in(TV).probability <= (
            DEFAULT_POLICY.relay_trust_in(GOV).probability
        )
        assert "capped" in DEFAULT_POLICY.trust_in(TV).reason

    def test_an_override_beats_the_cap(self) -> None:
        policy = DEFAULT_POLICY.with_grade(TV, "A")

        assert policy.trust_in(TV).probability > policy.trust_in(GOV).probability

    def test_a_grade_holds_in_both_roles(self) -> None:
        policy = DEFAULT_POLICY.with_grade(PAPER, "E")
        story = Ledger.of([relayed(PAPER, said(EXPERT, "said"))])

        assert policy.relay_trust_in(PAPER).reason.startswith("Admiralty grade E")
        assert p(story, policy=policy) == pytest.approx(0.5)

    @pytest.mark.parametrize("letter", ["E", "G"])
    def test_unreliable_and_deceptive_count_no_more_than_unjudged(
        self, letter: str
    ) -> None:
        ledger = Ledger.of([said(NGO, "confirmed")])
        graded = p(ledger, policy=DEFAULT_POLICY.with_grade(NGO, letter))
        unjudged = p(ledger, policy=DEFAULT_POLICY.with_grade(NGO, "F"))

        assert graded <= unjudged
        assert "G" in ADMIRALTY_GRADES

    def test_grade_f_is_explained_as_unjudged_not_vacuous(self) -> None:
        got = assess(
            Ledger.of([said(NGO, "confirmed")]),
            PLAIN,
            policy=DEFAULT_POLICY.with_grade(NGO, "F"),
        )

        assert "reliability cannot be judged" in (got.lines[0].excluded or "")
        assert "vacuous" not in (got.lines[0].excluded or "")

    def test_unnamed_person_sits_between(self) -> None:
        person = Source(name="a senior official", kind=SourceKind.UNNAMED_PERSON)
        named = DEFAULT_POLICY.trust_in(EXPERT).probability
        crowd = DEFAULT_POLICY.trust_in(
            Source(name="officials", kind=SourceKind.ANONYMOUS_GROUP)
        ).probability

        assert crowd < DEFAULT_POLICY.trust_in(person).probability < named


class TestHearsay:
    def test_hearsay_is_weaker_than_a_named_source_on_the_record(self) -> None:
        """
        "Ruritania is said to have shelled the village" in the paper is an
        unnamed source relayed by the paper: weaker than a named minister
        quoted by the same paper, and weaker than the paper's own word.
        """
        minister = said(OFFICIAL, "said", PLAIN)
        quoted = Ledger.of([relayed(PAPER, minister)])
        hearsay = Ledger.of([said(PAPER, "is said to")])
        own = Ledger.of([said(PAPER, "said")])

        assert 0.5 < p(hearsay) < p(quoted)
        assert p(hearsay) < p(own)
        line = assess(hearsay, PLAIN).lines[0]
        assert line.hearsay is not None
        assert line.trust.reason.startswith("hearsay: an unnamed source")
        assert "repeats an unnamed source" in assess(hearsay, PLAIN).explain()

    @pytest.mark.parametrize("verb", ["reportedly", "is said to", "is rumoured to"])
    def test_outlets_repeating_unnamed_sources_are_one_line(self, verb: str) -> None:
        """
        Outlets repeating unnamed sources may all repeat one rumour
        (circular reporting): however many there are, their hearsay is one
        group, one line of reporting, uncorroborated; it never outweighs the
        same outlets quoting a named minister.
        """
        outlets = [
            Source(name=f"Outlet {i}", kind=SourceKind.MEDIA_OUTLET) for i in range(6)
        ]
        one = assess(Ledger.of([said(outlets[0], verb)]), PLAIN)
        many = assess(Ledger.of([said(outlet, verb) for outlet in outlets]), PLAIN)
        minister = said(OFFICIAL, "said")
        quoted = Ledger.of([relayed(outlet, minister) for outlet in outlets[:3]])

        assert 1 == many.corroboration == len(many.groups)
        assert UNNAMED_SOURCES == many.groups[0].source
        assert many.probability == pytest.approx(one.probability)
        assert many.probability < p(quoted) <= 0.8

    @pytest.mark.parametrize(
        "dependency", [Dependency.ROOT_AFFILIATION, Dependency.SOURCE]
    )
    def test_unnamed_sources_however_worded_are_one_line(
        self, dependency: Dependency
    ) -> None:
        """
        Three outlets each quoting an unnamed source affiliated with nothing,
        each worded its own way: one group, one line of reporting, as their
        hearsay would be; an unnamed source with an affiliation is grouped
        with its root, as a named one is.
        """
        policy = attrs.evolve(DEFAULT_POLICY, dependency=dependency)
        unnamed = [
            Source(name=name, kind=kind)
            for name, kind in [
                ("a senior official", SourceKind.UNNAMED_PERSON),
                ("a person familiar with the matter", SourceKind.UNNAMED_PERSON),
                ("people close to the president", SourceKind.ANONYMOUS_GROUP),
            ]
        ]
        outlets = [
            Source(name=f"Outlet {i}", kind=SourceKind.MEDIA_OUTLET) for i in range(3)
        ]
        quoted = Ledger.of(
            [
                relayed(outlet, said(source, "said"))
                for outlet, source in zip(outlets, unnamed, strict=True)
            ]
        )
        got = assess(quoted, PLAIN, policy=policy)

        assert 1 == got.corroboration == len(got.groups)
        assert UNNAMED_SOURCES == got.groups[0].source
        assert got.probability < 0.8
        inside = attrs.evolve(unnamed[0], affiliation=OTHER_GOV)
        expected = inside.root if dependency is Dependency.ROOT_AFFILIATION else inside
        assert expected == dependency.group_of(inside)
        apart = attrs.evolve(DEFAULT_POLICY, dependency=Dependency.NONE)
        assert 3 == assess(quoted, PLAIN, policy=apart).corroboration

    def test_hearsay_beside_a_named_source_counts_apart(self) -> None:
        """
        Hearsay and a named source are two lines of reporting: the rumour
        may be the source's own words, but nothing says so.
        """
        ledger = Ledger.of([said(PAPER, "reportedly"), said(EXPERT, "said")])

        assert 2 == assess(ledger, PLAIN).corroboration

    def test_hearsay_does_not_supersede_the_outlets_own_word(self) -> None:
        ledger = Ledger.of(
            [said(PAPER, "denied", day=1), said(PAPER, "is said to", day=5)]
        )
        got = assess(ledger, PLAIN)

        assert all(line.counted for line in got.lines)
        assert got.conflict > 0.0


class TestConfidence:
    def test_flat_contradiction_reads_high_conflict_and_low_confidence(self) -> None:
        ledger = Ledger.of([said(GOV, "confirmed"), said(OTHER_GOV, "denied")])
        got = assess(ledger, PLAIN)

        assert got.conflict >= 0.8
        assert got.confidence == "low"

    def test_agreement_reads_zero_conflict(self) -> None:
        ledger = Ledger.of([said(GOV, "confirmed"), said(OTHER_GOV, "suggested")])

        assert assess(ledger, PLAIN).conflict == 0.0

    def test_one_a_graded_source_is_at_most_moderate(self) -> None:
        got = assess(
            Ledger.of([said(NGO, "confirmed")]),
            PLAIN,
            policy=DEFAULT_POLICY.with_grade(NGO, "A"),
        )

        assert got.confidence in {"moderate", "low"}
        assert got.corroboration == 1

    def test_one_uncorroborated_report_is_at_most_likely(self) -> None:
        got = assess(Ledger.of([said(PAPER, "reported")]), PLAIN)

        assert got.probability <= 0.8 + 1e-12
        assert got.words == "likely"
        assert any("uncorroborated" in note for note in got.notes)

    def test_the_ceiling_is_never_passed_by_rounding(self) -> None:
        """
        A line held at the ceiling reads "likely", not "very likely" by an
        error in the last bit; likewise the floor reads "unlikely" (the
        mirror: "very unlikely" takes corroboration too).
        """
        odd = Opinion(0.603, 0.197, 0.2)
        policy = DEFAULT_POLICY.with_trust(EXPERT, odd)
        up = assess(Ledger.of([said(EXPERT, "said")]), PLAIN, policy=policy)
        down = assess(Ledger.of([said(EXPERT, "denied")]), PLAIN, policy=policy)

        assert up.probability <= 0.8
        assert up.words == "likely"
        assert down.probability >= 1.0 - 0.8
        assert down.words == "unlikely"

    def test_independent_corroboration_lifts_the_ceiling(self) -> None:
        ledger = Ledger.of([said(PAPER, "reported"), said(WIRE, "reported")])
        got = assess(ledger, PLAIN)

        assert got.probability > 0.8
        assert got.corroboration == 2
        assert got.confidence == "high"


class TestResults:
    def test_assessments_and_assessors_pickle(self) -> None:
        ledger = Ledger.of([said(GOV, "confirmed"), said(OTHER_GOV, "denied")])
        got = assess(ledger, PLAIN)
        again = pickle.loads(pickle.dumps(got))  # noqa: S301

        assert again == got
        assert again.explain() == got.explain()
        assessments = Assessments(ledger)
        assert pickle.loads(pickle.dumps(assessments))[PLAIN] == got  # noqa: S301

    def test_an_assessment_does_not_hold_the_ledger(self) -> None:
        ledger = Ledger.of([said(GOV, "confirmed")])
        got = assess(ledger, PLAIN)

        assert not any(
            isinstance(getattr(got, field.name), Ledger)
            for field in attrs.fields(type(got))
        )

    def test_one_source_saying_much_is_not_quadratic(self) -> None:
        """
        A source with thousands of statements and retractions on one claim:
        its latest word governs, found in one pass.
        """
        verbs = ["confirmed", "retracted", "denied"]
        records = [
            attrs.evolve(
                said(NGO, verbs[i % 3], day=1 + i % 28),
                made_at=dt.time(i // 3600 % 24, i // 60 % 60, i % 60),
            )
            for i in range(6000)
        ]
        got = assess_all(Ledger.of(records))[PLAIN]

        assert sum(line.counted for line in got.lines) >= 1

    def test_many_sources_on_one_claim_is_not_quadratic(self) -> None:
        sources = [Source(name=f"s{i}", kind=SourceKind.PERSON) for i in range(3000)]
        verbs = ["confirmed", "denied", "suggested", "doubted"]
        ledger = Ledger.of([said(s, verbs[i % 4]) for i, s in enumerate(sources)])
        got = assess_all(ledger)[PLAIN]

        assert 0.0 <= got.conflict <= 1.0


# The laws, as properties.

_VALUES = ["CT+", "PR+", "PS+"]


@st.composite
def _group_statements(draw: st.DrawFn) -> list[Statement]:
    members = [GOV, MINISTRY, DEFENCE, SPY, OFFICIAL]
    count = draw(st.integers(1, 5))
    return [
        Statement(
            source=draw(st.sampled_from(members)),
            claim=PLAIN,
            stance=Stance.of(draw(st.sampled_from([*_VALUES, "CT-", "PR-"])), "said"),
            made_on=D,
        )
        for _ in range(count)
    ]


class TestLaws:
    @given(
        _group_statements(),
        st.sampled_from(_VALUES),
        st.sampled_from([GOV, MINISTRY, SPY]),
    )
    def test_agreeing_dependent_statement_never_lowers_its_group(
        self, statements: list[Statement], value: str, speaker: Source
    ) -> None:
        before = Ledger.of(statements)
        extra = Statement(
            source=Source(
                name=f"{speaker.name} office", kind=SourceKind.AGENCY, affiliation=GOV
            ),
            claim=PLAIN,
            stance=Stance.of(value, "said"),
            made_on=D,
        )
        after = before.add(extra)

        assert p(after) >= p(before) - 1e-12

    @given(st.sampled_from(["CT+", "PR+"]), st.sampled_from(["CT-", "PR-"]))
    def test_contradiction_in_a_group_is_conflict(self, yes: str, no: str) -> None:
        ledger = Ledger.of(
            [
                Statement(
                    source=MINISTRY,
                    claim=PLAIN,
                    stance=Stance.of(yes, "said"),
                    made_on=D,
                ),
                Statement(
                    source=DEFENCE, claim=PLAIN, stance=Stance.of(no, "said"), made_on=D
                ),
            ]
        )

        assert assess(ledger, PLAIN).conflict > 0.0

    @given(
        st.lists(
            st.sampled_from([EXPERT, NGO, OTHER_GOV, WIRE]),
            min_size=2,
            max_size=4,
            unique=True,
        )
    )
    def test_lines_through_one_conduit_count_less_than_independent_ones(
        self, speakers: list[Source]
    ) -> None:
        statements = [said(s, "said") for s in speakers]
        outlets = [
            Source(name=f"Outlet {i}", kind=SourceKind.MEDIA_OUTLET)
            for i in range(len(statements))
        ]
        one = Ledger.of([relayed(PAPER, s) for s in statements])
        many = Ledger.of(
            [relayed(o, s) for o, s in zip(outlets, statements, strict=True)]
        )

        assert p(one) <= p(many) + 1e-12


class TestScenarios:
    """
    Small analyst stories, each with the judgement an analyst would sign.
    """

    def test_a_navy_admitting_its_loss_counts_fully(self) -> None:
        navy = Source(name="Ruritanian navy", kind=SourceKind.AGENCY, affiliation=GOV)
        sank = Claim(text="The Ruritanian cruiser sank.", about={GOV})
        admitted = Ledger.of([said(navy, "admitted", sank)])
        denied = Ledger.of([said(navy, "denied", sank)])

        assert p(admitted, sank) >= p(Ledger.of([said(OTHER_GOV, "said", sank)]), sank)
        assert p(admitted, sank) > 0.7
        assert 0.45 <= p(denied, sank) <= 0.55

    def test_independent_witnesses_outweigh_the_accuseds_denial(self) -> None:
        ledger = Ledger.of(
            [
                relayed(WIRE, said(NGO, "said", ACCUSES)),
                relayed(PAPER, said(EXPERT, "said", ACCUSES)),
                said(GOV, "denied", ACCUSES),
            ]
        )
        got = assess(ledger, ACCUSES)

        assert got.probability > 0.55
        assert got.corroboration == 2

    def test_named_beats_unnamed_beats_crowd(self) -> None:
        senior = Source(name="a senior official", kind=SourceKind.UNNAMED_PERSON)
        crowd = Source(name="officials", kind=SourceKind.ANONYMOUS_GROUP)

        named = p(Ledger.of([relayed(PAPER, said(EXPERT, "said"))]))
        unnamed = p(Ledger.of([relayed(PAPER, said(senior, "said"))]))
        anonymous = p(Ledger.of([relayed(PAPER, said(crowd, "said"))]))
        assert named > unnamed > anonymous > 0.5

    def test_the_accusers_own_media_alone_is_roughly_even(self) -> None:
        nk_tv = Source(name="KCTV", kind=SourceKind.MEDIA_OUTLET, affiliation=OTHER_GOV)
        drones = Claim(
            text="Ruritanian drones crossed.", about={GOV}, favours={OTHER_GOV}
        )
        got = assess(Ledger.of([said(nk_tv, "accused", drones)]), drones)

        assert got.words == "roughly even chance"

    def test_reprints_add_nothing(self) -> None:
        statement = said(EXPERT, "said")
        outlets = [
            Source(name=f"Outlet {i}", kind=SourceKind.MEDIA_OUTLET) for i in range(10)
        ]
        one = Ledger.of([relayed(outlets[0], statement)])
        ten = Ledger.of([relayed(o, statement) for o in outlets])

        assert p(ten) == pytest.approx(p(one))

    def test_one_government_repeating_itself_counts_once(self) -> None:
        offices = [
            Source(name=f"Office {i}", kind=SourceKind.AGENCY, affiliation=GOV)
            for i in range(10)
        ]
        many = Ledger.of([said(o, "confirmed") for o in offices])

        assert p(many) == pytest.approx(p(Ledger.of([said(offices[0], "confirmed")])))
        assert assess(many, PLAIN).corroboration == 1

    def test_a_retraction_leaves_independent_reporting(self) -> None:
        ledger = Ledger.of(
            [
                said(MINISTRY, "confirmed", day=1),
                said(MINISTRY, "retracted", day=3),
                said(WIRE, "reported", day=2),
            ]
        )

        assert p(ledger) == pytest.approx(p(Ledger.of([said(WIRE, "reported", day=2)])))

    def test_an_outlets_correction_withdraws_its_story(self) -> None:
        story = relayed(PAPER, said(EXPERT, "said", day=1), day=2)
        corrected = said(PAPER, "corrected", day=3)

        assert p(Ledger.of([story, corrected])) == pytest.approx(0.5)

    def test_declining_to_comment_further_changes_nothing(self) -> None:
        base = Ledger.of([said(NGO, "confirmed", day=1)])
        more = base.add(said(NGO, "declined to comment further", day=4))

        assert p(more) == pytest.approx(p(base))

    def test_a_deceiver_moves_nothing(self) -> None:
        policy = DEFAULT_POLICY.with_grade(NGO, "G")

        assert p(Ledger.of([said(NGO, "confirmed")]), policy=policy) == pytest.approx(
            0.5
        )

    def test_two_independent_credible_sources(self) -> None:
        one = assess(Ledger.of([said(WIRE, "reported")]), PLAIN)
        two = assess(Ledger.of([said(WIRE, "reported"), said(NGO, "confirmed")]), PLAIN)

        assert two.probability > one.probability
        assert two.confidence in {"moderate", "high"}
        assert two.corroboration == 2

    def test_a_high_base_rate_is_not_pulled_down_by_the_ceiling(self) -> None:
        policy = DEFAULT_POLICY.with_base_rate(PLAIN, 0.9)
        got = assess(Ledger.of([said(WIRE, "reported")]), PLAIN, policy=policy)

        assert got.probability >= 0.9

    def test_reportedly_is_hearsay(self) -> None:
        line = assess(Ledger.of([said(WIRE, "reportedly")]), PLAIN).lines[0]

        assert line.hearsay is not None

    def test_a_late_report_of_an_early_statement_does_not_revive_it(self) -> None:
        """
        The minister confirmed on the 1st and denied on the 5th; a paper
        reporting the confirmation on the 9th does not make it govern.
        """
        early = said(OFFICIAL, "confirmed", day=1)
        ledger = Ledger.of(
            [relayed(PAPER, early, day=9), said(OFFICIAL, "denied", day=5)]
        )

        assert p(ledger) < 0.5
