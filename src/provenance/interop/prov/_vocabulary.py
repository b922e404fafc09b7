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

from provenance import _fields
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

# Attributes. Those that say a value's fields are named in the description
# of its type (provenance._fields), which the export is generated from.
KIND: Final = PV[_fields.prov_name(_fields.SOURCE, "kind")]
ROLE: Final = PV[_fields.prov_name(_fields.SOURCE, "role")]
ABOUT: Final = PV[_fields.prov_name(_fields.CLAIM, "about")]
FAVOURS: Final = PV[_fields.prov_name(_fields.CLAIM, "favours")]
OCCURRED: Final = PV[_fields.prov_name(_fields.CLAIM, "occurred")]
QUANTITY: Final = PV[_fields.prov_name(_fields.QUANTITY, "value")]
UNIT: Final = PV[_fields.prov_name(_fields.QUANTITY, "unit")]
BOUND: Final = PV[_fields.prov_name(_fields.QUANTITY, "bound")]
QUANTITY_SUBJECT: Final = PV[_fields.prov_name(_fields.QUANTITY, "subject")]
EXHAUSTIVE: Final = PV["exhaustive"]
KEY: Final = PV[_fields.prov_name(_fields.CLAIM, "key")]
STANCE: Final = PV[_fields.prov_name(_fields.STANCE, "value")]
ACT: Final = PV[_fields.prov_name(_fields.STANCE, "act")]
RETRACTION: Final = PV[_fields.prov_name(_fields.STANCE, "retraction")]
HEARSAY: Final = PV[_fields.prov_name(_fields.STANCE, "hearsay")]
STATEMENT: Final = PV["statement"]
RELAYS: Final = PV["relays"]
CHANNEL: Final = PV[_fields.prov_name(_fields.CHANNEL, "kind")]
CHANNEL_NAME: Final = PV[_fields.prov_name(_fields.CHANNEL, "name")]
AUDIENCE: Final = PV[_fields.prov_name(_fields.CHANNEL, "audience")]
PUBLIC: Final = PV[_fields.prov_name(_fields.CHANNEL, "public")]
HELD: Final = PV["held"]
MADE_AT: Final = PV[_fields.prov_name(_fields.STATEMENT, "made_at")]
CREDIBILITY: Final = PV[_fields.prov_name(_fields.STATEMENT, "credibility")]
URL: Final = PV[_fields.prov_name(_fields.STATEMENT, "url")]

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
