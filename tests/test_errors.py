from __future__ import annotations

import inspect
import pickle

import pytest

from provenance.errors import (
    DepthExceededError,
    DocumentError,
    FileAccessError,
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
    FileAccessError("cannot read x.json", "x.json"),
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

        assert "unknown @ Stance.act (got 'x'; closest known: a, b)" == str(with_hints)
        assert str(without).endswith("; closest known: none)")
        assert ("a", "b") == with_hints.suggestions

    def test_depth_shows_limit(self) -> None:
        """
        A depth error shows the limit it exceeded.
        """
        err = DepthExceededError("too deep", "Report.content", 7)

        assert "too deep @ Report.content (limit 7)" == str(err)
        assert 7 == err.limit

    def test_reference_shows_ref(self) -> None:
        """
        A dangling reference shows the id it could not resolve.
        """
        err = UnknownReferenceError("unknown source", "$.x", "cd")

        assert "unknown source @ $.x (id 'cd')" == str(err)
        assert "cd" == err.ref

    def test_cycle_shows_ring(self) -> None:
        """
        A cycle is shown as a ring of shortened ids; an empty one does not fail.
        """
        err = ReferenceCycleError("cycle", "$.r", ("a" * 64, "b" * 64))

        assert f"cycle @ $.r (cycle {'a' * 12} -> {'b' * 12} -> {'a' * 12})" == str(err)
        assert "cycle @ $.r (cycle)" == str(ReferenceCycleError("cycle", "$.r", ()))

    def test_long_cycle_is_cut(self) -> None:
        """
        A cycle of more than eight ids shows eight and counts them all.
        """
        err = ReferenceCycleError("cycle", "$.r", tuple(str(i) for i in range(20)))

        assert str(err).endswith("7 -> 0 ... (20 ids))")

    @pytest.mark.parametrize(
        ("kind", "builtins"),
        [
            (InvalidValueError, (ValueError,)),
            (UnknownVerbError, (ValueError, LookupError)),
            (DepthExceededError, (ValueError, DocumentError)),
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


class TestConstructor:
    @pytest.mark.parametrize("error", ONE_OF_EACH, ids=lambda e: type(e).__name__)
    def test_keywords_equal_positions(self, error: ProvenanceError) -> None:
        """
        Every error takes (msg, path, *details); each detail may be passed by
        keyword, to the same effect, and is kept in its attribute and in args.
        """
        kind = type(error)
        names = list(inspect.signature(kind).parameters)
        details = dict(zip(names[2:], error.args[2:], strict=True))
        by_keyword = kind(*error.args[:2], **details)

        assert ["msg", "path"] == names[:2]
        assert error.args == by_keyword.args
        assert vars(error) == vars(by_keyword)
        assert str(error) == str(by_keyword)

    def test_keyword_error_pickles(self) -> None:
        """
        An error built with keywords pickles, notes included.
        """
        err = UnknownVerbError("unknown", "Stance.act", value="x", suggestions=("a",))
        err.__notes__ = ["while reading line 3"]  # add_note() is new in 3.11.

        loaded = pickle.loads(pickle.dumps(err))  # noqa: S301 (our own bytes)

        assert ("unknown", "Stance.act", "x", ("a",)) == loaded.args
        assert ["while reading line 3"] == loaded.__notes__
        assert str(err) == str(loaded)

    def test_file_access_error_is_not_errno(self) -> None:
        """
        A FileAccessError's arguments are not read as (errno, strerror).
        """
        err = FileAccessError("cannot read the file", "x.json")

        assert (None, None) == (err.errno, err.strerror)
        assert "cannot read the file @ x.json" == str(err)
        assert "x.json" == pickle.loads(pickle.dumps(err)).path  # noqa: S301

    def test_unknown_record_is_not_quoted(self) -> None:
        """
        UnknownRecordError is a KeyError, but str() is every error's layout,
        not KeyError's quoted repr.
        """
        err = UnknownRecordError("no record with id 'ab'", "Ledger.get")

        assert isinstance(err, KeyError)
        assert "no record with id 'ab' @ Ledger.get" == str(err)

    @pytest.mark.parametrize(
        ("args", "named", "reason"),
        [
            (("m", "p"), {}, "missing 'value'"),
            (("m", "p", 1, 2), {}, "takes 3 arguments"),
            (("m", "p"), {"vlaue": 1}, "unexpected or repeated 'vlaue'"),
            (("m", "p", 1), {"value": 1}, "unexpected or repeated 'value'"),
        ],
    )
    def test_wrong_arguments(
        self, args: tuple[object, ...], named: dict[str, object], reason: str
    ) -> None:
        """
        Missing, extra, unknown and repeated details are a TypeError.
        """
        with pytest.raises(TypeError, match=reason):
            InvalidValueError(*args, **named)  # type: ignore[arg-type]  # wrong on purpose

    def test_details_must_be_declared(self) -> None:
        """
        Classes without details take exactly msg and path.
        """
        with pytest.raises(TypeError, match="takes 2 arguments"):
            DocumentError("m", "p", 1)  # type: ignore[call-arg]  # wrong on purpose
