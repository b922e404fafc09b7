"""
Defects found by the reviews of 2026-12-01 (morning), each with a test that
fails on the code before its fix.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from pathlib import Path

import pytest

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
    assess_all,
    dump,
)
from provenance.ach import matrix
from provenance.cli import main
from provenance.errors import FileAccessError, InvalidValueError
from provenance.relations import Entails, Exclusive
from provenance.render import to_html
from provenance.stances import Polarity
from provenance.store import Store


def day(n: int) -> dt.date:
    return dt.date(2026, 6, n)


HERALD = Source(name="Herald", kind=SourceKind.MEDIA_OUTLET)
COURIER = Source(name="Courier", kind=SourceKind.MEDIA_OUTLET)
MINISTRY = Source(name="Ministry", kind=SourceKind.AGENCY)
RESIGNED = Claim(text="The deputy minister resigned", key="x")
ON_MONDAY = Claim(text="The deputy minister resigned on Monday", key="y")
STAYED = Claim(text="The deputy minister stayed", key="z")


class TestARetractionMeetsALineAlreadyWithdrawn:
    """
    The Herald retracted X (reported by the Courier); a Ministry line on Y,
    which entails X, reached the ledger through the Herald before: in an
    exclusive set, the borrowed line was withdrawn twice, and the second
    time read the first route of a line that had none left (IndexError).
    """

    records = (
        Report(
            reporter=COURIER,
            content=Statement(
                source=HERALD,
                claim=RESIGNED,
                stance=Stance.from_verb("retracted"),
                made_on=day(4),
            ),
            made_on=day(4),
        ),
        Report(
            reporter=HERALD,
            content=Report(
                reporter=COURIER,
                content=Statement(
                    source=MINISTRY,
                    claim=ON_MONDAY,
                    stance=Stance.from_verb("confirmed"),
                    made_on=day(1),
                ),
                made_on=day(1),
            ),
            made_on=day(1),
        ),
        Entails(specific=ON_MONDAY, general=RESIGNED),
        Exclusive(key="fate", claims=[RESIGNED, STAYED]),
    )

    def test_the_line_is_withdrawn_once_with_its_reason(self) -> None:
        ledger = Ledger.of(self.records)
        found = assess(ledger, RESIGNED)
        (line,) = [ln for ln in found.lines if ln.statement.source == MINISTRY]

        assert not line.counted
        assert "withdrawn: it reached the ledger through Herald's report" in (
            line.excluded or ""
        )
        assert assess_all(ledger)[RESIGNED] == found


class TestAStoredTextNamingNoId:
    """
    A report's stored text edited to relay a content id that is not hex:
    verify reported a bare ValueError, as did every command reading it.
    """

    @pytest.fixture
    def path(self, tmp_path: Path) -> Path:
        path = tmp_path / "s.db"
        relayed = Report(
            reporter=COURIER,
            content=Statement(
                source=MINISTRY,
                claim=RESIGNED,
                stance=Stance.from_verb("said"),
                made_on=day(1),
            ),
            made_on=day(1),
        )
        with Store.open(path) as store:
            store.add([relayed])
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("DROP TRIGGER records_no_update")
        db.execute(
            'UPDATE records SET text = replace(text, \'"content":"\', '
            '\'"content":"zz\') WHERE text LIKE \'%"content":%\''
        )
        db.close()
        return path

    def test_verify_reports_the_missing_record(self, path: Path) -> None:
        with Store.open(path) as store:
            problems = store.verify()

        assert "refers to a missing record" in [p.msg for p in problems]

    @pytest.mark.parametrize("command", ["verify", "assess", "export"])
    def test_the_command_names_the_store(
        self, path: Path, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main([command, str(path)]) == 1
        err = capsys.readouterr().err

        assert "Traceback" not in err
        assert str(path) in err


class TestAFileOpenedInBinary:
    """
    `dump` into a file opened in binary mode raised a bare TypeError.
    """

    def test_is_refused_naming_the_argument(self, tmp_path: Path) -> None:
        with (
            open(tmp_path / "l.json", "wb") as file,  # noqa: PTH123  # a binary file
            pytest.raises(InvalidValueError, match="not binary") as raised,
        ):
            dump(Ledger.of([]), file)  # type: ignore[arg-type]  # the mistake

        assert raised.value.path == "dump.file"

    def test_a_file_open_for_reading_is_named(self, tmp_path: Path) -> None:
        (tmp_path / "l.json").write_text("")
        with (
            open(tmp_path / "l.json", encoding="utf-8") as file,  # noqa: PTH123
            pytest.raises(FileAccessError) as raised,
        ):
            dump(Ledger.of([]), file)

        assert raised.value.path == str(tmp_path / "l.json")


def test_the_report_page_s_verb_agrees_with_one_line() -> None:
    found = assess(
        Ledger.of(
            [
                Statement(
                    source=MINISTRY,
                    claim=RESIGNED,
                    stance=Stance.from_verb("said"),
                    made_on=day(1),
                )
            ]
        ),
        RESIGNED,
    )
    page = to_html([found])

    assert "1 independent line of reporting agrees" in page
    assert "of reporting agree<" not in page


class TestTheMatrixStatesItsCut:
    """
    An ACH matrix made in Python says the day it was assessed as of, and a
    known-on day when given, as the command's does.
    """

    fate = Exclusive(key="fate", claims=[RESIGNED, STAYED])
    ledger = Ledger.of(
        [
            Statement(
                source=MINISTRY,
                claim=RESIGNED,
                stance=Stance.from_verb("said"),
                made_on=day(1),
            ),
            fate,
        ]
    )

    def test_as_of_and_known_on(self) -> None:
        found = matrix(assess(self.ledger, self.fate, as_of=day(3)))
        data = found.to_data(known_on=day(2))

        assert found.as_of == day(3)
        assert found.to_text(known_on=day(2)).splitlines()[0] == (
            "ACH: fate (at most one true) known on 2026-06-02 and as of 2026-06-03"
        )
        assert (data["as_of"], data["known_on"]) == ("2026-06-03", "2026-06-02")

    def test_uncut(self) -> None:
        found = matrix(assess(self.ledger, self.fate))

        assert found.to_text().splitlines()[0] == "ACH: fate (at most one true)"
        assert found.to_data()["as_of"] is None
        assert "known_on" not in found.to_data()


class TestInterestNamesOneParty:
    """
    Of two parties alike to a source (one root, one factor), the interest
    named the one a set's order gave first: a store's claim, rebuilt, could
    name the other (a CI run found it), so assessments differed by hash seed.
    """

    root = Source(name="0", kind=SourceKind.ORGANISATION)
    speaker = Source(
        name="Alpha",
        kind=SourceKind.PERSON,
        affiliation=Source(name="Alpha", kind=SourceKind.GOVERNMENT, affiliation=root),
    )
    namesake = Source(
        name="Alpha",
        kind=SourceKind.PERSON,
        affiliation=Source(name="Bravo", kind=SourceKind.PERSON, affiliation=root),
    )

    def test_the_source_itself_first(self) -> None:
        claim = Claim(text="Alpha", about=frozenset([self.namesake, self.speaker]))
        found = DEFAULT_POLICY.interest(self.speaker, claim, Polarity.POSITIVE)

        assert found is not None
        assert found.party == self.speaker

    def test_else_the_least_id(self) -> None:
        third = Source(name="Charlie", kind=SourceKind.PERSON, affiliation=self.root)
        claim = Claim(text="Alpha", about=frozenset([self.namesake, self.speaker]))
        found = DEFAULT_POLICY.interest(third, claim, Polarity.POSITIVE)

        assert found is not None
        assert found.party == min((self.namesake, self.speaker), key=lambda s: s.id)
