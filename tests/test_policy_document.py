from __future__ import annotations

import datetime as dt
import io
import json

from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

import provenance as pv

from provenance import policy_document
from provenance.credibility import ADMIRALTY_CREDIBILITY
from provenance.errors import (
    DocumentError,
    FileAccessError,
    IntegrityError,
    InvalidValueError,
    UnknownReferenceError,
    UnsupportedVersionError,
)
from provenance.opinion import Discounting, Fusion
from provenance.policy import Dependency
from provenance.policy_document import (
    POLICY_FORMAT,
    POLICY_VERSION,
    dump_policy,
    dumps_policy,
    load_policy,
    loads_policy,
)
from provenance.stances import FactBank
from provenance.testing import claims, opinions, sources
from provenance.track import Outcome, TrackRecord


ARTICLE = pv.loads(
    (resources.files("provenance") / "data" / "article.json").read_bytes()
)
NIS = ARTICLE.source("National Intelligence Service")
TROOPS = ARTICLE.claim("troops-10000")

durations = st.timedeltas(min_value=dt.timedelta(microseconds=1))


@st.composite
def policies(draw: st.DrawFn) -> pv.Policy:
    """
    Policies that change any field from the default; shrinks to the default.
    """
    policy = pv.DEFAULT_POLICY
    people = draw(st.lists(sources(), max_size=3))
    for person in people:
        choice = draw(st.sampled_from(["trust", "grade", "relay", "none"]))
        if choice == "trust":
            policy = policy.with_trust(person, draw(opinions()))
        elif choice == "grade":
            policy = policy.with_grade(person, draw(st.sampled_from("ABCDEFG")))
        elif choice == "relay":
            policy = policy.with_relay_trust(person, draw(opinions()))
    for claim in draw(st.lists(claims(), max_size=2)):
        if draw(st.booleans()):
            policy = policy.with_base_rate(claim, draw(st.floats(0, 1)))
        else:
            half_life = draw(st.none() | durations)
            policy = policy.with_half_life(claim, half_life)
    changes: dict[str, Any] = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "stances": st.fixed_dictionaries(
                    {value: opinions() for value in FactBank}
                ),
                "self_serving_factor": st.floats(0, 1),
                "against_interest_factor": st.floats(0, 1),
                "dependency": st.sampled_from(Dependency),
                "within_group": st.sampled_from(Fusion),
                "across_groups": st.sampled_from(Fusion),
                "base_rate": st.floats(0, 1),
                "half_life": st.none() | durations,
                "discounting": st.sampled_from(Discounting),
                "uncorroborated_ceiling": st.none() | st.floats(0, 1),
                "confidence": st.tuples(st.floats(0, 0.5), st.floats(0.5, 1)),
                "corroboration": st.integers(1, 1000),
                "relate_quantities": st.booleans(),
                "about_margin": st.floats(0, 1),
                "words": st.just(((0.5, "less"), (1.0, "more"))),
                "credibility": st.just(
                    {
                        **ADMIRALTY_CREDIBILITY,
                        3: attrs.evolve(ADMIRALTY_CREDIBILITY[3], factor=0.7),
                    }
                ),
            },
        )
    )
    return attrs.evolve(policy, **changes)


def _track_record_policy() -> pv.Policy:
    record = TrackRecord.of(
        ARTICLE, [Outcome(claim=TROOPS, true=True, known_on=dt.date(2025, 1, 1))]
    )
    return pv.DEFAULT_POLICY.with_track_record(record)


class TestRoundTrip:
    @given(policies())
    def test_any_policy(self, policy: pv.Policy) -> None:
        """
        Loading a dumped policy gives an equal policy, and dumping is
        canonical.
        """
        text = dumps_policy(policy)

        assert policy == loads_policy(text)
        assert text == dumps_policy(loads_policy(text))

    def test_default(self) -> None:
        """
        The default policy's document is the envelope and every field.
        """
        doc = json.loads(dumps_policy(pv.DEFAULT_POLICY))

        assert (POLICY_FORMAT, POLICY_VERSION) == (doc["format"], doc["version"])
        assert {a.name for a in attrs.fields(pv.Policy)} <= set(doc)
        assert {} == doc["sources"]

    def test_every_field_has_a_reader(self) -> None:
        """
        Every field of Policy is written and read: none is dropped silently.
        """
        names = {a.name for a in attrs.fields(pv.Policy)}

        assert names == set(policy_document._READERS)

    def test_sources_named_by_id_with_their_table(self) -> None:
        """
        Per-source rules name their source by content id; the sources table
        holds it and its affiliations.
        """
        doc = json.loads(dumps_policy(pv.DEFAULT_POLICY.with_grade(NIS, "A")))

        assert {NIS.id: "A"} == doc["source_grades"]
        assert {NIS.id, *(a.id for a in NIS.affiliations())} == set(doc["sources"])

    def test_track_record(self) -> None:
        """
        A track record round-trips, outcomes and events.
        """
        policy = _track_record_policy()

        assert policy.track_record is not None
        assert policy.track_record.events
        assert policy == loads_policy(dumps_policy(policy))

    def test_same_assessments(self) -> None:
        """
        A loaded policy assesses the article as the original does.
        """
        policy = pv.DEFAULT_POLICY.with_grade(NIS, "A").with_base_rate(TROOPS, 0.3)
        loaded = loads_policy(dumps_policy(policy, indent=2))

        assert pv.assess(ARTICLE, TROOPS, policy=policy) == pv.assess(
            ARTICLE, TROOPS, policy=loaded
        )

    def test_missing_keys_take_defaults(self) -> None:
        """
        A document may leave fields out: they take the default policy's.
        """
        text = json.dumps({"format": POLICY_FORMAT, "version": 1, "base_rate": 0.3})

        assert attrs.evolve(pv.DEFAULT_POLICY, base_rate=0.3) == loads_policy(text)

    def test_durations(self) -> None:
        """
        Half-lives are ISO 8601 durations, exact to the microsecond.
        """
        span = dt.timedelta(days=3, seconds=7, microseconds=500)
        policy = attrs.evolve(pv.DEFAULT_POLICY, half_life=span)
        doc = json.loads(dumps_policy(policy))

        assert "P3DT7.0005S" == doc["half_life"]
        assert span == loads_policy(dumps_policy(policy)).half_life

    def test_files(self, tmp_path: Path) -> None:
        """
        dump_policy and load_policy take paths and files.
        """
        policy = pv.DEFAULT_POLICY.with_grade(NIS, "B")
        path = tmp_path / "policy.json"
        dump_policy(policy, path)
        buffer = io.StringIO()
        dump_policy(policy, buffer)
        buffer.seek(0)

        assert policy == load_policy(path)
        assert policy == load_policy(buffer)
        assert policy == load_policy(io.BytesIO(path.read_bytes()))


def _envelope(fields: dict[str, Any]) -> str:
    return json.dumps({"format": POLICY_FORMAT, "version": POLICY_VERSION, **fields})


def _doc(**changes: Any) -> str:
    doc = json.loads(dumps_policy(pv.DEFAULT_POLICY.with_grade(NIS, "A")))
    doc.update(changes)
    return json.dumps(doc)


class TestHostile:
    @pytest.mark.parametrize(
        ("text", "path"),
        [
            ("[]", "$"),
            ("not json", "$"),
            (b"\xff", "$"),
            ('{"format": "provenance", "version": 1}', "$.format"),
            (_envelope({"x": 1}), "$"),
            ('{"format": "provenance-policy", "version": 1, "a": 1, "a": 2}', "$"),
            ('{"format": "provenance-policy", "version": 1, "x": NaN}', "$"),
            (_envelope({"base_rate": 2}), "$.base_rate"),
            (_envelope({"base_rate": 10**400}), "$.base_rate"),
            (_envelope({"about_margin": -(10**400)}), "$.about_margin"),
            (
                '{"format": "provenance-policy", "version": 1, "base_rate": 1e999}',
                "$.base_rate",
            ),
            (_envelope({"base_rate": "1"}), "$.base_rate"),
            (_envelope({"base_rate": True}), "$.base_rate"),
            (_envelope({"corroboration": 0}), "$.corroboration"),
            (_envelope({"corroboration": 1.0}), "$.corroboration"),
            (_envelope({"dependency": "x"}), "$.dependency"),
            (_envelope({"half_life": "P0D"}), "$.half_life"),
            (_envelope({"half_life": "30 days"}), "$.half_life"),
            (_envelope({"half_life": "PT"}), "$.half_life"),
            (_envelope({"words": [[1, 2]]}), "$.words[0][1]"),
            (_envelope({"words": [[0.5, "a"]]}), "$.words"),
            (_envelope({"words": [[0.5, "a"], [0.5, "b"], [1, "c"]]}), "$.words"),
            (_envelope({"words": [[0.5, "a"], [1, "\u200b"]]}), "$.words"),
            (_envelope({"words": [[0.5, " "], [1, "c"]]}), "$.words"),
            (_envelope({"confidence": [0.9, 0.1]}), "$.confidence"),
            (_envelope({"kind_trust": {}}), "$.kind_trust"),
            (_envelope({"kind_trust": {"alien": {}}}), "$.kind_trust['alien']"),
            (_envelope({"stances": {"CT+": {"belief": 1}}}), "$.stances['CT+']"),
            (
                _envelope(
                    {
                        "stances": {
                            "CT+": {
                                "belief": 1,
                                "disbelief": 1,
                                "uncertainty": 0,
                                "base_rate": 0.5,
                            }
                        }
                    }
                ),
                "$.stances['CT+']",
            ),
            (_envelope({"credibility": {"7": {}}}), "$.credibility['7']"),
            (_envelope({"grades": {"A": []}}), "$.grades['A']"),
            (_envelope({"sources": []}), "$.sources"),
            (_envelope({"source_trust": {"abc": 1}}), "$.source_trust['abc']"),
            (
                _envelope({"track_record": {"outcomes": [], "events": []}}),
                "$.track_record.events",
            ),
            ("[" * 100_000 + "]" * 100_000, "$"),
            (
                _envelope({"stances": {"CT+": {"belief": 1, "x": 2}}}),
                "$.stances['CT+']",
            ),
            (_envelope({"words": [[1]]}), "$.words[0]"),
            (_envelope({"confidence": [0.1]}), "$.confidence"),
            (
                _envelope({"track_record": {"outcomes": [{"claim": 1}], "events": {}}}),
                "$.track_record.outcomes[0]",
            ),
            (_envelope({"sources": {"abc": "x"}}), "$.sources['abc']"),
            (_envelope({"sources": {"abc": {"name": 1}}}), "$.sources['abc'].name"),
            (_envelope({"claims": {"abc": {"text": "x"}}}), "$.claims['abc'].about"),
            (
                _envelope(
                    {"credibility": {"3": {"description": "x", "factor": 0.8, "y": 1}}}
                ),
                "$.credibility['3']",
            ),
            (
                _envelope({"track_record": {"outcomes": [], "events": {}, "y": 1}}),
                "$.track_record",
            ),
        ],
    )
    def test_bad_documents(self, text: str | bytes, path: str) -> None:
        """
        Each malformed document raises a DocumentError at the JSON path of
        its problem, on one line.
        """
        with pytest.raises(DocumentError) as caught:
            loads_policy(text)

        assert path == caught.value.path
        assert "\n" not in str(caught.value)

    @pytest.mark.parametrize("version", [0, 2, "1", None, 1.0])
    def test_versions(self, version: object) -> None:
        """
        An unknown version is an UnsupportedVersionError at $.version.
        """
        text = json.dumps({"format": POLICY_FORMAT, "version": version})

        with pytest.raises(UnsupportedVersionError) as caught:
            loads_policy(text)

        assert "$.version" == caught.value.path

    @pytest.mark.parametrize(
        ("day", "message"),
        [("2024-02-30", "no such day"), ("24-1-1", "YYYY-MM-DD"), (1, "a string")],
    )
    def test_bad_days(self, day: object, message: str) -> None:
        """
        Track-record days must be real days written as YYYY-MM-DD.
        """
        doc = json.loads(dumps_policy(_track_record_policy()))
        doc["track_record"]["outcomes"][0]["known_on"] = day

        with pytest.raises(DocumentError, match=message) as caught:
            loads_policy(json.dumps(doc))

        assert "$.track_record.outcomes[0].known_on" == caught.value.path

    def test_not_text(self) -> None:
        """
        Only text or bytes are read.
        """
        with pytest.raises(DocumentError):
            loads_policy(1)  # type: ignore[arg-type]  # on purpose

    def test_unknown_source(self) -> None:
        """
        A rule naming a source the table lacks is an UnknownReferenceError.
        """
        text = _doc(source_grades={"0" * 64: "A"})

        with pytest.raises(UnknownReferenceError) as caught:
            loads_policy(text)

        assert "$.source_grades['" + "0" * 64 + "']" == caught.value.path

    def test_altered_source(self) -> None:
        """
        A source table entry altered after writing fails its id check.
        """
        doc = json.loads(_doc())
        doc["sources"][NIS.id]["name"] = "Someone else"

        with pytest.raises(IntegrityError):
            loads_policy(json.dumps(doc))

    def test_malformed_source(self) -> None:
        """
        A source table entry of the wrong shape names its field.
        """
        doc = json.loads(_doc())
        doc["sources"][NIS.id]["kind"] = "alien"

        with pytest.raises(DocumentError) as caught:
            loads_policy(json.dumps(doc))

        assert caught.value.path.startswith(f"$.sources['{NIS.id}']")

    def test_unnamed_source(self) -> None:
        """
        A table entry that no rule names is refused.
        """
        doc = json.loads(_doc())
        doc["source_grades"] = {}

        with pytest.raises(DocumentError, match="not named by any rule"):
            loads_policy(json.dumps(doc))

    def test_hostile_names(self) -> None:
        """
        Sources with hostile names round-trip as they are.
        """
        evil = pv.Source(name='<script>"\x1b[31m\u202e', kind=pv.SourceKind.PERSON)
        policy = pv.DEFAULT_POLICY.with_grade(evil, "G")

        assert policy == loads_policy(dumps_policy(policy))

    @pytest.mark.parametrize("bad", [None, 1, "x", object()])
    def test_bad_arguments(self, bad: Any) -> None:
        """
        Wrong argument types raise InvalidValueError, not TypeError.
        """
        with pytest.raises(InvalidValueError):
            dumps_policy(bad)
        with pytest.raises(InvalidValueError):
            dumps_policy(pv.DEFAULT_POLICY, indent=-1 if bad in (None, 1) else bad)
        with pytest.raises(InvalidValueError):
            dump_policy(pv.DEFAULT_POLICY, 1)  # type: ignore[arg-type]  # on purpose
        with pytest.raises(InvalidValueError):
            load_policy(1)  # type: ignore[arg-type]  # on purpose

    def test_missing_file(self, tmp_path: Path) -> None:
        """
        A missing file is a FileAccessError, as is an unwritable one.
        """
        with pytest.raises(FileAccessError):
            load_policy(tmp_path / "missing.json")
        with pytest.raises(FileAccessError):
            dump_policy(pv.DEFAULT_POLICY, tmp_path / "no" / "such.json")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*here, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*here, index)))
    return found


class TestFuzz:
    @given(data=st.data())
    def test_any_damage_is_a_document_error(self, data: st.DataObject) -> None:
        """
        Replacing any part of a valid document with any JSON value gives a
        policy or a DocumentError, never another exception.
        """
        doc = json.loads(dumps_policy(_track_record_policy().with_grade(NIS, "B")))
        paths = [p for p in _paths(doc) if p]
        path = data.draw(st.sampled_from(paths))
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = data.draw(json_values)

        try:
            loads_policy(json.dumps(doc))
        except DocumentError as exc:
            message = str(exc)
        else:
            message = ""

        assert "\n" not in message
