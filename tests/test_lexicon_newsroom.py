"""
Newsroom phrases the default lexicon understands: non-answers, the outlet's
own reporting, hearsay told to an unnamed hearer, restatements, and the
perfect of the "it is claimed that" passives.
"""

from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import UnknownVerbError
from provenance.stances import DEFAULT_LEXICON, Polarity, Stance, known_verbs

from cast import garbled_phrases


# Non-answers: each commits to nothing, and none is a denial or a
# confirmation, like "declined to comment" and "would not deny".
NON_ANSWERS = [
    "would not comment",
    "wouldn't comment",
    "will not comment",
    "would not confirm",
    "declined to confirm or deny",
    "refused to confirm or deny",
    "would neither confirm nor deny",
    "stopped short of confirming",
    "stopped short of denying",
    "was not immediately available for comment",
    "were not available for comment",
    "was unavailable for comment",
    "did not respond to a request for comment",
    "did not immediately respond to requests for comment",
    "did not return a request for comment",
    "did not reply to requests for comment",
    "refused to be drawn",
    "refused to be drawn on",
    "declined to be drawn on",
    "would not be drawn",
    "did not dispute",
    "didn't dispute",
    "does not dispute",
    "would not dispute",
    "did not deny",
    "would not deny",
]
# Each phrase with its value and whether it is hearsay.
COMMITTED = [
    # The outlet's own reporting, which it vouches for.
    ("has learned", "CT+", False),
    ("learned", "CT+", False),
    ("learnt", "CT+", False),
    # Told by someone unnamed: the hearer repeats the teller.
    ("was told", "CT+", True),
    ("were told", "CT+", True),
    ("has been told", "CT+", True),
    # Restatements: the speaker commits, and withdraws nothing.
    ("clarified", "CT+", False),
    ("reiterated", "CT+", False),
    ("acknowledged", "CT+", False),
    ("admitted", "CT+", False),
    ("conceded", "CT+", False),
    ("insisted", "CT+", False),
    ("maintained", "CT+", False),
    # The perfect of the unattributed passives.
    ("it has been claimed that", "CT+", True),
    ("it had been reported that", "CT+", True),
    ("it has long been believed that", "PR+", True),
    ("it has been rumoured", "PS+", True),
    ("there has been no evidence", "PR-", False),
    ("said there had been no evidence", "PR-", False),
]


class TestNewsroomPhrases:
    @pytest.mark.parametrize("verb", NON_ANSWERS)
    def test_non_answers_commit_to_nothing(self, verb: str) -> None:
        """
        A newsroom non-answer is Uu: neither a denial nor hearsay nor a
        retraction; the act is kept as written.
        """
        stance = Stance.from_verb(verb)

        assert ("Uu", Polarity.UNKNOWN, False, False, verb) == (
            stance.value,
            stance.polarity,
            stance.hearsay,
            stance.retraction,
            stance.act,
        )

    @pytest.mark.parametrize(("verb", "value", "hearsay"), COMMITTED)
    def test_committed_phrases(self, verb: str, value: str, hearsay: bool) -> None:
        """
        The outlet's own reporting, restatements and passives commit with
        their value, hearsay where the speaker is unnamed.
        """
        stance = Stance.from_verb(verb)

        assert (value, hearsay, False, verb) == (
            stance.value,
            stance.hearsay,
            stance.retraction,
            stance.act,
        )

    @pytest.mark.parametrize(
        "forms",
        [
            (
                "decline to confirm or deny",
                "declines to confirm or deny",
                "declined to confirm or deny",
                "declining to confirm or deny",
            ),
            (
                "refuse to be drawn",
                "refuses to be drawn",
                "refused to be drawn",
                "refusing to be drawn",
            ),
            (
                "stop short of confirming",
                "stops short of confirming",
                "stopped short of confirming",
                "stopping short of confirming",
            ),
            ("clarify", "clarifies", "clarified", "clarifying"),
            ("reiterate", "reiterates", "reiterated", "reiterating"),
            ("learn", "learns", "learned", "learnt", "learning"),
        ],
    )
    def test_inflected_like_declined_to_comment(self, forms: tuple[str, ...]) -> None:
        """
        The new phrases inflect their first verb as "declined to comment"
        does ("declines", "declined", "declining"), all with one value.
        """
        values = {Stance.from_verb(form).value for form in forms}

        assert 1 == len(values)
        assert set(forms) <= set(known_verbs())

    def test_told_gives_no_order_or_clause(self) -> None:
        """
        "Was told to" gives an order and "it was told that" is no English:
        only "be" and its forms take "told" as hearsay.
        """
        for verb in ("was told to", "it was told that", "told to be"):
            with pytest.raises(UnknownVerbError):
                Stance.from_verb(verb)
        assert not Stance.from_verb("told").hearsay

    def test_perfect_needs_its_auxiliary(self) -> None:
        """
        "It been claimed" is no perfect: still refused.
        """
        with pytest.raises(UnknownVerbError):
            Stance.from_verb("it been claimed that")

    @given(
        st.sampled_from(
            [p for p in known_verbs() if p.startswith(("it is ", "there is "))]
        ),
        st.sampled_from(["has been", "had been", "has long been", "had also been"]),
    )
    def test_perfect_is_the_simple_form(self, phrase: str, perfect: str) -> None:
        """
        "It has been said that" and "there had been no evidence" have the
        value and flags of "it is said that" and "there is no evidence".
        """
        subject, _, rest = phrase.partition(" is ")
        simple = Stance.from_verb(phrase)

        stance = Stance.from_verb(f"{subject} {perfect} {rest}")

        assert (simple.value, simple.hearsay, simple.retraction) == (
            stance.value,
            stance.hearsay,
            stance.retraction,
        )

    def test_perfect_phrases_are_not_listed(self) -> None:
        """
        The perfect is read at look-up: the lexicon keeps only the forms
        of "be" that agree with "it" and "there".
        """
        assert [] == [
            p for p in known_verbs() if " has been " in p or " had been " in p
        ]


_NEWSROOM_WORDS = sorted(
    {
        word
        for phrase in [*NON_ANSWERS, *(verb for verb, _, _ in COMMITTED)]
        for word in phrase.split()
    }
)


_GARBLED = garbled_phrases(_NEWSROOM_WORDS, max_size=6)


class TestSuggestions:
    @given(_GARBLED)
    def test_suggestions_are_accepted(self, text: str) -> None:
        """
        Every phrase suggested for a garbled newsroom phrase is accepted by
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
            ("would not commnet", "would not comment"),
            ("declined to confirm or deni", "declined to confirm or deny"),
            ("refused to be drwan", "refused to be drawn"),
        ],
    )
    def test_misspelt_phrase_first(self, text: str, first: str) -> None:
        """
        A slip in a newsroom phrase is offered the phrase first.
        """
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb(text)

        assert first == info.value.suggestions[0]


# The verbs the docs and examples use, with the values they had before the
# newsroom phrases were added (examples/article.py, examples/quickstart.py,
# docs/concepts.md).
UNCHANGED = {
    "according to": ("CT+", False),
    "is believed to": ("PR+", True),
    "is believed": ("PR+", True),
    "is seen as": ("PR+", True),
    "remains uncertain": ("Uu", False),
    "accused": ("CT+", False),
    "believes": ("PR+", False),
    "revealed": ("CT+", False),
    "refrained from confirming": ("Uu", False),
    "suggest": ("PS+", False),
    "suggested": ("PS+", False),
    "neither confirmed nor denied": ("Uu", False),
    "reported": ("CT+", False),
    "voiced apprehension": ("PS+", False),
    "believe unlikely": ("PR-", False),
    "said": ("CT+", False),
    "denied": ("CT-", False),
    "denies": ("CT-", False),
    "flatly denied": ("CT-", False),
    "could not be independently verified": ("Uu", False),
    "found no evidence": ("PR-", False),
    "is widely rumoured to": ("PS+", True),
    "told": ("CT+", False),
    "declined to comment": ("Uu", False),
    "has not yet confirmed": ("Uu", False),
    "has been said to": ("CT+", True),
    "has been unable to confirm": ("Uu", False),
    "it is claimed that": ("CT+", True),
    "there is no evidence": ("PR-", False),
}


class TestUnchanged:
    @pytest.mark.parametrize(("verb", "expected"), sorted(UNCHANGED.items()))
    def test_docs_and_examples_keep_their_values(
        self, verb: str, expected: tuple[str, bool]
    ) -> None:
        """
        The verbs the docs and examples use keep their value and hearsay
        flag.
        """
        stance = DEFAULT_LEXICON.stance(verb)

        assert expected == (stance.value, stance.hearsay)
