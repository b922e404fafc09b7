"""
Hostile input, round 12: ids in a store's texts that are not written as
ids, the index column verify skipped, shard folders that are not paths, a
matrix's cut that is not a day, the lookups that named a set or a claim
differently, the ledger's lookups given a value, and STIX copies of one id.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
import sqlite3

from importlib import resources
from pathlib import Path
from typing import Any, Final

import pytest

import provenance as pv

from provenance import ach
from provenance import store as store_module
from provenance.cli import main
from provenance.distributed import assess_distributed, read_shards, write_shards
from provenance.errors import (
    DocumentError,
    FileAccessError,
    InvalidValueError,
    TamperedError,
    UnknownClaimError,
    UnknownSourceError,
)
from provenance.hypotheses import SetAssessment
from provenance.interop.stix import from_stix, to_stix
from provenance.relations import Exclusive
from provenance.store import Store


MINISTRY = pv.Source(name="Ministry", kind=pv.SourceKind.AGENCY)
X = pv.Claim(text="resigned", key="x")
Z = pv.Claim(text="stayed", key="z")
V = pv.Claim(text="fled", key="v")
OTHERS = [pv.Claim(text=f"claim {n}", key=f"c{n}") for n in range(6)]
DAY = dt.date(2026, 6, 3)


def _said(claim: pv.Claim) -> pv.Statement:
    return pv.Statement(
        source=MINISTRY, claim=claim, stance=pv.Stance.from_verb("said"), made_on=DAY
    )


def _article() -> pv.Ledger:
    text = resources.files("provenance").joinpath("data/article.json").read_text()
    return pv.loads(text)


@pytest.fixture(scope="module")
def article_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("round12") / "article.db"
    with Store.open(path) as store:
        store.add(_article())
    return path


def _sql(path: Path, statement: str, *values: Any) -> None:
    """
    Run *statement* on the store at *path* behind the library's back (its
    triggers dropped, then put back).
    """
    db = sqlite3.connect(str(path), isolation_level=None)
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {name}")
    db.execute(statement, values)
    for trigger in store_module._TRIGGERS.split(";\n"):
        if trigger.strip():
            db.execute(trigger)
    db.close()


def _edited(base: Path, where: Path, table: str, field: str, value: Any) -> Path:
    """
    A copy of the store *base* at *where* whose first text in *table* that
    has *field* (not null) holds *value* there instead, edited behind the
    library's back (the triggers dropped, then put back).
    """
    shutil.copy(base, where)
    db = sqlite3.connect(str(where))
    rows = db.execute(f"SELECT rowid, text FROM {table}").fetchall()  # noqa: S608  # a test's table
    db.close()
    for rowid, text in rows:
        raw = json.loads(text)
        if raw.get(field) is not None:
            raw[field] = value
            edited = json.dumps(raw, sort_keys=True, separators=(",", ":"))
            _sql(where, f"UPDATE {table} SET text = ? WHERE rowid = ?", edited, rowid)  # noqa: S608  # a test's table
            return where
    pytest.fail(f"no {table} text with {field}")  # pragma: no cover


# An id relayed or referred to, as a store's text may be edited to hold it:
# forms int(..., 16) reads (a sign, spaces, 0x, _) and values of other types.
_HEX = "7cc5" * 16
_NOT_IDS = [
    "-" + _HEX[1:],
    "+" + _HEX[1:],
    " " + _HEX[1:],
    _HEX[1:] + "\n",
    "0x" + _HEX[2:],
    _HEX[:4] + "_" + _HEX[5:],
    _HEX.upper(),
    _HEX[:63],
    _HEX + "0",
    "",
    2**70,
    -(2**70),
    5,
]


class TestIdsInStoredTexts:
    """
    D2: an id in a store's text that is not written as an id is a record or
    value the store lacks: verify reports it, reading refuses it, and
    nothing escapes as a bare OverflowError from SQLite.
    """

    @pytest.mark.parametrize(
        ("table", "field"),
        [
            ("records", "content"),
            ("records", "source"),
            ("records", "claim"),
            ("records", "reporter"),
            ("claims", "about"),
        ],
    )
    @pytest.mark.parametrize("value", _NOT_IDS, ids=repr)
    def test_refused(
        self, article_store: Path, tmp_path: Path, table: str, field: str, value: Any
    ) -> None:
        """
        verify() lists the edit; ledger() and assess_all() refuse the store.
        """
        kept = [value] if field == "about" else value
        path = _edited(article_store, tmp_path / "s.db", table, field, kept)

        with Store.open(path) as store:
            problems = store.verify()
            with pytest.raises(TamperedError):
                store.ledger()
            with pytest.raises(TamperedError):
                list(store.assess_all())

        assert problems
        assert all(isinstance(p, TamperedError) for p in problems)

    def test_command(
        self, article_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``provenance verify`` and ``assess`` report a relayed id with a sign.
        """
        path = _edited(
            article_store, tmp_path / "s.db", "records", "content", "-" + _HEX[1:]
        )

        assert 1 == main(["verify", str(path)])
        assert 1 == main(["assess", str(path)])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "internal error" not in err
        assert "OverflowError" not in err


class TestQuantityColumn:
    """
    D5: verify() checks the ``claims.quantity`` column against the text, as
    it checks every other index column.
    """

    @pytest.mark.parametrize("value", ["not a flag", 12345, 1, 0.5, b"\x00"])
    def test_edited(self, article_store: Path, tmp_path: Path, value: Any) -> None:
        """
        A flag that disagrees with the claim's quantity is reported, naming
        the column.
        """
        path = tmp_path / "s.db"
        shutil.copy(article_store, path)
        # The article's claims have no quantity: their flag is 0.
        _sql(path, "UPDATE claims SET quantity = ? WHERE ref = 1", value)

        with Store.open(path) as store:
            problems = store.verify()

        assert [p.path.endswith("].quantity") for p in problems] == [True]
        assert problems[0].msg == "the index column disagrees with the text"

    def test_intact(self, article_store: Path) -> None:
        """
        A store with claims with and without a quantity verifies clean.
        """
        amount = pv.Claim(
            text="10,000 troops",
            key="n",
            quantity=pv.Quantity(value=10_000, unit="troops"),
        )
        path = article_store.parent / "quantity.db"
        with Store.open(path) as store:
            store.add([_said(amount), _said(X)])

            assert () == store.verify()


class TestShardFolders:
    """
    D3: a folder that is not a path, or that holds a null character, is
    refused as Store.open, load and dump refuse it, naming the argument.
    """

    @pytest.mark.parametrize(
        "folder", [None, 5, b"/tmp/shards", bytearray(b"x"), 1.5, ["a"]], ids=repr
    )
    def test_not_a_path(self, folder: Any) -> None:
        """
        Neither a str nor an os.PathLike: InvalidValueError naming the folder.
        """
        for where, call in (
            ("write_shards.folder", lambda: write_shards(_article(), folder)),
            ("read_shards.folder", lambda: read_shards(folder)),
        ):
            with pytest.raises(InvalidValueError) as caught:
                call()

            assert (where, "must be a path") == (caught.value.path, caught.value.msg)

    def test_null_character(self, tmp_path: Path) -> None:
        """
        A null character is a FileAccessError naming the path, and nothing
        is written.
        """
        folder = f"{tmp_path}/a\x00b"
        pytest.importorskip("dask.bag")

        with pytest.raises(FileAccessError, match="null character"):
            write_shards(_article(), folder, shards=2)
        with pytest.raises(FileAccessError, match="null character"):
            read_shards(folder)
        with pytest.raises(FileAccessError, match="null character"):
            assess_distributed(folder, scheduler="synchronous")
        with pytest.raises(FileAccessError, match="null character"):
            write_shards(_article(), Path(tmp_path) / "c\x00d", shards=2)

        assert [] == list(tmp_path.iterdir())

    def test_bytes_path_like(self, tmp_path: Path) -> None:
        """
        An os.PathLike whose path is bytes is read as Store.open reads it.
        """

        class _Bytes:
            def __fspath__(self) -> bytes:
                return os.fsencode(tmp_path / "shards")

        written = write_shards(_article(), _Bytes(), shards=2)  # type: ignore[arg-type]  # a bytes path, as os.PathLike[bytes]

        assert 2 == len(written)
        assert 2 == len(read_shards(_Bytes()))  # type: ignore[arg-type]  # as above


class TestMatrixCut:
    """
    D4: Matrix.to_text and Matrix.to_data refuse a known_on that is not a
    day, as the other functions that take it do.
    """

    @pytest.mark.parametrize(
        "value",
        ["2026-06-04", 5, True, dt.datetime(2026, 6, 4, tzinfo=dt.timezone.utc)],
    )
    def test_refused(self, value: object) -> None:
        """
        InvalidValueError naming the method's known_on.
        """
        ledger = pv.Ledger.of([_said(X), Exclusive(key="fate", claims=[X, Z])])
        matrix = ach.matrix(pv.assess(ledger, ledger.hypotheses("fate")))

        for name, call in (("to_text", matrix.to_text), ("to_data", matrix.to_data)):
            with pytest.raises(InvalidValueError) as caught:
                call(known_on=value)  # type: ignore[arg-type]  # hostile

            assert (
                f"Matrix.{name}.known_on",
                "must be a datetime.date or None",
            ) == (caught.value.path, caught.value.msg)

    def test_day(self) -> None:
        """
        A day is stated, as before.
        """
        ledger = pv.Ledger.of([_said(X), Exclusive(key="fate", claims=[X, Z])])
        matrix = ach.matrix(pv.assess(ledger, ledger.hypotheses("fate")))
        day = dt.date(2026, 6, 4)

        assert "known on 2026-06-04" in matrix.to_text(known_on=day)
        assert "2026-06-04" == matrix.to_data(known_on=day)["known_on"]


def _texts(ledger: pv.Ledger) -> list[str]:
    """
    Texts that may name a claim or a set: keys, set keys, whole ids, id
    prefixes of every length, upper case and others.
    """
    texts = {"", "nothing", "DEADBEEF"}
    for claim in ledger.claims:
        texts.update(claim.id[:n] for n in range(0, 65, 3))
        texts.update((claim.id, claim.id.upper(), claim.key or ""))
    texts.update(r.key for r in ledger.relations if isinstance(r, Exclusive))
    return sorted(texts)


def _claims_named(ledger: pv.Ledger, text: str) -> list[pv.Claim]:
    """
    The claims *text* names by the ledger's rule, written out: its whole
    id, else a key, else a prefix of 8 to 64 lowercase hex digits.
    """
    claims = ledger.claims
    return (
        [c for c in claims if c.id == text]
        or [c for c in claims if c.key == text]
        or [
            c
            for c in claims
            if re.fullmatch("[0-9a-f]{8,64}", text) and c.id.startswith(text)
        ]
    )


class TestSetOrClaim:
    """
    D6: assess(ledger, text) gives a set only where Ledger.claim finds no
    claim by the text, as every other lookup of a text reads it.
    """

    def test_prefix_names_the_claim(self) -> None:
        """
        A set whose key is a claim's unique id prefix yields to the claim.
        """
        prefix = X.id[:8]
        ledger = pv.Ledger.of(
            [
                _said(X),
                Exclusive(key=prefix, claims=[Z, V]),
                Exclusive(key="f", claims=[X, OTHERS[0]]),
            ]
        )

        found = pv.assess(ledger, prefix)

        assert isinstance(found, pv.Assessment)
        assert X == found.claim
        assert isinstance(pv.assess(ledger, "f"), SetAssessment)

    def test_agrees_with_the_ledger(self) -> None:
        """
        For every text: a set exactly where the ledger finds no claim.
        """
        w = pv.Claim(text="won", key="x")  # A key two claims share.
        sets = [
            Exclusive(key=X.id[:8], claims=[Z, V]),
            Exclusive(key=Z.id[:12], claims=[X, OTHERS[0]]),
            Exclusive(key="x", claims=[w, OTHERS[1]]),
            Exclusive(key="fate", claims=OTHERS[2:4]),
            Exclusive(key="c4", claims=OTHERS[4:]),
        ]
        ledger = pv.Ledger.of([_said(X), _said(Z), _said(w), *sets])

        for text in _texts(ledger):
            named = (
                None if _claims_named(ledger, text) else ledger.related.set_named(text)
            )
            try:
                found: object = pv.assess(ledger, text)
            except UnknownClaimError:
                found = None

            assert (named is not None) == isinstance(found, SetAssessment), text


class TestContains:
    """
    D7: ``text in assessments`` agrees with ``assessments[text]``.
    """

    def test_agrees_with_getitem(self) -> None:
        """
        An id prefix is in; a key two claims share is not; nor is a text
        naming no claim.
        """
        w = pv.Claim(text="won", key="x")
        ledger = pv.Ledger.of([_said(X), _said(Z), _said(w)])
        every = pv.assess_all(ledger)

        for text in _texts(ledger):
            try:
                every[text]
            except KeyError:
                found = False
            else:
                found = True

            # Assessments is a Mapping of claims that also takes texts.
            assert found == (text in every), text  # type: ignore[comparison-overlap]
            assert found == (every.get(text) is not None), text
        assert X.id[:10] in every  # type: ignore[comparison-overlap]  # as above
        assert "x" not in every  # type: ignore[comparison-overlap]  # as above
        assert X in every
        assert pv.Claim(text="other") not in every


class TestLookupByValue:
    """
    D8: Ledger.claim and Ledger.source take the value itself, as the other
    lookups do, and say what they take otherwise.
    """

    def test_held(self) -> None:
        """
        A value the ledger holds is returned, as the ledger holds it.
        """
        ledger = pv.Ledger.of([_said(X)])

        assert X == ledger.claim(pv.Claim(text="resigned", key="x"))
        assert MINISTRY == ledger.source(
            pv.Source(name="Ministry", kind=pv.SourceKind.AGENCY)
        )

    def test_not_held(self) -> None:
        """
        A value the ledger lacks is unknown, as a key or name would be.
        """
        ledger = pv.Ledger.of([_said(X)])

        with pytest.raises(UnknownClaimError, match="holds no claim"):
            ledger.claim(Z)
        with pytest.raises(UnknownSourceError, match="reaches no source"):
            ledger.source(pv.Source(name="Other", kind=pv.SourceKind.AGENCY))

    @pytest.mark.parametrize("value", [5, None, b"x", ["x"]], ids=repr)
    def test_wrong_type(self, value: object) -> None:
        """
        The message says what is taken.
        """
        ledger = pv.Ledger.of([_said(X)])

        with pytest.raises(InvalidValueError) as claim:
            ledger.claim(value)  # type: ignore[arg-type]  # hostile
        with pytest.raises(InvalidValueError) as source:
            ledger.source(value)  # type: ignore[arg-type]  # hostile

        assert "must be a Claim, or a claim key or id (a str)" == claim.value.msg
        assert "must be a Source, or a source name or id (a str)" == source.value.msg


def _bundle() -> dict[str, Any]:
    ledger = pv.Ledger.of(
        [*_article(), Exclusive(key="which", claims=list(_article().claims)[:2])]
    )
    return to_stix(ledger)


# What the object _index picks has: a held report, a source's identity.
_NEEDS: Final = {"report": "x_provenance_held", "identity": "x_provenance_kind"}


def _index(bundle: dict[str, Any], kind: str) -> int:
    return next(
        i
        for i, node in enumerate(bundle["objects"])
        if node["type"] == kind and _NEEDS.get(kind, "type") in node
    )


class TestStixCopies:
    """
    D9: two objects with one id that hold different values are refused,
    naming the later, whichever is the altered one; copies that hold one
    value are read alike in any order.
    """

    @pytest.mark.parametrize(
        ("kind", "key", "value"),
        [
            ("report", "x_provenance_made_at", "12:00:00"),
            ("opinion", "x_provenance_stance", "CT-"),
            ("provenance-claim", "name", "altered"),
            ("provenance-relation", "exhaustive", True),
            ("identity", "x_provenance_kind", "other"),
        ],
    )
    @pytest.mark.parametrize("before", [True, False])
    def test_altered_twin(
        self, kind: str, key: str, value: object, before: bool
    ) -> None:
        """
        An altered copy before or after the original is refused at the
        later one's id.
        """
        bundle = _bundle()
        index = _index(bundle, kind)
        twin = copy.deepcopy(bundle["objects"][index])
        assert twin.get(key) != value
        twin[key] = value
        objects = bundle["objects"]
        objects.insert(0 if before else len(objects), twin)
        later = index + 1 if before else len(objects) - 1

        with pytest.raises(DocumentError) as caught:
            from_stix(bundle)

        assert f"$.objects[{later}].id" == caught.value.path

    @pytest.mark.parametrize("before", [True, False])
    def test_same_value(self, before: bool) -> None:
        """
        Copies that differ only in what their value does not hold (held,
        markings, labels) are read as one value, in either order.
        """
        bundle = _bundle()
        expected = from_stix(copy.deepcopy(bundle))
        objects = bundle["objects"]
        twins = []
        for node in objects:
            if node["type"] in ("report", "opinion", "identity"):
                twin = copy.deepcopy(node)
                twin.pop("x_provenance_held", None)
                twin["labels"] = ["merged"]
                twin["object_marking_refs"] = [
                    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
                ]
                twins.append(twin)
        bundle["objects"] = [*twins, *objects] if before else [*objects, *twins]

        assert expected == from_stix(bundle)
