"""
Reading PROV records: where a record is (for errors), what it refers to, and
the values of its attributes; and building model values at a record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from prov.constants import PROV_TYPE
from prov.identifier import QualifiedName
from prov.model import ProvRecord

from provenance.claims import Bound
from provenance.errors import (
    DepthExceededError,
    DocumentError,
    InvalidValueError,
    short_repr,
)
from provenance.interop.prov._values import text_value
from provenance.sources import ChannelKind, SourceKind


T = TypeVar("T")
E = TypeVar("E", SourceKind, ChannelKind, Bound)


def path_of(record: ProvRecord | QualifiedName) -> str:
    """
    The path of a record, for errors: ``"prov:"`` and its identifier, or its
    PROV-N if it has none.
    """
    if isinstance(record, QualifiedName):
        return f"prov:{record}"
    if record.identifier is not None:
        return f"prov:{record.identifier}"
    return f"prov:{short_repr(record.get_provn(), 120)[1:-1]}"


def reference(record: ProvRecord, name: QualifiedName) -> QualifiedName | None:
    """
    The element a relation's formal attribute *name* refers to, if any.
    """
    value = record.formal_attributes[
        [attr for attr, _ in record.formal_attributes].index(name)
    ][1]
    return value if isinstance(value, QualifiedName) else None


def values_of(record: ProvRecord | None, name: QualifiedName) -> list[Any]:
    """
    The values of a record's attribute *name*, in order.
    """
    if record is None:
        return []
    return [value for attr, value in record.attributes if attr == name]


def types_of(record: ProvRecord | None) -> list[QualifiedName]:
    """
    A record's ``prov:type`` values that are qualified names.
    """
    return [v for v in values_of(record, PROV_TYPE) if isinstance(v, QualifiedName)]


def one_value(record: ProvRecord | None, name: QualifiedName, path: str) -> Any:
    """
    The value of a record's attribute *name*, or ``None``; at most one.
    """
    values = values_of(record, name)
    if len(values) > 1:
        msg = f"more than one value of {name}"
        raise DocumentError(msg, path)
    return values[0] if values else None


def text_of(record: ProvRecord | None, name: QualifiedName, path: str) -> str | None:
    """
    The text of a record's attribute *name*, or ``None``.
    """
    value = one_value(record, name, path)
    return None if value is None else text_value(value, f"{path}.{name}")


def bool_of(
    record: ProvRecord | None, name: QualifiedName, path: str, default: bool
) -> bool:
    """
    The truth value of a record's attribute *name*, or *default*.
    """
    value = one_value(record, name, path)
    if value is None:
        return default
    if not isinstance(value, bool):
        msg = f"expected true or false, got {short_repr(value)}"
        raise DocumentError(msg, f"{path}.{name}")
    return value


def enum_of(kind: type[E], value: str, path: str) -> E:
    """
    The member of *kind* named *value*.
    """
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        msg = f"expected one of {allowed}, got {short_repr(value)}"
        raise DocumentError(msg, path) from None


def build(path: str, make: Callable[[], T]) -> T:
    """
    Run a model constructor, re-raising its errors at the PROV record.
    """
    try:
        return make()
    except DepthExceededError as exc:
        raise DepthExceededError(exc.msg, path, exc.limit) from exc
    except InvalidValueError as exc:
        msg = f"{exc.msg} (got {short_repr(exc.value)}) @ {exc.path}"
        raise DocumentError(msg, path) from exc
