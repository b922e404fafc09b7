"""
Assessment beyond one machine: a ledger split into partitions that each hold
whole groups of related claims, each partition assessed on its own, on Dask.

Assessing a claim needs only the statements about it (and the reports that
relay them), the relations it takes part in, and the policy: nothing else in
the ledger. So a ledger can be cut into partitions that each hold every
record of some claims, and the partitions assessed anywhere, in any order,
give exactly what `provenance.assess_all` gives for the whole ledger.
Claims connected by relations (`provenance.relations`), and claims whose
quantities share a subject and unit (which ``Policy.relate_quantities``
relates), are assessed together, so they always fall in one partition: its
*partition key* (`Partitioning.key`) names the group.

- `assess_records` is the neutral entry point: the records and relations of
  whole groups in, their claims' assessments out, with no index of the
  whole ledger.
- `write_shards` writes a ledger to a folder of JSON-lines shards, each
  holding whole groups, and `read_shards` gives one loader per shard.
- `assess_distributed` assesses a shard folder, a Dask bag, or any iterable
  of records on Dask: the local scheduler by default, a
  ``dask.distributed`` client when given. `assessment_bag` is the same
  work as a lazy bag, for results too large to collect.
- `assess_documents` and `SPARK_SCHEMA` run the same partitioning on Spark
  (``groupBy(...).applyInPandas``; see the how-to).

Partitioning, shards and `assess_records` need nothing beyond *provenance*;
the functions that run on Dask need the ``dask`` extra
(``pip install 'provenance-ledger[dask]'``) and raise `ImportError` naming
it when Dask is missing.

.. versionadded:: unreleased
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import hashlib
import itertools
import json
import os
import shutil
import tempfile

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from provenance._files import NotRegularFileError, open_regular
from provenance._identity import dumps_canonical
from provenance._json import parse_json
from provenance._validators import is_day, is_integer
from provenance.assessment import Assessment, assess_all
from provenance.claims import Claim
from provenance.errors import (
    DocumentError,
    FileAccessError,
    InvalidValueError,
    RelationError,
    UnsupportedVersionError,
    json_repr,
    short_repr,
)
from provenance.ledger import Ledger, collector_paused
from provenance.policy import DEFAULT_POLICY, Policy
from provenance.records import Record, Report, Statement
from provenance.relations import (
    RELATION_TYPES,
    Entails,
    Equivalent,
    Exclusive,
    Relation,
    Relations,
)
from provenance.serialize import dumps, loads


if TYPE_CHECKING:
    import dask.bag


__all__ = [
    "MANIFEST",
    "ROW_FIELDS",
    "SPARK_SCHEMA",
    "Loader",
    "Partitioning",
    "assess_distributed",
    "assess_documents",
    "assess_records",
    "assessment_bag",
    "partition_key",
    "read_shards",
    "write_shards",
]

MANIFEST: Final = "shards.json"
"""
The name of the file that says a folder holds shards, and how many.
"""

_FORMAT: Final = "provenance-shards"
_MAX_SHARDS: Final = 2**16  # Documented in write_shards and the how-to.
_VERSION: Final = 1
_BATCH: Final = 10_000
_EXTRA: Final = (
    "provenance.distributed needs Dask: pip install 'provenance-ledger[dask]'"
)

Loader = Callable[[], Iterable[Record | Relation]]
"""
A partition, as a function of no arguments that reads it where it is called
(in a worker): the records and relations of whole groups of claims.
"""


def _quantity_label(claim: Claim) -> str | None:
    """
    The label of the group of claims whose quantities *claim*'s may relate
    to, or ``None``. It sorts after every claim id (hexadecimal digits).
    """
    quantity = claim.quantity
    if quantity is None or quantity.subject is None:
        return None
    return "quantity:" + dumps_canonical([quantity.subject, quantity.unit])


def _claim_of(item: object) -> Claim:
    if isinstance(item, Statement):
        return item.claim
    if isinstance(item, Report):
        return item.origin.claim
    if isinstance(item, Claim):
        return item
    if isinstance(item, (Entails, Equivalent, Exclusive)):
        return min(item.claims, key=_claim_id)
    msg = "must be a Statement, Report, relation or Claim"
    raise InvalidValueError(msg, "Partitioning.key", item)


def _claim_id(claim: Claim) -> str:
    return claim.id


def _heads(relations: frozenset[Relation]) -> dict[str, str]:
    """
    Every claim id that relations name, and every quantity label of such a
    claim, mapped to the least label of its connected group.
    """
    parent: dict[str, str] = {}

    def find(label: str) -> str:
        root = label
        while (up := parent.setdefault(root, root)) != root:
            root = up
        while label != root:  # Halve the path for later look-ups.
            parent[label], label = root, parent[label]
        return root

    def union(a: str, b: str) -> None:
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b)] = min(a, b)

    for relation in sorted(relations, key=lambda r: r.id):
        claims = sorted(relation.claims, key=_claim_id)
        for claim in claims:
            find(claim.id)
            label = _quantity_label(claim)
            if label is not None:
                union(claim.id, label)
        for claim in claims[1:]:
            union(claims[0].id, claim.id)
    return {label: find(label) for label in parent}


def _to_relations(value: Iterable[Relation]) -> frozenset[Relation]:
    return _relations_arg(value, "Partitioning.relations")


def _relations_arg(value: object, path: str) -> frozenset[Relation]:
    """
    *value*, an iterable of relations, as a set: anything else is refused
    here, naming the argument, not as a bare ``TypeError`` later.
    """
    found = frozenset(_iterable(value, path))
    for relation in found:
        if type(relation) not in RELATION_TYPES:
            msg = "must contain only Entails, Equivalent and Exclusive values"
            raise InvalidValueError(msg, path, relation)
    return found


def _iterable(value: object, path: str) -> Iterable[Any]:
    """
    *value*, refused unless it is an iterable of items (a string or bytes
    is one value, not an iterable of them).
    """
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Iterable):
        msg = "must be an iterable"
        raise InvalidValueError(msg, path, value)
    return value


@attrs.frozen
class Partitioning:
    """
    Which records must be assessed together: the groups of claims that
    relations connect, or whose quantities share subject and unit.

    The *key* of a record is the label of its claim's group: the least
    claim id of a group of related claims, a label naming the subject and
    unit of a group of quantities, or else the claim's own id. Claims with
    quantities of one subject and unit are kept together whatever the
    policy, so that shards written once serve every policy. A record's
    *shard* is its key's SHA-256 modulo the number of shards: the same in
    every process and on every machine.

    Attributes:
        relations: Every relation of the ledger (they are few; each
            partition needs only those of its own groups).

    >>> import datetime as dt
    >>> from provenance import Claim
    >>> from provenance.relations import Entails
    >>> dead = Claim(text="X is dead", key="dead")
    >>> typhoid = Claim(text="X died of typhoid", key="typhoid")
    >>> other = Claim(text="Y is alive")
    >>> parts = Partitioning(frozenset({Entails(specific=typhoid, general=dead)}))
    >>> parts.key(dead) == parts.key(typhoid) == min(dead.id, typhoid.id)
    True
    >>> parts.key(other) == other.id
    True
    """

    relations: frozenset[Relation] = attrs.field(
        default=frozenset(), converter=_to_relations
    )
    _heads: dict[str, str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_heads", _heads(self.relations))

    def key(self, item: Record | Relation | Claim) -> str:
        """
        The partition key of a record (its origin statement's claim), a
        relation (its claims) or a claim.
        """
        claim = _claim_of(item)
        found = self._heads.get(claim.id)
        if found is not None:
            return found
        label = _quantity_label(claim)
        if label is None:
            return claim.id
        return self._heads.get(label, label)

    def shard(self, item: Record | Relation | Claim, shards: int) -> int:
        """
        The shard, of *shards*, that holds *item*'s group.

        Raises:
            InvalidValueError: *shards* is not a positive integer.
        """
        _positive(shards, "Partitioning.shard.shards")
        return _shard_of_key(self.key(item), shards)

    def relations_of(self, keys: Iterable[str]) -> frozenset[Relation]:
        """
        The relations among the groups named by *keys*.
        """
        wanted = frozenset(_iterable(keys, "Partitioning.relations_of.keys"))
        return frozenset(r for r in self.relations if self.key(r) in wanted)


def _shard_of_key(key: str, shards: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:16], 16) % shards


def partition_key(
    item: Record | Relation | Claim, relations: Iterable[Relation] = ()
) -> str:
    """
    The partition key of *item* given the ledger's *relations*: records with
    equal keys must be assessed together (see `Partitioning`, which builds
    the look-up once for many items).
    """
    return Partitioning(_relations_arg(relations, "partition_key.relations")).key(item)


def assess_records(
    records: Iterable[Record | Relation],
    *,
    policy: Policy = DEFAULT_POLICY,
    as_of: dt.date | None = None,
) -> dict[str, Assessment]:
    """
    Assess the claims of one partition: *records* and relations holding
    every record and relation of whole groups of claims (equal
    `Partitioning.key`). Nothing else of the ledger is needed, and the
    result for each claim equals what `provenance.assess_all` gives for the
    whole ledger.

    Returns:
        Each claim's id mapped to its assessment, in claim id order.

    >>> import datetime as dt
    >>> from provenance import Claim, Source, SourceKind, Stance, Statement
    >>> nis = Source(name="NIS", kind=SourceKind.AGENCY)
    >>> troops = Claim(text="North Korea sent troops", key="troops")
    >>> said = Statement(source=nis, claim=troops,
    ...     stance=Stance.from_verb("said"), made_on=dt.date(2024, 10, 18))
    >>> assess_records([said])[troops.id].words
    'likely'
    """
    ledger = Ledger.of(records)
    return {
        claim.id: found
        for claim, found in assess_all(ledger, policy=policy, as_of=as_of).items()
    }


# Shards.


def write_shards(
    records: Ledger | Iterable[Record],
    folder: str | os.PathLike[str],
    *,
    shards: int = 16,
    relations: Iterable[Relation] = (),
    batch: int = _BATCH,
) -> tuple[Path, ...]:
    """
    Write *records* (a ledger, whose relations come too, or any iterable of
    records, read once) to *folder* as *shards* JSON-lines files, each
    holding whole groups of related claims, and a manifest, `MANIFEST`.

    The format: ``shard-00000.jsonl`` and on, one per shard; every line is
    a complete provenance document on one line (as `provenance.dumps`
    writes it) holding up to *batch* records, and the relations, whose
    partition keys fall on that shard (`Partitioning.shard`). A shard's
    lines, read together, hold every record of their groups; more lines can
    be appended to a shard by anyone who places them the same way.
    ``shards.json`` holds ``{"format": "provenance-shards", "version": 1,
    "shards": N}``. Records are written as they come: a stream is never
    held in memory whole, only a batch per shard, and no more than one
    shard is open at a time.

    The new shards are written to temporary files in *folder* and put in
    place (``os.replace``) only once all are written, the manifest last:
    a write that fails leaves the shards and manifest already there as
    they were, and no new file behind.

    Args:
        records: The records.
        folder: Where to write (created if missing; shards already there
            are replaced or removed).
        shards: How many shards, at most 65,536: each has its file, even
            when empty.
        relations: The relations between claims, when *records* is not a
            ledger.
        batch: The most records on one line.

    Returns:
        The shards' paths.

    Raises:
        InvalidValueError: *folder* is not a path (a ``str`` or an
            `os.PathLike`) or is empty, *shards* or *batch* is not a
            positive integer, *shards* is more than 65,536, or *records*
            holds something other than records.
        FileAccessError: A file or the folder cannot be written (the
            operating system's error is its ``__cause__``), or *folder*
            holds a null character.

    .. versionchanged:: unreleased
        A failed write leaves the folder as it was; shards are not all held
        open at once. More than 65,536 shards are refused.
    """
    base = _folder(folder, "write_shards.folder", reading=False)
    _shard_count(shards, "write_shards.shards")
    _positive(batch, "write_shards.batch")
    _iterable(records, "write_shards.records")
    found = _relations_arg(relations, "write_shards.relations")
    if isinstance(records, Ledger):
        found |= records.relations
    elif isinstance(records, Collection):
        for record in records:  # Refused before anything is written.
            _check_record(record)
    parts = Partitioning(found)
    by_shard: dict[int, set[Relation]] = {}
    for relation in found:
        by_shard.setdefault(_shard_of_key(parts.key(relation), shards), set()).add(
            relation
        )
    staging = _Staging(base, shards, by_shard)
    try:
        pending: dict[int, list[Record]] = {}
        for record in records:
            _check_record(record)
            index = _shard_of_key(parts.key(record), shards)
            waiting = pending.setdefault(index, [])
            waiting.append(record)
            if len(waiting) >= batch:
                staging.write(index, dumps(Ledger.of(waiting)) + "\n")
                waiting.clear()
        for index in range(shards):
            waiting = pending.pop(index, [])
            if waiting:
                staging.write(index, dumps(Ledger.of(waiting)) + "\n")
            elif index not in staging.started:  # Every shard has its file.
                staging.write(index, "")
        return staging.commit()
    finally:
        staging.close()


def _check_record(record: object) -> None:
    if not isinstance(record, (Statement, Report)):
        msg = "must hold only Statement and Report values (relations: relations=)"
        raise InvalidValueError(msg, "write_shards.records", record)


def _shard_name(index: int) -> str:
    return f"shard-{index:05d}.jsonl"


class _Staging:
    """
    The new shards of *base*, written to a temporary folder inside it, one
    file open at a time, and moved into place by `commit`; `close` removes
    the temporary folder, and *base* if this made it and nothing was
    committed. Every operating system error is a `FileAccessError` naming
    the file.
    """

    def __init__(
        self, base: Path, shards: int, relations: dict[int, set[Relation]]
    ) -> None:
        self.base = base
        self.shards = shards
        self.relations = relations
        self.temporary: Path | None = None  # Made at the first write.
        self.made_base = False
        self.started: set[int] = set()

    def close(self) -> None:
        """
        Remove what is left of the temporary folder (all of it, unless
        committed), and *base* if this made it and it is still empty.
        """
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)
            self.temporary = None
        if self.made_base:
            with contextlib.suppress(OSError):  # Not empty: keep it.
                self.base.rmdir()

    def _folder(self) -> Path:
        if self.temporary is None:
            where = self.base
            try:
                if not self.base.is_dir():
                    self.base.mkdir(parents=True)
                    self.made_base = True
                self.temporary = Path(tempfile.mkdtemp(prefix=".shards-", dir=where))
            except OSError as exc:
                raise _access_error(where, exc) from exc
        return self.temporary

    def write(self, index: int, text: str) -> None:
        """
        Append *text* to shard *index* (after its relations, the first time).
        """
        path = self._folder() / _shard_name(index)
        if index not in self.started:
            held = self.relations.get(index)
            text = (_relations_line(frozenset(held)) if held else "") + text
            self.started.add(index)
        try:
            with path.open("a", encoding="utf-8") as file:
                file.write(text)
        except OSError as exc:
            raise _access_error(path, exc) from exc

    def commit(self) -> tuple[Path, ...]:
        """
        Move the shards, then the manifest, into place; remove the shards
        an earlier, larger write left. If moving one fails, the files
        already moved are put back as they were (each replaced file is kept
        until then under a second name in the temporary folder), so that
        the folder reads as before.
        """
        manifest = {"format": _FORMAT, "version": _VERSION, "shards": self.shards}
        staged = self._folder() / MANIFEST
        try:
            staged.write_text(json.dumps(manifest) + "\n", encoding="utf-8")
        except OSError as exc:
            raise _access_error(staged, exc) from exc
        paths = tuple(self.base / _shard_name(i) for i in range(self.shards))
        placed: list[tuple[Path, Path | None]] = []
        path = self.base
        try:
            for path in (*paths, self.base / MANIFEST):
                kept = self._keep(path)
                (staged.parent / path.name).replace(path)
                placed.append((path, kept))
        except OSError as exc:
            _put_back(placed)
            raise _access_error(path, exc) from exc
        self.made_base = False
        try:
            wanted = frozenset(paths)
            for path in self.base.glob("shard-*.jsonl"):
                if path not in wanted:
                    path.unlink(missing_ok=True)
        except OSError as exc:
            raise _access_error(path, exc) from exc
        return paths

    def _keep(self, path: Path) -> Path | None:
        """
        A second name in the temporary folder for the file at *path* (a
        copy, where the file system has no hard links), or ``None`` if
        there is no file there.
        """
        if not path.is_file():
            return None
        kept = self._folder() / f"old-{path.name}"
        try:
            os.link(path, kept)
        except OSError:
            shutil.copy2(path, kept)
        return kept


def _put_back(placed: Sequence[tuple[Path, Path | None]]) -> None:
    """
    Undo the moves of `_Staging.commit`, last first: each file put back as
    it was kept, or removed if there was none. Best effort: the write has
    failed already, and its error is the one to report.
    """
    for path, kept in reversed(placed):
        with contextlib.suppress(OSError):
            if kept is None:
                path.unlink()
            else:
                kept.replace(path)


def _access_error(
    path: Path, exc: OSError, *, reading: bool = False
) -> FileAccessError:
    """
    The `FileAccessError` for *exc*, raised reading or writing *path*.
    """
    reason = exc.strerror or str(exc)
    verb = "read" if reading else "write"
    return FileAccessError(f"cannot {verb}: {reason}", str(path))


def _shard_index(name: str) -> int | None:
    """
    The index of the shard file named *name*, or ``None`` if it is not one.
    """
    digits = name.removeprefix("shard-").removesuffix(".jsonl")
    if not digits.isascii() or not digits.isdigit():
        return None
    index = int(digits)
    return index if _shard_name(index) == name else None


def _folder(folder: object, path: str, *, reading: bool) -> Path:
    """
    *folder* as a path, refused as `Store.open` refuses its path: a value
    that is not a ``str`` or an `os.PathLike` (``bytes`` included, as the
    other functions that take a path refuse it), or an empty one, which
    `pathlib` would take for the current folder; and, as `provenance.load`
    and `provenance.dump` refuse it, one holding a null character, which
    the operating system refuses with a ``ValueError`` (no ``OSError``).
    """
    try:
        given = os.fsdecode(folder) if isinstance(folder, (str, os.PathLike)) else None
    except TypeError:  # An os.PathLike whose __fspath__ gives no path.
        given = None
    if given is None:
        msg = "must be a path"
        raise InvalidValueError(msg, path, folder)
    if not given:
        msg = "must be a path, not empty"
        raise InvalidValueError(msg, path, folder)
    if "\x00" in given:
        verb = "read" if reading else "write"
        msg = f"cannot {verb}: the path holds a null character"
        raise FileAccessError(msg, given)
    return Path(given)


def _positive(value: object, path: str) -> None:
    if type(value) is not int or value < 1:
        msg = "must be a positive integer"
        raise InvalidValueError(msg, path, value)


def _shard_count(value: object, path: str) -> None:
    _positive(value, path)
    if value > _MAX_SHARDS:  # type: ignore[operator]  # an int, checked above
        # Every shard has its file, empty or not: a count without bound
        # would fill the file system with empty files.
        msg = f"must be at most {_MAX_SHARDS:,} (one file per shard)"
        raise InvalidValueError(msg, path, value)


def _relations_line(relations: frozenset[Relation]) -> str:
    return dumps(Ledger.of(relations)) + "\n"


def read_shards(
    folder: str | os.PathLike[str], *, verify: bool = True
) -> tuple[Loader, ...]:
    """
    One loader per shard of the folder `write_shards` wrote: each reads its
    shard when called (in the worker), checks that every record and relation
    in it belongs there, and returns them.

    Whether a record belongs on a shard depends on the relations on every
    shard: one appended to shard *i* can join a claim whose records are on
    shard *j* to a group that belongs on *i*. So this first reads the
    relations of every shard, in this process (it scans every line, but
    parses only those that may hold relations), and each loader checks its
    records against all of them: shard *j*'s loader refuses the records left
    behind, naming the relation that moved their group, and a loader
    refuses a relation appended after this listed the shards.

    Args:
        folder: The folder.
        verify: Verify every id as it is read (as `provenance.loads` does).

    Raises:
        InvalidValueError: *folder* is not a path (a ``str`` or an
            `os.PathLike`) or is empty, or *verify* not a boolean.
        DocumentError: The folder has no manifest, or one that is not a
            regular file (a FIFO or a device is never opened or read), or
            one this version cannot read (an `UnsupportedVersionError`:
            the version must be the integer 1), or one whose number of shards does
            not match the shard files in the folder.
        FileAccessError: A shard the manifest names is missing, the
            folder cannot be listed, or *folder* holds a null character.

    .. versionchanged:: unreleased
        The shard files are checked against the manifest up front. A loader
        raises `FileAccessError` for a shard it cannot read or that is not a
        regular file (a FIFO, a device, a directory), and
        `DocumentError` for bytes that are not UTF-8, or for relations on
        its lines that cannot all hold together, naming the file and the
        line. The relations of every shard are read first, and a loader
        refuses a record whose group a relation on another shard places
        elsewhere, and relations that cannot hold with those of other
        shards (two exclusive sets with one key).
    """
    base = _folder(folder, "read_shards.folder", reading=True)
    if not isinstance(verify, bool):
        msg = "must be True or False"
        raise InvalidValueError(msg, "read_shards.verify", verify)
    try:
        with open_regular(base / MANIFEST) as file:
            manifest = parse_json(file.read())
    except NotRegularFileError as exc:
        msg = f"not a folder of shards ({MANIFEST} is {exc.kind}, not a regular file)"
        raise DocumentError(msg, str(base / MANIFEST)) from exc
    except OSError as exc:
        msg = f"not a folder of shards (no readable {MANIFEST})"
        raise DocumentError(msg, str(base)) from exc
    except DocumentError as exc:  # Not JSON, or a key given twice.
        msg = f"not a manifest of shards ({exc.msg})"
        raise DocumentError(msg, str(base / MANIFEST)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
        msg = "not a manifest of shards"
        raise DocumentError(msg, str(base / MANIFEST))
    # is_integer first: true == 1.0 == 1, but a version is an integer.
    version = manifest.get("version")
    if not is_integer(version) or version != _VERSION:
        msg = f"unsupported shards version {json_repr(version)}"
        msg += f" (this release reads version {_VERSION})"
        raise UnsupportedVersionError(msg, str(base / MANIFEST))
    shards = manifest.get("shards")
    if type(shards) is not int or shards < 1:
        msg = "the number of shards must be a positive integer"
        raise DocumentError(msg, str(base / MANIFEST))
    _check_present(base, shards)
    # Every loader needs every shard's relations: one appended to shard i
    # can join a claim whose records are on shard j to a group that belongs
    # on shard i, and shard j's loader must then refuse them.
    found = tuple(
        _relations_on(base / _shard_name(index), verify) for index in range(shards)
    )
    return tuple(
        functools.partial(
            _read_shard, base / _shard_name(index), index, shards, verify, found
        )
        for index in range(shards)
    )


def _relations_on(path: Path, verify: bool) -> frozenset[Relation] | None:
    """
    The relations on the lines of the shard at *path*, parsing only the
    lines that may hold some; or ``None`` if the shard cannot be read, or
    such a line is malformed: its own loader reports that, naming the line.
    """
    found: set[Relation] = set()
    try:
        with collector_paused():
            for line in _lines(path):
                if _may_hold_relations(line):
                    found |= loads(line, verify=verify).relations
    except (DocumentError, FileAccessError):
        return None
    return frozenset(found)


def _may_hold_relations(line: bytes) -> bool:
    """
    Whether the document on *line* may hold relations: its ``relations``
    key is there only then, spelt out, or with a letter escaped
    (``\\u0072``: every letter of it escapes as ``\\u006`` or ``\\u007``).
    A line this misses is still refused by its loader, as a relation
    unseen; this only keeps the first pass from parsing every record.
    """
    # '"relations' rather than '"relations"': a needle ending in a quote,
    # the commonest byte of a document, makes the search three times slower.
    # A backslash is found by memchr; most lines have none.
    return b'"relations' in line or (
        b"\\" in line and (b"\\u006" in line or b"\\u007" in line)
    )


def _check_present(base: Path, shards: int) -> None:
    """
    Check that *base* holds the files of *shards* shards, and no more:
    in time and memory bounded by the files there, not by *shards*.
    """
    found: set[int] = set()
    try:
        with os.scandir(base) as entries:
            for entry in entries:
                index = _shard_index(entry.name)
                if index is not None:
                    found.add(index)
    except OSError as exc:
        raise _access_error(base, exc, reading=True) from exc
    if shards - 1 not in found or max(found) >= shards:
        msg = (
            f"the number of shards does not match the shard files ({len(found)} found)"
        )
        raise DocumentError(msg, f"{base / MANIFEST}:$.shards")
    index = 0
    while index in found:  # At most len(found) steps.
        index += 1
    if index < shards:  # A shard missing between others.
        path = base / _shard_name(index)
        cause = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        raise _access_error(path, cause, reading=True) from cause


def _lines(path: Path) -> Iterator[bytes]:
    """
    The lines of the file at *path*, as bytes, with every operating system
    error a `FileAccessError` naming the file. Shards are appended to by
    anything: one that is not a regular file (a FIFO, a device) is refused
    unread.
    """
    try:
        with open_regular(path) as file:
            yield from file
    except OSError as exc:
        raise _access_error(path, exc, reading=True) from exc


def _read_shard(
    path: Path,
    index: int,
    shards: int,
    verify: bool,
    found: Sequence[frozenset[Relation] | None],
) -> list[Record | Relation]:
    """
    Shard *index* of *shards*, checked to hold only what belongs there
    given the relations *found* on every shard (``None`` for one that could
    not be read) when `read_shards` ran.
    """
    everywhere: frozenset[Relation] = frozenset().union(*filter(None, found))
    parts = Partitioning(everywhere)
    held: list[Record | Relation] = []
    relations: set[Relation] = set()
    batches: list[tuple[str, frozenset[Relation]]] = []
    with collector_paused():
        for number, line in enumerate(_lines(path), 1):
            if not line.strip():
                continue
            try:
                ledger = loads(line, verify=verify)
            except DocumentError as exc:
                msg = f"{exc.msg} (line {number})"
                raise type(exc)(
                    msg, f"{path}:{number}:{exc.path}", *exc.args[2:]
                ) from exc
            where = f"{path}:{number}"
            if not ledger.relations <= everywhere:
                # Appended since read_shards ran: the other shards were
                # checked without it, so it cannot be taken now.
                msg = "a relation added since the shards were listed (list them again)"
                raise DocumentError(msg, where)
            for item in (*ledger.relations, *ledger.held):
                home = _shard_of_key(parts.key(item), shards)
                if home != index:
                    raise _misplaced(
                        item,
                        home=home,
                        index=index,
                        found=found,
                        parts=parts,
                        where=where,
                    )
            held.extend(ledger.held)
            if ledger.relations:
                relations |= ledger.relations
                batches.append((where, ledger.relations))
    _check_relations(batches, "line")
    # Relations of other groups, on other shards, can still conflict with
    # these (two exclusive sets with one key): assess_all would refuse them.
    others = [
        (str(path.with_name(_shard_name(other))), found_there)
        for other, found_there in enumerate(found)
        if other != index and found_there
    ]
    if relations and others:
        _check_relations([*others, *batches], "line, or another shard")
    held.extend(relations)
    return held


def _misplaced(
    item: Record | Relation,
    *,
    home: int,
    index: int,
    found: Sequence[frozenset[Relation] | None],
    parts: Partitioning,
    where: str,
) -> DocumentError:
    """
    The error for *item*, read at *where* on shard *index*, whose group
    belongs on shard *home*: naming the relation on another shard that put
    it there, if one did.
    """
    if isinstance(item, (Statement, Report)):
        claim = _claim_of(item)
        name = claim.key if claim.key is not None else claim.id
        what = f"a record of claim {name!r}"
    else:
        what = "a relation"
    msg = f"{what} on the wrong shard: its group belongs on {_shard_name(home)}"
    key = parts.key(item)
    for other, relations in enumerate(found):
        joining = [r for r in relations or () if other != index and parts.key(r) == key]
        if joining:
            joined = min(joining, key=lambda r: r.id)
            msg += f", joined to it by the relation {joined.id} on {_shard_name(other)}"
            break
    return DocumentError(msg, where)


def _check_relations(
    batches: Sequence[tuple[str, frozenset[Relation]]], unit: str
) -> None:
    """
    Refuse relations that each document (*batches*: where each was read,
    and its relations, each set checked alone by `loads`) holds, but that
    cannot all hold together: at the first document whose relations
    conflict with those before it.
    """
    if len(batches) < 2:  # noqa: PLR2004  # One set: loads checked it.
        return
    try:
        Relations(frozenset().union(*(found for _, found in batches)))
    except RelationError:
        pass
    else:
        return
    # Rare: find the first document whose relations do not fit, to name it.
    so_far: set[Relation] = set()
    for where, found in batches:
        so_far |= found
        try:
            Relations(frozenset(so_far))
        except RelationError as exc:
            msg = (
                f"relations cannot all hold: {exc.msg} "
                f"({exc.path}: {short_repr(exc.value)}), with those of an "
                f"earlier {unit}"
            )
            raise DocumentError(msg, f"{where}:$.relations") from exc
    raise AssertionError  # pragma: no cover  # the whole failed, so a prefix


# Spark: the same partitions, as rows.

ROW_FIELDS: Final = (
    "claim",
    "key",
    "belief",
    "disbelief",
    "uncertainty",
    "base_rate",
    "probability",
    "words",
    "confidence",
    "conflict",
    "corroboration",
    "credibility",
)
"""
The fields of a row of `assess_documents`, in order.
"""

SPARK_SCHEMA: Final = (
    "claim string, key string, belief double, disbelief double, "
    "uncertainty double, base_rate double, probability double, words string, "
    "confidence string, conflict double, corroboration long, credibility long"
)
"""
The rows of `assess_documents` as a Spark DDL schema, for ``applyInPandas``.
"""


def _row(claim_id: str, found: Assessment) -> dict[str, object]:
    opinion = found.opinion
    return {
        "claim": claim_id,
        "key": found.claim.key,
        "belief": opinion.belief,
        "disbelief": opinion.disbelief,
        "uncertainty": opinion.uncertainty,
        "base_rate": opinion.base_rate,
        "probability": opinion.probability,
        "words": found.words,
        "confidence": found.confidence,
        "conflict": found.conflict,
        "corroboration": found.corroboration,
        "credibility": found.credibility,
    }


def assess_documents(
    documents: Iterable[str | bytes],
    *,
    policy: Policy = DEFAULT_POLICY,
    as_of: dt.date | None = None,
) -> list[dict[str, object]]:
    """
    Assess one partition given as provenance documents (the lines of a
    shard, or one group's column on Spark): one row per claim, a mapping
    with the fields `ROW_FIELDS`, in claim id order.

    Raises:
        DocumentError: A document is malformed, or the documents hold
            relations that cannot all hold together (at the first such
            document, ``documents[i]``).
    """
    if isinstance(documents, (str, bytes)) or not isinstance(documents, Iterable):
        msg = "must be an iterable of documents (str or bytes)"
        raise InvalidValueError(msg, "assess_documents.documents", documents)
    items: list[Record | Relation] = []
    batches: list[tuple[str, frozenset[Relation]]] = []
    for index, text in enumerate(documents):
        try:
            ledger = loads(text)
        except DocumentError as exc:
            raise type(exc)(
                exc.msg, f"documents[{index}]:{exc.path}", *exc.args[2:]
            ) from exc
        items.extend(ledger.held)
        items.extend(ledger.relations)
        if ledger.relations:
            batches.append((f"documents[{index}]", ledger.relations))
    _check_relations(batches, "document")
    found = assess_records(items, policy=policy, as_of=as_of)
    return [_row(claim_id, each) for claim_id, each in found.items()]


# Dask.


def _dask_bag() -> Any:
    try:
        import dask.bag  # noqa: PLC0415  # an optional dependency
    except ImportError as exc:
        raise ImportError(_EXTRA, name="dask") from exc
    return dask.bag


def _is_relation(item: object) -> bool:
    return type(item) in RELATION_TYPES


def _assess_loaders(
    loaders: Iterable[Loader], policy: Policy, as_of: dt.date | None
) -> list[tuple[str, Assessment]]:
    """
    Assess the partitions *loaders* read, one after another (a Dask task).
    """
    out: list[tuple[str, Assessment]] = []
    for loader in loaders:
        out.extend(assess_records(loader(), policy=policy, as_of=as_of).items())
    return out


def _assess_group(
    group: tuple[int, list[Record | Relation]], policy: Policy, as_of: dt.date | None
) -> list[tuple[str, Assessment]]:
    return list(assess_records(group[1], policy=policy, as_of=as_of).items())


def _is_bag(source: object) -> bool:
    try:
        import dask.bag  # noqa: PLC0415  # an optional dependency
    except ImportError:  # pragma: no cover  # the Dask functions check first
        return False
    return isinstance(source, dask.bag.Bag)


def assessment_bag(
    source: Any,
    *,
    policy: Policy = DEFAULT_POLICY,
    as_of: dt.date | None = None,
    partitions: int | None = None,
    compute: Callable[[Any], Any] | None = None,
) -> dask.bag.Bag:
    """
    The assessments of every claim in *source* as a lazy Dask bag of
    ``(claim id, Assessment)`` pairs, one partition of the bag per
    partition of the ledger: for results too large to collect in one
    process (write them out, or reduce them, on the workers).

    See `assess_distributed` for *source* and *partitions*; *compute*, if
    given, computes the bag of relations a bag source needs first (by
    default, ``bag.compute()``).

    Unlike `assess_distributed`, the bag is not checked for a claim that
    two partitions assess: loaders other than `read_shards`' must each
    hold whole groups.

    Raises:
        ImportError: Dask is not installed.
        InvalidValueError: *source* is an empty path, or none of the kinds
            above, or an argument is of the wrong type or out of range.
        FileAccessError: *source* is a path that holds a null character,
            or a folder whose shards cannot be read.
    """
    return _assessment_bag(
        source, policy, as_of, partitions, compute, where="assessment_bag"
    )


def _assessment_bag(
    source: Any,
    policy: Policy,
    as_of: dt.date | None,
    partitions: int | None,
    compute: Callable[[Any], Any] | None,
    *,
    where: str,
) -> dask.bag.Bag:
    """
    `assessment_bag`, with its arguments named as *where*'s in errors.
    """
    if isinstance(source, (str, os.PathLike)):
        source = _folder(source, f"{where}.source", reading=True)
    _check_arguments(policy, as_of, partitions, where)
    if compute is not None and not callable(compute):
        msg = "must be a function of a bag, or None"
        raise InvalidValueError(msg, f"{where}.compute", compute)
    db = _dask_bag()
    if isinstance(source, (str, os.PathLike)):
        source = read_shards(source)
    if _loaders(source):
        shards: Any = db.from_sequence(source, npartitions=len(source))
        assessed: dask.bag.Bag = shards.map_partitions(_assess_loaders, policy, as_of)
        return assessed
    if not _is_bag(source):
        items = _items(source, f"{where}.source")
        count = partitions or os.cpu_count() or 1
        source = db.from_sequence(items, npartitions=count)
    bag: Any = source
    count = partitions or bag.npartitions
    found = bag.filter(_is_relation)
    relations = frozenset(found.compute() if compute is None else compute(found))
    parts = Partitioning(relations)
    grouped = bag.groupby(
        functools.partial(_shard_by, parts, count), npartitions=count, shuffle="tasks"
    )
    grouped_assessed: dask.bag.Bag = grouped.map(_assess_group, policy, as_of).flatten()
    return grouped_assessed


def _check_arguments(
    policy: object, as_of: object, partitions: object, where: str
) -> None:
    """
    Refuse a *policy*, *as_of* or *partitions* that `assess_all` or Dask
    would refuse only in a worker, or not at all (a negative count of
    partitions gave no partition, and so no assessment).
    """
    if not isinstance(policy, Policy):
        msg = "must be a Policy"
        raise InvalidValueError(msg, f"{where}.policy", policy)
    if as_of is not None and not is_day(as_of):
        msg = "must be a datetime.date or None"
        raise InvalidValueError(msg, f"{where}.as_of", as_of)
    if partitions is not None:
        _positive(partitions, f"{where}.partitions")


def _items(source: object, path: str) -> list[Record | Relation]:
    """
    The records and relations of *source*, an iterable of them (a `Ledger`
    among them), read in this process and checked one by one.
    """
    items: list[Record | Relation] = list(_iterable(source, path))
    for index, item in enumerate(items):
        if (
            not isinstance(item, (Statement, Report))
            and type(item) not in RELATION_TYPES
        ):
            msg = "must hold only records and relations"
            raise InvalidValueError(msg, f"{path}[{index}]", item)
    if isinstance(source, Ledger):
        items.extend(source.relations)
    return items


def _loaders(source: object) -> bool:
    """
    Whether *source* is a non-empty sequence of loaders (records and
    relations are never callable).
    """
    return (
        isinstance(source, Sequence)
        and not isinstance(source, str)
        and len(source) > 0
        and all(callable(item) for item in source)
    )


def _shard_by(parts: Partitioning, count: int, item: Record | Relation) -> int:
    return _shard_of_key(parts.key(item), count)


def assess_distributed(
    source: Any,
    *,
    policy: Policy = DEFAULT_POLICY,
    as_of: dt.date | None = None,
    client: Any = None,
    scheduler: str | None = None,
    partitions: int | None = None,
) -> dict[str, Assessment]:
    """
    Assess every claim of a ledger on Dask, partition by partition, with
    results equal to `provenance.assess_all`'s.

    *source* is one of:

    - a folder `write_shards` wrote: each shard is a partition, read by the
      worker that assesses it; nothing is shuffled, and no process holds
      more than one shard's records at a time (per worker thread);
    - a sequence of `Loader`, functions that each read one partition in
      the worker that assesses it (`read_shards` gives them for a folder;
      any other store of records can give its own), one task each;
    - a ``dask.bag.Bag`` of records and relations (``db.read_text(...)``
      mapped to records, say): its relations are gathered first (one pass;
      they are few), then its records are grouped by partition key with a
      task shuffle into *partitions* partitions;
    - any other iterable of records and relations, a `Ledger` among them:
      read in this process into a bag, then as a bag.

    Args:
        source: The records.
        policy: The rules.
        as_of: Ignore everything said after this day.
        client: A ``dask.distributed.Client`` to run on; by default the
            local scheduler *scheduler* (Dask's default for bags, processes,
            if ``None``).
        scheduler: The local scheduler's name (``"processes"``,
            ``"threads"``, ``"synchronous"``) when no *client* is given.
        partitions: How many partitions to group a bag or iterable into
            (default: the bag's, or one per CPU for an iterable): a positive
            integer.

    Returns:
        Each claim's id mapped to its assessment, in claim id order (the
        order of `provenance.assess_all`).

    Raises:
        ImportError: Dask is not installed.
        InvalidValueError: *source* is an empty path, or none of the kinds
            above, or an argument is of the wrong type or out of range.
        FileAccessError: *source* is a path that holds a null character,
            or a folder whose shards cannot be read.
        DocumentError: A shard is malformed, or holds something that
            belongs on another shard; or two partitions assessed one claim
            (loaders that split a group between them), named in the message.

    .. versionchanged:: unreleased
        A claim that two partitions assess is refused, where one of the two
        results was kept; every argument is checked up front, and
        *partitions* must be a positive integer (``-1`` gave no
        assessment at all).
    """
    if scheduler is not None and not isinstance(scheduler, str):
        msg = "must be the name of a scheduler, or None"
        raise InvalidValueError(msg, "assess_distributed.scheduler", scheduler)
    run = _runner(client, scheduler)
    bag = _assessment_bag(
        source, policy, as_of, partitions, run, where="assess_distributed"
    )
    pairs: list[tuple[str, Assessment]] = run(bag)
    pairs.sort(key=_first)
    for (claim_id, found), (next_id, _) in itertools.pairwise(pairs):
        if claim_id == next_id:
            # Each partition assessed the claim from part of its evidence:
            # keeping either result would be silently wrong.
            key = f" (key {found.claim.key!r})" if found.claim.key is not None else ""
            msg = (
                f"claim {claim_id}{key} assessed by two partitions: its "
                "records or relations were split between them"
            )
            raise DocumentError(msg, "assess_distributed.source")
    return dict(pairs)


def _first(pair: tuple[str, Assessment]) -> str:
    return pair[0]


def _runner(client: Any, scheduler: str | None) -> Callable[[Any], Any]:
    chosen: Any = client if client is not None else scheduler

    def run(bag: Any) -> Any:
        import dask  # noqa: PLC0415  # an optional dependency

        # A task is a whole partition: hand them out one at a time, where
        # the local process pool would otherwise send six at once to one
        # worker and leave the other idle.
        with dask.config.set({"chunksize": 1}):
            if chosen is None:
                return bag.compute()
            return bag.compute(scheduler=chosen)

    return run
