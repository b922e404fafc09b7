"""
Where records were said or published: ``Statement.url`` and ``Report.url``,
their checks, their place in ids, documents (format version 2, version 1
still read), the JSON Schema, PROV and the strategies.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import json
import pickle
import warnings

from pathlib import Path
from typing import Any

import attrs
import pytest

from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from provenance import _identity
from provenance.claims import Claim
from provenance.errors import (
    DocumentError,
    IntegrityError,
    InvalidValueError,
    UnsupportedVersionError,
    path_key,
)
from provenance.ledger import Ledger
from provenance.records import Report, Statement, _rebuild_chain, depth_limit
from provenance.serialize import VERSION, dumps, loads, schema, validate
from provenance.sources import Source, SourceKind
from provenance.stances import Stance
from provenance.testing import ledgers, reports, statements


class _Url(str):
    __slots__ = ()


def _short(value: object) -> str:
    # An object's repr holds its address: the same id in every process.
    return type(value).__name__ if type(value) is object else repr(value)[:40]


DOCUMENTS = Path(__file__).parent / "documents"
V1 = DOCUMENTS / "v1.json"
V2 = DOCUMENTS / "v2.json"

NIS = Source(name="NIS", kind=SourceKind.AGENCY)
OUTLET = Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET)
TROOPS = Claim(text="North Korea sent troops to Russia", key="troops")
DAY = dt.date(2024, 10, 18)
SAID = Statement(source=NIS, claim=TROOPS, stance=Stance.from_verb("said"), made_on=DAY)
BRIEFED = attrs.evolve(SAID, url="https://www.nis.go.kr/브리핑/2024-10-18?lang=ko")
PRINTED = Report(
    reporter=OUTLET,
    content=BRIEFED,
    made_on=DAY,
    made_at=dt.time(14, 5),
    url="https://en.yna.co.kr/view/AEN20241018000351315",
)
REPRINTED = Report(reporter=OUTLET, content=PRINTED, made_on=dt.date(2024, 10, 19))


def v2_ledger() -> Ledger:
    """
    The ledger of the version 2 fixture: records with and without a url.
    """
    return Ledger.of([REPRINTED, SAID])


def document(ledger: Ledger) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(dumps(ledger))
    return result


def record_of(doc: dict[str, Any], record: Statement | Report) -> dict[str, Any]:
    result: dict[str, Any] = doc["records"][record.id]
    return result


def refused(doc: dict[str, Any]) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        loads(json.dumps(doc))
    return info.value


VALID = [
    "http://example.org",
    "https://example.org/",
    "https://example.org:8443/a/b?c=d&e=f#g",
    "http://127.0.0.1/x",
    "https://[2001:db8::1]:8080/",
    "https://user@example.org/",
    "https://例え.jp/パス?q=한국",
    "https://example.org/a%20b%2Fc",
    "https://example.org/(1);x=y,z*~!$'+@:",
    "https://example.org/" + "a" * 2028,  # 2,048 characters.
]

INVALID = [
    "javascript:alert(1)",
    "JavaScript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "ftp://example.org/",
    "mailto:someone@example.org",
    "//example.org/protocol-relative",
    "/relative/path",
    "example.org",
    "HTTPS://EXAMPLE.ORG/",
    "https:example.org",
    "https://",
    "https:///path",
    "http://:80/",
    "http://@/",
    "https://exa mple.org/",
    " https://example.org/",
    "https://example.org/ ",
    "https://example.org/\n",
    "https://example.org/\r\nSet-Cookie: x",
    "https://example.org/\t",
    "https://example.org/\x00",
    "https://example.org/\x1b[2J",
    "https://example.org/\x7f",
    "https://example.org/\x85",
    "https://example.org/\u00a0",
    "https://example.org/\u2028",
    "https://example.org/\u3000",
    "https://example.org/\u202egnp.exe",
    "https://example.org/\u200b",
    "https://example.org/\ufeff",
    "https://example.org/\ue000",
    "https://example.org/\ud800",
    '"https://example.org/"',
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>",
    "https://example.org/a\\b",
    "https://example.org/{x}",
    "https://example.org/a|b",
    "https://example.org/a^b",
    "https://example.org/a`b",
    "https://example.org/%",
    "https://example.org/%zz",
    "https://example.org/%2",
    "https://example.org:99999/",
    "https://example.org:port/",
    "https://[::1/",
    "https://example.org/" + "a" * 2029,  # 2,049 characters.
    "https://example.org/" + "a" * 1_000_000,
    "",
]

NOT_TEXT = [1, 1.5, True, b"https://example.org/", ["https://example.org/"], object()]


class TestValidation:
    @pytest.mark.parametrize("url", VALID)
    def test_valid(self, url: str) -> None:
        """
        Absolute http and https URLs with a host are taken as they are.
        """
        statement = attrs.evolve(SAID, url=url)
        report = Report(reporter=OUTLET, content=SAID, made_on=DAY, url=url)

        assert (url, url) == (statement.url, report.url)

    @pytest.mark.parametrize("url", INVALID + NOT_TEXT, ids=_short)
    def test_invalid_statement(self, url: Any) -> None:
        """
        Anything else is refused, at Statement.url.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(SAID, url=url)

        assert "Statement.url" == info.value.path
        assert len(str(info.value)) < 300

    @pytest.mark.parametrize("url", INVALID + NOT_TEXT, ids=_short)
    def test_invalid_report(self, url: Any) -> None:
        """
        Anything else is refused, at Report.url.
        """
        with pytest.raises(InvalidValueError) as info:
            Report(reporter=OUTLET, content=SAID, made_on=DAY, url=url)

        assert "Report.url" == info.value.path

    @pytest.mark.parametrize(
        ("url", "words"),
        [
            ("javascript:alert(1)", "absolute http or https URL"),
            ("https://a.org/ b", "percent-encode"),
            ("https://a.org/" + "a" * 3000, "at most 2048"),
            ("https:///a", "host"),
            ("https://a.org:x/", "host and port"),
            ("https://a.org/%", "'%25'"),
            (1, "must be a string"),
        ],
    )
    def test_messages(self, url: Any, words: str) -> None:
        """
        The message says what is wrong.
        """
        with pytest.raises(InvalidValueError, match=words):
            attrs.evolve(SAID, url=url)

    def test_normal_form(self) -> None:
        """
        A URL is kept in Unicode normal form NFC, as a plain str, like
        every text: the decomposed spelling is the same record.
        """

        class Text(str):
            __slots__ = ()

        composed = attrs.evolve(SAID, url="https://example.org/caf\u00e9")
        decomposed = attrs.evolve(SAID, url=Text("https://example.org/cafe\u0301"))

        assert composed == decomposed
        assert composed.id == decomposed.id
        assert type(decomposed.url) is str


class TestIdentity:
    def test_default_none(self) -> None:
        """
        Records have no URL unless given one.
        """
        assert (None, None) == (SAID.url, REPRINTED.url)

    def test_id_unchanged_without_url(self) -> None:
        """
        A record without a URL has the text, and so the id, it had before
        records had URLs.
        """
        statement_text = _identity.statement_text(SAID)
        report_text = _identity.report_text(REPRINTED)

        assert "url" not in statement_text
        assert "url" not in report_text
        assert "url" not in _identity.statement_node(SAID)
        assert SAID.id == attrs.evolve(BRIEFED, url=None).id

    def test_v1_ids_unchanged(self) -> None:
        """
        Every record of the version 1 fixture keeps the id it was written
        under.
        """
        written = json.loads(V1.read_text("utf-8"))
        ledger = loads(V1.read_text("utf-8"))

        assert set(written["records"]) == {record.id for record in ledger.reached}
        assert all(record.url is None for record in ledger.reached)

    def test_id_changes_with_url(self) -> None:
        """
        A URL is part of the content: setting it, or changing it, changes
        the id, of the record and of every report relaying it.
        """
        other = attrs.evolve(BRIEFED, url="https://www.nis.go.kr/other")
        relayed = Report(reporter=OUTLET, content=SAID, made_on=DAY)
        relayed_briefed = attrs.evolve(relayed, content=BRIEFED)
        published = attrs.evolve(relayed, url="https://en.yna.co.kr/x")

        assert len({SAID.id, BRIEFED.id, other.id}) == 3
        assert len({relayed.id, relayed_briefed.id, published.id}) == 3
        assert SAID != BRIEFED
        assert relayed != published
        assert hash(relayed) != hash(published)

    def test_canonical_text(self) -> None:
        """
        The fast texts write "url" last, as json.dumps sorts it.
        """
        for record in (BRIEFED, PRINTED):
            if isinstance(record, Statement):
                node = _identity.statement_node(record)
                text = _identity.statement_text(record)
            else:
                node = _identity.report_node(record)
                text = _identity.report_text(record)

            assert _identity.dumps_canonical(node) == text
            assert text.endswith(
                f',"url":{json.dumps(record.url, ensure_ascii=False)}}}'
            )

    def test_repr(self) -> None:
        """
        The repr of a record shows its URL.
        """
        assert f"url={PRINTED.url!r}" in repr(REPRINTED)
        assert f"url={BRIEFED.url!r}" in repr(BRIEFED)

    def test_pickle(self) -> None:
        """
        URLs survive pickling and copying, in chains of any depth.
        """
        node = PRINTED
        with depth_limit(1300):
            for depth in range(1, 1201):
                url = f"https://example.org/{depth}" if depth % 3 else None
                node = Report(reporter=OUTLET, content=node, made_on=DAY, url=url)

        for copied in (pickle.loads(pickle.dumps(node)), copy.deepcopy(node)):  # noqa: S301  # our own pickle
            assert node == copied
            assert [r.url for r in node.chain()] == [r.url for r in copied.chain()]
            assert node.id == copied.id

    def test_old_pickled_links(self) -> None:
        """
        Links pickled before reports had a URL (four fields) still rebuild.
        """
        rebuilt = _rebuild_chain(SAID, ((OUTLET, None, DAY, None),))

        assert Report(reporter=OUTLET, content=SAID, made_on=DAY) == rebuilt

    @pytest.mark.parametrize(
        "link",
        [
            (OUTLET, None, DAY, None, "javascript:x"),
            (OUTLET, None, DAY, None, 5),
            (OUTLET, None, DAY, None, _Url("https://example.org/")),
            (OUTLET, None, DAY),
            [OUTLET, None, DAY, None],
        ],
        ids=_short,
    )
    def test_bad_pickled_links(self, link: Any) -> None:
        """
        A pickled link with a bad URL, or of the wrong shape, is refused.
        """
        with pytest.raises(InvalidValueError):
            _rebuild_chain(SAID, (link,))


class TestDocument:
    def test_version(self) -> None:
        """
        Documents are written as version 2.
        """
        assert 2 == VERSION
        assert 2 == document(v2_ledger())["version"]

    def test_written_only_when_set(self) -> None:
        """
        "url" is written for records that have one, and only for them.
        """
        doc = document(v2_ledger())

        assert BRIEFED.url == record_of(doc, BRIEFED)["url"]
        assert PRINTED.url == record_of(doc, PRINTED)["url"]
        assert "url" not in record_of(doc, SAID)
        assert "url" not in record_of(doc, REPRINTED)

    def test_round_trip(self) -> None:
        """
        Records with URLs read back equal, from either layout, verified or
        not, and write the same text again.
        """
        ledger = v2_ledger()
        text = dumps(ledger)

        assert ledger == loads(text)
        assert ledger == loads(dumps(ledger, indent=2))
        assert ledger == loads(text, verify=False)
        assert text == dumps(loads(text))

    @given(ledgers())
    def test_round_trip_any(self, ledger: Ledger) -> None:
        """
        Any ledger, URLs and all, reads back equal.
        """
        assert ledger == loads(dumps(ledger))

    def test_fixture(self) -> None:
        """
        The version 2 fixture loads to the expected ledger and is what
        dumps() writes for it.
        """
        text = V2.read_text("utf-8")

        assert v2_ledger() == loads(text)
        assert text == dumps(v2_ledger(), indent=2) + "\n"

    def test_v1_documents_load_under_v2(self) -> None:
        """
        The golden version 1 document loads under the version 2 code, with
        every id as written, and is written back as the same document but
        for its version number.
        """
        text = V1.read_text("utf-8")
        written = json.loads(text)

        ledger = loads(text)

        assert 1 == written["version"]
        assert written["entries"] == sorted(record.id for record in ledger)
        assert set(written["records"]) == {record.id for record in ledger.reached}
        assert {**written, "version": 2} == document(ledger)
        assert text.replace('\n  "version": 1\n', '\n  "version": 2\n') == (
            dumps(ledger, indent=2) + "\n"
        )
        assert () == validate(text)

    def test_v1_documents_have_no_url(self) -> None:
        """
        A version 1 document with a record's url was written by no release
        of version 1: it is refused, naming the record, as that release
        refused the member.
        """
        written = copy.deepcopy(document(v2_ledger()))
        ref = next(key for key, record in written["records"].items() if "url" in record)
        written["version"] = 1

        with pytest.raises(
            DocumentError, match="version 1 document has no url"
        ) as info:
            loads(json.dumps(written))
        assert info.value.path == f"$.records{path_key(ref)}.url"
        assert validate(json.dumps(written))

    def test_v1_compact_documents_load(self) -> None:
        """
        A version 1 document in the compact layout loads too.
        """
        written = json.loads(V1.read_text("utf-8"))

        ledger = loads(json.dumps(written, separators=(",", ":")))

        assert {**written, "version": 2} == document(ledger)

    @pytest.mark.parametrize("version", [3, 99])
    def test_newer_versions_refused(self, version: int) -> None:
        """
        A document newer than version 2 is refused at $.version.
        """
        doc = {**document(v2_ledger()), "version": version}

        error = refused(doc)

        assert isinstance(error, UnsupportedVersionError)
        assert "$.version" == error.path
        assert "versions 1 to 2" in error.msg

    @pytest.mark.parametrize(
        "url",
        [
            None,
            "",
            5,
            ["https://example.org/"],
            "javascript:alert(1)",
            "https://a.org/ b",
            "https://a.org/\x00",
            "https://a.org/" + "a" * 3000,
            "https://example.org/cafe\u0301",
        ],
        ids=_short,
    )
    @pytest.mark.parametrize("record", [BRIEFED, PRINTED], ids=["statement", "report"])
    def test_bad_url_in_document(self, url: Any, record: Statement | Report) -> None:
        """
        A malformed url (null, not a string, not an http or https URL, not
        in NFC) is refused at its JSON path, and validate() reports it there.
        """
        doc = document(v2_ledger())
        record_of(doc, record)["url"] = url
        path = f"$.records['{record.id}'].url"

        error = refused(doc)
        problems = validate(json.dumps(doc))

        assert path == error.path
        assert [path] == [problem.path for problem in problems]

    def test_url_added_to_plain_record(self) -> None:
        """
        A url added to a record written without one breaks its id.
        """
        doc = document(v2_ledger())
        record_of(doc, SAID)["url"] = "https://example.org/"

        assert isinstance(refused(doc), IntegrityError)

    @pytest.mark.parametrize("record", [BRIEFED, PRINTED], ids=["statement", "report"])
    def test_tampered_url(self, record: Statement | Report) -> None:
        """
        A URL altered after writing no longer matches its record's id.
        """
        doc = document(v2_ledger())
        record_of(doc, record)["url"] = "https://evil.example/"

        error = refused(doc)

        assert isinstance(error, IntegrityError)
        assert f"$.records['{record.id}']" == error.path
        assert ledger_loads_unverified(doc)

    def test_every_bad_url_reported(self) -> None:
        """
        validate() reports every bad URL, each at its own path.
        """
        doc = document(v2_ledger())
        record_of(doc, BRIEFED)["url"] = "javascript:x"
        record_of(doc, PRINTED)["url"] = None

        paths = {problem.path for problem in validate(json.dumps(doc))}

        assert {
            f"$.records['{BRIEFED.id}'].url",
            f"$.records['{PRINTED.id}'].url",
        } <= paths

    def test_extra_keys_still_refused(self) -> None:
        """
        Optional members beside url keep their rules.
        """
        doc = document(v2_ledger())
        record_of(doc, PRINTED)["credibility"] = 2

        assert "credibility" in refused(doc).msg


def ledger_loads_unverified(doc: dict[str, Any]) -> bool:
    return any(
        record.url == "https://evil.example/"
        for record in loads(json.dumps(doc), verify=False).reached
    )


jsonschema_missing = importlib.util.find_spec("jsonschema") is None


@pytest.mark.skipif(jsonschema_missing, reason="jsonschema is not installed")
class TestSchema:
    def errors(self, doc: Any) -> list[str]:
        import jsonschema  # Optional: in the test group.

        validator = jsonschema.Draft202012Validator(schema())
        return [error.message for error in validator.iter_errors(doc)]

    def test_versions(self) -> None:
        """
        The schema takes version 2, which this release writes, and version
        1, which it reads.
        """
        assert [1, 2] == schema()["properties"]["version"]["enum"]
        assert "version 2" in schema()["title"]

    def test_documents_with_urls(self) -> None:
        """
        Version 2 documents with URLs, and the version 1 fixture, are valid.
        """
        assert [] == self.errors(document(v2_ledger()))
        assert [] == self.errors(json.loads(V2.read_text("utf-8")))
        assert [] == self.errors(json.loads(V1.read_text("utf-8")))

    @given(ledgers())
    def test_any_written(self, ledger: Ledger) -> None:
        """
        Every written document is valid, URLs and all.
        """
        assert [] == self.errors(document(ledger))

    @pytest.mark.parametrize(
        "url",
        [
            None,
            "",
            5,
            "javascript:alert(1)",
            "ftp://example.org/",
            "https://a.org/ b",
            "https://a.org/\n",
            'https://a.org/"',
            "https://a.org/" + "a" * 3000,
        ],
        ids=_short,
    )
    @pytest.mark.parametrize("record", [BRIEFED, PRINTED], ids=["statement", "report"])
    def test_bad_urls(self, url: Any, record: Statement | Report) -> None:
        """
        The schema refuses malformed URLs, as loads() does.
        """
        doc = document(v2_ledger())
        record_of(doc, record)["url"] = url

        assert [] != self.errors(doc)
        with pytest.raises(DocumentError):
            loads(json.dumps(doc))


prov_missing = importlib.util.find_spec("prov") is None
RDF = importlib.util.find_spec("rdflib") is not None
FORMATS = ("json", "provn", "xml", *(("rdf",) if RDF else ()))


@pytest.mark.skipif(prov_missing, reason="the 'prov' extra is not installed")
class TestProv:
    def through(self, ledger: Ledger, fmt: str) -> Ledger:
        from prov.model import ProvDocument  # Optional extra.

        from provenance.interop.prov import from_prov, to_prov

        extra = {"rdf_format": "turtle"} if fmt == "rdf" else {}
        with warnings.catch_warnings():
            # rdflib 7 warns about its own API, as prov's RDF serialiser uses it.
            warnings.simplefilter("ignore", DeprecationWarning)
            text = to_prov(ledger).serialize(format=fmt, **extra)
            return from_prov(
                ProvDocument.deserialize(content=text, format=fmt, **extra)
            )

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_round_trip(self, fmt: str) -> None:
        """
        URLs survive every PROV serialisation; records without one stay
        without.
        """
        ledger = v2_ledger()

        loaded = self.through(ledger, fmt)

        assert ledger == loaded
        assert {None, BRIEFED.url, PRINTED.url} == {r.url for r in loaded.reached}

    def test_mapping(self) -> None:
        """
        A URL is pv:url, an xsd:anyURI, on the statement's activity and on
        the report's entity.
        """
        from provenance.interop.prov import to_prov

        provn = to_prov(v2_ledger()).get_provn()

        assert f'pv:url="{BRIEFED.url}" %% xsd:anyURI' in provn
        assert f'pv:url="{PRINTED.url}" %% xsd:anyURI' in provn
        assert provn.count("pv:url=") == 2

    @pytest.mark.parametrize(
        ("written", "read"),
        [
            (f'pv:url="{PRINTED.url}" %% xsd:anyURI', f'pv:url="{PRINTED.url}"'),
            (
                f'pv:url="{PRINTED.url}" %% xsd:anyURI',
                f'pv:url="{PRINTED.url}" %% xsd:string',
            ),
        ],
    )
    def test_plain_text_read(self, written: str, read: str) -> None:
        """
        A pv:url written as plain text reads as the same URL.
        """
        from prov.model import ProvDocument

        from provenance.interop.prov import from_prov, to_prov

        provn = to_prov(v2_ledger()).get_provn().replace(written, read)

        loaded = from_prov(ProvDocument.deserialize(content=provn, format="provn"))

        assert v2_ledger() == loaded

    @pytest.mark.parametrize(
        "value",
        ['"javascript:alert(1)" %% xsd:anyURI', '"https://a.org/ b"', "42", "'pv:x'"],
    )
    def test_malformed(self, value: str) -> None:
        """
        A pv:url that is no http or https URL is refused at its record.
        """
        from prov.model import ProvDocument

        from provenance.interop.prov import from_prov, to_prov

        provn = to_prov(v2_ledger()).get_provn()
        provn = provn.replace(
            f'pv:url="{PRINTED.url}" %% xsd:anyURI', f"pv:url={value}"
        )

        with pytest.raises(DocumentError) as info:
            from_prov(ProvDocument.deserialize(content=provn, format="provn"))

        assert info.value.path.startswith("prov:pv:report-")


class TestStrategies:
    def test_statements_sometimes_have_urls(self) -> None:
        """
        statements() and reports() draw records with URLs (and shrink to
        none: tests/test_testing.py, marked slow).
        """
        # Found, not shrunk: shrinking a record with a URL to the simplest
        # one took over a minute on a fresh example database.
        found = settings(database=None, phases=[Phase.generate], max_examples=1000)
        with_url = find(statements(), lambda s: s.url is not None, settings=found)
        relayed = find(reports(), lambda r: r.url is not None, settings=found)

        assert with_url.url is not None
        assert relayed.url is not None

    @given(statements(urls=st.none()), reports(urls=st.none()))
    def test_no_urls(self, statement: Statement, report: Report) -> None:
        """
        urls=st.none() draws records without URLs.
        """
        assert (None, None) == (statement.url, report.url)

    @given(statements(urls=st.just("https://example.org/x")))
    def test_given_urls(self, statement: Statement) -> None:
        """
        The urls strategy gives the URLs drawn.
        """
        assert "https://example.org/x" == statement.url
