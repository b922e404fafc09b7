"""
Hostile input, round five: each defect the fifth adversarial round found,
tried with the reported inputs and with inputs of our own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.cli import main


ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.json"
PREFIX = "provenance: error: "


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


class TestMaxBytesSetting:
    @pytest.mark.parametrize(
        "value",
        [
            "1e3",
            " 5000",
            "5000 ",
            "5000\n",
            "5_000",
            "64M",
            "-1",
            "+5",
            "",
            "0x10",
            "\u0665\u0660\u0660\u0660",  # Arabic-Indic digits: not ASCII.
        ],
    )
    def test_malformed_refused(
        self,
        value: str,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        A PROVENANCE_MAX_BYTES that is not ASCII digits is a usage error
        (status 2) naming the variable and the value, not ignored for the
        default limit.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", value)

        with pytest.raises(SystemExit) as info:
            main(["validate", str(ARTICLE)])
        out, err = capsys.readouterr()

        assert (2, "") == (info.value.code, out)
        assert err.startswith(f"{PREFIX}PROVENANCE_MAX_BYTES must be a number")
        assert 1 == err.count("\n")
        assert repr(value)[1:-1].strip() in err

    def test_refused_before_a_store_is_made(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        ``add`` with a malformed limit refuses before it creates the store.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", "64M")
        store = tmp_path / "desk.db"

        with pytest.raises(SystemExit):
            main(["add", str(store), str(ARTICLE)])
        capsys.readouterr()

        assert not store.exists()

    @pytest.mark.parametrize(
        ("value", "code"), [("0", 1), ("5000", 1), ("0099999999", 0)]
    )
    def test_digits_still_a_limit(
        self,
        value: str,
        code: int,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Digits, zero and leading zeros included, are the limit in bytes.
        """
        monkeypatch.setenv("PROVENANCE_MAX_BYTES", value)

        found, _, err = _run(capsys, "validate", str(ARTICLE))

        assert code == found
        if code:
            assert f"larger than the limit of {int(value)} bytes" in err
