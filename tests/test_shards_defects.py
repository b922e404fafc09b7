"""
The defects a review found in the shards of provenance.distributed: a
failed write loses nothing, a manifest that does not match its folder is
refused, and every failure to read or write a shard is a ProvenanceError
naming the file (and the line).
"""

from __future__ import annotations

import datetime as dt
import json
import os

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from provenance import Claim, Ledger, Source, SourceKind, Stance, Statement, dumps
from provenance.distributed import (
    MANIFEST,
    assess_documents,
    read_shards,
    write_shards,
)
from provenance.errors import DocumentError, FileAccessError, InvalidValueError
from provenance.records import Record
from provenance.relations import Entails, Exclusive, Relation


NIS = Source(name="NIS", kind=SourceKind.AGENCY)
RECORDS = tuple(
    Statement(
        source=NIS,
        claim=Claim(text=f"claim {i}", key=f"c{i}"),
        stance=Stance.from_verb("said"),
        made_on=dt.date(2024, 10, 18),
    )
    for i in range(30)
)


def contents(folder: Path) -> dict[str, bytes]:
    """
    Every entry of *folder*, hidden ones included, with a file's bytes.
    """
    return {
        p.name: p.read_bytes() if p.is_file() else b"<dir>" for p in folder.iterdir()
    }


def read_all(folder: Path) -> list[object]:
    return [item for loader in read_shards(folder) for item in loader()]


class TestFailedWrite:
    """
    A write that fails leaves the folder as it was.
    """

    def test_invalid_record_keeps_the_old_shards(self, tmp_path: Path) -> None:
        write_shards(RECORDS, tmp_path, shards=3)
        before = contents(tmp_path)
        with pytest.raises(InvalidValueError, match="Statement and Report"):
            write_shards([*RECORDS, 5], tmp_path, shards=3)  # type: ignore[list-item]  # the point
        assert before == contents(tmp_path)
        assert set(RECORDS) == set(read_all(tmp_path))

    def test_invalid_record_late_in_a_stream(self, tmp_path: Path) -> None:
        """
        A stream read once, whose bad record comes after whole batches were
        written: the new files written so far are removed.
        """
        write_shards(RECORDS[:5], tmp_path, shards=2)
        before = contents(tmp_path)
        stream = iter([*RECORDS, 5])
        with pytest.raises(InvalidValueError):
            write_shards(stream, tmp_path, shards=2, batch=1)  # type: ignore[arg-type]  # the point
        assert before == contents(tmp_path)

    def test_invalid_record_creates_no_folder(self, tmp_path: Path) -> None:
        folder = tmp_path / "new"
        with pytest.raises(InvalidValueError):
            write_shards([*RECORDS, 5], folder, shards=3, batch=1)  # type: ignore[list-item]  # the point
        assert not folder.exists()

    def test_invalid_arguments_touch_nothing(self, tmp_path: Path) -> None:
        write_shards(RECORDS, tmp_path, shards=3)
        before = contents(tmp_path)
        bad: dict[str, Any]
        for bad in ({"shards": 0}, {"batch": -1}, {"shards": 2.0}):
            with pytest.raises(InvalidValueError):
                write_shards(RECORDS, tmp_path, **bad)
        assert before == contents(tmp_path)

    def test_failure_while_writing_keeps_the_old_shards(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        An operating system error part-way (a full disk, say) is a
        FileAccessError, the old shards and manifest stay, and no new file
        is left behind.
        """
        write_shards(RECORDS, tmp_path, shards=3)
        before = contents(tmp_path)
        real = Path.open
        calls = 0

        def failing(self: Path, *args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise OSError(28, "No space left on device")
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", failing)
        with pytest.raises(FileAccessError, match="No space left") as info:
            write_shards(RECORDS[::-1], tmp_path, shards=3, batch=2)
        assert str(tmp_path) in info.value.path
        assert isinstance(info.value.__cause__, OSError)
        assert before == contents(tmp_path)

    @pytest.mark.parametrize("step", ["write_text", "replace"])
    def test_failure_before_anything_is_moved(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
    ) -> None:
        """
        The manifest failing to be written, or the first shard failing to
        be put in place, is a FileAccessError with the system's reason: the
        old shards and manifest stay, and no new file is left behind.
        """
        write_shards(RECORDS, tmp_path, shards=3)
        before = contents(tmp_path)

        def full(*_args: Any, **_kwargs: Any) -> Any:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Path, step, full)
        with pytest.raises(FileAccessError, match="No space left") as info:
            write_shards(RECORDS[::-1], tmp_path, shards=3)
        monkeypatch.undo()

        assert str(tmp_path) in info.value.path
        assert isinstance(info.value.__cause__, OSError)
        assert before == contents(tmp_path)
        assert set(RECORDS) == set(read_all(tmp_path))

    @pytest.mark.parametrize("links", [True, False])
    @pytest.mark.parametrize("failing", [2, 3, 4])
    def test_failure_while_moving_into_place(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        failing: int,
        links: bool,
    ) -> None:
        """
        A shard (or the manifest) failing to be put in place after others
        were: those are put back, so the folder holds the old shards and
        manifest, byte for byte, and reads as before; no new file is left.
        On a file system without hard links too.
        """
        write_shards(RECORDS[:15], tmp_path, shards=3)
        if not links:

            def no_links(*_args: Any, **_kwargs: Any) -> None:
                raise OSError(1, "Operation not permitted")

            monkeypatch.setattr(os, "link", no_links)
        before = contents(tmp_path)
        real = Path.replace
        calls = 0

        def failing_at(self: Path, target: Any) -> Path:
            nonlocal calls
            calls += 1
            if calls == failing:
                raise OSError(5, "Input/output error")
            return real(self, target)

        monkeypatch.setattr(Path, "replace", failing_at)
        with pytest.raises(FileAccessError, match="Input/output error"):
            write_shards(RECORDS[15:], tmp_path, shards=3)
        monkeypatch.undo()

        assert before == contents(tmp_path)
        assert set(RECORDS[:15]) == set(read_all(tmp_path))

    def test_failure_while_moving_into_a_new_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Into a folder the write made, a failure part-way leaves no folder.
        """
        folder = tmp_path / "new"
        real = Path.replace
        calls = 0

        def failing_second(self: Path, target: Any) -> Path:
            nonlocal calls
            calls += 1
            if calls == 2:  # after one shard is in place
                raise OSError(5, "Input/output error")
            return real(self, target)

        monkeypatch.setattr(Path, "replace", failing_second)
        with pytest.raises(FileAccessError):
            write_shards(RECORDS, folder, shards=3)

        assert [] == list(tmp_path.iterdir())

    def test_unwritable_folder(self, tmp_path: Path) -> None:
        """
        A folder that cannot be made is a FileAccessError naming it.
        """
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(FileAccessError) as info:
            write_shards(RECORDS, blocker / "shards", shards=2)
        assert str(blocker) in info.value.path
        assert ["file"] == [p.name for p in tmp_path.iterdir()]

    def test_fewer_shards_replace_more(self, tmp_path: Path) -> None:
        write_shards(RECORDS, tmp_path, shards=5)
        write_shards(RECORDS[:3], tmp_path, shards=2)
        assert ["shard-00000.jsonl", "shard-00001.jsonl", MANIFEST] == sorted(
            contents(tmp_path)
        )
        assert set(RECORDS[:3]) == set(read_all(tmp_path))


class TestManyShards:
    """
    Shards are not all held open at once.
    """

    def test_more_shards_than_open_files(self, tmp_path: Path) -> None:
        resource = pytest.importorskip("resource")
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard))
        try:
            write_shards(RECORDS, tmp_path, shards=600)
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        assert 601 == len(contents(tmp_path))
        assert set(RECORDS) == set(read_all(tmp_path))

    def test_open_files_at_once(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        At most one shard is open at any time.
        """
        real = Path.open
        open_now = 0
        most = 0

        class Counted:
            def __init__(self, file: object) -> None:
                self.file = file

            def __enter__(self) -> object:
                return self.file.__enter__()  # type: ignore[attr-defined]  # a file

            def __exit__(self, *exc: object) -> None:
                nonlocal open_now
                open_now -= 1
                self.file.__exit__(*exc)  # type: ignore[attr-defined]  # a file

        def counting(self: Path, *args: Any, **kwargs: Any) -> Any:
            nonlocal open_now, most
            open_now += 1
            most = max(most, open_now)
            return Counted(real(self, *args, **kwargs))

        monkeypatch.setattr(Path, "open", counting)
        write_shards(RECORDS, tmp_path, shards=20, batch=2)
        monkeypatch.undo()
        assert 1 <= most <= 1
        assert set(RECORDS) == set(read_all(tmp_path))


def manifest(folder: Path, shards: object) -> None:
    text = json.dumps({"format": "provenance-shards", "version": 1, "shards": shards})
    (folder / MANIFEST).write_text(text, encoding="utf-8")


class TestManifest:
    """
    A manifest whose number of shards does not match the files present is
    refused at once, without a loader built per shard it claims.
    """

    @pytest.mark.parametrize(
        ("written", "edit"),
        [
            pytest.param(
                3, lambda folder: manifest(folder, 100_000_000_000), id="huge-count"
            ),
            pytest.param(
                0,
                lambda folder: manifest(folder, 100_000_000_000),
                id="huge-count-in-an-empty-folder",
            ),
            pytest.param(
                3, lambda folder: manifest(folder, 2), id="fewer-claimed-than-present"
            ),
            pytest.param(
                3,
                lambda folder: (folder / "shard-00002.jsonl").unlink(),
                id="last-shard-missing",
            ),
        ],
    )
    def test_count_not_matching_the_files(
        self, tmp_path: Path, written: int, edit: Callable[[Path], None]
    ) -> None:
        """
        *written* shards (none: an empty folder), then *edit*: reading is a
        DocumentError naming the manifest's count of shards.
        """
        if written:
            write_shards(RECORDS, tmp_path, shards=written)
        edit(tmp_path)
        with pytest.raises(DocumentError, match="shards") as info:
            read_shards(tmp_path)
        assert info.value.path == f"{tmp_path / MANIFEST}:$.shards"

    def test_other_files_are_ignored(self, tmp_path: Path) -> None:
        write_shards(RECORDS, tmp_path, shards=2)
        (tmp_path / "notes.txt").write_text("mine")
        (tmp_path / "shard-x.jsonl").write_text("mine")
        assert set(RECORDS) == set(read_all(tmp_path))


class TestReadErrors:
    """
    A shard that cannot be read, or holds bytes that are not UTF-8, is a
    ProvenanceError naming the file (and the line).
    """

    def test_missing_shard(self, tmp_path: Path) -> None:
        write_shards(RECORDS, tmp_path, shards=3)
        (tmp_path / "shard-00001.jsonl").unlink()
        with pytest.raises(FileAccessError, match="No such file") as info:
            read_shards(tmp_path)
        assert info.value.path == str(tmp_path / "shard-00001.jsonl")
        assert isinstance(info.value.__cause__, FileNotFoundError)

    def test_shard_removed_before_its_loader_runs(self, tmp_path: Path) -> None:
        write_shards(RECORDS, tmp_path, shards=3)
        loaders = read_shards(tmp_path)
        (tmp_path / "shard-00001.jsonl").unlink()
        with pytest.raises(FileAccessError, match="No such file") as info:
            loaders[1]()
        assert info.value.path == str(tmp_path / "shard-00001.jsonl")
        assert isinstance(info.value.__cause__, FileNotFoundError)

    def test_shard_is_a_folder(self, tmp_path: Path) -> None:
        write_shards(RECORDS, tmp_path, shards=2)
        loaders = read_shards(tmp_path)
        (tmp_path / "shard-00000.jsonl").unlink()
        (tmp_path / "shard-00000.jsonl").mkdir()
        with pytest.raises(FileAccessError) as info:
            loaders[0]()
        assert info.value.path == str(tmp_path / "shard-00000.jsonl")

    def test_bytes_not_utf8(self, tmp_path: Path) -> None:
        write_shards(RECORDS, tmp_path, shards=1, batch=10)
        path = tmp_path / "shard-00000.jsonl"
        lines = path.read_bytes().split(b"\n")
        lines[1] = lines[1][:20] + b"\xff" + lines[1][21:]
        path.write_bytes(b"\n".join(lines))
        with pytest.raises(DocumentError, match="not UTF-8") as info:
            read_shards(tmp_path)[0]()
        assert f"{path}:2:" in info.value.path
        assert "line 2" in info.value.msg

    def test_crlf_lines_read(self, tmp_path: Path) -> None:
        """
        Lines ending CR LF (a shard copied through Windows) read as before.
        """
        write_shards(RECORDS, tmp_path, shards=1, batch=7)
        path = tmp_path / "shard-00000.jsonl"
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        assert set(RECORDS) == set(read_all(tmp_path))


def test_no_process_state(tmp_path: Path) -> None:
    """
    Writing and reading leave the working folder and umask as they were.
    """
    cwd = Path.cwd()
    mask = os.umask(0o022)
    os.umask(mask)
    records: list[Record] = list(RECORDS)
    write_shards(records, tmp_path, shards=2)
    read_all(tmp_path)
    assert cwd == Path.cwd()
    assert mask == os.umask(mask)


class TestRelationsAcrossLines:
    """
    Relations each line (or document) holds alone, but that cannot all hold
    together, are refused when read, naming where: not later, as a
    RelationError naming nothing.
    """

    A = Claim(text="X was shot dead", key="a")
    B = Claim(text="X is dead", key="b")
    C = Claim(text="X is alive", key="c")
    SAID = Statement(
        source=NIS,
        claim=A,
        stance=Stance.from_verb("said"),
        made_on=dt.date(2024, 1, 1),
    )

    @pytest.mark.parametrize(
        "second",
        [
            [Entails(specific=B, general=A), Entails(specific=C, general=B)],
            # One claim in two exclusive sets.
            [Exclusive(key="s2", claims=frozenset({A, C}))],
            # Two sets with one key.
            [Exclusive(key="s1", claims=frozenset({C, Claim(text="y")}))],
        ],
    )
    def test_conflicting_lines(self, tmp_path: Path, second: list[Relation]) -> None:
        first = Ledger.of(
            [
                self.SAID,
                Entails(specific=self.A, general=self.B),
                Exclusive(key="s1", claims=frozenset({self.A, Claim(text="z")})),
            ]
        )
        write_shards(first, tmp_path, shards=1)
        shard = tmp_path / "shard-00000.jsonl"
        lines = len(shard.read_bytes().splitlines())
        with shard.open("a", encoding="utf-8") as file:
            file.write(dumps(Ledger.of(second)) + "\n")
        (loader,) = read_shards(tmp_path)

        with pytest.raises(DocumentError, match="relations cannot all hold") as info:
            loader()

        assert f"{shard}:{lines + 1}:$.relations" == info.value.path
        with pytest.raises(DocumentError, match="relations cannot all hold") as info:
            assess_documents([dumps(first), dumps(Ledger.of(second))])

        assert "documents[1]:$.relations" == info.value.path

    def test_agreeing_lines(self, tmp_path: Path) -> None:
        """
        Relations spread over lines that hold together are read as one.
        """
        write_shards(Ledger.of([self.SAID]), tmp_path, shards=1)
        shard = tmp_path / "shard-00000.jsonl"
        with shard.open("a", encoding="utf-8") as file:
            file.write(
                dumps(Ledger.of([Entails(specific=self.A, general=self.B)])) + "\n"
            )
            file.write(
                dumps(Ledger.of([Entails(specific=self.B, general=self.C)])) + "\n"
            )
        (loader,) = read_shards(tmp_path)

        assert 3 == len(list(loader()))
