from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hypothesis import find, given
from hypothesis import strategies as st

from provenance import (
    ApproximateDate,
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
            (testing.claims, Claim(text="Alpha")),
            (testing.stances, Stance.of("CT+", "Alpha")),
            (testing.ledgers, Ledger()),
        ],
    )
    def test_documented_shrink_target(
        self, strategy: Callable[[], st.SearchStrategy[Any]], expected: object
    ) -> None:
        """
        Each strategy shrinks to what its docstring says.
        """
        assert expected == minimal(strategy())

    def test_statement_and_report(self) -> None:
        """
        Statements and reports shrink to the smallest of their parts.
        """
        statement = minimal(testing.statements())
        report = minimal(testing.reports())

        assert Stance.of("CT+", "Alpha") == statement.stance
        assert statement.channel is None
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

    def test_from_type(self) -> None:
        """
        The entry point registers the strategies for st.from_type.
        """
        _hypothesis_setup_hook()

        assert Ledger() == minimal(st.from_type(Ledger))
        assert Source(name="Alpha", kind=SourceKind.PERSON) == minimal(
            st.from_type(Source)
        )
