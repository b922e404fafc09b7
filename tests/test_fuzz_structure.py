"""
The structure-aware fuzz target (fuzz/fuzz_structure.py) as a property test:
mutated documents, their ids recomputed, load into a ledger that round-trips
and that assessment, explanation and every renderer accept, or are refused
with a short ProvenanceError.
"""

from __future__ import annotations

import json

from hypothesis import given

from provenance import Ledger, dumps, loads
from provenance.testing import ledgers

from cast import fuzz_module


FUZZ = fuzz_module("fuzz_structure")


class TestStructureFuzz:
    @given(FUZZ.mutated())
    def test_every_outcome_is_a_ledger_or_a_short_error(
        self, case: tuple[str, str]
    ) -> None:
        """
        Any mutated document loads and round-trips, or is refused with a
        bounded one-line ProvenanceError.
        """
        text, _ = case

        assert FUZZ.check(text) in {"loaded", "refused"}

    @given(ledgers())
    def test_rehash_keeps_valid_documents(self, ledger: Ledger) -> None:
        """
        Recomputing the ids of a valid document changes nothing.
        """
        text = dumps(ledger)

        again = FUZZ.rehash(json.loads(text))

        assert ledger == loads(json.dumps(again))
        assert json.loads(text) == again

    @given(ledgers(relations=True))
    def test_rehash_keeps_relations(self, ledger: Ledger) -> None:
        """
        Recomputing the ids of a valid document with relations changes
        nothing either.
        """
        text = dumps(ledger)

        assert json.loads(text) == FUZZ.rehash(json.loads(text))
