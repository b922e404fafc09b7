"""
Record who said what, through whom, and how much to believe it.

The names a user needs to build, assess, save and load a ledger live here:

- the model: `Source` (with `SourceKind`), `Channel` (with `ChannelKind`),
  `Claim` (with `TimeSpan` and `Quantity`), `Stance`, `Statement`,
  `Report`, and the `Ledger` that holds them;
- assessment: `Policy` (and `DEFAULT_POLICY`), `assess`, `assess_all`, the
  `Assessments` it returns, each an `Assessment` with an `Opinion`;
- documents: `dump`, `dumps`, `load`, `loads`;
- `ProvenanceError`, the base of every error the library raises.

Everything else lives in its module: the errors in `provenance.errors`;
FactBank values and the lexicon in `provenance.stances`; grades, trust and
estimative words in `provenance.grades`, `provenance.trust` and
`provenance.estimative`; explanations in `provenance.explain`; the
subjective-logic operators in `provenance.opinion`; drawing and text in
`provenance.render`; W3C PROV in `provenance.interop.prov`; Hypothesis
strategies in `provenance.testing`.
"""

__version__ = "0.1.0"

from provenance.assessment import Assessment, Assessments, assess, assess_all
from provenance.claims import Claim, Quantity, TimeSpan
from provenance.errors import ProvenanceError
from provenance.ledger import Ledger
from provenance.opinion import Opinion
from provenance.policy import DEFAULT_POLICY, Policy
from provenance.records import Report, Statement
from provenance.serialize import dump, dumps, load, loads
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import Stance


__all__ = [
    "DEFAULT_POLICY",
    "Assessment",
    "Assessments",
    "Channel",
    "ChannelKind",
    "Claim",
    "Ledger",
    "Opinion",
    "Policy",
    "ProvenanceError",
    "Quantity",
    "Report",
    "Source",
    "SourceKind",
    "Stance",
    "Statement",
    "TimeSpan",
    "__version__",
    "assess",
    "assess_all",
    "dump",
    "dumps",
    "load",
    "loads",
]
