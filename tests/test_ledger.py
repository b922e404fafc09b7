from __future__ import annotations

import datetime as dt
import unicodedata

from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.claims import Claim
from provenance.errors import (
    InvalidValueError,
    UnknownClaimError,
    UnknownRecordError,
    UnknownSourceError,
)
from provenance.ledger import Ledger
from provenance.records import Record, Report, Statement
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import CT_MINUS, CT_PLUS
from provenance.testing import ledgers, records

from cast import BRIEFING, LAWMAKERS, NIS, PYONGYANG, SEOUL, YONHAP


TROOPS = Claim(text="North Korea sent troops", about=[PYONGYANG], key="troops")
OTHER = Claim(text="Troops are fighting")
ARTICLE = Channel(kind=ChannelKind.ARTICLE, name="Yonhap")

SAID = Statement(
    source=NIS,
    claim=TROOPS,
    stance=CT_PLUS,
    channel=BRIEFING,
    made_on=dt.date(2024, 10, 18),
)
DENIED = Statement(
    source=PYONGYANG, claim=TROOPS, stance=CT_MINUS, made_on=dt.date(2024, 10, 25)
)
ELSE = Statement(
    source=YONHAP, claim=OTHER, stance=CT_PLUS, made_on=dt.date(2024, 11, 1)
)
RELAYED = Report(reporter=LAWMAKERS, content=SAID, made_on=dt.date(2024, 10, 18))
PRINTED = Report(
    reporter=YONHAP, content=RELAYED, channel=ARTICLE, made_on=dt.date(2024, 10, 19)
)
REPRINTED = Report(reporter=YONHAP, content=SAID, made_on=dt.date(2024, 10, 20))

LEDGER = Ledger.of([PRINTED, DENIED, ELSE, SAID, REPRINTED])


def by_id(*values: Any) -> list[Any]:
    return sorted(values, key=lambda v: v.id)


class TestBuilding:
    def test_empty(self) -> None:
        """
        The empty ledger holds nothing.
        """
        empty = Ledger()

        assert (0, [], (), ()) == (len(empty), list(empty), empty.claims, empty.sources)
        assert Ledger.of([]) == empty

    def test_iterates_in_id_order(self) -> None:
        """
        Iteration is in id order, whatever the order of building.
        """
        assert by_id(PRINTED, DENIED, ELSE, SAID, REPRINTED) == list(LEDGER)
        assert 5 == len(LEDGER)

    def test_duplicates_collapse(self) -> None:
        """
        Holding a record twice is holding it once.
        """
        assert Ledger.of([SAID]) == Ledger.of([SAID, SAID]).add(SAID)

    def test_add_is_immutable(self) -> None:
        """
        add() returns a new ledger and leaves the original unchanged.
        """
        before = Ledger.of([SAID])

        after = before.add(DENIED, ELSE)

        assert [SAID] == list(before)
        assert Ledger.of([SAID, DENIED, ELSE]) == after
        assert SAID in after
        assert DENIED not in before

    def test_merge(self) -> None:
        """
        merge() holds the records of both, leaving both unchanged.
        """
        left, right = Ledger.of([SAID, DENIED]), Ledger.of([DENIED, ELSE])

        merged = left.merge(right)

        assert Ledger.of([SAID, DENIED, ELSE]) == merged
        assert (2, 2) == (len(left), len(right))

    def test_merge_rejects(self) -> None:
        """
        Only a ledger can be merged.
        """
        with pytest.raises(InvalidValueError) as info:
            LEDGER.merge([SAID])  # type: ignore[arg-type]  # wrong on purpose

        assert "Ledger.merge" == info.value.path

    @pytest.mark.parametrize("entries", [[SAID, "record"], [TROOPS], 5, "records"])
    def test_rejects_non_records(self, entries: Any) -> None:
        """
        A ledger holds only statements and reports.
        """
        with pytest.raises(InvalidValueError) as info:
            Ledger(entries)

        assert "Ledger.held" == info.value.path

    def test_add_rejects(self) -> None:
        """
        add() refuses values that are not records.
        """
        with pytest.raises(InvalidValueError):
            LEDGER.add(TROOPS)  # type: ignore[arg-type]  # wrong on purpose

    def test_hashable(self) -> None:
        """
        Equal ledgers hash alike and can be set members.
        """
        assert {Ledger.of([SAID, DENIED])} == {Ledger.of([DENIED, SAID])}

    @given(st.lists(records(), max_size=6), st.randoms())
    def test_order_independent(self, held: list[Record], random: Any) -> None:
        """
        Ledger.of gives the same ledger, iteration and look-ups for any
        permutation of its records.
        """
        shuffled = list(held)
        random.shuffle(shuffled)

        one, other = Ledger.of(held), Ledger.of(shuffled)

        assert one == other
        assert list(one) == list(other)
        assert (one.reached, one.sources, one.claims, one.channels) == (
            other.reached,
            other.sources,
            other.claims,
            other.channels,
        )

    @given(ledgers(), ledgers())
    def test_merge_commutes(self, left: Ledger, right: Ledger) -> None:
        """
        Merging is commutative and the same as adding every record.
        """
        assert left.merge(right) == right.merge(left)
        assert left.add(*right) == left.merge(right)

    @given(ledgers())
    def test_iteration_sorted(self, ledger: Ledger) -> None:
        """
        Iteration is in id order and yields each held record once.
        """
        ids = [record.id for record in ledger]

        assert sorted(set(ids)) == ids
        assert len(ledger) == len(ids)


class TestLookups:
    def test_lookups_by_text_in_any_normal_form(self) -> None:
        """
        A source name given in NFD finds what its NFC spelling finds: names
        are held in NFC, and a caller's name is looked up so.
        """
        nfc = "Zo\u00eb Caf\u00e9"
        nfd = unicodedata.normalize("NFD", nfc)
        source = Source(name=nfc, kind=SourceKind.PERSON)
        claim = Claim(text="x", key="cafe")
        said = Statement(
            source=source, claim=claim, stance=CT_PLUS, made_on=dt.date(2024, 1, 1)
        )
        ledger = Ledger.of([said])

        assert source == ledger.source(nfd) == ledger.source(nfc)
        assert ledger.by_source(nfc) == ledger.by_source(nfd) == (said,)

    def test_records_include_reached(self) -> None:
        """
        records holds held records and those reached through reports.
        """
        assert tuple(by_id(PRINTED, RELAYED, DENIED, ELSE, SAID, REPRINTED)) == (
            LEDGER.reached
        )
        assert tuple(by_id(SAID, DENIED, ELSE)) == LEDGER.statements
        assert RELAYED not in LEDGER

    def test_get(self) -> None:
        """
        get() finds held and reached records by id, else raises an
        UnknownRecordError that is also a KeyError.
        """
        assert RELAYED == LEDGER.get(RELAYED.id)
        with pytest.raises(UnknownRecordError, match="no record with id") as caught:
            LEDGER.get("0" * 64)
        assert isinstance(caught.value, KeyError)
        assert caught.value.path == "Ledger.get"

    def test_statements_about(self) -> None:
        """
        statements_about() lists held and reached statements on a claim,
        in the order they were made.
        """
        reached_only = Ledger.of([PRINTED])

        assert SAID.made_on < DENIED.made_on
        assert (SAID, DENIED) == LEDGER.statements_about(TROOPS)
        assert (SAID,) == reached_only.statements_about(TROOPS)
        assert () == reached_only.statements_about(OTHER)

    def test_look_ups_take_what_a_user_has_in_hand(self) -> None:
        """
        A claim by its key or id, a source by its name or id, a statement by
        its id: the same answers as by the values themselves.
        """
        assert LEDGER.statements_about("troops") == LEDGER.statements_about(TROOPS)
        assert LEDGER.statements_about(OTHER.id) == (ELSE,)
        assert LEDGER.by_source("Yonhap") == LEDGER.by_source(YONHAP)
        assert LEDGER.by_source(NIS.id) == (SAID,)
        assert LEDGER.routes(SAID.id) == LEDGER.routes(SAID)
        assert LEDGER.source("NIS") == NIS

    @pytest.mark.parametrize(
        ("look_up", "error", "words"),
        [
            (lambda: LEDGER.statements_about("nothing"), UnknownClaimError, "no claim"),
            (lambda: LEDGER.by_source("Nobody"), UnknownSourceError, "no source"),
            (
                lambda: LEDGER.by_source(3),  # type: ignore[arg-type]  # wrong on purpose
                InvalidValueError,
                "source name",
            ),
            (lambda: LEDGER.routes(PRINTED.id), InvalidValueError, "Statement"),
            (lambda: LEDGER.routes("f" * 64), UnknownRecordError, "no record"),
        ],
    )
    def test_a_look_up_that_finds_nothing_says_so(
        self, look_up: Any, error: type[Exception], words: str
    ) -> None:
        with pytest.raises(error, match=words):
            look_up()

    def test_a_name_several_sources_share_is_refused(self) -> None:
        twin = Source(name="NIS", kind=SourceKind.AGENCY)
        ledger = LEDGER.add(attrs.evolve(DENIED, source=twin))

        with pytest.raises(UnknownSourceError, match="2 sources are named") as info:
            ledger.by_source("NIS")
        assert "Ledger.by_source" == info.value.path
        assert ledger.by_source(twin.id) == (attrs.evolve(DENIED, source=twin),)

    def test_statements_about_within_a_day(self) -> None:
        """
        On one day, statements are in the order of their time of day, those
        without one first, and statements made at the same moment by id.
        """
        day = dt.date(2024, 10, 18)
        speakers = [
            Source(name=f"official {i}", kind=SourceKind.UNNAMED_PERSON)
            for i in range(6)
        ]
        times = [dt.time(17, 0), None, dt.time(9, 30), dt.time(9, 30), None, None]
        made = [
            Statement(
                source=speaker, claim=TROOPS, stance=CT_PLUS, made_on=day, made_at=at
            )
            for speaker, at in zip(speakers, times, strict=True)
        ]
        later = attrs.evolve(made[0], made_on=dt.date(2024, 10, 19), made_at=None)
        ledger = Ledger.of([*made, later])

        expected = (
            *sorted(made[1::3] + made[5:], key=lambda s: s.id),
            *sorted(made[2:4], key=lambda s: s.id),
            made[0],
            later,
        )
        assert expected == ledger.statements_about(TROOPS)
        assert [s.moment for s in expected] == sorted(s.moment for s in expected)

    @given(ledgers())
    def test_statements_about_sorted(self, ledger: Ledger) -> None:
        """
        statements_about() is sorted by (made_on, made_at or midnight, id).
        """
        for claim in ledger.claims:
            found = ledger.statements_about(claim)

            assert sorted(found, key=lambda s: (*s.moment, s.id)) == list(found)

    def test_by_source(self) -> None:
        """
        by_source() lists what a source said or relayed, not its offices'.
        """
        assert tuple(by_id(PRINTED, REPRINTED, ELSE)) == LEDGER.by_source(YONHAP)
        assert (SAID,) == LEDGER.by_source(NIS)
        assert () == LEDGER.by_source(SEOUL)

    def test_claims(self) -> None:
        """
        claims lists every claim a statement is about, in id order.
        """
        assert tuple(by_id(TROOPS, OTHER)) == LEDGER.claims

    def test_sources(self) -> None:
        """
        sources includes speakers, reporters, affiliations and claim parties.
        """
        assert tuple(by_id(SEOUL, NIS, PYONGYANG, LAWMAKERS, YONHAP)) == (
            LEDGER.sources
        )
        assert tuple(by_id(NIS, SEOUL, PYONGYANG)) == Ledger.of([SAID]).sources

    def test_channels(self) -> None:
        """
        channels lists every channel a held or reached record used.
        """
        assert tuple(by_id(BRIEFING, ARTICLE)) == LEDGER.channels

    def test_routes(self) -> None:
        """
        A statement held directly has the route (); relayed ones list their
        chains, outermost report first.
        """
        expected = sorted(
            [(), (PRINTED, RELAYED), (REPRINTED,)],
            key=lambda route: tuple(r.id for r in route),
        )

        assert tuple(expected) == LEDGER.routes(SAID)
        assert ((),) == LEDGER.routes(DENIED)
        assert ((PRINTED, RELAYED),) == Ledger.of([PRINTED]).routes(SAID)
        assert () == Ledger.of([ELSE]).routes(SAID)

    def test_routes_share_reports(self) -> None:
        """
        Holding an inner report too gives it its own route.
        """
        ledger = Ledger.of([PRINTED, RELAYED])

        assert {(PRINTED, RELAYED), (RELAYED,)} == set(ledger.routes(SAID))

    def test_equal_copies_indexed_once(self) -> None:
        """
        Equal but distinct copies of a chain are indexed once.
        """
        copy = Report(
            reporter=YONHAP,
            content=Report(reporter=LAWMAKERS, content=SAID, made_on=RELAYED.made_on),
            made_on=dt.date(2024, 10, 21),
        )

        ledger = Ledger.of([PRINTED, copy])

        assert tuple(by_id(PRINTED, copy, RELAYED, SAID)) == ledger.reached

    def test_claim_by_key_or_id(self) -> None:
        """
        claim() finds a claim by key or by id.
        """
        assert TROOPS == LEDGER.claim("troops")
        assert OTHER == LEDGER.claim(OTHER.id)

    def test_an_id_names_one_value(self) -> None:
        """
        An id names its claim (or source) even when another claim's key (or
        source's name) is that very id.
        """
        mimic = Claim(text="A mimic", key=TROOPS.id)
        namesake = Source(name=YONHAP.id, kind=SourceKind.PERSON)
        ledger = LEDGER.add(
            Statement(
                source=namesake,
                claim=mimic,
                stance=CT_PLUS,
                made_on=dt.date(2024, 1, 1),
            )
        )

        assert TROOPS == ledger.claim(TROOPS.id)
        assert mimic == ledger.claim(mimic.id)
        assert YONHAP == ledger.source(YONHAP.id)
        assert namesake == ledger.source(namesake.id)

    def test_unknown_claim(self) -> None:
        """
        claim() raises UnknownClaimError, a LookupError, for unknown keys.
        """
        with pytest.raises(UnknownClaimError) as info:
            LEDGER.claim("nope")

        assert "Ledger.claim" == info.value.path
        assert isinstance(info.value, LookupError)

    def test_ambiguous_key(self) -> None:
        """
        claim() refuses a key that two claims share, and names the count.
        """
        twin = Claim(text="Another claim", key="troops")
        ledger = LEDGER.add(
            Statement(
                source=YONHAP,
                claim=twin,
                stance=CT_PLUS,
                made_on=dt.date(2024, 1, 1),
            )
        )

        with pytest.raises(UnknownClaimError) as info:
            ledger.claim("troops")

        assert info.value.msg.startswith("2 claims have key 'troops'")
        assert twin == ledger.claim(twin.id)

    def test_as_of(self) -> None:
        """
        as_of() drops records made after the day, keeping those made on it.
        """
        assert Ledger.of([SAID]) == LEDGER.as_of(dt.date(2024, 10, 18))
        assert Ledger.of([SAID, PRINTED]) == LEDGER.as_of(dt.date(2024, 10, 19))
        assert Ledger() == LEDGER.as_of(dt.date(2024, 1, 1))
        assert LEDGER == LEDGER.as_of(dt.date(2030, 1, 1))

    @pytest.mark.parametrize(
        "day", ["2024-10-18", dt.datetime(2024, 10, 18, tzinfo=dt.timezone.utc)]
    )
    def test_as_of_rejects(self, day: Any) -> None:
        """
        as_of() takes a calendar day only.
        """
        with pytest.raises(InvalidValueError) as info:
            LEDGER.as_of(day)

        assert "Ledger.as_of" == info.value.path

    @given(ledgers())
    def test_statements_about_in_order_made(self, ledger: Ledger) -> None:
        """
        statements_about() lists every statement on the claim once, by day,
        time of day (untimed first) and then id, whatever order the records
        were added in.
        """
        for claim in ledger.claims:
            expected = sorted(
                {s for s in ledger.statements if s.claim == claim},
                key=lambda s: (s.moment, s.id),
            )
            assert tuple(expected) == ledger.statements_about(claim)

    @given(ledgers())
    def test_index_is_complete(self, ledger: Ledger) -> None:
        """
        Every record, source, claim and channel a held record reaches is
        indexed, and every held statement has a route.
        """
        for entry in ledger:
            chain: list[Record] = (
                [*entry.chain(), entry.origin] if isinstance(entry, Report) else [entry]
            )
            for record in chain:
                assert record == ledger.get(record.id)
                speaker = (
                    record.source if isinstance(record, Statement) else record.reporter
                )
                assert speaker in ledger.sources
                assert all(a in ledger.sources for a in speaker.affiliations())
                assert record.channel is None or record.channel in ledger.channels
            origin = entry.origin
            assert origin.claim in ledger.claims
            assert origin in ledger.statements_about(origin.claim)
            assert all(party in ledger.sources for party in origin.claim.about)
            route = tuple(entry.chain()) if isinstance(entry, Report) else ()
            assert route in ledger.routes(origin)
