"""
Hostile input, round six: files SQLite keeps beside a store (a store or a
document under a store's name plus ``-wal``, ``-shm`` or ``-journal``,
also reached through a symbolic link), write-protected files, and symbolic
links whose text names a folder.

Every case ends in a correct result or a ProvenanceError naming the place,
and never in a file lost.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

from collections.abc import Iterator
from pathlib import Path

import pytest

from provenance import Ledger, Policy, dump, load
from provenance.cli import main
from provenance.errors import FileAccessError, StoreError
from provenance.policy_document import dump_policy
from provenance.store import Store


ARTICLE_PATH = Path(__file__).resolve().parents[1] / "examples" / "article.json"
ARTICLE: Ledger = load(ARTICLE_PATH)
SRC = Path(__file__).resolve().parents[1] / "src"
SUFFIXES = pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
#: The user the permission tests run as when the tests run as root.
NOBODY = 65534


def held(path: Path) -> int:
    with Store.open(path) as store:
        return len(store)


def names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def fail(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(argv)
    out, err = capsys.readouterr()

    assert (1, "") == (code, out)
    return err


class TestStoreBesideStore:
    @SUFFIXES
    def test_named_as_a_stores_file(self, tmp_path: Path, suffix: str) -> None:
        """
        A store is not opened, nor made, under another store's name plus
        -wal, -shm or -journal: SQLite would take it for that store's file.
        """
        trial = tmp_path / "trial"
        with Store.open(trial) as store:
            store.add(ARTICLE)

        with pytest.raises(StoreError, match="names a file of the store") as info:
            Store.open(f"{trial}{suffix}")

        assert f"{trial}{suffix}" == info.value.path
        assert not Path(f"{trial}{suffix}").exists()
        assert len(ARTICLE) == held(trial)

    @SUFFIXES
    def test_beside_a_store_under_its_files_name(
        self, tmp_path: Path, suffix: str
    ) -> None:
        """
        A store whose -wal, -shm or -journal name holds another store is not
        made (nor opened), and the other store keeps its records.
        """
        trial = tmp_path / "trial"
        other = Path(f"{trial}{suffix}")
        with Store.open(other) as store:
            store.add(ARTICLE)

        with pytest.raises(StoreError, match="beside it is not its"):
            Store.open(trial)

        assert not trial.exists()
        assert len(ARTICLE) == held(other)

    @SUFFIXES
    def test_cli_add_both_orders(
        self, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        `provenance add` refuses the second store, whichever comes first,
        and the first keeps every record.
        """
        for first, second in (("trial", f"trial{suffix}"), (f"trial{suffix}", "trial")):
            folder = tmp_path / first
            folder.mkdir()
            assert 0 == main(["add", str(folder / first), str(ARTICLE_PATH)])
            capsys.readouterr()

            said = fail(capsys, "add", str(folder / second), str(ARTICLE_PATH))

            assert str(folder / second) in said
            assert len(ARTICLE) == held(folder / first)

    def test_a_document_beside(self, tmp_path: Path) -> None:
        """
        A document under a store's -journal name is not rolled back into
        the store, nor removed: the store is refused and the file kept.
        """
        trial = tmp_path / "trial"
        with Store.open(trial) as store:
            store.add(ARTICLE)
        journal = Path(f"{trial}-journal")
        journal.write_text("my notes\n", "utf-8")

        with pytest.raises(StoreError, match="'trial-journal' beside it"):
            Store.open(trial)

        assert "my notes\n" == journal.read_text("utf-8")

    def test_a_link_beside(self, tmp_path: Path) -> None:
        """
        A symbolic link under a store's -wal name is none of SQLite's (it
        would write through it): refused, and its target kept.
        """
        target = tmp_path / "notes.txt"
        target.write_text("mine\n", "utf-8")
        Path(f"{tmp_path / 'trial'}-wal").symlink_to(target)

        with pytest.raises(StoreError, match="is not its log"):
            Store.open(tmp_path / "trial")

        assert "mine\n" == target.read_text("utf-8")

    def test_through_a_link_to_the_store(self, tmp_path: Path) -> None:
        """
        The files beside a store are looked for where SQLite keeps them:
        beside the file a link leads to.
        """
        with Store.open(tmp_path / "trial") as store:
            store.add(ARTICLE)
        Store.open(tmp_path / "other").close()
        shutil.copy(tmp_path / "other", f"{tmp_path / 'trial'}-wal")
        (tmp_path / "desk").symlink_to("trial")

        with pytest.raises(StoreError, match="beside it is not its log"):
            Store.open(tmp_path / "desk")

    def test_sqlites_own_files_kept(self, tmp_path: Path) -> None:
        """
        A log and index SQLite left (a writer that stopped without closing)
        and an empty journal are the store's: it opens with every record.
        """
        trial = tmp_path / "trial"
        copy = tmp_path / "copy"
        copy.mkdir()
        with Store.open(trial) as store:
            store.add(ARTICLE)
            for suffix in ("", "-wal", "-shm"):
                shutil.copy(f"{trial}{suffix}", f"{copy / 'trial'}{suffix}")
            with Store.open(trial) as second:  # while the first is open
                assert len(ARTICLE) == len(second)
        assert Path(f"{copy / 'trial'}-wal").stat().st_size > 0
        Path(f"{copy / 'trial'}-journal").touch()

        assert len(ARTICLE) == held(copy / "trial")


class TestWritersSpareStores:
    @SUFFIXES
    def test_dump_over_a_stores_file(self, tmp_path: Path, suffix: str) -> None:
        """
        dump() and dump_policy() never write a store's log, index or
        journal, which the next open would overwrite or remove.
        """
        trial = tmp_path / "trial"
        Store.open(trial).close()
        name = Path(f"{trial}{suffix}")

        with pytest.raises(FileAccessError, match="a file of the store") as info:
            dump(ARTICLE, name)
        with pytest.raises(FileAccessError, match="a file of the store"):
            dump_policy(Policy(), name)

        assert str(name) == info.value.path

        assert not name.exists()

    def test_dump_over_a_store(self, tmp_path: Path) -> None:
        """
        dump() and dump_policy() never replace a store.
        """
        trial = tmp_path / "trial"
        with Store.open(trial) as store:
            store.add(ARTICLE)

        with pytest.raises(FileAccessError, match="over a store"):
            dump(ARTICLE, trial)
        with pytest.raises(FileAccessError, match="over a store"):
            dump_policy(Policy(), trial)

        assert len(ARTICLE) == held(trial)

    def test_output_linked_to_a_live_log(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        -o (and dump()) through a symbolic link to the log of a store a
        writer holds open is refused as the log's own name is, and the log
        is untouched.
        """
        desk = tmp_path / "desk.db"
        out = tmp_path / "out.json"
        out.symlink_to("desk.db-wal")
        with Store.open(desk) as store:
            store.add(ARTICLE)
            log = Path(f"{desk}-wal").read_bytes()

            said = fail(capsys, "export", str(ARTICLE_PATH), "-o", str(out))
            with pytest.raises(FileAccessError, match="a file of the store"):
                dump(ARTICLE, out)

            assert "refusing to write over a file of the store" in said
            assert log == Path(f"{desk}-wal").read_bytes()
        assert 0 == main(["verify", str(desk)])

    def test_output_linked_to_a_store(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A link to a store is refused as an output, as the store is.
        """
        Store.open(tmp_path / "desk.db").close()
        (tmp_path / "out.json").symlink_to("desk.db")

        said = fail(
            capsys, "export", str(ARTICLE_PATH), "-o", str(tmp_path / "out.json")
        )

        assert "refusing to write over a store" in said

    def test_a_documents_journal_is_fine(self, tmp_path: Path) -> None:
        """
        A name ending in -journal beside a file that is no database is an
        ordinary name.
        """
        dump(ARTICLE, tmp_path / "notes.json")
        dump(ARTICLE, tmp_path / "notes.json-journal")

        assert ARTICLE == load(tmp_path / "notes.json-journal")


@pytest.fixture
def unprivileged() -> Iterator[Path]:
    """
    A folder for a script run by `run_unprivileged`: as root, owned by the
    user nobody.
    """
    # Not the test's own temporary folder: CI's lies under a private one,
    # which the user nobody cannot enter.
    shared = Path("/tmp")  # noqa: S108  # mkdtemp makes a private folder in it
    folder = Path(tempfile.mkdtemp(dir=shared if shared.is_dir() else None))
    if _ROOT:
        if not all(part.stat().st_mode & 0o001 for part in folder.parents):
            shutil.rmtree(folder, ignore_errors=True)
            pytest.skip("no folder the user nobody can enter")
        os.chown(folder, NOBODY, NOBODY)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

#: Run first by `run_unprivileged`'s scripts: imports, then (as root) the
#: switch to the user nobody, as root may write any file. Python and the
#: package are imported first, as nobody may not read where they are.
_PRELUDE = """
import os, sys
from pathlib import Path
from provenance import Ledger, Policy, dump, load
from provenance.cli import main
from provenance.errors import FileAccessError
from provenance.policy_document import dump_policy
import provenance.serialize, provenance.policy_document, encodings.idna
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(["--version"])  # What the command line loads when first run.
if sys.argv[-1] == "drop":
    os.setgroups([])
    os.setgid(%d)
    os.setuid(%d)
""" % (NOBODY, NOBODY)  # noqa: UP031  # braces are the script's


def run_unprivileged(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """
    Run *script* (after `_PRELUDE`) in a new Python with *args*, as an
    unprivileged user.
    """
    return subprocess.run(  # noqa: S603, PLW1510  # our own script
        [sys.executable, "-c", _PRELUDE + script, *args, "drop" if _ROOT else "-"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )


_WRITE_PROTECTED = """
folder = Path(sys.argv[1])
path = folder / "signed-off.json"
path.write_text("signed off\\n", "utf-8")
path.chmod(0o444)
for write in (lambda: dump(Ledger.of([]), path), lambda: dump_policy(Policy(), path)):
    try:
        write()
        print("written")
    except FileAccessError as exc:
        print(type(exc.__cause__).__name__, exc.msg)
print(main(["export", sys.argv[2], "-o", str(path)]))
print(path.read_text("utf-8"), end="")
"""

_READ_ONLY_FOLDER = """
folder = Path(sys.argv[1]) / "ro"
folder.mkdir()
path = folder / "w.json"
path.write_text("old, and longer than the new text will be " * 40, "utf-8")
folder.chmod(0o555)
dump(Ledger.of([]), path)
print(len(load(path)), sorted(p.name for p in folder.iterdir()))
"""


class TestPermissions:
    def test_write_protected_file(self, unprivileged: Path) -> None:
        """
        dump(), dump_policy() and -o refuse a file without write permission
        (as open(path, "w") does) instead of replacing it.
        """
        # A copy the user can read wherever the checkout is (CI's is private).
        article = unprivileged / "article.json"
        shutil.copyfile(ARTICLE_PATH, article)
        done = run_unprivileged(_WRITE_PROTECTED, str(unprivileged), str(article))

        assert (
            "PermissionError cannot write: Permission denied\n" * 2 + "1\nsigned off\n"
        ) == done.stdout, done.stderr
        assert "Permission denied" in done.stderr

    def test_writable_file_in_read_only_folder(self, unprivileged: Path) -> None:
        """
        A writable file in a folder where no file can be made is written in
        place, as open(path, "w") writes it, with nothing left beside it.
        """
        done = run_unprivileged(_READ_ONLY_FOLDER, str(unprivileged))

        assert "0 ['w.json']\n" == done.stdout, done.stderr
        (unprivileged / "ro").chmod(0o755)


class TestLinkToAFolderName:
    @pytest.mark.parametrize("text", ["reports/", "reports/."])
    def test_dump(self, tmp_path: Path, text: str) -> None:
        """
        dump() to a link whose text names a folder that is not there is
        refused, as open() refuses it, and makes no file by the bare name.
        """
        (tmp_path / "latest").symlink_to(text)

        with pytest.raises(FileAccessError) as info:
            dump(ARTICLE, tmp_path / "latest")

        assert isinstance(info.value.__cause__, IsADirectoryError)
        assert {"latest"} == names(tmp_path)

    def test_through_two_links(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The text of every link followed is checked, and -o is refused too.
        """
        (tmp_path / "latest").symlink_to("middle")
        (tmp_path / "middle").symlink_to("reports/")

        said = fail(capsys, "export", str(ARTICLE_PATH), "-o", str(tmp_path / "latest"))

        assert "Is a directory" in said
        assert {"latest", "middle"} == names(tmp_path)

    def test_store(self, tmp_path: Path) -> None:
        """
        Store.open() on such a link makes no store by the bare name.
        """
        (tmp_path / "desk").symlink_to("stores/")

        with pytest.raises(StoreError, match="names a folder"):
            Store.open(tmp_path / "desk")

        assert {"desk"} == names(tmp_path)

    def test_dangling_link_still_made(self, tmp_path: Path) -> None:
        """
        A link to a file name that is not there still gets the file (as
        open() makes it), a store or a document.
        """
        (tmp_path / "desk").symlink_to("stores.db")
        (tmp_path / "latest").symlink_to("report.json")

        Store.open(tmp_path / "desk").close()
        dump(ARTICLE, tmp_path / "latest")

        assert (tmp_path / "stores.db").is_file()
        assert ARTICLE == load(tmp_path / "report.json")
