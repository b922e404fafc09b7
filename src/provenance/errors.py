"""
The errors *provenance* raises.

Every error is a `ProvenanceError` and also the built-in exception that fits
(``ValueError``, ``LookupError``, ``KeyError`` or ``OSError``), so
``except ValueError`` keeps working. All of them are built the same way,
``Error(msg, path, *details)``: a short message, *where* the problem is (a
field such as ``"Opinion.belief"`` or a JSON path such as
``"$.records['ab12...'].made_on"``), then the details that error class names
(``value``, ``limit``, ``ref`` ...), positionally or by keyword. Each is kept
in the attribute of its name, and ``str()`` reads, for every class,
``"msg @ path"`` or ``"msg @ path (detail; detail)"``.

Messages never echo hostile input whole: every value, key or name shown is
cut to a bounded length (with its original length), and control characters,
line breaks and the separator ``" @ "`` are escaped, so ``str()`` is one line
of bounded length with exactly one ``" @ "``, before the path.
"""

from __future__ import annotations

import inspect
import json
import reprlib
import sys

from typing import TYPE_CHECKING, Any, ClassVar, Final


if TYPE_CHECKING or sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # Python 3.10: the decorator only speaks to type checkers.

    def dataclass_transform(**_: object) -> Any:
        return lambda cls: cls


__all__ = [
    "DepthExceededError",
    "DocumentError",
    "FileAccessError",
    "IntegrityError",
    "InvalidValueError",
    "ProvenanceError",
    "ReferenceCycleError",
    "RelationError",
    "StoreError",
    "StoreLockedError",
    "TamperedError",
    "UnknownClaimError",
    "UnknownRecordError",
    "UnknownReferenceError",
    "UnknownSourceError",
    "UnknownVerbError",
    "UnsupportedVersionError",
]


def _signature(details: tuple[str, ...]) -> inspect.Signature:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Signature(
        [inspect.Parameter(name, kind) for name in ("msg", "path", *details)]
    )


@dataclass_transform(eq_default=False)
class _Described:
    """
    For type checkers only: an error class's ``__init__`` takes its annotated
    attributes, in order (``msg``, ``path``, then its details), as
    `ProvenanceError.__init__` does at run time.
    """

    __slots__ = ()


class ProvenanceError(Exception, _Described):
    """
    Base class of all errors raised by *provenance*.

    Every error class is called as ``Error(msg, path, *details)``, each detail
    positionally or by keyword; the details are the attributes the class
    lists beyond these two. Errors pickle.

    Attributes:
        msg: A short lower-case description of what is wrong.
        path: Where it is wrong: a field (``"Claim.text"``) or a JSON path.

    .. versionchanged:: unreleased
        One constructor and one ``str()`` layout for every error class:
        details may also be passed by keyword, and they follow the path in
        ``str()``, ``"msg @ path (detail)"``.
    """

    msg: str
    path: str
    # The names of the details, after msg and path: a subclass's annotated
    # attributes, added to those it inherits when it is defined.
    _details: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = inspect.get_annotations(cls)  # This class's own, as strings.
        cls._details = (
            *cls._details,
            *(name for name, kind in own.items() if "ClassVar" not in str(kind)),
        )
        cls.__signature__ = _signature(cls._details)  # type: ignore[attr-defined]  # for help() and the docs

    def __init__(self, msg: str, path: str, *details: object, **named: object) -> None:
        names = self._details
        if len(details) > len(names):
            text = f"{type(self).__name__}() takes {len(names) + 2} arguments"
            raise TypeError(text)
        values = dict(zip(names, details, strict=False))
        for name, value in named.items():
            if name not in names or name in values:
                text = f"{type(self).__name__}() got an unexpected or repeated {name!r}"
                raise TypeError(text)
            values[name] = value
        if len(values) != len(names):
            missing = ", ".join(repr(n) for n in names if n not in values)
            text = f"{type(self).__name__}() missing {missing}"
            raise TypeError(text)
        # Not super().__init__: OSError's would read (msg, path) as (errno,
        # strerror). args holds every argument in order, so that an error
        # pickles and unpickles through this same constructor.
        BaseException.__init__(self, msg, path, *(values[n] for n in names))
        self.msg = msg
        self.path = path
        for name in names:
            setattr(self, name, values[name])

    def __reduce__(self) -> tuple[Any, ...]:
        # Stated, not inherited: OSError and KeyError reduce in their own ways.
        return (type(self), self.args, self.__dict__ or None)

    def __str__(self) -> str:
        shown = "; ".join(_detail(name, getattr(self, name)) for name in self._details)
        return one_line(self.msg, self.path, f"({shown})" if shown else "")


class InvalidValueError(ProvenanceError, ValueError):
    """
    A value is out of range, of the wrong type, or inconsistent with another.

    Attributes:
        value: The offending value.
    """

    value: object


class UnknownVerbError(InvalidValueError, LookupError):
    """
    A reporting verb is not in the stance lexicon.

    Attributes:
        suggestions: The closest known verbs and phrases, best first.
    """

    suggestions: tuple[str, ...]


class DocumentError(ProvenanceError, ValueError):
    """
    A serialised document is malformed: not JSON, a missing or extra field, a
    value of the wrong type, a chain too deep.
    """


class DepthExceededError(DocumentError):
    """
    A chain (reports relaying reports, affiliations of affiliations) is deeper
    than the configured limit.

    It is a `DocumentError`, since the limit is what a document may hold: a
    document with a deeper chain is refused as malformed. A `Report` or
    `Source` built in code raises the same error (its ``path`` a field, such
    as ``"Report.content"``), because it could not be written and read back.

    Attributes:
        limit: The limit that was exceeded.

    .. versionchanged:: unreleased
        A subclass of `DocumentError` (and so still of ``ValueError``).
    """

    limit: int


class UnsupportedVersionError(DocumentError):
    """
    A document (or a store, `provenance.store`) declares a format version
    this release cannot read.
    """


class UnknownReferenceError(DocumentError, LookupError):
    """
    A document refers to an id that it does not define (a dangling reference).

    Attributes:
        ref: The id that could not be resolved.
    """

    ref: str


class ReferenceCycleError(DocumentError):
    """
    A document's references form a cycle (a report that relays itself, a
    source that is its own affiliation).

    Attributes:
        cycle: The ids on the cycle, in order.
    """

    cycle: tuple[str, ...]


class IntegrityError(DocumentError):
    """
    A record's content does not hash to the id it is stored under: the
    document was altered after it was written.
    """


class FileAccessError(ProvenanceError, OSError):
    """
    A document could not be read from, or written to, a file: it is missing,
    a directory, not permitted, full, or cannot encode the text. The
    operating system's error is the ``__cause__``.

    .. versionadded:: unreleased
    """


class RelationError(InvalidValueError):
    """
    Relations between claims that cannot all hold: a claim related to
    itself, a cycle of entailment, or relations that contradict each other.

    .. versionadded:: unreleased
    """


class StoreError(ProvenanceError, OSError):
    """
    A store (`provenance.store`) cannot be opened, read or written: the file
    is not a provenance store (a text file, another SQLite database, an empty
    file, a directory), it is closed, or SQLite failed. Its ``path`` is the
    store's file.

    .. versionadded:: unreleased
    """


class StoreLockedError(StoreError, TimeoutError):
    """
    Another process kept a store locked for writing for longer than the
    timeout `provenance.store.Store.open` was given.

    .. versionadded:: unreleased
    """


class TamperedError(StoreError):
    """
    A store was altered behind the library's back: a value's text no longer
    hashes to its id or is not canonical, an index column disagrees with the
    text, an entry names a value the store lacks, a value is reached by no
    record, the schema or its triggers were changed, or the hash chain breaks.
    `provenance.store.Store.verify` lists them all.

    Attributes:
        value: The offending text, id or column.

    .. versionadded:: unreleased
    """

    value: object


class UnknownClaimError(ProvenanceError, KeyError):
    """
    A claim (or claim key) was asked for that the ledger does not hold.
    A ``KeyError``, as a mapping's missing key is.
    """


class UnknownSourceError(ProvenanceError, KeyError):
    """
    A source (by name or id) was asked for that the ledger does not reach,
    or a name several of its sources share.
    """


class UnknownRecordError(ProvenanceError, KeyError):
    """
    A record id was asked for that the ledger neither holds nor reaches.
    A ``KeyError``, as a mapping's missing key is, but ``str()`` reads as
    every error's does, not quoted.
    """


ProvenanceError.__signature__ = _signature(())  # type: ignore[attr-defined]  # as subclasses


def _detail(name: str, value: object) -> str:
    """
    How ``str()`` shows one detail: ``"got 'x'"``, ``"limit 100"``.
    """
    if name == "suggestions":
        listed = value if isinstance(value, (tuple, list)) else (value,)
        return "closest known: " + (", ".join(map(str, listed[:8])) or "none")
    if name == "cycle":
        ids = value if isinstance(value, (tuple, list)) else (value,)
        ring = " -> ".join(escaped(str(c)[:12]) for c in (*ids[:8], *ids[:1]))
        if len(ids) > 8:  # noqa: PLR2004
            ring = f"{ring} ... ({len(ids)} ids)"
        return f"cycle {ring}" if ring else "cycle"
    return f"{_LABELS.get(name, name)} {short_repr(value)}"


#: What ``str()`` calls a detail, where not its attribute's name.
_LABELS: Final = {"value": "got", "ref": "id"}


#: The longest value, key or name an error shows.
SHORT: Final = 80
#: The longest message and path ``str()`` shows.
_LONG: Final = 300
_SEPARATOR: Final = " @ "
_REPR: Final = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = SHORT
_REPR.maxother = SHORT
_REPR.maxlong = SHORT
for _name in ("maxtuple", "maxlist", "maxarray", "maxdict", "maxset", "maxfrozenset"):
    setattr(_REPR, _name, 4)


def escaped(text: str) -> str:
    """
    *text* with every character that is not printable (control and format
    characters, line and paragraph separators) written as its Python escape,
    and the separator ``" @ "`` as ``" \\x40 "``: one line that cannot forge
    a path or drive a terminal.
    """
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return text.replace(_SEPARATOR, " \\x40 ")


def clipped(text: str, limit: int = SHORT) -> str:
    """
    *text* escaped (see `escaped`) and cut to about *limit* characters, with
    its original length when cut.
    """
    if len(text) > limit:
        return f"{escaped(text[:limit])}... ({len(text)} chars)"
    shown = escaped(text)
    if len(shown) > limit:  # Escapes can make a short text long.
        return f"{shown[:limit]}... ({len(text)} chars)"
    return shown


def short_repr(value: object, limit: int = SHORT) -> str:
    """
    A ``repr`` cut to about *limit* characters and escaped, for messages.
    """
    # Hostile input can carry megabyte strings, deeply nested or huge
    # collections, and objects whose repr fails: never echo them whole, and
    # never let showing them raise.
    if isinstance(value, (str, bytes)):
        text = repr(value[: limit + 1])
        if len(value) > limit:
            return f"{escaped(text[:limit])}... ({len(value)} chars)"
        return clipped(text, limit)
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001  # A hostile __repr__ may raise anything.
        text = f"<{type(value).__name__} object>"
    return clipped(text, limit)


def json_repr(value: object, limit: int = SHORT) -> str:
    """
    *value* as JSON spells it (``true``, ``null``, ``"2"``), cut and escaped
    like `short_repr`, for a value read from a JSON document.
    """
    if isinstance(value, str) and len(value) > limit:
        # Cut before encoding, as short_repr does: a value may be megabytes.
        text = json.dumps(value[:limit], ensure_ascii=False)
        return f"{escaped(text[:limit])}... ({len(value)} chars)"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        # Not a JSON value (a caller's own object, an int past int()'s
        # digits, nesting past the stack): Python's spelling, cut.
        return short_repr(value, limit)
    return clipped(text, limit)


def path_key(key: object) -> str:
    """
    A table key as it appears in a path, ``['ab12...']``: quoted, cut and
    escaped like any value, so that no key can forge or hide the path.
    """
    return f"[{short_repr(key)}]"


def one_line(msg: str, path: str, detail: str = "") -> str:
    """
    The one formatting place of every error's ``str()``:
    ``"msg @ path"``, or ``"msg @ path detail"``, bounded and escaped.
    """
    text = f"{clipped(msg, _LONG)}{_SEPARATOR}{clipped(path, _LONG)}"
    return f"{text} {clipped(detail, _LONG)}" if detail else text
