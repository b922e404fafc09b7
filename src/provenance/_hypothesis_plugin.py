"""
The Hypothesis entry point: ``st.from_type(Opinion)``, ``st.from_type(Ledger)``
and the like draw from the strategies in `provenance.testing`.
"""

from __future__ import annotations

import importlib

from typing import Any


def _hypothesis_setup_hook() -> None:
    # Hypothesis calls this while it is being imported, possibly from inside
    # the import of provenance.testing itself, so the strategies are looked up
    # only when first drawn from.
    from hypothesis import strategies as st  # noqa: PLC0415 (see above)

    from provenance.claims import Claim  # noqa: PLC0415
    from provenance.ledger import Ledger  # noqa: PLC0415
    from provenance.opinion import Opinion  # noqa: PLC0415
    from provenance.records import Report, Statement  # noqa: PLC0415
    from provenance.sources import Channel, Source  # noqa: PLC0415
    from provenance.stances import Stance  # noqa: PLC0415

    def lazy(name: str) -> Any:
        def strategy() -> Any:
            return getattr(importlib.import_module("provenance.testing"), name)()

        return st.deferred(strategy)

    for kind, name in (
        (Opinion, "opinions"),
        (Source, "sources"),
        (Channel, "channels"),
        (Claim, "claims"),
        (Stance, "stances"),
        (Statement, "statements"),
        (Report, "reports"),
        (Ledger, "ledgers"),
    ):
        st.register_type_strategy(kind, lazy(name))
