"""
Hostile input, round three: each defect the third adversarial round found,
tried with the reported inputs and with inputs of our own.

Every case ends in a correct result or a ProvenanceError naming the place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from provenance import DEFAULT_POLICY, Policy
from provenance.errors import InvalidValueError


def wrong(value: object) -> Any:
    """
    *value*, typed so that it can be passed where it does not belong.
    """
    return value


class TestPolicyWords:
    @pytest.mark.parametrize(
        "words",
        [
            None,
            "likely",
            b"likely",
            5,
            [(0.5,)],
            [(1.0, "a", "b")],
            {1.0: "a"},
            [(0.5, "a"), 7],
            ((1.0, "certain"), None),
            [[1.0]],
        ],
    )
    def test_malformed_table_refused(self, words: object) -> None:
        """
        A words table that is not (bound, phrase) pairs is an
        InvalidValueError at Policy.words, from the constructor and from
        attrs.evolve, never a bare TypeError or ValueError from unpacking.
        """
        makes: list[Callable[[], Policy]] = [
            lambda: Policy(words=wrong(words)),
            lambda: attrs.evolve(DEFAULT_POLICY, words=wrong(words)),
        ]
        for make in makes:
            with pytest.raises(InvalidValueError) as info:
                make()

            assert "Policy.words" == info.value.path

    def test_lists_of_pairs_still_accepted(self) -> None:
        """
        A list of two-item lists is still converted to the table.
        """
        policy = Policy(words=wrong([[0.5, "no"], [1, "yes"]]))

        assert ((0.5, "no"), (1.0, "yes")) == policy.words
