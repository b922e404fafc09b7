"""
``provenance ach``: the ACH matrix of an exclusive set, on the command line.
"""

from __future__ import annotations

import datetime as dt
import json

from pathlib import Path

import pytest

import provenance as pv

from provenance.cli import main
from provenance.relations import Entails, Exclusive


ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.json"
DAY = dt.date(2024, 10, 14)


@pytest.fixture
def document(tmp_path: Path) -> Path:
    """
    The article with the three readings of the drone flights, one
    statement on each, as a document.
    """
    article = pv.loads(ARTICLE.read_bytes())
    flights = article.claim("drone-leaflets")
    north = article.source("North Korea")
    military = pv.Claim(text="South Korea's military flew the drones.", key="military")
    activists = pv.Claim(text="Activists flew the drones.", key="activists")
    pretext = pv.Claim(text="The flights were invented.", key="pretext")
    defectors = pv.Source(name="defectors", kind=pv.SourceKind.ORGANISATION)

    def said(source: pv.Source, claim: pv.Claim, verb: str) -> pv.Statement:
        return pv.Statement(
            source=source, claim=claim, stance=pv.Stance.from_verb(verb), made_on=DAY
        )

    ledger = article.add(
        said(defectors, activists, "denied"),
        said(north, military, "accused"),
        Exclusive(
            key="drone-readings", claims={military, activists, pretext}, exhaustive=True
        ),
        Entails(specific=military, general=flights),
    )
    path = tmp_path / "ledger.json"
    pv.dump(ledger, path)
    return path


def test_ach_text(document: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """
    The matrix as a table, most diagnostic item first.
    """
    assert main(["ach", str(document), "drone-readings"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ACH: drone-readings (exactly one true)\n")
    assert "H3 = The flights were invented. [pretext]" in out
    rows = [line for line in out.splitlines() if line[2:3].isdigit()]
    assert len(rows) == 2
    assert any("defectors denied" in row for row in rows)


def test_ach_json(document: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """
    The matrix as JSON, every number included; as of a date before any
    evidence, no rows.
    """
    assert main(["ach", str(document), "drone-readings", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["set"] == "drone-readings"
    assert len(data["evidence"]) == 2
    assert sum(h["probability"] for h in data["hypotheses"]) <= 1.0
    before = ["ach", str(document), "drone-readings", "--as-of", "2024-10-01"]
    assert main([*before, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["evidence"] == []


def test_ach_unknown_set(document: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """
    An unknown set is one line on stderr naming the sets the file holds.
    """
    assert main(["ach", str(document), "drone-reading"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "did you mean 'drone-readings'?" in captured.err
    assert main(["ach", str(ARTICLE), "x"]) == 1
    assert "it holds none" in capsys.readouterr().err


def test_ach_unknown_set_far_from_any(
    document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """
    A key like none of the file's sets is answered with the sets it holds.
    """
    assert main(["ach", str(document), "zzz"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.endswith("no exclusive set 'zzz'; it holds 'drone-readings'\n")
