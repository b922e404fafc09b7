"""
The article example (examples/article.py): every attribution of the article
is in its ledger, as the issue lists them, the example prints every claim's
assessment most probable first and a policy change, and it runs.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys

from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pytest

import provenance as pv

from provenance.cli import main


ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "article.py"
DOCUMENT = ROOT / "examples" / "article.json"

OUTLET = "The reporting outlet"
PUBLISHED = dt.date(2024, 11, 24)

P = pv.SourceKind.PERSON
G = pv.SourceKind.GOVERNMENT
A = pv.SourceKind.AGENCY
GROUP = pv.SourceKind.ANONYMOUS_GROUP
M = pv.SourceKind.MEDIA_OUTLET
SBS = (pv.ChannelKind.INTERVIEW, "SBS TV", None, True)
CLOSED_BRIEFING = (pv.ChannelKind.BRIEFING, None, "lawmakers", False)
STATE_MEDIA = (pv.ChannelKind.STATE_MEDIA, None, None, True)
ARTICLE = (pv.ChannelKind.ARTICLE, None, None, True)


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("article_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


article = _load_example()


class Attribution(NamedTuple):
    """
    One originating statement, as the issue describes it.
    """

    number: int  # the attribution's number in the issue
    key: str
    source: tuple[str, pv.SourceKind, str | None]  # name, kind, role
    root: str  # the root of the source's affiliations
    channel: tuple[pv.ChannelKind, str | None, str | None, bool] | None
    stance: str
    act: str
    chain: tuple[str, ...]  # reporters, outermost first; () if held directly
    made_on: dt.date


SHIN = ("Shin Wonsik", P, "national security adviser")
VIA_OUTLET = (OUTLET,)
FRIDAY = dt.date(2024, 11, 22)

ATTRIBUTIONS = (
    Attribution(
        1, "air-defence-missiles", SHIN, "South Korea", SBS, "CT+", "accused",
        VIA_OUTLET, FRIDAY,
    ),
    Attribution(
        1, "air-defence-systems", SHIN, "South Korea", SBS, "PR+", "believes",
        VIA_OUTLET, FRIDAY,
    ),
    Attribution(
        1, "military-technologies", SHIN, "South Korea", SBS, "CT+", "revealed",
        VIA_OUTLET, FRIDAY,
    ),
    Attribution(
        1, "missile-nuclear-technology", SHIN, "South Korea", SBS, "Uu",
        "refrained from confirming", VIA_OUTLET, FRIDAY,
    ),
    Attribution(
        2, "troops-10000", ("South Korean officials", GROUP, None), "South Korea",
        None, "CT+", "according to", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        2, "troops-10000", ("U.S. officials", GROUP, None), "United States",
        None, "CT+", "according to", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        2, "troops-in-combat", ("South Korean officials", GROUP, None),
        "South Korea", None, "CT+", "according to", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        2, "troops-in-combat", ("U.S. officials", GROUP, None), "United States",
        None, "CT+", "according to", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        3, "pyongyang-air-defences", ("observers", GROUP, None), "observers",
        None, "PS+", "suggest", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        4, "drone-leaflets", ("North Korea", G, None), "North Korea", None,
        "CT+", "accused", VIA_OUTLET, dt.date(2024, 10, 31),
    ),
    Attribution(
        4, "drone-leaflets", ("South Korea", G, None), "South Korea", None, "Uu",
        "neither confirmed nor denied", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        4, "retaliation-threat", (OUTLET, M, None), OUTLET, ARTICLE, "CT+",
        "reported", (), PUBLISHED,
    ),
    Attribution(
        5, "satellite-promise", (OUTLET, M, None), OUTLET, ARTICLE, "CT+",
        "reported", (), PUBLISHED,
    ),
    Attribution(
        5, "first-spy-satellite", (OUTLET, M, None), OUTLET, ARTICLE, "CT+",
        "reported", (), PUBLISHED,
    ),
    Attribution(
        5, "spy-satellite-military-use", (OUTLET, M, None), OUTLET, ARTICLE,
        "Uu", "remains uncertain", (), PUBLISHED,
    ),
    Attribution(
        5, "second-satellite-failed", (OUTLET, M, None), OUTLET, ARTICLE, "CT+",
        "reported", (), PUBLISHED,
    ),
    Attribution(
        6, "missile-nuclear-technology", ("South Korea", G, None), "South Korea",
        None, "PS+", "voiced apprehension", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        6, "missile-nuclear-technology", ("United States", G, None),
        "United States", None, "PS+", "voiced apprehension", VIA_OUTLET,
        PUBLISHED,
    ),
    Attribution(
        6, "missile-nuclear-technology", ("experts", GROUP, None), "experts",
        None, "PR-", "believe unlikely", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        7, "artillery-systems", ("National Intelligence Service", A, None),
        "South Korea", CLOSED_BRIEFING, "CT+", "reported", (OUTLET, "lawmakers"),
        dt.date(2024, 11, 24),
    ),
    Attribution(
        7, "containers-13000", ("National Intelligence Service", A, None),
        "South Korea", None, "CT+", "revealed", VIA_OUTLET, dt.date(2024, 11, 17),
    ),
    Attribution(
        8, "economic-agreements", ("North Korean state media", M, None),
        "North Korea", STATE_MEDIA, "CT+", "according to", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        8, "economic-agreements", ("Russian state media", M, None), "Russia",
        STATE_MEDIA, "CT+", "according to", VIA_OUTLET, PUBLISHED,
    ),
    Attribution(
        9, "economic-support-vital", (OUTLET, M, None), OUTLET, ARTICLE, "PR+",
        "is seen as", (), PUBLISHED,
    ),
    Attribution(
        9, "economic-assistance", (OUTLET, M, None), OUTLET, ARTICLE, "PR+",
        "is believed to", (), PUBLISHED,
    ),
)  # fmt: skip

CLAIMS_IN_ARTICLE_ORDER = [
    "air-defence-missiles",
    "air-defence-systems",
    "troops-10000",
    "troops-in-combat",
    "pyongyang-air-defences",
    "drone-leaflets",
    "retaliation-threat",
    "military-technologies",
    "satellite-promise",
    "first-spy-satellite",
    "spy-satellite-military-use",
    "second-satellite-failed",
    "missile-nuclear-technology",
    "artillery-systems",
    "containers-13000",
    "economic-agreements",
    "economic-support-vital",
    "economic-assistance",
]

RUSSIA_NK = frozenset({"Russia", "North Korea"})

# key -> (names of the parties, when it occurred, its quantity)
CLAIMS = {
    "air-defence-missiles": (RUSSIA_NK, None, None),
    "air-defence-systems": (RUSSIA_NK, None, None),
    "troops-10000": (RUSSIA_NK, None, "more than 10,000 troops"),
    "troops-in-combat": (RUSSIA_NK, None, None),
    "pyongyang-air-defences": (frozenset({"North Korea"}), None, None),
    "drone-leaflets": (frozenset({"South Korea", "North Korea"}), "../2024-10", None),
    "retaliation-threat": (frozenset({"South Korea", "North Korea"}), None, None),
    "military-technologies": (RUSSIA_NK, None, None),
    "satellite-promise": (
        RUSSIA_NK | {"Vladimir Putin", "Kim Jong Un"},
        "2023",
        None,
    ),
    "first-spy-satellite": (frozenset({"North Korea"}), "2023-11", None),
    "spy-satellite-military-use": (frozenset({"North Korea"}), None, None),
    "second-satellite-failed": (frozenset({"North Korea"}), "2024-05", None),
    "missile-nuclear-technology": (RUSSIA_NK, None, None),
    "artillery-systems": (RUSSIA_NK, None, None),
    "containers-13000": (RUSSIA_NK, "2023-08/..", "more than 13,000 containers"),
    "economic-agreements": (RUSSIA_NK, "2024-11-18/2024-11-24", None),
    "economic-support-vital": (RUSSIA_NK, None, None),
    "economic-assistance": (RUSSIA_NK, None, None),
}


def _ledger() -> pv.Ledger:
    ledger: pv.Ledger = article.build_ledger()
    return ledger


def _statement(ledger: pv.Ledger, key: str, source: str) -> pv.Statement:
    (found,) = (
        s for s in ledger.statements_about(ledger.claim(key)) if s.source.name == source
    )
    return found


def _attribution(ledger: pv.Ledger, expected: Attribution) -> Attribution:
    statement = _statement(ledger, expected.key, expected.source[0])
    source, channel = statement.source, statement.channel
    (route,) = ledger.routes(statement)
    return Attribution(
        number=expected.number,
        key=statement.claim.key or "",
        source=(source.name, source.kind, source.role),
        root=source.root.name,
        channel=None
        if channel is None
        else (channel.kind, channel.name, channel.audience, channel.public),
        stance=statement.stance.value,
        act=statement.stance.act,
        chain=tuple(report.reporter.name for report in route),
        made_on=statement.made_on,
    )


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(
        filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
    )
    return subprocess.run(  # noqa: S603 (runs our own example)
        [sys.executable, str(EXAMPLE), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
    )


class TestAttributions:
    @pytest.mark.parametrize(
        "expected",
        ATTRIBUTIONS,
        ids=[f"{a.number}-{a.key}-{a.source[0]}" for a in ATTRIBUTIONS],
    )
    def test_attribution(self, expected: Attribution) -> None:
        """
        The statement has the issue's source, affiliation, channel, stance, chain
        and date.
        """
        actual = _attribution(_ledger(), expected)

        assert expected == actual

    def test_nothing_else(self) -> None:
        """
        The ledger holds exactly the statements listed in the issue.
        """
        ledger = _ledger()

        assert {(a.key, a.source[0]) for a in ATTRIBUTIONS} == {
            (s.claim.key, s.source.name) for s in ledger.statements
        }
        assert len(ATTRIBUTIONS) == len(ledger.statements)

    def test_outlet_is_outermost(self) -> None:
        """
        Every record held is the outlet's report or its own statement, made on
        the publication day.
        """
        ledger = _ledger()

        assert {(OUTLET, PUBLISHED)} == {
            (r.reporter.name if isinstance(r, pv.Report) else r.source.name, r.made_on)
            for r in ledger.held
        }

    def test_lawmakers_relay_the_closed_briefing(self) -> None:
        """
        The lawmakers relay the NIS briefing on the day it was given, with no
        channel, and act for South Korea through the National Assembly.
        """
        ledger = _ledger()
        briefing = _statement(
            ledger, "artillery-systems", "National Intelligence Service"
        )
        ((_, lawmakers),) = ledger.routes(briefing)

        assert (briefing.made_on, None) == (lawmakers.made_on, lawmakers.channel)
        assert ["National Assembly", "South Korea"] == [
            s.name for s in lawmakers.reporter.affiliations()
        ]
        assert pv.SourceKind.ANONYMOUS_GROUP is lawmakers.reporter.kind

    def test_state_media_are_interested_parties(self) -> None:
        """
        Each state medium acts for a country that is a party to the talks.
        """
        ledger = _ledger()
        claim = ledger.claim("economic-agreements")

        assert all(
            any(s.acts_for(party) for party in claim.about)
            for s in (
                _statement(ledger, claim.key or "", name).source
                for name in ("North Korean state media", "Russian state media")
            )
        )

    def test_example_names(self) -> None:
        """
        The example exposes its key sources and claims by name.
        """
        ledger = _ledger()

        assert article.outlet in ledger.sources
        assert article.shin in ledger.sources
        assert article.air_defence_missiles == ledger.claim("air-defence-missiles")
        assert article.ARTICLE_ORDER == tuple(
            ledger.claim(key) for key in CLAIMS_IN_ARTICLE_ORDER
        )


class TestClaims:
    @pytest.mark.parametrize("key", CLAIMS)
    def test_claim(self, key: str) -> None:
        """
        The claim has the right parties, time and quantity.
        """
        claim = _ledger().claim(key)

        assert CLAIMS[key] == (
            frozenset(party.name for party in claim.parties),
            None if claim.occurred is None else str(claim.occurred),
            None if claim.quantity is None else str(claim.quantity),
        )

    def test_bounds(self) -> None:
        """
        "Over 10,000 troops" and "over 13,000 containers" are lower bounds.
        """
        ledger = _ledger()

        assert [pv.claims.Bound.MORE_THAN, pv.claims.Bound.MORE_THAN] == [
            q.bound
            for key in ("troops-10000", "containers-13000")
            if (q := ledger.claim(key).quantity) is not None
        ]


class TestReport:
    def test_claims_in_article_order(self) -> None:
        """
        The report prints the claims in the order the article makes them.
        """
        text: str = article.report(_ledger())

        assert CLAIMS_IN_ARTICLE_ORDER == [
            line[1 : line.index("]")]
            for line in text.splitlines()
            if line.startswith("[")
        ]

    def test_three_hop_chain(self) -> None:
        """
        The report shows the NIS briefing reaching the outlet through lawmakers.
        """
        text: str = article.report(_ledger())
        section = text.split("[artillery-systems]")[1].split("\n\n", maxsplit=1)[0]
        statement = (
            "  - National Intelligence Service, for South Korea: reported (CT+), "
            "briefing to lawmakers (closed), 2024-11-24"
        )
        route = "      via The reporting outlet (2024-11-24) <- lawmakers (2024-11-24)"

        assert [statement, route] == section.splitlines()[1:]


class TestDocument:
    def test_document_is_the_ledger(self) -> None:
        """
        examples/article.json holds the ledger the example builds.
        """
        assert _ledger() == pv.loads(DOCUMENT.read_text(encoding="utf-8"))

    def test_shipped_document_is_identical(self) -> None:
        """
        The package ships the example's document byte for byte.
        """
        shipped = resources.files("provenance").joinpath("data/article.json")

        assert DOCUMENT.read_bytes() == shipped.read_bytes()

    def test_write(self, tmp_path: Path) -> None:
        """
        write() produces the committed document.
        """
        path = tmp_path / "new" / "article.json"

        article.write(_ledger(), path)

        assert DOCUMENT.read_bytes() == path.read_bytes()


def _expected_order(ledger: pv.Ledger) -> list[str]:
    """
    The claim keys, most probable first; equal probabilities by key.
    """
    found = pv.assess_all(ledger).values()
    return [
        a.claim.key or ""
        for a in sorted(found, key=lambda a: (-round(a.probability, 9), a.claim.key))
    ]


def _verdicts(text: str) -> list[tuple[str, str]]:
    """
    The claim key and verdict line of each explanation tree in *text*.
    """
    lines = text.splitlines()
    return [
        (line[line.rindex("[") + 1 : -1], lines[number + 1])
        for number, line in enumerate(lines)
        if line.startswith("Claim: ")
    ]


class TestAssessments:
    def test_trees_most_probable_first(self) -> None:
        """
        The explanation trees come most probable first, one per claim.
        """
        ledger = _ledger()

        text: str = article.assessments(ledger)

        assert _expected_order(ledger) == [key for key, _ in _verdicts(text)]

    def test_table_most_probable_first(self) -> None:
        """
        The table lists every claim most probable first, with its probability,
        words, confidence and conflict.
        """
        ledger = _ledger()
        found = {a.claim.key: a for a in pv.assess_all(ledger).values()}

        text: str = article.assessments(ledger)

        table = text.split("\n\n")[2].splitlines()[1:]
        assert _expected_order(ledger) == [row.split()[-1] for row in table]
        for row in table:
            a = found[row.split()[-1]]
            assert row.startswith(f"{a.probability:.3f}  {a.words} ")
            assert row.split()[-3:-1] == [a.confidence, f"{a.conflict:.3f}"]

    def test_verdicts(self) -> None:
        """
        Each tree opens with its claim's words and probability.
        """
        ledger = _ledger()
        found = {a.claim.key: a for a in pv.assess_all(ledger).values()}

        text: str = article.assessments(ledger)

        for key, verdict in _verdicts(text):
            a = found[key]
            assert verdict.startswith(f"  {a.words} (P={a.probability:.3f}), ")

    def test_policy_change(self) -> None:
        """
        Grading the NIS "A" raises exactly its two claims, and the report
        shows both moves.
        """
        ledger = _ledger()
        before = pv.assess_all(ledger)
        after = pv.assess_all(ledger, policy=article.what_if())
        moved = {
            claim.key
            for claim in before
            if after[claim].probability != before[claim].probability
        }

        text: str = article.assessments(ledger)

        assert {"artillery-systems", "containers-13000"} == moved
        assert all(
            after[c].probability > before[c].probability
            for c in before
            if c.key in moved
        )
        tail = text.split(article.CHANGE)[1]
        for claim in before:
            old, new = before[claim], after[claim]
            row = next(r for r in tail.splitlines() if r.endswith(f"  {claim.key}"))
            assert f"{old.probability:.3f} {old.words}" in row
            assert f"-> {new.probability:.3f} {new.words}" in row
            assert (claim.key in moved) == ("unchanged" not in row)
        assert tail.endswith("2 of 18 claims moved.")

    def test_same_as_the_demo(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The example prints what ``provenance demo`` prints.
        """
        main(["demo"])

        assert article.assessments(_ledger()) + "\n" == capsys.readouterr().out


class TestScript:
    def test_runs(self) -> None:
        """
        The script exits 0, prints the assessments and writes nothing.
        """
        before = DOCUMENT.stat().st_mtime_ns

        done = _run()

        assert (0, "") == (done.returncode, done.stderr)
        assert article.assessments(_ledger()) + "\n" == done.stdout
        assert before == DOCUMENT.stat().st_mtime_ns

    def test_attributions(self) -> None:
        """
        With --attributions the script prints the attribution report.
        """
        done = _run("--attributions")

        assert (0, "") == (done.returncode, done.stderr)
        assert article.report(_ledger()) + "\n" == done.stdout
