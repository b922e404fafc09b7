"""
The lexicon after review analyst10: a stated confidence (ICD 203) hedges a
phrase and never firms it (D4), and the wire phrases the review found
refused beside siblings the lexicon read (D6): hearers named without an
article, the complementiser "that", a non-answer's topic, "no evidence
of", "is suspected", attributions of blame, fact-checkers' verdicts,
inquiries under way and the reporter's own judgement.
"""

from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import UnknownVerbError
from provenance.stances import Polarity, Stance, known_verbs

from cast import reading as read
from cast import refused


# Most certain last: a hedge may only move a value down this order.
_ORDER = ["PS", "PR", "CT"]


# D4: the review's phrases, and each side and level.
CONFIDENCE = [
    ("said with low confidence", "PR+", False),
    ("concluded with low confidence", "PR+", False),
    ("stated with moderate confidence", "PR+", False),
    ("confirmed with medium confidence", "PR+", False),
    ("said with high confidence", "PR+", False),
    ("assessed with high confidence", "PR+", False),
    ("assessed with moderate confidence", "PR+", False),
    ("assessed with low confidence", "PR+", False),
    ("judged with low confidence", "PR+", False),
    ("suggested with low confidence", "PS+", False),
    ("denied with low confidence", "PR-", False),
    ("rejected with moderate confidence", "PR-", False),
    ("denied with high confidence", "PR-", False),
    ("questioned with low confidence", "PS-", False),
    ("declined to comment with low confidence", "Uu", False),
    ("attributed the breach with moderate confidence", None, False),
    ("attributed with moderate confidence", "PR+", False),
    ("reportedly said with low confidence", "PR+", True),
    ("said with low confidence to reporters", "PR+", False),
    ("told Reuters with moderate confidence on Monday", "PR+", False),
    ("confirmed with low confidence that", "PR+", False),
]

# D6: each phrase, with its value and whether it is hearsay.
WIRE = [
    # Hearers named without an article, or with "a".
    ("told Reuters", "CT+", False),
    ("told CNN", "CT+", False),
    ("confirmed to Reuters", "CT+", False),
    ("told MPs", "CT+", False),
    ("told mps", "CT+", False),
    ("told a parliamentary committee", "CT+", False),
    ("told a tech outlet", "CT+", False),
    ("told New York Times", "CT+", False),
    ("denied to AFP", "CT-", False),
    ("told Reuters in an interview on Monday", "CT+", False),
    ("declined to comment to Reuters", "Uu", False),
    ("told investigators", "CT+", False),
    ("confirmed to an Israeli newspaper", "CT+", False),
    # "A" before what a hedge hedges is no hearer: read off only as far as
    # what is left is known.
    ("appeared to a fabrication", "PR-", False),
    ("did not reply to a request for comment with high confidence", "Uu", False),
    # The complementiser.
    ("confirmed that", "CT+", False),
    ("denied that", "CT-", False),
    ("claimed that", "CT+", False),
    ("alleged that", "CT+", False),
    ("said that", "CT+", False),
    ("told Reuters that", "CT+", False),
    ("said in a statement that", "CT+", False),
    ("suggested that", "PS+", False),
    ("found no evidence that", "PR-", False),
    # A non-answer's topic.
    ("declined to comment on the report", "Uu", False),
    ("declined to comment on the matter", "Uu", False),
    ("refused to be drawn on the matter", "Uu", False),
    ("no comment on the allegations", "Uu", False),
    ("would not comment on its security arrangements", "Uu", False),
    ("declined to comment on Reuters' report", "Uu", False),
    # "No evidence of": the claim follows "of".
    ("found no evidence of", "PR-", False),
    ("saw no evidence of", "PR-", False),
    ("said there was no evidence of", "PR-", False),
    ("there is no evidence of", "PR-", False),
    # A hearsay passive, as "is believed".
    ("is suspected", "PR+", True),
    ("are suspected", "PR+", True),
    ("is suspected to", "PR+", True),
    ("is suspected of", "PR+", True),
    ("were suspected of", "PR+", True),
    ("suspected to be", "PR+", True),
    # Blame commits the one who lays it, as an accusation does.
    ("attributed", "CT+", False),
    ("blamed", "CT+", False),
    ("blames", "CT+", False),
    # A fact-checker's verdict.
    ("rated false", "CT-", False),
    ("rated it false", "CT-", False),
    ("rated as baseless", "CT-", False),
    # An inquiry under way has no finding.
    ("is investigating", "Uu", False),
    ("said it was investigating", "Uu", False),
    ("has been investigating", "Uu", False),
    ("investigated", "Uu", False),
    ("is looking into", "Uu", False),
    # An estimate.
    ("said it was unlikely", "PR-", False),
    ("said it was likely", "PR+", False),
    # Adverbs that change nothing, and the reporter's own judgement.
    ("eventually confirmed", "CT+", False),
    ("ultimately denied", "CT-", False),
    ("falsely claimed", "CT+", False),
    ("falsely denied", "CT-", False),
    ("baselessly accused", "CT+", False),
    ("claimed without evidence", "CT+", False),
    ("alleged without providing any evidence", "CT+", False),
    ("said without offering proof", "CT+", False),
]

# Shapes refused on purpose, each with its first suggestion (None: any).
REFUSED = [
    # A claim named as the object of a committing phrase: the analyst
    # records the claim itself (tests/test_lexicon_round11.py).
    ("denied the report", "denied"),
    ("denied reports", "denied"),
    ("confirmed the reports", "confirmed"),
    ("cast doubt on the report", "cast doubt on"),
    ("rated the claim false", None),
    # A clause after a non-answer's "on" is no topic.
    ("declined to comment on the report but denied", "declined to comment on"),
    ("declined to comment on whether it was hacked", "declined to comment on"),
    # A lower-case word after "to" may be a verb; a capital is a name.
    ("is expected to confirm", "is expected to"),
    ("Is Expected To Confirm", "is expected to"),
    ("told reuters", "told"),
    # What was told, a measure, a clause: no hearer.
    ("told a lie", "told"),
    ("confirmed to a degree", "confirmed"),
    ("told the Post and denied", "told"),
    ("told Reuters it was false", "told"),
    # "That" opens no clause after a preposition.
    ("it is seen as that", "it is seen as"),
    # The speaker's own error goes with its correction.
    ("mistakenly reported", "reported"),
    ("wrongly claimed", "claimed"),
    # A withdrawal or a repetition on a low-confidence word.
    ("retracted with low confidence", "retracted"),
    ("is believed with moderate confidence", "is believed"),
]


class TestValues:
    @pytest.mark.parametrize(("verb", "value", "hearsay"), [*CONFIDENCE, *WIRE])
    def test_value(self, verb: str, value: str | None, hearsay: bool) -> None:
        """
        Each phrase has its value, is hearsay only if said, withdraws
        nothing, and keeps its act as written.
        """
        if value is None:
            assert refused(verb)
            return
        found = Stance.from_verb(verb)

        assert (value, hearsay, False, verb) == (
            found.value,
            found.hearsay,
            found.retraction,
            found.act,
        )

    @pytest.mark.parametrize(("text", "first"), REFUSED)
    def test_refused(self, text: str, first: str | None) -> None:
        """
        The shapes refused on purpose stay unknown, with the phrase they
        hold offered first.
        """
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb(text)

        if first is not None:
            assert first == info.value.suggestions[0]

    def test_d4_hedge_is_below_the_bare_verb(self) -> None:
        """
        The review's case: "said with low confidence" is less certain than
        "said", on the same side, as "assessed with low confidence" is.
        """
        bare = Stance.from_verb("said")
        hedged = Stance.from_verb("said with low confidence")

        assert bare.polarity == hedged.polarity
        assert _ORDER.index(hedged.modality.value) < _ORDER.index(bare.modality.value)
        assert read("assessed with low confidence") == read("said with low confidence")


# Every phrase that a hedge may weaken (neither a retraction nor hearsay),
# and every phrase it refuses to.
_KNOWN = known_verbs()
_PLAIN = [p for p in _KNOWN if not (read(p)[1] or read(p)[2])]
_MARKED = [p for p in _KNOWN if read(p)[1] or read(p)[2]]
_CAPS = {
    " with high confidence": "PR",
    " with low confidence": "PR",
    " with moderate confidence": "PR",
    " with medium confidence": "PR",
}


_PREPOSITIONS = (" as", " of", " on", " to", " about", " into", " for")


def _capped(value: str, most: str) -> str:
    if value == "Uu":
        return value
    modality = min(value[:2], most, key=_ORDER.index)
    return modality + value[2:]


class TestOrderingLaw:
    @pytest.mark.parametrize("hedge", sorted(_CAPS))
    def test_confidence_caps_every_phrase(self, hedge: str) -> None:
        """
        Low, moderate or medium confidence after any phrase that is neither
        a retraction nor hearsay caps it at probable on the same side: never
        firmer, never the other side, ``Uu`` as it is.
        """
        expected = {p: _capped(read(p)[0], _CAPS[hedge]) for p in _PLAIN}
        got = {p: Stance.from_verb(p + hedge).value for p in _PLAIN}

        assert expected == got

    @given(st.sampled_from(_MARKED), st.sampled_from(sorted(_CAPS)))
    def test_marked_phrases_are_refused(self, phrase: str, hedge: str) -> None:
        """
        A retraction or a hearsay phrase with a low or moderate confidence
        is unknown: a withdrawal or a repetition on an unsure word is no
        phrase the lexicon reads.
        """
        assert refused(phrase + hedge)

    @given(
        st.sampled_from(_KNOWN),
        st.lists(
            st.sampled_from(
                [
                    " with low confidence",
                    " with moderate confidence",
                    " with high confidence",
                    " to Reuters",
                    " in a statement",
                    " on Monday",
                    " without evidence",
                ]
            ),
            max_size=3,
        ),
        st.sampled_from(["", "reportedly ", "supposedly ", "appeared to "]),
    )
    def test_a_hedge_never_firms(
        self, phrase: str, after: list[str], before: str
    ) -> None:
        """
        Whatever wraps a known phrase, it is refused or read on the same
        side and no more certainly: ``Uu`` stays ``Uu``, and a committed
        phrase never becomes ``Uu``.
        """
        text = before + phrase + "".join(after)
        if refused(text):
            return
        bare, wrapped = Stance.from_verb(phrase), Stance.from_verb(text)

        assert bare.polarity == wrapped.polarity
        if bare.polarity is not Polarity.UNKNOWN:
            assert _ORDER.index(wrapped.modality.value) <= _ORDER.index(
                bare.modality.value
            )

    def test_order_of_adjuncts_does_not_matter(self) -> None:
        """
        Confidence before or after the hearer and the day reads the same.
        """
        values = {
            read(text)
            for text in (
                "denied with low confidence to Reuters on Monday",
                "denied to Reuters with low confidence on Monday",
                "denied to Reuters on Monday with low confidence",
            )
        }

        assert {("PR-", False, False)} == values


class TestRules:
    @pytest.mark.parametrize(
        "wrap",
        [
            "{} to Reuters",
            "{} to CNN",
            "{} to a local newspaper",
            "{} that",
            "{} without evidence",
        ],
    )
    def test_wrapping_keeps_every_phrase(self, wrap: str) -> None:
        """
        A hearer named without an article or with "a", a final "that" and
        the reporter's "without evidence" keep any phrase's value and flags
        ("that" after a preposition is refused, below).
        """
        changed = {}
        for phrase in _KNOWN:
            text = wrap.format(phrase)
            if wrap == "{} that" and phrase.endswith(_PREPOSITIONS):
                continue
            if read(text) != read(phrase):
                changed[phrase] = read(text)

        assert {} == changed

    def test_no_clause_after_a_preposition(self) -> None:
        """
        "That" after a phrase ending in a preposition opens no clause: the
        text is unknown ("it is seen as that", "according to that").
        """
        ending = [p for p in _KNOWN if p.endswith(_PREPOSITIONS)]

        assert len(ending) > 100
        assert all(refused(p + " that") for p in ending[::25])

    def test_told_a_named_hearer(self) -> None:
        """
        Every form of "tell" takes a hearer named without an article.
        """
        forms = ["tell", "tells", "told", "telling"]

        assert {("CT+", False, False)} == {read(f"{f} Reuters") for f in forms}

    def test_topic_of_every_non_answer(self) -> None:
        """
        Every non-answer ending in "on" takes a topic and stays ``Uu``;
        every committing phrase ending in "on" refuses one.
        """
        ending = [p for p in _KNOWN if p.endswith(" on")]
        uu = [p for p in ending if read(p)[0] == "Uu"]
        committed = [p for p in ending if read(p)[0] != "Uu"]

        assert uu
        assert committed
        assert {("Uu", False, False)} == {read(p + " the matter") for p in uu}
        assert all(refused(p + " the report") for p in committed[:5])

    def test_no_evidence_of_every_form(self) -> None:
        """
        "Of" after every "no evidence" phrase keeps its value.
        """
        forms = [p for p in _KNOWN if p.endswith("no evidence")]

        assert len(forms) > 10
        assert {p: read(p) for p in forms} == {p: read(p + " of") for p in forms}
