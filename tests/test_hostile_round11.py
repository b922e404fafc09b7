"""
Hostile input, round 11: the shard count's bound, every table's message for
a value that is not an object, and where a duplicate key or an integer too
long to convert stands.
"""

from __future__ import annotations

import copy
import json
import sys

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import provenance as pv

from provenance.distributed import read_shards, write_shards
from provenance.errors import DocumentError, IntegrityError, InvalidValueError
from provenance.relations import Entails, Exclusive
from provenance.serialize import validate


def _text() -> str:
    return resources.files("provenance").joinpath("data/article.json").read_text()


def _article() -> pv.Ledger:
    return pv.loads(_text())


def _related() -> dict[str, Any]:
    # The article with an Entails and an Exclusive: a relations table too.
    article = _article()
    claims = list(article.claims)
    ledger = pv.Ledger.of(
        [
            *article,
            Entails(specific=claims[0], general=claims[1]),
            Exclusive(claims=claims[2:4], key="which"),
        ]
    )
    raw: dict[str, Any] = json.loads(pv.dumps(ledger))
    return raw


def _object_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        if path:
            yield path
        for key, item in value.items():
            yield from _object_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _object_paths(item, (*path, index))


def _shapes(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    # One path per place in the format: the first of each table's entries.
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for path in _object_paths(doc):
        shape = tuple(
            "*" if index == 1 and len(path) > 1 else step
            for index, step in enumerate(path)
        )
        found.setdefault(shape, path)
    return list(found.values())


def _refusal(text: str) -> str | None:
    try:
        pv.loads(text)
    except IntegrityError:
        return "integrity"
    except DocumentError as exc:
        return exc.msg
    return None


class TestNotAnObject:
    @pytest.mark.parametrize("value", [1, 1.5, True, None, "x", []])
    def test_every_object_of_a_document(self, value: object) -> None:
        """
        Every object of a document (each table, each entry, each nested
        object) given as another JSON value is refused as "expected a JSON
        object", never with Python's own words.
        """
        doc = _related()
        paths = _shapes(doc)
        assert {"sources", "channels", "claims", "records", "relations"} <= {
            path[0] for path in paths
        }
        for path in paths:
            changed = copy.deepcopy(doc)
            parent = changed
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = value
            msg = _refusal(json.dumps(changed))
            if value is None and msg in (None, "integrity"):
                continue  # An optional object left null: well-formed.
            assert msg is not None, path
            assert msg.startswith("expected a JSON object"), (path, msg)

    @pytest.mark.parametrize("value", [1, True, None])
    def test_claim_and_quantity(self, value: object) -> None:
        """
        A claim, or a claim's quantity, given as a number, true or null
        says what it must be, at its path.
        """
        doc = json.loads(_text())
        claim = next(iter(doc["claims"]))
        doc["claims"][claim] = value

        with pytest.raises(DocumentError) as info:
            pv.loads(json.dumps(doc))

        assert "expected a JSON object" == info.value.msg
        assert f"$.claims['{claim}']" == info.value.path


class TestDuplicateKey:
    def test_deep_in_a_document(self) -> None:
        """
        A key given twice in a channel is reported at the channel's path.
        """
        doc = json.loads(_text())
        channel = next(iter(doc["channels"]))
        text = _text().replace('"public": true', '"public": true, "public": false', 1)

        with pytest.raises(DocumentError) as info:
            pv.loads(text)

        assert "duplicate key 'public' in a JSON object" == info.value.msg
        assert info.value.path.startswith("$.channels['")
        assert "$.channels['" in str(info.value)
        assert channel in info.value.path or "..." in info.value.path

    def test_in_a_record(self) -> None:
        """
        A key given twice in a record names the record.
        """
        doc = json.loads(_text())
        key = next(iter(doc["records"]))
        text = json.dumps(doc).replace(
            f'"{key}": {{', f'"{key}": {{"made_on": "2024-01-01", ', 1
        )

        with pytest.raises(DocumentError) as info:
            pv.loads(text)

        assert f"$.records['{key}']" == info.value.path

    @pytest.mark.parametrize(
        ("text", "path"),
        [
            ('{"format": 1, "format": 2}', "$"),
            ('{"a": [1, {"b": {"c": 1, "c": 2}}]}', "$.a[1].b"),
            ('{"a": {"c": 1, "c": 2}, "b": {"d": 1, "d": 2}}', "$.a"),
        ],
    )
    def test_the_first_is_named(self, text: str, path: str) -> None:
        """
        The path is of the object the reading refused, the first met.
        """
        with pytest.raises(DocumentError) as info:
            pv.loads(text)

        assert path == info.value.path

    @pytest.mark.parametrize(
        "rest", [" x", ", " + "[" * 100_000 + "]" * 100_000, ", [1,]"]
    )
    def test_malformed_after_it(self, rest: str) -> None:
        """
        Text after the first problem that cannot be read (trailing data,
        nesting too deep, bad JSON) still gives the duplicate key's message,
        at the root: the first reading stopped at the key.
        """
        text = '[{"a": 1, "a": 2}' + rest + ("]" if rest != " x" else "")

        with pytest.raises(DocumentError) as info:
            pv.loads(text)

        assert ("duplicate key 'a' in a JSON object", "$") == (
            info.value.msg,
            info.value.path,
        )

    def test_validate_agrees(self) -> None:
        """
        validate reports the same path.
        """
        text = _text().replace('"public": true', '"public": true, "public": false', 1)

        problems = validate(text)

        assert 1 == len(problems)
        assert problems[0].path.startswith("$.channels['")


class TestLongNumber:
    @pytest.mark.parametrize("sign", ["", "-"])
    def test_version(self, sign: str) -> None:
        """
        A version of 5,000 digits is refused as a number too long, at its
        path, without Python's advice, and no limit of the process changed.
        """
        limit = sys.get_int_max_str_digits()
        text = _text().replace('"version": 2', f'"version": {sign}{"9" * 5000}')

        with pytest.raises(DocumentError) as info:
            pv.loads(text)

        assert "number too long (5000 digits)" == info.value.msg
        assert "$.version" == info.value.path
        assert "set_int_max_str_digits" not in str(info.value)
        assert limit == sys.get_int_max_str_digits()

    def test_deep(self) -> None:
        """
        Deeper in a document, the path is the number's.
        """
        doc = json.loads(_text())
        key = next(iter(doc["records"]))
        doc["records"][key]["made_on"] = 0
        text = json.dumps(doc).replace('"made_on": 0', f'"made_on": {"1" * 4301}')

        with pytest.raises(DocumentError) as info:
            pv.loads(text)

        assert f"$.records['{key}'].made_on" == info.value.path


class TestShardBound:
    @pytest.mark.parametrize("shards", [2**16 + 1, 2**70])
    def test_too_many_shards(self, tmp_path: Path, shards: int) -> None:
        """
        More shards than 65,536 are refused, naming the argument, before
        anything is written.
        """
        folder = tmp_path / "shards"

        with pytest.raises(InvalidValueError) as info:
            write_shards(_article(), folder, shards=shards)

        assert "write_shards.shards" == info.value.path
        assert "at most 65,536" in info.value.msg
        assert not folder.exists()

    def test_a_missing_shard_is_still_noticed(self, tmp_path: Path) -> None:
        """
        Every shard keeps its file, so a deleted one is refused.
        """
        write_shards(_article(), tmp_path, shards=3)
        (tmp_path / "shard-00001.jsonl").unlink()

        with pytest.raises(pv.ProvenanceError):
            read_shards(tmp_path)
