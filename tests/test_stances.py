from __future__ import annotations

import difflib
import json
import re
import tracemalloc

from pathlib import Path
from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import stances
from provenance.errors import InvalidValueError, UnknownVerbError
from provenance.stances import (
    _MODIFIERS,
    CT_MINUS,
    CT_PLUS,
    DEFAULT_LEXICON,
    PR_MINUS,
    PR_PLUS,
    PS_MINUS,
    PS_PLUS,
    UU,
    FactBank,
    Lexicon,
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
    # Attributions without a verb, and passives that are not hearsay.
    "according to": "CT+",
    "is confirmed": "CT+",
    "remains uncertain": "Uu",
    "is unconfirmed": "Uu",
    # Common phrases of news reports.
    "could not confirm": "Uu",
    "cannot be confirmed": "Uu",
    "could not be independently verified": "Uu",
    "unable to confirm": "Uu",
    "was unable to verify": "Uu",
    "has not yet confirmed": "Uu",
    "has yet to confirm": "Uu",
    "did not confirm": "Uu",
    "declined to comment further": "Uu",
    "no evidence": "PR-",
    "said there was no evidence": "PR-",
    "says there is no evidence": "PR-",
    "found no evidence": "PR-",
    "has no evidence": "PR-",
    "not aware of": "PS-",
    "was not aware of": "PS-",
    "cast doubt": "PS-",
    "cast serious doubt": "PS-",
    "cast serious doubt on": "PS-",
    "casts doubt on": "PS-",
    "quoted": "CT+",
    "cited": "CT+",
    "citing": "CT+",
    "discounted": "PR-",
    "untrue": "CT-",
    "called it untrue": "CT-",
    "false": "CT-",
    "baseless": "CT-",
    "fabricated": "CT-",
    "groundless": "CT-",
    "dismissed as baseless": "CT-",
    "flatly denied": "CT-",
    "strongly denied": "CT-",
    "categorically denied": "CT-",
    "has repeatedly denied": "CT-",
    "officially confirmed": "CT+",
    "independently confirmed": "CT+",
    "also said": "CT+",
    "again warned": "PR+",
    "publicly suggested": "PS+",
    "would neither confirm nor deny": "Uu",
    "did not immediately respond to requests for comment": "Uu",
    "had no immediate comment": "Uu",
    "could not be reached for comment": "Uu",
    "called it a lie": "CT-",
    "dismissed as fake": "CT-",
    "stood by": "CT+",
    "conceded": "CT+",
    "contested": "PR-",
    "called into question": "PS-",
    "forecast": "PR+",
}
HEARSAY: dict[str, str] = {
    "is said to": "CT+",
    "is said": "CT+",
    "were reported": "CT+",
    "is reported to": "CT+",
    "are alleged to": "CT+",
    "it is claimed that": "CT+",
    "it is said that": "CT+",
    "reportedly": "CT+",
    "allegedly": "CT+",
    "is believed": "PR+",
    "is believed to": "PR+",
    "is widely believed to": "PR+",
    "it is believed that": "PR+",
    "is thought to": "PR+",
    "is understood to": "PR+",
    "was seen as": "PR+",
    "is seen as": "PR+",
    "is expected to": "PR+",
    "is rumoured to": "PS+",
    "is rumored to": "PS+",
    "was said to be": "CT+",
    "is said to have": "CT+",
    "believed to be": "PR+",
    "thought to be": "PR+",
}
RETRACTIONS = [
    "retracted",
    "retracts",
    "withdrew",
    "took back",
    "walked back",
    "corrected",
    "issued a correction",
]
PREVIOUS = Path(__file__).parent / "data" / "lexicon-2de2831.json"


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

    @pytest.mark.parametrize(("verb", "value"), sorted(HEARSAY.items()))
    def test_hearsay(self, verb: str, value: str) -> None:
        """
        Unattributed passives and "reportedly" are hearsay with their value.
        """
        stance = Stance.from_verb(verb)

        assert (value, verb, True) == (stance.value, stance.act, stance.hearsay)

    def test_previous_values_kept(self) -> None:
        """
        Every phrase the lexicon knew before hearsay keeps its value and
        retraction; only the unattributed passives became hearsay.
        """
        previous: dict[str, str] = json.loads(PREVIOUS.read_text("utf-8"))
        passives = re.compile(r"(be|is|are|was|were|being) \w+( as| likely)?")

        for phrase, value in previous.items():
            stance = Stance.from_verb(phrase)
            retraction = value == "Uu retraction"

            assert (value.split()[0], retraction) == (
                stance.value,
                stance.retraction,
            ), phrase
            if stance.hearsay:
                assert passives.fullmatch(phrase), phrase

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

    @given(st.sampled_from([v for v in known_verbs() if "'" in v]), st.data())
    def test_typographic_apostrophes(self, verb: str, data: st.DataObject) -> None:
        """
        A known phrase with a typographic apostrophe (as newsrooms print
        U+2019 in "couldn't confirm") is the phrase with an ASCII one; the act keeps
        what was written.
        """
        mark = data.draw(st.sampled_from(["\u2019", "\u2018", "\u02bc"]))
        typed = verb.replace("'", mark)

        stance = Stance.from_verb(typed)

        assert Stance.from_verb(verb).value == stance.value
        assert typed == stance.act

    @pytest.mark.parametrize(
        ("verb", "value"),
        [
            ("hasn't confirmed", "Uu"),
            ("hasn\u2019t denied", "Uu"),
            ("did not deny", "Uu"),
            ("won't confirm", "Uu"),
            ("isn't confirmed", "Uu"),
            ("has flatly denied", "CT-"),
        ],
    )
    def test_contractions(self, verb: str, value: str) -> None:
        """
        Negative contractions read as written out: "hasn't confirmed" is
        "has not confirmed"; not denying commits to nothing.
        """
        assert value == Stance.from_verb(verb).value

    @pytest.mark.parametrize("verb", ["hasn't denyed", "did not denyy", "not confirmd"])
    def test_suggestions_keep_negation(self, verb: str) -> None:
        """
        An unknown negated phrase is offered only negated phrases: never
        "denied" for "hasn't denyed", the opposite commitment.
        """
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb(verb)

        assert info.value.suggestions
        for known in info.value.suggestions:
            assert "not" in known or "n't" in known or "no" in known.split()

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

    def test_long_unknown_verb_is_cheap(self) -> None:
        """
        A megabyte of unknown text is refused without suggestions, in memory
        bounded by its length, and its message stays short.
        """
        verb = "ab " * 350_000
        tracemalloc.start()
        try:
            with pytest.raises(UnknownVerbError) as info:
                Stance.from_verb(verb)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

        assert () == info.value.suggestions
        assert peak < 64 * 1024
        assert len(str(info.value)) < 200

    @pytest.mark.parametrize("length", [6, 64, 65, 1000, 1001, 5000])
    def test_suggestions_only_for_short_text(
        self, length: int, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Only text of up to 64 characters is compared with the known phrases
        for suggestions; the message shows a bounded part of any text.
        """
        searched: list[str] = []

        def close_matches(word: str, *_: Any, **__: Any) -> list[str]:
            searched.append(word)
            return ["denied"]

        monkeypatch.setattr(difflib, "get_close_matches", close_matches)
        verb = "q" * length
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb(verb)

        assert (length <= 64) == bool(searched)
        assert (length <= 64) == bool(info.value.suggestions)
        assert len(str(info.value)) < 200

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

    @pytest.mark.parametrize("value", list(FactBank))
    def test_factbank_members(self, value: FactBank) -> None:
        """
        Each FactBank member is the value of the stance constant of its name,
        with that stance's polarity and modality.
        """
        stance = getattr(stances, value.name)

        assert value is stance.factbank
        assert (stance.polarity, stance.modality) == (value.polarity, value.modality)

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

    def test_str_hearsay(self) -> None:
        """
        str() says when a stance is hearsay.
        """
        assert "is said to (CT+, hearsay)" == str(
            Stance.of("CT+", "is said to", hearsay=True)
        )

    @pytest.mark.parametrize(
        "make",
        [
            lambda: Stance.of("Uu", "is said to", hearsay=True),
            lambda: Stance.of("Uu", "retracted", retraction=True, hearsay=True),
            lambda: attrs.evolve(UU, hearsay=True),
        ],
    )
    def test_vacuous_hearsay(self, make: Any) -> None:
        """
        An Uu stance, and so a retraction, cannot be hearsay.
        """
        with pytest.raises(InvalidValueError) as info:
            make()

        assert "Stance.hearsay" == info.value.path

    @pytest.mark.parametrize("value", [0, 1, "yes", None])
    def test_hearsay_is_bool(self, value: Any) -> None:
        """
        hearsay is true or false, nothing else.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(CT_PLUS, hearsay=value)

        assert "Stance.hearsay" == info.value.path

    def test_hearsay_in_identity(self) -> None:
        """
        A hearsay stance is not equal to the same stance in the source's
        own voice.
        """
        own = Stance.of("PR+", "is believed")

        assert own != attrs.evolve(own, hearsay=True)
        assert not own.hearsay


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10)
_VALUE_NAMES = st.sampled_from(["CT+", "PR+", "PS+", "Uu", "PS-", "PR-", "CT-"])
_UNCONDITIONAL = sorted(_MODIFIERS)


class TestLexicon:
    def test_empty(self) -> None:
        """
        Lexicon() knows nothing.
        """
        with pytest.raises(UnknownVerbError):
            Lexicon().stance("said")

        assert () == Lexicon().phrases()
        assert () == known_verbs(lexicon=Lexicon())

    def test_default(self) -> None:
        """
        from_verb and known_verbs use DEFAULT_LEXICON unless told otherwise.
        """
        assert DEFAULT_LEXICON.phrases() == known_verbs()
        assert DEFAULT_LEXICON.stance("denied") == Stance.from_verb("denied")
        assert len(known_verbs()) > 1000

    def test_with_phrase_inflects(self) -> None:
        """
        with_phrase adds the inflections of the first word, and leaves the
        lexicon it was called on unchanged.
        """
        lexicon = DEFAULT_LEXICON.with_phrase("Hint  Darkly", "PS+")

        assert {
            "hint darkly",
            "hints darkly",
            "hinted darkly",
            "hinting darkly",
        } <= set(lexicon.phrases())
        assert "Hinted darkly (PS+)" == str(
            Stance.from_verb("Hinted darkly", lexicon=lexicon)
        )
        with pytest.raises(UnknownVerbError):
            Stance.from_verb("hinted darkly")

    def test_with_phrase_without_inflection(self) -> None:
        """
        inflect=False adds the phrase as written only.
        """
        lexicon = Lexicon().with_phrase(
            "per sources", "CT+", hearsay=True, inflect=False
        )

        assert ("per sources",) == lexicon.phrases()
        assert lexicon.stance("Per sources").hearsay

    def test_with_phrase_overrides(self) -> None:
        """
        A phrase added again replaces the earlier entry.
        """
        lexicon = DEFAULT_LEXICON.with_phrase("suggest", "PR+")

        assert "PR+" == lexicon.stance("suggested").value
        assert "PS+" == DEFAULT_LEXICON.stance("suggested").value

    def test_with_retraction(self) -> None:
        """
        with_phrase can add retractions.
        """
        lexicon = Lexicon().with_phrase("disavow", "Uu", retraction=True)

        assert lexicon.stance("disavowed").retraction

    @pytest.mark.parametrize(
        ("args", "kwargs", "path"),
        [
            (("", "CT+"), {}, "Stance.act"),
            (("  ", "CT+"), {}, "Stance.act"),
            ((None, "CT+"), {}, "Stance.act"),
            (("x" * 1001, "CT+"), {}, "Stance.act"),
            (("vouch", "CT"), {}, "Stance.value"),
            (("vouch", "CT+"), {"retraction": True}, "Stance.retraction"),
            (("vouch", "Uu"), {"hearsay": True}, "Stance.hearsay"),
            (("vouch", "CT+"), {"hearsay": 1}, "Stance.hearsay"),
        ],
    )
    def test_with_phrase_rejects(
        self, args: tuple[Any, ...], kwargs: dict[str, Any], path: str
    ) -> None:
        """
        with_phrase refuses bad phrases and stances, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_LEXICON.with_phrase(*args, **kwargs)

        assert path == info.value.path

    def test_merged(self) -> None:
        """
        merged() knows the phrases of both; the other lexicon wins.
        """
        mine = Lexicon().with_phrase("vouch for", "CT+")
        theirs = Lexicon().with_phrase("vouch for", "PR+").with_phrase("aver", "CT+")

        merged = mine.merged(theirs)

        assert "PR+" == merged.stance("vouched for").value
        assert "CT+" == merged.stance("avers").value
        assert DEFAULT_LEXICON == DEFAULT_LEXICON.merged(Lexicon())
        assert DEFAULT_LEXICON == Lexicon().merged(DEFAULT_LEXICON)

    def test_merged_rejects(self) -> None:
        """
        Only lexicons merge.
        """
        with pytest.raises(InvalidValueError) as info:
            DEFAULT_LEXICON.merged({"aver": "CT+"})  # type: ignore[arg-type]  # wrong on purpose

        assert "Lexicon" == info.value.path

    def test_value(self) -> None:
        """
        Lexicons are immutable, hashable values with a short repr.
        """
        a = Lexicon().with_phrase("aver", "CT+")
        b = Lexicon().with_phrase("aver", "CT+")

        assert a == b
        assert hash(a) == hash(b)
        assert "<Lexicon of 4 phrases>" == repr(a)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            a._entries = ()  # type: ignore[misc]  # frozen on purpose

    def test_no_modifier_in_a_phrase(self) -> None:
        """
        No default phrase holds a word that lookup drops, so every phrase is
        reachable with modifiers added.
        """
        assert [] == [p for p in known_verbs() if set(p.split()) & _MODIFIERS]

    def test_never_drops_negation(self) -> None:
        """
        "not", "no", "never" and "neither" change the commitment: never
        dropped.
        """
        assert not {"not", "no", "never", "neither", "nor"} & _MODIFIERS
        assert "Uu" == Stance.from_verb("could not confirm").value

    @given(st.sampled_from(known_verbs()), _WORDS, _VALUE_NAMES)
    def test_adding_keeps_other_phrases(
        self, known: str, word: str, value: str
    ) -> None:
        """
        Adding a phrase never changes the stance of another phrase.
        """
        lexicon = DEFAULT_LEXICON.with_phrase(word, value)
        added = set(lexicon.phrases()) - set(DEFAULT_LEXICON.phrases())
        if known in _forms(word):
            return

        assert DEFAULT_LEXICON.stance(known) == lexicon.stance(known)
        assert all(lexicon.stance(form).value == value for form in added)

    @given(
        st.sampled_from(known_verbs()),
        st.lists(st.tuples(_WORDS, _VALUE_NAMES), max_size=3),
    )
    def test_merging_keeps_other_phrases(
        self, known: str, additions: list[tuple[str, str]]
    ) -> None:
        """
        Merging in a lexicon changes only the phrases it knows.
        """
        other = Lexicon()
        for word, value in additions:
            other = other.with_phrase(word, value)
        merged = DEFAULT_LEXICON.merged(other)
        if known in other.phrases():
            return

        assert DEFAULT_LEXICON.stance(known) == merged.stance(known)
        assert set(DEFAULT_LEXICON.phrases()) | set(other.phrases()) == set(
            merged.phrases()
        )

    @given(st.sampled_from([p for p in known_verbs() if " " not in p]))
    def test_inflections_agree(self, base: str) -> None:
        """
        The inflections of a known verb all map to the same value.
        """
        values = {
            DEFAULT_LEXICON.stance(form)
            for form in _forms(base)
            if form in DEFAULT_LEXICON.phrases()
        }

        assert 1 == len({(s.value, s.retraction, s.hearsay) for s in values})

    @given(
        st.sampled_from(known_verbs()),
        st.lists(
            st.tuples(st.integers(0, 10), st.sampled_from(_UNCONDITIONAL)), max_size=4
        ),
    )
    def test_modifiers_keep_the_stance(
        self, phrase: str, inserts: list[tuple[int, str]]
    ) -> None:
        """
        Adverbs that do not change the commitment, anywhere in a phrase,
        never change its value, polarity, retraction or hearsay.
        """
        words = phrase.split()
        for where, modifier in inserts:
            words.insert(where % (len(words) + 1), modifier)

        before = DEFAULT_LEXICON.stance(phrase)
        after = DEFAULT_LEXICON.stance(" ".join(words))

        assert (before.value, before.retraction, before.hearsay) == (
            after.value,
            after.retraction,
            after.hearsay,
        )


def _forms(phrase: str) -> set[str]:
    return set(Lexicon().with_phrase(phrase, "CT+").phrases())


class TestActText:
    def test_act_is_plain_nfc_text(self) -> None:
        """
        The act is kept as written, but as a plain str in NFC: an NFD
        spelling and a str subclass give the same stance and id.
        """

        class Loud(str):
            __slots__ = ()

        nfc = Stance.of("CT+", "d\u00e9menti")
        nfd = Stance.of("CT+", "de\u0301menti")
        odd = Stance.of("CT+", Loud("d\u00e9menti"))

        assert nfc == nfd == odd
        assert type(odd.act) is str
