"""
Hostile input: malformed, huge and adversarial documents and arguments.

Each is refused with a ProvenanceError naming its place, within a bounded
time and memory, and leaves what the caller already holds untouched. Huge
documents are written by string templating, not through the library, so
that the module stays quick.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import io
import json
import math
import threading
import tracemalloc

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from provenance import (
    Channel,
    ChannelKind,
    Claim,
    Ledger,
    Opinion,
    Policy,
    ProvenanceError,
    Quantity,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    dumps,
    load,
    loads,
)
from provenance.errors import (
    DocumentError,
    IntegrityError,
    InvalidValueError,
    UnknownReferenceError,
    UnsupportedVersionError,
)
from provenance.records import max_depth

from cast import NIS, SEOUL


T = TypeVar("T")
DAY = dt.date(2024, 10, 18)
CLAIM = Claim(text="Troops were sent", about=[SEOUL], key="troops")
SAID = Statement(
    source=NIS,
    claim=CLAIM,
    stance=Stance.from_verb("revealed"),
    channel=Channel(kind=ChannelKind.BRIEFING),
    made_on=DAY,
)
RELAYED = Report(
    reporter=Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET),
    content=SAID,
    made_on=DAY,
)
HELD = Ledger.of([SAID, RELAYED])
HELD_TEXT = dumps(HELD)
MB = 1 << 20


def within(seconds: float, call: Callable[[], T]) -> T:
    """
    The result of *call*, which must finish within *seconds* (a guard
    against hangs, generous on purpose; not a benchmark).
    """
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(("value", call()))
        except BaseException as exc:  # noqa: BLE001  # Re-raised below.
            outcome.append(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds} s"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value  # type: ignore[no-any-return]  # The call's own result.


def refused(text: str | bytes, *, verify: bool = True, seconds: float = 30) -> Any:
    """
    The error loads() raises for *text*, checking that it is a
    ProvenanceError with a JSON path and that the held ledger is untouched.
    """
    with pytest.raises(ProvenanceError) as info:
        within(seconds, lambda: loads(text, verify=verify))
    error = info.value
    assert error.path.startswith("$")
    assert len(str(error)) < 1000  # Huge values are never echoed whole.
    assert gc.isenabled()
    assert 100 == max_depth()
    assert HELD_TEXT == dumps(HELD)
    return error


def wrong(value: object) -> Any:
    """
    *value*, typed so that it can be passed where it does not belong.
    """
    return value


def doc() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(HELD_TEXT)
    return result


def statement_id(document: dict[str, Any]) -> str:
    return str(
        next(k for k, v in document["records"].items() if v["type"] == "statement")
    )


def source_id(document: dict[str, Any]) -> str:
    return str(next(iter(document["sources"])))


class TestNesting:
    @pytest.mark.parametrize("opener", ["[", '{"a":'])
    def test_deep_document(self, opener: str) -> None:
        """
        A million levels of nesting are refused at the root.
        """
        closer = "]" if opener == "[" else "}"

        assert "$" == refused(opener * MB + closer * MB).path

    def test_deep_array_in_field(self) -> None:
        """
        Deeply nested arrays where a string belongs are refused.
        """
        text = HELD_TEXT.replace('"NIS"', "[" * 200_000 + '"NIS"' + "]" * 200_000, 1)

        assert refused(text).path.startswith("$")

    def test_moderately_nested_array_in_field(self) -> None:
        """
        Nested arrays shallow enough to parse are refused at their field.
        """
        document = doc()
        key = source_id(document)
        nested: Any = "x"
        for _ in range(900):
            nested = [nested]
        document["sources"][key]["name"] = nested

        assert f"$.sources['{key}'].name" == refused(json.dumps(document)).path


class TestHuge:
    def test_ten_megabyte_name_loads(self) -> None:
        """
        A valid 10 MB name loads, in bounded time and memory.
        """
        source = Source(name="x" * (10 * MB), kind=SourceKind.PERSON)
        ledger = Ledger.of(
            [Statement(source=source, claim=CLAIM, stance=SAID.stance, made_on=DAY)]
        )
        text = dumps(ledger)
        tracemalloc.start()
        try:
            loaded = within(30, lambda: loads(text))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        assert ledger == loaded
        assert peak < 100 * MB

    @pytest.mark.parametrize("field", ["made_on", "channel", "source"])
    def test_ten_megabyte_string_in_field(self, field: str) -> None:
        """
        A 10 MB string where an id or a day belongs is refused at its field,
        without echoing it.
        """
        document = doc()
        key = statement_id(document)
        document["records"][key][field] = "7" * (10 * MB)

        error = refused(json.dumps(document))

        assert error.path.startswith(f"$.records['{key}']")

    def test_ten_megabyte_garbage(self) -> None:
        """
        10 MB of text that is not JSON is refused at the root.
        """
        assert "$" == refused("{" + "x" * (10 * MB)).path

    @pytest.mark.slow
    def test_million_records_one_dangling_at_the_end(self) -> None:
        """
        A million-record document whose last record names an unknown source
        is refused at that record, in bounded time.
        """
        n = 1_000_000
        source = "a" * 64
        claim = "b" * 64
        record = (
            '"{:064x}":{{"channel":null,"claim":"' + claim + '","made_on":"2024-01-01",'
            '"source":"{}","stance":{{"act":"said","retraction":false,"value":"CT+"}},'
            '"type":"statement"}}'
        )
        last = f"{n - 1:064x}"
        records = ",".join(
            record.format(i, source if i < n - 1 else "f" * 64) for i in range(n)
        )
        entries = ",".join(f'"{i:064x}"' for i in range(n))
        text = (
            '{"channels":{},"claims":{"' + claim + '":{"about":[],"key":null,'
            '"occurred":null,"quantity":null,"text":"x"}},'
            f'"entries":[{entries}],"format":"provenance","records":{{{records}}},'
            '"sources":{"' + source + '":{"affiliation":null,"kind":"person",'
            '"name":"x","role":null}},"version":1}'
        )
        del records, entries

        error = refused(text, verify=False, seconds=120)

        assert isinstance(error, UnknownReferenceError)
        assert f"$.records['{last}'].source" == error.path

    def test_million_records_fail_fast_on_integrity(self) -> None:
        """
        With verification on, a forged id is refused at the first record
        (well before the rest is built).
        """
        document = doc()
        key = statement_id(document)
        document["records"]["0" * 64] = document["records"].pop(key)
        document["entries"] = sorted(
            "0" * 64 if e == key else e for e in document["entries"]
        )
        for record in document["records"].values():
            if record.get("content") == key:
                record["content"] = "0" * 64

        error = refused(json.dumps(document))

        assert isinstance(error, IntegrityError)


class TestDuplicates:
    def _twice(self, first: dict[str, Any], second: dict[str, Any]) -> str:
        document = doc()
        key = statement_id(document)
        document["records"][key] = "PLACEHOLDER"
        pair = f'{json.dumps(first)},"{key}":{json.dumps(second)}'
        return json.dumps(document).replace('"PLACEHOLDER"', pair)

    @pytest.mark.parametrize("forged_first", [True, False])
    def test_forged_copy(self, forged_first: bool) -> None:
        """
        An id written twice is refused, whichever copy is forged: two
        parsers could otherwise read two documents.
        """
        document = doc()
        genuine = document["records"][statement_id(document)]
        forged = {**genuine, "made_on": "2030-01-01"}
        pair = (forged, genuine) if forged_first else (genuine, forged)

        error = refused(self._twice(*pair))

        assert "duplicate key" in error.msg


class TestValues:
    @pytest.mark.parametrize(
        "data",
        [
            b"\xff\xfe{}",
            b'{"format":"\xc3\x28"}',
            b"\x80" * 1000,
            "\ud800".encode("utf-8", "surrogatepass"),
        ],
    )
    def test_not_utf8(self, data: bytes) -> None:
        """
        Bytes that are not UTF-8 are refused at the root.
        """
        assert "$" == refused(data).path

    @pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
    def test_not_finite(self, value: str) -> None:
        """
        NaN and infinities are refused wherever they stand.
        """
        document = doc()
        document["version"] = "PLACEHOLDER"
        text = json.dumps(document).replace('"PLACEHOLDER"', value)

        error = refused(text)

        assert isinstance(error, UnsupportedVersionError)
        assert "$.version" == error.path

    @pytest.mark.parametrize("value", [-1, -1.5, 1.5, 3, 10**30, 0])
    def test_numbers_out_of_range(self, value: float) -> None:
        """
        Version numbers other than 1 and 2 are refused at $.version.
        """
        document = doc()
        document["version"] = value

        assert "$.version" == refused(json.dumps(document)).path

    @pytest.mark.parametrize("value", [True, 1, 1.0, None, ["x"], {"x": 1}])
    def test_number_where_string_belongs(self, value: Any) -> None:
        """
        Numbers are never turned into strings (nor anything else into one).
        """
        document = doc()
        key = source_id(document)
        document["sources"][key]["name"] = value

        assert f"$.sources['{key}'].name" == refused(json.dumps(document)).path

    @pytest.mark.parametrize(
        ("table", "field", "value"),
        [
            ("sources", "kind", "alien"),
            ("sources", "kind", "PERSON"),
            ("channels", "kind", "telepathy"),
        ],
    )
    def test_unknown_enum_values(self, table: str, field: str, value: str) -> None:
        """
        Enum values the format does not define are refused at their field.
        """
        document = doc()
        key = next(iter(document[table]))
        document[table][key][field] = value

        assert f"$.{table}['{key}'].{field}" == refused(json.dumps(document)).path

    @pytest.mark.parametrize("value", ["XX+", "ct+", "", "Uu "])
    def test_unknown_stance_value(self, value: str) -> None:
        """
        Stance values outside FactBank's are refused at the stance.
        """
        document = doc()
        key = statement_id(document)
        document["records"][key]["stance"]["value"] = value

        error = refused(json.dumps(document))

        assert error.path.startswith(f"$.records['{key}'].stance")

    def test_quantity_extremes(self) -> None:
        """
        Quantities of any finite size and sign are fine; integers too long
        to convert are refused.
        """
        for value in (-5, -2.5, 10**300):
            claim = Claim(text="x", quantity=Quantity(value=value, unit="troops"))
            ledger = Ledger.of(
                [Statement(source=NIS, claim=claim, stance=SAID.stance, made_on=DAY)]
            )
            assert ledger == loads(dumps(ledger))
        document = json.loads(dumps(ledger))
        text = json.dumps(document).replace(str(10**300), "9" * 5000)
        error = refused(text)
        assert "number too long (5000 digits)" == error.msg
        assert error.path.endswith(".quantity.value")


class TestConstructors:
    @pytest.mark.parametrize(
        ("make", "path"),
        [
            (lambda: Opinion(-0.1, 0.5, 0.6), "Opinion.belief"),
            (lambda: Opinion(1.5, 0.0, 0.0), "Opinion.belief"),
            (lambda: Opinion(math.nan, 0.0, 1.0), "Opinion.belief"),
            (lambda: Opinion(0.0, math.inf, 0.0), "Opinion.disbelief"),
            (lambda: Opinion(0.0, 0.0, 1.0, -0.5), "Opinion.base_rate"),
            (lambda: Opinion("0.5", 0.5, 0.0), "Opinion.belief"),
            (lambda: Source(name="x", kind=wrong("person")), "Source.kind"),
            (lambda: Source(name="", kind=SourceKind.PERSON), "Source.name"),
            (lambda: Source(name=wrong(5), kind=SourceKind.PERSON), "Source.name"),
            (lambda: Source(name="\ud800", kind=SourceKind.PERSON), "Source.name"),
            (lambda: Quantity(value=math.nan, unit="x"), "Quantity.value"),
            (lambda: Quantity(value=-math.inf, unit="x"), "Quantity.value"),
            (lambda: Quantity(value=10**400, unit="x"), "Quantity.value"),
            (lambda: Quantity(value="5", unit="x"), "Quantity.value"),
            (
                lambda: Policy(self_serving_factor=1.5),
                "Policy.self_serving_factor",
            ),
            (lambda: Policy(base_rate=-0.1), "Policy.base_rate"),
            (lambda: Policy(base_rate=math.nan), "Policy.base_rate"),
            (lambda: Stance.of("XX", "said"), "Stance.value"),
            (
                lambda: Statement(
                    source=NIS,
                    claim=CLAIM,
                    stance=SAID.stance,
                    made_on=wrong("2024-01-01"),
                ),
                "Statement.made_on",
            ),
            (
                lambda: Report(
                    reporter=NIS, content=SAID, made_on=DAY - dt.timedelta(days=1)
                ),
                "Report.made_on",
            ),
            (lambda: Ledger.of([SAID, wrong("record")]), "Ledger.held"),
            (lambda: HELD.merge(wrong("ledger")), "Ledger.merge"),
        ],
    )
    def test_refused_with_path(self, make: Callable[[], object], path: str) -> None:
        """
        Bad values given to public constructors raise InvalidValueError
        naming the field.
        """
        before = copy.copy(HELD.held)

        with pytest.raises(InvalidValueError) as info:
            make()

        assert path == info.value.path
        assert before == HELD.held

    def test_huge_name_repr_is_short(self) -> None:
        """
        A rejected 10 MB value is not echoed whole in the message.
        """
        with pytest.raises(InvalidValueError) as info:
            Opinion("0" * (10 * MB), 0.0, 1.0)

        assert len(str(info.value)) < 300


class TestLoad:
    def test_bytes_file(self, tmp_path: Path) -> None:
        """
        load() refuses hostile files like loads().
        """
        path = tmp_path / "bad.json"
        path.write_bytes(b"\xff" * 1000)

        with pytest.raises(DocumentError) as info:
            load(path)

        assert "$" == info.value.path

    def test_text_stream(self) -> None:
        """
        load() refuses hostile streams like loads().
        """
        with pytest.raises(DocumentError):
            load(io.StringIO("[" * 100_000))

    def test_binary_stream(self) -> None:
        """
        load() reads binary streams, and refuses them when hostile.
        """
        assert HELD == load(io.BytesIO(HELD_TEXT.encode()))
        with pytest.raises(DocumentError):
            load(io.BytesIO(b'{"format": "provenance", "version": 1}'))
