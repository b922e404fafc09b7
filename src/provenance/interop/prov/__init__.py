"""
W3C PROV export and import, built on the `prov
<https://pypi.org/project/prov/>`_ package (the ``prov`` extra).

`to_prov` writes a ledger as a ``prov.model.ProvDocument``; `from_prov`
reads one back. Every field survives, also after the document has been
serialised by ``prov`` as PROV-JSON, PROV-N, PROV-XML or PROV-O (RDF) and
read back: ``from_prov(to_prov(ledger)) == ledger``. The mapping is described, construct
by construct, in the documentation page "W3C PROV".

Identifiers are content ids in the library's namespace (`NAMESPACE`, prefix
``pv``): ``pv:source-<id>``, ``pv:claim-<id>``, ``pv:statement-<id>``,
``pv:report-<id>``. Fields PROV has no term for are attributes in the same
namespace.

Documents made by other PROV tools are read where they can be: records the
ledger has no place for are ignored with a `ProvImportWarning`, and a document
that lacks something a ledger needs raises a `DocumentError` whose ``path``
names the PROV record (``"prov:ex:claim"``).
"""

from __future__ import annotations

from typing import Final


try:
    import prov.model  # noqa: F401
except ImportError as exc:  # pragma: no cover (the tests run with the extra)
    msg = (
        "provenance.interop.prov needs the 'prov' extra: "
        "pip install 'provenance-ledger[prov]'"
    )
    raise ImportError(msg) from exc

from provenance.interop.prov import _vocabulary
from provenance.interop.prov._export import to_prov
from provenance.interop.prov._foreign import ProvImportWarning
from provenance.interop.prov._import import from_prov


__all__ = [
    "NAMESPACE",
    "PREFIX",
    "ProvImportWarning",
    "from_prov",
    "to_prov",
]

# Bound here, not imported: autodoc reads a constant's docstring in the module
# it documents the constant in.
NAMESPACE: Final = _vocabulary.NAMESPACE
"""
The URI of the library's PROV namespace: its identifiers and the attributes
PROV has no term for. ``.invalid`` is reserved (RFC 2606), so the URI never
resolves and never changes owner; it is a name, not a location.
"""
PREFIX: Final = _vocabulary.PREFIX
"""
The prefix `to_prov` binds to `NAMESPACE`.
"""
