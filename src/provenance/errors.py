"""
The errors *provenance* raises.

Every error is a `ProvenanceError` and also the built-in exception that fits
(``ValueError`` or ``LookupError``), so ``except ValueError`` keeps working.
Each one says *where* the problem is in its ``path`` attribute: a field such as
``"Opinion.belief"`` or a JSON path such as ``"$.records['ab12...'].made_on"``.
``str()`` reads ``"message @ path"``.

Messages never echo hostile input whole: every value, key or name shown is
cut to a bounded length (with its original length), and control characters,
line breaks and the separator ``" @ "`` are escaped, so ``str()`` is one line
of bounded length with exactly one ``" @ "``, before the path.
"""

from __future__ import annotations

import reprlib

from typing import Final


__all__ = [
    "DepthExceededError",
    "DocumentError",
    "FileAccessError",
    "IntegrityError",
    "InvalidValueError",
    "ProvenanceError",
    "ReferenceCycleError",
    "UnknownClaimError",
    "UnknownRecordError",
    "UnknownReferenceError",
    "UnknownSourceError",
    "UnknownVerbError",
    "UnsupportedVersionError",
]


class ProvenanceError(Exception):
    """
    Base class of all errors raised by *provenance*.

    Attributes:
        msg: A short lower-case description of what is wrong.
        path: Where it is wrong: a field (``"Claim.text"``) or a JSON path.
    """

    def __init__(self, msg: str, path: str) -> None:
        super().__init__(msg, path)
        self.msg = msg
        self.path = path

    def __str__(self) -> str:
        return one_line(self.msg, self.path)


class InvalidValueError(ProvenanceError, ValueError):
    """
    A value is out of range, of the wrong type, or inconsistent with another.

    Attributes:
        value: The offending value.
    """

    def __init__(self, msg: str, path: str, value: object) -> None:
        # Pass every argument on, so that the error pickles.
        ValueError.__init__(self, msg, path, value)
        self.msg = msg
        self.path = path
        self.value = value

    def __str__(self) -> str:
        return one_line(self.msg, self.path, f"(got {short_repr(self.value)})")


class UnknownVerbError(InvalidValueError, LookupError):
    """
    A reporting verb is not in the stance lexicon.

    Attributes:
        suggestions: The closest known verbs and phrases, best first.
    """

    def __init__(
        self, msg: str, path: str, value: object, suggestions: tuple[str, ...]
    ) -> None:
        InvalidValueError.__init__(self, msg, path, value)
        self.args = (msg, path, value, suggestions)
        self.suggestions = suggestions

    def __str__(self) -> str:
        hint = ", ".join(self.suggestions) if self.suggestions else "none"
        got = f"(got {short_repr(self.value)}); closest known: {hint}"
        return one_line(self.msg, self.path, got)


class DepthExceededError(ProvenanceError, ValueError):
    """
    A chain (reports relaying reports, affiliations of affiliations) is deeper
    than the configured limit.

    Attributes:
        limit: The limit that was exceeded.
    """

    def __init__(self, msg: str, path: str, limit: int) -> None:
        ValueError.__init__(self, msg, path, limit)
        self.msg = msg
        self.path = path
        self.limit = limit

    def __str__(self) -> str:
        return one_line(f"{self.msg} (limit {short_repr(self.limit)})", self.path)


class DocumentError(ProvenanceError, ValueError):
    """
    A serialised document is malformed: not JSON, a missing or extra field, a
    value of the wrong type.
    """


class UnsupportedVersionError(DocumentError):
    """
    A document declares a format version this release cannot read.
    """


class UnknownReferenceError(DocumentError, LookupError):
    """
    A document refers to an id that it does not define (a dangling reference).

    Attributes:
        ref: The id that could not be resolved.
    """

    def __init__(self, msg: str, path: str, ref: str) -> None:
        ValueError.__init__(self, msg, path, ref)
        self.msg = msg
        self.path = path
        self.ref = ref

    def __str__(self) -> str:
        return one_line(f"{self.msg} {short_repr(self.ref)}", self.path)


class ReferenceCycleError(DocumentError):
    """
    A document's references form a cycle (a report that relays itself, a
    source that is its own affiliation).

    Attributes:
        cycle: The ids on the cycle, in order.
    """

    def __init__(self, msg: str, path: str, cycle: tuple[str, ...]) -> None:
        ValueError.__init__(self, msg, path, cycle)
        self.msg = msg
        self.path = path
        self.cycle = cycle

    def __str__(self) -> str:
        ring = " -> ".join(
            escaped(str(c)[:12]) for c in (*self.cycle[:8], *self.cycle[:1])
        )
        if len(self.cycle) > 8:  # noqa: PLR2004
            ring = f"{ring} ... ({len(self.cycle)} ids)"
        return one_line(f"{self.msg} ({ring})", self.path)


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

    .. versionadded:: 0.2.0
    """

    def __init__(self, msg: str, path: str) -> None:
        # OSError would read two arguments as (errno, strerror).
        OSError.__init__(self, msg)
        self.args = (msg, path)
        self.msg = msg
        self.path = path


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
    A ``KeyError``, as a mapping's missing key is.
    """


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
