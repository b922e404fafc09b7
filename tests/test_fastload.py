"""
The fast path of `loads`, for the compact canonical text that `dumps` writes,
against the general loader: on every document it either builds the same
ledger (the same values, ids and order) or gives way, so that `loads` refuses
what the general loader refuses, with the same error, message and path.
"""

from __future__ import annotations

import datetime as dt
import json

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import (
    Channel,
    ChannelKind,
    Claim,
    Ledger,
    ProvenanceError,
    Quantity,
    Report,
    Source,
    SourceKind,
    Stance,
    dumps,
    loads,
)
from provenance._identity import (
    channel_text,
    claim_text,
    dumps_canonical,
    quantity_text,
    report_text,
    source_text,
    statement_text,
    text_id,
)
from provenance._validators import kept_text, to_text
from provenance.claims import Bound, TimeSpan, _loaded_claim, _loaded_quantity
from provenance.records import Statement, depth_limit
from provenance.relations import Entails, Exclusive
from provenance.serialize import _fast_loads, _general_loads
from provenance.testing import ledgers, names, quantities, time_spans

from cast import fuzz_module


FUZZ = fuzz_module("fuzz_structure")

Outcome = Ledger | tuple[type, str, str]


def _general(text: str | bytes) -> Outcome:
    try:
        return _general_loads(text, verify=True)
    except ProvenanceError as exc:
        return (type(exc), str(exc), getattr(exc, "path", ""))


def _loaded(text: str | bytes) -> Outcome:
    try:
        return loads(text)
    except ProvenanceError as exc:
        return (type(exc), str(exc), getattr(exc, "path", ""))


def _same_ledger(fast: Ledger, general: Ledger) -> None:
    assert fast == general
    assert fast.relations == general.relations
    assert [r.id for r in fast] == [r.id for r in general]
    assert [r.id for r in fast.reached] == [r.id for r in general.reached]
    assert [s.id for s in fast.sources] == [s.id for s in general.sources]
    assert [c.id for c in fast.claims] == [c.id for c in general.claims]
    assert [c.id for c in fast.channels] == [c.id for c in general.channels]
    # The ids the fast path stored are those of the values it built.
    for record in fast.reached:
        text = (
            statement_text(record)
            if isinstance(record, Statement)
            else report_text(record)
        )
        assert record.id == text_id(text)
    # Built with their hashes from the ids read: each hashes as the record
    # the general loader built (and as one built through the constructor).
    built = {r.id: r for r in general.reached}
    assert all(hash(r) == hash(built[r.id]) for r in fast.reached)
    assert all(s.id == text_id(source_text(s)) for s in fast.sources)
    assert all(c.id == text_id(claim_text(c)) for c in fast.claims)
    assert all(c.id == text_id(channel_text(c)) for c in fast.channels)
    assert dumps(fast) == dumps(general)


def _agrees(text: str | bytes) -> Ledger | None:
    """
    Check the fast path on *text* against the general loader; returns what
    the fast path built, if anything.
    """
    general = _general(text)
    fast = _fast_loads(text)
    if fast is not None:
        # Never accepts what the general loader refuses.
        assert isinstance(general, Ledger), general
        _same_ledger(fast, general)
    loaded = _loaded(text)
    if isinstance(general, Ledger):
        assert isinstance(loaded, Ledger)
        _same_ledger(loaded, general)
    else:
        assert loaded == general  # The same class, message and path.
    return fast


def _canonical(doc: Any) -> str:
    return dumps_canonical(doc)


class TestCanonical:
    @given(ledgers(relations=True))
    def test_builds_what_the_general_loader_builds(self, ledger: Ledger) -> None:
        """
        The text dumps writes takes the fast path, to the same ledger.
        """
        text = dumps(ledger)

        fast = _agrees(text)

        assert fast is not None
        assert fast == ledger
        assert dumps(fast) == text

    @given(ledgers(max_records=30))
    def test_larger_ledgers(self, ledger: Ledger) -> None:
        """
        More records, chains of reports, shared values.
        """
        text = dumps(ledger)

        assert _agrees(text) is not None
        assert _agrees(text.encode()) is not None

    @pytest.mark.slow
    @given(ledgers(max_records=30), st.randoms(use_true_random=False))
    def test_records_in_another_order(self, ledger: Ledger, random: Any) -> None:
        """
        A records table not in id order (JSON leaves a table's order free):
        the records held are then looked up by their entries.
        """
        doc = json.loads(dumps(ledger))
        records = list(doc["records"].items())
        random.shuffle(records)
        doc["records"] = dict(records)
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))

        fast = _agrees(text)

        assert fast is not None
        assert fast == ledger

    @given(
        ledgers(relations=True),
        st.sampled_from(("", " ", "\n", "\r\n", "\t \n")),
        st.sampled_from(("", "\n", " \n")),
    )
    def test_space_around_the_document(
        self, ledger: Ledger, before: str, after: str
    ) -> None:
        """
        The whitespace JSON allows around a value changes nothing.
        """
        assert _agrees(f"{before}{dumps(ledger)}{after}") is not None

    @given(ledgers(relations=True))
    def test_other_forms_give_way(self, ledger: Ledger) -> None:
        """
        Indented text, ASCII-escaped text and version 1 documents are the
        general loader's.
        """
        text = dumps(ledger)
        doc = json.loads(text)

        assert _agrees(dumps(ledger, indent=2)) is None or not ledger.held
        assert _agrees(json.dumps(doc, sort_keys=True)) is None or text.isascii()
        if "url" not in text:
            assert _agrees(_canonical({**doc, "version": 1})) is None


class TestMutated:
    @given(FUZZ.mutated())
    def test_structure_fuzzer(self, case: tuple[str, str]) -> None:
        """
        The structure fuzzer's documents, as it writes them and rewritten in
        canonical form (which the fast path reads, or gives way on).
        """
        text, _ = case
        _agrees(text)
        try:
            doc = json.loads(text)
        except ValueError:
            return
        _agrees(_canonical(doc))

    @given(ledgers(max_records=6, relations=True), st.data())
    def test_replaced_leaves(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        A value replaced by an awkward one, the ids recomputed so that the
        checks past them are reached, in canonical form.
        """
        doc = json.loads(dumps(ledger))
        paths = [p for p in FUZZ._paths(doc) if len(p) > 2]
        if not paths:
            return
        path = data.draw(st.sampled_from(paths))
        value = data.draw(
            st.sampled_from(FUZZ.AWKWARD)
            | st.integers(-2, 8)
            | st.text(max_size=6)
            | st.sampled_from(_HOSTILE_STRINGS)
        )
        FUZZ._at(doc, path[:-1])[path[-1]] = value
        _agrees(_canonical(FUZZ.rehash(doc)))


# Strings that only the general checks would refuse.
_HOSTILE_STRINGS = (
    "",
    " ",
    "\u200b",
    "\x7f",
    "a\x00b",
    "2023-02-30",
    "2023-13-01",
    "12:60:00",
    "09:30",
    "http://",
    "http://exa mple.org",
    "https://example.org/%zz",
    "ftp://example.org",
    "https://e\u0301xample.org",
    "XX",
    "ct+",
    "said\n",
    "NaN",
)


def _first(doc: dict[str, Any], table: str, kind: str | None = None) -> Any:
    for value in doc[table].values():
        if kind is None or value.get("type") == kind:
            return value
    return None


def _set(table: str, field: str, value: Any, kind: str | None = None) -> Any:
    def change(doc: dict[str, Any]) -> None:
        _first(doc, table, kind)[field] = value

    return change


def _stance(field: str, value: Any) -> Any:
    def change(doc: dict[str, Any]) -> None:
        _first(doc, "records", "statement")["stance"][field] = value

    return change


def _in_both(doc: dict[str, Any]) -> None:
    claim = next(value for value in doc["claims"].values() if "favours" in value)
    claim["about"] = claim["favours"]


def _drop_entry(doc: dict[str, Any]) -> None:
    doc["entries"] = doc["entries"][1:]


def _unsort(doc: dict[str, Any]) -> None:
    doc["entries"] = list(reversed(doc["entries"]))


def _no_relations(doc: dict[str, Any]) -> None:
    doc["relations"] = {}


# Changes the general loader refuses, the ids recomputed.
_REFUSED: dict[str, Callable[[dict[str, Any]], None]] = {
    "empty claim text": _set("claims", "text", ""),
    "blank claim text": _set("claims", "text", " \u200b"),
    "claim text of controls": _set("claims", "text", "\x01\x7f"),
    "claim text of a mark": _set("claims", "text", "\u0301"),
    "claim text not NFC": _set("claims", "text", "Cafe\u0301"),
    "claim text a lone surrogate": _set("claims", "text", "x\ud800"),
    "claim key not a slug": _set("claims", "key", "-troops"),
    "claim key empty": _set("claims", "key", ""),
    "claim key not NFC": _set("claims", "key", "e\u0301"),
    "claim party in both": _in_both,
    "unknown source kind": _set("sources", "kind", "martian"),
    "no such day": _set("records", "made_on", "2023-02-30", "statement"),
    "year zero": _set("records", "made_on", "0000-01-01", "statement"),
    "short time": _set("records", "made_at", "09:30", "statement"),
    "no such time": _set("records", "made_at", "24:00:00", "statement"),
    "credibility 0": _set("records", "credibility", 0, "statement"),
    "credibility 7": _set("records", "credibility", 7, "statement"),
    "credibility true": _set("records", "credibility", True, "statement"),
    "url refused": _set("records", "url", "http://exa mple.org", "statement"),
    "url not NFC": _set("records", "url", "https://e\u0301x.org", "statement"),
    "url empty": _set("records", "url", "", "statement"),
    "report url refused": _set("records", "url", "ftp://x.org", "report"),
    "stance value": _stance("value", "XX"),
    "stance act empty": _stance("act", ""),
    "stance hearsay false": _stance("hearsay", False),
    "unknown claim": _set("records", "claim", "0" * 64, "statement"),
    "unknown channel": _set("records", "channel", "0" * 64, "statement"),
    "unknown content": _set("records", "content", "0" * 64, "report"),
    "report before its content": _set("records", "made_on", "1900-01-01", "report"),
    "unreached record": _drop_entry,
    "empty relations": _no_relations,
}


def _rich_ledger() -> Ledger:
    """
    A ledger with every kind of value: reports, channels, times, grades,
    urls, quantities, relations.
    """
    seoul = Source(name="South Korea", kind=SourceKind.GOVERNMENT)
    nis = Source(name="NIS", kind=SourceKind.AGENCY, affiliation=seoul)
    paper = Source(name='The "Daily"\n', kind=SourceKind.MEDIA_OUTLET)
    briefing = Channel(kind=ChannelKind.BRIEFING, audience="lawmakers", public=False)
    troops = Claim(
        text="North Korea sent troops",
        key="troops",
        about=[seoul],
        quantity=Quantity(value=1.5e4, unit="troops", bound=Bound.AT_LEAST),
    )
    more = Claim(text="More than 10,000 troops", key="more")
    none = Claim(text="No troops", key="none", favours=[seoul])
    said = Statement(
        source=nis,
        claim=troops,
        stance=Stance.from_verb("said"),
        channel=briefing,
        made_on=dt.date(2024, 10, 18),
        made_at=dt.time(9, 30),
        credibility=2,
        url="https://example.org/briefing?q=1",
    )
    told = Report(
        reporter=paper,
        content=said,
        channel=briefing,
        made_on=dt.date(2024, 10, 19),
        url="https://example.org/article",
    )
    denied = Statement(
        source=seoul,
        claim=more,
        stance=Stance.from_verb("denied"),
        made_on=dt.date(2024, 10, 20),
    )
    again = Report(reporter=seoul, content=told, made_on=dt.date(2024, 10, 21))
    return Ledger.of(
        [
            told,
            again,
            denied,
            said,
            Entails(specific=more, general=troops),
            Exclusive(key="count", claims=[troops, none], exhaustive=False),
        ]
    )


_EMPTY = (
    '{"channels":{},"claims":{},"entries":[],"format":"provenance",'
    '"records":{},"sources":{},"version":2}'
)


class TestRefused:
    def test_the_rich_ledger_takes_the_fast_path(self) -> None:
        """
        Every kind of value, escapes in strings included.
        """
        ledger = _rich_ledger()

        fast = _agrees(dumps(ledger))

        assert fast == ledger

    @pytest.mark.parametrize("change", sorted(_REFUSED))
    def test_what_the_general_loader_refuses(self, change: str) -> None:
        """
        The fast path gives way, and loads raises the general loader's
        error.
        """
        doc = json.loads(dumps(_rich_ledger()))
        _REFUSED[change](doc)
        text = _canonical(FUZZ.rehash(doc))

        assert not isinstance(_general(text), Ledger)
        assert _agrees(text) is None

    def test_entries_out_of_order(self) -> None:
        """
        Entries not sorted.
        """
        doc = json.loads(dumps(_rich_ledger()))
        _unsort(doc)
        text = _canonical(doc)

        assert not isinstance(_general(text), Ledger)
        assert _agrees(text) is None

    def test_an_altered_value(self) -> None:
        """
        A value changed without its id: the id check refuses it.
        """
        text = dumps(_rich_ledger()).replace("North Korea", "South Korea")

        assert _agrees(text) is None

    def test_escaped_strings(self) -> None:
        """
        Text with the escapes the format writes (a quote, a backslash, a
        control character) takes the fast path, and builds what was dumped;
        the same text with an escape it does not write gives way.
        """
        odd = Source(name='the "Centre"\\ for\tNews', kind=SourceKind.ORGANISATION)
        statement = Statement(
            source=odd,
            claim=Claim(text="a\nclaim", key="odd"),
            stance=Stance.from_verb("said"),
            made_on=dt.date(2024, 10, 18),
        )
        ledger = Ledger.of([statement])
        text = dumps(ledger)
        assert '\\"Centre\\"' in text

        fast = _agrees(text)

        assert fast == ledger
        assert _agrees(text.replace('\\"Centre', "\\u0022Centre")) is None

    @pytest.mark.slow
    def test_space_between_any_two_tokens(self) -> None:
        """
        A space where JSON allows one, anywhere in the compact text: the
        same ledger, by the fast path or the general loader, never another.
        """
        text = dumps(_rich_ledger())
        # The positions outside strings next to a structural character.
        places = []
        in_string = escaped = False
        for i, ch in enumerate(text):
            if in_string:
                in_string = escaped or ch != '"'
                escaped = not escaped and ch == "\\"
            elif ch == '"':
                in_string = True
            if not in_string and ch in ",:{}[]":
                places += [i, i + 1]
        assert len(places) > 400

        for i in sorted(set(places)):
            spaced = f"{text[:i]} {text[i:]}"
            assert _agrees(spaced) is None or spaced.strip() == text
            assert _rich_ledger() == loads(spaced)

    def test_non_canonical_escapes(self) -> None:
        """
        A string written with an escape the format does not write, its id
        recomputed from that text: refused, as by the general loader.
        """
        text = dumps(_rich_ledger())
        doc = json.loads(text)
        ref, record = next(
            (k, v) for k, v in doc["records"].items() if v["type"] == "statement"
        )
        slice_ = dumps_canonical(record)
        act = record["stance"]["act"]
        escaped = slice_.replace(
            f'"act":"{act}"', f'"act":"\\u{ord(act[0]):04x}{act[1:]}"'
        )
        assert escaped != slice_
        forged = text.replace(slice_, escaped).replace(ref, text_id(escaped))

        assert not isinstance(_general(forged), Ledger)
        assert _agrees(forged) is None

    def test_too_deep(self) -> None:
        """
        A chain of reports deeper than the limit in force.
        """
        text = dumps(_rich_ledger())

        with depth_limit(1):
            assert _agrees(text) is None
            with pytest.raises(ProvenanceError, match="too deep"):
                loads(text)
        assert _agrees(text) is not None

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "{}",
            "[]",
            '{"channels":{}}',
            _EMPTY,
            _EMPTY.replace('"version":2', '"version":1'),
            f"{_EMPTY}x",
            _EMPTY.replace("}", "} "),
            b"\xff",
        ],
    )
    def test_envelopes(self, text: str | bytes) -> None:
        """
        Empty and broken envelopes: the same outcome either way.
        """
        _agrees(text)


# Texts and keys as a document may hold them: valid ones, and the cases the
# claim's converters change or its validators refuse.
_AWKWARD = st.sampled_from(
    [
        "",
        " ",
        "\t\n",
        "\x01\x7f",
        "\u200b",
        " \u200b",
        "\u0301",
        "\u2800",
        "e\u0301",
        "Cafe\u0301",
        "caf\u00e9",
        "x\ud800",
        "\ud800",
        "\u00a0",
        "\u3000a",
        "-troops",
        "troops",
        "a.b:c_d-e",
        "\u0661",
    ]
)
_TEXTS = _AWKWARD | names() | st.text(max_size=6)
_KEYS = st.none() | _AWKWARD | st.from_regex(r"[A-Za-z0-9._:-]{0,6}", fullmatch=True)
_PARTIES = st.frozensets(
    st.sampled_from(
        [
            Source(name="Alpha", kind=SourceKind.PERSON),
            Source(name="Beta", kind=SourceKind.GOVERNMENT),
            Source(name="Gamma", kind=SourceKind.MEDIA_OUTLET),
        ]
    ),
    max_size=2,
)


_T = TypeVar("_T")


def _built(build: Callable[[], _T]) -> _T | tuple[type, str, str]:
    try:
        return build()
    except ProvenanceError as exc:
        return (type(exc), str(exc), getattr(exc, "path", ""))


class TestTrustedClaims:
    @given(
        _TEXTS,
        _KEYS | st.integers(0, 3),
        _PARTIES,
        _PARTIES,
        st.none() | time_spans(),
        st.none() | quantities(),
    )
    def test_as_the_constructor_builds(  # noqa: PLR0917
        self,
        text: Any,
        key: Any,
        about: frozenset[Source],
        favours: frozenset[Source],
        occurred: TimeSpan | None,
        quantity: Quantity | None,
    ) -> None:
        """
        The fast reader's claim constructor builds the claim `Claim` builds
        (equal, hashing alike, with the same text, id and repr), or raises
        its error (class, message and path).
        """
        public = _built(
            lambda: Claim(
                text=text,
                about=about,
                favours=favours,
                occurred=occurred,
                quantity=quantity,
                key=key,
            )
        )
        trusted = _built(
            lambda: _loaded_claim(text, about, favours, occurred, quantity, key)
        )

        assert trusted == public
        if isinstance(public, Claim):
            assert isinstance(trusted, Claim)
            assert hash(trusted) == hash(public)
            assert claim_text(trusted) == claim_text(public)
            assert trusted.id == public.id
            assert repr(trusted) == repr(public)
            assert type(trusted.text) is str

    @given(
        st.integers()
        | st.sampled_from([2**1023, -(2**1023), 2**1024 - 1, 2**1024, 10**400])
        | st.floats()
        | st.sampled_from([True, "1", None]),
        _TEXTS,
        st.sampled_from(Bound),
        st.none() | _TEXTS,
    )
    def test_quantities_as_the_constructor_builds(
        self, value: Any, unit: Any, bound: Bound, subject: Any
    ) -> None:
        """
        The fast reader's quantity constructor builds the quantity
        `Quantity` builds (equal, with the same types and canonical text),
        or raises its error.
        """
        public = _built(
            lambda: Quantity(value=value, unit=unit, bound=bound, subject=subject)
        )
        trusted = _built(lambda: _loaded_quantity(value, unit, bound, subject))

        assert trusted == public
        if isinstance(public, Quantity):
            assert isinstance(trusted, Quantity)
            assert type(trusted.value) is type(public.value)
            assert quantity_text(trusted) == quantity_text(public)
            assert repr(trusted) == repr(public)
            assert hash(trusted) == hash(public)

    @given(_TEXTS)
    def test_kept_text(self, text: str) -> None:
        """
        The quick test of a text read: kept only if the converter keeps it
        and the validator accepts it; for ASCII, exactly then.
        """
        try:
            Claim(text=text)
        except ProvenanceError:
            accepted = False
        else:
            accepted = True

        if kept_text(text):
            assert accepted
            assert to_text(text) == text
        elif text.isascii():
            assert not accepted
