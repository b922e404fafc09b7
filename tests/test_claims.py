from __future__ import annotations

import datetime as dt
import math

from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import _identity
from provenance.claims import ApproximateDate, Bound, Claim, Quantity, TimeSpan
from provenance.errors import InvalidValueError
from provenance.sources import Source, SourceKind
from provenance.testing import claims

from cast import MOSCOW, PYONGYANG


class TestApproximateDate:
    @pytest.mark.parametrize("day", ["2024-05-01", 2024, None])
    def test_of_takes_a_date(self, day: object) -> None:
        """
        ApproximateDate.of takes a datetime.date, not its text.
        """
        with pytest.raises(InvalidValueError) as info:
            ApproximateDate.of(day)  # type: ignore[arg-type]  # the point

        assert ("must be a datetime.date", "ApproximateDate.of", day) == (
            info.value.msg,
            info.value.path,
            info.value.value,
        )
        assert ApproximateDate(2024, 5, 1) == ApproximateDate.of(dt.date(2024, 5, 1))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2024", ApproximateDate(2024)),
            ("2024-05", ApproximateDate(2024, 5)),
            ("2024-02-29", ApproximateDate(2024, 2, 29)),
            ("0001", ApproximateDate(1)),
        ],
    )
    def test_parse_and_str(self, text: str, expected: ApproximateDate) -> None:
        """
        Parsing and str() are inverse.
        """
        parsed = ApproximateDate.parse(text)

        assert expected == parsed
        assert text == str(parsed)

    @pytest.mark.parametrize(
        "text",
        ["", "24", "2024-5", "2024-05-1", "2024/05", "٢٠٢٤", "2024-05-01T00", 2024],
    )
    def test_parse_rejects(self, text: Any) -> None:
        """
        Anything but YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits is refused.
        """
        with pytest.raises(InvalidValueError) as info:
            ApproximateDate.parse(text)

        assert "ApproximateDate" == info.value.path

    @pytest.mark.parametrize(
        ("args", "path"),
        [
            ((0,), "ApproximateDate.year"),
            ((10000,), "ApproximateDate.year"),
            ((True,), "ApproximateDate.year"),
            ((2024.0,), "ApproximateDate.year"),
            ((2024, 0), "ApproximateDate.month"),
            ((2024, 13), "ApproximateDate.month"),
            ((2024, True), "ApproximateDate.month"),
            ((2024, "5"), "ApproximateDate.month"),
            ((2023, 2, 29), "ApproximateDate.day"),
            ((2024, 4, 31), "ApproximateDate.day"),
            ((2024, 4, 0), "ApproximateDate.day"),
            ((2024, None, 1), "ApproximateDate.day"),
            ((2024, 4, 1.0), "ApproximateDate.day"),
        ],
    )
    def test_out_of_range(self, args: tuple[Any, ...], path: str) -> None:
        """
        Years, months and days outside the calendar are refused.
        """
        with pytest.raises(InvalidValueError) as info:
            ApproximateDate(*args)

        assert path == info.value.path

    def test_earliest_latest(self) -> None:
        """
        A date covers its whole year, month or day.
        """
        year, month = ApproximateDate(2024), ApproximateDate(2024, 2)
        day = ApproximateDate(2024, 2, 3)

        assert (dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == (
            year.earliest,
            year.latest,
        )
        assert (dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == (
            month.earliest,
            month.latest,
        )
        assert (dt.date(2024, 2, 3), dt.date(2024, 2, 3)) == (day.earliest, day.latest)

    def test_order(self) -> None:
        """
        Dates of mixed precision sort: a year before its months, a month
        before its days.
        """
        dates = [
            ApproximateDate(2024, 2, 1),
            ApproximateDate(2024, 2),
            ApproximateDate(2025),
            ApproximateDate(2024),
            ApproximateDate(2024, 1, 31),
        ]

        assert [
            ApproximateDate(2024),
            ApproximateDate(2024, 1, 31),
            ApproximateDate(2024, 2),
            ApproximateDate(2024, 2, 1),
            ApproximateDate(2025),
        ] == sorted(dates)

    @given(st.dates())
    def test_of_day(self, day: dt.date) -> None:
        """
        The approximate date of a day covers exactly that day.
        """
        date = ApproximateDate.of(day)

        assert (day, day) == (date.earliest, date.latest)
        assert date == ApproximateDate.parse(day.isoformat())


class TestTimeSpan:
    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("2024-05", ApproximateDate(2024, 5), ApproximateDate(2024, 5)),
            ("2023-08/..", ApproximateDate(2023, 8), None),
            ("../2024", None, ApproximateDate(2024)),
            ("2023-11/2024-05", ApproximateDate(2023, 11), ApproximateDate(2024, 5)),
            ("2024-05-03", ApproximateDate(2024, 5, 3), ApproximateDate(2024, 5, 3)),
        ],
    )
    def test_round_trip(
        self, text: str, start: ApproximateDate | None, end: ApproximateDate | None
    ) -> None:
        """
        EDTF text parses to its start and end, and str() gives it back.
        """
        span = TimeSpan.parse(text)

        assert TimeSpan(start, end) == span
        assert text == str(span)

    def test_constructors(self) -> None:
        """
        on, since and until build single, open-ended and open-started spans.
        """
        assert TimeSpan.parse("2023-11") == TimeSpan.on(2023, 11)
        assert TimeSpan.parse("2023-08/..") == TimeSpan.since(2023, 8)
        assert TimeSpan.parse("../2024") == TimeSpan.until(2024)
        assert TimeSpan.parse("2024-01-02/..") == TimeSpan(dt.date(2024, 1, 2), "..")

    def test_earliest_latest(self) -> None:
        """
        Open ends have no earliest or latest day.
        """
        since, until = TimeSpan.parse("2023-08/.."), TimeSpan.parse("../2024")
        between = TimeSpan.parse("2023-11/2024-05")

        assert (dt.date(2023, 8, 1), None) == (since.earliest, since.latest)
        assert (None, dt.date(2024, 12, 31)) == (until.earliest, until.latest)
        assert (dt.date(2023, 11, 1), dt.date(2024, 5, 31)) == (
            between.earliest,
            between.latest,
        )

    @pytest.mark.parametrize(
        ("text", "day", "expected"),
        [
            ("2024-05", dt.date(2024, 5, 31), True),
            ("2024-05", dt.date(2024, 6, 1), False),
            ("2024-05", dt.date(2024, 4, 30), False),
            ("2023-08/..", dt.date(2099, 1, 1), True),
            ("2023-08/..", dt.date(2023, 7, 31), False),
            ("../2024", dt.date(1900, 1, 1), True),
            ("../2024", dt.date(2025, 1, 1), False),
            ("2023-11/2024-05", dt.date(2024, 1, 15), True),
        ],
    )
    def test_contains(self, text: str, day: dt.date, expected: bool) -> None:
        """
        A span contains the days between its earliest and latest.
        """
        assert expected == TimeSpan.parse(text).contains(day)

    @pytest.mark.parametrize(
        "text", ["2024-06/2024-05", "2025/2024-12-31", "2024-05-02/2024-05-01"]
    )
    def test_start_after_end(self, text: str) -> None:
        """
        A span that starts after it ends is refused.
        """
        with pytest.raises(InvalidValueError) as info:
            TimeSpan.parse(text)

        assert "TimeSpan" == info.value.path

    def test_overlapping_precisions(self) -> None:
        """
        A start inside a coarser end is allowed.
        """
        span = TimeSpan.parse("2024-05-10/2024-05")

        assert dt.date(2024, 5, 10) == span.earliest

    @pytest.mark.parametrize("text", ["../..", "", "2024/", "2023/2024/2025", 2024])
    def test_parse_rejects(self, text: Any) -> None:
        """
        Malformed or fully open spans are refused.
        """
        with pytest.raises(InvalidValueError):
            TimeSpan.parse(text)

    @pytest.mark.parametrize(
        ("start", "end", "path"),
        [
            (2024, None, "TimeSpan.start"),
            (ApproximateDate(2024), True, "TimeSpan.end"),
            (None, None, "TimeSpan"),
        ],
    )
    def test_rejects(self, start: Any, end: Any, path: str) -> None:
        """
        Start and end must be dates or open, and not both open.
        """
        with pytest.raises(InvalidValueError) as info:
            TimeSpan(start, end)

        assert path == info.value.path


class TestQuantity:
    def test_integral_float_is_int(self) -> None:
        """
        10000.0 is stored as the int 10000, so both have one id and text.
        """
        q = Quantity(value=10000.0, unit="troops", bound=Bound.MORE_THAN)

        assert Quantity(value=10000, unit="troops", bound=Bound.MORE_THAN) == q
        assert int is type(q.value)
        assert (
            Claim(text="t", quantity=q).id
            == Claim(text="t", quantity=attrs.evolve(q, value=10000)).id
        )

    def test_fraction_kept(self) -> None:
        """
        Non-integral values stay floats.
        """
        assert 2.5 == Quantity(value=2.5, unit="km").value

    @pytest.mark.parametrize(
        ("bound", "text"),
        [
            (Bound.EXACTLY, "10,000 troops"),
            (Bound.ABOUT, "about 10,000 troops"),
            (Bound.AT_LEAST, "at least 10,000 troops"),
            (Bound.MORE_THAN, "more than 10,000 troops"),
            (Bound.AT_MOST, "at most 10,000 troops"),
            (Bound.LESS_THAN, "less than 10,000 troops"),
        ],
    )
    def test_str(self, bound: Bound, text: str) -> None:
        """
        str() words the bound.
        """
        assert text == str(Quantity(value=10000, unit="troops", bound=bound))

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("value", math.nan),
            ("value", math.inf),
            ("value", -math.inf),
            ("value", True),
            ("value", "10"),
            ("value", None),
            ("value", 10**400),
            ("unit", ""),
            ("unit", 1),
            ("bound", "about"),
        ],
    )
    def test_rejects(self, field: str, value: Any) -> None:
        """
        Non-finite or non-numeric values, empty units and unknown bounds are
        refused.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(Quantity(value=1, unit="x"), **{field: value})

        assert f"Quantity.{field}" == info.value.path

    @given(st.integers(-(10**15), 10**15))
    def test_integral_floats(self, n: int) -> None:
        """
        Any integral float equals the int quantity.
        """
        assert Quantity(value=n, unit="x") == Quantity(value=float(n), unit="x")


class TestClaim:
    def test_valid(self) -> None:
        """
        A claim keeps its fields; about is a frozenset.
        """
        claim = Claim(
            text="North Korea sent troops",
            about=[PYONGYANG, PYONGYANG],
            occurred=TimeSpan.since(2024, 10),
            quantity=Quantity(value=10000, unit="troops", bound=Bound.MORE_THAN),
            key="nk-troops",
        )

        assert frozenset({PYONGYANG}) == claim.about
        assert "North Korea sent troops [nk-troops]" == str(claim)
        assert "t" == str(Claim(text="t"))

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("text", ""),
            ("text", " \n"),
            ("text", b"text"),
            ("about", PYONGYANG),
            ("about", 3),
            ("about", "North Korea"),
            ("about", [PYONGYANG, "North Korea"]),
            ("favours", PYONGYANG),
            ("favours", 3),
            ("favours", "North Korea"),
            ("favours", [PYONGYANG, "North Korea"]),
            ("occurred", "2024"),
            ("occurred", dt.date(2024, 1, 1)),
            ("quantity", 10000),
            ("key", ""),
            ("key", "-starts-with-dash"),
            ("key", "has space"),
            ("key", 5),
        ],
    )
    def test_rejects(self, field: str, value: Any) -> None:
        """
        Every field rejects wrong values, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(Claim(text="t"), **{field: value})

        assert f"Claim.{field}" == info.value.path

    def test_id_ignores_order_of_parties(self) -> None:
        """
        The id depends on the set of parties, not their order.
        """
        other = Source(name="Russia", kind=SourceKind.GOVERNMENT)

        assert (
            Claim(text="t", about=[PYONGYANG, other]).id
            == Claim(text="t", about=(other, PYONGYANG)).id
        )

    @given(claims())
    def test_equal_claims_equal_ids(self, claim: Claim) -> None:
        """
        Equal claims have equal ids and hashes; other text, another id.
        """
        copy = attrs.evolve(claim)

        assert (claim.id, hash(claim)) == (copy.id, hash(copy))
        assert claim.id != attrs.evolve(claim, text=claim.text + "!").id


class TestFavours:
    def test_default_empty(self) -> None:
        """
        A claim favours nobody unless told; its parties are then its about.
        """
        claim = Claim(text="t", about=[PYONGYANG])

        assert frozenset() == claim.favours
        assert frozenset({PYONGYANG}) == claim.parties

    def test_parties(self) -> None:
        """
        favours takes any iterable of sources; parties is about | favours.
        """
        claim = Claim(text="t", about=[PYONGYANG], favours=(MOSCOW,))

        assert frozenset({MOSCOW}) == claim.favours
        assert frozenset({PYONGYANG, MOSCOW}) == claim.parties

    def test_not_in_both(self) -> None:
        """
        A source cannot be both in about and in favours.
        """
        with pytest.raises(InvalidValueError) as info:
            Claim(text="t", about=[PYONGYANG, MOSCOW], favours=[MOSCOW])

        assert "Claim.favours" == info.value.path
        assert ["Russia"] == info.value.value

    def test_changes_identity(self) -> None:
        """
        favours is part of the claim's content: equality and id.
        """
        plain = Claim(text="t", about=[PYONGYANG])
        favouring = Claim(text="t", about=[PYONGYANG], favours=[MOSCOW])
        swapped = Claim(text="t", about=[MOSCOW], favours=[PYONGYANG])

        assert plain != favouring != swapped
        assert len({plain.id, favouring.id, swapped.id}) == 3

    def test_unused_keeps_id(self) -> None:
        """
        A claim favouring nobody has the id it had before favours existed.
        """
        claim = Claim(text="North Korea sent troops", about=[PYONGYANG])

        assert (
            "{"
            f'"about":["{PYONGYANG.id}"],"key":null,"occurred":null,'
            '"quantity":null,"text":"North Korea sent troops"'
            "}"
        ) == _identity.claim_text(claim)

    def test_canonical_text(self) -> None:
        """
        favours is written as sorted source ids, in sorted place after about,
        identically by the fast path and by json.dumps.
        """
        other = Source(name="Belarus", kind=SourceKind.GOVERNMENT)
        claim = Claim(text="t", about=[PYONGYANG], favours=[MOSCOW, other])
        ids = ",".join(f'"{i}"' for i in sorted((MOSCOW.id, other.id)))

        assert f'"about":["{PYONGYANG.id}"],"favours":[{ids}],"key"' in (
            _identity.claim_text(claim)
        )
        assert _identity.dumps_canonical(
            _identity.claim_node(claim)
        ) == _identity.claim_text(claim)
