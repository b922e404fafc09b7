from __future__ import annotations

import pytest

from provenance.estimative import ICD_203, confidence_for, words_for


class TestWordsFor:
    def test_bounds_are_inclusive(self) -> None:
        """
        A probability on a band's upper bound gets that band's phrase.
        """
        assert [phrase for _, phrase in ICD_203] == [
            words_for(bound) for bound, _ in ICD_203
        ]

    def test_other_tables(self) -> None:
        """
        Any table of rising bounds can stand for ICD 203's.
        """
        table = ((0.5, "no"), (1.0, "yes"))

        assert ["no", "no", "yes"] == [words_for(p, table) for p in (0.0, 0.5, 0.6)]


class TestConfidenceFor:
    @pytest.mark.parametrize(
        ("uncertainty", "conflict", "corroboration", "expected"),
        [
            (0.1, 0.0, 2, "high"),
            (0.1, 0.0, 1, "moderate"),
            (0.1, 0.3, 2, "moderate"),
            (0.3, 0.0, 2, "moderate"),
            (0.6, 0.0, 2, "low"),
            (0.1, 0.6, 2, "low"),
        ],
    )
    def test_defaults(
        self, uncertainty: float, conflict: float, corroboration: int, expected: str
    ) -> None:
        """
        High needs two agreeing lines and uncertainty and conflict below 0.2;
        moderate needs both below 0.5.
        """
        assert expected == confidence_for(
            uncertainty, conflict=conflict, corroboration=corroboration
        )

    def test_thresholds(self) -> None:
        """
        The thresholds and the corroboration needed are arguments.
        """
        assert "high" == confidence_for(
            0.3, corroboration=1, thresholds=(0.4, 0.6), needed=1
        )
        assert "low" == confidence_for(0.0, conflict=0.1, conflict_thresholds=(0, 0))
