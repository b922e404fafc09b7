"""
Hostile input, round three: each defect the third adversarial round found,
tried with the reported inputs and with inputs of our own.

Every case ends in a correct result or a ProvenanceError naming the place.
"""

from __future__ import annotations

import importlib.util

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from provenance import DEFAULT_POLICY, Ledger, Policy, load
from provenance.errors import InvalidValueError


ARTICLE: Ledger = load(Path(__file__).parent.parent / "examples" / "article.json")


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


def exporters() -> list[tuple[Callable[..., object], str]]:
    from provenance.interop.stix import to_stix

    found: list[tuple[Callable[..., object], str]] = [(to_stix, "to_stix")]
    if importlib.util.find_spec("prov") is not None:
        from provenance.interop.prov import to_prov

        found.append((to_prov, "to_prov"))
    return found


class TestExportAssessments:
    @pytest.mark.parametrize(("export", "name"), exporters())
    @pytest.mark.parametrize("assessments", [5, object(), 1.5, True, "x", b"x"])
    def test_not_iterable_refused(
        self, export: Callable[..., object], name: str, assessments: object
    ) -> None:
        """
        Assessments that are neither a mapping nor an iterable (or are text)
        are an InvalidValueError naming the argument, not a bare TypeError.
        """
        with pytest.raises(InvalidValueError) as info:
            export(ARTICLE, assessments=assessments)

        assert f"{name}.assessments" == info.value.path
        assert assessments is info.value.value
