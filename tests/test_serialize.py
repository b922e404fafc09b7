from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import math
import os
import stat
import threading

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import _identity
from provenance.claims import Bound, Claim, Quantity, TimeSpan
from provenance.errors import (
    DepthExceededError,
    DocumentError,
    IntegrityError,
    InvalidValueError,
    ProvenanceError,
    ReferenceCycleError,
    UnknownReferenceError,
    UnsupportedVersionError,
)
from provenance.ledger import Ledger
from provenance.records import Report, Statement, depth_limit
from provenance.serialize import (
    FORMAT,
    VERSION,
    dump,
    dumps,
    load,
    loads,
    schema,
    validate,
)
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import CT_PLUS, Stance
from provenance.testing import ledgers


FIXTURE = Path(__file__).parent / "documents" / "v1.json"


def golden_ledger() -> Ledger:
    seoul = Source(name="South Korea", kind=SourceKind.GOVERNMENT)
    nis = Source(name="NIS", kind=SourceKind.AGENCY, affiliation=seoul)
    shin = Source(
        name="신원식",
        kind=SourceKind.PERSON,
        role="national security adviser",
        affiliation=seoul,
    )
    pyongyang = Source(name="North Korea", kind=SourceKind.GOVERNMENT)
    lawmakers = Source(name="lawmakers", kind=SourceKind.ANONYMOUS_GROUP)
    outlet = Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET)
    briefing = Channel(kind=ChannelKind.BRIEFING, audience="lawmakers", public=False)
    tv = Channel(kind=ChannelKind.INTERVIEW, name="SBS TV")
    troops = Claim(
        text="North Korea has sent troops to Russia",
        about=[pyongyang],
        occurred=TimeSpan.parse("2024-10"),
        quantity=Quantity(value=10000, unit="troops", bound=Bound.MORE_THAN),
        key="troops",
    )
    shells = Claim(
        text="North Korea has shipped artillery shells",
        about=[pyongyang],
        occurred=TimeSpan.parse("2023-08/.."),
        quantity=Quantity(value=2.5, unit="million shells", bound=Bound.ABOUT),
    )
    revealed = Statement(
        source=nis,
        claim=troops,
        stance=Stance.from_verb("revealed"),
        channel=briefing,
        made_on=dt.date(2024, 10, 18),
    )
    relayed = Report(
        reporter=lawmakers, content=revealed, channel=briefing, made_on=revealed.made_on
    )
    printed = Report(reporter=outlet, content=relayed, made_on=dt.date(2024, 10, 19))
    said = Statement(
        source=shin,
        claim=shells,
        stance=Stance.from_verb("estimated"),
        channel=tv,
        made_on=dt.date(2024, 9, 1),
    )
    denied = Statement(
        source=pyongyang,
        claim=troops,
        stance=Stance.from_verb("denied"),
        made_on=dt.date(2024, 10, 25),
    )
    silent = Statement(
        source=shin,
        claim=troops,
        stance=Stance.from_verb("refrained from confirming"),
        made_on=dt.date(2024, 10, 20),
    )
    retracted = Statement(
        source=shin,
        claim=shells,
        stance=Stance.from_verb("retracted"),
        made_on=dt.date(2024, 12, 31),
    )
    return Ledger.of([printed, said, denied, silent, retracted, revealed])


GOLDEN = golden_ledger()
SOURCE_ID = next(iter(json.loads(dumps(GOLDEN))["sources"]))


def document(ledger: Ledger = GOLDEN) -> dict[str, Any]:
    """
    The JSON document of *ledger*, as Python values to tamper with.
    """
    result: dict[str, Any] = json.loads(dumps(ledger))
    return result


def ids_of(doc: dict[str, Any], table: str, kind: str | None = None) -> list[str]:
    return [
        key
        for key, value in doc[table].items()
        if kind is None or value.get("type") == kind
    ]


def a_statement(doc: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = doc["records"][ids_of(doc, "records", "statement")[0]]
    return node


def a_report(doc: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    key = ids_of(doc, "records", "report")[0]
    return key, doc["records"][key]


def refuse(doc: Any, *, verify: bool = True) -> ProvenanceError:
    """
    The error loads raises for *doc*; anything else fails the test.
    """
    text = doc if isinstance(doc, (str, bytes)) else json.dumps(doc)
    with pytest.raises(ProvenanceError) as info:
        loads(text, verify=verify)
    return info.value


def leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """
    The paths to every scalar in a JSON value.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))
    else:
        yield path


def replaced(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    result = copy.deepcopy(doc)
    node = result
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return result


def chain_document(depth: int) -> str:
    """
    A document holding one chain of *depth* reports, written by hand so that
    it can exceed the current limit.
    """
    source = Source(name="relay", kind=SourceKind.PERSON)
    statement = Statement(
        source=source,
        claim=Claim(text="t"),
        stance=CT_PLUS,
        made_on=dt.date(2024, 1, 1),
    )
    with depth_limit(max(depth, 1)):
        node: Statement | Report = statement
        for _ in range(depth):
            node = Report(reporter=source, content=node, made_on=statement.made_on)
    return dumps(Ledger.of([node]))


class TestRoundTrip:
    @given(ledgers())
    def test_loads_dumps(self, ledger: Ledger) -> None:
        """
        Loading a written ledger gives an equal ledger and the same text.
        """
        text = dumps(ledger)

        loaded = loads(text)

        assert ledger == loaded
        assert text == dumps(loaded)

    @given(ledgers(), st.randoms())
    def test_canonical(self, ledger: Ledger, random: Any) -> None:
        """
        Equal ledgers built in any order give identical text.
        """
        records = list(ledger)
        random.shuffle(records)

        assert dumps(ledger) == dumps(Ledger.of(records))
        assert dumps(ledger, indent=2) == dumps(Ledger.of(records), indent=2)

    @pytest.mark.slow
    @given(ledgers())
    def test_schema_valid(self, ledger: Ledger) -> None:
        """
        Every written document is valid against the published JSON schema.
        """
        jsonschema.validate(json.loads(dumps(ledger)), schema())

    def test_schema_is_valid(self) -> None:
        """
        The schema itself is a valid draft 2020-12 schema, of every version
        this release reads, up to the one it writes.
        """
        jsonschema.Draft202012Validator.check_schema(schema())

        assert list(range(1, VERSION + 1)) == schema()["properties"]["version"]["enum"]
        assert FORMAT == schema()["properties"]["format"]["const"]

    def test_empty(self) -> None:
        """
        The empty ledger has a small fixed document.
        """
        text = dumps(Ledger())

        assert (
            '{"channels":{},"claims":{},"entries":[],"format":"provenance",'
            '"records":{},"sources":{},"version":2}'
        ) == text
        assert Ledger() == loads(text)

    def test_bytes(self) -> None:
        """
        loads takes UTF-8 bytes as well as text.
        """
        assert GOLDEN == loads(dumps(GOLDEN).encode())

    def test_paths_and_files(self, tmp_path: Path) -> None:
        """
        dump and load take paths (str or Path) and text or binary files.
        """
        path = tmp_path / "ledger.json"
        dump(GOLDEN, path)
        buffer = io.StringIO()
        dump(GOLDEN, buffer, indent=None)

        assert GOLDEN == load(path)
        assert GOLDEN == load(str(path))
        with path.open("rb") as binary:
            assert GOLDEN == load(binary)
        assert GOLDEN == load(io.StringIO(buffer.getvalue()))
        assert dumps(GOLDEN) + "\n" == buffer.getvalue()
        assert dumps(GOLDEN, indent=2) + "\n" == path.read_text("utf-8")

    def test_dump_to_str_path(self, tmp_path: Path) -> None:
        """
        dump writes UTF-8 to a path given as a string.
        """
        path = tmp_path / "ledger.json"

        dump(GOLDEN, str(path))

        assert "신원식" in path.read_text("utf-8")

    def test_dump_to_a_pipe(self, tmp_path: Path) -> None:
        """
        A path naming a pipe (or a device) is written to as it is, not
        replaced by a new file: the reader gets the document, and the pipe
        stays a pipe, with nothing left beside it.
        """
        mkfifo = getattr(os, "mkfifo", None)
        if mkfifo is None:
            pytest.skip("no named pipes here")
        pipe = tmp_path / "pipe"
        mkfifo(pipe)
        received: list[bytes] = []
        reader = threading.Thread(
            target=lambda: received.append(pipe.read_bytes()), daemon=True
        )
        reader.start()

        dump(GOLDEN, pipe)
        reader.join(timeout=60)

        assert GOLDEN == loads(received[0])
        assert stat.S_ISFIFO(pipe.stat().st_mode)
        assert ["pipe"] == [p.name for p in tmp_path.iterdir()]

    def test_unverified(self) -> None:
        """
        With verify=False a tampered value loads as written.
        """
        doc = document()
        doc["sources"][SOURCE_ID]["role"] = "altered"

        loaded = loads(json.dumps(doc), verify=False)

        assert "altered" in {source.role for source in loaded.sources}


class TestGolden:
    def test_fixture_loads(self) -> None:
        """
        The committed version 1 document loads to the expected ledger.
        """
        assert GOLDEN == load(FIXTURE)

    def test_fixture_is_canonical(self) -> None:
        """
        Writing the expected ledger reproduces the committed version 1
        document, but for its version: the upgrade changes nothing else.
        """
        written = FIXTURE.read_text("utf-8").replace(
            '\n  "version": 1\n', '\n  "version": 2\n'
        )

        assert written == dumps(GOLDEN, indent=2) + "\n"

    def test_fixture_matches_schema(self) -> None:
        """
        The committed document is valid against the schema.
        """
        jsonschema.validate(json.loads(FIXTURE.read_text("utf-8")), schema())

    def test_ids(self) -> None:
        """
        The same content has the same id in every process and on every
        machine.
        """
        seoul = Source(name="South Korea", kind=SourceKind.GOVERNMENT)
        nis = Source(name="NIS", kind=SourceKind.AGENCY, affiliation=seoul)
        briefing = Channel(
            kind=ChannelKind.BRIEFING, name="NIS", audience="lawmakers", public=False
        )
        claim = Claim(
            text="North Korea sent troops to Russia",
            about=[seoul],
            occurred=TimeSpan.parse("2024-10"),
            quantity=Quantity(value=10000.0, unit="troops", bound=Bound.MORE_THAN),
            key="troops",
        )
        statement = Statement(
            source=nis,
            claim=claim,
            stance=Stance.from_verb("revealed"),
            channel=briefing,
            made_on=dt.date(2024, 10, 18),
        )
        report = Report(
            reporter=Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET),
            content=statement,
            made_on=dt.date(2024, 10, 19),
        )

        assert {
            "seoul": "9f3cceac83923a4f9a3e535519a75be1cee4d7741f35fd37fbae270f4a9c7a7f",
            "nis": "5feeedcba672542562a7960f4969675824d06536888303d22ee5e626b2a50935",
            "briefing": (
                "aa05f1db859271e98a05e08548c1b472ec9d6ab069b082f3ed2a18e3382f09ef"
            ),
            "claim": "12000f27c205a51dc4d2e0a350ec054cdf3ae1c0a66d7af9d915c39449543625",
            "statement": (
                "5f3906ac01c1c0fdcb052da3cfe5be8d849b0e576578101b89991ed709043b14"
            ),
            "report": (
                "68cf6d093c9fa320688c8217b9d74002e628a4e08e3be82d10741e4dc77a9e40"
            ),
        } == {
            "seoul": seoul.id,
            "nis": nis.id,
            "briefing": briefing.id,
            "claim": claim.id,
            "statement": statement.id,
            "report": report.id,
        }


def hearsay_statement() -> Statement:
    return Statement(
        source=Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET),
        claim=Claim(text="North Korea sent troops to Russia", key="troops"),
        stance=Stance.from_verb("is said to"),
        made_on=dt.date(2024, 10, 18),
    )


def hearsay_ledger() -> Ledger:
    return Ledger.of([hearsay_statement()])


class TestHearsay:
    def test_round_trip(self) -> None:
        """
        A hearsay stance survives the document, which says "hearsay": true.
        """
        ledger = hearsay_ledger()

        loaded = loads(dumps(ledger))

        assert ledger == loaded
        assert loaded.statements_about(hearsay_statement().claim)[0].stance.hearsay
        assert {"act": "is said to", "hearsay": True}.items() <= a_statement(
            document(ledger)
        )["stance"].items()

    def test_id(self) -> None:
        """
        A hearsay statement's id is stable, and differs from the same
        statement in the source's own voice.
        """
        statement = hearsay_statement()
        own = attrs.evolve(
            statement, stance=attrs.evolve(statement.stance, hearsay=False)
        )

        assert (
            "19f78619ec465190c03575f6fdd1480ee5c18daecd1d81f3042401ffe4433632"
            == statement.id
        )
        assert own.id != statement.id
        assert "hearsay" not in json.dumps(document(Ledger.of([own])))

    @pytest.mark.parametrize("value", [False, None, 1, "true"])
    def test_only_true(self, value: Any) -> None:
        """
        The key is written only when true: any other value is refused.
        """
        doc = document(hearsay_ledger())
        a_statement(doc)["stance"]["hearsay"] = value

        error = refuse(doc)

        assert error.path.endswith(".stance.hearsay")
        assert "expected true" in error.msg

    def test_vacuous_hearsay(self) -> None:
        """
        A Uu stance that says it is hearsay is refused at its field.
        """
        doc = document(hearsay_ledger())
        a_statement(doc)["stance"]["value"] = "Uu"

        error = refuse(doc, verify=False)

        assert error.path.endswith(".stance.hearsay")


NOT_MAPPINGS: tuple[Any, ...] = ("x", 1, None, True, [])
NOT_ARRAYS: tuple[Any, ...] = ("x", 1, None, True, {})
WRONG_TABLES: list[tuple[str, Any]] = [
    *[
        (table, wrong)
        for table in ("sources", "channels", "claims", "records")
        for wrong in NOT_MAPPINGS
    ],
    *[("entries", wrong) for wrong in NOT_ARRAYS],
]


class TestRefused:
    def test_truncated(self) -> None:
        """
        Truncated JSON is refused at the root.
        """
        assert "$" == refuse(dumps(GOLDEN)[:-7]).path

    @pytest.mark.parametrize(
        "text", ["", "[]", "5", '"provenance"', "null", b"\xff\xfe{}", b"{\x80}"]
    )
    def test_not_a_document(self, text: str | bytes) -> None:
        """
        Non-objects, empty text and bytes that are not UTF-8 are refused.
        """
        error = refuse(text)

        assert isinstance(error, DocumentError)
        assert "$" == error.path

    def test_huge_integer(self) -> None:
        """
        An integer literal too long to convert is refused at its path.
        """
        error = refuse('{"format":"provenance","version":' + "1" * 5000 + "}")

        assert ("number too long (5000 digits)", "$.version") == (error.msg, error.path)

    @pytest.mark.parametrize(
        "day", ["2024-02-30", "2024-13-01", "24-01-01", "٢٠٢٤-01-01"]
    )
    def test_no_such_day(self, day: str) -> None:
        """
        Days that are not calendar days in YYYY-MM-DD are refused.
        """
        doc = document()
        key = ids_of(doc, "records", "statement")[0]
        doc["records"][key]["made_on"] = day

        assert f"$.records['{key}'].made_on" == refuse(doc).path

    def test_not_text(self) -> None:
        """
        Only text and bytes are read.
        """
        with pytest.raises(DocumentError):
            loads(5)  # type: ignore[arg-type]  # wrong on purpose

    @pytest.mark.parametrize("opener", ["[", '{"a":'])
    def test_deeply_nested(self, opener: str) -> None:
        """
        JSON nested far too deeply is refused, not a RecursionError.
        """
        closer = "]" if opener == "[" else "}"

        assert "$" == refuse(opener * 100_000 + "1" + closer * 100_000).path

    def test_nested_where_string_belongs(self) -> None:
        """
        Nested arrays inside a document are refused at their place.
        """
        nested: Any = "x"
        for _ in range(500):
            nested = [nested]
        doc = replaced(document(), ("sources", SOURCE_ID, "name"), nested)

        assert f"$.sources['{SOURCE_ID}'].name" == refuse(doc).path

    @pytest.mark.parametrize("field", ["made_on", "stance", "source", "type"])
    def test_missing_field(self, field: str) -> None:
        """
        A missing field is refused at its record.
        """
        doc = document()
        del a_statement(doc)[field]

        assert "$.records['" in refuse(doc).path

    @pytest.mark.parametrize(
        "field",
        ["format", "version", "sources", "channels", "claims", "records", "entries"],
    )
    def test_missing_table(self, field: str) -> None:
        """
        A missing top-level field is refused.
        """
        doc = document()
        del doc[field]

        assert refuse(doc).path.startswith("$")

    def test_extra_field(self) -> None:
        """
        Unknown fields are refused.
        """
        doc = document()
        a_statement(doc)["note"] = "x"

        assert "$.records['" in refuse(doc).path

    @pytest.mark.parametrize("tag", ["quote", None, 5, ["statement"]])
    def test_unknown_record_type(self, tag: Any) -> None:
        """
        A record of an unknown type is refused at the record.
        """
        doc = document()
        key = ids_of(doc, "records", "statement")[0]
        doc["records"][key]["type"] = tag

        error = refuse(doc)

        assert f"$.records['{key}']" == error.path
        assert "unknown record type" in error.msg

    def test_record_not_object(self) -> None:
        """
        A record that is not an object is refused.
        """
        doc = document()
        key = ids_of(doc, "records")[0]
        doc["records"][key] = ["statement"]

        assert f"$.records['{key}']" == refuse(doc).path

    @pytest.mark.parametrize(
        ("table", "field", "kind"),
        [
            ("records", "source", "statement"),
            ("records", "claim", "statement"),
            ("records", "channel", "statement"),
            ("records", "content", "report"),
            ("records", "reporter", "report"),
        ],
    )
    def test_dangling(self, table: str, field: str, kind: str) -> None:
        """
        A reference to an id the document does not define is refused where
        it is made.
        """
        doc = document()
        key = ids_of(doc, table, kind)[0]
        doc[table][key][field] = "0" * 64

        error = refuse(doc)

        assert isinstance(error, UnknownReferenceError)
        assert f"$.{table}['{key}'].{field}" == error.path
        assert "0" * 64 == error.ref

    def test_dangling_party_and_affiliation(self) -> None:
        """
        Dangling parties and affiliations are refused where they are made.
        """
        doc = document()
        claim = ids_of(doc, "claims")[0]
        doc["claims"][claim]["about"] = ["0" * 64]
        source = next(k for k, v in doc["sources"].items() if v["affiliation"])
        other = document()
        other["sources"][source]["affiliation"] = "1" * 64

        assert f"$.claims['{claim}'].about[0]" == refuse(doc).path
        assert f"$.sources['{source}'].affiliation" == refuse(other).path

    def test_dangling_entry(self) -> None:
        """
        An entry that names no record is refused.
        """
        doc = document()
        doc["entries"].append("f" * 64)

        assert f"$.entries[{len(doc['entries']) - 1}]" == refuse(doc).path

    def test_duplicate_entry(self) -> None:
        """
        An entry listed twice is refused.
        """
        doc = document()
        doc["entries"].append(doc["entries"][0])

        assert f"$.entries[{len(doc['entries']) - 1}]" == refuse(doc).path

    @pytest.mark.parametrize("table", ["sources", "channels", "claims", "records"])
    def test_unreached(self, table: str) -> None:
        """
        A value that no entry reaches is refused, not silently dropped.
        """
        doc = document()
        key = ids_of(doc, table)[0]
        orphan = "e" * 64
        doc[table][orphan] = doc[table][key]

        error = refuse(doc)

        assert f"$.{table}['{orphan}']" == error.path

    def test_report_cycle(self) -> None:
        """
        Reports that relay each other in a cycle are refused.
        """
        doc = document()
        key, report = a_report(doc)
        report["content"] = key

        error = refuse(doc)

        assert isinstance(error, ReferenceCycleError)
        assert f"$.records['{key}']" == error.path
        assert (key,) == error.cycle

    def test_longer_report_cycle(self) -> None:
        """
        A cycle through several reports is refused.
        """
        doc = document()
        outer = next(
            k
            for k, v in doc["records"].items()
            if v["type"] == "report"
            and doc["records"][v["content"]]["type"] == "report"
        )
        inner = doc["records"][outer]["content"]
        doc["records"][inner]["content"] = outer
        doc["entries"] = [outer]

        assert {inner, outer} == set(refuse(doc).cycle)  # type: ignore[attr-defined]

    def test_affiliation_cycle(self) -> None:
        """
        Sources that are each other's affiliations are refused.
        """
        doc = document()
        child = next(k for k, v in doc["sources"].items() if v["affiliation"])
        parent = doc["sources"][child]["affiliation"]
        doc["sources"][parent]["affiliation"] = child

        error = refuse(doc)

        assert isinstance(error, ReferenceCycleError)
        assert {child, parent} == set(error.cycle)

    def test_own_affiliation_by_name(self) -> None:
        """
        A source whose affiliation has its name and kind is refused.
        """
        doc = document()
        child = next(k for k, v in doc["sources"].items() if v["affiliation"])
        parent = doc["sources"][child]["affiliation"]
        doc["sources"][parent]["name"] = doc["sources"][child]["name"]
        doc["sources"][parent]["kind"] = doc["sources"][child]["kind"]

        assert f"$.sources['{child}'].affiliation" == refuse(doc, verify=False).path

    def test_deep_affiliations(self) -> None:
        """
        A chain of affiliations deeper than the limit is refused.
        """
        sources: dict[str, Any] = {}
        parent = None
        for i in range(2_000):
            key = f"{i:064x}"
            sources[key] = {
                "name": f"office {i}",
                "kind": "agency",
                "role": None,
                "affiliation": parent,
            }
            parent = key
        doc = document()
        a_statement(doc)["source"] = parent
        doc["sources"].update(sources)

        error = refuse(doc, verify=False)

        assert isinstance(error, DepthExceededError)
        assert error.path.startswith("$.sources['")

    @pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
    def test_not_finite(self, value: str) -> None:
        """
        NaN and infinities are refused where a number belongs.
        """
        doc = document()
        claim = next(k for k, v in doc["claims"].items() if v["quantity"])
        doc["claims"][claim]["quantity"]["value"] = "PLACEHOLDER"
        text = json.dumps(doc).replace('"PLACEHOLDER"', value)

        assert f"$.claims['{claim}'].quantity.value" == refuse(text).path

    def test_deep_chain(self) -> None:
        """
        A chain of 10,000 reports is refused with the default limit.
        """
        error = refuse(chain_document(10_000))

        assert isinstance(error, DepthExceededError)
        assert error.path.startswith("$.records['")

    def test_deep_chain_allowed(self) -> None:
        """
        A 10,000-deep chain loads once the limit allows it.
        """
        text = chain_document(10_000)
        ledger = loads(text, max_depth=10_000)

        assert 10_000 == next(iter(ledger)).depth

    def test_deep_chain_through_built_report(self) -> None:
        """
        A chain that becomes too deep on top of an already built report is
        refused.
        """
        doc = json.loads(chain_document(150))
        inner = next(
            k
            for k, v in doc["records"].items()
            if v["type"] == "report"
            and doc["records"][v["content"]]["type"] == "statement"
        )
        middle = inner
        for _ in range(60):
            middle = next(
                k for k, v in doc["records"].items() if v.get("content") == middle
            )
        doc["entries"] = sorted([middle, *doc["entries"]])

        error = refuse(doc)

        assert isinstance(error, DepthExceededError)

    @pytest.mark.parametrize(
        "version", [0, 3, 99, "1", "2", None, 1.5, [1], 1.0, 2.0, True]
    )
    def test_unknown_version(self, version: Any) -> None:
        """
        Versions this release cannot read are refused at $.version.
        """
        doc = document()
        doc["version"] = version

        error = refuse(doc)

        assert isinstance(error, UnsupportedVersionError)
        assert "$.version" == error.path

    def test_upgrade_steps(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        Older versions are read through the upgrade steps, in order.
        """
        steps = {
            -1: lambda doc: {**doc, "version": 0},
            0: lambda doc: {**doc, "version": 1},
            1: lambda doc: {**doc, "version": 2},
        }
        monkeypatch.setattr("provenance.serialize._UPGRADES", steps)
        doc = document()
        doc["version"] = -1

        assert GOLDEN == loads(json.dumps(doc))

    @pytest.mark.parametrize("version", [True, 1.0])
    def test_version_lookalikes(self, version: Any) -> None:
        """
        true and 1.0 are not the version 1.
        """
        doc = document()
        doc["version"] = version

        assert "$.version" == refuse(doc).path

    @pytest.mark.parametrize("fmt", ["Provenance", None, 1])
    def test_wrong_format(self, fmt: Any) -> None:
        """
        A document of another format is refused first.
        """
        doc = document()
        doc["format"] = fmt
        doc["version"] = "junk"

        assert "$.format" == refuse(doc).path

    def test_tampered(self) -> None:
        """
        A value altered after writing is refused as an integrity error.
        """
        doc = document()
        statement = a_statement(doc)
        statement["made_on"] = "2024-10-26"

        error = refuse(doc)

        assert isinstance(error, IntegrityError)
        assert error.path.startswith("$.records['")

    @pytest.mark.parametrize("path", list(leaves(document())), ids=str)
    def test_number_where_other_belongs(self, path: tuple[Any, ...]) -> None:
        """
        Replacing any value with a number of the wrong kind is refused.
        """
        doc = document()
        node: Any = doc
        for step in path:
            node = node[step]
        is_number = isinstance(node, (int, float)) and not isinstance(node, bool)
        wrong = "1" if is_number else 1

        error = refuse(replaced(doc, path, wrong))

        assert error.path.startswith("$")

    @pytest.mark.parametrize("path", list(leaves(document())), ids=str)
    def test_wrong_shape(self, path: tuple[Any, ...]) -> None:
        """
        Replacing any value with an object or a list is refused.
        """
        for wrong in ({}, [], {"a": 1}, [None]):
            refuse(replaced(document(), path, wrong))

    @pytest.mark.parametrize(("table", "wrong"), WRONG_TABLES)
    def test_wrong_table_types(self, table: str, wrong: Any) -> None:
        """
        Tables of the wrong type are refused at the table.
        """
        doc = document()
        doc[table] = wrong

        assert refuse(doc).path.startswith(f"$.{table}")

    def test_surrogate(self) -> None:
        """
        A lone surrogate escape in text is refused, not a UnicodeError.
        """
        doc = document()
        doc["sources"][SOURCE_ID]["name"] = "PLACEHOLDER"
        text = json.dumps(doc).replace("PLACEHOLDER", "\\ud800")

        assert f"$.sources['{SOURCE_ID}'].name" == refuse(text).path


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["provenance", "statement", "report", "person", "CT+", SOURCE_ID])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
ALL_PATHS = [p for p in leaves(document()) if p]


def containers(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """
    The paths to every object in a JSON value.
    """
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from containers(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from containers(value, (*path, index))


ALL_OBJECTS = list(containers(document()))


class TestFuzz:
    @given(JSON_VALUES)
    def test_any_json(self, value: Any) -> None:
        """
        Arbitrary JSON values raise only ProvenanceError.
        """
        refuse(value)

    @given(st.dictionaries(st.sampled_from(sorted(document())), JSON_VALUES))
    def test_any_envelope(self, value: dict[str, Any]) -> None:
        """
        Envelopes with arbitrary fields raise only ProvenanceError.
        """
        value.setdefault("format", FORMAT)
        value.setdefault("version", VERSION)
        with contextlib.suppress(ProvenanceError):
            loads(json.dumps(value))

    @given(st.sampled_from(ALL_PATHS), JSON_VALUES)
    def test_changed_value(self, path: tuple[Any, ...], value: Any) -> None:
        """
        Changing any value of a valid document to anything raises only
        ProvenanceError, or loads a ledger.
        """
        with contextlib.suppress(ProvenanceError):
            loads(json.dumps(replaced(document(), path, value)))

    @given(st.sampled_from(ALL_OBJECTS), st.data())
    def test_deleted_key(self, path: tuple[Any, ...], data: st.DataObject) -> None:
        """
        Deleting any key of a valid document is refused with a ProvenanceError.
        """
        doc = document()
        node: Any = doc
        for step in path:
            node = node[step]
        if not node:
            return
        del node[data.draw(st.sampled_from(sorted(node)))]

        refuse(doc)

    @given(ledgers(), st.data())
    def test_mutated_ledger(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        Mutating a value of any written ledger raises only ProvenanceError.
        """
        doc = document(ledger)
        paths = [p for p in leaves(doc) if p]
        path = data.draw(st.sampled_from(paths))
        value = data.draw(JSON_VALUES)
        with contextlib.suppress(ProvenanceError):
            loads(json.dumps(replaced(doc, path, value)))


def test_quantity_float_survives() -> None:
    """
    Fractional and integral quantities keep their type through a round trip.
    """
    loaded = loads(dumps(GOLDEN))
    values = {c.quantity.value for c in loaded.claims if c.quantity is not None}

    assert {2.5, 10000} == values
    assert all(not isinstance(v, float) or not math.isnan(v) for v in values)


def timed_ledger() -> tuple[Statement, Report]:
    """
    A statement made at 09:30 and a report of it made at 14:05:07 that day.
    """
    statement = Statement(
        source=Source(name="a senior official", kind=SourceKind.UNNAMED_PERSON),
        claim=Claim(text="Talks resumed"),
        stance=CT_PLUS,
        made_on=dt.date(2024, 10, 18),
        made_at=dt.time(9, 30),
    )
    report = Report(
        reporter=Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET),
        content=statement,
        made_on=statement.made_on,
        made_at=dt.time(14, 5, 7),
    )
    return statement, report


def graded_statement(grade: int = 4) -> Statement:
    return Statement(
        source=Source(name="NIS", kind=SourceKind.AGENCY),
        claim=Claim(text="Talks resumed"),
        stance=CT_PLUS,
        made_on=dt.date(2024, 10, 18),
        credibility=grade,
    )


class TestCredibility:
    def test_canonical_text(self) -> None:
        """
        credibility is written as an integer, in sorted place between claim
        and made_on, and the id is the SHA-256 of that text.
        """
        statement = graded_statement()
        expected = (
            f'{{"channel":null,"claim":"{statement.claim.id}","credibility":4,'
            '"made_on":"2024-10-18",'
            f'"source":"{statement.source.id}",'
            '"stance":{"act":"said","retraction":false,"value":"CT+"},'
            '"type":"statement"}'
        )

        assert expected == _identity.statement_text(statement)
        assert expected == _identity.dumps_canonical(
            _identity.statement_node(statement)
        )
        assert _identity.text_id(expected) == statement.id

    def test_ungraded_leaves_no_key(self) -> None:
        """
        Statements not graded have no credibility key, so their text and id
        are what they were before the field existed.
        """
        assert "credibility" not in json.dumps(document())

    @given(st.integers(1, 6), st.sampled_from([None, 2]))
    def test_round_trip(self, grade: int, indent: int | None) -> None:
        """
        Graded statements survive dumps() and loads(), compact and indented,
        verified or not, and the document is valid by the schema.
        """
        statement = graded_statement(grade)
        timed = attrs.evolve(statement, made_at=dt.time(9, 30))
        ledger = Ledger.of([statement, timed, *GOLDEN])
        text = dumps(ledger, indent=indent)

        for verify in (True, False):
            loaded = loads(text, verify=verify)
            assert ledger == loaded
            assert {grade, None} == {s.credibility for s in loaded.statements}
        jsonschema.validate(json.loads(text), schema())

    @pytest.mark.parametrize("value", [None, 0, 7, 2.0, True, "2", [2]])
    def test_refuses(self, value: object) -> None:
        """
        A credibility that is not an integer from 1 to 6 is refused at its
        path, by loads() and by validate().
        """
        statement = graded_statement()
        doc = document(Ledger.of([statement]))
        doc["records"][statement.id]["credibility"] = value
        text = json.dumps(doc)

        with pytest.raises(DocumentError) as info:
            loads(text)

        assert f"$.records['{statement.id}'].credibility" == info.value.path
        assert [info.value.path] == [e.path for e in validate(text)]

    def test_altered_grade_breaks_the_id(self) -> None:
        """
        A grade changed after the document was written no longer matches the
        record's id; a grade removed neither.
        """
        statement = graded_statement()
        for change in (3, "delete"):
            doc = document(Ledger.of([statement]))
            node = doc["records"][statement.id]
            if change == "delete":
                del node["credibility"]
            else:
                node["credibility"] = change

            with pytest.raises(IntegrityError):
                loads(json.dumps(doc))


class TestMadeAt:
    def test_canonical_text(self) -> None:
        """
        made_at is written as HH:MM:SS, in sorted place before made_on, and
        the id is the SHA-256 of that text.
        """
        statement, report = timed_ledger()
        expected = (
            f'{{"channel":null,"claim":"{statement.claim.id}",'
            '"made_at":"09:30:00","made_on":"2024-10-18",'
            f'"source":"{statement.source.id}",'
            '"stance":{"act":"said","retraction":false,"value":"CT+"},'
            '"type":"statement"}'
        )

        assert expected == _identity.statement_text(statement)
        assert expected == _identity.dumps_canonical(
            _identity.statement_node(statement)
        )
        assert _identity.text_id(expected) == statement.id
        assert '"made_at":"14:05:07","made_on"' in _identity.report_text(report)
        assert _identity.dumps_canonical(
            _identity.report_node(report)
        ) == _identity.report_text(report)

    def test_unused_leaves_no_key(self) -> None:
        """
        Records without a time of day have no made_at key, so their text and
        id are what they were before the field existed.
        """
        doc = document()

        assert all("made_at" not in node for node in doc["records"].values())
        assert "made_at" not in json.dumps(doc)

    def test_round_trip(self) -> None:
        """
        Timed records survive dumps() and loads(), compact and indented.
        """
        statement, report = timed_ledger()
        ledger = Ledger.of([report, statement])

        for indent in (None, 2):
            loaded = loads(dumps(ledger, indent=indent))

            assert ledger == loaded
            assert {dt.time(9, 30), dt.time(14, 5, 7)} == {
                record.made_at for record in loaded.reached
            }

    def test_minutes_only(self) -> None:
        """
        A time written as HH:MM reads as HH:MM:00 without verification; a
        verified document must store the canonical HH:MM:SS its id is of
        (verification checks the stored form, not the value rebuilt).
        """
        statement, _ = timed_ledger()
        text = dumps(Ledger.of([statement])).replace('"09:30:00"', '"09:30"')

        assert '"09:30"' in text
        assert Ledger.of([statement]) == loads(text, verify=False)
        with pytest.raises(IntegrityError, match="canonical"):
            loads(text)

    @pytest.mark.parametrize(
        "value",
        [
            None,
            "",
            "9:30",
            "09:30:00+09:00",
            "09:30:00Z",
            "09:30:00.5",
            "24:00",
            "12:60",
            "T09:30",
            "٠٩:٣٠",
            930,
            ["09:30"],
        ],
    )
    def test_refused(self, value: Any) -> None:
        """
        Anything but HH:MM or HH:MM:SS is refused, null included: an unknown
        time is written by leaving the key out.
        """
        _, report = timed_ledger()
        doc = document(Ledger.of([report]))
        for key, node in doc["records"].items():
            node["made_at"] = value

            error = refuse(copy.deepcopy(doc))

            assert f"$.records['{key}'].made_at" == error.path
            assert "HH:MM" in error.msg
            node["made_at"] = "12:00:00"

    def test_report_before_its_content(self) -> None:
        """
        A report timed before its content on the same day is refused at its
        made_at, as the constructor refuses it.
        """
        _, report = timed_ledger()
        doc = document(Ledger.of([report]))
        doc["records"][report.id]["made_at"] = "09:29"

        error = refuse(doc, verify=False)

        assert f"$.records['{report.id}'].made_at" == error.path
        assert "cannot precede" in error.msg


def favouring_ledger() -> tuple[Claim, Ledger]:
    """
    A claim accusing North Korea and favouring Russia, whose only mention is
    in favours, stated once.
    """
    pyongyang = Source(name="North Korea", kind=SourceKind.GOVERNMENT)
    moscow = Source(name="Russia", kind=SourceKind.GOVERNMENT)
    claim = Claim(text="Troops were sent", about=[pyongyang], favours=[moscow])
    said = Statement(
        source=Source(name="NIS", kind=SourceKind.AGENCY),
        claim=claim,
        stance=CT_PLUS,
        made_on=dt.date(2024, 10, 18),
    )
    return claim, Ledger.of([said])


class TestFavours:
    def test_round_trip(self) -> None:
        """
        A favouring claim survives dumps() and loads(); its favoured
        sources are written in the sources table.
        """
        claim, ledger = favouring_ledger()
        doc = document(ledger)

        assert [p.id for p in claim.favours] == doc["claims"][claim.id]["favours"]
        assert {p.id for p in claim.parties} <= set(doc["sources"])
        assert ledger == loads(dumps(ledger)) == loads(dumps(ledger, indent=2))

    def test_unused_leaves_no_key(self) -> None:
        """
        Claims favouring nobody have no favours key.
        """
        assert all("favours" not in node for node in document()["claims"].values())

    @pytest.mark.parametrize("value", [None, [], "Russia", [1], {}])
    def test_refused(self, value: Any) -> None:
        """
        favours is a non-empty array of ids when present; never null or
        empty, so each claim has one text.
        """
        claim, ledger = favouring_ledger()
        doc = document(ledger)
        doc["claims"][claim.id]["favours"] = value

        assert refuse(doc).path.startswith(f"$.claims['{claim.id}'].favours")

    def test_dangling(self) -> None:
        """
        A favoured source that is not in the document is refused at its
        place in favours.
        """
        claim, ledger = favouring_ledger()
        doc = document(ledger)
        doc["claims"][claim.id]["favours"] = ["0" * 64]

        error = refuse(doc)

        assert isinstance(error, UnknownReferenceError)
        assert f"$.claims['{claim.id}'].favours[0]" == error.path

    def test_also_about(self) -> None:
        """
        A source both in about and in favours is refused at favours.
        """
        claim, ledger = favouring_ledger()
        doc = document(ledger)
        node = doc["claims"][claim.id]
        node["about"] = [*node["about"], *node["favours"]]

        error = refuse(doc, verify=False)

        assert f"$.claims['{claim.id}'].favours" == error.path
        assert "cannot also be in about" in error.msg


def problems(doc: Any, **kwargs: Any) -> list[tuple[type[DocumentError], str]]:
    """
    What validate() finds in *doc*: each problem's class and path.
    """
    text = doc if isinstance(doc, (str, bytes)) else json.dumps(doc)
    return [(type(p), p.path) for p in validate(text, **kwargs)]


def record_path(key: str, field: str = "") -> str:
    return f"$.records['{key}']" + (f".{field}" if field else "")


class TestValidate:
    def test_valid_documents(self) -> None:
        """
        A valid document has no problems.
        """
        assert () == validate(dumps(GOLDEN))
        assert () == validate(FIXTURE.read_bytes())

    def test_every_independent_problem(self) -> None:
        """
        Problems in different entries and tables are all reported, each at
        its own path, where loads() raises only the first.
        """
        doc = document()
        report, relayed = a_report(doc)
        others = ids_of(doc, "records", "statement")
        others.remove(relayed["content"])
        first, second, third = others[:3]
        doc["records"][first]["made_on"] = "2024-13-01"
        del doc["records"][second]["stance"]
        doc["records"][third]["claim"] = "0" * 64
        doc["records"][report]["made_on"] = "1999-01-01"
        doc["entries"].append("f" * 64)

        found = problems(doc)

        assert {
            (DocumentError, record_path(first, "made_on")),
            (DocumentError, record_path(second, "stance")),
            (UnknownReferenceError, f"$.entries[{len(doc['entries']) - 1}]"),
            (UnknownReferenceError, record_path(third, "claim")),
            (DocumentError, record_path(report, "made_on")),
        } == set(found)
        assert 5 == len(found)
        assert str(refuse(doc)) in [str(p) for p in validate(json.dumps(doc))]

    def test_several_problems_in_one_entry(self) -> None:
        """
        Every field of an entry whose shape is wrong is reported.
        """
        doc = document()
        node = a_statement(doc)
        key = next(k for k, v in doc["records"].items() if v is node)
        node["made_on"] = 5
        node["channel"] = 7
        node["extra"] = True

        found = {path for _, path in problems(doc) if path.startswith("$.records")}

        assert {
            record_path(key),
            record_path(key, "made_on"),
            record_path(key, "channel"),
        } == found

    def test_invalid_value_reported_once(self) -> None:
        """
        A source altered after it was written is reported once; the records
        and sources that refer to it are not reported for it again.
        """
        doc = document()
        seoul = next(k for k, v in doc["sources"].items() if v["name"] == "South Korea")
        doc["sources"][seoul]["name"] = "North Korea"

        assert [(IntegrityError, f"$.sources['{seoul}']")] == problems(doc)

    def test_cycle_reported_once(self) -> None:
        """
        Reports relaying each other are one problem, however many of them.
        """
        doc = document()
        key, node = a_report(doc)
        other = dict(node, made_on="2025-01-01")
        other_key = "e" * 64
        node["content"] = other_key
        other["content"] = key
        doc["records"][other_key] = other

        found = problems(doc, verify=False)

        assert [ReferenceCycleError] == [kind for kind, _ in found]

    def test_affiliation_cycle_and_unknown_affiliation(self) -> None:
        """
        A cycle of affiliations and an unknown affiliation elsewhere are both
        reported.
        """
        doc = document()
        first, second, third = list(doc["sources"])[:3]
        doc["sources"][first]["affiliation"] = second
        doc["sources"][second]["affiliation"] = first
        doc["sources"][third]["affiliation"] = "0" * 64

        found = problems(doc, verify=False)

        assert (UnknownReferenceError, f"$.sources['{third}'].affiliation") in found
        assert 1 == sum(kind is ReferenceCycleError for kind, _ in found)

    def test_too_deep_is_one_document_error(self) -> None:
        """
        A chain of reports deeper than the limit is one DepthExceededError,
        a DocumentError; a higher max_depth accepts it.
        """
        text = chain_document(150)

        found = validate(text)

        assert [DepthExceededError] == [type(p) for p in found]
        assert isinstance(found[0], DocumentError)
        assert () == validate(text, max_depth=150)

    def test_bad_max_depth(self) -> None:
        """
        max_depth is checked as loads() checks it.
        """
        with pytest.raises(InvalidValueError):
            validate(dumps(GOLDEN), max_depth=0)

    @pytest.mark.parametrize("verify", [None, 0, 1, [], "false", "true"])
    def test_verify_is_a_bool(self, verify: Any, tmp_path: Path) -> None:
        """
        verify is True or False: anything else (None, 0, "false") is refused
        rather than turning verification off (or on) unseen.
        """
        text = dumps(GOLDEN)
        file = tmp_path / "ledger.json"
        file.write_text(text)
        calls: list[tuple[str, Callable[[], object]]] = [
            ("loads.verify", lambda: loads(text, verify=verify)),
            ("load.verify", lambda: load(file, verify=verify)),
            ("validate.verify", lambda: validate(text, verify=verify)),
        ]
        for path, call in calls:
            with pytest.raises(InvalidValueError) as info:
                call()
            assert path == info.value.path

    def test_entries_unsorted_and_unreached(self) -> None:
        """
        Entries out of order and values no entry reaches are reported.
        """
        doc = document()
        doc["entries"].reverse()
        orphan = "a" * 64
        doc["channels"][orphan] = {
            "kind": "other",
            "name": None,
            "audience": None,
            "public": True,
        }

        found = problems(doc, verify=False)

        assert (DocumentError, "$.entries[1]") in found
        assert (DocumentError, f"$.channels['{orphan}']") == found[-1]

    def test_envelope_and_entries_together(self) -> None:
        """
        A broken envelope is reported with the shapes of the tables that are
        there; references are then not followed.
        """
        doc = document()
        doc["channels"] = []
        doc["surplus"] = 1
        a_statement(doc)["made_on"] = "yesterday"

        found = problems(doc)

        assert (DocumentError, "$") in found
        assert (DocumentError, "$.channels") in found
        assert 3 == len(found)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
            ('{"format": "provenance", "format": "provenance"}', "duplicate key"),
            ('{"version": ' + "9" * 5000 + "}", "number too long"),
            (b"\xff\xfe", "not UTF-8"),
            ("[]", "must be a JSON object"),
            ('{"format": "provenance", "version": 99}', "unsupported format version"),
        ],
    )
    def test_unreadable_is_one_problem(self, text: str | bytes, message: str) -> None:
        """
        A document that cannot be read as one has exactly that one problem.
        """
        (found,) = validate(text)

        assert message in str(found)

    def test_hostile_ids(self) -> None:
        """
        Ids that are not ids, or hold newlines, controls and the separator,
        are reported on one bounded line each.
        """
        doc = document()
        node = doc["records"].pop(ids_of(doc, "records", "statement")[0])
        forged = "x @ $.records['y']\n\x1b[2J" + "z" * 10_000
        doc["records"][forged] = node
        doc["records"]["k" * 5] = 7

        found = validate(json.dumps(doc))

        assert len(found) >= 2
        for problem in found:
            assert 1 == str(problem).count(" @ ")
            assert str(problem).isprintable()
            assert len(str(problem)) < 1000

    @given(ledgers())
    def test_agrees_with_loads(self, ledger: Ledger) -> None:
        """
        Written documents have no problems; with one entry broken, validate()
        finds a problem just as loads() refuses.
        """
        text = dumps(ledger)
        doc = json.loads(text)

        assert () == validate(text)
        if doc["records"]:
            next(iter(doc["records"].values()))["made_on"] = "2024-02-30"
            assert 1 == len(validate(json.dumps(doc)))
            refuse(doc)
