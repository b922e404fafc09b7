"""
`Statement` and `Report` check their fields in an explicit ``__init__``
rather than through attrs' generated one. These tests hold that constructor
to what the generated one did with the fields' declared converters and
validators: the same values kept, and the same first error (class, message,
path and value) for any mix of good and bad fields.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import pickle

from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance._identity import stance_text
from provenance.claims import Claim
from provenance.errors import ProvenanceError
from provenance.ledger import Ledger
from provenance.records import Report, Statement, _trusted_report, _trusted_statement
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import CT_PLUS, Stance

from cast import BRIEFING, LAWMAKERS, NIS, YONHAP


CLAIM = Claim(text="North Korea sent troops to Russia", key="troops")
DAY = dt.date(2024, 10, 18)


class _Grade(enum.IntEnum):
    TWO = 2


class _Day(dt.date):
    pass


class _Time(dt.time):
    pass


class _Text(str):
    __slots__ = ()


@attrs.frozen(kw_only=True)
class _Source(Source):
    pass


SAID = Statement(source=NIS, claim=CLAIM, stance=CT_PLUS, made_on=DAY)

# Good and bad values for any field: each field draws from all of them, so
# that every field meets values meant for another.
VALUES: list[Any] = [
    None,
    0,
    1,
    2,
    6,
    7,
    -1,
    2.0,
    True,
    "2",
    "",
    "NIS",
    "2024-10-18",
    "09:30",
    _Grade.TWO,
    DAY,
    dt.date(2024, 10, 17),
    dt.date(2024, 10, 19),
    _Day(2024, 10, 18),
    dt.datetime(2024, 10, 18, 9, 30),  # noqa: DTZ001 (naive on purpose)
    dt.time(9, 30),
    dt.time(8),
    dt.time(9, 30, 0, 500),
    dt.time(9, 30, tzinfo=dt.timezone.utc),
    _Time(9, 30),
    "https://example.org/briefing",
    _Text("https://example.org/e\u0301"),
    "ftp://example.org/",
    "https://example.org/a b",
    "https://",
    NIS,
    LAWMAKERS,
    _Source(name="NIS", kind=SourceKind.AGENCY),
    CLAIM,
    CT_PLUS,
    BRIEFING,
    Channel(kind=ChannelKind.ARTICLE),
    SAID,
    Report(reporter=YONHAP, content=SAID, made_on=DAY),
    Report(reporter=YONHAP, content=SAID, made_on=DAY, made_at=dt.time(9)),
    ["not", "hashable"],
]

values = st.sampled_from(VALUES)


def _outcome(build: Any) -> tuple[Any, ...]:
    """
    What building gave: the error, as far as a caller can see it, or the
    fields kept.
    """
    try:
        built = build()
    except ProvenanceError as exc:
        return (
            "error",
            type(exc),
            str(exc),
            exc.path,
            repr(getattr(exc, "value", None)),
        )
    return ("built", *(repr(getattr(built, f.name)) for f in _fields(type(built))))


def _fields(cls: type) -> list[attrs.Attribute[Any]]:
    return [field for field in attrs.fields(cls) if field.init]


def _generated(cls: type, kwargs: dict[str, Any]) -> Any:
    """
    What attrs' generated ``__init__`` did with the declared fields: every
    converter in field order, then every validator in field order; then, for
    a report, the rules across fields (left to the constructor itself).
    """
    fields = _fields(cls)
    converted = {
        f.name: f.converter(kwargs[f.name]) if f.converter else kwargs[f.name]  # type: ignore[operator]  # a plain function
        for f in fields
    }
    record: Any = object.__new__(cls)
    for field in fields:
        if field.validator is not None:
            field.validator(record, field, converted[field.name])
    return cls(**converted)


def _statement_fields(draw: st.DrawFn) -> dict[str, Any]:
    good = {
        "source": NIS,
        "claim": CLAIM,
        "stance": CT_PLUS,
        "channel": None,
        "made_on": DAY,
        "made_at": None,
        "credibility": None,
        "url": None,
    }
    return {
        name: draw(values) if draw(st.booleans()) else value
        for name, value in good.items()
    }


@st.composite
def statement_fields(draw: st.DrawFn) -> dict[str, Any]:
    return _statement_fields(draw)


@st.composite
def report_fields(draw: st.DrawFn) -> dict[str, Any]:
    good = {
        "reporter": YONHAP,
        "content": SAID,
        "channel": None,
        "made_on": DAY,
        "made_at": None,
        "url": None,
    }
    return {
        name: draw(values) if draw(st.booleans()) else value
        for name, value in good.items()
    }


class TestStatementConstructor:
    @given(statement_fields())
    def test_as_generated(self, kwargs: dict[str, Any]) -> None:
        """
        The explicit constructor keeps what the declared converters make and
        raises the error the declared validators raise first.
        """
        assert _outcome(lambda: _generated(Statement, kwargs)) == _outcome(
            lambda: Statement(**kwargs)
        )

    @pytest.mark.parametrize("field", [f.name for f in _fields(Statement)])
    def test_every_field_refused(self, field: str) -> None:
        """
        Each field alone refuses a value of the wrong type, with its path.
        """
        kwargs = {f.name: getattr(SAID, f.name) for f in _fields(Statement)}
        kwargs[field] = object()
        outcome = _outcome(lambda: Statement(**kwargs))

        assert ("error", f"Statement.{field}") == (outcome[0], outcome[3])
        assert outcome == _outcome(lambda: _generated(Statement, kwargs))


class TestReportConstructor:
    @given(report_fields())
    def test_as_generated(self, kwargs: dict[str, Any]) -> None:
        """
        As for statements, and the rules across fields (depth, order) come
        after every field's own check.
        """
        assert _outcome(lambda: _generated(Report, kwargs)) == _outcome(
            lambda: Report(**kwargs)
        )


class TestRecordValues:
    @given(statement_fields())
    def test_trusted_equals_public(self, kwargs: dict[str, Any]) -> None:
        """
        A statement built as the loader builds it equals, and hashes like,
        the one built through the constructor, and so do reports of it.
        """
        try:
            said = Statement(**kwargs)
        except ProvenanceError:
            return
        trusted = _trusted_statement(
            *(getattr(said, f.name) for f in _fields(Statement))
        )
        told = Report(reporter=YONHAP, content=said, made_on=said.made_on)
        trusted_told = _trusted_report(YONHAP, trusted, None, said.made_on)

        assert (said, hash(said), said.id) == (trusted, hash(trusted), trusted.id)
        assert (told, hash(told), told.id) == (
            trusted_told,
            hash(trusted_told),
            trusted_told.id,
        )

    def test_equal_parts_equal_hash(self) -> None:
        """
        Records built from equal but distinct parts are equal and hash alike
        (the hash is taken from the parts' ids).
        """
        source = Source(name="NIS", kind=SourceKind.AGENCY, affiliation=NIS.affiliation)
        claim = Claim(text=CLAIM.text, key="troops")
        stance = Stance.of("CT+", "said")
        said = Statement(
            source=source, claim=claim, stance=stance, channel=BRIEFING, made_on=DAY
        )
        twin = Statement(
            source=NIS,
            claim=CLAIM,
            stance=CT_PLUS,
            channel=Channel(
                kind=ChannelKind.BRIEFING, audience="lawmakers", public=False
            ),
            made_on=DAY,
        )
        told = Report(reporter=YONHAP, content=said, made_on=DAY)
        twin_told = Report(reporter=YONHAP, content=twin, made_on=DAY)

        assert (said, hash(said)) == (twin, hash(twin))
        assert (told, hash(told)) == (twin_told, hash(twin_told))
        assert len({said, twin, told, twin_told}) == 2

    def test_private_slots_invisible(self) -> None:
        """
        The id and hash slots are in no repr, eq, evolve or pickle.
        """
        said = Statement(source=NIS, claim=CLAIM, stance=CT_PLUS, made_on=DAY)
        fresh = Statement(source=NIS, claim=CLAIM, stance=CT_PLUS, made_on=DAY)
        _ = said.id

        assert said == fresh
        assert repr(said) == repr(fresh)
        assert "_id" not in repr(said)
        assert "_hash" not in repr(said)
        assert attrs.evolve(said, credibility=2).id == (
            Statement(
                source=NIS, claim=CLAIM, stance=CT_PLUS, made_on=DAY, credibility=2
            ).id
        )
        assert attrs.evolve(said) == said
        for copied in (pickle.loads(pickle.dumps(said)), copy.deepcopy(said)):  # noqa: S301 (our own pickle)
            assert (copied, hash(copied), copied.id) == (said, hash(said), said.id)

    def test_stance_text_kept(self) -> None:
        """
        A stance keeps its canonical text, outside its eq, hash and repr.
        """
        stance = Stance.of("PR+", "believes", hearsay=True)
        twin = Stance.of("PR+", "believes", hearsay=True)
        text = stance._text

        assert stance_text(stance) == text
        assert text is stance._text
        assert (stance, hash(stance), repr(stance)) == (twin, hash(twin), repr(twin))
        assert pickle.loads(pickle.dumps(stance)) == stance  # noqa: S301 (our own pickle)


class TestLedgerIndex:
    def test_routes_and_entries(self) -> None:
        """
        Routes are kept only for relayed statements: a statement held
        directly has the one route ``()``, one also relayed has it first;
        iteration is in id order.
        """
        other = Statement(source=LAWMAKERS, claim=CLAIM, stance=CT_PLUS, made_on=DAY)
        told = Report(reporter=YONHAP, content=SAID, made_on=DAY)
        retold = Report(reporter=LAWMAKERS, content=told, made_on=DAY)
        ledger = Ledger.of([SAID, told, retold, other])

        assert ledger.routes(other) == ((),)
        assert ledger.routes(SAID) == tuple(
            sorted([(), (told,), (retold, told)], key=lambda r: [x.id for x in r])
        )
        assert ledger.routes(SAID)[0] == ()
        assert Ledger.of([told]).routes(SAID) == ((told,),)
        assert Ledger.of([other]).routes(SAID) == ()
        assert list(ledger) == sorted(ledger.held, key=lambda r: r.id)
        assert ledger.reached == tuple(sorted({*ledger.held}, key=lambda r: r.id))

    def test_by_source_on_first_use(self) -> None:
        """
        The table of records by source is built when first asked for, and
        is not part of the ledger's value.
        """
        told = Report(reporter=YONHAP, content=SAID, made_on=DAY)
        ledger = Ledger.of([told])
        fresh = Ledger.of([told])

        assert ledger.by_source(NIS) == (SAID,)
        assert ledger.by_source(YONHAP) == (told,)
        assert ledger.by_source(LAWMAKERS) == ()
        assert (ledger, hash(ledger), repr(ledger)) == (fresh, hash(fresh), repr(fresh))
        assert pickle.loads(pickle.dumps(ledger)) == ledger  # noqa: S301 (our own pickle)
