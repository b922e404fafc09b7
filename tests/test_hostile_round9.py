"""
Hostile input, round nine: defects D1, D4 and D10 of the fourth adversarial
review, tried with the reported inputs and with inputs of our own.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math

from pathlib import Path
from typing import Any

import attrs
import pytest

from hypothesis import given, settings

from provenance import (
    Claim,
    Ledger,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
    assess_all,
    load,
)
from provenance.errors import DocumentError, InvalidValueError
from provenance.interop.stix import from_stix, to_stix
from provenance.opinion import Opinion
from provenance.policy import DEFAULT_POLICY, Policy
from provenance.testing import ledgers


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


class Day(dt.date):
    """
    A hostile day: it writes itself as markup, says it is after any day,
    and lies about its year.
    """

    __slots__ = ()

    def isoformat(self) -> str:
        return "<b>soon</b>"

    __str__ = isoformat

    def __format__(self, spec: str) -> str:
        return "<b>soon</b>"

    def __ge__(self, other: object) -> bool:
        return True

    def __gt__(self, other: object) -> bool:
        return True

    def __le__(self, other: object) -> bool:
        return False

    def __lt__(self, other: object) -> bool:
        return False

    @property
    def year(self) -> int:
        return 1999


# The article, and a word on one of its claims a week later.
FIRST = max(record.made_on for record in ARTICLE)
LATER = Statement(
    source=NIS,
    claim=next(iter(ARTICLE.claims)),
    stance=Stance.from_verb("denied"),
    made_on=FIRST + dt.timedelta(days=7),
)
GROWN = ARTICLE.merge(Ledger.of([LATER]))
HOSTILE = Day(FIRST.year, FIRST.month, FIRST.day)
NEVER = Day(2000, 1, 1)  # before anything the stores below know


def _plain(value: object) -> bool:
    return type(value) is dt.date


class TestDaysArePlainDates:
    """
    D4: every public day argument is a plain date once checked: a subclass
    decides neither the cut nor how the day is written.
    """

    def test_to_day_reads_the_day_itself(self) -> None:
        """
        `to_day` takes the day a subclass holds, not the year it reports.
        """
        from provenance._validators import to_day

        day = to_day(HOSTILE)

        assert (True, FIRST) == (_plain(day), day)

    def test_assess_all(self) -> None:
        """
        `assess_all` under a subclass equals `assess_all` under the plain
        day: the same cut, a plain `as_of` on it and on every assessment.
        """
        hostile = assess_all(GROWN, as_of=HOSTILE)
        plain = assess_all(GROWN, as_of=FIRST)

        assert len(plain.ledger) < len(GROWN)
        assert (len(plain.ledger), True) == (len(hostile.ledger), _plain(hostile.as_of))
        assert plain == hostile
        assert hash(plain) == hash(hostile)
        assert all(_plain(a.as_of) for a in hostile.values())
        assert repr(plain) == repr(hostile)

    def test_assess_and_assessments(self) -> None:
        """
        `assess` and `Assessments` keep a plain day too.
        """
        from provenance.assessment import Assessments

        key = next(iter(assess_all(GROWN.as_of(FIRST)))).key
        assert key is not None
        one = assess(GROWN, key, as_of=HOSTILE)
        every = Assessments(GROWN, as_of=HOSTILE)

        assert assess(GROWN, key, as_of=FIRST) == one
        assert (True, True) == (_plain(one.as_of), _plain(every.as_of))
        assert assess_all(GROWN, as_of=FIRST) == every

    def test_ledger_as_of(self) -> None:
        """
        `Ledger.as_of` cuts at the day a subclass holds.
        """
        assert GROWN.as_of(FIRST) == GROWN.as_of(HOSTILE)

    def test_render(self) -> None:
        """
        `render.to_json` and `render.to_html` write the day, not what a
        subclass makes of it.
        """
        from provenance import render

        hostile = assess_all(GROWN, as_of=HOSTILE)
        plain = assess_all(GROWN, as_of=FIRST)
        page = render.to_html(GROWN, as_of=HOSTILE, graphviz=False)

        assert render.to_json(plain) == render.to_json(hostile)
        assert "soon" not in render.to_json(hostile)
        assert render.to_html(GROWN, as_of=FIRST, graphviz=False) == page

    def test_store(self, tmp_path: Any) -> None:
        """
        `Store` cuts by the day a subclass holds, by when things were said
        and by when the store knew them.
        """
        from provenance.store import Store

        with Store.open(tmp_path / "store.db") as store:
            store.add(GROWN)
            known = store.ledger(known_on=NEVER)
            assessed = dict(store.assess_all(known_on=NEVER))
            cut = store.ledger(as_of=HOSTILE)
            live = store.assessments(as_of=HOSTILE)

            assert (0, {}) == (len(known), assessed)
            assert store.ledger(as_of=FIRST) == cut
            assert _plain(live.as_of)
            assert dict(store.assess_all(as_of=FIRST)) == dict(live.items())

    def test_outcome(self) -> None:
        """
        `Outcome.known_on` is a plain date.
        """
        from provenance.track import Outcome

        outcome = Outcome(claim=TROOPS, true=True, known_on=HOSTILE)

        assert (True, FIRST) == (_plain(outcome.known_on), outcome.known_on)

    def test_claimreview(self) -> None:
        """
        `to_claimreview` writes the day published, not the subclass's text.
        """
        from provenance.interop.claimreview import to_claimreview

        review = to_claimreview(
            assess(TIMED, TROOPS),
            publisher_url="https://factcheck.example/",
            author="Example Fact Check",
            date_published=HOSTILE,
        )

        assert FIRST.isoformat() == review["datePublished"]


ONE = assess(ARTICLE, "troops-10000")
TWO_WORDS = Policy(words=((0.5, "doubtful"), (1.0, "probable")))


class TestAssessmentChecksItsFields:
    """
    D10: `Assessment.__init__`, and so `attrs.evolve`, checks every field.
    """

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"words": "almost certain"}, "words"),
            ({"words": "certain"}, "words"),
            ({"words": 3}, "words"),
            ({"policy": TWO_WORDS}, "words"),
            ({"opinion": Opinion(0.99, 0.0, 0.01)}, "words"),
            ({"confidence": "very high"}, "confidence"),
            ({"confidence": None}, "confidence"),
            ({"conflict": math.nan}, "conflict"),
            ({"conflict": -0.1}, "conflict"),
            ({"conflict": 1.5}, "conflict"),
            ({"conflict": math.inf}, "conflict"),
            ({"conflict": "0.5"}, "conflict"),
            ({"corroboration": -1}, "corroboration"),
            ({"corroboration": True}, "corroboration"),
            ({"corroboration": 1.0}, "corroboration"),
            ({"credibility": "x"}, "credibility"),
            ({"credibility": 0}, "credibility"),
            ({"credibility": 7}, "credibility"),
            ({"credibility": True}, "credibility"),
            ({"claim": "troops-10000"}, "claim"),
            ({"opinion": 0.7}, "opinion"),
            ({"policy": None}, "policy"),
            ({"as_of": dt.datetime(2024, 11, 24, tzinfo=dt.timezone.utc)}, "as_of"),
            ({"as_of": "2024-11-24"}, "as_of"),
        ],
    )
    def test_a_contradiction_or_a_wrong_type_is_refused(
        self, change: dict[str, Any], field: str
    ) -> None:
        """
        Each value that contradicts the others or is of the wrong kind is
        refused, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(ONE, **change)

        assert f"Assessment.{field}" == info.value.path

    def test_consistent_changes_are_accepted(self) -> None:
        """
        Changes that agree with the other fields are kept; a day subclass
        becomes a plain date.
        """
        opinion = Opinion(0.95, 0.0, 0.05)
        stronger = attrs.evolve(
            ONE, opinion=opinion, words=ONE.policy.words_for(opinion.probability)
        )
        dated = attrs.evolve(ONE, as_of=HOSTILE, credibility=2)

        assert ONE == attrs.evolve(ONE)
        assert "almost certain" == stronger.words
        assert (True, 2) == (_plain(dated.as_of), dated.credibility)

    @pytest.mark.parametrize(
        "policy", [DEFAULT_POLICY, TWO_WORDS, Policy(uncorroborated_ceiling=None)]
    )
    def test_every_assessment_the_engine_makes_passes(self, policy: Policy) -> None:
        """
        The engine's assessments, built by its quick path without the checks
        or by ``Assessment(...)``, pass them: evolving one changes nothing.
        """
        every = assess_all(GROWN, policy=policy, as_of=FIRST + dt.timedelta(days=9))
        alone = [assess(GROWN, claim, policy=policy) for claim in GROWN.claims]

        for assessment in [*every.values(), *alone]:
            assert assessment == attrs.evolve(assessment)

    @settings(max_examples=30, deadline=None)
    @given(ledger=ledgers())
    def test_any_ledger_s_assessments_pass(self, ledger: Ledger) -> None:
        """
        Any ledger's assessments pass the checks.
        """
        for assessment in assess_all(ledger).values():
            assert assessment == attrs.evolve(assessment)
