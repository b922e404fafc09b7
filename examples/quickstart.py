"""
The README's example: one statement, relayed by a newspaper, in a ledger.
"""

from __future__ import annotations

import datetime as dt

import provenance as pv


government = pv.Source(name="South Korea", kind=pv.SourceKind.GOVERNMENT)
adviser = pv.Source(
    name="Shin Wonsik",
    kind=pv.SourceKind.PERSON,
    role="national security adviser",
    affiliation=government,
)
claim = pv.Claim(
    text="Russia supplied air defence missiles to North Korea",
    key="missiles",
)
interview = pv.Channel(kind=pv.ChannelKind.INTERVIEW, name="SBS TV")
said = pv.Statement(
    source=adviser,
    claim=claim,
    stance=pv.Stance.from_verb("accused"),
    channel=interview,
    made_on=dt.date(2024, 11, 22),
)
paper = pv.Source(name="The Daily", kind=pv.SourceKind.MEDIA_OUTLET)
relayed = pv.Report(reporter=paper, content=said, made_on=dt.date(2024, 11, 23))

ledger = pv.Ledger.of([relayed])
print(f"{len(ledger)} record held, {len(ledger.reached)} reached")
for route in ledger.routes(said):
    print(" <- ".join(str(r) for r in (*route, said)))
print(pv.dumps(ledger, indent=2))
