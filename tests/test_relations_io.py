"""
Relations between claims, and a quantity's subject, in the document format:
written only when present (so every other document is unchanged), read back
verified, and refused with a path when malformed or contradictory.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hypothesis import given

from provenance import Claim, Ledger, Quantity, Source, SourceKind, Stance, Statement
from provenance.errors import (
    DocumentError,
    IntegrityError,
    ProvenanceError,
    UnknownReferenceError,
    path_key,
)
from provenance.relations import Entails, Equivalent, Exclusive, relation_node
from provenance.serialize import (
    _Days,
    _Document,
    _plain,
    _Resolver,
    _shapes_ok,
    converter,
    dumps,
    loads,
    schema,
    validate,
)
from provenance.testing import ledgers


FIXTURE = Path(__file__).parent / "documents" / "v1.json"

NIS = Source(name="NIS", kind=SourceKind.AGENCY)
TYPHOID = Claim(text="X died of typhoid", key="typhoid")
DEAD = Claim(text="X is dead", key="dead")
PERISHED = Claim(
    text="X perished",
    quantity=Quantity(value=1, unit="deaths", subject="deaths in the camp"),
)
ALIVE = Claim(text="X is alive", key="alive", about=[NIS])
SAID = Statement(
    source=NIS,
    claim=TYPHOID,
    stance=Stance.from_verb("said"),
    made_on=dt.date(2024, 1, 1),
)
ENTAILS = Entails(specific=TYPHOID, general=DEAD)
EQUIVALENT = Equivalent(claims=[DEAD, PERISHED])
EXCLUSIVE = Exclusive(key="fate", claims=[DEAD, ALIVE], exhaustive=True)
LEDGER = Ledger.of([SAID, ENTAILS, EQUIVALENT, EXCLUSIVE])


def content_id(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def document(ledger: Ledger = LEDGER) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(dumps(ledger))
    return result


def refuse(doc: Any, *, verify: bool = True) -> ProvenanceError:
    with pytest.raises(ProvenanceError) as info:
        loads(json.dumps(doc), verify=verify)
    return info.value


def where(relation_id: str, rest: str = "") -> str:
    return f"$.relations{path_key(relation_id)}{rest}"


def with_relation(doc: dict[str, Any], node: dict[str, Any]) -> str:
    """
    Add *node* to *doc*'s relations under its content id; returns the id.
    """
    key = content_id(node)
    doc.setdefault("relations", {})[key] = node
    return key


class TestWriting:
    def test_table_between_records_and_sources(self) -> None:
        """
        The relations table is in sorted-key position, in both layouts.
        """
        compact = dumps(LEDGER)
        indented = dumps(LEDGER, indent=2)

        assert compact.index('"records"') < compact.index('"relations"')
        assert compact.index('"relations"') < compact.index('"sources"')
        assert json.loads(compact) == json.loads(indented)
        assert compact == json.dumps(
            json.loads(indented),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )

    def test_canonical_entries(self) -> None:
        """
        Each relation is stored under its id, in its canonical form.
        """
        doc = document()

        assert {r.id: relation_node(r) for r in LEDGER.relations} == doc["relations"]
        assert all(key == content_id(node) for key, node in doc["relations"].items())

    def test_claims_only_relations_name(self) -> None:
        """
        Claims no statement is on are in the claims table, with their parties.
        """
        doc = document()

        assert {TYPHOID.id, DEAD.id, PERISHED.id, ALIVE.id} == set(doc["claims"])
        assert NIS.id in doc["sources"]

    def test_no_relations_no_table(self) -> None:
        """
        A ledger without relations writes no relations table.
        """
        doc = document(Ledger.of([SAID]))

        assert "relations" not in doc
        assert "relations" not in dumps(Ledger.of([SAID]), indent=2)

    def test_golden_document_unchanged(self) -> None:
        """
        The version 1 fixture reads and writes back byte for byte, but for
        its version number.
        """
        text = FIXTURE.read_text("utf-8")
        upgraded = text.replace('\n  "version": 1\n', '\n  "version": 2\n')

        assert upgraded == dumps(loads(text), indent=2) + "\n"
        assert "relations" not in json.loads(text)
        assert "subject" not in text

    def test_subject(self) -> None:
        """
        A quantity's subject is written only when set.
        """
        doc = document()

        assert "deaths in the camp" == doc["claims"][PERISHED.id]["quantity"]["subject"]
        assert "subject" not in json.dumps(document(Ledger.of([SAID])))


class TestRoundTrip:
    @given(ledgers(relations=True))
    def test_loads_dumps(self, ledger: Ledger) -> None:
        """
        Every ledger with relations reads back equal, from both layouts,
        verified or not, and writes the same text again.
        """
        text = dumps(ledger)

        assert ledger == loads(text)
        assert ledger == loads(dumps(ledger, indent=2))
        assert ledger == loads(text, verify=False)
        assert text == dumps(loads(text))
        assert () == validate(text)

    @given(ledgers(relations=True))
    def test_schema_valid(self, ledger: Ledger) -> None:
        """
        Every document with relations matches the JSON Schema.
        """
        jsonschema.validate(json.loads(dumps(ledger)), schema())

    def test_example(self) -> None:
        """
        The example ledger reads back with its relations and ids.
        """
        loaded = loads(dumps(LEDGER))

        assert LEDGER == loaded
        assert {r.id for r in LEDGER.relations} == {r.id for r in loaded.relations}
        assert EXCLUSIVE == loaded.hypotheses("fate")

    def test_relations_only(self) -> None:
        """
        A ledger of relations alone, with no records, round-trips.
        """
        ledger = Ledger.of([ENTAILS])

        assert ledger == loads(dumps(ledger))
        assert () == validate(dumps(ledger))

    def test_both_paths_read_the_same(self) -> None:
        """
        The fast shape check accepts a document with relations and subjects,
        and the converter's path reads it to the same tables and ledger.
        """
        doc = document()

        plain = _plain(converter.structure(copy.deepcopy(doc), _Document))

        assert _shapes_ok(copy.deepcopy(doc), _Days())
        assert doc["relations"] == plain["relations"]
        assert doc["claims"] == plain["claims"]
        assert LEDGER == _Resolver(plain, verify=True, days=_Days()).ledger()


def _entails_id(doc: dict[str, Any]) -> str:
    return _set_id(doc, "entails")


def _set_id(doc: dict[str, Any], kind: str) -> str:
    table: dict[str, dict[str, Any]] = doc["relations"]
    return next(key for key, node in table.items() if node["type"] == kind)


class TestRefused:
    def test_tampered(self) -> None:
        """
        A relation altered after it was written no longer matches its id.
        """
        doc = document()
        doc["relations"][_set_id(doc, "exclusive")]["exhaustive"] = False

        error = refuse(doc)

        assert isinstance(error, IntegrityError)
        assert where(_set_id(doc, "exclusive")) == error.path
        assert LEDGER != loads(json.dumps(doc), verify=False)

    def test_not_canonical(self) -> None:
        """
        Claims out of order are refused as not canonical, even when the id
        was computed over them; unverified, they read.
        """
        doc = document()
        old = _set_id(doc, "equivalent")
        node = doc["relations"].pop(old)
        node["claims"].reverse()
        key = with_relation(doc, node)

        error = refuse(doc)

        assert isinstance(error, IntegrityError)
        assert "canonical" in error.msg
        assert where(key) == error.path
        assert LEDGER == loads(json.dumps(doc), verify=False)

    def test_dangling_claim(self) -> None:
        """
        A relation naming no stored claim is refused at the reference.
        """
        doc = document(Ledger.of([SAID]))
        key = with_relation(
            doc, {"type": "equivalent", "claims": sorted(["0" * 64, TYPHOID.id])}
        )

        error = refuse(doc)

        assert isinstance(error, UnknownReferenceError)
        assert where(key, ".claims[0]") == error.path

    def test_dangling_specific(self) -> None:
        """
        An entailment from no stored claim is refused at the reference.
        """
        doc = document(Ledger.of([SAID]))
        key = with_relation(
            doc, {"type": "entails", "specific": "f" * 64, "general": TYPHOID.id}
        )

        error = refuse(doc, verify=False)

        assert isinstance(error, UnknownReferenceError)
        assert where(key, ".specific") == error.path

    @pytest.mark.parametrize("tag", ["implies", None, 1, "Entails"])
    def test_unknown_type(self, tag: Any) -> None:
        """
        A relation of no known type is refused at its entry.
        """
        doc = document()
        key = _entails_id(doc)
        doc["relations"][key]["type"] = tag

        error = refuse(doc)

        assert type(error) is DocumentError
        assert error.path == where(key)
        assert "unknown relation type" in error.msg

    def test_extra_key(self) -> None:
        """
        A relation with a key of no relation is refused.
        """
        doc = document()
        key = _entails_id(doc)
        doc["relations"][key]["strength"] = 0.9

        error = refuse(doc)

        assert "unknown field 'strength'" == error.msg
        assert where(key) == error.path

    @pytest.mark.parametrize(
        ("kind", "field"),
        [
            ("entails", "general"),
            ("equivalent", "claims"),
            ("exclusive", "key"),
            ("exclusive", "exhaustive"),
        ],
    )
    def test_missing_key(self, kind: str, field: str) -> None:
        """
        A relation without one of its keys is refused at that key.
        """
        doc = document()
        key = _set_id(doc, kind)
        del doc["relations"][key][field]

        error = refuse(doc)

        assert where(key, f".{field}") == error.path

    @pytest.mark.parametrize(
        ("kind", "field", "value"),
        [
            ("entails", "general", 3),
            ("equivalent", "claims", "ab"),
            ("equivalent", "claims", [1, 2]),
            ("exclusive", "exhaustive", "yes"),
            ("exclusive", "key", None),
        ],
    )
    def test_wrong_type(self, kind: str, field: str, value: Any) -> None:
        """
        A relation's field of the wrong JSON type is refused under it.
        """
        doc = document()
        key = _set_id(doc, kind)
        doc["relations"][key][field] = value

        error = refuse(doc)

        assert error.path.startswith(where(key, f".{field}"))

    def test_invalid_model_value(self) -> None:
        """
        A relation the model refuses is refused at its field.
        """
        doc = document()
        key = with_relation(
            doc, {"type": "entails", "specific": DEAD.id, "general": DEAD.id}
        )

        error = refuse(doc)

        assert where(key, ".general") == error.path

    def test_bad_set_key(self) -> None:
        """
        An exclusive set's key that is no slug is refused at the key.
        """
        doc = document()
        key = with_relation(
            doc,
            {
                "type": "exclusive",
                "key": "not a slug",
                "claims": sorted([TYPHOID.id, PERISHED.id]),
                "exhaustive": False,
            },
        )

        assert where(key, ".key") == refuse(doc).path

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (None, "expected a JSON object"),
            ([], "expected a JSON object"),
            ({}, "empty relations table"),
        ],
    )
    def test_table(self, value: Any, message: str) -> None:
        """
        The relations table is an object, absent rather than null or empty.
        """
        doc = document(Ledger.of([SAID]))
        doc["relations"] = value

        error = refuse(doc)

        assert "$.relations" == error.path
        assert message in error.msg

    def test_cycle(self) -> None:
        """
        Relations that each are valid but cannot all hold are refused at
        the relations table, as a DocumentError.
        """
        doc = document()
        with_relation(
            doc, {"type": "entails", "specific": DEAD.id, "general": TYPHOID.id}
        )

        error = refuse(doc)

        assert type(error) is DocumentError
        assert "$.relations" == error.path
        assert "cycle" in error.msg
        assert type(refuse(doc, verify=False)) is DocumentError

    def test_contradiction(self) -> None:
        """
        An exclusive set whose hypotheses entail one another is refused.
        """
        doc = document()
        with_relation(
            doc,
            {
                "type": "exclusive",
                "key": "cause",
                "claims": sorted([TYPHOID.id, PERISHED.id]),
                "exhaustive": False,
            },
        )

        error = refuse(doc)

        assert "$.relations" == error.path
        assert "relations cannot all hold" in error.msg

    def test_claim_only_a_relation_names_is_reached(self) -> None:
        """
        A claim only relations name is no unreached value; removed from
        the relations, it is.
        """
        doc = document()

        assert () == validate(json.dumps(doc))
        del doc["relations"][_set_id(doc, "exclusive")]
        problems = validate(json.dumps(doc))

        assert [f"$.claims{path_key(ALIVE.id)}"] == [p.path for p in problems]
        assert "not reached from any entry" == problems[0].msg


class TestValidate:
    def test_every_relation_problem(self) -> None:
        """
        validate() reports each malformed, dangling or tampered relation,
        and then whether the valid ones hold together.
        """
        doc = document()
        doc["relations"][_set_id(doc, "exclusive")]["exhaustive"] = False
        dangling = with_relation(
            doc, {"type": "entails", "specific": "0" * 64, "general": DEAD.id}
        )
        unknown = with_relation(doc, {"type": "implies"})
        with_relation(
            doc, {"type": "entails", "specific": DEAD.id, "general": TYPHOID.id}
        )

        problems = validate(json.dumps(doc))
        paths = [p.path for p in problems]

        assert where(unknown) in paths
        assert where(dangling, ".specific") in paths
        assert where(_set_id(doc, "exclusive")) in paths
        assert "$.relations" in paths
        assert any("cycle" in p.msg for p in problems)
        assert 4 == len(problems)

    def test_empty_table(self) -> None:
        """
        An empty relations table is one problem.
        """
        doc = document(Ledger.of([SAID]))
        doc["relations"] = {}

        assert ["$.relations"] == [p.path for p in validate(json.dumps(doc))]

    def test_all_invalid_is_not_empty(self) -> None:
        """
        A table whose every relation is malformed is not also "empty".
        """
        doc = document(Ledger.of([SAID]))
        key = with_relation(doc, {"type": "implies"})

        assert [where(key)] == [p.path for p in validate(json.dumps(doc))]

    def test_relation_not_an_object(self) -> None:
        """
        A relation that is no JSON object is one problem, at it.
        """
        doc = document(Ledger.of([SAID]))
        doc["relations"] = {"0" * 64: ["entails"]}

        assert [where("0" * 64)] == [p.path for p in validate(json.dumps(doc))]
        assert where("0" * 64) == refuse(doc).path

    def test_null_table(self) -> None:
        """
        A null relations table is a problem of the envelope.
        """
        doc = document(Ledger.of([SAID]))
        doc["relations"] = None

        assert ["$.relations"] == [p.path for p in validate(json.dumps(doc))]


class TestSubject:
    @pytest.mark.parametrize("value", [None, "", 3, ["deaths"]])
    def test_refused(self, value: Any) -> None:
        """
        A subject, when present, is a non-empty string.
        """
        doc = document()
        doc["claims"][PERISHED.id]["quantity"]["subject"] = value

        error = refuse(doc, verify=False)

        assert f"$.claims{path_key(PERISHED.id)}.quantity.subject" == error.path
        assert errors(doc)

    def test_blank_refused_by_the_model(self) -> None:
        """
        A subject with nothing visible is refused by the model, at it.
        """
        doc = document()
        doc["claims"][PERISHED.id]["quantity"]["subject"] = "   "

        error = refuse(doc, verify=False)

        assert error.path.startswith(f"$.claims{path_key(PERISHED.id)}.quantity")

    def test_altered_subject_breaks_the_id(self) -> None:
        """
        The subject is part of the claim's id.
        """
        doc = document()
        doc["claims"][PERISHED.id]["quantity"]["subject"] = "deaths at sea"

        assert isinstance(refuse(doc), IntegrityError)

    def test_no_subject_keeps_old_ids(self) -> None:
        """
        A quantity without a subject has the text it always had.
        """
        plain = Claim(text="X perished", quantity=Quantity(value=1, unit="deaths"))

        assert "subject" not in json.dumps(
            document(Ledger.of([Entails(specific=plain, general=DEAD)]))["claims"][
                plain.id
            ]
        )


def errors(doc: Any) -> list[str]:
    return [
        e.message for e in jsonschema.Draft202012Validator(schema()).iter_errors(doc)
    ]


def _change(kind: str, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["relations"][_set_id(doc, kind)][field] = value

    return change


class TestSchema:
    def test_valid(self) -> None:
        """
        A document with relations and a subject matches the schema.
        """
        assert [] == errors(document())

    @pytest.mark.parametrize(
        "change",
        [
            _change("entails", "type", "implies"),
            _change("entails", "strength", 1),
            _change("equivalent", "claims", [DEAD.id]),
            _change("exclusive", "key", "not a slug"),
            _change("exclusive", "exhaustive", None),
        ],
    )
    def test_invalid(self, change: Callable[[dict[str, Any]], None]) -> None:
        """
        The schema rejects a malformed relation, and so does loads().
        """
        doc = document()
        change(doc)

        assert errors(doc)
        with pytest.raises(DocumentError):
            loads(json.dumps(doc))

    @pytest.mark.parametrize("value", [None, {}, []])
    def test_invalid_table(self, value: Any) -> None:
        """
        The schema rejects a null, empty or non-object table.
        """
        doc = document()
        doc["relations"] = value

        assert errors(doc)
