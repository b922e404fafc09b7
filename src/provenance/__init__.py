"""
Record who said what, through whom, and how much to believe it.
"""

__version__ = "0.1.0"

from provenance.assessment import Assessment, Assessments, assess, assess_all
from provenance.claims import ApproximateDate, Bound, Claim, Quantity, TimeSpan
from provenance.errors import (
    DepthExceededError,
    DocumentError,
    FileAccessError,
    IntegrityError,
    InvalidValueError,
    ProvenanceError,
    ReferenceCycleError,
    UnknownClaimError,
    UnknownRecordError,
    UnknownReferenceError,
    UnknownVerbError,
    UnsupportedVersionError,
)
from provenance.estimative import ICD_203
from provenance.explain import Group, Line, Step
from provenance.grades import ADMIRALTY_GRADES
from provenance.ledger import Ledger, Route
from provenance.opinion import Discounting, Fusion, Opinion
from provenance.policy import DEFAULT_POLICY, Dependency, Policy
from provenance.records import (
    Record,
    Report,
    Statement,
    depth_limit,
    max_depth,
    set_max_depth,
)
from provenance.serialize import dump, dumps, load, loads
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import (
    CT_MINUS,
    CT_PLUS,
    DEFAULT_LEXICON,
    PR_MINUS,
    PR_PLUS,
    PS_MINUS,
    PS_PLUS,
    UU,
    Lexicon,
    Modality,
    Polarity,
    Stance,
)
from provenance.trust import Trust


__all__ = [
    "ADMIRALTY_GRADES",
    "CT_MINUS",
    "CT_PLUS",
    "DEFAULT_LEXICON",
    "DEFAULT_POLICY",
    "ICD_203",
    "PR_MINUS",
    "PR_PLUS",
    "PS_MINUS",
    "PS_PLUS",
    "UU",
    "ApproximateDate",
    "Assessment",
    "Assessments",
    "Bound",
    "Channel",
    "ChannelKind",
    "Claim",
    "Dependency",
    "DepthExceededError",
    "Discounting",
    "DocumentError",
    "FileAccessError",
    "Fusion",
    "Group",
    "IntegrityError",
    "InvalidValueError",
    "Ledger",
    "Lexicon",
    "Line",
    "Modality",
    "Opinion",
    "Polarity",
    "Policy",
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
    "Step",
    "TimeSpan",
    "Trust",
    "UnknownClaimError",
    "UnknownRecordError",
    "UnknownReferenceError",
    "UnknownVerbError",
    "UnsupportedVersionError",
    "__version__",
    "assess",
    "assess_all",
    "depth_limit",
    "dump",
    "dumps",
    "load",
    "loads",
    "max_depth",
    "set_max_depth",
]
