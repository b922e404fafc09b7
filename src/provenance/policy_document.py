"""
Policies as documents: `dumps_policy`, `loads_policy`, `dump_policy` and
`load_policy`.

A policy document is an envelope ``{"format": "provenance-policy",
"version": 1, ...}`` with one key per field of `Policy`, and two tables that
make it self-contained: ``sources`` and ``claims``, each keyed by content id
and holding the canonical form the ledger document format gives the value.
Per-source rules (trust, grades, relay trust, track-record events) name
their source by id, per-claim rules (base rates, half-lives, outcomes) their
claim by id, so that a policy saved by one analyst applies to any ledger
that holds the same sources and claims.

Output is canonical: equal policies give identical text. Loading checks the
envelope first, then every field, reference and id, and returns the policy
or raises a `DocumentError` naming the JSON path of the first problem. Keys
left out of a document take the default policy's value; the value of a key
that is present must be complete (a ``kind_trust`` table names every kind).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re

from collections.abc import Callable, Iterable
from functools import partial
from typing import IO, Any, Final, TypeVar

import cattrs

from provenance._files import read_data, write_text
from provenance._identity import claim_node, source_node
from provenance._json import parse_json
from provenance.claims import Claim
from provenance.credibility import Credibility
from provenance.errors import (
    DocumentError,
    InvalidValueError,
    UnsupportedVersionError,
    json_repr,
    path_key,
    short_repr,
)
from provenance.grades import Grade
from provenance.opinion import Discounting, Fusion, Opinion
from provenance.policy import Dependency, Policy
from provenance.serialize import (
    _claim_ok,
    _ClaimDoc,
    _Days,
    _first_error,
    _Resolver,
    _source_ok,
    _SourceDoc,
    converter,
)
from provenance.sources import Source, SourceKind
from provenance.stances import FactBank
from provenance.track import Event, Outcome, TrackRecord, event_problem


__all__ = [
    "POLICY_FORMAT",
    "POLICY_VERSION",
    "dump_policy",
    "dumps_policy",
    "load_policy",
    "loads_policy",
]

POLICY_FORMAT: Final = "provenance-policy"
"""
The value of every policy document's ``format`` field.
"""
POLICY_VERSION: Final = 1
"""
The policy document version this release writes.
"""

T = TypeVar("T")
K = TypeVar("K")
_MAX_INDENT: Final = 64
_DURATION: Final = re.compile(
    r"P(?:([0-9]{1,9})D)?(?:T([0-9]{1,5})(?:\.([0-9]{1,6}))?S)?"
)


# --- Writing -----------------------------------------------------------------


def dumps_policy(policy: Policy, *, indent: int | None = None) -> str:
    """
    The canonical JSON document of *policy*: equal policies give identical
    text.

    Args:
        policy: The policy to write.
        indent: Indent nested values by this many spaces (still canonical);
            ``None`` writes one compact line.

    Raises:
        InvalidValueError: *policy* is not a `Policy`, or *indent* is not
            ``None`` or an integer from 0 to 64.

    >>> from provenance import DEFAULT_POLICY
    >>> loads_policy(dumps_policy(DEFAULT_POLICY)) == DEFAULT_POLICY
    True

    .. versionadded:: unreleased
    """
    _check_arguments(policy, indent, "dumps_policy")
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(
        _document(policy),
        sort_keys=True,
        ensure_ascii=False,
        indent=indent,
        separators=separators,
    )


def dump_policy(
    policy: Policy, file: str | os.PathLike[str] | IO[str], *, indent: int | None = 2
) -> None:
    """
    Write *policy* to *file*, a path or a text file, as a canonical policy
    document (indented by default, for people and diffs).

    Raises:
        InvalidValueError: An argument is of the wrong type.
        FileAccessError: The file cannot be written (as `provenance.dump`
            says), or is a store or a store's log, index or journal; the
            operating system's error, if any, is its ``__cause__``.

    .. versionadded:: unreleased
    """
    _check_arguments(policy, indent, "dump_policy")
    write_text(file, dumps_policy(policy, indent=indent) + "\n", "dump_policy")


def _check_arguments(policy: object, indent: object, where: str) -> None:
    if not isinstance(policy, Policy):
        msg = "must be a Policy"
        raise InvalidValueError(msg, f"{where}.policy", policy)
    if indent is not None and (
        type(indent) is not int or not 0 <= indent <= _MAX_INDENT
    ):
        msg = f"must be None or an integer from 0 to {_MAX_INDENT}"
        raise InvalidValueError(msg, f"{where}.indent", indent)


def _document(policy: Policy) -> dict[str, Any]:
    sources: dict[str, Any] = {}
    claims: dict[str, Any] = {}

    def source(value: Source) -> str:
        for node in (value, *value.affiliations()):
            sources.setdefault(node.id, source_node(node))
        return value.id

    def claim(value: Claim) -> str:
        claims.setdefault(value.id, claim_node(value))
        for party in (*value.about, *value.favours):
            source(party)
        return value.id

    record = policy.track_record
    doc: dict[str, Any] = {
        "format": POLICY_FORMAT,
        "version": POLICY_VERSION,
        "stances": {k.value: _opinion(v) for k, v in policy.stances.items()},
        "kind_trust": {k.value: _opinion(v) for k, v in policy.kind_trust.items()},
        "source_trust": {
            source(k): _opinion(v) for k, v in policy.source_trust.items()
        },
        "track_record": None
        if record is None
        else _track_record(record, source, claim),
        "grades": {k: _grade(v) for k, v in policy.grades.items()},
        "source_grades": {source(k): v for k, v in policy.source_grades.items()},
        "relay_kind_trust": {
            k.value: _opinion(v) for k, v in policy.relay_kind_trust.items()
        },
        "relay_source_trust": {
            source(k): _opinion(v) for k, v in policy.relay_source_trust.items()
        },
        "self_serving_factor": policy.self_serving_factor,
        "against_interest_factor": policy.against_interest_factor,
        "dependency": policy.dependency.value,
        "within_group": policy.within_group.value,
        "across_groups": policy.across_groups.value,
        "base_rate": policy.base_rate,
        "claim_base_rates": {claim(k): v for k, v in policy.claim_base_rates.items()},
        "half_life": _duration(policy.half_life),
        "claim_half_lives": {
            claim(k): _duration(v) for k, v in policy.claim_half_lives.items()
        },
        "discounting": policy.discounting.value,
        "words": [[bound, phrase] for bound, phrase in policy.words],
        "uncorroborated_ceiling": policy.uncorroborated_ceiling,
        "confidence": list(policy.confidence),
        "conflict_thresholds": list(policy.conflict_thresholds),
        "corroboration": policy.corroboration,
        "credibility": {
            str(k): {"description": v.description, "factor": v.factor + 0.0}
            for k, v in policy.credibility.items()
        },
        "relate_quantities": policy.relate_quantities,
        "about_margin": policy.about_margin,
    }
    doc["sources"] = sources
    doc["claims"] = claims
    return doc


def _opinion(opinion: Opinion) -> dict[str, float]:
    # Opinion keeps -0.0, which equals 0.0: written as 0.0, so that equal
    # policies give identical text (the policy's own numbers are normalised
    # as it stores them).
    return {
        "belief": opinion.belief + 0.0,
        "disbelief": opinion.disbelief + 0.0,
        "uncertainty": opinion.uncertainty + 0.0,
        "base_rate": opinion.base_rate + 0.0,
    }


def _grade(grade: Grade) -> dict[str, Any]:
    relay = grade.relay_opinion
    return {
        "description": grade.description,
        "opinion": _opinion(grade.opinion),
        "relay_opinion": None if relay is None else _opinion(relay),
    }


def _duration(span: dt.timedelta | None) -> str | None:
    """
    *span* as an ISO 8601 duration of days and seconds (``"P30D"``,
    ``"P1DT3600.5S"``), exact to the microsecond.
    """
    if span is None:
        return None
    text = "P"
    if span.days:
        text += f"{span.days}D"
    if span.seconds or span.microseconds:
        fraction = f".{span.microseconds:06d}".rstrip("0") if span.microseconds else ""
        text += f"T{span.seconds}{fraction}S"
    return text


def _track_record(
    record: TrackRecord,
    source: Callable[[Source], str],
    claim: Callable[[Claim], str],
) -> dict[str, Any]:
    return {
        "outcomes": sorted(
            (
                {
                    "claim": claim(o.claim),
                    "true": o.true,
                    "known_on": o.known_on.isoformat(),
                }
                for o in record.outcomes
            ),
            key=lambda node: node["claim"],
        ),
        "events": {
            source(who): [
                {
                    "known_on": e.known_on.isoformat(),
                    "claim": claim(e.claim),
                    "correct": e.correct,
                }
                for e in events
            ]
            for who, events in record.events.items()
        },
    }


# --- Reading -----------------------------------------------------------------


def load_policy(file: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Policy:
    """
    Read a policy from *file*, a path or an open file; see `loads_policy`.
    A path naming a pipe (FIFO) is read once, as given.

    Raises:
        FileAccessError: The file cannot be read, or the path names neither
            a regular file nor a pipe (a directory, a device, a socket:
            refused unread); the operating system's error, or what the file
            is, is its ``__cause__``.
        DocumentError: See `loads_policy`.

    .. versionadded:: unreleased
    """
    data = read_data(file, "load_policy")
    return loads_policy(data)


def loads_policy(text: str | bytes) -> Policy:
    """
    The policy a policy document holds.

    Args:
        text: The document, as text or UTF-8 bytes.

    Raises:
        DocumentError: The document is malformed; the error's ``path`` is
            the JSON path of the first problem met. Its subclasses say more:
            `UnsupportedVersionError` for a version this release cannot
            read, `UnknownReferenceError` for a source or claim id the
            tables do not hold, `IntegrityError` for a table entry that
            does not hash to its id.

    .. versionadded:: unreleased
    """
    doc = _parse(text)
    if doc.get("format") != POLICY_FORMAT:
        msg = f"not a policy document (format must be {POLICY_FORMAT!r})"
        raise DocumentError(msg, "$.format")
    version = doc.get("version")
    if type(version) is not int or version != POLICY_VERSION:
        msg = f"unsupported policy version {json_repr(version)}"
        msg += f" (this release reads version {POLICY_VERSION})"
        raise UnsupportedVersionError(msg, "$.version")
    unknown = sorted(set(doc) - _KEYS)
    if unknown:
        msg = f"unknown field {short_repr(unknown[0])}"
        raise DocumentError(msg, "$")
    values = _Values(doc)
    fields: dict[str, Any] = {}
    for name, read in _READERS.items():
        if name in doc:
            fields[name] = read(values, doc[name], f"$.{name}")
    values.all_used()
    try:
        return Policy(**fields)
    except InvalidValueError as exc:
        raise DocumentError(_message(exc), _policy_path(exc.path)) from exc


def _parse(text: str | bytes) -> dict[str, Any]:
    raw = parse_json(text, constants=False)
    if not isinstance(raw, dict):
        msg = "a policy document must be a JSON object"
        raise DocumentError(msg, "$")
    return raw


def _message(exc: InvalidValueError) -> str:
    return f"{exc.msg} (got {short_repr(exc.value)})"


def _policy_path(path: str) -> str:
    # "Policy.source_grades[...]" -> "$.source_grades": the field is what the
    # document names; the key inside it is the policy's, not the document's.
    field = path.partition(".")[2].partition("[")[0]
    return f"$.{field}" if field else "$"


class _Values:
    """
    The document's sources and claims tables, each value built once, by the
    rules (and with the checks) of the ledger document format.
    """

    def __init__(self, doc: dict[str, Any]) -> None:
        sources = _table(doc, "sources")
        claims = _table(doc, "claims")
        for ref, raw in sources.items():
            _shape(raw, _source_ok, _SourceDoc, f"$.sources{path_key(ref)}")
        for ref, raw in claims.items():
            _shape(raw, _claim_ok, _ClaimDoc, f"$.claims{path_key(ref)}")
        self.raw_sources = sources
        self.raw_claims = claims
        self.resolver = _Resolver(
            {
                "sources": sources,
                "channels": {},
                "claims": claims,
                "records": {},
                "entries": [],
            },
            verify=True,
            days=_Days(),
        )

    def source(self, ref: str, path: str) -> Source:
        _text(ref, path)
        return self.resolver.source(ref, path)

    def claim(self, ref: str, path: str) -> Claim:
        _text(ref, path)
        return self.resolver.claim(ref, path)

    def all_used(self) -> None:
        # A value no rule names would be carried silently: refuse it, as the
        # ledger format refuses a value no entry reaches.
        for table, written, built in (
            ("claims", self.raw_claims, self.resolver.claims),
            ("sources", self.raw_sources, self.resolver.sources),
        ):
            for ref in written:
                if ref not in built:
                    msg = "not named by any rule of the policy"
                    raise DocumentError(msg, f"$.{table}{path_key(ref)}")


def _table(doc: dict[str, Any], name: str) -> dict[str, Any]:
    table = doc.get(name, {})
    if type(table) is not dict:
        msg = f"expected a JSON object, got {_type(table)}"
        raise DocumentError(msg, f"$.{name}")
    return table


def _shape(raw: Any, ok: Callable[[Any], bool], kind: type, path: str) -> None:
    if ok(raw):
        return
    if type(raw) is not dict:
        msg = f"expected a JSON object, got {_type(raw)}"
        raise DocumentError(msg, path)
    try:
        converter.structure(raw, kind)
    except cattrs.BaseValidationError as exc:
        raise _first_error(exc, path) from None
    except DocumentError as exc:
        raise DocumentError(exc.msg, path) from None
    msg = "not in the canonical form of the ledger document format"
    raise DocumentError(msg, path)


def _type(value: object) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _expect(value: Any, kind: type, what: str, path: str) -> None:
    if type(value) is not kind:
        msg = f"expected {what}, got {_type(value)}"
        raise DocumentError(msg, path)


def _text(value: Any, path: str) -> str:
    _expect(value, str, "a string", path)
    result: str = value
    return result


def _object(value: Any, path: str) -> dict[str, Any]:
    _expect(value, dict, "a JSON object", path)
    result: dict[str, Any] = value
    return result


def _array(value: Any, path: str) -> list[Any]:
    _expect(value, list, "an array", path)
    result: list[Any] = value
    return result


def _number(value: Any, path: str) -> float:
    if type(value) not in (int, float):
        msg = f"expected a number, got {_type(value)}"
        raise DocumentError(msg, path)
    try:
        number = float(value)
    except OverflowError:  # An integer beyond any float.
        number = math.inf
    if not math.isfinite(number):
        msg = "must be a finite number"
        raise DocumentError(msg, path)
    return number


def _optional_number(value: Any, path: str) -> float | None:
    return None if value is None else _number(value, path)


def _boolean(value: Any, path: str) -> bool:
    _expect(value, bool, "true or false", path)
    result: bool = value
    return result


def _integer(value: Any, path: str) -> int:
    _expect(value, int, "an integer", path)
    result: int = value
    return result


def _fields(
    value: Any, path: str, required: Iterable[str], optional: Iterable[str] = ()
) -> dict[str, Any]:
    found = _object(value, path)
    required = tuple(required)
    for name in required:
        if name not in found:
            msg = f"missing field {name!r}"
            raise DocumentError(msg, path)
    allowed = {*required, *optional}
    for name in sorted(found):
        if name not in allowed:
            msg = f"unknown field {short_repr(name)}"
            raise DocumentError(msg, path)
    return found


def _build(path: str, make: Callable[[], T]) -> T:
    try:
        return make()
    except InvalidValueError as exc:
        raise DocumentError(_message(exc), path) from exc


_OPINION_KEYS: Final = ("belief", "disbelief", "uncertainty", "base_rate")


def _read_opinion(value: Any, path: str) -> Opinion:
    raw = _fields(value, path, _OPINION_KEYS)
    parts = [_number(raw[k], f"{path}.{k}") for k in _OPINION_KEYS]
    return _build(path, lambda: Opinion(*parts))


def _enum(kind: type[Any], value: Any, path: str) -> Any:
    _text(value, path)
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        msg = f"expected one of {allowed}, got {short_repr(value)}"
        raise DocumentError(msg, path) from None


def _day(value: Any, path: str) -> dt.date:
    text = _text(value, path)
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        msg = "expected a date as YYYY-MM-DD"
        raise DocumentError(msg, path)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"no such day {short_repr(text)}"
        raise DocumentError(msg, path) from None


def _read_duration(value: Any, path: str) -> dt.timedelta | None:
    if value is None:
        return None
    text = _text(value, path)
    found = _DURATION.fullmatch(text)
    if found is None or text in {"P", "PT"} or text.endswith("T"):
        msg = "expected a duration such as 'P30D' or 'P1DT3600.5S' (ISO 8601)"
        raise DocumentError(msg, path)
    days, seconds, fraction = found.groups()
    return dt.timedelta(
        days=int(days or 0),
        seconds=int(seconds or 0),
        microseconds=int((fraction or "").ljust(6, "0")),
    )


def _by_key(
    resolve: Callable[[_Values, Any, str], K],
    read_value: Callable[[Any, str], T],
) -> Callable[[_Values, Any, str], dict[K, T]]:
    """
    A reader of a table whose keys *resolve* turns into values (a kind, a
    source, a claim) and whose values *read_value* reads.
    """

    def read(values: _Values, value: Any, path: str) -> dict[K, T]:
        table = _object(value, path)
        found: dict[K, T] = {}
        for key, raw in table.items():
            where = f"{path}{path_key(key)}"
            found[resolve(values, key, where)] = read_value(raw, where)
        return found

    return read


def _by_kind(kind: type[Any]) -> Callable[[_Values, Any, str], dict[Any, Opinion]]:
    return _by_key(lambda _, key, where: _enum(kind, key, where), _read_opinion)


def _by_source(
    read_value: Callable[[Any, str], T],
) -> Callable[[_Values, Any, str], dict[Source, T]]:
    return _by_key(_Values.source, read_value)


def _by_claim(
    read_value: Callable[[Any, str], T],
) -> Callable[[_Values, Any, str], dict[Claim, T]]:
    return _by_key(_Values.claim, read_value)


def _plain(
    read_value: Callable[[Any, str], Any],
) -> Callable[[_Values, Any, str], Any]:
    def read(_values: _Values, value: Any, path: str) -> Any:
        return read_value(value, path)

    return read


def _read_grades(_values: _Values, value: Any, path: str) -> dict[str, Grade]:
    table = _object(value, path)
    found: dict[str, Grade] = {}
    for letter, raw in table.items():
        where = f"{path}{path_key(letter)}"
        node = _fields(raw, where, ("description", "opinion", "relay_opinion"))
        description = _text(node["description"], f"{where}.description")
        opinion = _read_opinion(node["opinion"], f"{where}.opinion")
        relay = node["relay_opinion"]
        relay_opinion = (
            None if relay is None else _read_opinion(relay, f"{where}.relay_opinion")
        )
        found[letter] = _build(
            where,
            partial(
                Grade,
                letter=letter,
                description=description,
                opinion=opinion,
                relay_opinion=relay_opinion,
            ),
        )
    return found


def _read_credibility(
    _values: _Values, value: Any, path: str
) -> dict[int, Credibility]:
    table = _object(value, path)
    found: dict[int, Credibility] = {}
    for key, raw in table.items():
        where = f"{path}{path_key(key)}"
        if key not in {"1", "2", "3", "4", "5", "6"}:
            msg = "expected a grade from '1' to '6'"
            raise DocumentError(msg, where)
        node = _fields(raw, where, ("description", "factor"))
        description = _text(node["description"], f"{where}.description")
        factor = _number(node["factor"], f"{where}.factor")
        found[int(key)] = _build(
            where,
            partial(
                Credibility, grade=int(key), description=description, factor=factor
            ),
        )
    return found


def _read_words(value: Any, path: str) -> tuple[tuple[float, str], ...]:
    found = []
    for index, pair in enumerate(_array(value, path)):
        where = f"{path}[{index}]"
        items = _array(pair, where)
        if len(items) != 2:  # noqa: PLR2004
            msg = "expected [upper bound, phrase]"
            raise DocumentError(msg, where)
        found.append((_number(items[0], f"{where}[0]"), _text(items[1], f"{where}[1]")))
    return tuple(found)


def _read_pair(value: Any, path: str) -> tuple[float, ...]:
    items = _array(value, path)
    if len(items) != 2:  # noqa: PLR2004
        msg = "expected [high, moderate]"
        raise DocumentError(msg, path)
    return tuple(_number(v, f"{path}[{i}]") for i, v in enumerate(items))


def _read_track_record(values: _Values, value: Any, path: str) -> TrackRecord | None:
    if value is None:
        return None
    raw = _fields(value, path, ("outcomes", "events"))
    outcomes = []
    for index, item in enumerate(_array(raw["outcomes"], f"{path}.outcomes")):
        where = f"{path}.outcomes[{index}]"
        node = _fields(item, where, ("claim", "true", "known_on"))
        claim = values.claim(node["claim"], f"{where}.claim")
        true = _boolean(node["true"], f"{where}.true")
        known_on = _day(node["known_on"], f"{where}.known_on")
        outcomes.append(Outcome(claim=claim, true=true, known_on=known_on))
    known = {o.claim: o.known_on for o in outcomes}
    events: dict[Source, tuple[Event, ...]] = {}
    table = _object(raw["events"], f"{path}.events")
    for ref, items in table.items():
        where = f"{path}.events{path_key(ref)}"
        source = values.source(ref, where)
        found = []
        counted: set[Claim] = set()
        for index, item in enumerate(_array(items, where)):
            at = f"{where}[{index}]"
            node = _fields(item, at, ("known_on", "claim", "correct"))
            event = Event(
                known_on=_day(node["known_on"], f"{at}.known_on"),
                claim=values.claim(node["claim"], f"{at}.claim"),
                correct=_boolean(node["correct"], f"{at}.correct"),
            )
            # TrackRecord checks this too; here the error names the event.
            problem = event_problem(event, known, counted)
            if problem is not None:
                raise DocumentError(problem, at)
            counted.add(event.claim)
            found.append(event)
        events[source] = tuple(found)
    return _build(path, lambda: TrackRecord(outcomes=outcomes, events=events))


def _grade_letter(value: Any, path: str) -> str:
    return _text(value, path)


_READERS: Final[dict[str, Callable[[_Values, Any, str], Any]]] = {
    "stances": _by_kind(FactBank),
    "kind_trust": _by_kind(SourceKind),
    "source_trust": _by_source(_read_opinion),
    "track_record": _read_track_record,
    "grades": _read_grades,
    "source_grades": _by_source(_grade_letter),
    "relay_kind_trust": _by_kind(SourceKind),
    "relay_source_trust": _by_source(_read_opinion),
    "self_serving_factor": _plain(_number),
    "against_interest_factor": _plain(_number),
    "dependency": _plain(lambda v, p: _enum(Dependency, v, p)),
    "within_group": _plain(lambda v, p: _enum(Fusion, v, p)),
    "across_groups": _plain(lambda v, p: _enum(Fusion, v, p)),
    "base_rate": _plain(_number),
    "claim_base_rates": _by_claim(_number),
    "half_life": _plain(_read_duration),
    "claim_half_lives": _by_claim(_read_duration),
    "discounting": _plain(lambda v, p: _enum(Discounting, v, p)),
    "words": _plain(_read_words),
    "uncorroborated_ceiling": _plain(_optional_number),
    "confidence": _plain(_read_pair),
    "conflict_thresholds": _plain(_read_pair),
    "corroboration": _plain(_integer),
    "credibility": _read_credibility,
    "relate_quantities": _plain(_boolean),
    "about_margin": _plain(_number),
}

_KEYS: Final = frozenset({"format", "version", "sources", "claims", *_READERS})
