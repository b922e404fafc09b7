"""
A ledger that lives for months: an append-only, content-addressed store in one
SQLite file (the standard library's `sqlite3`; nothing to install).

`Store.open` creates or opens a store; `Store.add` appends statements, reports
and relations, each once (by content id), in one transaction; `Store.ledger`
gives an ordinary `Ledger`, as it stood on a day (*as_of*, by when things were
said) or as the store knew it at the end of a day (*known_on*, by when they
were recorded). Look-ups by claim, source and key, `Store.assess` and
`Store.assess_all` read only the records they need.

What the store promises, and how:

- Nothing is ever changed or removed: triggers in the file refuse every
  ``UPDATE`` and ``DELETE``, whoever runs them.
- Each `Store.add` is one transaction: a process killed during one leaves
  every earlier call's records intact, and the store opens as before.
- Readers read while one writer writes (SQLite's write-ahead log); a second
  writer waits up to *timeout* seconds, then gets a `StoreLockedError`.
- Every value is kept as its canonical text, under the SHA-256 of that text,
  and every appended entry extends a hash chain, so `Store.verify` (and
  ``provenance verify STORE``) finds any edit made behind the library's back.

>>> import datetime as dt, pathlib, tempfile
>>> from provenance import Claim, Source, SourceKind, Stance, Statement
>>> nis = Source(name="NIS", kind=SourceKind.AGENCY)
>>> troops = Claim(text="North Korea sent troops", key="troops")
>>> said = Statement(source=nis, claim=troops,
...     stance=Stance.from_verb("said"), made_on=dt.date(2024, 10, 18))
>>> folder = tempfile.TemporaryDirectory()
>>> with Store.open(pathlib.Path(folder.name) / "desk.db") as store:
...     new = store.add([said])
...     again = store.add([said])
...     (len(new), len(again), len(store), store.assess("troops").words)
(1, 0, 1, 'likely')
>>> folder.cleanup()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import json
import operator
import os
import sqlite3
import stat
import urllib.parse

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any, Final, TypeVar

from provenance._chains import build_chain
from provenance._files import (
    SQLITE_FILES,
    SQLITE_HEADER,
    database_of,
    file_kind,
    followed,
    foreign_beside,
    is_database,
    names_folder,
    remove_quietly,
    staging_path,
)
from provenance._identity import (
    channel_text,
    claim_text,
    dumps_canonical,
    report_text,
    source_text,
    statement_text,
    text_id,
)
from provenance._validators import is_day, is_text, to_day, to_text
from provenance.assessment import Assessment, Assessments, assess, assess_all
from provenance.claims import Bound, Claim, Quantity, TimeSpan
from provenance.errors import (
    DepthExceededError,
    InvalidValueError,
    ProvenanceError,
    ReferenceCycleError,
    StoreError,
    StoreLockedError,
    TamperedError,
    UnknownClaimError,
    UnknownSourceError,
    UnsupportedVersionError,
    clipped,
    short_repr,
)
from provenance.ledger import (
    Ledger,
    _is_id_prefix,
    _lookup,
    _not_one,
    collector_paused,
)
from provenance.policy import DEFAULT_POLICY, Policy
from provenance.records import (
    Record,
    Report,
    Statement,
    _set_id,
    _trusted_statement,
    max_depth,
)
from provenance.relations import (
    RELATION_TYPES,
    Entails,
    Equivalent,
    Exclusive,
    Relation,
    Relations,
    relation_node,
)
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import Stance


__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "Store",
    "StoredAssessments",
    "chain_value",
    "is_store",
]

FORMAT: Final = "provenance-store"
"""
The format name a store's ``meta`` table holds.
"""

SCHEMA_VERSION: Final = 2
"""
The schema version this release writes; it reads and appends to stores of
this version and of version 1 (whose records are indexed by source alone),
and refuses a store of a newer one with
`provenance.errors.UnsupportedVersionError`.
"""

#: The first bytes of every SQLite database file.
_GENESIS: Final = "0" * 64
_DEFAULT_TIMEOUT: Final = 5.0
#: Claims whose records are loaded at once by `Store.assess_all`.
_BATCH: Final = 2000
#: Ids per ``IN (...)`` list: below SQLite's oldest limit of 999 variables.
_CHUNK: Final = 900
#: Records are indexed by source within segments of refs, 2**17 records
#: each (``ref >> 17``, as `_SCHEMA` writes it): a batch inserts into the
#: last segments' part of that index only, not all over it.
_SEGMENT_BITS: Final = 17
#: The most claims, and sources, a writing handle remembers the refs of
#: (about 200 bytes each).
_KNOWN_MOST: Final = 1 << 18
#: The page size of a new store: 16 KiB. (4 KiB, SQLite's default, took
#: a few per cent more time to append a million records; 64 KiB no less.)
_PAGE_SIZE: Final = 16384
#: What `_key` takes from an id's first 64 bits, to make them signed.
_HALF: Final = 1 << 63
_ID_DIGITS: Final = 64

_SOURCES: Final = "sources"
_CHANNELS: Final = "channels"
_CLAIMS: Final = "claims"
_RELATIONS: Final = "relations"
_RECORDS: Final = "records"
_TABLES: Final = (
    "meta",
    "sources",
    "channels",
    "claims",
    "records",
    "relations",
    "relation_claims",
    "entries",
)

_SCHEMA: Final = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources (
    ref INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX sources_by_name ON sources (name);
CREATE TABLE channels (id TEXT NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE TABLE claims (
    ref INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    key TEXT,
    quantity INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX claims_by_key ON claims (key);
CREATE TABLE records (
    ref INTEGER PRIMARY KEY,
    key INTEGER NOT NULL,
    id TEXT NOT NULL,
    claim INTEGER NOT NULL REFERENCES claims (ref),
    source INTEGER NOT NULL REFERENCES sources (ref),
    text TEXT NOT NULL
);
CREATE INDEX records_by_claim ON records (claim, key);
CREATE INDEX records_by_source ON records (ref >> 17, source);
CREATE TABLE relations (
    ref INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL
);
CREATE TABLE relation_claims (
    claim TEXT NOT NULL, relation TEXT NOT NULL, PRIMARY KEY (claim, relation)
) WITHOUT ROWID;
CREATE TABLE entries (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    chain TEXT NOT NULL
);
CREATE INDEX entries_by_ref ON entries (ref);
CREATE INDEX entries_of_relations ON entries (seq) WHERE kind = 'relation';
"""


def _schema_of(version: int) -> str:
    """
    The tables, indexes and triggers a store of schema *version* has.
    """
    schema = (
        _SCHEMA if version > 1 else _SCHEMA.replace("(ref >> 17, source)", "(source)")
    )
    return schema + _TRIGGERS


_TRIGGERS: Final = "".join(
    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, 'a provenance store is append-only'); END;\n"
    for table in _TABLES
    for verb in ("UPDATE", "DELETE")
)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _stamp(moment: dt.datetime) -> str:
    """
    A moment as the store writes it: UTC, microseconds, sortable as text.
    """
    utc = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    # isoformat, not strftime: the year has four digits before 1000 too.
    return f"{utc.isoformat(timespec='microseconds')}Z"


def _end_of(day: dt.date) -> str:
    """
    A text that sorts after every stamp of *day* (UTC) and before every
    stamp of the next day: the day followed by "U", which sorts after the
    "T" each stamp has there. No day is added, so the last day,
    9999-12-31, has an end too.
    """
    return f"{day.isoformat()}U"


def _key(content_id: str) -> int:
    """
    The index key of a record: the id's first 64 bits, as SQLite's
    signed integer. Records are indexed by their claim's ref and this key
    (one index serves the look-ups by claim and by id), 8 bytes rather than
    a 64-digit id, so that the indexes of a store of millions stay small;
    rows are found by claim and key, then compared by id.

    Raises ValueError if *content_id* is not written as an id (64
    lowercase hex digits, as the ledger's lookups read one): ``int`` alone
    would also read a sign, spaces, ``0x`` or ``_``, and a key below
    SQLite's least integer would fail the query that uses it.
    """
    if len(content_id) != _ID_DIGITS or not _is_id_prefix(content_id):
        msg = "not an id"
        raise ValueError(msg)
    return int(content_id[:16], 16) - _HALF


def chain_value(previous: str, entry_id: str, recorded_at: str) -> str:
    """
    The hash chain after an entry: SHA-256 of the previous value (64 zeros
    before the first entry), the entry's id and its ``recorded_at`` stamp.
    """
    return hashlib.sha256(f"{previous}{entry_id}{recorded_at}".encode()).hexdigest()


class Store:
    """
    An open store: a handle on a file, not a value. It is not hashable or
    comparable, holds an SQLite connection, and should be closed (use it in
    a ``with`` block, or call `close`). One handle belongs to one thread;
    open one per thread or process.

    Create or open one with `Store.open`.

    Attributes:
        path: The store's file.
    """

    __slots__ = ("_clock", "_db", "_known", "_relations", "path")
    __hash__ = None  # type: ignore[assignment]  # a handle, not a value

    path: Path

    def __init__(
        self, path: Path, db: sqlite3.Connection, clock: Callable[[], dt.datetime]
    ) -> None:
        self.path = path
        self._db = db
        self._clock = clock
        # (last seq, cut) -> the relations then known.
        self._relations: tuple[tuple[int, str], Relations] | None = None
        # What this handle has written or found, kept across its writes.
        self._known = _Known()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        timeout: float = _DEFAULT_TIMEOUT,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> Store:
        """
        Open the store at *path*, creating it (and nothing else: not its
        folder) if there is no file there; a symbolic link to no file gets
        the store at the path it points to, as ``open()`` creates a file.

        Args:
            path: The store's file.
            timeout: How many seconds a writer waits for another writer to
                finish before giving up with `StoreLockedError`.
            clock: What `add` reads ``recorded_at`` from: a function giving
                an aware `datetime.datetime` (for tests; the default is the
                system's UTC clock). An entry is stamped with the later of
                the clock's time and the last entry's ``recorded_at``, so
                that a clock set back never makes it decrease along the log.

        Raises:
            StoreError: *path* is a directory or ends in a separator (or
                a separator and ``.``, also as a symbolic link's text),
                names another store's log, index or journal (its name is
                that store's with ``-wal``, ``-shm`` or ``-journal``
                added), has a file under such a name beside it that
                SQLite did not write (another store, a document: SQLite
                would overwrite or remove it), is a pipe, FIFO, socket or device
                (refused without opening it), an empty file, a file
                that is not a provenance store (or whose schema version is
                malformed or below 1), or cannot be read or created.
            UnsupportedVersionError: The store's schema is newer than this
                release reads.
        """
        if not isinstance(path, (str, os.PathLike)):
            msg = "must be a path"
            raise InvalidValueError(msg, "Store.open.path", path)
        if not os.fspath(path):
            msg = "must be a path, not empty"
            raise InvalidValueError(msg, "Store.open.path", path)
        if not _seconds(timeout):
            msg = "must be a number of seconds from 0"
            raise InvalidValueError(msg, "Store.open.timeout", timeout)
        if not callable(clock):
            msg = "must be a function returning an aware datetime"
            raise InvalidValueError(msg, "Store.open.clock", clock)
        raw = os.fsdecode(path)
        if names_folder(raw):
            # Checked as given: pathlib drops the trailing separator, and
            # would make "desk/" the file "desk".
            ending = raw[-2:] if raw.endswith(".") else raw[-1]
            msg = f"names a folder (it ends in {ending!r}), not a file"
            raise StoreError(msg, clipped(raw, 200))
        where = Path(raw)
        shown = clipped(str(where), 200)
        _check_path(where, shown)
        database = _followed(raw, shown)
        _check_beside(raw, database, shown)
        if not _check_file(where, shown):
            # Made whole under another name, then linked into place: another
            # process opening the path sees no file or a whole store, never a
            # half-made one, and a failure here never removes its store.
            _make(database if where.is_symlink() else where, shown, float(timeout))
        try:
            # Never created here: a file removed since is not replaced by an
            # empty one (which every later open would refuse).
            db = sqlite3.connect(
                _existing(where), timeout=float(timeout), isolation_level=None, uri=True
            )
        except sqlite3.Error as exc:
            msg = f"cannot open the store: {exc}"
            raise StoreError(msg, shown) from None
        store = cls(where, db, clock)
        try:
            store._prepare()
        except BaseException:
            db.close()
            raise
        return store

    def _prepare(self) -> None:
        db = self._db
        with self._errors("open"):
            db.execute("PRAGMA busy_timeout")  # Reads the header: not a db?
            if not _has_meta(db):
                msg = "an SQLite database, but not a provenance store"
                raise StoreError(msg, self._shown)
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode != "wal":  # pragma: no cover  # a file system without locks
                msg = f"cannot use a write-ahead log (journal mode {mode})"
                raise StoreError(msg, self._shown)
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=OFF")
            # Up to 64 MiB of pages, allocated as they are read. (256 MiB
            # made no difference to appending a million records: the
            # operating system caches the file anyway.)
            db.execute("PRAGMA cache_size=-65536")
            self._check_meta()

    def _check_meta(self) -> None:
        try:
            meta = dict(self._db.execute("SELECT name, value FROM meta").fetchall())
        except sqlite3.Error:
            meta = {}
        if meta.get("format") != FORMAT:
            msg = "an SQLite database, but not a provenance store"
            raise StoreError(msg, self._shown)
        _check_version(meta.get("version"), f"{self._shown}:meta.version")

    # --- The handle ----------------------------------------------------------

    @property
    def _shown(self) -> str:
        return clipped(str(self.path), 200)

    def close(self) -> None:
        """
        Close the store (again is harmless).
        """
        self._db.close()

    def __enter__(self) -> Store:  # noqa: PYI034  # Self is 3.11+
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {str(self.path)!r}>"

    def _errors(self, action: str) -> _Translated:
        return _Translated(self, action)

    def _now(self) -> dt.datetime:
        moment: object = self._clock()
        if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
            msg = "the clock must give an aware datetime"
            raise InvalidValueError(msg, "Store.clock", moment)
        assert isinstance(moment, dt.datetime)  # noqa: S101  # for mypy
        try:
            moment.astimezone(dt.timezone.utc)
        except OverflowError:
            msg = "the clock's time is out of range in UTC"
            raise InvalidValueError(msg, "Store.clock", moment) from None
        return moment

    def _next_stamp(self) -> str:
        """
        The ``recorded_at`` of the entries being appended: the clock's time,
        or the last entry's if the clock reads earlier (it was set back), so
        that ``recorded_at`` never decreases along the log and ``known_on``
        always gives a prefix of it. Called inside the writing transaction.
        """
        now = _stamp(self._now())
        row = self._db.execute(
            "SELECT recorded_at FROM entries ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return now if row is None else max(now, str(row[0]))

    # --- Writing -------------------------------------------------------------

    def add(
        self, records: Iterable[Record | Relation]
    ) -> tuple[Record | Relation, ...]:
        """
        Append *records*: statements, reports and relations between claims
        (a `Ledger` gives its records and its relations). Each is kept once,
        by content id; what the store already holds is skipped. One call is
        one transaction: all of it is written, or (on an error, or if the
        process dies) none of it.

        Returns:
            The records and relations that were new, in the order given.

        A record made after the day it is recorded is refused: its
        ``made_on`` may be at most one day after the UTC day of its
        ``recorded_at`` (a local day runs ahead of UTC's east of Greenwich).

        Raises:
            InvalidValueError: An item is not a `Statement`, `Report` or
                relation, or a record is made more than a day after the day
                it is recorded (its path ``Store.add[i].made_on``); nothing
                is written.
            DepthExceededError: A report's chain is deeper than the limit in
                force (`provenance.records.depth_limit`): the store takes only
                what it can read back under the limit it was given it under;
                nothing is written.
            RelationError: The relations, with those the store holds, cannot
                all hold; nothing is written.
            StoreLockedError: Another writer held the store for longer than
                the timeout.
        """
        if isinstance(records, (str, bytes, Mapping)) or not isinstance(
            records, Iterable
        ):
            msg = "must be an iterable of records and relations"
            raise InvalidValueError(msg, "Store.add", records)
        if isinstance(records, Ledger):  # Its iteration holds no relations.
            records = itertools.chain(records, records.relations)
        batch = _Batch()
        with collector_paused():
            held = batch.held
            taken = batch.records
            record = batch.record
            statement = batch.statement
            given = batch.indexes.append
            limit = max_depth()
            for index, item in enumerate(records):
                kind = type(item)
                # The commonest case inlined: a statement whose id is known
                # (its depth, 0, is within any limit).
                if kind is Statement and item._id:  # type: ignore[union-attr]  # noqa: SLF001
                    key = item._id  # type: ignore[union-attr]  # noqa: SLF001
                    if key not in taken:
                        statement(item, key, item)  # type: ignore[arg-type]  # a Statement
                elif kind in _KINDS:  # A record: taken here, the common case.
                    if item.depth > limit:  # type: ignore[union-attr]  # a record
                        _readable(item, index)  # type: ignore[arg-type]  # a record
                    key = record(item)  # type: ignore[arg-type]  # a record
                else:
                    batch.take(item, index)
                    continue
                if key not in held:
                    held[key] = item
                    given(index)
            if not batch.held:
                return ()
            with self._errors("write to"):
                return self._append(batch)

    def _append(self, batch: _Batch) -> tuple[Record | Relation, ...]:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            known = self._known
            seq = db.execute("SELECT max(seq) FROM entries").fetchone()[0] or 0
            complete = known.complete(db, seq)
            # What the store holds of the batch: each value's ref, and
            # whether an entry holds it (a record may be stored only as
            # relayed by another).
            stored_claims = self._refs(_CLAIMS, batch.claims, known.claims, complete)
            stored = self._held_records(batch, stored_claims)
            stored |= self._held_relations(batch)
            new = {
                key: item
                for key, item in batch.held.items()
                if key not in stored or not stored[key][1]
            }
            if not new:
                db.execute("ROLLBACK")
                return ()
            if batch.relations:
                relations = [
                    item for item in new.values() if type(item) in RELATION_TYPES
                ]
                if relations:
                    # Checked with every relation held: never a store whose
                    # relations cannot all hold.
                    Relations(
                        self._load_relations(None, None, cached=False).relations
                        | frozenset(relations)  # type: ignore[arg-type]  # relations
                    )
            # Texts are made only for the values the store lacks.
            claims = self._numbered(_CLAIMS, batch.claims, stored_claims)
            for claim in batch.claims.values():
                for party in claim.parties:
                    batch.source(party)
            sources = self._numbered(
                _SOURCES,
                batch.sources,
                self._refs(_SOURCES, batch.sources, known.sources, complete),
            )
            db.executemany(
                "INSERT INTO sources (ref, id, name, text) VALUES (?, ?, ?, ?)",
                [
                    (sources[key], key, source.name, source_text(source))
                    for key, source in batch.sources.items()
                ],
            )
            db.executemany(
                "INSERT OR IGNORE INTO channels VALUES (?, ?)", batch.channels.items()
            )
            db.executemany(
                "INSERT INTO claims (ref, id, key, quantity, text) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        claims[key],
                        key,
                        claim.key,
                        int(claim.quantity is not None),
                        claim_text(claim),
                    )
                    for key, claim in batch.claims.items()
                ],
            )
            records = self._inserted_records(batch, stored, claims, sources)
            if batch.relations:
                relations_refs = self._numbered(
                    _RELATIONS,
                    batch.relations,
                    {key: stored[key][0] for key in batch.relations if key in stored},
                )
                records.update(relations_refs)
                db.executemany(
                    "INSERT INTO relations VALUES (?, ?, ?)",
                    (
                        (relations_refs[key], key, text)
                        for key, (text, _) in batch.relations.items()
                    ),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO relation_claims VALUES (?, ?)",
                    (
                        (claim, key)
                        for key, (_, claims_of) in batch.relations.items()
                        for claim in claims_of
                    ),
                )
            now = self._next_stamp()
            _made_by(batch, new, now)  # Refused: rolled back, nothing written.
            row = db.execute(
                "SELECT chain FROM entries ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            chain = _GENESIS if row is None else row[0]
            chains: list[str] = []
            append = chains.append
            sha256 = hashlib.sha256
            for key in new:
                # chain_value(chain, key, now), inlined.
                append(chain := sha256((chain + key + now).encode()).hexdigest())
            kinds = _KINDS.get
            db.executemany(
                "INSERT INTO entries (kind, ref, recorded_at, chain) "
                "VALUES (?, ?, ?, ?)",
                zip(
                    [kinds(type(item), "relation") for item in new.values()],
                    map(records.__getitem__, new),
                    itertools.repeat(now),
                    chains,
                    strict=False,  # repeat never ends
                ),
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        # Only once committed: the refs of a rolled-back write are nobody's.
        known.remember(claims, sources, seq + len(new) if complete else None)
        return tuple(new.values())

    def _inserted_records(
        self,
        batch: _Batch,
        stored: dict[str, tuple[int, bool]],
        claims: dict[str, int],
        sources: dict[str, int],
    ) -> dict[str, int]:
        """
        Insert the batch's records the store lacks, numbered on from the
        last ref (the table only grows at its end); the ref of each of the
        batch's records.
        """
        records = batch.records
        last = self._db.execute("SELECT max(ref) FROM records").fetchone()[0] or 0
        held = [key for key in stored if key in records]
        lacking = (
            {key: row for key, row in records.items() if key not in stored}
            if held
            else records
        )
        # Built by the interpreter's own loops (zip, map), a row a record.
        numbers = range(last + 1, last + 1 + len(lacking))
        values = lacking.values()
        self._db.executemany(
            "INSERT INTO records (ref, key, id, claim, source, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            zip(
                numbers,
                [int(key[:16], 16) - _HALF for key in lacking],  # _key(key)
                lacking,
                map(claims.__getitem__, map(_first, values)),
                map(sources.__getitem__, map(_second, values)),
                map(_text, map(_third, values)),
                strict=True,
            ),
        )
        refs = dict(zip(lacking, numbers, strict=True))
        refs.update((key, stored[key][0]) for key in held)
        return refs

    def _rows_in(self, query: str, values: list[Any]) -> Iterator[tuple[Any, ...]]:
        """
        The rows of *query*, whose ``{marks}`` stands for a list of values,
        over *values* a chunk at a time.
        """
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            yield from self._db.execute(
                query.format(marks=",".join("?" * len(chunk))), chunk
            )

    def _held_records(
        self, batch: _Batch, claims: dict[str, int]
    ) -> dict[str, tuple[int, bool]]:
        """
        The batch's records the store holds: each one's ref, and whether an
        entry holds it; found by their claim's ref (*claims*: the stored
        claims') and their index keys. A record on a claim the store lacks
        is not stored.
        """
        wanted = batch.records
        pairs = [
            value
            for key, (claim, _, _) in wanted.items()
            if claim in claims
            for value in (claims[claim], int(key[:16], 16) - _HALF)  # _key(key)
        ]
        found: dict[str, tuple[int, bool]] = {}
        step = 2 * (_CHUNK // 2)
        for start in range(0, len(pairs), step):
            chunk = pairs[start : start + step]
            marks = ",".join(["(?,?)"] * (len(chunk) // 2))
            for key, ref, held in self._db.execute(
                "SELECT r.id, r.ref, EXISTS (SELECT 1 FROM entries e "  # noqa: S608  # fixed text, marks
                "WHERE e.ref = r.ref AND e.kind <> 'relation') "
                f"FROM (VALUES {marks}) v JOIN records r "
                "ON r.claim = v.column1 AND r.key = v.column2",
                chunk,
            ):
                if key in wanted:
                    found[key] = (ref, bool(held))
        return found

    def _held_relations(self, batch: _Batch) -> dict[str, tuple[int, bool]]:
        """
        The batch's relations the store holds, as `_held_records` gives records.
        """
        return {
            key: (ref, bool(held))
            for key, ref, held in self._rows_in(
                "SELECT id, ref, EXISTS (SELECT 1 FROM entries e "
                "WHERE e.ref = r.ref AND e.kind = 'relation') "
                "FROM relations r WHERE id IN ({marks})",
                list(batch.relations),
            )
        }

    def _refs(
        self, table: str, wanted: dict[str, Any], known: dict[str, int], complete: bool
    ) -> dict[str, int]:
        """
        The ref of each id of *wanted* that *table* holds: those *known*
        (refs this handle wrote or found), and the others looked up, unless
        *known* is *complete* (holds every one of the table's ids).
        """
        found = {key: known[key] for key in wanted if key in known}
        if not complete:
            found.update(
                self._rows_in(
                    f"SELECT id, ref FROM {table} WHERE id IN ({{marks}})",  # noqa: S608  # a fixed name
                    [key for key in wanted if key not in found],
                )
            )
        return found

    def _numbered(
        self, table: str, wanted: dict[str, Any], found: dict[str, int]
    ) -> dict[str, int]:
        """
        The ref of each id of *wanted*: *found*, the stored ones', and new
        ones, numbered on from *table*'s last, for the rest. The stored ones
        are taken out of *wanted*, which is left with what to insert.
        """
        for key in found:
            del wanted[key]
        last = self._db.execute(f"SELECT max(ref) FROM {table}").fetchone()[0] or 0  # noqa: S608  # a fixed name
        found.update(zip(wanted, range(last + 1, last + 1 + len(wanted)), strict=True))
        return found

    # --- Reading -------------------------------------------------------------

    def __len__(self) -> int:
        """
        The number of records held (statements and reports added; relations
        are not counted, as a `Ledger`'s length does not count them).
        """
        with self._errors("read"):
            found: int = (
                self._db.execute("SELECT count(*) FROM entries").fetchone()[0]
                - self._db.execute(
                    "SELECT count(*) FROM entries WHERE kind = 'relation'"
                ).fetchone()[0]
            )
        return found

    @property
    def head(self) -> str:
        """
        The hash chain's value after the last entry (64 zeros when empty):
        note it somewhere else, and a later `verify` that still reaches it
        shows that nothing before it was rewritten, even wholesale.
        """
        with self._errors("read"):
            row = self._db.execute(
                "SELECT chain FROM entries ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        return _GENESIS if row is None else str(row[0])

    def ledger(
        self,
        *,
        as_of: dt.date | None = None,
        known_on: dt.date | None = None,
        claim: Claim | str | None = None,
        policy: Policy = DEFAULT_POLICY,
    ) -> Ledger:
        """
        The store's records and relations as a `Ledger`.

        Args:
            as_of: Leave out records made after this day (`Ledger.as_of`).
            known_on: Leave out what was recorded after this day (UTC): the
                ledger as the store held it at the end of that day.
            claim: Only the part of the ledger that assessing this claim (a
                `Claim`, or its key or id, or the id's unique prefix) under
                *policy* reads: the records on it and on every claim related
                to it, and every relation; the whole ledger under a policy
                that relates claims by their quantities, which may relate it
                to any claim.
            policy: The policy the claim is to be assessed under (it decides
                the part read for *claim*; without a claim it cuts nothing).

        Raises:
            UnknownClaimError: *claim* is a key or id no claim has.
            DepthExceededError: A chain of reports is deeper than the limit
                in force (written inside a larger `depth_limit`: read it
                inside one too), as `loads` refuses it.
            TamperedError: A value read was altered behind the library's
                back.
        """
        cut = self._cut(as_of, known_on, "Store.ledger")
        if not isinstance(policy, Policy):
            msg = "must be a Policy"
            raise InvalidValueError(msg, "Store.ledger.policy", policy)
        with self._errors("read"), _snapshot(self._db):
            if claim is None:
                ledger = self._ledger_of(None, cut)
            else:
                found = self._claim(claim, "Store.ledger")
                ledger = self._ledger_of(self._reaching([found], cut, policy), cut)
        return ledger if as_of is None else ledger.as_of(as_of)

    def claims(self) -> tuple[Claim, ...]:
        """
        Every claim a record is about or a relation names, in id order.
        """
        with self._errors("read"):
            loader = _Loader(self)
            return tuple(
                loader.claim(row[0])
                for row in self._db.execute("SELECT id FROM claims ORDER BY id")
            )

    def claim(self, key: Claim | str) -> Claim:
        """
        The claim with *key*, or with that content id, given whole or by a
        unique prefix of at least 8 (lowercase) digits, from the index, as
        `Ledger.claim` finds it. A `Claim` is returned as the store holds it.

        Raises:
            UnknownClaimError: No claim has that key or id, or several claims
                share the key or begin with the prefix (name one by its id
                then), or *key* is a `Claim` the store does not hold.

        .. versionchanged:: unreleased
            Takes an id's unique prefix, and a `Claim`.
        """
        with self._errors("read"):
            if isinstance(key, Claim):
                return self._claim(key.id, "Store.claim")
            return self._claim(key, "Store.claim")

    def _claim(self, key: object, path: str) -> Claim:
        if isinstance(key, Claim):
            return key
        if not is_text(key):
            msg = "must be a Claim or a claim key"
            raise InvalidValueError(msg, path, key)
        text = str.__str__(key)  # A plain str, as the ledger reads it.
        ids, by_prefix = self._named("claims", text)
        if len(ids) == 1:
            return _Loader(self).claim(ids[0])
        raise UnknownClaimError(_not_one(Claim, text, ids, by_prefix), path)

    def _named(self, table: str, text: str) -> tuple[list[str], bool]:
        """
        The ids, in order, of the values of *table* (``claims`` or
        ``sources``) that *text* names, as `Ledger.claim` reads it: its
        whole id, else every value with that key or name, else every value
        whose id begins with it (a range on the index of ids, never a scan);
        and whether it was read as a prefix.
        """
        if not _encodable(text):
            return [], False
        column = "key" if table == "claims" else "name"
        select = f"SELECT id FROM {table} WHERE "  # noqa: S608  # fixed text
        row = self._db.execute(select + "id = ?", (text,)).fetchone()
        if row is not None:  # An id names one value, whatever the names.
            return [str(row[0])], False
        rows = self._db.execute(select + f"{column} = ? ORDER BY id", (text,))
        ids = [str(found[0]) for found in rows]
        if ids or not _is_id_prefix(text):
            return ids, False
        # Ids are lowercase hex, so every id that begins with the prefix sorts
        # at or after it and before it followed by "g".
        rows = self._db.execute(
            select + "id >= :prefix AND id < :prefix || 'g' ORDER BY id",
            {"prefix": text},
        )
        return [str(found[0]) for found in rows], True

    def statements_about(
        self, claim: Claim | str, *, known_on: dt.date | None = None
    ) -> tuple[Statement, ...]:
        """
        Every statement on *claim* (a `Claim`, or its key or id, or the id's
        unique prefix), held or reached, in the order made, as
        `Ledger.statements_about` gives them.

        Raises:
            UnknownClaimError: *claim* is a key or id no claim has.
        """
        cut = self._cut(None, known_on, "Store.statements_about")
        with self._errors("read"):
            found = self._claim(claim, "Store.statements_about")
            return self._ledger_of([found.id], cut).statements_about(found)

    def by_source(
        self, source: Source | str, *, known_on: dt.date | None = None
    ) -> tuple[Record, ...]:
        """
        The records *source* (a `Source`, or its name or id, or the id's
        unique prefix) made, held or reached, in id order, as
        `Ledger.by_source` gives them.

        Raises:
            UnknownSourceError: *source* is a name or id no source has, or a
                name several sources share.
        """
        cut = self._cut(None, known_on, "Store.by_source")
        with self._errors("read"):
            key = self._source_id(source)
            # The index by source holds each segment of refs apart: probe
            # each (a store of schema version 1 has one by source alone,
            # which serves the same query).
            rows = self._db.execute(
                "WITH RECURSIVE segments (n) AS (SELECT 0 UNION ALL "  # noqa: S608  # fixed text
                "SELECT n + 1 FROM segments "
                f"WHERE n < (SELECT max(ref) FROM records) >> {_SEGMENT_BITS}) "
                "SELECT DISTINCT c.id FROM records r JOIN claims c ON c.ref = r.claim "
                f"WHERE r.ref >> {_SEGMENT_BITS} IN segments "  # the index's terms
                "AND r.source = (SELECT ref FROM sources WHERE id = ?)",
                (key,),
            ).fetchall()
            ledger = self._ledger_of([row[0] for row in rows], cut)
            if isinstance(source, Source):
                return ledger.by_source(source)
            return ledger.by_source(key) if ledger.held else ()

    def _source_id(self, source: object) -> str:
        if isinstance(source, Source):
            return source.id
        if not is_text(source):
            msg = "must be a Source or a source name"
            raise InvalidValueError(msg, "Store.by_source", source)
        text = to_text(source)  # In NFC, as every name is held.
        ids, by_prefix = self._named("sources", text)
        if len(ids) == 1:
            return ids[0]
        msg = _not_one(Source, text, ids, by_prefix)
        raise UnknownSourceError(msg, "Store.by_source")

    # --- Assessing -----------------------------------------------------------

    def assess(
        self,
        claim: Claim | str,
        *,
        policy: Policy = DEFAULT_POLICY,
        as_of: dt.date | None = None,
        known_on: dt.date | None = None,
    ) -> Assessment:
        """
        Assess *claim* (a `Claim`, or its key or id, or the id's unique
        prefix) as `assess` does on ``store.ledger(known_on=known_on)``,
        reading only the records on it and on the claims related to it.

        Raises:
            UnknownClaimError: *claim* is a key or id no claim has (in the
                store as it was at the end of *known_on*, if given; a `Claim`
                the store did not know is assessed on no evidence, as
                `assess` does).
        """
        if not isinstance(policy, Policy):
            msg = "must be a Policy"
            raise InvalidValueError(msg, "Store.assess.policy", policy)
        found = claim if isinstance(claim, Claim) else self.claim(claim)
        ledger = self.ledger(known_on=known_on, claim=found, policy=policy)
        if known_on is not None and found is not claim and found not in ledger.claims:
            # A key is looked up in what the store knew on that day, as
            # assess() looks it up in that day's ledger.
            # The day as the ledger read it, not as the caller's type prints.
            day = to_day(known_on).isoformat()
            msg = f"no claim with key or id {short_repr(claim)} known on {day}"
            raise UnknownClaimError(msg, "Store.assess")
        return assess(ledger, found, policy=policy, as_of=as_of)

    def assess_all(
        self,
        *,
        policy: Policy = DEFAULT_POLICY,
        as_of: dt.date | None = None,
        known_on: dt.date | None = None,
    ) -> Iterator[tuple[Claim, Assessment]]:
        """
        Assess every claim, a batch of claims at a time, never holding the
        whole ledger: each claim with its assessment, in claim id order,
        exactly as ``assess_all(store.ledger(known_on=known_on), ...)``
        gives them (``dict(store.assess_all())`` equals it).

        A policy that relates claims by their quantities
        (*relate_quantities*) relates any claim to any other: the ledger is
        then loaded whole.
        """
        cut = self._cut(as_of, known_on, "Store.assess_all")
        if not isinstance(policy, Policy):
            msg = "must be a Policy"
            raise InvalidValueError(msg, "Store.assess_all.policy", policy)
        # The arguments are checked now; the claims assessed as iterated.
        return self._assessed(cut, policy, as_of, known_on)

    def _assessed(
        self,
        cut: tuple[int | None, str | None],
        policy: Policy,
        as_of: dt.date | None,
        known_on: dt.date | None,
    ) -> Iterator[tuple[Claim, Assessment]]:
        if _reads_every_claim(policy):
            whole = assess_all(
                self.ledger(known_on=known_on), policy=policy, as_of=as_of
            )
            yield from whole.items()
            return
        with self._errors("read"):
            # Every batch reads as far as the last entry now, so that what a
            # writer appends meanwhile is not half seen.
            last = self._db.execute("SELECT max(seq) FROM entries").fetchone()[0]
            cut = (last or 0, cut[1])
            ids = [
                row[0] for row in self._db.execute("SELECT id FROM claims ORDER BY id")
            ]
            relations = self._load_relations(*cut)
            # One loader for every batch: sources (a few per hundred
            # records) are built once, not once per batch.
            loader = _Loader(self)
            related: dict[str, Assessment] = {}
            if relations:
                done: set[Claim] = set()
                for claim in relations.claims:
                    if claim in done:
                        continue
                    component = relations.component(claim)
                    done |= component
                    ledger = self._ledger_of([c.id for c in component], cut)
                    found = Assessments(ledger, policy=policy, as_of=as_of)
                    # Its ledger names every related claim; only the
                    # component's have their records in it.
                    related.update(
                        (c.id, a) for c, a in found.items() if c in component
                    )
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            plain = [key for key in batch if key not in related]
            with self._errors("read"):
                found = Assessments(
                    self._ledger_of(plain, cut, relations=False, loader=loader),
                    policy=policy,
                    as_of=as_of,
                )
            by_id = {
                claim.id: (claim, assessment) for claim, assessment in found.items()
            }
            for key in batch:
                if key in related:
                    assessment = related[key]
                    yield assessment.claim, assessment
                elif key in by_id:
                    yield by_id[key]

    def assessments(
        self, *, policy: Policy = DEFAULT_POLICY, as_of: dt.date | None = None
    ) -> StoredAssessments:
        """
        Every claim assessed, kept up to date as the store grows: after
        `add`, `StoredAssessments.refresh` assesses again only the claims the
        new records and relations reach.
        """
        return StoredAssessments(self, policy=policy, as_of=as_of)

    # --- Loading -------------------------------------------------------------

    def _cut(
        self, as_of: object, known_on: object, path: str
    ) -> tuple[int | None, str | None]:
        """
        The last entry to read (``None``: all) and the first stamp not to.
        """
        if as_of is not None and not is_day(as_of):
            msg = "must be a datetime.date or None"
            raise InvalidValueError(msg, f"{path}.as_of", as_of)
        if known_on is not None and not is_day(known_on):
            msg = "must be a datetime.date or None"
            raise InvalidValueError(msg, f"{path}.known_on", known_on)
        # A plain date: no subclass writes the SQL text the cut compares with.
        return None, None if known_on is None else _end_of(to_day(known_on))

    def _reaching(
        self,
        claims: Iterable[Claim],
        cut: tuple[int | None, str | None],
        policy: Policy,
    ) -> list[str] | None:
        """
        The ids of the claims whose records assessing *claims* under *policy*
        reads: theirs and every related claim's; ``None`` for every claim's.
        """
        if _reads_every_claim(policy):
            return None
        relations = self._load_relations(*cut)
        found: set[Claim] = set()
        for claim in claims:
            if claim in relations.claims:
                found |= relations.component(claim)
            else:
                found.add(claim)
        return sorted(c.id for c in found)

    def _load_relations(
        self, seq: int | None, before: str | None, *, cached: bool = True
    ) -> Relations:
        last = self._db.execute("SELECT max(seq) FROM entries").fetchone()[0] or 0
        key = (last if seq is None else seq, before or "")
        if cached and self._relations is not None and self._relations[0] == key:
            return self._relations[1]
        loader = _Loader(self)
        rows = self._db.execute(
            "SELECT r.id, r.text FROM entries e JOIN relations r ON r.ref = e.ref "
            "WHERE e.kind = 'relation' AND e.seq <= ? AND e.recorded_at < ?",
            (key[0], before or "~"),
        ).fetchall()
        relations = Relations(
            frozenset(loader.relation(key, text) for key, text in rows)
        )
        self._relations = (key, relations)
        return relations

    def _ledger_of(
        self,
        claims: list[str] | None,
        cut: tuple[int | None, str | None],
        *,
        relations: bool = True,
        loader: _Loader | None = None,
    ) -> Ledger:
        """
        The ledger of the entries on *claims* (``None``: on every claim),
        and every relation unless told not to, as far as *cut*; *loader*,
        if given, keeps the sources, channels and stances it built for the
        next call (its claims and records are per call).
        """
        seq, before = cut
        bounds = (seq if seq is not None else 1 << 62, before or "~")
        if loader is None:
            loader = _Loader(self)
        else:
            loader.claims = {}
        held: list[Record] = []
        select = (
            "SELECT r.id, r.text, e.seq IS NOT NULL AND "
            "e.seq <= ? AND e.recorded_at < ? "
            "FROM records r LEFT JOIN entries e "
            "ON e.ref = r.ref AND e.kind <> 'relation'"
        )
        if claims is None:
            chunks: Iterable[list[str] | None] = [None]
        else:
            chunks = (claims[i : i + _CHUNK] for i in range(0, len(claims), _CHUNK))
        with collector_paused():
            for chunk in chunks:
                if chunk is None:
                    rows = self._db.execute(select, bounds).fetchall()
                else:
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"{select} WHERE r.claim IN "  # noqa: S608  # fixed text, marks
                        f"(SELECT ref FROM claims WHERE id IN ({marks}))",
                        (*bounds, *chunk),
                    ).fetchall()
                loader.rows = {key: text for key, text, _ in rows}
                held.extend(loader.record(key) for key, _, keep in rows if keep)
                loader.rows = {}
                loader.records = {}
            found = self._load_relations(*cut).relations if relations else frozenset()
            return Ledger(frozenset(held), relations=found)

    # --- Checking ------------------------------------------------------------

    def verify(self) -> tuple[TamperedError, ...]:
        """
        Check the whole store: every value's text must hash to its id and be
        the canonical text of the value it describes, every index column
        must agree with the text, every entry must name a value the store
        holds, of its kind, every record and relation must be held by an
        entry or relayed by a held report, every other value must be reached
        from a record or relation, the hash chain must run unbroken from the
        first entry, ``recorded_at`` must never decrease along it, and the
        tables, indexes and triggers (those that refuse updates and deletes)
        must be the schema's own. The store is read as of one moment, so
        another process adding to it meanwhile is not taken for an edit.
        Not covered: the ``meta`` table's ``created_at``; and entries cut
        off the end of the log whose rows all remain explained (a record
        added as held that a held report also relays, which the store would
        hold without an entry): the chain left is whole, so only a `head`
        noted earlier shows that cut.

        Returns:
            The problems found, each once, in table order and then row order
            (at most 100); ``()`` when the store is intact.

        Raises:
            DepthExceededError: A chain of reports is deeper than the limit
                in force: too deep to read here, which is not tampering.
        """
        with self._errors("read"), _snapshot(self._db):
            return tuple(_verify(self))


@contextlib.contextmanager
def _snapshot(db: sqlite3.Connection) -> Iterator[None]:
    """
    Every read inside sees the store as of the first one (a read
    transaction: in WAL mode a writer never waits for it), so that reads in
    several statements see one state; inside a transaction already, that
    one's.
    """
    if db.in_transaction:
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        if db.in_transaction:
            db.execute("COMMIT")


class _Translated:
    """
    A ``with`` block that turns SQLite's errors into a `StoreError` naming
    the store, and a lock held too long into a `StoreLockedError`.
    """

    def __init__(self, store: Store, action: str) -> None:
        self.store = store
        self.action = action

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _: object
    ) -> None:
        if exc is None or not isinstance(exc, sqlite3.Error):
            return
        text = str(exc)
        if isinstance(exc, sqlite3.ProgrammingError) and "closed" in text:
            msg = "the store is closed"
            raise StoreError(msg, self.store._shown) from None  # noqa: SLF001
        if "locked" in text or "busy" in text:
            msg = "another process is writing to the store; try again later"
            raise StoreLockedError(msg, self.store._shown) from None  # noqa: SLF001
        msg = f"cannot {self.action} the store: {text}"
        raise StoreError(msg, self.store._shown) from None  # noqa: SLF001


def _has_meta(db: sqlite3.Connection) -> bool:
    found = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()[0]
    return bool(found)


def _make(where: Path, shown: str, timeout: float) -> None:
    """
    Create a store at *where* unless a file appears there meanwhile: the
    schema is written to a new file beside it, which is then linked to
    *where* (refused if *where* exists: then another process made its store
    first, and that one is opened). Only the new file (created exclusively,
    so it is nobody else's) and SQLite's files beside it are ever removed,
    and a failure to remove them is not an error.
    """
    most = _longest_name(where.parent)
    if most is not None and len(os.fsencode(where.name)) > most:
        # Else a store would be made that no one could open.
        msg = (
            f"cannot create the store: its file name is longer than {most} "
            "bytes (the longest SQLite can add '-wal' to here)"
        )
        raise StoreError(msg, shown)
    new = staging_path(where)
    try:
        # Exclusively, so that the files removed below are this call's
        # (with the permissions SQLite gives a file it creates).
        os.close(os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except OSError as exc:
        msg = f"cannot create the store: {exc.strerror or exc}"
        raise StoreError(msg, shown) from None
    try:
        try:
            db = sqlite3.connect(str(new), timeout=timeout, isolation_level=None)
            try:
                # Set before the first write, then fixed for the file's life:
                # a quarter as many pages, and index and log entries, as the
                # default of 4 KiB for the same rows.
                db.execute(f"PRAGMA page_size={_PAGE_SIZE}")
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("BEGIN IMMEDIATE")
                for statement in (_SCHEMA + _TRIGGERS).split(";\n"):
                    if statement.strip():
                        db.execute(statement)
                db.executemany(
                    "INSERT INTO meta (name, value) VALUES (?, ?)",
                    [
                        ("format", FORMAT),
                        ("version", str(SCHEMA_VERSION)),
                        ("created_at", _stamp(_utc_now())),
                    ],
                )
                db.execute("COMMIT")
            finally:
                db.close()  # The last connection: the log is folded in.
            _link(new, where)
        except sqlite3.Error as exc:
            msg = f"cannot create the store: {exc}"
            raise StoreError(msg, shown) from None
        except OSError as exc:
            msg = f"cannot create the store: {exc.strerror or exc}"
            raise StoreError(msg, shown) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            remove_quietly(Path(f"{new}{suffix}"))


def _longest_name(folder: Path) -> int | None:
    """
    The longest name a store can have in *folder*: SQLite opens its log
    and index beside it, under its name and ``-wal`` or ``-shm``; ``None``
    if the system does not say.
    """
    try:
        most = os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # No pathconf, or no folder.
        return None
    return most - len("-wal") if most > 0 else None


def _link(new: Path, where: Path) -> None:
    """
    Put the store made at *new* in place at *where*, unless a file is there.
    """
    try:
        os.link(new, where)
    except FileExistsError:
        return  # Another process's store came first: it is the one opened.
    except OSError:  # pragma: no cover  # a file system without hard links
        # Created exclusively, then filled: only a reader in that instant
        # could find it incomplete (and would be refused, not harm it).
        try:
            handle = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            return
        with os.fdopen(handle, "wb") as out:
            out.write(new.read_bytes())
            out.flush()
            os.fsync(out.fileno())


def _check_version(version: object, path: str) -> None:
    """
    Refuse a schema version this release does not read: a well-formed one
    (digits, no leading zero) above `SCHEMA_VERSION` is newer; anything else
    (malformed, missing, or below 1) is no valid store's.
    """
    if (
        isinstance(version, str)
        and version.isascii()
        and version.isdigit()
        and not version.startswith("0")
    ):
        if int(version) > SCHEMA_VERSION:
            msg = (
                f"store schema version {short_repr(version)} is newer than "
                f"this release reads ({SCHEMA_VERSION}); upgrade provenance"
            )
            raise UnsupportedVersionError(msg, path)
        return
    msg = f"not a valid provenance store (schema version {short_repr(version)})"
    raise StoreError(msg, path)


def _seconds(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 0 <= value < 1e6  # noqa: PLR2004
    )


def _check_file(where: Path, shown: str) -> bool:
    """
    Whether there is a store file at *where*; refuse what cannot be one.
    """
    _check_path(where, shown)
    try:
        try:
            mode = where.stat().st_mode  # Through symbolic links.
        except (FileNotFoundError, NotADirectoryError):
            return False  # Then a file can be made there, or is refused then.
        # Only a regular file is opened to read its header: opening a FIFO
        # waits for a writer, and reading a pipe or a device consumes it.
        if stat.S_ISREG(mode):
            with where.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        msg = f"cannot read the store: {exc.strerror or exc}"
        raise StoreError(msg, shown) from None
    if stat.S_ISDIR(mode):
        msg = "is a directory, not a provenance store"
        raise StoreError(msg, shown)
    if not stat.S_ISREG(mode):
        msg = f"{file_kind(mode)}, not a provenance store"
        raise StoreError(msg, shown)
    if not header:
        msg = "an empty file, not a provenance store"
        raise StoreError(msg, shown)
    if header != SQLITE_HEADER:
        msg = "not a provenance store (not an SQLite database)"
        raise StoreError(msg, shown)
    return True


def _followed(raw: str, shown: str) -> Path:
    """
    The absolute path of the store's file at *raw*, its symbolic links
    followed (to no file, perhaps): where SQLite opens it and keeps its log,
    index and journal, and where a store made for *raw* appears, as
    ``open()`` and SQLite create it.
    """
    try:
        return followed(raw)
    except IsADirectoryError:
        msg = "names a folder (a symbolic link to a name ending in '/'), not a file"
        raise StoreError(msg, shown) from None
    except OSError:  # ELOOP, the only other error followed() raises.
        msg = "cannot open the store: the path is a loop of symbolic links"
        raise StoreError(msg, shown) from None


def _check_beside(raw: str, database: Path, shown: str) -> None:
    """
    Refuse a store that SQLite would confuse with another: one named as
    another's log, index or journal (*raw* as given, or *database*, its
    links followed), or one beside which a file under such a name is not
    SQLite's (then SQLite would overwrite or remove it). A log left by a
    writer that stopped is SQLite's, and is kept.
    """
    for name in dict.fromkeys((raw, str(database))):
        base = database_of(name)
        if base is not None:
            msg = (
                f"names a file of the store {clipped(base, 200)!r} (its log, "
                "index or journal), not a store"
            )
            raise StoreError(msg, shown)
    foreign = foreign_beside(database)
    if foreign is not None:
        suffix = next(s for s in SQLITE_FILES if foreign.name.endswith(s))
        msg = (
            f"refusing to open: the file {clipped(foreign.name, 200)!r} beside "
            f"it is not its {_SIBLING_KINDS[suffix]} (SQLite would overwrite it)"
        )
        raise StoreError(msg, shown)


_SIBLING_KINDS: Final = {"-wal": "log", "-shm": "log's index", "-journal": "journal"}


def _existing(where: Path) -> str:
    """
    An SQLite URI opening the file at *where* to read and write (or only
    read, if it is write-protected), never creating it.
    """
    text = urllib.parse.quote(os.fsencode(where))
    # An absolute path gets an empty authority, so "//x" is not a host's.
    return f"file://{text}?mode=rw" if text.startswith("/") else f"file:{text}?mode=rw"


def _check_path(where: Path, shown: str) -> None:
    """
    Refuse a path no file can have (the operating system's ``ValueError``).
    """
    if "\x00" in str(where):
        msg = "cannot open the store: the path holds a null character"
        raise StoreError(msg, shown)
    try:
        os.fsencode(where)
    except UnicodeEncodeError:
        msg = "cannot open the store: the path cannot be encoded for the file system"
        raise StoreError(msg, shown) from None


def _encodable(text: object) -> bool:
    """
    Whether *text* can be held in a store (UTF-8: no lone surrogate, as
    bytes that are not UTF-8 arrive in a command's arguments); what cannot
    be held is never found.
    """
    try:
        str(text).encode()
    except UnicodeEncodeError:
        return False
    return True


def is_store(path: str | os.PathLike[str]) -> bool:
    """
    Whether *path* is a regular file that starts as an SQLite database does
    (a store, or some other database; `Store.open` tells them apart). A pipe,
    a FIFO or a device is never a store, and is not opened to find out.
    """
    return is_database(path)


_KINDS: Final[dict[type, str]] = {Statement: "statement", Report: "report"}
_first: Final = operator.itemgetter(0)
_second: Final = operator.itemgetter(1)
_third: Final = operator.itemgetter(2)
_made_on: Final = operator.attrgetter("made_on")


def _text(value: str | Record) -> str:
    """
    A record's canonical text, as `_Batch` holds it: made already, or made
    now from the record.
    """
    if type(value) is str:
        return value
    if type(value) is Statement:
        return statement_text(value)
    return report_text(value)  # type: ignore[arg-type]  # a Report


class _Batch:
    """
    What one `Store.add` writes, as rows, each value once, keyed by id.
    """

    def __init__(self) -> None:
        self.held: dict[str, Record | Relation] = {}
        self.sources: dict[str, Source] = {}
        self.channels: dict[str, str] = {}
        self.claims: dict[str, Claim] = {}
        # By id: the ids of the record's claim and source, and its canonical
        # text, or the record itself while its text is still to be made
        # (made only if the store lacks it).
        self.records: dict[str, tuple[str, str, str | Record]] = {}
        self.relations: dict[str, tuple[str, list[str]]] = {}
        # The index in the call's items of each value of *held*, in order.
        self.indexes: list[int] = []

    def take(self, item: object, index: int) -> None:
        kind = type(item)
        if kind in (Statement, Report):
            _readable(item, index)  # type: ignore[arg-type]  # a record
            self._hold(self.record(item), item, index)  # type: ignore[arg-type]  # a record
        elif kind in RELATION_TYPES:
            relation: Relation = item  # type: ignore[assignment]
            key = relation.id
            if key not in self.relations:
                claims = sorted(relation.claims, key=_claim_id)
                for claim in claims:
                    self.claim(claim)
                self.relations[key] = (
                    dumps_canonical(relation_node(relation)),
                    [claim.id for claim in claims],
                )
            self._hold(key, relation, index)
        else:
            msg = "must be a Statement, Report, Entails, Equivalent or Exclusive"
            raise InvalidValueError(msg, f"Store.add[{index}]", item)

    def _hold(self, key: str, item: Record | Relation, index: int) -> None:
        if key not in self.held:
            self.held[key] = item
            self.indexes.append(index)

    def record(self, record: Record) -> str:
        """
        Take *record*, and the chain it relays; its id.
        """
        # A record's id is the hash of its canonical text: when it is cached
        # already, the text is made later, only for a record the store
        # lacks; when it is not, the text is made once, for both (innermost
        # first, as each report's text names its content's id).
        made = None if record._id else _made_ids(record)  # noqa: SLF001  # _id_known
        first = ""
        node: Record = record
        records = self.records
        while True:
            key = node.id
            if type(node) is Statement:
                if key not in records:
                    self.statement(node, key, made.get(key, node) if made else node)
                return first or key
            report: Report = node  # type: ignore[assignment]  # not a Statement
            first = first or key
            if key in records:
                return first
            self.channel(report.channel)
            records[key] = (
                report.origin.claim.id,
                self.source(report.reporter),
                made.get(key, report) if made else report,
            )
            node = report.content

    def statement(self, statement: Statement, key: str, text: str | Record) -> None:
        """
        Take *statement*, whose id is *key*, with its canonical *text* (or
        itself, when its text is still to be made).
        """
        claim = statement.claim
        claim_key = claim.id
        claims = self.claims
        if claim_key not in claims:
            claims[claim_key] = claim
        channel = statement.channel
        if channel is not None and channel.id not in self.channels:
            self.channel(channel)
        source = statement.source
        source_key = source.id
        if source_key not in self.sources:
            self.source(source)
        self.records[key] = (claim_key, source_key, text)

    def source(self, source: Source) -> str:
        """
        Take *source*, and those it is affiliated with; its id.
        """
        key = source.id
        node: Source | None = source
        while node is not None and node.id not in self.sources:
            self.sources[node.id] = node
            node = node.affiliation
        return key

    def channel(self, channel: Channel | None) -> str | None:
        if channel is None:
            return None
        key = channel.id
        if key not in self.channels:
            self.channels[key] = channel_text(channel)
        return key

    def claim(self, claim: Claim) -> str:
        """
        Take *claim* (its parties are taken if the store lacks it); its id.
        """
        key = claim.id
        self.claims.setdefault(key, claim)
        return key


class _Known:
    """
    The refs of the claims and sources a writing handle wrote or found, so
    that its next writes need not look them up again: a row, once
    committed, is never changed, so its ref stays right. Each table's
    memory is bounded: it is forgotten when it grows past `_KNOWN_MOST`.

    It may also know that it holds every claim and source of the store: when
    the handle first wrote to an empty store, and no other write came
    between (each write appends entries, so the last entry's seq tells).
    Then the ids it lacks are not looked up at all.
    """

    __slots__ = ("claims", "sources", "whole_at")

    def __init__(self) -> None:
        self.claims: dict[str, int] = {}
        self.sources: dict[str, int] = {}
        # The last entry's seq when the memory last held the whole store.
        self.whole_at: int | None = None

    def complete(self, db: sqlite3.Connection, seq: int) -> bool:
        """
        Whether the memory holds every claim and source of the store, whose
        last entry is *seq*; called inside the writing transaction.
        """
        if self.whole_at == seq:
            return True
        if (
            seq == 0
            and db.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM claims) "
                "AND NOT EXISTS (SELECT 1 FROM sources)"
            ).fetchone()[0]
        ):
            self.claims.clear()  # A new store (refs count from 1 again).
            self.sources.clear()
            return True
        return False

    def remember(
        self, claims: dict[str, int], sources: dict[str, int], whole_at: int | None
    ) -> None:
        """
        Take the refs of a committed write, which left the store's last
        entry at *whole_at* if the memory then held the whole store.
        """
        self.whole_at = whole_at
        for memory, refs in ((self.claims, claims), (self.sources, sources)):
            if len(memory) + len(refs) > _KNOWN_MOST:
                memory.clear()
                self.whole_at = None
            memory.update(refs)


#: How much later than the day it is recorded (UTC) a record may be made:
#: ``made_on`` is a local day, a day ahead of UTC's east of Greenwich.
_MADE_AHEAD: Final = dt.timedelta(days=1)


def _made_by(batch: _Batch, new: Mapping[str, Any], stamp: str) -> None:
    """
    Refuse the batch if a record it appends (*new*) was made after the day
    it is recorded (*stamp*, UTC), a day's slack allowed: no source spoke
    after the desk wrote its word down (a mistyped year, 2062 for 2026),
    and such a word would supersede the source's real later ones and count
    under ``known_on`` before it was made. A report's content is never
    made after it, so the records given are all there is to check.
    """
    day = dt.date.fromisoformat(stamp[:10])
    if day == dt.date.max:  # No day comes after it.
        return
    latest = day + _MADE_AHEAD
    # The latest day first (at C speed), each record only if it is too late.
    records = (
        [item for item in new.values() if type(item) in _KINDS]
        if batch.relations
        else new.values()
    )
    if not records or max(map(_made_on, records)) <= latest:
        return
    for position, (key, item) in enumerate(batch.held.items()):
        if key in new and isinstance(item, (Statement, Report)):
            made = item.made_on
            if made > latest:
                msg = (
                    f"a {_KINDS[type(item)]} made after the day it is recorded, "
                    f"{day.isoformat()} (UTC; made_on, a local day, may be at "
                    "most a day later)"
                )
                path = f"Store.add[{batch.indexes[position]}].made_on"
                raise InvalidValueError(msg, path, made)


def _reads_every_claim(policy: Policy) -> bool:
    """
    Whether assessing one claim under *policy* may read the records on any
    claim, not only those on the claims the held relations connect it to.
    A policy that relates claims by their quantities does: a figure is
    related to every other of its subject and unit, whoever worded it. No
    other field reaches past those records (a track record is made
    beforehand, from its own ledger). Every part of the store that reads
    less than the whole ledger for a claim asks this.
    """
    return policy.relate_quantities


def _readable(record: Record, index: int) -> None:
    """
    Refuse a chain deeper than the depth limit in force: built inside a
    larger `depth_limit`, it could not be read back outside it, and the store
    takes only what it can give back under the limit it was given it under.
    """
    if record.depth > (limit := max_depth()):
        msg = "chain of reports too deep"
        raise DepthExceededError(msg, f"Store.add[{index}]", limit)


def _id_known(record: Record) -> bool:
    """
    Whether *record*'s id is cached already.
    """
    return bool(record._id)  # noqa: SLF001


def _made_ids(record: Record) -> dict[str, str]:
    """
    Compute and cache the ids *record*'s chain lacks, innermost first, as
    the records themselves would; the texts made, by id.
    """
    pending: list[Record] = []
    node: Record = record
    while not _id_known(node):
        pending.append(node)
        if type(node) is Statement:
            break
        node = node.content  # type: ignore[union-attr]  # a Report
    made = {}
    for node in reversed(pending):
        text = (
            statement_text(node) if type(node) is Statement else report_text(node)  # type: ignore[arg-type]  # a Report
        )
        key = text_id(text)
        _set_id(node, key)
        made[key] = text
    return made


def _claim_id(claim: Claim) -> str:
    return claim.id


class _Loader:
    """
    Builds values from a store's texts, each once, checking as it goes that
    every text hashes to its id and is the canonical text of what it builds.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store._db  # noqa: SLF001
        self.sources: dict[str, Source] = {}
        self.channels: dict[str, Channel] = {}
        self.claims: dict[str, Claim] = {}
        self.stances: dict[str, Stance] = {}
        self.days: dict[str, dt.date] = {}
        self.records: dict[str, Record] = {}
        # Rows fetched in bulk: id -> (content id, text).
        self.rows: dict[str, str] = {}
        # The claim ref of the records being built, when known.
        self.claim_ref: int | None = None

    def _text(self, table: str, key: str, path: str) -> str:
        # An id read from a stored text that is not a str (the text edited)
        # names no row; an int beyond SQLite's would fail the query.
        row = (
            self.db.execute(
                f"SELECT text FROM {table} WHERE id = ?",  # noqa: S608  # a fixed name
                (key,),
            ).fetchone()
            if type(key) is str
            else None
        )
        if row is None:
            msg = f"refers to a missing {table[:-1]}"
            raise TamperedError(msg, path, key)
        return str(row[0])

    def _parse(self, text: str, table: str, key: str) -> Any:
        try:
            return json.loads(text)
        except ValueError:
            msg = "not JSON"
            raise TamperedError(msg, f"{table}[{key[:12]}]", text) from None

    def _checked(self, text: str, built_text: str, table: str, key: str) -> None:
        if built_text != text or text_id(text) != key:
            msg = "text does not match its id or is not canonical"
            raise TamperedError(msg, f"{table}[{key[:12]}]", text)

    def source(self, key: str) -> Source:
        found = self.sources.get(key)
        if found is not None:
            return found
        # Affiliations first, without recursion: a tampered store may hold a
        # cycle of them.
        pending: dict[str, tuple[str, Any]] = {}
        return _stored_chain(
            key,
            self.sources,
            lambda ref: self._affiliation(ref, pending),
            lambda ref: self._built_source(ref, *pending.pop(ref)),
            path=_at(_SOURCES),
            cycle="affiliations form a cycle",
        )

    def _affiliation(self, key: str, pending: dict[str, tuple[str, Any]]) -> str | None:
        """
        The id of the affiliation of the source *key*, read (and kept in
        *pending*) for `_built_source`.
        """
        text = self._text("sources", key, "sources")
        raw = self._parse(text, "sources", key)
        pending[key] = (text, raw)
        try:
            affiliation = raw["affiliation"]
            if affiliation is not None and not isinstance(affiliation, str):
                raise TypeError  # noqa: TRY301  # reported as the others
        except (LookupError, TypeError) as exc:
            raise _damaged(_SOURCES, key, text, exc) from None
        return affiliation

    def _built_source(self, key: str, text: str, raw: Any) -> Source:
        try:
            affiliation = raw["affiliation"]
            built = Source(
                name=raw["name"],
                kind=SourceKind(raw["kind"]),
                role=raw["role"],
                affiliation=None if affiliation is None else self.sources[affiliation],
            )
        except (
            ProvenanceError,
            LookupError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:
            raise _damaged(_SOURCES, key, text, exc) from None
        self._checked(text, source_text(built), "sources", key)
        return built

    def channel(self, key: str | None) -> Channel | None:
        if key is None:
            return None
        found = self.channels.get(key)
        if found is not None:
            return found
        text = self._text("channels", key, "channels")
        raw = self._parse(text, "channels", key)
        try:
            built = Channel(
                kind=ChannelKind(raw["kind"]),
                name=raw["name"],
                audience=raw["audience"],
                public=raw["public"],
            )
        except (
            ProvenanceError,
            LookupError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:
            raise _damaged(_CHANNELS, key, text, exc) from None
        self._checked(text, channel_text(built), "channels", key)
        self.channels[key] = built
        return built

    def claim(self, key: str) -> Claim:
        found = self.claims.get(key)
        if found is not None:
            return found
        text = self._text("claims", key, "claims")
        raw = self._parse(text, "claims", key)
        try:
            amount = raw["quantity"]
            quantity = None
            if amount is not None:
                quantity = Quantity(
                    value=amount["value"],
                    unit=amount["unit"],
                    bound=Bound(amount["bound"]),
                    subject=amount.get("subject"),
                )
            occurred = raw["occurred"]
            built = Claim(
                text=raw["text"],
                about=[self.source(party) for party in raw["about"]],
                favours=[self.source(party) for party in raw.get("favours", ())],
                occurred=None if occurred is None else TimeSpan.parse(occurred),
                quantity=quantity,
                key=raw["key"],
            )
        except (
            ProvenanceError,
            LookupError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:
            raise _damaged(_CLAIMS, key, text, exc) from None
        self._checked(text, claim_text(built), "claims", key)
        self.claims[key] = built
        return built

    def relation(self, key: str, text: str) -> Relation:
        raw = self._parse(text, "relations", key)
        try:
            kind = raw["type"]
            built: Relation
            if kind == "entails":
                built = Entails(
                    specific=self.claim(raw["specific"]),
                    general=self.claim(raw["general"]),
                )
            elif kind == "equivalent":
                built = Equivalent(claims=[self.claim(c) for c in raw["claims"]])
            else:
                built = Exclusive(
                    key=raw["key"],
                    claims=[self.claim(c) for c in raw["claims"]],
                    exhaustive=raw["exhaustive"],
                )
        except TamperedError:
            raise
        except (
            ProvenanceError,
            LookupError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:
            raise _damaged(_RELATIONS, key, text, exc) from None
        self._checked(text, dumps_canonical(relation_node(built)), "relations", key)
        return built

    def stance(self, raw: dict[str, Any]) -> Stance:
        marker = f"{raw['value']}|{raw['act']}|{raw['retraction']}|{raw.get('hearsay')}"
        found = self.stances.get(marker)
        if found is None:
            found = Stance.of(
                raw["value"],
                raw["act"],
                retraction=raw["retraction"],
                hearsay=raw.get("hearsay", False),
            )
            self.stances[marker] = found
        return found

    def day(self, text: str) -> dt.date:
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = dt.date.fromisoformat(text)
        return found

    def record(self, key: str) -> Record:
        found = self.records.get(key)
        if found is not None:
            return found
        # The chain of reports down to a built record or a statement first,
        # then each one built, innermost first: without recursion (a chain
        # may be as deep as `depth_limit` allows), refusing a cycle (only a
        # tampered store holds one) and, as `loads` does, a chain deeper
        # than the limit in force.
        text = self.rows.get(key)
        if text is None:
            text = self._record_text(key)
        raw = self._parse(text, "records", key)
        pending: dict[str, tuple[str, Any]] = {key: (text, raw)}
        if type(raw) is dict:
            # The common cases first: a statement, a report on a built
            # record, a report on a statement fetched with it.
            content = raw.get("content")
            if raw.get("type") != "statement" and type(content) is str:
                inner = self.rows.get(content)
                if content not in self.records and inner is not None:
                    relayed = self._parse(inner, "records", content)
                    pending[content] = (inner, relayed)
                    if type(relayed) is dict and relayed.get("type") == "statement":
                        self.records[content] = self._built_record(
                            content, *pending.pop(content)
                        )
            if raw.get("type") == "statement" or (
                type(content) is str and content in self.records
            ):
                built = self.records[key] = self._built_record(key, text, raw)
                return built
        return _stored_chain(
            key,
            self.records,
            lambda ref: self._content(ref, pending),
            lambda ref: self._built_record(ref, *pending.pop(ref)),
            path=_at(_RECORDS),
            cycle="reports relay each other in a cycle",
            limit=max_depth(),
            too_deep="chain of reports too deep",
        )

    def _record_text(self, key: str) -> str:
        text = self.rows.get(key)
        if text is not None:
            return text
        try:
            number = _key(key)
        except ValueError:  # Not an id (a stored text edited): no row has it.
            number = None
        # By the index on (claim, key) when the claim is known: the
        # records of a chain are all on its original statement's claim.
        fetched = (
            None
            if number is None
            else self.db.execute(
                "SELECT text FROM records WHERE claim = ? AND key = ? AND id = ?"
                if self.claim_ref is not None
                else "SELECT text FROM records WHERE key = ? AND id = ?",
                (number, key)
                if self.claim_ref is None
                else (self.claim_ref, number, key),
            ).fetchone()
        )
        if fetched is None:
            msg = "refers to a missing record"
            raise TamperedError(msg, "records", key)
        return str(fetched[0])

    def _content(self, key: str, pending: dict[str, tuple[str, Any]]) -> str | None:
        """
        The id of what the record *key* relays (``None`` for a statement),
        its text read (and kept in *pending*) for `_built_record`.
        """
        if key in pending:  # Read already, by `record`.
            text, raw = pending[key]
        else:
            text = self._record_text(key)
            raw = self._parse(text, "records", key)
            pending[key] = (text, raw)
        try:
            if not isinstance(raw, dict):
                raise TypeError  # noqa: TRY301  # as a source's or claim's
            if raw["type"] == "statement":
                return None
            content = raw["content"]
            if not isinstance(content, str):
                raise TypeError  # noqa: TRY301  # reported as the others
        except (LookupError, TypeError) as exc:
            raise _damaged(_RECORDS, key, text, exc) from None
        return content

    def _built_record(self, key: str, text: str, raw: Any) -> Record:
        built: Record
        try:
            made_at = raw.get("made_at")
            when = None if made_at is None else dt.time.fromisoformat(made_at)
            if raw["type"] == "statement":
                built = _trusted_statement(
                    self.source(raw["source"]),
                    self.claim(raw["claim"]),
                    self.stance(raw["stance"]),
                    self.channel(raw["channel"]),
                    self.day(raw["made_on"]),
                    when,
                    raw.get("credibility"),
                    raw.get("url"),
                )
                again = statement_text(built)
            else:
                built = Report(
                    reporter=self.source(raw["reporter"]),
                    content=self.records[raw["content"]],
                    channel=self.channel(raw["channel"]),
                    made_on=self.day(raw["made_on"]),
                    made_at=when,
                    url=raw.get("url"),
                )
                again = report_text(built)
        except TamperedError:
            raise
        except DepthExceededError as exc:  # Too deep to read, not tampered.
            raise DepthExceededError(
                exc.msg, f"records[{key[:12]}]", exc.limit
            ) from None
        except (
            ProvenanceError,
            LookupError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:
            raise _damaged(_RECORDS, key, text, exc) from None
        self._checked(text, again, "records", key)
        _set_id(built, key)
        return built


def _at(table: str) -> Callable[[str], str]:
    """
    The path of a row of *table*, by id, as the store's errors name it.
    """
    return lambda key: f"{table}[{key[:12]}]"


_V = TypeVar("_V")


def _stored_chain(
    start: str,
    built: MutableMapping[str, _V],
    link: Callable[[str], str | None],
    build: Callable[[str], _V],
    *,
    path: Callable[[str], str],
    cycle: str,
    limit: int | None = None,
    too_deep: str = "",
) -> _V:
    """
    `build_chain` over the rows of a store: a cycle among them can only be
    an edit made behind the library's back, so its `ReferenceCycleError`
    becomes a `TamperedError` with the same message, path and cycle.
    """
    try:
        return build_chain(
            start,
            built,
            link,
            build,
            path=path,
            cycle=cycle,
            limit=limit,
            too_deep=too_deep,
        )
    except ReferenceCycleError as exc:
        raise TamperedError(exc.msg, exc.path, exc.cycle) from None


def _keyed(content_id: object, key: object) -> bool:
    try:
        return isinstance(content_id, str) and _key(content_id) == key
    except ValueError:
        return False


def _damaged(table: str, key: str, text: str, exc: BaseException) -> TamperedError:
    reason = exc.msg if isinstance(exc, ProvenanceError) else type(exc).__name__
    msg = f"cannot be rebuilt from its text ({reason})"
    return TamperedError(msg, f"{table}[{key[:12]}]", text)


_MAX_PROBLEMS: Final = 100


def _verify(store: Store) -> Iterator[TamperedError]:  # noqa: C901, PLR0912, PLR0915
    db = store._db  # noqa: SLF001
    count = 0
    # A value reached from many others (a source, a relayed record) fails
    # for each of them: each problem is reported once, where first met.
    seen: set[tuple[str, str, str]] = set()

    def problem(error: TamperedError) -> bool:
        nonlocal count
        found = (error.msg, error.path, repr(error.value))
        if found in seen:
            return False
        seen.add(found)
        count += 1
        return count <= _MAX_PROBLEMS

    for error in _schema_problems(db):
        if problem(error):
            yield error
    loader = _Loader(store)
    # What the records and relations reach: every other value must be.
    reached_channels: set[str] = set()
    related: set[tuple[str, str]] = set()
    affiliations: dict[str, str | None] = {}
    parties: set[str] = set()
    # Each table's ids, texts and index columns: a source's name, a
    # claim's key and whether it has a quantity (written for queries, read
    # by none yet, but an index column all the same).
    checks: tuple[tuple[str, str, Callable[[str], object]], ...] = (
        (
            "sources",
            "SELECT id, text, name, NULL FROM sources ORDER BY ref",
            loader.source,
        ),
        (
            "channels",
            "SELECT id, text, NULL, NULL FROM channels ORDER BY rowid",
            loader.channel,
        ),
        (
            "claims",
            "SELECT id, text, key, quantity FROM claims ORDER BY ref",
            loader.claim,
        ),
    )
    for table, query, build in checks:
        for key, _text, column, flag in db.execute(query):
            try:
                built = build(key)
            except TamperedError as exc:
                if problem(exc):
                    yield exc
                continue
            if isinstance(built, Source):
                affiliation = built.affiliation
                affiliations[key] = None if affiliation is None else affiliation.id
            elif isinstance(built, Claim):
                parties.update(p.id for p in (*built.about, *built.favours))
            indexed = getattr(built, "name" if table == "sources" else "key", None)
            if table != "channels" and indexed != column:
                error = TamperedError(
                    "the index column disagrees with the text",
                    f"{table}[{key[:12]}]",
                    column,
                )
                if problem(error):
                    yield error
            if isinstance(built, Claim) and flag != int(built.quantity is not None):
                error = TamperedError(
                    "the index column disagrees with the text",
                    f"{table}[{key[:12]}].quantity",
                    flag,
                )
                if problem(error):
                    yield error
    # Records no entry holds, each of which a held report must relay, and
    # the records held reports relay.
    unheld: list[str] = []
    relayed: set[str] = set()
    for key, claim, source, text, indexed, claim_ref, kind in db.execute(
        "SELECT r.id, c.id, s.id, r.text, r.key, r.claim, (SELECT e.kind "
        "FROM entries e WHERE e.ref = r.ref AND e.kind <> 'relation') FROM records r "
        "LEFT JOIN claims c ON c.ref = r.claim LEFT JOIN sources s ON s.ref = r.source "
        "ORDER BY r.ref"
    ):
        if not _keyed(key, indexed):
            error = TamperedError(
                "the index key disagrees with the id", f"records[{key[:12]}]", indexed
            )
            if problem(error):
                yield error
        loader.rows[key] = text
        loader.claim_ref = claim_ref if isinstance(claim_ref, int) else None
        try:
            built_record = loader.record(key)
        except TamperedError as exc:
            if problem(exc):
                yield exc
            loader.records.clear()
            continue
        if built_record.channel is not None:
            reached_channels.add(built_record.channel.id)
        if kind is None:
            unheld.append(key)
        else:
            if kind != _KINDS[type(built_record)]:
                error = TamperedError(
                    "the entry's kind disagrees with the record",
                    f"records[{key[:12]}]",
                    kind,
                )
                if problem(error):
                    yield error
            _add_relayed(built_record, relayed)
        speaker = (
            built_record.source
            if isinstance(built_record, Statement)
            else built_record.reporter
        )
        if (built_record.origin.claim.id, speaker.id) != (claim, source):
            error = TamperedError(
                "the index columns disagree with the text",
                f"records[{key[:12]}]",
                text,
            )
            if problem(error):
                yield error
        if len(loader.records) > 100_000:  # noqa: PLR2004  # bounded memory
            loader.records.clear()
            loader.rows.clear()
    for key in unheld:
        if key not in relayed:
            error = TamperedError(
                "held by no entry and relayed by no held report",
                f"records[{key[:12]}]",
                key,
            )
            if problem(error):
                yield error
    for key, text, held in db.execute(
        "SELECT id, text, EXISTS (SELECT 1 FROM entries e WHERE e.ref = l.ref "
        "AND e.kind = 'relation') FROM relations l ORDER BY ref"
    ):
        if not held:
            error = TamperedError("held by no entry", f"relations[{key[:12]}]", key)
            if problem(error):
                yield error
        try:
            relation = loader.relation(key, text)
        except TamperedError as exc:  # one per relation
            if problem(exc):
                yield exc
        else:
            related.update((claim.id, key) for claim in relation.claims)
    for error in _unreached(db, related, reached_channels, affiliations, parties):
        if problem(error):
            yield error
    chain = _GENESIS
    last_stamp = ""
    for seq, kind, key, recorded_at, stored in db.execute(
        "SELECT e.seq, e.kind, CASE e.kind WHEN 'relation' THEN l.id "
        "WHEN 'statement' THEN r.id WHEN 'report' THEN r.id END, "
        "e.recorded_at, e.chain FROM entries e "
        "LEFT JOIN records r ON r.ref = e.ref AND e.kind <> 'relation' "
        "LEFT JOIN relations l ON l.ref = e.ref AND e.kind = 'relation' "
        "ORDER BY e.seq"
    ):
        if key is None:
            error = TamperedError(
                "names a value the store does not hold", f"entries[{seq}]", kind
            )
            if problem(error):
                yield error
        backwards = _stamp_problem(seq, recorded_at, last_stamp)
        if backwards is not None and problem(backwards):
            yield backwards
        last_stamp = max(last_stamp, str(recorded_at))
        chain = chain_value(chain, key or "", recorded_at)
        if chain != stored:
            error = TamperedError(
                "the hash chain breaks here (an entry altered, added or removed)",
                f"entries[{seq}]",
                key,
            )
            chain = stored
            if problem(error):
                yield error
    if count > _MAX_PROBLEMS:
        more = count - _MAX_PROBLEMS
        yield TamperedError(f"... and {more} more problems", "store", more)


def _add_relayed(record: Record, relayed: set[str]) -> None:
    """
    Add the ids of the records *record* relays (its content, and theirs)
    to *relayed*, stopping at one already there.
    """
    node = record
    while type(node) is Report:
        node = node.content
        if node.id in relayed:
            return
        relayed.add(node.id)


def _schema_problems(db: sqlite3.Connection) -> Iterator[TamperedError]:
    """
    The tables, indexes and triggers a store of its version lacks, has
    beyond them or has altered (a dropped trigger lets the file be edited).
    """
    version = dict(db.execute("SELECT name, value FROM meta")).get("version")
    expected = sqlite3.connect(":memory:")
    try:
        for statement in _schema_of(int(str(version))).split(";\n"):
            if statement.strip():
                expected.execute(statement)
        want = set(expected.execute(_MASTER))
    finally:
        expected.close()
    have = set(db.execute(_MASTER))
    for kind, name, sql in sorted(have ^ want, key=lambda row: (row[1], row[0])):
        altered = (
            "added or altered" if (kind, name, sql) in have else "removed or altered"
        )
        yield TamperedError(
            f"the schema differs from a store's: {kind} {name} {altered}",
            "sqlite_master",
            name,
        )


_MASTER: Final = "SELECT type, name, sql FROM sqlite_master"


def _unreached(
    db: sqlite3.Connection,
    related: set[tuple[str, str]],
    channels: set[str],
    affiliations: Mapping[str, str | None],
    parties: set[str],
) -> Iterator[TamperedError]:
    """
    The values no record or relation reaches (`Store.add` writes none: they
    were added behind its back), and the pairs of ``relation_claims`` that
    disagree with the relations' texts (*related*).
    """
    stored = set(db.execute("SELECT claim, relation FROM relation_claims"))
    for claim, relation in sorted(stored ^ related):
        yield TamperedError(
            "the claims of a relation disagree with its text",
            f"relation_claims[{relation[:12]}]",
            claim,
        )
    related_claims = {claim for claim, _ in related}
    for (key,) in db.execute(
        "SELECT id FROM claims WHERE ref NOT IN (SELECT claim FROM records) "
        "ORDER BY ref"
    ):
        if key not in related_claims:
            yield TamperedError(
                "reached by no record or relation", f"claims[{key[:12]}]", key
            )
    reached = {
        key
        for (key,) in db.execute(
            "SELECT id FROM sources WHERE ref IN (SELECT source FROM records)"
        )
    }
    todo = [*reached, *parties]
    while todo:
        key = todo.pop()
        reached.add(key)
        up = affiliations.get(key)
        if up is not None and up not in reached:
            todo.append(up)
    for (key,) in db.execute("SELECT id FROM sources ORDER BY ref"):
        if key not in reached:
            yield TamperedError(
                "reached by no record or claim", f"sources[{key[:12]}]", key
            )
    for (key,) in db.execute("SELECT id FROM channels ORDER BY rowid"):
        if key not in channels:
            yield TamperedError("reached by no record", f"channels[{key[:12]}]", key)


def _stamp_problem(seq: int, stamp: object, last: str) -> TamperedError | None:
    """
    The problem with an entry's ``recorded_at``, if it sorts before that of
    an entry appended before it: `Store.add` never writes one.
    """
    if isinstance(stamp, str) and stamp >= last:
        return None
    msg = "recorded before an earlier entry (recorded_at must not decrease)"
    return TamperedError(msg, f"entries[{seq}]", stamp)


class StoredAssessments(Mapping[Claim, Assessment]):
    """
    Every claim of a store assessed under one policy, kept up to date: a
    read-only mapping from claim (or its key or id, or the id's unique
    prefix, as `Store.claim` reads them) to `Assessment`, in claim id
    order, equal to ``assess_all(store.ledger(), policy=...)`` as of the
    last `refresh`.

    `refresh` reads the entries added since, and assesses again only the
    claims they reach: the claims of the new records, and every claim
    related to one of them (or to a new relation).
    A handle on the store, like it: not a value.

    Attributes:
        store: The store.
        policy: The rules.
        as_of: Ignore everything said after this day.
    """

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        store: Store,
        *,
        policy: Policy = DEFAULT_POLICY,
        as_of: dt.date | None = None,
    ) -> None:
        if not isinstance(policy, Policy):
            msg = "must be a Policy"
            raise InvalidValueError(msg, "Store.assessments.policy", policy)
        store._cut(as_of, None, "Store.assessments")  # noqa: SLF001
        self.store = store
        self.policy = policy
        self.as_of = to_day(as_of)
        self._seen = self._last()
        self._numbers = dict(store.assess_all(policy=policy, as_of=as_of))

    def _last(self) -> int:
        with self.store._errors("read"):  # noqa: SLF001
            found = self.store._db.execute("SELECT max(seq) FROM entries").fetchone()  # noqa: SLF001
        return int(found[0] or 0)

    def refresh(self) -> frozenset[Claim]:
        """
        Take in what was added since the last refresh.

        Returns:
            The claims assessed again.
        """
        store = self.store
        last = self._last()
        if last == self._seen:
            return frozenset()
        db = store._db  # noqa: SLF001
        with store._errors("read"):  # noqa: SLF001
            touched = {
                row[0]
                for row in db.execute(
                    "SELECT c.id FROM entries e JOIN records r ON r.ref = e.ref "
                    "JOIN claims c ON c.ref = r.claim WHERE e.kind <> 'relation' "
                    "AND e.seq > :seen AND e.seq <= :last UNION "
                    "SELECT c.claim FROM entries e JOIN relations r ON r.ref = e.ref "
                    "JOIN relation_claims c ON c.relation = r.id "
                    "WHERE e.kind = 'relation' AND e.seq > :seen AND e.seq <= :last",
                    {"seen": self._seen, "last": last},
                )
            }
            cut = (last, None)
            loader = _Loader(store)
            claims = [loader.claim(key) for key in sorted(touched)]
            # None (every claim's) under a policy that relates quantities.
            ids = store._reaching(claims, cut, self.policy)  # noqa: SLF001
            found = Assessments(
                store._ledger_of(ids, cut),  # noqa: SLF001
                policy=self.policy,
                as_of=self.as_of,
            )
        if ids is None:
            numbers = dict(found.items())
        else:
            wanted = set(ids)
            numbers = {c: a for c, a in found.items() if c.id in wanted}
        merged = {**self._numbers, **numbers}
        self._numbers = dict(sorted(merged.items(), key=_by_claim_id))
        self._seen = last
        return frozenset(numbers)

    def __getitem__(self, claim: Claim | str) -> Assessment:
        if isinstance(claim, Claim):
            found = self._numbers.get(claim)
            if found is not None:
                return found
        elif isinstance(claim, str):  # Read as Ledger.claim reads it.
            claims = {found.id: found for found in self._numbers}
            text = str.__str__(claim)
            ids, by_prefix = _lookup(
                claims, text, lambda: [c.id for c in claims.values() if c.key == text]
            )
            if len(ids) == 1:
                return self._numbers[claims[ids[0]]]
            if ids:
                msg = _not_one(Claim, claim, ids, by_prefix)
                raise UnknownClaimError(msg, "StoredAssessments")
        msg = f"no assessed claim {short_repr(claim)}"
        raise UnknownClaimError(msg, "StoredAssessments")

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)


def _by_claim_id(item: tuple[Claim, Assessment]) -> str:
    return item[0].id
