"""
The versioned JSON document format: `dumps`, `loads`, `dump` and `load`.

A document is an envelope ``{"format": "provenance", "version": 2, ...}``
with one table per kind of value (``sources``, ``channels``, ``claims``,
``records``, and ``relations`` when the ledger holds any), each keyed by
content id, every reference written as an id, and ``entries``, the sorted ids
of the records the ledger holds. Each value is
written once. Output is canonical: equal ledgers give identical bytes.
Loading checks the envelope first, then every field, reference and id, and
returns a complete ledger or raises a `DocumentError` naming the JSON path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
import os
import re

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from importlib import resources
from json.encoder import encode_basestring as quote
from json.scanner import make_scanner
from typing import IO, Any, Final, Literal, NewType, Protocol, TypeAlias, TypeVar

import attrs
import cattrs

from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter

from provenance._chains import build_chain
from provenance._fields import compile_checks
from provenance._files import read_data, write_text
from provenance._identity import (
    Node,
    channel_node,
    channel_text,
    claim_node,
    claim_text,
    dumps_canonical,
    report_node,
    report_text,
    source_node,
    source_text,
    stance_text,
    statement_node,
    statement_text,
    text_id,
)
from provenance._json import parse_json
from provenance._validators import is_integer, parse_time, url_problem
from provenance.claims import (
    Bound,
    Claim,
    Quantity,
    TimeSpan,
    _loaded_claim,
    _loaded_quantity,
)
from provenance.errors import (
    DepthExceededError,
    DocumentError,
    IntegrityError,
    InvalidValueError,
    ProvenanceError,
    ReferenceCycleError,
    RelationError,
    UnknownReferenceError,
    UnsupportedVersionError,
    clipped,
    json_repr,
    path_key,
    short_repr,
)
from provenance.ledger import Ledger, collector_paused
from provenance.records import (
    Record,
    Report,
    Statement,
    _before,
    _loaded_report,
    _loaded_statement,
    _set_id,
    _trusted_report,
    _trusted_statement,
    depth_limit,
    max_depth,
)
from provenance.relations import (
    Entails,
    Equivalent,
    Exclusive,
    Relation,
    Relations,
    relation_node,
)
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import Stance


__all__ = [
    "FORMAT",
    "VERSION",
    "converter",
    "dump",
    "dumps",
    "load",
    "loads",
    "schema",
    "validate",
]

T = TypeVar("T")

FORMAT: Final = "provenance"
"""
The value of every document's ``format`` field.
"""
VERSION: Final = 2
"""
The format version this release writes.

.. versionchanged:: unreleased
    2: records may carry a ``url``. Version 1 documents still load.
"""


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """
    Version 2 added the optional ``url`` of statements and reports, written
    only when set: a version 1 document, which has none, is a version 2
    document as it stands, with every id unchanged. One with a ``url`` was
    not written by a release of version 1 (which refused the member): it
    is refused, as that release would.
    """
    records = doc.get("records")
    if isinstance(records, dict):
        for ref, record in records.items():
            if isinstance(record, dict) and "url" in record:
                msg = "a version 1 document has no url (version 2 added it)"
                raise DocumentError(msg, f"$.records{path_key(ref)}.url")
    return {**doc, "version": 2}


# Upgrade steps, pure functions from a document of version N to N + 1. They
# are never deleted, so that every document ever written can still be read.
_UPGRADES: Final[dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    1: _v1_to_v2,
}


# The document's shape, as cattrs structures it. These mirror the canonical
# forms in provenance._identity; references are ids, resolved afterwards.
# Fields with a default were added to version 1 later: written only when set,
# so they may be absent, but never null or empty.
@attrs.frozen
class _SourceDoc:
    name: str
    kind: SourceKind
    role: str | None
    affiliation: str | None


@attrs.frozen
class _ChannelDoc:
    kind: ChannelKind
    name: str | None
    audience: str | None
    public: bool


# What a quantity is of: written only when set, and then a non-empty string.
_Subject = NewType("_Subject", str)


@attrs.frozen
class _QuantityDoc:
    value: int | float
    unit: str
    bound: Bound
    subject: _Subject | None = None


@attrs.frozen
class _ClaimDoc:
    text: str
    about: list[str]
    occurred: str | None
    quantity: _QuantityDoc | None
    key: str | None
    favours: list[str] | None = None


# The "hearsay" key is written only when true (so that the ids of stances in
# a source's own voice never changed); when present it must be true.
_Hearsay = NewType("_Hearsay", bool)
# A statement's information credibility, 1 to 6: written only when graded.
_Grade = NewType("_Grade", int)
# Where a record was said or published (version 2): written only when known.
_Url = NewType("_Url", str)


@attrs.frozen
class _StanceDoc:
    value: str
    act: str
    retraction: bool
    hearsay: _Hearsay = _Hearsay(False)


@attrs.frozen
class _StatementDoc:
    source: str
    claim: str
    stance: _StanceDoc
    channel: str | None
    made_on: dt.date
    made_at: dt.time | None = None
    credibility: _Grade | None = None
    url: _Url | None = None


@attrs.frozen
class _ReportDoc:
    reporter: str
    content: str
    channel: str | None
    made_on: dt.date
    made_at: dt.time | None = None
    url: _Url | None = None


# Relations between claims, tagged by "type" as records are.
@attrs.frozen
class _EntailsDoc:
    specific: str
    general: str


@attrs.frozen
class _EquivalentDoc:
    claims: list[str]


@attrs.frozen
class _ExclusiveDoc:
    key: str
    claims: list[str]
    exhaustive: bool


_RelationDoc = _EntailsDoc | _EquivalentDoc | _ExclusiveDoc


@attrs.frozen
class _Document:
    format: Literal["provenance"]
    version: int
    sources: dict[str, _SourceDoc]
    channels: dict[str, _ChannelDoc]
    claims: dict[str, _ClaimDoc]
    records: dict[str, _StatementDoc | _ReportDoc]
    entries: list[str]
    # Added to version 1 later: written only when the ledger has relations.
    relations: dict[str, _RelationDoc] | None = None


def _strict(kind: type, name: str) -> Callable[[Any, type], Any]:
    def structure(value: Any, _: type) -> Any:
        if not isinstance(value, kind) or (
            isinstance(value, bool) and kind is not bool
        ):
            msg = f"expected {name}, got {type(value).__name__}"
            raise DocumentError(msg, "")
        return value

    return structure


def _structure_number(value: Any, _: type) -> int | float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        msg = f"expected a number, got {type(value).__name__}"
        raise DocumentError(msg, "")
    if not math.isfinite(value):
        msg = f"expected a finite number, got {short_repr(value)}"
        raise DocumentError(msg, "")
    return value


_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_hearsay(value: Any, _: type) -> _Hearsay:
    if value is not True:
        msg = "expected true (the key is written only for hearsay)"
        msg += f", got {short_repr(value)}"
        raise DocumentError(msg, "")
    return _Hearsay(value)


def _grade_ok(value: object) -> bool:
    return type(value) is int and 1 <= value <= 6  # noqa: PLR2004


def _structure_grade(value: Any, _: type) -> _Grade:
    # Only for a key that is present: an absent credibility is None.
    if not _grade_ok(value):
        msg = "expected an integer from 1 to 6 (leave the key out if not graded)"
        msg += f", got {short_repr(value)}"
        raise DocumentError(msg, "")
    return _Grade(value)


def _url_ok(value: object) -> bool:
    return type(value) is str and url_problem(value) is None


def _structure_url(value: Any, _: type) -> _Url:
    # Only for a key that is present: an absent url is None.
    if type(value) is not str:
        msg = "expected a string (leave the key out for none)"
        msg += f", got {short_repr(value)}"
        raise DocumentError(msg, "")
    problem = url_problem(value)
    if problem is not None:
        msg = f"url {problem}, got {short_repr(value)}"
        raise DocumentError(msg, "")
    return _Url(value)


def _structure_subject(value: Any, _: type) -> _Subject:
    # Only for a key that is present: an absent subject is None.
    if type(value) is not str or not value:
        msg = "expected a non-empty string (leave the key out for none)"
        msg += f", got {short_repr(value)}"
        raise DocumentError(msg, "")
    return _Subject(value)


def _relations_table(
    structure_table: Callable[[Any, type], dict[str, Any]],
) -> Callable[[Any, type], dict[str, Any]]:
    # Only for a key that is present: an absent table is None, never null.
    def structure(value: Any, kind: type) -> dict[str, Any]:
        if type(value) is not dict:
            msg = "expected a JSON object (leave the key out for no relations)"
            msg += f", got {type(value).__name__}"
            raise DocumentError(msg, "")
        return structure_table(value, kind)

    return structure


def _structure_day(value: Any, _: type) -> dt.date:
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        msg = "expected a date as YYYY-MM-DD"
        raise DocumentError(msg, "")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"no such day {short_repr(value)}"
        raise DocumentError(msg, "") from None


def _structure_time(value: Any, _: type) -> dt.time:
    # Only for a key that is present: an absent made_at is the default, None.
    time = _time_of(value)
    if time is None:
        msg = "expected a time of day as HH:MM or HH:MM:SS"
        raise DocumentError(msg, "")
    return time


def _non_empty_array(
    structure_list: Callable[[Any, type], list[str]],
) -> Callable[[Any, type], list[str]]:
    # Only for a key that is present: an absent favours is the default, None.
    def structure(value: Any, kind: type) -> list[str]:
        if not isinstance(value, list) or not value:
            msg = "expected a non-empty array (leave the key out for none)"
            raise DocumentError(msg, "")
        return structure_list(value, kind)

    return structure


def _array_of(
    structure_list: Callable[[Any, type], list[str]],
) -> Callable[[Any, type], list[str]]:
    # cattrs would read a string as a list of characters, a mapping as its keys.
    def structure(value: Any, kind: type) -> list[str]:
        if not isinstance(value, list):
            msg = f"expected an array, got {type(value).__name__}"
            raise DocumentError(msg, "")
        return structure_list(value, kind)

    return structure


def _enum_hook(kind: type[Any]) -> Callable[[Any, type], Any]:
    allowed = ", ".join(member.value for member in kind)

    def structure(value: Any, _: type) -> Any:
        try:
            return kind(value)
        except (ValueError, TypeError):
            msg = f"expected one of {allowed}, got {short_repr(value)}"
            raise DocumentError(msg, "") from None

    return structure


def _object_of(cls: type, conv: cattrs.Converter) -> Callable[[Any, type], Any]:
    # cattrs reads an object with "in" and .keys(), so a number, true or null
    # would fail with Python's own words: say what the value must be instead.
    structure_fields: Callable[[Any, type], Any] = make_dict_structure_fn(cls, conv)

    def structure(value: Any, kind: type) -> Any:
        if type(value) is not dict:
            msg = "expected a JSON object"
            raise DocumentError(msg, "")
        return structure_fields(value, kind)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = make_converter(forbid_extra_keys=True)
    conv.register_structure_hook_factory(attrs.has, partial(_object_of, conv=conv))
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook_func(lambda t: t == int | float, _structure_number)
    conv.register_structure_hook(dt.date, _structure_day)
    conv.register_structure_hook_func(lambda t: t == dt.time | None, _structure_time)
    conv.register_structure_hook(_Hearsay, _structure_hearsay)
    conv.register_structure_hook_func(lambda t: t == _Grade | None, _structure_grade)
    conv.register_structure_hook_func(lambda t: t == _Url | None, _structure_url)
    conv.register_structure_hook_func(
        lambda t: t == _Subject | None, _structure_subject
    )
    conv.register_structure_hook_func(
        lambda t: t == list[str], _array_of(conv.get_structure_hook(list[str]))
    )
    conv.register_structure_hook_func(
        lambda t: t == list[str] | None,
        _non_empty_array(conv.get_structure_hook(list[str])),
    )
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.time, dt.time.isoformat)
    for kind in (SourceKind, ChannelKind, Bound):
        conv.register_structure_hook(kind, _enum_hook(kind))
    conv.register_structure_hook_func(
        lambda t: t == _StatementDoc | _ReportDoc, _structure_record
    )
    conv.register_structure_hook_func(lambda t: t == _RelationDoc, _structure_relation)
    conv.register_structure_hook_func(
        lambda t: t == dict[str, _RelationDoc] | None,
        _relations_table(conv.get_structure_hook(dict[str, _RelationDoc])),
    )
    return conv


_RECORD_TYPES: Final = {"statement": _StatementDoc, "report": _ReportDoc}


def _structure_record(value: Any, _: type) -> _StatementDoc | _ReportDoc:
    # The "type" tag picks the shape; cattrs checks the rest with its paths.
    if not isinstance(value, dict):
        msg = "expected a JSON object"
        raise DocumentError(msg, "")
    tag: object = value.get("type")
    kind = _RECORD_TYPES.get(tag) if isinstance(tag, str) else None
    if kind is None:
        msg = f"unknown record type {short_repr(tag)}"
        msg += " (expected 'statement' or 'report')"
        raise DocumentError(msg, "")
    fields = {k: v for k, v in value.items() if k != "type"}
    result: _StatementDoc | _ReportDoc = converter.structure(fields, kind)
    return result


_RELATION_TYPES: Final[dict[str, type[_RelationDoc]]] = {
    "entails": _EntailsDoc,
    "equivalent": _EquivalentDoc,
    "exclusive": _ExclusiveDoc,
}
_RELATION_TAGS: Final = {kind: tag for tag, kind in _RELATION_TYPES.items()}


def _structure_relation(value: Any, _: type) -> _RelationDoc:
    if not isinstance(value, dict):
        msg = "expected a JSON object"
        raise DocumentError(msg, "")
    tag: object = value.get("type")
    kind = _RELATION_TYPES.get(tag) if isinstance(tag, str) else None
    if kind is None:
        msg = f"unknown relation type {short_repr(tag)}"
        msg += " (expected 'entails', 'equivalent' or 'exclusive')"
        raise DocumentError(msg, "")
    fields = {k: v for k, v in value.items() if k != "type"}
    result: _RelationDoc = converter.structure(fields, kind)
    return result


converter: Final = _make_converter()
"""
The one cattrs converter of the document format. To customise it, take
``converter.copy()``.
"""


def dumps(ledger: Ledger, *, indent: int | None = None) -> str:
    """
    The canonical JSON document of *ledger*: equal ledgers give identical
    text.

    Args:
        ledger: The ledger to write.
        indent: Indent nested values by this many spaces (still canonical);
            ``None`` writes one compact line.

    Raises:
        InvalidValueError: *ledger* is not a `Ledger`, or *indent* is not
            ``None`` or an integer from 0 to 64.
    """
    _check_arguments(ledger, indent, "dumps")
    if indent is None:
        with collector_paused():  # Millions of small parts, no cycles.
            return _compact(ledger)
    return json.dumps(
        _document(ledger),
        sort_keys=True,
        ensure_ascii=False,
        indent=indent,
        separators=(",", ": "),
    )


def _compact(ledger: Ledger) -> str:
    """
    The compact document, assembled from the values' canonical texts.

    json.dumps over node dicts builds a dict per value and spends most of its
    time in the encoder; the compact document is exactly the canonical texts
    joined in sorted key order, which is several times faster to write and
    never holds the nodes (tests check it equals the json.dumps form).
    """
    # One flat list of parts joined once: the text is then held twice at
    # most (the parts and the result), never as intermediate tables.
    # The index's tables are keyed by id, in id order.
    index = ledger._index  # noqa: SLF001
    parts = ['{"channels":{']
    parts.extend(_members((key, channel_text(c)) for key, c in index.channels.items()))
    parts.append('},"claims":{')
    parts.extend(_members((key, claim_text(c)) for key, c in index.claims.items()))
    entries = '","'.join([entry.id for entry in index.entries])
    entries = f'"{entries}"' if entries else ""
    parts.append(f'}},"entries":[{entries}],"format":"{FORMAT}","records":{{')
    comma = ""
    for key, record in index.records.items():
        if isinstance(record, Statement):
            parts.append(f'{comma}"{key}":{statement_text(record)}')
        else:
            parts.append(f'{comma}"{key}":{report_text(record)}')
        comma = ","
    if ledger.relations:
        parts.append('},"relations":{')
        parts.extend(_members(_relation_texts(ledger)))
    parts.append('},"sources":{')
    parts.extend(_members((key, source_text(s)) for key, s in index.sources.items()))
    parts.append(f'}},"version":{VERSION}}}')
    return "".join(parts)


def _relation_texts(ledger: Ledger) -> list[tuple[str, str]]:
    # A ledger holds a few relations: json.dumps is fast enough for them.
    return sorted(
        (relation.id, dumps_canonical(relation_node(relation)))
        for relation in ledger.relations
    )


def _members(pairs: Iterable[tuple[str, str]]) -> Iterator[str]:
    comma = ""
    for key, text in pairs:
        yield f'{comma}"{key}":{text}'
        comma = ","


def _document(ledger: Ledger) -> dict[str, Any]:
    records: dict[str, Node] = {}
    claims: dict[str, Node] = {}
    for record in ledger.reached:
        if isinstance(record, Statement):
            records[record.id] = statement_node(record)
            claims.setdefault(record.claim.id, claim_node(record.claim))
        else:
            records[record.id] = report_node(record)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "sources": {s.id: source_node(s) for s in ledger.sources},
        "channels": {c.id: channel_node(c) for c in ledger.channels},
        "claims": claims,
        "records": records,
        "entries": sorted(entry.id for entry in ledger.held),
    }
    if ledger.relations:
        # Claims only relations name are in the claims table too.
        for claim in ledger.related.claims:
            claims.setdefault(claim.id, claim_node(claim))
        document["relations"] = {r.id: relation_node(r) for r in ledger.relations}
    return document


_MAX_INDENT: Final = 64


def _check_arguments(ledger: object, indent: object, where: str) -> None:
    # Callers without a type checker pass anything; say so with a path
    # rather than fail with an AttributeError deep inside.
    if not isinstance(ledger, Ledger):
        msg = "must be a Ledger"
        raise InvalidValueError(msg, f"{where}.ledger", ledger)
    if indent is not None and (
        not is_integer(indent) or not 0 <= indent <= _MAX_INDENT  # type: ignore[operator]  # is_integer checked
    ):
        msg = f"must be None or an integer from 0 to {_MAX_INDENT}"
        raise InvalidValueError(msg, f"{where}.indent", indent)


def dump(
    ledger: Ledger, file: str | os.PathLike[str] | IO[str], *, indent: int | None = 2
) -> None:
    """
    Write *ledger* to *file*, a path or a text file, as a canonical document
    (indented by default, for people and diffs).

    Raises:
        InvalidValueError: An argument is of the wrong type.
        FileAccessError: The file cannot be written (missing folder, no
            permission, a write-protected file, disk full, an encoding that
            cannot write the text), or is a store or a store's log, index
            or journal, also through a symbolic link; the operating
            system's error, if any, is its ``__cause__``.
    """
    _check_arguments(ledger, indent, "dump")
    write_text(file, dumps(ledger, indent=indent) + "\n", "dump")


def load(
    file: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    verify: bool = True,
    max_depth: int | None = None,
) -> Ledger:
    """
    Read a ledger from *file*, a path or an open file; see `loads`. A path
    naming a pipe (FIFO) is read once, as given.

    Raises:
        FileAccessError: The file cannot be read (missing, no permission,
            not decodable by a text file's encoding) or the path names
            neither a regular file nor a pipe (a directory, a device such
            as ``/dev/zero``, a socket: refused unread); the operating
            system's error, or what the file is, is its ``__cause__``.
        DocumentError: See `loads`.
        InvalidValueError: See `loads`.
    """
    _check_verify(verify, "load.verify")
    data = read_data(file, "load")
    return loads(data, verify=verify, max_depth=max_depth)


def loads(
    text: str | bytes, *, verify: bool = True, max_depth: int | None = None
) -> Ledger:
    """
    The ledger a document holds.

    Args:
        text: The document, as text or UTF-8 bytes.
        verify: Check that every value is stored in its canonical form and
            hashes to the id it is stored under, so that any alteration of
            the document shows.
        max_depth: The deepest chain of nested reports to accept, for this
            call only (see `provenance.records.depth_limit`); ``None`` keeps
            the limit in force, `provenance.records.max_depth`.

    Raises:
        DocumentError: The document is malformed; the error's ``path`` is the
            JSON path of the first problem met (`validate` finds them all).
            Its subclasses say more: `UnsupportedVersionError`,
            `UnknownReferenceError`, `ReferenceCycleError`,
            `IntegrityError`, and `DepthExceededError` (a chain of reports
            deeper than the limit).
        InvalidValueError: *verify* is not ``True`` or ``False``, or
            *max_depth* is not an integer from 1 to 100,000.

    .. versionchanged:: unreleased
        The *max_depth* argument. Duplicate keys in a JSON object, ``NaN``
        and ``Infinity``, entries out of order, and values not in their
        canonical form (see the format's documentation) are refused.
    """
    _check_verify(verify, "loads.verify")
    if max_depth is None:
        return _loads(text, verify=verify)
    with depth_limit(max_depth):
        return _loads(text, verify=verify)


def _check_verify(verify: object, path: str) -> None:
    # Only a bool: verify=None or 0 must not turn verification off unseen.
    if type(verify) is not bool:
        msg = "must be True or False"
        raise InvalidValueError(msg, path, verify)


def _loads(text: str | bytes, *, verify: bool) -> Ledger:
    # Loading a million records allocates millions of containers, and none
    # of them can form a cycle; the cyclic collector would walk the growing
    # heap over and over for nothing, so it pauses until the ledger is built.
    with collector_paused():
        # The compact canonical text dumps() writes has a faster reader,
        # which leaves anything else, errors included, to the general one.
        ledger = _fast_loads(text)
        if ledger is not None:
            return ledger
        return _general_loads(text, verify=verify)


def _general_loads(text: str | bytes, *, verify: bool) -> Ledger:
    """
    The general loader: any document, and every error (the fast path's
    reference, which tests compare it with).
    """
    days = _Days()
    with collector_paused():
        doc = _upgrade(parse_json(text))
        if not _shapes_ok(doc, days):
            try:
                structured = converter.structure(doc, _Document)
            except cattrs.BaseValidationError as exc:
                raise _first_error(exc) from exc
            # The converter accepted what the bulk check did not: resolve it.
            doc = _plain(structured)
        return _Resolver(doc, verify=verify, days=days).ledger()


def _upgrade(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        msg = "a document must be a JSON object"
        raise DocumentError(msg, "$")
    doc: dict[str, Any] = raw
    if doc.get("format") != FORMAT:
        msg = f"not a provenance document (format must be {FORMAT!r})"
        raise DocumentError(msg, "$.format")
    # is_integer first: 2.0 == 2, but a version is an integer.
    while not is_integer(version := doc.get("version")) or version != VERSION:
        if not is_integer(version) or version not in _UPGRADES:
            msg = f"unsupported format version {json_repr(version)}"
            msg += f" (this release reads versions 1 to {VERSION})"
            raise UnsupportedVersionError(msg, "$.version")
        doc = _UPGRADES[version](doc)
    return doc


def _format_exception(exc: BaseException, kind: type | None) -> str:
    if isinstance(exc, ProvenanceError):
        return exc.msg
    if isinstance(exc, AttributeError):
        # cattrs reads objects through .keys(); anything else lands here.
        return "expected a JSON object"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        # cattrs names every extra key, whole; name the first, cut.
        first = min(exc.extra_fields)
        more = len(exc.extra_fields) - 1
        also = f" (and {more} more)" if more else ""
        return f"unknown field {short_repr(first)}{also}"
    return clipped(cattrs.v.format_exception(exc, kind), 200)


def _first_error(exc: BaseException, path: str = "$") -> DocumentError:
    """
    The first problem in a cattrs validation error, at its JSON path.
    """
    return next(_all_errors(exc, path))


def _all_errors(exc: BaseException, path: str = "$") -> Iterator[DocumentError]:
    """
    Every problem in a cattrs validation error, each at its JSON path, in
    the order cattrs met them.

    As ``cattrs.transform_error`` walks it, but keys are written by
    `provenance.errors.path_key` (cut and escaped), and the message and path
    are kept apart rather than joined with ``" @ "`` and split again, which
    a key holding ``" @ "`` would corrupt.
    """
    if isinstance(exc, cattrs.IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            yield from _all_errors(inner, f"{path}{path_key(note.index)}")
    elif isinstance(exc, cattrs.ClassValidationError):
        with_names, without = exc.group_exceptions()
        for inner, name in with_names:
            yield from _all_errors(inner, f"{path}.{name.name}")
    else:
        yield DocumentError(_format_exception(exc, None), path)
        return
    for inner in without:
        yield DocumentError(_format_exception(inner, None), path)


def _ref(table: str, ref: str) -> str:
    return f"$.{table}{path_key(ref)}"


def _source_path(ref: str) -> str:
    return _ref("sources", ref)


def _record_path(ref: str) -> str:
    return _ref("records", ref)


# The shape check: the converter's rules, applied in bulk to plain dicts.
#
# cattrs structures a million records at some 20 microseconds each, into
# intermediate objects the resolver then reads again. The check below accepts
# only what the converter accepts (exact key sets, exact JSON types, known enum
# values, real calendar days), at a fraction of the cost. When it finds
# anything off, loads() hands the document to the converter, which stays the
# one source of truth for what is wrong and where.
_DOCUMENT_KEYS: Final = frozenset(
    ("format", "version", "sources", "channels", "claims", "records", "entries")
)
_RELATED_DOCUMENT_KEYS: Final = _DOCUMENT_KEYS | {"relations"}
_ENTAILS_KEYS: Final = frozenset(("type", "specific", "general"))
_EQUIVALENT_KEYS: Final = frozenset(("type", "claims"))
_EXCLUSIVE_KEYS: Final = frozenset(("type", "key", "claims", "exhaustive"))
_SOURCE_KINDS: Final = {kind.value: kind for kind in SourceKind}
_CHANNEL_KINDS: Final = {kind.value: kind for kind in ChannelKind}
_BOUNDS: Final = {bound.value: bound for bound in Bound}


class _Days(dict[str, dt.date]):
    """
    Calendar days by their ISO text, each parsed (and checked) once; records
    then share one date object per day.
    """

    def __missing__(self, text: str) -> dt.date:
        day = _structure_day(text, dt.date)
        self[text] = day
        return day


def _day_ok(value: object, days: _Days) -> bool:
    if type(value) is not str:
        return False
    if value in days:
        return True
    try:
        days[value]  # Parses, checks and caches the day.
    except DocumentError:
        return False
    return True


# Times of day by their text, each parsed (and checked) once. Only valid texts
# are kept, and there are fewer than 90,000 of them: the cache is bounded.
_TIMES: Final[dict[str, dt.time]] = {}


def _time_of(text: object) -> dt.time | None:
    """
    The time of day *text* writes, or ``None`` if it is not one.
    """
    if type(text) is not str:
        return None
    time = _TIMES.get(text)
    if time is None:
        time = parse_time(text)
        if time is not None:
            _TIMES[text] = time
    return time


# The bulk check of each value, generated from the description of its type
# (provenance._fields: checks_source).
_CHECKS: Final = compile_checks(
    {
        "url_ok": _url_ok,
        "grade_ok": _grade_ok,
        "day_ok": _day_ok,
        "time_of": _time_of,
        "isfinite": math.isfinite,
    }
)
_source_ok: Callable[[Any], bool] = _CHECKS["source_ok"]
_channel_ok: Callable[[Any], bool] = _CHECKS["channel_ok"]
_claim_ok: Callable[[Any], bool] = _CHECKS["claim_ok"]


class _RecordCheck(Protocol):
    def __call__(self, raw: Any, days: _Days) -> bool:
        """
        Whether *raw* is a statement or a report, by its ``type``.
        """


_record_ok: _RecordCheck = _CHECKS["record_ok"]


def _shapes_ok(doc: dict[str, Any], days: _Days) -> bool:
    keys = doc.keys()
    if keys == _RELATED_DOCUMENT_KEYS:
        relations = doc["relations"]
        if type(relations) is not dict or not all(
            _relation_ok(raw) for raw in relations.values()
        ):
            return False
    elif keys != _DOCUMENT_KEYS:
        return False
    if type(doc["version"]) is not int:
        return False
    tables = [doc[name] for name in ("sources", "channels", "claims", "records")]
    if any(type(table) is not dict for table in tables):
        return False
    entries = doc["entries"]
    if type(entries) is not list or not all(type(ref) is str for ref in entries):
        return False
    sources, channels, claims, records = tables
    return (
        all(_source_ok(raw) for raw in sources.values())
        and all(_channel_ok(raw) for raw in channels.values())
        and all(_claim_ok(raw) for raw in claims.values())
        and all(_record_ok(raw, days) for raw in records.values())
    )


def _ids_ok(value: object) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _relation_ok(raw: Any) -> bool:
    if type(raw) is not dict:
        return False
    kind = raw.get("type")
    keys = raw.keys()
    if kind == "entails":
        return (
            keys == _ENTAILS_KEYS
            and type(raw["specific"]) is str
            and type(raw["general"]) is str
        )
    if kind == "equivalent":
        return keys == _EQUIVALENT_KEYS and _ids_ok(raw["claims"])
    return (
        kind == "exclusive"
        and keys == _EXCLUSIVE_KEYS
        and type(raw["key"]) is str
        and _ids_ok(raw["claims"])
        and type(raw["exhaustive"]) is bool
    )


def _plain(doc: _Document) -> dict[str, Any]:
    """
    A structured document as the plain dicts the resolver reads.
    """
    raw: dict[str, Any] = converter.unstructure(doc)
    for node in raw["claims"].values():
        if node["favours"] is None:
            del node["favours"]
        quantity = node["quantity"]
        if quantity is not None and quantity["subject"] is None:
            del quantity["subject"]
    if doc.relations is None:
        del raw["relations"]
    else:
        for key, relation in doc.relations.items():
            tag = _RELATION_TAGS[type(relation)]
            raw["relations"][key] = {"type": tag, **raw["relations"][key]}
    for key, record in doc.records.items():
        kind = "statement" if isinstance(record, _StatementDoc) else "report"
        node = raw["records"][key] = {"type": kind, **raw["records"][key]}
        if node["made_at"] is None:
            del node["made_at"]
        if node.get("credibility", 0) is None:
            del node["credibility"]
        if node["url"] is None:
            del node["url"]
    return raw


class _Resolver:
    """
    Builds model values from a document whose shape is known to be right,
    each exactly once, following references iteratively (documents may hold
    very deep chains), and raising the first problem met, in entry order.

    Sources, channels and claims (a few per hundred records) go through their
    constructors. Records are checked here, explicitly, and built through the
    trusted path; whenever a check fails, the constructor is called after all
    so that the error is the constructor's own.
    """

    def __init__(self, doc: dict[str, Any], *, verify: bool, days: _Days) -> None:
        self.raw_sources: dict[str, Any] = doc["sources"]
        self.raw_channels: dict[str, Any] = doc["channels"]
        self.raw_claims: dict[str, Any] = doc["claims"]
        # Raw records are taken out of the document as they are built, so
        # that a large document's dicts are freed while its ledger grows.
        self.raw_records: dict[str, Any] = doc["records"]
        self.raw_entries: list[str] = doc["entries"]
        # Absent when the ledger has no relations (None), never empty.
        self.raw_relations: dict[str, Any] | None = doc.get("relations")
        self.verify = verify
        self.days = days
        self.sources: dict[str, Source] = {}
        self.channels: dict[str, Channel] = {}
        self.claims: dict[str, Claim] = {}
        self.records: dict[str, Record] = {}
        self.relations: dict[str, Relation] = {}
        self.stances: dict[tuple[str, str, bool, bool], tuple[Stance, str]] = {}
        self.spans: dict[str, TimeSpan] = {}

    def ledger(self) -> Ledger:
        entries = []
        previous = ""
        for index, ref in enumerate(self.raw_entries):
            if ref <= previous:
                # The documented order: sorted, each id once.
                msg = "duplicate entry" if ref == previous else "entries not sorted"
                raise DocumentError(msg, f"$.entries[{index}]")
            previous = ref
            record = self.records.get(ref)
            if record is None:
                raw = self.raw_records.get(ref)
                if raw is not None and raw["type"] == "statement":
                    # The common case, as record() would do it, inline.
                    record = self._build_record(ref, raw)
                    self.records[ref] = record
                    del self.raw_records[ref]
                else:
                    record = self.record(ref, f"$.entries[{index}]")
            entries.append(record)
        relations = self._related()
        self._refuse_unreached()
        try:
            return Ledger(frozenset(entries), relations=relations)
        except RelationError as exc:
            raise _relations_error(exc) from exc

    def _refuse_unreached(self) -> None:
        # A value no entry reaches would be dropped unverified; refuse it.
        # Built records have left raw_records, so what is left is unreached.
        for ref in self.raw_records:
            msg = "not reached from any entry"
            raise DocumentError(msg, _ref("records", ref))
        tables: tuple[tuple[str, dict[str, Any], dict[str, Any]], ...] = (
            ("claims", self.raw_claims, self.claims),
            ("sources", self.raw_sources, self.sources),
            ("channels", self.raw_channels, self.channels),
        )
        for table, written, built in tables:
            if len(written) != len(built):
                for ref in written:
                    if ref not in built:
                        msg = "not reached from any entry"
                        raise DocumentError(msg, _ref(table, ref))

    def _related(self) -> frozenset[Relation]:
        """
        Every relation the document holds, each checked on its own (the
        ledger checks them as a whole).
        """
        raw = self.raw_relations
        if raw is None:
            return frozenset()
        if not raw:
            raise _empty_relations()
        return frozenset(self.relation(ref, _RELATIONS_PATH) for ref in sorted(raw))

    def relation(self, ref: str, path: str) -> Relation:
        """
        The relation stored under *ref*, its claims resolved (and built).
        """
        # Nothing refers to a relation: each is built once, from its table.
        raw = (self.raw_relations or {}).get(ref)
        if raw is None:  # pragma: no cover  # Called only for keys in the table.
            msg = "unknown relation"
            raise UnknownReferenceError(msg, path, ref)
        where = _ref("relations", ref)
        built: Relation
        if raw["type"] == "entails":
            specific = self.claim(raw["specific"], f"{where}.specific")
            general = self.claim(raw["general"], f"{where}.general")
            built = _build(where, partial(Entails, specific=specific, general=general))
        else:
            claims = [
                self.claim(claim, f"{where}.claims[{index}]")
                for index, claim in enumerate(raw["claims"])
            ]
            if raw["type"] == "equivalent":
                built = _build(where, partial(Equivalent, claims=claims))
            else:
                built = _build(
                    where,
                    partial(
                        Exclusive,
                        key=raw["key"],
                        claims=claims,
                        exhaustive=raw["exhaustive"],
                    ),
                )
        if self.verify:
            _verify_stored(raw, dumps_canonical(relation_node(built)), ref, where)
            object.__setattr__(built, "id", ref)
        self.relations[ref] = built
        return built

    def _check(
        self, built: Source | Channel | Claim, raw: Any, text: str, ref: str, path: str
    ) -> None:
        """
        Verify a stored value: its stored form must hash to *ref*, and be
        the canonical form, *text*, of the value built from it.
        """
        if self.verify:
            _verify_stored(raw, text, ref, path)
            built_id = ref  # Share the document's string, as records do.
            object.__setattr__(built, "id", built_id)

    def source(self, ref: str, path: str) -> Source:
        if (done := self.sources.get(ref)) is not None:
            return done
        if ref not in self.raw_sources:
            msg = "unknown source"
            raise UnknownReferenceError(msg, path, ref)
        return build_chain(
            ref,
            self.sources,
            self._affiliation,
            self._build_source,
            path=_source_path,
            cycle="affiliations form a cycle",
        )

    def _affiliation(self, ref: str) -> str | None:
        affiliation: str | None = self.raw_sources[ref]["affiliation"]
        if affiliation is not None and affiliation not in self.raw_sources:
            msg = "unknown source"
            raise UnknownReferenceError(
                msg, f"{_source_path(ref)}.affiliation", affiliation
            )
        return affiliation

    def _build_source(self, ref: str) -> Source:
        raw = self.raw_sources[ref]
        where = _source_path(ref)
        affiliation = (
            None if raw["affiliation"] is None else self.sources[raw["affiliation"]]
        )
        built = _build(
            where,
            partial(
                Source,
                name=raw["name"],
                kind=_SOURCE_KINDS[raw["kind"]],
                role=raw["role"],
                affiliation=affiliation,
            ),
        )
        self._check(built, raw, source_text(built), ref, where)
        return built

    def channel(self, ref: str | None, path: str) -> Channel | None:
        if ref is None:
            return None
        if (done := self.channels.get(ref)) is not None:
            return done
        raw = self.raw_channels.get(ref)
        if raw is None:
            msg = "unknown channel"
            raise UnknownReferenceError(msg, path, ref)
        where = _ref("channels", ref)
        built = _build(
            where,
            partial(
                Channel,
                kind=_CHANNEL_KINDS[raw["kind"]],
                name=raw["name"],
                audience=raw["audience"],
                public=raw["public"],
            ),
        )
        self._check(built, raw, channel_text(built), ref, where)
        self.channels[ref] = built
        return built

    def claim(self, ref: str, path: str) -> Claim:
        if (done := self.claims.get(ref)) is not None:
            return done
        raw = self.raw_claims.get(ref)
        if raw is None:
            msg = "unknown claim"
            raise UnknownReferenceError(msg, path, ref)
        where = _ref("claims", ref)
        about = [
            self.source(party, f"{where}.about[{i}]")
            for i, party in enumerate(raw["about"])
        ]
        favours = [
            self.source(party, f"{where}.favours[{i}]")
            for i, party in enumerate(raw.get("favours", ()))
        ]
        occurred = None
        if (text := raw["occurred"]) is not None:
            occurred = self.spans.get(text)
            if occurred is None:
                occurred = _build(f"{where}.occurred", partial(TimeSpan.parse, text))
                self.spans[text] = occurred
        quantity = None
        if (amount := raw["quantity"]) is not None:
            quantity = _build(
                f"{where}.quantity",
                partial(
                    Quantity,
                    value=amount["value"],
                    unit=amount["unit"],
                    bound=_BOUNDS[amount["bound"]],
                    subject=amount.get("subject"),
                ),
            )
        built = _build(
            where,
            partial(
                Claim,
                text=raw["text"],
                about=about,
                favours=favours,
                occurred=occurred,
                quantity=quantity,
                key=raw["key"],
            ),
        )
        self._check(built, raw, claim_text(built), ref, where)
        self.claims[ref] = built
        return built

    def stance(self, raw: dict[str, Any], path: str) -> tuple[Stance, str]:
        key = _stance_key(raw)
        if (done := self.stances.get(key)) is not None:
            return done
        stance = _build(
            path,
            partial(Stance.of, key[0], key[1], retraction=key[2], hearsay=key[3]),
        )
        text = stance_text(stance)
        # "hearsay": false never stands in a document (the shape check and
        # the converter refuse it); only the converter's _plain() adds it.
        stored = raw if raw.get("hearsay", True) else _without_hearsay(raw)
        if self.verify and text != dumps_canonical(stored):
            # The record's id is checked on its canonical text: a stance
            # stored otherwise must not pass for it.
            msg = "stance not in canonical form"
            raise IntegrityError(msg, path)
        self.stances[key] = done = (stance, text)
        return done

    def record(self, ref: str, path: str) -> Record:
        if (done := self.records.get(ref)) is not None:
            return done
        if ref not in self.raw_records:
            msg = "unknown record"
            raise UnknownReferenceError(msg, path, ref)
        # Follow the chain of reports down to a built record or a statement.
        return build_chain(
            ref,
            self.records,
            self._content,
            self._build_linked,
            path=_record_path,
            cycle="reports relay each other in a cycle",
            limit=max_depth(),
            too_deep="chain of reports too deep",
        )

    def _content(self, ref: str) -> str | None:
        raw = self.raw_records[ref]
        if raw["type"] == "statement":
            return None
        content: str = raw["content"]
        if content not in self.records and content not in self.raw_records:
            msg = "unknown record"
            raise UnknownReferenceError(msg, f"{_record_path(ref)}.content", content)
        return content

    def _build_linked(self, key: str) -> Record:
        built = self._build_record(key, self.raw_records[key])
        # Built records leave raw_records: what is left is unreached.
        del self.raw_records[key]
        return built

    def _build_record(self, key: str, raw: dict[str, Any]) -> Record:
        # Look-ups hit the built tables almost always; paths are only
        # formatted on the way to an error.
        channel = None
        if (channel_ref := raw["channel"]) is not None:
            channel = self.channels.get(channel_ref) or self.channel(
                channel_ref, f"{_ref('records', key)}.channel"
            )
        made_on = self.days[raw["made_on"]]
        # The shape check (or the converter) has checked the time's text.
        made_at = _time_of(raw.get("made_at"))
        if (
            self.verify
            and made_at is not None
            and raw["made_at"] != made_at.isoformat()
        ):
            # "09:30" reads as 09:30:00, but the id is of the canonical text:
            # a stored form that differs must not pass for it.
            msg = "made_at not in canonical form (HH:MM:SS)"
            raise IntegrityError(msg, f"{_ref('records', key)}.made_at")
        built: Record
        if raw["type"] == "statement":
            source = self.sources.get(raw["source"]) or self.source(
                raw["source"], f"{_ref('records', key)}.source"
            )
            claim = self.claims.get(raw["claim"]) or self.claim(
                raw["claim"], f"{_ref('records', key)}.claim"
            )
            raw_stance = raw["stance"]
            found = self.stances.get(_stance_key(raw_stance)) or self.stance(
                raw_stance, f"{_ref('records', key)}.stance"
            )
            built = _trusted_statement(
                source,
                claim,
                found[0],
                channel,
                made_on,
                made_at,
                raw.get("credibility"),
                raw.get("url"),
            )
            if self.verify:
                self._verify(built, key, statement_text(built, found[1]))
        else:
            reporter = self.sources.get(raw["reporter"]) or self.source(
                raw["reporter"], f"{_ref('records', key)}.reporter"
            )
            content = self.records[raw["content"]]
            if content.depth >= max_depth() or _before(made_on, made_at, content):
                # Broken rules: let the constructor raise its own error.
                _build(
                    _ref("records", key),
                    partial(
                        Report,
                        reporter=reporter,
                        content=content,
                        channel=channel,
                        made_on=made_on,
                        made_at=made_at,
                        url=raw.get("url"),
                    ),
                )
            built = _trusted_report(
                reporter, content, channel, made_on, made_at, raw.get("url")
            )
            if self.verify:
                self._verify(built, key, report_text(built))
        return built

    def _verify(self, built: Record, key: str, text: str) -> None:
        if text_id(text) != key:
            msg = "content does not match its id (altered after it was written?)"
            raise IntegrityError(msg, _ref("records", key))
        _set_id(built, key)


_RELATIONS_PATH: Final = "$.relations"


def _empty_relations() -> DocumentError:
    msg = "empty relations table (leave the key out for no relations)"
    return DocumentError(msg, _RELATIONS_PATH)


def _relations_error(exc: RelationError) -> DocumentError:
    """
    Relations, each valid, that cannot all hold: at the relations table.
    """
    msg = f"relations cannot all hold: {exc.msg} ({exc.path}: {short_repr(exc.value)})"
    return DocumentError(msg, _RELATIONS_PATH)


def _stance_key(raw: dict[str, Any]) -> tuple[str, str, bool, bool]:
    # "hearsay" is absent, or true (or false, from the converter's _plain).
    return (raw["value"], raw["act"], raw["retraction"], raw.get("hearsay", False))


def _without_hearsay(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in raw.items() if key != "hearsay"}


def _verify_stored(raw: Any, text: str, ref: str, path: str) -> None:
    """
    Check a stored value, as parsed, against its id and its canonical form.

    Verification hashes the canonical serialisation of the value stored,
    not of the value rebuilt from it: a list reordered or with a repeated
    item, or a string in another Unicode form, no longer hashes to its id.
    A value that hashes to its id but is not the canonical form of what it
    holds (written by a writer that does not follow the format) is refused.
    """
    stored = dumps_canonical(raw)
    if stored == text:
        if text_id(text) != ref:
            msg = "content does not match its id (altered after it was written?)"
            raise IntegrityError(msg, path)
        return
    if text_id(stored) != ref:
        msg = "content does not match its id (altered after it was written?)"
        raise IntegrityError(msg, path)
    msg = "not in canonical form (a list out of order or repeated, a number "
    msg += "or text not written as the format requires)"
    raise IntegrityError(msg, path)


def _build(path: str, make: Callable[[], T]) -> T:
    """
    Run a model constructor, re-raising its errors at the document path.
    """
    try:
        return make()
    except DepthExceededError as exc:
        raise DepthExceededError(exc.msg, path, exc.limit) from exc
    except InvalidValueError as exc:
        field = exc.path.rpartition(".")[2] if "." in exc.path else ""
        msg = f"{exc.msg} (got {short_repr(exc.value)})"
        raise DocumentError(msg, f"{path}.{field}" if field else path) from exc


def validate(
    text: str | bytes, *, verify: bool = True, max_depth: int | None = None
) -> tuple[DocumentError, ...]:
    """
    Every problem in a document, where `loads` raises only the first.

    Each table entry is checked on its own, so that one invalid entry does
    not hide the problems of the others; an entry that refers to an invalid
    one is not reported for that again (fix the first and check again). A
    document that is not JSON, or not a provenance document of a version
    this release reads, has that one problem.

    Args:
        text: The document, as text or UTF-8 bytes.
        verify: As for `loads`: check every id and canonical form.
        max_depth: As for `loads`: the deepest chain of nested reports to
            accept.

    Returns:
        The problems, each a `DocumentError` naming its JSON path: the
        envelope's, then each table's shapes, the entries, each table's
        values and references, and the values no entry reaches. Empty if,
        and only if, `loads` reads the document.

    Raises:
        InvalidValueError: *verify* is not ``True`` or ``False``, or
            *max_depth* is not an integer from 1 to 100,000.

    .. versionadded:: unreleased
    """
    _check_verify(verify, "validate.verify")
    if max_depth is None:
        return tuple(_problems(text, verify=verify))
    with depth_limit(max_depth):
        return tuple(_problems(text, verify=verify))


# The tables, in the order validate() reports them, with the shape of their
# entries.
_TABLES: Final[tuple[tuple[str, Any], ...]] = (
    ("sources", dict[str, _SourceDoc]),
    ("channels", dict[str, _ChannelDoc]),
    ("claims", dict[str, _ClaimDoc]),
    ("records", dict[str, _StatementDoc | _ReportDoc]),
    ("relations", dict[str, _RelationDoc]),  # Optional: absent without relations.
)


def _problems(text: str | bytes, *, verify: bool) -> Iterator[DocumentError]:
    try:
        doc = _upgrade(parse_json(text))
    except DocumentError as exc:
        yield exc
        return
    days = _Days()
    # The envelope with its tables emptied: the keys and their types.
    tables = {name: doc.get(name) for name, _ in _TABLES}
    skeleton = {
        **doc,
        **{name: {} for name, table in tables.items() if type(table) is dict},
    }
    envelope_ok = True
    try:
        converter.structure(skeleton, _Document)
    except cattrs.BaseValidationError as exc:
        envelope_ok = False
        yield from _all_errors(exc)
    # Then each table's entries, all that the fast check doubts at once.
    invalid: dict[str, set[str]] = {name: set() for name, _ in _TABLES}
    rescued = False  # Whether the converter accepted what the fast check doubted.
    valid: dict[str, Callable[[Any], bool]] = {
        _SOURCES: _source_ok,
        _CHANNELS: _channel_ok,
        _CLAIMS: _claim_ok,
        _RECORDS: partial(_record_ok, days=days),
        _RELATIONS: _relation_ok,
    }
    for name, shape in _TABLES:
        table = tables[name]
        if type(table) is not dict:
            continue
        doubted = {k: v for k, v in table.items() if not valid[name](v)}
        try:
            converter.structure(doubted, shape)
        except cattrs.IterableValidationError as exc:
            # A mapping's errors, each noted with its key.
            keyed, other = exc.group_exceptions()
            for inner, note in keyed:
                key = str(note.index)  # A JSON object's key: a string.
                invalid[name].add(key)
                yield from _all_errors(inner, _ref(name, key))
            yield from (
                DocumentError(_format_exception(e, None), f"$.{name}") for e in other
            )
        rescued = rescued or not doubted.keys() <= invalid[name]
    if not envelope_ok:
        return  # Without the tables and entries, references cannot be followed.
    clean = {
        **doc,
        **{
            name: {k: v for k, v in doc[name].items() if k not in invalid[name]}
            for name, _ in _TABLES
            if name in doc
        },
    }
    if rescued:  # As loads() does, then.
        try:
            clean = _plain(converter.structure(clean, _Document))
        except cattrs.BaseValidationError as exc:  # pragma: no cover  # checked above
            yield from _all_errors(exc)
            return
    yield from _Collector(clean, verify=verify, days=days, invalid=invalid).problems()
    yield from _unreached(doc, invalid)


_SOURCES: Final = "sources"
_CHANNELS: Final = "channels"
_CLAIMS: Final = "claims"
_RECORDS: Final = "records"
_RELATIONS: Final = "relations"


class _InvalidReferenceError(Exception):
    """
    A value refers to one already found invalid: it is not reported again.
    """


class _Checked(dict[str, Any]):
    """
    A table of raw values, without those found invalid: those are still in
    it, but looking one of them up raises `_InvalidReferenceError`, so that
    what refers to them is not reported again.
    """

    def __init__(self, values: dict[str, Any], invalid: set[str]) -> None:
        super().__init__(values)
        self.invalid = invalid

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.invalid:
            raise _InvalidReferenceError
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        if key in self.invalid:
            raise _InvalidReferenceError
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        return key in self.invalid or super().__contains__(key)


class _Collector(_Resolver):
    """
    The resolver, run over each table entry on its own: sources and reports
    after the ones they refer to, so that a problem met while building an
    entry is that entry's own (or one it refers to, already reported).
    """

    def __init__(
        self,
        doc: dict[str, Any],
        *,
        verify: bool,
        days: _Days,
        invalid: dict[str, set[str]],
    ) -> None:
        super().__init__(doc, verify=verify, days=days)
        self.invalid = invalid
        self.raw_sources = _Checked(self.raw_sources, invalid[_SOURCES])
        self.raw_channels = _Checked(self.raw_channels, invalid[_CHANNELS])
        self.raw_claims = _Checked(self.raw_claims, invalid[_CLAIMS])
        self.raw_records = _Checked(self.raw_records, invalid[_RECORDS])

    def problems(self) -> Iterator[DocumentError]:
        yield from self._entries()
        checks: tuple[tuple[str, list[str], Callable[[str, str], object]], ...] = (
            (_SOURCES, _ordered(self.raw_sources, _affiliation), self.source),
            (_CHANNELS, list(self.raw_channels), self.channel),
            (_CLAIMS, list(self.raw_claims), self.claim),
            (_RECORDS, _ordered(self.raw_records, _relayed), self.record),
        )
        for table, keys, check in checks:
            yield from self._check_each(table, keys, check)
        yield from self._check_relations()

    def _check_each(
        self, table: str, keys: list[str], check: Callable[[str, str], object]
    ) -> Iterator[DocumentError]:
        # Only a missing key's error would show the path; these are all
        # in the table, so the path is not worth formatting for each.
        where = f"$.{table}"
        for key in keys:
            if key in self.invalid[table]:
                continue  # On a cycle already reported.
            try:
                check(key, where)
            except _InvalidReferenceError:
                self.invalid[table].add(key)
            except ReferenceCycleError as exc:
                self.invalid[table].update(exc.cycle)
                yield _detached(exc)
            except DocumentError as exc:
                self.invalid[table].add(key)
                yield _detached(exc)

    def _check_relations(self) -> Iterator[DocumentError]:
        raw = self.raw_relations
        if raw is None:
            return
        if not raw:
            if not self.invalid[_RELATIONS]:  # Not emptied of invalid ones.
                yield _empty_relations()
            return
        yield from self._check_each(_RELATIONS, sorted(raw), self.relation)
        # The valid ones as a whole: any subset that cannot hold is a problem.
        try:
            Relations(frozenset(self.relations.values()))
        except RelationError as exc:
            yield _relations_error(exc)

    def _entries(self) -> Iterator[DocumentError]:
        previous = ""
        for index, ref in enumerate(self.raw_entries):
            if ref <= previous:
                msg = "duplicate entry" if ref == previous else "entries not sorted"
                yield DocumentError(msg, f"$.entries[{index}]")
            previous = ref
            if ref not in self.raw_records and ref not in self.invalid[_RECORDS]:
                msg = "unknown record"
                yield UnknownReferenceError(msg, f"$.entries[{index}]", ref)


def _affiliation(raw: dict[str, Any]) -> str | None:
    affiliation: str | None = raw["affiliation"]
    return affiliation


def _relayed(raw: dict[str, Any]) -> str | None:
    return raw["content"] if raw["type"] == "report" else None


def _ordered(
    table: dict[str, Any], link: Callable[[dict[str, Any]], str | None]
) -> list[str]:
    """
    The keys of *table*, each after the one it links to (where that is in
    *table*), so that chains are built from their root; iteratively, as
    chains may be very long.
    """
    order: list[str] = []
    placed: set[str] = set()
    for start in table:
        chain: list[str] = []
        on_chain: set[str] = set()
        node: str | None = start
        while (
            node is not None
            and dict.__contains__(table, node)  # Not what _Checked reports.
            and node not in placed
            and node not in on_chain
        ):
            chain.append(node)
            on_chain.add(node)
            node = link(dict.__getitem__(table, node))
        order.extend(reversed(chain))
        placed.update(chain)
    return order


def _unreached(
    doc: dict[str, Any], invalid: dict[str, set[str]]
) -> Iterator[DocumentError]:
    """
    A problem for each value no entry reaches, unless already reported.
    """
    reached = _reached(doc)
    # Relations are not reached: like entries, they are what reaches.
    for table in (_RECORDS, _CLAIMS, _SOURCES, _CHANNELS):
        for ref in doc[table]:
            if ref not in reached[table] and ref not in invalid[table]:
                msg = "not reached from any entry"
                yield DocumentError(msg, _ref(table, ref))


def _reached(doc: dict[str, Any]) -> dict[str, set[str]]:
    """
    The keys of every table that the entries reach, following the raw
    references of valid and invalid values alike.
    """
    records: dict[str, Any] = doc[_RECORDS]
    reached: dict[str, set[str]] = {name: set() for name, _ in _TABLES}
    stack = list(doc["entries"])
    while stack:
        ref = stack.pop()
        raw = records.get(ref)
        if ref in reached[_RECORDS] or type(raw) is not dict:
            continue
        reached[_RECORDS].add(ref)
        for field, table in _RECORD_REFERENCES:
            if type(target := raw.get(field)) is str:
                reached[table].add(target)
        if raw.get("type") == "report" and type(content := raw.get("content")) is str:
            stack.append(content)
    reached[_CLAIMS].update(_related_claims(doc.get(_RELATIONS)))
    for ref in reached[_CLAIMS]:
        raw = doc[_CLAIMS].get(ref)
        for field in ("about", "favours"):
            parties = raw.get(field) if type(raw) is dict else None
            if type(parties) is list:
                reached[_SOURCES].update(p for p in parties if type(p) is str)
    _add_affiliations(doc[_SOURCES], reached[_SOURCES])
    return reached


def _related_claims(relations: Any) -> Iterator[str]:
    """
    The claims the raw relations name, valid and invalid alike.
    """
    if type(relations) is not dict:
        return
    for raw in relations.values():
        if type(raw) is not dict:
            continue
        named = [raw.get("specific"), raw.get("general")]
        if type(claims := raw.get("claims")) is list:
            named.extend(claims)
        yield from (ref for ref in named if type(ref) is str)


def _add_affiliations(sources: dict[str, Any], reached: set[str]) -> None:
    stack = list(reached)
    while stack:
        raw = sources.get(stack.pop())
        affiliation = raw.get("affiliation") if type(raw) is dict else None
        if type(affiliation) is str and affiliation not in reached:
            reached.add(affiliation)
            stack.append(affiliation)


_RECORD_REFERENCES: Final = (
    ("source", _SOURCES),
    ("reporter", _SOURCES),
    ("claim", _CLAIMS),
    ("channel", _CHANNELS),
)


def _detached(exc: DocumentError) -> DocumentError:
    """
    *exc* without its traceback, which would keep the frames it was raised
    through (and the document they hold) alive in the list of problems.
    """
    exc.__traceback__ = None
    if exc.__cause__ is not None:
        exc.__cause__.__traceback__ = None
    return exc


def schema() -> dict[str, Any]:
    """
    The JSON Schema (draft 2020-12) of the document format.
    """
    text = resources.files("provenance").joinpath("schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


# The fast path: the compact canonical text that dumps() writes.
#
# A document in that form is the canonical texts of its values, joined in a
# fixed order, so each value can be recognised by one pattern of its template
# (the keys in their order, the JSON types, the references as ids) and its id
# verified by hashing the exact slice read: the slice is the value's canonical
# text, which the checks below make sure of (each string written as the
# format writes it, each day and time in its one form, the stance and the
# values of the small tables compared with the canonical text of what was
# built from them). Records are built through the trusted constructors, with
# the loader's own checks, and the few sources, channels, claims and relations
# through the resolver, with every constructor's. Anything else, any anomaly
# at all, gives up and the general loader reads the document from the start,
# so that what is refused, and with which error, never changes; tests check
# that both build the same ledger (tests/test_fastload.py).

_HEX: Final = "[0-9a-f]{64}"
# A JSON string without control characters or lone surrogates; the escapes it
# holds, if any, are checked to be the canonical ones where it is read.
_PLAIN: Final = r'[^"\\\x00-\x1f\ud800-\udfff]'
_STRING: Final = rf'"{_PLAIN}*(?:\\[^\x00-\x1f\ud800-\udfff]{_PLAIN}*)*"'
_NUMBER: Final = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
_OPTIONAL_STRING: Final = rf"(?:null|{_STRING})"
_IDS: Final = rf'\[(?:"{_HEX}"(?:,"{_HEX}")*)?\]'
_MEMBER: Final = rf'"({_HEX})":'
_STATEMENT_TEXT: Final = re.compile(
    rf'{_MEMBER}(\{{"channel":(?:null|"({_HEX})"),"claim":"({_HEX})",'
    r'(?:"credibility":([1-6]),)?(?:"made_at":"([0-9]{2}:[0-9]{2}:[0-9]{2})",)?'
    rf'"made_on":"([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})","source":"({_HEX})",'
    rf'"stance":(\{{"act":{_STRING},(?:"hearsay":true,)?'
    rf'"retraction":(?:true|false),"value":"{_PLAIN}*"\}}),'
    rf'"type":"statement"(?:,"url":({_STRING}))?\}})'
)
_REPORT_TEXT: Final = re.compile(
    rf'{_MEMBER}(\{{"channel":(?:null|"({_HEX})"),"content":"({_HEX})",'
    r'(?:"made_at":"([0-9]{2}:[0-9]{2}:[0-9]{2})",)?'
    rf'"made_on":"([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})","reporter":"({_HEX})",'
    rf'"type":"report"(?:,"url":({_STRING}))?\}})'
)
_SOURCE_TEXT: Final = re.compile(
    rf'{_MEMBER}(\{{"affiliation":(?:null|"{_HEX}"),"kind":"[a-z_]+",'
    rf'"name":{_STRING},"role":{_OPTIONAL_STRING}\}})'
)
_CHANNEL_TEXT: Final = re.compile(
    rf'{_MEMBER}(\{{"audience":{_OPTIONAL_STRING},"kind":"[a-z_]+",'
    rf'"name":{_OPTIONAL_STRING},"public":(?:true|false)\}})'
)
_CLAIM_TEXT: Final = re.compile(
    rf'{_MEMBER}(\{{"about":{_IDS},(?:"favours":{_IDS},)?"key":{_OPTIONAL_STRING},'
    rf'"occurred":{_OPTIONAL_STRING},"quantity":(?:null|\{{"bound":"[a-z_]+",'
    rf'(?:"subject":{_STRING},)?"unit":{_STRING},"value":{_NUMBER}\}}),'
    rf'"text":{_STRING}\}})'
)
_RELATION_TEXT: Final = re.compile(
    rf'{_MEMBER}(\{{"general":"{_HEX}","specific":"{_HEX}","type":"entails"\}}'
    rf'|\{{"claims":{_IDS},"type":"equivalent"\}}'
    rf'|\{{"claims":{_IDS},"exhaustive":(?:true|false),"key":{_STRING},'
    r'"type":"exclusive"\})'
)
_ENTRIES_TEXT: Final = re.compile(rf'\[(?:"{_HEX}"(?:,"{_HEX}")*)?\]')
_JSON_SPACE: Final = " \t\n\r"
# The value starting at an index of a text, and where it ends, as json.loads
# reads it (the default decoder's scanner).
_scan_value: Final[Callable[[str, int], tuple[Any, int]]] = make_scanner(
    json.JSONDecoder()  # type: ignore[arg-type]  # typeshed names the class.
)
_SOURCES_START: Final = '},"sources":{'
_END: Final = f'}},"version":{VERSION}}}'


class _GiveWayError(Exception):
    """
    The text is not in the form the fast path reads: the general loader
    reads it instead.
    """


def _fast_loads(text: str | bytes) -> Ledger | None:
    """
    The ledger *text* holds if it is a compact canonical document that the
    general loader reads (with verification), or ``None``: then the general
    loader must read it, and raise what it raises.
    """
    try:
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8")
        if type(text) is not str:
            return None
        if text[:1] in _JSON_SPACE or text[-1:] in _JSON_SPACE:
            text = text.strip(_JSON_SPACE)  # What JSON allows around a value.
        return _FastReader(text).ledger()
    except Exception:  # noqa: BLE001  # Any anomaly at all: the general loader.
        return None


def _url_text(slice_: str) -> str:
    """
    The url a JSON string holds, refused as the general loader refuses it.
    """
    url = _string(slice_)
    if url_problem(url) is not None:
        raise _GiveWayError
    return url


def _string(slice_: str) -> str:
    """
    The value of a JSON string, which must be written as the format writes
    it (its canonical text).
    """
    if "\\" not in slice_:
        return slice_[1:-1]  # Nothing to escape: _PLAIN is canonical.
    value: str = json.loads(slice_)
    if quote(value) != slice_:
        raise _GiveWayError
    return value


def _table(
    text: str, pos: int, pattern: re.Pattern[str], shape_ok: Callable[[Any], bool]
) -> tuple[dict[str, Any], dict[str, str], int]:
    """
    The values (as parsed) and canonical slices of the table whose members
    start at *pos*, and where it ends (at its closing brace).
    """
    values: dict[str, Any] = {}
    slices: dict[str, str] = {}
    if text.startswith("}", pos):
        return values, slices, pos
    match = pattern.match
    while True:
        found = match(text, pos)
        if found is None:
            raise _GiveWayError
        ref, slice_ = found.group(1, 2)
        if ref in values:
            raise _GiveWayError  # A repeated key.
        # json.loads(slice_), without its Python wrapper: the decoder's
        # own scanner, which must end where the slice does.
        raw, end = _scan_value(text, found.start(2))
        if end != found.end():
            raise _GiveWayError
        values[ref] = raw
        if not shape_ok(raw):
            raise _GiveWayError
        slices[ref] = slice_
        pos = found.end()
        if text.startswith(",", pos):
            pos += 1
        elif text.startswith("}", pos):
            return values, slices, pos
        else:
            raise _GiveWayError


class _FastResolver(_Resolver):
    """
    The resolver, for the small tables of a compact canonical document: each
    value built must have as its canonical text the exact slice read.
    """

    def __init__(
        self, doc: dict[str, Any], slices: dict[type, dict[str, str]], days: _Days
    ) -> None:
        super().__init__(doc, verify=True, days=days)
        self.slices = slices

    def _check(  # The resolver's method, overridden.
        self,
        built: Source | Channel | Claim,
        raw: Any,  # noqa: ARG002  # The slice is checked instead.
        text: str,
        ref: str,
        path: str,  # noqa: ARG002  # Any anomaly gives way, with no path.
    ) -> None:
        # Each value is checked once, when built: its slice is not needed
        # again (nor kept, for a document of a million claims).
        if self.slices[type(built)].pop(ref) != text or text_id(text) != ref:
            raise _GiveWayError
        object.__setattr__(built, "id", ref)

    def claim(self, ref: str, path: str) -> Claim:  # The resolver's, overridden.
        # As the resolver builds it, without the paths its errors would
        # need (any error gives way), and the claim itself by the trusted
        # constructor, which the claim's canonical text is then checked on.
        if (done := self.claims.get(ref)) is not None:
            return done
        raw = self.raw_claims[ref]
        sources = self.sources
        about = frozenset(
            [sources.get(party) or self.source(party, path) for party in raw["about"]]
        )
        favours = frozenset(
            [
                sources.get(party) or self.source(party, path)
                for party in raw.get("favours", ())
            ]
        )
        occurred = None
        if (text := raw["occurred"]) is not None:
            occurred = self.spans.get(text)
            if occurred is None:
                occurred = self.spans[text] = TimeSpan.parse(text)
        quantity = None
        if (amount := raw["quantity"]) is not None:
            quantity = _loaded_quantity(
                amount["value"],
                amount["unit"],
                _BOUNDS[amount["bound"]],
                amount.get("subject"),
            )
        built = _loaded_claim(
            raw["text"], about, favours, occurred, quantity, raw["key"]
        )
        self._check(built, raw, claim_text(built), ref, path)
        self.claims[ref] = built
        # Built once (then found among the claims built): its parsed value
        # is not read again, and is freed while the ledger grows.
        self.raw_claims[ref] = None
        return built


_ReportRead: TypeAlias = tuple[
    Source, str, Channel | None, dt.date, dt.time | None, str | None, str, str | None
]


class _FastReader:
    """
    One compact canonical document, read by its templates.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.days = _Days()
        self.checked_days: dict[str, dt.date] = {}
        self.checked_times: dict[str, dt.time] = {}
        self.checked_stances: dict[str, Stance] = {}
        self.records: dict[str, Record] = {}
        # The statements held, and the ids of the reports held, picked out
        # as the records are read; how many entries they are.
        self.held: list[Record] = []
        self.held_reports: list[str] = []
        self.taken = 0
        # The identities (`id`) of the records the reports built relay.
        self.relayed: set[int] = set()
        # Reports read, waiting for what they relay: their reporter, the
        # content's id, channel, day, time and url, and the reporter's and
        # channel's ids.
        self.pending: dict[str, _ReportRead] = {}

    def ledger(self) -> Ledger:
        text = self.text
        if not text.startswith('{"channels":{') or not text.endswith(_END):
            raise _GiveWayError
        # Records refer to sources, whose table comes last: read it first.
        sources_at = text.rfind(_SOURCES_START)
        if sources_at < 0:
            raise _GiveWayError
        raw_sources, source_slices, end = _table(
            text, sources_at + len(_SOURCES_START), _SOURCE_TEXT, _source_ok
        )
        if end != len(text) - len(_END):
            raise _GiveWayError
        raw_channels, channel_slices, pos = _table(text, 13, _CHANNEL_TEXT, _channel_ok)
        pos = self._expect(pos, '},"claims":{')
        raw_claims, claim_slices, pos = _table(text, pos, _CLAIM_TEXT, _claim_ok)
        pos = self._expect(pos, '},"entries":')
        found = _ENTRIES_TEXT.match(text, pos)
        if found is None:
            raise _GiveWayError
        entries = [ref[1:-1] for ref in found.group()[1:-1].split(",") if ref]
        pos = self._expect(found.end(), f',"format":"{FORMAT}","records":{{')
        doc: dict[str, Any] = {
            "sources": raw_sources,
            "channels": raw_channels,
            "claims": raw_claims,
            "records": {},
            "entries": [],
        }
        self.resolver = _FastResolver(
            doc,
            {Source: source_slices, Channel: channel_slices, Claim: claim_slices},
            self.days,
        )
        pos = self._records(pos, entries)
        if text.startswith('},"relations":{', pos):
            raw_relations, _, pos = _table(text, pos + 15, _RELATION_TEXT, _relation_ok)
            if not raw_relations:
                raise _GiveWayError
            self.resolver.raw_relations = raw_relations
        if pos != sources_at:
            raise _GiveWayError
        self._reports()
        return self._ledger(entries)

    def _expect(self, pos: int, part: str) -> int:
        if not self.text.startswith(part, pos):
            raise _GiveWayError
        return pos + len(part)

    def _day(self, text: str) -> dt.date:
        day = self.days[text]  # Parsed and checked once.
        if day.isoformat() != text:  # pragma: no cover  # The pattern's form.
            raise _GiveWayError
        self.checked_days[text] = day
        return day

    def _time(self, text: str) -> dt.time:
        time = _time_of(text)
        if time is None or time.isoformat() != text:
            raise _GiveWayError
        self.checked_times[text] = time
        return time

    def _stance(self, slice_: str) -> Stance:
        raw = json.loads(slice_)
        stance, text = self.resolver.stance(raw, "$")
        if text != slice_:
            raise _GiveWayError
        self.checked_stances[slice_] = stance
        return stance

    def _records(self, pos: int, entries: list[str]) -> int:  # noqa: C901, PLR0915  # one hot loop, written out
        """
        Read the records table from *pos*: build each statement, keep each
        report until what it relays is built; return where the table ends.

        The table and *entries* are both in id order (if not, `_ledger`
        looks the entries up): the records held are picked out on the way.
        """
        text = self.text
        if text.startswith("}", pos):
            return pos
        held = self.held
        held_reports = self.held_reports
        limit = max_depth()
        taken = 0
        upcoming = entries[0] if entries else None
        statement_at = _STATEMENT_TEXT.match
        report_at = _REPORT_TEXT.match
        records = self.records
        pending = self.pending
        resolver = self.resolver
        sources, claims, channels = resolver.sources, resolver.claims, resolver.channels
        days, times = self.checked_days, self.checked_times
        stances = self.checked_stances
        sha256 = hashlib.sha256
        end = ","
        while end == ",":
            found = statement_at(text, pos)
            if found is not None:
                (ref, slice_, channel, claim, grade, time, day, source, stance, url) = (
                    found.groups()
                )
                if sha256(slice_.encode()).hexdigest() != ref or ref in records:
                    raise _GiveWayError
                # The references read are the parts' ids, and the stance's
                # slice its canonical text (each checked where first built).
                records[ref] = statement = _loaded_statement(
                    ref,
                    sources.get(source) or resolver.source(source, "$"),
                    claims.get(claim) or resolver.claim(claim, "$"),
                    stances.get(stance) or self._stance(stance),
                    None
                    if channel is None
                    else channels.get(channel) or self._channel(channel),
                    days.get(day) or self._day(day),
                    None if time is None else times.get(time) or self._time(time),
                    None if grade is None else int(grade),
                    None if url is None else _url_text(url),
                    source,
                    claim,
                    stance,
                    channel,
                )
                if ref == upcoming:
                    held.append(statement)
                    taken += 1
                    upcoming = entries[taken] if taken < len(entries) else None
            else:
                found = report_at(text, pos)
                if found is None:
                    raise _GiveWayError
                ref, slice_, channel, content, time, day, reporter, url = found.groups()
                if (
                    sha256(slice_.encode()).hexdigest() != ref
                    or ref in pending
                    or ref in records
                ):
                    raise _GiveWayError
                read = (
                    sources.get(reporter) or resolver.source(reporter, "$"),
                    content,
                    None
                    if channel is None
                    else channels.get(channel) or self._channel(channel),
                    days.get(day) or self._day(day),
                    None if time is None else times.get(time) or self._time(time),
                    None if url is None else _url_text(url),
                    reporter,
                    channel,
                )
                relayed = records.get(content)
                if relayed is None:
                    pending[ref] = read  # Built once what it relays is.
                else:
                    records[ref] = self._report(ref, read, relayed, limit)
                if ref == upcoming:
                    held_reports.append(ref)
                    taken += 1
                    upcoming = entries[taken] if taken < len(entries) else None
            pos = found.end() + 1
            end = text[pos - 1 : pos]
        if end != "}":
            raise _GiveWayError
        self.taken = taken
        return pos - 1

    def _channel(self, ref: str) -> Channel:
        channel = self.resolver.channels.get(ref)
        if channel is None:
            channel = self.resolver.channel(ref, "$")
            assert channel is not None  # noqa: S101  # for mypy
        return channel

    def _report(
        self, ref: str, read: _ReportRead, content: Record, limit: int
    ) -> Report:
        """
        The report *read*, relaying *content* (built), as `Report` checks it.
        """
        reporter, _, channel, made_on, made_at, url, by, via = read
        if content.depth >= limit or _before(made_on, made_at, content):
            raise _GiveWayError
        self.relayed.add(id(content))
        return _loaded_report(
            ref, reporter, content, channel, made_on, made_at, url, by, via
        )

    def _reports(self) -> None:
        """
        Build the reports read before what they relay, each after it.
        """
        records = self.records
        pending = self.pending
        limit = max_depth()
        for start, first in pending.items():
            if start in records:
                continue  # Built as part of an earlier chain.
            chain = [(start, first)]
            ref = first[1]
            while ref not in records:
                if ref not in pending or len(chain) > limit:
                    raise _GiveWayError  # Unknown, in a cycle, or too deep.
                chain.append((ref, pending[ref]))
                ref = pending[ref][1]
            for ref, read in reversed(chain):
                records[ref] = self._report(ref, read, records[read[1]], limit)

    def _ledger(self, entries: list[str]) -> Ledger:
        records = self.records
        held = self.held
        if self.taken == len(entries):
            held.extend([records[ref] for ref in self.held_reports])
        else:  # The records table is not in id order: look them up.
            held = [records[ref] for ref in entries]
        # In id order, each once.
        if not all(map(str.__lt__, entries, itertools.islice(entries, 1, None))):
            raise _GiveWayError
        # Every record is reached from an entry if (and only if) each is held
        # or relayed by a report: follow the reports relaying one that is
        # not, each one deeper than the last, and the chain ends at one held.
        # The records are distinct values (one a key), all alive: their
        # identities tell them apart.
        relayed = self.relayed
        relayed.update(map(id, held))
        resolver = self.resolver
        relations = resolver._related()  # noqa: SLF001
        if (
            len(relayed) != len(records)
            or len(resolver.claims) != len(resolver.raw_claims)
            or len(resolver.sources) != len(resolver.raw_sources)
            or len(resolver.channels) != len(resolver.raw_channels)
        ):
            raise _GiveWayError  # Something no entry reaches.
        return Ledger(frozenset(held), relations=relations)
