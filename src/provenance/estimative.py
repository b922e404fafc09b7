"""
The estimative vocabulary of ICD 203: words for a probability, and the
analytic-confidence word for an evidence base.
"""

from __future__ import annotations

import numbers

from collections.abc import Sequence
from typing import Any, Final

from provenance.errors import InvalidValueError


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

    Raises:
        InvalidValueError: *probability* is not a number in [0, 1] (NaN and
            bools are not), or *words* is not a non-empty sequence of pairs.
    """
    probability = check_probability(probability, "words_for.probability")
    table: object = words  # Callers without a type checker pass anything.
    if table is not ICD_203 and (
        not isinstance(table, Sequence)
        or isinstance(table, str)
        or not table
        or not all(isinstance(pair, Sequence) and len(pair) == 2 for pair in table)  # noqa: PLR2004
    ):
        msg = "must be a non-empty sequence of (upper bound, phrase) pairs"
        raise InvalidValueError(msg, "words_for.words", words)
    return phrase_for(probability, words)


def check_probability(value: Any, path: str) -> float:
    """
    *value* as a plain float, if it is a real number in [0, 1] (not a bool,
    not NaN); else `InvalidValueError` naming *path*.
    """
    number = _unit(value)
    if number is None:
        msg = "must be a number in [0, 1]"
        raise InvalidValueError(msg, path, value)
    return number


def _unit(value: object) -> float | None:
    """
    *value* as a plain float if it is a real number in [0, 1] (not a bool,
    not NaN), else ``None``.
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (OverflowError, TypeError, ValueError):
        return None
    return number if 0.0 <= number <= 1.0 else None  # NaN fails too.


def phrase_for(probability: float, words: Sequence[tuple[float, str]]) -> str:
    """
    `words_for` without its checks, for callers whose probability and
    words are known to be valid (the engine, through `Policy.words_for`).
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

    Raises:
        InvalidValueError: *uncertainty* or *conflict* is not a number in
            [0, 1], a count is not a whole number >= 0, or a pair of
            thresholds is not two numbers in [0, 1].

    Returns:
        ``"high"`` with *needed* agreeing lines and uncertainty and conflict
        below the first thresholds; ``"moderate"`` with both below the
        second; ``"low"`` otherwise.
    """
    uncertainty, conflict, corroboration = check_confidence_arguments(
        uncertainty, conflict, corroboration, "confidence_for"
    )
    pairs: tuple[tuple[str, object], ...] = (
        ("thresholds", thresholds),
        ("conflict_thresholds", conflict_thresholds),
    )
    for name, pair in pairs:
        if (
            not isinstance(pair, Sequence)
            or len(pair) != 2  # noqa: PLR2004
            or not all(_unit(v) is not None for v in pair)
        ):
            msg = "must be two numbers in [0, 1] (high, moderate)"
            raise InvalidValueError(msg, f"confidence_for.{name}", pair)
    if not _whole(needed):
        msg = "must be a whole number >= 0"
        raise InvalidValueError(msg, "confidence_for.needed", needed)
    return confidence_word(
        uncertainty,
        conflict,
        corroboration,
        thresholds=thresholds,
        conflict_thresholds=conflict_thresholds,
        needed=needed,
    )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_confidence_arguments(
    uncertainty: Any, conflict: Any, corroboration: Any, where: str
) -> tuple[float, float, int]:
    """
    `confidence_for`'s evidence arguments, checked: *uncertainty* and
    *conflict* numbers in [0, 1], *corroboration* a whole number >= 0; else
    `InvalidValueError` naming ``where.argument``.
    """
    if not _whole(corroboration):
        msg = "must be a whole number >= 0"
        raise InvalidValueError(msg, f"{where}.corroboration", corroboration)
    return (
        check_probability(uncertainty, f"{where}.uncertainty"),
        check_probability(conflict, f"{where}.conflict"),
        int(corroboration),
    )


def confidence_word(  # Each threshold is its own keyword.
    uncertainty: float,
    conflict: float,
    corroboration: int,
    *,
    thresholds: Sequence[float],
    conflict_thresholds: Sequence[float],
    needed: int,
) -> str:
    """
    `confidence_for` without its checks, for the engine (through
    `Policy.confidence_for`, whose thresholds its validators checked).
    """
    high_u, moderate_u = thresholds
    high_c, moderate_c = conflict_thresholds
    if corroboration >= needed and uncertainty < high_u and conflict < high_c:
        return "high"
    if uncertainty < moderate_u and conflict < moderate_c:
        return "moderate"
    return "low"
