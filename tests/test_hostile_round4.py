"""
Hostile input, round four: the store and output paths the fourth adversarial
round found mishandled (a long file name, a symbolic link to no file, a name
ending in a separator, an empty folder name), with inputs of our own.

Every case ends in a correct result or a ProvenanceError naming the place.
"""

from __future__ import annotations

import errno
import os
import secrets
import sqlite3

from pathlib import Path
from typing import Any

import pytest

from provenance import Ledger, dump, load
from provenance import _files as files_module
from provenance import store as store_module
from provenance.cli import main
from provenance.distributed import (
    MANIFEST,
    assess_distributed,
    assessment_bag,
    read_shards,
    write_shards,
)
from provenance.errors import FileAccessError, InvalidValueError, StoreError
from provenance.store import Store, is_store


ARTICLE_PATH = Path(__file__).resolve().parents[1] / "examples" / "article.json"
ARTICLE: Ledger = load(ARTICLE_PATH)


def longest_name(folder: Path, suffix: str, *, spare: int = 0) -> str:
    """
    The longest file name *folder*'s file system allows, less *spare*
    bytes, ending in *suffix*.
    """
    try:
        most = os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        pytest.skip("no name length limit known here")
    if most < 0 or most > 4096:  # no limit worth trying
        pytest.skip("no name length limit here")
    return "s" * (most - spare - len(suffix)) + suffix


def held(path: Path) -> int:
    with Store.open(path) as store:
        return len(store)


def names(folder: Path) -> set[str]:
    """
    The files in *folder*, but the log and index SQLite keeps beside a store.
    """
    return {p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))}


class TestLongNames:
    """
    D3: a name as long as the file system allows is staged under a short
    name, and cleaning up never fails with a bare OSError.
    """

    def test_store_of_the_longest_name(self, tmp_path: Path) -> None:
        """
        A store whose file name is as long as allowed (room left for
        SQLite's ``-wal``) is created and reopened.
        """
        path = tmp_path / longest_name(tmp_path, ".db", spare=4)

        with Store.open(path) as store:
            store.add(ARTICLE)

        assert len(ARTICLE) == held(path)
        assert {path.name} == names(tmp_path)

    def test_cli_add_to_the_longest_name(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``provenance add`` to a store of the longest name succeeds.
        """
        path = tmp_path / longest_name(tmp_path, ".db", spare=4)

        assert 0 == main(["add", str(path), str(ARTICLE_PATH)])

        assert "" == capsys.readouterr().err
        assert len(ARTICLE) == held(path)

    @pytest.mark.parametrize("spare", [0, 3])
    def test_store_name_too_long_for_its_log(self, tmp_path: Path, spare: int) -> None:
        """
        A name the system allows but SQLite cannot add ``-wal`` to is
        refused before anything is made (else no one could open the store).
        """
        path = tmp_path / longest_name(tmp_path, ".db", spare=spare)

        with pytest.raises(StoreError, match="file name is longer than") as exc:
            Store.open(path)

        assert exc.value.path.startswith(f"{tmp_path}/sss")
        assert set() == names(tmp_path)

    def test_output_of_the_longest_name(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``-o`` and `dump` write a file of the longest name, leaving nothing
        else.
        """
        out = tmp_path / longest_name(tmp_path, ".json")
        dumped = tmp_path / "d" / longest_name(tmp_path, ".json")
        dumped.parent.mkdir()

        assert 0 == main(["export", str(ARTICLE_PATH), "-o", str(out)])
        dump(ARTICLE, dumped)

        assert "" == capsys.readouterr().err
        assert ARTICLE == load(out)
        assert ARTICLE == load(dumped)
        assert {out.name, "d"} == names(tmp_path)
        assert {dumped.name} == names(dumped.parent)

    def test_staging_name_is_short(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        The staging name does not grow with the target's.
        """
        seen: list[Path] = []
        staging_path = files_module.staging_path

        def spy(target: Path) -> Path:
            seen.append(staging_path(target))
            return seen[-1]

        monkeypatch.setattr(store_module, "staging_path", spy)
        monkeypatch.setattr(files_module, "staging_path", spy)
        Store.open(tmp_path / ("x" * 200)).close()
        dump(ARTICLE, tmp_path / ("y" * 200))

        assert 2 == len(seen)
        assert all(tmp_path == p.parent for p in seen)
        assert {26} == {len(p.name) for p in seen}

    def test_store_cleanup_failure_hidden(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        When the staged store cannot be removed, creating the store still
        fails with the StoreError of what went wrong, not an OSError.
        """

        def no_link(*_: Any) -> None:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))

        def no_unlink(*_: Any, **__: Any) -> None:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))

        monkeypatch.setattr(store_module, "_link", no_link)
        monkeypatch.setattr(Path, "unlink", no_unlink)

        with pytest.raises(StoreError) as exc:
            Store.open(tmp_path / "desk.db")

        assert f"cannot create the store: {os.strerror(errno.EACCES)}" == exc.value.msg
        assert str(tmp_path / "desk.db") == exc.value.path

    def test_failed_creation_leaves_nothing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        SQLite failing while the staged store is made is a StoreError, and
        the staged files are removed.
        """
        monkeypatch.setattr(store_module, "_SCHEMA", "NOT SQL;\n")

        with pytest.raises(StoreError, match="cannot create the store: near"):
            Store.open(tmp_path / "desk.db")

        assert [] == list(tmp_path.iterdir())

    def test_store_made_though_cleanup_fails(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A store made and linked into place opens even if its staged name
        cannot be removed afterwards.
        """

        def no_unlink(*_: Any, **__: Any) -> None:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))

        monkeypatch.setattr(Path, "unlink", no_unlink)

        with Store.open(tmp_path / "desk.db") as store:
            assert 0 == len(store)

    def test_output_cleanup_failure_hidden(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        When a staged output cannot be removed, the FileAccessError gives
        the reason the write failed, not the failure to clean up.
        """

        def full(*_: Any) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def no_unlink(*_: Any, **__: Any) -> None:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))

        monkeypatch.setattr(Path, "replace", full)
        monkeypatch.setattr(Path, "unlink", no_unlink)

        with pytest.raises(FileAccessError) as exc:
            dump(ARTICLE, tmp_path / "out.json")

        assert f"cannot write: {os.strerror(errno.ENOSPC)}" == exc.value.msg

    def test_only_its_own_files_removed(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A file already at the staging name is left as it is: creating the
        store or the output fails cleanly instead of removing it.
        """
        monkeypatch.setattr(secrets, "token_hex", lambda _: "0" * 16)
        other = tmp_path / f".prov-{'0' * 16}.new"
        other.write_text("someone else's")

        with pytest.raises(StoreError, match="cannot create the store"):
            Store.open(tmp_path / "desk.db")
        with pytest.raises(FileAccessError, match="cannot write"):
            dump(ARTICLE, tmp_path / "out.json")

        assert "someone else's" == other.read_text()
        assert {other.name} == names(tmp_path)


class TestDanglingLinks:
    """
    D2: a symbolic link to no file gets the store at its target, as
    ``open()`` and SQLite create a file there; nothing is ever left empty.
    """

    def test_store_made_at_the_target(self, tmp_path: Path) -> None:
        link = tmp_path / "desk.db"
        link.symlink_to("target.db")

        with Store.open(link) as store:
            store.add(ARTICLE)

        assert link.is_symlink()
        assert is_store(tmp_path / "target.db")
        assert len(ARTICLE) == held(link)
        assert {"desk.db", "target.db"} == names(tmp_path)

    def test_cli_twice(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``provenance add`` through the link works, and again.
        """
        link = tmp_path / "desk.db"
        link.symlink_to("target.db")

        assert 0 == main(["add", str(link), str(ARTICLE_PATH)])
        assert 0 == main(["add", str(link), str(ARTICLE_PATH)])

        out = capsys.readouterr().out
        assert f"{len(ARTICLE)} new" in out
        assert "0 new" in out
        assert len(ARTICLE) == held(tmp_path / "target.db")

    def test_chain_of_links(self, tmp_path: Path) -> None:
        """
        Links to links to no file: the store is made where the last points.
        """
        (tmp_path / "sub").mkdir()
        (tmp_path / "first.db").symlink_to("second.db")
        (tmp_path / "second.db").symlink_to("sub/target.db")

        Store.open(tmp_path / "first.db").close()

        assert is_store(tmp_path / "sub" / "target.db")
        assert {"target.db"} == names(tmp_path / "sub")

    def test_target_in_a_missing_folder(self, tmp_path: Path) -> None:
        """
        A link into a folder that does not exist: refused, nothing made.
        """
        link = tmp_path / "desk.db"
        link.symlink_to("nowhere/target.db")

        with pytest.raises(StoreError, match="cannot create the store"):
            Store.open(link)

        assert {"desk.db"} == names(tmp_path)

    def test_loop_refused(self, tmp_path: Path) -> None:
        """
        A loop of links is refused, naming it, and nothing is made.
        """
        (tmp_path / "a.db").symlink_to("b.db")
        (tmp_path / "b.db").symlink_to("a.db")

        with pytest.raises(StoreError) as exc:
            Store.open(tmp_path / "a.db")

        assert str(tmp_path / "a.db") == exc.value.path
        assert {"a.db", "b.db"} == names(tmp_path)

    def test_loop_made_meanwhile(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A link that becomes a loop before it is followed is refused.
        """
        (tmp_path / "desk.db").symlink_to("target.db")

        def looped(*_: Any, **__: Any) -> Path:
            msg = "Symlink loop"
            raise RuntimeError(msg)

        monkeypatch.setattr(Path, "resolve", looped)

        with pytest.raises(StoreError, match="loop of symbolic links"):
            Store.open(tmp_path / "desk.db")

        assert {"desk.db"} == names(tmp_path)

    def test_link_to_a_directory_refused(self, tmp_path: Path) -> None:
        (tmp_path / "folder").mkdir()
        (tmp_path / "desk.db").symlink_to("folder")

        with pytest.raises(StoreError, match="is a directory"):
            Store.open(tmp_path / "desk.db")

        assert [] == list((tmp_path / "folder").iterdir())

    def test_file_gone_before_it_is_opened(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A store removed between its creation and its opening is refused,
        and no empty file takes its place.
        """
        monkeypatch.setattr(store_module, "_make", lambda *_: None)

        with pytest.raises(StoreError, match="cannot open the store"):
            Store.open(tmp_path / "desk.db")

        assert set() == names(tmp_path)

    @pytest.mark.parametrize(
        "name", ["desk?mode=ro.db", "a#b.db", "100%.db", "a b.db", "é.db", "x:y.db"]
    )
    def test_names_read_as_uri(self, tmp_path: Path, name: str) -> None:
        """
        A name with characters a URI gives a meaning to is the file's name.
        """
        with Store.open(tmp_path / name) as store:
            store.add(ARTICLE)

        assert {name} == names(tmp_path)
        assert len(ARTICLE) == held(tmp_path / name)

    def test_relative_and_doubled_slash(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A relative path and one starting with ``//`` open their file.
        """
        monkeypatch.chdir(tmp_path)
        Store.open("desk.db").close()
        Store.open(f"/{tmp_path}/other.db").close()

        assert {"desk.db", "other.db"} == names(tmp_path)

    def test_name_not_utf8(self, tmp_path: Path) -> None:
        """
        A name of bytes that are not UTF-8 (as a command line gives it).
        """
        try:
            name = os.fsdecode(b"desk\xff.db")
            (tmp_path / name).touch()
            (tmp_path / name).unlink()
        except (UnicodeError, OSError):
            pytest.skip("the file system takes no such name")

        Store.open(tmp_path / name).close()

        assert {name} == names(tmp_path)

    def test_read_only_store_still_read(self, tmp_path: Path) -> None:
        """
        An existing store opens as before; a plain SQLite database is not
        changed into one.
        """
        plain = tmp_path / "plain.db"
        sqlite3.connect(plain).close()
        db = sqlite3.connect(plain)
        db.execute("CREATE TABLE t (x)")
        db.close()

        with pytest.raises(StoreError, match="not a provenance store"):
            Store.open(plain)

        assert {"plain.db"} == names(tmp_path)


class TestFolderNames:
    """
    D4: a path ending in a separator (or a separator and ``.``) names a
    folder: refused, naming the path as given, as the system refuses it.
    """

    @pytest.mark.parametrize("ending", ["/", "/.", "//", "/./"])
    @pytest.mark.parametrize("there", ["nothing", "folder", "store"])
    def test_store_open(self, tmp_path: Path, ending: str, there: str) -> None:
        base = tmp_path / "desk"
        if there == "folder":
            base.mkdir()
        elif there == "store":
            Store.open(base).close()
        before = names(tmp_path)

        with pytest.raises(StoreError) as exc:
            Store.open(f"{base}{ending}")

        assert f"{base}{ending}" == exc.value.path
        assert exc.value.msg.startswith("names a folder")
        assert before == names(tmp_path)

    def test_cli_add(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.chdir(tmp_path)

        assert 1 == main(["add", "desk/", str(ARTICLE_PATH)])

        assert "desk/" in capsys.readouterr().err
        assert set() == names(tmp_path)

    @pytest.mark.parametrize("output", ["reports/", "reports/."])
    def test_cli_output(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        output: str,
    ) -> None:
        monkeypatch.chdir(tmp_path)

        assert 1 == main(["export", str(ARTICLE_PATH), "-o", output])

        err = capsys.readouterr().err
        assert f"cannot write {output}: {os.strerror(errno.EISDIR)}" in err
        assert set() == names(tmp_path)

    def test_dump(self, tmp_path: Path) -> None:
        """
        `dump` to a folder's name is a FileAccessError naming the path as
        given, and an existing file by the bare name is left as it was.
        """
        (tmp_path / "out").write_text("kept")

        with pytest.raises(FileAccessError) as exc:
            dump(ARTICLE, f"{tmp_path}/out/")

        assert f"{tmp_path}/out/" == exc.value.path
        assert isinstance(exc.value.__cause__, IsADirectoryError)
        assert "kept" == (tmp_path / "out").read_text()
        assert {"out"} == names(tmp_path)

    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ("a/", True),
            ("a/.", True),
            ("/", True),
            ("a/..", False),  # Kept by pathlib: the system sees the folder.
            ("a.", False),
            ("a", False),
            (".a", False),
        ],
    )
    def test_names_folder(self, path: str, expected: bool) -> None:
        assert expected == files_module.names_folder(path)


class TestEmptyFolders:
    """
    D6: an empty path is no folder of shards, as it is no store.
    """

    def test_write_shards(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)

        with pytest.raises(InvalidValueError) as exc:
            write_shards(ARTICLE, "", shards=2)

        assert "write_shards.folder" == exc.value.path
        assert [] == list(tmp_path.iterdir())

    def test_readers(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        A folder of shards in the working folder is not read for ``''``.
        """
        write_shards(ARTICLE, tmp_path, shards=2)
        assert (tmp_path / MANIFEST).exists()
        monkeypatch.chdir(tmp_path)

        with pytest.raises(InvalidValueError) as read:
            read_shards("")
        with pytest.raises(InvalidValueError) as assessed:
            assess_distributed("", scheduler="synchronous")
        with pytest.raises(InvalidValueError) as bag:
            assessment_bag("")

        assert "read_shards.folder" == read.value.path
        assert "assess_distributed.source" == assessed.value.path
        assert "assessment_bag.source" == bag.value.path

    def test_current_folder_still_by_name(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        ``"."`` still names the working folder.
        """
        monkeypatch.chdir(tmp_path)
        write_shards(ARTICLE, ".", shards=2)

        assert 2 == len(read_shards("."))
