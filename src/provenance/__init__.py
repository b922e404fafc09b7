"""
Record who said what, through whom, and how much to believe it.
"""

from provenance.claims import ApproximateDate, Bound, Claim, Quantity, TimeSpan
from provenance.errors import (
    DepthExceededError,
    DocumentError,
    IntegrityError,
    InvalidValueError,
    ProvenanceError,
    ReferenceCycleError,
    UnknownClaimError,
    UnknownReferenceError,
    UnknownVerbError,
    UnsupportedVersionError,
)
from provenance.ledger import Ledger, Route
from provenance.records import Record, Report, Statement, max_depth, set_max_depth
from provenance.serialize import dump, dumps, load, loads
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import (
    CT_MINUS,
    CT_PLUS,
    PR_MINUS,
    PR_PLUS,
    PS_MINUS,
    PS_PLUS,
    UU,
    Modality,
    Polarity,
    Stance,
)


__all__ = [
    "CT_MINUS",
    "CT_PLUS",
    "PR_MINUS",
    "PR_PLUS",
    "PS_MINUS",
    "PS_PLUS",
    "UU",
    "ApproximateDate",
    "Bound",
    "Channel",
    "ChannelKind",
    "Claim",
    "DepthExceededError",
    "DocumentError",
    "IntegrityError",
    "InvalidValueError",
    "Ledger",
    "Modality",
    "Polarity",
    "ProvenanceError",
    "Quantity",
    "Record",
    "ReferenceCycleError",
    "Report",
    "Route",
    "Source",
    "SourceKind",
    "Stance",
    "Statement",
    "TimeSpan",
    "UnknownClaimError",
    "UnknownReferenceError",
    "UnknownVerbError",
    "UnsupportedVersionError",
    "dump",
    "dumps",
    "load",
    "loads",
    "max_depth",
    "set_max_depth",
]
