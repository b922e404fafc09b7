"""
The estimative vocabulary of ICD 203: words for a probability, and the
analytic-confidence word for an evidence base.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final


__all__ = ["ICD_203", "confidence_for", "words_for"]


ICD_203: Final[tuple[tuple[float, str], ...]] = (
    (0.05, "almost no chance"),
    (0.20, "very unlikely"),
    (0.45, "unlikely"),
    (0.55, "roughly even chance"),
    (0.80, "likely"),
    (0.95, "very likely"),
    (1.00, "almost certain"),
)
"""
ICD 203 estimative words as (upper bound of the probability band, phrase).
"""


def words_for(probability: float, words: Sequence[tuple[float, str]] = ICD_203) -> str:
    """
    The phrase of the band of *words* (upper bounds, rising) that
    *probability* falls in. A probability on the bound between two bands
    (to within float rounding: ``1 - 0.8`` is on 0.2) takes the band nearer
    even chance (0.8 is "likely", 0.2 "unlikely"), so that *p* and
    ``1 - p`` take mirrored words: the uncorroborated ceiling (0.8) and its
    mirror for denials (0.2) both stop short of the "very" words.
    """
    below_even = probability < _EVEN
    for bound, phrase in words:
        if abs(probability - bound) <= _ON_BOUND:
            if not below_even:
                return phrase
        elif probability < bound:
            return phrase
    return words[-1][1]


#: How near a bound a probability counts as on it: float rounding only.
_ON_BOUND: Final = 1e-12
#: Even chance: bounds below it belong to the band above them.
_EVEN: Final = 0.5


def confidence_for(  # Each threshold is its own keyword.
    uncertainty: float,
    *,
    conflict: float = 0.0,
    corroboration: int = 1,
    thresholds: tuple[float, float] = (0.2, 0.5),
    conflict_thresholds: tuple[float, float] = (0.2, 0.5),
    needed: int = 2,
) -> str:
    """
    The analytic-confidence word (ICD 203) for an evidence base.

    Args:
        uncertainty: The fused opinion's uncertainty.
        conflict: The conflict in the evidence.
        corroboration: How many independent lines of reporting agree.
        thresholds: Uncertainty thresholds (high, moderate).
        conflict_thresholds: Conflict thresholds (high, moderate).
        needed: How many agreeing lines "high" needs.

    Returns:
        ``"high"`` with *needed* agreeing lines and uncertainty and conflict
        below the first thresholds; ``"moderate"`` with both below the
        second; ``"low"`` otherwise.
    """
    high_u, moderate_u = thresholds
    high_c, moderate_c = conflict_thresholds
    if corroboration >= needed and uncertainty < high_u and conflict < high_c:
        return "high"
    if uncertainty < moderate_u and conflict < moderate_c:
        return "moderate"
    return "low"
