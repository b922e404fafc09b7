"""
Hostile input, round ten: the defects of policies, track records and the
estimative helpers the fourth adversarial review found (D3, D5 to D8), tried
with the reported inputs and with inputs of our own.
"""

from __future__ import annotations

import datetime as dt
import json
import math

from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Ledger,
    Opinion,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
    estimative,
    load,
)
from provenance.credibility import ADMIRALTY_CREDIBILITY
from provenance.errors import DocumentError, InvalidValueError
from provenance.explain import explain, explain_set, said_words
from provenance.grades import ADMIRALTY_GRADES, Grade
from provenance.policy import Policy
from provenance.policy_document import dumps_policy, loads_policy
from provenance.track import Event, Outcome, TrackRecord


ARTICLE: Ledger = load(
    Path(__file__).resolve().parents[1] / "examples" / "article.json"
)
NIS = next(s for s in ARTICLE.sources if s.name == "National Intelligence Service")
TROOPS = ARTICLE.claim("troops-10000")
KNOWN = dt.date(2024, 12, 1)
X = Source(name="X", kind=SourceKind.PERSON)


class MyOpinion(Opinion):
    pass


class MySource(Source):
    pass


class MyClaim(Claim):
    pass


class MySpan(dt.timedelta):
    pass


class MyDay(dt.date):
    pass


def _record() -> TrackRecord:
    known = Outcome(claim=TROOPS, true=True, known_on=KNOWN)
    return TrackRecord.of(ARTICLE, [known])


class TestSubclasses:
    """
    D3: a policy takes exactly the model's classes, as records do.
    """

    def test_opinion_subclass_refused(self) -> None:
        """
        Trust given as an Opinion subclass is refused, not kept unequal to
        its own reloaded document.
        """
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_POLICY.with_trust(NIS, MyOpinion(0.9, 0.05, 0.05))

        assert "values must be Opinion" == info.value.msg

    def test_source_subclass_refused(self) -> None:
        """
        Trust keyed by a Source subclass, which no ledger source equals, is
        refused rather than silently dead.
        """
        mine = MySource(name=NIS.name, kind=NIS.kind)
        opinion = Opinion(0.0, 0.95, 0.05)
        for method in (
            DEFAULT_POLICY.with_trust,
            DEFAULT_POLICY.with_relay_trust,
        ):
            with pytest.raises(InvalidValueError) as info:
                method(mine, opinion)

            assert "must be Source" == info.value.msg
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_POLICY.with_grade(mine, "A")

        assert ("must be Source", "Policy.with_grade") == (
            info.value.msg,
            info.value.path,
        )

    @pytest.mark.parametrize(
        "field", ["source_trust", "relay_source_trust", "source_grades"]
    )
    def test_source_subclass_refused_in_tables(self, field: str) -> None:
        """
        A table built by hand is held to the same rule as the with_ methods.
        """
        mine = MySource(name="X", kind=SourceKind.PERSON)
        value: Any = "A" if field == "source_grades" else Opinion(0.5, 0.0, 0.5)

        changes: dict[str, Any] = {field: {mine: value}}
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(DEFAULT_POLICY, **changes)

        assert (f"Policy.{field}", "keys must be Source") == (
            info.value.path,
            info.value.msg,
        )

    def test_claim_subclass_refused(self) -> None:
        """
        Base rates and half-lives keyed by a Claim subclass are refused.
        """
        mine = MyClaim(text=TROOPS.text)
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_POLICY.with_base_rate(mine, 0.2)

        assert ("must be Claim", "Policy.with_base_rate") == (
            info.value.msg,
            info.value.path,
        )
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_POLICY.with_half_life(mine, dt.timedelta(days=3))

        assert ("must be Claim", "Policy.with_half_life") == (
            info.value.msg,
            info.value.path,
        )
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(DEFAULT_POLICY, claim_base_rates={mine: 0.2})

        assert "Policy.claim_base_rates" == info.value.path

    def test_with_half_life_names_a_key(self) -> None:
        """
        A claim's key is refused as the base rate's is: a policy holds no
        ledger.
        """
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_POLICY.with_half_life("troops-10000", None)  # type: ignore[arg-type]

        assert "Policy.with_half_life" == info.value.path
        assert "ledger.claim(key)" in info.value.msg

    def test_timedelta_subclass_normalised(self) -> None:
        """
        A timedelta subclass becomes a plain timedelta, as a date subclass
        becomes a plain date, so the policy survives its document.
        """
        policy = attrs.evolve(DEFAULT_POLICY, half_life=MySpan(days=30))
        policy = policy.with_half_life(TROOPS, MySpan(days=3))

        assert dt.timedelta is type(policy.half_life)
        assert dt.timedelta is type(policy.claim_half_lives[TROOPS])
        assert policy == loads_policy(dumps_policy(policy))

    def test_grade_opinion_subclass_refused(self) -> None:
        """
        A grade's opinions are exactly Opinion.
        """
        with pytest.raises(InvalidValueError) as info:
            Grade(letter="Z", description="z", opinion=MyOpinion(0.5, 0.0, 0.5))

        assert "Grade.opinion" == info.value.path
        with pytest.raises(InvalidValueError) as info:
            Grade(
                letter="Z",
                description="z",
                opinion=Opinion(0.5, 0.0, 0.5),
                relay_opinion=MyOpinion(0.5, 0.0, 0.5),
            )

        assert "Grade.relay_opinion" == info.value.path

    def test_track_record_subclasses_refused(self) -> None:
        """
        Outcomes, events and a record's sources take exactly the model's
        classes.
        """
        mine = MyClaim(text=TROOPS.text)
        with pytest.raises(InvalidValueError) as info:
            Outcome(claim=mine, true=True, known_on=KNOWN)

        assert "Outcome.claim" == info.value.path
        with pytest.raises(InvalidValueError) as info:
            Event(known_on=KNOWN, claim=mine, correct=True)

        assert "Event.claim" == info.value.path
        record = _record()
        (who, events), *_ = record.events.items()
        with pytest.raises(InvalidValueError) as info:
            TrackRecord(
                outcomes=record.outcomes,
                events={MySource(name=who.name, kind=who.kind): events},
            )

        assert ("TrackRecord.events", "keys must be Source") == (
            info.value.path,
            info.value.msg,
        )

    def test_plain_values_still_round_trip(self) -> None:
        """
        Every with_ method still takes the plain classes, and the policy
        survives its document.
        """
        policy = (
            DEFAULT_POLICY.with_trust(NIS, Opinion(0.9, 0.05, 0.05))
            .with_relay_trust(NIS, Opinion(0.5, 0.1, 0.4))
            .with_grade(NIS, "B")
            .with_base_rate(TROOPS, Fraction(1, 4))  # type: ignore[arg-type]  # A real number.
            .with_half_life(TROOPS, dt.timedelta(days=3))
            .with_track_record(_record())
        )

        assert 0.25 == policy.base_rate_of(TROOPS)
        assert policy == loads_policy(dumps_policy(policy))

    def test_evolve_keeps_normal_tables(self) -> None:
        """
        attrs.evolve passes tables that are already normal on as they are.
        """
        policy = attrs.evolve(DEFAULT_POLICY, base_rate=0.3)

        assert policy.grades is DEFAULT_POLICY.grades
        assert policy.credibility is DEFAULT_POLICY.credibility

    def test_str_and_int_subclasses_normalised(self) -> None:
        """
        Grade letters and credibility grades given as subclasses of str and
        int are held as plain values, which the document writes alike.
        """

        class Letter(str):
            __slots__ = ()

        class Number(int):
            pass

        policy = attrs.evolve(
            DEFAULT_POLICY,
            grades={Letter(k): v for k, v in ADMIRALTY_GRADES.items()},
            credibility={Number(k): v for k, v in ADMIRALTY_CREDIBILITY.items()},
        ).with_grade(NIS, Letter("B"))

        assert {str} == {type(k) for k in policy.grades}
        assert {int} == {type(k) for k in policy.credibility}
        assert str is type(policy.source_grades[NIS])
        assert dumps_policy(policy) == dumps_policy(DEFAULT_POLICY.with_grade(NIS, "B"))


class TestNegativeZero:
    """
    D5: equal policies give identical text, -0.0 included.
    """

    @pytest.mark.parametrize(
        "field",
        ["self_serving_factor", "against_interest_factor", "base_rate", "about_margin"],
    )
    def test_factors(self, field: str) -> None:
        """
        A factor of -0.0 is written as 0.0.
        """
        zero: dict[str, Any] = {field: 0.0}
        negative: dict[str, Any] = {field: -0.0}
        a = attrs.evolve(DEFAULT_POLICY, **zero)
        b = attrs.evolve(DEFAULT_POLICY, **negative)

        assert a == b
        assert dumps_policy(a) == dumps_policy(b)
        assert "-0.0" not in dumps_policy(b)

    def test_every_float_of_the_policy(self) -> None:
        """
        The ceiling, thresholds, words' bounds, base rates and every opinion
        in a table (trust, stances, grades) are written without -0.0.
        """
        zero = Opinion(1.0, -0.0, -0.0, -0.0)
        grade = Grade(letter="A", description="a", opinion=zero, relay_opinion=zero)
        policy = attrs.evolve(
            DEFAULT_POLICY.with_trust(X, zero)
            .with_relay_trust(X, zero)
            .with_base_rate(TROOPS, -0.0),
            uncorroborated_ceiling=-0.0,
            confidence=(-0.0, 0.5),
            conflict_thresholds=(-0.0, -0.0),
            words=((-0.0, "never"), (1.0, "else")),
            grades={**DEFAULT_POLICY.grades, "A": grade},
            kind_trust={**DEFAULT_POLICY.kind_trust, SourceKind.PERSON: zero},
        )
        text = dumps_policy(policy)

        assert "-0" not in text
        assert policy == loads_policy(text)

    def test_reported(self) -> None:
        """
        The review's pair: trust with a disbelief of -0.0 and of 0.0.
        """
        c = DEFAULT_POLICY.with_trust(X, Opinion(1.0, -0.0, 0.0))
        d = DEFAULT_POLICY.with_trust(X, Opinion(1.0, 0.0, 0.0))

        assert dumps_policy(c) == dumps_policy(d)


class TestTrackArguments:
    """
    D6: TrackRecord.of and tally check their arguments.
    """

    @pytest.mark.parametrize(
        "outcomes",
        [
            "outcomes",
            5,
            None,
            {"claim": "troops-10000"},
            [[1]],
            [{"claim": "troops-10000", "true": True}],
        ],
    )
    def test_of_refuses_what_is_not_outcomes(self, outcomes: Any) -> None:
        """
        Unhashable items, mappings and strings are refused with the path.
        """
        with pytest.raises(InvalidValueError) as info:
            TrackRecord.of(ARTICLE, outcomes)

        assert "TrackRecord.of.outcomes" == info.value.path

    def test_of_refuses_an_outcome_in_a_list(self) -> None:
        """
        The reported input: an outcome nested in a list.
        """
        known = Outcome(claim=TROOPS, true=True, known_on=KNOWN)
        with pytest.raises(InvalidValueError) as info:
            TrackRecord.of(ARTICLE, [[known]])  # type: ignore[list-item]

        assert "TrackRecord.of.outcomes" == info.value.path

    def test_of_takes_any_iterable(self) -> None:
        """
        A generator of outcomes is read once.
        """
        known = Outcome(claim=TROOPS, true=True, known_on=KNOWN)

        assert _record() == TrackRecord.of(ARTICLE, (o for o in [known]))

    @pytest.mark.parametrize(
        "source",
        ["South Korean officials", None, 3, MySource(name="x", kind=SourceKind.PERSON)],
    )
    def test_tally_refuses_what_is_not_a_source(self, source: Any) -> None:
        """
        A name is refused, not silently answered (0, 0).
        """
        with pytest.raises(InvalidValueError) as info:
            _record().tally(source)

        assert "TrackRecord.tally.source" == info.value.path

    @pytest.mark.parametrize(
        "as_of",
        [dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), "2025-01-01", 20250101, True],
    )
    def test_tally_refuses_what_is_not_a_day(self, as_of: Any) -> None:
        """
        as_of is a calendar day or None.
        """
        record = _record()
        who = next(iter(record.events))
        with pytest.raises(InvalidValueError) as info:
            record.tally(who, as_of=as_of)

        assert "TrackRecord.tally.as_of" == info.value.path

    def test_tally_still_counts(self) -> None:
        """
        A plain day, a date subclass and None still count.
        """
        record = _record()
        who = next(iter(record.events))

        assert (1, 1) == record.tally(who)
        assert (0, 0) == record.tally(who, as_of=dt.date(2024, 11, 30))
        assert (1, 1) == record.tally(who, as_of=MyDay(2024, 12, 1))


class TestEstimative:
    """
    D7: the estimative helpers and explanations check their arguments.
    """

    BAD: tuple[Any, ...] = (math.nan, 1.5, -3, -0.1, math.inf, None, "0.1", True)

    @pytest.mark.parametrize("bad", BAD)
    def test_words_for(self, bad: Any) -> None:
        """
        A probability outside [0, 1], NaN, a bool or no number is refused.
        """
        with pytest.raises(InvalidValueError) as info:
            estimative.words_for(bad)

        assert "words_for.probability" == info.value.path
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_POLICY.words_for(bad)

        assert "Policy.words_for.probability" == info.value.path

    @pytest.mark.parametrize("bad", BAD)
    def test_confidence_for(self, bad: Any) -> None:
        """
        Uncertainty and conflict are numbers in [0, 1].
        """
        for call, where in (
            (estimative.confidence_for, "confidence_for"),
            (DEFAULT_POLICY.confidence_for, "Policy.confidence_for"),
        ):
            with pytest.raises(InvalidValueError) as info:
                call(bad)

            assert f"{where}.uncertainty" == info.value.path
            with pytest.raises(InvalidValueError) as info:
                call(0.1, conflict=bad)

            assert f"{where}.conflict" == info.value.path

    @pytest.mark.parametrize("bad", [-1, 1.0, True, "2", None])
    def test_counts(self, bad: Any) -> None:
        """
        Corroboration (and what "high" needs) is a whole number >= 0.
        """
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_POLICY.confidence_for(0.1, corroboration=bad)

        assert "Policy.confidence_for.corroboration" == info.value.path
        with pytest.raises(InvalidValueError) as info:
            estimative.confidence_for(0.1, needed=bad)

        assert "confidence_for.needed" == info.value.path

    @pytest.mark.parametrize("bad", [(0.2,), (0.2, math.nan), "ab", None, (0.2, 2)])
    def test_thresholds(self, bad: Any) -> None:
        """
        Thresholds given to the module function are two numbers in [0, 1].
        """
        with pytest.raises(InvalidValueError) as info:
            estimative.confidence_for(0.1, thresholds=bad)

        assert "confidence_for.thresholds" == info.value.path
        with pytest.raises(InvalidValueError) as info:
            estimative.confidence_for(0.1, conflict_thresholds=bad)

        assert "confidence_for.conflict_thresholds" == info.value.path

    @pytest.mark.parametrize("bad", [None, "words", (), [(0.5,)]])
    def test_words_table(self, bad: Any) -> None:
        """
        A table of words given to the module function is checked for shape.
        """
        with pytest.raises(InvalidValueError) as info:
            estimative.words_for(0.5, bad)

        assert "words_for.words" == info.value.path

    def test_real_numbers_still_answer(self) -> None:
        """
        Ints, fractions and the bounds 0 and 1 are real numbers in [0, 1].
        """
        assert "almost no chance" == estimative.words_for(0)
        assert "almost certain" == DEFAULT_POLICY.words_for(1)
        assert "roughly even chance" == DEFAULT_POLICY.words_for(Fraction(1, 2))  # type: ignore[arg-type]
        assert "likely" == DEFAULT_POLICY.words_for(0.8)
        assert "high" == DEFAULT_POLICY.confidence_for(
            0,
            conflict=Fraction(1, 10),  # type: ignore[arg-type]
            corroboration=2,
        )
        assert "moderate" == estimative.confidence_for(0.1, thresholds=[0, 1])  # type: ignore[arg-type]

    def test_explain(self) -> None:
        """
        explain, explain_set and said_words refuse a value of the wrong type.
        """
        with pytest.raises(InvalidValueError) as info:
            explain(None)  # type: ignore[arg-type]

        assert "explain.assessment" == info.value.path
        with pytest.raises(InvalidValueError) as info:
            explain_set(assess(ARTICLE, TROOPS))  # type: ignore[arg-type]

        assert "explain_set.assessment" == info.value.path
        with pytest.raises(InvalidValueError) as info:
            said_words("x")  # type: ignore[arg-type]

        assert "said_words.statement" == info.value.path

    def test_explain_still_explains(self) -> None:
        """
        The right types still give their text.
        """
        statement = Statement(
            source=X,
            claim=TROOPS,
            stance=Stance.from_verb("said"),
            made_on=dt.date(2024, 1, 2),
        )

        assert "X said, 2024-01-02" == said_words(statement)
        assert explain(assess(ARTICLE, TROOPS)).startswith("Claim")


class TestEventsAgainstOutcomes:
    """
    D8: a record's events are checked against its outcomes.
    """

    def _document(self) -> dict[str, Any]:
        policy = DEFAULT_POLICY.with_track_record(_record())
        doc: dict[str, Any] = json.loads(dumps_policy(policy))
        return doc

    def test_event_before_its_outcome(self) -> None:
        """
        An event dated before its outcome became known is refused, by the
        record and by the document loader, each naming the event.
        """
        record = _record()
        (who, (event,)), *_ = record.events.items()
        early = attrs.evolve(event, known_on=dt.date(2000, 1, 1))
        with pytest.raises(InvalidValueError) as info:
            TrackRecord(outcomes=record.outcomes, events={who: (early,)})

        assert f"TrackRecord.events[{who.name}][0]" == info.value.path
        with pytest.raises(InvalidValueError):
            attrs.evolve(record, events={**record.events, who: (early,)})
        doc = self._document()
        for events in doc["track_record"]["events"].values():
            for item in events:
                item["known_on"] = "2000-01-01"
        with pytest.raises(DocumentError) as doc_info:
            loads_policy(json.dumps(doc))

        assert doc_info.value.path.startswith("$.track_record.events[")
        assert doc_info.value.path.endswith("][0]")

    def test_event_without_outcome(self) -> None:
        """
        An event whose claim has no outcome is refused.
        """
        record = _record()
        with pytest.raises(InvalidValueError) as info:
            TrackRecord(outcomes=[], events=record.events)

        assert "has no outcome" in info.value.msg
        doc = self._document()
        doc["track_record"]["outcomes"] = []
        with pytest.raises(DocumentError) as doc_info:
            loads_policy(json.dumps(doc))

        assert doc_info.value.path.endswith("][0]")

    def test_one_event_per_claim(self) -> None:
        """
        A source's word on a resolved claim counts once.
        """
        record = _record()
        (who, (event,)), *_ = record.events.items()
        with pytest.raises(InvalidValueError) as info:
            TrackRecord(outcomes=record.outcomes, events={who: (event, event)})

        assert f"TrackRecord.events[{who.name}][1]" == info.value.path
        doc = self._document()
        for events in doc["track_record"]["events"].values():
            events.append(dict(events[0]))
        with pytest.raises(DocumentError) as doc_info:
            loads_policy(json.dumps(doc))

        assert doc_info.value.path.endswith("][1]")

    def test_a_later_event_loads(self) -> None:
        """
        An event counting from after its outcome (a word held later) is
        valid, and the record's own output always is.
        """
        record = _record()
        (who, (event,)), *_ = record.events.items()
        later = attrs.evolve(event, known_on=dt.date(2025, 1, 1))
        edited = TrackRecord(outcomes=record.outcomes, events={who: (later,)})
        policy = DEFAULT_POLICY.with_track_record(edited)

        assert policy == loads_policy(dumps_policy(policy))
        assert isinstance(Policy(track_record=record), Policy)


def test_unchanged_base_rates_are_passed_on() -> None:
    """
    A table of base rates that needs no normalising is kept as it is.
    """
    policy = DEFAULT_POLICY.with_base_rate(TROOPS, 0.25)

    assert (
        policy.claim_base_rates is attrs.evolve(policy, base_rate=0.3).claim_base_rates
    )
