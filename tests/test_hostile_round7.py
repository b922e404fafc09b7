"""
Hostile input, round seven: each defect the third adversarial review of the
store round found (D5, D7 to D11), tried with the reported inputs and with
inputs of our own.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
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
    dump,
    dumps,
    load,
    loads,
)
from provenance.cli import main
from provenance.distributed import read_shards, write_shards
from provenance.errors import DocumentError, UnsupportedVersionError
from provenance.interop.stix import (
    CLAIM_TYPE,
    RELATION_TYPE,
    from_stix,
    to_stix,
)
from provenance.policy import DEFAULT_POLICY
from provenance.policy_document import dumps_policy, loads_policy
from provenance.relations import Entails, Exclusive
from provenance.serialize import schema, validate
from provenance.store import Store


ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.json"
PREFIX = "provenance: error: "

A = Source(name="A", kind=SourceKind.PERSON)
X = Claim(text="X", key="x")


def said(claim: Claim, day: int, source: Source = A) -> Statement:
    return Statement(
        source=source,
        claim=claim,
        stance=Stance.from_verb("said"),
        made_on=dt.date(2024, 1, day),
    )


def _index(bundle: dict[str, Any], kind: str, **where: object) -> int:
    return next(
        index
        for index, node in enumerate(bundle["objects"])
        if node["type"] == kind and all(node.get(k) == v for k, v in where.items())
    )


class TestStixMalformedIds:
    @pytest.mark.parametrize("revoked", [False, True])
    @pytest.mark.parametrize("node_id", [["note--1"], {"id": "note--1"}, 7, None])
    def test_foreign_object_ignored(self, revoked: bool, node_id: object) -> None:
        """
        The review's case and its kin: another producer's object whose id is
        not a string, revoked or not, is ignored as its other objects are.
        """
        ledger = load(ARTICLE)
        bundle = to_stix(ledger)
        bundle["objects"].append({"type": "note", "id": node_id, "revoked": revoked})

        assert ledger == from_stix(bundle)

    @pytest.mark.parametrize("revoked", [False, True])
    @pytest.mark.parametrize("kind", ["identity", "opinion", CLAIM_TYPE, RELATION_TYPE])
    def test_ours_refused_at_id(self, kind: str, revoked: bool) -> None:
        """
        An object the ledger is read from (one with the provenance extension,
        or a relation) whose id is a list is refused at its ``id``, revoked
        or not, not dropped.
        """
        claim = Claim(text="Y", key="y")
        ledger = Ledger.of(
            [said(X, 1), said(claim, 2), Exclusive(key="k", claims=[X, claim])]
        )
        bundle = to_stix(ledger)
        where = {"name": "A"} if kind == "identity" else {}
        index = _index(bundle, kind, **where)
        node = bundle["objects"][index]
        node["id"] = [node["id"]]
        node["revoked"] = revoked

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{index}].id" == info.value.path
        assert "must be a string" == info.value.msg


MINISTRY = Source(name="Ministry", kind=SourceKind.GOVERNMENT)
SPOKESMAN = Source(name="Spokesman", kind=SourceKind.PERSON, affiliation=MINISTRY)
OTHER = Source(name="Other", kind=SourceKind.ORGANISATION)


def affiliated() -> Ledger:
    """
    A statement by an affiliated source, and one by a source of no
    affiliation, so the bundle has an identity to link wrongly.
    """
    return Ledger.of([said(X, 1, SPOKESMAN), said(X, 2, OTHER)])


class TestStixRevokedAffiliation:
    def test_reported_case(self) -> None:
        """
        The review's case: the part-of relationship to_stix wrote for a
        source of the article, revoked, is refused at its ``revoked``.
        """
        bundle = to_stix(load(ARTICLE))
        index = _index(bundle, "relationship", relationship_type="part-of")
        bundle["objects"][index]["revoked"] = True

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{index}].revoked" == info.value.path
        assert "revoked" in info.value.msg

    @pytest.mark.parametrize("value", [True, "true", 1, None])
    def test_any_id_refused(self, value: object) -> None:
        """
        A revoked part-of stating an affiliation the ledger holds is refused
        whatever its id (to_stix's, or a new one): the ledger would still
        read the affiliation from it.
        """
        bundle = to_stix(affiliated())
        index = _index(bundle, "relationship", relationship_type="part-of")
        node = bundle["objects"][index]
        node["id"] = f"relationship--{uuid.uuid4()}"
        node["revoked"] = value

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert f"$.objects[{index}].revoked" == info.value.path

    def test_foreign_revoked_links_ignored(self) -> None:
        """
        Another producer's revoked part-of linking identities the ledger
        does not link, a revoked relationship of another kind between
        affiliated identities, or a revoked part-of whose id is a list, is
        ignored as before.
        """
        ledger = affiliated()
        bundle = to_stix(ledger)
        part_of = bundle["objects"][
            _index(bundle, "relationship", relationship_type="part-of")
        ]
        other = bundle["objects"][_index(bundle, "identity", name="Other")]
        for kind, target in (
            ("part-of", other["id"]),
            ("related-to", part_of["target_ref"]),
        ):
            extra = copy.deepcopy(part_of)
            extra.update(
                id=f"relationship--{uuid.uuid4()}",
                relationship_type=kind,
                target_ref=target,
                revoked=True,
            )
            bundle["objects"].append(extra)
        bundle["objects"].append(
            {**copy.deepcopy(part_of), "id": ["x"], "revoked": True}
        )

        assert ledger == from_stix(bundle)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


class TestHugeMaxBytes:
    @pytest.mark.parametrize(
        "value",
        [
            "9" * 5000,  # The review's case: past int()'s 4,300 digits.
            "1" + "0" * 4300,
            str(1 << 63),
            "9" * 30,
        ],
    )
    def test_read_as_no_limit(
        self,
        value: str,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        A limit of any number of digits past the largest file size reads
        as that size: the document is read, with no traceback.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", value)

        code, out, err = _run(capsys, "validate", str(ARTICLE))

        assert (0, "") == (code, err)
        assert "a valid provenance document" in out

    @pytest.mark.parametrize("value", ["0" * 5000, "0" * 5000 + "9"])
    def test_leading_zeros_still_a_limit(
        self,
        value: str,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Thousands of leading zeros are read too: the small limit they
        spell refuses the document, naming it.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", value)

        code, out, err = _run(capsys, "validate", str(ARTICLE))

        assert (1, "") == (code, out)
        assert err.startswith(PREFIX)
        assert f"larger than the limit of {value[-1]} bytes" in err


#: JSON values that are not the integer a version is, each with its
#: JSON spelling.
NOT_VERSIONS = [
    (True, "true"),
    (False, "false"),
    (None, "null"),
    (1.0, "1.0"),
    ("1", '"1"'),
    ([1], "[1]"),
    ({"v": True}, '{"v": true}'),
]


class TestManifestVersion:
    @pytest.mark.parametrize(("value", "spelling"), [*NOT_VERSIONS, (2, "2")])
    def test_refused(self, tmp_path: Path, value: object, spelling: str) -> None:
        """
        The review's case and its kin: a manifest whose version is not the
        integer 1 (true and 1.0 among them) is refused, as documents are,
        showing the version as JSON spells it.
        """
        folder = tmp_path / "shards"
        write_shards(Ledger.of([said(X, 1)]), folder)
        manifest = folder / "shards.json"
        raw = json.loads(manifest.read_text())
        manifest.write_text(json.dumps({**raw, "version": value}))

        with pytest.raises(UnsupportedVersionError) as info:
            read_shards(folder)

        assert str(manifest) == info.value.path
        assert (
            f"unsupported shards version {spelling} (this release reads version 1)"
            == info.value.msg
        )

    def test_missing_refused(self, tmp_path: Path) -> None:
        """
        A manifest without a version is refused too.
        """
        folder = tmp_path / "shards"
        write_shards(Ledger.of([said(X, 1)]), folder)
        manifest = folder / "shards.json"
        raw = json.loads(manifest.read_text())
        del raw["version"]
        manifest.write_text(json.dumps(raw))

        with pytest.raises(UnsupportedVersionError, match="version null"):
            read_shards(folder)


class TestVersionSpelling:
    @pytest.mark.parametrize(("value", "spelling"), NOT_VERSIONS)
    def test_document(self, value: object, spelling: str) -> None:
        """
        A document's unsupported version is shown as JSON spells it
        (``true``, not Python's ``True``).
        """
        doc = json.loads(dumps(Ledger.of([said(X, 1)])))

        with pytest.raises(UnsupportedVersionError) as info:
            loads(json.dumps({**doc, "version": value}))

        assert info.value.msg.startswith(f"unsupported format version {spelling} (")

    @pytest.mark.parametrize(("value", "spelling"), NOT_VERSIONS)
    def test_policy_document(self, value: object, spelling: str) -> None:
        """
        So is a policy document's.
        """
        doc = json.loads(dumps_policy(DEFAULT_POLICY))

        with pytest.raises(UnsupportedVersionError) as info:
            loads_policy(json.dumps({**doc, "version": value}))

        assert info.value.msg.startswith(f"unsupported policy version {spelling} (")

    def test_long_value_cut(self) -> None:
        """
        A long version is cut, with its length, and its control characters
        escaped, as every value a message shows.
        """
        doc = json.loads(dumps(Ledger.of([said(X, 1)])))

        with pytest.raises(UnsupportedVersionError) as info:
            loads(json.dumps({**doc, "version": "\x1b" + "9" * 10_000}))

        assert "\x1b" not in info.value.msg
        assert "(10001 chars)" in info.value.msg
        assert len(str(info.value)) < 300


def _schema_errors(document: object) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema())
    return [error.message for error in validator.iter_errors(document)]


def _with_urls() -> dict[str, Any]:
    """
    A version 2 document whose statement and report both have a url.
    """
    statement = Statement(
        source=A,
        claim=X,
        stance=Stance.from_verb("said"),
        made_on=dt.date(2024, 1, 1),
        url="https://example.org/a",
    )
    report = Report(
        reporter=Source(name="Wire", kind=SourceKind.MEDIA_OUTLET),
        content=statement,
        made_on=dt.date(2024, 1, 2),
        url="https://example.org/b",
    )
    result: dict[str, Any] = json.loads(dumps(Ledger.of([statement, report])))
    return result


class TestSchemaVersions:
    def test_schema_valid(self) -> None:
        """
        The schema is still a valid Draft 2020-12 schema.
        """
        jsonschema = pytest.importorskip("jsonschema")

        jsonschema.Draft202012Validator.check_schema(schema())

    def test_version_1_with_url_refused(self) -> None:
        """
        The review's case: a version 1 document with a url is refused by
        the schema, as loads() and validate() refuse it.
        """
        doc = {**_with_urls(), "version": 1}

        assert _schema_errors(doc) != []
        assert validate(json.dumps(doc)) != ()

    @pytest.mark.parametrize("kind", ["statement", "report"])
    def test_any_record_with_url_refused(self, kind: str) -> None:
        """
        One url, on a statement or on a report, is enough.
        """
        doc = {**_with_urls(), "version": 1}
        for record in doc["records"].values():
            if record["type"] != kind:
                del record["url"]

        assert _schema_errors(doc) != []
        with pytest.raises(DocumentError, match="version 1 document has no url"):
            loads(json.dumps(doc))

    def test_version_1_without_url_valid(self) -> None:
        """
        A version 1 document without urls, and a version 2 one with them,
        are valid (the ids, which the schema cannot check, aside).
        """
        doc = _with_urls()
        old = copy.deepcopy(doc)
        old["version"] = 1
        for record in old["records"].values():
            del record["url"]

        assert ([], []) == (_schema_errors(doc), _schema_errors(old))
        assert 2 == len(loads(json.dumps(doc)))

    @pytest.mark.parametrize("value", [True, 1.5, "2", None])
    def test_version_must_be_an_integer(self, value: object) -> None:
        """
        The schema says ``version`` is an integer: anything else is refused,
        as loads() refuses it.
        """
        doc = {**_with_urls(), "version": value}

        assert "type" in schema()["properties"]["version"]
        assert "integer" == schema()["properties"]["version"]["type"]
        assert _schema_errors(doc) != []
        with pytest.raises(UnsupportedVersionError):
            loads(json.dumps(doc))


B = Claim(text="Someone shelled the market", key="b")
C = Claim(text="Cland shelled the market", key="c")


def cycle_documents(folder: Path) -> list[str]:
    """
    Three documents: the second's Entails closes a cycle with the first's.
    """
    documents = {
        "one.json": Ledger.of([said(C, 1), Entails(specific=C, general=B)]),
        "two.json": Ledger.of([Entails(specific=B, general=C)]),
        "three.json": Ledger.of([said(X, 3)]),
    }
    for name, ledger in documents.items():
        dump(ledger, folder / name)
    return [str(folder / name) for name in documents]


class TestFailedAddToNewStore:
    @pytest.mark.parametrize("count", [2, 3])
    def test_leaves_nothing(
        self, tmp_path: Path, count: int, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The review's case: documents whose relations cannot hold together,
        added to a store that does not exist, name the document, say that
        nothing was added, and leave no file behind.
        """
        files = cycle_documents(tmp_path)[:count]
        store = tmp_path / "new.db"
        before = sorted(tmp_path.iterdir())

        code, out, err = _run(capsys, "add", str(store), *files)

        assert (1, "") == (code, out)
        assert err.startswith(f"{PREFIX}{files[1]}: entailment forms a cycle")
        assert err.endswith(f"; nothing was added to {store}\n")
        assert before == sorted(tmp_path.iterdir())

    def test_dangling_link_leaves_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A link to no file is a new store too: neither its target nor any
        other file is made.
        """
        files = cycle_documents(tmp_path)
        link = tmp_path / "link.db"
        link.symlink_to(tmp_path / "target.db")
        before = sorted(tmp_path.iterdir())

        code, _, err = _run(capsys, "add", str(link), *files)

        assert 1 == code
        assert "nothing was added" in err
        assert before == sorted(tmp_path.iterdir())
        assert not (tmp_path / "target.db").exists()

    @pytest.mark.parametrize("held", [False, True])
    def test_existing_store_kept(
        self, tmp_path: Path, held: bool, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A store that existed before the command, empty or not, is kept as
        it was, and the error is the same.
        """
        files = cycle_documents(tmp_path)
        store = tmp_path / "desk.db"
        with Store.open(store) as opened:
            if held:
                opened.add([said(X, 9)])
            head = opened.head

        code, _, err = _run(capsys, "add", str(store), *files)

        assert 1 == code
        assert err.startswith(f"{PREFIX}{files[1]}: entailment forms a cycle")
        with Store.open(store) as opened:
            assert (int(held), head) == (len(opened), opened.head)

    def test_conflict_with_held_relations_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        For an existing store, a conflict with the relations it holds is
        still named by the first document that brings it.
        """
        files = cycle_documents(tmp_path)
        store = tmp_path / "desk.db"
        with Store.open(store) as opened:
            opened.add([Entails(specific=B, general=C)])

        code, _, err = _run(capsys, "add", str(store), *files)

        assert 1 == code
        assert err.startswith(f"{PREFIX}{files[0]}: entailment forms a cycle")

    def test_documents_that_hold_are_added(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        Documents whose relations hold together still make the new store.
        """
        files = cycle_documents(tmp_path)
        store = tmp_path / "new.db"

        code, out, err = _run(capsys, "add", str(store), files[0], files[2])

        assert (0, "") == (code, err)
        assert out.endswith(f"{store}: 2 records held\n")
