"""
Trust in sources: the `Trust` a rule gives, and the default trust by source
kind, as an originator and as a relay.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from provenance._frozen import frozen_map
from provenance.grades import ADMIRALTY_GRADES
from provenance.opinion import Opinion
from provenance.sources import SourceKind


__all__ = ["KIND_TRUST", "RELAY_KIND_TRUST", "Trust"]


@attrs.frozen(cache_hash=True)
class Trust:
    """
    A trust opinion and the rule that chose it, for explanations.

    Attributes:
        opinion: The trust opinion.
        reason: Which rule produced it ("Admiralty grade B (usually
            reliable)", "default for agency", "override for Shin Wonsik").
    """

    opinion: Opinion
    reason: str

    @property
    def probability(self) -> float:
        """
        The trust's projected probability.
        """
        return self.opinion.probability


_T: Final = 0.5  # The base rate of every default trust opinion.


def _grade(letter: str) -> Opinion:
    return ADMIRALTY_GRADES[letter].opinion


KIND_TRUST: Final[Mapping[SourceKind, Opinion]] = frozen_map(
    {
        # Agencies keep institutional track records: usually reliable (B).
        SourceKind.AGENCY: _grade("B"),
        # Outlets as originators of their own facts: usually reliable (B).
        SourceKind.MEDIA_OUTLET: _grade("B"),
        # Documents, people, organisations and governments: fairly reliable
        # (C); governments speak for their interests.
        SourceKind.DOCUMENT: _grade("C"),
        SourceKind.PERSON: _grade("C"),
        SourceKind.ORGANISATION: _grade("C"),
        SourceKind.GOVERNMENT: _grade("C"),
        # "Officials", "experts", "observers": unnamed, so not usually
        # reliable (D), yet still counted.
        SourceKind.ANONYMOUS_GROUP: _grade("D"),
        # One unnamed person ("a senior official"): between a named person
        # (C, P = 0.60) and an unnamed group (D, P = 0.35): P = 0.45. Also the
        # unnamed source behind hearsay ("is said to").
        SourceKind.UNNAMED_PERSON: Opinion(0.35, 0.45, 0.20, _T),
        # Unknown kinds cannot be judged (F).
        SourceKind.OTHER: _grade("F"),
    }
)
"""
The default trust in an originating source, by kind.
"""

# Relaying faithfully is easier than being right, so relays are trusted more
# than originators of the same kind.
RELAY_KIND_TRUST: Final[Mapping[SourceKind, Opinion]] = frozen_map(
    {
        # Outlets and documents quote with editorial checks: P = 0.90.
        SourceKind.MEDIA_OUTLET: Opinion(0.85, 0.05, 0.10, _T),
        SourceKind.DOCUMENT: Opinion(0.85, 0.05, 0.10, _T),
        # Agencies and named people: P = 0.80.
        SourceKind.AGENCY: Opinion(0.70, 0.10, 0.20, _T),
        SourceKind.PERSON: Opinion(0.70, 0.10, 0.20, _T),
        # Organisations and governments may spin what they pass on: P = 0.70.
        SourceKind.ORGANISATION: Opinion(0.60, 0.20, 0.20, _T),
        SourceKind.GOVERNMENT: Opinion(0.60, 0.20, 0.20, _T),
        # Unnamed groups ("lawmakers said"): P = 0.70, with more uncertainty.
        SourceKind.ANONYMOUS_GROUP: Opinion(0.50, 0.10, 0.40, _T),
        SourceKind.UNNAMED_PERSON: Opinion(0.60, 0.10, 0.30, _T),
        # Unknown kinds: cannot be judged, counted at the base rate, 0.5.
        SourceKind.OTHER: Opinion(0.0, 0.0, 1.0, _T),
    }
)
"""
The default trust in a source as a faithful relay, by kind.
"""
