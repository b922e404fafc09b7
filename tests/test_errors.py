from __future__ import annotations

import pickle

import pytest

from provenance.errors import (
    DepthExceededError,
    DocumentError,
    IntegrityError,
    InvalidValueError,
    ProvenanceError,
    ReferenceCycleError,
    UnknownClaimError,
    UnknownRecordError,
    UnknownReferenceError,
    UnknownVerbError,
    UnsupportedVersionError,
    short_repr,
)


ONE_OF_EACH: list[ProvenanceError] = [
    ProvenanceError("bad", "Claim.text"),
    InvalidValueError("must not be empty", "Claim.text", ""),
    UnknownVerbError("unknown reporting verb", "Stance.act", "denyed", ("denied",)),
    DepthExceededError("chain of reports too deep", "Report.content", 100),
    DocumentError("expected a string", "$.sources['ab'].name"),
    UnsupportedVersionError("unsupported format version 9", "$.version"),
    UnknownReferenceError("unknown source", "$.records['ab'].source", "cd"),
    ReferenceCycleError("reports relay each other", "$.records['ab']", ("ab", "cd")),
    IntegrityError("content does not match its id", "$.claims['ab']"),
    UnknownClaimError("no claim with key 'x'", "claim"),
    UnknownRecordError("no record with id 'ab'", "Ledger.get"),
]


class TestErrors:
    @pytest.mark.parametrize("error", ONE_OF_EACH, ids=lambda e: type(e).__name__)
    def test_pickles(self, error: ProvenanceError) -> None:
        """
        Every error survives a pickle round trip with its attributes and text.
        """
        loaded = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)

        assert type(error) is type(loaded)
        assert vars(error) == vars(loaded)
        assert error.args == loaded.args
        assert str(error) == str(loaded)

    @pytest.mark.parametrize("error", ONE_OF_EACH, ids=lambda e: type(e).__name__)
    def test_str_names_the_place(self, error: ProvenanceError) -> None:
        """
        str() reads "message ... @ path".
        """
        text = str(error)

        assert text.startswith(error.msg)
        assert f" @ {error.path}" in text

    def test_plain_format(self) -> None:
        """
        The base error reads exactly "msg @ path".
        """
        assert "bad @ Claim.text" == str(ProvenanceError("bad", "Claim.text"))

    def test_invalid_value_shows_value(self) -> None:
        """
        An invalid value is shown after the path.
        """
        err = InvalidValueError("must not be empty", "Claim.text", "")

        assert "must not be empty @ Claim.text (got '')" == str(err)

    def test_unknown_verb_lists_suggestions(self) -> None:
        """
        An unknown verb lists its suggestions, or says there are none.
        """
        with_hints = UnknownVerbError("unknown", "Stance.act", "x", ("a", "b"))
        without = UnknownVerbError("unknown", "Stance.act", "x", ())

        assert str(with_hints).endswith("; closest known: a, b")
        assert str(without).endswith("; closest known: none")
        assert ("a", "b") == with_hints.suggestions

    def test_depth_shows_limit(self) -> None:
        """
        A depth error shows the limit it exceeded.
        """
        err = DepthExceededError("too deep", "Report.content", 7)

        assert "too deep (limit 7) @ Report.content" == str(err)
        assert 7 == err.limit

    def test_reference_shows_ref(self) -> None:
        """
        A dangling reference shows the id it could not resolve.
        """
        err = UnknownReferenceError("unknown source", "$.x", "cd")

        assert "unknown source 'cd' @ $.x" == str(err)
        assert "cd" == err.ref

    def test_cycle_shows_ring(self) -> None:
        """
        A cycle is shown as a ring of shortened ids; an empty one does not fail.
        """
        err = ReferenceCycleError("cycle", "$.r", ("a" * 64, "b" * 64))

        assert f"cycle ({'a' * 12} -> {'b' * 12} -> {'a' * 12}) @ $.r" == str(err)
        assert "cycle () @ $.r" == str(ReferenceCycleError("cycle", "$.r", ()))

    @pytest.mark.parametrize(
        ("kind", "builtins"),
        [
            (InvalidValueError, (ValueError,)),
            (UnknownVerbError, (ValueError, LookupError)),
            (DepthExceededError, (ValueError,)),
            (DocumentError, (ValueError,)),
            (UnsupportedVersionError, (ValueError, DocumentError)),
            (UnknownReferenceError, (ValueError, LookupError, DocumentError)),
            (ReferenceCycleError, (ValueError, DocumentError)),
            (IntegrityError, (ValueError, DocumentError)),
            (UnknownClaimError, (LookupError,)),
            (UnknownRecordError, (LookupError, KeyError)),
        ],
    )
    def test_builtin_bases(
        self, kind: type[ProvenanceError], builtins: tuple[type[Exception], ...]
    ) -> None:
        """
        Each error is a ProvenanceError and the built-in exceptions that fit.
        """
        assert issubclass(kind, ProvenanceError)
        for builtin in builtins:
            assert issubclass(kind, builtin)

    def test_short_repr_cuts(self) -> None:
        """
        Long values are cut to the limit in messages, with their length.
        """
        text = short_repr("x" * 1000)

        assert text.startswith("'" + "x" * 79)
        assert text.endswith("... (1000 chars)")
        assert len(text) < 100
        assert "'x'" == short_repr("x")
