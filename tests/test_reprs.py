from __future__ import annotations

import datetime as dt
import html.parser

from importlib import resources

import pytest

import provenance as pv

from provenance import render
from provenance.relations import Exclusive


ARTICLE = pv.loads(
    (resources.files("provenance") / "data" / "article.json").read_bytes()
)
DAY = dt.date(2024, 10, 18)
NIS = pv.Source(name="NIS", kind=pv.SourceKind.AGENCY)
TROOPS = pv.Claim(text="North Korea sent troops", key="troops")
EVIL = pv.Claim(text='<script>alert("x")</script>\x1b[31m\n')


def _said(claim: pv.Claim, verb: str = "said") -> pv.Statement:
    return pv.Statement(
        source=NIS, claim=claim, stance=pv.Stance.from_verb(verb), made_on=DAY
    )


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, _: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def _tags(text: str) -> set[str]:
    parser = _Tags()
    parser.feed(text)
    return parser.tags


class TestLedger:
    def test_short_repr(self) -> None:
        """
        A ledger's repr counts what it holds, in well under a kilobyte.
        """
        ledger = ARTICLE.add(*(_said(pv.Claim(text=f"claim {i}")) for i in range(15)))

        assert len(repr(ledger)) < 200
        assert repr(ledger).startswith("Ledger(<40 records, 40 statements, 33 claims")

    def test_relations_counted(self) -> None:
        """
        Relations show in the count when there are any.
        """
        other = pv.Claim(text="North Korea sent no troops", key="none")
        ledger = pv.Ledger.of(
            [_said(TROOPS), Exclusive(key="sent", claims={TROOPS, other})]
        )

        assert (
            "Ledger(<1 record, 1 statement, 2 claims, 1 source, 1 relation>)"
            == repr(ledger)
        )

    def test_html(self) -> None:
        """
        A ledger in a notebook is a table and its claims, escaped.
        """
        text = pv.Ledger.of([_said(EVIL)])._repr_html_()

        assert {"table", "caption", "tbody", "tr", "th", "td", "ul", "li"} == _tags(
            text
        )
        assert "&lt;script&gt;" in text
        assert "\x1b" not in text


class TestAssessment:
    def test_str(self) -> None:
        """
        str() is the verdict in one line, numbers rounded.
        """
        found = pv.assess(pv.Ledger.of([_said(TROOPS)]), TROOPS)

        assert (
            "North Korea sent troops [troops]: likely (P=0.80), moderate confidence"
            == str(found)
        )

    def test_repr(self) -> None:
        """
        repr() is one short line, whatever the claim.
        """
        long = pv.Claim(text="word " * 1000)
        found = pv.assess(pv.Ledger.of([_said(long), _said(EVIL)]), long)
        evil = pv.assess(pv.Ledger.of([_said(EVIL)]), EVIL)

        assert len(repr(found)) < 200
        assert "\n" not in repr(evil)
        assert "\x1b" not in repr(evil)
        assert repr(evil).startswith("Assessment(<<script>")

    def test_html(self) -> None:
        """
        An assessment in a notebook is a table, escaped.
        """
        text = pv.assess(pv.Ledger.of([_said(EVIL)]), EVIL)._repr_html_()

        assert {"table", "caption", "tbody", "tr", "th", "td"} == _tags(text)
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\\x1b[31m\\n" in text

    def test_attributes_unchanged(self) -> None:
        """
        The reprs leave equality and the attrs fields as they were.
        """
        ledger = pv.Ledger.of([_said(TROOPS)])

        assert pv.assess(ledger, TROOPS) == pv.assess(ledger, TROOPS)


class TestAssessments:
    def test_repr(self) -> None:
        """
        A mapping of assessments counts its claims and its ledger.
        """
        found = pv.assess_all(ARTICLE, as_of=dt.date(2024, 11, 30))

        assert len(repr(found)) < 200
        assert repr(found).startswith("Assessments(<18 claims, from Ledger(<25")
        assert repr(found).endswith("as of 2024-11-30>)")

    def test_html(self) -> None:
        """
        In a notebook, a table of the claims, most probable first.
        """
        found = pv.assess_all(ARTICLE)
        text = found._repr_html_()
        first = render.ranked(found)[0]

        assert "thead" in _tags(text)
        assert text.index(first.claim.text[:30]) < text.index("</tr><tr><td>2<")

    def test_html_long(self) -> None:
        """
        Past twenty claims the table counts the rest.
        """
        ledger = pv.Ledger.of(_said(pv.Claim(text=f"claim {i}")) for i in range(25))

        assert "... and 5 more" in pv.assess_all(ledger)._repr_html_()
        assert "... and 5 more" in ledger._repr_html_()


class TestSetAssessment:
    @pytest.mark.parametrize("exhaustive", [True, False])
    def test_repr_and_html(self, exhaustive: bool) -> None:
        """
        A set's repr lists each hypothesis's probability; its HTML is a
        table.
        """
        other = pv.Claim(text="North Korea sent no troops", key="no-troops")
        sent = Exclusive(key="sent", claims={TROOPS, other}, exhaustive=exhaustive)
        found = pv.assess(pv.Ledger.of([_said(TROOPS), sent]), sent)

        assert repr(found).startswith("SetAssessment(<sent: ")
        assert ("none=" in repr(found)) is not exhaustive
        assert ("none of these" in found._repr_html_()) is not exhaustive
        assert "table" in _tags(found._repr_html_())
