"""
The assessments an export is given to write beside a ledger, checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from provenance.assessment import Assessment
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.ledger import Ledger


def assessments_of(
    ledger: Ledger,
    assessments: Mapping[Claim, Assessment] | Iterable[Assessment] | None,
    where: str,
) -> dict[Claim, Assessment]:
    """
    *assessments* (a mapping such as `Assessments`, or assessments) by claim,
    each of a claim *ledger* holds; *where* names the argument in errors.

    Raises:
        InvalidValueError: *assessments* is neither a mapping nor an
            iterable, an item is not an `Assessment`, or assesses a
            claim the ledger does not hold.
    """
    if assessments is None:
        return {}
    values: object = (
        assessments.values() if isinstance(assessments, Mapping) else assessments
    )
    if not isinstance(values, Iterable) or isinstance(values, (str, bytes)):
        msg = "must be assessments: a mapping or an iterable of Assessment"
        raise InvalidValueError(msg, where, assessments)
    known = set(ledger.claims)
    result: dict[Claim, Assessment] = {}
    for assessment in values:
        if not isinstance(assessment, Assessment):
            msg = "must be an Assessment"
            raise InvalidValueError(msg, where, assessment)
        if assessment.claim not in known:
            msg = "an assessment of a claim the ledger does not hold"
            raise InvalidValueError(msg, where, assessment.claim)
        result[assessment.claim] = assessment
    return result
