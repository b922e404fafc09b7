from __future__ import annotations

from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import InvalidValueError, UnknownVerbError
from provenance.stances import (
    CT_MINUS,
    CT_PLUS,
    PR_MINUS,
    PR_PLUS,
    PS_MINUS,
    PS_PLUS,
    UU,
    Modality,
    Polarity,
    Stance,
    known_verbs,
)


VERBS: dict[str, str] = {
    # Certainly true.
    "said": "CT+",
    "says": "CT+",
    "say": "CT+",
    "saying": "CT+",
    "stated": "CT+",
    "accused": "CT+",
    "alleged": "CT+",
    "alleges": "CT+",
    "claimed": "CT+",
    "revealed": "CT+",
    "disclosed": "CT+",
    "reported": "CT+",
    "confirmed": "CT+",
    "confirms": "CT+",
    "announced": "CT+",
    "told": "CT+",
    "wrote": "CT+",
    "admitted": "CT+",
    "testified": "CT+",
    "found": "CT+",
    "shown": "CT+",
    "stressed": "CT+",
    # Certainly false.
    "denied": "CT-",
    "denies": "CT-",
    "deny": "CT-",
    "denying": "CT-",
    "rejected": "CT-",
    "refuted": "CT-",
    "dismissed": "CT-",
    "ruled out": "CT-",
    "rebutted": "CT-",
    # Probably and possibly.
    "believes": "PR+",
    "believed": "PR+",
    "estimated": "PR+",
    "warned": "PR+",
    "thought": "PR+",
    "argued": "PR+",
    "suggested": "PS+",
    "speculated": "PS+",
    "implied": "PS+",
    "raised the possibility": "PS+",
    "doubted": "PR-",
    "disputed": "PR-",
    "was skeptical": "PR-",
    "questioned": "PS-",
    "cast doubt on": "PS-",
    "played down": "PS-",
    # No commitment.
    "refrained from confirming": "Uu",
    "neither confirmed nor denied": "Uu",
    "neither confirms nor denies": "Uu",
    "neither confirm nor deny": "Uu",
    "declined to comment": "Uu",
    "declines to comment": "Uu",
    "refused to confirm": "Uu",
    "did not comment": "Uu",
    "would not say": "Uu",
    "asked": "Uu",
    # Attributions without a verb and the passive voice.
    "according to": "CT+",
    "is said": "CT+",
    "were reported": "CT+",
    "is believed": "PR+",
    "was seen as": "PR+",
    "remains uncertain": "Uu",
    "is unconfirmed": "Uu",
}
RETRACTIONS = ["retracted", "retracts", "withdrew", "took back", "walked back"]


class TestFromVerb:
    @pytest.mark.parametrize(("verb", "value"), sorted(VERBS.items()))
    def test_lexicon(self, verb: str, value: str) -> None:
        """
        Reporting verbs map to their FactBank value; the act is kept.
        """
        stance = Stance.from_verb(verb)

        assert (value, verb, False) == (stance.value, stance.act, stance.retraction)

    def test_covers_forty_verbs(self) -> None:
        """
        The table above checks at least forty verb forms.
        """
        assert len(VERBS) >= 40

    @pytest.mark.parametrize("verb", RETRACTIONS)
    def test_retraction(self, verb: str) -> None:
        """
        Retracting verbs give a vacuous retraction.
        """
        stance = Stance.from_verb(verb)

        assert ("Uu", True) == (stance.value, stance.retraction)
        assert stance.is_vacuous

    def test_case_and_spacing(self) -> None:
        """
        Case and runs of spaces do not matter; the act keeps the case.
        """
        stance = Stance.from_verb("  Neither   Confirmed nor DENIED ")

        assert ("Uu", "Neither Confirmed nor DENIED") == (stance.value, stance.act)

    def test_unknown_verb_suggests(self) -> None:
        """
        An unknown verb raises with the closest known verbs.
        """
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb("denyed")

        assert "Stance.act" == info.value.path
        assert "denyed" == info.value.value
        assert "denied" in info.value.suggestions
        assert isinstance(info.value, LookupError)

    def test_unknown_without_suggestions(self) -> None:
        """
        A verb like nothing known has no suggestions.
        """
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb("zzzzqqqq")

        assert () == info.value.suggestions

    @pytest.mark.parametrize("verb", ["", "   ", None, 3])
    def test_rejects_non_text(self, verb: Any) -> None:
        """
        Empty or non-string verbs are refused.
        """
        with pytest.raises(InvalidValueError) as info:
            Stance.from_verb(verb)

        assert "Stance.act" == info.value.path

    @given(st.sampled_from(known_verbs()))
    def test_every_known_verb(self, verb: str) -> None:
        """
        Every listed verb form is understood and kept as the act.
        """
        assert verb == Stance.from_verb(verb).act

    def test_known_verbs_sorted(self) -> None:
        """
        known_verbs() is sorted and without duplicates.
        """
        verbs = known_verbs()

        assert sorted(set(verbs)) == list(verbs)


class TestStance:
    @pytest.mark.parametrize(
        ("stance", "value"),
        [
            (CT_PLUS, "CT+"),
            (PR_PLUS, "PR+"),
            (PS_PLUS, "PS+"),
            (UU, "Uu"),
            (PS_MINUS, "PS-"),
            (PR_MINUS, "PR-"),
            (CT_MINUS, "CT-"),
        ],
    )
    def test_constants(self, stance: Stance, value: str) -> None:
        """
        The constants have their FactBank values.
        """
        assert value == stance.value
        assert Stance.of(value, stance.act) == stance

    def test_str(self) -> None:
        """
        str() shows the act and the value.
        """
        assert "denied (CT-)" == str(CT_MINUS)

    @pytest.mark.parametrize(
        ("polarity", "modality"),
        [
            (Polarity.UNKNOWN, Modality.CERTAIN),
            (Polarity.UNKNOWN, Modality.PROBABLE),
            (Polarity.UNKNOWN, Modality.POSSIBLE),
            (Polarity.POSITIVE, Modality.UNDERSPECIFIED),
            (Polarity.NEGATIVE, Modality.UNDERSPECIFIED),
        ],
    )
    def test_forbidden_combinations(
        self, polarity: Polarity, modality: Modality
    ) -> None:
        """
        FactBank pairs unknown polarity with underspecified modality only.
        """
        with pytest.raises(InvalidValueError) as info:
            Stance(polarity=polarity, modality=modality, act="said")

        assert "Stance" == info.value.path

    @pytest.mark.parametrize("value", ["CT+", "PR+", "PS+", "PS-", "PR-", "CT-"])
    def test_committed_retraction(self, value: str) -> None:
        """
        A retraction that commits to something is refused.
        """
        with pytest.raises(InvalidValueError) as info:
            Stance.of(value, "retracted", retraction=True)

        assert "Stance.retraction" == info.value.path

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("polarity", "+"),
            ("modality", "CT"),
            ("act", ""),
            ("act", None),
            ("retraction", 0),
            ("retraction", "no"),
        ],
    )
    def test_rejects(self, field: str, value: Any) -> None:
        """
        Every field rejects wrong values, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(CT_PLUS, **{field: value})

        assert f"Stance.{field}" == info.value.path

    @pytest.mark.parametrize("value", ["CT", "ct+", "Uu+", "", None, 1])
    def test_of_unknown_value(self, value: Any) -> None:
        """
        Stance.of refuses values that are not FactBank values.
        """
        with pytest.raises(InvalidValueError) as info:
            Stance.of(value, "said")

        assert "Stance.value" == info.value.path
