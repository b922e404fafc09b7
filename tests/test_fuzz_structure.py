"""
The structure-aware fuzz target (fuzz/fuzz_structure.py) as a property test:
mutated documents, their ids recomputed, load into a ledger that round-trips
and that assessment, explanation and every renderer accept, or are refused
with a short ProvenanceError.
"""

from __future__ import annotations

import importlib.util
import json

from pathlib import Path
from typing import Any

from hypothesis import given

from provenance import Ledger, dumps, loads
from provenance.testing import ledgers


def _fuzz_module() -> Any:
    path = Path(__file__).parents[1] / "fuzz" / "fuzz_structure.py"
    spec = importlib.util.spec_from_file_location("fuzz_structure", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUZZ = _fuzz_module()


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
