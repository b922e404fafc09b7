"""
The ``>>>`` examples in public docstrings run, as doctests, in the default
test run.
"""

from __future__ import annotations

import doctest
import importlib

import attrs
import pytest

import provenance


MODULES = [
    "provenance.assessment",
    "provenance.claims",
    "provenance.credibility",
    "provenance.ledger",
    "provenance.opinion",
    "provenance.records",
    "provenance.sources",
    "provenance.stances",
    "provenance.track",
    "provenance.policy",
    "provenance.relations",
    "provenance.hypotheses",
    "provenance.ach",
    "provenance.policy_document",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    names = {n: getattr(provenance, n) for n in provenance.__all__}
    got = doctest.testmod(
        module,
        extraglobs={**names, "attrs": attrs},
        optionflags=doctest.ELLIPSIS,
        raise_on_error=False,
        report=True,
        verbose=False,
    )

    assert got.failed == 0
    assert got.attempted > 0
