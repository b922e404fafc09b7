"""
Tests for `provenance.opinion` and the `opinions()` strategy.
"""

from __future__ import annotations

import math
import pickle

import attrs
import pytest

from hypothesis import assume, find, given
from hypothesis import strategies as st

from provenance.errors import InvalidValueError
from provenance.opinion import (
    Discounting,
    Fusion,
    Opinion,
    _make,
    averaging_fuse,
    conflict,
    consensus_compromise_fuse,
    cumulative_fuse,
    discount,
    discount_by,
    discount_classic,
    strongest_fuse,
    weighted_fuse,
)
from provenance.testing import opinions


TOL = 1e-9

B = Opinion(0.75, 0.15, 0.10)  # Admiralty "usually reliable".
CRED_2 = Opinion(0.65, 0.15, 0.2)  # Credibility "probably true".
A = Opinion(0.6, 0.2, 0.2, 0.3)
C = Opinion(0.2, 0.4, 0.4, 0.7)

non_dogmatic = opinions().filter(lambda o: not o.is_dogmatic)
non_vacuous = opinions().filter(lambda o: not o.is_vacuous)
# Ordinary, vacuous and dogmatic opinions, the last two more often than
# opinions() alone draws them.
mixed = st.one_of(
    opinions(),
    st.builds(Opinion.vacuous, st.floats(0, 1)),
    st.builds(Opinion.dogmatic, st.floats(0, 1), st.floats(0, 1)),
)
FUSERS = (cumulative_fuse, averaging_fuse, weighted_fuse)


def close(expected: Opinion | tuple[float, ...], actual: Opinion) -> bool:
    """
    Whether *actual* matches *expected* part by part to within `TOL`.

    A 3-tuple *expected* leaves the base rate unchecked.
    """
    if isinstance(expected, Opinion):
        expected = attrs.astuple(expected)
    return all(
        math.isclose(e, a, rel_tol=0.0, abs_tol=TOL)
        for e, a in zip(expected, attrs.astuple(actual), strict=False)
    )


def valid(o: Opinion) -> bool:
    """
    Whether *o* satisfies the invariants, whatever its constructor checked.
    """
    parts = attrs.astuple(o)
    return (
        all(isinstance(x, float) and 0.0 <= x <= 1.0 for x in parts)
        and math.isclose(sum(parts[:3]), 1.0, rel_tol=0.0, abs_tol=TOL)
        and 0.0 <= o.probability <= 1.0
    )


class TestOpinion:
    def test_fields_are_positional_with_default_base_rate(self) -> None:
        """
        Opinion(b, d, u) has base rate 0.5.
        """
        o = Opinion(0.2, 0.3, 0.5)

        assert (0.2, 0.3, 0.5, 0.5) == attrs.astuple(o)

    def test_ints_become_floats(self) -> None:
        """
        Integer parts are converted to floats.
        """
        o = Opinion(1, 0, 0, 1)

        assert (1.0, 0.0, 0.0, 1.0) == attrs.astuple(o)
        assert all(type(x) is float for x in attrs.astuple(o))

    @pytest.mark.parametrize(
        "field", ["belief", "disbelief", "uncertainty", "base_rate"]
    )
    @pytest.mark.parametrize(
        "value", [math.nan, math.inf, -math.inf, -0.1, 1.1, "0.5", True, None]
    )
    def test_invalid_part_names_the_field(self, field: str, value: object) -> None:
        """
        A part that is not a number in [0, 1] is refused, naming the field.
        """
        parts: dict[str, object] = {
            "belief": 0.0,
            "disbelief": 0.0,
            "uncertainty": 1.0,
            "base_rate": 0.5,
        }
        parts[field] = value

        with pytest.raises(InvalidValueError) as exc_info:
            Opinion(**parts)

        assert f"Opinion.{field}" == exc_info.value.path
        assert repr(value) == repr(exc_info.value.value)

    @pytest.mark.parametrize("parts", [(0.5, 0.5, 0.5), (0.1, 0.1, 0.1), (0, 0, 0)])
    def test_sum_must_be_one(self, parts: tuple[float, float, float]) -> None:
        """
        Parts not summing to 1 are refused with the path "Opinion".
        """
        with pytest.raises(InvalidValueError) as exc_info:
            Opinion(*parts)

        assert "Opinion" == exc_info.value.path

    def test_sum_tolerance(self) -> None:
        """
        A sum within 1e-9 of 1 is accepted, one further off is not.
        """
        Opinion(0.3, 0.3, 0.4 + 5e-10)

        with pytest.raises(InvalidValueError):
            Opinion(0.3, 0.3, 0.4 + 5e-9)

    def test_frozen(self) -> None:
        """
        Opinions are immutable, slotted and hashable.
        """
        o = Opinion(0.2, 0.3, 0.5)

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            o.belief = 0.5  # type: ignore[misc]  # Deliberately mutating.
        assert not hasattr(o, "__dict__")
        assert hash(Opinion(0.2, 0.3, 0.5)) == hash(o)

    def test_pickles(self) -> None:
        """
        Opinions survive pickling.
        """
        assert A == pickle.loads(pickle.dumps(A))  # noqa: S301

    def test_probability(self) -> None:
        """
        The projected probability is b + a·u.
        """
        assert math.isclose(0.6 + 0.3 * 0.2, A.probability)

    def test_variance(self) -> None:
        """
        The variance is P·(1-P)·u/(2+u).
        """
        o = Opinion(0.6, 0.2, 0.2)

        assert math.isclose(0.7 * 0.3 * 0.2 / 2.2, o.variance)

    def test_vacuous(self) -> None:
        """
        The vacuous opinion is (0, 0, 1, a) and projects to its base rate.
        """
        o = Opinion.vacuous(base_rate=0.3)

        assert Opinion(0, 0, 1, 0.3) == o
        assert 0.3 == o.probability
        assert o.is_vacuous
        assert not o.is_dogmatic
        assert 0.5 == Opinion.vacuous().base_rate

    def test_dogmatic(self) -> None:
        """
        A dogmatic opinion is (p, 1-p, 0, a) and projects to p.
        """
        o = Opinion.dogmatic(0.25, base_rate=0.9)

        assert Opinion(0.25, 0.75, 0, 0.9) == o
        assert 0.25 == o.probability
        assert 0.0 == o.variance
        assert o.is_dogmatic
        assert not o.is_vacuous

    @pytest.mark.parametrize("p", [math.nan, -0.1, 1.5, "1", False])
    def test_dogmatic_refuses_invalid_probability(self, p: object) -> None:
        """
        Opinion.dogmatic refuses a probability outside [0, 1].
        """
        with pytest.raises(InvalidValueError) as exc_info:
            Opinion.dogmatic(p)  # type: ignore[arg-type]  # Deliberately wrong.

        assert "Opinion.dogmatic.probability" == exc_info.value.path

    def test_complement(self) -> None:
        """
        The complement swaps belief and disbelief and mirrors the base rate.
        """
        assert Opinion(0.2, 0.6, 0.2, 0.7) == A.complement()

    @given(opinions())
    def test_complement_is_an_involution(self, o: Opinion) -> None:
        """
        The complement of the complement is the opinion, and P(NOT x) = 1 - P(x).
        """
        assert close(o, o.complement().complement())
        assert math.isclose(
            1.0 - o.probability, o.complement().probability, abs_tol=TOL
        )


class TestEvidence:
    def test_from_evidence(self) -> None:
        """
        r = 8, s = 2 with W = 2 gives (8/12, 2/12, 2/12).
        """
        o = Opinion.from_evidence(8, 2, base_rate=0.2)

        assert close(Opinion(8 / 12, 2 / 12, 2 / 12, 0.2), o)

    def test_no_evidence_is_vacuous(self) -> None:
        """
        No evidence gives the vacuous opinion.
        """
        assert Opinion.vacuous() == Opinion.from_evidence(0, 0)

    def test_prior_weight(self) -> None:
        """
        A prior weight of 1 gives u = 1/(1+r+s).
        """
        o = Opinion.from_evidence(1, 2, prior_weight=1)

        assert close((0.25, 0.5, 0.25), o)

    def test_huge_evidence_does_not_overflow(self) -> None:
        """
        Evidence near the float maximum still gives a valid opinion.
        """
        o = Opinion.from_evidence(1e308, 1e308)

        assert close((0.5, 0.5, 0.0), o)

    @pytest.mark.parametrize(
        ("r", "s", "expected"),
        [(math.inf, 3.0, (1.0, 0.0, 0.0)), (3.0, math.inf, (0.0, 1.0, 0.0))],
    )
    def test_infinite_evidence_is_absolute(
        self, r: float, s: float, expected: tuple[float, float, float]
    ) -> None:
        """
        Infinite evidence on one side gives an absolute dogmatic opinion.
        """
        assert Opinion(*expected, 0.3) == Opinion.from_evidence(r, s, base_rate=0.3)

    def test_infinite_evidence_on_both_sides_is_refused(self) -> None:
        """
        Infinite evidence on both sides has no defined ratio.
        """
        with pytest.raises(InvalidValueError) as exc_info:
            Opinion.from_evidence(math.inf, math.inf)

        assert "Opinion.from_evidence" == exc_info.value.path

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"positive": -1.0}, "positive"),
            ({"positive": math.nan}, "positive"),
            ({"negative": -math.inf}, "negative"),
            ({"negative": True}, "negative"),
            ({"negative": "1"}, "negative"),
            ({"prior_weight": 0.0}, "prior_weight"),
            ({"prior_weight": -2.0}, "prior_weight"),
            ({"prior_weight": math.inf}, "prior_weight"),
            ({"prior_weight": math.nan}, "prior_weight"),
        ],
    )
    def test_from_evidence_refuses_invalid(
        self, kwargs: dict[str, object], path: str
    ) -> None:
        """
        Negative or NaN evidence and a non-positive prior weight are refused.
        """
        args: dict[str, object] = {"positive": 1.0, "negative": 1.0, **kwargs}

        with pytest.raises(InvalidValueError) as exc_info:
            Opinion.from_evidence(**args)  # type: ignore[arg-type]  # Wrong on purpose.

        assert f"Opinion.from_evidence.{path}" == exc_info.value.path

    def test_to_evidence(self) -> None:
        """
        (8/12, 2/12, 2/12) is the evidence (8, 2).
        """
        r, s = Opinion(8 / 12, 2 / 12, 2 / 12).to_evidence()

        assert math.isclose(8.0, r)
        assert math.isclose(2.0, s)

    @pytest.mark.parametrize(
        ("o", "expected"),
        [
            (Opinion(1, 0, 0), (math.inf, 0.0)),
            (Opinion(0, 1, 0), (0.0, math.inf)),
            (Opinion(0.5, 0.5, 0), (math.inf, math.inf)),
        ],
    )
    def test_dogmatic_is_infinite_evidence(
        self, o: Opinion, expected: tuple[float, float]
    ) -> None:
        """
        A dogmatic opinion is infinite evidence on each side that has mass.
        """
        assert expected == o.to_evidence()

    def test_to_evidence_refuses_invalid_prior_weight(self) -> None:
        """
        to_evidence refuses a prior weight that is not > 0.
        """
        with pytest.raises(InvalidValueError) as exc_info:
            A.to_evidence(prior_weight=0)

        assert "Opinion.to_evidence.prior_weight" == exc_info.value.path

    @given(non_dogmatic, st.floats(0.01, 100))
    def test_round_trip(self, o: Opinion, w: float) -> None:
        """
        from_evidence(to_evidence(x)) is x for non-dogmatic x.
        """
        r, s = o.to_evidence(prior_weight=w)

        assert close(
            o, Opinion.from_evidence(r, s, base_rate=o.base_rate, prior_weight=w)
        )

    @given(st.sampled_from([0.0, 1.0]), st.floats(0, 1))
    def test_round_trip_absolute(self, p: float, a: float) -> None:
        """
        Absolute opinions survive the round trip through infinite evidence.
        """
        o = Opinion.dogmatic(p, a)

        assert o == Opinion.from_evidence(*o.to_evidence(), base_rate=a)


class TestFromProbability:
    def test_from_probability(self) -> None:
        """
        P = 0.75, u = 0.2, a = 0.5 gives (0.65, 0.15, 0.2): credibility 2.
        """
        o = Opinion.from_probability(0.75, 0.2)

        assert close(CRED_2, o)

    @pytest.mark.parametrize(("probability", "bound"), [(0.97, "0.06"), (0.02, "0.04")])
    def test_infeasible_uncertainty_is_refused(
        self, probability: float, bound: str
    ) -> None:
        """
        "Almost certain with low confidence" exceeds the bound at a = 0.5.
        """
        with pytest.raises(InvalidValueError) as exc_info:
            Opinion.from_probability(probability, 0.3)

        assert "Opinion.from_probability.uncertainty" == exc_info.value.path
        assert f"min(P/a, (1-P)/(1-a)) = {bound}" in exc_info.value.msg

    @pytest.mark.parametrize(
        ("args", "path"),
        [
            ((1.2, 0.1, 0.5), "probability"),
            ((0.5, -0.1, 0.5), "uncertainty"),
            ((0.5, 0.1, math.nan), "base_rate"),
        ],
    )
    def test_refuses_invalid(self, args: tuple[float, float, float], path: str) -> None:
        """
        Arguments outside [0, 1] are refused, naming the argument.
        """
        with pytest.raises(InvalidValueError) as exc_info:
            Opinion.from_probability(*args)

        assert f"Opinion.from_probability.{path}" == exc_info.value.path

    @given(opinions())
    def test_round_trip(self, o: Opinion) -> None:
        """
        An opinion is rebuilt from its probability, uncertainty and base rate.
        """
        rebuilt = Opinion.from_probability(o.probability, o.uncertainty, o.base_rate)

        assert close(o, rebuilt)

    @given(opinions())
    def test_bound_is_feasible(self, o: Opinion) -> None:
        """
        The uncertainty-maximised u is always accepted.
        """
        um = o.uncertainty_maximised()

        assert close(
            um, Opinion.from_probability(o.probability, um.uncertainty, o.base_rate)
        )


class TestUncertaintyMaximised:
    @pytest.mark.parametrize(
        ("o", "expected"),
        [
            (Opinion(0.6, 0.2, 0.2, 0.5), Opinion(0.4, 0.0, 0.6, 0.5)),
            (Opinion(0.2, 0.6, 0.2, 0.5), Opinion(0.0, 0.4, 0.6, 0.5)),
            (Opinion(0.6, 0.2, 0.2, 0.0), Opinion(0.6, 0.0, 0.4, 0.0)),
            (Opinion(0.6, 0.2, 0.2, 1.0), Opinion(0.0, 0.2, 0.8, 1.0)),
            (Opinion.dogmatic(0.3, 0.3), Opinion.vacuous(0.3)),
            (Opinion.vacuous(0.0), Opinion.vacuous(0.0)),
            (Opinion.vacuous(1.0), Opinion.vacuous(1.0)),
        ],
    )
    def test_hand_computed(self, o: Opinion, expected: Opinion) -> None:
        """
        Hand-computed cases, including base rates 0 and 1.
        """
        assert close(expected, o.uncertainty_maximised())

    @given(opinions())
    def test_keeps_probability_and_maximises_uncertainty(self, o: Opinion) -> None:
        """
        The probability and base rate are kept and u cannot grow further.
        """
        um = o.uncertainty_maximised()

        assert math.isclose(o.probability, um.probability, abs_tol=TOL)
        assert o.base_rate == um.base_rate
        assert um.uncertainty >= o.uncertainty - TOL
        # At the maximum one of belief and disbelief is exhausted.
        assert 0.0 == min(um.belief, um.disbelief)


class TestDiscount:
    def test_combined_grade(self) -> None:
        """
        B ⊗ 2 = (0.52, 0.12, 0.36) with P = 0.70 [J16 ch. 14].
        """
        o = discount(B, CRED_2)

        assert close(Opinion(0.52, 0.12, 0.36, 0.5), o)
        assert math.isclose(0.70, o.probability)

    def test_classic_combined_grade(self) -> None:
        """
        The classic operator gives (0.4875, 0.1125, 0.40) with P = 0.6875.
        """
        o = discount_classic(B, CRED_2)

        assert close(Opinion(0.4875, 0.1125, 0.40, 0.5), o)
        assert math.isclose(0.6875, o.probability)

    def test_keeps_the_opinions_base_rate(self) -> None:
        """
        The result has the discounted opinion's base rate, not the trust's.
        """
        trust = Opinion(0.5, 0.2, 0.3, 0.9)

        assert 0.7 == discount(trust, C).base_rate
        assert 0.7 == discount_classic(trust, C).base_rate

    def test_vacuous_trust_passes_base_rate_share(self) -> None:
        """
        Vacuous trust with a_T = 0.25 discounts by 0.25; classically, to vacuous.
        """
        trust = Opinion.vacuous(0.25)

        assert close((0.15, 0.05, 0.8), discount(trust, A))
        assert Opinion.vacuous(0.3) == discount_classic(trust, A)

    @given(st.floats(0, 1), opinions())
    def test_dogmatic_trust_operators_coincide(self, t: float, o: Opinion) -> None:
        """
        With dogmatic trust the 2016 and classic operators agree.
        """
        trust = Opinion.dogmatic(t)

        assert close(discount(trust, o), discount_classic(trust, o))

    @given(opinions(), opinions())
    def test_valid(self, trust: Opinion, o: Opinion) -> None:
        """
        Every discounting of valid opinions is valid.
        """
        assert valid(discount(trust, o))
        assert valid(discount_classic(trust, o))

    @given(opinions())
    def test_full_trust_is_identity(self, o: Opinion) -> None:
        """
        Full trust leaves the opinion unchanged.
        """
        assert close(o, discount(Opinion.dogmatic(1.0), o))
        assert close(o, discount_classic(Opinion.dogmatic(1.0), o))

    @given(opinions(), st.floats(0, 1))
    def test_zero_trust_is_vacuous(self, o: Opinion, a: float) -> None:
        """
        Zero trust gives the vacuous opinion with the opinion's base rate.
        """
        assert Opinion.vacuous(o.base_rate) == discount(Opinion.dogmatic(0.0, a), o)

    @given(opinions(), st.floats(0, 1))
    def test_vacuous_opinion_stays_vacuous(self, trust: Opinion, a: float) -> None:
        """
        Discounting a vacuous opinion gives it back.
        """
        assert Opinion.vacuous(a) == discount(trust, Opinion.vacuous(a))
        assert Opinion.vacuous(a) == discount_classic(trust, Opinion.vacuous(a))

    @given(opinions(), opinions(), opinions())
    def test_chain_is_the_right_fold(
        self, t1: Opinion, t2: Opinion, x: Opinion
    ) -> None:
        """
        discount_by(P1·P2, x) equals discount(t1, discount(t2, x)).
        """
        expected = discount(t1, discount(t2, x))

        assert close(expected, discount_by(t1.probability * t2.probability, x))

    def test_left_fold_differs(self) -> None:
        """
        The 2016 operator is not associative over trust opinions.
        """
        left = discount(discount(B, B), CRED_2)
        right = discount(B, discount(B, CRED_2))

        assert not close(right, left)

    @given(opinions(), opinions(), opinions())
    def test_classic_is_associative(self, t1: Opinion, t2: Opinion, x: Opinion) -> None:
        """
        The uncertainty-favouring operator is associative over trust opinions.
        """
        left = discount_classic(discount_classic(t1, t2), x)
        right = discount_classic(t1, discount_classic(t2, x))

        assert close(right, left)

    @pytest.mark.parametrize("p", [-0.01, 1.01, math.nan, "0.5"])
    def test_discount_by_refuses_invalid(self, p: object) -> None:
        """
        discount_by refuses a probability outside [0, 1].
        """
        with pytest.raises(InvalidValueError) as exc_info:
            discount_by(p, A)  # type: ignore[arg-type]  # Deliberately wrong.

        assert "discount_by.probability" == exc_info.value.path


class TestCumulativeFuse:
    def test_two_combined_grades(self) -> None:
        """
        Two independent B2 reports fuse to (0.634, 0.146, 0.220).
        """
        b2 = discount(B, CRED_2)

        o = cumulative_fuse(b2, b2)

        assert close((26 / 41, 6 / 41, 9 / 41), o)
        assert (0.634, 0.146, 0.220) == tuple(round(x, 3) for x in attrs.astuple(o)[:3])

    def test_hand_computed(self) -> None:
        """
        The pairwise formulas [J16 §12.3] give (7/13, 4/13, 2/13, 9/22).
        """
        assert close(Opinion(7 / 13, 4 / 13, 2 / 13, 9 / 22), cumulative_fuse(A, C))

    def test_three_dogmatic_nary(self) -> None:
        """
        (1,0,0), (0,1,0), (0,1,0) give b = 1/3 (a pairwise fold would give 1/4).
        """
        o = cumulative_fuse(Opinion(1, 0, 0), Opinion(0, 1, 0), Opinion(0, 1, 0))

        assert close((1 / 3, 2 / 3, 0.0), o)

    def test_dogmatic_wins_with_its_base_rate(self) -> None:
        """
        A dogmatic argument wins over a non-dogmatic one, base rate included.
        """
        dogma = Opinion.dogmatic(0.9, base_rate=0.1)

        assert dogma == cumulative_fuse(A, dogma)

    def test_dogmatic_base_rates_are_averaged(self) -> None:
        """
        Several dogmatic arguments give the mean of their b, d and a.
        """
        o = cumulative_fuse(
            Opinion.dogmatic(1.0, 0.2), A, Opinion.dogmatic(0.5, 0.6), C
        )

        assert close(Opinion(0.75, 0.25, 0.0, 0.4), o)

    def test_all_vacuous(self) -> None:
        """
        Vacuous opinions fuse to the vacuous opinion with the mean base rate.
        """
        o = cumulative_fuse(Opinion.vacuous(0.2), Opinion.vacuous(0.6))

        assert close(Opinion.vacuous(0.4), o)

    def test_near_dogmatic(self) -> None:
        """
        Tiny uncertainties neither overflow nor lose the evidence ratio.
        """
        o = cumulative_fuse(Opinion(0.5, 0.5, 5e-324), Opinion(1e-300, 1.0, 1e-300))

        assert close((0.5, 0.5, 0.0), o)
        assert not o.is_dogmatic

    @given(st.lists(non_dogmatic, min_size=2, max_size=6))
    def test_evidence_adds_up(self, xs: list[Opinion]) -> None:
        """
        CBF adds the Beta evidence of non-dogmatic arguments.
        """
        expected = Opinion.from_evidence(
            math.fsum(o.to_evidence()[0] for o in xs),
            math.fsum(o.to_evidence()[1] for o in xs),
        )

        assert close(attrs.astuple(expected)[:3], cumulative_fuse(*xs))

    @given(opinions(), opinions())
    def test_commutative(self, x: Opinion, y: Opinion) -> None:
        """
        CBF is commutative.
        """
        assert close(cumulative_fuse(x, y), cumulative_fuse(y, x))

    @given(non_dogmatic, non_dogmatic, non_dogmatic)
    def test_associative(self, x: Opinion, y: Opinion, z: Opinion) -> None:
        """
        CBF is associative for non-dogmatic arguments, base rate included.
        """
        left = cumulative_fuse(cumulative_fuse(x, y), z)
        right = cumulative_fuse(x, cumulative_fuse(y, z))
        nary = cumulative_fuse(x, y, z)

        if x.is_vacuous and y.is_vacuous and z.is_vacuous:
            # The mean base rate of vacuous opinions is a convention that
            # does not nest: only the masses are associative then.
            assert close(attrs.astuple(right)[:3], left)
            assert close(attrs.astuple(right)[:3], nary)
        else:
            assert close(right, left)
            assert close(right, nary)

    @given(non_vacuous, st.floats(0, 1))
    def test_vacuous_is_neutral(self, x: Opinion, a: float) -> None:
        """
        Fusing with a vacuous opinion gives the other back, base rate included.
        """
        assert close(x, cumulative_fuse(x, Opinion.vacuous(a)))
        assert close(x, cumulative_fuse(Opinion.vacuous(a), x))


class TestAveragingFuse:
    def test_hand_computed(self) -> None:
        """
        The pairwise formulas [J16 §12.4] give (7/15, 4/15, 4/15, 0.5).
        """
        assert close(Opinion(7 / 15, 4 / 15, 4 / 15, 0.5), averaging_fuse(A, C))

    def test_vacuous_dilutes(self) -> None:
        """
        A vacuous argument maps (b, d, u) to (b/(1+u), d/(1+u), 2u/(1+u)).
        """
        o = averaging_fuse(A, Opinion.vacuous(0.5))

        assert close(Opinion(0.6 / 1.2, 0.2 / 1.2, 0.4 / 1.2, 0.4), o)

    def test_dogmatic(self) -> None:
        """
        Dogmatic arguments give the mean of their b and d, and the mean base rate.
        """
        o = averaging_fuse(Opinion.dogmatic(1.0, 0.2), A, Opinion.dogmatic(0.5, 0.4))

        assert close(Opinion(0.75, 0.25, 0.0, 0.3), o)

    @given(opinions(), opinions())
    def test_commutative(self, x: Opinion, y: Opinion) -> None:
        """
        ABF is commutative.
        """
        assert close(averaging_fuse(x, y), averaging_fuse(y, x))

    @given(opinions(), st.integers(2, 6))
    def test_idempotent(self, x: Opinion, n: int) -> None:
        """
        Averaging an opinion with itself gives it back.
        """
        assert close(x, averaging_fuse(*[x] * n))


class TestStrongestFuse:
    @given(opinions(), opinions())
    def test_weaker_contrary_moves_little(self, x: Opinion, y: Opinion) -> None:
        """
        A contrary opinion (on the same claim, so of the same base rate) no
        more confident than the other side's moves the
        result by at most its confidence (1 - u): a self-serving
        denial of weight 0.01 beside an admission of 0.6 moves it by
        0.01 at most, never by a fixed share of the admission (averaging
        took b to b / (1 + u) whatever the denial's weight).
        """
        if x.belief < x.disbelief:
            x = Opinion(x.disbelief, x.belief, x.uncertainty, x.base_rate)
        # The other side, of the same base rate (lines on one claim share it).
        y = Opinion(
            min(y.belief, y.disbelief),
            max(y.belief, y.disbelief),
            y.uncertainty,
            x.base_rate,
        )
        assume(x.belief > x.disbelief and y.belief < y.disbelief)
        for strong, weak in ((x, y), (y, x)):
            if weak.uncertainty >= strong.uncertainty:
                moved = abs(
                    strongest_fuse(strong, weak).probability - strong.probability
                )

                assert moved <= (1.0 - weak.uncertainty) + 1e-9

    @given(opinions())
    def test_vacuous_contrary_is_neutral(self, x: Opinion) -> None:
        """
        As the contrary side's opinion tends to the vacuous one, the result
        tends to the other side's: no jump at the end.
        """
        assume(x.belief != x.disbelief and x.uncertainty > 0.0)
        faint = (
            Opinion(0.0, 1e-9, 1.0 - 1e-9, x.base_rate)
            if x.belief > x.disbelief
            else Opinion(1e-9, 0.0, 1.0 - 1e-9, x.base_rate)
        )

        assert close(x, strongest_fuse(x, faint))


class TestWeightedFuse:
    def test_hand_computed(self) -> None:
        """
        The pairwise formulas [J16 §12.5] give (27/55, 14/55, 14/55, 33/70).
        """
        assert close(Opinion(27 / 55, 14 / 55, 14 / 55, 33 / 70), weighted_fuse(A, C))

    def test_all_vacuous(self) -> None:
        """
        Vacuous opinions fuse to the vacuous opinion with the mean base rate.
        """
        o = weighted_fuse(Opinion.vacuous(0.2), Opinion.vacuous(0.6))

        assert close(Opinion.vacuous(0.4), o)

    def test_dogmatic(self) -> None:
        """
        Dogmatic arguments give the mean of their b and d; a is confidence-weighted.
        """
        o = weighted_fuse(Opinion.dogmatic(1.0, 0.2), A, Opinion.dogmatic(0.5, 0.4))

        # Confidences 1, 0.8, 1: a = (0.2 + 0.24 + 0.4)/2.8.
        assert close(Opinion(0.75, 0.25, 0.0, 0.84 / 2.8), o)

    @given(opinions(), opinions())
    def test_commutative(self, x: Opinion, y: Opinion) -> None:
        """
        WBF is commutative.
        """
        assert close(weighted_fuse(x, y), weighted_fuse(y, x))

    @given(opinions(), st.integers(2, 6))
    def test_idempotent(self, x: Opinion, n: int) -> None:
        """
        Weighted fusion of an opinion with itself gives it back.
        """
        assert close(x, weighted_fuse(*[x] * n))

    @given(opinions(), st.floats(0, 1))
    def test_vacuous_is_neutral(self, x: Opinion, a: float) -> None:
        """
        Fusing with a vacuous opinion gives the other back.
        """
        expected = x if not x.is_vacuous else Opinion.vacuous((x.base_rate + a) / 2)

        assert close(expected, weighted_fuse(x, Opinion.vacuous(a)))


class TestFusers:
    @pytest.mark.parametrize("fuse", FUSERS)
    def test_no_arguments(self, fuse: object) -> None:
        """
        Fusing nothing is refused with the path "opinions".
        """
        with pytest.raises(InvalidValueError) as exc_info:
            fuse()  # type: ignore[operator]  # The fusers share one signature.

        assert "opinions" == exc_info.value.path

    @pytest.mark.parametrize("fuse", FUSERS)
    def test_single_argument(self, fuse: object) -> None:
        """
        Fusing one opinion returns it.
        """
        assert A is fuse(A)  # type: ignore[operator]  # As above.

    @given(st.lists(mixed, min_size=1, max_size=6))
    def test_valid_for_any_arguments(self, xs: list[Opinion]) -> None:
        """
        Every fuser returns a valid opinion for any mix of arguments.
        """
        for fuse in FUSERS:
            assert valid(fuse(*xs))

    @given(st.lists(mixed, min_size=2, max_size=6), st.randoms())
    def test_order_does_not_matter(self, xs: list[Opinion], rnd: object) -> None:
        """
        The n-ary fusers are symmetric in their arguments.
        """
        shuffled = list(xs)
        rnd.shuffle(shuffled)  # type: ignore[attr-defined]  # A random.Random.

        for fuse in FUSERS:
            assert close(fuse(*xs), fuse(*shuffled))


class TestFusion:
    @pytest.mark.parametrize(
        ("fusion", "operator"),
        [
            (Fusion.CUMULATIVE, cumulative_fuse),
            (Fusion.AVERAGING, averaging_fuse),
            (Fusion.WEIGHTED, weighted_fuse),
            (Fusion.STRONGEST, strongest_fuse),
        ],
    )
    def test_member_carries_its_operator(
        self, fusion: Fusion, operator: object
    ) -> None:
        """
        Each member fuses with its own operator and is found by its name.
        """
        x, y = Opinion(0.5, 0.2, 0.3), Opinion(0.1, 0.6, 0.3)

        assert operator is fusion.operator
        # mypy takes the member-building __new__ for the lookup's signature.
        assert fusion is Fusion(fusion.value)  # type: ignore[call-arg]
        assert fusion.operator(x, y) == fusion.fuse(x, y)
        assert fusion is pickle.loads(pickle.dumps(fusion))  # noqa: S301


class TestDiscounting:
    @given(opinions(), opinions(), opinions(), st.floats(0, 1))
    def test_probability_sensitive_is_by_product(
        self, t1: Opinion, t2: Opinion, x: Opinion, factor: float
    ) -> None:
        """
        The 2016 operator discounts by the product of the chain's
        probabilities and the factor.
        """
        got = Discounting.PROBABILITY_SENSITIVE.discount([t1, t2], factor, x)

        assert Discounting.PROBABILITY_SENSITIVE.by_product
        assert discount_by(factor * (t1.probability * t2.probability), x) == got

    @given(opinions(), opinions(), opinions())
    def test_uncertainty_favouring_folds(
        self, t1: Opinion, t2: Opinion, x: Opinion
    ) -> None:
        """
        The 2001 operator folds the chain from the analyst outwards.
        """
        got = Discounting.UNCERTAINTY_FAVOURING.discount([t1, t2], 1.0, x)

        assert not Discounting.UNCERTAINTY_FAVOURING.by_product
        assert discount_classic(t1, discount_classic(t2, x)) == got


class TestConsensusCompromiseFuse:
    def test_hand_computed(self) -> None:
        """
        The formulas of [J16 §12.6] give b = 0.2 + (13/7)·0.16, d = 0.2 + (13/7)·0.04.
        """
        b, d = 0.2 + 13 / 7 * 0.16, 0.2 + 13 / 7 * 0.04

        assert close(Opinion(b, d, 1 - b - d, 0.5), consensus_compromise_fuse(A, C))

    def test_total_conflict_is_vacuous(self) -> None:
        """
        Opposite absolute opinions fuse to the vacuous opinion.
        """
        o = consensus_compromise_fuse(Opinion(1, 0, 0), Opinion(0, 1, 0))

        assert Opinion.vacuous() == o

    def test_discontinuous_at_identical_beliefs(self) -> None:
        """
        Near-identical opinions fuse to (0.71, 0.2, 0.09), identical ones to themselves.
        """
        x = Opinion(0.5, 0.2, 0.3)

        near = consensus_compromise_fuse(Opinion(0.5 + 1e-12, 0.2, 0.3 - 1e-12), x)

        assert close((0.71, 0.2, 0.09), near)
        assert x == consensus_compromise_fuse(x, x)

    @given(opinions(), opinions())
    def test_valid_and_commutative(self, x: Opinion, y: Opinion) -> None:
        """
        CCF returns a valid opinion and is commutative.
        """
        o = consensus_compromise_fuse(x, y)

        assert valid(o)
        assert close(o, consensus_compromise_fuse(y, x))

    @given(opinions())
    def test_idempotent(self, x: Opinion) -> None:
        """
        CCF of an opinion with itself gives it back.
        """
        assert close(x, consensus_compromise_fuse(x, x))

    @given(opinions())
    def test_vacuous_is_neutral_for_masses(self, x: Opinion) -> None:
        """
        With a vacuous opinion b, d and u are the other's; a is the mean.
        """
        o = consensus_compromise_fuse(x, Opinion.vacuous(0.5))

        assert close(attrs.astuple(x)[:3], o)
        assert math.isclose((x.base_rate + 0.5) / 2, o.base_rate)


class TestConflict:
    def test_hand_computed(self) -> None:
        """
        DC = |0.66 - 0.48|·0.8·0.6 = 0.0864.
        """
        assert math.isclose(0.0864, conflict(A, C))

    def test_opposite_absolutes(self) -> None:
        """
        Opposite absolute opinions conflict totally.
        """
        assert 1.0 == conflict(Opinion(1, 0, 0), Opinion(0, 1, 0))

    @given(opinions(), st.floats(0, 1))
    def test_vacuous_conflicts_with_nothing(self, x: Opinion, a: float) -> None:
        """
        A vacuous opinion conflicts with nothing.
        """
        assert 0.0 == conflict(x, Opinion.vacuous(a))

    @given(opinions(), opinions())
    def test_symmetric_and_bounded(self, x: Opinion, y: Opinion) -> None:
        """
        Conflict is symmetric and in [0, 1].
        """
        dc = conflict(x, y)

        assert dc == conflict(y, x)
        assert 0.0 <= dc <= 1.0


class TestMake:
    def test_clamps_and_renormalises(self) -> None:
        """
        Overshoot is clamped to [0, 1] and the masses rescaled to sum to 1.
        """
        o = _make(1.0000000000000002, -1e-17, 1e-3, 1.0000000000000002)

        assert close((1 / 1.001, 0.0, 1e-3 / 1.001), o)
        assert 1.0 == o.base_rate

    def test_nothing_is_refused(self) -> None:
        """
        Three zero masses cannot be renormalised and are refused, not divided by.
        """
        with pytest.raises(InvalidValueError):
            _make(0.0, 0.0, 0.0, 0.5)


class TestOpinionsStrategy:
    def test_shrinks_to_vacuous_with_base_rate_zero(self) -> None:
        """
        opinions() shrinks to Opinion(0.0, 0.0, 1.0, 0.0), as documented.
        """
        assert Opinion(0.0, 0.0, 1.0, 0.0) == find(opinions(), lambda _: True)

    @given(opinions(base_rates=st.just(0.25)))
    def test_base_rates(self, o: Opinion) -> None:
        """
        base_rates draws the base rate.
        """
        assert 0.25 == o.base_rate

    @given(opinions())
    def test_valid(self, o: Opinion) -> None:
        """
        Every drawn opinion is valid.
        """
        assert valid(o)

    def test_from_type(self) -> None:
        """
        The Hypothesis entry point makes st.from_type(Opinion) use opinions().
        """
        from provenance._hypothesis_plugin import _hypothesis_setup_hook

        _hypothesis_setup_hook()

        assert Opinion(0.0, 0.0, 1.0, 0.0) == find(
            st.from_type(Opinion), lambda _: True
        )


class TestSide:
    @given(opinions())
    def test_complement_leans_the_other_way(self, opinion: Opinion) -> None:
        """
        The complement (belief and disbelief swapped) leans the other way.
        """
        assert opinion.complement().side == -opinion.side

    @pytest.mark.parametrize(
        ("belief", "disbelief", "side"),
        [
            (0.5, 0.2, 1),
            (0.2, 0.5, -1),
            (0.3, 0.3, 0),
            # A dead-even contradiction as fused in floats.
            (0.3749999999999999, 0.3750000000000001, 0),
            (0.375, 0.375 + 1e-9, -1),
        ],
    )
    def test_even_to_within_rounding(
        self, belief: float, disbelief: float, side: int
    ) -> None:
        opinion = Opinion(
            belief=belief, disbelief=disbelief, uncertainty=1.0 - belief - disbelief
        )
        assert opinion.side == side

    @given(opinions())
    def test_verdict_side_is_the_side_at_even_odds(self, opinion: Opinion) -> None:
        """
        At base rate 1/2 the verdict's side (of the probability) is the side
        of the evidence; at any base rate it is where the probability falls.
        """
        even = attrs.evolve(opinion, base_rate=0.5)
        assert (
            even.verdict_side == even.side or abs(even.belief - even.disbelief) < 1e-9
        )
        p = opinion.probability
        assert opinion.verdict_side == (p > 0.5 + 1e-12) - (p < 0.5 - 1e-12)

    def test_verdict_side_follows_the_prior(self) -> None:
        """
        A hypothesis its rivals' denials made likely leans against its own
        evidence.
        """
        opinion = Opinion(0.0, 0.1, 0.9, 0.75)
        assert (opinion.side, opinion.verdict_side) == (-1, 1)
