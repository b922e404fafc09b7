"""
The NATO Admiralty code's information-credibility grades, 1 to 6: the
analyst's grading of what was said, apart from the reliability of who said
it (`provenance.grades`, A to G).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from provenance._frozen import FrozenMap
from provenance._validators import non_empty, to_float, to_text, unit_interval
from provenance.errors import InvalidValueError


__all__ = [
    "ADMIRALTY_CREDIBILITY",
    "CANNOT_BE_JUDGED",
    "CONFIRMED",
    "Credibility",
    "claim_credibility",
]

CONFIRMED: Final = 1
"""
Credibility 1, "confirmed by other sources": what corroboration by
independent lines of reporting lifts a probable or possible grade to.
"""

CANNOT_BE_JUDGED: Final = 6
"""
Credibility 6, "truth cannot be judged": outside the scale's order, it
changes nothing.
"""

_GRADES: Final = range(CONFIRMED, CANNOT_BE_JUDGED + 1)


def _grade(instance: object, _attribute: object, value: Any) -> None:
    if type(value) is not int or value not in _GRADES:
        msg = "must be an integer from 1 to 6"
        raise InvalidValueError(msg, f"{type(instance).__name__}.grade", value)


@attrs.frozen(kw_only=True, cache_hash=True)
class Credibility:
    """
    An information-credibility grade and what it does to a line of evidence.

    Attributes:
        grade: The grade, 1 (confirmed) to 6 (cannot be judged).
        description: What the grade says ("probably true").
        factor: What the weight of a line whose statement has this grade is
            multiplied by, in [0, 1]; 1 leaves the line as it was.

    >>> doubtful = ADMIRALTY_CREDIBILITY[4]
    >>> doubtful.reason, doubtful.factor
    ('information credibility 4 (doubtful)', 0.5)
    """

    grade: int = attrs.field(validator=_grade)
    description: str = attrs.field(converter=to_text, validator=non_empty)
    factor: float = attrs.field(converter=to_float, validator=unit_interval)

    @property
    def reason(self) -> str:
        """
        The grade, in words: "information credibility 2 (probably true)".
        """
        return f"information credibility {self.grade} ({self.description})"


ADMIRALTY_CREDIBILITY: Final[Mapping[int, Credibility]] = FrozenMap(
    tuple(
        (credibility.grade, credibility)
        for credibility in (
            # Confirmation is evidence from other sources: counted when those
            # sources are in the ledger, as lines of their own, never again
            # inside this line's weight (docs/confidence.md).
            Credibility(grade=1, description="confirmed by other sources", factor=1),
            # Logical and consistent: the stance already says how firmly the
            # source commits; the grade adds nothing to it.
            Credibility(grade=2, description="probably true", factor=1),
            # Not confirmed, reasonably logical: a slight discount.
            Credibility(grade=3, description="possibly true", factor=0.8),
            # Possible but not logical: half the weight.
            Credibility(grade=4, description="doubtful", factor=0.5),
            # Illogical, contradicted by other information: little is left.
            Credibility(grade=5, description="improbable", factor=0.2),
            # No basis to judge: no effect, as grade F gives no trust.
            Credibility(grade=6, description="truth cannot be judged", factor=1),
        )
    )
)
"""
NATO Admiralty information-credibility grades 1-6 (STANAG 2511, AJP-2.1),
by grade.
"""


def claim_credibility(
    grades: Iterable[int], corroboration: int, needed: int
) -> int | None:
    """
    The credibility of a claim's information as doctrine reads it, from the
    *grades* of the counted lines that agree with the verdict.

    The best (lowest) grade from 1 to 5 counts; 6 only if nothing else is
    graded; ``None`` if nothing is. A claim that *needed* or more
    independent lines of reporting confirm (*corroboration*: agreeing, and
    said as certain or probable) is confirmed by other sources: a probable
    (2), possible (3) or unjudged (6) grade reads as 1. A doubtful (4) or
    improbable (5) grade stays: corroboration does not overrule the
    analyst's explicit doubt.

    >>> claim_credibility([3, 4], corroboration=1, needed=2)
    3
    >>> claim_credibility([3, 4], corroboration=2, needed=2)
    1
    >>> claim_credibility([6], corroboration=1, needed=2), claim_credibility([], 3, 2)
    (6, None)
    """
    best = min(grades, default=None)
    if best is None:
        return None
    if corroboration >= needed and best in (2, 3, CANNOT_BE_JUDGED):
        return CONFIRMED
    return best
