"""
Every output of a ledger cut with ``--known-on`` (a store as it was at the
end of a day) states the cut, as ``--as-of`` is stated: "known on DAY", and
"known on DAY and as of DAY" with both. The renderers take *known_on* for it.
"""

from __future__ import annotations

import datetime as dt
import json

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import provenance as pv

from provenance import render
from provenance.cli import main
from provenance.errors import InvalidValueError
from provenance.explain import explain
from provenance.policy_document import dump_policy
from provenance.store import Store


K = pv.SourceKind
SAID = pv.Stance.from_verb("said")
AIDES = pv.Source(name="aides", kind=K.ANONYMOUS_GROUP)
KOSS = pv.Source(name="Lena Koss", kind=K.PERSON)
CLAIM = pv.Claim(text="Koss resigns", key="resign")
MONDAY = pv.Statement(
    source=AIDES, claim=CLAIM, stance=SAID, made_on=dt.date(2026, 3, 1)
)
FRIDAY = pv.Statement(
    source=KOSS,
    claim=CLAIM,
    stance=pv.Stance.from_verb("confirmed"),
    made_on=dt.date(2026, 3, 6),
)
KNOWN = "2026-03-03"
AS_OF = "2026-03-02"
KNOWN_ON = "known on 2026-03-03"
BOTH = "known on 2026-03-03 and as of 2026-03-02"
DAY = dt.date(2026, 3, 3)


@pytest.fixture
def store(tmp_path: Path) -> str:
    """
    A store that recorded Monday's statement on 2 March and Friday's on 6
    March.
    """
    path = tmp_path / "desk.db"
    for day, record in ((2, MONDAY), (6, FRIDAY)):
        now = dt.datetime(2026, 3, day, 12, tzinfo=dt.timezone.utc)
        with Store.open(path, clock=_fixed(now)) as opened:
            opened.add([record])
    return str(path)


def _fixed(now: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: now


@pytest.fixture
def document(tmp_path: Path) -> str:
    path = tmp_path / "desk.json"
    pv.dump(pv.Ledger.of([MONDAY, FRIDAY]), path)
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert (0, "") == (code, err)
    return out


class TestAssess:
    def test_text(self, capsys: pytest.CaptureFixture[str], store: str) -> None:
        """
        The table's first line states the day the store is known on, and
        both days with --as-of.
        """
        cut = run(capsys, "assess", store, "--known-on", KNOWN)
        both = run(capsys, "assess", store, "--known-on", KNOWN, "--as-of", AS_OF)
        uncut = run(capsys, "assess", store)

        assert f"1 claim {KNOWN_ON}:" == cut.splitlines()[0]
        assert f"1 claim {BOTH}:" == both.splitlines()[0]
        assert "1 claim:" == uncut.splitlines()[0]

    def test_one_claim(self, capsys: pytest.CaptureFixture[str], store: str) -> None:
        """
        So does the table of one claim.
        """
        out = run(capsys, "assess", store, "--claim", "resign", "--known-on", KNOWN)

        assert f"1 claim {KNOWN_ON}:" == out.splitlines()[0]

    def test_json(self, capsys: pytest.CaptureFixture[str], store: str) -> None:
        """
        Each claim of the JSON output has a known_on member beside as_of.
        """
        cut = json.loads(
            run(capsys, "assess", store, "--known-on", KNOWN, "--format", "json")
        )
        both = json.loads(
            run(
                capsys,
                "assess",
                store,
                "--known-on",
                KNOWN,
                "--as-of",
                AS_OF,
                "--format",
                "json",
            )
        )
        uncut = json.loads(run(capsys, "assess", store, "--format", "json"))

        (claim,) = cut["claims"]
        assert (KNOWN, None) == (claim["known_on"], claim["as_of"])
        assert ["as_of", "known_on", "lines"] == list(claim)[-3:]
        assert (KNOWN, AS_OF) == (
            both["claims"][0]["known_on"],
            both["claims"][0]["as_of"],
        )
        assert "known_on" not in uncut["claims"][0]

    def test_document(self, capsys: pytest.CaptureFixture[str], document: str) -> None:
        """
        A document has no day it is known on: its outputs state --as-of
        only, as before, and its JSON has no known_on member.
        """
        dated = run(capsys, "assess", document, "--as-of", AS_OF)
        data = json.loads(run(capsys, "assess", document, "--format", "json"))

        assert "1 claim as of 2026-03-02:" == dated.splitlines()[0]
        assert "known_on" not in data["claims"][0]
        assert "2 claims" not in dated

    def test_nothing_by_then(
        self, capsys: pytest.CaptureFixture[str], store: str
    ) -> None:
        """
        No claim as of a day: the message states both days.
        """
        out = run(capsys, "assess", store, "--known-on", KNOWN, "--as-of", "2026-02-01")

        assert "no claims known on 2026-03-03 and as of 2026-02-01\n" == out


class TestExplain:
    def test_store(self, capsys: pytest.CaptureFixture[str], store: str) -> None:
        """
        The tree states the day under the verdict, with --as-of on the same
        line.
        """
        cut = run(capsys, "explain", store, "resign", "--known-on", KNOWN)
        both = run(
            capsys, "explain", store, "resign", "--known-on", KNOWN, "--as-of", AS_OF
        )
        uncut = run(capsys, "explain", store, "resign")

        assert f"  {KNOWN_ON}" in cut.splitlines()
        assert f"  {BOTH}" in both.splitlines()
        assert "known on" not in uncut
        assert "as of" not in uncut

    def test_document(self, capsys: pytest.CaptureFixture[str], document: str) -> None:
        """
        A document's tree states --as-of only.
        """
        out = run(capsys, "explain", document, "resign", "--as-of", AS_OF)

        assert "  as of 2026-03-02" in out.splitlines()
        assert "known on" not in out


class TestReport:
    def test_store(
        self, capsys: pytest.CaptureFixture[str], store: str, tmp_path: Path
    ) -> None:
        """
        The page's opening line and each claim's verdict state the day.
        """
        page = tmp_path / "r.html"
        run(capsys, "report", store, "--known-on", KNOWN, "-o", str(page))
        cut = page.read_text("utf-8")
        both = run(capsys, "report", store, "--known-on", KNOWN, "--as-of", AS_OF)
        uncut = run(capsys, "report", store)

        assert f"1 source; {KNOWN_ON}; under" in cut
        assert f"agrees; {KNOWN_ON}.</p>" in cut
        assert f"1 source; {BOTH}; under" in both
        assert f"agrees; {BOTH}.</p>" in both
        assert "known on" not in uncut

    def test_document(self, capsys: pytest.CaptureFixture[str], document: str) -> None:
        """
        A document's page states --as-of only.
        """
        out = run(capsys, "report", document, "--as-of", AS_OF)

        assert "; as of 2026-03-02; under" in out
        assert "known on" not in out


class TestRender:
    @pytest.mark.parametrize(
        ("fmt", "header"),
        [
            ("dot", '  graph [rankdir=LR, label="{}", labelloc=t];'),
            ("mermaid", "title: {}"),
        ],
    )
    def test_store(
        self, capsys: pytest.CaptureFixture[str], store: str, fmt: str, header: str
    ) -> None:
        """
        A graph states the cut in its label (DOT) or title (Mermaid).
        """
        cut = run(capsys, "render", store, "--known-on", KNOWN, "--format", fmt)
        both = run(
            capsys,
            "render",
            store,
            "--claim",
            "resign",
            "--known-on",
            KNOWN,
            "--as-of",
            AS_OF,
            "--format",
            fmt,
        )
        uncut = run(capsys, "render", store, "--format", fmt)

        assert header.format(KNOWN_ON) in cut.splitlines()
        assert header.format(BOTH) in both.splitlines()
        assert "known on" not in uncut
        assert "label=" not in uncut.splitlines()[1]
        assert not uncut.startswith("---")

    def test_mermaid_front_matter(
        self, capsys: pytest.CaptureFixture[str], store: str
    ) -> None:
        """
        Mermaid's title is front matter before the flowchart.
        """
        out = run(capsys, "render", store, "--known-on", KNOWN, "--format", "mermaid")

        assert ["---", f"title: {KNOWN_ON}", "---", "flowchart LR"] == (
            out.splitlines()[:4]
        )

    def test_document(self, capsys: pytest.CaptureFixture[str], document: str) -> None:
        """
        A document's graph states --as-of only.
        """
        out = run(capsys, "render", document, "--as-of", AS_OF)

        assert '  graph [rankdir=LR, label="as of 2026-03-02", labelloc=t];' in (
            out.splitlines()
        )
        assert "known on" not in out


class TestValidate:
    def test_store(self, capsys: pytest.CaptureFixture[str], store: str) -> None:
        """
        validate states the cut as it did, in the same words.
        """
        out = run(capsys, "validate", store, "--known-on", KNOWN, "--as-of", AS_OF)

        assert f": {BOTH}: 1 record" in out


class TestAsOfAssessed:
    """
    ``render`` assesses as of --as-of, as ``assess`` does: with time decay,
    ages run to that day, not to the last statement, so the numbers drawn
    are those ``assess --as-of`` prints, and the graph states the day.
    """

    @pytest.fixture
    def policy(self, tmp_path: Path) -> str:
        path = tmp_path / "decay.json"
        dump_policy(attrs.evolve(pv.DEFAULT_POLICY, half_life=dt.timedelta(1)), path)
        return str(path)

    def test_render(
        self, capsys: pytest.CaptureFixture[str], document: str, policy: str
    ) -> None:
        """
        The probability drawn on the claim is the one assess prints.
        """
        argv = ("--as-of", "2026-03-05", "--policy", policy)
        data = json.loads(run(capsys, "assess", document, *argv, "--format", "json"))
        drawn = run(capsys, "render", document, *argv)

        probability = data["claims"][0]["probability"]
        assert f"P={probability:.2f}" in drawn


class TestRenderers:
    def test_summary(self) -> None:
        """
        summary states known_on in its first line and in each tree.
        """
        found = pv.assess_all(pv.Ledger.of([MONDAY]), as_of=dt.date(2026, 3, 2))

        text = render.summary(found, known_on=DAY)

        assert text.startswith(f"1 claim {BOTH}:")
        assert f"  {BOTH}" in text.splitlines()
        assert "no claims known on 2026-03-03" == render.summary([], known_on=DAY)
        assert "no claims" == render.summary([])

    def test_text(self) -> None:
        """
        to_text and explain state known_on; without it, the tree is
        Assessment.explain().
        """
        found = pv.assess(pv.Ledger.of([MONDAY]), CLAIM)

        assert f"  {KNOWN_ON}" in render.to_text(found, known_on=DAY).splitlines()
        assert explain(found, known_on=DAY) == render.to_text(found, known_on=DAY)
        assert found.explain() == render.to_text(found) == explain(found)

    def test_data(self) -> None:
        """
        to_data and to_json write known_on, only when given.
        """
        found = pv.assess(pv.Ledger.of([MONDAY]), CLAIM)

        assert KNOWN == render.to_data(found, known_on=DAY)["known_on"]
        assert "known_on" not in render.to_data(found)
        data = json.loads(render.to_json([found], known_on=DAY))
        assert KNOWN == data["claims"][0]["known_on"]

    def test_graphs(self) -> None:
        """
        to_dot and to_mermaid state known_on, and the day the assessments
        drawn are as of.
        """
        ledger = pv.Ledger.of([MONDAY])
        found = [pv.assess(ledger, CLAIM, as_of=dt.date(2026, 3, 2))]

        dot = render.to_dot(ledger, assessments=found, known_on=DAY)
        mermaid = render.to_mermaid(ledger, known_on=DAY)

        assert f'label="{BOTH}", labelloc=t' in dot
        assert mermaid.startswith(f"---\ntitle: {KNOWN_ON}\n---\nflowchart LR\n")
        assert "label=" not in render.to_dot(ledger).splitlines()[1]

    def test_html(self) -> None:
        """
        to_html states known_on, for a ledger and for assessments.
        """
        ledger = pv.Ledger.of([MONDAY])

        for data in (ledger, pv.assess_all(ledger)):
            page = render.to_html(data, known_on=DAY, graphviz=False)
            assert f"; {KNOWN_ON}; under" in page
            assert f"agrees; {KNOWN_ON}.</p>" in page

    @pytest.mark.parametrize(
        "bad", [dt.datetime(2026, 3, 3, tzinfo=dt.timezone.utc), "2026-03-03", 3]
    )
    def test_not_a_day(self, bad: Any) -> None:
        """
        A known_on that is not a day is refused with the argument's path.
        """
        ledger = pv.Ledger.of([MONDAY])
        found = pv.assess(ledger, CLAIM)
        calls: dict[str, Callable[[], object]] = {
            "summary.known_on": lambda: render.summary([found], known_on=bad),
            "to_text.known_on": lambda: render.to_text(found, known_on=bad),
            "explain.known_on": lambda: explain(found, known_on=bad),
            "to_data.known_on": lambda: render.to_data(found, known_on=bad),
            "to_json.known_on": lambda: render.to_json([found], known_on=bad),
            "to_dot.known_on": lambda: render.to_dot(ledger, known_on=bad),
            "to_mermaid.known_on": lambda: render.to_mermaid(ledger, known_on=bad),
            "to_html.known_on": lambda: render.to_html(ledger, known_on=bad),
        }

        for path, call in calls.items():
            with pytest.raises(InvalidValueError) as info:
                call()
            assert path == info.value.path
