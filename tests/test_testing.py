from __future__ import annotations

import datetime as dt

from collections.abc import Callable
from typing import Any

import pytest

from hypothesis import find, given
from hypothesis import strategies as st

from provenance import (
    Channel,
    ChannelKind,
    Claim,
    Ledger,
    Quantity,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    TimeSpan,
    dumps,
    loads,
    testing,
)
from provenance._hypothesis_plugin import _hypothesis_setup_hook
from provenance.claims import ApproximateDate


def minimal(strategy: st.SearchStrategy[Any]) -> Any:
    return find(strategy, lambda _: True)


class TestShrinkTargets:
    @pytest.mark.parametrize(
        ("strategy", "expected"),
        [
            (testing.names, "Alpha"),
            (testing.sources, Source(name="Alpha", kind=SourceKind.PERSON)),
            (
                testing.channels,
                Channel(kind=ChannelKind.INTERVIEW, public=False),
            ),
            (testing.approximate_dates, ApproximateDate(2020)),
            (testing.time_spans, TimeSpan.on(2020)),
            (testing.quantities, Quantity(value=0, unit="Alpha")),
            pytest.param(testing.claims, Claim(text="Alpha"), marks=pytest.mark.slow),
            (testing.stances, Stance.of("CT+", "Alpha")),
            pytest.param(testing.ledgers, Ledger(), marks=pytest.mark.slow),
        ],
    )
    def test_documented_shrink_target(
        self, strategy: Callable[[], st.SearchStrategy[Any]], expected: object
    ) -> None:
        """
        Each strategy shrinks to what its docstring says.
        """
        assert expected == minimal(strategy())

    @pytest.mark.slow
    def test_statement_and_report(self) -> None:
        """
        Statements and reports shrink to the smallest of their parts.
        """
        statement = minimal(testing.statements())
        report = minimal(testing.reports())

        assert Stance.of("CT+", "Alpha") == statement.stance
        assert statement.channel is None
        assert (None, None) == (statement.url, report.url)
        assert isinstance(report, Report)
        assert 1 == report.depth
        assert report.made_on == report.content.made_on
        assert isinstance(minimal(testing.records()), Statement)


class TestStrategies:
    @given(testing.ledgers())
    def test_ledgers_are_valid_and_round_trip(self, ledger: Ledger) -> None:
        """
        Every drawn ledger survives the document format.
        """
        assert ledger == loads(dumps(ledger))

    @pytest.mark.parametrize(
        ("kind", "expected"),
        [
            ("hearsay", Stance.of("CT+", "Alpha", hearsay=True)),
            ("retraction", Stance.of("Uu", "Alpha", retraction=True)),
        ],
    )
    def test_stances_draw_every_kind(self, kind: str, expected: Stance) -> None:
        """
        stances() draws hearsay and retractions too, each shrinking to its
        simplest example.
        """
        assert expected == find(testing.stances(), lambda s: getattr(s, kind))

    @given(testing.reports(max_depth=5))
    def test_report_depth_bound(self, report: Report) -> None:
        """
        Reports are at most max_depth deep.
        """
        assert 1 <= report.depth <= 5

    @given(testing.sources(max_affiliation_depth=0))
    def test_no_affiliation(self, source: Source) -> None:
        """
        max_affiliation_depth=0 gives sources without affiliation.
        """
        assert source.affiliation is None

    @pytest.mark.slow
    def test_from_type(self) -> None:
        """
        The entry point registers the strategies for st.from_type.
        """
        _hypothesis_setup_hook()

        assert Ledger() == minimal(st.from_type(Ledger))
        assert Source(name="Alpha", kind=SourceKind.PERSON) == minimal(
            st.from_type(Source)
        )


class TestAddedFields:
    @pytest.mark.slow
    def test_times_generated(self) -> None:
        """
        Statements and reports are sometimes timed, and a report is then
        sometimes timed on its content's day, so the laws cover made_at.
        """
        find(testing.statements(), lambda s: s.made_at is not None)
        find(
            testing.reports(),
            lambda r: (
                r.made_at is not None
                and r.content.made_at is not None
                and r.made_on == r.content.made_on
            ),
        )

    @pytest.mark.slow
    def test_favours_generated(self) -> None:
        """
        Claims sometimes favour a party, and ledgers then hold one.
        """
        find(testing.claims(), lambda c: bool(c.favours and c.about))
        find(testing.ledgers(), lambda ledger: any(c.favours for c in ledger.claims))

    def test_unnamed_people_generated(self) -> None:
        """
        Sources of the new kind are generated like the others.
        """
        find(testing.sources(), lambda s: s.kind is SourceKind.UNNAMED_PERSON)

    @given(
        testing.statements(times=st.just(dt.time(12, 0))),
        testing.reports(
            contents=testing.statements(times=st.just(dt.time(12, 0))),
            times=st.just(dt.time(12, 0)),
        ),
    )
    def test_times_strategy(self, statement: Statement, report: Report) -> None:
        """
        times= sets the time of day of statements and of every report in a
        chain.
        """
        assert dt.time(12, 0) == statement.made_at
        assert {dt.time(12, 0)} == {record.made_at for record in report.chain()}


class TestRelations:
    def test_shrinks_to_no_relations(self) -> None:
        """
        relations() shrinks to the empty set.
        """
        pool = [Claim(text="Alpha"), Claim(text="Bravo")]

        assert frozenset() == minimal(testing.relations(pool))

    @given(st.data())
    def test_one_claim_relates_nothing(self, data: st.DataObject) -> None:
        """
        Fewer than two claims have no relations.
        """
        assert frozenset() == data.draw(testing.relations([Claim(text="Alpha")]))

    @given(testing.ledgers(relations=True))
    def test_ledgers_round_trip(self, ledger: Ledger) -> None:
        """
        Ledgers with relations write and read back equal.
        """
        assert ledger == loads(dumps(ledger))

    @pytest.mark.parametrize("kind", ["Entails", "Equivalent", "Exclusive"])
    def test_finds_every_kind(self, kind: str) -> None:
        """
        Each kind of relation is drawn.
        """
        pool = [Claim(text=name) for name in ("Alpha", "Bravo", "Charlie", "Delta")]

        def holds(drawn: frozenset[object]) -> bool:
            return any(type(r).__name__ == kind for r in drawn)

        assert holds(find(testing.relations(pool), holds))
