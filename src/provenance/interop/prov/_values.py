"""
How values PROV has no exact form for are written, and read back: text that
XML cannot carry, the time of day of a record, and where it was made.
"""

from __future__ import annotations

import datetime as dt
import re

from typing import Any, Final

from prov.constants import XSD_STRING
from prov.identifier import Identifier, QualifiedName
from prov.model import Literal

from provenance.errors import DocumentError, short_repr
from provenance.interop.prov._vocabulary import ESCAPED


# Characters XML 1.0 cannot carry, even as character references: C0 controls
# other than tab, newline and carriage return, surrogates, U+FFFE and U+FFFF.
_UNSAFE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE: Final = re.compile("[%\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_UNESCAPE: Final = re.compile(r"%([0-9A-F]{4})|%")


def text(value: str) -> str | Literal:
    """
    A text value every PROV serialisation keeps exactly.

    Text that XML cannot carry is written as a literal of datatype
    ``pv:escaped``, with each such character (and ``%``) as ``%XXXX``;
    all other text is a plain string, readable by any PROV tool.
    """
    if _UNSAFE.search(value) is None:
        return value
    escaped = _ESCAPE.sub(lambda match: f"%{ord(match[0]):04X}", value)
    return Literal(escaped, ESCAPED)


def text_value(value: Any, where: str) -> str:
    """
    The text of an attribute value: a string, a ``pv:escaped`` literal, or a
    literal of type ``xsd:string`` or with a language tag.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Literal):
        if value.datatype == ESCAPED:
            return _unescape(value.value, where)
        if value.datatype in (None, XSD_STRING) or value.langtag is not None:
            return value.value
    msg = f"expected text, got {short_repr(value)}"
    raise DocumentError(msg, where)


def _unescape(value: str, path: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match[1] is None:
            msg = "malformed pv:escaped text (a '%' not followed by 4 hex digits)"
            raise DocumentError(msg, path)
        return chr(int(match[1], 16))

    return _UNESCAPE.sub(replace, value)


def moment(day: dt.date, time: dt.time | None) -> dt.datetime:
    """
    The PROV time of a record made on *day*, at *time* if known.
    """
    # A record without a time of day is dated at midnight; pv:madeAt says
    # whether the time is known, so that 00:00 and "unknown" stay apart.
    return dt.datetime.combine(day, dt.time() if time is None else time)


def url_value(value: Any, where: str) -> str:
    """
    The address an attribute value holds: an identifier (``prov`` reads an
    ``xsd:anyURI`` literal as one), or text.
    """
    if isinstance(value, Identifier) and not isinstance(value, QualifiedName):
        return value.uri
    return text_value(value, where)
