"""
The ``provenance`` command on stores: add, verify, export, and the commands
that read a document reading a store.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys

from pathlib import Path

import pytest

from provenance import assess_all, dumps, loads, render
from provenance.cli import main
from provenance.store import Store


ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.json"
PREFIX = "provenance: error: "


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _fail(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = _run(capsys, *argv)

    assert (1, "") == (code, out)
    assert err.startswith(PREFIX)
    return err[len(PREFIX) :]


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "desk.db")
    code, _, _ = _run(capsys, "add", path, str(ARTICLE))
    assert 0 == code
    return path


class TestAdd:
    def test_creates_and_counts(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        add creates the store and says how much was new, again and again.
        """
        path = str(tmp_path / "desk.db")

        assert (0, f"{ARTICLE}: 25 new of 25\n{path}: 25 records held\n", "") == _run(
            capsys, "add", path, str(ARTICLE)
        )
        assert (0, f"{ARTICLE}: 0 new of 25\n{path}: 25 records held\n", "") == _run(
            capsys, "add", path, str(ARTICLE)
        )

    def test_bad_document_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A bad document refuses the whole command before the store is touched.
        """
        bad = tmp_path / "bad.json"
        bad.write_text("{")
        path = tmp_path / "desk.db"

        assert "not valid JSON" in _fail(
            capsys, "add", str(path), str(ARTICLE), str(bad)
        )
        assert not path.exists()

    def test_not_a_store(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        add refuses a file that is not a store.
        """
        text = tmp_path / "notes.txt"
        text.write_text("my notes")

        assert "not a provenance store" in _fail(capsys, "add", str(text), str(ARTICLE))
        assert "my notes" == text.read_text()

    def test_stdin_store(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A store cannot be standard input.
        """
        assert "standard input" in _fail(capsys, "add", "-", str(ARTICLE))


class TestVerify:
    def test_intact(self, store: str, capsys: pytest.CaptureFixture[str]) -> None:
        """
        verify says an untouched store is valid, and validate does the same.
        """
        code, out, _ = _run(capsys, "verify", store)

        assert 0 == code
        assert "a valid provenance store: 25 records held" in out
        assert out == _run(capsys, "validate", store)[1]

    def test_tampered(self, store: str, capsys: pytest.CaptureFixture[str]) -> None:
        """
        verify lists each problem of a store edited behind its back, one a line.
        """
        db = sqlite3.connect(store, isolation_level=None)
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall():
            db.execute(f"DROP TRIGGER {name}")
        db.execute("UPDATE entries SET recorded_at = '2000' WHERE seq = 3")
        db.close()

        code, out, err = _run(capsys, "verify", store)

        assert (1, "") == (code, out)
        assert "hash chain breaks" in err
        assert all(line.startswith(PREFIX) for line in err.splitlines())

    def test_missing(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """
        verify does not create a store.
        """
        path = tmp_path / "none.db"

        assert "No such file" in _fail(capsys, "verify", str(path))
        assert not path.exists()


class TestExport:
    def test_round_trip(
        self, store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        export writes the store's ledger as a document, to a file or stdout.
        """
        out = tmp_path / "out.json"

        code, said, _ = _run(capsys, "export", store, "-o", str(out))

        assert 0 == code
        assert "25 records written" in said
        assert loads(ARTICLE.read_bytes()) == loads(out.read_bytes())
        assert out.read_text() == _run(capsys, "export", store)[1]

    def test_known_on(self, store: str, capsys: pytest.CaptureFixture[str]) -> None:
        """
        export --known-on before anything was recorded gives an empty ledger.
        """
        code, out, _ = _run(capsys, "export", store, "--known-on", "2001-01-01")

        assert 0 == code
        assert 0 == len(loads(out))

    def test_unwritable(
        self, store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        An output that cannot be written is one error line.
        """
        assert "cannot write" in _fail(
            capsys, "export", store, "-o", str(tmp_path / "no" / "out.json")
        )


class TestReadingStores:
    def test_assess(self, store: str, capsys: pytest.CaptureFixture[str]) -> None:
        """
        assess reads a store as it reads the document it was made from.
        """
        assert _run(capsys, "assess", str(ARTICLE)) == _run(capsys, "assess", store)
        assert _run(capsys, "assess", str(ARTICLE), "--format", "json") == _run(
            capsys, "assess", store, "--format", "json"
        )

    def test_one_claim(self, store: str, capsys: pytest.CaptureFixture[str]) -> None:
        """
        assess --claim, explain and render --claim read only what they need,
        with the document's results.
        """
        key = next(c.key for c in loads(ARTICLE.read_bytes()).claims if c.key)
        for argv in (
            ("assess", "{}", "--claim", key),
            ("explain", "{}", key),
            ("render", "{}", "--claim", key),
            ("render", "{}", "--format", "mermaid"),
        ):
            document = [a.replace("{}", str(ARTICLE)) for a in argv]
            stored = [a.replace("{}", store) for a in argv]
            assert _run(capsys, *document) == _run(capsys, *stored)

    def test_unknown_claim(
        self, store: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        An unknown claim in a store gets the document's hint.
        """
        assert "did you mean" in _fail(capsys, "explain", store, "troops")

    def test_known_on(self, store: str, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --known-on cuts a store at what it held on a day.
        """
        assert (0, "no claims known on 2001-01-01\n", "") == _run(
            capsys, "assess", store, "--known-on", "2001-01-01"
        )
        today = dt.datetime.now(dt.timezone.utc).date().isoformat()
        code, out, err = _run(capsys, "assess", store, "--known-on", today)
        # The same table, its first line stating the cut.
        assert _run(capsys, "assess", store) == (
            code,
            out.replace(f" known on {today}", "", 1),
            err,
        )

    def test_claim_not_yet_recorded(
        self, store: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A claim the store holds but had not recorded on the --known-on day
        is named as such, not as a claim the store lacks; an empty cut is
        blamed on --known-on, not on --as-of.
        """
        for argv in (
            ("explain", store, "troops-10000"),
            ("assess", store, "--claim", "troops-10000"),
        ):
            said = _fail(capsys, *argv, "--known-on", "2001-01-01")
            assert "'troops-10000' was not yet recorded on 2001-01-01" in said
        code, out, _ = _run(
            capsys, "assess", store, "--known-on", "2001-01-01", "--as-of", "2024-11-24"
        )
        assert (0, "no claims recorded on 2001-01-01\n") == (code, out)

    def test_key_not_utf8(self, store: str, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A key whose bytes are not UTF-8 (a surrogate escape in argv) is a
        claim the store lacks, as in a document.
        """
        said = _fail(capsys, "explain", store, "troops\udcff")
        assert "no claim with key or id 'troops\\udcff'" in said

    @pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
    def test_output_never_a_file_of_a_store(
        self, store: str, suffix: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        -o naming a store's log, index or journal is refused, as the store
        itself is, and nothing is written.
        """
        said = _fail(capsys, "export", str(ARTICLE), "-o", store + suffix)

        assert "refusing to write over a file of the store" in said
        assert not Path(store + suffix).exists()

    @pytest.mark.parametrize("command", ["assess", "validate", "export", "render"])
    def test_known_on_the_last_day(
        self, store: str, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        --known-on 9999-12-31, the last day, reads the whole store.
        """
        plain = _run(capsys, command, store)
        code, out, err = _run(capsys, command, store, "--known-on", "9999-12-31")

        assert (0, "") == (code, err)
        # The same output, but for the statement of the cut.
        cut = " known on 9999-12-31"
        assert (
            out.replace(f', label="{cut[1:]}", labelloc=t', "")
            .replace(cut, "")
            .startswith(plain[1])
        )

    def test_known_on_document(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --known-on on a document is an error saying it applies to stores.
        """
        assert "applies to stores" in _fail(
            capsys, "assess", str(ARTICLE), "--known-on", "2024-01-01"
        )

    def test_same_numbers(self, store: str) -> None:
        """
        The store's assessments are the document's.
        """
        with Store.open(store) as opened:
            found = dict(opened.assess_all())

        assert assess_all(loads(ARTICLE.read_bytes())) == found
        assert render.to_json(list(found.values()))


_ADDER = """
import sys
from provenance.cli import main
for i in range(1000):
    main(["add", sys.argv[1], sys.argv[2]])
"""


class TestProcesses:
    @pytest.mark.slow  # several interpreters started and one killed
    def test_kill_between_runs(self, tmp_path: Path) -> None:
        """
        A store kept across runs of the command, one of them killed, opens
        with everything committed and verifies.
        """
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        path = tmp_path / "desk.db"
        ledger = loads(ARTICLE.read_bytes())
        documents = []
        days = sorted({record.made_on for record in ledger})
        for index, day in enumerate((days[0], days[len(days) // 2], days[-1])):
            # Each run adds the article as it stood on another day.
            document = tmp_path / f"day{index}.json"
            document.write_text(dumps(ledger.as_of(day)))
            documents.append(document)
        for document in documents:
            subprocess.run(  # noqa: S603  # our own command
                [sys.executable, "-m", "provenance", "add", str(path), str(document)],
                check=True,
                env=env,
                capture_output=True,
            )
        child = subprocess.Popen(  # noqa: S603  # our own command
            [sys.executable, "-c", _ADDER, str(path), str(ARTICLE)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        child.kill()
        child.wait()

        result = subprocess.run(  # noqa: S603  # our own command
            [sys.executable, "-m", "provenance", "verify", str(path)],
            check=False,
            env=env,
            capture_output=True,
            text=True,
        )

        assert 0 == result.returncode, result.stderr
        assert "25 records held" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ("add", "", str(ARTICLE)),
        ("add", "desk.db", ""),
        ("assess", ""),
        ("verify", ""),
        ("assess", str(ARTICLE), "--policy", ""),
        ("export", str(ARTICLE), "-o", ""),
    ],
)
def test_empty_path_is_refused(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """
    An empty path names no file (it is not the current folder).
    """
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()

    assert (2, "") == (exc.value.code, out)
    assert "expected a path, got an empty one" in err
