"""
Wire-copy phrases the default lexicon understands (review analyst9, D3):
non-answers and failed verification whose siblings it knew, known phrases
wrapped in words that name the hearer, the channel or ICD 203's confidence,
"said it ..." clauses, and hedges ("reportedly denied", "appeared to show").
"""

from __future__ import annotations

import json

from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import UnknownVerbError
from provenance.stances import DEFAULT_LEXICON, Stance, known_verbs

from cast import garbled_phrases


# The lexicon of main at 8ca02b9, before these phrases: phrase -> value, then
# " retraction" or " hearsay" when flagged.
BEFORE = Path(__file__).parent / "data" / "lexicon-8ca02b9.json"

# The review's phrases, each with its value and whether it is hearsay.
WIRE = [
    # Non-answers, like "declined to comment" and "would neither confirm nor
    # deny".
    ("declined to comment on", "Uu", False),
    ("could not be reached", "Uu", False),
    ("did not immediately respond", "Uu", False),
    ("would not confirm or deny", "Uu", False),
    ("cannot confirm or deny", "Uu", False),
    # Failed verification, like "could not verify".
    ("said it could not verify", "Uu", False),
    ("has not been able to verify", "Uu", False),
    ("not able to confirm", "Uu", False),
    ("failed to verify", "Uu", False),
    ("could not corroborate", "Uu", False),
    # Attributions: to whom or where, which commits to nothing more.
    ("said in a statement", "CT+", False),
    ("told reporters", "CT+", False),
    ("confirmed to the Herald", "CT+", False),
    # "Reportedly" makes the denial hearsay, as it makes "reportedly" alone.
    ("reportedly denied", "CT-", True),
    # "Appear" is FactBank's PR: the showing as it looks, probable at most.
    ("appeared to show", "PR+", False),
    # ICD 203's confidence grades the basis, not the likelihood: "assessed".
    ("assessed with high confidence", "PR+", False),
    # An admission of possibility.
    ("could not rule out", "PS+", False),
]
# More of the same kinds, and their forms.
FORMS = [
    ("refused to comment on", "Uu", False),
    ("would not comment on", "Uu", False),
    ("couldn't be reached", "Uu", False),
    ("has not responded", "Uu", False),
    ("didn't reply", "Uu", False),
    ("did not immediately respond to the Herald", "Uu", False),
    ("would not confirm or deny", "Uu", False),
    ("has not confirmed or denied", "Uu", False),
    ("couldn't corroborate", "Uu", False),
    ("could not be corroborated", "Uu", False),
    ("was not able to verify", "Uu", False),
    ("were unable to corroborate", "Uu", False),
    ("fails to confirm", "Uu", False),
    ("said that it could not confirm", "Uu", False),
    ("says they were unable to verify", "Uu", False),
    ("said it was untrue", "CT-", False),
    ("said he believed", "PR+", False),
    ("said in a statement to reporters on Monday", "CT+", False),
    ("told the Herald", "CT+", False),
    ("told journalists in an interview", "CT+", False),
    ("flatly denied to the Herald", "CT-", False),
    ("wrote in its report", "CT+", False),
    ("suggested in a briefing", "PS+", False),
    ("assessed with moderate confidence", "PR+", False),
    ("judged with low confidence", "PR+", False),
    ("has reportedly denied", "CT-", True),
    ("allegedly accused", "CT+", True),
    ("supposedly confirmed", "PR+", True),
    ("reportedly suggested", "PS+", True),
    ("reportedly told reporters", "CT+", True),
    ("reportedly declined to comment", "Uu", False),
    ("appears to confirm", "PR+", False),
    ("seemed to deny", "PR-", False),
    ("appeared to suggest", "PS+", False),
    ("cannot rule out", "PS+", False),
    ("couldn't rule out", "PS+", False),
    ("was unable to rule out", "PS+", False),
    ("could not be ruled out", "PS+", False),
    ("can't be ruled out", "PS+", False),
]
# Text that stays unknown: a claim-naming object ("the report", as in
# "denied reports", which tests/test_lexicon_round11.py keeps unknown), a
# clause read as a hearer, a hedged retraction or hearsay, an order.
REFUSED = [
    ("dismissed the report", "dismissed"),
    ("said to the contrary", "said"),
    ("told the Post it was false", "told"),
    ("reportedly corrected", "reportedly"),
    ("reportedly is said to", "reportedly"),
    ("appeared to be", None),
    ("was told to", "was told"),
    ("told to be", "told"),
    ("said there are no evidence", None),
]


def stance(verb: str) -> tuple[str, bool, bool, str]:
    found = Stance.from_verb(verb)
    return found.value, found.hearsay, found.retraction, found.act


class TestWirePhrases:
    @pytest.mark.parametrize(("verb", "value", "hearsay"), [*WIRE, *FORMS])
    def test_value(self, verb: str, value: str, hearsay: bool) -> None:
        """
        Each phrase has the value of its known sibling, and its act is kept
        as written.
        """
        assert (value, hearsay, False, verb) == stance(verb)

    @pytest.mark.parametrize(("verb", "first"), REFUSED)
    def test_refused(self, verb: str, first: str | None) -> None:
        """
        Text that is no wrapped phrase stays unknown, offered the phrase it
        holds first.
        """
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb(verb)

        if first is not None:
            assert first == info.value.suggestions[0]

    @pytest.mark.parametrize(
        "forms",
        [
            ("decline", "declines", "declined", "declining"),
            ("refuse", "refuses", "refused", "refusing"),
        ],
    )
    def test_comment_on_inflected(self, forms: tuple[str, ...]) -> None:
        """
        "Declined to comment on" is listed in every form "declined to
        comment" is.
        """
        for form in forms:
            assert f"{form} to comment" in known_verbs()
            assert f"{form} to comment on" in known_verbs()
            assert "Uu" == Stance.from_verb(f"{form} to comment on").value

    @pytest.mark.parametrize("verb", ["confirm", "verify", "corroborate"])
    def test_failure_inflected(self, verb: str) -> None:
        """
        "Failed to" and "not able to" take every form of their verb, as
        "unable to" does.
        """
        phrases = [
            *(f"{fail} to {verb}" for fail in ("fail", "fails", "failed", "failing")),
            *(f"{be} not able to {verb}" for be in ("is", "was", "were", "are")),
            f"not able to {verb}",
            f"not been able to {verb}",
        ]

        assert set(phrases) <= set(known_verbs())
        assert {"Uu"} == {Stance.from_verb(p).value for p in phrases}


class TestNegations:
    @pytest.mark.parametrize(
        ("verb", "participle", "value"),
        [
            ("deny", "denied", "Uu"),
            ("dispute", "disputed", "Uu"),
            ("respond", "responded", "Uu"),
            ("reply", "replied", "Uu"),
            ("confirm", "confirmed", "Uu"),
            ("verify", "verified", "Uu"),
            ("corroborate", "corroborated", "Uu"),
            ("confirm or deny", "confirmed or denied", "Uu"),
        ],
    )
    def test_did_not(self, verb: str, participle: str, value: str) -> None:
        """
        Every negated form of a non-answer's verb is listed with one value:
        "did not", "didn't", "does not", "do not", "would not", "wouldn't",
        and "not" before the participle.
        """
        auxiliaries = ("did not", "didn't", "does not", "do not", "would not")
        phrases = [
            *(f"{auxiliary} {verb}" for auxiliary in (*auxiliaries, "wouldn't")),
            f"not {participle}",
        ]

        assert set(phrases) <= set(known_verbs())
        assert {value} == {Stance.from_verb(p).value for p in phrases}

    @pytest.mark.parametrize(
        ("verb", "value"),
        [
            ("confirm", "Uu"),
            ("verify", "Uu"),
            ("corroborate", "Uu"),
            ("rule out", "PS+"),
        ],
    )
    def test_cannot(self, verb: str, value: str) -> None:
        """
        Every form of inability is listed with one value.
        """
        phrases = [
            f"{cannot} {verb}"
            for cannot in ("could not", "couldn't", "cannot", "can not", "can't")
        ]

        assert set(phrases) <= set(known_verbs())
        assert {value} == {Stance.from_verb(p).value for p in phrases}


_KNOWN = known_verbs()
_ADJUNCTS = [
    " in a statement",
    " to reporters",
    " to the Herald",
    " on Monday",
    " in an interview to the New York Times",
]


class TestWrapping:
    @given(st.sampled_from(_KNOWN), st.sampled_from(_ADJUNCTS))
    def test_adjunct_keeps_the_stance(self, phrase: str, adjunct: str) -> None:
        """
        Any known phrase, followed by whom or where it was said to, keeps
        its value and flags.
        """
        assert stance(phrase)[:3] == stance(phrase + adjunct)[:3]

    @given(st.sampled_from(_KNOWN), st.sampled_from(["said it ", "says that they "]))
    def test_said_keeps_the_stance(self, phrase: str, said: str) -> None:
        """
        "Said it" before any known phrase keeps its value and flags.
        """
        assert stance(phrase)[:3] == stance(said + phrase)[:3]

    @given(
        st.sampled_from(_KNOWN),
        st.sampled_from(
            [
                ("reportedly ", "CT", True),
                ("supposedly ", "PR", True),
                ("appeared to ", "PR", False),
                ("seems to ", "PR", False),
            ]
        ),
    )
    def test_hedge(self, phrase: str, hedge: tuple[str, str, bool]) -> None:
        """
        A hedge caps the modality and may make the phrase hearsay; it keeps
        the polarity and leaves Uu as it is. A hedged retraction or hearsay
        is unknown.
        """
        words, most, hearsay = hedge
        known = Stance.from_verb(phrase)
        if known.retraction or known.hearsay:
            with pytest.raises(UnknownVerbError):
                Stance.from_verb(words + phrase)
            return
        hedged = Stance.from_verb(words + phrase)
        order = ["PS", "PR", "CT"]
        if known.is_vacuous:
            assert ("Uu", False) == (hedged.value, hedged.hearsay)
            return
        modality = min(known.modality.value, most, key=order.index)

        assert known.polarity == hedged.polarity
        assert (modality, hearsay) == (hedged.modality.value, hedged.hearsay)


class TestUnchanged:
    def test_every_phrase_keeps_its_stance(self) -> None:
        """
        Every phrase main's lexicon knew at 8ca02b9 is still listed, with
        its value and flags (the negation forms are now generated by one
        helper).
        """
        before: dict[str, str] = json.loads(BEFORE.read_text(encoding="utf-8"))
        now = {
            phrase: " ".join(
                [
                    stance.value,
                    *(["retraction"] if stance.retraction else []),
                    *(["hearsay"] if stance.hearsay else []),
                ]
            )
            for phrase in before
            for stance in [DEFAULT_LEXICON.stance(phrase)]
        }

        assert before == now
        assert len(before) == 1442


_WIRE_WORDS = sorted(
    {word for phrase, _, _ in [*WIRE, *FORMS] for word in phrase.lower().split()}
)


_GARBLED = garbled_phrases(_WIRE_WORDS, max_size=7)


class TestSuggestions:
    @given(_GARBLED)
    def test_suggestions_are_accepted(self, text: str) -> None:
        """
        Every phrase suggested for a garbled wire phrase is accepted by
        `Stance.from_verb` as it is offered.
        """
        try:
            Stance.from_verb(text)
        except UnknownVerbError as exc:
            offered = exc.suggestions
        else:
            return

        for known in offered:
            assert known == Stance.from_verb(known).act

    @pytest.mark.parametrize(
        ("text", "first"),
        [
            ("could not corroborat", "could not corroborate"),
            ("failed to verfy", "failed to verify"),
            ("declined to coment on", "declined to comment on"),
        ],
    )
    def test_misspelt_phrase_first(self, text: str, first: str) -> None:
        """
        A slip in a new phrase is offered the phrase first.
        """
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb(text)

        assert first == info.value.suggestions[0]
