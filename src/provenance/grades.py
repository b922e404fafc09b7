"""
The NATO Admiralty code's source-reliability grades, as trust opinions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from provenance._frozen import FrozenMap
from provenance._validators import exactly, non_empty, to_text
from provenance.opinion import Opinion


__all__ = ["ADMIRALTY_GRADES", "Grade"]


@attrs.frozen(kw_only=True, cache_hash=True)
class Grade:
    """
    A source-reliability grade and the trust it stands for.

    Attributes:
        letter: The grade's letter ("B").
        description: What the grade says ("usually reliable").
        opinion: The trust in a source with this grade as an originator.
        relay_opinion: The trust in it as a faithful relay; ``None`` (the
            default) when the grade holds in both roles, as every Admiralty
            grade does.
    """

    letter: str = attrs.field(converter=to_text, validator=non_empty)
    description: str = attrs.field(converter=to_text, validator=non_empty)
    # Exactly Opinion, as a policy's tables take it: a subclass would not
    # survive a policy document.
    opinion: Opinion = attrs.field(validator=exactly(Opinion))
    relay_opinion: Opinion | None = attrs.field(
        default=None, validator=exactly(Opinion, type(None))
    )

    @property
    def as_relay(self) -> Opinion:
        """
        The trust in a source with this grade as a relay.
        """
        return self.opinion if self.relay_opinion is None else self.relay_opinion

    @property
    def reason(self) -> str:
        """
        The grade, in words: "Admiralty grade B (usually reliable)".
        """
        return f"Admiralty grade {self.letter} ({self.description})"


_T: Final = 0.5  # The base rate of a grade that passes anything on.

ADMIRALTY_GRADES: Final[Mapping[str, Grade]] = FrozenMap(
    tuple(
        (grade.letter, grade)
        for grade in (
            # A grade is a claim about track record: a long-run validity P and
            # an implied amount of track record (subjective-logic.md,
            # "Proposed mapping"). Never dogmatic: even A keeps u = 0.05.
            Grade(
                letter="A",
                description="completely reliable",
                opinion=Opinion(0.925, 0.025, 0.05, _T),
            ),
            Grade(
                letter="B",
                description="usually reliable",
                opinion=Opinion(0.75, 0.15, 0.10, _T),
            ),
            Grade(
                letter="C",
                description="fairly reliable",
                opinion=Opinion(0.50, 0.30, 0.20, _T),
            ),
            Grade(
                letter="D",
                description="not usually reliable",
                opinion=Opinion(0.25, 0.55, 0.20, _T),
            ),
            # A history of invalid information counts for nothing: no more
            # than a source that cannot be judged (F). Its belief and its base
            # rate are 0, so either discounting operator passes nothing on.
            Grade(
                letter="E",
                description="unreliable",
                opinion=Opinion(0.0, 0.90, 0.10, 0.0),
            ),
            # "Cannot be judged" is vacuous, not "half reliable": its base rate
            # is 0, so under the 2016 operator it passes nothing on.
            Grade(
                letter="F",
                description="reliability cannot be judged",
                opinion=Opinion(0.0, 0.0, 1.0, 0.0),
            ),
            # MISP's and the Admiralty practice's G, deliberately deceptive:
            # full distrust, nothing passed on. (Counting a deceiver's word
            # against the claim would reward a deceiver who denies the truth.)
            Grade(
                letter="G",
                description="deliberately deceptive",
                opinion=Opinion(0.0, 1.0, 0.0, 0.0),
            ),
        )
    )
)
"""
NATO Admiralty source-reliability grades A-G, by letter; a grade holds in
both roles, originator and relay.
"""
