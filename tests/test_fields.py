"""
The description of each value type (provenance._fields) and what is derived
from it: the canonical writers, the JSON Schema's definitions.
"""

from __future__ import annotations

import datetime as dt
import json

from pathlib import Path
from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import _fields, _identity, serialize
from provenance.claims import Bound, Claim, Quantity, TimeSpan
from provenance.records import Report, Statement
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import Stance
from provenance.testing import (
    channels,
    claims,
    quantities,
    reports,
    sources,
    stances,
    statements,
)


CLASSES: dict[str, type] = {
    "source": Source,
    "channel": Channel,
    "quantity": Quantity,
    "claim": Claim,
    "stance": Stance,
    "statement": Statement,
    "report": Report,
}

STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "source": sources(),
    "channel": channels(),
    "quantity": quantities(),
    "claim": claims(),
    "stance": stances(),
    "statement": statements(),
    "report": reports(),
}


class TestWriters:
    def test_every_type_described(self) -> None:
        """
        Every type with a canonical form is described, once.
        """
        assert [kind.name for kind in _fields.TYPES] == list(CLASSES)

    @pytest.mark.parametrize("kind", _fields.TYPES, ids=lambda kind: kind.name)
    def test_fields_are_the_attributes(self, kind: _fields.ValueType) -> None:
        """
        A type's description names each of its class's fields: a field added
        to the class and not to the description fails here.
        """
        cls = CLASSES[kind.name]
        public = {a.name for a in attrs.fields(cls) if a.init}
        if cls is Stance:  # Its value is the polarity and the modality.
            public = public - {"polarity", "modality"} | {"value"}
        described = {f.name for f in kind.fields if f.kind is not _fields.Kind.CONST}

        assert described == public

    @pytest.mark.parametrize("kind", _fields.TYPES, ids=lambda kind: kind.name)
    @given(data=st.data())
    def test_text_is_the_node_dumped(
        self, kind: _fields.ValueType, data: st.DataObject
    ) -> None:
        """
        For every described type, the generated text is the canonical dump
        of the generated node.
        """
        value = data.draw(STRATEGIES[kind.name])
        text = getattr(_identity, f"{kind.name}_text")(value)
        node = getattr(_identity, f"{kind.name}_node")(value)

        assert _identity.dumps_canonical(node) == text
        assert json.loads(text) == node

    def test_known_ids(self) -> None:
        """
        Values that set every field, those written only when set included,
        keep the ids the hand-written writers gave them.
        """
        seoul = Source(name="South Korea", kind=SourceKind.GOVERNMENT)
        nis = Source(
            name="National Intelligence Service",
            kind=SourceKind.AGENCY,
            role="spy agency",
            affiliation=seoul,
        )
        closed = Channel(
            kind=ChannelKind.BRIEFING,
            name='NIS "closed" briefing',
            audience="lawmakers",
            public=False,
        )
        claim = Claim(
            text="North Korea sent troops to Russia — über",
            about={Source(name="North Korea", kind=SourceKind.GOVERNMENT)},
            favours={Source(name="Russia", kind=SourceKind.GOVERNMENT)},
            occurred=TimeSpan.since(2024, 8),
            quantity=Quantity(
                value=1.5e4,
                unit="troops",
                bound=Bound.MORE_THAN,
                subject="troops sent",
            ),
            key="troops",
        )
        statement = Statement(
            source=nis,
            claim=claim,
            stance=Stance.of("PR+", "is believed to", hearsay=True),
            channel=closed,
            made_on=dt.date(2024, 10, 18),
            made_at=dt.time(14, 5, 7),
            credibility=2,
            url="https://example.org/nis?q=1",
        )
        report = Report(
            reporter=Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET),
            content=statement,
            channel=closed,
            made_on=dt.date(2024, 10, 19),
            made_at=dt.time(9, 30),
            url="https://yna.example/ü",
        )

        assert {
            "nis": "88985ce95282e292a28c5360381a872cc8962b2ed00207b07994010d448003e8",
            "closed": (
                "0eb5489d5fdf0d74b6d4e01228bd85c51a1a1abd294ad459a574c929df5c3a68"
            ),
            "claim": "baae3fa9044346d8c5be0e1f071497a041f1fc0cae7a590b5c308b377e1c4d48",
            "statement": (
                "f5eb6428472fd6f3ece5d9464e224c9e86d67ffad4b105b4beaa5f00ff3730ca"
            ),
            "report": (
                "d606989e474df6c2be0bce96d2dbb44b7939fb54840eb23fbd9056ab65fc5485"
            ),
        } == {
            "nis": nis.id,
            "closed": closed.id,
            "claim": claim.id,
            "statement": statement.id,
            "report": report.id,
        }

    def test_article_ids(self) -> None:
        """
        The article's example keeps the ids tests/test_serialize.py pins
        (TestGolden.test_ids), hashed here from the generated texts.
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
        hashed = _identity.text_id

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
            "seoul": hashed(_identity.source_text(seoul)),
            "nis": hashed(_identity.source_text(nis)),
            "briefing": hashed(_identity.channel_text(briefing)),
            "claim": hashed(_identity.claim_text(claim)),
            "statement": hashed(_identity.statement_text(statement)),
            "report": hashed(_identity.report_text(report)),
        }

    def test_stance_text_given(self) -> None:
        """
        A statement's writer takes its stance's text when the caller has it.
        """
        statement = _statement()
        stance = _identity.stance_text(statement.stance)

        assert _identity.statement_text(statement, stance) == (
            _identity.statement_text(statement)
        )

    def test_when_set_fields_absent(self) -> None:
        """
        Fields written only when set are absent from a value that does not
        set them, from the text and from the node.
        """
        statement = _statement()
        later = {
            field.key
            for kind in (_fields.STATEMENT, _fields.STANCE)
            for field in kind.fields
            if field.when_set
        }
        node = _identity.statement_node(statement)

        assert later == {"made_at", "credibility", "url", "hearsay"}
        assert not later & (node.keys() | node["stance"].keys())


def _statement() -> Statement:
    return Statement(
        source=Source(name="Alpha", kind=SourceKind.PERSON),
        claim=Claim(text="Beta"),
        stance=Stance.of("CT+", "said"),
        made_on=dt.date(2024, 1, 2),
    )


class TestLoader:
    @pytest.mark.parametrize(
        ("kind", "document"),
        [
            (_fields.SOURCE, serialize._SourceDoc),
            (_fields.CHANNEL, serialize._ChannelDoc),
            (_fields.QUANTITY, serialize._QuantityDoc),
            (_fields.CLAIM, serialize._ClaimDoc),
            (_fields.STANCE, serialize._StanceDoc),
            (_fields.STATEMENT, serialize._StatementDoc),
            (_fields.REPORT, serialize._ReportDoc),
        ],
        ids=lambda value: getattr(value, "name", ""),
    )
    def test_document_classes(self, kind: _fields.ValueType, document: type) -> None:
        """
        The loader's document classes (still written by hand: their types
        carry the converter's checks and messages) hold the described keys,
        with a default exactly for those written only when set.
        """
        described = {
            field.key: field.when_set
            for field in kind.fields
            if field.kind is not _fields.Kind.CONST  # Read by the union's hook.
        }

        assert {
            a.name: a.default is not attrs.NOTHING for a in attrs.fields(document)
        } == described

    @pytest.mark.parametrize("kind", _fields.TYPES, ids=lambda kind: kind.name)
    @given(data=st.data())
    def test_check_accepts_nodes(
        self, kind: _fields.ValueType, data: st.DataObject
    ) -> None:
        """
        The bulk check of a type accepts the canonical node of any value of
        it, and refuses it with a key it always has missing, or with a key
        too many.
        """
        value = data.draw(STRATEGIES[kind.name])
        node = getattr(_identity, f"{kind.name}_node")(value)
        key = data.draw(st.sampled_from(sorted(_fields.always_written(kind))))

        assert check(kind, node)
        assert not check(kind, {k: v for k, v in node.items() if k != key})
        assert not check(kind, {**node, "extra": node[key]})

    @pytest.mark.parametrize(
        ("kind", "key", "empty"),
        [
            (_fields.STATEMENT, "made_at", "25:00"),
            (_fields.STATEMENT, "credibility", 0),
            (_fields.STATEMENT, "url", ""),
            (_fields.REPORT, "url", None),
            (_fields.CLAIM, "favours", []),
            (_fields.QUANTITY, "subject", ""),
        ],
    )
    @given(data=st.data())
    def test_check_refuses_unset(
        self, kind: _fields.ValueType, key: str, empty: object, data: st.DataObject
    ) -> None:
        """
        A key written only when set is refused when present but empty, null
        or invalid.
        """
        value = data.draw(STRATEGIES[kind.name])
        node = getattr(_identity, f"{kind.name}_node")(value)

        assert not check(kind, {**node, key: empty})


def check(kind: _fields.ValueType, raw: dict[str, Any]) -> bool:
    """
    The generated bulk check of *kind* on *raw*.
    """
    checker = serialize._CHECKS[f"{kind.name}_ok"]
    if kind in (_fields.STATEMENT, _fields.REPORT):
        return bool(checker(raw, serialize._Days()))
    return bool(checker(raw))


class TestSchema:
    def test_shipped_schema_is_derived(self) -> None:
        """
        The shipped schema.json is what the description gives, byte for byte:
        after a change to the description, run
        ``python -m provenance._fields --write-schema``.
        """
        text = _fields.SCHEMA_PATH.read_text("utf-8")

        assert _fields.schema_text(_fields.derived_schema(json.loads(text))) == text

    def test_write_schema(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        ``--write-schema`` rewrites the record definitions of schema.json.
        """
        path = tmp_path / "schema.json"
        text = _fields.SCHEMA_PATH.read_text("utf-8")
        shipped = json.loads(text)
        stale = {**shipped, "$defs": {**shipped["$defs"], "source": {}}}
        path.write_text(json.dumps(stale), "utf-8")
        monkeypatch.setattr(_fields, "SCHEMA_PATH", path)
        messages: list[str] = []

        assert _fields._main(["--write-schema"], messages.append) == 0
        assert path.read_text("utf-8") == text
        assert messages == [f"wrote {path}\n"]

    def test_usage(self) -> None:
        """
        Without ``--write-schema``, the module prints its usage.
        """
        messages: list[str] = []

        assert _fields._main([], messages.append) == 2
        assert messages[0].startswith("usage:")


class TestProv:
    def test_names(self) -> None:
        """
        A field's PROV attribute is named in its description; a field written
        as a relation, or in place, has none of its own.
        """
        assert _fields.prov_name(_fields.STATEMENT, "made_at") == "madeAt"
        assert _fields.prov_name(_fields.SOURCE, "name") == "label"
        with pytest.raises(KeyError):
            _fields.prov_name(_fields.STATEMENT, "source")
        with pytest.raises(KeyError):
            _fields.prov_name(_fields.STATEMENT, "channel")
