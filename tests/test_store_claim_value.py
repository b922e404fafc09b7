"""
`Store.claim` takes a `Claim` as `Ledger.claim` does: the claim as the
store holds it, or UnknownClaimError for one it does not hold.
"""

from __future__ import annotations

import datetime as dt

from pathlib import Path

import pytest

from provenance import Claim, Ledger, Source, SourceKind, Stance, Statement
from provenance.errors import UnknownClaimError
from provenance.store import Store


HELD = Claim(text="The bridge was closed.", key="bridge")
ELSEWHERE = Claim(text="The port was closed.", key="port")
SAID = Statement(
    source=Source(name="Port authority", kind=SourceKind.AGENCY),
    claim=HELD,
    stance=Stance.from_verb("said"),
    made_on=dt.date(2025, 3, 1),
)


def test_a_claim_value_as_the_ledger_takes_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "desk.db") as store:
        store.add([SAID])
        ledger = Ledger.of([SAID])

        assert store.claim(HELD) == ledger.claim(HELD) == HELD
        with pytest.raises(UnknownClaimError, match=r"Store\.claim"):
            store.claim(ELSEWHERE)
        with pytest.raises(UnknownClaimError, match=r"Ledger\.claim"):
            ledger.claim(ELSEWHERE)
