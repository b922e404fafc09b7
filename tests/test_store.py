"""
The store: what it keeps, what it gives back, and what it promises.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import (
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
    assess_all,
    loads,
)
from provenance import store as store_module
from provenance.errors import (
    InvalidValueError,
    ProvenanceError,
    RelationError,
    StoreError,
    StoreLockedError,
    TamperedError,
    UnknownClaimError,
    UnknownSourceError,
    UnsupportedVersionError,
)
from provenance.policy import DEFAULT_POLICY
from provenance.relations import Entails, Equivalent, Exclusive, Relation
from provenance.store import SCHEMA_VERSION, Store, chain_value, is_store
from provenance.testing import ledgers
from provenance.testing import relations as relation_sets


ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.json"
SRC = ROOT / "src"

NIS = Source(name="NIS", kind=SourceKind.AGENCY)
KCNA = Source(name="KCNA", kind=SourceKind.MEDIA_OUTLET)
TROOPS = Claim(text="North Korea sent troops", key="troops")
SHELLS = Claim(text="North Korea sent shells", key="shells")
ARMS = Claim(text="North Korea sent arms", key="arms")
SAID = Statement(
    source=NIS,
    claim=TROOPS,
    stance=Stance.from_verb("said"),
    made_on=dt.date(2024, 10, 18),
)
DENIED = Statement(
    source=KCNA,
    claim=TROOPS,
    stance=Stance.from_verb("denied"),
    made_on=dt.date(2024, 10, 25),
)
SHELLED = Statement(
    source=NIS,
    claim=SHELLS,
    stance=Stance.from_verb("said"),
    made_on=dt.date(2024, 9, 1),
)
RELAYED = Report(reporter=KCNA, content=SHELLED, made_on=dt.date(2024, 9, 2))


def _after_drawn() -> dt.datetime:
    # A store refuses a record made after the day it is recorded: record
    # them after every day the generated ledgers (provenance.testing) have.
    return dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)


def article() -> Ledger:
    return loads(ARTICLE.read_bytes())


class Clock:
    """
    A clock that reads whatever moment the test sets.
    """

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), isolation_level=None)


def _plans(store: Store, action: Callable[[], object]) -> list[str]:
    """
    The query plans of the look-ups by source that *action* makes.
    """
    db = store._db
    traced: list[str] = []
    db.set_trace_callback(traced.append)
    try:
        action()
    finally:
        db.set_trace_callback(None)
    found: list[str] = []
    for sql in traced:
        if "segments" in sql:
            # Python 3.10 traces a statement with its parameters unbound.
            values = [SAID.source.id] * sql.count("?")
            found.extend(
                row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", values)
            )
    return found


def _drop_triggers(db: sqlite3.Connection) -> None:
    names = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    for (name,) in names.fetchall():
        db.execute(f"DROP TRIGGER {name}")


def _restore_triggers(db: sqlite3.Connection) -> None:
    """
    Put the triggers back, as an editor covering their tracks would.
    """
    for statement in store_module._TRIGGERS.split(";\n"):
        if statement.strip():
            db.execute(statement)


class TestOpen:
    def test_creates_and_reopens(self, path: Path) -> None:
        """
        Open creates a store, and a later open finds what was added.
        """
        with Store.open(path) as store:
            store.add([SAID])

        with Store.open(path) as again:
            assert 1 == len(again)
            assert Ledger.of([SAID]) == again.ledger()
            assert "Store" in repr(again)

    @pytest.mark.usefixtures("store")
    def test_wal_and_schema(self, path: Path) -> None:
        """
        The store runs in WAL mode, on pages of 16 KiB, and its meta table
        names format and version.
        """
        db = _raw(path)

        assert "wal" == db.execute("PRAGMA journal_mode").fetchone()[0]
        assert 16384 == db.execute("PRAGMA page_size").fetchone()[0]
        assert {
            "format": "provenance-store",
            "version": str(SCHEMA_VERSION),
        }.items() <= dict(db.execute("SELECT name, value FROM meta").fetchall()).items()
        db.close()

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"hello, I am text\n", "not an SQLite database"),
            (b"", "an empty file"),
        ],
    )
    def test_not_a_store(self, path: Path, content: bytes, message: str) -> None:
        """
        A file that is not a store is refused with a StoreError, unchanged.
        """
        path.write_bytes(content)

        with pytest.raises(StoreError) as exc:
            Store.open(path)

        assert message in str(exc.value)
        assert str(path) in str(exc.value)
        assert content == path.read_bytes()

    def test_other_meta_table(self, path: Path) -> None:
        """
        A database with a meta table of another shape is not a store.
        """
        db = _raw(path)
        db.execute("CREATE TABLE meta (x)")
        db.close()

        with pytest.raises(StoreError, match="not a provenance store"):
            Store.open(path)

    def test_other_database(self, path: Path) -> None:
        """
        An SQLite database that is not a store is refused.
        """
        db = _raw(path)
        db.execute("CREATE TABLE t (x)")
        db.close()

        with pytest.raises(StoreError, match="not a provenance store"):
            Store.open(path)

    def test_directory(self, tmp_path: Path) -> None:
        """
        A directory is refused.
        """
        with pytest.raises(StoreError, match="directory"):
            Store.open(tmp_path)

    def test_made_by_another_process_meanwhile(
        self, path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Another process creates the store (and adds to it) between this
        one's look for a file and its creating one: this one opens that
        store; and if it then fails to open it, it leaves it as it was,
        records and all, and nothing of its own behind.
        """
        with Store.open(path) as first:
            first.add([SAID])
        # As if the look for a file came before the other process made it.
        monkeypatch.setattr(store_module, "_check_file", lambda *_: False)
        with Store.open(path) as late:
            assert 1 == len(late)

        def refused(_: Store) -> None:
            msg = "cannot open"
            raise StoreError(msg, "here")

        monkeypatch.setattr(Store, "_check_meta", refused)
        with pytest.raises(StoreError):
            Store.open(path)
        monkeypatch.undo()
        with Store.open(path) as again:
            assert 1 == len(again)
        assert {"desk.db"} == {p.name for p in path.parent.iterdir()}

    def test_created_whole_or_not_at_all(self, path: Path) -> None:
        """
        A store appears at its path with its schema (never an empty file
        another process could find), and creating it leaves nothing else.
        """
        with Store.open(path) as store:
            assert 0 == len(store)
            assert path.read_bytes().startswith(b"SQLite format 3\x00")
            names = {p.name for p in path.parent.iterdir()}
        assert {"desk.db"} == {
            name for name in names if not name.endswith(("-wal", "-shm"))
        }

    def test_path_not_encodable(self, tmp_path: Path) -> None:
        """
        A path the file system cannot encode (a lone surrogate) is refused.
        """
        with pytest.raises(StoreError, match="cannot be encoded"):
            Store.open(tmp_path / "desk\ud800.db")

    def test_missing_folder(self, tmp_path: Path) -> None:
        """
        A store in a folder that does not exist cannot be created.
        """
        with pytest.raises(StoreError, match="cannot create"):
            Store.open(tmp_path / "nowhere" / "desk.db")

    def test_newer_version(self, store: Store, path: Path) -> None:
        """
        A store of a newer schema version is refused with
        UnsupportedVersionError.
        """
        store.close()
        db = _raw(path)
        _drop_triggers(db)
        db.execute("UPDATE meta SET value = '99' WHERE name = 'version'")
        _restore_triggers(db)
        db.close()

        with pytest.raises(UnsupportedVersionError, match="newer"):
            Store.open(path)

    def test_version_1(self, path: Path) -> None:
        """
        A store of schema version 1 (records indexed by source alone) opens,
        reads and takes new records as it is: its index serves the look-ups
        by source, verify finds nothing, and its version stays 1.
        """
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(store_module, "SCHEMA_VERSION", 1)
            patch.setattr(
                store_module,
                "_SCHEMA",
                store_module._SCHEMA.replace("(ref >> 17, source)", "(source)"),
            )
            with Store.open(path) as old:
                old.add([SAID, RELAYED])
        ledger = Ledger.of([SAID, DENIED, RELAYED])

        with Store.open(path) as store:
            store.add([DENIED])
            plans = _plans(store, lambda: store.by_source(KCNA))

            assert ledger.by_source(KCNA) == store.by_source(KCNA)
            assert ledger.by_source(NIS) == store.by_source(NIS)
            assert ledger == store.ledger()
            assert () == store.verify()
        assert any("INDEX records_by_source (source=?)" in plan for plan in plans)
        db = _raw(path)
        assert "1" == dict(db.execute("SELECT name, value FROM meta"))["version"]
        db.close()

    @pytest.mark.parametrize(
        ("kwargs", "where"),
        [
            ({"path": 3}, "Store.open.path"),
            ({"path": ""}, "Store.open.path"),
            ({"timeout": -1}, "Store.open.timeout"),
            ({"timeout": True}, "Store.open.timeout"),
            ({"clock": 3}, "Store.open.clock"),
        ],
    )
    def test_bad_arguments(
        self, path: Path, kwargs: dict[str, object], where: str
    ) -> None:
        """
        Bad arguments are refused with their path.
        """
        arguments: dict[str, object] = {"path": path, **kwargs}

        with pytest.raises(InvalidValueError) as exc:
            Store.open(**arguments)  # type: ignore[arg-type]  # on purpose

        assert where == exc.value.path

    def test_closed(self, store: Store) -> None:
        """
        A closed store says so.
        """
        store.close()

        with pytest.raises(StoreError, match="closed"):
            len(store)

    @pytest.mark.usefixtures("store")
    def test_is_store(self, path: Path, tmp_path: Path) -> None:
        """
        is_store tells a database file from anything else.
        """
        (tmp_path / "text").write_text("x")

        assert (True, False, False) == (
            is_store(path),
            is_store(tmp_path / "text"),
            is_store(tmp_path / "missing"),
        )


class TestAdd:
    def test_idempotent(self, store: Store) -> None:
        """
        Adding returns what was new; what the store holds is skipped.
        """
        assert (SAID,) == store.add([SAID, SAID])
        assert (DENIED,) == store.add([SAID, DENIED])
        assert () == store.add([DENIED])
        assert () == store.add([])
        assert 2 == len(store)

    def test_ids_not_yet_computed(self, store: Store) -> None:
        """
        Records whose ids were never read get, from the text the store
        writes, the ids they would compute themselves; a relayed statement
        whose id is known is found again; reached ones can be held after.
        """

        def fresh() -> tuple[Statement, Report, Report]:
            said = attrs.evolve(SAID, made_on=dt.date(2024, 10, 19))
            relay = Report(reporter=KCNA, content=said, made_on=dt.date(2024, 10, 20))
            again = Report(reporter=NIS, content=relay, made_on=dt.date(2024, 10, 21))
            return said, relay, again

        said, relay, again = fresh()
        expected = [record.id for record in fresh()]
        known = attrs.evolve(SAID, made_on=dt.date(2024, 10, 22))
        assert known.id  # Cached before the add.
        relayed = Report(reporter=KCNA, content=known, made_on=dt.date(2024, 10, 23))

        assert (again, relayed) == store.add([again, relayed])
        assert expected == [said.id, relay.id, again.id]
        assert (said, relay) == store.add([said, relay, again])
        assert Ledger.of([again, relayed, said, relay]) == store.ledger()
        assert () == store.verify()

    def test_reached_then_held(self, store: Store) -> None:
        """
        A statement first reached through a report, then held itself, is new.
        """
        store.add([RELAYED])

        assert (SHELLED,) == store.add([SHELLED])
        assert Ledger.of([RELAYED, SHELLED]) == store.ledger()

    @pytest.mark.parametrize("bad", ["text", 3, {"a": 1}])
    def test_refuses_non_iterables(self, store: Store, bad: object) -> None:
        """
        Only an iterable of records is taken.
        """
        with pytest.raises(InvalidValueError):
            store.add(bad)  # type: ignore[arg-type]  # on purpose

    def test_bad_item_writes_nothing(self, store: Store) -> None:
        """
        A bad item anywhere refuses the whole call, naming its index.
        """
        with pytest.raises(InvalidValueError) as exc:
            store.add([SAID, DENIED, "not a record"])  # type: ignore[list-item]  # on purpose

        assert "Store.add[2]" == exc.value.path
        assert 0 == len(store)

    def test_contradicting_relations(self, store: Store) -> None:
        """
        Relations that cannot hold with those stored are refused, nothing
        written.
        """
        store.add([Entails(specific=TROOPS, general=ARMS)])

        with pytest.raises(RelationError):
            store.add([SAID, Entails(specific=ARMS, general=TROOPS)])

        assert 0 == len(store)
        assert 1 == len(store.ledger().relations)

    def test_clock_must_be_aware(self, path: Path) -> None:
        """
        A clock giving a naive datetime is refused.
        """
        clock = Clock(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
        with Store.open(path, clock=clock) as store:
            clock.moment = dt.datetime(2024, 1, 1)  # noqa: DTZ001  # on purpose
            with pytest.raises(InvalidValueError, match="aware"):
                store.add([SAID])
            assert 0 == len(store)

    def test_clock_early_or_out_of_range(self, path: Path) -> None:
        """
        A clock before the year 1000 stamps four-digit years, which sort as
        text (a later add and known_on still work); a time with no UTC
        equivalent is refused.
        """
        utc = dt.timezone.utc
        clock = Clock(dt.datetime(999, 6, 1, tzinfo=utc))
        with Store.open(path, clock=clock) as store:
            store.add([attrs.evolve(SAID, made_on=dt.date(999, 6, 1))])
            clock.moment = dt.datetime(2025, 3, 4, tzinfo=utc)
            store.add([DENIED])
            assert 1 == len(store.ledger(known_on=dt.date(999, 6, 1)))
            assert 2 == len(store.ledger(known_on=dt.date(2025, 3, 4)))
            clock.moment = dt.datetime.min.replace(
                tzinfo=dt.timezone(dt.timedelta(hours=14))
            )
            with pytest.raises(InvalidValueError, match="out of range"):
                store.add([SHELLED])
            assert () == store.verify()

    def test_keys_not_utf8_are_not_found(self, store: Store) -> None:
        """
        A key or name with a lone surrogate (argv bytes that are not UTF-8)
        names nothing the store could hold: not found, as in a ledger.
        """
        store.add([SAID])
        with pytest.raises(UnknownClaimError):
            store.claim("troops\ud800")
        with pytest.raises(UnknownClaimError):
            store.assess("\udcff")
        with pytest.raises(UnknownSourceError):
            store.by_source("NIS\ud800")

    def test_remembered_refs_after_another_writer(self, path: Path) -> None:
        """
        A handle that remembers every claim and source of a store it filled
        looks them up again once another handle has written: the other's
        claim is found, not inserted twice.
        """
        with Store.open(path) as first, Store.open(path) as second:
            first.add([SAID])
            second.add([SHELLED])

            assert (RELAYED, DENIED) == first.add([RELAYED, DENIED])
            assert Ledger.of([SAID, SHELLED, RELAYED, DENIED]) == first.ledger()
            assert () == first.verify()

    def test_refs_of_a_rolled_back_write_forgotten(self, path: Path) -> None:
        """
        A write that fails after numbering new claims and sources leaves
        nothing remembered: they are numbered and written again next time.
        """
        utc = dt.timezone.utc
        clock = Clock(dt.datetime(2024, 11, 1, tzinfo=utc))
        with Store.open(path, clock=clock) as store:
            store.add([SAID])
            clock.moment = dt.datetime(2024, 11, 2)  # noqa: DTZ001  # on purpose
            with pytest.raises(InvalidValueError, match="aware"):
                store.add([RELAYED])  # Fails once its rows are written.
            clock.moment = dt.datetime(2024, 11, 2, tzinfo=utc)

            assert (RELAYED,) == store.add([RELAYED])
            assert SHELLS == store.claim("shells")
            assert Ledger.of([SAID, RELAYED]) == store.ledger()
            assert () == store.verify()

    def test_remembered_refs_bounded(
        self, store: Store, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A handle remembers a bounded number of refs; past it, it forgets
        them and looks them up again.
        """
        monkeypatch.setattr(store_module, "_KNOWN_MOST", 1)
        store.add([SAID])
        store.add([SHELLED])

        assert (RELAYED, DENIED) == store.add([RELAYED, DENIED])
        assert 2 >= len(store._known.claims)
        assert Ledger.of([SAID, SHELLED, RELAYED, DENIED]) == store.ledger()
        assert () == store.verify()

    def test_hash_chain(self, path: Path) -> None:
        """
        Each entry's chain value hashes the previous one, its id and stamp.
        """
        moment = dt.datetime(2024, 10, 25, 12, tzinfo=dt.timezone.utc)
        with Store.open(path, clock=Clock(moment)) as store:
            store.add([SAID, DENIED])
            head = store.head
        stamp = "2024-10-25T12:00:00.000000Z"
        first = chain_value("0" * 64, SAID.id, stamp)

        assert chain_value(first, DENIED.id, stamp) == head


class TestRead:
    def test_article(self, store: Store) -> None:
        """
        The article's ledger comes back equal, with equal assessments.
        """
        ledger = article()
        store.add(ledger)

        assert ledger == store.ledger()
        assert assess_all(ledger) == dict(store.assess_all())
        for claim in ledger.claims:
            assert assess(ledger, claim) == store.assess(claim)
        assert ledger.claims == store.claims()

    def test_look_ups(self, store: Store) -> None:
        """
        Look-ups by claim, key and source give what the ledger gives.
        """
        ledger = Ledger.of([SAID, DENIED, RELAYED])
        store.add(ledger)

        assert ledger.statements_about("troops") == store.statements_about("troops")
        assert ledger.statements_about(SHELLS) == store.statements_about(SHELLS)
        assert ledger.by_source(KCNA) == store.by_source(KCNA)
        assert ledger.by_source("NIS") == store.by_source("NIS")
        assert ledger.by_source(NIS.id) == store.by_source(NIS.id)
        assert TROOPS == store.claim("troops")
        assert TROOPS == store.claim(TROOPS.id)

    def test_look_ups_in_any_normal_form(self, store: Store) -> None:
        """
        A source name given in NFD finds what its NFC spelling finds, as in
        a ledger.
        """
        nfc = "Zo\u00eb Caf\u00e9"
        source = Source(name=unicodedata.normalize("NFD", nfc), kind=SourceKind.PERSON)
        claim = Claim(text="x", key="cafe")
        said = Statement(
            source=source, claim=claim, stance=SAID.stance, made_on=dt.date(2024, 1, 1)
        )
        store.add([said])

        assert (said,) == store.by_source(unicodedata.normalize("NFD", nfc))

    def test_by_source_across_segments(self, store: Store, path: Path) -> None:
        """
        The index by source holds each segment of refs apart; a look-up by
        source probes every segment, through that index.
        """
        store.add([SAID])
        db = _raw(path)  # Refs jump to the fourth segment: a row no claim has.
        db.execute(
            "INSERT INTO records (ref, key, id, claim, source, text) "
            "VALUES (?, 0, '', 0, 0, '')",
            (3 << 17,),
        )
        db.close()
        store.add([DENIED, RELAYED])
        ledger = Ledger.of([SAID, DENIED, RELAYED])

        plans = _plans(store, lambda: store.by_source(NIS))

        assert ledger.by_source(NIS) == store.by_source(NIS)
        assert ledger.by_source(KCNA) == store.by_source(KCNA)
        assert any(
            "INDEX records_by_source (<expr>=? AND source=?)" in plan for plan in plans
        )

    def test_unknown(self, store: Store) -> None:
        """
        Unknown keys and names raise the ledger's errors.
        """
        store.add([SAID])

        with pytest.raises(UnknownClaimError):
            store.claim("nothing")
        with pytest.raises(UnknownClaimError):
            store.assess("nothing")
        with pytest.raises(UnknownSourceError):
            store.by_source("nobody")
        with pytest.raises(InvalidValueError):
            store.claim(3)  # type: ignore[arg-type]  # on purpose
        with pytest.raises(InvalidValueError):
            store.by_source(3)  # type: ignore[arg-type]  # on purpose

    def test_shared_names(self, store: Store) -> None:
        """
        A key or name several share must be given by id.
        """
        other = Claim(text="Another troops claim", key="troops")
        twin = Source(name="NIS", kind=SourceKind.PERSON)
        store.add(
            [
                SAID,
                Statement(
                    source=twin,
                    claim=other,
                    stance=Stance.from_verb("said"),
                    made_on=dt.date(2024, 10, 19),
                ),
            ]
        )

        with pytest.raises(UnknownClaimError, match="2 claims"):
            store.claim("troops")
        with pytest.raises(UnknownSourceError, match="2 sources"):
            store.by_source("NIS")

    def test_assess_all_reads_one_moment(
        self, store: Store, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        What is added while assess_all runs is not half seen.
        """
        monkeypatch.setattr("provenance.store._BATCH", 1)
        store.add([SAID, SHELLED])
        found = store.assess_all()
        first = next(found)

        store.add(
            [
                DENIED,
                Statement(
                    source=NIS,
                    claim=ARMS,
                    stance=SAID.stance,
                    made_on=dt.date(2024, 1, 1),
                ),
            ]
        )

        assert assess_all(Ledger.of([SAID, SHELLED])) == dict([first, *found])

    def test_known_on(self, path: Path) -> None:
        """
        known_on gives what the store held at the end of a day (UTC),
        whenever the records were made.
        """
        clock = Clock(dt.datetime(2025, 3, 3, 23, 59, tzinfo=dt.timezone.utc))
        with Store.open(path, clock=clock) as store:
            store.add([SAID])
            # Half past midnight in Kyiv is still the 3rd in UTC.
            clock.moment = dt.datetime(
                2025, 3, 4, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
            )
            store.add([DENIED])
            clock.moment = dt.datetime(2025, 3, 5, tzinfo=dt.timezone.utc)
            store.add([Entails(specific=TROOPS, general=ARMS)])

            assert Ledger() == store.ledger(known_on=dt.date(2025, 3, 2))
            assert Ledger.of([SAID, DENIED]) == store.ledger(
                known_on=dt.date(2025, 3, 3)
            )
            third = store.assess("troops", known_on=dt.date(2025, 3, 3))
            assert assess(Ledger.of([SAID, DENIED]), TROOPS) == third
            # Not yet known that day: unknown, as in that day's ledger.
            for key in ("troops", TROOPS.id):
                with pytest.raises(UnknownClaimError, match="known on 2025-03-02"):
                    store.assess(key, known_on=dt.date(2025, 3, 2))
            with pytest.raises(UnknownClaimError):
                assess(store.ledger(known_on=dt.date(2025, 3, 2)), "troops")
            full = store.ledger()
            assert 1 == len(full.relations)
            assert full.as_of(dt.date(2024, 10, 20)) == store.ledger(
                as_of=dt.date(2024, 10, 20)
            )
            assert assess(full, TROOPS, as_of=dt.date(2024, 10, 20)) == store.assess(
                TROOPS, as_of=dt.date(2024, 10, 20)
            )

    def test_known_on_the_last_day(self, path: Path) -> None:
        """
        known_on 9999-12-31, the last day a date can have, is the whole
        store (there is no day after it to count to).
        """
        with Store.open(path) as store:
            store.add([SAID, DENIED, Entails(specific=TROOPS, general=ARMS)])
            last = dt.date.max

            assert store.ledger() == store.ledger(known_on=last)
            assert dict(store.assess_all()) == dict(store.assess_all(known_on=last))
            assert store.assess("troops") == store.assess("troops", known_on=last)
            assert store.statements_about("troops") == store.statements_about(
                "troops", known_on=last
            )
            assert store.by_source(NIS) == store.by_source(NIS, known_on=last)

    @pytest.mark.parametrize("name", ["as_of", "known_on"])
    def test_bad_days(self, store: Store, name: str) -> None:
        """
        as_of and known_on must be dates.
        """
        with pytest.raises(InvalidValueError, match=name):
            store.ledger(**{name: "2024-01-01"})  # type: ignore[arg-type]  # on purpose

    def test_bad_policy(self, store: Store) -> None:
        """
        A policy must be a Policy.
        """
        store.add([SAID])

        with pytest.raises(InvalidValueError):
            store.assess("troops", policy=3)  # type: ignore[arg-type]  # on purpose
        with pytest.raises(InvalidValueError):
            dict(store.assess_all(policy=3))  # type: ignore[arg-type]  # on purpose
        with pytest.raises(InvalidValueError):
            store.assessments(policy=3)  # type: ignore[arg-type]  # on purpose

    def test_relate_quantities(self, store: Store) -> None:
        """
        A policy relating quantities reads the whole store, with the same
        results.
        """
        ledger = article()
        store.add(ledger)
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)

        assert assess_all(ledger, policy=policy) == dict(
            store.assess_all(policy=policy)
        )
        claim = ledger.claims[0]
        assert assess(ledger, claim, policy=policy) == store.assess(
            claim, policy=policy
        )


@st.composite
def related_ledgers(draw: st.DrawFn) -> tuple[Ledger, list[Relation]]:
    """
    A ledger, and relations between some of its claims that can all hold.
    """
    ledger = draw(ledgers(max_records=10))
    return ledger, sorted(draw(relation_sets(ledger.claims)), key=_relation_id)


def _relation_id(relation: Relation) -> str:
    return relation.id


class TestProperties:
    @given(related_ledgers(), st.data())
    @settings(deadline=None)
    def test_store_equals_ledger(
        self, drawn: tuple[Ledger, list[Relation]], data: st.DataObject
    ) -> None:
        """
        A store holding a ledger's records and relations gives the ledger back,
        and assesses every claim as the ledger does.
        """
        ledger, relations = drawn
        whole = Ledger(ledger.held, relations=frozenset(relations))
        with (
            tempfile.TemporaryDirectory() as folder,
            Store.open(Path(folder) / "s.db", clock=_after_drawn) as store,
        ):
            store.add([*ledger, *relations])

            assert whole == store.ledger()
            assert assess_all(whole) == dict(store.assess_all())
            if whole.claims:
                claim = data.draw(st.sampled_from(whole.claims))
                assert assess(whole, claim) == store.assess(claim)
            assert () == store.verify()

    @given(related_ledgers(), st.lists(st.integers(1, 4), max_size=6))
    @settings(deadline=None)
    def test_incremental_equals_full(
        self, drawn: tuple[Ledger, list[Relation]], sizes: list[int]
    ) -> None:
        """
        After any sequence of adds, refreshed assessments equal assessing the
        whole store again.
        """
        ledger, relations = drawn
        items: list[Statement | Report | Relation] = [*ledger, *relations]
        with (
            tempfile.TemporaryDirectory() as folder,
            Store.open(Path(folder) / "s.db", clock=_after_drawn) as store,
        ):
            live = store.assessments()
            start = 0
            for size in [*sizes, len(items)]:
                store.add(items[start : start + size])
                start += size
                live.refresh()

                assert assess_all(store.ledger()) == dict(live)


class TestIncremental:
    def test_refresh_relating_quantities(self, store: Store) -> None:
        """
        Under a policy relating quantities, a refresh assesses everything.
        """
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)
        store.add([SAID])
        live = store.assessments(policy=policy)
        store.add([SHELLED])

        assert frozenset({TROOPS, SHELLS}) == live.refresh()
        assert assess_all(store.ledger(), policy=policy) == dict(live)

    def test_refresh_touches_only_reached_claims(self, store: Store) -> None:
        """
        A refresh assesses again only the claims the new entries reach.
        """
        store.add([SAID, SHELLED])
        live = store.assessments()

        assert frozenset() == live.refresh()
        store.add([DENIED])
        assert frozenset({TROOPS}) == live.refresh()
        store.add([Entails(specific=TROOPS, general=ARMS)])
        assert frozenset({TROOPS, ARMS}) == live.refresh()
        assert assess_all(store.ledger()) == dict(live)
        assert live["troops"] == live[TROOPS]
        assert 3 == len(live)
        with pytest.raises(UnknownClaimError):
            live["nothing"]
        with pytest.raises(UnknownClaimError):
            live[Claim(text="unheard of")]


class TestGuarantees:
    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE records SET text = 'x'",
            "DELETE FROM records",
            "UPDATE entries SET recorded_at = '2000'",
            "DELETE FROM entries",
            "DELETE FROM meta",
            "UPDATE claims SET key = 'x'",
            "DELETE FROM sources",
        ],
    )
    def test_append_only(self, store: Store, path: Path, sql: str) -> None:
        """
        The file itself refuses updates and deletes, whoever asks.
        """
        store.add([SAID, RELAYED])
        db = _raw(path)

        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(sql)
        db.close()
        assert 2 == len(store)

    def test_second_writer_waits_then_fails(self, store: Store, path: Path) -> None:
        """
        While one writer writes, readers read what was committed, and a second
        writer waits its timeout, then gets a StoreLockedError.
        """
        store.add([SAID])
        writer = _raw(path)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO channels VALUES ('x', 'y')")
        with Store.open(path, timeout=0.05) as other:
            assert Ledger.of([SAID]) == other.ledger()

            with pytest.raises(StoreLockedError, match="another process") as exc:
                other.add([DENIED])

            assert isinstance(exc.value, TimeoutError)
            writer.execute("ROLLBACK")
            assert (DENIED,) == other.add([DENIED])
        writer.close()

    def test_verify_intact(self, store: Store) -> None:
        """
        An untouched store verifies, relations of every kind included.
        """
        store.add(
            [
                *article(),
                Entails(specific=TROOPS, general=ARMS),
                Equivalent(claims={SHELLS, Claim(text="Shells were sent")}),
                Exclusive(key="who", claims={Claim(text="A"), Claim(text="B")}),
            ]
        )
        assert 3 == len(store.ledger().relations)

        assert () == store.verify()

    @pytest.mark.parametrize(
        ("sql", "found"),
        [
            (
                "UPDATE records SET text = replace(text, '2024-10-18', '2024-10-17')",
                "does not match its id",
            ),
            ("UPDATE sources SET text = replace(text, 'NIS', 'CIA')", "does not match"),
            ("UPDATE sources SET name = 'CIA'", "index column"),
            ("UPDATE claims SET key = 'other'", "index column"),
            ("UPDATE records SET claim = 'x'", "index columns"),
            ("UPDATE entries SET recorded_at = '2000' WHERE seq = 1", "hash chain"),
            ("DELETE FROM entries WHERE seq = 1", "hash chain"),
            ("DELETE FROM records", "does not hold"),
            ("UPDATE records SET text = '{'", "not JSON"),
            ("UPDATE claims SET text = '[]'", "cannot be rebuilt"),
            ("DELETE FROM relations", "does not hold"),
            ("DELETE FROM sources", "missing"),
            ("UPDATE sources SET text = '[]'", "cannot be rebuilt"),
            ("UPDATE records SET text = '{}'", "cannot be rebuilt"),
            ("DELETE FROM records WHERE text LIKE '%2024-09-01%'", "missing record"),
            ("UPDATE relations SET text = '{}'", "cannot be rebuilt"),
            ("UPDATE records SET key = 0", "index key"),
            ("UPDATE entries SET ref = ref + 1000", "does not hold"),
            ("UPDATE entries SET kind = 'relation' WHERE seq = 1", "hash chain"),
            ("UPDATE entries SET kind = 'other' WHERE seq = 1", "does not hold"),
            ("UPDATE entries SET ref = 1 WHERE seq = 2", "hash chain"),
            (
                "INSERT INTO claims VALUES (99, 'x', NULL, 0, '{}')",
                "reached by no record or relation",
            ),
            (
                "INSERT INTO sources (ref, id, name, text) VALUES (99, 'y', 'Y', '{}')",
                "reached by no record or claim",
            ),
            ("INSERT INTO channels VALUES ('z', '{}')", "reached by no record"),
            # The tail of the log cut off: the chain left is whole, but the
            # rows its entries held remain.
            (
                "DELETE FROM entries WHERE kind = 'relation'",
                r"held by no entry @ relations\[",
            ),
            ("DELETE FROM entries", "held by no entry and relayed by no held report"),
            (
                "UPDATE entries SET kind = 'statement' WHERE kind = 'report'",
                "entry's kind disagrees",
            ),
            ("DELETE FROM relation_claims", "claims of a relation disagree"),
            (
                "INSERT INTO relation_claims VALUES ('c', 'r')",
                "claims of a relation disagree",
            ),
            ("CREATE INDEX extra ON records (text)", "index extra added"),
            ("DROP INDEX records_by_claim", "index records_by_claim removed"),
        ],
    )
    def test_verify_finds_tampering(
        self, store: Store, path: Path, sql: str, found: str
    ) -> None:
        """
        Edits made behind the library's back are found, each named.
        """
        store.add([SAID, RELAYED, Entails(specific=TROOPS, general=ARMS)])
        db = _raw(path)
        _drop_triggers(db)
        db.execute(sql)
        _restore_triggers(db)
        db.close()

        problems = store.verify()

        assert problems
        assert all(isinstance(p, TamperedError) for p in problems)
        assert any(re.search(found, str(p)) for p in problems), problems

    def test_verify_finds_triggers_dropped(self, store: Store, path: Path) -> None:
        """
        A store whose append-only triggers were dropped can be edited by
        anyone: verify names each trigger missing.
        """
        store.add([SAID])
        db = _raw(path)
        db.execute("DROP TRIGGER records_no_update")
        db.close()

        (problem,) = store.verify()

        assert "trigger records_no_update removed" in str(problem)

    def test_tampered_records_do_not_load(self, store: Store, path: Path) -> None:
        """
        Reading a tampered record raises TamperedError, a ProvenanceError.
        """
        store.add([SAID])
        db = _raw(path)
        _drop_triggers(db)
        db.execute("UPDATE records SET text = replace(text, 'said', 'says')")
        _restore_triggers(db)
        db.close()

        with pytest.raises(TamperedError) as exc:
            store.ledger()

        assert isinstance(exc.value, ProvenanceError)
        assert 1 == str(exc.value).count(" @ ")

    def test_many_problems_are_counted(self, store: Store, path: Path) -> None:
        """
        Verify lists at most 100 problems and counts the rest.
        """
        store.add(
            [
                Statement(
                    source=NIS,
                    claim=Claim(text=f"claim {i}"),
                    stance=Stance.from_verb("said"),
                    made_on=dt.date(2024, 1, 1),
                )
                for i in range(120)
            ]
        )
        db = _raw(path)
        _drop_triggers(db)
        db.execute("UPDATE records SET text = replace(text, '2024', '2023')")
        _restore_triggers(db)
        db.close()

        problems = store.verify()

        assert 101 == len(problems)
        assert "and 20 more" in str(problems[-1])


_WRITER = """
import datetime as dt, sys
from provenance import Claim, Source, SourceKind, Stance, Statement
from provenance.store import Store
nis = Source(name="NIS", kind=SourceKind.AGENCY)
said = Stance.from_verb("said")
with Store.open(sys.argv[1]) as store:
    for batch in range(1000):
        store.add([
            Statement(source=nis, claim=Claim(text=f"claim {sys.argv[3]} {batch} {i}"),
                      stance=said, made_on=dt.date(2024, 1, 1))
            for i in range(int(sys.argv[2]))
        ])
        print(batch, flush=True)
"""


def _killed_writer(path: Path, size: int, batches: int, run: int = 0) -> None:
    """
    Run a writer adding batches of *size*, and SIGKILL it once *batches*
    have committed.
    """
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    child = subprocess.Popen(  # noqa: S603  # our own script
        [sys.executable, "-c", _WRITER, str(path), str(size), str(run)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    for _ in range(batches):
        child.stdout.readline()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert -signal.SIGKILL == child.returncode


class TestKilled:
    def test_kill_mid_add(self, path: Path) -> None:
        """
        A writer killed in the middle of an add leaves every committed batch
        intact, and the store opens and verifies cleanly.
        """
        size = 2000
        _killed_writer(path, size, batches=2)

        with Store.open(path) as store:
            held = len(store)
            assert held >= 2 * size
            assert 0 == held % size
            assert () == store.verify()
            assert (SAID,) == store.add([SAID])

    @pytest.mark.slow
    def test_kill_mid_large_add(self, path: Path) -> None:
        """
        The same with batches of 50,000 statements, killed several times.
        """
        size = 50_000
        for run in range(3):
            _killed_writer(path, size, batches=1, run=run)
        with Store.open(path) as store:
            assert 0 == len(store) % size
            assert len(store) >= 3 * size
            assert () == store.verify()
