from __future__ import annotations

from typing import Any

import attrs
import pytest

from provenance import Source, SourceKind
from provenance.claims import Claim
from provenance.credibility import Credibility
from provenance.errors import InvalidValueError
from provenance.estimative import ICD_203
from provenance.grades import ADMIRALTY_GRADES, Grade
from provenance.opinion import Discounting, Fusion, Opinion
from provenance.policy import DEFAULT_POLICY, Dependency, Policy
from provenance.stances import CT_MINUS, CT_PLUS, PR_PLUS, UU, FactBank, Polarity
from provenance.trust import KIND_TRUST, RELAY_KIND_TRUST

from cast import NIS as AGENCY
from cast import SEOUL as KOREA


ADVISER = Source(name="Shin Wonsik", kind=SourceKind.PERSON, affiliation=KOREA)
CLAIM = Claim(text="Missiles were supplied", about=[KOREA])


class TestDefaults:
    def test_stance_table_mirrors(self) -> None:
        """
        Each negative stance mirrors its positive one.
        """
        for value in ("CT", "PR", "PS"):
            positive = DEFAULT_POLICY.stances[FactBank[f"{value}_PLUS"]]
            negative = DEFAULT_POLICY.stances[FactBank[f"{value}_MINUS"]]

            assert (positive.belief, positive.uncertainty) == (
                negative.disbelief,
                negative.uncertainty,
            )

    def test_stances_weaken_with_modality(self) -> None:
        """
        Certain beats probable beats possible; Uu is vacuous.
        """
        p = [DEFAULT_POLICY.stances[value].probability for value in FactBank]

        assert p == sorted(p, reverse=True)
        assert len(set(p)) == len(p)
        assert DEFAULT_POLICY.stances[FactBank.UU].is_vacuous

    def test_grade_f_is_vacuous_and_passes_nothing(self) -> None:
        """
        "Cannot be judged" is vacuous with base rate 0, not 50 % reliable.
        """
        f = ADMIRALTY_GRADES["F"].opinion

        assert f.is_vacuous
        assert 0.0 == f.probability

    def test_grades_descend(self) -> None:
        """
        A is trusted more than B, ..., E more than F.
        """
        p = [ADMIRALTY_GRADES[g].opinion.probability for g in "ABCDEF"]

        assert p == sorted(p, reverse=True)

    def test_every_kind_has_trust(self) -> None:
        """
        The default tables cover every source kind, as originator and relay.
        """
        assert set(SourceKind) == set(DEFAULT_POLICY.kind_trust)
        assert set(SourceKind) == set(DEFAULT_POLICY.relay_kind_trust)

    def test_unnamed_person_between_person_and_group(self) -> None:
        """
        One unnamed individual is trusted less than a named person and more
        than an anonymous group, as originator; as relay, between the two.
        """
        kinds = DEFAULT_POLICY.kind_trust
        relays = DEFAULT_POLICY.relay_kind_trust
        unnamed = SourceKind.UNNAMED_PERSON

        assert Opinion(0.35, 0.45, 0.20, 0.5) == kinds[unnamed]
        assert Opinion(0.60, 0.10, 0.30, 0.5) == relays[unnamed]
        assert (
            kinds[SourceKind.ANONYMOUS_GROUP].probability
            < kinds[unnamed].probability
            < kinds[SourceKind.PERSON].probability
        )
        assert (
            relays[SourceKind.ANONYMOUS_GROUP].probability
            < relays[unnamed].probability
            < relays[SourceKind.PERSON].probability
        )

    def test_policy_is_hashable_value(self) -> None:
        """
        Equal policies are equal and hash alike.
        """
        assert Policy() == DEFAULT_POLICY
        assert hash(Policy()) == hash(DEFAULT_POLICY)


class TestTrustRules:
    def test_kind_default(self) -> None:
        """
        Without overrides or grades, trust comes from the source's kind.
        """
        trust = DEFAULT_POLICY.trust_in(attrs.evolve(AGENCY, affiliation=None))

        assert ADMIRALTY_GRADES["B"].opinion == trust.opinion
        assert "default for agency" == trust.reason

    def test_kind_default_capped_by_government(self) -> None:
        """
        A source affiliated with a government is trusted no more than it.
        """
        trust = DEFAULT_POLICY.trust_in(AGENCY)

        assert trust.opinion == DEFAULT_POLICY.trust_in(AGENCY.root).opinion
        assert trust.reason.startswith("default for agency, capped at")

    def test_grade_beats_kind(self) -> None:
        """
        An Admiralty grade replaces the kind's default.
        """
        trust = DEFAULT_POLICY.with_grade(AGENCY, "E").trust_in(AGENCY)

        assert ADMIRALTY_GRADES["E"].opinion == trust.opinion
        assert trust.reason.startswith("Admiralty grade E")

    def test_grade_holds_in_both_roles(self) -> None:
        """
        An Admiralty grade is also the trust in the source as a relay, unless
        the grade has its own relay opinion.
        """
        graded = DEFAULT_POLICY.with_grade(AGENCY, "A")
        relay = Opinion(0.5, 0.0, 0.5)
        own = attrs.evolve(ADMIRALTY_GRADES["A"], relay_opinion=relay)
        split = attrs.evolve(graded, grades={**graded.grades, "A": own})

        assert ADMIRALTY_GRADES["A"].opinion == graded.relay_trust_in(AGENCY).opinion
        assert relay == split.relay_trust_in(AGENCY).opinion
        assert own.opinion == split.trust_in(AGENCY).opinion
        assert "Admiralty grade A (completely reliable)" == (
            split.relay_trust_in(AGENCY).reason
        )

    def test_override_beats_grade(self) -> None:
        """
        A per-source override is the strongest rule.
        """
        mine = Opinion(0.3, 0.3, 0.4)
        policy = DEFAULT_POLICY.with_grade(AGENCY, "A").with_trust(AGENCY, mine)

        assert mine == policy.trust_in(AGENCY).opinion

    def test_relay_override(self) -> None:
        """
        Relay trust can be set per source.
        """
        mine = Opinion(0.2, 0.2, 0.6)

        assert (
            mine
            == DEFAULT_POLICY.with_relay_trust(KOREA, mine)
            .relay_trust_in(KOREA)
            .opinion
        )

    def test_methods_return_new_policies(self) -> None:
        """
        Changing a rule never changes the original policy.
        """
        DEFAULT_POLICY.with_grade(AGENCY, "A")

        assert {} == dict(DEFAULT_POLICY.source_grades)

    def test_interested_through_affiliation(self) -> None:
        """
        A source has an interest if it shares its root affiliation with a
        party; its denial of what accuses the party serves it.
        """
        denial = DEFAULT_POLICY.interest(ADVISER, CLAIM, Polarity.NEGATIVE)
        admission = DEFAULT_POLICY.interest(ADVISER, CLAIM, Polarity.POSITIVE)

        assert denial is not None
        assert denial.serving
        assert denial.factor == DEFAULT_POLICY.self_serving_factor
        assert admission is not None
        assert not admission.serving
        assert DEFAULT_POLICY.interest(ADVISER, CLAIM, Polarity.UNKNOWN) is None
        assert (
            DEFAULT_POLICY.interest(
                Source(name="Observers", kind=SourceKind.ANONYMOUS_GROUP),
                CLAIM,
                Polarity.NEGATIVE,
            )
            is None
        )

    def test_claim_base_rate(self) -> None:
        """
        A per-claim base rate replaces the default one.
        """
        policy = DEFAULT_POLICY.with_base_rate(CLAIM, 0.2)

        assert 0.2 == policy.base_rate_of(CLAIM)
        assert 0.5 == DEFAULT_POLICY.base_rate_of(CLAIM)

    def test_stance_opinion_takes_base_rate(self) -> None:
        """
        The stance opinion carries the claim's base rate.
        """
        assert 0.3 == DEFAULT_POLICY.stance_opinion(CT_PLUS, 0.3).base_rate
        assert DEFAULT_POLICY.stance_opinion(UU, 0.3).is_vacuous
        assert DEFAULT_POLICY.stance_opinion(CT_MINUS, 0.5).disbelief > 0.5
        assert DEFAULT_POLICY.stance_opinion(PR_PLUS, 0.5).belief > 0


class TestDiscount:
    def test_probability_sensitive_uses_product(self) -> None:
        """
        The 2016 operator discounts by the product of the chain's probabilities.
        """
        t1, t2 = Opinion(0.8, 0.1, 0.1), Opinion(0.5, 0.3, 0.2)
        x = Opinion(0.9, 0.0, 0.1)
        p = t1.probability * t2.probability * 0.5

        got = DEFAULT_POLICY.discount((t1, t2), 0.5, x)

        assert pytest.approx((p * 0.9, 0.0, 1 - p * 0.9)) == (
            got.belief,
            got.disbelief,
            got.uncertainty,
        )

    def test_classic_vacuous_trust_gives_vacuous(self) -> None:
        """
        Under the classic operator, vacuous trust passes nothing.
        """
        policy = attrs.evolve(
            DEFAULT_POLICY, discounting=Discounting.UNCERTAINTY_FAVOURING
        )

        assert policy.discount(
            (Opinion.vacuous(),), 1.0, Opinion(0.9, 0, 0.1)
        ).is_vacuous

    def test_classic_applies_factor(self) -> None:
        """
        The interested-party factor also weakens classic discounting.
        """
        policy = attrs.evolve(
            DEFAULT_POLICY, discounting=Discounting.UNCERTAINTY_FAVOURING
        )
        x = Opinion(0.9, 0.0, 0.1)
        t = Opinion(1.0, 0.0, 0.0)

        assert pytest.approx(0.45) == policy.discount((t,), 0.5, x).belief


class TestWords:
    @pytest.mark.parametrize(
        ("p", "words"),
        [
            (0.0, "almost no chance"),
            (0.04, "almost no chance"),
            (0.05, "very unlikely"),
            (0.1, "very unlikely"),
            (0.2, "unlikely"),
            (0.3, "unlikely"),
            (0.5, "roughly even chance"),
            (0.7, "likely"),
            (0.9, "very likely"),
            (0.99, "almost certain"),
            (1.0, "almost certain"),
        ],
    )
    def test_icd_203_bands(self, p: float, words: str) -> None:
        """
        Probabilities map to the ICD 203 phrase of their band.
        """
        assert words == DEFAULT_POLICY.words_for(p)

    def test_confidence_words(self) -> None:
        """
        Low uncertainty with corroboration and no conflict is high
        confidence; one uncorroborated line is at most moderate; conflict
        lowers it.
        """
        assert ["high", "moderate", "low"] == [
            DEFAULT_POLICY.confidence_for(u, corroboration=2) for u in (0.1, 0.3, 0.9)
        ]
        assert DEFAULT_POLICY.confidence_for(0.0, corroboration=1) == "moderate"
        assert DEFAULT_POLICY.confidence_for(0.0, conflict=0.3, corroboration=5) == (
            "moderate"
        )
        assert DEFAULT_POLICY.confidence_for(0.0, conflict=0.6, corroboration=5) == (
            "low"
        )

    def test_icd_table_is_default(self) -> None:
        """
        The default words are ICD 203's.
        """
        assert ICD_203 == DEFAULT_POLICY.words

    def test_words_in_nfc(self) -> None:
        """
        A phrase is held in NFC, as a name is.
        """
        policy = attrs.evolve(
            DEFAULT_POLICY, words=[(0.5, "Cafe\u0301"), (1.0, "sure")]
        )

        assert ((0.5, "Caf\u00e9"), (1.0, "sure")) == policy.words


class TestValidation:
    @pytest.mark.parametrize(
        ("change", "path"),
        [
            ({"self_serving_factor": 1.5}, "Policy.self_serving_factor"),
            (
                {"against_interest_factor": float("nan")},
                "Policy.against_interest_factor",
            ),
            ({"uncorroborated_ceiling": 2}, "Policy.uncorroborated_ceiling"),
            ({"corroboration": 0}, "Policy.corroboration"),
            ({"conflict_thresholds": (0.6, 0.5)}, "Policy.conflict_thresholds"),
            ({"base_rate": -0.1}, "Policy.base_rate"),
            ({"stances": {"CT+": Opinion(1, 0, 0)}}, "Policy.stances"),
            ({"stances": {FactBank.CT_PLUS: Opinion(1, 0, 0)}}, "Policy.stances"),
            (
                {"kind_trust": {SourceKind.PERSON: Opinion(1, 0, 0)}},
                "Policy.kind_trust",
            ),
            ({"source_grades": {AGENCY: "Z"}}, "Policy.source_grades[NIS]"),
            (
                {"grades": {"A": ("completely reliable", Opinion(1, 0, 0))}},
                "Policy.grades",
            ),
            ({"grades": {"H": ADMIRALTY_GRADES["A"]}}, "Policy.grades[H]"),
            ({"source_trust": {AGENCY: 0.9}}, "Policy.source_trust"),
            ({"words": [(0.5, "low"), (0.9, "high")]}, "Policy.words"),
            ({"words": [(0.9, "x"), (0.5, "y"), (1.0, "z")]}, "Policy.words"),
            ({"words": [(0.5, "x"), (0.5, "y"), (1.0, "z")]}, "Policy.words"),
            ({"words": [(0.5, "x"), (1.0, "y"), (1.0, "z")]}, "Policy.words"),
            ({"words": [(0.5, " "), (1.0, "z")]}, "Policy.words[0]"),
            ({"words": [(0.5, "x"), (1.0, "\u200b")]}, "Policy.words[1]"),
            ({"words": [(0.5, "x"), (1.0, "\u0301")]}, "Policy.words[1]"),
            ({"words": [(0.5, "x"), (1.0, "\x00")]}, "Policy.words[1]"),
            ({"words": [(0.5, "x"), (1.0, "\ud800")]}, "Policy.words[1]"),
            ({"confidence": (0.6, 0.2)}, "Policy.confidence"),
            ({"claim_base_rates": {CLAIM: 2.0}}, "Policy.claim_base_rates"),
            ({"words": [("low", "high")]}, "Policy.words"),
            ({"confidence": 0.6}, "Policy.confidence"),
            ({"claim_base_rates": 0.5}, "Policy.claim_base_rates"),
            ({"relate_quantities": "yes"}, "Policy.relate_quantities"),
            ({"dependency": "root"}, "Policy.dependency"),
            ({"discounting": None}, "Policy.discounting"),
        ],
    )
    def test_bad_values_name_their_field(
        self, change: dict[str, object], path: str
    ) -> None:
        """
        A bad rule raises an error naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(DEFAULT_POLICY, **change)  # type: ignore[arg-type] # deliberately wrong

        assert path in str(info.value)


class TestGrade:
    def test_grades_are_filed_by_letter(self) -> None:
        """
        Each Admiralty grade is filed under its own letter, A to G.
        """
        assert list("ABCDEFG") == [g.letter for g in ADMIRALTY_GRADES.values()]
        assert list("ABCDEFG") == list(ADMIRALTY_GRADES)

    def test_reason_and_relay(self) -> None:
        """
        A grade names itself, and holds as a relay unless told otherwise.
        """
        b = ADMIRALTY_GRADES["B"]

        assert "Admiralty grade B (usually reliable)" == b.reason
        assert b.opinion == b.as_relay
        assert (
            Opinion(1, 0, 0) == attrs.evolve(b, relay_opinion=Opinion(1, 0, 0)).as_relay
        )

    @pytest.mark.parametrize(
        ("change", "path"),
        [
            ({"letter": ""}, "Grade.letter"),
            ({"description": 3}, "Grade.description"),
            ({"opinion": 0.9}, "Grade.opinion"),
            ({"relay_opinion": 0.9}, "Grade.relay_opinion"),
        ],
    )
    def test_bad_values_name_their_field(
        self, change: dict[str, object], path: str
    ) -> None:
        """
        A bad grade raises an error naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(ADMIRALTY_GRADES["A"], **change)  # type: ignore[arg-type] # deliberately wrong

        assert path == info.value.path

    def test_is_a_value(self) -> None:
        """
        Equal grades are equal and hash alike.
        """
        a = ADMIRALTY_GRADES["A"]
        again = Grade(letter="A", description="completely reliable", opinion=a.opinion)

        assert a == again
        assert hash(a) == hash(again)


class TestEnums:
    def test_fusion_by_name(self) -> None:
        """
        Each fusion operator is reachable by name and fuses.
        """
        x = Opinion(0.5, 0.2, 0.3)

        assert Fusion.AVERAGING.fuse(x, x) == Fusion.WEIGHTED.fuse(x, x)
        assert Fusion.CUMULATIVE.fuse(x, x).uncertainty < x.uncertainty

    def test_dependency_groups(self) -> None:
        """
        Dependency rules name the group of a source.
        """
        assert KOREA == Dependency.ROOT_AFFILIATION.group_of(ADVISER)
        assert ADVISER == Dependency.SOURCE.group_of(ADVISER)
        assert Dependency.NONE.group_of(ADVISER) is None


class TestKindTrust:
    def test_tables_are_the_defaults(self) -> None:
        """
        The default policy's kind tables are the trust module's.
        """
        assert KIND_TRUST == DEFAULT_POLICY.kind_trust
        assert RELAY_KIND_TRUST == DEFAULT_POLICY.relay_kind_trust
        assert Policy(kind_trust=dict(KIND_TRUST)) == DEFAULT_POLICY

    def test_kind_defaults_are_grades(self) -> None:
        """
        Every originator default but the unnamed person's is an Admiralty
        grade's opinion.
        """
        graded = {grade.opinion for grade in ADMIRALTY_GRADES.values()}

        assert {SourceKind.UNNAMED_PERSON} == {
            kind for kind, opinion in KIND_TRUST.items() if opinion not in graded
        }


@pytest.mark.parametrize(
    ("change", "path", "way_out"),
    [
        (lambda p: p.with_trust("NIS", Opinion(1, 0, 0)), "with_trust", "source("),
        (lambda p: p.with_grade("NIS", "A"), "with_grade", "source("),
        (
            lambda p: p.with_relay_trust("NIS", Opinion(1, 0, 0)),
            "relay_trust",
            "source(",
        ),
        (lambda p: p.with_base_rate("troops", 0.2), "with_base_rate", "claim("),
    ],
)
def test_a_name_or_key_where_a_value_belongs_says_why_and_what_to_pass(
    change: Any, path: str, way_out: str
) -> None:
    with pytest.raises(InvalidValueError, match="holds no ledger") as info:
        change(DEFAULT_POLICY)

    assert info.value.path.endswith(path)
    assert f"ledger.{way_out}" in str(info.value)


class TestCredibility:
    @pytest.mark.parametrize("grade", [0, 7, True, "3", 3.0])
    def test_grade_is_an_integer_from_1_to_6(self, grade: object) -> None:
        """
        A credibility grade built by hand is one of the six, as an int.
        """
        with pytest.raises(InvalidValueError) as info:
            Credibility(grade=grade, description="probably true", factor=0.8)  # type: ignore[arg-type]  # the point

        assert ("must be an integer from 1 to 6", "Credibility.grade", grade) == (
            info.value.msg,
            info.value.path,
            info.value.value,
        )
        assert 3 == Credibility(grade=3, description="x", factor=0.8).grade
