"""
Claims that relate: evidence flowing along entailment, equivalent claims,
exclusive hypotheses as one multinomial opinion, and quantities.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import pickle

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Ledger,
    Policy,
    Quantity,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
    assess_all,
)
from provenance import assessment as assessment_module
from provenance.ach import matrix
from provenance.claims import Bound
from provenance.errors import InvalidValueError, RelationError, UnknownClaimError
from provenance.hypotheses import HyperOpinion, SetAssessment
from provenance.opinion import Opinion, cumulative_fuse
from provenance.policy import Dependency
from provenance.relations import Entails, Equivalent, Exclusive, Flow, Relations

from cast import NIS, PYONGYANG, SEOUL, YONHAP


DAY = dt.date(2024, 10, 18)
OFFICIALS = Source(name="officials", kind=SourceKind.ANONYMOUS_GROUP)
FAMILY = Source(name="the family", kind=SourceKind.PERSON)
TYPHOID = Claim(text="X died of typhoid in August", key="typhoid")
DEAD = Claim(text="X is dead", key="dead")


def said(source: Source, claim: Claim, verb: str, day: dt.date = DAY) -> Statement:
    return Statement(
        source=source, claim=claim, stance=Stance.from_verb(verb), made_on=day
    )


# Random related ledgers: a handful of claims, statements on them, and
# relations that always hold together.

SOURCES = (NIS, PYONGYANG, SEOUL, YONHAP, OFFICIALS, FAMILY)
VERBS = ("said", "confirmed", "denied", "doubted", "reported", "suggested", "claimed")
CLAIMS = tuple(Claim(text=f"claim {i}", key=f"c{i}") for i in range(6))


@st.composite
def statements_on(draw: st.DrawFn, claims: tuple[Claim, ...]) -> list[Statement]:
    count = draw(st.integers(0, 10))
    return [
        said(
            draw(st.sampled_from(SOURCES)),
            draw(st.sampled_from(claims)),
            draw(st.sampled_from(VERBS)),
            DAY + dt.timedelta(days=draw(st.integers(0, 5))),
        )
        for _ in range(count)
    ]


@st.composite
def entailing_ledgers(draw: st.DrawFn) -> Ledger:
    """
    Claims 0..5 with entailment only from a lower to a higher index (never
    a cycle), and statements on any of them.
    """
    pairs = [(i, j) for i in range(6) for j in range(i + 1, 6)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=6))
    relations = [Entails(specific=CLAIMS[i], general=CLAIMS[j]) for i, j in chosen]
    return Ledger.of([*draw(statements_on(CLAIMS)), *relations])


@st.composite
def set_ledgers(draw: st.DrawFn) -> Ledger:
    """
    An exclusive set over claims 0..k, and maybe entailment into and out of
    it from claims outside it.
    """
    size = draw(st.integers(2, 4))
    members = CLAIMS[:size]
    exhaustive = draw(st.booleans())
    relations: list[object] = [
        Exclusive(key="set", claims=members, exhaustive=exhaustive)
    ]
    outside = CLAIMS[size:]
    if len(outside) > 0 and draw(st.booleans()):
        relations.append(
            Entails(specific=draw(st.sampled_from(members)), general=outside[0])
        )
    if len(outside) > 1 and draw(st.booleans()):
        relations.append(
            Entails(specific=outside[1], general=draw(st.sampled_from(members)))
        )
    if len(outside) > 2 and draw(st.booleans()):
        relations.append(
            Exclusive(
                key="other",
                claims=[outside[0], outside[2]],
                exhaustive=draw(st.booleans()),
            )
        )
    return Ledger.of([*draw(statements_on(CLAIMS)), *relations])  # type: ignore[list-item]


policies = st.sampled_from(
    [
        DEFAULT_POLICY,
        attrs.evolve(DEFAULT_POLICY, uncorroborated_ceiling=None),
        attrs.evolve(DEFAULT_POLICY, dependency=Dependency.NONE),
        DEFAULT_POLICY.with_base_rate(CLAIMS[0], 0.2).with_base_rate(CLAIMS[3], 0.7),
    ]
)


class TestLaws:
    @given(entailing_ledgers(), policies)
    def test_specific_never_above_general(self, ledger: Ledger, policy: Policy) -> None:
        """
        Whenever one claim entails another, it is no more probable.
        """
        assessments = assess_all(ledger, policy=policy)
        for relation in ledger.relations:
            assert isinstance(relation, Entails)
            specific = assessments[relation.specific].probability
            general = assessments[relation.general].probability
            assert specific <= general

    @given(set_ledgers(), policies)
    def test_set_sums_to_at_most_one(self, ledger: Ledger, policy: Policy) -> None:
        """
        An exclusive set's probabilities sum to at most 1, and to 1 when it
        is exhaustive unless what they entail holds every member down; its
        members' entailments still hold.
        """
        assessments = assess_all(ledger, policy=policy)
        exclusives = [r for r in ledger.relations if isinstance(r, Exclusive)]
        for exclusive in exclusives:
            found = assessments.hypotheses(exclusive)
            total = math.fsum(found.probabilities.values())
            assert total <= 1.0 + 1e-9
            if exclusive.exhaustive and not math.isclose(total, 1.0, abs_tol=1e-9):
                # Only when what they entail holds every member down.
                for member in found.members:
                    ceiling = min(
                        (
                            assessments[r.general].probability
                            for r in ledger.relations
                            if isinstance(r, Entails) and r.specific == member.claim
                        ),
                        default=1.0,
                    )
                    assert member.probability >= ceiling - 1e-9
        for relation in ledger.relations:
            if isinstance(relation, Entails):
                assert (
                    assessments[relation.specific].probability
                    <= assessments[relation.general].probability
                )

    @given(entailing_ledgers(), st.data())
    def test_equivalent_claims_equal(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        Equivalent claims get equal assessments, whatever else relates them.
        """
        first, second = data.draw(
            st.lists(st.sampled_from(CLAIMS), min_size=2, max_size=2, unique=True)
        )
        try:
            related = ledger.add(Equivalent(claims=(first, second)))
        except RelationError:
            return  # Made a cycle of entailment between distinct classes.
        assessments = assess_all(related)
        assert assessments[first].opinion == assessments[second].opinion

    @given(st.one_of(entailing_ledgers(), set_ledgers()), policies)
    def test_one_claim_as_all(self, ledger: Ledger, policy: Policy) -> None:
        """
        Assessing one claim gives what assessing them all does, explanation
        included.
        """
        everything = assess_all(ledger, policy=policy)
        for claim in ledger.claims:
            alone = assess(ledger, claim, policy=policy)
            assert alone == everything[claim]
            assert alone.explain() == everything[claim].explain()

    @given(st.one_of(entailing_ledgers(), set_ledgers()))
    def test_incremental_equals_full(self, ledger: Ledger) -> None:
        """
        Changing one source's trust re-assesses related claims too.
        """
        before = assess_all(ledger)
        policy = before.policy.with_grade(NIS, "A").with_grade(OFFICIALS, "E")
        assert before.with_policy(policy) == dict(assess_all(ledger, policy=policy))

    @given(entailing_ledgers())
    def test_unrelated_claims_unchanged(self, ledger: Ledger) -> None:
        """
        Relations move only the claims they connect.
        """
        outsider = Claim(text="unrelated", key="unrelated")
        with_outsider = ledger.add(said(YONHAP, outsider, "reported"))
        got = assess_all(with_outsider)["unrelated"]
        assert (
            got
            == assess_all(Ledger.of([said(YONHAP, outsider, "reported")]))["unrelated"]
        )

    @given(
        st.one_of(entailing_ledgers(), set_ledgers()),
        st.sampled_from(SOURCES),
        st.data(),
        policies,
    )
    def test_a_retraction_withdraws_every_earlier_line(
        self, ledger: Ledger, source: Source, data: st.DataObject, policy: Policy
    ) -> None:
        """
        After a source retracts a claim, none of its earlier statements
        counts for that claim: neither those on it nor those it borrows from
        the claims related to it.
        """
        claim = data.draw(st.sampled_from(CLAIMS))
        later = DAY + dt.timedelta(days=10)
        retracted = ledger.add(said(source, claim, "retracted", later))
        for line in assess(retracted, claim, policy=policy).lines:
            assert not (line.counted and line.statement.source == source)

    @given(statements_on((CLAIMS[0],)), st.sampled_from(list(Dependency)))
    def test_two_analysts_keys_count_once(
        self, statements: list[Statement], dependency: Dependency
    ) -> None:
        """
        One claim recorded under two analysts' keys, the same statements in
        both, merged and declared equivalent: the same numbers as one
        analyst's ledger alone, under every dependency rule.
        """
        policy = attrs.evolve(DEFAULT_POLICY, dependency=dependency)
        other = Claim(text="claim zero, in other words", key="zero")
        mine = Ledger.of(statements)
        theirs = Ledger.of(attrs.evolve(s, claim=other) for s in statements)
        merged = mine.merge(theirs).add(Equivalent(claims=(CLAIMS[0], other)))
        expected = assess(mine, CLAIMS[0], policy=policy).opinion
        assert assess(merged, CLAIMS[0], policy=policy).opinion == expected
        assert assess(merged, other, policy=policy).opinion == expected


class TestEntailment:
    def test_long_chain_walked_from_statements(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A chain of entailments is walked once up and once down from each
        class with statements, not from every class: a hostile chain of
        thousands of claims with one statement costs what its statement does
        (it took seconds, growing with the cube of the chain). Every claim up
        the chain borrows the one assertion, none down it.
        """
        claims = [Claim(text=f"link {i}", key=f"link-{i}") for i in range(300)]
        chain = [Entails(specific=a, general=b) for a, b in itertools.pairwise(claims)]
        ledger = Ledger.of([said(FAMILY, claims[100], "said"), *chain])
        walks: list[Claim] = []

        def counted(walk: Callable[[Relations, Claim], tuple[Claim, ...]]) -> Any:
            def counting(self: Relations, claim: Claim) -> tuple[Claim, ...]:
                walks.append(claim)
                return walk(self, claim)

            return counting

        monkeypatch.setattr(Relations, "implied", counted(Relations.implied))
        monkeypatch.setattr(Relations, "implying", counted(Relations.implying))

        found = assess_all(ledger)

        assert walks == [claims[100], claims[100]]
        assert all(found[c].probability > 0.5 for c in claims[100:])
        assert all(found[c].probability == 0.5 for c in claims[:100])

    def test_long_chain_of_accusations_judged_in_short_lists(self) -> None:
        """
        A denial of the top of a chain of claims, each accusing another body
        of the speaking state, is judged on each link's specifics, kept one
        a root and side: the lists stay short however long the chain (they
        grew with it, the chain's cost with its square), and every copy of
        the denial is self-serving.
        """
        state = Source(name="Xland", kind=SourceKind.GOVERNMENT)
        bodies = [
            Source(name=f"office {i}", kind=SourceKind.AGENCY, affiliation=state)
            for i in range(300)
        ]
        claims = [
            Claim(text=f"link {i}", key=f"link-{i}", about=[body])
            for i, body in enumerate(bodies)
        ]
        chain = [Entails(specific=a, general=b) for a, b in itertools.pairwise(claims)]
        relations = Relations.of(chain)
        heads = [relations.head(c) for c in reversed(claims)]  # Generals first.

        below = assessment_module._named_specifics(relations, heads, frozenset({state}))
        found = assess_all(Ledger.of([said(bodies[0], claims[-1], "denied"), *chain]))

        assert max(len(named) for named in below.values()) == 1
        assert all(found[c].lines[0].interest is not None for c in claims)
        assert all(found[c].lines[0].interest.serving for c in claims)  # type: ignore[union-attr]

    def test_specific_supports_general(self) -> None:
        """
        The story of the issue: without the relation the specific claim came
        out more probable than the general claim it implies; with it, the
        support for the specific claim supports the general one.
        """
        records = [
            said(FAMILY, TYPHOID, "said"),
            said(YONHAP, TYPHOID, "reported"),
            said(OFFICIALS, TYPHOID, "doubted"),
            said(OFFICIALS, DEAD, "doubted"),
        ]
        islands = assess_all(Ledger.of(records))
        assert islands["typhoid"].probability > islands["dead"].probability
        related = assess_all(
            Ledger.of([*records, Entails(specific=TYPHOID, general=DEAD)])
        )
        assert related["dead"].probability > islands["dead"].probability
        assert related["typhoid"].probability <= related["dead"].probability
        flows = {line.flow for line in related["dead"].lines}
        assert flows == {None, Flow.SPECIFIC}
        assert "it entails this claim" in related["dead"].explain()

    def test_denial_of_general_counts_against_specific(self) -> None:
        """
        A denial of the general claim is evidence against the specific one;
        a denial of the specific claim says nothing of the general one.
        """
        ledger = Ledger.of(
            [
                said(PYONGYANG, DEAD, "denied"),
                said(YONHAP, TYPHOID, "denied"),
                Entails(specific=TYPHOID, general=DEAD),
            ]
        )
        got = assess_all(ledger)
        flows = [(line.statement.source, line.flow) for line in got["typhoid"].lines]
        assert (PYONGYANG, Flow.GENERAL) in flows
        assert [line.statement.source for line in got["dead"].lines] == [PYONGYANG]

    def test_transitive(self) -> None:
        """
        Support flows up a chain of entailment, denials down it.
        """
        middle = Claim(text="X died in August", key="august")
        ledger = Ledger.of(
            [
                said(YONHAP, TYPHOID, "reported"),
                said(OFFICIALS, DEAD, "denied"),
                Entails(specific=TYPHOID, general=middle),
                Entails(specific=middle, general=DEAD),
            ]
        )
        got = assess_all(ledger)
        assert got["dead"].probability >= got["august"].probability
        assert got["august"].probability >= got["typhoid"].probability
        assert {line.statement.source for line in got["dead"].lines} == {
            YONHAP,
            OFFICIALS,
        }
        assert {line.statement.source for line in got["typhoid"].lines} == {
            YONHAP,
            OFFICIALS,
        }

    def test_one_source_on_both_counts_once(self) -> None:
        """
        A source that spoke on both claims is one group: its lines do not
        add up.
        """
        both = Ledger.of(
            [
                said(YONHAP, TYPHOID, "reported"),
                said(YONHAP, DEAD, "reported"),
                Entails(specific=TYPHOID, general=DEAD),
            ]
        )
        alone = Ledger.of([said(YONHAP, DEAD, "reported")])
        assert assess(both, DEAD).opinion == assess(alone, DEAD).opinion

    def test_prior_of_specific_held_below_general(self) -> None:
        """
        A specific claim's base rate never exceeds its general claim's.
        """
        policy = DEFAULT_POLICY.with_base_rate(TYPHOID, 0.9).with_base_rate(DEAD, 0.3)
        ledger = Ledger.of([Entails(specific=TYPHOID, general=DEAD)])
        got = assess_all(ledger, policy=policy)
        assert got["typhoid"].opinion.base_rate == 0.3
        assert got["typhoid"].probability <= got["dead"].probability

    def test_no_set_holds_the_specific_down(self) -> None:
        """
        Outside any exclusive set, a specific claim more probable than the
        claim it entails is held down to it (with a note): the general
        claim is never raised by it, as only a set's support flows up.
        """
        gov = Source(name="Gov", kind=SourceKind.GOVERNMENT)
        denied = Statement(
            source=gov,
            claim=DEAD,
            stance=Stance.of("PR-", "doubted"),
            credibility=2,
            made_on=dt.date(2023, 10, 4),
        )
        doubted = Statement(
            source=gov,
            claim=TYPHOID,
            stance=Stance.of("PS-", "questioned"),
            made_on=dt.date(2025, 7, 7),
        )
        relayed = Report(reporter=gov, content=doubted, made_on=dt.date(2025, 7, 27))
        alone = assess_all(Ledger.of([denied, relayed]))

        got = assess_all(
            Ledger.of([denied, relayed, Entails(specific=TYPHOID, general=DEAD)])
        )

        assert alone["typhoid"].probability > alone["dead"].probability
        assert got["dead"].probability == alone["dead"].probability
        assert got["typhoid"].probability == got["dead"].probability
        assert not any(note.startswith("raised") for note in got["dead"].notes)
        assert any(note.startswith("held at") for note in got["typhoid"].notes)

    def test_claim_only_relations_name(self) -> None:
        """
        A general claim nobody spoke of is assessed from what flows to it.
        """
        ledger = Ledger.of(
            [said(YONHAP, TYPHOID, "reported"), Entails(specific=TYPHOID, general=DEAD)]
        )
        assert DEAD in ledger.claims
        assert assess(ledger, "dead").probability > 0.5


class TestExclusive:
    RUSSIAN = Claim(text="The missile was Russian", key="russian")
    UKRAINIAN = Claim(text="The missile was Ukrainian", key="ukrainian")
    POLISH = Claim(text="The missile was Polish", key="polish")

    def ledger(self, *records: object, exhaustive: bool = True) -> Ledger:
        hypotheses = Exclusive(
            key="missile",
            claims={self.RUSSIAN, self.UKRAINIAN, self.POLISH},
            exhaustive=exhaustive,
        )
        return Ledger.of([*records, hypotheses])  # type: ignore[list-item]

    def test_support_for_one_lowers_the_others(self) -> None:
        """
        Evidence for one hypothesis is evidence against its rivals; the
        probabilities sum to 1 for an exhaustive set.
        """
        ledger = self.ledger(said(SEOUL, self.RUSSIAN, "said"))
        found = assess(ledger, ledger.hypotheses("missile"))
        assert isinstance(found, SetAssessment)
        probabilities = found.probabilities
        assert math.isclose(math.fsum(probabilities.values()), 1.0)
        assert probabilities[self.RUSSIAN] > 1 / 3 > probabilities[self.UKRAINIAN]
        assert probabilities[self.UKRAINIAN] == probabilities[self.POLISH]
        assert found.none is None
        assert found["russian"].claim == self.RUSSIAN
        assert "hypotheses of missile" in found["russian"].explain()

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(SOURCES),
                st.sampled_from([RUSSIAN, UKRAINIAN, POLISH]),
                st.sampled_from(VERBS),
            ),
            max_size=6,
        ),
        st.booleans(),
    )
    def test_corroboration_agrees_with_the_verdict(
        self, said_: list[tuple[Source, Claim, str]], exhaustive: bool
    ) -> None:
        """
        A hypothesis the set leaves on the other side of even from its own
        lines is corroborated by none of them: no line counts as agreeing
        with a verdict it goes against.
        """
        records = [said(source, claim, verb) for source, claim, verb in said_]
        found = assess_all(self.ledger(*records, exhaustive=exhaustive))
        for claim in (self.RUSSIAN, self.UKRAINIAN, self.POLISH):
            got = found[claim]
            side = got.opinion.verdict_side
            agreeing = {
                line.statement.source.root
                for line in got.lines
                if line.counted and line.stance.side == side
            }
            assert got.corroboration <= (len(agreeing) if side else 0)

    @pytest.mark.parametrize("exhaustive", [True, False])
    def test_one_uncorroborated_line_is_held_within_the_ceiling(
        self, exhaustive: bool
    ) -> None:
        """
        One uncorroborated line on a hypothesis reads as it would on a claim
        of the hypothesis's base rate alone (1/3 in an exhaustive set of
        three, 1/4 with "none of these"), held within the ceiling: one
        confirmation at most ``a + 0.6 * (1 - a)``, the evidence that gives
        0.80 at even odds.
        """
        a = 1 / 3 if exhaustive else 1 / 4
        denial = said(PYONGYANG, self.UKRAINIAN, "denied")
        confirmation = said(SEOUL, self.RUSSIAN, "confirmed")
        denied = assess_all(self.ledger(denial, exhaustive=exhaustive))[self.UKRAINIAN]
        confirmed = assess_all(self.ledger(confirmation, exhaustive=exhaustive))[
            self.RUSSIAN
        ]

        def alone(record: Statement) -> float:
            policy = DEFAULT_POLICY.with_base_rate(record.claim, a)
            return assess(Ledger.of([record]), record.claim, policy=policy).probability

        assert denied.probability == pytest.approx(alone(denial), abs=1e-9)
        assert confirmed.probability == pytest.approx(alone(confirmation), abs=1e-9)
        assert confirmed.probability <= a + 0.6 * (1 - a) + 1e-9
        assert denied.probability < a < confirmed.probability

    def test_a_denied_hypothesis_made_likely_is_not_corroborated(self) -> None:
        """
        Its rivals denied by two independent sources each, the set makes a
        hypothesis likely whose only line doubts it: no line agrees with
        that verdict.
        """
        ledger = self.ledger(
            said(NIS, self.RUSSIAN, "denied"),
            said(YONHAP, self.RUSSIAN, "denied"),
            said(NIS, self.POLISH, "denied"),
            said(YONHAP, self.POLISH, "denied"),
            said(SEOUL, self.UKRAINIAN, "doubted"),
        )
        found = assess_all(ledger)[self.UKRAINIAN]

        assert found.probability > 0.55
        assert found.corroboration == 0
        assert "0 independent line(s) of reporting agree" in found.explain()

    def test_denial_spreads_to_the_rest(self) -> None:
        """
        A denial of one hypothesis is belief in the others together.
        """
        ledger = self.ledger(said(PYONGYANG, self.UKRAINIAN, "denied"))
        found = assess_all(ledger).hypotheses("missile")
        p = found.probabilities
        assert p[self.UKRAINIAN] < 1 / 3 < p[self.RUSSIAN]
        assert math.isclose(p[self.RUSSIAN], p[self.POLISH])

    def test_at_most_one_leaves_room_for_none(self) -> None:
        """
        A set that is not exhaustive keeps "none of these" as a hypothesis.
        """
        ledger = self.ledger(
            said(PYONGYANG, self.UKRAINIAN, "denied"),
            said(SEOUL, self.RUSSIAN, "denied"),
            exhaustive=False,
        )
        found = assess_all(ledger).hypotheses("missile")
        assert found.none is not None
        p = found.probabilities
        assert math.isclose(found.none, p[self.POLISH])
        assert found.none > p[self.RUSSIAN]
        assert math.isclose(math.fsum(found.probabilities.values()) + found.none, 1.0)

    def test_base_rates_from_the_policy(self) -> None:
        """
        Rates set for members are kept, the rest share what is left; rates
        that cannot sum to 1 are refused naming the set.
        """
        ledger = self.ledger()
        policy = DEFAULT_POLICY.with_base_rate(self.RUSSIAN, 0.6)
        found = assess_all(ledger, policy=policy).hypotheses("missile")
        assert found.opinion.base_rates == pytest.approx((0.2, 0.6, 0.2))
        too_much = policy.with_base_rate(self.POLISH, 0.5)
        with pytest.raises(InvalidValueError, match="missile"):
            assess_all(ledger, policy=too_much)

    def test_unknown_set(self) -> None:
        """
        A set the ledger does not hold is refused as a KeyError.
        """
        ledger = self.ledger()
        stranger = Exclusive(key="other", claims={self.RUSSIAN, DEAD})
        with pytest.raises(UnknownClaimError):
            assess(ledger, stranger)
        with pytest.raises(UnknownClaimError):
            assess_all(ledger).hypotheses("other")
        with pytest.raises(UnknownClaimError):
            ledger.hypotheses("other")

    @pytest.mark.parametrize("exhaustive", [True, False])
    def test_explain(self, exhaustive: bool) -> None:
        """
        The set's verdict: what the set claims, its uncertainty, each
        hypothesis most probable first with its lines counted, and "none of
        these" only for a set that is not exhaustive.
        """
        ledger = self.ledger(said(SEOUL, self.RUSSIAN, "said"), exhaustive=exhaustive)
        found = assess(ledger, ledger.hypotheses("missile"))
        assert isinstance(found, SetAssessment)

        lines = found.explain().splitlines()

        words = "exactly one" if exhaustive else "at most one"
        assert f"Hypotheses: missile ({words} of 3 true)" == lines[0]
        assert f"  uncertainty u={found.opinion.uncertainty:.3f}" == lines[1]
        russian = found["russian"]
        assert (
            f"  - {self.RUSSIAN}: {russian.words} (P={russian.probability:.3f}), "
            "1 line(s) counted"
        ) == lines[2]
        assert 2 == sum("0 line(s) counted" in line for line in lines)
        none = [line for line in lines if "none of these" in line]
        if exhaustive:
            assert [] == none
        else:
            assert [f"  - none of these: P={found.none:.3f}"] == none

    def test_not_a_hypothesis(self) -> None:
        ledger = self.ledger(said(SEOUL, self.RUSSIAN, "said"))
        found = assess(ledger, ledger.hypotheses("missile"))
        assert isinstance(found, SetAssessment)

        with pytest.raises(InvalidValueError) as exc:
            found["russia"]

        assert "is not a hypothesis of this set" == exc.value.msg
        assert "SetAssessment[missile]" == exc.value.path
        assert "russia" == exc.value.value

    def test_exhaustive_base_rates_short_of_one(self) -> None:
        """
        Base rates set for every member of an exhaustive set must sum to 1:
        the error names the set and the sum.
        """
        ledger = self.ledger(said(SEOUL, self.RUSSIAN, "said"))
        policy = DEFAULT_POLICY
        for claim in (self.RUSSIAN, self.UKRAINIAN, self.POLISH):
            policy = policy.with_base_rate(claim, 0.2)

        with pytest.raises(InvalidValueError) as exc:
            assess(ledger, "missile", policy=policy)

        assert (
            "the base rates of an exhaustive set's hypotheses must sum to 1"
            == exc.value.msg
        )
        assert "Policy.claim_base_rates[missile]" == exc.value.path
        assert 0.6 == exc.value.value
        not_exhaustive = self.ledger(
            said(SEOUL, self.RUSSIAN, "said"), exhaustive=False
        )
        assert isinstance(
            assess(not_exhaustive, "missile", policy=policy), SetAssessment
        )


class TestHyperOpinion:
    @given(
        st.lists(
            st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
            min_size=2,
            max_size=5,
        ),
        st.booleans(),
    )
    def test_probabilities_sum_to_one(
        self, masses: list[tuple[float, float, float]], exhaustive: bool
    ) -> None:
        """
        The domain's projected probabilities sum to 1; each hypothesis's
        binomial view keeps its probability.
        """
        members = CLAIMS[: len(masses)]
        opinions = {}
        for claim, (r, s, w) in zip(members, masses, strict=True):
            total = r + s + w
            if total == 0.0:
                opinions[claim] = Opinion.vacuous()
                continue
            b, d = r / total, s / total
            opinions[claim] = Opinion(b, d, max(0.0, 1.0 - b - d))
        hyper = HyperOpinion.of(members, opinions, exhaustive=exhaustive)
        assert math.isclose(math.fsum(hyper.probabilities), 1.0, abs_tol=1e-9)
        for position in range(len(members)):
            view = hyper.coarsened(position)
            assert math.isclose(
                view.probability, hyper.probabilities[position], abs_tol=1e-9
            )

    @given(
        st.lists(
            st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
            min_size=2,
            max_size=5,
        ),
        st.booleans(),
        st.data(),
        st.floats(0.0, 0.99),
    )
    def test_evidence_against_one_never_lowers_another(
        self,
        masses: list[tuple[float, float, float]],
        exhaustive: bool,
        data: st.DataObject,
        against: float,
    ) -> None:
        """
        More disbelief in one hypothesis (a denial: belief that one of the
        others holds) never lowers any other hypothesis: it is shared among
        them as the rest of the evidence weighs them (shared by base rate,
        ruling out a rival moved belief from the leader to the trailing
        hypotheses).
        """
        members = CLAIMS[: len(masses)]
        opinions = {}
        for claim, (r, s, w) in zip(members, masses, strict=True):
            total = r + s + w
            if total == 0.0:
                opinions[claim] = Opinion.vacuous()
                continue
            b, d = r / total, s / total
            opinions[claim] = Opinion(b, d, max(0.0, 1.0 - b - d))
        denied = data.draw(st.sampled_from(members))
        more = dict(opinions)
        more[denied] = cumulative_fuse(
            opinions[denied], Opinion(0.0, against, 1.0 - against)
        )

        before = HyperOpinion.of(members, opinions, exhaustive=exhaustive)
        after = HyperOpinion.of(members, more, exhaustive=exhaustive)

        for position, claim in enumerate(members):
            if claim != denied:
                moved = after.probabilities[position] - before.probabilities[position]
                assert moved >= -1e-6

    def test_ruling_out_a_rival_never_lowers_the_leader(self) -> None:
        """
        Two sources support structural fatigue for a dam's failure; the army
        denies a missile strike: fatigue does not fall, and sabotage, which
        nothing supports, does not gain more than its share (it rose from
        0.07 to 0.16 while fatigue fell from 0.86 to 0.79).
        """
        day = dt.date(2025, 6, 1)
        fatigue, missile, sabotage = (
            Claim(text=f"The dam failed from {cause}", key=key)
            for cause, key in (
                ("structural fatigue", "fatigue"),
                ("a missile strike", "missile"),
                ("sabotage", "sabotage"),
            )
        )
        readings = Exclusive(
            key="dam", claims={fatigue, missile, sabotage}, exhaustive=True
        )

        def said(name: str, kind: SourceKind, claim: Claim, verb: str) -> Statement:
            return Statement(
                source=Source(name=name, kind=kind),
                claim=claim,
                stance=Stance.from_verb(verb),
                made_on=day,
            )

        support = [
            said("Inspection agency", SourceKind.AGENCY, fatigue, "confirmed"),
            said("Engineers' union", SourceKind.ORGANISATION, fatigue, "said"),
        ]
        denial = said("Army spokesman", SourceKind.PERSON, missile, "denied")
        before = assess(Ledger.of([readings, *support]), readings).probabilities
        after = assess(Ledger.of([readings, *support, denial]), readings).probabilities

        assert after[fatigue] > before[fatigue]
        assert after[missile] < before[missile]
        assert after[sabotage] < 0.1

    def test_vacuous_members(self) -> None:
        """
        No evidence: every hypothesis at its base rate.
        """
        members = CLAIMS[:3]
        hyper = HyperOpinion.of(
            members, {c: Opinion.vacuous() for c in members}, exhaustive=False
        )
        assert hyper.uncertainty == 1.0
        assert hyper.probabilities == pytest.approx((0.25,) * 4)


class TestQuantities:
    def troops(self, value: int, bound: Bound, subject: str = "troops sent") -> Claim:
        return Claim(
            text=f"{bound.value} {value} troops",
            quantity=Quantity(value=value, unit="troops", bound=bound, subject=subject),
        )

    def test_off_by_default(self) -> None:
        """
        Without the policy's opt-in, quantities relate nothing.
        """
        exact = self.troops(12000, Bound.EXACTLY)
        over = self.troops(10000, Bound.MORE_THAN)
        ledger = Ledger.of([said(NIS, exact, "said"), said(OFFICIALS, over, "doubted")])
        got = assess_all(ledger)
        assert all(line.flow is None for a in got.values() for line in a.lines)

    def test_compatible_support_incompatible_contradict(self) -> None:
        """
        "12,000" supports "more than 10,000"; "about 150" contradicts "at
        least 200"; the relation shows in the explanation.
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)
        exact = self.troops(12000, Bound.EXACTLY)
        over = self.troops(10000, Bound.MORE_THAN)
        few = self.troops(150, Bound.ABOUT)
        many = self.troops(200, Bound.AT_LEAST)
        other = self.troops(12000, Bound.EXACTLY, subject="troops killed")
        ledger = Ledger.of(
            [
                said(NIS, exact, "said"),
                said(PYONGYANG, few, "said"),
                said(YONHAP, other, "reported"),
                said(SEOUL, many, "suggested"),
                said(OFFICIALS, over, "doubted"),
            ]
        )
        got = assess_all(ledger, policy=policy)
        over_flows = {(line.statement.claim, line.flow) for line in got[over].lines}
        assert (exact, Flow.SPECIFIC) in over_flows
        assert (few, Flow.INCOMPATIBLE) in over_flows
        assert got[over].probability >= got[exact].probability
        many_flows = {(line.statement.claim, line.flow) for line in got[many].lines}
        assert (few, Flow.INCOMPATIBLE) in many_flows
        assert (exact, Flow.SPECIFIC) in many_flows
        assert got[few].probability < assess_all(ledger)[few].probability
        assert "cannot hold with this claim" in got[few].explain()
        assert all(line.statement.claim == other for line in got[other].lines)

    def test_a_retraction_withdraws_the_related_quantity(self) -> None:
        """
        The hospital says "about 60 killed", then retracts "at least 50
        killed": its about-60 line no longer counts for "at least 50".
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)
        about = self.troops(60, Bound.ABOUT)
        least = self.troops(50, Bound.AT_LEAST)
        hospital = Source(name="Hospital", kind=SourceKind.ORGANISATION)
        later = DAY + dt.timedelta(days=2)
        ledger = Ledger.of(
            [said(hospital, about, "said"), said(hospital, least, "retracted", later)]
        )
        got = assess_all(ledger, policy=policy)
        assert got[least].probability == pytest.approx(0.5)
        assert not any(line.counted for line in got[least].lines)
        assert got[about].probability == pytest.approx(0.5)  # Held by it.

    @pytest.mark.parametrize("exhaustive", [True, False])
    def test_a_set_of_quantities_counts_each_line_once(self, exhaustive: bool) -> None:
        """
        Quantities that are hypotheses of one exclusive set: their set reads
        each line against the others; reading quantities adds no evidence,
        and the ACH matrix has a row a statement.
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)
        low = self.troops(50, Bound.AT_MOST)
        mid = self.troops(500, Bound.ABOUT)
        high = self.troops(2000, Bound.AT_LEAST)
        ledger = Ledger.of(
            [
                said(NIS, high, "said"),
                said(YONHAP, high, "said"),
                Exclusive(key="toll", claims={low, mid, high}, exhaustive=exhaustive),
            ]
        )
        plain = assess_all(ledger)
        read = assess_all(ledger, policy=policy)

        for claim in (low, mid, high):
            assert read[claim].probability == pytest.approx(plain[claim].probability)
            assert len(read[claim].lines) == len(plain[claim].lines)
        assert 2 == len(matrix(read.hypotheses("toll")).rows)

    def test_relations_from_quantities_checked(self) -> None:
        """
        Quantities that contradict the analyst's relations are refused.
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)
        exact = self.troops(12000, Bound.EXACTLY)
        over = self.troops(10000, Bound.MORE_THAN)
        ledger = Ledger.of(
            [said(NIS, exact, "said"), Entails(specific=over, general=exact)]
        )
        with pytest.raises(RelationError, match="quantities"):
            assess_all(ledger, policy=policy)

    def test_quantities_against_an_exclusive_set(self) -> None:
        """
        A set whose hypotheses the quantities make one entail the other is
        refused, the message saying the quantities did it and the path
        naming the set.
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)
        exact = self.troops(12000, Bound.EXACTLY)
        over = self.troops(10000, Bound.MORE_THAN)
        ledger = Ledger.of(
            [
                said(NIS, exact, "said"),
                said(OFFICIALS, over, "said"),
                Exclusive(key="count", claims=[exact, over]),
            ]
        )

        assess_all(ledger)
        with pytest.raises(RelationError) as exc:
            assess_all(ledger, policy=policy)

        assert exc.value.msg.endswith(", with the relations read from quantities")
        assert "Exclusive[count]" == exc.value.path

    def test_equivalent_claims_apart_by_quantity(self) -> None:
        """
        Claims the analyst made equivalent, whose quantities cannot both
        hold, are refused, naming both and the policy's switch.
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)
        exact = self.troops(12000, Bound.EXACTLY)
        few = self.troops(150, Bound.ABOUT)
        ledger = Ledger.of([said(NIS, exact, "said"), Equivalent(claims=(exact, few))])

        with pytest.raises(RelationError) as exc:
            assess_all(ledger, policy=policy)

        assert (
            "equivalent claims have quantities that cannot both hold" == exc.value.msg
        )
        assert "Policy.relate_quantities" == exc.value.path
        assert {str(exact), str(few)} == set(str(exc.value.value).split(" / "))


class TestTimeAcrossClaims:
    def test_latest_word_governs_across_related_claims(self) -> None:
        """
        A source that asserted the specific claim, then denied the general
        one, now denies both; the earlier word shows as superseded.
        """
        ledger = Ledger.of(
            [
                said(YONHAP, TYPHOID, "reported", DAY),
                said(YONHAP, DEAD, "denied", DAY + dt.timedelta(days=3)),
                Entails(specific=TYPHOID, general=DEAD),
            ]
        )
        got = assess_all(ledger)
        for key in ("dead", "typhoid"):
            assert got[key].probability < 0.5
            excluded = [line for line in got[key].lines if not line.counted]
            assert [line.statement.claim for line in excluded] == [TYPHOID]
            assert "superseded" in (excluded[0].excluded or "")

    def test_a_retraction_withdraws_what_the_claim_borrows(self) -> None:
        """
        The family says X died of typhoid, then retracts "X is dead": its
        typhoid line no longer counts for "dead", as a denial would have
        superseded it, and "typhoid" is held at "dead"'s probability. An
        outlet's retraction of "dead" withdraws its earlier report of the
        typhoid statement the same way; a statement made after the
        retraction still counts.
        """
        entails = Entails(specific=TYPHOID, general=DEAD)
        later = DAY + dt.timedelta(days=4)
        said_typhoid = said(FAMILY, TYPHOID, "said")
        alone = assess_all(Ledger.of([said_typhoid, entails]))
        assert alone["dead"].probability == pytest.approx(0.77)
        got = assess_all(
            Ledger.of([said_typhoid, said(FAMILY, DEAD, "retracted", later), entails])
        )
        assert got["dead"].probability == pytest.approx(0.5)
        (line,) = [line for line in got["dead"].lines if line.statement == said_typhoid]
        assert line.excluded == (
            "withdrawn by its source on 2024-10-22 (retracted X is dead [dead])"
        )
        assert got["typhoid"].probability == pytest.approx(0.5)
        reported = Report(reporter=YONHAP, content=said_typhoid, made_on=DAY)
        got = assess_all(
            Ledger.of([reported, said(YONHAP, DEAD, "retracted", later), entails])
        )
        assert got["dead"].probability == pytest.approx(0.5)
        (line,) = [line for line in got["dead"].lines if line.flow is Flow.SPECIFIC]
        assert (line.excluded or "").startswith(
            "withdrawn: it reached the ledger through Yonhap"
        )
        got = assess_all(
            Ledger.of(
                [
                    said(FAMILY, DEAD, "retracted"),
                    said(FAMILY, TYPHOID, "said", later),
                    entails,
                ]
            )
        )
        assert got["dead"].probability == pytest.approx(0.77)

    def test_a_retraction_of_the_specific_claim(self) -> None:
        """
        The other direction: retracting "typhoid" withdraws the family's
        earlier denial of "dead" from "typhoid" (it borrows that denial), not
        from "dead"; and its earlier typhoid statement from both.
        """
        entails = Entails(specific=TYPHOID, general=DEAD)
        later = DAY + dt.timedelta(days=4)
        denied = said(FAMILY, DEAD, "denied")
        got = assess_all(
            Ledger.of([denied, said(FAMILY, TYPHOID, "retracted", later), entails])
        )
        (line,) = [line for line in got["typhoid"].lines if line.statement == denied]
        assert (line.excluded or "").startswith("withdrawn by its source")
        assert got["dead"].lines[0].counted
        assert got["dead"].probability == pytest.approx(0.23)
        assert got["typhoid"].probability == pytest.approx(0.23)  # Held by "dead".
        got = assess_all(
            Ledger.of(
                [
                    said(FAMILY, TYPHOID, "said"),
                    said(FAMILY, TYPHOID, "retracted", later),
                    entails,
                ]
            )
        )
        assert got["dead"].probability == pytest.approx(0.5)
        assert got["typhoid"].probability == pytest.approx(0.5)

    def test_related_assessments_pickle(self) -> None:
        """
        An assessment with borrowed lines and notes pickles, and explains
        itself the same after.
        """
        ledger = Ledger.of(
            [said(YONHAP, TYPHOID, "reported"), Entails(specific=TYPHOID, general=DEAD)]
        )
        found = assess(ledger, DEAD)
        again = pickle.loads(pickle.dumps(found))  # noqa: S301
        assert again == found
        assert again.explain() == found.explain()


class TestInterestAcrossClaims:
    RUSSIA = Source(name="Russia", kind=SourceKind.GOVERNMENT)
    MINISTRY = Source(
        name="Russian foreign ministry", kind=SourceKind.AGENCY, affiliation=RUSSIA
    )
    SHIPPED = Claim(
        text="Russia shipped air defence missiles to North Korea",
        about=[RUSSIA],
        key="shipped",
    )

    def test_equivalent_wordings_share_the_parties(self) -> None:
        """
        Two wordings of one claim, only the analyst's naming Russia: the
        Russian ministry's denial is self-serving whichever wording it was
        filed under, and both read "roughly even chance".
        """
        theirs = Claim(
            text="Air defence missiles went from Russia to North Korea", key="theirs"
        )
        same = Equivalent(claims={self.SHIPPED, theirs})
        for filed in (self.SHIPPED, theirs):
            denial = said(self.MINISTRY, filed, "denied")
            got = assess_all(Ledger.of([denial, same]))
            for claim in (self.SHIPPED, theirs):
                assert got[claim].probability == pytest.approx(0.473, abs=5e-4)
                (line,) = got[claim].lines
                assert line.interest is not None
                assert line.interest.reason == "self-serving for Russia: weight x 0.1"

    def test_borrowed_lines_judged_on_both_claims(self) -> None:
        """
        A line borrowed through entailment is judged on the parties of the
        claim assessed and of the claim it was filed under: the ministry's
        denial of a general claim naming no party is self-serving for the
        specific claim that accuses Russia (and on the general claim, whose
        specific claims' parties judge it too); a ministry's word on a specific
        claim naming no party is self-serving for the general claim that
        favours its state.
        """
        reached = Claim(text="Air defence missiles reached North Korea", key="reached")
        denial = said(self.MINISTRY, reached, "denied")
        got = assess_all(
            Ledger.of([denial, Entails(specific=self.SHIPPED, general=reached)])
        )
        own = got[reached].lines[0].interest
        assert own is not None
        assert own.serving
        (line,) = got[self.SHIPPED].lines
        assert line.interest is not None
        assert line.interest.serving
        assert line.weight == pytest.approx(0.06)
        ruritania = Source(name="Ruritania", kind=SourceKind.GOVERNMENT)
        ministry = Source(
            name="Ruritanian defence ministry",
            kind=SourceKind.AGENCY,
            affiliation=ruritania,
        )
        won = Claim(text="Ruritania won the battle", favours=[ruritania], key="won")
        town = Claim(text="Ruritanian troops took Zenda after the battle", key="town")
        got = assess_all(
            Ledger.of(
                [said(ministry, town, "said"), Entails(specific=town, general=won)]
            )
        )
        assert got[won].probability == pytest.approx(0.527, abs=5e-4)
        assert got[won].lines[0].interest is not None
        assert got[town].lines[0].interest is None  # Held at "won" all the same.
        assert got[town].probability == got[won].probability

    def test_a_rival_of_an_accusation_favours_the_accused(self) -> None:
        """
        Under relate_quantities, "at most 3,000" cannot hold with "about
        12,000", which accuses North Korea: North Korea's claim of the low
        figure is self-serving against the accusation and for the low
        figure alike, so the two still sum to 1.
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)

        def troops(value: int, bound: Bound, about: list[Source]) -> Claim:
            amount = Quantity(
                value=value, unit="troops", bound=bound, subject="troops sent"
            )
            return Claim(text=f"{amount} sent", quantity=amount, about=about)

        many = troops(12000, Bound.ABOUT, [PYONGYANG])
        few = troops(3000, Bound.AT_MOST, [])
        ledger = Ledger.of([said(PYONGYANG, few, "claimed"), said(NIS, many, "said")])
        got = assess_all(ledger, policy=policy)
        for claim in (many, few):
            (line,) = [
                line for line in got[claim].lines if line.statement.source == PYONGYANG
            ]
            assert line.interest is not None
            assert line.interest.serving
        assert got[many].probability == pytest.approx(0.750, abs=5e-4)
        assert got[many].probability + got[few].probability == pytest.approx(1.0)

    def test_a_rival_never_overrides_a_claims_own_parties(self) -> None:
        """
        Under relate_quantities, the accused state's admission of "about
        500 troops" (a claim naming it) is against its interest whatever
        rival figures the ledger holds: a third party declining to comment
        on "more than 10,000" (a rival also naming it) changes nothing.
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)
        ministry = Source(
            name="Korean People's Army", kind=SourceKind.AGENCY, affiliation=PYONGYANG
        )

        def troops(value: int, bound: Bound, *, accuses: bool) -> Claim:
            amount = Quantity(
                value=value, unit="troops", bound=bound, subject="troops sent"
            )
            parties = [PYONGYANG]
            if accuses:
                return Claim(text=f"{amount} sent", quantity=amount, about=parties)
            return Claim(text=f"{amount} sent", quantity=amount, favours=parties)

        none = troops(0, Bound.EXACTLY, accuses=False)
        about = troops(500, Bound.ABOUT, accuses=True)
        many = troops(10000, Bound.MORE_THAN, accuses=True)
        base = [
            said(ministry, none, "said"),
            said(ministry, about, "acknowledged", DAY + dt.timedelta(days=9)),
        ]
        plain = assess_all(Ledger.of(base), policy=policy)
        more = assess_all(
            Ledger.of([*base, said(NIS, many, "declined to comment")]), policy=policy
        )
        for claim in (none, about):
            assert more[claim].probability == plain[claim].probability
        (line,) = [line for line in more[about].lines if line.excluded is None]
        assert line.interest is not None
        assert not line.interest.serving
        assert more[about].probability == pytest.approx(0.770, abs=5e-4)

    @pytest.mark.parametrize("in_a_set", [False, True])
    def test_the_accused_denying_a_general_claim_serves_itself(
        self, in_a_set: bool
    ) -> None:
        """
        Russia denying the general claim that an accusation of Russia
        entails serves Russia, on the general claim and on every claim the
        denial reaches: it never raises the accusation, whatever its rival.
        """
        general = Claim(text="Missiles went to North Korea", key="missiles")
        rival = Claim(text="China shipped missiles to North Korea", key="china")
        relations: list[object] = [
            Entails(specific=self.SHIPPED, general=general),
            Entails(specific=rival, general=general),
        ]
        if in_a_set:
            relations.append(Exclusive(key="who", claims={self.SHIPPED, rival}))
        before = assess_all(Ledger.of(relations))  # type: ignore[arg-type]
        after = assess_all(
            Ledger.of([said(self.MINISTRY, general, "denied"), *relations])  # type: ignore[list-item]
        )

        for claim in (general, self.SHIPPED, rival):
            (line,) = after[claim].lines
            assert line.interest is not None
            assert line.interest.reason == "self-serving for Russia: weight x 0.1"
        assert after[self.SHIPPED].probability <= before[self.SHIPPED].probability

    def test_the_accused_blaming_a_rival_hypothesis_serves_itself(self) -> None:
        """
        Among exclusive hypotheses, one accusing Russia, Russia's ministry
        saying another hypothesis holds serves Russia as a denial would:
        the line is discounted as self-serving, and the accusation is not
        made "very unlikely" on the accused's word.
        """
        rival = Claim(text="Ukraine fired the missile", key="ukraine")
        fault = Claim(text="A technical fault downed the plane", key="fault")
        hypotheses = Exclusive(key="who", claims={self.SHIPPED, rival, fault})
        blamed = assess_all(Ledger.of([said(self.MINISTRY, rival, "said"), hypotheses]))
        denied = assess_all(
            Ledger.of([said(self.MINISTRY, self.SHIPPED, "denied"), hypotheses])
        )

        (line,) = blamed[rival].lines
        assert line.interest is not None
        assert line.interest.serving
        assert line.interest.reason == "self-serving for Russia: weight x 0.1"
        assert blamed[self.SHIPPED].probability > 0.2
        assert denied[self.SHIPPED].lines[0].interest is not None
        assert blamed[fault].lines == ()  # Russia names nothing there.


def test_hypotheses_of_a_set_the_ledger_lacks() -> None:
    """
    The assessments of a ledger know only its own sets: another is an
    UnknownClaimError naming it, keyed or given.
    """
    ledger = TestExclusive().ledger(said(SEOUL, TestExclusive.RUSSIAN, "said"))
    found = assess_all(ledger)
    held = ledger.hypotheses("missile")
    other = Exclusive(key="other", claims=held.claims)

    with pytest.raises(UnknownClaimError) as exc:
        found.hypotheses(other)

    assert "the ledger holds no exclusive set 'other'" == exc.value.msg
    assert "Assessments.hypotheses" == exc.value.path
    assert found.hypotheses(held) == found.hypotheses("missile")


def test_set_by_key() -> None:
    """
    A set's key, where no claim has it, assesses the set.
    """
    ledger = TestExclusive().ledger(said(SEOUL, TestExclusive.RUSSIAN, "said"))
    found: object = assess(ledger, "missile")
    assert isinstance(found, SetAssessment)
    assert found == assess(ledger, ledger.hypotheses("missile"))


class TestSetsAndEntailment:
    """
    An exclusive set's hypothesis that entails another claim.
    """

    A = Claim(text="The strike hit the depot", key="depot")
    B = Claim(text="The strike hit the school", key="school")
    G = Claim(text="The depot was damaged", key="damaged")
    H = Claim(text="The depot was untouched", key="untouched")

    def test_support_from_the_set_flows_up(self) -> None:
        """
        Denials of the rival make the depot likely, and so the damage it
        entails, though one line alone denies the damage: the set's support
        flows up rather than the depot being held down.
        """
        ledger = Ledger.of(
            [
                said(NIS, self.B, "denied"),
                said(SEOUL, self.B, "denied"),
                said(YONHAP, self.B, "denied"),
                said(OFFICIALS, self.G, "denied"),
                Exclusive(key="target", claims=[self.A, self.B], exhaustive=True),
                Entails(specific=self.A, general=self.G),
            ]
        )
        found = assess_all(ledger)
        depot, school = found[self.A].probability, found[self.B].probability
        assert math.isclose(depot + school, 1.0)
        assert depot > 0.75
        assert school < 0.25
        assert found[self.G].probability >= depot
        assert "[depot] entails it and is that probable" in found[self.G].explain()

    def test_a_member_held_down_gives_its_share_to_the_rest(self) -> None:
        """
        When what a hypothesis entails is in a set of its own (and so cannot
        be raised), the hypothesis is held down and its rivals take up what
        it lost: an exhaustive set still sums to 1.
        """
        ledger = Ledger.of(
            [
                said(NIS, self.B, "denied"),
                said(SEOUL, self.B, "denied"),
                said(YONHAP, self.H, "said"),
                said(OFFICIALS, self.H, "confirmed"),
                Exclusive(key="target", claims=[self.A, self.B], exhaustive=True),
                Exclusive(key="state", claims=[self.G, self.H], exhaustive=True),
                Entails(specific=self.A, general=self.G),
            ]
        )
        found = assess_all(ledger)
        depot, school = found[self.A].probability, found[self.B].probability
        damaged = found[self.G].probability
        assert depot <= damaged + 1e-9
        assert math.isclose(depot + school, 1.0)
        assert math.isclose(damaged + found[self.H].probability, 1.0)
        assert "raised to" in found[self.B].explain()
