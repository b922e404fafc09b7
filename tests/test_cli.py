"""
The ``provenance`` command: every subcommand, its output, its errors and its
help.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import runpy
import shutil
import signal
import subprocess
import sys
import threading

from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

import provenance as pv

from provenance import cli, render
from provenance.cli import main
from provenance.errors import StoreError
from provenance.policy_document import dump_policy
from provenance.records import depth_limit
from provenance.relations import Exclusive
from provenance.store import Store


ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.json"
PREFIX = "provenance: error: "


def _ledger() -> pv.Ledger:
    return pv.loads(ARTICLE.read_bytes())


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _fail(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """
    Run a command that must fail on its input; its one-line message.
    """
    code, out, err = _run(capsys, *argv)

    assert (1, "") == (code, out)
    assert err.startswith(PREFIX)
    assert 1 == err.count("\n")
    assert err.endswith("\n")
    return err[len(PREFIX) : -1]


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """
    Run a command that argparse must refuse; its error message.
    """
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()

    assert (2, "") == (exc.value.code, out)
    return err


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """
    Bad inputs by name: (path, what the error must say).
    """
    malformed = tmp_path / "malformed.json"
    malformed.write_text('{"format": "provenance", ', encoding="utf-8")
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"hello": "world"}', encoding="utf-8")
    tampered = tmp_path / "tampered.json"
    tampered.write_text(
        ARTICLE.read_text(encoding="utf-8").replace("SBS TV", "KBS TV"),
        encoding="utf-8",
    )
    return {
        "missing": (str(tmp_path / "nope.json"), "No such file or directory"),
        "directory": (str(tmp_path), "Is a directory"),
        "malformed": (str(malformed), "not valid JSON"),
        "foreign": (str(foreign), "not a provenance document"),
        "tampered": (str(tampered), "content does not match its id"),
    }


BAD = ("missing", "directory", "malformed", "foreign", "tampered")


def _bad_file_commands(path: str) -> list[list[str]]:
    return [
        ["assess", path],
        ["explain", path, "troops-10000"],
        ["validate", path],
        ["render", path],
    ]


class TestInputsThatDoNotFit:
    @pytest.mark.parametrize("command", ["assess", "explain", "ach", "report"])
    def test_policy_that_does_not_fit_the_ledger(
        self, command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A valid policy and a valid document that do not fit together (the
        policy's base rates for the document's exclusive set sum above 1)
        give one line and exit 1, not a traceback.
        """
        claims = [pv.Claim(text=f"Hypothesis {i}", key=f"h{i}") for i in range(2)]
        hypotheses = Exclusive(key="who", claims=claims, exhaustive=True)
        document = tmp_path / "ledger.json"
        pv.dump(pv.Ledger.of([hypotheses]), document)
        policy = pv.DEFAULT_POLICY
        for claim in claims:
            policy = policy.with_base_rate(claim, 0.9)
        policy_file = tmp_path / "policy.json"
        dump_policy(policy, policy_file)
        argv = {
            "assess": ["assess", str(document)],
            "explain": ["explain", str(document), "h0"],
            "ach": ["ach", str(document), "who"],
            "report": ["report", str(document), "-o", str(tmp_path / "r.html")],
        }[command]

        message = _fail(capsys, *argv, "--policy", str(policy_file))

        assert "base rates" in message


class TestExportArguments:
    @pytest.mark.parametrize("author", ["", " ", "\x00"])
    def test_bad_author_named(
        self, author: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A bad --author is named as the flag, not as a field of the API.
        """
        message = _fail(
            capsys, "export", str(ARTICLE), "--to", "stix", "--author", author
        )

        assert message.startswith("--author ")

    @pytest.mark.parametrize(
        "extra",
        [
            ["--to", "provenance", "--author", "Desk"],
            ["--to", "prov-json", "--publisher-url", "https://a.example"],
            ["--to", "stix", "--date", "2024-11-25"],
            ["--to", "stix", "--claim", "troops-10000"],
        ],
    )
    def test_flags_the_format_does_not_take(
        self, extra: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A flag the chosen format does not use is refused, not ignored.
        """
        message = _fail(capsys, "export", str(ARTICLE), *extra)

        assert message.startswith(f"--to {extra[1]} takes no {extra[2]}")

    def test_a_store_is_not_a_document(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A store given where a document is read (added to a store, or on
        standard input) is named as an SQLite file, not as bad UTF-8.
        """
        store = tmp_path / "desk.db"
        assert 0 == main(["add", str(store), str(ARTICLE)])
        capsys.readouterr()

        assert "an SQLite file, not a document" in _fail(
            capsys, "add", str(tmp_path / "other.db"), str(store)
        )


class TestOutput:
    def test_never_over_the_input(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        ``-o`` naming the input (a document or a store), or any store, is
        refused and the file is left as it was.
        """
        document = tmp_path / "ledger.json"
        shutil.copy(ARTICLE, document)
        store = tmp_path / "desk.db"
        assert 0 == main(["add", str(store), str(document)])
        capsys.readouterr()
        before = document.read_bytes(), store.read_bytes()

        for argv in (
            ["report", str(document), "-o", str(document)],
            ["export", str(store), "--to", "stix", "-o", str(store)],
            ["export", str(store), "-o", str(store)],
            ["export", str(document), "--to", "stix", "-o", str(store)],
        ):
            assert "refusing to write over" in _fail(capsys, *argv)

        assert before == (document.read_bytes(), store.read_bytes())

    def test_a_failed_write_loses_nothing(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        A write that fails midway leaves the old output whole, and no
        temporary file behind.
        """
        out = tmp_path / "out.json"
        out.write_text("old\n")

        def full(_self: Path, _target: Path) -> Path:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Path, "replace", full)

        message = _fail(capsys, "export", str(ARTICLE), "-o", str(out))

        assert "No space left on device" in message
        assert "old\n" == out.read_text()
        assert ["out.json"] == [p.name for p in tmp_path.iterdir()]

    def test_never_over_the_policy(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        ``-o`` naming any input of the command, ``--policy FILE`` too (also
        through a link), is refused and the file is left as it was.
        """
        policy = tmp_path / "policy.json"
        dump_policy(pv.DEFAULT_POLICY, policy)
        link = tmp_path / "link.json"
        link.symlink_to(policy)
        before = policy.read_bytes()

        for out in (policy, link):
            for argv in (
                ["report", str(ARTICLE), "--policy", str(policy)],
                ["export", str(ARTICLE), "--to", "stix", "--policy", str(policy)],
                ["export", str(ARTICLE), "--policy", str(policy)],
            ):
                message = _fail(capsys, *argv, "-o", str(out))

                assert f"refusing to write over the input {out}" == message
        assert before == policy.read_bytes()

    @pytest.mark.parametrize("to", ["provenance", "stix", "prov-json"])
    def test_dash_is_standard_output(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        to: str,
    ) -> None:
        """
        ``-o -`` writes to standard output, as no ``-o`` does, for every
        command; no file named "-" is made.
        """
        monkeypatch.chdir(tmp_path)

        assert _run(capsys, "export", str(ARTICLE), "--to", to) == _run(
            capsys, "export", str(ARTICLE), "--to", to, "-o", "-"
        )
        assert _run(capsys, "report", str(ARTICLE)) == _run(
            capsys, "report", str(ARTICLE), "-o", "-"
        )
        assert [] == list(tmp_path.iterdir())

    @pytest.mark.parametrize(
        ("argv", "named"),
        [
            (["assess", "-", "--policy", "-"], "FILE and --policy"),
            (["report", "-", "--policy", "-", "-o", "out.html"], "FILE and --policy"),
            (["export", "-", "--to", "stix", "--policy", "-"], "FILE and --policy"),
            (["add", "desk.db", "-", "-"], "FILE 2 times"),
            (["add", "desk.db", "a.json", "-", "-", "-"], "FILE 3 times"),
        ],
    )
    def test_standard_input_is_read_once(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        argv: list[str],
        named: str,
    ) -> None:
        """
        ``-`` given for two inputs is refused before anything is read.
        """
        monkeypatch.chdir(tmp_path)
        monkeypatch.setattr(sys, "stdin", io.StringIO(ARTICLE.read_text()))

        message = _fail(capsys, *argv)

        assert f"- (standard input) is given for {named}" in message
        assert "standard input can be read once" in message
        assert [] == list(tmp_path.iterdir())

    def test_symlink_loop(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        ``-o`` naming a symlink loop fails with one line naming it.
        """
        loop = tmp_path / "loop1"
        loop.symlink_to(tmp_path / "loop2")
        (tmp_path / "loop2").symlink_to(loop)

        for argv in (
            ["export", str(ARTICLE)],
            ["export", str(ARTICLE), "--to", "stix"],
            ["report", str(ARTICLE)],
        ):
            message = _fail(capsys, *argv, "-o", str(loop))

            assert f"cannot write {loop}: Too many levels of symbolic links" == message


class _HungError(Exception):
    """
    A block that waited too long (not an OSError: nothing may catch it).
    """


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """
    Fail with _HungError, rather than hang, if the block takes longer.
    """

    def expire(_signal: int, _frame: object) -> None:
        msg = f"still waiting after {seconds} s"
        raise _HungError(msg)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _release(fifo: Path) -> None:
    """
    Let a thread still waiting to open *fifo* for reading go.
    """
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
class TestPipes:
    """
    A pipe, a FIFO or a device is never a store: it is opened once, as a
    document read or written whole.
    """

    def test_pipe_as_input(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A document given as a pipe (``<(cat doc.json)``) reads as from
        standard input.
        """
        for command in ("validate", "assess", "render"):
            read, write = os.pipe()
            try:
                os.write(write, ARTICLE.read_bytes())  # Less than a pipe holds.
                os.close(write)
                code, out, err = _run(capsys, command, f"/dev/fd/{read}")
            finally:
                os.close(read)

            assert (0, "") == (code, err)
            assert out == _run(capsys, command, str(ARTICLE))[1].replace(
                str(ARTICLE), f"/dev/fd/{read}"
            )

    def test_fifo_as_input(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A named FIFO is read once, as a document, whoever writes it.
        """
        fifo = tmp_path / "in.fifo"
        os.mkfifo(fifo)
        writer = threading.Thread(target=fifo.write_bytes, args=(ARTICLE.read_bytes(),))
        writer.start()
        try:
            with _deadline(10):
                code, out, err = _run(capsys, "validate", str(fifo))
        finally:
            with contextlib.suppress(OSError):  # Let a stuck writer go.
                os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
            writer.join(5)

        assert (0, "") == (code, err)
        assert out.startswith(f"{fifo}: a valid provenance document: 44 records")

    def test_fifo_as_output(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        ``-o FIFO`` writes the output once, to whoever reads it.
        """
        fifo = tmp_path / "out.fifo"
        os.mkfifo(fifo)
        received: list[bytes] = []
        reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
        reader.start()
        try:
            with _deadline(10):
                code, out, err = _run(capsys, "export", str(ARTICLE), "-o", str(fifo))
        finally:
            _release(fifo)
            reader.join(5)

        assert (0, f"{fifo}: 25 records written\n", "") == (code, out, err)
        assert pv.loads(b"".join(received)) == _ledger()
        assert ["out.fifo"] == [p.name for p in tmp_path.iterdir()]

    def test_fifo_as_store(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A FIFO given as a store is refused at once, never opened.
        """
        fifo = tmp_path / "desk.fifo"
        os.mkfifo(fifo)

        with _deadline(10):
            for argv in (["verify", str(fifo)], ["add", str(fifo), str(ARTICLE)]):
                message = _fail(capsys, *argv)

                assert f"a pipe (FIFO), not a provenance store @ {fifo}" == message
            with pytest.raises(StoreError, match="a pipe"):
                Store.open(fifo)

    def test_device_as_input(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A character device is read as a document (here an empty one).
        """
        assert "/dev/null: not valid JSON" in _fail(capsys, "validate", os.devnull)


class TestAssess:
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        Every claim is listed with its numbers, most probable first.
        """
        expected = render.summary(pv.assess_all(_ledger()), explain=False) + "\n"

        assert (0, expected, "") == _run(capsys, "assess", str(ARTICLE))

    def test_one_claim_by_key_or_id(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --claim takes a claim's key or its id.
        """
        claim = _ledger().claim("troops-10000")
        expected = render.summary([pv.assess(_ledger(), claim)], explain=False)

        by_key = _run(capsys, "assess", str(ARTICLE), "--claim", "troops-10000")
        by_id = _run(capsys, "assess", str(ARTICLE), "--claim", claim.id)

        assert (0, expected + "\n", "") == by_key == by_id

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --format json gives every claim's numbers and lines of evidence.
        """
        code, out, _ = _run(capsys, "assess", str(ARTICLE), "--format", "json")

        data = json.loads(out)
        ranked = render.ranked(pv.assess_all(_ledger()))
        assert 0 == code
        assert [a.claim.key for a in ranked] == [c["key"] for c in data["claims"]]
        assert {
            "key",
            "text",
            "id",
            "opinion",
            "probability",
            "words",
            "confidence",
            "conflict",
            "corroboration",
            "credibility",
            "rating",
            "notes",
            "as_of",
            "lines",
        } == set(data["claims"][0])
        assert {
            "statement",
            "source",
            "stance",
            "route",
            "route_trust",
            "opinion",
            "counted",
            "excluded",
        } <= set(data["claims"][0]["lines"][0])

    def test_as_of(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --as-of cuts the ledger at the end of a day.
        """
        day = dt.date(2024, 11, 24)
        expected = render.summary(pv.assess_all(_ledger(), as_of=day), explain=False)

        assert (0, expected + "\n", "") == _run(
            capsys, "assess", str(ARTICLE), "--as-of", "2024-11-24"
        )
        assert (0, "no claims as of 2024-11-23\n", "") == _run(
            capsys, "assess", str(ARTICLE), "--as-of", "2024-11-23"
        )

    def test_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        FILE - reads the document from standard input.
        """
        monkeypatch.setattr(sys, "stdin", io.StringIO(ARTICLE.read_text("utf-8")))

        assert _run(capsys, "assess", str(ARTICLE)) == _run(capsys, "assess", "-")

    def test_stdin_error_names_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A bad document on standard input is reported as <stdin>.
        """
        monkeypatch.setattr(sys, "stdin", io.StringIO("[]"))

        message = _fail(capsys, "assess", "-")

        assert "<stdin>: a document must be a JSON object @ $" == message

    def test_unknown_claim(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An unknown claim key fails with a suggestion.
        """
        message = _fail(capsys, "assess", str(ARTICLE), "--claim", "troops-1000")

        assert (
            f"{ARTICLE}: no claim with key or id 'troops-1000'; "
            "did you mean 'troops-10000'?"
        ) == message

    def test_unknown_claim_without_suggestion(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        With no close key, the message says how to list the keys.
        """
        message = _fail(capsys, "assess", str(ARTICLE), "--claim", "zzz")

        assert message.endswith(f"'provenance assess {ARTICLE}' lists them")

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            ("24/11/2024", "expected a date as YYYY-MM-DD, got '24/11/2024'"),
            ("2024-02-30", "no such day '2024-02-30'"),
        ],
    )
    def test_bad_as_of(
        self, capsys: pytest.CaptureFixture[str], value: str, reason: str
    ) -> None:
        """
        A malformed or impossible date is a usage error that says why.
        """
        err = _usage_error(capsys, "assess", str(ARTICLE), "--as-of", value)

        assert f"argument --as-of: {reason}" in err

    def test_unknown_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An unknown format is a usage error that lists the choices.
        """
        err = _usage_error(capsys, "assess", str(ARTICLE), "--format", "xml")

        assert "invalid choice: 'xml'" in err


class TestExplain:
    def test_tree(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The claim's explanation tree is printed.
        """
        expected = pv.assess(_ledger(), "artillery-systems").explain() + "\n"

        assert (0, expected, "") == _run(
            capsys, "explain", str(ARTICLE), "artillery-systems"
        )

    def test_as_of(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --as-of explains the claim as it stood on a day.
        """
        code, out, _ = _run(
            capsys, "explain", str(ARTICLE), "troops-10000", "--as-of", "2024-11-01"
        )

        assert 0 == code
        assert "  as of 2024-11-01" in out.splitlines()
        assert "no statement on this claim" in out

    def test_unknown_claim(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An unknown claim key fails with one line.
        """
        message = _fail(capsys, "explain", str(ARTICLE), "no-such-claim")

        assert "no claim with key or id 'no-such-claim'" in message

    def test_claim_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        CLAIM is required.
        """
        err = _usage_error(capsys, "explain", str(ARTICLE))

        assert "the following arguments are required: CLAIM" in err


class TestValidate:
    def test_summary(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A valid document gets a one-line count of what it holds.
        """
        ledger = _ledger()
        expected = (
            f"{ARTICLE}: a valid provenance document: "
            f"{len(ledger.reached)} records ({len(ledger)} held), "
            f"{len(ledger.statements)} statements, {len(ledger.claims)} claims, "
            f"{len(ledger.sources)} sources, {len(ledger.channels)} channels\n"
        )

        assert (0, expected, "") == _run(capsys, "validate", str(ARTICLE))

    def test_dates(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """
        With --as-of (and, for a store, --known-on), validate also counts
        the part an assessment with those dates reads; --known-on on a
        document is refused.
        """
        day = dt.date(2024, 11, 24)
        part = _ledger().as_of(day)
        store = tmp_path / "desk.db"
        assert 0 == main(["add", str(store), str(ARTICLE)])
        capsys.readouterr()

        for file, extra in ((ARTICLE, []), (store, ["--known-on", "2100-01-01"])):
            code, out, _ = _run(
                capsys, "validate", str(file), "--as-of", day.isoformat(), *extra
            )
            first, second = out.splitlines()
            assert 0 == code
            assert "a valid provenance" in first
            assert f"as of {day.isoformat()}: {len(part.reached)} records" in second
        nothing = _run(capsys, "validate", str(store), "--known-on", "2000-01-01")
        assert "known on 2000-01-01: 0 records" in nothing[1]
        assert "--known-on applies to stores" in _fail(
            capsys, "validate", str(ARTICLE), "--known-on", "2024-11-24"
        )

    def test_singular(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """
        One of a kind is counted in the singular.
        """
        source = pv.Source(name="A", kind=pv.SourceKind.PERSON)
        claim = pv.Claim(text="It rains.")
        said = pv.Statement(
            source=source,
            claim=claim,
            stance=pv.stances.CT_PLUS,
            channel=pv.Channel(kind=pv.ChannelKind.OTHER),
            made_on=dt.date(2024, 1, 1),
        )
        path = tmp_path / "one.json"
        pv.dump(pv.Ledger.of([said]), path)

        _, out, _ = _run(capsys, "validate", str(path))

        assert out.endswith(
            "1 record (1 held), 1 statement, 1 claim, 1 source, 1 channel\n"
        )

    def test_every_problem(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A document with several problems gets one line for each, naming the
        file and the JSON path, and exit status 1.
        """
        doc = json.loads(ARTICLE.read_text(encoding="utf-8"))
        statements = [k for k, v in doc["records"].items() if v["type"] == "statement"]
        doc["records"][statements[0]]["made_on"] = "2024-13-01"
        doc["records"][statements[1]]["claim"] = "0" * 64
        doc["entries"].append("f" * 64)
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(doc), encoding="utf-8")

        code, out, err = _run(capsys, "validate", str(path))
        lines = err.splitlines()

        assert (1, "") == (code, out)
        assert 3 == len(lines)
        for line in lines:
            assert line.startswith(f"{PREFIX}{path}: ")
            assert " @ $." in line
        assert any(f".records['{statements[0]}'].made_on" in x for x in lines)
        assert any(f".records['{statements[1]}'].claim" in x for x in lines)
        assert any("@ $.entries[" in x for x in lines)

    def test_problems_are_capped(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        At most 100 problems are listed; one more line counts the rest.
        """
        doc = json.loads(ARTICLE.read_text(encoding="utf-8"))
        doc["entries"].extend(f"{i:064x}" for i in range(1, 151))
        doc["entries"].sort()
        path = tmp_path / "many.json"
        path.write_text(json.dumps(doc), encoding="utf-8")

        code, _, err = _run(capsys, "validate", str(path))
        lines = err.splitlines()

        assert 1 == code
        assert 101 == len(lines)
        assert f"{PREFIX}{path}: ... and 50 more" == lines[-1]

    @pytest.mark.parametrize(
        "text",
        [
            "[" * 100_000,
            '{"format": "provenance", "format": "provenance"}',
            '{"format": "provenance", "version": ' + "9" * 5000 + "}",
            "HOSTILE_IDS",
        ],
        ids=["deep", "duplicate-key", "huge-number", "bad-ids"],
    )
    def test_hostile_documents(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
    ) -> None:
        """
        Hostile documents get short, one-line problems, never a traceback.
        """
        if text == "HOSTILE_IDS":
            doc = json.loads(ARTICLE.read_text(encoding="utf-8"))
            key = next(iter(doc["records"]))
            doc["records"]["\x1b[2J @ $.forged\n" + "x" * 10_000] = doc["records"][key]
            doc["records"][""] = []
            text = json.dumps(doc)
        path = tmp_path / "hostile.json"
        path.write_text(text, encoding="utf-8")

        code, out, err = _run(capsys, "validate", str(path))
        lines = err.splitlines()

        assert (1, "") == (code, out)
        assert lines
        for line in lines:
            assert line.startswith(f"{PREFIX}{path}: ")
            assert len(line) < 1000
            assert line.isprintable()


class TestBadFiles:
    @pytest.mark.parametrize("bad", BAD)
    def test_every_command_fails_cleanly(
        self,
        capsys: pytest.CaptureFixture[str],
        bad_files: dict[str, tuple[str, str]],
        bad: str,
    ) -> None:
        """
        Every command that reads FILE fails with one line naming the problem.
        """
        path, reason = bad_files[bad]

        for argv in _bad_file_commands(path):
            message = _fail(capsys, *argv)

            assert path in message
            assert reason in message

    def test_missing_file_message(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A missing file's message names the file and the reason.
        """
        path = tmp_path / "nope.json"

        message = _fail(capsys, "validate", str(path))

        assert f"cannot read {path}: No such file or directory" == message


class TestRender:
    def test_dot_by_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The whole ledger is drawn as DOT with probabilities on the claims.
        """
        ledger = _ledger()
        expected = render.to_dot(ledger, assessments=pv.assess_all(ledger))

        assert (0, expected, "") == _run(capsys, "render", str(ARTICLE))

    def test_mermaid_one_claim(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --format mermaid --claim draws the records reaching one claim.
        """
        ledger = _ledger()
        claim = ledger.claim("artillery-systems")
        expected = render.to_mermaid(
            ledger, assessments=[pv.assess(ledger, claim)], claim=claim
        )

        assert (0, expected, "") == _run(
            capsys,
            "render",
            str(ARTICLE),
            "--claim",
            "artillery-systems",
            "--format",
            "mermaid",
        )

    def test_as_of(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --as-of draws the ledger as it stood on a day.
        """
        expected = render.to_dot(pv.Ledger(), assessments={})

        assert (0, expected, "") == _run(
            capsys, "render", str(ARTICLE), "--as-of", "2024-01-01"
        )

    def test_unknown_claim(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An unknown claim fails with one line.
        """
        message = _fail(capsys, "render", str(ARTICLE), "--claim", "nope")

        assert "no claim with key or id 'nope'" in message

    def test_unknown_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        Only DOT and Mermaid are drawn.
        """
        err = _usage_error(capsys, "render", str(ARTICLE), "--format", "svg")

        assert "invalid choice: 'svg'" in err


class TestDemo:
    def test_summary_then_policy_change(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The demo explains every claim most probable first, then compares a
        policy that grades the NIS "A".
        """
        ledger = _ledger()
        before = pv.assess_all(ledger)
        (nis,) = (
            s for s in ledger.sources if s.name == "National Intelligence Service"
        )
        after = pv.assess_all(ledger, policy=pv.DEFAULT_POLICY.with_grade(nis, "A"))

        code, out, err = _run(capsys, "demo")

        assert (0, "") == (code, err)
        assert render.summary(before) in out
        comparison = render.comparison(before, after).splitlines()
        assert out.endswith("\n".join(comparison) + "\n")
        assert "2 of 18 claims moved." == comparison[-1]
        assert "capped at its government's trust" in out

    def test_console_script(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The installed console script runs the demo, as main() does.
        """
        main(["demo"])
        expected = capsys.readouterr().out
        script = shutil.which("provenance", path=Path(sys.executable).parent)
        command = [script] if script else [sys.executable, "-m", "provenance"]

        done = subprocess.run(  # noqa: S603 (our own command)
            [*command, "demo"], capture_output=True, text=True, check=False
        )

        assert (0, expected, "") == (done.returncode, done.stdout, done.stderr)

    def test_python_m(self) -> None:
        """
        python -m provenance is the same command.
        """
        done = subprocess.run(  # noqa: S603 (our own command)
            [sys.executable, "-m", "provenance", "validate", str(ARTICLE)],
            capture_output=True,
            text=True,
            check=False,
        )

        assert (0, "") == (done.returncode, done.stderr)
        assert "a valid provenance document" in done.stdout

    def test_python_m_in_process(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        ``python -m provenance`` runs the command and exits with its status.
        """
        monkeypatch.delitem(sys.modules, "provenance.__main__", raising=False)
        monkeypatch.setattr(sys, "argv", ["provenance", "validate", str(ARTICLE)])

        with pytest.raises(SystemExit) as exc:
            runpy.run_module("provenance", run_name="__main__")

        out, err = capsys.readouterr()
        assert (0, "") == (exc.value.code, err)
        assert "a valid provenance document" in out
        monkeypatch.setattr(sys, "argv", ["provenance", "validate", "/nonexistent"])
        with pytest.raises(SystemExit) as exc:
            runpy.run_module("provenance", run_name="__main__")
        assert 1 == exc.value.code

    def test_closed_pipe(self) -> None:
        """
        A reader that goes away early gets no traceback.
        """
        with subprocess.Popen(
            [sys.executable, "-m", "provenance", "demo"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None
            process.stdout.close()
            _, err = process.communicate()

        assert (1, b"") == (process.returncode, err)


class TestHelp:
    @pytest.mark.parametrize(
        ("command", "mentions"),
        [
            ("assess", ["FILE", "--claim", "--as-of", "--format", "text,json"]),
            ("explain", ["FILE", "CLAIM", "--as-of"]),
            ("validate", ["FILE"]),
            ("render", ["FILE", "--claim", "--as-of", "--format", "dot,mermaid"]),
            ("demo", ["policy"]),
        ],
    )
    def test_subcommand_help(
        self, capsys: pytest.CaptureFixture[str], command: str, mentions: list[str]
    ) -> None:
        """
        --help on each subcommand exits 0 and mentions its arguments.
        """
        with pytest.raises(SystemExit) as exc:
            main([command, "--help"])
        out = capsys.readouterr().out

        assert 0 == exc.value.code
        assert out.startswith(f"usage: provenance {command}")
        assert [m for m in mentions if m in out] == mentions

    def test_top_level_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        provenance --help lists every subcommand.
        """
        with pytest.raises(SystemExit) as exc:
            main(["--help"])
        out = capsys.readouterr().out

        assert 0 == exc.value.code
        assert all(
            name in out for name in ("assess", "explain", "validate", "render", "demo")
        )

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        provenance --version prints the version.
        """
        with pytest.raises(SystemExit) as exc:
            main(["--version"])

        assert 0 == exc.value.code
        assert capsys.readouterr().out.startswith("provenance ")

    def test_version_when_not_installed(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Run from a source tree without metadata, the version is "unknown".
        """

        def missing(name: str) -> str:
            raise metadata.PackageNotFoundError(name)

        monkeypatch.setattr(metadata, "version", missing)

        with pytest.raises(SystemExit):
            main(["--version"])

        assert "provenance unknown\n" == capsys.readouterr().out

    def test_no_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A command is required.
        """
        err = _usage_error(capsys)

        assert "required: COMMAND" in err

    @pytest.mark.parametrize(
        ("argv", "unknown", "command"),
        [
            (["assess", str(ARTICLE), "--bogus"], "--bogus", "assess"),
            (["export", str(ARTICLE), "extra"], "extra", "export"),
            (["--bogus", "assess", str(ARTICLE)], "--bogus", "assess"),
        ],
    )
    def test_unknown_argument_names_its_command(
        self,
        argv: list[str],
        unknown: str,
        command: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """
        An argument no command knows is refused in one line that points to
        the help of the command it was given with, which lists its flags.
        """
        err = _usage_error(capsys, *argv)

        assert err.endswith(
            f"unrecognized arguments: {unknown} (try 'provenance {command} --help')\n"
        )
        assert 1 == err.count("\n")


def _deep_document(tmp_path: Path, depth: int) -> Path:
    """
    A document with a chain of *depth* reports, written under a larger limit.
    """
    source = pv.Source(name="A", kind=pv.SourceKind.PERSON)
    with depth_limit(depth + 10):
        record: pv.Statement | pv.Report = pv.Statement(
            source=source,
            claim=pv.Claim(text="x", key="x"),
            stance=pv.Stance.from_verb("said"),
            made_on=dt.date(2024, 1, 1),
        )
        for index in range(depth):
            record = pv.Report(
                reporter=pv.Source(name=f"R{index}", kind=pv.SourceKind.MEDIA_OUTLET),
                content=record,
                made_on=dt.date(2024, 1, 1),
            )
        path = tmp_path / "deep.json"
        pv.dump(pv.Ledger.of([record]), path)
    return path


class TestMaxDepth:
    def test_deeper_chains(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A document with a chain deeper than the default limit is refused
        with a message naming --max-depth, and read with it, by every
        command that reads documents or stores.
        """
        deep = str(_deep_document(tmp_path, 150))
        store = str(tmp_path / "desk.db")

        for argv in (
            ["validate", deep],
            ["assess", deep],
            ["explain", deep, "x"],
            ["render", deep],
            ["report", deep],
            ["export", deep],
            ["add", store, deep],
        ):
            message = _fail(capsys, *argv)

            assert "chain of reports too deep" in message
            assert "(limit 100; give --max-depth N to read deeper chains)" in message
            code, _, err = _run(capsys, *argv, "--max-depth", "151")

            assert (0, "") == (code, err), argv
        assert "give --max-depth N" in _fail(capsys, "verify", store)
        assert 0 == _run(capsys, "verify", store, "--max-depth", "200")[0]
        assert "(limit 120; give --max-depth N" in _fail(
            capsys, "validate", deep, "--max-depth", "120"
        )

    @pytest.mark.parametrize("bad", ["0", "-1", "100001", "x", "1.5", "\u0661"])
    def test_bad_max_depth(self, capsys: pytest.CaptureFixture[str], bad: str) -> None:
        """
        --max-depth takes a number of reports from 1 to 100,000.
        """
        message = _usage_error(capsys, "validate", str(ARTICLE), f"--max-depth={bad}")

        assert "expected a number of reports from 1 to 100,000" in message


class _Failing(io.StringIO):
    """
    A standard output whose writes fail with *error*; like a pipe or file it
    takes no `fileno` the command could redirect.
    """

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def write(self, _text: str, /) -> int:
        raise self.error


class TestStreams:
    """
    Standard input, output and error that cannot be used, and interruptions:
    each is one line on standard error and an exit status, never a traceback.
    """

    def test_closed_stdout(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "stdout", None)

        code = main(["demo"])

        assert 1 == code
        assert (
            f"{PREFIX}cannot write the output: standard output is closed\n"
            == capsys.readouterr().err
        )

    def test_output_encoding(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Text the output's encoding cannot write is refused before any of it
        is written, naming the character and the remedy.
        """
        raw = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
        ledger = pv.Ledger.of(
            [
                pv.Statement(
                    source=pv.Source(name="국가정보원", kind=pv.SourceKind.AGENCY),
                    claim=pv.Claim(text="troops", key="troops"),
                    stance=pv.Stance.from_verb("said"),
                    made_on=dt.date(2024, 10, 18),
                )
            ]
        )
        monkeypatch.setattr(sys, "stdin", io.StringIO(pv.dumps(ledger)))

        code = main(["explain", "-", "troops"])

        err = capsys.readouterr().err
        assert 1 == code
        assert err.startswith(f"{PREFIX}cannot write the output: the output ")
        assert "encoding ascii cannot encode '국가정보원'" in err
        assert err.endswith("(set PYTHONIOENCODING=utf-8)\n")
        assert b"" == raw.getvalue()

    def test_full_device(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(
            sys, "stdout", _Failing(OSError(28, "No space left on device"))
        )

        code = main(["assess", str(ARTICLE)])

        assert 1 == code
        assert (
            f"{PREFIX}cannot write the output: No space left on device\n"
            == capsys.readouterr().err
        )

    def test_reader_went_away(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A closed pipe (``provenance demo | head``) stops quietly.
        """
        monkeypatch.setattr(sys, "stdout", _Failing(BrokenPipeError(32, "EPIPE")))

        code = main(["demo"])

        assert (1, "") == (code, capsys.readouterr().err)

    @pytest.mark.parametrize(
        ("error", "status", "message"),
        [
            (KeyboardInterrupt(), 130, "interrupted"),
            (MemoryError(), 1, "out of memory (is the document too large?)"),
        ],
    )
    def test_interrupted_or_out_of_memory(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        error: BaseException,
        status: int,
        message: str,
    ) -> None:
        def failing(*_args: object, **_kwargs: object) -> None:
            raise error

        monkeypatch.setattr(cli, "assess_all", failing)

        code, out, err = _run(capsys, "assess", str(ARTICLE))

        assert (status, "", f"{PREFIX}{message}\n") == (code, out, err)

    @pytest.mark.parametrize(
        "stderr", [None, _Failing(OSError(5, "Input/output error"))]
    )
    def test_nowhere_to_say_it(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        stderr: io.StringIO | None,
    ) -> None:
        """
        Without a usable standard error, a failure is still only its exit
        status.
        """
        monkeypatch.setattr(sys, "stderr", stderr)

        code = main(["assess", str(ARTICLE), "--claim", "no-such-claim"])

        monkeypatch.undo()
        assert (1, "") == (code, capsys.readouterr().out)

    def test_closed_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "stdin", None)

        message = _fail(capsys, "validate", "-")

        assert "cannot read <stdin>: standard input is closed" == message

    def test_file_too_large(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A file larger than PROVENANCE_MAX_BYTES is refused by its size.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", "1000")

        message = _fail(capsys, "validate", str(ARTICLE))

        assert (
            f"{ARTICLE}: larger than the limit of 1000 bytes "
            "(set PROVENANCE_MAX_BYTES to read it)" == message
        )

    def test_stdin_too_large(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Standard input, whose size is not known, is refused once it has
        given more than the limit.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", "1000")
        monkeypatch.setattr(sys, "stdin", io.StringIO(ARTICLE.read_text("utf-8")))

        message = _fail(capsys, "validate", "-")

        assert message.startswith("<stdin>: larger than the limit of 1000 bytes")
        assert 1000 < len(ARTICLE.read_text("utf-8"))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain\ttext\non lines\n", "plain\ttext\non lines\n"),
        ("a\x1b[2Jb\n", "a\\x1b[2Jb\n"),
        ("bell\x07 and \u202eoverride\n", "bell\\x07 and \\u202eoverride\n"),
    ],
)
def test_terminal_escapes_what_a_terminal_acts_on_only(text: str, shown: str) -> None:
    assert cli._terminal(text) == shown
