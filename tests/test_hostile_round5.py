"""
Hostile input, round five: each defect the fifth adversarial round found,
tried with the reported inputs and with inputs of our own.
"""

from __future__ import annotations

import datetime as dt
import uuid

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
    assess_all,
    dump,
    load,
)
from provenance.cli import main
from provenance.errors import DocumentError
from provenance.interop.stix import (
    CLAIM_TYPE,
    RELATION_TYPE,
    StixImportWarning,
    from_stix,
    to_stix,
)
from provenance.relations import Entails, Exclusive
from provenance.store import Store


ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.json"
PREFIX = "provenance: error: "

A = Source(name="A", kind=SourceKind.PERSON)
X = Claim(text="X", key="x")
Y = Claim(text="Y", key="y")
Z = Claim(text="Z", key="z")


def said(claim: Claim, day: int) -> Statement:
    return Statement(
        source=A,
        claim=claim,
        stance=Stance.from_verb("said"),
        made_on=dt.date(2024, 1, day),
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


class TestMaxBytesSetting:
    @pytest.mark.parametrize(
        "value",
        [
            "1e3",
            " 5000",
            "5000 ",
            "5000\n",
            "5_000",
            "64M",
            "-1",
            "+5",
            "",
            "0x10",
            "\u0665\u0660\u0660\u0660",  # Arabic-Indic digits: not ASCII.
        ],
    )
    def test_malformed_refused(
        self,
        value: str,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        A PROVENANCE_MAX_BYTES that is not ASCII digits is a usage error
        (status 2) naming the variable and the value, not ignored for the
        default limit.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", value)

        with pytest.raises(SystemExit) as info:
            main(["validate", str(ARTICLE)])
        out, err = capsys.readouterr()

        assert (2, "") == (info.value.code, out)
        assert err.startswith(f"{PREFIX}PROVENANCE_MAX_BYTES must be a number")
        assert 1 == err.count("\n")
        assert repr(value)[1:-1].strip() in err

    def test_refused_before_a_store_is_made(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        ``add`` with a malformed limit refuses before it creates the store.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", "64M")
        store = tmp_path / "desk.db"

        with pytest.raises(SystemExit):
            main(["add", str(store), str(ARTICLE)])
        capsys.readouterr()

        assert not store.exists()

    @pytest.mark.parametrize(
        ("value", "code"), [("0", 1), ("5000", 1), ("0099999999", 0)]
    )
    def test_digits_still_a_limit(
        self,
        value: str,
        code: int,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Digits, zero and leading zeros included, are the limit in bytes.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", value)

        found, _, err = _run(capsys, "validate", str(ARTICLE))

        assert code == found
        if code:
            assert f"larger than the limit of {int(value)} bytes" in err


class TestAddIsOneTransaction:
    @pytest.fixture
    def docs(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """
        A folder holding a.json (a statement, x and y exclusive), b.json (a
        statement, x entails y: cannot hold with a.json) and c.json (a
        statement on z, which holds with either).
        """
        monkeypatch.chdir(tmp_path)
        dump(Ledger.of([said(X, 1), Exclusive(key="k", claims=[X, Y])]), "a.json")
        dump(Ledger.of([said(Y, 2), Entails(specific=X, general=Y)]), "b.json")
        dump(Ledger.of([said(Z, 3), said(X, 1)]), "c.json")
        return tmp_path

    @staticmethod
    def held(path: str) -> int:
        with Store.open(path) as store:
            return len(store)

    @pytest.mark.usefixtures("docs")
    def test_reported_case(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The review's case: b.json's relation cannot hold with a.json's set.
        The error names b.json and says nothing was added, and nothing was.
        """
        code, out, err = _run(capsys, "add", "desk.db", "a.json", "b.json")

        assert (1, "") == (code, out)
        assert (
            f"{PREFIX}b.json: one hypothesis entails another (so could never be "
            "true) @ Exclusive[k] (got 'x -> y'); nothing was added to desk.db\n"
        ) == err
        assert 0 == self.held("desk.db")

    @pytest.mark.usefixtures("docs")
    def test_the_later_document_is_named(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        Given the other way round, a.json brings the conflict, and is named.
        """
        code, _, err = _run(capsys, "add", "desk.db", "c.json", "b.json", "a.json")

        assert 1 == code
        assert err.startswith(f"{PREFIX}a.json: ")
        assert err.endswith("; nothing was added to desk.db\n")
        assert 0 == self.held("desk.db")

    @pytest.mark.usefixtures("docs")
    def test_conflict_with_the_store(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A document whose relations cannot hold with those the store holds is
        named, after documents that could be added alone; the store keeps
        what it held.
        """
        assert 0 == _run(capsys, "add", "desk.db", "a.json")[0]

        code, _, err = _run(capsys, "add", "desk.db", "c.json", "b.json")

        assert 1 == code
        assert err.startswith(f"{PREFIX}b.json: one hypothesis entails another")
        assert err.endswith("; nothing was added to desk.db\n")
        assert 1 == self.held("desk.db")

    def test_set_key_taken_in_the_store(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A set whose key the store's set has, on claims the store does not
        know, is named too (the store's relations read without a claim).
        """
        store = str(tmp_path / "desk.db")
        with Store.open(store) as opened:
            opened.add([said(X, 1), Exclusive(key="k", claims=[X, Y])])
        other = tmp_path / "other.json"
        w = Claim(text="W", key="w")
        dump(Ledger.of([said(Z, 2), Exclusive(key="k", claims=[Z, w])]), other)

        code, _, err = _run(capsys, "add", store, str(ARTICLE), str(other))

        assert 1 == code
        assert err.startswith(f"{PREFIX}{other}: ")
        assert "Exclusive" in err
        assert 1 == self.held(store)

    @pytest.mark.usefixtures("docs")
    def test_counts_as_if_added_in_turn(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        Each document's line counts what it brought that the store and the
        documents before it lacked, as adding them one by one would.
        """
        with Store.open("desk.db") as store:
            store.add([said(Z, 3)])
        files = ["a.json", "c.json", "a.json", str(ARTICLE)]
        with Store.open("turn.db") as turn:
            turn.add([said(Z, 3)])
            expected = []
            for file in files:
                ledger = load(file)
                new = turn.add([*ledger, *ledger.relations])
                total = len(ledger) + len(ledger.relations)
                expected.append(f"{file}: {len(new)} new of {total}")
            expected.append(f"desk.db: {len(turn)} records held")

        code, out, _ = _run(capsys, "add", "desk.db", *files)

        assert 0 == code
        assert "\n".join(expected) + "\n" == out
        assert ["a.json: 2 new of 2", "c.json: 0 new of 2"] == expected[:2]


def stix_ledger() -> Ledger:
    """
    A statement held, one only relayed by a held report, and a set of
    two exclusive hypotheses: every kind of value a bundle is read into.
    """
    relay = Source(name="Wire", kind=SourceKind.ORGANISATION)
    relayed = said(Y, 2)
    return Ledger.of(
        [
            said(X, 1),
            Report(reporter=relay, content=relayed, made_on=dt.date(2024, 1, 3)),
            Exclusive(key="k", claims=[X, Y]),
        ]
    )


def revoked_at(bundle: dict[str, Any], kind: str, **where: object) -> int:
    """
    Mark the first object of *kind* (with the values *where* gives)
    revoked; its place in the bundle.
    """
    for index, node in enumerate(bundle["objects"]):
        if node["type"] == kind and all(node.get(k) == v for k, v in where.items()):
            node["revoked"] = True
            return index
    msg = f"no {kind} in the bundle"
    raise AssertionError(msg)


class TestRevokedStix:
    def test_reported_case(self) -> None:
        """
        The review's case: every opinion and report of the article's bundle
        revoked by its creator. Refused, naming the first and ``revoked``,
        not read as live statements.
        """
        bundle = to_stix(load(ARTICLE))
        first = None
        for index, node in enumerate(bundle["objects"]):
            if node["type"] in ("opinion", "report"):
                node["revoked"] = True
                first = index if first is None else first

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{first}].revoked" == info.value.path
        assert "revoked" in info.value.msg
        assert "was it altered?" in info.value.msg

    @pytest.mark.parametrize(
        ("kind", "where"),
        [
            ("opinion", {"x_provenance_held": True}),  # The statement held.
            ("opinion", {"x_provenance_held": None}),  # The one only relayed.
            ("report", {}),
            ("identity", {"name": "Wire"}),
            (CLAIM_TYPE, {"name": "Y"}),
            (RELATION_TYPE, {}),
        ],
    )
    def test_any_value_read_refused(self, kind: str, where: dict[str, Any]) -> None:
        """
        Whatever the value of the ledger a revoked object holds (a record,
        held or relayed, a source, a claim, a relation), it is refused.
        """
        bundle = to_stix(stix_ledger())
        index = revoked_at(bundle, kind, **where)

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{index}].revoked" == info.value.path

    @pytest.mark.parametrize("value", ["true", 1, None, [], "false"])
    def test_revoked_not_false_refused(self, value: object) -> None:
        """
        A ``revoked`` that is not the boolean false is refused on a record.
        """
        bundle = to_stix(stix_ledger())
        index = revoked_at(bundle, "report")
        bundle["objects"][index]["revoked"] = value

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{index}].revoked" == info.value.path

    def test_revoked_false_accepted(self) -> None:
        """
        ``revoked: false``, STIX's default, on every object reads as before.
        """
        ledger = stix_ledger()
        bundle = to_stix(ledger)
        for node in bundle["objects"]:
            node["revoked"] = False

        assert ledger == from_stix(bundle)

    def test_foreign_revoked_objects_ignored(self) -> None:
        """
        Another producer's revoked opinion and report (no provenance
        extension) are ignored and counted, as its live ones are.
        """
        ledger = stix_ledger()
        bundle = to_stix(ledger)
        claim = next(o for o in bundle["objects"] if o["type"] == CLAIM_TYPE)
        for kind in ("opinion", "report"):
            bundle["objects"].append(
                {
                    "type": kind,
                    "spec_version": "2.1",
                    "id": f"{kind}--{uuid.uuid4()}",
                    "created": "2024-11-01T00:00:00.000Z",
                    "modified": "2024-11-02T00:00:00.000Z",
                    "revoked": True,
                    "opinion": "agree",
                    "object_refs": [claim["id"]],
                }
            )

        with pytest.warns(StixImportWarning, match="ignored 2 opinion"):
            assert ledger == from_stix(bundle)

    def test_revoked_assessment_ignored(self) -> None:
        """
        An assessment's opinion is not read back, revoked or not.
        """
        ledger = stix_ledger()
        bundle = to_stix(ledger, assessments=assess_all(ledger))
        index = next(
            i
            for i, o in enumerate(bundle["objects"])
            if o["type"] == "opinion" and "x_provenance_stance" not in o
        )
        bundle["objects"][index]["revoked"] = True

        assert ledger == from_stix(bundle)
