"""
Hostile input, round nine: defects D1, D4 and D10 of the fourth adversarial
review, tried with the reported inputs and with inputs of our own.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

from pathlib import Path
from typing import Any

import pytest

from provenance import (
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    load,
)
from provenance.errors import DocumentError
from provenance.interop.stix import from_stix, to_stix


ARTICLE = load(Path(__file__).resolve().parents[1] / "examples" / "article.json")

NIS = Source(name="NIS", kind=SourceKind.AGENCY)
PAPER = Source(name="The Daily", kind=SourceKind.MEDIA_OUTLET)
TROOPS = Claim(text="Troops crossed the border", key="troops")
SAID = Statement(
    source=NIS,
    claim=TROOPS,
    stance=Stance.from_verb("said"),
    made_on=dt.date(2024, 11, 24),
    made_at=dt.time(9, 30),
)
RELAYED = Report(
    reporter=PAPER,
    content=SAID,
    made_on=dt.date(2024, 11, 24),
    made_at=dt.time(18, 5, 7),
)
# Records with a time of day, written 2024-11-24T09:30:00.000Z (the
# statement) and 2024-11-24T18:05:07.000Z (the report).
TIMED = Ledger.of([SAID, RELAYED])


def _index(bundle: dict[str, Any], kind: str) -> int:
    return next(i for i, o in enumerate(bundle["objects"]) if o["type"] == kind)


def _edited(kind: str, key: str, stamp: object) -> tuple[dict[str, Any], str]:
    bundle = copy.deepcopy(to_stix(TIMED))
    index = _index(bundle, kind)
    bundle["objects"][index][key] = stamp
    return bundle, f"$.objects[{index}].{key}"


class TestStixTimestampsAsInstants:
    """
    D1: `from_stix` compares the timestamps it checks as instants, so a
    bundle another library wrote at another precision reads back.
    """

    @pytest.mark.parametrize("ledger", [ARTICLE, TIMED], ids=["article", "timed"])
    def test_a_bundle_rewritten_by_stix2_reads_back(self, ledger: Ledger) -> None:
        """
        A bundle parsed and serialised again by the stix2 library (which
        drops `published`'s zero milliseconds) reads back equal.
        """
        stix2 = pytest.importorskip("stix2", reason="stix2 is in the test group")
        text = json.dumps(to_stix(ledger))
        again = json.loads(stix2.parse(text, allow_custom=True).serialize())

        assert ledger == from_stix(again)

    @pytest.mark.parametrize(
        ("kind", "key", "stamp"),
        [
            ("opinion", "created", "2024-11-24T09:30:00Z"),
            ("opinion", "created", "2024-11-24T09:30:00.0Z"),
            ("opinion", "created", "2024-11-24T09:30:00.000000Z"),
            ("opinion", "created", "2024-11-24T09:30:00.000000000000Z"),
            ("opinion", "created", "2024-11-24t09:30:00.000z"),
            ("opinion", "created", "2024-11-24T09:30:00+00:00"),
            ("opinion", "created", "2024-11-24T09:30:00.00-00:00"),
            ("opinion", "created", "2024-11-24T11:00:00+01:30"),
            # Another day in the writer's zone: the same instant in UTC.
            ("opinion", "created", "2024-11-23T23:30:00-10:00"),
            ("report", "created", "2024-11-24T18:05:07Z"),
            ("report", "published", "2024-11-24T18:05:07Z"),
            ("report", "published", "2024-11-25T03:05:07.000+09:00"),
        ],
    )
    def test_the_same_instant_written_otherwise_is_accepted(
        self, kind: str, key: str, stamp: str
    ) -> None:
        """
        A timestamp naming the same instant at another precision, in
        lower case or with an offset, is not an alteration.
        """
        bundle, _ = _edited(kind, key, stamp)

        assert TIMED == from_stix(bundle)

    @pytest.mark.parametrize(
        ("kind", "key", "stamp"),
        [
            ("opinion", "created", "2024-11-24T09:30:00.001Z"),
            ("opinion", "created", "2024-11-24T09:30:00.000000001Z"),
            ("opinion", "created", "2024-11-24T09:30:01Z"),
            ("opinion", "created", "2024-11-24T09:30:00+01:00"),
            ("opinion", "created", "2024-11-24T09:30:00-00:01"),
            ("report", "published", "2024-11-24T18:05:06.999Z"),
            ("report", "published", "2024-11-24T18:05:07+09:00"),
        ],
    )
    def test_another_instant_is_refused(self, kind: str, key: str, stamp: str) -> None:
        """
        A timestamp naming another instant, even by a nanosecond or only
        by its offset, is still refused as an alteration.
        """
        bundle, where = _edited(kind, key, stamp)

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert (where, True) == (info.value.path, "altered" in info.value.msg)

    @pytest.mark.parametrize(
        ("kind", "key", "stamp"),
        [
            ("opinion", "created", "2024-11-24T09:30:00"),  # no offset
            ("opinion", "created", "2024-11-24 09:30:00Z"),
            ("opinion", "created", "2024-11-24T09:30Z"),
            ("opinion", "created", "2024-11-24T09:30:00.Z"),
            ("opinion", "created", "2024-11-24T09:30:00,5Z"),
            ("opinion", "created", "2024-11-24T24:00:00Z"),
            ("opinion", "created", "2024-11-24T09:60:00Z"),
            ("opinion", "created", "2024-11-24T09:30:60Z"),
            ("opinion", "created", "2024-02-30T09:30:00Z"),
            ("opinion", "created", "2024-11-24T09:30:00+24:00"),
            ("opinion", "created", "2024-11-24T09:30:00+01:60"),
            ("opinion", "created", "2024-11-24T09:30:00+0100"),
            ("opinion", "created", "2024-11-24T09:30:00Z "),
            ("opinion", "created", "\u0662024-11-24T09:30:00Z"),  # Arabic-Indic 2
            ("opinion", "created", "0001-01-01T00:00:00+00:01"),  # before year 1
            ("opinion", "created", "9999-12-31T23:59:59-00:01"),  # after 9999
            ("report", "published", "2024-11-24"),
            ("report", "published", "yesterday"),
        ],
    )
    def test_a_malformed_timestamp_is_refused(
        self, kind: str, key: str, stamp: str
    ) -> None:
        """
        A timestamp that is not RFC 3339, or names a time no calendar has,
        is refused where it stands.
        """
        bundle, where = _edited(kind, key, stamp)

        with pytest.raises(DocumentError) as info:
            from_stix(bundle)

        assert (where, "must be a STIX timestamp") == (
            info.value.path,
            info.value.msg,
        )
