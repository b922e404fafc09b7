"""
The command after the newcomer's second review: a key two claims share, a
store altered behind the library's back, ClaimReview's options named as
typed, and ``export --as-of`` assessed as of that day.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from pathlib import Path

import pytest

import provenance as pv

from provenance import render
from provenance.cli import main
from provenance.errors import UnknownClaimError
from provenance.policy_document import dump_policy
from provenance.store import Store


PREFIX = "provenance: error: "
MAYOR = pv.Source(name="Mayor", kind=pv.SourceKind.PERSON)
BRIDGE = tuple(
    pv.Claim(text=text, key="bridge")
    for text in ("The bridge is closed", "The bridge is closed.")
)
PUBLISHER = ("--to", "claimreview", "--publisher-url", "https://desk.example/")
REVIEW = (*PUBLISHER, "--author", "Desk", "--date", "2025-06-02")


def _said(claim: pv.Claim, verb: str = "said") -> pv.Statement:
    return pv.Statement(
        source=MAYOR,
        claim=claim,
        stance=pv.Stance.from_verb(verb),
        made_on=dt.date(2025, 5, 1),
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


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """
    A document in which two claims have the key 'bridge'.
    """
    path = tmp_path / "kk.json"
    pv.dump(pv.Ledger.of(_said(claim) for claim in BRIDGE), path)
    return path


class TestSharedKey:
    def test_ledger_lists_the_ids(self) -> None:
        """
        Ledger.claim says the key is shared and lists the ids; the error is
        still an UnknownClaimError (a KeyError).
        """
        ledger = pv.Ledger.of(_said(claim) for claim in BRIDGE)

        with pytest.raises(UnknownClaimError) as info:
            ledger.claim("bridge")

        assert isinstance(info.value, KeyError)
        assert info.value.msg.startswith("2 claims have key 'bridge' (ids ")
        assert info.value.msg.endswith("); name one by its id")
        for claim in BRIDGE:
            assert claim.id[:12] in info.value.msg

    @pytest.mark.parametrize(
        "argv",
        [
            ("explain", "{}", "bridge"),
            ("assess", "{}", "--claim", "bridge"),
            ("render", "{}", "--claim", "bridge"),
            ("export", "{}", *REVIEW, "--claim", "bridge"),
        ],
    )
    @pytest.mark.parametrize("kind", ["document", "store"])
    def test_command_says_shared(
        self,
        capsys: pytest.CaptureFixture[str],
        shared: Path,
        argv: tuple[str, ...],
        kind: str,
    ) -> None:
        """
        Every command that names a claim says the key is shared, with the
        ids, and never that there is no such claim.
        """
        path = shared
        if kind == "store":
            path = shared.with_suffix(".db")
            with Store.open(path) as store:
                store.add(pv.load(shared))

        message = _fail(capsys, *(arg.format(path) for arg in argv))

        assert message.startswith(f"{path}: 2 claims have key 'bridge' (ids ")
        assert "no claim" not in message
        assert "did you mean" not in message
        for claim in BRIDGE:
            assert claim.id[:12] in message

    def test_id_names_one(
        self, capsys: pytest.CaptureFixture[str], shared: Path
    ) -> None:
        """
        Either claim is named by its id.
        """
        code, out, _ = _run(capsys, "explain", str(shared), BRIDGE[1].id)

        assert 0 == code
        assert "The bridge is closed." in out

    def test_unknown_key_still_suggests(
        self, capsys: pytest.CaptureFixture[str], shared: Path
    ) -> None:
        """
        A key no claim has is still "no claim", with the close keys.
        """
        message = _fail(capsys, "explain", str(shared), "bridges")

        assert "no claim with key or id 'bridges'; did you mean 'bridge'?" in message


@pytest.fixture
def tampered(tmp_path: Path) -> Path:
    """
    A store whose claim text was changed through SQLite.
    """
    path = tmp_path / "tam.db"
    with Store.open(path) as store:
        store.add([_said(pv.Claim(text="The budget was cut by 40%", key="cut"))])
    db = sqlite3.connect(path)
    db.execute("drop trigger claims_no_update")
    db.execute("update claims set text = replace(text, '40%', '10%')")
    db.commit()
    db.close()
    return path


class TestTamperedStore:
    @pytest.mark.parametrize(
        "argv",
        [("assess",), ("explain", "cut"), ("export",), ("export", "--to", "stix")],
    )
    def test_names_the_store(
        self,
        capsys: pytest.CaptureFixture[str],
        tampered: Path,
        argv: tuple[str, ...],
    ) -> None:
        """
        Reading a tampered store names it, as verify does, and suggests
        verify.
        """
        message = _fail(capsys, argv[0], str(tampered), *argv[1:])

        assert message.startswith(f"{tampered}: text does not match its id")
        assert message.endswith(f"; 'provenance verify {tampered}' lists every change")


class TestClaimReviewOptions:
    @pytest.mark.parametrize(
        ("option", "value", "expected"),
        [
            ("--publisher-url", "ftp://desk.example/", "--publisher-url must be"),
            ("--author", " ", "--author must be the publisher's name (got ' ')"),
            ("--date", "2025-04-30", "--date precedes the day claim 'cut' was"),
        ],
    )
    def test_named_as_typed(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        option: str,
        value: str,
        expected: str,
    ) -> None:
        """
        A bad publisher's option is named by the option typed, never by the
        Python parameter it is passed as.
        """
        path = tmp_path / "cut.json"
        pv.dump(pv.Ledger.of([_said(pv.Claim(text="Cut", key="cut"))]), path)
        given = dict(zip(REVIEW[::2], REVIEW[1::2], strict=True))
        given[option] = value

        message = _fail(capsys, "export", str(path), *sum(given.items(), ()))

        assert message.startswith(expected)
        assert "to_claimreview" not in message

    def test_date_before_as_of(
        self, capsys: pytest.CaptureFixture[str], shared: Path
    ) -> None:
        """
        A review dated before the evidence it read (--as-of) is refused,
        by --date.
        """
        message = _fail(
            capsys,
            *("export", str(shared), *REVIEW, "--claim", BRIDGE[0].id),
            *("--as-of", "2025-06-03"),
        )

        assert message.startswith("--date precedes the day the assessment")
        assert "(as of 2025-06-03) (got 2025-06-02)" in message


class TestExportAsOf:
    def test_same_rating_with_and_without_claim(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        Under time decay, export --to claimreview --as-of D rates a claim
        as --claim K --as-of D does: both age the evidence to D.
        """
        claim = pv.Claim(text="The bridge is closed", key="bridge")
        path = tmp_path / "bridge.json"
        pv.dump(pv.Ledger.of([_said(claim, "confirmed")]), path)
        decay = pv.DEFAULT_POLICY.with_half_life(claim, dt.timedelta(days=7))
        policy = tmp_path / "decay.json"
        dump_policy(decay, policy)
        argv = ("export", str(path), *REVIEW, "--policy", str(policy))
        cut = ("--as-of", "2025-06-01")
        expected = pv.assess(
            pv.load(path), claim, policy=decay, as_of=dt.date(2025, 6, 1)
        )

        every = json.loads(_run(capsys, *argv, *cut)[1])
        one = json.loads(_run(capsys, *argv, *cut, "--claim", "bridge")[1])
        undecayed = json.loads(_run(capsys, *argv)[1])

        assert [one] == every
        assert expected.words == one["reviewRating"]["alternateName"]
        assert undecayed[0]["reviewRating"] != one["reviewRating"]


class TestSharedKeyTable:
    def test_assess_shows_ids(
        self, capsys: pytest.CaptureFixture[str], shared: Path
    ) -> None:
        """
        The assess table follows a key two claims share with the start of
        each id, so its rows can be told apart; a key of one claim stays
        alone.
        """
        code, out, _ = _run(capsys, "assess", str(shared))

        assert 0 == code
        for claim in BRIDGE:
            assert f"  bridge ({claim.id[:12]})\n" in out + "\n"

    def test_unshared_key_alone(self) -> None:
        """
        A key only one claim has is shown alone.
        """
        text = render.summary(
            [pv.assess(pv.Ledger.of([_said(BRIDGE[0])]), "bridge")], explain=False
        )

        assert text.endswith("  bridge")
