from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.estimative import ICD_203, confidence_for, words_for


class TestWordsFor:
    def test_bounds_take_the_band_nearer_even_chance(self) -> None:
        """
        A probability on the bound between two bands takes the band nearer
        even chance: upper bounds above 0.5, lower bounds below it.
        """
        bounds = [bound for bound, _ in ICD_203[:-1]]

        assert [words_for(b) for b in bounds] == [
            "very unlikely",
            "unlikely",
            "roughly even chance",
            "roughly even chance",
            "likely",
            "very likely",
        ]

    @given(st.floats(0.0, 1.0))
    def test_mirrored(self, p: float) -> None:
        """
        p and 1 - p take mirrored words, on a bound too (and 1 - 0.8, which
        floats make 0.19999999999999996, is on 0.2).
        """
        mirror = {phrase: ICD_203[-1 - at][1] for at, (_, phrase) in enumerate(ICD_203)}

        assert mirror[words_for(p)] == words_for(1.0 - p)

    def test_ceiling_and_its_mirror_stop_short_of_very(self) -> None:
        """
        The uncorroborated ceiling and its mirror for denials read "likely"
        and "unlikely", never a "very" word.
        """
        assert ("likely", "unlikely") == (words_for(0.8), words_for(1.0 - 0.8))

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
