"""
The errors *provenance* raises.

Every error is a `ProvenanceError` and also the built-in exception that fits
(``ValueError`` or ``LookupError``), so ``except ValueError`` keeps working.
Each one says *where* the problem is in its ``path`` attribute: a field such as
``"Opinion.belief"`` or a JSON path such as ``"$.records['ab12...'].made_on"``.
``str()`` reads ``"message @ path"``.
"""

from __future__ import annotations


__all__ = [
    "DepthExceededError",
    "DocumentError",
    "IntegrityError",
    "InvalidValueError",
    "ProvenanceError",
    "ReferenceCycleError",
    "UnknownClaimError",
    "UnknownRecordError",
    "UnknownReferenceError",
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
        return f"{self.msg} @ {self.path}"


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
        return f"{self.msg} @ {self.path} (got {short_repr(self.value)})"


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
        return f"{super().__str__()}; closest known: {hint}"


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
        return f"{self.msg} (limit {self.limit}) @ {self.path}"


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
        return f"{self.msg} {short_repr(self.ref)} @ {self.path}"


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
        ring = " -> ".join(c[:12] for c in (*self.cycle, *self.cycle[:1]))
        return f"{self.msg} ({ring}) @ {self.path}"


class IntegrityError(DocumentError):
    """
    A record's content does not hash to the id it is stored under: the
    document was altered after it was written.
    """


class UnknownClaimError(ProvenanceError, LookupError):
    """
    A claim (or claim key) was asked for that the ledger does not hold.
    """


class UnknownRecordError(ProvenanceError, KeyError):
    """
    A record id was asked for that the ledger neither holds nor reaches.
    A ``KeyError``, as a mapping's missing key is.
    """


def short_repr(value: object, limit: int = 80) -> str:
    """
    A ``repr`` cut to *limit* characters, for messages.
    """
    # Hostile input can carry megabyte strings; never echo them whole.
    text = repr(value)
    if len(text) > limit:
        return text[: limit - 3] + "..."
    return text
