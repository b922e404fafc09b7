"""
Defects D1 and D2 of the analyst's fourth review: a figure the ledger does
not hold reads the figures that entail it, and a claim is never confirmed by
more lines than a claim it entails.
"""

from __future__ import annotations

import datetime as dt

from pathlib import Path

import attrs

from hypothesis import given
from hypothesis import strategies as st

import provenance as pv

from provenance.claims import Bound
from provenance.errors import RelationError
from provenance.relations import Entails
from provenance.store import Store
from provenance.testing import ledgers


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
