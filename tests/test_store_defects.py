"""
The store against the defects a review found: tampered texts that are not
objects or that relay themselves, chains as deep as the depth limit allows,
duplicate problems, unusable paths, a clock that goes backwards, malformed
versions, and arguments checked when called.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from pathlib import Path
from typing import Any

import pytest

from provenance import (
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
)
from provenance import store as store_module
from provenance._identity import report_text, source_text, text_id
from provenance.cli import main
from provenance.errors import (
    DepthExceededError,
    InvalidValueError,
    StoreError,
    StoreLockedError,
    TamperedError,
    UnsupportedVersionError,
)
from provenance.records import depth_limit
from provenance.sources import Channel, ChannelKind
from provenance.store import SCHEMA_VERSION, Store, chain_value


ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "article.json"
NIS = Source(name="NIS", kind=SourceKind.AGENCY)
OUTLET = Source(name="Outlet", kind=SourceKind.MEDIA_OUTLET)
TROOPS = Claim(text="North Korea sent troops", key="troops")
SAID = Statement(
    source=NIS,
    claim=TROOPS,
    stance=Stance.from_verb("said"),
    made_on=dt.date(2024, 10, 18),
)
RELAYED = Report(reporter=OUTLET, content=SAID, made_on=dt.date(2024, 10, 19))


def _tamper(path: Path, *sql: str) -> None:
    db = sqlite3.connect(str(path), isolation_level=None)
    names = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    for (name,) in names.fetchall():
        db.execute(f"DROP TRIGGER {name}")
    for statement in sql:
        db.execute(statement)
    for statement in store_module._TRIGGERS.split(";\n"):  # Tracks covered.
        if statement.strip():
            db.execute(statement)
    db.close()


def _chain(depth: int) -> Report:
    """
    A chain of *depth* reports (build it inside a large enough limit).
    """
    node: Statement | Report = SAID
    for _ in range(depth):
        node = Report(reporter=OUTLET, content=node, made_on=dt.date(2024, 10, 19))
    assert isinstance(node, Report)
    return node


class TestNotAnObject:
    """
    Defect 1a: a record whose text is JSON but not an object.
    """

    @pytest.mark.parametrize("text", ["[1,2]", "5", '"x"', "null", "true"])
    @pytest.mark.parametrize("table", ["records", "sources", "claims", "channels"])
    def test_reported_as_tampering(
        self, store: Store, path: Path, table: str, text: str
    ) -> None:
        """
        verify() names the value, and reading it raises TamperedError.
        """
        with_channel = Statement(
            source=NIS,
            claim=TROOPS,
            stance=Stance.from_verb("said"),
            made_on=dt.date(2024, 10, 18),
            channel=Channel(kind=ChannelKind.BRIEFING),
        )
        store.add([with_channel, RELAYED])
        _tamper(path, f"UPDATE {table} SET text = '{text}'")  # noqa: S608

        problems = store.verify()

        assert problems
        assert all(isinstance(p, TamperedError) for p in problems)
        assert any(table in p.path for p in problems), problems
        with pytest.raises(TamperedError):
            store.ledger()
        with pytest.raises(TamperedError):
            dict(store.assess_all())

    @pytest.mark.parametrize(
        "text",
        [
            '{"type":"statement","made_at":[1],"stance":[]}',
            '{"type":"statement","stance":[1]}',
            '{"type":"report","content":5}',
            '{"type":"report"}',
        ],
    )
    def test_malformed_parts(self, store: Store, path: Path, text: str) -> None:
        """
        Parts of the wrong type inside an object are tampering too.
        """
        store.add([RELAYED])
        _tamper(path, f"UPDATE records SET text = '{text}'")  # noqa: S608

        problems = store.verify()

        assert problems
        assert all(isinstance(p, TamperedError) for p in problems)
        with pytest.raises(TamperedError):
            store.ledger()

    def test_cli(
        self, store: Store, path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The command line reports it, with no traceback.
        """
        store.add([RELAYED])
        store.close()
        _tamper(path, "UPDATE records SET text = '[1,2]'")

        for command in ("verify", "assess", "export"):
            assert 1 == main([command, str(path)])
            assert "cannot be rebuilt" in capsys.readouterr().err


class TestCycles:
    """
    Defect 1b: a report that relays itself, or an affiliation cycle.
    """

    def _self_relaying(self, store: Store, path: Path) -> str:
        store.add([RELAYED])
        key = RELAYED.id
        text = report_text(RELAYED).replace(SAID.id, key)
        _tamper(path, f"UPDATE records SET text = '{text}' WHERE id = '{key}'")  # noqa: S608
        return key

    def test_report_relaying_itself(self, store: Store, path: Path) -> None:
        """
        verify() and ledger() name the cycle as tampering.
        """
        key = self._self_relaying(store, path)

        problems = store.verify()
        with pytest.raises(TamperedError, match="cycle") as exc:
            store.ledger()

        assert any("cycle" in p.msg for p in problems), problems
        assert (key,) == exc.value.value

    def test_ids_recomputed(self, store: Store, path: Path) -> None:
        """
        A cycle is found before any id is checked: recomputing them does
        not hide it.
        """
        store.add([RELAYED])
        text = report_text(RELAYED).replace(SAID.id, RELAYED.id)
        new = text_id(text)
        text = text.replace(RELAYED.id, new)
        _tamper(
            path,
            f"UPDATE records SET text = '{text}', id = '{new}' "  # noqa: S608
            f"WHERE id = '{RELAYED.id}'",
        )

        with pytest.raises(TamperedError, match="cycle"):
            store.ledger()
        assert all(isinstance(p, TamperedError) for p in store.verify())

    def test_cli(
        self, store: Store, path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The command line names the cycle, not an internal error.
        """
        self._self_relaying(store, path)
        store.close()

        assert 1 == main(["verify", str(path)])
        err = capsys.readouterr().err
        assert "cycle" in err
        assert "internal error" not in err

    def test_affiliation_cycle(self, store: Store, path: Path) -> None:
        """
        A source made its own affiliation is reported, not a RecursionError.
        """
        agency = Source(name="Agency", kind=SourceKind.AGENCY, affiliation=NIS)
        store.add(
            [
                Statement(
                    source=agency,
                    claim=TROOPS,
                    stance=Stance.from_verb("said"),
                    made_on=dt.date(2024, 10, 18),
                )
            ]
        )
        looped = source_text(NIS).replace(
            '"affiliation":null', f'"affiliation":"{agency.id}"'
        )
        _tamper(path, f"UPDATE sources SET text = '{looped}' WHERE id = '{NIS.id}'")  # noqa: S608

        problems = store.verify()

        assert any("cycle" in p.msg for p in problems), problems
        with pytest.raises(TamperedError):
            store.ledger()


class TestSourceFields:
    """
    A source whose text is an object, but whose fields cannot make a
    Source: named by its row, with what failed, and never read as a source.
    """

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ('{"affiliation":5,"kind":"agency","name":"NIS","role":null}', "TypeError"),
            ('{"kind":"agency","name":"NIS","role":null}', "KeyError"),
            (
                '{"affiliation":null,"kind":"spy","name":"NIS","role":null}',
                "ValueError",
            ),
            ('{"affiliation":null,"kind":"agency","name":"NIS"}', "KeyError"),
        ],
    )
    def test_reported_as_tampering(
        self, store: Store, path: Path, text: str, reason: str
    ) -> None:
        store.add([SAID])
        _tamper(path, f"UPDATE sources SET text = '{text}' WHERE id = '{NIS.id}'")  # noqa: S608
        where = f"sources[{NIS.id[:12]}]"
        message = f"cannot be rebuilt from its text ({reason})"

        problems = store.verify()
        with pytest.raises(TamperedError) as exc:
            store.ledger()

        assert (message, where, text) == (
            exc.value.msg,
            exc.value.path,
            exc.value.value,
        )
        assert any((p.msg, p.path) == (message, where) for p in problems), problems


class TestRecordIds:
    def test_id_that_is_not_hexadecimal(self, store: Store, path: Path) -> None:
        """
        A record id edited into something that is not an id: verify names
        the row's index key as disagreeing with it.
        """
        store.add([SAID])
        bad = "z" * 64
        _tamper(path, f"UPDATE records SET id = '{bad}' WHERE id = '{SAID.id}'")  # noqa: S608

        problems = store.verify()

        assert any(
            (p.msg, p.path)
            == ("the index key disagrees with the id", "records[zzzzzzzzzzzz]")
            for p in problems
        ), problems


class TestFull:
    def test_a_full_store_loses_nothing(self, store: Store) -> None:
        """
        An add that fails for SQLite's own reason (here a full database) is a
        StoreError saying what failed, and leaves the store as it was.
        """
        store.add([SAID])
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")
        more = [_chain(depth) for depth in range(1, 60)]

        with pytest.raises(StoreError) as exc:
            store.add(more)

        assert "cannot write to the store: database or disk is full" == exc.value.msg
        assert not isinstance(exc.value, StoreLockedError)
        assert 1 == len(store)
        assert Ledger.of([SAID]) == store.ledger()
        assert () == store.verify()


class TestDepth:
    """
    Defect 2: chains as deep as the depth limit allows.
    """

    def test_deep_chain_reads_back(self, store: Store) -> None:
        """
        A chain deeper than Python's recursion limit, written inside a
        depth limit, reads back inside it: no recursion.
        """
        with depth_limit(3000):
            top = _chain(2500)
            ledger = Ledger.of([top])
            store.add(ledger)

            assert ledger == store.ledger()
            assert () == store.verify()
            assert store.assess("troops").probability == pytest.approx(
                store.assess(TROOPS).probability
            )

    def test_add_refuses_what_it_could_not_read(self, store: Store) -> None:
        """
        A chain deeper than the limit in force is refused by add, as Report
        refuses to build it: the store only takes what it can read back.
        """
        with depth_limit(200):
            top = _chain(150)

        with pytest.raises(DepthExceededError) as exc:
            store.add([SAID, top])

        assert "Store.add[1]" == exc.value.path
        assert 100 == exc.value.limit
        assert 0 == len(store)
        with depth_limit(200):
            assert 1 == len(store.add([top]))

    def test_reading_honours_the_limit(self, store: Store) -> None:
        """
        Read outside the limit it was written in, a chain is too deep (a
        DepthExceededError, as loads gives), not tampered.
        """
        with depth_limit(200):
            top = _chain(150)
            store.add([top])

        with pytest.raises(DepthExceededError) as exc:
            store.ledger()
        with pytest.raises(DepthExceededError):
            store.verify()
        with pytest.raises(DepthExceededError):
            store.assess("troops")

        assert not isinstance(exc.value, TamperedError)
        assert exc.value.path.startswith("records[")
        with depth_limit(200):
            assert Ledger.of([top]) == store.ledger()
            assert () == store.verify()

    def test_cli_says_it_once(
        self, store: Store, path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        provenance verify reports the depth once, not as tampering.
        """
        with depth_limit(200):
            store.add([_chain(150)])
        store.close()

        assert 1 == main(["verify", str(path)])
        err = capsys.readouterr().err
        assert 1 == err.count("too deep"), err
        assert "cannot be rebuilt" not in err


class TestProblemsOnce:
    """
    Defect 3: verify() reports each problem once, in a stable order.
    """

    def _many(self) -> list[Statement | Report]:
        return [
            Report(
                reporter=OUTLET,
                content=Statement(
                    source=NIS,
                    claim=Claim(text=f"claim {i}", about=[NIS]),
                    stance=Stance.from_verb("said"),
                    made_on=dt.date(2024, 1, 1),
                ),
                made_on=dt.date(2024, 1, 2),
            )
            for i in range(10)
        ]

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE records SET text = '[1,2]' WHERE ref = 2",
            f"DELETE FROM sources WHERE id = '{NIS.id}'",  # noqa: S608
            "UPDATE records SET text = replace(text, '2024-01-01', '2023-01-01')",
        ],
    )
    def test_each_once(self, store: Store, path: Path, sql: str) -> None:
        store.add(self._many())
        _tamper(path, sql)

        problems = store.verify()

        shown = [str(p) for p in problems]
        assert problems
        assert len(shown) == len(set(shown)), shown
        assert shown == [str(p) for p in store.verify()]

    def test_deleted_source_once(self, store: Store, path: Path) -> None:
        """
        A source every record and claim reaches is reported missing once.
        """
        store.add(self._many())
        _tamper(path, f"DELETE FROM sources WHERE id = '{OUTLET.id}'")  # noqa: S608

        problems = store.verify()

        assert 1 == sum("missing source" in p.msg for p in problems), problems


class TestPaths:
    """
    Defects 4 and 5: a path with a null character, and a directory.
    """

    def test_null_character(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        where = f"{tmp_path}/go\x00od.db"

        with pytest.raises(StoreError, match="null character") as exc:
            Store.open(where)
        assert 1 == main(["add", where, str(ARTICLE)])

        assert "null character" in capsys.readouterr().err
        assert not isinstance(exc.value.__cause__, ValueError)
        assert [] == list(tmp_path.iterdir())

    def test_name_too_long(self, tmp_path: Path) -> None:
        """
        A file name the system refuses (longer than it allows) is a
        StoreError naming the path, and nothing is created.
        """
        where = tmp_path / ("x" * 300)

        with pytest.raises(StoreError) as exc:
            Store.open(where)

        assert exc.value.path.startswith(f"{tmp_path}/xxxx")
        assert exc.value.msg in (
            "cannot read the store: File name too long",  # Python < 3.14
            "cannot open the store: unable to open database file",
        )
        assert [] == list(tmp_path.iterdir())

    def test_directory_named_once(self, tmp_path: Path) -> None:
        with pytest.raises(StoreError) as exc:
            Store.open(tmp_path)

        assert "is a directory, not a provenance store" == exc.value.msg
        assert str(tmp_path) == exc.value.path
        assert 1 == str(exc.value).count(str(tmp_path))


class TestClock:
    """
    Defect 6: a clock set back never makes recorded_at decrease.
    """

    def test_stamped_after_the_last_entry(self, path: Path) -> None:
        moments = iter(
            [
                dt.datetime(2025, 3, 5, 12, tzinfo=dt.timezone.utc),
                dt.datetime(2025, 3, 1, 12, tzinfo=dt.timezone.utc),
            ]
        )
        with Store.open(path, clock=lambda: next(moments)) as store:
            store.add([SAID])
            store.add([RELAYED])

            assert 0 == len(store.ledger(known_on=dt.date(2025, 3, 1)))
            assert 2 == len(store.ledger(known_on=dt.date(2025, 3, 5)))
            assert () == store.verify()
            stamps = [
                row[0]
                for row in store._db.execute(
                    "SELECT recorded_at FROM entries ORDER BY seq"
                )
            ]
        assert stamps == sorted(stamps)
        assert stamps[0] == stamps[1]

    def test_verify_finds_a_clock_set_back(self, store: Store, path: Path) -> None:
        store.add([SAID])
        store.add([RELAYED])
        # Rewritten whole, hash chain included: only the order gives it away.
        db = sqlite3.connect(str(path), isolation_level=None)
        rows = db.execute("SELECT seq, chain FROM entries ORDER BY seq").fetchall()
        db.close()
        ids = [SAID.id, RELAYED.id]
        stamps = ["2025-03-05T00:00:00.000000Z", "2025-03-01T00:00:00.000000Z"]
        chain = "0" * 64
        sql = []
        for (seq, _), key, stamp in zip(rows, ids, stamps, strict=True):
            chain = chain_value(chain, key, stamp)
            sql.append(
                f"UPDATE entries SET recorded_at = '{stamp}', "  # noqa: S608
                f"chain = '{chain}' WHERE seq = {seq}"
            )
        _tamper(path, *sql)

        problems = store.verify()

        assert 1 == len(problems), problems
        assert "recorded_at must not decrease" in problems[0].msg
        assert f"entries[{rows[1][0]}]" == problems[0].path


class TestVersion:
    """
    Defect 7: only a well-formed newer version is "newer".
    """

    def _version(self, path: Path, version: str) -> None:
        Store.open(path).close()
        _tamper(path, f"UPDATE meta SET value = '{version}' WHERE name = 'version'")  # noqa: S608

    @pytest.mark.parametrize("version", ["0", "x", "1.0", "", "01", "-1", " 1", "²"])
    def test_malformed(self, path: Path, version: str) -> None:
        self._version(path, version)

        with pytest.raises(StoreError) as exc:
            Store.open(path)

        assert not isinstance(exc.value, UnsupportedVersionError)
        assert "not a valid provenance store" in exc.value.msg
        assert repr(version) in str(exc.value)
        assert exc.value.path.endswith(":meta.version")

    @pytest.mark.parametrize(
        "version", [str(SCHEMA_VERSION + 1), "99", "12345678901234567890"]
    )
    def test_newer(self, path: Path, version: str) -> None:
        self._version(path, version)

        with pytest.raises(UnsupportedVersionError, match="newer"):
            Store.open(path)

    def test_missing(self, path: Path) -> None:
        Store.open(path).close()
        _tamper(path, "DELETE FROM meta WHERE name = 'version'")

        with pytest.raises(StoreError, match="not a valid provenance store"):
            Store.open(path)


class TestAssessAllArguments:
    """
    Defect 8: assess_all checks its arguments when called.
    """

    @pytest.mark.parametrize(
        ("kwargs", "where"),
        [
            ({"as_of": "x"}, "Store.assess_all.as_of"),
            ({"known_on": 3}, "Store.assess_all.known_on"),
            ({"policy": "x"}, "Store.assess_all.policy"),
        ],
    )
    def test_checked_when_called(
        self, store: Store, kwargs: dict[str, object], where: str
    ) -> None:
        with pytest.raises(InvalidValueError) as exc:
            store.assess_all(**kwargs)  # type: ignore[arg-type]  # wrong on purpose

        assert where == exc.value.path

    def test_same_error_as_assess(self, store: Store) -> None:
        store.add([SAID])
        with pytest.raises(InvalidValueError) as one:
            store.assess("troops", as_of="x")  # type: ignore[arg-type]  # wrong on purpose
        with pytest.raises(InvalidValueError) as every:
            store.assess_all(as_of="x")  # type: ignore[arg-type]  # wrong on purpose

        assert one.value.msg == every.value.msg


class TestVerifyWhileAdding:
    """
    Another process adding while verify reads is not tampering: verify
    reads one state of the store.
    """

    @staticmethod
    def _claims(tag: str, count: int) -> list[Statement]:
        state = Source(name=f"State {tag}", kind=SourceKind.GOVERNMENT)
        return [
            Statement(
                source=Source(
                    name=f"Official {tag}{i}", kind=SourceKind.PERSON, affiliation=state
                ),
                claim=Claim(
                    text=f"Claim {tag}{i}",
                    about=[
                        Source(name=f"Party {tag}{i}", kind=SourceKind.ORGANISATION)
                    ],
                ),
                stance=Stance.from_verb("said"),
                made_on=dt.date(2024, 1, 1),
            )
            for i in range(count)
        ]

    def test_add_between_its_reads(
        self, store: Store, path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        store.add(self._claims("a", 5))
        unreached = store_module._unreached

        def another_process_adds(*args: Any, **named: Any) -> Any:
            with Store.open(path, timeout=0) as other:  # Never waits for verify.
                other.add(self._claims("b", 3))
            return unreached(*args, **named)

        monkeypatch.setattr(store_module, "_unreached", another_process_adds)
        during = store.verify()
        monkeypatch.undo()

        assert () == during
        assert () == store.verify()
        assert 8 == len(store)
