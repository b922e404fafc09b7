"""
The JSON Schema of the document format (provenance.serialize.schema()) holds
for every document the library writes, and rejects what loads() rejects.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest


jsonschema = pytest.importorskip("jsonschema")

from hypothesis import given  # noqa: E402

import provenance as pv  # noqa: E402

from provenance.serialize import schema  # noqa: E402
from provenance.testing import ledgers  # noqa: E402


ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(
    [
        ROOT / "examples" / "article.json",
        *(ROOT / "tests" / "documents").glob("*.json"),
    ]
)
PACKAGED = "data/article.json"


def validator() -> Any:
    return jsonschema.Draft202012Validator(schema())


def errors(document: Any) -> list[str]:
    return [error.message for error in validator().iter_errors(document)]


def article_document() -> dict[str, Any]:
    text = resources.files("provenance").joinpath(PACKAGED).read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


class TestSchema:
    def test_is_draft_2020_12(self) -> None:
        """
        The schema is itself a valid Draft 2020-12 schema.
        """
        jsonschema.Draft202012Validator.check_schema(schema())

        assert "https://json-schema.org/draft/2020-12/schema" == schema()["$schema"]

    @given(ledgers())
    def test_written_documents(self, ledger: pv.Ledger) -> None:
        """
        Every document dumps() writes, compact or indented, is valid.
        """
        for indent in (None, 2):
            assert [] == errors(json.loads(pv.dumps(ledger, indent=indent)))

    def test_dump(self) -> None:
        """
        The document dump() writes to a file is valid.
        """
        ledger = pv.loads(json.dumps(article_document()))
        out = io.StringIO()

        pv.dump(ledger, out)

        assert [] == errors(json.loads(out.getvalue()))

    def test_hearsay(self) -> None:
        """
        A document with a hearsay stance is valid.
        """
        ledger = pv.Ledger.of(
            [
                pv.Statement(
                    source=pv.Source(name="Yonhap", kind=pv.SourceKind.MEDIA_OUTLET),
                    claim=pv.Claim(text="Troops were sent"),
                    stance=pv.Stance.from_verb("reportedly"),
                    made_on=dt.date(2024, 11, 1),
                )
            ]
        )
        document = json.loads(pv.dumps(ledger))

        assert '"hearsay": true' in pv.dumps(ledger, indent=2)
        assert [] == errors(document)

    def test_empty_ledger(self) -> None:
        """
        The document of the empty ledger is valid.
        """
        assert [] == errors(json.loads(pv.dumps(pv.Ledger())))

    @pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
    def test_committed_documents(self, path: Path) -> None:
        """
        The example document and every test fixture are valid.
        """
        assert [] == errors(json.loads(path.read_text("utf-8")))

    def test_packaged_article(self) -> None:
        """
        The article document shipped in the package is valid.
        """
        assert [] == errors(article_document())


def _first(table: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def pick(doc: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = doc[table][min(doc[table])]
        return result

    return pick


def _statement(doc: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in doc["records"].values() if r["type"] == "statement")


def _report(doc: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in doc["records"].values() if r["type"] == "report")


def _set(
    where: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any
) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        where(doc)[key] = value

    return change


def _delete(
    where: Callable[[dict[str, Any]], dict[str, Any]], key: str
) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        del where(doc)[key]

    return change


def _top(doc: dict[str, Any]) -> dict[str, Any]:
    return doc


_source = _first("sources")
_channel = _first("channels")
_claim = _first("claims")

INVALID: dict[str, Callable[[dict[str, Any]], None]] = {
    "wrong format": _set(_top, "format", "prov"),
    "unknown version": _set(_top, "version", 99),
    "missing table": _delete(_top, "channels"),
    "extra top-level field": _set(_top, "comment", "hello"),
    "entries not an array": _set(_top, "entries", "all"),
    "entry not an id": _set(_top, "entries", ["not-a-sha256"]),
    "source without kind": _delete(_source, "kind"),
    "unknown source kind": _set(_source, "kind", "robot"),
    "blank source name": _set(_source, "name", "   "),
    "empty role": _set(_source, "role", ""),
    "affiliation not an id": _set(_source, "affiliation", "South Korea"),
    "extra source field": _set(_source, "nickname", "x"),
    "public not boolean": _set(_channel, "public", "yes"),
    "unknown channel kind": _set(_channel, "kind", "pigeon"),
    "time span not EDTF": _set(_claim, "occurred", "last week"),
    "bad claim key": _set(_claim, "key", "-leading-dash"),
    "about not ids": _set(_claim, "about", ["North Korea"]),
    "favours null": _set(_claim, "favours", None),
    "favours empty": _set(_claim, "favours", []),
    "favours not ids": _set(_claim, "favours", ["Russia"]),
    "quantity not a number": _set(
        _claim, "quantity", {"value": "10000", "unit": "troops", "bound": "exactly"}
    ),
    "unknown stance": _set(
        _statement, "stance", {"value": "CT?", "act": "said", "retraction": False}
    ),
    "stance without act": _set(
        _statement, "stance", {"value": "CT+", "retraction": False}
    ),
    "hearsay false": _set(
        _statement,
        "stance",
        {"value": "CT+", "act": "is said to", "retraction": False, "hearsay": False},
    ),
    "hearsay null": _set(
        _statement,
        "stance",
        {"value": "CT+", "act": "is said to", "retraction": False, "hearsay": None},
    ),
    "Uu hearsay": _set(
        _statement,
        "stance",
        {"value": "Uu", "act": "is said to", "retraction": False, "hearsay": True},
    ),
    "made_on not a date": _set(_statement, "made_on", "24 November 2024"),
    "made_at null": _set(_statement, "made_at", None),
    "made_at with an offset": _set(_statement, "made_at", "09:30:00+09:00"),
    "made_at with a fraction": _set(_statement, "made_at", "09:30:00.5"),
    "made_at not a time": _set(_report, "made_at", "25:00"),
    "made_at a number": _set(_report, "made_at", 930),
    "credibility null": _set(_statement, "credibility", None),
    "credibility 0": _set(_statement, "credibility", 0),
    "credibility 7": _set(_statement, "credibility", 7),
    "credibility a string": _set(_statement, "credibility", "2"),
    "credibility on a report": _set(_report, "credibility", 2),
    "unknown record type": _set(_statement, "type", "rumour"),
    "report without content": _delete(_report, "content"),
}


class TestRejects:
    @pytest.mark.parametrize("change", list(INVALID.values()), ids=list(INVALID))
    def test_invalid(self, change: Callable[[dict[str, Any]], None]) -> None:
        """
        The schema rejects the malformed document, and so does loads().
        """
        doc = copy.deepcopy(article_document())
        change(doc)

        assert errors(doc) != []
        with pytest.raises(pv.errors.DocumentError):
            pv.loads(json.dumps(doc))

    def test_not_an_object(self) -> None:
        """
        A JSON array is no document.
        """
        assert errors([]) != []
