"""
The fast paths (canonical texts written directly, the bulk shape check and
trusted construction in the loader, the float engine of assess) agree with the
straightforward code they stand in for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json

from typing import Any

import cattrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import _identity
from provenance.assessment import assess_all
from provenance.claims import Claim
from provenance.errors import ProvenanceError
from provenance.ledger import Ledger
from provenance.opinion import Discounting, Opinion, _clamped, _trusted
from provenance.policy import DEFAULT_POLICY
from provenance.records import (
    Report,
    Statement,
    _loaded_report,
    _loaded_statement,
    _trusted_report,
    _trusted_statement,
)
from provenance.serialize import (
    _Days,
    _Document,
    _document,
    _plain,
    _Resolver,
    _shapes_ok,
    converter,
    dumps,
    loads,
)
from provenance.sources import Channel, Source, SourceKind
from provenance.stances import CT_PLUS, Stance
from provenance.testing import (
    channels,
    claims,
    ledgers,
    opinions,
    records,
    sources,
    stances,
)


def canonical(node: Any) -> str:
    return json.dumps(node, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class TestCanonicalTexts:
    @given(sources())
    def test_source(self, source: Source) -> None:
        """
        A source's text is json.dumps of its node.
        """
        assert canonical(_identity.source_node(source)) == _identity.source_text(source)

    @given(channels())
    def test_channel(self, channel: Channel) -> None:
        """
        A channel's text is json.dumps of its node.
        """
        assert canonical(_identity.channel_node(channel)) == _identity.channel_text(
            channel
        )

    @given(claims())
    def test_claim(self, claim: Claim) -> None:
        """
        A claim's text is json.dumps of its node.
        """
        assert canonical(_identity.claim_node(claim)) == _identity.claim_text(claim)

    @given(stances())
    def test_stance(self, stance: Stance) -> None:
        """
        A stance's text is json.dumps of its node, hearsay or not.
        """
        assert canonical(_identity.stance_node(stance)) == _identity.stance_text(stance)

    @pytest.mark.parametrize("hearsay", [False, True])
    def test_stance_hearsay_key(self, hearsay: bool) -> None:
        """
        The "hearsay" key is written only when true, so that the ids of
        stances in a source's own voice are those written before it existed.
        """
        stance = Stance.of("CT+", "is said to", hearsay=hearsay)

        assert hearsay == ("hearsay" in _identity.stance_node(stance))
        assert hearsay == ('"hearsay":true' in _identity.stance_text(stance))

    @given(records())
    def test_record(self, record: Statement | Report) -> None:
        """
        A record's text is json.dumps of its node.
        """
        if isinstance(record, Statement):
            node, text = (
                _identity.statement_node(record),
                _identity.statement_text(record),
            )
        else:
            node, text = _identity.report_node(record), _identity.report_text(record)

        assert canonical(node) == text

    @given(ledgers())
    def test_compact_document(self, ledger: Ledger) -> None:
        """
        The compact document is json.dumps of the document's nodes.
        """
        assert canonical(_document(ledger)) == dumps(ledger)


class TestTrusted:
    @given(records())
    def test_records_equal_constructed(self, record: Statement | Report) -> None:
        """
        Records built through the trusted path equal, and hash like, records
        built through __init__.
        """
        if isinstance(record, Statement):
            built: Statement | Report = _trusted_statement(
                record.source,
                record.claim,
                record.stance,
                record.channel,
                record.made_on,
                record.made_at,
                record.credibility,
                record.url,
            )
        else:
            built = _trusted_report(
                record.reporter,
                record.content,
                record.channel,
                record.made_on,
                record.made_at,
                record.url,
            )

        assert record == built
        assert hash(record) == hash(built)
        assert record.id == built.id
        assert repr(record) == repr(built)

    @given(records())
    def test_loaded_records_equal_constructed(self, record: Statement | Report) -> None:
        """
        Records built as the fast reader builds them (the id and the parts'
        ids given) equal, and hash like, records built through __init__.
        """
        channel_id = None if record.channel is None else record.channel.id
        if isinstance(record, Statement):
            built: Statement | Report = _loaded_statement(
                record.id,
                record.source,
                record.claim,
                record.stance,
                record.channel,
                record.made_on,
                record.made_at,
                record.credibility,
                record.url,
                record.source.id,
                record.claim.id,
                _identity.stance_text(record.stance),
                channel_id,
            )
        else:
            built = _loaded_report(
                record.id,
                record.reporter,
                record.content,
                record.channel,
                record.made_on,
                record.made_at,
                record.url,
                record.reporter.id,
                channel_id,
            )

        assert record == built
        assert hash(record) == hash(built)
        assert record.id == built.id
        assert built.id == _identity.text_id(
            _identity.statement_text(built)
            if isinstance(built, Statement)
            else _identity.report_text(built)
        )
        assert repr(record) == repr(built)

    @given(opinions())
    def test_opinion_equals_constructed(self, opinion: Opinion) -> None:
        """
        A trusted opinion from clamped parts equals the validated one.
        """
        parts = _clamped(
            opinion.belief, opinion.disbelief, opinion.uncertainty, opinion.base_rate
        )

        assert Opinion(*parts) == _trusted(*parts)


class TestLoader:
    @given(ledgers())
    def test_same_as_converter(self, ledger: Ledger) -> None:
        """
        Resolving the plain document and the converter's structured one give
        the same ledger.
        """
        raw = json.loads(dumps(ledger))
        days = _Days()
        assert _shapes_ok(raw, days)
        plain = _plain(converter.structure(json.loads(dumps(ledger)), _Document))

        fast = _Resolver(raw, verify=True, days=days).ledger()
        slow = _Resolver(plain, verify=True, days=_Days()).ledger()

        assert ledger == fast == slow

    @given(ledgers(), st.data())
    def test_shape_check_never_laxer(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        Whatever the bulk shape check accepts, the converter accepts too.
        """
        doc = json.loads(dumps(ledger))
        table = data.draw(st.sampled_from(["sources", "channels", "claims", "records"]))
        if doc[table]:
            key = data.draw(st.sampled_from(sorted(doc[table])))
            node = doc[table][key]
            field = data.draw(st.sampled_from(sorted(node)))
            node[field] = data.draw(
                st.none()
                | st.booleans()
                | st.integers()
                | st.floats()
                | st.text(max_size=12)
                | st.lists(st.text(max_size=3), max_size=2)
                | st.sampled_from(
                    ["https://example.org/", "javascript:x", "https://a b", "http://"]
                )
                | st.just({"value": "CT+", "act": "said", "retraction": False})
                | st.just(
                    {
                        "value": "CT+",
                        "act": "is said to",
                        "retraction": False,
                        "hearsay": True,
                    }
                )
                | st.just(
                    {"value": "CT+", "act": "x", "retraction": False, "hearsay": False}
                )
                | st.just(
                    {"value": "Uu", "act": "x", "retraction": False, "hearsay": 1}
                )
            )
        if _shapes_ok(doc, _Days()):
            converter.structure(doc, _Document)
        else:
            with contextlib.suppress(cattrs.BaseValidationError, ProvenanceError):
                converter.structure(doc, _Document)

    def test_gc_restored(self) -> None:
        """
        loads() restores the garbage collector, also when it fails.
        """
        import gc

        with contextlib.suppress(ProvenanceError):
            loads("{}")

        assert gc.isenabled()


class TestEngine:
    @given(ledgers())
    def test_classic_discounting(self, ledger: Ledger) -> None:
        """
        The engine also assesses with the classic discounting operator, from
        lines: the opinion is the fusion of the groups the lines make.
        """
        policy = DEFAULT_POLICY.__class__(discounting=Discounting.UNCERTAINTY_FAVOURING)
        for assessment in assess_all(ledger, policy=policy).values():
            assert len(assessment.groups) <= len(assessment.lines)

    @given(ledgers())
    def test_numbers_match_lines(self, ledger: Ledger) -> None:
        """
        The numbers equal what the explanation's independent lines of
        reporting fuse to, to the bit, when no ceiling applies.
        """
        for assessment in assess_all(ledger).values():
            if assessment.notes:
                continue
            units = [u.opinion for u in assessment.units if not u.opinion.is_vacuous]
            if len(units) > 1:
                expected = DEFAULT_POLICY.across_groups.fuse(*units)
            elif units:
                expected = units[0]
            else:
                expected = Opinion.vacuous(DEFAULT_POLICY.base_rate)
            assert expected == assessment.opinion

    def test_day_cache_shares_dates(self) -> None:
        """
        Loaded records share one date object per day.
        """
        days = _Days()

        assert days["2024-01-02"] is days["2024-01-02"] == dt.date(2024, 1, 2)


class TestAddedFields:
    def test_texts_with_added_fields(self) -> None:
        """
        The direct texts of timed records and favouring claims are json.dumps
        of their nodes.
        """
        accused = Source(name="a", kind=SourceKind.GOVERNMENT)
        helped = Source(name="b", kind=SourceKind.GOVERNMENT)
        speaker = Source(name="c", kind=SourceKind.UNNAMED_PERSON)
        claim = Claim(text="t", about=[accused], favours=[helped])
        statement = Statement(
            source=speaker,
            claim=claim,
            stance=CT_PLUS,
            made_on=dt.date(2024, 1, 2),
            made_at=dt.time(23, 59, 59),
            credibility=4,
        )
        report = Report(
            reporter=speaker,
            content=statement,
            made_on=dt.date(2024, 1, 3),
            made_at=dt.time(0, 0),
        )

        assert canonical(_identity.claim_node(claim)) == _identity.claim_text(claim)
        assert canonical(_identity.statement_node(statement)) == (
            _identity.statement_text(statement)
        )
        assert canonical(_identity.report_node(report)) == (
            _identity.report_text(report)
        )
        ledger = Ledger.of([report])
        assert canonical(_document(ledger)) == dumps(ledger)
        assert ledger == loads(dumps(ledger))

    def test_shape_check_refuses_what_converter_refuses(self) -> None:
        """
        null, empty and malformed added members fail the bulk check, and the
        converter refuses them too.
        """
        accused = Source(name="a", kind=SourceKind.GOVERNMENT)
        claim = Claim(text="t", favours=[Source(name="b", kind=SourceKind.GOVERNMENT)])
        statement = Statement(
            source=accused,
            claim=claim,
            stance=CT_PLUS,
            made_on=dt.date(2024, 1, 2),
            made_at=dt.time(9, 30),
            credibility=1,
        )
        text = dumps(Ledger.of([statement]))
        changes = [
            ("claims", claim.id, "favours", None),
            ("claims", claim.id, "favours", []),
            ("claims", claim.id, "favours", [1]),
            ("records", statement.id, "made_at", None),
            ("records", statement.id, "made_at", "9:30"),
            ("records", statement.id, "made_at", "09:30Z"),
            ("records", statement.id, "credibility", None),
            ("records", statement.id, "credibility", 0),
            ("records", statement.id, "credibility", 7),
            ("records", statement.id, "credibility", 2.0),
            ("records", statement.id, "credibility", True),
            ("records", statement.id, "credibility", "2"),
        ]
        raw = json.loads(text)
        assert _shapes_ok(raw, _Days())
        for table, key, field, value in changes:
            doc = json.loads(text)
            doc[table][key][field] = value

            assert not _shapes_ok(doc, _Days())
            with pytest.raises(cattrs.BaseValidationError):
                converter.structure(doc, _Document)
