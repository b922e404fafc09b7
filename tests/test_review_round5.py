"""
Defects of the analysts' fourth and fifth reviews: a figure the ledger does
not hold reads the figures that entail it; a claim is never confirmed by
more lines than a claim it entails; a source's later assertion of a rival
hypothesis governs its earlier words; a set's lines are aged to one day; a
track record keeps the reliability letter.
"""

from __future__ import annotations

import datetime as dt

from pathlib import Path

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

import provenance as pv

from provenance.claims import Bound
from provenance.errors import RelationError
from provenance.relations import Entails, Exclusive
from provenance.store import Store
from provenance.testing import ledgers
from provenance.track import Outcome, TrackRecord


DAY = dt.date(2026, 6, 3)
TOLL = "deaths in the Port City earthquake"
RELATED = attrs.evolve(pv.DEFAULT_POLICY, relate_quantities=True)
SOURCES = [
    pv.Source(name=name, kind=pv.SourceKind.AGENCY)
    for name in ("Civil Protection", "Red Cross", "Health Ministry")
]
AN_MP = pv.Source(name="An MP", kind=pv.SourceKind.PERSON)


def _toll(value: int, bound: Bound) -> pv.Claim:
    amount = pv.Quantity(value=value, unit="deaths", bound=bound, subject=TOLL)
    return pv.Claim(text=f"The earthquake killed {amount}.", quantity=amount)


def _said(source: pv.Source, claim: pv.Claim, verb: str) -> pv.Statement:
    return pv.Statement(
        source=source, claim=claim, stance=pv.Stance.from_verb(verb), made_on=DAY
    )


ABOUT_350 = _toll(350, Bound.ABOUT)
OVER_100 = _toll(100, Bound.MORE_THAN)


class TestFigureNobodyWorded:
    """
    D1: with `relate_quantities`, a figure no statement is about gets the
    evidence of the figures that entail it, as its docstring promises.
    """

    def test_reads_the_figure_inside_it(self) -> None:
        ledger = pv.Ledger.of([_said(SOURCES[0], ABOUT_350, "said")])
        inside = pv.assess(ledger, ABOUT_350, policy=RELATED)
        asked = pv.assess(ledger, OVER_100, policy=RELATED)
        assert round(asked.probability, 3) == round(inside.probability, 3) == 0.8
        assert asked.words == "likely"

    def test_no_quantity_relations_without_the_policy(self) -> None:
        ledger = pv.Ledger.of([_said(SOURCES[0], ABOUT_350, "said")])
        assert pv.assess(ledger, OVER_100).probability == 0.5

    def test_store_reads_it_too(self, tmp_path: Path) -> None:
        with Store.open(tmp_path / "toll.db") as store:
            store.add([_said(SOURCES[0], ABOUT_350, "said")])
            assert round(store.assess(OVER_100, policy=RELATED).probability, 3) == 0.8

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(SOURCES),
                st.integers(1, 6).map(lambda n: n * 100),
                st.sampled_from(list(Bound)),
                st.sampled_from(["said", "denied", "suggested", "doubted"]),
            ),
            max_size=4,
        ),
        st.integers(1, 6).map(lambda n: n * 100),
        st.sampled_from(list(Bound)),
    )
    def test_a_vacuous_statement_never_moves_the_figure(
        self,
        spoken: list[tuple[pv.Source, int, Bound, str]],
        value: int,
        bound: Bound,
    ) -> None:
        """
        Law: an MP who "declined to comment" on a figure moves nothing,
        whether or not anyone else worded that figure.
        """
        asked = _toll(value, bound)
        records = [_said(s, _toll(v, b), verb) for s, v, b, verb in spoken]
        try:
            without = pv.assess(pv.Ledger.of(records), asked, policy=RELATED)
        except RelationError:
            return  # Equal figures said to be incompatible: refused alike.
        declined = _said(AN_MP, asked, "declined to comment")
        with_it = pv.assess(pv.Ledger.of([*records, declined]), asked, policy=RELATED)
        assert abs(with_it.probability - without.probability) < 1e-9


MAYOR = pv.Source(name="Mayor Dupont", kind=pv.SourceKind.PERSON)
WATCH = pv.Source(name="Transparency Watch", kind=pv.SourceKind.ORGANISATION)
BROADCASTER = pv.Source(name="The Broadcaster", kind=pv.SourceKind.MEDIA_OUTLET)
BRIBE = pv.Claim(text="Mayor Dupont took a bribe from BuildCo", about=[MAYOR])
MONEY = pv.Claim(text="Mayor Dupont took money from BuildCo", about=[MAYOR])


class TestNoBetterConfirmedThanWhatItEntails:
    """
    D2: whatever confirms a claim confirms what it entails, so a claim
    never reads better corroborated than a claim it entails.
    """

    ledger = pv.Ledger.of(
        [
            _said(WATCH, BRIBE, "accused"),
            attrs.evolve(_said(BROADCASTER, BRIBE, "reported"), credibility=3),
            _said(MAYOR, MONEY, "denied"),
            attrs.evolve(
                _said(WATCH, MONEY, "withdrew"), made_on=DAY + dt.timedelta(days=3)
            ),
            Entails(specific=BRIBE, general=MONEY),
        ]
    )

    def test_held_with_the_general_claim(self) -> None:
        bribe = pv.assess(self.ledger, BRIBE)
        money = pv.assess(self.ledger, MONEY)
        assert bribe.probability == money.probability
        assert (bribe.corroboration, bribe.credibility, bribe.rating) == (1, 3, "B3")
        assert (money.corroboration, money.credibility) == (1, 3)
        assert "1 independent line(s) of reporting agree, not 2" in bribe.explain()

    def test_uncapped_claims_explain_nothing_more(self) -> None:
        ledger = pv.Ledger.of(
            [
                _said(WATCH, BRIBE, "accused"),
                Entails(specific=BRIBE, general=MONEY),
            ]
        )
        explained = pv.assess(ledger, BRIBE).explain()
        assert "line(s) of reporting agree, not" not in explained

    @given(ledgers(relations=True))
    def test_law(self, ledger: pv.Ledger) -> None:
        assessed = pv.assess_all(ledger)
        for relation in ledger.relations:
            if not isinstance(relation, Entails):
                continue
            specific = assessed[relation.specific]
            if specific.opinion.verdict_side > 0:
                general = assessed[relation.general]
                assert specific.corroboration <= general.corroboration


# The analyst's fifth review: D8 (a source changing its mind between rival
# hypotheses), D2 (a set's lines aged to one day) and D3 (a track record
# keeps the reliability letter).

HYPOTHESES = [
    pv.Claim(text=f"The tanker was damaged by {cause}", key=cause.split()[-1])
    for cause in ("a mine", "a torpedo", "a fire", "sabotage")
]
COAST_GUARD = pv.Source(name="Coast guard", kind=pv.SourceKind.AGENCY)
OTHERS = [
    pv.Source(name=name, kind=pv.SourceKind.MEDIA_OUTLET)
    for name in ("Harbour Post", "Lloyd's List", "Wire")
]
VERBS = ["said", "denied", "suggested", "confirmed", "doubted"]


def _on(source: pv.Source, claim: pv.Claim, verb: str, day: int) -> pv.Statement:
    return pv.Statement(
        source=source,
        claim=claim,
        stance=pv.Stance.from_verb(verb),
        made_on=dt.date(2025, 1, 1) + dt.timedelta(days=day),
    )


@st.composite
def _tanker_sets(draw: st.DrawFn) -> tuple[Exclusive, list[pv.Statement]]:
    size = draw(st.integers(2, 4))
    members = HYPOTHESES[:size]
    hypotheses = Exclusive(key="tanker", claims=members, exhaustive=draw(st.booleans()))
    others = draw(
        st.lists(
            st.builds(
                _on,
                st.sampled_from(OTHERS),
                st.sampled_from(members),
                st.sampled_from(VERBS),
                st.integers(0, 200),
            ),
            max_size=4,
        )
    )
    return hypotheses, others


class TestRivalGoverns:
    """
    D8: a source that asserts one hypothesis of an exclusive set says the
    others are false, so its later assertion governs its earlier words on
    them, as a later denial of them does.
    """

    def test_the_later_word_alone(self) -> None:
        mine, torpedo = HYPOTHESES[:2]
        hypotheses = Exclusive(key="tanker", claims=HYPOTHESES[:3], exhaustive=True)
        later = _on(COAST_GUARD, torpedo, "said", 59)
        both = pv.Ledger.of([hypotheses, _on(COAST_GUARD, mine, "said", 9), later])
        alone = pv.Ledger.of([hypotheses, later])
        found = pv.assess(both, hypotheses)
        assert found.probabilities == pv.assess(alone, hypotheses).probabilities
        assert round(found.probabilities[torpedo], 3) == 0.733
        (line,) = pv.assess(both, mine).lines
        assert line.excluded is not None
        assert "a rival hypothesis" in line.excluded

    @given(_tanker_sets(), st.sampled_from(VERBS), st.data())
    def test_law(
        self,
        drawn: tuple[Exclusive, list[pv.Statement]],
        verb: str,
        data: st.DataObject,
    ) -> None:
        hypotheses, others = drawn
        members = list(hypotheses.claims)
        first = data.draw(st.sampled_from(members))
        then = data.draw(st.sampled_from([m for m in members if m != first]))
        later = _on(COAST_GUARD, then, "said", 300)
        earlier = _on(COAST_GUARD, first, verb, 250)
        both = pv.Ledger.of([hypotheses, *others, earlier, later])
        alone = pv.Ledger.of([hypotheses, *others, later])
        got = pv.assess(both, hypotheses).probabilities
        expected = pv.assess(alone, hypotheses).probabilities
        assert all(abs(got[c] - expected[c]) < 1e-12 for c in members)


class TestSetAgedToOneDay:
    """
    D2: with a half-life and no *as_of*, the hypotheses of a set are aged to
    one day, that of the latest line on any of them.
    """

    policy = attrs.evolve(pv.DEFAULT_POLICY, half_life=dt.timedelta(days=30))

    def test_old_report_against_a_new_one(self) -> None:
        mine, torpedo = HYPOTHESES[:2]
        hypotheses = Exclusive(key="tanker", claims=[mine, torpedo], exhaustive=True)
        ledger = pv.Ledger.of(
            [
                hypotheses,
                _on(COAST_GUARD, mine, "said", 0),
                _on(OTHERS[0], torpedo, "said", 151),
            ]
        )
        found = pv.assess(ledger, hypotheses, policy=self.policy)
        assert round(found.probabilities[torpedo], 3) == 0.793
        assert "made 151 days before 2025-06-01" in found[mine].explain()

    @given(_tanker_sets())
    def test_law(self, drawn: tuple[Exclusive, list[pv.Statement]]) -> None:
        hypotheses, others = drawn
        if not others:
            return
        ledger = pv.Ledger.of([hypotheses, *others])
        latest = max(s.made_on for s in others)
        got = pv.assess(ledger, hypotheses, policy=self.policy).probabilities
        dated = pv.assess(ledger, hypotheses, policy=self.policy, as_of=latest)
        for claim, probability in dated.probabilities.items():
            assert abs(got[claim] - probability) < 1e-12


class TestTrackRecordKeepsTheLetter:
    """
    D3: a track record refines a source's trust, not the reliability letter
    the analyst or its kind gave it; the rating and STIX agree.
    """

    service = pv.Source(name="Signals service", kind=pv.SourceKind.AGENCY)
    past = tuple(pv.Claim(text=f"Launch {n} happened") for n in range(12))
    launch = pv.Claim(text="A launch happened on 3 May")

    def _rated(self, policy: pv.Policy, reason: str = "track record") -> str | None:
        said = [_on(self.service, claim, "confirmed", 4) for claim in self.past]
        latest = attrs.evolve(
            _on(self.service, self.launch, "confirmed", 120), credibility=2
        )
        ledger = pv.Ledger.of([*said, latest])
        outcomes = [
            Outcome(claim=claim, true=True, known_on=dt.date(2025, 3, 1))
            for claim in self.past
        ]
        learned = policy.with_track_record(TrackRecord.of(ledger, outcomes))
        found = pv.assess(ledger, self.launch, policy=learned)
        assert found.lines[0].trust.reason.startswith(reason)
        return found.rating

    def test_graded(self) -> None:
        policy = pv.DEFAULT_POLICY.with_grade(self.service, "C")
        assert self._rated(policy) == "C2"
        assert policy.grade_letter(self.service) == "C"

    def test_by_kind(self) -> None:
        assert self._rated(pv.DEFAULT_POLICY) == "B2"

    def test_override_is_no_grade(self) -> None:
        policy = pv.DEFAULT_POLICY.with_trust(
            self.service, pv.Opinion(belief=0.6, disbelief=0.1, uncertainty=0.3)
        )
        assert policy.grade_letter(self.service) is None
        assert self._rated(policy, reason="override") == "F2"


class TestSetConflict:
    """
    D7: a hypothesis's conflict (and the confidence built on it) reads the
    lines asserting its rivals as against it, as the set does: in a pair,
    "a mine" and "not a torpedo" conflict alike with "a torpedo".
    """

    def test_pair(self) -> None:
        mine, torpedo = HYPOTHESES[:2]
        pair = Exclusive(key="tanker", claims=[mine, torpedo], exhaustive=True)
        outlets = [_on(source, torpedo, "said", 2) for source in OTHERS[:2]]
        found = {}
        for word in (
            _on(COAST_GUARD, mine, "said", 1),
            _on(COAST_GUARD, torpedo, "denied", 1),
        ):
            got = pv.assess(pv.Ledger.of([pair, *outlets, word]), torpedo)
            found[word.stance.act] = (
                round(got.probability, 3),
                got.confidence,
                round(got.conflict, 3),
            )
        assert found["said"] == found["denied"] == (0.738, "low", 0.9)

    def test_unopposed(self) -> None:
        mine, torpedo = HYPOTHESES[:2]
        pair = Exclusive(key="tanker", claims=[mine, torpedo], exhaustive=True)
        said = [_on(source, torpedo, "said", 2) for source in OTHERS[:2]]
        got = pv.assess(pv.Ledger.of([pair, *said]), torpedo)
        assert got.conflict == 0.0
        assert "hypothesis as against it" not in got.explain()


class TestHedgesConfirmNothing:
    """
    D5: "confirmed by other sources" (credibility 1) needs independent lines
    that commit to the claim; two that merely "suggested" it confirm
    nothing, on the quick path and the general one alike.
    """

    resign = pv.Claim(text="The minister will resign this week")
    close = pv.Source(name="people close to the minister", kind=pv.SourceKind.PERSON)
    blogger = pv.Source(name="a blogger", kind=pv.SourceKind.PERSON)

    def _credibility(self, first: str, second: str, *, related: bool) -> int | None:
        records: list[pv.Statement | Entails] = [
            attrs.evolve(_said(self.close, self.resign, first), credibility=3),
            _said(self.blogger, self.resign, second),
        ]
        if related:  # Relations send the claim down the general path.
            records.append(Entails(specific=self.resign, general=MONEY))
        found = pv.assess(pv.Ledger.of(records), self.resign)
        assert found.corroboration == 2
        return found.credibility

    @pytest.mark.parametrize("related", [False, True])
    def test_hedges(self, related: bool) -> None:
        assert self._credibility("suggested", "suggested", related=related) == 3
        assert self._credibility("said", "suggested", related=related) == 3

    @pytest.mark.parametrize("related", [False, True])
    def test_firm(self, related: bool) -> None:
        assert self._credibility("said", "believes", related=related) == 1
