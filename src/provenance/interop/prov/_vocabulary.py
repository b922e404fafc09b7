"""
The library's PROV vocabulary: its namespace, the identifiers of its values,
and the types and attributes PROV has no term for; and the PROV terms the
mapping uses.
"""

from __future__ import annotations

import re

from typing import Final

from prov.constants import PROV
from prov.identifier import Namespace, QualifiedName

from provenance.sources import SourceKind


# Documented where users import them, in provenance.interop.prov.
NAMESPACE: Final = "https://provenance-ledger.invalid/ns#"
PREFIX: Final = "pv"

PV: Final = Namespace(PREFIX, NAMESPACE)

# Types.
STATEMENT_TYPE: Final = PV["Statement"]
REPORT_TYPE: Final = PV["Report"]
CLAIM_TYPE: Final = PV["Claim"]
EQUIVALENT_TYPE: Final = PV["EquivalentSet"]
EXCLUSIVE_TYPE: Final = PV["ExclusiveSet"]
ESCAPED: Final = PV["escaped"]

# Attributes.
KIND: Final = PV["kind"]
ROLE: Final = PV["role"]
ABOUT: Final = PV["about"]
FAVOURS: Final = PV["favours"]
OCCURRED: Final = PV["occurred"]
QUANTITY: Final = PV["quantity"]
UNIT: Final = PV["unit"]
BOUND: Final = PV["bound"]
QUANTITY_SUBJECT: Final = PV["quantitySubject"]
EXHAUSTIVE: Final = PV["exhaustive"]
KEY: Final = PV["key"]
STANCE: Final = PV["stance"]
ACT: Final = PV["act"]
RETRACTION: Final = PV["retraction"]
HEARSAY: Final = PV["hearsay"]
STATEMENT: Final = PV["statement"]
RELAYS: Final = PV["relays"]
CHANNEL: Final = PV["channel"]
CHANNEL_NAME: Final = PV["channelName"]
AUDIENCE: Final = PV["audience"]
PUBLIC: Final = PV["public"]
HELD: Final = PV["held"]
MADE_AT: Final = PV["madeAt"]
CREDIBILITY: Final = PV["credibility"]
URL: Final = PV["url"]

# PROV's own types.
PERSON: Final = PROV["Person"]
ORGANIZATION: Final = PROV["Organization"]
QUOTATION: Final = PROV["Quotation"]
PRIMARY_SOURCE: Final = PROV["PrimarySource"]
COLLECTION: Final = PROV["Collection"]

PROV_KIND: Final = {
    SourceKind.PERSON: PERSON,
    SourceKind.UNNAMED_PERSON: PERSON,
    SourceKind.GOVERNMENT: ORGANIZATION,
    SourceKind.AGENCY: ORGANIZATION,
    SourceKind.ORGANISATION: ORGANIZATION,
    SourceKind.MEDIA_OUTLET: ORGANIZATION,
}
"""
The PROV type of an agent of each kind that has one.
"""

OUR_ID: Final = re.compile(
    r"(source|claim|statement|report|equivalent|exclusive)-([0-9a-f]{64})"
)
"""
The local part of an identifier `to_prov` writes: a kind and a content id.
"""


def qname(kind: str, content_id: str) -> QualifiedName:
    """
    The identifier of a value of *kind* (``"source"``, ...) in a document.
    """
    return PV[f"{kind}-{content_id}"]
