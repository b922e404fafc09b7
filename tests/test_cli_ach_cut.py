"""
``provenance ach`` states the cut it shows, as ``assess`` does: "known on
DAY", "as of DAY" or both after the matrix's title, and ``as_of`` (an ISO day
or null) and, with ``--known-on``, ``known_on`` in its JSON.
"""

from __future__ import annotations

import datetime as dt
import json

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import provenance as pv

from provenance.cli import main
from provenance.relations import Exclusive
from provenance.store import Store


K = pv.SourceKind
FATE = "fate"
STAYS = pv.Claim(text="Koss stays", key="stays")
GOES = pv.Claim(text="Koss resigns", key="goes")
SET = Exclusive(key=FATE, claims={STAYS, GOES}, exhaustive=True)
MONDAY = pv.Statement(
    source=pv.Source(name="aides", kind=K.ANONYMOUS_GROUP),
    claim=GOES,
    stance=pv.Stance.from_verb("said"),
    made_on=dt.date(2026, 3, 1),
)
FRIDAY = pv.Statement(
    source=pv.Source(name="Lena Koss", kind=K.PERSON),
    claim=STAYS,
    stance=pv.Stance.from_verb("insisted"),
    made_on=dt.date(2026, 3, 6),
)
TITLE = "ACH: fate (exactly one true)"
KNOWN = "2026-03-03"
AS_OF = "2026-03-02"
ONLY_KNOWN = ("--known-on", KNOWN)
ONLY_AS_OF = ("--as-of", AS_OF)
BOTH = (*ONLY_KNOWN, *ONLY_AS_OF)


def _fixed(now: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: now


@pytest.fixture
def store(tmp_path: Path) -> str:
    """
    A store that recorded the set and Monday's statement on 2 March, and
    Friday's on 6 March.
    """
    path = tmp_path / "desk.db"
    days: tuple[tuple[int, list[pv.Statement | Exclusive]], ...] = (
        (2, [SET, MONDAY]),
        (6, [FRIDAY]),
    )
    for day, records in days:
        now = dt.datetime(2026, 3, day, 12, tzinfo=dt.timezone.utc)
        with Store.open(path, clock=_fixed(now)) as opened:
            opened.add(records)
    return str(path)


@pytest.fixture
def document(tmp_path: Path) -> str:
    """
    The same set and statements as a document.
    """
    path = tmp_path / "desk.json"
    pv.dump(pv.Ledger.of([SET, MONDAY, FRIDAY]), path)
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert (0, "") == (code, err)
    return out


def first(capsys: pytest.CaptureFixture[str], file: str, *cut: str) -> str:
    return run(capsys, "ach", file, FATE, *cut).splitlines()[0]


def data(capsys: pytest.CaptureFixture[str], file: str, *cut: str) -> Any:
    return json.loads(run(capsys, "ach", file, FATE, *cut, "--format", "json"))


def assess_cut(capsys: pytest.CaptureFixture[str], file: str, *cut: str) -> str:
    """
    The cut as ``assess`` states it in its first line ("1 claim ... :").
    """
    line = run(capsys, "assess", file, "--claim", "goes", *cut).splitlines()[0]
    return line.removeprefix("1 claim").removesuffix(":")


class TestText:
    @pytest.mark.parametrize(
        ("cut", "words"),
        [
            ((), ""),
            (ONLY_KNOWN, " known on 2026-03-03"),
            (ONLY_AS_OF, " as of 2026-03-02"),
            (BOTH, " known on 2026-03-03 and as of 2026-03-02"),
        ],
    )
    def test_store(
        self,
        capsys: pytest.CaptureFixture[str],
        store: str,
        cut: tuple[str, ...],
        words: str,
    ) -> None:
        """
        The title of a store's matrix ends with its cut, in assess's words,
        and is the title alone without one.
        """
        assert TITLE + words == first(capsys, store, *cut)
        assert words == assess_cut(capsys, store, *cut)

    @pytest.mark.parametrize(
        ("cut", "words"), [((), ""), (ONLY_AS_OF, " as of 2026-03-02")]
    )
    def test_document(
        self,
        capsys: pytest.CaptureFixture[str],
        document: str,
        cut: tuple[str, ...],
        words: str,
    ) -> None:
        """
        So does a document's, whose only cut is --as-of.
        """
        assert TITLE + words == first(capsys, document, *cut)
        assert words == assess_cut(capsys, document, *cut)

    def test_only_the_title(
        self, capsys: pytest.CaptureFixture[str], store: str, tmp_path: Path
    ) -> None:
        """
        Only the title changes: below it is the matrix of what the store held
        on the day, read as a document, without Friday's word.
        """
        held = tmp_path / "held.json"
        pv.dump(pv.Ledger.of([SET, MONDAY]), held)
        cut = run(capsys, "ach", store, FATE, *ONLY_KNOWN).splitlines()
        uncut = run(capsys, "ach", store, FATE).splitlines()

        assert run(capsys, "ach", str(held), FATE).splitlines()[1:] == cut[1:]
        assert "Lena Koss" not in "\n".join(cut)
        assert "Lena Koss" in "\n".join(uncut)


class TestJson:
    def test_store_uncut(self, capsys: pytest.CaptureFixture[str], store: str) -> None:
        """
        Uncut, ``as_of`` is null and there is no ``known_on``, as in
        assess's JSON.
        """
        found = data(capsys, store)
        claims = json.loads(run(capsys, "assess", store, "--format", "json"))

        assert found["as_of"] is None
        assert "known_on" not in found
        assert all(c["as_of"] is None and "known_on" not in c for c in claims["claims"])

    @pytest.mark.parametrize(
        ("cut", "expected"),
        [
            (ONLY_KNOWN, {"as_of": None, "known_on": KNOWN}),
            (ONLY_AS_OF, {"as_of": AS_OF}),
            (BOTH, {"as_of": AS_OF, "known_on": KNOWN}),
        ],
    )
    def test_store_cut(
        self,
        capsys: pytest.CaptureFixture[str],
        store: str,
        cut: tuple[str, ...],
        expected: dict[str, str | None],
    ) -> None:
        """
        Cut, the matrix has the members assess gives each claim, with the
        same values.
        """
        found = data(capsys, store, *cut)
        (claim,) = json.loads(
            run(capsys, "assess", store, "--claim", "goes", *cut, "--format", "json")
        )["claims"]
        keys = ("as_of", "known_on")

        assert expected == {k: found[k] for k in keys if k in found}
        assert expected == {k: claim[k] for k in keys if k in claim}

    @pytest.mark.parametrize(("cut", "as_of"), [((), None), (ONLY_AS_OF, AS_OF)])
    def test_document(
        self,
        capsys: pytest.CaptureFixture[str],
        document: str,
        cut: tuple[str, ...],
        as_of: str | None,
    ) -> None:
        """
        A document's matrix has ``as_of`` and never ``known_on``.
        """
        found = data(capsys, document, *cut)

        assert as_of == found["as_of"]
        assert "known_on" not in found

    def test_members_in_order(
        self, capsys: pytest.CaptureFixture[str], store: str
    ) -> None:
        """
        The cut follows the set's own members and precedes the rows, and
        nothing else of the matrix changes.
        """
        found = data(capsys, store, *BOTH)

        assert [
            "set",
            "exhaustive",
            "uncertainty",
            "as_of",
            "known_on",
            "hypotheses",
            "evidence",
        ] == list(found)
        assert FATE == found["set"]
        assert len(found["evidence"]) == 1
