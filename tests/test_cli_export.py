"""
``provenance export FILE --to FORMAT``: STIX 2.1, ClaimReview and W3C PROV,
written to files and to standard output, and its errors.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from pathlib import Path

import pytest

import provenance as pv

from provenance.cli import main
from provenance.interop.stix import from_stix


ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.json"
PREFIX = "provenance: error: "
PUBLISHER = ("--publisher-url", "https://fc.example/", "--author", "Desk")
SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "claimreview.schema.json").read_text("utf-8")
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _fail(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = _run(capsys, *argv)

    assert (1, "") == (code, out)
    assert err.startswith(PREFIX)
    assert 1 == err.count("\n")
    return err[len(PREFIX) : -1]


class TestExport:
    def test_stix_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        -o writes a valid STIX bundle that reads back as the ledger.
        """
        validator = pytest.importorskip("stix2validator")
        out = tmp_path / "article.stix.json"

        code, text, _ = _run(
            capsys, "export", str(ARTICLE), "--to", "stix", "-o", str(out)
        )

        bundle = json.loads(out.read_text("utf-8"))
        results = validator.validate_instance(
            bundle, validator.ValidationOptions(version="2.1")
        )
        assert 0 == code
        assert f"{out}: written as stix\n" == text
        assert results.is_valid
        assert pv.loads(ARTICLE.read_bytes()) == from_stix(bundle)

    def test_stix_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        On standard output the bundle is ASCII JSON, with the producer named.
        """
        code, text, _ = _run(
            capsys, "export", str(ARTICLE), "--to", "stix", "--author", "Desk"
        )

        bundle = json.loads(text)
        assert 0 == code
        assert text.isascii()
        assert any(o.get("name") == "Desk" for o in bundle["objects"])

    def test_claimreview(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        One ClaimReview per assessed claim, each meeting the profile.
        """
        jsonschema = pytest.importorskip("jsonschema")
        out = tmp_path / "reviews.json"

        code, _, _ = _run(
            capsys,
            *("export", str(ARTICLE), "--to", "claimreview", *PUBLISHER),
            *("--date", "2024-12-02", "-o", str(out)),
        )

        reviews = json.loads(out.read_text("utf-8"))
        assert 0 == code
        assert len(pv.loads(ARTICLE.read_bytes()).claims) == len(reviews)
        for review in reviews:
            jsonschema.validate(review, SCHEMA)

    def test_one_claimreview(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --claim reviews one claim.
        """
        code, text, _ = _run(
            capsys,
            *("export", str(ARTICLE), "--to", "claimreview", *PUBLISHER),
            *("--date", "2024-12-02", "--claim", "troops-10000"),
        )

        assert 0 == code
        assert "likely" == json.loads(text)["reviewRating"]["alternateName"]

    @pytest.mark.parametrize("day", ["2024-11-22", "2024-12-31"])
    def test_one_claimreview_as_of(
        self, capsys: pytest.CaptureFixture[str], day: str
    ) -> None:
        """
        --claim with --as-of finds the claim even when nothing was said on
        it by then, and reviews its assessment as of that day, the one
        'assess --as-of --claim' gives.
        """
        code, text, err = _run(
            capsys,
            *("export", str(ARTICLE), "--to", "claimreview", *PUBLISHER),
            *("--date", "2025-01-01", "--claim", "troops-10000", "--as-of", day),
        )
        ledger = pv.loads(ARTICLE.read_bytes())
        claim = ledger.claim("troops-10000")
        expected = pv.assess(ledger, claim, as_of=dt.date.fromisoformat(day))

        assert (0, "") == (code, err)
        rating = json.loads(text)["reviewRating"]
        assert expected.words == rating["alternateName"]

    @pytest.mark.parametrize(
        ("to", "start"),
        [
            ("prov-json", "{"),
            ("prov-n", "document"),
            ("prov-xml", "<?xml"),
            ("turtle", "@prefix"),
        ],
    )
    def test_prov(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, to: str, start: str
    ) -> None:
        """
        The PROV formats are written by the prov package.
        """
        pytest.importorskip("prov")
        if to == "turtle":
            pytest.importorskip("rdflib")
        out = tmp_path / f"article.{to}"

        code, _, _ = _run(capsys, "export", str(ARTICLE), "--to", to, "-o", str(out))

        assert 0 == code
        assert out.read_text("utf-8").startswith(start)

    @pytest.mark.parametrize("to", ["provenance", "stix", "claimreview", "prov-json"])
    def test_as_of(self, capsys: pytest.CaptureFixture[str], to: str) -> None:
        """
        --as-of exports the ledger as it stood at the end of that day: the
        article's statements, all of 24 November, are not there the day
        before. On the day of the article, the same records and numbers as
        without --as-of; STIX and PROV also state the day assessed as of.
        """
        if to == "prov-json":
            pytest.importorskip("prov")
        argv = ["export", str(ARTICLE), "--to", to, *PUBLISHER, "--date", "2024-11-25"]
        if to != "claimreview":
            argv = argv[:4]

        whole = _run(capsys, *argv, "--as-of", "2024-11-24")
        before = _run(capsys, *argv, "--as-of", "2024-11-23")
        plain = _run(capsys, *argv)[1]

        assert (0, "") == (whole[0], whole[2])
        assert (0, "") == (before[0], before[2])
        if to == "stix":
            # Each opinion states the day in its explanation (and so its id).
            opinions = [
                [o["opinion"] for o in json.loads(text)["objects"] if "opinion" in o]
                for text in (whole[1], plain)
            ]
            assert from_stix(json.loads(plain)) == from_stix(json.loads(whole[1]))
            assert opinions[0] == opinions[1]
            assert "as of 2024-11-24" in whole[1]
        elif to == "prov-json":
            stated = ', "pv:assessedAsOf": {"$": "2024-11-24", "type": "xsd:date"}'
            assert stated in whole[1]
            assert plain == whole[1].replace(stated, "")
        else:
            assert plain == whole[1]
        assert whole[1] != before[1]
        if to == "provenance":
            assert 0 == len(pv.loads(before[1]))
        if to == "claimreview":
            assert [] == json.loads(before[1])
        if to == "stix":
            assert 0 == len(from_stix(json.loads(before[1])))


class TestErrors:
    def test_claimreview_needs_publisher(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ClaimReview without the publisher's options names what is missing.
        """
        message = _fail(
            capsys, "export", str(ARTICLE), "--to", "claimreview", "--author", "Desk"
        )

        assert "--to claimreview needs --publisher-url, --date" in message

    def test_bad_publisher_url(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A publisher address that is no URL is refused in one line.
        """
        message = _fail(
            capsys,
            *("export", str(ARTICLE), "--to", "claimreview"),
            *(
                "--publisher-url",
                "fc.example",
                "--author",
                "Desk",
                "--date",
                "2024-11-01",
            ),
        )

        assert "http or https URL" in message

    def test_unknown_claim(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --claim with an unknown key suggests the close ones.
        """
        message = _fail(
            capsys,
            *("export", str(ARTICLE), "--to", "claimreview", *PUBLISHER),
            *("--date", "2024-11-01", "--claim", "troops-1000"),
        )

        assert "did you mean" in message

    def test_without_prov(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Without the prov extra, a PROV format names the extra to install.
        """
        monkeypatch.setitem(sys.modules, "provenance.interop.prov", None)

        message = _fail(capsys, "export", str(ARTICLE), "--to", "prov-n")

        assert "needs the 'prov' extra" in message

    def test_unwritable(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        An output that cannot be written is an error in one line.
        """
        message = _fail(
            capsys,
            "export",
            str(ARTICLE),
            "--to",
            "stix",
            "-o",
            str(tmp_path / "no" / "x"),
        )

        assert message.startswith("cannot write")

    def test_unknown_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        --to names a known format.
        """
        with pytest.raises(SystemExit) as exc:
            main(["export", str(ARTICLE), "--to", "misp"])

        assert 2 == exc.value.code
        assert "invalid choice" in capsys.readouterr().err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    """
    export --help names every format and the publisher's options.
    """
    with pytest.raises(SystemExit) as exc:
        main(["export", "--help"])
    out = capsys.readouterr().out

    assert 0 == exc.value.code
    assert out.startswith("usage: provenance export")
    for word in ("stix", "claimreview", "prov-n", "turtle", "--publisher-url", "-o"):
        assert word in out
