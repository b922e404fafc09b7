"""
The versioned JSON document format: `dumps`, `loads`, `dump` and `load`.

A document is an envelope ``{"format": "provenance", "version": 1, ...}``
with one table per kind of value (``sources``, ``channels``, ``claims``,
``records``), each keyed by content id, every reference written as an id, and
``entries``, the sorted ids of the records the ledger holds. Each value is
written once. Output is canonical: equal ledgers give identical bytes.
Loading checks the envelope first, then every field, reference and id, and
returns a complete ledger or raises a `DocumentError` naming the JSON path.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re

from collections.abc import Callable
from functools import partial
from importlib import resources
from typing import IO, Any, Final, Literal, TypeVar

import attrs
import cattrs

from cattrs.preconf.json import make_converter

from provenance._identity import (
    Node,
    channel_node,
    claim_node,
    report_node,
    source_node,
    statement_node,
)
from provenance._validators import is_integer
from provenance.claims import Bound, Claim, Quantity, TimeSpan
from provenance.errors import (
    DepthExceededError,
    DocumentError,
    IntegrityError,
    InvalidValueError,
    ProvenanceError,
    ReferenceCycleError,
    UnknownReferenceError,
    UnsupportedVersionError,
    short_repr,
)
from provenance.ledger import Ledger
from provenance.records import Record, Report, Statement, max_depth
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
]

T = TypeVar("T")

FORMAT: Final = "provenance"
"""
The value of every document's ``format`` field.
"""
VERSION: Final = 1
"""
The format version this release writes.
"""

# Upgrade steps, pure functions from a document of version N to N + 1. They
# are never deleted, so that every document ever written can still be read.
_UPGRADES: Final[dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {}


# The document's shape, as cattrs structures it. These mirror the canonical
# forms in provenance._identity; references are ids, resolved afterwards.
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


@attrs.frozen
class _QuantityDoc:
    value: int | float
    unit: str
    bound: Bound


@attrs.frozen
class _ClaimDoc:
    text: str
    about: list[str]
    occurred: str | None
    quantity: _QuantityDoc | None
    key: str | None


@attrs.frozen
class _StanceDoc:
    value: str
    act: str
    retraction: bool


@attrs.frozen
class _StatementDoc:
    source: str
    claim: str
    stance: _StanceDoc
    channel: str | None
    made_on: dt.date


@attrs.frozen
class _ReportDoc:
    reporter: str
    content: str
    channel: str | None
    made_on: dt.date


@attrs.frozen
class _Document:
    format: Literal["provenance"]
    version: int
    sources: dict[str, _SourceDoc]
    channels: dict[str, _ChannelDoc]
    claims: dict[str, _ClaimDoc]
    records: dict[str, _StatementDoc | _ReportDoc]
    entries: list[str]


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
        msg = f"expected a finite number, got {value!r}"
        raise DocumentError(msg, "")
    return value


_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_day(value: Any, _: type) -> dt.date:
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        msg = "expected a date as YYYY-MM-DD"
        raise DocumentError(msg, "")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"no such day {value!r}"
        raise DocumentError(msg, "") from None


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
            msg = f"expected one of {allowed}, got {value!r}"
            raise DocumentError(msg, "") from None

    return structure


def _make_converter() -> cattrs.Converter:
    conv = make_converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook_func(lambda t: t == int | float, _structure_number)
    conv.register_structure_hook(dt.date, _structure_day)
    conv.register_structure_hook_func(
        lambda t: t == list[str], _array_of(conv.get_structure_hook(list[str]))
    )
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    for kind in (SourceKind, ChannelKind, Bound):
        conv.register_structure_hook(kind, _enum_hook(kind))
    conv.register_structure_hook_func(
        lambda t: t == _StatementDoc | _ReportDoc, _structure_record
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
    """
    return json.dumps(
        _document(ledger),
        sort_keys=True,
        ensure_ascii=False,
        indent=indent,
        separators=(",", ":") if indent is None else (",", ": "),
    )


def _document(ledger: Ledger) -> dict[str, Any]:
    records: dict[str, Node] = {}
    claims: dict[str, Node] = {}
    for record in ledger.records:
        if isinstance(record, Statement):
            records[record.id] = statement_node(record)
            claims.setdefault(record.claim.id, claim_node(record.claim))
        else:
            records[record.id] = report_node(record)
    return {
        "format": FORMAT,
        "version": VERSION,
        "sources": {s.id: source_node(s) for s in ledger.sources},
        "channels": {c.id: channel_node(c) for c in ledger.channels},
        "claims": claims,
        "records": records,
        "entries": sorted(entry.id for entry in ledger.entries),
    }


def dump(
    ledger: Ledger, file: str | os.PathLike[str] | IO[str], *, indent: int | None = 2
) -> None:
    """
    Write *ledger* to *file*, a path or a text file, as a canonical document
    (indented by default, for people and diffs).
    """
    text = dumps(ledger, indent=indent) + "\n"
    if isinstance(file, (str, os.PathLike)):
        with open(file, "w", encoding="utf-8") as handle:  # noqa: PTH123
            handle.write(text)
    else:
        file.write(text)


def load(
    file: str | os.PathLike[str] | IO[str] | IO[bytes], *, verify: bool = True
) -> Ledger:
    """
    Read a ledger from *file*, a path or an open file; see `loads`.
    """
    if isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as handle:  # noqa: PTH123
            return loads(handle.read(), verify=verify)
    return loads(file.read(), verify=verify)


def loads(text: str | bytes, *, verify: bool = True) -> Ledger:
    """
    The ledger a document holds.

    Args:
        text: The document, as text or UTF-8 bytes.
        verify: Check that every value hashes to the id it is stored under,
            so that any alteration of the document shows.

    Raises:
        DocumentError: The document is malformed; the error's ``path`` is the
            JSON path of the problem. Its subclasses say more:
            `UnsupportedVersionError`, `UnknownReferenceError`,
            `ReferenceCycleError`, `IntegrityError`.
        DepthExceededError: A chain of reports is deeper than `max_depth`.
    """
    raw = _parse(text)
    doc = _upgrade(raw)
    try:
        structured = converter.structure(doc, _Document)
    except cattrs.BaseValidationError as exc:
        raise _first_error(exc) from exc
    return _Resolver(structured, verify=verify).ledger()


def _parse(text: str | bytes) -> Any:
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"not UTF-8 text (byte {exc.start})"
            raise DocumentError(msg, "$") from None
    if not isinstance(text, str):
        msg = "expected JSON text or bytes"
        raise DocumentError(msg, "$")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise DocumentError(msg, "$") from None
    except RecursionError:
        msg = "JSON nested too deeply"
        raise DocumentError(msg, "$") from None
    except ValueError as exc:  # Integers too long to convert, for one.
        msg = f"not valid JSON: {exc}"
        raise DocumentError(msg, "$") from None


def _upgrade(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        msg = "a document must be a JSON object"
        raise DocumentError(msg, "$")
    doc: dict[str, Any] = raw
    if doc.get("format") != FORMAT:
        msg = f"not a provenance document (format must be {FORMAT!r})"
        raise DocumentError(msg, "$.format")
    while (version := doc.get("version")) != VERSION:
        if not is_integer(version) or version not in _UPGRADES:
            msg = f"unsupported format version {short_repr(version)}"
            msg += f" (this release reads 1 to {VERSION})"
            raise UnsupportedVersionError(msg, "$.version")
        doc = _UPGRADES[version](doc)
    return doc


def _format_exception(exc: BaseException, kind: type | None) -> str:
    if isinstance(exc, ProvenanceError):
        return exc.msg
    if isinstance(exc, AttributeError):
        # cattrs reads objects through .keys(); anything else lands here.
        return "expected a JSON object"
    return cattrs.v.format_exception(exc, kind)


def _first_error(exc: cattrs.BaseValidationError) -> DocumentError:
    first = cattrs.transform_error(exc, path="$", format_exception=_format_exception)[0]
    msg, _, path = first.rpartition(" @ ")
    return DocumentError(msg, path)


def _ref(table: str, ref: str) -> str:
    return f"$.{table}[{ref!r}]"


class _Resolver:
    """
    Builds model values from a structured document, each exactly once,
    following references iteratively (documents may hold very deep chains).
    """

    def __init__(self, doc: _Document, *, verify: bool) -> None:
        self.doc = doc
        self.verify = verify
        self.sources: dict[str, Source] = {}
        self.channels: dict[str, Channel] = {}
        self.claims: dict[str, Claim] = {}
        self.records: dict[str, Record] = {}

    def ledger(self) -> Ledger:
        entries = []
        seen: set[str] = set()
        for index, ref in enumerate(self.doc.entries):
            path = f"$.entries[{index}]"
            if ref in seen:
                msg = "duplicate entry"
                raise DocumentError(msg, path)
            seen.add(ref)
            entries.append(self.record(ref, path))
        # A value no entry reaches would be dropped unverified; refuse it.
        tables: tuple[tuple[str, dict[str, Any], dict[str, Any]], ...] = (
            ("records", self.doc.records, self.records),
            ("claims", self.doc.claims, self.claims),
            ("sources", self.doc.sources, self.sources),
            ("channels", self.doc.channels, self.channels),
        )
        for table, written, built in tables:
            for ref in written:
                if ref not in built:
                    msg = "not reached from any entry"
                    raise DocumentError(msg, _ref(table, ref))
        return Ledger(frozenset(entries))

    def _check(
        self, value: Source | Channel | Claim | Record, ref: str, path: str
    ) -> None:
        if self.verify and value.id != ref:
            msg = "content does not match its id (altered after it was written?)"
            raise IntegrityError(msg, path)

    def source(self, ref: str, path: str) -> Source:
        if (done := self.sources.get(ref)) is not None:
            return done
        # Walk up the affiliation chain to the first built (or missing) one.
        chain: list[str] = []
        on_chain: set[str] = set()
        node: str | None = ref
        while node is not None and node not in self.sources:
            if node in on_chain:
                cycle = tuple(chain[chain.index(node) :])
                msg = "affiliations form a cycle"
                raise ReferenceCycleError(msg, _ref("sources", node), cycle)
            raw = self.doc.sources.get(node)
            if raw is None:
                where = (
                    path if not chain else f"{_ref('sources', chain[-1])}.affiliation"
                )
                msg = "unknown source"
                raise UnknownReferenceError(msg, where, node)
            chain.append(node)
            on_chain.add(node)
            node = raw.affiliation
        for key in reversed(chain):
            raw = self.doc.sources[key]
            where = _ref("sources", key)
            affiliation = (
                None if raw.affiliation is None else self.sources[raw.affiliation]
            )
            built = _build(
                where,
                partial(
                    Source,
                    name=raw.name,
                    kind=raw.kind,
                    role=raw.role,
                    affiliation=affiliation,
                ),
            )
            self._check(built, key, where)
            self.sources[key] = built
        return self.sources[ref]

    def channel(self, ref: str | None, path: str) -> Channel | None:
        if ref is None:
            return None
        if (done := self.channels.get(ref)) is not None:
            return done
        raw = self.doc.channels.get(ref)
        if raw is None:
            msg = "unknown channel"
            raise UnknownReferenceError(msg, path, ref)
        where = _ref("channels", ref)
        built = _build(
            where,
            partial(
                Channel,
                kind=raw.kind,
                name=raw.name,
                audience=raw.audience,
                public=raw.public,
            ),
        )
        self._check(built, ref, where)
        self.channels[ref] = built
        return built

    def claim(self, ref: str, path: str) -> Claim:
        if (done := self.claims.get(ref)) is not None:
            return done
        raw = self.doc.claims.get(ref)
        if raw is None:
            msg = "unknown claim"
            raise UnknownReferenceError(msg, path, ref)
        where = _ref("claims", ref)
        about = [
            self.source(party, f"{where}.about[{i}]")
            for i, party in enumerate(raw.about)
        ]
        occurred = (
            None
            if raw.occurred is None
            else _build(f"{where}.occurred", partial(TimeSpan.parse, raw.occurred))
        )
        quantity = (
            None
            if raw.quantity is None
            else _build(
                f"{where}.quantity",
                partial(
                    Quantity,
                    value=raw.quantity.value,
                    unit=raw.quantity.unit,
                    bound=raw.quantity.bound,
                ),
            )
        )
        built = _build(
            where,
            partial(
                Claim,
                text=raw.text,
                about=about,
                occurred=occurred,
                quantity=quantity,
                key=raw.key,
            ),
        )
        self._check(built, ref, where)
        self.claims[ref] = built
        return built

    def record(self, ref: str, path: str) -> Record:
        if (done := self.records.get(ref)) is not None:
            return done
        # Follow the chain of reports down to a built record or a statement.
        chain: list[str] = []
        on_chain: set[str] = set()
        node = ref
        where = path
        limit = max_depth()
        while node not in self.records:
            if node in on_chain:
                cycle = tuple(chain[chain.index(node) :])
                msg = "reports relay each other in a cycle"
                raise ReferenceCycleError(msg, _ref("records", node), cycle)
            raw = self.doc.records.get(node)
            if raw is None:
                msg = "unknown record"
                raise UnknownReferenceError(msg, where, node)
            chain.append(node)
            on_chain.add(node)
            if isinstance(raw, _StatementDoc):
                break
            if len(chain) > limit:
                msg = "chain of reports too deep"
                raise DepthExceededError(msg, _ref("records", ref), limit)
            where = f"{_ref('records', node)}.content"
            node = raw.content
        for key in reversed(chain):
            self.records[key] = self._build_record(key)
        return self.records[ref]

    def _build_record(self, key: str) -> Record:
        raw = self.doc.records[key]
        where = _ref("records", key)
        channel = self.channel(raw.channel, f"{where}.channel")
        built: Record
        if isinstance(raw, _StatementDoc):
            source = self.source(raw.source, f"{where}.source")
            claim = self.claim(raw.claim, f"{where}.claim")
            stance = _build(
                f"{where}.stance",
                partial(
                    Stance.of,
                    raw.stance.value,
                    raw.stance.act,
                    retraction=raw.stance.retraction,
                ),
            )
            built = _build(
                where,
                partial(
                    Statement,
                    source=source,
                    claim=claim,
                    stance=stance,
                    channel=channel,
                    made_on=raw.made_on,
                ),
            )
        else:
            reporter = self.source(raw.reporter, f"{where}.reporter")
            built = _build(
                where,
                partial(
                    Report,
                    reporter=reporter,
                    content=self.records[raw.content],
                    channel=channel,
                    made_on=raw.made_on,
                ),
            )
        self._check(built, key, where)
        return built


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


def schema() -> dict[str, Any]:
    """
    The JSON Schema (draft 2020-12) of the document format.
    """
    text = resources.files("provenance").joinpath("schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result
