"""
from_stix reads a value from a copy carrying the library's extension,
whatever the order of its copies: a copy stripped of the extension (as
another tool may pass it on) never replaces the full one.
"""

from __future__ import annotations

import copy
import warnings

from importlib import resources
from typing import Any

import pytest

import provenance as pv

from provenance.interop.stix import from_stix, to_stix


def article() -> pv.Ledger:
    data = resources.files("provenance").joinpath("data/article.json")
    return pv.loads(data.read_text(encoding="utf-8"))


def stripped(node: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in node.items()
        if key != "extensions" and not key.startswith("x_provenance")
    }


@pytest.mark.parametrize("kind", ["opinion", "report", "identity"])
@pytest.mark.parametrize("first", [True, False], ids=["full-first", "full-last"])
def test_a_stripped_copy_never_replaces_the_full_one(kind: str, first: bool) -> None:
    ledger = article()
    bundle = to_stix(ledger)
    objects = bundle["objects"]
    at = next(i for i, node in enumerate(objects) if node["type"] == kind)
    copied = stripped(copy.deepcopy(objects[at]))
    objects.insert(at + 1 if first else at, copied)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert from_stix(bundle) == ledger
